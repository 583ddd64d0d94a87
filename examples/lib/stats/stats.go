// Package stats counts requests per path, safely from many goroutines.
package stats

import (
	"sort"
	"sync"
)

// Counter is a concurrent request counter.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Add counts one request for path.
func (c *Counter) Add(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = make(map[string]int)
	}
	c.n[path]++
}

// Snapshot returns the paths in order with their counts.
func (c *Counter) Snapshot() (paths []string, counts []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.n {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		counts = append(counts, c.n[p])
	}
	return paths, counts
}
