// Guest lists for venues (/sorties/creneaux/{id}/invites): the list holds booking codes, headcounts,
// accessibility needs and the relais's name — no personal data; check-in at the door by code (with or
// without the dash, any case), the French answers for a wrong code, undo; the live count; the scope
// (another venue's staff gets 403 and nothing changes); PDF and XLSX exports, recorded in the audit log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, TMP, startTrame } from '../harness.mjs';
import { bookSlot, createSlot } from '../guestlists_fixtures.mjs';

let server;
const clients = {};
let slot;        // Théâtre Quartier Libre, 4 bookings
let otherSlot;   // Théâtre Quartier Libre too, 1 booking (another session)
let foreignSlot; // Le Préambule: another venue
let bookings = [];   // { id, code, places } on slot
let otherBooking;
let foreignBooking;
let beneficiaryCodes = [];

async function as(role) {
  if (clients[role]) return clients[role];
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  clients[role] = c;
  return c;
}

const list = (id) => `/sorties/creneaux/${id}/invites`;

// Sends the check-in form of a slot's guest list with the code typed.
async function checkIn(c, slotId, code) {
  await c.get(list(slotId));
  return c.post(list(slotId), { code, _submission: c.submission });
}

function alertOf(text) {
  return (text.match(/<div class="flash flash-error" role="alert" id="checkin-error">([\s\S]*?)<\/div>/)?.[1] || '')
    .replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

before(async () => {
  server = await startTrame({ smtp: false });
  slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Misanthrope (liste)', capacity: 20 });
  otherSlot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Misanthrope (autre séance)', capacity: 10 });
  foreignSlot = await createSlot(server, { venue: 'Le Préambule', title: 'Concert au Préambule', capacity: 10 });
  const referent = await as('referent');
  const page = await referent.get('/sorties/beneficiaires');
  beneficiaryCodes = [...new Set(page.text.match(/B-[A-Z0-9]{4}-[A-Z0-9]{2}/g) || [])];
  assert.ok(beneficiaryCodes.length >= 1, 'the demo relais has beneficiaries');
  bookings.push(await bookSlot(referent, slot, { index: 0, companions: 1, needs_motor: '1' }));
  bookings.push(await bookSlot(referent, slot, { index: 1, companions: 0, needs_hearing: '1' }));
  bookings.push(await bookSlot(referent, slot, { index: 2, companions: 1 }));
  bookings.push(await bookSlot(referent, slot, { index: 3, companions: 0 }));
  otherBooking = await bookSlot(referent, otherSlot, { index: 0, companions: 0 });
  foreignBooking = await bookSlot(referent, foreignSlot, { index: 1, companions: 0 });
});
after(async () => { await server?.stop(); });

// Places left on the slot, as the referent's booking form shows them (capacity - booked).
async function placesLeft(slotId) {
  const form = await (await as('referent')).get(`/sorties/creneaux/${slotId}/reserver`);
  const m = form.text.match(/id="places-left">(\d+) places? restantes? sur/);
  assert.ok(m, 'the booking form shows the places left');
  return Number(m[1]);
}

function counts(text) {
  const m = text.match(/Présents : (\d+) personnes? sur (\d+) attendues? \((\d+) réservations?\)/);
  assert.ok(m, 'the totals are shown');
  return { present: Number(m[1]), expected: Number(m[2]), bookings: Number(m[3]) };
}

test('the venue\'s staff sees the guest list: codes, headcounts, needs, relais — and no personal data', async () => {
  const c = await as('partner_staff');
  const page = await c.get(list(slot));
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 id="guestlist-title">Liste des invités<\/h1>/);
  assert.match(page.text, /Le Misanthrope \(liste\)/);
  for (const b of bookings) assert.ok(page.text.includes(b.code), `code ${b.code} listed`);
  assert.ok(!page.text.includes(otherBooking.code), 'another slot\'s booking is not listed');
  assert.match(page.text, /Cultures du Cœur 94/);
  assert.match(page.text, /mobilité réduite/);
  assert.match(page.text, /déficience auditive/);
  assert.deepEqual(counts(page.text), { present: 0, expected: 6, bookings: 4 });
  // No beneficiary code, no age band, no household size, no commune of the person.
  for (const code of beneficiaryCodes) assert.ok(!page.text.includes(code), `beneficiary code ${code} absent`);
  assert.doesNotMatch(page.text, /B-[A-Z0-9]{4}-[A-Z0-9]{2}/);
  assert.doesNotMatch(page.text, /26-59|60\+|18-25|tranche d'âge|QPV/i);
  // The check-in form carries the CSRF and submission fields and a label; no inline script.
  assert.match(page.text, /<label for="checkin-code">Code de réservation<\/label>/);
  assert.match(page.text, /name="_csrf"/);
  assert.match(page.text, /name="_submission"/);
  assert.doesNotMatch(page.text, /<script>(?!<\/script>)/);
  assert.match(page.headers.get('permissions-policy'), /camera=\(self\)/);
  // The printable view lists everything at once, without the forms.
  const print = await c.get(`${list(slot)}?impression=1`);
  assert.equal(print.status, 200);
  for (const b of bookings) assert.ok(print.text.includes(b.code));
  assert.doesNotMatch(print.text, /id="checkin-form"/);
  // The JSON count.
  const count = await c.get(`${list(slot)}/compte`);
  assert.equal(count.status, 200);
  const body = JSON.parse(count.text);
  assert.equal(body.expected, 6);
  assert.equal(body.present, 0);
  assert.equal(body.bookings, 4);
  // The network's coordinator may see it too.
  const coord = await as('coordinator');
  assert.equal((await coord.get(list(slot))).status, 200);
  assert.equal((await c.get(list(999999))).status, 404);
});

test('check-in by code, with or without the dash and in any case; the count follows; a wrong check-in is undone', async () => {
  const c = await as('partner_staff');
  const [first, second] = bookings;
  assert.equal(await placesLeft(slot), 20 - 6);
  // Lower case, without the dash.
  let res = await checkIn(c, slot, first.code.replace('-', '').toLowerCase());
  assert.equal(res.status, 303, alertOf(res.text));
  assert.equal(res.location, list(slot));
  let page = await c.get(res.location);
  assert.match(page.text, new RegExp(`Entrée enregistrée : ${first.code}, 2 personnes, le \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}\\.`));
  assert.deepEqual(counts(page.text), { present: 2, expected: 6, bookings: 4 });
  assert.equal(JSON.parse((await c.get(`${list(slot)}/compte`)).text).present, 2);
  // With the dash, spaces around.
  res = await checkIn(c, slot, `  ${second.code}  `);
  assert.equal(res.status, 303);
  page = await c.get(res.location);
  assert.deepEqual(counts(page.text), { present: 3, expected: 6, bookings: 4 });
  // Already checked in: said with the time, nothing changes.
  res = await checkIn(c, slot, first.code);
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), new RegExp(`La réservation ${first.code} est déjà entrée, le \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}\\.`));
  assert.deepEqual(counts(res.text), { present: 3, expected: 6, bookings: 4 });
  // A checked-in booking keeps its places (used holds places, like confirmed).
  assert.equal(await placesLeft(slot), 20 - 6);

  // Undo the second check-in: used → confirmed.
  page = await c.get(list(slot));
  res = await c.post(`${list(slot)}/${second.id}/annuler-entree`, { _submission: c.submission });
  assert.equal(res.status, 303);
  page = await c.get(res.location);
  assert.match(page.text, /Entrée annulée : la réservation est de nouveau attendue\./);
  assert.deepEqual(counts(page.text), { present: 2, expected: 6, bookings: 4 });
  // Undoing again: nothing to undo.
  await c.get(list(slot));
  res = await c.post(`${list(slot)}/${second.id}/annuler-entree`, { _submission: c.submission });
  page = await c.get(res.location);
  assert.match(page.text, /Cette réservation n&apos;est pas entrée : rien à annuler\./);
  // Undo of a booking of another slot through this slot's URL: 404.
  await c.get(list(slot));
  res = await c.post(`${list(slot)}/${otherBooking.id}/annuler-entree`, { _submission: c.submission });
  assert.equal(res.status, 404);
  // And it can be checked in again.
  res = await checkIn(c, slot, second.code.toLowerCase());
  assert.equal(res.status, 303);
  page = await c.get(res.location);
  assert.deepEqual(counts(page.text), { present: 3, expected: 6, bookings: 4 });
  assert.equal(await placesLeft(slot), 20 - 6);
});

