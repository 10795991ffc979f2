package creatorclub_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/creatorclub/creatorclub"
)

// syntheticRoster returns a roster CSV of n creators with two handles each.
func syntheticRoster(n int) []byte {
	var b bytes.Buffer
	b.WriteString("numero_certificat;prenom;nom;email;instagram;tiktok;certifie_le;expire_le;statut\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "CIR-2024-%05d;Prénom%d;Nom%d;createur%d@exemple.fr;@insta.%d;tiktok_%d;2024-01-%02d;2026-01-%02d;actif\n",
			i, i, i, i, i, i, i%28+1, i%28+1)
	}
	return b.Bytes()
}

// BenchmarkParseRoster parses a roster the size of the club (1,300 creators).
func BenchmarkParseRoster(b *testing.B) {
	data := syntheticRoster(1300)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		entries, err := creatorclub.ParseRoster(bytes.NewReader(data))
		if err != nil || len(entries) != 1300 {
			b.Fatal(err)
		}
	}
}
