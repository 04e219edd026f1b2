#!/usr/bin/env python3
# count-tests.py — prints "N passed, N failed[, N skipped]" from meson's testlog.json.
# Each g_test case counts (TAP lines in each test's output); a test program that crashed,
# timed out or printed no TAP plan counts as one failure of its own.
import json
import re
import sys

passed = failed = skipped = 0
ok_re = re.compile(r'^(not ok|ok)\b(.*)$')

with open(sys.argv[1], encoding='utf-8') as log:
    for line in log:
        entry = json.loads(line)
        cases_ok = cases_failed = cases_skipped = 0
        for out in (entry.get('stdout') or '').splitlines():
            m = ok_re.match(out.strip())
            if not m:
                continue
            directive = m.group(2)
            if re.search(r'#\s*skip', directive, re.IGNORECASE):
                cases_skipped += 1
            elif m.group(1) == 'ok' or re.search(r'#\s*todo', directive, re.IGNORECASE):
                cases_ok += 1
            else:
                cases_failed += 1
        result = entry.get('result')
        if cases_ok + cases_failed + cases_skipped == 0:
            # Not a TAP test (or it died before printing): count the program itself.
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
            continue
        passed += cases_ok
        skipped += cases_skipped
        failed += cases_failed
        if result not in ('OK', 'EXPECTEDFAIL', 'SKIP') and cases_failed == 0:
            failed += 1  # crashed or timed out after its last case

print(f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else ''))
sys.exit(1 if failed else 0)
