// Browser checks of the OIM Maroc site on phone viewports, with the Debian Chromium.
//
//   node tests/browser/check.mjs <base-url> <path> [<path> ...] [--quick <path> ...]
//                                 [--fixture=<file.html> ...]
//
// Paths before --quick get every check below: one page of each kind in each language (the
// e2e harness picks them, so the suite does not grow with the number of articles). Paths
// after --quick (every other page of the site) get the cheap checks only, at 320x568 in one
// tab: status, one visible <h1>, no horizontal overflow, <html lang>, dir="rtl" exactly on
// Arabic pages, no console error. A path written `404:/x/` is expected to answer 404 (the not-found page).
//
// For each full path and phone size (320x568, 360x640, 390x844, mobile emulation, touch), with
// the browser language of the page's own language (so that `/` is not sent on to /en/):
//   - the expected status without redirect, no horizontal overflow, no console error, one visible <h1>,
//     <html lang>, and dir="rtl" exactly on the Arabic pages (/ar/...);
//   - the start of the text is on the right on RTL pages (the h1 is `direction: rtl` and its
//     first line ends at the right edge of <main>'s content box), on the left on the others;
//   - on RTL pages, punctuation that follows a Latin run (SALEMM, www.salemm.org) is drawn on
//     the run's left, as the Arabic sentence reads (Range.getClientRects of both);
//   - every visible interactive element (a, button, summary, input, select, textarea) is at
//     least 24x24 CSS px, unless it is a link inside a sentence (WCAG 2.2 SC 2.5.8 exception);
//   - Tab from the top: the skip link comes first (visible when focused, Enter moves focus to
//     its target), then the next stops (up to 15) follow the document order, are visible and
//     show a focus indicator (outline or box-shadow); no positive tabindex;
//   - the menu (details.menu) opens and closes with Enter, with Space and with a tap on its
//     summary; open, its links are visible, at least 24 px high and within the phone's width,
//     and the page still does not overflow.
// Screenshots under screenshots/ (git-ignored): every page full-length per phone size, and
// screenshots/320x568/menu-open-<lang>.png, the menu open, once per language.
// Text contrast (WCAG AA: 4.5:1, 3:1 for large text) at 360x640, in dark and in light mode
// (colorScheme), for every visible element holding text, against its effective background.
// When /contact/ is among the paths, the form is also sent with JavaScript disabled.
// Each --fixture=<file.html> (fixture pages rendered by the site's code, written by tests/e2e)
// gets the RTL punctuation check at each phone size through setContent; together they must
// show at least one measurable pair.
// Exit codes: 0 all passed, 1 a check failed, 2 usage error, 3 Chromium missing (loud skip).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, requireChromium } from './chromium.mjs';

// tests/browser/check.mjs -> the repository is two folders up.
const REPO = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const SHOTS = join(REPO, 'screenshots');
// Fewer background requests: there is no internet, and they would only slow things down.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const VIEWPORTS = [[320, 568], [360, 640], [390, 844]];
const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 '
  + '(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
// Browser language per site language: `/` answers by Accept-Language, so a French page is
// visited by a French browser (an English one would be sent on to /en/).
const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };
const MIN_TARGET = 24; // CSS px, WCAG 2.2 SC 2.5.8 (AA)
const TAB_STOPS = 15;
const QUICK_TABS = 3;
const CONTRAST_VIEWPORT = [360, 640];
const CONTRAST_SCHEMES = ['dark', 'light'];
// Languages whose menu-open screenshot has been taken (once per language, at 320 px).
const menuShots = new Set();

let passed = 0;
let failed = 0;

