package stats_test

import (
	"sync"
	"testing"

	"example.com/rog_examples/lib/stats"
)

func TestConcurrentAdd(t *testing.T) {
	var c stats.Counter
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				c.Add("/a")
			}
		}()
	}
	wg.Wait()
	c.Add("/b")
	paths, counts := c.Snapshot()
	if len(paths) != 2 || paths[0] != "/a" || counts[0] != 8000 || counts[1] != 1 {
		t.Fatalf("Snapshot = %v %v", paths, counts)
	}
}
