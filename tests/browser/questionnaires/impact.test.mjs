// Impact studies in a real browser on a phone (375 px): the list, the creation form (with an error),
// the study page of the demo (results with charts), its restitution and the referent's answer form,
// axe on each; and the creation of a study with JavaScript turned off, relais found by the search.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../../integration/harness.mjs';
import { PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PASSWORD = 'trame-demo-2026';
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
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
}

test('impact pages are accessible on a phone', async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.coordinator, PASSWORD);
  await page.goto(`${server.url}/questionnaires/etudes`);
  await check(page, 'liste');
  const href = await page.getByRole('link', { name: 'Étude d\'impact sur les publics', exact: true }).getAttribute('href');
  await page.goto(server.url + href);
  assert.match(await page.locator('main').innerText(), /Avancement par relais/);
  await check(page, 'étude (coordination)');
  await page.goto(`${server.url}${href}/restitution`);
  await check(page, 'restitution');
  await page.goto(`${server.url}/questionnaires/etudes/nouvelle`);
  await check(page, 'création');
  await page.fill('#i-starts_on', '2026-05-10');
  await page.fill('#i-ends_on', '2026-05-01');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer l\'étude' }).click()]);
  assert.match(await page.locator('#error-summary').innerText(), /Cochez au moins un relais|La date de fin/);
  await check(page, 'création en erreur');
  await context.close();

  const referent = await newPage(browser, { viewport: PHONE });
  await login(referent.page, server.url, DEMO.referent, PASSWORD);
  await referent.page.goto(server.url + href);
  await check(referent.page, 'étude (référente)');
  await referent.context.close();
});

test('a study is created without JavaScript, relais found by the search', async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  await login(page, server.url, DEMO.coordinator, PASSWORD);
  await page.goto(`${server.url}/questionnaires/etudes/nouvelle`);
  await page.fill('#i-title', 'Étude sans JavaScript');
  await page.fill('#i-starts_on', '2026-01-01');
  await page.fill('#i-ends_on', '2030-12-31');
  await page.fill('#i-q', 'Vitry');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Rechercher', exact: true }).click()]);
  assert.equal(await page.inputValue('#i-title'), 'Étude sans JavaScript', 'values kept by the search');
  await page.getByLabel(/Relais social de Vitry-sur-Seine/).check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer l\'étude' }).click()]);
  assert.match(page.url(), /\/questionnaires\/etudes\/\d+$/);
  assert.match(await page.locator('main').innerText(), /Brouillon/);
  await context.close();
});
