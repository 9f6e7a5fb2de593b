package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"loket/server/compose"
	"loket/server/notify"
	"loket/server/notify/delivery"
	"loket/server/notify/webpush"
)

// runNotify looks into the notification outbox: the VAPID public key
// browsers subscribe with, counts, the latest messages (without who they
// went to), and the purge of finished ones.
func runNotify(args []string, _ io.Reader, stdout, stderr io.Writer, getenv env) int {
	const usageLine = "usage: loket notify keys|stats|list|purge -data FILE|-database URL [-state queued|sent|dead|dropped] [-n 50] [-keep 720h]"
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("notify "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "data file")
	state := fs.String("state", "", "list: only messages in this state")
	n := fs.Int("n", 50, "list: at most this many, newest first")
	keep := fs.Duration("keep", 30*24*time.Hour, "purge: keep finished messages this long")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	switch sub {
	case "keys", "stats", "list", "purge":
	default:
		fmt.Fprintf(stderr, "loket notify: unknown subcommand %q\n%s\n", sub, usageLine)
		return 2
	}
	switch notify.State(*state) {
	case "", notify.StateQueued, notify.StateSent, notify.StateDead, notify.StateDropped:
	default:
		fmt.Fprintf(stderr, "loket notify: -state %q is not queued, sent, dead or dropped\n", *state)
		return 2
	}
	if *n < 1 || *n > 10000 || *keep < 0 {
		fmt.Fprintln(stderr, "loket notify: -n must be 1 to 10000 and -keep not negative")
		return 2
	}
	return onStore(where, "notify", []string{sub, *state, strconv.Itoa(*n), keep.String()}, stdout, stderr)
}

// notifyOnStore runs a checked notify subcommand.
func notifyOnStore(s compose.Store, args []string, stdout, stderr io.Writer) int {
	if len(args) != 4 {
		fmt.Fprintln(stderr, "loket notify: want a subcommand, a state, a count and a duration")
		return 2
	}
	ctx := context.Background()
	n, _ := strconv.Atoi(args[2])
	keep, _ := time.ParseDuration(args[3])
	switch args[0] {
	case "keys":
		secret, err := s.Secret(delivery.VAPIDSecret)
		if err == nil {
			var k *webpush.Keys
			if k, err = webpush.KeysFromSecret(secret); err == nil {
				fmt.Fprintln(stdout, k.PublicKey())
				return 0
			}
		}
		fmt.Fprintf(stderr, "loket notify keys: %v\n", err)
	case "stats":
		st, err := s.OutboxStats(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "loket notify stats: %v\n", err)
			return 1
		}
		for _, state := range []notify.State{notify.StateQueued, notify.StateSent, notify.StateDead, notify.StateDropped} {
			fmt.Fprintf(stdout, "messages %-8s %d\n", state, st.Messages[state])
		}
		fmt.Fprintf(stdout, "failed attempts  %d\n", st.Failures)
		keys := make([]string, 0, len(st.Subscriptions))
		for k := range st.Subscriptions {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(stdout, "subscriptions %-14s %d\n", k, st.Subscriptions[k])
		}
		return 0
	case "list":
		ms, err := s.OutboxMessages(ctx, notify.State(args[1]), n)
		if err != nil {
			fmt.Fprintf(stderr, "loket notify list: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, "ID\tCREATED\tSTATE\tATTEMPTS\tEVENT\tCHANNEL\tKIND\tDUE\tLAST ERROR")
		for _, m := range ms {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Created.UTC().Format(time.RFC3339), m.State, m.Attempts,
				m.Event, m.Channel, m.Subject.Kind, m.Due.UTC().Format(time.RFC3339), m.LastError)
		}
		return 0
	case "purge":
		total := 0
		for {
			k, err := s.PurgeOutbox(ctx, time.Now().Add(-keep), 1000)
			total += k
			if err != nil {
				fmt.Fprintf(stderr, "loket notify purge: %v\n", err)
				return 1
			}
			if k < 1000 {
				break
			}
		}
		fmt.Fprintf(stdout, "%d finished messages deleted\n", total)
		return 0
	}
	return 1
}
