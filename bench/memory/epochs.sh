#!/usr/bin/env bash
# Memory check (by hand, not in CI): trains through ./dcgan (as users run it) and prints the resident
# memory (VmRSS) of the training process after each epoch (its files written) and its peak (VmHWM),
# then the change between two epochs, which must stay within a bound.
# Usage: bench/memory/epochs.sh [--epochs N=5] [--from K=1] [--bound PERCENT=10] [--csv FILE] [-- dcgan train flags...]
#   bench/memory/epochs.sh                                    # 5 epochs of fake 64x64 data, epoch 1 -> 5 within 10%
#   bench/memory/epochs.sh --epochs 20 --from 5 --bound 3 -- --dataset fake --image-size 32
#   bench/memory/epochs.sh --epochs 20 --from 5 --bound 3 -- --dataset mnist --dataroot data --image-size 32
#   DCGAN_MALLOC=system bench/memory/epochs.sh                # with glibc's malloc instead of tcmalloc
# Without train flags: fake 64x64 data, 100 iterations of 64 images per epoch.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
epochs=5 from=1 bound=10 csv=""
while (($#)); do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --bound) bound="$2"; shift 2 ;;
    --csv) csv="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown argument $1; see the usage at the top of $0" >&2; exit 2 ;;
  esac
done
(($#)) || set -- --dataset fake --fake-count 6400 --image-size 64 --batch-size 64
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$root/dcgan" --help >/dev/null   # build first, so the build is not measured
coproc TRAIN { exec "$root/dcgan" train "$@" --niter "$epochs" --seed 1 --device cpu --outf "$out" 2>&1; }
pid=$TRAIN_PID
status() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$pid/status"; }

declare -a at
peak=0
start=$(date +%s.%N)
[[ -z "$csv" ]] || echo "epoch,rss_kb,peak_kb,seconds" >"$csv"
while IFS= read -r line <&"${TRAIN[0]}"; do
  # Printed after the epoch's end: its weight files, grids, plots and checkpoint are written.
  if [[ "$line" =~ ^epoch\ ([0-9]+)/$epochs\ done ]]; then
    epoch=${BASH_REMATCH[1]}
    at[$epoch]=$(status VmRSS)
    peak=$(status VmHWM)
    seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
    printf 'epoch %d: RSS %7.1f MB, peak so far %7.1f MB  (%.0f s)\n' "$epoch" "$(echo "${at[$epoch]} / 1024" | bc -l)" \
      "$(echo "$peak / 1024" | bc -l)" "$seconds"
    [[ -z "$csv" ]] || printf '%d,%d,%d,%.1f\n' "$epoch" "${at[$epoch]}" "$peak" "$seconds" >>"$csv"
  fi
done
wait "$pid" || { echo "training failed" >&2; exit 1; }
change=$(echo "(${at[$epochs]} - ${at[$from]}) * 100 / ${at[$from]}" | bc -l)
printf '%s, %d epochs, allocator: %s\n' "$*" "$epochs" "${DCGAN_MALLOC:-tcmalloc}"
printf 'RSS epoch %d -> epoch %d: %+.2f%% (target: within %s%%); peak %.0f MB\n' "$from" "$epochs" "$change" "$bound" "$(echo "$peak / 1024" | bc -l)"
if (( $(echo "$change < $bound && $change > -$bound" | bc -l) )); then echo "PASS"; else echo "FAIL"; exit 1; fi
