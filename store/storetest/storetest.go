// Package storetest is the conformance suite of the storage contract
// (tm.Store): one set of tests and expectations that every backend's own
// tests run on a real database of theirs,
//
//	func TestConformance(t *testing.T) { storetest.Run(t, openStore) }
//
// so that the SQLite and PostgreSQL stores give the same answers to the
// same operations. Nothing here knows which backend it talks to.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/korpus/korpus/tm"
)

// Open returns a new, empty store for the test; the backend closes it
// when the test ends.
type Open func(t *testing.T) tm.Store

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, tm.Store)
	}{
		{"Memories", testMemories},
		{"MemoryErrors", testMemoryErrors},
		{"ImportStats", testImportStats},
		{"ReimportDedupe", testReimportDedupe},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"ImportMemory", testImportMemory},
		{"EachUnitOrderAndFilters", testEachUnit},
		{"GetUnit", testGetUnit},
		{"ListUnits", testListUnits},
		{"Concordance", testConcordance},
		{"ConcordanceOptions", testConcordanceOptions},
		{"ConcurrentImports", testConcurrentImports},
		{"ReadersDuringImport", testReadersDuringImport},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Units is a tm.UnitReader over a slice; Err, when set, is returned after
// the units instead of io.EOF.
type Units struct {
	List []tm.Unit
	Err  error
	i    int
}

// Next returns a copy of the next unit.
func (r *Units) Next() (*tm.Unit, error) {
	if r.i >= len(r.List) {
		if r.Err != nil {
			return nil, r.Err
		}
		return nil, io.EOF
	}
	u := r.List[r.i]
	u.Source = append(tm.Content(nil), u.Source...)
	u.Target = append(tm.Content(nil), u.Target...)
	r.i++
	return &u, nil
}

var (
	t0 = time.Date(2026, 3, 1, 10, 30, 15, 123_000_000, time.UTC)
	t1 = t0.Add(48 * time.Hour)
)

// unit is a dated de→en unit.
func unit(src, tgt string) tm.Unit {
	return tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(src), Target: tm.Text(tgt),
		Origin: tm.OriginTMX, Creator: "ana", Created: t0, Changed: t0}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

func mustImport(t *testing.T, s tm.Store, opts tm.ImportOptions, us ...tm.Unit) tm.ImportStats {
	t.Helper()
	st, err := s.ImportUnits(ctx(t), &Units{List: us}, opts)
	if err != nil {
		t.Fatalf("ImportUnits: %v", err)
	}
	return st
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if tm.ErrorCode(err) != code {
		t.Errorf("%s: error %v (code %q); want code %q", what, err, tm.ErrorCode(err), code)
	}
}

// all returns every unit in id order.
func all(t *testing.T, s tm.Store, f tm.UnitFilter) []tm.Unit {
	t.Helper()
	var out []tm.Unit
	if err := s.EachUnit(ctx(t), f, func(u *tm.Unit) error { out = append(out, *u); return nil }); err != nil {
		t.Fatalf("EachUnit: %v", err)
	}
	return out
}

// pairs returns "source|target" of units.
func pairs(us []tm.Unit) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Source.Plain()+"|"+u.Target.Plain())
	}
	return out
}

