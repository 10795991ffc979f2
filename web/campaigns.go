package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/mail"
)

// ComposeCampaign renders one member's copy of a campaign; the campaign
// sender calls it for every recipient.
func (s *Server) ComposeCampaign(_ context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
	unsub, err := s.unsubscribeURL(context.Background(), u.ID, creatorclub.ListNewsletter)
	if err != nil {
		return mail.Message{}, err
	}
	m, err := s.notify.Newsletter(u, c, s.markdown.Render(c.Body), unsub, fmt.Sprintf("%s/lettres/%d", s.Config.BaseURL, c.ID))
	if err == nil && strings.Contains(s.Config.OrganizerEmail, "@") {
		m.ReplyTo = s.Config.OrganizerEmail
	}
	return m, err
}

// messageHost is the domain of the club's Message-IDs: the sender
// address's domain, as the scheduled sends use (app.Run), so that every
// copy of a campaign carries the same kind of id.
func (s *Server) messageHost() string {
	return MessageHost(s.Config.OrganizerEmail)
}

// MessageHost returns the domain of an address for Message-IDs, or
// "localhost.invalid" when it has none usable.
func MessageHost(address string) string {
	if _, h, ok := strings.Cut(address, "@"); ok && strings.Contains(h, ".") && !strings.ContainsAny(h, "[]:/ ") {
		return strings.ToLower(h)
	}
	return "localhost.invalid"
}

func (s *Server) campaignFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.Campaign {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	c, err := s.DB.FindCampaign(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return c
}

func (s *Server) handleManageCampaigns(w http.ResponseWriter, r *http.Request) {
	cs, err := s.DB.ListCampaigns(r.Context(), nil, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaigns", "campaigns_title", map[string]any{"Campaigns": cs})
}

// campaignForm reads the editor into c.
func campaignForm(r *http.Request, c *creatorclub.Campaign) {
	c.Kind = r.FormValue("kind")
	c.Subject = r.FormValue("subject")
	c.Body = strings.ReplaceAll(r.FormValue("body"), "\r\n", "\n")
	c.Audience = creatorclub.CampaignAudience{Kind: r.FormValue("audience")}
	switch c.Audience.Kind {
	case creatorclub.AudienceEvent:
		c.Audience.EventID, _ = strconv.ParseInt(r.FormValue("event_id"), 10, 64)
	case creatorclub.AudiencePlatform:
		c.Audience.Platform = r.FormValue("platform")
	}
}

func (s *Server) renderCampaign(w http.ResponseWriter, r *http.Request, status int, c *creatorclub.Campaign, errMsg string) {
	events, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: s.DB.Now().AddDate(0, -3, 0), Limit: 100,
		Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventDone}})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := map[string]any{"Campaign": c, "Events": events, "Error": errMsg, "Preview": s.markdown.Render(c.Body)}
	if c.ID != 0 {
		if n, err := s.DB.CountAudience(r.Context(), c); err == nil {
			d["Audience"] = n
		} else {
			d["AudienceError"] = s.message(r, creatorclub.ErrorMessage(err))
		}
		if c.Status != creatorclub.CampaignDraft && c.Status != creatorclub.CampaignScheduled {
			p, err := s.DB.CampaignProgress(r.Context(), c.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			d["Progress"] = p
		}
	}
	title := "campaign_new_title"
	if c.ID != 0 {
		title = "campaign_edit_title"
	}
	s.render(w, r, status, "campaign", title, d)
}

func (s *Server) handleNewCampaign(w http.ResponseWriter, r *http.Request) {
	c := &creatorclub.Campaign{Kind: creatorclub.CampaignNewsletter, Status: creatorclub.CampaignDraft,
		Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}}
	s.renderCampaign(w, r, http.StatusOK, c, "")
}

