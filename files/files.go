// Package files stores uploaded files (event materials, later evidence
// attachments) under random keys, outside any web root: in the data directory
// (NewStore) or in a bucket of an S3-compatible object store (NewS3Store);
// Migrate copies them from one to the other when a club changes storage,
// and Sweep finds, and deletes, those that no row of the database names. It
// checks what a file is from its bytes, not from what the browser says.
package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub"
)

// MIME types this package recognises.
const (
	TypePDF   = "application/pdf"
	TypePNG   = "image/png"
	TypeJPEG  = "image/jpeg"
	TypeGIF   = "image/gif"
	TypeWebP  = "image/webp"
	TypeText  = "text/plain"
	TypeZIP   = "application/zip"
	TypeDOCX  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypePPTX  = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeXLSX  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeODT   = "application/vnd.oasis.opendocument.text"
	TypeODP   = "application/vnd.oasis.opendocument.presentation"
	TypeODS   = "application/vnd.oasis.opendocument.spreadsheet"
	sniffSize = 512 // what http.DetectContentType reads
)

// DefaultMaterialLimits are the limits for the materials of a masterclass or a
// meeting: slides and handouts as PDF, Office or OpenDocument files, images
// and plain text, up to 50 MiB. Videos are not uploaded: replays are links.
var DefaultMaterialLimits = Limits{
	MaxBytes: 50 << 20,
	AllowedTypes: []string{
		TypePDF, TypePNG, TypeJPEG,
		TypePPTX, TypeDOCX, TypeXLSX,
		TypeODP, TypeODT, TypeODS,
		TypeText,
	},
}

// Errors of Save, Open and Delete. Each is a *creatorclub.Error whose message
// is a translation id of the web package; the errors returned wrap them.
var (
	ErrTooLarge       = creatorclub.Errorf(creatorclub.EINVALID, "file_too_large")
	ErrTypeNotAllowed = creatorclub.Errorf(creatorclub.EINVALID, "file_type_not_allowed")
	ErrEmpty          = creatorclub.Errorf(creatorclub.EINVALID, "file_empty")
	ErrNotFound       = creatorclub.Errorf(creatorclub.ENOTFOUND, "file_not_found")
	ErrInvalidKey     = creatorclub.Errorf(creatorclub.EINVALID, "file_key_invalid")
)

// fileType describes a type Save recognises: the extensions a file of that
// type may have, and for formats inside a ZIP archive, how to check the
// archive really is one.
type fileType struct {
	exts  []string
	check func(*zip.Reader) error // nil: nothing to check beyond the sniffed bytes
}

