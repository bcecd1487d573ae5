#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""samples_deterministic: does gen_samples reproduce the committed samples byte for byte?

usage: check_deterministic.py GEN_SAMPLES SAMPLES_DIR
"""

import os
import subprocess
import sys
import tempfile


def generated_files(directory):
    return sorted(f for f in os.listdir(directory)
                  if f.endswith(".pcap") or f.endswith(".expected.json"))


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    gen, committed = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory(prefix="gen_samples.") as tmp:
        res = subprocess.run([gen, tmp], capture_output=True, text=True, check=False)
        if res.returncode != 0:
            print(f"FAIL {gen} {tmp} exited {res.returncode}: {res.stderr.strip()}",
                  file=sys.stderr)
            return 1
        fresh, old = generated_files(tmp), generated_files(committed)
        for f in sorted(set(fresh) - set(old)):
            failures.append(f"{f}: generated but not in {committed}")
        for f in sorted(set(old) - set(fresh)):
            failures.append(f"{f}: in {committed} but no longer generated")
        for f in sorted(set(fresh) & set(old)):
            with open(os.path.join(tmp, f), "rb") as a, open(os.path.join(committed, f), "rb") as b:
                x, y = a.read(), b.read()
            if x != y:
                failures.append(f"{f}: differs from the committed file at byte "
                                f"{first_difference(x, y)} (sizes {len(x)} and {len(y)})")
            else:
                print(f"ok   {f}")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    if failures:
        print(f"Regenerate with: {gen} {committed}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
