package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/unitfmt"
	"github.com/korpus/korpus/tm/xliff"
)

// Skip reasons of the XLIFF import besides the store's.
const skipNotKorpusID = "segment id is not a korpus segment id (sN)"

// importXLIFF imports an XLIFF 1.2 or 2.x file. A file korpus exported
// (with document metadata) stores its targets as translations of that
// document's segments (store.StoreTranslations); a foreign file becomes
// translation units in the memory (store.ImportUnits). The whole file is
// decoded before the database is opened for writing, so a file that is bad
// anywhere changes nothing. Mixing korpus and foreign <file>s is an error.
//
// For a korpus export it also returns what happened to each document.
func importXLIFF(opts *importOptions, name string, r io.Reader) (tm.ImportStats, []importDocument, error) {
	dec := xliff.NewDecoder(r, name, unitfmt.XLIFFOptions(opts.decodeOptions())...)
	defer func() {
		for _, w := range dec.Warnings() {
			opts.Warnings = append(opts.Warnings, w.String(name))
		}
	}()
	first, err := dec.Next()
	if err != nil && err != io.EOF {
		return tm.ImportStats{}, nil, err
	}
	var stats tm.ImportStats
	var docs []importDocument
	if first == nil || first.File == nil || first.File.Korpus == nil {
		stats, err = importForeignXLIFF(opts, dec, first)
	} else {
		stats, docs, err = importKorpusXLIFF(opts, name, dec, first)
	}
	if err == nil {
		// Each invalid <trans-unit> or <unit> counts as one unit read
		// and skipped.
		opts.Invalid = dec.Invalid()
		for range opts.Invalid {
			stats.Read++
			stats.Skip(tm.SkipInvalid)
		}
	}
	return stats, docs, err
}

// importDocument is what the import of a korpus export did to one
// document (import --json "documents"; the text output prints a notice
// when the versions differ).
type importDocument struct {
	Document string  `json:"document"`
	Lang     tm.Lang `json:"lang"`
	// ExportedVersion is the version the file was exported from,
	// StoredVersion the one its translations were stored for (the
	// latest); Mapped counts the translations moved from the one to the
	// other, SourceChanged those skipped because their source changed.
	ExportedVersion int `json:"exported_version"`
	StoredVersion   int `json:"stored_version"`
	Mapped          int `json:"mapped"`
	SourceChanged   int `json:"source_changed"`
}

// importForeignXLIFF streams the units of a foreign XLIFF into the memory.
func importForeignXLIFF(opts *importOptions, dec *xliff.Decoder, first *xliff.Unit) (tm.ImportStats, error) {
	var read []*xliff.Unit
	if first != nil {
		read = append(read, first)
	}
	units := &korpusFileGuard{r: xliff.NewUnitReader(dec, read...), dec: dec}
	db, err := opts.Store()
	if err != nil {
		return tm.ImportStats{}, err
	}
	lim := newLengthLimit(units, opts.maxSegment())
	stats, err := db.ImportUnits(opts.Ctx, lim, opts.unitOptions(opts.Progress.Add))
	if err == nil {
		addSkipped(&stats, lim.Skipped())
	}
	return stats, err
}

// korpusFileGuard fails a foreign import when a later <file> turns out to
// be a korpus export.
type korpusFileGuard struct {
	r   tm.UnitReader
	dec *xliff.Decoder
}

func (g *korpusFileGuard) Next() (*tm.Unit, error) {
	u, err := g.r.Next()
	if err == nil && g.dec.File() != nil && g.dec.File().Korpus != nil {
		return nil, errMixed(g.dec.File())
	}
	return u, err
}

func errMixed(f *xliff.File) error {
	return tm.Errorf(tm.EINVALID, "the XLIFF mixes files exported by korpus (%s) with foreign files; import them separately", f.Korpus.Document)
}

