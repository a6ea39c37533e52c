// The reach of a whole calendar year (/sorties/portee and its CSV) read from the figures kept by triggers
// (migration 0086, issue 22): bookings of various statuses, then cancelled, made used, deleted, moved to another
// relais, another year (the slot) or with other places; a person moving commune and QPV; a relais changing
// branch. After each round, the page and the CSV of 2011 and 2012 (years no other data has) are checked against
// figures computed here from the rows the test made, and against the bookings' own count (the period
// 1 January – 30 December, which no kept figure serves, gives the same CSV: no slot falls on 31 December), for
// the whole network, a branch-limited coordinator and a délégation-limited one (session 18: their relais cross
// branches; read from the per-relais rows). Session 19: periods other than a calendar year (from a month's first
// day or from the middle of a month, across a year's end) read their bookings once and « première sortie » from
// the kept first year and months (session 24: from the person's first outing kept on their row, migration 0097,
// with bookings moved to another person or slot); checked the same way against the model for the three
// coordinators.
// Past outings are written straight into the database (a slot cannot be booked in the past over HTTP).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, networkWideCoordinator, signIn, unique } from '../bookings_fixtures.mjs';

let server;
let coordinator;
let branchCoordinator;  // limited to the branch « Cultures du Cœur 94 »
let delegationCoordinator;  // limited to the délégation of the test's relais A and C (branches 94 and 44)
const inScope = new Set();  // the relais the délégation coordinator sees among the test's
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");
const at = (y, m, d, h = 12, min = 0) => Math.floor(Date.UTC(y, m - 1, d, h, min) / 1000);
const masked = (n) => (n === 1 || n === 2 ? '< 3' : String(n));

before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);
  coordinator = await signIn(server, DEMO.coordinator);
});
after(async () => { await server?.stop(); });

function csvRows(body) {
  return body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

// The model: what the test wrote, from which it computes the page's figures.
const relaisOf = {};   // id → { name, branch: { id, name } | null }
const personOf = {};   // id → { commune, qpv }
const bookingsOf = {}; // id → { person, relais, slot, status, places }
const slotYear = {};   // slot id → Paris year of its start
const slotAt = {};     // slot id → its start (unix seconds)
const groups = [];     // { relais, slot, arrived } (used group bookings)

const network = () => sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
const branchOf = (name) => ({ id: sql(`SELECT id FROM network_branches WHERE name = '${esc(name)}'`), name });

function relais(branch, commune = null) {
  const name = unique('Relais chiffres');
  const id = sql(`INSERT INTO organisations (name, kind, status, created_at, sector, commune_code${branch ? ', branch_id' : ''}) VALUES ('${esc(name)}', 'social', 'active', 0, 'social', ${commune ? `'${commune}'` : 'NULL'}${branch ? `, ${branch.id}` : ''}) RETURNING id`);
  sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, end_date, created_at, updated_at) VALUES (${network()}, ${id}, 'social_relay', 'active', '2000-01-01', '', 0, 0)`);
  relaisOf[id] = { name, branch };
  return id;
}

function slot(startsAt, year) {
  const id = sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES ((SELECT MIN(id) FROM outing_offers), ${startsAt}, 50, 0, 0, 0, 0, 0) RETURNING id`);
  slotYear[id] = year;
  slotAt[id] = startsAt;
  return id;
}

function person(relaisId, commune, qpv = 0) {
  const id = sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, in_qpv, commune_code, created_at, updated_at) VALUES ('${unique('P')}', ${relaisId}, (SELECT MIN(id) FROM users), '26-59', ${qpv}, ${commune ? `'${commune}'` : 'NULL'}, 0, 0) RETURNING id`);
  personOf[id] = { commune, qpv };
  return id;
}

function booking(relaisId, personId, slotId, { status = 'used', places = 1 } = {}) {
  const id = sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, cancel_reason, created_at, updated_at) VALUES ('${unique('B')}', ${slotId}, ${personId}, ${relaisId}, (SELECT MIN(id) FROM users), ${places - 1}, ${places}, '${status}', '${status === 'cancelled' ? 'referent' : ''}', 0, 0) RETURNING id`);
  bookingsOf[id] = { person: personId, relais: relaisId, slot: slotId, status, places };
  return id;
}

