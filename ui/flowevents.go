package ui

import (
	"strconv"

	"github.com/integry-go/integry/internal/jsonx"
	"github.com/integry-go/integry/sdk"
)

// The flow events and their payloads (docs/flows.md#events): the setup
// form queues them and emits them in order, never with its lock held.

// The flow events this SDK emits (docs/flows.md#events).
const (
	EventDidLoadFlows           sdk.Event = "did-load-flows"
	EventDidLoadFlow            sdk.Event = "did-load-flow"
	EventDidLoadIntegration     sdk.Event = "did-load-integration"
	EventDidSelectAuthorization sdk.Event = "did-select-authorization"
	EventDidChangeStep          sdk.Event = "did-change-step"
	EventDidSaveIntegration     sdk.Event = "did-save-integration"
	EventIntegrationCreated     sdk.Event = "integration-created"
	EventDidEnableIntegration   sdk.Event = "did-enable-integration"
	EventDidDisableIntegration  sdk.Event = "did-disable-integration"
	EventDidRenameIntegration   sdk.Event = "did-rename-integration"
	EventDidDeleteIntegration   sdk.Event = "did-delete-integration"
	EventDidAddAuthorization    sdk.Event = "did-add-authorization"
)

// FlowEvents are the events above, for the instance to forward to the page.
var FlowEvents = []sdk.Event{EventDidLoadFlows, EventDidLoadFlow, EventDidLoadIntegration, EventDidSelectAuthorization, EventDidChangeStep,
	EventDidSaveIntegration, EventIntegrationCreated, EventDidEnableIntegration, EventDidDisableIntegration,
	EventDidRenameIntegration, EventDidDeleteIntegration, sdk.EventEmbedWarning, EventDidAddAuthorization}

type flowEvent struct {
	name sdk.Event
	p    sdk.Doc
}

// emit queues an event and starts its emitting. Events leave in order, never
// with the widget's lock held: a page handler may touch the form
// (docs/design.md#deadlock-rule). Lock held.
func (f *FlowSetup) emit(name sdk.Event, p sdk.Doc) {
	f.queue = append(f.queue, flowEvent{name, p})
	if len(f.queue) == 1 {
		spawn(f.env.Events, "the flow setup's events", f.flush, nil)
	}
}

// emitStep emits did-change-step for step id of type typ (AUTH,
// CONFIGURATION; 0 for the confirmation, whose stepId is null). Lock held.
func (f *FlowSetup) emitStep(id int64, typ string) {
	var v any
	if id != 0 {
		v = id
	}
	f.emit(EventDidChangeStep, payload("stepId", v, "stepType", typ))
}

// emitAccount emits did-select-authorization for the account id. Lock held.
func (f *FlowSetup) emitAccount(id int64) {
	f.emit(EventDidSelectAuthorization, payload("authorizationId", id))
}

func (f *FlowSetup) flush() {
	f.emitMu.Lock()
	defer f.emitMu.Unlock()
	for {
		unlock := f.w.lock()
		q := f.queue
		f.queue = nil
		unlock()
		if len(q) == 0 {
			return
		}
		for _, e := range q {
			f.env.emit(e.name, e.p)
		}
	}
}

// rawJSON is JSON text a payload holds as it is.
type rawJSON []byte

// payload builds an event payload from name, value pairs: strings, int64,
// bool, nil, sdk.Doc and rawJSON.
func payload(pairs ...any) sdk.Doc {
	b := []byte{'{'}
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, pairs[i].(string))
		b = append(b, ':')
		b = appendValue(b, pairs[i+1])
	}
	d, err := sdk.ParseDoc(append(b, '}'))
	if err != nil {
		panic("ui: an event payload is not JSON: " + err.Error())
	}
	return d
}

func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return jsonx.AppendString(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case bool:
		return strconv.AppendBool(b, x)
	case rawJSON:
		return append(b, x...)
	case sdk.Doc:
		if x == nil {
			return append(b, "null"...)
		}
		return append(b, x.JSON()...)
	}
	panic("ui: no JSON form for an event payload's value")
}
