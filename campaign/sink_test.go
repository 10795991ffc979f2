package campaign_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
	"github.com/creatorclub/creatorclub/sqldb"
)

// smtpSender returns an SMTP sender for the test server.
func smtpSender(tb testing.TB, srv *smtptest.Server) *mail.SMTPSender {
	tb.Helper()
	sender, err := mail.NewSMTPSender(mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSNone,
		From: "Club des créateurs <club@club.example>", Timeout: 10 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return sender
}

// received returns the copies srv accepted per Message-ID and per recipient.
func received(srv *smtptest.Server) (byID, byRcpt map[string]int) {
	byID, byRcpt = map[string]int{}, map[string]int{}
	for _, d := range srv.Deliveries() {
		byID[d.MessageID()]++
		for _, to := range d.To {
			byRcpt[to]++
		}
	}
	return byID, byRcpt
}

// addMembers inserts n certified members who want the newsletter, in one
// transaction, with addresses m0@example.org, m1@example.org, …, and returns
// their ids in order.
func addMembers(tb testing.TB, db *sqldb.DB, n int) []int64 {
	tb.Helper()
	ctx := context.Background()
	now := db.Now().UTC()
	ids := make([]int64, 0, n)
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO users (email, first_name, last_name, role, cert_number, cert_status, cert_certified_on, cert_expires_on, created_at, updated_at)
				VALUES ($1, 'Membre', $2, 'member', $3, 'active', $4, $5, $6, $6) RETURNING id`,
				fmt.Sprintf("m%d@example.org", i), fmt.Sprint(i), fmt.Sprintf("CERT-%d", i),
				now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), now).Scan(&id)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// newStartedCampaign creates a campaign for every member and starts it.
func newStartedCampaign(tb testing.TB, db *sqldb.DB, kind string) *creatorclub.Campaign {
	tb.Helper()
	ctx := context.Background()
	staff := &creatorclub.User{Email: fmt.Sprintf("staff%d@club.example", time.Now().UnixNano()), Role: creatorclub.RoleAdmin}
	if err := db.CreateUser(ctx, staff); err != nil {
		tb.Fatal(err)
	}
	c := &creatorclub.Campaign{Kind: kind, Subject: "Lettre du club", Body: "Bonjour,\n\nLes nouvelles du mois.",
		Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}, CreatedBy: staff.ID}
	if err := db.CreateCampaign(ctx, c); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.StartCampaign(ctx, c.ID, testHost); err != nil {
		tb.Fatal(err)
	}
	return c
}

const testHost = "club.example"

// simpleCompose is the Compose of the tests: a short text message.
func simpleCompose(_ context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
	return mail.Message{To: u.Email, ToName: u.Name(), Subject: c.Subject, Text: c.Body + "\n"}, nil
}

// testLogger sends the engine's warnings and errors to the test's output.
func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}
