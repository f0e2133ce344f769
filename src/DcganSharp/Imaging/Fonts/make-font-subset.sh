#!/usr/bin/env bash
# Rebuilds DejaVuSans-subset.ttf, the font embedded for figure and plot labels, from Debian's
# fonts-dejavu-core. A subset (ASCII, Latin-1, Greek, a few math signs) keeps the assembly small;
# the Bitstream Vera / DejaVu licence (LICENSE-DejaVu.txt) allows this and redistribution.
# Needs: apt-get install fonts-dejavu-core python3-fonttools
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="U+0020-007E,U+00A0-00FF,U+0391-03C9,U+2010-2027,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265,U+221E" \
  --layout-features='kern,liga' --no-hinting --desubroutinize --output-file=DejaVuSans-subset.ttf
cp /usr/share/doc/fonts-dejavu-core/copyright LICENSE-DejaVu.txt
