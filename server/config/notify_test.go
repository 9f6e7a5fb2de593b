package config

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestNotifySettings(t *testing.T) {
	env := map[string]string{"LOKET_SMTP_PASSWORD": "from-the-environment"}
	c, err := Parse("serve", []string{"-smtp-host", "mail.example.org", "-smtp-user", "loket", "-mail-from", "Loket <noreply@example.org>",
		"-push", "-vapid-subject", "mailto:ops@example.org", "-reminder-lead", "48h"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPHost != "mail.example.org" || c.SMTPSecurity != "starttls" || c.SMTPPassword != "from-the-environment" || !c.Push ||
		c.ReminderLead != 48*time.Hour || c.NotifyRetention != 30*24*time.Hour {
		t.Fatalf("parsed %+v", c)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-smtp-host", "mail.example.org"}, "mail-from"},
		{[]string{"-smtp-host", "h", "-mail-from", "a@b.c", "-smtp-security", "none", "-smtp-user", "u"}, "in the clear"},
		{[]string{"-smtp-security", "ssl"}, "smtp-security"},
		{[]string{"-push"}, "vapid-subject"},
		{[]string{"-push", "-vapid-subject", "ops@example.org"}, "vapid-subject"},
		{[]string{"-reminder-lead", "10m"}, "reminder-lead"},
		{[]string{"-notify-retention", "1h"}, "notify-retention"},
		{[]string{"-smtp-port", "70000"}, "smtp-port"},
	} {
		_, err := Parse("serve", tt.args, func(string) string { return "" }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}
