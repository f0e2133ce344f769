#!/usr/bin/python3
"""Renders a folder of drawn (cartoon) face portraits: the second face set of bench/quality.

Where render_faces.py paints soft, shaded, photo-like faces on gradient backgrounds, these are
flat colours inside crisp dark outlines on a plain background, in portrait format (128x192 by
default, like the drawn set a tester trained on): heads of several shapes (oval, round, square,
pointed chin), hair styles from bald to afro, hats, eyes from dots to large eyes with highlights,
brows, noses, mouths with expressions, beards, glasses, blush and freckles. Everything is drawn
at twice the output size and downsampled, so outlines stay sharp but antialiased. The face sits in
the middle of the portrait, so the centre square that `dcgan train --dataset folder` crops holds
the head and the top of the shoulders.

Usage: /usr/bin/python3 bench/faces/render_drawn_faces.py OUT [--count 10000] [--width 128] [--height 192] [--seed 0]
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageDraw

SKIN = [(255, 224, 196), (246, 203, 168), (232, 180, 140), (205, 145, 100), (170, 112, 76), (128, 84, 56),
        (92, 60, 40), (250, 215, 160), (180, 220, 170), (200, 200, 235)]
HAIR = [(25, 20, 20), (70, 45, 25), (120, 75, 35), (190, 140, 70), (240, 210, 120), (200, 80, 40),
        (160, 160, 160), (245, 245, 240), (230, 90, 150), (70, 110, 220), (60, 170, 120)]
BACKGROUND = [(255, 255, 255), (250, 245, 235), (235, 240, 250), (255, 235, 235), (230, 250, 235),
              (250, 250, 210), (220, 220, 220), (200, 225, 250), (250, 215, 180), (60, 60, 70), (40, 60, 90)]
INK = [(0, 0, 0), (30, 20, 15), (40, 40, 60)]
EYE = [(60, 40, 25), (40, 90, 160), (50, 120, 60), (20, 20, 20), (120, 80, 40)]


def pick(rng, palette):
    return tuple(int(c) for c in palette[rng.integers(len(palette))])


def jitter(rng, colour, amount=12):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in colour)


def darker(colour, factor=0.75):
    return tuple(int(c * factor) for c in colour)


class Pen:
    """Draws filled, outlined shapes in face coordinates (u right, v down, in head half-widths/heights)."""

    def __init__(self, draw, cx, cy, hw, hh, ink, width):
        self.draw, self.cx, self.cy, self.hw, self.hh, self.ink, self.width = draw, cx, cy, hw, hh, ink, width

    def xy(self, u, v):
        return self.cx + u * self.hw, self.cy + v * self.hh

    def box(self, u, v, ru, rv):
        return [self.cx + (u - ru) * self.hw, self.cy + (v - rv) * self.hh, self.cx + (u + ru) * self.hw, self.cy + (v + rv) * self.hh]

    def ellipse(self, u, v, ru, rv, fill, outline=True):
        self.draw.ellipse(self.box(u, v, ru, rv), fill=fill, outline=self.ink if outline else None,
                          width=self.width if outline else 0)

    def polygon(self, points, fill, outline=True):
        pts = [self.xy(u, v) for u, v in points]
        self.draw.polygon(pts, fill=fill)
        if outline:
            self.draw.line(pts + [pts[0]], fill=self.ink, width=self.width, joint="curve")

    def line(self, points, width=None, fill=None):
        self.draw.line([self.xy(u, v) for u, v in points], fill=fill or self.ink, width=width or self.width, joint="curve")

    def arc(self, u, v, ru, rv, start, end, width=None, fill=None):
        self.draw.arc(self.box(u, v, ru, rv), start, end, fill=fill or self.ink, width=width or self.width)

    def chord(self, u, v, ru, rv, start, end, fill, outline=True):
        self.draw.chord(self.box(u, v, ru, rv), start, end, fill=fill, outline=self.ink if outline else None,
                        width=self.width if outline else 0)


def head_outline(rng, shape):
    """The head's outline as points (u, v) on a closed curve, in head half-sizes."""
    t = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    u, v = np.sin(t), -np.cos(t)   # t = 0 at the top, clockwise
    if shape == "square":
        p = rng.uniform(3, 5)
        u = np.sign(u) * np.abs(u) ** (2 / p)
        v = np.sign(v) * np.abs(v) ** (2 / p)
    elif shape == "pointed":
        lower = v > 0
        u = np.where(lower, u * (1 - 0.45 * v ** 2), u)
    elif shape == "pear":
        u = u * (1 + 0.15 * v)
    return list(zip(u, v))


