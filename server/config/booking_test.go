package config

import (
	"io"
	"testing"
	"time"
)

func TestBookingSettings(t *testing.T) {
	env := map[string]string{"LOKET_OFFICES": "/etc/loket/offices.json"}
	c, err := Parse("serve", []string{"-booking-pow=false", "-booking-limit", "5", "-booking-window", "30m"},
		func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Offices != "/etc/loket/offices.json" || c.BookingPoW || c.BookingLimit != 5 ||
		c.BookingWindow != 30*time.Minute || c.BookingNoJSLimit != 3 || c.ManageLimit != 60 {
		t.Errorf("parsed %+v", c)
	}
	if d := Defaults(); !d.BookingPoW {
		t.Error("proof of work must be on by default")
	}
	// The shared staff token is gone: staff sign in with their own account.
	for _, args := range [][]string{{"-booking-limit", "0"}, {"-manage-limit", "0"}, {"-booking-window", "0s"}, {"-booking-nojs-limit", "-1"},
		{"-staff-token", "t0ken-t0ken-t0ken-t0ken"}} {
		if _, err := Parse("serve", args, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
