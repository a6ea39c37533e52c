// Browser test helpers: Debian's Chromium driven by playwright-core, axe-core for accessibility.
// Never downloads a browser: it always launches /usr/bin/chromium.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

export const CHROMIUM = '/usr/bin/chromium';

export const PHONE = { width: 375, height: 667 };
// The phone of the issue 14 walk (a common Android/iPhone width).
export const PHONE_390 = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Contexts made with JavaScript turned off: axe cannot run in them (its checks are asynchronous
// and the page's event loop runs no script), so expectAccessible refuses them at once rather than hang.
const withoutScripts = new WeakSet();

// A fresh context (own cookies) and a page in it. Options go to browser.newContext().
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: LAPTOP, ...options });
  if (options.javaScriptEnabled === false) withoutScripts.add(context);
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  return { context, page };
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe-core runs in the page itself: its source (550 kB) is evaluated once per document, and axe.run checks
// the document with the WCAG 2.1 A/AA rules. Trame's pages hold no frame. (@axe-core/playwright evaluated the
// source twice per check and finished each in a new blank tab: 1.2 s a check, half of the browser tests' time,
// against 0.5 s.)
async function runAxe(page) {
  assert.equal(page.frames().length, 1, `${page.url()}: a frame in the page, which axe would not enter`);
  if (!(await page.evaluate('typeof window.axe?.run === "function"'))) await page.evaluate(axe.source);
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
}

function describe(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`);
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
  }).join('\n');
}

// Runs axe on the page as it is now; fails on any serious or critical violation.
// Returns the axe results (so a test can look at them further).
export async function expectAccessible(page, label = '') {
  if (withoutScripts.has(page.context())) {
    throw new Error('axe needs JavaScript: check this page in a context with javaScriptEnabled');
  }
  const results = await runAxe(page);
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const where = `${label ? label + ' — ' : ''}${page.url()}`;
  if (results.violations.length) {
    const minor = results.violations.filter((v) => !blocking.includes(v));
    if (minor.length) console.log(`axe (mineur) ${where}\n${describe(minor)}`);
  }
  if (blocking.length) {
    const text = describe(blocking);
    console.log(`axe ${where}\n${text}`);
    assert.fail(`accessibility violations on ${where}:\n${text}`);
  }
  return results;
}

// No horizontal scrolling at the current viewport.
export async function expectNoHorizontalScroll(page, label = '') {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // the widest offenders, to make a failure actionable
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`),
  }));
  assert.ok(m.scrollWidth <= m.innerWidth,
    `${label} ${page.url()}: horizontal scrolling (scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}); too wide: ${m.wide.join(', ')}`);
}

// Every link, button and form field of the main content (and the header's menu) lies inside the
// viewport horizontally: nothing a user needs is reached by scrolling a table sideways. Hidden
// elements (a closed disclosure, display:none) do not count.
export async function expectActionsOnScreen(page, label = '') {
  const off = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, header a[href], header button')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return false;
        // Not rendered: inside a closed disclosure (its box is still reported), display:none, hidden.
        if (!el.checkVisibility({ visibilityProperty: true })) return false;
        return r.left < -0.5 || r.right > width + 0.5;
      })
      .slice(0, 8)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40);
        return `${el.tagName.toLowerCase()} "${text}" at x=${Math.round(r.left)}–${Math.round(r.right)}`;
      });
  });
  assert.deepEqual(off, [], `${label} ${page.url()}: actions outside the ${await page.evaluate(() => document.documentElement.clientWidth)} px viewport`);
}

// Saves a full-page screenshot under build/screenshots/<name>.png for review (the test run keeps them).
export async function screenshot(page, name) {
  const dir = new URL('../../build/screenshots/', import.meta.url);
  const fs = await import('node:fs');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}

// Fills the login form and submits it; waits for the navigation that follows.
export async function login(page, base, email, password) {
  await page.goto(`${base}/connexion`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
}

// Opens the header's menu when it is folded (a phone, or a page without JavaScript).
export async function openMenu(page) {
  const menu = page.locator('#nav-menu');
  if ((await menu.count()) && !(await menu.evaluate((d) => d.open))) await page.locator('#nav-menu > summary').click();
}

// Clicks the "Se déconnecter" button in the header and waits for the page that follows.
export async function logout(page) {
  await openMenu(page);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Se déconnecter' }).click(),
  ]);
}

// The text of the page's main landmark.
export function mainText(page) {
  return page.locator('main').innerText();
}
