//go:build !unix

package live

import "net"

type rawConn interface {
	writeNow(b []byte) (int, error)
	peerClosed() bool
}

// rawConnOf returns nil: the hub writes every attached connection from a
// goroutine, with a deadline.
func rawConnOf(net.Conn) rawConn { return nil }
