package notify

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Limits on what a browser may hand in.
const (
	maxEndpoint = 1024
	maxKeyText  = 100 // base64url of 65 bytes is 87 characters
)

// SubscriptionRules are what a subscription must satisfy.
type SubscriptionRules struct {
	// Langs are the languages Loket speaks.
	Langs []string
	// AllowPrivate accepts push endpoints on loopback and private networks
	// (tests and demos only); production refuses them.
	AllowPrivate bool
	Now          func() time.Time
}

// PushRequest is a browser's PushSubscription as its JSON gives it.
type PushRequest struct {
	Endpoint string
	P256dh   string // base64url
	Auth     string // base64url
}

// NewPush checks a browser's push subscription for subject and makes the
// Subscription, with a fresh random id. Malformed or foreign ones are
// refused with ErrBadEndpoint or ErrBadKey.
func (r SubscriptionRules) NewPush(subject Subject, lang string, p PushRequest) (Subscription, error) {
	if err := r.checkLang(lang); err != nil {
		return Subscription{}, err
	}
	if err := CheckEndpoint(p.Endpoint, r.AllowPrivate); err != nil {
		return Subscription{}, err
	}
	if len(p.P256dh) > maxKeyText || len(p.Auth) > maxKeyText {
		return Subscription{}, ErrBadKey
	}
	pub, err := decodeB64(p.P256dh)
	if err != nil || len(pub) != 65 {
		return Subscription{}, ErrBadKey
	}
	if _, err := ecdh.P256().NewPublicKey(pub); err != nil {
		return Subscription{}, ErrBadKey
	}
	auth, err := decodeB64(p.Auth)
	if err != nil || len(auth) != 16 {
		return Subscription{}, ErrBadKey
	}
	return r.make(subject, lang, ChannelPush, &PushTarget{Endpoint: p.Endpoint, P256dh: pub, Auth: auth}, "")
}

// NewEmail makes an e-mail subscription for subject.
func (r SubscriptionRules) NewEmail(subject Subject, lang, address string) (Subscription, error) {
	if err := r.checkLang(lang); err != nil {
		return Subscription{}, err
	}
	a, err := mail.ParseAddress(address)
	if err != nil || a.Name != "" || a.Address != address || len(address) > 254 || strings.ContainsAny(address, "\r\n") {
		return Subscription{}, ErrBadEmail
	}
	return r.make(subject, lang, ChannelEmail, nil, address)
}

func (r SubscriptionRules) make(subject Subject, lang string, c Channel, p *PushTarget, email string) (Subscription, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return Subscription{ID: NewID(), Subject: subject, Channel: c, Lang: lang, Push: p, Email: email, Created: now().UTC()}, nil
}

func (r SubscriptionRules) checkLang(lang string) error {
	for _, l := range r.Langs {
		if l == lang {
			return nil
		}
	}
	return ErrBadLanguage
}

// NewID is a random 128-bit id in base64url: a subscription's id and
// unsubscribe token.
func NewID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeB64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// CheckEndpoint refuses a push endpoint that is not an absolute https URL
// of reasonable length, carries credentials, or names a loopback, private,
// link-local or unspecified address (unless allowPrivate). Host names are
// checked again when delivering, on the address actually dialled.
func CheckEndpoint(endpoint string, allowPrivate bool) error {
	if len(endpoint) > maxEndpoint {
		return ErrBadEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return ErrBadEndpoint
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return ErrBadEndpoint
	}
	host := u.Hostname()
	if allowPrivate {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !PublicAddr(ip) {
			return ErrBadEndpoint
		}
		return nil
	}
	if h := strings.ToLower(host); h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") ||
		strings.HasSuffix(h, ".internal") || !strings.Contains(h, ".") {
		return ErrBadEndpoint
	}
	return nil
}

// PublicAddr reports whether ip is a public unicast address: not
// loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, multicast or
// unspecified.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	return !netip.MustParsePrefix("100.64.0.0/10").Contains(ip) && !netip.MustParsePrefix("0.0.0.0/8").Contains(ip)
}

// PublicIP is PublicAddr for a net.IP, for dialers.
func PublicIP(ip net.IP) bool {
	a, ok := netip.AddrFromSlice(ip)
	return ok && PublicAddr(a)
}
