package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStratifiedProportionByHand checks a two-stratum table worked out by
// hand: N₁ = 100, n₁ = 10, 4 yes; N₂ = 300, n₂ = 20, 5 yes. So N = 400,
// W₁ = 1/4, W₂ = 3/4, p₁ = 0.4, p₂ = 0.25:
//
//	P = 0.25 × 0.4 + 0.75 × 0.25 = 0.1 + 0.1875 = 0.2875
//	s₁² = 10 × 0.4 × 0.6/9 = 2.4/9,   fpc₁ = 1 − 10/100 = 9/10
//	s₂² = 20 × 0.25 × 0.75/19 = 3.75/19, fpc₂ = 1 − 20/300 = 14/15
//	Var = 1/16 × 9/10 × (2.4/9)/10 + 9/16 × 14/15 × (3.75/19)/20
//	    = 0.0015 + 0.525 × 3.75/380 = 3/2000 + 63/12160
//	    = 2031/304000 = 0.00668092105…,  SE = 0.0817369014…
//
// The interval is Wilson's at the effective sample size n_eff = P(1−P)/Var
// = 0.2875 × 0.7125/0.00668092… = 30.66…: (P + z²/2n ± z√(P(1−P)/n +
// z²/4n²))/(1 + z²/n), written out below.
func TestStratifiedProportionByHand(t *testing.T) {
	e, ok := StratifiedProportion([]StratumCount{
		{Posts: 100, Reviewed: 10, Yes: 4},
		{Posts: 300, Reviewed: 20, Yes: 5},
	})
	if !ok {
		t.Fatal("not ok")
	}
	se := math.Sqrt(2031.0 / 304000)
	near(t, "value", e.Value, 0.2875, 1e-9)
	near(t, "se", e.SE, se, 1e-9)
	near(t, "se (decimal)", e.SE, 0.0817369014, 1e-9)
	lo, hi := wilsonByHand(0.2875, 0.2875*0.7125/(2031.0/304000))
	near(t, "low", e.Low, lo, 1e-9)
	near(t, "high", e.High, hi, 1e-9)
	near(t, "low (decimal)", e.Low, 0.158297, 1e-6)
	near(t, "high (decimal)", e.High, 0.464022, 1e-6)

	// A stratum with no posts changes nothing, whatever its sample fields.
	f, ok := StratifiedProportion([]StratumCount{
		{Posts: 100, Reviewed: 10, Yes: 4},
		{},
		{Posts: 300, Reviewed: 20, Yes: 5},
	})
	if !ok || f != e {
		t.Errorf("with an empty stratum: %+v, %v; want %+v", f, ok, e)
	}
}

// TestStratifiedRatioByHand checks a two-stratum ratio worked out by hand:
// N₁ = 100, n₁ = 10, Den 5, Num 2; N₂ = 300, n₂ = 20, Den 8, Num 6; so
// W₁ = 1/4, W₂ = 3/4 and
//
//	P̂_den = 0.25 × 5/10 + 0.75 × 8/20 = 0.125 + 0.3 = 0.425 = 17/40
//	P̂_num = 0.25 × 2/10 + 0.75 × 6/20 = 0.05 + 0.225 = 0.275 = 11/40
//	R̂ = 11/17
//
// Stratum 1: u is 6/17 twice, −11/17 three times, 0 five times;
// Σu = (12 − 33)/17 = −21/17, Σu² = (2 × 36 + 3 × 121)/289 = 435/289,
// s² = (435/289 − (21/17)²/10)/9 = (4350 − 441)/2890/9 = 3909/26010.
// Stratum 2: u is 6/17 six times, −11/17 twice, 0 twelve times;
// Σu = (36 − 22)/17 = 14/17, Σu² = (216 + 242)/289 = 458/289,
// s² = (458/289 − (14/17)²/20)/19 = (2290 − 49)/1445/19 = 2241/27455.
//
//	Var = (1/16 × 9/10 × 3909/26010/10 + 9/16 × 14/15 × 2241/27455/20)/(17/40)²
//	    = (3909/4624000 + 47061/21964000) × 1600/289
//	    = 52503/3173798 = 0.0165426407…,  SE = 0.1286181974…
func TestStratifiedRatioByHand(t *testing.T) {
	e, ok := StratifiedRatio([]RatioCount{
		{Posts: 100, Reviewed: 10, Num: 2, Den: 5},
		{Posts: 300, Reviewed: 20, Num: 6, Den: 8},
	})
	if !ok {
		t.Fatal("not ok")
	}
	r, se := 11.0/17, math.Sqrt(52503.0/3173798)
	near(t, "value", e.Value, r, 1e-9)
	near(t, "se", e.SE, se, 1e-9)
	near(t, "se (decimal)", e.SE, 0.1286181974, 1e-9)
	lo, hi := wilsonByHand(r, r*(1-r)/(52503.0/3173798))
	near(t, "low", e.Low, lo, 1e-9)
	near(t, "high", e.High, hi, 1e-9)
}

