// Package ui renders what a person sees of the SDK: the function form
// (showFunctionUI, showFunction), the modal around it, and the apps
// marketplace (showApps, showConnectedAccounts).
//
// # The form model
//
// A function signature, as the server sent it (sdk.Function.Raw, with
// include=meta), becomes a [Form] through [ParseForm]. The JSON is read token
// by token so that properties keep the signature's key order (wire spec §4).
// Each property becomes a [Field] whose [Kind] comes from the JSON schema
// type (string, number/integer, boolean, enum, arrays, nested objects) and is
// refined by the meta.ui hints (TEXTFIELD, TEXTAREA, STATIC_DROPDOWN,
// DYNAMIC_DROPDOWN, CHECKBOX, STANDARD_FIELDS), so a property without hints
// still renders (defect 12). A field is required when the schema's required
// list names it or meta.is_required is true (defect 13).
//
//	form, err := ui.ParseForm(fn.Raw)
//	err = form.Prefill(params)         // any JSON values: 42, false, [..], {..} (defect 11)
//	form.SetText(form.Lookup("text"), "hello")
//	args, bad := form.Values()         // typed JSON, or the fields with a Problem
//
// [Form.Values] returns the arguments typed as the schema says: numbers are
// JSON numbers, booleans are booleans, false and 0 are kept, and empty
// optional fields are left out (defects 14 and 15). Each invalid field
// carries a [Problem] whose key names a message of the string table.
//
// The form model is plain Go without JavaScript and is tested natively with
// golden files in testdata/ (go test -race ./ui/... ; -update rewrites them).
package ui
