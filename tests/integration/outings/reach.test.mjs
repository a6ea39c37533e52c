// Reach and dormant relais (/sorties/portee, /sorties/relais-en-sommeil): distinct people reached with
// « première sortie » vs « déjà venus » and small counts masked; a dormant relais listed, relaunched once
// (the e-mail reaches its onboarded referent through the outbox), a second relance within 30 days and a
// relance to a relais that left refused with nothing changed; partnerships ending soon; CSVs read back.
// Past outings are written straight into the database (a slot cannot be booked in the past over HTTP);
// every row the test counts belongs to relais it made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, mails, querySql, startTrame, waitForMail, parisYear } from '../harness.mjs';
import { PASSWORD, addUser, networkWideCoordinator, signIn, unique } from '../bookings_fixtures.mjs';

let server;
let coordinator;
const sql = (q) => querySql(server.database, q);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/\s+/g, ' ');
const at = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d, 12) / 1000);
const esc = (s) => s.replace(/'/g, "''");

before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);
  coordinator = await signIn(server, DEMO.coordinator);
});
after(async () => { await server?.stop(); });

const network = () => sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");

// A relais with a social-relay partnership of the network (status, start and end as given).
function relais({ status = 'active', start = '2000-01-01', end = '', archived = false } = {}) {
  const name = unique('Relais portée');
  const id = sql(`INSERT INTO organisations (name, kind, status, created_at, sector) VALUES ('${esc(name)}', 'social', '${archived ? 'archived' : 'active'}', 0, 'social') RETURNING id`);
  sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, end_date, created_at, updated_at) VALUES (${network()}, ${id}, 'social_relay', '${status}', '${start}', '${end}', 0, 0)`);
  return { id, name };
}

function referent(relaisId, { onboarded = true } = {}) {
  const email = `${unique('referent.portee')}@trame.test`;
  addUser(server, email, 'referent', relaisId);
  if (onboarded) sql(`UPDATE memberships SET onboarded_on = '2024-01-15' WHERE organisation_id = ${relaisId} AND user_id = (SELECT id FROM users WHERE email = '${email}')`);
  return email;
}

function slot(startsAt) {
  return sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES ((SELECT MIN(id) FROM outing_offers), ${startsAt}, 50, 0, 0, 0, 0, 0) RETURNING id`);
}

function person(relaisId, { qpv = 0 } = {}) {
  return sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, in_qpv, created_at, updated_at) VALUES ('${unique('P')}', ${relaisId}, (SELECT MIN(id) FROM users), '26-59', ${qpv}, 0, 0) RETURNING id`);
}

function booking(relaisId, personId, slotId, { status = 'used', places = 1, createdAt = 0 } = {}) {
  sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('B')}', ${slotId}, ${personId}, ${relaisId}, (SELECT MIN(id) FROM users), ${places - 1}, ${places}, '${status}', ${createdAt}, 0)`);
}

function csvRows(body) {
  return body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
}

const totals = async (q) => {
  const page = await coordinator.get(`/sorties/portee?${q}`);
  assert.equal(page.status, 200);
  const value = (id) => Number(page.text.match(new RegExp(`id="${id}">(\\d+)<`))[1]);
  return { people: value('reach-people'), first: value('reach-first'), returning: value('reach-returning'), places: value('reach-places'), inGroups: value('reach-in-groups'), page };
};