function groupBooking(relaisId, slotId, arrived) {
  const id = sql(`INSERT INTO bookings (code, kind, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('G')}', 'group', ${slotId}, NULL, ${relaisId}, (SELECT MIN(id) FROM users), 0, ${arrived + 2}, 'used', 0, 0) RETURNING id`);
  sql(`INSERT INTO outing_booking_groups (booking_id, age_6_11, staff, arrived) VALUES (${id}, ${arrived}, 2, ${arrived})`);
  groups.push({ relais: relaisId, slot: slotId, arrived });
}

// Where a commune lies: its EPCI and the délégations of its EPCI in its département, as the page joins them.
function territory(commune) {
  if (!commune) return { epci: ['', ''], delegations: [['', '']] };
  const row = sql(`SELECT COALESCE(c.epci_siren, '') || '|' || COALESCE(e.name, '') FROM communes c LEFT JOIN epcis e ON e.siren = c.epci_siren WHERE c.code = '${commune}'`);
  const [siren, epciName] = row.split('|');
  const dels = sql(`SELECT DISTINCT COALESCE(CAST(d.id AS TEXT), '') || '|' || COALESCE(d.name, '') FROM communes c LEFT JOIN delegation_epcis de ON de.epci_siren = c.epci_siren LEFT JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = c.departement_code WHERE c.code = '${commune}'`);
  return { epci: [siren, epciName], delegations: dels.split('\n').filter((l) => l !== '').map((l) => l.split('|')) };
}

// The CSV the page should give for a year, from the model (rows sorted: the order of equal counts is the
// engine's).
// `seen`: the relais the reader sees (all of them when absent); a first outing counts every relais.
function expectedCsv(year, seen = null) {
  return expectedPeriod(parisDay(year, 1, 1), parisDay(year + 1, 1, 1), seen);
}

// Midnight in Paris of a day (winter time from November to March, summer time from April to October: the
// test's periods start away from the changes).
function parisDay(y, m, d) {
  return at(y, m, d, 0) - (m >= 4 && m <= 10 ? 7200 : 3600);
}

// The same for the period [from, to): a person's first outing is their earliest used booking's slot start.
function expectedPeriod(from, to, seen = null) {
  const used = Object.values(bookingsOf).filter((b) => b.status === 'used');
  const firstAt = {};
  for (const b of used) firstAt[b.person] = Math.min(firstAt[b.person] ?? Infinity, slotAt[b.slot]);
  const within = (slotId) => slotAt[slotId] >= from && slotAt[slotId] < to;
  const inYear = used.filter((b) => within(b.slot) && (!seen || seen.has(b.relais)));
  const lines = new Map();  // "dimension|key" → { label, people:Set, places, inGroups }
  const add = (dimension, key, label, b) => {
    const k = `${dimension}|${key}`;
    if (!lines.has(k)) lines.set(k, { dimension, label, people: new Set(), places: 0, inGroups: 0 });
    const l = lines.get(k);
    if (b.person) { l.people.add(b.person); l.places += b.places; } else l.inGroups += b.arrived;
  };
  for (const b of inYear) {
    const r = relaisOf[b.relais];
    const p = personOf[b.person];
    add('Total', '', 'Tous', b);
    add('Relais', b.relais, r.name, b);
    add('Antenne', r.branch ? r.branch.id : '', r.branch ? r.branch.name : 'Hors antenne (relais qui ne relèvent d\'aucune antenne)', b);
    add('QPV', String(p.qpv), p.qpv ? "Habitants d'un QPV" : 'Hors QPV ou non renseigné', b);
    const t = territory(p.commune);
    add('EPCI', t.epci[0], t.epci[0] && t.epci[1] ? t.epci[1] : 'Commune non renseignée', b);
    for (const [id, name] of t.delegations) add('Délégation', id, id && name ? name : 'Sans délégation', b);
  }
  for (const g of groups.filter((x) => within(x.slot) && (!seen || seen.has(x.relais)))) {
    const r = relaisOf[g.relais];
    add('Total', '', 'Tous', g);
    add('Relais', g.relais, r.name, g);
    add('Antenne', r.branch ? r.branch.id : '', r.branch ? r.branch.name : 'Hors antenne (relais qui ne relèvent d\'aucune antenne)', g);
  }
  if (!lines.has('Total|')) lines.set('Total|', { dimension: 'Total', label: 'Tous', people: new Set(), places: 0, inGroups: 0 });
  const branches = [...lines.keys()].filter((k) => k.startsWith('Antenne|'));
  if (branches.length === 1 && branches[0] === 'Antenne|') lines.delete('Antenne|');
  const rows = [];
  for (const l of lines.values()) {
    const people = l.people.size;
    const first = [...l.people].filter((p) => firstAt[p] >= from).length;
    const show = l.dimension === 'Total' ? String : masked;
    const groupsCell = l.dimension === 'Total' ? String(l.inGroups)
      : (l.dimension === 'Relais' || l.dimension === 'Antenne' ? masked(l.inGroups) : '');
    rows.push([l.dimension, l.label, show(people), show(first), show(people - first), show(l.places), groupsCell]);
  }
  return rows.map((r) => r.join(';')).sort();
}

