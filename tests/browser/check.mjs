#!/usr/bin/env node
// JIS X 8341-3:2016 (= WCAG 2.0) level AA checks of every page of generated sites, in Debian's
// headless Chromium driven by playwright-core:
//   axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) · Nu Html Checker (vnu.jar) · structure
//   (lang, titles, h1, heading levels, landmarks, tables) · keyboard (skip link first, every
//   focusable element reached, focus visible) · reflow at 320 px and at 640 px (= 200 % zoom of
//   1280 px), also with WCAG 2.1 text spacing · charts (title/desc, same numbers as the table, contrast) · JavaScript disabled ·
//   print (no navigation, URL and 基準日, item pages ≤ 2 A4 pages).
// Writes tests/artifacts/: accessibility-results JSON per site (the format the build reads from
// content/accessibility-results.json), screenshots, one PDF per site, and a text log.
//
// Usage: node check.mjs [--out DIR] [--only PATH[,PATH…]] [--jobs N] NAME=SITE_DIR [NAME=SITE_DIR…]

import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import * as inpage from './inpage.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = (p) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', p), 'utf8'));

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const MAX_ITEM_PRINT_PAGES = 2;
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
const WIDE = { width: 1280, height: 900 };
const NARROW = 375;

const CHECKS = [
  ['axe', 'axe-core による自動チェック（WCAG 2.0・2.1 レベル A・AA の規則）'],
  ['html', 'Nu Html Checker による HTML の文法チェック'],
  ['structure', '言語・ページタイトル・見出し・ランドマーク・表の見出しの確認'],
  ['keyboard', 'キーボード操作（最初の Tab で「本文へ移動」、すべてのリンク等に到達、フォーカスの表示）'],
  ['reflow', 'リフロー（幅 320px と、200% 拡大に当たる幅 640px で、横スクロールや欠けがない。文字の間隔を広げても欠けない）'],
  ['charts', 'グラフ（title と desc、同じ数値の表、色のコントラスト、形の違い）'],
  ['nojs', 'JavaScript を無効にしても内容が表示され、自動チェックの違反がない'],
  ['print', '印刷（ナビゲーションを除き、URL と基準日を表示。取組項目のページは A4 で 2 枚以内）'],
];

function parseArgs(argv) {
  const opts = { out: path.resolve(HERE, '../artifacts'), only: null, jobs: 2, sites: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--only') opts.only = new Set(argv[++i].split(','));
    else if (a === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a.includes('=')) {
      const [name, dir] = a.split('=');
      opts.sites.push({ name, dir: path.resolve(dir) });
    } else throw new Error(`unknown argument: ${a}`);
  }
  if (!opts.sites.length) throw new Error('usage: node check.mjs [--out DIR] [--only PATHS] NAME=SITE_DIR…');
  return opts;
}

/** An item's page (items/1-1-1.html, in any edition); not the item table items/index.html. */
function isItemPage(rel) {
  return /(^|\/)items\/[^/]+\.html$/.test(rel) && !rel.endsWith('items/index.html');
}

function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Runs the Nu Html Checker once over every page; returns errors by absolute file path. */
function vnu(files) {
  const jar = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
  const run = spawnSync('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', '--exit-zero-always', ...files], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  // vnu writes its JSON report to stderr.
  const out = [run.stderr, run.stdout].map((x) => (x || '').trim()).find((x) => x.startsWith('{'));
  if (run.status !== 0 || !out) throw new Error(`vnu.jar failed (${run.status}): ${run.stderr || run.error}`);
  const json = JSON.parse(out);
  const byFile = new Map();
  for (const m of json.messages || []) {
    if (m.type !== 'error' && m.subType !== 'fatal') continue;
    const file = m.url ? fileURLToPath(m.url) : '?';
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(`${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}`);
  }
  return byFile;
}

function vnuVersion() {
  const jar = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
  return execFileSync('java', ['-jar', jar, '--version'], { encoding: 'utf8' }).trim();
}

