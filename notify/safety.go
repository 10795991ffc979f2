package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// The safety desk's mail. None of it ever carries the content of a message
// of a case, nor who reported whom: a mail can be read over a shoulder or
// forwarded, the thread is behind sign-in.

var safetyText = map[string]map[string]string{
	"fr": {
		"received_subject":        "Votre demande n° %d est bien reçue",
		"received_intro":          "Nous avons bien reçu votre demande n° %d. L'équipe sécurité du club la lit et vous répond dans votre espace.",
		"received_urgent":         "En cas de danger immédiat, appelez le 112. Le 3018 (cyberharcèlement) et le 3114 (prévention du suicide) sont gratuits.",
		"button_case":             "Suivre ma demande",
		"reply_subject":           "Nouveau message sur votre demande n° %d",
		"reply_intro":             "L'équipe sécurité vous a écrit au sujet de votre demande n° %d. Pour votre confidentialité, le message n'est lisible qu'une fois connecté.",
		"officer_subject":         "Nouveau dossier n° %d (%s)",
		"officer_urgent":          "URGENT – nouveau dossier n° %d (%s)",
		"officer_intro":           "Un nouveau dossier attend dans la file de l'équipe sécurité.",
		"button_queue":            "Ouvrir le dossier",
		"statement_subject":       "Décision vous concernant : exposé des motifs",
		"statement_intro":         "L'équipe sécurité du club a pris une décision vous concernant. Voici l'exposé de ses motifs.",
		"statement_what":          "Décision : %s.",
		"statement_content":       "Contenu concerné : « %s »",
		"statement_until":         "Jusqu'au : %s.",
		"statement_facts":         "Faits et circonstances : %s",
		"statement_ground":        "Fondement : %s.",
		"statement_automated":     "Aucun moyen automatisé n'a été utilisé pour détecter ni pour décider : la décision a été prise par une personne de l'équipe sécurité.",
		"statement_appeal":        "Vous pouvez contester cette décision depuis votre compte jusqu'au %s. Votre recours sera examiné par une autre personne que celle qui a décidé. Vous pouvez aussi saisir un organisme de règlement extrajudiciaire des litiges ou le juge.",
		"button_statement":        "Voir la décision et la contester",
		"appeal_subject":          "Votre recours : décision réexaminée",
		"appeal_received_subject": "Recours n° %d à examiner",
		"appeal_received_intro":   "Un membre conteste une décision de l'équipe sécurité. Vous n'avez pas pris cette décision : vous pouvez examiner le recours.",
		"appeal_reversed":         "Après réexamen par une autre personne de l'équipe sécurité, la décision est annulée. Ce qui avait été retiré est rétabli.",
		"appeal_upheld":           "Après réexamen par une autre personne de l'équipe sécurité, la décision est maintenue.",
		"appeal_outcome":          "Motifs : %s",
		"misuse_subject":          "Vos signalements",
		"misuse_warning":          "Plusieurs de vos signalements récents étaient manifestement infondés. Si cela se reproduit, la possibilité de signaler pourra être suspendue pour une période. Vous pouvez toujours demander de l'aide.",
		"misuse_suspended":        "Plusieurs de vos signalements étaient manifestement infondés malgré un avertissement. La possibilité de signaler est suspendue jusqu'au %s. Vous pouvez toujours demander de l'aide en cas de détresse ou de problème technique.",
		"action_remove_content":   "retrait du contenu",
		"action_warn":             "avertissement",
		"action_suspend":          "suspension de l'accès au club",
		"action_withdraw":         "retrait de l'accès lié à la certification",
		"action_ban":              "exclusion du club",
		"action_restore":          "rétablissement",
	},
	"en": {
		"received_subject":        "Your request no. %d has been received",
		"received_intro":          "We have received your request no. %d. The club's safety team reads it and answers you in your account.",
		"received_urgent":         "If you are in immediate danger, call 112. 3018 (online harassment) and 3114 (suicide prevention) are free.",
		"button_case":             "Follow my request",
		"reply_subject":           "New message on your request no. %d",
		"reply_intro":             "The safety team wrote to you about your request no. %d. To keep it confidential, the message can only be read once signed in.",
		"officer_subject":         "New case no. %d (%s)",
		"officer_urgent":          "URGENT – new case no. %d (%s)",
		"officer_intro":           "A new case is waiting in the safety team's queue.",
		"button_queue":            "Open the case",
		"statement_subject":       "A decision concerning you: statement of reasons",
		"statement_intro":         "The club's safety team took a decision concerning you. Here is the statement of its reasons.",
		"statement_what":          "Decision: %s.",
		"statement_content":       "Content concerned: “%s”",
		"statement_until":         "Until: %s.",
		"statement_facts":         "Facts and circumstances: %s",
		"statement_ground":        "Ground: %s.",
		"statement_automated":     "No automated means were used to detect or to decide: a person of the safety team took the decision.",
		"statement_appeal":        "You can contest this decision from your account until %s. A person other than the one who decided will review your appeal. You may also turn to an out-of-court dispute settlement body or the courts.",
		"button_statement":        "See the decision and contest it",
		"appeal_subject":          "Your appeal: the decision was reviewed",
		"appeal_received_subject": "Appeal no. %d to review",
		"appeal_received_intro":   "A member contests a decision of the safety team. You did not take that decision: you may review the appeal.",
		"appeal_reversed":         "After review by another person of the safety team, the decision is reversed. What had been removed is restored.",
		"appeal_upheld":           "After review by another person of the safety team, the decision stands.",
		"appeal_outcome":          "Reasons: %s",
		"misuse_subject":          "Your reports",
		"misuse_warning":          "Several of your recent reports were manifestly unfounded. If this happens again, reporting may be suspended for a period. You can always ask for help.",
		"misuse_suspended":        "Several of your reports were manifestly unfounded despite a warning. Reporting is suspended until %s. You can still ask for help in distress or for a technical problem.",
		"action_remove_content":   "removal of the content",
		"action_warn":             "warning",
		"action_suspend":          "suspension of access to the club",
		"action_withdraw":         "withdrawal of certification-based access",
		"action_ban":              "ban from the club",
		"action_restore":          "restoration",
	},
}

