package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/server/mandates"
)

var _ mandates.TokenStore = (*Store)(nil)

// CreateLawyerToken stores a new token under the next id "t<n>".
func (s *Store) CreateLawyerToken(t mandates.APIToken) (mandates.APIToken, error) {
	ctx := context.Background()
	in := t
	err := s.write(ctx, func(tx pgx.Tx) error {
		t = in
		var n int64
		if err := tx.QueryRow(ctx, "SELECT nextval('lawyer_token_ids')").Scan(&n); err != nil {
			return err
		}
		t.ID = "t" + strconv.FormatInt(n, 10)
		_, err := tx.Exec(ctx, "INSERT INTO lawyer_tokens (seq, lawyer, hash, doc) VALUES ($1, $2, $3, $4)", n, t.Lawyer, t.Hash, t)
		return err
	})
	return t, err
}

// LawyerTokens lists a lawyer's tokens, oldest first.
func (s *Store) LawyerTokens(lawyer string) ([]mandates.APIToken, error) {
	return docs[mandates.APIToken](context.Background(), s.pool, "SELECT doc FROM lawyer_tokens WHERE lawyer = $1 ORDER BY seq", lawyer)
}

// RevokeLawyerToken marks the lawyer's token revoked; it stays findable by
// hash, and refused, until the record is gone.
func (s *Store) RevokeLawyerToken(lawyer, id string, at time.Time) (mandates.APIToken, error) {
	ctx := context.Background()
	var t mandates.APIToken
	n, err := strconv.ParseInt(strings.TrimPrefix(id, "t"), 10, 64)
	if err != nil || !strings.HasPrefix(id, "t") {
		return t, mandates.ErrTokenNotFound
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if t, err = lockDoc[mandates.APIToken](ctx, tx, "lawyer_tokens", "seq", n, mandates.ErrTokenNotFound); err != nil {
			return err
		}
		if t.Lawyer != lawyer {
			t = mandates.APIToken{}
			return mandates.ErrTokenNotFound
		}
		if !t.Live() {
			return nil
		}
		t.Revoked = at
		_, err = tx.Exec(ctx, "UPDATE lawyer_tokens SET doc = $2 WHERE seq = $1", n, t)
		return err
	})
	if err != nil {
		return mandates.APIToken{}, err
	}
	return t, nil
}

// LawyerTokenByHash finds a token by its hash.
func (s *Store) LawyerTokenByHash(hash []byte) (mandates.APIToken, bool, error) {
	var t mandates.APIToken
	ok, err := one(context.Background(), s.pool, &t, "SELECT doc FROM lawyer_tokens WHERE hash = $1", hash)
	return t, ok, err
}
