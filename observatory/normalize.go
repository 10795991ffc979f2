package observatory

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// Normalisation turns a caption into the text the rules are matched on:
// lower-case ASCII letters and digits where the original had letters that
// look like them, whatever the script or font people used to dodge filters.
//
//   - Unicode compatibility decomposition (NFKC/NFKD) folds fullwidth
//     letters, mathematical alphanumerics, ligatures, superscripts and
//     circled letters; accents are removed ("publicité" → "publicite").
//   - Cyrillic and Greek letters that look like Latin ones, small capitals
//     and squared letters are mapped to the Latin letter they imitate;
//     so are the letters of scripts a caption only borrows for their
//     shapes (Cherokee, Lisu, Coptic, Canadian syllabics…), by Unicode's
//     confusables table (UTS #39).
//   - Zero-width characters, soft hyphens, variation selectors and
//     middle dots disappear.
//   - Runs of single letters separated by spaces, dots or dashes are joined
//     ("p u b l i c i t é", "P.U.B") and leetspeak digits between letters
//     become letters ("p4rten@riat" → "partenariat").
//   - Hashtags in camel case are split into words
//     ("#CollaborationCommerciale" → "#collaboration commerciale").
//   - Emojis are kept, set apart by spaces so they never glue two words.
//   - Runs of white space, line breaks included, become one space, so a
//     phrase matches across a line break.
//
// Every byte of the normalised text remembers the byte range of the original
// rune it came from, so findings point at the original text.

// normText is a normalised text with its map back to the original.
type normText struct {
	b     []byte
	start []int32 // original byte offset of the rune behind b[i]
	tags  []tagRange
	// When ac is set, normalisation also runs the automaton over the bytes
	// it writes, as it writes them, and leaves the matches in hits: the
	// automaton's chain of dependent loads then runs in the shadow of the
	// normalisation's own work instead of in a second pass.
	ac    *automaton
	state uint32
	hits  []hit
}

// step feeds the automaton the byte just written at b[k].
func (t *normText) step(c byte, k int) {
	a := t.ac
	v := a.delta[t.state+uint32(a.class[c])]
	t.state = v &^ hasOutput
	if v&hasOutput != 0 {
		t.output(t.state, k)
	}
}

// output records the patterns ending at b[k], where the automaton reached
// state (premultiplied).
func (t *normText) output(state uint32, k int) {
	a := t.ac
	st := state / uint32(a.nclass)
	for _, p := range a.out[a.outStart[st]:a.outEnd[st]] {
		t.hits = append(t.hits, hit{pat: p, end: int32(k + 1)})
	}
}

// origEnd returns the original byte offset just after the rune behind
// normalised byte i.
func (t *normText) origEnd(s string, i int) int {
	o := int(t.start[i])
	if o >= len(s) {
		return len(s)
	}
	if s[o] < utf8.RuneSelf {
		return o + 1
	}
	_, n := utf8.DecodeRuneInString(s[o:])
	return o + n
}

// tagRange is one hashtag of the normalised text, "#" included, in
// normalised offsets.
type tagRange struct{ start, end int }

func (t *normText) reset() {
	t.b = t.b[:0]
	t.start = t.start[:0]
	t.tags = t.tags[:0]
	t.state = 0
	t.hits = t.hits[:0]
}

// Normalize returns the normalised form of s, the text the rules match on.
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	var t normText
	normalizeInto(&t, s)
	return string(t.b)
}

// fold says what one non-ASCII rune becomes.
type fold struct {
	s    string // replacement (lower-case ASCII), "" to drop the rune
	kind uint8
}

const (
	foldText   uint8 = iota // replaced by s (letters, digits, punctuation)
	foldDrop                // removed without a trace (zero-width, marks)
	foldSpace               // white space
	foldEmoji               // kept as is, set apart
	foldLetter              // a letter of another script, kept lower-cased
	foldPunct               // punctuation or symbol: a word boundary
)

var foldTable = buildFoldTable()

// foldLow holds the table's entries for the runes most captions use
// (accented Latin letters, Greek, Cyrillic, typographic punctuation) in an
// array: no hashing for each "é".
var foldLow = func() *[0x2100]fold {
	var a [0x2100]fold
	for r := rune(0x80); r < 0x2100; r++ {
		if f, ok := foldTable[r]; ok {
			a[r] = f
		} else {
			a[r], _ = foldRune(r)
		}
	}
	return &a
}()

