package bookings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"testing"
)

// userErrors lists every error a user can see.
var userErrors = []*Error{
	ErrUnknownOffice, ErrUnknownService, ErrNotOnGrid, ErrClosed, ErrInPast, ErrTooSoon, ErrTooFar,
	ErrSlotFull, ErrDossierRequired, ErrDossierMismatch, ErrProcedureNotAllowed, ErrAlreadyBooked,
	ErrBadContact, ErrBadReference, ErrNotFound, ErrWrongPIN, ErrLocked, ErrCancelled, ErrStarted,
	ErrIdempotencyConflict, ErrChallengeInvalid, ErrChallengeExpired, ErrChallengeReplayed, ErrBusy,
	ErrRefTaken, ErrInvalidConfig,
}

func TestErrorsCarryTheirKeyThroughWrapping(t *testing.T) {
	err := fmt.Errorf("booking failed: %w", ErrSlotFull)
	var e *Error
	if !errors.As(err, &e) || e.Key() != "booking.error.slot_full" || !errors.Is(err, ErrSlotFull) {
		t.Fatalf("wrapped error lost its key: %v", err)
	}
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

func placeholders(v any) []string {
	var texts []string
	switch v := v.(type) {
	case string:
		texts = []string{v}
	case map[string]any:
		for _, t := range v {
			s, _ := t.(string)
			texts = append(texts, s)
		}
	}
	set := map[string]bool{}
	for _, t := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestTranslationsCoverEveryKey checks translations/_new/bookings.json:
// all 13 languages, the same keys and placeholders as English, and every
// key this package hands to the HTTP layer.
func TestTranslationsCoverEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../translations/_new/bookings.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat map[string]map[string]any
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	langs := []string{"nl", "fr", "de", "en", "ar", "fa", "ps", "ti", "so", "tr", "uk", "ru", "es"}
	if len(cat) != len(langs) {
		t.Errorf("%d languages, want %d", len(cat), len(langs))
	}
	en := cat["en"]
	need := []string{ReasonClosed, ReasonHoliday, ReasonClosure, ReasonFull, ReasonTooSoon, ReasonTooFar}
	for _, e := range userErrors {
		need = append(need, e.Key())
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
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	for _, l := range langs {
		msgs, ok := cat[l]
		if !ok {
			t.Errorf("language %s missing", l)
			continue
		}
		for k, v := range en {
			got, ok := msgs[k]
			if !ok {
				t.Errorf("%s lacks %q", l, k)
				continue
			}
			if s, isText := got.(string); isText && s == "" {
				t.Errorf("%s: %q is empty", l, k)
			}
			if m, isPlural := got.(map[string]any); isPlural && m["other"] == nil {
				t.Errorf("%s: plural %q has no other", l, k)
			}
			if !reflect.DeepEqual(placeholders(got), placeholders(v)) {
				t.Errorf("%s: %q uses %v, en uses %v", l, k, placeholders(got), placeholders(v))
			}
		}
		if len(msgs) != len(en) {
			t.Errorf("%s has %d keys, en %d", l, len(msgs), len(en))
		}
	}
}
