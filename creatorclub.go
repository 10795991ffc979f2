// Package creatorclub holds the domain of the creators' club: members and their
// certification, roles, the roster, sign-in tokens and the audit log. It imports
// only the standard library; storage, web and mail live in subpackages.
package creatorclub

import (
	"errors"
	"fmt"
)

// Error codes of the application. Each maps to one HTTP status in the web package.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMIT    = "rate_limited"
)

// Error is the application error: a machine-readable code and a message safe to
// show to the user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("creatorclub error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Languages the club speaks, French first: its interface is translated into
// each of them, and its own content (courses) may be written in any of them.
var Languages = []string{LanguageFrench, LanguageEnglish}

// Language codes (BCP 47), as they appear in an HTML lang attribute.
const (
	LanguageFrench  = "fr"
	LanguageEnglish = "en"
)

// IsLanguage reports whether l is one of Languages.
func IsLanguage(l string) bool {
	for _, x := range Languages {
		if x == l {
			return true
		}
	}
	return false
}
