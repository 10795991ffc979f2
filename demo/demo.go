// Package demo fills an empty club with realistic, fictional data: staff
// accounts of every role, about forty certified creators and a calendar of
// past and coming events, so that a new installation, a screenshot or a
// browser test has something to show.
package demo

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Accounts holds the email addresses of the demo accounts to sign in with,
// one per role.
type Accounts struct {
	Admin     string
	Moderator string
	Safety    string
	Partner   string
	Speaker   string
	Member    string
}

// The accounts Seed creates. Member is the first creator of the roster.
var accounts = Accounts{
	Admin:     "admin@club-demo.fr",
	Moderator: "moderation@club-demo.fr",
	Safety:    "securite@club-demo.fr",
	Partner:   "partenaire@umicc-demo.fr",
	Speaker:   "intervenant@club-demo.fr",
	Member:    "lea.martin@exemple-createurs.fr",
}

// Seed fills an empty club with realistic demo data and returns the accounts
// to sign in with. It is idempotent: if the demo admin account already exists
// it does nothing and returns the same accounts, except to bring demo data
// seeded by an older version up to date (the English module's language).
//
// Certificate and event dates are relative to db.Now, so that the club always
// shows certificates expiring soon, expired ones and long-valid ones, and
// coming events as well as a past one. Seed refuses
// with ECONFLICT a club that already has certified members of its own, since
// importing the demo roster would mark them as removed. The admin account is
// created last, so a seed that failed half-way is completed by the next run.
func Seed(ctx context.Context, db *sqldb.DB) (*Accounts, error) {
	acc := accounts
	if _, err := db.FindUserByEmail(ctx, acc.Admin); err == nil {
		if err := markEnglishModule(ctx, db); err != nil {
			return nil, err
		}
		return &acc, nil
	} else if creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		return nil, fmt.Errorf("demo: find admin: %w", err)
	}

	entries := rosterEntries(db.Now())
	dry, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{DryRun: true})
	if err != nil {
		return nil, fmt.Errorf("demo: preview roster: %w", err)
	}
	if dry.Removed > 0 {
		return nil, creatorclub.Errorf(creatorclub.ECONFLICT,
			"The club already has %d certified members; demo data can only be added to an empty club.", dry.Removed)
	}
	_, err = db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{Audit: &creatorclub.AuditEntry{
		ActorEmail: "demo", Action: creatorclub.AuditRosterImport, Detail: "demo seed",
	}})
	if err != nil {
		return nil, fmt.Errorf("demo: import roster: %w", err)
	}

	for _, m := range members {
		if !m.inDirectory {
			continue
		}
		u, err := db.FindUserByEmail(ctx, m.email())
		if err != nil {
			return nil, fmt.Errorf("demo: find member %s: %w", m.email(), err)
		}
		_, err = db.UpdateProfile(ctx, u.ID, creatorclub.ProfileUpdate{Bio: m.bio, Locale: "fr", InDirectory: true, Reminders: true, Newsletter: true, LegalAlerts: true})
		if err != nil {
			return nil, fmt.Errorf("demo: update profile of %s: %w", m.email(), err)
		}
	}

	// staff is in creation order: the admin last, see above, after the
	// events, which need the moderator and the speaker.
	all := staff()
	for _, u := range all[:len(all)-1] {
		if err := createStaff(ctx, db, u); err != nil {
			return nil, err
		}
	}
	if err := seedEvents(ctx, db); err != nil {
		return nil, err
	}
	if err := seedCourses(ctx, db); err != nil {
		return nil, err
	}
	if err := seedCommittee(ctx, db); err != nil {
		return nil, err
	}
	if err := createStaff(ctx, db, all[len(all)-1]); err != nil {
		return nil, err
	}
	return &acc, nil
}

// createStaff creates u, or leaves it alone if a previous, interrupted seed
// created it, and records the creation in the audit log.
func createStaff(ctx context.Context, db *sqldb.DB, u *creatorclub.User) error {
	err := db.CreateUser(ctx, u)
	if creatorclub.ErrorCode(err) == creatorclub.ECONFLICT {
		return nil
	} else if err != nil {
		return fmt.Errorf("demo: create %s: %w", u.Email, err)
	}
	err = db.Record(ctx, &creatorclub.AuditEntry{
		ActorEmail: "demo", Action: creatorclub.AuditUserCreate,
		TargetType: "user", TargetID: strconv.FormatInt(u.ID, 10), Detail: "demo seed role=" + string(u.Role),
	})
	if err != nil {
		return fmt.Errorf("demo: audit creation of %s: %w", u.Email, err)
	}
	return nil
}