test('wrong codes get clear French answers and change nothing', async () => {
  const c = await as('partner_staff');
  let res = await checkIn(c, slot, otherBooking.code);
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), new RegExp(`Le code ${otherBooking.code} correspond à une réservation pour une autre séance`));
  assert.match(res.text, /aria-invalid="true"/);
  res = await checkIn(c, slot, 'QQQQ-QQQQ');
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), /Code inconnu : aucune réservation ne porte le code QQQQ-QQQQ\./);
  res = await checkIn(c, slot, 'abc');
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), /Ce code n'a pas le bon format/);
  res = await checkIn(c, slot, '');
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), /Saisissez le code de réservation\./);
  // A cancelled booking.
  const referent = await as('referent');
  const third = bookings[2];
  await referent.get(`/sorties/reservations/${third.id}`);
  const cancel = await referent.post(`/sorties/reservations/${third.id}/annuler`, { motive: 'health', _submission: referent.submission });
  assert.equal(cancel.status, 303);
  res = await checkIn(c, slot, third.code);
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), new RegExp(`La réservation ${third.code} a été annulée`));
  const page = await c.get(list(slot));
  assert.ok(!page.text.includes(third.code), 'a cancelled booking leaves the list');
  assert.deepEqual(counts(page.text), { present: 3, expected: 4, bookings: 3 });
  // The other session's booking is still confirmed: it can be checked in on its own slot.
  res = await checkIn(c, otherSlot, otherBooking.code);
  assert.equal(res.status, 303);
});

