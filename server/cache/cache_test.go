package cache

import (
	"strconv"
	"sync"
	"testing"
	"unsafe"
)

func TestRecentKeepsWhatIsUsedWithinItsBound(t *testing.T) {
	c := New[int](100)
	c.Put("hot", 1)
	for i := range 1000 {
		c.Put(strconv.Itoa(i), i)
		if v, ok := c.Get("hot"); !ok || v != 1 {
			t.Fatalf("after %d puts the entry in use is gone (%d, %v)", i, v, ok)
		}
		if n := c.Len(); n > 100 {
			t.Fatalf("cache holds %d entries, bound 100", n)
		}
	}
	if _, ok := c.Get("3"); ok {
		t.Error("an entry unused for 997 puts is still kept")
	}
	if v, ok := c.Get("999"); !ok || v != 999 {
		t.Errorf("the newest entry is missing: %d, %v", v, ok)
	}
	c.Put("999", -1)
	if v, _ := c.Get("999"); v != -1 {
		t.Errorf("Put did not replace: %d", v)
	}
}

func TestRecentConcurrentUse(t *testing.T) {
	c := New[string](64)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				k := strconv.Itoa(w*10000 + i%300)
				if v, ok := c.Get(k); ok && v != k {
					t.Errorf("Get(%s) = %s", k, v)
					return
				}
				c.Put(k, k)
			}
		}()
	}
	wg.Wait()
	if n := c.Len(); n > 64+8 {
		t.Errorf("cache holds %d entries, bound 64", n)
	}
}

// TestRecentCopiesKeys keeps a key whose bytes the caller reuses, as
// Fiber does with a request's buffer: the entry must stay under the text
// it was put with, and the new text must not find it.
func TestRecentCopiesKeys(t *testing.T) {
	c := New[int](10)
	buf := []byte("token-A")
	key := unsafe.String(&buf[0], len(buf))
	c.Put(key, 1)
	copy(buf, "token-B")
	if _, ok := c.Get("token-B"); ok {
		t.Fatal("an entry put as token-A is found as token-B once the caller's buffer changed")
	}
	if v, ok := c.Get("token-A"); !ok || v != 1 {
		t.Errorf("token-A: %d, %v", v, ok)
	}
}
