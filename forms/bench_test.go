package forms

import (
	"net/url"
	"testing"
)

func BenchmarkValidate(b *testing.B) {
	set, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	f := mustForm(b, set, "status_lookup")
	now := testNow(b)
	values := url.Values{"dossier": {"1234 5678"}, "birth_date": {"31/12/1990"}}
	for b.Loop() {
		if res := f.Validate(values, now); !res.OK() {
			b.Fatal(res.Errors)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	set, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	f := mustForm(b, set, "status_lookup")
	now := testNow(b)
	res := f.Validate(url.Values{"dossier": {"1234"}, "birth_date": {"2030-01-01"}}, now)
	opts := RenderOptions{Action: "/status", CSRF: "token", Values: res.Values, Errors: res.Errors, Now: now}
	for b.Loop() {
		if f.Render(keyPrinter{}, opts) == "" {
			b.Fatal("empty render")
		}
	}
}
