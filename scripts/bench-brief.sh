#!/bin/sh
# The briefing pack's budgets, printed (nothing asserted): `atlas brief --region R` wall time,
# peak memory and PDF size, and `atlas render --out fig.pdf` for comparison. Budgets (issue 25):
# brief of 52 in at most 2 s and 3 MB.
#
#   scripts/bench-brief.sh [RUNS] [REGION...]      default: 3 runs of 52 and 5223
#
# Uses the release build of the CLI (built first if missing: `cargo build --release -p atlas-cli`),
# or $ATLAS_BIN.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
[ $# -gt 0 ] && shift
regions=${*:-52 5223}
bin=${ATLAS_BIN:-target/release/atlas}
[ -x "$bin" ] || cargo build --release -p atlas-cli
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ms() { date +%s%N | cut -c1-13; }
for region in $regions; do
  best=""
  for i in $(seq "$runs"); do
    t0=$(ms)
    /usr/bin/time -f '%M' -o "$out/rss" "$bin" brief --region "$region" --today 2026-11-23 --out "$out/brief.pdf"
    t=$(( $(ms) - t0 ))
    rss_kb=$(tail -1 "$out/rss")
    [ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
    echo "brief $region run $i: ${t} ms, peak RSS $((rss_kb / 1024)) MB"
  done
  bytes=$(wc -c < "$out/brief.pdf")
  pages=$(pdfinfo "$out/brief.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "brief $region: best ${best} ms, ${bytes} bytes ($(( bytes / 1024 )) KB), ${pages:-?} pages"
  t0=$(ms)
  "$bin" render --region "$region" --today 2026-11-23 --out "$out/fig.pdf"
  echo "render $region --out fig.pdf: $(( $(ms) - t0 )) ms, $(wc -c < "$out/fig.pdf") bytes"
done
