package receipts

import (
	"container/list"
	"sync"
)

// pdfCache keeps generated PDFs, least recently used first out, within a
// byte budget. Receipts never change once made, so an entry stays right
// until its receipt is revoked.
type pdfCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // front: most recently used
	items map[cacheKey]*list.Element
}

type cacheKey struct {
	id     string
	format Format
	lang   string
}

type cacheEntry struct {
	key cacheKey
	pdf []byte
}

func newPDFCache(maxBytes int) *pdfCache {
	return &pdfCache{max: maxBytes, order: list.New(), items: map[cacheKey]*list.Element{}}
}

func (c *pdfCache) get(k cacheKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).pdf, true
}

// put stores pdf unless it alone is bigger than the budget, then drops
// the least recently used entries until the budget holds.
func (c *pdfCache) put(k cacheKey, pdf []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(pdf) > c.max {
		return
	}
	if e, ok := c.items[k]; ok {
		c.remove(e)
	}
	c.items[k] = c.order.PushFront(&cacheEntry{k, pdf})
	c.size += len(pdf)
	for c.size > c.max {
		c.remove(c.order.Back())
	}
}

// dropID removes every format and language of one receipt.
func (c *pdfCache) dropID(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if k.id == id {
			c.remove(e)
		}
	}
}

// clear drops every PDF.
func (c *pdfCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
	c.size = 0
}

func (c *pdfCache) remove(e *list.Element) {
	ce := e.Value.(*cacheEntry)
	c.order.Remove(e)
	delete(c.items, ce.key)
	c.size -= len(ce.pdf)
}

// stats reports the entry count and bytes held.
func (c *pdfCache) stats() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}
