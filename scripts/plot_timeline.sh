#!/bin/sh
# Turn a --timeline CSV into a PNG: ring occupancy (max and mean per
# interval) against time, with drops, for pipeline 0.
#
# usage: scripts/plot_timeline.sh TIMELINE.csv OUT.png [FROM_MS TO_MS] [TITLE]
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 TIMELINE.csv OUT.png [FROM_MS TO_MS] [TITLE]" >&2
	exit 2
fi
csv=$1 png=$2
from=${3:-*} to=${4:-*}
title=${5:-burstpipe: ring occupancy over time}
command -v gnuplot >/dev/null || { echo "$0: gnuplot is not installed (apt-get install gnuplot-nox)" >&2; exit 1; }
cap=$(awk -F, 'NR == 2 { print $5; exit }' "$csv")
[ -n "$cap" ] || { echo "$0: $csv has no rows" >&2; exit 1; }
gnuplot <<GP
set terminal pngcairo size 1100,500 font ",10"
set output "$png"
set datafile separator ","
set title "$title"
set xlabel "time since start (ms)"
set ylabel "packets in ring"
set y2label "packets dropped per interval"
set ytics nomirror
set y2tics
set xrange [$from:$to]
set yrange [0:$cap * 1.1]
set y2range [0:*]
set key top right
set grid
set arrow from graph 0, first $cap to graph 1, first $cap nohead dt 2 lc rgb "red"
set label "capacity $cap" at graph 0.01, first $cap * 1.04 tc rgb "red"
plot "$csv" using (\$2 == 0 ? \$1 : 1/0):3 with steps lw 1.5 lc rgb "#1f77b4" title "occupancy (max in interval)", \
     "" using (\$2 == 0 ? \$1 : 1/0):4 with steps lw 1 lc rgb "#2ca02c" title "occupancy (mean)", \
     "" using (\$2 == 0 ? \$1 : 1/0):9 axes x1y2 with impulses lw 2 lc rgb "#d62728" title "dropped"
GP
echo "wrote $png"
