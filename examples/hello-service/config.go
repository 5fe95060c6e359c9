package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

type config struct {
	Addr            string
	LogPath         string
	Service         bool
	FailAtStart     bool
	StartupDelay    time.Duration
	ShutdownTimeout time.Duration
	ShowVersion     bool
}

// parseConfig reads flags from args and falls back to the environment (read through getenv)
// for every flag that has an environment variable: a flag given on the command line wins.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{Addr: defaultAddr, ShutdownTimeout: defaultShutdownTimeout}
	var delayMS int

	fs := flag.NewFlagSet("hello-service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address host:port (env HELLO_ADDR)")
	fs.StringVar(&cfg.LogPath, "log", "", "append log lines to this file (env HELLO_LOG)")
	fs.BoolVar(&cfg.Service, "service", false, "run under the Windows service control manager (Windows only)")
	fs.BoolVar(&cfg.FailAtStart, "fail-at-start", false, "test hook: log an error and exit with code 3 before listening (env HELLO_FAIL_AT_START=1)")
	fs.IntVar(&delayMS, "startup-delay-ms", 0, "test hook: wait this many milliseconds before listening (env HELLO_STARTUP_DELAY_MS)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long a graceful shutdown may take")
	fs.BoolVar(&cfg.ShowVersion, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if v := getenv("HELLO_ADDR"); v != "" && !set["addr"] {
		cfg.Addr = v
	}
	if v := getenv("HELLO_LOG"); v != "" && !set["log"] {
		cfg.LogPath = v
	}
	if v := getenv("HELLO_FAIL_AT_START"); v != "" && !set["fail-at-start"] {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return config{}, fmt.Errorf("HELLO_FAIL_AT_START=%q: want 1 or 0", v)
		}
		cfg.FailAtStart = b
	}
	if v := getenv("HELLO_STARTUP_DELAY_MS"); v != "" && !set["startup-delay-ms"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return config{}, fmt.Errorf("HELLO_STARTUP_DELAY_MS=%q: want a whole number of milliseconds", v)
		}
		delayMS = n
	}
	if delayMS < 0 {
		return config{}, fmt.Errorf("startup delay %d ms: must not be negative", delayMS)
	}
	cfg.StartupDelay = time.Duration(delayMS) * time.Millisecond
	if cfg.ShutdownTimeout <= 0 {
		return config{}, fmt.Errorf("-shutdown-timeout %v: must be positive", cfg.ShutdownTimeout)
	}
	if cfg.Addr == "" {
		return config{}, fmt.Errorf("empty listen address")
	}
	return cfg, nil
}
