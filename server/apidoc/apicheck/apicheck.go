// Package apicheck checks real HTTP exchanges against Loket's OpenAPI
// document (package apidoc), so tests that talk to a running server catch
// any answer the document does not describe: an undocumented status, a
// missing or extra property, a wrong type. It is for tests only.
package apicheck

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"loket/server/apidoc"
)

// Checker validates exchanges. It is safe for concurrent use.
type Checker struct {
	router routers.Router

	mu       sync.Mutex
	failures []string
	checked  int
}

// New loads and validates the document.
func New() (*Checker, error) {
	doc, err := openapi3.NewLoader().LoadFromData(apidoc.JSON())
	if err != nil {
		return nil, fmt.Errorf("apicheck: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("apicheck: %w", err)
	}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apicheck: %w", err)
	}
	return &Checker{router: r}, nil
}

// Documented reports whether the document has an operation for the
// request's method and path.
func (c *Checker) Documented(req *http.Request) bool {
	_, _, err := c.router.FindRoute(req)
	return err == nil
}

// CheckAnswer validates a response only: for tests that send requests the
// document forbids on purpose and check the refusal.
func (c *Checker) CheckAnswer(req *http.Request, res *http.Response, resBody []byte) error {
	return c.check(req, nil, res, resBody, false)
}

// Check validates one exchange: the request as sent (body given, since it
// was consumed) and the response as received.
func (c *Checker) Check(req *http.Request, reqBody []byte, res *http.Response, resBody []byte) error {
	return c.check(req, reqBody, res, resBody, true)
}

func (c *Checker) check(req *http.Request, reqBody []byte, res *http.Response, resBody []byte, checkRequest bool) error {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: not in the OpenAPI document: %w", req.Method, req.URL.Path, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	// Only JSON bodies are checked, as sent: a compressed one, or a PDF or
	// calendar file, is checked for its status alone.
	if res.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		opts.ExcludeResponseBody = true
	}
	r := req.Clone(context.Background())
	r.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	if err := validateRequest(in, checkRequest); err != nil {
		return fmt.Errorf("%s %s: request: %w", req.Method, req.URL.Path, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header, Options: opts}
	out.SetBodyBytes(resBody)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s %s: response %d: %w", req.Method, req.URL.Path, res.StatusCode, err)
	}
	return nil
}

// Transport wraps base (nil: http.DefaultTransport) so that every exchange
// under /api/ and /.well-known/ is checked; see Failures.
func (c *Checker) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripper{c, base}
}

// Failures lists the exchanges that broke the document, and how many were
// checked.
func (c *Checker) Failures() ([]string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.failures...), c.checked
}

// validateRequest checks the request against the document when asked.
func validateRequest(in *openapi3filter.RequestValidationInput, ask bool) error {
	if !ask {
		return nil
	}
	return openapi3filter.ValidateRequest(context.Background(), in)
}

type roundTripper struct {
	c    *Checker
	base http.RoundTripper
}

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/") && !strings.HasPrefix(req.URL.Path, "/.well-known/") {
		return rt.base.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body.Close()
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	res, err := rt.base.RoundTrip(req)
	if err != nil {
		return res, err
	}
	resBody, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	check := rt.c.Check(req, reqBody, res, resBody)
	rt.c.mu.Lock()
	rt.c.checked++
	if check != nil {
		rt.c.failures = append(rt.c.failures, check.Error())
	}
	rt.c.mu.Unlock()
	return res, nil
}
