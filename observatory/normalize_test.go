package observatory

import (
	"strings"
	"testing"
	"testing/quick"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"accents and case", "PUBLICITÉ Collaboration Commerciale", "publicite collaboration commerciale"},
		{"ligatures", "Œuvre cœur ﬁn", "oeuvre coeur fin"},
		{"cyrillic look-alikes", "Рublісіté", "publicite"},
		{"greek look-alikes", "ΡUΒLΙCΙΤΕ", "publicite"},
		{"fullwidth", "ＰＵＢＬＩＣＩＴＥ", "publicite"},
		// Scripts only borrowed for their shapes fold by Unicode's
		// confusables (UTS #39).
		{"cherokee look-alikes", "Ꭺd: ꭺd", "ad: ad"},
		{"lisu look-alikes", "ꓑꓴꓐꓡꓲꓚꓲꓔꓰ", "publicite"},
		{"coptic and canadian syllabics", "ⲣⲟⲥ ᑭᑌᗷ", "poc pub"},
		{"latin letters without decomposition", "ɑd ʋnique", "ad unique"},
		{"digit-shaped letters stay letters", "Ʒ Ꮞ", "ʒ ꮞ"},
		{"greek, arabic and hebrew letters outside the list stay", "σγ ساعة סוס", "σγ ساعة סוס"},
		{"a multiplication sign is no x", "2×1", "2 1"},
		{"mathematical bold", "𝐏𝐮𝐛𝐥𝐢𝐜𝐢𝐭𝐞́", "publicite"},
		{"mathematical script and double-struck", "𝓅𝓊𝒷 𝕡𝕦𝕓", "pub pub"},
		{"small capitals", "ᴘᴜʙʟɪᴄɪᴛᴇ", "publicite"},
		{"circled and squared letters", "ⓟⓤⓑ 🅟🅤🅑 🅿🆄🅱", "pub pub pub"},
		{"zero-width characters", "pub\u200blici\u200dté\ufeff", "publicite"},
		{"soft hyphen and middle dot", "publi\u00adcité créateur·rice", "publicite createurrice"},
		{"combining accents", "publicite\u0301", "publicite"},
		{"letters spaced out", "p u b l i c i t é", "publicite"},
		{"letters with dots", "P.U.B.L.I.C.I.T.É !", "publicite !"},
		{"short run spaced", "P U B ici", "pub ici"},
		{"one-letter French words stay", "il y a du monde", "il y a du monde"},
		{"leetspeak between letters", "p4rt3n@riat c0llab0ration", "partenariat collaboration"},
		{"digits elsewhere stay", "code SUMMER20 -20% 2024", "code summer20 -20% 2024"},
		{"camel-case hashtag split", "#CollaborationCommerciale #SponsoriséPar", "#collaboration commerciale #sponsorise par"},
		{"underscore hashtag split", "#collaboration_commerciale", "#collaboration commerciale"},
		{"all-caps hashtag kept", "#AD #PUB", "#ad #pub"},
		{"camel case outside hashtags kept", "iPhone McDonald", "iphone mcdonald"},
		{"emojis kept apart", "merci💄✨pour", "merci 💄 ✨ pour"},
		{"emoji between letters vanishes", "Pub🍿li🍿ci🍿té", "publicite"},
		{"white space collapsed", "ab \t cd\r\n\n ef", "ab cd ef"},
		{"typographic quotes", "l’offre « top »", "l'offre \" top \""},
		{"nbsp", "code\u00a0LEA15", "code lea15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeOffsets checks that every normalised byte points back into
// the original text, in order, so spans can be cut from the original.
func TestNormalizeOffsets(t *testing.T) {
	for _, s := range []string{"Рublісіté #CollabCommerciale", "p u b l i c i t é 💄", "ＰＵＢ œuvre", "x\u200by"} {
		var nt normText
		normalizeInto(&nt, s)
		if len(nt.start) != len(nt.b) {
			t.Fatalf("%q: %d offsets for %d bytes", s, len(nt.start), len(nt.b))
		}
		for i := range nt.b {
			if int(nt.start[i]) > len(s) || i > 0 && nt.start[i] < nt.start[i-1] {
				t.Fatalf("%q: offset %d of byte %d out of order or range", s, nt.start[i], i)
			}
		}
	}
	// The span of "publicite" in a Cyrillic-spelt text is the whole word.
	s := "Voici: Рublісіté !"
	var nt normText
	normalizeInto(&nt, s)
	i := strings.Index(string(nt.b), "publicite")
	os, oe := int(nt.start[i]), nt.origEnd(s, i+len("publicite")-1)
	if got := s[os:oe]; got != "Рublісіté" {
		t.Errorf("span = %q, want the original word", got)
	}
}

func normalizeIdempotent(s string) bool {
	n := Normalize(s)
	return Normalize(n) == n
}

func TestNormalizeIdempotent(t *testing.T) {
	if err := quick.Check(normalizeIdempotent, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
	// Random strings rarely hit the tricks; so mix their pieces.
	pieces := []string{"p", " ", "u", ".", "b", "#", "Collab", "Commerciale", "é", "4", "@", "💄", "\u200b", "Р", "ﬁ", "_", "\n", "A", "1", "'", "-", "ᴘ", "🅟", "｜", "·", "\u0301"}
	r := uint32(1)
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := 0; k < 12; k++ {
			r = r*1664525 + 1013904223
			b.WriteString(pieces[int(r>>16)%len(pieces)])
		}
		if n := Normalize(b.String()); hasSingleRun(n) {
			t.Fatalf("a run of single letters is left in %q (from %q)", n, b.String())
		}
		if !normalizeIdempotent(b.String()) {
			s := b.String()
			t.Fatalf("not idempotent on %q: %q then %q", s, Normalize(s), Normalize(Normalize(s)))
		}
	}
}

// hasSingleRun reports whether s still holds three single letters or
// digits separated by the same separator, two of them letters: a run
// normalisation should have joined.
func hasSingleRun(s string) bool {
	b := []byte(s)
	for i := 0; i+4 < len(b); i++ {
		if runSep[b[i+1]] && b[i+3] == b[i+1] && isSingle(b, i) && isSingle(b, i+2) && isSingle(b, i+4) {
			letters := 0
			for _, c := range []byte{b[i], b[i+2], b[i+4]} {
				if isLowerASCII(c) {
					letters++
				}
			}
			if letters >= 2 {
				return true
			}
		}
	}
	return false
}

// Every letter of the scripts folded by their confusable normalises to
// what its normal form normalises to, alone and inside a word.
func TestConfusablesIdempotent(t *testing.T) {
	folded := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) || !unicode.In(r, dodgeScripts...) {
			continue
		}
		for _, s := range []string{string(r), "x" + string(r) + "y", "#A" + string(r)} {
			n := Normalize(s)
			if again := Normalize(n); again != n {
				t.Fatalf("%U: not idempotent: %q → %q → %q", r, s, n, again)
			}
		}
		if _, ok := confusableLetter(r); ok {
			folded++
		}
	}
	if folded < 200 {
		t.Errorf("only %d letters fold by their confusable", folded)
	}
}

// FuzzNormalize: go test -fuzz FuzzNormalize ./observatory/
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Publicité #CollaborationCommerciale", "p u b", "Рublісіté", "c0llab", "Pub🍿li", "\xff\xfe", "a\u200b b", "Ꭺd ꓲ ꭺ Ɩ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var nt normText
		normalizeInto(&nt, s)
		n := string(nt.b)
		if !utf8.ValidString(s) {
			return
		}
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		if hasSingleRun(n) {
			t.Fatalf("a run of single letters is left in %q (from %q)", n, s)
		}
		for i := range nt.start {
			if int(nt.start[i]) > len(s) {
				t.Fatalf("offset out of range")
			}
		}
	})
}
