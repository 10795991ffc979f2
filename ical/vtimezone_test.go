package ical_test

import (
	"fmt"
	"sort"
	"strconv"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/creatorclub/creatorclub/ical"
)

// onset is a moment from which a VTIMEZONE observance's offset applies.
type onset struct {
	at     time.Time
	offset int // seconds east of UTC
}

// readTimezone interprets a VTIMEZONE as a calendar program does: each
// STANDARD or DAYLIGHT starts at DTSTART and at each RRULE occurrence, local
// times read under TZOFFSETFROM. It returns the onsets until the given time.
func readTimezone(t *testing.T, tz *goical.Component, until time.Time) []onset {
	t.Helper()
	var out []onset
	for _, obs := range tz.Children {
		from := parseOffset(t, obs.Props.Get("TZOFFSETFROM").Value)
		to := parseOffset(t, obs.Props.Get("TZOFFSETTO").Value)
		// Wall clocks are handled as UTC times, then shifted by TZOFFSETFROM.
		start, err := time.ParseInLocation("20060102T150405", obs.Props.Get("DTSTART").Value, time.UTC)
		if err != nil {
			t.Fatalf("%s DTSTART: %v", obs.Name, err)
		}
		walls := []time.Time{start}
		if p := obs.Props.Get("RRULE"); p != nil {
			opt, err := rrule.StrToROption(p.Value)
			if err != nil {
				t.Fatalf("%s RRULE %q: %v", obs.Name, p.Value, err)
			}
			opt.Dtstart = start
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatalf("%s RRULE %q: %v", obs.Name, p.Value, err)
			}
			walls = r.Between(start, until.Add(48*time.Hour), true)
			if len(walls) == 0 || !walls[0].Equal(start) {
				t.Errorf("%s DTSTART %s is not the first occurrence of RRULE %s", obs.Name, start, p.Value)
			}
		}
		for _, w := range walls {
			out = append(out, onset{at: w.Add(-time.Duration(from) * time.Second), offset: to})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// parseOffset parses a UTC-OFFSET value such as "+0100" or "-033000".
func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("malformed UTC offset %q", s)
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(s) {
			break
		}
		v, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil {
			t.Fatalf("malformed UTC offset %q", s)
		}
		n += v * unit
	}
	if s[0] == '-' {
		n = -n
	}
	return n
}

func TestTimezoneMatchesGoData(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zone        string
		first, last int
		wantRule    string // "rule": STANDARD and DAYLIGHT with RRULE; "list": no RRULE; "": either
		wantSubs    int    // number of sub-components, 0 for any
	}{
		{"Europe/Paris", 2026, 2026, "rule", 2},
		{"Europe/Paris", 2026, 2030, "rule", 2},
		{"America/New_York", 2026, 2027, "rule", 2},
		{"Australia/Sydney", 2026, 2026, "rule", 2}, // southern hemisphere
		{"America/St_Johns", 2026, 2026, "rule", 2}, // -0330 / -0230
		{"Asia/Tokyo", 2026, 2026, "list", 1},       // no daylight saving time
		{"Asia/Kolkata", 2026, 2026, "list", 1},     // +0530
		{"UTC", 2026, 2026, "list", 1},
		{"Europe/Istanbul", 2015, 2017, "list", 0},   // stopped changing in 2016
		{"America/Sao_Paulo", 2018, 2020, "list", 0}, // stopped changing in 2019
		{"Africa/Casablanca", 2026, 2027, "", 0},     // changes around Ramadan
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %d-%d", tc.zone, tc.first, tc.last), func(t *testing.T) {
			t.Parallel()
			loc := mustLoad(tc.zone)
			c := &ical.Calendar{TimeZone: tc.zone, Stamp: stamp, Events: []ical.Event{
				meeting("first@x", "Premier", time.Date(tc.first, 1, 1, 12, 0, 0, 0, loc)),
				meeting("last@x", "Dernier", time.Date(tc.last, 12, 31, 12, 0, 0, 0, loc)),
			}}
			cal := decode(t, encode(t, c))
			tzs := children(cal.Component, goical.CompTimezone)
			if len(tzs) != 1 {
				t.Fatalf("got %d VTIMEZONE, want 1", len(tzs))
			}
			tz := tzs[0]
			if got := text(t, tz, goical.PropTimezoneID); got != tc.zone {
				t.Errorf("TZID = %q, want %q", got, tc.zone)
			}
			if tc.wantSubs != 0 && len(tz.Children) != tc.wantSubs {
				t.Errorf("got %d sub-components, want %d", len(tz.Children), tc.wantSubs)
			}
			rules := 0
			for _, sub := range tz.Children {
				if sub.Props.Get("RRULE") != nil {
					rules++
				}
			}
			switch {
			case tc.wantRule == "rule" && (rules != 2 || len(tz.Children) != 2):
				t.Errorf("got %d sub-components, %d with RRULE; want a STANDARD and a DAYLIGHT with RRULE", len(tz.Children), rules)
			case tc.wantRule == "list" && rules != 0:
				t.Errorf("got %d sub-components with RRULE, want none", rules)
			}

			// Every half hour of the period, and around every change, the
			// VTIMEZONE must give Go's offset.
			from := time.Date(tc.first, 1, 1, 0, 0, 0, 0, loc)
			until := time.Date(tc.last+1, 1, 1, 0, 0, 0, 0, loc)
			onsets := readTimezone(t, tz, until)
			offsetAt := func(at time.Time) (int, bool) {
				i := sort.Search(len(onsets), func(i int) bool { return onsets[i].at.After(at) })
				if i == 0 {
					return 0, false
				}
				return onsets[i-1].offset, true
			}
			mismatches := 0
			_, prev := from.Zone()
			for at := from; at.Before(until) && mismatches < 5; at = at.Add(30 * time.Minute) {
				_, want := at.Zone()
				probes := []time.Time{at}
				if want != prev {
					// A change happened in the last half hour: find its second.
					lo := at.Add(-30 * time.Minute)
					for s := lo; !s.After(at); s = s.Add(time.Second) {
						if _, off := s.In(loc).Zone(); off == want {
							probes = append(probes, s.Add(-time.Second), s)
							break
						}
					}
				}
				prev = want
				for _, p := range probes {
					_, want := p.In(loc).Zone()
					got, ok := offsetAt(p)
					if !ok || got != want {
						mismatches++
						t.Errorf("at %s: VTIMEZONE gives %+d s (defined: %v), Go gives %+d s", p.UTC().Format(time.RFC3339), got, ok, want)
					}
				}
			}
		})
	}
}
