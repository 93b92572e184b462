#!/usr/bin/env bash
# OmegaT round trips of korpus XLIFF: the translator's workflow.
#
# korpus adds the seed article, and OmegaT 3.6 (console mode, its own XLIFF
# filter, sentence segmentation off so that a trans-unit is one OmegaT
# segment) translates korpus XLIFF 1.2 from a TMX in tm/auto/; korpus
# imports OmegaT's target file unchanged. Two variants:
#
#   export: a memory holds "EN: <source>" for every other segment;
#     `korpus export --copy-source` writes the XLIFF, `korpus export-tm` the
#     TMX OmegaT gets. Checks: every trans-unit whose source is in the TMX
#     comes back with the TMX's target and no other is translated; import
#     adds exactly those translations and skips the rest as untranslated
#     copies of the source; `korpus export` afterwards shows them.
#
#   pretranslate: the korpus memory holds "EN: <source>" for every other
#     segment (exact matches) and "EN~: <source> Heute." for every fourth
#     (fuzzy matches); `korpus pretranslate --copy-source` fills those and
#     copies the source of the rest. OmegaT's TMX (the translator's own
#     memory) has "OT: <source>" for every eighth segment (half the
#     copies). Checks:
#     OmegaT keeps the pre-filled targets and translates exactly the copies
#     its TMX knows; import stores the exact pre-fills as translated, the
#     fuzzy ones as needs-review and OmegaT's translations as translated,
#     and skips the untouched copies.
#
# OmegaT 3.6 quirks (Debian's omegat 3.6.0; no Okapi plugin):
#   - Its XLIFF filter (org.omegat.filters3.xml.xliff.XLIFFFilter, *.xlf)
#     treats <source> as intact and translates the text of <target>: a
#     trans-unit without <target> gives no segment at all. Hence
#     --copy-source (each untranslated source copied into <target
#     state="needs-translation">). In the pretranslate variant the segment OmegaT shows
#     for a pre-filled unit is the English match, not the German source:
#     a translator cannot review a fuzzy match against its source there.
#   - In its target file an untranslated segment keeps the source copy and
#     it never changes the state attribute. korpus import skips a target
#     under state needs-translation (or new) that equals its source (an untranslated copy) and
#     stores a different one as translated, so the file is imported as
#     OmegaT wrote it.
#   - It writes <?xml version="1.0"?> (no encoding; UTF-8 all the same) and
#     drops the final newline; korpus reads both.
#   - Not usable with OmegaT 3.6: XLIFF 2.1 (`--format xliff2`; 0 segments,
#     the file is copied unchanged).
#
# Needs: go, python3, omegat (Debian: apt-get install omegat; it pulls in a
# JRE). Exit 0 means every check passed.
#
#   scripts/omegat-xliff-roundtrip.sh      # KEEP=1 keeps the work directory
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/omegat-lib.sh

command -v omegat >/dev/null || { echo "omegat-xliff-roundtrip: omegat not installed (apt-get install omegat)" >&2; exit 2; }

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi

seed=testdata/korea-in-der-welt.de.txt
doc=$(basename "$seed")
go build -tags sqlite_fts5 -o "$work/korpus" ./cmd/korpus
# k DB ARGS…: korpus on the database $work/DB.db
k() { local db=$1; shift; "$work/korpus" --db "$work/$db.db" "$@"; }

# memory N EVERY PREFIX [SUFFIX]: a TSV of de→en units, PREFIX + source as
# target, for the segments i with i % EVERY == N (SUFFIX appended to the
# source, to make a fuzzy match).
memory() {
	k "$1" show "$doc" --format jsonl | python3 -c '
import json, sys
n, every, prefix, suffix = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
print("source_lang\ttarget_lang\tsource\ttarget")
for i, line in enumerate(sys.stdin):
    if i % every == n:
        t = json.loads(line)["text"] + suffix
        print("de\ten\t%s\t%s" % (esc(t), esc(prefix + t)))
' "$2" "$3" "$4" "${5:-}"
}

# omegat_translate NAME XLF TMX: an OmegaT project $work/NAME with source/korea.xlf =
# XLF and tm/auto/korpus.tmx = TMX, translated in console mode; prints the
# number of segments OmegaT made.
omegat_translate() {
	local project="$work/$1"
	omegat_project "$project" false
	cp "$2" "$project/source/korea.xlf"
	cp "$3" "$project/tm/auto/korpus.tmx"
	omegat_console "$work" "$project" "$work/$1.log" || return 1
	[ -f "$project/target/korea.xlf" ] || { echo "omegat-xliff-roundtrip: OmegaT wrote no $project/target/korea.xlf" >&2; tail -20 "$work/$1.log" >&2; return 1; }
	awk -F'\t' '/^Total:/ {gsub(/ /, "", $2); print $2}' "$project/omegat/project_stats.txt"
}

