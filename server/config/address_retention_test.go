package config

import (
	"io"
	"testing"
	"time"
)

func TestAddressRetention(t *testing.T) {
	tests := []struct {
		args    []string
		env     string
		want    time.Duration
		wantErr bool
	}{
		{nil, "", 365 * 24 * time.Hour, false},
		{[]string{"-address-retention", "720h"}, "", 720 * time.Hour, false},
		{nil, "48h", 48 * time.Hour, false},
		{[]string{"-address-retention", "1h"}, "", 0, true},
	}
	for _, tt := range tests {
		c, err := Parse("serve", tt.args, func(k string) string {
			if k == "LOKET_ADDRESS_RETENTION" {
				return tt.env
			}
			return ""
		}, io.Discard)
		if (err != nil) != tt.wantErr || err == nil && c.AddressRetention != tt.want {
			t.Errorf("%v %q: %v, %v; want %v (error %v)", tt.args, tt.env, c.AddressRetention, err, tt.want, tt.wantErr)
		}
	}
}
