package observatory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/observatory/gen"
)

var testEngine = NewEngine(DefaultRules())

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

func yes() *bool { b := true; return &b }

// Before and after the ordinance of 6 November 2024.
const (
	before = "2024-03-01"
	after  = "2025-03-01"
)

type engineCase struct {
	name       string
	date       string
	post       Post
	commercial bool
	disclosure Disclosure
	sectors    []string
	labels     []string // labels that must be set
	noLabels   []string // labels that must not be set
}

func runCases(t *testing.T, cases []engineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.post
			if c.date != "" {
				p.PublishedAt = day(c.date)
			}
			r := testEngine.Analyze(&p)
			if r.Commercial != c.commercial || r.Disclosure != c.disclosure {
				t.Errorf("commercial=%v disclosure=%q, want %v %q\nlabels %v\nfindings %+v", r.Commercial, r.Disclosure, c.commercial, c.disclosure, r.Labels, r.Findings)
			}
			if c.sectors != nil || len(r.Sectors) > 0 {
				got := slices.Clone(r.Sectors)
				slices.Sort(got)
				want := slices.Clone(c.sectors)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("sectors %v, want %v", got, want)
				}
			}
			for _, l := range c.labels {
				if !slices.Contains(r.Labels, l) {
					t.Errorf("label %s missing from %v", l, r.Labels)
				}
			}
			for _, l := range c.noLabels {
				if slices.Contains(r.Labels, l) {
					t.Errorf("label %s should not be set: %v", l, r.Labels)
				}
			}
			checkSpans(t, &p, r)
		})
	}
}

// checkSpans: every span cuts its text out of the original field.
func checkSpans(t *testing.T, p *Post, r Result) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Rule != VerdictNonCompliant && len(f.Spans) == 0 {
			t.Errorf("finding %s has no span", f.Rule)
		}
		for _, s := range f.Spans {
			var field string
			switch s.Field {
			case FieldText:
				field = p.Text
			case FieldImage:
				field = p.ImageText
			case FieldLinks:
				field = strings.Join(p.Links, "\n")
			default:
				continue
			}
			if s.Start < 0 || s.End > len(field) || s.Start > s.End || field[s.Start:s.End] != s.Text {
				t.Errorf("span %+v does not cut %q out of the original %q", s, s.Text, field)
			}
		}
	}
}

