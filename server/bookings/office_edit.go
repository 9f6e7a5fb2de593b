package bookings

import (
	"context"
	"maps"
	"slices"
)

// UpdateOffice lets staff change office officeID without a restart: edit
// changes a copy, the whole set of offices is validated and saved, and
// every reader (slots, the queue, the kept pages, other instances through
// the store) sees the new office. It returns the office before and after,
// for the audit trail. An error from edit or from validation changes
// nothing. Closures change through Close and Reopen, not here.
func (m *Manager) UpdateOffice(ctx context.Context, officeID string, edit func(*Office) error) (before, after Office, err error) {
	m.closing.Lock()
	defer m.closing.Unlock()
	err = m.saveOffice(ctx, officeID, func(o *Office) error {
		before = o.Clone()
		closures := slices.Clone(o.Closures)
		if err := edit(o); err != nil {
			return err
		}
		o.ID, o.Closures = officeID, closures
		after = *o
		return nil
	})
	if err != nil {
		return Office{}, Office{}, err
	}
	return before, after, nil
}

// saveOffice applies edit to a copy of office officeID and saves and
// installs the offices; the caller holds m.closing. It starts from the
// offices as last saved, so that a change another instance saved a moment
// ago, before its news arrived here, is kept.
func (m *Manager) saveOffice(ctx context.Context, officeID string, edit func(*Office) error) error {
	offices := m.Offices()
	if saved, ok, err := m.store.Offices(ctx); err != nil {
		return err
	} else if ok {
		offices = saved
	}
	offices = cloneOffices(offices)
	i := slices.IndexFunc(offices, func(o Office) bool { return o.ID == officeID })
	if i < 0 {
		return ErrUnknownOffice
	}
	if err := edit(&offices[i]); err != nil {
		return err
	}
	cat, err := newCatalog(offices)
	if err != nil {
		return err
	}
	if err := m.store.SaveOffices(ctx, offices); err != nil {
		return err
	}
	m.install(cat)
	return nil
}

// cloneOffices copies offices deeply enough that an edit of the copy
// leaves the current catalog as it was.
func cloneOffices(offices []Office) []Office {
	out := make([]Office, len(offices))
	for i, o := range offices {
		out[i] = o.Clone()
	}
	return out
}

// Clone is a copy of o that shares nothing an edit changes.
func (o Office) Clone() Office {
	o.Accessibility = maps.Clone(o.Accessibility)
	o.Languages = slices.Clone(o.Languages)
	o.Hours = cloneHours(o.Hours)
	o.Closures = slices.Clone(o.Closures)
	o.CallLanguages = slices.Clone(o.CallLanguages)
	o.Services = slices.Clone(o.Services)
	for j, s := range o.Services {
		s.Names = maps.Clone(s.Names)
		s.Hours = cloneHours(s.Hours)
		s.Procedures = slices.Clone(s.Procedures)
		s.Checklist = slices.Clone(s.Checklist)
		o.Services[j] = s
	}
	return o
}

func cloneHours(h map[string][]Period) map[string][]Period {
	if h == nil {
		return nil
	}
	out := make(map[string][]Period, len(h))
	for k, ps := range h {
		out[k] = slices.Clone(ps)
	}
	return out
}
