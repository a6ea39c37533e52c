// Shared steps of the booking tests, all over HTTP or the `trame` command line like a user would:
// referents added with `trame user add`, onboarded by the coordinator, beneficiaries created by the
// referent, slots published through the offers' forms.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, DEMO, querySql, runTrame, parisYear } from './harness.mjs';

export const PASSWORD = 'Sorties-solidaires-2026!';

export async function signIn(server, email, password) {
  const c = new Client(server.url);
  const res = await c.login(email, password);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

// Organisation name → id, from the directory's search (any signed-in user).
export async function organisationIds(c, names) {
  const out = {};
  for (const name of names) {
    const page = await c.get(`/annuaire?q=${encodeURIComponent(name)}`);
    assert.equal(page.status, 200);
    const escaped = name.replace(/'/g, '&apos;');
    const m = page.text.match(new RegExp(`href="/annuaire/structures/(\\d+)">${escaped.replace(/[()]/g, '\\$&')}<`));
    assert.ok(m, `organisation ${name} found in the directory`);
    out[name] = m[1];
  }
  return out;
}

// A new account with the given role in an organisation (the command line an administrator uses).
export function addUser(server, email, role, organisationId) {
  const r = runTrame(['user', 'add', '--email', email, '--name', `Test ${email.split('@')[0]}`, '--role', role,
    '--organisation', String(organisationId), '--password-stdin', '--database', server.database], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
}

export function unique(prefix) {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

// The coordinator records that a referent attended the onboarding session.
export async function onboard(coordinator, email, date = '2026-01-15') {
  for (let page = 1; page < 50; page++) {
    const list = await coordinator.get(`/sorties/referents?page=${page}`);
    assert.equal(list.status, 200);
    const i = list.text.indexOf(email);
    if (i >= 0) {
      const action = list.text.slice(i).match(/action="(\/sorties\/referents\/\d+)"/)[1];
      const res = await coordinator.post(action, { onboarded_on: date, _submission: unique('s') });
      assert.equal(res.status, 303);
      return;
    }
    if (!list.text.includes('rel="next"')) break;
  }
  assert.fail(`referent ${email} not listed`);
}

// Creates a beneficiary as the referent; returns { id, code }.
export async function createBeneficiary(c, fields = {}) {
  await c.get('/sorties/beneficiaires');
  const res = await c.post('/sorties/beneficiaires', {
    age_band: '26-59', household_size: '1', commune: '', _submission: unique('s'), ...fields,
  });
  assert.equal(res.status, 303, `beneficiary created: ${res.text.match(/role="alert"[^>]*>\s*<p>([^<]*)/)?.[1] || ''}`);
  const page = await c.get('/sorties/beneficiaires');
  const code = page.text.match(/sous le code (B-[A-Z0-9]{4}-[A-Z0-9]{2})/)[1];
  const row = page.text.slice(page.text.indexOf(`>${code}</th>`));
  const id = row.match(/\/sorties\/beneficiaires\/(\d+)\/archiver/)[1];
  return { id, code };
}

export function flashError(text) {
  return (text.match(/class="flash flash-error" role="alert"[^>]*>\s*(?:<p>)?([^<]*)/) || [])[1] || '';
}

// Books a slot: GET the form (fresh CSRF and submission id), then POST. Returns the POST response.
export async function book(c, slotId, beneficiaryId, fields = {}) {
  const form = await c.get(`/sorties/creneaux/${slotId}/reserver`);
  return c.post(`/sorties/creneaux/${slotId}/reserver`, {
    beneficiary: beneficiaryId, companions: '0', _submission: c.submission, ...fields,
  });
}

// Status label of a booking page, and the number of places left shown on the booking form.
export async function bookingStatus(c, location) {
  const page = await c.get(location);
  assert.equal(page.status, 200);
  return page.text.match(/class="booking-status"><strong>([^<]+)<\/strong>/)[1];
}

export async function placesLeft(c, slotId) {
  const form = await c.get(`/sorties/creneaux/${slotId}/reserver`);
  assert.equal(form.status, 200);
  return Number(form.text.match(/id="places-left">(\d+) places? restantes? sur/)[1]);
}

// Counts of the relais's bookings by status label, over every page of /sorties/reservations.
export async function relaisBookings(c) {
  const out = { total: 0, byStatus: {} };
  for (let page = 1; page < 100; page++) {
    const list = await c.get(`/sorties/reservations?page=${page}`);
    assert.equal(list.status, 200);
    const m = list.text.match(/Réservations du relais — (\d+)<\/caption>/);
    out.total = m ? Number(m[1]) : 0;
    for (const row of list.text.matchAll(/<tr><th scope="row"><a href="\/sorties\/reservations\/(\d+)"[^>]*>[^<]*<\/a><\/th>(?:<td[^>]*>[^<]*<\/td>){4}<td[^>]*>([^<]+)/g)) {
      out.byStatus[row[2]] = (out.byStatus[row[2]] || 0) + 1;
    }
    if (!list.text.includes('rel="next"')) break;
  }
  return out;
}

export { DEMO };

// Europe/Paris wall-clock time "YYYY-MM-DDTHH:MM" of a unix time (what <input type="datetime-local"> sends).
export function parisLocal(seconds) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const publishers = new WeakMap();  // server → { client, venues }
const widened = new WeakSet();

// The demo puts its organisations in two branches (network/branches/demo.cpp); the branch tests build
// their own and place demo organisations in them, so they first take every organisation out of the demo's
// branches, as the head office would (an administrator's client), through the branch pages.
export async function leaveDemoBranches(server, admin) {
  const rows = querySql(server.database,
    "SELECT CAST(id AS TEXT) || ':' || CAST(branch_id AS TEXT) FROM organisations WHERE branch_id IS NOT NULL");
  for (const row of rows.split('\n').filter(Boolean)) {
    const [organisation, branch] = row.split(':');
    await admin.get(`/reseau/antennes/${branch}`);
    const res = await admin.post(`/reseau/antennes/${branch}/structures/${organisation}/retirer`, { _submission: unique('s') });
    assert.equal(res.status, 303, `organisation ${organisation} out of branch ${branch}: ${flashError(res.text)}`);
  }
}

// The demo coordinator is limited to the Pays d'Ancenis; the booking tests use it as the network's
// coordinator (rules, allocations, referents and venues everywhere): an administrator lifts the limit
// (docs/scopes.md). Once per server.
export async function networkWideCoordinator(server) {
  if (widened.has(server)) return;
  const admin = await signIn(server, DEMO.administrator);
  const users = await admin.get('/admin/utilisateurs?q=coordination.ancenis');
  const userId = users.text.match(/href="\/admin\/utilisateurs\/(\d+)"/)[1];
  const page = await admin.get(`/admin/utilisateurs/${userId}`);
  const action = page.text.match(/action="(\/admin\/utilisateurs\/\d+\/roles\/\d+\/delegation)"/)[1];
  const res = await admin.post(action, { delegation: '0', _submission: admin.submission });
  assert.equal(res.status, 303, 'the coordinator made network-wide');
  widened.add(server);
}

// A published offer with one slot, created through the offers' forms by the coordinator.
// Times are seconds from now (minute precision, as the form). Returns the slot's id.
export async function publishSlot(server, { capacity = 10, opensIn = -3600, closesIn = null, startsIn = 86400 * 30,
  cancelIn = null, family = false, mode = 'first_come', drawIn = 0, allocation = null, venue = 'Théâtre Quartier Libre',
  title = 'Les Fourberies (test)' } = {}) {
  if (!publishers.has(server)) {
    await networkWideCoordinator(server);
    const client = await signIn(server, DEMO.coordinator);
    await client.get('/sorties/regles');
    publishers.set(server, { client, venues: {} });
  }
  const p = publishers.get(server);
  if (!p.venues[venue]) p.venues[venue] = (await organisationIds(p.client, [venue]))[venue];
  const c = p.client;
  const offer = await c.post('/sorties/offres', {
    venue: p.venues[venue], title, category: 'live_show', description: 'Une sortie pour les tests.', audience: 'all',
    language: 'fr', getting_there: 'Bus 12, arrêt Mairie', at_the_door: "Donnez le code de réservation à l'accueil",
    motor: '1', ...(family ? { family: '1' } : {}), _submission: unique('s'),
  });
  assert.equal(offer.status, 303, `offer created: ${flashError(offer.text)}`);
  const offerPath = offer.location;
  const now = Math.floor(Date.now() / 1000);
  const starts = now + startsIn;
  const fields = {
    starts: parisLocal(starts), capacity: String(capacity), opens: parisLocal(now + opensIn), mode,
    _submission: unique('s'),
  };
  if (closesIn !== null) fields.closes = parisLocal(now + closesIn);
  if (cancelIn !== null) fields.cancel_until = parisLocal(now + cancelIn);
  if (mode === 'draw') fields.draw_at = parisLocal(now + drawIn);
  if (allocation) fields.allocation = String(allocation);
  const slot = await c.post(`${offerPath}/creneaux`, fields);
  assert.equal(slot.status, 303, `slot created: ${flashError(slot.text)}`);
  const published = await c.post(`${offerPath}/statut`, { status: 'published', _submission: unique('s') });
  assert.equal(published.status, 303);
  const page = await c.get(offerPath);
  const ids = [...page.text.matchAll(/\/sorties\/creneaux\/(\d+)/g)].map((m) => m[1]);
  assert.ok(ids.length, 'the offer page links its slot');
  return ids[0];
}

// The slot's outing has begun: its start (and booking's close) moved a minute into the past in the database.
// The product makes slots in the future only; waiting for a start of the form's next whole minute kept each
// test up to 68 s. The kept figures follow (their triggers watch a slot's start, as when its form moves it).
export function beginOuting(server, slot) {
  const start = Math.floor(Date.now() / 1000) - 60;
  querySql(server.database, `UPDATE outing_slots SET starts_at = ${start}, closes_at = CASE WHEN closes_at > ${start} `
    + `THEN ${start} ELSE closes_at END, opens_at = CASE WHEN opens_at > ${start} THEN ${start} ELSE opens_at END `
    + `WHERE id = ${Number(slot)}`);
}

// An allocation (pool of places) created by the coordinator through /sorties/contingents, reserved
// to the given structures ([{ organisation: id, quota }]). Returns its id.
export async function createAllocation(server, { name = unique('Contingent'), places = 20, targets = [] } = {}) {
  if (!publishers.has(server)) await publishSlot(server, { capacity: 1, title: 'Amorce (test)' });
  const c = publishers.get(server).client;
  const year = parisYear();
  const res = await c.post('/sorties/contingents', {
    name, donor: 'Fondation (test)', description: '', places: String(places), starts_on: `${year}-01-01`,
    ends_on: `${year + 1}-12-31`, _submission: unique('s'),
  });
  assert.equal(res.status, 303, `allocation created: ${flashError(res.text)}`);
  const id = res.location.match(/\/sorties\/contingents\/(\d+)/)[1];
  for (const t of targets) {
    const r = await c.post(`/sorties/contingents/${id}/cibles`, { organisation: String(t.organisation), quota: String(t.quota), _submission: unique('s') });
    assert.equal(r.status, 303);
  }
  return id;
}
