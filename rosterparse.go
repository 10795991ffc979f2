package creatorclub

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxHandleLength is the longest handle, in characters, a roster may give.
const maxHandleLength = 100

// ParseRoster reads a certified-creator CSV export and returns its entries, or a *RosterFileError naming every bad line (by 1-based line number in the file, header is line 1) and its reason; on any error no entries are returned.
//
// The file must be UTF-8 (a leading BOM is dropped), separated by commas or
// semicolons, and start with a header row whose column names may be French or
// English (see rosterHeaderAliases). Blank lines are skipped. An error other
// than a *RosterFileError means r could not be read.
func ParseRoster(r io.Reader) ([]RosterEntry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("roster: read file: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if rows := invalidUTF8Lines(data); len(rows) > 0 {
		return nil, &RosterFileError{Rows: rows}
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectRosterDelimiter(data)
	cr.FieldsPerRecord = -1 // we report wrong field counts ourselves, with the line
	cr.LazyQuotes = false
	cr.TrimLeadingSpace = true // lets `a, "b"` through; trailing spaces are trimmed below

	header, headerLine, rowErr := readRosterHeader(cr)
	if rowErr != nil {
		return nil, &RosterFileError{Rows: []RowError{*rowErr}}
	}
	columns, rows := mapRosterHeader(header, headerLine)
	if len(rows) > 0 {
		return nil, &RosterFileError{Rows: rows}
	}

	var (
		entries []RosterEntry
		numbers = map[string]int{} // certificate number → first line
		emails  = map[string]int{} // email → first line
	)
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rows = append(rows, RowError{Line: pe.StartLine, Reason: csvErrorReason(pe)})
			continue
		} else if err != nil {
			return nil, fmt.Errorf("roster: read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if isBlankRecord(record) {
			continue
		}
		if len(record) != len(header) {
			rows = append(rows, RowError{Line: line, Reason: fmt.Sprintf(
				"this line has %d fields but the header has %d; check the separators and quotes", len(record), len(header))})
			continue
		}

		entry, reasons := parseRosterRow(columns, record, line)
		if entry.Number != "" {
			if first, ok := numbers[entry.Number]; ok {
				reasons = append(reasons, fmt.Sprintf("duplicate certificate number %s, first seen on line %d", entry.Number, first))
			} else {
				numbers[entry.Number] = line
			}
		}
		if entry.Email != "" {
			if first, ok := emails[entry.Email]; ok {
				reasons = append(reasons, fmt.Sprintf("duplicate email address %s, first seen on line %d", entry.Email, first))
			} else {
				emails[entry.Email] = line
			}
		}
		for _, reason := range reasons {
			rows = append(rows, RowError{Line: line, Reason: reason})
		}
		if len(reasons) == 0 {
			entries = append(entries, entry)
		}
	}

	if len(rows) > 0 {
		slices.SortStableFunc(rows, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
		return nil, &RosterFileError{Rows: rows}
	}
	if len(entries) == 0 {
		return nil, &RosterFileError{Rows: []RowError{{Line: headerLine, Reason: "the file has a header but no creators"}}}
	}
	return entries, nil
}

// invalidUTF8Lines returns an error for each line of data that is not valid
// UTF-8, typically a Latin-1 or Windows-1252 export.
func invalidUTF8Lines(data []byte) []RowError {
	if utf8.Valid(data) {
		return nil
	}
	var rows []RowError
	n := 0
	for line := range bytes.Lines(data) {
		n++
		if !utf8.Valid(line) {
			rows = append(rows, RowError{Line: n, Reason: "the file is not UTF-8 (accented letters would be garbled); re-export it as UTF-8 (\"CSV UTF-8\" in Excel)"})
		}
	}
	return rows
}

// detectRosterDelimiter returns ';' if the header, the first line that is not
// blank, has more semicolons than commas outside quotes, and ',' otherwise.
func detectRosterDelimiter(data []byte) rune {
	var commas, semicolons int
	inQuotes, seen := false, false
scan:
	for _, c := range data {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == ',':
			commas++
		case c == ';':
			semicolons++
		case c == '\n' && seen:
			break scan
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			seen = true
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// readRosterHeader returns the first record that is not blank and its line,
// or the error to report if there is none.
func readRosterHeader(cr *csv.Reader) ([]string, int, *RowError) {
	for {
		record, err := cr.Read()
		if err == io.EOF {
			return nil, 0, &RowError{Line: 1, Reason: "the file is empty"}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, &RowError{Line: pe.StartLine, Reason: "header: " + csvErrorReason(pe)}
		} else if err != nil {
			return nil, 0, &RowError{Line: 1, Reason: "the file cannot be read as CSV"}
		}
		if !isBlankRecord(record) {
			line, _ := cr.FieldPos(0)
			return record, line, nil
		}
	}
}

// csvErrorReason explains a CSV syntax error to the person who exported the file.
func csvErrorReason(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a quote (") appears inside an unquoted field; put the field in quotes and double the quotes inside it`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		return fmt.Sprintf(`a quoted field that starts on this line is not closed properly (reading stopped on line %d)`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		return `a quoted field is not closed properly; a quote inside quotes must be doubled ("")`
	}
	return "invalid CSV: " + pe.Err.Error()
}

func isBlankRecord(record []string) bool {
	for _, f := range record {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// rosterField is a column of the roster a header name can map to.
type rosterField int

const (
	fieldIgnored rosterField = iota
	fieldNumber
	fieldFirstName
	fieldLastName
	fieldEmail
	fieldCertifiedOn
	fieldExpiresOn
	fieldStatus
	fieldHandle
)

// requiredRosterFields are the columns every roster must have, in the order
// they are listed when missing, with the name used in error reasons.
var requiredRosterFields = []struct {
	field rosterField
	name  string
}{
	{fieldNumber, "certificate_number"},
	{fieldFirstName, "first_name"},
	{fieldLastName, "last_name"},
	{fieldEmail, "email"},
	{fieldCertifiedOn, "certified_on"},
	{fieldExpiresOn, "expires_on"},
	{fieldStatus, "status"},
}

// rosterHeaderAliases maps normalised header names (see foldRosterKey) to
// fields. Handle columns are recognised by rosterHandlePlatform instead.
var rosterHeaderAliases = map[string]rosterField{
	"certificate_number":    fieldNumber,
	"certificate_no":        fieldNumber,
	"certificate":           fieldNumber,
	"cert_number":           fieldNumber,
	"cert_no":               fieldNumber,
	"numero_certificat":     fieldNumber,
	"numero_de_certificat":  fieldNumber,
	"numero_du_certificat":  fieldNumber,
	"n_certificat":          fieldNumber,
	"n_de_certificat":       fieldNumber,
	"no_certificat":         fieldNumber,
	"no_de_certificat":      fieldNumber,
	"num_certificat":        fieldNumber,
	"certificat":            fieldNumber,
	"first_name":            fieldFirstName,
	"firstname":             fieldFirstName,
	"given_name":            fieldFirstName,
	"prenom":                fieldFirstName,
	"last_name":             fieldLastName,
	"lastname":              fieldLastName,
	"surname":               fieldLastName,
	"family_name":           fieldLastName,
	"nom":                   fieldLastName,
	"nom_de_famille":        fieldLastName,
	"email":                 fieldEmail,
	"e_mail":                fieldEmail,
	"email_address":         fieldEmail,
	"mail":                  fieldEmail,
	"courriel":              fieldEmail,
	"adresse_email":         fieldEmail,
	"adresse_e_mail":        fieldEmail,
	"adresse_mail":          fieldEmail,
	"certified_on":          fieldCertifiedOn,
	"certification_date":    fieldCertifiedOn,
	"date_certification":    fieldCertifiedOn,
	"date_de_certification": fieldCertifiedOn,
	"certifie_le":           fieldCertifiedOn,
	"expires_on":            fieldExpiresOn,
	"expiry_date":           fieldExpiresOn,
	"expiration_date":       fieldExpiresOn,
	"date_expiration":       fieldExpiresOn,
	"date_d_expiration":     fieldExpiresOn,
	"expire_le":             fieldExpiresOn,
	"status":                fieldStatus,
	"statut":                fieldStatus,
	"etat":                  fieldStatus,
}

// rosterColumn is what one column of the file holds.
type rosterColumn struct {
	field    rosterField
	platform string // for fieldHandle
}

// rosterColumnFor returns what a column named name holds; unknown names are
// fieldIgnored.
func rosterColumnFor(name string) rosterColumn {
	key := foldRosterKey(name)
	if f, ok := rosterHeaderAliases[key]; ok {
		return rosterColumn{field: f}
	}
	if p := rosterHandlePlatform(key); p != "" {
		return rosterColumn{field: fieldHandle, platform: p}
	}
	return rosterColumn{}
}

// rosterHandlePlatform returns the platform a normalised header names, such as
// "instagram", "handle_instagram", "instagram_handle" or "compte_tiktok", or "".
func rosterHandlePlatform(key string) string {
	for _, affix := range []string{"handle", "compte", "pseudo"} {
		if k, ok := strings.CutPrefix(key, affix+"_"); ok {
			key = k
			break
		}
		if k, ok := strings.CutSuffix(key, "_"+affix); ok {
			key = k
			break
		}
	}
	switch key {
	case "twitter", "x_twitter", "twitter_x":
		return "x"
	}
	if IsPlatform(key) {
		return key
	}
	return ""
}

// mapRosterHeader returns what each column holds, or the errors of the header
// line: required columns missing, or two columns for the same field.
func mapRosterHeader(header []string, line int) ([]rosterColumn, []RowError) {
	var rows []RowError
	columns := make([]rosterColumn, len(header))
	seen := map[rosterColumn]int{} // → index of the first column
	for i, name := range header {
		col := rosterColumnFor(name)
		columns[i] = col
		if col.field == fieldIgnored {
			continue
		}
		if first, ok := seen[col]; ok {
			rows = append(rows, RowError{Line: line, Reason: fmt.Sprintf(
				"columns %d (%q) and %d (%q) hold the same information", first+1, strings.TrimSpace(header[first]), i+1, strings.TrimSpace(name))})
			continue
		}
		seen[col] = i
	}
	var missing []string
	for _, req := range requiredRosterFields {
		if _, ok := seen[rosterColumn{field: req.field}]; !ok {
			missing = append(missing, req.name)
		}
	}
	if len(missing) > 0 {
		rows = append(rows, RowError{Line: line, Reason: "missing columns: " + strings.Join(missing, ", ")})
	}
	return columns, rows
}

// parseRosterRow reads one line into an entry and returns the reasons it is
// invalid. Valid fields are set even if others are not, so that duplicates can
// still be found.
func parseRosterRow(columns []rosterColumn, record []string, line int) (RosterEntry, []string) {
	e := RosterEntry{Line: line}
	var reasons []string
	var certifiedOn, expiresOn string
	handles := map[string]string{}
	for i, col := range columns {
		v := strings.TrimSpace(record[i])
		switch col.field {
		case fieldNumber:
			e.Number = strings.ToUpper(v)
		case fieldFirstName:
			e.FirstName = v
		case fieldLastName:
			e.LastName = v
		case fieldEmail:
			if v == "" {
				reasons = append(reasons, "email address is missing")
			} else if email, ok := parseRosterEmail(v); ok {
				e.Email = email
			} else {
				reasons = append(reasons, fmt.Sprintf("%q is not a valid email address", v))
			}
		case fieldCertifiedOn:
			certifiedOn = v
			e.CertifiedOn, reasons = parseRosterDate(v, "certification date", reasons)
		case fieldExpiresOn:
			expiresOn = v
			e.ExpiresOn, reasons = parseRosterDate(v, "expiry date", reasons)
		case fieldStatus:
			if s, ok := parseRosterStatus(v); ok {
				e.Status = s
			} else if v == "" {
				reasons = append(reasons, "status is missing")
			} else {
				reasons = append(reasons, fmt.Sprintf("unknown status %q; use active, suspended, revoked or expired", v))
			}
		case fieldHandle:
			h := NormalizeHandle(v)
			switch {
			case h == "":
			case strings.ContainsFunc(h, unicode.IsSpace):
				reasons = append(reasons, fmt.Sprintf("%s handle %q contains spaces", col.platform, v))
			case utf8.RuneCountInString(h) > maxHandleLength:
				reasons = append(reasons, fmt.Sprintf("%s handle is longer than %d characters", col.platform, maxHandleLength))
			default:
				handles[col.platform] = h
			}
		}
	}
	if e.Number == "" {
		reasons = append(reasons, "certificate number is missing")
	}
	if e.FirstName == "" {
		reasons = append(reasons, "first name is missing")
	}
	if e.LastName == "" {
		reasons = append(reasons, "last name is missing")
	}
	if !e.CertifiedOn.IsZero() && !e.ExpiresOn.IsZero() && e.ExpiresOn.Before(e.CertifiedOn) {
		reasons = append(reasons, fmt.Sprintf("expiry date %s is before certification date %s", expiresOn, certifiedOn))
	}
	for _, p := range Platforms {
		if h, ok := handles[p]; ok {
			e.Handles = append(e.Handles, Handle{Platform: p, Handle: h})
		}
	}
	return e, reasons
}

// parseRosterEmail returns the lowercased address if s is a bare, valid email
// address (no display name, no angle brackets).
func parseRosterEmail(s string) (string, bool) {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	return strings.ToLower(s), true
}

// parseRosterDate parses s as YYYY-MM-DD or D/M/YYYY at midnight UTC, or adds
// the reason it cannot to reasons. what names the date in the reason.
func parseRosterDate(s, what string, reasons []string) (time.Time, []string) {
	if s == "" {
		return time.Time{}, append(reasons, what+" is missing")
	}
	for _, layout := range []string{"2006-01-02", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, reasons
		}
	}
	return time.Time{}, append(reasons, fmt.Sprintf("%s %q is not a valid date; use YYYY-MM-DD or DD/MM/YYYY", what, s))
}

// rosterStatuses maps normalised status words, French and English, to statuses.
var rosterStatuses = map[string]CertStatus{
	"active":    CertActive,
	"actif":     CertActive,
	"valid":     CertActive,
	"valide":    CertActive,
	"suspended": CertSuspended,
	"suspendu":  CertSuspended,
	"suspendue": CertSuspended,
	"revoked":   CertRevoked,
	"revoque":   CertRevoked,
	"revoquee":  CertRevoked,
	"retire":    CertRevoked,
	"retiree":   CertRevoked,
	"withdrawn": CertRevoked,
	"expired":   CertExpired,
	"expire":    CertExpired,
	"expiree":   CertExpired,
}

func parseRosterStatus(s string) (CertStatus, bool) {
	st, ok := rosterStatuses[foldRosterKey(s)]
	return st, ok
}

// foldRosterKey normalises a header name or status word: lowercase, accents
// removed (Fold), every run of other characters than a-z and 0-9 (spaces,
// hyphens, dots, apostrophes, "°"…) turned into one underscore, none at
// either end. "N° de certificat" becomes "n_de_certificat".
func foldRosterKey(s string) string {
	var b strings.Builder
	pending := false // an underscore to write before the next letter or digit
	for _, r := range Fold(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if pending {
				b.WriteByte('_')
				pending = false
			}
			b.WriteRune(r)
		} else {
			pending = b.Len() > 0
		}
	}
	return b.String()
}