// wilsonByHand is Wilson's interval written out for the tests above.
func wilsonByHand(p, n float64) (float64, float64) {
	z := 1.959963984540054
	c := (p + z*z/(2*n)) / (1 + z*z/n)
	h := z / (1 + z*z/n) * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return c - h, c + h
}

// TestStratifiedProportionOneStratum checks that a single stratum gives the
// simple proportion with SE = √(p(1−p)/(n−1) × (1 − n/N)).
func TestStratifiedProportionOneStratum(t *testing.T) {
	for _, c := range []struct{ posts, reviewed, yes int }{
		{1000, 50, 12}, {60, 30, 29}, {7, 2, 1}, {500, 40, 0},
	} {
		e, ok := StratifiedProportion([]StratumCount{{c.posts, c.reviewed, c.yes}})
		if !ok {
			t.Errorf("%+v: not ok", c)
			continue
		}
		p, n, N := float64(c.yes)/float64(c.reviewed), float64(c.reviewed), float64(c.posts)
		near(t, "value", e.Value, p, 1e-12)
		near(t, "se", e.SE, math.Sqrt(p*(1-p)/(n-1)*(1-n/N)), 1e-12)
	}
}

// TestStratifiedCensus checks that reviewing every post of every stratum
// gives the exact share with no error.
func TestStratifiedCensus(t *testing.T) {
	e, ok := StratifiedProportion([]StratumCount{
		{Posts: 40, Reviewed: 40, Yes: 10},
		{Posts: 25, Reviewed: 25, Yes: 25},
		{Posts: 35, Reviewed: 35, Yes: 3},
	})
	if !ok || e.Value != 0.38 || e.SE != 0 || e.Low != 0.38 || e.High != 0.38 {
		t.Errorf("census proportion = %+v, %v; want 38/100 exactly, SE 0", e, ok)
	}
	r, ok := StratifiedRatio([]RatioCount{
		{Posts: 40, Reviewed: 40, Num: 10, Den: 20},
		{Posts: 25, Reviewed: 25, Num: 5, Den: 20},
		{Posts: 35, Reviewed: 35, Num: 3, Den: 10},
	})
	if !ok || math.Abs(r.Value-18.0/50) > 1e-15 || r.SE != 0 {
		t.Errorf("census ratio = %+v, %v; want 18/50, SE 0", r, ok)
	}
	// A census of one stratum beside a sample of another: only the sample
	// contributes variance.
	e, ok = StratifiedProportion([]StratumCount{
		{Posts: 100, Reviewed: 100, Yes: 30},
		{Posts: 100, Reviewed: 10, Yes: 5},
	})
	want := math.Sqrt(0.25 * 0.9 * (10 * 0.25 / 9) / 10)
	if !ok {
		t.Fatal("mixed census: not ok")
	}
	near(t, "mixed census value", e.Value, 0.4, 1e-12)
	near(t, "mixed census se", e.SE, want, 1e-12)
}

