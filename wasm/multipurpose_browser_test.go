//go:build !js

package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// renderMultipurposeField's choice types on both SDKs, in one Chromium page:
// the same props, then the same options chosen, text typed or tags of
// activityOutputData chosen, each SDK through its own widget (the
// official's listbox: click it open, click the option, or its Fields tab
// and a field; ours: the select, the editable choice's text field, the tag
// menu). The onChange calls deep-equal with no normalisation, and both show
// the same text before a choice: the given value's label, else the
// placeholder (docs/protocol.md#surface-multipurpose-choice).
func TestMultipurposeChoicesEqualTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	type run struct {
		Shown       string
		Log         json.RawMessage
		Suggestions []string
		Tags        []string
	}
	var got map[string]struct{ Official, Ours run }
	p.ok(`(async () => {
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  const options = (d) => [...d.querySelectorAll("[class*=tagMenuBodyItem] > div")];
	  const leaf = (d, text) => [...d.querySelectorAll("[class*=tagMenu] *")].find((e) => e.children.length === 0 && e.textContent.trim() === text);
	  const type = (i, text) => { i.focus(); i.value = text; i.dispatchEvent(new Event("input", {bubbles: true})); i.dispatchEvent(new KeyboardEvent("keyup", {key: "a", bubbles: true})); };
	  const sdks = {
	    Official: {sdk: off,
	      control: (d) => d.querySelector("[role=button] input"),
	      shown: (i) => i.value || i.placeholder,
	      choose: async (d, label) => {
	        d.querySelector("[role=button]").click();
	        (await until(() => options(d).find((e) => e.textContent.trim() === label))).click();
	        await until(() => options(d).length === 0);
	      },
	      // Open the listbox, its Fields tab, and click the tag's last key.
	      tag: async (d, path) => {
	        d.querySelector("[role=button]").click();
	        (await until(() => leaf(d, "Fields"))).click();
	        (await until(() => leaf(d, path.split(".").pop()))).click();
	      }},
	    Ours: {sdk: ours,
	      control: (d) => d.querySelector("select:not(.integry-tag-menu), input[type=text]"),
	      shown: (c) => c.matches("select") ? c.selectedOptions[0].text : c.value || c.placeholder,
	      choose: async (d, label) => {
	        const s = d.querySelector("select:not(.integry-tag-menu)");
	        s.value = [...s.options].find((o) => o.text === label).value;
	        s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true}));
	      },
	      tag: async (d, path) => {
	        const m = await until(() => d.querySelector("select.integry-tag-menu"));
	        m.value = "{" + path + "}"; m.dispatchEvent(new Event("change", {bubbles: true}));
	      }},
	  };
	  const output = {user: {name: "Ada", tags: ["x", "y"]}, id: 7};
	  const fruit = JSON.stringify([{id: "a", value: "Apple"}, {id: "b", value: "Banana"}, {id: 3, value: "Cherry"}]);
	  // Each case: props, then steps: a label to choose, or {type: text} typed into an editable choice.
	  const cases = {
	    SELECT: [{type: "SELECT", endpointUrl: fruit, value: "b"}, ["Apple", "Cherry"]],
	    "SELECT number id": [{type: "SELECT", endpointUrl: fruit, value: 3}, ["Banana"]],
	    "SELECT value not an option": [{type: "SELECT", endpointUrl: fruit, value: "zz"}, ["Apple"]],
	    "SELECT editable": [{type: "SELECT", endpointUrl: fruit, value: "b", isEditable: true},
	      [{type: "Apple"}, {type: "app"}, {type: ""}, {type: "3"}, {type: "Cherry"}]],
	    RADIO: [{type: "RADIO", endpointUrl: fruit}, ["Banana", "Apple"]],
	    "RADIO editable": [{type: "RADIO", endpointUrl: fruit, isEditable: true}, [{type: "ban"}, {type: "Banana"}]],
	    CHECKBOX: [{type: "CHECKBOX", value: "0"}, ["Yes", "No"]],
	    "CHECKBOX one option 1": [{type: "CHECKBOX", endpointUrl: JSON.stringify([{id: "1", value: "On"}])}, ["No"]],
	    // Tags: hideTabs false shows them; the caret is where allowTagsInText puts one.
	    "SELECT tags": [{type: "SELECT", endpointUrl: fruit, hideTabs: false, activityOutputData: output}, [{tag: "user.tags.0"}, "Apple", {tag: "id"}]],
	    "SELECT editable tags in text": [{type: "SELECT", endpointUrl: fruit, value: "b", isEditable: true, allowTagsInText: true, hideTabs: false, activityOutputData: output},
	      [{tag: "id", caret: 2}]],
	    "RADIO editable tag": [{type: "RADIO", endpointUrl: fruit, isEditable: true, hideTabs: false, activityOutputData: output}, [{type: "Apple"}, {tag: "user.name"}]],
	  };
	  const out = {};
	  for (const [name, [props, steps]] of Object.entries(cases)) {
	    out[name] = {};
	    for (const [who, s] of Object.entries(sdks)) {
	      const d = document.createElement("div"); d.id = "mp-" + Math.random().toString(36).slice(2); document.body.append(d);
	      const log = [];
	      s.sdk.renderMultipurposeField({containerId: d.id, multipurposeFieldProps: Object.assign({title: "Fruit", description: "Pick one", placeholder: "Choose a fruit",
	        onChange: (...a) => log.push(a)}, props)});
	      await until(() => s.control(d) && log.length === (props.value ? 1 : 0));
	      await wait(200); // no other call comes once loaded
	      const shown = s.shown(s.control(d)), suggestions = [...d.querySelectorAll("datalist option")].map((o) => o.value);
	      for (const step of steps) {
	        const n = log.length;
	        if (step.caret !== undefined) s.control(d).setSelectionRange(step.caret, step.caret);
	        if (typeof step === "string") await s.choose(d, step); else if (step.tag) await s.tag(d, step.tag); else type(s.control(d), step.type);
	        await until(() => log.length === n + 1);
	      }
	      const tags = [...d.querySelectorAll("select.integry-tag-menu option")].map((o) => o.value).filter(Boolean);
	      await wait(200);
	      d.remove();
	      out[name][who] = {Shown: shown, Log: log, Suggestions: suggestions, Tags: tags};
	    }
	  }
	  return out;
	})()`, &got)
	if len(got) != 11 {
		t.Fatalf("got %d cases, want 11", len(got))
	}
	for name, c := range got {
		t.Run(name, func(t *testing.T) {
			var a, b any
			if json.Unmarshal(c.Official.Log, &a) != nil || json.Unmarshal(c.Ours.Log, &b) != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("onChange calls:\n official %s\n ours     %s", c.Official.Log, c.Ours.Log)
			}
			if c.Official.Shown != c.Ours.Shown {
				t.Errorf("shown before a choice: official %q, ours %q", c.Official.Shown, c.Ours.Shown)
			}
			// Ours suggests the labels as the editable choice's text is typed.
			if want := []string{"Apple", "Banana", "Cherry"}; strings.Contains(name, "editable") && !reflect.DeepEqual(c.Ours.Suggestions, want) {
				t.Errorf("our editable choice suggests %q, want %q", c.Ours.Suggestions, want)
			}
			if want := []string{"{user.name}", "{user.tags.0}", "{user.tags.1}", "{id}"}; strings.Contains(name, "tag") && !reflect.DeepEqual(c.Ours.Tags, want) {
				t.Errorf("our tag menu offers %q, want %q", c.Ours.Tags, want)
			}
		})
	}
}

