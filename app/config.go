package app

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/room"
)

// Config is the whole configuration, from flags and CREATORCLUB_* variables
// (flags win). Secrets also have a _FILE variant that names a file holding them.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	OrgName     string
	ClubName    string
	LogLevel    string
	LogFormat   string
	TrustProxy  bool
	Metrics     string
	Demo        bool
	SMTP        mail.Config
	Rooms       room.Config
	LegalFeeds  []string
	FlagWords   []string
	// MailRate is the newsletters' sending rate in messages per second (0:
	// no limit); MailConnections how many SMTP sessions send in parallel.
	MailRate        float64
	MailConnections int
	// S3, when configured, keeps uploaded files in an S3-compatible bucket
	// instead of DataDir/files.
	S3 files.S3Config
	// SafetyKey is the base64 AES-256 key sealing the safety desk's
	// messages and attachments (only from the environment or a _FILE);
	// empty: a key generated once and kept in DATA_DIR/safety.key.
	SafetyKey string
	// SafetyRetentionDays is how long closed safety cases are kept.
	SafetyRetentionDays int
	// LiveWindow is the shortest time between two batches of a question
	// box's live updates: longer, fewer writes to each viewer (less CPU
	// under load) but each update waits up to that long.
	LiveWindow time.Duration
}

// env returns the variable CREATORCLUB_<name>, or the content of the file
// named by CREATORCLUB_<name>_FILE, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv("CREATORCLUB_" + name); ok {
		return v
	}
	if path, ok := os.LookupEnv("CREATORCLUB_" + name + "_FILE"); ok {
		b, err := os.ReadFile(path)
		if err == nil {
			return strings.TrimSpace(string(b))
		}
		fmt.Fprintf(os.Stderr, "creatorclub: cannot read CREATORCLUB_%s_FILE: %v\n", name, err)
	}
	return def
}

