package sandbox_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/integry-go/integry/sandbox"
	"github.com/integry-go/integry/sandbox/sandboxtest"
	bolt "go.etcd.io/bbolt"
)

func TestDataSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	withDir := sandboxtest.WithOptions(func(o *sandbox.Options) { o.DataDir = dir })
	sb := sandboxtest.New(t, withDir)
	id := sb.Connect(t, "u1", "pipedrive", "jane")
	c := sb.Client(t, "u1")
	if res, err := c.CallFunction(t.Context(), "pipedrive-add-a-person", json.RawMessage(`{"name":"Kept Person"}`), nil); err != nil || !res.Executed {
		t.Fatalf("add: %v", err)
	}
	if err := sb.Server.Close(); err != nil {
		t.Fatal(err)
	}

	sb2 := sandboxtest.New(t, withDir)
	c2 := sb2.Client(t, "u1")
	accs, err := c2.ConnectedAccounts(t.Context(), "pipedrive")
	if err != nil || len(accs) != 1 || accs[0].ID != id {
		t.Fatalf("accounts after restart %v %v", accs, err)
	}
	res, err := c2.CallFunction(t.Context(), "pipedrive-get-all-persons", nil, nil)
	if err != nil || !strings.Contains(string(res.Output.JSON()), "Kept Person") {
		t.Fatalf("persons after restart: %v %s", err, res.Doc.JSON())
	}
	if calls := sb2.Calls(t, "u1"); len(calls) != 2 {
		t.Fatalf("call log after restart: %d calls", len(calls))
	}
	if next := sb2.Connect(t, "u1", "slack", "new"); next <= id {
		t.Fatalf("IDs must keep growing after a restart: %d after %d", next, id)
	}
}

// The child half of TestKillDashNineMidWrite: a sandbox on the given data
// folder that writes as fast as it can and prints each acknowledged write.
func TestKillChildWriter(t *testing.T) {
	dir := os.Getenv("SANDBOX_KILL_CHILD_DIR")
	if dir == "" {
		t.Skip("runs only as the child of TestKillDashNineMidWrite")
	}
	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) { o.DataDir = dir }))
	c := sb.Client(t, "killer")
	for i := 0; ; i++ {
		m, err := sb.ConnectAccount("killer", "slack", fmt.Sprintf("acct-%d", i), "")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("account %d\n", m.AuthorizationID)
		name := fmt.Sprintf("person-%d", i)
		if m, err := sb.ConnectAccount("killer", "pipedrive", "pd", ""); err != nil || (i > 0 && !m.AlreadyExists) {
			t.Fatal(err)
		}
		res, err := c.CallFunction(t.Context(), "pipedrive-add-a-person", json.RawMessage(`{"name":"`+name+`"}`), nil)
		if err != nil || res.NetworkCode != "200" {
			t.Fatal(err)
		}
		fmt.Printf("person %s\n", name)
	}
}

// A real child process writes to a bbolt store and is killed with SIGKILL
// while writing. The store must open cleanly, pass bbolt's consistency
// check, and hold every write the child had acknowledged.
func TestKillDashNineMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChildWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SANDBOX_KILL_CHILD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var accounts []int64
	var persons []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(persons) < 150 {
		kind, v, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "account":
			id, _ := strconv.ParseInt(v, 10, 64)
			accounts = append(accounts, id)
		case "person":
			persons = append(persons, v)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(persons) < 150 {
		t.Fatalf("the child stopped early after %d persons", len(persons))
	}

	db, err := bolt.Open(filepath.Join(dir, "sandbox.db"), 0o600, nil)
	if err != nil {
		t.Fatalf("the store does not open after kill -9: %v", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatalf("bbolt consistency check: %v", err)
	}

	sb := sandboxtest.New(t, sandboxtest.WithOptions(func(o *sandbox.Options) { o.DataDir = dir }))
	c := sb.Client(t, "killer")
	got, err := c.ConnectedAccounts(t.Context(), "slack")
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, a := range got {
		have[a.ID] = true
	}
	for _, id := range accounts {
		if !have[id] {
			t.Fatalf("acknowledged account %d is gone after kill -9", id)
		}
	}
	var stored []string
	for res, err := range c.CallPages(t.Context(), "pipedrive-get-all-persons", json.RawMessage(`{"limit":100}`), nil) {
		if err != nil {
			t.Fatal(err)
		}
		var page []struct{ Name string }
		json.Unmarshal(res.Output.JSON(), &page)
		for _, p := range page {
			stored = append(stored, p.Name)
		}
	}
	for _, p := range persons {
		if !slices.Contains(stored, p) {
			t.Fatalf("acknowledged %s is gone after kill -9", p)
		}
	}
	t.Logf("killed after %d acknowledged accounts and %d persons; store has %d persons", len(accounts), len(persons), len(stored))
}
