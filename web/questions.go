package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/live"
	"github.com/creatorclub/creatorclub/sqldb"
)

// Viewer classes of the live question stream. Each class gets its own
// rendering of a change, computed once per batch.
const (
	classPublic  = "public"  // members and partners: visible, non-private questions
	classSpeaker = "speaker" // the event's speakers: also private questions
	classStaff   = "staff"   // moderators, safety officers, admins: also pending and hidden ones
)

var classes = []string{classPublic, classSpeaker, classStaff}

// questionChannel is the PostgreSQL NOTIFY channel of question changes.
const questionChannel = "creatorclub_questions"

func viewerClass(u *creatorclub.User, ev *creatorclub.Event) string {
	switch {
	case u.Role.IsStaff():
		return classStaff
	case isSpeakerOf(u, ev):
		return classSpeaker
	}
	return classPublic
}

// canSeeQuestions reports whether u may read an event's question boxes:
// signed-in users who may see the event.
func canSeeQuestions(u *creatorclub.User, ev *creatorclub.Event) bool {
	return u != nil && canSeeEvent(u, ev)
}

// visibleTo reports whether a class sees a question.
func visibleTo(q *creatorclub.Question, class string) bool {
	switch q.Status {
	case creatorclub.QuestionWithdrawn, creatorclub.QuestionMerged:
		return false
	case creatorclub.QuestionPending, creatorclub.QuestionHidden:
		return class == classStaff
	}
	if q.Visibility == creatorclub.VisibilityPrivate {
		return class != classPublic
	}
	return true
}

// questionView is what a viewer's page or stream gets about a question. It
// never carries the author of an anonymous question: the author's id, email
// and handles are not in it at all, and the name only for named questions
// (and private ones, for the speakers and moderators they are addressed to).
type questionView struct {
	ID         int64  `json:"id"`
	Box        int64  `json:"box"`
	Text       string `json:"text,omitempty"`
	Votes      int    `json:"votes"`
	Answered   bool   `json:"answered,omitempty"`
	Pinned     bool   `json:"pinned,omitempty"`
	Author     string `json:"author,omitempty"`
	Visibility string `json:"visibility,omitempty"`
	Edited     bool   `json:"edited,omitempty"`
	Status     string `json:"status,omitempty"`  // staff only
	Flagged    bool   `json:"flagged,omitempty"` // staff only
	Created    int64  `json:"created,omitempty"` // Unix seconds
	Removed    bool   `json:"removed,omitempty"`
	MergedInto int64  `json:"merged_into,omitempty"`
}

func viewOf(q *creatorclub.Question, class string) questionView {
	if !visibleTo(q, class) {
		return questionView{ID: q.ID, Box: q.BoxID, Removed: true, MergedInto: q.MergedInto}
	}
	v := questionView{ID: q.ID, Box: q.BoxID, Text: q.Text, Votes: q.Votes, Answered: q.Answered, Pinned: q.Pinned,
		Visibility: q.Visibility, Edited: q.OriginalText != "", Created: q.CreatedAt.Unix()}
	switch q.Visibility {
	case creatorclub.VisibilityNamed:
		v.Author = q.AuthorName
	case creatorclub.VisibilityPrivate:
		if class != classPublic {
			v.Author = q.AuthorName
		}
	}
	if class == classStaff {
		v.Status, v.Flagged = q.Status, q.Flagged
	}
	return v
}

// loadQuestionMessages is the live hub's Loader: it reads an event's changes
// after id and renders each changed question once per class.
func (s *Server) loadQuestionMessages(ctx context.Context, eventID, after int64) ([]live.Message, int64, error) {
	entries, err := s.DB.QuestionLog(ctx, eventID, after, 5000)
	if err != nil {
		return nil, after, err
	}
	if len(entries) == 0 {
		return nil, after, nil
	}
	lastOf := map[int64]int64{} // question → its newest log id in the batch
	var ids []int64
	for _, e := range entries {
		if _, ok := lastOf[e.QuestionID]; !ok {
			ids = append(ids, e.QuestionID)
		}
		lastOf[e.QuestionID] = e.ID
	}
	qs, err := s.DB.FindQuestions(ctx, ids)
	if err != nil {
		return nil, after, err
	}
	var msgs []live.Message
	for _, id := range ids {
		q, ok := qs[id]
		if !ok {
			continue
		}
		for _, c := range classes {
			data, err := json.Marshal(viewOf(q, c))
			if err != nil {
				return nil, after, err
			}
			msgs = append(msgs, live.Message{ID: lastOf[id], Class: c, Event: "question", Data: data})
		}
	}
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].ID < msgs[j].ID })
	return msgs, entries[len(entries)-1].ID, nil
}

