// What one booking asks of the database (issue 22, session 21), read from TRAME_SQL_LOG: every statement a
// pooled connection prepares and every run of one it keeps (store/prepared.cpp). On PostgreSQL each
// statement is a round trip and 0.05–0.1 ms of the database's CPU, and bookings were 0.22–0.26 × SQLite's
// rate (bench/booking/run). The reads before the write were eight statements: the relais' branch read twice
// (with the offer's branches, then alone for the rules), the rules' settings and the branch's overrides in
// two reads, the charter and the referent's onboarding in two. They are five now, and the test keeps the
// whole booking within its count. A booking that joins a waiting list read its slot a second time, and on
// PostgreSQL asked for the list's end in a statement of its own: neither any more.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO, ENGINE, TMP, startTrame } from '../harness.mjs';
import { createBeneficiary, flashError, publishSlot, signIn } from '../bookings_fixtures.mjs';

// The statements of one booking of a person, from the form's POST to its answer: five reads (beneficiary,
// slot outline, branches, eligibility, rules) and the write: on SQLite BEGIN, the submission's claim, the
// person's lock, the slot with its offer, its places, the booking, its event, the mail, the audit chain's
// head, entry and new head, COMMIT (17); on PostgreSQL the claim and the lock in one statement, the booking
// with its event in one, the audit head (10: BEGIN with the write lock, the deferred entry and mail and the
// COMMIT are sent by libpq itself, not logged; 13 round trips).
const BUDGET = ENGINE === 'postgresql' ? 10 : 17;

let server;
let log;

before(async () => {
  log = path.join(TMP, `booking-statements-${process.pid}.log`);
  fs.rmSync(log, { force: true });
  // No job or mail poll in the windows: their periods are an hour.
  server = await startTrame({
    smtp: false,
    env: {
      TRAME_SQL_LOG: log, TRAME_OUTINGS_JOB_SECONDS: '3600', TRAME_TRAININGS_JOB_SECONDS: '3600',
      TRAME_PRIVACY_JOB_SECONDS: '3600', TRAME_MAIL_POLL_SECONDS: '3600',
    },
  });
});
after(async () => {
  await server?.stop();
  fs.rmSync(log, { force: true });
});

function statementsSince(from) {
  return fs.readFileSync(log).subarray(from).toString('utf8').split('\n').filter((l) => l)
    .map((l) => l.split('\t').slice(2).join('\t').trim());
}

// A new person booked on the slot by the referent: the answer, and the statements its POST ran.
async function bookNewPerson(referent, slot) {
  const person = await createBeneficiary(referent);
  await referent.get(`/sorties/creneaux/${slot}/reserver`);
  const from = fs.statSync(log).size;
  const res = await referent.post(`/sorties/creneaux/${slot}/reserver`, {
    beneficiary: person.id, companions: '0', _submission: referent.submission,
  });
  assert.equal(res.status, 303, flashError(res.text));
  const statements = statementsSince(from);
  if (process.env.TRAME_TEST_VERBOSE) console.log(statements.join('\n'));
  return { res, statements };
}

test('a booking runs few statements: its reads before the write are merged', async () => {
  const slot = await publishSlot(server, { capacity: 10 });
  const referent = await signIn(server, DEMO.referent);
  const counts = [];
  const seen = new Set();
  for (let i = 0; i < 3; i++) {
    const { statements } = await bookNewPerson(referent, slot);
    for (const s of statements) seen.add(s);
    assert.ok(statements.some((s) => /INSERT INTO bookings/.test(s)), `the booking was logged:\n${statements.join('\n')}`);
    counts.push(statements.length);
  }
  // The fewest of three: a statement of the server's own in a window (none expected) cannot fail the test.
  const fewest = Math.min(...counts);
  assert.ok(fewest <= BUDGET, `a booking ran ${fewest} statements (budget ${BUDGET}):\n${[...seen].join('\n')}`);
  const all = [...seen];
  // The settings and the branch's overrides in one read; the charter and the onboarding in one read.
  assert.deepEqual(all.filter((s) => /FROM (branch_)?settings WHERE/.test(s) && !/UNION ALL/.test(s)), [],
    'the rules are read in one statement');
  assert.deepEqual(all.filter((s) => /FROM partnerships/.test(s) && !/FROM memberships/.test(s)), [],
    'the charter and the onboarding are read in one statement');
});

// A booking on a full slot goes on its waiting list: the slot is not read a second time (it was read in the
// same write, under the write lock), and on PostgreSQL the failed UPDATE also says where the list ends.
const WAITING_BUDGET = ENGINE === 'postgresql' ? 10 : 17;

test('a booking on a full slot joins the waiting list without reading the slot again', async () => {
  const slot = await publishSlot(server, { capacity: 1 });
  const referent = await signIn(server, DEMO.referent);
  const counts = [];
  const seen = [];
  for (let i = 0; i < 4; i++) {
    const { res, statements } = await bookNewPerson(referent, slot);
    if (i === 0) continue;  // the one place
    const page = await referent.get(res.location);
    assert.match(page.text, /Sur liste d(&apos;|&#39;|')attente/, 'the next ones wait');
    seen.push(statements);
    counts.push(statements.length);
  }
  const fewest = Math.min(...counts);
  assert.ok(fewest <= WAITING_BUDGET,
    `a waiting booking ran ${fewest} statements (budget ${WAITING_BUDGET}):\n${seen[counts.indexOf(fewest)].join('\n')}`);
  for (const statements of seen) {
    assert.equal(statements.filter((s) => /FROM outing_slots s JOIN outing_offers f/.test(s)).length, 1,
      `the slot is read once in the write:\n${statements.join('\n')}`);
  }
});
