// The directory, territories and partnerships in a real browser: a coordinator searches the
// directory, opens an entry, browses a délégation, follows partnerships; every page passes axe
// on a laptop and on a phone, without horizontal scrolling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a coordinator searches the directory and browses territories and partnerships', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);

  await page.getByRole('link', { name: 'Annuaire', exact: true }).click();
  await page.waitForURL(/\/annuaire$/);
  await expectAccessible(page, 'annuaire');
  await page.getByLabel('Nom, type, commune…').fill('theatre');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Rechercher' }).click()]);
  assert.match(await mainText(page), /Théâtre Quartier Libre/);
  await expectAccessible(page, 'annuaire: résultats');

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Théâtre Quartier Libre' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Théâtre Quartier Libre');
  assert.match(await mainText(page), /Accessible aux personnes à mobilité réduite/);
  await expectAccessible(page, 'fiche');

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: "Délégation Pays d'Ancenis" }).click()]);
  assert.equal(await page.locator('h1').innerText(), "Délégation Pays d'Ancenis");
  assert.match(await mainText(page), /Ancenis-Saint-Géréon/);
  await expectAccessible(page, 'délégation');

  await page.goto(server.url + '/territoires');
  await expectAccessible(page, 'territoires');
  await page.goto(server.url + '/annuaire/partenariats');
  assert.equal(await page.locator('h1').count(), 1);
  await expectAccessible(page, 'partenariats');
  await page.goto(server.url + '/annuaire/personnes');
  await expectAccessible(page, 'personnes');
  await page.goto(server.url + '/annuaire/public');
  await expectAccessible(page, 'annuaire public');
  await context.close();
});

test('directory pages fit a phone screen', { timeout: 120000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    for (const path of ['/annuaire?q=ancenis', '/territoires', '/annuaire/partenariats', '/territoires/communes/44003']) {
      await page.goto(server.url + path);
      await expectNoHorizontalScroll(page, `${path} @${viewport.width}`);
      await expectAccessible(page, `${path} @${viewport.width}`);
    }
    await context.close();
  }
});
