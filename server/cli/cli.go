// Package cli is the loket command line: serve (the default), backup,
// verify, keys, user, audit, version and help. Run returns an exit code, so
// start-up is testable.
// import, token, version and help. Run returns an exit code, so start-up is testable.
package cli

import (
	"fmt"
	"io"
)

// Version is set at build time with -ldflags "-X loket/server/cli.Version=...".
var Version = "dev"

// env reads one environment variable.
type env func(string) string

type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int
}

func commands() []command {
	return []command{
		{"serve", "start the server (the default)", runServe},
		{"backup", "write a consistent copy of a store, even while it runs", runBackup},
		{"migrate", "copy a whole store from bbolt into PostgreSQL, or back (-from FILE|URL -to URL|FILE)", runMigrate},
		{"verify", "check a receipt's QR code offline with the public keys", runVerify},
		{"keys", "export the receipt public keys, or rotate the signing key", runKeys},
		{"user", "add, list, disable or enable staff accounts (user add|list|disable|enable)", runUser},
		{"audit", "check the audit trail's hash chain (audit verify)", runAudit},
		{"municipalities", "import bpost's municipality and postcode list (import FILE.csv)", runMunicipalities},
		{"import", "bulk-load dossiers from JSON Lines or CSV (bbolt: server stopped; PostgreSQL: any time)", runImport},
		{"token", "create, list or revoke back-office API tokens", runToken},
		{"kiosk", "register kiosks: add (prints an enrolment code), list, revoke", runKiosk},
		{"notify", "the notification outbox: VAPID key, counts, latest messages, purge (notify keys|stats|list|purge)", runNotify},
		{"content", "exchange translations as XLIFF 2.0 (content export -lang LANG | import FILE.xlf)", runContent},
		{"version", "print the version", runVersion},
		{"help", "show this help", nil},
	}
}

// Run runs the command named by args[0] (serve when there is none or the
// first argument is a flag).
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		usage(stdout)
		return 0
	}
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args, stdin, stdout, stderr, getenv)
		}
	}
	fmt.Fprintf(stderr, "loket: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Loket: the self-service front office of the Immigration Office.")
	fmt.Fprintln(w, "\nUsage: loket [command] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'loket <command> -h' for a command's flags. Every serve flag can also be")
	fmt.Fprintln(w, "set with an environment variable: -data as LOKET_DATA, -base-url as LOKET_BASE_URL.")
}

func runVersion(_ []string, _ io.Reader, stdout, _ io.Writer, _ env) int {
	fmt.Fprintf(stdout, "loket %s\n", Version)
	return 0
}
