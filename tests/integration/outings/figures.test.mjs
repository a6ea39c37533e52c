// The outings' figures per slot and relais (outing_slot_figures, migration 0069; docs/plans.md « Agrégats »)
// are kept exact at write time by triggers: bookings written through every path the application has — a
// booking, a cancellation by the referent, the attendance (present → used, absent → no-show, late →
// cancelled), a group booked then checked in, its check-in undone and done again, a venue cancelling its
// slot — and a person's QPV flag changed, leave the figures equal to a fresh recount of the bookings. A
// missing or wrong trigger makes this fail. The dashboards that read the figures are checked by their own
// tests (followup, reach, plans), unchanged. The slot's totals over every relais (outing_slot_totals, migration
// 0091, the steering page's) are checked against the figures after each step too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { beginOuting, book, createBeneficiary, flashError, organisationIds, publishSlot, signIn, unique } from '../bookings_fixtures.mjs';
import { createSlot } from '../guestlists_fixtures.mjs';

let server;
let referent;
let staff;
let relaisId;

const sql = (statement) => querySql(server.database, statement);

const COLUMNS = ['held_places', 'booked_places', 'used_places', 'person_used_places', 'group_arrived', 'noshow_places',
  'bookings', 'used_bookings', 'person_used_bookings', 'qpv_used_bookings', 'no_shows'];

// What each column of outing_slot_figures must hold, recounted from the bookings of the slot.
const RECOUNT = `
  SUM(CASE WHEN b.status IN ('offered','confirmed','used','no_show') THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status IN ('confirmed','used','no_show') THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'group' THEN COALESCE(g.arrived, 0) ELSE 0 END),
  SUM(CASE WHEN b.status = 'no_show' THEN b.places ELSE 0 END),
  SUM(CASE WHEN b.status IN ('confirmed','used','no_show') THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'used' AND b.kind = 'person' AND p.in_qpv = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.status = 'no_show' THEN 1 ELSE 0 END)`;

// Rows (organisation and figures) of a slot, without the all-zero ones (a cell whose bookings were all
// cancelled stays, at zero).
function kept(slot) {
  return sql(`SELECT organisation_id, ${COLUMNS.join(', ')} FROM outing_slot_figures WHERE slot_id = ${slot} ORDER BY organisation_id`)
    .split('\n').filter((l) => l && l.split('|').slice(1).some((v) => Number(v) !== 0));
}
function recounted(slot) {
  return sql(`SELECT b.organisation_id, ${RECOUNT} FROM bookings b LEFT JOIN outing_booking_groups g ON g.booking_id = b.id `
    + `LEFT JOIN beneficiaries p ON p.id = b.beneficiary_id WHERE b.slot_id = ${slot} GROUP BY b.organisation_id ORDER BY b.organisation_id`)
    .split('\n').filter((l) => l && l.split('|').slice(1).some((v) => Number(v) !== 0));
}
// The slot's totals over every relais (outing_slot_totals, migration 0091, kept by triggers on
// outing_slot_figures) equal the sum of its figures.
const TOTALS = ['held_places', 'person_used_places', 'group_arrived', 'noshow_places', 'person_used_bookings',
  'qpv_used_bookings'];
function assertTotals(slot, label) {
  const kept = sql(`SELECT ${TOTALS.join(', ')} FROM outing_slot_totals WHERE slot_id = ${slot}`).trim();
  const summed = sql(`SELECT ${TOTALS.map((c) => `COALESCE(SUM(${c}), 0)`).join(', ')} FROM outing_slot_figures WHERE slot_id = ${slot}`).trim();
  assert.equal(kept || TOTALS.map(() => '0').join('|'), summed, `${label}: the totals of slot ${slot} equal the sum of its figures`);
}
function assertExact(slot, label) {
  assert.deepEqual(kept(slot), recounted(slot), `${label}: the figures of slot ${slot} equal a recount of its bookings`);
  assertTotals(slot, label);
}
function figure(slot, column) {
  return Number(sql(`SELECT COALESCE(SUM(${column}), 0) FROM outing_slot_figures WHERE slot_id = ${slot}`));
}

