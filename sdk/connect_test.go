package sdk_test

import (
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
)

// fakePopup records what the flow does to the window.
type fakePopup struct {
	mu        sync.Mutex
	navigated []string
	closed    atomic.Bool
	closes    atomic.Int32
	navErr    error
}

func (p *fakePopup) Navigate(u string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.navigated = append(p.navigated, u)
	return p.navErr
}
func (p *fakePopup) Closed() bool { return p.closed.Load() }
func (p *fakePopup) Close()       { p.closes.Add(1); p.closed.Store(true) }

// accountsBackend serves apps/{app}/get with a mutable account list.
type accountsBackend struct {
	mu       sync.Mutex
	accounts []sdk.ConnectedAccount
	loginURL string
	deleted  []string
	failGets atomic.Bool
	gets     atomic.Int32
}

// waitGets polls until the app has been fetched n times; the deadline only
// stops a hang.
func (b *accountsBackend) waitGets(t *testing.T, n int32) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for b.gets.Load() < n {
		if time.Now().After(deadline) {
			t.Errorf("the app was fetched %d times, want %d", b.gets.Load(), n)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func (b *accountsBackend) add(id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.accounts = append(b.accounts, sdk.ConnectedAccount{ID: id, DisplayName: "acc " + strconv.FormatInt(id, 10), ModifiedAt: time.Unix(1700000000+id, 0).UTC()})
}

func (b *accountsBackend) mount(t *testing.T, mux *http.ServeMux, base string) {
	mux.HandleFunc("/apps/slack/get/", func(w http.ResponseWriter, r *http.Request) {
		defer b.gets.Add(1)
		if b.failGets.Load() {
			writeJSON(w, 404, `{"detail":"App not found"}`)
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		login := b.loginURL
		if login == "" {
			login = base + "/sandbox/login/slack/"
		} else if login == "none" {
			login = ""
		}
		out := (&sdk.App{ID: 7, Name: "slack", Title: "Slack", LoginURL: login, ConnectedAccounts: b.accounts}).JSON()
		writeJSON(w, 200, string(out))
	})
	mux.HandleFunc("/connected-accounts/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete {
			t.Fatalf("r.Method = %v, want %v", r.Method, http.MethodDelete)
		}
		id := r.URL.Path[len("/connected-accounts/"):]
		b.mu.Lock()
		defer b.mu.Unlock()
		for i, a := range b.accounts {
			if strconv.FormatInt(a.ID, 10) == id {
				b.accounts = append(b.accounts[:i], b.accounts[i+1:]...)
				b.deleted = append(b.deleted, id)
				w.WriteHeader(204)
				return
			}
		}
		writeJSON(w, 404, `{"detail":"Not found."}`)
	})
	mux.HandleFunc("/apps/list/", func(w http.ResponseWriter, r *http.Request) {
		b.mu.Lock()
		defer b.mu.Unlock()
		app := (&sdk.App{ID: 7, Name: "slack", ConnectedAccounts: b.accounts}).JSON()
		writeJSON(w, 200, `{"apps":[`+string(app)+`],"_cursor":null}`)
	})
}

func connectSetup(t *testing.T) (*sdk.Client, *accountsBackend, string, chan sdk.Message, []*sdk.App) {
	c, mux, url := setup(t)
	b := &accountsBackend{}
	b.mount(t, mux, url)
	return c, b, url, make(chan sdk.Message, 4), nil
}

func recordEvents(c *sdk.Client, name sdk.Event) *[]*sdk.App {
	var mu sync.Mutex
	var got []*sdk.App
	c.Events().On(name, func(p any) { mu.Lock(); got = append(got, p.(*sdk.App)); mu.Unlock() })
	return &got
}

func TestConnectSucceedsOnAuthorizationMessage(t *testing.T) {
	t.Parallel()
	c, b, url, msgs, _ := connectSetup(t)
	b.add(1)
	events := recordEvents(c, sdk.EventAppConnected)
	popup := &fakePopup{}
	go func() {
		// Noise first: another origin, a message not from the popup, an
		// unrelated message from the right origin. All are ignored.
		msgs <- sdk.Message{Origin: "https://evil.example", FromPopup: true, Data: mustDoc(`{"authorization_id":666}`)}
		msgs <- sdk.Message{Origin: url, FromPopup: false, Data: mustDoc(`{"authorization_id":666}`)}
		msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`"hello"`)}
		msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`{"type":"resize"}`)}
		b.add(2)
		msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`{"authorization_id":2,"user_identity":"jane","already_exists":false}`)}
	}()
	res, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs, PollInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if res.AccountID != "2" {
		t.Fatalf("res.AccountID = %v, want %v", res.AccountID, "2")
	}
	if res.UserIdentity != "jane" {
		t.Fatalf("res.UserIdentity = %v, want %v", res.UserIdentity, "jane")
	}
	if want := ([]string{url + "/sandbox/login/slack/"}); !reflect.DeepEqual(popup.navigated, want) {
		t.Fatalf("popup.navigated = %v, want %v", popup.navigated, want)
	}
	if !(popup.closed.Load()) {
		t.Fatalf("the popup is closed on success: want popup.closed.Load()")
	}
	if n := len(*events); n != 1 {
		t.Fatalf("len(*events) = %d, want %d", n, 1)
	}
	got := (*events)[0]
	if got.ConnectedAccountID != "2" {
		t.Fatalf("got.ConnectedAccountID = %v, want %v", got.ConnectedAccountID, "2")
	}
	if n := len(got.ConnectedAccounts); n != 2 {
		t.Fatalf("the event carries the re-fetched app, new account included: len(got.ConnectedAccounts) = %d, want %d", n, 2)
	}
	if want := int64(2); got.ConnectedAccounts[0].ID != want {
		t.Fatalf("newest first: got.ConnectedAccounts[0].ID = %v, want %v", got.ConnectedAccounts[0].ID, want)
	}
}

