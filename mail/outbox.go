package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// OutboxSender writes each message as an RFC 5322 .eml file into a directory
// instead of sending it: for development and for installations without an
// SMTP server. Any mail client opens the files. It is safe for concurrent use.
type OutboxSender struct {
	dir  string
	from string
}

// NewOutboxSender returns an outbox writing into dir, created with mode 0750
// if missing, with from as the sender. It fails if from is not a valid
// address or dir cannot be created.
func NewOutboxSender(dir, from string) (*OutboxSender, error) {
	if dir == "" {
		return nil, fmt.Errorf("mail: outbox directory is required")
	}
	if _, err := parseFrom(from); err != nil {
		return nil, fmt.Errorf("mail: outbox sender address %q: %w", from, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("mail: create outbox %s: %w", dir, err)
	}
	return &OutboxSender{dir: dir, from: from}, nil
}

// Dir returns the directory the outbox writes into.
func (o *OutboxSender) Dir() string {
	return o.dir
}

// Send writes m into the outbox; see WriteMessage.
func (o *OutboxSender) Send(ctx context.Context, m *Message) error {
	_, err := o.WriteMessage(ctx, m)
	return err
}

// WriteMessage writes m as a new file named
// "<UTC time>-<random>-<recipient>.eml" and returns its path. The file
// appears whole or not at all: it is written under a temporary name and then
// renamed.
func (o *OutboxSender) WriteMessage(ctx context.Context, m *Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("mail: outbox: %w", err)
	}
	raw, err := Render(o.from, m)
	if err != nil {
		return "", err
	}

	var random [4]byte
	_, _ = rand.Read(random[:]) // crypto/rand.Read never fails since Go 1.24.
	name := fmt.Sprintf("%s-%s-%s.eml",
		time.Now().UTC().Format("20060102T150405.000000Z"),
		hex.EncodeToString(random[:]),
		sanitiseForFilename(m.To))
	path := filepath.Join(o.dir, name)

	tmp, err := os.CreateTemp(o.dir, ".outbox-*.tmp")
	if err != nil {
		return "", fmt.Errorf("mail: outbox: %w", err)
	}
	// Removing after a successful rename fails harmlessly.
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(raw); err != nil {
		_ = tmp.Close()
		return "", fmt.Errorf("mail: outbox: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		_ = tmp.Close()
		return "", fmt.Errorf("mail: outbox: chmod %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return "", fmt.Errorf("mail: outbox: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("mail: outbox: close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("mail: outbox: %w", err)
	}
	return path, nil
}

// sanitiseForFilename keeps letters, digits, '.', '-', '_' and '@' of an
// address, lower-cased, replaces anything else with '_' and caps the length.
func sanitiseForFilename(address string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-', r == '_', r == '@':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		default:
			return '_'
		}
	}, address)
	s = strings.TrimLeft(s, ".")
	if len(s) > 64 {
		s = s[:64]
	}
	if s == "" {
		s = "recipient"
	}
	return s
}
