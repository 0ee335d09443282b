#!/usr/bin/env node
// 行政改革審議会 報告書の印刷の試験 / Print test of the council reports (reports/<year>/report.html
// and report/<department>.html): each is printed to an A4 PDF in headless Chromium
// (playwright-core, page.pdf) and the PDF's text is read back with PDF.js (pdfjs-dist):
//   - nothing wider than the printable width (180 mm): measured in print media emulation with the
//     viewport at that width (page overflow, every element's box, clipped overflow, tables);
//   - the cover alone on the first sheet; page numbers 「n / N」 at the foot of every sheet;
//   - the items table's header row once on every sheet the table spans (thead repeated);
//   - every item printed once, and no item split across sheets unless it is taller than a sheet
//     (the first line under the repeated header of a sheet is an item's number).
// Then the same checks on copies of one report with planted faults, each of which must be caught.
// Writes tests/artifacts/print/: NAME.json per site, page-counts.txt, print-summary.json; and the
// PDF of every whole report to tests/artifacts/pdf/.
//
// Usage: node print.mjs [--out DIR] NAME=SITE_DIR [NAME=SITE_DIR…]

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MM = 96 / 25.4; // CSS px per millimetre
const PT = 72 / 25.4; // PDF points per millimetre
// council-report.css: @page A4 with margins 14 mm (top), 15 mm (sides), 16 mm (bottom).
const PRINTABLE_WIDTH_MM = 180;
const PRINTABLE_HEIGHT_MM = 297 - 14 - 16;
const BOTTOM_MARGIN_PT = 16 * PT;

function parseArgs(argv) {
  const opts = { out: path.resolve(HERE, '../artifacts'), sites: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') opts.out = path.resolve(argv[++i]);
    else if (argv[i].includes('=')) {
      const [name, dir] = argv[i].split('=');
      opts.sites.push({ name, dir: path.resolve(dir) });
    } else throw new Error(`unknown argument: ${argv[i]}`);
  }
  if (!opts.sites.length) throw new Error('usage: node print.mjs [--out DIR] NAME=SITE_DIR…');
  return opts;
}

/** The council reports of a built site: reports/<year>/report.html and report/*.html. */
function reports(dir) {
  const base = path.join(dir, 'reports');
  if (!fs.existsSync(base)) return [];
  const out = [];
  for (const year of fs.readdirSync(base).filter((y) => /^\d{4}$/.test(y)).sort()) {
    if (fs.existsSync(path.join(base, year, 'report.html'))) out.push(`reports/${year}/report.html`);
    const depts = path.join(base, year, 'report');
    if (fs.existsSync(depts)) {
      for (const f of fs.readdirSync(depts).filter((f) => f.endsWith('.html')).sort()) out.push(`reports/${year}/report/${f}`);
    }
  }
  return out;
}

