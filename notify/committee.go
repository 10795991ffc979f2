package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// committeeText holds the committee's and the certification reminders'
// mail texts, French first; {{.Name}} fields are filled by ct.
var committeeText = map[string]map[string]string{
	"fr": {
		"decision_subject_accepted":   "Comité de suivi : votre candidature est retenue",
		"decision_subject_waitlisted": "Comité de suivi : vous êtes sur liste d'attente",
		"decision_subject_declined":   "Comité de suivi : réponse à votre candidature",
		"decision_accepted":           "Votre candidature à « {{.Call}} » est retenue : vous siégez au comité de suivi du {{.Start}} au {{.End}}.",
		"decision_waitlisted":         "Votre candidature à « {{.Call}} » est sur liste d'attente (rang {{.Position}}). Si un siège se libère, il vous est attribué et vous recevez un message.",
		"decision_declined":           "Votre candidature à « {{.Call}} » n'a pas été retenue cette fois. Merci de votre engagement.",
		"decision_message":            "Message de l'équipe : {{.Message}}",
		"promoted_subject":            "Comité de suivi : un siège s'est libéré pour vous",
		"promoted_intro":              "Un siège du comité de suivi s'est libéré : il vous est attribué, du {{.Start}} au {{.End}}.",
		"space_button":                "Ouvrir l'espace du comité",
		"call_button":                 "Voir ma candidature",
		"document_subject":            "Comité de suivi : nouveau document « {{.Title}} »",
		"document_intro":              "{{.Author}} a déposé « {{.Title}} » dans l'espace du comité.",
		"version_subject":             "Comité de suivi : nouvelle version de « {{.Title}} »",
		"version_intro":               "{{.Author}} a déposé la version {{.Number}} de « {{.Title}} ».",
		"reply_subject":               "Comité de suivi : nouveau message sur « {{.Title}} »",
		"reply_intro":                 "{{.Author}} a écrit dans la discussion « {{.Title}} » :",
		"open_button":                 "Lire dans l'espace du comité",
		"committee_optout":            "Vous recevez ce message parce que vous siégez au comité de suivi. Vous pouvez ne plus recevoir ces e-mails dans l'espace du comité (préférences).",
		"cert_subject":                "Votre certification expire dans {{.Days}} jours",
		"cert_intro":                  "Votre certification n° {{.Number}} expire le {{.Date}}, dans {{.Days}} jours. Sans renouvellement, votre accès au club s'arrêtera ce jour-là.",
		"cert_procedure":              "Pour la renouveler :",
		"cert_no_procedure":           "Contactez {{.Org}} pour la renouveler.",
		"cert_button":                 "Voir mon espace",
	},
	"en": {
		"decision_subject_accepted":   "Monitoring committee: your application is accepted",
		"decision_subject_waitlisted": "Monitoring committee: you are on the waiting list",
		"decision_subject_declined":   "Monitoring committee: about your application",
		"decision_accepted":           "Your application to “{{.Call}}” is accepted: you sit on the monitoring committee from {{.Start}} to {{.End}}.",
		"decision_waitlisted":         "Your application to “{{.Call}}” is on the waiting list (position {{.Position}}). If a seat frees, it is yours and you will get a message.",
		"decision_declined":           "Your application to “{{.Call}}” was not selected this time. Thank you for your commitment.",
		"decision_message":            "Message from the team: {{.Message}}",
		"promoted_subject":            "Monitoring committee: a seat is now yours",
		"promoted_intro":              "A seat on the monitoring committee has freed: it is yours, from {{.Start}} to {{.End}}.",
		"space_button":                "Open the committee space",
		"call_button":                 "See my application",
		"document_subject":            "Monitoring committee: new document “{{.Title}}”",
		"document_intro":              "{{.Author}} uploaded “{{.Title}}” to the committee space.",
		"version_subject":             "Monitoring committee: new version of “{{.Title}}”",
		"version_intro":               "{{.Author}} uploaded version {{.Number}} of “{{.Title}}”.",
		"reply_subject":               "Monitoring committee: new message on “{{.Title}}”",
		"reply_intro":                 "{{.Author}} wrote in the discussion “{{.Title}}”:",
		"open_button":                 "Read in the committee space",
		"committee_optout":            "You receive this message because you sit on the monitoring committee. You can stop these emails in the committee space (preferences).",
		"cert_subject":                "Your certification expires in {{.Days}} days",
		"cert_intro":                  "Your certification no. {{.Number}} expires on {{.Date}}, in {{.Days}} days. Without renewal, your access to the club ends that day.",
		"cert_procedure":              "To renew it:",
		"cert_no_procedure":           "Contact {{.Org}} to renew it.",
		"cert_button":                 "See my space",
	},
}

