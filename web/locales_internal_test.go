package web

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"testing"
)

// TestLocaleCataloguesMatch checks that every French catalogue has its
// English twin with the same messages, and that no message is defined in
// two catalogues (the later one would silently win).
func TestLocaleCataloguesMatch(t *testing.T) {
	read := func(name string) map[string]any {
		t.Helper()
		b, err := fs.ReadFile(assets, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	frs, err := fs.Glob(assets, "locales/*fr.json")
	if err != nil || len(frs) < 2 {
		t.Fatalf("catalogues: %v %v", frs, err)
	}
	definedIn := map[string]string{}
	for _, fr := range frs {
		en := strings.TrimSuffix(fr, "fr.json") + "en.json"
		a, b := read(fr), read(en)
		var missing []string
		for k := range a {
			if _, ok := b[k]; !ok {
				missing = append(missing, en+" lacks "+k)
			}
			if prev, ok := definedIn[k]; ok {
				t.Errorf("message %s is defined in %s and %s", k, prev, fr)
			}
			definedIn[k] = fr
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				missing = append(missing, fr+" lacks "+k)
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Error(m)
		}
	}
}
