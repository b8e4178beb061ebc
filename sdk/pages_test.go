package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"testing"

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
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Fatalf("json.NewDecoder(r.Body).Decode(&p): %v", err)
		}
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
		if err := json.Unmarshal(res.Output.JSON(), &out); err != nil {
			t.Fatalf("json.Unmarshal(res.Output.JSON(), &out): %v", err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	if want := ([]int{1, 2, 3, 4, 5, 6, 7}); !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	if pages != 3 {
		t.Fatalf("pages = %v, want %v", pages, 3)
	}
	if want := ([]map[string]any{
		{"limit": 3.0},
		{"limit": 3.0, "next_page": "3"},
		{"limit": 3.0, "next_page": "6"},
	}); !reflect.DeepEqual(*bodies, want) {
		t.Fatalf("*bodies = %v, want %v", *bodies, want)
	}
}

func TestCallPagesStopsOnTheEmptyLastPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 6, 3, true)
	ids, pages, err := collect(t, c, `{}`)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ids); n != 6 {
		t.Fatalf("len(ids) = %d, want %d", n, 6)
	}
	if pages != 2 {
		t.Fatalf("the empty page is not yielded: pages = %v, want %v", pages, 2)
	}
	if n := len(*bodies); n != 3 {
		t.Fatalf("it asked once more and stopped on empty output: len(*bodies) = %d, want %d", n, 3)
	}
}

func TestCallPagesStopsWhenTheCallerStops(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 100, 10, false)
	for range c.CallPages(t.Context(), "pipedrive-get-all-persons", nil, nil) {
		break
	}
	if n := len(*bodies); n != 1 {
		t.Fatalf("len(*bodies) = %d, want %d", n, 1)
	}
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
	if n := len(errs); n != 1 {
		t.Fatalf("len(errs) = %d, want %d", n, 1)
	}
	if !errors.Is(errs[0], sdk.ErrNotConnected) {
		t.Fatalf("errs[0] = %v, want %v", errs[0], sdk.ErrNotConnected)
	}

	for _, err := range c.CallPages(t.Context(), "f", []byte(`[`), nil) {
		if !errors.Is(err, sdk.ErrInvalidArgument) {
			t.Fatalf("err = %v, want %v", err, sdk.ErrInvalidArgument)
		}
	}
}

// cursorServer answers function f with next_page next[cursor sent] ("" is
// the first call) and records the cursors sent.
func cursorServer(t *testing.T, mux *http.ServeMux, next map[string]string, output string) *[]string {
	var mu sync.Mutex
	var sent []string
	mux.HandleFunc("/functions/f/call/", func(w http.ResponseWriter, r *http.Request) {
		var p struct {
			NextPage string `json:"next_page"`
		}
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Errorf("decode: %v", err)
		}
		mu.Lock()
		sent = append(sent, p.NextPage)
		mu.Unlock()
		b, _ := json.Marshal(map[string]any{"network_code": "200", "output": json.RawMessage(output), "next_page": next[p.NextPage]})
		writeJSON(w, 200, string(b))
	})
	return &sent
}

func TestCallPageSendsTheCursorInsideParams(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	bodies := personsServer(t, mux, 7, 3, false)
	pg, err := c.CallPage(t.Context(), "pipedrive-get-all-persons", []byte(`{"limit":3}`), "3", nil)
	if err != nil {
		t.Fatal(err)
	}
	if pg.Result == nil || pg.Next != "6" {
		t.Fatalf("page = %+v, want a result and next 6", pg)
	}
	if want := ([]map[string]any{{"limit": 3.0, "next_page": "3"}}); !reflect.DeepEqual(*bodies, want) {
		t.Fatalf("*bodies = %v, want %v", *bodies, want)
	}
	pg, err = c.CallPage(t.Context(), "pipedrive-get-all-persons", nil, "", nil)
	if err != nil || pg.Result == nil || pg.Next != "3" {
		t.Fatalf("first page = %+v, %v; want a result and next 3", pg, err)
	}
	if got := (*bodies)[1]; len(got) != 0 {
		t.Fatalf("the first page sends no cursor: %v", got)
	}
}

func TestCallPageEndsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	for _, output := range []string{`[]`, `{}`, `null`} {
		c, mux, _ := setup(t)
		cursorServer(t, mux, map[string]string{"": "a"}, output)
		pg, err := c.CallPage(t.Context(), "f", nil, "", nil)
		if err != nil || pg.Result != nil || pg.Next != "" {
			t.Errorf("output %s: page = %+v, %v; want no result and no next", output, pg, err)
		}
	}
}

func TestCallPageEndsOnTheCursorItWasSent(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	cursorServer(t, mux, map[string]string{"": "a", "a": "a"}, `[1]`)
	pg, err := c.CallPage(t.Context(), "f", nil, "a", nil)
	if err != nil || pg.Result == nil || pg.Next != "" {
		t.Fatalf("page = %+v, %v; want the result and no next", pg, err)
	}
	if pg.Result.NextPage != "a" {
		t.Fatalf("the result stays as sent: next_page = %q", pg.Result.NextPage)
	}
}

