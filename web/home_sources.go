package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/creatorclub/creatorclub"
)

// Home sources of the features that arrived after the home page: mandatory
// courses (with their due dates) and the member's help requests.

// homeCourses lists the mandatory courses still to do, most pressing first:
// overdue or out of date now, due within a week soon.
func (s *Server) homeCourses(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	if u.Role != creatorclub.RoleMember {
		return nil, nil
	}
	duties, err := s.DB.CourseDuties(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, d := range duties {
		it := homeItem{Kind: "course", Title: d.CourseTitle, Lang: d.CourseLanguage, Link: fmt.Sprintf("/formations/%d", d.CourseID), At: d.DueAt}
		switch d.Status {
		case creatorclub.DutyOverdue, creatorclub.DutyOutOfDate:
			it.Kind, it.Urgency = "course_late", urgencyNow
			it.Detail = s.t(r, "duty_"+d.Status)
		case creatorclub.DutyDue:
			it.Detail = s.t(r, "duty_due_on", "Date", formatDate(localeFrom(r.Context()), d.DueAt))
			switch left := d.DueAt.Sub(now); {
			case left <= 7*24*time.Hour:
				it.Urgency = urgencySoon
			case left <= 30*24*time.Hour:
				it.Urgency = urgencyWeek
			default:
				it.Urgency = urgencyLater
			}
		default:
			continue
		}
		items = append(items, it)
	}
	return items, nil
}

// homeHelpRequests shows the member's open help requests and reports, and
// those closed in the last week; one waiting for the member's answer comes
// first. Only the member's own cases are read: the safety desk never shows a
// case to anyone else here.
func (s *Server) homeHelpRequests(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	st, err := s.safety()
	if err != nil {
		return nil, err
	}
	cases, err := st.ListCasesByReporter(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, c := range cases {
		if c.MergedInto != 0 || (c.ClosedAt != nil && now.Sub(*c.ClosedAt) > 7*24*time.Hour) {
			continue
		}
		it := homeItem{Kind: "help", Link: fmt.Sprintf("/aide/demandes/%d", c.ID),
			Title:   s.t(r, "home_help_item", "Number", c.ID, "Category", s.t(r, "safety_category_"+string(c.Category))),
			Detail:  s.t(r, "safety_status_"+string(c.Status)),
			Urgency: urgencyLater}
		switch {
		case c.Status == creatorclub.StatusWaiting:
			it.Kind, it.Urgency = "help_waiting", urgencySoon
		case c.Status.Closed():
			it.Urgency = urgencyNews
			it.At = *c.ClosedAt
		}
		items = append(items, it)
	}
	return items, nil
}