// lookupFold says what the non-ASCII rune r becomes.
func lookupFold(r rune) fold {
	if r < 0x2100 {
		return foldLow[r]
	}
	if f, ok := foldTable[r]; ok {
		return f
	}
	f, _ := foldRune(r)
	return f
}

// homoglyphs maps letters of other scripts to the Latin letter they imitate.
// Only letters whose usual glyph is indistinguishable from the Latin one are
// listed.
var homoglyphs = map[rune]string{
	// Cyrillic.
	'а': "a", 'в': "b", 'е': "e", 'ё': "e", 'к': "k", 'м': "m", 'н': "h", 'о': "o", 'р': "p",
	'с': "c", 'т': "t", 'у': "y", 'х': "x", 'і': "i", 'ї': "i", 'ј': "j", 'ѕ': "s", 'ԁ': "d",
	'ԛ': "q", 'ԝ': "w", 'һ': "h", 'ӏ': "l", 'ɡ': "g", 'ո': "n", 'ս': "u",
	'А': "a", 'В': "b", 'Е': "e", 'Ё': "e", 'К': "k", 'М': "m", 'Н': "h", 'О': "o", 'Р': "p",
	'С': "c", 'Т': "t", 'У': "y", 'Х': "x", 'І': "i", 'Ї': "i", 'Ј': "j", 'Ѕ': "s", 'Ԁ': "d",
	'Ԛ': "q", 'Ԝ': "w", 'Һ': "h", 'Ӏ': "l",
	// Greek.
	'α': "a", 'β': "b", 'ε': "e", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p", 'τ': "t",
	'υ': "u", 'χ': "x", 'ω': "w", 'ϲ': "c", 'ϳ': "j",
	'Α': "a", 'Β': "b", 'Ε': "e", 'Ζ': "z", 'Η': "h", 'Ι': "i", 'Κ': "k", 'Μ': "m", 'Ν': "n",
	'Ο': "o", 'Ρ': "p", 'Τ': "t", 'Υ': "y", 'Χ': "x", 'Ϲ': "c",
	// Latin small capitals and other look-alikes.
	'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f", 'ɢ': "g", 'ʜ': "h", 'ɪ': "i",
	'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l", 'ᴍ': "m", 'ɴ': "n", 'ᴏ': "o", 'ᴘ': "p", 'ʀ': "r", 'ꜱ': "s",
	'ᴛ': "t", 'ᴜ': "u", 'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y", 'ᴢ': "z", 'ı': "i", 'ȷ': "j",
	'ß': "ss", 'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'đ': "d",
	'Đ': "d", 'ł': "l", 'Ł': "l", 'ħ': "h", 'þ': "th",
	// Typographic punctuation people type in captions.
	'’': "'", '‘': "'", 'ʼ': "'", '´': "'", '`': "'", '«': "\"", '»': "\"", '“': "\"", '”': "\"",
	'„': "\"", '–': "-", '—': "-", '‑': "-", '−': "-", '…': "...", '＃': "#", '＠': "@",
}

// buildFoldTable computes what every non-ASCII rune of the ranges seen in
// captions becomes.
func buildFoldTable() map[rune]fold {
	t := make(map[rune]fold, 8192)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if f, ok := foldRune(r); ok {
				t[r] = f
			}
		}
	}
	add(0x80, 0x24FF)     // Latin, Greek, Cyrillic, punctuation, letterlike, enclosed
	add(0x2C60, 0x2C7F)   // Latin extended-C
	add(0xA720, 0xA7FF)   // Latin extended-D
	add(0xFB00, 0xFB06)   // ligatures
	add(0xFF00, 0xFFEF)   // fullwidth and halfwidth forms
	add(0x1D400, 0x1D7FF) // mathematical alphanumerics
	add(0x1F100, 0x1F1FF) // enclosed alphanumeric supplement
	// Negative circled and squared letters have no decomposition.
	for i := rune(0); i < 26; i++ {
		t[0x1F150+i] = fold{s: string('a' + i)}
		t[0x1F170+i] = fold{s: string('a' + i)}
		t[0x1F130+i] = fold{s: string('a' + i)}
	}
	// Regional indicators make flags: emojis.
	for r := rune(0x1F1E6); r <= 0x1F1FF; r++ {
		t[r] = fold{kind: foldEmoji}
	}
	return t
}

