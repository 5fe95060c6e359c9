/**
 * Win32 error codes that services and sc.exe report, in plain words with what to do. Codes are the
 * only reliable part of sc.exe's output (its messages are localized); the words here are ours.
 */

interface Win32Error {
  symbol: string;
  /** What happened and what to do, one line. */
  text: string;
}

const ERRORS: Record<number, Win32Error> = {
  2: {
    symbol: 'ERROR_FILE_NOT_FOUND',
    text: 'the program file in the service binary path does not exist',
  },
  3: {
    symbol: 'ERROR_PATH_NOT_FOUND',
    text: 'a folder in the service binary path does not exist',
  },
  5: {
    symbol: 'ERROR_ACCESS_DENIED',
    text: 'access denied: run the deploy as an administrator (elevated), and check the service account may read the release folder',
  },
  193: {
    symbol: 'ERROR_BAD_EXE_FORMAT',
    text: 'the binary is not a valid Windows program for this machine: build it for windows/amd64 (or the host architecture)',
  },
  1053: {
    symbol: 'ERROR_SERVICE_REQUEST_TIMEOUT',
    text: 'the program does not answer the service control manager: a Go service must call svc.Run from golang.org/x/sys/windows/svc (or use kardianos/service); a plain console program cannot run as a service',
  },
  1054: {
    symbol: 'ERROR_SERVICE_NO_THREAD',
    text: 'the service control manager could not create a thread for the service',
  },
  1056: { symbol: 'ERROR_SERVICE_ALREADY_RUNNING', text: 'the service is already running' },
  1057: {
    symbol: 'ERROR_INVALID_SERVICE_ACCOUNT',
    text: 'the service account name is invalid or does not exist',
  },
  1058: {
    symbol: 'ERROR_SERVICE_DISABLED',
    text: 'the service is disabled: set its start type to auto or demand',
  },
  1059: {
    symbol: 'ERROR_CIRCULAR_DEPENDENCY',
    text: 'the service dependencies form a circle: remove one of them',
  },
  1060: {
    symbol: 'ERROR_SERVICE_DOES_NOT_EXIST',
    text: 'the service is not installed',
  },
  1061: {
    symbol: 'ERROR_SERVICE_CANNOT_ACCEPT_CTRL',
    text: 'the service cannot accept control messages now (it is starting or stopping)',
  },
  1062: { symbol: 'ERROR_SERVICE_NOT_ACTIVE', text: 'the service has not been started' },
  1064: {
    symbol: 'ERROR_EXCEPTION_IN_SERVICE',
    text: 'the service raised an exception while handling a control request',
  },
  1066: {
    symbol: 'ERROR_SERVICE_SPECIFIC_ERROR',
    text: 'the service stopped and reported an error of its own (see its exit code and log)',
  },
  1067: {
    symbol: 'ERROR_PROCESS_ABORTED',
    text: 'the service process ended without reporting that it stopped: it crashed, panicked or called os.Exit',
  },
  1068: {
    symbol: 'ERROR_SERVICE_DEPENDENCY_FAIL',
    text: 'a service this one depends on could not be started',
  },
  1069: {
    symbol: 'ERROR_SERVICE_LOGON_FAILED',
    text: "the service could not log on: the account or password is wrong, or the account lacks the 'Log on as a service' right",
  },
  1072: {
    symbol: 'ERROR_SERVICE_MARKED_FOR_DELETE',
    text: 'the service is marked for deletion: close every program that holds it open (services.msc, Event Viewer) or reboot',
  },
  1073: { symbol: 'ERROR_SERVICE_EXISTS', text: 'the service already exists' },
  1075: {
    symbol: 'ERROR_SERVICE_DEPENDENCY_DELETED',
    text: 'a service this one depends on does not exist',
  },
  1077: {
    symbol: 'ERROR_SERVICE_NEVER_STARTED',
    text: 'the service has never been started since the last boot',
  },
  1078: {
    symbol: 'ERROR_DUPLICATE_SERVICE_NAME',
    text: 'the display name is already used by another service: choose another',
  },
  1079: {
    symbol: 'ERROR_DIFFERENT_SERVICE_ACCOUNT',
    text: 'the account differs from the one of other services in the same process',
  },
  1639: {
    symbol: 'ERROR_INVALID_COMMAND_LINE',
    text: 'sc.exe rejected its arguments (it printed its usage text)',
  },
};

/** `1053 (ERROR_SERVICE_REQUEST_TIMEOUT): the program does not answer …`, or a generic line. */
export function explainWin32Error(code: number): string {
  const e = ERRORS[code];
  if (e) return `${code} (${e.symbol}): ${e.text}`;
  return `Windows error ${code} (see 'net helpmsg ${code}' on the host)`;
}

/** The symbol for a code, e.g. `ERROR_SERVICE_REQUEST_TIMEOUT`, when known. */
export function win32ErrorSymbol(code: number): string | undefined {
  return ERRORS[code]?.symbol;
}

/**
 * A stopped service's exit codes in words: WIN32_EXIT_CODE, and SERVICE_EXIT_CODE when the first
 * is 1066 (the service's own code, for a Go program usually its os.Exit code).
 */
export function explainServiceExit(win32ExitCode: number, serviceExitCode: number): string {
  if (win32ExitCode === 0) return 'exit code 0';
  if (win32ExitCode === 1066)
    return `exit code ${serviceExitCode} (the service reported ERROR_SERVICE_SPECIFIC_ERROR 1066 with its own code ${serviceExitCode})`;
  return `Win32 exit code ${explainWin32Error(win32ExitCode)}`;
}
