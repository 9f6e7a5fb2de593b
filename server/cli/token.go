package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"loket/server/compose"
	"loket/server/dossiers"
)

// runToken manages the back office's bearer tokens: create (printed once,
// stored as a SHA-256 hash), list and revoke, on a stopped store or
// through the running server.
func runToken(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: loket token create|list|revoke -data FILE|-database URL [-name NAME]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("token "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file")
	name := fs.String("name", "", "the token's name (who uses it), for create and revoke")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if (sub == "create" || sub == "revoke") && *name == "" {
		fmt.Fprintf(stderr, "loket token %s: -name is required\n", sub)
		return 2
	}
	if sub != "create" && sub != "list" && sub != "revoke" {
		fmt.Fprintf(stderr, "loket token: unknown subcommand %q (create, list, revoke)\n", sub)
		return 2
	}
	return onStore(where, "token", []string{sub, *name}, stdout, stderr)
}

// tokenOnStore runs a checked token subcommand: args are the subcommand
// and the token's name.
func tokenOnStore(s compose.Store, args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "loket token: want a subcommand and a name")
		return 2
	}
	sub, name := args[0], args[1]
	switch sub {
	case "create":
		plain, t := dossiers.NewToken(name, time.Now())
		if err := s.CreateToken(t); err != nil {
			fmt.Fprintf(stderr, "loket token: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", plain)
		fmt.Fprintf(stderr, "Token %q created. It is shown only this once: keep it in the back office's secret store.\n", name)
	case "list":
		ts, err := s.Tokens()
		if err != nil {
			fmt.Fprintf(stderr, "loket token: %v\n", err)
			return 1
		}
		for _, t := range ts {
			fmt.Fprintf(stdout, "%s\tcreated %s\n", t.Name, t.Created.Format(time.RFC3339))
		}
	case "revoke":
		ok, err := s.RevokeToken(name)
		if err != nil {
			fmt.Fprintf(stderr, "loket token: %v\n", err)
			return 1
		}
		if !ok {
			fmt.Fprintf(stderr, "loket token: no token named %q\n", name)
			return 1
		}
		fmt.Fprintf(stdout, "revoked %s\n", name)
	default:
		fmt.Fprintf(stderr, "loket token: unknown subcommand %q\n", sub)
		return 2
	}
	return 0
}
