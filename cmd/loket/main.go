// Command loket is the Loket server and its admin commands.
package main

import (
	"os"

	_ "time/tzdata" // offices keep Brussels time even on a machine without tzdata

	"loket/server/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
