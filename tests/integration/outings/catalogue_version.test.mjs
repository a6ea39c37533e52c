// The referents' catalogue (/sorties) is kept in memory between requests (issue 22), keyed on the
// catalogue's data version read from the database on every request (migration 0073): a change to an
// offer or a slot, made by this instance, by another instance on the same database or straight in
// the database, is on the very next page. On SQLite the version is known without a query while the
// file's data version (a connection of the instance's own, `PRAGMA data_version`) has not moved: every
// commit, by this instance's pool, another instance or another process, moves it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { networkWideCoordinator } from '../bookings_fixtures.mjs';

let one;
let two;  // a second instance on the same database

before(async () => {
  one = await startTrame({ smtp: false });
  await networkWideCoordinator(one);
  two = await startTrame({ smtp: false, demo: false, database: one.database });
});
after(async () => {
  await two?.stop();
  await one?.stop();
});

async function as(server, role) {
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  return c;
}

async function catalogue(c) {
  const page = await c.get('/sorties');
  assert.equal(page.status, 200);
  return page.text;
}

// The demo offer with this title: its id and its first upcoming open slot.
function demoOffer(title) {
  const id = Number(querySql(one.database, `SELECT id FROM outing_offers WHERE title = '${title}'`));
  const slot = Number(querySql(one.database, `SELECT id FROM outing_slots WHERE offer_id = ${id}
    AND status = 'open' ORDER BY starts_at, id LIMIT 1`));
  return { id, slot: { id: slot } };
}

// The "n places restantes sur c" text of a slot on the catalogue page.
function placesOf(text, slotId) {
  const at = text.indexOf(`/sorties/creneaux/${slotId}"`);
  assert.ok(at >= 0, `slot ${slotId} on the page`);
  return text.slice(at).match(/(\d+) places? restantes? sur (\d+)/).slice(1).map(Number);
}

test('a change written straight in the database is on the very next catalogue page', async () => {
  const referent = await as(one, 'referent');
  const title = 'Les Fourberies de Scapin';
  const offer = demoOffer(title);
  await catalogue(referent);
  const before = await catalogue(referent);  // kept from the first
  const [left, capacity] = placesOf(before, offer.slot.id);

  // Places taken behind Trame's back (another instance's bookings): the next page counts them.
  querySql(one.database, `UPDATE outing_slots SET booked = booked + 1 WHERE id = ${offer.slot.id}`);
  assert.deepEqual(placesOf(await catalogue(referent), offer.slot.id), [left - 1, capacity]);

  // A renamed offer.
  querySql(one.database, `UPDATE outing_offers SET title = 'Scapin, version ${process.pid}' WHERE id = ${offer.id}`);
  const renamed = await catalogue(referent);
  assert.ok(renamed.includes(`Scapin, version ${process.pid}`), 'the new title');
  assert.ok(!renamed.includes(`>${title}<`), 'not the old one');

  // A venue renamed in the directory (the card shows its name).
  const venue = querySql(one.database, `SELECT v.name FROM organisations v JOIN outing_offers o ON o.venue_id = v.id
    WHERE o.id = ${offer.id}`);
  querySql(one.database, `UPDATE organisations SET name = 'Théâtre ${process.pid}' WHERE name = '${venue.replace(/'/g, "''")}'`);
  assert.ok((await catalogue(referent)).includes(`Théâtre ${process.pid}`), 'the venue\'s new name');
});

test('an offer withdrawn through another instance leaves the catalogue of the first at once', async () => {
  const referent = await as(one, 'referent');
  const title = 'Découverte du basket en famille';
  const offer = demoOffer(title);
  assert.ok((await catalogue(referent)).includes(`/sorties/offres/${offer.id}"`), 'listed');
  assert.ok((await catalogue(referent)).includes(`/sorties/offres/${offer.id}"`), 'listed again (kept)');

  const coordinator = await as(two, 'coordinator');
  await coordinator.get(`/sorties/offres/${offer.id}`);
  const res = await coordinator.post(`/sorties/offres/${offer.id}/statut`, { status: 'archived' });
  assert.equal(res.status, 303);
  assert.equal(querySql(one.database, `SELECT status FROM outing_offers WHERE id = ${offer.id}`), 'archived');

  assert.ok(!(await catalogue(referent)).includes(`/sorties/offres/${offer.id}"`), 'gone from the first instance');
  // And back.
  await coordinator.get(`/sorties/offres/${offer.id}`);
  assert.equal((await coordinator.post(`/sorties/offres/${offer.id}/statut`, { status: 'published' })).status, 303);
  assert.ok((await catalogue(referent)).includes(`/sorties/offres/${offer.id}"`), 'listed again');
});

test('a change made through the same instance is on its very next catalogue page, time after time', async () => {
  const referent = await as(one, 'referent');
  const coordinator = await as(one, 'coordinator');
  const offer = demoOffer('Ciné-goûter en famille : Le Grand Méchant Renard');
  const listed = async () => (await catalogue(referent)).includes(`/sorties/offres/${offer.id}"`);
  async function setStatus(status) {
    await coordinator.get(`/sorties/offres/${offer.id}`);
    const res = await coordinator.post(`/sorties/offres/${offer.id}/statut`, { status });
    assert.equal(res.status, 303);
  }
  assert.ok(await listed(), 'listed');
  for (let i = 1; i <= 3; i++) {
    assert.ok(await listed(), `listed again (kept), round ${i}`);
    await setStatus('archived');  // answered: committed by this instance's pool
    assert.ok(!(await listed()), `gone at once, round ${i}`);
    assert.ok(!(await listed()), `still gone (kept), round ${i}`);
    await setStatus('published');
    assert.ok(await listed(), `back at once, round ${i}`);
    // Between two kept pages, another process writes straight in the file.
    const [left] = placesOf(await catalogue(referent), offer.slot.id);
    querySql(one.database, `UPDATE outing_slots SET booked = booked + 1 WHERE id = ${offer.slot.id}`);
    assert.equal(placesOf(await catalogue(referent), offer.slot.id)[0], left - 1, `counted at once, round ${i}`);
  }
});
