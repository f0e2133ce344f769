#!/usr/bin/env bash
# Memory check (by hand, not in CI): trains 5 epochs on fake data through ./dcgan (as users run it)
# and prints the resident memory (VmRSS) of the training process after each epoch (its files written), its
# peak (VmHWM), and the change from epoch 1 to epoch 5, which must stay within 10%.
# Usage: bench/memory/epochs.sh [iterations per epoch=100] [image size=64] [extra dcgan train flags...]
#   bench/memory/epochs.sh 300 32            # a longer run at 32x32
#   DCGAN_MALLOC=system bench/memory/epochs.sh   # with glibc's malloc instead of tcmalloc
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
iterations="${1:-100}"
size="${2:-64}"
shift 2 || shift $# || true
epochs=5
batch=64
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$root/dcgan" --help >/dev/null   # build first, so the build is not measured
coproc TRAIN { exec "$root/dcgan" train --dataset fake --fake-count $((iterations * batch)) --image-size "$size" \
  --batch-size $batch --niter $epochs --seed 1 --device cpu --outf "$out" "$@" 2>&1; }
pid=$TRAIN_PID
status() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$pid/status"; }

declare -a at
peak=0
start=$(date +%s.%N)
while IFS= read -r line <&"${TRAIN[0]}"; do
  # Printed after the epoch's end: its weight files, grids, plots and checkpoint are written.
  if [[ "$line" =~ ^epoch\ ([0-9]+)/$epochs\ done ]]; then
    epoch=${BASH_REMATCH[1]}
    at[$epoch]=$(status VmRSS)
    peak=$(status VmHWM)
    printf 'epoch %d: RSS %7.1f MB, peak so far %7.1f MB  (%.0f s)\n' "$epoch" "$(echo "${at[$epoch]} / 1024" | bc -l)" \
      "$(echo "$peak / 1024" | bc -l)" "$(echo "$(date +%s.%N) - $start" | bc -l)"
  fi
done
wait "$pid" || { echo "training failed" >&2; exit 1; }
change=$(echo "(${at[$epochs]} - ${at[1]}) * 100 / ${at[1]}" | bc -l)
printf '%dx%d, %d iterations per epoch, allocator: %s\n' "$size" "$size" "$iterations" "${DCGAN_MALLOC:-tcmalloc}"
printf 'RSS epoch 1 -> epoch %d: %+.2f%% (target: within 10%%); peak %.0f MB\n' "$epochs" "$change" "$(echo "$peak / 1024" | bc -l)"
if (( $(echo "$change < 10 && $change > -10" | bc -l) )); then echo "PASS"; else echo "FAIL"; exit 1; fi
