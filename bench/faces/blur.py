#!/usr/bin/python3
"""Blurs every PNG of a folder into another: the blurred-real baseline of bench/quality's face sets.

scipy.ndimage.gaussian_filter(image, sigma=(s, s, 0), mode="nearest") on the 0-255 pixels, rounded
back to bytes (issue 30's definition: a blur a person barely notices).

Usage: /usr/bin/python3 bench/faces/blur.py IN OUT --sigma 0.7
"""
import argparse
import os

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--sigma", type=float, required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = sorted(n for n in os.listdir(args.source) if n.endswith(".png"))
    for name in names:
        pixels = np.asarray(Image.open(os.path.join(args.source, name)).convert("RGB"), dtype=np.float64)
        blurred = gaussian_filter(pixels, sigma=(args.sigma, args.sigma, 0), mode="nearest")
        Image.fromarray(np.clip(np.rint(blurred), 0, 255).astype(np.uint8)).save(os.path.join(args.out, name))
    print(f"blurred {len(names)} images (sigma {args.sigma}) from {args.source} into {args.out}")


if __name__ == "__main__":
    main()
