package demo

import (
	"context"
	"fmt"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Titles of the demo courses.
const (
	LawCourseTitle   = "Ce que la loi du 9 juin 2023 a changé pour vous"
	LawCourseTitleEN = "What the June 2023 influencer law changed for you"
	replayCourse     = "Replay : santé mentale et réseaux sociaux"
)

// seedCourses publishes the upgrade module on the influencer law, in
// French (mandatory for every certified creator, due in 45 days, yearly
// refresher) and in English, and a course made of the past masterclass's
// replay. The facts come from DESIGN.md's domain notes. A course whose
// title exists is left alone, so an interrupted seed completes.
func seedCourses(ctx context.Context, db *sqldb.DB) error {
	mod, err := db.FindUserByEmail(ctx, accounts.Moderator)
	if err != nil {
		return fmt.Errorf("demo: find moderator: %w", err)
	}
	existing, err := db.ListCourses(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: list courses: %w", err)
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Title] = true
	}
	if !have[LawCourseTitle] {
		c, err := createCourse(ctx, db, mod.ID, LawCourseTitle, creatorclub.LanguageFrench, lawSummaryFR, 12, lawLessonsFR, lawQuizFR)
		if err != nil {
			return err
		}
		req := &creatorclub.CourseRequirement{CourseID: c.ID, Segment: creatorclub.SegmentAll, DueAt: db.Now().AddDate(0, 0, 45), CreatedBy: mod.ID}
		if err := db.AddRequirement(ctx, req); err != nil {
			return fmt.Errorf("demo: make the law module mandatory: %w", err)
		}
	}
	if !have[LawCourseTitleEN] {
		if _, err := createCourse(ctx, db, mod.ID, LawCourseTitleEN, creatorclub.LanguageEnglish, lawSummaryEN, 12, lawLessonsEN, lawQuizEN); err != nil {
			return err
		}
	}
	if !have[replayCourse] {
		events, err := db.ListEvents(ctx, creatorclub.EventFilter{Limit: 1000})
		if err != nil {
			return fmt.Errorf("demo: list events: %w", err)
		}
		var eventID int64
		for _, e := range events {
			if e.Title == pastTitle {
				eventID = e.ID
			}
		}
		lessons := []creatorclub.Lesson{{Title: "Le replay de la masterclass", EventID: eventID, Minutes: 90,
			Body: "La masterclass animée par le Dr Marc Olivier, psychologue : tenir face au cyberharcèlement, à la pression des statistiques " +
				"et à l'épuisement.\n\nEn cas de besoin, le **3018** (violences numériques, gratuit et anonyme) et le **3114** " +
				"(prévention du suicide, 24 h/24) répondent. Voir aussi la page [Aide](/aide)."}}
		if _, err := createCourse(ctx, db, mod.ID, replayCourse, creatorclub.LanguageFrench, "Les replays de masterclass se suivent comme une formation.", 0, lessons, nil); err != nil {
			return err
		}
	}
	return nil
}

// markEnglishModule marks the English upgrade module as English in a demo
// club seeded before courses had a language (the migration made every
// existing course French), so that pages mark its text with lang="en".
func markEnglishModule(ctx context.Context, db *sqldb.DB) error {
	courses, err := db.ListCourses(ctx, false)
	if err != nil {
		return fmt.Errorf("demo: list courses: %w", err)
	}
	for _, c := range courses {
		if c.Title == LawCourseTitleEN && c.Language != creatorclub.LanguageEnglish {
			c.Language = creatorclub.LanguageEnglish
			if err := db.UpdateCourse(ctx, c); err != nil {
				return fmt.Errorf("demo: mark %q as English: %w", c.Title, err)
			}
		}
	}
	return nil
}

