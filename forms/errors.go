package forms

import "errors"

// ErrDefinition marks a form definition that cannot be used; Load wraps it
// with the file and field at fault so a broken definition stops start-up
// instead of failing on the first visitor.
var ErrDefinition = errors.New("forms: invalid definition")

// Error codes: each maps to the generic key "form.error.<code>", and a
// definition may override it per field in its "errors" object.
const (
	codeRequired   = "required"
	codeTooLong    = "too_long"
	codeTooShort   = "too_short"
	codePattern    = "pattern"
	codeDate       = "date"
	codeDateFormat = "date_format"
	codeDateFuture = "date_future"
	codeDatePast   = "date_past"
	codeDateMin    = "date_min"
	codeDateMax    = "date_max"
	codeOption     = "option"
	codeType       = "type"
	codeConsent    = "consent"
	codeText       = "text"
	codeEmail      = "email"
	codePhone      = "phone"
	codeDigits     = "digits"
)

// errorCodes lists every code, for checking definition overrides and for Keys.
var errorCodes = []string{
	codeRequired, codeTooLong, codeTooShort, codePattern, codeDate, codeDateFormat,
	codeDateFuture, codeDatePast, codeDateMin, codeDateMax, codeOption, codeType,
	codeConsent, codeText, codeEmail, codePhone, codeDigits,
}

// Keys the renderer itself prints, besides the error codes.
const (
	keySummaryTitle = "form.error.summary_title"
	keySummaryItem  = "form.error.summary_item"
	keyErrorPrefix  = "form.error.prefix"
	keyOptional     = "form.optional"
	keyChoose       = "form.select.placeholder"
)

func genericKey(code string) string { return "form.error." + code }
