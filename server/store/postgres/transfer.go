package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/server/accounts"
	"loket/server/address"
	"loket/server/audit"
	"loket/server/dossiers"
	"loket/server/editor"
	"loket/server/helpdesk"
	"loket/server/mandates"
	"loket/server/notify"
	"loket/server/queue"
	"loket/server/receipts"
	"loket/server/store/transfer"
)

var _ transfer.Store = (*Store)(nil)

// recordKind is how the PostgreSQL store exports and imports one kind of
// record of package transfer: query reads it (the document as text, or
// the columns rec turns into one), load inserts one document with its
// columns.
type recordKind struct {
	query string
	// rec makes the document from a row of query; nil: the row is the
	// document's text.
	rec  func(rows pgx.Rows) (any, error)
	load func(ctx context.Context, tx pgx.Tx, doc []byte) error
}

// ExportRecords calls fn with every record of kind, read in one
// repeatable-read snapshot.
func (s *Store) ExportRecords(ctx context.Context, kind string, fn func(doc []byte) error) error {
	k, ok := recordKinds[kind]
	if !ok {
		return fmt.Errorf("postgres: no records of kind %q", kind)
	}
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, k.query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var doc []byte
			if k.rec == nil {
				var text string
				if err := rows.Scan(&text); err != nil {
					return err
				}
				doc = []byte(text)
			} else {
				v, err := k.rec(rows)
				if err != nil {
					return err
				}
				if doc, err = json.Marshal(v); err != nil {
					return err
				}
			}
			if err := fn(doc); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// ImportRecords inserts docs of kind with their columns in one
// transaction; a record whose key the database holds fails it.
func (s *Store) ImportRecords(ctx context.Context, kind string, docs [][]byte) error {
	k, ok := recordKinds[kind]
	if !ok {
		return fmt.Errorf("postgres: no records of kind %q", kind)
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, d := range docs {
			if err := k.load(ctx, tx, d); err != nil {
				return fmt.Errorf("postgres: %s: %w", kind, err)
			}
		}
		return nil
	})
}

// decodeInto reads a document into a new T.
func decodeInto[T any](doc []byte) (T, error) {
	var v T
	err := json.Unmarshal(doc, &v)
	return v, err
}

// raiseSequence makes a sequence hand out numbers after n, unless its
// next number is after n already (a fresh sequence's next is its
// last_value, a used one's last_value + 1). seq is a constant of this
// package, never input.
func raiseSequence(ctx context.Context, tx pgx.Tx, seq string, n int64) error {
	_, err := tx.Exec(ctx, `SELECT setval($1::regclass, $2)
		WHERE $2 >= (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM `+seq+")", seq, n)
	return err
}

// seqOf is the number of an id "<prefix><n>".
func seqOf(id, prefix string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, prefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, prefix) {
		return 0, fmt.Errorf("id %q is not %s<number>", id, prefix)
	}
	return n, nil
}

// exec is a load that inserts the columns args makes from a T.
func exec[T any](sql string, args func(T) []any) func(ctx context.Context, tx pgx.Tx, doc []byte) error {
	return func(ctx context.Context, tx pgx.Tx, doc []byte) error {
		v, err := decodeInto[T](doc)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, sql, args(v)...)
		return err
	}
}

// rawDoc scans a key and a JSON document as text into a transfer.Doc.
func rawDoc(rows pgx.Rows) (any, error) {
	var d transfer.Doc
	var text string
	err := rows.Scan(&d.Key, &text)
	d.Doc = json.RawMessage(text)
	return d, err
}

