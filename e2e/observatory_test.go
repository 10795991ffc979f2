package e2e

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub/observatory/gen"
)

// TestObservatoryAnalystUploadsAndReadsTheReport: an analyst uploads a small
// gzip corpus, the page follows the background job until it is done, and the
// report opens with its charts drawn; published, it shows on the public page.
func TestObservatoryAnalystUploadsAndReadsTheReport(t *testing.T) {
	m := MustRunMain(t)
	mustCreateAdmin(t, m, "analyste@club.test", "Camille", "Analyste")
	ctx := newBrowser(t)
	signIn(t, ctx, m, "analyste@club.test")

	corpus := filepath.Join(t.TempDir(), "instagram-2023.jsonl.gz")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if err := gen.Write(zw, gen.Options{N: 5000, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	f.Close()

	if status := open(t, ctx, m, "/gestion/observatoire"); status != 200 {
		t.Fatalf("observatory page: %d\n%s", status, pageState(ctx))
	}
	do(t, ctx, "fill the upload form",
		chromedp.SendKeys(css("#title"), "Instagram 2023, échantillon"),
		chromedp.SetUploadFiles(css("#file"), []string{corpus}))
	if status := click(t, ctx, "#upload-corpus"); status != 200 {
		t.Fatalf("upload answered %d\n%s", status, pageState(ctx))
	}
	if !strings.HasPrefix(pagePath(t, ctx), "/gestion/observatoire/") {
		t.Fatalf("after the upload the browser is on %s\n%s", pagePath(t, ctx), pageState(ctx))
	}
	// The page reloads itself (Refresh header) until the job is done; a
	// reload may interrupt a read, which is then tried again.
	deadline := time.Now().Add(90 * time.Second)
	for {
		stepCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		status, _ := chromedp.Run(stepCtx, chromedp.Evaluate[string](`(() => { const s = document.querySelector('#analysis-status'); return s ? s.dataset.status : ''; })()`))
		cancel()
		if status == "done" {
			break
		}
		if status == "failed" || time.Now().After(deadline) {
			t.Fatalf("the analysis did not finish (%q)\n%s", status, pageState(ctx))
		}
		time.Sleep(300 * time.Millisecond)
	}
	wantText(t, ctx, "#figures", "5000")

	if status := click(t, ctx, "#open-report"); status != 200 {
		t.Fatalf("report answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "h1", "Observatoire de l'influence responsable")
	// Every chart is drawn: an SVG with a size and marks inside.
	charts := get(t, ctx, "count the drawn charts", chromedp.Evaluate[int](`[...document.querySelectorAll('svg.chart')].filter(s => {
		const b = s.getBoundingClientRect(); return b.width > 100 && b.height > 100 && s.querySelectorAll('rect, path, circle').length > 3;
	}).length`))
	if charts < 4 {
		t.Fatalf("%d charts drawn, want at least 4\n%s", charts, pageState(ctx))
	}
	// The figures the organisation published stand beside the corpus's.
	wantText(t, ctx, "#h-published", "Comparaison avec les chiffres publiés")
	wantText(t, ctx, "#h-published ~ .scroll", "Contenus commerciaux conformes, 1er semestre 2023")
	screenshot(t, ctx, "observatory-report")

	// Published, the report is on the public page without the posts.
	open(t, ctx, m, pagePathBefore(t, ctx))
	if status := click(t, ctx, "#publish-report"); status != 200 {
		t.Fatalf("publish answered %d\n%s", status, pageState(ctx))
	}
	visitor := newSession(t, ctx)
	open(t, visitor, m, "/observatoire")
	wantText(t, visitor, "#public-reports", "Instagram 2023, échantillon")
	if status := click(t, visitor, "#public-reports a"); status != 200 {
		t.Fatalf("public report answered %d\n%s", status, pageState(visitor))
	}
	if n := get(t, visitor, "count public charts", chromedp.Evaluate[int](`document.querySelectorAll('svg.chart').length`)); n < 4 {
		t.Fatalf("public report has %d charts\n%s", n, pageState(visitor))
	}
	publicPath := pagePath(t, visitor)

	// The analyst deletes the analysis: the form wants the box ticked
	// first, then the corpus goes with its only analysis, and the report
	// leaves the public page.
	analysis := pagePathBefore(t, ctx)

	// The analyst reviews a drawn post by hand, without the engine's
	// verdict on screen, and the page moves on to the next.
	open(t, ctx, m, analysis)
	if status := click(t, ctx, "#review-link"); status != 200 {
		t.Fatalf("review page answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#review-progress", "Publications vérifiées : 0 sur")
	shown := func() string {
		return get(t, ctx, "the post shown", chromedp.Evaluate[string](`document.querySelector('#review-post').dataset.post`))
	}
	first := shown()
	wantText(t, ctx, "#review-no-disagreement", "Aucun désaccord")
	do(t, ctx, "give a verdict", chromedp.Click(css(`label[for="verdict-non_compliant"]`)), chromedp.SendKeys(css("#review-note"), "aucune mention"))
	if status := click(t, ctx, "#review-submit"); status != 200 {
		t.Fatalf("saving the verdict answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "main", "Verdict enregistré.")
	wantText(t, ctx, "#review-progress", "Publications vérifiées : 1 sur")
	if next := shown(); next == first || next == "" {
		t.Fatalf("after the verdict the page shows %q (first %q)\n%s", next, first, pageState(ctx))
	}
	// The first drawn post is one the engine read as not commercial: the
	// reviewer disagreed, and the page says so with the engine's passages.
	wantText(t, ctx, `#review-rows tr[data-verdict="not_commercial"]`, "0 / 1")
	wantText(t, ctx, "#review-disagreements", first)
	wantText(t, ctx, "#review-disagreements", "aucune mention")
	screenshot(t, ctx, "observatory-review")
	// The analyst adds the review to the report, which then shows it.
	if status := click(t, ctx, "#review-to-report"); status != 200 {
		t.Fatalf("adding the review to the report answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#review-in-report", "verdicts comptés : 1")
	open(t, ctx, m, analysis+"/rapport")
	wantText(t, ctx, "#h-review", "Vérification humaine")
	wantText(t, ctx, "#review-agreement", "Non commercial")

	open(t, ctx, m, analysis)
	wantText(t, ctx, "#delete-help", "ainsi que le corpus instagram-2023.jsonl.gz")
	wantText(t, ctx, "#delete-help", "disparaît aussi de la page publique")
	do(t, ctx, "tick the confirmation", chromedp.Click(css("#delete-confirm")))
	if status := click(t, ctx, "#delete-analysis"); status != 200 {
		t.Fatalf("delete answered %d\n%s", status, pageState(ctx))
	}
	wantPath(t, ctx, "/gestion/observatoire")
	wantText(t, ctx, "main", "Analyse supprimée, avec son rapport et son corpus.")
	if status := open(t, ctx, m, analysis); status != 404 {
		t.Fatalf("the deleted analysis answered %d", status)
	}
	if status := open(t, visitor, m, publicPath); status != 404 {
		t.Fatalf("the deleted public report answered %d", status)
	}
}

// pagePathBefore returns the analysis page the report was opened from.
func pagePathBefore(t *testing.T, ctx context.Context) string {
	t.Helper()
	return strings.TrimSuffix(pagePath(t, ctx), "/rapport")
}
