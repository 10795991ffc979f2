package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// staticFiles serves the embedded static files under content-hashed URLs
// (/static/<hash>/<name>) so they can be cached for a year.
type staticFiles struct {
	files map[string][]byte
	hash  map[string]string
}

func newStaticFiles() (*staticFiles, error) {
	sf := &staticFiles{files: map[string][]byte{}, hash: map[string]string{}}
	err := fs.WalkDir(staticFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(staticFS(), p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sf.files[p] = data
		sf.hash[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return sf, nil
}

// URL returns the hashed URL of a static file.
func (sf *staticFiles) URL(name string) string {
	return "/static/" + sf.hash[name] + "/" + name
}

func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	data, ok := sf.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if r.PathValue("hash") == sf.hash[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if strings.HasSuffix(name, ".svg") {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	w.Write(data)
}
