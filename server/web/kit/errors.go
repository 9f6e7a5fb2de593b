package kit

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/ratelimit"
	"loket/server/refusal"
	"loket/server/store"
)

// ErrorKeys maps HTTP statuses to the message people read.
var ErrorKeys = map[int]string{
	fiber.StatusBadRequest:            "error.bad_request",
	fiber.StatusUnauthorized:          "error.unauthorized",
	fiber.StatusForbidden:             "error.forbidden",
	fiber.StatusNotFound:              "error.not_found",
	fiber.StatusMethodNotAllowed:      "error.method",
	fiber.StatusRequestEntityTooLarge: "error.too_large",
	fiber.StatusUnsupportedMediaType:  "error.media_type",
	fiber.StatusUnprocessableEntity:   "error.invalid",
	fiber.StatusTooManyRequests:       "error.too_many",
	fiber.StatusServiceUnavailable:    "error.unavailable",
	fiber.StatusInternalServerError:   "error.server",
}

// refusalStatus is the one table from a domain refusal's kind to the HTTP
// status it answers with.
var refusalStatus = map[refusal.Kind]int{
	refusal.Invalid:     fiber.StatusUnprocessableEntity,
	refusal.NotFound:    fiber.StatusNotFound,
	refusal.Conflict:    fiber.StatusConflict,
	refusal.Locked:      fiber.StatusLocked,
	refusal.Forbidden:   fiber.StatusForbidden,
	refusal.Gone:        fiber.StatusGone,
	refusal.Busy:        fiber.StatusServiceUnavailable,
	refusal.Unavailable: fiber.StatusServiceUnavailable,
	refusal.Malformed:   fiber.StatusBadRequest,
	refusal.TooMany:     fiber.StatusTooManyRequests,
}

// RefusalStatus is the HTTP status a refusal answers with; 422 for a
// refusal without a kind.
func RefusalStatus(r *refusal.Error) int {
	if s := refusalStatus[r.Kind]; s != 0 {
		return s
	}
	return fiber.StatusUnprocessableEntity
}

// APIError is the uniform JSON error body of the API.
type APIError struct {
	Error APIErrorBody `json:"error"`
}

type APIErrorBody struct {
	Code      string     `json:"code"`
	Message   string     `json:"message"`
	RequestID string     `json:"request_id,omitempty"`
	Fields    []APIField `json:"fields,omitempty"`
}

// APIField is a refused field as the API shows it.
type APIField struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is the one place errors become responses: a translated
// page, or the API's JSON error shape. People never see err.Error().
func (h *Kit) HandleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	r, refused := refusal.As(err)
	switch {
	case errors.As(err, &fe):
		status = fe.Code
	case refused && refusalStatus[r.Kind] != 0:
		status = refusalStatus[r.Kind]
	case errors.Is(err, store.ErrReadOnly):
		// The disk refuses writes: say so, keep serving what can be read.
		status = fiber.StatusServiceUnavailable
	}
	key, ok := ErrorKeys[status]
	if fe != nil && fe.Message == csrfRefused {
		// A form whose CSRF token no longer matches: it expired, the
		// person did nothing forbidden.
		key = "error.expired"
	}
	if !ok {
		key = "error.server"
		if status < 500 {
			key = "error.bad_request"
		}
	}
	if status >= 500 {
		h.Log.Error("request failed", "rid", StateOf(c).RequestID, "route", c.Route().Path, "err", err)
	}
	// Errors raised before the locate middleware ran (an oversized body)
	// have no language yet.
	if StateOf(c).Lang == "" {
		StateOf(c).Lang = h.Negotiate(c)
	}
	c.Status(status)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if strings.HasPrefix(c.Path(), "/api/") {
		var fields []refusal.Field
		if refused {
			fields = r.Fields
		}
		return h.APIFail(c, status, strings.TrimPrefix(key, "error."), locale.NewError(key+".text"), fields...)
	}
	page := errorPage{Key: key, Status: status}
	if status == fiber.StatusTooManyRequests {
		if secs, err := strconv.Atoi(string(c.Response().Header.Peek(fiber.HeaderRetryAfter))); err == nil && secs > 0 {
			page.RetryMinutes = (secs + 59) / 60
		}
	}
	return h.Render(c, "error", key+".title", page)
}

// errorPage is what error.html prints; RetryMinutes says when a refused
// person can try again (429), 0 when unknown.
type errorPage struct {
	Key          string
	Status       int
	RetryMinutes int
}

// TooMany refuses a request over l's limit for key, saying in Retry-After
// when the next one will pass.
func TooMany(c *fiber.Ctx, l *ratelimit.Limiter, key string) error {
	if d := l.Wait(key); d > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
	return fiber.ErrTooManyRequests
}

// apiFail writes the API's error shape in the request's language.
func (h *Kit) APIFail(c *fiber.Ctx, status int, code string, msg *locale.Error, fields ...refusal.Field) error {
	p := h.Printer(c)
	rid := StateOf(c).RequestID
	return SendJSON(c.Status(status), APIError{Error: APIErrorBody{Code: code, Message: msg.In(p), RequestID: rid, Fields: apiFields(p, fields)}})
}

// apiFields translates refused fields for the API; a field without a code
// takes its key's last segment ("required", "pattern", ...).
func apiFields(p *locale.Printer, fields []refusal.Field) []APIField {
	if len(fields) == 0 {
		return nil
	}
	out := make([]APIField, 0, len(fields))
	for _, f := range fields {
		code := f.Code
		if code == "" {
			code = f.Key[strings.LastIndexByte(f.Key, '.')+1:]
		}
		out = append(out, APIField{Field: f.Field, Code: code, Message: p.T(f.Key, f.Args...)})
	}
	return out
}

// printer is the request's printer.
func (h *Kit) Printer(c *fiber.Ctx) *locale.Printer {
	lang := StateOf(c).Lang
	return h.Catalogs.Printer(lang)
}

// notFound ends the route table.
func (h *Kit) NotFound(c *fiber.Ctx) error { return fiber.ErrNotFound }
