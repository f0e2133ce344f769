#!/usr/bin/env bash
# Memory check (by hand, not in CI): trains 500 iterations at 32x32 on fake data and prints the
# resident memory (VmRSS) of the training process at 10%, 50% and 100% of the run, and the drift
# between 50% and 100%, which should stay under 5%.
# Usage: bench/memory/run.sh [iterations=500] [extra dcgan train flags...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
iterations="${1:-500}"
shift || true
batch=64
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$root/dcgan" --help >/dev/null   # build first, so the build is not measured
coproc TRAIN { exec "$root/dcgan" train --dataset fake --fake-count $((iterations * batch)) --image-size 32 \
  --batch-size $batch --niter 1 --seed 1 --device cpu --sample-every 100000 --outf "$out" "$@" 2>&1; }
pid=$TRAIN_PID
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

declare -A at
start=$(date +%s.%N)
while IFS= read -r line <&"${TRAIN[0]}"; do
  if [[ "$line" =~ ^\[0/1\]\[([0-9]+)/([0-9]+)\] ]]; then
    i=$((BASH_REMATCH[1] + 1))
    for pct in 10 50 100; do
      if [[ -z "${at[$pct]:-}" && $i -ge $((iterations * pct / 100)) ]]; then
        at[$pct]=$(rss)
        printf 'iteration %4d (%3d%%): RSS %7.1f MB  (%.0f s)\n' "$i" "$pct" "$(echo "${at[$pct]} / 1024" | bc -l)" "$(echo "$(date +%s.%N) - $start" | bc -l)"
      fi
    done
  fi
done
wait "$pid" || { echo "training failed" >&2; exit 1; }
drift=$(echo "(${at[100]} - ${at[50]}) * 100 / ${at[50]}" | bc -l)
printf 'drift 50%% -> 100%%: %+.2f%% (target: under 5%%)\n' "$drift"
if (( $(echo "$drift < 5 && $drift > -5" | bc -l) )); then echo "PASS"; else echo "FAIL"; exit 1; fi
