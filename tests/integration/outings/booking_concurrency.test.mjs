// Capacity under contention: many referents of several sessions book the same slot at the same
// moment. Exactly `capacity` places are confirmed, the slot's counter equals them, and every other
// request is on the waiting list. Fails if a single place is overbooked (on SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTrame } from '../harness.mjs';
import {
  DEMO, PASSWORD, addUser, createBeneficiary, publishSlot, onboard, organisationIds, placesLeft, relaisBookings, signIn,
  unique, networkWideCoordinator,
} from '../bookings_fixtures.mjs';

let server;
const referents = [];      // signed-in clients of the same relais
const beneficiaries = [];  // [{ client, id }]

before(async () => {
  server = await startTrame({ smtp: false });
  await networkWideCoordinator(server);  // the network's coordinator (docs/scopes.md)
  const coordinator = await signIn(server, DEMO.coordinator);
  const orgs = await organisationIds(coordinator, ['Cultures du Cœur 94']);
  referents.push(await signIn(server, DEMO.referent));
  for (let i = 1; i <= 3; i++) {
    const email = `referent${i}.concurrence@test.local`;
    addUser(server, email, 'referent', orgs['Cultures du Cœur 94']);
    await onboard(coordinator, email);
    referents.push(await signIn(server, email, PASSWORD));
  }
  for (const c of referents) {
    for (let i = 0; i < 15; i++) beneficiaries.push({ client: c, id: (await createBeneficiary(c)).id });
  }
  // Every client holds a fresh CSRF token.
  for (const c of referents) await c.get('/sorties/beneficiaires');
});
after(async () => { await server?.stop(); });

async function stampede(slot, fields = {}) {
  return Promise.all(beneficiaries.map(({ client, id }) => client.post(`/sorties/creneaux/${slot}/reserver`, {
    beneficiary: id, companions: '0', _submission: unique('s'), ...fields,
  })));
}

function count(statuses, label) {
  return Object.entries(statuses).filter(([k]) => k.startsWith(label)).reduce((n, [, v]) => n + v, 0);
}

test('60 parallel bookings from 4 referents on a slot of 10 places: exactly 10 confirmed, the rest waiting', async () => {
  const slot = await publishSlot(server, { capacity: 10, title: 'Concert du dimanche (concurrence)' });
  const before = await relaisBookings(referents[0]);
  const responses = await stampede(slot);
  assert.equal(responses.length, 60);
  for (const r of responses) assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = await relaisBookings(referents[0]);
  assert.equal(after.total, before.total + 60, 'every request was answered with a booking');
  const confirmed = count(after.byStatus, 'Confirmée') - count(before.byStatus, 'Confirmée');
  const waiting = count(after.byStatus, 'Sur liste') - count(before.byStatus, 'Sur liste');
  assert.equal(confirmed, 10, `exactly 10 confirmed (got ${confirmed}): never one place overbooked`);
  assert.equal(waiting, 50);
  assert.equal(await placesLeft(referents[0], slot), 0, 'the slot counter says full, not more, not less');
});

test('with companions, places (not bookings) are counted: 60 requests of 2 places on 15 places → 7 confirmed', async () => {
  const slot = await publishSlot(server, { capacity: 15, title: 'Match au stade (concurrence)' });
  const before = await relaisBookings(referents[0]);
  const responses = await stampede(slot, { companions: '1' });
  for (const r of responses) assert.equal(r.status, 303);
  const after = await relaisBookings(referents[0]);
  const confirmed = count(after.byStatus, 'Confirmée') - count(before.byStatus, 'Confirmée');
  assert.equal(confirmed, 7, `7 bookings of 2 places fit in 15 (got ${confirmed})`);
  assert.equal(await placesLeft(referents[0], slot), 1);
});
