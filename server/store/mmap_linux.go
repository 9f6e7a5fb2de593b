package store

import "syscall"

// mmapFlags maps the data file with MAP_POPULATE: its pages are in the
// process's page tables from the start (and again after the file grows),
// rather than faulted in one by one by the first lookups to touch them,
// which under load made a fresh server's lookups several times slower.
const mmapFlags = syscall.MAP_POPULATE
