package sandbox_test

import (
	"encoding/json"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
)

// BenchmarkCallFunction measures function-call throughput on loopback with
// our Go client: each op is one POST /functions/{fn}/call/ that the sandbox
// validates, runs against the fake provider over HTTP, logs and answers.
//
//	go test -run '^$' -bench CallFunction -benchtime 3s ./sandbox
func BenchmarkCallFunction(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []sandboxtest.Option
	}{
		{"memory", nil},
		{"bbolt", []sandboxtest.Option{sandboxtest.WithOptions(func(o *sandbox.Options) { o.DataDir = b.TempDir() })}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sb := sandboxtest.New(b, bc.opts...)
			sb.Connect(b, "bench", "slack", "bench")
			params := json.RawMessage(`{"channel":"general","text":"hello"}`)
			b.RunParallel(func(pb *testing.PB) {
				c := sb.Client(b, "bench")
				for pb.Next() {
					res, err := c.CallFunction(b.Context(), "slack-post-message", params, nil)
					if err != nil || !res.Executed {
						b.Errorf("call: %v", err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
		})
	}
}

// BenchmarkRefusedCall measures the path that never reaches a provider: a
// missing required parameter.
func BenchmarkRefusedCall(b *testing.B) {
	sb := sandboxtest.New(b)
	sb.Connect(b, "bench", "slack", "bench")
	c := sb.Client(b, "bench")
	params := json.RawMessage(`{"channel":"general"}`)
	for b.Loop() {
		if res, err := c.CallFunction(b.Context(), "slack-post-message", params, nil); err != nil || res.Executed {
			b.Fatalf("call: %v", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}