// Periods no kept count serves: from a month's first day, from inside a month (before, between and after the
// test's outings of March 2012), across the end of 2011, from 1 January to 30 December.
const PERIODS = [
  [[2012, 3, 5], [2012, 5, 12]],
  [[2012, 3, 11], [2012, 6, 30]],
  [[2012, 3, 10], [2012, 3, 31]],
  [[2012, 4, 1], [2012, 6, 30]],
  [[2012, 2, 1], [2012, 3, 31]],
  [[2011, 6, 1], [2012, 3, 31]],
  [[2011, 11, 15], [2012, 4, 20]],
  [[2012, 1, 1], [2012, 12, 30]],
];
const iso = ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

async function checkPeriods(round) {
  const inBranch = new Set(Object.keys(relaisOf).filter((id) => relaisOf[id].branch?.name === 'Cultures du Cœur 94'));
  for (const [du, au] of PERIODS) {
    const from = parisDay(...du);
    const to = parisDay(au[0], au[1], au[2]) + 86400;
    const query = `/sorties/portee.csv?du=${iso(du)}&au=${iso(au)}`;
    for (const [who, reader, seen] of [['network', coordinator, null], ['branch', branchCoordinator, inBranch], ['délégation', delegationCoordinator, inScope]]) {
      const res = await reader.get(query);
      assert.equal(res.status, 200);
      assert.deepEqual(csvRows(res.text).slice(1).map((r) => r.join(';')).sort(), expectedPeriod(from, to, seen),
        `${round}: the ${who} CSV of ${iso(du)} – ${iso(au)}`);
    }
  }
}

async function check(round) {
  await checkPeriods(round);
  for (const year of [2011, 2012]) {
    // A coordinator limited to a branch reads the branch's kept figures: the same as the bookings' count.
    const branchWhole = await branchCoordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-31`);
    const branchCounted = await branchCoordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-30`);
    assert.equal(branchWhole.status, 200);
    assert.equal(branchWhole.text, branchCounted.text, `${round}: the branch's kept figures for ${year}`);
    // A délégation-limited coordinator: the kept rows of their relais, the model's figures and the bookings'.
    const delegationWhole = await delegationCoordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-31`);
    assert.equal(delegationWhole.status, 200);
    assert.ok(expectedCsv(year, inScope).some((l) => l.startsWith('Relais;')), `${round}: the délégation has relais in ${year}`);
    assert.deepEqual(csvRows(delegationWhole.text).slice(1).map((r) => r.join(';')).sort(), expectedCsv(year, inScope),
      `${round}: the délégation's CSV of ${year}`);
    const delegationCounted = await delegationCoordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-30`);
    assert.equal(delegationWhole.text, delegationCounted.text, `${round}: the délégation's kept figures for ${year}`);
    const delegationPage = await delegationCoordinator.get(`/sorties/portee?du=${year}-01-01&au=${year}-12-31`);
    assert.equal(delegationPage.status, 200);
    const whole = await coordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-31`);
    assert.equal(whole.status, 200);
    const rows = csvRows(whole.text);
    assert.deepEqual(rows.slice(1).map((r) => r.join(';')).sort(), expectedCsv(year), `${round}: the CSV of ${year}`);
    // The bookings' own count (a period the kept figures do not serve) gives the same CSV, in the same order.
    const counted = await coordinator.get(`/sorties/portee.csv?du=${year}-01-01&au=${year}-12-30`);
    assert.equal(counted.text, whole.text, `${round}: kept figures and bookings agree for ${year}`);
    // The page: the totals and the relais' rows.
    const page = await coordinator.get(`/sorties/portee?du=${year}-01-01&au=${year}-12-31`);
    assert.equal(page.status, 200);
    const total = rows.find((r) => r[0] === 'Total');
    // The page read the kept figures (their total is the page's).
    assert.equal(sql(`SELECT people FROM outing_reach_counts WHERE year = ${year} AND scope = 'all' AND dimension = 'total' AND group_key = ''`), total[2]);
    const value = (id) => page.text.match(new RegExp(`id="${id}">(\\d+)<`))[1];
    assert.deepEqual([value('reach-people'), value('reach-first'), value('reach-returning'), value('reach-places'), value('reach-in-groups')],
      total.slice(2), `${round}: the page's totals for ${year}`);
    for (const r of rows.filter((x) => x[0] === 'Relais')) {
      const cells = page.text.match(new RegExp(`<th scope="row">${r[1]}</th>${'<td>([^<]*)</td>'.repeat(5)}`));
      assert.ok(cells, `${round}: ${r[1]} has its row in ${year}`);
      assert.deepEqual(cells.slice(1).map((c) => c.replace(/&lt;/g, '<')), r.slice(2), `${round}: ${r[1]} in ${year}`);
    }
  }
}

