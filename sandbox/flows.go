package sandbox

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Flow templates: a trigger from one app and one or more actions, each
// action a catalog function whose fields the end user fills in, with tags
// that map trigger data (and earlier actions' outputs) into them. The
// sandbox keeps templates as data under catalog/flows/ and answers the
// official runtime's template reads in the shapes it reads
// (docs/flows.md#templates).

//go:embed catalog/flows/*.json
var embeddedFlows embed.FS

// FlowTemplate is one template as the sandbox's data describes it.
type FlowTemplate struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Tags        []string     `json:"tags"`
	Trigger     FlowTrigger  `json:"trigger"`
	Actions     []FlowAction `json:"actions"`

	app   *CatalogApp // the trigger's app: the flow's branding app
	steps []*flowStep
}

// FlowTrigger is the event that starts a flow.
type FlowTrigger struct {
	App   string `json:"app"`
	Event string `json:"event"`
	Title string `json:"title"`
	// FiredBy names the catalog function whose successful call is the
	// provider event: a run starts when it succeeds on the account the
	// integration's trigger step uses.
	FiredBy string `json:"fired_by,omitempty"`
	// DataPath picks the trigger data out of that call's output ("" is
	// the whole output).
	DataPath string          `json:"data_path,omitempty"`
	Sample   json.RawMessage `json:"sample"`
	// WebhookObject, when set, names the object the trigger's data is
	// (an order your app sends, say): the trigger step then has a hidden
	// integry_webhook_object field whose payload is Sample, the setup form
	// offers the object's paths as bare tags ({customer.email}), and runs
	// resolve them from the trigger data (docs/flows.md#payloads).
	WebhookObject string `json:"webhook_object,omitempty"`
}

// webhookObjectField is the machine name of the template field that
// describes a trigger's webhook object.
const webhookObjectField = "integry_webhook_object"

// FlowAction is one action step: a catalog function and the fields the
// setup form asks for.
type FlowAction struct {
	Function string      `json:"function"`
	Title    string      `json:"title"`
	Fields   []FlowField `json:"fields"`
}

// FlowField is one field of an action: a parameter of its function.
type FlowField struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Default     string `json:"default"`
	Description string `json:"description"`
	// Type is "" for a text field, or "SELECT": a dropdown whose options
	// the sandbox reads from Options (docs/flows.md#dynamic-fields).
	Type    string       `json:"type,omitempty"`
	Options *FlowOptions `json:"options,omitempty"`
}

// FlowOptions is where a SELECT field's options come from: a catalog
// function of the step's app, called on the account the step uses, whose
// output is a list; each item gives an option's ID (the value saved) and
// its label through key paths.
type FlowOptions struct {
	Function string         `json:"function"`
	Args     map[string]any `json:"args,omitempty"`
	ID       string         `json:"id"`    // key path of an item's ID
	Label    string         `json:"label"` // key path of an item's label

	fn *CatalogFunction
}

// flowStep is a template step with the IDs the official shapes carry.
type flowStep struct {
	id          int64
	index       int    // 0 is the trigger
	machineName string // "trigger", "action_1", …: the tag prefix steps.<machine_name>
	title       string
	app         *CatalogApp
	fn          *CatalogFunction // nil for the trigger
	fields      []flowStepField
}

type flowStepField struct {
	id       int64
	field    FlowField
	required bool
	hidden   bool // not shown: the trigger's webhook object
	step     *flowStep
}

// templateStepID and the field IDs derive from the template's: step i of
// template t is t*10+i, field j of step s is s*100+j+1.
func templateStepID(t int64, i int) int64 { return t*10 + int64(i) }

// flowCatalog is the templates whose apps and functions a catalog has.
type flowCatalog struct {
	list []*FlowTemplate
	byID map[int64]*FlowTemplate
	step map[int64]*flowStep
}

var (
	flowsMu    sync.Mutex
	flowsByCat = map[*catalog]*flowCatalog{}
)

