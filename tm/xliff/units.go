package xliff

import (
	"github.com/korpus/korpus/tm"
)

// UnitReader adapts a Decoder to tm.UnitReader for importing a foreign
// XLIFF into the memory: one tm.Unit per segment, with the file's
// languages, the segment's status, origin "xliff", the unit's and the
// segment's notes, and the plain source of the neighbouring segments of
// the same unit as context. Segments without a target are passed on too
// (the importer counts them as skipped).
type UnitReader struct {
	d       *Decoder
	pending []*tm.Unit
	queued  []*Unit
}

var _ tm.UnitReader = (*UnitReader)(nil)

// NewUnitReader returns a UnitReader reading d, after the units already
// read from it (given in order).
func NewUnitReader(d *Decoder, read ...*Unit) *UnitReader {
	return &UnitReader{d: d, queued: read}
}

// Next returns the next translation unit, io.EOF at the end, or the
// decoder's error.
func (r *UnitReader) Next() (*tm.Unit, error) {
	for len(r.pending) == 0 {
		var u *Unit
		if len(r.queued) > 0 {
			u, r.queued = r.queued[0], r.queued[1:]
		} else {
			var err error
			if u, err = r.d.Next(); err != nil {
				return nil, err
			}
		}
		r.pending = Units(u)
	}
	u := r.pending[0]
	r.pending = r.pending[1:]
	return u, nil
}

// Units converts the segments of u into translation units (see UnitReader).
func Units(u *Unit) []*tm.Unit {
	var out []*tm.Unit
	for i, s := range u.Segments {
		tu := &tm.Unit{
			Source: s.Source, Target: s.Target, Status: s.Status, Origin: tm.OriginXLIFF,
			Notes: append(append([]tm.Note(nil), u.Notes...), s.Notes...),
		}
		if s.Origin != "" {
			tu.Origin = s.Origin
		}
		if u.File != nil {
			tu.SourceLang, tu.TargetLang = u.File.SourceLang, u.File.TargetLang
		}
		if i > 0 {
			tu.Prev = u.Segments[i-1].Source.Plain()
		}
		if i+1 < len(u.Segments) {
			tu.Next = u.Segments[i+1].Source.Plain()
		}
		out = append(out, tu)
	}
	return out
}
