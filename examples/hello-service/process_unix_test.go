//go:build !windows

package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests run the test binary as the program (see TestMain) to check real exit codes,
// signals and the log file.

func program(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "HELLO_TEST_RUN_MAIN=1")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestProcessFailAtStartEnv(t *testing.T) {
	logPath := t.TempDir() + "/hello.log"
	cmd := program(t, []string{"HELLO_FAIL_AT_START=1", "HELLO_LOG=" + logPath})
	out, err := cmd.CombinedOutput()
	if code := exitCode(t, err); code != 3 {
		t.Fatalf("exit code %d, want 3; output:\n%s", code, out)
	}
	data, _ := os.ReadFile(logPath)
	if !strings.Contains(string(data), "ERROR: fail-at-start") {
		t.Errorf("log file lacks the error:\n%s", data)
	}
}

func TestProcessServiceRejected(t *testing.T) {
	out, err := program(t, nil, "-service").CombinedOutput()
	if code := exitCode(t, err); code != 2 || !strings.Contains(string(out), "only supported on Windows") {
		t.Errorf("exit code %d, output %q", code, out)
	}
}

func TestProcessVersion(t *testing.T) {
	out, err := program(t, nil, "-version").Output()
	if code := exitCode(t, err); code != 0 || string(out) != "hello-service dev (none, unknown)\n" {
		t.Errorf("exit code %d, output %q", code, out)
	}
}

func TestProcessInvalidSlowdown(t *testing.T) {
	out, err := program(t, []string{"HELLO_SLOWDOWN_PCT=lots"}).CombinedOutput()
	if code := exitCode(t, err); code != 2 || !strings.Contains(string(out), "HELLO_SLOWDOWN_PCT") {
		t.Errorf("exit code %d, output %q", code, out)
	}
}

func TestProcessGracefulStopOnSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			logPath := t.TempDir() + "/hello.log"
			var stderr bytes.Buffer
			cmd := program(t, []string{"HELLO_ADDR=127.0.0.1:1"}, "-addr", "127.0.0.1:0", "-log", logPath)
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			addr := waitForLog(t, logPath, regexp.MustCompile(`listening on http://(\S+)`))
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := exitCode(t, cmd.Wait()); code != 0 {
				t.Errorf("exit code %d", code)
			}
			data, _ := os.ReadFile(logPath)
			if !strings.Contains(string(data), "stopped gracefully") {
				t.Errorf("log file:\n%s", data)
			}
			if !strings.Contains(stderr.String(), "stopped gracefully") {
				t.Errorf("stderr:\n%s", stderr.String())
			}
		})
	}
}

func waitForLog(t *testing.T, path string, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(path)
		if m := re.FindStringSubmatch(string(data)); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	data, _ := os.ReadFile(path)
	t.Fatalf("log never matched %v:\n%s", re, data)
	return ""
}
