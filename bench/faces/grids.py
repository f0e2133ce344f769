#!/usr/bin/python3
"""Sample grids of the face sweep for bench/quality/README.md: real faces of each set and size, then
32 samples (seed 0, the generator average) of each named run at a budget, as small PNGs.

Usage: /usr/bin/python3 bench/faces/grids.py [--budget 10min] [--out bench/quality/faces] RUN_NAME ...
       (RUN_NAME: a folder under bench/results/faces/runs, e.g. photo-32-default-seed1)
"""
import argparse
import os
import pathlib
import subprocess
import sys

from PIL import Image

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import sweep  # noqa: E402

COUNT, PER_ROW, PAD = 32, 8, 2


def real_grid(set_name, size, path):
    """The first 32 faces of the set's reference folder, laid out as `dcgan sample` lays out its grid."""
    folder = sweep.reference_folder(set_name, size)
    files = sorted(folder.iterdir())[:COUNT]
    rows = (COUNT + PER_ROW - 1) // PER_ROW
    grid = Image.new("RGB", (PER_ROW * (size + PAD) + PAD, rows * (size + PAD) + PAD))
    for k, f in enumerate(files):
        with Image.open(f) as image:
            grid.paste(image.convert("RGB"), (PAD + (k % PER_ROW) * (size + PAD), PAD + (k // PER_ROW) * (size + PAD)))
    grid.save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--budget", default="10min")
    parser.add_argument("--out", default=str(sweep.ROOT / "bench/quality/faces"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.runs:
        run = sweep.RESULTS / "runs" / name
        set_name, size = name.split("-")[:2]
        real = out / f"{set_name}-{size}-real.png"
        if not real.exists():
            real_grid(set_name, int(size), real)
        checkpoint = run / f"checkpoint-{args.budget}.pt"
        target = out / f"{name}-{args.budget}.png"
        env = dict(os.environ, OMP_NUM_THREADS="1")
        subprocess.run(["nice", "-n", sweep.NICE, sweep.DCGAN_EVAL, "sample", str(checkpoint), "--count", str(COUNT), "--seed", "0",
                        "--grid", str(target), "--device", "cpu"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(target)


if __name__ == "__main__":
    main()