// TestStratifiedRatioAsProportion checks that a ratio over one stratum whose
// denominator is every reviewed post is the stratified proportion.
func TestStratifiedRatioAsProportion(t *testing.T) {
	for _, c := range []struct{ posts, reviewed, yes int }{
		{1000, 50, 12}, {60, 30, 29}, {300, 300, 100}, {400, 40, 0},
	} {
		p, okP := StratifiedProportion([]StratumCount{{c.posts, c.reviewed, c.yes}})
		r, okR := StratifiedRatio([]RatioCount{{c.posts, c.reviewed, c.yes, c.reviewed}})
		if !okP || !okR {
			t.Errorf("%+v: ok %v, %v", c, okP, okR)
			continue
		}
		near(t, "value", r.Value, p.Value, 1e-12)
		near(t, "se", r.SE, p.SE, 1e-12)
		near(t, "low", r.Low, p.Low, 1e-12)
		near(t, "high", r.High, p.High, 1e-12)
	}
}

// TestStratifiedInvalid checks that invalid or degenerate tables give
// ok = false rather than a figure or a panic.
func TestStratifiedInvalid(t *testing.T) {
	good := StratumCount{Posts: 100, Reviewed: 10, Yes: 3}
	for name, strata := range map[string][]StratumCount{
		"empty":              nil,
		"no posts":           {{}, {}},
		"one reviewed":       {good, {Posts: 50, Reviewed: 1, Yes: 1}},
		"none reviewed":      {good, {Posts: 50}},
		"yes > reviewed":     {good, {Posts: 50, Reviewed: 5, Yes: 6}},
		"reviewed > posts":   {good, {Posts: 5, Reviewed: 6, Yes: 1}},
		"negative yes":       {good, {Posts: 50, Reviewed: 5, Yes: -1}},
		"negative posts":     {good, {Posts: -5}},
		"reviewed, no posts": {good, {Reviewed: 3, Yes: 1}},
	} {
		if e, ok := StratifiedProportion(strata); ok || e != (Estimate{}) {
			t.Errorf("StratifiedProportion, %s: %+v, %v; want ok = false", name, e, ok)
		}
	}
	goodR := RatioCount{Posts: 100, Reviewed: 10, Num: 2, Den: 5}
	for name, strata := range map[string][]RatioCount{
		"empty":            nil,
		"no posts":         {{}},
		"one reviewed":     {goodR, {Posts: 50, Reviewed: 1, Num: 0, Den: 1}},
		"num > den":        {goodR, {Posts: 50, Reviewed: 5, Num: 3, Den: 2}},
		"den > reviewed":   {goodR, {Posts: 50, Reviewed: 5, Num: 1, Den: 6}},
		"reviewed > posts": {goodR, {Posts: 5, Reviewed: 6, Num: 1, Den: 2}},
		"negative num":     {goodR, {Posts: 50, Reviewed: 5, Num: -1, Den: 2}},
		"empty denominator": {
			{Posts: 100, Reviewed: 10}, {Posts: 50, Reviewed: 5},
		},
	} {
		if e, ok := StratifiedRatio(strata); ok || e != (Estimate{}) {
			t.Errorf("StratifiedRatio, %s: %+v, %v; want ok = false", name, e, ok)
		}
	}
}

