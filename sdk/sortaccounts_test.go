package sdk_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/integry-go/integry/sdk"
)

// SortAccounts puts the newest account first, breaks ties by the higher
// ID, and keeps accounts equal in both in the order they came: exactly
// what a stable sort by that order gives, on any input.
func TestSortAccountsNewestFirstStable(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	accounts := []sdk.ConnectedAccount{
		{ID: 1, DisplayName: "old", ModifiedAt: day},
		{ID: 2, DisplayName: "new", ModifiedAt: day.Add(time.Hour)},
		{ID: 3, DisplayName: "old, higher ID", ModifiedAt: day},
		{ID: 3, DisplayName: "old, higher ID, second", ModifiedAt: day},
		{ID: 4, DisplayName: "never modified"},
	}
	sdk.SortAccounts(accounts)
	var got []string
	for _, a := range accounts {
		got = append(got, a.DisplayName)
	}
	want := []string{"new", "old, higher ID", "old, higher ID, second", "old", "never modified"}
	if !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}

	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		in := make([]sdk.ConnectedAccount, n%40)
		for i := range in {
			in[i] = sdk.ConnectedAccount{ID: r.Int64N(5), DisplayName: strconv.Itoa(i), ModifiedAt: day.Add(time.Duration(r.IntN(4)) * time.Minute)}
		}
		want := slices.Clone(in)
		slices.SortStableFunc(want, func(a, b sdk.ConnectedAccount) int {
			if c := b.ModifiedAt.Compare(a.ModifiedAt); c != 0 {
				return c
			}
			return int(b.ID - a.ID)
		})
		sdk.SortAccounts(in)
		for i := range in {
			if in[i].DisplayName != want[i].DisplayName {
				t.Fatalf("input %d: position %d holds %s, want %s", n, i, in[i].DisplayName, want[i].DisplayName)
			}
		}
	}
}