// staff returns the non-member accounts, the admin last.
func staff() []*creatorclub.User {
	return []*creatorclub.User{
		{Email: accounts.Moderator, FirstName: "Julien", LastName: "Marchand", Role: creatorclub.RoleModerator, Locale: "fr"},
		{Email: accounts.Safety, FirstName: "Nadia", LastName: "Benali", Role: creatorclub.RoleSafety, Locale: "fr"},
		{Email: accounts.Partner, FirstName: "Sophie", LastName: "Garnier", Role: creatorclub.RolePartner, Locale: "fr",
			Organisation: "UMICC"},
		{Email: accounts.Speaker, FirstName: "Marc", LastName: "Olivier", DisplayName: "Dr Marc Olivier", Role: creatorclub.RoleSpeaker, Locale: "fr",
			Organisation: "psychologue",
			Bio: "Psychologue clinicien, il accompagne les créateurs de contenu face au cyberharcèlement, " +
				"à la pression des statistiques et à l'épuisement. Il anime les ateliers « Santé mentale et réseaux sociaux » du club."},
		{Email: accounts.Admin, FirstName: "Claire", LastName: "Vasseur", Role: creatorclub.RoleAdmin, Locale: "fr"},
	}
}

// member is one fictional certified creator.
type member struct {
	first, last string
	// expiresIn is the number of days from today to the end of the
	// certificate; it was issued two years before.
	expiresIn   int
	status      creatorclub.CertStatus
	inDirectory bool
	handles     []creatorclub.Handle // platform, handle
	bio         string
}

// email returns prenom.nom@exemple-createurs.fr in lowercase ASCII.
func (m member) email() string {
	local := func(s string) string {
		return strings.NewReplacer(" ", "-", "'", "").Replace(creatorclub.Fold(s))
	}
	return local(m.first) + "." + local(m.last) + "@exemple-createurs.fr"
}

func h(platform, handle string) creatorclub.Handle {
	return creatorclub.Handle{Platform: platform, Handle: handle}
}

const (
	active    = creatorclub.CertActive
	expired   = creatorclub.CertExpired
	suspended = creatorclub.CertSuspended
	revoked   = creatorclub.CertRevoked
)