func createCourse(ctx context.Context, db *sqldb.DB, by int64, title, language, summary string, refresher int, lessons []creatorclub.Lesson, quiz *creatorclub.Quiz) (*creatorclub.Course, error) {
	c := &creatorclub.Course{Title: title, Language: language, Summary: summary, Status: creatorclub.CourseDraft, RefresherMonths: refresher, CreatedBy: by}
	if err := db.CreateCourse(ctx, c); err != nil {
		return nil, fmt.Errorf("demo: create course %q: %w", title, err)
	}
	for _, l := range lessons {
		l.CourseID = c.ID
		if l.EventID == 0 && l.VideoURL == "" && l.Minutes == 0 {
			l.Minutes = 5
		}
		if err := db.SaveLesson(ctx, &l); err != nil {
			return nil, fmt.Errorf("demo: lesson %q: %w", l.Title, err)
		}
	}
	if quiz != nil {
		q := *quiz
		if err := db.SaveQuiz(ctx, c.ID, &q); err != nil {
			return nil, fmt.Errorf("demo: quiz of %q: %w", title, err)
		}
	}
	c.Status = creatorclub.CoursePublished
	if err := db.UpdateCourse(ctx, c); err != nil {
		return nil, fmt.Errorf("demo: publish %q: %w", title, err)
	}
	return c, nil
}

const lawSummaryFR = "Module de mise à niveau obligatoire pour les créateurs certifiés. Six leçons courtes sur la loi n° 2023-451 du 9 juin 2023 " +
	"visant à encadrer l'influence commerciale, telle que modifiée par l'ordonnance n° 2024-978 du 6 novembre 2024, puis un quiz de dix questions " +
	"(80 % pour réussir, trois tentatives). L'attestation est valable un an."

var lawLessonsFR = []creatorclub.Lesson{
	{Title: "Qui est influenceur commercial ?", Body: `La **loi n° 2023-451 du 9 juin 2023** donne pour la première fois une définition légale (article 1).

Est influenceur commercial la personne qui, **en contrepartie d'un avantage économique ou d'un avantage en nature**, mobilise sa notoriété auprès de son audience pour promouvoir en ligne **des biens, des services ou une cause quelconque**.

À retenir :

- la contrepartie peut être de l'argent, mais aussi un produit offert, un voyage, une réduction ;
- le nombre d'abonnés n'entre pas dans la définition : un petit compte peut être concerné ;
- promouvoir « une cause » est aussi visé, pas seulement un produit.

L'**article 3** rappelle que toutes les règles de la publicité s'appliquent aussi aux influenceurs : allégations de santé, alcool, tabac, médicaments, produits financiers, aliments déséquilibrés.`},
	{Title: "Dire clairement que c'est de la publicité", Body: `Tel qu'adopté en 2023, l'**article 5** impose que l'intention commerciale soit signalée par la mention **« Publicité »** ou **« Collaboration commerciale »**, de façon **claire, lisible et identifiable**, sur **tous les formats** et pendant **toute la durée** du contenu (une vidéo, une story, un live…).

Depuis l'**ordonnance n° 2024-978 du 6 novembre 2024**, une **formulation équivalente adaptée au format** est aussi admise. La mention ne peut être omise que si l'intention commerciale **ressort déjà clairement du contexte**.

En pratique, restent insuffisants :

- « #sp », « #collab », « #ad » perdus au milieu des hashtags ;
- un simple « merci à la marque » ;
- une mention visible seulement après « plus » ou à la fin d'une longue légende.`},
	{Title: "Images retouchées et images virtuelles", Body: `Le même article 5 vise les images commerciales :

- une image dont **la silhouette ou le visage a été modifié** (filtre amincissant, retouche du visage) porte la mention **« Images retouchées »** ;
- un visage ou une silhouette **produits par intelligence artificielle** portent la mention **« Images virtuelles »**.

Le texte emploie le pluriel. Depuis l'ordonnance de 2024, une formulation équivalente est, là aussi, admise.

Un recadrage ou un réglage de luminosité ne modifie ni la silhouette ni le visage : ce n'est pas la retouche visée.`},
	{Title: "Ce qu'on ne peut plus promouvoir", Body: `L'**article 4** interdit ou encadre la promotion de :

- la **chirurgie et les actes à visée esthétique** (depuis 2024 : ceux qui peuvent présenter des risques pour la santé) ;
- les produits présentés comme **équivalents ou préférables à un traitement médical** (abstention thérapeutique) ;
- les **produits contenant de la nicotine** ;
- les **animaux** qui ne figurent pas sur la liste des espèces autorisées ;
- certains **contrats financiers** ;
- les **services sur crypto-actifs**, sauf si l'annonceur est un prestataire enregistré ou agréé ;
- les **abonnements à des pronostics sportifs**.

Les **jeux d'argent et de hasard** ne peuvent être promus que sur des plateformes qui permettent d'**exclure les mineurs** de l'audience, avec un message rappelant que le jeu leur est interdit.`},
	{Title: "Contrats : l'écrit devient obligatoire", Body: `L'**article 8** impose un **contrat écrit** entre le créateur, son agent éventuel et l'annonceur, avec des clauses obligatoires (identité des parties, nature des missions, rémunération ou avantages, droits et obligations, propriété intellectuelle…).

Le **décret n° 2025-1137** fixe le seuil : le contrat écrit est obligatoire au-delà de **1 000 € hors taxes par an et par annonceur**, à compter du **1er janvier 2026**. Les avantages en nature comptent dans ce montant.

La **loi n° 2024-364 du 22 avril 2024** (article 3) a abrogé plusieurs articles de la loi de 2023 et autorisé l'ordonnance de 2024, qui a réécrit les articles 1, 2, 4, 5, 8 et 9.`},
	{Title: "Conforme, améliorable, non conforme", Body: `L'observatoire de l'influence responsable classe les contenus commerciaux en trois catégories :

- **conforme** : la mention est claire et visible immédiatement ;
- **améliorable** : une mention existe mais elle n'est pas explicite ou pas immédiate (« #sp », « #collab », un remerciement à la marque, une mention cachée après « plus » ou noyée dans les hashtags) ;
- **non conforme** : l'intention commerciale n'est pas signalée.

Quelques repères publiés : en 2023, 6 % des contenus analysés étaient non conformes ; la part des créateurs conformes est passée de 59 % au premier semestre 2023 à 71 % au second, après la loi. Au premier semestre 2024, 85 % des créateurs certifiés étaient conformes, contre 77 % des non certifiés.

Votre certificat est un engagement : la bonne pratique est une mention **claire dès la première seconde**.`},
}