// TestStratifiedCoverage draws, with a fixed seed, 2,000 stratified samples
// of 60 posts per stratum from a synthetic corpus of three strata (5,000,
// 800 and 300 posts) whose true classes are known, and checks that the 95 %
// intervals cover the true share of non-compliant posts, and the true
// share of compliant posts among commercial ones, in 93 % to 97 % of the
// samples.
//
// Two corpora: one whose classes are not rare, and one where non-compliant
// posts are rare in the dominant stratum (shares 0.1, 0.15, 0.4), where
// the normal interval P ± z·SE covered only 0.924 (an exact enumeration of
// the hypergeometric samples) and Wilson's interval at the effective
// sample size, which newEstimate uses, covers 0.93–0.94 in this test: better,
// still a little short of 95 % with 60 posts a stratum.
func TestStratifiedCoverage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		classes [][4]int // per stratum: not commercial, compliant, improvable, non-compliant
	}{
		{"balanced", [][4]int{{1000, 2000, 500, 1500}, {160, 320, 160, 160}, {30, 90, 60, 120}}},
		// Non-compliant posts rare in the dominant stratum (0.1, 0.15,
		// 0.4): the normal interval covered 0.924 here.
		{"rare", [][4]int{{1500, 2500, 500, 500}, {200, 320, 160, 120}, {30, 90, 60, 120}}},
	} {
		p, r := coverage(t, tc.classes)
		for _, c := range []struct {
			name string
			rate float64
		}{{"proportion", p}, {"ratio", r}} {
			t.Logf("%s, %s: coverage %.4f", tc.name, c.name, c.rate)
			if c.rate < 0.93 || c.rate > 0.97 {
				t.Errorf("%s, %s: 95 %% intervals cover the truth in %.4f of samples, want 0.93–0.97", tc.name, c.name, c.rate)
			}
		}
	}
}

// coverage draws 2,000 stratified samples of 60 posts per stratum from a
// corpus whose strata hold the given counts of each true class, and
// returns how often the intervals cover the true share of non-compliant
// posts and the true share of compliant posts among commercial ones.
func coverage(t *testing.T, classes [][4]int) (proportion, ratio float64) {
	t.Helper()
	const (
		notCommercial = iota
		compliant
		improvable
		nonCompliant
	)
	var pop [][]int
	var total, nonCompliantPosts, compliantPosts, commercialPosts int
	for _, counts := range classes {
		var stratum []int
		for class, k := range counts {
			for range k {
				stratum = append(stratum, class)
			}
		}
		pop = append(pop, stratum)
		total += len(stratum)
		nonCompliantPosts += counts[nonCompliant]
		compliantPosts += counts[compliant]
		commercialPosts += len(stratum) - counts[notCommercial]
	}
	trueP := float64(nonCompliantPosts) / float64(total)
	trueR := float64(compliantPosts) / float64(commercialPosts)

	const reps, n = 2000, 60
	rng := rand.New(rand.NewPCG(20240611, 7))
	coveredP, coveredR := 0, 0
	props := make([]StratumCount, len(pop))
	ratios := make([]RatioCount, len(pop))
	for range reps {
		for h, stratum := range pop {
			// A partial Fisher–Yates shuffle: the first n posts are a
			// simple random sample without replacement.
			for i := range n {
				j := i + rng.IntN(len(stratum)-i)
				stratum[i], stratum[j] = stratum[j], stratum[i]
			}
			var yes, num, den int
			for _, class := range stratum[:n] {
				if class == nonCompliant {
					yes++
				}
				if class == compliant {
					num++
				}
				if class != notCommercial {
					den++
				}
			}
			props[h] = StratumCount{Posts: len(stratum), Reviewed: n, Yes: yes}
			ratios[h] = RatioCount{Posts: len(stratum), Reviewed: n, Num: num, Den: den}
		}
		p, ok := StratifiedProportion(props)
		if !ok {
			t.Fatalf("proportion not ok: %+v", props)
		}
		if p.Low <= trueP && trueP <= p.High {
			coveredP++
		}
		r, ok := StratifiedRatio(ratios)
		if !ok {
			t.Fatalf("ratio not ok: %+v", ratios)
		}
		if r.Low <= trueR && trueR <= r.High {
			coveredR++
		}
	}
	return float64(coveredP) / reps, float64(coveredR) / reps
}

