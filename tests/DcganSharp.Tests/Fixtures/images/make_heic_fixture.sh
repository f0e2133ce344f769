#!/usr/bin/env bash
# Makes, with Debian's libheif, for MagickFormatsTests (Magick.NET reads HEIC but cannot write it):
#  gradient.heic: a HEIC as phones write it (HEVC in a HEIF container), 40x30;
#  exif-rotated.heic: 40x24, left red, right blue, carrying an EXIF orientation of 6 (turn
#  clockwise) but no HEIF rotation. In HEIF the EXIF tag is only descriptive (the container's
#  own transforms rotate), so it must be shown as stored.
# Needs: apt-get install libheif-examples python3-pil
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/python3 - <<'PY'
from PIL import Image
# 40x30, red grows to the right, green downwards, blue 128 (ImageFixtures.Gradient).
w, h = 40, 30
image = Image.new('RGB', (w, h))
image.putdata([(255 * x // (w - 1), 255 * y // (h - 1), 128) for y in range(h) for x in range(w)])
image.save('/tmp/gradient.png')
halves = Image.new('RGB', (40, 24), (255, 0, 0))
halves.paste((0, 0, 255), (20, 0, 40, 24))
exif = Image.Exif()
exif[0x0112] = 6
halves.save('/tmp/exif-rotated.jpg', exif=exif.tobytes(), quality=95)
PY
heif-enc --quality 95 --output gradient.heic /tmp/gradient.png
heif-enc --quality 95 --output exif-rotated.heic /tmp/exif-rotated.jpg
rm /tmp/gradient.png /tmp/exif-rotated.jpg