// GroundLabels names each ground of creatorclub.Grounds, by language.
var GroundLabels = map[string]map[string]string{
	"fr": {
		"charter_respect":       "Charte du club, art. 2 (respect des autres membres)",
		"charter_no_threats":    "Charte du club, art. 3 (ni menace ni pression entre créateurs)",
		"charter_confidential":  "Charte du club, art. 4 (confidentialité des échanges)",
		"charter_certification": "Charte du club, art. 6 (usage loyal de la certification)",
		"law_harassment":        "Code pénal, art. 222-33-2-2 (harcèlement, y compris en ligne)",
		"law_threats":           "Code pénal, art. 222-17 et 222-18 (menaces)",
		"law_influence":         "Loi n° 2023-451 du 9 juin 2023 (influence commerciale)",
		"law_illicit":           "Contenu illicite (règlement (UE) 2022/2065, art. 3 h)",
	},
	"en": {
		"charter_respect":       "Club charter, art. 2 (respect for other members)",
		"charter_no_threats":    "Club charter, art. 3 (no threats or pressure between creators)",
		"charter_confidential":  "Club charter, art. 4 (confidentiality of exchanges)",
		"charter_certification": "Club charter, art. 6 (fair use of the certification)",
		"law_harassment":        "French Criminal Code, art. 222-33-2-2 (harassment, including online)",
		"law_threats":           "French Criminal Code, arts. 222-17 and 222-18 (threats)",
		"law_influence":         "Law no. 2023-451 of 9 June 2023 (commercial influence)",
		"law_illicit":           "Illegal content (Regulation (EU) 2022/2065, art. 3(h))",
	},
}

func st(l, id string, args ...any) string {
	s := safetyText[l][id]
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// ActionLabel names a decision's action in lang.
func ActionLabel(lang string, a creatorclub.Action) string {
	if lang != "en" {
		lang = "fr"
	}
	return st(lang, "action_"+string(a))
}

// GroundLabel names a ground in lang.
func GroundLabel(lang, g string) string {
	if lang != "en" {
		lang = "fr"
	}
	if s, ok := GroundLabels[lang][g]; ok {
		return s
	}
	return g
}

func (c *Composer) caseLink(id int64) string {
	return fmt.Sprintf("%s/aide/demandes/%d", c.BaseURL, id)
}

// CaseReceived acknowledges a member's request, with the urgent numbers.
func (c *Composer) CaseReceived(u *creatorclub.User, cs *creatorclub.Case) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, st(l, "received_subject", cs.ID), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{st(l, "received_intro", cs.ID)}, Button: st(l, "button_case"), Link: c.caseLink(cs.ID),
		After: []string{st(l, "received_urgent")}})
}

