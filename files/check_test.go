package files_test

import (
	"errors"
	"testing"

	"github.com/creatorclub/creatorclub/files"
)

func TestCheck(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...)
	cases := []struct {
		name string
		data []byte
		want error
		typ  string
	}{
		{"capture.png", png, nil, files.TypePNG},
		{"capture.PNG", png, nil, files.TypePNG},
		{"capture.png", exe, files.ErrTypeNotAllowed, ""},
		{"capture.jpg", png, files.ErrTypeNotAllowed, ""},
		{"page.txt", []byte("<html><script>alert(1)</script></html>"), files.ErrTypeNotAllowed, ""},
		{"notes.txt", []byte("il m'a écrit à 23 h"), nil, files.TypeText},
		{"vide.png", nil, files.ErrEmpty, ""},
		{"grand.png", append(png, make([]byte, 10<<20)...), files.ErrTooLarge, ""},
	}
	for _, c := range cases {
		typ, err := files.Check(c.name, c.data, files.EvidenceLimits)
		if (c.want == nil && err != nil) || (c.want != nil && !errors.Is(err, c.want)) || typ != c.typ {
			t.Errorf("%s: %q %v, want %q %v", c.name, typ, err, c.typ, c.want)
		}
	}
}
