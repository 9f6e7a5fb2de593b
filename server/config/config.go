// Package config reads Loket's settings once, from flags and LOKET_*
// environment variables, into a typed struct that is passed down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Config is every setting of a Loket server.
type Config struct {
	Addr string
	Data string
	// Database is a PostgreSQL URL (postgres://…): the store of several
	// instances. Empty: the bbolt file Data, for one machine.
	Database    string
	Demo        bool
	BaseURL     string
	LogFormat   string
	DefaultLang string
	// Fallbacks overrides catalogs' fallback chains, e.g. "ps:fa,de:nl".
	Fallbacks map[string][]string
	// Digits overrides catalogs' digit systems, e.g. "ar:arab" for
	// Arabic-Indic digits in Arabic (latn, arab or arabext).
	Digits map[string]string
	// KioskIdle is how long a kiosk waits without a touch before it warns;
	// KioskIdleResult replaces KioskIdle on a page with nothing to fill in
	// (a status, a ticket), so there is time to read it in a second
	// language. KioskWarn is how long the warning shows before the kiosk
	// resets.
	KioskIdle       time.Duration
	KioskIdleResult time.Duration
	KioskWarn       time.Duration
	// ShutdownTimeout bounds how long in-flight requests may finish.
	ShutdownTimeout time.Duration
	// BodyLimit caps request bodies in bytes.
	BodyLimit int
	// LookupLimit is how many dossier lookups (any check of a dossier
	// secret) one client address may make per LookupWindow;
	// DossierFailures wrong answers from one address lock a dossier number
	// for that address; DossierBrake wrong answers from all addresses
	// together per DossierBrakeWindow pause lookups by birth date.
	LookupLimit        int
	DossierFailures    int
	LookupWindow       time.Duration
	DossierBrake       int
	DossierBrakeWindow time.Duration
	// KioskLookupLimit is how many lookups a registered kiosk may make per
	// hour, counted by its credential instead of its address: a busy hall,
	// or every kiosk of an office behind one address, must not lock
	// walk-ins out. DossierFailures still locks a dossier number (for that
	// kiosk).
	KioskLookupLimit int
	// AddressRetention is how long after the planned departure an address
	// notification is kept before it is deleted.
	AddressRetention time.Duration
	// HelpdeskSLA is the helpdesk's service-level target: the inbox flags
	// unresolved escalations older than this.
	HelpdeskSLA time.Duration
	// NoSync turns off fsync (benchmarks only).
	NoSync bool
	// TrustedProxies are the reverse proxies (addresses or ranges) whose
	// X-Forwarded-For header names the client; empty: the connection's
	// address is the client.
	TrustedProxies []netip.Prefix
	// Procs is how many goroutines run at once (GOMAXPROCS); 0 lets
	// serve choose (see cli.schedulers).
	Procs int
	// ReadOnly serves from the data file without writing to it: every
	// write is refused with a clear message (maintenance, a full disk).
	ReadOnly bool
	// Offices is a JSON file of offices, used while the store holds none.
	Offices string
	// Administration is a JSON file with the administration's name, postal
	// address, helpdesk phone and e-mail (the demo's is fictitious).
	Administration string
	// BrandLogo is an SVG or PNG file shown beside the name in the phone
	// app's header (empty: none; the demo has a fictitious one);
	// BrandColor the header's colour, "#rrggbb" (empty: Loket's blue).
	BrandLogo  string
	BrandColor string
	// MetricsToken is the bearer token of GET /metrics; empty answers 404.
	MetricsToken string
	// BookingPoW requires a solved proof-of-work with API bookings and
	// scripted form posts; false is for benchmarks only.
	BookingPoW bool
	// BookingLimit is how many bookings one client address may make per
	// BookingWindow; BookingNoJSLimit how many of them may come from a
	// browser without JavaScript, which sends no proof of work.
	BookingLimit     int
	BookingNoJSLimit int
	BookingWindow    time.Duration
	// ManageLimit is how many lookups by reference and challenges one
	// client address may make per BookingWindow.
	ManageLimit int
	// WriteLimit is how many anonymous writes of each kind (help
	// requests, address notifications, status printouts, lawyer codes)
	// one client address may make per WriteWindow without proof of work;
	// WritePoWLimit how many challenges it may fetch for more per window.
	WriteLimit    int
	WritePoWLimit int
	WriteWindow   time.Duration
	// AuditKeyFile holds the key that seals the audit trail; empty: a
	// file beside the data file (DATA.audit-key), made at the first start.
	AuditKeyFile string
	// AuditHeadEvery is how often the server logs the trail's signed head
	// (0: never); AuditHeadFile, when set, is a file each head is also
	// appended to. Shipped off the machine, the heads let `loket audit
	// verify -head` find a trail cut short or rewritten.
	AuditHeadEvery time.Duration
	AuditHeadFile  string
	// MaxConns caps open connections in total, MaxConnsPerAddr those of
	// one client address (IPv6: one /64; trusted proxies are exempt); 0
	// derives them from the descriptor limit (see connlimit.Defaults).
	MaxConns        int
	MaxConnsPerAddr int
	// MaxStreams caps the event streams (queue displays and phones) open
	// at once, MaxStreamsPerAddr those of one client address; 0 derives
	// them from the connection caps (connlimit.StreamDefaults).
	MaxStreams        int
	MaxStreamsPerAddr int

	// Notifications (see README, Notifications). SMTPHost empty: no e-mail;
	// Push false: no Web Push. SMTPSecurity is starttls, tls or none (a
	// local relay; never with a password). MailFrom is the sender address.
	SMTPHost     string
	SMTPPort     int
	SMTPSecurity string
	SMTPUser     string
	SMTPPassword string
	MailFrom     string
	// Push turns Web Push on; VAPIDSubject is the contact push services
	// see (mailto: or https:). PushPrivate lets push endpoints be on
	// loopback or private networks (tests and local demos only).
	Push         bool
	VAPIDSubject string
	PushPrivate  bool
	// ReminderLead is how long before an appointment its reminder goes;
	// NotifyRetention how long finished notifications are kept.
	ReminderLead    time.Duration
	NotifyRetention time.Duration
}

