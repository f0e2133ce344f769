#!/usr/bin/env bash
# Writes format2-quality.pt: a checkpoint of checkpoint format 2, as dcgan wrote it before the
# options record was typed (its settings stored as strings: "dataset":"fake", "split":"train",
# "onDiverge":"rollback", the recipe's "name":"quality" and "augment":"color, translation").
# It was made with the build of commit ff31524 (main before issue 32); running this script with a
# newer build writes that build's format instead, so keep the committed file.
# Usage: make_format2_checkpoint.sh DCGAN   (e.g. ./dcgan from a checkout of ff31524)
set -euo pipefail
dcgan="${1:?give the dcgan to run, e.g. ./dcgan}"
here="$(cd "$(dirname "$0")" && pwd)"
run="$(mktemp -d)"
trap 'rm -rf "$run"' EXIT
"$dcgan" train --dataset fake --fake-count 16 --image-size 16 --ngf 4 --ndf 4 --nz 8 --batch-size 8 --niter 1 \
  --on-diverge rollback --augment color,translation --split train --manualSeed 5 --device cpu --save-every 0 \
  --sample-every 1000 --outf "$run/run"
cp "$run/run/checkpoint.pt" "$here/format2-quality.pt"
