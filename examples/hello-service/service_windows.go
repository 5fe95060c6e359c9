//go:build windows

package main

// Windows service support over the standard library's syscall package alone (Debian's
// golang.org/x/sys has no windows/svc). Real services would use golang.org/x/sys/windows/svc or
// github.com/kardianos/service; this file is the minimum the SCM protocol needs:
// StartServiceCtrlDispatcherW, RegisterServiceCtrlHandlerExW and SetServiceStatus.
//
// The program runs as a service only when given -service: a service started by Wine's service
// control manager runs in session 1, so detecting "am I a service?" does not work there.

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// serviceSupported tells whether -service can be used: only on Windows.
const serviceSupported = true

var (
	advapi32                          = syscall.NewLazyDLL("advapi32.dll")
	procStartServiceCtrlDispatcherW   = advapi32.NewProc("StartServiceCtrlDispatcherW")
	procRegisterServiceCtrlHandlerExW = advapi32.NewProc("RegisterServiceCtrlHandlerExW")
	procSetServiceStatus              = advapi32.NewProc("SetServiceStatus")
)

const (
	serviceWin32OwnProcess = 0x00000010

	serviceStopped      = 1
	serviceStartPending = 2
	serviceStopPending  = 3
	serviceRunning      = 4

	serviceAcceptStop     = 0x00000001
	serviceAcceptShutdown = 0x00000004

	serviceControlStop        = 0x00000001
	serviceControlInterrogate = 0x00000004
	serviceControlShutdown    = 0x00000005

	noError                   = 0
	errorCallNotImplemented   = 120
	errorServiceSpecificError = 1066
)

// serviceStatus is SERVICE_STATUS.
type serviceStatus struct {
	ServiceType             uint32
	CurrentState            uint32
	ControlsAccepted        uint32
	Win32ExitCode           uint32
	ServiceSpecificExitCode uint32
	CheckPoint              uint32
	WaitHint                uint32
}

// serviceTableEntry is SERVICE_TABLE_ENTRYW.
type serviceTableEntry struct {
	name *uint16
	proc uintptr
}

// winService is the one service of this process; the SCM callbacks reach it through theService.
type winService struct {
	cfg      config
	logger   *log.Logger
	name     *uint16
	exitCode int

	mu     sync.Mutex
	handle uintptr // SERVICE_STATUS_HANDLE
	status serviceStatus
	cancel context.CancelFunc
}

var theService *winService

// runService hands the process to the service control manager and returns the exit code once
// the service has stopped.
func runService(cfg config, logger *log.Logger, stderr io.Writer) int {
	name, _ := syscall.UTF16PtrFromString("") // ignored for SERVICE_WIN32_OWN_PROCESS
	theService = &winService{cfg: cfg, logger: logger, name: name, exitCode: exitRuntime}
	table := []serviceTableEntry{
		{name: name, proc: syscall.NewCallback(serviceMain)},
		{name: nil, proc: 0},
	}
	// Blocks until the service has stopped; control requests arrive on this thread.
	r, _, err := procStartServiceCtrlDispatcherW.Call(uintptr(unsafe.Pointer(&table[0])))
	if r == 0 {
		msg := fmt.Sprintf("StartServiceCtrlDispatcherW: %v (-service only works when the service control manager starts the program)", err)
		logger.Printf("ERROR: %s", msg)
		fmt.Fprintf(stderr, "hello-service: %s\n", msg) // the logger has no console in service mode
		return exitRuntime
	}
	return theService.exitCode
}

// serviceMain is the ServiceMain callback; it runs on a thread of the dispatcher.
func serviceMain(argc uint32, argv **uint16) uintptr {
	s := theService
	svcName := ""
	if argc > 0 && argv != nil {
		svcName = utf16PtrToString(*argv)
	}
	h, _, err := procRegisterServiceCtrlHandlerExW.Call(uintptr(unsafe.Pointer(s.name)), syscall.NewCallback(ctlHandler), 0)
	if h == 0 {
		s.logger.Printf("ERROR: RegisterServiceCtrlHandlerExW: %v", err)
		return 0
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.mu.Lock()
	s.handle, s.cancel = h, cancel
	s.mu.Unlock()

	s.logger.Printf("running as Windows service %q", svcName)
	s.setStatus(serviceStartPending, 0, s.cfg.StartupDelay+10*time.Second)
	code := serve(ctx, s.cfg, s.logger, func(_ net.Addr) {
		s.setStatus(serviceRunning, 0, 0)
	})
	s.exitCode = code
	if code == exitOK {
		s.logger.Printf("reporting SERVICE_STOPPED")
	} else {
		s.logger.Printf("reporting SERVICE_STOPPED with ERROR_SERVICE_SPECIFIC_ERROR, exit code %d", code)
	}
	s.setStatus(serviceStopped, code, 0)
	return 0
}

// ctlHandler is the HandlerEx callback; it runs on the dispatcher thread and must not block.
func ctlHandler(ctl, eventType, eventData, handlerContext uintptr) uintptr {
	s := theService
	switch ctl {
	case serviceControlStop, serviceControlShutdown:
		s.logger.Printf("service control %d (stop/shutdown) received", ctl)
		s.setStatus(serviceStopPending, 0, s.cfg.ShutdownTimeout+5*time.Second)
		s.mu.Lock()
		cancel := s.cancel
		s.mu.Unlock()
		if cancel != nil {
			cancel()
		}
		return noError
	case serviceControlInterrogate:
		s.mu.Lock()
		s.report()
		s.mu.Unlock()
		return noError
	}
	return errorCallNotImplemented
}

// setStatus reports a new state. A non-zero exit code is reported as
// ERROR_SERVICE_SPECIFIC_ERROR with the code as the service-specific exit code.
func (s *winService) setStatus(state uint32, exitCode int, waitHint time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.status
	st.ServiceType = serviceWin32OwnProcess
	if state == serviceStopPending && st.CurrentState == serviceStopped {
		return // a late stop request: already stopped
	}
	st.CurrentState = state
	st.ControlsAccepted = 0
	if state == serviceRunning {
		st.ControlsAccepted = serviceAcceptStop | serviceAcceptShutdown
	}
	st.Win32ExitCode, st.ServiceSpecificExitCode = noError, 0
	if exitCode != 0 {
		st.Win32ExitCode, st.ServiceSpecificExitCode = errorServiceSpecificError, uint32(exitCode)
	}
	if state == serviceStartPending || state == serviceStopPending {
		st.CheckPoint++
	} else {
		st.CheckPoint = 0
	}
	st.WaitHint = uint32(waitHint / time.Millisecond)
	s.report()
}

// report sends s.status to the SCM; s.mu must be held.
func (s *winService) report() {
	if s.handle == 0 {
		return
	}
	if r, _, err := procSetServiceStatus.Call(s.handle, uintptr(unsafe.Pointer(&s.status))); r == 0 {
		s.logger.Printf("ERROR: SetServiceStatus(state %d): %v", s.status.CurrentState, err)
	}
}

func utf16PtrToString(p *uint16) string {
	if p == nil {
		return ""
	}
	var s []uint16
	for ptr := unsafe.Pointer(p); *(*uint16)(ptr) != 0; ptr = unsafe.Add(ptr, 2) {
		s = append(s, *(*uint16)(ptr))
	}
	return syscall.UTF16ToString(s)
}
