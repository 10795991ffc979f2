// Package smtptest gives tests a real SMTP server (go-smtp, over TCP on
// 127.0.0.1) that records what it receives and can be told to ask for
// authentication, speak TLS, refuse recipients, hold or drop messages. It is
// for tests only; the product never imports it.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configures Start. The zero value accepts every message without
// authentication or TLS.
type Options struct {
	// Username and Password, when set, are required through AUTH PLAIN
	// before MAIL FROM.
	Username, Password string
	// AllowInsecureAuth offers AUTH without TLS.
	AllowInsecureAuth bool
	// TLS turns on STARTTLS with this configuration, or implicit TLS when
	// ImplicitTLS is set.
	TLS         *tls.Config
	ImplicitTLS bool
	// RcptReply, when set, answers each RCPT TO: it is given the recipient
	// and how many times that recipient was seen before, on any connection;
	// a non-nil reply refuses the recipient, nil accepts it.
	RcptReply func(rcpt string, seen int) *smtp.SMTPError
	// HoldData makes every DATA, once the message is read, wait until the
	// server stops and then answer 451.
	HoldData bool
	// DropAtData closes the connection instead of answering the n-th DATA
	// (1-based, counted over all connections); 0 never does.
	DropAtData int
	// CountOnly keeps the number of messages received but not the messages,
	// so that the server's memory does not grow with a benchmark.
	CountOnly bool
}

// Delivery is one message as the server accepted it.
type Delivery struct {
	// From is the MAIL FROM address, To the accepted RCPT TO addresses.
	From string
	To   []string
	// Data is the raw message.
	Data []byte
	// AuthUser is the user name the session authenticated as, if any.
	AuthUser string
}

// MessageID returns the Message-ID header field of the message, or "" when
// it has none or its header cannot be read.
func (d Delivery) MessageID() string {
	msg, err := mail.ReadMessage(bytes.NewReader(d.Data))
	if err != nil {
		return ""
	}
	return msg.Header.Get("Message-Id")
}

// Server is a running SMTP server. Its methods are safe for concurrent use.
type Server struct {
	opts Options
	addr *net.TCPAddr
	// released is closed when the server stops, ending held DATA commands.
	released chan struct{}

	conns atomic.Int64
	count atomic.Int64
	datas atomic.Int64

	mu           sync.Mutex
	deliveries   []Delivery
	authFailures int
	seen         map[string]int // recipient -> RCPT TO commands, when RcptReply is set
}

// Start starts a server on 127.0.0.1 on a free port and stops it when the
// test ends.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{opts: opts, released: make(chan struct{}), seen: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{server: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	// Failed handshakes and dropped connections are expected in some tests;
	// keep them out of the output.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.AllowInsecureAuth = opts.AllowInsecureAuth
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.MaxMessageBytes = 10 << 20

	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = tcp.Addr().(*net.TCPAddr)
	var l net.Listener = countingListener{tcp, &s.conns}
	if opts.TLS != nil {
		if opts.ImplicitTLS {
			l = tls.NewListener(l, opts.TLS)
		} else {
			srv.TLSConfig = opts.TLS
		}
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		err := srv.Serve(l)
		if err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			tb.Errorf("smtptest: serve: %v", err)
		}
	}()
	tb.Cleanup(func() {
		close(s.released)
		_ = srv.Close()
		// Close misses a listener that Serve has not registered yet.
		_ = l.Close()
		<-done
	})
	return s
}

// Addr returns the server's address as host:port.
func (s *Server) Addr() string { return s.addr.String() }

// Host returns the server's IP address, 127.0.0.1.
func (s *Server) Host() string { return s.addr.IP.String() }

// Port returns the server's TCP port.
func (s *Server) Port() int { return s.addr.Port }

// Deliveries returns the messages accepted so far, in order; none with
// CountOnly.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// Count returns how many messages the server accepted, with CountOnly too.
func (s *Server) Count() int { return int(s.count.Load()) }

// Connections returns how many connections the server accepted.
func (s *Server) Connections() int { return int(s.conns.Load()) }

// AuthFailures returns how many AUTH attempts failed.
func (s *Server) AuthFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authFailures
}

// WaitFor returns the first delivery match accepts, checking each new one
// as it arrives, and fails the test if none has arrived within timeout.
func (s *Server) WaitFor(tb testing.TB, timeout time.Duration, match func(Delivery) bool) Delivery {
	tb.Helper()
	if s.opts.CountOnly {
		tb.Fatal("smtptest: WaitFor on a CountOnly server, which keeps no messages")
	}
	deadline := time.Now().Add(timeout)
	checked := 0
	for {
		got := s.Deliveries()
		for _, d := range got[checked:] {
			if match(d) {
				return d
			}
		}
		checked = len(got)
		if time.Now().After(deadline) {
			var to []string
			for _, d := range got {
				to = append(to, strings.Join(d.To, ","))
			}
			tb.Fatalf("smtptest: no matching message within %v; %d received, to %v", timeout, len(got), to)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countingListener counts the connections it accepts.
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

// session is one SMTP connection.
type session struct {
	server   *Server
	conn     *smtp.Conn
	authUser string
	from     string
	to       []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *session) AuthMechanisms() []string {
	if s.server.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.server.opts.Username || password != s.server.opts.Password {
			s.server.mu.Lock()
			s.server.authFailures++
			s.server.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		s.authUser = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.opts.Username != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if reply := s.server.opts.RcptReply; reply != nil {
		s.server.mu.Lock()
		seen := s.server.seen[to]
		s.server.seen[to]++
		s.server.mu.Unlock()
		if r := reply(to, seen); r != nil {
			return r
		}
	}
	if !s.server.opts.CountOnly {
		s.to = append(s.to, to)
	}
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	opts := &s.server.opts
	if n := s.server.datas.Add(1); n == int64(opts.DropAtData) {
		_ = s.conn.Close()
		return fmt.Errorf("smtptest: connection dropped at DATA %d", n)
	}
	if opts.HoldData {
		<-s.server.released
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 0, 0}, Message: "Held too long"}
	}
	if opts.CountOnly {
		s.server.count.Add(1)
		return nil
	}
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.server.deliveries = append(s.server.deliveries, Delivery{
		From: s.from, To: append([]string(nil), s.to...), Data: data, AuthUser: s.authUser,
	})
	s.server.count.Add(1)
	return nil
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }

// SelfSignedTLS returns a server TLS configuration with a certificate for
// 127.0.0.1, valid for an hour around now, and the pool that trusts it.
func SelfSignedTLS(tb testing.TB) (*tls.Config, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "creatorclub test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}, pool
}