var knownTypes = map[string]fileType{
	TypePDF:  {exts: []string{".pdf"}},
	TypePNG:  {exts: []string{".png"}},
	TypeJPEG: {exts: []string{".jpg", ".jpeg"}},
	TypeGIF:  {exts: []string{".gif"}},
	TypeWebP: {exts: []string{".webp"}},
	TypeText: {exts: []string{".txt", ".md", ".csv"}},
	TypeZIP:  {exts: []string{".zip"}},
	TypeDOCX: {exts: []string{".docx"}, check: checkOOXML("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
	TypePPTX: {exts: []string{".pptx"}, check: checkOOXML("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")},
	TypeXLSX: {exts: []string{".xlsx"}, check: checkOOXML("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
	TypeODT:  {exts: []string{".odt"}, check: checkODF(TypeODT)},
	TypeODP:  {exts: []string{".odp"}, check: checkODF(TypeODP)},
	TypeODS:  {exts: []string{".ods"}, check: checkODF(TypeODS)},
}

// zipTypes maps the extension of a ZIP-based format to its type: the bytes
// of all of them sniff as application/zip.
var zipTypes = map[string]string{
	".docx": TypeDOCX, ".pptx": TypePPTX, ".xlsx": TypeXLSX,
	".odt": TypeODT, ".odp": TypeODP, ".ods": TypeODS,
}

// Limits says how large a file may be and which types it may have.
type Limits struct {
	MaxBytes     int64
	AllowedTypes []string // MIME types, such as TypePDF or "image/png"
	// Detect, when not nil, decides the type instead of AllowedTypes and
	// the extension, for files this package does not know (the
	// observatory's corpora: JSON, CSV or gzip under any name). It gets the
	// sanitised name and the first bytes (up to 512) and returns the type
	// to record, or an error that Save wraps: wrap ErrTypeNotAllowed in it
	// to refuse the file.
	Detect func(name string, head []byte) (string, error)
}

// detect returns the type of a file called name that starts with head, as
// lim allows it.
func (lim Limits) detect(name string, head []byte) (string, error) {
	if lim.Detect != nil {
		return lim.Detect(name, head)
	}
	return detectType(name, head, lim.AllowedTypes)
}

// Stored describes a saved file.
type Stored struct {
	Key         string // the random key to Open or Delete it with
	Name        string // the original file name, sanitised
	ContentType string // found from the bytes (and the extension for ZIP-based formats), not from the client
	Size        int64
	SHA256      string // hex
}

// Store keeps files, each under a random key, in a backend: a directory
// (NewStore) or an S3-compatible bucket (NewS3Store). Either way an upload is
// first written to a temporary file in a local directory, checked there, and
// handed to the backend only when it is complete and accepted.
type Store struct {
	tmp string
	b   backend
}

// backend is where a Store keeps the files it accepted.
type backend interface {
	// put stores the accepted temporary file f, of size bytes and read
	// from its start, under key. It reports whether it moved f into
	// place; if not, the caller removes f. On error nothing is stored.
	put(ctx context.Context, key string, f *os.File, size int64, ctype string) (moved bool, err error)
	// open returns the content stored under key, or an error wrapping
	// ErrNotFound.
	open(key string) (io.ReadSeekCloser, error)
	// stat returns the size and the modification time of what is stored
	// under key, or an error wrapping ErrNotFound.
	stat(ctx context.Context, key string) (int64, time.Time, error)
	// remove removes what is stored under key; it returns nil when there
	// is nothing.
	remove(key string) error
	// list returns what the backend holds: the files under keys of the
	// store, sorted by key, and apart the names of anything else.
	list(ctx context.Context) (*Listing, error)
}

// diskStore keeps files in a directory, in subdirectories named after the
// first two characters of the key.
type diskStore struct {
	dir string
}

// keyLen is the length of the keys: crypto/rand.Text returns 26 base32
// characters (128 bits), lowercased here.
const keyLen = 26

// staleTemp is the age past which NewStore removes a temporary file that a
// crashed upload left behind.
const staleTemp = 24 * time.Hour

// NewStore returns a Store keeping its files under dir, which it creates with
// mode 0o750 when missing. It removes temporary files older than a day, left
// by uploads that a crash interrupted.
func NewStore(dir string) (*Store, error) {
	tmp := filepath.Join(dir, "tmp")
	if err := prepareTemp(tmp); err != nil {
		return nil, fmt.Errorf("files: create store: %w", err)
	}
	return &Store{tmp: tmp, b: diskStore{dir: dir}}, nil
}

// prepareTemp creates the directory of temporary files with mode 0o750 when
// missing and removes the files in it older than staleTemp.
func prepareTemp(tmp string) error {
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > staleTemp {
			_ = os.Remove(filepath.Join(tmp, e.Name())) // best effort: a leftover is only disk space
		}
	}
	return nil
}

// Save stores the content of r, a file called name, and returns its
// description. It refuses content larger than lim.MaxBytes (ErrTooLarge), an
// empty file (ErrEmpty), and a type not in lim.AllowedTypes or that does not
// match the extension of name (ErrTypeNotAllowed): an executable or an HTML
// page named "slides.pdf" is refused. The type comes from the first 512 bytes
// (http.DetectContentType) and, for Office and OpenDocument files, from the
// extension and the archive's contents. The content is written to a
// temporary file, hashed on the way, and moved into place (or uploaded to
// the bucket) only when complete and accepted: on error, nothing is left
// behind.
func (s *Store) Save(ctx context.Context, name string, r io.Reader, lim Limits) (_ *Stored, err error) {
	name = SanitizeName(name)
	if lim.MaxBytes <= 0 {
		return nil, fmt.Errorf("files: save %q: limit of %d bytes is not positive", name, lim.MaxBytes)
	}
	r = ctxReader{ctx: ctx, r: r}

	head := make([]byte, sniffSize)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("files: save %q: read: %w", name, err)
	}
	head = head[:n]
	if n == 0 {
		return nil, fmt.Errorf("files: save %q: %w", name, ErrEmpty)
	}
	if int64(n) > lim.MaxBytes {
		return nil, fmt.Errorf("files: save %q: more than %d bytes: %w", name, lim.MaxBytes, ErrTooLarge)
	}
	ctype, err := lim.detect(name, head)
	if err != nil {
		return nil, fmt.Errorf("files: save %q: %w", name, err)
	}

	st, err := s.stage("upload-*")
	if err != nil {
		return nil, fmt.Errorf("files: save %q: %w", name, err)
	}
	defer st.discard()
	if _, err := st.Write(head); err != nil {
		return nil, fmt.Errorf("files: save %q: write: %w", name, err)
	}
	// Read one byte more than allowed to tell "exactly the limit" from "over".
	rest, err := io.Copy(st, io.LimitReader(r, lim.MaxBytes+1-int64(n)))
	if err != nil {
		return nil, fmt.Errorf("files: save %q: copy: %w", name, err)
	}
	size := int64(n) + rest
	if size > lim.MaxBytes {
		return nil, fmt.Errorf("files: save %q: more than %d bytes: %w", name, lim.MaxBytes, ErrTooLarge)
	}
	if check := knownTypes[ctype].check; check != nil {
		zr, err := zip.NewReader(st.f, size)
		if err != nil {
			return nil, fmt.Errorf("files: save %q: not a valid %s archive (%v): %w", name, filepath.Ext(name), err, ErrTypeNotAllowed)
		}
		if err := check(zr); err != nil {
			return nil, fmt.Errorf("files: save %q: %w: %w", name, err, ErrTypeNotAllowed)
		}
	}
	stored, err := s.commit(ctx, st, strings.ToLower(rand.Text()), name, ctype, size)
	if err != nil {
		return nil, fmt.Errorf("files: save %q: %w", name, err)
	}
	return stored, nil
}

// staging is the temporary file that Save and Put write a content to,
// hashed on the way, before it goes to the backend whole.
type staging struct {
	f     *os.File
	h     hash.Hash
	w     io.Writer
	moved bool // the backend took the file itself
}

func (s *Store) stage(pattern string) (*staging, error) {
	f, err := os.CreateTemp(s.tmp, pattern)
	if err != nil {
		return nil, err
	}
	st := &staging{f: f, h: sha256.New()}
	st.w = io.MultiWriter(f, st.h)
	return st, nil
}

func (st *staging) Write(p []byte) (int, error) { return st.w.Write(p) }

// discard closes the temporary file and removes it unless the backend
// moved it into place.
func (st *staging) discard() {
	st.f.Close() // a second Close after a successful one only returns an error
	if !st.moved {
		os.Remove(st.f.Name())
	}
}

// commit hands the staged content, size bytes of type ctype, to the backend
// under key.
func (s *Store) commit(ctx context.Context, st *staging, key, name, ctype string, size int64) (*Stored, error) {
	if _, err := st.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	moved, err := s.b.put(ctx, key, st.f, size, ctype)
	st.moved = moved
	if err != nil {
		return nil, err
	}
	return &Stored{Key: key, Name: name, ContentType: ctype, Size: size, SHA256: hex.EncodeToString(st.h.Sum(nil))}, nil
}

// Put stores the content of r, a file called name of type ctype, under key,
// replacing what key held, or under a new key when key is empty, and returns
// its description. Unlike Save it checks neither the type nor the size and
// accepts an empty file: it is for files the club writes itself (the
// observatory's reports) and for files moved into the store from elsewhere
// under a key of their own (KeyFor). Like Save, it writes the content to a
// temporary file first, so that a failed Put leaves nothing new behind (and,
// on a key that held a file, the old one in place). It returns an error
// wrapping ErrInvalidKey for a key that Save cannot have made.
func (s *Store) Put(ctx context.Context, key, name, ctype string, r io.Reader) (*Stored, error) {
	name = SanitizeName(name)
	if key == "" {
		key = strings.ToLower(rand.Text())
	} else if !validKey(key) {
		return nil, fmt.Errorf("files: put %q: %w", key, ErrInvalidKey)
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	st, err := s.stage("put-*")
	if err != nil {
		return nil, fmt.Errorf("files: put %q: %w", name, err)
	}
	defer st.discard()
	size, err := io.Copy(st, ctxReader{ctx: ctx, r: r})
	if err != nil {
		return nil, fmt.Errorf("files: put %q: copy: %w", name, err)
	}
	stored, err := s.commit(ctx, st, key, name, ctype, size)
	if err != nil {
		return nil, fmt.Errorf("files: put %q: %w", name, err)
	}
	return stored, nil
}

// KeyFor returns a key of the form Save makes derived from name, the same
// every time: files moved into the store from elsewhere are put under it, so
// that a move cut short and run again writes the same objects instead of
// leaving copies behind. Names of different kinds of files must not meet:
// prefix them ("observatory corpus " + …).
func KeyFor(name string) string {
	sum := sha256.Sum256([]byte("creatorclub files: " + name))
	// 16 bytes are 128 bits, 26 characters of base32 like rand.Text's.
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:16]))
}

