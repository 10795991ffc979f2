package demo

import (
	"context"
	"fmt"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
)

// SeedSafety fills the safety desk of the demo club: a harassment request
// of the demo member with a first answer of the safety team, a notice about
// a member's profile, and an urgent distress request waiting for an answer.
// It does nothing if the demo member already has a case, and needs the
// desk's key, hence its own entry point.
func SeedSafety(ctx context.Context, db *sqldb.DB, sealer *creatorclub.Sealer) error {
	st := db.Safety(sealer)
	lea, err := db.FindUserByEmail(ctx, accounts.Member)
	if err != nil {
		return fmt.Errorf("demo: find member: %w", err)
	}
	if cs, err := st.ListCasesByReporter(ctx, lea.ID); err != nil {
		return fmt.Errorf("demo: list cases: %w", err)
	} else if len(cs) > 0 {
		return nil
	}
	officer, err := db.FindUserByEmail(ctx, accounts.Safety)
	if err != nil {
		return fmt.Errorf("demo: find safety officer: %w", err)
	}
	yanis, err := db.FindUserByEmail(ctx, members[1].email())
	if err != nil {
		return fmt.Errorf("demo: find member: %w", err)
	}
	other, err := db.FindUserByEmail(ctx, members[2].email())
	if err != nil {
		return fmt.Errorf("demo: find member: %w", err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 48)...)
	c, err := st.OpenCase(ctx, lea, &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryHarassment,
		Description: "Depuis ma vidéo sur les produits de saison, un compte publie chaque jour des commentaires insultants sous mes publications et m'écrit en message privé.",
		ExternalURL: "https://www.instagram.com/p/exemple-demo/", ExternalHandle: "@compte_anonyme_demo", ExternalPlatform: "instagram",
		Attachments: []*creatorclub.NewAttachment{{Name: "capture-commentaires.png", ContentType: "image/png", Data: png}}}, nil)
	if err != nil {
		return fmt.Errorf("demo: open case: %w", err)
	}
	if _, err := st.AddMessage(ctx, c.ID, officer, true, false, "Merci de nous avoir écrit. Conservez les captures ; nous vous aidons à signaler le compte à Instagram et, si vous le souhaitez, à porter plainte. Le 3018 peut aussi vous accompagner.", nil, nil); err != nil {
		return fmt.Errorf("demo: reply: %w", err)
	}
	if _, err := st.AddMessage(ctx, c.ID, officer, true, true, "Compte déjà signalé par une autre créatrice en octobre.", nil, nil); err != nil {
		return fmt.Errorf("demo: note: %w", err)
	}
	if _, err := st.OpenCase(ctx, yanis, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryOther,
		Description: "La présentation de ce profil renvoie vers un site de paris sportifs non autorisé.", TargetType: creatorclub.TargetMember, TargetID: other.ID}, nil); err != nil {
		return fmt.Errorf("demo: notice: %w", err)
	}
	if _, err := st.OpenCase(ctx, other, &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryDistress, Urgent: true,
		Description: "Je n'arrive plus à publier, je ne dors plus à cause des messages reçus."}, nil); err != nil {
		return fmt.Errorf("demo: distress request: %w", err)
	}
	return nil
}
