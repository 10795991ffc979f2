package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/creatorclub/creatorclub"
)

// Ensure DB implements the domain services.
var (
	_ creatorclub.UserService   = (*DB)(nil)
	_ creatorclub.AuthService   = (*DB)(nil)
	_ creatorclub.AuditService  = (*DB)(nil)
	_ creatorclub.RosterService = (*DB)(nil)
)

const userColumns = `id, COALESCE(email, ''), first_name, last_name, display_name, bio, locale, time_zone, reminders, newsletter, legal_alerts, role,
	organisation, in_directory, cert_number, cert_status, cert_certified_on, cert_expires_on,
	session_epoch, created_at, updated_at, last_sign_in_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(s rowScanner) (*creatorclub.User, error) {
	var (
		u                 creatorclub.User
		role, certStatus  string
		certNumber        sql.NullString
		certOn, expiresOn sql.NullTime
		lastSignIn        sql.NullTime
	)
	err := s.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.DisplayName, &u.Bio, &u.Locale, &u.TimeZone, &u.Reminders, &u.Newsletter, &u.LegalAlerts, &role,
		&u.Organisation, &u.InDirectory, &certNumber, &certStatus, &certOn, &expiresOn,
		&u.SessionEpoch, &u.CreatedAt, &u.UpdatedAt, &lastSignIn)
	if err != nil {
		return nil, err
	}
	u.Role = creatorclub.Role(role)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	u.LastSignInAt = nullTime(lastSignIn)
	if certNumber.Valid {
		u.Cert = &creatorclub.Certification{Number: certNumber.String, Status: creatorclub.CertStatus(certStatus)}
		if certOn.Valid {
			u.Cert.CertifiedOn = dateOnly(certOn.Time)
		}
		if expiresOn.Valid {
			u.Cert.ExpiresOn = dateOnly(expiresOn.Time)
		}
	}
	u.Handles = []creatorclub.Handle{}
	return &u, nil
}

func searchName(first, last, display string) string {
	return creatorclub.Fold(strings.Join([]string{first, last, display}, " "))
}

// loadHandles fills the handles of the given users.
func loadHandles(ctx context.Context, q queryer, users ...*creatorclub.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[int64]*creatorclub.User, len(users))
	args := make([]any, 0, len(users))
	marks := make([]string, 0, len(users))
	for i, u := range users {
		byID[u.ID] = u
		args = append(args, u.ID)
		marks = append(marks, fmt.Sprintf("$%d", i+1))
	}
	query := `SELECT user_id, platform, handle FROM handles WHERE user_id IN (` + strings.Join(marks, ",") + `)`
	var rows *sql.Rows
	var err error
	if len(users) == 1 {
		rows, err = queryOn(ctx, q, query, args...) // every request's user
	} else {
		rows, err = q.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return fmt.Errorf("sqldb: load handles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h creatorclub.Handle
		if err := rows.Scan(&id, &h.Platform, &h.Handle); err != nil {
			return fmt.Errorf("sqldb: scan handle: %w", err)
		}
		byID[id].Handles = append(byID[id].Handles, h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqldb: load handles: %w", err)
	}
	for _, u := range users {
		sortHandles(u.Handles)
	}
	return nil
}

func platformRank(p string) int {
	for i, q := range creatorclub.Platforms {
		if q == p {
			return i
		}
	}
	return len(creatorclub.Platforms)
}

func sortHandles(hs []creatorclub.Handle) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && platformRank(hs[j].Platform) < platformRank(hs[j-1].Platform); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

func findUser(ctx context.Context, q queryer, where string, arg any) (*creatorclub.User, error) {
	u, err := scanUser(queryRowOn(ctx, q, `SELECT `+userColumns+` FROM users WHERE deleted_at IS NULL AND `+where, arg))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find user: %w", err)
	}
	if err := loadHandles(ctx, q, u); err != nil {
		return nil, err
	}
	return u, nil
}

// FindUserByID returns the user, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*creatorclub.User, error) {
	return findUser(ctx, db.Read, "id = $1", id)
}

// FindUserByEmail returns the user with that address, or ENOTFOUND.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*creatorclub.User, error) {
	return findUser(ctx, db.Read, "email = $1", creatorclub.NormalizeEmail(email))
}

// CreateUser inserts u and sets its ID and timestamps. It returns ECONFLICT if
// the address or certificate number is taken.
func (db *DB) CreateUser(ctx context.Context, u *creatorclub.User) error {
	return db.withTx(ctx, func(tx *sql.Tx) error { return db.createUser(ctx, tx, u) })
}

func (db *DB) createUser(ctx context.Context, tx *sql.Tx, u *creatorclub.User) error {
	u.Email = creatorclub.NormalizeEmail(u.Email)
	if u.Email == "" || !strings.Contains(u.Email, "@") {
		return creatorclub.Errorf(creatorclub.EINVALID, "A valid email address is required.")
	}
	if _, err := creatorclub.ParseRole(string(u.Role)); err != nil {
		return err
	}
	if u.Locale == "" {
		u.Locale = "fr"
	}
	now := db.now()
	u.CreatedAt, u.UpdatedAt = now, now
	var certNumber, certStatus any = nil, ""
	var certOn, expiresOn any
	if u.Cert != nil {
		certNumber, certStatus = u.Cert.Number, string(u.Cert.Status)
		certOn, expiresOn = dateOnly(u.Cert.CertifiedOn), dateOnly(u.Cert.ExpiresOn)
	}
	feed, _ := creatorclub.NewSignInToken()
	err := tx.QueryRowContext(ctx, `INSERT INTO users (email, first_name, last_name, display_name, search_name, bio, locale, role,
		organisation, in_directory, cert_number, cert_status, cert_certified_on, cert_expires_on, created_at, updated_at, feed_token)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		u.Email, u.FirstName, u.LastName, u.DisplayName, searchName(u.FirstName, u.LastName, u.DisplayName), u.Bio, u.Locale, string(u.Role),
		u.Organisation, u.InDirectory, certNumber, certStatus, certOn, expiresOn, now, now, feed).Scan(&u.ID)
	if isUniqueViolation(err) {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "An account with this email address or certificate number already exists.")
	} else if err != nil {
		return fmt.Errorf("sqldb: create user: %w", err)
	}
	return replaceHandles(ctx, tx, u.ID, u.Handles)
}

