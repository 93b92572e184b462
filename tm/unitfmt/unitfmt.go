// Package unitfmt picks the unit encoder or decoder for a memory format
// (TMX, TSV, JSONL, PO; foreign XLIFF for reading): one place for `korpus import`/`export-tm` and for the
// server's /api/v1/import and /api/v1/export.
package unitfmt

import (
	"io"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/format"
	"github.com/korpus/korpus/tm/po"
	"github.com/korpus/korpus/tm/tmx"
	"github.com/korpus/korpus/tm/unitio"
	"github.com/korpus/korpus/tm/xliff"
)

// Encoder writes units.
type Encoder interface {
	Encode(*tm.Unit) error
	Close() error
}

// NewEncoder returns the encoder for "tsv", "jsonl", "po" or (anything else)
// TMX with from as its srclang.
func NewEncoder(w io.Writer, name string, from tm.Lang) Encoder {
	switch name {
	case "tsv":
		return unitio.NewTSVEncoder(w)
	case "jsonl":
		return unitio.NewJSONLEncoder(w)
	case "po":
		return po.NewEncoder(w)
	}
	h := tmx.Header{SrcLang: string(from), CreationTool: "korpus", CreationToolVersion: "1",
		OTMF: "korpus", AdminLang: "en", SegType: "sentence", DataType: "plaintext",
		CreationDate: time.Now()}
	return tmx.NewEncoder(w, h)
}

// NewDecoder returns a streaming unit reader for a TMX, TSV or JSONL body;
// file names it in errors; srcLang, when set, overrides TMX's srclang.
func NewDecoder(kind format.Format, r io.Reader, file string, srcLang tm.Lang) (tm.UnitReader, error) {
	return NewDecoderOptions(kind, r, file, DecodeOptions{SourceLang: srcLang})
}

// DecodeOptions are what a body may need besides its bytes.
type DecodeOptions struct {
	// SourceLang overrides TMX's srclang and names the source of XLIFF
	// files that name none and of PO (which never names one: required).
	// TargetLang names the target of XLIFF and PO files that name none.
	SourceLang, TargetLang tm.Lang
	// SkipInvalid skips invalid units instead of failing (see
	// tmx.SkipInvalid); the reader's Invalid method lists them.
	SkipInvalid bool
	// LangMap renames the file's languages as written ("English",
	// "xx") before they are parsed (TMX, XLIFF, PO).
	LangMap map[string]tm.Lang
	// MaxLine and LongReason: TSV and JSONL lines longer than MaxLine
	// bytes are skipped under LongReason (0: no limit).
	MaxLine    int
	LongReason string
	// MaxSegment bounds TMX <seg>s (tmx.MaxSegment; 0: its default).
	MaxSegment int
}

// XLIFFOptions are the xliff.Decoder options for o.
func XLIFFOptions(o DecodeOptions) []xliff.Option {
	xopts := []xliff.Option{xliff.LangMap(o.LangMap)}
	if o.SourceLang != "" {
		xopts = append(xopts, xliff.SourceLang(o.SourceLang))
	}
	if o.TargetLang != "" {
		xopts = append(xopts, xliff.TargetLang(o.TargetLang))
	}
	if o.SkipInvalid {
		xopts = append(xopts, xliff.SkipInvalid())
	}
	return xopts
}

// NewDecoderOptions returns a streaming unit reader for a TMX, TSV,
// JSONL, PO or foreign XLIFF body (one that korpus did not export: those
// hold a document's translations, which korpus import stores). The
// reader has the Skipped and Invalid methods of its decoder.
func NewDecoderOptions(kind format.Format, r io.Reader, file string, o DecodeOptions) (tm.UnitReader, error) {
	switch kind {
	case format.TMX:
		topts := []tmx.Option{tmx.LangMap(o.LangMap)}
		if o.MaxSegment > 0 {
			topts = append(topts, tmx.MaxSegment(o.MaxSegment))
		}
		if o.SourceLang != "" {
			topts = append(topts, tmx.SourceLang(o.SourceLang))
		}
		if o.SkipInvalid {
			topts = append(topts, tmx.SkipInvalid())
		}
		return tmx.NewDecoder(r, file, topts...), nil
	case format.TSV:
		d := unitio.NewTSVDecoder(r, file)
		d.SkipInvalid, d.MaxLine, d.LongReason = o.SkipInvalid, o.MaxLine, o.LongReason
		return d, nil
	case format.JSONL:
		d := unitio.NewJSONLDecoder(r, file)
		d.SkipInvalid, d.MaxLine, d.LongReason = o.SkipInvalid, o.MaxLine, o.LongReason
		return d, nil
	case format.PO:
		if o.SourceLang == "" {
			return nil, tm.Errorf(tm.EINVALID, "%s: a PO file names no source language: give it", file)
		}
		popts := []po.Option{po.SourceLang(o.SourceLang), po.LangMap(o.LangMap)}
		if o.TargetLang != "" {
			popts = append(popts, po.TargetLang(o.TargetLang))
		}
		if o.SkipInvalid {
			popts = append(popts, po.SkipInvalid())
		}
		return po.NewDecoder(r, file, popts...), nil
	case format.XLIFF12, format.XLIFF2:
		d := xliff.NewDecoder(r, file, XLIFFOptions(o)...)
		return &foreignXLIFF{d: d, r: xliff.NewUnitReader(d)}, nil
	}
	return nil, tm.Errorf(tm.EINVALID, "%s: %s is not a memory format here (TMX, TSV, JSONL, PO or XLIFF)", file, kind)
}

// foreignXLIFF reads the units of an XLIFF that korpus did not export.
type foreignXLIFF struct {
	d *xliff.Decoder
	r *xliff.UnitReader
}

func (f *foreignXLIFF) Next() (*tm.Unit, error) {
	u, err := f.r.Next()
	if err == nil && f.d.File() != nil && f.d.File().Korpus != nil {
		return nil, tm.Errorf(tm.EINVALID, "%s: an XLIFF exported by korpus (document %s) holds the translations of that document: store them with korpus import", f.d.Name(), f.d.File().Korpus.Document)
	}
	return u, err
}

// Invalid lists the units skipped as invalid (DecodeOptions.SkipInvalid).
func (f *foreignXLIFF) Invalid() []tm.InvalidUnit { return f.d.Invalid() }
