#!/usr/bin/env bash
# The times a team waits for, in one run: CPU milliseconds per handout page, a whole build of
# every output, a rebuild with nothing changed, a rebuild after one document changed, and peak
# memory at one and four copies of the corpus; and, for context only, pandoc on the same pages.
#
#   bash benches/rebuild.sh [CORPUS]     # default ../shared/corpus/nci; 3 to 5 minutes
#
# Needs: hyperfine, GNU time (/usr/bin/time), pdfinfo (poppler-utils); pandoc and weasyprint for
# the context lines (Debian: apt-get install pandoc weasyprint), skipped when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/mdexport"
CORPUS="${1:-../shared/corpus/nci}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1767225600

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cp -r "$CORPUS" "$WORK/in"
chmod -R u+w "$WORK/in"

# CPU time of the handouts alone, from an empty OUTPUT, over the pages they have.
/usr/bin/time -f "%U %S %M" -o "$WORK/pdf.time" "$BIN" build "$WORK/in" -o "$WORK/pdf" -q -j 2 --formats pdf || true
pages=$(find "$WORK/pdf/handouts" -name '*.pdf' -exec pdfinfo {} \; 2>/dev/null | awk '/^Pages:/ {s += $2} END {print s}')
read -r user sys _ <"$WORK/pdf.time"
echo "handouts: $pages pages, $(python3 -c "print(f'{($user + $sys) * 1000 / $pages:.2f}')") ms of CPU a page (user $user s, system $sys s)"

# Whole builds, every output, -j 2.
hyperfine --style basic --runs 3 --prepare "rm -rf '$WORK/out'" -n "all outputs, empty OUTPUT" \
  "'$BIN' build '$WORK/in' -o '$WORK/out' -q -j 2" 2>&1 | grep -E 'Time|±' || true
"$BIN" build "$WORK/in" -o "$WORK/out" -q -j 2 || true
hyperfine --style basic --warmup 1 --runs 10 -n "rebuild, nothing changed" \
  "'$BIN' build '$WORK/in' -o '$WORK/out' -q -j 2" 2>&1 | grep -E 'Time|±' || true
# One document changes: a sentence appended to the first page, then taken away again, so that
# every timed run rebuilds after exactly one edit.
page="$(find "$WORK/in" -name '*.md' | sort | sed -n 1p)"
cp "$page" "$WORK/page.orig"
hyperfine --style basic --runs 6 -n "rebuild, one document changed" \
  --prepare "if cmp -s '$page' '$WORK/page.orig'; then echo 'One more sentence.' >>'$page'; else cp '$WORK/page.orig' '$page'; fi" \
  "'$BIN' build '$WORK/in' -o '$WORK/out' -q -j 2" 2>&1 | grep -E 'Time|±' || true

# Peak memory at one and four copies, all outputs, from an empty OUTPUT.
for copies in 1 4; do
  rm -rf "$WORK/many"
  mkdir -p "$WORK/many"
  for ((i = 0; i < copies; i++)); do cp -r "$WORK/in" "$WORK/many/copy$i"; done
  /usr/bin/time -f "%e %M" -o "$WORK/mem.time" "$BIN" build "$WORK/many" -o "$WORK/many-out" -q -j 2 || true
  read -r seconds kb <"$WORK/mem.time"
  rm -rf "$WORK/many-out"
  echo "${copies}x the corpus: $seconds s, peak $((kb / 1024)) MB"
done

# For context, not as a target: pandoc's EPUB of the same pages (one run: it takes minutes), and
# pandoc + weasyprint on the first page's handout.
if command -v pandoc >/dev/null; then
  mapfile -t docs < <(find "$WORK/in" -name '*.md' | sort)
  start=$(date +%s.%N)
  pandoc "${docs[@]}" -o "$WORK/pandoc.epub" --metadata title=Booklet 2>/dev/null || true
  echo "pandoc, EPUB of the same ${#docs[@]} pages: $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
  if command -v weasyprint >/dev/null; then
    start=$(date +%s.%N)
    pandoc "$page" -o "$WORK/pandoc.pdf" --pdf-engine=weasyprint 2>/dev/null || true
    echo "pandoc + weasyprint, the handout of $(basename "$page"): $(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')") s"
  fi
else
  echo "pandoc: not installed, no context lines"
fi
