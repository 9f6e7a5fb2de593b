// Package pow is the proof of work of docs/proof-of-work.md: signed
// challenges that cost the server nothing until solved, and a memory of
// the solved ones until they expire, so each is accepted once. Bookings
// use it, and so do the anonymous writes past their per-address budget
// (issue 14 item 5). It knows nothing of HTTP.
package pow

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
	"time"
)

// Challenge is a proof-of-work puzzle: find a Solution (a short string)
// such that sha256(Token + Solution) starts with Bits zero bits. It costs a
// phone a fraction of a second and a script that much per request.
type Challenge struct {
	Token   string    `json:"token"`
	Bits    int       `json:"bits"`
	Expires time.Time `json:"expires"`
}

// Why a solution is refused.
var (
	// ErrInvalid: missing, not solved to the difficulty, not issued by
	// this guard, or altered.
	ErrInvalid = errors.New("pow: challenge invalid")
	// ErrExpired: solved too late.
	ErrExpired = errors.New("pow: challenge expired")
	// ErrReplayed: already accepted once.
	ErrReplayed = errors.New("pow: challenge replayed")
	// ErrBusy: too many unexpired challenges remembered to accept another.
	ErrBusy = errors.New("pow: too many challenges in use")
)

// Token layout before base64url: version, bits, expiry (unix seconds, 8
// bytes), nonce (16 bytes), then the first 16 bytes of an HMAC of the rest.
const (
	version   = 1
	bodyLen   = 1 + 1 + 8 + 16
	tokenLen  = bodyLen + 16
	maxSolLen = 64
)

// Config sets a Guard up.
type Config struct {
	// Secret keys the challenges; Label separates the guards that share
	// it, so a challenge issued for one use is worthless for another.
	Secret []byte
	Label  string
	// Bits is the difficulty (1 to 32), TTL how long a challenge is valid,
	// Remember how many unexpired solved challenges are kept at most.
	Bits     int
	TTL      time.Duration
	Remember int
	Now      func() time.Time
}

// Guard issues challenges and remembers used ones until they expire.
type Guard struct {
	cfg Config

	mu    sync.Mutex
	used  map[[16]byte]int64 // nonce -> expiry, unix seconds
	swept int64              // last sweep, unix seconds: at most one per second
}

// New makes a guard; zero Bits, TTL and Remember take 16, 5 minutes and
// 2^20, a nil Now time.Now.
func New(c Config) *Guard {
	if c.Bits == 0 {
		c.Bits = 16
	}
	if c.TTL == 0 {
		c.TTL = 5 * time.Minute
	}
	if c.Remember == 0 {
		c.Remember = 1 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Guard{cfg: c, used: map[[16]byte]int64{}}
}

// Bits is the guard's difficulty.
func (g *Guard) Bits() int { return g.cfg.Bits }

func (g *Guard) sign(body []byte) []byte {
	h := hmac.New(sha256.New, g.cfg.Secret)
	h.Write([]byte(g.cfg.Label))
	h.Write(body)
	return h.Sum(nil)[:16]
}

// NewChallenge issues a signed challenge. The guard keeps nothing until
// it is solved, so issuing many costs no memory.
func (g *Guard) NewChallenge() Challenge {
	exp := g.cfg.Now().Add(g.cfg.TTL).Truncate(time.Second)
	b := make([]byte, bodyLen, tokenLen)
	b[0], b[1] = version, byte(g.cfg.Bits)
	binary.BigEndian.PutUint64(b[2:10], uint64(exp.Unix()))
	rand.Read(b[10:bodyLen])
	b = append(b, g.sign(b)...)
	return Challenge{Token: base64.RawURLEncoding.EncodeToString(b), Bits: g.cfg.Bits, Expires: exp.UTC()}
}

// Verify accepts a solved challenge once: it must be this guard's,
// unexpired, solved to the difficulty it was issued with, and not used
// before.
func (g *Guard) Verify(token, solution string) error {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenLen || b[0] != version || len(solution) == 0 || len(solution) > maxSolLen {
		return ErrInvalid
	}
	if !hmac.Equal(g.sign(b[:bodyLen]), b[bodyLen:]) {
		return ErrInvalid
	}
	exp := int64(binary.BigEndian.Uint64(b[2:10]))
	now := g.cfg.Now().Unix()
	if now >= exp {
		return ErrExpired
	}
	if LeadingZeroBits(sha256.Sum256([]byte(token+solution))) < int(b[1]) {
		return ErrInvalid
	}
	var nonce [16]byte
	copy(nonce[:], b[10:bodyLen])
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.used[nonce]; ok {
		return ErrReplayed
	}
	if len(g.used) >= g.cfg.Remember && now > g.swept {
		g.swept = now
		for k, e := range g.used {
			if e <= now {
				delete(g.used, k)
			}
		}
	}
	if len(g.used) >= g.cfg.Remember {
		// Forgetting an unexpired challenge would allow a replay; refuse instead.
		return ErrBusy
	}
	g.used[nonce] = exp
	return nil
}

// LeadingZeroBits counts the zero bits a digest starts with.
func LeadingZeroBits(h [32]byte) int {
	n := 0
	for _, x := range h {
		if x != 0 {
			return n + bits.LeadingZeros8(x)
		}
		n += 8
	}
	return n
}
