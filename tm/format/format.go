// Package format tells exchange formats apart by their content, not by
// file names: XLIFF 1.2, XLIFF 2.x, TMX, TSV, JSON Lines and gettext PO.
package format

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Format is an exchange format korpus reads.
type Format string

// Known formats.
const (
	XLIFF12 Format = "xliff12"
	XLIFF2  Format = "xliff2"
	TMX     Format = "tmx"
	TSV     Format = "tsv"
	JSONL   Format = "jsonl"
	PO      Format = "po"
)

func (f Format) String() string { return string(f) }

// sniffSize is how much of the input Detect looks at.
const sniffSize = 64 << 10

// Detect reads the beginning of r and says which format it holds. The
// returned reader replays everything, the sniffed bytes included. An input
// that is none of the known formats is an EINVALID error.
//
// XML is told apart by its root element (<tmx>; <xliff> with version 1.x
// or the 1.2 namespace, version 2.x or the 2.0 namespace); UTF-16 with a
// byte-order mark is understood. A first line starting with "{" is JSONL;
// a first line with tabs naming source_lang is TSV. TSV and JSONL in
// UTF-16 are replayed as UTF-8 without the mark; XML always as it is.
func Detect(r io.Reader) (Format, io.Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return "", br, tm.Errorf(tm.EINVALID, "cannot read input: %v", err)
	}
	f, ferr := sniff(head)
	if ferr == nil && (f == TSV || f == JSONL) {
		// Their decoders read UTF-8; Windows tools (Excel's "Unicode
		// Text") write UTF-16 with a byte-order mark.
		switch {
		case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
			return f, transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), nil
		case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
			return f, transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), nil
		}
	}
	return f, br, ferr
}

func sniff(head []byte) (Format, error) {
	if len(head) == 0 {
		return "", tm.Errorf(tm.EINVALID, "empty input: not XLIFF, TMX, TSV or JSONL")
	}
	xmlUTF16 := false
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		if head[0] == 0xFF {
			dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		}
		n := len(head) &^ 1
		b, _ := dec.Bytes(head[:n])
		head, xmlUTF16 = b, true
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		head = head[3:]
	case bytes.HasPrefix(head, []byte("<\x00")), bytes.HasPrefix(head, []byte("\x00<")):
		// XML requires the mark in UTF-16; without it nothing below
		// would recognise the root and the error would mislead.
		order := "little-endian"
		if head[0] == 0 {
			order = "big-endian"
		}
		return "", tm.Errorf(tm.EINVALID, "UTF-16 (%s) without a byte-order mark: save the file with one (as Trados does) or as UTF-8", order)
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		return sniffXML(trimmed, xmlUTF16)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return JSONL, nil
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if bytes.Contains(line, []byte("\t")) && bytes.Contains(line, []byte("source_lang")) {
		return TSV, nil
	}
	// gettext PO: comments or a keyword first.
	for _, kw := range []string{"#", "msgid ", "msgid\t", "msgctxt ", "msgctxt\t", "msgid\"", "msgctxt\""} {
		if bytes.HasPrefix(trimmed, []byte(kw)) {
			return PO, nil
		}
	}
	return "", tm.Errorf(tm.EINVALID, "unknown format: not XML (XLIFF, TMX), not JSONL (a JSON object per line), not gettext PO, not TSV (a header line with source_lang, target_lang, source, target separated by tabs)")
}

func sniffXML(head []byte, utf16 bool) (Format, error) {
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) { return in, nil }
	for {
		t, err := d.RawToken()
		if err != nil {
			return "", tm.Errorf(tm.EINVALID, "XML input without a recognisable root element in its first %d KB", sniffSize>>10)
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(se.Name.Local) {
		case "tmx":
			return TMX, nil
		case "xliff":
			version, ns := "", ""
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "version" && a.Name.Space == "":
					version = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns", a.Name.Space == "xmlns" && a.Name.Local == se.Name.Space:
					ns = a.Value
				}
			}
			switch {
			case strings.HasPrefix(version, "2."), strings.Contains(ns, "xliff:document:2."):
				return XLIFF2, nil
			case strings.HasPrefix(version, "1."), strings.Contains(ns, "xliff:document:1."):
				return XLIFF12, nil
			case version == "" && ns == "":
				// Old tools write no version and no namespace:
				// what they write is XLIFF 1.x.
				return XLIFF12, nil
			}
			return "", tm.Errorf(tm.EINVALID, "XLIFF of unknown version %q (korpus reads 1.0–1.2 and 2.0–2.2)", version)
		default:
			name := se.Name.Local
			if se.Name.Space != "" {
				name = se.Name.Space + ":" + name
			}
			return "", tm.Errorf(tm.EINVALID, "unknown XML format: root element <%s> (korpus reads <xliff> and <tmx>)", name)
		}
	}
}
