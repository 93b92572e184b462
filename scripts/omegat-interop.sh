#!/usr/bin/env bash
# OmegaT interoperability check for issue 3: does OmegaT use a korpus TMX?
#
# Builds korpus, makes a German→English memory from the seed article
# (every korpus segment with the pseudo-translation "EN: <source>"), exports
# it with `korpus export-tm` into the tm/auto/ folder of a fresh OmegaT
# project whose source is the seed, runs OmegaT in console mode
# (--mode=console-translate) and counts the seed segments that OmegaT
# translated from the korpus TMX in the target file it writes: every OmegaT
# segment (listed with --mode=console-createpseudotranslatetmx) that equals
# the source of a korpus unit must come out translated.
#
# Needs: go, python3, omegat (Debian: apt-get install omegat; it pulls in a
# JRE). Too heavy for every CI run (a JVM start per mode), so it is a
# script; exit 0 means every segment OmegaT made that has an exact korpus
# unit was translated from the korpus TMX.
#
#   scripts/omegat-interop.sh          # KEEP=1 keeps the work directory
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/omegat-lib.sh

command -v omegat >/dev/null || { echo "omegat-interop: omegat not installed (apt-get install omegat)" >&2; exit 2; }

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi

seed=testdata/korea-in-der-welt.de.txt
go build -tags sqlite_fts5 -o "$work/korpus" ./cmd/korpus
k() { "$work/korpus" --db "$work/korpus.db" "$@"; }

# 1. A memory: each korpus segment of the seed with "EN: " + source.
"$work/korpus" segment --format jsonl "$seed" | python3 -c '
import json, sys
esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
print("source_lang\ttarget_lang\tsource\ttarget")
for line in sys.stdin:
    t = json.loads(line)["text"]
    print("de\ten\t%s\t%s" % (esc(t), esc("EN: " + t)))
' >"$work/memory.tsv"
k import "$work/memory.tsv"

# 2. An OmegaT project with the seed as source and the korpus TMX in tm/auto/.
project="$work/project"
omegat_project "$project" true
cp "$seed" "$project/source/"
k export-tm --from de --to en --format tmx -o "$project/tm/auto/korpus.tmx"

# 3. OmegaT, headless, console mode.
omegat_console "$work" "$project" "$work/omegat.log" || exit 1

# 4. OmegaT's own segments of the seed (its pseudo-translation TMX).
HOME="$work" omegat --mode=console-createpseudotranslatetmx --pseudotranslatetmx="$work/segments.tmx" \
	--pseudotranslatetype=equal --config-dir="$work/omegat-config" \
	--disable-project-locking --no-team --quiet "$project" >>"$work/omegat.log" 2>&1 || {
	echo "omegat-interop: OmegaT (pseudo-translation) failed:" >&2
	tail -20 "$work/omegat.log" >&2
	exit 1
}

# 5. Every OmegaT segment equal to a korpus unit's source must have been
#    translated from the korpus TMX in the target file OmegaT wrote.
target="$project/target/$(basename "$seed")"
[ -f "$target" ] || { echo "omegat-interop: OmegaT wrote no $target" >&2; tail -20 "$work/omegat.log" >&2; exit 1; }
python3 - "$work/memory.tsv" "$work/segments.tmx" "$target" <<'PY'
import sys, xml.etree.ElementTree as ET
units = {l.rstrip("\n").split("\t")[2] for l in open(sys.argv[1], encoding="utf-8").readlines()[1:]}
segs = []
for tu in ET.parse(sys.argv[2]).getroot().iter("tu"):
    seg = tu.find("tuv/seg")
    segs.append("".join(seg.itertext()))
target = open(sys.argv[3], encoding="utf-8").read()
matching = [s for s in segs if s in units]
translated = [s for s in matching if "EN: " + s in target]
nbsp = [s for s in segs if s not in units and s.strip(" \u00a0") in units]
print("omegat-interop: OmegaT made %d segments of the seed, korpus %d" % (len(segs), len(units)))
print("omegat-interop: %d OmegaT segments equal a korpus unit's source; OmegaT translated %d of them from the korpus TMX"
      % (len(matching), len(translated)))
print("omegat-interop: %d more differ only by leading/trailing no-break spaces, which OmegaT keeps in the segment and korpus trims"
      % len(nbsp))
for s in matching:
    if s not in translated:
        print("  NOT translated: %s" % s)
sys.exit(0 if matching and len(translated) == len(matching) else 1)
PY
