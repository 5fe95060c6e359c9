package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strconv"
)

// The deliberately tunable work behind the benchmarks (work_test.go) and the /healthz handler.
//
// The slowdown adds extra work equal to a given percentage of the base work, so that a build
// with a 5% slowdown really does about 5% more work:
//   - hashWork(buf) hashes buf, then an extra pct% of len(buf) bytes, in the same sha256 stream
//     (one Sum either way, so the cost is proportional to the bytes written);
//   - buildMaps(n) builds n maps, then pct% of n more (rounded to the nearest map; exact when n
//     is a multiple of 100, as in BenchmarkBuildMaps).
//
// It is set by HELLO_SLOWDOWN_PCT (read once, at init) or, for a build that is slower without
// any environment, at link time: go build -ldflags "-X main.slowdownPct=5". The environment
// variable, when set and not empty, wins over the build-time value.

// slowdownPct is the build-time slowdown in percent, set with -ldflags "-X main.slowdownPct=N".
var slowdownPct = ""

const maxSlowdownPct = 10000

var (
	slowdown    int   // the slowdown in use, in percent
	slowdownErr error // an invalid HELLO_SLOWDOWN_PCT or main.slowdownPct
)

func init() {
	slowdown, slowdownErr = resolveSlowdown(slowdownPct, os.Getenv("HELLO_SLOWDOWN_PCT"))
}

func slowdownPercent() int { return slowdown }

func resolveSlowdown(buildValue, envValue string) (int, error) {
	name, v := "HELLO_SLOWDOWN_PCT", envValue
	if v == "" {
		name, v = "main.slowdownPct", buildValue
	}
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxSlowdownPct {
		return 0, fmt.Errorf("%s=%q: want a whole percentage from 0 to %d", name, v, maxSlowdownPct)
	}
	return n, nil
}

// extra returns pct% of n, rounded to the nearest whole number.
func extra(n, pct int) int {
	return (n*pct + 50) / 100
}

func makePayload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + 7)
	}
	return b
}

// hashWork returns the sha256 of buf followed by slowdown% of len(buf) more bytes of buf
// (repeating buf when the slowdown is over 100%).
func hashWork(buf []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(buf)
	if len(buf) > 0 {
		for more := extra(len(buf), slowdown); more > 0; {
			k := more
			if k > len(buf) {
				k = len(buf)
			}
			h.Write(buf[:k])
			more -= k
		}
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

var mapKeys = [8]string{"status", "version", "commit", "date", "addr", "pid", "region", "zone"}

// mapSink keeps the maps built by buildMaps on the heap, as real request-scoped maps would be.
var mapSink map[string]int

// buildMaps builds n small maps of 8 entries each, plus slowdown% of n more, and returns a
// checksum of their contents.
func buildMaps(n int) int {
	total := n + extra(n, slowdown)
	sum := 0
	for i := 0; i < total; i++ {
		m := make(map[string]int, len(mapKeys))
		for j, k := range mapKeys {
			m[k] = i + j
		}
		sum += len(m) + m["pid"]
		mapSink = m
	}
	return sum
}
