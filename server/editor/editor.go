// Package editor lets the administration's content editors change an
// information page or a dossier status text in one language without a
// developer or a release: every change is a numbered revision (who, when),
// a revision can be marked reviewed by a translator and published, which
// replaces the shipped text at once; history, line diffs and revert keep
// every step undoable. The files in translations/ stay the shipped
// defaults; published revisions are exported back to them (loket content
// export -data).
package editor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kinds of editable text.
const (
	KindPage   = "page"
	KindStatus = "status"
)

// Errors; the web layer turns them into messages in the editor's language.
var (
	ErrUnknownText = errors.New("editor: no such text")
	ErrNotFound    = errors.New("editor: no such revision")
	ErrInvalid     = errors.New("editor: text refused")
	ErrUnchanged   = errors.New("editor: nothing changed")
)

// Ref names one editable text in one language: a page key, or a status
// as "procedure.code" ("_default.code" for the shared texts).
type Ref struct {
	Kind string `json:"kind"`
	Lang string `json:"lang"`
	Key  string `json:"key"`
}

func (r Ref) String() string { return r.Kind + "/" + r.Lang + "/" + r.Key }

// Revision is one version of a text. Body is Markdown for a page and the
// five status fields as "field: text" lines for a status.
type Revision struct {
	Ref
	N           int       `json:"n"`
	Body        string    `json:"body"`
	Author      string    `json:"author"`
	At          time.Time `json:"at"`
	Note        string    `json:"note,omitempty"`
	RevertOf    int       `json:"revert_of,omitempty"`
	Reviewed    bool      `json:"reviewed,omitempty"`
	ReviewedBy  string    `json:"reviewed_by,omitempty"`
	ReviewedAt  time.Time `json:"reviewed_at,omitzero"`
	Published   bool      `json:"published,omitempty"`
	PublishedBy string    `json:"published_by,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// Store keeps revisions. AddRevision numbers a new revision after the
// ref's last one in one transaction; when the revision is published, any
// earlier published revision of the ref stops being live in the same
// transaction. UpdateRevision replaces a revision's flags.
type Store interface {
	AddRevision(ctx context.Context, r Revision) (Revision, error)
	UpdateRevision(ctx context.Context, r Revision) error
	Revisions(ctx context.Context, ref Ref) ([]Revision, error)
	// LiveRevisions lists the published revision of every ref that has one.
	LiveRevisions(ctx context.Context) ([]Revision, error)
}

// Texts is what the editor edits: the shipped texts, and the live ones
// that publishing replaces (content.Library and dossiers.Catalog behind
// a small adapter).
type Texts interface {
	// Shipped is the text as shipped in translations/, in the editor's
	// body format; ok is false for a ref that does not exist.
	Shipped(ref Ref) (body string, ok bool)
	// ShippedReviewed reports whether the shipped text is marked as
	// checked by a translator.
	ShippedReviewed(ref Ref) bool
	// Check refuses a body that cannot be shown (a page without title).
	Check(ref Ref, body string) error
	// Apply makes body the live text of ref, marked reviewed or not.
	Apply(ref Ref, body string, reviewed bool) error
}

// Service is the editing workflow.
type Service struct {
	store Store
	texts Texts
	now   func() time.Time
}

// New makes a Service; now is the clock (time.Now in production).
func New(store Store, texts Texts, now func() time.Time) *Service {
	return &Service{store: store, texts: texts, now: now}
}

// Start applies every published revision to the live texts, so edits
// survive a restart.
func (s *Service) Start(ctx context.Context) error {
	live, err := s.store.LiveRevisions(ctx)
	if err != nil {
		return err
	}
	for _, r := range live {
		if _, ok := s.texts.Shipped(r.Ref); !ok {
			continue // a text that no longer ships keeps its history only
		}
		if err := s.texts.Apply(r.Ref, r.Body, r.Reviewed); err != nil {
			return fmt.Errorf("editor: %s revision %d: %w", r.Ref, r.N, err)
		}
	}
	return nil
}

// Current is the text an editor starts from: the last revision, else the
// shipped text (N 0).
func (s *Service) Current(ctx context.Context, ref Ref) (Revision, error) {
	shipped, ok := s.texts.Shipped(ref)
	if !ok {
		return Revision{}, fmt.Errorf("%w: %s", ErrUnknownText, ref)
	}
	revs, err := s.store.Revisions(ctx, ref)
	if err != nil || len(revs) == 0 {
		return Revision{Ref: ref, Body: shipped}, err
	}
	return revs[len(revs)-1], nil
}

// Save records a draft revision of ref; it is not live until published.
func (s *Service) Save(ctx context.Context, ref Ref, body, author, note string) (Revision, error) {
	body = normalise(body)
	cur, err := s.Current(ctx, ref)
	if err != nil {
		return Revision{}, err
	}
	if body == cur.Body {
		return Revision{}, ErrUnchanged
	}
	if err := s.texts.Check(ref, body); err != nil {
		return Revision{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return s.store.AddRevision(ctx, Revision{Ref: ref, Body: body, Author: author, At: s.now().UTC(), Note: strings.TrimSpace(note)})
}

// Review marks revision n of ref as checked by reviewer. When n is the
// live revision, its text loses the "not yet checked" notice at once.
func (s *Service) Review(ctx context.Context, ref Ref, n int, reviewer string) (Revision, error) {
	r, err := s.revision(ctx, ref, n)
	if err != nil {
		return r, err
	}
	r.Reviewed, r.ReviewedBy, r.ReviewedAt = true, reviewer, s.now().UTC()
	if err := s.store.UpdateRevision(ctx, r); err != nil {
		return r, err
	}
	if r.Published {
		return r, s.texts.Apply(ref, r.Body, true)
	}
	return r, nil
}

// Publish makes revision n of ref the live text, without a restart.
func (s *Service) Publish(ctx context.Context, ref Ref, n int, by string) (Revision, error) {
	r, err := s.revision(ctx, ref, n)
	if err != nil {
		return r, err
	}
	r.Published, r.PublishedBy, r.PublishedAt = true, by, s.now().UTC()
	if err := s.store.UpdateRevision(ctx, r); err != nil {
		return r, err
	}
	return r, s.texts.Apply(ref, r.Body, r.Reviewed)
}

// Revert publishes the text of revision n (0: the shipped text) again, as
// a new revision, so the history keeps the step being undone; the text
// keeps the review mark it had.
func (s *Service) Revert(ctx context.Context, ref Ref, n int, by string) (Revision, error) {
	body, ok := s.texts.Shipped(ref)
	if !ok {
		return Revision{}, fmt.Errorf("%w: %s", ErrUnknownText, ref)
	}
	reviewed := s.texts.ShippedReviewed(ref)
	if n > 0 {
		old, err := s.revision(ctx, ref, n)
		if err != nil {
			return old, err
		}
		body, reviewed = old.Body, old.Reviewed
	}
	now := s.now().UTC()
	r := Revision{Ref: ref, Body: body, Author: by, At: now, RevertOf: n, Note: fmt.Sprintf("revert to %d", n),
		Published: true, PublishedBy: by, PublishedAt: now}
	if reviewed {
		r.Reviewed, r.ReviewedBy, r.ReviewedAt = true, by, now
	}
	r, err := s.store.AddRevision(ctx, r)
	if err != nil {
		return r, err
	}
	return r, s.texts.Apply(ref, r.Body, r.Reviewed)
}

// History lists the revisions of ref, newest first.
func (s *Service) History(ctx context.Context, ref Ref) ([]Revision, error) {
	if _, ok := s.texts.Shipped(ref); !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownText, ref)
	}
	revs, err := s.store.Revisions(ctx, ref)
	slices.Reverse(revs)
	return revs, err
}

// Body is the text of revision n of ref, 0 being the shipped text.
func (s *Service) Body(ctx context.Context, ref Ref, n int) (string, error) {
	if n == 0 {
		body, ok := s.texts.Shipped(ref)
		if !ok {
			return "", fmt.Errorf("%w: %s", ErrUnknownText, ref)
		}
		return body, nil
	}
	r, err := s.revision(ctx, ref, n)
	return r.Body, err
}

// Live lists every published revision, for the export to files.
func (s *Service) Live(ctx context.Context) ([]Revision, error) { return s.store.LiveRevisions(ctx) }

func (s *Service) revision(ctx context.Context, ref Ref, n int) (Revision, error) {
	if _, ok := s.texts.Shipped(ref); !ok {
		return Revision{}, fmt.Errorf("%w: %s", ErrUnknownText, ref)
	}
	revs, err := s.store.Revisions(ctx, ref)
	if err != nil {
		return Revision{}, err
	}
	for _, r := range revs {
		if r.N == n {
			return r, nil
		}
	}
	return Revision{}, fmt.Errorf("%w: %s %d", ErrNotFound, ref, n)
}

// normalise makes line ends Unix and ends a body with one newline, as the
// shipped files are written; a browser sends CRLF.
func normalise(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	return strings.TrimRight(body, "\n \t") + "\n"
}

// Audit actions of the editor.
const (
	ActionSave    = "content.save"
	ActionReview  = "content.review"
	ActionPublish = "content.publish"
	ActionRevert  = "content.revert"
)
