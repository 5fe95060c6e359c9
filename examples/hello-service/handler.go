package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
)

func newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", handleHealthz)
	mux.HandleFunc("/", handleRoot)
	return mux
}

type healthBody struct {
	Status  string `json:"status"`
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

// handleHealthz answers {"status":"ok","version":"...","commit":"..."}. It first runs a small
// self-check through the tunable work functions (see work.go), so that BenchmarkHealthz and a
// load test see a slowed-down build; the result goes to the X-Hello-Selfcheck header.
func handleHealthz(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	check := selfCheck()
	body, err := json.Marshal(healthBody{Status: "ok", Version: version, Commit: commit})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Hello-Selfcheck", check)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(body, '\n'))
}

func handleRoot(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	if !allowGet(w, r) {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "hello from hello-service %s\n", version)
}

func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

// Work done by every /healthz request: hashing an 8 KiB payload and building 20 small maps.
const (
	selfCheckPayload = 8 << 10
	selfCheckMaps    = 20
)

var selfCheckBuf = makePayload(selfCheckPayload)

func selfCheck() string {
	sum := hashWork(selfCheckBuf)
	n := buildMaps(selfCheckMaps)
	sum[0] ^= byte(n)
	return hex.EncodeToString(sum[:8])
}
