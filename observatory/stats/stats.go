// Package stats holds the statistics of the observatory's reports: rates
// with Wilson score intervals, the two-proportion z-test of a before/after
// comparison, and the difference-in-differences estimate of whether one
// group (certified creators) improved more than another after the law, and
// the exact binomial test of a rate against a figure another study
// published.
//
// The normal and binomial distributions come from gonum (distuv), a
// well-kept numerical library, rather than hand-written approximations.
package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence is the level of every interval (95 %).
const Confidence = 0.95

// z95 is the two-sided 95 % quantile of the standard normal distribution.
var z95 = distuv.UnitNormal.Quantile(1 - (1-Confidence)/2)

// Rate is a proportion K/N with its Wilson 95 % interval.
type Rate struct {
	K    int     `json:"k"`
	N    int     `json:"n"`
	Rate float64 `json:"rate"` // K/N; 0 when N is 0
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// NewRate returns K/N with its Wilson score interval. With N = 0 the rate is
// 0 and the interval [0, 1]: nothing is known.
func NewRate(k, n int) Rate {
	lo, hi := Wilson(k, n)
	r := Rate{K: k, N: n, Low: lo, High: hi}
	if n > 0 {
		r.Rate = float64(k) / float64(n)
	}
	return r
}

// Wilson returns the Wilson score 95 % interval of the proportion k/n:
//
//	(p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
//
// It is [0, 1] when n is 0.
func Wilson(k, n int) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// Comparison is the change of a rate between two groups (before → after),
// tested with the two-proportion z-test (pooled standard error).
type Comparison struct {
	Before Rate    `json:"before"`
	After  Rate    `json:"after"`
	Diff   float64 `json:"diff"` // After.Rate − Before.Rate
	// Low and High bound the difference (95 %, unpooled standard error).
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	Z    float64 `json:"z"`
	P    float64 `json:"p"` // two-sided p-value; 1 when the test cannot be run
	// Testable is false when a group is empty or both rates are 0 or 1.
	Testable bool `json:"testable"`
}

// Compare compares k1/n1 (before) with k2/n2 (after).
func Compare(k1, n1, k2, n2 int) Comparison {
	c := Comparison{Before: NewRate(k1, n1), After: NewRate(k2, n2), P: 1}
	c.Diff = c.After.Rate - c.Before.Rate
	if n1 == 0 || n2 == 0 {
		c.Low, c.High = -1, 1
		return c
	}
	p1, p2 := c.Before.Rate, c.After.Rate
	se := math.Sqrt(p1*(1-p1)/float64(n1) + p2*(1-p2)/float64(n2))
	c.Low, c.High = math.Max(-1, c.Diff-z95*se), math.Min(1, c.Diff+z95*se)
	pool := float64(k1+k2) / float64(n1+n2)
	sePool := math.Sqrt(pool * (1 - pool) * (1/float64(n1) + 1/float64(n2)))
	if sePool == 0 {
		return c
	}
	c.Z = c.Diff / sePool
	c.P = twoSided(c.Z)
	c.Testable = true
	return c
}

// DiD is a difference-in-differences estimate on a binary outcome: how much
// more the treated group's rate changed than the control group's between
// two periods, (T_after − T_before) − (C_after − C_before). Its standard
// error treats the four cells as independent samples,
// √(Σ p(1−p)/n), and the test is a Wald z-test.
type DiD struct {
	TreatedBefore Rate    `json:"treated_before"`
	TreatedAfter  Rate    `json:"treated_after"`
	ControlBefore Rate    `json:"control_before"`
	ControlAfter  Rate    `json:"control_after"`
	Estimate      float64 `json:"estimate"`
	SE            float64 `json:"se"`
	Low           float64 `json:"low"`
	High          float64 `json:"high"`
	Z             float64 `json:"z"`
	P             float64 `json:"p"`
	// Testable is false when a cell is empty or the standard error is 0.
	Testable bool `json:"testable"`
}

// DifferenceInDifferences estimates the DiD from the four cells.
func DifferenceInDifferences(treatedBefore, treatedAfter, controlBefore, controlAfter Rate) DiD {
	d := DiD{TreatedBefore: treatedBefore, TreatedAfter: treatedAfter, ControlBefore: controlBefore, ControlAfter: controlAfter, P: 1}
	d.Estimate = (treatedAfter.Rate - treatedBefore.Rate) - (controlAfter.Rate - controlBefore.Rate)
	v := 0.0
	for _, r := range []Rate{treatedBefore, treatedAfter, controlBefore, controlAfter} {
		if r.N == 0 {
			d.Low, d.High = -2, 2
			return d
		}
		v += r.Rate * (1 - r.Rate) / float64(r.N)
	}
	d.SE = math.Sqrt(v)
	d.Low, d.High = d.Estimate-z95*d.SE, d.Estimate+z95*d.SE
	if d.SE == 0 {
		return d
	}
	d.Z = d.Estimate / d.SE
	d.P = twoSided(d.Z)
	d.Testable = true
	return d
}

// twoSided is the two-sided p-value of a standard normal statistic.
func twoSided(z float64) float64 {
	return 2 * distuv.UnitNormal.Survival(math.Abs(z))
}

// OneSample sets a rate measured here beside a proportion published
// elsewhere (another study's figure for the same months and group), with an
// exact binomial test of whether K/N could come from that proportion.
type OneSample struct {
	Rate      Rate    `json:"rate"`
	Published float64 `json:"published"`
	Diff      float64 `json:"diff"` // Rate.Rate − Published
	// P is the two-sided p-value of the exact binomial test: the
	// probability, under Binomial(N, Published), of a count no more likely
	// than K. 1 when the test cannot be run.
	P float64 `json:"p"`
	// Testable is false when N is 0.
	Testable bool `json:"testable"`
}

// CompareWith tests k/n against the published proportion p0 (0 ≤ p0 ≤ 1).
//
// The p-value sums the probabilities of every count at most as likely as k
// (the "minimum likelihood" two-sided test, as R's binom.test computes it,
// with the same relative tolerance of 1e-7 for ties). The binomial
// distribution is unimodal, so instead of summing over all counts it finds,
// by bisection, where the other tail starts and takes both tails from the
// regularized incomplete beta function: the cost does not grow with n, and
// a p-value far below 1e-16 is not rounded up to it.
func CompareWith(k, n int, p0 float64) OneSample {
	o := OneSample{Rate: NewRate(k, n), Published: p0, P: 1}
	if n <= 0 {
		return o
	}
	o.Diff = o.Rate.Rate - p0
	o.Testable = true
	switch {
	case p0 <= 0:
		if k > 0 {
			o.P = 0
		}
		return o
	case p0 >= 1:
		if k < n {
			o.P = 0
		}
		return o
	}
	b := distuv.Binomial{N: float64(n), P: p0}
	prob := func(i int) float64 { return b.Prob(float64(i)) }
	d := prob(k) * (1 + 1e-7)
	mode := int(math.Floor(float64(n+1) * p0))
	if mode > n {
		mode = n
	}
	if k == mode {
		return o
	}
	// P(X ≤ j) and P(X ≥ j), each from the regularized incomplete beta
	// function (gonum's mathext), so that a far tail keeps its relative
	// precision instead of being 1 minus almost 1.
	fn := float64(n)
	atMost := func(j int) float64 {
		if j >= n {
			return 1
		}
		return mathext.RegIncBeta(fn-float64(j), float64(j)+1, 1-p0)
	}
	atLeast := func(j int) float64 {
		if j <= 0 {
			return 1
		}
		return mathext.RegIncBeta(float64(j), fn-float64(j)+1, p0)
	}
	var p float64
	if k < mode {
		// The upper tail: the first j ≥ mode with prob(j) ≤ d (prob
		// decreases from the mode on; the mode itself only ties with k
		// when there are two modes).
		lo, hi := mode, n+1 // answer in [lo, hi]; n+1: none
		for lo < hi {
			mid := lo + (hi-lo)/2
			if prob(mid) <= d {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		p = atMost(k)
		if lo <= n {
			p += atLeast(lo)
		}
	} else {
		// The lower tail: the last j ≤ mode with prob(j) ≤ d (prob rises
		// up to the mode).
		lo, hi := -1, mode // answer in [lo, hi]; -1: none
		for lo < hi {
			mid := hi - (hi-lo)/2
			if prob(mid) <= d {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		p = atLeast(k)
		if lo >= 0 {
			p += atMost(lo)
		}
	}
	o.P = math.Min(1, p)
	return o
}
