package public

import (
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"loket/server/bookings"
	"loket/server/config"
	"loket/server/locale"
	"loket/server/ratelimit"
	"loket/server/refusal"
	"loket/server/web/kit"
)

// bookingState is what the appointment handlers keep between requests:
// per-address limits, rendered slot listings and the proofs of work that
// already booked. All of it is in memory and holds no client address in
// the clear beyond the limiters' keys, which are never logged.
type bookingState struct {
	create     *ratelimit.Limiter // bookings per address
	createNoJS *ratelimit.Limiter // bookings without proof of work per address
	manage     *ratelimit.Limiter // lookups by reference and challenges per address
	slots      *slotCache
	pow        *powMemory
	// locs keeps the offices' time zones: time.LoadLocation reads the
	// zone file from disk on every call.
	locs sync.Map // zone name -> *time.Location
}

// location is the office's time zone, loaded once per zone name.
func (bs *bookingState) location(o bookings.Office) (*time.Location, error) {
	if l, ok := bs.locs.Load(o.TimeZone); ok {
		return l.(*time.Location), nil
	}
	l, err := o.Location()
	if err != nil {
		return nil, err
	}
	bs.locs.Store(o.TimeZone, l)
	return l, nil
}

func newBookingState(cfg config.Config, now func() time.Time) *bookingState {
	return &bookingState{
		create:     ratelimit.New(cfg.BookingLimit, cfg.BookingWindow, ratelimit.MaxKeys, now),
		createNoJS: ratelimit.New(cfg.BookingNoJSLimit, cfg.BookingWindow, ratelimit.MaxKeys, now),
		manage:     ratelimit.New(cfg.ManageLimit, cfg.BookingWindow, ratelimit.MaxKeys, now),
		slots:      &slotCache{entries: map[slotKey]slotEntry{}},
		pow:        &powMemory{used: map[string]powUse{}},
	}
}

// slotKey names one rendered slot listing; slotEntry is valid while the
// bookings of its office-service have not changed and the minute (which
// moves the lead time and "today") is the same.
type slotKey struct{ office, service, from, to, lang string }

type slotEntry struct {
	changes uint64
	minute  int64
	body    []byte
	gzipped []byte
}

// slotCache keeps the JSON of slot listings: the listing of one
// office-service is read far more often than it changes.
type slotCache struct {
	mu      sync.RWMutex
	entries map[slotKey]slotEntry
}

// maxSlotEntries bounds the cache; when full it starts again empty.
const maxSlotEntries = 4096

func (sc *slotCache) Get(k slotKey, changes uint64, minute int64) (slotEntry, bool) {
	sc.mu.RLock()
	e, ok := sc.entries[k]
	sc.mu.RUnlock()
	return e, ok && e.changes == changes && e.minute == minute
}

func (sc *slotCache) put(k slotKey, e slotEntry) {
	sc.mu.Lock()
	if len(sc.entries) >= maxSlotEntries {
		clear(sc.entries)
	}
	sc.entries[k] = e
	sc.mu.Unlock()
}

// powMemory remembers which form (idempotency key) each proof of work was
// used for, so that the same form sent twice (a double tap, a reload)
// reaches the booking's idempotency check instead of failing as a replayed
// challenge, while a proof cannot serve a second, different booking.
type powMemory struct {
	mu   sync.Mutex
	used map[string]powUse
}

type powUse struct {
	form    string
	expires time.Time
}

// maxPoWMemory bounds the memory; beyond it, a repeated form fails as a
// replayed challenge, which is safe.
const maxPoWMemory = 100_000

// seen reports whether token was already used for form.
func (pm *powMemory) seen(token, form string) bool {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	u, ok := pm.used[token]
	return ok && form != "" && u.form == form
}

func (pm *powMemory) remember(token, form string, now time.Time, ttl time.Duration) {
	if form == "" {
		return
	}
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if len(pm.used) >= maxPoWMemory {
		for k, u := range pm.used {
			if now.After(u.expires) {
				delete(pm.used, k)
			}
		}
		if len(pm.used) >= maxPoWMemory {
			return
		}
	}
	pm.used[token] = powUse{form: form, expires: now.Add(ttl)}
}

// powTTL is how long a remembered proof matters: a challenge lives for
// five minutes by default, and a little more covers clock skew.
const powTTL = 10 * time.Minute

