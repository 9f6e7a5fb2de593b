package notify

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestQuietHours(t *testing.T) {
	p := NewPlanner(Policy{})
	bx, _ := time.LoadLocation("Europe/Brussels")
	for _, tt := range []struct {
		at, want time.Time
		c        Channel
		urgent   bool
	}{
		{time.Date(2026, 6, 10, 20, 59, 0, 0, bx), time.Date(2026, 6, 10, 20, 59, 0, 0, bx), ChannelPush, false},
		{time.Date(2026, 6, 10, 21, 0, 0, 0, bx), time.Date(2026, 6, 11, 8, 0, 0, 0, bx), ChannelPush, false},
		{time.Date(2026, 6, 11, 3, 0, 0, 0, bx), time.Date(2026, 6, 11, 8, 0, 0, 0, bx), ChannelPush, false},
		{time.Date(2026, 6, 11, 8, 0, 0, 0, bx), time.Date(2026, 6, 11, 8, 0, 0, 0, bx), ChannelPush, false},
		// The night the clocks go forward.
		{time.Date(2026, 3, 28, 23, 0, 0, 0, bx), time.Date(2026, 3, 29, 8, 0, 0, 0, bx), ChannelPush, false},
		{time.Date(2026, 6, 10, 23, 0, 0, 0, bx), time.Date(2026, 6, 10, 23, 0, 0, 0, bx), ChannelPush, true},
		{time.Date(2026, 6, 10, 23, 0, 0, 0, bx), time.Date(2026, 6, 10, 23, 0, 0, 0, bx), ChannelEmail, false},
	} {
		if got := p.Due(tt.c, tt.at.UTC(), tt.urgent); !got.Equal(tt.want) {
			t.Errorf("%s at %v (urgent %v): due %v, want %v", tt.c, tt.at, tt.urgent, got.In(bx), tt.want)
		}
	}
	day := NewPlanner(Policy{QuietFrom: 12 * 60, QuietTo: 13 * 60, Location: time.UTC})
	if !day.Quiet(time.Date(2026, 1, 1, 12, 30, 0, 0, time.UTC)) || day.Quiet(time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC)) {
		t.Error("quiet hours within one day")
	}
}

func TestReminder(t *testing.T) {
	p := NewPlanner(Policy{ReminderLead: 24 * time.Hour, Location: time.UTC})
	subject := Subject{Kind: KindBooking, ID: "R1"}
	subs := []Subscription{{ID: "p", Subject: subject, Channel: ChannelPush}, {ID: "e", Subject: subject, Channel: ChannelEmail},
		{ID: "other", Subject: Subject{Kind: KindBooking, ID: "R2"}, Channel: ChannelEmail}}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	data := map[string]string{"ref": "R1"}
	ms := p.Reminder(subject, "0", time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC), now, now, data, subs)
	if len(ms) != 2 || ms[0].Data != nil || ms[1].Data["ref"] != "R1" || !ms[0].Due.Equal(time.Date(2026, 6, 2, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("reminders: %+v", ms)
	}
	if ms[0].Key == ms[1].Key || !strings.Contains(ms[0].Key, "booking:R1/reminder/0/") {
		t.Fatalf("keys %q %q", ms[0].Key, ms[1].Key)
	}
	// Booked less than a day ahead: no reminder.
	if ms := p.Reminder(subject, "0", now.Add(20*time.Hour), now, now, data, subs); len(ms) != 0 {
		t.Fatalf("late booking got %d reminders", len(ms))
	}
	// Planned late (the server was down) for a booking made in time: due
	// at once, unless the appointment is within the hour.
	if ms := p.Reminder(subject, "0", now.Add(20*time.Hour), now.Add(-2*24*time.Hour), now, data, subs); len(ms) != 2 || !ms[1].Due.Equal(now.Add(-4*time.Hour)) {
		t.Fatalf("late reminder: %+v", ms)
	}
	// Quiet hours move a push reminder to 08:00, still the day before.
	ms = p.Reminder(subject, "0", time.Date(2026, 6, 3, 6, 30, 0, 0, time.UTC), now, now, data, subs)
	if len(ms) != 2 || !ms[0].Due.Equal(time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)) || !ms[1].Due.Equal(time.Date(2026, 6, 2, 6, 30, 0, 0, time.UTC)) {
		t.Fatalf("early appointment: %+v", ms)
	}
	// With a two-hour lead, 08:00 would be within the hour before an 08:30
	// appointment: only the e-mail goes.
	short := NewPlanner(Policy{ReminderLead: 2 * time.Hour, Location: time.UTC})
	ms = short.Reminder(subject, "0", time.Date(2026, 6, 3, 8, 30, 0, 0, time.UTC), now, now, data, subs)
	if len(ms) != 1 || ms[0].Channel != ChannelEmail {
		t.Fatalf("short lead: %+v", ms)
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: 30 * time.Second, Max: 10 * time.Minute, Attempts: 5}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute}
	for i, w := range want {
		if got := b.Delay(i + 1); got != w {
			t.Errorf("delay after attempt %d: %v, want %v", i+1, got, w)
		}
	}
}

