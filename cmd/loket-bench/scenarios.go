package main

import (
	"fmt"
	"io"
)

// prepare builds the store the server is measured on: the demo data set,
// plus o.dossiers dossiers when the binary can import them.
func prepare(o options, data string, stderr io.Writer) error {
	// Starting with -demo loads the demo set; stop as soon as it serves.
	s, err := startLoket(o.binary, data, "-demo")
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	s.stop()
	return nil
}

// scenarios lists what is measured, the bare Fiber ceiling first.
func scenarios(o options) []scenario {
	return []scenario{
		{name: "ceiling: bare Fiber handler", path: "/", ceiling: true},
		{name: "home page", path: "/en/"},
		{name: "information page", path: "/ar/info/asylum"},
	}
}
