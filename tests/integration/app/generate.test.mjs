// `trame generate` (docs/generate.md) at a thousandth of the national size (--scale 0.001): the counts the
// size announces, the same rows for the same seed (a checksum of a few tables read through the harness's dbRows),
// other rows for another seed, the bookings' statuses in their proportions, no overbooked slot and
// counters equal to the active bookings' places, the audit chain intact, the pages of a coordinator and a
// referent on the result, and a second run refused in French with nothing changed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO, TMP, dbRows, dbValue, freshDatabase, runTrame, startTrame } from '../harness.mjs';
import { signIn } from '../bookings_fixtures.mjs';

// A fixed reference day, so that two runs minutes apart (or across midnight) write the same dates.
const NOW = String(Date.UTC(2026, 10, 15, 12) / 1000);
// What --size national --scale 0.001 announces (src/app/generate/model.hpp).
const EXPECTED = {
  organisations: 11, referents: 5, beneficiaries: 100, offers: 20, slots: 80, bookings: 1000, sessions: 2,
  applications: 10, halfdays: 8, attendance: 40, answers: 50, responses: 10,
};

function generate(db, seed) {
  const r = runTrame(['generate', '--size', 'national', '--scale', '0.001', '--seed', String(seed), '--now', NOW,
    '--database', db]);
  return r;
}

const COUNTS = {
  organisations: "SELECT COUNT(*) FROM organisations WHERE provenance = 'generate'",
  referents: "SELECT COUNT(*) FROM users WHERE email LIKE '%@generation.trame.local'",
  beneficiaries: 'SELECT COUNT(*) FROM beneficiaries WHERE id >= 1000000',
  offers: 'SELECT COUNT(*) FROM outing_offers WHERE id >= 1000000',
  slots: 'SELECT COUNT(*) FROM outing_slots WHERE id >= 1000000',
  bookings: 'SELECT COUNT(*) FROM bookings WHERE id >= 10000000',
  sessions: 'SELECT COUNT(*) FROM training_sessions WHERE id >= 1000000',
  applications: 'SELECT COUNT(*) FROM training_applications WHERE id >= 1000000',
  halfdays: 'SELECT COUNT(*) FROM training_halfdays WHERE id >= 1000000',
  attendance: 'SELECT COUNT(*) FROM training_attendance WHERE id >= 1000000',
  answers: 'SELECT COUNT(*) FROM questionnaire_answers WHERE id BETWEEN 1000000 AND 1999999',
  responses: 'SELECT COUNT(*) FROM questionnaire_responses WHERE id BETWEEN 1000000 AND 1999999',
};

function counts(db) {
  const out = {};
  for (const [k, q] of Object.entries(COUNTS)) out[k] = Number(dbValue(db, q));
  return out;
}

// A checksum of the generated rows of a few tables (ordered by id; dates are integers on both engines).
function checksum(db) {
  const hash = createHash('sha256');
  for (const q of [
    "SELECT id, name, kind, subtype, commune_code, branch_id, created_at FROM organisations WHERE provenance = 'generate' ORDER BY id",
    'SELECT id, code, organisation_id, referent_id, age_band, household_size, commune_code, in_qpv, created_at FROM beneficiaries WHERE id >= 1000000 ORDER BY id',
    'SELECT id, venue_id, title, category, audience FROM outing_offers WHERE id >= 1000000 ORDER BY id',
    'SELECT id, offer_id, starts_at, capacity, booked FROM outing_slots WHERE id >= 1000000 ORDER BY id',
    'SELECT id, code, slot_id, beneficiary_id, places, status, cancel_reason, created_at FROM bookings WHERE id >= 10000000 ORDER BY id',
    'SELECT id, halfday_id, application_id, status FROM training_attendance WHERE id >= 1000000 ORDER BY id',
    'SELECT id, response_id, question_id, item, value FROM questionnaire_answers WHERE id BETWEEN 1000000 AND 1999999 ORDER BY id',
  ]) hash.update(JSON.stringify(dbRows(db, q)));
  return hash.digest('hex');
}