func replaceHandles(ctx context.Context, tx *sql.Tx, userID int64, hs []creatorclub.Handle) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM handles WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("sqldb: clear handles: %w", err)
	}
	for _, h := range hs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO handles (user_id, platform, handle) VALUES ($1, $2, $3)`,
			userID, h.Platform, creatorclub.NormalizeHandle(h.Handle)); err != nil {
			return fmt.Errorf("sqldb: insert handle: %w", err)
		}
	}
	return nil
}

// UpdateProfile changes the user's own profile fields.
func (db *DB) UpdateProfile(ctx context.Context, id int64, upd creatorclub.ProfileUpdate) (*creatorclub.User, error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		u, err := findUser(ctx, tx, "id = $1", id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET display_name = $1, bio = $2, locale = $3, in_directory = $4,
			search_name = $5, updated_at = $6, time_zone = $7, reminders = $8, newsletter = $9, legal_alerts = $10 WHERE id = $11`,
			upd.DisplayName, upd.Bio, upd.Locale, upd.InDirectory, searchName(u.FirstName, u.LastName, upd.DisplayName), db.now(),
			upd.TimeZone, upd.Reminders, upd.Newsletter, upd.LegalAlerts, id)
		if err != nil {
			return fmt.Errorf("sqldb: update profile %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindUserByID(ctx, id)
}

// SetRole changes a user's role and ends their sessions.
func (db *DB) SetRole(ctx context.Context, id int64, role creatorclub.Role) error {
	if _, err := creatorclub.ParseRole(string(role)); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = $1, session_epoch = session_epoch + 1, updated_at = $2
			WHERE id = $3 AND deleted_at IS NULL`, string(role), db.now(), id)
		return expectOne(res, err, "set role")
	})
}

// EndSessions signs the user out everywhere by moving their session epoch:
// every session cookie issued before is refused from the next request on.
func (db *DB) EndSessions(ctx context.Context, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1`, id)
		return expectOne(res, err, "end sessions")
	})
}