/** In the page, in print media at the printable width: what sticks out or is cut off. */
function widthProblems() {
  const problems = [];
  const de = document.documentElement;
  const vw = de.clientWidth;
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : el.classList[0] ? '.' + el.classList[0] : ''}「${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 20)}」`;
  if (de.scrollWidth > vw + 1) problems.push(`印刷の幅を超えます（内容の幅 ${de.scrollWidth}px、印刷できる幅 ${vw}px）`);
  for (const el of document.body.querySelectorAll('*')) {
    if (problems.length >= 5) break;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0) continue;
    if (r.right > vw + 1 || r.left < -1) problems.push(`印刷の幅からはみ出します: ${describe(el)}（右端 ${Math.round(r.right)}px / ${vw}px）`);
    else if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1) problems.push(`表の内容が表の幅を超えます: ${describe(el)}`);
    else if (['hidden', 'clip', 'auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg') {
      problems.push(`印刷で内容が切れます: ${describe(el)}`);
    }
  }
  return problems;
}

/** In the page, in print media: each item's number and whether its rows fit on one sheet. */
function itemBoxes(sheetHeightPx) {
  const thead = document.querySelector('table.report-items thead');
  const room = sheetHeightPx - (thead ? thead.getBoundingClientRect().height : 0);
  return [...document.querySelectorAll('table.report-items tbody')].map((b) => ({
    id: b.querySelector('th.report-id').textContent.trim(),
    fits: b.getBoundingClientRect().height <= room,
  }));
}

/** Text as compared: Chromium's PDFs map some kanji to Kangxi radicals (⾏ for 行) and ・ to ‧,
 * and PDF.js returns glyph runs; NFKC and no spaces make a line comparable with the page. */
const norm = (s) => s.normalize('NFKC').replace(/\u2027/g, '・').replace(/\s+/g, '');

/** Each sheet's lines of text, top first: runs on the same baseline joined left to right. */
async function pdfPages(buf) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const cMapUrl = pathToFileURL(path.join(HERE, 'node_modules/pdfjs-dist/cmaps/')).href;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), cMapUrl, cMapPacked: true, isEvalSupported: false, disableFontFace: true }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const runs = (await page.getTextContent()).items.filter((t) => t.str).map((t) => ({ str: t.str, x: t.transform[4], y: t.transform[5] }));
    runs.sort((a, b) => b.y - a.y || a.x - b.x);
    const lines = [];
    for (const r of runs) {
      const line = lines[lines.length - 1];
      if (line && Math.abs(line.y - r.y) < 0.5) line.runs.push(r);
      else lines.push({ y: r.y, runs: [r] });
    }
    pages.push(lines.map((l) => ({ y: l.y, text: norm(l.runs.sort((a, b) => a.x - b.x).map((r) => r.str).join('')) })).filter((l) => l.text));
  }
  await doc.destroy();
  return pages;
}

/** The checks on one printed report; returns { headerPages, problems }. */
function checkPdf(pages, items, coverTitle, headerRow) {
  const problems = [];
  const total = pages.length;
  pages.forEach((p, i) => {
    if (!p.some((l) => l.y < BOTTOM_MARGIN_PT && l.text.endsWith(`${i + 1}/${total}`))) problems.push(`${i + 1} 枚目にページ番号「${i + 1} / ${total}」がありません`);
  });
  const cover = (pages[0] || []).map((l) => l.text).join('');
  if (!cover.includes(norm(coverTitle))) problems.push(`1 枚目に表紙（${coverTitle}）がありません`);
  const isHeader = (l) => l.text === headerRow;
  if (cover.includes('総括表') || (pages[0] || []).some(isHeader)) problems.push('表紙と同じ 1 枚目に総括表か取組項目の表が印刷されます（表紙だけの 1 枚にしてください）');
  // An item starts where a line begins with its number (「1-1-1」, not the start of 「1-1-10」).
  const startsItem = (l) => items.find((b) => l.text.startsWith(b.id) && !/^\d/.test(l.text.slice(b.id.length)));
  const seen = new Map();
  const startPage = new Map();
  pages.forEach((p, i) => p.forEach((l) => {
    const b = startsItem(l);
    if (!b) return;
    seen.set(b.id, (seen.get(b.id) || 0) + 1);
    startPage.set(b.id, i);
  }));
  for (const b of items) if (seen.get(b.id) !== 1) problems.push(`取組項目 ${b.id} が ${seen.get(b.id) || 0} 回印刷されます（1 回のはず）`);
  if (!items.length) return { headerPages: 0, problems };
  const first = Math.min(...items.map((b) => startPage.get(b.id) ?? Infinity));
  const last = Math.max(...items.map((b) => startPage.get(b.id) ?? -1));
  let headerPages = 0;
  for (let i = first; i <= last && i < total; i++) {
    const headers = pages[i].filter(isHeader);
    if (headers.length !== 1) {
      problems.push(`${i + 1} 枚目に表の見出し行が ${headers.length} 回あります（表が続く各ページに 1 回）`);
      continue;
    }
    headerPages++;
    if (i === first) continue;
    // The first line under the repeated header must start an item, else the item before it was split.
    const below = pages[i].filter((l) => l.y < headers[0].y - 1 && l.y > BOTTOM_MARGIN_PT);
    const top = Math.max(...below.map((l) => l.y));
    if (!below.filter((l) => l.y > top - 4).some(startsItem)) {
      const prev = items.filter((b) => (startPage.get(b.id) ?? Infinity) < i).pop();
      if (prev && prev.fits) problems.push(`取組項目 ${prev.id} が ${i} 枚目と ${i + 1} 枚目に分かれて印刷されます（1 枚に収まる大きさです）`);
    }
  }
  return { headerPages, problems };
}

/** Prints one report and runs every check on it. */
async function checkReport(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.floor(PRINTABLE_WIDTH_MM * MM), height: 900 });
  const problems = await page.evaluate(widthProblems);
  const items = await page.evaluate(itemBoxes, PRINTABLE_HEIGHT_MM * MM);
  const coverTitle = await page.evaluate(() => document.querySelector('.report-cover h1 .report-edition').textContent.trim());
  const headerRow = norm(await page.evaluate(() => [...document.querySelectorAll('table.report-items thead th')].map((th) => th.textContent).join('')));
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  const pages = await pdfPages(pdf);
  const checked = checkPdf(pages, items, coverTitle, headerRow);
  return { pdf, pages: pages.length, items: items.length, headerPages: checked.headerPages, problems: [...problems, ...checked.problems] };
}

// name → [what the check must say (a substring), a change to the report's HTML]
const FAULTS = {
  'too-wide': ['印刷の幅', (h) => h.replace('</head>', '<style>@media print{table.report-items{width:230mm !important;max-width:none !important}}</style></head>')],
  'header-once': ['見出し行', (h) => h.replace('</head>', '<style>@media print{table.report-items thead{display:table-row-group !important}}</style></head>')],
  'items-split': ['分かれて', (h) => h.replace('</head>', '<style>@media print{table.report-items tbody,table.report-items tr{break-inside:auto !important}}</style></head>')],
  'cover-shared': ['表紙だけ', (h) => h.replace('</head>', '<style>@media print{.report-cover{break-after:auto !important}}</style></head>')],
  'no-page-numbers': ['ページ番号', (h) => h.replace('</head>', '<style>@page{@bottom-right{content:none !important}}</style></head>')],
};

/** Plants each fault in a copy of `rel` (a whole report of `site`) and requires it be caught. */
async function selftest(page, server, site, rel, out) {
  const copy = path.join(out, 'selftest-site');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(site.dir, copy, { recursive: true });
  const original = fs.readFileSync(path.join(copy, rel), 'utf8');
  const results = [];
  for (const [name, [expected, mutate]] of Object.entries(FAULTS)) {
    const changed = mutate(original);
    if (changed === original) throw new Error(`fault ${name} did not apply`);
    const file = rel.replace(/report\.html$/, `zz-${name}.html`);
    fs.writeFileSync(path.join(copy, file), changed);
    const r = await checkReport(page, `${server.origin}/selftest/${file}`);
    const caught = r.problems.find((p) => p.includes(expected));
    results.push({ name, caught: Boolean(caught), message: caught || r.problems.join(' / ') || '問題なし' });
  }
  return results;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const printDir = path.join(opts.out, 'print');
  fs.mkdirSync(printDir, { recursive: true });
  fs.mkdirSync(path.join(opts.out, 'pdf'), { recursive: true });
  const copyDir = path.join(printDir, 'selftest-site');
  const server = await serve({ ...Object.fromEntries(opts.sites.map((s) => [s.name, s.dir])), selftest: copyDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  let passed = 0;
  let failed = 0;
  const counts = [];
  let largest = null;
  for (const site of opts.sites) {
    const rs = [];
    for (const rel of reports(site.dir)) {
      const r = await checkReport(page, `${server.origin}/${site.name}/${rel}`);
      const whole = rel.endsWith('/report.html');
      if (whole) fs.writeFileSync(path.join(opts.out, 'pdf', `${site.name}-${rel.replace(/\//g, '-').replace(/\.html$/, '')}.pdf`), r.pdf);
      if (whole && (!largest || r.pages > largest.pages)) largest = { site, rel, pages: r.pages };
      const line = `${r.problems.length ? 'NG' : 'ok'}  ${site.name}/${rel}: A4 ${r.pages} 枚（取組項目 ${r.items} 件、見出し行のある枚数 ${r.headerPages}）`;
      console.log(line);
      for (const p of r.problems) console.log(`      ${p}`);
      counts.push(`${site.name}/${rel}\t${r.pages}\t${r.items}`);
      rs.push({ path: rel, pages: r.pages, items: r.items, header_pages: r.headerPages, problems: r.problems });
      if (r.problems.length) failed++;
      else passed++;
    }
    fs.writeFileSync(path.join(printDir, `${site.name}.json`), JSON.stringify(rs, null, 2) + '\n');
  }
  if (largest && largest.pages > 2) {
    for (const r of await selftest(page, server, largest.site, largest.rel, printDir)) {
      console.log(`${r.caught ? 'ok' : 'NG'}  自己診断 ${r.name}（${largest.site.name}/${largest.rel}）: ${r.message}`);
      if (r.caught) passed++;
      else failed++;
    }
  } else {
    console.log('NG  自己診断: 3 枚以上に印刷される報告書がありません（試験用の 36 項目の計画を加えてください）');
    failed++;
  }
  await browser.close();
  await server.close();
  fs.writeFileSync(path.join(printDir, 'page-counts.txt'), ['# site/path\tA4 pages\titems', ...counts].join('\n') + '\n');
  fs.writeFileSync(path.join(printDir, 'print-summary.json'), JSON.stringify({ passed, failed }) + '\n');
  console.log(`印刷の試験 / print: ${passed} passed, ${failed} failed（枚数: ${path.relative(process.cwd(), path.join(printDir, 'page-counts.txt'))}）`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