func TestConnectAcceptsStringIDsAndExtraOrigins(t *testing.T) {
	t.Parallel()
	c, b, _, msgs, _ := connectSetup(t)
	b.add(5)
	msgs <- sdk.Message{Origin: "https://auth.example/", FromPopup: true, Data: mustDoc(`{"authorization_id":"5"}`)}
	res, err := c.Connect(t.Context(), "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs, AllowedOrigins: []string{"https://auth.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.AccountID != "5" {
		t.Fatalf("res.AccountID = %v, want %v", res.AccountID, "5")
	}
}

func TestConnectDenied(t *testing.T) {
	t.Parallel()
	c, _, url, msgs, _ := connectSetup(t)
	events := recordEvents(c, sdk.EventAppConnected)
	msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`{"error":"access_denied"}`)}
	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodeConnectFailed {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeConnectFailed)
	}
	if !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "access_denied")
	}
	if !(popup.closed.Load()) {
		t.Fatalf("want popup.closed.Load()")
	}
	if len(*events) != 0 {
		t.Fatalf("*events = %v, want empty", *events)
	}
}

func TestConnectClosedPopupIsCheckedAgainstTheServer(t *testing.T) {
	t.Parallel()
	t.Run("no new account: cancelled", func(t *testing.T) {
		t.Parallel()
		c, b, _, msgs, _ := connectSetup(t)
		b.add(1)
		popup := &fakePopup{}
		popup.closed.Store(true)
		_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs, PollInterval: time.Millisecond})
		if got := errCode(t, err); got != sdk.CodeConnectCancelled {
			t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeConnectCancelled)
		}
		if !strings.Contains(err.Error(), "Authorization window was closed by the user") {
			t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "Authorization window was closed by the user")
		}
	})
	t.Run("new account appeared: success (COOP can hide the message)", func(t *testing.T) {
		t.Parallel()
		c, b, _, msgs, _ := connectSetup(t)
		b.add(1)
		events := recordEvents(c, sdk.EventAppConnected)
		popup := &fakePopup{}
		go func() {
			b.waitGets(t, 1)
			b.add(9)
			popup.closed.Store(true)
		}()
		close(msgs) // no message will ever come
		res, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs, PollInterval: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if res.AccountID != "9" {
			t.Fatalf("res.AccountID = %v, want %v", res.AccountID, "9")
		}
		if n := len(*events); n != 1 {
			t.Fatalf("len(*events) = %d, want %d", n, 1)
		}
	})
}

func TestConnectTimeoutBlockedAndCancelled(t *testing.T) {
	t.Parallel()
	c, _, _, msgs, _ := connectSetup(t)

	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs, Timeout: 20 * time.Millisecond})
	if got := errCode(t, err); got != sdk.CodeConnectTimeout {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeConnectTimeout)
	}
	if !(popup.closed.Load()) {
		t.Fatalf("the popup is closed at the deadline: want popup.closed.Load()")
	}

	_, err = c.Connect(t.Context(), "slack", nil, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodePopupBlocked {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodePopupBlocked)
	}

	ctx, cancel := contextWithCancelCause(t)
	go func() { time.Sleep(5 * time.Millisecond); cancel(sdk.ErrDestroyed) }()
	_, err = c.Connect(ctx, "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	if !errors.Is(err, sdk.ErrDestroyed) {
		t.Fatalf("err = %v, want %v", err, sdk.ErrDestroyed)
	}

	_, err = c.Connect(t.Context(), " ", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodeInvalidArgument {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
	}
}