func testMemories(t *testing.T, s tm.Store) {
	c := ctx(t)
	ms, err := s.Memories(c)
	if err != nil || len(ms) != 1 || ms[0].Name != tm.DefaultMemory || ms[0].Units != 0 {
		t.Fatalf("a new store's memories: %+v, %v; want only an empty %q", ms, err, tm.DefaultMemory)
	}
	m, err := s.CreateMemory(c, "vendor", "from the agency", 10)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "vendor" || m.Penalty != 10 || m.Description != "from the agency" || m.ID == 0 || m.Origin["alignment"] == 0 {
		t.Errorf("CreateMemory: %+v", m)
	}
	if _, err := s.CreateMemory(c, "Alpha", "", 0); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, tm.ImportOptions{Memory: "vendor"}, unit("Haus", "house"),
		tm.Unit{SourceLang: "de-AT", TargetLang: "fr", Source: tm.Text("Haus"), Target: tm.Text("maison"), Created: t0})
	ms, err = s.Memories(c)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, fmt.Sprintf("%s:%d:%v", m.Name, m.Units, m.Pairs))
	}
	// Byte order of names ("Alpha" before "default"); pairs by source,
	// then target language.
	if want := []string{"Alpha:0:[]", "default:0:[]", "vendor:2:[de→en de-AT→fr]"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Memories: %q; want %q", names, want)
	}
	p, d := 25, "reviewed"
	if err := s.SetMemory(c, "vendor", tm.MemoryChange{Penalty: &p, Description: &d, Origin: map[string]int{"mt": 30}}); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameMemory(c, "vendor", "agency"); err != nil {
		t.Fatal(err)
	}
	g, err := s.GetMemory(c, "agency")
	if err != nil {
		t.Fatal(err)
	}
	if g.Penalty != 25 || g.Description != "reviewed" || g.Origin["mt"] != 30 || g.Origin["alignment"] != m.Origin["alignment"] || g.Units != 2 || g.ID != m.ID {
		t.Errorf("after SetMemory and RenameMemory: %+v", g)
	}
	if g.Created.IsZero() || g.Changed.Before(g.Created) {
		t.Errorf("memory dates: created %v changed %v", g.Created, g.Changed)
	}
	_, err = s.DeleteMemory(c, "agency", false)
	wantCode(t, "DeleteMemory of a memory with units", err, tm.ECONFLICT)
	n, err := s.DeleteMemory(c, "agency", true)
	if err != nil || n != 2 {
		t.Errorf("DeleteMemory --force: %d, %v; want 2", n, err)
	}
	if got, _ := s.CountUnits(c, tm.UnitFilter{}); got != 0 {
		t.Errorf("units after deleting their memory: %d", got)
	}
	if n, err := s.DeleteMemory(c, "Alpha", false); err != nil || n != 0 {
		t.Errorf("DeleteMemory of an empty memory: %d, %v", n, err)
	}
	_, err = s.GetMemory(c, "agency")
	wantCode(t, "GetMemory after delete", err, tm.ENOTFOUND)
}

func testMemoryErrors(t *testing.T, s tm.Store) {
	c := ctx(t)
	if _, err := s.CreateMemory(c, "a", "", 0); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateMemory(c, "a", "", 0)
	wantCode(t, "CreateMemory duplicate", err, tm.ECONFLICT)
	_, err = s.CreateMemory(c, tm.DefaultMemory, "", 0)
	wantCode(t, "CreateMemory default", err, tm.ECONFLICT)
	_, err = s.CreateMemory(c, "b", "", 101)
	wantCode(t, "CreateMemory penalty 101", err, tm.EINVALID)
	_, err = s.CreateMemory(c, "x,y", "", 0)
	wantCode(t, "CreateMemory name with comma", err, tm.EINVALID)
	_, err = s.CreateMemory(c, " ", "", 0)
	wantCode(t, "CreateMemory blank name", err, tm.EINVALID)
	_, err = s.CreateMemory(c, "a\x01", "", 0)
	wantCode(t, "CreateMemory name with a control character", err, tm.EINVALID)
	bad := -1
	wantCode(t, "SetMemory penalty -1", s.SetMemory(c, "a", tm.MemoryChange{Penalty: &bad}), tm.EINVALID)
	wantCode(t, "SetMemory origin penalty 200", s.SetMemory(c, "a", tm.MemoryChange{Origin: map[string]int{"mt": 200}}), tm.EINVALID)
	wantCode(t, "SetMemory unknown", s.SetMemory(c, "nope", tm.MemoryChange{}), tm.ENOTFOUND)
	wantCode(t, "RenameMemory unknown", s.RenameMemory(c, "nope", "z"), tm.ENOTFOUND)
	wantCode(t, "RenameMemory onto a taken name", s.RenameMemory(c, "a", tm.DefaultMemory), tm.ECONFLICT)
	wantCode(t, "RenameMemory to a bad name", s.RenameMemory(c, "a", "a\tb"), tm.EINVALID)
	_, err = s.DeleteMemory(c, tm.DefaultMemory, true)
	wantCode(t, "DeleteMemory default", err, tm.EINVALID)
	_, err = s.DeleteMemory(c, "nope", false)
	wantCode(t, "DeleteMemory unknown", err, tm.ENOTFOUND)
	_, err = s.GetMemory(c, "nope")
	wantCode(t, "GetMemory unknown", err, tm.ENOTFOUND)
	ms, err := s.Memories(c)
	if err != nil || len(ms) != 2 {
		t.Errorf("memories after refused changes: %+v, %v; want default and a", ms, err)
	}
}

