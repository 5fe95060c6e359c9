package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain lets the process tests run this test binary as the program itself.
func TestMain(m *testing.M) {
	if os.Getenv("HELLO_TEST_RUN_MAIN") == "1" {
		os.Exit(realMain(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testConfig() config {
	return config{Addr: "127.0.0.1:0", ShutdownTimeout: 5 * time.Second}
}

type serveResult struct {
	code int
	log  *syncBuffer
}

// startServe runs serve in the background and returns the bound address (empty if serve
// returned before listening) and a channel with its result.
func startServe(t *testing.T, ctx context.Context, cfg config) (string, <-chan serveResult) {
	t.Helper()
	buf := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan serveResult, 1)
	go func() {
		code := serve(ctx, cfg, log.New(buf, "", 0), func(a net.Addr) { ready <- a.String() })
		done <- serveResult{code, buf}
		close(ready)
	}()
	select {
	case addr := <-ready:
		return addr, done
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not listen within 10 s")
	}
	return "", nil
}

func TestServeAndGracefulStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServe(t, ctx, testConfig())
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"status":"ok"`) {
		t.Fatalf("GET /healthz: %d %q", resp.StatusCode, body)
	}
	cancel()
	r := <-done
	if r.code != exitOK {
		t.Errorf("exit code %d\n%s", r.code, r.log)
	}
	for _, want := range []string{"listening on http://" + addr, "stop requested", "stopped gracefully"} {
		if !strings.Contains(r.log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, r.log)
		}
	}
}

func TestServeFailAtStart(t *testing.T) {
	cfg := testConfig()
	cfg.FailAtStart = true
	addr, done := startServe(t, context.Background(), cfg)
	if addr != "" {
		t.Fatalf("listened on %s", addr)
	}
	r := <-done
	if r.code != exitFailAtStart || !strings.Contains(r.log.String(), "ERROR: fail-at-start") {
		t.Errorf("exit code %d, log:\n%s", r.code, r.log)
	}
}

func TestServeStartupDelay(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig()
	cfg.StartupDelay = 150 * time.Millisecond
	start := time.Now()
	addr, done := startServe(t, ctx, cfg)
	if took := time.Since(start); addr == "" || took < cfg.StartupDelay {
		t.Errorf("listened on %q after %v, want after at least %v", addr, took, cfg.StartupDelay)
	}
	cancel()
	<-done
}

func TestServeStopDuringStartupDelay(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	cfg := testConfig()
	cfg.StartupDelay = time.Hour
	addr, done := startServe(t, ctx, cfg)
	if r := <-done; addr != "" || r.code != exitOK {
		t.Errorf("addr %q, exit code %d", addr, r.code)
	}
}

func TestServeListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := testConfig()
	cfg.Addr = ln.Addr().String()
	addr, done := startServe(t, context.Background(), cfg)
	if r := <-done; addr != "" || r.code != exitRuntime || !strings.Contains(r.log.String(), "ERROR: listen") {
		t.Errorf("addr %q, exit code %d, log:\n%s", addr, r.code, r.log)
	}
}

func TestLogFileAppends(t *testing.T) {
	path := t.TempDir() + "/hello.log"
	if err := os.WriteFile(path, []byte("earlier line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var console bytes.Buffer
	logger, closeLog, err := openLogger(path, &console)
	if err != nil {
		t.Fatal(err)
	}
	logger.Printf("new line")
	closeLog()
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "earlier line\n") || !strings.Contains(string(data), "] new line\n") {
		t.Errorf("log file:\n%s", data)
	}
	if !strings.Contains(console.String(), "] new line\n") {
		t.Errorf("console: %q", console.String())
	}
}
