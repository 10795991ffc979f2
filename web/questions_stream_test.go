package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/room"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
	"github.com/creatorclub/creatorclub/web"
)

// newEnvH2C is newEnv with a test server that also speaks HTTP/2 without
// TLS, so that a test can open streams over both protocols on one server.
func newEnvH2C(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	e := newStreamEnv(t, db)
	t.Cleanup(e.srv.Close)
	return e
}

// newStreamEnv is newEnvH2C without closing the server when the test ends:
// Server.Close may be called once.
func newStreamEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	box := &outbox{}
	var srv *web.Server
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	ts.Config.Protocols = new(http.Protocols)
	ts.Config.Protocols.SetHTTP1(true)
	ts.Config.Protocols.SetUnencryptedHTTP2(true)
	ts.Start()
	t.Cleanup(ts.Close)
	store, err := files.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv, err = web.NewServer(db, box, store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		web.Config{BaseURL: ts.URL, OrgName: "ARPP", ClubName: "Club des créateurs", OrganizerEmail: "club@club.test",
			Rooms: room.Config{JitsiBaseURL: "https://visio.club.test"}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, srv: srv, ts: ts, box: box}
}

// h2c returns a client with c's cookies that speaks only HTTP/2 (h2c).
func h2c(c *http.Client) *http.Client {
	p := new(http.Protocols)
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Jar: c.Jar, Transport: &http.Transport{Protocols: p}, CheckRedirect: c.CheckRedirect}
}

// TestHijackedStreamMatchesFlushed opens the same member's stream over
// HTTP/1.1 (the connection is handed to the hub, which writes to the socket)
// and over HTTP/2 (the handler writes through http.Flusher), then asks,
// votes, pins and answers: both get the same events, byte for byte, and an
// anonymous question's author in neither.
func TestHijackedStreamMatchesFlushed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnvH2C(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		box := boxOf(t, db, ev, 0)
		author := e.user(creatorclub.RoleMember)
		asker, mod := e.signIn(author), e.signIn(e.user(creatorclub.RoleModerator))
		viewer := e.signIn(e.user(creatorclub.RoleMember))

		// The protocols really differ.
		for _, tc := range []struct {
			c     *http.Client
			proto int
		}{{viewer, 1}, {h2c(viewer), 2}} {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/evenements/%d/questions/flux", e.ts.URL, ev.ID), nil)
			res, err := tc.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.ProtoMajor != tc.proto || (tc.proto == 1 && (len(res.TransferEncoding) > 0 || !res.Close)) {
				t.Fatalf("HTTP/%d stream: %s, transfer encoding %v, close %v", tc.proto, res.Proto, res.TransferEncoding, res.Close)
			}
			res.Body.Close()
			cancel()
		}

		hijacked := e.stream(viewer, ev.ID, "")
		flushed := e.stream(h2c(viewer), ev.ID, "")
		if r := ask(e, asker, box, "Première question", creatorclub.VisibilityAnonymous); r.code != 303 {
			t.Fatalf("ask: %d", r.code)
		}
		if r := ask(e, asker, box, "Deuxième question", "named"); r.code != 303 {
			t.Fatalf("ask: %d", r.code)
		}
		qs, _ := db.ListQuestions(ctx, ev.ID, 0)
		for _, q := range qs {
			e.post(viewer, fmt.Sprintf("/questions/%d/vote", q.ID), nil)
		}
		e.post(mod, fmt.Sprintf("/questions/%d/moderer", qs[0].ID), url.Values{"action": {"pin"}})
		e.post(mod, fmt.Sprintf("/questions/%d/moderer", qs[1].ID), url.Values{"action": {"answer"}})
		collect := func(ch <-chan sseEvent) []sseEvent {
			var got []sseEvent
			for {
				ev := next(t, ch, "")
				got = append(got, ev)
				if ev.Data == "" || len(got) > 50 {
					t.Fatalf("events %+v", got)
				}
				// Every change above has been seen once the answer is.
				if ev.Data != "" && strings.Contains(ev.Data, `"answered":true`) {
					return got
				}
			}
		}
		a, b := collect(hijacked), collect(flushed)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("over HTTP/1.1 (hijacked):\n%v\nover HTTP/2 (flushed):\n%v", a, b)
		}
		if len(a) < 2 {
			t.Fatalf("only %d events", len(a))
		}
		for _, ev := range a {
			if strings.Contains(ev.Data, author.FirstName) && strings.Contains(ev.Data, "Première") {
				t.Fatalf("anonymous author in %s", ev.Data)
			}
		}
	})
}

// TestCloseEndsHijackedStreams checks that closing the server ends the
// streams whose connections the hub holds: net/http's Shutdown no longer
// knows them.
func TestCloseEndsHijackedStreams(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newStreamEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		ch := e.stream(e.signIn(e.user(creatorclub.RoleMember)), ev.ID, "")
		time.Sleep(100 * time.Millisecond) // attached
		e.srv.Close()
		select {
		case _, ok := <-ch:
			if ok {
				t.Fatal("an event after Close")
			}
		case <-time.After(3 * time.Second):
			t.Fatal("stream still open after Close")
		}
	})
}

// TestIdleHijackedViewerHoldsNoGoroutine opens streams over HTTP/1.1 and
// checks that, once their backlog is written, no goroutine of the server
// stays behind for them; with LiveNoHijack, each keeps its handler and
// net/http's reader.
func TestIdleHijackedViewerHoldsNoGoroutine(t *testing.T) {
	const n = 20
	for _, tc := range []struct {
		name     string
		noHijack bool
		min, max int
	}{{"hijacked", false, -n, n / 2}, {"LiveNoHijack", true, 2 * n, 4 * n}} {
		t.Run(tc.name, func(t *testing.T) {
			db := sqldbtest.Open(t, "sqlite")
			e := newEnvWith(t, db, func(c *webConfig) { c.LiveNoHijack = tc.noHijack })
			ev := e.event(creatorclub.AudienceMembers)
			c := e.signIn(e.user(creatorclub.RoleMember))
			u, _ := url.Parse(e.ts.URL)
			var cookie string
			for _, ck := range c.Jar.Cookies(u) {
				cookie += ck.Name + "=" + ck.Value + "; "
			}
			time.Sleep(100 * time.Millisecond)
			before := runtime.NumGoroutine()
			for range n {
				conn, err := net.Dial("tcp", u.Host)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				fmt.Fprintf(conn, "GET /evenements/%d/questions/flux HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nAccept: text/event-stream\r\n\r\n", ev.ID, u.Host, cookie)
				conn.SetReadDeadline(time.Now().Add(5 * time.Second))
				br := bufio.NewReader(conn)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						t.Fatalf("stream: %v", err)
					}
					if strings.HasPrefix(line, "HTTP/1.1 ") && !strings.HasPrefix(line, "HTTP/1.1 200") {
						t.Fatalf("stream: %s", line)
					}
					if strings.HasPrefix(line, "retry:") {
						break
					}
				}
			}
			time.Sleep(200 * time.Millisecond) // the handlers return
			if d := runtime.NumGoroutine() - before; d < tc.min || d > tc.max {
				t.Fatalf("%d more goroutines for %d idle viewers, want %d to %d", d, n, tc.min, tc.max)
			}
		})
	}
}
