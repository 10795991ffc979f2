package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub/files"
)

const filesMigrateUsage = `usage: creatorclub files migrate --from disk|s3 --to disk|s3 [--dry-run] [--parallel N]
       [--to-data-dir DIR] [--to-s3-endpoint URL] [--to-s3-bucket B] [--to-s3-prefix P] …`

const filesMigrateHelp = filesMigrateUsage + `

Copies every file the database names (event and lesson materials,
committee documents and their old versions, observatory corpora and report
files) from one storage to another, before the club is switched to it. Each side is described by the settings
"creatorclub serve" takes:

  disk  the files folder of the data directory: DATA_DIR/files (--data-dir,
        CREATORCLUB_DATA_DIR); as a destination, --to-data-dir DIR instead
  s3    the bucket of the --s3-* flags and CREATORCLUB_S3_* variables; as a
        destination, each --to-s3-* flag (or CREATORCLUB_TO_S3_* variable,
        CREATORCLUB_TO_S3_SECRET_KEY for the secret) replaces its --s3-*
        counterpart, for a move to another bucket, prefix or server

The database is the one of --database-url (or the SQLite file in
--data-dir). Files already at the destination with the same bytes are left
alone, so an interrupted run can be run again; every copy is read back and
its size and SHA-256 compared; nothing is ever removed from the source. The
command exits with an error when a file could not be copied or is missing
at the source. Progress goes to stderr, the report to stdout.

Flags:
`