// TestStratifiedSmallCensus: a stratum of one post, reviewed, is known
// exactly and adds no variance; the same stratum of two posts with one
// reviewed cannot be estimated.
func TestStratifiedSmallCensus(t *testing.T) {
	sampled := StratumCount{Posts: 90, Reviewed: 10, Yes: 3}
	alone, ok := StratifiedProportion([]StratumCount{sampled})
	if !ok {
		t.Fatal("one sampled stratum: not ok")
	}
	got, ok := StratifiedProportion([]StratumCount{{Posts: 1, Reviewed: 1, Yes: 1}, sampled})
	if !ok {
		t.Fatal("a one-post census stratum: not ok")
	}
	near(t, "value", got.Value, 1.0/91+90.0/91*0.3, 1e-12)
	near(t, "se", got.SE, 90.0/91*alone.SE, 1e-12)
	if _, ok := StratifiedProportion([]StratumCount{{Posts: 2, Reviewed: 1, Yes: 1}, sampled}); ok {
		t.Error("a stratum of two posts with one reviewed: ok")
	}
	r, ok := StratifiedRatio([]RatioCount{{Posts: 1, Reviewed: 1, Num: 1, Den: 1}, {Posts: 90, Reviewed: 10, Num: 3, Den: 5}})
	if !ok || r.Value <= 0 || r.SE <= 0 {
		t.Errorf("ratio with a one-post census stratum: %+v %v", r, ok)
	}
}

// TestKappa checks Cohen's kappa on tables worked out by hand.
func TestKappa(t *testing.T) {
	// 50 items: p_o = 35/50 = 0.7; rows 25, 25, columns 30, 20:
	// p_e = (25·30 + 25·20)/2500 = 0.5; κ = 0.2/0.5 = 0.4.
	k, po, ok := Kappa([][]int{{20, 5}, {10, 15}})
	if !ok {
		t.Fatal("not ok")
	}
	near(t, "kappa", k, 0.4, 1e-12)
	near(t, "observed", po, 0.7, 1e-12)
	// Three classes, 100 items: diagonal 30+25+15 = 70, p_o = 0.70; rows
	// 40, 35, 25 and columns 35, 40, 25: p_e = (1400 + 1400 + 625)/10000 =
	// 0.3425; κ = (0.70 − 0.3425)/(1 − 0.3425) = 0.3575/0.6575.
	k, _, ok = Kappa([][]int{{30, 5, 5}, {5, 25, 5}, {0, 10, 15}})
	if !ok {
		t.Fatal("not ok")
	}
	near(t, "kappa 3×3", k, 0.3575/0.6575, 1e-12)
	// Perfect agreement over two classes: 1; agreement no better than
	// chance: 0.
	if k, _, _ := Kappa([][]int{{7, 0}, {0, 3}}); k != 1 {
		t.Errorf("perfect agreement: %v", k)
	}
	k, _, _ = Kappa([][]int{{25, 25}, {25, 25}})
	near(t, "chance", k, 0, 1e-12)
	// Undefined or invalid.
	for _, table := range [][][]int{nil, {{0, 0}, {0, 0}}, {{5, 0}, {0, 0}}, {{1, 2}}, {{1, -1}, {0, 1}}} {
		if _, _, ok := Kappa(table); ok {
			t.Errorf("%v: ok", table)
		}
	}
}

// TestStratifiedAllAgree: when every reviewed post of every stratum has
// the property, the variance is 0 but the share is not known for sure: the
// interval is Wilson's for as many draws as posts reviewed, not a point.
func TestStratifiedAllAgree(t *testing.T) {
	e, ok := StratifiedProportion([]StratumCount{{Posts: 1000, Reviewed: 20, Yes: 20}, {Posts: 500, Reviewed: 20, Yes: 20}})
	if !ok || e.Value != 1 || e.SE != 0 {
		t.Fatalf("%+v %v", e, ok)
	}
	lo, hi := wilsonByHand(1, 40)
	near(t, "low", e.Low, lo, 1e-12)
	near(t, "high", e.High, hi, 1e-12)
	if e.Low > 0.92 || e.High != 1 {
		t.Errorf("interval [%v, %v] for 40 posts all agreeing", e.Low, e.High)
	}
	r, ok := StratifiedRatio([]RatioCount{{Posts: 1000, Reviewed: 20, Num: 0, Den: 10}, {Posts: 500, Reviewed: 20, Num: 0, Den: 5}})
	if !ok || r.Value != 0 || r.Low != 0 || r.High < 0.1 {
		t.Errorf("ratio with no post in the numerator: %+v %v", r, ok)
	}
}
