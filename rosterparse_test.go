package creatorclub

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func mustReadRosterFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "roster", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestParseRoster_GoodFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []RosterEntry
	}{
		{
			// French headers, commas, a blank line 4, an unknown column.
			file: "good_fr_comma.csv",
			want: []RosterEntry{
				{Line: 2, Number: "CC-2024-0001", FirstName: "Léa", LastName: "Martin", Email: "lea.martin@exemple.fr",
					Handles:     []Handle{{"instagram", "lea.martin"}, {"tiktok", "lea.martin.officiel"}},
					CertifiedOn: day(2024, 1, 15), ExpiresOn: day(2026, 1, 14), Status: CertActive},
				{Line: 3, Number: "CC-2024-0002", FirstName: "Théo", LastName: "Dubois", Email: "theo.dubois@exemple.fr",
					Handles:     []Handle{{"tiktok", "theodubois"}, {"youtube", "theoduboistv"}},
					CertifiedOn: day(2023, 6, 1), ExpiresOn: day(2025, 5, 31), Status: CertSuspended},
				{Line: 5, Number: "CC-2024-0003", FirstName: "Inès", LastName: "Moreau", Email: "ines.moreau@exemple.fr",
					Handles:     []Handle{{"instagram", "inesmoreau"}},
					CertifiedOn: day(2022, 3, 10), ExpiresOn: day(2024, 3, 9), Status: CertExpired},
				{Line: 6, Number: "CC-2024-0004", FirstName: "Camille", LastName: "Lefèvre", Email: "camille.lefevre@exemple.fr",
					CertifiedOn: day(2024, 2, 1), ExpiresOn: day(2026, 1, 31), Status: CertRevoked},
				{Line: 7, Number: "CC-2024-0005", FirstName: "Hugo", LastName: "Bernard", Email: "hugo.bernard@exemple.fr",
					Handles:     []Handle{{"instagram", "hugo_bernard"}},
					CertifiedOn: day(2024, 9, 1), ExpiresOn: day(2026, 8, 31), Status: CertActive},
			},
		},
		{
			// English headers, BOM, CRLF, semicolons, DD/MM/YYYY and D/M/YYYY,
			// quoted fields holding semicolons, a note spanning lines 3-4.
			file: "good_en_semicolon_bom.csv",
			want: []RosterEntry{
				{Line: 2, Number: "CC-2025-0101", FirstName: "Chloé", LastName: "Girard", Email: "chloe.girard@exemple.fr",
					Handles:     []Handle{{"instagram", "chloe.girard"}, {"x", "chloegirard"}},
					CertifiedOn: day(2025, 2, 3), ExpiresOn: day(2027, 2, 2), Status: CertActive},
				{Line: 3, Number: "CC-2025-0102", FirstName: "Marie-Anne", LastName: "Roux", Email: "marie-anne.roux@exemple.fr",
					Handles:     []Handle{{"tiktok", "marieanneroux"}},
					CertifiedOn: day(2025, 3, 5), ExpiresOn: day(2027, 3, 4), Status: CertRevoked},
				{Line: 5, Number: "CC-2025-0103", FirstName: "Lucas", LastName: "Fontaine", Email: "lucas.fontaine@exemple.fr",
					Handles:     []Handle{{"instagram", "lucas.fontaine"}},
					CertifiedOn: day(2024, 9, 15), ExpiresOn: day(2026, 9, 14), Status: CertExpired},
				{Line: 6, Number: "CC-2025-0104", FirstName: "Manon", LastName: "Petit; épouse Garnier", Email: "manon.petit@exemple.fr",
					CertifiedOn: day(2024, 12, 1), ExpiresOn: day(2026, 11, 30), Status: CertActive},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRoster(bytes.NewReader(mustReadRosterFile(t, tt.file)))
			if err != nil {
				t.Fatalf("ParseRoster: %v (%+v)", err, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d entries, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tt.want[i]) {
					t.Errorf("entry %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// rosterHeader is a French header used by the inline cases; the first creator
// is on line 2.
const rosterHeader = "numero_certificat,prenom,nom,email,date_certification,date_expiration,statut\n"

func TestParseRoster_StatusSynonyms(t *testing.T) {
	t.Parallel()
	tests := map[string]CertStatus{
		"active": CertActive, "Actif": CertActive, "ACTIVE": CertActive, "valide": CertActive, "Valid": CertActive,
		"suspended": CertSuspended, "Suspendu": CertSuspended, "suspendue": CertSuspended,
		"revoked": CertRevoked, "révoqué": CertRevoked, "Révoquée": CertRevoked, "REVOQUEE": CertRevoked,
		"retiré": CertRevoked, "Withdrawn": CertRevoked,
		"expired": CertExpired, "expiré": CertExpired, "Expirée": CertExpired, " expire ": CertExpired,
	}
	for word, want := range tests {
		t.Run(word, func(t *testing.T) {
			t.Parallel()
			in := rosterHeader + "CC-1,Léa,Martin,lea@exemple.fr,2024-01-01,2025-01-01," + word + "\n"
			got, err := ParseRoster(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Status != want {
				t.Errorf("status %q = %q, want %q", word, got[0].Status, want)
			}
		})
	}
}

func TestParseRoster_Handles(t *testing.T) {
	t.Parallel()
	// Columns in another order than Platforms; twitter is x.
	in := "bluesky,Twitter,certificate,first_name,last_name,email,certified_on,expires_on,status,Compte Instagram,youtube_handle,Pseudo Twitch\n" +
		"@Lea.Martin.bsky.social, @LeaMartin ,CC-1,Léa,Martin,lea@exemple.fr,2024-01-01,2025-01-01,actif,@Lea.Martin,,@\n"
	got, err := ParseRoster(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Handle{{"instagram", "lea.martin"}, {"x", "leamartin"}, {"bluesky", "lea.martin.bsky.social"}}
	if !reflect.DeepEqual(got[0].Handles, want) {
		t.Errorf("handles = %+v, want %+v", got[0].Handles, want)
	}
}

// wantRow is an expected RowError: its line and a part of its reason.
type wantRow struct {
	line   int
	reason string
}

func TestParseRoster_BadFiles(t *testing.T) {
	t.Parallel()
	row := func(number, first, last, email, from, until, status string) string {
		return strings.Join([]string{number, first, last, email, from, until, status}, ",") + "\n"
	}
	lea := row("CC-1", "Léa", "Martin", "lea.martin@exemple.fr", "2024-01-15", "2026-01-14", "actif")
	theo := row("CC-2", "Théo", "Dubois", "theo.dubois@exemple.fr", "2024-01-15", "2026-01-14", "actif")
	ines := row("CC-3", "Inès", "Moreau", "ines.moreau@exemple.fr", "2024-01-15", "2026-01-14", "actif")

	tests := []struct {
		name string
		in   string
		want []wantRow
	}{
		{"latin-1 export", string(mustReadRosterFile(t, "latin1_semicolon.csv")),
			[]wantRow{{2, "not UTF-8"}, {4, "re-export it as UTF-8"}}},
		{"empty file", "", []wantRow{{1, "empty"}}},
		{"blank lines and BOM only", "\uFEFF\n\r\n  \n", []wantRow{{1, "empty"}}},
		{"header only", rosterHeader, []wantRow{{1, "no creators"}}},
		{"header and blank lines", rosterHeader + "\n,,,,,,\n\n", []wantRow{{1, "no creators"}}},
		{"missing columns",
			"certificate_number,first_name,last_name,certified_on,ville\nCC-1,Léa,Martin,2024-01-15,Lyon\n",
			[]wantRow{{1, "missing columns: email, expires_on, status"}}},
		{"duplicate header",
			"numero_certificat,prenom,first_name,nom,email,certifie_le,expire_le,statut,twitter,x\n",
			[]wantRow{{1, `columns 2 ("prenom") and 3 ("first_name")`}, {1, `columns 9 ("twitter") and 10 ("x")`}}},
		{"duplicate certificate numbers",
			rosterHeader + lea + theo + "\n" +
				row("cc-1", "Inès", "Moreau", "ines.moreau@exemple.fr", "2024-01-15", "2026-01-14", "actif") +
				row(" CC-1 ", "Hugo", "Bernard", "hugo.bernard@exemple.fr", "2024-01-15", "2026-01-14", "actif"),
			[]wantRow{{5, "duplicate certificate number CC-1, first seen on line 2"}, {6, "duplicate certificate number CC-1, first seen on line 2"}}},
		{"duplicate emails",
			rosterHeader + lea + theo + row("CC-3", "Léa", "Martin", "Lea.Martin@Exemple.FR", "2024-01-15", "2026-01-14", "actif"),
			[]wantRow{{4, "duplicate email address lea.martin@exemple.fr, first seen on line 2"}}},
		{"bad dates",
			rosterHeader + lea +
				row("CC-2", "Théo", "Dubois", "theo@exemple.fr", "2024-13-01", "2026-01-14", "actif") +
				row("CC-3", "Inès", "Moreau", "ines@exemple.fr", "2024-01-15", "31/02/2026", "actif") +
				row("CC-4", "Hugo", "Bernard", "hugo@exemple.fr", "15-01-2024", "2026/01/14", "actif") +
				row("CC-5", "Chloé", "Girard", "chloe@exemple.fr", "", "2026-01-14", "actif"),
			[]wantRow{
				{3, `certification date "2024-13-01" is not a valid date`},
				{4, `expiry date "31/02/2026" is not a valid date`},
				{5, `certification date "15-01-2024"`}, {5, `expiry date "2026/01/14"`},
				{6, "certification date is missing"},
			}},
		{"expiry before certification",
			rosterHeader + lea + row("CC-2", "Théo", "Dubois", "theo@exemple.fr", "15/01/2025", "2025-01-14", "actif") +
				row("CC-3", "Inès", "Moreau", "ines@exemple.fr", "2025-01-15", "2025-01-15", "actif"),
			[]wantRow{{3, "expiry date 2025-01-14 is before certification date 15/01/2025"}}},
		{"unknown status",
			rosterHeader + lea + row("CC-2", "Théo", "Dubois", "theo@exemple.fr", "2024-01-15", "2026-01-14", "en attente") +
				row("CC-3", "Inès", "Moreau", "ines@exemple.fr", "2024-01-15", "2026-01-14", ""),
			[]wantRow{{3, `unknown status "en attente"`}, {4, "status is missing"}}},
		{"missing and invalid values",
			rosterHeader + row("", "", "", "", "2024-01-15", "2026-01-14", "actif") +
				row("CC-2", "Théo", "Dubois", "Théo Dubois <theo@exemple.fr>", "2024-01-15", "2026-01-14", "actif") +
				row("CC-3", "Inès", "Moreau", "ines.moreau@", "2024-01-15", "2026-01-14", "actif"),
			[]wantRow{
				{2, "email address is missing"}, {2, "certificate number is missing"}, {2, "first name is missing"}, {2, "last name is missing"},
				{3, "not a valid email address"}, {4, "not a valid email address"},
			}},
		{"bad handles",
			"certificat,prenom,nom,email,certifie_le,expire_le,statut,instagram,tiktok\n" +
				"CC-1,Léa,Martin,lea@exemple.fr,2024-01-15,2026-01-14,actif,@Lea Martin,\n" +
				"CC-2,Théo,Dubois,theo@exemple.fr,2024-01-15,2026-01-14,actif,," + strings.Repeat("t", 101) + "\n" +
				"CC-3,Inès,Moreau,ines@exemple.fr,2024-01-15,2026-01-14,actif,," + strings.Repeat("é", 100) + "\n",
			[]wantRow{{2, `instagram handle "@Lea Martin" contains spaces`}, {3, "tiktok handle is longer than 100 characters"}}},
		{"wrong field count",
			rosterHeader + lea + "CC-2,Théo,Dubois,theo@exemple.fr,2024-01-15,actif\n" + ines +
				"CC-4,Hugo,Bernard,hugo@exemple.fr,2024-01-15,2026-01-14,actif,Lille\n",
			[]wantRow{{3, "this line has 6 fields but the header has 7"}, {5, "this line has 8 fields but the header has 7"}}},
		{"bad quoting",
			rosterHeader + lea + "CC-2,Th\"éo,Dubois,theo@exemple.fr,2024-01-15,2026-01-14,actif\n" +
				"\"CC-3\"x,Inès,Moreau,ines@exemple.fr,2024-01-15,2026-01-14,actif\n" +
				row("CC-4", "Hugo", "Bernard", "hugo@exemple.fr", "2024-01-15", "2026-01-14", "bof"),
			[]wantRow{{3, "quote"}, {4, "not closed properly"}, {5, "unknown status"}}},
		{"unclosed quote",
			rosterHeader + lea + "CC-2,\"Théo,Dubois,theo@exemple.fr,2024-01-15,2026-01-14,actif\n" + ines,
			[]wantRow{{3, "reading stopped on line 4"}}},
		{"bad quoting in header",
			"numero_certificat,\"prenom\"x,nom,email,date_certification,date_expiration,statut\n" + lea,
			[]wantRow{{1, "header: a quoted field is not closed properly"}}},
		{"errors on several lines are all reported, in order",
			rosterHeader + lea + row("CC-1", "Théo", "Dubois", "theo@exemple.fr", "2024-01-15", "2026-01-14", "actif") +
				"CC-3,Inès\n" + row("CC-4", "Hugo", "Bernard", "lea.martin@exemple.fr", "2024-01-15", "2023-01-14", "actif"),
			[]wantRow{
				{3, "duplicate certificate number CC-1, first seen on line 2"},
				{4, "this line has 2 fields"},
				{5, "expiry date 2023-01-14 is before"}, {5, "duplicate email address lea.martin@exemple.fr, first seen on line 2"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			entries, err := ParseRoster(strings.NewReader(tt.in))
			if entries != nil {
				t.Errorf("entries = %+v, want none", entries)
			}
			var fe *RosterFileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *RosterFileError", err)
			}
			if len(fe.Rows) != len(tt.want) {
				t.Fatalf("got %d row errors, want %d: %+v", len(fe.Rows), len(tt.want), fe.Rows)
			}
			for i, w := range tt.want {
				got := fe.Rows[i]
				if got.Line != w.line || !strings.Contains(got.Reason, w.reason) {
					t.Errorf("row error %d = line %d %q, want line %d containing %q", i, got.Line, got.Reason, w.line, w.reason)
				}
			}
		})
	}
}

func TestRosterHeaderAliases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		want  rosterColumn
		names []string
	}{
		{rosterColumn{field: fieldNumber}, []string{"certificate_number", "Certificate number", "certificate", "cert_number", "Cert. number",
			"numero_certificat", "Numéro de certificat", "N° certificat", "N° de certificat", "no_certificat", "No. certificat", "Certificat"}},
		{rosterColumn{field: fieldFirstName}, []string{"first_name", "First name", "firstname", "FirstName", "prenom", "Prénom", "PRÉNOM"}},
		{rosterColumn{field: fieldLastName}, []string{"last_name", "Last Name", "lastname", "surname", "nom", "NOM", "Nom de famille"}},
		{rosterColumn{field: fieldEmail}, []string{"email", "E-mail", "e_mail", "mail", "Courriel", "Adresse email", "Adresse e-mail", "adresse_e_mail"}},
		{rosterColumn{field: fieldCertifiedOn}, []string{"certified_on", "Certified on", "certification_date", "date_certification",
			"Date de certification", "Certifié le"}},
		{rosterColumn{field: fieldExpiresOn}, []string{"expires_on", "Expiry date", "expiration_date", "date_expiration",
			"Date d'expiration", "Date d’expiration", "Expire le"}},
		{rosterColumn{field: fieldStatus}, []string{"status", "Statut", "etat", "État"}},
		{rosterColumn{fieldHandle, "instagram"}, []string{"instagram", "Instagram", "handle_instagram", "instagram_handle", "Compte Instagram", "Pseudo Instagram"}},
		{rosterColumn{fieldHandle, "tiktok"}, []string{"TikTok", "compte_tiktok", "Handle TikTok"}},
		{rosterColumn{fieldHandle, "x"}, []string{"x", "X", "twitter", "Compte Twitter", "X (Twitter)", "handle_x"}},
		{rosterColumn{fieldHandle, "youtube"}, []string{"YouTube", "pseudo_youtube"}},
		{rosterColumn{fieldHandle, "bluesky"}, []string{"Bluesky", "bluesky_handle"}},
		{rosterColumn{}, []string{"Ville", "Téléphone", "Notes", "", "handle", "compte", "numero_de_telephone", "mastodon"}},
	}
	for _, tt := range tests {
		for _, name := range tt.names {
			if got := rosterColumnFor(name); got != tt.want {
				t.Errorf("rosterColumnFor(%q) = %+v, want %+v", name, got, tt.want)
			}
		}
	}
	for _, p := range Platforms {
		if got := rosterColumnFor(p); got.field != fieldHandle || got.platform != p {
			t.Errorf("rosterColumnFor(%q) = %+v, want a %s handle", p, got, p)
		}
	}
}

func TestRosterDelimiterDetection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want rune
	}{
		{"a,b,c\n1;2;3;4;5\n", ','},
		{"a;b;c\n1,2,3,4,5\n", ';'},
		{"\n\r\n  a;b\n", ';'},
		{`"x,y,z";a;b` + "\n", ';'},
		{`"x;y;z",a,b` + "\n", ','},
		{"single\n", ','},
	}
	for _, tt := range tests {
		if got := detectRosterDelimiter([]byte(tt.in)); got != tt.want {
			t.Errorf("detectRosterDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseRoster(f *testing.F) {
	for _, name := range []string{"good_fr_comma.csv", "good_en_semicolon_bom.csv", "latin1_semicolon.csv"} {
		f.Add(mustReadRosterFile(f, name))
	}
	f.Add([]byte(""))
	f.Add([]byte(rosterHeader))
	f.Add([]byte(rosterHeader + "CC-1,\"Léa,Martin,lea@exemple.fr,2024-01-01,2025-01-01,actif\n"))
	f.Add([]byte(rosterHeader + "CC-1,Léa,Martin,lea@exemple.fr,1/1/2024,2025-01-01,actif\nCC-1,a\"b,c,d,e,f,g\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseRoster(bytes.NewReader(data))
		if err == nil {
			if len(entries) == 0 {
				t.Fatal("no entries and no error")
			}
			for _, e := range entries {
				if e.Number == "" || e.FirstName == "" || e.LastName == "" || e.Email != strings.ToLower(e.Email) ||
					e.ExpiresOn.Before(e.CertifiedOn) || e.Line < 2 {
					t.Fatalf("invalid entry %+v", e)
				}
			}
			return
		}
		if entries != nil {
			t.Fatalf("entries %+v returned with error %v", entries, err)
		}
		var fe *RosterFileError
		if !errors.As(err, &fe) || len(fe.Rows) == 0 {
			t.Fatalf("err = %v, want a *RosterFileError with rows", err)
		}
		if !slices.IsSortedFunc(fe.Rows, func(a, b RowError) int { return a.Line - b.Line }) {
			t.Fatalf("rows not sorted by line: %+v", fe.Rows)
		}
		for _, r := range fe.Rows {
			if r.Line < 1 || r.Reason == "" || !utf8.ValidString(r.Reason) {
				t.Fatalf("bad row error %+v", r)
			}
		}
	})
}
