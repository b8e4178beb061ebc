package sdk_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/integry-go/integry/sdk"
)

func contextWithCancelCause(t *testing.T) (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(t.Context())
	t.Cleanup(func() { cancel(nil) })
	return ctx, cancel
}

// personsServer serves n persons, size per page, through next_page. With
// quirk, a full last page still carries a cursor and the next call returns
// an empty output, as the documentation warns.
func personsServer(t *testing.T, mux *http.ServeMux, n, size int, quirk bool) *[]map[string]any {
	var mu sync.Mutex
	var bodies []map[string]any
	mux.HandleFunc("/functions/pipedrive-get-all-persons/call/", func(w http.ResponseWriter, r *http.Request) {
		var p map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&p))
		mu.Lock()
		bodies = append(bodies, p)
		mu.Unlock()
		start := 0
		if c, ok := p["next_page"].(string); ok {
			start, _ = strconv.Atoi(c)
		}
		var out []map[string]any
		for i := start; i < min(start+size, n); i++ {
			out = append(out, map[string]any{"id": i + 1})
		}
		next := ""
		if end := start + len(out); end < n || (quirk && len(out) == size) {
			next = strconv.Itoa(end)
		}
		b, _ := json.Marshal(map[string]any{"network_code": "200", "output": append([]map[string]any{}, out...), "next_page": next})
		writeJSON(w, 200, string(b))
	})
	return &bodies
}

func collect(t *testing.T, c *sdk.Client, params string) (ids []int, pages int, err error) {
	for res, e := range c.CallPages(t.Context(), "pipedrive-get-all-persons", []byte(params), nil) {
		if e != nil {
			return ids, pages, e
		}
		pages++
		var out []struct{ ID int }
		require.NoError(t, json.Unmarshal(res.Output.JSON(), &out))
		for _, o := range out {
			ids = append(ids, o.ID)
		}
	}
	return ids, pages, nil
}

func TestCallPagesFollowsNextPageInsideParams(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 7, 3, false)
	ids, pages, err := collect(t, c, `{"limit":3}`)
	require.NoError(t, err)
	require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7}, ids)
	require.Equal(t, 3, pages)
	require.Equal(t, []map[string]any{
		{"limit": 3.0},
		{"limit": 3.0, "next_page": "3"},
		{"limit": 3.0, "next_page": "6"},
	}, *bodies)
}

func TestCallPagesStopsOnTheEmptyLastPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 6, 3, true)
	ids, pages, err := collect(t, c, `{}`)
	require.NoError(t, err)
	require.Len(t, ids, 6)
	require.Equal(t, 2, pages, "the empty page is not yielded")
	require.Len(t, *bodies, 3, "it asked once more and stopped on empty output")
}

func TestCallPagesStopsWhenTheCallerStops(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 100, 10, false)
	for range c.CallPages(t.Context(), "pipedrive-get-all-persons", nil, nil) {
		break
	}
	require.Len(t, *bodies, 1)
}

func TestCallPagesEndsWithTheRefusal(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/f/call/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":"Could not call","error_details":["User has not connected their Pipedrive account."]}`)
	})
	var errs []error
	for _, err := range c.CallPages(t.Context(), "f", nil, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], sdk.ErrNotConnected)

	for _, err := range c.CallPages(t.Context(), "f", []byte(`[`), nil) {
		require.ErrorIs(t, err, sdk.ErrInvalidArgument)
	}
}

func TestAppsIteratesEveryPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	var cursors []string
	mux.HandleFunc("/apps/list/", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Cursor string `json:"_cursor"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		cursors = append(cursors, body.Cursor)
		require.Equal(t, "2", r.URL.Query().Get("page_size"))
		switch body.Cursor {
		case "":
			writeJSON(w, 200, `{"apps":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"_cursor":"p2","count":3}`)
		default:
			writeJSON(w, 200, `{"apps":[{"id":3,"name":"c"}],"_cursor":null,"count":3}`)
		}
	})
	var names []string
	for app, err := range c.Apps(t.Context(), &sdk.ListAppsOptions{PageSize: 2}) {
		require.NoError(t, err)
		names = append(names, app.Name)
	}
	require.Equal(t, []string{"a", "b", "c"}, names)
	require.Equal(t, []string{"", "p2"}, cursors)
}

func TestListFunctionsPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/list/", func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "c1", r.URL.Query().Get("_cursor"))
		require.Equal(t, "true", r.URL.Query().Get("connected_only"))
		require.Equal(t, "post", r.URL.Query().Get("search"))
		writeJSON(w, 200, `{"functions":[],"_cursor":null}`)
	})
	page, err := c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{Cursor: "c1", ConnectedOnly: true, Search: "post"})
	require.NoError(t, err)
	require.Empty(t, page.Functions)
	require.NotNil(t, page.Functions)
	require.Equal(t, "", page.Cursor)
}

func TestAppsStopsOnError(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/apps/list/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"detail":"Incorrect authentication credentials."}`)
	})
	n := 0
	for _, err := range c.Apps(t.Context(), nil) {
		n++
		require.ErrorIs(t, err, sdk.ErrUnauthorized)
	}
	require.Equal(t, 1, n)
	_, err := c.ListFunctions(t.Context(), nil)
	require.Error(t, err, "unregistered route answers 404")
}
