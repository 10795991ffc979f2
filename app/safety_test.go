package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestLiveWindowSetting: the question box's batching window defaults to
// 100 ms, is read from the flag or the environment, and is refused outside
// 10 ms to 2 s or when it is not a duration.
func TestLiveWindowSetting(t *testing.T) {
	if c := DefaultConfig(); c.LiveWindow != 100*time.Millisecond || c.Validate() != nil {
		t.Fatalf("default window %v: %v", c.LiveWindow, c.Validate())
	}
	t.Setenv("CREATORCLUB_LIVE_WINDOW", "250ms")
	if c := DefaultConfig(); c.LiveWindow != 250*time.Millisecond || c.Validate() != nil {
		t.Errorf("window from the environment %v: %v", c.LiveWindow, c.Validate())
	}
	for _, bad := range []string{"5ms", "3s", "soon"} {
		t.Setenv("CREATORCLUB_LIVE_WINDOW", bad)
		c := DefaultConfig()
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--live-window") {
			t.Errorf("CREATORCLUB_LIVE_WINDOW=%s: %v", bad, err)
		}
	}
}
