// Package apidoc holds Loket's OpenAPI 3.1 document: every JSON route,
// public, back office and queue, with examples, the error shape and the
// security schemes. It is kept by hand in openapi.json, validated by this
// package's tests, and embedded so the server can serve it.
package apidoc

import _ "embed"

//go:embed openapi.json
var document []byte

// JSON returns the OpenAPI document. The bytes are shared: do not modify.
func JSON() []byte { return document }
