#!/usr/bin/env bash
# ブラウザーでのアクセシビリティ試験（JIS X 8341-3:2016 AA）。 / Browser accessibility tests.
#
#   bash tests/browser/run.sh [--publish] [NAME=CONTENT_DIR ...]
#
# Builds each site (default: the bundled plan `plan=content` and the sample site with actuals
# `sample=tests/fixtures/sample/content`) and checks every generated page in Debian's headless Chromium
# (tests/browser/check.mjs): axe-core, the Nu Html Checker, keyboard, reflow, charts, no-JS and
# print. Then it rebuilds each site with the results (content/accessibility-results.json in a copy
# of the content folder) and checks the accessibility page that publishes them, and finally
# plants known faults in a copy of one page to prove that every check can fail (selftest.mjs), and
# operates the sample's item table with the keyboard (table.mjs: filters, sorting, the URL).
# The council reports (reports/<year>/report.html) of every site, and of the 36-item test plan
# (the bundled plan with invented results, written by `cargo run --example council_plan`), are
# printed to A4 PDFs and checked (print.mjs: width, cover, repeated table header, no split item,
# page numbers; page counts in tests/artifacts/print/page-counts.txt).
#
# Artefacts (git-ignored) go to tests/artifacts/: results/NAME.json, screenshots/, pdf/, print/,
# browser-tests.log. With --publish the results are also copied into each site's content folder
# (CONTENT_DIR/accessibility-results.json), to be committed and published with the site.
#
# Needs: chromium (Debian package; /usr/bin/chromium), java, node and npm; `npm ci` is run here
# when tests/browser/node_modules is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/browser
ART=$ROOT/tests/artifacts
START=$(date +%s)

publish=0
sites=()
for arg in "$@"; do
  case $arg in
    --publish) publish=1 ;;
    *=*) sites+=("$arg") ;;
    *) echo "使い方 / usage: bash tests/browser/run.sh [--publish] [NAME=CONTENT_DIR ...]" >&2; exit 2 ;;
  esac
done
if [ ${#sites[@]} -eq 0 ]; then
  sites=(plan=content sample=tests/fixtures/sample/content)
fi

for tool in node java; do
  command -v "$tool" >/dev/null || { echo "$tool が見つかりません / $tool not found (see .ci/run for what to install)" >&2; exit 1; }
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "chromium が見つかりません / chromium not found: apt-get install chromium" >&2; exit 1; }
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund)
fi

cargo build --release --quiet
BIN=$ROOT/target/release/shinchoku

rm -rf "$ART/sites" "$ART/published" "$ART/selftest" "$ART/table" "$ART/results" "$ART/screenshots" "$ART/pdf" "$ART/summary.json" \
  "$ART/print" "$ART/council" "$ART/council-content"
mkdir -p "$ART/sites" "$ART/published"

# The assets folder that `build` would use for a content folder: beside it.
assets_of() { echo "$(dirname "$1")/assets"; }

