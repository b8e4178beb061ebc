package sdk_test

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
		require.Equal(t, http.MethodDelete, r.Method)
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
	require.NoError(t, err)
	require.Equal(t, "2", res.AccountID)
	require.Equal(t, "jane", res.UserIdentity)
	require.Equal(t, []string{url + "/sandbox/login/slack/"}, popup.navigated)
	require.True(t, popup.closed.Load(), "the popup is closed on success")
	require.Len(t, *events, 1)
	got := (*events)[0]
	require.Equal(t, "2", got.ConnectedAccountID)
	require.Len(t, got.ConnectedAccounts, 2, "the event carries the re-fetched app, new account included")
	require.Equal(t, int64(2), got.ConnectedAccounts[0].ID, "newest first")
}

func TestConnectAcceptsStringIDsAndExtraOrigins(t *testing.T) {
	t.Parallel()
	c, b, _, msgs, _ := connectSetup(t)
	b.add(5)
	msgs <- sdk.Message{Origin: "https://auth.example/", FromPopup: true, Data: mustDoc(`{"authorization_id":"5"}`)}
	res, err := c.Connect(t.Context(), "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs, AllowedOrigins: []string{"https://auth.example"}})
	require.NoError(t, err)
	require.Equal(t, "5", res.AccountID)
}

func TestConnectDenied(t *testing.T) {
	t.Parallel()
	c, _, url, msgs, _ := connectSetup(t)
	events := recordEvents(c, sdk.EventAppConnected)
	msgs <- sdk.Message{Origin: url, FromPopup: true, Data: mustDoc(`{"error":"access_denied"}`)}
	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodeConnectFailed, errCode(t, err))
	require.Contains(t, err.Error(), "access_denied")
	require.True(t, popup.closed.Load())
	require.Empty(t, *events)
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
		require.Equal(t, sdk.CodeConnectCancelled, errCode(t, err))
		require.Contains(t, err.Error(), "Authorization window was closed by the user")
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
		require.NoError(t, err)
		require.Equal(t, "9", res.AccountID)
		require.Len(t, *events, 1)
	})
}

func TestConnectTimeoutBlockedAndCancelled(t *testing.T) {
	t.Parallel()
	c, _, _, msgs, _ := connectSetup(t)

	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs, Timeout: 20 * time.Millisecond})
	require.Equal(t, sdk.CodeConnectTimeout, errCode(t, err))
	require.True(t, popup.closed.Load(), "the popup is closed at the deadline")

	_, err = c.Connect(t.Context(), "slack", nil, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodePopupBlocked, errCode(t, err))

	ctx, cancel := contextWithCancelCause(t)
	go func() { time.Sleep(5 * time.Millisecond); cancel(sdk.ErrDestroyed) }()
	_, err = c.Connect(ctx, "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	require.ErrorIs(t, err, sdk.ErrDestroyed)

	_, err = c.Connect(t.Context(), " ", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
}

func TestConnectAppProblems(t *testing.T) {
	t.Parallel()
	c, b, _, msgs, _ := connectSetup(t)
	b.loginURL = "none"
	popup := &fakePopup{}
	_, err := c.Connect(t.Context(), "slack", popup, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodeNoLoginRequired, errCode(t, err))
	require.Contains(t, err.Error(), "App not found or no authentication required: slack")
	require.True(t, popup.closed.Load())

	b.loginURL = ""
	b.failGets.Store(true)
	_, err = c.Connect(t.Context(), "slack", &fakePopup{}, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodeAppNotFound, errCode(t, err))

	b.failGets.Store(false)
	_, err = c.Connect(t.Context(), "slack", &fakePopup{navErr: errors.New("nope")}, sdk.ConnectOptions{Messages: msgs})
	require.Equal(t, sdk.CodeConnectFailed, errCode(t, err))
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
	require.NoError(t, err)
	require.Equal(t, "3", res.AccountID)
	require.Equal(t, "3", (*events)[0].ConnectedAccountID)
}

func TestDisconnect(t *testing.T) {
	t.Parallel()
	t.Run("the only account", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		events := recordEvents(c, sdk.EventAppDisconnected)
		app, err := c.Disconnect(t.Context(), "slack", "")
		require.NoError(t, err)
		require.Equal(t, "1", app.ConnectedAccountID)
		require.Empty(t, app.ConnectedAccounts)
		require.NotNil(t, app.ConnectedAccounts, "an empty array, not null, for JavaScript")
		require.Len(t, *events, 1)
		require.Equal(t, []string{"1"}, b.deleted)
	})
	t.Run("none or several without an id", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		_, err := c.Disconnect(t.Context(), "slack", "")
		require.Equal(t, sdk.CodeNotConnected, errCode(t, err))
		b.add(1)
		b.add(2)
		_, err = c.Disconnect(t.Context(), "slack", "")
		require.Equal(t, sdk.CodeAmbiguousAccount, errCode(t, err))
		_, err = c.Disconnect(t.Context(), "", "")
		require.Equal(t, sdk.CodeInvalidArgument, errCode(t, err))
		require.Empty(t, b.deleted)
	})
	t.Run("by id, remaining accounts newest first", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		b.add(2)
		b.add(3)
		events := recordEvents(c, sdk.EventAppDisconnected)
		app, err := c.Disconnect(t.Context(), "slack", "2")
		require.NoError(t, err)
		require.Equal(t, []int64{3, 1}, []int64{app.ConnectedAccounts[0].ID, app.ConnectedAccounts[1].ID})
		require.Len(t, *events, 1)
	})
	t.Run("by id alone: the app is found", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(4)
		app, err := c.Disconnect(t.Context(), "", "4")
		require.NoError(t, err)
		require.Equal(t, "slack", app.Name)
	})
	t.Run("a failed delete emits nothing", func(t *testing.T) {
		t.Parallel()
		c, b, _, _, _ := connectSetup(t)
		b.add(1)
		events := recordEvents(c, sdk.EventAppDisconnected)
		_, err := c.Disconnect(t.Context(), "slack", "99")
		require.Equal(t, sdk.CodeNotFound, errCode(t, err))
		require.Empty(t, *events)
	})
}
