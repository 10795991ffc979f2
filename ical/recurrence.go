package ical

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxOccurrences bounds a series.
const MaxOccurrences = 60

// Occurrences expands an RRULE (RFC 5545 syntax without the "RRULE:" prefix,
// e.g. "FREQ=MONTHLY;INTERVAL=3;COUNT=4") from the first start, in the given
// zone so that wall-clock time is kept across DST (a 18:30 Paris meeting stays
// at 18:30 Paris in winter and summer), and returns the occurrence start
// instants in that zone, first included, to the second.
//
// An empty zone means DefaultTimeZone. A floating UNTIL (without "Z") is read
// in the zone. It returns an error wrapping ErrInvalid for a malformed rule,
// for a rule that never ends (neither COUNT nor UNTIL), for more than
// MaxOccurrences occurrences, for a first start that the rule does not itself
// produce (RFC 5545 leaves such a series undefined), and for an unknown zone.
func Occurrences(rule string, first time.Time, zone string) ([]time.Time, error) {
	if zone == "" {
		zone = DefaultTimeZone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return nil, err
	}
	if first.IsZero() {
		return nil, fmt.Errorf("%w: recurrence: no first start", ErrInvalid)
	}
	rule = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rule), "RRULE:")))
	count, err := checkRuleParts(rule)
	if err != nil {
		return nil, fmt.Errorf("%w: recurrence rule %q: %w", ErrInvalid, rule, err)
	}
	opt, err := rrule.StrToROptionInLocation(rule, loc)
	if err != nil {
		return nil, fmt.Errorf("%w: recurrence rule %q: %w", ErrInvalid, rule, err)
	}
	if count == 0 && opt.Until.IsZero() {
		return nil, fmt.Errorf("%w: recurrence rule %q never ends: give COUNT or UNTIL", ErrInvalid, rule)
	}
	if count > MaxOccurrences {
		return nil, fmt.Errorf("%w: recurrence rule %q: COUNT=%d is more than %d occurrences", ErrInvalid, rule, count, MaxOccurrences)
	}
	// rrule-go builds each occurrence with time.Date in the location of
	// DTSTART, which is what keeps the wall clock across DST changes.
	opt.Dtstart = first.In(loc).Truncate(time.Second)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("%w: recurrence rule %q: %w", ErrInvalid, rule, err)
	}

	var out []time.Time
	next := r.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if len(out) == MaxOccurrences {
			return nil, fmt.Errorf("%w: recurrence rule %q gives more than %d occurrences", ErrInvalid, rule, MaxOccurrences)
		}
		out = append(out, t.In(loc))
	}
	if len(out) == 0 || !out[0].Equal(opt.Dtstart) {
		return nil, fmt.Errorf("%w: recurrence rule %q does not produce the first start %s", ErrInvalid, rule, opt.Dtstart.Format(time.RFC3339))
	}
	return out, nil
}

// checkRuleParts checks what rrule-go lets through: each part must be a
// single NAME=value, DTSTART (which rrule-go reads, but which is the first
// start here) is refused, and COUNT and INTERVAL must be positive (rrule-go
// reads COUNT=-1 as no count, and INTERVAL=0 as 1). It returns COUNT, or 0
// when the rule has none.
func checkRuleParts(rule string) (count int, err error) {
	if rule == "" {
		return 0, errors.New("empty rule")
	}
	if strings.ContainsAny(rule, "\r\n") {
		return 0, errors.New("a rule is one line")
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(rule, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok || name == "" || value == "" {
			return 0, fmt.Errorf("part %q is not NAME=value", part)
		}
		if seen[name] {
			return 0, fmt.Errorf("%s given twice", name)
		}
		seen[name] = true
		switch name {
		case "DTSTART":
			return 0, errors.New("DTSTART is not part of a rule")
		case "COUNT", "INTERVAL":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return 0, fmt.Errorf("%s=%s is not a positive integer", name, value)
			}
			if name == "COUNT" {
				count = n
			}
		}
	}
	if seen["COUNT"] && seen["UNTIL"] {
		return 0, errors.New("COUNT and UNTIL cannot both be given")
	}
	return count, nil
}
