#!/usr/bin/env bash
# Render `korpus diff --format html` of the revised seed article in headless
# Chromium: dump the DOM (and check the <del>/<ins> marks) and take a
# screenshot to look at. TestDiffHTMLInChromium does the DOM check in go test.
#
#   scripts/check-diff-html.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/korpus" ./cmd/korpus
db="$out/korpus.db"
rm -f "$db"
cp testdata/korea-in-der-welt.de.txt "$out/article.txt"
"$out/korpus" --db "$db" add "$out/article.txt" >/dev/null
cp testdata/align/korea-in-der-welt.v2.de.txt "$out/article.txt"
"$out/korpus" --db "$db" add "$out/article.txt"
"$out/korpus" --db "$db" diff article.txt@1 article.txt@2 --format html >"$out/diff.html"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync)
"${chrome[@]}" --user-data-dir="$(mktemp -d)" --dump-dom "file://$out/diff.html" >"$out/dom.html" 2>/dev/null
"${chrome[@]}" --user-data-dir="$(mktemp -d)" --window-size=1200,1600 --screenshot="$out/diff.png" "file://$out/diff.html" 2>/dev/null
for want in '<del>begingen</del>' '<ins>feierten</ins>' '<span id="modified">3 modified</span>'; do
	grep -qF "$want" "$out/dom.html" || { echo "FAIL: rendered DOM lacks $want" >&2; exit 1; }
done
echo "ok: $out/diff.html renders with its <del>/<ins> marks; screenshot $out/diff.png"