test('reach counts distinct people with a used booking, first outing vs returning, small groups masked', async () => {
  const q = 'du=2025-01-01&au=2025-12-31';
  const before = await totals(q);
  const r = relais();
  const earlier = slot(at(2024, 6, 10));
  const march = slot(at(2025, 3, 10));
  const may = slot(at(2025, 5, 12));
  const [p1, p2, p3, p4, p5] = [person(r.id), person(r.id), person(r.id), person(r.id), person(r.id, { qpv: 1 })];
  booking(r.id, p1, earlier);                  // p1 came in 2024: returning
  booking(r.id, p1, march, { places: 2 });
  booking(r.id, p2, march);                    // p2 twice in the period: one person
  booking(r.id, p2, may);
  booking(r.id, p3, may);
  booking(r.id, p4, may, { status: 'no_show' });  // not used: not reached
  booking(r.id, p5, march, { status: 'confirmed' });
  booking(r.id, p5, may);

  const after = await totals(q);
  assert.equal(after.people - before.people, 4);
  assert.equal(after.first - before.first, 3);
  assert.equal(after.returning - before.returning, 1);
  assert.equal(after.places - before.places, 6);
  // The relais' row: 4 people, 3 first outings, 1 returning masked as « < 3 », 6 places.
  const row = after.page.text.match(new RegExp(`<th scope="row">${r.name}</th>${'<td>([^<]*)</td>'.repeat(4)}`));
  assert.ok(row, 'the relais has its row');
  assert.deepEqual(row.slice(1, 5).map((c) => c.replace(/&lt;/g, '<')), ['4', '3', '< 3', '6']);

  // The period outside: nothing of this relais.
  const outside = await coordinator.get('/sorties/portee?du=2023-01-01&au=2023-12-31');
  assert.doesNotMatch(outside.text, new RegExp(r.name));
  // A period that is not one: a French message and the current year.
  const bad = await coordinator.get('/sorties/portee?du=2025-05-01&au=2025-04-01');
  assert.equal(bad.status, 200);
  assert.match(text(bad.text), /La période n'est pas valable/);

  // The CSV: the same row, masked, and the exact total.
  const csv = await coordinator.get(`/sorties/portee.csv?${q}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const rows = csvRows(csv.text);
  const line = rows.find((l) => l[1] === r.name);
  assert.deepEqual(line.slice(2), ['4', '3', '< 3', '6', '0']);
  assert.equal(Number(rows.find((l) => l[0] === 'Total')[2]), after.people);

  // Referents do not see the network's figures.
  const ref = await signIn(server, DEMO.referent);
  assert.equal((await ref.get('/sorties/portee')).status, 403);
});

// A used group booking (no beneficiary) and its arrived headcount, written like the others.
function groupBooking(relaisId, slotId, { status = 'used', places = 15, arrived = 12 } = {}) {
  const id = sql(`INSERT INTO bookings (code, kind, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('G')}', 'group', ${slotId}, NULL, ${relaisId}, (SELECT MIN(id) FROM users), 0, ${places}, '${status}', 0, 0) RETURNING id`);
  sql(`INSERT INTO outing_booking_groups (booking_id, age_6_11, staff, arrived) VALUES (${id}, ${places - 2}, 2, ${arrived})`);
}

test('people who came in groups are counted beside the distinct people, in the total and per relais', async () => {
  const q = 'du=2025-01-01&au=2025-12-31';
  const before = await totals(q);
  const withPeople = relais();
  const onlyGroups = relais();
  const june = slot(at(2025, 6, 14));
  booking(withPeople.id, person(withPeople.id), june);
  groupBooking(withPeople.id, june, { arrived: 12 });
  groupBooking(onlyGroups.id, june, { arrived: 9 });
  groupBooking(onlyGroups.id, june, { status: 'confirmed', arrived: 0 });  // not used: not counted
  groupBooking(onlyGroups.id, slot(at(2024, 6, 14)), { arrived: 7 });       // outside the period

  const after = await totals(q);
  assert.equal(after.people - before.people, 1, 'a group adds no distinct person');
  assert.equal(after.inGroups - before.inGroups, 21);
  const cells = (name) => after.page.text.match(new RegExp(`<th scope="row">${name}</th>${'<td>([^<]*)</td>'.repeat(5)}`)).slice(1).map((c) => c.replace(/&lt;/g, '<'));
  assert.deepEqual(cells(withPeople.name), ['< 3', '< 3', '0', '< 3', '12']);
  assert.deepEqual(cells(onlyGroups.name), ['0', '0', '0', '0', '9'], 'a relais that came only in groups has its line');

  const rows = csvRows((await coordinator.get(`/sorties/portee.csv?${q}`)).text);
  assert.deepEqual(rows.find((l) => l[1] === onlyGroups.name).slice(2), ['0', '0', '0', '0', '9']);
  assert.equal(Number(rows.find((l) => l[0] === 'Total')[6]), after.inGroups);
});

// Per branch of the relais (the demo's two branches): the head office's consolidated figures, groups beside.
test('reach per branch: each relais counts in its branch, relais in no branch apart, groups beside', async () => {
  const q = 'du=2017-01-01&au=2017-12-31';  // a year no other test writes
  const branch = (name) => sql(`SELECT id FROM network_branches WHERE name = '${esc(name)}'`);
  const in94 = relais();
  const in44 = relais();
  sql(`UPDATE organisations SET branch_id = ${branch('Cultures du Cœur 94')} WHERE id = ${in94.id}`);
  sql(`UPDATE organisations SET branch_id = ${branch('Cultures du Cœur 44')} WHERE id = ${in44.id}`);
  const march = slot(at(2017, 3, 18));
  for (let i = 0; i < 3; i++) booking(in94.id, person(in94.id), march);
  for (let i = 0; i < 4; i++) booking(in44.id, person(in44.id), march);
  groupBooking(in44.id, march, { arrived: 10 });

  const { page } = await totals(q);
  const section = page.text.slice(page.text.indexOf('id="branch-title"'));
  const table = section.slice(0, section.indexOf('</section>'));
  const cells = (name) => table.match(new RegExp(`<th scope="row">${name}</th>${'<td>([^<]*)</td>'.repeat(5)}`)).slice(1);
  assert.deepEqual(cells('Cultures du Cœur 94'), ['3', '3', '0', '3', '0']);
  assert.deepEqual(cells('Cultures du Cœur 44'), ['4', '4', '0', '4', '10']);
  const rows = csvRows((await coordinator.get(`/sorties/portee.csv?${q}`)).text);
  assert.deepEqual(rows.find((l) => l[0] === 'Antenne' && l[1] === 'Cultures du Cœur 44').slice(2), ['4', '4', '0', '4', '10']);
});

test('a dormant relais is listed, relaunched once, and a relance within 30 days is refused', async () => {
  const r = relais();
  const email = referent(r.id);
  const notOnboarded = referent(r.id, { onboarded: false });
  const active = relais();
  booking(active.id, person(active.id), slot(at(2025, 3, 10)), { createdAt: Math.floor(Date.now() / 1000) });

  const page = await coordinator.get('/sorties/relais-en-sommeil');
  assert.equal(page.status, 200);
  const t = text(page.text);
  assert.match(t, new RegExp(`${r.name} Aucune réservation ; partenaire depuis le 01/01/2000`));
  assert.doesNotMatch(t, new RegExp(active.name));

  const relaunch = `/sorties/relais-en-sommeil/${r.id}/relancer`;
  let res = await coordinator.post(relaunch, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/sorties/relais-en-sommeil');
  assert.match(text((await coordinator.get(res.location)).text), /Relance envoyée .*1 courriel/);
  const mail = await waitForMail((m) => m.to === email);
  assert.match(mail.body, new RegExp(r.name.replace(/-/g, '\\-')));
  assert.equal(sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id} AND recipients = 1`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${notOnboarded}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'outings.relais.relaunched' AND subject = 'organisation:${r.id}'`), '1');

  // A second relance within 30 days: refused with the date, nothing changed.
  const before = [sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id}`),
    sql(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${email}'`), sql(`SELECT at FROM outing_relaunch_last WHERE organisation_id = ${r.id}`)];
  res = await coordinator.post(relaunch, { _submission: unique('s') });
  assert.equal(res.status, 409);
  assert.match(text(res.text), new RegExp(`a déjà été relancé le \\d\\d/\\d\\d/\\d{4} : une relance au plus tous les 30 jours`));
  assert.deepEqual([sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id}`),
    sql(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${email}'`), sql(`SELECT at FROM outing_relaunch_last WHERE organisation_id = ${r.id}`)], before);
  assert.equal(mails().filter((m) => m.to === email).length, 1);

  // The CSV lists it with its referent and the relance.
  const csv = await coordinator.get('/sorties/relais-en-sommeil.csv');
  assert.equal(csv.status, 200);
  const line = csvRows(csv.text).find((l) => l[0] === r.name);
  assert.ok(line, 'the dormant relais is in the CSV');
  assert.equal(line[2], '2000-01-01');
  assert.match(line[3], /Test referent\.portee/);
  assert.match(line[4], /\d\d\/\d\d\/\d{4}/);
});

