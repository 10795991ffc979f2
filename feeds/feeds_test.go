package feeds_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub/feeds"
)

// fetchedFrom stands for the address a test feed was fetched from.
const fetchedFrom = "https://veille.example.org/flux/source.xml"

func openTestdata(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseGoodFeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []feeds.Item
	}{
		{
			file: "jorf.rss.xml",
			want: []feeds.Item{
				{
					GUID:        "JORFTEXT000050491234",
					Title:       "Ordonnance n° 2024-978 du 6 novembre 2024 portant modification de la loi n° 2023-451 du 9 juin 2023 visant à encadrer l’influence commerciale et à lutter contre les dérives des influenceurs sur les réseaux sociaux",
					Summary:     "JORF n°0265 du 7 novembre 2024 Texte n° 12 Publiée au Journal officiel, l’ordonnance adapte le régime de l’influence commerciale au règlement (UE) 2022/2065.",
					Link:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000050491234",
					PublishedAt: time.Date(2024, 11, 6, 23, 0, 0, 0, time.UTC),
				},
				{
					GUID:        "JORFTEXT000052601137",
					Title:       "Décret n° 2025-1137 du 28 novembre 2025 relatif aux mentions obligatoires des contenus d’influence commerciale",
					Summary:     "Publics concernés : influenceurs, agents d'influenceurs, annonceurs. Objet : préciser les mentions « Publicité » et « Collaboration commerciale ».",
					Link:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052601137", // relative in the feed
					PublishedAt: time.Date(2025, 11, 28, 23, 0, 0, 0, time.UTC),
				},
				{
					GUID:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052612345", // no guid in the feed
					Title:       "Arrêté du 1er décembre 2025 fixant la liste des pièces du dossier de certification des agents d'influenceurs",
					Link:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052612345",
					PublishedAt: time.Date(2025, 12, 1, 23, 0, 0, 0, time.UTC),
				},
			},
		},
		{
			file: "dsa.atom.xml",
			want: []feeds.Item{
				{
					GUID:        "urn:ec-europa:presscorner:IP_25_1820",
					Title:       "Commission publishes guidelines on the protection of minors under the Digital Services Act",
					Summary:     "Today, the Commission published guidelines on the protection of minors online under the Digital Services Act (DSA). Platforms accessible to minors must ensure a high level of privacy, safety & security.",
					Link:        "https://ec.europa.eu/commission/presscorner/detail/en/ip_25_1820",
					PublishedAt: time.Date(2025, 7, 14, 12, 30, 0, 0, time.UTC),
				},
				{
					GUID:        "urn:ec-europa:presscorner:IP_24_6487",
					Title:       "Commission opens formal proceedings against TikTok on election risks under the Digital Services Act",
					Summary:     "The Commission has opened formal proceedings against TikTok for a suspected breach of the DSA in relation to its obligation to properly assess and mitigate systemic risks linked to election integrity.",
					Link:        "https://ec.europa.eu/commission/presscorner/detail/en/ip_24_6487", // "../detail/en/ip_24_6487"
					PublishedAt: time.Date(2024, 12, 17, 9, 0, 0, 0, time.UTC),
				},
				{
					GUID:        "https://eur-lex.europa.eu/eli/reg/2022/2065/oj",
					Title:       "Regulation (EU) 2022/2065 of the European Parliament and of the Council of 19 October 2022 on a Single Market For Digital Services and amending Directive 2000/31/EC (Digital Services Act)",
					Summary:     "OJ L 277, 27.10.2022, p. 1–102",
					Link:        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022R2065&qid=1700000000000",
					PublishedAt: time.Date(2022, 10, 26, 22, 0, 0, 0, time.UTC),
				},
			},
		},
		{
			file: "cnil.rdf.xml",
			want: []feeds.Item{
				{
					GUID:        "https://www.cnil.fr/fr/influenceurs-et-donnees-personnelles",
					Title:       "Influenceurs : quelles règles pour les données personnelles de vos abonnés ?",
					Summary:     "Concours, codes promo, listes de diffusion : la CNIL rappelle les obligations des créateurs de contenus qui collectent des données.",
					Link:        "https://www.cnil.fr/fr/influenceurs-et-donnees-personnelles",
					PublishedAt: time.Date(2025, 3, 18, 9, 15, 0, 0, time.UTC),
				},
				{
					GUID:        "https://www.cnil.fr/fr/sanction-prospection-commerciale-2025",
					Title:       "Prospection commerciale : sanction de 50 000 euros à l'encontre d'une agence de marketing d'influence",
					Summary:     "La formation restreinte a sanctionné une agence pour des envois de messages sans consentement.",
					Link:        "https://www.cnil.fr/fr/sanction-prospection-commerciale-2025", // relative to the channel's link
					PublishedAt: time.Date(2025, 6, 2, 15, 40, 0, 0, time.UTC),
				},
			},
		},
		{file: "empty.rss.xml", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			items, problems, err := feeds.Parse(openTestdata(t, tt.file), fetchedFrom)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(problems) != 0 {
				t.Errorf("problems = %+v, want none", problems)
			}
			checkItems(t, items, tt.want)
		})
	}
}