// filesMigrate copies the files the database names from the storage of
// --from to that of --to and prints what it did.
func filesMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var from, to, toDataDir string
	var dryRun bool
	var parallel int
	var toS3 files.S3Config
	toInsecure := env("TO_S3_INSECURE", "")
	fs := flag.NewFlagSet("files migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), filesMigrateHelp)
		fs.PrintDefaults()
	}
	cfg.bindCommon(fs)
	cfg.bindS3(fs)
	fs.StringVar(&from, "from", "", "where the files are now: disk (DATA_DIR/files) or s3 (the --s3-* bucket)")
	fs.StringVar(&to, "to", "", "where to copy them: disk or s3, with the --to-* flags when they differ from the source's")
	fs.BoolVar(&dryRun, "dry-run", false, "say what would be copied, reading both sides, and write nothing")
	fs.IntVar(&parallel, "parallel", 4, "files copied at once (1 to 32)")
	fs.StringVar(&toDataDir, "to-data-dir", env("TO_DATA_DIR", ""), "with --to disk: the data directory whose files folder receives the files; default --data-dir (CREATORCLUB_TO_DATA_DIR)")
	fs.StringVar(&toS3.Endpoint, "to-s3-endpoint", env("TO_S3_ENDPOINT", ""), "with --to s3: the destination's S3 server; default --s3-endpoint (CREATORCLUB_TO_S3_ENDPOINT)")
	fs.StringVar(&toS3.Bucket, "to-s3-bucket", env("TO_S3_BUCKET", ""), "with --to s3: the destination's bucket; default --s3-bucket (CREATORCLUB_TO_S3_BUCKET)")
	fs.StringVar(&toS3.Region, "to-s3-region", env("TO_S3_REGION", ""), "with --to s3: the destination bucket's region; default --s3-region (CREATORCLUB_TO_S3_REGION)")
	fs.StringVar(&toS3.Prefix, "to-s3-prefix", env("TO_S3_PREFIX", ""), "with --to s3: the folder inside the destination bucket, / for its root; default --s3-prefix (CREATORCLUB_TO_S3_PREFIX)")
	fs.StringVar(&toS3.AccessKey, "to-s3-access-key", env("TO_S3_ACCESS_KEY", ""), "with --to s3: the destination's access key id; default --s3-access-key (CREATORCLUB_TO_S3_ACCESS_KEY)")
	toS3.SecretKey = env("TO_S3_SECRET_KEY", "") // only from the environment or a file
	fs.BoolFunc("to-s3-insecure", "with --to s3: plain HTTP to the destination's S3 server; default --s3-insecure (CREATORCLUB_TO_S3_INSECURE)", func(v string) error {
		toInsecure = v
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), filesMigrateUsage)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}

	// The destination's settings, each defaulting to the source's.
	toS3Given := toS3 != (files.S3Config{}) || toInsecure != ""
	if toS3.Endpoint == "" {
		toS3.Endpoint = cfg.S3.Endpoint
	}
	if toS3.Bucket == "" {
		toS3.Bucket = cfg.S3.Bucket
	}
	if toS3.Region == "" {
		toS3.Region = cfg.S3.Region
	}
	if toS3.Prefix == "" {
		toS3.Prefix = cfg.S3.Prefix
	}
	if toS3.AccessKey == "" {
		toS3.AccessKey = cfg.S3.AccessKey
	}
	if toS3.SecretKey == "" {
		toS3.SecretKey = cfg.S3.SecretKey
	}
	toS3.Insecure = cfg.S3.Insecure
	if toInsecure != "" {
		b, err := strconv.ParseBool(toInsecure)
		if err != nil {
			return fmt.Errorf("--to-s3-insecure %q: want true or false", toInsecure)
		}
		toS3.Insecure = b
	}
	// Uploads are staged where serve stages them.
	staging := filepath.Join(cfg.DataDir, "files", "tmp")
	toS3.TempDir = staging
	if toDataDir == "" {
		toDataDir = cfg.DataDir
	}

	var usageErrs []error
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "to-s3-") && to != "s3" {
			usageErrs = append(usageErrs, fmt.Errorf("--%s describes an S3 destination: use it with --to s3", f.Name))
		}
		if f.Name == "to-data-dir" && to != "disk" {
			usageErrs = append(usageErrs, errors.New("--to-data-dir describes a disk destination: use it with --to disk"))
		}
	})
	var src, dst files.Location
	switch from {
	case "disk":
		src = files.Location{Dir: filepath.Join(cfg.DataDir, "files")}
	case "s3":
		if !cfg.S3.Configured() {
			usageErrs = append(usageErrs, errors.New("--from s3: no bucket configured: give --s3-endpoint, --s3-bucket, --s3-access-key and CREATORCLUB_S3_SECRET_KEY, as to serve"))
		}
		s3 := cfg.S3
		s3.TempDir = staging
		src = files.Location{S3: &s3}
	default:
		usageErrs = append(usageErrs, fmt.Errorf("--from %q: want disk or s3", from))
	}
	switch to {
	case "disk":
		dst = files.Location{Dir: filepath.Join(toDataDir, "files")}
		if from == "disk" && toDataDir == cfg.DataDir {
			usageErrs = append(usageErrs, errors.New("--from disk --to disk: the destination is the source; give --to-data-dir"))
		}
	case "s3":
		if !toS3.Configured() {
			usageErrs = append(usageErrs, errors.New("--to s3: no bucket configured: give --s3-endpoint, --s3-bucket, --s3-access-key and CREATORCLUB_S3_SECRET_KEY, as to serve (or their --to-s3-* forms)"))
		} else if err := toS3.Validate(); err != nil {
			usageErrs = append(usageErrs, fmt.Errorf("--to s3 (--to-s3-* flags, CREATORCLUB_TO_S3_* variables, else the --s3-* ones): %w", err))
		}
		if from == "s3" && !toS3Given {
			usageErrs = append(usageErrs, errors.New("--from s3 --to s3: the destination is the source; give --to-s3-bucket, --to-s3-prefix or --to-s3-endpoint"))
		}
		dst = files.Location{S3: &toS3}
	default:
		usageErrs = append(usageErrs, fmt.Errorf("--to %q: want disk or s3", to))
	}
	if parallel < 1 || parallel > 32 {
		usageErrs = append(usageErrs, errors.New("--parallel must be between 1 and 32"))
	}
	if len(usageErrs) > 0 {
		return fmt.Errorf("%w\n%s", errors.Join(usageErrs...), filesMigrateUsage)
	}

	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	refs, err := db.ListFileReferences(ctx)
	if err != nil {
		return err
	}
	var total int64
	for _, r := range refs {
		total += r.Size
	}
	fmt.Fprintf(stderr, "files: %d references in the %s database (%s as recorded); checking %s and %s\n",
		len(refs), db.Engine, files.FormatBytes(total), src, dst)
	if left := legacyObservatoryFiles(cfg.DataDir); left != "" {
		fmt.Fprintf(stderr, "files: %s still holds observatory files of an earlier version, not in the file store yet: "+
			"start the club once (it moves them there), then run this again; until then they are missing at the source\n", left)
	}
	rep, err := files.Migrate(ctx, src, dst, refs, files.MigrateOptions{DryRun: dryRun, Parallel: parallel, Progress: stderr})
	if rep != nil {
		printMigration(stdout, rep)
	}
	if err != nil {
		if rep != nil {
			return fmt.Errorf("%w; run the command again to go on", err)
		}
		return err
	}
	if !rep.Complete() {
		verb := "are not"
		if rep.DryRun {
			verb = "would not be"
		}
		return fmt.Errorf("%d of %d files %s at the destination: %d missing at the source, %d failed (listed above)",
			len(rep.Missing)+len(rep.Failed), rep.Files, verb, len(rep.Missing), len(rep.Failed))
	}
	return nil
}