// renderMultipurposeField refuses what it cannot draw with a coded error
// naming the problem, and the instance goes on working: an unknown type,
// and a SELECT or RADIO whose endpointUrl is missing or is not a JSON array
// of {id, value} options (the official draws an empty list and logs a
// SyntaxError); a CHECKBOX with none gets Yes and No.
// The same page then checks when a text field has a tag menu.
func TestMultipurposeFieldRefusesBadInput(t *testing.T) {
	p := newPage(t)
	p.ok(`(window.mp = new IntegryJS(cfg("u-bad")), mp.ready)`, nil)
	p.ok(`(document.body.append(Object.assign(document.createElement("div"), {id: "mp-box"})), true)`, nil)
	render := func(props string) string {
		return `mp.renderMultipurposeField({containerId: "mp-box", multipurposeFieldProps: ` + props + `})`
	}
	p.rejects(render(`null`), "invalid_argument")
	for props, named := range map[string]string{
		`{type: "DATE"}`:   "DATE",
		`{}`:               "undefined",
		`{type: "SELECT"}`: "endpointUrl",
		`{type: "RADIO", endpointUrl: "https://example.com/options"}`: "endpointUrl",
		`{type: "SELECT", endpointUrl: "[]"}`:                         "endpointUrl",
		`{type: "SELECT", endpointUrl: '[{"value": "no id"}]'}`:       "endpointUrl",
	} {
		if e := p.rejects(render(props), "invalid_argument"); e != nil && !strings.Contains(e.Message, named) {
			t.Errorf("%s: the message does not name %s: %q", props, named, e.Message)
		}
	}
	p.ok(render(`{type: "CHECKBOX", fieldId: "agree"}`), nil)
	var shown []string
	p.ok(`[...document.querySelectorAll("#mp-box select[name=agree] option")].map((o) => o.text)`, &shown)
	if len(shown) != 3 || shown[1] != "Yes" || shown[2] != "No" {
		t.Errorf("a CHECKBOX without options offers %q, want the placeholder, Yes and No", shown)
	}
	// A text field has a tag menu only when mappable or allowTagsInText, as the official's.
	for props, want := range map[string]bool{`{}`: false, `{isMappable: true}`: true, `{allowTagsInText: true}`: true} {
		p.ok(`(document.getElementById("mp-box").replaceChildren(), true)`, nil)
		p.ok(render(`Object.assign({type: "TEXTFIELD", activityOutputData: {id: 7}}, `+props+`)`), nil)
		var menu bool
		p.ok(`!!document.querySelector("#mp-box select.integry-tag-menu")`, &menu)
		if menu != want {
			t.Errorf("a TEXTFIELD with %s has a tag menu: %v, want %v", props, menu, want)
		}
	}
}

