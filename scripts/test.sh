#!/bin/sh
# Install what is missing, build, and run every test: the ordinary build
# (unit, end-to-end, stress, ThreadSanitizer), the whole suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the fuzzer and the ring's
# C++ tests built with clang.
# Ends with one line: "N passed, N failed".
#
# usage: scripts/test.sh [--no-asan] [--no-fuzz]
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ASAN=1
FUZZ=1
for arg in "$@"; do
	case "$arg" in
	--no-asan) ASAN=0 ;;
	--no-fuzz) FUZZ=0 ;;
	*) echo "usage: $0 [--no-asan] [--no-fuzz]" >&2; exit 2 ;;
	esac
done

if ! "$ROOT/scripts/setup.sh"; then
	echo "0 passed, 1 failed"
	exit 1
fi

broken=""	# build directories that did not configure or build
ran=""		# build directories whose tests ran


# run DIR [meson test options]: run a build directory's tests quietly,
# show what did not pass.
run() {
	dir=$1
	shift
	echo "== meson test -C $dir $*"
	meson test -C "$ROOT/$dir" --print-errorlogs "$@" >"$ROOT/$dir/test.out" 2>&1
	# (meson prints a failure twice: as it happens, and in its summary)
	grep -E "^ *[0-9]+/[0-9]+ " "$ROOT/$dir/test.out" | grep -vE " (OK|EXPECTEDFAIL) " |
		awk '!seen[$0]++'
	grep -E "^(Ok|Fail|Skipped|Timeout):" "$ROOT/$dir/test.out" | tr -s ' \n' ' '
	echo
	ran="$ran $dir"
}

# configure DIR [meson setup options]: set up once, then build; a failure is
# remembered and counted.
configure() {
	dir=$1
	shift
	if [ ! -f "$ROOT/$dir/build.ninja" ] &&
		! meson setup "$ROOT/$dir" "$ROOT" "$@" >"$ROOT/$dir.setup.log" 2>&1; then
		echo "$dir: meson setup failed:"; tail -20 "$ROOT/$dir.setup.log"
		broken="$broken $dir"
		return 1
	fi
	if ! ninja -C "$ROOT/$dir" >"$ROOT/$dir.build.log" 2>&1; then
		echo "$dir: build failed:"; tail -30 "$ROOT/$dir.build.log"
		broken="$broken $dir"
		return 1
	fi
}

run build

if [ "$ASAN" = 1 ] && configure build-asan -Db_sanitize=address,undefined \
	-Dbuildtype=debugoptimized -Dc_args=-fno-sanitize-recover=all \
	-Dcpp_args=-fno-sanitize-recover=all \
	-Dstress_elems=10000000; then
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run build-asan
fi

# The clang tree also runs the ring's C++ tests: the ordinary build compiles
# them with g++.
if [ "$FUZZ" = 1 ] && CC=clang CXX=clang++ configure build-fuzz -Dfuzz=true \
	-Dbuildtype=debugoptimized; then
	run build-fuzz --suite fuzz --suite cxx
fi

python3 "$ROOT/scripts/test_summary.py" --broken "$broken" $ran
