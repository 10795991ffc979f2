package web

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date fields are native inputs (type="date" and "datetime-local"). The
// browser shows them in its own language's order and always sends
// 2026-06-24 or 2026-06-24T18:30 (with seconds, :00 or :00.000, when it
// keeps them); a browser without those inputs shows a text field, where
// people type what the label's hint asks for: 24/06/2026, 24/06/2026 18:30
// (date_format_hint, datetime_format_hint in the catalogues). The server
// reads both.

var (
	isoDate      = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayFirstDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	clockTime    = regexp.MustCompile(`^(\d{1,2})[:hH](\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$`)
)

var errBadDate = errors.New("web: not a date")

// parseDateInput reads a date field's value as that day at midnight in
// loc: 2026-06-24 (what a date input sends) or 24/06/2026 (day first, as
// the hint says; 24/6/2026, 24.06.2026 and 24-06-2026 too). Spaces around
// it are ignored; a day that does not exist (31/02/2026) is an error.
func parseDateInput(v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	var y, m, d string
	if p := isoDate.FindStringSubmatch(v); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dayFirstDate.FindStringSubmatch(v); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else {
		return time.Time{}, errBadDate
	}
	return dateIn(atoi(y), atoi(m), atoi(d), 0, 0, 0, loc)
}

// parseDateTimeInput reads a date-and-time field's value as that wall-clock
// time in loc: 2026-06-24T18:30 (what a datetime-local input sends, with
// seconds or not), 2026-06-24 18:30, or 24/06/2026 18:30 (as the hint
// says; 18h30 too).
func parseDateTimeInput(v string, loc *time.Location) (time.Time, error) {
	day, clock, ok := strings.Cut(strings.TrimSpace(v), "T")
	if !ok {
		f := strings.Fields(v)
		if len(f) != 2 {
			return time.Time{}, errBadDate
		}
		day, clock = f[0], f[1]
	}
	d, err := parseDateInput(day, time.UTC)
	if err != nil {
		return time.Time{}, err
	}
	p := clockTime.FindStringSubmatch(clock)
	if p == nil {
		return time.Time{}, errBadDate
	}
	hh, mm, ss := atoi(p[1]), atoi(p[2]), 0
	if p[3] != "" {
		ss = atoi(p[3])
	}
	if hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, errBadDate
	}
	return dateIn(d.Year(), int(d.Month()), d.Day(), hh, mm, ss, loc)
}

// dateIn returns the time in loc, or an error when the day does not exist
// (time.Date would roll 31 February over into March).
func dateIn(y, m, d, hh, mm, ss int, loc *time.Location) (time.Time, error) {
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, loc)
	if m < 1 || m > 12 || t.Day() != d || int(t.Month()) != m || t.Year() != y {
		return time.Time{}, errBadDate
	}
	return t, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
