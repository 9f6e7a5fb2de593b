package kit

import (
	"net/url"

	"github.com/gofiber/fiber/v2"
)

// PostedForm is the one reader of a posted form: the url-encoded body,
// parsed once per request and kept in its state (copied: Fiber reuses its
// buffers). A body that is not url-encoded is a 400. Query parameters are
// not part of the form: read them with c.Query.
func PostedForm(c *fiber.Ctx) (url.Values, error) {
	s := StateOf(c)
	if s.form != nil {
		return s.form, nil
	}
	v, err := url.ParseQuery(string(c.Body()))
	if err != nil {
		return nil, fiber.ErrBadRequest
	}
	s.form = v
	return v, nil
}
