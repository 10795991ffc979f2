package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// viewer is one member watching the question stream. It keeps what it has
// seen of each question the load posted, so that every new question and every
// new vote it receives yields one delivery delay.
type viewer struct {
	lt     *loadTest
	cookie string
	lastID int64         // SSE id to resume from after a reconnection
	retry  time.Duration // the reconnection delay the server asks for
	votes  []int32       // by question seq: votes seen + 1; 0 until the question arrives

	questionDelays boundBuffers
	voteDelays     boundBuffers
}

// watch streams until ctx is done, reconnecting as a browser does (after
// the server's retry delay, from the last id) whenever the stream ends.
// connected is called once, with the outcome of the first attempt; a viewer
// whose first attempt fails gives up.
func (v *viewer) watch(ctx context.Context, connected func(error)) {
	defer v.questionDelays.flush()
	defer v.voteDelays.flush()
	for attempt := 0; ; attempt++ {
		opened := false
		err := v.stream(ctx, func(err error) {
			opened = err == nil
			if attempt == 0 {
				connected(err)
			}
		})
		if ctx.Err() != nil || (attempt == 0 && !opened) {
			return // a viewer that never got in is counted by the caller
		}
		if err != nil {
			v.lt.streamErrors.Add(1)
		}
		v.lt.reconnects.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(v.retry):
		}
	}
}

var (
	ssePrefixID    = []byte("id: ")
	ssePrefixData  = []byte("data: ")
	ssePrefixRetry = []byte("retry: ")
)

// stream reads one SSE response to its end.
func (v *viewer) stream(ctx context.Context, opened func(error)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.lt.streamURL, nil)
	if err != nil {
		opened(err)
		return err
	}
	req.Header.Set("Cookie", v.cookie)
	req.Header.Set("Accept", "text/event-stream")
	if v.lastID > 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(v.lastID, 10))
	}
	resp, err := v.lt.streams.Do(req)
	if err != nil {
		opened(err)
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("stream: status %d", resp.StatusCode)
		opened(err)
		return err
	}
	opened(nil)
	br := bufio.NewReaderSize(resp.Body, 2048)
	var pendingID int64
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// Longer than any event the load posts: skip the rest of it.
			v.lt.longLines.Add(1)
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				v.lt.streamEnds.Add(1)
				return nil
			}
			return err
		}
		line = trimEOL(line)
		switch {
		case len(line) == 0: // end of an event
			if pendingID > 0 {
				v.lastID = pendingID
			}
		case bytes.HasPrefix(line, ssePrefixData):
			v.receive(line[len(ssePrefixData):], time.Now())
		case bytes.HasPrefix(line, ssePrefixID):
			pendingID, _ = strconv.ParseInt(string(line[len(ssePrefixID):]), 10, 64)
		case bytes.HasPrefix(line, ssePrefixRetry):
			if ms, ok := leadingInt(line[len(ssePrefixRetry):]); ok {
				v.retry = time.Duration(ms) * time.Millisecond
			}
		}
	}
}

var (
	fieldID    = []byte(`{"id":`) // the first field of every question
	fieldVotes = []byte(`"votes":`)
)

// receive handles one event's data: a question as this viewer's class sees
// it, as JSON. Only the few fields needed are read, without decoding it all:
// thousands of viewers parse every change.
func (v *viewer) receive(data []byte, at time.Time) {
	if !bytes.HasPrefix(data, fieldID) {
		return
	}
	id, ok := leadingInt(data[len(fieldID):])
	if !ok {
		return
	}
	q := v.lt.questionByID(id, data)
	if q == nil {
		return // not posted by this run
	}
	votes, _ := intField(data, fieldVotes)
	for len(v.votes) <= q.seq {
		v.votes = append(v.votes, 0)
	}
	seen := int64(v.votes[q.seq]) - 1
	if seen < 0 {
		if fromSend, fromAnswer, ok := v.lt.questionDelay(q, at); ok {
			v.questionDelays.add(fromSend, fromAnswer)
		}
		seen = 0
	}
	for k := seen + 1; k <= votes && k <= maxVotesPerQuestion; k++ {
		if fromSend, fromAnswer, ok := v.lt.voteDelay(q, int(k), at); ok {
			v.voteDelays.add(fromSend, fromAnswer)
		}
	}
	v.votes[q.seq] = int32(max(seen, min(votes, maxVotesPerQuestion)) + 1)
}

// intField returns the non-negative integer that follows key in data.
func intField(data, key []byte) (int64, bool) {
	i := bytes.Index(data, key)
	if i < 0 {
		return 0, false
	}
	return leadingInt(data[i+len(key):])
}

// leadingInt parses the digits at the start of b.
func leadingInt(b []byte) (int64, bool) {
	var n int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int64(b[i]-'0')
	}
	return n, i > 0
}

// trimEOL removes the line ending, LF or CRLF.
func trimEOL(line []byte) []byte {
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}
