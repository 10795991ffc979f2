// Package gen writes synthetic corpora of influencer posts in the
// observatory's JSON Lines schema, for benchmarks, demos and tests.
//
// The mix follows the published figures the observatory compares with:
// about 40 % of posts are commercial; among commercial posts, compliant
// disclosure rises from about 59 % before the law of 9 June 2023 to about
// 71 % after it, and certified creators do better (about 85 % after);
// a few percent promote restricted sectors; captions are French or English,
// some with hashtag tricks, thank-yous to the brand, promo codes, affiliate
// links or look-alike characters. The corpus is the same for the same seed.
package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// Options configure a corpus.
type Options struct {
	N    int    // number of posts
	Seed uint64 // same seed, same corpus
	// Start and End bound the publication dates (default 2022-07-01 to
	// 2025-06-30).
	Start, End time.Time
	// Authors is the number of distinct authors (default 5000), of whom
	// CertifiedShare are certified (default 0.26, about 1,300).
	Authors        int
	CertifiedShare float64
}

type post struct {
	ID              string   `json:"id"`
	Platform        string   `json:"platform"`
	Author          string   `json:"author"`
	PublishedAt     string   `json:"published_at"`
	Text            string   `json:"text"`
	Hashtags        []string `json:"hashtags,omitempty"`
	Mentions        []string `json:"mentions,omitempty"`
	Links           []string `json:"links,omitempty"`
	PaidPartnership *bool    `json:"paid_partnership,omitempty"`
	URL             string   `json:"url"`
	Certified       bool     `json:"certified"`
}