func tf(text string, right bool, whyTrue, whyFalse string) creatorclub.QuizQuestion {
	return creatorclub.QuizQuestion{Kind: creatorclub.QuestionTrueFalse, Text: text, Choices: []creatorclub.QuizChoice{
		{Text: "Vrai", Correct: right, Explanation: whyTrue}, {Text: "Faux", Correct: !right, Explanation: whyFalse}}}
}

var lawQuizFR = &creatorclub.Quiz{PassingScore: 80, MaxAttempts: 3, Questions: []creatorclub.QuizQuestion{
	{Kind: creatorclub.QuestionSingle, Text: "Selon l'article 1, qui est influenceur commercial ?", Choices: []creatorclub.QuizChoice{
		{Text: "Toute personne qui, contre un avantage en argent ou en nature, mobilise sa notoriété pour promouvoir en ligne des biens, des services ou une cause", Correct: true,
			Explanation: "C'est la définition de l'article 1 : la contrepartie et la promotion comptent, pas la taille de l'audience."},
		{Text: "Seulement les comptes de plus de 100 000 abonnés", Explanation: "La loi ne fixe aucun seuil d'abonnés."},
		{Text: "Seulement les personnes payées en argent", Explanation: "Un produit offert ou un voyage est un avantage en nature : il suffit."}}},
	{Kind: creatorclub.QuestionMultiple, Text: "Quelles mentions l'article 5 prévoyait-il dans sa version de 2023 ?", Choices: []creatorclub.QuizChoice{
		{Text: "« Publicité »", Correct: true, Explanation: "L'une des deux mentions prévues."},
		{Text: "« Collaboration commerciale »", Correct: true, Explanation: "L'autre mention prévue."},
		{Text: "« #sp »", Explanation: "Trop peu explicite : l'observatoire le classe « améliorable »."},
		{Text: "« Merci à la marque »", Explanation: "Un remerciement ne dit pas qu'il s'agit de publicité."}}},
	tf("Depuis l'ordonnance du 6 novembre 2024, seule la mention exacte « Publicité » est valable.", false,
		"Non : une formulation équivalente adaptée au format est désormais admise.",
		"Exact : l'ordonnance admet une formulation équivalente adaptée au format."),
	{Kind: creatorclub.QuestionSingle, Text: "Depuis 2024, quand la mention peut-elle être omise ?", Choices: []creatorclub.QuizChoice{
		{Text: "Quand l'intention commerciale ressort déjà clairement du contexte", Correct: true, Explanation: "C'est la seule exception prévue."},
		{Text: "Quand la marque est identifiée dans la publication", Explanation: "Identifier la marque ne suffit pas à signaler la publicité."},
		{Text: "Pour les stories de moins de 24 heures", Explanation: "La mention vaut pour tous les formats et toute la durée du contenu."}}},
	{Kind: creatorclub.QuestionSingle, Text: "Un visage affiné par un filtre dans un contenu commercial doit porter la mention :", Choices: []creatorclub.QuizChoice{
		{Text: "« Images retouchées »", Correct: true, Explanation: "Visage ou silhouette modifiés : « Images retouchées »."},
		{Text: "« Images virtuelles »", Explanation: "Cette mention vise les visages ou silhouettes produits par IA."},
		{Text: "Aucune mention", Explanation: "La modification du visage doit être signalée."}}},
	{Kind: creatorclub.QuestionSingle, Text: "Une silhouette entièrement générée par intelligence artificielle doit porter la mention :", Choices: []creatorclub.QuizChoice{
		{Text: "« Images virtuelles »", Correct: true, Explanation: "C'est la mention prévue pour les images produites par IA."},
		{Text: "« Images retouchées »", Explanation: "Celle-ci vise les images modifiées, pas créées par IA."},
		{Text: "« Contenu IA » en petit dans la légende", Explanation: "La mention doit être claire et identifiable sur l'image."}}},
	{Kind: creatorclub.QuestionMultiple, Text: "Lesquelles de ces promotions l'article 4 interdit-il ou encadre-t-il ?", Choices: []creatorclub.QuizChoice{
		{Text: "Des produits contenant de la nicotine", Correct: true, Explanation: "Interdit par l'article 4."},
		{Text: "Un complément présenté comme remplaçant un traitement médical", Correct: true, Explanation: "Abstention thérapeutique : interdit."},
		{Text: "Un service crypto d'un prestataire non enregistré ni agréé", Correct: true, Explanation: "Seuls les prestataires enregistrés ou agréés peuvent être promus."},
		{Text: "Une marque de vêtements", Explanation: "Aucune restriction particulière : seule la mention est exigée."}}},
	tf("On peut promouvoir un site de paris sportifs sur n'importe quelle plateforme, pourvu qu'on ajoute un avertissement.", false,
		"Non : seulement sur des plateformes qui permettent d'exclure les mineurs, avec le message rappelant l'interdiction du jeu aux mineurs.",
		"Exact : il faut une plateforme qui exclut les moins de 18 ans, et le message d'avertissement."),
	{Kind: creatorclub.QuestionSingle, Text: "À partir du 1er janvier 2026, au-delà de quel montant un contrat écrit est-il obligatoire ?", Choices: []creatorclub.QuizChoice{
		{Text: "1 000 € hors taxes par an et par annonceur", Correct: true, Explanation: "Seuil fixé par le décret n° 2025-1137, avantages en nature compris."},
		{Text: "5 000 € TTC par contrat", Explanation: "Ce n'est pas le seuil du décret."},
		{Text: "Dès le premier euro", Explanation: "Le décret fixe un seuil annuel par annonceur."}}},
	{Kind: creatorclub.QuestionSingle, Text: "Un post sponsorisé ne porte que « #collab », à la fin, au milieu d'autres hashtags. Pour l'observatoire, il est :", Choices: []creatorclub.QuizChoice{
		{Text: "Améliorable", Correct: true, Explanation: "Une mention existe mais elle n'est ni explicite ni immédiate."},
		{Text: "Conforme", Explanation: "Il faudrait une mention claire et visible immédiatement."},
		{Text: "Non conforme", Explanation: "Non conforme, c'est quand l'intention commerciale n'est pas signalée du tout."}}},
}}

