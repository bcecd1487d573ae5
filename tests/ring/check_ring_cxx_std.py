#!/usr/bin/env python3
"""spsc_ring.h must compile as C++ at every standard ring/README.md claims,
without a warning at -Wpedantic -Wconversion: the C++ test's source, which
calls everything the header offers, checked (syntax only) at each standard.

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
failed = 0
for std in STANDARDS:
    run = subprocess.run([cxx, "-std=" + std] + flags, capture_output=True, text=True)
    print(f"{cxx} -std={std}: {'ok' if run.returncode == 0 else 'FAILED'}")
    if run.returncode != 0:
        print(run.stderr)
        failed += 1
sys.exit(1 if failed else 0)
