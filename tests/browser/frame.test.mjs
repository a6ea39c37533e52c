// The frame of every page on a phone (390 × 844) and a laptop (issue 14): the menu folds behind one
// button on a phone and lies in one row on a laptop, each role's dashboard and the administration
// lists keep every action on screen, focus moves to a form's error, the language switch keeps the page.
// Screenshots of the dashboards of the roles no domain test covers go to build/screenshots/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, newPage, openMenu,
  screenshot,
} from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, label) {
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
  await expectAccessible(page, label);
}

test('on a phone the administrator\'s menu is one button, and every administration list keeps its actions on screen', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_390, isMobile: true, hasTouch: true });
  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  const toggle = page.locator('#nav-menu > summary');
  assert.ok(await toggle.isVisible(), 'the menu button is shown on a phone');
  assert.equal(await page.locator('header nav a[href="/admin/utilisateurs"]').isVisible(), false, 'the links are folded');
  await check(page, 'tableau de bord (téléphone)');
  await screenshot(page, 'administrator-dashboard-phone');
  await openMenu(page);
  assert.ok(await page.locator('header nav a[href="/admin/utilisateurs"]').isVisible(), 'the menu opens without leaving the page');
  await check(page, 'menu ouvert (téléphone)');
  await Promise.all([page.waitForNavigation(), page.locator('header nav a[href="/admin/utilisateurs"]').click()]);
  await check(page, 'utilisateurs (téléphone)');
  for (const path of ['/admin/journal', '/compte/sessions', '/compte']) {
    await page.goto(server.url + path);
    await check(page, `${path} (téléphone)`);
  }
  await context.close();
});

test('on a laptop the menu is open in one row and its button hidden', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: LAPTOP });
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  assert.equal(await page.locator('#nav-menu > summary').isVisible(), false);
  assert.ok(await page.locator('header nav a[href="/territoires"]').isVisible());
  const tops = await page.locator('header nav li').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
  assert.ok(new Set(tops).size <= 2, `the menu holds in one or two rows (${tops.join(', ')})`);
  await check(page, 'tableau de bord (ordinateur)');
  await context.close();
});

test('after a refused form, focus is on the error message', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_390, isMobile: true, hasTouch: true });
  await login(page, server.url, DEMO.volunteer, DEMO_PASSWORD);
  await page.goto(server.url + '/compte');
  await page.fill('#current_password', 'not-the-password');
  await page.fill('#password', 'Une-toute-nouvelle-phrase-2027');
  await page.fill('#password_confirm', 'Une-toute-nouvelle-phrase-2027');
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/compte/mot-de-passe"] button[type="submit"]').click()]);
  const focused = await page.evaluate(() => ({
    alert: document.activeElement?.getAttribute('role'), text: document.activeElement?.innerText || '',
  }));
  assert.equal(focused.alert, 'alert', 'focus is on the message');
  assert.match(focused.text, /mot de passe/i);
  await check(page, 'compte, erreur (téléphone)');
  await context.close();
});

test('switching language keeps the page', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_390 });
  await page.goto(server.url + '/formations?page=1');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'English' }).click()]);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/formations?page=1');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await context.close();
});

for (const role of ['trainer', 'jury_member', 'volunteer']) {
  test(`the ${role}'s dashboard on a phone`, { timeout: 60000 }, async () => {
    const { context, page } = await newPage(browser, { viewport: PHONE_390, isMobile: true, hasTouch: true });
    await login(page, server.url, DEMO[role], DEMO_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
    await check(page, `tableau de bord ${role}`);
    await screenshot(page, `${role}-dashboard-phone`);
    await openMenu(page);
    await check(page, `menu ${role}`);
    await context.close();
  });
}
