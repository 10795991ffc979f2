package mail

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// Recorder is a Sender for tests: it keeps a copy of each message it is given
// instead of sending it. Like the real senders it refuses a message that
// Validate rejects, so tests see the same permanent errors. The zero value is
// ready to use and it is safe for concurrent use.
type Recorder struct {
	mu       sync.Mutex
	messages []Message
}

// Send records a copy of m, or returns an error wrapping ErrInvalidMessage if
// m cannot be sent, or ctx's error if ctx is done.
func (r *Recorder) Send(ctx context.Context, m *Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, cloneMessage(*m))
	return nil
}

// Messages returns copies of the recorded messages, oldest first.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Message, len(r.messages))
	for i, m := range r.messages {
		out[i] = cloneMessage(m)
	}
	return out
}

// Last returns a copy of the last recorded message, and false if there is none.
func (r *Recorder) Last() (Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.messages) == 0 {
		return Message{}, false
	}
	return cloneMessage(r.messages[len(r.messages)-1]), true
}

// Reset forgets the recorded messages.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = nil
}

// cloneMessage returns a deep copy of m, so that neither the caller of Send
// nor the reader of Messages can change what was recorded.
func cloneMessage(m Message) Message {
	m.Headers = maps.Clone(m.Headers)
	if m.Attachments != nil {
		m.Attachments = slices.Clone(m.Attachments)
		for i := range m.Attachments {
			m.Attachments[i].Data = slices.Clone(m.Attachments[i].Data)
		}
	}
	return m
}
