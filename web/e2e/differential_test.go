//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/integry-go/integry/internal/browsertest"
)

// The differential test (issue 19): every function of the sandbox's
// catalog, its app connected, rendered by @integry/sdk 4.9.37 and by
// integry-wasm against the same sandbox. One page load per SDK; the
// functions are walked inside it. Both must raise no page error, show the
// same field labels and required marks, fill each dynamic dropdown with the
// same options (after its parent changes too), and resolve Submit with the
// same values for the same input. The
// differences we keep are named where the comparison allows for them
// (docs/protocol.md#official-form-kept).

// diffDriver drives either form through the same few operations. Each
// returns a promise; window.diffSDK says which DOM to read.
const diffDriver = `
window.diff = (() => {
  const ours = window.diffSDK === "ours";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // until polls fn until it returns a truthy value (or gives up, returning
  // the last value: the Go side reports what it got).
  async function until(fn, tries = 150) {
    let v;
    for (let i = 0; i < tries; i++) { v = fn(); if (v) return v; await sleep(100); }
    return v;
  }
  // settled polls read until its JSON is the same on three reads in a row.
  async function settled(read) {
    let last = "", same = 0, v;
    for (let i = 0; i < 200 && same < 3; i++) {
      v = read(); const j = JSON.stringify(v);
      same = j === last ? same + 1 : 0; last = j;
      await sleep(100);
    }
    return v;
  }
  const $ = (s, root = document) => root.querySelector(s);
  const $$ = (s, root = document) => [...root.querySelectorAll(s)];
  const text = (n) => (n ? n.textContent.trim() : "");

  function setInput(el, value) {
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    el.dispatchEvent(new KeyboardEvent("keyup", { key: "2", bubbles: true }));
    el.dispatchEvent(new FocusEvent("blur"));
    el.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
  }

  // sample is what a required text field is filled with: an email address
  // where its label or help speaks of one, else "2" (a number and a text).
  const sample = (field) => (/mail/i.test(field.textContent) ? "diff@example.com" : "2");

  const O = {
    form: () => $(".integry-form"),
    // Labels, and the legends of STANDARD_FIELDS groups, which the official
    // form labels like a field (a CUSTOM_FIELDS sub-form it does not label).
    fields: () => $$(".integry-form label.integry-label, .integry-form fieldset.integry-fieldset:not(.integry-custom-fields) > legend").map((l) => ({ label: text(l.firstElementChild), required: !!$(".integry-required", l) })),
    input: (key) => $('.integry-form input.integry-combo-input[data-field="' + key + '"]'),
    // shut closes an open list (Escape on a closed one would close the form).
    shut: (inp) => { if (inp.getAttribute("aria-expanded") === "true") inp.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true })); },
    status: (key) => text($(".integry-combo-status [role=status]", O.input(key).closest(".integry-field"))),
    async options(key) {
      const inp = O.input(key);
      if (!inp) return null;
      inp.click();
      const list = document.getElementById(inp.getAttribute("aria-controls"));
      const read = () => {
        list.scrollTop = list.scrollHeight;
        list.dispatchEvent(new Event("scroll"));
        return { opts: $$("li.integry-option", list).map(text), status: O.status(key) };
      };
      const v = await settled(read);
      O.shut(inp);
      return v;
    },
    async choose(key, label) {
      const inp = O.input(key);
      inp.click();
      const list = document.getElementById(inp.getAttribute("aria-controls"));
      const li = await until(() => $$("li.integry-option", list).find((n) => text(n) === label));
      if (!li) return false;
      li.click();
      O.shut(inp);
      return true;
    },
    async fillRequired() {
      for (const f of $$(".integry-form .integry-field")) {
        if (!$(".integry-required", f)) continue;
        const combo = $("input.integry-combo-input", f), sel = $("select", f), other = $("input, textarea", f);
        if (combo) {
          if ($(".integry-combo-values input", f)) continue; // chosen already
          const o = (await O.options(combo.dataset.field)).opts;
          if (o.length) await O.choose(combo.dataset.field, o.slice().sort()[0]);
        } else if (sel) {
          sel.value = [...sel.options].find((o) => o.value !== "").value;
          sel.dispatchEvent(new Event("change", { bubbles: true }));
        } else if (other && !other.value) setInput(other, sample(f));
      }
    },
    submit: () => { const b = $(".integry-form .integry-submit"); if (b) b.click(); else window.diffResult = { err: "no Submit button: " + document.body.innerText.slice(0, 300) }; },
    close: () => { const b = $(".integry-close"); if (b) b.click(); },
  };

  const fieldset = (key) => $('[class*="functionFormContainer"] [id="' + key + '"]');
  const F = {
    form: () => $('[class*="functionFormContainer"]'),
    fields: () => $$('[class*="functionFormContainer"] label[class*="subLabel"]').map((l) => {
      const d = l.firstElementChild.cloneNode(true);
      const req = !!$('[class*="required"]', d);
      $$("span", d).forEach((s) => s.remove());
      return { label: text(d), required: req };
    }),
    trigger: (key) => { const s = fieldset(key); return s && $('[role="button"]', s); },
    items: (key) => $$('[class*="tagMenuBodyItem"] [class*="value"]', fieldset(key)),
    async options(key) {
      const t = F.trigger(key);
      if (!t) return null;
      if (!F.items(key).length) t.click();
      const v = await settled(() => ({ opts: F.items(key).map(text), status: "" }));
      if (F.items(key).length) t.click();
      return v;
    },
    async choose(key, label) {
      const t = F.trigger(key);
      if (!F.items(key).length) t.click();
      // The search input keeps the chosen label and filters by it: clear it.
      const search = $("input", t);
      if (search && search.value) setInput(search, "");
      const it = await until(() => F.items(key).find((n) => text(n) === label));
      if (!it) return false;
      it.click();
      await sleep(50);
      if (F.items(key).length) t.click();
      return true;
    },
    async fillRequired() {
      for (const l of $$('[class*="functionFormContainer"] label[class*="subLabel"]')) {
        if (!$('[class*="required"]', l)) continue;
        const fs = l.closest("fieldset");
        const sel = $('[class*="customSelect"]', fs);
        if (sel) {
          if ($("input", sel).value) continue; // chosen already
          const o = (await F.options(sel.id)).opts;
          if (o.length) await F.choose(sel.id, o.slice().sort()[0]);
          continue;
        }
        const inp = $("input, textarea", fs);
        if (inp && !inp.value) setInput(inp, sample(fs));
        // One change at a time, as a person types: the official form
        // computes its invalid fields from its last rendered state, so a
        // second change before it re-rendered would undo the first one's.
        await sleep(300);
      }
    },
    submit: () => { const b = $('[class*="btnSubmit"] button'); if (b) b.click(); else window.diffResult = { err: "no Submit button" }; },
    close: () => { const b = $(".integry-sdk-modal-close-btn"); if (b) b.click(); },
  };
  const D = ours ? O : F;

  return {
    // open shows fn's form and waits until it is drawn.
    async open(fn) {
      window.diffResult = undefined;
      integry.showFunctionUI(fn).then((v) => { window.diffResult = { ok: v }; }, (e) => { window.diffResult = { err: String((e && (e.code || e.message)) || e) }; });
      const f = await until(() => D.form() || window.diffResult);
      if (!D.form()) return { err: "no form: " + JSON.stringify(window.diffResult) };
      return { fields: await settled(D.fields) };
    },
    options: (key) => D.options(key),
    choose: (key, label) => D.choose(key, label),
    async submit() {
      await D.fillRequired();
      await sleep(200);
      D.submit();
      const r = await until(() => window.diffResult);
      if (!r) D.close();
      await until(() => !D.form());
      return r || { err: "Submit did not resolve" };
    },
    fill: () => D.fillRequired(),
    errors: () => window.pageErrors.slice(),
  };
})();
`

