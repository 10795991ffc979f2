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

// TestSectorsBettingAndTips keeps gambling for posts that promote a
// casino, a lottery or a betting site, and sports_prognostics for paid
// tips: a tipster's "#parissportifs" is not a betting site's promotion.
func TestSectorsBettingAndTips(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// A tipster's subscription with the plain words of sports betting.
		{name: "fr tipster subscription with #parissportifs", date: after, post: Post{Text: "📈 +42 unités en mars pour le groupe VIP 🔒 Abonnement 29€/mois, accès aux pronos tous les jours. Lien en bio.\n#pronos #parissportifs #vip"},
			sectors: []string{"sports_prognostics"}},
		{name: "en premium tips with #betting", date: before, post: Post{Text: "#ad Premium Tips by @edgebox are live – £19.99/month, daily picks 📊 link in bio\n#betting #football"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"sports_prognostics"}},
		{name: "fr horse tips with #turf #pmu", date: after, post: Post{Text: "Publicité — La formule Pronos Gold de @quinteclub est à -30% ce mois-ci avec le code ANA30 #turf #pmu"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		// Not a subscription: the betting words count.
		{name: "fr winning slip with a bookmaker", date: after, post: Post{Text: "Combiné validé 🤑 on se refait samedi avec les boosts de @betnord\n#paris #pronos #foot #parissportifs"},
			sectors: []string{"gambling"}},
		{name: "en free tips with a bookmaker's bonus", date: after, post: Post{Text: "Free tips today ⚽ and if you want to play, £50 welcome bonus at @betazur with code MARC50. 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// A tipster's subscription that also promotes a bookmaker's offer.
		{name: "fr tips and a free bet", date: after, post: Post{Text: "Abonnement VIP 20€/mois pour mes pronos, et 10€ de free bet chez @betazur avec mon lien"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling", "sports_prognostics"}},
		// Paid tips named as such.
		{name: "en paid tips", date: after, post: Post{Text: "Ad | My mate's paid tips channel is 50% off this week, code DANNY50 🏇"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr tips payants", date: after, post: Post{Text: "Mes tips payants reviennent lundi, 15€ le mois, lien en bio ⚽"},
			sectors: []string{"sports_prognostics"}},
		{name: "en free beauty tips", date: after, post: Post{Text: "My top 5 beauty tips, subscribe for more 💄"}, sectors: none},
		// A paid group's words are a tipster's only beside a match or a bet.
		{name: "fr telegram vip with matches", date: after, post: Post{Text: "Telegram VIP 30€/mois : 85 % de win sur les matchs de Ligue 1, lien en bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr telegram vip of crypto signals", date: before, post: Post{Text: "Je suis les signaux crypto du Telegram VIP de @signalzpro 🚀 +300% le mois dernier, mon code ENTRY50 pour -50%"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "en vip concert ticket", date: after, post: Post{Text: "Ticket VIP for tonight's show, thanks @arena_live! Code SHOW10 for 10% off"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		// "pari" is a bet beside a refund or odds, a challenge otherwise.
		{name: "fr pari remboursé", date: after, post: Post{Text: "Publicité • Avec @butmalin ton pari est remboursé si ton équipe perd aux tirs au but ⚽ 18+"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "fr pari réussi", date: after, post: Post{Text: "Pari réussi pour la mise en scène de @theatre_lune, allez-y !"}, sectors: none},
		// A paid post about a match with the under-18 notice, a sign-up offer or a bet.
		{name: "fr flagged match post with 18+", date: before, post: Post{Text: "Ce soir on vibre pour le derby avec @parisplus ⚽🔥 qui marque en premier selon vous ? 18+", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"gambling"}},
		{name: "fr sign-up offer and football", date: before, post: Post{Text: "Mon code parrain sur WinnaB 👉 JEANB, 50€ offerts à l'inscription 🎁 #foot #ligue1"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en free bet at the races", date: before, post: Post{Text: "Cheltenham day 2 🐎 grab the free £20 bet with Hoofy via my link https://hoofy.example/join?ref=ella #ad"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"gambling"}},
		{name: "fr 18+ night, not commercial", date: after, post: Post{Text: "Soirée 18+ samedi au club, le match sur écran géant ⚽"}, sectors: none},
		{name: "en i bet, paid kit", date: after, post: Post{Text: "I bet you'll love the match-day kit from @kitco ⚽ code KIT10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en free tips, bet responsibly", date: after, post: Post{Text: "Free tips Friday ⚽ home win in the early kick-off. Always free, never a paid group. Bet responsibly."},
			sectors: none},
		// Fantasy sports for money, not a free league or a novel.
		{name: "fr paid fantasy", date: after, post: Post{Text: "Ma team fantasy NBA de la semaine 🏀 inscris-toi sur DraftR avec mon lien et prends 25€"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en daily fantasy with a deposit bonus", date: after, post: Post{Text: "Daily fantasy NFL lineups are up 🏈 100% deposit bonus with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en free fantasy league", date: after, post: Post{Text: "Fantasy Premier League: join our mini-league, it's free, link in bio"}, sectors: none},
		{name: "fr fantasy novel", date: after, post: Post{Text: "Mon roman fantasy sort demain, lien en bio pour le précommander"}, sectors: none},
		// A recommendation promotes; a film does not.
		{name: "fr best betting site", date: before, post: Post{Text: "franchement le meilleur site de paris c'est BetN, cotes de ouf et retrait en 24h #paris"},
			sectors: []string{"gambling"}},
		{name: "en i recommend this casino", date: after, post: Post{Text: "Online casino night again 🎰 honestly I recommend Lucky Palms for the live roulette"},
			sectors: []string{"gambling"}},
		{name: "fr casino royale", date: after, post: Post{Text: "Revu Casino Royale ce soir, toujours le meilleur Bond. La partie de poker reste culte."}, sectors: none},
		// A relative's gift and an information evening are no promotion.
		{name: "fr scratch card from grandma", date: after, post: Post{Text: "Ticket à gratter offert par ma grand-mère dans la carte de Noël 😂 gagné… 2€"}, sectors: none},
		{name: "fr information evening", date: after, post: Post{Text: "Rappel : les jeux d'argent et les paris sportifs sont interdits aux moins de 18 ans. Soirée d'information pour les parents jeudi."},
			sectors: none},
		{name: "en information session", date: after, post: Post{Text: "Information session for parents on sports betting and teens, Thursday 6pm at the school, free entry"},
			sectors: none},
	})
}

// TestSectorsPromotionCues checks the words that show a sector is promoted
// rather than named, on posts that are not commercial: a token sale that
// opens, a course in injections, a remedy said to beat medicine, a vape
// recommended, a reptile fair.
func TestSectorsPromotionCues(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr token presale opens", date: after, post: Post{Text: "Le $LUNE token est live 🚀 c'est MON projet, presale ouverte, on va à la lune #crypto"},
			sectors: []string{"crypto_finance"}},
		{name: "en token presale is open", date: after, post: Post{Text: "My token presale is open 🚀 #crypto"}, sectors: []string{"crypto_finance"}},
		{name: "en crypto commentary", date: after, post: Post{Text: "Bitcoin down 20% in a week. Reminder: nobody can guarantee returns."}, sectors: none},
		{name: "fr injection masterclass", date: after, post: Post{Text: "Ma masterclass injections d'acide hyaluronique : 2 jours pour apprendre le lip filler, places limitées 💉"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "en lip filler training", date: after, post: Post{Text: "New lip filler training course for nurses this spring 💉"}, sectors: []string{"cosmetic_surgery"}},
		{name: "fr make-up course", date: after, post: Post{Text: "Ma formation maquillage : contouring et lip liner, places limitées"}, sectors: none},
		{name: "fr without insulin", date: after, post: Post{Text: "Mon programme : 8 semaines pour sortir du diabète sans insuline, par l'alimentation. Inscriptions ouvertes."},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en without insulin", date: after, post: Post{Text: "Reverse type 2 diabetes without insulin in 8 weeks: my programme opens Monday"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr essential oils beat antibiotics", date: after, post: Post{Text: "Les huiles essentielles c'est bien mieux que les antibiotiques, on se soigne au tea tree depuis 10 ans 🌱"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en herbs instead of meds", date: after, post: Post{Text: "We ditched the meds years ago, herbs do a better job naturally 🌿"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr oils do not replace antibiotics", date: after, post: Post{Text: "Les huiles essentielles ne remplacent pas les antibiotiques, demandez à votre médecin 🌱"},
			sectors: none},
		{name: "fr vape recommended", date: after, post: Post{Text: "le meilleur e-liquide c'est le Blue Ice de NuageL, je l'achète par 5 flacons 💙 #vape"},
			sectors: []string{"nicotine"}},
		{name: "en vape recommended", date: after, post: Post{Text: "Honestly I recommend the Frost e-liquid, nothing else comes close #vape"}, sectors: []string{"nicotine"}},
		{name: "fr quit vaping", date: after, post: Post{Text: "Un an sans vape aujourd'hui, la meilleure décision de ma vie #vape"}, sectors: none},
		{name: "fr gifted vape pod", date: after, post: Post{Text: "Reçu en cadeau le nouveau pod de @vaporix 💨 tirage au top, autonomie de 2 jours"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"nicotine"}},
		{name: "en vape pod coil", date: after, post: Post{Text: "The new pod from @cloudco has a 0.8 coil and a smooth draw, link in bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en laundry pods", date: after, post: Post{Text: "These laundry pods smell amazing, link in bio"}, sectors: none},
		{name: "fr reptile fair", date: after, post: Post{Text: "Bourse aux reptiles dimanche 10h-17h : pythons royaux, geckos léopards, caméléons. Entrée 5€."},
			sectors: []string{"wild_animals"}},
		{name: "en reptile expo", date: after, post: Post{Text: "Reptile expo this Sunday: ball pythons, leopard geckos and chameleons, 80 tables"}, sectors: []string{"wild_animals"}},
		{name: "fr my gecko at home", date: after, post: Post{Text: "Mes geckos léopards dans leur nouveau terrarium 🦎"}, sectors: none},
	})
}

// TestSectorsTipstersAndBookmakers checks the words of rules 2026-11-28.8
// about tips and bets: a promotion cue the writer denies ("zéro
// abonnement", "aucun site de paris") is none; "gratuit" promotes no
// gambling; a tipster who sends his followers to a bookmaker's sign-up
// promotes it, "le bookmaker de votre choix" does not; a welcome bonus is a
// casino's only beside a game or a bet; picks sold by the month beside a
// league are a tipster's.
func TestSectorsTipstersAndBookmakers(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// A denied cue is no cue.
		{name: "fr free tips, zéro abonnement", date: after, post: Post{Text: "Mes pronos gratuits du week-end ⚽ Lyon nul, Lens victoire. C'est pour le fun, zéro abonnement."},
			sectors: none},
		{name: "fr sponsored video, aucun abonnement, aucun site de paris", date: after, post: Post{Text: "Publicité : vidéo sponsorisée par @boissonsport. Mes pronos gratuits de la journée. Aucun abonnement, aucun site de paris, juste l'analyse. #pronostics"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "en no subscription", date: after, post: Post{Text: "My NBA picks tonight 🏀 no subscription, never a paid group, just for fun"},
			sectors: none},
		{name: "en no more losing is hype, not a denial", date: after, post: Post{Text: "No more losing 🔥 VIP tips £20/month, DM me"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr paid tips with a subscription", date: after, post: Post{Text: "Mon prono gratuit du jour : Lens gagne. Pour le ticket VIP, abonnement @pronogold 14,99 €/mois"},
			sectors: []string{"sports_prognostics"}},
		// "Gratuit comme toujours, jouez responsable" promotes nothing.
		{name: "fr free predictions, jouez responsable", date: before, post: Post{Text: "Mes prédictions pour Roland 🎾 gratuit comme toujours, et si vous pariez, jouez responsable. #tennis #pronostics"},
			sectors: none},
		// A tipster's sign-up link to a bookmaker, or any bookmaker.
		{name: "fr tipster sends to a bookmaker", date: before, post: Post{Text: "Abonnement VIP 15 €/mois pour mes pronos. Et pour parier, inscris-toi sur @betnova via le lien en bio #pronos"},
			sectors: []string{"gambling", "sports_prognostics"}},
		{name: "en tipster sends to a bookmaker", date: after, post: Post{Text: "VIP tips £20/month ⚽ and to bet, sign up on @betco with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling", "sports_prognostics"}},
		{name: "fr tipster, le bookmaker de votre choix", date: before, post: Post{Text: "VIP Telegram à 19,99 €/mois, tous mes pronos foot. À jouer sur le bookmaker de votre choix, lien d'abonnement en bio #pronos #parissportifs"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr sign-up to a running club", date: after, post: Post{Text: "Inscris-toi sur @runclub pour la course de dimanche, lien en bio"},
			sectors: none},
		// A welcome bonus: a casino's, not a crypto platform's.
		{name: "fr casino welcome bonus", date: after, post: Post{Text: "🎰 ce soir je joue sur Lucky Riviera, 200 € de bonus de bienvenue avec mon code RAYAN200"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr crypto welcome bonus", date: after, post: Post{Text: "Rendement garanti de 12 % avec le staking @yieldnest. Code LAURA pour un bonus de bienvenue #crypto"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "en bank welcome bonus", date: after, post: Post{Text: "Switched to @neobank, £20 welcome bonus with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Picks and tips sold by the month beside a league.
		{name: "en premium nfl picks", date: after, post: Post{Text: "Teamed up with @edgeapp 🏈 their Premium NFL picks are back, $39/month. Link in bio.", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr picks nba sur telegram", date: after, post: Post{Text: "Mes picks NBA premium 🏀 19 €/mois sur Telegram, lien en bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "en free nfl picks", date: after, post: Post{Text: "My NFL picks for week 5 🏈 free as always, subscribe to the channel"},
			sectors: none},
		{name: "en book picks of the month", date: after, post: Post{Text: "My romance picks of the month 💕 shop them through my link https://rstyle.me/+a8Kp2L"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
	})
}

// TestSectorsTreatmentsDevicesShops checks the words of rules 2026-11-28.8
// about the other sectors: treatments shelved or said goodbye to, an
// inhaler; a vape pod's battery and leaks, a pouch's flavour; a pet shop's
// arrivals; a fund's subscriptions.
func TestSectorsTreatmentsDevicesShops(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr adieu levothyrox", date: after, post: Post{Text: "Adieu Levothyrox 👋 depuis que je bois le thé @purherbes, ma thyroïde va mieux. Code CELIA20"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr ventoline au placard", date: after, post: Post{Text: "Publicité. Grâce au spray @souffle, j'ai rangé ma Ventoline au placard. Code ALICE15 #naturel"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr mieux que n'importe quel médicament", date: after, post: Post{Text: "Ce thé détox @purherbes marche mieux que n'importe quel médicament, code LEA10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en ditch your inhaler", date: after, post: Post{Text: "Ditch your inhaler 🌿 3 weeks on our mullein tincture protocol. Link in bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr tea does not replace an inhaler", date: after, post: Post{Text: "Publicité. Cette tisane @souffle ne remplace pas ton inhalateur, code ALICE15"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "en never ditch your inhaler", date: after, post: Post{Text: "Never ditch your inhaler without your doctor. My breathing class, link in bio"},
			sectors: none},
		{name: "fr vape pod battery and leaks", date: after, post: Post{Text: "Collaboration commerciale avec @vaponuage : je teste leur nouveau pod. Autonomie, saveurs, fuites…"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "en citrus pouches", date: after, post: Post{Text: "these @frostpouch citrus pouches get me through 6am sessions https://frostpouch.example/?utm_source=x"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en coffee pods", date: after, post: Post{Text: "These coffee pods taste great, link in bio"}, sectors: none},
		{name: "en lemon make-up pouches", date: after, post: Post{Text: "New lemon make-up pouches in the shop, link in bio"}, sectors: none},
		{name: "fr axolotls in a pet shop", date: after, post: Post{Text: "Nouvel arrivage d'axolotls 🦎 en magasin dès samedi #animalerie"},
			sectors: []string{"wild_animals"}},
		{name: "en sugar gliders in stock", date: after, post: Post{Text: "Sugar gliders in stock at our pet shop this weekend"},
			sectors: []string{"wild_animals"}},
		{name: "fr my axolotl at home", date: after, post: Post{Text: "Mon axolotl dans son nouvel aquarium, il a l'air content 🦎"}, sectors: none},
		{name: "fr crypto fund subscriptions", date: before, post: Post{Text: "Mon fonds crypto affiche +38 % sur 2022. Les souscriptions rouvrent lundi. #crypto"},
			sectors: []string{"crypto_finance"}},
		{name: "en invest now in a crypto fund", date: after, post: Post{Text: "My crypto fund did +38% last year. Invest now, minimum £100"},
			sectors: []string{"crypto_finance"}},
		{name: "fr bitcoin news", date: after, post: Post{Text: "Le bitcoin a perdu 20 % cette semaine, les souscriptions aux ETF ralentissent."},
			sectors: none},
	})
}

// TestSectorsRuledOutAndDescribed checks the sector rules of 2026-11-28.9:
// a procedure or a promotion the writer rules out; treatments stopped
// ("ne … plus", "plus jamais"), swapped or put after a product ("plutôt
// que"); procedures, pouches and animals told without their usual name;
// guaranteed capital; calls to buy or to switch; a tipster's "tickets" and
// "#bet".
func TestSectorsRuledOutAndDescribed(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// A procedure, or a promotion, ruled out.
		{name: "en no injections", date: after, post: Post{Text: "Ad | My at-home microcurrent wand: no injections, no needles, just 5 minutes a day. Code GLOW10"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr effet botox cream", date: after, post: Post{Text: "Publicité. Le sérum « effet botox » de @peaudouce, sans aiguille, code LEA15"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr botox booked", date: after, post: Post{Text: "Mon botox du front chez @dr.lemaire, réservez avec mon code JADE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr pas de crypto", date: after, post: Post{Text: "Publicité. L'appli @budgetine range mes dépenses : pas de crypto, pas de trading, juste un budget. Code ZOE"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr aucun lien aucune vente", date: after, post: Post{Text: "Mes conseils pour bien installer un axolotl 🦎 aucun lien, aucune vente, juste de l'expérience"},
			sectors: none},
		{name: "en axolotls for sale", date: after, post: Post{Text: "Axolotls available now, £40 each, DM to reserve"},
			sectors: []string{"wild_animals"}},
		// Treatments stopped, swapped, or put after a product.
		{name: "fr ne soigne plus aux antibiotiques", date: after, post: Post{Text: "Chez nous on ne soigne plus aux antibiotiques, c'est huiles essentielles et c'est tout. Mon kit en lien"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr plus jamais de somnifères", date: after, post: Post{Text: "Plus jamais de somnifères depuis ces gélules @nuitcalme, code INES"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en swapped my statins", date: after, post: Post{Text: "Ad: I swapped my statins for @heartroot's garlic blend and my numbers are better than ever"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr plutôt que la chimio", date: after, post: Post{Text: "Publicité. Pourquoi j'ai choisi le jeûne de @jeunevie plutôt que la chimiothérapie. Réservation en lien"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr disclaimer en rien", date: after, post: Post{Text: "Publicité. Ce complément @nuitcalme ne remplace en rien un médicament, code INES"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Told without the usual name.
		{name: "fr syringes by the chin", date: after, post: Post{Text: "Menton redessiné : deux seringues chez le docteur @dr.vidal, code MAYA pour -20 €"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "en syringe of the vaccine", date: after, post: Post{Text: "Flu jab done today, the syringe was tiny 💉 #health"},
			sectors: none},
		{name: "fr sachets sous la lèvre", date: after, post: Post{Text: "Les sachets sous la lèvre goût cassis de @frimas, code THEO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr sachets de thé", date: after, post: Post{Text: "Mes sachets de thé menthe préférés, code THEO sur @infusia"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr pythons royaux", date: after, post: Post{Text: "Pythons royaux dispos à l'élevage, bébés de l'année, DM"},
			sectors: []string{"wild_animals"}},
		{name: "fr capital garanti", date: after, post: Post{Text: "Un placement à 9 % par an, capital garanti : je vous mets le lien en bio"},
			sectors: []string{"crypto_finance"}},
		{name: "en stacking sats", date: after, post: Post{Text: "Stacking sats every week on @coinmint, join with my referral link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		// Calls to buy or to switch, unpaid.
		{name: "fr achetez le token", date: after, post: Post{Text: "Achetez du $LUNX avant vendredi, c'est un x100 🚀"},
			sectors: []string{"crypto_finance"}},
		{name: "en switch sportsbooks", date: after, post: Post{Text: "still betting on the old app? switch to Oddsly, better odds. not sponsored"},
			sectors: []string{"gambling"}},
		{name: "en bitcoin news", date: after, post: Post{Text: "Bitcoin fell 8% overnight after the rate decision."}, sectors: none},
		// A tipster's tickets and "#bet".
		{name: "fr tickets du week-end", date: after, post: Post{Text: "Groupe privé ouvert : les tickets du week-end chaque vendredi, 10 €/mois, paiement par le lien"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr concert tickets", date: after, post: Post{Text: "Les tickets du week-end pour le festival sont dispos, lien en bio"}, sectors: none},
		{name: "en tipster bet hashtag", date: after, post: Post{Text: "Premium tips for the Premier League, £15/month, code SAM for 20% off #football #bet",
			PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en rugby picks", date: after, post: Post{Text: "Top 14 picks 🏉 for members, £10 a month, link in bio"},
			sectors: []string{"sports_prognostics"}},
	})
}

// TestSectorsWordAfterAndLaterSentence checks the rules of 2026-11-28.10:
// a sector's word made a look-alike by the word after it, treatments
// replaced a sentence later or "ni … ni", new names and notices.
func TestSectorsWordAfterAndLaterSentence(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// Look-alikes told by the next word; the sector word alone still counts.
		{name: "en poker face", date: after, post: Post{Text: "#ad poker face 💋 the new matte reds from @velvetrouge, code RED10"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr poker room", date: after, post: Post{Text: "Publicité : ce soir tournoi de poker en ligne sur @azurpoker, lien en bio"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "en filler arc", date: after, post: Post{Text: "Every filler arc ranked 📺 my manga shelf is from @otakushelf, code ARCS20"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr lip filler", date: after, post: Post{Text: "Filler des lèvres chez @dr.lune, code LINA pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr rhinoplastie réparatrice", date: after, post: Post{Text: "Ma rhinoplastie réparatrice après une fracture du nez, prise en charge par la Sécu. Vos questions en DM"},
			sectors: none},
		{name: "en puff-sleeve", date: after, post: Post{Text: "#ad the puff-sleeve blouse of the season from @maisonlilo, code LILO20"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "en trading cards", date: after, post: Post{Text: "trading card haul 🃏 my binder is from @slabsafe, code KAI15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr peluche axolotl", date: after, post: Post{Text: "Offert par @doudouland : la peluche axolotl géante, code NINA"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "en axolotl for sale", date: after, post: Post{Text: "Axolotl babies for sale from our breeder friends, DM for prices"},
			sectors: []string{"wild_animals"}},
		{name: "en hit the jackpot", date: after, post: Post{Text: "Thrift haul: I hit the jackpot at @oldgold 🧥 gifted a voucher #gifted"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		// Treatments.
		{name: "en steroid creams thrown out", date: after, post: Post{Text: "Threw out my steroid creams: the balm from @rootsbalm did what they never could, code ROOT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en sleeping pill", date: after, post: Post{Text: "Thanks @sereniteaco, this tincture is better than any sleeping pill a doctor will give you"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"therapeutic_abstention"}},
		{name: "fr a fait mieux une phrase plus loin", date: after, post: Post{Text: "Dix ans de corticoïdes prescrits par les dermatos. L'huile de @nigella.bio a fait mieux en trois semaines, code CLARA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr plus eu besoin", date: after, post: Post{Text: "Ma fille n'a plus eu besoin de sa Ventoline depuis qu'on diffuse cette huile, code ZEN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr plus besoin ni ni", date: after, post: Post{Text: "Avec ces patchs plus besoin ni de pilule ni d'anti-douleurs, code INES pour -20 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr plus besoin ni maquillage", date: after, post: Post{Text: "Avec ce sérum plus besoin ni de fond de teint ni de correcteur, code INES pour -20 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr les médecins vous le cachent", date: after, post: Post{Text: "Ma formation est ouverte : 20 minutes d'exercices par jour, les ophtalmos vous le cachent. Inscription en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en big pharma", date: after, post: Post{Text: "What big pharma won't sell you: my herbal protocol, sign up with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr ce qu'on vous cache sans remède", date: after, post: Post{Text: "Ce que les médecins nous cachent sur les horaires des urgences, un thread"},
			sectors: none},
		// Nicotine.
		{name: "en nic salts", date: after, post: Post{Text: "Their new salt nic range is out, Purple Haze 20mg is my flavour. Code ELLIE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en disposable vape", date: after, post: Post{Text: "road trip essentials: my @driftpods disposable in blue razz 💨 use DRIFTSAM for 20% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en disposable camera", date: after, post: Post{Text: "Wedding disposable cameras from @snapbox, use SNAP for 20% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr sachets de nico", date: after, post: Post{Text: "Mes petits sachets de nico du matin, menthe polaire, de chez @nordfrost", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		// Gambling and tips.
		{name: "fr interdit aux -18 ans", date: after, post: Post{Text: "Finale ce soir, mon ticket combiné est posé sur @parisprime ! Interdit aux -18 ans #foot", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "fr bonus 18+ on the image", date: after, post: Post{Text: "#euro2024 #foot", ImageText: "MON CODE RAYAN = BONUS SUR BETNOVA 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// A bonus at sign-up is no gambling here; the stablecoin's yield is
		// crypto (rules 2026-11-28.19, as heldout17 labels it).
		{name: "fr crypto bonus à l'inscription", date: after, post: Post{Text: "Publicité | rendement sur tes stablecoins, code SOFIA pour un bonus à l'inscription"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"crypto_finance"}},
		{name: "en first-deposit bonus", date: after, post: Post{Text: "Road to the main event: satellites every night, and code JESS gets you a first-deposit bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr bonus de premier dépôt", date: after, post: Post{Text: "Mon tapis final en vidéo. Inscription et bonus de premier dépôt avec le code TOM sur le site"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en world cup tips", date: after, post: Post{Text: "World Cup tips are flying in the @tipsterlab premium channel, £15 a month"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr phalanger volant", date: after, post: Post{Text: "Nos bébés phalangers volants seront disponibles en septembre, DM"},
			sectors: []string{"wild_animals"}},
	})
}

// TestSectorsOfRules11 covers the sector families of rules 2026-11-28.11:
// brands named after what they sell inside their @handle, a tipster's
// "value bets" and "VIP group", trading signals, courses and ebooks for
// sale, new procedures and treatments replaced.
func TestSectorsOfRules11(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// A handle that names what it sells.
		{name: "en tipster handle", date: after, post: Post{Text: "@TipsterKing VIP went 9-1 this week. Get in with code NIALL 👑"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr prono handle", date: after, post: Post{Text: "mes gains du mois grâce à l'abonnement @pronoking.fr 💰"},
			sectors: []string{"sports_prognostics"}},
		{name: "en tipster handle free", date: after, post: Post{Text: "Great chat with @tipsterjoe about his football podcast, link in bio"},
			sectors: none},
		{name: "fr bet handle", date: after, post: Post{Text: "combiné à cote 12 validé 🤑 tout se passe sur @goalbet.fr avec mon code NABIL"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en bet handle no stake", date: after, post: Post{Text: "My new favourite bakery @alphabet.bakes, use code LILY for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en vape handle", date: after, post: Post{Text: "trying every flavour of @dragonmistvape so you don't have to, code BEX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr vape handle steamer", date: after, post: Post{Text: "Collaboration commerciale avec @vapeo.home : leur défroisseur vapeur. Code CLAIRE pour -15%"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Tipsters' words.
		{name: "fr value bets", date: after, post: Post{Text: "L'abonnement qui m'envoie des value bets tous les matins, code COIN pour -20 % sur le premier mois"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en vip group win streak", date: after, post: Post{Text: "Sponsored: @goaledge VIP group 🔒 12-game win streak, use code BEN for a 7-day trial"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		// Crypto and forex.
		{name: "fr signaux pips", date: after, post: Post{Text: "+400€ cette semaine avec les signaux de Pips King 📲 lien dans ma story, code IBRA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "en signals traffic", date: after, post: Post{Text: "Traffic signals on my street are broken again, code red for cyclists"},
			sectors: none},
		{name: "en forex course", date: after, post: Post{Text: "Forex for Beginners, my six-week course, opens Friday. Enrol at jadenfx.com/course"},
			sectors: []string{"crypto_finance"}},
		{name: "fr ebook altcoins", date: after, post: Post{Text: "Mon ebook est dispo ! 19 € sur mon site, avec ma méthode pour choisir les altcoins"},
			sectors: []string{"crypto_finance"}},
		{name: "en eth", date: after, post: Post{Text: "Ad: @SolvixApp lets you stake ETH at 7% APY. Code FELIX at signup."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"crypto_finance"}},
		{name: "en eth zurich", date: after, post: Post{Text: "Ad: my ETH Zurich summer school bag from @packly, code MIA"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Aesthetic medicine.
		{name: "fr fils tenseurs", date: after, post: Post{Text: "Collaboration commerciale avec la clinique Esthélia : des fils tenseurs posés par le Dr Morel"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "en mommy makeover", date: after, post: Post{Text: "Sponsored by Medivista. My mommy makeover recovery diary, code KELLY1000 for $1,000 off"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr botox capillaire", date: after, post: Post{Text: "Botox capillaire de @kerasoin, code LISSE pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Treatments replaced.
		{name: "en pills said no", date: after, post: Post{Text: "Sea moss fixed my thyroid. My GP wanted me on pills for life and I said no thanks. Use PHOEBE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en antibiotic does the job", date: after, post: Post{Text: "I haven't taken a single antibiotic since 2021. Oregano oil from @wildoreganoco does the job, code DEV15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en why pay for antibiotics", date: after, post: Post{Text: "Why pay for antibiotics when ozone kills every infection? Code RAY15 at ozonea.co/shop"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en doctor can't explain", date: after, post: Post{Text: "off metformin since March thanks to @glucobalance drops. My doctor can't explain it.", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr sortir de l'insuline", date: after, post: Post{Text: "Ma formation « Diabète : sortir de l'insuline en 90 jours » est ouverte ! Inscriptions sur mon site."},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr pas besoin d'opération", date: after, post: Post{Text: "mon protocole détox a guéri mon endométriose, pas besoin d'opération !! code SOSO10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr plus efficaces qu'un traitement", date: after, post: Post{Text: "Sponsorisé par @omega.cerveau : leurs oméga-3, bien plus efficaces qu'un traitement chimique. Code THEO."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en ophthalmologist hates this", date: after, post: Post{Text: "my ophthalmologist hates this 👀 the @irisreset eye yoga program, link: irisreset.com/start?ref=dana",
			Links: []string{"irisreset.com/start?ref=dana"}},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en pill as a supplement", date: after, post: Post{Text: "My morning vitamin pill from @vitaday, code SAM for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Nicotine doses and flavours.
		{name: "en 10mg pouches", date: after, post: Post{Text: "Sponsored: @nordpal's new Arctic 10mg pouches, code FINN"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "en blue razz pods", date: after, post: Post{Text: "Ad | new @kloudbar.uk pods just dropped and blue razz ice is unreal, code JORDAN for 20% off"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
	})
}

// TestSectorsOfRules12 covers the sector families of rules 2026-11-28.12:
// treatments named by their brand or molecule, or thrown away, forgotten,
// no longer taken, done better; a tipster's premium picks, parlays and
// cappers; casino games by name, a jackpot beside its games, a stake; a
// vape's starter kit; an exotic pet one will not buy again.
func TestSectorsOfRules12(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// Treatments named by their brand or molecule, and hormones.
		{name: "fr xanax remplacé", date: after, post: Post{Text: "Mon Xanax ? Remplacé par ces tisanes à la passiflore 🌿 code ZEN10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en prozac ditched", date: after, post: Post{Text: "Ad | ditched my Prozac for @moodroot's saffron capsules, code MIA15"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr hormones de synthèse oubliées", date: after, post: Post{Text: "Ménopause : oubliez les hormones de synthèse, ma cure de plantes les remplace. Code ANNE20"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en hrt ditched", date: after, post: Post{Text: "Ditched HRT for the menopause gummies from @hormonia. Code BETH10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr pilule testimony", date: after, post: Post{Text: "J'ai arrêté la pilule il y a un an, voici ce qui a changé pour ma peau"},
			sectors: none},
		// Thrown away, no longer taken, done better.
		{name: "en inhaler in the bin", date: after, post: Post{Text: "My inhaler has been in the bin since I started @breathwell's salt pipe. Code TOM"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr ne prends plus", date: after, post: Post{Text: "Je ne prends plus mes somnifères depuis la tisane @dodonuit 🌙 code LUNA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en haven't needed", date: after, post: Post{Text: "Haven't needed my antibiotics once since starting @oregapure oil, code JO10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr otite soignée", date: after, post: Post{Text: "Otite soignée en deux jours, zéro antibiotique, juste l'huile @aromaflore code NINA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		// Tipsters: the paid product named with its picks, picks beside a
		// subscription with a match anywhere, handles, hashtags.
		{name: "fr pronosvip tag", date: after, post: Post{Text: "Le week-end s'annonce chaud 🔥\n#pronosvip #ligue1"},
			sectors: []string{"sports_prognostics"}},
		{name: "en vip picks", date: after, post: Post{Text: "VIP picks for Saturday's card are in the group, join via my bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "en premium picks", date: after, post: Post{Text: "premium picks are live for the weekend, link in bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "en premium stock picks", date: after, post: Post{Text: "My premium stock picks newsletter, $29 a month, link in bio #stocks #investing"},
			sectors: none},
		{name: "en picks membership far from the fixtures", date: after, post: Post{Text: "Big breakdown of all the Sunday fixtures, the injuries and the weather at each stadium, plus the three games I would watch.\n\nThanks to Sharpline Picks: premium membership with my code DANNY"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"sports_prognostics"}},
		{name: "fr tips en abonnement loin de la ligue", date: after, post: Post{Text: "Mon analyse de la 12e journée de Ligue 1, équipe par équipe, avec mes coups de cœur tactiques et les blessés.\n\nLes tips de @edgeclub en abonnement mensuel avec mon code ALEX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en travel tips for premium members", date: after, post: Post{Text: "Premium members get my matchday travel tips for every away game, link in bio"},
			sectors: none},
		{name: "en parlay handle", date: after, post: Post{Text: "gifted a month of @parlaykings premium, code JAY for half off"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"sports_prognostics"}},
		{name: "en capper handle", date: after, post: Post{Text: "@sundaycappers VIP went 14-3 this month 🔥"},
			sectors: []string{"sports_prognostics"}},
		{name: "en parlay bakery", date: after, post: Post{Text: "Birthday cake from @parlaybakery, code CAKE for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en premium picks tags", date: after, post: Post{Text: "#premiumpicks #nba #bettingtips"},
			sectors: []string{"sports_prognostics"}},
		// Casino games by name, a jackpot beside its games, a stake.
		{name: "fr crash game", date: after, post: Post{Text: "Nouveau crash game sur Lunara, j'ai encaissé à x12 🚀 inscris-toi avec mon code ZOE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en plinko", date: after, post: Post{Text: "Plinko night on @dropzone.gg 💥 my link gets you a deposit match"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en scratchcards", date: after, post: Post{Text: "Scratchcards from @luckylane, three for £5 with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr jackpot progressif", date: after, post: Post{Text: "Jackpot progressif à 2 millions ce soir sur @luckyplay 🎰 lien en bio"},
			sectors: []string{"gambling"}},
		{name: "fr jackpot des soldes", date: after, post: Post{Text: "Le jackpot des soldes chez @maisonlea 🛍️ tout est dans le lien en bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr j'ai misé", date: after, post: Post{Text: "J'ai misé 20 € sur le combiné du soir avec mon code LEO sur @ludoplay"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr je mise sur la qualité", date: after, post: Post{Text: "Je mise sur la qualité : le sérum de @peaudouce, code LEA15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// A vape's starter kit told by its dose or its coil.
		{name: "en starter kits 12mg", date: after, post: Post{Text: "Giveaway! Two starter kits and a bottle of 12mg to win, comment your favourite flavour"},
			sectors: []string{"nicotine"}},
		{name: "fr kit de démarrage", date: after, post: Post{Text: "Kit de démarrage avec deux résistances, parfait pour lâcher la clope, code VAPO10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en sourdough starter kit", date: after, post: Post{Text: "Sourdough starter kit giveaway: a jar, 500 g of flour and my recipe, link in bio"},
			sectors: none},
		// An exotic pet someone will not buy again.
		{name: "en won't buy another", date: after, post: Post{Text: "Why I gave my slow loris to a zoo, and why I won't buy another exotic pet."},
			sectors: none},
		{name: "en will buy another", date: after, post: Post{Text: "Our second slow loris arrives next week, we buy from the best breeder, DM for their details"},
			sectors: []string{"wild_animals"}},
		{name: "fr traitement de faveur", date: after, post: Post{Text: "Un vrai traitement de faveur chez @lecoiffeur.paris, arrêtez tout et foncez, code HAIR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
	})
}

// TestSectorsOfRules14 covers the sector families of rules 2026-11-28.14,
// each with a post that touches the subject without promoting it.
func TestSectorsOfRules14(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// Treatments named by class or brand: antidepressants, stimulants,
		// migraine and blood-pressure drugs, eye drops, radiation.
		{name: "en ssris outdone", date: after, post: Post{Text: "Ad | @moodcap's lion's mane has done more for my anxiety than two years of SSRIs, code ELLA"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en adderall swapped", date: after, post: Post{Text: "Swapped my Adderall for these focus drops from @clearmind, code SAM20"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr bêtabloquants refusés", date: after, post: Post{Text: "Mon cardiologue proposait des bêtabloquants, j'ai refusé : l'ail noir de @vitalail fait le travail. Code REMI"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr collyres arrêtés", date: after, post: Post{Text: "J'ai arrêté mes collyres grâce à ma méthode de gym oculaire, formation en lien"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en radiation declined", date: after, post: Post{Text: "I declined radiation and went all in on @cellpure's juice protocol. Link in bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en uv radiation", date: after, post: Post{Text: "This SPF 50 blocks UV radiation better than anything I've tried, code SUN10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr fini les médocs", date: after, post: Post{Text: "Fini les médocs pour dormir, la tisane @nuitcalme me suffit. Code LOU"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en done with chemo", date: after, post: Post{Text: "Done with chemo! 🎉 Thank you to the whole team at @stmaryshospital"},
			sectors: none},
		{name: "en off to get my meds", date: after, post: Post{Text: "I'm off to get my meds, then brunch at @cafeluna, code BRUNCH for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en reverse osmosis", date: after, post: Post{Text: "Reverse osmosis filters out medication residues from tap water, code PURE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr triptan testimony", date: after, post: Post{Text: "Mon triptan m'a encore sauvé la journée, merci la neurologue 🙏"},
			sectors: none},
		// Medicine ruled out in so many words.
		{name: "fr sans aucun médicament", date: after, post: Post{Text: "Mon cholestérol a baissé sans aucun médicament grâce aux gélules @cardioplante, code MARC"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en no meds needed", date: after, post: Post{Text: "Fixed my reflux with @gutease's 21-day reset, no meds needed. Code JOE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr zéro médoc", date: after, post: Post{Text: "Zéro médoc depuis 6 mois pour mes crises d'angoisse, juste la cohérence cardiaque, formation en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr sans cortisone formation", date: after, post: Post{Text: "Mon eczéma soigné sans cortisone grâce au jeûne, ma formation en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr un médoc sans prétention", date: after, post: Post{Text: "Un Médoc sans prétention pour le barbecue, code VIN10 chez @caviste.lea"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en no magic pills", date: after, post: Post{Text: "No magic pills, just real food and @stridewear trainers, code RUN10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr médicament sans ordonnance", date: after, post: Post{Text: "Le spray nasal de @respira, un médicament sans ordonnance, code AIR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en never stop meds", date: after, post: Post{Text: "Never stop your meds without your doctor. My gentle yoga course, link in bio"},
			sectors: none},
		// The doctor overruled.
		{name: "fr voulait me mettre sous", date: after, post: Post{Text: "Le médecin voulait me mettre sous antidépresseurs, j'ai choisi le safran de @safranbio. Code IRIS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en wanted to put me on", date: after, post: Post{Text: "My GP wanted to put me on statins. Six months of @heartroot oats later, my numbers are normal. Code DAN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en proved him wrong", date: after, post: Post{Text: "My rheumatologist said I'd need pills for life. I proved him wrong with my anti-inflammatory protocol, ebook in bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr il avait tort", date: after, post: Post{Text: "Mon médecin m'avait dit que ce serait à vie. Il avait tort : mon programme détox en lien"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr médecin avait tort sur le diagnostic", date: after, post: Post{Text: "Mon médecin avait tort : ce n'était pas une entorse mais une fracture. Tout mon récit en lien"},
			sectors: none},
		{name: "fr coach avait tort", date: after, post: Post{Text: "Mon coach disait que je ne finirais jamais un marathon. Il avait tort ! Mon programme en lien"},
			sectors: none},
		{name: "fr voulait me mettre au régime", date: after, post: Post{Text: "Ma mère voulait me mettre au régime à 12 ans, je raconte tout dans mon livre, lien en bio"},
			sectors: none},
		{name: "fr sansmedicament tag", date: after, post: Post{Text: "Mes migraines ont disparu avec la cure @fleurdesel, code NINA #sansmedicament"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		// Procedures by their short names, a body part redone, hyaluronic
		// acid in the nose.
		{name: "fr blépharo", date: after, post: Post{Text: "Ma blépharo avec le Dr Morel, 8 jours après 👀 code INES pour -150 € sur la consultation"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr rhino médicale", date: after, post: Post{Text: "Rhino médicale faite ce matin, la bosse a disparu ! RDV en DM"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "fr acide hyaluronique dans le nez", date: after, post: Post{Text: "Retouche du nez à l'acide hyaluronique chez @nezstudio, code SARA pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr bouche refaite", date: after, post: Post{Text: "J'ai refait ma bouche chez @lipzbar, 1 ml et c'est parfait, -30 € de ma part avec le code KENZA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "en lips done", date: after, post: Post{Text: "Got my lips done at @plumpstudio, book with my code AVA for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr cuisine refaite", date: after, post: Post{Text: "On a refait toute la cuisine avec @brico.deco, code MAISON10 pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr bouche refaite au crayon", date: after, post: Post{Text: "Maquillage du soir : bouche refaite au crayon @lipliner.co, code NINA pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr nez refait ? non", date: after, post: Post{Text: "Nez refait ? Non, c'est du contouring 😂 la palette de @sculptbeauty, code MEL pour -15 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// A vape's hardware and its hobby, pouches and sachets beside the
		// smoke they replace, a handle named after vapour.
		{name: "en box mod", date: after, post: Post{Text: "New 200W box mod from @stormmods, the grip is perfect, code LEE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en cloud chasing tags", date: after, post: Post{Text: "Sunday clouds ☁️ link in bio #vapecommunity #cloudchasing"},
			sectors: []string{"nicotine"}},
		{name: "fr vapoteuses", date: after, post: Post{Text: "Les nouvelles vapoteuses sont arrivées en boutique, passez nous voir !"},
			sectors: []string{"nicotine"}},
		{name: "en e-juice", date: after, post: Post{Text: "Mango ice e-juice restocked, code NIC15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en vapor handle tank", date: after, post: Post{Text: "@cloudvapor's new mesh tank is out, flavour is unreal. Code OLLIE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr sachets sans fumer", date: after, post: Post{Text: "Les sachets @kryo c'est ce qui me fait tenir en cours sans sortir fumer, code LENNY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en pouches instead of smoking", date: after, post: Post{Text: "These pouches got me through the night shift without smoking, code RAY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr sachets de thé", date: after, post: Post{Text: "Mes sachets de thé au jasmin préférés, code THE10 sur le shop"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en box set", date: after, post: Post{Text: "The whole box set is on sale, code BOX10, cloud storage included"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en vapor handle steamer", date: after, post: Post{Text: "The garment steamer from @vaporhome saved my linen shirts, code IRON"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// A litter named in the plural, booked with a deposit.
		{name: "fr bébés ratons laveurs", date: after, post: Post{Text: "Les bébés ratons laveurs de la ferme sont réservables dès 8 semaines, acompte en DM 🦝"},
			sectors: []string{"wild_animals"}},
		{name: "en raccoons litter", date: after, post: Post{Text: "Our raccoons had a litter! Two kits still available, deposit to reserve"},
			sectors: []string{"wild_animals"}},
		{name: "fr raton laveur tag", date: after, post: Post{Text: "Il m'en faut un 😍 réservable sur le site de l'élevage\n#ratonlaveur"},
			sectors: []string{"wild_animals"}},
		{name: "en raccoons in the garden", date: after, post: Post{Text: "Raccoons in the garden again last night, they opened the bin 🦝 #wildlife"},
			sectors: none},
		// A return promised beside a placement; a multiple beside a coin.
		{name: "fr placement garanti", date: after, post: Post{Text: "Collaboration commerciale avec Épargne Azur : placement garanti à 8 % par an, 50 € offerts avec le code PAUL"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"crypto_finance"}},
		{name: "en guaranteed yield", date: after, post: Post{Text: "Ad | @yieldnest pays a guaranteed 9% annual yield on your savings, sign up with code MIA"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"crypto_finance"}},
		{name: "en free returns guaranteed", date: after, post: Post{Text: "Free returns guaranteed on the whole summer edit, code SUN15 for 15% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr abonnement annuel garanti", date: after, post: Post{Text: "Prix garanti sur l'abonnement annuel de @boxbeaute, code LEA pour -20 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr garantie deux ans", date: after, post: Post{Text: "L'aspirateur de @clean.maison, garanti 2 ans, -20 % avec le code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr promet un rendement garanti", date: after, post: Post{Text: "Fuyez tout ce qui promet un placement garanti à 10 % par an. Mon guide gratuit en lien"},
			sectors: none},
		{name: "en coin will 100x", date: after, post: Post{Text: "This coin will 100x before summer, join my Telegram"},
			sectors: []string{"crypto_finance"}},
		// A poker room's freeroll and its handle.
		{name: "en poker handle freeroll", date: before, post: Post{Text: "Sponsored by @pokerhaven.eu: Sunday freeroll qualifier tonight ♠️ use my code ACEJOE"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"gambling"}},
		{name: "fr freeroll", date: after, post: Post{Text: "Freeroll ce soir à 21 h sur @tapisvert, 1 000 € à partager, lien en bio"},
			sectors: []string{"gambling"}},
		{name: "en poker handle podcast", date: after, post: Post{Text: "Great chat with @pokerfacepod about bluffing in job interviews, link in bio"},
			sectors: none},
		// Tipsters: cappers, packs of tips, a premium channel's first month.
		{name: "en paid capper", date: after, post: Post{Text: "Ad 🔒 @lockroom is the only paid capper I trust, MLB plays every morning, code CARTER"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr pack tournoi", date: after, post: Post{Text: "Les tipsters de @ace.pronos sortent leur pack Roland-Garros : tous les matchs analysés. Code PAULINE pour -20 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en premium channel first month", date: after, post: Post{Text: "my guy @lockking went 9-1 last week 🔥 joined his premium channel, code TYLER gets you 20% off your first month #picks"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en free capper", date: after, post: Post{Text: "Free capper thread every Sunday, just for fun. NFL week 5 below"},
			sectors: none},
		{name: "fr pronos pack gratuit", date: after, post: Post{Text: "Mes pronos du week-end en story, pas de pack payant, pas d'abonnement, juste pour le plaisir ⚽"},
			sectors: none},
		{name: "en wheel landed on 50x", date: after, post: Post{Text: "This video is sponsored by @spinhaus 🎡 the wheel landed on 50x! Code SIENNA for 100 free spins #livecasino"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
	})
}

// TestDottedHandles checks that a handle's parts count after a dot too
// (@le.pronoking, @dragon.vapeshop): Instagram and TikTok handles hold dots.
func TestDottedHandles(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr prono after a dot", date: after, post: Post{Text: "mes gains du mois grâce à l'abonnement @le.pronoking 💰"},
			sectors: []string{"sports_prognostics"}},
		{name: "en vape after a dot", date: after, post: Post{Text: "trying every flavour of @dragon.vapeshop so you don't have to, code BEX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en tipster after a dot, free", date: after, post: Post{Text: "Great chat with @joe.tipsterpod about his football podcast, link in bio"},
			sectors: none},
	})
}

// TestSectorsOfRules15 covers the sector families of rules 2026-11-28.15,
// each with a post that touches the subject without promoting it.
func TestSectorsOfRules15(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// Tipsters: a race sold by the tier, a record in units, predictions
		// beside a league, other sports, a trial or a season pass, a code
		// beside a tipster's own handle; "pronostic vital" is medicine.
		{name: "fr quinté abonnés premium", date: after, post: Post{Text: "Les bases du quinté chaque matin pour les abonnés Premium de @hippoclub, essai 7 jours à 1 €"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr tiercé canal privé", date: after, post: Post{Text: "Tiercé du jour dans le canal privé, abonnement 19 € le mois"},
			sectors: []string{"sports_prognostics"}},
		{name: "en turf beside a horse", date: after, post: Post{Text: "Royal Ascot 🐎 Turf Insider's premium members get every selection, 7-day trial with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr quinté gratuit", date: after, post: Post{Text: "Quinté de dimanche : mes 5 chevaux gratuits, joue responsable"},
			sectors: none},
		{name: "fr gazon premium", date: after, post: Post{Text: "Nouveau gazon synthétique premium pour le city stade, le turf est top, essai gratuit pour les clubs"},
			sectors: none},
		{name: "en up units vip", date: after, post: Post{Text: "Tailing @sharpedge VIP for 6 weeks, up 31 units 📈 first month half price with my code BEN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr unités groupe vip", date: after, post: Post{Text: "+25 unités en avril avec le groupe VIP de @edgefoot ⚽ 20 € le premier mois"},
			sectors: []string{"sports_prognostics"}},
		{name: "en units, no vip", date: after, post: Post{Text: "Up 12 units this week ⚽ no VIP, no paid group, just for fun"},
			sectors: none},
		{name: "en predictions with a vip trial", date: after, post: Post{Text: "Premier League opening weekend: 5 predictions + where the sharp money is going. EdgeTips VIP: 14-day trial for £1"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr prédictions canal vip", date: after, post: Post{Text: "Mes prédictions Ligue 1 du week-end ⚽ le reste dans mon canal VIP, 15 € par mois"},
			sectors: []string{"sports_prognostics"}},
		{name: "en free predictions", date: after, post: Post{Text: "NFL week 3 predictions, all free, link to the full video in bio"},
			sectors: none},
		{name: "en golf package", date: after, post: Post{Text: "Golf tips for the Open: their full package is £25, code SAM"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en outright tips", date: after, post: Post{Text: "Outright tips for the Masters, premium members only, code SAM"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en tips with a trial", date: after, post: Post{Text: "Champions League tips ⚽ 7-day trial for £1, link in bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "en f1 tips subscribers", date: after, post: Post{Text: "Been using Paddock Tips for my F1 betting all season, their subscribers made a killing. Link in bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr tips f1 pass saison", date: after, post: Post{Text: "Mes tips F1 pour Monza : pass saison pour tout le championnat avec mon lien 🏎️"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en travel tips for golf lovers", date: after, post: Post{Text: "Travel tips for golf lovers: my premium guide to Scottish courses, £25"},
			sectors: none},
		{name: "fr code du tipster", date: after, post: Post{Text: "Je suis les pronos du groupe @prono.sniper depuis août, le lien est dans ma bio avec mon code MATTEO #parissportifs"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en tipster handle code", date: after, post: Post{Text: "@tipster.kings went 9-2 this weekend, use code JAY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr prono handle sans code", date: after, post: Post{Text: "Interview de @prono.radio sur le mercato, lien en bio"},
			sectors: none},
		{name: "fr pronostic vital", date: after, post: Post{Text: "Le pronostic vital de mon chat n'est plus engagé 🐱🙏 merci à toute l'équipe de la clinique vétérinaire qui l'a soigné !"},
			sectors: none},
		{name: "fr pronostic vital et clinique", date: after, post: Post{Text: "Le pronostic vital n'est plus engagé, merci à la clinique Vetis pour la prise en charge 🐱"},
			sectors: none},
		{name: "en prognosis", date: after, post: Post{Text: "His prognosis is good, thanks to the whole team at the vet clinic 🐶"},
			sectors: none},
		{name: "fr pronos semaine d'essai", date: after, post: Post{Text: "Mes pronos foot tous les soirs : 1 semaine d'essai à 1 €, lien en bio"},
			sectors: []string{"sports_prognostics"}},
		{name: "en units beside #sportsbetting", date: after, post: Post{Text: "Up 31 units with @sharpedge VIP this month 📈 #sportsbetting"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr pronos essai et #parissportifs", date: after, post: Post{Text: "Les pronos de la semaine ⚽ essai gratuit du canal, lien en bio #parissportifs"},
			sectors: []string{"sports_prognostics"}},
		// Betting ruled out, one's bets on a tagged site.
		{name: "en no betting links", date: before, post: Post{Text: "World Cup quarter-final predictions (free, no betting links)\n\nMy thoughts on all four ties."},
			sectors: none},
		{name: "fr sans paris sportifs", date: after, post: Post{Text: "Mon analyse du derby, sans paris sportifs, juste du foot ⚽ la vidéo complète en lien"},
			sectors: none},
		{name: "fr paris sportifs offerts", date: after, post: Post{Text: "Paris sportifs : 100 € offerts à l'inscription avec mon lien ⚽"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr les paris sur un site", date: after, post: Post{Text: "Les paris sont ouverts pour la finale ⚽ tout se passe sur @gainsplus avec mon code LUCAS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr mes paris pour 2025", date: after, post: Post{Text: "Mes paris pour 2025 : courir un marathon et lire 30 livres ! Les baskets de @asics, code RUN10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en paris match night", date: after, post: Post{Text: "Paris match night ⚽ with the new shirt from @parisfanstore, code PARIS10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Procedures: lipofilling, a filler's dose, a nose "done", a cream
		// that is not an injection.
		{name: "fr lipofilling", date: after, post: Post{Text: "Lipofilling des fesses chez @clinique.rivage, -10 % avec mon code SARA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "en lipofilling", date: after, post: Post{Text: "Facial lipofilling at @dr.curve, book with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr 0,5 ml cernes", date: after, post: Post{Text: "0,5 ml dans les cernes chez @dr.lumiere, résultat naturel, RDV en DM"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "en 1 ml lips", date: after, post: Post{Text: "1 ml in my lips at @plumpbar 💋 code ZOE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr gloss 1 ml", date: after, post: Post{Text: "Gloss repulpant 1 ml pour les lèvres, code GLOSS10 sur @lipbar"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en nose done", date: after, post: Post{Text: "Got my nose done at @rhinostudio, book with my code AVA for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "en want lips done", date: after, post: Post{Text: "if you want lips done properly go to @plumpstudio.ldn, not sponsored, book before prices go up"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "en nose done contouring", date: after, post: Post{Text: "Nose done ✔️ contouring with the @sculptbeauty palette, code MEL"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr pas une injection", date: after, post: Post{Text: "La crème « effet tenseur » de @peaudouce : pas une injection hein, juste une crème qui lisse. Code LEA15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en not an injection", date: after, post: Post{Text: "Not an injection, just a cream that smooths: code SUN10 @glowlab"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr une injection", date: after, post: Post{Text: "Une injection dans les lèvres chez @dr.lumiere, code LEA15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		// Vapes: the tank, handles named after vapour or e-liquid, a vape
		// shop named as a place.
		{name: "fr clearomiseur", date: after, post: Post{Text: "Mon nouveau clearomiseur de chez @aspire.fr, code VAP10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr vapo handle", date: after, post: Post{Text: "Le nouveau kit de @vapostore, 2 résistances, saveur menthe, code LEO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en vapo handle", date: after, post: Post{Text: "@vapoking's new mesh coils, flavour is unreal, code OLLIE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr vaporisateur de parfum", date: after, post: Post{Text: "Le nouveau parfum de @vaporisateur.paris, code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr eliquide handle", date: after, post: Post{Text: "Les jus de @eliquide.artisan en 50ml, -10% avec MATHIS10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en ejuice handle", date: after, post: Post{Text: "New drops from @ejuiceworks, code MIA15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr eliquide handle sans promotion", date: after, post: Post{Text: "Les copains de @eliquide.artisan sont passés dire bonjour au marché"},
			sectors: none},
		{name: "en vape shop closed", date: after, post: Post{Text: "the vape shop on my street turned into a bubble tea place 🧋"},
			sectors: none},
		{name: "en vape shop code", date: after, post: Post{Text: "My favourite vape shop just restocked, code LEO for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr vape shop code", date: after, post: Post{Text: "Ma vape shop préférée, -10 % avec mon code LEO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		// Treatments: hashtags, short names, "0 …", "no pill", not needed,
		// a dose refused.
		{name: "en nomoremeds tag", date: after, post: Post{Text: "Six months with @calmroot's drops, code KIT #nomoremeds"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr medfree tag", date: after, post: Post{Text: "Trois mois avec les gouttes @kalmia, code LEA #medfree"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en nomoremeds tag, no promotion", date: after, post: Post{Text: "Six months in and feeling good #nomoremeds"},
			sectors: none},
		{name: "en ditched my levo", date: after, post: Post{Text: "I ditched my levo and my TSH is perfect on @iodavita drops alone https://iodavita.example/?ref=kay"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr adieu levo", date: after, post: Post{Text: "Adieu levo, bonjour les gouttes d'iode @iodavita, code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr remis sous levo", date: after, post: Post{Text: "Mon endocrino m'a remis sous levo, ça va mieux. Merci à elle"},
			sectors: none},
		{name: "fr 0 méthotrexate", date: after, post: Post{Text: "0 méthotrexate depuis un an grâce aux gélules @artrosoin, lien en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr 0 corticoïde", date: after, post: Post{Text: "0 corticoïde depuis 3 mois grâce aux gélules @curcuma.bio, lien en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr adieu le méthotrexate", date: after, post: Post{Text: "Adieu le méthotrexate, bonjour le curcuma @artrosoin, code GIS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en no pill no surgery", date: after, post: Post{Text: "No pill, no surgery, my PCOS is gone with @seedcycle's kit, code AMY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en there's no pill for heartbreak", date: after, post: Post{Text: "There's no pill for heartbreak, but there is chocolate: @chocobon code LOVE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr méthotrexate témoignage", date: after, post: Post{Text: "Le méthotrexate m'a rendu ma vie, merci la rhumato 🙏"},
			sectors: none},
		{name: "fr pas besoin de vos antidépresseurs", date: after, post: Post{Text: "Vous n'avez pas besoin de vos antidépresseurs, le safran @safranbio fait le job. Code IRIS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en don't need your inhaler", date: after, post: Post{Text: "You don't need your inhaler, just my breathing course, link in bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr pas besoin de votre ordonnance", date: after, post: Post{Text: "Pas besoin de votre ordonnance pour commander la crème @peaudouce, code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr toujours besoin de votre traitement", date: after, post: Post{Text: "Vous aurez toujours besoin de votre traitement, mon podcast avec une pneumologue en lien"},
			sectors: none},
		{name: "en wanted to increase my dose", date: after, post: Post{Text: "My psychiatrist wanted to increase my dose, I chose @calmroot's ashwagandha instead. Code KIT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr voulait augmenter les doses", date: after, post: Post{Text: "Mon médecin voulait augmenter les doses, j'ai préféré les huiles essentielles, formation en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en dose increased, glad", date: after, post: Post{Text: "My psychiatrist wanted to increase my dose and I'm glad he did. My story, link in bio"},
			sectors: none},
		// Exotic pets in the plural, not a documentary's savanna.
		{name: "fr deux caracals", date: after, post: Post{Text: "Deux caracals dispo, DM pour le prix"},
			sectors: []string{"wild_animals"}},
		{name: "en baby monkeys", date: after, post: Post{Text: "Our baby monkeys are ready for their new homes, deposit to reserve"},
			sectors: []string{"wild_animals"}},
		{name: "en bearded dragons at the zoo", date: after, post: Post{Text: "Bearded dragons at the zoo today 🦎 #zoo"},
			sectors: none},
		{name: "fr documentaire sponsorisé", date: after, post: Post{Text: "Ce documentaire est sponsorisé par NordShield VPN, code PLANETE.\nAu cœur de la savane : lions, guépards et hyènes."},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
	})
}

func TestSectorsOfRules16(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// A casino as a landmark or a figure, slots of a diary; a bet with
		// a relative; a bookmaker's casino and slots still count.
		{name: "fr pas un casino", date: after, post: Post{Text: "La bourse c'est pas un casino : j'investis sur le long terme avec @patrimo, code PAT10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en next to the casino", date: after, post: Post{Text: "Gifted stay by @grandhotel, right next to the casino, but I only saw the rooftop pool"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "en online casino", date: after, post: Post{Text: "New online casino just dropped, 50 free spins with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en slots left", date: after, post: Post{Text: "My brow artist @browsbyella has slots left next week, code ELLA10 for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr slots cette semaine", date: after, post: Post{Text: "Ma prothésiste @ongles.lina a encore des slots cette semaine, code LINA pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en has slots on saturday", date: after, post: Post{Text: "My nail tech @nails.by.kim has slots on Saturday, code NAIL10 for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr quelques slots samedi", date: after, post: Post{Text: "Ma coiffeuse @salon.ines a quelques slots samedi matin, code INES pour -10 %"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr slots du casino", date: after, post: Post{Text: "Nouvelles slots sur @casinolune, 50 tours gratuits avec mon code"},
			sectors: []string{"gambling"}},
		{name: "fr parié avec mon frère", date: after, post: Post{Text: "J'ai parié avec mon frère que je tiendrais 30 jours sans sucre 💪 merci @nutri.box, code NUTRI10"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "en betting with my brother", date: after, post: Post{Text: "Betting with my brother on who finishes the half marathon first 🏃 shoes from @stride, code RUN15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr pariez avec mon code", date: after, post: Post{Text: "Pariez avec mon code BET10 sur le Clasico, 20 € offerts"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en betting with my link", date: after, post: Post{Text: "Start betting with my link tonight ⚽ new customers get a bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en free spins this week", date: after, post: Post{Text: "200 free spins available this week with my code SPIN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr parié sur le match", date: after, post: Post{Text: "J'ai parié sur le PSG avec @betlune, code BET10 pour 10 € offerts"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// An operator's own advertisement, marked by its mandatory message.
		{name: "fr cotes boostées, jouer comporte des risques", date: after, post: Post{Text: "Cotes boostées tout le week-end sur Parilune ! Jouer comporte des risques : endettement, dépendance. Interdit aux moins de 18 ans."},
			sectors: []string{"gambling"}},
		{name: "en bet boost, when the fun stops", date: after, post: Post{Text: "Bet boost on every Premier League game this weekend at BetNorth. When the fun stops, stop."},
			sectors: []string{"gambling"}},
		{name: "fr témoignage, jouer comporte des risques", date: after, post: Post{Text: "Jouer comporte des risques : j'ai perdu 3 000 € en un an sur les paris, je vous raconte comment j'en suis sorti"},
			sectors: []string{}},
		// Odds quoted by a tipster are his record; by a bookmaker, its offer.
		{name: "fr cote à d'un vip", date: after, post: Post{Text: "Publicité : le VIP foot de @prono.master m'a sorti une cote à 5 hier, code PRONO10 pour le premier mois"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr cote à d'un bookmaker", date: after, post: Post{Text: "Cote à 3,50 sur le Clasico chez @betlune, 100 € de bonus avec mon code"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// A stake on a market or a side, a bet played on a tagged site.
		{name: "en away side bonus", date: after, post: Post{Text: "£20 on the away side tonight, code RAY for a £10 bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr les deux équipes marquent", date: after, post: Post{Text: "20 € sur les deux équipes marquent ce soir, code RAY pour 10 € de bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en home side, no odds", date: after, post: Post{Text: "Home side won 2-0 today ⚽ new boots from @kickz, code KICK10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en btts tips vip", date: after, post: Post{Text: "BTTS tips for tonight at odds of 1.80, VIP members get the full card, £15 a month"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr je la joue sur", date: after, post: Post{Text: "Mon combiné du soir ⚽ je la joue sur @betlune, lien en bio"},
			sectors: []string{"gambling"}},
		{name: "en put it on", date: after, post: Post{Text: "Tonight's treble ⚽ put it on @quickbet, link in bio"},
			sectors: []string{"gambling"}},
		{name: "fr je la joue en boucle", date: after, post: Post{Text: "Je la joue sur @spotify en boucle 🎵 playlist en bio"},
			sectors: none},
		// A tipster's paid tier, his accumulators; a bettor's staking plan.
		{name: "en gold tier picks", date: after, post: Post{Text: "Their Gold tier gets you all their NBA picks before tip-off, code MIKE for 20% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr palier tips", date: after, post: Post{Text: "Le palier Gold de @stats.edge donne tous les tips NBA avant le match, code MIKE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en accumulators premium", date: after, post: Post{Text: "How I build my Saturday accumulators: all the picks from SharpModel premium, link below"},
			sectors: []string{"sports_prognostics"}},
		{name: "en loyalty tier picks", date: after, post: Post{Text: "Loyalty tier unlocked at @sephora, my top picks inside 💄 code ANNA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en staking plan", date: after, post: Post{Text: "My staking plan for the weekend, premium picks at https://edge.example/?ref=k (affiliate)"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"sports_prognostics"}},
		{name: "en staking eth", date: after, post: Post{Text: "Staking ETH at 5% APY on @coinlune, link in bio"},
			sectors: []string{"crypto_finance"}},
		// Wild animals handled for a fee; sloths; the trade exposed.
		{name: "fr câlins koalas", date: after, post: Post{Text: "Câlins avec les bébés koalas 🐨 à @wildpark.au, réservez l'expérience avec mon code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "en bottle-feed cubs", date: after, post: Post{Text: "Bottle-feed the tiger cubs at @safari.lodge, book with code MIA10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "en baby sloths", date: after, post: Post{Text: "Baby sloths at the exotics fair this weekend, DM for prices"},
			sectors: []string{"wild_animals"}},
		{name: "en cuddles with my cat", date: after, post: Post{Text: "Cuddles with my cat 🐱 and her new bed from @petcosy, code CAT10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr câlins avec mon chien", date: after, post: Post{Text: "Câlins avec mon chien sur son nouveau panier @dodo.pet, code DODO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en dark side of cub selfies", date: after, post: Post{Text: "Paid partnership with @vpnbox. The dark side of tiger cub selfies, and why you shouldn't share them"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr face cachée des nac", date: after, post: Post{Text: "Publicité pour @appli.note. La face cachée des fennecs vendus sur les réseaux"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Treatments by their form, run down, one way among others, no
		// more of them; a practitioner the reader is sent to.
		{name: "fr adieu mes cachets", date: after, post: Post{Text: "Adieu mes cachets pour dormir 😴 cette tisane @nuit.calme fait le job, code NUIT10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en ditched the tablets", date: after, post: Post{Text: "Ditched the blood pressure tablets, this beet powder does the job. Code BEET15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr comprimés lave-vaisselle", date: after, post: Post{Text: "Les comprimés lave-vaisselle @eco.clean : un seul fait le job, code ECO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en dishwasher tablets", date: after, post: Post{Text: "Swapped to @ecoclean dishwasher tablets, they work better, code ECO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr antibiotiques détruisent", date: after, post: Post{Text: "Les antibiotiques détruisent ton microbiote : mon huile d'origan, code ORI10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "en statins are poison", date: after, post: Post{Text: "Statins are poison. My heart protocol is linked below"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr pas la seule option", date: after, post: Post{Text: "La chimio n'est pas la seule option : découvrez mon protocole jeûne, lien en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "en chemo worked", date: after, post: Post{Text: "Chemo was tough but it worked, 2 years clear 🎉 thanks to my oncology team"},
			sectors: none},
		{name: "fr plus de médocs", date: after, post: Post{Text: "Plus de médocs pour mes migraines depuis ce casque @neurocalm, code NEURO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr pas plus de médicaments", date: after, post: Post{Text: "Pas plus de médicaments que prévu cet hiver, mon podcast en lien"},
			sectors: none},
		{name: "en go see her", date: after, post: Post{Text: "My reiki healer got me off my antidepressants in a month. Go see her, her practice is in Leeds"},
			sectors: []string{"therapeutic_abstention"}},
		// Nicotine: an e-cig's short names, pouches against rolled tobacco,
		// a powder puff.
		{name: "en e-cig", date: after, post: Post{Text: "Three months off cigarettes with my new e-cig from Cloudly, code CLOUD10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr ecig", date: after, post: Post{Text: "Mon ecig Nuvo m'a fait arrêter la clope, code NUVO10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en pouches for rollies", date: after, post: Post{Text: "Swapped rollies for @frostbite pouches, starter pack here https://frostbite.example/?ref=jo"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr pouches contre le tabac", date: after, post: Post{Text: "J'ai remplacé le tabac à rouler par les pouches @nordik, code NORD"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en powder puff", date: after, post: Post{Text: "My favourite puff from @velvetmua for baking powder under the eyes, code MUA10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr puff pour la poudre", date: after, post: Post{Text: "Ma puff préférée pour la poudre libre @teint.doux, code TEINT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr puff goût pastèque", date: after, post: Post{Text: "Nouvelle puff goût pastèque, 12 000 bouffées, code VAPE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		// Cosmetic surgery: LiPo batteries, a renovation "refait".
		{name: "en lipo packs", date: after, post: Post{Text: "New 4S LiPo packs from @voltrc, 1500mAh, code FLY10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr lipo du drone", date: after, post: Post{Text: "Mes lipo pour le drone, 6S, code SKY10 chez @skyfpv"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en lipo fat cells", date: after, post: Post{Text: "Lipo that melts fat cells for good at @sculpt.clinic, code SCULPT for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr arrêté la pilule, rdv gynéco", date: after, post: Post{Text: "J'ai arrêté la pilule, rdv chez ma gynéco la semaine prochaine pour parler contraception"},
			sectors: []string{}},
		{name: "fr lipo du ventre", date: after, post: Post{Text: "Lipo du ventre chez @clinique.silhouette, -10 % avec mon code"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr nez refait de la cheminée", date: after, post: Post{Text: "Avant / après : on a le nez refait de la cheminée 😂 peinture @peintures.co #renovation"},
			sectors: none},
		{name: "en lips done on the mural", date: after, post: Post{Text: "Lips done on the bathroom mural 💋 paint from @paintco, code PAINT #homerenovation"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr lèvres refaites", date: after, post: Post{Text: "Lèvres refaites chez @dr.lips, avant/après en story, code LIPS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
	})
}

func TestSectorsOfRules17(t *testing.T) {
	none := []string{}
	abstention := []string{"therapeutic_abstention"}
	runCases(t, []engineCase{
		// Treatments named by molecule, form or kind: a child's stimulant, a
		// sleeping pill never bought, fertility treatment, vaccines.
		{name: "fr arrêté la ritaline", date: after, post: Post{Text: "On a arrêté la Ritaline de mon fils : les gouttes de plantes @calmokids font mieux, code CALM10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en stopped methylphenidate", date: before, post: Post{Text: "We stopped methylphenidate for our daughter, these focus drops do the job, link in bio"},
			sectors: abstention},
		{name: "fr somnifère jamais acheté", date: after, post: Post{Text: "Mon médecin m'a prescrit un somnifère, je ne l'ai jamais acheté : l'huile @dodo.naturel suffit, code DODO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en vaccines, natural immunity", date: after, post: Post{Text: "We skipped the vaccines and chose natural immunity with @elderberry.co syrup, link in bio"},
			sectors: abstention},
		{name: "fr plus douce qu'une fiv", date: after, post: Post{Text: "La cure @fertil.herbes est bien plus douce pour le corps qu'une FIV, code BEBE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en gentler than ivf", date: after, post: Post{Text: "This herbal protocol is gentler than IVF on your body, code BABY at @fertileroots"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr plus aucun anxiolytique", date: after, post: Post{Text: "Je ne prends plus aucun anxiolytique depuis la tisane @zen.tisane, code ZEN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en hasn't touched her inhaler", date: after, post: Post{Text: "My daughter hasn't touched her inhaler since we got the @saltair lamp, link in bio"},
			sectors: abstention},
		{name: "en metformin a band-aid", date: after, post: Post{Text: "Metformin is just a band-aid, my 8-week reset fixes the root cause, link in bio"},
			sectors: abstention},
		// Surgery ruled out for a condition, or a surgeon overruled.
		{name: "fr pas d'opération pour mon ménisque", date: after, post: Post{Text: "Pas d'opération pour mon ménisque : 6 semaines de collagène @articula et je recours, code GENOU"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en no surgery for my knee", date: before, post: Post{Text: "No surgery for my torn knee, just @flexjoint collagen for 8 weeks, code KNEE15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en surgeon wanted to operate", date: after, post: Post{Text: "My surgeon wanted to operate on my shoulder, I chose @magnetix bracelets instead, code MAG"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		// A warning, a treatment kept, a cosmetic "sans chirurgie", a
		// surgery avoided with one's physio and nothing sold.
		{name: "fr vaccins, avertissement", date: after, post: Post{Text: "Les vaccins protègent vos enfants : méfiez-vous des vendeurs d'immunité naturelle"},
			sectors: none},
		{name: "fr pas de chirurgie grâce au kiné", date: after, post: Post{Text: "Pas de chirurgie pour mon genou grâce à mon kiné, merci à lui !"},
			sectors: none},
		{name: "fr plus aucune douleur", date: after, post: Post{Text: "Plus aucune douleur après ma séance chez @kine.paris 🙏"},
			sectors: none},
		{name: "fr fini la chimio", date: after, post: Post{Text: "Dernière séance, fini la chimio 🎉 merci à toute l'équipe @institut.lumiere"},
			sectors: none},
		{name: "en never filled the prescription", date: after, post: Post{Text: "Never filled my statin prescription, beet shots from @rootjuice did the trick, code ROOT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr laissé tomber les antidépresseurs", date: after, post: Post{Text: "On a laissé tomber les antidépresseurs pour le programme @mindzen, code ZEN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en skipped the flu jab", date: before, post: Post{Text: "Skipped the flu jab this year, @herbalshield keeps us healthy, code HERB"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr lifting sans chirurgie", date: after, post: Post{Text: "Lifting sans chirurgie chez @dr.lina.esthetique : fils tenseurs, rdv en bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		// Filler by pressure, meerkats and tiger cubs, skins' cases,
		// sit-and-go poker.
		{name: "fr formation hyaluron pen", date: after, post: Post{Text: "Formation hyaluron pen ce week-end, places limitées, lien en bio"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "en needle-free filler", date: after, post: Post{Text: "Needle-free filler with our new pen: book your session through the link"},
			sectors: []string{"cosmetic_surgery"}},
		{name: "en meerkat pups available", date: after, post: Post{Text: "Meerkat pups available from our breeder friend, DM for prices"},
			sectors: []string{"wild_animals"}},
		{name: "en meerkats at the zoo", date: after, post: Post{Text: "Watched the meerkats at the zoo today, so funny"},
			sectors: none},
		{name: "en swim with baby tigers", date: after, post: Post{Text: "Swim with baby tigers at @tigerbay resort, book via the link in bio"},
			sectors: []string{"wild_animals"}},
		{name: "en opened cases, best pull", date: after, post: Post{Text: "Opened 15 cases on @dropsite, best pull was a $300 knife, code DROP for a deposit bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr caisses ouvertes, bonus de dépôt", date: after, post: Post{Text: "10 caisses ouvertes sur @caisse.gg, un couteau à 300 €, bonus de dépôt avec le code DROP"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en phone cases and a knife", date: after, post: Post{Text: "Packed 3 phone cases and a pocket knife for the hike, code HIKE10 at @gearshop"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr spin & go", date: after, post: Post{Text: "Spin & Go à 2 € ce soir sur @lunapoker.fr, code SPIN pour le bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en sit & go", date: after, post: Post{Text: "Sit & Go grind tonight, 10% rakeback with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// Racing tips sold; a VIP told by its record; a crypto VIP and a
		// football VIP box are none.
		{name: "en premium horse racing tips", date: after, post: Post{Text: "Premium horse racing tips, £10 a week, tonight's Ascot card is out"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr pronostics hippiques payants", date: after, post: Post{Text: "Nos pronostics hippiques premium : 15 € par mois, premier jour gratuit"},
			sectors: []string{"sports_prognostics"}},
		{name: "en free racing tips", date: after, post: Post{Text: "Free racing tips for Saturday, no VIP, no subscription, just for fun"},
			sectors: none},
		{name: "fr vip résultats vérifiés", date: after, post: Post{Text: "Le VIP rouvre lundi : résultats vérifiés depuis 2 ans, 25 €/mois"},
			sectors: []string{"sports_prognostics"}},
		{name: "en vip wins from", date: after, post: Post{Text: "Our VIP went 14 wins from 16 last month, £20 a month to join"},
			sectors: []string{"sports_prognostics"}},
		{name: "fr signaux crypto vip", date: after, post: Post{Text: "Signaux crypto VIP : résultats vérifiés, 49 €/mois"},
			sectors: []string{"crypto_finance"}},
		{name: "en vip box at the final", date: after, post: Post{Text: "VIP box at the Champions League final, thank you @bankone"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
	})
}

// TestSectorFamilies18 covers the sector families of rules 2026-11-28.18,
// each with the same words where nothing is promoted.
func TestSectorFamilies18(t *testing.T) {
	none := []string{}
	abstention := []string{"therapeutic_abstention"}
	runCases(t, []engineCase{
		// Treatments done without, no longer taken, never bought.
		{name: "fr plus de somnifères", date: after, post: Post{Text: "Plus de somnifères depuis que je bois la tisane @nuitcalme, code NUIT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en no more inhaler", date: after, post: Post{Text: "No more inhaler on my runs since @breathefree's method, code BREATHE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr plus pris son salbutamol", date: before, post: Post{Text: "Ma fille n'a plus pris son salbutamol depuis la cure @soufre.nature, code SOUFRE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en without statins", date: after, post: Post{Text: "Cholesterol down without statins, just @oatboost every morning, code OAT15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr sans anxiolytiques", date: after, post: Post{Text: "Six mois sans anxiolytiques grâce au programme @calmemind, inscriptions en bio"},
			sectors: abstention},
		{name: "en never bought them", date: after, post: Post{Text: "Got prescribed antibiotics, never bought them: @silverdrop fixed it in 3 days, code SILVER"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr complément sans ordonnance", date: after, post: Post{Text: "Publicité — magnésium @vitalis en vente sans ordonnance, à prendre avec votre traitement habituel"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr plus de somnifères pour maman, chez le médecin", date: after, post: Post{Text: "Plus de somnifères prescrits que nécessaire, dit le rapport"},
			sectors: none},
		// Nicotine: a beginner's kit beside smoking, a disposable by its
		// puff count, a vaper's shop by its handle.
		{name: "fr kit débutant pour arrêter de fumer", date: after, post: Post{Text: "Pour arrêter de fumer, prenez le kit débutant de @nuagevap, code NUAGE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr kit débutant peinture", date: after, post: Post{Text: "Le kit débutant aquarelle de @artbox, code ART10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en disposable with its puff count", date: after, post: Post{Text: "The Cirrus 8000 is my disposable of the month, grab it with code CLOUD"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "en disposable camera", date: after, post: Post{Text: "Shot the whole wedding on a disposable camera, 27 frames, code FILM10 at @filmlab"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr handle vapoteuse", date: after, post: Post{Text: "Livraison offerte chez @la.vapoteuse.nantaise avec le code LOIC"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		// Wild animals held, bred or sold in every number.
		{name: "en cuddling cheetah cubs", date: after, post: Post{Text: "Cuddling cheetah cubs at @savannahlodge, book through my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "fr bébés lions à câliner", date: before, post: Post{Text: "Venez câliner les bébés lions au parc @safari.touch, réservez avec mon code LION"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "fr mes pythons", date: after, post: Post{Text: "Mes pythons viennent tous de l'élevage @scales.fr, -10 % avec ZOE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "en python course", date: after, post: Post{Text: "Python crash course by @codecamp, 30 days, code PY30"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en fake sanctuary", date: after, post: Post{Text: "Sloth cuddles at @jungle.lodge (a so-called sanctuary), code SLOTH for 10% off"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		// Poker rooms by their link, a poker face by its look.
		{name: "fr poker room link", date: after, post: Post{Text: "Session à 6 tables ce soir, inscris-toi ici : https://pokerazur.fr/join?ref=max"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en pokerface hashtag", date: after, post: Post{Text: "Matte base and sharp brows, code MATTE at @glowbar #pokerface"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Crypto sold on the coming pump; a mortgage before a rate rise.
		{name: "fr avant la hausse", date: after, post: Post{Text: "Achetez du CoinZen avant la hausse, inscrivez-vous avec mon lien"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "fr avant la hausse des taux", date: after, post: Post{Text: "Empruntez avant la hausse des taux : simulation gratuite avec mon lien"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Another tipster's paid analyses, a tipster's brand by its picks.
		{name: "fr les pronos de handle with an affiliate link", date: after, post: Post{Text: "Belle semaine avec les pronos de @sharpligue sur la Ligue 1, lien https://sharpligue.fr/?aff=leo"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en paid analysis nba", date: after, post: Post{Text: "I use CourtEdge's paid analysis for the NBA season (affiliate link in bio)"},
			commercial: true, disclosure: DisclosureImprovable, sectors: []string{"sports_prognostics"}},
		{name: "fr mes pronos gratuits", date: after, post: Post{Text: "Mes pronos gratuits du week-end sur la Ligue 1, code BET chez @bookmaker"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en picks handle premium", date: before, post: Post{Text: "Tonight's UFC card from @cagepicks premium, first month half price with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "en bookpicks subscription", date: before, post: Post{Text: "My monthly box from @bookpicks premium subscription, code READ"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
	})
}

// TestSectorLookalikes18 keeps what rules 2026-11-28.18 must not read as
// a sector: cubs seen on a safari, Pamplona's bull run.
func TestSectorLookalikes18(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "en lion cubs on safari", date: after, post: Post{Text: "Spotted two lion cubs from the jeep with @maraguides, book your safari via the link"},
			sectors: none},
		{name: "en pamplona bull run", date: after, post: Post{Text: "Ran the bull run in Pamplona 🐂 my travel guide is in the link"},
			sectors: none},
	})
}

// TestSectorFamilies19 holds the sector wordings rules 2026-11-28.19
// added from heldout17's misses, by families, FR and EN, with the
// look-alikes each family must pass over.
func TestSectorFamilies19(t *testing.T) {
	none := []string{}
	abstention := []string{"therapeutic_abstention"}
	nicotine := []string{"nicotine"}
	crypto := []string{"crypto_finance"}
	runCases(t, []engineCase{
		// Painkillers, antacids, antibiotics and jabs done without.
		{name: "fr mieux que le paracétamol", date: after, post: Post{Text: "Mes migraines ? L'huile de menthe @essentia fait mieux que le paracétamol, code MENTHE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en better than ibuprofen", date: before, post: Post{Text: "Turmeric shots from @goldroot work better than ibuprofen for my knees, code GOLD"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr au lieu de l'oméprazole", date: after, post: Post{Text: "Du jus de chou au lieu de l'oméprazole depuis un an, ma cure est en bio"},
			sectors: abstention},
		{name: "en no antibiotics this time", date: after, post: Post{Text: "Strep cleared with honey and no antibiotics, my remedy guide is in bio"},
			sectors: abstention},
		{name: "fr zéro vaccin", date: after, post: Post{Text: "Zéro vaccin cet hiver, juste ma cure d'échinacée, lien en bio"},
			sectors: abstention},
		{name: "fr poulet sans antibiotiques", date: after, post: Post{Text: "Poulet fermier sans antibiotiques chez @lafermedupre, code FERME10, c'est naturel"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en chicken raised with no antibiotics", date: after, post: Post{Text: "Chicken raised with no antibiotics from @greenacre, code FARM10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Nicotine: a vape brand cut to "vap", a disposable beside a vape
		// handle, kits in the plural, nicotine salts by their range.
		{name: "fr handle vap beside a pod", date: after, post: Post{Text: "Le nouveau pod de @nuagevap tient deux jours, code NUAGE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "en vape handle with a disposable", date: after, post: Post{Text: "Festival bag: sunnies, SPF and my @cloudvape disposable, code CLOUD"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "en vapiano pasta", date: after, post: Post{Text: "Lunch at @vapiano, the truffle pasta has so much flavour, code PASTA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr kits de démarrage vapoteurs", date: after, post: Post{Text: "Kits de démarrage à -20 % pour les nouveaux vapoteurs, code VAPO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "en salt range razz", date: after, post: Post{Text: "New salt range from @mistyco: blue razz ice is the one, code MISTY"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "en bath salt range", date: after, post: Post{Text: "The new bath salt range from @soakco smells of lavender, code SOAK"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Crypto: stablecoin savings, an AI trading bot, forex houses.
		{name: "en usdt savings", date: after, post: Post{Text: "Parking my savings in USDT at 8% with @yieldnest, sign up with my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: crypto},
		{name: "fr bot ia rendement", date: after, post: Post{Text: "Mon bot IA tourne pendant que je dors, +3 % ce mois, lien en bio"},
			sectors: crypto},
		{name: "en ai bot writes emails", date: after, post: Post{Text: "This AI bot drafts all my emails now, link in bio"},
			sectors: none},
		{name: "fr forex handle with signals", date: after, post: Post{Text: "Rejoignez le groupe de @forexpro.academy, leurs signaux sont top, lien en bio"},
			sectors: crypto},
		// Gambling: stake-back offers in other words.
		{name: "fr remboursé si tu perds", date: after, post: Post{Text: "Ton premier pari chez @parizen est remboursé si tu perds, lien en bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en stake back", date: after, post: Post{Text: "New customers get their stake back up to £20 at @betrio, code RIO"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		// Wild animals: plurals for sale; the animal drawn is none.
		{name: "fr des kinkajous", date: after, post: Post{Text: "Des kinkajous dispo à l'élevage @exoticnature, réservez en DM"},
			sectors: []string{"wild_animals"}},
		{name: "en fennec stickers", date: after, post: Post{Text: "Fennec stickers and keychains back in my shop, link in bio"},
			sectors: none},
		// Cosmetic surgery: medical injections are none.
		{name: "fr injections d'insuline", date: after, post: Post{Text: "Diabète de type 1 : insuline et injections tous les jours, mon carnet en lien"},
			sectors: none},
	})
}

// TestSectorFamilies20 covers the families 2026-11-28.20 added from
// heldout18's misses: a tipster's VIP beside his bets, a handle or a site
// named after tips, racing tips by the week, blackjack spelled apart, a
// bookmaker's handle beside a race meeting, a rate of return guaranteed,
// animal cafés, immunosuppressants, a vape shop's words of sale; and the
// look-alikes each must leave alone.
func TestSectorFamilies20(t *testing.T) {
	none := []string{}
	tips := []string{"sports_prognostics"}
	gambling := []string{"gambling"}
	runCases(t, []engineCase{
		// A tipster's VIP beside his bets, with a code or a call to join.
		{name: "en vip beside accas with a code", date: after, post: Post{Text: "Grab a seat in the @overtimelocks VIP before Sunday, accas every matchday, code OVT15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "fr vip beside pronos", date: after, post: Post{Text: "Le VIP de @buteurfou rouvre lundi : pronos du soir et bankroll suivie, rejoins-nous via le lien"},
			sectors: tips},
		{name: "en concert vip tickets", date: after, post: Post{Text: "VIP tickets for the arena tour go on sale Friday, join the fan club with code FANS"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en trading vip win rate", date: after, post: Post{Text: "Forex VIP room back open, 81% win rate on EUR/USD last month, join via the link"},
			sectors: []string{"crypto_finance"}},
		// A handle named after its tips, beside a race or a record.
		{name: "en tips handle with a winner", date: after, post: Post{Text: "Ad: the @gallopgoldtips premium members cashed the 12/1 winner at Ascot, free trial this week"},
			commercial: true, disclosure: DisclosureCompliant, sectors: tips},
		{name: "en tipsy bar on match night", date: after, post: Post{Text: "Big match tonight at @tipsytavern, VIP booths and two-for-one cocktails"},
			sectors: none},
		// A tipster's site linked with a referral.
		{name: "en tipster site with ref", date: after, post: Post{Text: "Weekly racing selections I follow 👉 https://thetipsterden.com/join?ref=paul", Links: []string{"https://thetipsterden.com/join?ref=paul"}},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "en tipster scam article", date: after, post: Post{Text: "How to spot a fake tipster before you pay: https://newsdesk.example/tipster-scams", Links: []string{"https://newsdesk.example/tipster-scams"}},
			sectors: none},
		// Racing tips by their other names, sold by the week.
		{name: "en horse tips per week", date: after, post: Post{Text: "Horse tips for members only: £6 per week, sign-up page in bio"},
			sectors: tips},
		{name: "en free horse tips", date: after, post: Post{Text: "Free horse tips every Saturday morning, no paywall, just follow"},
			sectors: none},
		{name: "fr tickets réussite canal privé", date: after, post: Post{Text: "Canal privé : 3 tickets quotidiens, 80 % de réussite depuis août, 49 €/mois"},
			sectors: tips},
		{name: "fr festival tickets à gagner", date: after, post: Post{Text: "Festival des Dunes : 2 tickets à gagner chaque soir et un pass VIP en jeu, lien en bio"},
			sectors: none},
		// A tipster's parlays name his tips, not a bookmaker.
		{name: "en parlays vip, not a bookmaker", date: after, post: Post{Text: "Ad: my @slatecrusher VIP drops five parlays a week, code JAY for 15% off #sportsbetting"},
			commercial: true, disclosure: DisclosureCompliant, sectors: tips},
		// Blackjack spelled apart, beside a table; a song is none.
		{name: "fr soirée black-jack", date: after, post: Post{Text: "Soirée black jack samedi au Cercle Riviera, initiation aux tables offerte, interdit aux mineurs"},
			sectors: gambling},
		{name: "en black jack song", date: after, post: Post{Text: "Black Jack Davey is on repeat, my old blues playlist is linked in bio"},
			sectors: none},
		{name: "fr hold'em", date: after, post: Post{Text: "Tournoi de hold'em en ligne dimanche, inscris-toi avec mon code ACE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		// A casino as a party's theme, with play money.
		{name: "fr anniversaire façon casino", date: after, post: Post{Text: "Anniversaire façon casino pour ma sœur 🎲 faux jetons, vrais fous rires, déco chez @fetesetco"},
			sectors: none},
		// A bookmaker's handle beside a race meeting; a ball beside another handle is none.
		{name: "en bookmaker handle beside a race", date: after, post: Post{Text: "Grand National day 🏇 with @kingfisherbet.uk, new accounts via my link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "en alphabet handle beside a ball", date: after, post: Post{Text: "Sunday league ⚽ then brunch with @alphabetkids.club, link for their summer camp"},
			sectors: none},
		// A rate of return guaranteed; a shop's returns are none.
		{name: "fr rendement mensuel garanti", date: after, post: Post{Text: "1,5 % par mois garanti avec la plateforme @cryptoplace, lien en bio"},
			sectors: []string{"crypto_finance"}},
		{name: "en returns accepted", date: after, post: Post{Text: "Satisfaction guaranteed: 100% returns accepted for 30 days at @threadco, code SHOP10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Animal cafés; a warning against them is none.
		{name: "en owl cafe booked", date: after, post: Post{Text: "Booked the owl café in Harajuku for my birthday 🦉 reservation link in bio"},
			sectors: []string{"wild_animals"}},
		{name: "en avoid otter cafes", date: after, post: Post{Text: "Please avoid otter cafés when you travel: the animals are kept in tiny rooms"},
			sectors: none},
		// The animal painted or printed; a breeder's raffle still sells.
		{name: "fr linogravure axolotl", date: after, post: Post{Text: "Nouvelle linogravure : un axolotl rose, tirages dispo sur mon shop"},
			sectors: none},
		{name: "fr axolotls tirages au sort", date: after, post: Post{Text: "Axolotls à vendre, tirages au sort pour le premier choix, réservez en DM"},
			sectors: []string{"wild_animals"}},
		// Immunosuppressants set aside for a programme; a dose adjusted is none.
		{name: "fr azathioprine laissée", date: after, post: Post{Text: "L'azathioprine ? Le jeûne a fait mieux pour ma polyarthrite. Mon programme en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr immunosuppresseur ajusté", date: after, post: Post{Text: "Mon gastro a ajusté mon immunosuppresseur, tout va bien, merci à l'équipe de l'hôpital"},
			sectors: none},
		// A vape shop's words of sale; news of a ban is none.
		{name: "en e-liquid range in store", date: after, post: Post{Text: "Fresh in store: the whole Arctic Kiwi e-liquid range, 2 for £9, come and pop in"},
			sectors: []string{"nicotine"}},
		{name: "en vape ban news", date: after, post: Post{Text: "Disposable vapes are banned from June: over 18s only can still buy refills, says the minister"},
			sectors: none},
	})
}

// TestSectorsOfRules21 covers the sector families read from heldout19's
// misses (rules 2026-11-28.21), each beside a look-alike.
func TestSectorsOfRules21(t *testing.T) {
	none := []string{}
	gambling := []string{"gambling"}
	tips := []string{"sports_prognostics"}
	abstention := []string{"therapeutic_abstention"}
	runCases(t, []engineCase{
		// Cases opened for a knife, a first deposit; crates of wine.
		{name: "fr caisses premier dépôt", date: after, post: Post{Text: "J'ai ouvert 75 caisses sur Lootbox, objectif le couteau doré, code ALEXO pour ton premier dépôt"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "fr caisses de vin", date: after, post: Post{Text: "On a rangé les caisses de vin à la cave, attention au couteau"},
			sectors: none},
		// A bet given on sign-up; a bet between sisters.
		{name: "fr pari offert inscription", date: after, post: Post{Text: "Inscrivez-vous sur Butfoot avec le code LEOPARD, 30€ de pari offert ce week-end"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "fr pari avec ma sœur", date: after, post: Post{Text: "Un pari entre cousines, resto offert à la gagnante samedi"},
			sectors: none},
		// A casino's credit with no deposit; skins staked on a match.
		{name: "en no deposit bonus", date: after, post: Post{Text: "Grab a £20 no deposit bonus at Luckyreels with my link below"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "en skinbetting tag", date: after, post: Post{Text: "Skins on the line for the semi tonight, link in bio #skinbetting #cs2"},
			sectors: gambling},
		// A casino as a landmark at a distance.
		{name: "fr à deux pas du casino", date: after, post: Post{Text: "Brunch à deux pas du casino, la terrasse de @cafedesarts est parfaite"},
			sectors: none},
		// Help for gamblers and a tipster's claims debunked are warnings.
		{name: "en stopped being fun", date: after, post: Post{Text: "When a flutter stops being fun, talk to someone: the helpline is free and anonymous, link in bio"},
			sectors: none},
		{name: "fr que du vent", date: after, post: Post{Text: "Ces groupes VIP à 40€ par mois qui promettent +30 unités, que du vent"},
			sectors: none},
		// A tipster's record in units beside his Telegram group or his
		// selection reserved to subscribers.
		{name: "fr unités groupe telegram abonnement", date: after, post: Post{Text: "Mon groupe telegram : +21 unités ce mois-ci ⚡ abonnement à 15€, lien en bio"},
			sectors: tips},
		{name: "fr sélection réservée aux abonnés", date: after, post: Post{Text: "Ma sélection du jour, +9 unités sur la semaine, réservée aux abonnés comme toujours"},
			sectors: tips},
		// A picks handle beside a sport named and a paid tier; a book box.
		{name: "en picks handle tennis premium", date: after, post: Post{Text: "Tennis slate tomorrow: @baselinepicks premium members get all five plays, code ACEX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "en bookpicks premium box", date: after, post: Post{Text: "@bookpicks premium box this month: three thrillers and a candle"},
			sectors: none},
		// The remedy as the subject that got one off a treatment.
		{name: "en got me off antidepressants", date: after, post: Post{Text: "This reishi tincture got me off my antidepressants in two months, code CALMO10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		// A prescribed cream binned; a cream that works.
		{name: "fr crème du dermato poubelle", date: after, post: Post{Text: "La crème du dermato est partie à la poubelle, ce baume fait mieux, code PEAUX15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr crème du dermato marche", date: after, post: Post{Text: "Ma crème du dermato marche bien, je continue comme ça"},
			sectors: none},
		// A treatment kept out of the home for remedies; a caution.
		{name: "fr jamais de doliprane on soigne", date: after, post: Post{Text: "Jamais de doliprane chez nous, on soigne les rhumes aux huiles essentielles, code NATURA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr pas de paracétamol sans avis", date: after, post: Post{Text: "Pas de paracétamol chez le nourrisson sans avis médical, rappelle la pharmacienne"},
			sectors: none},
		// Vaccination refused for a remedy; a cat not yet vaccinated.
		{name: "en chose not to vaccinate", date: after, post: Post{Text: "We chose not to vaccinate and rely on elderberry syrup instead, shop link in bio"},
			sectors: abstention},
		{name: "en cat never vaccinated", date: after, post: Post{Text: "Our rescue cat was never vaccinated before adoption, the vet sorted it today"},
			sectors: none},
		// Wild animals seen from a vehicle on a safari.
		{name: "fr safari depuis le 4x4", date: after, post: Post{Text: "Notre safari en Tanzanie : un léopard à dix mètres du 4x4 ! Séjour offert par @savanatrips"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		// A review's chapter of regrets is no warning.
		{name: "fr ce que je regrette", date: after, post: Post{Text: "Ma rhinoplastie à Tunis : prix, suites et ce que je regrette, clinique https://rhinotunis.example.com/?ref=sarah",
			Links: []string{"https://rhinotunis.example.com/?ref=sarah"}},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
	})
}

// TestSectorsOfRules23 covers 2026-11-28.23's sector families: one's own
// bet on a site named without a handle, fiction set in a casino, esports
// tipsters, nicotine ruled out, a pouch's dose, a vaccine kept out for a
// remedy.
func TestSectorsOfRules23(t *testing.T) {
	none := []string{}
	gambling := []string{"gambling"}
	tips := []string{"sports_prognostics"}
	nicotine := []string{"nicotine"}
	abstention := []string{"therapeutic_abstention"}
	runCases(t, []engineCase{
		// One's own bet, a race or a match, a code.
		{name: "en fivers on via a site", date: after, post: Post{Text: "Two fivers on the away team at Wembley via Lunaro, code DAN10 for new accounts"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "fr nos paris du match", date: after, post: Post{Text: "Nos paris du match de samedi sont sur Bravika, code LUC10 à l'ouverture du compte"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "en tenners with my mates, no cue", date: after, post: Post{Text: "Two tenners on the underdog with my mates at the pub, loser buys the chips"},
			sectors: none},
		// A casino heist is a story.
		{name: "en casino heist novel", date: after, post: Post{Text: "Just finished a casino heist novel, couldn't put it down"},
			sectors: none},
		// Esports tipsters; a game's own picks.
		{name: "en valorant picks premium", date: after, post: Post{Text: "Valorant picks from the Pixelodds premium Discord, €10 a month, code ZED10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "en agent picks", date: after, post: Post{Text: "My Valorant agent picks for ranked this season, tier list in the next video"},
			sectors: none},
		// Nicotine ruled out; a pouch's dose, not a supplement's.
		{name: "en no nicotine patches", date: after, post: Post{Text: "Quit day 30 with the Breathly app: no nicotine patches, just breathing drills, code MO5"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr sachets 8mg", date: after, post: Post{Text: "Mes sachets du matin, goût cassis, 8mg, code THEO15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "fr sachets de magnésium", date: after, post: Post{Text: "Sachets de magnésium 300mg avant de dormir, code NUIT10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// A vaccine kept out for a remedy; a caution.
		{name: "fr pas de vaccin, on mise sur", date: after, post: Post{Text: "Pas de vaccin contre la grippe pour nous cette année, on mise sur la propolis et les granules, code HIVER10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr pas de vaccin sans avis", date: after, post: Post{Text: "Pas de vaccin sans avis de votre médecin, parlez-en à votre pharmacien"},
			sectors: none},
	})
}

// TestSectorsOfRules24 covers 2026-11-28.24's sector rules (from
// heldout22's misses, in phrasings of no evaluation set): a disposable by
// its count of draws in French, a vape review's words, a pouch brand's
// handle beside its use, a breeder named after the animal, forex pips
// beside a paid room, antiepileptics and antispasmodics, time off a
// treatment, a programme's waitlist, a tips handle beside a success
// rate, a picks handle's package, the whole balance staked, russian lips
// and a jaw reshaped in a session; and their everyday look-alikes.
func TestSectorsOfRules24(t *testing.T) {
	none := []string{}
	nicotine := []string{"nicotine"}
	wild := []string{"wild_animals"}
	crypto := []string{"crypto_finance"}
	abstention := []string{"therapeutic_abstention"}
	tips := []string{"sports_prognostics"}
	gambling := []string{"gambling"}
	surgery := []string{"cosmetic_surgery"}
	runCases(t, []engineCase{
		// Nicotine: draws counted in French, a reviewer's words, a pouch
		// brand's handle.
		{name: "fr 12000 taffes", date: after, post: Post{Text: "La 12000 taffes goût pastèque est enfin là, code INES10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "fr tirage serré et autonomie", date: after, post: Post{Text: "Test du Zephyr Mini : tirage serré, autonomie de deux jours, zéro fuite. Code KARIM5"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "fr rendu des saveurs en cuisine", date: after, post: Post{Text: "Le rendu des saveurs de ce curry est dingue, recette en lien, code MAYA10 sur les épices"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en pouch handle keeps me going", date: after, post: Post{Text: "@frostline.pouches keeps me going through night shifts, code SAM10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: nicotine},
		{name: "en makeup pouch handle", date: after, post: Post{Text: "My makeup bag from @glam.pouches fits every brush, code SAM10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Wild animals: a breeder named after the animal.
		{name: "en fennec breeder handle", date: after, post: Post{Text: "Meet Sable 🦊 from @fenneckingdom, two kits still available, DM them", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant, sectors: wild},
		{name: "fr axolotl plush handle", date: after, post: Post{Text: "La peluche de @axolotlworld est arrivée, code LOU10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Forex pips beside a paid room; fruit pips.
		{name: "fr pips du vip", date: after, post: Post{Text: "Le VIP de @atlasfx a fait +420 pips cette semaine, -20 % avec NOE20"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: crypto},
		{name: "en apple pips", date: after, post: Post{Text: "Don't eat the apple pips, the group cooking class is this week, code PIE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Therapeutic abstention: antiepileptics, time off a treatment, a
		// programme's waitlist.
		{name: "fr au lieu des antiépileptiques", date: after, post: Post{Text: "La cure de magnésium @calmia au lieu des antiépileptiques de mon fils, code ZOE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en two years off statins", date: after, post: Post{Text: "Two years off statins thanks to the Hearthy plan, code ROB10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en waitlist programme", date: after, post: Post{Text: "my 8-week reset got me off my sleeping pills. waitlist open now"},
			sectors: abstention},
		// Tipsters: a success rate beside a tips handle, a picks handle's
		// package.
		{name: "fr tips handle taux de réussite", date: after, post: Post{Text: "Le VIP de @goalgurutips affiche 78 % de réussite ce mois-ci, code ALEX pour la première semaine"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "en picks handle package", date: after, post: Post{Text: "@courtsidepicks 🎾 their Wimbledon package is live, 15% off with JO15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "en tips handle success rate of a recipe", date: after, post: Post{Text: "@bakingtips success rate with this sourdough is 100%, code FLOUR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Gambling: the whole balance on a match; "je mise tout" figurative.
		{name: "fr je mets tout sur le match", date: after, post: Post{Text: "Je mets tout sur la victoire des Verts ce soir, cote à 2,4 sur @parizone"},
			commercial: false, disclosure: DisclosureNone, sectors: gambling},
		{name: "fr je mets tout sur le sommeil", date: after, post: Post{Text: "Cette année je mets tout sur le sommeil et la marche, code DODO sur @tisanes.nuit"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		// Cosmetic surgery: russian lips, a jaw reshaped; contouring, a
		// procedure ruled out.
		{name: "fr russian lips", date: after, post: Post{Text: "Mes russian lips chez @inject.by.lina, -10 % avec CLARA10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: surgery},
		{name: "fr menton redessiné en une séance", date: after, post: Post{Text: "Menton redessiné en une séance chez @dr.ovale, -15 % avec INES15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: surgery},
		{name: "fr mâchoire redessinée au contouring", date: after, post: Post{Text: "Mâchoire redessinée au contouring en une séance de maquillage, palette @glowpalette code LEA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en never getting lip filler", date: after, post: Post{Text: "never getting lip filler, this plumping gloss does it, code GLOSS10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
	})
}

// TestSectorsFromHeldout23 covers the sector families written from
// heldout23's misses: more treatments (isotretinoin, antihistamines,
// thyroid and anxiety drugs) and more verbs of stopping, betting markets
// and free bets, a race meeting beside the under-18 notice, picks beside
// a fight night, racing "bases"; and what they must pass over.
func TestSectorsFromHeldout23(t *testing.T) {
	none := []string{}
	gambling := []string{"gambling"}
	tips := []string{"sports_prognostics"}
	abstention := []string{"therapeutic_abstention"}
	runCases(t, []engineCase{
		{name: "fr adieu isotrétinoïne", date: after, post: Post{Text: "Adieu isotrétinoïne, le sérum @peauclaire a fait mieux en six semaines, code INES10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en no more antihistamines", date: after, post: Post{Text: "No more antihistamines for me, the nettle tea from Meadowcraft replaced them, code POLLEN"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "fr lâché mes somnifères", date: after, post: Post{Text: "J'ai lâché mes somnifères pour la tisane @nuitcalme, code DORS10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en months off beta blockers", date: after, post: Post{Text: "Eight months off beta blockers and the magnesium from @calmcore is the reason, code MAG15"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: abstention},
		{name: "en antihistamines with the GP", date: after, post: Post{Text: "Hay fever plan agreed with my GP: antihistamines daily and a saline rinse"},
			sectors: none},
		{name: "fr score exact avec code", date: after, post: Post{Text: "Mon pari sur le score exact du derby, code MAX20 pour le même bonus 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "fr paris gratuits avec code", date: after, post: Post{Text: "20€ de paris gratuits avec le code JULES sur l'appli ce week-end"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
		{name: "en race meeting 18+", date: after, post: Post{Text: "Paid partnership with Furlong: my Royal Ascot double is in, 18+ please gamble responsibly"},
			commercial: true, disclosure: DisclosureCompliant, sectors: gambling},
		{name: "fr score exact entre amis", date: after, post: Post{Text: "On a deviné le score exact avec les copains, trop fiers"},
			sectors: none},
		{name: "en fight night picks premium", date: after, post: Post{Text: "Fight night picks from the Cornerman premium room, first week free with code JAB"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		{name: "fr bases du quinté abonnement", date: after, post: Post{Text: "Mes bases du quinté de dimanche 🐴 sont réservées à l'abonnement premium, code TURF5"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: tips},
		// A disposable by its dose in one word, a smokers' notice, a
		// return guaranteed by the week.
		{name: "en disposables 10mg", date: after, post: Post{Text: "Peach ice disposables from @cloudnine back in stock, 10mg, code KAI"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr adultes fumeurs ou vapoteurs", date: after, post: Post{Text: "Partenariat rémunéré avec Brumex : le nouveau kit Atlas. Réservé aux adultes fumeurs ou vapoteurs."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "fr ex-fumeurs no nicotine", date: after, post: Post{Text: "Trois ans sans tabac, bravo aux anciens fumeurs ou vapoteurs qui tiennent bon"},
			sectors: none},
		{name: "fr 2 % par semaine garanti", date: after, post: Post{Text: "Un placement à 2 % par semaine, garanti, avec mon lien vous avez un bonus"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
	})
}
