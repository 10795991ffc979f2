// Package live fans out changes to the viewers of a topic (an event's
// question boxes) over Server-Sent Events. A topic's changes are read once
// per batch through a Loader and rendered once per class of viewer into a
// Frame, the bytes of the batch's events; every viewer of that class gets the
// same bytes.
//
// A viewer is served in one of two ways. By default its handler reads the
// frames from the subscription's channel and writes them itself (the
// http.Flusher path, which works over HTTP/2). A handler that can take the
// connection over (HTTP/1.1) attaches it to the subscription instead: the
// hub then writes the frames to the socket itself, and neither the handler's
// goroutine nor net/http's buffers stay behind for an idle viewer.
//
// The hub knows nothing of questions; it orders messages by the ids the
// Loader gives, which are the ids clients resume from (Last-Event-ID).
package live

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
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

// ErrClosed is returned by Subscribe once the hub is closed.
var ErrClosed = errors.New("live: hub closed")

// Hub holds the subscribers of every topic.
type Hub struct {
	// PingInterval is how often attached viewers get a keep-alive comment
	// and are checked for a closed connection (25 s by default).
	PingInterval time.Duration
	// WriteTimeout bounds a blocked write to an attached viewer (10 s).
	WriteTimeout time.Duration
	// MaxPending is how many bytes an attached viewer may have waiting
	// behind a full socket before it is dropped (256 KiB); it then
	// reconnects and resumes from its last id.
	MaxPending int
	// The fields above are read when a topic starts: set them before the
	// first Subscribe.

	load    Loader
	lastID  func(ctx context.Context, topic int64) (int64, error)
	logger  *slog.Logger
	window  time.Duration
	bufSize int
	viewers atomic.Int64

	mu     sync.Mutex // guards topics and closed; taken before a topic's mu
	topics map[int64]*topic
	closed bool
}

// NewHub returns a hub reading changes with load; lastID gives a topic's
// newest id when its first viewer arrives. window is the shortest time
// between two batches of a topic: a change after a quiet spell goes out at
// once, and the changes that follow it within the window are read together
// in the next batch (50–100 ms keeps bursts of votes to a few messages per
// viewer).
func NewHub(load Loader, lastID func(ctx context.Context, topic int64) (int64, error), window time.Duration, logger *slog.Logger) *Hub {
	return &Hub{
		PingInterval: 25 * time.Second, WriteTimeout: 10 * time.Second, MaxPending: 256 << 10,
		load: load, lastID: lastID, logger: logger, window: window, bufSize: 32, topics: map[int64]*topic{},
	}
}

type topic struct {
	id    int64
	ready chan struct{} // closed once last is known (or err set)
	err   error
	kick  chan struct{}
	stop  chan struct{}

	mu   sync.Mutex // guards subs, sends on and closing of their channels, attaching
	subs map[*Subscription]struct{}
}

// Frame is one batch of messages rendered for one class of viewer: the
// Server-Sent Events, ready to be written as they are.
type Frame struct {
	Data []byte
	ids  []int64 // the id of each event, increasing
	offs []int   // where each event starts in Data
}

// RenderFrame renders the messages meant for class (and those for every
// class) as Server-Sent Events. It returns nil when none is.
func RenderFrame(msgs []Message, class string) *Frame {
	var f *Frame
	for _, m := range msgs {
		if m.Class != "" && m.Class != class {
			continue
		}
		if f == nil {
			f = &Frame{}
		}
		f.ids = append(f.ids, m.ID)
		f.offs = append(f.offs, len(f.Data))
		f.Data = append(f.Data, "id: "...)
		f.Data = strconv.AppendInt(f.Data, m.ID, 10)
		f.Data = append(f.Data, "\nevent: "...)
		f.Data = append(f.Data, m.Event...)
		f.Data = append(f.Data, "\ndata: "...)
		f.Data = append(f.Data, m.Data...)
		f.Data = append(f.Data, "\n\n"...)
	}
	return f
}

// Last returns the id of the frame's last event (0 for a nil frame).
func (f *Frame) Last() int64 {
	if f == nil || len(f.ids) == 0 {
		return 0
	}
	return f.ids[len(f.ids)-1]
}

// IDs returns the ids of the frame's events.
func (f *Frame) IDs() []int64 {
	if f == nil {
		return nil
	}
	return f.ids
}

// After returns the events of the frame whose id is greater than id: a
// viewer that already has some of them (from its backlog) gets the rest.
// Usually that is the whole frame, shared, not copied.
func (f *Frame) After(id int64) []byte {
	if f == nil || f.Last() <= id {
		return nil
	}
	i := 0
	for i < len(f.ids) && f.ids[i] <= id {
		i++
	}
	return f.Data[f.offs[i]:]
}