function check(label, ok, details = '') {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok || !details ? '' : ` — ${details}`}`);
}

/**
 * "/" -> "home", "/actualites/x/" -> "actualites-x". A long one (an Arabic search, every byte
 * escaped) is cut and given a hash of the whole: file names stop at 255 bytes.
 */
function slug(path) {
  const s = path.split(/[/?#]+/).filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]/g, '_');
  if (s.length <= 120) return s || 'home';
  return `${s.slice(0, 100)}-${createHash('sha256').update(path).digest('hex').slice(0, 12)}`;
}

/** "/ar/contact/" -> "ar", "/en/" -> "en", anything else -> "fr". */
function siteLanguage(path) {
  const m = /^\/(ar|en)(\/|$)/.exec(path);
  return m ? m[1] : 'fr';
}

function contextOptions(width, height, extra = {}) {
  return { viewport: { width, height }, isMobile: true, hasTouch: true,
    deviceScaleFactor: 2, userAgent: MOBILE_UA, locale: LOCALES.fr, ...extra };
}

/** Collects console errors and uncaught exceptions of a page. */
function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/**
 * Page width against the phone's width, and the element reaching furthest right.
 *
 * Why not `window.innerWidth`: under mobile emulation Chromium zooms out to fit a page that
 * is too wide, and innerWidth grows with it (a 500 px wide div on a 320 px phone gives
 * scrollWidth 508 and innerWidth 508), so that comparison can never fail. The phone's width
 * (also `documentElement.clientWidth` with `width=device-width`) stays put.
 */
async function measureOverflow(page) {
  return page.evaluate(() => {
    const widest = { right: 0, what: '' };
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right + window.scrollX;
      if (right > widest.right) {
        const cls = typeof el.className === 'string' && el.className.trim()
          ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        Object.assign(widest, { right: Math.round(right), what: el.tagName.toLowerCase() + cls });
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
      clientWidth: document.documentElement.clientWidth, widest };
  });
}

/** "404:/x/" -> { path: "/x/", status: 404 }; "/x/" -> { path: "/x/", status: 200 }. */
function target(arg) {
  const m = /^(\d{3}):(\/.*)$/.exec(arg);
  return m ? { path: m[2], status: Number(m[1]) } : { path: arg, status: 200 };
}

async function checkPage(browser, base, { path, status: expected }, [width, height]) {
  const size = `${width}x${height}`;
  const label = `${size} ${path}`;
  const lang = siteLanguage(path);
  const context = await browser.newContext(contextOptions(width, height, { locale: LOCALES[lang] }));
  try {
    const page = await context.newPage();
    await page.addInitScript(installHelpers);
    const errors = collectErrors(page);
    const url = new URL(path, base).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    check(`${label} status ${expected}`, status === expected, `status ${status}`);
    check(`${label} served without redirect`, page.url() === url, `ended at ${page.url()}`);

    const o = await measureOverflow(page);
    check(`${label} no horizontal overflow`, o.scrollWidth <= width,
      `scrollWidth ${o.scrollWidth} > ${width} (innerWidth ${o.innerWidth}, clientWidth `
      + `${o.clientWidth}); widest: ${o.widest.what} (right edge at ${o.widest.right}px)`);

    const h1 = page.locator('h1');
    const count = await h1.count();
    const visible = count === 1 && await h1.isVisible();
    const text = count === 1 ? (await h1.innerText()).trim() : '';
    check(`${label} one visible non-empty h1`, count === 1 && visible && text !== '',
      count === 1 ? `visible: ${visible}, text: ${JSON.stringify(text)}` : `${count} h1 elements`);

    const htmlLang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    check(`${label} html[lang] set`, Boolean(htmlLang && htmlLang.trim()),
      `lang=${JSON.stringify(htmlLang)}`);

    const file = join(SHOTS, size, `${expected === 200 ? '' : `${expected}-`}${slug(path)}.png`);
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });

    await checkDirection(page, label, path);
    if (lang === 'ar') await checkLatinPunctuation(page, label);
    await checkTargets(page, label);
    await checkTabOrder(page, label);
    await checkMenu(page, label, width, lang);

    // Checked last, so that errors raised while the page settles are counted too. The 404
    // page's own status is the only error a browser reports for it.
    const real = errors.filter((e) => expected === 200 || !/status of 404/.test(e));
    check(`${label} no console error`, real.length === 0, real.join(' | '));
  } catch (err) {
    check(`${label} page loads and responds`, false, err.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

/**
 * In the page: a short, readable name for an element ("a.brand “IOM Morocco”"), used by the
 * checks below. Installed once per page as window.__describe.
 */
function installHelpers() {
  window.__describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim()
      ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const id = el.id ? `#${el.id}` : '';
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 40);
    const where = el.closest('header') ? ' in header' : el.closest('footer') ? ' in footer'
      : el.closest('main') ? ' in main' : el.closest('nav') ? ' in nav' : '';
    return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ''}${where}`;
  };
}

/** dir="rtl" exactly on Arabic pages, and the text starting on the right (left in LTR). */
async function checkDirection(page, label, path) {
  const info = await page.evaluate(() => {
    const html = document.documentElement;
    const h1 = document.querySelector('h1');
    const main = document.querySelector('main');
    if (!h1 || !main) return { dir: html.getAttribute('dir'), missing: !h1 ? 'h1' : 'main' };
    const ms = getComputedStyle(main);
    const mr = main.getBoundingClientRect();
    const contentLeft = mr.left + parseFloat(ms.borderLeftWidth) + parseFloat(ms.paddingLeft);
    const contentRight = mr.right - parseFloat(ms.borderRightWidth) - parseFloat(ms.paddingRight);
    // The h1's text, first line only: where the reader's eye starts.
    const range = document.createRange();
    range.selectNodeContents(h1);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const top = Math.min(...rects.map((r) => r.top));
    const first = rects.filter((r) => r.top < top + 4);
    const hr = h1.getBoundingClientRect();
    return {
      dir: html.getAttribute('dir'),
      lang: html.getAttribute('lang'),
      direction: getComputedStyle(h1).direction,
      textAlign: getComputedStyle(h1).textAlign,
      textLeft: Math.min(...first.map((r) => r.left)),
      textRight: Math.max(...first.map((r) => r.right)),
      contentLeft,
      contentRight,
      h1Left: hr.left,
      h1Right: hr.right,
    };
  });
  const rtl = siteLanguage(path) === 'ar';
  check(`${label} html dir="${rtl ? 'rtl' : 'ltr'}"`, rtl ? info.dir === 'rtl' : info.dir !== 'rtl',
    `dir=${JSON.stringify(info.dir)}, lang=${JSON.stringify(info.lang)}`);
  if (info.missing) return; // reported by the h1 check
  const px = (n) => `${Math.round(n * 10) / 10}px`;
  const where = `h1 first line ${px(info.textLeft)}..${px(info.textRight)}, h1 box `
    + `${px(info.h1Left)}..${px(info.h1Right)}, main content ${px(info.contentLeft)}..`
    + `${px(info.contentRight)}, direction ${info.direction}, text-align ${info.textAlign}`;
  if (rtl) {
    check(`${label} RTL: h1 is direction rtl and its text starts on the right`,
      info.direction === 'rtl' && Math.abs(info.contentRight - info.textRight) <= 4, where);
  } else {
    check(`${label} LTR: h1 is direction ltr and its text starts on the left`,
      info.direction === 'ltr' && Math.abs(info.textLeft - info.contentLeft) <= 4, where);
  }
}

/**
 * In the page: each Latin run of a right-to-left block (SALEMM, www.salemm.org, IOM Global;
 * the runs of crates/site/src/bidi.rs) followed, after optional spaces, by punctuation, and
 * where both are drawn (Range.getClientRects). In right-to-left text the punctuation that
 * follows a run belongs to the Arabic sentence and must sit to the run's LEFT: without
 * isolation, "SALEMM: www.salemm.org" makes one left-to-right run and the colon lands on
 * SALEMM's right. Pairs drawn on different lines (a wrap between them) are not comparable.
 */
function measureLatinPunctuation() {
  const L = 'A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F';
  const run = new RegExp(`[0-9]*[${L}][${L}0-9]*(?:(?:[.\\-/_@&+:'’#?=%~]+(?=[${L}0-9])`
    + `|[ \\n\\u00a0]+(?=[${L}]))[${L}0-9]+)*`, 'g');
  const PUNCT = /[ \n\u00a0]*([:.,;!?،؛()«»])/y;
  // Text nodes grouped by their nearest non-inline ancestor: one group is one run of text.
  const blocks = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let el = n.parentElement;
    if (!el || el.closest('script, style, [hidden]')) continue;
    while (el.parentElement && getComputedStyle(el).display === 'inline') el = el.parentElement;
    if (getComputedStyle(el).direction !== 'rtl') continue;
    if (!blocks.has(el)) blocks.set(el, []);
    blocks.get(el).push(n);
  }
  const rectsOf = (nodes, starts, from, to) => {
    const at = (i) => {
      let k = starts.length - 1;
      while (k > 0 && starts[k] > i) k -= 1;
      return [nodes[k], i - starts[k]];
    };
    const range = document.createRange();
    range.setStart(...at(from));
    range.setEnd(...at(to - 1));
    range.setEnd(range.endContainer, range.endOffset + 1);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  let measured = 0;
  let wrapped = 0;
  const wrong = [];
  for (const [el, nodes] of blocks) {
    const starts = [];
    let text = '';
    for (const n of nodes) { starts.push(text.length); text += n.data; }
    for (const m of text.matchAll(run)) {
      PUNCT.lastIndex = m.index + m[0].length;
      const p = PUNCT.exec(text);
      if (!p) continue;
      const at = PUNCT.lastIndex - 1;
      const runRects = rectsOf(nodes, starts, m.index, m.index + m[0].length);
      const [mark] = rectsOf(nodes, starts, at, at + 1);
      if (!mark || runRects.length === 0) continue; // not drawn (closed menu)
      const mid = (mark.top + mark.bottom) / 2;
      const same = runRects.filter((r) => r.top <= mid && mid <= r.bottom);
      if (same.length === 0) { wrapped += 1; continue; }
      measured += 1;
      const left = Math.min(...same.map((r) => r.left));
      if (mark.right > left + 0.5) {
        wrong.push(`"${m[0]}" then "${p[1]}" in ${window.__describe(el)}: the mark spans `
          + `${Math.round(mark.left)}..${Math.round(mark.right)}px, the run starts at `
          + `${Math.round(left)}px`);
      }
    }
  }
  return { measured, wrapped, wrong };
}

/**
 * Right-to-left pages: punctuation after a Latin run is drawn on its left (see above). With
 * `atLeast`, a page with fewer measurable pairs fails: the fixture must prove something.
 */
async function checkLatinPunctuation(page, label, atLeast = 0) {
  const r = await page.evaluate(measureLatinPunctuation);
  check(`${label} RTL: punctuation after a Latin run sits on its left (${r.measured} measured, `
    + `${r.wrapped} across a line break)`, r.wrong.length === 0 && r.measured >= atLeast,
  r.wrong.length ? r.wrong.slice(0, 5).join('; ')
    : `${r.measured} pairs measured, at least ${atLeast} expected`);
}

/**
 * HTML files rendered by the site's own code from the fixture site (tests/e2e writes them):
 * loaded with setContent, since the server serves the real content. Between them they must
 * show at least one Latin run followed by punctuation, so that the check proves something.
 */
async function checkFixtures(browser, files) {
  let total = 0;
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    for (const [width, height] of VIEWPORTS) {
      const label = `${width}x${height} fixture ${basename(file)}`;
      const context = await browser.newContext(contextOptions(width, height, { locale: LOCALES.ar }));
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(installHelpers);
        const r = await page.evaluate(measureLatinPunctuation);
        total += r.measured;
        check(`${label} RTL: punctuation after a Latin run sits on its left (${r.measured} `
          + `measured, ${r.wrapped} across a line break)`, r.wrong.length === 0,
        r.wrong.slice(0, 5).join('; '));
      } catch (err) {
        check(`${label} loads`, false, err.message.split('\n')[0]);
      } finally {
        await context.close();
      }
    }
  }
  check(`fixtures: at least one Latin run followed by punctuation measured (${total})`,
    files.length === 0 || total > 0, 'the fixture pages show no such pair: the check proves nothing');
}