echo "== サイトを生成 / building sites"
check_args=()
for spec in "${sites[@]}"; do
  name=${spec%%=*}
  content=${spec#*=}
  [ -f "$content/site.toml" ] || { echo "$content/site.toml がありません / missing: $content/site.toml" >&2; exit 1; }
  "$BIN" build --content "$content" --output "$ART/sites/$name" --theme "$ROOT/themes/default" --assets "$(assets_of "$content")" | tail -n 1
  check_args+=("$name=$ART/sites/$name")
done

# The 36-item test plan for the council report: its reports are checked below, not its other pages.
cargo run --release --quiet --example council_plan -- "$ART/council-content" >/dev/null
"$BIN" build --content "$ART/council-content" --output "$ART/sites/council" --theme "$ROOT/themes/default" | tail -n 1

echo "== すべてのページを試験 / checking every page"
status=0
node "$HERE/check.mjs" --out "$ART" "${check_args[@]}" || status=$?
council_reports=$(cd "$ART/sites/council" && ls reports/*/report.html | paste -sd, -)
node "$HERE/check.mjs" --out "$ART/council" --only "$council_reports" "council=$ART/sites/council" || status=$?

echo "== 行政改革審議会 報告書の印刷 / printing the council reports"
node "$HERE/print.mjs" --out "$ART" "${check_args[@]}" "council=$ART/sites/council" || status=$?

# Publish the results: rebuild each site with them and check the page that shows them.
echo "== 試験結果を載せたページを試験 / checking the accessibility page with the results"
republished=()
for spec in "${sites[@]}"; do
  name=${spec%%=*}
  content=${spec#*=}
  results=$ART/results/$name.json
  [ -f "$results" ] || { echo "$results がありません / no results for $name" >&2; status=1; continue; }
  copy=$ART/published/$name
  mkdir -p "$copy"
  cp -R "$content" "$copy/content"
  cp "$results" "$copy/content/accessibility-results.json"
  "$BIN" build --content "$copy/content" --output "$copy/public" --theme "$ROOT/themes/default" --assets "$(assets_of "$content")" | tail -n 1
  pages=$(grep -c '"path":' "$results")
  if ! grep -q "試験したページと結果（${pages}ページ）" "$copy/public/accessibility.html"; then
    echo "NG: $name/accessibility.html に試験結果（${pages}ページ）が載っていません" >&2
    status=1
  fi
  republished+=("$name=$copy/public")
  if [ $publish -eq 1 ]; then
    cp "$results" "$content/accessibility-results.json"
    echo "公開用に書き出しました / published: $content/accessibility-results.json"
  fi
done
if [ $publish -eq 1 ]; then
  # The docs show the sample's pages as the browser saw them (README, docs/usage.md).
  mkdir -p "$ROOT/docs/screenshots"
  for shot in home-first-1280 home-first-375 table-first-1280 changes-first-1280 report-first-1280 department-first-1280; do
    src=$ART/screenshots/sample-$shot.png
    if [ -f "$src" ]; then cp "$src" "$ROOT/docs/screenshots/sample-$shot.png"; else echo "NG: $src がありません" >&2; status=1; fi
  done
  echo "画面写真を docs/screenshots/ に書き出しました / screenshots: docs/screenshots/"
fi
node "$HERE/check.mjs" --out "$ART/published" --only accessibility.html "${republished[@]}" || status=$?

# The checks themselves: planted faults must be caught (tests/browser/selftest.mjs).
echo "== 試験の自己診断 / self-test of the checks"
selftest_site=${check_args[0]#*=}
for a in "${check_args[@]}"; do [ "${a%%=*}" = sample ] && selftest_site=${a#*=}; done
node "$HERE/selftest.mjs" "$selftest_site" "$ART/selftest" || status=$?

# The item table's filters and sorting, with the keyboard, on the sample (tests/browser/table.mjs
# knows its items: ?grade=C, 収納課).
sample_site=
table_summary=()
for a in "${check_args[@]}"; do [ "${a%%=*}" = sample ] && sample_site=${a#*=}; done
if [ -n "$sample_site" ]; then
  echo "== 一覧表の絞り込みと並べ替え / the item table's filters and sorting"
  node "$HERE/table.mjs" "$sample_site" "$ART/table" || status=$?
  table_summary=("$ART/table/table-summary.json")
fi

echo "ブラウザー試験の所要時間 / browser suite took $(( $(date +%s) - START )) s; artefacts in tests/artifacts/"
# One closing line for both runs (pages of the first run plus the re-checked accessibility pages).
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const s = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += s.passed; failed += s.failed;
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
' "$ART/summary.json" "$ART/published/summary.json" "$ART/selftest/selftest-summary.json" \
  "$ART/council/summary.json" "$ART/print/print-summary.json" "${table_summary[@]}"
exit $status
