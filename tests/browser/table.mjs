#!/usr/bin/env node
// The item table (items/index.html, js/table.js) in headless Chromium, on the sample site: a
// filtered link (?grade=C) opens filtered, the live region counts the rows, the filters and a
// sort work with the keyboard alone (Tab, Shift+Tab, arrow keys, Space, Enter) and write their
// state into the URL, the state survives a reload, and axe finds nothing in the filtered states.
//
// Usage: node table.mjs SITE_DIR [OUT_DIR]   (SITE_DIR: the built sample site)

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const [siteArg, outArg] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node table.mjs SITE_DIR [OUT_DIR]');
  process.exit(2);
}
const out = path.resolve(outArg || path.join(HERE, '../artifacts/table'));
fs.mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok ' : 'NG '} ${name}${ok ? '' : `: ${detail}`}`);
}

/** What the table shows now: visible rows with their codes, the live region, the URL. */
function tableState() {
  const rows = [...document.querySelectorAll('#item-table tbody tr')];
  const shown = rows.filter((r) => !r.hidden && r.getClientRects().length > 0);
  const cell = (r, key) => {
    const heads = [...document.querySelectorAll('#item-table thead th')];
    const i = heads.findIndex((th) => th.getAttribute('data-sort-key') === key);
    return r.cells[i].textContent.trim();
  };
  const sorted = document.querySelector('#item-table thead th[aria-sort]');
  const form = document.getElementById('table-filters');
  return {
    total: rows.length,
    formShown: !form.hidden && form.getClientRects().length > 0,
    status: document.getElementById('table-status').textContent.trim(),
    emptyShown: !document.getElementById('table-empty').hidden,
    search: location.search,
    values: Object.fromEntries([...form.querySelectorAll('select')].map((s) => [s.name, s.value])),
    behind: document.getElementById('filter-behind').checked,
    sort: sorted ? [sorted.getAttribute('data-sort-key'), sorted.getAttribute('aria-sort')] : null,
    rows: shown.map((r) => ({
      id: r.cells[0].textContent.trim(),
      grade: r.getAttribute('data-grade'),
      gradeText: cell(r, 'grade'),
      dept: r.getAttribute('data-dept'),
      behind: r.getAttribute('data-behind'),
      attainment: r.getAttribute('data-attainment'),
    })),
    all: rows.map((r) => ({ grade: r.getAttribute('data-grade'), dept: r.getAttribute('data-dept'), behind: r.getAttribute('data-behind') })),
  };
}

/** Presses Tab (or Shift+Tab) until `selector` has focus; false if it never does. */
async function tabTo(page, selector, key = 'Tab') {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  return false;
}

async function axe(page, source, name) {
  await page.evaluate(source + '\n;0');
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  const v = r.violations.map((x) => `${x.id}（${x.nodes.length} 箇所）`);
  check(`axe: ${name}`, v.length === 0, v.join(', '));
}

