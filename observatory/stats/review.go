package stats

import "math"

// This file holds the estimates drawn from a hand review of a stratified
// sample: the corpus is split by the engine's verdict (the strata, whose
// sizes are known), and in each stratum the analysts review a simple random
// sample drawn without replacement. The estimates weight each stratum by its
// share of the corpus, and their variances carry the finite-population
// correction, so that a stratum reviewed in full contributes no variance.

// StratumCount is one stratum of a stratified review sample.
type StratumCount struct {
	Posts    int // N_h: the stratum's posts in the corpus
	Reviewed int // n_h: reviewed posts of the stratum (a simple random sample)
	Yes      int // reviewed posts of the stratum having the property
}

// Estimate is an estimated proportion with its 95 % interval.
type Estimate struct {
	Value float64 `json:"value"`
	SE    float64 `json:"se"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// StratifiedProportion estimates the share of the whole population (all
// strata) having the property:
//
//	P = Σ_h W_h p_h,  W_h = N_h/N,  p_h = Yes_h/n_h,
//	Var = Σ_h W_h² (1 − n_h/N_h) s_h²/n_h,  s_h² = n_h p_h(1−p_h)/(n_h − 1),
//
// with a 95 % interval by Wilson's formula at the effective sample size
// (see newEstimate). A stratum with Posts = 0 is ignored.
//
// ok is false, and the Estimate the zero value, when the input is invalid
// (some stratum breaks 0 ≤ Yes ≤ Reviewed ≤ Posts), when N = 0 (no strata,
// or all empty), or when some stratum with N_h > 0 has n_h < 2, whose
// variance cannot be estimated, unless the stratum is reviewed whole.
func StratifiedProportion(strata []StratumCount) (Estimate, bool) {
	for _, s := range strata {
		if s.Yes < 0 || s.Yes > s.Reviewed || s.Reviewed > s.Posts {
			return Estimate{}, false
		}
	}
	total, ok := populationSize(strata, func(s StratumCount) (int, int) { return s.Posts, s.Reviewed })
	if !ok {
		return Estimate{}, false
	}
	var p, v float64
	reviewed, census := 0, true
	for _, s := range strata {
		if s.Posts == 0 {
			continue
		}
		w := float64(s.Posts) / total
		n := float64(s.Reviewed)
		ph := float64(s.Yes) / n
		reviewed += s.Reviewed
		if s.Reviewed == s.Posts {
			p += w * ph // a census: known exactly
			continue
		}
		census = false
		s2 := n * ph * (1 - ph) / (n - 1)
		p += w * ph
		v += w * w * fpc(s.Reviewed, s.Posts) * s2 / n
	}
	return newEstimate(p, v, reviewed, census), true
}

// RatioCount is one stratum for a ratio: the reviewed posts in the
// numerator's set and in the denominator's set (numerator ⊆ denominator).
type RatioCount struct {
	Posts    int // N_h: the stratum's posts in the corpus
	Reviewed int // n_h: reviewed posts of the stratum (a simple random sample)
	Num      int // reviewed posts of the stratum in the numerator's set
	Den      int // reviewed posts of the stratum in the denominator's set
}

// StratifiedRatio estimates R = P_num / P_den (for instance the share of
// compliant posts among commercial ones) by the combined ratio estimator
// R̂ = P̂_num / P̂_den, each P̂ a stratified proportion as in
// StratifiedProportion. Its variance comes from linearisation: with
// u_i = 1[num] − R̂·1[den] for each reviewed post,
//
//	Var(R̂) ≈ (1/P̂_den²) Σ_h W_h² (1 − n_h/N_h) s²_{u,h}/n_h,
//
// s²_{u,h} being the sample variance (n_h − 1 denominator) of u in stratum
// h, computed from the counts: u is 1 − R̂ for Num posts, −R̂ for Den − Num
// posts and 0 for the others. The interval R̂ ± z·SE is clipped to [0, 1].
// A stratum with Posts = 0 is ignored.
//
// ok is false, and the Estimate the zero value, when the input is invalid
// (some stratum breaks 0 ≤ Num ≤ Den ≤ Reviewed ≤ Posts), when N = 0, when
// some stratum with N_h > 0 has n_h < 2 (unless reviewed whole), or when
// P̂_den = 0 (no reviewed post is in the denominator's set).
func StratifiedRatio(strata []RatioCount) (Estimate, bool) {
	for _, s := range strata {
		if s.Num < 0 || s.Num > s.Den || s.Den > s.Reviewed || s.Reviewed > s.Posts {
			return Estimate{}, false
		}
	}
	total, ok := populationSize(strata, func(s RatioCount) (int, int) { return s.Posts, s.Reviewed })
	if !ok {
		return Estimate{}, false
	}
	var pNum, pDen float64
	for _, s := range strata {
		if s.Posts == 0 {
			continue
		}
		w := float64(s.Posts) / total
		pNum += w * float64(s.Num) / float64(s.Reviewed)
		pDen += w * float64(s.Den) / float64(s.Reviewed)
	}
	if pDen == 0 {
		return Estimate{}, false
	}
	r := pNum / pDen
	var v float64
	inDen, census := 0, true
	for _, s := range strata {
		inDen += s.Den
		if s.Posts == 0 || s.Reviewed == s.Posts { // a census adds no variance
			continue
		}
		census = false
		w := float64(s.Posts) / total
		n := float64(s.Reviewed)
		// Σu² and Σu over the stratum's sample, then the sample variance
		// (Σu² − (Σu)²/n)/(n − 1); rounding can leave it a hair below 0.
		hit, miss := float64(s.Num), float64(s.Den-s.Num)
		sumSq := hit*(1-r)*(1-r) + miss*r*r
		sum := hit*(1-r) - miss*r
		s2 := math.Max(0, (sumSq-sum*sum/n)/(n-1))
		v += w * w * fpc(s.Reviewed, s.Posts) * s2 / n
	}
	return newEstimate(r, v/(pDen*pDen), inDen, census), true
}

// populationSize returns N = Σ N_h as a float64, checking that the strata
// are usable: N > 0 and every non-empty stratum has at least two reviewed
// posts. sizes gives a stratum's N_h and n_h.
func populationSize[S any](strata []S, sizes func(S) (posts, reviewed int)) (float64, bool) {
	total := 0
	for _, s := range strata {
		posts, reviewed := sizes(s)
		if posts == 0 {
			continue
		}
		if reviewed < 2 && reviewed != posts { // a census needs no variance
			return 0, false
		}
		total += posts
	}
	if total <= 0 {
		return 0, false
	}
	return float64(total), true
}

// fpc is the finite-population correction 1 − n/N of a simple random sample
// of n among N drawn without replacement: 0 for a census.
func fpc(n, N int) float64 {
	return 1 - float64(n)/float64(N)
}

// newEstimate returns value with the standard error √variance and a 95 %
// interval: Wilson's score interval for a proportion, taken at the
// effective sample size n_eff = value(1 − value)/variance, the number of
// simple random draws that would give the same variance (Kish). For a
// stratified survey proportion this keeps the interval inside [0, 1] and
// covers nearer 95 % than value ± z·SE when the share is near 0 or 1 or
// the strata are small (Korn & Graubard 1998, "Confidence intervals for
// proportions with small expected number of positive counts estimated
// from survey data", Survey Methodology 24(2); Dean & Pagano 2015,
// "Evaluating confidence interval methods for binomial proportions in
// clustered surveys", J. Surv. Stat. Methodol. 3(4)). When the variance is
// 0 without a census (every reviewed post of every stratum agrees),
// n_eff is the number of reviewed posts, so the interval says how little
// that many posts can rule out; a census is known exactly.
func newEstimate(value, variance float64, reviewed int, census bool) Estimate {
	se := math.Sqrt(variance)
	e := Estimate{Value: value, SE: se, Low: value, High: value}
	if census {
		return e
	}
	n := float64(reviewed)
	if variance > 0 && value > 0 && value < 1 {
		n = value * (1 - value) / variance
	}
	e.Low, e.High = wilsonAt(value, n)
	return e
}

// wilsonAt is Wilson's 95 % score interval for a proportion p observed on
// n draws, n not necessarily whole; [0, 1] when n is 0.
func wilsonAt(p, n float64) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	z2 := z95 * z95
	den := 1 + z2/n
	center := (p + z2/(2*n)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	low, high = math.Max(0, center-half), math.Min(1, center+half)
	// At p = 0 or 1 one bound is the observed share itself; rounding
	// must not leave it a hair inside.
	if p == 0 {
		low = 0
	}
	if p == 1 {
		high = 1
	}
	return low, high
}

// Kappa is Cohen's kappa of two readings of the same items: how far the
// readers agree beyond the agreement chance gives with each reader's own
// frequencies,
//
//	κ = (p_o − p_e) / (1 − p_e),  p_e = Σ_k (row_k / n)(col_k / n),
//
// where table[i][j] counts the items the first reader put in class i and
// the second in class j (a square table), p_o is the share on the
// diagonal. It also returns p_o. ok is false with no items, a table that
// is not square or holds a negative count, or when p_e = 1 (both readers
// put every item in the same one class: kappa is undefined).
func Kappa(table [][]int) (kappa, observed float64, ok bool) {
	k := len(table)
	rows, cols := make([]float64, k), make([]float64, k)
	var n, diag float64
	for i, row := range table {
		if len(row) != k {
			return 0, 0, false
		}
		for j, c := range row {
			if c < 0 {
				return 0, 0, false
			}
			v := float64(c)
			n += v
			rows[i] += v
			cols[j] += v
			if i == j {
				diag += v
			}
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	var expected float64
	for i := range k {
		expected += rows[i] / n * cols[i] / n
	}
	observed = diag / n
	if expected >= 1 {
		return 0, observed, false
	}
	return (observed - expected) / (1 - expected), observed, true
}
