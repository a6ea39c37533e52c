// Solidarity outings in a real browser: a referent searches the catalogue and opens an offer and a
// slot; a partner's staff fills the offer form (with a validation error, then a success) and adds a
// slot. Every page passes axe (no serious or critical violation) and fits 375 px and 1280 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
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

function local(days, hour = 20, minute = 30) {
  const d = new Date(Date.now() + days * 86400000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

test('a referent finds an outing in the catalogue and opens its offer and slot', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
  await page.goto(server.url + '/sorties');
  assert.equal(await page.locator('h1').innerText(), 'Sorties solidaires');
  await expectAccessible(page, 'catalogue');
  await page.getByLabel('Mots-clés (titre, lieu, commune)').fill('THEATRE quartier');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Rechercher', exact: true }).click()]);
  assert.match(await mainText(page), /Les Fourberies de Scapin/);
  await expectAccessible(page, 'catalogue: résultats');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Les Fourberies de Scapin' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Les Fourberies de Scapin');
  const text = await mainText(page);
  assert.match(text, /Théâtre Quartier Libre/);
  assert.match(text, /places? restantes? sur/);
  assert.ok(await page.locator('a[href$=".ics"]').count() >= 1);
  assert.ok(await page.locator('a[href$="/reserver"]').count() >= 1);
  await expectAccessible(page, 'offre');
  await Promise.all([page.waitForNavigation(), page.locator('tbody th a').first().click()]);
  assert.match(new URL(page.url()).pathname, /^\/sorties\/creneaux\/\d+$/);
  assert.match(await mainText(page), /Annulation sans pénalité jusqu'au/);
  await expectAccessible(page, 'créneau');
  await context.close();
});

test('a partner\'s staff fills the offer form, sees a clear error, then publishes with a slot', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
  await page.goto(server.url + '/sorties/offres/nouvelle');
  await expectAccessible(page, 'formulaire d\'offre');
  // The venue's accessibility is prefilled from the directory.
  assert.equal(await page.getByLabel('Mobilité réduite (moteur)').isChecked(), true);
  await page.getByLabel('Âge minimum').fill('12');
  await page.getByLabel('Âge maximum').fill('8');
  await page.getByLabel('Titre').fill('Tartuffe');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Créer l'offre" }).click()]);
  assert.match(await page.locator('[role="alert"]').innerText(), /l'âge maximum \(s'il est donné\) au moins égal à l'âge minimum/);
  assert.equal(await page.getByLabel('Âge minimum').getAttribute('aria-invalid'), 'true');
  await expectAccessible(page, 'formulaire d\'offre: erreur');
  await page.getByLabel('Âge maximum').fill('0');
  await page.getByLabel('Catégorie').selectOption('live_show');
  await page.getByLabel('Description').fill('La comédie de **Molière**.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Créer l'offre" }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Tartuffe');
  assert.match(await mainText(page), /Brouillon/);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nouveau créneau' }).click()]);
  await expectAccessible(page, 'formulaire de créneau');
  await page.getByLabel('Début', { exact: true }).fill(local(15));
  await page.getByLabel('Nombre de places').fill('6');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ajouter le créneau' }).click()]);
  assert.match(await mainText(page), /6 places? restantes? sur 6/);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publier' }).click()]);
  assert.match(await mainText(page), /Statut de l'offre : Publiée/);
  await expectAccessible(page, 'offre publiée');
  await context.close();
});

test('outings pages fit a phone and a laptop screen and pass axe', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    for (const [who, paths] of [[DEMO.referent, ['/sorties', '/sorties?q=cine&famille=1', '/sorties/offres/1', '/sorties/creneaux/1']],
      [DEMO.coordinator, ['/sorties/offres/nouvelle', '/sorties/offres/4/creneaux/nouveau', '/sorties/offres', '/sorties/contingents', '/sorties/contingents/1']]]) {
      const { context, page } = await newPage(browser, { viewport });
      await login(page, server.url, who, DEMO_PASSWORD);
      for (const path of paths) {
        const res = await page.goto(server.url + path);
        assert.equal(res.status(), 200, path);
        await expectNoHorizontalScroll(page, `${path} @${viewport.width}`);
        await expectAccessible(page, `${path} @${viewport.width}`);
      }
      await context.close();
    }
  }
});
