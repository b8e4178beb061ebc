package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/integry-go/integry/internal/jsonx"
)

// pipedriveOwnerID is the authorized user of a sandbox Pipedrive company,
// and the default owner of what it adds.
const pipedriveOwnerID = 22469411

// pipedriveUser is a user of the Pipedrive company (GET /v1/users).
type pipedriveUser struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Active bool   `json:"active_flag"`
}

// pipedriveUsers are the users of every sandbox Pipedrive company, the
// authorized one first: enough for the owner dropdown to page.
var pipedriveUsers = func() []pipedriveUser {
	names := []string{"Sandbox Owner", "Alex Moreno", "Bea Lindqvist", "Carlos Mendes", "Dana Whitfield",
		"Emeka Obi", "Farah Haddad", "Gustav Berg", "Hira Qureshi", "Isla Murray", "Jakub Nowak", "Kira Ivanova",
		"Luis Ortega", "Mina Park", "Nils Holm", "Olga Petrova", "Pablo Ruiz", "Quinn Avery", "Rana Aziz",
		"Sven Olsen", "Tara Singh", "Umar Farooq", "Vera Costa", "Wen Zhao", "Ximena Cruz", "Yara Nasser",
		"Zoe Hart", "Anil Kapoor", "Britt Jansen", "Cem Yilmaz", "Dalia Saleh", "Eero Virtanen", "Femi Adeyemi",
		"Gina Russo", "Hugo Lefevre", "Ida Lund", "Jonah Reyes", "Kaito Mori", "Lina Haddad", "Marek Novak",
		"Nadia Karim", "Oscar Lind", "Paula Silva", "Rhys Evans", "Selin Demir"}
	out := make([]pipedriveUser, len(names))
	for i, n := range names {
		out[i] = pipedriveUser{ID: int64(pipedriveOwnerID + i), Name: n,
			Email: strings.ToLower(strings.ReplaceAll(n, " ", ".")) + "@example.com", Active: true}
	}
	return out
}()

type pipedrivePerson struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	FirstName    string    `json:"first_name"`
	LastName     string    `json:"last_name"`
	AddTime      string    `json:"add_time"`
	UpdateTime   *string   `json:"update_time"`
	VisibleTo    int       `json:"visible_to"`
	CustomFields *struct{} `json:"custom_fields"`
	OwnerID      int64     `json:"owner_id"`
	LabelIDs     []int     `json:"label_ids"`
	OrgID        *int64    `json:"org_id"`
	IsDeleted    bool      `json:"is_deleted"`
	PictureID    *int64    `json:"picture_id"`
	Phones       []any     `json:"phones"`
	Emails       []any     `json:"emails"`
}

func pipedriveValidation(field, msg string) *jsonx.Value {
	return ordered("success", false, "error", "Validation failed: "+field+": "+msg, "code", "ERR_SCHEMA_VALIDATION_FAILED")
}

func pipedriveProvider(p *preq) bool {
	switch {
	case p.route("POST", "v1", "persons"):
		owner := int64(pipedriveOwnerID)
		if v, ok := p.body["owner_id"]; ok && v != nil {
			f, ok := p.num("owner_id")
			if !ok || !slices.ContainsFunc(pipedriveUsers, func(u pipedriveUser) bool { return float64(u.ID) == f }) {
				return p.json(http.StatusBadRequest, pipedriveValidation("owner_id", "User not found or not accessible."))
			}
			owner = int64(f)
		}
		name := strings.TrimSpace(p.str("name"))
		if name == "" {
			return p.json(http.StatusBadRequest, pipedriveValidation("name", "Name must be given."))
		}
		first, last, _ := strings.Cut(name, " ")
		visible := 3
		if f, ok := p.num("visible_to"); ok {
			visible = int(f)
		}
		var org *int64
		if f, ok := p.num("org_id"); ok {
			o := int64(f)
			org = &o
		}
		rec, err := p.insert("persons", func(id int64) (any, error) {
			return pipedrivePerson{ID: id, Name: name, FirstName: first, LastName: last, AddTime: p.stamp(),
				VisibleTo: visible, OwnerID: owner, LabelIDs: []int{}, OrgID: org,
				Phones: listOf(p.body["phones"]), Emails: listOf(p.body["emails"])}, nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	case p.route("GET", "v1", "persons"):
		recs, err := p.list("persons")
		if err != nil {
			return p.fail(err)
		}
		start, limit := p.page()
		var data any = recs
		if len(recs) == 0 {
			data = nil // Pipedrive sends null for an empty page
		}
		return p.json(http.StatusOK, ordered("success", true, "data", data,
			"additional_data", ordered("pagination", ordered("start", start, "limit", limit))))
	case p.route("GET", "v1", "users"):
		start, limit := p.page()
		page := []pipedriveUser{}
		if start < len(pipedriveUsers) {
			page = pipedriveUsers[start:min(start+limit, len(pipedriveUsers))]
		}
		return p.json(http.StatusOK, ordered("success", true, "data", page))
	case p.route("GET", "v1", "persons", "*"):
		id, _ := strconv.ParseInt(p.path[2], 10, 64)
		rec, err := p.s.st.record(p.app, p.tok.External, "persons", id)
		if err != nil {
			return p.fail(err)
		}
		if rec == nil {
			return p.json(http.StatusNotFound, ordered("success", false, "error", "Person not found", "error_info", "Please check developers.pipedrive.com for more information", "data", nil))
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	case p.route("POST", "v1", "deals"):
		var person *int64
		if f, ok := p.num("person_id"); ok {
			id := int64(f)
			rec, err := p.s.st.record(p.app, p.tok.External, "persons", id)
			if err != nil {
				return p.fail(err)
			}
			if rec == nil {
				return p.json(http.StatusBadRequest, pipedriveValidation("person_id", "Person not found."))
			}
			person = &id
		}
		value, _ := p.num("value")
		currency, status := p.str("currency"), p.str("status")
		if currency == "" {
			currency = "USD"
		}
		if status == "" {
			status = "open"
		}
		rec, err := p.insert("deals", func(id int64) (any, error) {
			return ordered("id", id, "title", p.str("title"), "value", value, "currency", currency, "status", status,
				"person_id", person, "user_id", pipedriveOwnerID, "add_time", p.stamp()), nil
		})
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("success", true, "data", rec))
	}
	return false
}

func listOf(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{}
}