# check VARIANT BEFORE OMEGAT TMX SEGMENTS IMPORT AFTER: compares korpus's
# XLIFF (BEFORE), OmegaT's target file (OMEGAT), OmegaT's TMX, korpus
# import's JSON report (IMPORT) and korpus export's JSONL afterwards (AFTER);
# prints a summary line and exits 1 on a failed check.
check() {
	python3 - "$@" <<'PY'
import json, sys, xml.etree.ElementTree as ET
variant, before, omegat, tmxf, segments, importf, afterf = sys.argv[1:]
NS = "urn:oasis:names:tc:xliff:document:1.2"
q = lambda n: "{%s}%s" % (NS, n)
text = lambda e: "".join(e.itertext())
tmx = {}
for tu in ET.parse(tmxf).getroot().iter("tu"):
    segs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang"): text(tuv.find("seg")) for tuv in tu.iter("tuv")}
    tmx[segs["de"]] = segs["en"]
def units(path):
    out = {}
    for tu in ET.parse(path).getroot().iter(q("trans-unit")):
        tgt = tu.find(q("target"))
        out[tu.get("id")] = (text(tu.find(q("source"))), None if tgt is None else text(tgt), None if tgt is None else tgt.get("state"))
    return out
sent, back = units(before), units(omegat)
fail = []
expect = {}   # source → (target, status) korpus should store
prefilled = {"translated": 0, "needs-review": 0}
omegat_done = copies = 0
for id, (src, tgt, state) in sent.items():
    got = back.get(id, (src, None, None))[1]
    if tgt is None:
        fail.append("%s: korpus wrote no target (--copy-source)" % id)
    elif state == "needs-translation":   # a source copy, OmegaT's to translate
        if tgt != src:
            fail.append("%s: state needs-translation but target %r is no copy of the source" % (id, tgt))
        copies += 1
        want = tmx.get(src, src)
        if got != want:
            fail.append("%s: OmegaT wrote %r, want %r" % (id, got, want))
        if want != src:
            omegat_done += 1
            expect[src] = (want, "translated")
    else:                  # a stored translation or a pre-fill, kept
        if got != tgt:
            fail.append("%s: OmegaT changed the pre-filled %r to %r" % (id, tgt, got))
        status = {"needs-review-translation": "needs-review"}.get(state, state)
        prefilled[status] = prefilled.get(status, 0) + 1
        expect[src] = (tgt, status)
rep = json.load(open(importf))
rows = [json.loads(l) for l in open(afterf, encoding="utf-8")]
stored = {r["source"]: (r["target"], r["status"]) for r in rows if r["target"]}
n = len(sent)
if segments != str(n):
    fail.append("OmegaT made %s segments of %d trans-units" % (segments, n))
untranslated = copies - omegat_done
reasons = rep.get("skip_reasons") or {}
if rep["read"] != n or rep["added"] != len(expect) or rep["updated"] or rep["unchanged"]:
    fail.append("import read %d, added %d, updated %d, unchanged %d; want %d read, %d added" % (
        rep["read"], rep["added"], rep["updated"], rep["unchanged"], n, len(expect)))
if rep["skipped"] != untranslated or set(reasons) - {"target is an untranslated copy of the source"}:
    fail.append("import skipped %d %s, want %d untranslated copies" % (rep["skipped"], reasons, untranslated))
if stored != expect:
    diff = sorted(set(stored.items()) ^ set(expect.items()))
    fail.append("export after import: %d translated segments, want %d; differing: %s" % (len(stored), len(expect), diff[:3]))
if omegat_done == 0:
    fail.append("OmegaT translated nothing")
if variant == "pretranslate" and (prefilled.get("translated", 0) == 0 or prefilled.get("needs-review", 0) == 0):
    fail.append("pretranslate pre-filled %s: want exact and fuzzy matches" % prefilled)
pre = ", ".join("%d %s" % (v, k) for k, v in sorted(prefilled.items()) if v)
print("omegat-xliff-roundtrip: %s: %d trans-units, %s segments in OmegaT; korpus pre-filled %s and copied %d sources; "
      "OmegaT translated %d copies from its TMX; korpus imported %d translations back (%d skipped: untranslated copy), export shows %d translated segments"
      % (variant, n, segments, pre or "none", copies, omegat_done, rep["added"], rep["skipped"], len(stored)))
for f in fail:
    print("  FAIL: " + f)
sys.exit(1 if fail else 0)
PY
}

# 1. export --copy-source, OmegaT, import.
k ex add "$seed" >/dev/null
memory ex 0 2 "EN: " >"$work/ex.tsv"
k ex import "$work/ex.tsv" >/dev/null
k ex export "$doc" --to en --format xliff --copy-source -o "$work/ex.xlf" 2>/dev/null
k ex export-tm --from de --to en --format tmx -o "$work/ex.tmx" 2>/dev/null
segments=$(omegat_translate ex "$work/ex.xlf" "$work/ex.tmx")
k ex import --json "$work/ex/target/korea.xlf" >"$work/ex.import.json"
k ex export "$doc" --to en --format jsonl -o "$work/ex.after.jsonl" 2>/dev/null
status=0
check export "$work/ex.xlf" "$work/ex/target/korea.xlf" "$work/ex.tmx" "$segments" "$work/ex.import.json" "$work/ex.after.jsonl" || status=1

# 2. pretranslate --copy-source, OmegaT with the translator's own TMX, import.
k pt add "$seed" >/dev/null
{ memory pt 0 2 "EN: "; memory pt 1 4 "EN~: " " Heute." | tail -n +2; } >"$work/pt.tsv"
k pt import "$work/pt.tsv" >/dev/null
k pt pretranslate "$doc" --to en --copy-source -o "$work/pt.xlf" 2>"$work/pt.report"
k ot add "$seed" >/dev/null
memory ot 3 8 "OT: " >"$work/ot.tsv"
k ot import "$work/ot.tsv" >/dev/null
k ot export-tm --from de --to en --format tmx -o "$work/pt.tmx" 2>/dev/null
segments=$(omegat_translate pt "$work/pt.xlf" "$work/pt.tmx")
k pt import --json "$work/pt/target/korea.xlf" >"$work/pt.import.json"
k pt export "$doc" --to en --format jsonl -o "$work/pt.after.jsonl" 2>/dev/null
check pretranslate "$work/pt.xlf" "$work/pt/target/korea.xlf" "$work/pt.tmx" "$segments" "$work/pt.import.json" "$work/pt.after.jsonl" || status=1
sed 's/^/omegat-xliff-roundtrip: korpus /' "$work/pt.report"
exit $status