// ct translates a committee text id into lang with pairs of arguments.
func (c *Composer) ct(lang, id string, args ...any) string {
	s, ok := committeeText[lang][id]
	if !ok {
		s = committeeText["fr"][id]
	}
	pairs := []string{"{{.Club}}", c.Club, "{{.Org}}", c.Org}
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{{."+fmt.Sprint(args[i])+"}}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// CommitteeDecision tells an applicant the decision on their application,
// with the staff's message; term is set when they got a seat.
func (c *Composer) CommitteeDecision(u *creatorclub.User, call *creatorclub.CommitteeCall, a *creatorclub.CommitteeApplication, term *creatorclub.CommitteeTerm) (mail.Message, error) {
	l := lang(u)
	b := body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name())}
	switch a.Status {
	case creatorclub.ApplicationAccepted:
		b.Before = []string{c.ct(l, "decision_accepted", "Call", call.Title, "Start", FormatDate(l, term.StartsOn), "End", FormatDate(l, term.EndsOn))}
		b.Button, b.Link = c.ct(l, "space_button"), c.BaseURL+"/comite/espace"
	case creatorclub.ApplicationWaitlisted:
		b.Before = []string{c.ct(l, "decision_waitlisted", "Call", call.Title, "Position", a.WaitlistPosition)}
		b.Button, b.Link = c.ct(l, "call_button"), fmt.Sprintf("%s/comite/appels/%d", c.BaseURL, call.ID)
	default:
		b.Before = []string{c.ct(l, "decision_declined", "Call", call.Title)}
	}
	if a.DecisionMessage != "" {
		b.Before = append(b.Before, c.ct(l, "decision_message", "Message", a.DecisionMessage))
	}
	return c.compose(u, c.ct(l, "decision_subject_"+a.Status), b)
}

// CommitteePromoted tells a member on the waiting list that a seat is theirs.
func (c *Composer) CommitteePromoted(u *creatorclub.User, term *creatorclub.CommitteeTerm) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.ct(l, "promoted_subject"), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.ct(l, "promoted_intro", "Start", FormatDate(l, term.StartsOn), "End", FormatDate(l, term.EndsOn))},
		Button: c.ct(l, "space_button"), Link: c.BaseURL + "/comite/espace"})
}

// CommitteeDocument tells a committee member about a new document or a new
// version (v.Number > 1) uploaded by author.
func (c *Composer) CommitteeDocument(u *creatorclub.User, d *creatorclub.CommitteeDocument, v *creatorclub.DocumentVersion, author string) (mail.Message, error) {
	l := lang(u)
	subject, intro := c.ct(l, "document_subject", "Title", d.Title), c.ct(l, "document_intro", "Author", author, "Title", d.Title)
	if v.Number > 1 {
		subject, intro = c.ct(l, "version_subject", "Title", d.Title), c.ct(l, "version_intro", "Author", author, "Number", v.Number, "Title", d.Title)
	}
	before := []string{intro}
	if v.Note != "" {
		before = append(before, "« "+v.Note+" »")
	}
	return c.compose(u, subject, body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()), Before: before,
		Button: c.ct(l, "open_button"), Link: fmt.Sprintf("%s/comite/documents/%d", c.BaseURL, d.ID), After: []string{c.ct(l, "committee_optout")}})
}

// CommitteeReply tells a committee member about a new message in the
// thread titled title, at the local path link.
func (c *Composer) CommitteeReply(u *creatorclub.User, title, link string, p *creatorclub.CommitteePost) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, c.ct(l, "reply_subject", "Title", title), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{c.ct(l, "reply_intro", "Author", p.AuthorName, "Title", title), p.Body},
		Button: c.ct(l, "open_button"), Link: c.BaseURL + link, After: []string{c.ct(l, "committee_optout")}})
}

// CertExpiry reminds a member that their certification expires soon, with
// the organisation's renewal procedure (plain text or Markdown source).
func (c *Composer) CertExpiry(u *creatorclub.User, now time.Time, procedure string) (mail.Message, error) {
	l := lang(u)
	y, m, d := now.UTC().Date()
	days := int(u.Cert.ExpiresOn.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	before := []string{c.ct(l, "cert_intro", "Number", u.Cert.Number, "Date", FormatDate(l, u.Cert.ExpiresOn), "Days", days)}
	if strings.TrimSpace(procedure) != "" {
		before = append(before, c.ct(l, "cert_procedure"), strings.TrimSpace(procedure))
	} else {
		before = append(before, c.ct(l, "cert_no_procedure"))
	}
	return c.compose(u, c.ct(l, "cert_subject", "Days", days), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: before, Button: c.ct(l, "cert_button"), Link: c.BaseURL + "/accueil"})
}