func testImportStats(t *testing.T, s tm.Store) {
	codes := tm.Content{{Text: "Klicken Sie "}, {Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt"}}, {Text: "hier"}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept"}}}
	withCodes := unit("", "Click here")
	withCodes.Source = codes
	st := mustImport(t, s, tm.ImportOptions{},
		unit("Guten Morgen.", "Good morning."),
		unit("Guten  Morgen.", "Good morning."), // the same source, normalised: merged
		unit("Guten Morgen.", "Morning."),       // another translation: a unit of its own
		withCodes,
		unit("Klicken Sie hier", "Click here"), // the same text without codes: another unit
		unit("", "leer"),
		unit("leer", "  "),
		tm.Unit{SourceLang: "de", TargetLang: "de", Source: tm.Text("a"), Target: tm.Text("b")},
		tm.Unit{TargetLang: "en", Source: tm.Text("a"), Target: tm.Text("b")},
		tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text("Kopie"), Target: tm.Text("Kopie"), Status: tm.StatusNew},
		tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Content{{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "img"}}}, Target: tm.Text("x")},
	)
	want := tm.ImportStats{Read: 11, Added: 4, Merged: 1, Skipped: 6}
	if st.Read != want.Read || st.Added != want.Added || st.Merged != want.Merged || st.Skipped != want.Skipped || st.Unchanged != 0 || st.Updated != 0 {
		t.Errorf("stats %+v; want %+v", st, want)
	}
	if len(st.Reasons) != 6 {
		t.Errorf("skip reasons %v: want 6 different ones", st.Reasons)
	}
	got := pairs(all(t, s, tm.UnitFilter{}))
	want2 := []string{"Guten Morgen.|Good morning.", "Guten Morgen.|Morning.", "Klicken Sie hier|Click here", "Klicken Sie hier|Click here"}
	if !reflect.DeepEqual(got, want2) {
		t.Errorf("stored %q; want %q", got, want2)
	}
}

func testReimportDedupe(t *testing.T, s tm.Store) {
	a := unit("Das Haus ist rot.", "The house is red.")
	b := unit("Der Baum ist grün.", "The tree is green.")
	undated := tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text("Ohne Datum."), Target: tm.Text("Undated.")}
	before := time.Now().Add(-time.Second)
	if st := mustImport(t, s, tm.ImportOptions{}, a, b, undated); st.Added != 3 {
		t.Fatalf("first import: %+v", st)
	}
	after := time.Now().Add(time.Second)
	if st := mustImport(t, s, tm.ImportOptions{}, a, b, undated); st.Added != 0 || st.Unchanged != 3 {
		t.Errorf("the same file again: %+v; want 3 unchanged", st)
	}
	// Newer, with props: updated. Older with props, or newer without a
	// difference: unchanged. An undated unit never updates.
	a2 := a
	a2.Changed, a2.Changer = t1, "ben"
	a2.Props = []tm.Prop{{Type: "x-project", Value: "Korea"}}
	b2 := b
	b2.Changed = t1
	old := a
	old.Props = []tm.Prop{{Type: "x-project", Value: "old"}}
	old.Created, old.Changed = t0.Add(-time.Hour), t0.Add(-time.Hour)
	undated.Props = []tm.Prop{{Type: "x", Value: "y"}}
	st := mustImport(t, s, tm.ImportOptions{}, a2, b2, old, undated, a2)
	if st.Added != 0 || st.Updated != 1 || st.Unchanged != 4 || st.Merged != 0 {
		t.Errorf("re-import with changes: %+v; want 1 updated, 4 unchanged", st)
	}
	us := all(t, s, tm.UnitFilter{})
	if len(us) != 3 {
		t.Fatalf("%d units; want 3", len(us))
	}
	if !us[0].Changed.Equal(t1) || us[0].Changer != "ben" || len(us[0].Props) != 1 || us[0].Props[0].Value != "Korea" || !us[0].Created.Equal(t0) {
		t.Errorf("updated unit: %+v", us[0])
	}
	if !us[1].Changed.Equal(t0) || len(us[1].Props) != 0 {
		t.Errorf("unit without a difference: %+v", us[1])
	}
	if u := us[2]; u.Created.Before(before) || u.Created.After(after) || !u.Created.Equal(u.Changed) || u.Created.Nanosecond() != 0 || len(u.Props) != 0 {
		t.Errorf("undated unit: created %v changed %v props %v; want the import time in whole seconds, no props", u.Created, u.Changed, u.Props)
	}
}