// A choice rendered into a shadow root (a page node as containerId,
// docs/protocol.md#surface-container) gets its suggestions and its tag menu
// there, and the tag menu reports to onChange.
func TestMultipurposeChoiceInAShadowRoot(t *testing.T) {
	p := newPage(t)
	var got struct {
		Suggestions, Tags []string
		Log               json.RawMessage
	}
	p.ok(`(async () => {
	  const sdk = new IntegryJS(cfg("u-other"));
	  await sdk.ready;
	  const host = document.createElement("div"); document.body.append(host);
	  const root = host.attachShadow({mode: "open"}), log = [];
	  await sdk.renderMultipurposeField({containerId: root, multipurposeFieldProps: {title: "Fruit", type: "SELECT", isEditable: true, hideTabs: false,
	    endpointUrl: JSON.stringify([{id: "a", value: "Apple"}]), activityOutputData: {id: 7}, onChange: (...a) => log.push(a)}});
	  const menu = await until(() => root.querySelector("select.integry-tag-menu"));
	  menu.value = "{id}"; menu.dispatchEvent(new Event("change"));
	  const input = root.querySelector("input[type=text]");
	  return {Suggestions: [...root.getElementById(input.getAttribute("list")).options].map((o) => o.value),
	    Tags: [...menu.options].map((o) => o.value).filter(Boolean), Log: log};
	})()`, &got)
	if len(got.Suggestions) != 1 || got.Suggestions[0] != "Apple" {
		t.Errorf("suggestions in the shadow root: %q, want [Apple]", got.Suggestions)
	}
	if len(got.Tags) != 1 || got.Tags[0] != "{id}" {
		t.Errorf("tags in the shadow root: %q, want [{id}]", got.Tags)
	}
	if string(got.Log) != `[["{id}"]]` {
		t.Errorf("onChange calls: %s, want [[\"{id}\"]]", got.Log)
	}
}

