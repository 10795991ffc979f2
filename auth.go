package creatorclub

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// SignInTokenTTL is how long a sign-in link stays valid.
const SignInTokenTTL = 15 * time.Minute

// NewSignInToken returns a fresh random token to put in a sign-in link and the
// hash under which it is stored. Only the hash is ever stored.
func NewSignInToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never returns an error (crypto/rand, Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the hex SHA-256 of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AuthService issues and redeems single-use sign-in tokens.
type AuthService interface {
	// CreateSignInToken stores the hash of a new token for the user and returns
	// the token, valid SignInTokenTTL from now.
	CreateSignInToken(ctx context.Context, userID int64) (string, error)
	// RedeemSignInToken marks the token used and returns its user. It returns
	// EUNAUTHORIZED if the token is unknown, expired or already used.
	RedeemSignInToken(ctx context.Context, token string) (*User, error)
}