func testImportAllOrNothing(t *testing.T, s tm.Store) {
	mustImport(t, s, tm.ImportOptions{}, unit("eins", "one"))
	st, err := s.ImportUnits(ctx(t), &Units{List: []tm.Unit{unit("zwei", "two"), unit("drei", "three")}}, tm.ImportOptions{DryRun: true})
	if err != nil || st.Added != 2 {
		t.Errorf("dry run: %+v, %v; want 2 added", st, err)
	}
	broken := errors.New("tmx: line 9, column 3: unexpected EOF")
	many := &Units{Err: broken}
	for i := range 1500 { // more than one batch
		many.List = append(many.List, unit(fmt.Sprintf("Satz %d", i), fmt.Sprintf("sentence %d", i)))
	}
	if _, err := s.ImportUnits(ctx(t), many, tm.ImportOptions{}); !errors.Is(err, broken) {
		t.Errorf("import of a broken file: %v; want the reader's error", err)
	}
	_, err = s.ImportUnits(ctx(t), &Units{List: []tm.Unit{unit("vier", "four")}}, tm.ImportOptions{Memory: "nope"})
	wantCode(t, "import into an unknown memory", err, tm.ENOTFOUND)
	if got := pairs(all(t, s, tm.UnitFilter{})); !reflect.DeepEqual(got, []string{"eins|one"}) {
		t.Errorf("after a dry run, a broken file and an unknown memory: %q; want only the first unit", got)
	}
}

func testImportMemory(t *testing.T, s tm.Store) {
	c := ctx(t)
	if _, err := s.CreateMemory(c, "other", "", 0); err != nil {
		t.Fatal(err)
	}
	a := unit("Haus", "house")
	mustImport(t, s, tm.ImportOptions{}, a)
	// The same unit in another memory is not a duplicate there.
	if st := mustImport(t, s, tm.ImportOptions{Memory: "other", Origin: tm.OriginAlignment, LangMap: map[tm.Lang]tm.Lang{"de": "de-DE"}}, a); st.Added != 1 {
		t.Errorf("into another memory: %+v; want 1 added", st)
	}
	us, err := s.ListUnits(c, tm.UnitListFilter{UnitFilter: tm.UnitFilter{Memories: []string{"other"}}})
	if err != nil || len(us) != 1 {
		t.Fatalf("ListUnits other: %v, %v", us, err)
	}
	if us[0].Memory != "other" || us[0].Origin != tm.OriginAlignment || us[0].SourceLang != "de-DE" {
		t.Errorf("unit imported with options: %+v", us[0])
	}
}

func testEachUnit(t *testing.T, s tm.Store) {
	c := ctx(t)
	mustImport(t, s, tm.ImportOptions{},
		unit("c", "C"),
		tm.Unit{SourceLang: "de-AT", TargetLang: "en-GB", Source: tm.Text("a"), Target: tm.Text("A"), Origin: tm.OriginXLIFF},
		tm.Unit{SourceLang: "fr", TargetLang: "en", Source: tm.Text("b"), Target: tm.Text("B"), Origin: tm.OriginTMX},
		tm.Unit{SourceLang: "de", TargetLang: "fr", Source: tm.Text("d"), Target: tm.Text("D")},
	)
	if _, err := s.CreateMemory(c, "other", "", 0); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, tm.ImportOptions{Memory: "other"}, unit("e", "E"))
	for _, tc := range []struct {
		f    tm.UnitFilter
		want []string
	}{
		{tm.UnitFilter{}, []string{"c|C", "a|A", "b|B", "d|D", "e|E"}}, // the order of storing
		{tm.UnitFilter{SourceLang: "de"}, []string{"c|C", "a|A", "d|D", "e|E"}},
		{tm.UnitFilter{SourceLang: "de-AT"}, []string{"a|A"}},
		{tm.UnitFilter{SourceLang: "de", TargetLang: "en"}, []string{"c|C", "a|A", "e|E"}},
		{tm.UnitFilter{Origin: tm.OriginTMX}, []string{"c|C", "b|B", "e|E"}},
		{tm.UnitFilter{SourceLang: "it"}, nil},
		{tm.UnitFilter{Memories: []string{"other"}}, []string{"e|E"}},
		{tm.UnitFilter{Memories: []string{"other", tm.DefaultMemory}, SourceLang: "de"}, []string{"c|C", "a|A", "d|D", "e|E"}},
	} {
		got := pairs(all(t, s, tc.f))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EachUnit(%+v) = %q; want %q", tc.f, got, tc.want)
		}
		n, err := s.CountUnits(c, tc.f)
		if err != nil || n != len(tc.want) {
			t.Errorf("CountUnits(%+v) = %d, %v; want %d", tc.f, n, err, len(tc.want))
		}
	}
	_, err := s.CountUnits(c, tm.UnitFilter{Memories: []string{"nope"}})
	wantCode(t, "CountUnits of an unknown memory", err, tm.ENOTFOUND)
	wantCode(t, "EachUnit of an unknown memory", s.EachUnit(c, tm.UnitFilter{Memories: []string{"other", "nope"}}, func(*tm.Unit) error { return nil }), tm.ENOTFOUND)
	stop := errors.New("stop")
	n := 0
	err = s.EachUnit(c, tm.UnitFilter{}, func(*tm.Unit) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachUnit with fn failing: %v after %d units; want fn's error after 1", err, n)
	}
}