test('scope: another venue\'s staff and a referent get 403 and nothing changes', async () => {
  const staff = await as('partner_staff');
  const coord = await as('coordinator');
  const before = (await coord.get(list(foreignSlot))).text;
  assert.deepEqual(counts(before), { present: 0, expected: 1, bookings: 1 });
  for (const [label, c] of [['partner_staff', staff], ['referent', await as('referent')], ['volunteer', await as('volunteer')]]) {
    await c.get('/compte');
    assert.equal((await c.get(list(foreignSlot))).status, 403, `${label} list`);
    assert.equal((await c.get(`${list(foreignSlot)}/compte`)).status, 403, `${label} count`);
    assert.equal((await c.get(`${list(foreignSlot)}.pdf`)).status, 403, `${label} pdf`);
    assert.equal((await c.get(`${list(foreignSlot)}.xlsx`)).status, 403, `${label} xlsx`);
    assert.equal((await c.post(list(foreignSlot), { code: foreignBooking.code })).status, 403, `${label} check-in`);
    assert.equal((await c.post(`${list(foreignSlot)}/${foreignBooking.id}/annuler-entree`, {})).status, 403, `${label} undo`);
  }
  // The referent may not see their own slot's list either (outings.publish is the venue's).
  assert.equal((await (await as('referent')).get(list(slot))).status, 403);
  const after = await coord.get(list(foreignSlot));
  assert.deepEqual(counts(after.text), { present: 0, expected: 1, bookings: 1 });
  // The coordinator (network) may check in anywhere.
  const res = await checkIn(coord, foreignSlot, foreignBooking.code);
  assert.equal(res.status, 303);
  assert.deepEqual(counts((await coord.get(list(foreignSlot))).text), { present: 1, expected: 1, bookings: 1 });
  // Anonymous visitors are sent to log in.
  const anon = new Client(server.url);
  const denied = await anon.get(list(slot));
  assert.equal(denied.status, 303);
  assert.match(denied.location, /^\/connexion/);
});

async function download(c, url) {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

test('PDF and XLSX exports: a PDF, a zip holding the codes and no personal data; both in the audit log', async () => {
  const c = await as('partner_staff');
  const pdf = await download(c, `${list(slot)}.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.headers.get('content-disposition'), /attachment; filename="invites-creneau-\d+\.pdf"/);
  assert.match(pdf.bytes.toString('latin1'), /\/Type\s*\/Page[^s]/);

  const xlsx = await download(c, `${list(slot)}.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `guestlist-${process.pid}.xlsx`);
  fs.writeFileSync(file, xlsx.bytes);
  const unzip = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(unzip.status, 0, unzip.stderr);
  for (const b of [bookings[0], bookings[1], bookings[3]]) assert.ok(unzip.stdout.includes(b.code), `${b.code} in the XLSX`);
  assert.ok(!unzip.stdout.includes(bookings[2].code), 'the cancelled booking is not exported');
  assert.match(unzip.stdout, /Cultures du Cœur 94/);
  // Places are numbers Excel can sum (no t="inlineStr" on the cell), not text.
  const places = unzip.stdout.match(/<c r="B2"([^>]*)><v>(\d+)<\/v>/);
  assert.ok(places, unzip.stdout.slice(0, 2000));
  assert.doesNotMatch(places[1], /t="/);
  assert.doesNotMatch(unzip.stdout, /B-[A-Z0-9]{4}-[A-Z0-9]{2}/);

  // Another venue's staff cannot export (checked above); the exports are in the audit log.
  const admin = await as('administrator');
  const journal = await admin.get('/admin/journal');
  assert.equal(journal.status, 200);
  const exports = journal.text.match(/<code>guestlist\.exported<\/code><\/td><td[^>]*>slot:(\d+)<\/td><td[^>]*>(pdf|xlsx)/g) || [];
  assert.ok(exports.some((e) => new RegExp(`slot:${slot}</td><td[^>]*>pdf`).test(e)), 'PDF export audited');
  assert.ok(exports.some((e) => new RegExp(`slot:${slot}</td><td[^>]*>xlsx`).test(e)), 'XLSX export audited');
  assert.match(journal.text, /<code>booking\.checked_in<\/code>/);
  assert.match(journal.text, /<code>booking\.check_in_undone<\/code>/);
});
