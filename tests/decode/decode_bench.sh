#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Instructions per packet of decode_packet() and of DPDK's
# rte_net_get_ptype(m, NULL, RTE_PTYPE_ALL_MASK) on the same packets (the
# target), and of decode_packet_verify_l4() (--verify-l4-checksums, which
# sums every L4 byte: no target),
# counted by callgrind: repeatable, where wall time on a shared VM is not.
# Each function is measured in its own run with --toggle-collect, so only
# its calls (callees included) count, not the loop or the pcap loading.
#
# usage: decode_bench.sh [PCAP]      (default: pcap-samples/mix.pcap)
# DECODE_BENCH names the decode_bench binary (meson's benchmark sets it);
# otherwise build/ is tried, then the other build*/ directories. The
# compiler matters: the target is met with gcc (see app/meson.build).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
pcap=${1:-$root/pcap-samples/mix.pcap}
bench=${DECODE_BENCH:-}
if [ -z "$bench" ]; then
	for b in "$root"/build/tests/decode/decode_bench \
			"$root"/build*/tests/decode/decode_bench; do
		if [ -x "$b" ]; then
			bench=$b
			break
		fi
	done
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
	echo "decode_bench.sh: no decode_bench binary: build it or set DECODE_BENCH" >&2
	exit 1
fi
echo "decode_bench.sh: measuring $bench" >&2
if ! command -v valgrind >/dev/null; then
	echo "decode_bench.sh: needs valgrind (apt-get install valgrind)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$pcap" ]; then
	if [ $# -gt 0 ]; then
		echo "decode_bench.sh: no such file: $pcap" >&2
		exit 1
	fi
	# Until the project's sample exists, a seeded stand-in of the same mix.
	echo "decode_bench.sh: $pcap not found, generating a stand-in mix" >&2
	python3 "$root/tests/decode/gen_mix.py" "$tmp/mix.pcap" 20000 1
	pcap=$tmp/mix.pcap
fi

# Instructions spent inside function $1 (and its callees) over the file.
# LD_BIND_NOW: resolve library calls up front, or the first call of each
# would carry the dynamic linker's cost.
cost() {
	LD_BIND_NOW=1 valgrind --tool=callgrind --toggle-collect="$1" \
		--callgrind-out-file="$tmp/cg.$1" "$bench" "$pcap" \
		>"$tmp/out.$1" 2>"$tmp/err.$1" || {
		cat "$tmp/err.$1" >&2
		exit 1
	}
	sed -n 's/^totals: *//p' "$tmp/cg.$1"
}

ours=$(cost decode_packet)
verify=$(cost decode_packet_verify_l4)
theirs=$(cost rte_net_get_ptype)
packets=$(sed -n 's/^packets: //p' "$tmp/out.decode_packet")
cat "$tmp/out.decode_packet"

awk -v o="$ours" -v v="$verify" -v t="$theirs" -v n="$packets" -v f="$pcap" 'BEGIN {
	printf "%s: %d packets\n", f, n
	printf "decode_packet:     %8.1f instructions/packet\n", o / n
	printf "rte_net_get_ptype: %8.1f instructions/packet\n", t / n
	printf "ratio decode/ptype: %.3f (target <= 1)\n", o / t
	printf "decode_packet_verify_l4: %8.1f instructions/packet (--verify-l4-checksums)\n", v / n
}'
