// A group outing in a real browser (docs/outings.md « Sorties de groupe »): the demo referent books a group
// for the demo offer « Tickets Loisirs : journée à l'île de loisirs de Créteil » on a slot of the Christmas
// school holidays (19 Dec 2026 – 3 Jan 2027) or, outside them, on a Saturday — the days Tickets Loisirs
// allow; on the outing's day (the server's simulated clock) the venue's staff checks the group in
// partially. Every page passes axe with no serious violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { PASSWORD, addUser, parisLocal, unique } from '../../integration/bookings_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

const OFFER = "Tickets Loisirs : journée à l'île de loisirs de Créteil";
const STAFF = 'accueil.ile-de-loisirs@test.local';

let server;
let browser;
let slot;
let day;        // the outing's day, 'YYYY-MM-DD' in Paris
let startsAt;   // unix seconds
let bookingCode;

// Unix seconds of a Paris wall-clock time 'YYYY-MM-DDTHH:MM' (the offset found by asking Intl).
function parisSeconds(local) {
  const guess = Date.parse(`${local}:00Z`) / 1000;
  for (const shift of [3600, 7200]) if (parisLocal(guess - shift) === local) return guess - shift;
  throw new Error(`no Paris time ${local}`);
}

// The first day from tomorrow that Tickets Loisirs allow: in the Christmas holidays, else a Saturday.
function outingDay() {
  const now = Math.floor(Date.now() / 1000);
  for (let d = 1; d < 60; d++) {
    const date = parisLocal(now + d * 86400).slice(0, 10);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if ((date >= '2026-12-19' && date <= '2027-01-03') || weekday === 6) return date;
  }
  throw new Error('no day found');
}

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const sql = (s) => querySql(server.database, s);
  const offer = sql(`SELECT id FROM outing_offers WHERE title = '${OFFER.replace(/'/g, "''")}'`);
  const allocation = sql("SELECT id FROM outing_allocations WHERE name = 'Tickets Loisirs'");
  const venue = sql(`SELECT venue_id FROM outing_offers WHERE id = ${offer}`);
  assert.ok(offer && allocation && venue, 'the demo offer and its allocation exist');
  // The venue's staff at the door: an account of the offer's venue, as an administrator adds one.
  addUser(server, STAFF, 'partner_staff', venue);
  // The slot, over HTTP as the network's administrator: a day of the holidays (or a Saturday), 10:00–17:00,
  // 40 places of which 30 for groups, under the Tickets Loisirs allocation.
  day = outingDay();
  startsAt = parisSeconds(`${day}T10:00`);
  const admin = new Client(server.url);
  assert.equal((await admin.login(DEMO.administrator)).status, 303);
  await admin.get(`/sorties/offres/${offer}/creneaux/nouveau`);
  const now = Math.floor(Date.now() / 1000);
  const res = await admin.post(`/sorties/offres/${offer}/creneaux`, {
    starts: `${day}T10:00`, ends: `${day}T17:00`, capacity: '40', group_places: '30', opens: parisLocal(now - 3600),
    cancel_until: parisLocal(Math.min(startsAt - 3600, now + 3600)), mode: 'first_come', allocation: allocation,
    _submission: unique('s'),
  });
  assert.equal(res.status, 303, `slot created: ${res.text.match(/role="alert"[^>]*>([\s\S]*?)<\//)?.[1] || ''}`);
  slot = Number(sql(`SELECT MAX(id) FROM outing_slots WHERE offer_id = ${offer} AND starts_at = ${startsAt}`));
  assert.ok(slot > 0);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the referent books a group on a holiday for the leisure island; every page passes axe', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
  await page.goto(`${server.url}/sorties/creneaux/${slot}`);
  assert.match(await mainText(page), /Places pour les groupes : 30 places restantes pour les groupes sur 30/);
  await expectAccessible(page, 'créneau');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Réserver pour un groupe' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Réserver pour un groupe');
  await expectAccessible(page, 'formulaire de groupe');
  await expectNoHorizontalScroll(page, 'formulaire de groupe @375');
  // A group larger than the share: the French answer, linked to the form; nothing booked.
  await page.getByLabel('12 à 17 ans').fill('40');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Réserver pour le groupe' }).click()]);
  assert.match(await page.locator('#error-summary').innerText(), /il ne reste que 30 places pour les groupes/);
  await expectAccessible(page, 'refus du groupe');
  // The group: 9 teenagers, 4 children, 2 staff; one person with a motor need.
  await page.getByLabel('12 à 17 ans').fill('9');
  await page.getByLabel('6 à 11 ans').fill('4');
  await page.getByLabel('Accompagnateurs (encadrants de la structure)').fill('2');
  await page.getByLabel("Personnes ayant un besoin d'accessibilité").fill('1');
  await page.getByLabel('Handicap moteur (fauteuil, mobilité réduite)').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Réserver pour le groupe' }).click()]);
  assert.match(page.url(), /\/sorties\/reservations\/\d+$/);
  const text = await mainText(page);
  assert.match(text, /Groupe — 15 personnes dont 2 accompagnateurs/);
  bookingCode = text.match(/\b([ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4})\b/)[1];
  await expectAccessible(page, 'réservation du groupe');
  await context.close();
});

test('on the outing day the venue checks the group in at once, partially: « 12 sur 15 arrivés »', { timeout: 120000 }, async () => {
  assert.ok(bookingCode, 'the group was booked');
  // The same database, served with the clock on the outing's day at 10:30 (check-in is for that day).
  await server.stop();
  const offset = startsAt + 1800 - Math.floor(Date.now() / 1000);
  server = await startTrame({ database: server.database, demo: false, smtp: false, env: { TRAME_CLOCK_OFFSET: String(offset) } });
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, STAFF, PASSWORD);
    await page.goto(`${server.url}/sorties/creneaux/${slot}/invites`);
    assert.match(await mainText(page), /Groupe — 15 personnes dont 2 accompagnateurs/);
    await expectAccessible(page, `liste des invités @${viewport.width}`);
    await expectNoHorizontalScroll(page, `liste des invités @${viewport.width}`);
    await context.close();
  }
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, STAFF, PASSWORD);
  await page.goto(`${server.url}/sorties/creneaux/${slot}/invites`);
  // More than the group: refused in French, nothing recorded.
  await page.getByLabel(`Nombre d'arrivés (${bookingCode})`).fill('16');
  await page.locator('form.group-checkin input[name="arrived"]').evaluate((el) => el.removeAttribute('max'));
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Enregistrer l'entrée du groupe" }).click()]);
  assert.match(await page.locator('#checkin-error').innerText(), new RegExp(`Le nombre d'arrivés du groupe ${bookingCode} doit être un nombre entier entre 1 et 15`));
  await expectAccessible(page, 'refus du nombre');
  // 12 of the 15 came.
  await page.getByLabel(`Nombre d'arrivés (${bookingCode})`).fill('12');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Enregistrer l'entrée du groupe" }).click()]);
  const text = await mainText(page);
  assert.match(text, new RegExp(`Entrée du groupe enregistrée : ${bookingCode}, 12 sur 15 arrivés`));
  assert.match(text, /12 sur 15 arrivés, le/);
  assert.match(await page.locator('#guest-count').innerText(), /Présents : 12 personnes sur 15/);
  await expectAccessible(page, 'groupe entré');
  await context.close();
});