const lawSummaryEN = "English version of the upgrade module for certified creators: six short lessons on French law no. 2023-451 of 9 June 2023 " +
	"on commercial influence, as amended by ordonnance no. 2024-978 of 6 November 2024, then a ten-question quiz (80 % to pass, three attempts). " +
	"The certificate is valid for one year."

var lawLessonsEN = []creatorclub.Lesson{
	{Title: "Who is a commercial influencer?", Body: `**Law no. 2023-451 of 9 June 2023** gives the first legal definition (article 1): a person who, **in exchange for money or a benefit in kind**, uses their audience to promote **goods, services or any cause** online.

- The benefit may be money, a free product, a trip, a discount.
- The number of followers is not part of the definition.
- Promoting a cause counts too.

**Article 3** applies every existing advertising rule to influencers: health claims, alcohol, tobacco, medicines, financial products, unhealthy foods.`},
	{Title: "Say clearly that it is advertising", Body: `As enacted in 2023, **article 5** requires the words **"Publicité"** or **"Collaboration commerciale"**, **clear, legible and identifiable**, in **every format**, for the **whole content**.

Since **ordonnance no. 2024-978 of 6 November 2024**, an **equivalent wording suited to the format** is also lawful, and the mention may be left out only where the commercial intent is **already obvious from the context**.

Still not enough: "#sp" or "#collab" among hashtags, a mere "thanks to the brand", a mention hidden after "more".`},
	{Title: "Retouched and virtual images", Body: `Commercial images whose **silhouette or face was retouched** must carry **"Images retouchées"**; faces or silhouettes **produced by AI** must carry **"Images virtuelles"**. Since the 2024 ordonnance an equivalent wording is allowed here too.

Cropping or adjusting brightness changes neither face nor silhouette.`},
	{Title: "What you may no longer promote", Body: `**Article 4** bans or restricts promoting: cosmetic procedures (since 2024, those that may present health risks); products presented as equivalent or preferable to medical treatment; **nicotine products**; animals not on the authorised list; certain financial contracts; **crypto-asset services** unless the advertiser is a registered or licensed provider; subscriptions to sports prognostics.

**Gambling** may be promoted only on platforms that can exclude minors, with a notice that gambling is banned for them.`},
	{Title: "Contracts must be written", Body: `**Article 8** requires a **written contract** between creator, agent and advertiser, with mandatory terms. **Décret no. 2025-1137** sets the threshold at **€1,000 excluding VAT a year per advertiser** from **1 January 2026**; benefits in kind count.

**Law no. 2024-364 of 22 April 2024** (article 3) repealed several articles and authorised the 2024 ordonnance, which rewrote articles 1, 2, 4, 5, 8 and 9.`},
	{Title: "Compliant, could do better, non-compliant", Body: `The observatory of responsible influence sorts commercial posts into **conforme** (clear and immediate disclosure), **améliorable** (a mention exists but is not explicit or not immediate: "#sp", "#collab", a thank-you to the brand, a buried mention) and **non conforme** (not disclosed).

Published figures: 6 % non-compliant in 2023; all creators compliant 59 % in H1 2023 vs 71 % in H2 2023; in H1 2024, 85 % of certified creators compliant vs 77 % of others.`},
}

