// Package app wires the club together: configuration, database, job queue,
// mail and web server, and the command-line subcommands. cmd/creatorclub
// calls Run; browser tests start a Main.
package app

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/web"
)

const usage = `creatorclub — the certified creators' club

Usage:
  creatorclub serve [--addr HOST:PORT] [--data-dir DIR] [--database-url URL] [--demo]
  creatorclub migrate
  creatorclub roster import [--dry-run] FILE
  creatorclub admin create [--role admin] [--first-name F] [--last-name L] EMAIL
  creatorclub backup FILE
  creatorclub files migrate --from disk|s3 --to disk|s3 [--dry-run]   (see "creatorclub files migrate -h")
  creatorclub files sweep [--delete] [--older-than 24h]   (see "creatorclub files sweep -h")
  creatorclub audit verify
  creatorclub safety rotate-key [--new-key-file FILE] --yes   (every instance stopped)
  creatorclub observatory analyze|eval|generate|bench …   (see "creatorclub observatory help")

Every flag can also be set with a CREATORCLUB_* variable; run
"creatorclub serve -h" to list them with their defaults.
`

// Run runs the subcommand named by args[0]; serve blocks until ctx is done.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		m := NewMain()
		m.Stdout = stdout
		if err := m.ParseFlags("serve", rest, stderr); err != nil {
			return err
		}
		if err := m.Run(ctx); err != nil {
			m.Close()
			return err
		}
		<-ctx.Done()
		return m.Close()
	case "migrate":
		return withDBArgs(ctx, "migrate", 0, rest, stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
			fmt.Fprintf(stdout, "migrations applied; %s database is up to date\n", db.Engine)
			return nil
		})
	case "roster":
		if len(rest) == 0 || rest[0] != "import" {
			return errors.New(`usage: creatorclub roster import [--dry-run] FILE`)
		}
		return rosterImport(ctx, rest[1:], stdout, stderr)
	case "admin":
		if len(rest) == 0 || rest[0] != "create" {
			return errors.New(`usage: creatorclub admin create [--role admin] EMAIL`)
		}
		return adminCreate(ctx, rest[1:], stdout, stderr)
	case "backup":
		return withDBArgs(ctx, "backup", 1, rest, stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return errors.New("usage: creatorclub backup FILE")
			}
			path := fs.Arg(0)
			if err := db.Backup(ctx, path); err != nil {
				return errors.New(creatorclub.ErrorMessage(err))
			}
			fmt.Fprintf(stdout, "backup written to %s\n", path)
			fmt.Fprintln(stdout, "uploaded files are not in it: copy DATA_DIR/files, or the S3 bucket when CREATORCLUB_S3_BUCKET is set")
			return nil
		})
	case "files":
		if len(rest) > 0 {
			switch rest[0] {
			case "migrate":
				return filesMigrate(ctx, rest[1:], stdout, stderr)
			case "sweep":
				return filesSweep(ctx, rest[1:], stdout, stderr)
			}
		}
		return errors.New(filesUsage)
	case "audit":
		if len(rest) == 0 || rest[0] != "verify" {
			return errors.New("usage: creatorclub audit verify")
		}
		return withDBArgs(ctx, "audit verify", 0, rest[1:], stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
			n, problem, err := db.VerifyAudit(ctx)
			if err != nil {
				return err
			}
			if problem != nil {
				return fmt.Errorf("audit log broken at entry %d after checking %d entries: %s", problem.EntryID, n, problem.Reason)
			}
			fmt.Fprintf(stdout, "audit log intact: %d entries verified\n", n)
			return nil
		})
	case "safety":
		if len(rest) == 0 || rest[0] != "rotate-key" {
			return errors.New("usage: creatorclub safety rotate-key [--new-key-file FILE] --yes")
		}
		return safetyRotateKey(ctx, rest[1:], stdout, stderr)
	case "observatory":
		return observatoryCommand(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// withDB parses the common flags, opens and migrates the database, and runs fn.
func withDB(ctx context.Context, name string, args []string, stderr io.Writer, fn func(*sqldb.DB, *flag.FlagSet) error, extra ...func(*flag.FlagSet)) error {
	return withDBArgs(ctx, name, -1, args, stderr, fn, extra...)
}

// withDBArgs is withDB for a command that takes exactly nargs arguments
// (-1: any); wrong usage is refused before the database is opened.
func withDBArgs(ctx context.Context, name string, nargs int, args []string, stderr io.Writer, fn func(*sqldb.DB, *flag.FlagSet) error, extra ...func(*flag.FlagSet)) error {
	var cfg Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bindCommon(fs)
	for _, e := range extra {
		e(fs)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if nargs >= 0 && fs.NArg() != nargs {
		return fmt.Errorf("usage: creatorclub %s: want %d argument(s), got %d", name, nargs, fs.NArg())
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db, fs)
}

// openDB opens the database cfg names and applies the migrations, the
// club's and the job queue's.
func openDB(ctx context.Context, cfg Config) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, cfg.DataDir, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func rosterImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var dryRun bool
	return withDBArgs(ctx, "roster import", 1, args, stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
		if fs.NArg() != 1 {
			return errors.New("usage: creatorclub roster import [--dry-run] FILE")
		}
		path := fs.Arg(0)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		entries, err := creatorclub.ParseRoster(f)
		var fileErr *creatorclub.RosterFileError
		if errors.As(err, &fileErr) {
			for _, row := range fileErr.Rows {
				fmt.Fprintf(stderr, "%s:%d: %s\n", path, row.Line, row.Reason)
			}
			return fmt.Errorf("%s rejected: %d invalid rows, nothing imported", path, len(fileErr.Rows))
		} else if err != nil {
			return err
		}
		opts := creatorclub.RosterImportOptions{DryRun: dryRun}
		if !dryRun {
			opts.Audit = &creatorclub.AuditEntry{ActorEmail: "cli:" + currentUser(), Action: creatorclub.AuditRosterImport,
				TargetType: "roster_file", TargetID: filepath.Base(path)}
		}
		// Members the committee's waiting list promotes are mailed as from
		// the admin pages: the mail waits in the job queue for the server.
		tell, err := promotionMailer(db, fs)
		if err != nil {
			return err
		}
		report, err := db.ImportRosterHook(ctx, entries, opts, tell)
		if errors.As(err, &fileErr) {
			for _, row := range fileErr.Rows {
				fmt.Fprintf(stderr, "%s:%d: %s\n", path, row.Line, row.Reason)
			}
			return fmt.Errorf("%s rejected: %d invalid rows, nothing imported", path, len(fileErr.Rows))
		} else if err != nil {
			return err
		}
		printReport(stdout, report)
		return nil
	}, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "show the change report without changing anything")
	})
}

