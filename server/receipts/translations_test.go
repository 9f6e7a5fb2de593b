package receipts

import (
	"encoding/json"
	"io/fs"
	"testing"

	"loket/translations"
)

// TestTranslationKeys checks that the English catalog has the strings this
// package needs (a title per kind, a label per field, every error key); the
// catalog test in server/locale checks every other language has them too.
func TestTranslationKeys(t *testing.T) {
	b, err := fs.ReadFile(translations.FS, "en.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Messages map[string]any `json:"messages"`
	}
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	need := []string{"receipt.reference", "receipt.time", "receipt.bring", "receipt.address", "receipt.verify_hint"}
	for _, k := range []string{"kind", "reference", "office", "time", "field", "field_value", "initial", "expires"} {
		need = append(need, "receipt.error."+k)
	}
	for _, kind := range Kinds() {
		need = append(need, "receipt.title."+string(kind))
		for _, f := range kind.FieldKeys() {
			need = append(need, "receipt.field."+f)
		}
	}
	for _, k := range need {
		if _, ok := cat.Messages[k]; !ok {
			t.Errorf("en lacks %s", k)
		}
	}
}
