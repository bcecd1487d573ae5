#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Run fuzz_decode for a bounded number of executions, seeded from every
# pcap in pcap-samples/ (one seed per packet) and from tests/fuzz/regressions/.
# Exits non-zero if any input crashes or breaks an invariant; the input is
# then left in BUILD_DIR/fuzz-artifacts/ (copy it into regressions/ and add
# a unit test).
#
# usage: run_fuzz.sh BUILD_DIR [RUNS]     (RUNS default 200000)
# BUILD_DIR is a clang build with -Dfuzz=true:
#   CC=clang meson setup build-fuzz -Dfuzz=true && ninja -C build-fuzz
# Extra libFuzzer flags can be passed in FUZZ_FLAGS (e.g. "-jobs=2").
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 BUILD_DIR [RUNS]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
runs=${2:-200000}
case $runs in
''|*[!0-9]*) echo "run_fuzz.sh: RUNS must be a number of executions, got '$runs'" >&2
	exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fuzzer=$build/tests/fuzz/fuzz_decode
if [ ! -x "$fuzzer" ]; then
	echo "run_fuzz.sh: no $fuzzer: configure with CC=clang -Dfuzz=true and build" >&2
	exit 2
fi

# The seeds are rebuilt each run; what the fuzzer finds grows in corpus/.
seeds=$build/fuzz-seeds
corpus=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
set -- "$root"/pcap-samples/*.pcap "$root"/pcap-samples/*.pcapng
pcaps=
for f in "$@"; do
	[ -f "$f" ] && pcaps="$pcaps $f"
done
if [ -n "$pcaps" ]; then
	# shellcheck disable=SC2086 # one argument per pcap
	python3 "$here/pcap_to_corpus.py" "$seeds" $pcaps
else
	echo "run_fuzz.sh: no pcap in pcap-samples/, starting from regressions only" >&2
fi

# Every known crasher first, one execution each: a regression fails fast.
if [ -n "$(ls -A "$here/regressions" 2>/dev/null)" ]; then
	"$fuzzer" -artifact_prefix="$artifacts/" "$here"/regressions/*
	cp "$here"/regressions/* "$seeds/"
fi

# shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
exec "$fuzzer" -runs="$runs" -max_len=9300 -use_value_profile=1 \
	-artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-} \
	"$corpus" "$seeds"
