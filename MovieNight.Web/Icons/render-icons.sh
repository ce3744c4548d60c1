#!/bin/sh
# Renders the app icons in wwwroot from the two SVGs here with Debian's Chromium (no image library,
# no build step). Run it after changing an SVG and commit the results:  sh MovieNight.Web/Icons/render-icons.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../wwwroot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# render SOURCE SIZE TARGET: the SVG at SIZE×SIZE pixels, transparent where the SVG draws nothing.
render() {
  sed "1s/width=\"512\" height=\"512\"/width=\"$2\" height=\"$2\"/" "$here/$1" > "$work/icon.svg"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$2,$2" --screenshot="$3" "file://$work/icon.svg" >/dev/null 2>&1
}

mkdir -p "$out/icons"
render icon.svg 192 "$out/icons/icon-192.png"
render icon.svg 512 "$out/icons/icon-512.png"
render icon-maskable.svg 512 "$out/icons/icon-maskable-512.png"
# iOS rounds the corners itself and shows transparency as black: the full-bleed square.
render icon-maskable.svg 180 "$out/icons/apple-touch-icon.png"
render icon.svg 32 "$work/favicon-32.png"
cp "$here/icon.svg" "$out/favicon.svg"

# favicon.ico for browsers that ask for /favicon.ico: one 32×32 PNG in an ICO wrapper
# (6-byte header, one 16-byte directory entry, then the PNG; sizes little-endian).
size=$(wc -c < "$work/favicon-32.png")
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
{
  printf '\000\000\001\000\001\000'
  printf '\040\040\000\000\001\000\040\000'
  le32 "$size"
  le32 22
  cat "$work/favicon-32.png"
} > "$out/favicon.ico"
echo "Icons written to $out"
