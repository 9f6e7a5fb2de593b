package locale

// Error is an error whose message is a translation key with arguments. It
// is made deep inside the domain and translated only at the HTTP edge, in
// the language of whoever sees it.
type Error struct {
	Key  string
	Args []any
}

// NewError makes a translatable error.
func NewError(key string, args ...any) *Error { return &Error{Key: key, Args: args} }

func (e *Error) Error() string { return e.Key }

// In translates the error with p.
func (e *Error) In(p *Printer) string { return p.T(e.Key, e.Args...) }