const count = (s) => `${s.total}件中${s.rows.length}件を表示`;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function main() {
  const axeSource = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const server = await serve({ sample: path.resolve(siteArg) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' })).newPage();
  const base = `${server.origin}/sample/items/index.html`;
  const state = () => page.evaluate(tableState);
  try {
    // A link to all C items opens filtered.
    await page.goto(`${base}?grade=C`, { waitUntil: 'load' });
    let s = await state();
    const cs = s.all.filter((r) => r.grade === 'C').length;
    check('?grade=C: フォームが表示され、評価が C に設定される', s.formShown && s.values.grade === 'C', JSON.stringify(s.values));
    check('?grade=C: C の行だけが表示される', s.rows.length === cs && cs > 0 && cs < s.total && s.rows.every((r) => r.grade === 'C' && r.gradeText.startsWith('C')), JSON.stringify(s.rows));
    check('?grade=C: 件数の読み上げ', s.status === `${s.total}件中${cs}件を表示`, s.status);
    await page.screenshot({ path: path.join(out, 'table-grade-C.png'), fullPage: true });
    await axe(page, axeSource, '?grade=C');

    // Keyboard only: 担当課 with the arrow key (combined with the grade from the URL).
    check('Tab で担当課の選択に届く', await tabTo(page, '#filter-dept'), 'not reached');
    await page.keyboard.press('ArrowDown');
    s = await state();
    const dept = s.values.dept;
    check('矢印キーで担当課を選ぶと URL に入る', dept && s.search.includes(`dept=${dept}`) && s.search.includes('grade=C'), s.search);
    const both = s.all.filter((r) => r.grade === 'C' && r.dept === dept).length;
    check('担当課と評価の両方で絞り込まれる', s.rows.length === both && s.rows.every((r) => r.grade === 'C' && r.dept === dept), JSON.stringify(s.rows));
    check('件数の読み上げが変わる', s.status === count(s), s.status);

    // 条件をすべて解除 with Enter.
    check('Tab で「条件をすべて解除」に届く', await tabTo(page, '#filter-reset'), 'not reached');
    await page.keyboard.press('Enter');
    s = await state();
    check('解除すると全件が表示され、URL から条件が消える', s.rows.length === s.total && s.search === '' && s.status === `${s.total}件中${s.total}件を表示`, `${s.search} ${s.status}`);

    // 遅れのみ with Space (Shift+Tab back from the reset button).
    check('Shift+Tab で「遅れのみ」に戻る', await tabTo(page, '#filter-behind', 'Shift+Tab'), 'not reached');
    await page.keyboard.press('Space');
    s = await state();
    const late = s.all.filter((r) => r.behind === '1').length;
    check('Space で遅れのある項目だけになり、URL に behind=1', s.behind && s.search === '?behind=1' && s.rows.length === late && s.rows.every((r) => r.behind === '1'), `${s.search} ${JSON.stringify(s.rows)}`);
    await page.keyboard.press('Space');
    s = await state();
    check('もう一度 Space で全件に戻る', !s.behind && s.search === '' && s.rows.length === s.total, s.search);

    // Sort by 達成率 with Enter, then the other way with Space.
    check('Tab で「達成率」の並べ替えボタンに届く', await tabTo(page, 'th[data-sort-key="attainment"] button'), 'not reached');
    await page.keyboard.press('Enter');
    s = await state();
    const rates = (rs) => rs.map((r) => (r.attainment === '' ? null : Number(r.attainment)));
    const ordered = (xs, sign) => {
      const known = xs.filter((x) => x !== null);
      const tail = xs.slice(known.length);
      return tail.every((x) => x === null) && known.every((x, i) => i === 0 || sign * (x - known[i - 1]) >= 0);
    };
    check('Enter で達成率の低い順（昇順）、aria-sort と URL', same(s.sort, ['attainment', 'ascending']) && s.search === '?sort=attainment&order=asc' && ordered(rates(s.rows), 1), `${JSON.stringify(s.sort)} ${s.search} ${rates(s.rows)}`);
    await page.keyboard.press('Space');
    s = await state();
    check('Space で降順、達成率なしは最後', same(s.sort, ['attainment', 'descending']) && s.search === '?sort=attainment&order=desc' && ordered(rates(s.rows), -1), `${JSON.stringify(s.sort)} ${s.search} ${rates(s.rows)}`);
    check('並び順も読み上げる', s.status === `${count(s)}（並び順: 達成率の降順）`, s.status);

    // The URL carries the whole state: a reload opens the same view.
    await page.goto(`${base}?behind=1&sort=attainment&order=desc`, { waitUntil: 'load' });
    const before = await state();
    await page.reload({ waitUntil: 'load' });
    s = await state();
    check('再読み込みしても同じ表示', same(s.rows, before.rows) && s.behind && same(s.sort, ['attainment', 'descending']) && s.status === before.status, `${JSON.stringify(s.rows)} / ${JSON.stringify(before.rows)}`);
    await axe(page, axeSource, '?behind=1&sort=attainment&order=desc');

    // No match: the message and a count of 0; an unknown code is ignored.
    await page.goto(`${base}?grade=A&dept=shuno`, { waitUntil: 'load' });
    s = await state();
    check('該当なしのとき「条件に合う取組項目はありません」と 0 件', s.rows.length === 0 && s.emptyShown && s.status === `${s.total}件中0件を表示`, `${s.rows.length} ${s.status}`);
    await axe(page, axeSource, '?grade=A&dept=shuno（該当なし）');
    await page.goto(`${base}?grade=Z&sort=nothing`, { waitUntil: 'load' });
    s = await state();
    check('知らない値は無視して全件を番号順に表示', s.rows.length === s.total && s.values.grade === '' && same(s.sort, ['id', 'ascending']), JSON.stringify(s.values));
  } finally {
    await browser.close();
    await server.close();
  }
  fs.writeFileSync(path.join(out, 'table-summary.json'), JSON.stringify({ passed, failed }) + '\n');
  console.log(`table: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