// members is the demo roster. Four certificates end within 60 days, two have
// expired, one is suspended and one revoked; 24 of the 36 active creators are
// in the directory. The suspended creator had opted in before the suspension:
// the directory must hide them.
var members = []member{
	{"Léa", "Martin", 700, active, true, []creatorclub.Handle{h("instagram", "lea.cuisine"), h("tiktok", "lea.cuisine"), h("youtube", "leamartincuisine")},
		"Cuisine familiale et de saison : des recettes simples, des produits du marché et zéro gaspillage."},
	{"Yanis", "Haddad", 540, active, true, []creatorclub.Handle{h("instagram", "yanis_fitness"), h("youtube", "yanisfitness")},
		"Coach sportif diplômé. Renforcement musculaire sans matériel et conseils pour reprendre le sport en douceur."},
	{"Chloé", "Nguyen", 420, active, true, []creatorclub.Handle{h("instagram", "chloe.voyage"), h("tiktok", "chloevoyage"), h("pinterest", "chloe.voyage")},
		"Voyages en train et petits budgets : itinéraires en Europe et en Asie du Sud-Est, testés et chiffrés."},
	{"Mamadou", "Diallo", 610, active, true, []creatorclub.Handle{h("youtube", "mamadou.finance"), h("linkedin", "mamadou-diallo-finance")},
		"Finance personnelle pour débutants : budget, épargne de précaution, livret A et premiers placements, sans promesse miracle."},
	{"Inès", "Moreau", 23, active, true, []creatorclub.Handle{h("instagram", "ines.beaute"), h("tiktok", "inesmakeup")},
		"Maquillage accessible et avis honnêtes sur les produits, partenariats toujours signalés."},
	{"Thomas", "Lefèvre", 300, active, true, []creatorclub.Handle{h("youtube", "thomastechfr"), h("x", "thomas_tech")},
		"Tests de smartphones et d'ordinateurs, tutoriels pour protéger sa vie privée en ligne."},
	{"Camille", "Rousseau", 9, active, false, []creatorclub.Handle{h("instagram", "camille.dressing"), h("pinterest", "camilledressing")},
		"Mode seconde main et garde-robe capsule."},
	{"Sarah", "Benhamou", 480, active, true, []creatorclub.Handle{h("instagram", "sarah.maman3"), h("facebook", "sarahbenhamou.parents")},
		"Maman de trois enfants, je partage notre quotidien, les écrans en famille et l'organisation de la maison."},
	{"Hugo", "Fontaine", 350, active, true, []creatorclub.Handle{h("youtube", "hugoplays"), h("twitch", "hugo_plays")},
		"Jeux vidéo indépendants en direct chaque soir, avec une communauté bienveillante."},
	{"Manon", "Girard", 200, active, true, []creatorclub.Handle{h("instagram", "manon.zerodechet"), h("tiktok", "manonzerodechet")},
		"Écologie au quotidien : zéro déchet, vrac, fait-maison et réparations."},
	{"Karim", "Belkacem", -320, expired, false, []creatorclub.Handle{h("instagram", "karimstreetfood"), h("tiktok", "karim.street.food")},
		"Street food et bonnes adresses à Marseille."},
	{"Emma", "Lambert", 660, active, false, []creatorclub.Handle{h("instagram", "emma.sac.a.dos"), h("youtube", "emmasacados")},
		"Randonnée et voyages sac au dos."},
	{"Lucas", "Petit", 57, active, true, []creatorclub.Handle{h("instagram", "lucas.run"), h("x", "lucaspetit_run")},
		"Course à pied, du premier 5 km au marathon : plans d'entraînement et récupération."},
	{"Aïcha", "Traoré", 560, active, true, []creatorclub.Handle{h("instagram", "aicha.glow"), h("tiktok", "aichaglow"), h("youtube", "aichaglow")},
		"Beauté et soins des peaux noires et métissées, routines simples et composition des produits décryptée."},
	{"Nathan", "Cohen", 390, suspended, true, []creatorclub.Handle{h("youtube", "nathan.bourse"), h("x", "nathanbourse"), h("linkedin", "nathan-cohen-invest")},
		"Bourse et investissement à long terme."},
	{"Julie", "Mercier", 250, active, true, []creatorclub.Handle{h("instagram", "julie.et.les.jumeaux")},
		"Parentalité avec des jumeaux : sommeil, allaitement, fatigue et beaucoup d'humour."},
	{"Mehdi", "Amrani", 700, active, true, []creatorclub.Handle{h("youtube", "mehdi.codes"), h("tiktok", "mehdicodes")},
		"Développeur, j'explique la programmation et l'intelligence artificielle à ceux qui débutent."},
	{"Pauline", "Chevalier", 150, active, false, []creatorclub.Handle{h("instagram", "pauline.vintage"), h("pinterest", "paulinevintage")},
		"Mode vintage et chine."},
	{"Kevin", "Dubois", 470, active, false, []creatorclub.Handle{h("youtube", "kevdubgaming"), h("tiktok", "kevdub"), h("twitch", "kevdub")},
		"Jeux de stratégie et e-sport commentés, avec des rappels réguliers sur le temps d'écran."},
	{"Zoé", "Bernard", 41, active, true, []creatorclub.Handle{h("instagram", "zoe.slowlife"), h("youtube", "zoeslowlife")},
		"Slow life et écologie : consommer moins, mieux, et le raconter sans culpabiliser."},
	{"Rayan", "Mansouri", 580, active, false, []creatorclub.Handle{h("instagram", "rayan.calisthenics"), h("tiktok", "rayan.calisthenics")},
		"Street workout et calisthenics."},
	{"Anaïs", "Robin", 330, active, true, []creatorclub.Handle{h("instagram", "anais.patisse"), h("pinterest", "anaispatisse")},
		"Pâtisserie maison pas à pas, des classiques français aux gâteaux d'anniversaire."},
	{"Samuel", "Tran", -510, expired, false, []creatorclub.Handle{h("instagram", "samuelnomade"), h("youtube", "samuel.nomade")},
		"Nomade numérique."},
	{"Fatou", "Ndiaye", 270, active, true, []creatorclub.Handle{h("instagram", "fatoucurls"), h("tiktok", "fatou.curls")},
		"Cheveux bouclés, frisés et crépus : routines, coiffures protectrices et produits testés."},
	{"Antoine", "Faure", 620, active, false, []creatorclub.Handle{h("instagram", "antoine.budget"), h("linkedin", "antoine-faure-budget")},
		"Budget et consommation."},
	{"Clara", "Muller", 180, active, true, []creatorclub.Handle{h("instagram", "clara.montessori"), h("pinterest", "claramontessori")},
		"Activités Montessori à faire à la maison avec des enfants de 0 à 6 ans."},
	{"Maxime", "Roux", 440, revoked, false, []creatorclub.Handle{h("youtube", "maximeroux"), h("x", "maxime_roux_dev"), h("bluesky", "maximeroux.bsky.social")},
		"Actualité tech."},
	{"Jade", "Lopez", 510, active, true, []creatorclub.Handle{h("instagram", "jadeootd"), h("tiktok", "jade.ootd")},
		"Tenues du jour, mode responsable et petits prix, marques partenaires toujours indiquées."},
	{"Théo", "Marchetti", 90, active, false, []creatorclub.Handle{h("youtube", "theoretro"), h("twitch", "theo_retro")},
		"Rétrogaming."},
	{"Louise", "Perrin", 640, active, true, []creatorclub.Handle{h("instagram", "louise.potager"), h("youtube", "louisepotager")},
		"Potager en permaculture sur un balcon puis dans un jardin partagé, saison après saison."},
	{"Bilal", "Chérif", 370, active, false, []creatorclub.Handle{h("tiktok", "bilal.cuisine.maison")},
		"Cuisine maison."},
	{"Margaux", "Blanc", 220, active, false, []creatorclub.Handle{h("instagram", "margaux.roadtrip")},
		"Road trips en van en France et en Europe : étapes, budget et bivouacs autorisés."},
	{"Ibrahim", "Koné", 500, active, true, []creatorclub.Handle{h("instagram", "ibrahimboxe"), h("youtube", "ibrahim.boxe")},
		"Boxe anglaise et préparation physique, pour les débutants comme pour les compétiteurs."},
	{"Élise", "Fournier", 130, active, false, []creatorclub.Handle{h("instagram", "elise.skincare")},
		"Soins de la peau."},
	{"Quentin", "Morel", 410, active, true, []creatorclub.Handle{h("youtube", "quentin.patrimoine"), h("x", "quentinpatrimoine")},
		"Gestion de patrimoine expliquée simplement : assurance vie, immobilier, impôts. Aucun conseil personnalisé."},
	{"Nour", "Saïdi", 560, active, false, []creatorclub.Handle{h("instagram", "nour.famille.nombreuse")},
		"Famille nombreuse."},
	{"Alexandre", "Da Silva", 290, active, false, []creatorclub.Handle{h("youtube", "alex.dasilva.tech"), h("linkedin", "alexandre-da-silva")},
		"Domotique et maison connectée."},
	{"Lina", "Kaci", 600, active, true, []creatorclub.Handle{h("instagram", "lina.modeste"), h("tiktok", "linamodeste")},
		"Mode pudique et élégante, looks du quotidien et créatrices françaises."},
	{"Mathis", "Guérin", 160, active, true, []creatorclub.Handle{h("twitch", "mathis_speedrun"), h("x", "mathisspeedrun")},
		"Speedrun de jeux de plateforme en direct, records et coulisses de l'entraînement."},
	{"Océane", "Leroy", 450, active, true, []creatorclub.Handle{h("instagram", "oceanevrac"), h("tiktok", "oceane.vrac")},
		"Écologie pratique : courses en vrac, cosmétiques maison et petits gestes pour la planète."},
}

