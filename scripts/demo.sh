#!/bin/sh
# Install what is missing, build, and run the main job: replay the bundled
# burst capture (trains of back-to-back minimum frames at 10 GbE line rate)
# at its original timing into a consumer that needs 1 us per packet, once per
# ring size, and print the report and the sizing table.
#
# usage: scripts/demo.sh [extra burstpipe options]
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/setup.sh"
cd "$ROOT"
set -x
./build/app/burstpipe --no-huge -m 256 --no-pci -l 0-1 --no-shconf \
	--log-level=lib.telemetry:error -- \
	--pcap pcap-samples/burst.pcap --replay-speed 1 --parse-cost-ns 1000 \
	--policy drop --ring-sizes 64,256,1024,4096 "$@"
