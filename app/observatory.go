package app

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/gen"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/report"
)

const observatoryUsage = `creatorclub observatory — the observatory of responsible influence

Usage:
  creatorclub observatory analyze CORPUS --out DIR [--format jsonl|csv|youtube|instagram]
        [--map field=column,...] [--cutoff 2023-06-09] [--rules FILE] [--roster FILE]
        [--workers N] [--lang fr|en] [--review N]
  creatorclub observatory eval [flags] [FILE...]
        precision, recall and F1 on evaluation sets; with --baseline OLD.toml,
        what the rule file changed set by set ([--changes] [--fail-on-regression])
  creatorclub observatory compare A B --out FILE.html [--lang fr|en]
        sets report B's shares against report A's (each a DIR written by
        analyze, or its summary.json), with intervals and two-proportion tests
  creatorclub observatory generate -n N -o FILE [--seed S]
  creatorclub observatory bench [-n 1000000] [--file FILE] [--runs 5]

analyze writes DIR/report.html, summary.json, findings.jsonl, samples.csv and
one CSV file per table. CORPUS may be gzip-compressed; its format is guessed
from its first bytes when --format is not given. summary.json holds a random
sample of --review posts (default 100; 0: none) of each of the engine's
verdicts, for a review by hand on the staff pages.
`

// observatoryCommand runs "creatorclub observatory …".
func observatoryCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, observatoryUsage)
		return errors.New("observatory: no subcommand given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "analyze", "analyse":
		return observatoryAnalyze(ctx, rest, stdout, stderr)
	case "eval":
		return observatory.RunEvalCommand(rest, stdout)
	case "compare":
		return observatoryCompare(rest, stdout, stderr)
	case "generate":
		return observatoryGenerate(rest, stdout, stderr)
	case "bench":
		return observatoryBench(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, observatoryUsage)
		return nil
	default:
		fmt.Fprint(stderr, observatoryUsage)
		return fmt.Errorf("observatory: unknown subcommand %q", cmd)
	}
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("analyze CORPUS --out DIR").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// AnalyzeFlags are the options of "observatory analyze".
type analyzeFlags struct {
	format, mapping, cutoff, rules, roster, out, lang string
	workers, review                                   int
}

func observatoryAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f analyzeFlags
	fs := flag.NewFlagSet("observatory analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.format, "format", "", "corpus format: jsonl, csv, youtube or instagram (default: guessed)")
	fs.StringVar(&f.mapping, "map", "", "CSV column mapping, e.g. text=caption,published_at=date")
	fs.StringVar(&f.cutoff, "cutoff", analysis.DefaultCutoff.Format(time.DateOnly), "cut-off date: posts from this day are \"after\"")
	fs.StringVar(&f.rules, "rules", "", "rule file (default: the rules built into the binary)")
	fs.StringVar(&f.roster, "roster", "", "the club's roster (CSV export) or a list of certified handles, one per line")
	fs.StringVar(&f.out, "out", "", "output directory (required)")
	fs.StringVar(&f.lang, "lang", "fr", "language of report.html: fr or en")
	fs.IntVar(&f.workers, "workers", 0, "analysing goroutines (default: one per core)")
	fs.IntVar(&f.review, "review", analysis.DefaultReviewSize, "posts of each verdict drawn at random for a review by hand, in summary.json (0: none)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || f.out == "" {
		return errors.New("usage: creatorclub observatory analyze CORPUS --out DIR [--cutoff 2023-06-09] [--format F] [--rules FILE]")
	}
	opts, eng, err := analyzeOptions(f)
	if err != nil {
		return err
	}
	path := pos[0]
	in, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	defer in.Close()
	if st, err := in.Stat(); err == nil {
		opts.Size = st.Size()
	}
	opts.Name = filepath.Base(path)
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	findingsPath := filepath.Join(f.out, "findings.jsonl")
	tmp := findingsPath + ".tmp"
	fw, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	defer os.Remove(tmp)
	opts.Findings = fw
	lastPrint := time.Time{}
	opts.Progress = func(p analysis.Progress) {
		if time.Since(lastPrint) < time.Second && !p.Done {
			return
		}
		lastPrint = time.Now()
		fmt.Fprintf(stderr, "\r%d posts analysed, %d bad records, %.0f %%   ", p.Posts, p.Bad, 100*p.Fraction)
		if p.Done {
			fmt.Fprintln(stderr)
		}
	}
	s, err := analysis.Run(ctx, in, eng, opts)
	if err != nil {
		fw.Close()
		return fmt.Errorf("observatory: %s: %w", path, err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	if err := os.Rename(tmp, findingsPath); err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	if err := report.Write(f.out, s, f.lang); err != nil {
		return err
	}
	for _, b := range s.BadSamples {
		fmt.Fprintf(stderr, "%s: %s\n", path, b)
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w.Message)
	}
	all := s.Overview[0]
	fmt.Fprintf(stdout, "%d posts analysed in %.1f s (%d bad records); %.1f %% commercial, of which %.1f %% compliant, %.1f %% improvable, %.1f %% non-compliant\n",
		s.Posts, s.Seconds, s.BadRecords, 100*all.Commercial.Rate, 100*all.Compliant.Rate, 100*all.Improvable.Rate, 100*all.NonCompliant.Rate)
	fmt.Fprintf(stdout, "report written to %s\n", filepath.Join(f.out, report.HTMLFile))
	return nil
}

// analyzeOptions checks the flags and loads the rules and the roster.
func analyzeOptions(f analyzeFlags) (analysis.Options, *observatory.Engine, error) {
	var opts analysis.Options
	var err error
	if f.format != "" {
		if opts.Format, err = ingest.ParseFormat(f.format); err != nil {
			return opts, nil, err
		}
	}
	if f.mapping != "" {
		if opts.CSV, err = ingest.ParseCSVMapping(f.mapping); err != nil {
			return opts, nil, err
		}
	}
	if opts.Cutoff, err = time.Parse(time.DateOnly, f.cutoff); err != nil {
		return opts, nil, fmt.Errorf("--cutoff %q: write the date as YYYY-MM-DD, e.g. 2023-06-09", f.cutoff)
	}
	if f.lang != "fr" && f.lang != "en" {
		return opts, nil, fmt.Errorf("--lang %q: use fr or en", f.lang)
	}
	opts.Workers = f.workers
	opts.ReviewSize = f.review
	if f.review <= 0 {
		opts.ReviewSize = -1
	}
	rs := observatory.DefaultRules()
	if f.rules != "" {
		rf, err := os.Open(f.rules)
		if err != nil {
			return opts, nil, fmt.Errorf("observatory: %w", err)
		}
		defer rf.Close()
		if rs, err = observatory.LoadRules(f.rules, rf); err != nil {
			return opts, nil, err
		}
	}
	opts.DescribeRules(rs)
	if f.roster != "" {
		if opts.Roster, err = readRosterHandles(f.roster); err != nil {
			return opts, nil, err
		}
	}
	return opts, observatory.NewEngine(rs), nil
}

// readRosterHandles reads the handles of certified creators: a roster CSV
// export (only active certificates count) or a list of handles.
func readRosterHandles(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("observatory: roster: %w", err)
	}
	handles := map[string]bool{}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.ContainsAny(first, ",;") {
		entries, err := creatorclub.ParseRoster(bytes.NewReader(data))
		if err != nil {
			var fe *creatorclub.RosterFileError
			if errors.As(err, &fe) && len(fe.Rows) > 0 {
				return nil, fmt.Errorf("observatory: roster %s line %d: %s", path, fe.Rows[0].Line, fe.Rows[0].Reason)
			}
			return nil, fmt.Errorf("observatory: roster %s: %w", path, err)
		}
		for _, e := range entries {
			if e.Status != creatorclub.CertActive {
				continue
			}
			for _, h := range e.Handles {
				handles[creatorclub.NormalizeHandle(h.Handle)] = true
			}
		}
		return handles, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if h := creatorclub.NormalizeHandle(sc.Text()); h != "" && !strings.HasPrefix(h, "#") {
			handles[h] = true
		}
	}
	return handles, nil
}

// observatoryCompare writes the page that sets report B's shares against
// report A's: last year's study against this year's, for example.
func observatoryCompare(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("observatory compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the comparison page to write (HTML)")
	lang := fs.String("lang", "fr", "language of the page: fr or en")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || *out == "" {
		return errors.New("usage: creatorclub observatory compare A B --out FILE.html (A and B: report directories or their summary.json)")
	}
	if *lang != "fr" && *lang != "en" {
		return fmt.Errorf("--lang %q: choose fr or en", *lang)
	}
	var sums [2]*analysis.Summary
	for i, p := range pos {
		if sums[i], err = readSummaryFile(p); err != nil {
			return err
		}
	}
	c := analysis.CompareCorpora(sums[0], sums[1])
	var page bytes.Buffer
	if err := report.CompareHTML(&page, c, *lang); err != nil {
		return err
	}
	if err := os.WriteFile(*out, page.Bytes(), 0o644); err != nil {
		return fmt.Errorf("observatory compare: %w", err)
	}
	fmt.Fprintf(stdout, "%s written: %s (%d posts) against %s (%d posts), %d shares compared\n", *out, c.B.Corpus, c.B.Posts, c.A.Corpus, c.A.Posts, len(c.Rows))
	if !c.SameRules {
		fmt.Fprintf(stdout, "warning: the two were analysed with different rules (%s and %s): analyse the older corpus again to compare them with the same rules\n", c.A.RulesVersion, c.B.RulesVersion)
	}
	return nil
}

