package observatory

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referenceNormalize is normalizeInto as it was written before its tight
// loop and the automaton were folded into it (commit 14e5fda): one rune at
// a time, by closures. The fast version must write the same bytes, offsets
// and hashtags for every input.
func referenceNormalize(t *normText, s string) {
	t.reset()
	if cap(t.b) < len(s)+16 {
		n := len(s) + len(s)/4 + 16
		t.b = make([]byte, 0, n)
		t.start = make([]int32, 0, n)
	}
	// A run of single letters ("p u b"): noted as bytes are written, so
	// that ordinary text is not scanned again for it.
	run, lastSep, needJoin := 0, -2, false
	noteSep := func(k int) { // t.b[k] is a non-word byte, or k is the end
		if k >= 1 && (isLowerASCII(t.b[k-1]) || isDigitASCII(t.b[k-1])) && (k == 1 || !isWordByte(t.b[k-2])) {
			if k >= 2 && lastSep == k-2 && runSep[t.b[k-2]] {
				run++
			} else {
				run = 1
			}
			lastSep = k
			if run >= 3 {
				needJoin = true
			}
		}
	}
	emit := func(c byte, o, _ int) {
		t.b = append(t.b, c)
		t.start = append(t.start, int32(o))
		if !isWordByte(c) {
			noteSep(len(t.b) - 1)
		}
	}
	space := func(c byte, o int) {
		n := len(t.b)
		if n == 0 || t.b[n-1] == ' ' {
			return // leading or repeated white space
		}
		emit(c, o, o)
	}
	inTag := false // inside a hashtag
	tagStart := 0  // normalised offset of its "#"
	prevLower := false
	endTag := func() {
		if inTag {
			if len(t.b)-tagStart > 1 {
				t.tags = append(t.tags, tagRange{tagStart, len(t.b)})
			}
			inTag = false
		}
	}
	// ascii handles one byte of folded text, lower-cased already; upper
	// says whether the original rune was a capital; o and e are the byte
	// range of the original rune.
	ascii := func(c byte, upper bool, o, e int) {
		switch {
		case c >= 'a' && c <= 'z':
			if upper && inTag && prevLower {
				emit(' ', o, o) // camel case inside a hashtag
			}
			emit(c, o, e)
			prevLower = !upper
		case c >= '0' && c <= '9':
			emit(c, o, e)
			prevLower = false
		case c == '#':
			endTag()
			if e < len(s) && startsWord(s[e:]) {
				inTag, tagStart = true, len(t.b)
			}
			emit(c, o, e)
			prevLower = false
		case c == '_':
			// A word separator in hashtags and handles; a space anywhere,
			// so that text reads the same whether or not it is a hashtag.
			if inTag {
				space(' ', o)
			} else {
				endTag()
				space(' ', o)
			}
			prevLower = false
		case c <= ' ' || c == 0x7f:
			endTag()
			space(' ', o)
			prevLower = false
		default:
			endTag()
			emit(c, o, e)
			prevLower = false
		}
	}
	for o := 0; o < len(s); {
		c := s[o]
		// The common cases, inline: letters, digits, spaces.
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			t.b = append(t.b, c)
			t.start = append(t.start, int32(o))
			prevLower = c >= 'a'
			o++
			continue
		}
		if c >= 'A' && c <= 'Z' && !inTag {
			t.b = append(t.b, c+'a'-'A')
			t.start = append(t.start, int32(o))
			prevLower = false
			o++
			continue
		}
		if c == ' ' && !inTag {
			if k := len(t.b); k > 0 && t.b[k-1] != ' ' {
				t.b = append(t.b, ' ')
				t.start = append(t.start, int32(o))
				noteSep(k)
			}
			prevLower = false
			o++
			continue
		}
		if c < utf8.RuneSelf {
			upper := c >= 'A' && c <= 'Z'
			if upper {
				c += 'a' - 'A'
			}
			ascii(c, upper, o, o+1)
			o++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[o:])
		f := lookupFold(r)
		switch f.kind {
		case foldText:
			upper := unicode.IsUpper(r)
			for i := 0; i < len(f.s); i++ {
				ascii(f.s[i], upper && i == 0, o, o+n)
			}
		case foldDrop:
			// Nothing: a zero-width character must not split a word.
		case foldSpace:
			endTag()
			space(' ', o)
			prevLower = false
		case foldEmoji:
			// An emoji between two letters spells a word through it
			// ("Pub🍿li🍿ci🍿té"): it goes like a zero-width character.
			if len(t.b) > 0 && isLowerASCII(t.b[len(t.b)-1]) && letterFollows(s[o+n:]) {
				break
			}
			endTag()
			space(' ', o)
			for i := 0; i < n; i++ {
				emit(s[o+i], o, o+n)
			}
			emit(' ', o+n, o+n)
			prevLower = false
		case foldLetter:
			lr := unicode.ToLower(r)
			if inTag && prevLower && lr != r {
				emit(' ', o, o)
			}
			var buf [utf8.UTFMax]byte
			k := utf8.EncodeRune(buf[:], lr)
			for i := 0; i < k; i++ {
				emit(buf[i], o, o+n)
			}
			prevLower = lr == r
		case foldPunct:
			endTag()
			space(' ', o)
			prevLower = false
		}
		o += n
	}
	endTag()
	noteSep(len(t.b))
	if needJoin {
		joinSingles(t, 0)
	}
	unLeet(t.b)
}

