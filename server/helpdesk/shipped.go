package helpdesk

import (
	"context"
	"fmt"
)

// ShippedCanned are the ids of the canned answers Loket ships for the
// questions the helpdesk gets most, machine-drafted in every language (and
// marked unreviewed like the catalogs). Their texts are the translations
// helpdesk.canned.<id>.title and helpdesk.canned.<id>.text.
var ShippedCanned = []string{"status_explained", "overdue", "documents", "appointments", "address_notification"}

// InstallShippedCanned saves the shipped canned answers into a store that
// has none yet, so that staff can answer the common questions in the
// asker's language from the first day; answers supervisors wrote, changed
// or deleted are left alone. text looks up a translation in a language
// without falling back to another. It returns how many were installed.
func (s *Service) InstallShippedCanned(ctx context.Context, text func(lang, key string) (string, bool)) (int, error) {
	have, err := s.store.CannedAnswers(ctx)
	if err != nil || len(have) > 0 {
		return 0, err
	}
	for i, id := range ShippedCanned {
		prefix := "helpdesk.canned." + id
		title, ok := text("en", prefix+".title")
		if !ok {
			return i, fmt.Errorf("helpdesk: shipped canned answer %s has no English title", id)
		}
		c := Canned{ID: id, Title: title, Texts: map[string]string{}}
		for _, lang := range s.cfg.Langs {
			if t, ok := text(lang, prefix+".text"); ok {
				c.Texts[lang] = t
			}
		}
		if _, err := s.SaveCanned(ctx, "loket", c); err != nil {
			return i, fmt.Errorf("helpdesk: shipped canned answer %s: %w", id, err)
		}
	}
	return len(ShippedCanned), nil
}
