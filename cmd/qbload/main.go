// Command qbload measures the live question box under load: many members
// watching an event's question stream (Server-Sent Events) while others post
// questions and votes at a steady rate.
//
// The server and the load run in two processes, so that the server's memory
// per viewer is its own: "qbload serve" starts the real server (app.Main) on
// a fresh SQLite store, seeds an event and its members, and answers a small
// control API on a second loopback port; "qbload load" signs the members in,
// opens the viewers, posts, and measures. "qbload run" does both: it starts
// "qbload serve" as a child process and runs the load against it.
//
//	qbload run --viewers 5000 --questions-per-sec 20 --votes-per-sec 200 --duration 60s
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the seeded event is in Europe/Paris, like the club's
)

const usage = `qbload — load test of the live question box (SSE)

Usage:
  qbload run   [load flags]   start "qbload serve" in a child process and load it
  qbload serve [--members N] [--data-dir DIR]
  qbload load  --control URL [--viewers N] [--questions-per-sec R] [--votes-per-sec R]
               [--duration D] [--warmup D] [--cpuprofile FILE]

"qbload serve" prints one line of JSON: its control API ("control"), the
club's URL, the seeded event and box. Give the control URL to "qbload load".

Run "qbload <command> -h" for the flags of a command.
`

func main() {
	raiseFileLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "qbload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "load":
		return load(ctx, rest, stdout, stderr)
	case "run":
		return runBoth(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// raiseFileLimit lifts the soft limit on open files to the hard one: every
// viewer is a socket on each side. The Go runtime does the same at start-up
// since Go 1.19; doing it here keeps the tool honest about what it needs.
func raiseFileLimit() {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}

// fileLimit returns the soft limit on open files.
func fileLimit() uint64 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0
	}
	return lim.Cur
}
