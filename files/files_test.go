package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/creatorclub/creatorclub"
)

// minimalPDF is a complete one-page PDF.
const minimalPDF = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
xref
0 4
0000000000 65535 f 
0000000009 00000 n 
0000000058 00000 n 
0000000115 00000 n 
trailer << /Size 4 /Root 1 0 R >>
startxref
186
%%EOF
`

// pngHeader is the start of a PNG file, enough for the sniffer.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")

// buildZip returns a ZIP archive holding the given entries, in order.
func buildZip(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contentTypesXML(main string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/ppt/presentation.xml" ContentType="` + main + `"/>
</Types>`
}

// minimalPPTX returns a small presentation archive; main is the content type
// of its main part.
func minimalPPTX(t *testing.T, main string) []byte {
	return buildZip(t,
		[2]string{"[Content_Types].xml", contentTypesXML(main)},
		[2]string{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`},
		[2]string{"ppt/presentation.xml", `<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`},
	)
}

const pptxMain = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

func newStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "files")
	s, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o750 {
		t.Fatalf("store dir: %v, %v; want mode 0750", info.Mode(), err)
	}
	return s, dir
}

// regularFiles returns the paths of the regular files under dir.
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSaveOpenDelete(t *testing.T) {
	t.Parallel()
	s, dir := newStore(t)
	content := []byte(strings.Repeat("Ordre du jour de la réunion trimestrielle.\n", 1000))
	sum := sha256.Sum256(content)

	// A reader returning one byte at a time checks Save does not rely on
	// full reads.
	st, err := s.Save(context.Background(), "ordre-du-jour.txt", iotest.OneByteReader(bytes.NewReader(content)), DefaultMaterialLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := Stored{Key: st.Key, Name: "ordre-du-jour.txt", ContentType: TypeText, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
	if *st != want {
		t.Errorf("Save = %+v, want %+v", *st, want)
	}
	if !validKey(st.Key) {
		t.Errorf("Save made key %q, which Open refuses", st.Key)
	}

	rc, err := s.Open(st.Key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if h := sha256.Sum256(got); h != sum {
		t.Errorf("Open returned %d bytes with another SHA-256", len(got))
	}
	if _, err := rc.Seek(10, io.SeekStart); err != nil {
		t.Errorf("Seek: %v", err)
	}
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	if files := regularFiles(t, dir); len(files) != 1 {
		t.Errorf("store holds %v, want one file", files)
	}

	if err := s.Delete(st.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(st.Key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete(st.Key); err != nil {
		t.Errorf("Delete twice: %v, want nil (idempotent)", err)
	}
	if files := regularFiles(t, dir); len(files) != 0 {
		t.Errorf("store holds %v after Delete", files)
	}
}

func TestSaveKeysDiffer(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	keys := map[string]bool{}
	for range 50 {
		st, err := s.Save(context.Background(), "a.txt", strings.NewReader("same"), DefaultMaterialLimits)
		if err != nil {
			t.Fatal(err)
		}
		if keys[st.Key] {
			t.Fatalf("key %q given twice", st.Key)
		}
		keys[st.Key] = true
	}
}

func TestSaveTooLarge(t *testing.T) {
	t.Parallel()
	s, dir := newStore(t)
	lim := Limits{MaxBytes: 1000, AllowedTypes: []string{TypeText}}

	if _, err := s.Save(context.Background(), "exact.txt", strings.NewReader(strings.Repeat("a", 1000)), lim); err != nil {
		t.Errorf("Save of exactly MaxBytes: %v", err)
	}
	for _, size := range []int{1001, 5000, 100} {
		l := lim
		if size == 100 {
			l.MaxBytes = 99 // smaller than the sniffed head
		}
		_, err := s.Save(context.Background(), "big.txt", strings.NewReader(strings.Repeat("a", size)), l)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("Save of %d bytes, limit %d: %v, want ErrTooLarge", size, l.MaxBytes, err)
		}
		if creatorclub.ErrorCode(err) != creatorclub.EINVALID || creatorclub.ErrorMessage(err) != "file_too_large" {
			t.Errorf("error %v: code %q message %q", err, creatorclub.ErrorCode(err), creatorclub.ErrorMessage(err))
		}
	}
	if files := regularFiles(t, dir); len(files) != 1 {
		t.Errorf("store holds %v, want only exact.txt's file", files)
	}
}

// failingReader returns data, then an error.
type failingReader struct {
	data io.Reader
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

func TestSaveLeavesNothingOnError(t *testing.T) {
	t.Parallel()
	s, dir := newStore(t)
	boom := errors.New("connection reset")
	r := &failingReader{data: strings.NewReader(strings.Repeat("x", 10000)), err: boom}
	if _, err := s.Save(context.Background(), "a.txt", r, DefaultMaterialLimits); !errors.Is(err, boom) {
		t.Errorf("Save with a failing reader: %v, want %v", err, boom)
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(strings.Repeat("y", 600)))
		cancel()
		pw.Write([]byte("more"))
		pw.Close()
	}()
	if _, err := s.Save(ctx, "b.txt", pr, DefaultMaterialLimits); !errors.Is(err, context.Canceled) {
		t.Errorf("Save with a cancelled context: %v, want context.Canceled", err)
	}
	if files := regularFiles(t, dir); len(files) != 0 {
		t.Errorf("store holds %v after failed saves", files)
	}
}

func TestSaveTypes(t *testing.T) {
	t.Parallel()
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 600)...)
	pe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 600)...)
	tests := []struct {
		name     string
		content  []byte
		wantType string // "" when refused
	}{
		{"slides.pdf", []byte(minimalPDF), TypePDF},
		{"SLIDES.PDF", []byte(minimalPDF), TypePDF},
		{"deck.pptx", minimalPPTX(t, pptxMain), TypePPTX},
		{"photo.png", pngHeader, TypePNG},
		{"photo.JPG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), TypeJPEG},
		{"notes.txt", []byte("Bonjour à tous"), TypeText},
		{"handout.odp", buildZip(t, [2]string{"mimetype", TypeODP}, [2]string{"content.xml", "<x/>"}), TypeODP},

		{"slides.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"slides.pdf", []byte("\n  <html><body>hi</body></html>"), ""},
		{"slides.pdf", []byte("<script>fetch('/admin')</script>"), ""},
		{"slides.pdf", elf, ""},
		{"slides.pdf", pe, ""},
		{"slides.pdf", []byte("#!/bin/sh\nrm -rf /\n"), ""}, // text, but not what the name says
		{"notes.html", []byte("just words"), ""},            // text, named to be opened as a page
		{"notes.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"notes.txt", []byte(minimalPDF), ""}, // a PDF named .txt
		{"photo.png", []byte("GIF89a\x01\x00\x01\x00"), ""},
		{"archive.zip", buildZip(t, [2]string{"a.txt", "a"}), ""},
		{"deck.pptx", buildZip(t, [2]string{"a.txt", "a"}), ""}, // any zip named .pptx
		{"deck.pptx", minimalPPTX(t, "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"), ""},
		{"deck.docx", minimalPPTX(t, pptxMain), ""}, // a presentation named .docx
		{"deck.pptx", append([]byte("PK\x03\x04"), make([]byte, 600)...), ""},
		{"handout.odp", buildZip(t, [2]string{"mimetype", TypeODT}), ""},
	}
	for _, tt := range tests {
		s, dir := newStore(t)
		st, err := s.Save(context.Background(), tt.name, bytes.NewReader(tt.content), DefaultMaterialLimits)
		if tt.wantType == "" {
			if !errors.Is(err, ErrTypeNotAllowed) {
				t.Errorf("Save(%q, %.20q) = %+v, %v; want ErrTypeNotAllowed", tt.name, tt.content, st, err)
			}
			if files := regularFiles(t, dir); len(files) != 0 {
				t.Errorf("Save(%q, %.20q) refused but left %v", tt.name, tt.content, files)
			}
			continue
		}
		if err != nil {
			t.Errorf("Save(%q): %v", tt.name, err)
			continue
		}
		if st.ContentType != tt.wantType || st.Size != int64(len(tt.content)) {
			t.Errorf("Save(%q) = %+v, want type %s and size %d", tt.name, st, tt.wantType, len(tt.content))
		}
	}
}

func TestSaveEmpty(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, err := s.Save(context.Background(), "a.txt", strings.NewReader(""), DefaultMaterialLimits); !errors.Is(err, ErrEmpty) {
		t.Errorf("Save of an empty file: %v, want ErrEmpty", err)
	}
	if _, err := s.Save(context.Background(), "a.txt", strings.NewReader("a"), Limits{AllowedTypes: []string{TypeText}}); err == nil {
		t.Error("Save with MaxBytes 0 succeeded")
	}
}

func TestOpenRejectsBadKeys(t *testing.T) {
	t.Parallel()
	s, dir := newStore(t)
	// A file next to the store that a traversal would reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "secret"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := s.Save(context.Background(), "a.txt", strings.NewReader("a"), DefaultMaterialLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{
		"", "..", "../secret", "../../etc/passwd", "/etc/passwd", `..\secret`,
		st.Key[:2] + "/" + st.Key, st.Key + "/", "./" + st.Key, strings.ToUpper(st.Key),
		st.Key[:25] + ".", st.Key[:24] + "..", st.Key + "\x00", "tmp",
	} {
		if _, err := s.Open(key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Open(%q): %v, want ErrInvalidKey", key, err)
		}
		if err := s.Delete(key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Delete(%q): %v, want ErrInvalidKey", key, err)
		}
	}
	if _, err := s.Open(st.Key); err != nil {
		t.Errorf("Open(%q) after the bad keys: %v", st.Key, err)
	}
}

func TestOpenUnknownKey(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	_, err := s.Open("abcdefghijklmnopqrstuvwxyz")
	if !errors.Is(err, ErrNotFound) || creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		t.Errorf("Open(unknown key): %v, want ErrNotFound", err)
	}
}

func TestSanitizeName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 150) + ".pdf"
	tests := []struct{ in, want string }{
		{"../../etc/passwd", "passwd"},
		{`C:\Users\lou\Desktop\slides.pdf`, "slides.pdf"},
		{"sli\x00des\r\n.pdf", "slides.pdf"},
		{"\x1b[31mred\x1b[0m.txt", "[31mred[0m.txt"},
		{"invoice\u202efdp.exe", "invoicefdp.exe"},
		{"  .hidden.txt  ", "hidden.txt"},
		{"..", "document"},
		{"", "document"},
		{"/", "document"},
		{"a<b>:c\"d|e?f*.txt", "a_b__c_d_e_f_.txt"},
		{"Présentation finale.pptx", "Présentation finale.pptx"},
		{"tab\there.txt", "tabhere.txt"},
		{"no\u00a0break\u2028line.txt", "no break line.txt"},
		{"bad\xffutf8.txt", "badutf8.txt"},
		{"trailing.txt. . ", "trailing.txt"},
	}
	for _, tt := range tests {
		if got := SanitizeName(tt.in); got != tt.want {
			t.Errorf("SanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := SanitizeName(long)
	if len(got) > maxNameLen || !strings.HasSuffix(got, ".pdf") || !strings.HasPrefix(got, "ééé") || !utf8Valid(got) {
		t.Errorf("SanitizeName(long) = %q (%d bytes)", got, len(got))
	}

	// Save stores the sanitised name.
	s, _ := newStore(t)
	st, err := s.Save(context.Background(), "../../slides.pdf", strings.NewReader(minimalPDF), DefaultMaterialLimits)
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "slides.pdf" {
		t.Errorf("Stored.Name = %q, want slides.pdf", st.Name)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestNewStoreRemovesStaleTemporaryFiles(t *testing.T) {
	t.Parallel()
	_, dir := newStore(t)
	stale := filepath.Join(dir, "tmp", "upload-stale")
	fresh := filepath.Join(dir, "tmp", "upload-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-48 * staleTemp)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := NewStore(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temporary file removed: %v", err)
	}
}
