package sqldb_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestCheckSafetyKey(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("first key: %v", err)
		}
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("same key again: %v", err)
		}
		err := db.CheckSafetyKey(ctx, k2)
		if creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("another key: %v, want ECONFLICT", err)
		}
		// The first key still opens the desk: the refusal changed nothing.
		if err := db.CheckSafetyKey(ctx, k1); err != nil {
			t.Fatalf("first key after a refusal: %v", err)
		}
	})
}

// TestRotateSafetyKey seals every kind of confidential value (message,
// attachment name and data, decision facts and content, a removed profile
// text, an appeal and its outcome), rotates the key and reads them all back
// with the new key only; a wrong current key changes nothing.
func TestRotateSafetyKey(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		if err := db.CheckSafetyKey(ctx, testSafetyKey); err != nil {
			t.Fatal(err)
		}
		st := safetyStore(t, db)
		ms := members(t, db, 2)
		reporter, author := ms[0], ms[1]
		const bio = "Texte de profil injurieux"
		if _, err := db.UpdateProfile(ctx, author.ID, creatorclub.ProfileUpdate{Bio: bio, Locale: "fr"}); err != nil {
			t.Fatal(err)
		}
		first, second := officer(t, db, "chloe"), officer(t, db, "david")
		c, err := st.OpenCase(ctx, reporter, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment,
			Description: "Son profil m'insulte", TargetType: creatorclub.TargetMember, TargetID: author.ID,
			Attachments: []*creatorclub.NewAttachment{{Name: "capture.png", ContentType: "image/png", Data: pngBytes}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// A removal, whose appeal is reviewed after the rotation (its
		// reversal needs the removed text, sealed), and a suspension whose
		// appeal is reviewed before (its outcome is sealed).
		rm, err := st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionRemoveContent, Ground: "charter_respect",
			Facts: "Profil injurieux envers une membre."}, nil)
		if err != nil {
			t.Fatal(err)
		}
		until := now0.Add(72 * time.Hour)
		sus, err := st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionSuspend, Ground: "charter_respect", Facts: "Récidive.", Until: &until}, nil)
		if err != nil {
			t.Fatal(err)
		}
		apRm, err := st.Appeal(ctx, rm.ID, author, "Je conteste le retrait.", nil)
		if err != nil {
			t.Fatal(err)
		}
		apSus, err := st.Appeal(ctx, sus.ID, author, "Je conteste la suspension.", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ReviewAppeal(ctx, apSus.ID, second, false, "Suspension maintenue après examen.", nil); err != nil {
			t.Fatal(err)
		}

		newKey := bytes.Repeat([]byte{9}, 32)
		// A wrong current key: refused, nothing changed.
		if _, err := db.RotateSafetyKey(ctx, bytes.Repeat([]byte{3}, 32), newKey); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("rotation with a wrong key: %v", err)
		}
		if _, err := st.Messages(ctx, c.ID, true); err != nil {
			t.Fatalf("after a refused rotation the old key no longer opens the thread: %v", err)
		}
		n, err := db.RotateSafetyKey(ctx, testSafetyKey, newKey)
		if err != nil {
			t.Fatal(err)
		}
		// The message, the attachment's name and data, two decisions' facts
		// and content, the removed profile text, two appeals and an outcome.
		if n != 11 {
			t.Errorf("%d values sealed again, want 11", n)
		}
		if err := db.CheckSafetyKey(ctx, newKey); err != nil {
			t.Fatalf("the new key is not the database's key: %v", err)
		}
		if err := db.CheckSafetyKey(ctx, testSafetyKey); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("the old key is still accepted: %v", err)
		}
		if _, err := st.Messages(ctx, c.ID, true); err == nil {
			t.Fatal("the old key still opens the messages")
		}
		sealer, _ := creatorclub.NewSealer(newKey)
		ns := db.Safety(sealer)
		msgs, err := ns.Messages(ctx, c.ID, true)
		if err != nil || len(msgs) != 1 || msgs[0].Body != "Son profil m'insulte" || len(msgs[0].Attachments) != 1 {
			t.Fatalf("messages with the new key: %+v %v", msgs, err)
		}
		a, data, err := ns.Attachment(ctx, c.ID, msgs[0].Attachments[0].ID)
		if err != nil || a.Name != "capture.png" || !bytes.Equal(data, pngBytes) {
			t.Fatalf("attachment with the new key: %+v %v", a, err)
		}
		if got, err := ns.FindDecision(ctx, rm.ID); err != nil || got.Facts != "Profil injurieux envers une membre." || got.Content != bio {
			t.Fatalf("decision with the new key: %+v %v", got, err)
		}
		if got, err := ns.AppealFor(ctx, sus.ID); err != nil || got.Text != "Je conteste la suspension." || got.Outcome != "Suspension maintenue après examen." {
			t.Fatalf("appeal with the new key: %+v %v", got, err)
		}
		// The removed profile text, sealed again, comes back on reversal.
		if _, err := ns.ReviewAppeal(ctx, apRm.ID, second, true, "Retrait annulé.", nil); err != nil {
			t.Fatal(err)
		}
		if u, _ := db.FindUserByID(ctx, author.ID); u.Bio != bio {
			t.Fatalf("profile text after reversal: %q", u.Bio)
		}
	})
}