func foldRune(r rune) (fold, bool) {
	if s, ok := homoglyphs[r]; ok {
		return fold{s: s}, true
	}
	switch {
	case isZeroWidth(r):
		return fold{kind: foldDrop}, true
	case unicode.IsSpace(r):
		return fold{kind: foldSpace}, true
	case isEmoji(r):
		return fold{kind: foldEmoji}, true
	}
	d := norm.NFKD.String(string(r))
	var sb strings.Builder
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if s, ok := homoglyphs[c]; ok {
			sb.WriteString(s)
			continue
		}
		c = unicode.ToLower(c)
		if s, ok := homoglyphs[c]; ok {
			sb.WriteString(s)
			continue
		}
		if c >= utf8.RuneSelf {
			sb.Reset()
			break
		}
		sb.WriteRune(c)
	}
	if s := sb.String(); s != "" {
		return fold{s: strings.ToLower(s)}, true
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return fold{kind: foldDrop}, true
	}
	if s, ok := confusableLetter(r); ok {
		return fold{s: s}, true
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		// The lower-case form must fold the same way, or normalising
		// twice would differ.
		if lr := unicode.ToLower(r); lr != r {
			if f, ok := foldRune(lr); ok && f.kind == foldText {
				return f, true
			}
		}
		return fold{kind: foldLetter}, true
	}
	return fold{kind: foldPunct}, true
}

// dodgeScripts are the scripts whose letters are folded by their Unicode
// confusable (UTS #39, confusables.txt) when no decomposition and no entry
// of homoglyphs says what they become: scripts a French or English caption
// only borrows to look like Latin letters (the Cherokee "Ꭺd:", the Lisu
// "ꓑꓴꓐ"). Cyrillic, Greek and Armenian keep the hand-picked list above,
// since real words in them would otherwise turn into Latin ones; Arabic,
// Hebrew and the Indic scripts are left alone for the same reason.
var dodgeScripts = []*unicode.RangeTable{
	unicode.Latin, unicode.Cherokee, unicode.Lisu, unicode.Coptic,
	unicode.Canadian_Aboriginal, unicode.Runic, unicode.Tifinagh,
	unicode.Lycian, unicode.Carian, unicode.Old_Italic, unicode.Deseret,
	unicode.Osage, unicode.Elbasan, unicode.Warang_Citi, unicode.Miao,
}

// confusableLetter returns the lower-case Latin letter a letter of one of
// the dodgeScripts is confusable with, if any. Only letters become
// letters: a letter shaped like a digit ("Ʒ", "Ꮞ") stays what it is. A
// caseless or capital letter shaped like "l" is taken for a capital I,
// which is what it imitates in a word in capitals.
func confusableLetter(r rune) (string, bool) {
	if !unicode.IsLetter(r) || !unicode.In(r, dodgeScripts...) {
		return "", false
	}
	sk := confusables.Skeleton(string(r))
	if len(sk) != 1 {
		// A small letter of a bicameral script looks like its capital.
		if u := unicode.ToUpper(r); u != r {
			sk = confusables.Skeleton(string(u))
		}
	}
	if len(sk) != 1 {
		return "", false
	}
	c := sk[0]
	if c == 'l' && !unicode.IsLower(r) {
		return "i", true
	}
	switch {
	case c >= 'A' && c <= 'Z':
		c += 'a' - 'A'
	case c >= 'a' && c <= 'z':
	default:
		return "", false
	}
	return string(rune(c)), true
}

func isZeroWidth(r rune) bool {
	switch r {
	case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
		0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062,
		0x2063, 0x2064, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F,
		0xFEFF, 0x3164, 0xFFA0,
		// Middle dots and bullets people put between letters.
		0x00B7, 0x2027, 0x2219, 0x22C5, 0x30FB, 0x0387:
		return true
	}
	return r >= 0xFE00 && r <= 0xFE0F || // variation selectors
		r >= 0x1F3FB && r <= 0x1F3FF || // skin tones
		r >= 0xE0000 && r <= 0xE007F || // tags
		r >= 0x202A && r <= 0x202E // bidi controls
}

