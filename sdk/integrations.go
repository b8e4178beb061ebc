package sdk

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/integry-go/integry/internal/jsonx"
)

// Integrations are the flows a user has set up (docs/flows.md). A server
// lists, reads, enables, disables, renames and deletes them with the
// requests the official browser runtime makes, and reads their runs from
// the sandbox's run history (docs/flows.md#server-api).

// Integration statuses.
const (
	IntegrationActive   = "ACTIVE"
	IntegrationInactive = "INACTIVE"
)

// Run statuses.
const (
	RunCompleted = "COMPLETED"
	RunFailed    = "FAILED"
)

// Integration is one flow a user has set up: the template it copies, its
// status and, per step, the account and values the user chose. Doc is the
// object as the server sent it.
type Integration struct {
	ID            int64
	Name          string
	TemplateID    int64
	Status        string // IntegrationActive or IntegrationInactive
	LastRunStatus string // "" before the first run, then RunCompleted or RunFailed
	LastRunAt     time.Time
	CreatedAt     time.Time
	ModifiedAt    time.Time
	Steps         []IntegrationStep
	Doc           Doc
}

// Active reports whether the integration runs when its trigger fires.
func (in *Integration) Active() bool { return in.Status == IntegrationActive }

// IntegrationStep is one step of an integration, in template order: the
// trigger first, then each action.
type IntegrationStep struct {
	ID             int64
	TemplateStepID int64
	Name           string // the step's machine name: trigger, action_1, …
	AccountID      int64  // the connected account the step uses; 0 for none
	Values         []IntegrationValue
}

// IntegrationValue is what the user entered in one field of a step; it may
// hold tags such as {steps.trigger.name}.
type IntegrationValue struct {
	FieldID int64
	Value   string
}

// Run is one run of an integration: its trigger and each action it called.
type Run struct {
	ID            int64
	IntegrationID int64
	TemplateID    int64
	Status        string // RunCompleted or RunFailed
	StartedAt     time.Time
	FinishedAt    time.Time
	TriggerData   Doc
	Steps         []RunStep
	Doc           Doc
}

// RunStep is one step of a run; CallID is its entry in the call log.
type RunStep struct {
	Step        string // trigger, action_1, …
	Function    string
	Status      string
	NetworkCode string
	CallID      int64
	Output      Doc
}

// ListIntegrations returns the user's integrations, newest first.
//
// Wire: GET {baseUrl}/api/v1/integrations/?Q (docs/flows.md#server-api).
func (c *Client) ListIntegrations(ctx context.Context) ([]Integration, error) {
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "integrations"))
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := []Integration{}
	err = eachOf(d, "results", func(e Doc) error {
		in, err := decodeIntegration(e)
		if err == nil {
			out = append(out, *in)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetIntegration returns one of the user's integrations; not_found when the
// user has none with that ID.
//
// Wire: GET {baseUrl}/v2/integration/{id}?Q (docs/flows.md#endpoints).
func (c *Client) GetIntegration(ctx context.Context, id int64) (*Integration, error) {
	if err := requireID(id); err != nil {
		return nil, err
	}
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, false, "v2", "integration", strconv.FormatInt(id, 10)))
	r.idempotent = true
	return c.integration(ctx, r)
}

// EnableIntegration makes an integration run when its trigger fires and
// returns it as it now is.
//
// Wire: PUT {baseUrl}/v2/integration/{id}/enable/?Q (docs/flows.md#endpoints).
func (c *Client) EnableIntegration(ctx context.Context, id int64) (*Integration, error) {
	return c.changeIntegration(ctx, id, "enable", nil)
}

// DisableIntegration stops an integration from running and returns it as
// it now is.
//
// Wire: PUT {baseUrl}/v2/integration/{id}/disable/?Q (docs/flows.md#endpoints).
func (c *Client) DisableIntegration(ctx context.Context, id int64) (*Integration, error) {
	return c.changeIntegration(ctx, id, "disable", nil)
}

// RenameIntegration gives an integration a new name (not blank) and returns
// it as it now is.
//
// Wire: PUT {baseUrl}/v2/integration/{id}/rename/?Q, body {"name": …}
// (docs/flows.md#endpoints).
func (c *Client) RenameIntegration(ctx context.Context, id int64, name string) (*Integration, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, InvalidArgument("an integration's name must not be blank")
	}
	body := jsonx.AppendString([]byte(`{"name":`), name)
	return c.changeIntegration(ctx, id, "rename", append(body, '}'))
}

// DeleteIntegration removes an integration and its runs; not_found when
// the user has none with that ID.
//
// Wire: DELETE {baseUrl}/setup/template/{id}/?Q (docs/flows.md#endpoints).
func (c *Client) DeleteIntegration(ctx context.Context, id int64) error {
	if err := requireID(id); err != nil {
		return err
	}
	r := c.creds(c.newRequest("DELETE", c.cfg.BaseURL, true, "setup", "template", strconv.FormatInt(id, 10)))
	_, err := c.send(ctx, r, 0)
	return err
}

