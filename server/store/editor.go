package store

import (
	"bytes"
	"context"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"loket/server/editor"
)

// Buckets of schema step 0013-content-revisions: the revisions of the
// content editor by text and number, and the live revision number of each
// text that has one.
var (
	bucketContentRevisions = []byte("content_revisions")
	bucketContentLive      = []byte("content_live")
)

var _ editor.Store = (*Store)(nil)

// revisionPrefix is the key prefix of a text's revisions: "kind/lang/key"
// and a zero byte; the revision number follows, big-endian, so they sort.
func revisionPrefix(ref editor.Ref) []byte { return append([]byte(ref.String()), 0) }

// revisionKey is a fresh key for revision n of ref (bbolt keeps keys for
// the whole transaction, so they must not share memory).
func revisionKey(ref editor.Ref, n uint64) []byte { return append(revisionPrefix(ref), itob(n)...) }

// AddRevision numbers r after ref's last revision; a published r becomes
// the live one, and the one live before stops being published, in the same
// transaction.
func (s *Store) AddRevision(ctx context.Context, r editor.Revision) (editor.Revision, error) {
	if err := ctx.Err(); err != nil {
		return r, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		prefix := revisionPrefix(r.Ref)
		c := tx.Bucket(bucketContentRevisions).Cursor()
		r.N = 1
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			r.N = int(binary.BigEndian.Uint64(k[len(prefix):])) + 1
		}
		return putRevision(tx, r)
	})
	return r, err
}

// UpdateRevision replaces a revision's flags (reviewed, published).
func (s *Store) UpdateRevision(ctx context.Context, r editor.Revision) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketContentRevisions).Get(revisionKey(r.Ref, uint64(r.N))) == nil {
			return editor.ErrNotFound
		}
		return putRevision(tx, r)
	})
}

// putRevision writes r and keeps the live index: a published r replaces
// the live revision, whose flag is cleared.
func putRevision(tx *bolt.Tx, r editor.Revision) error {
	live := tx.Bucket(bucketContentLive)
	if r.Published {
		if old := live.Get([]byte(r.Ref.String())); old != nil && int(binary.BigEndian.Uint64(old)) != r.N {
			var prev editor.Revision
			key := revisionKey(r.Ref, binary.BigEndian.Uint64(old))
			if ok, err := get(tx, bucketContentRevisions, key, &prev); err != nil {
				return err
			} else if ok {
				prev.Published = false
				if err := put(tx, bucketContentRevisions, key, prev); err != nil {
					return err
				}
			}
		}
		if err := live.Put([]byte(r.Ref.String()), itob(uint64(r.N))); err != nil {
			return err
		}
	}
	return put(tx, bucketContentRevisions, revisionKey(r.Ref, uint64(r.N)), r)
}

// Revisions lists ref's revisions, oldest first.
func (s *Store) Revisions(ctx context.Context, ref editor.Ref) ([]editor.Revision, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []editor.Revision
	err := s.view(func(tx *bolt.Tx) error {
		prefix := revisionPrefix(ref)
		c := tx.Bucket(bucketContentRevisions).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r editor.Revision
			if err := decode(v, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// LiveRevisions lists the live revision of every text that has one.
func (s *Store) LiveRevisions(ctx context.Context) ([]editor.Revision, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []editor.Revision
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketContentLive).ForEach(func(ref, n []byte) error {
			var r editor.Revision
			key := append(append(bytes.Clone(ref), 0), n...)
			if _, err := get(tx, bucketContentRevisions, key, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}
