//go:build unix

package live

import (
	"net"
	"syscall"
)

// rawConn writes to a socket without waiting for it: a full socket must not
// hold up the viewers after it.
type rawConn interface {
	// writeNow writes what the socket takes at once and returns how much.
	writeNow(b []byte) (int, error)
	// peerClosed reports whether the client has closed its side (anything
	// it sent since is read and discarded).
	peerClosed() bool
}

type sysConn struct{ rc syscall.RawConn }

// rawConnOf returns the raw side of conn, or nil when it has none (a TLS
// connection, a pipe in tests): the hub then writes it from a goroutine.
func rawConnOf(conn net.Conn) rawConn {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return sysConn{rc}
}

func (c sysConn) writeNow(b []byte) (int, error) {
	n := 0
	var werr error
	err := c.rc.Write(func(fd uintptr) bool {
		for n < len(b) {
			m, err := syscall.Write(int(fd), b[n:])
			switch {
			case err == syscall.EINTR:
				continue
			case err == syscall.EAGAIN:
				return true // full: the rest waits
			case err != nil:
				werr = err
				return true
			}
			n += m
		}
		return true
	})
	if werr != nil {
		return n, werr
	}
	return n, err
}

func (c sysConn) peerClosed() bool {
	closed := false
	err := c.rc.Read(func(fd uintptr) bool {
		var buf [512]byte
		for range 8 {
			n, err := syscall.Read(int(fd), buf[:])
			switch {
			case err == syscall.EINTR:
				continue
			case err == syscall.EAGAIN:
				return true
			case err != nil || n == 0:
				closed = true
				return true
			}
		}
		return true
	})
	return closed || err != nil && !isTimeout(err)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
