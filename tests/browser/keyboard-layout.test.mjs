// Keyboard use and responsive layout: the skip link, a keyboard-only login, and no horizontal
// scrolling on a phone (375×667) or a laptop (1280×800); every page checked also passes axe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage, openMenu } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// What has the keyboard focus now.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(), href: el.getAttribute('href'),
      inMain: !!el.closest('main'), inViewport: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0,
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      outlineColor: style.outlineColor, inHeader: !!el.closest('header'),
    };
  });
}

test('the first Tab on the home page reaches the skip link, which moves focus to the main content', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  await page.goto(server.url + '/');
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  assert.equal(skip.tag, 'a');
  assert.equal(skip.text, 'Aller au contenu');
  assert.equal(skip.href, '#contenu');
  assert.ok(skip.inViewport, 'the skip link is visible once focused');
  assert.ok(skip.outline, 'the focused skip link shows a focus outline');
  await expectAccessible(page, 'accueil, lien d\'évitement visible');

  await page.keyboard.press('Enter');
  const target = await focused(page);
  assert.equal(target.tag, 'main');
  assert.equal(target.id, 'contenu');
  assert.equal(new URL(page.url()).hash, '#contenu');
  // The next Tab goes on inside the main content, past the header's navigation.
  await page.keyboard.press('Tab');
  const next = await focused(page);
  assert.ok(next.inMain, `focus stays in main after the skip link (got <${next.tag}> "${next.text}")`);
  assert.equal(next.text, 'Se connecter');
  assert.ok(next.outline, 'the focused link shows a focus outline');
  await context.close();
});

test('a keyboard-only user can log in and reach the dashboard', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  await page.goto(server.url + '/connexion');
  const headerStops = [];
  for (let i = 0; i < 15 && (await focused(page)).id !== 'email'; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.inHeader) headerStops.push(f);
  }
  assert.equal((await focused(page)).id, 'email', 'Tab reaches the e-mail field');
  // On the dark header, the focus ring is white (the blue one does not stand out enough).
  // The public site's pages come first (the demo's two seed pages).
  assert.deepEqual(headerStops.map((f) => f.text), ['Trame', 'Contexte de la formation', 'Edito', 'Formations', 'Certifications', 'Coopération', 'Vie du réseau', 'Annuaire public', 'Se connecter']);
  for (const f of headerStops) {
    assert.ok(f.outline, `"${f.text}" shows a focus outline`);
    assert.equal(f.outlineColor, 'rgb(255, 255, 255)', `"${f.text}" has a white focus outline`);
  }
  assert.ok((await focused(page)).outline, 'the focused field shows a focus outline');
  await page.keyboard.type(DEMO.coordinator);
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'password', 'Tab goes from the e-mail to the password');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Tab');
  const button = await focused(page);
  assert.equal(button.tag, 'button');
  assert.equal(button.text, 'Se connecter');
  assert.ok(button.outline, 'the focused button shows a focus outline');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  assert.equal(await page.locator('h1').innerText(), 'Tableau de bord');
  await context.close();
});

for (const [name, viewport, extra] of [
  ['phone', PHONE, { isMobile: true, hasTouch: true }],
  ['laptop', LAPTOP, {}],
]) {
  test(`no horizontal scrolling and no axe violation on a ${name} (${viewport.width}×${viewport.height})`, { timeout: 60000 }, async () => {
    const { context, page } = await newPage(browser, { viewport, ...extra });
    const checkPage = async (path, label) => {
      if (path) {
        const res = await page.goto(server.url + path);
        assert.equal(res.status(), 200, `${path} answers 200`);
      }
      const width = await page.evaluate(() => window.innerWidth);
      assert.equal(width, viewport.width, `${label}: the page is not zoomed out to fit (innerWidth ${width})`);
      await expectNoHorizontalScroll(page, `${name} ${label}`);
      await expectAccessible(page, `${name} ${label}`);
    };
    await checkPage('/', 'accueil');
    await checkPage('/connexion', 'connexion');
    await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
    await checkPage(null, 'tableau de bord');
    // On a phone the menu is folded behind one button, so the page starts with its content, not with
    // 15 links; open, every link is on screen and at least 24 × 24 px (WCAG 2.2, 2.5.8).
    const headerHeight = await page.locator('header').evaluate((h) => h.getBoundingClientRect().height);
    if (viewport.width < 768) assert.ok(headerHeight < 100, `the folded header is ${headerHeight} px high`);
    await openMenu(page);
    const targets = await page.locator('header nav a, header nav button').evaluateAll((els) =>
      els.map((el) => ({ text: el.innerText, w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height })));
    for (const t of targets) assert.ok(t.w >= 24 && t.h >= 24, `"${t.text}" is ${t.w}×${t.h} px`);
    // The header's navigation is all on screen: every link can be reached without scrolling sideways.
    const nav = await page.locator('header nav a, header nav button').evaluateAll((els) =>
      els.map((el) => ({ text: el.innerText, right: el.getBoundingClientRect().right })));
    assert.ok(nav.length >= 5, 'the administrator sees the full navigation');
    for (const item of nav) assert.ok(item.right <= viewport.width, `"${item.text}" fits in the width`);
    await checkPage('/', 'accueil (connecté)');
    await context.close();
  });
}

// 320 CSS pixels wide: the narrowest phones, and a 1280-pixel screen zoomed to 400 % (WCAG 1.4.10).
const NARROW = { width: 320, height: 640 };

test('every page fits a 320-pixel-wide screen and passes axe there', { timeout: 90000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: NARROW, isMobile: true, hasTouch: true });
  const checkPage = async (path) => {
    const res = await page.goto(server.url + path);
    assert.equal(res.status(), path === '/nulle-part' ? 404 : 200, `${path} status`);
    assert.equal(await page.evaluate(() => window.innerWidth), NARROW.width, `${path} is not zoomed out to fit`);
    await expectNoHorizontalScroll(page, `320px ${path}`);
    await expectAccessible(page, `320px ${path}`);
  };
  for (const path of ['/', '/connexion', '/nulle-part', '/mot-de-passe-oublie']) await checkPage(path);
  // A password-reset e-mail, so that the mailbox has a message with a long link in it.
  await page.fill('#email', DEMO.trainee);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Recevoir le lien' }).click()]);
  assert.match(await page.locator('main [role="status"]').innerText(), /un courriel vient de lui être envoyé/);

  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  for (const path of ['/tableau-de-bord', '/compte', '/compte/double-authentification', '/compte/sessions',
    '/admin/utilisateurs', '/admin/utilisateurs/1', '/admin/organisations', '/admin/organisations/1',
    '/admin/journal', '/admin/securite', '/dev/courriels']) {
    await checkPage(path);
  }
  const mail = page.getByRole('link', { name: 'Choisir un nouveau mot de passe Trame' }).first();
  await Promise.all([page.waitForNavigation(), mail.click()]);
  assert.match(await page.locator('pre.mail-body').innerText(), /\/reinitialisation\//);
  await checkPage(new URL(page.url()).pathname);
  // Wide tables scroll inside their own region, which the keyboard can reach.
  await page.goto(server.url + '/admin/journal');
  const region = page.locator('.table-wrap');
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.equal(await region.getAttribute('role'), 'region');
  await context.close();
});
