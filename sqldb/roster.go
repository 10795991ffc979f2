package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("dry run")

type rosterRow struct {
	id      int64
	deleted bool
	user    *creatorclub.User
}

// ImportRoster upserts the entries by certificate number in one transaction
// and marks the members absent from the list as removed. With dryRun the same
// work is done and rolled back, so the report is exactly what the import would
// do. Members who lose access get a new session epoch, which ends their sessions.
// Committee seats follow the certification (see ImportRosterHook).
func (db *DB) ImportRoster(ctx context.Context, entries []creatorclub.RosterEntry, opts creatorclub.RosterImportOptions) (*creatorclub.RosterReport, error) {
	return db.ImportRosterHook(ctx, entries, opts, nil)
}

// ImportRosterHook is ImportRoster with onCommittee run in the transaction
// with what the import changed on the committee (the members the waiting
// list promotes when a member loses the certification, to mail them),
// unless it is a dry run.
func (db *DB) ImportRosterHook(ctx context.Context, entries []creatorclub.RosterEntry, opts creatorclub.RosterImportOptions, onCommittee CommitteeHook) (*creatorclub.RosterReport, error) {
	report := &creatorclub.RosterReport{DryRun: opts.DryRun, Total: len(entries), Changes: []creatorclub.RosterChange{}}
	now := db.now()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		existing, err := loadRoster(ctx, tx)
		if err != nil {
			return err
		}
		var rowErrs []creatorclub.RowError
		seen := make(map[string]bool, len(entries))
		for _, e := range entries {
			number := strings.ToUpper(strings.TrimSpace(e.Number))
			seen[number] = true
			cert := &creatorclub.Certification{Number: number, Status: e.Status, CertifiedOn: dateOnly(e.CertifiedOn), ExpiresOn: dateOnly(e.ExpiresOn)}
			name := strings.TrimSpace(e.FirstName + " " + e.LastName)
			old, ok := existing[number]
			switch {
			case !ok:
				u := &creatorclub.User{Email: e.Email, FirstName: e.FirstName, LastName: e.LastName, Role: creatorclub.RoleMember,
					Locale: "fr", Cert: cert, Handles: e.Handles}
				if err := db.createUser(ctx, tx, u); creatorclub.ErrorCode(err) == creatorclub.ECONFLICT {
					rowErrs = append(rowErrs, creatorclub.RowError{Line: e.Line, Reason: fmt.Sprintf("email %s is already used by another account", e.Email)})
					continue
				} else if err != nil {
					return err
				}
				report.Added++
				report.Changes = append(report.Changes, creatorclub.RosterChange{Number: number, Name: name, Kind: creatorclub.RosterAdded, NewStatus: e.Status})
			case old.deleted:
				report.Skipped++
				report.Changes = append(report.Changes, creatorclub.RosterChange{Number: number, Name: name, Kind: creatorclub.RosterSkipped, NewStatus: e.Status})
			default:
				change, err := db.updateFromRoster(ctx, tx, old.user, e, cert, now)
				if creatorclub.ErrorCode(err) == creatorclub.ECONFLICT {
					rowErrs = append(rowErrs, creatorclub.RowError{Line: e.Line, Reason: fmt.Sprintf("email %s is already used by another account", e.Email)})
					continue
				} else if err != nil {
					return err
				}
				switch change.Kind {
				case creatorclub.RosterUnchanged:
					report.Unchanged++
					continue
				case creatorclub.RosterStatusChanged:
					report.Status++
				case creatorclub.RosterUpdated:
					report.Updated++
				}
				if old.user.Cert.ValidOn(now) && !cert.ValidOn(now) {
					report.LostAccess++
				}
				report.Changes = append(report.Changes, change)
			}
		}
		if len(rowErrs) > 0 {
			sort.Slice(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
			return &creatorclub.RosterFileError{Rows: rowErrs}
		}
		numbers := make([]string, 0, len(existing))
		for n := range existing {
			numbers = append(numbers, n)
		}
		sort.Strings(numbers)
		for _, n := range numbers {
			old := existing[n]
			if seen[n] || old.deleted || old.user.Cert.Status == creatorclub.CertRemoved {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET cert_status = $1, session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $3`,
				string(creatorclub.CertRemoved), now, old.id); err != nil {
				return fmt.Errorf("sqldb: mark removed: %w", err)
			}
			if old.user.Cert.ValidOn(now) {
				report.LostAccess++
			}
			report.Removed++
			report.Changes = append(report.Changes, creatorclub.RosterChange{Number: n, Name: old.user.Name(), Kind: creatorclub.RosterRemoved,
				OldStatus: old.user.Cert.Status, NewStatus: creatorclub.CertRemoved})
		}
		// Committee seats follow the certification (committee.go).
		ch, err := db.endTermsOfUncertified(ctx, tx)
		if err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		if err := runHook(onCommittee, tx, ch); err != nil {
			return err
		}
		if opts.UploadID != 0 {
			js, err := json.Marshal(report)
			if err != nil {
				return fmt.Errorf("sqldb: roster report: %w", err)
			}
			res, err := tx.ExecContext(ctx, `UPDATE roster_uploads SET applied_at = $1, report = $2 WHERE id = $3 AND applied_at IS NULL`, now, string(js), opts.UploadID)
			if err != nil {
				return fmt.Errorf("sqldb: mark upload applied: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return creatorclub.Errorf(creatorclub.ECONFLICT, "roster_already_applied")
			}
		}
		if opts.Audit != nil {
			opts.Audit.Detail = strings.TrimSpace(opts.Audit.Detail + fmt.Sprintf(" total=%d added=%d updated=%d status_changed=%d removed=%d skipped=%d lost_access=%d",
				report.Total, report.Added, report.Updated, report.Status, report.Removed, report.Skipped, report.LostAccess))
			if err := db.recordAudit(ctx, tx, opts.Audit); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	return report, nil
}

func loadRoster(ctx context.Context, tx *sql.Tx) (map[string]*rosterRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+`, deleted_at FROM users WHERE cert_number IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: load roster: %w", err)
	}
	defer rows.Close()
	out := map[string]*rosterRow{}
	var users []*creatorclub.User
	for rows.Next() {
		var deleted sql.NullTime
		u, err := scanUser(scanPlus{rows, &deleted})
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan roster: %w", err)
		}
		out[strings.ToUpper(u.Cert.Number)] = &rosterRow{id: u.ID, deleted: deleted.Valid, user: u}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: load roster: %w", err)
	}
	rows.Close()
	// Load handles in chunks to stay under SQLite's parameter limit.
	for i := 0; i < len(users); i += 500 {
		if err := loadHandles(ctx, tx, users[i:min(i+500, len(users))]...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanPlus scans the user columns and then extra columns.
type scanPlus struct {
	s     rowScanner
	extra any
}

func (p scanPlus) Scan(dest ...any) error { return p.s.Scan(append(dest, p.extra)...) }

func (db *DB) updateFromRoster(ctx context.Context, tx *sql.Tx, old *creatorclub.User, e creatorclub.RosterEntry, cert *creatorclub.Certification, now time.Time) (creatorclub.RosterChange, error) {
	change := creatorclub.RosterChange{Number: cert.Number, Name: strings.TrimSpace(e.FirstName + " " + e.LastName), Kind: creatorclub.RosterUnchanged}
	var fields []string
	if old.FirstName != e.FirstName {
		fields = append(fields, "first_name")
	}
	if old.LastName != e.LastName {
		fields = append(fields, "last_name")
	}
	if old.Email != creatorclub.NormalizeEmail(e.Email) {
		fields = append(fields, "email")
	}
	if !old.Cert.CertifiedOn.Equal(cert.CertifiedOn) {
		fields = append(fields, "certified_on")
	}
	if !old.Cert.ExpiresOn.Equal(cert.ExpiresOn) {
		fields = append(fields, "expires_on")
	}
	if !sameHandles(old.Handles, e.Handles) {
		fields = append(fields, "handles")
	}
	statusChanged := old.Cert.Status != cert.Status
	if !statusChanged && len(fields) == 0 {
		return change, nil
	}
	change.Fields = fields
	change.OldStatus, change.NewStatus = old.Cert.Status, cert.Status
	change.Kind = creatorclub.RosterUpdated
	if statusChanged {
		change.Kind = creatorclub.RosterStatusChanged
	}
	// Losing access, or a new address, ends the member's sessions.
	epoch := 0
	if (old.Cert.ValidOn(now) && !cert.ValidOn(now)) || old.Email != creatorclub.NormalizeEmail(e.Email) {
		epoch = 1
	}
	_, err := tx.ExecContext(ctx, `UPDATE users SET first_name = $1, last_name = $2, email = $3, search_name = $4,
		cert_status = $5, cert_certified_on = $6, cert_expires_on = $7, session_epoch = session_epoch + $8, updated_at = $9 WHERE id = $10`,
		e.FirstName, e.LastName, creatorclub.NormalizeEmail(e.Email), searchName(e.FirstName, e.LastName, old.DisplayName),
		string(cert.Status), cert.CertifiedOn, cert.ExpiresOn, epoch, now, old.ID)
	if isUniqueViolation(err) {
		return change, creatorclub.Errorf(creatorclub.ECONFLICT, "email taken")
	} else if err != nil {
		return change, fmt.Errorf("sqldb: update member %s: %w", cert.Number, err)
	}
	if !sameHandles(old.Handles, e.Handles) {
		if err := replaceHandles(ctx, tx, old.ID, e.Handles); err != nil {
			return change, err
		}
	}
	return change, nil
}

func sameHandles(a, b []creatorclub.Handle) bool {
	if len(a) != len(b) {
		return false
	}
	m := make(map[string]string, len(a))
	for _, h := range a {
		m[h.Platform] = h.Handle
	}
	for _, h := range b {
		if v, ok := m[h.Platform]; !ok || v != creatorclub.NormalizeHandle(h.Handle) {
			return false
		}
	}
	return true
}

// RosterUpload is a roster file uploaded on the admin page, kept between the
// preview and the confirmation so that what is applied is what was previewed.
type RosterUpload struct {
	ID         int64
	UploadedBy int64
	Filename   string
	Content    string
	SHA256     string
	CreatedAt  time.Time
	AppliedAt  *time.Time
	// Report is what applying it did, once applied.
	Report *creatorclub.RosterReport
}

// SaveRosterUpload stores an uploaded file and returns its id.
func (db *DB) SaveRosterUpload(ctx context.Context, by int64, filename string, content []byte) (*RosterUpload, error) {
	sum := sha256.Sum256(content)
	up := &RosterUpload{UploadedBy: by, Filename: filename, Content: string(content), SHA256: hex.EncodeToString(sum[:]), CreatedAt: db.now()}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO roster_uploads (uploaded_by, filename, content, sha256, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			by, filename, up.Content, up.SHA256, up.CreatedAt).Scan(&up.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb: save roster upload: %w", err)
	}
	return up, nil
}

// FindRosterUpload returns an upload, or ENOTFOUND.
func (db *DB) FindRosterUpload(ctx context.Context, id int64) (*RosterUpload, error) {
	var up RosterUpload
	var applied sql.NullTime
	var report sql.NullString
	err := db.Read.QueryRowContext(ctx, `SELECT id, uploaded_by, filename, content, sha256, created_at, applied_at, report FROM roster_uploads WHERE id = $1`, id).
		Scan(&up.ID, &up.UploadedBy, &up.Filename, &up.Content, &up.SHA256, &up.CreatedAt, &applied, &report)
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "Upload not found.")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find roster upload: %w", err)
	}
	up.AppliedAt = nullTime(applied)
	if report.Valid {
		up.Report = new(creatorclub.RosterReport)
		if err := json.Unmarshal([]byte(report.String), up.Report); err != nil {
			return nil, fmt.Errorf("sqldb: roster upload %d: report: %w", id, err)
		}
	}
	return &up, nil
}