// Subscription receives the frames of one topic for one class. Until it is
// attached to a connection, frames arrive on C; C is closed when the hub
// drops a subscriber that falls behind, or closes: the client then
// reconnects and resumes from its last id.
type Subscription struct {
	C     <-chan *Frame
	Topic int64
	Class string

	c    chan *Frame
	hub  *Hub
	t    *topic
	once sync.Once

	mu       sync.Mutex // guards what follows
	attached bool
	conn     net.Conn
	raw      rawConn // nil when the connection cannot be written without blocking
	last     int64   // id of the last event written to conn
	pending  []byte  // bytes the socket did not take yet
	writing  bool    // a goroutine is writing pending
	closed   bool
	onClose  []func()
}

// Subscribe registers a viewer of topic with a class.
func (h *Hub) Subscribe(ctx context.Context, topicID int64, class string) (*Subscription, error) {
	c := make(chan *Frame, h.bufSize)
	s := &Subscription{C: c, c: c, Topic: topicID, Class: class, hub: h}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	t, ok := h.topics[topicID]
	if !ok {
		t = &topic{id: topicID, ready: make(chan struct{}), kick: make(chan struct{}, 1), stop: make(chan struct{}),
			subs: map[*Subscription]struct{}{}}
		h.topics[topicID] = t
		go h.start(t)
	}
	// Registered before the topic starts reading: a change made after the
	// caller reads its backlog cannot fall between the two.
	t.mu.Lock()
	t.subs[s] = struct{}{}
	t.mu.Unlock()
	s.t = t
	h.viewers.Add(1)
	h.mu.Unlock()
	select {
	case <-t.ready:
	case <-ctx.Done():
		s.Close()
		return nil, ctx.Err()
	}
	if t.err != nil {
		s.Close()
		return nil, t.err
	}
	return s, nil
}

// start reads the topic's newest id, then runs it.
func (h *Hub) start(t *topic) {
	last, err := h.lastID(context.Background(), t.id)
	if err != nil {
		t.err = err
		close(t.ready)
		h.mu.Lock()
		if h.topics[t.id] == t {
			delete(h.topics, t.id)
		}
		h.mu.Unlock()
		return
	}
	close(t.ready)
	h.run(t, last)
}

// Close unsubscribes, and closes the attached connection. It may be called
// more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		h, t := s.hub, s.t
		h.mu.Lock()
		t.mu.Lock()
		if _, ok := t.subs[s]; ok {
			delete(t.subs, s)
			close(s.c)
			h.viewers.Add(-1)
		}
		empty := len(t.subs) == 0
		t.mu.Unlock()
		if empty && h.topics[t.id] == t {
			delete(h.topics, t.id)
			close(t.stop)
		}
		h.mu.Unlock()

		s.mu.Lock()
		s.closed = true
		s.pending = nil
		conn, fns := s.conn, s.onClose
		s.onClose = nil
		s.mu.Unlock()
		if conn != nil {
			conn.Close()
		}
		for _, f := range fns {
			f()
		}
	})
}

// OnClose calls f once the subscription is closed (at once if it is).
func (s *Subscription) OnClose(f func()) {
	s.mu.Lock()
	if !s.closed {
		s.onClose = append(s.onClose, f)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	f()
}

// Attach hands the viewer's connection over to the hub, which from then on
// writes the frames to it directly, sends the keep-alive pings and notices
// when the client goes away. last is the id of the last event the caller
// wrote (its backlog): the frames that arrived on C since Subscribe are
// written first, without what the client already has. The caller must not
// use conn or C afterwards; the hub closes conn when the subscription ends.
func (s *Subscription) Attach(conn net.Conn, last int64) {
	t := s.t
	// Under the topic's lock, no batch is being handed out: every frame is
	// either already on C (written here) or comes after (written by the
	// broadcast, which sees the subscription attached).
	t.mu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		t.mu.Unlock()
		conn.Close()
		return
	}
	// No deadline from the server's timeouts may fail the hub's writes or
	// its checks for a closed connection.
	conn.SetDeadline(time.Time{})
	s.attached, s.conn, s.raw, s.last = true, conn, rawConnOf(conn), last
	ok := true
	for ok {
		select {
		case f, open := <-s.c:
			if !open {
				ok = false
				break
			}
			ok = s.sendLocked(f)
		default:
			goto done
		}
	}
done:
	s.mu.Unlock()
	t.mu.Unlock()
	if !ok {
		s.Close()
	}
}

// sendLocked queues the part of f the viewer does not have yet; it reports
// false when the viewer must be dropped.
func (s *Subscription) sendLocked(f *Frame) bool {
	data := f.After(s.last)
	if len(data) == 0 {
		return true
	}
	s.last = f.Last()
	return s.writeLocked(data)
}

