package creatorclub_test

import (
	"testing"

	"github.com/creatorclub/creatorclub"
)

func TestFlagged(t *testing.T) {
	for text, want := range map[string]bool{
		"Comment gérer un CONNARD en commentaire ?": true,
		"Il m'a écrit « je vais te tuer » en DM":    true,
		"Je vais te tuer de rire avec cette story":  true, // a phrase on the list is flagged whatever follows
		"Les bâtards du ciné italien":               true,
		"Comment refuser une marque insistante ?":   false,
		"Tue-moi ce suspense":                       false,
		"puterie":                                   false, // whole words only
	} {
		if got := creatorclub.Flagged(text, creatorclub.DefaultFlagWords); got != want {
			t.Errorf("Flagged(%q) = %v, want %v", text, got, want)
		}
	}
}
