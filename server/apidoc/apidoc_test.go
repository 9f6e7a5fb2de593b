package apidoc

import (
	"bytes"
	"context"
	"strings"
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

// TestReferenceCoversEveryOperation arranges the document for the HTML page
// and checks nothing is lost on the way.
func TestReferenceCoversEveryOperation(t *testing.T) {
	doc, err := validate(JSON())
	if err != nil {
		t.Fatal(err)
	}
	ref, err := BuildReference()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, item := range doc.Paths.Map() {
		want += len(item.Operations())
	}
	got := 0
	for _, g := range ref.Groups {
		for _, o := range g.Operations {
			got++
			if o.Summary == "" || len(o.Responses) == 0 {
				t.Errorf("%s %s: summary or responses lost", o.Method, o.Path)
			}
			for _, r := range o.Responses {
				if r.Description == "" {
					t.Errorf("%s %s %s: no description", o.Method, o.Path, r.Status)
				}
			}
		}
	}
	if got != want || len(ref.Schemas) != len(doc.Components.Schemas) || len(ref.Security) != len(doc.Components.SecuritySchemes) {
		t.Errorf("reference has %d operations, %d schemas, %d schemes; document %d, %d, %d",
			got, len(ref.Schemas), len(ref.Security), want, len(doc.Components.Schemas), len(doc.Components.SecuritySchemes))
	}
	var create *Operation
	for _, g := range ref.Groups {
		for i, o := range g.Operations {
			if o.ID == "createBooking" {
				create = &g.Operations[i]
			}
		}
	}
	if create == nil || create.Body == nil || create.Body.Schema != "BookingRequest" || !strings.Contains(create.Body.Example, `"pow_solution": "48213"`) {
		t.Errorf("createBooking body: %+v", create)
	}
}