// TestRotateSafetyKeyOthers: values sealed outside the desk's tables (the
// job queue's mails) are sealed again by the Resealers given, in the same
// transaction; a Resealer's failure stops the rotation and changes nothing.
func TestRotateSafetyKeyOthers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.CheckSafetyKey(ctx, testSafetyKey); err != nil {
			t.Fatal(err)
		}
		oldSeal, _ := creatorclub.NewSealer(testSafetyKey)
		newKey := bytes.Repeat([]byte{9}, 32)
		newSeal, _ := creatorclub.NewSealer(newKey)
		sealed := oldSeal.Seal([]byte("Faits et circonstances"), "elsewhere")

		failing := func(ctx context.Context, tx *sql.Tx, reseal func([]byte, string) ([]byte, error)) (int, error) {
			if _, err := reseal(sealed, "elsewhere"); err != nil {
				return 0, err
			}
			return 0, errors.New("disk full")
		}
		if _, err := db.RotateSafetyKey(ctx, testSafetyKey, newKey, failing); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("rotation with a failing resealer: %v", err)
		}
		wrongPurpose := func(ctx context.Context, tx *sql.Tx, reseal func([]byte, string) ([]byte, error)) (int, error) {
			_, err := reseal(sealed, "safety.message")
			return 0, err
		}
		if _, err := db.RotateSafetyKey(ctx, testSafetyKey, newKey, wrongPurpose); !errors.Is(err, creatorclub.ErrSealedData) {
			t.Fatalf("rotation of a value sealed for another purpose: %v, want ErrSealedData", err)
		}
		if err := db.CheckSafetyKey(ctx, testSafetyKey); err != nil {
			t.Fatalf("a failed rotation changed the database's key: %v", err)
		}

		var resealed []byte
		ok := func(ctx context.Context, tx *sql.Tx, reseal func([]byte, string) ([]byte, error)) (int, error) {
			var err error
			resealed, err = reseal(sealed, "elsewhere")
			return 1, err
		}
		n, err := db.RotateSafetyKey(ctx, testSafetyKey, newKey, ok)
		if err != nil || n != 1 {
			t.Fatalf("rotation: %d %v, want the 1 value of the resealer", n, err)
		}
		if plain, err := newSeal.Open(resealed, "elsewhere"); err != nil || string(plain) != "Faits et circonstances" {
			t.Fatalf("the value resealed does not open with the new key: %q %v", plain, err)
		}
		if err := db.CheckSafetyKey(ctx, newKey); err != nil {
			t.Fatalf("the new key is not the database's key: %v", err)
		}
	})
}
