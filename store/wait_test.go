package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
)

// holdWriteLock takes SQLite's write lock on path from a connection of its
// own (as another korpus process would) and releases it after d.
func holdWriteLock(t *testing.T, path string, d time.Duration) (released <-chan struct{}) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE meta SET value = value WHERE 0`); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		time.Sleep(d)
		tx.Rollback()
		raw.Close()
		close(done)
	}()
	return done
}

// A write that meets another writer waits its turn (longer than SQLite's
// busy timeout) and says so once; a reader meanwhile neither waits nor
// fails; --wait bounds the wait, and the write that gave up stored nothing.
func TestWriterWaitsReaderDoesNot(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	path := db.Path()
	if _, err := db.ImportUnits(ctx, unitsOf(deEn("Erster Satz.", "First sentence.")), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var mu sync.Mutex
	var told []string
	w, err := store.OpenWith(path, true, store.Options{OnWait: func(m string) { mu.Lock(); told = append(told, m); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	released := holdWriteLock(t, path, 2500*time.Millisecond)
	start := time.Now()
	n, err := w.CountUnits(ctx, store.UnitFilter{})
	if err != nil || n != 1 || time.Since(start) > time.Second {
		t.Fatalf("reader under a held write lock: n=%d err=%v after %s", n, err, time.Since(start))
	}
	if _, err := w.ImportUnits(ctx, unitsOf(deEn("Zweiter Satz.", "Second sentence.")), store.ImportOptions{}); err != nil {
		t.Fatalf("a writer behind another writer failed instead of waiting: %v", err)
	}
	select {
	case <-released:
	default:
		t.Fatal("the write finished while the other writer still held the lock")
	}
	mu.Lock()
	if len(told) != 1 || !strings.Contains(told[0], "waiting for another korpus") {
		t.Errorf("OnWait calls = %q, want one saying what it waits for", told)
	}
	mu.Unlock()

	bounded, err := store.OpenWith(path, true, store.Options{Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer bounded.Close()
	released = holdWriteLock(t, path, 3*time.Second)
	_, err = bounded.ImportUnits(ctx, unitsOf(deEn("Dritter Satz.", "Third sentence.")), store.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "busy") {
		t.Fatalf("err = %v, want busy after --wait", err)
	}
	<-released
	if n, err := bounded.CountUnits(ctx, store.UnitFilter{}); err != nil || n != 2 {
		t.Fatalf("after a write that gave up: %d units (%v), want 2", n, err)
	}
}

// Many goroutines writing through their own DB handles on one file (as
// separate processes do) all succeed, none lost or duplicated, while
// readers keep reading.
func TestConcurrentWritersAllSucceed(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	path := db.Path()
	db.Close()
	const writers, rounds = 4, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds*2)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				h, err := store.Open(path)
				if err != nil {
					errs <- err
					return
				}
				_, err = h.ImportUnits(ctx, unitsOf(deEn(fmt.Sprintf("Satz %d von %d.", r, i), fmt.Sprintf("Sentence %d of %d.", r, i))), store.ImportOptions{})
				if err != nil {
					errs <- fmt.Errorf("writer %d round %d: %w", i, r, err)
				}
				if _, err := h.CountUnits(ctx, store.UnitFilter{}); err != nil {
					errs <- fmt.Errorf("reader %d round %d: %w", i, r, err)
				}
				h.Close()
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	h, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if n, err := h.CountUnits(ctx, store.UnitFilter{}); err != nil || n != writers*rounds {
		t.Fatalf("%d units (%v), want %d", n, err, writers*rounds)
	}
}
