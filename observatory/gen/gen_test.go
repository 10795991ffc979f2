package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWriteIsDeterministicAndRealistic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, Options{N: 4000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, Options{N: 4000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed, different corpus")
	}
	var n, publicite, certified, after int
	sc := bufio.NewScanner(&a)
	for sc.Scan() {
		var p post
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
		if p.ID == "" || p.Platform == "" || p.Author == "" || p.Text == "" {
			t.Fatalf("incomplete post %+v", p)
		}
		ts, err := time.Parse(time.RFC3339, p.PublishedAt)
		if err != nil {
			t.Fatal(err)
		}
		if !ts.Before(time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC)) {
			after++
		}
		if strings.Contains(p.Text, "Publicité") || strings.Contains(p.Text, "Collaboration commerciale") {
			publicite++
		}
		if p.Certified {
			certified++
		}
	}
	if n != 4000 {
		t.Fatalf("%d posts, want 4000", n)
	}
	// Rough shares: a commercial post in ten to a third is disclosed with
	// the legal wording; about a quarter of the posts are by certified
	// creators; the range straddles the law.
	if publicite < 400 || publicite > 1400 || certified < 800 || certified > 1300 || after < 2000 || after > 3500 {
		t.Errorf("publicité %d, certified %d, after %d of %d", publicite, certified, after, n)
	}
	if err := Write(&a, Options{N: -1}); err == nil {
		t.Error("negative N accepted")
	}
}