// printMigration writes the report of a migration: counts, then every file
// that needs a look.
func printMigration(w io.Writer, r *files.MigrationReport) {
	if r.DryRun {
		fmt.Fprintln(w, "DRY RUN: nothing was written")
	}
	fmt.Fprintf(w, "from %s\nto   %s\n", r.From, r.To)
	replaced, differs := 0, 0
	for _, f := range r.Copied {
		if f.Replaced {
			replaced++
		}
	}
	for _, list := range [][]*files.MigratedFile{r.Copied, r.Present} {
		for _, f := range list {
			if f.DiffersFromRecord {
				differs++
			}
		}
	}
	verb := "copied and verified"
	if r.DryRun {
		verb = "to copy"
	}
	fmt.Fprintf(w, "%d files named by the database:\n", r.Files)
	fmt.Fprintf(w, "  %d %s (%s)", len(r.Copied), verb, files.FormatBytes(r.Bytes))
	if replaced > 0 {
		fmt.Fprintf(w, ", %d of them replacing a different copy at the destination", replaced)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  %d already at the destination, identical\n", len(r.Present))
	fmt.Fprintf(w, "  %d missing at the source\n", len(r.Missing))
	fmt.Fprintf(w, "  %d failed\n", len(r.Failed))
	if n := r.Files - len(r.Copied) - len(r.Present) - len(r.Missing) - len(r.Failed); n > 0 {
		fmt.Fprintf(w, "  %d not checked (interrupted)\n", n)
	}

	list := func(title string, fs []*files.MigratedFile, keep func(*files.MigratedFile) bool, withErr bool) {
		first := true
		for _, f := range fs {
			if !keep(f) {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s:\n", title)
				first = false
			}
			for _, ref := range f.Refs {
				fmt.Fprintf(w, "  %s  %s\n", f.Key, ref)
			}
			if withErr {
				fmt.Fprintf(w, "      %v\n", f.Err)
			}
		}
	}
	all := func(*files.MigratedFile) bool { return true }
	list("Missing at the source (members already cannot download these; delete them in the club, or restore them to the source and run again)", r.Missing, all, false)
	list("Failed (run again to retry)", r.Failed, all, true)
	replacedTitle := "Replaced at the destination, which held a different copy"
	if r.DryRun {
		replacedTitle = "To replace at the destination, which holds a different copy"
	}
	list(replacedTitle, r.Copied, func(f *files.MigratedFile) bool { return f.Replaced }, false)
	if differs > 0 {
		list("Not as recorded at upload (size or SHA-256): copied as found, check the source",
			append(append([]*files.MigratedFile{}, r.Copied...), r.Present...), func(f *files.MigratedFile) bool { return f.DiffersFromRecord }, false)
	}
	if !r.DryRun && r.Complete() {
		fmt.Fprintln(w, "\nEvery file is at the destination: the club can be started on it.")
	}
}

// legacyObservatoryFiles returns DATA_DIR/observatory when it holds corpora
// or reports of a version before the file store, which serve moves into
// the store when it starts, and "" otherwise.
func legacyObservatoryFiles(dataDir string) string {
	dir := filepath.Join(dataDir, "observatory")
	for _, sub := range []string{"corpora", "reports"} {
		if entries, err := os.ReadDir(filepath.Join(dir, sub)); err == nil && len(entries) > 0 {
			return dir
		}
	}
	return ""
}

const filesSweepUsage = `usage: creatorclub files sweep [--delete] [--older-than 24h]`

const filesSweepHelp = filesSweepUsage + `

Lists the files of the file store that no row of the database names (left
by a crash between storing an upload, an event or lesson material, a
committee document, an observatory corpus or report file, and committing
the row that names it) with their size and age, and their total size. The
store is the one "creatorclub serve" uses: the bucket of the --s3-* flags
and CREATORCLUB_S3_* variables (the objects directly under --s3-prefix)
when one is configured, else DATA_DIR/files (its staging folder tmp
apart); the database is the one of --database-url (or the SQLite file in
--data-dir). Anything else found there is listed and left alone.

It deletes nothing unless given --delete. Even then it never deletes a
file written less than --older-than ago (at least 1h): an upload stores
its file before its row is committed. Just before deleting, it reads the
database again and keeps the files a row names by then. The club may keep
running; run the command from one instance only. It exits with an error
when a file could not be deleted, after trying the others.

Flags:
`

// filesUsage names the subcommands of "creatorclub files".
const filesUsage = filesMigrateUsage + "\n   or: creatorclub files sweep [--delete] [--older-than 24h]"

// filesSweep lists the files of the store that no row names and, with
// --delete, deletes those older than the grace period.
func filesSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var del bool
	var olderThan time.Duration
	fs := flag.NewFlagSet("files sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), filesSweepHelp)
		fs.PrintDefaults()
	}
	cfg.bindCommon(fs)
	cfg.bindS3(fs)
	fs.BoolVar(&del, "delete", false, "delete the files no row names that are older than --older-than; without it, only list them")
	fs.DurationVar(&olderThan, "older-than", 24*time.Hour, "grace period: never delete a file written less than this long ago (at least 1h), such as 24h or 72h")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), filesSweepUsage)
	}
	if olderThan < files.MinSweepAge {
		return fmt.Errorf("--older-than %v: must be at least %s, an upload stores its file before its row is committed\n%s",
			olderThan, formatAge(files.MinSweepAge), filesSweepUsage)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	loc := files.Location{Dir: filepath.Join(cfg.DataDir, "files")}
	if cfg.S3.Configured() {
		s3 := cfg.S3
		loc = files.Location{S3: &s3}
	}

	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stderr, "files: listing %s, against the %s database\n", loc, db.Engine)
	if left := legacyObservatoryFiles(cfg.DataDir); left != "" {
		fmt.Fprintf(stderr, "files: %s still holds observatory files of an earlier version, not in the file store yet: "+
			"they are left alone (the club moves them into the store when it starts)\n", left)
	}
	rep, err := files.Sweep(ctx, loc, db.ListFileReferences, files.SweepOptions{OlderThan: olderThan, Delete: del})
	if rep != nil {
		printSweep(stdout, rep)
	}
	if err != nil {
		return err
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return fmt.Errorf("%d of %d files named by no row could not be deleted (listed above); run the command again to retry them",
			len(failed), len(rep.Orphans))
	}
	return nil
}