// RecordSignIn stamps the user's last sign-in time.
func (db *DB) RecordSignIn(ctx context.Context, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET last_sign_in_at = $1 WHERE id = $2`, db.now(), id)
		return expectOne(res, err, "record sign-in")
	})
}

func expectOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("sqldb: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldb: %s: %w", what, err)
	}
	if n == 0 {
		return creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	}
	return nil
}

// DeleteUser erases the user's personal data. A member's row stays as a
// tombstone holding only the certificate number, so that the next roster
// import reports them as skipped instead of creating the account again.
func (db *DB) DeleteUser(ctx context.Context, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM handles WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete handles: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_tokens WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete tokens: %w", err)
		}
		if err := eraseCommitteeData(ctx, tx, id); err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE users SET email = NULL, first_name = '', last_name = '', display_name = '',
			search_name = '', bio = '', organisation = '', in_directory = $1, session_epoch = session_epoch + 1, feed_token = NULL,
			deleted_at = $2, updated_at = $2, last_sign_in_at = NULL WHERE id = $3 AND deleted_at IS NULL`, false, now, id)
		return expectOne(res, err, "delete user")
	})
}

// ListDirectory returns the members who opted in and are certified today,
// sorted by name, and the total number matching.
func (db *DB) ListDirectory(ctx context.Context, f creatorclub.DirectoryFilter) ([]*creatorclub.User, int, error) {
	today := dateOnly(db.now())
	where := []string{"deleted_at IS NULL", "role = 'member'", "in_directory = $1", "cert_status = 'active'", "cert_expires_on >= $2"}
	args := []any{true, today}
	if q := strings.TrimSpace(f.Query); q != "" {
		args = append(args, "%"+escapeLike(creatorclub.Fold(q))+"%")
		where = append(where, fmt.Sprintf("search_name LIKE $%d ESCAPE '\\'", len(args)))
	}
	if f.Platform != "" {
		args = append(args, f.Platform)
		where = append(where, fmt.Sprintf("EXISTS (SELECT 1 FROM handles h WHERE h.user_id = users.id AND h.platform = $%d)", len(args)))
	}
	return db.listUsers(ctx, strings.Join(where, " AND "), args, "last_name, first_name, id", f.Limit, f.Offset)
}

// ListUsers returns all accounts for the admin pages.
func (db *DB) ListUsers(ctx context.Context, query string, role creatorclub.Role, limit, offset int) ([]*creatorclub.User, int, error) {
	where := []string{"deleted_at IS NULL"}
	var args []any
	if q := strings.TrimSpace(query); q != "" {
		args = append(args, "%"+escapeLike(creatorclub.Fold(q))+"%")
		where = append(where, fmt.Sprintf("(search_name LIKE $%d ESCAPE '\\' OR email LIKE $%d ESCAPE '\\' OR LOWER(COALESCE(cert_number, '')) LIKE $%d ESCAPE '\\')", len(args), len(args), len(args)))
	}
	if role != "" {
		args = append(args, string(role))
		where = append(where, fmt.Sprintf("role = $%d", len(args)))
	}
	return db.listUsers(ctx, strings.Join(where, " AND "), args, "role, last_name, first_name, id", limit, offset)
}