// detectType returns the type of a file called name that starts with head,
// or an error wrapping ErrTypeNotAllowed when the type is not in allowed or
// does not go with the extension.
func detectType(name string, head []byte, allowed []string) (string, error) {
	ctype, _, _ := strings.Cut(http.DetectContentType(head), ";")
	ext := strings.ToLower(filepath.Ext(name))
	if zt, ok := zipTypes[ext]; ok && ctype == TypeZIP {
		ctype = zt
	}
	if !slices.Contains(allowed, ctype) {
		return "", fmt.Errorf("content is %s: %w", ctype, ErrTypeNotAllowed)
	}
	if ft, ok := knownTypes[ctype]; ok && !slices.Contains(ft.exts, ext) {
		return "", fmt.Errorf("content is %s but the name ends in %q: %w", ctype, ext, ErrTypeNotAllowed)
	}
	return ctype, nil
}

// checkOOXML returns a check that an archive is an Office Open XML document
// whose main part has the given content type, which also refuses the
// macro-enabled variants (.docm, .pptm, .xlsm) renamed to .docx, .pptx, .xlsx.
func checkOOXML(mainPart string) func(*zip.Reader) error {
	return func(zr *zip.Reader) error {
		data, err := readZipEntry(zr, "[Content_Types].xml")
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte(`"`+mainPart+`"`)) {
			return fmt.Errorf("[Content_Types].xml does not declare %s", mainPart)
		}
		return nil
	}
}