func TestDisclosureClasses(t *testing.T) {
	long := strings.Repeat("Une journée au bord de la mer, le soleil, le sable et les amis. ", 3)
	runCases(t, []engineCase{
		{name: "Publicité first, FR", date: before, post: Post{Text: "Publicité | Ma crème de nuit @douceur, code LEA15 pour -15 %"},
			commercial: true, disclosure: DisclosureCompliant, labels: []string{"disclosure.legal_wording", "commercial.promo_code"}},
		{name: "Collaboration commerciale before the law, FR", date: "2022-05-01", post: Post{Text: "Collaboration commerciale avec @maison 💌 mes bougies"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "equivalent wording before the ordinance, FR", date: "2024-11-05", post: Post{Text: "Sponsorisé par @marque : le meilleur sérum"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "equivalent wording after the ordinance, FR", date: "2024-11-07", post: Post{Text: "Sponsorisé par @marque : le meilleur sérum"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "paid partnership after the ordinance, EN", date: after, post: Post{Text: "Paid partnership with @brand — my favourite serum"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "sponsored video before the ordinance, EN", date: before, post: Post{Text: "This video is sponsored by NordStar. Today we build a shed."},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "Ad label first after the ordinance, EN", date: after, post: Post{Text: "Ad | @snugglepod baby carrier, 15% off with SARAH15"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "Ad label before the ordinance, EN", date: before, post: Post{Text: "Ad | @snugglepod baby carrier, 15% off with SARAH15"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "#sp is improvable, FR", date: after, post: Post{Text: "Nouveau fond de teint, tenue 10h 👇 #makeup #sp"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"disclosure.ambiguous"}},
		{name: "#collab and thanks, FR", date: after, post: Post{Text: "Session à Biarritz 🌊 Merci à @wavecore pour la planche ! #surf #collab"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"commercial.thanks_brand"}},
		{name: "thank-you to the brand, EN", date: after, post: Post{Text: "Half marathon done ✅ Thanks @zephyr.running for the shoes"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "gifted, EN", date: after, post: Post{Text: "wash day ✨ leave-in from @coilcare, thank you for sending!! #gifted"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"commercial.gifted"}},
		{name: "offert par, FR", date: before, post: Post{Text: "Mon sac de rando, offert par @altipack, testé sur le GR20"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "promo code, no disclosure, FR", date: before, post: Post{Text: "Ma whey préférée 💪 code THEO10 -10% #fitness"},
			commercial: true, disclosure: DisclosureNonCompliant, labels: []string{"commercial.promo_code", "verdict.non_compliant"}},
		{name: "promo code without digits, EN", date: after, post: Post{Text: "Galentine's special 💕 use my code QUEEN for a free consultation"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "affiliate link, EN", date: after, post: Post{Text: "My Sunday reset 🧽", Links: []string{"https://amzn.to/4bQwErT"}},
			commercial: true, disclosure: DisclosureNonCompliant, labels: []string{"commercial.affiliate_link"}},
		{name: "affiliate link in text, FR", date: after, post: Post{Text: "Ma tenue du jour 👉 https://rstyle.me/+abc"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "platform flag before the ordinance", date: before, post: Post{Text: "Mes baskets du moment", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"commercial.platform_flag"}},
		{name: "platform flag after the ordinance", date: after, post: Post{Text: "Mes baskets du moment", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "Publicité on the image", date: before, post: Post{Text: "Mes baskets du moment @runfast", ImageText: "PUBLICITÉ", PaidPartnership: yes()},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "mention after more, FR", date: before, post: Post{Text: long + "\n\nPublicité pour l'office du tourisme"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"verdict.not_visible"}},
		{name: "mention buried in closing hashtags, FR", date: before, post: Post{Text: "Notre routine bain 🛁 #bebe #routine #maman #famille #CollaborationCommerciale"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"verdict.buried_in_hashtags"}},
		// The labelling rules: a mention among the closing hashtags is never
		// immediate, even first of the block in a short caption.
		{name: "hashtag first of the closing block is buried too", date: before, post: Post{Text: "Ma crème préférée #publicité #skincare"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"verdict.buried_in_hashtags"}},
		{name: "no signal, FR", date: before, post: Post{Text: "Le gratin dauphinois de ma grand-mère 🥔 cuisson 1h30 #recette"},
			commercial: false, disclosure: DisclosureNone},
		{name: "publicité in its ordinary sense, FR", date: before, post: Post{Text: "Je déteste la publicité qui s'incruste partout dans les apps."},
			commercial: false, disclosure: DisclosureNone},
		{name: "pas de pub but a promo code, FR", date: before, post: Post{Text: "Pas de pub ici, juste mon avis ! code LINA10 sur le site"},
			commercial: true, disclosure: DisclosureNonCompliant},
		{name: "not sponsored cancels a thank-you, FR", date: before, post: Post{Text: "Le canapé vient de chez @nordhem (pas sponso, je l'ai acheté il y a deux ans)"},
			commercial: false, disclosure: DisclosureNone},
		{name: "#adidas is not #ad, EN", date: after, post: Post{Text: "New kicks #adidas #adventure"},
			commercial: false, disclosure: DisclosureNone},
		{name: "talking about #sp in quotes, FR", date: after, post: Post{Text: "Attention, « #sp » ne suffit toujours pas."},
			commercial: false, disclosure: DisclosureNone},
		{name: "self-promotion, FR", date: after, post: Post{Text: "Ma formation complète est sur mon site, -20 % avec RENTREE2025."},
			commercial: false, disclosure: DisclosureNone, labels: []string{"declared.self_promotion"}},
		{name: "contient de la publicité, FR", date: before, post: Post{Text: "Cette vidéo contient de la publicité pour @nordvpn"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "mention across a line break, FR", date: before, post: Post{Text: "Collaboration\ncommerciale avec @maison 💌"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "partner in the romantic sense, EN", date: after, post: Post{Text: "Ten years with my partner 💍"},
			commercial: false, disclosure: DisclosureNone},
	})
}

func TestLookAlikesAndHashtagTricks(t *testing.T) {
	runCases(t, []engineCase{
		{name: "Cyrillic letters", date: before, post: Post{Text: "Рublісіté @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "Greek letters", date: before, post: Post{Text: "ΡUΒLΙCΙΤΕ @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "fullwidth", date: before, post: Post{Text: "ＰＵＢＬＩＣＩＴÉ @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "mathematical bold", date: before, post: Post{Text: "𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭𝐞́ @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "small capitals", date: before, post: Post{Text: "ᴘᴜʙʟɪᴄɪᴛᴇ @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "Lisu letters", date: before, post: Post{Text: "ꓑꓴꓐꓡꓲꓚꓲꓔꓰ @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "Cherokee short form, EN", date: after, post: Post{Text: "Ꭺd: new season kit from @stridewear, code RUN15"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "Cherokee short form before the ordonnance", date: before, post: Post{Text: "Ꭺd: new season kit from @stridewear, code RUN15"}, commercial: true, disclosure: DisclosureImprovable},
		{name: "zero-width space", date: before, post: Post{Text: "Publi\u200bcité @glow ✨ le sérum"}, commercial: true, disclosure: DisclosureCompliant},
		{name: "letters spaced out are degraded", date: before, post: Post{Text: "P u b l i c i t é 💄 le rouge @velours"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"verdict.obfuscated"}},
		{name: "dots between letters are degraded", date: before, post: Post{Text: "P.U.B.L.I.C.I.T.É 💄 le rouge @velours"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "leetspeak is degraded", date: before, post: Post{Text: "c0llab0ration c0mmerciale avec @drivo.app 🚗"},
			commercial: true, disclosure: DisclosureImprovable, labels: []string{"verdict.obfuscated"}},
		{name: "emoji between letters is degraded", date: before, post: Post{Text: "Pub🍿li🍿ci🍿té les chips @crousti"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "camel-case hashtag", date: before, post: Post{Text: "#CollaborationCommerciale avec @glowlab ✨ #skincare"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "lower-case run-together hashtag", date: before, post: Post{Text: "#collaborationcommerciale avec @glowlab ✨"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "#sponsorisé after the ordinance", date: after, post: Post{Text: "#sponsorisé la crème @glow"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "#ad at the start after the ordinance", date: after, post: Post{Text: "#AD my new favourite serum @glow"},
			commercial: true, disclosure: DisclosureCompliant},
		{name: "brand-partner hashtag suffix", date: after, post: Post{Text: "Morning run 🏃 #rootwisepartner"},
			commercial: true, disclosure: DisclosureImprovable},
		{name: "hashtag in the export only", date: before, post: Post{Text: "Ma crème du soir", Hashtags: []string{"sp"}},
			commercial: true, disclosure: DisclosureImprovable},
	})
}

func TestSectorsAndImages(t *testing.T) {
	runCases(t, []engineCase{
		{name: "cosmetic surgery, FR", date: before, post: Post{Text: "Injection d'acide hyaluronique 💉 Prenez RDV à la clinique @lumiere, code LIPS10"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "cosmetic surgery, EN", date: after, post: Post{Text: "Advertisement | Non-surgical nose job 👃 Book your filler at @sculpt.clinic"},
			commercial: true, disclosure: DisclosureCompliant, sectors: []string{"cosmetic_surgery"}},
		{name: "health warning is not a promotion", date: after, post: Post{Text: "Les injections de botox faites par des non-médecins : des complications graves."},
			commercial: false, disclosure: DisclosureNone, sectors: []string{}},
		{name: "therapeutic abstention, FR", date: before, post: Post{Text: "Plus besoin d'antibiotiques 🙌 la cure @florabio suffit. Code JULIETTE"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"therapeutic_abstention"}},
		{name: "therapeutic abstention, EN, self-promotion", date: after, post: Post{Text: "You don't need insulin if you follow my 21-day detox plan. Sign up now!"},
			commercial: false, disclosure: DisclosureNone, sectors: []string{"therapeutic_abstention"}},
		{name: "nicotine, FR", date: before, post: Post{Text: "la nouvelle saveur mangue 🥭 dispo chez @vapeshop code PUFF10 #puff #vape"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "nicotine, EN", date: after, post: Post{Text: "trying every flavour of @zyno pouches 😮 discount code in bio #nicotine"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"nicotine"}},
		{name: "wild animals, FR", date: before, post: Post{Text: "Mon fennec 🦊 acheté chez @exotic.pets code NINA5"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"wild_animals"}},
		{name: "crypto, FR", date: before, post: Post{Text: "Mon groupe VIP de signaux crypto, rendement garanti. Inscris-toi avec mon lien !"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"crypto_finance"}},
		{name: "crypto news is not a promotion", date: before, post: Post{Text: "Les crypto-actifs représentent 3 % de l'épargne des jeunes, selon l'AMF."},
			commercial: false, disclosure: DisclosureNone, sectors: []string{}},
		{name: "gambling, EN", date: after, post: Post{Text: "Big night at @RoyalSpin casino 🎰 Sign up with my link and get 100 free spins! 18+"},
			commercial: true, disclosure: DisclosureNonCompliant, sectors: []string{"gambling"}},
		{name: "sports prognostics, FR", date: before, post: Post{Text: "Mon prono du soir 😎 Pour tous mes pronos VIP abonnement à 19,99 €/mois"},
			commercial: false, disclosure: DisclosureNone, sectors: []string{"sports_prognostics"}},
		{name: "Images retouchées", date: before, post: Post{Text: "Collaboration commerciale @tonika Images retouchées"},
			commercial: true, disclosure: DisclosureCompliant, labels: []string{"image.retouched"}},
		{name: "photo retouchée before the ordinance is not the label", date: before, post: Post{Text: "Collaboration commerciale @tonika Photo retouchée"},
			commercial: true, disclosure: DisclosureCompliant, noLabels: []string{"image.retouched"}},
		{name: "photo retouchée after the ordinance", date: after, post: Post{Text: "Collaboration commerciale @tonika Photo retouchée"},
			commercial: true, disclosure: DisclosureCompliant, labels: []string{"image.retouched"}},
		{name: "Images virtuelles on the image", date: before, post: Post{Text: "Salut c'est Aria 🤖", ImageText: "Images virtuelles"},
			commercial: false, disclosure: DisclosureNone, labels: []string{"image.virtual"}},
		{name: "AI-generated after the ordinance, EN", date: after, post: Post{Text: "Neo's outfit of the day\nAI-generated image"},
			commercial: false, disclosure: DisclosureNone, labels: []string{"image.virtual"}},
	})
}

func TestSpansPointAtOriginalText(t *testing.T) {
	p := &Post{Text: "✨ Рublісіté ✨ la crème @glow — code LÉA15 pour -15 %", PublishedAt: day(before)}
	r := testEngine.Analyze(p)
	want := map[string]string{"disclosure.legal_wording": "Рublісіté"}
	for _, f := range r.Findings {
		if w, ok := want[f.Rule]; ok && f.Spans[0].Text != w {
			t.Errorf("%s span %q, want %q", f.Rule, f.Spans[0].Text, w)
		}
		delete(want, f.Rule)
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in %+v", want, r.Findings)
	}
	checkSpans(t, p, r)
}

// TestOverlappingSpans: "#collab" and "collab", "my code X" and "code X"
// give one span each, the longer.
func TestOverlappingSpans(t *testing.T) {
	r := testEngine.Analyze(&Post{Text: "Big thanks! my code DAVE #collab", PublishedAt: day(after)})
	for _, f := range r.Findings {
		if len(f.Spans) != 1 {
			t.Errorf("%s: spans %+v", f.Rule, f.Spans)
		}
		if f.Rule == "signal.promo_code" && f.Spans[0].Text != "my code DAVE" {
			t.Errorf("promo code span %q", f.Spans[0].Text)
		}
		if f.Rule == "disclosure.ambiguous" && f.Spans[0].Text != "#collab" {
			t.Errorf("collab span %q", f.Spans[0].Text)
		}
	}
}

func TestUndatedPostUsesLatestReading(t *testing.T) {
	r := testEngine.Analyze(&Post{Text: "Sponsorisé par @marque"})
	if r.Disclosure != DisclosureCompliant {
		t.Errorf("undated post: %q", r.Disclosure)
	}
}

func TestExplain(t *testing.T) {
	r := testEngine.Analyze(&Post{Text: "Ma whey préférée 💪 code THEO10", PublishedAt: day(before)})
	if len(r.Findings) == 0 {
		t.Fatal("no finding")
	}
	for _, f := range r.Findings {
		fr, en := testEngine.Explain(f, "fr"), testEngine.Explain(f, "en")
		if fr.Law == "" || fr.Text == "" || fr.Fix == "" || en.Text == "" || en.Fix == "" || fr.Text == en.Text {
			t.Errorf("%s: explanation incomplete: %+v / %+v", f.Rule, fr, en)
		}
		if len(fr.Sources) == 0 || fr.Sources[0].URL == "" {
			t.Errorf("%s: no source cited", f.Rule)
		}
	}
	if x := testEngine.Explain(Finding{Rule: "nope"}, "fr"); x.Text != "" {
		t.Errorf("unknown rule explained: %+v", x)
	}
	if x := testEngine.Explain(r.Findings[0], "de"); x.Text != testEngine.Explain(r.Findings[0], "fr").Text {
		t.Error("unknown language should fall back to French")
	}
}

// TestAnalyzeConcurrent runs the engine from many goroutines (go test -race).
func TestAnalyzeConcurrent(t *testing.T) {
	posts := []*Post{
		{Text: "Publicité | code LEA15", PublishedAt: day(before)},
		{Text: "Merci @brand #sp", PublishedAt: day(after)},
		{Text: "rien à voir 🌞"},
	}
	want := make([]Result, len(posts))
	for i, p := range posts {
		want[i] = testEngine.Analyze(p)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 300; n++ {
				i := n % len(posts)
				got := testEngine.Analyze(posts[i])
				if got.Disclosure != want[i].Disclosure || len(got.Findings) != len(want[i].Findings) {
					t.Errorf("post %d: %+v, want %+v", i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// benchPosts reads the evaluation set's posts: realistic captions of every
// kind, ~200 bytes of text each.
func benchPosts(b testing.TB) []*Post {
	b.Helper()
	data, err := os.ReadFile("testdata/eval/posts.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var posts []*Post
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		ep, err := decodeEvalLine(sc.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		p, err := ep.post(line)
		if err != nil {
			b.Fatal(err)
		}
		posts = append(posts, p)
	}
	return posts
}

// readPosts decodes JSON Lines posts.
func readPosts(b testing.TB, r io.Reader) []*Post {
	b.Helper()
	var posts []*Post
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		ep, err := decodeEvalLine(sc.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		p, err := ep.post(line)
		if err != nil {
			b.Fatal(err)
		}
		posts = append(posts, p)
	}
	return posts
}

// BenchmarkAnalyzeGenerated measures the engine on a synthetic corpus with
// the published mix (observatory/gen):
//
//	go test -run '^$' -bench AnalyzeGenerated -benchmem -cpu 1,2 ./observatory/
func BenchmarkAnalyzeGenerated(b *testing.B) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{N: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	benchmarkAnalyze(b, readPosts(b, &buf))
}

// BenchmarkAnalyze300 measures the engine on ~300-byte captions, made by
// joining the evaluation set's captions.
func BenchmarkAnalyze300(b *testing.B) {
	var posts []*Post
	var cur strings.Builder
	for _, p := range benchPosts(b) {
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(p.Text)
		if cur.Len() >= 280 {
			posts = append(posts, &Post{Text: cur.String(), PublishedAt: p.PublishedAt})
			cur.Reset()
		}
	}
	benchmarkAnalyze(b, posts)
}

// BenchmarkAnalyze measures the engine on the evaluation set's posts:
//
//	go test -run '^$' -bench Analyze -benchmem -cpu 1,2 ./observatory/
func BenchmarkAnalyze(b *testing.B) {
	benchmarkAnalyze(b, benchPosts(b))
}

func benchmarkAnalyze(b *testing.B, posts []*Post) {
	e := NewEngine(DefaultRules())
	var size int64
	for _, p := range posts {
		size += int64(len(p.Text) + len(p.ImageText))
	}
	b.SetBytes(size / int64(len(posts)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			e.Analyze(posts[i%len(posts)])
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkNormalizeGenerated measures normalisation of the generated
// corpus's captions with the automaton fed as bytes are written, as
// scanField does (see BENCHMARKS.md):
//
//	go test -run '^$' -bench 'NormalizeGenerated|AnalyzeGenerated' -cpu 1 ./observatory/
func BenchmarkNormalizeGenerated(b *testing.B) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{N: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	posts := readPosts(b, &buf)
	var nt normText
	nt.ac = NewEngine(DefaultRules()).ac
	for i := 0; b.Loop(); i++ {
		normalizeInto(&nt, posts[i%len(posts)].Text)
	}
}

// BenchmarkNormalize measures normalisation alone.
func BenchmarkNormalize(b *testing.B) {
	posts := benchPosts(b)
	var nt normText
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		normalizeInto(&nt, posts[i%len(posts)].Text)
	}
}

// TestHandleBefore checks mention = "before": an @handle ends right before
// the match, in the original text.
func TestHandleBefore(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"montre @chronor offerte", "offerte", true},
		{"sac @maison_lune offert", "offert", true},
		{"@x.studio  offert", "offert", true},
		{"@marque offert", "offert", true},
		{"offert à @julie", "offert", false},
		{"mail a@b offert", "offert", false},
		{"@marque, robe offerte", "offerte", false},
		{"@ offert", "offert", false},
		{"montre@marque offerte", "offerte", false},
		{"offert", "offert", false},
	}
	for _, tt := range tests {
		os := strings.LastIndex(tt.text, tt.word)
		if got := handleBefore(tt.text, os); got != tt.want {
			t.Errorf("handleBefore(%q, %d) = %v, want %v", tt.text, os, got, tt.want)
		}
	}
}

// TestSetApart checks the positions where a short word is a label: between
// separators, on its own line, or closing a line or the text after an emoji.
func TestSetApart(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"Retouched photo · Ad · night glam", "Ad", true},
		{"balcon\nPub\n#deco", "Pub", true},
		{"-30% ce soir 💎 pub", "pub", true},
		{"-30% ce soir 💎 pub\nla suite", "pub", true},
		{"-30% ce soir ❤️ pub", "pub", true},
		{"-30% ce soir 💎pub", "pub", false},
		{"-30% ce soir 💎 pub lunch", "pub", false},
		{"vu dans la pub", "pub", false},
		{"x.com/ad/12", "ad", false},
	}
	for _, tt := range tests {
		os := strings.LastIndex(tt.text, tt.word)
		if got := setApart(tt.text, os, os+len(tt.word)); got != tt.want {
			t.Errorf("setApart(%q, %q) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}

// TestNegatedCue: a sector's cue of promotion that one of the rule's
// unless_before words negates is no cue ("aucun abonnement"); without
// unless_before, every cue counts as before.
func TestNegatedCue(t *testing.T) {
	rules := minimalRules + `
[[rule]]
id = "sector.tips"
kind = "sector"
label = "sector.sports_prognostics"
sector = "sports_prognostics"
phrases = ["pronos"]
cues = ["abonnement", "lien en bio"]
cues_required = true
unless_before = ["aucun", "zéro", "no"]
law = "art. 4"
explain_fr = "x"
explain_en = "x"
fix_fr = "x"
fix_en = "x"

[[rule]]
id = "sector.tips_plain"
kind = "sector"
label = "sector.gambling"
sector = "gambling"
phrases = ["paris"]
cues = ["abonnement"]
cues_required = true
law = "art. 4"
explain_fr = "x"
explain_en = "x"
fix_fr = "x"
fix_en = "x"
`
	rs, err := LoadRules("cues.toml", strings.NewReader(rules))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(rs)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Mes pronos VIP, abonnement 15 €/mois", []string{"sports_prognostics"}},
		{"Mes pronos du soir, zéro abonnement", nil},
		{"Mes pronos du soir. Aucun abonnement", nil},
		// The negation stops at the sentence: the second cue counts.
		{"Mes pronos, aucun abonnement ici. Abonnement VIP au lien en bio", []string{"sports_prognostics"}},
		// A negation reaches unless_window bytes back, not further.
		{"Mes pronos, aucun abonnement pour l'instant, lien en bio", []string{"sports_prognostics"}},
		// A phrase cue is negated too.
		{"Mes pronos, no lien en bio", nil},
		// A rule without unless_before keeps its negated cues.
		{"Mes paris, aucun abonnement", []string{"gambling"}},
	} {
		got := e.Analyze(&Post{Text: tt.text}).Sectors
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: sectors %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestJustAfter checks unless_just_after's reading: the next word, past
// spaces, quotes or a hyphen, whole.
func TestJustAfter(t *testing.T) {
	for _, c := range []struct {
		text, word string
		want       bool
	}{
		{"poker face", "poker", true},
		{"puff-sleeve blouse", "puff", true},
		{"filler \"arc\"", "filler", true},
		{"poker faces", "poker", false},
		{"poker night face", "poker", false},
	} {
		b := []byte(Normalize(c.text))
		end := len(Normalize(c.word))
		if got := justAfter(b, []string{"face", "sleeve", "arc"}, end); got != c.want {
			t.Errorf("justAfter(%q after %q) = %v, want %v", c.text, c.word, got, c.want)
		}
	}
}

func TestInHandle(t *testing.T) {
	for _, c := range []struct {
		text string
		at   int
		want bool
	}{
		{"@tipsterking vip", 1, true},
		{"sur @goalbet.fr", 9, true},
		{"chez @my_tipster", 9, true},
		{"bet on it", 0, false},
		{"alphabet soup", 5, false},
		{"mail me at jo@goalbet.fr", 16, false},
		// A dot between letters is part of the handle; a full stop is not.
		{"follow @lockking.picks today", 17, true},
		{"chez @coil.craft.vapor", 17, true},
		{"merci @marque. bet on it", 15, false},
		{"mail jo@site.bet", 13, false},
	} {
		if got := inHandle([]byte(c.text), c.at); got != c.want {
			t.Errorf("inHandle(%q, %d) = %v, want %v", c.text, c.at, got, c.want)
		}
	}
}

// TestMayQuote checks the shortcut scanField takes before quoted: a field
// where mayQuote finds no opening sign has no quoted stretch at all. Every
// caption of the evaluation sets is tried at every word start.
func TestMayQuote(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"l'offre du moment, c'est ça", false},
		{"pas de guillemets ici", false},
		{"le « #sp » ne suffit pas", true},
		{"the 'paid partnership' banner", true},
		{"'pub' en tête", true},
	} {
		if got := mayQuote([]byte(Normalize(tc.text))); got != tc.want {
			t.Errorf("mayQuote(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	posts := benchPosts(t)
	tried, quotes := 0, 0
	for _, p := range posts {
		b := []byte(Normalize(p.Text))
		may := mayQuote(b)
		for start := 0; start < len(b); start++ {
			if start > 0 && isWordByte(b[start-1]) || !isWordByte(b[start]) {
				continue
			}
			end := start
			for end < len(b) && isWordByte(b[end]) {
				end++
			}
			tried++
			if quoted(b, start, end) {
				quotes++
				if !may {
					t.Fatalf("%q: %q is quoted but mayQuote says no sign can open a quotation", b, b[start:end])
				}
			}
		}
	}
	if quotes == 0 {
		t.Fatalf("no quoted word among %d tried: the check proves nothing", tried)
	}
}

// TestObfuscated checks the byte-wise reading of a mention's spelling
// against the rune-wise definition: digits and signs for letters, emojis,
// or more separators than the normalised mention keeps.
func TestObfuscated(t *testing.T) {
	ref := func(orig string, norm []byte) bool {
		seps := 0
		for _, r := range orig {
			switch {
			case r >= '0' && r <= '9', r == '@', r == '$', r == '!', r == '|':
				return true
			case r == ' ' || r == '.' || r == '-' || r == '*' || r == '_' || r == '/' || r == '\t' || r == 0xA0:
				seps++
			case isEmoji(r):
				return true
			}
		}
		return seps > strings.Count(string(norm), " ")
	}
	for _, tc := range []struct {
		orig string
		want bool
	}{
		{"Publicité", false},
		{"collaboration commerciale", false},
		{"P U B", true},
		{"c0llab0ration", true},
		{"Pub🍿li🍿ci🍿té", true},
		{"p.u.b", true},
		{"collaboration\u00a0commerciale", false},
		{"collab\u00a0\u00a0oration", true},
		{"p@rtenariat", true},
	} {
		norm := []byte(Normalize(tc.orig))
		if got := obfuscated(tc.orig, norm); got != tc.want || got != ref(tc.orig, norm) {
			t.Errorf("obfuscated(%q) = %v, want %v", tc.orig, got, tc.want)
		}
	}
	for _, p := range benchPosts(t) {
		for _, w := range strings.Fields(p.Text) {
			norm := []byte(Normalize(w))
			if got, want := obfuscated(w, norm), ref(w, norm); got != want {
				t.Fatalf("obfuscated(%q) = %v, the rune-wise reading says %v", w, got, want)
			}
		}
	}
}

// TestWordsInKeys checks wordsIn, which compares words by their packed
// first bytes, against plain string comparison: every rule's word lists
// over stretches of every caption of the evaluation set.
func TestWordsInKeys(t *testing.T) {
	e := NewEngine(DefaultRules())
	ref := func(b []byte, ws []string, lo, hi int) bool {
		for _, w := range ws {
			for s := 0; s+len(w) <= len(b); s++ {
				end := s + len(w)
				if string(b[s:end]) == w && wordBoundaries(b, s, end) && end >= lo && end <= hi {
					return true
				}
			}
		}
		return false
	}
	var lists [][]string
	for _, r := range e.rs {
		for _, l := range [][]string{r.UnlessBefore, r.Cues, r.Near} {
			if len(l) > 0 {
				var ws []string
				for _, w := range l {
					ws = append(ws, Normalize(w))
				}
				lists = append(lists, ws)
			}
		}
	}
	found := 0
	for i, p := range benchPosts(t) {
		b := []byte(Normalize(p.Text))
		lo, hi := (i*7)%(len(b)+1), len(b)
		if i%2 == 1 {
			lo, hi = 0, len(b)/2
		}
		for _, ws := range lists {
			got := wordsIn(b, newWordList(ws), lo, hi, -1, -1, nil)
			if want := ref(b, ws, lo, hi); got != want {
				t.Fatalf("%q [%d:%d] %q: wordsIn says %v, plain comparison %v", b, lo, hi, ws, got, want)
			}
			if got {
				found++
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d lists found in the captions: the check proves little", found)
	}
}

// TestAnalyzeInto checks that a result written over the previous one, its
// memory reused, is the result Analyze gives: every post of the evaluation
// set and of a generated corpus, in turn, into the same Result.
func TestAnalyzeInto(t *testing.T) {
	e := NewEngine(DefaultRules())
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{N: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	posts := append(benchPosts(t), readPosts(t, &buf)...)
	var res Result
	var prev []byte
	findings := 0
	for _, p := range posts {
		want, err := json.Marshal(e.Analyze(p))
		if err != nil {
			t.Fatal(err)
		}
		e.AnalyzeInto(p, &res)
		got, _ := json.Marshal(res)
		// An empty list may come back empty rather than nil: the same
		// for findings.jsonl (AppendFinding), which writes [] for both.
		got = bytes.ReplaceAll(got, []byte(":[]"), []byte(":null"))
		want = bytes.ReplaceAll(want, []byte(":[]"), []byte(":null"))
		if !bytes.Equal(got, want) {
			t.Fatalf("post %s: AnalyzeInto gives\n%s\nAnalyze gives\n%s\n(previous result %s)", p.ID, got, want, prev)
		}
		findings += len(res.Findings)
		prev = got
	}
	if findings < len(posts)/2 {
		t.Fatalf("only %d findings in %d posts", findings, len(posts))
	}
}