func (db *DB) listUsers(ctx context.Context, where string, args []any, order string, limit, offset int) ([]*creatorclub.User, int, error) {
	var total int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqldb: count users: %w", err)
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM users WHERE %s ORDER BY %s LIMIT %d OFFSET %d`,
		userColumns, where, order, limit, offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqldb: list users: %w", err)
	}
	defer rows.Close()
	users := []*creatorclub.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqldb: scan user: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqldb: list users: %w", err)
	}
	if err := loadHandles(ctx, db.Read, users...); err != nil {
		return nil, 0, err
	}
	return users, total, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CheckCertification looks up a certificate number or a certified handle and
// says whether that creator is certified today and since when.
func (db *DB) CheckCertification(ctx context.Context, q string) (*creatorclub.CertificationCheck, error) {
	q = strings.TrimSpace(q)
	if q == "" || len(q) > 120 {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "query_invalid")
	}
	row := db.Read.QueryRowContext(ctx, `SELECT first_name, last_name, cert_status, cert_certified_on, cert_expires_on
		FROM users WHERE deleted_at IS NULL AND cert_number IS NOT NULL AND (UPPER(cert_number) = $1
		OR id IN (SELECT user_id FROM handles WHERE handle = $2)) ORDER BY id LIMIT 1`,
		strings.ToUpper(q), creatorclub.NormalizeHandle(q))
	var first, last, status string
	var on, until sql.NullTime
	err := row.Scan(&first, &last, &status, &on, &until)
	if isNoRows(err) {
		return &creatorclub.CertificationCheck{Found: false}, nil
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: check certification: %w", err)
	}
	c := creatorclub.Certification{Status: creatorclub.CertStatus(status)}
	if until.Valid {
		c.ExpiresOn = dateOnly(until.Time)
	}
	// A creator whose certificate is not valid today gets the same answer as
	// an unknown one: the page must not reveal suspensions or revocations.
	if !c.ValidOn(db.now()) {
		return &creatorclub.CertificationCheck{Found: false}, nil
	}
	res := &creatorclub.CertificationCheck{Found: true, Name: strings.TrimSpace(first + " " + last), Certified: true}
	if on.Valid {
		res.CertifiedOn = dateOnly(on.Time)
	}
	return res, nil
}

// FeedToken returns the user's private calendar feed token ("" if none).
func (db *DB) FeedToken(ctx context.Context, userID int64) (string, error) {
	var tok sql.NullString
	if err := db.Read.QueryRowContext(ctx, `SELECT feed_token FROM users WHERE id = $1`, userID).Scan(&tok); isNoRows(err) {
		return "", creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	} else if err != nil {
		return "", fmt.Errorf("sqldb: feed token: %w", err)
	}
	return tok.String, nil
}

// ResetFeedToken gives the user a new feed token; the old feed URL stops working.
func (db *DB) ResetFeedToken(ctx context.Context, userID int64) (string, error) {
	tok, _ := creatorclub.NewSignInToken()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET feed_token = $1 WHERE id = $2`, tok, userID)
		return expectOne(res, err, "reset feed token")
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// FindUserByFeedToken returns the user owning a calendar feed token, or ENOTFOUND.
func (db *DB) FindUserByFeedToken(ctx context.Context, token string) (*creatorclub.User, error) {
	if token == "" {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "User not found.")
	}
	return findUser(ctx, db.Read, "feed_token = $1", token)
}

// SetListSubscription turns one mailing list on or off for a user.
func (db *DB) SetListSubscription(ctx context.Context, userID int64, list string, on bool) error {
	column := map[string]string{creatorclub.ListNewsletter: "newsletter", creatorclub.ListLegalAlerts: "legal_alerts", creatorclub.ListReminders: "reminders"}[list]
	if column == "" {
		return creatorclub.Errorf(creatorclub.EINVALID, "list_invalid")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET `+column+` = $1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL`, on, db.now(), userID)
		return expectOne(res, err, "set list subscription")
	})
}
