package web

import (
	"bytes"
	"reflect"

	"github.com/alexedwards/scs/v2"
)

// sameSession reports whether two encodings of session data hold the same
// deadline and values: the gob codec writes a map's keys in any order, so
// equal sessions are not always equal bytes.
func sameSession(codec scs.Codec) func(a, b []byte) bool {
	return func(a, b []byte) bool {
		if bytes.Equal(a, b) {
			return true
		}
		da, va, err := codec.Decode(a)
		if err != nil {
			return false
		}
		db, vb, err := codec.Decode(b)
		if err != nil {
			return false
		}
		return da.Equal(db) && reflect.DeepEqual(va, vb)
	}
}
