package stats

import (
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", name, got, want, tol)
	}
}

// TestWilson checks intervals computed by hand from the formula with
// z = 1.959964 (z² = 3.841459):
//
//	8/10: p = 0.8, 1 + z²/n = 1.3841459, centre = (0.8 + 0.1920729)/1.3841459 = 0.716740,
//	half = 1.959964/1.3841459 × √(0.016 + 0.0096036) = 1.416007 × 0.160011 = 0.226577,
//	so [0.490163, 0.943318];
//
// and against the published worked examples of Newcombe (1998), "Two-sided
// confidence intervals for the single proportion", Statistics in Medicine
// 17: 81/263 → [0.2553, 0.3662], 15/148 → [0.0624, 0.1605], 0/20 → [0, 0.1611].
func TestWilson(t *testing.T) {
	lo, hi := Wilson(8, 10)
	near(t, "8/10 low", lo, 0.490163, 1e-5)
	near(t, "8/10 high", hi, 0.943318, 1e-5)
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
	} {
		lo, hi := Wilson(c.k, c.n)
		near(t, "low", lo, c.lo, 5e-5)
		near(t, "high", hi, c.hi, 5e-5)
	}
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("Wilson(0, 0) = %v, %v; want 0, 1", lo, hi)
	}
	if lo, hi := Wilson(20, 20); hi != 1 || lo >= 1 || lo < 0.83 {
		t.Errorf("Wilson(20, 20) = %v, %v", lo, hi)
	}
	r := NewRate(3, 4)
	if r.Rate != 0.75 || r.K != 3 || r.N != 4 || !(r.Low < 0.75 && r.High > 0.75) {
		t.Errorf("NewRate(3, 4) = %+v", r)
	}
}

// TestCompare checks the two-proportion z-test computed by hand:
// 45/100 before, 60/100 after; pooled p = 105/200 = 0.525,
// SE = √(0.525 × 0.475 × (1/100 + 1/100)) = √0.0049875 = 0.0706222,
// z = 0.15/0.0706222 = 2.123977, p = 2(1 − Φ(2.123977)) = 0.033672.
// Unpooled SE = √(0.45×0.55/100 + 0.6×0.4/100) = √0.004875 = 0.0698212, so
// the difference's interval is 0.15 ± 1.959964 × 0.0698212 = [0.013153, 0.286847].
func TestCompare(t *testing.T) {
	c := Compare(45, 100, 60, 100)
	near(t, "diff", c.Diff, 0.15, 1e-12)
	near(t, "z", c.Z, 2.123977, 1e-5)
	near(t, "p", c.P, 0.033672, 1e-5)
	near(t, "low", c.Low, 0.013153, 1e-5)
	near(t, "high", c.High, 0.286847, 1e-5)
	if !c.Testable {
		t.Error("not testable")
	}
	// Symmetry: swapping the groups flips z, keeps p.
	d := Compare(60, 100, 45, 100)
	near(t, "swapped z", d.Z, -c.Z, 1e-12)
	near(t, "swapped p", d.P, c.P, 1e-12)
	// Degenerate tables cannot be tested.
	for _, e := range []Comparison{Compare(0, 0, 3, 10), Compare(0, 10, 0, 10), Compare(5, 5, 7, 7)} {
		if e.Testable || e.P != 1 {
			t.Errorf("degenerate comparison tested: %+v", e)
		}
	}
}

// TestDifferenceInDifferences checks a small table by hand: certified
// 30/50 before and 45/50 after (+0.30), others 40/100 before and 50/100
// after (+0.10): DiD = 0.20.
// SE = √(0.6×0.4/50 + 0.9×0.1/50 + 0.4×0.6/100 + 0.5×0.5/100)
//
//	= √(0.0048 + 0.0018 + 0.0024 + 0.0025) = √0.0115 = 0.107238,
//
// z = 0.2/0.107238 = 1.865010, p = 2(1 − Φ(1.865010)) = 0.062180,
// interval 0.2 ± 1.959964 × 0.107238 = [−0.010183, 0.410183].
func TestDifferenceInDifferences(t *testing.T) {
	d := DifferenceInDifferences(NewRate(30, 50), NewRate(45, 50), NewRate(40, 100), NewRate(50, 100))
	near(t, "estimate", d.Estimate, 0.2, 1e-12)
	near(t, "se", d.SE, 0.107238, 1e-6)
	near(t, "z", d.Z, 1.865010, 1e-5)
	near(t, "p", d.P, 0.062180, 1e-5)
	near(t, "low", d.Low, -0.010183, 1e-5)
	near(t, "high", d.High, 0.410183, 1e-5)
	if !d.Testable {
		t.Error("not testable")
	}
	e := DifferenceInDifferences(NewRate(1, 2), NewRate(0, 0), NewRate(1, 2), NewRate(1, 2))
	if e.Testable || e.P != 1 {
		t.Errorf("empty cell tested: %+v", e)
	}
}

