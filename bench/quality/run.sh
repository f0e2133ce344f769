#!/usr/bin/env bash
# The quality seed sweep (a benchmark, run by hand, not in CI): the README's first command, as a
# user runs it, for several seeds and both recipes, each result scored by `dcgan evaluate` with the
# LeNet judge, plus Fashion-MNIST at 28x28 in the same time budget and, optionally, the
# pytorch/examples reference (bench/reference/dcgan_reference.py) at 64x64 for the same budget.
#
# Usage: bench/quality/run.sh                                   # everything below (hours on 2 cores)
#        SEEDS="1 2" DATASETS=mnist REFERENCE=0 bench/quality/run.sh
# Settings (environment):
#   SEEDS ("1 2 3 4 5"), RECIPES ("quality reference"), DATASETS ("mnist fashion-mnist"),
#   MNIST_FLAGS (the README command's: --image-size 32 --niter 18), FASHION_FLAGS (--image-size 28 --niter 4: the
#   quality recipe: under 6 minutes on the 60,000 images with two threads), EXTRA (more flags for every dcgan run), COUNT (samples
#   per evaluation, 2000), REFERENCE (1: also the PyTorch reference at 64x64, one epoch: its
#   ~10 minutes here), THREADS (libtorch threads, 2), DATAROOT (data), FEATURES (bench/results/features),
#   OUT (bench/results/sweep-DATE). Results: OUT/summary.md, OUT/<dataset>-<recipe>-seed<N>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seeds="${SEEDS:-1 2 3 4 5}"
recipes="${RECIPES:-quality reference}"
datasets="${DATASETS:-mnist fashion-mnist}"
mnist_flags="${MNIST_FLAGS:---image-size 32 --niter 18}"
fashion_flags="${FASHION_FLAGS:---image-size 28 --niter 4}"
extra="${EXTRA:-}"
count="${COUNT:-2000}"
reference="${REFERENCE:-1}"
threads="${THREADS:-2}"
dataroot="${DATAROOT:-$root/data}"
features="${FEATURES:-$root/bench/results/features}"
out="${OUT:-$root/bench/results/sweep-$(date +%Y%m%d-%H%M%S)}"
export OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
dcgan="$root/dcgan"
mkdir -p "$out" "$features"
"$dcgan" --help >/dev/null   # build first, so the build is not timed
echo "quality sweep: datasets [$datasets], recipes [$recipes], seeds [$seeds], $count samples per evaluation; results in $out"

# Scores the generator at $1 (a file or a run folder: its checkpoint, whose average is preferred) into $2/eval.json.
evaluate() {
  local generator="$1" dir="$2" dataset="$3"
  "$dcgan" evaluate "$generator" --dataset "$dataset" --dataroot "$dataroot" --features "$features/$dataset.pt" \
    --count "$count" --json "$dir/eval.json" --device cpu >"$dir/eval.log" 2>&1 \
    || { echo "  evaluation failed; see $dir/eval.log" >&2; return 0; }
  # The report names its judge: "FID-LeNet 3.012" with --features.
  echo "  $(basename "$dir"): $(grep -m1 -E '^  FID(-[A-Za-z0-9]+)? ' "$dir/eval.log" | awk '{print $1, $2}')"
}

# Runs "$@" (a training command) with its output in $1/train.log, and records how it ended and
# its wall time in $1/run.tsv.
timed_run() {
  local dir="$1" start status; shift
  mkdir -p "$dir"
  start=$(date +%s.%N)
  if "$@" >"$dir/train.log" 2>&1; then status=ok; else status="exit $?"; fi
  printf '%s\t%.0f\n' "$status" "$(echo "$(date +%s.%N) - $start" | bc -l)" >"$dir/run.tsv"
  echo "$(basename "$dir"): $status in $(cut -f2 "$dir/run.tsv") s"
}

for dataset in $datasets; do
  if [[ ! -f "$features/$dataset.pt" ]]; then
    echo "training the $dataset LeNet judge into $features/$dataset.pt"
    "$dcgan" evaluate train-features --dataset "$dataset" --dataroot "$dataroot" --out "$features/$dataset.pt" --epochs 5 --device cpu \
      | tee "$features/$dataset.log"
  fi
  flags="$mnist_flags"
  [[ $dataset == fashion-mnist ]] && flags="$fashion_flags"
  for recipe in $recipes; do
    for seed in $seeds; do
      dir="$out/$dataset-$recipe-seed$seed"
      # shellcheck disable=SC2086 # the flag lists are meant to split
      timed_run "$dir" "$dcgan" train --dataset "$dataset" --dataroot "$dataroot" $flags --recipe "$recipe" --manual-seed "$seed" \
        --outf "$dir" --overwrite --log-every 50 --device cpu $extra
      evaluate "$dir" "$dir" "$dataset"
    done
  done
  if [[ "$reference" == 1 ]]; then
    images=$(find -L "$dataroot" /usr/share/datasets -path "*$( [[ $dataset == mnist ]] && echo MNIST || echo FashionMNIST)*" \
      -name 'train-images-idx3-ubyte*' 2>/dev/null | head -1)
    [[ -z "$images" && $dataset == fashion-mnist ]] && images=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
    for seed in $seeds; do
      dir="$out/$dataset-pytorch64-seed$seed"
      timed_run "$dir" /usr/bin/python3 -u "$root/bench/reference/dcgan_reference.py" --dataset idx --images "$images" --niter 1 \
        --outf "$dir" --manualSeed "$seed"
      evaluate "$dir/netG_epoch_0.pth" "$dir" "$dataset"
    done
  fi
done

/usr/bin/python3 "$root/bench/quality/summarize.py" "$out" | tee "$out/summary.md"
