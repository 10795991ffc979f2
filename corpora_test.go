package creatorclub_test

import (
	"testing"

	"github.com/creatorclub/creatorclub"
)

func TestAnalysisFailure(t *testing.T) {
	s := creatorclub.AnalysisFailure("observatory_err_unreadable", map[string]string{"unit": "line", "after": "120", "detail": "a & b = c?"})
	key, v, ok := creatorclub.ParseAnalysisFailure(s)
	if !ok || key != "observatory_err_unreadable" || v["unit"] != "line" || v["after"] != "120" || v["detail"] != "a & b = c?" {
		t.Fatalf("%q → %q %v %v", s, key, v, ok)
	}
	if key, v, ok := creatorclub.ParseAnalysisFailure(creatorclub.AnalysisFailure("k", nil)); !ok || key != "k" || len(v) != 0 {
		t.Errorf("no values: %q %v %v", key, v, ok)
	}
	// Failures stored as text, before or besides the keys, stay text.
	for _, plain := range []string{"internal error", "the CSV mapping names no text column", "i18n:", ""} {
		if _, _, ok := creatorclub.ParseAnalysisFailure(plain); ok {
			t.Errorf("%q parsed as a key", plain)
		}
	}
}
