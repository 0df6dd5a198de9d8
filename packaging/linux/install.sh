#!/usr/bin/env bash
# Install the built bundle for one user (or under PREFIX) so it shows in the desktop menu:
#
#   packaging/linux/install.sh                 # into ~/.local
#   PREFIX=/opt/local packaging/linux/install.sh
#   packaging/linux/install.sh --uninstall
#
# Puts the bundle in PREFIX/lib/media-bias-annotator, a link PREFIX/bin/annotator, the .desktop
# file (Exec pointing at the bundle), the icons in the hicolor theme and the AppStream metainfo.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
APP_ID=io.github.mediabiasannotator.Annotator
NAME=media-bias-annotator
BUNDLE="${BUNDLE:-$root/dist/$NAME}"

share="$PREFIX/share"
targets=(
  "$PREFIX/lib/$NAME"
  "$PREFIX/bin/annotator"
  "$share/applications/$APP_ID.desktop"
  "$share/metainfo/$APP_ID.metainfo.xml"
  "$share/icons/hicolor/scalable/apps/$NAME.svg"
)
for size in 16 24 32 48 64 128 256 512; do
  targets+=("$share/icons/hicolor/${size}x${size}/apps/$NAME.png")
done

refresh() {  # an icon cache that exists must list the icon; none is created
  if [ -f "$share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "${targets[@]}"
  refresh
  echo "removed $NAME from $PREFIX"
  exit 0
fi

[ -x "$BUNDLE/annotator" ] || { echo "no bundle at $BUNDLE: run packaging/build.sh first" >&2; exit 1; }
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$share/applications" "$share/metainfo" \
  "$share/icons/hicolor/scalable/apps"
rm -rf "$PREFIX/lib/$NAME"
cp -a "$BUNDLE" "$PREFIX/lib/$NAME"
ln -sfn "$PREFIX/lib/$NAME/annotator" "$PREFIX/bin/annotator"
sed "s|^Exec=annotator|Exec=$PREFIX/lib/$NAME/annotator|" "$here/$APP_ID.desktop" \
  > "$share/applications/$APP_ID.desktop"
cp "$here/$APP_ID.metainfo.xml" "$share/metainfo/"
cp "$root/resources/icons/$NAME.svg" "$share/icons/hicolor/scalable/apps/$NAME.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$root/resources/icons/$NAME-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
refresh
echo "installed $NAME in $PREFIX ($(du -sh "$PREFIX/lib/$NAME" | cut -f1)); menu entry: $APP_ID.desktop"
