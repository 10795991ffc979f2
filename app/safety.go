package app

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/creatorclub/creatorclub"
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
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
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
