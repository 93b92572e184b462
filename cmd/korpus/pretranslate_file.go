package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/xliff"
)

// maxBilingual bounds the bilingual file pretranslate --bilingual reads
// into memory (it rewrites the file around the targets it adds).
const maxBilingual = 512 << 20

// pretranslateFileRun is pretranslate --bilingual FILE: the empty
// segments of another tool's XLIFF 1.2 get the memory's best matches, the
// rest of the file is kept byte for byte (xliff.Fill).
func pretranslateFileRun(ctx context.Context, opts *pretranslateOptions) error {
	name := opts.Bilingual
	fi, err := os.Stat(name)
	if err != nil {
		return tm.Errorf(tm.EINVALID, "cannot read %s: %v", name, unwrapPathErr(err))
	}
	if fi.Size() > maxBilingual {
		return tm.Errorf(tm.EINVALID, "%s: %d MB is more than pretranslate --bilingual reads (%d MB)", name, fi.Size()>>20, maxBilingual>>20)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return tm.Errorf(tm.EINVALID, "cannot read %s: %v", name, unwrapPathErr(err))
	}
	src, tgt, err := bilingualLangs(data, name)
	if err != nil {
		return err
	}
	if opts.To != "" && opts.To != tgt {
		return usageErrorf("--to %s: %s translates into %s", opts.To, name, tgt)
	}
	db, err := opts.Store()
	if err != nil {
		return err
	}
	m, err := db.NewMatcher(ctx, src, tgt)
	if err != nil {
		return err
	}
	defer m.Close()
	min := opts.Min
	if min == 0 {
		min = 1
	}
	var lookupErr error
	var buf bytes.Buffer
	st, err := xliff.Fill(data, &buf, name, func(s xliff.FillSegment) (xliff.Filled, bool) {
		if lookupErr != nil {
			return xliff.Filled{}, false
		}
		ms, err := m.Lookup(ctx, s.Source, store.LookupOptions{Min: min, Limit: 1, Context: true, Prev: s.Prev, Next: s.Next,
			Memories: opts.Memories, NoDiff: true})
		if err != nil {
			lookupErr = err
			return xliff.Filled{}, false
		}
		if len(ms) == 0 {
			return xliff.Filled{}, false
		}
		best := ms[0]
		status := tm.StatusNeedsReview
		switch best.Kind {
		case match.InContext:
			status = best.Unit.Status
		case match.Exact:
			status = tm.StatusTranslated
		}
		// The source is plain text (Fill offers no segment with codes):
		// the target gets the match's text, no orphan codes.
		return xliff.Filled{Target: best.Unit.Target.Plain(), Status: status, Score: best.Score}, true
	})
	if lookupErr != nil {
		return lookupErr
	}
	if err != nil {
		return err
	}
	out, err := openOutput(opts.IO.Out, opts.Output)
	if err != nil {
		return err
	}
	defer out.Discard()
	if _, err := io.Copy(out, &buf); err != nil {
		return writeError(opts.Output, err)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "pretranslated %s → %s: %s of %s segments filled (%s in-context, %s exact, %s fuzzy); %s already translated, %s with inline codes and %s locked left alone, %s without match\n",
		name, outputName(opts.Output), thousands(st.Filled), thousands(st.Segments), thousands(st.InContext), thousands(st.Exact),
		thousands(st.Fuzzy), thousands(st.Kept), thousands(st.Codes), thousands(st.Locked), thousands(st.NoMatch))
	return nil
}

// bilingualLangs returns the languages of a bilingual file: those of its
// first <file>, which every other must share.
func bilingualLangs(data []byte, name string) (src, tgt tm.Lang, err error) {
	d := xliff.NewDecoder(bytes.NewReader(data), name)
	for {
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", "", err
		}
		f := u.File
		if src == "" {
			src, tgt = f.SourceLang, f.TargetLang
		}
		if f.SourceLang != src || f.TargetLang != tgt {
			return "", "", tm.Errorf(tm.EINVALID, "%s: its <file>s translate %s→%s and %s→%s; pretranslate them one at a time", name, src, tgt, f.SourceLang, f.TargetLang)
		}
	}
	if src == "" || tgt == "" {
		return "", "", tm.Errorf(tm.EINVALID, "%s: no segments, or no source-language/target-language to look them up in", name)
	}
	return src, tgt, nil
}
