package live_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/live"
)

// tcpPair returns the two ends of a loopback TCP connection: the server's,
// to attach, and the client's, to read.
func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return server, client
}

// readUntil reads from c until it has seen want (or fails after 3 s).
func readUntil(t *testing.T, c net.Conn, want string) string {
	t.Helper()
	var got bytes.Buffer
	buf := make([]byte, 64<<10)
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	for !strings.Contains(got.String(), want) {
		n, err := c.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("read %d bytes: %v (looking for %q)", got.Len(), err, want)
		}
	}
	return got.String()
}

func subscribe(t *testing.T, h *live.Hub, topic int64, class string) *live.Subscription {
	t.Helper()
	s, err := h.Subscribe(context.Background(), topic, class)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestFrameAfterSkipsWhatTheViewerHas(t *testing.T) {
	msgs := []live.Message{{ID: 4, Event: "q", Data: []byte(`{"a":1}`)}, {ID: 5, Class: "staff", Event: "q", Data: []byte("s")},
		{ID: 7, Class: "public", Event: "q", Data: []byte("p")}}
	f := live.RenderFrame(msgs, "public")
	if want := "id: 4\nevent: q\ndata: {\"a\":1}\n\nid: 7\nevent: q\ndata: p\n\n"; string(f.Data) != want {
		t.Fatalf("frame %q", f.Data)
	}
	if f.Last() != 7 || string(f.After(4)) != "id: 7\nevent: q\ndata: p\n\n" || f.After(7) != nil || string(f.After(0)) != string(f.Data) {
		t.Fatalf("last %d, after 4 %q, after 7 %q", f.Last(), f.After(4), f.After(7))
	}
	if live.RenderFrame(msgs[1:2], "public") != nil {
		t.Fatal("a frame with nothing for the class")
	}
}

// TestAttachedViewerGetsWhatAChannelViewerGets attaches a connection after
// changes were already queued for it (between its subscription and the end
// of its backlog): it gets them once, without what its backlog had, then the
// live batches, byte for byte what a viewer served through its channel
// gets.
func TestAttachedViewerGetsWhatAChannelViewerGets(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	flushed := subscribe(t, h, 1, "public")
	hijacked := subscribe(t, h, 1, "public")
	f.add("public") // 1: in the hijacked viewer's backlog
	f.add("public") // 2
	f.add("staff")  // 3: not for this class
	h.Notify(1)
	// Wait until the batch is queued on both channels, unread.
	deadline := time.Now().Add(3 * time.Second)
	for len(hijacked.C) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("batch not queued")
		}
		time.Sleep(5 * time.Millisecond)
	}
	server, client := tcpPair(t)
	hijacked.Attach(server, 1)
	for i := 0; i < 5; i++ {
		f.add("public")
		f.add("")
		h.Notify(1)
		time.Sleep(30 * time.Millisecond)
	}
	got := readUntil(t, client, "id: 13\n")
	var want bytes.Buffer
	for want.Len() == 0 || !strings.Contains(want.String(), "id: 13\n") {
		select {
		case fr := <-flushed.C:
			want.Write(fr.After(1))
		case <-time.After(3 * time.Second):
			t.Fatalf("channel viewer got %q", want.String())
		}
	}
	if got != want.String() {
		t.Fatalf("attached viewer got\n%q\nchannel viewer got\n%q", got, want.String())
	}
	if !strings.HasPrefix(got, "id: 2\n") || strings.Contains(got, "id: 3\n") {
		t.Fatalf("attached viewer got %q", got)
	}
}

// TestSlowAttachedViewerDoesNotHoldUpOthers attaches a viewer that never
// reads: its socket fills, and the others still get every batch at once;
// once too much waits for it, it is dropped and its connection closed.
func TestSlowAttachedViewerDoesNotHoldUpOthers(t *testing.T) {
	f := &bigLog{}
	h := live.NewHub(f.load, f.last, 10*time.Millisecond, discard)
	h.MaxPending = 1 << 20
	h.WriteTimeout = time.Hour // only the pending limit drops it
	slowServer, slowClient := tcpPair(t)
	// Small socket buffers (fixed, so the kernel does not grow them).
	slowServer.(*net.TCPConn).SetWriteBuffer(4096)
	slowClient.(*net.TCPConn).SetReadBuffer(4096)
	fastServer, fastClient := tcpPair(t)
	slow, fast := subscribe(t, h, 2, "public"), subscribe(t, h, 2, "public")
	slow.Attach(slowServer, 0)
	fast.Attach(fastServer, 0)
	// 64 KiB a batch: well beyond what the slow viewer's socket holds.
	start := time.Now()
	for i := 1; i <= 40; i++ {
		f.add()
		h.Notify(2)
		readUntil(t, fastClient, "id: "+itoa(i)+"\n")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("40 batches took %s for the fast viewer", d)
	}
	// The slow viewer was dropped: its socket, once drained, ends.
	for deadline := time.Now().Add(3 * time.Second); h.Viewers(2) != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d viewers, want the fast one only", h.Viewers(2))
		}
	}
	slowClient.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, slowClient); err != nil {
		t.Fatalf("slow viewer's connection not closed: %v", err)
	}
}

