package web

import (
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"github.com/creatorclub/creatorclub"
)

// localPath keeps a redirect destination only if it is a path on this site,
// so that no form can be turned into an open redirect.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return ""
	}
	return next
}

// safeNext is localPath for the page to show after signing in, which must not
// lead back into the sign-in pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/connexion") {
		return ""
	}
	return localPath(next)
}

func (s *Server) handleSignInForm(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, "/accueil", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", "signin_title", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// handleSignInRequest sends a sign-in link. The answer is the same whether or
// not the address belongs to an account that may sign in, so the form cannot
// be used to learn who is a member.
func (s *Server) handleSignInRequest(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw := strings.TrimSpace(r.FormValue("email"))
	next := safeNext(r.FormValue("next"))
	addr, err := mail.ParseAddress(raw)
	if err != nil || addr.Name != "" || len(raw) > 254 {
		s.metrics.signIns.WithLabelValues("invalid").Inc()
		s.render(w, r, http.StatusBadRequest, "signin", "signin_title", map[string]any{"Next": next, "Email": raw, "Error": s.t(r, "signin_email_invalid")})
		return
	}
	email := creatorclub.NormalizeEmail(addr.Address)
	if !s.limiter.Allow(email, s.clientIP(r)) {
		s.metrics.signIns.WithLabelValues("rate_limited").Inc()
		s.render(w, r, http.StatusTooManyRequests, "signin", "signin_title", map[string]any{"Next": next, "Email": raw, "Error": s.t(r, "signin_rate_limited")})
		return
	}
	u, err := s.DB.FindUserByEmail(ctx, email)
	switch {
	case creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND:
		s.metrics.signIns.WithLabelValues("unknown").Inc()
	case err != nil:
		s.serverError(w, r, err)
		return
	case !u.CanSignIn(s.DB.Now()):
		s.metrics.signIns.WithLabelValues("not_allowed").Inc()
	default:
		if err := s.sendSignInLink(r, u, next); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.metrics.signIns.WithLabelValues("link_sent").Inc()
	}
	s.render(w, r, http.StatusOK, "signin_sent", "signin_sent_title", map[string]any{"Email": email})
}

func (s *Server) sendSignInLink(r *http.Request, u *creatorclub.User, next string) error {
	ctx := r.Context()
	token, err := s.DB.CreateSignInToken(ctx, u.ID)
	if err != nil {
		return err
	}
	q := url.Values{"token": {token}}
	if next != "" {
		q.Set("next", next)
	}
	link := s.Config.BaseURL + "/connexion/lien?" + q.Encode()
	msg, err := s.notify.SignIn(u, link, int(creatorclub.SignInTokenTTL.Minutes()))
	if err != nil {
		return err
	}
	if err := s.Mailer.EnqueueMail(ctx, nil, msg); err != nil {
		return fmt.Errorf("web: queue sign-in mail: %w", err)
	}
	if s.Config.LogSignInLinks {
		s.Logger.Info("sign-in link (no SMTP server configured)", "email", u.Email, "link", link)
	}
	return nil
}

// handleSignInLink shows a button that signs in: opening the link does not
// use the token, so mail scanners that fetch links do not burn it.
func (s *Server) handleSignInLink(w http.ResponseWriter, r *http.Request) {
	// The token is in the URL: no Referer may carry it elsewhere.
	w.Header().Set("Referrer-Policy", "no-referrer")
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, "signin_confirm", "signin_confirm_title", map[string]any{"Token": q.Get("token"), "Next": safeNext(q.Get("next"))})
}

func (s *Server) handleSignInConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.DB.RedeemSignInToken(ctx, r.FormValue("token"))
	if err == nil && !u.CanSignIn(s.DB.Now()) {
		err = creatorclub.Errorf(creatorclub.EUNAUTHORIZED, "token_invalid")
	}
	if creatorclub.ErrorCode(err) == creatorclub.EUNAUTHORIZED {
		s.metrics.signIns.WithLabelValues("token_refused").Inc()
		s.render(w, r, http.StatusUnauthorized, "signin", "signin_title", map[string]any{"Error": s.t(r, "token_invalid")})
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	// A new session token on privilege change prevents session fixation.
	if err := s.Sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(ctx, sessUserID, u.ID)
	s.Sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	if u.Role != creatorclub.RoleMember {
		if err := s.audit(r, u, creatorclub.AuditSignIn, "user", u.ID, ""); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.metrics.signIns.WithLabelValues("signed_in").Inc()
	next := safeNext(r.FormValue("next"))
	if next == "" {
		next = "/accueil"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) handleSignOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if err := s.DB.EndSessions(r.Context(), u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// audit records an action of actor (nil: the request's user) in the audit log.
func (s *Server) audit(r *http.Request, actor *creatorclub.User, action, targetType string, targetID any, detail string) error {
	if actor == nil {
		actor = userFrom(r.Context())
	}
	e := &creatorclub.AuditEntry{Action: action, TargetType: targetType, TargetID: fmt.Sprint(targetID), Detail: detail, IP: s.clientIP(r)}
	if actor != nil {
		e.ActorID, e.ActorEmail = actor.ID, actor.Email
	}
	return s.DB.Record(r.Context(), e)
}