// flows returns the templates for the server's catalog, loading them once;
// a template that names an app or function the catalog lacks is left out.
func (s *Server) flows() *flowCatalog {
	flowsMu.Lock()
	defer flowsMu.Unlock()
	if fc := flowsByCat[s.cat]; fc != nil {
		return fc
	}
	fc, err := loadFlows(s.cat)
	if err != nil {
		// The embedded templates are checked by a test; a custom catalog
		// without their apps simply has fewer flows.
		s.log.Warn("flow templates", "err", err)
	}
	flowsByCat[s.cat] = fc
	return fc
}

func loadFlows(c *catalog) (*flowCatalog, error) {
	fc := &flowCatalog{byID: map[int64]*FlowTemplate{}, step: map[int64]*flowStep{}}
	files, err := fs.Glob(embeddedFlows, "catalog/flows/*.json")
	if err != nil {
		return fc, err
	}
	slices.Sort(files)
	var errs []string
	for _, f := range files {
		b, err := fs.ReadFile(embeddedFlows, f)
		if err != nil {
			return fc, err
		}
		var t FlowTemplate
		if err := json.Unmarshal(b, &t); err != nil {
			return fc, fmt.Errorf("%s: %w", f, err)
		}
		if err := t.resolve(c); err != nil {
			errs = append(errs, f+": "+err.Error())
			continue
		}
		if fc.byID[t.ID] != nil {
			return fc, fmt.Errorf("%s: template %d twice", f, t.ID)
		}
		fc.list = append(fc.list, &t)
		fc.byID[t.ID] = &t
		for _, st := range t.steps {
			fc.step[st.id] = st
		}
	}
	if errs != nil {
		return fc, fmt.Errorf("left out: %s", strings.Join(errs, "; "))
	}
	return fc, nil
}

// resolve links the template to the catalog and numbers its steps.
func (t *FlowTemplate) resolve(c *catalog) error {
	t.app = c.byApp[t.Trigger.App]
	if t.app == nil {
		return fmt.Errorf("trigger app %q is not in the catalog", t.Trigger.App)
	}
	if t.Trigger.FiredBy != "" && c.byFn[t.Trigger.FiredBy] == nil {
		return fmt.Errorf("trigger function %q is not in the catalog", t.Trigger.FiredBy)
	}
	if len(t.Actions) == 0 {
		return fmt.Errorf("no actions")
	}
	trigger := &flowStep{id: templateStepID(t.ID, 0), machineName: "trigger", title: t.Trigger.Title, app: t.app}
	if name := t.Trigger.WebhookObject; name != "" {
		if !isObject(t.Trigger.Sample) {
			return fmt.Errorf("webhook object %q: the trigger's sample is its payload and must be an object", name)
		}
		// The field's value is JSON text naming the object and giving its
		// payload as JSON text, as the official runtime reads it.
		def, _ := json.Marshal(map[string]string{"name": name, "payload": string(t.Trigger.Sample)})
		trigger.fields = []flowStepField{{id: trigger.id*100 + 1, hidden: true, step: trigger,
			field: FlowField{Name: webhookObjectField, Title: "Webhook object", Default: string(def)}}}
	}
	t.steps = []*flowStep{trigger}
	for i, a := range t.Actions {
		fn := c.byFn[a.Function]
		if fn == nil {
			return fmt.Errorf("action function %q is not in the catalog", a.Function)
		}
		st := &flowStep{id: templateStepID(t.ID, i+1), index: i + 1, machineName: "action_" + strconv.Itoa(i+1), title: a.Title, app: fn.app, fn: fn}
		for j, f := range a.Fields {
			if !slices.ContainsFunc(fn.schema.Properties, func(p Property) bool { return p.Name == f.Name }) {
				return fmt.Errorf("%s has no parameter %q", fn.Name, f.Name)
			}
			if err := f.resolveOptions(c, fn); err != nil {
				return err
			}
			st.fields = append(st.fields, flowStepField{id: st.id*100 + int64(j) + 1, field: f, required: slices.Contains(fn.schema.Required, f.Name), step: st})
		}
		t.steps = append(t.steps, st)
	}
	return nil
}

