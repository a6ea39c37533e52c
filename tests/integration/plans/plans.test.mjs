// Plans (/plans; docs/plans.md « Plans »): a coordinator creates a plan of their organisation, its axes,
// objectives and indicators; bad input changes nothing; another organisation's plan answers 404; a
// computed indicator (new partnerships, places used, people in QPV) follows the rows this test writes
// (organisations of its own, a period no other test uses: 2019); a manual measure keeps its source;
// the demo plan of seed 004 shows its four axes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, flashError, signIn, unique } from '../bookings_fixtures.mjs';

let server;
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

function organisation() {
  const name = unique('Structure plans');
  const id = sql(`INSERT INTO organisations (name, kind, status, created_at, sector) VALUES ('${esc(name)}', 'social', 'active', 0, 'social') RETURNING id`);
  return { id, name };
}

async function coordinatorOf(org) {
  const email = `${unique('coord.plans')}@trame.test`;
  addUser(server, email, 'coordinator', org.id);
  return signIn(server, email, PASSWORD);
}

const flash = (html) => flashError(html).replace(/&apos;|&#39;/g, "'");
const count = (table, where) => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

async function createPlan(c, org, fields = {}) {
  await c.get('/plans/nouveau');
  return c.post('/plans/nouveau', { organisation: String(org.id), title: unique('Plan'), period_from: '2019-01-01', period_to: '2019-12-31', status: 'active', ...fields });
}

let orgA, orgB, a, b;

before(async () => {
  server = await startTrame();
  orgA = organisation();
  orgB = organisation();
  a = await coordinatorOf(orgA);
  b = await coordinatorOf(orgB);
});
after(async () => { await server?.stop(); });

test('a coordinator creates a plan of their organisation; bad input changes nothing', async () => {
  const before = count('plans', `organisation_id = ${orgA.id}`);
  const bad = await createPlan(a, orgA, { title: '  ' });
  assert.equal(bad.status, 422);
  assert.match(text(bad.text), /Donnez un titre au plan/);
  const reversed = await createPlan(a, orgA, { period_from: '2019-12-31', period_to: '2019-01-01' });
  assert.equal(reversed.status, 422);
  assert.match(text(reversed.text), /La fin de la période doit suivre son début/);
  const elsewhere = await createPlan(a, orgB);
  assert.equal(elsewhere.status, 422, 'not in an organisation of another');
  assert.equal(count('plans', `organisation_id IN (${orgA.id}, ${orgB.id})`), before);

  const ok = await createPlan(a, orgA, { title: 'Plan de test A' });
  assert.equal(ok.status, 303);
  const id = ok.location.match(/^\/plans\/(\d+)$/)[1];
  assert.equal(count('plans', `organisation_id = ${orgA.id}`), before + 1);
  const list = await a.get('/plans');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/plans/${id}">Plan de test A<`));
  assert.ok(count('audit_log', `action = 'plans.create' AND subject = 'plan:${id}'`) === 1);

  // Another organisation's coordinator: 404 everywhere, nothing changed.
  assert.equal((await b.get(`/plans/${id}`)).status, 404);
  assert.equal((await b.get(`/plans/${id}/modifier`)).status, 404);
  await b.get('/plans');
  assert.equal((await b.post(`/plans/${id}/axes`, { title: 'Intrus' })).status, 404);
  assert.equal(count('plan_axes', `plan_id = ${id}`), 0);
  assert.doesNotMatch((await b.get('/plans')).text, /Plan de test A/);
});

test('a computed indicator follows the data; a manual one keeps its measures and their source', async () => {
  const created = await createPlan(a, orgA, { title: 'Plan calculé' });
  const planId = created.location.match(/(\d+)$/)[1];
  await a.get(`/plans/${planId}`);
  const emptyAxis = await a.post(`/plans/${planId}/axes`, { title: '' });
  assert.equal(emptyAxis.status, 303);
  assert.match(flash((await a.get(emptyAxis.location)).text), /Donnez un titre à l'axe/);
  assert.equal(count('plan_axes', `plan_id = ${planId}`), 0);
  assert.equal((await a.post(`/plans/${planId}/axes`, { title: 'Axe réseau', summary: 'Développer le réseau' })).status, 303);
  const axisId = sql(`SELECT id FROM plan_axes WHERE plan_id = ${planId}`);
  await a.get(`/plans/${planId}`);
  assert.equal((await a.post(`/plans/axes/${axisId}/objectifs`, { title: 'Vingt partenariats' })).status, 303);
  const objectiveId = sql(`SELECT id FROM plan_objectives WHERE axis_id = ${axisId}`);

  // Bad indicators: nothing added.
  await a.get(`/plans/${planId}`);
  for (const bad of [
    { label: 'Sans clé', kind: 'computed', catalogue_key: 'inconnu' },
    { label: 'Filtre refusé', kind: 'computed', catalogue_key: 'partnerships_new', qpv_only: '1' },
    { label: 'Cible', kind: 'manual', target: 'vingt' },
  ]) {
    const r = await a.post(`/plans/objectifs/${objectiveId}/indicateurs`, bad);
    assert.equal(r.status, 303);
    assert.ok(flashError((await a.get(r.location)).text), `refused: ${bad.label}`);
  }
  assert.equal(count('plan_indicators', `objective_id = ${objectiveId}`), 0);

  await a.post(`/plans/objectifs/${objectiveId}/indicateurs`, { label: 'Nouveaux partenariats', kind: 'computed', catalogue_key: 'partnerships_new', unit: 'partenariats', target: '4' });
  const valueOf = async (label) => {
    const page = text((await a.get(`/plans/${planId}`)).text);
    const m = page.match(new RegExp(`${label} .*?Valeur actuelle (\\S+)`));
    return { value: m && m[1], page };
  };
  assert.equal((await valueOf('Nouveaux partenariats')).value, '0');
  // Two social partnerships of organisation A started in 2019, one proposed (not counted), one in 2020.
  const relais = () => organisation().id;
  const partnership = (status, start) => sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${orgA.id}, ${relais()}, 'social_relay', '${status}', '${start}', 0, 0)`);
  partnership('active', '2019-03-01');
  partnership('ended', '2019-11-30');
  partnership('proposed', '2019-05-01');
  partnership('active', '2020-01-01');
  const now = await valueOf('Nouveaux partenariats');
  assert.equal(now.value, '2');
  assert.match(now.page, /Progression : 50 % de la cible/);

  // Places used and people reached (QPV only) at outings of 2019 booked by a relais of organisation A.
  await a.get(`/plans/${planId}`);
  await a.post(`/plans/objectifs/${objectiveId}/indicateurs`, { label: 'Places utilisées', kind: 'computed', catalogue_key: 'places_used' });
  await a.post(`/plans/objectifs/${objectiveId}/indicateurs`, { label: 'Personnes en QPV', kind: 'computed', catalogue_key: 'people_reached', qpv_only: '1' });
  assert.equal((await valueOf('Places utilisées')).value, '0');
  const r = organisation().id;
  sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${orgA.id}, ${r}, 'social_relay', 'active', '2018-01-01', 0, 0)`);
  const at = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d, 12) / 1000);
  const slot = (t) => sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES ((SELECT MIN(id) FROM outing_offers), ${t}, 50, 0, 0, 0, 0, 0) RETURNING id`);
  const person = (qpv) => sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, in_qpv, created_at, updated_at) VALUES ('${unique('P')}', ${r}, (SELECT MIN(id) FROM users), '26-59', ${qpv}, 0, 0) RETURNING id`);
  const booking = (p, s, status, places) => sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('B')}', ${s}, ${p}, ${r}, (SELECT MIN(id) FROM users), ${places - 1}, ${places}, '${status}', 0, 0)`);
  const june = slot(at(2019, 6, 10));
  const [p1, p2, p3] = [person(1), person(0), person(1)];
  booking(p1, june, 'used', 3);
  booking(p2, june, 'used', 1);
  booking(p3, june, 'no_show', 2);                  // not used
  booking(p1, slot(at(2020, 2, 1)), 'used', 4);     // outside the period
  assert.equal((await valueOf('Places utilisées')).value, '4');
  assert.equal((await valueOf('Personnes en QPV')).value, '1');

  // A manual indicator: a measure needs its source.
  await a.post(`/plans/objectifs/${objectiveId}/indicateurs`, { label: 'Stages organisés', kind: 'manual', unit: 'stages', target: '3' });
  const manualId = sql(`SELECT id FROM plan_indicators WHERE objective_id = ${objectiveId} AND kind = 'manual'`);
  await a.get(`/plans/${planId}`);
  const noSource = await a.post(`/plans/indicateurs/${manualId}/mesures`, { value: '2', on_date: '2019-06-30', source: ' ' });
  assert.match(flash((await a.get(noSource.location)).text), /Indiquez la source/);
  const badValue = await a.post(`/plans/indicateurs/${manualId}/mesures`, { value: 'deux', on_date: '2019-06-30', source: 'Bilan' });
  assert.match(flash((await a.get(badValue.location)).text), /doit être un nombre/);
  assert.equal(count('plan_measures', `indicator_id = ${manualId}`), 0);
  const ok = await a.post(`/plans/indicateurs/${manualId}/mesures`, { value: '2', on_date: '2019-06-30', source: 'Bilan du comité de pilotage' });
  assert.equal(ok.status, 303);
  assert.equal(count('plan_measures', `indicator_id = ${manualId}`), 1);
  const page = await valueOf('Stages organisés');
  assert.equal(page.value, '2');
  assert.match(page.page, /Bilan du comité de pilotage/);
  assert.match(page.page, /Progression : 66 % de la cible/);
  // A computed indicator takes no measure.
  const computedId = sql(`SELECT MIN(id) FROM plan_indicators WHERE objective_id = ${objectiveId} AND kind = 'computed'`);
  await a.post(`/plans/indicateurs/${computedId}/mesures`, { value: '2', on_date: '2019-06-30', source: 'x' });
  assert.equal(count('plan_measures', `indicator_id = ${computedId}`), 0);
  assert.equal(count('audit_log', `action = 'plans.measure.create' AND subject = 'plan:${planId}'`), 1);

  // Removing the objective removes its indicators and their measures.
  await a.get(`/plans/${planId}`);
  assert.equal((await a.post(`/plans/objectifs/${objectiveId}/supprimer`, {})).status, 303);
  assert.equal(count('plan_indicators', `objective_id = ${objectiveId}`), 0);
  assert.equal(count('plan_measures', `indicator_id = ${manualId}`), 0);
});

test('the demo plan of seed 004 shows its four axes', async () => {
  const admin = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  const list = await admin.get('/plans');
  const m = list.text.match(/href="(\/plans\/\d+)">Perspectives 2023-2024</);
  assert.ok(m, 'the demo plan is listed');
  const page = await admin.get(m[1]);
  assert.equal(page.status, 200);
  const axes = [...page.text.matchAll(/<h2 id="axis-\d+">Axe (\d) —/g)].map((x) => x[1]);
  assert.deepEqual(axes, ['1', '2', '3', '4']);
  assert.match(text(page.text), /au moins une vingtaine de partenariats sociaux supplémentaires/i);
  assert.match(text(page.text), /Bilan du projet Horizon 2024/);
  // The network's own coordinator sees it; a coordinator of another organisation does not.
  const own = await signIn(server, 'animation@culturesducoeur94.local', 'trame-demo-2026');
  assert.equal((await own.get(m[1])).status, 200);
  assert.equal((await a.get(m[1])).status, 404);
});
