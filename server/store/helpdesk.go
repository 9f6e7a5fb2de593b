package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"loket/server/store/hooks"
	"time"

	bolt "go.etcd.io/bbolt"

	"loket/server/helpdesk"
)

// Buckets of schema step 0008-helpdesk: escalations by reference, an index
// by creation time whose keys end in the reference (the inbox and the
// statistics), and the canned answers by id.
var (
	bucketHelpdesk          = []byte("helpdesk")
	bucketHelpdeskByCreated = []byte("helpdesk_by_created")
	bucketHelpdeskCanned    = []byte("helpdesk_canned")
)

var _ helpdesk.Store = (*Store)(nil)

func helpdeskCreatedKey(t time.Time, ref helpdesk.Reference) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())), ref...)
}

// CreateEscalation records e and its index entry in one transaction.
func (s *Store) CreateEscalation(ctx context.Context, e helpdesk.Escalation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketHelpdesk).Get([]byte(e.Ref)) != nil {
			return fmt.Errorf("%w: %s", helpdesk.ErrDuplicate, e.Ref)
		}
		if err := put(tx, bucketHelpdesk, []byte(e.Ref), e); err != nil {
			return err
		}
		if e.Contact == helpdesk.ContactEmail {
			if err := s.hooks().Contact(s.outbox(tx), hooks.HelpSubject(e.Ref), e.Lang, e.ContactValue, e.Created); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketHelpdeskByCreated).Put(helpdeskCreatedKey(e.Created, e.Ref), nil)
	})
}

// Escalation returns one escalation; helpdesk.ErrNotFound if there is none.
func (s *Store) Escalation(ctx context.Context, ref helpdesk.Reference) (helpdesk.Escalation, error) {
	var e helpdesk.Escalation
	if err := ctx.Err(); err != nil {
		return e, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := get(tx, bucketHelpdesk, []byte(ref), &e)
		if err == nil && !ok {
			err = helpdesk.ErrNotFound
		}
		return err
	})
	return e, err
}

// UpdateEscalation runs fn on the stored escalation in one transaction and
// writes it back when fn says so. The reference and creation time (the
// index key) must not change.
func (s *Store) UpdateEscalation(ctx context.Context, ref helpdesk.Reference, fn func(*helpdesk.Escalation) (bool, error)) (helpdesk.Escalation, error) {
	var e helpdesk.Escalation
	if err := ctx.Err(); err != nil {
		return e, err
	}
	var fnErr error
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		e, _, fnErr, err = s.changeEscalation(tx, ref, fn)
		return err
	})
	if err != nil {
		return helpdesk.Escalation{}, err
	}
	if fnErr != nil {
		return helpdesk.Escalation{}, fnErr
	}
	return e, nil
}

// UpdateEscalations runs fn on each stored escalation of refs in one
// transaction and writes back those fn says so: an error from fn, or a
// reference not found, writes none of them. It returns the written ones.
func (s *Store) UpdateEscalations(ctx context.Context, refs []helpdesk.Reference, fn func(*helpdesk.Escalation) (bool, error)) ([]helpdesk.Escalation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []helpdesk.Escalation
	err := s.update(func(tx *bolt.Tx) error {
		out = out[:0]
		for _, ref := range refs {
			e, written, fnErr, err := s.changeEscalation(tx, ref, fn)
			if err != nil {
				return err
			}
			if fnErr != nil {
				return fnErr
			}
			if written {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changeEscalation loads ref in tx, runs fn on it and writes it back when
// fn says so, even with fn's error (returned apart from err, which is the
// store's own or a missing escalation).
func (s *Store) changeEscalation(tx *bolt.Tx, ref helpdesk.Reference, fn func(*helpdesk.Escalation) (bool, error)) (e helpdesk.Escalation, written bool, fnErr error, err error) {
	ok, err := get(tx, bucketHelpdesk, []byte(ref), &e)
	if err != nil {
		return e, false, nil, err
	}
	if !ok {
		return e, false, nil, helpdesk.ErrNotFound
	}
	created, old := e.Created, e
	old.Replies = append([]helpdesk.Reply(nil), e.Replies...)
	write, fnErr := fn(&e)
	if !write {
		return e, false, fnErr, nil
	}
	if !e.Created.Equal(created) || e.Ref != ref {
		return e, false, fnErr, fmt.Errorf("store: an update may not change indexed fields of %s", ref)
	}
	if err := s.hooks().Help(s.outbox(tx), old, e); err != nil {
		return e, false, fnErr, err
	}
	return e, true, fnErr, put(tx, bucketHelpdesk, []byte(ref), e)
}

// EscalationsSince lists the escalations created at or after since,
// newest first.
func (s *Store) EscalationsSince(ctx context.Context, since time.Time) ([]helpdesk.Escalation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if since.Before(time.Unix(0, 0)) {
		since = time.Unix(0, 0)
	}
	start := binary.BigEndian.AppendUint64(nil, uint64(since.UnixNano()))
	var out []helpdesk.Escalation
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketHelpdeskByCreated).Cursor()
		for k, _ := c.Last(); k != nil && string(k[:8]) >= string(start); k, _ = c.Prev() {
			var e helpdesk.Escalation
			ok, err := get(tx, bucketHelpdesk, k[8:], &e)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

// PutCanned creates or replaces a canned answer.
func (s *Store) PutCanned(ctx context.Context, c helpdesk.Canned) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return put(tx, bucketHelpdeskCanned, []byte(c.ID), c)
	})
}

// DeleteCanned removes a canned answer; helpdesk.ErrCannedNotFound if
// there is none.
func (s *Store) DeleteCanned(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHelpdeskCanned)
		if b.Get([]byte(id)) == nil {
			return helpdesk.ErrCannedNotFound
		}
		return b.Delete([]byte(id))
	})
}

// CannedAnswers lists every canned answer, by id.
func (s *Store) CannedAnswers(ctx context.Context) ([]helpdesk.Canned, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []helpdesk.Canned
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHelpdeskCanned).ForEach(func(k, _ []byte) error {
			var c helpdesk.Canned
			if _, err := get(tx, bucketHelpdeskCanned, k, &c); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}