def draw_hair_back(pen, rng, style, hair):
    if style == "long":
        length = rng.uniform(1.3, 2.0)
        pen.polygon([(-1.15, -0.3), (-1.3, length), (1.3, length), (1.15, -0.3), (0, -1.25)], hair)
    elif style == "afro":
        pen.ellipse(0, -0.35, rng.uniform(1.45, 1.7), rng.uniform(1.1, 1.3), hair)
    elif style == "bob":
        pen.chord(0, 0.0, 1.25, 1.2, 180, 360, hair)
        pen.polygon([(-1.25, 0.0), (-1.2, 0.75), (1.2, 0.75), (1.25, 0.0)], hair)


def draw_hair_front(pen, rng, style, hair):
    if style in ("short", "long", "bob"):
        parting = rng.uniform(-0.5, 0.5)
        pen.polygon([(-1.05, -0.05), (-1.08, -0.55), (-0.7, -1.05), (0, -1.18), (0.7, -1.05), (1.08, -0.55),
                     (1.05, -0.05), (0.85, -0.4), (parting + 0.2, -0.62), (parting, -0.75), (parting - 0.2, -0.6),
                     (-0.85, -0.4)], hair)
    elif style == "spiky":
        spikes = rng.integers(5, 9)
        points = [(-1.05, -0.2)]
        for k in range(spikes + 1):
            u = -1.0 + 2.0 * k / spikes
            base = -0.75 - 0.25 * np.sqrt(max(0.0, 1 - u * u))
            points.append((u, base - rng.uniform(0.25, 0.5)))
            if k < spikes:
                points.append((u + 1.0 / spikes, base + 0.05))
        points += [(1.05, -0.2), (0.6, -0.6), (-0.6, -0.6)]
        pen.polygon(points, hair)
    elif style == "bun":
        pen.ellipse(0, -1.25, 0.35, 0.3, hair)
        pen.chord(0, -0.2, 1.06, 1.0, 180, 360, hair)
    elif style == "mohawk":
        pen.polygon([(-0.18, -0.6), (-0.25, -1.45), (0, -1.6), (0.25, -1.45), (0.18, -0.6)], hair)
    elif style == "afro":
        pen.chord(0, -0.35, 1.1, 0.85, 190, 350, hair, outline=False)


def draw_hat(pen, rng, colour):
    kind = rng.integers(3)
    if kind == 0:   # beanie
        pen.chord(0, -0.45, 1.12, 0.85, 180, 360, colour)
        pen.polygon([(-1.15, -0.5), (-1.15, -0.28), (1.15, -0.28), (1.15, -0.5)], darker(colour, 0.85))
        pen.ellipse(0, -1.38, 0.18, 0.14, darker(colour, 0.7))
    elif kind == 1:  # cap with a brim
        side = rng.choice([-1, 1])
        pen.chord(0, -0.45, 1.08, 0.8, 180, 360, colour)
        pen.polygon([(side * 0.1, -0.47), (side * 1.55, -0.42), (side * 1.5, -0.3), (side * 0.1, -0.33)], darker(colour, 0.8))
    else:            # top hat
        pen.polygon([(-0.6, -0.65), (-0.55, -1.7), (0.55, -1.7), (0.6, -0.65)], colour)
        pen.polygon([(-1.2, -0.7), (-1.2, -0.55), (1.2, -0.55), (1.2, -0.7)], colour)
        pen.polygon([(-0.59, -0.85), (-0.58, -1.0), (0.58, -1.0), (0.59, -0.85)], jitter(rng, (200, 40, 40), 40))


