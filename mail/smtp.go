package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of Config.TLS.
const (
	// TLSStartTLS connects in plain text and requires STARTTLS before
	// anything else is sent. It is the default.
	TLSStartTLS = "starttls"
	// TLSImplicit connects over TLS from the first byte, usually on port 465.
	TLSImplicit = "tls"
	// TLSOpportunistic uses STARTTLS when the server offers it and plain text
	// otherwise; a password is then only sent to a server on the loopback.
	TLSOpportunistic = "opportunistic"
	// TLSNone never encrypts, and sends the password in clear text if one is
	// set. It is meant for a relay on the same host and for tests.
	TLSNone = "none"
)

// DefaultTimeout bounds each network step of an SMTP delivery when
// Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config is how to reach the SMTP server that relays the club's mail.
type Config struct {
	// Host is the server's host name; it is also the name checked in its
	// TLS certificate.
	Host string
	// Port is the TCP port; zero means 587 for starttls, 465 for tls and 25
	// for opportunistic and none.
	Port int
	// Username turns on SMTP AUTH (PLAIN or LOGIN, as the server offers).
	Username string
	// Password goes with Username.
	Password string
	// TLS is one of "starttls" (the default when empty), "tls",
	// "opportunistic" or "none".
	TLS string
	// From is the sender, e.g. "Club des créateurs <club@example.org>".
	From string
	// Timeout bounds connecting and each command; zero means DefaultTimeout.
	Timeout time.Duration
}

// Validate reports the first problem in c, or nil when c can be used.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Host) == "" {
		return errors.New("mail: config: SMTP host is required")
	}
	if strings.ContainsAny(c.Host, " /:\r\n\t") && net.ParseIP(c.Host) == nil {
		return fmt.Errorf("mail: config: SMTP host %q must be a host name or IP address, without scheme or port", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("mail: config: SMTP port %d is out of range", c.Port)
	}
	switch c.tlsMode() {
	case TLSStartTLS, TLSImplicit, TLSOpportunistic, TLSNone:
	default:
		return fmt.Errorf("mail: config: TLS mode %q is not one of starttls, tls, opportunistic, none", c.TLS)
	}
	if c.Username == "" && c.Password != "" {
		return errors.New("mail: config: SMTP password is set without a username")
	}
	if c.Timeout < 0 {
		return fmt.Errorf("mail: config: timeout %s is negative", c.Timeout)
	}
	if _, err := parseFrom(c.From); err != nil {
		return fmt.Errorf("mail: config: sender address %q: %w", c.From, err)
	}
	return nil
}

// tlsMode returns the TLS mode with the default applied.
func (c Config) tlsMode() string {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return strings.ToLower(c.TLS)
}

// port returns the port with the default of the TLS mode applied.
func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.tlsMode() {
	case TLSStartTLS:
		return gomail.DefaultPortTLS
	case TLSImplicit:
		return gomail.DefaultPortSSL
	default:
		return gomail.DefaultPort
	}
}

// SMTPSender sends mail through an SMTP server, one connection per message.
// It is safe for concurrent use.
type SMTPSender struct {
	cfg       Config
	tlsConfig *tls.Config
}

// NewSMTPSender returns a sender for cfg, or an error if cfg is not valid. It
// does not connect: the first Send does.
func NewSMTPSender(cfg Config) (*SMTPSender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &SMTPSender{
		cfg:       cfg,
		tlsConfig: &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12},
	}, nil
}

// Addr returns the host:port the sender connects to.
func (s *SMTPSender) Addr() string {
	return net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.port()))
}

// Send delivers m. Cancelling ctx aborts the delivery at once by closing the
// connection. An invalid message fails with an error wrapping
// ErrInvalidMessage before any connection; a recipient the server refuses
// for good fails with one wrapping ErrRecipientRejected.
func (s *SMTPSender) Send(ctx context.Context, m *Message) error {
	msg, err := BuildMessage(s.cfg.From, m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}

	timeout := s.cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	if deadline, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(deadline))
	}
	if timeout <= 0 {
		return fmt.Errorf("mail: send to %s: %w", m.To, context.DeadlineExceeded)
	}

	// go-mail bounds each step with a deadline but only watches the context
	// while dialling, so the connection is kept here and closed as soon as
	// ctx is done.
	var (
		mu   sync.Mutex
		conn net.Conn
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if conn != nil {
			_ = conn.Close()
		}
	})
	defer stop()
	dial := func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		dialer := &net.Dialer{Timeout: timeout}
		var c net.Conn
		var err error
		if s.cfg.tlsMode() == TLSImplicit {
			// A *tls.Conn as such, so that the SMTP client knows the
			// connection is encrypted and allows PLAIN and LOGIN.
			c, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig.Clone()}).DialContext(dialCtx, network, addr)
		} else {
			c, err = dialer.DialContext(dialCtx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		conn = c
		if ctx.Err() != nil {
			_ = c.Close()
			return nil, ctx.Err()
		}
		return c, nil
	}

	client, err := gomail.NewClient(s.cfg.Host, s.clientOptions(timeout, dial)...)
	if err != nil {
		return fmt.Errorf("mail: smtp client for %s: %w", s.Addr(), err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, s.Addr(), ctxErr, err)
		}
		var sendErr *gomail.SendError
		if errors.As(err, &sendErr) && sendErr.Reason == gomail.ErrSMTPRcptTo && sendErr.ErrorCode() >= 500 {
			return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, s.Addr(), ErrRecipientRejected, err)
		}
		return fmt.Errorf("mail: send to %s via %s: %w", m.To, s.Addr(), err)
	}
	return nil
}

// clientOptions returns the go-mail options for one delivery.
func (s *SMTPSender) clientOptions(timeout time.Duration, dial gomail.DialContextFunc) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.port()),
		gomail.WithTimeout(timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tlsConfig.Clone()),
	}
	// Mechanisms ending in -NOENC may send the password in clear text; the
	// others refuse to unless the connection is encrypted or to the loopback.
	mechanisms := []gomail.SMTPAuthType{gomail.SMTPAuthPlain, gomail.SMTPAuthLogin}
	switch s.cfg.tlsMode() {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSImplicit:
		// The dialler already speaks TLS; no STARTTLS on top of it.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		mechanisms = []gomail.SMTPAuthType{gomail.SMTPAuthPlainNoEnc, gomail.SMTPAuthLoginNoEnc}
	}
	if s.cfg.Username != "" {
		opts = append(opts,
			gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(mechanisms...),
		)
	}
	return opts
}