async function bookId(slot, beneficiary, fields = {}) {
  const res = await book(referent, slot, beneficiary.id, fields);
  assert.equal(res.status, 303, flashError(res.text));
  return res.location.match(/\/sorties\/reservations\/(\d+)/)[1];
}

async function mark(id, how) {
  await referent.get(`/sorties/reservations/${id}`);
  const res = await referent.post(`/sorties/reservations/${id}/presence`, { mark: how, _submission: unique('s') });
  assert.equal(res.status, 303, `attendance ${how}`);
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

test('bookings, cancellations and attendance keep the figures equal to a recount', async () => {
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await createBeneficiary(referent, { in_qpv: i < 2 ? '1' : '0' }));
  const slot = await publishSlot(server, { capacity: 12, startsIn: 3600, title: unique('Figures') });
  const ids = [];
  for (const [i, p] of people.entries()) ids.push(await bookId(slot, p, { companions: i === 0 ? '1' : '0' }));
  assertExact(slot, 'booked');
  assert.equal(figure(slot, 'held_places'), 6);
  assert.equal(figure(slot, 'bookings'), 5);

  // Cancelled by the referent (before the start).
  await referent.get(`/sorties/reservations/${ids[4]}/annuler`);
  const cancel = await referent.post(`/sorties/reservations/${ids[4]}/annuler`, { motive: 'transport', note: '', _submission: unique('s') });
  assert.equal(cancel.status, 303, flashError(cancel.text));
  assertExact(slot, 'cancelled');
  assert.equal(figure(slot, 'held_places'), 5);

  // After the start: present (used), absent (no-show), late (cancelled).
  beginOuting(server, slot);
  assertExact(slot, 'begun');
  await mark(ids[0], 'present');
  await mark(ids[1], 'absent');
  await mark(ids[2], 'late');
  await mark(ids[3], 'present');
  assertExact(slot, 'attendance');
  assert.equal(figure(slot, 'used_places'), 3, 'two people came, one with a companion');
  assert.equal(figure(slot, 'used_bookings'), 2);
  assert.equal(figure(slot, 'qpv_used_bookings'), 1, 'one of them lives in a QPV');
  assert.equal(figure(slot, 'no_shows'), 1);
  assert.equal(figure(slot, 'noshow_places'), 1);

  // A person's QPV flag changes: their used bookings move with it.
  sql(`UPDATE beneficiaries SET in_qpv = 1 WHERE id = ${people[3].id}`);
  assertExact(slot, 'QPV changed');
  assert.equal(figure(slot, 'qpv_used_bookings'), 2);
});

test('a group booked, checked in, undone and checked in again keeps the figures equal to a recount', async () => {
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: unique('Figures (groupe)'), capacity: 30, groupPlaces: 20 });
  await referent.get(`/sorties/creneaux/${slot}/groupe`);
  const res = await referent.post(`/sorties/creneaux/${slot}/groupe`, {
    organisation: relaisId, _submission: referent.submission, age_2: '8', age_4: '5', staff: '2',
  });
  assert.equal(res.status, 303, flashError(res.text));
  const id = Number(res.location.match(/(\d+)$/)[1]);
  assertExact(slot, 'group booked');
  assert.equal(figure(slot, 'held_places'), 15);
  const code = sql(`SELECT code FROM bookings WHERE id = ${id}`);
  const url = `/sorties/creneaux/${slot}/invites`;
  await staff.get(url);
  assert.equal((await staff.post(url, { code, arrived: '12', _submission: staff.submission })).status, 303);
  assertExact(slot, 'group checked in');
  assert.equal(figure(slot, 'group_arrived'), 12);
  assert.equal(figure(slot, 'used_places'), 15, 'the group holds its headcount');
  await staff.get(url);
  assert.equal((await staff.post(`${url}/${id}/annuler-entree`, { _submission: staff.submission })).status, 303);
  assertExact(slot, 'check-in undone');
  assert.equal(figure(slot, 'group_arrived'), 0);
  await staff.get(url);
  assert.equal((await staff.post(url, { code, arrived: '10', _submission: staff.submission })).status, 303);
  assertExact(slot, 'checked in again');
  assert.equal(figure(slot, 'group_arrived'), 10);
});

