package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/rog_examples/lib/stats"
)

func TestHandler(t *testing.T) {
	var c stats.Counter
	srv := httptest.NewServer(newHandler(&c))
	defer srv.Close()
	for _, tc := range []struct{ path, want string }{
		{"/hello?name=bazel", "hello, bazel"},
		{"/stats", "/hello 1\n/stats 1"},
	} {
		resp, err := srv.Client().Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(b)); got != tc.want {
			t.Errorf("GET %s = %q, want %q", tc.path, got, tc.want)
		}
	}
}
