// Browser checks of the OIM Maroc site on phone viewports, with the Debian Chromium.
//
//   node tests/browser/check.mjs <base-url> <path> [<path> ...]
//
// For each path and phone size: status 200, no horizontal overflow, no console error,
// one visible <h1>, <html lang>, and a full-page screenshot under screenshots/<viewport>/.
// When /contact/ is among the paths, the form is also sent with JavaScript disabled.
// Exit codes: 0 all passed, 1 a check failed, 2 usage error, 3 Chromium missing (loud skip).

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// tests/browser/check.mjs -> the repository is two folders up.
const REPO = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const SHOTS = join(REPO, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Fewer background requests: there is no internet, and they would only slow things down.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const VIEWPORTS = [[320, 568], [360, 640], [390, 844]];
const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 '
  + '(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';

let passed = 0;
let failed = 0;

function check(label, ok, details = '') {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok || !details ? '' : ` — ${details}`}`);
}

/** "/" -> "home", "/actualites/x/" -> "actualites-x". */
function slug(path) {
  const s = path.split(/[/?#]+/).filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]/g, '_');
  return s || 'home';
}

function contextOptions(width, height, extra = {}) {
  return { viewport: { width, height }, isMobile: true, hasTouch: true,
    deviceScaleFactor: 2, userAgent: MOBILE_UA, ...extra };
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

async function checkPage(browser, base, path, [width, height]) {
  const size = `${width}x${height}`;
  const label = `${size} ${path}`;
  const context = await browser.newContext(contextOptions(width, height));
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
    const status = response ? response.status() : 0;
    check(`${label} status 200`, status === 200, `status ${status}`);

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

    const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    check(`${label} html[lang] set`, Boolean(lang && lang.trim()), `lang=${JSON.stringify(lang)}`);

    const file = join(SHOTS, size, `${slug(path)}.png`);
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });

    // Checked last, so that errors raised while the page settles are counted too.
    check(`${label} no console error`, errors.length === 0, errors.join(' | '));
  } catch (err) {
    check(`${label} page loads`, false, err.message.split('\n')[0]);
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

function skipWithoutChromium() {
  console.error([
    '',
    '************************************************************',
    `SKIPPED: Chromium not found at ${CHROMIUM};`,
    'install it with `apt-get install chromium` (Debian)',
    'or point the CHROMIUM environment variable to a Chromium binary.',
    'No browser check has been run.',
    '************************************************************',
    '',
  ].join('\n'));
  process.exit(3);
}

async function main() {
  const [base, ...paths] = process.argv.slice(2);
  if (!base || paths.length === 0) {
    console.error('usage: node tests/browser/check.mjs <base-url> <path> [<path> ...]');
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) skipWithoutChromium();

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    for (const path of paths) {
      for (const viewport of VIEWPORTS) await checkPage(browser, base, path, viewport);
    }
    if (paths.some((p) => p.replace(/\/?$/, '/') === '/contact/')) {
      await checkContactForm(browser, base);
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
