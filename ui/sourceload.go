package ui

import (
	"github.com/integry-go/integry/sdk"
)

// sourceLoad is the one data-source loader the dynamic dropdown and the
// custom-fields sub-form share: it builds the request from the form's
// current values (Form.SourceRequest), holds back while a field the source
// refers to is empty, sends one request at a time off the view's lock, and
// hands the answer back under the lock unless the widget was reset or the
// form destroyed in the meantime. The wire is in
// docs/protocol-additions.md#data-source-request.
//
// Goroutines: as the form view's. start and reset are called with the
// view's lock held; parse runs in the request's goroutine, without it.
type sourceLoad struct {
	v       *FormView
	f       *Field
	what    string // names the request in the reports of a panic (see spawn)
	gen     int    // bumps on reset: answers of an older generation are dropped
	loading bool   // a request is out
}

// start asks for one page of the source (cursor "" for the first) unless
// a request is already out, the form has no source or shows a banner.
// waiting lists the labels of the fields to fill first: nothing was sent.
// started reports that a request went out: parse then reads its answer,
// and done runs with the lock held once it is in (err is the request's,
// the parse's, or an internal error after a panic).
func (l *sourceLoad) start(cursor string, parse func(sdk.Doc) error, done func(err error)) (waiting []string, started bool) {
	v := l.v
	if l.loading || v.src == nil || v.banner != nil {
		return nil, false
	}
	req, waiting := v.form.SourceRequest(l.f, cursor, v.src.Params)
	if len(waiting) > 0 {
		return waiting, false
	}
	l.loading = true
	gen, ctx, src := l.gen, v.ctx, v.src
	finish := func(err error) {
		defer v.lock()()
		if v.destroyed || gen != l.gen {
			return
		}
		l.loading = false
		done(err)
	}
	spawn(v.opts.Events, l.what, func() {
		body, err := src.Fetch(ctx, req)
		if err == nil {
			err = parse(body)
		}
		finish(err)
	}, func() { finish(sdk.NewError(sdk.CodeInternal, "internal error")) })
	return nil, true
}

// reset forgets the request that is out, if any: its answer will be
// dropped. Lock held.
func (l *sourceLoad) reset() {
	l.gen++
	l.loading = false
}

// showStatus writes a data-source widget's status line (a dropdown's, a
// custom-fields sub-form's) and shows its Try again button when retry is
// set, hides it otherwise. Lock held.
func showStatus(status, tryAgain Element, text string, retry bool) {
	status.SetText(text)
	if retry {
		tryAgain.RemoveAttr("hidden")
	} else if tryAgain.Attr("hidden") == "" {
		tryAgain.SetAttr("hidden", "")
	}
}
