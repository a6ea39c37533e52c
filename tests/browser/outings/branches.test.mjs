// Branches in a real browser (docs/outings.md « Antennes »): the head office gives an allocation to the
// Loire-Atlantique branch from the allocation form and reads the places per branch on the steering page;
// that branch's coordinator lists only the network's and their branch's allocations. Every page passes
// axe and fits a 375 px phone screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame, parisYear } from '../../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the head office gives an allocation to a branch and reads the places per branch', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  await page.goto(server.url + '/sorties/contingents/nouveau');
  const branch = page.getByLabel('Antenne');
  assert.deepEqual(await branch.locator('option').allInnerTexts(), ['Tout le réseau', 'Cultures du Cœur 44', 'Cultures du Cœur 94']);
  await expectNoHorizontalScroll(page, 'contingent @375');
  await expectAccessible(page, 'contingent @375');
  const year = parisYear();
  await page.getByLabel('Nom', { exact: true }).fill('Concerts de Loire-Atlantique (test)');
  await page.getByLabel('Places du contingent').fill('40');
  await page.getByLabel('Début de la période').fill(`${year}-01-01`);
  await page.getByLabel('Fin de la période').fill(`${year + 1}-12-31`);
  await branch.selectOption({ label: 'Cultures du Cœur 44' });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Concerts de Loire-Atlantique (test)');
  assert.equal(await page.locator('#allocation-branch').innerText(), 'Antenne : Cultures du Cœur 44');
  await expectAccessible(page, 'contingent enregistré @375');

  await page.setViewportSize(LAPTOP);
  const iso = (d) => d.toISOString().slice(0, 10);
  const now = new Date();
  await page.goto(`${server.url}/sorties/pilotage?du=${iso(now)}&au=${iso(new Date(now.getTime() + 120 * 86400000))}`);
  const table = page.locator('section[aria-labelledby="branch-title"]');
  const rows = await table.innerText();
  assert.match(rows, /Cultures du Cœur 44\t\d+/);
  assert.match(rows, /Cultures du Cœur 94\t\d+/);
  await expectAccessible(page, 'pilotage @1280');
  await context.close();
});

test('a branch coordinator lists the network\'s and their branch\'s allocations only', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, 'coordination@culturesducoeur44.local', DEMO_PASSWORD);
  await page.goto(server.url + '/sorties/contingents');
  assert.equal(await page.locator('h1').innerText(), 'Contingents de places');
  assert.doesNotMatch(await mainText(page), /Tous au cinéma|Tickets Loisirs/);
  await expectNoHorizontalScroll(page, 'contingents antenne @375');
  await expectAccessible(page, 'contingents antenne @375');
  await page.goto(server.url + '/sorties/contingents/nouveau');
  // Their allocation is their branch's: no choice, the branch named.
  assert.equal(await page.getByLabel('Antenne').count(), 0);
  assert.match(await mainText(page), /Antenne : Cultures du Cœur 44/);
  await expectAccessible(page, 'nouveau contingent antenne @375');
  await context.close();
});
