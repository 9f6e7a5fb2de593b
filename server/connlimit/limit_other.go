//go:build !unix

package connlimit

// RaiseFileLimit cannot read a descriptor limit here: 0 lets Defaults
// choose.
func RaiseFileLimit() uint64 { return 0 }
