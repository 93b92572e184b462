package unitio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// fuzzMax bounds fuzz inputs so that runs stay fast.
const fuzzMax = 64 << 10

type decoder interface{ Next() (*tm.Unit, error) }
type encoder interface {
	Encode(*tm.Unit) error
	Close() error
}

// decodeAll reads every unit. It fails the test when the decoder errs
// with anything but an EINVALID *LineError whose line and column lie in
// the input, when an error or io.EOF is not sticky, or when it yields more
// units than the input has lines.
func decodeAll(t *testing.T, d decoder, data []byte, name string) ([]*tm.Unit, error) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	var units []*tm.Unit
	for {
		u, err := d.Next()
		if err == io.EOF {
			if _, again := d.Next(); again != io.EOF {
				t.Fatalf("io.EOF is not sticky: then %v", again)
			}
			return units, nil
		}
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %T %v is not a *LineError", err, err)
			}
			var te *tm.Error
			if !errors.As(err, &te) || te.Code != tm.EINVALID {
				t.Fatalf("error %v is not an EINVALID *tm.Error", err)
			}
			if le.File != name || le.Line < 1 || le.Line > len(lines) {
				t.Fatalf("error %v: line %d outside the input's %d lines", err, le.Line, len(lines))
			}
			if n := utf8.RuneCount(lines[le.Line-1]); le.Column < 0 || le.Column > n+1 {
				t.Fatalf("error %v: column %d outside line %d of %d characters", err, le.Column, le.Line, n)
			}
			if _, again := d.Next(); again == nil || again.Error() != err.Error() {
				t.Fatalf("error is not sticky: %v, then %v", err, again)
			}
			return units, err
		}
		if u == nil {
			t.Fatal("nil unit without an error")
		}
		units = append(units, u)
		if len(units) > len(lines) {
			t.Fatalf("%d units from %d lines", len(units), len(lines))
		}
	}
}

func encodeAll(t *testing.T, e encoder, buf *bytes.Buffer, units []*tm.Unit) []byte {
	t.Helper()
	for _, u := range units {
		if err := e.Encode(u); err != nil {
			t.Fatalf("encoding a decoded unit: %v", err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// roundTrip checks that what a decoder read encodes, in both formats, to
// text that decodes to as many units and encodes to the same text again.
func roundTrip(t *testing.T, units []*tm.Unit) {
	t.Helper()
	if len(units) == 0 {
		return
	}
	var b1 bytes.Buffer
	tsv := encodeAll(t, NewTSVEncoder(&b1), &b1, units)
	again, err := decodeAll(t, NewTSVDecoder(bytes.NewReader(tsv), "again.tsv"), tsv, "again.tsv")
	if err != nil || len(again) != len(units) {
		t.Fatalf("TSV round trip: %d units, then %d, %v\n%s", len(units), len(again), err, tsv)
	}
	var b2 bytes.Buffer
	if tsv2 := encodeAll(t, NewTSVEncoder(&b2), &b2, again); !bytes.Equal(tsv, tsv2) {
		t.Fatalf("TSV decode → encode is not a fixed point:\n%s\n----\n%s", tsv, tsv2)
	}
	var b3 bytes.Buffer
	jl := encodeAll(t, NewJSONLEncoder(&b3), &b3, again)
	again, err = decodeAll(t, NewJSONLDecoder(bytes.NewReader(jl), "again.jsonl"), jl, "again.jsonl")
	if err != nil || len(again) != len(units) {
		t.Fatalf("JSONL round trip: %d units, then %d, %v\n%s", len(units), len(again), err, jl)
	}
	var b4 bytes.Buffer
	if tsv3 := encodeAll(t, NewTSVEncoder(&b4), &b4, again); !bytes.Equal(tsv, tsv3) {
		t.Fatalf("TSV → JSONL → TSV changed the units:\n%s\n----\n%s", tsv, tsv3)
	}
}

func seedFile(f *testing.F, name string) {
	if data, err := os.ReadFile(testutil.Testdata(name)); err == nil && len(data) <= fuzzMax {
		f.Add(data)
	} else if err == nil {
		f.Add(data[:bytes.LastIndexByte(data[:fuzzMax], '\n')+1])
	}
}

// FuzzTSV feeds arbitrary bytes to the TSV decoder: never a panic or a
// loop, io.EOF or a *LineError positioned inside the input, and what it
// reads survives TSV and JSONL round trips.
func FuzzTSV(f *testing.F) {
	seedFile(f, "memories/release-0.tsv")
	f.Add([]byte("source_lang\ttarget_lang\tsource\ttarget\nde\ten\tHallo\\tWelt\tHello\\nworld\n"))
	f.Add([]byte("\uFEFFsource_lang\ttarget_lang\tsource\ttarget\tusage\tcreated\r\nde\ten\ta\tb\tx\t2024\r\n"))
	f.Add([]byte("source_lang\ttarget_lang\tsource\ttarget\tsource_codes\nde\ten\ta\tb\t[{\"c\":{\"k\":\"open\",\"id\":\"1\"}}]\n"))
	f.Add([]byte("source_lang\ttarget_lang\tsource\tsource\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		units, _ := decodeAll(t, NewTSVDecoder(bytes.NewReader(data), "f.tsv"), data, "f.tsv")
		roundTrip(t, units)
	})
}

// FuzzJSONL is FuzzTSV for JSON Lines.
func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"source_lang":"de","target_lang":"en","source":"Hallo.","target":"Hello.","origin":"tmx","created":"2024-01-02T03:04:05Z"}` + "\n"))
	f.Add([]byte("\uFEFF{\"source_lang\":\"de\",\"target_lang\":\"en\",\"source\":\"a\",\"target\":\"b\",\"usage\":\"x\"}\n\n{\"source\":1}\n"))
	f.Add([]byte(`{"source_lang":"de","target_lang":"en","source_codes":[{"t":"a "},{"c":{"k":"open","id":"1"}}],"target":"b","props":[{"type":"x","value":"y"}]}`))
	f.Add([]byte("{\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		units, _ := decodeAll(t, NewJSONLDecoder(bytes.NewReader(data), "f.jsonl"), data, "f.jsonl")
		roundTrip(t, units)
	})
}
