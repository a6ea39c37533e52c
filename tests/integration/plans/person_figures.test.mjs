// The per-person and per-residence figures (outing_person_years, outing_residence_months, migration 0081;
// docs/plans.md « Chiffres par personne ») and the relais' figures per month (outing_relais_months, migration
// 0092) and per hour (outing_relais_hours, migration 0095: the days around a period's whole months) are kept
// exact by triggers, and /rapports reads them without a
// change in what it shows. On rows this test writes straight into the database (2011–2013, years no other test
// touches; its own relais and EPCIs): slots on both sides of Paris month boundaries (a UTC evening that is
// already the next month in Paris), then a cancellation, a booking moved to another slot, a slot moved to
// another month, a person moving to a commune of another EPCI, a person anonymised and archived as the
// retention job does, a booking deleted, a slot moved within its month. After each: the kept rows equal a recount of the bookings (months
// computed here with the time-zone database), and the referent's people and places and the coordinator's
// places per EPCI, over periods cut inside months and across years, equal the same figures computed the old
// way (straight from the bookings); so do the open data's rows of the test's communes, also after the venue
// moves to another commune, an offer to another venue and a slot to another offer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, networkWideCoordinator, signIn, unique } from '../bookings_fixtures.mjs';
import { csvRows, world } from './fixtures.mjs';

let server;
let w;
before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);
  w = world(server);
});
after(async () => { await server?.stop(); });

const rows = (text) => text.split('\n').filter((l) => l).map((l) => l.split('|'));
const utc = (y, m, d, h, min = 0) => Math.floor(Date.UTC(y, m - 1, d, h, min) / 1000);

// The Paris calendar (time-zone database) of unix seconds.
const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function parisParts(t) {
  const p = Object.fromEntries(paris.formatToParts(new Date(t * 1000)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute) };
}
const parisMonth = (t) => { const p = parisParts(t); return p.y * 100 + p.m; };
// Midnight in Paris starting that day.
function parisMidnight(y, m, d) {
  for (const offset of [3600, 7200]) {
    const t = utc(y, m, d, 0) - offset;
    const p = parisParts(t);
    if (p.y === y && p.m === m && p.d === d && p.h === 0 && p.min === 0) return t;
  }
  throw new Error('no midnight');
}
const day = (iso) => { const [y, m, d] = iso.split('-').map(Number); return [y, m, d]; };
// [from, to) of a page's period (du, au inclusive) and of the previous one (same length, just before).
function period(du, au) {
  const from = parisMidnight(...day(du));
  const [y, m, d] = day(au);
  const to = parisMidnight(...day(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)));
  return { from, to, previousFrom: from - (to - from) };
}

const shown = (n) => (n > 0 && n < 5 ? '< 5' : String(n));
const unescape = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&amp;/g, '&').trim();
function figures(html, audience) {
  const start = html.indexOf(`id="bloc-${audience}"`);
  assert.ok(start >= 0, `the ${audience} block`);
  const part = html.slice(start, html.indexOf('</section>', start));
  const out = {};
  for (const m of part.matchAll(/<tr data-figure="([a-z_]+)"><th scope="row">[^<]*<\/th><td class="value">(.*?)<\/td><td class="previous">(.*?)<\/td>/g)) {
    out[m[1]] = { value: unescape(m[2]), previous: unescape(m[3]) };
  }
  return { figures: out, html: part };
}
function epciPlaces(html, siren) {
  const m = html.match(new RegExp(`<tr data-epci="${siren}"><th scope="row">[^<]*</th><td>([^<]*)</td>`));
  return m ? unescape(m[1]) : null;
}

