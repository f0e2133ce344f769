#!/usr/bin/env bash
# Makes gradient.heic (a HEIC as phones write it: HEVC in a HEIF container) with Debian's libheif,
# for MagickFormatsTests; Magick.NET reads HEIC but cannot write it.
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
PY
heif-enc --quality 95 --output gradient.heic /tmp/gradient.png
rm /tmp/gradient.png
