package email

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpd is a minimal SMTP receiver for the tests (RFC 5321 with STARTTLS,
// implicit TLS and AUTH PLAIN): enough to receive what a real client sends
// and keep it for reading.
type smtpd struct {
	ln         net.Listener
	tls        *tls.Config
	implicit   bool
	noStartTLS bool // a server that does not offer STARTTLS
	user, pass string
	refuse     string // a recipient refused with 550

	mu   sync.Mutex
	msgs []received
}

type received struct {
	from   string
	to     []string
	data   []byte
	tls    bool
	authed bool
}

// testCert is a self-signed certificate for 127.0.0.1 and the pool that
// trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func startSMTPD(t *testing.T, d *smtpd) (port int, client *tls.Config) {
	t.Helper()
	cert, pool := testCert(t)
	d.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if d.implicit {
		ln = tls.NewListener(ln, d.tls)
	}
	d.ln = ln
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go d.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func (d *smtpd) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	_, isTLS := c.(*tls.Conn)
	var msg received
	authed := false
	tp.PrintfLine("220 smtpd.test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"smtpd.test", "8BITMIME", "PIPELINING"}
			if !isTLS && !d.noStartTLS {
				lines = append(lines, "STARTTLS")
			}
			if isTLS && d.user != "" {
				lines = append(lines, "AUTH PLAIN")
			}
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, l)
			}
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, d.tls)
			if tc.Handshake() != nil {
				return
			}
			c, tp, isTLS = tc, textproto.NewConn(tc), true
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if strings.ToUpper(mech) != "PLAIN" || !isTLS {
				tp.PrintfLine("504 unsupported")
				continue
			}
			if resp == "" {
				tp.PrintfLine("334 ")
				resp, _ = tp.ReadLine()
			}
			b, _ := base64.StdEncoding.DecodeString(resp)
			if string(b) == "\x00"+d.user+"\x00"+d.pass {
				authed = true
				tp.PrintfLine("235 ok")
			} else {
				tp.PrintfLine("535 bad credentials")
			}
		case "MAIL":
			if d.user != "" && !authed {
				tp.PrintfLine("530 authentication required")
				continue
			}
			msg = received{from: arg, tls: isTLS, authed: authed}
			tp.PrintfLine("250 ok")
		case "RCPT":
			if d.refuse != "" && strings.Contains(arg, d.refuse) {
				tp.PrintfLine("550 5.1.1 no such user")
				continue
			}
			msg.to = append(msg.to, arg)
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			msg.data = bytes.Clone(data)
			d.mu.Lock()
			d.msgs = append(d.msgs, msg)
			d.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}

func (d *smtpd) received() []received {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]received(nil), d.msgs...)
}
