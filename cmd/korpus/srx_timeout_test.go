package main

import (
	"strings"
	"testing"
)

// slowSRX's no-break rule (line 5) backtracks catastrophically before a
// full stop that follows a run of a's.
const slowSRX = `<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="no"/>
<body><languagerules><languagerule languagerulename="de">
<rule break="no"><beforebreak>^(a+)+\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern="de.*" languagerulename="de"/></maprules>
</body></srx>
`

// TestSRXRuleTimeouts: one timeout is a warning naming the rule and the
// text; rules that keep timing out make segment and add fail (exit 1,
// naming the file and the rule's line) instead of a silent long run, and
// add stores nothing.
func TestSRXRuleTimeouts(t *testing.T) {
	rules := writeFile(t, "slow.srx", []byte(slowSRX))
	bad := "Wort " + strings.Repeat("a", 40) + ". Noch ein Satz.\n"

	t.Run("OneTimeoutWarns", func(t *testing.T) {
		text := writeFile(t, "one.de.txt", []byte(bad))
		out, errOut, code := runKorpus(t, "", "", "segment", "--lang", "de", "--srx", rules, text)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, "Noch ein Satz.") {
			t.Errorf("segments: %q", out)
		}
		for _, want := range []string{"warning", "slow.srx", "line 5", "no-break rule timed out"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr %q lacks %q", errOut, want)
			}
		}
	})

	t.Run("RepeatedTimeoutsFail", func(t *testing.T) {
		text := writeFile(t, "many.de.txt", []byte(strings.Repeat(bad+"\n", 300)))
		_, errOut, code := runKorpus(t, "", "", "segment", "--lang", "de", "--srx", rules, text)
		wantError(t, errOut, code, exitError, "slow.srx", "line 5", "timed out 3 times")

		db := tempDB(t)
		mustRunKorpus(t, db, "", "add", seedPath())
		before := docsJSON(t, db)
		_, errOut, code = runKorpus(t, db, "", "add", "--lang", "de", "--srx", rules, text)
		wantError(t, errOut, code, exitError, "slow.srx", "line 5")
		if docsJSON(t, db) != before {
			t.Fatal("a failed add changed the database")
		}
	})
}