let first, second, other;
before(() => {
  first = freshDatabase('generate');
  second = freshDatabase('generate');
  other = freshDatabase('generate');
  for (const [db, seed] of [[first, 7], [second, 7], [other, 8]]) {
    const r = generate(db, seed);
    assert.equal(r.status, 0, `trame generate failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /Réservations : 1\u00a0000 \/ 1\u00a0000/, 'a progress line per step');
    assert.match(r.stdout, /Données générées \(taille national, graine \d\)/);
  }
});

test('the counts are those the size announces', async () => {
  assert.deepEqual(counts(first), EXPECTED);
});

test('the same seed writes the same rows, another seed other rows', async () => {
  const a = checksum(first);
  assert.equal(checksum(second), a);
  assert.notEqual(checksum(other), a);
});

test('bookings: realistic statuses, no overbooked slot, counters equal to the places held', async () => {
  const byStatus = Object.fromEntries(dbRows(first,
    'SELECT status, COUNT(*) FROM bookings WHERE id >= 10000000 GROUP BY status ORDER BY status'));
  const share = (s) => Number(byStatus[s] || 0) / EXPECTED.bookings;
  assert.ok(share('used') > 0.74 && share('used') < 0.86, `used ${share('used')}`);
  assert.ok(share('no_show') > 0.04 && share('no_show') < 0.12, `no-show ${share('no_show')}`);
  assert.ok(share('cancelled') > 0.07 && share('cancelled') < 0.17, `cancelled ${share('cancelled')}`);
  const wrong = dbRows(first, `SELECT s.id, s.booked, s.capacity FROM outing_slots s WHERE s.id >= 1000000 AND
    (s.booked > s.capacity OR s.booked <> (SELECT COALESCE(SUM(b.places), 0) FROM bookings b WHERE b.slot_id = s.id
     AND b.status IN ('offered', 'confirmed', 'used', 'no_show')))`);
  assert.deepEqual(wrong, []);
  // Pseudonymous codes in the application's formats, one active booking per person and slot.
  const codes = dbRows(first, `SELECT (SELECT code FROM beneficiaries WHERE id = 1000000),
    (SELECT code FROM bookings WHERE id = 10000000)`);
  assert.match(codes[0][0], /^B-[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{2}$/);
  assert.match(codes[0][1], /^[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4}$/);
  const sessionsSeats = dbRows(first, `SELECT s.id FROM training_sessions s WHERE s.id >= 1000000 AND s.seats_taken <>
    (SELECT COUNT(*) FROM training_applications a WHERE a.session_id = s.id AND a.status IN ('admitted', 'confirmed', 'completed'))`);
  assert.deepEqual(sessionsSeats, [], 'seats taken agree with the trainees');
});

test('the audit chain is intact and the pages answer on the result', async () => {
  const verify = runTrame(['audit', 'verify', '--database', first]);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const server = await startTrame({ database: first, demo: false });
  try {
    const coordinator = await signIn(server, 'coordination@culturesducoeur44.local', 'trame-demo-2026');
    const pilotage = await coordinator.get('/sorties/pilotage');
    assert.equal(pilotage.status, 200);
    const referent = await signIn(server, DEMO.referent, 'trame-demo-2026');
    const catalogue = await referent.get('/sorties');
    assert.equal(catalogue.status, 200);
    assert.match(catalogue.text, /« [^»<]+ » n° \d+/, 'a generated offer in the referent\'s catalogue');
  } finally {
    await server.stop();
  }
});

test('a second run, or an unknown size, is refused in French and changes nothing', async () => {
  const before = counts(first);
  const audit = dbValue(first, 'SELECT COUNT(*) FROM audit_log');
  const r = generate(first, 7);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /déjà des données générées : rien n'a été modifié/);
  assert.deepEqual(counts(first), before);
  assert.equal(dbValue(first, 'SELECT COUNT(*) FROM audit_log'), audit);
  const unknown = runTrame(['generate', '--size', 'regional', '--database', first]);
  assert.equal(unknown.status, 2, unknown.stdout + unknown.stderr);
  assert.match(unknown.stderr, /Taille inconnue « regional » : choisissez --size national ou --size departement/);
  assert.deepEqual(counts(first), before);
  // Refused before anything is opened: no database file appears for an unknown size.
  const absent = path.join(TMP, `absent-${process.pid}-${Date.now()}.db`);
  const none = runTrame(['generate', '--size', 'regional', '--database', `sqlite:${absent}`]);
  assert.equal(none.status, 2, none.stdout + none.stderr);
  assert.match(none.stderr, /Taille inconnue « regional »/);
  assert.equal(existsSync(absent), false, 'no file created');
});
