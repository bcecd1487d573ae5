#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Every benchmark, one command: install what is missing and build (setup.sh),
# then
#   1. ring_bench: spsc_ring against rte_ring SP/SC and MP/MC, ring alone,
#      two lcores (throughput grid, single core, round trip), + JSON + plots
#   2. pipeline_bench: the whole burstpipe pipeline with either ring
#   3. decode_bench: decoder instructions per packet against
#      rte_net_get_ptype (callgrind)
#   4. targets: each of issue 5's targets, its figure, met or NOT met
# Everything lands in OUT (default bench-out/): each step's tables in
# NAME.txt (also printed) and its stderr in NAME.log, ring_bench.json,
# pipeline_bench.json, the gnuplot data and ring-throughput.png,
# ring-latency.png, and every pipeline run's own JSON in pipeline-runs/.
# About 7 minutes on a 2-vCPU VM; --quick about 1 minute.
#
# --build-dir DIR builds into DIR (meson setup + ninja) instead of running
# setup.sh, which builds build/: for a tree where build/ is in use; the
# packages must then be installed already.
#
# usage: scripts/bench.sh [--quick] [--out DIR] [--build-dir DIR]
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench-out
BUILD=""
QUICK=0
usage() {
	echo "usage: $0 [--quick] [--out DIR] [--build-dir DIR]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) QUICK=1 ;;
	--out) [ $# -ge 2 ] || usage; OUT=$2; shift ;;
	--build-dir) [ $# -ge 2 ] || usage; BUILD=$2; shift ;;
	*) usage ;;
	esac
	shift
done

if [ -z "$BUILD" ]; then
	"$ROOT/scripts/setup.sh" || exit 1
	BUILD=$ROOT/build
else
	for c in meson ninja gnuplot valgrind python3 pkg-config; do
		command -v $c >/dev/null || { echo "$0: $c is missing: run scripts/setup.sh" >&2; exit 1; }
	done
	if [ ! -f "$BUILD/build.ninja" ]; then
		meson setup "$BUILD" "$ROOT" >/dev/null || exit 1
	fi
	ninja -C "$BUILD" >/dev/null || exit 1
	BUILD=$(cd "$BUILD" && pwd)
	echo "bench.sh: built $BUILD"
fi
mkdir -p "$OUT" || exit 1
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT/pipeline-runs"	# runs of an earlier invocation
failed=""

# step NAME COMMAND...: run it, show and keep its output in OUT/NAME.txt
# (stderr, EAL chatter included, in OUT/NAME.log), remember a failure.
step() {
	name=$1
	shift
	echo
	echo "== $name"
	echo "\$ $*" | sed "s|$ROOT/||g"
	{ "$@" 2>"$OUT/$name.log"; echo $? >"$OUT/.rc"; } | tee "$OUT/$name.txt"
	if [ "$(cat "$OUT/.rc")" != 0 ]; then
		echo "$name: failed (exit status $(cat "$OUT/.rc")); last lines of $OUT/$name.log:"
		tail -15 "$OUT/$name.log"
		failed="$failed $name"
	fi
	rm -f "$OUT/.rc"
}

machine() {
	echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
	# GIT_OPTIONAL_LOCKS=0: status must not write the index (read-only).
	echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
		[ -n "$(GIT_OPTIONAL_LOCKS=0 git -C "$ROOT" status --porcelain --untracked-files=no \
			2>/dev/null)" ] && echo ' + uncommitted changes')"
	echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
		"$(nproc) CPUs online$(grep -q hypervisor /proc/cpuinfo && echo ', under a hypervisor')"
	echo "memory:   $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel:   $(uname -sr)"
	echo "os:       $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "dpdk:     $(pkg-config --modversion libdpdk)"
	echo "compiler: $(cc --version | head -1), meson buildtype $(meson introspect --buildoptions \
		"$BUILD" | python3 -c 'import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')"
	echo "mode:     $([ "$QUICK" = 1 ] && echo quick || echo full)"
	echo "load:     $(cut -d" " -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
}

# The EAL as the benchmarks use it: no hugepages, two lcores, a private
# runtime directory.
eal() {
	echo "--no-huge -m 512 --no-pci -l 0-1 --no-shconf --file-prefix $1" \
		"--log-level=lib.telemetry:error"
}

step machine machine

if [ "$QUICK" = 1 ]; then
	RING_ARGS="--quick --rounds 4"	# one round per code layout
	PIPE_ARGS="--quick"
else
	RING_ARGS=""
	# More, shorter rounds: the host's speed swings, a round's two runs
	# are adjacent in time, and the median of many rounds is what counts.
	PIPE_ARGS="--rounds 11 --duration 2"
fi

# shellcheck disable=SC2046,SC2086
step ring_bench "$BUILD/tests/bench/ring_bench" $(eal "bench_ring$$") -- $RING_ARGS \
	--json "$OUT/ring_bench.json" --dat-dir "$OUT"
rm -rf "/var/run/dpdk/bench_ring$$"

step plots "$ROOT/tests/bench/plot_ring_bench.sh" "$OUT" "$OUT"

# shellcheck disable=SC2086
step pipeline_bench python3 "$ROOT/tests/bench/pipeline_bench.py" --binary "$BUILD/app/burstpipe" \
	$PIPE_ARGS --json "$OUT/pipeline_bench.json" --runs-dir "$OUT/pipeline-runs"

step decode_bench env DECODE_BENCH="$BUILD/tests/decode/decode_bench" \
	"$ROOT/tests/decode/decode_bench.sh"

# Last: every target of issue 5 against the figures above, met or NOT met.
step targets python3 "$ROOT/tests/bench/targets.py" "$OUT"

echo
echo "== results in ${OUT#"$ROOT"/}/"
(cd "$OUT" && ls -1 ./*.txt ./*.json ./*.dat ./*.png 2>/dev/null | sed 's|^\./|  |')
if [ -n "$failed" ]; then
	echo "bench.sh: failed:$failed"
	exit 1
fi
