package observatory

import "testing"

// TestSectorContexts checks the sector words that are also ordinary words:
// they count only in the context of the prohibited or restricted promotion.
func TestSectorContexts(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// Hyaluronic acid: an injection is a cosmetic procedure, a serum is not.
		{name: "hyaluronic injection", date: after, post: Post{Text: "Injection d'acide hyaluronique dans les lèvres, 1 ml, résultat naturel. RDV au cabinet, DM pour réserver"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "hyaluronic acid lips en", date: after, post: Post{Text: "Got my lips done with hyaluronic acid at @glowclinic, book with my link for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "hyaluronic serum", date: after, post: Post{Text: "Publicité - Mon sérum à l'acide hyaluronique de @peaudouce, code LEA15 pour -15 %"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Therapeutic abstention found by co-occurrence.
		{name: "antidepressants replaced", date: after, post: Post{Text: "Mes antidépresseurs ? Remplacés par ces gélules au safran 🌼 Code ZEN20 sur le shop"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "no more meds", date: after, post: Post{Text: "Ditched my anxiety meds thanks to this breathing programme. Link in bio to join"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "stop chemo", date: after, post: Post{Text: "Le jeûne hydrique guérit mieux que la chimio, arrêtez de vous empoisonner. Formation en lien"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "disclaimer is not abstention", date: after, post: Post{Text: "Publicité. Ce complément ne remplace pas un traitement médical : demandez l'avis de votre médecin. Code VITA10"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "disclaimer en", date: after, post: Post{Text: "Ad | These gummies do not replace your medication, talk to your doctor. Use code SLEEP15"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "personal health story", date: after, post: Post{Text: "Six mois de chimio terminés aujourd'hui. Merci à l'équipe de l'hôpital ❤️"},
			sectors: none},
		// Nicotine: pods and pouches are also coffee and make-up.
		{name: "coffee pods", date: after, post: Post{Text: "Mes pods de café préférés, code CAFE10 sur le shop"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "makeup pouches", date: after, post: Post{Text: "New make-up pouches in the shop, link in bio"},
			sectors: none},
		{name: "vape pods", date: after, post: Post{Text: "Nouveaux vape pods goût mangue, code VAP15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		// Crypto: "défi" is a challenge, "exchange" a swap of favours.
		{name: "defi challenge", date: after, post: Post{Text: "Nouveau défi sportif : 30 jours de gainage ! Lien du programme en bio"},
			sectors: none},
		{name: "in exchange", date: after, post: Post{Text: "Hosted by @bluebayhotel in exchange for an honest review, link in bio"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "crypto signals", date: after, post: Post{Text: "Mes signaux crypto VIP : +200 % ce mois-ci. Rejoins le groupe, lien en bio"},
			sectors: []string{"crypto_finance"}},
		// Gambling: a pair of shoes is not a bet.
		{name: "pair of shoes", date: after, post: Post{Text: "Une paire de baskets offerte par @runfast, code RUN10 pour vous"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "refunded first bet", date: after, post: Post{Text: "Premier pari remboursé jusqu'à 100 € avec mon lien 🔥"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "stop your treatment, negated", date: after, post: Post{Text: "N'arrêtez jamais votre traitement sans l'avis de votre médecin. Mon programme sommeil en lien"},
			sectors: none},
		{name: "scratch cards", date: after, post: Post{Text: "Jeux à gratter en ligne : 10 € offerts à l'inscription avec mon code LUCKY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// Prognostics and wild animals.
		{name: "ticket du jour", date: after, post: Post{Text: "Le ticket du jour est dispo pour les abonnés VIP, abonnement en bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "capybara for sale", date: after, post: Post{Text: "Bébé capybara à vendre, éleveur sérieux, DM"},
			sectors: []string{"wild_animals"}},
	})
}