def draw_eyes(pen, rng, spread, v):
    style = rng.integers(4)
    iris = pick(rng, EYE)
    size = rng.uniform(0.13, 0.2)
    for side in (-1, 1):
        u = side * spread
        if style == 0:    # dots
            pen.ellipse(u, v, size * 0.45, size * 0.55, pen.ink, outline=False)
        elif style == 1:  # whites, iris and pupil
            pen.ellipse(u, v, size, size * 0.75, (255, 255, 255))
            pen.ellipse(u, v + 0.02, size * 0.55, size * 0.55, iris, outline=False)
            pen.ellipse(u, v + 0.02, size * 0.25, size * 0.25, (0, 0, 0), outline=False)
        elif style == 2:  # closed, happy
            pen.arc(u, v + size * 0.4, size, size * 0.8, 200, 340)
        else:             # large eyes with a highlight
            pen.ellipse(u, v, size * 1.1, size * 1.2, (255, 255, 255))
            pen.ellipse(u, v + 0.04, size * 0.8, size * 0.95, iris, outline=False)
            pen.ellipse(u, v + 0.04, size * 0.4, size * 0.5, (0, 0, 0), outline=False)
            pen.ellipse(u + size * 0.3, v - size * 0.3, size * 0.22, size * 0.22, (255, 255, 255), outline=False)
    return size


