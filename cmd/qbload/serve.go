package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
)

// setupInfo is what "qbload serve" prints on its first line of output and
// answers on GET /setup: where the club listens and what was seeded.
type setupInfo struct {
	Control string `json:"control"` // the control API, e.g. http://127.0.0.1:40123
	URL     string `json:"url"`     // the club
	Event   int64  `json:"event"`
	Box     int64  `json:"box"`
	Members int    `json:"members"`
}

// processStats is a process's own view of its memory and CPU after a full
// garbage collection; the server answers it on GET /stats.
type processStats struct {
	HeapInuse  uint64  `json:"heap_inuse"`
	StackInuse uint64  `json:"stack_inuse"`
	Sys        uint64  `json:"sys"`
	RSS        uint64  `json:"rss"`
	Goroutines int     `json:"goroutines"`
	CPUSeconds float64 `json:"cpu_seconds"` // user + system since start
}

// inUse is the memory the Go runtime holds for live objects and stacks.
func (s processStats) inUse() uint64 { return s.HeapInuse + s.StackInuse }

// club is a running server with its seeded event and members.
type club struct {
	main    *app.Main
	info    setupInfo
	members []int64 // user ids, in roster order
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var members int
	var dataDir string
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&members, "members", 5000, "certified members to seed")
	fs.StringVar(&dataDir, "data-dir", "", "data directory; default a fresh temporary one, removed on exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if members < 1 {
		return errors.New("--members must be at least 1")
	}
	if dataDir == "" {
		dir, err := os.MkdirTemp("", "qbload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dataDir = dir
	}

	c, err := startClub(ctx, dataDir, members, stderr)
	if err != nil {
		return err
	}
	defer c.main.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen for the control API: %w", err)
	}
	c.info.Control = "http://" + ln.Addr().String()
	ctl := &http.Server{Handler: c.controlRoutes(), ReadHeaderTimeout: 10 * time.Second}
	go ctl.Serve(ln)
	defer ctl.Close()

	line, err := json.Marshal(c.info)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", line)
	fmt.Fprintf(stderr, "qbload serve: club on %s, control API on %s, event %d, %d members\n", c.info.URL, c.info.Control, c.info.Event, members)
	<-ctx.Done()
	return nil
}

// startClub starts the real server on the default configuration, except for
// a fresh data directory and a free loopback port, and seeds one published
// members' event a few days ahead and the members who watch it.
func startClub(ctx context.Context, dataDir string, members int, stderr io.Writer) (*club, error) {
	m := app.NewMain()
	m.Config = app.DefaultConfig()
	m.Config.DataDir = dataDir
	m.Config.Addr = "127.0.0.1:0"
	m.Stdout = stderr // the banner is for people; stdout carries setupInfo
	if err := m.Config.Validate(); err != nil {
		return nil, err
	}
	if err := m.Run(ctx); err != nil {
		m.Close()
		return nil, err
	}
	c := &club{main: m, info: setupInfo{URL: m.URL, Members: members}}
	if err := c.seed(ctx, members); err != nil {
		m.Close()
		return nil, fmt.Errorf("seed: %w", err)
	}
	return c, nil
}

func (c *club) seed(ctx context.Context, members int) error {
	db := c.main.DB
	start := time.Now()
	entries := make([]creatorclub.RosterEntry, members)
	for i := range entries {
		entries[i] = creatorclub.RosterEntry{Line: i + 2, Number: fmt.Sprintf("QB-%06d", i), FirstName: fmt.Sprintf("Membre%d", i),
			LastName: "Charge", Email: memberEmail(i), Status: creatorclub.CertActive,
			CertifiedOn: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), ExpiresOn: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
		return err
	}
	c.members = make([]int64, members)
	for i := range c.members {
		u, err := db.FindUserByEmail(ctx, memberEmail(i))
		if err != nil {
			return err
		}
		c.members[i] = u.ID
	}
	mod := &creatorclub.User{Email: "moderation@charge.example", FirstName: "Modération", Role: creatorclub.RoleModerator}
	if err := db.CreateUser(ctx, mod); err != nil {
		return err
	}
	starts := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Questions en direct (charge)", StartsAt: starts, EndsAt: starts.Add(2 * time.Hour),
		TimeZone: "Europe/Paris", Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished, CreatedBy: mod.ID}
	if err := db.CreateEvent(ctx, ev, nil); err != nil {
		return err
	}
	boxes, err := db.ListBoxes(ctx, ev.ID)
	if err != nil {
		return err
	}
	if len(boxes) == 0 {
		return fmt.Errorf("event %d has no question box", ev.ID)
	}
	c.info.Event, c.info.Box = ev.ID, boxes[0].ID
	c.main.Logger.Info("qbload: seeded", "members", members, "event", ev.ID, "box", boxes[0].ID, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func memberEmail(i int) string { return fmt.Sprintf("membre%d@charge.example", i) }

// controlRoutes is the control API of "qbload serve", on its own loopback
// port so that the club's routes stay as they ship.
func (c *club) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /setup", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, c.info) })
	mux.HandleFunc("POST /tokens", c.handleTokens)
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, readProcessStats()) })
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// handleTokens creates a fresh sign-in token for each of the first n
// members (?n=), as the sign-in mail would, and returns them in roster order.
func (c *club) handleTokens(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 || n > len(c.members) {
		http.Error(w, fmt.Sprintf("n: want 1 to %d", len(c.members)), http.StatusBadRequest)
		return
	}
	tokens := make([]string, n)
	for i := range tokens {
		if tokens[i], err = c.main.DB.CreateSignInToken(r.Context(), c.members[i]); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	writeJSON(w, tokens)
}

// readProcessStats collects garbage, returns freed memory to the system, and
// reads what is left.
func readProcessStats() processStats {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return processStats{HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse, Sys: ms.Sys, Goroutines: runtime.NumGoroutine(),
		CPUSeconds: cpuSeconds(), RSS: residentBytes()}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
