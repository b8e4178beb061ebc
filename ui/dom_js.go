//go:build js && wasm

package ui

import (
	"sync"

	"github.com/integry-go/integry/jsbridge"
)

// browser is the page's document: one batched document for the whole page,
// whose operations the loader's renderer applies.
var browser = sync.OnceValue(func() *BatchDocument {
	d := NewBatchDocument(jsHost{})
	jsbridge.SetDOMFlush(d.Flush)
	return d
})

// BrowserDocument returns the page's document.
func BrowserDocument() Document { return browser() }

// jsHost is [Host] over jsbridge.
type jsHost struct{}

func (jsHost) Render(ops []byte) []byte { return jsbridge.Render(ops) }
func (jsHost) FlushSoon()               { jsbridge.FlushSoon() }
func (jsHost) Unlisten(id int)          { jsbridge.Unlisten(id) }

func (jsHost) Listen(fn func(HostEvent) bool) int {
	return jsbridge.ListenDOM(func(e jsbridge.DOMEvent) bool {
		return fn(HostEvent{Key: e.Key, Shift: e.Shift, Target: e.Target, Prevented: e.Prevented})
	})
}

func (jsHost) Later(ms int, fn func()) (cancel func()) { return jsbridge.Later(ms, fn) }
