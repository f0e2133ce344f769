#!/usr/bin/python3
"""Renders a folder of varied synthetic face photos for the face benchmark (bench/faces/README.md).

No face photo set can be downloaded on the benchmark machine, so this draws faces instead: a head
with shading, hair of several styles and colours, ears, neck and shoulders in clothing, eyes with
irises and brows, a nose, a mouth with an expression, sometimes glasses or a beard, under a
directional light, on a varied background, slightly turned, tilted and shifted as in a loose
crop. Every shape is a soft-edged mask (a sigmoid of its signed distance), drawn at twice the
output size and downsampled, so edges are antialiased like a photo's. Output: a flat folder of
JPEGs, the layout `dcgan train --dataset folder` reads.

Usage: /usr/bin/python3 bench/faces/render_faces.py OUT [--count 10000] [--size 64] [--seed 0]
"""
import argparse
import os

import numpy as np
from PIL import Image

SKIN = np.array([[255, 224, 196], [241, 194, 160], [224, 172, 130], [198, 134, 94],
                 [161, 102, 68], [118, 74, 48], [86, 54, 36]], dtype=np.float32) / 255
HAIR = np.array([[20, 16, 14], [45, 30, 20], [90, 60, 35], [140, 100, 60], [200, 165, 110],
                 [150, 60, 30], [170, 170, 170], [230, 225, 215]], dtype=np.float32) / 255
IRIS = np.array([[60, 40, 25], [100, 70, 40], [70, 110, 150], [80, 120, 80], [40, 30, 25]],
                dtype=np.float32) / 255


def soft(distance, edge):
    """Coverage of a shape whose signed distance (negative inside) is `distance`."""
    return 1 / (1 + np.exp(np.clip(distance / edge, -30, 30)))


def ellipse(x, y, cx, cy, rx, ry, angle=0.0):
    """Approximate signed distance to an ellipse, in units of the image (0..1)."""
    c, s = np.cos(angle), np.sin(angle)
    u, v = (x - cx) * c + (y - cy) * s, -(x - cx) * s + (y - cy) * c
    return (np.sqrt((u / rx) ** 2 + (v / ry) ** 2) - 1) * min(rx, ry)


def paint(image, mask, colour):
    image *= 1 - mask[..., None]
    image += mask[..., None] * colour


