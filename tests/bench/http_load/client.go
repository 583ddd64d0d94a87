// Command client is the load generator of tests/bench/http_load.sh (built
// with gc): N requests from C concurrent goroutines against examples'
// //svc:server, each checked for the exact body the server must send.
//
//	client -url http://127.0.0.1:PORT -n 2000 -c 8
//
// Prints "requests=N errors=E seconds=S req_per_s=R" and exits 1 when a
// request failed or a body was wrong.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "", "server base URL")
	n := flag.Int("n", 2000, "requests")
	c := flag.Int("c", 8, "concurrent clients")
	flag.Parse()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *c}, Timeout: 30 * time.Second}
	var next, errs int64
	var first sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i > int64(*n) {
					return
				}
				name := fmt.Sprintf("client%d", i)
				if err := get(client, *url+"/hello?name="+name, "hello, "+name); err != nil {
					atomic.AddInt64(&errs, 1)
					first.Do(func() { fmt.Fprintln(os.Stderr, "client:", err) })
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	fmt.Printf("requests=%d errors=%d seconds=%.2f req_per_s=%.0f\n", *n, errs, secs, float64(*n)/secs)
	// the server counted every /hello request (the first line of /stats;
	// the second counts /stats itself)
	if err := get(client, *url+"/stats", fmt.Sprintf("/hello %d\n/stats 1", *n)); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		errs++
	}
	if errs > 0 {
		os.Exit(1)
	}
}

func get(c *http.Client, url, want string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != want {
		return fmt.Errorf("GET %s: %d %q, want 200 %q", url, resp.StatusCode, body, want)
	}
	return nil
}
