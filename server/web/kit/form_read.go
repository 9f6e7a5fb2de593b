package kit

import (
	"net/url"

	"github.com/gofiber/fiber/v2"
)

// PostedForm is the one reader of a posted form: the url-encoded body,
// copied (Fiber reuses its buffers); a body that is not url-encoded is a 400.
func PostedForm(c *fiber.Ctx) (url.Values, error) {
	v, err := url.ParseQuery(string(c.Body()))
	if err != nil {
		return nil, fiber.ErrBadRequest
	}
	return v, nil
}
