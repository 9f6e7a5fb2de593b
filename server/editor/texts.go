package editor

import (
	"slices"
	"strings"

	"loket/server/content"
	"loket/server/dossiers"
)

// LiveTexts connects the editor to what the site shows: the information
// pages and the status texts, in Loket's languages.
type LiveTexts struct {
	Pages     *content.Library
	Statuses  *dossiers.Catalog
	Languages []string
}

var _ Texts = LiveTexts{}

// statusScope splits a status key "procedure.code" ("_default.code").
func statusScope(key string) (scope, code string, ok bool) {
	return strings.Cut(key, ".")
}

// Shipped is the text as shipped, in the editor's body format.
func (t LiveTexts) Shipped(ref Ref) (string, bool) {
	if !slices.Contains(t.Languages, ref.Lang) {
		return "", false
	}
	switch ref.Kind {
	case KindPage:
		src, ok := t.Pages.Shipped(ref.Lang, ref.Key)
		return string(src), ok
	case KindStatus:
		scope, code, ok := statusScope(ref.Key)
		if !ok {
			return "", false
		}
		x, ok := t.Statuses.ShippedText(ref.Lang, scope, code)
		if !ok {
			return "", false
		}
		return FormatStatus(map[string]string{"title": x.Title, "meaning": x.Meaning, "action": x.Action, "next": x.Next, "duration": x.Duration}), true
	}
	return "", false
}

// ShippedReviewed reports whether the shipped text is marked reviewed
// (pages.json, status/{lang}.json).
func (t LiveTexts) ShippedReviewed(ref Ref) bool {
	switch ref.Kind {
	case KindPage:
		return t.Pages.ShippedReviewed(ref.Lang, ref.Key)
	case KindStatus:
		scope, code, _ := statusScope(ref.Key)
		x, ok := t.Statuses.ShippedText(ref.Lang, scope, code)
		return ok && x.Reviewed
	}
	return false
}

// Check refuses a page that does not render with a title, or a status
// body that is not the five fields.
func (t LiveTexts) Check(ref Ref, body string) error {
	if ref.Kind == KindStatus {
		_, err := ParseStatus(body)
		return err
	}
	_, err := content.Render([]byte(body))
	return err
}

// Apply publishes body as the live text.
func (t LiveTexts) Apply(ref Ref, body string, reviewed bool) error {
	if ref.Kind == KindPage {
		return t.Pages.Apply(ref.Lang, ref.Key, []byte(body), reviewed)
	}
	f, err := ParseStatus(body)
	if err != nil {
		return err
	}
	scope, code, _ := statusScope(ref.Key)
	return t.Statuses.SetText(ref.Lang, scope, code, dossiers.Text{Title: f["title"], Meaning: f["meaning"],
		Action: f["action"], Next: f["next"], Duration: f["duration"], Reviewed: reviewed})
}
