package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/ledongthuc/pdf"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
)

// TestCourseCertificate: a member follows the lessons of the mandatory
// upgrade module, fails the quiz once, passes it the second time, downloads
// the certificate, and the public verification page confirms its code.
func TestCourseCertificate(t *testing.T) {
	m := MustRunDemoMain(t)
	ctx := newBrowser(t)
	ctxb := context.Background()

	courses, err := m.DB.ListCourses(ctxb, true)
	if err != nil {
		t.Fatal(err)
	}
	var course *creatorclub.Course
	for _, c := range courses {
		if c.Title == demo.LawCourseTitle {
			course, err = m.DB.FindCourse(ctxb, c.ID)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if course == nil || course.Quiz == nil {
		t.Fatal("the demo law module is missing")
	}

	lea := mustFindUser(t, m, "lea.martin@exemple-createurs.fr")
	signIn(t, ctx, m, lea.Email)
	open(t, ctx, m, "/formations")
	wantText(t, ctx, "#duties-summary", "pas à jour")
	click(t, ctx, fmt.Sprintf(`#course-list a[href="/formations/%d"]`, course.ID))
	wantText(t, ctx, "#progress-lessons", fmt.Sprintf("0 leçon(s) terminée(s) sur %d", len(course.Lessons)))

	// The lessons, one after the other.
	click(t, ctx, "#continue")
	for i, l := range course.Lessons {
		wantText(t, ctx, "main h1", l.Title)
		if status := click(t, ctx, "#mark-done"); status != 200 {
			t.Fatalf("marking lesson %d done answered %d", i+1, status)
		}
	}
	wantPath(t, ctx, fmt.Sprintf("/formations/%d", course.ID))
	wantText(t, ctx, "#progress-lessons", fmt.Sprintf("%d leçon(s) terminée(s) sur %d", len(course.Lessons), len(course.Lessons)))

	answer := func(right bool) {
		t.Helper()
		for qi, q := range course.Quiz.Questions {
			for ci, c := range q.Choices {
				// Right: tick every right choice. Wrong: tick the first wrong one only.
				if (right && c.Correct) || (!right && !c.Correct && firstWrong(q) == ci) {
					do(t, ctx, fmt.Sprintf("tick q%d-%d", qi, ci), chromedp.Click(css(fmt.Sprintf("#q%d-%d", qi, ci))))
				}
			}
		}
		click(t, ctx, "#submit-quiz")
	}

	// First attempt: wrong answers.
	click(t, ctx, "#take-quiz")
	click(t, ctx, "#start-quiz")
	answer(false)
	wantText(t, ctx, "#result", "Pas encore")
	wantText(t, ctx, "#corrections", "Trop peu explicite")

	// Second attempt: right answers.
	click(t, ctx, "#retry-quiz")
	answer(true)
	wantText(t, ctx, "#result", "100 %")
	wantText(t, ctx, "#result", "Réussi")

	// Download the certificate with the member's session, and read it.
	href := get(t, ctx, "read the certificate link", chromedp.AttributeValue(css("#download-certificate"), "href"))
	b64 := get(t, ctx, "download the certificate", chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => {
		if (!r.ok || r.headers.get("Content-Type") !== "application/pdf") throw new Error("status " + r.status);
		return r.arrayBuffer();
	}).then(b => { let s = ""; for (const c of new Uint8Array(b)) s += String.fromCharCode(c); return btoa(s); })`, href.Value),
		chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	content := pdfText(t, data)
	if !strings.Contains(content, "Léa Martin") {
		t.Fatalf("the certificate does not name the member:\n%s", content)
	}
	match := regexp.MustCompile(m.URL + `/certificats/([A-Z2-7]{16})`).FindStringSubmatch(content)
	if match == nil {
		t.Fatalf("no verification address in the certificate:\n%s", content)
	}
	code := match[1]
	if !strings.Contains(content, creatorclub.FormatCertificateCode(code)) {
		t.Errorf("the certificate does not show its code %s:\n%s", code, content)
	}

	// Anyone, signed in or not, checks the code.
	visitor := newSession(t, ctx)
	if status := open(t, visitor, m, "/certificats/"+code); status != 200 {
		t.Fatalf("verification page answered %d", status)
	}
	wantText(t, visitor, "#verify-status", "Attestation valide")
	wantText(t, visitor, "#verification", demo.LawCourseTitle)
	if body := text(t, visitor, "main"); strings.Contains(body, "Martin") {
		t.Errorf("the verification page names the holder:\n%s", body)
	}
	// A made-up code is unknown.
	if status := open(t, visitor, m, "/certificats/AAAABBBBCCCCDDDD"); status != 404 {
		t.Errorf("unknown code answered %d", status)
	}
	wantText(t, visitor, "#verify-status", "Code inconnu")

	// The member is now up to date.
	open(t, ctx, m, "/formations")
	wantText(t, ctx, "#duties-summary", "Vous êtes à jour")
}

func firstWrong(q creatorclub.QuizQuestion) int {
	for i, c := range q.Choices {
		if !c.Correct {
			return i
		}
	}
	return -1
}

// pdfText extracts a PDF's text with an independent reader.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read the PDF: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatal(err)
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
