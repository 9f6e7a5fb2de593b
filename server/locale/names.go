package locale

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageName is the name of the language code in the printer's language
// ("Arabisch" for ar in nl), so that staff read the languages of the
// requests and applicants the languages spoken at a desk in their own. A
// language whose CLDR data lacks the name falls back along the printer's
// chain, then to the language's own name; an unknown code prints as is.
func (p *Printer) LanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	for _, reader := range p.chain {
		if n := display.Languages(language.Make(reader)); n != nil {
			if name := n.Name(tag); name != "" {
				return name
			}
		}
	}
	if name := display.Self.Name(tag); name != "" {
		return name
	}
	return code
}
