package ical

import (
	"fmt"
	"slices"
	"time"

	ics "github.com/arran4/golang-ical"
)

// transition is a change of UTC offset in a time zone.
type transition struct {
	at       time.Time // the first instant under the new offset
	from, to int       // offsets in seconds east of UTC, before and after
	name     string    // abbreviation after, such as "CEST"
	dst      bool      // whether daylight saving time is in force after
}

// onset returns the wall clock at which t happens, read under the offset in
// force before it, as STANDARD and DAYLIGHT want their DTSTART (RFC 5545
// section 3.6.5).
func (t transition) onset() time.Time {
	return t.at.In(time.FixedZone("", t.from))
}

// transitions returns the changes of UTC offset in loc from start (inclusive)
// to end (exclusive), in order. Changes of abbreviation alone are left out.
func transitions(loc *time.Location, start, end time.Time) []transition {
	offset := func(unix int64) int {
		_, off := time.Unix(unix, 0).In(loc).Zone()
		return off
	}
	// Offsets change at most a few times a year and never twice within
	// twelve hours, so a scan by half days finds every change; a bisection
	// then finds its second.
	const step = 12 * 3600
	var out []transition
	lo, stop := start.Unix(), end.Unix()
	offLo := offset(lo)
	for lo < stop {
		hi := min(lo+step, stop)
		offHi := offset(hi)
		if offHi != offLo {
			a, b := lo, hi
			for b-a > 1 {
				mid := a + (b-a)/2
				if offset(mid) == offLo {
					a = mid
				} else {
					b = mid
				}
			}
			at := time.Unix(b, 0).In(loc)
			if b < stop {
				name, to := at.Zone()
				out = append(out, transition{at: at.UTC(), from: offLo, to: to, name: name, dst: at.IsDST()})
			}
		}
		lo, offLo = hi, offHi
	}
	return out
}

// yearlyRule is a recurrence of the form "the Nth (or last) weekday of a month
// at a wall-clock time", the form of the daylight saving rules of most zones.
type yearlyRule struct {
	month   time.Month
	weekday time.Weekday
	clock   time.Duration // from local midnight, under the offset before
	ordinal int           // 1 to 5, or -1 for the last
}

// RRULE returns the rule as an RRULE value.
func (r yearlyRule) RRULE() string {
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(r.month), r.ordinal, weekdayCodes[r.weekday])
}

var weekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ruleFor returns the yearly rules that the transitions all follow: a list of
// candidates ordered by preference (the last weekday first), empty if none.
func ruleFor(ts []transition) []yearlyRule {
	var common []yearlyRule
	for i, t := range ts {
		on := t.onset()
		midnight := time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, on.Location())
		base := yearlyRule{month: on.Month(), weekday: on.Weekday(), clock: on.Sub(midnight)}
		var cands []yearlyRule
		if on.Day()+7 > daysIn(on.Month(), on.Year()) {
			last := base
			last.ordinal = -1
			cands = append(cands, last)
		}
		nth := base
		nth.ordinal = (on.Day()-1)/7 + 1
		cands = append(cands, nth)
		if i == 0 {
			common = cands
			continue
		}
		common = slices.DeleteFunc(common, func(r yearlyRule) bool { return !slices.Contains(cands, r) })
	}
	return common
}

// daysIn returns the number of days of month in year.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// vtimezone returns a VTIMEZONE for loc, named zone, that is exact for every
// instant from the start of firstYear to the end of lastYear (in loc).
//
// When each year from the one before firstYear to lastYear has one change to
// daylight saving time and one back, each following one yearly rule with the
// same offsets (as in Europe/Paris: last Sunday of March at 02:00, +0100 to
// +0200; last Sunday of October at 03:00, +0200 to +0100), it is one DAYLIGHT
// and one STANDARD with an RRULE, starting in the year before firstYear.
// Otherwise it lists every change from the start of the year before
// firstYear, after an observance for the offset in force then.
func vtimezone(zone string, loc *time.Location, firstYear, lastYear int) *ics.VTimezone {
	tz := ics.NewTimezone(zone)
	firstYear--
	start := time.Date(firstYear, time.January, 1, 0, 0, 0, 0, loc)
	end := time.Date(lastYear+1, time.January, 1, 0, 0, 0, 0, loc)
	ts := transitions(loc, start, end)

	if rules, ok := yearlyRules(ts, firstYear, lastYear); ok {
		for _, r := range rules {
			tz.Components = append(tz.Components, observance(r.first, r.rule.RRULE()))
		}
		return tz
	}

	name, off := start.Zone()
	initial := transition{at: start.UTC(), from: off, to: off, name: name, dst: start.IsDST()}
	tz.Components = append(tz.Components, observance(initial, ""))
	for _, t := range ts {
		tz.Components = append(tz.Components, observance(t, ""))
	}
	return tz
}

// ruledObservance is an observance that recurs by a yearly rule from its
// first transition.
type ruledObservance struct {
	first transition
	rule  yearlyRule
}

// yearlyRules returns the two ruled observances that ts follows, if every
// year from firstYear to lastYear has exactly one change into daylight saving
// time and one out of it, and the changes of each kind share their offsets,
// abbreviation and a yearly rule.
func yearlyRules(ts []transition, firstYear, lastYear int) ([]ruledObservance, bool) {
	years := lastYear - firstYear + 1
	var toDST, toStandard []transition
	for _, t := range ts {
		if t.dst {
			toDST = append(toDST, t)
		} else {
			toStandard = append(toStandard, t)
		}
	}
	var out []ruledObservance
	for _, group := range [][]transition{toDST, toStandard} {
		if len(group) != years {
			return nil, false
		}
		for i, t := range group {
			if t.onset().Year() != firstYear+i || t.from != group[0].from || t.to != group[0].to || t.name != group[0].name {
				return nil, false
			}
		}
		rules := ruleFor(group)
		if len(rules) == 0 {
			return nil, false
		}
		out = append(out, ruledObservance{first: group[0], rule: rules[0]})
	}
	slices.SortFunc(out, func(a, b ruledObservance) int { return a.first.at.Compare(b.first.at) })
	return out, true
}

// observance returns the STANDARD or DAYLIGHT sub-component that starts at t,
// recurring by rrule unless it is empty.
func observance(t transition, rrule string) ics.Component {
	var c ics.ComponentBase
	c.SetProperty(ics.ComponentPropertyDtStart, t.onset().Format(localFormat))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(t.from))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(t.to))
	if t.name != "" {
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), t.name)
	}
	if rrule != "" {
		c.SetProperty(ics.ComponentPropertyRrule, rrule)
	}
	if t.dst {
		return &ics.Daylight{ComponentBase: c}
	}
	return &ics.Standard{ComponentBase: c}
}