// IntegrationRuns returns an integration's run history, newest first.
//
// Wire: GET {baseUrl}/api/v1/integrations/{id}/runs/?Q (docs/flows.md#server-api).
func (c *Client) IntegrationRuns(ctx context.Context, id int64) ([]Run, error) {
	if err := requireID(id); err != nil {
		return nil, err
	}
	r := c.creds(c.newRequest("GET", c.cfg.BaseURL, true, "api", "v1", "integrations", strconv.FormatInt(id, 10), "runs"))
	r.idempotent = true
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	out := []Run{}
	err = eachOf(d, "results", func(e Doc) error {
		run, err := decodeRun(e)
		if err == nil {
			out = append(out, *run)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func requireID(id int64) error {
	if id <= 0 {
		return InvalidArgument("an integration's id must be a positive integer")
	}
	return nil
}

func (c *Client) changeIntegration(ctx context.Context, id int64, action string, body []byte) (*Integration, error) {
	if err := requireID(id); err != nil {
		return nil, err
	}
	r := c.creds(c.newRequest("PUT", c.cfg.BaseURL, true, "v2", "integration", strconv.FormatInt(id, 10), action))
	if body != nil {
		r.jsonBody(body)
	}
	return c.integration(ctx, r)
}

func (c *Client) integration(ctx context.Context, r *request) (*Integration, error) {
	d, err := c.send(ctx, r, KindObject)
	if err != nil {
		return nil, err
	}
	return decodeIntegration(d)
}

// decodeIntegration reads an integration object (docs/flows.md#integration-object).
func decodeIntegration(d Doc) (*Integration, error) {
	if d == nil || d.Kind() != KindObject {
		return nil, errShape("an integration is not a JSON object")
	}
	id, ok := intOf(d.Get("id"))
	if !ok {
		return nil, errShape("an integration's id is not an integer")
	}
	in := &Integration{ID: id, Name: text(d, "name"), Status: text(d, "status"), LastRunStatus: text(d, "last_run_status"),
		Steps: []IntegrationStep{}, Doc: d}
	in.TemplateID, _ = intOf(d.Get("template"))
	for _, f := range []struct {
		key string
		t   *time.Time
	}{{"last_run_start_time", &in.LastRunAt}, {"created_at", &in.CreatedAt}, {"modified_at", &in.ModifiedAt}} {
		if err := readTime(d, f.key, f.t); err != nil {
			return nil, err
		}
	}
	err := eachOf(d, "steps", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("an integration step is not a JSON object")
		}
		st := IntegrationStep{Name: text(e, "step_name"), Values: []IntegrationValue{}}
		st.ID, _ = intOf(e.Get("id"))
		st.TemplateStepID, _ = intOf(e.Get("template_step"))
		st.AccountID, _ = intOf(e.Get("authorization"))
		err := eachOf(e, "app_user_data", func(v Doc) error {
			if v == nil || v.Kind() != KindObject {
				return errShape("a step's value is not a JSON object")
			}
			field, _ := intOf(v.Get("template_field"))
			st.Values = append(st.Values, IntegrationValue{FieldID: field, Value: text(v, "value")})
			return nil
		})
		in.Steps = append(in.Steps, st)
		return err
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// decodeRun reads a run (docs/flows.md#runs).
func decodeRun(d Doc) (*Run, error) {
	if d == nil || d.Kind() != KindObject {
		return nil, errShape("a run is not a JSON object")
	}
	id, ok := intOf(d.Get("id"))
	if !ok {
		return nil, errShape("a run's id is not an integer")
	}
	run := &Run{ID: id, Status: text(d, "status"), TriggerData: d.Get("trigger_data"), Steps: []RunStep{}, Doc: d}
	run.IntegrationID, _ = intOf(d.Get("integration"))
	run.TemplateID, _ = intOf(d.Get("template"))
	if err := readTime(d, "started_at", &run.StartedAt); err != nil {
		return nil, err
	}
	if err := readTime(d, "finished_at", &run.FinishedAt); err != nil {
		return nil, err
	}
	err := eachOf(d, "steps", func(e Doc) error {
		if e == nil || e.Kind() != KindObject {
			return errShape("a run step is not a JSON object")
		}
		st := RunStep{Step: text(e, "step"), Function: text(e, "function"), Status: text(e, "status"),
			NetworkCode: text(e, "network_code"), Output: e.Get("output")}
		st.CallID, _ = intOf(e.Get("call_id"))
		run.Steps = append(run.Steps, st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// readTime sets *t from an ISO-8601 member; absent or null leaves it zero.
func readTime(d Doc, key string, t *time.Time) error {
	s := text(d, key)
	if s == "" {
		return nil
	}
	v, ok := parseISOTime(s)
	if !ok {
		return errShape(key + " is not an ISO-8601 time")
	}
	*t = v
	return nil
}