func testGetUnit(t *testing.T, s tm.Store) {
	c := ctx(t)
	src := tm.Content{{Text: "Drücken Sie "}, {Code: &tm.Code{Kind: tm.CodeStandalone, ID: "k", Elem: "ph", Data: "<kbd/>"}}, {Text: " jetzt."}}
	tgt := tm.Content{{Text: "Press "}, {Code: &tm.Code{Kind: tm.CodeStandalone, ID: "k", Elem: "ph", Data: "<kbd/>"}}, {Text: " now."}}
	u := tm.Unit{SourceLang: "de", TargetLang: "en", Source: src, Target: tgt, Status: tm.StatusReviewed, Origin: tm.OriginXLIFF,
		Creator: "ana", Changer: "ben", Created: t0, Changed: t1, Prev: "Davor.", Next: "Danach.", Usage: 7, Score: 0.75,
		Props: []tm.Prop{{Type: "x-file", Value: "a.xlf"}}, Notes: []tm.Note{{From: "ana", Text: "checked"}}}
	mustImport(t, s, tm.ImportOptions{}, u)
	us := all(t, s, tm.UnitFilter{})
	if len(us) != 1 {
		t.Fatalf("%d units", len(us))
	}
	got, err := s.GetUnit(c, us[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	u.ID, u.MemoryID = us[0].ID, got.MemoryID
	if got.Memory != tm.DefaultMemory || got.MemoryID == 0 {
		t.Errorf("memory %q (%d); want %q", got.Memory, got.MemoryID, tm.DefaultMemory)
	}
	if !got.Created.Equal(u.Created) || !got.Changed.Equal(u.Changed) {
		t.Errorf("dates %v %v; want %v %v", got.Created, got.Changed, u.Created, u.Changed)
	}
	got.Created, got.Changed, u.Created, u.Changed = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got.Unit, u) {
		t.Errorf("GetUnit:\n got %+v\nwant %+v", got.Unit, u)
	}
	if e := us[0]; !reflect.DeepEqual(e.Source, src) || !reflect.DeepEqual(e.Props, u.Props) || !reflect.DeepEqual(e.Notes, u.Notes) {
		t.Errorf("EachUnit's unit differs from GetUnit's: %+v", e)
	}
	_, err = s.GetUnit(c, us[0].ID+1000)
	wantCode(t, "GetUnit of an unknown id", err, tm.ENOTFOUND)
}

func testListUnits(t *testing.T, s tm.Store) {
	c := ctx(t)
	if _, err := s.CreateMemory(c, "m2", "", 0); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, tm.ImportOptions{},
		unit("Der STAAT", "the state"),
		tm.Unit{SourceLang: "de-CH", TargetLang: "fr", Source: tm.Text("Staatsoberhaupt"), Target: tm.Text("chef d'État"), Status: tm.StatusDraft, Origin: tm.OriginAlignment, Created: t0},
		tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text("Öl und Wasser"), Target: tm.Text("oil and water"), Origin: tm.OriginTMX, Creator: "ana", Created: t0, Changed: t1},
		unit("50% Rabatt_", "50% off"),
	)
	mustImport(t, s, tm.ImportOptions{Memory: "m2"}, unit("Staat", "State"))
	for _, tc := range []struct {
		f     tm.UnitFilter
		limit int
		want  []string
	}{
		{tm.UnitFilter{}, 0, []string{"Der STAAT", "Staatsoberhaupt", "Öl und Wasser", "50% Rabatt_", "Staat"}},
		{tm.UnitFilter{Memories: []string{"m2"}}, 0, []string{"Staat"}},
		{tm.UnitFilter{Source: "staat"}, 0, []string{"Der STAAT", "Staatsoberhaupt", "Staat"}}, // ASCII case ignored
		{tm.UnitFilter{Source: "öl"}, 0, nil},                                                  // other case compared as written
		{tm.UnitFilter{Source: "Öl"}, 0, []string{"Öl und Wasser"}},
		{tm.UnitFilter{Source: "0% R"}, 0, []string{"50% Rabatt_"}},
		{tm.UnitFilter{Source: "%"}, 0, []string{"50% Rabatt_"}}, // wildcards are text
		{tm.UnitFilter{Source: "t_"}, 0, []string{"50% Rabatt_"}},
		{tm.UnitFilter{Target: "éTAT"}, 0, nil},
		{tm.UnitFilter{Target: "ÉTAT"}, 0, []string{"Staatsoberhaupt"}},
		{tm.UnitFilter{Target: "État"}, 0, []string{"Staatsoberhaupt"}},
		{tm.UnitFilter{SourceLang: "de", TargetLang: "fr"}, 0, []string{"Staatsoberhaupt"}},
		{tm.UnitFilter{SourceLang: "DE"}, 0, []string{"Staatsoberhaupt"}}, // as SQLite's LIKE: de-CH
		{tm.UnitFilter{Status: tm.StatusDraft}, 0, []string{"Staatsoberhaupt"}},
		{tm.UnitFilter{Origin: tm.OriginTMX}, 2, []string{"Der STAAT", "Öl und Wasser"}},
		{tm.UnitFilter{Memories: []string{"default"}, Source: "Staat"}, 1, []string{"Der STAAT"}},
		{tm.UnitFilter{Creator: "ana", SourceLang: "de"}, 0, []string{"Der STAAT", "Öl und Wasser", "50% Rabatt_", "Staat"}},
		{tm.UnitFilter{Creator: "Ana"}, 0, nil},
		{tm.UnitFilter{Since: t1}, 0, []string{"Öl und Wasser"}},
		{tm.UnitFilter{Since: t1.Add(500 * time.Microsecond)}, 0, []string{"Öl und Wasser"}}, // to the millisecond
		{tm.UnitFilter{Since: t1.Add(time.Millisecond)}, 0, nil},
		{tm.UnitFilter{Until: t0, Memories: []string{"default"}}, 0, []string{"Der STAAT", "Staatsoberhaupt", "50% Rabatt_"}},
		{tm.UnitFilter{Since: t0, Until: t1}, 0, []string{"Der STAAT", "Staatsoberhaupt", "Öl und Wasser", "50% Rabatt_", "Staat"}},
	} {
		us, err := s.ListUnits(c, tm.UnitListFilter{UnitFilter: tc.f, Limit: tc.limit})
		if err != nil {
			t.Errorf("ListUnits(%+v): %v", tc.f, err)
			continue
		}
		var got []string
		for _, u := range us {
			got = append(got, u.Source.Plain())
			if u.Memory == "" {
				t.Errorf("ListUnits(%+v): unit %d without its memory's name", tc.f, u.ID)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ListUnits(%+v) = %q; want %q", tc.f, got, tc.want)
		}
	}
	_, err := s.ListUnits(c, tm.UnitListFilter{UnitFilter: tm.UnitFilter{Memories: []string{"nope"}}})
	wantCode(t, "ListUnits of an unknown memory", err, tm.ENOTFOUND)
	_, err = s.ListUnits(c, tm.UnitListFilter{UnitFilter: tm.UnitFilter{Memories: []string{"m2", "nope"}}})
	wantCode(t, "ListUnits of memories one of which is unknown", err, tm.ENOTFOUND)
	// Pages: After is the last id of the page before.
	var pages [][]string
	var after int64
	for range 10 {
		us, err := s.ListUnits(c, tm.UnitListFilter{UnitFilter: tm.UnitFilter{Memories: []string{"default", "m2"}}, Limit: 2, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(us) == 0 {
			break
		}
		var page []string
		for _, u := range us {
			page = append(page, u.Source.Plain())
		}
		pages = append(pages, page)
		after = us[len(us)-1].ID
	}
	if want := [][]string{{"Der STAAT", "Staatsoberhaupt"}, {"Öl und Wasser", "50% Rabatt_"}, {"Staat"}}; !reflect.DeepEqual(pages, want) {
		t.Errorf("pages of 2: %q; want %q", pages, want)
	}
}

// hitText returns "source [spans]" lines of hits.
func hitText(hs []tm.ConcordanceHit, target bool) []string {
	var out []string
	for _, h := range hs {
		text := h.Unit.Source.Plain()
		if target {
			text = h.Unit.Target.Plain()
		}
		var marked strings.Builder
		last := 0
		for _, sp := range h.Spans {
			marked.WriteString(text[last:sp[0]] + "[" + text[sp[0]:sp[1]] + "]")
			last = sp[1]
		}
		marked.WriteString(text[last:])
		out = append(out, marked.String())
	}
	return out
}

func concordanceData(t *testing.T, s tm.Store) {
	if _, err := s.CreateMemory(ctx(t), "press", "", 0); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, tm.ImportOptions{},
		unit("Die Zusammenarbeit wächst.", "Cooperation grows."),
		unit("Über die Straße gehen.", "Crossing the street."),
		unit("Die Strasse ist nass.", "The street is wet."),
		unit("Zusammen\tarbeiten  wir.", "Together we work."),
		unit("uber ist kein Wort.", "uber is no word."),
		tm.Unit{SourceLang: "de-AT", TargetLang: "fr", Source: tm.Text("Die Zusammenarbeit der Staaten."), Target: tm.Text("La coopération des États."), Created: t0},
		unit("Ob er kommt?", "Whether he comes?"),
	)
	mustImport(t, s, tm.ImportOptions{Memory: "press"}, unit("Zusammenarbeit mit Russland", "Cooperation with Russia"))
}

func testConcordance(t *testing.T, s tm.Store) {
	concordanceData(t, s)
	c := ctx(t)
	for _, tc := range []struct {
		term string
		opts tm.ConcordanceOptions
		want []string
	}{
		// Newest first.
		{"Zusammenarbeit", tm.ConcordanceOptions{}, []string{"[Zusammenarbeit] mit Russland", "Die [Zusammenarbeit] der Staaten.", "Die [Zusammenarbeit] wächst."}},
		{"zusammenarbeit", tm.ConcordanceOptions{}, nil}, // exact case
		{"zusammenarbeit", tm.ConcordanceOptions{Fold: true}, []string{"[Zusammenarbeit] mit Russland", "Die [Zusammenarbeit] der Staaten.", "Die [Zusammenarbeit] wächst."}},
		// Whitespace runs compare as one space.
		{"Zusammen arbeiten", tm.ConcordanceOptions{}, []string{"[Zusammen\tarbeiten]  wir."}},
		{"arbeiten wir", tm.ConcordanceOptions{}, []string{"Zusammen\t[arbeiten  wir]."}},
		// Diacritics and ß fold.
		{"uber", tm.ConcordanceOptions{}, []string{"[uber] ist kein Wort."}},
		{"uber", tm.ConcordanceOptions{Fold: true}, []string{"[uber] ist kein Wort.", "[Über] die Straße gehen."}},
		{"strasse", tm.ConcordanceOptions{Fold: true}, []string{"Die [Strasse] ist nass.", "Über die [Straße] gehen."}},
		{"STRASSE", tm.ConcordanceOptions{Fold: true}, []string{"Die [Strasse] ist nass.", "Über die [Straße] gehen."}},
		{"Straße", tm.ConcordanceOptions{}, []string{"Über die [Straße] gehen."}},
		// Shorter than a trigram.
		{"Ob", tm.ConcordanceOptions{}, []string{"[Ob] er kommt?"}},
		{"ob", tm.ConcordanceOptions{Fold: true}, []string{"[Ob] er kommt?"}},
		{"e", tm.ConcordanceOptions{Limit: 2}, []string{"Zusamm[e]narb[e]it mit Russland", "Ob [e]r kommt?"}},
		{"nichts", tm.ConcordanceOptions{}, nil},
	} {
		hs, err := s.Concordance(c, tc.term, tc.opts)
		if err != nil {
			t.Errorf("Concordance(%q, %+v): %v", tc.term, tc.opts, err)
			continue
		}
		if got := hitText(hs, tc.opts.Target); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Concordance(%q, %+v) = %q; want %q", tc.term, tc.opts, got, tc.want)
		}
	}
	_, err := s.Concordance(c, "  ", tm.ConcordanceOptions{})
	wantCode(t, "Concordance of an empty term", err, tm.EINVALID)
}

