package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"loket/server/refusal"
	"loket/translations"
)

// userErrors lists every refusal a visitor or a desk can see.
var userErrors = []*refusal.Error{
	ErrUnknownOffice, ErrUnknownService, ErrLimitReached, ErrClosedToday, ErrNotFound, ErrOtherDay,
	ErrNoneWaiting, ErrNotCalled, ErrNotWaiting, ErrRecallsLeft, ErrNoRecallsLeft, ErrBadDesk,
	ErrOtherOffice, ErrNotToday, ErrTooEarly, ErrTooLate, ErrCancelled,
	ErrKioskUnknown, ErrKioskRevoked, ErrBadCode, ErrTooManyCodes, ErrInvalidConfig,
}

func TestRefusalsKeepTheirKeyThroughWrapping(t *testing.T) {
	err := fmt.Errorf("call: %w", &CheckInRefusal{Err: ErrTooLate})
	e, ok := refusal.As(err)
	if !ok || e.Key != "queue.checkin.too_late" || !errors.Is(err, ErrTooLate) {
		t.Fatalf("wrapped refusal lost its key: %v", err)
	}
}

// TestTranslationsCoverEveryKey checks that the English catalog has every
// key this package hands to the HTTP layer; the catalog test in
// server/locale checks the other languages. (Before the lead merges
// translations/_new/queue.json, run it on a merged copy.)
func TestTranslationsCoverEveryKey(t *testing.T) {
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
	for _, e := range userErrors {
		if _, ok := cat.Messages[e.Key]; !ok {
			t.Errorf("en lacks %q", e.Key)
		}
	}
}
