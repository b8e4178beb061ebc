package sandbox

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sample data (Options.SampleData; docs/sandbox.md#sample-data): a newly
// connected provider account does not start empty. The first time a user
// connects an account of Pipedrive, HubSpot or Slack, the sandbox fills it
// with records shaped like the ones its provider API creates, enough to page
// through with the demo's small page sizes. Each seeded account leaves a
// marker, so that disconnecting and connecting it again keeps what the user
// did to it; POST /_sandbox/reset starts the user over.

// The sample's sizes: odd, so that paging by 2 ends on a partial page (a
// full last page costs one more call that returns []).
const (
	SamplePersons        = 11 // Pipedrive persons
	SampleDeals          = 7  // Pipedrive deals, each with one of the persons
	SampleContacts       = 23 // HubSpot contacts: three pages of the default 10
	SampleGeneralHistory = 13 // messages in Slack's #general
	SampleRandomHistory  = 5  // messages in Slack's #random
)

// sampleMarkerPrefix keys, in the records bucket, the accounts that got
// their sample: _sample/<user>/<app>/<external>. Provider records are keyed
// <app>/…, and no app name starts with "_".
const sampleMarkerPrefix = "_sample/"

var sampleNames = []string{"Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
	"Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Radia Perlman", "Tim Berners-Lee",
	"Frances Allen", "John McCarthy", "Shafi Goldwasser", "Leslie Lamport", "Hedy Lamarr", "Dennis Ritchie",
	"Annie Easley", "Niklaus Wirth", "Sophie Wilson", "Guido Rossum", "Adele Goldberg", "Bjarne Stroustrup"}

var sampleCompanies = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"}

var sampleMessages = []string{"Good morning, team!", "The release notes are in the docs channel.",
	"Standup in five minutes.", "Who is on call this week?", "Deploy finished, all green.",
	"Lunch at noon?", "The dashboard looks slow today, looking into it.", "Fixed: it was a missing index.",
	"Please review the pull request when you can.", "Reminder: retro on Friday.", "Welcome to our new teammate!",
	"The customer call went well.", "Heading out, see you tomorrow."}

// sampleRecord is one record of a sample, in a provider's collection.
type sampleRecord struct {
	coll string
	id   int64
	v    any
}

// sampleFor returns the records that user's new account of app starts
// with, in insertion order; nil for an app without sample
// data. ids hands out the collection's next record ID.
func sampleFor(app string, now time.Time, ids func(coll string) (int64, error)) ([]sampleRecord, error) {
	stamp := func(ago time.Duration) string { return now.Add(-ago).UTC().Format(time.RFC3339) }
	var out []sampleRecord
	add := func(coll string, mk func(id int64) any) error {
		id, err := ids(coll)
		if err != nil {
			return err
		}
		out = append(out, sampleRecord{coll, id, mk(id)})
		return nil
	}
	switch app {
	case "pipedrive":
		var persons []int64
		for i := range SamplePersons {
			name := sampleNames[i%len(sampleNames)]
			first, last, _ := strings.Cut(name, " ")
			email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@" + strings.ToLower(strings.ReplaceAll(sampleCompanies[i%len(sampleCompanies)], " ", "")) + ".example"
			if err := add("persons", func(id int64) any {
				persons = append(persons, id)
				return pipedrivePerson{ID: id, Name: name, FirstName: first, LastName: last,
					AddTime: stamp(time.Duration(SamplePersons-i) * 24 * time.Hour), VisibleTo: 3, OwnerID: pipedriveOwnerID,
					LabelIDs: []int{}, Phones: []any{}, Emails: []any{ordered("value", email, "primary", true, "label", "work")}}
			}); err != nil {
				return nil, err
			}
		}
		for i := range SampleDeals {
			person := persons[i%len(persons)]
			status := []string{"open", "open", "won", "open", "lost"}[i%5]
			if err := add("deals", func(id int64) any {
				return ordered("id", id, "title", sampleCompanies[i%len(sampleCompanies)]+" deal", "value", float64(1000*(i+1)),
					"currency", "USD", "status", status, "person_id", person, "user_id", pipedriveOwnerID,
					"add_time", stamp(time.Duration(SampleDeals-i)*12*time.Hour))
			}); err != nil {
				return nil, err
			}
		}
	case "hubspot":
		for i := range SampleContacts {
			name := sampleNames[i%len(sampleNames)]
			first, last, _ := strings.Cut(name, " ")
			company := sampleCompanies[i%len(sampleCompanies)]
			if err := add("contacts", func(id int64) any {
				at := stamp(time.Duration(SampleContacts-i) * time.Hour)
				props := map[string]string{"email": strings.ToLower(first+"."+strings.ReplaceAll(last, " ", "")) + "@" + strings.ToLower(strings.ReplaceAll(company, " ", "")) + ".example",
					"firstname": first, "lastname": last, "company": company, "lifecyclestage": "lead",
					"hs_object_id": strconv.FormatInt(id, 10), "createdate": at}
				return ordered("id", strconv.FormatInt(id, 10), "properties", props, "createdAt", at, "updatedAt", at, "archived", false)
			}); err != nil {
				return nil, err
			}
		}
	case "slack":
		for _, ch := range []struct {
			id string
			n  int
		}{{"C01GENERAL", SampleGeneralHistory}, {"C02RANDOM", SampleRandomHistory}} {
			for i := range ch.n {
				u := slackUsers[i%len(slackUsers)]
				at := now.Add(-time.Duration(ch.n-i) * 10 * time.Minute)
				if err := add("messages/"+ch.id, func(id int64) any {
					return ordered("type", "message", "user", u.ID, "text", sampleMessages[i%len(sampleMessages)],
						"ts", fmt.Sprintf("%d.%06d", at.Unix(), id%1000000))
				}); err != nil {
					return nil, err
				}
			}
		}
	default:
		return nil, nil
	}
	return out, nil
}

func sampleMarker(user, app, external string) string {
	return sampleMarkerPrefix + userKey(user) + "/" + app + "/" + hex.EncodeToString([]byte(external))
}

// seedSample gives user's account external of app its sample data, unless
// that account had it before. It reports whether it seeded.
func (s *store) seedSample(user, app, external string, now time.Time) (bool, error) {
	seeded := false
	err := s.kv.update(func(t tx) error {
		seeded = false
		marker := sampleMarker(user, app, external)
		if t.get(bRecords, marker) != nil {
			return nil
		}
		recs, err := sampleFor(app, now, func(coll string) (int64, error) {
			n, err := nextSeq(t, "records/"+app+"/"+coll)
			return int64(n), err
		})
		if err != nil || recs == nil {
			return err
		}
		for _, r := range recs {
			if err := t.put(bRecords, recordPrefix(app, external, r.coll)+idKey(r.id), mustMarshal(r.v)); err != nil {
				return err
			}
		}
		seeded = true
		return t.put(bRecords, marker, []byte(now.UTC().Format(time.RFC3339)))
	})
	return seeded, err
}

// reset starts user over: their connected accounts, the provider records of
// those accounts (but not of an API-key account, which other users with the
// key share) and of every account that got a sample, the sample markers and
// their call log are deleted. The next connect seeds again.
func (s *store) reset(user string) (accounts int, err error) {
	err = s.kv.update(func(t tx) error {
		accounts = 0
		accs, err := accountsTx(t, user, "")
		if err != nil {
			return err
		}
		var exts []string // hex external IDs, under their app
		for _, a := range accs {
			if err := deleteTx(t, a); err != nil {
				return err
			}
			// An OAuth account's provider data is the user's own; an API
			// key's account is shared by everyone with that key, so it stays.
			if a.RefreshToken != "" {
				exts = append(exts, a.App+"/"+hex.EncodeToString([]byte(a.ExternalID)))
			}
		}
		accounts = len(accs)
		var doomed []struct{ b, k string }
		collect := func(bucket string) func(string, []byte) error {
			return func(k string, _ []byte) error {
				doomed = append(doomed, struct{ b, k string }{bucket, k})
				return nil
			}
		}
		var markers []string
		if err := t.scan(bRecords, sampleMarkerPrefix+userKey(user)+"/", func(k string, _ []byte) error {
			markers = append(markers, k)
			return nil
		}); err != nil {
			return err
		}
		for _, m := range markers {
			doomed = append(doomed, struct{ b, k string }{bRecords, m})
			if ae := strings.TrimPrefix(m, sampleMarkerPrefix+userKey(user)+"/"); !slices.Contains(exts, ae) {
				exts = append(exts, ae)
			}
		}
		for _, ae := range exts {
			if err := t.scan(bRecords, ae+"/", collect(bRecords)); err != nil {
				return err
			}
		}
		for _, b := range []string{bCalls, bIntegrations, bRuns} { // integrations and runs: docs/flows.md
			if err := t.scan(b, userKey(user)+"/", collect(b)); err != nil {
				return err
			}
		}
		for _, d := range doomed {
			if err := t.del(d.b, d.k); err != nil {
				return err
			}
		}
		return nil
	})
	return accounts, err
}

// seedSampleAfterConnect is the consent page's hook: with sample data on, a
// new account of user starts with its sample. A failure is logged and the
// connect still succeeds.
func (s *Server) seedSampleAfterConnect(user, app, external string) {
	if !s.opts.SampleData {
		return
	}
	seeded, err := s.st.seedSample(user, app, external, s.now())
	if err != nil {
		s.log.Error("seeding sample data", "app", app, "err", err)
		return
	}
	if seeded {
		s.log.Info("sample data seeded", "app", app)
	}
}

// resetAPI is POST /_sandbox/reset, authenticated like the API: the user
// starts over (store.reset).
func (s *Server) resetAPI(w http.ResponseWriter, r *http.Request) {
	s.api(w, r, []string{"POST"}, func(w http.ResponseWriter, r *http.Request, user string) {
		n, err := s.st.reset(user)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		s.log.Info("user reset", "accounts", n)
		writeJSON(w, http.StatusOK, ordered("reset", true, "disconnected_accounts", n, "sample_data", s.opts.SampleData))
	})
}