// The old way: straight from the bookings (the queries /rapports ran before migration 0081).
function oldPeople(relais, from, to) {
  return Number(w.sql(`SELECT COUNT(DISTINCT b.beneficiary_id) FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' `
    + `WHERE s.starts_at >= ${from} AND s.starts_at < ${to} AND b.beneficiary_id IS NOT NULL AND b.organisation_id = ${relais}`));
}
function oldNetworkPeople(from, to) {
  return Number(w.sql(`SELECT COUNT(DISTINCT b.beneficiary_id) FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' `
    + `WHERE s.starts_at >= ${from} AND s.starts_at < ${to} AND b.beneficiary_id IS NOT NULL`));
}
function oldPlaces(relais, from, to) {
  return Number(w.sql(`SELECT COALESCE(SUM(b.places), 0) FROM outing_slots s JOIN bookings b ON b.slot_id = s.id AND b.status = 'used' `
    + `WHERE s.starts_at >= ${from} AND s.starts_at < ${to} AND b.organisation_id = ${relais}`));
}
function oldEpci(siren, from, to) {
  const n = Number(w.sql(`SELECT COALESCE(SUM(b.places), 0) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id `
    + `JOIN beneficiaries p ON p.id = b.beneficiary_id JOIN communes c ON c.code = p.commune_code `
    + `WHERE b.status = 'used' AND s.starts_at >= ${from} AND s.starts_at < ${to} AND c.epci_siren = '${siren}'`));
  return n === 0 ? null : shown(n);
}

// The kept rows of a relais against a recount of its used bookings (months from the time-zone database).
function assertKept(relais, label) {
  const used = rows(w.sql(`SELECT b.beneficiary_id, s.starts_at, b.places, COALESCE(p.commune_code, '') FROM bookings b `
    + `JOIN outing_slots s ON s.id = b.slot_id JOIN beneficiaries p ON p.id = b.beneficiary_id `
    + `WHERE b.organisation_id = ${relais} AND b.status = 'used'`));
  const years = new Map();
  const residence = new Map();
  for (const [person, startsAt, places, commune] of used) {
    const month = parisMonth(Number(startsAt));
    const key = `${Math.floor(month / 100)}|${person}`;
    if (!years.has(key)) years.set(key, Array(12).fill(0));
    years.get(key)[(month % 100) - 1] += 1;
    if (commune) residence.set(`${month}|${commune}`, (residence.get(`${month}|${commune}`) || 0) + Number(places));
  }
  const months = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
  const keptYears = rows(w.sql(`SELECT year, beneficiary_id, ${months.join(', ')} FROM outing_person_years WHERE organisation_id = ${relais}`))
    .filter((r) => r.slice(2).some((v) => Number(v) !== 0)).map((r) => `${r[0]}|${r[1]}|${r.slice(2).map(Number).join(',')}`).sort();
  const recountYears = [...years].map(([k, v]) => `${k}|${v.join(',')}`).sort();
  assert.deepEqual(keptYears, recountYears, `${label}: outing_person_years equals a recount`);
  const keptResidence = rows(w.sql(`SELECT month, commune_code, places FROM outing_residence_months WHERE organisation_id = ${relais} AND places <> 0`))
    .map((r) => `${r[0]}|${r[1]}|${r[2]}`).sort();
  const recountResidence = [...residence].map(([k, v]) => `${k}|${v}`).sort();
  assert.deepEqual(keptResidence, recountResidence, `${label}: outing_residence_months equals a recount`);
  // Migration 0092: the slots' figures per Paris month of the relais.
  const relaisMonths = new Map();
  for (const [startsAt, ...values] of rows(w.sql(`SELECT s.starts_at, f.used_places, f.bookings, f.no_shows `
    + `FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id WHERE f.organisation_id = ${relais}`))) {
    const month = parisMonth(Number(startsAt));
    const sum = relaisMonths.get(month) || [0, 0, 0];
    relaisMonths.set(month, sum.map((v, i) => v + Number(values[i])));
  }
  const keptMonths = rows(w.sql(`SELECT month, used_places, bookings, no_shows FROM outing_relais_months `
    + `WHERE organisation_id = ${relais} AND (used_places <> 0 OR bookings <> 0 OR no_shows <> 0)`)).map((r) => r.join('|')).sort();
  const recountMonths = [...relaisMonths].filter(([, v]) => v.some((x) => x !== 0)).map(([k, v]) => `${k}|${v.join('|')}`).sort();
  assert.deepEqual(keptMonths, recountMonths, `${label}: outing_relais_months equals the slots' figures per month`);
  // Migration 0095: the same per UTC hour of the slots' start (the days around a period's whole months).
  const relaisHours = new Map();
  for (const [startsAt, ...values] of rows(w.sql(`SELECT s.starts_at, f.used_places, f.bookings, f.no_shows `
    + `FROM outing_slot_figures f JOIN outing_slots s ON s.id = f.slot_id WHERE f.organisation_id = ${relais}`))) {
    const hour = Math.floor(Number(startsAt) / 3600);
    const sum = relaisHours.get(hour) || [0, 0, 0];
    relaisHours.set(hour, sum.map((v, i) => v + Number(values[i])));
  }
  const keptHours = rows(w.sql(`SELECT hour, used_places, bookings, no_shows FROM outing_relais_hours `
    + `WHERE organisation_id = ${relais} AND (used_places <> 0 OR bookings <> 0 OR no_shows <> 0)`)).map((r) => r.join('|')).sort();
  const recountHours = [...relaisHours].filter(([, v]) => v.some((x) => x !== 0)).map(([k, v]) => `${k}|${v.join('|')}`).sort();
  assert.deepEqual(keptHours, recountHours, `${label}: outing_relais_hours equals the slots' figures per hour`);
}

