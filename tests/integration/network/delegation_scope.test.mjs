// A délégation-limited coordinator stays within its délégation on every page (issue 12, finding 2;
// docs/scopes.md): it may not move EPCI between délégations nor create one, read another délégation's
// relais's bookings, cancel another délégation's venue's slot, change the network's booking rules or
// allocations, onboard another relais's referents, or download another délégation's partnership
// documents. Each refusal is checked to have changed nothing (read back in the database); in-scope
// actions still work, and a coordinator without délégation keeps the network-wide rights.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, demoDatabase, querySql, startTrame } from '../harness.mjs';

let server;
let database;
let coordinatorId = 0;
let coordinatorMembership = 0;
let ancenis = 0;
let nantes = 0;
const org = {};  // name → id

const rawSql = (statement) => querySql(database, statement);
const one = (sql) => rawSql(sql);
const num = (sql) => Number(rawSql(sql));

async function as(role) {
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  return c;
}

// Posts a form after loading a page (CSRF token and submission id).
async function postFrom(client, page, action, fields = {}) {
  await client.get(page);
  return client.post(action, { _submission: client.submission, ...fields });
}

async function postFile(client, pagePath, action, field, bytes, fileName, type) {
  await client.get(pagePath);
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('_submission', client.submission);
  form.append(field, new Blob([bytes], { type }), fileName);
  return client.request('POST', action, { body: form });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

// A slot of an offer at a venue, and a booking of a relais on a slot at a venue.
const slotAt = (venue) => num(`SELECT CAST(MIN(s.id) AS TEXT) FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id
  WHERE o.venue_id = ${venue} AND s.status = 'open'`);
const bookingAt = (relais, venue) => num(`SELECT CAST(MIN(b.id) AS TEXT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id
  JOIN outing_offers o ON o.id = s.offer_id WHERE b.organisation_id = ${relais} AND o.venue_id = ${venue}`);
const slotStatus = (id) => one(`SELECT status FROM outing_slots WHERE id = ${id}`);
const epciHolder = (siren) => one(`SELECT CAST(delegation_id AS TEXT) FROM delegation_epcis WHERE epci_siren = '${siren}'`);

async function setCoordinatorDelegation(delegation) {
  const admin = await as('administrator');
  const res = await postFrom(admin, `/admin/utilisateurs/${coordinatorId}`,
    `/admin/utilisateurs/${coordinatorId}/roles/${coordinatorMembership}/delegation`, { delegation: String(delegation) });
  assert.equal(res.status, 303);
}

before(async () => {
  database = demoDatabase();
  server = await startTrame({ database, demo: false, smtp: false });
  for (const name of ['Département de Loire-Atlantique', 'Théâtre Quartier Libre', 'Espace culturel Paul Guimard',
    'Réseau des bibliothèques du Pays d\'Ancenis', 'Cultures du Cœur 94', 'Relais social de Vitry-sur-Seine (fictif)',
    'Médiathèque d\'Ivry-sur-Seine (fictive)', 'Club sportif de Champigny (fictif)'])
    org[name] = num(`SELECT CAST(id AS TEXT) FROM organisations WHERE name = '${name.replace(/'/g, "''")}'`);
  ancenis = num("SELECT CAST(id AS TEXT) FROM delegations WHERE name = 'Délégation Pays d''Ancenis'");
  nantes = num("SELECT CAST(id AS TEXT) FROM delegations WHERE name = 'Délégation Nantes'");
  coordinatorId = num(`SELECT CAST(id AS TEXT) FROM users WHERE email = '${DEMO.coordinator}'`);
  coordinatorMembership = num(`SELECT CAST(id AS TEXT) FROM memberships WHERE user_id = ${coordinatorId} AND role = 'coordinator'`);
  // The demo coordinator is limited to the Pays d'Ancenis.
  assert.equal(one(`SELECT CAST(delegation_id AS TEXT) FROM memberships WHERE id = ${coordinatorMembership}`), String(ancenis));
});
after(async () => { await server?.stop(); });

test('territories: a délégation-limited coordinator neither moves EPCI nor creates délégations (read-only pages)', async () => {
  const c = await as('coordinator');
  const nantesEpci = one(`SELECT epci_siren FROM delegation_epcis WHERE delegation_id = ${nantes}`);
  const ownEpci = one(`SELECT MIN(epci_siren) FROM delegation_epcis WHERE delegation_id = ${ancenis}`);
  const delegations = num('SELECT CAST(COUNT(*) AS TEXT) FROM delegations');

  // Moving Nantes's EPCI into the Pays d'Ancenis (its organisations' edit rights would follow).
  let res = await postFrom(c, `/territoires/delegations/${ancenis}`, `/territoires/delegations/${ancenis}/epci`, { epci: nantesEpci });
  assert.equal(res.status, 403);
  assert.equal(epciHolder(nantesEpci), String(nantes));
  // Nor out of its own délégation, nor a new délégation.
  res = await postFrom(c, `/territoires/delegations/${ancenis}`, `/territoires/delegations/${ancenis}/epci/${ownEpci}/retirer`);
  assert.equal(res.status, 403);
  assert.equal(epciHolder(ownEpci), String(ancenis));
  res = await postFrom(c, '/territoires', '/territoires/delegations', { departement: '44', name: 'Délégation pirate' });
  assert.equal(res.status, 403);
  assert.equal(num('SELECT CAST(COUNT(*) AS TEXT) FROM delegations'), delegations);
  // The pages are read-only for it.
  const page = await c.get(`/territoires/delegations/${ancenis}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /action="\/territoires\/delegations\/\d+\/epci"/);
  assert.doesNotMatch((await c.get('/territoires')).text, /action="\/territoires\/delegations"/);
  // The audit log has no such change.
  assert.equal(num("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action LIKE 'delegation.%' AND actor_label LIKE 'coordination%'"), 0);
});

test('bookings: another délégation\'s relais\'s booking is not shown; an Ancenis venue\'s booking is', async () => {
  const c = await as('coordinator');
  const outside = bookingAt(org['Cultures du Cœur 94'], org['Médiathèque d\'Ivry-sur-Seine (fictive)']);
  const inside = bookingAt(org['Cultures du Cœur 94'], org['Espace culturel Paul Guimard']);
  assert.ok(outside && inside);
  assert.equal((await c.get(`/sorties/reservations/${outside}`)).status, 404);
  assert.equal((await c.get(`/sorties/reservations/${inside}`)).status, 200);
  // The administrator still sees both.
  const admin = await as('administrator');
  assert.equal((await admin.get(`/sorties/reservations/${outside}`)).status, 200);
});

test('slots: another délégation\'s venue\'s slot is neither cancelled nor enlarged; an Ancenis venue\'s slot is', async () => {
  const c = await as('coordinator');
  const outside = slotAt(org['Club sportif de Champigny (fictif)']);
  const capacity = one(`SELECT CAST(capacity AS TEXT) FROM outing_slots WHERE id = ${outside}`);
  assert.equal((await c.get(`/sorties/creneaux/${outside}/annuler`)).status, 404);
  let res = await postFrom(c, '/sorties', `/sorties/creneaux/${outside}/annuler`, { reason: 'Annulation pirate' });
  assert.equal(res.status, 404);
  res = await postFrom(c, '/sorties', `/sorties/creneaux/${outside}/places`, { places: '5' });
  assert.equal(res.status, 404);
  assert.equal(slotStatus(outside), 'open');
  assert.equal(one(`SELECT CAST(capacity AS TEXT) FROM outing_slots WHERE id = ${outside}`), capacity);
  // Its guest list neither.
  assert.equal((await c.get(`/sorties/creneaux/${outside}/invites`)).status, 403);

  const inside = slotAt(org['Théâtre Quartier Libre']);
  res = await postFrom(c, `/sorties/creneaux/${inside}/annuler`, `/sorties/creneaux/${inside}/annuler`,
    { reason: 'Salle indisponible' });
  assert.equal(res.status, 303);
  assert.equal(slotStatus(inside), 'cancelled');
});

test('network-wide settings: booking rules, allocations and other relais\'s referents are refused and unchanged', async () => {
  const c = await as('coordinator');
  const before = one("SELECT value FROM settings WHERE key = 'outings.max_companions'");
  const rules = await c.get('/sorties/regles');
  assert.equal(rules.status, 200);
  assert.doesNotMatch(rules.text, /action="\/sorties\/regles"/);
  assert.match(rules.text, /seuls un administrateur ou une coordination de tout le réseau les modifient/);
  let res = await postFrom(c, '/sorties', '/sorties/regles', { max_companions: String(Number(before) + 2) });
  assert.equal(res.status, 403);
  assert.equal(one("SELECT value FROM settings WHERE key = 'outings.max_companions'"), before);

  const allocationsPage = await c.get('/sorties/contingents');
  assert.equal(allocationsPage.status, 200);
  assert.doesNotMatch(allocationsPage.text, /href="\/sorties\/contingents\/nouveau"/);
  assert.match(allocationsPage.text, /Seuls un administrateur, une coordination de tout le réseau ou une coordination d&apos;antenne/);
  const allocations = num('SELECT CAST(COUNT(*) AS TEXT) FROM outing_allocations');
  res = await postFrom(c, '/sorties/contingents', '/sorties/contingents', { name: 'Contingent pirate', donor: 'X',
    places: '10', starts_on: '2026-01-01', ends_on: '2026-12-31', status: 'active' });
  assert.equal(res.status, 403);
  assert.equal(num('SELECT CAST(COUNT(*) AS TEXT) FROM outing_allocations'), allocations);

  // The referent of Cultures du Cœur 94 (Val-de-Marne, outside the Pays d'Ancenis).
  const referent = num(`SELECT CAST(m.id AS TEXT) FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE u.email = '${DEMO.referent}' AND m.role = 'referent'`);
  const onboarded = one(`SELECT COALESCE(onboarded_on, '') FROM memberships WHERE id = ${referent}`);
  assert.doesNotMatch((await c.get('/sorties/referents')).text, new RegExp(`/sorties/referents/${referent}"`));
  res = await postFrom(c, '/sorties', `/sorties/referents/${referent}`, { onboarded_on: '' });
  assert.equal(res.status, 404);
  assert.equal(one(`SELECT COALESCE(onboarded_on, '') FROM memberships WHERE id = ${referent}`), onboarded);
});

test('partnership documents: another délégation\'s are not listed nor downloaded; an Ancenis one\'s are', async () => {
  const admin = await as('administrator');
  const outside = num(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE organisation_id = ${org['Cultures du Cœur 94']}
    AND partner_id = ${org['Relais social de Vitry-sur-Seine (fictif)']}`);
  const inside = num(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE partner_id = ${org['Théâtre Quartier Libre']}`);
  for (const id of [outside, inside]) {
    const url = `/annuaire/partenariats/${id}`;
    const res = await postFile(admin, url, `${url}/documents`, 'document', PDF, `convention-${id}.pdf`, 'application/pdf');
    assert.equal(res.status, 303);
  }
  const doc = (id) => num(`SELECT CAST(MAX(id) AS TEXT) FROM partnership_documents WHERE partnership_id = ${id}`);
  const c = await as('coordinator');
  const page = await c.get(`/annuaire/partenariats/${outside}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /convention-\d+\.pdf/);
  assert.equal((await c.get(`/annuaire/partenariats/${outside}/documents/${doc(outside)}`)).status, 403);
  assert.match((await c.get(`/annuaire/partenariats/${inside}`)).text, new RegExp(`convention-${inside}\\.pdf`));
  const res = await c.get(`/annuaire/partenariats/${inside}/documents/${doc(inside)}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
});

test('out of scope, a partnership answers 403 whatever the input: the scope is checked before the form', async () => {
  // The old order validated the form first: an invalid date or status from another délégation got
  // the form's message (303) instead of the refusal, telling apart valid and invalid input.
  const outside = num(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE organisation_id = ${org['Cultures du Cœur 94']}
    AND partner_id = ${org['Relais social de Vitry-sur-Seine (fictif)']}`);
  const state = () => one(`SELECT status || '|' || COALESCE(end_date, '') || '|' || COALESCE(charter_signed_on, '') || '|' ||
    CAST(updated_at AS TEXT) FROM partnerships WHERE id = ${outside}`);
  const before = state();
  const c = await as('coordinator');
  const page = `/annuaire/partenariats/${outside}`;
  for (const [action, fields] of [
    [`${page}/statut`, { status: 'inconnu', end_date: 'pas une date' }],
    [`${page}/charte`, { charter_date: '31/02/2026' }],
    [page, { start_date: '', contact_email: 'pas une adresse' }],
  ]) {
    const res = await postFrom(c, page, action, fields);
    assert.equal(res.status, 403, `${action} answered ${res.status}`);
  }
  assert.equal(state(), before);
});

test('a coordinator without délégation keeps the network-wide rights', async () => {
  await setCoordinatorDelegation(0);
  try {
    const c = await as('coordinator');
    const outside = bookingAt(org['Cultures du Cœur 94'], org['Médiathèque d\'Ivry-sur-Seine (fictive)']);
    assert.equal((await c.get(`/sorties/reservations/${outside}`)).status, 200);
    const before = one("SELECT value FROM settings WHERE key = 'outings.max_companions'");
    const changed = String(Number(before) + 1);
    let res = await postFrom(c, '/sorties/regles', '/sorties/regles', { max_companions: changed });
    assert.equal(res.status, 303);
    assert.equal(one("SELECT value FROM settings WHERE key = 'outings.max_companions'"), changed);
    res = await postFrom(c, '/sorties/regles', '/sorties/regles', { max_companions: before });
    assert.equal(res.status, 303);
    res = await postFrom(c, '/territoires', '/territoires/delegations', { departement: '44', name: 'Délégation Erdre (fictive)' });
    assert.equal(res.status, 303);
    assert.equal(num("SELECT CAST(COUNT(*) AS TEXT) FROM delegations WHERE name = 'Délégation Erdre (fictive)'"), 1);
    const partnership = num(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE organisation_id = ${org['Cultures du Cœur 94']}
      AND partner_id = ${org['Relais social de Vitry-sur-Seine (fictif)']}`);
    assert.match((await c.get(`/annuaire/partenariats/${partnership}`)).text, /convention-\d+\.pdf/);
  } finally {
    await setCoordinatorDelegation(ancenis);
  }
});
