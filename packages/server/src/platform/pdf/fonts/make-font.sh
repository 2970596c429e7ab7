#!/bin/sh
# Rebuilds NotoSansSC-Regular-CJK-BMP.otf, the font embedded in the situation-report PDF, from Debian's
# fonts-noto-cjk (Noto Sans CJK SC Regular, face 2 of NotoSansCJK-Regular.ttc) with fontTools' subsetter.
#
#   apt-get install -y fonts-noto-cjk python3-fonttools
#   sh packages/server/src/platform/pdf/fonts/make-font.sh
#
# Environment: TTC (the collection), PYTHON (a Python with fontTools; Debian's /usr/bin/python3 by default, since a
# pyenv python3 on PATH may lack it). The output is byte-for-byte the same for the same font and fontTools
# (4.38, Debian 12): the subsetter keeps the source's timestamps.
#
# What stays: the SC face's glyphs for the code points below, cmap, horizontal metrics, CFF outlines without hints,
# a visible .notdef box. What goes: OpenType layout (GSUB/GPOS/GDEF, BASE; pdfkit lays CJK out glyph by glyph and
# the Latin of a report needs no kerning), vertical metrics (vhea/vmtx/VORG), hinting and glyph names.
set -eu

TTC=${TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=$(dirname "$0")/NotoSansSC-Regular-CJK-BMP.otf

# The face must be the Simplified Chinese one: the collection's faces share code points but draw some
# characters differently (JP, KR, TC, HK).
FACE=$("$PYTHON" - "$TTC" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection(sys.argv[1], lazy=True).fonts):
    if f['name'].getDebugName(4) == 'Noto Sans CJK SC':
        print(i)
        break
else:
    sys.exit('no "Noto Sans CJK SC" face in ' + sys.argv[1])
EOF
)

# Code points (the font has a glyph for almost all of them; those it lacks are skipped).
UNICODES=$(tr -d ' \n' <<'EOF'
U+0020-007E,U+00A0-00FF,
U+0100-017F,U+01CD-01DC,U+02C7,U+02C9-02CB,U+02D9,
U+0370-03FF,
U+2000-206F,U+20AC,
U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,
U+2460-24FF,U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2700-27BF,
U+2E80-2EFF,U+2F00-2FDF,U+2FF0-2FFF,
U+3000-303F,U+3040-30FF,U+3100-312F,U+31A0-31BF,U+31C0-31EF,
U+3200-32FF,U+3300-33FF,
U+3400-4DBF,
U+4E00-9FFF,
U+F900-FAFF,
U+FE10-FE1F,U+FE30-FE4F,U+FE50-FE6F,
U+FF00-FFEF,U+FFFD
EOF
)

"$PYTHON" -m fontTools.subset "$TTC" \
  --font-number="$FACE" \
  --unicodes="$UNICODES" \
  --layout-features='' \
  --drop-tables+=GSUB,GPOS,GDEF,BASE,VORG,vhea,vmtx,DSIG \
  --no-hinting \
  --desubroutinize \
  --no-glyph-names \
  --name-IDs='*' --name-languages='*' \
  --notdef-glyph --notdef-outline \
  --output-file="$OUT"

"$PYTHON" - "$OUT" <<'EOF'
import os, sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
cmap = f.getBestCmap()
count = lambda a, b: sum(1 for c in cmap if a <= c <= b)
print(f'{sys.argv[1]}: {os.path.getsize(sys.argv[1]):,} bytes, {len(f.getGlyphOrder()):,} glyphs, '
      f'{len(cmap):,} code points (U+4E00-9FFF: {count(0x4E00, 0x9FFF):,}, U+3400-4DBF: {count(0x3400, 0x4DBF):,})')
EOF
