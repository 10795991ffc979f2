// Package live fans out changes to the viewers of a topic (an event's
// question boxes) over Server-Sent Events. A topic's changes are read once
// per batch through a Loader, rendered once per class of viewer, and handed
// to every subscriber of that class: the cost of a change does not grow with
// the number of viewers beyond one channel send each.
//
// The hub knows nothing of questions; it orders messages by the ids the
// Loader gives, which are the ids clients resume from (Last-Event-ID).
package live

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Message is one Server-Sent Event for the subscribers of one class ("" for
// every class).
type Message struct {
	ID    int64
	Class string
	Event string // SSE event name
	Data  []byte // one line of JSON
}

// Loader returns the messages of topic after id, in increasing id order,
// and the newest id it has seen (after itself when there is nothing new).
type Loader func(ctx context.Context, topic, after int64) ([]Message, int64, error)

// Hub holds the subscribers of every topic.
type Hub struct {
	load    Loader
	lastID  func(ctx context.Context, topic int64) (int64, error)
	logger  *slog.Logger
	window  time.Duration
	bufSize int
	mu      sync.Mutex
	topics  map[int64]*topic
	closed  bool
}

// NewHub returns a hub reading changes with load; lastID gives a topic's
// newest id when its first viewer arrives. window is how long a batch
// gathers changes before it is read (50–100 ms keeps bursts of votes to a
// few messages per viewer).
func NewHub(load Loader, lastID func(ctx context.Context, topic int64) (int64, error), window time.Duration, logger *slog.Logger) *Hub {
	return &Hub{load: load, lastID: lastID, logger: logger, window: window, bufSize: 32, topics: map[int64]*topic{}}
}

type topic struct {
	id   int64
	subs map[*Subscription]struct{}
	kick chan struct{}
	stop chan struct{}
}

// Subscription receives batches of messages for one topic and class. C is
// closed when the hub drops a subscriber that falls behind; the client then
// reconnects and resumes from its last id.
type Subscription struct {
	C     chan []Message
	Topic int64
	Class string
	hub   *Hub
	once  sync.Once
}

// Subscribe registers a viewer of topic with a class.
func (h *Hub) Subscribe(ctx context.Context, topicID int64, class string) (*Subscription, error) {
	s := &Subscription{C: make(chan []Message, h.bufSize), Topic: topicID, Class: class, hub: h}
	h.mu.Lock()
	t, ok := h.topics[topicID]
	if !ok {
		t = &topic{id: topicID, subs: map[*Subscription]struct{}{}, kick: make(chan struct{}, 1), stop: make(chan struct{})}
		h.topics[topicID] = t
		h.mu.Unlock()
		last, err := h.lastID(ctx, topicID)
		if err != nil {
			h.mu.Lock()
			delete(h.topics, topicID)
			h.mu.Unlock()
			return nil, err
		}
		go h.run(t, last)
		h.mu.Lock()
	}
	t.subs[s] = struct{}{}
	h.mu.Unlock()
	return s, nil
}

// Close unsubscribes.
func (s *Subscription) Close() {
	s.once.Do(func() {
		h := s.hub
		h.mu.Lock()
		defer h.mu.Unlock()
		if t, ok := h.topics[s.Topic]; ok {
			if _, ok := t.subs[s]; ok {
				delete(t.subs, s)
				close(s.C)
			}
			if len(t.subs) == 0 {
				delete(h.topics, s.Topic)
				close(t.stop)
			}
		}
	})
}

// Notify tells the hub that topic changed; it never blocks.
func (h *Hub) Notify(topicID int64) {
	h.mu.Lock()
	t, ok := h.topics[topicID]
	h.mu.Unlock()
	if !ok {
		return
	}
	select {
	case t.kick <- struct{}{}:
	default: // a batch is already due
	}
}

// NotifyAll tells the hub that every topic may have changed (after a lost
// notification connection).
func (h *Hub) NotifyAll() {
	h.mu.Lock()
	ids := make([]int64, 0, len(h.topics))
	for id := range h.topics {
		ids = append(ids, id)
	}
	h.mu.Unlock()
	for _, id := range ids {
		h.Notify(id)
	}
}

// Viewers returns the number of subscribers of a topic.
func (h *Hub) Viewers(topicID int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t, ok := h.topics[topicID]; ok {
		return len(t.subs)
	}
	return 0
}

// run reads and fans out one topic's changes until its last viewer leaves.
func (h *Hub) run(t *topic, last int64) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		select {
		case <-t.stop:
			return
		case <-t.kick:
		}
		// Gather the burst: changes that arrive during the window are read
		// in the same batch.
		timer := time.NewTimer(h.window)
		select {
		case <-t.stop:
			timer.Stop()
			return
		case <-timer.C:
		}
		select {
		case <-t.kick:
		default:
		}
		msgs, newLast, err := h.load(ctx, t.id, last)
		if err != nil {
			h.logger.Error("live: load changes", "topic", t.id, "err", err)
			// Try again at the next change or in a second.
			go func() {
				time.Sleep(time.Second)
				h.Notify(t.id)
			}()
			continue
		}
		last = newLast
		if len(msgs) == 0 {
			continue
		}
		h.broadcast(t, msgs)
	}
}

func (h *Hub) broadcast(t *topic, msgs []Message) {
	byClass := map[string][]Message{}
	classes := map[string]bool{}
	h.mu.Lock()
	for s := range t.subs {
		classes[s.Class] = true
	}
	h.mu.Unlock()
	for c := range classes {
		var batch []Message
		for _, m := range msgs {
			if m.Class == "" || m.Class == c {
				batch = append(batch, m)
			}
		}
		byClass[c] = batch
	}
	var slow []*Subscription
	h.mu.Lock()
	for s := range t.subs {
		batch := byClass[s.Class]
		if len(batch) == 0 {
			continue
		}
		select {
		case s.C <- batch:
		default:
			slow = append(slow, s)
		}
	}
	h.mu.Unlock()
	for _, s := range slow {
		// The viewer cannot keep up: drop it; it reconnects and resumes.
		s.Close()
	}
}
