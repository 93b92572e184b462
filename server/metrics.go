package server

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/korpus/korpus/store"
)

// metrics are the Prometheus counters and histograms of the requests,
// written by hand in the text exposition format: a handful of series do
// not justify client_golang's dependency tree.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // route, status → count
	hist     map[string]*histogram
}

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket (not cumulative)
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, hist: map[string]*histogram{}}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, fmt.Sprint(status)}]++
	h := m.hist[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.hist[route] = h
	}
	sec := d.Seconds()
	for i, b := range latencyBuckets {
		if sec <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.n++
}

func label(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	units, err := s.db.CountUnits(r.Context(), store.UnitFilter{})
	if err != nil {
		return err
	}
	lag, err := s.db.IndexLag(r.Context())
	if err != nil {
		return err
	}
	var b strings.Builder
	m := s.metrics
	m.mu.Lock()
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	b.WriteString("# HELP korpus_http_requests_total HTTP requests by route and status.\n# TYPE korpus_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "korpus_http_requests_total{route=\"%s\",status=\"%s\"} %d\n", label(k[0]), k[1], m.requests[k])
	}
	routes := make([]string, 0, len(m.hist))
	for k := range m.hist {
		routes = append(routes, k)
	}
	sort.Strings(routes)
	b.WriteString("# HELP korpus_http_request_duration_seconds Request latency by route.\n# TYPE korpus_http_request_duration_seconds histogram\n")
	for _, rt := range routes {
		h := m.hist[rt]
		var cum uint64
		for i, ub := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "korpus_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %d\n", label(rt), ub, cum)
		}
		fmt.Fprintf(&b, "korpus_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", label(rt), h.n)
		fmt.Fprintf(&b, "korpus_http_request_duration_seconds_sum{route=\"%s\"} %g\n", label(rt), h.sum)
		fmt.Fprintf(&b, "korpus_http_request_duration_seconds_count{route=\"%s\"} %d\n", label(rt), h.n)
	}
	m.mu.Unlock()
	fmt.Fprintf(&b, "# HELP korpus_units Translation units in the memory.\n# TYPE korpus_units gauge\nkorpus_units %d\n", units)
	fmt.Fprintf(&b, "# HELP korpus_match_index_lag_units Units not yet in the match index.\n# TYPE korpus_match_index_lag_units gauge\nkorpus_match_index_lag_units %d\n", lag)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, err = w.Write([]byte(b.String()))
	return err
}