// bruteBinomialTest is an independent implementation of the two-sided
// exact binomial test: it sums, over every count, the probabilities no
// larger than that of k (with the same 1e-7 relative tolerance), each
// computed from log-gamma, without gonum.
func bruteBinomialTest(k, n int, p float64) float64 {
	pmf := func(i int) float64 {
		lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
		return math.Exp(lg(float64(n+1)) - lg(float64(i+1)) - lg(float64(n-i+1)) +
			float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
	}
	d := pmf(k) * (1 + 1e-7)
	sum := 0.0
	for i := 0; i <= n; i++ {
		if q := pmf(i); q <= d {
			sum += q
		}
	}
	return math.Min(1, sum)
}

// TestCompareWith checks the exact binomial test against the worked
// example of R's binom.test documentation (Conover 1971: 682 "giant"
// plants of 925 against Mendel's 3/4 gives p = 0.3825) and against the
// brute-force sum above over small tables and large ones.
func TestCompareWith(t *testing.T) {
	o := CompareWith(682, 925, 0.75)
	near(t, "p(682/925 vs 3/4)", o.P, 0.3825, 5e-5)
	near(t, "diff", o.Diff, 682.0/925-0.75, 1e-12)
	if !o.Testable || o.Rate.K != 682 || o.Rate.N != 925 || o.Published != 0.75 {
		t.Errorf("CompareWith(682, 925, 0.75) = %+v", o)
	}
	for _, n := range []int{1, 2, 5, 10, 20, 37} {
		for _, p0 := range []float64{0.02, 0.1, 0.3, 0.5, 0.59, 0.77, 0.95} {
			for k := 0; k <= n; k++ {
				got, want := CompareWith(k, n, p0).P, bruteBinomialTest(k, n, p0)
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("CompareWith(%d, %d, %v).P = %.12f, brute force %.12f", k, n, p0, got, want)
				}
			}
		}
	}
	for _, c := range []struct {
		k, n int
		p0   float64
	}{{5900, 10000, 0.6}, {8450, 10000, 0.85}, {1234, 60000, 0.02}, {71200, 100000, 0.71}, {69000, 100000, 0.71},
		// Far tails: p-values down to 1e-101 keep their digits (1 − CDF
		// would round them up to 1.1e-16).
		{4837, 10000, 0.59}, {6900, 10000, 0.59}, {287, 10000, 0.02}, {30, 100, 0.7}} {
		got, want := CompareWith(c.k, c.n, c.p0).P, bruteBinomialTest(c.k, c.n, c.p0)
		if math.Abs(got-want) > 1e-7*want && math.Abs(got-want) > 1e-300 {
			t.Errorf("CompareWith(%d, %d, %v).P = %.10g, brute force %.10g", c.k, c.n, c.p0, got, want)
		}
	}
	// Degenerate cases: nothing to test, or a published 0 % or 100 %.
	if o := CompareWith(0, 0, 0.5); o.Testable || o.P != 1 {
		t.Errorf("CompareWith(0, 0, 0.5) = %+v, want untestable with p = 1", o)
	}
	if o := CompareWith(0, 10, 0); o.P != 1 {
		t.Errorf("CompareWith(0, 10, 0).P = %v, want 1", o.P)
	}
	if o := CompareWith(1, 10, 0); o.P != 0 {
		t.Errorf("CompareWith(1, 10, 0).P = %v, want 0", o.P)
	}
	if o := CompareWith(9, 10, 1); o.P != 0 {
		t.Errorf("CompareWith(9, 10, 1).P = %v, want 0", o.P)
	}
}
