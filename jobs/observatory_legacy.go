package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
)

// Versions before the file store kept the observatory's files in
// DATA_DIR/observatory of the instance that received or wrote them: the
// corpus of key K in corpora/K/corpus, the report of report key R in
// reports/R/. An instance moves them into the file store when it starts,
// rather than reading them from there for ever: an installation with several
// instances then serves them from all of them once the instance that holds
// them has started, "creatorclub files migrate" carries them like any other
// file, and the pages and the job read from one place only. A corpus keeps
// its row and gets a key derived from its old one (files.KeyFor), and each
// file of a report a key derived from the report key and its name, so that
// a move cut short (a crash, a bucket that stopped answering) and run again
// at the next start writes the same objects. A file is removed from the
// data directory only once the database names it in the store.

// Prefixes of the names the keys of moved files are derived from.
const (
	legacyCorpusKey = "observatory corpus "
	legacyReportKey = "observatory report "
)

// LegacyMove says what MoveLegacyFiles did.
type LegacyMove struct {
	Corpora, Reports int   // moved into the store
	Files            int   // files moved, corpora and report files together
	Bytes            int64 // bytes moved
	// Removed counts the directories removed without a move: those of
	// failed analyses (never shown), and those whose move a previous start
	// recorded before it could remove them.
	Removed int
	// Left lists the directories left where they are, with why: unknown to
	// the database, or of an analysis not finished yet (moved at a later
	// start, once it is).
	Left []string
}

// MoveLegacyFiles moves the corpora and reports that versions before the
// file store kept in Dir into the store, records their keys in the
// database, and removes them from Dir. It goes on after a directory it
// cannot move, and returns the errors of all of them joined; a next call
// takes up what is left. It must run before this instance's job queue
// starts: it does not expect another analysis to be writing in Dir.
func (o *Observatory) MoveLegacyFiles(ctx context.Context) (*LegacyMove, error) {
	m := &LegacyMove{}
	var errs []error
	for _, kind := range []struct {
		dir  string
		move func(ctx context.Context, m *LegacyMove, dir, key string) error
	}{{"corpora", o.moveLegacyCorpus}, {"reports", o.moveLegacyReport}} {
		parent := filepath.Join(o.Dir, kind.dir)
		entries, err := os.ReadDir(parent)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			errs = append(errs, fmt.Errorf("jobs: observatory: %w", err))
			continue
		}
		for _, e := range entries {
			if err := ctx.Err(); err != nil {
				return m, err
			}
			if !e.IsDir() {
				m.Left = append(m.Left, filepath.Join(parent, e.Name())+": not a directory of an earlier version")
				continue
			}
			if err := kind.move(ctx, m, filepath.Join(parent, e.Name()), e.Name()); err != nil {
				errs = append(errs, err)
			}
		}
		os.Remove(parent) // once empty: nothing is left to move
	}
	return m, errors.Join(errs...)
}