// promotionMailer returns the hook that queues the mail telling members
// the committee's waiting list promoted them. The queue is not started
// here: the server sends the mail. Links use CREATORCLUB_BASE_URL, or the
// address the server listens on by default.
func promotionMailer(db *sqldb.DB, fs *flag.FlagSet) (sqldb.CommitteeHook, error) {
	base := env("BASE_URL", "")
	if base == "" {
		base = "http://" + env("ADDR", "127.0.0.1:8080")
	}
	composer, err := notify.New(fs.Lookup("club-name").Value.String(), fs.Lookup("org-name").Value.String(), base)
	if err != nil {
		return nil, err
	}
	q, err := jobs.New(db.Write, db.Engine, queueOnly{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	return func(tx *sql.Tx, ch *sqldb.CommitteeChange) error {
		return jobs.TellPromoted(context.Background(), tx, db, composer, q, ch)
	}, nil
}

// queueOnly is the mail sender of a queue that is never started.
type queueOnly struct{}

func (queueOnly) Send(context.Context, *mail.Message) error {
	return errors.New("this queue only queues: the server sends the mail")
}

func printReport(w io.Writer, r *creatorclub.RosterReport) {
	if r.DryRun {
		fmt.Fprintln(w, "DRY RUN: nothing was changed")
	}
	fmt.Fprintf(w, "%d rows: %d added, %d updated, %d status changed, %d removed from list, %d unchanged, %d skipped; %d lose access\n",
		r.Total, r.Added, r.Updated, r.Status, r.Removed, r.Unchanged, r.Skipped, r.LostAccess)
	for _, c := range r.Changes {
		line := fmt.Sprintf("  %-15s %-16s %s", c.Kind, c.Number, c.Name)
		if c.OldStatus != "" || c.NewStatus != "" {
			line += fmt.Sprintf("  [%s → %s]", c.OldStatus, c.NewStatus)
		}
		if len(c.Fields) > 0 {
			line += fmt.Sprintf("  %v", c.Fields)
		}
		fmt.Fprintln(w, line)
	}
}

func adminCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var role, first, last string
	return withDBArgs(ctx, "admin create", 1, args, stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
		if fs.NArg() != 1 {
			return errors.New("usage: creatorclub admin create [--role admin] EMAIL")
		}
		r, err := creatorclub.ParseRole(role)
		if err != nil || r == creatorclub.RoleMember {
			return fmt.Errorf("--role %q: want speaker, partner, moderator, safety or admin (members come from the roster)", role)
		}
		u := &creatorclub.User{Email: fs.Arg(0), FirstName: first, LastName: last, Role: r}
		if err := db.CreateUser(ctx, u); err != nil {
			return errors.New(creatorclub.ErrorMessage(err))
		}
		if err := db.Record(ctx, &creatorclub.AuditEntry{ActorEmail: "cli:" + currentUser(), Action: creatorclub.AuditUserCreate,
			TargetType: "user", TargetID: fmt.Sprint(u.ID), Detail: fmt.Sprintf("email=%s role=%s", u.Email, r)}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s account %s (id %d); sign in at /connexion with this address\n", r, u.Email, u.ID)
		return nil
	}, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "admin", "role of the account")
		fs.StringVar(&first, "first-name", "", "first name")
		fs.StringVar(&last, "last-name", "", "last name")
	})
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// Main is the running server: database, job queue, web server.
type Main struct {
	Config Config
	Stdout io.Writer
	Logger *slog.Logger

	DB       *sqldb.DB
	Queue    *jobs.Queue
	Server   *web.Server
	HTTP     *http.Server
	Listener net.Listener
	Sender   mail.Sender
	// Outbox is the outbox folder when no SMTP server is configured.
	Outbox string
	// URL is the address the server listens on, known after Run.
	URL string
	// Clock, if set before Run, replaces the wall clock (browser tests move
	// time to see the join button appear). It must be safe for concurrent use.
	Clock func() time.Time

	closeOnce sync.Once
	closeErr  error
}