// writeLocked writes b to the attached connection without ever blocking
// the caller: what the socket does not take at once waits in pending,
// written by a goroutine of its own, and a viewer with too much waiting is
// dropped. It reports false when the viewer must be dropped.
func (s *Subscription) writeLocked(b []byte) bool {
	if s.closed {
		return true
	}
	if s.writing {
		if len(s.pending)+len(b) > s.hub.MaxPending {
			return false
		}
		s.pending = append(s.pending, b...)
		return true
	}
	n := 0
	if s.raw != nil {
		var err error
		if n, err = s.raw.writeNow(b); err != nil {
			return false
		}
	}
	if n < len(b) {
		if len(b)-n > s.hub.MaxPending {
			return false
		}
		s.pending = append(s.pending[:0], b[n:]...)
		s.writing = true
		go s.drain()
	}
	return true
}

// drain writes the pending bytes of a viewer whose socket was full, with a
// deadline, until none are left.
func (s *Subscription) drain() {
	var buf []byte
	for {
		s.mu.Lock()
		if s.closed || len(s.pending) == 0 {
			// Back to writes that never wait: a deadline left in the
			// past would fail them.
			s.conn.SetWriteDeadline(time.Time{})
			s.writing = false
			s.mu.Unlock()
			return
		}
		buf, s.pending = s.pending, buf[:0]
		conn := s.conn
		s.mu.Unlock()
		conn.SetWriteDeadline(time.Now().Add(s.hub.WriteTimeout))
		if _, err := conn.Write(buf); err != nil {
			s.Close()
			return
		}
	}
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
		t.mu.Lock()
		defer t.mu.Unlock()
		return len(t.subs)
	}
	return 0
}

// AllViewers returns the number of subscribers of every topic.
func (h *Hub) AllViewers() int { return int(h.viewers.Load()) }

// Close drops every subscriber, closing their connections and channels,
// and refuses new ones.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	var subs []*Subscription
	for _, t := range h.topics {
		t.mu.Lock()
		for s := range t.subs {
			subs = append(subs, s)
		}
		t.mu.Unlock()
	}
	h.mu.Unlock()
	for _, s := range subs {
		s.Close()
	}
}

// run reads and fans out one topic's changes until its last viewer leaves.
func (h *Hub) run(t *topic, last int64) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ping := time.NewTicker(h.PingInterval)
	defer ping.Stop()
	var batchAt time.Time
	for {
		select {
		case <-t.stop:
			return
		case <-ping.C:
			h.ping(t)
			continue
		case <-t.kick:
		}
		// Batches start at least a window apart: the changes that arrive
		// meanwhile are read together.
		if wait := h.window - time.Since(batchAt); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-t.stop:
				timer.Stop()
				return
			case <-timer.C:
			}
		}
		select {
		case <-t.kick:
		default:
		}
		batchAt = time.Now()
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

// broadcast hands a batch to the topic's viewers: on their channel for
// those served by their handler, and by writing it to the socket of the
// attached ones. The writes happen outside every lock, spread over as many
// goroutines as there are processors, and never block on one viewer.
func (h *Hub) broadcast(t *topic, msgs []Message) {
	frames := map[string]*Frame{}
	var attached, slow []*Subscription
	t.mu.Lock()
	for s := range t.subs {
		f, ok := frames[s.Class]
		if !ok {
			f = RenderFrame(msgs, s.Class)
			frames[s.Class] = f
		}
		if f == nil {
			continue
		}
		if s.attached { // set under t.mu, never unset
			attached = append(attached, s)
			continue
		}
		select {
		case s.c <- f:
		default:
			slow = append(slow, s)
		}
	}
	t.mu.Unlock()
	for _, s := range slow {
		// The viewer cannot keep up: drop it; it reconnects and resumes.
		s.Close()
	}
	h.writeAll(attached, func(s *Subscription) bool { return s.sendLocked(frames[s.Class]) })
}

// ping sends a keep-alive comment to the attached viewers of t and drops
// those whose client has gone.
func (h *Hub) ping(t *topic) {
	var attached []*Subscription
	t.mu.Lock()
	for s := range t.subs {
		if s.attached {
			attached = append(attached, s)
		}
	}
	t.mu.Unlock()
	h.writeAll(attached, func(s *Subscription) bool {
		if s.raw != nil && s.raw.peerClosed() {
			return false
		}
		return s.writeLocked(pingComment)
	})
}

var pingComment = []byte(": ping\n\n")

// writeAll calls send for every subscription, holding its lock, on up to
// GOMAXPROCS goroutines, and drops those for which it reports false.
func (h *Hub) writeAll(subs []*Subscription, send func(*Subscription) bool) {
	if len(subs) == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), (len(subs)+63)/64)
	var wg sync.WaitGroup
	per := (len(subs) + workers - 1) / workers
	for i := 0; i < len(subs); i += per {
		part := subs[i:min(i+per, len(subs))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range part {
				s.mu.Lock()
				ok := s.closed || send(s)
				s.mu.Unlock()
				if !ok {
					s.Close()
				}
			}
		}()
	}
	wg.Wait()
}