// moveLegacyCorpus moves the corpus kept in dir under key.
func (o *Observatory) moveLegacyCorpus(ctx context.Context, m *LegacyMove, dir, key string) error {
	newKey := files.KeyFor(legacyCorpusKey + key)
	c, err := o.DB.FindCorpusByKey(ctx, key)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
		if _, err := o.DB.FindCorpusByKey(ctx, newKey); err == nil {
			// Moved by an earlier start, which stopped before removing it.
			m.Removed++
			return removeLegacy(dir)
		}
		m.Left = append(m.Left, dir+": no corpus of the database has this key")
		return nil
	} else if err != nil {
		return err
	}
	path := filepath.Join(dir, "corpus")
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("jobs: observatory: move corpus %d: %w", c.ID, err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ctype := corpusContentType(head[:n])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("jobs: observatory: move corpus %d: %w", c.ID, err)
	}
	if o.Logger != nil {
		o.Logger.InfoContext(ctx, "observatory: moving a corpus of an earlier version into the file store", "corpus", c.ID, "from", path, "bytes", c.Size)
	}
	st, err := o.Store.Put(ctx, newKey, c.FileName, ctype, f)
	if err != nil {
		return fmt.Errorf("jobs: observatory: move corpus %d from %s: %w", c.ID, path, err)
	}
	if c.SHA256 != "" && (st.SHA256 != c.SHA256 || st.Size != c.Size) && o.Logger != nil {
		o.Logger.WarnContext(ctx, "jobs: observatory: a corpus moved into the file store differs from the upload (size or SHA-256): moved as found",
			"corpus", c.ID, "path", path, "size", st.Size, "recorded_size", c.Size)
	}
	if err := o.DB.MoveCorpus(ctx, c.ID, key, newKey, ctype); err != nil && creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
		// ECONFLICT: another instance sharing this directory moved it.
		return err
	}
	m.Corpora++
	m.Files++
	m.Bytes += st.Size
	if o.Logger != nil {
		o.Logger.InfoContext(ctx, "observatory corpus moved into the file store", "corpus", c.ID, "from", path, "key", newKey, "bytes", st.Size)
	}
	return removeLegacy(dir)
}

// moveLegacyReport moves the report kept in dir under report key key.
func (o *Observatory) moveLegacyReport(ctx context.Context, m *LegacyMove, dir, key string) error {
	a, err := o.DB.FindAnalysisByReportKey(ctx, key)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
		m.Left = append(m.Left, dir+": no analysis of the database has this report key")
		return nil
	} else if err != nil {
		return err
	}
	switch a.Status {
	case creatorclub.AnalysisFailed:
		// What a failed run left was never shown.
		m.Removed++
		return removeLegacy(dir)
	case creatorclub.AnalysisDone:
	default:
		// An earlier version may still be writing it; once done, its
		// files are moved at a later start (or, if this version finished
		// it, this directory is removed then).
		m.Left = append(m.Left, dir+": analysis "+fmt.Sprint(a.ID)+" is not finished")
		return nil
	}
	if had, err := o.DB.ListReportFiles(ctx, a.ID); err != nil {
		return err
	} else if len(had) > 0 {
		m.Removed++
		return removeLegacy(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("jobs: observatory: move report of analysis %d: %w", a.ID, err)
	}
	var moved []creatorclub.ReportFile
	var size int64
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") { // .tmp files of an interrupted write
			continue
		}
		rf, err := o.putReportFile(ctx, files.KeyFor(legacyReportKey+key+"/"+name), filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("jobs: observatory: move report of analysis %d from %s: %w", a.ID, dir, err)
		}
		moved = append(moved, *rf)
		size += rf.Size
	}
	if err := o.DB.AddReportFiles(ctx, a.ID, moved); err != nil && creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
		return err
	}
	m.Reports++
	m.Files += len(moved)
	m.Bytes += size
	if o.Logger != nil {
		o.Logger.InfoContext(ctx, "observatory report moved into the file store", "analysis", a.ID, "from", dir, "files", len(moved), "bytes", size)
	}
	return removeLegacy(dir)
}

func removeLegacy(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("jobs: observatory: remove %s, moved into the file store: %w", dir, err)
	}
	return nil
}

// corpusContentType returns the type of a corpus that starts with head:
// gzip, or text (JSON, CSV).
func corpusContentType(head []byte) string {
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return CorpusTypeGzip
	}
	return CorpusTypeText
}

// staleScratch is the age past which RemoveStaleScratch removes the
// directory of a report being written: far longer than an analysis may run.
const staleScratch = 24 * time.Hour

// RemoveStaleScratch removes the directories of reports being written that
// a crash left in Dir/tmp, those older than a day.
func (o *Observatory) RemoveStaleScratch() error {
	tmp := filepath.Join(o.Dir, "tmp")
	entries, err := os.ReadDir(tmp)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("jobs: observatory: %w", err)
	}
	var errs []error
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleScratch {
			continue
		}
		if err := os.RemoveAll(filepath.Join(tmp, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
