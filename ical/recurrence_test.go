package ical_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/ical"
)

func TestOccurrences(t *testing.T) {
	t.Parallel()
	quarterly := time.Date(2026, 1, 15, 18, 30, 0, 0, paris)
	tests := []struct {
		name  string
		rule  string
		first time.Time
		zone  string
		want  []string // instants in UTC, RFC 3339
	}{
		{
			// 18:30 in Paris is 17:30Z in winter and 16:30Z in summer
			// (15 October is before the change back).
			name: "quarterly meeting", rule: "FREQ=MONTHLY;INTERVAL=3;COUNT=4", first: quarterly, zone: "Europe/Paris",
			want: []string{"2026-01-15T17:30:00Z", "2026-04-15T16:30:00Z", "2026-07-15T16:30:00Z", "2026-10-15T16:30:00Z"},
		},
		{
			name: "first start given in UTC", rule: "FREQ=MONTHLY;INTERVAL=3;COUNT=2", first: quarterly.UTC(), zone: "Europe/Paris",
			want: []string{"2026-01-15T17:30:00Z", "2026-04-15T16:30:00Z"},
		},
		{
			name: "empty zone is Paris, prefix and lower case accepted", rule: "RRULE:freq=monthly;interval=3;count=2", first: quarterly, zone: "",
			want: []string{"2026-01-15T17:30:00Z", "2026-04-15T16:30:00Z"},
		},
		{
			name: "UNTIL in UTC, inclusive", rule: "FREQ=MONTHLY;INTERVAL=3;UNTIL=20261015T163000Z", first: quarterly, zone: "Europe/Paris",
			want: []string{"2026-01-15T17:30:00Z", "2026-04-15T16:30:00Z", "2026-07-15T16:30:00Z", "2026-10-15T16:30:00Z"},
		},
		{
			name: "UNTIL in UTC, one second before an occurrence", rule: "FREQ=MONTHLY;INTERVAL=3;UNTIL=20260415T162959Z", first: quarterly, zone: "Europe/Paris",
			want: []string{"2026-01-15T17:30:00Z"},
		},
		{
			name: "floating UNTIL read in the zone", rule: "FREQ=MONTHLY;INTERVAL=3;UNTIL=20260415T183000", first: quarterly, zone: "Europe/Paris",
			want: []string{"2026-01-15T17:30:00Z", "2026-04-15T16:30:00Z"},
		},
		{
			name: "daily across the spring change", rule: "FREQ=DAILY;COUNT=3", first: time.Date(2026, 3, 28, 18, 30, 0, 0, paris), zone: "Europe/Paris",
			want: []string{"2026-03-28T17:30:00Z", "2026-03-29T16:30:00Z", "2026-03-30T16:30:00Z"},
		},
		{
			name: "weekly across the autumn change", rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=2", first: time.Date(2026, 10, 22, 18, 30, 0, 0, paris), zone: "Europe/Paris",
			want: []string{"2026-10-22T16:30:00Z", "2026-10-29T17:30:00Z"},
		},
		{
			name: "another zone", rule: "FREQ=YEARLY;COUNT=2", first: time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC), zone: "America/New_York",
			want: []string{"2026-01-10T09:00:00Z", "2027-01-10T09:00:00Z"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ical.Occurrences(tc.rule, tc.first, tc.zone)
			if err != nil {
				t.Fatalf("Occurrences: %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d occurrences %v, want %d", len(got), got, len(tc.want))
			}
			zone := tc.zone
			if zone == "" {
				zone = "Europe/Paris"
			}
			wantWall := tc.first.In(mustLoad(zone)).Format("15:04")
			for i, g := range got {
				if s := g.UTC().Format(time.RFC3339); s != tc.want[i] {
					t.Errorf("occurrence %d = %s, want %s", i, s, tc.want[i])
				}
				if g.Location().String() != zone {
					t.Errorf("occurrence %d is in %s, want %s", i, g.Location(), zone)
				}
				if w := g.Format("15:04"); w != wantWall {
					t.Errorf("occurrence %d is at %s wall time, want %s", i, w, wantWall)
				}
			}
		})
	}
}