func TestCallPageRefusalIsAnError(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/f/call/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":"Could not call","error_details":["User has not connected their Pipedrive account."]}`)
	})
	if _, err := c.CallPage(t.Context(), "f", nil, "a", nil); !errors.Is(err, sdk.ErrNotConnected) {
		t.Fatalf("err = %v, want %v", err, sdk.ErrNotConnected)
	}
	if _, err := c.CallPage(t.Context(), "f", []byte(`[1]`), "", nil); !errors.Is(err, sdk.ErrInvalidArgument) {
		t.Fatalf("params no object: err = %v, want %v", err, sdk.ErrInvalidArgument)
	}
}

func TestStartPageAnswersAsCallPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	cursorServer(t, mux, map[string]string{"": "a", "a": "b"}, `[1]`)
	done := make(chan sdk.Page, 1)
	c.StartPage(t.Context(), "f", nil, "a", nil, func(pg sdk.Page, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- pg
	})
	if pg := <-done; pg.Result == nil || pg.Next != "b" {
		t.Fatalf("page = %+v, want a result and next b", pg)
	}
}

func TestCallPagesEndsOnACursorSentBefore(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		next map[string]string
		want []string
	}{
		{map[string]string{"": "a", "a": "a"}, []string{"", "a"}},
		{map[string]string{"": "a", "a": "b", "b": "a"}, []string{"", "a", "b"}},
	} {
		c, mux, _ := setup(t)
		sent := cursorServer(t, mux, tc.next, `[1]`)
		pages := 0
		for _, err := range c.CallPages(t.Context(), "f", nil, nil) {
			if err != nil {
				t.Fatal(err)
			}
			if pages++; pages > 10 {
				break // a cycle it does not see would page for ever
			}
		}
		if !reflect.DeepEqual(*sent, tc.want) || pages != len(tc.want) {
			t.Errorf("cursors %v: sent %q and yielded %d pages, want %q", tc.next, *sent, pages, tc.want)
		}
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
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Fatalf("json.NewDecoder(r.Body).Decode(&body): %v", err)
		}
		cursors = append(cursors, body.Cursor)
		if got := r.URL.Query().Get("page_size"); got != "2" {
			t.Fatalf("r.URL.Query().Get(\"page_size\") = %v, want %v", got, "2")
		}
		switch body.Cursor {
		case "":
			writeJSON(w, 200, `{"apps":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"_cursor":"p2","count":3}`)
		default:
			writeJSON(w, 200, `{"apps":[{"id":3,"name":"c"}],"_cursor":null,"count":3}`)
		}
	})
	var names []string
	for app, err := range c.Apps(t.Context(), &sdk.ListAppsOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, app.Name)
	}
	if want := ([]string{"a", "b", "c"}); !reflect.DeepEqual(names, want) {
		t.Fatalf("names = %v, want %v", names, want)
	}
	if want := ([]string{"", "p2"}); !reflect.DeepEqual(cursors, want) {
		t.Fatalf("cursors = %v, want %v", cursors, want)
	}
}

func TestListFunctionsPage(t *testing.T) {
	t.Parallel()
	c, mux, _ := setup(t)
	mux.HandleFunc("/functions/list/", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("_cursor"); got != "c1" {
			t.Fatalf("r.URL.Query().Get(\"_cursor\") = %v, want %v", got, "c1")
		}
		if got := r.URL.Query().Get("connected_only"); got != "true" {
			t.Fatalf("r.URL.Query().Get(\"connected_only\") = %v, want %v", got, "true")
		}
		if got := r.URL.Query().Get("search"); got != "post" {
			t.Fatalf("r.URL.Query().Get(\"search\") = %v, want %v", got, "post")
		}
		writeJSON(w, 200, `{"functions":[],"_cursor":null}`)
	})
	page, err := c.ListFunctions(t.Context(), &sdk.ListFunctionsOptions{Cursor: "c1", ConnectedOnly: true, Search: "post"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Functions) != 0 {
		t.Fatalf("page.Functions = %v, want empty", page.Functions)
	}
	if page.Functions == nil {
		t.Fatalf("page.Functions = %v, want not nil", page.Functions)
	}
	if page.Cursor != "" {
		t.Fatalf("page.Cursor = %v, want %v", page.Cursor, "")
	}
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
		if !errors.Is(err, sdk.ErrUnauthorized) {
			t.Fatalf("err = %v, want %v", err, sdk.ErrUnauthorized)
		}
	}
	if n != 1 {
		t.Fatalf("n = %v, want %v", n, 1)
	}
	_, err := c.ListFunctions(t.Context(), nil)
	if err == nil {
		t.Fatalf("unregistered route answers 404: want an error from err")
	}
}