// checkODF returns a check that an archive is an OpenDocument file of the
// given type, as its "mimetype" entry says.
func checkODF(ctype string) func(*zip.Reader) error {
	return func(zr *zip.Reader) error {
		data, err := readZipEntry(zr, "mimetype")
		if err != nil {
			return err
		}
		if string(bytes.TrimSpace(data)) != ctype {
			return fmt.Errorf("mimetype entry is %.100q, not %s", data, ctype)
		}
		return nil
	}
}

// readZipEntry returns the content of the entry called name, reading at most
// 1 MiB of it so that a compression bomb costs nothing.
func readZipEntry(zr *zip.Reader, name string) ([]byte, error) {
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		return data, nil
	}
	return nil, fmt.Errorf("no %s in the archive", name)
}

// Open returns the content of the file saved under key. It returns an error
// wrapping ErrInvalidKey for a key that Save cannot have made (which rules
// out path separators and ".."), and ErrNotFound for an unknown key.
func (s *Store) Open(key string) (io.ReadSeekCloser, error) {
	if !validKey(key) {
		return nil, fmt.Errorf("files: open %q: %w", key, ErrInvalidKey)
	}
	rc, err := s.b.open(key)
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", key, err)
	}
	return rc, nil
}

// Delete removes the file saved under key. It is idempotent: deleting a
// file that is already gone returns nil. It returns an error wrapping
// ErrInvalidKey for a key that Save cannot have made.
func (s *Store) Delete(key string) error {
	if !validKey(key) {
		return fmt.Errorf("files: delete %q: %w", key, ErrInvalidKey)
	}
	if err := s.b.remove(key); err != nil {
		return fmt.Errorf("files: delete %s: %w", key, err)
	}
	return nil
}

