package accounts

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"loket/server/refusal"
)

// SavedFilter is an inbox filter kept under a name the account chose:
// Query is the filter form's query string.
type SavedFilter struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

// MaxSavedFilters is how many filters one account keeps; MaxFilterName
// the longest name, in characters; maxFilterQuery the longest query.
const (
	MaxSavedFilters = 10
	MaxFilterName   = 40
	maxFilterQuery  = 300
)

// ErrTooManyFilters refuses an eleventh saved filter.
var ErrTooManyFilters = refusal.New(refusal.Conflict, "accounts: too many saved filters", "staff.inbox.saved.error.too_many")

// SaveFilter keeps query under name for the account, replacing a filter
// of the same name. The name is trimmed; an empty or long name or a query
// that is not a query string is refused.
func (s *Service) SaveFilter(ctx context.Context, id, name, query string) (Account, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxFilterName || !utf8.ValidString(name) || len(query) > maxFilterQuery {
		return Account{}, ErrInvalid
	}
	if _, err := url.ParseQuery(query); err != nil {
		return Account{}, ErrInvalid
	}
	return s.store.UpdateAccount(ctx, id, func(a *Account) error {
		f := SavedFilter{Name: name, Query: query}
		if i := slices.IndexFunc(a.InboxFilters, func(x SavedFilter) bool { return x.Name == name }); i >= 0 {
			a.InboxFilters[i] = f
			return nil
		}
		if len(a.InboxFilters) >= MaxSavedFilters {
			return ErrTooManyFilters
		}
		a.InboxFilters = append(a.InboxFilters, f)
		return nil
	})
}

// DeleteFilter forgets the account's filter called name; a name it does
// not have changes nothing.
func (s *Service) DeleteFilter(ctx context.Context, id, name string) (Account, error) {
	return s.store.UpdateAccount(ctx, id, func(a *Account) error {
		a.InboxFilters = slices.DeleteFunc(a.InboxFilters, func(x SavedFilter) bool { return x.Name == name })
		return nil
	})
}
