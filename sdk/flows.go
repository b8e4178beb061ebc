package sdk

import (
	"context"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// Flows are templates an end user sets up once, with a multi-step form, into
// an integration (docs/flows.md). These are the reads and the save the
// setup form and the flows list make, with the requests and shapes of the
// official browser runtime (docs/flows.md#endpoints); the integration
// calls a server needs are in integrations.go.

// Flow is a template as a list of flows shows it: its name, the app its
// trigger comes from (the branding app) and the user's integrations of it.
// Doc is the flow as the server sent it.
type Flow struct {
	ID          int64
	Name        string
	Description string
	BrandingApp FlowApp
	Instances   []FlowInstance // newest first
	Doc         Doc
}

// FlowApp is an app as flows name it: the branding app of a flow, or the
// app of a setup step.
type FlowApp struct {
	ID      int64
	Name    string // the app's title, as shown
	IconURL string
	Doc     Doc
}

// FlowInstance is one of the user's integrations in a list of flows.
type FlowInstance struct {
	ID            int64
	Name          string
	Status        string // IntegrationActive or IntegrationInactive
	LastRunStatus string
}

// Template is a flow with the IDs of its setup steps, the first read of
// the setup form. Doc is the template as the server sent it.
type Template struct {
	Flow
	Steps []TemplateStepRef
}

// TemplateStepRef names a step of a template; the form reads each one with
// [Client.GetTemplateStep].
type TemplateStepRef struct {
	ID          int64
	Title       string
	MachineName string // trigger, action_1, …: the name tags use
}

// Step types of [TemplateStep].
const (
	StepTrigger = "TRIGGER"
	StepAction  = "ACTION"
)

// TemplateStep is one step of the setup form: its app, the user's accounts
// of that app and the fields the user fills in. With an integration, the
// integration's step and saved account and values are filled in.
type TemplateStep struct {
	ID           int64
	Title        string
	MachineName  string
	Type         string // StepTrigger or StepAction
	ActivityName string // the trigger's or the action's title
	App          FlowApp
	AuthRequired bool
	Accounts     []FlowAccount
	Fields       []TemplateField
	// Output is the trigger's sample data (activity_output, an object, or
	// JSON text): the tags the form offers. Nil when the step has none.
	Output Doc
	// StepInstanceID and AccountID are the integration's step and its
	// account, when the step was read for an integration; else 0.
	StepInstanceID int64
	AccountID      int64
	// Provider is the app's name for connecting an account from the form
	// (authorization_type.provider; "" when the server does not say).
	Provider string
	Doc      Doc
}

// FlowAccount is one of the user's accounts a step offers.
type FlowAccount struct {
	ID       int64
	Identity string
}

// TemplateField is one field of a setup step.
type TemplateField struct {
	ID          int64
	Title       string
	Description string
	Type        string // activity_field.type, else type: TEXTFIELD, TEXTAREA, SELECT, …
	MachineName string // the action's parameter
	Required    bool
	Visible     bool
	Mappable    bool // tags allowed
	Default     string
	// Saved is the integration's value, when the step was read for one and
	// the field has a value (HasSaved).
	Saved    string
	HasSaved bool
	// DataSrc is activity_field.data_src: with Dynamic (is_dynamic), the
	// URL a SELECT's options are read from, asked with the step's account
	// and the values of the Parents (parent_fields, machine names of the
	// step's fields) (docs/flows.md#dynamic-fields).
	DataSrc string
	Dynamic bool
	Parents []string
}

// ListFlowsOptions filter [Client.ListFlows].
type ListFlowsOptions struct {
	// Tags keeps the flows with one of these tags: the query parameter
	// tags=a,b, on both listings (docs/flows.md#endpoints).
	Tags []string
	// App keeps the flows that use this app (its name or numeric ID):
	// GET {baseUrl}/api/v1/sdk/apps/{app}/flows/?Q[&tags=…], the official getAppFlows.
	App string
	// AuthorizationID, with App, keeps the integrations that use this
	// account of the app on one of their steps (the official app page's
	// account picker): &authorization_id=….
	AuthorizationID int64
}

// ListFlows returns every flow the user may set up, with the user's
// integrations of each.
//
// Wire: GET {baseUrl}/api/v1/sdk/flows/?Q&page_size=9999&show_draft=true[&tags=…][&deployment_id=…]
// (docs/flows.md#endpoints).
func (c *Client) ListFlows(ctx context.Context, opts *ListFlowsOptions) ([]Flow, Doc, error) {
	if opts != nil && opts.App != "" {
		r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "sdk", "apps", opts.App, "flows"))
		if len(opts.Tags) > 0 {
			r.query.add("tags", strings.Join(opts.Tags, ","))
		}
		if opts.AuthorizationID > 0 {
			r.query.add("authorization_id", strconv.FormatInt(opts.AuthorizationID, 10))
		}
		r.idempotent = true
		return c.flows(ctx, r)
	}
	r := c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "sdk", "flows")
	r = c.creds(r)
	r.query.add("page_size", strconv.Itoa(WholeListPageSize))
	r.query.add("show_draft", "true")
	if opts != nil && len(opts.Tags) > 0 {
		r.query.add("tags", strings.Join(opts.Tags, ","))
	}
	r.query.addIf("deployment_id", c.cfg.DeploymentID)
	r.idempotent = true
	return c.flows(ctx, r)
}

