#!/usr/bin/env node
// Self-test of the checks: copies a built site, plants one known accessibility fault per page
// (starting from a real generated item page), runs check.mjs on them and requires that every
// fault is reported by the check meant to catch it, and that the untouched page passes.
// A check that cannot fail would pass every page; this makes sure each one can.
//
// Usage: node selftest.mjs SITE_DIR [OUT_DIR]

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [siteArg, outArg] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node selftest.mjs SITE_DIR [OUT_DIR]');
  process.exit(2);
}
const site = path.resolve(siteArg);
const out = path.resolve(outArg || path.join(HERE, '../artifacts/selftest'));
const copy = path.join(out, 'site');
fs.rmSync(out, { recursive: true, force: true });
fs.cpSync(site, copy, { recursive: true });

// The item page with a chart: the richest page, so every kind of fault has something to break.
const items = fs.readdirSync(path.join(copy, 'items')).filter((f) => f.endsWith('.html')).sort();
const base = items.find((f) => fs.readFileSync(path.join(copy, 'items', f), 'utf8').includes('role="img"'));
if (!base) throw new Error('no item page with a chart in ' + site);
const original = fs.readFileSync(path.join(copy, 'items', base), 'utf8');

const inMain = (html, snippet) => html.replace('<main id="main" tabindex="-1">', `<main id="main" tabindex="-1">${snippet}`);
const inHead = (html, snippet) => html.replace('</head>', `${snippet}</head>`);
const must = (html, changed) => {
  if (html === changed) throw new Error('mutation did not apply');
  return changed;
};

// name → [expected check, mutation]
const faults = {
  'no-skip-link': ['keyboard', (h) => h.replace(/<a class="skip-link"[^>]*>[^<]*<\/a>/, '')],
  'low-contrast': ['axe', (h) => inMain(h, '<p style="color:#aaaaaa">薄い灰色の文字</p>')],
  'image-without-alt': ['axe', (h) => inMain(h, '<img src="../css/none.png" width="10" height="10">')],
  'wide-block': ['reflow', (h) => inMain(h, '<div style="width:40rem">幅の固定された箱</div>')],
  'clipped-text': ['reflow', (h) => inMain(h, '<div style="width:6rem;overflow:hidden;white-space:nowrap">ここで切れてしまう長い文章です</div>')],
  'unlabelled-scroller': ['reflow', (h) => inMain(h, '<div style="overflow-x:auto"><div style="width:60rem">横に長い内容</div></div>')],
  'skipped-heading': ['structure', (h) => h.replace(/(<\/h1>)/, '$1<h4>飛んだ見出し</h4>')],
  'english-lang': ['structure', (h) => h.replace('<html lang="ja">', '<html lang="en">')],
  'outside-landmarks': ['structure', (h) => h.replace('<main id="main"', '<p>ランドマークの外の文</p><main id="main"')],
  'chart-table-mismatch': ['charts', (h) => h.replace(/(<td class="num" data-value=")(-?[\d.]+)(")/, (_, a, v, b) => `${a}${Number(v) + 1}${b}`)],
  'chart-low-contrast': ['charts', (h) => inHead(h, '<style>svg .marks [data-value]{fill:#dddddd !important;stroke:#dddddd !important}</style>')],
  'chart-without-desc': ['charts', (h) => h.replace(/<desc id="[^"]*">[^<]*<\/desc>/, '')],
  'duplicate-id': ['html', (h) => inMain(h, '<p id="main">重複した id</p>')],
  'invisible-focus': ['keyboard', (h) => inHead(h, '<style>*:focus,*:focus-visible{outline:none !important;box-shadow:none !important}</style>')],
  'positive-tabindex': ['keyboard', (h) => inMain(h, '<a href="#main" tabindex="3">先に来るリンク</a>')],
  'navigation-printed': ['print', (h) => inHead(h, '<style>@media print{.site-nav{display:block !important}}</style>')],
  'too-long-to-print': ['print', (h) => inMain(h, `<div>${'<p>長い本文。'.repeat(1) + '印刷すると何枚にもなる長い文章です。'.repeat(60) + '</p>'}`.repeat(12) + '</div>')],
  'inline-script': ['nojs', (h) => inHead(h, '<script>document.documentElement.dataset.x = "1";</script>')],
};

const only = ['items/' + base];
for (const [name, [, mutate]] of Object.entries(faults)) {
  const file = `items/zz-${name}.html`;
  fs.writeFileSync(path.join(copy, file), must(original, mutate(original)));
  only.push(file);
}

const run = spawnSync(process.execPath, [path.join(HERE, 'check.mjs'), '--out', out, '--only', only.join(','), `selftest=${copy}`], {
  encoding: 'utf8',
});
const results = JSON.parse(fs.readFileSync(path.join(out, 'results', 'selftest.json'), 'utf8'));
const byPath = new Map(results.pages.map((p) => [p.path, p]));
let passed = 0;
let failed = 0;
const fail = (msg) => {
  failed++;
  console.log(`NG  ${msg}`);
};

const control = byPath.get('items/' + base);
if (!control) fail(`items/${base} was not checked`);
else if (control.problems.length) fail(`the untouched page items/${base} has problems: ${control.problems.map((p) => p.message).join(' / ')}`);
else {
  passed++;
  console.log(`ok  items/${base}（元のページ）: 問題なし`);
}
for (const [name, [check]] of Object.entries(faults)) {
  const r = byPath.get(`items/zz-${name}.html`);
  const caught = r && r.problems.filter((p) => p.check === check);
  if (!caught || !caught.length) {
    fail(`${name}: not caught by "${check}" (${r ? r.problems.map((p) => `${p.check}: ${p.message}`).join(' / ') || 'no problems' : 'not checked'})`);
  } else {
    passed++;
    console.log(`ok  ${name}: ${check} — ${caught[0].message}`);
  }
}
if (run.status !== 1) fail(`check.mjs exited with ${run.status} (expected 1 for a site with faults)\n${run.stderr}`);
fs.writeFileSync(path.join(out, 'selftest-summary.json'), JSON.stringify({ passed, failed }) + '\n');
console.log(`selftest: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
