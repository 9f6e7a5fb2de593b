package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// encodingJSON1 is the first byte of every value: the encoding's version.
// A later encoding gets a new byte, and decode keeps reading the old ones.
const encodingJSON1 byte = 1

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("store: encode: %w", err)
	}
	return append([]byte{encodingJSON1}, b...), nil
}

func decode(b []byte, v any) error {
	if len(b) == 0 {
		return fmt.Errorf("%w: empty value", ErrCorrupt)
	}
	switch b[0] {
	case encodingJSON1:
		if err := json.Unmarshal(b[1:], v); err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown value encoding %d", ErrCorrupt, b[0])
}

// put encodes v and stores it under key in bucket.
func put(tx *bolt.Tx, bucket []byte, key []byte, v any) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	return tx.Bucket(bucket).Put(key, b)
}

// get decodes the value under key into v; it reports whether it was there.
// decode copies out of the transaction's memory, as bbolt requires.
func get(tx *bolt.Tx, bucket []byte, key []byte, v any) (bool, error) {
	b := tx.Bucket(bucket).Get(key)
	if b == nil {
		return false, nil
	}
	return true, decode(b, v)
}

// itob is an 8-byte big-endian key, so sequence ids sort in order.
func itob(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}
