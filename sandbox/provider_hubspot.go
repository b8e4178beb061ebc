package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// hubspotProperty describes one contact property (GET
// /crm/v3/properties/contacts): the fields of the create-contact form's
// custom-fields sub-form.
type hubspotProperty struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Type      string `json:"type"`
	FieldType string `json:"fieldType"`
	GroupName string `json:"groupName"`
	Required  bool   `json:"required"`
}

// hubspotProperties are the contact properties of every sandbox HubSpot
// portal that the form may set besides email and names.
var hubspotProperties = []hubspotProperty{
	{"company", "Company name", "string", "text", "contactinformation", false},
	{"jobtitle", "Job title", "string", "text", "contactinformation", false},
	{"phone", "Phone number", "string", "phonenumber", "contactinformation", false},
	{"city", "City", "string", "text", "contactinformation", false},
	{"website", "Website URL", "string", "text", "contactinformation", false},
	{"lifecyclestage", "Lifecycle stage", "enumeration", "radio", "contactinformation", true},
}

func hubspotProvider(p *preq) bool {
	switch {
	case p.route("GET", "crm", "v3", "properties", "contacts"):
		return p.json(http.StatusOK, map[string]any{"results": hubspotProperties})
	case p.route("POST", "crm", "v3", "objects", "contacts"):
		email := strings.ToLower(strings.TrimSpace(p.str("email")))
		if !strings.Contains(email, "@") {
			return p.json(http.StatusBadRequest, map[string]any{"status": "error", "message": "Property values were not valid: email", "category": "VALIDATION_ERROR"})
		}
		all, err := p.s.st.records(p.app, p.tok.External, "contacts", 0, 1<<30)
		if err != nil {
			return p.fail(err)
		}
		for _, raw := range all {
			var c struct {
				ID         string            `json:"id"`
				Properties map[string]string `json:"properties"`
			}
			json.Unmarshal(raw, &c)
			if c.Properties["email"] == email {
				return p.json(http.StatusConflict, map[string]any{"status": "error", "message": "Contact already exists. Existing ID: " + c.ID, "category": "CONFLICT"})
			}
		}
		props := map[string]string{"email": email, "firstname": p.str("firstname"), "lastname": p.str("lastname")}
		if extra, ok := p.body["properties"].(map[string]any); ok {
			for k, v := range extra {
				props[k] = queryValue(v)
			}
		}
		rec, err := p.insert("contacts", func(id int64) (any, error) {
			props["hs_object_id"] = strconv.FormatInt(id, 10)
			props["createdate"] = p.stamp()
			return ordered("id", strconv.FormatInt(id, 10), "properties", props, "createdAt", p.stamp(), "updatedAt", p.stamp(), "archived", false), nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusCreated, rec)
	case p.route("GET", "crm", "v3", "objects", "contacts"):
		recs, err := p.list("contacts")
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, map[string]any{"results": recs})
	}
	return false
}
