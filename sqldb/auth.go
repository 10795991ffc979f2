package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/creatorclub/creatorclub"
)

// CreateSignInToken stores the hash of a new single-use token for the user and
// returns the token. Older unused tokens of the user stay valid until they
// expire, so that two quick requests do not invalidate the first mail.
func (db *DB) CreateSignInToken(ctx context.Context, userID int64) (string, error) {
	token, hash := creatorclub.NewSignInToken()
	now := db.now()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		// Keep the table small: forget tokens that expired a day ago.
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_tokens WHERE expires_at < $1`, now.Add(-24*creatorclub.SignInTokenTTL)); err != nil {
			return fmt.Errorf("sqldb: purge tokens: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO signin_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, userID, now, now.Add(creatorclub.SignInTokenTTL))
		if err != nil {
			return fmt.Errorf("sqldb: create sign-in token: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RedeemSignInToken marks the token used and returns its user. The UPDATE is
// conditional on the token being unused and unexpired, so two concurrent
// redemptions cannot both succeed.
func (db *DB) RedeemSignInToken(ctx context.Context, token string) (*creatorclub.User, error) {
	invalid := creatorclub.Errorf(creatorclub.EUNAUTHORIZED, "token_invalid")
	if token == "" || len(token) > 200 {
		return nil, invalid
	}
	now := db.now()
	var userID int64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE signin_tokens SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id`,
			now, creatorclub.HashToken(token), now).Scan(&userID)
		if isNoRows(err) {
			return invalid
		} else if err != nil {
			return fmt.Errorf("sqldb: redeem token: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET last_sign_in_at = $1 WHERE id = $2`, now, userID)
		if err != nil {
			return fmt.Errorf("sqldb: stamp sign-in: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	u, err := db.FindUserByID(ctx, userID)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
		return nil, invalid
	}
	return u, err
}
