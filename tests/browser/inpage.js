// Checks that run inside a page (passed to page.evaluate). Each function is self-contained:
// Playwright sends its source to the browser, so nothing from outside the function is visible.
// Every function returns a list of problems in Japanese (an empty list means the check passed).

/** Language, title, headings, landmarks, tables, scroll regions, charts. */
export function structure() {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  const nameOf = (el) => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    if (ids.length) return ids.map((id) => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
    return (el.getAttribute('aria-label') || '').trim();
  };

  if (document.documentElement.lang !== 'ja') problems.push(`html の lang が "ja" ではありません（"${document.documentElement.lang}"）`);
  if (!document.title.trim()) problems.push('ページタイトル（title）が空です');

  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`h1 が ${h1s.length} 個あります（1 個にしてください）`);
  let previous = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (previous === 0 && level !== 1) problems.push(`最初の見出しが h1 ではありません（${h.tagName.toLowerCase()}「${text(h)}」）`);
    if (previous && level > previous + 1) {
      problems.push(`見出しのレベルが飛んでいます: h${previous} の次が h${level}「${text(h)}」`);
    }
    if (!text(h)) problems.push(`空の見出し ${h.tagName.toLowerCase()} があります`);
    previous = level;
  }

  // Landmarks: one banner, one main, one contentinfo, at least one nav; all content inside them.
  const mains = document.querySelectorAll('main');
  if (mains.length !== 1 || mains[0].id !== 'main') problems.push('id="main" の main 要素が 1 つではありません');
  const banner = [...document.querySelectorAll('header')].filter((h) => !h.closest('main, article, aside, nav, section'));
  const footer = [...document.querySelectorAll('footer')].filter((f) => !f.closest('main, article, aside, nav, section'));
  if (banner.length !== 1) problems.push(`ページのヘッダー（banner）が ${banner.length} 個です`);
  if (footer.length !== 1) problems.push(`ページのフッター（contentinfo）が ${footer.length} 個です`);
  const navs = [...document.querySelectorAll('nav')];
  if (!navs.length) problems.push('ナビゲーション（nav）がありません');
  if (navs.length > 1) {
    for (const n of navs) if (!nameOf(n)) problems.push('複数の nav のうち、名前（aria-label）のないものがあります');
  }
  const landmark = 'header, nav, main, footer, aside, .skip-link';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.data.trim() || !el || el.closest('script, style, template')) continue;
    if (!visible(el)) continue;
    if (!el.closest(landmark)) {
      problems.push(`ランドマークの外に内容があります:「${n.data.trim().slice(0, 30)}」`);
      break;
    }
  }

  // Tables: caption, scoped header cells.
  for (const t of document.querySelectorAll('table')) {
    const cap = t.querySelector(':scope > caption');
    if (!cap || !text(cap)) problems.push(`表に caption がありません（${t.id || t.className || 'table'}）`);
    for (const th of t.querySelectorAll('th')) {
      if (!['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope'))) {
        problems.push(`表の見出しセルに scope がありません:「${text(th).slice(0, 20)}」`);
        break;
      }
    }
  }

  // Scroll containers must be focusable, labelled regions (so keyboard users can scroll them).
  for (const el of document.querySelectorAll('.table-scroll')) {
    if (el.getAttribute('role') !== 'region' || el.tabIndex !== 0 || !nameOf(el)) {
      problems.push('表のスクロール領域が、名前付きのフォーカスできる region になっていません');
    }
  }

  // Every <svg> is either a labelled image or hidden from assistive technology.
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.closest('svg') !== svg) continue;
    if (svg.getAttribute('aria-hidden') === 'true') continue;
    if (svg.getAttribute('role') !== 'img') problems.push('svg に role="img" がありません');
  }
  return problems;
}

/**
 * Charts: inline SVG with role=img, aria-labelledby → <title> + <desc>, followed by a table with
 * exactly the same numbers; marks ≥ 3:1 against the background; plan and actual ≥ 3:1 against each
 * other and different in form; series named in the chart itself.
 */
