package kit

import (
	"encoding/json"
	"errors"
	"loket/server/locale"
	"loket/server/refusal"

	"github.com/gofiber/fiber/v2"
)

// JSONObject decodes a JSON object body; anything else is a 400.
func JSONObject(c *fiber.Ctx) (map[string]any, error) {
	var body map[string]any
	if err := json.Unmarshal(c.Body(), &body); err != nil || body == nil {
		return nil, fiber.ErrBadRequest
	}
	return body, nil
}

// decodeJSON reads the body into v; a wrongly typed property is a 422
// about that field, other malformed JSON a 400.
func (h *Kit) DecodeJSON(c *fiber.Ctx, v any) (bool, error) {
	err := json.Unmarshal(c.Body(), v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &te):
		return false, h.FieldFail(c, te.Field, "type", locale.NewError("form.error.type"))
	default:
		return false, h.APIFail(c, fiber.StatusBadRequest, "bad_request", locale.NewError("error.bad_request.text"))
	}
}

// fieldFail answers a 422 about one request field.
func (h *Kit) FieldFail(c *fiber.Ctx, field, code string, msg *locale.Error) error {
	return h.APIFail(c, fiber.StatusUnprocessableEntity, code, msg,
		refusal.Field{Field: field, Code: code, Key: msg.Key, Args: msg.Args})
}
