package web

import "testing"

// BenchmarkReceiptShow runs the /r/{token} page through the whole
// middleware chain without a network, in parallel; wrk against the real
// binary gives the end-to-end figures (see README).
func BenchmarkReceiptShow(b *testing.B) {
	e := newReceiptEnv(b)
	_, token := e.issue(b, "K7M-4QX2")
	benchGet(b, e.app, "/en/r/"+token)
}