// The open data's rows of some venue communes against the old way: the used bookings at venues there, per
// Paris month (places, distinct people, bookings; withheld below 5 people).
function oldOpenData(communes) {
  const used = rows(w.sql(`SELECT v.commune_code, s.starts_at, COALESCE(CAST(b.beneficiary_id AS TEXT), ''), b.places FROM bookings b `
    + `JOIN outing_slots s ON s.id = b.slot_id JOIN outing_offers o ON o.id = s.offer_id JOIN organisations v ON v.id = o.venue_id `
    + `WHERE b.status = 'used' AND v.commune_code IN (${communes.map((c) => `'${c}'`).join(', ')})`));
  const cells = new Map();
  for (const [commune, startsAt, person, places] of used) {
    const m = parisMonth(Number(startsAt));
    const key = `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}|${commune}`;
    if (!cells.has(key)) cells.set(key, { places: 0, people: new Set(), bookings: 0 });
    const c = cells.get(key);
    c.places += Number(places);
    if (person) c.people.add(person);
    c.bookings += 1;
  }
  return [...cells].map(([k, c]) => {
    const hidden = c.people.size < 5;
    return [...k.split('|'), hidden ? '' : String(c.places), hidden ? '' : String(c.people.size), hidden ? '' : String(c.bookings), hidden ? 'oui' : 'non'].join(';');
  }).sort();
}
async function assertOpenData(communes, label) {
  const csv = await new Client(server.url).get('/donnees-ouvertes/sorties-par-commune.csv');
  assert.equal(csv.status, 200);
  const got = csvRows(csv.text).filter((r) => communes.includes(r[1])).map((r) => [r[0], r[1], ...r.slice(3)].join(';')).sort();
  assert.deepEqual(got, oldOpenData(communes), `${label}: the open data of the test's communes`);
}

const PERIODS = [
  ['2012-01-01', '2012-12-31'],  // a whole year (the previous one: 2011, one day more: 2012 is a leap year)
  ['2013-01-01', '2013-12-31'],  // a whole year after a leap year (the previous one: 2012 but its first day)
  ['2012-02-15', '2012-11-10'],  // days before and after whole months
  ['2012-04-01', '2012-04-10'],  // inside one month
  ['2012-03-31', '2012-04-01'],  // around the first of April in Paris
  ['2012-06-01', '2013-02-28'],  // across years
  ['2011-11-01', '2013-01-31'],  // three years
];

// A branch of its own holding the relais and the coordinator's association, and its coordinator.
async function branchCoordinator(w, relais) {
  const branch = Number(w.sql(`INSERT INTO network_branches (name, created_at, updated_at) VALUES ('${unique('Branche')}', 0, 0) RETURNING id`));
  const home = w.organisation('social');
  w.sql(`UPDATE organisations SET branch_id = ${branch} WHERE id IN (${relais.id}, ${home.id})`);
  const email = `${unique('coordination.branche')}@trame.test`;
  addUser(server, email, 'coordinator', home.id);
  w.sql(`UPDATE memberships SET branch_id = ${branch} WHERE role = 'coordinator' AND user_id = (SELECT id FROM users WHERE email = '${email}')`);
  return signIn(server, email, PASSWORD);
}