// Defaults are the settings when nothing is given.
func Defaults() Config {
	return Config{
		Addr:               "127.0.0.1:8080",
		Data:               "loket.db",
		LogFormat:          "text",
		DefaultLang:        "nl",
		KioskIdle:          60 * time.Second,
		KioskIdleResult:    120 * time.Second,
		KioskWarn:          30 * time.Second, // WCAG 2.2.1: at least 20 s to ask for more time
		ShutdownTimeout:    10 * time.Second,
		BodyLimit:          256 << 10,
		LookupLimit:        30,
		DossierFailures:    5,
		LookupWindow:       15 * time.Minute,
		DossierBrake:       50,
		DossierBrakeWindow: 24 * time.Hour,
		KioskLookupLimit:   600,

		AddressRetention: 365 * 24 * time.Hour,
		HelpdeskSLA:      48 * time.Hour,
		BookingPoW:       true,
		BookingLimit:     10,
		BookingNoJSLimit: 3,
		BookingWindow:    time.Hour,
		ManageLimit:      60,
		WriteLimit:       5,
		WritePoWLimit:    120,
		WriteWindow:      time.Hour,
		AuditHeadEvery:   10 * time.Minute,
		SMTPSecurity:     "starttls",
		ReminderLead:     24 * time.Hour,
		NotifyRetention:  30 * 24 * time.Hour,
	}
}

// DatabaseEnv is the environment variable naming the PostgreSQL database
// (LOKET_DATABASE, after the flag, works too).
const DatabaseEnv = "LOKET_DATABASE_URL"

