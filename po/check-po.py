#!/usr/bin/env python3
# check-po.py — keeps the translations honest: POTFILES.in lists every file with translatable strings,
# and every language in LINGUAS translates every string the sources have today.
#
# Copyright 2026 The CustomerConnects Calendar authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-po.py potfiles SOURCE_ROOT   # a file with _(…), ngettext, translatable="yes", … missing from POTFILES.in
#   check-po.py complete SOURCE_ROOT   # a language with an untranslated or fuzzy message, or one msgfmt rejects
#
# Exit 0 passes, 1 fails (listing what to fix), 77 skips (the gettext tools are not installed).

import os
import re
import shutil
import subprocess
import sys
import tempfile

# Only these folders hold what a person sees; tests, benchmarks and build-aux print for developers.
SCANNED_DIRS = ('src', 'data')

# A call that marks a string literal (not the macro's definition, not an identifier ending in "_").
C_MARKER = re.compile(r'(?<![\w])(?:_|N_|C_|NC_|Q_|ngettext|gettext|dgettext|dngettext|g_dgettext|g_dngettext|'
                      r'g_dpgettext|g_dpgettext2|g_dcgettext)\s*\(\s*"')
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
DESKTOP_MARKER = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)=', re.MULTILINE)
XML_MARKER = re.compile(r'<(?:name|summary|description|p|li|caption)\b')

# Same keywords and flags as meson's i18n "glib" preset, so the check sees what `…-pot` extracts.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments=Translators',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format', '--flag=g_markup_printf_escaped:1:c-format',
]


def has_translatable_strings(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return C_MARKER.search(text) is not None
    if name.endswith('.ui'):
        return UI_MARKER.search(text) is not None
    if name.endswith('.desktop.in'):
        return DESKTOP_MARKER.search(text) is not None
    if name.endswith(('.metainfo.xml.in', '.appdata.xml.in', '.gschema.xml')):
        return XML_MARKER.search(text) is not None
    return False


def read_potfiles(po_dir):
    entries = []
    with open(os.path.join(po_dir, 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # "[encoding: UTF-8]" and "[type: gettext/glade] file.ui" prefixes name a file all the same.
            line = re.sub(r'^\[[^]]*\]\s*', '', line)
            if line:
                entries.append(line)
    return entries


def check_potfiles(root):
    listed = read_potfiles(os.path.join(root, 'po'))
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for filename in sorted(filenames):
                path = os.path.join(dirpath, filename)
                if has_translatable_strings(path):
                    found.append(os.path.relpath(path, root).replace(os.sep, '/'))

    problems = []
    for path in sorted(set(found) - set(listed)):
        problems.append(f'{path} has translatable strings but is not in po/POTFILES.in')
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f'po/POTFILES.in lists {path}, which does not exist')
        elif path not in found:
            problems.append(f'po/POTFILES.in lists {path}, which has no translatable strings')
    duplicates = sorted({path for path in listed if listed.count(path) > 1})
    for path in duplicates:
        problems.append(f'po/POTFILES.in lists {path} more than once')
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted (sort it with `LC_ALL=C sort`)')

    for problem in problems:
        print(problem)
    print(f'{len(listed)} files listed, {len(found)} files with translatable strings found')
    return 1 if problems else 0


def read_linguas(po_dir):
    languages = []
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            languages.extend(line.split())
    return languages


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def parse_statistics(text):
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', text):
        counts[kind] = int(number)
    return counts


def check_complete(root):
    tools = {name: shutil.which(name) for name in ('xgettext', 'msgmerge', 'msgfmt', 'msgattrib')}
    if None in tools.values():
        print('skipped: the gettext tools (xgettext, msgmerge, msgfmt, msgattrib) are not installed')
        return 77

    po_dir = os.path.join(root, 'po')
    languages = read_linguas(po_dir)
    if not languages:
        print('po/LINGUAS lists no language')
        return 1

    failed = False
    # LC_ALL=C: the statistics line is parsed, so it must be in English whatever the developer's locale.
    env = dict(os.environ, LC_ALL='C', LANGUAGE='')
    with tempfile.TemporaryDirectory(prefix='ccal-po-') as tmp:
        # A template from today's sources, so a new string that no .po has yet counts as untranslated.
        pot = os.path.join(tmp, 'template.pot')
        result = run([tools['xgettext'], *XGETTEXT_ARGS, '--package-name=customerconnects-calendar',
                      f'--directory={root}', f'--files-from={os.path.join(po_dir, "POTFILES.in")}',
                      f'--output={pot}'], env=env)
        if result.returncode != 0:
            print(f'xgettext failed:\n{result.stderr}')
            return 1

        for lang in languages:
            po = os.path.join(po_dir, f'{lang}.po')
            if not os.path.isfile(po):
                print(f'{lang}: po/LINGUAS lists it but po/{lang}.po does not exist')
                failed = True
                continue

            result = run([tools['msgfmt'], '--check', '--statistics', '--output-file=/dev/null', po], env=env)
            if result.returncode != 0:
                print(f'{lang}: msgfmt --check rejects po/{lang}.po:\n{result.stderr}')
                failed = True
                continue

            merged = os.path.join(tmp, f'{lang}.po')
            result = run([tools['msgmerge'], '--quiet', f'--output-file={merged}', po, pot], env=env)
            if result.returncode != 0:
                print(f'{lang}: msgmerge failed:\n{result.stderr}')
                failed = True
                continue
            result = run([tools['msgfmt'], '--check', '--statistics', '--output-file=/dev/null', merged], env=env)
            counts = parse_statistics(result.stderr)
            print(f'{lang}: {counts["translated"]} translated, {counts["fuzzy"]} fuzzy, '
                  f'{counts["untranslated"]} untranslated (against the current sources)')
            if result.returncode != 0:
                print(f'{lang}: msgfmt --check rejects the merged catalog:\n{result.stderr}')
                failed = True
            if counts['fuzzy'] or counts['untranslated'] or not counts['translated']:
                failed = True
                for option, what in (('--untranslated', 'untranslated'), ('--only-fuzzy', 'fuzzy')):
                    listing = run([tools['msgattrib'], option, '--no-obsolete', '--no-wrap', merged], env=env)
                    ids = [m for m in re.findall(r'^msgid "(.*)"$', listing.stdout, re.MULTILINE) if m]
                    for msgid in ids:
                        print(f'  {what}: "{msgid}"')
                print(f'{lang}: run `ninja -C BUILDDIR customerconnects-calendar-update-po` and translate '
                      f'what is listed in po/{lang}.po')
    return 1 if failed else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('potfiles', 'complete'):
        print('usage: check-po.py potfiles|complete SOURCE_ROOT', file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[2])
    return check_potfiles(root) if sys.argv[1] == 'potfiles' else check_complete(root)


if __name__ == '__main__':
    sys.exit(main())
