// Package bodylimit makes sure no request body is decoded past the body
// limit: the server refuses request bodies sent with a Content-Encoding
// (gzip, br, deflate, in as many layers as a client likes) before any
// handler, middleware or form parser can see them.
//
// The body limit counts the bytes on the wire. Fiber's Ctx.Body decodes
// every Content-Encoding layer into memory without a limit of its own,
// and fasthttp's multipart parser gunzips too: 8 KB of gzip in two layers
// unpack to 2 GiB of zeros, and one such request ended a server with
// "out of memory". Browsers never compress what they send and Loket's
// API does not ask for it, so the encoding is refused, on every route,
// with 415 and "Accept-Encoding: identity" (RFC 7694), rather than
// decoded through a capped reader: nothing is decoded at all.
package bodylimit

import (
	"bytes"

	"github.com/valyala/fasthttp"
)

// Guard wraps the server's handler: a request whose Content-Encoding
// headers name anything but "identity" is answered 415 and never reaches
// next. Every Content-Encoding header counts, not only the first: Fiber
// reads the last.
func Guard(next fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		if encoded(&ctx.Request.Header) {
			refuse(ctx)
			return
		}
		next(ctx)
	}
}

// encoded reports whether any Content-Encoding header names a coding.
func encoded(h *fasthttp.RequestHeader) bool {
	found := false
	h.VisitAll(func(key, value []byte) {
		if found || !bytes.EqualFold(key, []byte(fasthttp.HeaderContentEncoding)) {
			return
		}
		for _, coding := range bytes.Split(value, []byte(",")) {
			coding = bytes.TrimSpace(coding)
			if len(coding) > 0 && !bytes.EqualFold(coding, []byte("identity")) {
				found = true
				return
			}
		}
	})
	return found
}

// refuse answers 415: in the API's JSON error shape under /api/, else as
// plain text. Only programs send encoded bodies, so the text is English.
func refuse(ctx *fasthttp.RequestCtx) {
	const msg = "Request bodies must be sent without Content-Encoding (no gzip, br or deflate)."
	ctx.Response.Reset()
	ctx.SetStatusCode(fasthttp.StatusUnsupportedMediaType)
	ctx.Response.Header.Set(fasthttp.HeaderAcceptEncoding, "identity")
	ctx.Response.Header.Set(fasthttp.HeaderCacheControl, "no-store")
	ctx.SetConnectionClose()
	if bytes.HasPrefix(ctx.Path(), []byte("/api/")) {
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"error":{"code":"unsupported_media_type","message":"` + msg + `"}}`)
		return
	}
	ctx.SetContentType("text/plain; charset=utf-8")
	ctx.SetBodyString(msg + "\n")
}
