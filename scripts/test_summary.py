#!/usr/bin/env python3
"""Add up meson's test logs into the one line CI reads: "N passed, N failed".

A test passes only if meson says OK (or an expected failure failed). A
skipped test is reported as skipped, never as passed; a build directory that
did not build counts as one failure."""
import argparse
import json
import pathlib
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--broken", default="", help="build dirs that failed to build")
ap.add_argument("dirs", nargs="*")
args = ap.parse_args()

root = pathlib.Path(__file__).resolve().parent.parent
passed = failed = skipped = 0
for d in args.dirs:
    log = root / d / "meson-logs" / "testlog.json"
    if not log.exists():
        print(f"{d}: no test log", file=sys.stderr)
        failed += 1
        continue
    for line in log.read_text().splitlines():
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
failed += len(args.broken.split())
# Skips get their own line: the last one is exactly "N passed, N failed".
if skipped:
    print(f"{skipped} skipped (neither passed nor failed; see the SKIP lines above)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