// TestDisconnectedViewerIsReleased closes an idle attached viewer's
// client: the hub notices at its next keep-alive and lets it go.
func TestDisconnectedViewerIsReleased(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	h.PingInterval = 50 * time.Millisecond
	server, client := tcpPair(t)
	s := subscribe(t, h, 3, "public")
	released := make(chan struct{})
	s.OnClose(func() { close(released) })
	s.Attach(server, 0)
	if got := readUntil(t, client, ": ping\n\n"); got != ": ping\n\n" {
		t.Fatalf("keep-alive %q", got)
	}
	client.Close()
	select {
	case <-released:
	case <-time.After(3 * time.Second):
		t.Fatal("viewer not released after its client left")
	}
	if h.Viewers(3) != 0 || h.AllViewers() != 0 {
		t.Fatalf("%d viewers left", h.Viewers(3))
	}
}

// TestCloseEndsAttachedStreams closes the hub: attached clients see their
// stream end, channel viewers their channel closed, and no one may join.
func TestCloseEndsAttachedStreams(t *testing.T) {
	f := &fakeLog{}
	h := newHub(f)
	server, client := tcpPair(t)
	a := subscribe(t, h, 4, "public")
	a.Attach(server, 0)
	b := subscribe(t, h, 5, "staff")
	h.Close()
	client.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := io.Copy(io.Discard, client); err != nil {
		t.Fatalf("attached stream not ended: %v", err)
	}
	if _, ok := <-b.C; ok {
		t.Fatal("channel not closed")
	}
	if _, err := h.Subscribe(context.Background(), 4, "public"); err != live.ErrClosed {
		t.Fatalf("subscribe after close: %v", err)
	}
}

// TestNotifyDoesNotWaitForABroadcast keeps a batch's load running and
// checks that notifications still return at once.
func TestNotifyDoesNotWaitForABroadcast(t *testing.T) {
	f := &fakeLog{}
	loading := make(chan struct{})
	release := make(chan struct{})
	load := func(ctx context.Context, topic, after int64) ([]live.Message, int64, error) {
		select {
		case loading <- struct{}{}:
			<-release
		default:
		}
		return f.load(ctx, topic, after)
	}
	h := live.NewHub(load, f.last, time.Millisecond, discard)
	s := subscribe(t, h, 6, "public")
	f.add("public")
	h.Notify(6)
	<-loading
	done := make(chan struct{})
	go func() {
		for range 100 {
			h.Notify(6)
			h.Viewers(6)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Notify waited for the batch")
	}
	close(release)
	if got := f.receive(t, s, 1); got[0].ID != 1 {
		t.Fatalf("got %+v", got)
	}
}

// bigLog is a log of 64 KiB messages.
type bigLog struct{ fakeLog }

func (b *bigLog) add() {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := int64(len(b.msgs) + 1)
	b.msgs = append(b.msgs, live.Message{ID: id, Event: "q", Data: bytes.Repeat([]byte("x"), 64<<10)})
}

func itoa(i int) string { return strconv.Itoa(i) }

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestViewerThatCatchesUpKeepsGettingFrames lets an attached viewer fall
// behind (its socket full, the rest written with a deadline), then read
// everything: once it has caught up, it gets the next batches at once,
// long after that deadline.
func TestViewerThatCatchesUpKeepsGettingFrames(t *testing.T) {
	f := &bigLog{}
	h := live.NewHub(f.load, f.last, 5*time.Millisecond, discard)
	h.WriteTimeout = time.Second
	h.MaxPending = 1 << 20
	server, client := tcpPair(t)
	server.(*net.TCPConn).SetWriteBuffer(4096)
	s := subscribe(t, h, 8, "public")
	s.Attach(server, 0)
	for range 6 { // 384 KiB while the client does not read: more than its socket holds
		f.add()
		h.Notify(8)
		time.Sleep(20 * time.Millisecond)
	}
	readUntil(t, client, "id: 6\n")
	time.Sleep(1500 * time.Millisecond) // past the deadline of the late writes
	f.add()
	h.Notify(8)
	readUntil(t, client, "id: 7\n")
	if h.Viewers(8) != 1 {
		t.Fatal("the viewer was dropped after catching up")
	}
}
