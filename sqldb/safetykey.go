package sqldb

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/creatorclub/creatorclub"
)

// CheckSafetyKey makes sure every instance seals the safety desk's data with
// the same key. The first start records a fingerprint of the key in the
// settings (an HMAC-SHA-256 of a fixed label under the key, which reveals
// nothing of it); every later start compares. A server given another key —
// a second instance that generated its own, or a lost key file replaced by a
// new one — is stopped before it writes anything it could not read back.
func (db *DB) CheckSafetyKey(ctx context.Context, key []byte) error {
	fp := safetyKeyFingerprint(key)
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('safety_key_check', $1) ON CONFLICT (key) DO NOTHING`, fp)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb: record the safety key's fingerprint: %w", err)
	}
	var stored string
	if err := db.Write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'safety_key_check'`).Scan(&stored); err != nil {
		return fmt.Errorf("sqldb: read the safety key's fingerprint: %w", err)
	}
	if !hmac.Equal([]byte(stored), []byte(fp)) {
		return creatorclub.Errorf(creatorclub.ECONFLICT,
			"This safety desk key is not the one the database's cases were sealed with: give every instance the same CREATORCLUB_SAFETY_KEY (or restore the key file DATA_DIR/safety.key).")
	}
	return nil
}

// safetyKeyFingerprint is what CheckSafetyKey records of a key.
func safetyKeyFingerprint(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("creatorclub safety desk key check v1"))
	return hex.EncodeToString(mac.Sum(nil))
}

// sealedColumns are the safety desk's sealed values: table, column, and
// the purpose each was sealed for. safety_decisions.previous is sealed only
// when it holds a profile text ("bio:" and base64).
var sealedColumns = []struct{ table, column, purpose string }{
	{"safety_messages", "body", sealMessage},
	{"safety_attachments", "name", sealAttName},
	{"safety_attachments", "data", sealAttData},
	{"safety_decisions", "facts", sealFacts},
	{"safety_decisions", "content", sealContent},
	{"safety_appeals", "text", sealAppeal},
	{"safety_appeals", "outcome", sealOutcome},
}

// A Resealer seals again, in the key rotation's transaction tx, values
// sealed with the safety key that live outside the safety desk's tables (the
// desk's queued mail, in the job queue's table). reseal opens a value sealed
// for purpose under the old key and returns it sealed under the new one. A
// Resealer returns how many values it sealed again; its error stops the
// rotation.
type Resealer func(ctx context.Context, tx *sql.Tx, reseal func(sealed []byte, purpose string) ([]byte, error)) (int, error)

// RotateSafetyKey seals every confidential value of the safety desk again
// under newKey, with those of others (see Resealer), in one transaction, and
// records newKey as the key of the database: after it, instances must be
// started with newKey. oldKey must be the key the database was sealed with.
// Nothing changes if any value cannot be opened. It returns how many values
// it sealed again.
func (db *DB) RotateSafetyKey(ctx context.Context, oldKey, newKey []byte, others ...Resealer) (int, error) {
	oldSeal, err := creatorclub.NewSealer(oldKey)
	if err != nil {
		return 0, err
	}
	newSeal, err := creatorclub.NewSealer(newKey)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		var stored string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'safety_key_check'`).Scan(&stored)
		if err != nil && !isNoRows(err) {
			return fmt.Errorf("sqldb: read the safety key's fingerprint: %w", err)
		}
		if err == nil && !hmac.Equal([]byte(stored), []byte(safetyKeyFingerprint(oldKey))) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "The current key is not the one the database's cases were sealed with: nothing was changed.")
		}
		reseal := func(sealed []byte, purpose string) ([]byte, error) {
			plain, err := oldSeal.Open(sealed, purpose)
			if err != nil {
				return nil, err
			}
			return newSeal.Seal(plain, purpose), nil
		}
		for _, c := range sealedColumns {
			k, err := resealColumn(ctx, tx, c.table, c.column, func(v []byte) ([]byte, error) {
				if len(v) == 0 {
					return nil, nil // nothing sealed (no outcome yet)
				}
				return reseal(v, c.purpose)
			})
			if err != nil {
				return err
			}
			n += k
		}
		k, err := resealColumn(ctx, tx, "safety_decisions", "previous", func(v []byte) ([]byte, error) {
			b64, ok := strings.CutPrefix(string(v), "bio:")
			if !ok {
				return nil, nil // a question's previous status: not sealed
			}
			sealed, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				return nil, err
			}
			out, err := reseal(sealed, sealPrevious)
			if err != nil {
				return nil, err
			}
			return []byte("bio:" + base64.StdEncoding.EncodeToString(out)), nil
		})
		if err != nil {
			return err
		}
		n += k
		for _, other := range others {
			k, err := other(ctx, tx, reseal)
			if err != nil {
				return err
			}
			n += k
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('safety_key_check', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, safetyKeyFingerprint(newKey))
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// resealColumn replaces each non-null value of table.column by f's result
// (nil: left as it is) and returns how many it replaced. Values are read one
// at a time: attachments may be large.
func resealColumn(ctx context.Context, tx *sql.Tx, table, column string, f func([]byte) ([]byte, error)) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM `+table+` WHERE `+column+` IS NOT NULL ORDER BY id`)
	if err != nil {
		return 0, fmt.Errorf("sqldb: read %s.%s: %w", table, column, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("sqldb: read %s.%s: %w", table, column, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("sqldb: read %s.%s: %w", table, column, err)
	}
	n := 0
	for _, id := range ids {
		var v []byte
		if err := tx.QueryRowContext(ctx, `SELECT `+column+` FROM `+table+` WHERE id = $1`, id).Scan(&v); err != nil {
			return 0, fmt.Errorf("sqldb: read %s.%s of row %d: %w", table, column, id, err)
		}
		out, err := f(v)
		if err != nil {
			return 0, fmt.Errorf("sqldb: %s.%s of row %d: %w", table, column, id, err)
		}
		if out == nil {
			continue
		}
		var arg any = out
		if column == "previous" {
			arg = string(out) // a text column
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, arg, id); err != nil {
			return 0, fmt.Errorf("sqldb: write %s.%s of row %d: %w", table, column, id, err)
		}
		n++
	}
	return n, nil
}
