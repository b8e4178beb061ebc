//go:build js && wasm

package jsbridge

import (
	"sync"
	"sync/atomic"

	"github.com/hack-pad/safejs"
)

// live counts the Go functions handed to JavaScript and not yet released.
var live atomic.Int64

// Func is a Go function callable from JavaScript, counted while it lives. It
// wraps [safejs.Func]; Release is idempotent.
//
// MDN: https://developer.mozilla.org/docs/WebAssembly/JavaScript_interface
type Func struct {
	fn   safejs.Func
	once sync.Once
}

// FuncOf returns fn as a JavaScript function. The callback runs on the event
// loop: it must not wait for anything JavaScript has to deliver (see the
// package documentation). A panic in fn is recovered and reported on the
// console; the callback then returns undefined. Call Release when JavaScript
// no longer needs the function.
func FuncOf(fn func(this safejs.Value, args []safejs.Value) any) (*Func, error) {
	f, err := safejs.FuncOf(func(this safejs.Value, args []safejs.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				ConsoleError("integry: internal error in a callback:", panicError(r).Error())
				out = nil
			}
		}()
		return fn(this, args)
	})
	if err != nil {
		return nil, err
	}
	live.Add(1)
	return &Func{fn: f}, nil
}

// Value returns the JavaScript function.
func (f *Func) Value() safejs.Value { return f.fn.Value() }

// Release frees the function; calling it again does nothing. JavaScript must
// not call the function afterwards. It may be called from inside the function.
func (f *Func) Release() {
	if f == nil {
		return
	}
	f.once.Do(func() {
		f.fn.Release()
		live.Add(-1)
	})
}

// LiveFuncs returns how many [Func] values exist and are not released. The
// leak tests compare it before and after thousands of calls.
func LiveFuncs() int64 { return live.Load() }