function pdfPageCount(buf) {
  const s = buf.toString('latin1');
  const pages = (s.match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
  return pages;
}

async function runAxe(page, axeSource) {
  await page.evaluate(axeSource + '\n;0');
  const r = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  return r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}`),
  }));
}

/** Tab from the top of the page: the skip link comes first and works; every focusable element is
 * reached once, in order, with a visible focus indicator. */
async function keyboard(page, url) {
  const problems = [];
  const { count, positive } = await page.evaluate(inpage.markFocusable);
  if (positive) problems.push(`tabindex に正の値が ${positive} 個あります（Tab の順序が崩れます）`);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(inpage.focusState);
  if (!first.skip) {
    problems.push(`最初の Tab で「本文へ移動」リンクにフォーカスしません（${first.tag ?? 'なし'}「${first.text ?? ''}」）`);
  } else {
    if (!first.inView) problems.push('フォーカスした「本文へ移動」リンクが画面に表示されません');
    if (!first.visibleFocus) problems.push('「本文へ移動」リンクのフォーカスが見えません');
    await page.keyboard.press('Enter');
    const target = await page.evaluate(inpage.focusState);
    if (target.hash !== '#main' || target.id !== 'main') {
      problems.push(`「本文へ移動」で本文（main）に移動しません（${target.tag ?? 'なし'}）`);
    } else {
      const hasFocusableInMain = await page.evaluate(() => Boolean(document.querySelector('main [data-kbd]')));
      if (hasFocusableInMain) {
        await page.keyboard.press('Tab');
        const next = await page.evaluate(inpage.focusState);
        if (!next.inMain) problems.push(`「本文へ移動」の次の Tab が本文の中に入りません（${next.tag}「${next.text}」）`);
      }
    }
  }
  // The full walk, from a fresh load (without the #main the skip link added: Chromium starts
  // sequential focus navigation at the fragment's target).
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(inpage.markFocusable);
  const seen = [];
  for (let i = 0; i < count + 2; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(inpage.focusState);
    if (s.index === null || (seen.length && s.index === 0)) break;
    if (s.index === -1) {
      problems.push(`想定外の要素にフォーカスします: ${s.tag}「${s.text}」`);
      break;
    }
    if (!s.visibleFocus) problems.push(`フォーカスが見えません: ${s.tag}「${s.text}」`);
    if (!s.inView) problems.push(`フォーカスした要素が画面に表示されません: ${s.tag}「${s.text}」`);
    seen.push(s.index);
  }
  const expected = [...Array(count).keys()];
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    const missing = expected.filter((i) => !seen.includes(i));
    problems.push(`キーボードで到達できない、または順序が違う要素があります（到達 ${seen.length}/${count}、未到達 ${missing.slice(0, 5).join(',')}）`);
  }
  return { problems: [...new Set(problems)].slice(0, 10), focusable: count };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const axeSource = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
  fs.mkdirSync(path.join(opts.out, 'screenshots'), { recursive: true });
  fs.mkdirSync(path.join(opts.out, 'pdf'), { recursive: true });
  fs.mkdirSync(path.join(opts.out, 'results'), { recursive: true });

  const server = await serve(Object.fromEntries(opts.sites.map((s) => [s.name, s.dir])));
  // Playwright adds a fresh --user-data-dir (a new temporary profile) to every launch.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const tools = [
    { name: 'Chromium', version: browser.version() },
    { name: 'Playwright（playwright-core）', version: require('playwright-core/package.json').version },
    { name: 'axe-core', version: require('axe-core/package.json').version },
    { name: 'Nu Html Checker（vnu.jar）', version: vnuVersion() },
  ];
  console.log(tools.map((t) => `${t.name} ${t.version}`).join(' / '));

  // Every page of every site, as jobs for a small pool of workers.
  const jobs = [];
  for (const site of opts.sites) {
    for (const rel of htmlFiles(site.dir)) {
      if (opts.only && !opts.only.has(rel)) continue;
      jobs.push({ site, rel });
    }
  }
  const itemForScreenshots = new Map(opts.sites.map((s) => {
    const items = htmlFiles(s.dir).filter((p) => p.startsWith('items/') && isItemPage(p));
    // The item with the most charts is the one most likely to go wrong.
    const count = (p) => (fs.readFileSync(path.join(s.dir, p), 'utf8').match(/role="img"/g) || []).length;
    items.sort((a, b) => count(b) - count(a) || a.localeCompare(b));
    return [s.name, items[0]];
  }));

  // Pages photographed for the artefacts and the docs (run.sh --publish copies the sample's
  // first screens into docs/screenshots/): home, one item, the item table, what changed, the
  // latest council report and the first department page.
  const shotsFor = new Map(opts.sites.map((s) => {
    const files = htmlFiles(s.dir);
    const last = (re) => files.filter((p) => re.test(p)).sort().pop();
    const first = (re) => files.filter((p) => re.test(p)).sort()[0];
    const named = [
      ['index.html', 'home'],
      [itemForScreenshots.get(s.name), 'item'],
      ['items/index.html', 'table'],
      ['changes.html', 'changes'],
      [last(/^reports\/\d+\/report\.html$/), 'report'],
      [first(/^departments\/(?!index\.html)[^/]+\.html$/), 'department'],
    ].filter(([rel]) => rel && files.includes(rel));
    return [s.name, new Map(named)];
  }));

  const htmlErrors = vnu(jobs.map((j) => path.join(j.site.dir, j.rel)));

  const wide = await browser.newContext({ viewport: WIDE, locale: 'ja-JP', reducedMotion: 'reduce' });
  const results = [];
  const log = [];
  let done = 0;

  async function checkPage({ site, rel }, workerPages) {
    const url = `${server.origin}/${site.name}/${rel}`;
    const r = { site: site.name, path: rel, title: '', axe: [], html: htmlErrors.get(path.join(site.dir, rel)) || [], problems: [], charts: 0 };
    const add = (check, list) => list.forEach((message) => r.problems.push({ check, message }));
    const { page, narrow, zoom, nojs, blocked } = workerPages;

    await page.setViewportSize(WIDE);
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || (response.status() !== 200 && rel !== '404.html')) add('structure', [`HTTP ${response && response.status()}`]);
    r.title = await page.title();
    r.axe = await runAxe(page, axeSource);
    add('structure', await page.evaluate(inpage.structure));
    const charts = await page.evaluate(inpage.charts);
    r.charts = charts.count;
    add('charts', charts.problems);
    r.chartNotes = charts.notes;

    // Print media.
    await page.emulateMedia({ media: 'print' });
    add('print', await page.evaluate(inpage.printView));
    if (isItemPage(rel)) {
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      r.printPages = pdfPageCount(pdf);
      if (r.printPages > MAX_ITEM_PRINT_PAGES) add('print', [`A4 で ${r.printPages} 枚に印刷されます（${MAX_ITEM_PRINT_PAGES} 枚以内にしてください）`]);
      if (rel === itemForScreenshots.get(site.name)) fs.writeFileSync(path.join(opts.out, 'pdf', `${site.name}-item.pdf`), pdf);
    }
    await page.emulateMedia({ media: 'screen' });

    const shot = shotsFor.get(site.name).get(rel) || null;
    if (shot) {
      await page.screenshot({ path: path.join(opts.out, 'screenshots', `${site.name}-${shot}-1280.png`), fullPage: true });
      await page.screenshot({ path: path.join(opts.out, 'screenshots', `${site.name}-${shot}-first-1280.png`) });
    }

    // Keyboard.
    const kb = await keyboard(page, url);
    add('keyboard', kb.problems);
    r.focusable = kb.focusable;

    // Reflow: 320 CSS px, and 640 CSS px at device scale 2 (1280 px at 200 % zoom).
    await narrow.goto(url, { waitUntil: 'load' });
    add('reflow', (await narrow.evaluate(inpage.reflow)).map((m) => `幅 320px: ${m}`));
    await zoom.goto(url, { waitUntil: 'load' });
    add('reflow', (await zoom.evaluate(inpage.reflow)).map((m) => `200% 拡大: ${m}`));
    // Text spacing (WCAG 2.1 1.4.12): the user's wider spacing must not cut anything off.
    await zoom.addStyleTag({ content: TEXT_SPACING });
    add('reflow', (await zoom.evaluate(inpage.reflow)).map((m) => `文字の間隔を広げたとき: ${m}`));
    if (shot) {
      await narrow.setViewportSize({ width: NARROW, height: 812 });
      await narrow.goto(url, { waitUntil: 'load' });
      add('reflow', (await narrow.evaluate(inpage.reflow)).map((m) => `幅 ${NARROW}px: ${m}`));
      await narrow.screenshot({ path: path.join(opts.out, 'screenshots', `${site.name}-${shot}-${NARROW}.png`), fullPage: true });
      await narrow.screenshot({ path: path.join(opts.out, 'screenshots', `${site.name}-${shot}-first-${NARROW}.png`) });
      await narrow.setViewportSize({ width: 320, height: 640 });
    }

    // JavaScript disabled: the content is there; where the page has scripts, axe again on the
    // page as it is without them (scripts blocked, since axe itself needs JavaScript).
    await nojs.goto(url, { waitUntil: 'load' });
    const ns = await nojs.evaluate(inpage.noScript);
    add('nojs', ns.problems);
    if (ns.inline) add('nojs', [`インラインのスクリプトが ${ns.inline} 個あります`]);
    if (ns.scripts) {
      await blocked.goto(url, { waitUntil: 'load' });
      const v = await runAxe(blocked, axeSource);
      add('nojs', v.map((x) => `JavaScript なしで axe の違反: ${x.id}（${x.nodes} 箇所）`));
    }

    for (const v of r.axe) r.problems.push({ check: 'axe', message: `${v.id}（${v.impact}、${v.nodes} 箇所）: ${v.help}` });
    for (const e of r.html) r.problems.push({ check: 'html', message: e });
    done++;
    const status = r.problems.length ? `NG ${r.problems.length}` : 'ok';
    const line = `[${String(done).padStart(3)}/${jobs.length}] ${status.padEnd(5)} ${site.name}/${rel}${r.printPages ? `（印刷 ${r.printPages} 枚）` : ''}`;
    console.log(line);
    log.push(line);
    for (const p of r.problems) {
      const detail = `        ${p.check}: ${p.message}`;
      console.log(detail);
      log.push(detail);
    }
    if (r.problems.some((p) => p.check === 'axe')) {
      for (const v of r.axe) for (const t of v.targets) log.push(`          ${v.id}: ${t}`);
    }
    results.push(r);
  }

  async function worker() {
    const narrowCtx = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'ja-JP' });
    const zoomCtx = await browser.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2, locale: 'ja-JP' });
    const nojsCtx = await browser.newContext({ viewport: WIDE, javaScriptEnabled: false, locale: 'ja-JP' });
    const blockedCtx = await browser.newContext({ viewport: WIDE, locale: 'ja-JP' });
    await blockedCtx.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
    const pages = {
      page: await wide.newPage(),
      narrow: await narrowCtx.newPage(),
      zoom: await zoomCtx.newPage(),
      nojs: await nojsCtx.newPage(),
      blocked: await blockedCtx.newPage(),
    };
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        await checkPage(job, pages);
      } catch (e) {
        results.push({ site: job.site.name, path: job.rel, title: '', axe: [], html: [], problems: [{ check: 'structure', message: `試験できませんでした: ${e.message.split('\n')[0]}` }] });
        console.log(`ERROR ${job.site.name}/${job.rel}: ${e.stack}`);
      }
    }
    await Promise.all([narrowCtx.close(), zoomCtx.close(), nojsCtx.close(), blockedCtx.close()]);
  }
  const queue = [...jobs];
  await Promise.all([...Array(Math.min(opts.jobs, jobs.length || 1))].map(() => worker()));
  await browser.close();
  await server.close();

  // Titles must be unique within each site.
  for (const site of opts.sites) {
    const byTitle = new Map();
    for (const r of results.filter((x) => x.site === site.name)) {
      if (!byTitle.has(r.title)) byTitle.set(r.title, []);
      byTitle.get(r.title).push(r);
    }
    for (const [title, rs] of byTitle) {
      if (rs.length > 1 && !opts.only) {
        for (const r of rs) r.problems.push({ check: 'structure', message: `ページタイトル「${title}」が ${rs.length} ページで同じです` });
      }
    }
  }

  // Results JSON per site, in the format the build reads (content/accessibility-results.json).
  const testedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const summary = [];
  for (const site of opts.sites) {
    const rs = results.filter((x) => x.site === site.name).sort((a, b) => a.path.localeCompare(b.path));
    if (!rs.length) continue;
    const doc = {
      format: 'shinchoku-accessibility-results',
      version: 1,
      tested_on: testedOn,
      standard: 'JIS X 8341-3:2016',
      level: 'AA',
      axe_tags: AXE_TAGS,
      tools,
      checks: CHECKS.map(([id, name]) => ({
        id,
        name,
        pages: id === 'charts' ? rs.filter((r) => r.charts).length : rs.length,
        failed: rs.filter((r) => r.problems.some((p) => p.check === id)).length,
      })),
      pages: rs.map((r) => ({
        path: r.path,
        title: r.title,
        axe_violations: r.axe.reduce((n, v) => n + v.nodes, 0),
        html_errors: r.html.length,
        problems: r.problems.map((p) => ({ check: p.check, message: p.message })),
        ...(r.printPages ? { print_pages: r.printPages } : {}),
      })),
    };
    fs.writeFileSync(path.join(opts.out, 'results', `${site.name}.json`), JSON.stringify(doc, null, 2) + '\n');
    const failed = rs.filter((r) => r.problems.length).length;
    const axeTotal = rs.reduce((n, r) => n + r.axe.reduce((m, v) => m + v.nodes, 0), 0);
    const htmlTotal = rs.reduce((n, r) => n + r.html.length, 0);
    const notes = [...new Set(rs.flatMap((r) => r.chartNotes || []))];
    summary.push(`${site.name}: ${rs.length} ページ、axe 違反 ${axeTotal}、HTML エラー ${htmlTotal}、問題のあるページ ${failed}${notes.length ? `（${notes.join('、')}）` : ''}`);
  }
  const passed = results.filter((r) => !r.problems.length).length;
  const failed = results.length - passed;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const closing = [
    ...summary,
    `所要時間 ${secs} 秒 / ${tools.map((t) => `${t.name} ${t.version}`).join(' / ')}`,
    `pages: ${passed} passed, ${failed} failed`,
  ];
  fs.writeFileSync(path.join(opts.out, 'browser-tests.log'), [...log, ...closing].join('\n') + '\n');
  fs.writeFileSync(path.join(opts.out, 'summary.json'), JSON.stringify({ passed, failed, seconds: Number(secs) }) + '\n');
  console.log(closing.join('\n'));
  process.exitCode = failed || !results.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
