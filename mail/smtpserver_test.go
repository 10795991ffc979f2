package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// delivery is one message as the test SMTP server received it.
type delivery struct {
	From string
	To   []string
	Data []byte
	// AuthUser is the user name the session authenticated as, if any.
	AuthUser string
}

// serverOptions configures startSMTPServer.
type serverOptions struct {
	// Username and Password, when set, are required before MAIL FROM.
	Username, Password string
	// AllowInsecureAuth lets clients authenticate without TLS.
	AllowInsecureAuth bool
	// TLSConfig turns on STARTTLS, or implicit TLS when ImplicitTLS is set.
	TLSConfig   *tls.Config
	ImplicitTLS bool
	// RejectRcpt lists recipients refused with 550.
	RejectRcpt map[string]bool
	// HoldData, when set, makes DATA wait until the channel is closed.
	HoldData chan struct{}
}

// testSMTPServer is a real SMTP server from go-smtp on 127.0.0.1:0 that
// records what it receives.
type testSMTPServer struct {
	Host string
	Port int

	opts serverOptions

	mu         sync.Mutex
	deliveries []delivery
	authFails  int
}

// startSMTPServer starts a server that stops when the test ends.
func startSMTPServer(t *testing.T, opts serverOptions) *testSMTPServer {
	t.Helper()
	ts := &testSMTPServer{opts: opts}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &testSession{server: ts}, nil
	}))
	srv.Domain = "localhost"
	// Failed handshakes are expected in some tests; keep them out of the output.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.AllowInsecureAuth = opts.AllowInsecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20

	var l net.Listener
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	if opts.TLSConfig != nil {
		if opts.ImplicitTLS {
			l = tls.NewListener(l, opts.TLSConfig)
		} else {
			srv.TLSConfig = opts.TLSConfig
		}
	}
	addr := l.Addr().(*net.TCPAddr)
	ts.Host, ts.Port = addr.IP.String(), addr.Port

	done := make(chan struct{})
	go func() {
		defer close(done)
		err := srv.Serve(l)
		if err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("smtp server: %v", err)
		}
	}()
	t.Cleanup(func() {
		if opts.HoldData != nil {
			select {
			case <-opts.HoldData:
			default:
				close(opts.HoldData)
			}
		}
		_ = srv.Close()
		// Close misses a listener that Serve has not registered yet.
		_ = l.Close()
		<-done
	})
	return ts
}

// Addr returns host:port.
func (ts *testSMTPServer) Addr() string {
	return net.JoinHostPort(ts.Host, strconv.Itoa(ts.Port))
}

// Deliveries returns what the server received so far.
func (ts *testSMTPServer) Deliveries() []delivery {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.deliveries...)
}

// AuthFailures returns how many AUTH attempts failed.
func (ts *testSMTPServer) AuthFailures() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.authFails
}

// testSession records one SMTP session.
type testSession struct {
	server   *testSMTPServer
	authUser string
	from     string
	to       []string
}

var _ smtp.AuthSession = (*testSession)(nil)

func (s *testSession) AuthMechanisms() []string {
	if s.server.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.server.opts.Username || password != s.server.opts.Password {
			s.server.mu.Lock()
			s.server.authFails++
			s.server.mu.Unlock()
			return smtp.ErrAuthFailed
		}
		s.authUser = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.opts.Username != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.server.opts.RejectRcpt[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if hold := s.server.opts.HoldData; hold != nil {
		<-hold
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 0, 0}, Message: "Held too long"}
	}
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.server.deliveries = append(s.server.deliveries, delivery{
		From: s.from, To: append([]string(nil), s.to...), Data: data, AuthUser: s.authUser,
	})
	return nil
}

func (s *testSession) Reset() {
	s.from, s.to = "", nil
}

func (s *testSession) Logout() error { return nil }

// selfSignedTLS returns a server TLS config for 127.0.0.1 and the pool that
// trusts it.
func selfSignedTLS(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}, pool
}
