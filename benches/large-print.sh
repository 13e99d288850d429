#!/usr/bin/env bash
# Large print over every page of ../shared/corpus/nci (the test suite checks one page in eight):
# body at 18 pt, no text under 14 pt, every word inside its page, word recall of at least 98 %,
# and veraPDF's PDF/UA-1 verdict on every handout. Prints the figures the test measures.
#
#   bash benches/large-print.sh
#
# Needs what the test needs: poppler-utils, python3, and veraPDF (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
MDEXPORT_LARGE_PRINT_ALL=1 cargo test --release --test it \
  large_print::large_print_over_the_corpus_is_18_pt_never_under_14_and_complete -- --exact --nocapture
