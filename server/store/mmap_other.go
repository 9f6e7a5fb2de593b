//go:build !linux

package store

// mmapFlags: other systems fault the data file's pages in on first use.
const mmapFlags = 0