// Parse reads the serve flags from args, with LOKET_<NAME> environment
// variables as defaults (flag names upper-cased, dashes as underscores).
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Defaults()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on")
	fs.StringVar(&c.Data, "data", c.Data, "bbolt data file")
	fs.StringVar(&c.Database, "database", c.Database, "PostgreSQL URL, postgres://… (also LOKET_DATABASE_URL): several instances share it; empty: the -data file")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo data set into an empty store")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of this server (default http://<addr>)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json")
	fs.StringVar(&c.DefaultLang, "default-lang", c.DefaultLang, "the office's default language")
	fallbacks := fs.String("fallbacks", "", "fallback chains overriding the catalogs', e.g. ps:fa,de:nl")
	digits := fs.String("digits", "", "digit systems overriding the catalogs', e.g. ar:arab (latn, arab, arabext)")
	proxies := fs.String("trusted-proxies", "", "reverse proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1,10.0.0.0/8 (rate limits and the audit trail count clients by it)")
	fs.DurationVar(&c.KioskIdle, "kiosk-idle", c.KioskIdle, "kiosk idle time before the reset warning")
	fs.DurationVar(&c.KioskIdleResult, "kiosk-idle-result", c.KioskIdleResult, "kiosk idle time before the reset warning on a page with nothing to fill in (a result)")
	fs.DurationVar(&c.KioskWarn, "kiosk-warn", c.KioskWarn, "how long the kiosk warns before it resets")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "time in-flight requests get at shutdown")
	fs.IntVar(&c.BodyLimit, "body-limit", c.BodyLimit, "maximum request body in bytes")
	fs.IntVar(&c.LookupLimit, "lookup-limit", c.LookupLimit, "dossier lookups (status, letter, help form, booking) per client address per lookup window")
	fs.IntVar(&c.DossierFailures, "dossier-failures", c.DossierFailures, "wrong answers from one client address that lock a dossier for that address (per lookup window)")
	fs.IntVar(&c.DossierBrake, "dossier-brake", c.DossierBrake, "wrong answers from all addresses together that pause lookups of a dossier by birth date (per brake window)")
	fs.DurationVar(&c.DossierBrakeWindow, "dossier-brake-window", c.DossierBrakeWindow, "window of -dossier-brake")
	fs.IntVar(&c.KioskLookupLimit, "kiosk-lookup-limit", c.KioskLookupLimit, "lookups per registered kiosk per hour (counted by its credential, not its address)")
	fs.DurationVar(&c.LookupWindow, "lookup-window", c.LookupWindow, "window of the lookup limits")
	fs.DurationVar(&c.AddressRetention, "address-retention", c.AddressRetention, "how long after the planned departure address notifications are kept")
	fs.DurationVar(&c.HelpdeskSLA, "helpdesk-sla", c.HelpdeskSLA, "service-level target of the helpdesk: answer escalations within this time")
	fs.IntVar(&c.Procs, "procs", c.Procs, "goroutines running at once, GOMAXPROCS (0: twice the CPUs, or the GOMAXPROCS variable when set)")
	fs.BoolVar(&c.NoSync, "no-sync", c.NoSync, "do not fsync writes (benchmarks only: loses data on a crash)")
	fs.BoolVar(&c.ReadOnly, "read-only", c.ReadOnly, "serve without writing to the data file: writes are refused with a clear message")
	fs.StringVar(&c.Offices, "offices", c.Offices, "JSON file of offices, used while the store holds none")
	fs.StringVar(&c.Administration, "administration", c.Administration, "JSON file of the administration's name, address and helpdesk contact")
	fs.StringVar(&c.BrandLogo, "brand-logo", c.BrandLogo, "SVG or PNG file of the administration's logo for the header (at most 100 KB)")
	fs.StringVar(&c.BrandColor, "brand-color", c.BrandColor, "header colour #rrggbb; white text on it must reach 4.5:1 contrast")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "bearer token for GET /metrics (empty: no metrics)")
	fs.BoolVar(&c.BookingPoW, "booking-pow", c.BookingPoW, "require proof of work for bookings (false: benchmarks only)")
	fs.IntVar(&c.BookingLimit, "booking-limit", c.BookingLimit, "bookings per client address per booking window")
	fs.IntVar(&c.BookingNoJSLimit, "booking-nojs-limit", c.BookingNoJSLimit, "bookings without proof of work (browsers without JavaScript) per client address per booking window")
	fs.DurationVar(&c.BookingWindow, "booking-window", c.BookingWindow, "window of the booking limits")
	fs.IntVar(&c.ManageLimit, "manage-limit", c.ManageLimit, "lookups by booking reference and challenges per client address per booking window")
	fs.IntVar(&c.WriteLimit, "write-limit", c.WriteLimit, "anonymous writes of each kind (help, address notification, status printout, lawyer code) per client address per write window without proof of work")
	fs.IntVar(&c.WritePoWLimit, "write-pow-limit", c.WritePoWLimit, "proof-of-work challenges for more anonymous writes per client address per write window")
	fs.DurationVar(&c.WriteWindow, "write-window", c.WriteWindow, "window of the anonymous write limits")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", c.AuditKeyFile, "file holding the key that seals the audit trail, kept apart from the data file (default DATA.audit-key, made at the first start)")
	fs.DurationVar(&c.AuditHeadEvery, "audit-head-every", c.AuditHeadEvery, "how often to log the audit trail's signed head (0: never)")
	fs.IntVar(&c.MaxConns, "max-conns", c.MaxConns, "open connections at most (0: from the descriptor limit)")
	fs.IntVar(&c.MaxConnsPerAddr, "max-conns-per-addr", c.MaxConnsPerAddr, "open connections of one client address at most, IPv6 by /64 (0: from -max-conns)")
	fs.IntVar(&c.MaxStreams, "max-streams", c.MaxStreams, "event streams open at once (0: half of -max-conns)")
	fs.IntVar(&c.MaxStreamsPerAddr, "max-streams-per-addr", c.MaxStreamsPerAddr, "event streams of one client address (0: as -max-conns-per-addr)")
	fs.StringVar(&c.AuditHeadFile, "audit-head-file", c.AuditHeadFile, "file the signed audit heads are also appended to, one JSON line each")
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server for notification e-mail (empty: no e-mail)")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (0: 587 for starttls, 465 for tls, 25 for none)")
	fs.StringVar(&c.SMTPSecurity, "smtp-security", c.SMTPSecurity, "SMTP connection security: starttls, tls or none (a local relay, no password)")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "SMTP user name (empty: no authentication)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP password (prefer LOKET_SMTP_PASSWORD)")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "sender address of notification e-mail, e.g. 'Loket <noreply@example.org>'")
	fs.BoolVar(&c.Push, "push", c.Push, "send Web Push notifications (the VAPID key is kept in the store)")
	fs.StringVar(&c.VAPIDSubject, "vapid-subject", c.VAPIDSubject, "contact push services see: mailto:... or https://...")
	fs.BoolVar(&c.PushPrivate, "push-private", c.PushPrivate, "accept push endpoints on loopback and private networks (tests and local demos only)")
	fs.DurationVar(&c.ReminderLead, "reminder-lead", c.ReminderLead, "how long before an appointment its reminder is sent")
	fs.DurationVar(&c.NotifyRetention, "notify-retention", c.NotifyRetention, "how long sent, failed and dropped notifications are kept")

	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		key := "LOKET_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(key); v != "" {
			if err := fs.Set(f.Name, v); err != nil && envErr == nil {
				envErr = fmt.Errorf("%s=%q: %v", key, v, err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if v := getenv(DatabaseEnv); v != "" && c.Database == "" {
		c.Database = v
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	fb, err := parseFallbacks(*fallbacks)
	if err != nil {
		return c, err
	}
	c.Fallbacks = fb
	if c.Digits, err = parseDigits(*digits); err != nil {
		return c, err
	}
	if c.TrustedProxies, err = parseProxies(*proxies); err != nil {
		return c, err
	}
	return c, c.validate()
}

// parseProxies reads a comma-separated list of addresses and CIDR ranges.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("trusted-proxies: %q is neither an address nor a CIDR range", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func parseFallbacks(s string) (map[string][]string, error) {
	out := map[string][]string{}
	if s == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		lang, chain, ok := strings.Cut(part, ":")
		if !ok || lang == "" || chain == "" {
			return nil, fmt.Errorf("fallbacks: %q is not lang:fallback[+fallback]", part)
		}
		out[lang] = strings.Split(chain, "+")
	}
	return out, nil
}

