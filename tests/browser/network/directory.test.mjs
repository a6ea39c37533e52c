// The directory, territories and partnerships in a real browser: a coordinator searches the
// directory, opens an entry, browses a délégation, follows partnerships; every page passes axe
// on a laptop and on a phone, without horizontal scrolling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage, openMenu } from '../browser.mjs';

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

  await openMenu(page);
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

test('the partnership form picks organisations with and without JavaScript; documents and délégation forms are accessible', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  await page.goto(server.url + '/annuaire');
  assert.match(await mainText(page), /Votre périmètre : Délégation Pays d'Ancenis\./);
  await page.goto(server.url + '/annuaire/partenariats/nouveau');
  await expectAccessible(page, 'nouveau partenariat');
  // Enhanced: typing fills the datalist from the JSON helper.
  const field = page.getByRole('group', { name: 'Structure partenaire' }).getByLabel('Nom de la structure');
  await field.fill('preamb');
  await page.waitForFunction(() => document.querySelectorAll('#p-partner-list option').length > 0);
  assert.equal(await page.locator('#p-partner-list option').first().getAttribute('value'), 'Le Préambule');
  // The search step (what works without JavaScript): radio buttons to choose from.
  await page.getByRole('group', { name: 'Structure porteuse' }).getByLabel('Nom de la structure').fill('cultures du coeur');
  await Promise.all([page.waitForNavigation(),
    page.getByRole('group', { name: 'Structure porteuse' }).getByRole('button', { name: 'Rechercher' }).click()]);
  await page.getByRole('radio', { name: /Cultures du Cœur 94/ }).check();
  await page.getByRole('radio', { name: /Le Préambule/ }).check();
  await expectAccessible(page, 'nouveau partenariat : résultats');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer le partenariat' }).click()]);
  assert.match(page.url(), /\/annuaire\/partenariats\/\d+$/);
  assert.match(await mainText(page), /Aucun document\./);
  await expectAccessible(page, 'partenariat avec documents');
  await context.close();

  const admin = await newPage(browser, { viewport: PHONE });
  await login(admin.page, server.url, DEMO.administrator, DEMO_PASSWORD);
  await admin.page.goto(server.url + '/admin/utilisateurs?q=coordination');
  await Promise.all([admin.page.waitForNavigation(), admin.page.getByRole('link', { name: "Coordinatrice Pays d'Ancenis" }).click()]);
  assert.equal(await admin.page.getByLabel('Délégation coordonnée').inputValue() !== '0', true);
  await expectAccessible(admin.page, 'utilisateur coordinateur');
  await expectNoHorizontalScroll(admin.page, 'utilisateur @375');
  await admin.page.goto(server.url + '/annuaire/partenariats/nouveau');
  await expectNoHorizontalScroll(admin.page, 'nouveau partenariat @375');
  await admin.context.close();
});