// flows sends a request for a list of flows and reads it.
func (c *Client) flows(ctx context.Context, r *request) ([]Flow, Doc, error) {
	d, err := c.send(ctx, r, 0)
	if err != nil {
		return nil, nil, err
	}
	list := d
	if d != nil && d.Kind() == KindObject { // a page: {count, results}
		list = d.Get("results")
	}
	if list == nil || list.Kind() != KindArray {
		return nil, nil, errShape("the flows are not a JSON array")
	}
	out := make([]Flow, 0, list.Len())
	for i := range list.Len() {
		f, err := decodeFlow(list.Index(i))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, *f)
	}
	return out, list, nil
}

// FlowAppCounts returns, for each app of the flows marketplace, the number
// of flows that use it, by the app's name (app_name). It reads the first
// page of up to 100 apps. With tags, the apps are those of the flows with
// any of the tags, sent as the official marketplace sends them
// (docs/protocol.md#surface-options).
//
// Wire: GET {baseUrl}/api/v1/sdk/flow-apps/?Q[&tags=a,b]&page_size=100 (docs/protocol-additions.md#flow-apps).
func (c *Client) FlowAppCounts(ctx context.Context, tags ...string) (map[string]int, error) {
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "sdk", "flow-apps"))
	if len(tags) > 0 {
		r.query.add("tags", strings.Join(tags, ","))
	}
	r.query.add("page_size", "100")
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	err = eachOf(d, "results", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("a flow app is not a JSON object")
		}
		n, _ := intOf(e.Get("flows_count"))
		if name := text(e, "app_name"); name != "" && n > 0 {
			out[name] = int(n)
		}
		return nil
	})
	return out, err
}

// GetTemplate returns a flow with its steps: the setup form's first read.
//
// Wire: GET {baseUrl}/v2/template/{id}/?Q[&self_api_key=…][&self_auth_extras=…]
// (docs/flows.md#template-object, #user-variables).
func (c *Client) GetTemplate(ctx context.Context, id int64) (*Template, error) {
	if id <= 0 {
		return nil, InvalidArgument("a flow's id must be a positive integer")
	}
	r := c.selfAuth(c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "v2", "template", strconv.FormatInt(id, 10))))
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	f, err := decodeFlow(d)
	if err != nil {
		return nil, err
	}
	t := &Template{Flow: *f, Steps: []TemplateStepRef{}}
	err = eachOf(d, "steps", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("a template's step is not a JSON object")
		}
		st := TemplateStepRef{Title: text(e, "title"), MachineName: text(e, "machine_name")}
		var ok bool
		if st.ID, ok = intOf(e.Get("id")); !ok {
			return errShape("a template step's id is not an integer")
		}
		t.Steps = append(t.Steps, st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// GetTemplateStep returns one step of the setup form; with an integration
// ID (not 0), with that integration's account and values.
//
// Wire: GET {baseUrl}/template_step/{id}/?Q[&self_api_key=…][&self_auth_extras=…][&integration_id=…]
// (docs/flows.md#step-object, #user-variables).
func (c *Client) GetTemplateStep(ctx context.Context, id, integrationID int64) (*TemplateStep, error) {
	if id <= 0 {
		return nil, InvalidArgument("a template step's id must be a positive integer")
	}
	r := c.selfAuth(c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "template_step", strconv.FormatInt(id, 10))))
	if integrationID > 0 {
		r.query.add("integration_id", strconv.FormatInt(integrationID, 10))
	}
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	return decodeTemplateStep(d)
}