/**
 * In the page: every visible interactive element with its size, whether it is a link inside a
 * sentence (exempt from the 24 px minimum), and whether WCAG's spacing exception would hold.
 * `scope` narrows the search (e.g. the open menu).
 */
function measureTargets(args) {
  const { scope, min } = args;
  const root = scope ? document.querySelector(scope) : document;
  const selector = 'a[href], button, summary, input:not([type=hidden]), select, textarea';
  const inlineInText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    // Up through inline wrappers (strong, em, span) to the block the sentence lives in.
    let node = el;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') {
      node = block;
      block = block.parentElement;
    }
    if (!block || !block.matches('p, li, dd, dt, td, th, figcaption, blockquote')) return false;
    const around = [...block.childNodes].filter((n) => n !== node && (n.nodeType === Node.TEXT_NODE
      || (n.nodeType === Node.ELEMENT_NODE && getComputedStyle(n).display === 'inline')));
    return /[\p{L}\p{N}]/u.test(around.map((n) => n.textContent).join(''));
  };
  const all = [];
  for (const el of root.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    // checkVisibility: not display:none, not in a closed <details>, not visibility:hidden.
    if (r.width === 0 || r.height === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
    // Not for people: hidden from assistive technology and out of the tab order (honeypot).
    if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;
    all.push({ el, r, inline: inlineInText(el),
      small: r.width < min - 0.05 || r.height < min - 0.05 });
  }
  const distToRect = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right),
    Math.max(r.top - y, 0, y - r.bottom));
  const failing = [];
  for (const t of all) {
    if (!t.small || t.inline) continue;
    const cx = (t.r.left + t.r.right) / 2;
    const cy = (t.r.top + t.r.bottom) / 2;
    // WCAG's spacing exception: a 24 px circle centred on the target touches no other target
    // and no other undersized target's circle. Reported for information only.
    let nearest = null;
    for (const o of all) {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) continue;
      const ox = (o.r.left + o.r.right) / 2;
      const oy = (o.r.top + o.r.bottom) / 2;
      const clash = distToRect(cx, cy, o.r) < min / 2 || (o.small && Math.hypot(cx - ox, cy - oy) < min);
      if (clash) { nearest = o.el; break; }
    }
    failing.push(`${window.__describe(t.el)} ${Math.round(t.r.width * 10) / 10}x`
      + `${Math.round(t.r.height * 10) / 10}px (${nearest
        ? `too close to ${window.__describe(nearest)}` : 'spacing exception would hold'})`);
  }
  return { count: all.length, failing };
}

