// Open data (/donnees-ouvertes, public): the schema page, and the CSV per commune of the venue and month
// from used bookings, with the small-number rule (fewer than 5 people: figures left empty, flagged) and
// no personal data. Rows made in 2016, a year no other test touches.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, startTrame } from '../harness.mjs';
import { at, csvRows, world } from './fixtures.mjs';

let server;
let w;
before(async () => {
  server = await startTrame();
  w = world(server);
});
after(async () => { await server?.stop(); });

test('the schema page describes every column, its unit, rule and licence', async () => {
  const anonymous = new Client(server.url);
  const page = await anonymous.get('/donnees-ouvertes');
  assert.equal(page.status, 200);
  assert.match(page.text, /Licence Ouverte 2\.0/);
  for (const c of ['mois', 'code_insee', 'commune', 'places_utilisees', 'personnes_touchees', 'reservations', 'secret_statistique'])
    assert.match(page.text, new RegExp(`<code>${c}</code>`));
  assert.match(page.text, /href="\/donnees-ouvertes\/sorties-par-commune\.csv"/);
  // Search engines are told about it.
  const sitemap = await anonymous.get('/sitemap.xml');
  assert.equal(sitemap.status, 200);
  assert.match(sitemap.text, /<loc>[^<]*\/donnees-ouvertes<\/loc>/);
});

test('the CSV counts per commune of the venue and month, withholds small counts, names nobody', async () => {
  const e = w.epci([1200]);
  const commune = e.communes[0];
  const venue = w.organisation('cultural', commune.code);
  const relais = w.organisation('social', commune.code);
  const offer = w.offer(venue.id);
  const march = w.slot(offer, at(2016, 3, 10));
  const april = w.slot(offer, at(2016, 4, 14));
  const people = Array.from({ length: 6 }, () => w.person(relais.id, commune.code));
  w.booking(relais.id, people[0], march, { places: 3 });
  for (const p of people.slice(1)) w.booking(relais.id, p, march);
  w.booking(relais.id, people[0], april);                           // 3 people in April: withheld
  w.booking(relais.id, people[1], april);
  w.booking(relais.id, people[2], april, { places: 2 });
  w.booking(relais.id, people[3], april, { status: 'no_show' });    // not used: not counted
  w.booking(relais.id, people[4], april, { status: 'confirmed' });

  const anonymous = new Client(server.url);
  const csv = await anonymous.get('/donnees-ouvertes/sorties-par-commune.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv; charset=utf-8/);
  assert.ok(csv.text.startsWith('\uFEFF') || csv.text.startsWith('mois'), 'UTF-8 with its byte-order mark');
  const rows = csvRows(csv.text);
  assert.deepEqual(rows[0], ['mois', 'code_insee', 'commune', 'places_utilisees', 'personnes_touchees', 'reservations', 'secret_statistique']);
  const mine = rows.filter((r) => r[1] === commune.code);
  assert.deepEqual(mine, [
    ['2016-03', commune.code, commune.name, '8', '6', '6', 'non'],
    ['2016-04', commune.code, commune.name, '', '', '', 'oui'],
  ]);
  // Non-personal: no beneficiary's code, no booking's code, no organisation's name.
  const codes = w.sql(`SELECT code FROM beneficiaries WHERE organisation_id = ${relais.id}`).split('\n').map((c) => c.trim()).filter(Boolean);
  for (const c of codes) assert.ok(!csv.text.includes(c), 'no beneficiary code');
  assert.ok(!csv.text.includes(relais.name) && !csv.text.includes(venue.name));
  // Every line has the 7 columns, months are YYYY-MM.
  for (const r of rows.slice(1)) {
    assert.equal(r.length, 7);
    assert.match(r[0], /^\d{4}-\d{2}$/);
  }
});
