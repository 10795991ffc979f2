package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// runBoth starts "qbload serve" as a child process, runs the load against
// it, and stops it.
func runBoth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg loadConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.control = "(child)" // set once the child is up
	if err := cfg.validate(); err != nil {
		return err
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self, "serve", "--members", fmt.Sprint(cfg.members))
	child.Stderr = stderr
	out, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return err
	}
	defer stopChild(child)

	var info setupInfo
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("qbload serve did not start: %w", err)
	}
	if err := json.Unmarshal(line, &info); err != nil {
		return fmt.Errorf("qbload serve: unexpected first line %q: %w", line, err)
	}
	go io.Copy(io.Discard, out)
	cfg.control = info.Control
	cfg.serverLabel = fmt.Sprintf(" (qbload serve, pid %d)", child.Process.Pid)
	return runLoad(ctx, cfg, stdout, stderr)
}

// stopChild asks the server to shut down gracefully and kills it if it has
// not within 30 s.
func stopChild(child *exec.Cmd) {
	child.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "qbload: serve:", err)
		}
	case <-time.After(30 * time.Second):
		child.Process.Kill()
		<-done
	}
}
