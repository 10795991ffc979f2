package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/files/filestest"
)

// backdate makes the file of key look written age ago: its modification
// time on disk, its Last-Modified in the bucket (written again, dated then).
func (s storage) backdate(t *testing.T, key string, age time.Duration) {
	t.Helper()
	if s.kind == "s3" {
		s.srv.PutAged(t, migratePrefix+"/"+key, s.read(t, key), age)
		return
	}
	at := time.Now().Add(-age)
	if err := os.Chtimes(filepath.Join(s.dataDir, "files", key[:2], key), at, at); err != nil {
		t.Fatal(err)
	}
}

// sweepFiles runs "creatorclub files sweep" on the database db with the
// files on st.
func sweepFiles(t *testing.T, db []string, st storage, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append(append(append([]string{"files", "sweep"}, db...), st.args(t)...), args...)
	err = app.Run(context.Background(), full, &out, &errOut)
	return out.String(), errOut.String(), err
}

func newFileKey() string { return strings.ToLower(rand.Text()) }

// wantLine checks that out has a line starting with the words want.
func wantLine(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= len(want) && slices.Equal(f[:len(want)], want) {
			return
		}
	}
	t.Errorf("%s: no line starts with %q:\n%s", what, strings.Join(want, " "), out)
}

// TestFilesSweep sweeps a club's storage, on each backend and database
// engine, as an operator would: a dry run that lists the file a crash left
// and deletes nothing, then a run with --delete that deletes it and keeps
// every file the database names, the file of an upload in progress, the
// staging folder and the observatory's files of an earlier version.
func TestFilesSweep(t *testing.T) {
	for _, kind := range []string{"disk", "s3"} {
		t.Run(kind, func(t *testing.T) {
			for engine, db := range stores(t) {
				t.Run(engine, func(t *testing.T) {
					srv := filestest.StartFake(t)
					dataDir := db[1]
					st := storage{kind: kind, dataDir: dataDir, srv: srv}
					club := startClub(t, db, st)
					f := uploadClubFiles(t, club)
					if err := club.Close(); err != nil {
						t.Fatal(err)
					}
					// The club's files are old: only the rows naming them
					// keep them.
					for _, key := range f.keys() {
						st.backdate(t, key, 30*24*time.Hour)
					}
					orphan, young := newFileKey(), newFileKey()
					orphanContent := "Envoi dont la ligne n'a jamais été enregistrée.\n"
					st.put(t, orphan, []byte(orphanContent))
					st.backdate(t, orphan, 3*24*time.Hour+2*time.Hour)
					st.put(t, young, []byte("Envoi en cours.\n"))
					st.backdate(t, young, 2*time.Hour)
					staged := filepath.Join(dataDir, "files", "tmp", newFileKey())
					legacy := filepath.Join(dataDir, "observatory", "corpora", "ancien", "corpus")
					for _, p := range []string{staged, legacy} {
						if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(p, []byte("à garder"), 0o640); err != nil {
							t.Fatal(err)
						}
						at := time.Now().Add(-30 * 24 * time.Hour)
						if err := os.Chtimes(p, at, at); err != nil {
							t.Fatal(err)
						}
					}
					all := st.keys(t)

					out, errOut, err := sweepFiles(t, db, st)
					if err != nil {
						t.Fatalf("dry run: %v\n%s%s", err, out, errOut)
					}
					wantOutput(t, "dry run", out, "DRY RUN: nothing was deleted",
						"5 files in the store", "3 of them named by the database",
						fmt.Sprintf("1 named by no row, written more than 1d ago (%d B): to delete with --delete", len(orphanContent)),
						"1 named by no row, written less than 1d ago: kept",
						"missing from the store: 1 named by the database")
					wantLine(t, "dry run", out, orphan, fmt.Sprint(len(orphanContent)), "B", "3d2h")
					wantLine(t, "dry run", out, young, "16", "B", "2h")
					wantOutput(t, "dry run", errOut, "against the "+engine+" database",
						filepath.Join(dataDir, "observatory")+" still holds observatory files of an earlier version")
					if strings.Contains(out, filepath.Base(staged)) || strings.Contains(out, filepath.Join("files", "tmp")) {
						t.Errorf("dry run: the staging folder is listed:\n%s", out)
					}
					if got := st.keys(t); !slices.Equal(got, all) {
						t.Fatalf("the dry run left %v of %v", got, all)
					}

					out, errOut, err = sweepFiles(t, db, st, "--delete")
					if err != nil {
						t.Fatalf("sweep: %v\n%s%s", err, out, errOut)
					}
					n := len(orphanContent)
					wantOutput(t, "sweep", out, fmt.Sprintf("1 named by no row, written more than 1d ago (%d B): 1 deleted (%d B), 0 failed", n, n))
					wantLine(t, "sweep", out, orphan, fmt.Sprint(n), "B", "3d2h", "deleted")
					if strings.Contains(out, "DRY RUN") {
						t.Errorf("sweep: says dry run:\n%s", out)
					}
					want := slices.DeleteFunc(slices.Clone(all), func(k string) bool { return k == orphan })
					if got := st.keys(t); !slices.Equal(got, want) {
						t.Errorf("the sweep left %v, want %v", got, want)
					}
					for key, content := range f.content {
						if !bytes.Equal(st.read(t, key), content) {
							t.Errorf("%s changed", key)
						}
					}

					// A shorter grace period still keeps the upload of the
					// last hour.
					st.backdate(t, young, 30*time.Minute)
					out, errOut, err = sweepFiles(t, db, st, "--delete", "--older-than", "1h")
					if err != nil {
						t.Fatalf("sweep --older-than 1h: %v\n%s%s", err, out, errOut)
					}
					wantOutput(t, "sweep --older-than 1h", out, "0 named by no row, written more than 1h ago",
						"1 named by no row, written less than 1h ago: kept")
					wantLine(t, "sweep --older-than 1h", out, young, "16", "B", "30m")
					if got := st.keys(t); !slices.Equal(got, want) {
						t.Errorf("the sweep --older-than 1h left %v, want %v", got, want)
					}
					for _, p := range []string{staged, legacy} {
						if _, err := os.Stat(p); err != nil {
							t.Errorf("the sweep removed %s: %v", p, err)
						}
					}
				})
			}
		})
	}
}

