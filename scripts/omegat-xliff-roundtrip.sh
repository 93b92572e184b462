#!/usr/bin/env bash
# OmegaT round trip of a korpus XLIFF: the translator's workflow.
#
# korpus adds the seed article, a memory gets "EN: <source>" translations
# for every other segment, `korpus export --format xliff` writes the XLIFF 1.2
# the translator receives and `korpus export-tm` the TMX. An OmegaT project
# (source/ = the XLIFF, tm/auto/ = the TMX, sentence segmentation off so
# OmegaT's segments are exactly korpus's trans-units) is translated in
# console mode. Checks:
#   1. every trans-unit whose source is in the TMX comes back translated with
#      the TMX's target, and no other trans-unit is translated;
#   2. `korpus import` of OmegaT's target XLIFF stores exactly those
#      translations for the document's segments (added = translated, skipped
#      only "no target" for the untranslated units), and `korpus export`
#      afterwards shows them.
#
# OmegaT 3.6 quirks handled here (Debian's omegat 3.6.0; no Okapi plugin):
#   - Its XLIFF filter (org.omegat.filters3.xml.xliff.XLIFFFilter, *.xlf)
#     treats <source> as intact and translates the text of <target>: a
#     trans-unit without <target> gives no segment at all (0 segments for a
#     plain korpus export). So the script first copies each source into a
#     <target state="needs-translation">, the usual preparation for OmegaT.
#   - In its target file an untranslated segment keeps that source copy, and
#     it never changes the state attribute. Imported as is, korpus would store
#     the copies as translations (korpus maps a non-empty target with state
#     new/needs-translation to "translated"; the script reports this with a
#     dry run). So before the import the script drops targets still equal to
#     their source and marks the others state="translated".
#   - It writes <?xml version="1.0"?> (no encoding; UTF-8 all the same) and
#     drops the final newline; korpus reads both.
#   - Sentence segmentation on or off gives the same 41 segments for the seed
#     (korpus's sentences are not split again); it is off so that a
#     trans-unit is always one OmegaT segment.
#   - Not usable with OmegaT 3.6: XLIFF 2.1 (`--format xliff2`; 0 segments,
#     the file is copied unchanged) and `korpus pretranslate` output (only its
#     pre-filled targets become segments, as if they were the source text).
#
# Needs: go, python3, omegat (Debian: apt-get install omegat; it pulls in a
# JRE). Exit 0 means both checks passed.
#
#   scripts/omegat-xliff-roundtrip.sh      # KEEP=1 keeps the work directory
set -euo pipefail
cd "$(dirname "$0")/.."

command -v omegat >/dev/null || { echo "omegat-xliff-roundtrip: omegat not installed (apt-get install omegat)" >&2; exit 2; }

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi

seed=testdata/korea-in-der-welt.de.txt
doc=$(basename "$seed")
go build -tags sqlite_fts5 -o "$work/korpus" ./cmd/korpus
k() { "$work/korpus" --db "$work/korpus.db" "$@"; }

# 1. The document, a memory for every other segment, the translator's XLIFF
#    and the TMX.
k add "$seed" >/dev/null
k show "$doc" --format jsonl | python3 -c '
import json, sys
esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
print("source_lang\ttarget_lang\tsource\ttarget")
for i, line in enumerate(sys.stdin):
    if i % 2 == 0:
        t = json.loads(line)["text"]
        print("de\ten\t%s\t%s" % (esc(t), esc("EN: " + t)))
' >"$work/memory.tsv"
k import "$work/memory.tsv" >/dev/null
k export "$doc" --to en --format xliff -o "$work/korpus.xlf" >/dev/null

project="$work/project"
mkdir -p "$project"/{source,target,tm/auto,glossary,dictionary,omegat}
k export-tm --from de --to en --format tmx -o "$project/tm/auto/korpus.tmx" >/dev/null

# 2. Prepare the XLIFF for OmegaT's filter: a <target> copy of each source.
python3 - "$work/korpus.xlf" "$project/source/korea.xlf" <<'PY'
import copy, sys, xml.etree.ElementTree as ET
NS = "urn:oasis:names:tc:xliff:document:1.2"
ET.register_namespace("", NS)
tree = ET.parse(sys.argv[1])
for tu in tree.getroot().iter("{%s}trans-unit" % NS):
    src = tu.find("{%s}source" % NS)
    if tu.find("{%s}target" % NS) is None:
        tgt = copy.deepcopy(src)
        tgt.tag = "{%s}target" % NS
        tgt.attrib = {"state": "needs-translation"}
        tgt.tail, src.tail = src.tail, tu.text
        tu.insert(list(tu).index(src) + 1, tgt)
tree.write(sys.argv[2], encoding="UTF-8", xml_declaration=True)
PY

