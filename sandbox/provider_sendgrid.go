package sandbox

import (
	"fmt"
	"net/http"
	"strings"
)

// sendgridSender is the one verified sender of a sandbox SendGrid account.
const sendgridSender = "hello@example.com"

func sendgridProvider(p *preq) bool {
	switch {
	case p.route("POST", "v3", "mail", "send"):
		// from is {"email", "name"} as in SendGrid's API (the form's
		// STANDARD_FIELDS); the provider also takes a bare address.
		from, fromName := p.str("from"), ""
		if o, ok := p.body["from"].(map[string]any); ok {
			from, _ = o["email"].(string)
			fromName, _ = o["name"].(string)
		}
		if from == "" {
			from = sendgridSender
		}
		if from != sendgridSender {
			return p.json(http.StatusForbidden, map[string]any{"errors": []any{map[string]any{"message": "The from address does not match a verified Sender Identity.", "field": "from"}}})
		}
		if !strings.Contains(p.str("to"), "@") {
			return p.json(http.StatusBadRequest, map[string]any{"errors": []any{map[string]any{"message": "Does not contain a valid address.", "field": "personalizations.0.to.0.email"}}})
		}
		if _, err := p.insert("messages", func(id int64) (any, error) {
			return ordered("msg_id", fmt.Sprintf("sg-%06d", id), "from_email", from, "from_name", fromName, "to_email", p.str("to"),
				"subject", p.str("subject"), "status", "delivered", "last_event_time", p.stamp()), nil
		}); err != nil {
			return p.fail(err)
		}
		p.w.WriteHeader(http.StatusAccepted) // SendGrid answers 202 with no body
		return true
	case p.route("GET", "v3", "messages"):
		recs, err := p.list("messages")
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, map[string]any{"messages": recs})
	}
	return false
}
