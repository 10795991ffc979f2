package campaign_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/sqldb"
)

// sink is an SMTP server from go-smtp on 127.0.0.1 that accepts everything
// (unless told otherwise per recipient) and counts what it receives.
type sink struct {
	Host string
	Port int

	conns atomic.Int64
	raw   atomic.Int64

	mu     sync.Mutex
	ids    map[string]int // Message-ID -> copies received
	byRcpt map[string]int // recipient -> copies received
	rcpts  map[string]int // recipient -> RCPT TO commands seen
	// reply, when set, answers RCPT TO: the recipient and how many times it
	// was seen before; nil accepts.
	reply func(rcpt string, seen int) *smtp.SMTPError
	// dropAt closes the connection instead of accepting the n-th DATA (1-based).
	dropAt, datas int
	// countOnly keeps only the count of messages, so that the sink's memory
	// does not grow with the campaign (for the benchmark).
	countOnly bool
}

// startSink starts a sink that stops when the test ends.
func startSink(tb testing.TB) *sink {
	tb.Helper()
	s := &sink{ids: map[string]int{}, byRcpt: map[string]int{}, rcpts: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &sinkSession{sink: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 10 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(countingListener{l, &s.conns})
	}()
	tb.Cleanup(func() {
		_ = srv.Close()
		_ = l.Close()
		<-done
	})
	return s
}

type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// Received returns the copies received per Message-ID and per recipient.
func (s *sink) Received() (ids, byRcpt map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids, byRcpt = make(map[string]int, len(s.ids)), make(map[string]int, len(s.byRcpt))
	for k, v := range s.ids {
		ids[k] = v
	}
	for k, v := range s.byRcpt {
		byRcpt[k] = v
	}
	return ids, byRcpt
}

// Sender returns an SMTP sender for the sink.
func (s *sink) Sender(tb testing.TB) *mail.SMTPSender {
	tb.Helper()
	sender, err := mail.NewSMTPSender(mail.Config{Host: s.Host, Port: s.Port, TLS: mail.TLSNone,
		From: "Club des créateurs <club@club.example>", Timeout: 10 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return sender
}

type sinkSession struct {
	sink *sink
	conn *smtp.Conn
	to   []string
}

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.sink.countOnly {
		return nil
	}
	s.sink.mu.Lock()
	seen := s.sink.rcpts[to]
	s.sink.rcpts[to]++
	reply := s.sink.reply
	s.sink.mu.Unlock()
	if reply != nil {
		if r := reply(to, seen); r != nil {
			return r
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.sink.countOnly {
		s.sink.raw.Add(1)
		return nil
	}
	id := messageID(data)
	s.sink.mu.Lock()
	defer s.sink.mu.Unlock()
	s.sink.datas++
	if s.sink.datas == s.sink.dropAt {
		_ = s.conn.Close()
		return errors.New("connection dropped by the test")
	}
	s.sink.raw.Add(1)
	s.sink.ids[id]++
	for _, to := range s.to {
		s.sink.byRcpt[to]++
	}
	return nil
}

func (s *sinkSession) Reset()        { s.to = nil }
func (s *sinkSession) Logout() error { return nil }

// messageID returns the Message-ID header field of a raw message.
func messageID(raw []byte) string {
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for len(head) > 0 {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\r\n"))
		if len(line) > 11 && strings.EqualFold(string(line[:11]), "Message-ID:") {
			return strings.TrimSpace(string(line[11:]))
		}
	}
	return ""
}

// addMembers inserts n certified members who want the newsletter, in one
// transaction, with addresses m0@example.org, m1@example.org, …, and returns
// their ids in order.
func addMembers(tb testing.TB, db *sqldb.DB, n int) []int64 {
	tb.Helper()
	ctx := context.Background()
	now := db.Now().UTC()
	ids := make([]int64, 0, n)
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO users (email, first_name, last_name, role, cert_number, cert_status, cert_certified_on, cert_expires_on, created_at, updated_at)
				VALUES ($1, 'Membre', $2, 'member', $3, 'active', $4, $5, $6, $6) RETURNING id`,
				fmt.Sprintf("m%d@example.org", i), fmt.Sprint(i), fmt.Sprintf("CERT-%d", i),
				now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), now).Scan(&id)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// newStartedCampaign creates a campaign for every member and starts it.
func newStartedCampaign(tb testing.TB, db *sqldb.DB, kind string) *creatorclub.Campaign {
	tb.Helper()
	ctx := context.Background()
	staff := &creatorclub.User{Email: fmt.Sprintf("staff%d@club.example", time.Now().UnixNano()), Role: creatorclub.RoleAdmin}
	if err := db.CreateUser(ctx, staff); err != nil {
		tb.Fatal(err)
	}
	c := &creatorclub.Campaign{Kind: kind, Subject: "Lettre du club", Body: "Bonjour,\n\nLes nouvelles du mois.",
		Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}, CreatedBy: staff.ID}
	if err := db.CreateCampaign(ctx, c); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.StartCampaign(ctx, c.ID, testHost); err != nil {
		tb.Fatal(err)
	}
	return c
}

const testHost = "club.example"

// simpleCompose is the Compose of the tests: a short text message.
func simpleCompose(_ context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
	return mail.Message{To: u.Email, ToName: u.Name(), Subject: c.Subject, Text: c.Body + "\n"}, nil
}

// testLogger sends the engine's warnings and errors to the test's output.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}
