// Booking in a real browser on a phone: the referent registers a person supported, books a slot
// through the form (labels, fieldset of accessibility needs), lands on the confirmation page (code,
// QR code, practical details); every page passes axe and fits 375 px without horizontal scrolling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { publishSlot } from '../../integration/bookings_fixtures.mjs';
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

test('a referent books on a phone: beneficiary, booking form, confirmation page', { timeout: 120000 }, async () => {
  const slot = await publishSlot(server, { capacity: 4, title: 'Le Malade imaginaire (navigateur)' });
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);

  await page.goto(server.url + '/sorties/beneficiaires');
  await expectAccessible(page, 'personnes accompagnées');
  await expectNoHorizontalScroll(page, 'personnes accompagnées @375');
  await page.getByLabel('Tranche d\'âge').selectOption('60+');
  await page.getByLabel('Taille du foyer').fill('2');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer et obtenir un code' }).click()]);
  const code = (await mainText(page)).match(/sous le code (B-[A-Z0-9]{4}-[A-Z0-9]{2})/)[1];

  await page.goto(`${server.url}/sorties/creneaux/${slot}/reserver`);
  await expectAccessible(page, 'formulaire de réservation');
  await expectNoHorizontalScroll(page, 'formulaire de réservation @375');
  const options = await page.getByLabel('Personne accompagnée (code)').locator('option').allInnerTexts();
  const label = options.find((o) => o.startsWith(code));
  assert.ok(label, 'the new beneficiary is offered');
  await page.getByLabel('Personne accompagnée (code)').selectOption({ label });
  await page.getByLabel('Nombre d\'accompagnants').fill('1');
  await page.getByRole('group', { name: 'Besoins d\'accessibilité' }).getByLabel('Handicap visuel').check();
  // A bad value first: the error is announced and the form keeps what was typed.
  await page.getByLabel('Nombre d\'accompagnants').fill('5');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Réserver' }).click()]);
  assert.match(await page.getByRole('alert').first().innerText(), /Trop d'accompagnants : 1 au plus/);
  await expectAccessible(page, 'formulaire avec erreur');
  await page.getByLabel('Nombre d\'accompagnants').fill('1');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Réserver' }).click()]);
  assert.match(page.url(), /\/sorties\/reservations\/\d+$/);
  const text = await mainText(page);
  assert.match(text, /Réservation confirmée\./);
  assert.match(text, /[A-Z0-9]{4}-[A-Z0-9]{4}/);
  assert.match(text, /Le Malade imaginaire \(navigateur\)/);
  assert.ok(!text.includes(code), 'the ticket never shows who the person is');
  assert.equal(await page.locator('.booking-qr svg').count(), 1);
  await expectAccessible(page, 'confirmation');
  await expectNoHorizontalScroll(page, 'confirmation @375');
  await context.close();

  // The same pages on a laptop.
  const wide = await newPage(browser, { viewport: LAPTOP });
  await login(wide.page, server.url, DEMO.referent, DEMO_PASSWORD);
  for (const path of ['/sorties/reservations', `/sorties/creneaux/${slot}/reserver`]) {
    await wide.page.goto(server.url + path);
    await expectAccessible(wide.page, path);
  }
  await wide.context.close();
});

test('the coordinator pages (rules, onboarding) pass axe on a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  for (const path of ['/sorties/regles', '/sorties/referents']) {
    await page.goto(server.url + path);
    await expectAccessible(page, path);
    await expectNoHorizontalScroll(page, `${path} @375`);
  }
  await context.close();
});