// IntegrationSetup is what the setup form saves: a new integration of a
// template (ID 0) or the new values of an existing one.
type IntegrationSetup struct {
	ID         int64 // 0 creates
	Name       string
	TemplateID int64
	Steps      []SetupStep
	// Inactive saves the integration disabled (the official config's
	// defaultIntegrationStatus); the zero value enables it.
	Inactive bool
}

// SetupStep is one step of an [IntegrationSetup].
type SetupStep struct {
	ID             int64 // the integration's step when editing, else the template step's ID
	TemplateStepID int64
	AccountID      int64 // 0 for none
	Values         []SetupValue
}

// SetupValue is the value of one field; it may hold tags.
type SetupValue struct {
	FieldID int64
	Value   string
}

// StepsJSON is the steps as the save body sends them and as the
// did-save-integration event reports them (docs/flows.md#save).
func (s *IntegrationSetup) StepsJSON() []byte {
	b := []byte{'['}
	for i, st := range s.Steps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, st.ID, 10)
		b = append(b, `,"authorization":`...)
		if st.AccountID > 0 {
			b = strconv.AppendInt(b, st.AccountID, 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"template_step":`...)
		b = strconv.AppendInt(b, st.TemplateStepID, 10)
		b = append(b, `,"app_user_data":[`...)
		for j, v := range st.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = strconv.AppendInt(b, v.FieldID, 10)
			b = append(b, `,"value":`...)
			b = jsonx.AppendString(b, v.Value)
			b = append(b, `,"template_field":`...)
			b = strconv.AppendInt(b, v.FieldID, 10)
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	return append(b, ']')
}

// body is the save request's body (docs/flows.md#save).
func (s *IntegrationSetup) body() []byte {
	b := jsonx.AppendString([]byte(`{"name":`), s.Name)
	b = append(b, `,"notification_email":"","template":`...)
	b = strconv.AppendInt(b, s.TemplateID, 10)
	b = append(b, `,"bundle_id":-1,"parameters":{},"steps":`...)
	b = append(b, s.StepsJSON()...)
	if s.ID > 0 { // an edit names the integration, as a string
		b = append(b, `,"id":"`...)
		b = strconv.AppendInt(b, s.ID, 10)
		b = append(b, '"')
	}
	return append(b, '}')
}

// SaveIntegration creates the integration (s.ID 0) or replaces the values
// and accounts of an existing one, and returns it as the server stored it.
// A value the server refuses is invalid_argument with the server's
// per-step problems in Details.
//
// Wire: POST {baseUrl}/v2/integration/?Q&async=false&activate=…, or PUT
// {baseUrl}/v2/integration/{id}/?Q&async=false&activate=… (docs/flows.md#save).
func (c *Client) SaveIntegration(ctx context.Context, s *IntegrationSetup) (*Integration, error) {
	if s == nil || s.TemplateID <= 0 {
		return nil, InvalidArgument("an integration needs its flow's id")
	}
	if s.ID < 0 {
		return nil, InvalidArgument("an integration's id must be a positive integer")
	}
	var r *request
	if s.ID == 0 {
		r = c.newRequest("POST", c.cfg.BaseURL, true, "v2", "integration")
	} else {
		r = c.newRequest("PUT", c.cfg.BaseURL, true, "v2", "integration", strconv.FormatInt(s.ID, 10))
	}
	r = c.creds(r)
	r.query.add("async", "false")
	r.query.add("activate", strconv.FormatBool(!s.Inactive))
	r.jsonBody(s.body())
	return c.integration(ctx, r)
}

// decodeFlow reads a flow (docs/flows.md#flow-object).
func decodeFlow(d Doc) (*Flow, error) {
	if d == nil || d.Kind() != KindObject {
		return nil, errShape("a flow is not a JSON object")
	}
	id, ok := intOf(d.Get("id"))
	if !ok {
		return nil, errShape("a flow's id is not an integer")
	}
	f := &Flow{ID: id, Name: text(d, "name"), Description: text(d, "description"),
		BrandingApp: decodeFlowApp(d.Get("branding_app")), Instances: []FlowInstance{}, Doc: d}
	err := eachOf(d, "instances", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("a flow's instance is not a JSON object")
		}
		in := FlowInstance{Name: text(e, "name"), Status: text(e, "status"), LastRunStatus: text(e, "last_run_status")}
		in.ID, _ = intOf(e.Get("id"))
		f.Instances = append(f.Instances, in)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func decodeFlowApp(d Doc) FlowApp {
	if d == nil || d.Kind() != KindObject {
		return FlowApp{}
	}
	a := FlowApp{Name: text(d, "name"), IconURL: text(d, "icon_url"), Doc: d}
	a.ID, _ = intOf(d.Get("id"))
	return a
}

// decodeTemplateStep reads a setup step (docs/flows.md#step-object).
func decodeTemplateStep(d Doc) (*TemplateStep, error) {
	id, ok := intOf(d.Get("id"))
	if !ok {
		return nil, errShape("a template step's id is not an integer")
	}
	st := &TemplateStep{ID: id, Title: text(d, "title"), MachineName: text(d, "machine_name"),
		Accounts: []FlowAccount{}, Fields: []TemplateField{}, Doc: d}
	st.StepInstanceID, _ = intOf(d.Get("step_instance"))
	st.AccountID, _ = intOf(d.Get("step_authorization"))
	if a := d.Get("activity"); a != nil && a.Kind() == KindObject {
		st.Type, st.ActivityName = text(a, "type"), text(a, "name")
		st.App = decodeFlowApp(a.Get("app"))
		st.AuthRequired = text(a, "auth_required") == "true"
		switch out := a.Get("activity_output"); {
		case out == nil:
		case out.Kind() == KindObject || out.Kind() == KindArray:
			st.Output = out
		case out.Kind() == KindString && out.Text() != "": // the step schema's JSON text
			if v, err := ParseDoc([]byte(out.Text())); err == nil {
				st.Output = v
			}
		}
	}
	if at := d.Get("authorization_type"); at != nil && at.Kind() == KindObject {
		err := eachOf(at, "authorizations", func(e Doc) error {
			if e == nil || e.Kind() != KindObject {
				return errShape("an authorization is not a JSON object")
			}
			acc := FlowAccount{Identity: text(e, "user_identity")}
			acc.ID, _ = intOf(e.Get("id"))
			st.Accounts = append(st.Accounts, acc)
			return nil
		})
		if err != nil {
			return nil, err
		}
		st.Provider = text(at, "provider")
		if app := at.Get("app"); app != nil && st.App.Name == "" {
			st.App = decodeFlowApp(app)
		}
	}
	err := eachOf(d, "template_fields", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("a template field is not a JSON object")
		}
		f := TemplateField{Title: text(e, "title"), Description: text(e, "description"), Type: text(e, "type"),
			Required: text(e, "is_required") == "true", Visible: text(e, "is_visible") != "false",
			Mappable: text(e, "is_mappable") == "true", Default: text(e, "default_value")}
		var ok bool
		if f.ID, ok = intOf(e.Get("id")); !ok {
			return errShape("a template field's id is not an integer")
		}
		if af := e.Get("activity_field"); af != nil && af.Kind() == KindObject {
			f.MachineName = text(af, "machine_name")
			if t := text(af, "type"); t != "" {
				f.Type = t // what the official form's field switch reads first
			}
			f.DataSrc, f.Dynamic = text(af, "data_src"), text(af, "is_dynamic") == "true"
			f.Parents = parentFields(text(af, "parent_fields"))
		}
		if saved := e.Get("app_user_data"); saved != nil && saved.Kind() == KindArray && saved.Len() > 0 {
			if v := saved.Index(0); v != nil && v.Kind() == KindObject {
				f.Saved, f.HasSaved = text(v, "value"), true
			}
		}
		st.Fields = append(st.Fields, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// parentFields reads activity_field.parent_fields: a JSON list of machine
// names, as text (`["workspace", "project"]`); anything else is none.
// Machine names need no escapes, so the list is split, not parsed: the
// names are the runs between brackets, quotes, commas and spaces.
func parentFields(s string) []string {
	var out []string
	word, open := -1, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case !open && c == '[':
			open = true
		case !open && c != ' ':
			return nil // not a list
		case c == '[' || c == ']' || c == '"' || c == ',' || c == ' ':
			if word >= 0 {
				out = append(out, s[word:i])
				word = -1
			}
		case word < 0:
			word = i
		}
	}
	return out
}
