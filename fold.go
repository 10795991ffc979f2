package creatorclub

import (
	"strings"
	"unicode"
)

// foldMap maps accented Latin letters to their base letter. It covers the
// letters of French and the other languages of the EU's Latin alphabets that
// creators' names commonly use.
var foldMap = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i",
	'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u",
	'ý': "y", 'ÿ': "y", 'ß': "ss", 'ł': "l", 'ś': "s", 'š': "s", 'ź': "z", 'ż': "z", 'ž': "z", 'ř': "r", 'ď': "d", 'ť': "t",
}

// Fold lowercases s and removes accents, for accent-insensitive search:
// Fold("Éloïse Lefèvre") == "eloise lefevre".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
		} else if unicode.IsControl(r) {
			continue
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