// resolveOptions checks a SELECT field's options: a function of the same
// app as the action, with arguments its schema accepts.
func (f *FlowField) resolveOptions(c *catalog, action *CatalogFunction) error {
	switch {
	case f.Type == "" && f.Options == nil:
		return nil
	case f.Type != "SELECT" || f.Options == nil:
		return fmt.Errorf("field %q: a field is a text field, or a SELECT with options", f.Name)
	}
	o := f.Options
	o.fn = c.byFn[o.Function]
	if o.fn == nil || o.fn.app != action.app {
		return fmt.Errorf("field %q: options function %q is not a function of %s", f.Name, o.Function, action.app.Name)
	}
	if o.ID == "" || o.Label == "" {
		return fmt.Errorf("field %q: options need the key paths id and label", f.Name)
	}
	if errs := o.fn.schema.validate(maps.Clone(o.Args)); errs != nil {
		return fmt.Errorf("field %q: options args: %v", f.Name, errs)
	}
	return nil
}

// ---- the official shapes (docs/flows.md#templates) ----

// appBrief is an app as flows name it: id, name (the title people read),
// icon_url.
func (s *Server) appBrief(r *http.Request, a *CatalogApp) map[string]any {
	return map[string]any{"id": a.ID, "name": a.Title, "icon_url": s.base(r) + a.iconPath(),
		"category": []string{}, "tags": "", "description": "", "color": "", "publishing_status": "PUBLISHED"}
}

// selfApp is the customer's own app (the official SDK reads its name and id).
func (s *Server) selfApp(r *http.Request) map[string]any {
	return map[string]any{"id": 1, "name": s.opts.AppName, "icon_url": "", "category": []string{}, "tags": "",
		"description": "", "color": "", "publishing_status": "PUBLISHED"}
}

// flowObject is a template as the flow listings return it, with the user's
// integrations of it as instances, newest first.
func (s *Server) flowObject(r *http.Request, t *FlowTemplate, ints []integration) map[string]any {
	instances := []map[string]any{}
	for i := len(ints) - 1; i >= 0; i-- {
		if ints[i].Template == t.ID {
			instances = append(instances, ints[i].instance())
		}
	}
	return map[string]any{
		"id": t.ID, "name": t.Name, "description": t.Description, "tags": strings.Join(t.Tags, ","),
		"app": s.selfApp(r), "branding_app": s.appBrief(r, t.app),
		"can_add_integration": true, "integration_count": len(instances), "instances": instances,
		"allow_multiple_instances": true, "execution_type": "AUTOMATIC", "execution_behaviour": "SAVE",
		"is_manual": false, "version_number": 1, "publishing_status": "PUBLISHED",
		"can_end_users_upgrade_integrations": false, "upgrade_available_to": nil,
		"integration_creation_in_progress": false,
		"trigger":                          map[string]any{"app": t.Trigger.App, "event": t.Trigger.Event},
	}
}

// templateObject answers GET /v2/template/{id}/: the flow with its steps
// (ids only; each step is read on its own).
func (s *Server) templateObject(r *http.Request, t *FlowTemplate, ints []integration) map[string]any {
	o := s.flowObject(r, t, ints)
	steps := []map[string]any{}
	for _, st := range t.steps {
		steps = append(steps, map[string]any{"id": st.id, "title": st.title, "weight": st.index, "machine_name": st.machineName})
	}
	o["steps"] = steps
	o["parameters"] = []any{}
	o["button_text"] = nil
	o["is_wizard"] = true
	return o
}

