#!/usr/bin/env bash
# The baselines each face set's samples are held against, scored as the samples are (FID-ResNet18,
# `dcgan evaluate`'s default judge for RGB data, against the set's 2,000 reference faces): 2,000
# other real faces, and the same faces blurred (bench/faces/make_eval_sets.sh makes all three).
#
# Usage: bench/faces/baselines.sh [SET ...]   (default: photo drawn); JSON in bench/results/faces/baselines/
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${FACES_DATA:-/work/data}"
dcgan="${DCGAN:-$root/dcgan}"
out="${FACES_RESULTS:-$root/bench/results/faces}/baselines"
mkdir -p "$out"
sets=("$@")
[[ ${#sets[@]} -gt 0 ]] || sets=(photo drawn)
for set in "${sets[@]}"; do
  for size in 64 32; do
    eval_sets="$data/faces-eval/$set-$size"
    for kind in other blurred; do
      nice -n 10 "$dcgan" evaluate --images "$eval_sets/$kind" --dataset folder --dataroot "$eval_sets/reference" --device cpu \
        --json "$out/$set-$size-$kind.json" --cache-dir "$out/../real-statistics" >"$out/$set-$size-$kind.log" 2>&1
      echo "$set $size $kind: $(grep -m1 -E '^  FID' "$out/$set-$size-$kind.log")"
    done
  done
done
