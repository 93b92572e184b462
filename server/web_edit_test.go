package server_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// browser starts headless Chromium (the brief's flags, a fresh profile)
// driven over the DevTools protocol, for tests that click and type.
func browser(t *testing.T) context.Context {
	t.Helper()
	chromium := testutil.NeedTool(t, "chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// TestPageEditInChromium: with a write token, a translator loads
// /?q=…, finds the match, edits its target through the page (typing into
// the form and pressing Save), sees its history, deletes another unit,
// and lists the memories; each change is checked in the store.
func TestPageEditInChromium(t *testing.T) {
	f := newFixture(t, server.Options{})
	ctx := context.Background()
	us, err := f.db.ListUnits(ctx, store.UnitListFilter{UnitFilter: store.UnitFilter{Source: "19. Juni"}})
	if err != nil || len(us) != 1 {
		t.Fatal(us, err)
	}
	id := us[0].ID
	sel := `li.match[data-unit="` + itoa(id) + `"]`
	b := browser(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(b, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(t.TempDir(), name), png, 0o644); err != nil || len(png) < 1000 {
			t.Fatalf("screenshot %s: %d bytes, %v", name, len(png), err)
		}
	}
	u := f.srv.URL + "/?" + url.Values{"q": {"Der Vertrag tritt am 20. Juni in Kraft."}, "from": {"de"}, "to": {"en"}}.Encode() + "#token=" + f.write
	do(chromedp.Navigate(u), chromedp.WaitVisible(sel+` button.edit`))
	if target, who := text(sel+` .target`), text(`#who`); target != "The treaty enters into force on 19 June." || !strings.Contains(who, "write-token (write)") {
		t.Fatalf("match target %q, who %q", target, who)
	}
	screenshot("lookup.png")

	// Edit: open the form, type a new target, pick a status, save.
	const newTarget = "The treaty takes effect on 19 June."
	do(chromedp.Click(sel+` button.edit`),
		chromedp.WaitVisible(sel+` textarea.edit-target`),
		chromedp.Focus(sel+` textarea.edit-target`),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), // select all; typing replaces it
		chromedp.KeyEvent(newTarget),
		chromedp.SetValue(sel+` select.edit-status`, "reviewed"),
		chromedp.SendKeys(sel+` input.edit-note`, "house style"),
		chromedp.Click(sel+` button.save`),
		chromedp.WaitVisible(sel+`[data-saved="1"]`))
	if target, status := text(sel+` .target`), text(`#status`); target != newTarget || !strings.Contains(status, "Saved unit") {
		t.Fatalf("after save: target %q, status %q", target, status)
	}
	su, err := f.db.GetUnit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if su.Target.Plain() != newTarget || su.Status != tm.StatusReviewed || su.Changer != "write-token" {
		t.Fatalf("store after the page's edit: %q %s %q", su.Target.Plain(), su.Status, su.Changer)
	}

	// History shows the change, with the old target.
	do(chromedp.Click(sel+` button.history`), chromedp.WaitVisible(sel+` .history-list li.change`))
	hist := text(sel + ` .history-list`)
	if !strings.Contains(hist, "The treaty enters into force on 19 June.") || !strings.Contains(hist, newTarget) ||
		!strings.Contains(hist, "house style") || !strings.Contains(hist, "translated → reviewed") {
		t.Fatalf("history panel: %q", hist)
	}
	screenshot("history.png")

	// Delete a concordance hit: the first click arms, the second deletes.
	us, err = f.db.ListUnits(ctx, store.UnitListFilter{UnitFilter: store.UnitFilter{Source: "unterzeichnet"}})
	if err != nil || len(us) != 1 {
		t.Fatal(us, err)
	}
	hit := `li.hit[data-unit="` + itoa(us[0].ID) + `"]`
	do(chromedp.Navigate(f.srv.URL+"/?q=unterzeichnet&to=en"),
		chromedp.WaitVisible(hit+` button.delete`),
		chromedp.Click(hit+` button.delete`),
		chromedp.WaitVisible(hit+` button.delete[data-armed]`))
	if _, err := f.db.GetUnit(ctx, us[0].ID); err != nil {
		t.Fatalf("one click deleted the unit: %v", err)
	}
	do(chromedp.Click(hit+` button.delete`), chromedp.WaitVisible(hit+`.deleted`))
	if _, err := f.db.GetUnit(ctx, us[0].ID); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Fatalf("unit not deleted through the page: %v", err)
	}

	// The memories and their sizes.
	do(chromedp.Navigate(f.srv.URL+"/?view=memories"), chromedp.WaitVisible(`tr[data-memory="default"]`))
	if row := text(`tr[data-memory="default"]`); !strings.Contains(row, "default") || !strings.Contains(row, "3") || !strings.Contains(row, "de→en") {
		t.Fatalf("memories row: %q", row)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
