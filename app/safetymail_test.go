package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/jobs"
	ccmail "github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
)

// waitForText returns the text parts, decoded, of the first message srv
// receives for to that contains want, failing after ten seconds.
func waitForText(t *testing.T, srv *smtptest.Server, to, want string) string {
	t.Helper()
	var text string
	srv.WaitFor(t, 10*time.Second, func(d smtptest.Delivery) bool {
		if !slices.Contains(d.To, to) {
			return false
		}
		text = decodedText(t, d.Data)
		return strings.Contains(text, want)
	})
	return text
}

// decodedText returns the subject and the text parts of a raw message, with
// their transfer encodings undone.
func decodedText(t *testing.T, raw []byte) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse mail: %v", err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	var out strings.Builder
	out.WriteString(subject + "\n")
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		header := mail.Header(h)
		mediaType, params, err := mime.ParseMediaType(header.Get("Content-Type"))
		if err != nil {
			mediaType = "text/plain"
		}
		if strings.HasPrefix(mediaType, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		if !strings.HasPrefix(mediaType, "text/") {
			return
		}
		switch strings.ToLower(header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, _ := io.ReadAll(body)
		out.Write(b)
		out.WriteString("\n")
	}
	walk(msg.Header, msg.Body)
	return out.String()
}

// TestSafetyDecisionMailSealedInQueue takes a decision through the real
// server, sending mail to a real SMTP server: the statement of reasons
// arrives with the facts and the removed content, while River's table, read
// raw, holds none of them, nor what the reporter wrote, nor who the mails
// went to.
func TestSafetyDecisionMailSealedInQueue(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("CREATORCLUB_SAFETY_KEY", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
			sink := smtptest.Start(t, smtptest.Options{})
			m := app.NewMain()
			m.Stdout = io.Discard
			m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
			args := append([]string{"--addr", "127.0.0.1:0", "--base-url", "", "--smtp-host", sink.Host(), "--smtp-port", strconv.Itoa(sink.Port()),
				"--smtp-tls", "none", "--mail-from", "Club des créateurs <club@club.test>", "--s3-endpoint", ""}, store...)
			var stderr bytes.Buffer
			if err := m.ParseFlags("serve", args, &stderr); err != nil {
				t.Fatalf("serve %v: %v %s", args, err, stderr.String())
			}
			if err := m.Run(context.Background()); err != nil {
				t.Fatalf("serve: %v", err)
			}
			t.Cleanup(func() { m.Close() })

			const (
				bio         = "Profil qui insulte Léa : menteuse-et-voleuse-de-contenus"
				facts       = "Messages menaçants envoyés à Léa chaque nuit depuis le 3 novembre"
				description = "Il me traite de voleuse sur son profil depuis des semaines"
			)
			users := map[string]*creatorclub.User{}
			for i, name := range []string{"reporter", "author", "officer"} {
				u := &creatorclub.User{Email: name + "@example.fr", FirstName: "Prénom" + name, LastName: "Nom", Role: creatorclub.RoleMember,
					Cert: &creatorclub.Certification{Number: "C-" + strconv.Itoa(i), Status: creatorclub.CertActive,
						CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}}
				if name == "officer" {
					u.Role, u.Cert = creatorclub.RoleSafety, nil
				}
				if err := m.DB.CreateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
				users[name] = u
			}
			if _, err := m.DB.UpdateProfile(ctx, users["author"].ID, creatorclub.ProfileUpdate{Bio: bio, Locale: "fr"}); err != nil {
				t.Fatal(err)
			}

			// The reporter reports the author's profile; the officer removes it.
			loc := post(t, signedIn(t, m, users["reporter"]), m.URL+"/aide/signaler", url.Values{"type": {"member"},
				"id": {strconv.FormatInt(users["author"].ID, 10)}, "category": {"harassment"}, "description": {description}})
			caseID := strings.TrimPrefix(loc, "/aide/demandes/")
			if _, err := strconv.Atoi(caseID); err != nil {
				t.Fatalf("report redirected to %q", loc)
			}
			post(t, signedIn(t, m, users["officer"]), m.URL+"/securite/dossiers/"+caseID+"/decisions", url.Values{"action": {"remove_content"},
				"ground": {"charter_respect"}, "facts": {facts}})

			// The statement of reasons arrives with the facts and the content.
			statement := waitForText(t, sink, users["author"].Email, "exposé des motifs")
			for _, want := range []string{facts, bio, "retrait du contenu"} {
				if !strings.Contains(statement, want) {
					t.Errorf("the statement of reasons lacks %q:\n%s", want, statement)
				}
			}
			waitForText(t, sink, users["reporter"].Email, "est bien reçue")
			waitForText(t, sink, users["officer"].Email, "Nouveau dossier")

			// River's table, read raw: the three mails are there (River
			// keeps sent jobs an hour), none of them in clear.
			rows, err := m.DB.Write.QueryContext(ctx, `SELECT kind, args FROM river_job WHERE kind LIKE 'send%'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			sealed := 0
			for rows.Next() {
				var kind string
				var raw []byte
				if err := rows.Scan(&kind, &raw); err != nil {
					t.Fatal(err)
				}
				if kind == "send_sealed_email" {
					sealed++
				}
				for _, secret := range []string{facts, "chaque nuit depuis le 3 novembre", bio, "menteuse-et-voleuse-de-contenus", description,
					"depuis des semaines", users["author"].Email, users["reporter"].Email, "exposé des motifs"} {
					if bytes.Contains(raw, []byte(secret)) {
						t.Errorf("a %s job's args hold %q in clear", kind, secret)
					}
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if sealed != 3 {
				t.Errorf("%d sealed mail jobs in river_job, want 3 (acknowledgement, alert, statement)", sealed)
			}
		})
	}
}

// post posts a form and returns where it redirects, failing unless it does.
func post(t *testing.T, c *http.Client, u string, form url.Values) string {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: %d %s", u, res.StatusCode, b)
	}
	return res.Header.Get("Location")
}

// TestRotateSafetyKeyResealsQueuedMail: a mail of the desk waiting in the
// queue when the key is rotated is sent afterwards with the new key.
func TestRotateSafetyKeyResealsQueuedMail(t *testing.T) {
	for engine, store := range stores(t) {
		t.Run(engine, func(t *testing.T) {
			t.Setenv("CREATORCLUB_SAFETY_KEY", "")
			dataDir := store[1]
			old := bytes.Repeat([]byte{8}, 32)
			if err := os.WriteFile(filepath.Join(dataDir, "safety.key"), []byte(base64.StdEncoding.EncodeToString(old)+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := cli(t, store, "migrate"); err != nil {
				t.Fatal(err)
			}
			db := openStore(t, store)
			if err := db.CheckSafetyKey(ctx, old); err != nil {
				t.Fatal(err)
			}
			q, err := jobs.New(db.Write, db.Engine, &ccmail.Recorder{}, nil, jobs.WithSealedMail(mustSealer(t, old)))
			if err != nil {
				t.Fatal(err)
			}
			want := ccmail.Message{To: "theo@example.fr", Subject: "Décision vous concernant : exposé des motifs", Text: "Faits et circonstances : menaces.\n"}
			if err := q.EnqueueSealedMail(ctx, nil, want); err != nil {
				t.Fatal(err)
			}
			db.Close()

			newKey := rotateKey(t, store, dataDir)

			db = openStore(t, store)
			defer db.Close()
			var sent ccmail.Recorder
			q, err = jobs.New(db.Write, db.Engine, &sent, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.WithSealedMail(mustSealer(t, newKey)))
			if err != nil {
				t.Fatal(err)
			}
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			defer func() {
				stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
				defer cancel()
				if err := q.Stop(stopCtx); err != nil {
					t.Error(err)
				}
			}()
			deadline := time.Now().Add(10 * time.Second)
			for len(sent.Messages()) == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if got, ok := sent.Last(); !ok || got.Text != want.Text || got.To != want.To {
				t.Fatalf("after the rotation the queue sent %+v, want %+v", got, want)
			}
		})
	}
}

func mustSealer(t *testing.T, key []byte) *creatorclub.Sealer {
	t.Helper()
	s, err := creatorclub.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
