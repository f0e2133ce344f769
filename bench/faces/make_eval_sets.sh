#!/usr/bin/env bash
# The images each face set is judged against (bench/quality/README.md, "Faces"): per set and size,
# the first 2,000 training images as the loader sees them (centre-cropped, resized) as the
# reference, 2,000 others (real against real), and those others blurred (a 0.7-pixel Gaussian at
# 64x64, 0.5 pixel at 32x32: the blurred-real baseline).
#
# Usage: bench/faces/make_eval_sets.sh [SET ...]   (default: photo drawn; data in $FACES_DATA, /work/data)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${FACES_DATA:-/work/data}"
dcgan="${DCGAN:-$root/dcgan}"
sets=("$@")
[[ ${#sets[@]} -gt 0 ]] || sets=(photo drawn)
for set in "${sets[@]}"; do
  for size in 64 32; do
    out="$data/faces-eval/$set-$size"
    sigma=$([[ $size == 64 ]] && echo 0.7 || echo 0.5)
    rm -rf "$out" && mkdir -p "$out/all" "$out/reference" "$out/other"
    "$dcgan" data export folder --dataroot "$data/faces-$set" --image-size "$size" --out "$out/all" --limit 4000
    # The export's file names count up from 00000.png: the first half is the reference, the second the other real faces.
    find "$out/all" -name '0[01]*.png' -exec mv -t "$out/reference" {} +
    find "$out/all" -name '0[23]*.png' -exec mv -t "$out/other" {} +
    rmdir "$out/all"
    /usr/bin/python3 "$root/bench/faces/blur.py" "$out/other" "$out/blurred" --sigma "$sigma"
    echo "$set $size: $(ls "$out/reference" | wc -l) reference, $(ls "$out/other" | wc -l) other, $(ls "$out/blurred" | wc -l) blurred"
  done
done
