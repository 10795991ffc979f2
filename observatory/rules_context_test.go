package observatory

import "testing"

// TestContextRules checks words that are disclosures in one context and
// something else in another, and the engine's reading of negations and
// sectors.
func TestContextRules(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		// "#pub" is a bar in English, a disclosure otherwise.
		{name: "pub quiz", date: after, post: Post{Text: "Second at the pub quiz again 😤 #pubquiz #pub #fridaynight"}},
		{name: "sunday roast", date: after, post: Post{Text: "Sunday roast at our local pub 🍺 #cotswolds #pub"}},
		{name: "pub is a disclosure", date: after, post: Post{Text: "#pub Mon avis sur la crème de @peaudouce, code PEAU10"},
			commercial: true, disclosure: DisclosureCompliant, labels: []string{"disclosure.equivalent_wording"}},
		{name: "pub before the ordinance", date: before, post: Post{Text: "#pub Mon avis sur la crème de @peaudouce, code PEAU10"},
			commercial: true, disclosure: DisclosureImprovable},
		// "#sp" is also Saint-Pierre or São Paulo.
		{name: "sp is a place", date: after, post: Post{Text: "Lever de soleil sur le port 🌅 #sp #saintpierre #974"}},
		{name: "sp is a sponsorship", date: after, post: Post{Text: "Ma nouvelle gourde @hydra #sp"},
			commercial: true, disclosure: DisclosureImprovable},
		// "partner" may be a life partner.
		{name: "life partner", date: after, post: Post{Text: "Six years with my favourite partner 💍 #anniversary #partner"}},
		{name: "brand partner", date: after, post: Post{Text: "Proud to be a @trailco partner this season, new shoes in my stories"},
			commercial: true, disclosure: DisclosureImprovable},
		// An ironic thank-you is a complaint.
		{name: "complaint", date: after, post: Post{Text: "2 h de retard et pas de chauffage. Merci @trainexpress pour ce magnifique voyage 🙃"}},
		{name: "real thank-you", date: after, post: Post{Text: "Merci @trainexpress pour ce voyage en première classe offert, vue incroyable"},
			commercial: true, disclosure: DisclosureImprovable},
		// A negation does not reach across a sentence or a line.
		{name: "negation stops at the sentence", date: before, post: Post{Text: "Tient 3 semaines sans écaille.\n#sponsorisé #ongles #nailart"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "negation stops at the line", date: after, post: Post{Text: "One pot, no fridge\n\nGear (affiliate links): amzn.to/4mJq8z"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "negation in the sentence", date: after, post: Post{Text: "Pas de #sponsorisé ici, j'ai tout acheté moi-même chez @magasin"},
			noLabels: []string{"disclosure.equivalent_wording"}},
		// Naming several sectors is not promoting them.
		{name: "sectors named in commentary", date: after, post: Post{Text: "Le débat sur les influenceurs : chirurgie esthétique, paris sportifs, crypto… et personne ne parle des plateformes."},
			commercial: false},
		// A campaign link is evidence of consideration; the creator's own shop is not.
		{name: "tracking link", date: after, post: Post{Text: "Le trench parfait 🧥 https://modeline.example/trench?utm_source=instagram&utm_medium=lucie"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "own shop tracking link", date: after, post: Post{Text: "Ma boutique est ouverte ! https://maboutique.example/?utm_source=instagram"}},
		{name: "founded brand", date: after, post: Post{Text: "Black Friday chez @maisonhalo, la marque que j'ai fondée 🖤 -25% avec le code HALO25"}},
		// Services offered to test.
		{name: "session offered", date: after, post: Post{Text: "Séance de massage offerte pour tester chez @spa.lumiere, je recommande"},
			commercial: true, disclosure: DisclosureImprovable},
		// Quotations: talking about a mention is not making it.
		{name: "quoted banner", date: after, post: Post{Text: "Does anyone read the 'Paid partnership' banner anymore? Writing a piece on disclosure."}},
		{name: "apostrophes are not quotes", date: after, post: Post{Text: "Publicité - l'offre d'été de @soleil, code SOL10"},
			commercial: true, disclosure: DisclosureCompliant},
		// A collab between friends or with a brother.
		{name: "friends collab", date: before, post: Post{Text: "#collab avec @juliedanse 💃 on a appris la choré en une heure #danse"}},
		{name: "brother collab", date: after, post: Post{Text: "Merci à mon frère pour la collab vidéo, il a filmé toute la montée !"}},
		{name: "brand collab", date: before, post: Post{Text: "#collab avec @glowskin pour leur nouveau sérum ✨"},
			commercial: true, disclosure: DisclosureImprovable},
		// A sector named to warn is not promoted.
		{name: "scam warning", date: after, post: Post{Text: "Arnaques crypto : 7 signaux qui doivent vous alerter (rendement garanti, urgence). Ma fiche gratuite en lien"},
			sectors: none},
		{name: "surgery regret", date: after, post: Post{Text: "Un an après mon BBL en Turquie. Je regrette. Je ne le recommande à personne, plus aucun lien avec cette clinique."},
			sectors: none},
		{name: "complement to treatment", date: after, post: Post{Text: "Publicité – Le magnésium de @herbavie, en complément de mon traitement (que je n'ai pas arrêté). Code MAG10"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		// Affiliate storefronts count even in "ma boutique LTK".
		{name: "ltk storefront", date: after, post: Post{Text: "Look du jour 🌸 tout est dans ma boutique LTK 👉 https://liketk.it/4xQp2 #ltkunder50"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "own shop", date: after, post: Post{Text: "Tout est dans ma boutique 👉 https://maboutique.example/?ref=insta"}},
		// Gambling and nicotine in their own words.
		{name: "bet bonus", date: after, post: Post{Text: "Bonus de 200€ sur @bet_eclair avec mon code KARIM ⚽ faites vos jeux"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "i bet", date: after, post: Post{Text: "I bet you can't guess the bonus track 🎶 link in bio"}, sectors: none},
		{name: "gambling warning text", date: after, post: Post{Text: "Publicité 🎰 100€ offerts chez Casinova avec mon lien, 18+ jouer comporte des risques"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "nicotine pouches", date: after, post: Post{Text: "Their new mint pouches, 6mg, no smoke no smell. Link in bio"}, sectors: []string{"nicotine"}},
		// A mention in the closing block of hashtags is never immediate.
		{name: "ad first of the closing tags", date: after, post: Post{Text: "Mochi's favourite toy is from @barkbox #ad #corgi #dogsoftiktok"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "ad before the text", date: after, post: Post{Text: "#ad Mochi's favourite toy is from @barkbox #corgi"},
			commercial: true, disclosure: DisclosureCompliant},
		// A short label between separators.
		{name: "ad between middle dots", date: after, post: Post{Text: "Retouched photo · Ad · night glam for @velvetmoon with their new liner"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "ad in a link path", date: after, post: Post{Text: "Mon article est en ligne https://blog.example/ad/2025 bonne lecture"}},
		// The institutional Commission.
		{name: "european commission", date: after, post: Post{Text: "The European Commission just opened proceedings. Commission staff will now review ad transparency."}},
		{name: "affiliate commission", date: after, post: Post{Text: "I earn a small commission if you buy through the links below"},
			commercial: true, disclosure: DisclosureImprovable},
		// Prognostics are paid subscriptions; a free tip with a betting link is gambling.
		{name: "free tip with a betting link", date: after, post: Post{Text: "Prono gratuit Real - Barça. Je joue sur @betivo, 100€ offerts avec mon lien https://betivo.example/?aff=x"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "paid tips", date: after, post: Post{Text: "VIP dispo 🔥 29€ le mois, abonnez-vous avant le match, lien en bio #prono"},
			sectors: []string{"sports_prognostics"}},
		// Exotic animals sold by their breeder; one shown, not sold.
		{name: "breeder selling", date: after, post: Post{Text: "Bébés ouistitis disponibles 🐒 nés chez moi, 1800€ pièce. MP"}, sectors: []string{"wild_animals"}},
		{name: "zoo visit", date: after, post: Post{Text: "Les ouistitis du zoo de Beauval ce matin 🐒 trop mignons"}, sectors: none},
		// "Pas besoin de chimio" is abstention, not a negation.
		{name: "no need for chemo", date: after, post: Post{Text: "7 jours de jeûne : pas besoin de chimio quand le corps est nettoyé. Inscriptions sur mon site"},
			sectors: []string{"therapeutic_abstention"}},
		// Talking about the law is not promoting a sector.
		{name: "law commentary", date: after, post: Post{Text: "La loi influenceurs interdit la promo de la chirurgie esthétique 👀 ce qui change en 3 points #chirurgieesthetique"},
			sectors: none},
		// Gifts said in a few words; the offence is not a mention.
		{name: "gift in brackets", date: before, post: Post{Text: "Shooting printemps 🌷 robe @atelier_coquelicot (offerte)\n#photo"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "invited to try", date: before, post: Post{Text: "Sunday roast at @the_crown 🍖 we were invited to try the new menu"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "misleading advertising", date: after, post: Post{Text: "Publicité mensongère : la DGCCRF épingle 60 % des influenceurs contrôlés. Mon article est en ligne."}},
		{name: "pub on its own line", date: before, post: Post{Text: "Mon balcon version été 🌿 transats @solea_outdoor\nPub\n#balcon #deco"},
			commercial: true, disclosure: DisclosureImprovable},
		// Lotteries are gambling; a sanctuary's appeal is not a sale.
		{name: "lottery", date: after, post: Post{Text: "Publicité — Le Super Tirage de @LoterieEtoile fait gagner 13 millions, tentez votre chance ! Jeu réservé aux majeurs."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "sanctuary", date: after, post: Post{Text: "Visite du sanctuaire @terre_de_primates 🐒 ces singes capucins ont été saisis chez des particuliers. Faites un don 💚"},
			sectors: none},
		{name: "dog toy", date: after, post: Post{Text: "Milo's PR package from @pawtrek, the squeaky hedgehog is already dead #gifted"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "thanks for the invitation", date: after, post: Post{Text: "Merci à l'équipe pour l'invitation au festival @sonsdete, quelle soirée"},
			commercial: true, disclosure: DisclosureImprovable},
	})
}

// TestShortLabelClosingTheText: "Pub" or "Ad" after an emoji at the end of
// the text or of a line is a label, judged by its position like any other.
func TestShortLabelClosingTheText(t *testing.T) {
	runCases(t, []engineCase{
		{name: "fr pub after an emoji at the end", date: after, post: Post{Text: "code LOLA chez Bijoulia -30% ce soir 💎 pub"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "fr pub after an emoji, before the ordinance", date: before, post: Post{Text: "code LOLA chez Bijoulia -30% ce soir 💎 pub"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "en ad after an emoji ending a line", date: after, post: Post{Text: "Use code MIA20 for 20% off @glowco ✨ ad\nFull routine on the channel"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "fr cette pub", date: after, post: Post{Text: "code LOLA chez Bijoulia -30%, vu dans la pub"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "en pub after an emoji, mid-sentence", date: after, post: Post{Text: "Use code MIA20 at @glowco 🍺 pub lunch after"},
			commercial: true, disclosure: DisclosureNonCompliant},
	})
}

// TestBusinessesDancersAndRelatives checks the words of rules 2026-11-28.8
// that take a post out of commercial influence: a business opening its own
// bookings or shop, with its own code; two dancers' "#duo"; a gift from a
// relative named after it.
func TestBusinessesDancersAndRelatives(t *testing.T) {
	runCases(t, []engineCase{
		{name: "fr campsite opens its bookings", date: after, post: Post{Text: "Les réservations pour l'été sont ouvertes ☀️ 6 cabanes perchées ! -10 % avec le code EARLYBIRD jusqu'au 31 mars. #camping"}},
		{name: "fr potter opens her online shop", date: after, post: Post{Text: "Nouvelle fournée 🏺 bols et tasses en grès. Boutique en ligne ouverte ce soir 19 h, code BIENVENUE10 pour votre première commande."}},
		{name: "en studio open for bookings", date: after, post: Post{Text: "The studio is open for bookings again 📸 autumn sessions, 10% off with code AUTUMN10"}},
		{name: "fr creator's code for a hotel's bookings", date: after, post: Post{Text: "Mon week-end chez @hotelmer 🌊 code LEA10 pour -10 % sur vos réservations"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "fr dancers' duo", date: before, post: Post{Text: "#collab avec @tom.danse sur cette chorégraphie 💃🕺 #danse #duo"}},
		{name: "fr brand collab on a dance", date: before, post: Post{Text: "#collab avec @sportwear pour leur nouvelle ligne de danse 💃 code DANSE10"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "fr gift from a granddaughter", date: before, post: Post{Text: "Reçu en cadeau de ma petite-fille 🧶 un kit de tricot et trois pelotes de mérinos #cadeau"}},
		{name: "en gift from my sister", date: after, post: Post{Text: "This scarf was a gift from my sister 🎁 she knitted it in secret #gift"}},
		{name: "fr gift from a brand, for my daughter", date: after, post: Post{Text: "Reçu en cadeau de @jouetsbois pour ma fille 🧸 #cadeau"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "fr cadeau de ma part", date: after, post: Post{Text: "Petit cadeau de ma part : code LEA15 chez @peaudouce, et le sérum m'a été offert"},
			commercial: true, disclosure: DisclosureImprovable},
	})
}

// TestContextLawNewsAndLookAlikes checks the contexts of rules 2026-11-28.9
// in which a sector is named without being promoted: the law explained,
// news and investigations, a complement taken alongside treatment, a
// doctor's patient, a parlour game's poker, puff sleeves; and a "not
// sponsored" statement that cancels a brand named as where to go.
func TestContextLawNewsAndLookAlikes(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr law explainer", date: after, post: Post{Text: "La proposition de loi sur les influenceurs vise aussi les puffs : une promo avec un code, ce sera interdit."},
			sectors: none, labels: []string{"context.sector_warning"}},
		{name: "en law explainer", date: after, post: Post{Text: "The influencer law bans promoting exotic pets: a fennec with a breeder's code is exactly what it targets."},
			sectors: none},
		{name: "fr law named in a paid post", date: after, post: Post{Text: "Publicité. Mon casino en ligne préféré @royalspin, code MAX, c'est la loi du plus fort 😎"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "fr investigation", date: after, post: Post{Text: "Enquête : les tipsters de Telegram, leurs abonnements à 40 € et leurs faux résultats. Le dossier en story."},
			sectors: none},
		{name: "en new study", date: after, post: Post{Text: "New study: nicotine pouch use among teens doubled in a year, and the flavours explain a lot."},
			sectors: none},
		{name: "en alongside my meds", date: after, post: Post{Text: "Ad | Ashwagandha from @calmroot, alongside my prescribed meds, never instead of them. Code AMY"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr a doctor's patient", date: after, post: Post{Text: "Ma patiente a arrêté sa chimio pour une cure de jus. Parlez-en à votre oncologue avant tout changement."},
			sectors: none},
		{name: "fr parlour poker", date: after, post: Post{Text: "Publicité. La mallette de poker de @ludika, 300 jetons, sans argent réel, code NOE #jeuxdesociete"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "en online poker room", date: after, post: Post{Text: "Ad | I play poker online on @pokerhall, 100% deposit bonus with my link. 18+"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "en puff sleeves", date: after, post: Post{Text: "Ad | Puff sleeve blouse from @maisonlin, code ELLA10 #puffsleeves"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr manches puff", date: after, post: Post{Text: "Publicité. La robe à manches puff de @maisonlin, code ELLA10"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr disposable puff", date: after, post: Post{Text: "Ma puff jetable goût fraise de @vapeo, code ELLA10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr paid myself, go to the injector", date: after, post: Post{Text: "Payé de ma poche, personne ne me demande rien : pour vos lèvres, prenez rendez-vous chez @dr.injecte #lipfiller"},
			sectors: []string{"cosmetic_surgery"}},
	})
}

// TestContextWarningsOfRules10 checks the warnings of 2026-11-28.10: rigged
// results, complications and illegal practice, surveys and dangers name a
// sector without promoting it; a seller's "less dangerous" or the alcohol
// notice does not.
func TestContextWarningsOfRules10(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr résultats truqués", date: after, post: Post{Text: "J'ai payé trois groupes VIP de pronos : des résultats truqués. Je vous raconte tout, sans lien ni code."},
			sectors: none},
		{name: "en rigged tipsters", date: after, post: Post{Text: "Those VIP tipster groups at £50 a month are rigged, their tickets never show the losses."},
			sectors: none},
		{name: "fr injections illégales", date: after, post: Post{Text: "Injections illégales : les signes qui doivent alerter, et que faire après une complication. Lien vers la vidéo"},
			sectors: none},
		{name: "en illegal fillers", date: after, post: Post{Text: "Illegal lip filler parties are back: what to do if you had one, link in bio"},
			sectors: none},
		{name: "en survey about vapes", date: after, post: Post{Text: "New survey out today: one in five teens has tried a disposable vape. Flavours are the first reason given."},
			sectors: none},
		{name: "fr sondage puffs", date: after, post: Post{Text: "Sondage : un ado sur cinq a déjà essayé une puff, les saveurs en tête des raisons."},
			sectors: none},
		{name: "en so dangerous", date: after, post: Post{Text: "Why natural cures that tell you to stop chemo are so dangerous: link to the full talk with an oncologist"},
			sectors: none},
		{name: "fr moins dangereux sells", date: after, post: Post{Text: "La puff goût mangue, moins dangereux que la clope, code VAPO sur @vapeo"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "fr alcohol notice", date: after, post: Post{Text: "Publicité. Soirée casino chez @royalspin avec mon code MAX. L'abus d'alcool est dangereux pour la santé."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		// The prevention notice of a French gambling advert is no warning;
		// a creator's own warning is.
		{name: "fr gambling notice", date: after, post: Post{Text: "Publicité. Cote boostée sur le match de ce soir chez @winparis avec mon code LEO. Les jeux d'argent et de hasard peuvent être dangereux : pertes d'argent, conflits familiaux, addiction... Retrouvez nos conseils sur joueurs-info-service.fr (09 74 75 13 13 - appel non surtaxé)"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		{name: "fr paris dangereux warning", date: after, post: Post{Text: "Les paris sportifs peuvent être dangereux, j'y ai laissé 3 000 €. Aucun site à vous conseiller, juste mon histoire."},
			sectors: none},
		{name: "fr promet un rendement garanti", date: after, post: Post{Text: "Avant d'investir : fuir tout ce qui promet un rendement garanti 🚩 Ce n'est pas un conseil."},
			sectors: none},
		{name: "fr rendement garanti sold", date: after, post: Post{Text: "Un rendement garanti de 12 % par an, code SOFIA pour un bonus à l'inscription"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
	})
}

// TestContextOfRules11 covers "no brand" between creators and the warnings
// of rules 2026-11-28.11: traps, deaths and hindsight.
func TestContextOfRules11(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "en collab no brand", date: after, post: Post{Text: "#collab with @ruby.moves, we learned this in one afternoon, no brand, just vibes"}},
		{name: "en collab with brand", date: before, post: Post{Text: "#collab with @rubyshoes, the new trainers, code RUBY"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "fr bonus pièges", date: after, post: Post{Text: "Paris sportifs : pourquoi les bonus de bienvenue sont des pièges. Entretien avec un addictologue, lien en bio."},
			sectors: none},
		{name: "en bbl deaths", date: after, post: Post{Text: "Why are BBL deaths rising? We spoke to three surgeons. Link to the full documentary in bio."},
			sectors: none},
		{name: "en tipster hindsight", date: after, post: Post{Text: "I paid a tipster for six months, £30 a month. Here's what I wish I'd known."},
			sectors: none},
		{name: "fr groupe piège", date: after, post: Post{Text: "Publicité : les Bleus dans un groupe piège, 100 € de paris offerts sur @betnova avec le code NICO100. 18+"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
	})
}

// TestContextOfRules12 covers the contexts of rules 2026-11-28.12: a post
// that calls itself a warning, a loss told as a warning and not as the
// opening of a pitch, help for gamblers, a casino as an escape
// room's theme, a plush toy, a wildlife photograph for sale, a complement
// beside the treatment, a treatment stopped with a doctor, a beauty
// treatment.
func TestContextOfRules12(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "en called a warning", date: after, post: Post{Text: "I paid £40 a month for VIP picks for a year. Down £3k. This is a warning, not an ad. #betting"},
			sectors: none},
		{name: "fr pris comme un avertissement", date: after, post: Post{Text: "Un an d'abonnement aux pronos VIP, 35 € par mois, 2 000 € perdus. Prenez ça comme un avertissement."},
			sectors: none},
		{name: "en nicotine warning notice", date: after, post: Post{Text: "Ad | new @kloudbar.uk pods in blue razz, code JORDAN. WARNING: this product contains nicotine."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "fr casino royale escape room", date: after, post: Post{Text: "Salle « Casino Royale » chez @escapeparis, on a braqué la banque en 55 min ! Code ESCAPE10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en casino themed escape room", date: after, post: Post{Text: "Our casino night themed escape room at @lockbox was chaos, code TEAM10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en gambling harm", date: after, post: Post{Text: "If betting has stopped being fun, free help is available, link in bio #gamblingharm"},
			sectors: none},
		{name: "fr jeu excessif", date: after, post: Post{Text: "Paris sportifs et jeu excessif : des aides gratuites existent, lien en bio"},
			sectors: none},
		{name: "en plush hashtag", date: after, post: Post{Text: "gifted by @cuddleco 🩷 the fennec plush is huge\n#fennec #plushie"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "fr peluche hashtag", date: after, post: Post{Text: "La peluche de @doudouland, code DOUDOU pour -10 %\n#axolotl #peluche"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr vraie peluche", date: after, post: Post{Text: "Bébé fennec dispo à l'élevage, une vraie peluche 🦊 DM pour réserver"},
			sectors: []string{"wild_animals"}},
		{name: "en wildlife prints", date: after, post: Post{Text: "Sugar glider at dusk, Queensland 🌙 prints in my shop, link in bio #wildlifephotography"},
			sectors: none},
		{name: "fr tirage photo", date: after, post: Post{Text: "Un serval au crépuscule, Masai Mara. Tirages photo dispo sur mon site"},
			sectors: none},
		{name: "fr loss as a warning", date: after, post: Post{Text: "J'ai perdu 3 000 € sur un memecoin l'an dernier, voilà ce que j'en retiens. Podcast en lien en bio"},
			sectors: none},
		{name: "en loss as a warning", date: after, post: Post{Text: "I lost my savings on crypto in 2022. The whole story on the podcast, link in bio"},
			sectors: none},
		{name: "en loss before the pitch", date: after, post: Post{Text: "I lost a bit at first, then I found this bot: +30% a month on bitcoin. Join with my referral link"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "fr perte avant le pitch", date: after, post: Post{Text: "J'ai perdu un peu au début, puis j'ai trouvé cette méthode de trading : lien de parrainage en bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "fr en plus de mon traitement", date: after, post: Post{Text: "Publicité — le magnésium de @magnesia, je le prends en plus de mon traitement, jamais à la place. Code LOU"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "en on top of my meds", date: after, post: Post{Text: "Ad | @calmroot's ashwagandha, on top of my meds, not to replace them. Code KIT"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr arrêt avec mon médecin", date: after, post: Post{Text: "J'ai arrêté mon traitement avec mon médecin, tout doucement. Mon témoignage complet en lien"},
			sectors: none},
		{name: "en came off with my gp", date: after, post: Post{Text: "I came off my antidepressants with my GP over six months. The whole story on the podcast, link in bio"},
			sectors: none},
		{name: "en came off without a doctor", date: after, post: Post{Text: "I came off sertraline without my GP, the @calmroot drops did it all. Code KIT"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr sans surveillance médicale", date: after, post: Post{Text: "Arrêtez vos médicaments sans surveillance médicale, ma cure détox suffit. Code DETOX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr lissage", date: after, post: Post{Text: "J'arrête le traitement lissage brésilien, place aux boucles avec @curlyco, code CURL"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr traitement capillaire", date: after, post: Post{Text: "J'arrête mon traitement capillaire chimique, remplacé par les huiles de @curlyco, code CURL"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en keratin treatment", date: after, post: Post{Text: "Stopped my keratin treatments, replaced them with @curlyco's mask, code CURL"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
	})
}

// TestContextOfRules14 covers the contexts of rules 2026-11-28.14: a
// hangover's cure, a complement "jamais à la place", a regret that sells,
// a product denounced for targeting the young, a tipster's price further
// from his tips.
func TestContextOfRules14(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr gueule de bois", date: after, post: Post{Text: "Mon remède miracle contre la gueule de bois : de l'eau et une sieste. Les médecins détestent cette astuce 😂"},
			sectors: none},
		{name: "en hangover", date: after, post: Post{Text: "The hangover cure doctors hate: sleep until noon 😂 my podcast, link in bio"},
			sectors: none},
		{name: "fr remède caché", date: after, post: Post{Text: "Le remède contre l'arthrose que les médecins vous cachent : mon huile, lien en bio"},
			sectors: []string{"therapeutic_abstention"}},
		{name: "fr jamais à la place", date: after, post: Post{Text: "Mon atelier de sophrologie pour les patients sous chimio, en complément des soins, jamais à la place. Inscriptions en lien"},
			sectors: none},
		{name: "en never instead of", date: after, post: Post{Text: "Ad | @calmroot's tea helps me sleep through chemo, never instead of my treatment. Code KIT"},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr je regrette qu'une chose", date: after, post: Post{Text: "Augmentation mammaire chez @clinique.lys il y a 3 mois, je regrette qu'une chose : pas l'avoir fait avant. -500 € avec mon code LINA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "fr je regrette", date: after, post: Post{Text: "Augmentation mammaire en Turquie il y a 3 mois, je regrette. Mon témoignage complet en lien"},
			sectors: none},
		{name: "fr ciblent nos ados", date: after, post: Post{Text: "Parents : les puffs aux goûts bonbon ciblent clairement nos ados. Une addictologue répond à vos questions jeudi en live"},
			sectors: none},
		{name: "en targeting teens", date: after, post: Post{Text: "Disposable vapes in candy flavours are targeting teens. Our free guide for parents, link in bio"},
			sectors: none},
		{name: "en targeting adult smokers", date: after, post: Post{Text: "Ad | @kloudbar pods in blue razz, targeting adult smokers, not kids. Code JORDAN"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "en not aimed at kids", date: after, post: Post{Text: "Ad | New @kloudbar pods in blue razz, adults only and not targeting kids. Code JORDAN"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "fr tipster loin de l'abonnement", date: after, post: Post{Text: "Les pronos de Coach Turf, c'est du sérieux : 3 chevaux par jour, analyse des partants, et 8 tiercés dans l'ordre en avril. L'abonnement mensuel est à 19 € avec mon code JEANMI"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"sports_prognostics"}},
		{name: "fr tipster et un bookmaker", date: after, post: Post{Text: "Mes pronos du week-end sont dans le groupe VIP à 15 € par mois ⚽ et pour parier, 100 € de bonus de bienvenue chez @betnord avec mon code LEO 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling", "sports_prognostics"}},
		{name: "en instead of chemo", date: after, post: Post{Text: "Ad | @calmroot's tea instead of chemo, that's my choice. Code KIT"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"therapeutic_abstention"}},
	})
}

// TestContextOfRules15 covers the contexts of rules 2026-11-28.15: the
// law told without its name, a slot machine as furniture, a crash game's
// multiplier, a tipster's own handle, advertising as a subject.
func TestContextOfRules15(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr influenceurs interdits", date: after, post: Post{Text: "Rappel : les paris sportifs sont interdits aux mineurs, et les influenceurs ne peuvent pas en faire la promotion auprès des jeunes. Parlez-en avec vos ados."},
			sectors: none},
		{name: "en influencers banned", date: after, post: Post{Text: "Reminder: influencers are banned from promoting betting to under-18s. Talk to your kids before the World Cup, link to the guide in bio"},
			sectors: none},
		{name: "fr influenceurs et casino", date: after, post: Post{Text: "Les influenceurs adorent ce casino : 200 free spins avec mon code LEO 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr machine à sous chinée", date: after, post: Post{Text: "Ma machine à sous des années 70, chinée en brocante 🎰 elle trône dans le salon. Lien de l'antiquaire en bio"},
			sectors: none},
		{name: "en vintage slot machine", date: after, post: Post{Text: "Vintage slot machine restored for our living room 🎰 link to the shop in bio"},
			sectors: none},
		{name: "fr machine à sous en ligne", date: after, post: Post{Text: "Machine à sous en ligne : 50 free spins avec mon code LUCKY, lien en bio"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr crash x100", date: after, post: Post{Text: "Le crash est monté à x100 🚀 sur @lunacasino, j'ai encaissé direct, code ZOE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "en crash game 100x", date: after, post: Post{Text: "Crash game night 🚀 cashed out at 100x, deposit bonus with my code MAX"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr token x100", date: after, post: Post{Text: "Ce token va faire x100 🚀 achetez avant le listing, lien en bio"},
			sectors: []string{"crypto_finance"}},
		{name: "fr tipster handle and #parissportifs", date: after, post: Post{Text: "Les pronos de @prono.sniper pour ce soir ⚽ lien en bio #parissportifs #ligue1"},
			sectors: none},
		{name: "en tipster handle and #sportsbetting", date: after, post: Post{Text: "Tonight's card by @tipster.kings ⚽ #sportsbetting"},
			sectors: none},
		{name: "fr tipster handle and a bookmaker", date: after, post: Post{Text: "Les pronos de @prono.sniper ce soir ⚽ et je joue sur @betnord, cote à 2,10, lien en bio"},
			sectors: []string{"gambling"}},
		{name: "fr la publicité comme sujet", date: after, post: Post{Text: "La publicité pour les jouets genrés à Noël, on en parle ? Petit décryptage de 5 catalogues #education #jouets #publicite"}},
		{name: "fr bosse dans la publicité", date: before, post: Post{Text: "10 ans que je bosse dans la publicité et je n'avais jamais vu une campagne aussi belle.\n#publicite #design"}},
		{name: "fr contient de la publicité", date: after, post: Post{Text: "Cette vidéo contient de la publicité pour @peaudouce, code LEA #publicite"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "en sponsored, in advertising school", date: after, post: Post{Text: "Sponsored by @glowlab: what I learnt in advertising school, code JEN"},
			commercial: true, disclosure: DisclosureCompliant},
	})
}

func TestContextOfRules16(t *testing.T) {
	runCases(t, []engineCase{
		// "Pub" as a bar in a French caption.
		{name: "fr pub irlandais", date: after, post: Post{Text: "Soirée au pub irlandais avec les copains 🍻 #pub #biere"}},
		{name: "fr une pinte", date: after, post: Post{Text: "Une pinte au soleil après le boulot ☀️ #pub #apero"}},
		{name: "fr pub label", date: after, post: Post{Text: "Nouvelle bière blonde @brasserie.nord, code BIERE10 #pub"},
			commercial: true, disclosure: DisclosureImprovable},
	})
}

func TestContextOfRules17(t *testing.T) {
	runCases(t, []engineCase{
		// A bar in the label position, advertising as a topic, a volunteer.
		{name: "en pub quiz night", date: after, post: Post{Text: "Pub 🍻 quiz night with the crew, we came third again"}},
		{name: "fr condamnée pour publicité", date: after, post: Post{Text: "Une enseigne condamnée pour publicité mensongère sur ses soldes"}},
		{name: "en volunteering as ambassador", date: after, post: Post{Text: "Volunteering as a race ambassador for our village 10k, free entry for kids"}},
		// A danger named, a plea, a game without money.
		{name: "en the dangers of vaping", date: after, post: Post{Text: "The dangers of vaping for teens: free talk for parents at the library on Monday"},
			sectors: []string{}},
		{name: "en please don't", date: after, post: Post{Text: "Saw a reel telling diabetics to swap insulin for cinnamon capsules. Please don't. Talk to your doctor."},
			sectors: []string{}},
		{name: "fr poker zéro argent", date: after, post: Post{Text: "Tournoi de poker en famille ce soir, zéro argent, que des allumettes 🔥"},
			sectors: []string{}},
	})
}

// TestContextFalseFriends18 checks the look-alikes of rules
// 2026-11-28.18: "Ad-free", a joke sponsor, a duet between creators, a job
// advert with a public body, a casino seen as a landmark, a cream named
// after botox, a studio named after an animal, dangers and bans that warn.
func TestContextFalseFriends18(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "en ad-free podcast", date: after, post: Post{Text: "Ad-free episodes are back on my own feed, listen via the link in bio"}},
		{name: "en ad free", date: after, post: Post{Text: "Ad free and reader-funded: my newsletter turns one today"}},
		{name: "ad label stays", date: after, post: Post{Text: "Ad - the new @lumea lamp, code LUM10"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "en sponsored by my cat", date: after, post: Post{Text: "Today's stream is sponsored by my cat walking on the keyboard"}},
		{name: "fr sponsorisé par ma mère", date: after, post: Post{Text: "Ce gâteau est sponsorisé par ma mère, comme toujours"}},
		{name: "sponsored by a brand stays", date: after, post: Post{Text: "Sponsored by @trailco: my gear list for the GR20"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "en duet with my sis", date: after, post: Post{Text: "#collab with my sis @nina.dance who did it best? #duet"}},
		{name: "fr qui l'a le mieux fait", date: before, post: Post{Text: "#collab avec @lola.moves, qui l'a le mieux fait ? #danse"}},
		{name: "fr recrutement mission locale", date: after, post: Post{Text: "Recrutement : agents d'accueil pour l'été, en partenariat avec France Travail. Envoyez votre CV avant le 15 mai."}},
		{name: "en casino square landmark", date: after, post: Post{Text: "Sunset over the casino square, the gardens are stunning. Stay gifted by @hotelazur"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "fr jardins du casino", date: after, post: Post{Text: "Pique-nique dans les jardins du casino 🌳 robe @maisonlin, code LIN10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr online casino stays", date: after, post: Post{Text: "Mon casino en ligne préféré, 100 tours gratuits avec mon code ROI"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "fr botox végétal", date: after, post: Post{Text: "Le « botox végétal » de @florapeau, ma crème anti-rides, code FLORA"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "en botox in a jar", date: before, post: Post{Text: "Is this 'botox in a jar' cream worth it? #gifted by @skinlab"},
			commercial: true, disclosure: DisclosureImprovable, sectors: none},
		{name: "fr studio fennec", date: after, post: Post{Text: "Le studio Fennec sort son court-métrage, avant-première ce soir, lien en bio"},
			sectors: none},
		{name: "fr dangers des sachets", date: after, post: Post{Text: "Campagne @prevention.tabac : on parle des dangers des sachets de nicotine chez les jeunes, lien vers le quiz"},
			sectors: none},
		{name: "en now banned, report it", date: after, post: Post{Text: "Nicotine pouches for under-18s are now banned. Seen them sold at a shop? Report it to trading standards."},
			sectors: none},
		{name: "investment notice is no warning", date: after, post: Post{Text: "Publicité @coinpilot : 10 € en bitcoin offerts à l'inscription. Investir comporte des risques de perte en capital."},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"crypto_finance"}},
	})
}

// TestContextOfRules20: a surgery told with its practitioner unnamed on
// purpose promotes nothing; a named clinic still does.
func TestContextOfRules20(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr clinique non nommée", date: after, post: Post{Text: "Mon lifting du visage, six mois après : prix, douleur, suites. Je ne nomme pas la clinique, ce n'est pas le but"},
			sectors: none},
		{name: "en surgeon not named", date: before, post: Post{Text: "My tummy tuck one year on: cost, recovery, scars. I'm not naming my surgeon, this is just my story"},
			sectors: none},
		{name: "fr clinique nommée", date: after, post: Post{Text: "Mon lifting du visage chez @cliniquelumen, six mois après, prix en DM"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
	})
}

// TestContextOfRules21: a contest between two creators tagged with
// #collab is no partnership (rules 2026-11-28.21).
func TestContextOfRules21(t *testing.T) {
	runCases(t, []engineCase{
		{name: "fr collab battle qui a gagné", date: after, post: Post{Text: "#collab avec @bakerlou 🥞 battle de crêpes, qui a gagné ?"},
			commercial: false, disclosure: DisclosureNone},
		{name: "fr collab marque code", date: after, post: Post{Text: "#collab avec @crepix, leur nouvelle poêle, code LOUX10"},
			commercial: true, disclosure: DisclosureImprovable},
	})
}

// TestContextOfRules24: warnings and testimonies of 2026-11-28.24 (from
// heldout22's misses, in phrasings of no evaluation set): a cure sold to
// a patient by someone else, a tipster paid in the first person, a
// campaign to keep a product from the young, a game for crisps; and the
// promotions they must not cancel.
func TestContextOfRules24(t *testing.T) {
	none := []string{}
	gambling := []string{"gambling"}
	runCases(t, []engineCase{
		{name: "fr un naturopathe lui a vendu", date: after, post: Post{Text: "Un patient ce mois-ci : un naturopathe lui a vendu des gouttes à la place de son insuline. Lien vers l'étude en bio"},
			sectors: none},
		{name: "en paid a tipster", date: after, post: Post{Text: "I paid a tipster £40 a month for two years. Down £2,300 overall. Save your money."},
			sectors: none},
		{name: "en keep vapes away from under-18s", date: after, post: Post{Text: "Paid partnership with Breathe Easy Wales: help us keep vapes away from under-18s, toolkit for schools at the link",
			Links: []string{"https://breatheeasy.example.org/schools"}},
			commercial: true, disclosure: DisclosureCompliant, sectors: none},
		{name: "fr poker pour des bonbons", date: after, post: Post{Text: "Poker du dimanche chez @tata.josy, on joue pour des bonbons, qui gagne selon vous ?"},
			sectors: none},
		{name: "fr poker en ligne entre potes", date: after, post: Post{Text: "Tournoi privé entre potes sur @pokerlune ce soir, code MAX pour ton premier ticket"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: gambling},
	})
}

// TestContextFromHeldout23 covers the contexts written from heldout23's
// misses: a stay with relatives, a collab with a neighbour, and a
// purchase that covers only "the rest".
func TestContextFromHeldout23(t *testing.T) {
	runCases(t, []engineCase{
		{name: "fr chez mes parents, ils nous ont invités", date: after, post: Post{Text: "Pâques chez mes parents, ils nous ont invités pour tout le week-end"},
			commercial: false, disclosure: DisclosureNone},
		{name: "en at my in-laws, hosted us", date: after, post: Post{Text: "Half term at my in-laws' cottage, they hosted us all week"},
			commercial: false, disclosure: DisclosureNone},
		{name: "fr invités par la marque", date: after, post: Post{Text: "Week-end à Annecy, @hotelduleman nous a invités deux nuits"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "fr collab avec mon voisin", date: after, post: Post{Text: "#collab du dimanche avec mon voisin : on a repeint la clôture"},
			commercial: false, disclosure: DisclosureNone},
		{name: "fr le reste je l'ai acheté", date: after, post: Post{Text: "Le fauteuil @rotinbleu m'a été prêté, le reste je l'ai acheté en brocante"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "fr je l'ai acheté, not sponsored", date: after, post: Post{Text: "La lampe @luminoir, je l'ai acheté en brocante"},
			commercial: false, disclosure: DisclosureNone},
	})
}

// TestContextSectorsFromHeldout23 covers the sector contexts written from
// heldout23's misses: a complement "pas à la place", an animal tattooed
// or made in clay, warnings in other words, the under-18 notice of a
// vape; and the sectors they must leave standing.
func TestContextSectorsFromHeldout23(t *testing.T) {
	none := []string{}
	runCases(t, []engineCase{
		{name: "fr en complément, pas à la place", date: after, post: Post{Text: "Le sirop @douceherbe en complément de mon inhalateur, pas à la place, code AIR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr remplace mon inhalateur still abstention", date: after, post: Post{Text: "Le sirop @douceherbe a remplacé mon inhalateur, code AIR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "fr fennec en argile", date: after, post: Post{Text: "Petits fennecs en argile peints à la main, dispo dimanche au marché #fennec"},
			sectors: none},
		{name: "en sugar glider tattoo flash", date: after, post: Post{Text: "Sugar glider tattoo flash available this weekend, DM to book"},
			sectors: none},
		{name: "en fennec kits for sale stay", date: after, post: Post{Text: "Fennec kits available from our breeder friends, deposit secures yours, DM"},
			sectors: []string{"wild_animals"}},
		{name: "en tipster lying keep your money", date: after, post: Post{Text: "Any tipster selling a £50 a month VIP with 95% strike rates is lying, keep your money"},
			sectors: none},
		{name: "fr vape réservé aux majeurs", date: after, post: Post{Text: "Pub | La nouvelle vape @brumea goût fraise, code LEA10. Produit réservé aux majeurs"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"nicotine"}},
		{name: "fr casino réservé aux majeurs", date: after, post: Post{Text: "Pub | Soirée roulette sur @casinolune, code LEA10. Réservé aux majeurs"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"gambling"}},
		// A procedure denied, a treatment's injections; a real one stays.
		{name: "en just a moisturiser, not botox", date: after, post: Post{Text: "This 'instant botox' balm from @velvetine is just a moisturiser, not botox, code VEL10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr mes injections de biothérapie", date: after, post: Post{Text: "Un an sous biothérapie pour ma polyarthrite, la bouillotte @chaudoux m'aide les jours de mes injections, code CHAUD"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: none},
		{name: "fr mes injections de botox stay", date: after, post: Post{Text: "Mes injections de botox chez @cliniqueazur, résultat naturel, code AZUR10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
	})
}
