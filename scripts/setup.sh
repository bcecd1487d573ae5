#!/bin/sh
# Install what burstpipe needs on Debian 12 (as root; nothing is installed
# when everything is already there) and build it into build/.
# Sourced by demo.sh, test.sh and bench.sh; runnable on its own.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# libclang-rt-dev: clang's sanitizer and libFuzzer runtimes (the fuzz
# build), only a recommendation of clang's, which --no-install-recommends
# leaves out; it follows the default clang as clang does. g++: spsc_ring.h's
# C++ tests; nothing else here pulls it in (clang brings clang++, and the
# ring is tested with both).
PACKAGES="gcc g++ clang libclang-rt-dev meson ninja-build pkg-config python3 dpdk-dev
libdpdk-dev libpcap-dev tshark gnuplot-nox valgrind"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing packages:$missing; run this as root to install them" >&2
		exit 1
	fi
	echo "setup: installing$missing"
	log=$(mktemp)
	# tshark asks whether non-root users may capture: take the default.
	if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1; then
		echo "setup: apt-get failed:" >&2
		tail -30 "$log" >&2
		rm -f "$log"
		exit 1
	fi
	grep -E "^(Need to get|[0-9]+ upgraded)" "$log" | sed 's/^/setup: /' || true
	rm -f "$log"
fi

if [ ! -f "$ROOT/build/build.ninja" ]; then
	meson setup "$ROOT/build" "$ROOT" >/dev/null
fi
ninja -C "$ROOT/build" >/dev/null
echo "setup: built $ROOT/build"