func checkItems(t *testing.T, got, want []feeds.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.GUID != w.GUID {
			t.Errorf("item %d: GUID = %q, want %q", i, g.GUID, w.GUID)
		}
		if g.Title != w.Title {
			t.Errorf("item %d: Title = %q, want %q", i, g.Title, w.Title)
		}
		if g.Summary != w.Summary {
			t.Errorf("item %d: Summary = %q, want %q", i, g.Summary, w.Summary)
		}
		if g.Link != w.Link {
			t.Errorf("item %d: Link = %q, want %q", i, g.Link, w.Link)
		}
		if !g.PublishedAt.Equal(w.PublishedAt) || g.PublishedAt.Location() != time.UTC {
			t.Errorf("item %d: PublishedAt = %v, want %v", i, g.PublishedAt, w.PublishedAt)
		}
	}
}

func TestParseSummaryDropsMarkup(t *testing.T) {
	t.Parallel()
	items, _, err := feeds.Parse(openTestdata(t, "jorf.rss.xml"), fetchedFrom)
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range items {
		for _, bad := range []string{"<", ">", "&eacute;", "&nbsp;", "trackClick", "\u00a0"} {
			if strings.Contains(item.Summary, bad) {
				t.Errorf("summary of %s contains %q: %q", item.GUID, bad, item.Summary)
			}
		}
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file      string
		feedURL   string
		wantLinks []string
		want      []feeds.Problem
	}{
		{
			file:      "no-link.rss.xml",
			wantLinks: []string{"https://www.economie.gouv.fr/dgccrf/influenceurs-resultats-enquete-2025"},
			want: []feeds.Problem{
				{Index: 2, Title: "Pratiques commerciales trompeuses : un influenceur condamné", Reason: "no link"},
				{Index: 3, Title: "", Reason: "no link"},
			},
		},
		{
			file:      "no-date.rss.xml",
			wantLinks: []string{"https://www.arcom.fr/presse/referentiel-verification-age"},
			want: []feeds.Problem{
				{Index: 1, Title: "Arcom : désignation des signaleurs de confiance au titre du DSA", Reason: "no date"},
				{Index: 3, Title: "Rapport annuel", Reason: `unreadable date "le 3 avril"`},
			},
		},
		{
			file:      "javascript-link.rss.xml",
			wantLinks: []string{"https://veille.example.org/textes/2025-01"},
			want: []feeds.Problem{
				{Index: 1, Title: "Cliquez ici", Reason: `link scheme "javascript" is not http or https`},
				{Index: 2, Title: "Écrivez-nous", Reason: `link scheme "mailto" is not http or https`},
			},
		},
		{
			file: "duplicate-guid.rss.xml",
			wantLinks: []string{
				"https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052601137",
				"https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052612345",
			},
			want: []feeds.Problem{
				{Index: 3, Title: "Décret n° 2025-1137 du 28 novembre 2025 (rectificatif)", Reason: "duplicate of entry 1 (same GUID)"},
				{Index: 4, Title: "Arrêté du 1er décembre 2025", Reason: "duplicate of entry 2 (same GUID)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			items, problems, err := feeds.Parse(openTestdata(t, tt.file), fetchedFrom)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var links []string
			for _, item := range items {
				links = append(links, item.Link)
			}
			if fmt.Sprint(links) != fmt.Sprint(tt.wantLinks) {
				t.Errorf("item links = %q, want %q", links, tt.wantLinks)
			}
			checkProblems(t, problems, tt.want)
		})
	}
}

func checkProblems(t *testing.T, got, want []feeds.Problem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseRelativeLinks(t *testing.T) {
	t.Parallel()
	const channelWithoutLink = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Sans lien</title>
<item><title>Relatif</title><link>textes/42</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item>
<item><title>Racine</title><link>/textes/43</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item>
<item><title>Sans schéma</title><link>//autre.example.org/44</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item>
</channel></rss>`
	tests := []struct {
		name      string
		feedURL   string
		wantLinks []string
		want      []feeds.Problem
	}{
		{
			name:    "against the fetch URL when the feed has no link",
			feedURL: "https://veille.example.org/flux/jo.xml",
			wantLinks: []string{
				"https://veille.example.org/flux/textes/42",
				"https://veille.example.org/textes/43",
				"https://autre.example.org/44",
			},
		},
		{
			name:    "not at all without a fetch URL",
			feedURL: "",
			want: []feeds.Problem{
				{Index: 1, Title: "Relatif", Reason: "relative link and no feed URL to resolve it against"},
				{Index: 2, Title: "Racine", Reason: "relative link and no feed URL to resolve it against"},
				{Index: 3, Title: "Sans schéma", Reason: "relative link and no feed URL to resolve it against"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			items, problems, err := feeds.Parse(strings.NewReader(channelWithoutLink), tt.feedURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var links []string
			for _, item := range items {
				links = append(links, item.Link)
			}
			if fmt.Sprint(links) != fmt.Sprint(tt.wantLinks) {
				t.Errorf("item links = %q, want %q", links, tt.wantLinks)
			}
			checkProblems(t, problems, tt.want)
		})
	}
}

func TestParseRejectsBadFeedURL(t *testing.T) {
	t.Parallel()
	for _, feedURL := range []string{"/flux.xml", "ftp://example.org/flux.xml", "https://exa mple.org/"} {
		_, _, err := feeds.Parse(openTestdata(t, "jorf.rss.xml"), feedURL)
		if err == nil {
			t.Errorf("Parse with feed URL %q: no error", feedURL)
		}
	}
}

func TestParseLatin1(t *testing.T) {
	t.Parallel()
	doc := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
		"<rss version=\"2.0\"><channel><title>JO</title><link>https://www.legifrance.gouv.fr/</link>" +
		"<item><title>D\xe9cret n\xb0 2025-1137</title><link>/jorf/id/JORFTEXT000052601137</link>" +
		"<description>Entr\xe9e en vigueur imm\xe9diate</description>" +
		"<pubDate>Sat, 29 Nov 2025 00:00:00 +0100</pubDate></item></channel></rss>"
	items, problems, err := feeds.Parse(strings.NewReader(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %+v", problems)
	}
	checkItems(t, items, []feeds.Item{{
		GUID:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052601137",
		Title:       "Décret n° 2025-1137",
		Summary:     "Entrée en vigueur immédiate",
		Link:        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052601137",
		PublishedAt: time.Date(2025, 11, 28, 23, 0, 0, 0, time.UTC),
	}})
}

func TestParseTruncatesLongText(t *testing.T) {
	t.Parallel()
	longTitle := strings.Repeat("é", 400)
	longSummary := strings.Repeat("Article premier. ", 200)
	doc := `<rss version="2.0"><channel><item><title>` + longTitle + `</title>` +
		`<description>` + longSummary + `</description>` +
		`<link>https://example.org/1</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item></channel></rss>`
	items, _, err := feeds.Parse(strings.NewReader(doc), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	if want := strings.Repeat("é", 299) + "…"; items[0].Title != want {
		t.Errorf("title = %q (%d characters), want 299 × é and …", items[0].Title, utf8.RuneCountInString(items[0].Title))
	}
	if n := utf8.RuneCountInString(items[0].Summary); n > 2000 || n < 1990 {
		t.Errorf("summary has %d characters, want at most 2000 and close to it", n)
	}
	if !strings.HasSuffix(items[0].Summary, "…") || !strings.HasPrefix(items[0].Summary, "Article premier. Article") {
		t.Errorf("summary = %q", items[0].Summary)
	}
}

func TestParseNotAFeed(t *testing.T) {
	t.Parallel()
	readFile := func(name string) string {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	tests := []struct {
		name string
		doc  string
	}{
		{"HTML page", readFile("not-a-feed.html")},
		{"truncated XML", readFile("truncated.rss.xml")},
		{"JSON Feed", `{"version": "https://jsonfeed.org/version/1.1", "title": "JO", "items": []}`},
		{"JSON object", `{"error": "maintenance"}`},
		{"plain text", "Service indisponible"},
		{"empty body", ""},
		{"other XML", `<?xml version="1.0"?><sitemap><loc>https://example.org/</loc></sitemap>`},
		{"unclosed channel", `<rss version="2.0"><channel><title>JO</title>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			items, problems, err := feeds.Parse(strings.NewReader(tt.doc), fetchedFrom)
			if !errors.Is(err, feeds.ErrNotAFeed) {
				t.Fatalf("err = %v, want ErrNotAFeed", err)
			}
			if !strings.HasPrefix(err.Error(), "feeds: ") {
				t.Errorf("err = %q, want the package prefix", err)
			}
			if items != nil || problems != nil {
				t.Errorf("items, problems = %v, %v, want nil with an error", items, problems)
			}
		})
	}
}

// bigFeed returns an RSS document of exactly size bytes, padded with a comment.
func bigFeed(t testing.TB, size int) []byte {
	t.Helper()
	const head = `<?xml version="1.0"?><rss version="2.0"><channel><title>JO</title>` +
		`<item><title>Décret</title><link>https://example.org/1</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item><!--`
	const tail = `--></channel></rss>`
	padding := size - len(head) - len(tail)
	if padding < 0 {
		t.Fatalf("size %d too small", size)
	}
	doc := []byte(head + strings.Repeat("x", padding) + tail)
	if len(doc) != size {
		t.Fatalf("built %d bytes, want %d", len(doc), size)
	}
	return doc
}

func TestParseSizeLimit(t *testing.T) {
	t.Parallel()
	const limit = 5 << 20
	items, _, err := feeds.Parse(bytes.NewReader(bigFeed(t, limit)), "")
	if err != nil || len(items) != 1 {
		t.Errorf("document of exactly 5 MiB: %d items, err %v, want 1 item", len(items), err)
	}
	_, _, err = feeds.Parse(bytes.NewReader(bigFeed(t, limit+1)), "")
	if !errors.Is(err, feeds.ErrTooLarge) {
		t.Errorf("document of 5 MiB + 1 byte: err = %v, want ErrTooLarge", err)
	}
}

func TestFetch(t *testing.T) {
	t.Parallel()
	jorf, err := os.ReadFile(filepath.Join("testdata", "jorf.rss.xml"))
	if err != nil {
		t.Fatal(err)
	}
	const noChannelLink = `<rss version="2.0"><channel><title>JO</title>` +
		`<item><title>Relatif</title><link>textes/42</link><pubDate>Mon, 06 Jan 2025 08:00:00 +0100</pubDate></item></channel></rss>`

	userAgents := make(chan string, 10)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /jorf.xml", func(w http.ResponseWriter, r *http.Request) {
		userAgents <- r.UserAgent()
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(jorf)
	})
	mux.HandleFunc("GET /ancien.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/nouveau/flux.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /nouveau/flux.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(noChannelLink))
	})
	mux.HandleFunc("GET /maintenance.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!DOCTYPE html><html><body>Maintenance</body></html>"))
	})
	mux.HandleFunc("GET /lent.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
			w.Write(jorf)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	t.Run("200 OK", func(t *testing.T) {
		items, problems, err := feeds.Fetch(context.Background(), srv.Client(), srv.URL+"/jorf.xml")
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 || len(problems) != 0 {
			t.Errorf("got %d items and %d problems, want 3 and 0", len(items), len(problems))
		}
		if ua := <-userAgents; ua != "creatorclub-legal-watch/1" {
			t.Errorf("User-Agent = %q", ua)
		}
	})
	t.Run("relative links after a redirect", func(t *testing.T) {
		items, _, err := feeds.Fetch(context.Background(), srv.Client(), srv.URL+"/ancien.xml")
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Link != srv.URL+"/nouveau/textes/42" {
			t.Errorf("items = %+v, want one linking to %s/nouveau/textes/42", items, srv.URL)
		}
	})
	t.Run("404", func(t *testing.T) {
		_, _, err := feeds.Fetch(context.Background(), srv.Client(), srv.URL+"/disparu.xml")
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("err = %v, want one mentioning 404", err)
		}
	})
	t.Run("HTML page", func(t *testing.T) {
		_, _, err := feeds.Fetch(context.Background(), srv.Client(), srv.URL+"/maintenance.html")
		if !errors.Is(err, feeds.ErrNotAFeed) {
			t.Errorf("err = %v, want ErrNotAFeed", err)
		}
	})
	t.Run("slow server", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, _, err := feeds.Fetch(ctx, srv.Client(), srv.URL+"/lent.xml")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("Fetch returned after %v, want soon after the deadline", elapsed)
		}
	})
	t.Run("not an http URL", func(t *testing.T) {
		_, _, err := feeds.Fetch(context.Background(), srv.Client(), "file:///etc/passwd")
		if err == nil {
			t.Error("no error for a file: URL")
		}
	})
}

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xml"))
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, filepath.Join("testdata", "not-a-feed.html"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><link href="x"/><updated>2025-01-01T00:00:00Z</updated></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, problems, err := feeds.Parse(bytes.NewReader(data), fetchedFrom)
		if err != nil {
			if items != nil || problems != nil {
				t.Fatalf("items and problems with error %v", err)
			}
			return
		}
		for _, item := range items {
			if !strings.HasPrefix(item.Link, "http://") && !strings.HasPrefix(item.Link, "https://") {
				t.Errorf("link %q is not http(s)", item.Link)
			}
			if item.GUID == "" {
				t.Errorf("item %+v has no GUID", item)
			}
			if item.PublishedAt.IsZero() || item.PublishedAt.Location() != time.UTC {
				t.Errorf("PublishedAt = %v, want a UTC time", item.PublishedAt)
			}
			if utf8.RuneCountInString(item.Title) > 300 || utf8.RuneCountInString(item.Summary) > 2000 {
				t.Errorf("title or summary too long: %+v", item)
			}
			for _, s := range []string{item.GUID, item.Title, item.Summary, item.Link} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Errorf("invalid UTF-8 or NUL in %q", s)
				}
			}
		}
		for _, p := range problems {
			if p.Index < 1 || p.Index > len(items)+len(problems) || p.Reason == "" {
				t.Errorf("problem %+v", p)
			}
		}
	})
}
