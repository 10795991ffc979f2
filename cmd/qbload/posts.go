package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	maxQuestionID       = 1 << 22 // beyond, a question is not the load's (the club is fresh)
	maxVotesPerQuestion = 256
	maxInFlight         = 512 // posts of one kind waiting for an answer
)

// question is one question the load posts, followed from its sending to its
// votes. Times are Unix nanoseconds; 0 means "not yet".
type question struct {
	seq      int
	sentAt   int64
	accepted atomic.Int64 // the POST was answered 303
	id       atomic.Int64 // learned from the stream
	planned  atomic.Int32 // votes handed to voters
	answered atomic.Int32 // votes accepted
	// When the k-th vote was sent, and when the k-th 303 answer to a vote
	// came back: the count reaches k after the first and before the second.
	voteSent     [maxVotesPerQuestion]atomic.Int64
	voteAnswered [maxVotesPerQuestion]atomic.Int64
}

// delayBounds holds one kind of delivery delay. The club commits a post at a
// moment the client does not see, between sending it and reading the 303:
// the delay from the send is an upper bound on the delay from the commit,
// the delay from the answer a lower bound (0 when the change arrives first).
type delayBounds struct {
	fromSend, fromAnswer *recorder
}

func newDelayBounds() delayBounds {
	return delayBounds{fromSend: newRecorder(), fromAnswer: newRecorder()}
}

// boundBuffers collects one viewer's samples for a delayBounds.
type boundBuffers struct {
	fromSend, fromAnswer sampleBuffer
}

func (b *boundBuffers) add(fromSend, fromAnswer time.Duration) {
	b.fromSend.add(fromSend)
	b.fromAnswer.add(fromAnswer)
}

func (b *boundBuffers) flush() {
	b.fromSend.flush()
	b.fromAnswer.flush()
}

func (d delayBounds) buffers() boundBuffers {
	return boundBuffers{fromSend: sampleBuffer{to: d.fromSend}, fromAnswer: sampleBuffer{to: d.fromAnswer}}
}

// postCounts counts the posts of one kind sent during the measured time.
type postCounts struct {
	sent, accepted, limited, failed, dropped atomic.Int64
}

// questionByID returns the question the load posted with this id, learning
// the id from the marker in the text the first time it is seen; nil for
// questions of other runs.
func (lt *loadTest) questionByID(id int64, data []byte) *question {
	if id < 0 || id >= maxQuestionID {
		return nil
	}
	if byID := *lt.byID.Load(); id < int64(len(byID)) && byID[id] != nil {
		return byID[id]
	}
	seq, ok := intField(data, lt.marker)
	if !ok || seq >= int64(len(lt.questions)) {
		return nil
	}
	q := lt.questions[seq].Load()
	if q == nil {
		return nil
	}
	lt.learnID(id, q)
	return q
}

// learnID records q's server id, and offers q to the voters. Viewers read
// the index without a lock, thousands of times per batch: it is replaced,
// never changed in place.
func (lt *loadTest) learnID(id int64, q *question) {
	lt.recentMu.Lock()
	defer lt.recentMu.Unlock()
	old := *lt.byID.Load()
	if id < int64(len(old)) && old[id] != nil {
		return // another viewer was first
	}
	byID := make([]*question, max(int64(len(old)), id+1), max(int64(cap(old)), 2*(id+1)))
	copy(byID, old)
	byID[id] = q
	lt.byID.Store(&byID)
	q.id.Store(id)
	lt.recent = append(lt.recent, q)
	if len(lt.recent) > 4*lt.cfg.voteSpread {
		lt.recent = append(lt.recent[:0], lt.recent[len(lt.recent)-lt.cfg.voteSpread:]...)
	}
}

// questionDelay returns the bounds of the delay of a question's first
// arrival at a viewer, when it was posted during the measured time.
func (lt *loadTest) questionDelay(q *question, at time.Time) (fromSend, fromAnswer time.Duration, ok bool) {
	if !lt.inWindow(q.sentAt) {
		return 0, 0, false
	}
	fromSend = at.Sub(time.Unix(0, q.sentAt))
	if answered := q.accepted.Load(); answered != 0 {
		fromAnswer = max(at.Sub(time.Unix(0, answered)), 0)
	} else {
		lt.earlyQuestions.Add(1)
	}
	return fromSend, fromAnswer, true
}

