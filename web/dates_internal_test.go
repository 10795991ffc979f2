package web

import (
	"testing"
	"time"
)

// TestParseDateInput: a date field's value is read whether a date input
// sent it (ISO) or a person typed it in a text field as the hint says (day
// first); days that do not exist and other orders are refused.
func TestParseDateInput(t *testing.T) {
	want := time.Date(2026, 6, 24, 0, 0, 0, 0, Paris)
	for _, v := range []string{"2026-06-24", " 2026-06-24 ", "24/06/2026", "24/6/2026", "24.06.2026", "24-06-2026", "\t24/06/2026\n"} {
		got, err := parseDateInput(v, Paris)
		if err != nil || !got.Equal(want) || got.Location() != Paris {
			t.Errorf("%q: %v %v, want %v", v, got, err, want)
		}
	}
	if got, err := parseDateInput("2024-02-29", time.UTC); err != nil || got.Day() != 29 {
		t.Errorf("a leap day: %v %v", got, err)
	}
	for _, v := range []string{"", "2026-02-30", "31/02/2026", "2026-13-01", "00/01/2026", "06/24/2026", "24/06/26", "2026/06/24", "24 juin 2026", "2026-06-24T10:00", "tomorrow"} {
		if got, err := parseDateInput(v, Paris); err == nil {
			t.Errorf("%q read as %v", v, got)
		}
	}
}

// TestParseDateTimeInput: a date-and-time field's value is read as a
// wall-clock time in the zone given, whether a datetime-local input sent it
// (with or without seconds) or a person typed it as the hint says.
func TestParseDateTimeInput(t *testing.T) {
	want := time.Date(2026, 6, 24, 18, 30, 0, 0, Paris)
	for _, v := range []string{"2026-06-24T18:30", "2026-06-24T18:30:00", "2026-06-24T18:30:00.000", "2026-06-24 18:30", "24/06/2026 18:30",
		" 24/06/2026  18:30 ", "24/06/2026 18h30", "24.06.2026 18:30"} {
		got, err := parseDateTimeInput(v, Paris)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v", v, got, err, want)
		}
	}
	// The zone is the event's: 18:30 in Martinique is 22:30 UTC.
	mq, err := time.LoadLocation("America/Martinique")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := parseDateTimeInput("24/06/2026 18:30", mq); err != nil || !got.Equal(time.Date(2026, 6, 24, 22, 30, 0, 0, time.UTC)) {
		t.Errorf("Martinique: %v %v", got, err)
	}
	if got, err := parseDateTimeInput("2026-06-24T18:30:45", Paris); err != nil || got.Second() != 45 {
		t.Errorf("seconds: %v %v", got, err)
	}
	for _, v := range []string{"", "2026-06-24", "24/06/2026", "2026-06-24T24:00", "2026-06-24T18:60", "31/02/2026 10:00", "24/06/2026 18", "24/06/2026 à 18:30", "2026-06-24T18:30Z"} {
		if got, err := parseDateTimeInput(v, Paris); err == nil {
			t.Errorf("%q read as %v", v, got)
		}
	}
}