async function assertPages(ctx, label) {
  assertKept(ctx.relais.id, label);
  await assertOpenData(ctx.communes, label);
  for (const [du, au] of PERIODS) {
    const q = `du=${du}&au=${au}`;
    const p = period(du, au);
    const rel = figures((await ctx.referent.get(`/rapports?${q}`)).text, 'relais');
    assert.deepEqual(rel.figures.people, {
      value: shown(oldPeople(ctx.relais.id, p.from, p.to)), previous: shown(oldPeople(ctx.relais.id, p.previousFrom, p.from)),
    }, `${label}, ${q}: the relais' people`);
    assert.deepEqual(rel.figures.places, {
      value: shown(oldPlaces(ctx.relais.id, p.from, p.to)), previous: shown(oldPlaces(ctx.relais.id, p.previousFrom, p.from)),
    }, `${label}, ${q}: the relais' places`);
    const net = figures((await ctx.coordinator.get(`/rapports?${q}`)).text, 'network');
    // Network-wide (nobody else writes these years): a person going out with two relais counts once.
    assert.deepEqual(net.figures.people, {
      value: shown(oldNetworkPeople(p.from, p.to)), previous: shown(oldNetworkPeople(p.previousFrom, p.from)),
    }, `${label}, ${q}: the network's people`);
    // A branch coordinator whose branch holds both relais (a whole Paris year is read from the reach's kept
    // counts of the branch, as the network's from its total).
    const branch = figures((await ctx.branchCoordinator.get(`/rapports?${q}`)).text, 'delegation');
    assert.deepEqual(branch.figures.people, net.figures.people, `${label}, ${q}: the people of the branch's relais`);
    for (const e of ctx.epcis) {
      assert.equal(epciPlaces(net.html, e.siren), oldEpci(e.siren, p.from, p.to), `${label}, ${q}: places of EPCI ${e.name}`);
    }
  }
}

