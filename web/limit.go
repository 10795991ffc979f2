package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// signInLimiter limits sign-in link requests per address and per client IP,
// so the form cannot be used to flood someone's mailbox or to probe addresses.
// Limits are per server instance.
type signInLimiter struct {
	mu      sync.Mutex
	byEmail map[string]*limiterEntry
	byIP    map[string]*limiterEntry
	lastGC  time.Time
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	// Per address: a burst of 3, then one every 10 minutes.
	emailBurst = 3
	emailEvery = 10 * time.Minute
	// Per IP: a burst of 10, then one a minute.
	ipBurst = 10
	ipEvery = time.Minute
)

func newSignInLimiter() *signInLimiter {
	return &signInLimiter{byEmail: map[string]*limiterEntry{}, byIP: map[string]*limiterEntry{}, lastGC: time.Now()}
}

// Allow reports whether one more request for email from ip is allowed.
func (l *signInLimiter) Allow(email, ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.lastGC) > time.Hour {
		for k, e := range l.byEmail {
			if now.Sub(e.seen) > time.Hour {
				delete(l.byEmail, k)
			}
		}
		for k, e := range l.byIP {
			if now.Sub(e.seen) > time.Hour {
				delete(l.byIP, k)
			}
		}
		l.lastGC = now
	}
	get := func(m map[string]*limiterEntry, key string, every time.Duration, burst int) *limiterEntry {
		e, ok := m[key]
		if !ok {
			e = &limiterEntry{lim: rate.NewLimiter(rate.Every(every), burst)}
			m[key] = e
		}
		e.seen = now
		return e
	}
	ipl := get(l.byIP, ip, ipEvery, ipBurst)
	el := get(l.byEmail, email, emailEvery, emailBurst)
	// Take from both only if both have a token, so a refused request does
	// not use up the other budget.
	ipr := ipl.lim.ReserveN(now, 1)
	er := el.lim.ReserveN(now, 1)
	if ipr.DelayFrom(now) > 0 || er.DelayFrom(now) > 0 {
		ipr.CancelAt(now)
		er.CancelAt(now)
		return false
	}
	return true
}
