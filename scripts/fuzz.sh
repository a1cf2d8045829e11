#!/usr/bin/env bash
# Fuzzes every parser in atlas-core: runs each target of the core/tests/fuzz_*.rs files, built
# once in the `fuzz` profile (optimised, panics unwinding, the workspace's overflow checks on),
# two at a time (the machine's two cores), each with a case count and a time budget, and prints
# cases executed, wall and CPU seconds and any failure.
#
# Two kinds of target:
# - fuzz_parsers.rs: one fast target per parser (CSV, JSON table, XLSX's zip and its XML,
#   GeoJSON, TopoJSON, recipe, manifest, corrections) calling the parser itself on small real
#   files mutated, 3*10^4 to 5*10^5 cases a CPU second; each runs 10 million cases, or stops at
#   PARSER_SECONDS (all nine take ~1,000 CPU seconds: see BENCHMARKS.md, "Fuzzing rates").
#   A failure (an error, a panic, a case past 10 s or 1 GB) is shrunk and saved under
#   core/tests/fuzz/findings/<target>/, which every later run, `cargo test` included, replays
#   first (fuzz/fast.rs).
# - the other fuzz_*.rs files: proptest targets that run whole imports, joins and sessions,
#   far slower a case; each runs until FUZZ_SECONDS. A failing case is shrunk (printed below)
#   and its seed saved in core/tests/fuzz_<file>.proptest-regressions, replayed first by every
#   later run. Commit findings with the fix.
#
#   scripts/fuzz.sh                         # every target: 10 million cases, or the budget
#   FUZZ_SECONDS=30 scripts/fuzz.sh         # the proptest targets' budget (default 60 s)
#   PARSER_SECONDS=300 scripts/fuzz.sh parse_   # the fast targets' cap (default 900 s), only them
#   PROPTEST_CASES=5000 FUZZ_JOBS=1 scripts/fuzz.sh topojson search   # names matching, one at a time
#   FUZZ_FROM=10000000 scripts/fuzz.sh parse_   # the fast targets' next ten million cases
#   NO_BUILD=1 scripts/fuzz.sh              # the binaries last built, without cargo
#
# Each target runs under a 4 GB address-space cap, so a blow-up in a proptest target ends that
# target, not the machine. Too long for CI, which runs the same targets with a few cases under
# plain `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

export PROPTEST_CASES="${PROPTEST_CASES:-10000000}"
fuzz_seconds="${FUZZ_SECONDS:-60}"
parser_seconds="${PARSER_SECONDS:-900}"
jobs="${FUZZ_JOBS:-2}"

# Build once, then run the test binaries themselves: no rebuild mid-run when the sources change,
# and the time reported is fuzzing time only.
files=$(cd core/tests && ls fuzz_*.rs | sed 's/\.rs$//')
build_args=()
for file in $files; do build_args+=(--test "$file"); done
# NO_BUILD=1 takes the newest binaries already built (while another cargo holds the build).
[ -n "${NO_BUILD:-}" ] || built=$(cargo test -p atlas-core --profile fuzz "${build_args[@]}" --no-run 2>&1)
bins=()
for file in $files; do
    if [ -n "${NO_BUILD:-}" ]; then
        bin=$(ls -t target/fuzz/deps/"$file"-* 2>/dev/null | grep -v '\.d$' | head -n 1 || true)
    else
        bin=$(sed -n "s/.*Executable tests\/$file.rs (\(.*\))$/\1/p" <<<"$built" | tail -n 1)
    fi
    [ -x "$bin" ] || { echo "could not build the $file test binary" >&2; exit 2; }
    bins+=("$(realpath "$bin")")
done
cd core # where cargo runs the tests from
# One line per target: its name, then the binary that has it.
targets=$(for bin in "${bins[@]}"; do
    "$bin" --list 2>/dev/null | sed -n "s|^\(fuzz_[a-z_]*\): test$|\1 $bin|p"
done)
if [ $# -gt 0 ]; then
    pattern=$(IFS='|'; echo "$*")
    targets=$(awk -v pattern="$pattern" '$1 ~ pattern' <<<"$targets")
fi
[ -n "$targets" ] || { echo "no fuzz target matches $*" >&2; exit 2; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Runs one target and prints its line (and, on failure, what it said); leaves a file under
# $logs/failed when it fails.
run_target() {
    local target=$1 bin=$2 seconds=$fuzz_seconds
    case "$bin" in */fuzz_parsers-*) seconds=$parser_seconds ;; esac
    # Hard cap: the budget is checked between chunks of cases, so allow slack.
    local cap=$((seconds * 2 + 60)) log="$logs/$target.log" status=0 start
    start=$(date +%s.%N)
    # CPU seconds as well as wall seconds: on a shared machine the wall time counts waiting.
    (ulimit -v 4000000 && FUZZ_SECONDS=$seconds timeout "$cap" /usr/bin/time -f 'cpu %U %S' \
        -o "$log.cpu" "$bin" --exact "$target" --nocapture --test-threads 1) </dev/null >"$log" 2>&1 ||
        status=$?
    local elapsed cpu line cases result
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    cpu=$(awk '/^cpu / { printf "%.1f", $2 + $3 }' "$log.cpu" 2>/dev/null || true)
    line=$(grep -o 'fuzz target [a-z_]*: [0-9]* cases in [0-9.]* s' "$log" | tail -n 1 || true)
    cases=$(sed -n 's/.*: \([0-9]*\) cases.*/\1/p' <<<"$line")
    case "$status" in
        0) result="ok" ;;
        124) result="TIMEOUT after ${cap} s (cases unknown)" ;;
        3) result="STOPPED: a hang or a blow-up, input saved" ;;
        *) result="FAILED (exit $status)" ;;
    esac
    printf '%-34s %12s %9.1f %9s  %s\n' "${target#fuzz_}" "${cases:--}" "$elapsed" "${cpu:--}" "$result"
    if [ "$status" -ne 0 ]; then
        touch "$logs/failed"
        # The shrunk minimal input, the panic message, where the input was saved.
        grep -E 'minimal failing input|Test failed|panicked at|fuzz target|Saving this|saved as|memory allocation' \
            "$log" | tail -n 8 | cut -c1-400 | sed 's/^/    /'
    fi
}

printf '%-34s %12s %9s %9s  %s\n' target cases seconds 'CPU s' result
while read -r target bin; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_target "$target" "$bin" &
done <<<"$targets"
wait
if [ -e "$logs/failed" ]; then
    echo "failures: inputs saved under core/tests/fuzz/findings/, seeds in core/tests/fuzz_*.proptest-regressions" >&2
    exit 1
fi
