// A group visit request in a real browser (docs/outings.md « Demandes de visite de groupe »): the demo
// referent asks for a visit of an offer « sur demande » from its page, with two dates; the venue's staff
// accepts the second one, which makes the group's booking. Every page passes axe with no serious violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { parisLocal, unique } from '../../integration/bookings_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
let offer;
const TITLE = unique('Visite des coulisses');

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const sql = (s) => querySql(server.database, s);
  const venue = sql("SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre'");
  const admin = new Client(server.url);
  assert.equal((await admin.login(DEMO.administrator)).status, 303);
  await admin.get('/sorties/offres/nouvelle');
  let res = await admin.post('/sorties/offres', {
    venue, title: TITLE, category: 'live_show', audience: 'all', language: 'fr', on_request: '1',
    description: 'Les coulisses du théâtre, pour un groupe.', _submission: admin.submission,
  });
  assert.equal(res.status, 303);
  offer = Number(res.location.match(/(\d+)$/)[1]);
  await admin.get(res.location);
  res = await admin.post(`/sorties/offres/${offer}/statut`, { status: 'published', _submission: admin.submission });
  assert.equal(res.status, 303);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the referent asks for a group visit, the venue accepts a date; every page passes axe', { timeout: 120000 }, async () => {
  const referent = await newPage(browser, { viewport: PHONE });
  let page = referent.page;
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
  await page.goto(`${server.url}/sorties/offres/${offer}`);
  await expectAccessible(page, 'offre sur demande');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Demander une visite de groupe' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Demander une visite de groupe');
  await expectAccessible(page, 'formulaire de demande');
  await expectNoHorizontalScroll(page, 'formulaire de demande @375');
  const now = Math.floor(Date.now() / 1000);
  // A date in the past: the French answer, nothing written.
  await page.getByLabel('Date et heure souhaitées n° 1').fill(parisLocal(now - 86400));
  await page.getByLabel('12 à 17 ans').fill('9');
  await page.getByLabel('Accompagnateurs (encadrants de la structure)').fill('2');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer la demande' }).click()]);
  assert.match(await page.locator('#error-summary').innerText(), /Cette date est passée/);
  await expectAccessible(page, 'refus de la demande');
  const second = Math.floor((now + 86400 * 16) / 60) * 60;
  await page.getByLabel('Date et heure souhaitées n° 1').fill(parisLocal(now + 86400 * 15));
  await page.getByLabel('Date et heure souhaitées n° 2').fill(parisLocal(second));
  await page.getByLabel('Message au lieu (besoins, précisions)').fill('Une classe de quatrième.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer la demande' }).click()]);
  assert.match(page.url(), /\/sorties\/demandes\/\d+$/);
  const requestUrl = page.url();
  assert.match(await mainText(page), /Envoyée/);
  await expectAccessible(page, 'demande envoyée');
  await referent.context.close();

  const venue = await newPage(browser, { viewport: LAPTOP });
  page = venue.page;
  await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
  await page.goto(`${server.url}/sorties/demandes`);
  assert.match(await mainText(page), new RegExp(TITLE));
  await expectAccessible(page, 'liste des demandes');
  await page.goto(requestUrl);
  await expectAccessible(page, 'demande, côté lieu');
  await page.locator('input[name="choice"][value="2"]').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Accepter cette date' }).click()]);
  const text = await mainText(page);
  assert.match(text, /Date acceptée : le créneau et la réservation du groupe sont faits/);
  assert.match(text, /Acceptée/);
  await expectAccessible(page, 'demande acceptée');
  const id = Number(requestUrl.match(/(\d+)$/)[1]);
  assert.equal(querySql(server.database, `SELECT s.starts_at FROM outing_requests r JOIN outing_slots s ON s.id = r.slot_id WHERE r.id = ${id}`),
    String(second));
  await venue.context.close();
});
