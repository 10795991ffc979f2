package observatory

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/observatory/gen"
)

// goldenGenerated is the SHA-256 of the results (as JSON, one a line) and
// the normalised text and image text of the posts of the generated corpus
// (seed 1), of long captions and of the evaluation set, computed before the engine's performance work: speeding
// the engine up must not change a single finding, offset or label.
// Rules 2026-11-28.10 changed findings of 32 posts (new rules beside
// existing labels, an "(affiliate)" mention kept beside "I bought") and the
// class or sectors of none. Rules 2026-11-28.11 changed findings of 108
// posts, all new sector findings beside the same sector already set (103 a
// betting site's handle, sector.gambling.handle), and the
// class or sectors of none. Rules 2026-11-28.12 changed findings of 2
// posts, none of them generated: a casino post of posts.jsonl, and the
// long caption that holds it, find "#jackpot" with sector.gambling.jackpot
// instead of sector.gambling; the class or sectors of none, generated or
// not. Rules 2026-11-28.14 changed findings of 12 posts, none of them
// generated: 6 of posts.jsonl and 6 long captions. Each new finding
// stands beside the same sector already set: the doctor overruled ("my
// doctor wanted to put me on…"), a vape's handle ("le kit @vapora"), a
// guaranteed return ("rendement garanti"), a poker room's handle
// (@pokerstarz), a tipster's subscription further from his tips; a
// presale's "50x" moves from sector.crypto_finance to
// sector.crypto_finance.multiple (so it is no longer a span of
// verdict.non_compliant). The class or sectors of none, generated or not.
// Rules 2026-11-28.15 changed findings of 10 posts, none of them
// generated: 5 of posts.jsonl and 5 long captions, each a new context or
// sector finding beside the same result: "la publicité" as a subject (no
// "#publicité" there), "units" beside "premium" (a robot vacuum's review:
// context.tipster_subscription, which cancels no sector there), a
// tipster's handle (@TurfPronoPlus, @PronoGold: context.tipster_handle), a
// "Quinté" sold by the month (sector.sports_prognostics.racing, beside
// the same sector), "I bought it myself" also read by
// signal.bought_myself. The class or sectors of none, generated or not.
// Rules 2026-11-28.16 changed findings of 10 posts, none of them
// generated: 5 of posts.jsonl and 5 long captions, each a new context,
// signal or sector finding beside the same result: #renovation or
// #travaux read by context.renovation (no "refait" there), "in exchange
// for an honest review" and "en échange de ce post" also read by
// signal.paid_in_kind_content, "allez-y de ma part" beside that no
// longer a personal discount (commercial.paid still makes the post
// commercial), a casino's "slots" now sector.gambling.slots beside the
// same sector. The class or sectors of none, generated or not.
// Rules 2026-11-28.17 changed findings of 24 posts, none of them
// generated: 12 of posts.jsonl and 12 long captions. Ten are a new
// finding beside the same result ("liens affiliés" also read by
// disclosure.affiliate_link_named, "reçue en cadeau" by
// disclosure.received_as_gift, "pas de pub ici" by signal.not_sponsored,
// a yoga programme's "inscriptions" by signal.bookings_open); two change
// class, ev-0232 ("hooked me up") and ev-0326 ("gratuitement en échange
// de ce post"), non-compliant before and improvable now, as the
// labelling README's rule 2 now reads any wording of a benefit received.
// Their long captions change the same way; no sector changes.
// Rules 2026-11-28.18 changed findings of 29 posts, none of them
// generated: 15 of posts.jsonl and 14 long captions. Each is a new finding
// beside the same result: a code after its discount ("15% off with
// JESS15", "-10 % avec OLIVIA") also read by
// signal.promo_code_before_discount, "@vapeshop.fr" by
// sector.nicotine.liquid_handle, a poker room's link or handle
// (@pokerstarz) by sector.gambling.poker_link, beside the same sector.
// One long caption changes class: ev-0342's "20% off with KAYLA", joined
// to another post's "not sponsored, I bought it myself", is now read as
// the code it is, so that caption is non-compliant, not non-commercial.
// The class or sectors of no post of posts.jsonl change.
// Rules 2026-11-28.19 changed findings of 11 posts, none of them
// generated: 6 of posts.jsonl and 5 long captions, each a finding added
// or dropped beside the same result: "service presse" also read by
// disclosure.gifted, "@nuagevap" and "@vapeshop.fr" beside a pod or a
// puff by sector.nicotine.vap_handle, "@forexelite.academy" by
// sector.crypto_finance.handle, beside the same sector; "il y a deux
// ans" no longer read as a duo by context.friends_collab (which
// cancelled nothing there). The class or sectors of none, generated or
// not.
// Rules 2026-11-28.20 changed findings of 8 posts, none of them
// generated: 4 of posts.jsonl and 4 long captions, each a finding added
// beside the same result: a tipster's VIP beside his pronos or tips
// (ev-0038, ev-0084, ev-0374) by sector.sports_prognostics.vip_bets, a
// tipster's site in a link (ev-0084) by
// sector.sports_prognostics.tipster_link, "12% a month… guaranteed
// returns" (ev-0074) by sector.crypto_finance.guaranteed, beside the same
// sector. The class or sectors of none, generated or not.
// Rules 2026-11-28.21 changed findings of 3 posts, none of them
// generated: 2 of posts.jsonl and 1 long caption, each a finding added
// beside the same result: "hosted us for three nights" (ev-0329, and the
// long caption that holds it) by disclosure.hosted_nights, beside
// disclosure.gifted; "100 € offerts pour le premier pari" (ev-0124) by
// sector.gambling.pari, beside the same sector. The class or sectors of
// none, generated or not.
// The rules written from heldout23's misses (branch rules25, on .23)
// changed findings of 16 posts, none of them generated: 8 of posts.jsonl
// and the 8 long captions that hold them, each a finding added beside
// the same result: "m'a été prêté(e)" (ev-0012, ev-0307, ev-0476) by
// disclosure.benefit_received_more (and _named, and
// disclosure.sent_to_me_by for ev-0012's "par") beside disclosure.loaned,
// "qui m'a envoyé" after a thank-you (ev-0159) by
// disclosure.thanks_giver_clause, "invitée à goûter" (ev-0246) by
// disclosure.offered_kindly, antidepressants stopped (ev-0078) by
// sector.therapeutic_abstention.replace_verbs beside the same sector,
// "en complément de mon…, pas à sa place" (ev-0328) by
// context.complement_not_instead beside context.complement_to_treatment,
// "my neighbour" (ev-0482) by context.friends_collab. The class or
// sectors of none, generated or not.
const goldenGenerated = "e0576c7df1d07c005e1baab03c5451eaa118b5775ace5762791773b4b951dc74"

func TestGeneratedCorpusGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := gen.Write(&buf, gen.Options{N: 20000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	posts := readPosts(t, &buf)
	// Long captions too (the automaton scans them in two halves): the
	// evaluation set's captions joined, as in BenchmarkAnalyze300.
	var cur strings.Builder
	for _, p := range benchPosts(t) {
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(p.Text)
		if cur.Len() >= 280 {
			posts = append(posts, &Post{Text: cur.String(), ImageText: p.ImageText, Hashtags: p.Hashtags, Links: p.Links, PublishedAt: p.PublishedAt})
			cur.Reset()
		}
	}
	posts = append(posts, benchPosts(t)...)
	e := NewEngine(DefaultRules())
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, p := range posts {
		if err := enc.Encode(e.Analyze(p)); err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(Normalize(p.Text)))
		h.Write([]byte{0})
		h.Write([]byte(Normalize(p.ImageText)))
		h.Write([]byte{0})
	}
	got := hex.EncodeToString(h.Sum(nil))
	if got != goldenGenerated {
		t.Errorf("results of the generated corpus changed: hash %s, want %s", got, goldenGenerated)
	}
}

// TestPeriods checks the rules in force by period against each rule's dates.
func TestPeriods(t *testing.T) {
	e := NewEngine(DefaultRules())
	days := []int{-5, -1, 0, 1, 19991231, 20230608, 20230609, 20230610, 20241231, 99991231, 99999999, 100000000}
	for i := range e.fromDay {
		days = append(days, e.fromDay[i]-1, e.fromDay[i], e.fromDay[i]+1, e.untilDay[i]-1, e.untilDay[i], e.untilDay[i]+1)
	}
	for _, day := range days {
		var active []bool
		for _, p := range e.periods {
			if day <= p.until {
				active = p.active
				break
			}
		}
		for i := range e.rs {
			if want := day >= e.fromDay[i] && day <= e.untilDay[i]; active[i] != want {
				t.Fatalf("day %d, rule %s: in force %v, want %v", day, e.rs[i].ID, active[i], want)
			}
		}
	}
}

// TestHashtagAt compares hashtagAt with containsHashtag.
func TestHashtagAt(t *testing.T) {
	texts := []string{"", "#", "a #Food b", "#food#FOOD", "x #café #CAFÉ", "#k #\u212a", "#ſoin", "# food", "##food", "#foo", "#foodie"}
	tags := []string{"food", "Food", "café", "CAFÉ", "k", "soin", "SOIN", "foo", "ood", "é"}
	for _, text := range texts {
		var at []int32
		for i := 0; i < len(text); i++ {
			if text[i] == '#' {
				at = append(at, int32(i))
			}
		}
		for _, tag := range tags {
			if got, want := hashtagAt(text, at, tag), containsHashtag(text, tag); got != want {
				t.Errorf("hashtagAt(%q, %q) = %v, want %v", text, tag, got, want)
			}
		}
	}
}
