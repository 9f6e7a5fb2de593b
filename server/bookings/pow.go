package bookings

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"math/bits"
	"sync"
	"time"
)

// Challenge is a proof-of-work puzzle: find a Solution (a short string)
// such that sha256(Token + Solution) starts with Bits zero bits. It costs a
// phone a fraction of a second and a slot hoarder that much per booking.
type Challenge struct {
	Token   string    `json:"token"`
	Bits    int       `json:"bits"`
	Expires time.Time `json:"expires"`
}

// Token layout before base64url: version, bits, expiry (unix seconds, 8
// bytes), nonce (16 bytes), then the first 16 bytes of an HMAC of the rest.
const (
	powVersion = 1
	powBody    = 1 + 1 + 8 + 16
	powLen     = powBody + 16
	maxSolLen  = 64
)

// powGuard issues challenges and remembers used ones until they expire.
type powGuard struct {
	secret   []byte
	bits     int
	ttl      time.Duration
	remember int
	now      func() time.Time

	mu    sync.Mutex
	used  map[[16]byte]int64 // nonce -> expiry, unix seconds
	swept int64              // last sweep, unix seconds: at most one per second
}

func newPoWGuard(c Config) *powGuard {
	return &powGuard{secret: c.Secret, bits: c.PoWBits, ttl: c.PoWTTL, remember: c.PoWRemember, now: c.Now, used: map[[16]byte]int64{}}
}

func (g *powGuard) sign(body []byte) []byte {
	h := hmac.New(sha256.New, g.secret)
	h.Write([]byte("pow"))
	h.Write(body)
	return h.Sum(nil)[:16]
}

// NewChallenge issues a signed challenge. The server keeps nothing until
// it is solved, so issuing many costs no memory.
func (m *Manager) NewChallenge() Challenge {
	g := m.pow
	exp := g.now().Add(g.ttl).Truncate(time.Second)
	b := make([]byte, powBody, powLen)
	b[0], b[1] = powVersion, byte(g.bits)
	binary.BigEndian.PutUint64(b[2:10], uint64(exp.Unix()))
	rand.Read(b[10:powBody])
	b = append(b, g.sign(b)...)
	return Challenge{Token: base64.RawURLEncoding.EncodeToString(b), Bits: g.bits, Expires: exp.UTC()}
}

// VerifyPoW accepts a solved challenge once: it must be ours, unexpired,
// solved to the difficulty it was issued with, and not used before.
func (m *Manager) VerifyPoW(token, solution string) error {
	g := m.pow
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != powLen || b[0] != powVersion || len(solution) == 0 || len(solution) > maxSolLen {
		return ErrChallengeInvalid
	}
	if !hmac.Equal(g.sign(b[:powBody]), b[powBody:]) {
		return ErrChallengeInvalid
	}
	exp := int64(binary.BigEndian.Uint64(b[2:10]))
	now := g.now().Unix()
	if now >= exp {
		return ErrChallengeExpired
	}
	if leadingZeroBits(sha256.Sum256([]byte(token+solution))) < int(b[1]) {
		return ErrChallengeInvalid
	}
	var nonce [16]byte
	copy(nonce[:], b[10:powBody])
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.used[nonce]; ok {
		return ErrChallengeReplayed
	}
	if len(g.used) >= g.remember && now > g.swept {
		g.swept = now
		for k, e := range g.used {
			if e <= now {
				delete(g.used, k)
			}
		}
	}
	if len(g.used) >= g.remember {
		// Forgetting an unexpired challenge would allow a replay; refuse instead.
		return ErrBusy
	}
	g.used[nonce] = exp
	return nil
}

func leadingZeroBits(h [32]byte) int {
	n := 0
	for _, x := range h {
		if x != 0 {
			return n + bits.LeadingZeros8(x)
		}
		n += 8
	}
	return n
}
