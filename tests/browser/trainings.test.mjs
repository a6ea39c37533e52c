// Trainings in a real browser: the public catalogue, a programme, a session and the calendar on a
// phone without signing in; the manager's pages (programme form, session, half-days) on a phone, a
// refused half-day announced in an alert with the values kept; every page passes axe and fits 375 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, path, label = path) {
  const res = await page.goto(server.url + path);
  assert.equal(res.status(), 200, path);
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, `${label} @375`);
}

test('the public pages on a phone, without signing in', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await check(page, '/formations');
  await page.getByRole('link', { name: "Pouvoir d'agir et coopération à l'épreuve du territoire" }).click();
  await page.waitForLoadState();
  const programme = page.url().replace(server.url, '');
  await check(page, programme);
  assert.match(await mainText(page), /Résultats de satisfaction : pas encore publiés/);
  await page.getByRole('link', { name: 'Session printemps 2027' }).first().click();
  await page.waitForLoadState();
  const session = page.url().replace(server.url, '');
  await check(page, session);
  assert.match(await mainText(page), /Séminaire 3/);
  await check(page, '/formations/calendrier?vue=liste');
  await check(page, '/formations/calendrier');
  // The month view is a table with a caption; its next-month link leads to the next table.
  const caption = await page.locator('table caption').innerText();
  await Promise.all([page.waitForNavigation(), page.locator('a[rel="next"]').click()]);
  assert.notEqual(await page.locator('table caption').innerText(), caption);
  await expectAccessible(page, 'mois suivant');
  await context.close();
});

test('a manager on a phone: programme form, session, half-days with a refused entry', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await check(page, '/formations/gestion');
  const programmeLink = page.getByRole('link', { name: "Pouvoir d'agir et coopération à l'épreuve du territoire" }).first();
  const programme = await programmeLink.getAttribute('href');
  await check(page, `${programme}/modifier`);
  await check(page, `${programme}/sessions/nouvelle`);
  await check(page, '/formations/programmes/nouveau');
  await page.goto(server.url + programme);
  const session = await page.getByRole('link', { name: 'Session printemps 2027' }).first().getAttribute('href');
  await check(page, session, 'session (gestion)');
  assert.match(await mainText(page), /Il manque \d+ stagiaire\(s\) pour atteindre le minimum de 7/);
  await check(page, `${session}/demi-journees`);
  // The programme's 70 hours are all planned: one more half-day is refused, with the values kept.
  await page.getByLabel('Date', { exact: true }).last().fill('2027-04-01');
  await page.locator('#h-start').fill('09:00');
  await page.locator('#h-end').fill('12:00');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ajouter la demi-journée' }).click()]);
  assert.match(await page.getByRole('alert').first().innerText(), /au-delà de la durée de la session et du programme/);
  assert.equal(await page.locator('#h-day').inputValue(), '2027-04-01');
  await expectAccessible(page, 'demi-journées avec erreur');
  await check(page, '/formations/agenda');
  await context.close();
});
