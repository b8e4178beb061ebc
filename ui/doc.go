// Package ui renders what a person sees of the SDK: the function form
// (showFunctionUI, showFunction), the modal around it, and the apps
// marketplace (showApps, showConnectedAccounts). package wasm registers the
// JavaScript methods (wasm/ui_methods.go) and hands each call an [Env]; ui
// never imports wasm.
//
// # The form model
//
// A function signature, as the server sent it (sdk.Function.Raw, with
// include=meta), becomes a [Form] through [ParseForm]. The JSON is read token
// by token so that properties keep the signature's key order
// (docs/protocol.md#function-signature).
// Each property becomes a [Field] whose [Kind] comes from the JSON schema
// type (string, number/integer, boolean, enum, arrays, nested objects) and is
// refined by the meta.ui hints (TEXTFIELD, TEXTAREA, STATIC_DROPDOWN,
// DYNAMIC_DROPDOWN, CHECKBOX, STANDARD_FIELDS, CUSTOM_FIELDS), so a property
// without hints still renders (docs/protocol.md#differs-schema-fallback). A
// field is required when the schema's required list names it or
// meta.is_required is true (docs/protocol.md#differs-enum-required).
//
//	form, err := ui.ParseForm(fn.Raw)
//	err = form.Prefill(params)         // any JSON values (docs/protocol.md#differs-prefill-values)
//	form.SetText(form.Lookup("text"), "hello")
//	args, bad := form.Values()         // typed JSON, or the fields with a Problem
//
// A DYNAMIC_DROPDOWN or CUSTOM_FIELDS property has a [DataSource]
// (source.go): [Form.SourceRequest] builds the request for one page from
// the form's current values ({field} references, depends_on),
// [ParseOptions] and [ParseCustomFields] read the answer, and
// [Form.Dependents] says which sources a changed field reloads
// (docs/protocol-additions.md#data-sources).
//
// [Form.Values] returns the arguments typed as the schema says: numbers are
// JSON numbers, booleans are booleans, false and 0 are kept, and empty
// optional fields are left out (docs/protocol.md#differs-typed-values and
// docs/protocol.md#differs-falsy-values). Each invalid field
// carries a [Problem] whose key names a message of the string table.
//
// # The DOM, real and recorded
//
// Widgets reach the page only through [Document] and [Element], a dozen
// methods wide. On a page, [BrowserDocument] (js/wasm only) is a
// [BatchDocument]: every change is appended to a buffer of operations that
// crosses to the loader's renderer (web/loader/renderer.mjs) in one call per
// batch, and a read flushes the buffer together with its query
// (docs/design.md#rendering). Tests use package ui/uitest, whose document
// keeps a tree in memory and records every call, so the widgets are tested
// natively against golden call logs and trees in testdata/<Test>.want.txt
// (go test ./ui -update rewrites them; review the diff). Element ids
// (NextID) are counted per document, so those tests run in parallel. Server strings go in with SetText and SetAttr only:
// there is no method that writes markup, and icon URLs have their scheme
// checked before they become an src.
//
// # Widgets
//
// [ShowFunction] fetches the signature once, builds a [FormView] in a
// [Modal] (MODAL) or in a container (INLINE), emits did-render-function
// after two frames, and blocks until submit (typed values), a close by the
// × button, Escape or the backdrop (cancelled, after modal-closed:
// docs/protocol.md#differs-modal-closed), or the end of ctx (destroy()). An app that is not connected shows
// "Connect {App}"; its click calls Env.StartConnect, which opens the popup
// synchronously, and the flow's wait runs in a goroutine. A dynamic
// dropdown is a combobox over its data source (dropdown.go: pages on
// scroll, search, loading/empty/error states, multiselect chips; the chosen
// IDs in hidden inputs named after the field), and a CUSTOM_FIELDS
// property a sub-form built from its source (customfields.go); both load
// in goroutines once the app is connected, and reload when a field they
// refer to changes. The modal's header shows the app's icon. [ShowApps] renders
// the marketplace and returns after its first page; the [Marketplace] lives
// until closed or destroyed, with a debounced search ([SearchDelay]), a
// "Load more" cursor, per-card connect and confirmed disconnect, and one row
// per account for multi-account apps, in a WIDE or NARROW [Layout];
// [ShowApp] renders one app's page (showApp).
//
// The modal is role=dialog with aria-modal and aria-labelledby; focus moves
// in, Tab is trapped, and focus returns to where it was. Every input has a
// label; problems set aria-invalid and join aria-describedby.
//
// # Goroutines
//
// Any goroutine may touch the DOM, one at a time: each shown widget has a
// lock. Event listeners run on the JavaScript event-loop goroutine, take
// the lock, do their DOM work synchronously and never wait
// (docs/design.md#deadlock-rule). Network waits (fetching a page of apps,
// disconnecting, the connect flow) run in goroutines that take the lock
// again only to show the result. ShowFunction and ShowApps block, so they
// are called from the promise goroutine, never from a listener.
//
// # Look and language
//
// One stylesheet is added to the page once; every selector is an
// .integry- class, so nothing applies to the host page. Colors and sizes are
// --integry-… custom properties declared once on :root at zero specificity,
// with light and dark defaults that follow prefers-color-scheme; a page's
// value on any ancestor wins, and the font is the container's
// (docs/protocol.md#surface-styling). Strings come from a
// per-instance [Strings] table in the official SDK's five languages (en,
// es, fr, ja, pt-BR); a key a language lacks falls back to English, never
// to the key (docs/protocol.md#differs-per-instance-strings).
//
// # Tests
//
//	go test -race ./ui/...      # model, widgets on uitest's document, page tests in Chromium
//	make test-wasm-browser      # the js/wasm build's tests in Chromium (field patterns as RegExp)
//	make screenshots            # PNGs in bin/screenshots
//
// The page tests build ui/internal/harness (the widgets over built-in data,
// rendered by the loader's renderer) for axe-core, payload and keyboard
// checks, and the real bundle (./wasm and the loader) against the sandbox
// for the end-to-end flows; they need web/node_modules (make npm) and
// Chromium. Each starts its own Chromium, so they run one at a time, while
// the tests on uitest's document run in parallel.
package ui
