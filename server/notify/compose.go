package notify

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"loket/server/locale"
)

// Texts gives a printer per language; *locale.Catalogs is one.
type Texts interface {
	Printer(lang string) *locale.Printer
}

// Page is the public page, in language lang, that a subject's messages
// open: it asks for the reference and PIN (or birth date) again unless the
// browser still holds its grant, so a message never carries anything that
// opens a dossier. Tickets open the page the phone already shows ("").
func Page(k Kind, lang string) string {
	p := ""
	switch k {
	case KindDossier:
		p = "/status"
	case KindBooking:
		p = "/appointments/manage"
	case KindHelp:
		p = "/help/status"
	case KindAddress:
		p = "/address/status"
	case KindLawyer:
		p = "/staff/lawyer"
	default:
		return ""
	}
	return "/" + lang + p
}

// StopPath is the one-tap unsubscribe page of subscription id, in lang:
// GET shows a button, POST stops it (RFC 8058 one-click).
func StopPath(lang, id string) string { return "/" + lang + "/notify/stop/" + id }

// PushContent is what a push message carries for the service worker to
// show: one sentence in the subscriber's language and nothing personal.
type PushContent struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"`
	// Tag is the same for every copy of one message: the browser replaces
	// a copy it shows already, so a redelivery is never seen twice.
	Tag  string `json:"tag"`
	Lang string `json:"lang"`
	Dir  string `json:"dir"`
}

// PushPayload is the plaintext of m's push message.
func PushPayload(t Texts, m Message) ([]byte, error) {
	p := t.Printer(m.Lang)
	return json.Marshal(PushContent{Title: p.T("notify.push.title"), Body: p.T("notify.push." + string(m.Event)),
		URL: Page(m.Subject.Kind, p.Lang()), Tag: Tag(m.Key), Lang: p.Lang(), Dir: p.Dir()})
}

// Tag is a short opaque digest of an idempotency key.
func Tag(key string) string {
	h := sha256.Sum256([]byte(key))
	return base64.RawURLEncoding.EncodeToString(h[:12])
}
