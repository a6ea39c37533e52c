// Group outings (docs/outings.md « Sorties de groupe »): a referent books places for a group of their
// relais (counts by age band, staff, needs; no names) within the slot's group share; the refusals are
// French and change nothing (rows read before and after); the venue checks the group in at once with the
// number who came (partial: « 12 sur 15 arrivés »); a cancelled group gives its places back; under
// concurrency, group bookings never exceed the group share nor the capacity (on SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, onboard, organisationIds, signIn, unique, networkWideCoordinator } from '../bookings_fixtures.mjs';
import { createSlot } from '../guestlists_fixtures.mjs';

let server;
let referent;
let staff;  // the venue's staff (Théâtre Quartier Libre)
let relaisId;

const sql = (statement) => querySql(server.database, statement);
const slotRow = (id) => sql(`SELECT booked, group_booked FROM outing_slots WHERE id = ${id}`).split('|').map(Number);
const groupCount = (id) => Number(sql(`SELECT COUNT(*) FROM bookings WHERE slot_id = ${id} AND kind = 'group'`));
const rowsOf = (id) => ({
  slot: slotRow(id),
  bookings: groupCount(id),
  groups: Number(sql(`SELECT COUNT(*) FROM outing_booking_groups g JOIN bookings b ON b.id = g.booking_id WHERE b.slot_id = ${id}`)),
});