// publish tells the viewers of an event, on this instance and the others
// sharing the database, that its questions changed.
func (s *Server) publish(ctx context.Context, eventID int64) {
	s.hub.Notify(eventID)
	if err := s.DB.NotifyChannel(ctx, questionChannel, strconv.FormatInt(eventID, 10)); err != nil {
		s.Logger.Warn("notify question change", "event", eventID, "err", err)
	}
}

// listenForQuestions relays the other instances' changes to this hub.
func (s *Server) listenForQuestions(ctx context.Context) {
	s.DB.Listen(ctx, questionChannel, s.Logger, s.hub.NotifyAll, func(payload string) {
		if id, err := strconv.ParseInt(payload, 10, 64); err == nil {
			s.hub.Notify(id)
		}
	})
}

// userLimiter limits an action per user.
type userLimiter struct {
	mu    sync.Mutex
	every time.Duration
	burst int
	m     map[int64]*rate.Limiter
}

func newUserLimiter(every time.Duration, burst int) *userLimiter {
	return &userLimiter{every: every, burst: burst, m: map[int64]*rate.Limiter{}}
}

func (l *userLimiter) Allow(userID int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[userID]
	if !ok {
		if len(l.m) > 100000 {
			l.m = map[int64]*rate.Limiter{}
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.m[userID] = lim
	}
	return lim.Allow()
}

// boxView is a box with its questions for one viewer.
type boxView struct {
	*creatorclub.Box
	Open      bool
	Questions []questionView
	Mine      map[int64]bool
	Voted     map[int64]bool
}

// questionsPage gathers an event's boxes and questions for u.
func (s *Server) questionsPage(r *http.Request, ev *creatorclub.Event, sortBy string) ([]*boxView, *questionView, error) {
	u := userFrom(r.Context())
	class := viewerClass(u, ev)
	boxes, err := s.DB.ListBoxes(r.Context(), ev.ID)
	if err != nil {
		return nil, nil, err
	}
	qs, err := s.DB.ListQuestions(r.Context(), ev.ID, u.ID)
	if err != nil {
		return nil, nil, err
	}
	if sortBy == "recent" {
		sort.SliceStable(qs, func(i, j int) bool { return qs[i].ID > qs[j].ID })
	} else {
		sort.SliceStable(qs, func(i, j int) bool {
			if qs[i].Answered != qs[j].Answered {
				return !qs[i].Answered
			}
			return qs[i].Votes > qs[j].Votes
		})
	}
	now := s.DB.Now()
	var out []*boxView
	byID := map[int64]*boxView{}
	for _, b := range boxes {
		bv := &boxView{Box: b, Open: b.OpenAt(now, ev.EndsAt), Mine: map[int64]bool{}, Voted: map[int64]bool{}}
		out = append(out, bv)
		byID[b.ID] = bv
	}
	var pinned *questionView
	for _, q := range qs {
		bv, ok := byID[q.BoxID]
		if !ok {
			continue
		}
		// Authors see their own questions whatever their status, so they
		// know a pending one was received.
		if !visibleTo(q, class) && !(q.Mine && q.Status != creatorclub.QuestionMerged && q.Status != creatorclub.QuestionWithdrawn) {
			continue
		}
		v := viewOf(q, class)
		if q.Mine && v.Removed {
			v = viewOf(q, classStaff)
			v.Flagged = false
			if q.Visibility == creatorclub.VisibilityAnonymous {
				v.Author = ""
			}
		}
		bv.Questions = append(bv.Questions, v)
		bv.Mine[q.ID], bv.Voted[q.ID] = q.Mine, q.Voted
		if q.Pinned && visibleTo(q, class) {
			pv := v
			pinned = &pv
		}
	}
	return out, pinned, nil
}

func (s *Server) handleQuestions(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	u := userFrom(r.Context())
	if !canSeeQuestions(u, ev) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	sortBy := r.URL.Query().Get("tri")
	boxes, pinned, err := s.questionsPage(r, ev, sortBy)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// After the talk, staff list what is left to answer for follow-up.
	open := r.URL.Query().Get("filtre") == "sans-reponse"
	if open {
		for _, b := range boxes {
			var keep []questionView
			for _, q := range b.Questions {
				if !q.Answered && (q.Status == "" || q.Status == creatorclub.QuestionVisible) {
					keep = append(keep, q)
				}
			}
			b.Questions = keep
		}
	}
	last, err := s.DB.LastQuestionLogID(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	class := viewerClass(u, ev)
	s.render(w, r, http.StatusOK, "questions", "questions_title", map[string]any{"Event": ev, "Boxes": boxes, "Pinned": pinned,
		"Sort": sortBy, "Unanswered": open, "Last": last, "CanAsk": u.Role == creatorclub.RoleMember, "Staff": class == classStaff,
		"Moderator": u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin, "Safety": u.Role == creatorclub.RoleSafety,
		"Presenter": class != classPublic})
}

// handlePresenter is the speaker's view: large type, the pinned question
// first, then the most voted unanswered ones.
func (s *Server) handlePresenter(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	u := userFrom(r.Context())
	if viewerClass(u, ev) == classPublic {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
		return
	}
	boxes, pinned, err := s.questionsPage(r, ev, "votes")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var top []questionView
	for _, b := range boxes {
		for _, q := range b.Questions {
			if !q.Answered && !q.Pinned && q.Status != creatorclub.QuestionPending && q.Status != creatorclub.QuestionHidden {
				top = append(top, q)
			}
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].Votes > top[j].Votes })
	if len(top) > 8 {
		top = top[:8]
	}
	last, err := s.DB.LastQuestionLogID(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "presenter", "presenter_title", map[string]any{"Event": ev, "Pinned": pinned, "Top": top, "Last": last})
}

// handleQuestionStream sends an event's question changes as Server-Sent
// Events. A client that reconnects with Last-Event-ID (or ?depuis=) first
// gets what it missed, then live changes, without gaps or duplicates: both
// come from one ordered log, and ids already sent are skipped.
//
// Over HTTP/1.1 the handler writes the headers and the backlog, then takes
// the connection over and attaches it to the hub, which writes every batch
// (rendered once per class) to the socket itself: an idle viewer then costs
// a socket and a few hundred bytes, not a goroutine and net/http's buffers.
// Over HTTP/2, or when the connection cannot be taken over, the handler
// stays and writes the hub's frames itself.
func (s *Server) handleQuestionStream(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	u := userFrom(r.Context())
	if !canSeeQuestions(u, ev) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	class := viewerClass(u, ev)
	var last int64
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	} else if v := r.URL.Query().Get("depuis"); v != "" {
		last, _ = strconv.ParseInt(v, 10, 64)
	}
	ctx := r.Context()
	sub, err := s.hub.Subscribe(ctx, ev.ID, class)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.metrics.viewers.Inc()
	sub.OnClose(s.metrics.viewers.Dec)
	attached := false
	defer func() {
		if !attached {
			sub.Close()
		}
	}()

	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // the stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.ProtoMajor == 1 {
		// No chunked encoding: the body is the stream itself, ended by
		// closing the connection (as the SSE specification suggests), so
		// the hub can write to the socket once it is taken over.
		h.Set("Transfer-Encoding", "identity")
	}
	w.WriteHeader(http.StatusOK)

	write := func(f *live.Frame) error {
		data := f.After(last)
		if len(data) == 0 {
			return nil
		}
		last = f.Last()
		if _, err := w.Write(data); err != nil {
			return err
		}
		return rc.Flush()
	}
	if _, err := io.WriteString(w, "retry: 3000\n\n"); err != nil {
		return
	}
	// What the client missed, read after subscribing so nothing falls between.
	backlog, _, err := s.loadQuestionMessages(ctx, ev.ID, last)
	if err != nil {
		s.Logger.Error("question stream backlog", "event", ev.ID, "err", err)
		return
	}
	if err := write(live.RenderFrame(backlog, class)); err != nil {
		return
	}
	if err := rc.Flush(); err != nil {
		return
	}
	if r.ProtoMajor == 1 && !s.Config.LiveNoHijack {
		if conn, brw, err := rc.Hijack(); err == nil {
			if brw.Writer.Buffered() > 0 { // flushed above; never expected
				brw.Flush()
			}
			attached = true
			sub.Attach(conn, last)
			return
		}
	}
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case f, ok := <-sub.C:
			if !ok {
				return // dropped for falling behind: the client resumes
			}
			if err := write(f); err != nil {
				return
			}
		case <-ping.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
			rc.Flush()
		}
	}
}

