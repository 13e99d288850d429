#!/usr/bin/env bash
# Whole-build benchmarks: mdexport on seeds/ and ../shared/corpus/nci at -j 1 and -j 2, peak
# memory, scaling from 50 pages to 1,000+, and pandoc on the same documents in the same run.
#
#   bash benches/corpus.sh            # everything: 10 to 18 minutes, most of it pandoc's EPUB
#                                     # of the corpus (3 runs of 2 minutes) and the scaling runs
#   QUICK=1 bash benches/corpus.sh    # fewer runs; no pandoc on the corpus, no scaling
#
# It ends with a table of the targets of the performance issue, each with the figure this run
# measured and whether it holds.
#
# Needs: hyperfine, GNU time (/usr/bin/time), python3; pandoc and weasyprint for the comparison
# (Debian: apt-get install hyperfine time pandoc weasyprint).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/mdexport"
CORPUS="${CORPUS:-../shared/corpus/nci}"
SEED_PAGE="seeds/cancer-types/about-cancer-treatment-types-immunotherapy-immune-system-modulators.md"
RUNS=$([ -n "${QUICK:-}" ] && echo 2 || echo 5)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1767225600

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "mdexport: $BIN"
echo

mean() { # mean seconds of a hyperfine JSON export, command index $2
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean'])" "$1" "$2"
}
peak_mb() { # peak resident memory of a command, in MB
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}'
}
FIGURES="$WORK/figures"
: >"$FIGURES"
record() { echo "$1=$2" >>"$FIGURES"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.1f}')" "$1" "$2"; }
pages() { find "$1" -name '*.md' ! -iname readme.md | wc -l; }

booklet_batch() { # 10 timed runs of mdexport's booklet of folder $2, exported to JSON file $1
  hyperfine --style none --warmup 1 --runs 10 --export-json "$1" --prepare "rm -rf '$WORK/out-epub'" \
    -n mdexport "'$BIN' build '$2' -o '$WORK/out-epub' -j 2 -q --formats epub" >/dev/null
}

