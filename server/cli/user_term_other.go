//go:build !linux

package cli

import "os"

// readPassword needs a Linux terminal; elsewhere use -password-stdin.
func readPassword(*os.File) (string, error) { return "", errNoTerminal }
