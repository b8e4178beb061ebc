package ui

import "github.com/integry-go/integry/internal/jsonx"

// styleID is the id of the one <style> element the widgets add to a page.
const styleID = "integry-style"

// palette is the widgets' theme, the --integry-… custom properties,
// declared once, on :where(:root) at zero specificity, so a value the page
// sets on :root, on the widget's container or on any other ancestor wins
// and is inherited, into shadow roots too. Light and dark defaults follow
// prefers-color-scheme. Colors were chosen for WCAG AA contrast in both.
// It is the only copy: the bindings (web/npm) take it from here
// (docs/protocol.md#surface-styling).
const palette = `
:where(:root) {
  --integry-bg: #ffffff;
  --integry-fg: #1f2328;
  --integry-muted: #57606a;
  --integry-border: #8c959f;
  --integry-input-bg: #ffffff;
  --integry-accent: #0b5cad;
  --integry-accent-fg: #ffffff;
  --integry-error: #b42318;
  --integry-ok-bg: #dafbe1;
  --integry-ok-fg: #116329;
  --integry-off-bg: #eaeef2;
  --integry-off-fg: #424a53;
  --integry-backdrop: rgba(0, 0, 0, 0.55);
  --integry-radius: 8px;
  --integry-focus: 0 0 0 3px #7fb6ff;
}
@media (prefers-color-scheme: dark) {
  :where(:root) {
    --integry-bg: #1c1f24;
    --integry-fg: #e6e8eb;
    --integry-muted: #aab3bd;
    --integry-border: #6e7781;
    --integry-input-bg: #262a30;
    --integry-accent: #6cb2ff;
    --integry-accent-fg: #0b1a2a;
    --integry-error: #ff9b91;
    --integry-ok-bg: #12361f;
    --integry-ok-fg: #8ee6ad;
    --integry-off-bg: #2d333b;
    --integry-off-fg: #d0d7de;
    --integry-focus: 0 0 0 3px #9ccaff;
  }
}
`

