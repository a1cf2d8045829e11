#!/usr/bin/env bash
# Peak resident memory of the release `atlas` CLI per input kind and size, and on the hostile
# inputs the budgets of core/src/limits.rs are there for. Builds the inputs with
# scripts/hostile_inputs.py into a temporary folder (nothing large is committed), runs each under
# /usr/bin/time -v with a 3 GB address-space cap and a 120 s timeout, and prints one line each:
# peak RSS, CPU and wall seconds, exit status, and the first line the CLI printed on stderr.
#
#   scripts/bench-memory.sh                  # sized inputs of 1, 10 and 100 MB, then hostile ones
#   SIZES="1 10" scripts/bench-memory.sh     # only these sizes
#   ONLY=hostile scripts/bench-memory.sh     # only the hostile inputs (or ONLY=sized)
#   KEEP=/tmp/inputs scripts/bench-memory.sh # build the inputs there and keep them
#   PROFILE=fuzz scripts/bench-memory.sh     # the CLI of another cargo profile than release
#
# The page's worker runs the same core code on the same bytes; scripts/bench-import.mjs prints
# its memory in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="${SIZES:-1 10 100}"
only="${ONLY:-all}"
dir="${KEEP:-$(mktemp -d)}"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"

# PROFILE=fuzz reuses the fuzz targets' build (optimised, without the release profile's long
# LTO link for the wasm); the allocations, and so the memory, are the same code's.
profile="${PROFILE:-release}"
[ -n "${NO_BUILD:-}" ] || cargo build -q --profile "$profile" -p atlas-cli
atlas=$PWD/target/$profile/atlas
export ATLAS=$atlas # hostile_inputs.py publishes with it

run() { # label, then the atlas arguments
    local label=$1
    shift
    local log
    log=$(mktemp)
    local status=0
    (ulimit -v 3000000 && timeout 120 /usr/bin/time -v "$atlas" "$@" --today 2026-11-23 --lang en) \
        >/dev/null 2>"$log" </dev/null || status=$?
    local rss_kb seconds cpu said
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
    # CPU seconds (user + system): on a shared machine the wall time also counts waiting.
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
    said=$(grep -v -E '^\s|Command (exited|terminated)' "$log" | grep -v '^$' | head -n 1 | cut -c1-120 || true)
    printf '%-32s %6s MB %8s %8s  exit %3s  %s\n' "$label" "$((${rss_kb:-0} / 1024))" "$cpu" \
        "${seconds:--}" "$status" "$said"
    rm -f "$log"
}

printf '%-32s %9s %8s %8s  %8s  %s\n' input 'peak RSS' 'CPU s' wall status 'first line of stderr'
if [ "$only" != hostile ]; then
    # shellcheck disable=SC2086
    python3 scripts/hostile_inputs.py "$dir" sized $sizes
    for mb in $sizes; do
        for kind in csv xlsx; do
            f="$dir/stations-${mb}MB.$kind"
            run "stations $kind $(($(stat -c %s "$f") / 1000000)) MB" validate --stations "$f"
        done
        for kind in geojson topojson; do
            f="$dir/boundaries-${mb}MB.$kind"
            run "boundaries $kind $(($(stat -c %s "$f") / 1000000)) MB" validate --boundaries "$f"
        done
    done
fi
if [ "$only" != sized ]; then
    python3 scripts/hostile_inputs.py "$dir" hostile
    for f in shared-string-90M.xlsx cell-at-XFD1048576.xlsx columns-1M.csv keys-1M.json \
        stations-247MB.csv stations-1M-rows.csv; do
        run "$f" validate --stations "$dir/$f"
    done
    for f in vertices-40k-one-hole.geojson holes-200k.geojson arc-refs-2M.topojson rings-300k.topojson; do
        run "$f" validate --boundaries "$dir/$f"
    done
    for case in dev-zero etc-passwd fifo entries-1M; do
        run "manifest $case" render --data "$dir/manifest-$case" --out "$dir/out.svg"
    done
fi
