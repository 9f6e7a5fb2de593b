package kit

import (
	"bytes"
	"encoding/json"
	"errors"
	"loket/server/locale"
	"loket/server/refusal"

	"github.com/gofiber/fiber/v2"
)

// errNotObject is a JSON body that is not one object.
var errNotObject = errors.New("body is not a JSON object")

// DecodeJSON is the one reader of a JSON body: one JSON object, decoded
// into v (a struct, or a map for payloads checked field by field). A body
// that is not a JSON object answers 400; a property of the wrong type 422
// about that field. When ok is false the answer is written and err is
// what the handler returns.
func (h *Kit) DecodeJSON(c *fiber.Ctx, v any) (bool, error) {
	body := bytes.TrimLeft(c.Body(), " \t\r\n")
	err := errNotObject
	if len(body) > 0 && body[0] == '{' {
		err = json.Unmarshal(body, v)
	}
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &te) && te.Field != "":
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
