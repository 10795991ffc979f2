package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Titles of the demo committee.
const (
	committeeCallTitle    = "Comité de suivi 2026-2027"
	committeeOpenTitle    = "Comité de suivi : deux sièges supplémentaires"
	committeeMeetingTitle = "Réunion du comité de suivi : bilan de l'observatoire"
)

// renewalProcedure is the demo organisation's renewal text.
const renewalProcedure = "Pour renouveler votre certificat, connectez-vous à l'espace certification, " +
	"suivez le module de mise à jour (environ 2 heures) puis validez le questionnaire final. " +
	"Une question ? Écrivez à **certification@club-demo.fr**."

// seedCommittee sets up the monitoring committee: a closed call whose three
// seats went to the demo member (chair) and two others, one creator on its
// waiting list, an open call with two applications under review, a
// committee meeting in ten days with a message, and the renewal procedure.
// It does nothing if calls already exist.
func seedCommittee(ctx context.Context, db *sqldb.DB) error {
	calls, err := db.ListCalls(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: list calls: %w", err)
	}
	if len(calls) > 0 {
		return nil
	}
	admin, err := db.FindUserByEmail(ctx, accounts.Moderator)
	if err != nil {
		return fmt.Errorf("demo: find moderator: %w", err)
	}
	now := db.Now()
	closed := &creatorclub.CommitteeCall{Title: committeeCallTitle, Seats: 3, TermMonths: 24, CreatedBy: admin.ID,
		Description: "Le comité de suivi relit les projets de règles et suit les résultats de l'observatoire.",
		OpensAt:     now.AddDate(0, 0, -60), ClosesAt: now.AddDate(0, 0, 1)} // closed once decided, below
	open := &creatorclub.CommitteeCall{Title: committeeOpenTitle, Seats: 2, TermMonths: 12, CreatedBy: admin.ID,
		Description: "Deux sièges s'ouvrent pour représenter les créateurs vidéo et les créateurs de jeux.",
		OpensAt:     now.AddDate(0, 0, -3), ClosesAt: now.AddDate(0, 0, 25)}
	for _, c := range []*creatorclub.CommitteeCall{closed, open} {
		if err := db.SaveCall(ctx, c, nil); err != nil {
			return fmt.Errorf("demo: save call: %w", err)
		}
	}
	apply := func(c *creatorclub.CommitteeCall, m member, motivation string, audience int) (*creatorclub.CommitteeApplication, error) {
		u, err := db.FindUserByEmail(ctx, m.email())
		if err != nil {
			return nil, fmt.Errorf("demo: find %s: %w", m.email(), err)
		}
		var platforms []string
		for _, h := range m.handles {
			platforms = append(platforms, h.Platform)
		}
		a := &creatorclub.CommitteeApplication{CallID: c.ID, UserID: u.ID, Motivation: motivation, Platforms: platforms, AudienceSize: audience}
		if err := db.Apply(ctx, a); err != nil {
			return nil, fmt.Errorf("demo: apply %s: %w", m.email(), err)
		}
		return a, nil
	}
	type decision struct {
		m          member
		motivation string
		audience   int
		status     string
	}
	decisions := []decision{
		{members[0], "Je veux aider les créateurs culinaires à signaler clairement leurs partenariats.", 180000, creatorclub.ApplicationAccepted},
		{members[3], "La finance personnelle attire des promotions interdites : je veux aider à les repérer.", 95000, creatorclub.ApplicationAccepted},
		{members[9], "Porter la voix des créateurs engagés pour l'environnement.", 60000, creatorclub.ApplicationAccepted},
		{members[2], "Partager l'expérience des créateurs voyage avec les offices de tourisme.", 140000, creatorclub.ApplicationWaitlisted},
	}
	var chairTerm int64
	for i, d := range decisions {
		a, err := apply(closed, d.m, d.motivation, d.audience)
		if err != nil {
			return err
		}
		if err := db.SaveReview(ctx, &creatorclub.CommitteeReview{ApplicationID: a.ID, ReviewerID: admin.ID, Score: 5 - i/2,
			Comment: "Candidature argumentée."}); err != nil {
			return fmt.Errorf("demo: review: %w", err)
		}
		ch, err := db.DecideApplication(ctx, a.ID, d.status, "Merci pour votre candidature.", admin.ID, func(tx *sql.Tx, ch *sqldb.CommitteeChange) error {
			return db.Notify(ctx, tx, a.UserID, "committee", "notif_committee_decision", fmt.Sprintf("/comite/appels/%d", closed.ID))
		})
		if err != nil {
			return fmt.Errorf("demo: decide: %w", err)
		}
		if i == 0 {
			chairTerm = ch.Term.ID
		}
	}
	// The decisions are taken: the call closes.
	closed.ClosesAt = now.AddDate(0, 0, -14)
	if err := db.SaveCall(ctx, closed, nil); err != nil {
		return fmt.Errorf("demo: close call: %w", err)
	}
	if err := db.SetTermRole(ctx, chairTerm, creatorclub.CommitteeChair); err != nil {
		return fmt.Errorf("demo: chair: %w", err)
	}
	lea, err := db.FindUserByEmail(ctx, accounts.Member)
	if err != nil {
		return fmt.Errorf("demo: find member: %w", err)
	}
	if err := db.SetCommitteePrefs(ctx, lea.ID, true, true); err != nil {
		return fmt.Errorf("demo: committee prefs: %w", err)
	}
	if _, err := apply(open, members[5], "Je teste les applications et je veux parler protection des données.", 72000); err != nil {
		return err
	}
	if _, err := apply(open, members[8], "Les créateurs de jeux vidéo sont peu représentés : je veux y remédier.", 51000); err != nil {
		return err
	}

	paris, err := time.LoadLocation(creatorclub.DefaultTimeZone)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	day := now.In(paris).AddDate(0, 0, 17)
	start := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, paris)
	meeting := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: committeeMeetingTitle, StartsAt: start, EndsAt: start.Add(90 * time.Minute),
		TimeZone: creatorclub.DefaultTimeZone, Audience: creatorclub.AudienceCommittee, Status: creatorclub.EventPublished, CreatedBy: admin.ID,
		Description: "Ordre du jour : résultats du semestre, projets de fiches pratiques, questions des membres."}
	if err := db.CreateEvent(ctx, meeting, nil); err != nil {
		return fmt.Errorf("demo: committee meeting: %w", err)
	}
	if err := db.AddPost(ctx, &creatorclub.CommitteePost{ThreadKind: creatorclub.ThreadMeeting, ThreadID: meeting.ID, AuthorID: lea.ID,
		Body: "Pensez à relire les chiffres du semestre avant la réunion : je propose de commencer par les mentions « collab »."}, nil); err != nil {
		return fmt.Errorf("demo: committee post: %w", err)
	}
	if err := db.SetRenewalProcedure(ctx, renewalProcedure); err != nil {
		return fmt.Errorf("demo: renewal procedure: %w", err)
	}
	return nil
}
