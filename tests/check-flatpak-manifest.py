#!/usr/bin/env python3
# check-flatpak-manifest.py — keeps org.customerconnects.Calendar.json from rotting: it cannot be
# built on the project's machines (no flatpak-builder, no network), so this checks what can be
# checked against the meson project it packages.
#
#   check-flatpak-manifest.py MANIFEST MESON_OPTIONS_TXT APP_ID EXECUTABLE
import json
import re
import sys

manifest_path, options_path, app_id, executable = sys.argv[1:5]
problems = []

with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

# Our meson options, so config-opts can only name ones that exist.
with open(options_path, encoding='utf-8') as f:
    meson_options = set(re.findall(r"option\(\s*'([^']+)'", f.read()))

if manifest.get('id') != app_id:
    problems.append(f'id is {manifest.get("id")!r}, the app id is {app_id!r}')
if manifest.get('command') != executable:
    problems.append(f'command is {manifest.get("command")!r}, meson installs {executable!r}')
if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
    problems.append('the runtime must be the GNOME platform and SDK')
# GNOME 43 is the runtime whose GTK (4.8) and libadwaita (1.2) match what the code targets.
if manifest.get('runtime-version') != '43':
    problems.append(f'runtime-version {manifest.get("runtime-version")!r}: the code targets GNOME 43 (GTK 4.8, libadwaita 1.2)')

# Only what the app needs: network, a display (Wayland, X11 as fallback), GPU, and the keyring.
allowed = {
    '--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
    '--talk-name=org.freedesktop.secrets',
}
finish_args = manifest.get('finish-args', [])
for arg in finish_args:
    if arg not in allowed:
        problems.append(f'finish-arg {arg} is not one the app needs (no home or host file access)')
for needed in ('--share=network', '--socket=wayland', '--socket=fallback-x11'):
    if needed not in finish_args:
        problems.append(f'finish-arg {needed} is missing')

# Modules: what the GNOME 43 runtime lacks (libical with its GLib bindings), then the app itself.
modules = manifest.get('modules', [])
names = [m.get('name') if isinstance(m, dict) else m for m in modules]
if names != ['libical', 'customerconnects-calendar']:
    problems.append(f'modules are {names}, expected libical then customerconnects-calendar')
for module in modules:
    if not isinstance(module, dict):
        continue
    for source in module.get('sources', []):
        if source.get('type') in ('archive', 'file') and not re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')):
            problems.append(f'{module["name"]}: source {source.get("url")} has no sha256')
        if source.get('type') == 'git' and not source.get('commit') and not source.get('tag'):
            problems.append(f'{module["name"]}: git source without a commit or tag')
if modules and isinstance(modules[0], dict):
    opts = ' '.join(modules[0].get('config-opts', []))
    if '-DICAL_GLIB=true' not in opts:
        problems.append('libical must be built with its GLib bindings (-DICAL_GLIB=true)')
if modules and isinstance(modules[-1], dict):
    app = modules[-1]
    if app.get('buildsystem') != 'meson':
        problems.append('the app module must build with meson')
    for opt in app.get('config-opts', []):
        m = re.fullmatch(r'-D([A-Za-z0-9_.-]+)=.*', opt)
        if not m:
            problems.append(f'app config-opt {opt!r} is not a -Doption=value')
        elif m.group(1) not in meson_options and '.' not in m.group(1) and m.group(1) not in ('buildtype', 'prefix', 'libdir'):
            problems.append(f'app config-opt {opt!r} names no option of meson_options.txt')

for problem in problems:
    print(f'not ok: {problem}')
print('manifest checked' if not problems else f'{len(problems)} problem(s)')
sys.exit(1 if problems else 0)