export function charts() {
  const problems = [];
  const notes = [];
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const sortNum = (xs) => xs.map(Number).sort((a, b) => a - b);

  const list = [...document.querySelectorAll('svg[role="img"]')];
  list.forEach((svg, index) => {
    const label = `グラフ ${index + 1}`;
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const refs = ids.map((id) => document.getElementById(id));
    if (ids.length < 2 || refs.some((r) => !r || r.closest('svg') !== svg)) {
      problems.push(`${label}: aria-labelledby が svg 内の title と desc を指していません`);
    } else {
      if (refs[0].tagName.toLowerCase() !== 'title' || !text(refs[0])) problems.push(`${label}: aria-labelledby の最初が空でない <title> ではありません`);
      if (refs[1].tagName.toLowerCase() !== 'desc' || !text(refs[1])) problems.push(`${label}: aria-labelledby の 2 番目が空でない <desc> ではありません`);
    }
    // The next table after the chart in document order.
    const tables = [...document.querySelectorAll('table')].filter(
      (t) => svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const table = tables[0];
    if (!table) {
      problems.push(`${label}: グラフの後に数値の表がありません`);
      return;
    }
    const between = [...document.querySelectorAll('svg[role="img"]')].some(
      (o) => o !== svg && (svg.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING) && (o.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
    );
    if (between) problems.push(`${label}: グラフの直後に対応する表がありません`);
    const fromChart = sortNum([...svg.querySelectorAll('[data-value]')].map((e) => e.getAttribute('data-value')));
    const fromTable = sortNum([...table.querySelectorAll('td[data-value]')].map((e) => e.getAttribute('data-value')));
    if (!fromChart.length) problems.push(`${label}: グラフに数値（data-value）の付いた要素がありません`);
    if (JSON.stringify(fromChart) !== JSON.stringify(fromTable)) {
      problems.push(`${label}: グラフと表の数値が一致しません（グラフ ${fromChart.join(',')} / 表 ${fromTable.join(',')}）`);
    }

    // Colours of the data marks, by series (class).
    const bgEl = svg.querySelector('rect');
    const bg = parse(bgEl && getComputedStyle(bgEl).fill) || [255, 255, 255];
    const series = new Map();
    for (const el of svg.querySelectorAll('[data-value]')) {
      const s = getComputedStyle(el);
      const cls = el.getAttribute('class') || el.tagName;
      const fill = parse(s.fill);
      const stroke = parse(s.stroke);
      const strokeW = parseFloat(s.strokeWidth) || 0;
      // The colour that draws the mark: fill for areas and markers, stroke for lines.
      const colour = el.tagName === 'line' || el.tagName === 'polyline' || !fill ? stroke : fill;
      if (!colour) continue;
      if (!series.has(cls)) {
        series.set(cls, { colour, tag: el.tagName, dash: s.strokeDasharray, strokeW });
      }
    }
    for (const [cls, s] of series) {
      const r = ratio(s.colour, bg);
      if (r < 3) problems.push(`${label}: ${cls} の色 ${hex(s.colour)} と背景のコントラスト比が ${r.toFixed(2)}:1 です（3:1 以上が必要）`);
    }
    const find = (re) => [...series.entries()].find(([cls]) => re.test(cls));
    const plan = find(/plan/);
    const actual = find(/actual/);
    if (plan && actual) {
      const r = ratio(plan[1].colour, actual[1].colour);
      notes.push(`計画値と実績値の色のコントラスト比 ${r.toFixed(2)}:1`);
      if (r < 3) problems.push(`${label}: 計画値と実績値の色のコントラスト比が ${r.toFixed(2)}:1 です（3:1 以上が必要）`);
    }
    // Series that are close in colour must differ in form (element shape or dash pattern).
    const entries = [...series.entries()];
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [a, sa] = entries[i];
        const [b, sb] = entries[j];
        if (ratio(sa.colour, sb.colour) >= 3) continue;
        const sameForm = sa.tag === sb.tag && sa.dash === sb.dash && Math.abs(sa.strokeW - sb.strokeW) < 1;
        if (sameForm) problems.push(`${label}: ${a} と ${b} が色の違いだけで区別されています`);
      }
    }
    // Direct labels: the series are named in the chart itself.
    const words = text(svg);
    if (plan && !words.includes('計画')) problems.push(`${label}: 計画値の系列にグラフ内のラベルがありません`);
    if (actual && !words.includes('実績')) problems.push(`${label}: 実績値の系列にグラフ内のラベルがありません`);
    // Text in the chart must not be cut off at the edge of the drawing.
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!text(t) || r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(`${label}: グラフの文字「${text(t).slice(0, 20)}」が枠からはみ出しています`);
      }
    }
  });
  return { problems, count: list.length, notes };
}

/**
 * Reflow (WCAG 1.4.10): no horizontal scrolling of the page, nothing sticking out of the viewport
 * except inside a scroll region, nothing clipped; wide content scrolls in a labelled region.
 */
