package sqldb

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// NotifyChannel announces a change to the other server instances sharing
// this PostgreSQL database (NOTIFY). On SQLite, which one instance owns, it
// does nothing. (Notify, in notifications.go, is the members' in-app
// notification centre.)
func (db *DB) NotifyChannel(ctx context.Context, channel, payload string) error {
	if db.Engine != Postgres {
		return nil
	}
	if _, err := db.Write.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
		return fmt.Errorf("sqldb: notify %s: %w", channel, err)
	}
	return nil
}

// Listen calls fn with the payload of every notification on channel until
// ctx ends, reconnecting after errors. onListen runs each time a LISTEN is in
// place (first connection and reconnections), so the caller can catch up on
// what a lost connection missed. On SQLite it returns at once.
func (db *DB) Listen(ctx context.Context, channel string, logger *slog.Logger, onListen func(), fn func(payload string)) {
	if db.Engine != Postgres {
		return
	}
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, channel, onListen, fn)
		if ctx.Err() != nil {
			return
		}
		logger.Warn("sqldb: listen connection lost; reconnecting", "channel", channel, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, channel string, listening func(), fn func(string)) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return fmt.Errorf("sqldb: listen connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("sqldb: listen %s: %w", channel, err)
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("sqldb: wait for notification: %w", err)
		}
		fn(n.Payload)
	}
}
