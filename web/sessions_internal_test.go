package web

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSameSessionIgnoresKeyOrder(t *testing.T) {
	codec := scs.GobCodec{}
	same := sameSession(codec)
	deadline := time.Now().Add(time.Hour)
	values := map[string]any{"user_id": int64(7), "epoch": int64(2), "lang": "fr"}
	first, _ := codec.Encode(deadline, values)
	for range 20 { // the encoder walks the map in a new order each time
		again, _ := codec.Encode(deadline, values)
		if !same(first, again) {
			t.Fatal("the same session compared different")
		}
	}
	for name, v := range map[string]map[string]any{
		"changed value": {"user_id": int64(8), "epoch": int64(2), "lang": "fr"},
		"removed key":   {"user_id": int64(7), "epoch": int64(2)},
	} {
		other, _ := codec.Encode(deadline, v)
		if same(first, other) {
			t.Fatalf("%s compared the same", name)
		}
	}
	later, _ := codec.Encode(deadline.Add(time.Second), values)
	if same(first, later) || same(first, []byte("not gob")) {
		t.Fatal("another deadline or garbage compared the same")
	}
}
