// Package room gives events their video rooms: unguessable Jitsi room names,
// join links carrying a signed token for self-hosted Jitsi servers with token
// authentication, and checked links to external services (Zoom, Teams,
// Livestorm, Whereby…).
package room

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/creatorclub/creatorclub"
	"github.com/golang-jwt/jwt/v5"
)

// Kinds of room, as stored with an event.
const (
	KindJitsi    = "jitsi"    // a room on the configured Jitsi server, named by NewRoomName
	KindExternal = "external" // an https link to another service, checked by ValidateExternalURL
)

// Defaults applied to a zero Config.
const (
	DefaultJitsiBaseURL = "https://meet.jit.si"
	DefaultTokenTTL     = 3 * time.Hour
)

// Limits on names and links.
const (
	maxSlugLen        = 30
	maxRoomNameLen    = 128
	maxExternalURLLen = 2000
)

// notBeforeSkew is how far in the past a token's nbf is set, because Prosody
// checks nbf with no leeway and the Jitsi server's clock may lag ours.
const notBeforeSkew = time.Minute

// Config says which Jitsi server hosts the rooms and how to sign tokens for it.
type Config struct {
	JitsiBaseURL string        // e.g. "https://meet.jit.si" (the default) or a self-hosted "https://visio.example.org"
	JitsiAppID   string        // the app id of Prosody's token authentication; empty: no token
	JitsiSecret  string        // the HS256 secret shared with the self-hosted Jitsi server
	TokenTTL     time.Duration // how long a join token stays valid; zero: DefaultTokenTTL
}

// Participant is the person who joins a room.
type Participant struct {
	ID        int64
	Name      string
	Email     string
	Moderator bool
}

// Errors shown to the person who typed an external link. Their messages are
// translation ids of the web package.
var (
	ErrExternalURLInvalid     = creatorclub.Errorf(creatorclub.EINVALID, "room_url_invalid")
	ErrExternalURLTooLong     = creatorclub.Errorf(creatorclub.EINVALID, "room_url_too_long")
	ErrExternalURLNotHTTPS    = creatorclub.Errorf(creatorclub.EINVALID, "room_url_not_https")
	ErrExternalURLCredentials = creatorclub.Errorf(creatorclub.EINVALID, "room_url_credentials")
)

// NewRoomName returns an unguessable Jitsi room name: a readable prefix made
// from title (lower-case ASCII letters, digits and hyphens, accents removed, at
// most 30 characters), a hyphen, and 26 random characters from crypto/rand
// (128 bits), for example "sante-mentale-createurs-k3f9x…". With a title that
// has no letter or digit, the name is the random part alone. The name needs no
// escaping in a URL path.
func NewRoomName(title string) string {
	random := strings.ToLower(rand.Text()) // base32: a-z and 2-7
	if slug := slugify(title); slug != "" {
		return slug + "-" + random
	}
	return random
}

// slugify lowercases title, removes its accents, keeps ASCII letters and
// digits, joins the words with single hyphens and cuts the result to
// maxSlugLen characters without leaving a hyphen at either end.
func slugify(title string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range creatorclub.Fold(title) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
			continue
		}
		pendingHyphen = true
	}
	slug := b.String()
	if len(slug) > maxSlugLen {
		slug = strings.TrimRight(slug[:maxSlugLen], "-")
	}
	return slug
}

