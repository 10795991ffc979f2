package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/creatorclub/creatorclub"
)

type ctxKey int

const (
	userKey ctxKey = iota
	localeKey
)

// userFrom returns the signed-in user, or nil for a visitor.
func userFrom(ctx context.Context) *creatorclub.User {
	u, _ := ctx.Value(userKey).(*creatorclub.User)
	return u
}

// localeFrom returns the interface language of the request.
func localeFrom(ctx context.Context) string {
	if l, ok := ctx.Value(localeKey).(string); ok {
		return l
	}
	return "fr"
}

// Session keys.
const (
	sessUserID = "uid"
	sessEpoch  = "epoch"
	sessFlash  = "flash"
)

// securityHeaders sets a strict Content-Security-Policy (no inline script or
// style) and the usual hardening headers on every response.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Sessions.Cookie.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanic turns a panic into a 500 page and a log line.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one structured line per request (never the query
// string, which may carry a sign-in token).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		s.Logger.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.code, "duration", time.Since(start))
	})
}

// loadUser resolves the session's user. A session whose user is gone, can no
// longer sign in (certificate revoked, suspended, expired) or whose epoch is
// older than the user's (signed out everywhere) is destroyed at once.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var user *creatorclub.User
		if id := s.Sessions.GetInt64(ctx, sessUserID); id != 0 {
			u, err := s.DB.FindUserByID(ctx, id)
			switch {
			case err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND:
				s.serverError(w, r, err)
				return
			case err != nil || u.SessionEpoch != s.Sessions.GetInt64(ctx, sessEpoch) || !u.CanSignIn(s.DB.Now()):
				if err := s.Sessions.Destroy(ctx); err != nil {
					s.serverError(w, r, err)
					return
				}
			default:
				// Committee access is computed from today's term and
				// certification at each request, so it ends at once.
				if u.Role == creatorclub.RoleMember {
					if u.Committee, err = s.DB.IsCommitteeMember(ctx, u.ID); err != nil {
						s.serverError(w, r, err)
						return
					}
				}
				user = u
				ctx = context.WithValue(ctx, userKey, u)
				var err error
				if ctx, err = s.withRestriction(ctx, u); err != nil {
					s.serverError(w, r, err)
					return
				}
			}
		}
		locale := ""
		if user != nil {
			locale = user.Locale
		}
		ctx = context.WithValue(ctx, localeKey, s.i18n.pickLocale(r, locale))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// buildHandler wires the middleware around the routes. Cross-origin
// protection (Go's CrossOriginProtection, based on Sec-Fetch-Site and Origin)
// guards every state-changing request.
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		pattern := rt.Method + " " + rt.Path
		mux.Handle(pattern, s.instrument(pattern, s.authorize(rt)))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
	})
	cop := http.NewCrossOriginProtection()
	if err := cop.AddTrustedOrigin(originOf(s.Config.BaseURL)); err != nil {
		s.Logger.Warn("base URL is not a valid origin", "base_url", s.Config.BaseURL, "err", err)
	}
	// Mail providers post one-click unsubscriptions from their own servers
	// (RFC 8058); the signed token is the credential there.
	cop.AddInsecureBypassPattern("POST /desabonnement/{token}")
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_cross_origin"))
	}))
	var h http.Handler = mux
	h = s.loadUser(h)
	h = s.Sessions.LoadAndSave(h)
	h = cop.Handler(h)
	h = s.recoverPanic(h)
	h = s.securityHeaders(h)
	h = s.logRequests(h)
	return h
}

func originOf(base string) string {
	// "https://club.example.org/path" → "https://club.example.org"
	for i := len("https://"); i < len(base); i++ {
		if base[i] == '/' {
			return base[:i]
		}
	}
	return base
}