cat >"$project/omegat.project" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>de</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneGermanTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML

# 3. OmegaT, headless, console mode.
HOME="$work" omegat --mode=console-translate --config-dir="$work/omegat-config" \
	--disable-project-locking --no-team --quiet "$project" >"$work/omegat.log" 2>&1 || {
	echo "omegat-xliff-roundtrip: OmegaT failed:" >&2
	tail -20 "$work/omegat.log" >&2
	exit 1
}
out="$project/target/korea.xlf"
[ -f "$out" ] || { echo "omegat-xliff-roundtrip: OmegaT wrote no $out" >&2; tail -20 "$work/omegat.log" >&2; exit 1; }
segments=$(awk -F'\t' '/^Total:/ {gsub(/ /, "", $2); print $2}' "$project/omegat/project_stats.txt")

# 4. Check OmegaT's target XLIFF against the TMX; write the file to import
#    (untranslated source copies dropped, translated targets state="translated").
python3 - "$project/tm/auto/korpus.tmx" "$out" "$work/omegat.xlf" "$work/expect.json" "$segments" <<'PY'
import json, sys, xml.etree.ElementTree as ET
NS = "urn:oasis:names:tc:xliff:document:1.2"
ET.register_namespace("", NS)
q = lambda n: "{%s}%s" % (NS, n)
text = lambda e: "".join(e.itertext())
tmx = {}
for tu in ET.parse(sys.argv[1]).getroot().iter("tu"):
    segs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang"): text(tuv.find("seg")) for tuv in tu.iter("tuv")}
    tmx[segs["de"]] = segs["en"]
tree = ET.parse(sys.argv[2])
units = translated = 0
bad, expect = [], {}
for tu in tree.getroot().iter(q("trans-unit")):
    units += 1
    src, tgt = text(tu.find(q("source"))), tu.find(q("target"))
    got = text(tgt) if tgt is not None else ""
    if src in tmx:
        expect[src] = tmx[src]
        if got != tmx[src]:
            bad.append("%s: %r, want %r" % (tu.get("id"), got, tmx[src]))
    elif tgt is not None and got != src:
        bad.append("%s: translated %r without a TMX unit" % (tu.get("id"), got))
    if tgt is None or got == src:
        if tgt is not None:
            tu.remove(tgt)
    else:
        translated += 1
        tgt.set("state", "translated")
tree.write(sys.argv[3], encoding="UTF-8", xml_declaration=True)
json.dump({"units": units, "translated": translated, "expect": expect}, open(sys.argv[4], "w"))
print("omegat-xliff-roundtrip: OmegaT made %s segments of %d trans-units (sentence segmentation off)" % (sys.argv[5], units))
for b in bad:
    print("  WRONG: " + b)
if bad or sys.argv[5] != str(units):
    sys.exit(1)
PY

# 5. What korpus would do with OmegaT's raw file (a note, not a check).
raw=$(k import --dry-run --json "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["added"])')

# 6. Import, then export again: the translations belong to the document.
k import --json "$work/omegat.xlf" >"$work/import.json"
k export "$doc" --to en --format jsonl -o "$work/after.jsonl" >/dev/null
python3 - "$work/expect.json" "$work/import.json" "$work/after.jsonl" "$raw" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
units, translated, expect = exp["units"], exp["translated"], exp["expect"]
rows = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
stored = {r["source"]: r["target"] for r in rows if r["target"]}
fail = []
if rep["read"] != units:
    fail.append("import read %d units, want %d" % (rep["read"], units))
if rep["added"] != translated or rep["updated"] or rep["unchanged"]:
    fail.append("import added %d, updated %d, unchanged %d; want %d added" % (rep["added"], rep["updated"], rep["unchanged"], translated))
reasons = rep.get("skip_reasons") or {}
if rep["skipped"] != units - translated or set(reasons) - {"no target"}:
    fail.append("import skipped %d %s, want %d with no target" % (rep["skipped"], reasons, units - translated))
if stored != expect:
    fail.append("export after import: %d translated segments, want %d; differing: %s" % (
        len(stored), len(expect), sorted(set(stored.items()) ^ set(expect.items()))[:3]))
print("omegat-xliff-roundtrip: OmegaT translated %d of %d trans-units from the korpus TMX; korpus imported %d translations back (%d skipped: no target), export shows %d translated segments"
      % (translated, units, rep["added"], rep["skipped"], len(stored)))
print("omegat-xliff-roundtrip: OmegaT's raw target file would add %d translations: its %d untranslated source copies (state=\"needs-translation\") count as translated in korpus"
      % (int(sys.argv[4]), int(sys.argv[4]) - translated))
for f in fail:
    print("  FAIL: " + f)
sys.exit(1 if fail or translated != len(expect) or translated == 0 else 0)
PY
