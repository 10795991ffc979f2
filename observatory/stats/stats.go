// Package stats holds the statistics of the observatory's reports: rates
// with Wilson score intervals, the two-proportion z-test of a before/after
// comparison, and the difference-in-differences estimate of whether one
// group (certified creators) improved more than another after the law.
//
// The normal distribution comes from gonum (distuv.UnitNormal), a well-kept
// numerical library, rather than a hand-written approximation.
package stats

import (
	"math"

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