func tfEN(text string, right bool, whyTrue, whyFalse string) creatorclub.QuizQuestion {
	q := tf(text, right, whyTrue, whyFalse)
	q.Choices[0].Text, q.Choices[1].Text = "True", "False"
	return q
}

var lawQuizEN = &creatorclub.Quiz{PassingScore: 80, MaxAttempts: 3, Questions: []creatorclub.QuizQuestion{
	{Kind: creatorclub.QuestionSingle, Text: "Under article 1, who is a commercial influencer?", Choices: []creatorclub.QuizChoice{
		{Text: "Anyone who, for money or a benefit in kind, uses their audience to promote goods, services or a cause online", Correct: true, Explanation: "The article 1 definition."},
		{Text: "Only accounts with more than 100,000 followers", Explanation: "The law sets no follower threshold."},
		{Text: "Only people paid in money", Explanation: "A benefit in kind is enough."}}},
	{Kind: creatorclub.QuestionMultiple, Text: "Which wordings did article 5 provide in its 2023 version?", Choices: []creatorclub.QuizChoice{
		{Text: "\"Publicité\"", Correct: true}, {Text: "\"Collaboration commerciale\"", Correct: true},
		{Text: "\"#sp\"", Explanation: "Not explicit enough: \"améliorable\"."}, {Text: "\"Thanks to the brand\"", Explanation: "A thank-you does not say it is advertising."}}},
	tfEN("Since the ordonnance of 6 November 2024, only the exact word \"Publicité\" is lawful.", false,
		"No: an equivalent wording suited to the format is now lawful.", "Right: an equivalent wording suited to the format is lawful."),
	{Kind: creatorclub.QuestionSingle, Text: "Since 2024, when may the mention be left out?", Choices: []creatorclub.QuizChoice{
		{Text: "When the commercial intent is already obvious from the context", Correct: true},
		{Text: "When the brand is tagged", Explanation: "Tagging the brand does not disclose advertising."},
		{Text: "In stories shorter than 24 hours", Explanation: "Every format, for the whole content."}}},
	{Kind: creatorclub.QuestionSingle, Text: "A face slimmed by a filter in commercial content must carry:", Choices: []creatorclub.QuizChoice{
		{Text: "\"Images retouchées\"", Correct: true}, {Text: "\"Images virtuelles\"", Explanation: "That one is for AI-made faces or silhouettes."},
		{Text: "No mention", Explanation: "A retouched face must be disclosed."}}},
	{Kind: creatorclub.QuestionSingle, Text: "A silhouette generated by AI must carry:", Choices: []creatorclub.QuizChoice{
		{Text: "\"Images virtuelles\"", Correct: true}, {Text: "\"Images retouchées\"", Explanation: "That one is for retouched images."},
		{Text: "\"AI content\" in small print in the caption", Explanation: "The mention must be clear and identifiable."}}},
	{Kind: creatorclub.QuestionMultiple, Text: "Which promotions does article 4 ban or restrict?", Choices: []creatorclub.QuizChoice{
		{Text: "Nicotine products", Correct: true}, {Text: "A supplement presented as replacing medical treatment", Correct: true},
		{Text: "A crypto service from an unregistered, unlicensed provider", Correct: true}, {Text: "A clothing brand", Explanation: "Only the disclosure applies."}}},
	tfEN("You may promote a betting site on any platform as long as you add a warning.", false,
		"No: only on platforms that can exclude minors, with the notice.", "Right: the platform must exclude under-18s, and the notice is required."),
	{Kind: creatorclub.QuestionSingle, Text: "From 1 January 2026, above which amount is a written contract required?", Choices: []creatorclub.QuizChoice{
		{Text: "€1,000 excluding VAT a year per advertiser", Correct: true, Explanation: "Décret no. 2025-1137."},
		{Text: "€5,000 including VAT per contract"}, {Text: "From the first euro", Explanation: "The décret sets a yearly threshold per advertiser."}}},
	{Kind: creatorclub.QuestionSingle, Text: "A sponsored post shows only \"#collab\", at the end, among other hashtags. For the observatory it is:", Choices: []creatorclub.QuizChoice{
		{Text: "Améliorable (could do better)", Correct: true, Explanation: "A mention exists but is neither explicit nor immediate."},
		{Text: "Conforme (compliant)"}, {Text: "Non conforme (non-compliant)", Explanation: "That is when the intent is not disclosed at all."}}},
}}