async function checkTargets(page, label, scope = null, what = 'interactive elements') {
  const t = await page.evaluate(measureTargets, { scope, min: MIN_TARGET });
  check(`${label} ${what} at least ${MIN_TARGET}x${MIN_TARGET}px (${t.count} checked)`,
    t.failing.length === 0, `${t.failing.length} too small: ${t.failing.join('; ')}`);
}

/** Tab from the top: skip link first, then a sensible order, each stop visibly focused. */
async function checkTabOrder(page, label) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const stops = [];
  for (let i = 0; i < TAB_STOPS; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate((n) => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      if (el.dataset.checkTab !== undefined) return { again: true };
      el.dataset.checkTab = String(n);
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      const href = el.getAttribute('href') || '';
      const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
      return {
        what: window.__describe(el),
        indicator: outline ? `outline ${cs.outlineWidth} ${cs.outlineStyle}`
          : shadow ? `box-shadow ${cs.boxShadow}` : '',
        visible: el.checkVisibility({ visibilityProperty: true }) && r.bottom > 0 && r.top < window.innerHeight
          && r.right > 0 && r.left < document.documentElement.clientWidth,
        rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`,
        skip: Boolean(target && (target.tagName === 'MAIN' || target.closest('main')
          || target.querySelector('main'))),
      };
    }, i);
    if (!stop || stop.again) break;
    stops.push(stop);
  }
  check(`${label} Tab reaches interactive elements`, stops.length > 0, 'Tab focused nothing');
  if (stops.length === 0) return;
  check(`${label} first Tab focuses the skip link, visible`, stops[0].skip && stops[0].visible,
    `first stop: ${stops[0].what} at ${stops[0].rect} (visible: ${stops[0].visible})`);
  const noRing = stops.filter((s) => !s.indicator).map((s) => s.what);
  check(`${label} visible focus indicator on the first ${stops.length} Tab stops`,
    noRing.length === 0, `no outline nor box-shadow when focused: ${noRing.join('; ')}`);
  const hidden = stops.filter((s) => !s.visible).map((s) => `${s.what} at ${s.rect}`);
  check(`${label} every Tab stop is on screen when focused`, hidden.length === 0,
    `focused but not visible: ${hidden.join('; ')}`);
  const order = await page.evaluate(() => {
    const els = [...document.querySelectorAll('[data-check-tab]')]; // document order
    const tabOrder = [...els].sort((a, b) => a.dataset.checkTab - b.dataset.checkTab);
    const outOfOrder = tabOrder.filter((el, i) => el !== els[i]).map((el) => window.__describe(el));
    const positive = [...document.querySelectorAll('[tabindex]')]
      .filter((el) => el.tabIndex > 0).map((el) => window.__describe(el));
    els.find((el) => el.dataset.checkTab === '0')?.setAttribute('data-skip-check', '');
    for (const el of els) delete el.dataset.checkTab;
    return { outOfOrder, positive };
  });
  check(`${label} Tab order follows the document order, no positive tabindex`,
    order.outOfOrder.length === 0 && order.positive.length === 0,
    `out of order: ${order.outOfOrder.join('; ') || 'none'}; tabindex > 0: `
    + `${order.positive.join('; ') || 'none'}`);
  if (stops[0].skip) {
    // Enter on the skip link moves the focus to the content (main has tabindex="-1").
    const moved = await page.evaluate(() => {
      const skip = document.querySelector('[data-skip-check]');
      skip.removeAttribute('data-skip-check');
      skip.focus();
      return skip.getAttribute('href');
    });
    await page.keyboard.press('Enter');
    const focus = await page.evaluate((href) => {
      const target = document.getElementById(href.slice(1));
      const el = document.activeElement;
      return { ok: Boolean(target && (el === target || target.contains(el))),
        what: el ? window.__describe(el) : 'nothing', hash: location.hash };
    }, moved);
    check(`${label} Enter on the skip link moves focus to ${moved}`, focus.ok,
      `focus on ${focus.what}, location.hash ${focus.hash}`);
  }
}

/** In the page: the state of the menu and where its links are. */
function menuState() {
  const menu = document.querySelector('details.menu');
  const width = document.documentElement.clientWidth;
  const links = [...menu.querySelectorAll('a')].map((a) => {
    const r = a.getBoundingClientRect();
    const visible = r.width > 0 && r.height > 0 && a.checkVisibility({ visibilityProperty: true });
    return { what: window.__describe(a), visible, inside: r.left >= -0.5 && r.right <= width + 0.5,
      box: `${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.height)}px high` };
  });
  return { open: menu.open, links, scrollWidth: document.documentElement.scrollWidth, width };
}

/** The menu opens and closes by keyboard (Enter, Space) and by touch; open, it fits. */
async function checkMenu(page, label, width, lang) {
  const summary = page.locator('details.menu > summary');
  if (await summary.count() !== 1) {
    check(`${label} menu (details.menu > summary) present`, false,
      `${await summary.count()} details.menu > summary`);
    return;
  }
  const state = () => page.evaluate(menuState);
  const openChecks = async (how) => {
    const s = await state();
    check(`${label} menu opens with ${how}`, s.open, 'details.menu is still closed');
    if (!s.open) return;
    const bad = s.links.filter((l) => !l.visible || !l.inside);
    check(`${label} open menu (${how}): ${s.links.length} links visible within ${s.width}px`,
      s.links.length > 0 && bad.length === 0,
      s.links.length === 0 ? 'no link in the menu'
        : bad.map((l) => `${l.what}: ${l.visible ? '' : 'not visible, '}${l.box}`).join('; '));
    check(`${label} open menu (${how}): no horizontal overflow`, s.scrollWidth <= width,
      `scrollWidth ${s.scrollWidth} > ${width}`);
  };
  const closed = async (how) => {
    const s = await state();
    check(`${label} menu closes with ${how}`, !s.open, 'details.menu is still open');
  };

  check(`${label} menu closed on load`, !(await state()).open, 'details.menu open on load');
  await summary.focus();
  await page.keyboard.press('Enter');
  await openChecks('Enter');
  await checkTargets(page, label, 'details.menu', 'open menu links');
  await page.keyboard.press('Enter');
  await closed('Enter');
  await page.keyboard.press('Space');
  await openChecks('Space');
  await page.keyboard.press('Space');
  await closed('Space');

  await page.evaluate(() => window.scrollTo(0, 0));
  await summary.tap();
  await openChecks('a tap');
  if (width === 320 && !menuShots.has(lang)) {
    menuShots.add(lang);
    const file = join(SHOTS, '320x568', `menu-open-${lang}.png`);
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  }
  await summary.tap();
  await closed('a tap');
}

/**
 * In the page: every visible element that directly holds non-whitespace text, with its text
 * colour, effective background (semi-transparent layers blended down to the first opaque one,
 * the page background otherwise) and WCAG contrast ratio; those below the AA minimum.
 */
function measureContrast() {
  const parse = (c) => {
    let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(c);
    if (!m) {
      m = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+)(%?))?\s*\)$/.exec(c);
      if (m) [1, 2, 3].forEach((i) => { m[i] = String(parseFloat(m[i]) * 255); });
    }
    if (!m) return null;
    const a = m[4] === undefined ? 1 : parseFloat(m[4]) / (m[5] ? 100 : 1);
    return { r: +m[1], g: +m[2], b: +m[3], a };
  };
  const over = (top, bottom) => { // top blended over an opaque bottom
    const mix = (k) => top[k] * top.a + bottom[k] * (1 - top.a);
    return { r: mix('r'), g: mix('g'), b: mix('b'), a: 1 };
  };
  const lum = (c) => {
    const ch = (v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const hex = (c) => `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  // The page background: the canvas takes html's background, else body's, else white.
  const pageBg = [document.documentElement, document.body].map((el) => parse(getComputedStyle(el)
    .backgroundColor)).find((c) => c && c.a > 0) || { r: 255, g: 255, b: 255, a: 1 };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const cs = getComputedStyle(node);
      if (cs.backgroundImage !== 'none') return { image: true };
      const c = parse(cs.backgroundColor);
      if (!c) return { unparsed: cs.backgroundColor };
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    let bg = pageBg.a >= 1 ? pageBg : over(pageBg, { r: 255, g: 255, b: 255, a: 1 });
    for (const layer of layers.reverse()) bg = layer.a >= 1 ? layer : over(layer, bg);
    return { bg };
  };
  const parents = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/\S/.test(n.data) && n.parentElement) parents.add(n.parentElement);
  }
  const width = document.documentElement.clientWidth;
  const failing = [];
  let count = 0;
  for (const el of parents) {
    if (el.closest('[aria-hidden="true"], script, style, noscript, template')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    // Off screen (the skip link before it is focused): nobody sees it there.
    if (r.bottom + window.scrollY <= 0 || r.right + window.scrollX <= 0 || r.left >= width) continue;
    const cs = getComputedStyle(el);
    const b = background(el);
    if (b.image) continue;
    const fg = parse(cs.color);
    if (!fg || b.unparsed) {
      failing.push(`${window.__describe(el)}: colour not understood (${cs.color} on ${b.unparsed || 'background'})`);
      continue;
    }
    count += 1;
    const text = fg.a >= 1 ? fg : over(fg, b.bg);
    const [hi, lo] = [lum(text), lum(b.bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(cs.fontWeight, 10) >= 700);
    const min = large ? 3 : 4.5;
    if (ratio < min - 0.005) {
      failing.push(`${window.__describe(el)}: ${hex(text)} on ${hex(b.bg)} = `
        + `${ratio.toFixed(2)}:1 < ${min}:1 (${cs.fontSize} ${cs.fontWeight})`);
    }
  }
  return { count, failing };
}

/** WCAG AA text contrast on one page at 360x640, with the given prefers-color-scheme. */
async function checkContrast(browser, base, { path, status: expected }, scheme) {
  const [width, height] = CONTRAST_VIEWPORT;
  const label = `${width}x${height} ${scheme} ${path} text contrast ≥ 4.5:1`;
  const context = await browser.newContext(contextOptions(width, height,
    { locale: LOCALES[siteLanguage(path)], colorScheme: scheme }));
  try {
    const page = await context.newPage();
    await page.addInitScript(installHelpers);
    const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    if (status !== expected) {
      check(label, false, `status ${status}`);
      return;
    }
    const c = await page.evaluate(measureContrast);
    check(label, c.count > 0 && c.failing.length === 0, c.count === 0 ? 'no text found'
      : `${c.failing.length} of ${c.count} text elements below AA (3:1 for large text): `
        + `${c.failing.slice(0, 5).join('; ')}${c.failing.length > 5 ? '; …' : ''}`);
  } catch (err) {
    check(label, false, err.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

/** The contact form without JavaScript: the server alone validates and redirects. */
async function checkContactForm(browser, base) {
  const label = '360x640 /contact/ without JavaScript';
  // A fresh client address each run, so the per-client rate limiter (5 posts a minute)
  // is not exhausted by earlier runs.
  const ip = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
  const context = await browser.newContext(contextOptions(360, 640,
    { javaScriptEnabled: false, extraHTTPHeaders: { 'CF-Connecting-IP': ip } }));
  mkdirSync(SHOTS, { recursive: true });
  try {
    const page = await context.newPage();
    await page.goto(new URL('/contact/', base).href);

    // a. Empty form: the page comes back with the error summary.
    const [empty] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('form[method="post"] button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    check(`${label} empty form answers 422`, empty.status() === 422, `status ${empty.status()}`);
    const summary = page.locator('.summary[role="alert"]');
    check(`${label} error summary shown`, await summary.count() === 1,
      `${await summary.count()} .summary[role=alert]`);
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const missing = ['#name', '#email', '#subject', '#message', '#consent']
      .filter((href) => !links.includes(href));
    check(`${label} summary links to every field`, missing.length === 0,
      `missing ${missing.join(', ')}; links: ${links.join(', ')}`);
    const invalid = await page.locator('#name').getAttribute('aria-invalid');
    check(`${label} name marked aria-invalid`, invalid === 'true', `aria-invalid=${invalid}`);
    await page.screenshot({ path: join(SHOTS, 'contact-errors.png'), fullPage: true });

    // b. A valid message: redirected to the thank-you page.
    await page.fill('#name', 'Test Navigateur');
    await page.fill('#email', 'test@exemple.ma');
    await page.selectOption('#subject', 'information');
    await page.fill('#message', 'Message envoyé par le test du navigateur, sans JavaScript.');
    await page.check('#consent');
    await Promise.all([
      page.waitForURL(/\/contact\/merci\/$/, { timeout: 15000 }).catch(() => {}),
      page.locator('form[method="post"] button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    const url = page.url();
    check(`${label} valid form redirects to /contact/merci/`, url.endsWith('/contact/merci/'),
      `final URL ${url}`);
    const h1 = (await page.locator('h1').allInnerTexts()).join(' | ');
    check(`${label} thank-you page says "Message envoyé"`, h1.includes('Message envoyé'),
      `h1: ${JSON.stringify(h1)}`);
    await page.screenshot({ path: join(SHOTS, 'contact-thanks.png'), fullPage: true });
  } catch (err) {
    check(`${label} form flow`, false, err.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

/**
 * The cheap checks, on every page of the site: status, one visible h1, no horizontal overflow
 * at 320 px, lang and dir. A few tabs at 320x568 share the pages, no screenshot: a few tens
 * of milliseconds a page. Only failures are printed, then one line with each check's count.
 */
async function checkQuick(browser, base, targets) {
  if (targets.length === 0) return;
  const [width, height] = VIEWPORTS[0];
  const started = Date.now();
  const context = await browser.newContext(contextOptions(width, height));
  const tally = new Map(); // check -> pages that passed it
  const quiet = (path, what, ok, details) => {
    if (!ok) {
      check(`${width}x${height} ${path} ${what}`, false, details);
      return;
    }
    passed += 1;
    tally.set(what, (tally.get(what) || 0) + 1);
  };
  const one = async (page, { path, status: expected }) => {
    page.consoleErrors = [];
    try {
      // The stylesheet is inline and images have their size: the layout is known once the
      // document is parsed.
      const response = await page.goto(new URL(path, base).href, { waitUntil: 'domcontentloaded' });
      const status = response ? response.status() : 0;
      quiet(path, `status ${expected}`, status === expected, `status ${status}`);
      const info = await page.evaluate(() => {
        const h1s = [...document.querySelectorAll('h1')];
        const html = document.documentElement;
        return {
          h1: h1s.length,
          visible: h1s.length === 1 && h1s[0].checkVisibility() && h1s[0].innerText.trim() !== '',
          scrollWidth: html.scrollWidth,
          lang: html.getAttribute('lang'),
          dir: html.getAttribute('dir'),
        };
      });
      quiet(path, 'one visible non-empty h1', info.h1 === 1 && info.visible, `${info.h1} h1`);
      quiet(path, 'no horizontal overflow', info.scrollWidth <= width,
        `scrollWidth ${info.scrollWidth} > ${width}`);
      const rtl = siteLanguage(path) === 'ar';
      quiet(path, 'html lang and dir', Boolean(info.lang) && (rtl ? info.dir === 'rtl'
        : info.dir !== 'rtl'), `lang=${JSON.stringify(info.lang)} dir=${JSON.stringify(info.dir)}`);
      // A CSP refusal (an inline style in an article) shows only here.
      quiet(path, 'no console error', page.consoleErrors.length === 0,
        page.consoleErrors.join(' | ').slice(0, 300));
    } catch (err) {
      quiet(path, 'page loads', false, err.message.split('\n')[0]);
    }
  };
  try {
    // A few tabs at once: each page waits on the server as much as on the browser.
    let next = 0;
    await Promise.all(Array.from({ length: QUICK_TABS }, async () => {
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') page.consoleErrors.push(msg.text());
      });
      while (next < targets.length) {
        next += 1;
        await one(page, targets[next - 1]);
      }
    }));
  } finally {
    await context.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = [...tally].map(([what, n]) => `${what} ${n}/${targets.length}`).join(', ');
  console.log(`quick ${width}x${height}, ${targets.length} pages in ${seconds} s: ${summary}`);
}

async function main() {
  const args = process.argv.slice(2);
  const fixtures = args.filter((a) => a.startsWith('--fixture=')).map((a) => a.slice(10));
  const [base, ...rest] = args.filter((a) => !a.startsWith('--fixture='));
  const cut = rest.indexOf('--quick');
  const full = (cut < 0 ? rest : rest.slice(0, cut)).map(target);
  const quick = (cut < 0 ? [] : rest.slice(cut + 1)).map(target);
  if (!base || full.length + quick.length === 0) {
    console.error('usage: node tests/browser/check.mjs <base-url> <path> [<path> ...] '
      + '[--quick <path> ...] [--fixture=<file.html> ...]');
    process.exit(2);
  }
  requireChromium('No browser check');

  const started = Date.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    for (const t of full) {
      for (const viewport of VIEWPORTS) await checkPage(browser, base, t, viewport);
      for (const scheme of CONTRAST_SCHEMES) await checkContrast(browser, base, t, scheme);
    }
    await checkFixtures(browser, fixtures);
    if (full.some((t) => t.status === 200 && t.path.replace(/\/?$/, '/') === '/contact/')) {
      await checkContactForm(browser, base);
    }
    await checkQuick(browser, base, quick);
  } finally {
    await browser.close();
  }
  console.log(`${full.length} pages checked in full, ${quick.length} quickly, in `
    + `${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
