#!/usr/bin/env bash
# Runs fuzz targets one after the other, each for the given minutes, under
# nice 19, and logs start, end and the executions of each run.
# Usage: fuzz/run-queue.sh LOG target:minutes [target:minutes…]
set -u
cd "$(dirname "$0")/.."
log=$1; shift
for item in "$@"; do
  target=${item%%:*}; minutes=${item##*:}
  out=/tmp/robust-fuzz-$target.log
  start=$(date -u +%H:%M:%S)
  nice -n "${FUZZ_NICE:-19}" cargo +nightly fuzz run -s none "$target" -- \
    -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 > "$out" 2>&1
  code=$?
  end=$(date -u +%H:%M:%S)
  execs=$(grep -oE '^#[0-9]+' "$out" | tail -1)
  crashes=$(ls fuzz/artifacts/"$target" 2>/dev/null | wc -l)
  echo "$target start=$start end=$end minutes=$minutes exit=$code execs=${execs#\#} artifacts=$crashes" >> "$log"
done
