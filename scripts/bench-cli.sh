#!/usr/bin/env bash
# Times the whole CLI on the seed poster: builds release, runs
#   target/release/yitu render config/zhoukou-2023.toml --out <tmpdir> --force (a full render every time)
# RUNS times (default 10), prints every wall time and the median, then the peak resident memory of
# one run via GNU time (/usr/bin/time -v) when it is installed. Needs only bash, coreutils and date;
# no hyperfine.
#
#   scripts/bench-cli.sh [spec.toml] [runs]
set -euo pipefail

cd "$(dirname "$0")/.."
spec="${1:-config/zhoukou-2023.toml}"
runs="${2:-10}"
bin=target/release/yitu

cargo build --release --quiet --bin yitu

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }

# One untimed run first: warms the page cache and shows the spec renders at all.
"$bin" render "$spec" --out "$tmp" --force >/dev/null 2>&1

times=()
for ((i = 1; i <= runs; i++)); do
    start=$(now_ns)
    "$bin" render "$spec" --out "$tmp" --force >/dev/null 2>&1
    end=$(now_ns)
    times+=($(((end - start) / 1000)))  # microseconds
done

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
if ((n % 2)); then
    median=${sorted[n / 2]}
else
    median=$(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
fi

echo "yitu render $spec ($runs runs, outputs in a temp dir)"
printf 'wall times (ms):'
for t in "${times[@]}"; do printf ' %s' "$(ms "$t")"; done
echo
echo "median wall time: $(ms "$median") ms   min: $(ms "${sorted[0]}") ms   max: $(ms "${sorted[n - 1]}") ms"
for f in "$tmp"/*; do
    echo "output: $(basename "$f") $(wc -c <"$f") bytes"
done

if command -v /usr/bin/time >/dev/null 2>&1 && /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v "$bin" render "$spec" --out "$tmp" --force >/dev/null 2>&1 2>"$tmp/.time"
    kib=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/.time")
    echo "peak resident memory (/usr/bin/time -v, one run): $(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }') MiB ($kib KiB)"
else
    echo "peak resident memory: not measured (GNU /usr/bin/time with -v is not installed)"
fi
