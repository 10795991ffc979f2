package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func init() {
	expectedAccess["GET /autocontrole"] = "signed-in"
	expectedAccess["POST /autocontrole"] = "signed-in"
	expectedAccess["POST /api/autocontrole"] = "signed-in"
}

func TestSelfCheckPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.signIn(e.user(creatorclub.RoleMember))
		if r := e.get(c, "/autocontrole"); r.code != 200 || !strings.Contains(r.body, `id="selfcheck-form"`) || !strings.Contains(r.body, "Autocontrôle") {
			t.Fatalf("form: %d %s", r.code, r.body)
		}
		// A promo code without disclosure: non-compliant, with the law and the fix.
		caption := "Ma whey préférée 💪 code THEO10 pour -10 % #fitness"
		r := e.post(c, "/autocontrole", url.Values{"text": {caption}, "date": {"2025-03-01"}})
		if r.code != 200 {
			t.Fatalf("check: %d %s", r.code, r.body)
		}
		for _, want := range []string{"sans mention", "Loi n° 2023-451", "Comment corriger", "<mark>code THEO10</mark>", "THEO10 pour -10 %"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// The same caption with the legal mention first is compliant.
		r = e.post(c, "/autocontrole", url.Values{"text": {"Publicité | " + caption}})
		if !strings.Contains(r.body, "correctement signalé") {
			t.Errorf("compliant caption: %s", r.body)
		}
		// The reading of the law depends on the date.
		before := e.post(c, "/autocontrole", url.Values{"text": {"Sponsorisé par @marque : mon sérum"}, "date": {"2024-11-06"}})
		after := e.post(c, "/autocontrole", url.Values{"text": {"Sponsorisé par @marque : mon sérum"}, "date": {"2024-11-07"}})
		if !strings.Contains(before.body, "peut être améliorée") || !strings.Contains(after.body, "correctement signalé") {
			t.Errorf("date not taken into account:\n%s\n%s", before.body, after.body)
		}
		// A prohibited sector.
		if r := e.post(c, "/autocontrole", url.Values{"text": {"Injection d'acide hyaluronique 💉 RDV à la clinique @lumiere, code LIPS10"}}); !strings.Contains(r.body, "Secteur interdit") || !strings.Contains(r.body, "art. 4") {
			t.Errorf("sector: %s", r.body)
		}
		// In English.
		e.post(c, "/langue", url.Values{"lang": {"en"}, "next": {"/autocontrole"}})
		r = e.post(c, "/autocontrole", url.Values{"text": {"Ad | my new serum @glow, code GLOW10"}, "date": {"2025-01-10"}})
		if !strings.Contains(r.body, "Commercial content properly disclosed") || !strings.Contains(r.body, "Short label") {
			t.Errorf("English page: %s", r.body)
		}
	})
}

func TestSelfCheckBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.signIn(e.user(creatorclub.RoleMember))
		r := e.post(c, "/autocontrole", url.Values{"text": {"   "}})
		if r.code != 400 || !strings.Contains(r.body, "Collez le texte") {
			t.Errorf("empty: %d %s", r.code, r.body)
		}
		// 14/03/2025 is read (the form's hint asks for it); 31 February is not a day.
		r = e.post(c, "/autocontrole", url.Values{"text": {"Mon texte à garder"}, "date": {"31/02/2025"}})
		if r.code != 400 || !strings.Contains(r.body, "JJ/MM/AAAA") || !strings.Contains(r.body, "Mon texte à garder") {
			t.Errorf("bad date must keep the text: %d %s", r.code, r.body)
		}
		r = e.post(c, "/autocontrole", url.Values{"text": {strings.Repeat("a", 10001)}})
		if r.code != 400 || !strings.Contains(r.body, "10000") {
			t.Errorf("too long: %d", r.code)
		}
		// The API.
		for _, tt := range []struct{ body, want string }{
			{``, "Collez le texte"},
			{`not json`, "objet JSON"},
			{`{"text": "x", "extra": 1}`, "objet JSON"},
			{`{"text": ""}`, "Collez le texte"},
			{`{"text": "ok", "date": "demain"}`, "AAAA-MM-JJ"},
		} {
			r := postJSON(t, e, c, tt.body)
			if r.code != 400 || !strings.Contains(r.body, tt.want) || !strings.Contains(r.hdr.Get("Content-Type"), "json") {
				t.Errorf("%q: %d %s", tt.body, r.code, r.body)
			}
		}
	})
}

func postJSON(t *testing.T, e *env, c *http.Client, body string) resp {
	t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+"/api/autocontrole", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp{code: res.StatusCode, body: b.String(), hdr: res.Header, loc: res.Header.Get("Location")}
}

func TestSelfCheckAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.signIn(e.user(creatorclub.RoleMember))
		r := postJSON(t, e, c, `{"text": "Rouge à lèvres @velours 💄 #makeup #beauty #sp", "date": "2023-09-01"}`)
		if r.code != 200 {
			t.Fatalf("%d %s", r.code, r.body)
		}
		var out struct {
			RulesVersion string `json:"rules_version"`
			Date         string `json:"date"`
			Commercial   bool   `json:"commercial"`
			Disclosure   string `json:"disclosure"`
			Findings     []struct {
				Finding struct {
					Rule  string `json:"rule"`
					Spans []struct {
						Start, End int
						Text       string
					} `json:"spans"`
				} `json:"finding"`
				FR struct{ Law, Explanation, Fix string } `json:"fr"`
				EN struct{ Explanation string }           `json:"en"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.body), &out); err != nil {
			t.Fatal(err)
		}
		if !out.Commercial || out.Disclosure != "improvable" || out.Date != "2023-09-01" || out.RulesVersion == "" || len(out.Findings) == 0 {
			t.Fatalf("got %+v", out)
		}
		f := out.Findings[0]
		if f.Finding.Rule != "disclosure.sp_hashtag" || f.FR.Law == "" || f.FR.Fix == "" || f.EN.Explanation == "" || f.FR.Explanation == f.EN.Explanation {
			t.Errorf("finding %+v", f)
		}
		if sp := f.Finding.Spans[0]; sp.Text != "#sp" || !strings.HasPrefix("Rouge à lèvres @velours 💄 #makeup #beauty #sp"[sp.Start:], "#sp") {
			t.Errorf("span %+v", sp)
		}
		// Nothing commercial: an empty list, not null.
		r = postJSON(t, e, c, `{"text": "Le gratin de ma grand-mère"}`)
		if r.code != 200 || !strings.Contains(r.body, `"findings":[]`) || !strings.Contains(r.body, `"commercial":false`) {
			t.Errorf("%d %s", r.code, r.body)
		}
		// A visitor is sent to sign in.
		if r := postJSON(t, e, e.client(), `{"text": "x"}`); r.code != http.StatusSeeOther {
			t.Errorf("visitor: %d", r.code)
		}
	})
}
