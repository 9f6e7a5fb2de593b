package bookings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"loket/server/refusal"
	"loket/translations"
)

// userErrors lists every error a user can see.
var userErrors = []*refusal.Error{
	ErrUnknownOffice, ErrUnknownService, ErrNotOnGrid, ErrClosed, ErrInPast, ErrTooSoon, ErrTooFar,
	ErrSlotFull, ErrDossierRequired, ErrDossierMismatch, ErrProcedureNotAllowed, ErrAlreadyBooked,
	ErrBadContact, ErrBadReference, ErrNotFound, ErrWrongPIN, ErrLocked, ErrCancelled, ErrStarted,
	ErrIdempotencyConflict, ErrChallengeInvalid, ErrChallengeExpired, ErrChallengeReplayed, ErrBusy,
	ErrRefTaken, ErrInvalidConfig,
}

func TestErrorsCarryTheirKeyThroughWrapping(t *testing.T) {
	err := fmt.Errorf("booking failed: %w", ErrSlotFull)
	e, ok := refusal.As(err)
	if !ok || e.Key != "booking.error.slot_full" || !errors.Is(err, ErrSlotFull) {
		t.Fatalf("wrapped error lost its key: %v", err)
	}
}

// TestTranslationsCoverEveryKey checks that the English catalog has every
// key this package hands to the HTTP layer; the catalog test in
// server/locale checks that every other language has them too.
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
	need := []string{ReasonClosed, ReasonHoliday, ReasonClosure, ReasonFull, ReasonTooSoon, ReasonTooFar}
	for _, e := range userErrors {
		need = append(need, e.Key)
	}
	for _, h := range Holidays(2026) {
		need = append(need, h.Key)
	}
	for _, o := range DemoOffices() {
		for _, s := range o.Services {
			need = append(need, s.NameKey())
			need = append(need, s.Checklist...)
		}
	}
	for _, k := range need {
		if _, ok := cat.Messages[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
}
