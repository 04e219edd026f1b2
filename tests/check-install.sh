#!/usr/bin/env bash
# check-install.sh — `meson install` into a temporary prefix gives a launchable app: the files are
# where a desktop looks for them, and the installed binary starts, opens its window and quits
# cleanly when asked over D-Bus (the way GNOME Shell would activate it).
#
#   check-install.sh BUILD_DIR APP_ID
set -euo pipefail

build_dir=$1
app_id=$2
object_path=/$(tr . / <<<"$app_id")

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "no display or session bus: run through build-aux/run-tests"
  [ "${CCAL_TEST_STRICT:-}" = 1 ] && exit 1
  exit 77
fi

work=$(mktemp -d /tmp/ccal-install-test.XXXXXX)
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

meson install -C "$build_dir" --destdir "$work/root" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$build_dir" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$work/root$prefix"

for file in \
    bin/customerconnects-calendar \
    bin/customerconnects-calendar-server \
    "share/applications/$app_id.desktop" \
    "share/metainfo/$app_id.metainfo.xml" \
    "share/glib-2.0/schemas/$app_id.gschema.xml" \
    "share/icons/hicolor/scalable/apps/$app_id.svg" \
    "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
  [ -e "$root/$file" ] || { echo "not installed: $file"; exit 1; }
done
grep -q "^Exec=customerconnects-calendar" "$root/share/applications/$app_id.desktop" \
  || { echo "the desktop file does not start the installed binary"; exit 1; }

# What gnome.post_install does on a real system, here in the private prefix.
glib-compile-schemas "$root/share/glib-2.0/schemas"

mkdir -p "$work/home"/{data,config,cache}
env GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas" \
    XDG_DATA_DIRS="$root/share:/usr/share" \
    XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache" \
    GSETTINGS_BACKEND=memory \
    "$root/bin/customerconnects-calendar" --local > "$work/app.log" 2>&1 &
app_pid=$!

# The application registers on the bus and exports each window's actions under …/window/N.
for _ in $(seq 200); do
  if gdbus introspect --session --dest "$app_id" --object-path "$object_path/window/1" 2>/dev/null \
       | grep -q "org.gtk.Actions"; then
    break
  fi
  kill -0 "$app_pid" 2>/dev/null || { echo "the installed app exited:"; cat "$work/app.log"; exit 1; }
  sleep 0.1
done
gdbus introspect --session --dest "$app_id" --object-path "$object_path/window/1" 2>/dev/null \
  | grep -q "org.gtk.Actions" || { echo "no window after 20 s:"; cat "$work/app.log"; exit 1; }

gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
status=0
wait "$app_pid" || status=$?
app_pid=""
if [ "$status" -ne 0 ]; then
  echo "the installed app exited with $status:"; cat "$work/app.log"; exit 1
fi
echo "installed into $prefix, started, opened a window and quit cleanly"