// DatabaseKind names the store the settings select, as /healthz and the
// logs report it: postgresql with -database, else bbolt.
func (c Config) DatabaseKind() string {
	if c.Database != "" {
		return "postgresql"
	}
	return "bbolt"
}

// AuditKeyPath is the file of the audit trail's key: AuditKeyFile, or by
// default DATA.audit-key beside the data file.
func (c Config) AuditKeyPath() string {
	if c.AuditKeyFile != "" {
		return c.AuditKeyFile
	}
	return c.Data + ".audit-key"
}

// parseDigits reads lang:system pairs, e.g. "ar:arab,ps:latn".
func parseDigits(s string) (map[string]string, error) {
	out := map[string]string{}
	if s == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		lang, system, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || lang == "" || (system != "latn" && system != "arab" && system != "arabext") {
			return nil, fmt.Errorf("digits: %q is not lang:latn, lang:arab or lang:arabext", part)
		}
		out[lang] = system
	}
	return out, nil
}

func (c *Config) validate() error {
	var errs []error
	errs = append(errs, c.validateNotify()...)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log-format must be text or json, not %q", c.LogFormat))
	}
	if c.Data == "" {
		errs = append(errs, errors.New("data must name a file"))
	}
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
		errs = append(errs, errors.New("database must be a postgres:// URL"))
	}
	if c.Database != "" && c.ReadOnly {
		errs = append(errs, errors.New("read-only serves a bbolt file: it cannot be used with -database"))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base-url %q is not an http(s) URL", c.BaseURL))
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.KioskIdle < 5*time.Second || c.KioskIdleResult < 5*time.Second || c.KioskWarn < time.Second {
		errs = append(errs, errors.New("kiosk-idle and kiosk-idle-result must be at least 5s and kiosk-warn at least 1s"))
	}
	if c.BodyLimit < 1024 {
		errs = append(errs, errors.New("body-limit must be at least 1024 bytes"))
	}
	if err := validateBrandColor(c.BrandColor); err != nil {
		errs = append(errs, err)
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("metrics-token must be at least 16 characters"))
	}
	if c.Procs < 0 {
		errs = append(errs, errors.New("procs must not be negative"))
	}
	if c.MaxConns < 0 || c.MaxConnsPerAddr < 0 || c.MaxStreams < 0 || c.MaxStreamsPerAddr < 0 {
		errs = append(errs, errors.New("max-conns, max-streams and their per-address caps must not be negative"))
	}
	if c.AuditHeadEvery != 0 && c.AuditHeadEvery < time.Second {
		errs = append(errs, errors.New("audit-head-every must be 0 (never) or at least 1s"))
	}
	if c.LookupLimit < 1 || c.KioskLookupLimit < 1 || c.DossierFailures < 1 || c.LookupWindow <= 0 || c.DossierBrake < 1 || c.DossierBrakeWindow <= 0 {
		errs = append(errs, errors.New("lookup limits must be positive"))
	}
	if c.HelpdeskSLA < time.Minute {
		errs = append(errs, errors.New("helpdesk-sla must be at least 1m"))
	}
	if c.AddressRetention < 24*time.Hour {
		errs = append(errs, errors.New("address-retention must be at least 24h"))
	}
	if c.WriteLimit < 0 || c.WritePoWLimit < 0 || c.WriteWindow <= 0 {
		errs = append(errs, errors.New("write limits must not be negative and write-window must be positive"))
	}
	if c.BookingLimit < 1 || c.BookingNoJSLimit < 0 || c.ManageLimit < 1 || c.BookingWindow <= 0 {
		errs = append(errs, errors.New("booking limits must be positive"))
	}
	return errors.Join(errs...)
}