// css is the widgets' stylesheet. Every selector starts with an .integry-
// class, so nothing applies to the host page. The widgets take the font of
// what they are in; --integry-font, unset by default, overrides it
// (docs/protocol.md#surface-styling). A widget in a page node (a shadow
// root) gets a copy in that node, where the document's cannot reach
// (docs/protocol.md#surface-container).
const css = `
.integry-root {
  font-family: var(--integry-font);
  font-size: 15px;
  line-height: 1.45;
  color: var(--integry-fg);
  box-sizing: border-box;
}
.integry-root *, .integry-root *::before, .integry-root *::after { box-sizing: inherit; }
.integry-root [hidden] { display: none !important; } /* our display rules must not undo hidden */
.integry-inline { background: var(--integry-bg); padding: 16px; border-radius: var(--integry-radius); }
.integry-overlay { position: fixed; inset: 0; z-index: 2147483000; display: flex; align-items: center;
  justify-content: center; background: var(--integry-backdrop); padding: 16px; }
.integry-modal { background: var(--integry-bg); color: var(--integry-fg); border-radius: var(--integry-radius);
  width: min(640px, 100%); max-height: calc(100vh - 32px); overflow: auto; box-shadow: 0 12px 40px rgba(0,0,0,.35); }
.integry-modal-header { display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 14px 18px; border-bottom: 1px solid var(--integry-border); }
.integry-modal-title, .integry-title { margin: 0; font-size: 18px; font-weight: 600; }
.integry-modal-body { padding: 16px 18px; }
.integry-close { border: 0; background: transparent; color: var(--integry-fg); font-size: 22px; line-height: 1;
  width: 36px; height: 36px; border-radius: 50%; cursor: pointer; }
.integry-root button:focus-visible, .integry-root input:focus-visible, .integry-root select:focus-visible,
.integry-root textarea:focus-visible { outline: none; box-shadow: var(--integry-focus); }
.integry-form { display: flex; flex-direction: column; gap: 14px; margin: 0; }
.integry-field { display: flex; flex-direction: column; gap: 4px; }
.integry-fieldset { border: 1px solid var(--integry-border); border-radius: var(--integry-radius); padding: 10px 12px;
  margin: 0; display: flex; flex-direction: column; gap: 10px; }
.integry-label, .integry-legend { font-weight: 600; }
.integry-required { color: var(--integry-error); margin-left: 2px; }
.integry-help { color: var(--integry-muted); font-size: 13px; margin: 0; }
.integry-error { color: var(--integry-error); font-size: 13px; margin: 0; }
.integry-error:empty { display: none; }
.integry-input { font: inherit; color: var(--integry-fg); background: var(--integry-input-bg);
  border: 1px solid var(--integry-border); border-radius: 6px; padding: 7px 9px; width: 100%; }
.integry-input[aria-invalid="true"] { border-color: var(--integry-error); }
textarea.integry-input { min-height: 80px; resize: vertical; }
.integry-check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
.integry-button { font: inherit; font-weight: 600; border-radius: 6px; padding: 8px 14px; cursor: pointer;
  border: 1px solid var(--integry-accent); background: var(--integry-accent); color: var(--integry-accent-fg); }
.integry-button-secondary { background: transparent; color: var(--integry-fg); border-color: var(--integry-border); }
.integry-button[disabled] { opacity: .6; cursor: not-allowed; }
.integry-actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
.integry-banner { border: 1px solid var(--integry-border); border-radius: var(--integry-radius); padding: 10px 12px;
  display: flex; gap: 10px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.integry-banner p { margin: 0; }
.integry-summary { color: var(--integry-error); margin: 0; font-weight: 600; }
.integry-summary:empty { display: none; }
.integry-status { color: var(--integry-muted); margin: 8px 0; min-height: 1.4em; }
.integry-apps > .integry-status:empty { margin: 0; min-height: 0; }
.integry-apps { display: flex; flex-direction: column; gap: 12px; }
.integry-search { display: flex; flex-direction: column; gap: 4px; }
.integry-app-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.integry-app-card { border: 1px solid var(--integry-border); border-radius: var(--integry-radius); padding: 12px;
  display: flex; flex-direction: column; gap: 8px; background: var(--integry-bg); min-width: 0; overflow-wrap: break-word; }
.integry-app-head { display: flex; gap: 10px; align-items: center; }
.integry-app-icon { width: 32px; height: 32px; border-radius: 6px; object-fit: contain; }
.integry-app-title { margin: 0; font-size: 16px; font-weight: 600; }
.integry-badge { display: inline-block; font-size: 12px; font-weight: 600; border-radius: 999px; padding: 2px 8px;
  background: var(--integry-off-bg); color: var(--integry-off-fg); align-self: flex-start; }
.integry-badge-connected { background: var(--integry-ok-bg); color: var(--integry-ok-fg); }
.integry-accounts { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.integry-account { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; }
.integry-account > span { min-width: 0; overflow-wrap: break-word; flex: 1 1 100%; font-size: 14px; }
.integry-confirm { border-top: 1px solid var(--integry-border); padding-top: 8px; display: flex; flex-direction: column; gap: 8px; }
.integry-confirm p { margin: 0; }
.integry-modal-heading { display: flex; align-items: center; gap: 10px; min-width: 0; }
.integry-modal-icon { width: 28px; height: 28px; border-radius: 6px; object-fit: contain; flex: none; }
.integry-combo { display: flex; flex-direction: column; gap: 4px; position: relative; }
.integry-listbox { list-style: none; margin: 0; padding: 4px 0; max-height: 220px; overflow-y: auto;
  position: absolute; top: 100%; left: 0; right: 0; z-index: 1; box-shadow: 0 6px 16px rgba(0,0,0,.18);
  background: var(--integry-input-bg); border: 1px solid var(--integry-border); border-radius: 6px; }
.integry-option { padding: 6px 10px; cursor: pointer; overflow-wrap: anywhere; }
.integry-option:hover, .integry-option-active { background: var(--integry-off-bg); color: var(--integry-off-fg); }
.integry-option[aria-selected="true"] { font-weight: 600; }
.integry-listbox[aria-multiselectable="true"] .integry-option::before { content: "\2610\00a0"; }
.integry-listbox[aria-multiselectable="true"] .integry-option[aria-selected="true"]::before { content: "\2611\00a0"; }
.integry-combo-status { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; color: var(--integry-muted); font-size: 13px; }
.integry-combo-status > span:empty { display: none; }
.integry-retry { padding: 3px 10px; font-size: 13px; }
.integry-chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.integry-chips:empty { display: none; }
.integry-chip { display: inline-flex; align-items: center; gap: 2px; border-radius: 999px; padding: 2px 2px 2px 10px;
  background: var(--integry-off-bg); color: var(--integry-off-fg); font-size: 13px; }
.integry-chip-remove { border: 0; background: transparent; color: inherit; cursor: pointer; font-size: 16px; line-height: 1;
  width: 24px; height: 24px; border-radius: 50%; }
.integry-custom-body { display: flex; flex-direction: column; gap: 10px; }
.integry-custom-body:empty { display: none; }
.integry-modal-narrow { width: min(420px, 100%); }
.integry-layout-narrow .integry-app-list { grid-template-columns: 1fr; gap: 6px; }
.integry-layout-narrow .integry-app-card { flex-direction: row; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 8px 10px; }
.integry-layout-narrow .integry-app-card > .integry-app-head { flex: 1 1 auto; }
.integry-layout-narrow .integry-app-icon { width: 24px; height: 24px; }
.integry-layout-narrow .integry-app-title { font-size: 15px; }
.integry-layout-narrow .integry-app-card > .integry-badge { align-self: center; }
.integry-layout-narrow .integry-app-card > .integry-accounts, .integry-layout-narrow .integry-app-card > .integry-confirm,
.integry-layout-narrow .integry-app-card > p { flex-basis: 100%; }
.integry-app-page .integry-app-list { grid-template-columns: 1fr; }
.integry-app-page .integry-app-card > .integry-app-head { display: none; }
.integry-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; margin: -1px; padding: 0; border: 0; }
`