// rosterEntries returns the demo roster as of now. Certificate numbers are
// CIR-<year of certification>-<serial>, serials growing with the date within
// a year as the certification system issues them.
func rosterEntries(now time.Time) []creatorclub.RosterEntry {
	y, mo, d := now.UTC().Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	entries := make([]creatorclub.RosterEntry, len(members))
	for i, m := range members {
		expires := today.AddDate(0, 0, m.expiresIn)
		handles := append([]creatorclub.Handle(nil), m.handles...)
		sort.SliceStable(handles, func(a, b int) bool { return platformRank(handles[a].Platform) < platformRank(handles[b].Platform) })
		entries[i] = creatorclub.RosterEntry{
			Line:        i + 2, // as if read from a file with a header
			FirstName:   m.first,
			LastName:    m.last,
			Email:       m.email(),
			Handles:     handles,
			CertifiedOn: expires.AddDate(-2, 0, 0),
			ExpiresOn:   expires,
			Status:      m.status,
		}
	}
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return entries[order[a]].CertifiedOn.Before(entries[order[b]].CertifiedOn) })
	issued := map[int]int{}
	for _, i := range order {
		year := entries[i].CertifiedOn.Year()
		issued[year]++
		entries[i].Number = fmt.Sprintf("CIR-%d-%05d", year, 6+11*issued[year])
	}
	return entries
}

func platformRank(p string) int {
	for i, q := range creatorclub.Platforms {
		if q == p {
			return i
		}
	}
	return len(creatorclub.Platforms)
}
