package ui

import (
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// Saving the integration (docs/flows.md#save, #events): the body Save
// sends, and the official did-save-integration payload.

// setup is what Save sends.
func (f *FlowSetup) setup() *sdk.IntegrationSetup {
	in := &sdk.IntegrationSetup{ID: f.o.IntegrationID, Name: f.name, TemplateID: f.tpl.ID}
	for _, s := range f.steps {
		ss := sdk.SetupStep{ID: s.st.ID, TemplateStepID: s.st.ID, AccountID: s.account, Values: []sdk.SetupValue{}}
		if s.st.StepInstanceID > 0 {
			ss.ID = s.st.StepInstanceID
		}
		for j, fl := range s.fields {
			if fl != nil {
				ss.Values = append(ss.Values, sdk.SetupValue{FieldID: s.st.Fields[j].ID, Value: fl.Text()})
			}
		}
		in.Steps = append(in.Steps, ss)
	}
	return in
}

// save sends the integration on a goroutine and, once saved, emits
// did-save-integration and integration-created. Lock held.
func (f *FlowSetup) save() {
	f.saving = true
	f.view.submit.SetAttr("disabled", "")
	f.status.SetText(f.s.T("flow_saving"))
	setup := f.setup()
	spawn(f.env.Events, "the flow setup's save", func() {
		in, err := f.api.SaveIntegration(f.ctx, setup)
		if f.ctx.Err() != nil {
			return
		}
		if err != nil {
			defer f.w.lock()()
			f.saving = false
			f.view.submit.RemoveAttr("disabled")
			f.status.SetText(f.s.T("flow_save_error", "error", sdk.AsError(err).Message))
			return
		}
		p := f.savedPayload(setup, in)
		_, raw, lerr := f.api.ListFlows(f.ctx, nil)
		defer f.w.lock()()
		f.emit(EventDidSaveIntegration, p)
		f.emit(EventIntegrationCreated, p)
		f.emit(EventDidChangeStep, payload("stepId", nil, "stepType", "CONFIRMATION"))
		if lerr == nil {
			f.emit(EventDidLoadFlows, payload("flows", raw))
		}
		if f.closed {
			return
		}
		if f.modal != nil {
			f.destroyLocked()
			return
		}
		f.clearPage()
		f.saving = false
		f.status.SetText(f.s.T("flow_saved", "name", in.Name))
		close(f.done)
		f.closed = true
		f.cancel()
	}, func() {
		defer f.w.lock()()
		f.saving = false
		if f.view != nil {
			f.view.submit.RemoveAttr("disabled")
		}
	})
}

// savedPayload is the official did-save-integration payload
// (docs/flows.md#events).
func (f *FlowSetup) savedPayload(setup *sdk.IntegrationSetup, in *sdk.Integration) sdk.Doc {
	var auths []byte
	auths = append(auths, '[')
	n := 0
	for _, s := range f.steps {
		for _, a := range s.st.Accounts {
			if a.ID != s.account || s.account == 0 {
				continue
			}
			if n > 0 {
				auths = append(auths, ',')
			}
			n++
			auths = append(auths, `{"authorizationId":`...)
			auths = strconv.AppendInt(auths, a.ID, 10)
			auths = append(auths, `,"userIdentity":`...)
			auths = jsonx.AppendString(auths, a.Identity)
			auths = append(auths, `,"isBrandingAppAuth":`...)
			auths = strconv.AppendBool(auths, s.st.App.ID == f.tpl.BrandingApp.ID)
			auths = append(auths, '}')
		}
	}
	auths = append(auths, ']')
	event := "CREATE"
	if f.o.IntegrationID > 0 {
		event = "EDIT"
	}
	var brand any = nil
	if f.tpl.BrandingApp.Doc != nil {
		brand = f.tpl.BrandingApp.Doc
	}
	return payload("integrationId", in.ID, "name", in.Name, "templateId", in.TemplateID, "flowId", in.TemplateID,
		"status", in.Status, "callbackUrl", nil, "callbackUrlArray", nil, "authorizations", rawJSON(auths),
		"steps", rawJSON(setup.StepsJSON()), "event", event, "object", rawJSON("{}"),
		"mappedObject", rawJSON(mappedObject(setup)), "flowDescription", f.tpl.Description,
		"flowName", f.tpl.Name, "brandingApp", brand)
}

// mappedObject is the official payload's mappedObject without a payloads
// config: every tag the values use, as nested objects under "object", with
// no leaf values (docs/flows.md#events).
func mappedObject(setup *sdk.IntegrationSetup) []byte {
	type node struct {
		keys []string
		kids map[string]*node
	}
	root := &node{kids: map[string]*node{}}
	for _, st := range setup.Steps {
		for _, v := range st.Values {
			rest := v.Value
			for {
				i := strings.IndexByte(rest, '{')
				if i < 0 {
					break
				}
				j := strings.IndexByte(rest[i:], '}')
				if j < 0 {
					break
				}
				parts := strings.Split(rest[i+1:i+j], ".")
				rest = rest[i+j+1:]
				n := root
				for _, p := range parts[:len(parts)-1] {
					if p == "" {
						continue
					}
					k := n.kids[p]
					if k == nil {
						k = &node{kids: map[string]*node{}}
						n.kids[p] = k
						n.keys = append(n.keys, p)
					}
					n = k
				}
			}
		}
	}
	var enc func(b []byte, n *node) []byte
	enc = func(b []byte, n *node) []byte {
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, k)
			b = append(b, ':')
			b = enc(b, n.kids[k])
		}
		return append(b, '}')
	}
	return append(enc([]byte(`{"object":`), root), '}')
}