// importKorpusXLIFF stores the targets of a korpus export.
func importKorpusXLIFF(opts *importOptions, name string, dec *xliff.Decoder, first *xliff.Unit) (tm.ImportStats, []importDocument, error) {
	var stats tm.ImportStats
	var ins []store.StoreTranslationsInput
	var cur *xliff.File
	for u := first; ; {
		if u.File.Korpus == nil {
			return stats, nil, errMixed(cur)
		}
		if u.File != cur {
			cur = u.File
			lang := cur.TargetLang
			if l, ok := opts.LangMap[lang]; ok {
				lang = l
			}
			if lang == "" {
				return stats, nil, tm.Errorf(tm.EINVALID, "%s: <file> of %s has no target language", name, cur.Korpus.Document)
			}
			src := cur.SourceLang
			if l, ok := opts.LangMap[src]; ok {
				src = l
			}
			ins = append(ins, store.StoreTranslationsInput{
				Document: cur.Korpus.Document, Version: cur.Korpus.Version, Hash: cur.Korpus.Hash,
				Lang: lang, SourceLang: src, Origin: tm.OriginXLIFF, Changer: opts.User,
			})
		}
		in := &ins[len(ins)-1]
		for _, s := range korpusSegments(u) {
			i, ok := xliff.ParseSegmentID(s.ID)
			if !ok {
				stats.Read++
				stats.Skip(skipNotKorpusID)
				continue
			}
			in.Items = append(in.Items, store.TranslationInput{
				Index: i, Source: s.Source.Plain(), Target: s.Target, Status: s.Status, Notes: s.Notes,
			})
		}
		opts.Progress.Add(len(u.Segments))
		var err error
		u, err = dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return stats, nil, err
		}
	}
	db, err := opts.Store()
	if err != nil {
		return stats, nil, err
	}
	results, err := db.StoreTranslations(opts.Ctx, ins, store.StoreOptions{DryRun: opts.DryRun, Memory: opts.Memory, Index: opts.Index})
	if err != nil {
		return stats, nil, err
	}
	var docs []importDocument
	for i, res := range results {
		s := res.Stats
		stats.Read += s.Read
		stats.Added += s.Added
		stats.Updated += s.Updated
		stats.Unchanged += s.Unchanged
		for reason, n := range s.Reasons {
			for range n {
				stats.Skip(reason)
			}
		}
		doc := ins[i].Document
		docs = append(docs, importDocument{Document: doc, Lang: ins[i].Lang, ExportedVersion: res.From.Number,
			StoredVersion: res.Into.Number, Mapped: res.Mapped, SourceChanged: s.Reasons[store.SkipSourceChanged]})
		if res.From.Number != res.Into.Number {
			fmt.Fprintf(opts.IO.ErrOut, "%s: exported from version %d, stored for version %d: %d mapped, %d skipped (%s)\n",
				doc, res.From.Number, res.Into.Number, res.Mapped, s.Reasons[store.SkipSourceChanged], store.SkipSourceChanged)
		}
	}
	return stats, docs, nil
}

// korpusSegments returns the segments of a unit of a korpus export. A CAT
// tool may have split a korpus trans-unit "s12" into <seg-source> segments
// (the decoder names them "s12_1", "s12_2" …, often just one): they are
// joined back into one segment, sources and targets separated by a space
// (the store compares sources ignoring whitespace differences).
func korpusSegments(u *xliff.Unit) []*xliff.Segment {
	if _, ok := xliff.ParseSegmentID(u.ID); !ok || len(u.Segments) == 0 {
		return u.Segments
	}
	for _, s := range u.Segments {
		if !strings.HasPrefix(s.ID, u.ID+"_") {
			return u.Segments
		}
	}
	joined := &xliff.Segment{ID: u.ID, Status: u.Segments[0].Status}
	for i, s := range u.Segments {
		if i > 0 {
			joined.Source = append(joined.Source, tm.Run{Text: " "})
			if len(joined.Target) > 0 && len(s.Target) > 0 {
				joined.Target = append(joined.Target, tm.Run{Text: " "})
			}
		}
		joined.Source = append(joined.Source, s.Source...)
		joined.Target = append(joined.Target, s.Target...)
		joined.Notes = append(joined.Notes, s.Notes...)
	}
	return []*xliff.Segment{joined}
}
