// The one clock: with TRAME_CLOCK_OFFSET set (the simulated clock of demonstrations and tests), every
// module reads the same shifted time — accounts (a membership's date), partnerships' "today" (used by
// bookings: an onboarding date may not be in the future) and guest lists' "now" (the check-in time).
// The clock runs three days ahead here; each check reads the database, so a module still reading the
// real time fails it (the unit test OneClock.* guards the source itself).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, runTrame, startTrame } from './harness.mjs';
import { PASSWORD, onboard, parisLocal, unique } from './bookings_fixtures.mjs';
import { bookSlot, createSlot } from './guestlists_fixtures.mjs';
import { dbValue, q } from './questionnaire_fixtures.mjs';

const DAY = 86400;
const OFFSET = 3 * DAY;
const realNow = () => Math.floor(Date.now() / 1000);

let server;
let relais;     // the demo referent's organisation
const email = `${unique('horloge')}@example.org`;

async function signIn(who) {
  const c = new Client(server.url);
  const res = await c.login(who);
  assert.equal(res.status, 303, `login as ${who}`);
  return c;
}

before(async () => {
  server = await startTrame({ smtp: false, env: { TRAME_CLOCK_OFFSET: String(OFFSET) } });
  relais = Number(dbValue(server.database, `SELECT m.organisation_id FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE u.email = ${q(DEMO.referent)} ORDER BY m.id LIMIT 1`));
  assert.ok(relais > 0, 'the demo referent belongs to a relais');
});

after(async () => { await server?.stop(); });

test('accounts: a membership added under the simulated clock is dated by it', () => {
  const before = realNow();
  const r = runTrame(['user', 'add', '--email', email, '--name', 'Test Horloge', '--role', 'referent',
    '--organisation', String(relais), '--password-stdin', '--database', server.database],
  { input: `${PASSWORD}\n`, env: { TRAME_CLOCK_OFFSET: String(OFFSET) } });
  assert.equal(r.status, 0, r.stderr);
  const created = Number(dbValue(server.database, `SELECT m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE u.email = ${q(email)}`));
  // At least two of the three simulated days ahead of the real time (the real clock would give ~0).
  assert.ok(created >= before + OFFSET - DAY, `membership dated ${created}, real time ${before}`);
});

test('partnerships: "today" is the simulated day, so an onboarding dated after the real today is accepted', async () => {
  // A day after the real today, before the simulated one: "in the future" for the real clock only.
  const date = parisLocal(realNow() + 2 * DAY).slice(0, 10);
  const admin = await signIn(DEMO.administrator);
  await onboard(admin, email, date);
  const saved = dbValue(server.database, `SELECT COALESCE(m.onboarded_on, '') FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE u.email = ${q(email)}`);
  assert.equal(saved, date);
  // The referents' page offers the simulated day as the latest date.
  const page = await admin.get('/sorties/referents');
  const max = page.text.match(/name="onboarded_on" type="date" max="(\d{4}-\d{2}-\d{2})"/)?.[1];
  assert.ok(max > date, `the latest date offered (${max}) is the simulated today`);
});

test('guest lists: a check-in is timed by the simulated clock', async () => {
  const slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Horloge simulée', capacity: 5, startsIn: OFFSET + 1800 });
  const referent = await signIn(DEMO.referent);
  const booking = await bookSlot(referent, slot, { index: 0 });
  const staff = await signIn(DEMO.partner_staff);
  const list = `/sorties/creneaux/${slot}/invites`;
  await staff.get(list);
  const before = realNow();
  const res = await staff.post(list, { code: booking.code, _submission: staff.submission });
  assert.equal(res.status, 303);
  const at = Number(dbValue(server.database, `SELECT checked_in_at FROM bookings WHERE id = ${booking.id}`));
  assert.ok(at >= before + OFFSET - DAY, `checked in at ${at}, real time ${before}`);
});
