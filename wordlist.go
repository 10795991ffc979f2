package creatorclub

import (
	"strings"
	"unicode"
)

// DefaultFlagWords are words that send a question to the moderation queue
// instead of showing it: insults and threats. Organisations replace the list
// in configuration. Matching ignores case and accents and works on whole
// words or phrases.
var DefaultFlagWords = []string{
	"connard", "connasse", "salope", "pute", "encule", "enculé", "batard", "bâtard", "nique ta", "ta gueule",
	"fils de pute", "je vais te tuer", "on va te retrouver", "creve", "crève", "sale race",
}

// Flagged reports whether text contains one of words as a whole word or
// phrase, allowing the French plural and feminine endings (s, e, es, x).
func Flagged(text string, words []string) bool {
	norm := " " + normalizeWords(text) + " "
	for _, w := range words {
		if w = normalizeWords(w); w == "" {
			continue
		}
		for _, end := range []string{"", "s", "e", "es", "x"} {
			if strings.Contains(norm, " "+w+end+" ") {
				return true
			}
		}
	}
	return false
}

// normalizeWords folds text and turns every run of non-letters into one space.
func normalizeWords(s string) string {
	var b strings.Builder
	space := true
	for _, r := range Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