// TestFilesSweepGoesOnAfterAFailedDeletion: a file the bucket refuses to
// delete is reported, the others are still deleted, and the command fails.
func TestFilesSweepGoesOnAfterAFailedDeletion(t *testing.T) {
	for engine, db := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			srv := filestest.StartFake(t)
			st := storage{kind: "s3", dataDir: db[1], srv: srv}
			club := startClub(t, db, st)
			f := uploadClubFiles(t, club)
			club.Close()
			// The refused one comes first: the others are tried after it.
			stuck, other := "2"+newFileKey()[1:], "z"+newFileKey()[1:]
			for _, key := range []string{stuck, other} {
				st.put(t, key, []byte("orphelin"))
				st.backdate(t, key, 48*time.Hour)
			}
			// The bucket, behind a proxy that refuses to delete one object.
			target, err := url.Parse(srv.Config.Endpoint)
			if err != nil {
				t.Fatal(err)
			}
			proxy := httputil.NewSingleHostReverseProxy(target)
			ps := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/"+stuck) {
					w.Header().Set("Content-Type", "application/xml")
					w.WriteHeader(http.StatusForbidden)
					w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`))
					return
				}
				proxy.ServeHTTP(w, r)
			}))
			t.Cleanup(ps.Close)
			proxied := *srv
			proxied.Config.Endpoint = ps.URL
			out, errOut, err := sweepFiles(t, db, storage{kind: "s3", dataDir: db[1], srv: &proxied}, "--delete")
			if err == nil || !strings.Contains(err.Error(), "1 of 2 files named by no row could not be deleted") {
				t.Errorf("sweep: %v, want an error saying one file could not be deleted\n%s%s", err, out, errOut)
			}
			wantOutput(t, "sweep", out, "2 named by no row, written more than 1d ago (16 B): 1 deleted (8 B), 1 failed")
			wantLine(t, "sweep", out, other, "8", "B", "2d", "deleted")
			wantLine(t, "sweep", out, stuck, "8", "B", "2d", "FAILED:", "files:", "delete", stuck+":")
			want := append(f.keys(), stuck)
			slices.Sort(want)
			if got := st.keys(t); !slices.Equal(got, want) {
				t.Errorf("the bucket holds %v, want %v", got, want)
			}
		})
	}
}

// TestFilesSweepRefusesBadSettings: wrong flags are refused before the
// database is opened, a storage that cannot be read or a database that
// names none of its files before anything is deleted.
func TestFilesSweepRefusesBadSettings(t *testing.T) {
	srv := filestest.StartFake(t)
	dataDir := t.TempDir()
	db := []string{"--data-dir", dataDir}
	bucket := storage{kind: "s3", dataDir: dataDir, srv: srv}
	club := startClub(t, db, bucket)
	f := uploadClubFiles(t, club)
	club.Close()
	for _, key := range f.keys() {
		bucket.backdate(t, key, 48*time.Hour)
	}
	orphan := newFileKey()
	bucket.put(t, orphan, []byte("orphelin"))
	bucket.backdate(t, orphan, 48*time.Hour)
	want := append(f.keys(), orphan)
	slices.Sort(want)
	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close()
	unreachable := *srv
	unreachable.Config.Endpoint = stopped.URL
	otherDataDir := t.TempDir()

	for _, tt := range []struct {
		name     string
		db       []string
		settings storage
		args     []string
		want     string
	}{
		{"grace period too short", db, bucket, []string{"--delete", "--older-than", "30m"}, "--older-than 30m0s: must be at least 1h,"},
		{"negative grace period", db, bucket, []string{"--delete", "--older-than", "-48h"}, "must be at least 1h"},
		{"grace period not a duration", db, bucket, []string{"--delete", "--older-than", "2 jours"}, `invalid value "2 jours" for flag -older-than`},
		{"grace period without a unit", db, bucket, []string{"--delete", "--older-than", "48"}, `invalid value "48" for flag -older-than`},
		{"flag of migrate", db, bucket, []string{"--dry-run"}, "flag provided but not defined: -dry-run"},
		{"argument", db, bucket, []string{"--delete", "tout"}, `unexpected argument "tout"`},
		{"incomplete bucket settings", db, storage{kind: "disk", dataDir: dataDir, srv: srv}, []string{"--delete", "--s3-endpoint", srv.Config.Endpoint}, "S3 bucket missing"},
		{"unreachable server", db, storage{kind: "s3", dataDir: dataDir, srv: &unreachable}, []string{"--delete"}, "cannot reach bucket"},
		{"another club's database", []string{"--data-dir", otherDataDir}, bucket, []string{"--delete"}, "the database names none of the 4 files"},
	} {
		out, errOut, err := sweepFiles(t, tt.db, tt.settings, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q\n%s%s", tt.name, err, tt.want, out, errOut)
		}
		if got := bucket.keys(t); !slices.Equal(got, want) {
			t.Fatalf("%s: the bucket holds %v, want %v", tt.name, got, want)
		}
	}
	if out, _, err := sweepFiles(t, []string{"--data-dir", otherDataDir}, bucket); err != nil ||
		!strings.Contains(out, "The database names none of the files in the store") {
		t.Errorf("dry run against another club's database: %v\n%s", err, out)
	}

	for _, args := range [][]string{{"files"}, {"files", "clean"}} {
		err := app.Run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "creatorclub files migrate") || !strings.Contains(err.Error(), "creatorclub files sweep [--delete]") {
			t.Errorf("%v: %v, want the usage of both subcommands", args, err)
		}
	}
	var help bytes.Buffer
	if err := app.Run(context.Background(), []string{"files", "sweep", "-h"}, &bytes.Buffer{}, &help); err == nil ||
		!strings.Contains(help.String(), "It deletes nothing unless given --delete") || !strings.Contains(help.String(), "-older-than") {
		t.Errorf("files sweep -h: %v\n%s", err, help.String())
	}
}
