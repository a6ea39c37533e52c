// An EPCI can span two départements (Redon Agglomération spans Ille-et-Vilaine, Loire-Atlantique and Morbihan).
// A délégation belongs to one département: a commune of its EPCI that lies in another département is in none of
// its communes. Every module asks « the délégation of a commune » the same way (organisations::delegation_joins);
// this file checks the modules that once joined the EPCI alone: the catalogue's délégation filter, a plan
// indicator limited to a délégation, and the territory's counts (as a reference that was always right).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, signIn, unique } from '../bookings_fixtures.mjs';
import { world } from '../plans/fixtures.mjs';

let server;
let w;
let border;  // { delegation, inside: commune, outside: commune of the same EPCI in another département }
before(async () => {
  server = await startTrame();
  w = world(server);
  const e = w.epci([1000, 2000]);
  const dep = w.sql(`SELECT departement_code FROM communes WHERE code = '${e.communes[0].code}'`);
  let other = w.sql(`SELECT MIN(code) FROM departements WHERE code <> '${dep}'`);
  if (!other) {
    other = dep === '35' ? '56' : '35';
    w.sql(`INSERT INTO departements (code, name, imported_at) VALUES ('${other}', 'Département voisin', 0)`);
  }
  w.sql(`UPDATE communes SET departement_code = '${other}' WHERE code = '${e.communes[1].code}'`);
  const name = unique('Délégation frontière');
  const delegation = w.sql(`INSERT INTO delegations (departement_code, name, created_at) VALUES ('${dep}', '${name}', 0) RETURNING id`);
  w.sql(`INSERT INTO delegation_epcis (delegation_id, epci_siren) VALUES (${delegation}, '${e.siren}')`);
  border = { delegation, name, inside: e.communes[0], outside: e.communes[1] };
});
after(async () => { await server?.stop(); });

test("the catalogue's délégation filter leaves out the venues of the EPCI's other département", async () => {
  // Noon UTC of a day ten days ahead: the same date in Paris at any hour of the run (now + 10 days from 23:00
  // UTC on is the next day in Paris, a day the period below would leave out).
  const day = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  const starts = Math.floor(Date.parse(`${day}T12:00:00Z`) / 1000);
  const titles = {};
  for (const side of ['inside', 'outside']) {
    const venue = w.organisation('cultural', border[side].code);
    const offer = w.offer(venue.id);
    titles[side] = w.sql(`SELECT title FROM outing_offers WHERE id = ${offer}`);
    w.slot(offer, starts);
  }
  const referent = await signIn(server, DEMO.referent);
  const page = await referent.get(`/sorties?delegation=${border.delegation}&du=${day}&au=${day}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(titles.inside), 'the venue of the délégation');
  assert.ok(!page.text.includes(titles.outside), 'not the venue of the same EPCI in another département');
  const all = await referent.get(`/sorties?du=${day}&au=${day}`);
  assert.ok(all.text.includes(titles.outside), 'the other venue is in the catalogue without the filter');
});

test('a plan indicator limited to the délégation counts the partners of its own département only', async () => {
  const org = w.organisation('social');
  const email = `${unique('coord.frontiere')}@trame.test`;
  addUser(server, email, 'coordinator', org.id);
  const c = await signIn(server, email, PASSWORD);
  await c.get('/plans/nouveau');
  const plan = await c.post('/plans/nouveau', { organisation: String(org.id), title: unique('Plan'), period_from: '2019-01-01', period_to: '2019-12-31', status: 'active' });
  assert.equal(plan.status, 303);
  const planId = plan.location.match(/(\d+)$/)[1];
  await c.get(`/plans/${planId}`);
  await c.post(`/plans/${planId}/axes`, { title: 'Axe' });
  const axis = w.sql(`SELECT id FROM plan_axes WHERE plan_id = ${planId}`);
  await c.get(`/plans/${planId}`);
  await c.post(`/plans/axes/${axis}/objectifs`, { title: 'Objectif' });
  const objective = w.sql(`SELECT id FROM plan_objectives WHERE axis_id = ${axis}`);
  await c.get(`/plans/${planId}`);
  const added = await c.post(`/plans/objectifs/${objective}/indicateurs`, { label: 'Partenariats de la délégation', kind: 'computed', catalogue_key: 'partnerships_new', delegation: String(border.delegation) });
  assert.equal(added.status, 303);
  assert.equal(w.sql(`SELECT filter_delegation_id FROM plan_indicators WHERE objective_id = ${objective}`), String(border.delegation));
  for (const side of ['inside', 'inside', 'outside']) {
    const partner = w.organisation('social', border[side].code);
    w.sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${org.id}, ${partner.id}, 'social_relay', 'active', '2019-03-01', 0, 0)`);
  }
  const page = (await c.get(`/plans/${planId}`)).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(page, /Partenariats de la délégation .*?Valeur actuelle 2 /);
});

test("the partnerships' yearly count by délégation counts the partners of its own département only", async () => {
  const org = w.organisation('social');
  const year = new Date().getUTCFullYear();
  for (const side of ['inside', 'inside', 'outside']) {
    const partner = w.organisation('social', border[side].code);
    w.sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${org.id}, ${partner.id}, 'social_relay', 'active', '${year}-01-02', 0, 0)`);
  }
  const admin = await signIn(server, DEMO.administrator);
  const page = await admin.get('/annuaire/partenariats');
  assert.equal(page.status, 200);
  const row = page.text.match(new RegExp(`>${border.name}</a></td><td>(\\d+)</td>`));
  assert.ok(row, 'the délégation has its row');
  assert.equal(row[1], '2');
});

test("the territory's délégation counts the communes of its own département only", async () => {
  const admin = await signIn(server, DEMO.administrator);
  const page = await admin.get(`/territoires/delegations/${border.delegation}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(border.inside.name));
  assert.ok(!page.text.includes(border.outside.name));
});
