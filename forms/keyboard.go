package forms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Keyboards are the kiosk's on-screen input layouts (kiosk/static/keyboard.js
// builds them). A field names one with "keyboard"; most types imply one.
const (
	kbDigits = "digits" // 0-9 only: dossier numbers, PINs, postcodes
	kbCode   = "code"   // the reference alphabet (refcode.Alphabet)
	kbPhone  = "phone"  // digits and +
	kbEmail  = "email"  // lower-case Latin, digits, @ . - _ +
	kbText   = "text"   // every script of the 13 languages
	kbLatin  = "latin"  // Latin letters only, with a note saying so
	kbDate   = "date"   // day / month / year pickers
	kbPick   = "pick"   // the options as buttons (select and choice)
)

var keyboards = []string{kbDigits, kbCode, kbPhone, kbEmail, kbText, kbLatin, kbDate, kbPick}

// defaultKeyboard is the layout a type gets when its definition names none;
// consent and hidden fields have none. Date and pick belong to their types.
var defaultKeyboard = map[fieldType]string{
	typeText: kbText, typeTextarea: kbText, typeDate: kbDate, typePhone: kbPhone,
	typeEmail: kbEmail, typeDossier: kbDigits, typePin: kbDigits, typeSelect: kbPick, typeChoice: kbPick,
}

// Translation keys of the labels the kiosk keyboards show. The renderer
// prints them into the kiosk form so the script needs no catalog of its own.
const (
	keyKbName      = "kiosk.keyboard.name"
	keyKbDelete    = "kiosk.keyboard.delete"
	keyKbSpace     = "kiosk.keyboard.space"
	keyKbShift     = "kiosk.keyboard.shift"
	keyKbNext      = "kiosk.keyboard.next"
	keyKbScript    = "kiosk.keyboard.script"
	keyKbLatinOnly = "kiosk.keyboard.latin_only"
	keyKbDay       = "kiosk.date.day"
	keyKbMonth     = "kiosk.date.month"
	keyKbYear      = "kiosk.date.year"
	keyKbMonthN    = "kiosk.date.month_" // + 1..12
	keyStep        = "kiosk.step.progress"
	keyStepBack    = "kiosk.step.back"
	keyStepNext    = "kiosk.step.next"
)

func keyboardKeys() []string {
	keys := []string{keyKbName, keyKbDelete, keyKbSpace, keyKbShift, keyKbNext, keyKbScript,
		keyKbLatinOnly, keyKbDay, keyKbMonth, keyKbYear, keyStep, keyStepBack, keyStepNext}
	for m := 1; m <= 12; m++ {
		keys = append(keys, keyKbMonthN+strconv.Itoa(m))
	}
	return keys
}

func compileKeyboard(f *field, name string) error {
	if name == "" {
		f.keyboard = defaultKeyboard[f.typ]
		return nil
	}
	if !slices.Contains(keyboards, name) {
		return fmt.Errorf("unknown keyboard %q", name)
	}
	def, typed := defaultKeyboard[f.typ]
	switch {
	case !typed:
		return fmt.Errorf("keyboard does not apply to type %s", f.typ)
	case (def == kbDate) != (name == kbDate) || (def == kbPick) != (name == kbPick):
		return fmt.Errorf("keyboard %q does not fit type %s", name, f.typ)
	}
	f.keyboard = name
	return nil
}

// dateOrders is the order in which each language writes a date's parts,
// from CLDR's short date patterns; the kiosk asks for them in this order.
// Languages not listed write day, month, year.
var dateOrders = map[string]string{"fa": "ymd", "ps": "ymd"}

func dateOrder(lang string) string {
	if o, ok := dateOrders[lang]; ok {
		return o
	}
	return "dmy"
}

// kioskDate shows a date value as the kiosk's text field holds it: in the
// language's order, with ASCII digits, which parseDate reads back. Values
// that are not a date stay as typed, so the visitor sees their input.
func kioskDate(value, lang string) string {
	d, code := parseDate(value)
	if code != "" {
		return value
	}
	if dateOrder(lang) == "ymd" {
		return d.Format(time.DateOnly)
	}
	return d.Format("02/01/2006")
}

// kioskLabels are the keyboard's translated labels, as data attributes of
// the kiosk form.
type kioskLabels struct {
	Name, Delete, Space, Shift, Next, Script, LatinOnly string
	Day, Month, Year, Months, DateOrder                 string
	// Step, StepBack, StepNext label a form split into steps; Step has
	// #n and #total for the script to fill.
	Step, StepBack, StepNext string
}

func newKioskLabels(p Printer, steps bool) *kioskLabels {
	months := make([]string, 12)
	for m := range months {
		months[m] = p.T(keyKbMonthN + strconv.Itoa(m+1))
	}
	l := &kioskLabels{
		Name: p.T(keyKbName), Delete: p.T(keyKbDelete), Space: p.T(keyKbSpace), Shift: p.T(keyKbShift),
		Next: p.T(keyKbNext), Script: p.T(keyKbScript), LatinOnly: p.T(keyKbLatinOnly),
		Day: p.T(keyKbDay), Month: p.T(keyKbMonth), Year: p.T(keyKbYear),
		Months: strings.Join(months, "|"), DateOrder: dateOrder(p.Lang()),
	}
	if steps {
		l.Step = p.T(keyStep, "n", "#n", "total", "#total")
		l.StepBack, l.StepNext = p.T(keyStepBack), p.T(keyStepNext)
	}
	return l
}
