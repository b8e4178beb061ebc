package sdk

import (
	"strings"
	"time"
)

// Defaults used when a [Config] field is zero.
const (
	DefaultBaseURL        = "https://app.integry.io"
	DefaultAPIBaseURL     = "https://api.integry.io"
	DefaultLang           = "en"
	DefaultTimeout        = 30 * time.Second
	DefaultRetries        = 2
	DefaultConnectTimeout = 5 * time.Minute
)

// Config says who is calling Integry and where. AppKey, Hash and UserID are
// required; everything else has a default.
type Config struct {
	AppKey string // the app key from the Integry app
	Hash   string // authhash.Compute(appSecret, UserID), computed on your server
	UserID string // your user's (or workspace's) ID

	BaseURL     string // verify-sdk-config, apps/{app}/get, connected-accounts; default https://app.integry.io
	AuthBaseURL string // origin of login pages; default BaseURL
	APIBaseURL  string // functions and apps/list; default https://api.integry.io

	Lang         string // Accept-Language, lower-cased; default "en"
	DeploymentID string // sent as bundle_id on verify-sdk-config when set

	Timeout        time.Duration // per request, retries included; default 30s
	Retries        int           // retries of idempotent reads; 0 means DefaultRetries, negative none
	ConnectTimeout time.Duration // whole connect flow; default 5 minutes

	// HeaderAuth sends credentials as App-Key, Hash and User-ID headers
	// instead of the query string the official browser SDK uses. Only servers
	// known to accept headers (the REST API, the sandbox) should get it.
	HeaderAuth bool

	// UserAPIKey and UserExtras are the user variables of the official
	// config's user object: user.apiKey, and its other members (userId
	// aside) as one JSON object text, "" when the config has no user
	// object. The flow setup reads send them (docs/flows.md#user-variables).
	UserAPIKey string
	UserExtras string
	// UserValues are the keys of UserExtras whose values are set (not
	// empty, false, 0 or null): the values [Client.MissingUserVariables]
	// counts. The browser's loader fills it; a server that checks user
	// variables fills it too.
	UserValues []string
	// Objects is the official config's payloads as JSON text ("" without
	// them): the objects that templates' webhook fields name, which a
	// saved integration's event reports (docs/flows.md#payloads).
	Objects string
}

// Validate reports every missing credential and every malformed URL at once,
// in one invalid_argument error.
func (c Config) Validate() error {
	var missing, bad []string
	for _, f := range []struct{ name, v string }{{"appKey", c.AppKey}, {"hash", c.Hash}, {"userId", c.UserID}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	for _, f := range []struct{ name, v string }{{"baseUrl", c.BaseURL}, {"authBaseUrl", c.AuthBaseURL}, {"baseAPIUrl", c.APIBaseURL}} {
		if f.v != "" && !isHTTPURL(f.v) {
			bad = append(bad, f.name)
		}
	}
	if c.Timeout < 0 || c.ConnectTimeout < 0 {
		bad = append(bad, "timeout")
	}
	if len(missing) == 0 && len(bad) == 0 {
		return nil
	}
	var msg []string
	if len(missing) > 0 {
		msg = append(msg, "missing "+strings.Join(missing, ", "))
	}
	if len(bad) > 0 {
		msg = append(msg, "invalid "+strings.Join(bad, ", "))
	}
	return InvalidArgument("config: " + strings.Join(msg, "; "))
}

// withDefaults returns c with every zero field filled and base URLs trimmed
// of trailing slashes.
func (c Config) withDefaults() Config {
	c.BaseURL = trimBase(c.BaseURL, DefaultBaseURL)
	c.AuthBaseURL = trimBase(c.AuthBaseURL, c.BaseURL)
	c.APIBaseURL = trimBase(c.APIBaseURL, DefaultAPIBaseURL)
	if c.Lang == "" {
		c.Lang = DefaultLang
	}
	c.Lang = strings.ToLower(c.Lang)
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	switch {
	case c.Retries == 0:
		c.Retries = DefaultRetries
	case c.Retries < 0:
		c.Retries = 0
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	return c
}

func trimBase(u, def string) string {
	u = strings.TrimRight(strings.TrimSpace(u), "/")
	if u == "" {
		return def
	}
	return u
}

func isHTTPURL(s string) bool {
	_, _, ok := splitOrigin(strings.TrimSpace(s))
	return ok
}

// Origin returns the scheme://host[:port] of an absolute http(s) URL, or ""
// if s is not one.
func Origin(s string) string {
	scheme, host, ok := splitOrigin(s)
	if !ok {
		return ""
	}
	return scheme + "://" + host
}

// joinPath joins a trimmed base URL and path segments, percent-encoding each
// segment, and keeps a trailing slash when trailing is true. It never
// produces "//".
func joinPath(base string, trailing bool, segments ...string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(base, "/"))
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(pathEscape(s))
	}
	if trailing {
		b.WriteByte('/')
	}
	return b.String()
}

// query builds a query string in insertion order with form encoding (space
// as "+"), as URLSearchParams does. Empty values are kept; use add only for
// values that exist.
// It is the encoded text itself, "k=v&k=v", grown in place: a call's
// query is one allocation, not one per pair.
type query []byte

func (q *query) add(key, value string) {
	q.sep()
	*q = appendEscape(*q, key, true)
	*q = append(*q, '=')
	*q = appendEscape(*q, value, true)
}

// raw adds pairs already encoded ("k=v" or "k=v&k=v").
func (q *query) raw(pairs string) {
	q.sep()
	*q = append(*q, pairs...)
}

func (q *query) sep() {
	if len(*q) > 0 {
		*q = append(*q, '&')
	}
}

// addIf adds key=value when value is not empty.
func (q *query) addIf(key, value string) {
	if value != "" {
		q.add(key, value)
	}
}

// flag adds key=true when on.
func (q *query) flag(key string, on bool) {
	if on {
		q.add(key, "true")
	}
}

func (q query) String() string { return string(q) }
