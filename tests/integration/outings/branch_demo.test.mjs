// The demo's two branches and what follows from them (issue 19; docs/outings.md « Antennes »): the
// Val-de-Marne and Loire-Atlantique branches hold their organisations; each referent's catalogue shows its
// branch's offers and those open to all; a relais in no branch is not limited by branches; allocations
// are per branch (another branch's places are refused, naming both branches, nothing changed; a branch
// coordinator manages its own branch's allocations only); the head office sees its figures per branch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame, parisYear } from '../harness.mjs';
import {
  PASSWORD, addUser, book, createBeneficiary, flashError, onboard, organisationIds, publishSlot, signIn, unique,
} from '../bookings_fixtures.mjs';

const REFERENT_44 = 'referente@culturesducoeur44.local';
const COORDINATOR_44 = 'coordination@culturesducoeur44.local';

let server;
let admin;
let b94 = 0;
let b44 = 0;

const q = (sql) => querySql(server.database, sql);
const num = (sql) => Number(q(sql));
const esc = (s) => s.replace(/'/g, "''");
const branchOf = (name) => q(`SELECT CAST(COALESCE(branch_id, 0) AS TEXT) FROM organisations WHERE name = '${esc(name)}'`);
const allocation = (name) => q(`SELECT CAST(id AS TEXT) FROM outing_allocations WHERE name = '${esc(name)}'`);
const text = (res) => flashError(res.text).replace(/&apos;/g, "'");

before(async () => {
  server = await startTrame();
  admin = await signIn(server, DEMO.administrator);
  b94 = num("SELECT CAST(id AS TEXT) FROM network_branches WHERE name = 'Cultures du Cœur 94'");
  b44 = num("SELECT CAST(id AS TEXT) FROM network_branches WHERE name = 'Cultures du Cœur 44'");
});
after(async () => { await server?.stop(); });

test('the demo has two branches holding their organisations; the Val-de-Marne allocations are its own', async () => {
  assert.equal(q(`SELECT departement_code || ' ' || school_zone FROM network_branches WHERE id = ${b94}`), '94 C');
  assert.equal(q(`SELECT departement_code || ' ' || school_zone FROM network_branches WHERE id = ${b44}`), '44 B');
  for (const name of ['Cultures du Cœur 94', 'Relais social de Vitry-sur-Seine (fictif)', "Médiathèque d'Ivry-sur-Seine (fictive)"])
    assert.equal(branchOf(name), String(b94), name);
  for (const name of ['Cultures du Cœur 44 (fictive)', 'Centre social Les Hirondelles, Nantes (fictif)', 'Salle des Hirondelles, Nantes (fictive)'])
    assert.equal(branchOf(name), String(b44), name);
  // The formation-action's partners are in no branch: their offers are open to every relais.
  assert.equal(branchOf('Théâtre Quartier Libre'), '0');
  for (const name of ['Tous au cinéma', 'Tickets Loisirs'])
    assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM outing_allocations WHERE name = '${esc(name)}'`), String(b94));
  // The Loire-Atlantique coordinator acts for that branch only.
  assert.equal(q(`SELECT CAST(m.branch_id AS TEXT) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${COORDINATOR_44}'`), String(b44));
  const list = await admin.get('/sorties/contingents');
  assert.match(list.text, /<td data-label="Antenne">Cultures du Cœur 94<\/td>/);
});

test('each referent\'s catalogue shows its branch\'s offers and those open to all', async () => {
  const referent94 = await signIn(server, DEMO.referent);
  const referent44 = await signIn(server, REFERENT_44);
  const listed = async (c, words) => (await c.get(`/sorties?q=${encodeURIComponent(words)}`)).text.includes('href="/sorties/offres/');
  assert.equal(await listed(referent94, 'raconter son quartier'), true);   // Ivry, branch 94
  assert.equal(await listed(referent94, 'voyage de Lila'), false);         // Les Hirondelles, branch 44
  assert.equal(await listed(referent44, 'voyage de Lila'), true);
  assert.equal(await listed(referent44, 'raconter son quartier'), false);
  assert.equal(await listed(referent44, 'Fourberies de Scapin'), true);    // Théâtre Quartier Libre, no branch
});

test('a relais in no branch books an offer given to a branch', async () => {
  // A relais of the network in no branch, its charter signed (written as the partnerships page would).
  const name = unique('Relais sans antenne');
  const relais = q(`INSERT INTO organisations (name, kind, status, created_at, sector) VALUES ('${name}', 'social', 'active', 0, 'social') RETURNING id`);
  q(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, end_date, charter_signed_on, created_at, updated_at) VALUES ((SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'), ${relais}, 'social_relay', 'active', '2024-01-01', '', '2024-01-15', 0, 0)`);
  assert.equal(branchOf(name), '0');
  const email = `${unique('referent.sans-antenne')}@trame.test`;
  addUser(server, email, 'referent', relais);
  await onboard(admin, email);
  const referent = await signIn(server, email, PASSWORD);
  const slot = await publishSlot(server, { venue: "Médiathèque d'Ivry-sur-Seine (fictive)", title: 'Atelier de la 94 (test)' });
  const offer = q(`SELECT CAST(offer_id AS TEXT) FROM outing_slots WHERE id = ${slot}`);
  assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM outing_offer_branches WHERE offer_id = ${offer}`), String(b94));
  const ben = await createBeneficiary(referent);
  const res = await book(referent, slot, ben.id);
  assert.equal(res.status, 303, text(res));
});

test('a slot of another branch\'s allocation is refused naming both branches; the branch\'s own relais books it', async () => {
  const cinema = allocation('Tous au cinéma');
  // At a venue in no branch (the offer is open to all), with the Val-de-Marne's cinema places.
  const slot = await publishSlot(server, { venue: 'Espace culturel Paul Guimard', title: 'Ciné de la 94 (test)', allocation: cinema });
  await onboard(admin, REFERENT_44);
  const referent44 = await signIn(server, REFERENT_44);
  const ben44 = await createBeneficiary(referent44);
  const rows = () => q(`SELECT CAST(COUNT(*) AS TEXT) || ' ' || CAST((SELECT booked FROM outing_slots WHERE id = ${slot}) AS TEXT) || ' ' || CAST((SELECT assigned FROM outing_allocations WHERE id = ${cinema}) AS TEXT) FROM bookings WHERE slot_id = ${slot}`);
  const before = rows();
  let res = await book(referent44, slot, ben44.id);
  assert.equal(res.status, 422);
  assert.equal(text(res), "Les places du contingent « Tous au cinéma » sont celles de l'antenne Cultures du Cœur 94 : la structure relève de l'antenne Cultures du Cœur 44. Rien n'a été réservé.");
  assert.equal(rows(), before);
  const referent94 = await signIn(server, DEMO.referent);
  const ben94 = await createBeneficiary(referent94);
  res = await book(referent94, slot, ben94.id);
  assert.equal(res.status, 303, text(res));
});

test('a branch coordinator manages its own branch\'s allocations only', async () => {
  const coordinator = await signIn(server, COORDINATOR_44);
  const cinema = allocation('Tous au cinéma');
  const list = await coordinator.get('/sorties/contingents');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /Tous au cinéma/);
  assert.equal((await coordinator.get(`/sorties/contingents/${cinema}`)).status, 404);
  assert.equal((await coordinator.get(`/sorties/contingents/${cinema}/modifier`)).status, 404);

  const year = parisYear();
  const fields = (name, extra = {}) => ({ name, donor: 'Mécène (test)', description: '', places: '30', starts_on: `${year}-01-01`,
    ends_on: `${year + 1}-12-31`, status: 'active', zone: 'B', _submission: unique('s'), ...extra });
  const count = () => num('SELECT CAST(COUNT(*) AS TEXT) FROM outing_allocations');
  // Another branch's: refused, nothing created.
  await coordinator.get('/sorties/contingents/nouveau');
  const n = count();
  let res = await coordinator.post('/sorties/contingents', fields(unique('Contingent refusé'), { branch: String(b94) }));
  assert.equal(res.status, 422);
  assert.equal(text(res), "Une coordination d'antenne ne gère que les contingents de sa propre antenne : rien n'a été enregistré.");
  assert.equal(count(), n);
  // Its own: made in its branch, whatever the form says of none.
  const name = unique('Contingent 44');
  res = await coordinator.post('/sorties/contingents', fields(name));
  assert.equal(res.status, 303, text(res));
  const id = res.location.match(/\/sorties\/contingents\/(\d+)/)[1];
  assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM outing_allocations WHERE id = ${id}`), String(b44));
  assert.match((await coordinator.get('/sorties/contingents')).text, new RegExp(name));
  // Its places go to its relais: a Val-de-Marne relais is refused as a target, nothing added.
  const [vitry] = Object.values(await organisationIds(admin, ['Relais social de Vitry-sur-Seine (fictif)']));
  await coordinator.get(`/sorties/contingents/${id}`);
  res = await coordinator.post(`/sorties/contingents/${id}/cibles`, { organisation: vitry, quota: '5', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(text(res), /relève d'une autre antenne que le contingent/);
  assert.equal(num(`SELECT CAST(COUNT(*) AS TEXT) FROM outing_allocation_targets WHERE allocation_id = ${id}`), 0);
  // Editing another branch's allocation: as unknown.
  res = await coordinator.post(`/sorties/contingents/${cinema}`, fields('Tous au cinéma'));
  assert.equal(res.status, 404);
  assert.equal(q(`SELECT donor FROM outing_allocations WHERE id = ${cinema}`), 'Fondation David Hadida');
});

test('the head office sees the places per branch on the steering page and in its CSV', async () => {
  const today = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  const period = `du=${iso(today)}&au=${iso(new Date(today.getTime() + 120 * 86400000))}`;
  const page = await admin.get(`/sorties/pilotage?${period}`);
  assert.equal(page.status, 200);
  const section = page.text.slice(page.text.indexOf('id="branch-title"'));
  assert.match(section, /Par antenne \(du lieu\)/);
  assert.match(section.slice(0, section.indexOf('</section>')), /<th scope="row">Cultures du Cœur 44<\/th>/);
  assert.match(section.slice(0, section.indexOf('</section>')), /<th scope="row">Cultures du Cœur 94<\/th>/);
  const csv = await admin.get(`/sorties/pilotage.csv?${period}`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /Antenne;"?Cultures du Cœur 94/);
});
