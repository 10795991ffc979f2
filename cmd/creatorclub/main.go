// Command creatorclub runs the creators' club: the web server and its
// background jobs, and the administration commands. See app.Run.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // zone data in the binary, for hosts without /usr/share/zoneinfo

	"github.com/creatorclub/creatorclub/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "creatorclub:", err)
		os.Exit(1)
	}
}