// A TEXTAREA on both SDKs: the given value once mounted with true, then
// each typed text, multi-line and empty ones too, with undefined (logged
// as the string "undefined", which JSON would drop)
// (docs/protocol.md#surface-multipurpose-field).
func TestMultipurposeTextAreaEqualsTheOfficial(t *testing.T) {
	p := newPageWith(t, pageOptions{Official: true})
	var got struct{ Official, Ours json.RawMessage }
	p.ok(`(async () => {
	  const off = new Official(cfg("u-other")), ours = new IntegryJS(cfg("u-other"));
	  await Promise.all([new Promise((r) => off.eventEmitter.on("ready", r)), ours.ready]);
	  const run = async (sdk) => {
	    const d = document.createElement("div"); d.id = "mp-" + Math.random().toString(36).slice(2); document.body.append(d);
	    const log = [];
	    sdk.renderMultipurposeField({containerId: d.id, multipurposeFieldProps: {title: "Notes", description: "", placeholder: "Write",
	      value: "first", type: "TEXTAREA", onChange: (...a) => log.push(a.length === 2 && a[1] === undefined ? [a[0], "undefined"] : a)}});
	    const area = await until(() => log.length === 1 && d.querySelector("textarea"));
	    for (const text of ["two\nlines", ""]) {
	      const n = log.length;
	      area.focus(); area.value = text;
	      area.dispatchEvent(new Event("input", {bubbles: true})); area.dispatchEvent(new KeyboardEvent("keyup", {key: "a", bubbles: true}));
	      await until(() => log.length === n + 1);
	    }
	    await wait(200);
	    d.remove();
	    return log;
	  };
	  return {Official: await run(off), Ours: await run(ours)};
	})()`, &got)
	var a, b any
	if json.Unmarshal(got.Official, &a) != nil || json.Unmarshal(got.Ours, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("TEXTAREA onChange calls:\n official %s\n ours     %s", got.Official, got.Ours)
	}
}

// A mappable text field's tag menu offers activityOutputData's leaves as the
// official's Fields tree does, array items by index; a tag chosen is
// appended to the text and reported as typing is, onChange(text, undefined)
// (docs/protocol.md#surface-multipurpose-field).
func TestMultipurposeTextFieldTags(t *testing.T) {
	p := newPage(t)
	var got struct {
		Tags  []string
		Value string
		Log   json.RawMessage
	}
	p.ok(`(async () => {
	  const sdk = new IntegryJS(cfg("u-other"));
	  await sdk.ready;
	  const d = document.createElement("div"); document.body.append(d);
	  const log = [];
	  await sdk.renderMultipurposeField({containerId: d, multipurposeFieldProps: {title: "Note", type: "TEXTFIELD", value: "a", isMappable: true,
	    activityOutputData: {list: ["x", "y"], deep: {a: {b: {c: {d: 1}}}}}, onChange: (...a) => log.push(a.length === 2 && a[1] === undefined ? [a[0], "undefined"] : a)}});
	  const menu = await until(() => d.querySelector("select.integry-tag-menu"));
	  menu.value = "{list.1}"; menu.dispatchEvent(new Event("change"));
	  await until(() => log.length === 2);
	  return {Tags: [...menu.options].map((o) => o.value).filter(Boolean), Value: d.querySelector("input[type=text]").value, Log: log};
	})()`, &got)
	if want := []string{"{list.0}", "{list.1}", "{deep.a.b.c.d}"}; !reflect.DeepEqual(got.Tags, want) {
		t.Errorf("tags %q, want %q", got.Tags, want)
	}
	if got.Value != "a{list.1}" {
		t.Errorf("the field shows %q after the tag, want a{list.1}", got.Value)
	}
	if string(got.Log) != `[["a",true],["a{list.1}","undefined"]]` {
		t.Errorf("onChange calls %s, want the value once loaded, then the text with the tag", got.Log)
	}
}
