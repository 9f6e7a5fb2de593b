package address

import (
	"loket/server/refusal"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Document types a visitor can travel on.
const (
	DocPassport = "passport"
	DocIDCard   = "id_card"
	DocOther    = "other"
)

// Statuses the municipality sets.
const (
	StatusNew     = "new"
	StatusChecked = "checked"
	StatusComeIn  = "come_in"
)

// Statuses the back office sets.
const (
	BackofficeMatched = "matched"
	BackofficeToCheck = "to_check"
)

// MaxShortStay is the longest stay a short-stay notification covers.
const MaxShortStay = 90

// Input is one submission, as the form posts it after the forms engine
// has normalised it (dates YYYY-MM-DD, document number upper-case without
// spaces, postcode ASCII digits).
type Input struct {
	Surname, GivenNames string
	BirthDate           string
	Nationality         string // ISO 3166-1 alpha-2
	DocType, DocNumber  string
	EntryDate           string
	Street, Number, Box string
	Postcode            string
	Municipality        string // Municipality.Code
	DepartureDate       string
	Phone, Email        string
	// Lang is the visitor's language, for the receipt.
	Lang string
	// IdempotencyKey names the form that was sent ("" for none): sent
	// again, it gets the first notification back (Submission.Replayed)
	// with the same reference and PIN (refcode.Keyed), not a second one.
	IdempotencyKey string
}

// Notification is a recorded address notification.
type Notification struct {
	Ref           Reference `json:"ref"`
	PINHash       []byte    `json:"pin_hash"`
	Surname       string    `json:"surname"`
	GivenNames    string    `json:"given_names,omitempty"`
	BirthDate     string    `json:"birth_date"`
	Nationality   string    `json:"nationality"`
	DocType       string    `json:"doc_type"`
	DocNumber     string    `json:"doc_number"`
	EntryDate     string    `json:"entry_date"`
	Street        string    `json:"street"`
	Number        string    `json:"number"`
	Box           string    `json:"box,omitempty"`
	Postcode      string    `json:"postcode"`
	Municipality  string    `json:"municipality"`
	DepartureDate string    `json:"departure_date"`
	Phone         string    `json:"phone,omitempty"`
	Email         string    `json:"email,omitempty"`
	Lang          string    `json:"lang"`
	Created       time.Time `json:"created"`
	// Status is the municipality's: new, checked or come_in.
	Status   string    `json:"status"`
	StatusAt time.Time `json:"status_at,omitzero"`
	StatusBy string    `json:"status_by,omitempty"`
	// History is every status the municipality set, oldest first.
	History []StatusChange `json:"history,omitempty"`
	// Backoffice is the back office's status: "", matched or to_check.
	Backoffice   string    `json:"backoffice,omitempty"`
	BackofficeAt time.Time `json:"backoffice_at,omitzero"`
	// Previous is the notification this one replaces (an address change);
	// SupersededBy the one that replaced it.
	Previous     Reference `json:"previous,omitempty"`
	SupersededBy Reference `json:"superseded_by,omitempty"`
	ReceiptID    string    `json:"receipt_id"`
	ReceiptToken string    `json:"receipt_token"`
	// PINFailures counts recent wrong PINs; LockedUntil stops guessing.
	PINFailures int       `json:"pin_failures,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// StatusChange is one status a municipality set: which, when, by whom
// (an account id).
type StatusChange struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// Input returns the visitor's answers, to prefill an address change.
func (n Notification) Input() Input {
	return Input{Surname: n.Surname, GivenNames: n.GivenNames, BirthDate: n.BirthDate, Nationality: n.Nationality,
		DocType: n.DocType, DocNumber: n.DocNumber, EntryDate: n.EntryDate, Street: n.Street, Number: n.Number,
		Box: n.Box, Postcode: n.Postcode, Municipality: n.Municipality, DepartureDate: n.DepartureDate,
		Phone: n.Phone, Email: n.Email, Lang: n.Lang}
}

// docPatterns are the document number formats per type: passports carry
// 6 to 9 letters and digits in the machine-readable zone; identity cards
// of the Schengen states 5 to 12; other documents 3 to 20.
var docPatterns = map[string]*regexp.Regexp{
	DocPassport: regexp.MustCompile(`^[A-Z0-9]{6,9}$`),
	DocIDCard:   regexp.MustCompile(`^[A-Z0-9]{5,12}$`),
	DocOther:    regexp.MustCompile(`^[A-Z0-9]{3,20}$`),
}

// latinText reports whether s is written in Latin letters, as the
// machine-readable zone of a travel document has it: letters of the Latin
// script (accents allowed), spaces, hyphens, apostrophes and, when
// digits is set, digits, dots, commas and slashes.
func latinText(s string, digits bool) bool {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Latin, r), unicode.Is(unicode.Mn, r):
		case r == ' ' || r == '-' || r == '\'' || r == '’':
		case digits && (r >= '0' && r <= '9' || r == '.' || r == ',' || r == '/'):
		default:
			return false
		}
	}
	return true
}

// validate checks what the forms engine cannot: scripts, lists, document
// formats and how the dates relate. today is the office's calendar day.
func (s *Service) validate(in Input, today time.Time) *refusal.Error {
	v := refusal.Fields(ErrInvalid)
	fail := v.Add
	for field, val := range map[string]string{"surname": in.Surname, "given_names": in.GivenNames} {
		if !latinText(val, false) {
			fail(field, "address.error.latin")
		}
	}
	if strings.TrimSpace(in.Surname) == "" {
		fail("surname", "address.error.surname")
	}
	if in.Street != "" && !latinText(in.Street, true) {
		fail("street", "address.error.latin")
	}
	if _, ok := s.countries.Get(in.Nationality); !ok {
		fail("nationality", "address.error.nationality")
	}
	if re, ok := docPatterns[in.DocType]; !ok {
		fail("doc_type", "address.error.doc_type")
	} else if !re.MatchString(in.DocNumber) {
		fail("doc_number", "address.error.doc_number."+in.DocType)
	}
	if _, ok := s.dir.Get(in.Municipality); !ok {
		fail("municipality", "address.error.municipality")
	} else if !s.dir.KnownPostcode(in.Postcode) {
		fail("postcode", "address.error.postcode_unknown")
	} else if !s.dir.Matches(in.Municipality, in.Postcode) {
		fail("postcode", "address.error.postcode_mismatch")
	}
	birth, errB := time.Parse(time.DateOnly, in.BirthDate)
	entry, errE := time.Parse(time.DateOnly, in.EntryDate)
	departure, errD := time.Parse(time.DateOnly, in.DepartureDate)
	if errB != nil {
		fail("birth_date", "address.error.date")
	}
	if errE != nil {
		fail("entry_date", "address.error.date")
	} else if entry.After(today) {
		fail("entry_date", "address.error.entry_future")
	} else if errB == nil && entry.Before(birth) {
		fail("entry_date", "address.error.entry_before_birth")
	}
	if errD != nil {
		fail("departure_date", "address.error.date")
	} else if errE == nil && !departure.After(entry) {
		fail("departure_date", "address.error.departure_before_entry")
	} else if errE == nil && departure.Sub(entry) > MaxShortStay*24*time.Hour {
		fail("departure_date", "address.error.long_stay", "days", MaxShortStay)
	}
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// AddressLine is the street address on one line, as Belgian addresses
// are written: street, number, box.
func (n Notification) AddressLine() string {
	s := n.Street + " " + n.Number
	if n.Box != "" {
		s += " bus/bte " + n.Box
	}
	return s + ", " + n.Postcode
}
