package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
)

// The self-check lets a signed-in user paste a draft caption and see, at
// once, what the observatory's rules say about it: each finding with the
// article of law behind it, why it matters and how to fix it. It runs the
// same engine as the observatory; nothing is stored.

// selfCheckEngine is compiled once, on first use, from the rules built into
// the binary.
var selfCheckEngine = sync.OnceValue(func() *observatory.Engine {
	return observatory.NewEngine(observatory.DefaultRules())
})

func (s *Server) selfCheckRoutes() []route {
	return []route{
		{"GET", "/autocontrole", signedIn, s.handleSelfCheckForm},
		{"POST", "/autocontrole", signedIn, s.handleSelfCheck},
		{"POST", "/api/autocontrole", signedIn, s.handleSelfCheckAPI},
	}
}

// selfCheckPage is the page's state: the user's input, kept on errors, and
// the verdict.
type selfCheckPage struct {
	Text     string
	Date     string
	PaidFlag bool
	Error    string
	Check    *observatory.SelfCheck
	Items    []selfCheckView
	Verdict  string // message id of the headline
}

// selfCheckView is one finding as the page shows it, in the user's
// language, with the words of the caption that triggered it.
type selfCheckView struct {
	Explanation observatory.Explanation
	Quotes      []string
}

func (s *Server) handleSelfCheckForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "selfcheck", "selfcheck_title", &selfCheckPage{Date: s.DB.Now().Format(time.DateOnly)})
}

// handleSelfCheck checks the caption and shows the verdict on the same
// page. It changes nothing, so the answer is the page itself rather than a
// redirect: the caption stays in the form to be edited and checked again.
func (s *Server) handleSelfCheck(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	pg := &selfCheckPage{Text: r.FormValue("text"), Date: strings.TrimSpace(r.FormValue("date")), PaidFlag: r.FormValue("paid") != ""}
	date, msg := s.selfCheckDate(r, pg.Date)
	if msg == "" {
		var err error
		pg.Check, err = selfCheckEngine().CheckCaption(pg.Text, date, pg.PaidFlag)
		if err != nil {
			msg = s.selfCheckTextError(r, pg.Text)
		}
	}
	if msg != "" {
		pg.Error = msg
		s.render(w, r, http.StatusBadRequest, "selfcheck", "selfcheck_title", pg)
		return
	}
	lang := localeFrom(r.Context())
	for _, it := range pg.Check.Items {
		v := selfCheckView{Explanation: it.Explanation(lang)}
		for _, sp := range it.Finding.Spans {
			if sp.Text != "" && len(v.Quotes) < 3 {
				v.Quotes = append(v.Quotes, sp.Text)
			}
		}
		pg.Items = append(pg.Items, v)
	}
	pg.Verdict = selfCheckVerdict(pg.Check.Result)
	s.render(w, r, http.StatusOK, "selfcheck", "selfcheck_title", pg)
}

// selfCheckVerdict is the headline's message id.
func selfCheckVerdict(res observatory.Result) string {
	switch {
	case len(res.Sectors) > 0:
		return "selfcheck_verdict_sector"
	case !res.Commercial:
		return "selfcheck_verdict_not_commercial"
	case res.Disclosure == observatory.DisclosureCompliant:
		return "selfcheck_verdict_compliant"
	case res.Disclosure == observatory.DisclosureImprovable:
		return "selfcheck_verdict_improvable"
	}
	return "selfcheck_verdict_non_compliant"
}

// selfCheckDate reads the optional publication date (YYYY-MM-DD, or
// DD/MM/YYYY as the form's hint says); empty means today. It returns a
// message for the user when the date is wrong.
func (s *Server) selfCheckDate(r *http.Request, v string) (time.Time, string) {
	if v == "" {
		return s.DB.Now(), ""
	}
	d, err := parseDateInput(v, time.UTC)
	if err != nil {
		return time.Time{}, s.t(r, "selfcheck_error_date", "Value", v)
	}
	// The rules read French law: the calendar day in Paris.
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, Paris), ""
}

func (s *Server) selfCheckTextError(r *http.Request, text string) string {
	if strings.TrimSpace(text) == "" {
		return s.t(r, "selfcheck_error_empty")
	}
	return s.t(r, "selfcheck_error_long", "Max", observatory.MaxSelfCheckRunes)
}

// selfCheckRequest is the JSON body of POST /api/autocontrole.
type selfCheckRequest struct {
	Text            string `json:"text"`
	Date            string `json:"date"`
	PaidPartnership bool   `json:"paid_partnership"`
}

// selfCheckResponse is the JSON answer: the verdict and every finding with
// its explanation, French first.
type selfCheckResponse struct {
	RulesVersion string                      `json:"rules_version"`
	Date         string                      `json:"date"`
	Commercial   bool                        `json:"commercial"`
	Disclosure   observatory.Disclosure      `json:"disclosure"`
	Sectors      []string                    `json:"sectors"`
	Labels       []string                    `json:"labels"`
	Findings     []observatory.SelfCheckItem `json:"findings"`
}

// handleSelfCheckAPI is the self-check as JSON, for the page's script and
// other tools: {"text": "…", "date": "YYYY-MM-DD"} in, the verdict out.
func (s *Server) handleSelfCheckAPI(w http.ResponseWriter, r *http.Request) {
	var req selfCheckRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 256<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		msg := s.t(r, "selfcheck_error_json")
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			msg = s.t(r, "selfcheck_error_long", "Max", observatory.MaxSelfCheckRunes)
		} else if errors.Is(err, io.EOF) {
			msg = s.t(r, "selfcheck_error_empty")
		}
		writeSelfCheckError(w, msg)
		return
	}
	date, msg := s.selfCheckDate(r, strings.TrimSpace(req.Date))
	if msg != "" {
		writeSelfCheckError(w, msg)
		return
	}
	sc, err := selfCheckEngine().CheckCaption(req.Text, date, req.PaidPartnership)
	if err != nil {
		writeSelfCheckError(w, s.selfCheckTextError(r, req.Text))
		return
	}
	out := selfCheckResponse{RulesVersion: sc.RulesVersion, Date: date.Format(time.DateOnly), Commercial: sc.Result.Commercial,
		Disclosure: sc.Result.Disclosure, Sectors: sc.Result.Sectors, Labels: sc.Result.Labels, Findings: sc.Items}
	if out.Sectors == nil {
		out.Sectors = []string{}
	}
	if out.Labels == nil {
		out.Labels = []string{}
	}
	if out.Findings == nil {
		out.Findings = []observatory.SelfCheckItem{}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(out)
}

func writeSelfCheckError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