func envBool(name string, def bool) bool {
	v := env(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

// bindCommon declares the flags shared by all subcommands.
func (c *Config) bindCommon(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", env("DATA_DIR", "data"), "directory for the SQLite database, the outbox and uploads (CREATORCLUB_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL postgres://…; empty for the embedded SQLite (CREATORCLUB_DATABASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (CREATORCLUB_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("LOG_FORMAT", "text"), "text or json (CREATORCLUB_LOG_FORMAT)")
	fs.StringVar(&c.OrgName, "org-name", env("ORG_NAME", "ARPP"), "name of the certifying body (CREATORCLUB_ORG_NAME)")
	fs.StringVar(&c.ClubName, "club-name", env("CLUB_NAME", "Club des créateurs"), "name of the club (CREATORCLUB_CLUB_NAME)")
	fs.StringVar(&c.SMTP.Host, "smtp-host", env("SMTP_HOST", ""), "SMTP server; empty writes mail to DATA_DIR/outbox (CREATORCLUB_SMTP_HOST)")
	port, _ := strconv.Atoi(env("SMTP_PORT", "0"))
	fs.IntVar(&c.SMTP.Port, "smtp-port", port, "SMTP port; 0 picks 587 for starttls, 465 for tls (CREATORCLUB_SMTP_PORT)")
	fs.StringVar(&c.SMTP.Username, "smtp-user", env("SMTP_USER", ""), "SMTP user name (CREATORCLUB_SMTP_USER)")
	c.SMTP.Password = env("SMTP_PASSWORD", "") // only from the environment or a file, never a flag
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", env("SMTP_TLS", "starttls"), "starttls, tls, opportunistic or none (CREATORCLUB_SMTP_TLS)")
	rate, _ := strconv.ParseFloat(env("MAIL_RATE", "0"), 64)
	fs.Float64Var(&c.MailRate, "mail-rate", rate, "newsletter sending rate in messages per second, 0 for no limit (CREATORCLUB_MAIL_RATE)")
	conns, _ := strconv.Atoi(env("MAIL_CONNECTIONS", "2"))
	fs.IntVar(&c.MailConnections, "mail-connections", conns, "SMTP sessions sending newsletters in parallel (CREATORCLUB_MAIL_CONNECTIONS)")
	fs.StringVar(&c.SMTP.From, "mail-from", env("MAIL_FROM", "Club des créateurs <club@localhost>"), "sender of the club's mail (CREATORCLUB_MAIL_FROM)")
}

// bindServe declares the flags of the serve subcommand.
func (c *Config) bindServe(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "HOST:PORT to listen on (CREATORCLUB_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", env("BASE_URL", ""), "public URL of the club, used in mail links; default http://ADDR (CREATORCLUB_BASE_URL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("TRUST_PROXY", false), "take the client address from X-Forwarded-For (CREATORCLUB_TRUST_PROXY)")
	c.Metrics = env("METRICS_TOKEN", "")
	fs.BoolVar(&c.Demo, "demo", envBool("DEMO", false), "seed demo members and staff accounts into an empty club (CREATORCLUB_DEMO)")
	c.SafetyKey = env("SAFETY_KEY", "") // only from the environment or a file, never a flag
	window, err := time.ParseDuration(env("LIVE_WINDOW", "100ms"))
	if err != nil {
		window = -1 // refused by Validate, naming the variable
	}
	fs.DurationVar(&c.LiveWindow, "live-window", window, "shortest time between two batches of a question box's live updates, 10ms to 2s (CREATORCLUB_LIVE_WINDOW)")
	days, _ := strconv.Atoi(env("SAFETY_RETENTION_DAYS", "730"))
	fs.IntVar(&c.SafetyRetentionDays, "safety-retention-days", days, "days closed safety cases are kept before deletion, at least 183 (CREATORCLUB_SAFETY_RETENTION_DAYS)")
	fs.StringVar(&c.Rooms.JitsiBaseURL, "jitsi-url", env("JITSI_URL", room.DefaultJitsiBaseURL), "Jitsi Meet server for generated video rooms (CREATORCLUB_JITSI_URL)")
	fs.StringVar(&c.Rooms.JitsiAppID, "jitsi-app-id", env("JITSI_APP_ID", ""), "app id for Jitsi token authentication (CREATORCLUB_JITSI_APP_ID)")
	c.Rooms.JitsiSecret = env("JITSI_SECRET", "") // only from the environment or a file
	c.bindS3(fs)
	fs.Func("legal-feed", "RSS/Atom feed polled hourly into the legal watch's review queue; repeat the flag, or CREATORCLUB_LEGAL_FEEDS=url,url", func(v string) error {
		c.LegalFeeds = append(c.LegalFeeds, v)
		return nil
	})
	for _, u := range strings.Split(env("LEGAL_FEEDS", ""), ",") {
		if u = strings.TrimSpace(u); u != "" {
			c.LegalFeeds = append(c.LegalFeeds, u)
		}
	}
	if path := env("WORDLIST_FILE", ""); path != "" {
		if data, err := os.ReadFile(path); err == nil {
			for _, w := range strings.Split(string(data), "\n") {
				if w = strings.TrimSpace(w); w != "" && !strings.HasPrefix(w, "#") {
					c.FlagWords = append(c.FlagWords, w)
				}
			}
		} else {
			fmt.Fprintf(os.Stderr, "creatorclub: cannot read CREATORCLUB_WORDLIST_FILE: %v\n", err)
		}
	}
}

// bindS3 declares the flags of the S3 bucket for uploaded files, shared by
// serve and "files migrate".
func (c *Config) bindS3(fs *flag.FlagSet) {
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", env("S3_ENDPOINT", ""), "S3-compatible server for uploaded files, host:port or https:// URL; empty keeps them in DATA_DIR/files (CREATORCLUB_S3_ENDPOINT)")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", env("S3_BUCKET", ""), "bucket for uploaded files, which must exist (CREATORCLUB_S3_BUCKET)")
	fs.StringVar(&c.S3.Region, "s3-region", env("S3_REGION", ""), "region of the bucket; empty asks the server (CREATORCLUB_S3_REGION)")
	fs.StringVar(&c.S3.Prefix, "s3-prefix", env("S3_PREFIX", ""), "folder inside the bucket, for a shared bucket (CREATORCLUB_S3_PREFIX)")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", env("S3_ACCESS_KEY", ""), "access key id for the bucket (CREATORCLUB_S3_ACCESS_KEY)")
	c.S3.SecretKey = env("S3_SECRET_KEY", "") // only from the environment or a file
	fs.BoolVar(&c.S3.Insecure, "s3-insecure", envBool("S3_INSECURE", false), "plain HTTP to the S3 server, on a private network only (CREATORCLUB_S3_INSECURE)")
}

// Validate checks the configuration at start-up.
func (c *Config) Validate() error {
	var errs []error
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("--database-url must start with postgres://"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data-dir must not be empty"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		errs = append(errs, errors.New("--base-url must start with http:// or https://"))
	}
	for _, u := range c.LegalFeeds {
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			errs = append(errs, fmt.Errorf("legal feed %q: want an http(s) URL", u))
		}
	}
	if c.MailRate < 0 || c.MailConnections < 1 || c.MailConnections > 32 {
		errs = append(errs, errors.New("--mail-rate must be ≥ 0 and --mail-connections between 1 and 32"))
	}
	if err := c.Rooms.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.S3.Configured() {
		if err := c.S3.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("S3 storage of uploaded files (--s3-* flags, CREATORCLUB_S3_* variables): %w", err))
		}
	}
	if c.SafetyKey != "" {
		if _, err := DecodeSafetyKey(c.SafetyKey); err != nil {
			errs = append(errs, err)
		}
	}
	if c.LiveWindow != 0 && (c.LiveWindow < 10*time.Millisecond || c.LiveWindow > 2*time.Second) {
		errs = append(errs, errors.New("--live-window (CREATORCLUB_LIVE_WINDOW) must be a duration from 10ms to 2s, such as 100ms"))
	}
	if c.SafetyRetentionDays != 0 && c.SafetyRetentionDays < 183 {
		errs = append(errs, errors.New("--safety-retention-days must be at least 183 (six months, the time to appeal)"))
	}
	if c.SMTP.Host != "" {
		if err := c.SMTP.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// DefaultConfig returns the configuration a server gets with no flags, from
// the defaults and the CREATORCLUB_* variables.
func DefaultConfig() Config {
	var c Config
	fs := flag.NewFlagSet("defaults", flag.ContinueOnError)
	c.bindCommon(fs)
	c.bindServe(fs)
	return c
}