test('a relance to a relais that left, or without an onboarded referent, is refused and changes nothing', async () => {
  const ended = relais({ status: 'ended', end: '2024-12-31' });
  referent(ended.id);
  const archived = relais({ archived: true });
  referent(archived.id);
  const alone = relais();
  referent(alone.id, { onboarded: false });
  const cases = [[ended, /n'est plus un relais partenaire/], [archived, /n'est plus un relais partenaire/],
    [alone, /n'a aucun référent formé/]];
  for (const [r, message] of cases) {
    const res = await coordinator.post(`/sorties/relais-en-sommeil/${r.id}/relancer`, { _submission: unique('s') });
    assert.equal(res.status, 422, r.name);
    assert.match(text(res.text), message);
    assert.match(res.text, /role="alert"/);
    assert.equal(sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id}`), '0');
    assert.equal(sql(`SELECT COUNT(*) FROM outing_relaunch_last WHERE organisation_id = ${r.id}`), '0');
  }
  const page = text((await coordinator.get('/sorties/relais-en-sommeil')).text);
  assert.doesNotMatch(page, new RegExp(ended.name));
  assert.doesNotMatch(page, new RegExp(archived.name));
  // An organisation that does not exist: 404.
  assert.equal((await coordinator.post('/sorties/relais-en-sommeil/99999999/relancer', { _submission: unique('s') })).status, 404);
});

test('partnerships ending within 60 days and new partnerships by sector are shown', async () => {
  const soon = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  const late = new Date(Date.now() + 90 * 86400000).toISOString().slice(0, 10);
  const ending = relais({ start: '2024-01-01', end: soon });
  const later = relais({ start: '2024-01-01', end: late });
  const year = parisYear();
  const fresh = relais({ start: `${year}-02-01` });
  const page = text((await coordinator.get('/sorties/relais-en-sommeil')).text);
  const section = page.slice(page.indexOf('Partenariats qui se terminent'));
  assert.match(section, new RegExp(`${ending.name} Cultures du Cœur 94`));
  assert.doesNotMatch(section, new RegExp(later.name));
  assert.match(page, new RegExp(`Nouveaux partenariats de relais sociaux par secteur Objectif annuel de nouveaux partenariats : 20\\.`));
  assert.match(page, /Social \d+ [1-9]\d*/);
  assert.ok(fresh.id);

  // The coordinator's dashboard shows the panel with links to both pages.
  const dash = await coordinator.get('/tableau-de-bord');
  assert.match(dash.text, /href="\/sorties\/portee"/);
  assert.match(dash.text, /href="\/sorties\/relais-en-sommeil"/);
  assert.match(text(dash.text), /relais en sommeil \(sans réservation depuis 6 mois\)/);
});

test('relances fired together for one relais send one', async () => {
  const r = relais();
  const email = referent(r.id);
  await coordinator.get('/sorties/relais-en-sommeil');
  const answers = await Promise.all(Array.from({ length: 6 }, () =>
    coordinator.post(`/sorties/relais-en-sommeil/${r.id}/relancer`, { _submission: unique('s') })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [303, 409, 409, 409, 409, 409]);
  assert.equal(sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id}`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${email}'`), '1');
});

test("a délégation-limited coordinator sees only the relais of their délégation", async () => {
  const r = relais();
  referent(r.id);
  booking(r.id, person(r.id), slot(at(2025, 3, 10)));
  const email = `${unique('coordination.portee')}@trame.test`;
  const departement = sql("SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'");
  addUser(server, email, 'coordinator', departement);
  sql(`UPDATE memberships SET delegation_id = (SELECT MIN(id) FROM delegations) WHERE user_id = (SELECT id FROM users WHERE email = '${email}')`);
  const limited = await signIn(server, email, PASSWORD);
  const reach = await limited.get('/sorties/portee?du=2025-01-01&au=2025-12-31');
  assert.equal(reach.status, 200);
  assert.doesNotMatch(reach.text, new RegExp(r.name));
  assert.doesNotMatch((await limited.get('/sorties/relais-en-sommeil')).text, new RegExp(r.name));
  await limited.get('/sorties/relais-en-sommeil');
  const res = await limited.post(`/sorties/relais-en-sommeil/${r.id}/relancer`, { _submission: unique('s') });
  assert.equal(res.status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM outing_relaunches WHERE organisation_id = ${r.id}`), '0');
  // The network-wide coordinator sees it.
  assert.match((await coordinator.get('/sorties/portee?du=2025-01-01&au=2025-12-31')).text, new RegExp(r.name));
});
