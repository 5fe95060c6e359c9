//go:build !windows

package main

import (
	"io"
	"log"
)

// serviceSupported tells whether -service can be used: only on Windows.
const serviceSupported = false

func runService(cfg config, logger *log.Logger, stderr io.Writer) int {
	logger.Printf("ERROR: -service is only supported on Windows")
	return exitUsage
}
