package sqldb_test

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

const testHost = "club.example"

func newCampaign(t *testing.T, db *sqldb.DB, kind string, audience creatorclub.CampaignAudience) *creatorclub.Campaign {
	t.Helper()
	staff := &creatorclub.User{Email: fmt.Sprintf("staff%d@club.example", time.Now().UnixNano()), Role: creatorclub.RoleAdmin}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	c := &creatorclub.Campaign{Kind: kind, Subject: " Lettre de novembre ", Body: "Bonjour à toutes et à tous.", Audience: audience, CreatedBy: staff.ID}
	if err := db.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	if creatorclub.ErrorCode(err) != code || (msg != "" && creatorclub.ErrorMessage(err) != msg) {
		t.Fatalf("error %v, want %s %s", err, code, msg)
	}
}

// bulkMembers inserts n certified members in one transaction, much faster
// than CreateUser one by one, and returns their ids in order.
func bulkMembers(t *testing.T, db *sqldb.DB, n int) []int64 {
	t.Helper()
	var ids []int64
	prefix := time.Now().UnixNano()
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO users (email, first_name, last_name, role, cert_number, cert_status, cert_certified_on, cert_expires_on, created_at, updated_at)
				VALUES ($1, 'Membre', $2, 'member', $3, 'active', $4, $5, $6, $6) RETURNING id`,
				fmt.Sprintf("b%d-%d@example.fr", prefix, i), fmt.Sprint(i), fmt.Sprintf("B%d-%d", prefix, i),
				now0.AddDate(-1, 0, 0), now0.AddDate(1, 0, 0), now0).Scan(&id)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestCampaignCRUD(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		bad := &creatorclub.Campaign{Kind: "spam", Subject: "x", Body: "y", Audience: creatorclub.CampaignAudience{Kind: "all"}}
		wantCode(t, db.CreateCampaign(ctx, bad), creatorclub.EINVALID, "campaign_kind_invalid")

		c := newCampaign(t, db, creatorclub.CampaignNewsletter, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		got, err := db.FindCampaign(ctx, c.ID)
		if err != nil || got.Subject != "Lettre de novembre" || got.Status != creatorclub.CampaignDraft || got.Audience.Kind != "all" || !got.CreatedAt.Equal(now0) {
			t.Fatalf("find: %+v %v", got, err)
		}
		_, err = db.FindCampaign(ctx, c.ID+100)
		wantCode(t, err, creatorclub.ENOTFOUND, "campaign_not_found")

		got.Subject, got.Audience = "Nouvel objet", creatorclub.CampaignAudience{Kind: creatorclub.AudiencePlatform, Platform: "tiktok"}
		if err := db.UpdateCampaign(ctx, got); err != nil || got.Subject != "Nouvel objet" || got.Status != creatorclub.CampaignDraft {
			t.Fatalf("update: %+v %v", got, err)
		}
		if again, _ := db.FindCampaign(ctx, c.ID); again.Audience.Platform != "tiktok" {
			t.Fatalf("audience not saved: %+v", again.Audience)
		}

		wantCode(t, db.ScheduleCampaign(ctx, c.ID, now0.Add(-time.Minute)), creatorclub.EINVALID, "campaign_schedule_past")
		at := now0.Add(2 * time.Hour)
		if err := db.ScheduleCampaign(ctx, c.ID, at); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.ScheduleCampaign(ctx, c.ID, at), creatorclub.ECONFLICT, "campaign_not_draft")
		got.Body = "Texte corrigé"
		if err := db.UpdateCampaign(ctx, got); err != nil || got.Status != creatorclub.CampaignScheduled || !got.ScheduledAt.Equal(at) {
			t.Fatalf("update scheduled: %+v %v", got, err)
		}
		if due, err := db.DueCampaigns(ctx); err != nil || len(due) != 0 {
			t.Fatalf("due before time: %d %v", len(due), err)
		}
		setClock(at)
		if due, err := db.DueCampaigns(ctx); err != nil || len(due) != 1 || due[0].ID != c.ID {
			t.Fatalf("due: %v %v", due, err)
		}
		if err := db.UnscheduleCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.UnscheduleCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_scheduled")

		other := newCampaign(t, db, creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		if err := db.CancelCampaign(ctx, other.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.CancelCampaign(ctx, other.ID), creatorclub.ECONFLICT, "campaign_not_cancellable")
		other, _ = db.FindCampaign(ctx, other.ID)
		wantCode(t, db.UpdateCampaign(ctx, other), creatorclub.ECONFLICT, "campaign_not_editable")
		if other.FinishedAt == nil {
			t.Errorf("cancelled campaign has no finished_at")
		}

		list, err := db.ListCampaigns(ctx, nil, 0)
		if err != nil || len(list) != 2 || list[0].ID != other.ID {
			t.Fatalf("list all: %v %v", list, err)
		}
		list, err = db.ListCampaigns(ctx, []string{creatorclub.CampaignDraft, creatorclub.CampaignScheduled}, 10)
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("list drafts: %v %v", list, err)
		}
	})
}

func TestCampaignAudience(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		mk := func(name string, role creatorclub.Role, cert *creatorclub.Certification, handles ...creatorclub.Handle) *creatorclub.User {
			u := &creatorclub.User{Email: name + "@example.fr", FirstName: name, Role: role, Cert: cert, Handles: handles}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		cert := func(status creatorclub.CertStatus, expires time.Time) *creatorclub.Certification {
			return &creatorclub.Certification{Number: fmt.Sprint("C", time.Now().UnixNano()), Status: status, CertifiedOn: now0.AddDate(-2, 0, 0), ExpiresOn: expires}
		}
		valid := now0.AddDate(0, 6, 0)
		ada := mk("ada", creatorclub.RoleMember, cert(creatorclub.CertActive, valid), creatorclub.Handle{Platform: "tiktok", Handle: "ada"})
		noNews := mk("bea", creatorclub.RoleMember, cert(creatorclub.CertActive, valid))
		lastDay := mk("cle", creatorclub.RoleMember, cert(creatorclub.CertActive, now0)) // expires today: still valid
		expired := mk("dan", creatorclub.RoleMember, cert(creatorclub.CertActive, now0.AddDate(0, 0, -1)))
		suspended := mk("eve", creatorclub.RoleMember, cert(creatorclub.CertSuspended, valid))
		deleted := mk("fay", creatorclub.RoleMember, cert(creatorclub.CertActive, valid))
		bounced := mk("gus", creatorclub.RoleMember, cert(creatorclub.CertActive, valid), creatorclub.Handle{Platform: "tiktok", Handle: "gus"})
		mk("hal", creatorclub.RoleSpeaker, nil)
		waiting := mk("ian", creatorclub.RoleMember, cert(creatorclub.CertActive, valid))
		_ = expired
		_ = suspended

		if err := db.SetListSubscription(ctx, noNews.ID, creatorclub.ListNewsletter, false); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, deleted.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.ExecContext(ctx, `UPDATE users SET undeliverable = $1 WHERE id = $2`, true, bounced.ID); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*creatorclub.User{ada, noNews, waiting} {
			if _, err := db.RegisterForEvent(ctx, ev.ID, u.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.CancelRegistration(ctx, ev.ID, waiting.ID, nil); err != nil {
			t.Fatal(err)
		}

		ids := func(kind string, a creatorclub.CampaignAudience) []int64 {
			t.Helper()
			c := &creatorclub.Campaign{Kind: kind, Audience: a}
			users, err := db.AudienceUsers(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.CountAudience(ctx, c)
			if err != nil || n != len(users) {
				t.Fatalf("count %d %v, want %d", n, err, len(users))
			}
			var out []int64
			for _, u := range users {
				out = append(out, u.ID)
			}
			slices.Sort(out)
			return out
		}
		all := creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}
		for _, c := range []struct {
			name string
			kind string
			aud  creatorclub.CampaignAudience
			want []int64
		}{
			{"newsletter to all", creatorclub.CampaignNewsletter, all, []int64{ada.ID, lastDay.ID, waiting.ID}},
			{"notice to all", creatorclub.CampaignNotice, all, []int64{ada.ID, noNews.ID, lastDay.ID, waiting.ID}},
			{"notice to event", creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceEvent, EventID: ev.ID}, []int64{ada.ID, noNews.ID}},
			{"newsletter to event", creatorclub.CampaignNewsletter, creatorclub.CampaignAudience{Kind: creatorclub.AudienceEvent, EventID: ev.ID}, []int64{ada.ID}},
			{"notice to tiktok", creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudiencePlatform, Platform: "tiktok"}, []int64{ada.ID}},
		} {
			if got := ids(c.kind, c.aud); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		// The committee: members sitting today (committee_test.go).
		committee := creatorclub.CampaignAudience{Kind: creatorclub.AudienceCommitteeM}
		if got := ids(creatorclub.CampaignNotice, committee); len(got) != 0 {
			t.Errorf("committee before any term: %v", got)
		}
		call := newCall(t, db, 2)
		a := mustApply(t, db, call.ID, ada.ID)
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", call.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		if got := ids(creatorclub.CampaignNotice, committee); !slices.Equal(got, []int64{ada.ID}) {
			t.Errorf("committee: %v, want %v", got, []int64{ada.ID})
		}
	})
}

func TestStartCampaign(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCampaign(t, db, creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		_, err := db.StartCampaign(ctx, c.ID, testHost)
		wantCode(t, err, creatorclub.EINVALID, "campaign_audience_empty")
		if got, _ := db.FindCampaign(ctx, c.ID); got.Status != creatorclub.CampaignDraft || got.StartedAt != nil {
			t.Fatalf("an empty start changed the campaign: %+v", got)
		}
		_, err = db.StartCampaign(ctx, c.ID, "bad host")
		wantCode(t, err, creatorclub.EINVALID, "campaign_host_invalid")

		ids := bulkMembers(t, db, 1203) // more than two pages of the snapshot
		n, err := db.StartCampaign(ctx, c.ID, testHost)
		if err != nil || n != len(ids) {
			t.Fatalf("start: %d %v, want %d", n, err, len(ids))
		}
		got, _ := db.FindCampaign(ctx, c.ID)
		if got.Status != creatorclub.CampaignSending || got.StartedAt == nil || !got.StartedAt.Equal(now0) {
			t.Fatalf("after start: %+v", got)
		}
		_, err = db.StartCampaign(ctx, c.ID, testHost)
		wantCode(t, err, creatorclub.ECONFLICT, "campaign_not_startable")
		wantCode(t, db.ScheduleCampaign(ctx, c.ID, now0.Add(time.Hour)), creatorclub.ECONFLICT, "campaign_not_draft")

		p, err := db.CampaignProgress(ctx, c.ID)
		if err != nil || p.Total != len(ids) || p.Pending != len(ids) || p.Sent != 0 || p.RatePerSecond != 0 || p.ETA != 0 {
			t.Fatalf("progress: %+v %v", p, err)
		}
		batch, err := db.ClaimDeliveries(ctx, c.ID, 10)
		if err != nil || len(batch) != 10 {
			t.Fatalf("claim: %d %v", len(batch), err)
		}
		for i, d := range batch {
			if d.UserID != ids[i] || d.Status != creatorclub.DeliveryPending || d.MessageID != sqldb.DeliveryMessageID(c.ID, ids[i], testHost) || d.Email == "" {
				t.Fatalf("delivery %d: %+v", i, d)
			}
		}
		if sending, err := db.SendingCampaigns(ctx); err != nil || len(sending) != 1 || sending[0].ID != c.ID {
			t.Fatalf("sending: %v %v", sending, err)
		}
		// Message-IDs are the same each time and differ between members and campaigns.
		a, b := sqldb.DeliveryMessageID(3, 4, testHost), sqldb.DeliveryMessageID(3, 4, testHost)
		if a != b || a == sqldb.DeliveryMessageID(3, 5, testHost) || a == sqldb.DeliveryMessageID(4, 4, testHost) || a[0] != '<' {
			t.Fatalf("message ids: %s %s", a, b)
		}
	})
}

func TestDeliveryLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		ids := bulkMembers(t, db, 6)
		c := newCampaign(t, db, creatorclub.CampaignNewsletter, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		if _, err := db.StartCampaign(ctx, c.ID, testHost); err != nil {
			t.Fatal(err)
		}
		status := func(uid int64) *creatorclub.Delivery {
			t.Helper()
			list, err := db.ListDeliveries(ctx, c.ID, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range list {
				if d.UserID == uid {
					return d
				}
			}
			t.Fatalf("no delivery for %d", uid)
			return nil
		}

		// Sent.
		if err := db.MarkDelivered(ctx, c.ID, ids[0]); err != nil {
			t.Fatal(err)
		}
		if d := status(ids[0]); d.Status != creatorclub.DeliverySent || d.Attempts != 1 || d.SentAt == nil || !d.SentAt.Equal(now0) || d.Name != "Membre 0" {
			t.Fatalf("sent: %+v", d)
		}
		if err := db.MarkDelivered(ctx, c.ID, ids[0]); err != nil || status(ids[0]).Attempts != 1 {
			t.Fatalf("marking twice: %v", err)
		}
		wantCode(t, db.MarkDelivered(ctx, c.ID, 999999), creatorclub.ENOTFOUND, "delivery_not_found")

		// Deferred, then due again, then given up after MaxDeliveryAttempts.
		if err := db.MarkDeferred(ctx, c.ID, ids[1], "451 4.7.1 Try again later", now0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if d := status(ids[1]); d.Status != creatorclub.DeliveryPending || d.Attempts != 1 || d.LastError != "451 4.7.1 Try again later" {
			t.Fatalf("deferred: %+v", d)
		}
		batch, _ := db.ClaimDeliveries(ctx, c.ID, 100)
		if len(batch) != 4 || slices.ContainsFunc(batch, func(d *creatorclub.Delivery) bool { return d.UserID == ids[1] }) {
			t.Fatalf("claim while deferred: %d", len(batch))
		}
		if next, ok, err := db.NextPendingAt(ctx, c.ID); err != nil || !ok || !next.Equal(now0) {
			t.Fatalf("next pending: %v %v %v", next, ok, err)
		}
		setClock(now0.Add(time.Minute))
		batch, _ = db.ClaimDeliveries(ctx, c.ID, 100)
		if len(batch) != 5 || batch[4].UserID != ids[1] {
			t.Fatalf("claim when due: %d", len(batch))
		}
		for i := 1; i < sqldb.MaxDeliveryAttempts; i++ {
			if err := db.MarkDeferred(ctx, c.ID, ids[1], "451", now0.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if d := status(ids[1]); d.Status != creatorclub.DeliveryFailed || d.Attempts != sqldb.MaxDeliveryAttempts {
			t.Fatalf("after %d deferrals: %+v", sqldb.MaxDeliveryAttempts, d)
		}

		// Failed for good, refused, skipped.
		if err := db.MarkFailed(ctx, c.ID, ids[2], "550 5.1.1 No such user"); err != nil {
			t.Fatal(err)
		}
		if hf, und, err := db.MailDeliverability(ctx, ids[2]); err != nil || hf != 1 || und {
			t.Fatalf("after one hard failure: %d %v %v", hf, und, err)
		}
		if err := db.MarkRefused(ctx, c.ID, ids[3], "554 5.7.1 Content rejected"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkSkipped(ctx, c.ID, ids[4], "unsubscribed"); err != nil {
			t.Fatal(err)
		}
		if d := status(ids[4]); d.Status != creatorclub.DeliveryFailed || d.Attempts != 0 || d.LastError != "unsubscribed" {
			t.Fatalf("skipped: %+v", d)
		}
		if hf, _, _ := db.MailDeliverability(ctx, ids[3]); hf != 0 {
			t.Fatalf("a refused message counted as a hard failure")
		}

		if done, err := db.FinishIfDone(ctx, c.ID); err != nil || done {
			t.Fatalf("finish with one pending: %v %v", done, err)
		}
		p, err := db.CampaignProgress(ctx, c.ID)
		if err != nil || p.Total != 6 || p.Sent != 1 || p.Failed != 4 || p.Pending != 1 {
			t.Fatalf("progress: %+v %v", p, err)
		}
		if err := db.MarkDelivered(ctx, c.ID, ids[5]); err != nil {
			t.Fatal(err)
		}
		p, _ = db.CampaignProgress(ctx, c.ID)
		// Only the second send is within the last minute of the clock.
		if p.Sent != 2 || p.Pending != 0 || p.RatePerSecond != 1.0/60 || p.ETA != 0 {
			t.Fatalf("progress: %+v", p)
		}
		if done, err := db.FinishIfDone(ctx, c.ID); err != nil || !done {
			t.Fatalf("finish: %v %v", done, err)
		}
		got, _ := db.FindCampaign(ctx, c.ID)
		if got.Status != creatorclub.CampaignSent || got.FinishedAt == nil {
			t.Fatalf("finished: %+v", got)
		}
		wantCode(t, db.PauseCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_sending")
		wantCode(t, db.CancelCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_cancellable")
	})
}

func TestHardFailures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ids := bulkMembers(t, db, 2)
		bounce := func(uid int64, ok bool) {
			t.Helper()
			c := newCampaign(t, db, creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
			if _, err := db.StartCampaign(ctx, c.ID, testHost); err != nil {
				t.Fatal(err)
			}
			var err error
			if ok {
				err = db.MarkDelivered(ctx, c.ID, uid)
			} else {
				err = db.MarkFailed(ctx, c.ID, uid, "550 No such user")
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		bounce(ids[0], false)
		bounce(ids[0], false)
		bounce(ids[0], true) // a success in between starts the count again
		if hf, und, _ := db.MailDeliverability(ctx, ids[0]); hf != 0 || und {
			t.Fatalf("after a success: %d %v", hf, und)
		}
		for range sqldb.HardFailuresLimit {
			bounce(ids[0], false)
		}
		if hf, und, _ := db.MailDeliverability(ctx, ids[0]); hf != sqldb.HardFailuresLimit || !und {
			t.Fatalf("after %d failures: %d %v", sqldb.HardFailuresLimit, hf, und)
		}
		c := newCampaign(t, db, creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		if n, _ := db.CountAudience(ctx, c); n != 1 {
			t.Fatalf("audience with an undeliverable member: %d, want 1", n)
		}
		if err := db.ClearUndeliverable(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountAudience(ctx, c); n != 2 {
			t.Fatalf("audience after clearing: %d, want 2", n)
		}
	})
}

func TestCampaignStatusAndLease(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		bulkMembers(t, db, 3)
		c := newCampaign(t, db, creatorclub.CampaignNotice, creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers})
		if st, err := db.LeaseCampaign(ctx, c.ID, "a", time.Minute); err != nil || st != creatorclub.CampaignDraft {
			t.Fatalf("lease of a draft: %q %v", st, err)
		}
		wantCode(t, db.ResumeCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_paused")
		if _, err := db.StartCampaign(ctx, c.ID, testHost); err != nil {
			t.Fatal(err)
		}
		if st, err := db.LeaseCampaign(ctx, c.ID, "a", time.Minute); err != nil || st != creatorclub.CampaignSending {
			t.Fatalf("lease: %q %v", st, err)
		}
		_, err := db.LeaseCampaign(ctx, c.ID, "b", time.Minute)
		wantCode(t, err, creatorclub.ECONFLICT, "campaign_sender_busy")
		if _, err := db.LeaseCampaign(ctx, c.ID, "a", time.Minute); err != nil {
			t.Fatalf("renew: %v", err)
		}
		setClock(now0.Add(2 * time.Minute)) // a's lease ran out
		if _, err := db.LeaseCampaign(ctx, c.ID, "b", time.Minute); err != nil {
			t.Fatalf("take over an expired lease: %v", err)
		}
		if err := db.ReleaseCampaign(ctx, c.ID, "a"); err != nil { // not a's any more: no effect
			t.Fatal(err)
		}
		_, err = db.LeaseCampaign(ctx, c.ID, "a", time.Minute)
		wantCode(t, err, creatorclub.ECONFLICT, "campaign_sender_busy")
		if err := db.ReleaseCampaign(ctx, c.ID, "b"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LeaseCampaign(ctx, c.ID, "a", time.Minute); err != nil {
			t.Fatalf("lease after release: %v", err)
		}

		if err := db.PauseCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.PauseCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_sending")
		if batch, err := db.ClaimDeliveries(ctx, c.ID, 10); err != nil || len(batch) != 0 {
			t.Fatalf("claim while paused: %d %v", len(batch), err)
		}
		if st, err := db.LeaseCampaign(ctx, c.ID, "a", time.Minute); err != nil || st != creatorclub.CampaignPaused {
			t.Fatalf("lease while paused: %q %v", st, err)
		}
		if done, _ := db.FinishIfDone(ctx, c.ID); done {
			t.Fatal("a paused campaign finished")
		}
		if err := db.ResumeCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if batch, _ := db.ClaimDeliveries(ctx, c.ID, 10); len(batch) != 3 {
			t.Fatalf("claim after resume: %d", len(batch))
		}
		if err := db.CancelCampaign(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if batch, _ := db.ClaimDeliveries(ctx, c.ID, 10); len(batch) != 0 {
			t.Fatalf("claim after cancel: %d", len(batch))
		}
		p, _ := db.CampaignProgress(ctx, c.ID)
		if p.Pending != 3 {
			t.Fatalf("cancelled deliveries should stay pending: %+v", p)
		}
		wantCode(t, db.ResumeCampaign(ctx, c.ID), creatorclub.ECONFLICT, "campaign_not_paused")
		if _, err := db.StartCampaign(ctx, c.ID, testHost); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("start a cancelled campaign: %v", err)
		}
	})
}
