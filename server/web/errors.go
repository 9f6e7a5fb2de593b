package web

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/refusal"
	"loket/server/store"
)

// errorKeys maps HTTP statuses to the message people read.
var errorKeys = map[int]string{
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
}

// apiError is the uniform JSON error body of the API.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code      string     `json:"code"`
	Message   string     `json:"message"`
	RequestID string     `json:"request_id,omitempty"`
	Fields    []apiField `json:"fields,omitempty"`
}

// apiField is a refused field as the API shows it.
type apiField struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is the one place errors become responses: a translated
// page, or the API's JSON error shape. People never see err.Error().
func (h *handler) handleError(c *fiber.Ctx, err error) error {
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
	key, ok := errorKeys[status]
	if !ok {
		key = "error.server"
		if status < 500 {
			key = "error.bad_request"
		}
	}
	if status >= 500 {
		h.Log.Error("request failed", "rid", c.Locals(localRequestID), "route", c.Route().Path, "err", err)
	}
	// Errors raised before the locate middleware ran (an oversized body)
	// have no language yet.
	if c.Locals(localLang) == nil {
		c.Locals(localLang, h.negotiate(c))
	}
	c.Status(status)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if strings.HasPrefix(c.Path(), "/api/") {
		var fields []refusal.Field
		if refused {
			fields = r.Fields
		}
		return h.apiFail(c, status, strings.TrimPrefix(key, "error."), locale.NewError(key+".text"), fields...)
	}
	page := errorPage{Key: key, Status: status}
	if status == fiber.StatusTooManyRequests {
		if secs, err := strconv.Atoi(string(c.Response().Header.Peek(fiber.HeaderRetryAfter))); err == nil && secs > 0 {
			page.RetryMinutes = (secs + 59) / 60
		}
	}
	return h.render(c, "error", key+".title", page)
}

// errorPage is what error.html prints; RetryMinutes says when a refused
// person can try again (429), 0 when unknown.
type errorPage struct {
	Key          string
	Status       int
	RetryMinutes int
}

// tooMany refuses a request over l's limit for key, saying in Retry-After
// when the next one will pass.
func tooMany(c *fiber.Ctx, l *limiter, key string) error {
	if d := l.wait(key); d > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
	return fiber.ErrTooManyRequests
}

// apiFail writes the API's error shape in the request's language.
func (h *handler) apiFail(c *fiber.Ctx, status int, code string, msg *locale.Error, fields ...refusal.Field) error {
	p := h.printer(c)
	rid, _ := c.Locals(localRequestID).(string)
	return sendJSON(c.Status(status), apiError{Error: apiErrorBody{Code: code, Message: msg.In(p), RequestID: rid, Fields: apiFields(p, fields)}})
}

// apiFields translates refused fields for the API; a field without a code
// takes its key's last segment ("required", "pattern", ...).
func apiFields(p *locale.Printer, fields []refusal.Field) []apiField {
	if len(fields) == 0 {
		return nil
	}
	out := make([]apiField, 0, len(fields))
	for _, f := range fields {
		code := f.Code
		if code == "" {
			code = f.Key[strings.LastIndexByte(f.Key, '.')+1:]
		}
		out = append(out, apiField{Field: f.Field, Code: code, Message: p.T(f.Key, f.Args...)})
	}
	return out
}

// printer is the request's printer.
func (h *handler) printer(c *fiber.Ctx) *locale.Printer {
	lang, _ := c.Locals(localLang).(string)
	return h.Catalogs.Printer(lang)
}

// notFound ends the route table.
func (h *handler) notFound(c *fiber.Ctx) error { return fiber.ErrNotFound }
