#!/usr/bin/env bash
# Times batch rendering with the release binary: N social cards (default 200, 1080 × 1080, three
# figures each, made from config/social-card.toml with different figures) in a temporary folder,
#   1. cold: `yitu render cards --out out` into an empty out/ (median of RUNS runs, default 3), on one
#      thread (RAYON_NUM_THREADS=1) and on all cores;
#   2. unchanged: the same command again (nothing to render);
#   3. a figure no card shows added to the data file all 200 cards read: the same command again (every
#      card is loaded to know which figures it shows, none is rendered);
#   4. one figure edited in that file: the same command again (exactly the one card showing that figure
#      is rendered).
# The first unchanged run after a render reads each output once to stamp it (see src/batch/stamp.rs);
# each run's own summary line is printed. Every edit is left to settle for a tenth of a second before the
# run, as a person's save does before they run yitu: a file changed in the last 50 ms is not trusted by
# its stamp (src/batch/stamp.rs), and the records would not be restamped, which flatters the time. Needs only bash, coreutils, sed and date.
#
#   scripts/bench-batch.sh [cards] [runs]
#   YITU_BIN=path/to/yitu scripts/bench-batch.sh   (another binary, nothing built)
set -euo pipefail

cd "$(dirname "$0")/.."
cards="${1:-200}"
runs="${2:-3}"
bin="${YITU_BIN:-$PWD/target/release/yitu}"
template="$PWD/config/social-card.toml"

if [[ -z ${YITU_BIN:-} ]]; then
    cargo build --release --quiet --bin yitu
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cards/data"
# One shared file of figures, as a newsroom keeps them: every card shows one of its figures.
for ((i = 0; i < cards; i++)); do
    printf '"电商-%03d" = %d\n' "$i" "$((100 + i))" >>"$tmp/cards/data/figures.toml"
done
for ((i = 0; i < cards; i++)); do
    # Two figures of each card's own: 29.5 → 1x.y, 8 → i; the third from the shared file. One size per
    # card (the template's variants left out), as the numbers in the README were measured.
    { echo 'data = "data/figures.toml"'; sed -e '/^variants = /d' -e "s/value = 29.5/value = 1$((i % 10)).$((i % 7))/" \
        -e "s/value = 8,/value = $i,/" \
        -e "s/value = 500/value = { data = \"电商-$(printf %03d "$i")\" }/" \
        "$template"; } >"$tmp/cards/card-$(printf %03d "$i").toml"
done
cd "$tmp"

now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.0f", ns / 1e6 }'; }

# Runs the batch, prints its summary line and the wall time; sets $elapsed (ns).
timed() {
    local label="$1"
    shift
    local start end
    sync
    start=$(now_ns)
    "$@" 2>"$tmp/stderr" >/dev/null
    end=$(now_ns)
    elapsed=$((end - start))
    printf '%-34s %6s ms   %s\n' "$label" "$(ms "$elapsed")" "$(tail -n 1 "$tmp/stderr")"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "$cards social cards (1080 × 1080, PNG + SVG), $(nproc) cores"
for threads in 1 all; do
    times=()
    for ((r = 1; r <= runs; r++)); do
        rm -rf out
        if [[ $threads == 1 ]]; then
            timed "cold, 1 thread (run $r)" env RAYON_NUM_THREADS=1 "$bin" render cards --out out
        else
            timed "cold, all cores (run $r)" env -u RAYON_NUM_THREADS "$bin" render cards --out out
        fi
        times+=("$elapsed")
    done
    echo "  median cold, $threads thread(s): $(ms "$(median "${times[@]}")") ms"
    cold="$(median "${times[@]}")"
done

times=()
for ((r = 1; r <= runs; r++)); do
    timed "unchanged (run $r)" "$bin" render cards --out out
    times+=("$elapsed")
done
echo "  median unchanged: $(ms "$(median "${times[@]}")") ms"

times=()
for ((r = 1; r <= runs; r++)); do
    # A figure no card shows: every card is checked, none rendered.
    printf '"未用-%03d" = %d\n' "$r" "$r" >>cards/data/figures.toml
    sleep 0.1
    timed "a figure no card shows added (run $r)" "$bin" render cards --out out
    times+=("$elapsed")
done
echo "  median a figure no card shows added: $(ms "$(median "${times[@]}")") ms"

times=()
for ((r = 1; r <= runs; r++)); do
    # One figure of the shared file edited: exactly the card showing it is rendered again.
    sed -i "s/^\"电商-000\" = .*/\"电商-000\" = $((900 + r))/" cards/data/figures.toml
    sleep 0.1
    timed "one shared figure edited (run $r)" "$bin" render cards --out out
    times+=("$elapsed")
done
edited="$(median "${times[@]}")"
echo "  median one shared figure edited: $(ms "$edited") ms," \
    "$(awk -v e="$edited" -v c="$cold" 'BEGIN { printf "%.1f", 100 * e / c }') % of the cold batch on all cores"
echo "outputs: $(find out -maxdepth 1 -type f | wc -l) files, $(du -sh out | cut -f1)"
