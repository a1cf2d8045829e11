#!/usr/bin/env bash
# Fuzzes every parser in atlas-core: runs each target of the core/tests/fuzz_*.rs files (one file
# per kind of parser: topojson, dates_codes, registry_facts, search, stations, boundaries, recipe,
# published) in release, one after another, with a fixed budget, and prints cases executed, time
# and any failure.
#
#   scripts/fuzz.sh                      # every target, 10 million cases or 60 s each
#   FUZZ_SECONDS=30 scripts/fuzz.sh      # a shorter time budget per target
#   PROPTEST_CASES=5000 scripts/fuzz.sh topojson search   # only targets whose name matches
#
# Too long for CI, which runs the same targets with a few cases under plain `cargo test`.
# A failing case is shrunk to a minimal input (printed below) and its seed is saved under
# core/tests/fuzz_<file>.proptest-regressions, beside the test file (proptest's place for an
# integration test); every later run, `cargo test` included, replays it first. Commit that file
# with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

export PROPTEST_CASES="${PROPTEST_CASES:-10000000}"
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
# Hard cap per target: the time budget is checked between chunks of 500 cases, so allow slack.
cap=$((FUZZ_SECONDS * 2 + 60))

# Build once, then run the test binaries themselves: no rebuild mid-run when the sources change,
# and the time reported is fuzzing time only.
files=$(cd core/tests && ls fuzz_*.rs | sed 's/\.rs$//')
build_args=()
for file in $files; do build_args+=(--test "$file"); done
built=$(cargo test -p atlas-core --release "${build_args[@]}" --no-run 2>&1)
bins=()
for file in $files; do
    bin=$(sed -n "s/.*Executable tests\/$file.rs (\(.*\))$/\1/p" <<<"$built" | tail -n 1)
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

log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-34s %12s %9s  %s\n' target cases seconds result
failed=0
while read -r target bin; do
    start=$(date +%s.%N)
    status=0
    timeout "$cap" "$bin" --exact "$target" --nocapture --test-threads 1 </dev/null >"$log" 2>&1 ||
        status=$?
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    line=$(grep -o 'fuzz target [a-z_]*: [0-9]* cases in [0-9.]* s' "$log" | tail -n 1 || true)
    cases=$(sed -n 's/.*: \([0-9]*\) cases.*/\1/p' <<<"$line")
    if [ "$status" -eq 0 ]; then
        result="ok"
    elif [ "$status" -eq 124 ]; then
        result="TIMEOUT after ${cap} s (cases unknown)"
        failed=1
    else
        result="FAILED"
        failed=1
    fi
    printf '%-34s %12s %9.1f  %s\n' "${target#fuzz_}" "${cases:--}" "$seconds" "$result"
    if [ "$status" -ne 0 ]; then
        # The shrunk minimal input and the panic message.
        grep -E 'minimal failing input|Test failed|panicked at|fuzz target|Saving this' "$log" | tail -n 8 | sed 's/^/    /'
    fi
done <<<"$targets"
if [ "$failed" -ne 0 ]; then
    echo "failures: seeds saved in core/tests/fuzz_*.proptest-regressions" >&2
    exit 1
fi