func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF && !(r >= 0x1F100 && r <= 0x1F1E5) ||
		r >= 0x2600 && r <= 0x27BF ||
		r >= 0x2B00 && r <= 0x2BFF ||
		r >= 0x2190 && r <= 0x21FF ||
		r >= 0x2300 && r <= 0x23FF ||
		r == 0x2122 || r == 0x00A9 || r == 0x00AE || r == 0x203C || r == 0x2049 ||
		r == 0x3030 || r == 0x303D
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigitASCII(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool      { return isLowerASCII(c) || isDigitASCII(c) || c >= 0x80 }

// isWordByte says whether c belongs to a word of the normalised text: a
// letter, a digit or a byte of a letter of another script. Emojis are set
// apart by spaces, so their bytes never touch a word.
func isWordByte(c byte) bool { return isAlnum(c) }

// normalizeInto writes the normalised form of s into t.
func normalizeInto(t *normText, s string) {
	t.reset()
	if cap(t.b) < len(s)+16 {
		n := len(s) + len(s)/4 + 16
		t.b = make([]byte, 0, n)
		t.start = make([]int32, 0, n)
	}
	// A run of single letters ("p u b"): noted as bytes are written, so
	// that ordinary text is not scanned again for it.
	run, lastSep, needJoin := 0, -2, false
	noteSep := func(b []byte, k int) { // b[k] is a non-word byte, or k is the end
		if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
			if k >= 2 && lastSep == k-2 && runSep[b[k-2]] {
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
	scanning := t.ac != nil && t.ac.delta != nil
	// A sign that may stand for a letter, written after a letter: only
	// then can unLeet change anything.
	leetSeen := false
	emit := func(c byte, o, _ int) {
		if leet[c] != 0 && len(t.b) > 0 && isLowerASCII(t.b[len(t.b)-1]) {
			leetSeen = true
		}
		t.b = append(t.b, c)
		t.start = append(t.start, int32(o))
		if scanning {
			t.step(c, len(t.b)-1)
		}
		if !isWordByte(c) {
			noteSep(t.b, len(t.b)-1)
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
		// ASCII, in a tight loop: letters, digits, white space, hashtags
		// and punctuation are written by index into buffers grown once for
		// the rest of the text (a capital in a hashtag may add a space:
		// two bytes at most for one), and fed to the automaton, whose
		// state stays in a register. Underscores, control characters and
		// other scripts take the general path below.
		if fastClass[c] != 0 {
			o0 := o
			k := len(t.b)
			room := k + 2*(len(s)-o)
			if room > cap(t.b) || room > cap(t.start) {
				t.b = slices.Grow(t.b, room-k)
				t.start = slices.Grow(t.start, room-k)
			}
			b, st := t.b[:room], t.start[:room]
			var delta []uint32
			var class *[256]uint8
			state := t.state
			if scanning {
				delta, class = t.ac.delta, &t.ac.class
			}
			tagged, from, lower := inTag, tagStart, prevLower
			// The automaton's step is written out at each place a byte is
			// written, rather than called: a closure here costs 4 % of the
			// whole analysis (BenchmarkRun), measured.
		fast:
			for ; o < len(s); o++ {
				c = s[o]
				switch fastClass[c] {
				case fastLower:
					if c >= 'a' {
						// A run of lower-case letters, most of any text: a
						// loop of its own, whose one test fails once, at
						// the end of the run.
						for {
							b[k], st[k] = c, int32(o)
							if scanning {
								v := delta[state+uint32(class[c])]
								state = v &^ hasOutput
								if v&hasOutput != 0 {
									t.output(state, k)
								}
							}
							k++
							if o+1 >= len(s) || s[o+1]-'a' > 'z'-'a' {
								break
							}
							o++
							c = s[o]
						}
						lower = true
						continue
					}
					lower = false
					if leet[c] != 0 && k > 0 && isLowerASCII(b[k-1]) {
						leetSeen = true
					}
				case fastUpper:
					if tagged && lower {
						// Camel case inside a hashtag: a space first.
						b[k], st[k] = ' ', int32(o)
						if scanning {
							v := delta[state+uint32(class[' '])]
							state = v &^ hasOutput
							if v&hasOutput != 0 {
								t.output(state, k)
							}
						}
						if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
							noteSep(b, k)
						}
						k++
					}
					c += 'a' - 'A'
					lower = false
				case fastSpace:
					if tagged {
						if k-from > 1 {
							t.tags = append(t.tags, tagRange{from, k})
						}
						tagged = false
					}
					lower = false
					if k == 0 || b[k-1] == ' ' {
						continue
					}
					c = ' '
					if (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
						noteSep(b, k)
					}
				case fastHash:
					if tagged && k-from > 1 {
						t.tags = append(t.tags, tagRange{from, k})
					}
					tagged = false
					if o+1 < len(s) && startsWord(s[o+1:]) {
						tagged, from = true, k
					}
					lower = false
					if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
						noteSep(b, k)
					}
				case fastPunct:
					if leet[c] != 0 && k > 0 && isLowerASCII(b[k-1]) {
						leetSeen = true
					}
					if tagged {
						if k-from > 1 {
							t.tags = append(t.tags, tagRange{from, k})
						}
						tagged = false
					}
					lower = false
					if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
						noteSep(b, k)
					}
				case fastLatin:
					// A letter of Latin-1 with an accent ("é", "À"): two
					// bytes, read as the letter without its accent.
					if o+1 >= len(s) || latinFold[s[o+1]] == 0 {
						break fast
					}
					d := s[o+1]
					if latinUpper[d] && tagged && lower {
						b[k], st[k] = ' ', int32(o)
						if scanning {
							v := delta[state+uint32(class[' '])]
							state = v &^ hasOutput
							if v&hasOutput != 0 {
								t.output(state, k)
							}
						}
						if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
							noteSep(b, k)
						}
						k++
					}
					c, lower = latinFold[d], !latinUpper[d]
					b[k], st[k] = c, int32(o)
					o++ // the second byte
					if scanning {
						v := delta[state+uint32(class[c])]
						state = v &^ hasOutput
						if v&hasOutput != 0 {
							t.output(state, k)
						}
					}
					k++
					continue
				case fastTypo:
					// Typographic punctuation ("’", "«", "–"): three bytes,
					// read as the ASCII sign.
					if o+2 >= len(s) || s[o+1] != 0x80 || typoFold[s[o+2]] == 0 {
						break fast
					}
					c = typoFold[s[o+2]]
					if tagged {
						if k-from > 1 {
							t.tags = append(t.tags, tagRange{from, k})
						}
						tagged = false
					}
					lower = false
					if k >= 1 && (isLowerASCII(b[k-1]) || isDigitASCII(b[k-1])) && (k == 1 || !isWordByte(b[k-2])) {
						noteSep(b, k)
					}
					b[k], st[k] = c, int32(o)
					o += 2
					if scanning {
						v := delta[state+uint32(class[c])]
						state = v &^ hasOutput
						if v&hasOutput != 0 {
							t.output(state, k)
						}
					}
					k++
					continue
				default:
					break fast
				}
				b[k], st[k] = c, int32(o)
				if scanning {
					v := delta[state+uint32(class[c])]
					state = v &^ hasOutput
					if v&hasOutput != 0 {
						t.output(state, k)
					}
				}
				k++
			}
			t.state = state
			t.b, t.start = b[:k], st[:k]
			inTag, tagStart, prevLower = tagged, from, lower
			if o > o0 || o == len(s) {
				continue
			}
			// A first byte of "é" or "’" that starts another rune: the
			// general path.
			c = s[o]
		}
		if c < utf8.RuneSelf { // "_"
			ascii(c, false, o, o+1)
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
	noteSep(t.b, len(t.b))
	changed := false
	if needJoin {
		changed = joinSingles(t, 0)
	}
	if (leetSeen || changed) && unLeet(t.b) {
		changed = true
	}
	if scanning && changed {
		// Letters were joined or digits read as letters after the
		// automaton saw them: scan the final text again.
		t.hits, _ = t.ac.scan(t.b, t.hits[:0], nil)
	}
}

// Classes of the ASCII bytes normalizeInto handles in its tight loop; 0
// for the others.
const (
	fastLower = 1 + iota // a lower-case letter or a digit
	fastUpper
	fastSpace // white space and control characters
	fastHash
	fastPunct // punctuation and symbols but "#" and "_"
	fastLatin // 0xC3: the first byte of "à" to "ÿ"
	fastTypo  // 0xE2: the first byte of "’", "«", "–"…
)

// latinFold maps the second byte of U+00C0–U+00FF ("À" to "ÿ") to the
// lower-case ASCII letter it folds to, or 0 when the rune is not one letter
// (× ÷ ß æ); latinUpper says whether the rune is a capital.
var latinFold, latinUpper = func() (f [256]byte, u [256]bool) {
	for r := rune(0xC0); r <= 0xFF; r++ {
		x := lookupFold(r)
		if x.kind == foldText && len(x.s) == 1 && isLowerASCII(x.s[0]) {
			d := byte(0x80 + r - 0xC0)
			f[d], u[d] = x.s[0], unicode.IsUpper(r)
		}
	}
	return
}()

// typoFold maps the third byte of U+2000–U+203F (E2 80 xx) to the ASCII
// sign the rune folds to, when it folds to one punctuation sign.
var typoFold = func() (f [256]byte) {
	for r := rune(0x2000); r <= 0x203F; r++ {
		x := lookupFold(r)
		if x.kind == foldText && len(x.s) == 1 && fastClass[x.s[0]] == fastPunct {
			f[0x80+r-0x2000] = x.s[0]
		}
	}
	return
}()

var fastClass = func() (t [256]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			t[c] = fastLower
		case c >= 'A' && c <= 'Z':
			t[c] = fastUpper
		case c <= ' ' || c == 0x7f:
			t[c] = fastSpace
		case c == '#':
			t[c] = fastHash
		case c == '_':
		default:
			t[c] = fastPunct
		}
	}
	t[0xC3], t[0xE2] = fastLatin, fastTypo
	return t
}()

