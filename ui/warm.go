package ui

import "sync"

// warmSignature has a field of every kind the form renders.
const warmSignature = `{"name":"warm-up","description":"","parameters":{"type":"object","properties":{
"text":{"type":"string","meta":{"title":"Text","is_required":true,"ui":{"placeholder":"…","regex":"^.+$"}}},
"long":{"type":"string","meta":{"ui":{"ui_field":{"type":"TEXTAREA"}}}},
"count":{"type":"integer"},"ratio":{"type":"number"},"on":{"type":"boolean"},
"pick":{"type":"string","enum":["a","b"]},
"static":{"type":"string","meta":{"ui":{"ui_field":{"type":"STATIC_DROPDOWN","options":[{"id":"1","value":"One"}]}}}},
"list":{"type":"array","items":{"type":"string"}},
"obj":{"type":"object","properties":{"inner":{"type":"string"}},"required":["inner"]}},
"required":["text"]},"meta":{"ui":{"title":"Warm-up"}}}`

// Warm builds a form in doc, off the page, and throws it away, once. The
// browser compiles WebAssembly functions lazily, on their first call, so the
// first form a page shows would pay for compiling the form's code (and the
// renderer's); the loader calls this at idle time after ready
// (requestIdleCallback) so that it does not. The form is never attached to
// the page: its nodes are created detached and forgotten.
func Warm(doc Document, s *Strings) {
	warmOnce.Do(func() {
		form, err := ParseForm([]byte(warmSignature))
		if err != nil {
			return
		}
		if err := form.Prefill([]byte(`{"text":"x","count":2,"on":true,"list":["a"],"obj":{"inner":"y"},"extra":null}`)); err != nil {
			return
		}
		var mu sync.Mutex
		lock := func() func() { mu.Lock(); return mu.Unlock }
		view := NewFormView(doc, s, form, FormOptions{ShowTitle: true}, lock)
		_, _ = form.Values()
		view.Destroy()
	})
}

var warmOnce sync.Once