// injectStyle adds the palette and the stylesheet to the page once (two
// <style> elements: one string each in the binary). The CSS is ours, not the
// server's, so it goes in as the <style> element's text.
func injectStyle(doc Document) {
	if doc.ElementByID(styleID) != nil {
		return
	}
	p := doc.CreateElement("style")
	p.SetText(palette)
	s := doc.CreateElement("style")
	s.SetAttr("id", styleID)
	s.SetText(css)
	doc.Head().Append(p, s)
}

// styleIn puts a copy of the rules (not the palette, which the node
// inherits from the document's :root) at the end of container, a page node
// the page gave by reference: a shadow root, which the document's
// stylesheet does not reach (docs/protocol.md#surface-container).
func styleIn(doc Document, container Element) {
	injectStyle(doc)
	s := doc.CreateElement("style")
	s.SetText(css)
	container.Append(s)
}

// bindingKeys are the strings the bindings (web/npm) draw themselves, on
// their connect buttons and Cancel, and the loader on renderFunctionForm's
// checkboxes, Save and Authorization tab, and renderMultipurposeField's tag
// menu of a choice (web/loader/surface.mjs).
var bindingKeys = [...]string{"connect_app", "connecting", "account_connected", "add_account_app", "cancel", "ai_filled", "save", "insert_tag",
	"tool_auth", "tool_input", "flow_account", "flow_next", "add_account"}

// Theme puts the palette and the stylesheet in env's document, once, and
// returns the instance's strings that the bindings draw themselves, and
// lang, as one JSON object with their {app} left in: so the palette and the
// strings are declared only here (docs/elements-and-react.md#language).
func Theme(env Env) []byte {
	injectStyle(env.Doc)
	s := env.strings()
	out := append(jsonx.AppendString([]byte(`{"lang":`), s.Lang()), ',')
	for i, k := range bindingKeys {
		if i > 0 {
			out = append(out, ',')
		}
		out = jsonx.AppendString(append(jsonx.AppendString(out, k), ':'), s.T(k))
	}
	return append(out, '}')
}