// CaseReply tells the reporter the safety team wrote, without the message.
func (c *Composer) CaseReply(u *creatorclub.User, cs *creatorclub.Case) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, st(l, "reply_subject", cs.ID), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{st(l, "reply_intro", cs.ID)}, Button: st(l, "button_case"), Link: c.caseLink(cs.ID)})
}

// NewCaseForOfficer alerts a safety officer of a new case: its number and
// category only.
func (c *Composer) NewCaseForOfficer(u *creatorclub.User, cs *creatorclub.Case, category string) (mail.Message, error) {
	l := lang(u)
	subject := st(l, "officer_subject", cs.ID, category)
	if cs.Urgent {
		subject = st(l, "officer_urgent", cs.ID, category)
	}
	return c.compose(u, subject, body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{st(l, "officer_intro")}, Button: st(l, "button_queue"), Link: fmt.Sprintf("%s/securite/dossiers/%d", c.BaseURL, cs.ID)})
}

// Statement is the statement of reasons (DSA art. 17) sent to the member a
// decision concerns: what was decided and on which content, the facts and
// circumstances, the ground, that no automated means were used, and how to
// appeal and until when. It names nobody who reported.
func (c *Composer) Statement(u *creatorclub.User, d *creatorclub.Decision) (mail.Message, error) {
	l := lang(u)
	before := []string{st(l, "statement_intro"), st(l, "statement_what", ActionLabel(l, d.Action))}
	if d.Content != "" {
		before = append(before, st(l, "statement_content", d.Content))
	}
	if d.Until != nil {
		before = append(before, st(l, "statement_until", FormatDateTime(l, *d.Until, u.Zone())))
	}
	if d.Facts != "" {
		before = append(before, st(l, "statement_facts", d.Facts))
	}
	if d.Ground != "" {
		before = append(before, st(l, "statement_ground", GroundLabel(l, d.Ground)))
	}
	before = append(before, st(l, "statement_automated"))
	var after []string
	if d.Action != creatorclub.ActionRestore {
		after = append(after, st(l, "statement_appeal", FormatDate(l, d.AppealDeadline())))
	}
	return c.compose(u, st(l, "statement_subject"), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: before, Button: st(l, "button_statement"), Link: fmt.Sprintf("%s/aide/decisions/%d", c.BaseURL, d.ID), After: after})
}

// AppealReceived tells a safety officer who did not take the decision that
// an appeal waits for review.
func (c *Composer) AppealReceived(u *creatorclub.User, a *creatorclub.Appeal) (mail.Message, error) {
	l := lang(u)
	return c.compose(u, st(l, "appeal_received_subject", a.ID), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{st(l, "appeal_received_intro")}, Button: st(l, "button_queue"), Link: c.BaseURL + "/securite/recours"})
}

// AppealDecided tells the member the outcome of their appeal.
func (c *Composer) AppealDecided(u *creatorclub.User, d *creatorclub.Decision, a *creatorclub.Appeal) (mail.Message, error) {
	l := lang(u)
	first := st(l, "appeal_upheld")
	if a.Status == creatorclub.AppealReversed {
		first = st(l, "appeal_reversed")
	}
	return c.compose(u, st(l, "appeal_subject"), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()),
		Before: []string{first, st(l, "appeal_outcome", strings.TrimSpace(a.Outcome))}, Button: st(l, "button_statement"),
		Link: fmt.Sprintf("%s/aide/decisions/%d", c.BaseURL, d.ID)})
}

// Misuse warns a member whose notices were manifestly unfounded, or tells
// them their reporting is suspended until a date (DSA art. 23).
func (c *Composer) Misuse(u *creatorclub.User, outcome string, until *time.Time) (mail.Message, error) {
	l := lang(u)
	text := st(l, "misuse_warning")
	if outcome == creatorclub.MisuseSuspended && until != nil {
		text = st(l, "misuse_suspended", FormatDate(l, *until))
	}
	return c.compose(u, st(l, "misuse_subject"), body{Lang: l, Greeting: c.T(l, "hello", "Name", u.Name()), Before: []string{text}})
}