// diffPage is the page both SDKs run in: the SDK's script, then one
// IntegryJS for the test's user; the body says ready on its ready event.
func diffPage(which, sdkScript, sandbox, appKey, hash, user string) string {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script>window.pageErrors = [];
window.addEventListener("error", (e) => window.pageErrors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => window.pageErrors.push("unhandled rejection: " + String(e.reason && (e.reason.message || e.reason))));
window.diffSDK = ` + q(which) + `;</script>
<script src="` + sdkScript + `"></script></head><body data-sdk="loading">
<script type="module">
window.integry = new IntegryJS({appKey: ` + q(appKey) + `, hash: ` + q(hash) + `, user: {userId: ` + q(user) + `},
  baseUrl: ` + q(sandbox) + `, baseAPIUrl: ` + q(sandbox) + `});
integry.eventEmitter.on("ready", () => { document.body.dataset.sdk = "ready"; });
</script><script>` + diffDriver + `</script></body></html>`
}

// diffField is one label of a form.
type diffField struct {
	Label    string `json:"label"`
	Required bool   `json:"required"`
}

// diffOptions is a dropdown's options and status line once they settled.
type diffOptions struct {
	Opts   []string `json:"opts"`
	Status string   `json:"status"`
}

// diffForm is what one SDK showed for one function.
type diffForm struct {
	Err       string
	Fields    []diffField
	Options   map[string][]string // dynamic dropdown key → option labels, sorted
	Waiting   map[string]string   // ours: the status of a dropdown waiting for its parent
	Children  []string            // "parent=label child: options" after each parent change
	Submitted string              // "ok: keys" or "err: …"
	Values    map[string]any      // what Submit resolved with
	Errors    []string
}

// diffFunction is what the test reads of a function's signature.
type diffFunction struct {
	Name    string
	Dynamic []string            // DYNAMIC_DROPDOWN keys, in order
	Parents map[string][]string // a dynamic dropdown's depends_on
}

func TestDifferentialForms(t *testing.T) {
	browsertest.ChromiumOnly(t) // a deep suite, run once (docs/browsers.md)
	sdkDir := filepath.Join(repoRoot, "web", "node_modules", "@integry", "sdk")
	if _, err := os.Stat(filepath.Join(sdkDir, "dist", "umd", "index.umd.js")); err != nil {
		if os.Getenv("INTEGRY_REQUIRE_BROWSER") != "" {
			t.Fatalf("@integry/sdk is not installed in web/node_modules (make npm): %v", err)
		}
		t.Skipf("@integry/sdk is not installed in web/node_modules (make npm): %v", err)
	}
	dist := bundle(t)
	e := newEnv(t)
	e.serve("/dist/", os.DirFS(dist))
	e.serve("/node_modules/@integry/sdk/", os.DirFS(sdkDir))
	user := "diff-user"
	for _, app := range []string{"slack", "pipedrive", "hubspot"} {
		e.sb.Connect(t, user, app, app+"@example.com")
	}
	e.sb.ConnectResult(t, user, "sendgrid", "sendgrid", "SG.diff-key")

	fns := diffCatalog(t, e, user)
	got := map[string]map[string]*diffForm{}
	for _, which := range []string{"official", "ours"} {
		script := "/dist/integry.js"
		if which == "official" {
			script = "/node_modules/@integry/sdk/dist/umd/index.umd.js"
		}
		page := diffPage(which, script, e.sb.URL, e.sb.AppKey, e.sb.Hash(user), user)
		e.pages.HandleFunc("/diff-"+which+".html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		})
		e.do("open the "+which+" SDK's page", navigate(e.pageURL+"/diff-"+which+".html"),
			present(css(`body[data-sdk="ready"]`)))
		got[which] = map[string]*diffForm{}
		for _, fn := range fns {
			got[which][fn.Name] = diffRun(e, fn)
		}
	}
	for _, fn := range fns {
		diffCompare(t, fn, got["official"][fn.Name], got["ours"][fn.Name])
	}
}

// diffCatalog reads every function of the catalog with include=meta: its
// dynamic dropdowns and their parents.
func diffCatalog(t *testing.T, e *env, user string) []diffFunction {
	t.Helper()
	var out []diffFunction
	cursor := ""
	for {
		body := `{}`
		if cursor != "" {
			body = `{"_cursor":` + fmt.Sprintf("%q", cursor) + `}`
		}
		req, _ := http.NewRequest("POST", e.sb.URL+"/functions/list/?include=meta&"+e.sb.Query(user), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Functions []struct {
				Name       string `json:"name"`
				Parameters struct {
					Properties map[string]struct {
						Meta struct {
							UI struct {
								DependsOn []string `json:"depends_on"`
								Field     struct {
									Type string `json:"type"`
								} `json:"ui_field"`
							} `json:"ui"`
						} `json:"meta"`
					} `json:"properties"`
				} `json:"parameters"`
			} `json:"functions"`
			Cursor *string `json:"_cursor"`
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page.Functions {
			d := diffFunction{Name: f.Name, Parents: map[string][]string{}}
			for key, p := range f.Parameters.Properties {
				if p.Meta.UI.Field.Type == "DYNAMIC_DROPDOWN" {
					d.Dynamic = append(d.Dynamic, key)
					if len(p.Meta.UI.DependsOn) > 0 {
						d.Parents[key] = p.Meta.UI.DependsOn
					}
				}
			}
			slices.Sort(d.Dynamic)
			out = append(out, d)
		}
		if page.Cursor == nil || *page.Cursor == "" {
			break
		}
		cursor = *page.Cursor
	}
	if len(out) < 16 {
		t.Fatalf("the catalog lists %d functions", len(out))
	}
	return out
}

// diffRun renders fn in the page's SDK and reads it.
func diffRun(e *env, fn diffFunction) *diffForm {
	out := &diffForm{Options: map[string][]string{}, Waiting: map[string]string{}}
	opened := eval[struct {
		Err    string      `json:"err"`
		Fields []diffField `json:"fields"`
	}](e, `diff.open(`+jsQuote(fn.Name)+`)`)
	out.Err, out.Fields = opened.Err, opened.Fields
	if out.Err != "" {
		out.Errors = eval[[]string](e, `diff.errors()`)
		return out
	}
	for _, key := range fn.Dynamic {
		o := eval[*diffOptions](e, `diff.options(`+jsQuote(key)+`)`)
		if o == nil {
			out.Options[key] = nil
			continue
		}
		opts := slices.Clone(o.Opts)
		slices.Sort(opts) // option-order: the official dropdown sorts, ours keeps the answer's order
		out.Options[key] = opts
		if o.Status != "" {
			out.Waiting[key] = o.Status
		}
	}
	// Each dependent dropdown, after its parent takes two values in turn.
	for _, child := range fn.Dynamic {
		for _, parent := range fn.Parents[child] {
			choices := out.Options[parent]
			if len(choices) > 2 {
				choices = []string{choices[0], choices[len(choices)/2]}
				for _, c := range out.Options[parent] {
					if c == "general" || c == "random" { // channels with sample messages
						choices = append(choices[:0:0], "general", "random")
						break
					}
				}
			}
			for _, c := range choices {
				if !eval[bool](e, `diff.choose(`+jsQuote(parent)+`, `+jsQuote(c)+`)`) {
					out.Children = append(out.Children, fmt.Sprintf("%s=%s: could not choose it", parent, c))
					continue
				}
				o := eval[*diffOptions](e, `diff.options(`+jsQuote(child)+`)`)
				var opts []string
				if o != nil {
					opts = slices.Clone(o.Opts)
					slices.Sort(opts)
				}
				out.Children = append(out.Children, fmt.Sprintf("%s=%s %s: %q", parent, c, child, opts))
			}
		}
	}
	res := eval[struct {
		OK  map[string]any `json:"ok"`
		Err string         `json:"err"`
	}](e, `diff.submit()`)
	if res.Err != "" {
		out.Submitted = "err: " + res.Err
	} else {
		keys := make([]string, 0, len(res.OK))
		for k := range res.OK {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out.Submitted = "ok: " + strings.Join(keys, ",")
		out.Values = res.OK
	}
	out.Errors = eval[[]string](e, `diff.errors()`)
	return out
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// diffCompare holds ours to the official form for one function.
func diffCompare(t *testing.T, fn diffFunction, off, ours *diffForm) {
	t.Helper()
	name := fn.Name
	if len(off.Errors) > 0 || len(ours.Errors) > 0 {
		t.Errorf("%s: page errors: official %q, ours %q", name, off.Errors, ours.Errors)
	}
	if off.Err != "" || ours.Err != "" {
		t.Errorf("%s: the form did not render: official %q, ours %q", name, off.Err, ours.Err)
		return
	}
	if !slices.Equal(off.Fields, ours.Fields) {
		t.Errorf("%s: fields differ\n  official %v\n  ours     %v", name, off.Fields, ours.Fields)
	}
	for _, key := range fn.Dynamic {
		o, u := off.Options[key], ours.Options[key]
		if len(fn.Parents[key]) > 0 && ours.Waiting[key] != "" {
			// source-waits: ours asks nothing before the parent has a value.
			if len(u) != 0 {
				t.Errorf("%s.%s: waits for its parent (%q) yet shows %q", name, key, ours.Waiting[key], u)
			}
			continue
		}
		if !slices.Equal(o, u) {
			t.Errorf("%s.%s: options differ\n  official %q\n  ours     %q", name, key, o, u)
		}
	}
	if !slices.Equal(off.Children, ours.Children) {
		t.Errorf("%s: dependent dropdowns after a parent change differ\n  official %q\n  ours     %q", name, off.Children, ours.Children)
	}
	if off.Values != nil && ours.Values != nil {
		diffValues(t, name, off.Values, ours.Values)
	}
	if !strings.HasPrefix(ours.Submitted, "ok: ") {
		t.Errorf("%s: our Submit: %s", name, ours.Submitted)
	}
	if !strings.HasPrefix(off.Submitted, "ok: ") {
		t.Errorf("%s: the official Submit: %s", name, off.Submitted)
	}
	t.Logf("%s: %d fields, dropdowns %v, children %d, submit official %s / ours %s", name, len(ours.Fields), fn.Dynamic, len(ours.Children), off.Submitted, ours.Submitted)
}

// diffValues compares what the two Submits resolved with, given the same
// input: the same values once ours are written as text (typed-values), and
// no key of the official's missing from ours but an empty one
// (falsy-values: the official keeps an empty array field as []).
func diffValues(t *testing.T, name string, off, ours map[string]any) {
	t.Helper()
	for k, v := range ours {
		if diffText(off[k]) != diffText(v) {
			t.Errorf("%s: Submit's %s: official %s, ours %s", name, k, diffText(off[k]), diffText(v))
		}
	}
	for k, v := range off {
		if _, ok := ours[k]; !ok && !diffEmpty(v) {
			t.Errorf("%s: Submit's %s: official %s, ours has none", name, k, diffText(v))
		}
	}
}

// diffText writes a submitted value as text, the way the official form
// holds its values: numbers and booleans as written, arrays item by item.
func diffText(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = diffText(it)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// diffEmpty reports a value the official form submits for an untouched
// field: "", [] or {}.
func diffEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}
