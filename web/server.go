// Package web serves the club's pages: server-rendered HTML in French first and
// English, sessions in the database, every route and its access rule listed in
// routes.go.
package web

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/live"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/room"
	"github.com/creatorclub/creatorclub/sqldb"
)

//go:embed templates static locales
var assets embed.FS

// Mailer queues outgoing mail. With a transaction, the mail is queued only if
// the transaction commits.
type Mailer interface {
	EnqueueMail(ctx context.Context, tx *sql.Tx, m mail.Message) error
	// EnqueueSealedMail queues a mail of the safety desk, sealed with the
	// safety key while it waits, so that a case's facts never sit in clear
	// in the job queue's table.
	EnqueueSealedMail(ctx context.Context, tx *sql.Tx, m mail.Message) error
	// ScheduleReminders schedules an event's reminders in tx.
	ScheduleReminders(ctx context.Context, tx *sql.Tx, ev *creatorclub.Event, now time.Time) error
	// EnqueueCampaign queues the sending of a started campaign in tx.
	EnqueueCampaign(ctx context.Context, tx *sql.Tx, campaignID int64) error
}

// Config is what the web layer needs from the command line.
type Config struct {
	// BaseURL is the public address of the club, used in emails (e.g.
	// https://club.example.org). Cookies are Secure when it is https.
	BaseURL string
	// OrgName is the certifying body's name shown in pages and mails.
	OrgName string
	// ClubName is the name of the community.
	ClubName string
	// TrustProxy makes the client address come from X-Forwarded-For.
	TrustProxy bool
	// MetricsToken, if set, is required as a bearer token on /metrics;
	// without it /metrics answers only to loopback clients.
	MetricsToken string
	// LogSignInLinks also writes sign-in links to the log (when no SMTP
	// server is configured, so a newcomer can sign in).
	LogSignInLinks bool
	// HelpLines are shown on the help page: urgent numbers per country.
	HelpLines []HelpLine
	// Rooms configures the video rooms (Jitsi server and token secret).
	Rooms room.Config
	// OrganizerEmail is the ORGANIZER of calendar invitations (the club's
	// sender address); invitations need one.
	OrganizerEmail string
	// FlagWords send a question that contains one of them to moderation;
	// nil means creatorclub.DefaultFlagWords.
	FlagWords []string
	// LegalFeeds are the external RSS/Atom feeds polled into the legal
	// watch's review queue.
	LegalFeeds []string
	// FeedClient fetches them; nil means a client with a 30 s timeout.
	FeedClient *http.Client
	// LiveWindow is the shortest time between two batches of live changes
	// of an event (the changes made meanwhile go out together); 0 means
	// 100 ms.
	LiveWindow time.Duration
	// SafetyKey is the 32-byte AES-256 key that seals the safety desk's
	// messages and attachments at rest; without it the desk does not work.
	SafetyKey []byte
	// LiveNoHijack keeps every live stream in its handler, written through
	// http.Flusher, instead of handing HTTP/1.1 connections to the hub.
	LiveNoHijack bool
	// Observatory stores corpora and runs their analyses (see
	// web/observatory.go); nil hides the observatory's staff pages.
	Observatory *jobs.Observatory
}

// HelpLine is one urgent help number.
type HelpLine struct {
	Number string
	Label  map[string]string // by locale
}

// Server holds the dependencies of the handlers.
type Server struct {
	DB       *sqldb.DB
	Mailer   Mailer
	Logger   *slog.Logger
	Config   Config
	Sessions *scs.SessionManager
	// Files stores uploaded files (event materials).
	Files *files.Store

	notify    *notify.Composer
	markdown  *markdown
	i18n      *translator
	templates *templates
	limiter   *signInLimiter
	registry  *prometheus.Registry
	metrics   *metrics
	static    *staticFiles
	handler   http.Handler
	stopStore func()

	hub         *live.Hub
	askLimiter  *userLimiter
	voteLimiter *userLimiter
	caseLimiter *userLimiter
	stopListen  context.CancelFunc
	signingKey  []byte // for signed links; read once at start (never inside a transaction)
}

