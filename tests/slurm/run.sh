#!/usr/bin/env bash
# Slurm, for real: a one-node cluster on this machine (munged, slurmctld and slurmd on
# localhost, from Debian's slurmctld, slurmd, slurm-client and munge), the documented job array
# `sbatch --array=0-3 docs/deploy/slurm.sh INPUT OUTPUT` and its merge job
# (`--dependency=afterok:<array>`), and the result compared byte for byte with one build.
#
#   tests/slurm/run.sh [MDEXPORT] [INPUT]   # default: the release binary, seeds/
#
# It needs root (to start the daemons); without it, or without the daemons, it says SKIPPED, and
# fails when CI is set. It stops exactly the daemons it started, by their process ids, and
# leaves the machine's own munge and Slurm configuration alone (everything lives in a temporary
# folder, on ports of its own).
set -euo pipefail
cd "$(dirname "$0")/../.."
MDEXPORT="$(realpath "${1:-${CARGO_TARGET_DIR:-target}/release/mdexport}")"
INPUT="$(realpath "${2:-seeds}")"
SHARDS=4

skip() {
  if [ -n "${CI:-}" ]; then
    echo "FAILED: the Slurm test cannot run: $*" >&2
    exit 1
  fi
  echo "SKIPPED: Slurm test: $*"
  exit 0
}
[ "$(id -u)" = 0 ] || skip "it needs root to start munged, slurmctld and slurmd"
for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
[ -x "$MDEXPORT" ] || { echo "FAILED: no mdexport binary at $MDEXPORT" >&2; exit 1; }

WORK="$(mktemp -d /tmp/mdexport-slurm.XXXXXX)"
# munged requires every folder on the way to its socket to be open to all.
chmod 755 "$WORK"
mkdir -p "$WORK/munge-key" "$WORK/munge-run" "$WORK/state" "$WORK/spool" "$WORK/logs" "$WORK/shared"
chmod 700 "$WORK/munge-key"
chmod 755 "$WORK/munge-run"
PIDS=()
stop_daemons() {
  local pid
  # The last started first: slurmd, slurmctld, munged.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  done
  PIDS=()
}
failed=0
finish() {
  stop_daemons
  if [ "$failed" = 0 ]; then rm -rf "$WORK"; else echo "logs kept in $WORK" >&2; fi
}
trap finish EXIT
fail() {
  failed=1
  echo "FAILED: $*" >&2
  for log in "$WORK"/logs/*.log "$WORK"/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
  done
  exit 1
}

mungekey --create --keyfile "$WORK/munge-key/munge.key"
chmod 600 "$WORK/munge-key/munge.key"
munged --foreground --key-file="$WORK/munge-key/munge.key" --socket="$WORK/munge-run/munge.socket" \
  --pid-file="$WORK/munge-run/munged.pid" --log-file="$WORK/munged.log" \
  --seed-file="$WORK/munge-key/munged.seed" >/dev/null 2>&1 &
PIDS+=($!)

NODE="$(hostname -s)"
CPUS="$(nproc)"
PORT=$((20000 + RANDOM % 20000))
export SLURM_CONF="$WORK/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=mdexport-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$WORK/munge-run/munge.socket
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
# No cgroups in a container: processes are tracked by their parent, tasks are not confined.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=test Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF

for _ in $(seq 50); do [ -S "$WORK/munge-run/munge.socket" ] && break; sleep 0.1; done
[ -S "$WORK/munge-run/munge.socket" ] || fail "munged did not start"
slurmctld -D -f "$SLURM_CONF" >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
scontrol ping | grep -q UP || fail "slurmctld did not start"
slurmd -D -f "$SLURM_CONF" -N "$NODE" >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %t | grep -q idle || fail "slurmd did not come up: $(sinfo -h -o '%t %E')"
echo "Slurm: one node ($NODE, $CPUS CPUs), daemons ${PIDS[*]}"

# The documented commands, as a user types them (MDEXPORT names the binary).
export MDEXPORT
export SOURCE_DATE_EPOCH=1767225600
OUT="$WORK/shared/output"
started=$(date +%s.%N)
array=$(sbatch --parsable --array=0-$((SHARDS - 1)) --output="$WORK/logs/shard-%a.log" \
  docs/deploy/slurm.sh "$INPUT" "$OUT")
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --output="$WORK/logs/merge.log" docs/deploy/slurm.sh "$INPUT" "$OUT")
echo "submitted: array $array (shards 0-$((SHARDS - 1))), merge $merge"
for _ in $(seq 1800); do
  [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -j "$array,$merge")" ] || { scancel "$array" "$merge"; fail "the jobs did not finish in 15 minutes"; }
ended=$(date +%s.%N)
state=$(scontrol show job "$merge" | grep -o 'JobState=[A-Z_]*' | head -1)
[ "$state" = "JobState=COMPLETED" ] || fail "the merge job ended with $state"
for ((i = 0; i < SHARDS; i++)); do
  grep -q "shard $i/$SHARDS:" "$WORK/logs/shard-$i.log" || fail "shard $i did not report"
done
grep -q "merged $SHARDS shard(s)" "$WORK/logs/merge.log" || fail "the merge did not report"
grep "merged" "$WORK/logs/merge.log"
stop_daemons

"$MDEXPORT" build "$INPUT" -o "$WORK/whole" -q 2>"$WORK/logs/whole.log"
if ! diff -r --exclude=.mdexport-shards "$WORK/whole" "$OUT" >"$WORK/diff.log"; then
  fail "the Slurm build differs from one build: $(head -5 "$WORK/diff.log")"
fi
files=$(find "$OUT" -type f ! -path '*/.mdexport-shards/*' | wc -l)
printf 'PASSED: Slurm job array of %d shards and its merge (%.1f s): %d files, byte for byte those of one build\n' \
  "$SHARDS" "$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')" "$files"