test('people and places per EPCI of residence stay those of the bookings through every change', async () => {
  const east = w.epci([4000, 1000]);
  const west = w.epci([2000]);
  const [a, b] = east.communes.map((c) => c.code);
  const c = west.communes[0].code;
  const venue = w.organisation('cultural', a);
  const relais = w.organisation('social', a);
  const offer = w.offer(venue.id);
  const referentEmail = `${unique('referent.personnes')}@trame.test`;
  addUser(server, referentEmail, 'referent', relais.id);
  const ctx = {
    relais, epcis: [east, west], communes: [a, b, c],
    referent: await signIn(server, referentEmail, PASSWORD),
    coordinator: await signIn(server, DEMO.coordinator),
    branchCoordinator: await branchCoordinator(w, relais),
  };

  // Slots: 31 March 2012 22:30 UTC is 1 April 00:30 in Paris; 31 October 22:30 UTC still 31 October there;
  // 31 December 2012 23:30 UTC is already 2013 in Paris.
  const slots = {
    nov2011: w.slot(offer, utc(2011, 11, 20, 18)),
    jan: w.slot(offer, utc(2012, 1, 10, 18)),
    feb20: w.slot(offer, utc(2012, 2, 20, 18)),
    april1: w.slot(offer, utc(2012, 3, 31, 22, 30)),
    march30: w.slot(offer, utc(2012, 3, 30, 18)),
    june: w.slot(offer, utc(2012, 6, 14, 18)),
    sept: w.slot(offer, utc(2012, 9, 12, 18)),
    oct31: w.slot(offer, utc(2012, 10, 31, 22, 30)),
    nov8: w.slot(offer, utc(2012, 11, 8, 18)),
    newYear: w.slot(offer, utc(2012, 12, 31, 23, 30)),
    feb2013: w.slot(offer, utc(2013, 2, 5, 18)),
  };
  assert.equal(parisMonth(utc(2012, 3, 31, 22, 30)), 201204);
  assert.equal(parisMonth(utc(2012, 12, 31, 23, 30)), 201301);
  const people = Array.from({ length: 12 }, (_, i) => w.person(relais.id, [a, a, b, c][i % 4]));
  const booking = (person, slot, opts) => {
    w.booking(relais.id, person, slot, opts);
    return Number(w.sql(`SELECT MAX(id) FROM bookings WHERE beneficiary_id = ${person}`));
  };
  const ids = {};
  people.forEach((p, i) => {
    booking(p, slots.nov2011);
    booking(p, i % 2 ? slots.jan : slots.feb20, { places: 1 + (i % 3) });
    if (i < 9) booking(p, slots.april1);
    if (i >= 3) booking(p, slots.june, { places: 2 });
    if (i % 3 === 0) booking(p, slots.oct31);
    if (i < 6) booking(p, slots.nov8);
    booking(p, slots.newYear);
    if (i >= 6) booking(p, slots.feb2013);
  });
  // Two people also go out with another relais (each counts once network-wide).
  const second = w.organisation('social', a);
  w.sql(`UPDATE organisations SET branch_id = (SELECT branch_id FROM organisations WHERE id = ${relais.id}) WHERE id = ${second.id}`);
  for (const p of people.slice(0, 2)) {
    w.booking(second.id, p, slots.sept);
    w.booking(second.id, p, slots.feb2013);
  }
  ids.cancel = booking(people[0], slots.march30);
  ids.move = booking(people[1], slots.june, { places: 3 });
  ids.noShow = booking(people[2], slots.june, { status: 'no_show' });
  ids.remove = booking(people[7], slots.nov8, { places: 2 });
  await assertPages(ctx, 'written');

  w.sql(`UPDATE bookings SET status = 'cancelled', cancel_reason = 'referent' WHERE id = ${ids.cancel}`);
  w.sql(`UPDATE bookings SET status = 'used' WHERE id = ${ids.noShow}`);
  await assertPages(ctx, 'a cancellation, a no-show made used');

  w.sql(`UPDATE bookings SET slot_id = ${slots.oct31} WHERE id = ${ids.move}`);
  w.sql(`UPDATE outing_slots SET starts_at = ${utc(2012, 9, 30, 22, 30)} WHERE id = ${slots.nov8}`);  // 1 October 00:30 in Paris
  await assertPages(ctx, 'a booking moved to another slot, a slot moved to another month');

  w.sql(`UPDATE beneficiaries SET commune_code = '${c}' WHERE id = ${people[0]}`);
  w.sql(`UPDATE beneficiaries SET commune_code = NULL WHERE id = ${people[1]}`);
  await assertPages(ctx, 'people moving (one to no known commune)');

  const before = w.sql(`SELECT year, beneficiary_id, m01, m06, m12 FROM outing_person_years WHERE organisation_id = ${relais.id} ORDER BY 1, 2`);
  w.sql(`UPDATE beneficiaries SET code = 'anonyme-' || CAST(id AS TEXT), status = 'archived', updated_at = 1 WHERE id IN (${people[2]}, ${people[3]})`);
  assert.equal(w.sql(`SELECT year, beneficiary_id, m01, m06, m12 FROM outing_person_years WHERE organisation_id = ${relais.id} ORDER BY 1, 2`), before,
    'anonymising changes no figure');
  await assertPages(ctx, 'people anonymised');

  w.sql(`DELETE FROM bookings WHERE id = ${ids.remove}`);
  await assertPages(ctx, 'a booking deleted');

  // A slot moved within its month (its Paris month's rows unchanged, its hour's moved): 1 April 00:30 in Paris
  // to the 12th, out of the period 1–10 April.
  w.sql(`UPDATE outing_slots SET starts_at = ${utc(2012, 4, 12, 18)} WHERE id = ${slots.april1}`);
  await assertPages(ctx, 'a slot moved within its month');

  // The open data follows the venue: its commune changes, then an offer moves to a venue elsewhere.
  w.sql(`UPDATE organisations SET commune_code = '${b}' WHERE id = ${venue.id}`);
  await assertOpenData(ctx.communes, 'the venue moved to another commune');
  const elsewhere = w.organisation('cultural', c);
  const other = w.offer(venue.id);
  const otherSlot = w.slot(other, utc(2012, 5, 3, 18));
  people.forEach((p) => booking(p, otherSlot));
  await assertOpenData(ctx.communes, 'a second offer');
  w.sql(`UPDATE outing_offers SET venue_id = ${elsewhere.id} WHERE id = ${other}`);
  await assertOpenData(ctx.communes, 'an offer moved to a venue in another commune');
  w.sql(`UPDATE outing_slots SET offer_id = ${offer}, starts_at = ${utc(2012, 7, 3, 18)} WHERE id = ${otherSlot}`);
  await assertPages(ctx, 'a slot moved to another offer and month');
});
