package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/notify"
)

// templates holds one parsed template set per page, each made of the layout,
// the partials and the page.
type templates struct {
	pages map[string]*template.Template
}

// pageData is what every page template receives.
type pageData struct {
	L     string // interface language
	User  *creatorclub.User
	Title string
	Flash string
	Path  string // request URI, to come back after switching language
	Club  string
	Org   string
	Base  string // the club's public URL
	// Unread is the signed-in user's count of unread notifications (home.go).
	Unread int
	D      any // the page's own data
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Paris is the default display time zone.
var Paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), frMonths[t.Month()-1], t.Year())
}

func formatDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Paris)
	if lang == "en" {
		return t.Format("2 Jan 2006, 15:04")
	}
	return formatDate(lang, t) + " à " + t.Format("15:04")
}

func parseTemplates(s *Server) (*templates, error) {
	funcs := template.FuncMap{
		"t":        s.i18n.T,
		"asset":    s.static.URL,
		"date":     formatDate,
		"datetime": formatDateTime,
		"role": func(lang string, r creatorclub.Role) string {
			return s.i18n.T(lang, "role_"+string(r))
		},
		"certStatus": func(lang string, st creatorclub.CertStatus) string {
			return s.i18n.T(lang, "cert_"+string(st))
		},
		"platform": func(p string) string {
			if p == "x" {
				return "X"
			}
			if p == "youtube" {
				return "YouTube"
			}
			if p == "tiktok" {
				return "TikTok"
			}
			if p == "linkedin" {
				return "LinkedIn"
			}
			return strings.ToUpper(p[:1]) + p[1:]
		},
		"platforms":  func() []string { return creatorclub.Platforms },
		"roles":      func() []creatorclub.Role { return creatorclub.Roles },
		"timeZones":  func() []string { return creatorclub.TimeZones },
		"eventKinds": func() []creatorclub.EventKind { return creatorclub.EventKinds },
		"audiences":  func() []creatorclub.Audience { return creatorclub.Audiences },
		"eventStatuses": func() []creatorclub.EventStatus {
			return []creatorclub.EventStatus{creatorclub.EventDraft, creatorclub.EventPublished, creatorclub.EventDone}
		},
		"when": func(lang string, t time.Time, zone string) string { return notify.FormatDateTime(lang, t, zone) },
		"localInput": func(t time.Time, zone string) string {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				loc = Paris
			}
			return t.In(loc).Format(localLayout)
		},
		"legalTopics": func() []string { return creatorclub.LegalTopics },
		"hasString": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
		"blankQuestion": func(box int64) questionView { return questionView{ID: 0, Box: box, Visibility: "named"} },
		"hm": func(t time.Time, zone string) string {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				loc = Paris
			}
			return t.In(loc).Format("15:04")
		},
		"monthName": func(lang string, t time.Time) string {
			if lang == "en" {
				return t.Format("January 2006")
			}
			return fmt.Sprintf("%s %d", frMonths[t.Month()-1], t.Year())
		},
		"weekdays": func(lang string) []string {
			if lang == "en" {
				return []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
			}
			return []string{"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."}
		},
		"size": func(n int64) string {
			switch {
			case n >= 1<<20:
				return fmt.Sprintf("%.1f Mo", float64(n)/(1<<20))
			case n >= 1<<10:
				return fmt.Sprintf("%d ko", n>>10)
			}
			return fmt.Sprintf("%d o", n)
		},
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
		"helpLine":  func(lang string, h HelpLine) string { return h.Label[lang] },
		"now":       func() time.Time { return s.DB.Now() },
		"langAttr":  contentLangAttr,
		"langText":  contentLangText,
		"languages": func() []string { return creatorclub.Languages },
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	pages, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, p := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(assets, p); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", p, err)
		}
		t.pages[strings.TrimSuffix(path.Base(p), ".html")] = clone
	}
	return t, nil
}

