package notify

import (
	"fmt"
	"html/template"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// Course reminder kinds (the same names as the store's).
const (
	CourseDue7     = "due7"
	CourseDue1     = "due1"
	CourseOverdue  = "overdue"
	CourseExpiry30 = "expiry30"
	CourseExpired  = "expired"
)

// courseTexts are the course mails' texts: kept with the feature rather
// than in the shared catalogues. %[1]s is the course, %[2]s the date.
var courseTexts = map[string]map[string]string{
	"fr": {
		"due7_subject":     "Formation obligatoire à terminer avant le %[2]s : %[1]s",
		"due7_intro":       "Le module « %[1]s » est obligatoire pour les créateurs certifiés. Il reste une semaine : il est à terminer avant le %[2]s.",
		"due1_subject":     "Dernier jour : %[1]s",
		"due1_intro":       "Le module obligatoire « %[1]s » est à terminer avant le %[2]s, c'est-à-dire demain au plus tard.",
		"overdue_subject":  "Formation obligatoire en retard : %[1]s",
		"overdue_intro":    "Le module obligatoire « %[1]s » devait être terminé le %[2]s. Vous pouvez encore le suivre : vous serez de nouveau à jour dès l'attestation obtenue.",
		"expiry30_subject": "Votre attestation expire le %[2]s : %[1]s",
		"expiry30_intro":   "Votre attestation pour « %[1]s » expire le %[2]s. Suivez la mise à jour dès maintenant pour rester à jour.",
		"expired_subject":  "Attestation expirée : %[1]s",
		"expired_intro":    "Votre attestation pour « %[1]s » a expiré le %[2]s : vous n'êtes plus à jour. Suivez la mise à jour pour obtenir une nouvelle attestation.",
		"after":            "Les leçons se suivent à votre rythme et votre progression est enregistrée : vous reprendrez où vous vous êtes arrêté.",
		"button":           "Ouvrir le module",
	},
	"en": {
		"due7_subject":     "Mandatory course to complete by %[2]s: %[1]s",
		"due7_intro":       "The module “%[1]s” is mandatory for certified creators. One week left: please complete it by %[2]s.",
		"due1_subject":     "Last day: %[1]s",
		"due1_intro":       "The mandatory module “%[1]s” must be completed by %[2]s, that is by tomorrow at the latest.",
		"overdue_subject":  "Mandatory course overdue: %[1]s",
		"overdue_intro":    "The mandatory module “%[1]s” was due on %[2]s. You can still take it: you will be up to date again as soon as you get the certificate.",
		"expiry30_subject": "Your certificate expires on %[2]s: %[1]s",
		"expiry30_intro":   "Your certificate for “%[1]s” expires on %[2]s. Take the refresher now to stay up to date.",
		"expired_subject":  "Certificate expired: %[1]s",
		"expired_intro":    "Your certificate for “%[1]s” expired on %[2]s: you are no longer up to date. Take the refresher to get a new certificate.",
		"after":            "Lessons go at your own pace and your progress is saved: you will pick up where you left off.",
		"button":           "Open the module",
	},
}

// CourseReminder reminds a member of a mandatory course or of a
// certificate's expiry; kind is one of the Course* kinds and at the due
// date or the expiry. titleLang is the language the course is written in:
// where it differs from the member's, the HTML part marks the title with it
// (WCAG 2.1 SC 3.1.2); the subject and the text part cannot carry it.
func (c *Composer) CourseReminder(u *creatorclub.User, courseID int64, title, titleLang, kind string, at time.Time) (mail.Message, error) {
	l := lang(u)
	tx := courseTexts[l]
	subject, ok := tx[kind+"_subject"]
	if !ok {
		return mail.Message{}, fmt.Errorf("notify: unknown course reminder %q", kind)
	}
	when := FormatDate(l, at.In(parisOr(u.Zone())))
	intro := tx[kind+"_intro"]
	// The HTML paragraph is the same sentence, escaped, with the title in
	// its own element: the format's verbs are only %[1]s and %[2]s, which
	// escaping leaves alone.
	introHTML := template.HTML(fmt.Sprintf(template.HTMLEscapeString(intro), langText(l, titleLang, title), template.HTMLEscapeString(when)))
	return c.compose(u, fmt.Sprintf(subject, title, when), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{fmt.Sprintf(intro, title, when)}, BeforeHTML: []template.HTML{introHTML},
		Button: tx["button"], Link: fmt.Sprintf("%s/formations/%d", c.BaseURL, courseID), After: []string{tx["after"]}})
}

// langText returns text escaped for HTML, in a <span> marked with
// textLang when that is one of the club's languages and differs from
// mailLang, the language of the mail around it; the attribute only ever
// holds a club's language code, never untrusted text.
func langText(mailLang, textLang, text string) template.HTML {
	escaped := template.HTMLEscapeString(text)
	if textLang == mailLang || !creatorclub.IsLanguage(textLang) {
		return template.HTML(escaped)
	}
	return template.HTML(`<span lang="` + textLang + `">` + escaped + `</span>`)
}

func parisOr(zone string) *time.Location {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc, _ = time.LoadLocation(creatorclub.DefaultTimeZone)
	}
	return loc
}
