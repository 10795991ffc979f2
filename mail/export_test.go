package mail

import "crypto/x509"

// SetRootCAs makes s trust the certificates in pool, for tests against a
// server with a self-signed certificate.
func SetRootCAs(s *SMTPSender, pool *x509.CertPool) {
	s.tlsConfig.RootCAs = pool
}
