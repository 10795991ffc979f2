package creatorclub

import "time"

// Notification is an in-app notice in a user's notification centre, linking
// to the page it is about. Features create them with the store's Notify.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string // the feature that sent it: "committee", "certification", "course", "help"…
	Title     string
	Link      string // a local path
	ReadAt    *time.Time
	CreatedAt time.Time
}

// Unread reports whether the user has not opened the notification yet.
func (n *Notification) Unread() bool { return n.ReadAt == nil }
