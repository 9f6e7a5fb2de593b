package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/server/locale"
	"loket/server/store"
)

// errorKeys maps HTTP statuses to the message people read.
var errorKeys = map[int]string{
	fiber.StatusBadRequest:            "error.bad_request",
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

// apiError is the uniform JSON error body of the API.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	RequestID string       `json:"request_id,omitempty"`
	Fields    []fieldError `json:"fields,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is the one place errors become responses: a translated
// page, or the API's JSON error shape. People never see err.Error().
func (h *handler) handleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		status = fe.Code
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
		return h.apiFail(c, status, strings.TrimPrefix(key, "error."), locale.NewError(key+".text"))
	}
	return h.render(c, "error", key+".title", fiber.Map{"Key": key, "Status": status})
}

// apiFail writes the API's error shape in the request's language.
func (h *handler) apiFail(c *fiber.Ctx, status int, code string, msg *locale.Error, fields ...fieldError) error {
	p := h.printer(c)
	rid, _ := c.Locals(localRequestID).(string)
	return sendJSON(c.Status(status), apiError{Error: apiErrorBody{Code: code, Message: msg.In(p), RequestID: rid, Fields: fields}})
}

// printer is the request's printer.
func (h *handler) printer(c *fiber.Ctx) *locale.Printer {
	lang, _ := c.Locals(localLang).(string)
	return h.Catalogs.Printer(lang)
}

// notFound ends the route table.
func (h *handler) notFound(c *fiber.Ctx) error { return fiber.ErrNotFound }