// checkAgainstReference compares normalizeInto with referenceNormalize on
// s, and the hits found while normalising with a scan of the final text.
func checkAgainstReference(t *testing.T, e *Engine, s string) {
	t.Helper()
	var want, got normText
	referenceNormalize(&want, s)
	got.ac = e.ac
	normalizeInto(&got, s)
	if string(got.b) != string(want.b) {
		t.Fatalf("%q: normalised %q, reference %q", s, got.b, want.b)
	}
	if !slices.Equal(got.start, want.start) {
		t.Fatalf("%q: offsets %v, reference %v", s, got.start, want.start)
	}
	if !slices.Equal(got.tags, want.tags) {
		t.Fatalf("%q: hashtags %v, reference %v", s, got.tags, want.tags)
	}
	hits := e.ac.scanOne(want.b, nil)
	if !slices.Equal(got.hits, hits) {
		t.Fatalf("%q: hits while normalising %v, scan of the result %v", s, got.hits, hits)
	}
}

func TestNormalizeMatchesReference(t *testing.T) {
	e := NewEngine(DefaultRules())
	cases := []string{
		"", " ", "Publicité #CollaborationCommerciale", "p u b l i c i t é", "P.U.B", "Рublісіté", "c0llab0ration",
		"Pub🍿li🍿ci🍿té", "a\u200b b", "#CodePromo LÉA15", "L’été à Paris — «ÉTÉ» – “ok” …", "#ÉtéIndien #àLaUne",
		"ÀÉÎÕÜ àéîõü ÇçÑñ ß æ Œ œ × ÷", "#Ad_Partner #sp_", "tab\tand\nnew line\r\n", "\xc3", "\xc3(", "\xe2\x80", "\xe2\x80\x8b",
		"mon code: SUMMER20 -15% chez @marque!", "#publicité#ad #", "##x", "Merci @brand 🙏🏽 #gifted",
		"Ꭺd: ꭺd", "ꓑꓴꓐꓡꓲꓚꓲꓔꓰ #ꓑꓴꓐ", "ⲣⲟⲥ ᑭᑌᗷ ɑd", "Ʒ Ꮞ σγ ساعة",
	}
	for _, s := range cases {
		checkAgainstReference(t, e, s)
	}
	for _, p := range benchPosts(t) {
		checkAgainstReference(t, e, p.Text)
		checkAgainstReference(t, e, p.ImageText)
	}
}

// FuzzNormalizeReference: go test -fuzz FuzzNormalizeReference ./observatory/
func FuzzNormalizeReference(f *testing.F) {
	e := NewEngine(DefaultRules())
	for _, s := range []string{"Publicité #CollaborationCommerciale", "p u b", "Рublісіté", "c0llab", "Pub🍿li", "\xff\xfe", "a\u200b b", "L’été #ÉtéIndien", "\xc3(", "Ꭺd: ꓑꓴꓐ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAgainstReference(t, e, s) })
}