function alertText(text) {
  return (text.match(/class="flash flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/)?.[1] || '')
    .replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}
function decode(text) {
  return text.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

// The group form sent by a referent: GET it (fresh CSRF and submission id), then POST the counts.
async function bookGroup(c, slotId, fields) {
  const form = await c.get(`/sorties/creneaux/${slotId}/groupe`);
  assert.equal(form.status, 200, 'the group form');
  return c.post(`/sorties/creneaux/${slotId}/groupe`, { organisation: relaisId, _submission: c.submission, ...fields });
}

before(async () => {
  server = await startTrame({ smtp: false });
  referent = await signIn(server, DEMO.referent);
  staff = new Client(server.url);
  assert.equal((await staff.login(DEMO.partner_staff)).status, 303);
  const coordinator = await signIn(server, DEMO.coordinator);
  relaisId = (await organisationIds(coordinator, ['Cultures du Cœur 94']))['Cultures du Cœur 94'];
});
after(async () => { await server?.stop(); });

test('a referent books a group: one booking without beneficiary, its headcount in places, the share counted', async () => {
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (groupe)', capacity: 40, groupPlaces: 20 });
  const page = await referent.get(`/sorties/creneaux/${slot}`);
  assert.match(decode(page.text), /Places pour les groupes : 20 places restantes pour les groupes sur 20/);
  assert.match(page.text, new RegExp(`href="/sorties/creneaux/${slot}/groupe"`));
  const res = await bookGroup(referent, slot, { age_2: '8', age_4: '5', staff: '2', needs: '1', needs_motor: '1' });
  assert.equal(res.status, 303, alertText(res.text));
  const id = Number(res.location.match(/\/sorties\/reservations\/(\d+)$/)[1]);
  const booking = await referent.get(res.location);
  assert.equal(booking.status, 200);
  assert.match(decode(booking.text), /Groupe — 15 personnes dont 2 accompagnateurs/);
  assert.match(decode(booking.text), /12 à 17 ans<\/dt><dd>8</);
  // The row: a group, no beneficiary, 15 places; its composition beside it; the slot's counters.
  assert.equal(sql(`SELECT kind, COALESCE(beneficiary_id, 0), places, status FROM bookings WHERE id = ${id}`), 'group|0|15|confirmed');
  assert.equal(sql(`SELECT age_0_5, age_6_11, age_12_17, age_18_25, age_26_59, age_60_plus, staff, needs, arrived FROM outing_booking_groups WHERE booking_id = ${id}`),
    '0|0|8|0|5|0|2|1|0');
  assert.deepEqual(slotRow(slot), [15, 15]);
  // The ticket (PDF) works for a group: no beneficiary code needed.
  const pdf = await referent.get(`/sorties/reservations/${id}/billet/a6.pdf`);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type') || '', /pdf/);
  // The relais's list shows the group as a group.
  const list = await referent.get('/sorties/reservations');
  assert.match(decode(list.text), /Groupe \(15 places\)/);
  // The referent's dashboard and history, the coordinator's figures and their CSV do not break on a
  // booking without beneficiary.
  for (const page of ['/sorties/tableau-de-bord', '/sorties/tableau-de-bord/historique', '/sorties/tableau-de-bord/personnes']) {
    assert.equal((await referent.get(page)).status, 200, page);
  }
  assert.match(decode((await referent.get('/sorties/tableau-de-bord')).text), /Groupe \(15 places\)/, 'the group among upcoming outings');
  const coordinator = await signIn(server, DEMO.coordinator);
  for (const page of ['/sorties/pilotage', '/sorties/pilotage.csv']) {
    assert.equal((await coordinator.get(page)).status, 200, page);
  }
});

test('refusals in French, nothing changed: no groups on the slot, no people, too large for the share, bad counts', async () => {
  const none = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Sans groupes', capacity: 10 });
  let before = rowsOf(none);
  let res = await bookGroup(referent, none, { age_4: '3' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /n'accepte pas de réservation de groupe/);
  assert.deepEqual(rowsOf(none), before);

  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (refus)', capacity: 30, groupPlaces: 12 });
  assert.equal((await bookGroup(referent, slot, { age_1: '6', staff: '1' })).status, 303);  // 7 of 12 taken
  before = rowsOf(slot);
  const cases = [
    [{ staff: '3' }, /au moins une personne accompagnée/],
    [{ age_4: '5', staff: '1' }, /Le groupe compte 6 personnes, accompagnateurs compris, mais il ne reste que 5 places pour les groupes/],
    [{ age_4: 'douze' }, /nombre entier entre 0 et 500/],
    [{ age_4: '-2' }, /nombre entier entre 0 et 500/],
    [{ age_4: '2', needs: '9' }, /ne peut pas dépasser l'effectif du groupe \(2\)/],
  ];
  for (const [fields, message] of cases) {
    res = await bookGroup(referent, slot, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(decode(alertText(res.text)), message);
    assert.deepEqual(rowsOf(slot), before, `nothing changed for ${JSON.stringify(fields)}`);
  }
  // Exactly what is left fits.
  res = await bookGroup(referent, slot, { age_4: '4', staff: '1' });
  assert.equal(res.status, 303, alertText(res.text));
  assert.deepEqual(slotRow(slot), [12, 12]);
  // Another relais's referent cannot book for this relais (the organisation field is checked).
  const other = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (autre relais)', capacity: 10, groupPlaces: 10 });
  before = rowsOf(other);
  res = await bookGroup(referent, other, { age_4: '2', organisation: '999999' });
  assert.equal(res.status, 422);
  assert.match(decode(alertText(res.text)), /Choisissez un relais/);
  assert.deepEqual(rowsOf(other), before);
});

test('the slot form: places for groups at most the capacity, else a French refusal', async () => {
  const admin = new Client(server.url);
  assert.equal((await admin.login(DEMO.administrator)).status, 303);
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (formulaire)', capacity: 10, groupPlaces: 4 });
  const form = await admin.get(`/sorties/creneaux/${slot}/modifier`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="group_places"[^>]*value="4"/);
  const fields = Object.fromEntries([...form.text.matchAll(/<input id="s-[a-z_]+" name="([a-z_]+)" type="(?:datetime-local|number)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const res = await admin.post(`/sorties/creneaux/${slot}`, { ...fields, mode: 'first_come', group_places: '11', _submission: admin.submission });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /Les places pour les groupes sont un nombre entier entre 0 et la capacité du créneau/);
  assert.equal(sql(`SELECT group_places FROM outing_slots WHERE id = ${slot}`), '4');
});

test('the venue checks a group in at once, partially: « 12 sur 15 arrivés »; bad numbers refused', async () => {
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (entrée)', capacity: 30, groupPlaces: 20 });
  const res = await bookGroup(referent, slot, { age_1: '7', age_2: '6', staff: '2' });
  assert.equal(res.status, 303, alertText(res.text));
  const id = Number(res.location.match(/(\d+)$/)[1]);
  const code = sql(`SELECT code FROM bookings WHERE id = ${id}`);
  const url = `/sorties/creneaux/${slot}/invites`;
  const list = await staff.get(url);
  assert.equal(list.status, 200);
  assert.match(decode(list.text), /Groupe — 15 personnes dont 2 accompagnateurs/);
  assert.match(list.text, new RegExp(`id="arrived-${id}"`));
  const state = () => sql(`SELECT b.status, g.arrived FROM bookings b JOIN outing_booking_groups g ON g.booking_id = b.id WHERE b.id = ${id}`);
  for (const [arrived, message] of [['', /indiquez le nombre de personnes arrivées \(1 à 15\)/], ['0', /entre 1 et 15/], ['16', /entre 1 et 15/], ['douze', /entre 1 et 15/]]) {
    await staff.get(url);
    const r = await staff.post(url, { code, arrived, _submission: staff.submission });
    assert.equal(r.status, 422, `arrived=${arrived}`);
    assert.match(decode(r.text), message);
    assert.equal(state(), 'confirmed|0', 'nothing changed');
  }
  await staff.get(url);
  const ok = await staff.post(url, { code, arrived: '12', _submission: staff.submission });
  assert.equal(ok.status, 303);
  assert.equal(state(), 'used|12');
  const after = await staff.get(url);
  assert.match(decode(after.text), /12 sur 15 arrivés/);
  // The live count counts the people who came.
  const count = JSON.parse((await staff.get(`${url}/compte`)).text);
  assert.equal(count.present, 12);
  assert.equal(count.expected, 15);
  // Undone: expected again, the number forgotten.
  await staff.get(url);
  const undo = await staff.post(`${url}/${id}/annuler-entree`, { _submission: staff.submission });
  assert.equal(undo.status, 303);
  assert.equal(state(), 'confirmed|0');
});

test('a group booking is cancelled like a booking: its places go back to the slot and the share', async () => {
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (annulation)', capacity: 30, groupPlaces: 10, startsIn: 86400 * 10 });
  const res = await bookGroup(referent, slot, { age_3: '4', staff: '1' });
  assert.equal(res.status, 303, alertText(res.text));
  assert.deepEqual(slotRow(slot), [5, 5]);
  await referent.get(`${res.location}/annuler`);
  const cancel = await referent.post(`${res.location}/annuler`, { motive: 'transport', note: '', _submission: referent.submission });
  assert.equal(cancel.status, 303, alertText(cancel.text));
  assert.deepEqual(slotRow(slot), [0, 0]);
  const id = res.location.match(/(\d+)$/)[1];
  assert.equal(sql(`SELECT status, cancel_reason FROM bookings WHERE id = ${id}`), 'cancelled|referent');
});

test('concurrency: 40 parallel group bookings of 4 on a group share of 30 → exactly 7, never more than the share', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  await networkWideCoordinator(server);
  const referents = [referent];
  for (let i = 1; i <= 3; i++) {
    const email = `referent${i}.groupes@test.local`;
    addUser(server, email, 'referent', relaisId);
    await onboard(coordinator, email);
    referents.push(await signIn(server, email, PASSWORD));
  }
  for (const c of referents) await c.get('/sorties/beneficiaires');  // a fresh CSRF token each
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (concurrence)', capacity: 100, groupPlaces: 30, startsIn: 86400 * 10 });
  const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => referents[i % 4].post(`/sorties/creneaux/${slot}/groupe`, {
    organisation: relaisId, age_4: '3', staff: '1', _submission: unique('s'),
  })));
  for (const r of responses) assert.ok(r.status === 303 || r.status === 422, `answered (${r.status})`);
  const confirmed = responses.filter((r) => r.status === 303).length;
  assert.equal(confirmed, 7, `7 groups of 4 fit in a share of 30 (got ${confirmed})`);
  assert.equal(sql(`SELECT COUNT(*), COALESCE(SUM(places), 0) FROM bookings WHERE slot_id = ${slot} AND kind = 'group' AND status = 'confirmed'`), '7|28');
  assert.deepEqual(slotRow(slot), [28, 28]);

  // Groups and persons racing for a small slot: never more than its capacity.
  const small = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (petite salle)', capacity: 10, groupPlaces: 10, startsIn: 86400 * 10 });
  const more = await Promise.all(Array.from({ length: 20 }, (_, i) => referents[i % 4].post(`/sorties/creneaux/${small}/groupe`, {
    organisation: relaisId, age_4: '2', staff: '1', _submission: unique('s'),
  })));
  for (const r of more) assert.ok(r.status === 303 || r.status === 422);
  const [booked, groupBooked] = slotRow(small);
  assert.ok(booked <= 10 && groupBooked <= 10, `never overbooked (${booked}, ${groupBooked})`);
  assert.equal(booked, 9, '3 groups of 3 in 10 places');
  assert.equal(Number(sql(`SELECT COALESCE(SUM(places), 0) FROM bookings WHERE slot_id = ${small} AND status <> 'cancelled'`)), booked);
});
