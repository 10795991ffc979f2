package room

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/golang-jwt/jwt/v5"
)

var roomNameRE = regexp.MustCompile(`^(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?[a-z2-7]{26}$`)

func TestNewRoomNameUniqueAndWellFormed(t *testing.T) {
	t.Parallel()
	seen := make(map[string]bool, 10000)
	for range 10000 {
		name := NewRoomName("Masterclass")
		if seen[name] {
			t.Fatalf("NewRoomName repeated %q", name)
		}
		seen[name] = true
		if !roomNameRE.MatchString(name) {
			t.Fatalf("NewRoomName = %q, want slug, hyphen, 26 of [a-z2-7]", name)
		}
		if !strings.HasPrefix(name, "masterclass-") {
			t.Fatalf("NewRoomName = %q, want prefix masterclass-", name)
		}
		if !validRoomName(name) {
			t.Fatalf("NewRoomName = %q, which JoinURL would refuse", name)
		}
		if url.PathEscape(name) != name {
			t.Fatalf("NewRoomName = %q needs escaping in a URL path", name)
		}
	}
}

func TestNewRoomNameSlug(t *testing.T) {
	t.Parallel()
	tests := []struct {
		title, prefix string
	}{
		{"Santé mentale & créateurs", "sante-mentale-createurs-"},
		{"  Œuvres  d'art — L'ÉTÉ 2025 !", "oeuvres-d-art-l-ete-2025-"},
		{"Réunion trimestrielle des créateurs certifiés", "reunion-trimestrielle-des-crea-"},
		{"Réunion trimestrielle des abc defgh", "reunion-trimestrielle-des-abc-"}, // cut on a hyphen
		{"Publicité: où sont les limites", "publicite-ou-sont-les-limites-"},
		{"¿¡…!?", ""},
		{"", ""},
		{"日本語 talk", "talk-"},
	}
	for _, tt := range tests {
		name := NewRoomName(tt.title)
		if !strings.HasPrefix(name, tt.prefix) {
			t.Errorf("NewRoomName(%q) = %q, want prefix %q", tt.title, name, tt.prefix)
		}
		random := strings.TrimPrefix(name, tt.prefix)
		if len(random) != 26 || strings.Contains(random, "-") {
			t.Errorf("NewRoomName(%q) = %q: random part %q is not 26 characters", tt.title, name, random)
		}
		if slug := strings.TrimSuffix(tt.prefix, "-"); len(slug) > maxSlugLen {
			t.Fatalf("bad test: prefix %q longer than %d", slug, maxSlugLen)
		}
		if !roomNameRE.MatchString(name) {
			t.Errorf("NewRoomName(%q) = %q, malformed", tt.title, name)
		}
	}
}

func TestJoinURLWithoutToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)
	p := Participant{ID: 42, Name: "Éloïse \"Lou\" Martin & co", Email: "lou@example.org"}
	for _, base := range []string{"", "https://visio.example.org/", "https://visio.example.org/club"} {
		c := Config{JitsiBaseURL: base}
		got, err := c.JoinURL(KindJitsi, "sante-mentale-abcdefghijklmnopqrstuvwxyz", p, now)
		if err != nil {
			t.Fatalf("JoinURL with base %q: %v", base, err)
		}
		wantBase := strings.TrimRight(base, "/")
		if base == "" {
			wantBase = "https://meet.jit.si"
		}
		if want := wantBase + "/sante-mentale-abcdefghijklmnopqrstuvwxyz#"; !strings.HasPrefix(got, want) {
			t.Errorf("JoinURL = %q, want prefix %q", got, want)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("JoinURL = %q does not parse: %v", got, err)
		}
		if u.RawQuery != "" || strings.Contains(got, "jwt") {
			t.Errorf("JoinURL without a secret = %q, has a token", got)
		}
		// Jitsi splits the fragment on "&" and decodes each value with
		// decodeURIComponent: neither "&" nor "+" may appear raw.
		frag := got[strings.Index(got, "#")+1:]
		if strings.ContainsAny(frag, "&+ \"") {
			t.Errorf("fragment %q is not encoded like encodeURIComponent", frag)
		}
		want := `userInfo.displayName="Éloïse \"Lou\" Martin \u0026 co"`
		if dec, err := url.PathUnescape(frag); err != nil || dec != want {
			t.Errorf("fragment decodes to %q (%v), want %q", dec, err, want)
		}
	}
}

