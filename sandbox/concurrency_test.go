package sandbox_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/integry-go/integry/sandbox/sandboxtest"
	"github.com/integry-go/integry/sdk"
	"github.com/integry-go/integry/sdk/nethttp"
)

// 200 goroutines act as 20 users (10 each). Every goroutine connects its own
// Slack account, posts through it, adds a Pipedrive person to the user's
// shared Pipedrive account, disconnects its Slack account, and checks what
// it can see. Afterwards no write is missing and no user saw another's data.
func TestConcurrentUsersNeitherLeakNorLoseWrites(t *testing.T) {
	const users, perUser = 20, 10
	sb := sandboxtest.New(t)
	userID := func(u int) string { return fmt.Sprintf("user-%02d", u) }
	// One Pipedrive account per user (pipedrive allows only one), connected
	// concurrently by all of its goroutines: they must end up on one account.
	var wg sync.WaitGroup
	errs := make(chan error, users*perUser)
	for u := range users {
		for g := range perUser {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := actAsUser(t, sb, userID(u), g); err != nil {
					errs <- fmt.Errorf("%s/%d: %w", userID(u), g, err)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	for u := range users {
		user := userID(u)
		c := sb.Client(t, user)
		// Every person each goroutine added is there, and only those.
		var names []string
		for res, err := range c.CallPages(t.Context(), "pipedrive-get-all-persons", json.RawMessage(`{"limit":4}`), nil) {
			if err != nil {
				t.Fatal(err)
			}
			var persons []struct{ Name string }
			json.Unmarshal(res.Output.JSON(), &persons)
			for _, p := range persons {
				names = append(names, p.Name)
			}
		}
		slices.Sort(names)
		var want []string
		for g := range perUser {
			want = append(want, fmt.Sprintf("%s person %d", user, g))
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s persons %v\nwant %v", user, names, want)
		}
		// The call log holds exactly this user's executed calls: per
		// goroutine one post, one add, one history read; plus the pages read above.
		calls := sb.Calls(t, user)
		count := map[string]int{}
		for _, cl := range calls {
			count[cl.Function]++
			if !strings.Contains(string(cl.Arguments), user) && cl.Function != "pipedrive-get-all-persons" && cl.Function != "slack-get-conversation-history" {
				t.Errorf("%s's log holds a call with arguments %s", user, cl.Arguments)
			}
		}
		if count["slack-post-message"] != perUser || count["pipedrive-add-a-person"] != perUser || count["slack-get-conversation-history"] != perUser {
			t.Errorf("%s call log counts %v", user, count)
		}
		accs, err := c.ConnectedAccounts(t.Context(), "slack")
		if err != nil || len(accs) != 0 {
			t.Errorf("%s still has slack accounts %v (%v)", user, accs, err)
		}
		pd, err := c.ConnectedAccounts(t.Context(), "pipedrive")
		if err != nil || len(pd) != 1 {
			t.Errorf("%s pipedrive accounts %v (%v)", user, pd, err)
		}
	}
}

func actAsUser(t *testing.T, sb *sandboxtest.Sandbox, user string, g int) error {
	c, err := nethttp.NewClient(sb.Config(user))
	if err != nil {
		return err
	}
	ctx := t.Context()
	display := fmt.Sprintf("%s-slack-%d", user, g)
	slack, err := sb.ConnectAccount(user, "slack", display, "")
	if err != nil {
		return err
	}
	if _, err := sb.ConnectAccount(user, "pipedrive", user+"-pipedrive", ""); err != nil { // the same external account each time
		return err
	}
	id := sandboxtest.AccountID(slack.AuthorizationID)
	text := fmt.Sprintf("%s message %d", user, g)
	res, err := c.CallFunction(ctx, "slack-post-message", json.RawMessage(`{"channel":"general","text":"`+text+`"}`), &sdk.CallOptions{ConnectedAccountID: id})
	if err != nil || !res.Executed || !strings.Contains(string(res.Output.JSON()), `"ok":true`) {
		return fmt.Errorf("post: %v %s", err, res.Doc.JSON())
	}
	// Its Slack workspace holds exactly its own message.
	res, err = c.CallFunction(ctx, "slack-get-conversation-history", json.RawMessage(`{"channel":"general"}`), &sdk.CallOptions{ConnectedAccountID: id})
	if err != nil || !res.Executed {
		return fmt.Errorf("history: %v", err)
	}
	var hist []struct{ Text string }
	json.Unmarshal(res.Output.JSON(), &hist)
	if len(hist) != 1 || hist[0].Text != text {
		return fmt.Errorf("history of %s: %s", display, res.Output)
	}
	res, err = c.CallFunction(ctx, "pipedrive-add-a-person", json.RawMessage(fmt.Sprintf(`{"name":"%s person %d"}`, user, g)), nil)
	if err != nil || res.NetworkCode != "200" {
		return fmt.Errorf("add person: %v %s", err, res.Doc.JSON())
	}
	// Everything this user can see belongs to this user.
	accs, err := c.ConnectedAccounts(ctx, "slack")
	if err != nil {
		return err
	}
	for _, a := range accs {
		if !strings.HasPrefix(a.DisplayName, user+"-") {
			return fmt.Errorf("sees foreign account %+v", a)
		}
	}
	// Deleting is by ID, and only one's own IDs work.
	if _, err := c.Disconnect(ctx, "slack", id); err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	if err := c.DeleteConnectedAccount(ctx, id, false); sdk.CodeOf(err) != sdk.CodeNotFound {
		return fmt.Errorf("second delete: %v", err)
	}
	return nil
}
