#!/usr/bin/env bash
# ビルド速度のベンチマーク / Build-speed benchmark (docs/performance.md)
#
#   bash benches/bench.sh [--sizes "36 1000 10000"] [--runs 3] [--no-hugo] [--settle S] [--smoke]
#
# For each size N it writes a synthetic plan of N items (benches/gen_plan.rs; the same seed gives
# the same files) and the same items as a Hugo site, then builds both RUNS times, alternating
# shinchoku and Hugo, each into a fresh output folder. It reports the median wall time, items per
# second, peak RSS, output size, shinchoku's own phase timings (--timings) as shares of its build,
# and a floor for the work: reading every input file and copying the produced output tree
# (`cp -r`). The bundled plan (content/, 36 real items) is timed too. Results are printed as a
# Markdown table and saved to target/bench/results.md.
#
# --settle S: after deleting the last run's output, sync and wait S seconds before the next build
# (both tools). Default 0, as the measurements in the issues were made. On this machine's ext4
# (no journal) creating a file can cost a scan of free inodes (find_inode_bit → recently_deleted)
# that depends on where the folder lands more than on the wait: `cp -r` of the same 6,119-file
# tree took 0.18–0.57 s into new folder names and 2.4–3.1 s into a folder re-created under the
# same name, whether it waited 0 or 45 s (docs/performance.md, 2026-12-02).
# --smoke: N=1000, one run, no Hugo (CI runs this; no time is asserted).
# Needs: cargo, GNU time (/usr/bin/time, Debian package `time`); Hugo (Debian package `hugo`)
# unless --no-hugo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
sizes="36 1000 10000"
runs=3
hugo=1
settle=0
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --no-hugo) hugo=0 ;;
    --settle) settle=$2; shift ;;
    --smoke) sizes=1000; runs=1; hugo=0 ;;
    *) echo "使い方 / usage: bash benches/bench.sh [--sizes \"36 1000\"] [--runs N] [--no-hugo] [--settle S] [--smoke]" >&2; exit 2 ;;
  esac
  shift
done
[ -x /usr/bin/time ] || { echo "GNU time がありません / /usr/bin/time not found: apt-get install time" >&2; exit 1; }
if [ $hugo -eq 1 ] && ! command -v hugo >/dev/null; then
  echo "hugo がありません。Hugo との比較を省きます / hugo not found: skipping the Hugo comparison (apt-get install hugo)" >&2
  hugo=0
fi

cargo build --release --quiet --bin shinchoku --example gen_plan
BIN=$ROOT/target/release/shinchoku
GEN=$ROOT/target/release/examples/gen_plan
mkdir -p "$OUT"

# Runs a command under GNU time; prints "wall_seconds peak_rss_kb" and keeps its stdout in $OUT/last.out.
timed() {
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/last.out" 2>&1 || { cat "$OUT/last.out" >&2; return 1; }
  cat "$OUT/time.txt"
}