def draw_mouth(pen, rng, v, skin):
    style = rng.integers(5)
    w = rng.uniform(0.22, 0.42)
    if style == 0:    # smile
        pen.arc(0, v - 0.1, w, 0.16, 20, 160)
    elif style == 1:  # open laugh with teeth
        pen.chord(0, v - 0.08, w, 0.2, 0, 180, (150, 30, 40))
        pen.chord(0, v - 0.08, w * 0.9, 0.08, 0, 180, (255, 255, 255), outline=False)
    elif style == 2:  # straight
        pen.line([(-w * 0.7, v), (w * 0.7, v)])
    elif style == 3:  # surprised
        pen.ellipse(0, v, w * 0.35, 0.09, (150, 30, 40))
    else:             # frown
        pen.arc(0, v + 0.1, w * 0.8, 0.12, 200, 340)
    if rng.random() < 0.3:
        pen.line([(-w * 0.5, v + 0.12), (w * 0.5, v + 0.12)], width=max(1, pen.width // 2), fill=darker(skin, 0.8))


def draw_nose(pen, rng, v, skin):
    style = rng.integers(4)
    if style == 0:
        pen.line([(0.02, v - 0.2), (-0.07, v), (0.06, v + 0.02)])
    elif style == 1:
        pen.ellipse(0, v, 0.07, 0.05, darker(skin, 0.7), outline=False)
    elif style == 2:
        pen.arc(0, v - 0.02, 0.1, 0.07, 20, 160)
    else:
        pen.polygon([(0, v - 0.18), (-0.09, v + 0.03), (0.09, v + 0.03)], darker(skin, 0.9))


def render(rng, width, height):
    scale = 2
    W, H = width * scale, height * scale
    background = jitter(rng, pick(rng, BACKGROUND), 8)
    image = Image.new("RGB", (W, H), background)
    draw = ImageDraw.Draw(image)
    ink = pick(rng, INK)
    stroke = int(rng.integers(2, 6)) * scale // 2 + 1

    # Where the head sits: the middle of the portrait, with a little jitter in place and size.
    hw = W * rng.uniform(0.24, 0.3)
    hh = hw * rng.uniform(1.05, 1.35)
    cx = W * (0.5 + rng.normal(0, 0.025))
    cy = H * (0.47 + rng.normal(0, 0.02))
    pen = Pen(draw, cx, cy, hw, hh, ink, stroke)

    skin = jitter(rng, pick(rng, SKIN))
    hair = jitter(rng, pick(rng, HAIR), 15)
    shirt = tuple(int(c) for c in rng.integers(0, 256, 3))
    style = rng.choice(["short", "long", "spiky", "bob", "bun", "mohawk", "afro", "bald"],
                       p=[0.22, 0.2, 0.12, 0.12, 0.08, 0.06, 0.1, 0.1])
    hat = rng.random() < 0.18 and style not in ("afro", "mohawk", "bun")

    draw_hair_back(pen, rng, style, hair)
    # Shoulders and neck.
    shoulders = rng.uniform(1.6, 2.2)
    pen.polygon([(-shoulders, 2.6), (-shoulders * 0.95, 1.55), (-0.6, 1.15), (0.6, 1.15), (shoulders * 0.95, 1.55),
                 (shoulders, 2.6)], shirt)
    if rng.random() < 0.5:
        pen.polygon([(-0.35, 1.15), (0, 1.6), (0.35, 1.15)], (255, 255, 255) if rng.random() < 0.5 else darker(shirt))
    pen.polygon([(-0.32, 0.6), (-0.34, 1.2), (0, 1.35), (0.34, 1.2), (0.32, 0.6)], darker(skin, 0.9))
    # Ears, then the head over them.
    for side in (-1, 1):
        pen.ellipse(side * 0.98, 0.05, 0.16, 0.22, skin)
    shape = rng.choice(["oval", "round", "square", "pointed", "pear"])
    outline = head_outline(rng, shape)
    pen.polygon(outline, skin)

    draw_hair_front(pen, rng, style, hair)
    if hat:
        draw_hat(pen, rng, tuple(int(c) for c in rng.integers(0, 256, 3)))

    # Features.
    spread, eye_v = rng.uniform(0.32, 0.45), rng.uniform(-0.15, 0.05)
    size = draw_eyes(pen, rng, spread, eye_v)
    brow_v = eye_v - size - rng.uniform(0.08, 0.16)
    brow_tilt = rng.normal(0, 0.05)
    brow_w = max(1, int(stroke * rng.uniform(0.8, 1.6)))
    if style != "bald" or rng.random() < 0.7:
        for side in (-1, 1):
            u = side * spread
            pen.line([(u - 0.16, brow_v + side * brow_tilt), (u + 0.16, brow_v - side * brow_tilt)], width=brow_w,
                     fill=darker(hair, 0.7) if rng.random() < 0.6 else ink)
    draw_nose(pen, rng, rng.uniform(0.22, 0.32), skin)
    mouth_v = rng.uniform(0.52, 0.66)
    if rng.random() < 0.3:
        for side in (-1, 1):
            pen.ellipse(side * 0.6, 0.38, 0.14, 0.09, jitter(rng, (240, 140, 140), 15), outline=False)
    if rng.random() < 0.15:
        for _ in range(int(rng.integers(4, 9))):
            pen.ellipse(rng.uniform(-0.7, 0.7), rng.uniform(0.25, 0.45), 0.025, 0.02, darker(skin, 0.6), outline=False)
    if rng.random() < 0.15:   # beard around the chin, the mouth drawn over it
        pen.polygon([(-0.95, 0.2), (-0.85, 0.75), (-0.4, 1.08), (0, 1.15), (0.4, 1.08), (0.85, 0.75), (0.95, 0.2),
                     (0.6, 0.5), (0, 0.42), (-0.6, 0.5)], hair)
    draw_mouth(pen, rng, mouth_v, skin)
    if rng.random() < 0.2:
        frame = pick(rng, INK + [(150, 30, 30), (30, 60, 150)])
        r = size * 1.6 + 0.05
        square = rng.random() < 0.5
        for side in (-1, 1):
            box = pen.box(side * spread, eye_v, r, r * 0.8)
            if square:
                draw.rectangle(box, outline=frame, width=stroke)
            else:
                draw.ellipse(box, outline=frame, width=stroke)
        pen.line([(-spread + r, eye_v), (spread - r, eye_v)], fill=frame)

    return image.resize((width, height), Image.LANCZOS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--height", type=int, default=192)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for i in range(args.count):
        render(rng, args.width, args.height).save(os.path.join(args.out, f"drawn_{i:05d}.png"), optimize=False)
    print(f"{args.count} drawn faces of {args.width}x{args.height} in {args.out}")


if __name__ == "__main__":
    main()
