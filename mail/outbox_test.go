package mail_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/mail"
)

func TestOutboxSender(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "outbox", "nested")
	o, err := mail.NewOutboxSender(dir, testFrom)
	if err != nil {
		t.Fatalf("NewOutboxSender: %v", err)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() || info.Mode().Perm() != 0o750 {
		t.Fatalf("outbox dir: %v, %v; want a 0750 directory", info, err)
	}

	path, err := o.WriteMessage(context.Background(), signInMessage(true))
	if err != nil {
		t.Fatalf("WriteMessage: %v", err)
	}
	if filepath.Dir(path) != dir {
		t.Errorf("file %s is not in %s", path, dir)
	}
	if !regexp.MustCompile(`^\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{8}-ada@example\.org\.eml$`).MatchString(filepath.Base(path)) {
		t.Errorf("file name %q does not follow <UTC time>-<random>-<recipient>.eml", filepath.Base(path))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkSignInMail(t, parseMail(t, raw), true)

	// Send writes a second file named after a sanitised recipient (a slash is
	// legal in the local part), and no temporary file is left behind.
	m := signInMessage(false)
	m.To = "Bob+Club/x@Example.org"
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("outbox holds %v, want two .eml files", entries)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("unexpected entry %s in the outbox", e.Name())
		}
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, "-bob_club_x@example.org.eml") }) {
		t.Errorf("recipient not sanitised into the file name: %v", names)
	}
}

func TestOutboxSender_errors(t *testing.T) {
	t.Parallel()

	t.Run("bad sender", func(t *testing.T) {
		if _, err := mail.NewOutboxSender(t.TempDir(), "not an address"); err == nil {
			t.Error("NewOutboxSender accepted a bad sender address")
		}
	})

	// A path below a regular file cannot be a directory, even for root, for
	// whom permission bits would not stop the write.
	t.Run("directory cannot be created", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := mail.NewOutboxSender(filepath.Join(file, "outbox"), testFrom); err == nil {
			t.Error("NewOutboxSender succeeded below a regular file")
		}
	})

	t.Run("directory gone", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "outbox")
		o, err := mail.NewOutboxSender(dir, testFrom)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := o.Send(context.Background(), signInMessage(false)); err == nil {
			t.Error("Send succeeded although the outbox is a regular file")
		}
	})

	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes into read-only directories")
		}
		dir := t.TempDir()
		o, err := mail.NewOutboxSender(dir, testFrom)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		if err := o.Send(context.Background(), signInMessage(false)); err == nil {
			t.Error("Send succeeded into a read-only directory")
		}
	})

	t.Run("invalid message", func(t *testing.T) {
		o, err := mail.NewOutboxSender(t.TempDir(), testFrom)
		if err != nil {
			t.Fatal(err)
		}
		err = o.Send(context.Background(), &mail.Message{To: "ada@example.org"})
		if !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("Send = %v, want ErrInvalidMessage", err)
		}
	})
}
