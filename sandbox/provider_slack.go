package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

type slackChannel struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	IsChannel  bool   `json:"is_channel"`
	IsArchived bool   `json:"is_archived"`
	NumMembers int    `json:"num_members"`
}

// slackChannels exist in every sandbox Slack workspace: enough of them for
// the channel dropdown to page (docs/protocol-additions.md).
var slackChannels = append([]slackChannel{
	{ID: "C01GENERAL", Name: "general", IsChannel: true, NumMembers: 12},
	{ID: "C02RANDOM", Name: "random", IsChannel: true, NumMembers: 9},
	{ID: "C03ENGINEERING", Name: "engineering", IsChannel: true, NumMembers: 5},
	{ID: "C04ARCHIVE", Name: "old-announcements", IsChannel: true, IsArchived: true, NumMembers: 2},
}, moreSlackChannels()...)

// moreSlackChannels are the workspace's other channels, C05… in order.
func moreSlackChannels() []slackChannel {
	names := []string{"design", "marketing", "sales", "support", "ops", "finance", "legal", "people",
		"recruiting", "product", "frontend", "backend", "mobile", "infra", "security", "data", "analytics",
		"growth", "partnerships", "billing", "qa", "releases", "incidents", "oncall", "docs", "community",
		"events", "travel", "kudos", "watercooler", "books", "music", "pets", "fitness", "lunch", "coffee",
		"gaming", "photography", "cooking", "gardening", "movies", "podcasts", "standup", "retro",
		"planning", "roadmap", "feedback", "ideas", "hackathon", "interns", "alumni", "berlin-office",
		"lahore-office", "nyc-office", "remote", "zeta-project"}
	out := make([]slackChannel, len(names))
	for i, n := range names {
		id := fmt.Sprintf("C%02d%s", i+5, strings.ToUpper(strings.ReplaceAll(n, "-", "")))
		out[i] = slackChannel{ID: id, Name: n, IsChannel: true, NumMembers: 3 + (i*7)%20}
	}
	return out
}

// slackUser is a member of the sandbox Slack workspace (users.list).
type slackUser struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	IsBot    bool   `json:"is_bot"`
}

// slackUsers are the members of every sandbox Slack workspace.
var slackUsers = func() []slackUser {
	first := []string{"Jane", "Omar", "Li", "Amara", "Lukas", "Sofia", "Kenji", "Priya", "Mateo", "Chloe",
		"Ahmed", "Yuki", "Elena", "Tariq", "Nora", "Diego", "Hana", "Felix", "Zara", "Ivan",
		"Maya", "Ravi", "Lea", "Sam", "Aisha", "Tom", "Mei", "Jonas", "Fatima", "Leo", "Ines", "Arjun"}
	last := []string{"Doe", "Khan", "Wei", "Okafor", "Becker", "Rossi", "Sato", "Nair"}
	out := make([]slackUser, len(first))
	for i, f := range first {
		l := last[i%len(last)]
		out[i] = slackUser{ID: fmt.Sprintf("U%03d%s", i+1, strings.ToUpper(f)), Name: strings.ToLower(f + "." + l), RealName: f + " " + l}
	}
	return out
}()

func findSlackChannel(s string) *slackChannel {
	s = strings.TrimPrefix(s, "#")
	for i, c := range slackChannels {
		if c.ID == s || c.Name == s {
			return &slackChannels[i]
		}
	}
	return nil
}

func slackProvider(p *preq) bool {
	switch {
	case p.route("POST", "api", "chat.postMessage"):
		ch := findSlackChannel(p.str("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		if ch.IsArchived {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "is_archived"})
		}
		if strings.TrimSpace(p.str("text")) == "" {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "no_text"})
		}
		now := p.s.now()
		msg, err := p.insert("messages/"+ch.ID, func(id int64) (any, error) {
			return ordered("type", "message", "user", "U"+p.tok.External, "text", p.str("text"), "bot_id", "B0SANDBOX",
				"ts", fmt.Sprintf("%d.%06d", now.Unix(), id%1000000), "thread_ts", p.body["thread_ts"]), nil
		})
		if err != nil {
			return p.fail(err)
		}
		var m map[string]any
		json.Unmarshal(msg, &m)
		return p.json(http.StatusOK, ordered("ok", true, "channel", ch.ID, "ts", m["ts"], "message", json.RawMessage(msg)))
	case p.route("GET", "api", "conversations.list"):
		start, limit := p.page()
		excl := p.r.URL.Query().Get("exclude_archived") == "true"
		var all []slackChannel
		for _, c := range slackChannels {
			if !excl || !c.IsArchived {
				all = append(all, c)
			}
		}
		page := []slackChannel{}
		if start < len(all) {
			page = all[start:min(start+limit, len(all))]
		}
		return p.json(http.StatusOK, ordered("ok", true, "channels", page))
	case p.route("GET", "api", "users.list"):
		start, limit := p.page()
		page := []slackUser{}
		if start < len(slackUsers) {
			page = slackUsers[start:min(start+limit, len(slackUsers))]
		}
		return p.json(http.StatusOK, ordered("ok", true, "members", page))
	case p.route("POST", "api", "conversations.invite"):
		ch := findSlackChannel(p.str("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		// Slack takes a comma-separated string; the sandbox also takes the
		// JSON array the function's parameter is.
		var ids []string
		switch u := p.body["users"].(type) {
		case string:
			ids = strings.Split(u, ",")
		case []any:
			for _, x := range u {
				s, _ := x.(string)
				ids = append(ids, s)
			}
		}
		if len(ids) == 0 {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "no_user"})
		}
		for _, id := range ids {
			if !slices.ContainsFunc(slackUsers, func(u slackUser) bool { return u.ID == strings.TrimSpace(id) }) {
				return p.json(http.StatusOK, map[string]any{"ok": false, "error": "user_not_found"})
			}
		}
		return p.json(http.StatusOK, ordered("ok", true, "channel", ordered("id", ch.ID, "name", ch.Name, "num_members", ch.NumMembers+len(ids))))
	case p.route("GET", "api", "conversations.history"):
		ch := findSlackChannel(p.r.URL.Query().Get("channel"))
		if ch == nil {
			return p.json(http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"})
		}
		recs, err := p.list("messages/" + ch.ID)
		if err != nil {
			return p.fail(err)
		}
		return p.json(http.StatusOK, ordered("ok", true, "messages", recs))
	}
	return false
}
