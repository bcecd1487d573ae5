#!/bin/sh
# Install what burstpipe needs on Debian 12 (as root; nothing is installed
# when everything is already there) and build it into build/.
# Sourced by demo.sh, test.sh and bench.sh; runnable on its own.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PACKAGES="gcc clang meson ninja-build pkg-config python3 dpdk-dev libdpdk-dev
libpcap-dev tshark gnuplot-nox valgrind"

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
	apt-get update -q >/dev/null
	# tshark asks whether non-root users may capture: take the default.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		$missing >/dev/null
fi

if [ ! -f "$ROOT/build/build.ninja" ]; then
	meson setup "$ROOT/build" "$ROOT" >/dev/null
fi
ninja -C "$ROOT/build" >/dev/null
echo "setup: built $ROOT/build"