func TestPushSubscriptionRefusals(t *testing.T) {
	r := SubscriptionRules{Langs: []string{"en", "ar"}}
	subject := Subject{Kind: KindDossier, ID: "12345678"}
	good := PushRequest{Endpoint: "https://fcm.googleapis.com/fcm/send/abc", P256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", Auth: "AAECAwQFBgcICQoLDA0ODw"}
	sub, err := r.NewPush(subject, "ar", good)
	if err != nil || len(sub.Push.P256dh) != 65 || len(sub.Push.Auth) != 16 || len(sub.ID) != 22 {
		t.Fatalf("good subscription: %+v %v", sub, err)
	}
	for _, tt := range []struct {
		name string
		edit func(p *PushRequest)
		want error
	}{
		{"http", func(p *PushRequest) { p.Endpoint = "http://fcm.googleapis.com/x" }, ErrBadEndpoint},
		{"javascript", func(p *PushRequest) { p.Endpoint = "javascript:alert(1)" }, ErrBadEndpoint},
		{"relative", func(p *PushRequest) { p.Endpoint = "/push" }, ErrBadEndpoint},
		{"loopback", func(p *PushRequest) { p.Endpoint = "https://127.0.0.1/x" }, ErrBadEndpoint},
		{"loopback v6", func(p *PushRequest) { p.Endpoint = "https://[::1]/x" }, ErrBadEndpoint},
		{"mapped v4", func(p *PushRequest) { p.Endpoint = "https://[::ffff:10.0.0.1]/x" }, ErrBadEndpoint},
		{"private", func(p *PushRequest) { p.Endpoint = "https://192.168.1.5/x" }, ErrBadEndpoint},
		{"metadata", func(p *PushRequest) { p.Endpoint = "https://169.254.169.254/latest" }, ErrBadEndpoint},
		{"cgnat", func(p *PushRequest) { p.Endpoint = "https://100.64.1.1/x" }, ErrBadEndpoint},
		{"localhost", func(p *PushRequest) { p.Endpoint = "https://localhost:8443/x" }, ErrBadEndpoint},
		{"single label", func(p *PushRequest) { p.Endpoint = "https://pushserver/x" }, ErrBadEndpoint},
		{"credentials", func(p *PushRequest) { p.Endpoint = "https://u:p@fcm.googleapis.com/x" }, ErrBadEndpoint},
		{"long", func(p *PushRequest) { p.Endpoint = "https://fcm.googleapis.com/" + strings.Repeat("a", 1100) }, ErrBadEndpoint},
		{"oversized key", func(p *PushRequest) { p.P256dh = strings.Repeat("A", 5000) }, ErrBadKey},
		{"short key", func(p *PushRequest) { p.P256dh = "BCVxsr7N" }, ErrBadKey},
		{"not on the curve", func(p *PushRequest) { p.P256dh = "B" + strings.Repeat("A", 86) }, ErrBadKey},
		{"bad base64", func(p *PushRequest) { p.Auth = "!!!!" }, ErrBadKey},
		{"short auth", func(p *PushRequest) { p.Auth = "AAECAw" }, ErrBadKey},
	} {
		p := good
		tt.edit(&p)
		if _, err := r.NewPush(subject, "en", p); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := r.NewPush(subject, "xx", good); !errors.Is(err, ErrBadLanguage) {
		t.Errorf("unknown language: %v", err)
	}
	dev := SubscriptionRules{Langs: []string{"en"}, AllowPrivate: true}
	if _, err := dev.NewPush(subject, "en", PushRequest{Endpoint: "http://127.0.0.1:9000/push/1", P256dh: good.P256dh, Auth: good.Auth}); err != nil {
		t.Errorf("a local endpoint in test mode: %v", err)
	}
}

func TestEmailSubscription(t *testing.T) {
	r := SubscriptionRules{Langs: []string{"nl"}}
	subject := Subject{Kind: KindBooking, ID: "R"}
	if s, err := r.NewEmail(subject, "nl", "jan@example.be"); err != nil || s.Email != "jan@example.be" || s.Channel != ChannelEmail {
		t.Fatalf("good address: %+v %v", s, err)
	}
	for _, bad := range []string{"", "jan", "Jan <jan@example.be>", "jan@example.be\r\nBcc: x@y.z", "a@b@c", strings.Repeat("a", 250) + "@example.be"} {
		if _, err := r.NewEmail(subject, "nl", bad); !errors.Is(err, ErrBadEmail) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
