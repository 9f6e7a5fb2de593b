package bookings

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func icsBooking() (Booking, Office) {
	o := DemoOffices()[0]
	start := time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC) // 09:00 CEST
	b := Booking{
		Ref: "ABCD2345", OfficeID: o.ID, ServiceID: "biometrics", Status: StatusBooked,
		Start: start, End: start.Add(15 * time.Minute),
		CreatedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
	}
	return b, o
}

func TestICSGolden(t *testing.T) {
	b, o := icsBooking()
	o.Name, o.Address, o.MapURL = "Office; North, B", `Street 1\2`, ""
	got := string(ICS(b, o, ICSTexts{Summary: "Afspraak: biometrie", Intro: "Referentie ABCD-2345", BringTitle: "Meebrengen", Bring: []string{"Paspoort", "Brief"}}))
	want := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Loket//Bookings//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VTIMEZONE",
		"TZID:Europe/Brussels",
		"BEGIN:DAYLIGHT",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"DTSTART:19700329T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"BEGIN:STANDARD",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"DTSTART:19701025T030000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"END:VTIMEZONE",
		"BEGIN:VEVENT",
		"UID:ABCD-2345@loket",
		"SEQUENCE:0",
		"DTSTAMP:20260301T100000Z",
		`ORGANIZER;CN="Office; North, B":mailto:brussels@loket-demo.example`,
		"DTSTART;TZID=Europe/Brussels:20260330T090000",
		"DTEND;TZID=Europe/Brussels:20260330T091500",
		"STATUS:CONFIRMED",
		"SUMMARY:Afspraak: biometrie",
		`LOCATION:Office\; North\, B\, Street 1\\2`,
		`DESCRIPTION:Referentie ABCD-2345\n\nMeebrengen:\n- Paspoort\n- Brief`,
		"TRANSP:OPAQUE",
		"END:VEVENT",
		"END:VCALENDAR",
		"",
	}, "\r\n")
	if got != want {
		t.Fatalf("ICS differs.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestICSFoldsLongLinesOnCharacterBoundaries(t *testing.T) {
	b, o := icsBooking()
	long := strings.Repeat("የመኖሪያ ፈቃድ ሰነዶች, ", 12) // Tigrinya: 3-byte characters
	out := string(ICS(b, o, ICSTexts{Summary: long, Intro: "x", BringTitle: "y", Bring: []string{long}}))
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
		t.Fatal("bare LF or CR in output")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for _, l := range lines {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 4 {
		t.Fatalf("only %d continuation lines", folded)
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:"+escapeText(long)+"\r\n") {
		t.Error("unfolding does not give back the summary")
	}
}

func TestICSMovedAndCancelled(t *testing.T) {
	b, o := icsBooking()
	moved := b
	moved.Start, moved.End, moved.Sequence = b.Start.Add(24*time.Hour), b.End.Add(24*time.Hour), 1
	cancelled := moved
	cancelled.Status, cancelled.Sequence = StatusCancelled, 2
	for _, tc := range []struct {
		b    Booking
		want []string
	}{
		{moved, []string{"METHOD:PUBLISH", "UID:ABCD-2345@loket", "SEQUENCE:1", "STATUS:CONFIRMED", "DTSTART;TZID=Europe/Brussels:20260331T090000"}},
		{cancelled, []string{"METHOD:CANCEL", "UID:ABCD-2345@loket", "SEQUENCE:2", "STATUS:CANCELLED"}},
	} {
		out := string(ICS(tc.b, o, ICSTexts{Summary: "s"}))
		for _, w := range tc.want {
			if !strings.Contains(out, "\r\n"+w+"\r\n") {
				t.Errorf("missing %q in\n%s", w, out)
			}
		}
	}
}