// readSummaryFile reads the summary.json of a report, given the report's
// directory or the file itself.
func readSummaryFile(path string) (*analysis.Summary, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, report.SummaryFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observatory compare: %w", err)
	}
	defer f.Close()
	s, err := analysis.ReadSummary(f)
	if err != nil {
		return nil, fmt.Errorf("observatory compare: %s: %w", path, err)
	}
	return s, nil
}

func observatoryGenerate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("observatory generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10000, "number of posts")
	out := fs.String("o", "", "output file (.gz for gzip); - for standard output")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same corpus")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("usage: creatorclub observatory generate -n N -o FILE")
	}
	if *n < 0 {
		return fmt.Errorf("-n %d: the number of posts must be positive", *n)
	}
	if *out == "-" {
		return gen.Write(stdout, gen.Options{N: *n, Seed: *seed})
	}
	if err := writeCorpus(*out, *n, *seed); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d posts written to %s\n", *n, *out)
	return nil
}

// writeCorpus writes a generated corpus to path, gzip-compressed when the
// name ends in .gz.
func writeCorpus(path string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("observatory: %w", err)
	}
	var w io.Writer = f
	var zw interface{ Close() error }
	if strings.HasSuffix(path, ".gz") {
		z := gzip.NewWriter(f)
		w, zw = z, z
	}
	if err := gen.Write(w, gen.Options{N: n, Seed: seed}); err != nil {
		f.Close()
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// observatoryBench measures the analysis end to end on a generated JSON
// Lines file, and in the same run a pass that only reads and decodes it.
func observatoryBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("observatory bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000000, "posts in the generated corpus")
	file := fs.String("file", "", "corpus file (default: a generated one in the temporary directory)")
	runs := fs.Int("runs", 5, "runs of each measurement; the medians are reported")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the first full analysis run to this file")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	var profile *os.File
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		profile = f
	}
	path := *file
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("creatorclub-observatory-bench-%d.jsonl", *n))
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "generating %d posts in %s…\n", *n, path)
		if err := writeCorpus(path, *n, 1); err != nil {
			return err
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	eng := observatory.NewEngine(observatory.DefaultRules())
	measure := func(decodeOnly bool) (time.Duration, float64, int64, error) {
		f, err := os.Open(path)
		if err != nil {
			return 0, 0, 0, err
		}
		defer f.Close()
		runtime.GC()
		if profile != nil && !decodeOnly {
			if err := pprof.StartCPUProfile(profile); err != nil {
				return 0, 0, 0, err
			}
			defer pprof.StopCPUProfile()
			profile = nil // one run: a profile file holds one profile
		}
		cpu0 := cpuTime()
		t0 := time.Now()
		s, err := analysis.Run(ctx, f, eng, analysis.Options{DecodeOnly: decodeOnly})
		wall := time.Since(t0)
		if err != nil {
			return 0, 0, 0, err
		}
		return wall, (cpuTime() - cpu0).Seconds() / wall.Seconds(), s.Posts, nil
	}
	type result struct {
		wall  []time.Duration
		cores []float64
	}
	var dec, full result
	var posts int64
	for i := range *runs {
		for _, m := range []struct {
			r          *result
			decodeOnly bool
		}{{&dec, true}, {&full, false}} {
			wall, cores, n, err := measure(m.decodeOnly)
			if err != nil {
				return err
			}
			posts = n
			m.r.wall = append(m.r.wall, wall)
			m.r.cores = append(m.r.cores, cores)
			fmt.Fprintf(stderr, "run %d decode-only=%v: %v, %.2f cores\n", i+1, m.decodeOnly, wall.Round(time.Millisecond), cores)
		}
	}
	med := func(r result) (time.Duration, float64) {
		w := slices.Clone(r.wall)
		c := slices.Clone(r.cores)
		slices.Sort(w)
		slices.Sort(c)
		return w[len(w)/2], c[len(c)/2]
	}
	dw, dc := med(dec)
	fw, fc := med(full)
	fmt.Fprintf(stdout, "corpus: %s, %d posts, %.0f MB; GOMAXPROCS %d; median of %d runs\n", path, posts, float64(st.Size())/1e6, runtime.GOMAXPROCS(0), *runs)
	fmt.Fprintf(stdout, "read+decode only:  %7.3f s  %9.0f posts/s  %.2f cores\n", dw.Seconds(), float64(posts)/dw.Seconds(), dc)
	fmt.Fprintf(stdout, "full analysis:     %7.3f s  %9.0f posts/s  %.2f cores\n", fw.Seconds(), float64(posts)/fw.Seconds(), fc)
	fmt.Fprintf(stdout, "analysis / decode: %.2f×\n", fw.Seconds()/dw.Seconds())
	fmt.Fprintf(stdout, "peak resident memory of this process: %d MB\n", peakRSS()>>20)
	return nil
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the peak resident set size of the process (VmHWM), in bytes.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