settle_down() { [ "$settle" = 0 ] || { sync; sleep "$settle"; }; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
{
  echo "# shinchoku benchmark $(date -u +%Y-%m-%d)"
  echo
  echo "- machine: $machine"
  echo "- shinchoku $($BIN --version | awk '{print $2}'), $(hugo version 2>/dev/null | awk '{print $1, $2}' || true)"
  echo "- command: bash benches/bench.sh --sizes \"$sizes\" --runs $runs$([ $hugo -eq 0 ] && echo ' --no-hugo')$([ "$settle" != 0 ] && echo " --settle $settle")"
  echo
  echo "| items | shinchoku median s | items/s | peak RSS MiB | output MiB | files | pages | charts | wall % (load/items/other/commit) | item CPU % (data/charts/render/verify/write) | floor s (read + cp -r) | × floor | Hugo median s | Hugo RSS MiB | shinchoku ÷ Hugo |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|"
} > "$OUT/results.md"

bench_one() { # label content-dir hugo-dir-or-empty items
  local label=$1 content=$2 hsite=$3 n=$4
  local s_times=() h_times=() s_rss=0 h_rss=0 phases="" stats=""
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$OUT/public-$label"
    settle_down
    read -r t m < <(timed "$BIN" build --content "$content" --output "$OUT/public-$label" --timings)
    s_times+=("$t"); [ "$m" -gt "$s_rss" ] && s_rss=$m
    # Phase shares from the build's own timings (the last run's): wall time of the phases, and
    # the CPU time of the per-item steps (they run on every core at once).
    phases=$(awk '/^  [a-z]+ +[0-9.]+ ms$/ { ms[$1] = $2; total += $2 } END {
      other = total - ms["load"] - ms["items"] - ms["commit"]
      printf "%.0f/%.0f/%.0f/%.0f", 100*ms["load"]/total, 100*ms["items"]/total, 100*other/total, 100*ms["commit"]/total }' "$OUT/last.out")
    steps=$(sed -n 's/^  items の内訳.*: //p' "$OUT/last.out" | awk -F', ' '{
      for (i = 1; i <= NF; i++) { split($i, kv, " "); cpu[kv[1]] = kv[2]; total += kv[2] }
      printf "%.0f/%.0f/%.0f/%.0f/%.0f", 100*cpu["data"]/total, 100*cpu["charts"]/total, 100*cpu["render"]/total,
        100*cpu["verify"]/total, 100*cpu["write"]/total }')
    stats=$(sed -n 's/^Wrote .*: [0-9]* items, \([0-9]*\) pages, \([0-9]*\) charts, \([0-9]*\) files.*/\1 \2 \3/p' "$OUT/last.out")
    if [ -n "$hsite" ]; then
      rm -rf "$OUT/hugo-public-$label"
      settle_down
      read -r t m < <(timed hugo --quiet -s "$hsite" -d "$OUT/hugo-public-$label")
      h_times+=("$t"); [ "$m" -gt "$h_rss" ] && h_rss=$m
    fi
  done
  local s_med h_med="" ratio="" floor bytes
  s_med=$(printf '%s\n' "${s_times[@]}" | median)
  bytes=$(du -sb "$OUT/public-$label" | cut -f1)
  # The floor: read every input file, then copy the produced output tree.
  sync
  settle_down
  local f0 f1
  f0=$(date +%s.%N)
  find "$content" -type f -exec cat {} + > /dev/null
  rm -rf "$OUT/floor-copy"; cp -r "$OUT/public-$label" "$OUT/floor-copy"
  f1=$(date +%s.%N)
  floor=$(echo "$f1 - $f0" | bc -l)
  rm -rf "$OUT/floor-copy"
  if [ -n "$hsite" ]; then
    h_med=$(printf '%s\n' "${h_times[@]}" | median)
    ratio=$(echo "$s_med / $h_med" | bc -l | xargs printf '%.2f')
  fi
  read -r pages charts files <<< "$stats"
  printf '| %s | %.2f | %.0f | %.0f | %.0f | %s | %s | %s | %s | %s | %.2f | %.1f | %s | %s | %s |\n' \
    "$label" "$s_med" "$(echo "$n / $s_med" | bc -l)" "$(echo "$s_rss / 1024" | bc -l)" \
    "$(echo "$bytes / 1048576" | bc -l)" "$files" "$pages" "$charts" "$phases" "$steps" "$floor" "$(echo "$s_med / $floor" | bc -l)" \
    "${h_med:+$(printf '%.2f' "$h_med")}" "${h_rss:+$([ "$h_rss" -gt 0 ] && printf '%.0f' "$(echo "$h_rss / 1024" | bc -l)")}" "$ratio" \
    | tee -a "$OUT/results.md"
}

echo "== 同梱の計画 / bundled plan (content/, 36 items)"
bench_one bundled "$ROOT/content" "" 36
for n in $sizes; do
  echo "== $n items"
  hsite=""
  [ $hugo -eq 1 ] && hsite=$OUT/hugo-$n
  "$GEN" --items "$n" --out "$OUT/plan-$n" ${hsite:+--hugo "$hsite"} > /dev/null
  bench_one "$n" "$OUT/plan-$n/content" "$hsite" "$n"
done
rm -rf "$OUT"/public-* "$OUT"/hugo-public-*
echo
echo "結果 / results: $OUT/results.md"
cat "$OUT/results.md"
