// Package certpdf draws the completion certificate of a course as a PDF:
// the member's name, the course, the date, the verification code and the
// address of the public page that checks it. Text is set in DejaVu Sans
// (embedded, subset by fpdf), so any name in any Latin, Greek or Cyrillic
// script renders, French accents included.
//
// The document declares its language (the catalog's /Lang, set with
// fpdf's SetLang; WCAG 2.1 SC 3.1.1). A course title written in another
// language is drawn inside a marked-content sequence tagged Span with its
// own /Lang, which PDF 1.7 (ISO 32000-1, 14.9.2) allows for content that is
// in no structure tree (SC 3.1.2). fpdf has no call for marked content: its
// operators are written with RawWriteStr, as fpdf's own layers write theirs.
//
// What an untagged PDF cannot do: fpdf writes no structure tree (no
// StructTreeRoot, MarkInfo or ParentTree), so the certificate has no
// headings or reading order for assistive technology, and whether a reader
// honours a Span's /Lang outside a structure tree is up to the reader. The
// document's title in its metadata joins the certificate's words and the
// course's title in one string, which carries no language.
package certpdf

import (
	_ "embed"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/creatorclub/creatorclub"
)

//go:embed fonts/DejaVuSansCondensed.ttf
var regular []byte

//go:embed fonts/DejaVuSansCondensed-Bold.ttf
var bold []byte

// Certificate is what the PDF shows.
type Certificate struct {
	Lang   string // "fr" (default) or "en"
	Org    string // the certifying body
	Club   string
	Member string
	Course string
	// CourseLang is the language the course, and so its title, is written
	// in: one of the club's languages; empty means Lang.
	CourseLang string
	IssuedOn   time.Time
	ExpiresOn  *time.Time
	Code       string // shown grouped by four characters
	VerifyURL  string // the public verification page of this code
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func date(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), frMonths[t.Month()-1], t.Year())
}

var texts = map[string]map[string]string{
	"fr": {
		"title":    "Attestation de réussite",
		"certify":  "%s atteste que",
		"followed": "a suivi et réussi le module",
		"on":       "le %s",
		"expires":  "Valable jusqu'au %s : une mise à jour sera demandée ensuite.",
		"code":     "Code de vérification : %s",
		"verify":   "Vérifiez la validité de cette attestation sur :",
		"footer":   "Cette page indique seulement si l'attestation est valide, expirée ou révoquée.",
	},
	"en": {
		"title":    "Certificate of completion",
		"certify":  "%s certifies that",
		"followed": "has followed and passed the module",
		"on":       "on %s",
		"expires":  "Valid until %s: a refresher will be required after that.",
		"code":     "Verification code: %s",
		"verify":   "Check this certificate's validity at:",
		"footer":   "That page only tells whether the certificate is valid, expired or revoked.",
	},
}

// Write renders c as a one-page A4 landscape PDF to w.
func Write(w io.Writer, c Certificate) error {
	tx, ok := texts[c.Lang]
	if !ok {
		c.Lang, tx = "fr", texts["fr"]
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCreationDate(c.IssuedOn)
	pdf.SetModificationDate(c.IssuedOn)
	pdf.SetTitle(tx["title"]+" — "+c.Course, true)
	pdf.SetAuthor(c.Org, true)
	pdf.SetCreator(c.Club, true)
	pdf.SetLang(c.Lang)
	pdf.AddUTF8FontFromBytes("dejavu", "", regular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", bold)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	pw, ph := pdf.GetPageSize()

	// A double frame in the club's dark blue.
	pdf.SetDrawColor(31, 58, 96)
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, pw-20, ph-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(14, 14, pw-28, ph-28, "D")

	center := func(y float64, size float64, style, text string) {
		pdf.SetFont("dejavu", style, size)
		pdf.SetXY(20, y)
		pdf.MultiCell(pw-40, size*0.5, text, "", "C", false)
	}
	pdf.SetTextColor(31, 58, 96)
	center(28, 14, "B", c.Org+" · "+c.Club)
	center(45, 30, "B", tx["title"])
	pdf.SetTextColor(20, 20, 20)
	center(72, 14, "", fmt.Sprintf(tx["certify"], c.Org))
	center(84, 26, "B", c.Member)
	center(pdf.GetY()+5, 14, "", tx["followed"])
	// The title in its own language, when it differs from the page's: a
	// Span with /Lang around the text that shows it. Only a club's language
	// code ever reaches the content stream.
	otherLang := c.CourseLang != "" && c.CourseLang != c.Lang && creatorclub.IsLanguage(c.CourseLang)
	if otherLang {
		pdf.RawWriteStr("/Span <</Lang (" + c.CourseLang + ")>> BDC")
	}
	center(pdf.GetY()+4, 18, "B", "« "+c.Course+" »")
	if otherLang {
		pdf.RawWriteStr("EMC")
	}
	y := pdf.GetY() + 6
	center(y, 14, "", fmt.Sprintf(tx["on"], date(c.Lang, c.IssuedOn)))
	if c.ExpiresOn != nil {
		center(pdf.GetY()+3, 11, "", fmt.Sprintf(tx["expires"], date(c.Lang, *c.ExpiresOn)))
	}
	// The verification block sits near the bottom, lower if a long title
	// or name took more lines.
	y = max(pdf.GetY()+8, ph-60)
	pdf.SetTextColor(31, 58, 96)
	center(y, 13, "B", fmt.Sprintf(tx["code"], creatorclub.FormatCertificateCode(c.Code)))
	pdf.SetTextColor(20, 20, 20)
	center(y+9, 11, "", tx["verify"])
	pdf.SetFont("dejavu", "B", 11)
	pdf.SetXY(20, y+15)
	pdf.CellFormat(pw-40, 6, c.VerifyURL, "", 1, "C", false, 0, c.VerifyURL)
	pdf.SetTextColor(90, 90, 90)
	center(y+24, 9, "", tx["footer"])
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("certpdf: write: %w", err)
	}
	return nil
}
