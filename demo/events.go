package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/ical"
	"github.com/creatorclub/creatorclub/room"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Titles and settings of the demo events.
const (
	meetingTitle     = "Rendez-vous visio du club"
	meetingRule      = "FREQ=MONTHLY;INTERVAL=3;COUNT=4"
	masterclassTitle = "Écrire une mention « Publicité » claire et immédiate"
	workshopTitle    = "Atelier ouvert : découvrir le certificat de l'influence responsable"
	pastTitle        = "Santé mentale : tenir face aux commentaires"

	masterclassCapacity = 25
	// masterclassSignups members register for the masterclass: the last
	// two go to the waitlist.
	masterclassSignups = masterclassCapacity + 2

	pastReplayURL = "https://exemple-replay.fr/masterclass-sante-mentale"
	workshopRoom  = "https://exemple-visio.fr/atelier"
)

// seedEvents fills the calendar, relative to db.Now: a quarterly series of
// club meetings (the demo member registered for the first), a masterclass
// full with two members on its waitlist, a public workshop and a past
// masterclass with its replay. Each event is created only if no event of
// the same title exists, and registrations are idempotent, so that a seed
// interrupted half-way is completed without duplicates.
func seedEvents(ctx context.Context, db *sqldb.DB) error {
	paris, err := time.LoadLocation(creatorclub.DefaultTimeZone)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	mod, err := db.FindUserByEmail(ctx, accounts.Moderator)
	if err != nil {
		return fmt.Errorf("demo: find moderator: %w", err)
	}
	speaker, err := db.FindUserByEmail(ctx, accounts.Speaker)
	if err != nil {
		return fmt.Errorf("demo: find speaker: %w", err)
	}
	lea, err := db.FindUserByEmail(ctx, accounts.Member)
	if err != nil {
		return fmt.Errorf("demo: find member %s: %w", accounts.Member, err)
	}
	existing, err := db.ListEvents(ctx, creatorclub.EventFilter{Limit: 1000})
	if err != nil {
		return fmt.Errorf("demo: list events: %w", err)
	}
	byTitle := map[string][]*creatorclub.Event{}
	for _, e := range existing {
		byTitle[e.Title] = append(byTitle[e.Title], e)
	}

	now := db.Now().In(paris)
	y, mo, d := now.Date()
	// day returns the wall time h:m in Paris, days from today.
	day := func(days, h, m int) time.Time { return time.Date(y, mo, d+days, h, m, 0, 0, paris) }
	speakerSlot := func(topic string, minutes int) creatorclub.Slot {
		return creatorclub.Slot{SpeakerName: speaker.Name(), SpeakerRole: speaker.Organisation, SpeakerEmail: speaker.Email,
			SpeakerID: speaker.ID, Topic: topic, Minutes: minutes}
	}

	// The quarterly meetings, from the first Thursday at least ten days ahead.
	meetings := byTitle[meetingTitle]
	if len(meetings) == 0 {
		first := day(10, 18, 30)
		for first.Weekday() != time.Thursday {
			first = first.AddDate(0, 0, 1)
		}
		starts, err := ical.Occurrences(meetingRule, first, creatorclub.DefaultTimeZone)
		if err != nil {
			return fmt.Errorf("demo: meeting dates: %w", err)
		}
		e := &creatorclub.Event{
			Kind:  creatorclub.KindMeeting,
			Title: meetingTitle,
			Description: "Chaque trimestre, le club se retrouve en visio pour faire le point sur l'actualité de l'influence " +
				"responsable, partager les questions des membres et rencontrer des intervenants.\n\n" +
				"Au programme :\n\n" +
				"- la santé mentale des créateurs face à la pression des statistiques et des commentaires ;\n" +
				"- les nouvelles règles de transparence des plateformes ;\n" +
				"- ce que la loi du 9 juin 2023 change concrètement pour vos partenariats ;\n" +
				"- un temps de questions-réponses ouvert à tous les membres.\n",
			StartsAt: first, EndsAt: first.Add(90 * time.Minute), TimeZone: creatorclub.DefaultTimeZone,
			Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished,
			RoomKind: creatorclub.RoomJitsi, Room: room.NewRoomName(meetingTitle),
			CoOrganisers: []string{"UMICC"}, CreatedBy: mod.ID,
			Slots: []creatorclub.Slot{
				speakerSlot("Santé mentale : tenir face à la pression", 25),
				{SpeakerName: "Camille Berthier", SpeakerRole: "responsable des politiques publiques", SpeakerOrg: "plateforme de vidéos",
					Topic: "Règles de transparence des plateformes", Minutes: 20},
				{SpeakerName: "Maître Hélène Dufresne", SpeakerRole: "avocate en droit du numérique",
					Topic: "Loi du 9 juin 2023 : ce qui change pour vous", Minutes: 20},
			},
		}
		if meetings, err = db.CreateEventSeries(ctx, e, meetingRule, starts, nil); err != nil {
			return fmt.Errorf("demo: create meetings: %w", err)
		}
	}
	if err := register(ctx, db, meetings[0].ID, lea.ID); err != nil {
		return err
	}

	// A masterclass in three weeks, full, with two members on the waitlist.
	// The demo member is not among them, so that she can try the waitlist.
	master, err := createOnce(ctx, db, byTitle, &creatorclub.Event{
		Kind:  creatorclub.KindMasterclass,
		Title: masterclassTitle,
		Description: "Une heure pour apprendre à signaler un partenariat commercial comme l'exige la loi : " +
			"une mention « Publicité » ou « Collaboration commerciale » visible dès les premières secondes, " +
			"sur chaque format (photo, vidéo courte, story, direct).\n\n" +
			"- les formulations acceptées et celles à éviter ;\n" +
			"- où placer la mention pour qu'elle soit immédiate ;\n" +
			"- exercices sur vos propres contenus.\n",
		StartsAt: day(21, 18, 0), EndsAt: day(21, 19, 0), TimeZone: creatorclub.DefaultTimeZone,
		Audience: creatorclub.AudienceMembers, Capacity: masterclassCapacity, Status: creatorclub.EventPublished,
		RoomKind: creatorclub.RoomJitsi, Room: room.NewRoomName(masterclassTitle), CreatedBy: mod.ID,
		Slots: []creatorclub.Slot{{SpeakerName: "Maître Hélène Dufresne", SpeakerRole: "avocate en droit du numérique",
			Topic: "La mention « Publicité » en pratique", Minutes: 60}},
	})
	if err != nil {
		return err
	}
	signups := 0
	for _, m := range members {
		if signups == masterclassSignups {
			break
		}
		if m.status != active || m.email() == accounts.Member {
			continue
		}
		u, err := db.FindUserByEmail(ctx, m.email())
		if err != nil {
			return fmt.Errorf("demo: find member %s: %w", m.email(), err)
		}
		if err := register(ctx, db, master.ID, u.ID); err != nil {
			return err
		}
		signups++
	}
	if signups != masterclassSignups {
		return fmt.Errorf("demo: only %d active members to register for the masterclass, want %d", signups, masterclassSignups)
	}

	// A workshop announced publicly, in five weeks.
	_, err = createOnce(ctx, db, byTitle, &creatorclub.Event{
		Kind:  creatorclub.KindWorkshop,
		Title: workshopTitle,
		Description: "Vous créez du contenu et vous vous demandez ce qu'apporte le certificat de l'influence responsable ? " +
			"Cet atelier ouvert présente la formation, l'examen et les engagements des créateurs certifiés.\n\n" +
			"- le parcours de certification, étape par étape ;\n" +
			"- les témoignages de membres du club ;\n" +
			"- vos questions.\n\n" +
			"L'inscription est réservée aux membres ; l'atelier est diffusé sur un lien public.\n",
		StartsAt: day(35, 14, 0), EndsAt: day(35, 15, 30), TimeZone: creatorclub.DefaultTimeZone,
		Audience: creatorclub.AudiencePublic, Status: creatorclub.EventPublished,
		RoomKind: creatorclub.RoomExternal, Room: workshopRoom, CreatedBy: mod.ID,
		Slots: []creatorclub.Slot{speakerSlot("Présentation du certificat et du club", 30)},
	})
	if err != nil {
		return err
	}

	// A masterclass two months ago, with its replay; the demo member attended.
	// Registration is closed for a past event, so she is registered directly.
	pastStart := time.Date(y, mo-2, d, 18, 0, 0, 0, paris)
	past, err := createOnce(ctx, db, byTitle, &creatorclub.Event{
		Kind:  creatorclub.KindMasterclass,
		Title: pastTitle,
		Description: "Cyberharcèlement, comparaison permanente, course aux statistiques : comment protéger sa santé mentale " +
			"quand on vit de sa présence en ligne.\n\n" +
			"- repérer les signes d'épuisement ;\n" +
			"- modérer ses commentaires sans s'y noyer ;\n" +
			"- savoir à qui s'adresser.\n",
		StartsAt: pastStart, EndsAt: pastStart.Add(time.Hour), TimeZone: creatorclub.DefaultTimeZone,
		Audience: creatorclub.AudienceMembers, Capacity: 30, Status: creatorclub.EventDone,
		RoomKind: creatorclub.RoomJitsi, Room: room.NewRoomName(pastTitle), ReplayURL: pastReplayURL, CreatedBy: mod.ID,
		Slots: []creatorclub.Slot{speakerSlot("Santé mentale : tenir face aux commentaires", 60)},
	})
	if err != nil {
		return err
	}
	token, _ := creatorclub.NewSignInToken()
	registeredAt := pastStart.AddDate(0, 0, -7).UTC().Truncate(time.Microsecond)
	_, err = db.Write.ExecContext(ctx, `INSERT INTO registrations (event_id, user_id, status, join_token, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (event_id, user_id) DO NOTHING`,
		past.ID, lea.ID, string(creatorclub.RegRegistered), token, registeredAt)
	if err != nil {
		return fmt.Errorf("demo: register %s for the past masterclass: %w", accounts.Member, err)
	}
	return nil
}

// createOnce creates e unless an event of the same title exists, and returns
// the event of that title.
func createOnce(ctx context.Context, db *sqldb.DB, byTitle map[string][]*creatorclub.Event, e *creatorclub.Event) (*creatorclub.Event, error) {
	if old := byTitle[e.Title]; len(old) > 0 {
		return old[0], nil
	}
	if err := db.CreateEvent(ctx, e, nil); err != nil {
		return nil, fmt.Errorf("demo: create event %q: %w", e.Title, err)
	}
	return e, nil
}

// register registers the user for the event; registering again is a no-op.
func register(ctx context.Context, db *sqldb.DB, eventID, userID int64) error {
	if _, err := db.RegisterForEvent(ctx, eventID, userID, nil); err != nil {
		return fmt.Errorf("demo: register user %d for event %d: %w", userID, eventID, err)
	}
	return nil
}
