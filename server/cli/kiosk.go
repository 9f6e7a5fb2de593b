package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"loket/server/compose"
)

// runKiosk manages registered kiosks: add (prints a one-time enrolment
// code), list, revoke. It opens the store itself: run it while the server
// is stopped, or at any time on PostgreSQL.
func runKiosk(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "revoke") {
		fmt.Fprintln(stderr, "usage: loket kiosk add -office ID -name NAME | list | revoke -id ID  [-data FILE|-database URL] [-demo]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("kiosk "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file")
	demo := fs.Bool("demo", getenv("LOKET_DEMO") == "true", "use the demo offices when none are saved")
	office := fs.String("office", "", "office id (add)")
	name := fs.String("name", "", "a name that tells the kiosk apart, e.g. \"hall left\" (add)")
	id := fs.String("id", "", "kiosk id (revoke)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	s, closer, err := where.open()
	if err != nil {
		fmt.Fprintf(stderr, "loket kiosk: %v\n", err)
		return 1
	}
	defer closer.Close()
	ctx := context.Background()
	offices, err := compose.LoadOffices(ctx, s, *demo)
	if err == nil && len(offices) == 0 {
		err = fmt.Errorf("no offices in %s (use -demo for the demo offices)", where)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket kiosk: %v\n", err)
		return 1
	}
	q, err := compose.NewQueue(s, offices, nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "loket kiosk: %v\n", err)
		return 1
	}
	switch sub {
	case "add":
		k, code, err := q.AddKiosk(ctx, *office, *name)
		if err != nil {
			fmt.Fprintf(stderr, "loket kiosk add: %v (need -office of a known office and -name)\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "kiosk %s (%s) at %s\nenrolment code: %s\n", k.ID, k.Name, k.OfficeID, code)
		fmt.Fprintf(stdout, "open /kiosk/register on the kiosk and enter the code before %s\n", k.CodeExpires.Format(time.RFC3339))
	case "list":
		ks, err := q.Kiosks(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "loket kiosk list: %v\n", err)
			return 1
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tOFFICE\tNAME\tSTATE")
		for _, k := range ks {
			state := "waiting for enrolment"
			switch {
			case k.Revoked():
				state = "revoked " + k.RevokedAt.Format(time.DateOnly)
			case !k.Enrolled.IsZero():
				state = "registered " + k.Enrolled.Format(time.DateOnly)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", k.ID, k.OfficeID, k.Name, state)
		}
		w.Flush()
	case "revoke":
		k, err := q.RevokeKiosk(ctx, *id)
		if err != nil {
			fmt.Fprintf(stderr, "loket kiosk revoke: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "kiosk %s (%s) revoked\n", k.ID, k.Name)
	}
	return 0
}
