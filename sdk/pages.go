package sdk

import (
	"context"
	"iter"

	"github.com/integry-go/integry/internal/jsonx"
)

// Paging a function follows one set of rules (docs/design.md#paging). A
// paginated function answers a page with a next_page cursor, which goes
// back inside the arguments of the next call. Paging ends at a page with no
// next_page, at an empty page (whose output is null, [] or {}: the
// documented last-page quirk) and at a cursor sent before, so a function
// that keeps answering one cursor cannot page for ever. A call Integry did
// not execute ends paging with its [CallResult.Err].
//
// [Client.CallPage] and [Client.StartPage] run one page with no state kept
// between pages; [Client.CallPages] iterates over them.

// Page is one page of a paginated function.
type Page struct {
	// Result is the page's executed call result, as the server sent it;
	// nil when the page was empty, which ends paging.
	Result *CallResult
	// Next is the cursor of the following page: the result's next_page, or
	// "" when paging ends with this page.
	Next string
}

// CallPage runs one page of a paginated function: the first when cursor is
// "", else the page that cursor (a [Page.Next]) names. A stateless caller
// remembers only the cursor it sent, so the cursor it is sent again ends
// paging here (Next is ""); an iterator that holds state also ends at any
// cursor it sent before, as CallPages does.
func (c *Client) CallPage(ctx context.Context, name string, params []byte, cursor string, opts *CallOptions) (Page, error) {
	body, err := pageArgs(params, cursor)
	if err != nil {
		return Page{}, err
	}
	res, err := c.CallFunction(ctx, name, body, opts)
	return pageOf(res, err, cursor)
}

// StartPage is CallPage for a caller that must not block, as [Client.StartCall]
// is CallFunction's: done is called once, with what CallPage would return.
func (c *Client) StartPage(ctx context.Context, name string, params []byte, cursor string, opts *CallOptions, done func(Page, error)) {
	body, err := pageArgs(params, cursor)
	if err != nil {
		done(Page{}, err)
		return
	}
	c.StartCall(ctx, name, body, opts, func(res *CallResult, err error) {
		done(pageOf(res, err, cursor))
	})
}

// CallPages runs a paginated function page by page, from the first: each
// page's executed result is yielded until paging ends (see [Page]); a call
// Integry did not execute ends the sequence with its [CallResult.Err].
func (c *Client) CallPages(ctx context.Context, name string, params []byte, opts *CallOptions) iter.Seq2[*CallResult, error] {
	return func(yield func(*CallResult, error) bool) {
		seen := map[string]bool{}
		cursor := ""
		for {
			pg, err := c.CallPage(ctx, name, params, cursor, opts)
			if err != nil {
				yield(nil, err)
				return
			}
			if pg.Result == nil || !yield(pg.Result, nil) || pg.Next == "" || seen[pg.Next] {
				return
			}
			seen[pg.Next] = true
			cursor = pg.Next
		}
	}
}

// pageArgs is the arguments of the page cursor names: params (an object;
// absent or null is {}) with next_page set to cursor, unless cursor is "".
func pageArgs(params []byte, cursor string) ([]byte, error) {
	body, err := objectOrEmpty("params", params)
	if err != nil || cursor == "" {
		return body, err
	}
	return jsonx.SetKey(body, "next_page", jsonx.AppendString(nil, cursor))
}

// pageOf applies the rules of paging to the answer to the page cursor
// named.
func pageOf(res *CallResult, err error, cursor string) (Page, error) {
	if err == nil {
		err = res.Err()
	}
	if err != nil {
		return Page{}, err
	}
	if isEmpty(res.Output) {
		return Page{}, nil
	}
	next := res.NextPage
	if next == cursor {
		next = ""
	}
	return Page{Result: res, Next: next}, nil
}
