package apidoc

import (
	"bytes"
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// validate loads a document with kin-openapi and validates it, examples
// included.
func validate(b []byte) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(context.Background(), openapi3.EnableExamplesValidation())
}

func TestDocumentIsValidOpenAPI31(t *testing.T) {
	doc, err := validate(JSON())
	if err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s: an operationId and a summary are required", method, path)
			}
			for code, r := range op.Responses.Map() {
				if code >= "400" && code != "409" && r.Ref == "" {
					t.Errorf("%s %s: %s does not use a shared error response", method, path, code)
				}
			}
		}
	}
	for _, name := range []string{"BackofficeToken", "BookingPIN", "StaffSession"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Errorf("security scheme %s missing", name)
		}
	}
}

// TestValidationCatchesMistakes shows the check can fail: an example that
// breaks its schema, and a reference to nothing.
func TestValidationCatchesMistakes(t *testing.T) {
	for name, broken := range map[string][]byte{
		"example breaks schema": bytes.Replace(JSON(), []byte(`"pin": "482913"`), []byte(`"pin": 482913`), 1),
		"dangling reference":    bytes.Replace(JSON(), []byte(`"#/components/schemas/OfficeBrief"`), []byte(`"#/components/schemas/Nowhere"`), 1),
	} {
		if bytes.Equal(broken, JSON()) {
			t.Fatalf("%s: nothing replaced", name)
		}
		if _, err := validate(broken); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
