package files

import (
	"archive/zip"
	"bytes"
	"fmt"
)

// EvidenceLimits are the limits for the evidence a member attaches to a help
// request: screenshots (PNG, JPEG, GIF, WebP), PDF and plain text, up to
// 10 MiB each.
var EvidenceLimits = Limits{
	MaxBytes:     10 << 20,
	AllowedTypes: []string{TypePNG, TypeJPEG, TypeGIF, TypeWebP, TypePDF, TypeText},
}

// Check returns the type of data, the content of a file called name, as
// found from its bytes, for callers that keep the bytes themselves (the
// safety desk seals them in the database). It refuses what Save refuses: an
// empty file (ErrEmpty), more than lim.MaxBytes (ErrTooLarge), and a type not
// allowed or not matching the extension (ErrTypeNotAllowed), so that an
// executable named "capture.png" is refused.
func Check(name string, data []byte, lim Limits) (string, error) {
	name = SanitizeName(name)
	if len(data) == 0 {
		return "", fmt.Errorf("files: check %q: %w", name, ErrEmpty)
	}
	if int64(len(data)) > lim.MaxBytes {
		return "", fmt.Errorf("files: check %q: more than %d bytes: %w", name, lim.MaxBytes, ErrTooLarge)
	}
	ctype, err := lim.detect(name, data[:min(len(data), sniffSize)])
	if err != nil {
		return "", fmt.Errorf("files: check %q: %w", name, err)
	}
	if check := knownTypes[ctype].check; check != nil {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", fmt.Errorf("files: check %q: not a valid archive (%v): %w", name, err, ErrTypeNotAllowed)
		}
		if err := check(zr); err != nil {
			return "", fmt.Errorf("files: check %q: %w: %w", name, err, ErrTypeNotAllowed)
		}
	}
	return ctype, nil
}
