// winship-replay: a Windows host's side of a recorded deploy, served again by a real OpenSSH sshd
// on loopback (lab/replay-hosts.ts), so that a rollout to a hundred hosts can be measured on one
// machine without a hundred Wine prefixes.
//
//	winship-replay exec     sshd's ForceCommand: answers each command of the runner with the
//	                        answer a Wine host gave to the same command when it was recorded
//	                        (lab/sshd.ts `record`); SFTP goes to the real sftp-server.
//	winship-replay health   the service's health endpoint, inside the host's network namespace.
//
// The host's folder ($REPLAY_HOST) holds:
//
//	fs/             the SFTP root: `c:/…` is drive C (as on a lab Wine host)
//	cursor          where in the transcript the host is
//	commands.log    every command it was asked to run, one line each (the command file's lines
//	                joined by " | "), for the tests
//	fail            optional JSON {"match", "exitCode", "stdout", "stderr"}: the first command
//	                containing `match` fails so instead of being answered from the transcript
//	unhealthy       when present, the health endpoint answers 503 (removed by `sc.exe stop`)
//	health.ready    written once the health endpoint listens
//	health.log      the time (Unix ms) of every health request
//	diverged        the first command that had no recorded answer (the replay exits 255)
//
// File commands (mkdir, rmdir, del, copy, move through cmd.exe) that succeeded when recorded are
// carried out on fs/ too, so what the runner reads back over SFTP is what Windows would hold.
//
// The transcript ($REPLAY_TRANSCRIPT) is a JSON array of recorded execs in order. Commands are
// compared without what differs from run to run: the command file's random name, the batch
// separator (put back into the answer as the live command has it) and the `.<hex>.old` names of
// swapped binaries. A command asked again right after its answer (a poll) gets the same answer;
// a recorded command not asked is skipped (a poll that needed fewer rounds).
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type entry struct {
	Cmdline string `json:"cmdline"`
	Script  string `json:"script,omitempty"`
	Stdout  string `json:"stdout"`
	Stderr  string `json:"stderr"`
	RC      int    `json:"rc"`
}

type failure struct {
	Match    string `json:"match"`
	ExitCode int    `json:"exitCode"`
	Stdout   string `json:"stdout"`
	Stderr   string `json:"stderr"`
}

var (
	cmdFile   = regexp.MustCompile(`^cmd /c ([A-Za-z]):(\\[^ ]+\.cmd)$`)
	runName   = regexp.MustCompile(`winship-run-[0-9a-f]+-[0-9]+\.cmd`)
	separator = regexp.MustCompile(`WINSHIP-NEXT-[0-9a-f]+`)
	oldName   = regexp.MustCompile(`\.[0-9a-f]{8}\.old\b`)
)

// key is what must be equal between a live command and a recorded one.
func key(cmdline, script string) string {
	text := cmdline
	if script != "" {
		var lines []string
		for _, l := range strings.Split(strings.ReplaceAll(script, "\r\n", "\n"), "\n") {
			// The line that removes the previous command file depends on where a connection started.
			if strings.HasPrefix(l, "del /f /q ") && runName.MatchString(l) {
				continue
			}
			lines = append(lines, l)
		}
		text = strings.Join(lines, "\n")
	}
	text = runName.ReplaceAllString(text, "winship-run-N.cmd")
	text = separator.ReplaceAllString(text, "WINSHIP-NEXT-S")
	return oldName.ReplaceAllString(text, ".X.old")
}

func die(code int, format string, a ...any) {
	fmt.Fprintf(os.Stderr, "winship-replay: "+format+"\n", a...)
	os.Exit(code)
}

func main() {
	if len(os.Args) != 2 {
		die(2, "usage: winship-replay exec|health")
	}
	dir := os.Getenv("REPLAY_HOST")
	if dir == "" {
		die(2, "REPLAY_HOST is not set")
	}
	switch os.Args[1] {
	case "exec":
		execCommand(dir)
	case "health":
		serveHealth(dir)
	default:
		die(2, "unknown mode %q", os.Args[1])
	}
}