func TestJoinURLOmitsEmptyName(t *testing.T) {
	t.Parallel()
	got, err := Config{}.JoinURL(KindJitsi, "room-abc", Participant{ID: 1}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got != "https://meet.jit.si/room-abc" {
		t.Errorf("JoinURL = %q, want no fragment", got)
	}
}

func TestJoinURLToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)
	const room = "sante-mentale-abcdefghijklmnopqrstuvwxyz"
	const secret = "a-long-shared-secret-for-prosody-token-auth"
	for _, tc := range []struct {
		name string
		ttl  time.Duration
		want time.Duration
		mod  bool
	}{
		{"member, default lifetime", 0, 3 * time.Hour, false},
		{"moderator, 90 minutes", 90 * time.Minute, 90 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Config{JitsiBaseURL: "https://visio.example.org:8443", JitsiAppID: "creatorclub", JitsiSecret: secret, TokenTTL: tc.ttl}
			p := Participant{ID: 42, Name: "Éloïse Martin", Email: "eloise@example.org", Moderator: tc.mod}
			got, err := c.JoinURL(KindJitsi, room, p, now)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "https" || u.Host != "visio.example.org:8443" || u.Path != "/"+room {
				t.Errorf("JoinURL = %q, wrong room address", got)
			}
			if !strings.HasPrefix(u.Fragment, "userInfo.displayName=") {
				t.Errorf("JoinURL = %q, want the display name in the fragment too", got)
			}
			raw := u.Query().Get("jwt")
			if raw == "" {
				t.Fatalf("JoinURL = %q has no jwt", got)
			}

			claims := jwt.MapClaims{}
			tok, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
				jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }),
				jwt.WithIssuer("creatorclub"), jwt.WithAudience("jitsi"), jwt.WithSubject("visio.example.org"),
				jwt.WithIssuedAt(), jwt.WithExpirationRequired())
			if err != nil {
				t.Fatalf("parse token: %v", err)
			}
			if tok.Header["alg"] != "HS256" {
				t.Errorf("alg = %v", tok.Header["alg"])
			}
			// Prosody compares "aud" as a string; an array would be refused.
			if claims["aud"] != "jitsi" {
				t.Errorf("aud = %#v, want the string \"jitsi\"", claims["aud"])
			}
			if claims["iss"] != "creatorclub" || claims["sub"] != "visio.example.org" || claims["room"] != room {
				t.Errorf("iss, sub, room = %v, %v, %v", claims["iss"], claims["sub"], claims["room"])
			}
			for name, want := range map[string]time.Time{
				"iat": now, "nbf": now.Add(-notBeforeSkew), "exp": now.Add(tc.want),
			} {
				if v, ok := claims[name].(float64); !ok || int64(v) != want.Unix() {
					t.Errorf("%s = %v, want %d", name, claims[name], want.Unix())
				}
			}
			ctx, _ := claims["context"].(map[string]any)
			user, _ := ctx["user"].(map[string]any)
			if user == nil {
				t.Fatalf("no context.user in %v", claims)
			}
			wantAff := "member"
			if tc.mod {
				wantAff = "owner"
			}
			if user["id"] != "42" || user["name"] != "Éloïse Martin" || user["email"] != "eloise@example.org" ||
				user["moderator"] != tc.mod || user["affiliation"] != wantAff {
				t.Errorf("context.user = %#v, want id 42, name, email, moderator %v, affiliation %s", user, tc.mod, wantAff)
			}

			_, err = jwt.Parse(raw, func(*jwt.Token) (any, error) { return []byte("not-the-secret"), nil },
				jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }))
			if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
				t.Errorf("token verified with the wrong secret: err = %v, want ErrTokenSignatureInvalid", err)
			}
			_, err = jwt.Parse(raw, func(*jwt.Token) (any, error) { return []byte(secret), nil },
				jwt.WithTimeFunc(func() time.Time { return now.Add(tc.want + time.Second) }))
			if !errors.Is(err, jwt.ErrTokenExpired) {
				t.Errorf("token used after its lifetime: err = %v, want ErrTokenExpired", err)
			}
		})
	}
}

