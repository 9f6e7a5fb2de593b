package config

import (
	"fmt"
	"io"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr bool
		check   func(t *testing.T, c Config)
	}{
		{"defaults", nil, nil, false, func(t *testing.T, c Config) {
			if c.Addr != "127.0.0.1:8080" || c.Data != "loket.db" || c.BaseURL != "http://127.0.0.1:8080" {
				t.Errorf("got %+v", c)
			}
		}},
		{"env sets flags", nil, map[string]string{"LOKET_ADDR": "127.0.0.1:9999", "LOKET_DEMO": "true", "LOKET_KIOSK_IDLE": "30s"}, false, func(t *testing.T, c Config) {
			if c.Addr != "127.0.0.1:9999" || !c.Demo || c.KioskIdle != 30*time.Second {
				t.Errorf("got %+v", c)
			}
		}},
		{"flags beat env", []string{"-addr", ":7000"}, map[string]string{"LOKET_ADDR": ":9999"}, false, func(t *testing.T, c Config) {
			if c.Addr != ":7000" {
				t.Errorf("addr %q", c.Addr)
			}
		}},
		{"fallbacks", []string{"-fallbacks", "ps:fa+en,de:nl"}, nil, false, func(t *testing.T, c Config) {
			if got := c.Fallbacks["ps"]; len(got) != 2 || got[0] != "fa" || c.Fallbacks["de"][0] != "nl" {
				t.Errorf("fallbacks %v", c.Fallbacks)
			}
		}},
		{"base url trimmed", []string{"-base-url", "https://loket.example/"}, nil, false, func(t *testing.T, c Config) {
			if c.BaseURL != "https://loket.example" {
				t.Errorf("base %q", c.BaseURL)
			}
		}},
		{"bad env value", nil, map[string]string{"LOKET_DEMO": "maybe"}, true, nil},
		{"bad log format", []string{"-log-format", "xml"}, nil, true, nil},
		{"bad base url", []string{"-base-url", "ftp://x"}, nil, true, nil},
		{"bad fallbacks", []string{"-fallbacks", "ps"}, nil, true, nil},
		{"digits", []string{"-digits", "ar:arab, ps:latn"}, nil, false, func(t *testing.T, c Config) {
			if c.Digits["ar"] != "arab" || c.Digits["ps"] != "latn" || len(c.Digits) != 2 {
				t.Errorf("digits %v", c.Digits)
			}
		}},
		{"digits by env", nil, map[string]string{"LOKET_DIGITS": "fa:latn"}, false, func(t *testing.T, c Config) {
			if c.Digits["fa"] != "latn" {
				t.Errorf("digits %v", c.Digits)
			}
		}},
		{"bad digits", []string{"-digits", "ar:roman"}, nil, true, nil},
		{"digits without system", []string{"-digits", "ar"}, nil, true, nil},
		{"stray argument", []string{"extra"}, nil, true, nil},
		{"tiny body limit", []string{"-body-limit", "10"}, nil, true, nil},
		{"negative procs", []string{"-procs", "-1"}, nil, true, nil},
		{"trusted proxies", []string{"-trusted-proxies", "127.0.0.1, 10.1.2.3/8,::1"}, nil, false, func(t *testing.T, c Config) {
			got := fmt.Sprint(c.TrustedProxies)
			if got != "[127.0.0.1/32 10.0.0.0/8 ::1/128]" {
				t.Errorf("trusted proxies %s", got)
			}
		}},
		{"bad trusted proxy", []string{"-trusted-proxies", "10.0.0.0/8,proxy.local"}, nil, true, nil},
		{"procs from env", nil, map[string]string{"LOKET_PROCS": "3"}, false, func(t *testing.T, c Config) {
			if c.Procs != 3 {
				t.Errorf("procs %d", c.Procs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("serve", tt.args, env(tt.env), io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}