var recordKinds = map[string]recordKind{
	"meta": {
		query: "SELECT key, value FROM meta WHERE key <> '" + currentReceiptKey + "' ORDER BY key",
		rec: func(rows pgx.Rows) (any, error) {
			var p transfer.Pair
			err := rows.Scan(&p.Key, &p.Value)
			return p, err
		},
		load: exec("INSERT INTO meta (key, value) VALUES ($1, $2)", func(p transfer.Pair) []any { return []any{p.Key, p.Value} }),
	},
	"documents": {
		query: "SELECT key, doc::text FROM documents ORDER BY key",
		rec:   rawDoc,
		load: exec("INSERT INTO documents (key, doc) VALUES ($1, $2::json)", func(d transfer.Doc) []any {
			return []any{d.Key, string(d.Doc)}
		}),
	},
	"dossiers": {
		query: "SELECT doc::text FROM dossiers ORDER BY number",
		load: exec("INSERT INTO dossiers (number, procedure, waiting, queue_key, doc) VALUES ($1, $2, $3, $4, $5)",
			func(d dossiers.Dossier) []any {
				return []any{d.Number, d.Procedure, d.Waiting, dossiers.QueueKey(d.Received, d.Number), d}
			}),
	},
	"dossier_stats": {
		query: "SELECT key, doc::text FROM dossier_stats ORDER BY key",
		rec:   rawDoc,
		load: exec("INSERT INTO dossier_stats (key, doc) VALUES ($1, $2::json)", func(d transfer.Doc) []any {
			return []any{d.Key, string(d.Doc)}
		}),
	},
	"api_tokens": {
		query: "SELECT doc::text FROM api_tokens ORDER BY hash",
		load: exec("INSERT INTO api_tokens (hash, name, doc) VALUES ($1, $2, $3)", func(t dossiers.APIToken) []any {
			return []any{t.Hash, t.Name, t}
		}),
	},
	"bookings": {
		query: "SELECT doc::text, pin_hash FROM bookings ORDER BY ref",
		rec: func(rows pgx.Rows) (any, error) {
			var text string
			var b transfer.Booking
			if err := rows.Scan(&text, &b.PINHash); err != nil {
				return nil, err
			}
			return b, json.Unmarshal([]byte(text), &b.Booking)
		},
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			r, err := decodeInto[transfer.Booking](doc)
			if err != nil {
				return err
			}
			b := r.Booking
			b.PINHash = r.PINHash
			return insertBooking(ctx, tx, b)
		},
	},
	"booking_slots": {
		// A slot whose bookings were all cancelled keeps its row at 0; the
		// bbolt store drops it: neither is a record.
		query: "SELECT office, service, start_unix, booked FROM booking_slots WHERE booked > 0 ORDER BY office, service, start_unix",
		rec: func(rows pgx.Rows) (any, error) {
			var sl transfer.Slot
			err := rows.Scan(&sl.Office, &sl.Service, &sl.Start, &sl.Booked)
			return sl, err
		},
		load: exec(`INSERT INTO booking_slots AS s (office, service, start_unix, booked) VALUES ($1, $2, $3, $4)
			ON CONFLICT (office, service, start_unix) DO UPDATE SET booked = EXCLUDED.booked WHERE s.booked = 0`,
			func(sl transfer.Slot) []any { return []any{sl.Office, sl.Service, sl.Start, sl.Booked} }),
	},
	"booking_dossiers": {
		query: "SELECT dossier, service, ref FROM booking_dossiers ORDER BY dossier, service",
		rec: func(rows pgx.Rows) (any, error) {
			var d transfer.DossierBooking
			err := rows.Scan(&d.Dossier, &d.Service, &d.Ref)
			return d, err
		},
		load: exec("INSERT INTO booking_dossiers (dossier, service, ref) VALUES ($1, $2, $3)",
			func(d transfer.DossierBooking) []any { return []any{d.Dossier, d.Service, d.Ref} }),
	},
	"booking_pins": {
		query: "SELECT ref, doc::text FROM booking_pins ORDER BY ref",
		rec: func(rows pgx.Rows) (any, error) {
			var p transfer.PINs
			var text string
			if err := rows.Scan(&p.Ref, &text); err != nil {
				return nil, err
			}
			return p, json.Unmarshal([]byte(text), &p.State)
		},
		load: exec("INSERT INTO booking_pins (ref, doc) VALUES ($1, $2)", func(p transfer.PINs) []any { return []any{p.Ref, p.State} }),
	},
	"receipts": {
		query: "SELECT doc::text FROM receipts ORDER BY id",
		load:  exec("INSERT INTO receipts (id, doc) VALUES ($1, $2)", func(r receipts.Receipt) []any { return []any{r.ID, r} }),
	},
	"receipt_keys": {
		query: "SELECT doc::text FROM receipt_keys ORDER BY id",
		load:  exec("INSERT INTO receipt_keys (id, doc) VALUES ($1, $2)", func(k receipts.SigningKey) []any { return []any{k.ID, k} }),
	},
	"receipt_key_current": {
		query: "SELECT value FROM meta WHERE key = '" + currentReceiptKey + "'",
		rec: func(rows pgx.Rows) (any, error) {
			var id []byte
			err := rows.Scan(&id)
			return transfer.Current{ID: string(id)}, err
		},
		load: exec("INSERT INTO meta (key, value) VALUES ($1, $2)", func(c transfer.Current) []any {
			return []any{currentReceiptKey, []byte(c.ID)}
		}),
	},
	"accounts": {
		query: "SELECT doc::text FROM accounts ORDER BY id",
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			a, err := decodeInto[accounts.Account](doc)
			if err != nil {
				return err
			}
			n, err := seqOf(a.ID, "a")
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO accounts (id, email, doc) VALUES ($1, $2, $3)", a.ID, a.Email, a); err != nil {
				return err
			}
			return raiseSequence(ctx, tx, "account_ids", n)
		},
	},
	"sessions": {
		query: "SELECT doc::text FROM sessions ORDER BY id_hash",
		load:  exec("INSERT INTO sessions (id_hash, doc) VALUES ($1, $2)", func(s accounts.Session) []any { return []any{s.IDHash, s} }),
	},
	"audit": {
		query: "SELECT doc::text FROM audit ORDER BY seq",
		load:  exec("INSERT INTO audit (seq, doc) VALUES ($1, $2)", func(e audit.Entry) []any { return []any{int64(e.Seq), e} }),
	},
	"queue_tickets": {
		query: "SELECT doc::text FROM queue_tickets ORDER BY id",
		load: exec(`INSERT INTO queue_tickets (id, office, day, waiting, token_hash, arrival_key, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, func(t queue.Ticket) []any {
			return []any{t.ID, t.OfficeID, t.Day, t.Status == queue.StatusWaiting, bytesOrNull(t.TokenHash), nullable(t.ArrivalKey), t}
		}),
	},
	"queue_counters": {
		query: "SELECT office, day, service, last FROM queue_counters ORDER BY office, day, service",
		rec: func(rows pgx.Rows) (any, error) {
			var c transfer.Counter
			err := rows.Scan(&c.Office, &c.Day, &c.Service, &c.Last)
			return c, err
		},
		load: exec("INSERT INTO queue_counters (office, day, service, last) VALUES ($1, $2, $3, $4)",
			func(c transfer.Counter) []any { return []any{c.Office, c.Day, c.Service, c.Last} }),
	},
	"kiosks": {
		query: "SELECT doc::text FROM kiosks ORDER BY id",
		load: exec("INSERT INTO kiosks (id, code_hash, secret_hash, doc) VALUES ($1, $2, $3, $4)", func(k queue.Kiosk) []any {
			return []any{k.ID, bytesOrNull(k.CodeHash), bytesOrNull(k.SecretHash), k}
		}),
	},
	"address_notifications": {
		query: "SELECT doc::text FROM address_notifications ORDER BY ref",
		load: exec(`INSERT INTO address_notifications (ref, municipality, created_ns, departure, doc) VALUES ($1, $2, $3, $4, $5)`,
			func(n address.Notification) []any {
				return []any{string(n.Ref), n.Municipality, nanos(n.Created), n.DepartureDate, n}
			}),
	},
	"escalations": {
		query: "SELECT doc::text FROM escalations ORDER BY ref",
		load: exec("INSERT INTO escalations (ref, created_ns, doc) VALUES ($1, $2, $3)", func(e helpdesk.Escalation) []any {
			return []any{string(e.Ref), nanos(e.Created), e}
		}),
	},
	"canned_answers": {
		query: "SELECT doc::text FROM canned_answers ORDER BY id",
		load:  exec("INSERT INTO canned_answers (id, doc) VALUES ($1, $2)", func(c helpdesk.Canned) []any { return []any{c.ID, c} }),
	},
	"mandates": {
		query: "SELECT doc::text FROM mandates ORDER BY seq",
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			m, err := decodeInto[mandates.Mandate](doc)
			if err != nil {
				return err
			}
			n, err := seqOf(m.ID, "m")
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO mandates (seq, dossier, lawyer, live, doc) VALUES ($1, $2, $3, $4, $5)",
				n, m.Dossier, m.Lawyer, m.Live(), m); err != nil {
				return err
			}
			return raiseSequence(ctx, tx, "mandate_ids", n)
		},
	},
	"mandate_codes": {
		query: "SELECT doc::text FROM mandate_codes ORDER BY hash",
		load:  exec("INSERT INTO mandate_codes (hash, doc) VALUES ($1, $2)", func(c mandates.Code) []any { return []any{c.Hash, c} }),
	},
	"lawyers": {
		query: "SELECT doc::text FROM lawyers ORDER BY id",
		load: exec("INSERT INTO lawyers (id, feed_hash, doc) VALUES ($1, $2, $3)", func(l mandates.Lawyer) []any {
			return []any{l.ID, bytesOrNull(l.FeedHash), l}
		}),
	},
	"lawyer_tokens": {
		query: "SELECT doc::text FROM lawyer_tokens ORDER BY seq",
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			t, err := decodeInto[mandates.APIToken](doc)
			if err != nil {
				return err
			}
			n, err := seqOf(t.ID, "t")
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO lawyer_tokens (seq, lawyer, hash, doc) VALUES ($1, $2, $3, $4)",
				n, t.Lawyer, t.Hash, t); err != nil {
				return err
			}
			return raiseSequence(ctx, tx, "lawyer_token_ids", n)
		},
	},
	"usage_stats": {
		query: "SELECT key, count FROM usage_stats ORDER BY key",
		rec: func(rows pgx.Rows) (any, error) {
			var u transfer.Usage
			var n int64
			err := rows.Scan(&u.Key, &n)
			u.Count = uint64(n)
			return u, err
		},
		load: exec("INSERT INTO usage_stats (key, count) VALUES ($1, $2)", func(u transfer.Usage) []any { return []any{u.Key, int64(u.Count)} }),
	},
	"notify_subscriptions": {
		query: "SELECT doc::text FROM notify_subscriptions ORDER BY id",
		load: exec("INSERT INTO notify_subscriptions (id, subject, doc) VALUES ($1, $2, $3)", func(s notify.Subscription) []any {
			return []any{s.ID, s.Subject.String(), s}
		}),
	},
	"notify_messages": {
		query: "SELECT doc::text FROM notify_messages ORDER BY id",
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			m, err := decodeInto[notify.Message](doc)
			if err != nil {
				return err
			}
			var done int64
			if !m.Done.IsZero() {
				done = nanos(m.Done)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO notify_messages (id, key, subject, subscription, state, due_ns, done_ns, doc)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, int64(m.ID), m.Key, m.Subject.String(), m.Subscription,
				string(m.State), nanos(m.Due), done, m); err != nil {
				return err
			}
			return raiseSequence(ctx, tx, "notify_message_ids", int64(m.ID))
		},
	},
	"notify_changes": {
		query: "SELECT id, doc::text FROM notify_changes ORDER BY id",
		rec: func(rows pgx.Rows) (any, error) {
			var c transfer.Change
			var id int64
			var text string
			err := rows.Scan(&id, &text)
			c.Seq, c.Pending = uint64(id), json.RawMessage(text)
			return c, err
		},
		load: func(ctx context.Context, tx pgx.Tx, doc []byte) error {
			c, err := decodeInto[transfer.Change](doc)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO notify_changes (id, doc) OVERRIDING SYSTEM VALUE VALUES ($1, $2::json)",
				int64(c.Seq), string(c.Pending)); err != nil {
				return err
			}
			return raiseSequence(ctx, tx, "notify_changes_id_seq", int64(c.Seq))
		},
	},
	"content_revisions": {
		query: "SELECT doc::text FROM content_revisions ORDER BY ref, n",
		load: exec("INSERT INTO content_revisions (ref, n, published, doc) VALUES ($1, $2, $3, $4)", func(r editor.Revision) []any {
			return []any{r.Ref.String(), r.N, r.Published, r}
		}),
	},
}