func execCommand(dir string) {
	cmdline := os.Getenv("SSH_ORIGINAL_COMMAND")
	fs := filepath.Join(dir, "fs")
	if cmdline == "internal-sftp" || strings.HasSuffix(cmdline, "/sftp-server") {
		if err := os.Chdir(fs); err != nil {
			die(1, "%v", err)
		}
		sftp := "/usr/lib/openssh/sftp-server"
		err := syscall.Exec(sftp, []string{sftp, "-d", fs}, os.Environ())
		die(1, "%v", err)
	}
	if cmdline == "" {
		die(1, "this test host runs commands only, no interactive shell")
	}
	script := ""
	if m := cmdFile.FindStringSubmatch(cmdline); m != nil {
		path := filepath.Join(fs, strings.ToLower(m[1])+":"+strings.ReplaceAll(m[2], `\`, "/"))
		b, err := os.ReadFile(path)
		if err != nil {
			// What cmd.exe says of a batch file that is not there.
			fmt.Fprintln(os.Stderr, "The system cannot find the path specified.")
			os.Exit(1)
		}
		script = string(b)
	}
	live := key(cmdline, script)

	lock, err := os.OpenFile(filepath.Join(dir, "cursor.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		die(1, "%v", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		die(1, "%v", err)
	}
	logCommand(dir, live)
	if strings.Contains(live, "sc.exe stop ") {
		// The unhealthy process is gone with the stop; whatever starts next answers again.
		os.Remove(filepath.Join(dir, "unhealthy"))
	}

	if f, ok := readFailure(dir); ok && strings.Contains(live, f.Match) {
		os.Remove(filepath.Join(dir, "fail"))
		os.Stdout.WriteString(f.Stdout)
		os.Stderr.WriteString(f.Stderr)
		os.Exit(f.ExitCode)
	}

	raw, err := os.ReadFile(os.Getenv("REPLAY_TRANSCRIPT"))
	if err != nil {
		die(1, "no transcript: %v", err)
	}
	var entries []entry
	if err := json.Unmarshal(raw, &entries); err != nil {
		die(1, "transcript: %v", err)
	}
	cursor := 0
	if b, err := os.ReadFile(filepath.Join(dir, "cursor")); err == nil {
		cursor, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	found := -1
	if cursor > 0 && key(entries[cursor-1].Cmdline, entries[cursor-1].Script) == live {
		found = cursor - 1
	} else {
		for i := cursor; i < len(entries); i++ {
			if key(entries[i].Cmdline, entries[i].Script) == live {
				found = i
				break
			}
		}
	}
	if found < 0 {
		note := fmt.Sprintf("no recorded answer after entry %d for:\n%s\n", cursor, live)
		// The first divergence is kept: what follows it is the deploy's cleanup of that failure.
		if f, err := os.OpenFile(filepath.Join(dir, "diverged"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644); err == nil {
			f.WriteString(note)
			f.Close()
		}
		die(255, "%s", note)
	}
	if err := os.WriteFile(filepath.Join(dir, "cursor"), []byte(strconv.Itoa(found+1)), 0o644); err != nil {
		die(1, "%v", err)
	}
	e := entries[found]
	carryOut(fs, script, e.Stderr)
	out, errOut := e.Stdout, e.Stderr
	if s := separator.FindString(script); s != "" {
		out = separator.ReplaceAllString(out, s)
		errOut = separator.ReplaceAllString(errOut, s)
	}
	os.Stdout.WriteString(out)
	os.Stderr.WriteString(errOut)
	os.Exit(e.RC)
}

var (
	rcLine   = regexp.MustCompile(`WINSHIP-RC:(-?[0-9]+)`)
	fileVerb = regexp.MustCompile(`^cmd\.exe /c (mkdir|rmdir /s /q|del /f /q|copy /b /y|move /y) (.+)$`)
)

// carryOut does to the host's files what the command file's file commands did on the recording
// host, where it succeeded there (its WINSHIP-RC was 0): the runner reads files back over SFTP
// (a staged copy's checksum, the deploy lock), so they must be where Windows would have put them.
// Paths are taken as written: winship writes them without blanks or quotes.
func carryOut(fs, script, recordedStderr string) {
	var commands []string
	lines := strings.Split(strings.ReplaceAll(script, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "set WINSHIP_RC=") && i > 0 {
			commands = append(commands, lines[i-1])
		}
	}
	rcs := rcLine.FindAllStringSubmatch(recordedStderr, -1)
	for i, c := range commands {
		if i >= len(rcs) || rcs[i][1] != "0" {
			continue
		}
		m := fileVerb.FindStringSubmatch(c)
		if m == nil {
			continue
		}
		args := strings.Fields(m[2])
		local := func(p string) string {
			if len(p) < 3 || p[1] != ':' {
				die(1, "not an absolute Windows path: %q", p)
			}
			return filepath.Join(fs, strings.ToLower(p[:1])+":"+strings.ReplaceAll(p[2:], `\`, "/"))
		}
		// Best effort, as the answer is the recorded one: Wine's move of a file that is not there
		// (the live binary of a first install) still says 0.
		switch m[1] {
		case "mkdir":
			os.MkdirAll(local(args[0]), 0o755)
		case "rmdir /s /q":
			os.RemoveAll(local(args[0]))
		case "del /f /q":
			matches, _ := filepath.Glob(local(args[0]))
			for _, f := range matches {
				os.Remove(f)
			}
		case "copy /b /y":
			if b, err := os.ReadFile(local(args[0])); err == nil {
				os.WriteFile(local(args[1]), b, 0o644)
			}
		case "move /y":
			os.Rename(local(args[0]), local(args[1]))
		}
	}
}

func logCommand(dir, live string) {
	var lines []string
	for _, l := range strings.Split(live, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == "@echo off" || l == "setlocal DisableDelayedExpansion" ||
			strings.HasPrefix(l, "set WINSHIP_RC=") || strings.HasPrefix(l, ">&2 echo WINSHIP-RC") ||
			strings.HasPrefix(l, "echo WINSHIP-NEXT-") || strings.HasPrefix(l, "exit /b ") {
			continue
		}
		lines = append(lines, l)
	}
	f, err := os.OpenFile(filepath.Join(dir, "commands.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		die(1, "%v", err)
	}
	defer f.Close()
	f.WriteString(strings.Join(lines, " | ") + "\n")
}

func readFailure(dir string) (failure, bool) {
	var f failure
	b, err := os.ReadFile(filepath.Join(dir, "fail"))
	if err != nil {
		return f, false
	}
	if json.Unmarshal(b, &f) != nil || f.Match == "" {
		die(1, "fail: not {\"match\": …}")
	}
	return f, true
}

func serveHealth(dir string) {
	addr := os.Getenv("REPLAY_LISTEN")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if f, err := os.OpenFile(filepath.Join(dir, "health.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%d\n", time.Now().UnixMilli())
			f.Close()
		}
		if _, err := os.Stat(filepath.Join(dir, "unhealthy")); err == nil {
			http.Error(w, "unhealthy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"status":"ok"}`)
	})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		die(1, "%v", err)
	}
	os.WriteFile(filepath.Join(dir, "health.ready"), nil, 0o644)
	die(1, "%v", http.Serve(l, nil))
}