// printSweep writes the report of a sweep: counts, then every file named by
// no row and whatever else the store holds.
func printSweep(w io.Writer, r *files.SweepReport) {
	if r.DryRun {
		fmt.Fprintln(w, "DRY RUN: nothing was deleted")
	}
	grace := formatAge(r.OlderThan)
	fmt.Fprintf(w, "in %s\n", r.Location)
	fmt.Fprintf(w, "%s in the store (%s), %d of them named by the database\n", plural(r.Files, "file"), files.FormatBytes(r.Bytes), r.Referenced)
	fmt.Fprintf(w, "  %d named by no row, written more than %s ago (%s)", len(r.Orphans), grace, files.FormatBytes(r.OrphanBytes()))
	if r.DryRun {
		if len(r.Orphans) > 0 {
			fmt.Fprint(w, ": to delete with --delete")
		}
	} else {
		n, size := r.Deleted()
		fmt.Fprintf(w, ": %d deleted (%s), %d failed", n, files.FormatBytes(size), len(r.Failed()))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  %d named by no row, written less than %s ago: kept (an upload may be about to name them)\n", len(r.Recent), grace)
	if r.Missing > 0 {
		fmt.Fprintf(w, "missing from the store: %d named by the database\n", r.Missing)
	}
	if len(r.Others) > 0 {
		fmt.Fprintf(w, "%s, not files of the store: left alone\n", plural(len(r.Others), "other entry"))
	}
	if r.Referenced == 0 && len(r.Orphans) > 0 {
		fmt.Fprintln(w, "\nThe database names none of the files in the store: is it the club's database, and this the club's storage? --delete refuses to delete anything so.")
	}

	list := func(title string, orphans []*files.Orphan, status func(*files.Orphan) string) {
		if len(orphans) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, o := range orphans {
			fmt.Fprintf(w, "  %s  %10s  %8s", o.Key, files.FormatBytes(o.Size), formatAge(o.Age))
			if s := status(o); s != "" {
				fmt.Fprintf(w, "  %s", s)
			}
			fmt.Fprintln(w)
		}
	}
	list("Named by no row, written more than "+grace+" ago (key, size, age)", r.Orphans, func(o *files.Orphan) string {
		switch {
		case o.Deleted:
			return "deleted"
		case o.Err != nil:
			return "FAILED: " + o.Err.Error()
		case o.Kept != "":
			return "kept: " + o.Kept
		case r.DryRun:
			return ""
		}
		return "not deleted"
	})
	list("Named by no row, written less than "+grace+" ago, kept (key, size, age)", r.Recent, func(*files.Orphan) string { return "" })
	if len(r.Others) > 0 {
		fmt.Fprintln(w, "\nNot files of the store, left alone:")
		for _, o := range r.Others {
			fmt.Fprintf(w, "  %s\n", o)
		}
	}
}

// plural writes n and noun, in the plural unless n is 1: "1 file",
// "2 files", "3 other entries".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if s, ok := strings.CutSuffix(noun, "y"); ok {
		return fmt.Sprintf("%d %sies", n, s)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// formatAge writes a duration for people, to the minute: "3d4h", "5h12m",
// "24h" as "1d".
func formatAge(d time.Duration) string {
	if d < time.Minute {
		return "<1m"
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%dd%dh", days, hours)
	case days > 0:
		return fmt.Sprintf("%dd", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%dh%dm", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh", hours)
	}
	return fmt.Sprintf("%dm", mins)
}