test('the reach of a whole year follows bookings, slots, people and branches exactly', async () => {
  // Years no other row has.
  assert.equal(sql(`SELECT COUNT(*) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id WHERE s.starts_at >= ${at(2010, 12, 1)} AND s.starts_at < ${at(2013, 2, 1)}`), '0');
  const inDelegation = sql('SELECT MIN(c.code) FROM communes c JOIN delegation_epcis de ON de.epci_siren = c.epci_siren JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = c.departement_code');
  const elsewhere = sql(`SELECT MIN(c.code) FROM communes c WHERE c.epci_siren IS NOT NULL AND c.epci_siren <> (SELECT epci_siren FROM communes WHERE code = '${inDelegation}')`);
  assert.ok(inDelegation && elsewhere, 'the demo has communes in and out of a délégation');
  const b94 = branchOf('Cultures du Cœur 94');
  const b44 = branchOf('Cultures du Cœur 44');
  const email = `${unique('coordination.antenne')}@trame.test`;
  addUser(server, email, 'coordinator', network());
  sql(`UPDATE memberships SET branch_id = ${b94.id} WHERE role = 'coordinator' AND user_id = (SELECT id FROM users WHERE email = '${email}')`);
  branchCoordinator = await signIn(server, email, PASSWORD);
  const delegation = sql(`SELECT MIN(d.id) FROM communes c JOIN delegation_epcis de ON de.epci_siren = c.epci_siren JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = c.departement_code WHERE c.code = '${inDelegation}'`);
  const delegationEmail = `${unique('coordination.delegation')}@trame.test`;
  addUser(server, delegationEmail, 'coordinator', network());
  sql(`UPDATE memberships SET delegation_id = ${delegation} WHERE role = 'coordinator' AND user_id = (SELECT id FROM users WHERE email = '${delegationEmail}')`);
  delegationCoordinator = await signIn(server, delegationEmail, PASSWORD);
  const A = relais(b94, inDelegation);
  const outside = sql(`SELECT MIN(c.code) FROM communes c WHERE NOT EXISTS (SELECT 1 FROM delegation_epcis de JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = c.departement_code WHERE de.epci_siren = c.epci_siren AND d.id = ${delegation})`);
  const B = relais(null, outside);
  const C = relais(b44, inDelegation);
  inScope.add(A).add(C);

  const s11 = slot(at(2011, 6, 10), 2011);
  const s12a = slot(at(2012, 3, 10), 2012);
  const s12b = slot(at(2012, 5, 12), 2012);
  const newYear = slot(at(2011, 12, 31, 23, 30), 2012);  // 1 January 2012, 00:30 in Paris
  const moving = slot(at(2012, 4, 4), 2012);
  const s12early = slot(at(2012, 3, 7), 2012);             // in March before the 10th

  const p = [];
  for (let i = 0; i < 12; i++) p.push(person(A, i % 3 === 0 ? inDelegation : (i % 3 === 1 ? elsewhere : null), i % 4 === 0 ? 1 : 0));
  booking(A, p[0], s11);                                   // p0: 2011, and returning in 2012
  booking(A, p[0], s12a, { places: 2 });
  booking(A, p[1], s12a);                                  // p1: three bookings, two relais
  booking(B, p[1], s12b, { places: 3 });
  const p1NewYear = booking(A, p[1], newYear);
  const p2NoShow = booking(A, p[2], s12b, { status: 'no_show' });
  const p3Used = booking(C, p[3], s12a);
  booking(B, p[4], s11, { status: 'cancelled' });          // p4: first outing in 2012
  booking(B, p[4], s12b);
  const p5Earlier = booking(C, p[5], s11);                 // p5: first in 2011 until that one is cancelled
  booking(C, p[5], s12a);
  booking(A, p[6], moving);                                // p6: moved to 2011 with its slot
  booking(B, p[7], s12a);                                  // p7: moves commune and QPV
  const p8Moved = booking(C, p[8], s12b);                  // p8: moved to relais A, 4 places
  booking(B, p[9], s12a, { places: 2 });
  const p10Earlier = booking(B, p[10], s11);               // p10: their first outing goes to p4 (session 24)
  booking(C, p[10], s12b);
  booking(A, p[11], s12b, { status: 'confirmed' });
  const p9Early = booking(C, p[9], s12early);              // p9: first on 7 March, again on the 10th
  booking(B, p[11], s12early);                             // p11: first on 7 March only
  groupBooking(B, s12a, 5);
  groupBooking(A, moving, 4);                              // moves to 2011 with its slot
  groupBooking(relais(null), s11, 0);                      // a relais that only came in a group, nobody arrived
  await check('written');

  sql(`UPDATE bookings SET status = 'used' WHERE id = ${p2NoShow}`);
  bookingsOf[p2NoShow].status = 'used';
  sql(`UPDATE bookings SET status = 'cancelled', cancel_reason = 'referent' WHERE id = ${p3Used}`);
  bookingsOf[p3Used].status = 'cancelled';
  sql(`UPDATE bookings SET status = 'cancelled', cancel_reason = 'referent' WHERE id = ${p5Earlier}`);
  bookingsOf[p5Earlier].status = 'cancelled';
  sql(`DELETE FROM bookings WHERE id = ${p1NewYear}`);
  delete bookingsOf[p1NewYear];
  sql(`UPDATE bookings SET organisation_id = ${A}, places = 4, companions = 3 WHERE id = ${p8Moved}`);
  Object.assign(bookingsOf[p8Moved], { relais: A, places: 4 });
  sql(`UPDATE outing_slots SET starts_at = ${at(2011, 4, 4)} WHERE id = ${moving}`);
  slotYear[moving] = 2011;
  // A used booking given to another person, one moved to a later slot (session 24: the person's first outing
  // is kept on their row, migration 0097).
  sql(`UPDATE bookings SET beneficiary_id = ${p[4]} WHERE id = ${p10Earlier}`);
  bookingsOf[p10Earlier].person = p[4];
  sql(`UPDATE bookings SET slot_id = ${s12b} WHERE id = ${p9Early}`);
  bookingsOf[p9Early].slot = s12b;
  slotAt[moving] = at(2011, 4, 4);
  sql(`UPDATE beneficiaries SET commune_code = '${elsewhere}', in_qpv = 1 WHERE id = ${p[7]}`);
  Object.assign(personOf[p[7]], { commune: elsewhere, qpv: 1 });
  sql(`UPDATE beneficiaries SET commune_code = NULL WHERE id = ${p[0]}`);
  personOf[p[0]].commune = null;
  sql(`UPDATE organisations SET branch_id = ${b94.id} WHERE id = ${C}`);
  relaisOf[C].branch = b94;
  sql(`UPDATE organisations SET branch_id = NULL WHERE id = ${A}`);
  relaisOf[A].branch = null;
  await check('changed');

  // Back again: the slot to 2012, the cancelled first outing used again.
  sql(`UPDATE outing_slots SET starts_at = ${at(2012, 4, 4)} WHERE id = ${moving}`);
  slotYear[moving] = 2012;
  slotAt[moving] = at(2012, 4, 4);
  sql(`UPDATE bookings SET status = 'used', cancel_reason = '' WHERE id = ${p5Earlier}`);
  bookingsOf[p5Earlier].status = 'used';
  await check('restored');
});