func testConcordanceOptions(t *testing.T, s tm.Store) {
	concordanceData(t, s)
	c := ctx(t)
	for _, tc := range []struct {
		term string
		opts tm.ConcordanceOptions
		want []string
	}{
		{"Zusammenarbeit", tm.ConcordanceOptions{Memories: []string{"press"}}, []string{"[Zusammenarbeit] mit Russland"}},
		{"Zusammenarbeit", tm.ConcordanceOptions{Memories: []string{"default", "press"}, Limit: 2}, []string{"[Zusammenarbeit] mit Russland", "Die [Zusammenarbeit] der Staaten."}},
		{"Zusammenarbeit", tm.ConcordanceOptions{From: "de", To: "en"}, []string{"[Zusammenarbeit] mit Russland", "Die [Zusammenarbeit] wächst."}},
		{"Zusammenarbeit", tm.ConcordanceOptions{To: "fr-FR"}, []string{"Die [Zusammenarbeit] der Staaten."}},
		{"street", tm.ConcordanceOptions{Target: true}, []string{"The [street] is wet.", "Crossing the [street]."}},
		{"etats", tm.ConcordanceOptions{Target: true, Fold: true}, []string{"La coopération des [États]."}},
		{"Zusammenarbeit", tm.ConcordanceOptions{Target: true}, nil},
	} {
		hs, err := s.Concordance(c, tc.term, tc.opts)
		if err != nil {
			t.Errorf("Concordance(%q, %+v): %v", tc.term, tc.opts, err)
			continue
		}
		if got := hitText(hs, tc.opts.Target); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Concordance(%q, %+v) = %q; want %q", tc.term, tc.opts, got, tc.want)
		}
		for _, h := range hs {
			if (h.Memory == "press") != strings.Contains(h.Unit.Source.Plain(), "Russland") {
				t.Errorf("hit %q names memory %q", h.Unit.Source.Plain(), h.Memory)
			}
		}
	}
	_, err := s.Concordance(c, "Haus", tm.ConcordanceOptions{Memories: []string{"nope"}})
	wantCode(t, "Concordance in an unknown memory", err, tm.ENOTFOUND)
}