// voteDelay returns the bounds of the delay from q's count reaching k to a
// viewer seeing it, when the k-th vote was sent during the measured time.
func (lt *loadTest) voteDelay(q *question, k int, at time.Time) (fromSend, fromAnswer time.Duration, ok bool) {
	sent := q.voteSent[k-1].Load()
	if sent == 0 || !lt.inWindow(sent) {
		return 0, 0, false
	}
	fromSend = at.Sub(time.Unix(0, sent))
	if answered := q.voteAnswered[k-1].Load(); answered != 0 {
		fromAnswer = max(at.Sub(time.Unix(0, answered)), 0)
	} else {
		lt.earlyVotes.Add(1)
	}
	return fromSend, fromAnswer, true
}

// pickVoteTarget returns one of the newest questions that still takes votes,
// in turn, and the number of the vote.
func (lt *loadTest) pickVoteTarget() (*question, int32) {
	lt.recentMu.Lock()
	defer lt.recentMu.Unlock()
	n := min(len(lt.recent), lt.cfg.voteSpread)
	for range n {
		q := lt.recent[len(lt.recent)-1-lt.nextPick%n]
		lt.nextPick++
		if k := q.planned.Add(1); k <= lt.voteCap {
			return q, k
		}
	}
	return nil, 0
}

// post sends a form as member and returns the status code.
func (lt *loadTest) post(ctx context.Context, path string, member int, form url.Values) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lt.info.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", lt.cookies[member])
	resp, err := lt.posts.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func (c *postCounts) count(status int, err error) {
	c.sent.Add(1)
	switch {
	case err == nil && status == http.StatusSeeOther:
		c.accepted.Add(1)
	case err == nil && status == http.StatusTooManyRequests:
		c.limited.Add(1)
	default:
		c.failed.Add(1)
	}
}

// ask posts the next question; its text carries the run's marker and its
// seq, by which viewers recognise it.
func (lt *loadTest) ask(ctx context.Context) {
	seq := int(lt.nextSeq.Add(1) - 1)
	if seq >= len(lt.questions) {
		return
	}
	q := &question{seq: seq, sentAt: time.Now().UnixNano()}
	lt.questions[seq].Store(q)
	visibility := "anonymous"
	if seq%2 == 0 {
		visibility = "named"
	}
	form := url.Values{"visibility": {visibility},
		"text": {fmt.Sprintf("Question %s%d : comment garder le rythme de publication pendant les vacances ?", lt.marker, seq)}}
	status, err := lt.post(ctx, fmt.Sprintf("/questions/boites/%d/poser", lt.info.Box), seq%len(lt.cookies), form)
	now := time.Now().UnixNano()
	if err == nil && status == http.StatusSeeOther {
		q.accepted.Store(now)
	}
	if lt.inWindow(q.sentAt) {
		lt.asks.count(status, err)
		lt.askLatency.add(time.Duration(now - q.sentAt))
	}
}

// vote votes for one of the newest questions, as a member who has not voted
// for it yet, so that its count only grows.
func (lt *loadTest) vote(ctx context.Context) {
	sent := time.Now().UnixNano()
	q, k := lt.pickVoteTarget()
	if q == nil {
		if lt.inWindow(sent) {
			lt.noVoteTarget.Add(1)
		}
		return
	}
	q.voteSent[k-1].Store(sent)
	member := (q.seq*7919 + int(k)) % len(lt.cookies)
	status, err := lt.post(ctx, fmt.Sprintf("/questions/%d/vote", q.id.Load()), member, nil)
	now := time.Now().UnixNano()
	if err == nil && status == http.StatusSeeOther {
		q.voteAnswered[q.answered.Add(1)-1].Store(now)
	}
	if lt.inWindow(sent) {
		lt.votes.count(status, err)
		lt.voteLatency.add(time.Duration(now - sent))
	}
}

// pace calls fire perSec times a second until ctx is done, each in its own
// goroutine, and waits for the calls in flight. A call that would exceed
// the bound on calls in flight is dropped and counted, so that a stalled
// server shows as missed posts rather than as a pile of goroutines.
func (lt *loadTest) pace(ctx, postCtx context.Context, perSec float64, counts *postCounts, fire func(context.Context)) {
	if perSec <= 0 {
		return
	}
	interval := time.Duration(float64(time.Second) / perSec)
	inFlight := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	defer wg.Wait()
	next := time.Now()
	for {
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		} else if ctx.Err() != nil {
			return
		}
		select {
		case inFlight <- struct{}{}:
			wg.Go(func() {
				defer func() { <-inFlight }()
				fire(postCtx)
			})
		default:
			if lt.inWindow(time.Now().UnixNano()) {
				counts.dropped.Add(1)
			}
		}
	}
}
