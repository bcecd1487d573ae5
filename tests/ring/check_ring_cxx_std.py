#!/usr/bin/env python3
"""spsc_ring.h must compile as C++ at every standard ring/README.md claims,
without a warning at -Wpedantic -Wconversion: the C++ test's source, which
calls everything the header offers, checked (syntax only) at each standard.
The header alone, with a typed ring declared, must also pass
-Wold-style-cast (its functions are inline, none a template, so that checks
all of its code), which strict C++ code bases build with; the test's own
casts are its business.

usage: check_ring_cxx_std.py SOURCE_ROOT CXX"""
import pathlib
import subprocess
import sys

STANDARDS = ["c++11", "c++14", "c++17", "c++20"]

root = pathlib.Path(sys.argv[1])
cxx = sys.argv[2]
flags = ["-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion",
         "-Wsign-conversion", "-Werror",
         "-I", str(root / "ring"), "-I", str(root / "tests" / "ring"),
         str(root / "tests" / "ring" / "test_ring_cxx.cpp")]
header_only = ["-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Wold-style-cast",
               "-Werror", "-x", "c++", "-I", str(root / "ring"), "-"]
failed = 0
for std in STANDARDS:
    for what, args, src in (("test source", flags, None),
                            ("header, -Wold-style-cast", header_only,
                             '#include "spsc_ring.h"\n'
                             "struct frame { int x[3]; };\n"
                             "SPSC_RING_DECLARE(frame_ring, struct frame)\n")):
        run = subprocess.run([cxx, "-std=" + std] + args, input=src, capture_output=True,
                             text=True)
        print(f"{cxx} -std={std} ({what}): {'ok' if run.returncode == 0 else 'FAILED'}")
        if run.returncode != 0:
            print(run.stderr)
            failed += 1
sys.exit(1 if failed else 0)