// contentLangAttr returns the attribute, with its leading space, that marks
// an element holding text written in contentLang on a page in pageLang
// (WCAG 2.1 SC 3.1.2, Language of Parts): ` lang="en"` for an English
// course's title on a French page, written <h1{{langAttr $.L …}}>. It
// returns nothing when the text is in the page's language, which <html>
// already declares, or when contentLang is not one of the club's languages,
// so that no untrusted text becomes an attribute.
func contentLangAttr(pageLang, contentLang string) template.HTMLAttr {
	if contentLang == pageLang || !creatorclub.IsLanguage(contentLang) {
		return ""
	}
	return template.HTMLAttr(` lang="` + contentLang + `"`)
}

// contentLangText returns text, escaped, in a <span> marked with its
// language when that differs from the page's (see contentLangAttr), for
// text that shares an element with the page's own words ("Commencer :
// <span lang="en">…</span>").
func contentLangText(pageLang, contentLang, text string) template.HTML {
	attr := contentLangAttr(pageLang, contentLang)
	if attr == "" {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML("<span" + string(attr) + ">" + template.HTMLEscapeString(text) + "</span>")
}

// t translates for the request's language.
func (s *Server) t(r *http.Request, id string, args ...any) string {
	return s.i18n.T(localeFrom(r.Context()), id, args...)
}

// render writes the page with the layout; title is a message id.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page, title string, d any) {
	tmpl, ok := s.templates.pages[page]
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no template %q", page))
		return
	}
	lang := localeFrom(r.Context())
	pd := pageData{L: lang, User: userFrom(r.Context()), Title: s.i18n.T(lang, title), Path: r.URL.RequestURI(),
		Club: s.Config.ClubName, Org: s.Config.OrgName, Base: s.Config.BaseURL, D: d}
	if pd.User != nil {
		pd.Unread = s.unreadCount(r)
	}
	if s.Sessions != nil && r.Method == http.MethodGet {
		if key := s.popFlash(r); key != "" {
			pd.Flash = s.i18n.T(lang, key)
		}
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout.html", pd); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// popFlash returns and clears the flash message id, without failing when the
// request has no session loaded (the cross-origin deny handler).
func (s *Server) popFlash(r *http.Request) (key string) {
	defer func() {
		if recover() != nil {
			key = ""
		}
	}()
	return s.Sessions.PopString(r.Context(), sessFlash)
}

func (s *Server) flash(r *http.Request, key string) {
	s.Sessions.Put(r.Context(), sessFlash, key)
}

// renderError writes an error page with the given status and message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", "error_title", map[string]any{"Status": status, "Message": msg})
}

// serverError logs an internal error and shows a generic page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	lang := localeFrom(r.Context())
	msg := s.i18n.T(lang, "error_internal")
	if tmpl, ok := s.templates.pages["error"]; ok {
		var buf bytes.Buffer
		pd := pageData{L: lang, Title: s.i18n.T(lang, "error_title"), Club: s.Config.ClubName, Org: s.Config.OrgName,
			D: map[string]any{"Status": 500, "Message": msg}}
		if tmpl.ExecuteTemplate(&buf, "layout.html", pd) == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write(buf.Bytes())
			return
		}
	}
	http.Error(w, msg, http.StatusInternalServerError)
}

// errorStatus maps an application error code to an HTTP status.
func errorStatus(code string) int {
	switch code {
	case creatorclub.EINVALID:
		return http.StatusBadRequest
	case creatorclub.ENOTFOUND:
		return http.StatusNotFound
	case creatorclub.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case creatorclub.EFORBIDDEN:
		return http.StatusForbidden
	case creatorclub.ECONFLICT:
		return http.StatusConflict
	case creatorclub.ERATELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Error writes err as a page: application errors with their status and
// translated message, anything else as an internal error (logged).
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := creatorclub.ErrorCode(err)
	if code == creatorclub.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	s.renderError(w, r, errorStatus(code), s.message(r, creatorclub.ErrorMessage(err)))
}

// message translates msg if it is a message id, else returns it as is.
func (s *Server) message(r *http.Request, msg string) string {
	if s.i18n.Has(msg) {
		return s.t(r, msg)
	}
	return msg
}
