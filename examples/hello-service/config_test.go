package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseConfig(t *testing.T) {
	def := config{Addr: defaultAddr, ShutdownTimeout: defaultShutdownTimeout}
	with := func(f func(*config)) config { c := def; f(&c); return c }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, def},
		{"env addr", nil, map[string]string{"HELLO_ADDR": "0.0.0.0:9000"},
			with(func(c *config) { c.Addr = "0.0.0.0:9000" })},
		{"flag addr", []string{"-addr", "127.0.0.1:9001"}, nil,
			with(func(c *config) { c.Addr = "127.0.0.1:9001" })},
		{"flag addr wins over env", []string{"-addr=127.0.0.1:9001"}, map[string]string{"HELLO_ADDR": "0.0.0.0:9000"},
			with(func(c *config) { c.Addr = "127.0.0.1:9001" })},
		{"flag equal to the default still wins over env", []string{"-addr", defaultAddr}, map[string]string{"HELLO_ADDR": "0.0.0.0:9000"},
			def},
		{"env log", nil, map[string]string{"HELLO_LOG": "/tmp/a.log"},
			with(func(c *config) { c.LogPath = "/tmp/a.log" })},
		{"flag log wins over env", []string{"-log", "/tmp/b.log"}, map[string]string{"HELLO_LOG": "/tmp/a.log"},
			with(func(c *config) { c.LogPath = "/tmp/b.log" })},
		{"env fail at start", nil, map[string]string{"HELLO_FAIL_AT_START": "1"},
			with(func(c *config) { c.FailAtStart = true })},
		{"env fail at start 0", nil, map[string]string{"HELLO_FAIL_AT_START": "0"}, def},
		{"flag fail at start", []string{"-fail-at-start"}, nil,
			with(func(c *config) { c.FailAtStart = true })},
		{"flag fail at start=false wins over env", []string{"-fail-at-start=false"}, map[string]string{"HELLO_FAIL_AT_START": "1"},
			def},
		{"env startup delay", nil, map[string]string{"HELLO_STARTUP_DELAY_MS": "1500"},
			with(func(c *config) { c.StartupDelay = 1500 * time.Millisecond })},
		{"flag startup delay wins over env", []string{"-startup-delay-ms", "20"}, map[string]string{"HELLO_STARTUP_DELAY_MS": "1500"},
			with(func(c *config) { c.StartupDelay = 20 * time.Millisecond })},
		{"service and version", []string{"-service", "-version"}, nil,
			with(func(c *config) { c.Service, c.ShowVersion = true, true })},
		{"shutdown timeout", []string{"-shutdown-timeout", "3s"}, nil,
			with(func(c *config) { c.ShutdownTimeout = 3 * time.Second })},
		{"the service command line of the README", strings.Fields(`-service -addr 127.0.0.1:18081 -log C:\hello\hello.log`), nil,
			with(func(c *config) { c.Service, c.Addr, c.LogPath = true, "127.0.0.1:18081", `C:\hello\hello.log` })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfig(tt.args, envMap(tt.env), io.Discard)
			if err != nil {
				t.Fatalf("parseConfig: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"-nope"}, nil, "not defined"},
		{"extra argument", []string{"run"}, nil, "unexpected arguments"},
		{"bad fail-at-start env", nil, map[string]string{"HELLO_FAIL_AT_START": "yes please"}, "HELLO_FAIL_AT_START"},
		{"bad delay env", nil, map[string]string{"HELLO_STARTUP_DELAY_MS": "2s"}, "HELLO_STARTUP_DELAY_MS"},
		{"negative delay", []string{"-startup-delay-ms", "-1"}, nil, "negative"},
		{"zero shutdown timeout", []string{"-shutdown-timeout", "0s"}, nil, "positive"},
		{"empty addr", []string{"-addr", ""}, nil, "empty listen address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(tt.args, envMap(tt.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestResolveSlowdown(t *testing.T) {
	tests := []struct {
		build, env string
		want       int
		wantErr    bool
	}{
		{"", "", 0, false},
		{"", "5", 5, false},
		{"7", "", 7, false},
		{"7", "5", 5, false}, // the environment wins
		{"7", "0", 0, false},
		{"", "-1", 0, true},
		{"", "5%", 0, true},
		{"x", "", 0, true},
		{"", "10001", 0, true},
	}
	for _, tt := range tests {
		got, err := resolveSlowdown(tt.build, tt.env)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("resolveSlowdown(%q, %q) = %d, %v; want %d, error %v", tt.build, tt.env, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	var out, errOut strings.Builder
	code := realMain([]string{"-version"}, envMap(nil), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errOut.String())
	}
	if got, want := out.String(), "hello-service dev (none, unknown)\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestUsageErrorExitCode(t *testing.T) {
	var out, errOut strings.Builder
	if code := realMain([]string{"-nope"}, envMap(nil), &out, &errOut); code != exitUsage {
		t.Errorf("exit code %d, want %d", code, exitUsage)
	}
}