func TestOccurrencesAllowsMaxOccurrences(t *testing.T) {
	t.Parallel()
	first := time.Date(2026, 1, 1, 9, 0, 0, 0, paris)
	for _, rule := range []string{"FREQ=DAILY;COUNT=60", "FREQ=DAILY;UNTIL=20260301T090000"} {
		got, err := ical.Occurrences(rule, first, "Europe/Paris")
		if err != nil || len(got) != ical.MaxOccurrences {
			t.Errorf("Occurrences(%q) = %d occurrences (%v), want %d", rule, len(got), err, ical.MaxOccurrences)
		}
	}
}

func TestOccurrencesRejectsBadInput(t *testing.T) {
	t.Parallel()
	first := time.Date(2026, 1, 15, 18, 30, 0, 0, paris) // a Thursday
	tests := []struct {
		name  string
		rule  string
		first time.Time
		zone  string
		want  string
	}{
		{"never ends", "FREQ=MONTHLY;INTERVAL=3", first, "Europe/Paris", "never ends"},
		{"COUNT too large", "FREQ=MONTHLY;COUNT=500", first, "Europe/Paris", "COUNT=500 is more than 60"},
		{"UNTIL one occurrence too far", "FREQ=DAILY;UNTIL=20260316T183000", first, "Europe/Paris", "gives more than 60 occurrences"},
		{"UNTIL too far", "FREQ=DAILY;UNTIL=20300101T000000Z", first, "Europe/Paris", "more than 60 occurrences"},
		{"garbage", "hello world", first, "Europe/Paris", `part "HELLO WORLD" is not NAME=value`},
		{"empty", "", first, "Europe/Paris", "empty rule"},
		{"no FREQ", "COUNT=3", first, "Europe/Paris", "FREQ is required"},
		{"unknown FREQ", "FREQ=FORTNIGHTLY;COUNT=2", first, "Europe/Paris", "FORTNIGHTLY"},
		{"unknown part", "FREQ=DAILY;COUNT=2;COLOR=RED", first, "Europe/Paris", "COLOR"},
		{"COUNT not a number", "FREQ=DAILY;COUNT=x", first, "Europe/Paris", "COUNT=X is not a positive integer"},
		{"COUNT zero", "FREQ=DAILY;COUNT=0", first, "Europe/Paris", "COUNT=0 is not a positive integer"},
		{"negative COUNT", "FREQ=DAILY;COUNT=-1", first, "Europe/Paris", "COUNT=-1 is not a positive integer"},
		{"INTERVAL zero", "FREQ=DAILY;COUNT=2;INTERVAL=0", first, "Europe/Paris", "INTERVAL=0 is not a positive integer"},
		{"COUNT and UNTIL", "FREQ=DAILY;COUNT=2;UNTIL=20260201T000000Z", first, "Europe/Paris", "COUNT and UNTIL"},
		{"part given twice", "FREQ=DAILY;COUNT=2;COUNT=3", first, "Europe/Paris", "COUNT given twice"},
		{"DTSTART in the rule", "FREQ=DAILY;COUNT=2;DTSTART=20260101T000000Z", first, "Europe/Paris", "DTSTART"},
		{"two lines", "DTSTART:20260101T000000Z\nFREQ=DAILY;COUNT=2", first, "Europe/Paris", "one line"},
		{"BYMONTH out of range", "FREQ=YEARLY;BYMONTH=13;COUNT=2", first, "Europe/Paris", "bymonth"},
		{"first start not in the rule", "FREQ=WEEKLY;BYDAY=TU;COUNT=3", first, "Europe/Paris", "does not produce the first start"},
		{"UNTIL before first start", "FREQ=DAILY;UNTIL=20250101T000000Z", first, "Europe/Paris", "does not produce the first start"},
		{"unknown zone", "FREQ=DAILY;COUNT=2", first, "Mars/Olympus_Mons", `unknown time zone "Mars/Olympus_Mons"`},
		{"no first start", "FREQ=DAILY;COUNT=2", time.Time{}, "Europe/Paris", "no first start"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ical.Occurrences(tc.rule, tc.first, tc.zone)
			if err == nil {
				t.Fatalf("Occurrences = %v, want an error containing %q", got, tc.want)
			}
			if got != nil {
				t.Errorf("Occurrences returned %v with the error", got)
			}
			if !errors.Is(err, ical.ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "ical: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want the prefix \"ical: \" and %q", msg, tc.want)
			}
		})
	}
}