def render(rng, size):
    n = size * 2
    y, x = np.mgrid[0:n, 0:n].astype(np.float32) / n
    edge = 0.7 / n

    # Background: a two-colour gradient, sometimes with a soft blob (a room, a wall, a sky).
    grey = rng.uniform(0.1, 0.9)
    a, b = (grey + rng.uniform(0, 1, 3)) / 2, (grey + rng.uniform(0, 1, 3)) / 2
    t = np.clip(x * rng.uniform(-1, 1) + y * rng.uniform(-1, 1) + rng.uniform(0, 1), 0, 1)
    image = (a * (1 - t[..., None]) + b * t[..., None]).astype(np.float32)
    if rng.random() < 0.5:
        paint(image, 0.6 * soft(ellipse(x, y, *rng.uniform(0, 1, 2), *rng.uniform(0.1, 0.4, 2)), 0.05),
              rng.uniform(0, 1, 3))

    # Pose: where the face sits in the crop, its size, tilt (roll) and turn (yaw, as a shift of features).
    cx, cy = 0.5 + rng.normal(0, 0.03), 0.5 + rng.normal(0, 0.03)
    scale = rng.uniform(0.85, 1.1)
    roll = rng.normal(0, 0.08)
    yaw = rng.normal(0, 0.04)
    hw, hh = 0.2 * scale * rng.uniform(0.9, 1.08), 0.26 * scale * rng.uniform(0.92, 1.06)
    c, s = np.cos(roll), np.sin(roll)

    def at(u, v):
        """Image position of face coordinates (u right, v down, in head half-widths)."""
        return cx + (u * hw + yaw * (1 - abs(u) * 0.3)) * c - v * hh * s, cy + (u * hw + yaw) * s + v * hh * c

    skin = SKIN[rng.integers(len(SKIN))] * rng.uniform(0.92, 1.06) + rng.normal(0, 0.02, 3)
    hair = HAIR[rng.integers(len(HAIR))] * rng.uniform(0.8, 1.15)
    cloth = rng.uniform(0, 1, 3)
    long_hair = rng.random() < 0.4

    # Long hair falls behind the head and shoulders.
    if long_hair:
        hx, hy = at(0, 0.35)
        paint(image, soft(ellipse(x, y, hx, hy, hw * 1.35, hh * 1.25, roll), edge * 3), hair)
    # Neck and shoulders in clothing.
    nx, ny = at(0, 1.05)
    paint(image, soft(ellipse(x, y, nx, ny, hw * 0.45, hh * 0.6, roll), edge), skin * 0.85)
    sx, sy = at(0, 2.2)
    paint(image, soft(ellipse(x, y, sx, sy, hw * 2.4, hh * 1.1, roll), edge), cloth)
    # Ears.
    for side in (-1, 1):
        ex, ey = at(side * 1.0, 0.05)
        paint(image, soft(ellipse(x, y, ex, ey, hw * 0.16, hh * 0.2, roll), edge), skin * 0.9)
    # Head, shaded by a light from one side.
    head = soft(ellipse(x, y, cx + yaw * 0.3, cy, hw, hh, roll), edge)
    light = rng.uniform(-1, 1)
    shade = 1 + 0.18 * light * (x - cx) / hw - 0.12 * ((x - cx) ** 2 / hw ** 2 + (y - cy) ** 2 / hh ** 2)
    paint(image, head, skin)
    image *= (1 - head[..., None]) + head[..., None] * np.clip(shade, 0.6, 1.2)[..., None]
    # Hair on top: the head's outline a little enlarged, down to a hairline that curves lower at the
    # temples by a varying amount (side coverage); sometimes bald.
    if rng.random() > 0.08:
        u = ((x - cx) * c + (y - cy) * s) / hw
        v = (-(x - cx) * s + (y - cy) * c) / hh
        line, temples = rng.uniform(-0.75, -0.4), rng.uniform(0.1, 0.9)
        volume = rng.uniform(1.04, 1.2)
        outline = soft(ellipse(x, y, *at(0, -0.06 * volume), hw * volume, hh * (volume - 0.04), roll), edge * 2)
        paint(image, outline * soft((v - line - temples * u ** 2) * hh, edge * 2), hair)
    # Eyes: white, iris, pupil and a highlight; brows above.
    iris = IRIS[rng.integers(len(IRIS))]
    spread, eye_v = rng.uniform(0.36, 0.46), rng.uniform(-0.08, 0.05)
    eye_w, eye_h = rng.uniform(0.15, 0.2), rng.uniform(0.06, 0.09)
    look = rng.normal(0, 0.03)
    brow_v, brow_tilt = eye_v - rng.uniform(0.14, 0.22), rng.normal(0, 0.12)
    for side in (-1, 1):
        ex, ey = at(side * spread, eye_v)
        paint(image, soft(ellipse(x, y, ex, ey, hw * eye_w, hh * eye_h, roll), edge), np.array([0.93, 0.92, 0.9]))
        paint(image, soft(ellipse(x, y, ex + look * hw, ey, hw * eye_h * 0.95, hh * eye_h * 0.95), edge), iris)
        paint(image, soft(ellipse(x, y, ex + look * hw, ey, hw * eye_h * 0.45, hh * eye_h * 0.45), edge), np.zeros(3))
        paint(image, 0.8 * soft(ellipse(x, y, ex + (look + 0.03) * hw, ey - 0.02 * hh, hw * 0.025, hh * 0.02), edge),
              np.ones(3))
        bx, by = at(side * spread, brow_v)
        paint(image, soft(ellipse(x, y, bx, by, hw * eye_w * 1.2, hh * rng.uniform(0.02, 0.04),
                                  roll - side * brow_tilt), edge), hair * 0.8)
    # Nose: a shadow on the lit side's opposite and a tip.
    nx, ny = at(0.04 * np.sign(light), 0.25)
    paint(image, 0.35 * soft(ellipse(x, y, nx, ny, hw * 0.07, hh * 0.18, roll), edge * 2), skin * 0.6)
    tx, ty = at(0, 0.4)
    paint(image, 0.4 * soft(ellipse(x, y, tx, ty, hw * 0.16, hh * 0.06, roll), edge * 2), skin * 0.7)
    # Mouth: lips whose curvature is the expression; an open smile shows teeth.
    mx, my = at(0, rng.uniform(0.58, 0.68))
    mw, smile = hw * rng.uniform(0.28, 0.4), rng.uniform(-0.3, 1.0)
    lips = skin * np.array([0.85, 0.55, 0.55]) + rng.normal(0, 0.03, 3)
    curve = smile * ((x - mx) / mw) ** 2 * hh * 0.06
    mouth = soft(ellipse(x, y - (-curve), mx, my, mw, hh * rng.uniform(0.04, 0.07), roll), edge)
    paint(image, mouth, lips)
    if smile > 0.6 and rng.random() < 0.5:
        paint(image, soft(ellipse(x, y + curve, mx, my, mw * 0.75, hh * 0.025, roll), edge), np.array([0.95, 0.93, 0.88]))
    # Beard or stubble, sometimes; glasses, sometimes.
    if rng.random() < 0.15:
        bx, by = at(0, 0.75)
        beard = soft(ellipse(x, y, bx, by, hw * 0.85, hh * 0.38, roll), edge * 3) * (1 - mouth)
        paint(image, beard * rng.uniform(0.5, 0.95), hair)
    if rng.random() < 0.2:
        frame = rng.uniform(0, 0.4, 3)
        for side in (-1, 1):
            ex, ey = at(side * spread, eye_v)
            ring = ellipse(x, y, ex, ey, hw * 0.28, hh * 0.17, roll)
            paint(image, soft(np.abs(ring) - 0.004, edge), frame)
        bx, by = at(0, eye_v)
        paint(image, soft(ellipse(x, y, bx, by, hw * 0.12, hh * 0.015, roll), edge), frame)

    # The camera: exposure, a colour cast and sensor noise.
    image = image * rng.uniform(0.8, 1.15) + rng.normal(0, 0.03, 3)
    image += rng.normal(0, 0.015, image.shape)
    pixels = (np.clip(image, 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(pixels).resize((size, size), Image.LANCZOS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for i in range(args.count):
        render(rng, args.size).save(os.path.join(args.out, f"face_{i:05d}.jpg"), quality=92)
    print(f"{args.count} faces of {args.size}x{args.size} in {args.out}")


if __name__ == "__main__":
    main()
