#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# PNGs from ring_bench's gnuplot data (ring_bench ... -- --dat-dir DIR):
#   ring-throughput.png  elements per second against burst size (log x), one
#                        panel per ring capacity, the three rings in each
#   ring-latency.png     round trip of one element through a pair of rings:
#                        the distribution (CDF) for the three rings and for
#                        the raw cache line, the floor, from the same run
#
# usage: plot_ring_bench.sh DAT_DIR [OUT_DIR]     (OUT_DIR defaults to DAT_DIR)
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 DAT_DIR [OUT_DIR]" >&2
	exit 2
fi
dat=$1
out=${2:-$1}
command -v gnuplot >/dev/null ||
	{ echo "$0: gnuplot is not installed (apt-get install gnuplot-nox)" >&2; exit 1; }
for f in throughput.dat latency.dat; do
	[ -s "$dat/$f" ] || { echo "$0: $dat/$f is missing or empty (run ring_bench with --dat-dir)" >&2; exit 1; }
done
mkdir -p "$out"

# throughput.dat: "capacity burst mpps_spsc mpps_rte_spsc mpps_rte_mpmc
# speedup", one data block per capacity (blocks apart by two blank lines).
# gnuplot counts the empty block after the last pair of blank lines: count
# the capacities instead.
caps=$(awk 'NF >= 6 { print $1 }' "$dat/throughput.dat" | uniq | tr '\n' ' ')
blocks=$(echo "$caps" | wc -w)
[ "$blocks" -gt 0 ] || { echo "$0: $dat/throughput.dat has no rows" >&2; exit 1; }
gnuplot <<GP
dat = "$dat/throughput.dat"
blocks = $blocks
caps = "$caps"
stats dat using (\$3 > \$4 ? (\$3 > \$5 ? \$3 : \$5) : (\$4 > \$5 ? \$4 : \$5)) nooutput
ymax = STATS_max * 1.6
stats dat using (\$3 < \$4 ? (\$3 < \$5 ? \$3 : \$5) : (\$4 < \$5 ? \$4 : \$5)) nooutput
ymin = STATS_min / 1.3
set terminal pngcairo size (blocks > 1 ? 1500 : 700),520 font ",10"
set output "$out/ring-throughput.png"
set multiplot layout 1,blocks title "ring\\\_bench: one producer lcore, one consumer lcore, median of interleaved rounds" font ",12"
set logscale x 2
set xtics ("1" 1, "8" 8, "32" 32, "64" 64, "128" 128, "256" 256)
set xrange [0.8:320]
set logscale y 10
set yrange [ymin:ymax]
set grid
set key top left
set xlabel "burst size (elements per enqueue and per dequeue call)"
set ylabel "million elements per second (log scale)"
do for [i=0:blocks-1] {
	set title "ring capacity ".word(caps, i + 1)
	plot dat index i using 2:3 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "spsc\\\_ring", \
	     dat index i using 2:4 with linespoints lw 2 pt 5 lc rgb "#ff7f0e" title "rte\\\_ring SP/SC", \
	     dat index i using 2:5 with linespoints lw 2 pt 9 lc rgb "#7f7f7f" dt 2 title "rte\\\_ring MP/MC"
}
unset multiplot
GP
echo "wrote $out/ring-throughput.png"

# latency.dat: per curve a "# name" line, then "fraction nanoseconds" rows
# (the sorted round trips of the last round), blocks apart by two blank lines.
plot=""
i=0
colors="#1f77b4 #ff7f0e #7f7f7f #2ca02c #9467bd"
# The names, in block order (a name may hold spaces, so one per line).
sed -n 's/^# //p' "$dat/latency.dat" >"$out/.latency-names.$$"
while IFS= read -r name; do
	c=$(echo "$colors" | cut -d" " -f$((i % 5 + 1)))
	t=$(printf '%s' "$name" | sed 's/_/\\\\_/g')
	[ -n "$plot" ] && plot="$plot, "
	plot="${plot}dat index $i using 2:1 with steps lw 2 lc rgb \"$c\" title \"$t\""
	i=$((i + 1))
done <"$out/.latency-names.$$"
rm -f "$out/.latency-names.$$"
[ "$i" -gt 0 ] || { echo "$0: $dat/latency.dat names no curves" >&2; exit 1; }

# The body of the distribution up to p99.5 on a linear axis, the whole of it
# (the rare slow trips: interrupts, the host) on a log axis.
body=$(awk '!/^#/ && NF == 2 && $1 <= 0.995 && $2 > m { m = $2 } END { print m * 1.25 }' \
	"$dat/latency.dat")
gnuplot <<GP
dat = "$dat/latency.dat"
set terminal pngcairo size 1300,520 font ",10"
set output "$out/ring-latency.png"
set multiplot layout 1,2 title "Round trip of one element, main lcore -> worker -> main (the last round's trips; the TSC reads in steps of about 10 ns)" font ",12"
set ylabel "fraction of round trips at or below"
set yrange [0:1.02]
set ytics 0.1
set grid
set key bottom right
set arrow 1 from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb "#999999"
set arrow 2 from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 3 lc rgb "#999999"
set label 1 "p50" at graph 0.01, first 0.52 tc rgb "#777777"
set label 2 "p99" at graph 0.01, first 0.965 tc rgb "#777777"
set title "up to p99.5"
set xlabel "round-trip time (ns)"
set xrange [0:$body]
plot $plot
set title "the tail, to the slowest trip"
set xlabel "round-trip time (ns, log scale)"
set xrange [*:*]
set logscale x 10
set autoscale xfix
set yrange [0.9:1.002]
set ytics 0.01
set label 1 "p50" at graph 0.01, first 0.5 tc rgb "#777777"
set label 2 "p99" at graph 0.01, first 0.9915 tc rgb "#777777"
set key off
plot $plot
unset multiplot
GP
echo "wrote $out/ring-latency.png"