compare_booklet() { # pandoc's EPUB of a folder against mdexport's booklet of it
  local name="$1" input="$2" start end theirs ours docs
  mapfile -t docs < <(find "$input" -name '*.md' ! -iname readme.md | sort)
  # pandoc takes minutes on the corpus: 3 runs (1 with QUICK), and their median. Ours takes a
  # fraction of a second: 10 runs before each of pandoc's and 10 after the last, and the median
  # of them all. Both are then measured over the same minutes of a shared machine, whose speed
  # drifts from one minute to the next.
  local pandoc_runs times=() batches=()
  pandoc_runs=$([ -n "${QUICK:-}" ] && echo 1 || echo 3)
  for ((run = 0; run < pandoc_runs; run++)); do
    batches+=("$WORK/epub-$name-$run.json")
    booklet_batch "${batches[-1]}" "$input"
    start=$(date +%s.%N)
    pandoc "${docs[@]}" -o "$WORK/pandoc-$name.epub" --metadata title=Booklet 2>/dev/null
    end=$(date +%s.%N)
    times+=("$(python3 -c "print($end-$start)")")
  done
  batches+=("$WORK/epub-$name-last.json")
  booklet_batch "${batches[-1]}" "$input"
  theirs=$(python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "${times[@]}")
  ours=$(python3 -c "import json,statistics,sys; print(statistics.median([t for f in sys.argv[1:] for t in json.load(open(f))['results'][0]['times']]))" "${batches[@]}")
  local our_runs=$(( ${#batches[@]} * 10 ))
  record "booklet_${name}_ours" "$ours"; record "booklet_${name}_pandoc" "$theirs"
  printf '%s booklet (%d pages): mdexport %.3f s (median of %d, around pandoc'"'"'s runs)  pandoc %.1f s (median of %d)  ratio %sx\n' "$name" "${#docs[@]}" "$ours" "$our_runs" "$theirs" "$pandoc_runs" "$(ratio "$theirs" "$ours")"
}

bench_folder() {
  local name="$1" input="$2"
  local n; n=$(pages "$input")
  # Each run starts from an empty OUTPUT, so that no handout is reused from the run before.
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/$name.json" \
    --prepare "rm -rf $WORK/out-$name $WORK/out-$name-ec" \
    -n "j1" "$BIN build $input -o $WORK/out-$name -j 1 -q" \
    -n "j2" "$BIN build $input -o $WORK/out-$name -j 2 -q" \
    -n "epub+csv" "$BIN build $input -o $WORK/out-$name-ec -j 2 -q --formats epub,csv" >/dev/null
  local j1 j2 ec
  j1=$(mean "$WORK/$name.json" 0); j2=$(mean "$WORK/$name.json" 1); ec=$(mean "$WORK/$name.json" 2)
  rm -rf "$WORK/out-$name"
  local mem; mem=$(peak_mb "$BIN" build "$input" -o "$WORK/out-$name" -j 2 -q)
  record "${name}_j1" "$j1"; record "${name}_j2" "$j2"; record "${name}_ec" "$ec"; record "${name}_mem" "$mem"
  printf '%-8s %5d pages  all formats -j1 %7.2f s  -j2 %7.2f s  (speed-up %s)  epub+csv %6.2f s  peak %5s MB\n' \
    "$name" "$n" "$j1" "$j2" "$(ratio "$j1" "$j2")" "$ec" "$mem"
}

echo "== whole builds (mean of $RUNS runs)"
bench_folder seeds seeds
if [ -d "$CORPUS" ]; then bench_folder corpus "$CORPUS"; fi
echo

echo "== one handout, in the process (cargo bench; columns: fastest, slowest, median, mean)"
cargo bench --quiet --bench stages -- handout_of_seed_page parse_resolve 2>/dev/null | grep -E 'handout_of_seed_page|parse_resolve' | tee "$WORK/stages.txt" || true
# The median of the in-process handout, in seconds, for the ratio with pandoc below.
inprocess=$(python3 - "$WORK/stages.txt" <<'PY'
import re, sys
units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
for line in open(sys.argv[1], encoding="utf-8"):
    if "handout_of_seed_page" in line:
        median = line.split("│")[2].strip()
        value, unit = re.match(r"([0-9.]+)\s*(\S+)", median).groups()
        print(float(value) * units[unit])
PY
)
echo

if command -v pandoc >/dev/null; then
  echo "== pandoc on the same documents"
  mkdir -p "$WORK/one"; cp "$SEED_PAGE" "$WORK/one/"
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/one.json" --prepare "rm -rf $WORK/out-one" \
    -n mdexport "$BIN build $WORK/one -o $WORK/out-one -j 1 -q --formats pdf" >/dev/null
  ours_pdf=$(mean "$WORK/one.json" 0)
  if command -v weasyprint >/dev/null; then
    hyperfine --style none --runs 2 --export-json "$WORK/pandoc-pdf.json" \
      -n pandoc "pandoc $SEED_PAGE -o $WORK/pandoc.pdf --pdf-engine=weasyprint" >/dev/null 2>&1 || true
    if [ -f "$WORK/pandoc-pdf.json" ]; then
      theirs_pdf=$(mean "$WORK/pandoc-pdf.json" 0)
      record handout_pandoc "$theirs_pdf"; record handout_inprocess "${inprocess:-}"
      printf 'seed handout:   mdexport %.3f s (whole process)  pandoc+weasyprint %.2f s  ratio %sx\n' "$ours_pdf" "$theirs_pdf" "$(ratio "$theirs_pdf" "$ours_pdf")"
      if [ -n "${inprocess:-}" ]; then
        printf 'seed handout:   mdexport %.1f ms (in the process, median)  ratio %sx\n' "$(python3 -c "print($inprocess*1000)")" "$(ratio "$theirs_pdf" "$inprocess")"
      fi
    fi
  fi
  compare_booklet seeds seeds
  if [ -d "$CORPUS" ] && [ -z "${QUICK:-}" ]; then compare_booklet corpus "$CORPUS"; fi
  echo
else
  echo "== pandoc not installed: no comparison"
fi

if [ -d "$CORPUS" ] && [ -z "${QUICK:-}" ]; then
  echo "== scaling (all formats, -j 2)"
  mapfile -t all < <(find "$CORPUS" -name '*.md' | sort)
  for n in 50 100 200 ${#all[@]} $(( ${#all[@]} * 4 )); do
    dir="$WORK/scale-$n"; mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do
      src="${all[$((i % ${#all[@]}))]}"
      mkdir -p "$dir/copy$((i / ${#all[@]}))"
      cp "$src" "$dir/copy$((i / ${#all[@]}))/"
    done
    start=$(date +%s.%N)
    mem=$(peak_mb "$BIN" build "$dir" -o "$WORK/out-scale" -j 2 -q)
    end=$(date +%s.%N)
    printf '%5d pages  %7.2f s  peak %5s MB\n' "$n" "$(python3 -c "print($end-$start)")" "$mem"
    rm -rf "$dir" "$WORK/out-scale"
  done
fi

echo
echo "== targets (2 cores; the figures above)"
python3 - "$FIGURES" <<'PY'
import sys
f = {}
for line in open(sys.argv[1]):
    key, _, value = line.strip().partition("=")
    if value:
        f[key] = float(value)
rows = []
def at_most(name, key, limit, show):
    have = key in f
    rows.append((name, show(f[key]) if have else "not measured", "-" if not have else "holds" if f[key] <= limit else "MISSED"))
def at_least_ratio(name, top, bottom, minimum, show):
    have = top in f and bottom in f
    ratio = f[top] / f[bottom] if have else 0
    rows.append((name, show(ratio) if have else "not measured", "-" if not have else "holds" if ratio >= minimum else "MISSED"))
at_most("corpus, all outputs, -j 2: at most 20 s", "corpus_j2", 20, lambda v: f"{v:.2f} s")
at_most("corpus, EPUB and CSV only: at most 2 s", "corpus_ec", 2, lambda v: f"{v:.2f} s")
at_most("corpus, peak memory: at most 1 GB", "corpus_mem", 1000, lambda v: f"{v:.0f} MB")
at_least_ratio("corpus, -j 2 against -j 1: at least 1.6x", "corpus_j1", "corpus_j2", 1.6, lambda r: f"{r:.2f}x")
at_most("seed handout in the process: at most 30 ms", "handout_inprocess", 0.030, lambda v: f"{v * 1000:.1f} ms")
at_least_ratio("seed handout against pandoc + weasyprint: at least 50x", "handout_pandoc", "handout_inprocess", 50, lambda r: f"{r:.0f}x")
at_least_ratio("corpus booklet against pandoc's EPUB: at least 500x", "booklet_corpus_pandoc", "booklet_corpus_ours", 500,
               lambda r: f"{r:.0f}x ({f['booklet_corpus_ours']:.3f} s against {f['booklet_corpus_pandoc']:.0f} s)")
width = max(len(r[0]) for r in rows)
for name, shown, verdict in rows:
    print(f"{name:<{width}}  {shown:<34}  {verdict}")
PY
