package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/server/helpdesk"
	"loket/server/store"
)

func notifyCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Run(append([]string{"notify"}, args...), nil, &out, &errOut, func(string) string { return "" })
	return code, out.String(), errOut.String()
}

func TestNotifyCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "loket.db")
	code, out, errOut := notifyCmd("keys", "-data", data)
	key, _ := base64.RawURLEncoding.DecodeString(strings.TrimSpace(out))
	if code != 0 || len(key) != 65 || key[0] != 4 {
		t.Fatalf("keys: exit %d, %q %s", code, out, errOut)
	}
	if _, again, _ := notifyCmd("keys", "-data", data); again != out {
		t.Fatal("the VAPID key changed between runs")
	}
	// One help request answered by e-mail: one queued message.
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Now()
	if err := s.CreateEscalation(ctx, helpdesk.Escalation{Ref: "H2345678A", Created: now, State: helpdesk.StateOpen, Lang: "en",
		Contact: helpdesk.ContactEmail, ContactValue: "x@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateEscalation(ctx, "H2345678A", func(e *helpdesk.Escalation) (bool, error) {
		e.Replies = append(e.Replies, helpdesk.Reply{At: now, Author: "staff", Text: "ready"})
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, _ = notifyCmd("stats", "-data", data)
	if code != 0 || !strings.Contains(out, "messages queued   1") || !strings.Contains(out, "subscriptions help/email") {
		t.Fatalf("stats: exit %d\n%s", code, out)
	}
	code, out, _ = notifyCmd("list", "-data", data, "-state", "queued")
	if code != 0 || !strings.Contains(out, "\tqueued\t0\thelp_answered\temail\thelp\t") || strings.Contains(out, "x@example.org") || strings.Contains(out, "H2345678A") {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	if code, out, _ := notifyCmd("purge", "-data", data, "-keep", "0s"); code != 0 || !strings.HasPrefix(out, "0 finished") {
		t.Fatalf("purge of queued messages: exit %d %s", code, out)
	}
	for _, bad := range [][]string{{"list", "-data", data, "-state", "lost"}, {"frobnicate", "-data", data}, {"list", "-data", data, "-n", "0"}, {}} {
		if code, _, _ := notifyCmd(bad...); code != 2 {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
}
