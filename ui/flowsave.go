package ui

import (
	"strconv"

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
			tf := s.st.Fields[j]
			v := tf.Default // a hidden field sends its value, as the official form does
			if fl != nil {
				v = fl.Text()
			} else if tf.HasSaved {
				v = tf.Saved
			}
			ss.Values = append(ss.Values, sdk.SetupValue{FieldID: tf.ID, Value: v})
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
		f.emitStep(0, "CONFIRMATION")
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
	hook, name, obj := f.webhookObject()
	var values []string
	for i, s := range f.steps {
		for _, v := range setup.Steps[i].Values {
			if s != hook {
				values = append(values, v.Value)
			}
		}
	}
	mapped := mappedObject(values, name, obj) // first: it may write into obj, as the official's does
	return payload("integrationId", in.ID, "name", in.Name, "templateId", in.TemplateID, "flowId", in.TemplateID,
		"status", in.Status, "callbackUrl", nil, "callbackUrlArray", nil, "authorizations", rawJSON(auths),
		"steps", rawJSON(setup.StepsJSON()), "event", event, "object", rawJSON(obj.JSON()),
		"mappedObject", rawJSON(mapped), "flowDescription", f.tpl.Description,
		"flowName", f.tpl.Name, "brandingApp", brand)
}
