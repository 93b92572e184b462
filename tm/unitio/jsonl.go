package unitio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// JSONLEncoder writes one JSON object per unit and line.
type JSONLEncoder struct {
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

// NewJSONLEncoder returns an encoder writing to w.
func NewJSONLEncoder(w io.Writer) *JSONLEncoder {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLEncoder{w: bw, enc: enc}
}

// Encode writes one unit.
func (e *JSONLEncoder) Encode(u *tm.Unit) error {
	if e.err != nil {
		return e.err
	}
	r := toRecord(u)
	e.err = e.enc.Encode(&r)
	return e.err
}

// Close flushes the output.
func (e *JSONLEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	e.err = e.w.Flush()
	return e.err
}

// JSONLDecoder reads units from JSON Lines. It implements tm.UnitReader.
type JSONLDecoder struct {
	r      *bufio.Reader
	file   string
	line   int
	Origin tm.Origin // origin of units without an "origin" field; default "jsonl"
	err    error
	skips
}

// NewJSONLDecoder returns a decoder reading r; file names it in errors.
func NewJSONLDecoder(r io.Reader, file string) *JSONLDecoder {
	return &JSONLDecoder{r: bufio.NewReaderSize(r, 64<<10), file: file, Origin: "jsonl"}
}

// Next returns the next unit, or io.EOF at the end. Blank lines are skipped.
func (d *JSONLDecoder) Next() (*tm.Unit, error) {
	if d.err != nil {
		return nil, d.err
	}
	for {
		u, err := d.next()
		if err != nil && d.recoverLine(&err) {
			continue
		}
		if err != nil {
			d.err = err
		}
		return u, err
	}
}

func (d *JSONLDecoder) next() (*tm.Unit, error) {
	for {
		b, long, err := readLine(d.r, d.MaxLine)
		if err == io.EOF && (len(b) > 0 || long) {
			err = nil
		}
		if err != nil {
			return nil, err
		}
		d.line++
		if long {
			d.skip()
			continue
		}
		if d.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			// json.Unmarshal would replace the bytes with U+FFFD.
			return nil, invalidUTF8(d.file, d.line, string(b))
		}
		var rec record
		if err := json.Unmarshal(b, &rec); err != nil {
			col := 0
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				col = runeColumn(b, se.Offset-1)
			case errors.As(err, &te):
				col = runeColumn(b, te.Offset-1)
			}
			return nil, lineErr(d.file, d.line, col, "%s", jsonErrorText(err))
		}
		u, err := rec.toUnit(d.Origin)
		if err != nil {
			return nil, lineErr(d.file, d.line, 0, "%v", err)
		}
		return u, nil
	}
}

// jsonErrorText describes an error of json.Unmarshal in JSON terms: a
// value of the wrong type names its field and both types ("source: want
// a string, not a number"), never Go's struct and type names.
func jsonErrorText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Type != nil {
		s := "want " + jsonKind(te.Type) + ", not " + article(te.Value)
		if te.Field != "" {
			s = te.Field + ": " + s
		}
		return s
	}
	return "invalid JSON: " + err.Error()
}

// jsonKind names the JSON value a field of Go type t takes, for errors
// that speak JSON rather than Go.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another type"
}

// article puts "a" or "an" before a JSON value kind of
// json.UnmarshalTypeError.Value ("number", "string", "array", "object" …).
func article(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}

// runeColumn is the 1-based character column of byte offset off in b,
// counting a rune that off falls inside as the column it starts at
// (encoding/json's offsets count bytes and may end inside a character).
func runeColumn(b []byte, off int64) int {
	o := int(min(max(off, 0), int64(len(b))))
	for o > 0 && o < len(b) && !utf8.RuneStart(b[o]) {
		o--
	}
	return utf8.RuneCount(b[:o]) + 1
}
