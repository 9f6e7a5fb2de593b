package audit

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Head is where the trail stood at a moment: the sequence number and hash
// of its newest entry, signed with the key. Written somewhere the data
// file's owner cannot reach (a log shipped off the machine, a printout),
// it lets a later verify tell that entries up to Seq existed exactly so:
// a trail cut short, or rewritten and re-sealed, no longer reaches it.
// The JSON field names are those of the server's "audit head" log line,
// so a JSON log file can be checked as it is.
type Head struct {
	Seq  uint64    `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
	Key  string    `json:"key"`
	MAC  string    `json:"mac"`
}

// SignHead signs the head of the trail at entry last (nil: empty trail).
func (k *Key) SignHead(last *Entry, at time.Time) Head {
	h := Head{At: at.UTC(), Key: k.id}
	if last != nil {
		h.Seq, h.Hash = last.Seq, last.Hash
	}
	h.MAC = k.headMAC(h)
	return h
}

func (k *Key) headMAC(h Head) string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("loket audit head\x00"))
	m.Write(binary.BigEndian.AppendUint64(nil, h.Seq))
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(h.At.UnixNano())))
	m.Write([]byte(h.Hash))
	return hex.EncodeToString(m.Sum(nil))
}

// ReadHeads reads every head in r: one JSON object a line, as `loket
// audit head` prints them and the server logs them. Lines that are not a
// signed head (other log lines) are skipped; no head at all is an error.
func ReadHeads(r io.Reader) ([]Head, error) {
	var out []Head
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var h Head
		if json.Unmarshal(sc.Bytes(), &h) != nil || h.MAC == "" || h.Key == "" {
			continue
		}
		out = append(out, h)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: heads: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("audit: no signed head found")
	}
	return out, nil
}

// Head signs the trail's current head; a trail without a key cannot.
func (t *Trail) Head(ctx context.Context) (Head, error) {
	if t.key == nil {
		return Head{}, errors.New("audit: a head needs the trail's key")
	}
	last, err := t.store.SearchAudit(ctx, Filter{Limit: 1})
	if err != nil {
		return Head{}, fmt.Errorf("audit: head: %w", err)
	}
	var e *Entry
	if len(last) > 0 {
		e = &last[0]
	}
	return t.key.SignHead(e, t.now()), nil
}

// VerifyHeads walks the whole chain, as Verify, and then checks that it
// reaches every head given, each signed with the trail's key: a head past
// the end of the chain means entries were cut off; a head whose entry has
// another hash means the trail was rewritten. The error is a
// *BrokenError.
func (t *Trail) VerifyHeads(ctx context.Context, heads []Head) (uint64, error) {
	if t.key == nil {
		return 0, errors.New("audit: checking heads needs the trail's key")
	}
	for _, h := range heads {
		if h.Key != t.key.id || !hmac.Equal([]byte(h.MAC), []byte(t.key.headMAC(h))) {
			return 0, &BrokenError{Seq: h.Seq, Reason: fmt.Sprintf("the head of %s is not signed with this key", h.At.Format(time.RFC3339))}
		}
	}
	want := map[uint64]Head{}
	for _, h := range heads {
		want[h.Seq] = h
	}
	v := Verifier{Key: t.key}
	err := t.store.AuditEntries(ctx, func(e Entry) error {
		if err := v.Next(e); err != nil {
			return err
		}
		if h, ok := want[e.Seq]; ok && h.Hash != e.Hash {
			return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("entry differs from the head exported at %s: the trail was rewritten", h.At.Format(time.RFC3339))}
		}
		return nil
	})
	if err != nil {
		return v.Count(), t.wrapVerify(err)
	}
	for _, h := range heads {
		if h.Seq > v.Count() {
			return v.Count(), &BrokenError{Seq: v.Count() + 1, Reason: fmt.Sprintf("the trail ends at entry %d but the head exported at %s reached entry %d: entries were deleted", v.Count(), h.At.Format(time.RFC3339), h.Seq)}
		}
	}
	return v.Count(), nil
}
