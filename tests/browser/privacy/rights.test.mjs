// People's rights in a real browser at 375 px: the person's page (download links, the request form, their
// requests) and the officer's list and request page (deadline, overdue in words) — axe: no serious
// violation, no horizontal scroll; the form works without JavaScript.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the person\'s page: download links and a request, accessible on a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.volunteer, DEMO_PASSWORD);
  await page.goto(server.url + '/compte');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Télécharger mes données, demander/ }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Mes données personnelles');
  assert.equal(await page.getByRole('link', { name: /JSON/ }).count(), 1);
  assert.equal(await page.getByRole('link', { name: /PDF/ }).count(), 1);
  await expectNoHorizontalScroll(page, 'mes données @375');
  await expectAccessible(page, 'mes données @375');
  await page.getByLabel('Type de demande').selectOption('rectification');
  await page.getByLabel('Votre demande').fill('Mon prénom prend un accent.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer la demande' }).click()]);
  assert.match(await page.locator('main').innerText(), /Votre demande est enregistrée/);
  assert.equal(await page.getByRole('table').count(), 1);
  await expectAccessible(page, 'mes données, une demande @375');
  await context.close();
});

test('the officer\'s list and request page, accessible on a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  await page.goto(server.url + '/admin/vie-privee/demandes');
  assert.equal(await page.locator('h1').innerText(), 'Demandes des personnes sur leurs données');
  await expectNoHorizontalScroll(page, 'demandes @375');
  await expectAccessible(page, 'demandes @375');
  // The previous test's request (tests of a file run in order).
  const link = page.getByRole('link', { name: /Demande n°/ }).first();
  assert.ok(await link.count(), 'a request is listed');
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.equal(await page.getByLabel('Nouvel état').count(), 1);
  await expectNoHorizontalScroll(page, 'demande @375');
  await expectAccessible(page, 'demande @375');
  // The two-month extension, with its reason.
  await page.getByLabel(/Motif de la prolongation/).fill('Plusieurs structures à consulter.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Prolonger le délai' }).click()]);
  assert.match(await page.locator('main').innerText(), /Le délai est prolongé de deux mois/);
  assert.match(await page.locator('[data-extended]').innerText(), /Plusieurs structures à consulter\./);
  await expectAccessible(page, 'demande prolongée @375');
  await context.close();
});