// bookingAPIFail answers a domain error in the API's error shape, in the
// request's language; extra is added to the body (the next free slots).
func (h *Handler) bookingAPIFail(c *fiber.Ctx, err error) error {
	be, f, ok := kit.BookingRefusal(err)
	if !ok {
		return err
	}
	code := strings.TrimPrefix(be.Key, "booking.error.")
	msg := locale.NewError(be.Key)
	if f.Field == "" {
		return h.APIFail(c, f.Status, code, msg)
	}
	return h.APIFail(c, f.Status, code, msg, refusal.Field{Field: f.Field, Code: code, Key: msg.Key, Args: msg.Args})
}

// mapURL is the office's map link: the administrators' link, else an
// OpenStreetMap search for the address. It is a plain link; Loket embeds
// no map, so no third party sees who opens the page.
func mapURL(o bookings.Office) string {
	if o.MapURL != "" {
		return o.MapURL
	}
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(o.Address)
}

// officeView is an office as the API and pages show it, in one language.
type officeView struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Address       string `json:"address"`
	MapURL        string `json:"map_url"`
	Accessibility string `json:"accessibility,omitempty"`
	// AccessibilityLang is the language Accessibility is written in.
	AccessibilityLang string        `json:"-"`
	Languages         []string      `json:"languages"`
	Services          []serviceView `json:"services"`
}

type serviceView struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	DurationMinutes int      `json:"duration_minutes"`
	DossierRequired bool     `json:"dossier_required"`
	Bring           []string `json:"bring"`
}

func newOfficeView(o bookings.Office, p *locale.Printer) officeView {
	v := officeView{ID: o.ID, Name: o.Name, Address: o.Address, MapURL: mapURL(o),
		Languages: o.Languages, Services: []serviceView{}}
	v.Accessibility, v.AccessibilityLang = o.AccessibilityIn(p.Lang())
	for _, s := range o.Services {
		if !s.Inactive { // it takes no new bookings
			v.Services = append(v.Services, newServiceView(s, p))
		}
	}
	return v
}

func newServiceView(s bookings.Service, p *locale.Printer) serviceView {
	v := serviceView{ID: s.ID, Name: s.NameIn(p), DurationMinutes: s.DurationMinutes, DossierRequired: s.DossierRequired, Bring: []string{}}
	for _, k := range s.Checklist {
		v.Bring = append(v.Bring, p.T(k))
	}
	return v
}

// bookingView is the reduced booking the person sees: no PIN hash, no
// client fingerprint, no internal id; contact data only as they typed it.
type bookingView struct {
	Reference string          `json:"reference"`
	Status    string          `json:"status"`
	Office    kit.OfficeBrief `json:"office"`
	Service   serviceView     `json:"service"`
	Start     time.Time       `json:"start"`
	End       time.Time       `json:"end"`
	// Local is the start in the office's time zone; Date and Time are it
	// written out for people.
	Local   time.Time `json:"local"`
	Date    string    `json:"date"`
	Time    string    `json:"time"`
	Dossier string    `json:"dossier,omitempty"`
	Phone   string    `json:"phone,omitempty"`
	Email   string    `json:"email,omitempty"`
}

func (h *Handler) newBookingView(b bookings.Booking, p *locale.Printer) bookingView {
	v := bookingView{Reference: b.Ref.String(), Status: string(b.Status), Start: b.Start, End: b.End,
		Dossier: b.Dossier, Phone: b.Phone, Email: b.Email, Local: b.Start}
	if o, err := h.Bookings.Office(b.OfficeID); err == nil {
		v.Office = kit.OfficeBrief{ID: o.ID, Name: o.Name, Address: o.Address, MapURL: mapURL(o)}
		if loc, err := o.Location(); err == nil {
			v.Local = b.Start.In(loc)
		}
		if s, ok := o.Service(b.ServiceID); ok {
			v.Service = newServiceView(s, p)
		}
	}
	v.Date, v.Time = p.Date(v.Local), v.Local.Format("15:04")
	return v
}

// calendar is the booking's .ics file in the person's language.
func (h *Handler) calendar(b bookings.Booking, p *locale.Printer) ([]byte, error) {
	o, err := h.Bookings.Office(b.OfficeID)
	if err != nil {
		return nil, err
	}
	s, _ := o.Service(b.ServiceID)
	t := bookings.ICSTexts{
		Summary:    p.T("booking.ics.summary", "service", s.NameIn(p)),
		Intro:      p.T("booking.ics.intro", "reference", b.Ref.String()),
		BringTitle: p.T("booking.label.bring"),
	}
	// An office without an e-mail address of its own is organized by the
	// address notifications come from (-mail-from), as in e-mailed files.
	if a, err := mail.ParseAddress(h.Config.MailFrom); err == nil {
		t.Organizer = a.Address
	}
	for _, k := range s.Checklist {
		t.Bring = append(t.Bring, p.T(k))
	}
	return bookings.ICS(b, o, t), nil
}