// plain maps the bytes normalizeInto copies one for one outside hashtags to
// what it writes: lower-case letters and digits as they are, capitals
// lower-cased, a space as a space (collapsed with the previous one).
var plain = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	t[' '] = ' '
	return t
}()

// letterFollows reports whether s begins with a letter, after characters
// that vanish (variation selectors, zero-width joiners).
func letterFollows(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r < utf8.RuneSelf {
			return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		}
		f := lookupFold(r)
		switch f.kind {
		case foldDrop:
			s = s[n:]
			continue
		case foldText:
			return isLowerASCII(f.s[0])
		}
		return false
	}
	return false
}

// startsWord reports whether s begins with a rune that can start a hashtag.
func startsWord(s string) bool {
	c := s[0]
	if c < utf8.RuneSelf {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	r, _ := utf8.DecodeRuneInString(s)
	f := lookupFold(r)
	switch f.kind {
	case foldText:
		return isWordByte(f.s[0])
	case foldLetter, foldDrop:
		return true
	}
	return false
}

// joinSingles joins runs of single letters or digits separated by one
// space, dot, dash, star or underscore: "p u b l i c i t e" → "publicite".
// A run needs at least three tokens, two of them letters.
func joinSingles(t *normText, from int) bool {
	b := t.b
	n := len(b)
	var drop []int // separators inside runs, to remove
	i := from
	for i < n {
		if !(isSingle(b, i)) {
			i++
			continue
		}
		// b[i] is a one-letter token; extend the run.
		sep := byte(0)
		j := i
		count := 1
		letters := 0
		if isLowerASCII(b[i]) {
			letters++
		}
		for j+2 < n && isRunSep(b[j+1]) && (sep == 0 || b[j+1] == sep) && isSingle(b, j+2) {
			sep = b[j+1]
			j += 2
			count++
			if isLowerASCII(b[j]) {
				letters++
			}
		}
		need := 3
		if count >= need && letters >= 2 {
			for k := i + 1; k < j; k += 2 {
				drop = append(drop, k)
			}
			i = j + 1
		} else {
			i++ // a run with another separator may start at the next letter
		}
	}
	if len(drop) == 0 {
		return false
	}
	// Compact b, start and end, and move hashtag ranges.
	w, d := 0, 0
	newIndex := make([]int, n+1)
	for r := 0; r < n; r++ {
		newIndex[r] = w
		if d < len(drop) && drop[d] == r {
			d++
			continue
		}
		t.b[w], t.start[w] = t.b[r], t.start[r]
		w++
	}
	newIndex[n] = w
	t.b, t.start = t.b[:w], t.start[:w]
	for k := range t.tags {
		t.tags[k].start = newIndex[t.tags[k].start]
		t.tags[k].end = newIndex[t.tags[k].end]
	}
	return true
}

// isSingle reports whether b[i] is an ASCII letter or digit standing alone.
func isSingle(b []byte, i int) bool {
	if !(isLowerASCII(b[i]) || isDigitASCII(b[i])) {
		return false
	}
	if i > 0 && isWordByte(b[i-1]) {
		return false
	}
	return i+1 >= len(b) || !isWordByte(b[i+1])
}

func isRunSep(c byte) bool { return runSep[c] }

var runSep = [256]bool{' ': true, '.': true, '-': true, '*': true, '_': true, '|': true, '/': true}

// leet maps the digits and signs people use for letters. Only a sign
// between two letters is replaced, so numbers, prices and promo codes
// ("SUMMER20", "-15%") stay as they are.
var leet = [256]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i', '|': 'l'}

// unLeet reports whether it changed b.
func unLeet(b []byte) bool {
	changed := false
	for i := 1; i+1 < len(b); i++ {
		if l := leet[b[i]]; l != 0 && isLowerASCII(b[i-1]) && isLowerASCII(b[i+1]) {
			b[i] = l
			changed = true
		}
	}
	return changed
}
