package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
)

// DecodeSafetyKey decodes a base64 (standard or URL alphabet) 32-byte key.
func DecodeSafetyKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != 32 {
				return nil, fmt.Errorf("CREATORCLUB_SAFETY_KEY: %d bytes, want 32 (AES-256)", len(k))
			}
			return k, nil
		}
	}
	return nil, errors.New("CREATORCLUB_SAFETY_KEY: not base64")
}

// safetyKey returns the configured key, or the one kept in
// dataDir/safety.key, generated there (mode 0600) the first time. Losing that
// file makes the desk's messages unreadable: it must be backed up apart from
// the database.
func safetyKey(configured, dataDir string, logger *slog.Logger) ([]byte, error) {
	if configured != "" {
		return DecodeSafetyKey(configured)
	}
	path := filepath.Join(dataDir, "safety.key")
	if b, err := os.ReadFile(path); err == nil {
		return DecodeSafetyKey(string(b))
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := writeKeyFile(path, key); err != nil {
		return nil, err
	}
	logger.Warn("no CREATORCLUB_SAFETY_KEY: generated a key for the safety desk; back it up apart from the database", "file", path)
	return key, nil
}

// mustSealer returns the sealer of a key already checked by safetyKey.
func mustSealer(key []byte) *creatorclub.Sealer {
	s, err := creatorclub.NewSealer(key)
	if err != nil {
		panic(err)
	}
	return s
}

// safetyRotateKey seals the safety desk's data, with its mails in the job
// queue, again under a new key: a key file given with --new-key-file, or a
// key generated here. The new key is written to disk before the database
// changes, so that it cannot be lost with data sealed under it; with the
// key kept in DATA_DIR/safety.key, the files are then swapped (the old key
// kept as safety.key.old, for the backups made before). Every instance must
// be stopped first: one still running would seal new messages with the old
// key.
func safetyRotateKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var newKeyFile string
	var yes bool
	return withDBArgs(ctx, "safety rotate-key", 0, args, stderr, func(db *sqldb.DB, fs *flag.FlagSet) error {
		if !yes {
			return errors.New("stop every instance of the club first, then run again with --yes")
		}
		dataDir := fs.Lookup("data-dir").Value.String()
		keyFile := filepath.Join(dataDir, "safety.key")
		configured := env("SAFETY_KEY", "")
		var old []byte
		var err error
		if configured != "" {
			old, err = DecodeSafetyKey(configured)
		} else {
			var b []byte
			if b, err = os.ReadFile(keyFile); err == nil {
				old, err = DecodeSafetyKey(string(b))
			}
		}
		if err != nil {
			return fmt.Errorf("the current key (CREATORCLUB_SAFETY_KEY or %s): %w", keyFile, err)
		}
		var newKey []byte
		written := ""
		if newKeyFile != "" {
			b, err := os.ReadFile(newKeyFile)
			if err != nil {
				return err
			}
			if newKey, err = DecodeSafetyKey(string(b)); err != nil {
				return fmt.Errorf("%s: %w", newKeyFile, err)
			}
		} else {
			newKey = make([]byte, 32)
			rand.Read(newKey)
			written = keyFile + ".new"
			if err := writeKeyFile(written, newKey); err != nil {
				return err
			}
		}
		if bytes.Equal(old, newKey) {
			return errors.New("the new key is the current key")
		}
		// The desk's mails waiting in the job queue are sealed too.
		mails, err := jobs.MailResealer(db.Engine)
		if err != nil {
			return err
		}
		n, err := db.RotateSafetyKey(ctx, old, newKey, mails)
		if err != nil {
			if written != "" {
				os.Remove(written)
			}
			var e *creatorclub.Error
			if errors.As(err, &e) {
				return errors.New(e.Message)
			}
			return fmt.Errorf("nothing was changed: %w", err)
		}
		fmt.Fprintf(stdout, "%d sealed values of the safety desk sealed again under the new key\n", n)
		if configured != "" {
			where := newKeyFile
			if written != "" {
				where = written
			}
			fmt.Fprintf(stdout, "set CREATORCLUB_SAFETY_KEY (or the file CREATORCLUB_SAFETY_KEY_FILE names) to the key in %s on every instance before starting them again\n", where)
			return nil
		}
		// The key lives in DATA_DIR/safety.key: put the new one in its place.
		if err := os.Rename(keyFile, keyFile+".old"); err != nil {
			return fmt.Errorf("keep the old key: %w (the new key is in %s)", err, written)
		}
		if written == "" {
			if err := writeKeyFile(keyFile, newKey); err != nil {
				return err
			}
		} else if err := os.Rename(written, keyFile); err != nil {
			return fmt.Errorf("install the new key: %w (it is in %s)", err, written)
		}
		fmt.Fprintf(stdout, "%s now holds the new key; the old one is in %s.old, for backups made before: keep it apart, or delete it\n", keyFile, keyFile)
		return nil
	}, func(fs *flag.FlagSet) {
		fs.StringVar(&newKeyFile, "new-key-file", "", "file holding the new key (base64, 32 bytes); default: generate one")
		fs.BoolVar(&yes, "yes", false, "every instance is stopped: go ahead")
	})
}

// writeKeyFile writes a key in base64 to a new file readable by its owner
// only.
func writeKeyFile(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
