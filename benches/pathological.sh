#!/usr/bin/env bash
# Pages built to stall or exhaust a build: each class on its own, then all of them in one
# folder, with the time, the peak memory and what happened (exported, or refused and why).
#
#   bash benches/pathological.sh
#
# Needs: GNU time (/usr/bin/time), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/mdexport"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK/pages" <<'PY'
import os, sys
root = sys.argv[1]
pages = {
    "nested-quotes": "> " * 50_000 + "deep\n",
    "nested-brackets": "[" * 50_000 + "x" + "]" * 50_000 + "\n",
    "emphasis-openers": "*a " * 65_000,
    "emphasis-closers": "a* " * 65_000,
    "emphasis-mixed": "*a **b _c __d " * 16_000,
    "nested-emphasis": "*a _b **c __d " * 65_000,
    "unclosed-links": "[a](b " * 30_000,
    "code-spans": "`x` " * 3_000_000,
    "big-table": "| a | b | c |\n|---|---|---|\n" + "".join(f"| r{i} | {i} | z |\n" for i in range(30_000)),
    "nested-lists": "".join("  " * i + "- item\n" for i in range(1_000)),
    "nul-bytes": "text \0 more \0\n" * 1_000,
    "reference-definitions": "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(50_000)) + "[r1] [r49999]\n",
}
for name, body in pages.items():
    os.makedirs(f"{root}/{name}", exist_ok=True)
    with open(f"{root}/{name}/{name}.md", "w") as f:
        f.write(f"---\ntitle: {name}\nlanguage: en\n---\n\n{body}\n")
PY

run() { # time, peak and outcome of one build of folder $2, named $1
  local log="$WORK/$1.log" stats="$WORK/$1.time" code=0
  /usr/bin/time -f '%e %M' -o "$stats" "$BIN" build "$2" -o "$WORK/out-$1" >"$log" 2>&1 || code=$?
  read -r seconds kilobytes < <(tail -n 1 "$stats")
  local outcome
  outcome=$(grep -o 'error\[[a-z-]*\]' "$log" | sort | uniq -c | tr -s ' ' | tr '\n' ' ' || true)
  printf '%-22s %7.2f s  %6.0f MB  exit %d  %s\n' "$1" "$seconds" "$((kilobytes / 1024))" "$code" "${outcome:-exported}"
}

echo "== each class on its own"
for page in "$WORK"/pages/*/; do run "$(basename "$page")" "$page"; done
mkdir -p "$WORK/all"
cp "$WORK"/pages/*/*.md "$WORK/all/"
echo "== all of them in one folder"
run all "$WORK/all"
