// Command server is the example service: an HTTP server that greets and
// counts requests.
//
//	server -addr 127.0.0.1:8080       serve until killed
//	server -selftest                  serve on a loopback port, query it, print, exit
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"example.com/rog_examples/lib/greeting"
	"example.com/rog_examples/lib/stats"
)

func newHandler(c *stats.Counter) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		c.Add(r.URL.Path)
		fmt.Fprintln(w, greeting.For(r.URL.Query().Get("name")))
	})
	mux.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		c.Add(r.URL.Path)
		paths, counts := c.Snapshot()
		for i, p := range paths {
			fmt.Fprintf(w, "%s %d\n", p, counts[i])
		}
	})
	return mux
}

func selftest() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var c stats.Counter
	go http.Serve(ln, newHandler(&c))
	base := "http://" + ln.Addr().String()
	for _, path := range []string{"/hello", "/hello?name=gopher", "/stats"} {
		resp, err := http.Get(base + path)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		fmt.Printf("GET %s -> %d %s\n", path, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	self := flag.Bool("selftest", false, "serve on a loopback port, query it and exit")
	flag.Parse()
	if *self {
		if err := selftest(); err != nil {
			fmt.Fprintln(os.Stderr, "selftest:", err)
			os.Exit(1)
		}
		return
	}
	var c stats.Counter
	log.Fatal(http.ListenAndServe(*addr, newHandler(&c)))
}
