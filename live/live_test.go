package live_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/live"
)

// fakeLog is an append-only log of messages per topic.
type fakeLog struct {
	mu    sync.Mutex
	msgs  []live.Message
	loads int
}

func (f *fakeLog) add(class string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := int64(len(f.msgs) + 1)
	f.msgs = append(f.msgs, live.Message{ID: id, Class: class, Event: "q", Data: []byte(fmt.Sprint(id))})
	return id
}

func (f *fakeLog) load(_ context.Context, _, after int64) ([]live.Message, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads++
	if int(after) >= len(f.msgs) {
		return nil, after, nil
	}
	return append([]live.Message(nil), f.msgs[after:]...), int64(len(f.msgs)), nil
}

func (f *fakeLog) last(context.Context, int64) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.msgs)), nil
}

func newHub(f *fakeLog) *live.Hub {
	return live.NewHub(f.load, f.last, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// receive reads n messages from s's channel and returns them, from the log.
func (f *fakeLog) receive(t *testing.T, s *live.Subscription, n int) []live.Message {
	t.Helper()
	var got []live.Message
	deadline := time.After(3 * time.Second)
	for len(got) < n {
		select {
		case batch, ok := <-s.C:
			if !ok {
				t.Fatal("subscription closed")
			}
			f.mu.Lock()
			for _, id := range batch.IDs() {
				got = append(got, f.msgs[id-1])
			}
			f.mu.Unlock()
		case <-deadline:
			t.Fatalf("got %d messages, want %d", len(got), n)
		}
	}
	return got
}

func TestHubDeliversInOrderPerClass(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	f.add("public") // before anyone watches: not delivered live
	pub, err := h.Subscribe(context.Background(), 1, "public")
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	staff, _ := h.Subscribe(context.Background(), 1, "staff")
	defer staff.Close()
	for i := 0; i < 10; i++ {
		f.add("public")
		f.add("staff")
		f.add("") // for everyone
		h.Notify(1)
	}
	got := f.receive(t, pub, 20)
	for i := 1; i < len(got); i++ {
		if got[i].ID <= got[i-1].ID {
			t.Fatal("out of order")
		}
	}
	for _, m := range got {
		if m.Class == "staff" || m.ID == 1 {
			t.Fatalf("public viewer got %+v", m)
		}
	}
	if got := f.receive(t, staff, 20); got[0].ID != 3 {
		t.Fatalf("staff first message %d", got[0].ID)
	}
	// Bursts are read in few batches, not once per change.
	f.mu.Lock()
	loads := f.loads
	f.mu.Unlock()
	if loads > 10 {
		t.Fatalf("%d loads for a burst of 10 notifications", loads)
	}
}

func TestHubDropsSlowViewers(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	slow, _ := h.Subscribe(context.Background(), 7, "public")
	fast, _ := h.Subscribe(context.Background(), 7, "public")
	defer fast.Close()
	done := make(chan int)
	go func() {
		n := 0
		for batch := range fast.C {
			n += len(batch.IDs())
			if n >= 60 {
				break
			}
		}
		done <- n
	}()
	// More batches than a viewer's buffer holds.
	for i := 0; i < 60; i++ {
		f.add("public")
		h.Notify(7)
		time.Sleep(30 * time.Millisecond)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the fast viewer was held up by the slow one")
	}
	// The slow viewer, which never read, was dropped: its channel is closed.
	deadline := time.After(3 * time.Second)
	for {
		select {
		case _, ok := <-slow.C:
			if !ok {
				if h.Viewers(7) != 1 {
					t.Fatalf("%d viewers left", h.Viewers(7))
				}
				return
			}
		case <-deadline:
			t.Fatal("slow viewer not dropped")
		}
	}
}

func TestHubStopsWithLastViewer(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	s, _ := h.Subscribe(context.Background(), 3, "public")
	s.Close()
	s.Close() // twice is harmless
	if h.Viewers(3) != 0 {
		t.Fatal("viewer still counted")
	}
	h.Notify(3) // no topic: nothing happens
	s2, _ := h.Subscribe(context.Background(), 3, "public")
	defer s2.Close()
	f.add("public")
	h.Notify(3)
	if got := f.receive(t, s2, 1); got[0].ID != 1 {
		t.Fatalf("after resubscribing: %+v", got)
	}
}