// Write writes opts.N posts as JSON Lines to w.
func Write(w io.Writer, opts Options) error {
	if opts.N < 0 {
		return fmt.Errorf("gen: the number of posts must be positive, not %d", opts.N)
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.End.IsZero() {
		opts.End = time.Date(2025, 6, 30, 23, 59, 0, 0, time.UTC)
	}
	if !opts.End.After(opts.Start) {
		return fmt.Errorf("gen: the end date %s is not after the start %s", opts.End.Format(time.DateOnly), opts.Start.Format(time.DateOnly))
	}
	if opts.Authors <= 0 {
		opts.Authors = 5000
	}
	if opts.CertifiedShare <= 0 {
		opts.CertifiedShare = 0.26
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	span := opts.End.Sub(opts.Start)
	for i := range opts.N {
		a := rng.IntN(opts.Authors)
		p := post{
			ID:        fmt.Sprintf("p%08d", i+1),
			Platform:  pick(rng, platforms),
			Author:    fmt.Sprintf("%s_%d", pick(rng, handles), a),
			Certified: float64(a) < opts.CertifiedShare*float64(opts.Authors),
		}
		t := opts.Start.Add(time.Duration(rng.Int64N(int64(span))))
		p.PublishedAt = t.Format(time.RFC3339)
		p.URL = "https://example.org/" + p.Platform + "/" + p.ID
		after := !t.Before(time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC))
		compose(rng, &p, after)
		if err := enc.Encode(&p); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

var (
	platforms = []string{"instagram", "instagram", "instagram", "instagram", "tiktok", "tiktok", "tiktok", "youtube", "youtube", "snapchat", "x"}
	handles   = []string{"lea", "max", "ines", "tom", "jade", "hugo", "chloe", "lucas", "emma", "nina", "sam", "zoe", "rayan", "lina", "noah"}
	brands    = []string{"glowskin", "fitfuel", "velocity", "maisonbleue", "petitpas", "nordictea", "urbanrun", "lumiere", "cocoon", "zenbox"}
	products  = []string{"sérum", "crème hydratante", "baskets", "thé glacé", "sac à dos", "casque audio", "box repas", "montre connectée", "rouge à lèvres", "tapis de yoga"}
	productsE = []string{"serum", "moisturiser", "sneakers", "iced tea", "backpack", "headphones", "meal kit", "smartwatch", "lipstick", "yoga mat"}
	everyday  = []string{
		"Journée à la plage avec les copines ☀️ on a tellement ri",
		"Ma routine du matin, sans filtre et sans chichis",
		"Petit tour au marché ce matin, les fraises sont enfin là 🍓",
		"Storytime : la fois où j'ai raté mon train pour Lyon",
		"Nouveau montage vidéo, dites-moi ce que vous en pensez !",
		"Back home after ten days on the road, so tired but happy",
		"What I eat in a day as a student (budget edition)",
		"Sunday reset: cleaning, journaling and a long walk",
		"Rando au lever du soleil, ça valait le réveil à 5h",
		"Q&A : vous m'avez demandé comment je monte mes vidéos",
	}
	hashtags = []string{"ootd", "routine", "vlog", "paris", "lifestyle", "beauty", "fitness", "food", "travel", "skincare", "momlife", "study"}
)

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

// compose writes the caption of p: commercial or not, and how it is
// disclosed, with probabilities that depend on the period and on
// certification.
func compose(rng *rand.Rand, p *post, after bool) {
	brand := pick(rng, brands)
	i := rng.IntN(len(products))
	fr := rng.Float64() < 0.7
	product := productsE[i]
	if fr {
		product = products[i]
	}
	tags := []string{pick(rng, hashtags), pick(rng, hashtags)}
	if rng.Float64() >= 0.40 { // not commercial
		text := pick(rng, everyday)
		if rng.Float64() < 0.03 { // a brand the creator just likes, unpaid
			text += " (pas sponso, j'adore juste @" + brand + ")"
			p.Mentions = []string{brand}
		}
		p.Text = text + " #" + tags[0] + " #" + tags[1]
		p.Hashtags = tags
		restricted(rng, p, fr)
		return
	}
	p.Mentions = []string{brand}
	// Disclosure class probabilities.
	compliant, improvable := 0.59, 0.29
	if after {
		compliant, improvable = 0.71, 0.21
	}
	if after && p.Certified {
		compliant, improvable = 0.85, 0.11
	}
	var body string
	if fr {
		body = fmt.Sprintf("Je teste le %s de @%s depuis trois semaines, voici mon avis honnête", product, brand)
	} else {
		body = fmt.Sprintf("Been using the %s from @%s for three weeks, here is my honest review", product, brand)
	}
	switch rng.IntN(4) { // the commercial signal
	case 0:
		code := strings.ToUpper(p.Author[:min(4, len(p.Author))]) + fmt.Sprint(10+rng.IntN(20))
		if fr {
			body += fmt.Sprintf(". Code %s pour -20%% sur le site", code)
		} else {
			body += fmt.Sprintf(". Use code %s for 20%% off", code)
		}
	case 1:
		link := "https://" + brand + ".example/?utm_source=" + p.Author + "&utm_medium=influence"
		p.Links = []string{link}
		body += " " + link
	case 2:
		v := true
		p.PaidPartnership = &v
	default:
		if fr {
			body += ", offert par la marque"
		} else {
			body += ", gifted by the brand"
		}
	}
	x := rng.Float64()
	switch {
	case x < compliant:
		lead := pick(rng, []string{"Publicité", "Collaboration commerciale", "Publicité —", "[Collaboration commerciale]"})
		if !fr {
			lead = pick(rng, []string{"Ad", "Paid partnership with @" + brand, "Publicité"})
		}
		p.Text = lead + " " + body + " #" + tags[0]
		p.Hashtags = tags[:1]
	case x < compliant+improvable:
		switch rng.IntN(4) {
		case 0:
			p.Text = body + " #" + tags[0] + " #" + tags[1] + " #sp"
			p.Hashtags = append(tags, "sp")
		case 1:
			p.Text = body + " #collab #" + tags[0]
			p.Hashtags = []string{"collab", tags[0]}
		case 2:
			p.Text = body + ". Merci @" + brand + " pour l'envoi ❤️"
		default:
			p.Text = body + "\n.\n.\n.\n#" + strings.Join(tags, " #") + " #ootd #love #instagood #publicite"
			p.Hashtags = append(tags, "ootd", "love", "instagood", "publicite")
		}
	default:
		p.Text = body + " #" + tags[0]
		p.Hashtags = tags[:1]
	}
	if rng.Float64() < 0.05 {
		p.Text += " Images retouchées"
	}
	restricted(rng, p, fr)
}

// restricted adds a restricted-sector promotion to a few posts.
func restricted(rng *rand.Rand, p *post, fr bool) {
	if rng.Float64() >= 0.04 {
		return
	}
	s := []string{
		"Mes injections d'acide hyaluronique chez @cliniquebelle, résultat bluffant",
		"Pronostics foot du week-end : abonnez-vous à mon canal VIP",
		"Paris sportifs : cote boostée sur @winbet ce soir",
		"J'ai acheté du Bitcoin sur @cryptoflash, +40 % en un mois",
		"Nouvelle puff goût mangue, la meilleure vape du moment",
		"Oubliez les médicaments, cette tisane soigne l'anxiété",
	}
	if !fr {
		s = []string{
			"Lip filler day at @clinicbelle, obsessed with the result",
			"Join my VIP betting tips channel, 90% win rate",
			"Bought Bitcoin on @cryptoflash, up 40% this month",
			"New mango disposable vape, best puff ever",
		}
	}
	p.Text += " — " + pick(rng, s)
}
