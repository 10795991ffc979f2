package sqldb

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

// CheckSafetyKey makes sure every instance seals the safety desk's data with
// the same key. The first start records a fingerprint of the key in the
// settings (an HMAC-SHA-256 of a fixed label under the key, which reveals
// nothing of it); every later start compares. A server given another key —
// a second instance that generated its own, or a lost key file replaced by a
// new one — is stopped before it writes anything it could not read back.
func (db *DB) CheckSafetyKey(ctx context.Context, key []byte) error {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("creatorclub safety desk key check v1"))
	fp := hex.EncodeToString(mac.Sum(nil))
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
