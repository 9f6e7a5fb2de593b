//go:build unix

package connlimit

import "syscall"

// RaiseFileLimit raises the soft limit on open files to the hard limit
// (Go does so at start too, since 1.19; this makes it explicit) and
// returns the limit in force, 0 when it cannot be read.
func RaiseFileLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	if r.Cur < r.Max {
		want := r
		want.Cur = r.Max
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want) == nil {
			r = want
		}
	}
	return uint64(r.Cur)
}