func (d diskStore) put(ctx context.Context, key string, f *os.File, size int64, ctype string) (bool, error) {
	if err := f.Sync(); err != nil {
		return false, fmt.Errorf("sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return false, fmt.Errorf("close: %w", err)
	}
	final := d.path(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return false, err
	}
	if err := os.Rename(f.Name(), final); err != nil {
		return false, err
	}
	return true, nil
}

func (d diskStore) open(key string) (io.ReadSeekCloser, error) {
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	return f, nil
}

func (d diskStore) stat(ctx context.Context, key string) (int64, time.Time, error) {
	info, err := os.Stat(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, time.Time{}, ErrNotFound
	} else if err != nil {
		return 0, time.Time{}, err
	}
	if !info.Mode().IsRegular() {
		return 0, time.Time{}, fmt.Errorf("%s is not a regular file", d.path(key))
	}
	return info.Size(), info.ModTime(), nil
}

func (d diskStore) remove(key string) error {
	if err := os.Remove(d.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// list walks the directory, where the file of a key is in a folder named
// after the key's first two characters (DIR/ab/abc…). It skips the staging
// folder tmp (uploads being checked, what a crash left there); anything
// else, such as a folder or a file of another name, is named in Others
// relative to the directory, and not looked into.
func (d diskStore) list(ctx context.Context) (*Listing, error) {
	l := &Listing{}
	err := filepath.WalkDir(d.dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if path == d.dir {
			return nil
		}
		rel, err := filepath.Rel(d.dir, path)
		if err != nil {
			return err
		}
		folder, name := filepath.Split(rel)
		folder = strings.TrimSuffix(folder, string(filepath.Separator))
		switch {
		case folder == "" && name == "tmp" && e.IsDir():
			return filepath.SkipDir
		case folder == "" && e.IsDir() && len(name) == 2 && keyChars(name):
			return nil // a folder of keys: walk into it
		case folder != "" && e.Type().IsRegular() && validKey(name) && name[:2] == folder:
			info, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed since the folder was read
			} else if err != nil {
				return err
			}
			l.Objects = append(l.Objects, Object{Key: name, Size: info.Size(), ModTime: info.ModTime()})
			return nil
		case e.IsDir():
			l.Others = append(l.Others, rel+string(filepath.Separator))
			return filepath.SkipDir
		default:
			l.Others = append(l.Others, rel)
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// path returns where the file with a valid key lives.
func (d diskStore) path(key string) string {
	return filepath.Join(d.dir, key[:2], key)
}

// validKey reports whether key has the form of the keys Save makes: 26
// characters of the lower-case base32 alphabet, so no separator, no dot.
func validKey(key string) bool {
	return len(key) == keyLen && keyChars(key)
}

// keyChars reports whether s is made of characters of the keys only.
func keyChars(s string) bool {
	for i := range len(s) {
		if c := s[i]; !('a' <= c && c <= 'z') && !('2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

// maxNameLen is the longest name SanitizeName returns, in bytes, below the
// 255-byte limit of most file systems.
const maxNameLen = 200

// SanitizeName returns a file name safe to show and to offer as a download
// name: the last element of name (after any "/" or "\"), without control or
// invisible formatting characters (such as the right-to-left override that
// makes "cod.exe" look like "exe.doc"), without the characters Windows
// forbids, without leading dots or surrounding spaces, at most 200 bytes with
// its extension kept, and "document" when nothing is left.
func SanitizeName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	name = strings.TrimRight(strings.TrimSpace(name), ". ") // Windows drops trailing dots and spaces
	if len(name) > maxNameLen {
		ext := filepath.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		base := name[:maxNameLen-len(ext)]
		for !utf8.ValidString(base) {
			base = base[:len(base)-1]
		}
		name = strings.TrimSpace(base) + ext
	}
	if name == "" {
		return "document"
	}
	return name
}

// ctxReader stops reading once its context is done, so that Save gives up on
// an upload whose request was cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