func TestJoinURLErrors(t *testing.T) {
	t.Parallel()
	now := time.Now()
	p := Participant{ID: 1, Name: "A"}
	tests := []struct {
		name string
		c    Config
		kind string
		room string
	}{
		{"unknown kind", Config{}, "zoom", "room"},
		{"room with slash", Config{}, KindJitsi, "a/../b"},
		{"room with query", Config{}, KindJitsi, "a?jwt=x"},
		{"upper-case room", Config{}, KindJitsi, "Room"},
		{"empty room", Config{}, KindJitsi, ""},
		{"app id without secret", Config{JitsiAppID: "x"}, KindJitsi, "room"},
		{"secret without app id", Config{JitsiSecret: "x"}, KindJitsi, "room"},
		{"negative lifetime", Config{TokenTTL: -time.Second}, KindJitsi, "room"},
		{"base URL not http", Config{JitsiBaseURL: "ftp://visio.example.org"}, KindJitsi, "room"},
		{"base URL without host", Config{JitsiBaseURL: "https:///x"}, KindJitsi, "room"},
		{"base URL with query", Config{JitsiBaseURL: "https://visio.example.org/?a=b"}, KindJitsi, "room"},
		{"bad external link", Config{}, KindExternal, "javascript:alert(1)"},
	}
	for _, tt := range tests {
		if got, err := tt.c.JoinURL(tt.kind, tt.room, p, now); err == nil {
			t.Errorf("%s: JoinURL = %q, want an error", tt.name, got)
		} else if !strings.HasPrefix(err.Error(), "room: ") {
			t.Errorf("%s: error %q lacks the package prefix", tt.name, err)
		}
	}
}

func TestExternalURL(t *testing.T) {
	t.Parallel()
	zoom := "https://us02web.zoom.us/j/81234567890?pwd=bWVldGluZ3Bhc3N3b3Jk"
	if err := ValidateExternalURL(zoom); err != nil {
		t.Errorf("ValidateExternalURL(zoom link): %v", err)
	}
	got, err := Config{JitsiAppID: "x", JitsiSecret: "y"}.JoinURL(KindExternal, zoom, Participant{Name: "A", Moderator: true}, time.Now())
	if err != nil || got != zoom {
		t.Errorf("JoinURL(external) = %q, %v; want the link unchanged", got, err)
	}
	for _, ok := range []string{
		"https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d",
		"https://app.livestorm.co/club/masterclass",
		"https://whereby.com/club-des-createurs",
		"HTTPS://Example.org",
	} {
		if err := ValidateExternalURL(ok); err != nil {
			t.Errorf("ValidateExternalURL(%q): %v", ok, err)
		}
	}

	tests := []struct {
		raw  string
		want error
	}{
		{"http://zoom.us/j/1", ErrExternalURLNotHTTPS},
		{"javascript:alert(document.cookie)", ErrExternalURLNotHTTPS},
		{"JavaScript://zoom.us/%0aalert(1)", ErrExternalURLNotHTTPS},
		{"data:text/html,<script>alert(1)</script>", ErrExternalURLNotHTTPS},
		{"//zoom.us/j/1", ErrExternalURLNotHTTPS},
		{"zoom.us/j/1", ErrExternalURLNotHTTPS},
		{"https://", ErrExternalURLInvalid},
		{"https:///j/1", ErrExternalURLInvalid},
		{"https:zoom.us/j/1", ErrExternalURLInvalid},
		{"https://:443/j/1", ErrExternalURLInvalid},
		{"https://user:s3cret@zoom.us/j/1", ErrExternalURLCredentials},
		{"https://user@zoom.us/j/1", ErrExternalURLCredentials},
		{"https://zoom.us/j/1\nSet-Cookie: x", ErrExternalURLInvalid},
		{" https://zoom.us/j/1", ErrExternalURLInvalid},
		{"https://zoom us/j/1", ErrExternalURLInvalid},
		{"https://zoom.us/%zz", ErrExternalURLInvalid},
		{"", ErrExternalURLInvalid},
		{"https://zoom.us/j/" + strings.Repeat("1", 2000), ErrExternalURLTooLong},
	}
	for _, tt := range tests {
		err := ValidateExternalURL(tt.raw)
		if !errors.Is(err, tt.want) {
			t.Errorf("ValidateExternalURL(%q) = %v, want %v", tt.raw, err, tt.want)
			continue
		}
		if creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("ValidateExternalURL(%q): code %q, want invalid", tt.raw, creatorclub.ErrorCode(err))
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("ValidateExternalURL error %q repeats the password", err)
		}
	}
	// Exactly at the limit is fine.
	long := "https://zoom.us/j/"
	long += strings.Repeat("1", maxExternalURLLen-len(long))
	if err := ValidateExternalURL(long); err != nil {
		t.Errorf("ValidateExternalURL(2000 characters): %v", err)
	}
}