// NewServer builds the server and its routes.
func NewServer(db *sqldb.DB, mailer Mailer, store *files.Store, logger *slog.Logger, cfg Config) (*Server, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("web: base URL required")
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.ClubName == "" {
		cfg.ClubName = "Club des créateurs"
	}
	if cfg.OrgName == "" {
		cfg.OrgName = "ARPP"
	}
	if cfg.HelpLines == nil {
		cfg.HelpLines = DefaultHelpLines
	}
	if cfg.FlagWords == nil {
		cfg.FlagWords = creatorclub.DefaultFlagWords
	}
	if cfg.LiveWindow == 0 {
		cfg.LiveWindow = 100 * time.Millisecond
	}
	if err := cfg.Rooms.Validate(); err != nil {
		return nil, fmt.Errorf("web: video rooms: %w", err)
	}
	s := &Server{DB: db, Mailer: mailer, Files: store, Logger: logger, Config: cfg, markdown: newMarkdown()}
	var err error
	if s.notify, err = notify.New(cfg.ClubName, cfg.OrgName, cfg.BaseURL); err != nil {
		return nil, err
	}
	if s.i18n, err = newTranslator(); err != nil {
		return nil, err
	}
	if s.static, err = newStaticFiles(); err != nil {
		return nil, err
	}
	if s.templates, err = parseTemplates(s); err != nil {
		return nil, err
	}
	s.limiter = newSignInLimiter()
	s.registry = prometheus.NewRegistry()
	s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = newMetrics(s.registry)

	sm := scs.New()
	sm.Lifetime = 30 * 24 * time.Hour
	sm.IdleTimeout = 7 * 24 * time.Hour
	sm.Cookie.Name = "cc_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.Cookie.Persist = true
	// The scs store of the engine writes and cleans up; reads go through
	// the read pool, and a session is written back only when its data
	// changed or its idle expiry moved by an hour.
	switch db.Engine {
	case sqldb.Postgres:
		st := postgresstore.NewWithCleanupInterval(db.Write, 30*time.Minute)
		sm.Store, s.stopStore = db.NewSessionStore(st, time.Hour, sameSession(sm.Codec)), st.StopCleanup
	default:
		st := sqlite3store.NewWithCleanupInterval(db.Write, 30*time.Minute)
		sm.Store, s.stopStore = db.NewSessionStore(st, time.Hour, sameSession(sm.Codec)), st.StopCleanup
	}
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.serverError(w, r, fmt.Errorf("web: session: %w", err))
	}
	s.Sessions = sm
	if s.signingKey, err = db.SigningKey(context.Background()); err != nil {
		return nil, err
	}
	s.hub = live.NewHub(s.loadQuestionMessages, s.DB.LastQuestionLogID, cfg.LiveWindow, logger)
	s.askLimiter = newUserLimiter(20*time.Second, 3)
	s.voteLimiter = newUserLimiter(200*time.Millisecond, 30)
	// Help requests and reports: 10 at once, then one every 5 minutes.
	s.caseLimiter = newUserLimiter(5*time.Minute, 10)
	lctx, cancel := context.WithCancel(context.Background())
	s.stopListen = cancel
	go s.listenForQuestions(lctx)
	s.handler = s.buildHandler()
	s.adoptQuestionReports()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close stops the session cleanup and closes the live streams (the server's
// Shutdown does not wait for them: their connections were taken over).
func (s *Server) Close() {
	if s.stopListen != nil {
		s.stopListen()
	}
	if s.hub != nil {
		s.hub.Close()
	}
	if s.stopStore != nil {
		s.stopStore()
	}
}

// staticFS returns the embedded static directory.
func staticFS() fs.FS {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err)
	}
	return sub
}

// clientIP returns the address of the client, from X-Forwarded-For when the
// server runs behind a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// DefaultHelpLines are the French urgent help numbers (DESIGN.md, domain notes).
var DefaultHelpLines = []HelpLine{
	{Number: "3018", Label: map[string]string{
		"fr": "Violences numériques et cyberharcèlement — gratuit, anonyme, 7 j/7 de 9 h à 23 h (téléphone, tchat, application)",
		"en": "Online violence and cyberharassment — free, anonymous, 7 days a week 9:00–23:00 (phone, chat, app)"}},
	{Number: "3114", Label: map[string]string{
		"fr": "Prévention du suicide — gratuit, 24 h/24, 7 j/7",
		"en": "Suicide prevention — free, 24/7"}},
	{Number: "112", Label: map[string]string{
		"fr": "Urgences",
		"en": "Emergencies"}},
}
