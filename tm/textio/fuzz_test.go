package textio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// fuzzMax bounds fuzz inputs so that runs stay fast.
const fuzzMax = 64 << 10

// FuzzDecode feeds arbitrary bytes, auto-detected and as windows-1252,
// to Decode. An error is always EINVALID. What it returns is valid NFC
// UTF-8 with "\n" line ends and no C0 control but tab and LF; decoding
// that again, with a UTF-8 BOM or as BOM-marked UTF-16LE/BE, gives it back
// unchanged. Valid UTF-8 without controls decodes to its NFC form.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(testutil.Testdata("align/*.txt"))
	files = append(files, testutil.Testdata("korea-in-der-welt.de.txt"), testutil.Testdata("terms/omegat.txt"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data[:min(len(data), 4096)], "")
		}
	}
	f.Add([]byte("Gr\xfc\xdfe\r\n"), "windows-1252")
	f.Add([]byte("ok\nGr\xfc"), "")
	f.Add([]byte("\xef\xbb\xbfStra\xc3\x9fe\fneu\vZeile\x1a"), "")
	f.Add([]byte("\xff\xfeA\x00\r\x00\n\x00"), "utf-16")
	f.Add([]byte("e\u0301 \x01"), "iso-8859-15")
	f.Add([]byte("%PDF-1.4"), "")
	f.Fuzz(func(t *testing.T, data []byte, enc string) {
		if len(data) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		for _, e := range []string{"", "windows-1252", enc} {
			s, err := Decode(data, e)
			if err != nil {
				var te *tm.Error
				if !errors.As(err, &te) || te.Code != tm.EINVALID {
					t.Fatalf("Decode(%q): error %v is not EINVALID", e, err)
				}
				continue
			}
			checkText(t, s)
			if e == "" && utf8.Valid(data) && !strings.HasPrefix(string(data), "\uFEFF") && !strings.ContainsAny(string(data), "\r\f\v\x1a") {
				if want := norm.NFC.String(string(data)); s != want {
					t.Fatalf("valid UTF-8 %q decoded to %q, want %q", data, s, want)
				}
			}
			if hasBinaryMagic(s) {
				// Only undeclared UTF-8 is checked for the signatures
				// of binary formats; a named encoding or a BOM says the
				// file is text. Found by this fuzz target, kept as is.
				continue
			}
			again := map[string][]byte{
				"UTF-8":        []byte(s),
				"UTF-8 BOM":    append([]byte("\uFEFF"), s...),
				"UTF-16LE BOM": utf16Bytes(s, false, true),
				"UTF-16BE BOM": utf16Bytes(s, true, true),
			}
			for name, b := range again {
				s2, err := Decode(b, "")
				if err != nil || s2 != s {
					t.Fatalf("Decode(%q) gave %q, which as %s decodes to %q, %v", e, s, name, s2, err)
				}
			}
		}
	})
}

func checkText(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("result %q is not valid UTF-8", s)
	}
	if !norm.NFC.IsNormalString(s) {
		t.Fatalf("result %q is not NFC", s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' {
			t.Fatalf("result %q holds control 0x%02x at byte %d", s, c, i)
		}
	}
}

func hasBinaryMagic(s string) bool {
	for _, m := range binaryMagic {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	return false
}
