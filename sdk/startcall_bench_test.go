package sdk_test

import (
	"context"
	"testing"

	"github.com/integry-go/integry/sdk"
)

// instantTransport answers every request at once with one parsed body, as
// the browser's transport hands over a body JavaScript parsed.
type instantTransport struct{ res *sdk.Response }

func (t instantTransport) Do(context.Context, *sdk.Request) (*sdk.Response, error) { return t.res, nil }

func (t instantTransport) Start(_ *sdk.Request, done func(*sdk.Response, error)) func() {
	done(t.res, nil)
	return func() {}
}

// BenchmarkStartCall is the Go side of one cheap invokeFunction, without
// the bridge: the request built, the answer read (go test -bench StartCall
// -benchmem shows the allocations a call costs).
func BenchmarkStartCall(b *testing.B) {
	body, err := sdk.ParseDoc([]byte(`{"network_code":"200","output":{"temperature":21.5}}`))
	if err != nil {
		b.Fatal(err)
	}
	tr := instantTransport{&sdk.Response{StatusCode: 200, Header: sdk.Header{"content-type": "application/json", "x-credits": "1"}, Body: body}}
	cfg := testConfig
	cfg.BaseURL, cfg.APIBaseURL = "https://app.test/", "https://api.test"
	c, err := sdk.NewClient(cfg, sdk.WithTransport(tr))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	params := []byte(`{"city":"Berlin","days":1}`)
	b.ReportAllocs()
	for b.Loop() {
		c.StartCall(ctx, "open-meteo-get-forecast", params, &sdk.CallOptions{}, func(r *sdk.CallResult, err error) {
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}
