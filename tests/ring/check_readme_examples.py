#!/usr/bin/env python3
"""The ring's README must show the examples exactly as they are built and
tested: every ring/examples/*.c appears verbatim in ring/README.md."""
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
readme = (root / "ring" / "README.md").read_text()
examples = sorted((root / "ring" / "examples").glob("*.c"))
failed = 0
if not examples:
    print("no examples found under ring/examples")
    failed += 1
for ex in examples:
    if ex.read_text() in readme:
        print(f"{ex.name}: in README ok")
    else:
        print(f"{ex.name}: NOT in ring/README.md verbatim (update the README)")
        failed += 1
sys.exit(1 if failed else 0)
