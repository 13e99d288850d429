#!/usr/bin/env bash
# A build split into shards against one build, over the shared corpus (or CORPUS):
#
#   bash benches/shards.sh              # N = 1, 2, 4 and 7: byte for byte the same as one build;
#                                       # then N = 4 timed, one shard at a time on one thread
#   SHARDS="4" bash benches/shards.sh   # only the given numbers of shards
#
# It reports each shard's typesetting time for N = 4 (from its manifest) and its whole run, and
# how balanced the shards are: the slowest over the mean. On a cluster the shards run on
# machines of their own; here they run one after another, so that each is timed alone.
#
# Needs: python3.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/mdexport"
CORPUS="${CORPUS:-../shared/corpus/nci}"
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS (set CORPUS)"; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1767225600
pages=$(find "$CORPUS" -name '*.md' ! -iname readme.md | wc -l)
now() { date +%s.%N; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

echo "machine: $(nproc) cores; corpus: $CORPUS ($pages pages)"
start=$(now)
"$BIN" build "$CORPUS" -o "$WORK/whole" -q 2>/dev/null
echo "one build, -j $(nproc): $(seconds "$start" "$(now)") s"
echo

echo "== byte for byte (diff -r, the shards' manifests left out)"
for count in ${SHARDS:-1 2 4 7}; do
  out="$WORK/out-$count"
  start=$(now)
  for ((index = 0; index < count; index++)); do
    "$BIN" build "$CORPUS" -o "$out" -q --shard "$index/$count" 2>/dev/null
  done
  "$BIN" merge "$CORPUS" -o "$out" -q 2>/dev/null
  elapsed=$(seconds "$start" "$(now)")
  if diff -r --exclude=.mdexport-shards "$WORK/whole" "$out" >"$WORK/diff-$count.txt"; then
    files=$(find "$out" -type f ! -path '*/.mdexport-shards/*' | wc -l)
    echo "N = $count: identical ($files files; the $count shards one after another and the merge took $elapsed s)"
  else
    echo "N = $count: DIFFERENT"; head -20 "$WORK/diff-$count.txt"; exit 1
  fi
  [ "$count" = 4 ] || rm -rf "$out"
done
echo

echo "== N = 4, each shard alone on one thread (-j 1), from an empty OUTPUT"
out="$WORK/timed"
: >"$WORK/walls"
for index in 0 1 2 3; do
  start=$(now)
  "$BIN" build "$CORPUS" -o "$out" -q -j 1 --shard "$index/4" 2>/dev/null
  echo "$index $(seconds "$start" "$(now)")" >>"$WORK/walls"
done
start=$(now)
"$BIN" merge "$CORPUS" -o "$out" -q -j 1 2>/dev/null
merge_seconds=$(seconds "$start" "$(now)")
diff -r --exclude=.mdexport-shards "$WORK/whole" "$out" >/dev/null || { echo "the timed shards differ from one build"; exit 1; }
python3 - "$out/.mdexport-shards" "$WORK/walls" "$merge_seconds" <<'PY'
import json, statistics, sys
walls = dict(line.split() for line in open(sys.argv[2]))
rows = []
for index in range(4):
    m = json.load(open(f"{sys.argv[1]}/{index}-of-4.json"))
    size = sum(f["bytes"] for f in m["files"])
    rows.append((index, len(m["documents"]), size, m["render_seconds"], float(walls[str(index)])))
print(f"{'shard':<6} {'handouts':>8} {'PDF bytes':>10} {'typesetting':>12} {'whole run':>10}")
for index, docs, size, render, wall in rows:
    print(f"{index}/4    {docs:>8} {size:>10} {render:>10.2f} s {wall:>8.2f} s")
render = [r[3] for r in rows]
wall = [r[4] for r in rows]
print(f"typesetting: slowest {max(render):.2f} s, mean {statistics.mean(render):.2f} s, "
      f"slowest/mean {max(render) / statistics.mean(render):.3f}")
print(f"whole runs:  slowest {max(wall):.2f} s, mean {statistics.mean(wall):.2f} s, "
      f"slowest/mean {max(wall) / statistics.mean(wall):.3f}")
print(f"merge (booklet, catalog, workbook; -j 1): {sys.argv[3]} s")
PY
