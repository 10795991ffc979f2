package certpdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

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
