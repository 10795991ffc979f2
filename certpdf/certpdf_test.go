package certpdf_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"

	"github.com/creatorclub/creatorclub/certpdf"
)

// pdfText extracts the text of a PDF with an independent reader.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		for _, row := range rows {
			// Each text run on a line of its own: the reader gives no
			// positions for fpdf's output, so rows are not reliable.
			for _, w := range row.Content {
				b.WriteString(w.S + "\n")
			}
		}
	}
	return b.String()
}

func TestCertificateTextReadsBack(t *testing.T) {
	exp := time.Date(2027, 6, 9, 0, 0, 0, 0, time.UTC)
	c := certpdf.Certificate{Lang: "fr", Org: "ARPP", Club: "Club des créateurs", Member: "Léa Dûpont-Çelik",
		Course: "Ce que la loi du 9 juin 2023 a changé pour vous", IssuedOn: time.Date(2026, 6, 9, 10, 0, 0, 0, time.UTC), ExpiresOn: &exp,
		Code: "ABCDEFGHJKLMNPQR", VerifyURL: "https://club.example.org/certificats/ABCDEFGHJKLMNPQR"}
	var buf bytes.Buffer
	if err := certpdf.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Léa Dûpont-Çelik", "ABCD-EFGH-JKLM-NPQR", "Attestation de réussite", "a changé pour vous", "9 juin 2026",
		"https://club.example.org/certificats/ABCDEFGHJKLMNPQR", "Valable jusqu'au 9 juin 2027", "ARPP · Club des créateurs"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	// English.
	c.Lang = "en"
	buf.Reset()
	if err := certpdf.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "Certificate of completion") || !strings.Contains(text, "9 June 2026") {
		t.Errorf("English PDF:\n%s", text)
	}
}

// pageContent returns the decompressed content stream of the PDF's first
// page, read with an independent reader.
func pageContent(t *testing.T, data []byte) (*pdf.Reader, string) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	rc := r.Page(1).V.Key("Contents").Reader()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read the page's content: %v", err)
	}
	return r, string(b)
}

// utf16BE is s as fpdf writes it in a string of a UTF-8 font's text.
func utf16BE(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u >> 8))
		b.WriteByte(byte(u))
	}
	return b.String()
}

// TestCertificateLanguages: the document declares the certificate's
// language in its catalog (WCAG 2.1 SC 3.1.1), and a course title in
// another language is shown inside a marked-content Span with its own
// /Lang (SC 3.1.2), which nothing else is; a title in the certificate's
// language, or in a language the club does not know, gets no Span.
func TestCertificateLanguages(t *testing.T) {
	const title = "What the June 2023 law changed for you"
	c := certpdf.Certificate{Lang: "fr", Org: "ARPP", Club: "Club des créateurs", Member: "Léa Martin", Course: title, CourseLang: "en",
		IssuedOn: time.Date(2026, 6, 9, 10, 0, 0, 0, time.UTC), Code: "ABCDEFGHJKLMNPQR", VerifyURL: "https://club.example.org/certificats/ABCDEFGHJKLMNPQR"}
	write := func(c certpdf.Certificate) []byte {
		t.Helper()
		var buf bytes.Buffer
		if err := certpdf.Write(&buf, c); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	r, content := pageContent(t, write(c))
	if got := r.Trailer().Key("Root").Key("Lang").Text(); got != "fr" {
		t.Errorf("the catalog's /Lang is %q, want fr", got)
	}
	const begin = "/Span <</Lang (en)>> BDC"
	if n := strings.Count(content, "BDC"); n != 1 || !strings.Contains(content, begin) {
		t.Fatalf("want one %q in the page, found %d BDC:\n%q", begin, n, content)
	}
	span := content[strings.Index(content, begin)+len(begin):]
	end := strings.Index(span, "EMC")
	if end < 0 {
		t.Fatalf("the Span is not closed:\n%q", content)
	}
	span = span[:end]
	if !strings.Contains(span, utf16BE(title)) || strings.Count(span, "Tj") != 1 {
		t.Errorf("the Span does not hold the title and only it:\n%q", span)
	}

	// An English certificate of the same course: English throughout.
	c.Lang = "en"
	r, content = pageContent(t, write(c))
	if got := r.Trailer().Key("Root").Key("Lang").Text(); got != "en" || strings.Contains(content, "BDC") {
		t.Errorf("English certificate of an English course: /Lang %q, content %q", got, content)
	}
	// No course language, or one the club does not know: nothing marked.
	for _, l := range []string{"", "de", "en) /Evil (x"} {
		c.Lang, c.CourseLang = "fr", l
		if _, content := pageContent(t, write(c)); strings.Contains(content, "BDC") || strings.Contains(content, "Evil") {
			t.Errorf("course language %q: %q", l, content)
		}
	}
}
