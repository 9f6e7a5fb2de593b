package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"loket/server/receipts"
)

// keysPath is where a server publishes its receipt keys.
const keysPath = "/.well-known/loket-receipt-keys.json"

// maxKeySet bounds a key set read from a file or the network.
const maxKeySet = 1 << 20

// runVerify checks a receipt token (or the link from its QR code) with
// the public keys alone, so a municipality or a desk can check a paper
// without access to the store. It cannot know about revocation: the
// verification page says that. Exit 0 when genuine, 1 when not, 2 on a
// usage error.
func runVerify(args []string, _ io.Reader, stdout, stderr io.Writer, _ env) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: loket verify [-keys FILE | -url BASE] TOKEN|LINK")
		fs.PrintDefaults()
	}
	keysFile := fs.String("keys", "", "public key set JSON, as published at "+keysPath)
	base := fs.String("url", "", "server to fetch the public keys from (https://loket.example.be)")
	// Flags may come before or after the token.
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rest := fs.Args()
	if len(rest) > 0 {
		if err := fs.Parse(rest[1:]); err != nil {
			return 2
		}
		rest = append(rest[:1], fs.Args()...)
	}
	if len(rest) != 1 || *keysFile != "" && *base != "" {
		fs.Usage()
		return 2
	}
	token, origin := splitReceiptLink(rest[0])
	if *keysFile == "" && *base == "" {
		*base = origin
	}
	if *keysFile == "" && *base == "" {
		fmt.Fprintln(stderr, "loket verify: give -keys FILE or -url BASE (or the full link from the QR code)")
		return 2
	}
	set, err := loadKeySet(*keysFile, *base)
	if err != nil {
		fmt.Fprintf(stderr, "loket verify: %v\n", err)
		return 2
	}
	v, err := receipts.NewVerifier(set, nil)
	if err != nil {
		fmt.Fprintf(stderr, "loket verify: key set: %v\n", err)
		return 2
	}
	p, err := v.Verify(token)
	switch {
	case err == nil:
		fmt.Fprintln(stdout, "GENUINE receipt")
	case errors.Is(err, receipts.ErrExpired):
		fmt.Fprintln(stdout, "NOT GENUINE: the receipt expired on", p.Expires.Format(time.RFC3339))
	default:
		fmt.Fprintln(stdout, "NOT GENUINE:", notGenuineReason(err))
		return 1
	}
	printPayload(stdout, p)
	if err != nil {
		return 1
	}
	fmt.Fprintln(stdout, "Checked offline: whether it was later cancelled shows on its verification page.")
	return 0
}

// splitReceiptLink takes a token or the link a QR code holds and returns
// the token and, for a link, the server's origin.
func splitReceiptLink(s string) (token, origin string) {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, "/r/")
	if i < 0 {
		return s, ""
	}
	if u, err := url.Parse(s[:i]); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	return s[i+len("/r/"):], origin
}

func notGenuineReason(err error) string {
	switch {
	case errors.Is(err, receipts.ErrBadSignature):
		return "the signature does not match (the receipt was altered or made up)"
	case errors.Is(err, receipts.ErrUnknownKey):
		return "signed with a key not in this key set"
	}
	return "this is not a well-formed receipt code"
}

func printPayload(w io.Writer, p receipts.Payload) {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		loc = time.UTC
	}
	fmt.Fprintf(w, "  kind:      %s\n", p.Kind)
	fmt.Fprintf(w, "  reference: %s\n", p.Reference)
	fmt.Fprintf(w, "  time:      %s (%s)\n", p.At.In(loc).Format("2006-01-02 15:04"), loc)
	fmt.Fprintf(w, "  office:    %s\n", p.OfficeID)
	fmt.Fprintf(w, "  expires:   %s\n", p.Expires.In(loc).Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "  receipt:   %s (key %s)\n", p.ReceiptID, p.KeyID)
}

// loadKeySet reads a key set from a file, or fetches it from a server.
func loadKeySet(file, base string) (receipts.PublicKeySet, error) {
	var set receipts.PublicKeySet
	var r io.Reader
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return set, err
		}
		defer f.Close()
		r = f
	} else {
		client := &http.Client{Timeout: 15 * time.Second}
		res, err := client.Get(strings.TrimRight(base, "/") + keysPath)
		if err != nil {
			return set, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return set, fmt.Errorf("%s%s: %s", base, keysPath, res.Status)
		}
		r = res.Body
	}
	dec := json.NewDecoder(io.LimitReader(r, maxKeySet))
	if err := dec.Decode(&set); err != nil {
		return set, fmt.Errorf("reading the key set: %w", err)
	}
	if len(set.Keys) == 0 {
		return set, errors.New("the key set holds no keys")
	}
	return set, nil
}
