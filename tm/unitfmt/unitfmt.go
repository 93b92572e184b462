// Package unitfmt picks the unit encoder or decoder for a memory format
// (TMX, TSV, JSONL): one place for `korpus import`/`export-tm` and for the
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
	switch kind {
	case format.TMX:
		var topts []tmx.Option
		if srcLang != "" {
			topts = append(topts, tmx.SourceLang(srcLang))
		}
		return tmx.NewDecoder(r, file, topts...), nil
	case format.TSV:
		return unitio.NewTSVDecoder(r, file), nil
	case format.JSONL:
		return unitio.NewJSONLDecoder(r, file), nil
	}
	return nil, tm.Errorf(tm.EINVALID, "%s: %s is not a memory format here (TMX, TSV or JSONL)", file, kind)
}