test('a venue cancelling its slot cancels its bookings and their figures', async () => {
  const person = await createBeneficiary(referent, {});
  const slot = await publishSlot(server, { capacity: 5, title: unique('Figures (annulé)') });
  await bookId(slot, person, { companions: '1' });
  assert.equal(figure(slot, 'held_places'), 2);
  const venue = await signIn(server, DEMO.partner_staff);
  await venue.get(`/sorties/creneaux/${slot}/annuler`);
  const res = await venue.post(`/sorties/creneaux/${slot}/annuler`, { reason: 'Artiste malade', _submission: unique('s') });
  assert.equal(res.status, 303, flashError(res.text));
  assert.match((await venue.get(`/sorties/creneaux/${slot}/annuler`)).text, /Séance annulée : 1 réservation annulée/);
  assertExact(slot, 'slot cancelled');
  assert.equal(figure(slot, 'held_places'), 0);
});

// A booking that holds no place (waiting, requested, cancelled) adds nothing to the figures: since migration 0098
// PostgreSQL runs no upsert for it, and only makes its slot and relais' row exist. The waiting list's moves (a
// place freed and offered, a waiting booking cancelled) keep the figures equal to a recount, and a slot whose
// only booking waits still has its row, at zero, as when the triggers upserted zeros (SQLite still does).
test('the waiting list keeps the figures equal to a recount, and a slot with only a waiting booking has its row', async () => {
  const [first, second, third] = [await createBeneficiary(referent, {}), await createBeneficiary(referent, {}),
    await createBeneficiary(referent, {})];
  const slot = await publishSlot(server, { capacity: 1, title: unique('Figures (attente)') });
  const confirmed = await bookId(slot, first);
  const waiting = await bookId(slot, second);
  const last = await bookId(slot, third);
  assert.equal(sql(`SELECT status FROM bookings WHERE id = ${waiting}`), 'waiting');
  assertExact(slot, 'one confirmed, two waiting');
  assert.equal(figure(slot, 'held_places'), 1);

  // The confirmed booking cancelled: its place is offered to the first one waiting.
  await referent.get(`/sorties/reservations/${confirmed}/annuler`);
  let res = await referent.post(`/sorties/reservations/${confirmed}/annuler`, { motive: 'transport', note: '', _submission: unique('s') });
  assert.equal(res.status, 303, flashError(res.text));
  assert.equal(sql(`SELECT status FROM bookings WHERE id = ${waiting}`), 'offered');
  assertExact(slot, 'a place offered');
  assert.equal(figure(slot, 'held_places'), 1, 'the offered place is held');
  assert.equal(figure(slot, 'bookings'), 0, 'an offer is not a booking yet');

  // The last one waiting cancels: nothing held before or after.
  await referent.get(`/sorties/reservations/${last}/annuler`);
  res = await referent.post(`/sorties/reservations/${last}/annuler`, { motive: 'transport', note: '', _submission: unique('s') });
  assert.equal(res.status, 303, flashError(res.text));
  assert.equal(sql(`SELECT status FROM bookings WHERE id = ${last}`), 'cancelled');
  assertExact(slot, 'a waiting booking cancelled');

  // A full slot: the only booking waits, and its row exists at zero.
  const full = await publishSlot(server, { capacity: 1, title: unique('Figures (complet)') });
  sql(`UPDATE outing_slots SET booked = capacity WHERE id = ${full}`);
  const alone = await bookId(full, first);
  assert.equal(sql(`SELECT status FROM bookings WHERE id = ${alone}`), 'waiting');
  assert.equal(sql(`SELECT ${COLUMNS.join(' + ')} FROM outing_slot_figures WHERE slot_id = ${full} AND organisation_id = ${relaisId}`), '0',
    'the row of a slot whose only booking waits exists, at zero');
  assertExact(full, 'only a waiting booking');
});
