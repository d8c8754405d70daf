package cache

func Load(c *Cache, key string, ch chan int) {
	// ruleid: R007
	if c.Has(key) {
	} else {
		c.Load(key)
	}
	// ok: R007
	if key == "" {
		// nothing to do
	}
	// ok: R007
	for range ch {
	}
}