// testConcurrentImports: four importers of overlapping files at once
// leave each unit once, and each importer's counts add up.
func testConcurrentImports(t *testing.T, s tm.Store) {
	const files, per, step = 4, 600, 300 // file i holds units i*step … i*step+per-1
	var wg sync.WaitGroup
	stats := make([]tm.ImportStats, files)
	errs := make([]error, files)
	for i := range files {
		var us []tm.Unit
		for j := i * step; j < i*step+per; j++ {
			us = append(us, unit(fmt.Sprintf("Satz Nummer %d.", j), fmt.Sprintf("Sentence number %d.", j)))
		}
		// Half the files in reverse order, so the importers meet each
		// other's units from both ends.
		if i%2 == 1 {
			for a, b := 0, len(us)-1; a < b; a, b = a+1, b-1 {
				us[a], us[b] = us[b], us[a]
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[i], errs[i] = s.ImportUnits(context.Background(), &Units{List: us}, tm.ImportOptions{})
		}()
	}
	wg.Wait()
	added := 0
	for i := range files {
		if errs[i] != nil {
			t.Fatalf("importer %d: %v", i, errs[i])
		}
		if st := stats[i]; st.Read != per || st.Added+st.Unchanged != per {
			t.Errorf("importer %d: %+v; want %d read, added+unchanged = read", i, st, per)
		}
		added += stats[i].Added
	}
	distinct := (files-1)*step + per
	n, err := s.CountUnits(ctx(t), tm.UnitFilter{})
	if err != nil || n != distinct || added != distinct {
		t.Errorf("%d units stored (%v), %d added; want each of the %d distinct units once", n, err, added, distinct)
	}
	seen := map[string]bool{}
	for _, u := range all(t, s, tm.UnitFilter{}) {
		if seen[u.Source.Plain()] {
			t.Errorf("unit %q stored twice", u.Source.Plain())
		}
		seen[u.Source.Plain()] = true
	}
}

// gatedUnits yields n units and, after the first at of them, waits for
// open to close before the rest: an import of it holds its transaction
// open in the middle.
type gatedUnits struct {
	Units
	at      int
	reached chan struct{}
	open    chan struct{}
}

func (g *gatedUnits) Next() (*tm.Unit, error) {
	if g.i == g.at {
		close(g.reached)
		select {
		case <-g.open:
		case <-time.After(time.Minute):
			return nil, errors.New("gate never opened")
		}
	}
	return g.Units.Next()
}

// testReadersDuringImport: while an import is half done, readers answer at
// once and see none of its units; afterwards they see all of them.
func testReadersDuringImport(t *testing.T, s tm.Store) {
	mustImport(t, s, tm.ImportOptions{}, unit("Vorher.", "Before."))
	g := &gatedUnits{at: 1100, reached: make(chan struct{}), open: make(chan struct{})}
	for i := range 1200 {
		g.List = append(g.List, unit(fmt.Sprintf("Satz %d während des Imports.", i), fmt.Sprintf("Sentence %d during the import.", i)))
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportUnits(context.Background(), g, tm.ImportOptions{})
		done <- err
	}()
	select {
	case <-g.reached:
	case err := <-done:
		t.Fatalf("import ended before its gate: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("import never reached its gate")
	}
	// Give the writer time to store the batches it was handed.
	time.Sleep(200 * time.Millisecond)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := s.CountUnits(c, tm.UnitFilter{})
	if err != nil || n != 1 {
		t.Errorf("CountUnits during the import: %d, %v; want 1 at once (the import's units are not committed)", n, err)
	}
	hs, err := s.Concordance(c, "während", tm.ConcordanceOptions{})
	if err != nil || len(hs) != 0 {
		t.Errorf("Concordance during the import: %d hits, %v; want none", len(hs), err)
	}
	close(g.open)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountUnits(ctx(t), tm.UnitFilter{}); err != nil || n != 1201 {
		t.Errorf("CountUnits after the import: %d, %v; want 1201", n, err)
	}
}