func TestConnectAppProblems(t *testing.T) {
	t.Parallel()
	c, b, _, msgs, _ := connectSetup(t)
	b.loginURL = "none"
	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodeNoLoginRequired {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeNoLoginRequired)
	}
	if !strings.Contains(err.Error(), "App not found or no authentication required: slack") {
		t.Fatalf("err.Error() = %v, want it to contain %v", err.Error(), "App not found or no authentication required: slack")
	}
	if !(popup.closed.Load()) {
		t.Fatalf("want popup.closed.Load()")
	}

	b.loginURL = ""
	b.failGets.Store(true)
	_, err = c.Connect(t.Context(), "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodeAppNotFound {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeAppNotFound)
	}

	b.failGets.Store(false)
	_, err = c.Connect(t.Context(), "slack", &fakePopup{navErr: errors.New("nope")}, sdk.ConnectOptions{Messages: msgs})
	if got := errCode(t, err); got != sdk.CodeConnectFailed {
		t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeConnectFailed)
	}
}

func TestConnectSucceedsEvenIfTheRefetchFails(t *testing.T) {
	t.Parallel()
	c, b, url, msgs, _ := connectSetup(t)
	events := recordEvents(c, sdk.EventAppConnected)
	go func() {
		b.waitGets(t, 1)
		b.failGets.Store(true)
		msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`{"authorization_id":3}`)}
	}()
	res, err := c.Connect(t.Context(), "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	if err != nil {
		t.Fatal(err)
	}
	if res.AccountID != "3" {
		t.Fatalf("res.AccountID = %v, want %v", res.AccountID, "3")
	}
	if got := (*events)[0].ConnectedAccountID; got != "3" {
		t.Fatalf("(*events)[0].ConnectedAccountID = %v, want %v", got, "3")
	}
}

func TestDisconnect(t *testing.T) {
	t.Parallel()
	t.Run("the only account", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		events := recordEvents(c, sdk.EventAppDisconnected)
		app, err := c.Disconnect(t.Context(), "slack", "")
		if err != nil {
			t.Fatal(err)
		}
		if app.ConnectedAccountID != "1" {
			t.Fatalf("app.ConnectedAccountID = %v, want %v", app.ConnectedAccountID, "1")
		}
		if len(app.ConnectedAccounts) != 0 {
			t.Fatalf("app.ConnectedAccounts = %v, want empty", app.ConnectedAccounts)
		}
		if app.ConnectedAccounts == nil {
			t.Fatalf("an empty array, not null, for JavaScript: app.ConnectedAccounts = %v, want not nil", app.ConnectedAccounts)
		}
		if n := len(*events); n != 1 {
			t.Fatalf("len(*events) = %d, want %d", n, 1)
		}
		if want := ([]string{"1"}); !reflect.DeepEqual(b.deleted, want) {
			t.Fatalf("b.deleted = %v, want %v", b.deleted, want)
		}
	})
	t.Run("none or several without an id", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		_, err := c.Disconnect(t.Context(), "slack", "")
		if got := errCode(t, err); got != sdk.CodeNotConnected {
			t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeNotConnected)
		}
		b.add(1)
		b.add(2)
		_, err = c.Disconnect(t.Context(), "slack", "")
		if got := errCode(t, err); got != sdk.CodeAmbiguousAccount {
			t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeAmbiguousAccount)
		}
		_, err = c.Disconnect(t.Context(), "", "")
		if got := errCode(t, err); got != sdk.CodeInvalidArgument {
			t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeInvalidArgument)
		}
		if len(b.deleted) != 0 {
			t.Fatalf("b.deleted = %v, want empty", b.deleted)
		}
	})
	t.Run("by id, remaining accounts newest first", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		b.add(2)
		b.add(3)
		events := recordEvents(c, sdk.EventAppDisconnected)
		app, err := c.Disconnect(t.Context(), "slack", "2")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := []int64{app.ConnectedAccounts[0].ID, app.ConnectedAccounts[1].ID}, ([]int64{3, 1}); !reflect.DeepEqual(got, want) {
			t.Fatalf("[]int64{app.ConnectedAccounts[0].ID, app.ConnectedAccount... = %v, want %v", got, want)
		}
		if n := len(*events); n != 1 {
			t.Fatalf("len(*events) = %d, want %d", n, 1)
		}
	})
	t.Run("by id alone: the app is found", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(4)
		app, err := c.Disconnect(t.Context(), "", "4")
		if err != nil {
			t.Fatal(err)
		}
		if app.Name != "slack" {
			t.Fatalf("app.Name = %v, want %v", app.Name, "slack")
		}
	})
	t.Run("a failed delete emits nothing", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		events := recordEvents(c, sdk.EventAppDisconnected)
		_, err := c.Disconnect(t.Context(), "slack", "99")
		if got := errCode(t, err); got != sdk.CodeNotFound {
			t.Fatalf("errCode(t, err) = %v, want %v", got, sdk.CodeNotFound)
		}
		if len(*events) != 0 {
			t.Fatalf("*events = %v, want empty", *events)
		}
	})
}