// NewMain returns a Main with defaults.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout}
}

// ParseFlags reads the serve flags and the environment.
func (m *Main) ParseFlags(name string, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.bindCommon(fs)
	m.Config.bindServe(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return m.Config.Validate()
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Run opens the database, applies migrations, starts the job queue and the
// web server, and returns once the server is listening.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = newLogger(m.Config, os.Stderr)
	}
	cfg := m.Config
	db, err := sqldb.Open(ctx, cfg.DataDir, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	m.DB = db
	if m.Clock != nil {
		db.Now = m.Clock
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := jobs.Migrate(ctx, db.Write, db.Engine); err != nil {
		return err
	}
	m.Logger.Info("database ready", "engine", db.Engine, "migrations_applied", n, "path", db.Path)

	logLinks := false
	var opener mail.Opener
	if cfg.SMTP.Host != "" {
		s, err := mail.NewSMTPSender(cfg.SMTP)
		if err != nil {
			return err
		}
		m.Sender, opener = s, s
	} else {
		m.Outbox = filepath.Join(cfg.DataDir, "outbox")
		s, err := mail.NewOutboxSender(m.Outbox, cfg.SMTP.From)
		if err != nil {
			return err
		}
		m.Sender, opener, logLinks = s, s, true
		m.Logger.Info("no SMTP server configured: mail is written to the outbox", "dir", m.Outbox)
	}
	// Before listening: a club whose bucket is missing must not start.
	store, err := newFileStore(ctx, cfg, m.Logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	m.Listener = ln
	m.URL = "http://" + ln.Addr().String()
	base := cfg.BaseURL
	if base == "" {
		base = m.URL
	}
	composer, err := notify.New(cfg.ClubName, cfg.OrgName, base)
	if err != nil {
		return err
	}
	// The campaign sender renders each copy with the web server's composer,
	// which exists once the server is built below.
	var srv *web.Server
	msgHost := web.MessageHost("")
	if from, err := netmail.ParseAddress(cfg.SMTP.From); err == nil {
		msgHost = web.MessageHost(from.Address)
	}
	sender := &campaign.Sender{DB: db, Transport: opener, Host: msgHost, Logger: m.Logger, Rate: cfg.MailRate, Connections: cfg.MailConnections,
		Compose: func(ctx context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
			return srv.ComposeCampaign(ctx, c, u)
		}}
	safetyKey, err := safetyKey(cfg.SafetyKey, cfg.DataDir, m.Logger)
	if err != nil {
		return fmt.Errorf("safety key: %w", err)
	}
	if err := db.CheckSafetyKey(ctx, safetyKey); err != nil {
		return fmt.Errorf("safety key: %w", err)
	}
	retention := cfg.SafetyRetentionDays
	if retention == 0 {
		retention = 730
	}
	// The safety desk's mail waits in the queue sealed with its key.
	opts := []jobs.Option{jobs.WithSealedMail(mustSealer(safetyKey)), jobs.WithEventReminders(db, composer), jobs.WithCampaigns(sender),
		jobs.WithSafetyRetention(db.PurgeClosedCases, time.Duration(retention)*24*time.Hour, db.Now)}
	opts = append(opts, jobs.WithCourseReminders(db, composer, time.Hour))
	opts = append(opts, jobs.WithCertExpiryReminders(db, composer, 6*time.Hour))
	obs := &jobs.Observatory{DB: db, Store: store, Dir: filepath.Join(cfg.DataDir, "observatory"), Logger: m.Logger}
	// Before this instance's queue starts an analysis: the observatory's
	// files an earlier version kept in DATA_DIR/observatory go to the file
	// store, where every instance reads them. A file that cannot be moved
	// does not stop the club; it is tried again at the next start.
	moved, err := obs.MoveLegacyFiles(ctx)
	if err != nil {
		m.Logger.Error("observatory: files of an earlier version could not all be moved into the file store; the next start tries again", "err", err)
	}
	if moved != nil && moved.Files+moved.Removed+len(moved.Left) > 0 {
		m.Logger.Info("observatory: files of an earlier version moved into the file store", "corpora", moved.Corpora, "reports", moved.Reports,
			"files", moved.Files, "bytes", moved.Bytes, "removed", moved.Removed, "left", strings.Join(moved.Left, "; "))
	}
	if err := obs.RemoveStaleScratch(); err != nil {
		m.Logger.Warn("observatory: remove reports left half-written by a crash", "err", err)
	}
	opts = append(opts, jobs.WithObservatory(obs))
	if len(cfg.LegalFeeds) > 0 {
		opts = append(opts, jobs.WithFeedPolling(func(ctx context.Context) error {
			for _, rep := range web.PollLegalFeeds(ctx, db, cfg.LegalFeeds, nil) {
				m.Logger.Info("legal feed polled", "url", rep.URL, "new", rep.New, "problems", len(rep.Problems), "err", rep.Err)
			}
			return nil
		}, time.Hour))
	}
	q, err := jobs.New(db.Write, db.Engine, m.Sender, m.Logger, opts...)
	if err != nil {
		return err
	}
	m.Queue = q
	// The queue outlives the serve context: Close stops it gracefully.
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}

	organizer := ""
	if from, err := netmail.ParseAddress(cfg.SMTP.From); err == nil {
		organizer = from.Address
	}
	srv, err = web.NewServer(db, q, store, m.Logger, web.Config{BaseURL: base, OrgName: cfg.OrgName, ClubName: cfg.ClubName,
		TrustProxy: cfg.TrustProxy, MetricsToken: cfg.Metrics, LogSignInLinks: logLinks, Rooms: cfg.Rooms, OrganizerEmail: organizer,
		LegalFeeds: cfg.LegalFeeds, FlagWords: cfg.FlagWords, SafetyKey: safetyKey, Observatory: obs, LiveWindow: cfg.LiveWindow})
	if err != nil {
		return err
	}
	m.Server = srv

	var accounts *demo.Accounts
	if cfg.Demo {
		if accounts, err = demo.Seed(ctx, db); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if err := demo.SeedSafety(ctx, db, mustSealer(safetyKey)); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if err := demo.SeedObservatory(ctx, obs); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}

	m.HTTP = &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	go func() {
		if err := m.HTTP.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("http server stopped", "err", err)
		}
	}()
	m.Logger.Info("creatorclub listening", "url", m.URL, "base_url", base)
	fmt.Fprintf(m.Stdout, "\nLe club est ouvert sur %s\n", base)
	if accounts != nil {
		fmt.Fprintf(m.Stdout, "Données de démonstration chargées. Pour vous connecter, saisissez une de ces adresses sur %s/connexion :\n", base)
		fmt.Fprintf(m.Stdout, "  admin        %s\n  modération   %s\n  sécurité     %s\n  partenaire   %s\n  intervenant  %s\n  membre       %s\n",
			accounts.Admin, accounts.Moderator, accounts.Safety, accounts.Partner, accounts.Speaker, accounts.Member)
		if m.Outbox != "" {
			fmt.Fprintf(m.Stdout, "Le lien de connexion s'affiche dans ce journal et arrive dans %s (fichiers .eml).\n", m.Outbox)
		}
	}
	fmt.Fprintln(m.Stdout)
	return nil
}

// newFileStore returns the store of uploaded files: the S3 bucket when one is
// configured, else DATA_DIR/files. Uploads to the bucket are checked in
// DATA_DIR/files/tmp first.
func newFileStore(ctx context.Context, cfg Config, logger *slog.Logger) (*files.Store, error) {
	if !cfg.S3.Configured() {
		return files.NewStore(filepath.Join(cfg.DataDir, "files"))
	}
	s3 := cfg.S3
	if s3.TempDir == "" {
		s3.TempDir = filepath.Join(cfg.DataDir, "files", "tmp")
	}
	store, err := files.NewS3Store(ctx, s3)
	if err != nil {
		return nil, err
	}
	logger.Info("uploaded files are kept in an S3 bucket", "endpoint", s3.Endpoint, "bucket", s3.Bucket, "prefix", s3.Prefix)
	return store, nil
}

// Close shuts down gracefully: in-flight requests finish, then running jobs
// finish, then the database closes. Closing again does nothing and returns
// the first error.
func (m *Main) Close() error {
	m.closeOnce.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Main) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var errs []error
	if m.HTTP != nil {
		if err := m.HTTP.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("http shutdown: %w", err))
		}
	} else if m.Listener != nil {
		m.Listener.Close()
	}
	if m.Server != nil {
		m.Server.Close()
	}
	if m.Queue != nil {
		if err := m.Queue.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("job queue stop: %w", err))
		}
	}
	if m.DB != nil {
		if err := m.DB.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if m.Logger != nil {
		m.Logger.Info("creatorclub stopped")
	}
	return errors.Join(errs...)
}
