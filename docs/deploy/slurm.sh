#!/usr/bin/env bash
# mdexport on Slurm: a job array renders the handouts, one shard per task, into OUTPUT on a
# shared file system; one job that depends on the whole array then writes the booklet and the
# catalog. The result is the same, byte for byte, as `mdexport build INPUT -o OUTPUT`.
#
#   array=$(sbatch --parsable --array=0-3 docs/deploy/slurm.sh INPUT OUTPUT [OPTIONS...])
#   sbatch --dependency=afterok:"$array" docs/deploy/slurm.sh INPUT OUTPUT [OPTIONS...]
#
# The array's indexes run from 0; their number is the number of shards. Give the merge the same
# INPUT, OUTPUT and OPTIONS (any `mdexport build` option, `--page-size a4` for example). To redo
# one task that failed: `sbatch --array=2-2 ...` runs only shard 2 (the script takes the number
# of shards from SHARDS when it is set: `SHARDS=4 sbatch --export=ALL --array=2-2 ...`), then
# submit the merge again. MDEXPORT names the binary when it is not on PATH.
#SBATCH --job-name=mdexport
#SBATCH --cpus-per-task=1
#SBATCH --output=mdexport-%A_%a.log
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: sbatch --array=0-3 $0 INPUT OUTPUT [OPTIONS...]   (then the merge: sbatch --dependency=afterok:ID $0 INPUT OUTPUT [OPTIONS...])" >&2
  exit 2
fi
input="$1"
output="$2"
shift 2
mdexport="${MDEXPORT:-mdexport}"
jobs="${SLURM_CPUS_PER_TASK:-1}"

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # A task of the array: mdexport reads its index from SLURM_ARRAY_TASK_ID.
  shards="${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?not an array job: submit it with --array=0-N}}"
  exec "$mdexport" build "$input" -o "$output" -j "$jobs" --shard "auto/$shards" "$@"
else
  # The merge: checks that every shard finished with the same input and options.
  exec "$mdexport" merge "$input" -o "$output" -j "$jobs" "$@"
fi
