package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
)

// wire is the provider client's transport: it keeps the last request and its answer, so that a failed step can
// show exactly what was sent and what came back (Terraform's TF_LOG=DEBUG shows the same).
type wire struct {
	print bool
	last  exchange
}

type exchange struct {
	method, url, sent string
	status            int
	got               string
}

const shown = 1500

var secrets = regexp.MustCompile(`("password"\s*:\s*)"[^"]*"`)

func (w *wire) RoundTrip(request *http.Request) (*http.Response, error) {
	e := exchange{method: request.Method, url: request.URL.String()}
	if request.Body != nil {
		body, err := io.ReadAll(request.Body)
		if err != nil {
			return nil, err
		}
		request.Body = io.NopCloser(bytes.NewReader(body))
		e.sent = secrets.ReplaceAllString(string(body), `$1"***"`)
	}
	response, err := http.DefaultTransport.RoundTrip(request)
	if err != nil {
		e.got = err.Error()
		w.last = e
		return nil, err
	}
	body, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		return nil, err
	}
	response.Body = io.NopCloser(bytes.NewReader(body))
	e.status, e.got = response.StatusCode, string(body)
	w.last = e
	if w.print {
		fmt.Printf("  wire: %s %s -> %d\n", e.method, e.url, e.status)
	}
	return response, nil
}

// report prints the last exchange under a FAIL line.
func (w *wire) report() {
	e := w.last
	if e.method == "" {
		return
	}
	if e.sent != "" {
		fmt.Printf("  sent: %s %s %s\n", e.method, e.url, clip(e.sent))
	} else {
		fmt.Printf("  sent: %s %s\n", e.method, e.url)
	}
	fmt.Printf("  got:  %d %s\n", e.status, clip(e.got))
}

func clip(s string) string {
	if len(s) > shown {
		return s[:shown] + "…"
	}
	return s
}