// validRoomName reports whether name is a room name this package can put in
// a URL path and a token: 1 to 128 lower-case ASCII letters, digits, hyphens
// or underscores. Jitsi lowercases room names, so upper case would make the
// token's room claim disagree with the room joined.
func validRoomName(name string) bool {
	if name == "" || len(name) > maxRoomNameLen {
		return false
	}
	for _, r := range name {
		if !(('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Validate checks the configuration: the Jitsi base URL is an absolute http
// or https URL with a host and no query or fragment, the app id and the
// secret are both set or both empty, and the token lifetime is not negative.
// It is meant to be called at start-up; JoinURL calls it too.
func (c Config) Validate() error {
	if _, err := c.baseURL(); err != nil {
		return err
	}
	if (c.JitsiAppID == "") != (c.JitsiSecret == "") {
		return errors.New("room: config: the Jitsi app id and secret must be set together")
	}
	if c.TokenTTL < 0 {
		return fmt.Errorf("room: config: negative token lifetime %s", c.TokenTTL)
	}
	return nil
}

// baseURL parses the Jitsi base URL, or the default when it is empty.
func (c Config) baseURL() (*url.URL, error) {
	raw := c.JitsiBaseURL
	if raw == "" {
		raw = DefaultJitsiBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("room: config: Jitsi base URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("room: config: Jitsi base URL %q is not an http(s) URL with a host and nothing after the path", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func (c Config) tokenTTL() time.Duration {
	if c.TokenTTL == 0 {
		return DefaultTokenTTL
	}
	return c.TokenTTL
}

// JoinURL returns the URL p opens to join a room. For KindJitsi, roomOrURL is
// a room name and the URL is the base URL, the room name, a ?jwt= token when
// an app id and a secret are configured, and the display name in the fragment
// (#userInfo.displayName="…", read by Jitsi servers without tokens). For
// KindExternal, roomOrURL is returned unchanged once ValidateExternalURL
// accepts it. It returns an error for an unknown kind, an invalid room name
// or link, or an invalid Config.
func (c Config) JoinURL(kind string, roomOrURL string, p Participant, now time.Time) (string, error) {
	switch kind {
	case KindExternal:
		if err := ValidateExternalURL(roomOrURL); err != nil {
			return "", err
		}
		return roomOrURL, nil
	case KindJitsi:
		return c.jitsiJoinURL(roomOrURL, p, now)
	}
	return "", fmt.Errorf("room: join: unknown room kind %q", kind)
}

func (c Config) jitsiJoinURL(room string, p Participant, now time.Time) (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	if !validRoomName(room) {
		return "", fmt.Errorf("room: join: invalid Jitsi room name %q", room)
	}
	base, err := c.baseURL()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(base.String())
	b.WriteByte('/')
	b.WriteString(room) // validRoomName allows only characters that need no escaping
	if c.JitsiAppID != "" {
		token, err := c.jitsiToken(base.Hostname(), room, p, now)
		if err != nil {
			return "", err
		}
		b.WriteString("?jwt=")
		b.WriteString(token) // base64url and dots: nothing to escape
	}
	if name := strings.TrimSpace(p.Name); name != "" {
		js, err := json.Marshal(name)
		if err != nil {
			return "", fmt.Errorf("room: join: display name: %w", err)
		}
		b.WriteString("#userInfo.displayName=")
		b.WriteString(encodeURIComponent(string(js)))
	}
	return b.String(), nil
}

// encodeURIComponent escapes s like JavaScript's function of that name, which
// Jitsi reverses on each fragment parameter: url.QueryEscape would leave a
// "+" for a space, which decodeURIComponent does not turn back.
func encodeURIComponent(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// jitsiClaims is the payload of a Jitsi token, in the format read by Prosody's
// token authentication (mod_auth_token). It does not use jwt.RegisteredClaims
// because that type writes "aud" as an array, which Prosody does not accept.
type jitsiClaims struct {
	Issuer    string           `json:"iss"`
	Audience  string           `json:"aud"`
	Subject   string           `json:"sub"`
	Room      string           `json:"room"`
	IssuedAt  *jwt.NumericDate `json:"iat"`
	NotBefore *jwt.NumericDate `json:"nbf"`
	ExpiresAt *jwt.NumericDate `json:"exp"`
	Context   jitsiContext     `json:"context"`
}

type jitsiContext struct {
	User jitsiUser `json:"user"`
}

type jitsiUser struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email,omitempty"`
	Moderator   bool   `json:"moderator"`
	Affiliation string `json:"affiliation"` // "owner" for moderators, else "member"
}

// GetExpirationTime implements jwt.Claims.
func (c jitsiClaims) GetExpirationTime() (*jwt.NumericDate, error) { return c.ExpiresAt, nil }

// GetIssuedAt implements jwt.Claims.
func (c jitsiClaims) GetIssuedAt() (*jwt.NumericDate, error) { return c.IssuedAt, nil }

// GetNotBefore implements jwt.Claims.
func (c jitsiClaims) GetNotBefore() (*jwt.NumericDate, error) { return c.NotBefore, nil }

// GetIssuer implements jwt.Claims.
func (c jitsiClaims) GetIssuer() (string, error) { return c.Issuer, nil }

// GetSubject implements jwt.Claims.
func (c jitsiClaims) GetSubject() (string, error) { return c.Subject, nil }

// GetAudience implements jwt.Claims.
func (c jitsiClaims) GetAudience() (jwt.ClaimStrings, error) {
	return jwt.ClaimStrings{c.Audience}, nil
}

// jitsiToken returns an HS256 token letting p into room on the Jitsi server
// at domain from now until now plus the token lifetime.
func (c Config) jitsiToken(domain, room string, p Participant, now time.Time) (string, error) {
	affiliation := "member"
	if p.Moderator {
		affiliation = "owner"
	}
	claims := jitsiClaims{
		Issuer:    c.JitsiAppID,
		Audience:  "jitsi",
		Subject:   domain,
		Room:      room,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-notBeforeSkew)),
		ExpiresAt: jwt.NewNumericDate(now.Add(c.tokenTTL())),
		Context: jitsiContext{User: jitsiUser{
			ID:          strconv.FormatInt(p.ID, 10),
			Name:        p.Name,
			Email:       p.Email,
			Moderator:   p.Moderator,
			Affiliation: affiliation,
		}},
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(c.JitsiSecret))
	if err != nil {
		return "", fmt.Errorf("room: sign Jitsi token for room %q: %w", room, err)
	}
	return token, nil
}

// ValidateExternalURL accepts a link to an external video service: an https
// URL with a host, no user name or password, at most 2,000 characters. The
// error it returns otherwise wraps one of the ErrExternalURL… values, whose
// code is creatorclub.EINVALID; it never repeats the link, which may hold a
// password. Callers trim the white space around a pasted link first.
func ValidateExternalURL(raw string) error {
	if len(raw) > maxExternalURLLen {
		return fmt.Errorf("room: external link of %d characters (at most %d): %w", len(raw), maxExternalURLLen, ErrExternalURLTooLong)
	}
	if raw == "" {
		return fmt.Errorf("room: external link is empty: %w", ErrExternalURLInvalid)
	}
	if strings.ContainsFunc(raw, unicode.IsSpace) {
		return fmt.Errorf("room: external link contains white space: %w", ErrExternalURLInvalid)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// The url.Error quotes the link; keep only the reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("room: external link does not parse (%v): %w", err, ErrExternalURLInvalid)
	}
	if u.Scheme != "https" {
		return fmt.Errorf("room: external link has scheme %q, not https: %w", u.Scheme, ErrExternalURLNotHTTPS)
	}
	if u.User != nil {
		return fmt.Errorf("room: external link contains credentials: %w", ErrExternalURLCredentials)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return fmt.Errorf("room: external link has no host: %w", ErrExternalURLInvalid)
	}
	return nil
}
