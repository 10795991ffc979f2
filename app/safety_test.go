package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func TestSafetyKey(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	k1, err := safetyKey("", dir, logger)
	if err != nil || len(k1) != 32 {
		t.Fatalf("generated: %d %v", len(k1), err)
	}
	fi, err := os.Stat(filepath.Join(dir, "safety.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	k2, err := safetyKey("", dir, logger)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatal("the generated key was not kept")
	}
	want := bytes.Repeat([]byte{9}, 32)
	if k, err := safetyKey(base64.StdEncoding.EncodeToString(want), dir, logger); err != nil || !bytes.Equal(k, want) {
		t.Fatalf("configured key: %v", err)
	}
	for _, bad := range []string{"not base64 !", base64.StdEncoding.EncodeToString([]byte("short"))} {
		if _, err := DecodeSafetyKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
		c := DefaultConfig()
		c.SafetyKey = bad
		if c.Validate() == nil {
			t.Errorf("Validate accepted %q", bad)
		}
	}
	c := DefaultConfig()
	c.SafetyRetentionDays = 30
	if c.Validate() == nil {
		t.Error("a 30-day retention was accepted")
	}
}
