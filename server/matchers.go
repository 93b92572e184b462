package server

import (
	"context"
	"runtime"
	"sync"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// matchers keeps warm Matchers across requests, at most one per core and
// language pair: a fresh Matcher starts with an empty postings cache and
// costs a lookup about twenty times the CPU of a warm one. A Matcher
// catches up with new units itself before every lookup (refresh); it is
// dropped when the memories' penalties change (MemoriesStamp) or a lookup
// fails. Requests beyond the limit wait for one (or their context).
type matchers struct {
	db    *store.DB
	limit int
	mu    sync.Mutex
	pairs map[[2]tm.Lang]*matcherSlot
}

type matcherSlot struct {
	tokens chan struct{} // one per Matcher that may exist
	mu     sync.Mutex
	idle   []*pooledMatcher
}

type pooledMatcher struct {
	m     *store.Matcher
	stamp string
}

func newMatchers(db *store.DB) *matchers {
	return &matchers{db: db, limit: max(1, runtime.GOMAXPROCS(0)), pairs: map[[2]tm.Lang]*matcherSlot{}}
}

func (p *matchers) slot(from, to tm.Lang) *matcherSlot {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := [2]tm.Lang{from, to}
	s := p.pairs[k]
	if s == nil {
		s = &matcherSlot{tokens: make(chan struct{}, p.limit)}
		p.pairs[k] = s
	}
	return s
}

// get returns a Matcher for from→to and the function that gives it back
// (ok false: it failed and is closed instead).
func (p *matchers) get(ctx context.Context, from, to tm.Lang) (*store.Matcher, func(ok bool), error) {
	stamp, err := p.db.MemoriesStamp(ctx)
	if err != nil {
		return nil, nil, err
	}
	s := p.slot(from, to)
	select {
	case s.tokens <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	var pm *pooledMatcher
	s.mu.Lock()
	for len(s.idle) > 0 && pm == nil {
		c := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if c.stamp == stamp {
			pm = c
		} else {
			c.m.Close()
		}
	}
	s.mu.Unlock()
	if pm == nil {
		m, err := p.db.NewMatcher(ctx, from, to)
		if err != nil {
			<-s.tokens
			return nil, nil, err
		}
		pm = &pooledMatcher{m: m, stamp: stamp}
	}
	return pm.m, func(ok bool) {
		if ok {
			s.mu.Lock()
			s.idle = append(s.idle, pm)
			s.mu.Unlock()
		} else {
			pm.m.Close()
		}
		<-s.tokens
	}, nil
}
