package ingest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLineParser checks the schema-specific parser against encoding/json:
// it never accepts invalid JSON, and on valid objects it reads the same
// fields.
func FuzzLineParser(f *testing.F) {
	for _, s := range []string{
		`{"id":"p1","platform":"instagram","published_at":"2023-05-01","text":"a\"b\\c\u00e9\ud83c\udf89\n","hashtags":["a","b"],"paid_partnership":true,"certified":null}`,
		`{"id":12.5e3,"x":{"y":[1,-0.5,true,false,null,{"z":"w"}]},"links":[]}`,
		`{"id":"1","text":"\ud800 lone"}`,
		`{"id":"1",}`, `{"id":01}`, `{"id":"1"} x`, `{"hashtags":[1]}`, `{"text":"tab	in"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var mine jsonPost
		lp := lineParser{s: s}
		err := lp.parse(&mine)
		valid := json.Valid([]byte(s))
		if err == nil && !valid {
			t.Fatalf("accepted invalid JSON %q", s)
		}
		if !valid || !utf8.ValidString(s) || strings.TrimSpace(s) == "" || strings.TrimLeft(s, " \t\r\n")[0] != '{' {
			return
		}
		var m map[string]any
		if json.Unmarshal([]byte(s), &m) != nil {
			return
		}
		for k := range m {
			for _, f := range csvFields {
				if k != f && strings.EqualFold(k, f) {
					return // encoding/json matches field names case-insensitively
				}
			}
		}
		var std jsonPost
		stdErr := json.Unmarshal([]byte(s), &std)
		if (stdErr == nil) != (err == nil) {
			t.Fatalf("%q: encoding/json error %v, ours %v", s, stdErr, err)
		}
		for _, j := range []*jsonPost{&mine, &std} { // [] and null mean the same
			for _, l := range []*[]string{&j.Hashtags, &j.Mentions, &j.Links} {
				if len(*l) == 0 {
					*l = nil
				}
			}
		}
		if err == nil && !reflect.DeepEqual(mine, std) {
			t.Fatalf("%q:\nours %+v\nstd  %+v", s, mine, std)
		}
	})
}