export function reflow() {
  const problems = [];
  const de = document.documentElement;
  const vw = de.clientWidth;
  if (de.scrollWidth > vw + 1) problems.push(`ページが横にスクロールします（内容の幅 ${de.scrollWidth}px、表示幅 ${vw}px）`);
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const describe = (el) => {
    const t = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 24);
    return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}「${t}」`;
  };
  let reported = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (reported >= 5) break;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // Visually hidden until focused (the skip link) is off-screen vertically, not horizontally.
    if (r.bottom < 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && !inScroller(el)) {
      problems.push(`画面の幅からはみ出しています: ${describe(el)}（右端 ${Math.round(r.right)}px）`);
      reported++;
    }
    if (['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg') {
      problems.push(`内容が切れています: ${describe(el)}`);
      reported++;
    }
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!scrolls(el) || el.scrollWidth <= el.clientWidth + 1) continue;
    const named = el.getAttribute('aria-labelledby') || el.getAttribute('aria-label');
    if (el.tabIndex < 0 || !named || el.getAttribute('role') !== 'region') {
      problems.push(`横スクロールする領域がキーボードで操作できないか、名前がありません: ${describe(el)}`);
    }
  }
  return problems;
}

/** Marks every element the keyboard should reach, in DOM order; returns their count. */
export function markFocusable() {
  const sel = [
    'a[href]', 'area[href]', 'button:not([disabled])', 'input:not([disabled]):not([type="hidden"])',
    'select:not([disabled])', 'textarea:not([disabled])', 'summary', 'iframe', '[tabindex]',
    '[contenteditable=""]', '[contenteditable="true"]',
  ].join(',');
  const els = [...document.querySelectorAll(sel)].filter((el) => {
    if (el.tabIndex < 0) return false;
    if (el.closest('[hidden], [inert]')) return false;
    // Content of a closed <details> is skipped until its summary opens it (checkVisibility
    // is false there); the summary itself is reached.
    if (!el.checkVisibility()) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && el.getClientRects().length > 0;
  });
  els.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
  const positive = [...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length;
  return { count: els.length, positive };
}

/** What has keyboard focus now, and whether the focus is visible. */
export function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { index: null };
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  return {
    index: el.hasAttribute('data-kbd') ? Number(el.getAttribute('data-kbd')) : -1,
    id: el.id,
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 30),
    href: el.getAttribute('href'),
    skip: el.classList.contains('skip-link'),
    visibleFocus: Boolean(outline || shadow),
    inView,
    inMain: Boolean(el.closest('main')),
    hash: location.hash,
  };
}

/** Print media: navigation hidden, page URL and 基準日 shown. Returns problems. */
export function printView() {
  const problems = [];
  const shown = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  for (const sel of ['.skip-link', 'nav[aria-label="サイト内"]', '.breadcrumbs']) {
    for (const el of document.querySelectorAll(sel)) if (shown(el)) problems.push(`印刷時に ${sel} が表示されます`);
  }
  const info = document.querySelector('.print-info');
  if (!shown(info)) {
    problems.push('印刷時に URL と基準日（.print-info）が表示されません');
    return problems;
  }
  const text = info.textContent.replace(/\s+/g, ' ');
  const canonical = document.querySelector('link[rel="canonical"]');
  const want = canonical ? canonical.href : null;
  if (want && !text.includes(want)) problems.push(`印刷時の URL が canonical（${want}）と違います`);
  if (!want && !/URL|ページ/.test(text)) problems.push('印刷時にページの場所が表示されません');
  if (!text.includes('基準日')) problems.push('印刷時に基準日が表示されません');
  if (!shown(document.querySelector('main'))) problems.push('印刷時に本文が表示されません');
  return problems;
}

/** With JavaScript disabled: the content is there and nothing waits for a script. */
export function noScript() {
  const problems = [];
  const main = document.querySelector('main');
  const words = main ? main.innerText.replace(/\s+/g, '') : '';
  if (words.length < 20) problems.push('JavaScript なしで本文がほとんど表示されません');
  const fallback = document.getElementById('search-fallback');
  if (fallback && (fallback.hidden || getComputedStyle(fallback).display === 'none')) {
    problems.push('JavaScript なしで検索の代わりの一覧が表示されません');
  }
  return { problems, scripts: document.querySelectorAll('script').length, inline: [...document.querySelectorAll('script:not([src])')].filter((s) => s.textContent.trim() && !['application/ld+json', 'application/json'].includes(s.type)).length };
}
