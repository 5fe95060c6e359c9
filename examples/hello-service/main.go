// Command hello-service is the small HTTP service the winship actions are exercised on: it is
// built for several platforms, deployed as a Windows service, health-checked and benchmarked.
//
// It uses the standard library only. See README.md for flags, environment variables and the
// test hooks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

// Exit codes. In service mode a non-zero code is reported to the service control manager as
// ERROR_SERVICE_SPECIFIC_ERROR (1066) with this code as the service-specific exit code.
const (
	exitOK          = 0
	exitRuntime     = 1 // listen failed, the server failed, or graceful shutdown timed out
	exitUsage       = 2 // bad flags or environment, or -service where it is not supported
	exitFailAtStart = 3 // HELLO_FAIL_AT_START / -fail-at-start: a simulated broken release
)

const (
	defaultAddr            = "127.0.0.1:8080"
	defaultShutdownTimeout = 10 * time.Second
)

func main() {
	os.Exit(realMain(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func versionString() string {
	return fmt.Sprintf("hello-service %s (%s, %s)", version, commit, date)
}

// realMain runs the program and returns its exit code.
func realMain(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "hello-service: %v\n", err)
		return exitUsage
	}
	if cfg.ShowVersion {
		fmt.Fprintln(stdout, versionString())
		return exitOK
	}
	if slowdownErr != nil {
		fmt.Fprintf(stderr, "hello-service: %v\n", slowdownErr)
		return exitUsage
	}
	if cfg.Service && !serviceSupported {
		fmt.Fprintln(stderr, "hello-service: -service is only supported on Windows (it runs the program under the Windows service control manager)")
		return exitUsage
	}

	// A Windows service has no console: in service mode log lines go to the -log file only.
	var console io.Writer = stderr
	if cfg.Service {
		console = nil
	}
	logger, closeLog, err := openLogger(cfg.LogPath, console)
	if err != nil {
		fmt.Fprintf(stderr, "hello-service: %v\n", err)
		return exitRuntime
	}
	defer closeLog()

	if cfg.Service {
		return runService(cfg, logger, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, cfg, logger, nil)
}

// serve runs the HTTP server until ctx is done, then shuts it down gracefully. ready, if not
// nil, is called once the listener is bound. It returns the exit code.
func serve(ctx context.Context, cfg config, logger *log.Logger, ready func(net.Addr)) int {
	logger.Printf("%s starting (pid %d)", versionString(), os.Getpid())
	if pct := slowdownPercent(); pct != 0 {
		logger.Printf("slowdown: %d%% extra work in the hash and map functions", pct)
	}
	if cfg.FailAtStart {
		logger.Printf("ERROR: fail-at-start requested (HELLO_FAIL_AT_START or -fail-at-start): simulating a broken release, exiting with code %d", exitFailAtStart)
		return exitFailAtStart
	}
	if cfg.StartupDelay > 0 {
		logger.Printf("startup delay: waiting %v before listening", cfg.StartupDelay)
		t := time.NewTimer(cfg.StartupDelay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			logger.Printf("stop requested during the startup delay; exiting")
			return exitOK
		}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		logger.Printf("ERROR: listen on %s: %v", cfg.Addr, err)
		return exitRuntime
	}
	srv := &http.Server{
		Handler:           newHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	logger.Printf("listening on http://%s", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr())
	}

	select {
	case err := <-served:
		logger.Printf("ERROR: server stopped: %v", err)
		return exitRuntime
	case <-ctx.Done():
	}
	logger.Printf("stop requested: shutting down gracefully (timeout %v)", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Printf("ERROR: graceful shutdown did not finish: %v; closing remaining connections", err)
		srv.Close()
		return exitRuntime
	}
	logger.Printf("stopped gracefully")
	return exitOK
}

// openLogger returns a logger writing to console (if not nil) and, if path is not empty, appending
// to the file at path.
func openLogger(path string, console io.Writer) (*log.Logger, func(), error) {
	var w teeWriter
	if console != nil {
		w = append(w, console)
	}
	closeFn := func() {}
	if path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("open log file: %w", err)
		}
		w = append(w, f)
		closeFn = func() { f.Close() }
	}
	prefix := "hello-service[" + strconv.Itoa(os.Getpid()) + "] "
	return log.New(w, prefix, log.LstdFlags|log.Lmicroseconds|log.Lmsgprefix), closeFn, nil
}

// teeWriter writes to every writer and ignores their errors, so that a missing console (a
// service's invalid stderr handle) does not stop lines from reaching the log file.
type teeWriter []io.Writer

func (t teeWriter) Write(p []byte) (int, error) {
	for _, w := range t {
		_, _ = w.Write(p)
	}
	return len(p), nil
}