// handleSaveCampaign creates or updates a draft.
func (s *Server) handleSaveCampaign(w http.ResponseWriter, r *http.Request) {
	c := &creatorclub.Campaign{CreatedBy: userFrom(r.Context()).ID, Status: creatorclub.CampaignDraft}
	if r.PathValue("id") != "" {
		if c = s.campaignFromPath(w, r); c == nil {
			return
		}
	}
	campaignForm(r, c)
	var err error
	if c.ID == 0 {
		err = s.DB.CreateCampaign(r.Context(), c)
	} else {
		err = s.DB.UpdateCampaign(r.Context(), c)
	}
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderCampaign(w, r, http.StatusBadRequest, c, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	s.flash(r, "campaign_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

func (s *Server) handleEditCampaign(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	s.renderCampaign(w, r, http.StatusOK, c, "")
}

// handleInsertLegal appends the latest published legal-watch items to the body.
func (s *Server) handleInsertLegal(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	items, _, err := s.DB.ListLegalItems(r.Context(), creatorclub.LegalFilter{Statuses: []string{creatorclub.LegalPublished}, Limit: 5})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var b strings.Builder
	b.WriteString("\n\n## " + s.t(r, "legal_title") + "\n\n")
	for _, it := range items {
		fmt.Fprintf(&b, "- [%s](%s/veille/%d) — %s\n", strings.ReplaceAll(it.Title, "]", ")"), s.Config.BaseURL, it.ID, formatDate(localeFrom(r.Context()), it.PublishedOn))
	}
	c.Body += b.String()
	if err := s.DB.UpdateCampaign(r.Context(), c); err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

// handleTestCampaign sends the campaign to the moderator themself.
func (s *Server) handleTestCampaign(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	msg, err := s.ComposeCampaign(r.Context(), c, userFrom(r.Context()))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg.Subject = "[TEST] " + msg.Subject
	if err := s.Mailer.EnqueueMail(r.Context(), nil, msg); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "campaign_test_sent")
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

// handleSendCampaign starts sending now: the recipients are written, one
// delivery record each, and the sending job is queued in the same transaction.
func (s *Server) handleSendCampaign(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	n, err := s.DB.StartCampaign(r.Context(), c.ID, s.messageHost())
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderCampaign(w, r, http.StatusBadRequest, c, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.DB.WithTx(r.Context(), func(tx *sql.Tx) error { return s.Mailer.EnqueueCampaign(r.Context(), tx, c.ID) }); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "campaign.send", "campaign", c.ID, fmt.Sprintf("kind=%s recipients=%d", c.Kind, n)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "campaign_sending")
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

func (s *Server) handleScheduleCampaign(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	at, err := parseDateTimeInput(r.FormValue("at"), Paris)
	if err != nil {
		s.renderCampaign(w, r, http.StatusBadRequest, c, s.t(r, "campaign_schedule_invalid"))
		return
	}
	if err := s.DB.ScheduleCampaign(r.Context(), c.ID, at); creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.renderCampaign(w, r, http.StatusBadRequest, c, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "campaign.schedule", "campaign", c.ID, at.UTC().Format(time.RFC3339)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "campaign_scheduled")
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

// handleCampaignControl pauses, resumes or cancels a campaign.
func (s *Server) handleCampaignControl(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	var err error
	action := r.PathValue("action")
	switch action {
	case "pause":
		err = s.DB.PauseCampaign(r.Context(), c.ID)
	case "reprendre":
		if err = s.DB.ResumeCampaign(r.Context(), c.ID); err == nil {
			err = s.DB.WithTx(r.Context(), func(tx *sql.Tx) error { return s.Mailer.EnqueueCampaign(r.Context(), tx, c.ID) })
		}
	case "annuler":
		err = s.DB.CancelCampaign(r.Context(), c.ID)
	default:
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "campaign."+action, "campaign", c.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/gestion/lettres/%d", c.ID), http.StatusSeeOther)
}

// handleCampaignProgress answers the editor's live progress display.
func (s *Server) handleCampaignProgress(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	p, err := s.DB.CampaignProgress(r.Context(), c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"status": c.Status, "total": p.Total, "sent": p.Sent, "failed": p.Failed,
		"pending": p.Pending, "rate": p.RatePerSecond, "eta_seconds": int(p.ETA.Seconds())})
}

// handleDeliveries lists who got a campaign: for a service notice, the
// proof that it went out.
func (s *Server) handleDeliveries(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	page := pageParam(r)
	ds, err := s.DB.ListDeliveries(r.Context(), c.ID, 200, (page-1)*200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "campaign.deliveries_view", "campaign", c.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "deliveries", "deliveries_title", map[string]any{"Campaign": c, "Deliveries": ds, "Page": page})
}

// handleArchive lists the newsletters and notices sent.
func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) {
	cs, err := s.DB.ListCampaigns(r.Context(), []string{creatorclub.CampaignSent, creatorclub.CampaignSending}, 100)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "archive", "archive_title", map[string]any{"Campaigns": cs})
}

func (s *Server) handleArchived(w http.ResponseWriter, r *http.Request) {
	c := s.campaignFromPath(w, r)
	if c == nil {
		return
	}
	if c.Status != creatorclub.CampaignSent && c.Status != creatorclub.CampaignSending {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	s.render(w, r, http.StatusOK, "archived", "archive_title", map[string]any{"Campaign": c, "Body": s.markdown.Render(c.Body)})
}