func (c *Config) validateNotify() []error {
	var errs []error
	switch c.SMTPSecurity {
	case "starttls", "tls", "none":
	default:
		errs = append(errs, fmt.Errorf("smtp-security must be starttls, tls or none, not %q", c.SMTPSecurity))
	}
	if c.SMTPHost != "" {
		if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Address == "" {
			errs = append(errs, fmt.Errorf("mail-from must be an e-mail address when smtp-host is set, not %q", c.MailFrom))
		}
		if c.SMTPSecurity == "none" && c.SMTPUser != "" {
			errs = append(errs, errors.New("smtp-user needs smtp-security starttls or tls: a password is never sent in the clear"))
		}
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		errs = append(errs, fmt.Errorf("smtp-port %d is not a port", c.SMTPPort))
	}
	if c.Push && !strings.HasPrefix(c.VAPIDSubject, "mailto:") && !strings.HasPrefix(c.VAPIDSubject, "https://") {
		errs = append(errs, fmt.Errorf("push needs vapid-subject, a mailto: or https:// contact, not %q", c.VAPIDSubject))
	}
	if c.ReminderLead < time.Hour || c.ReminderLead > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("reminder-lead must be between 1h and 168h, not %v", c.ReminderLead))
	}
	if c.NotifyRetention < 24*time.Hour {
		errs = append(errs, fmt.Errorf("notify-retention must be at least 24h, not %v", c.NotifyRetention))
	}
	return errs
}
