#!/usr/bin/env bash
# Render the app icon's PNG sizes from its SVG (resources/icons/media-bias-annotator.svg).
# Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" media-bias-annotator.svg -o "media-bias-annotator-$size.png"
done
ls -l media-bias-annotator*
