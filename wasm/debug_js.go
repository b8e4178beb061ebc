//go:build js && wasm

package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/jsbridge"
	"github.com/integry-go/integry/sdk"
)

// debugTransport is the browser's transport with a line on the console
// for every request and its answer: the constructor's options.debug
// (docs/protocol.md#surface-options). The line holds the method, the URL
// without its query (where the credentials travel), the status or the
// error code, and the time taken; never headers or bodies.
type debugTransport struct{ jsbridge.Fetch }

func (t debugTransport) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	began := time.Now()
	res, err := t.Fetch.Do(ctx, req)
	logRequest(req, res, err, began)
	return res, err
}

func (t debugTransport) Start(req *sdk.Request, done func(*sdk.Response, error)) (abort func()) {
	began := time.Now()
	return t.Fetch.Start(req, func(res *sdk.Response, err error) {
		logRequest(req, res, err, began)
		done(res, err)
	})
}

func logRequest(req *sdk.Request, res *sdk.Response, err error, began time.Time) {
	url, _, _ := strings.Cut(req.URL, "?")
	outcome := ""
	switch {
	case err != nil:
		outcome = string(sdk.CodeOf(err))
	case res != nil:
		outcome = strconv.Itoa(res.StatusCode)
	}
	jsbridge.ConsoleLog("integry: " + req.Method + " " + url + " → " + outcome + " in " +
		strconv.FormatInt(time.Since(began).Milliseconds(), 10) + " ms")
}