// questionFromPath loads {qid} with its event, answering 404 when u may not
// see it.
func (s *Server) questionFromPath(w http.ResponseWriter, r *http.Request) (*creatorclub.Question, *creatorclub.Event) {
	id, err := strconv.ParseInt(r.PathValue("qid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil, nil
	}
	q, err := s.DB.FindQuestion(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	ev, err := s.DB.FindEvent(r.Context(), q.EventID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	u := userFrom(r.Context())
	if !canSeeQuestions(u, ev) || (!visibleTo(q, viewerClass(u, ev)) && q.AuthorID != u.ID) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil, nil
	}
	return q, ev
}

func (s *Server) backToQuestions(w http.ResponseWriter, r *http.Request, eventID int64, flash string) {
	if flash != "" {
		s.flash(r, flash)
	}
	// Fetch requests from the page's script need no redirect.
	if r.Header.Get("X-Requested-With") == "fetch" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/evenements/%d/questions", eventID), http.StatusSeeOther)
}

// handleAsk posts a question. Over-eager posting is refused, and a question
// that matches the word list waits for a moderator.
func (s *Server) handleAsk(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	boxID, err := strconv.ParseInt(r.PathValue("box"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	box, err := s.DB.FindBox(r.Context(), boxID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ev, err := s.DB.FindEvent(r.Context(), box.EventID)
	if err != nil || !canSeeQuestions(u, ev) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	if !box.OpenAt(s.DB.Now(), ev.EndsAt) {
		s.renderError(w, r, http.StatusConflict, s.t(r, "box_closed"))
		return
	}
	text, err := creatorclub.ValidateQuestion(r.FormValue("text"), r.FormValue("visibility"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !s.askLimiter.Allow(u.ID) {
		s.renderError(w, r, http.StatusTooManyRequests, s.t(r, "question_rate_limited"))
		return
	}
	flagged := creatorclub.Flagged(text, s.Config.FlagWords)
	q, err := s.DB.AskQuestion(r.Context(), box.ID, u.ID, text, r.FormValue("visibility"), flagged)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.publish(r.Context(), ev.ID)
	msg := "question_posted"
	if q.Status == creatorclub.QuestionPending {
		msg = "question_pending"
	}
	s.backToQuestions(w, r, ev.ID, msg)
}

func (s *Server) handleVote(w http.ResponseWriter, r *http.Request) {
	q, ev := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	u := userFrom(r.Context())
	box, err := s.DB.FindBox(r.Context(), q.BoxID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !box.OpenAt(s.DB.Now(), ev.EndsAt) {
		s.renderError(w, r, http.StatusConflict, s.t(r, "box_closed"))
		return
	}
	if q.Status != creatorclub.QuestionVisible {
		s.renderError(w, r, http.StatusConflict, s.t(r, "question_closed"))
		return
	}
	if !s.voteLimiter.Allow(u.ID) {
		s.renderError(w, r, http.StatusTooManyRequests, s.t(r, "question_rate_limited"))
		return
	}
	if _, _, err := s.DB.ToggleVote(r.Context(), q, u.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.publish(r.Context(), ev.ID)
	s.backToQuestions(w, r, ev.ID, "")
}

func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	q, ev := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	if err := s.DB.WithdrawQuestion(r.Context(), q.ID, userFrom(r.Context()).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.publish(r.Context(), ev.ID)
	s.backToQuestions(w, r, ev.ID, "question_withdrawn")
}

func (s *Server) handleModerate(w http.ResponseWriter, r *http.Request) {
	q, ev := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	action := r.FormValue("action")
	if _, err := s.DB.ModerateQuestion(r.Context(), q.ID, action, r.FormValue("text")); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "question."+action, "question", q.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.publish(r.Context(), ev.ID)
	s.backToQuestions(w, r, ev.ID, "")
}

func (s *Server) handleMerge(w http.ResponseWriter, r *http.Request) {
	q, ev := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	into, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(r.FormValue("into")), "#"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "question_merge_invalid"))
		return
	}
	if err := s.DB.MergeQuestion(r.Context(), q.ID, into); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "question.merge", "question", q.ID, fmt.Sprintf("into=%d", into)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.publish(r.Context(), ev.ID)
	s.backToQuestions(w, r, ev.ID, "question_merged")
}

// handleRevealAuthor shows a safety officer who wrote a question, after they
// give a reason; the reveal is written to the audit log first.
func (s *Server) handleRevealAuthor(w http.ResponseWriter, r *http.Request) {
	q, _ := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	reason := strings.TrimSpace(r.FormValue("reason"))
	if len([]rune(reason)) < 10 {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "reveal_reason_required"))
		return
	}
	author, err := s.DB.QuestionAuthor(r.Context(), q.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "question.reveal_author", "question", q.ID, "reason: "+reason); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reveal", "reveal_title", map[string]any{"Question": q, "Author": author})
}

func (s *Server) handleBoxSettings(w http.ResponseWriter, r *http.Request) {
	boxID, err := strconv.ParseInt(r.PathValue("box"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	box, err := s.DB.FindBox(r.Context(), boxID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ev, err := s.DB.FindEvent(r.Context(), box.EventID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	loc, _ := time.LoadLocation(ev.TimeZone)
	parse := func(v string) (*time.Time, error) {
		if strings.TrimSpace(v) == "" {
			return nil, nil
		}
		t, err := parseDateTimeInput(v, loc)
		if err != nil {
			return nil, creatorclub.Errorf(creatorclub.EINVALID, "box_times_invalid")
		}
		return &t, nil
	}
	box.Moderation = r.FormValue("moderation")
	if box.OpensAt, err = parse(r.FormValue("opens_at")); err == nil {
		box.ClosesAt, err = parse(r.FormValue("closes_at"))
	}
	if err == nil {
		err = s.DB.UpdateBox(r.Context(), box)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.backToQuestions(w, r, ev.ID, "box_saved")
}

// handleQuestionsExport exports an event's questions as CSV or Markdown for
// follow-up, without the authors of anonymous or private questions.
func (s *Server) handleQuestionsExport(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	boxes, err := s.DB.ListBoxes(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	qs, err := s.DB.ListQuestions(r.Context(), ev.ID, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	titles := map[int64]string{}
	for _, b := range boxes {
		titles[b.ID] = b.Title
	}
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].Votes > qs[j].Votes })
	format := r.PathValue("format")
	if err := s.audit(r, nil, "event.questions_export", "event", ev.ID, format); err != nil {
		s.serverError(w, r, err)
		return
	}
	author := func(q *creatorclub.Question) string {
		if q.Visibility == creatorclub.VisibilityNamed {
			return q.AuthorName
		}
		return s.t(r, "question_"+q.Visibility)
	}
	keep := func(q *creatorclub.Question) bool {
		return q.Status == creatorclub.QuestionVisible || q.Status == creatorclub.QuestionPending
	}
	switch format {
	case "questions.csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="questions-evenement-%d.csv"`, ev.ID))
		w.Write([]byte("\uFEFF"))
		var b strings.Builder
		b.WriteString("id;boite;question;auteur;votes;repondue;statut\n")
		for _, q := range qs {
			if !keep(q) {
				continue
			}
			fmt.Fprintf(&b, "%d;%s;%s;%s;%d;%t;%s\n", q.ID, csvField(titles[q.BoxID]), csvField(q.Text), csvField(author(q)), q.Votes, q.Answered, q.Status)
		}
		w.Write([]byte(b.String()))
	case "questions.md":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="questions-evenement-%d.md"`, ev.ID))
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n\n", ev.Title)
		for _, box := range boxes {
			fmt.Fprintf(&b, "## %s\n\n", box.Title)
			for _, q := range qs {
				if q.BoxID != box.ID || !keep(q) {
					continue
				}
				mark := "[ ]"
				if q.Answered {
					mark = "[x]"
				}
				fmt.Fprintf(&b, "- %s %s — %s, %d vote(s)\n", mark, strings.ReplaceAll(q.Text, "\n", " "), author(q), q.Votes)
			}
			b.WriteString("\n")
		}
		w.Write([]byte(b.String()))
	default:
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
	}
}

// csvField quotes a CSV field and keeps spreadsheets from running formulas.
func csvField(v string) string {
	v = csvSafe(v)
	if strings.ContainsAny(v, ";\"\n\r") {
		v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	return v
}

var _ = sqldb.ActApprove
