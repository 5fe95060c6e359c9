package main

import (
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The benchmarks the benchmark gate runs. Their cost grows by HELLO_SLOWDOWN_PCT percent (or
// the build-time main.slowdownPct; see README.md).

const hashBufSize = 64 << 10

func checkSlowdown(b *testing.B) {
	if slowdownErr != nil {
		b.Fatal(slowdownErr)
	}
}

var sinkSum [sha256.Size]byte

// BenchmarkHash: sha256 over a 64 KiB buffer (CPU-bound). SetBytes counts the base 64 KiB
// only, so MB/s falls as the slowdown rises.
func BenchmarkHash(b *testing.B) {
	checkSlowdown(b)
	buf := makePayload(hashBufSize)
	b.SetBytes(int64(len(buf)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkSum = hashWork(buf)
	}
}

var sinkInt int

// BenchmarkBuildMaps: 100 small maps of 8 entries per op (allocation-heavy).
func BenchmarkBuildMaps(b *testing.B) {
	checkSlowdown(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkInt += buildMaps(100)
	}
}

// BenchmarkHealthz: one GET /healthz through the handler with an httptest recorder.
func BenchmarkHealthz(b *testing.B) {
	checkSlowdown(b)
	h := newHandler()
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

func withSlowdown(t *testing.T, pct int) {
	old := slowdown
	slowdown = pct
	t.Cleanup(func() { slowdown = old })
}

func TestExtra(t *testing.T) {
	tests := []struct{ n, pct, want int }{
		{65536, 0, 0}, {65536, 5, 3277}, {65536, 100, 65536}, {65536, 250, 163840},
		{100, 5, 5}, {100, 1, 1}, {20, 5, 1}, {20, 2, 0},
	}
	for _, tt := range tests {
		if got := extra(tt.n, tt.pct); got != tt.want {
			t.Errorf("extra(%d, %d) = %d, want %d", tt.n, tt.pct, got, tt.want)
		}
	}
}

// hashWork with a slowdown hashes exactly buf followed by the extra prefix.
func TestHashWorkSlowdown(t *testing.T) {
	buf := makePayload(1000)
	for _, pct := range []int{0, 5, 100, 250} {
		withSlowdown(t, pct)
		var want []byte
		want = append(want, buf...)
		for more := extra(len(buf), pct); more > 0; {
			k := more
			if k > len(buf) {
				k = len(buf)
			}
			want = append(want, buf[:k]...)
			more -= k
		}
		if got := hashWork(buf); got != sha256.Sum256(want) {
			t.Errorf("pct %d: hash of %d bytes differs", pct, len(want))
		}
	}
}

// buildMaps with a slowdown builds exactly pct% more maps (100 base maps).
func TestBuildMapsSlowdown(t *testing.T) {
	withSlowdown(t, 0)
	base := buildMaps(100)
	withSlowdown(t, 5)
	slower := buildMaps(100)
	// Map i contributes 8 + (i+5) to the checksum.
	sum := func(n int) int { return n*8 + n*(n-1)/2 + 5*n }
	if base != sum(100) || slower != sum(105) {
		t.Errorf("buildMaps(100) = %d at 0%%, %d at 5%%; want %d and %d", base, slower, sum(100), sum(105))
	}
}

func TestBuildMapsAllocates(t *testing.T) {
	withSlowdown(t, 0)
	allocs := testing.AllocsPerRun(10, func() { sinkInt += buildMaps(100) })
	if allocs < 100 {
		t.Errorf("buildMaps(100) made %v allocations; the maps should be on the heap", allocs)
	}
}
