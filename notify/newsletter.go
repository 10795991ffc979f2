package notify

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// Newsletter builds one member's copy of a campaign: the HTML part from the
// rendered (sanitised) Markdown inside the club's layout, the text part from
// the Markdown source. A newsletter carries the member's one-click
// unsubscribe link (RFC 8058) and a List-Id; a service notice carries
// neither, since nobody may leave it. No tracking pixel, no link rewriting.
func (c *Composer) Newsletter(u *creatorclub.User, camp *creatorclub.Campaign, html template.HTML, unsubscribe, archive string) (mail.Message, error) {
	l := lang(u)
	notice := camp.Kind == creatorclub.CampaignNotice
	d := map[string]any{"Lang": l, "Subject": camp.Subject, "Body": html, "Club": c.Club, "Org": c.Org, "Archive": archive,
		"Unsubscribe": unsubscribe, "Notice": notice,
		"Footer": c.T(l, "footer"), "ArchiveLabel": c.T(l, "newsletter_archive"), "UnsubscribeLabel": c.T(l, "newsletter_unsubscribe"),
		"NoticeLabel": c.T(l, "notice_label")}
	var buf bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&buf, "newsletter.html", d); err != nil {
		return mail.Message{}, fmt.Errorf("notify: render newsletter: %w", err)
	}
	text := camp.Body + "\n\n-- \n" + c.T(l, "footer") + "\n" + c.T(l, "newsletter_archive") + " : " + archive + "\n"
	if notice {
		text = c.T(l, "notice_label") + "\n\n" + text
	} else {
		text += c.T(l, "newsletter_unsubscribe") + " : " + unsubscribe + "\n"
	}
	m := mail.Message{To: u.Email, ToName: u.Name(), Subject: camp.Subject, Text: text, HTML: buf.String()}
	if !notice {
		m.Headers = map[string]string{
			"List-Unsubscribe":      "<" + unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"List-Id":               c.T(l, "newsletter_list_name") + " <newsletter." + listHost(c.BaseURL) + ">",
		}
	}
	return m, nil
}