// templateStep answers GET /template_step/{id}/: the step with its
// activity, the app's auth and the user's accounts, and its fields; with
// an integration, the integration's values and account.
func (s *Server) templateStep(r *http.Request, st *flowStep, t *FlowTemplate, accs []account, in *integration) map[string]any {
	base := s.base(r)
	auths := []map[string]any{}
	for _, a := range accs {
		if a.App == st.app.Name {
			auths = append(auths, map[string]any{"id": a.ID, "authorization_type": flowAuthType(st.app.Auth),
				"user_identity": a.DisplayName, "integration_count": 0, "disable_link": ""})
		}
	}
	activity := map[string]any{
		"id": st.id, "app": s.appBrief(r, st.app), "auth_required": st.app.Auth != AuthNone,
		"activity_output_url": nil, "dynamic_field_data_endpoint": nil, "total_fields": len(st.fields),
	}
	if st.fn == nil {
		activity["name"], activity["type"], activity["endpoint"] = t.Trigger.Title, "TRIGGER", t.Trigger.Event
		activity["activity_output"] = t.Trigger.Sample // an object: the form offers its paths as tags
	} else {
		activity["name"], activity["type"], activity["endpoint"] = st.fn.Title, "ACTION", st.fn.Name
		activity["activity_output"] = nil
	}
	var saved *integrationStep
	if in != nil && st.index < len(in.Steps) {
		saved = &in.Steps[st.index]
	}
	fields := []map[string]any{}
	for _, f := range st.fields {
		fields = append(fields, s.templateField(r, f, saved))
	}
	out := map[string]any{
		"id": st.id, "weight": st.index, "title": st.title, "description": "", "is_visible": true,
		"activity": activity, "template_fields": fields, "machine_name": st.machineName,
		"is_custom_machine_name": false, "source_steps": []any{}, "allow_multiple_authorizations": false,
		"button_text": nil, "is_self_step": false, "summary": nil, "is_workspace_app_step": false,
		"auth_description": nil, "hide_authorization": st.app.Auth == AuthNone,
		"step_instance": nil, "step_authorization": nil,
		"authorization_type": map[string]any{
			"id": st.app.ID, "type": flowAuthType(st.app.Auth), "authorizations": auths, "provider": st.app.Name,
			"is_sandbox_enabled": false, "authorization_url_sandbox": "", "is_userinfo_required": false,
			"app": map[string]any{"id": st.app.ID, "name": st.app.Title, "icon_url": base + st.app.iconPath()},
		},
	}
	if saved != nil {
		out["step_instance"] = saved.ID
		if saved.Authorization != 0 {
			out["step_authorization"] = saved.Authorization
		}
	}
	return out
}

func (s *Server) templateField(r *http.Request, f flowStepField, saved *integrationStep) map[string]any {
	typ := "TEXTFIELD"
	if len(f.field.Default) > 60 && !f.hidden {
		typ = "TEXTAREA"
	}
	// A SELECT reads its options from data_src (is_dynamic: they depend on
	// the account); the official form asks it with the step's account
	// (docs/flows.md#dynamic-fields).
	var dataSrc any
	if f.field.Type == "SELECT" {
		typ = "SELECT"
		dataSrc = s.base(r) + "/template_field/" + strconv.FormatInt(f.id, 10) + "/options/"
	}
	title := f.field.Title
	if title == "" {
		title = f.field.Name
	}
	var def any
	if f.field.Default != "" {
		def = f.field.Default
	}
	field := map[string]any{
		"id": f.id, "is_required": f.required, "is_hidden": f.hidden, "is_visible": !f.hidden, "default_value": def,
		"weight": f.id % 100, "description": f.field.Description, "summary": nil, "title": title, "type": typ,
		"placeholder": nil, "child_field": nil, "child_field_value": nil, "button_text": nil, "icon_url": nil,
		"long_description": nil, "regex": nil, "regex_msg": nil, "is_mappable": typ != "SELECT" && !f.hidden, "is_editable": !f.hidden,
		"allow_tags_in_text": typ != "SELECT" && !f.hidden, "data_type": "STRING", "template_fields": []any{}, "app_user_data": []any{},
		"activity_field": map[string]any{
			"id": f.id, "machine_name": f.field.Name, "auto_machine_name": f.field.Name, "type": typ, "title": title,
			"description": f.field.Description, "weight": f.id % 100, "is_required": f.required, "is_editable": true,
			"child_fields": nil, "parent_fields": nil, "placeholder": nil, "is_dynamic": dataSrc != nil, "data_src": dataSrc,
			"data_src_endpoint": nil, "dynamic_field_src": nil, "dynamic_field_src_endpoint": nil, "default_value": def,
			"regex": nil, "regex_error_message": nil, "is_searchable": dataSrc != nil, "conditional_fields": nil,
		},
	}
	if saved != nil {
		for _, v := range saved.Values {
			if v.TemplateField == f.id {
				field["app_user_data"] = []any{map[string]any{"id": v.ID, "value": v.Value, "is_changed": false, "changed_dynamic_fields": "[]", "app_user": 0}}
			}
		}
	}
	return field
}
