package creatorclub_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
)

func TestSealer(t *testing.T) {
	if _, err := creatorclub.NewSealer([]byte("short")); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
	s, err := creatorclub.NewSealer(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Seal([]byte("secret"), "p"), s.Seal([]byte("secret"), "p")
	if bytes.Equal(a, b) || bytes.Contains(a, []byte("secret")) {
		t.Fatal("sealing is deterministic or clear")
	}
	if got, err := s.Open(a, "p"); err != nil || string(got) != "secret" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(a, "other purpose"); err == nil {
		t.Fatal("opened under another purpose")
	}
	a[len(a)-1] ^= 1
	if _, err := s.Open(a, "p"); err == nil {
		t.Fatal("opened altered data")
	}
	if _, err := s.Open([]byte("x"), "p"); err == nil {
		t.Fatal("opened garbage")
	}
}

func TestDueTimesAndMedian(t *testing.T) {
	if d := creatorclub.CategoryDistress.DueWithin(true); d != 2*time.Hour {
		t.Fatalf("urgent distress: %v", d)
	}
	if d := creatorclub.CategoryTechnical.DueWithin(true); d != 4*time.Hour {
		t.Fatalf("urgent technical: %v", d)
	}
	if d := creatorclub.CategoryThreat.DueWithin(false); d != 24*time.Hour {
		t.Fatalf("threat: %v", d)
	}
	if m := creatorclub.Median([]time.Duration{3, 1, 2, 10}); m != 2 {
		t.Fatalf("median: %v", m)
	}
	if m := creatorclub.Median(nil); m != 0 {
		t.Fatalf("median of nothing: %v", m)
	}
}
