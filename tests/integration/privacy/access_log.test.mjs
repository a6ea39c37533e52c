// Sensitive reads (issue 23, docs/privacy.md « Sensitive reads »): reading a beneficiary's history (the
// referent's lists), an application and its adaptation request (trainings), a candidate's report
// (certification) writes one audit entry privacy.read.<kind> naming the reader and the record; the
// applicant's or candidate's own reads and a non-sensitive page write none; the same reader re-reading
// the same record within 10 minutes writes no second entry (a second server on the same database with
// the simulated clock 11 minutes ahead writes one again); the data protection officer filters them by
// reader, kind, record and period, pages and exports them as CSV; a coordinator is refused; the audit
// chain still verifies. Rows are made by this file only; entries are counted by their reader.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, ENGINE, querySql, runTrame, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, signIn as signInWith, unique } from '../bookings_fixtures.mjs';
import { anonymousApplicant, createSession, programmeId } from '../enrolments_fixtures.mjs';

const DPO = 'dpo@loire-atlantique.local';
const CERTIFIER = 'certification@observatoire.local';
const CERTIFICATION = 'Construire une coopération culturelle territoriale';

let server;
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");
const userId = (email) => Number(sql(`SELECT id FROM users WHERE email = '${esc(email)}'`));
const signIn = (email, password = DEMO_PASSWORD) => signInWith(server, email, password);

// The sensitive reads of one reader: [action, subject, detail], oldest first (the last '|' keeps the
// detail's spaces from the output's trim).
function readsBy(email) {
  const out = sql(`SELECT action || '|' || subject || '|' || detail || '|' FROM audit_log
    WHERE action LIKE 'privacy.read.%' AND actor_id = ${userId(email)} ORDER BY id`);
  return out ? out.split('\n').map((l) => l.split('|').slice(0, 3)) : [];
}

// A relais of its own, its referent, two beneficiaries followed by them and a past outing of one.
async function relaisWorld() {
  const name = unique('Relais lectures');
  const org = Number(sql(`INSERT INTO organisations (name, kind, status, created_at) VALUES ('${name}', 'social', 'active', 0) RETURNING id`));
  const email = `${unique('referent.lectures')}@trame.test`;
  addUser(server, email, 'referent', org);
  const ref = userId(email);
  const codes = [unique('LA'), unique('LB')].sort();
  const ids = codes.map((code) => Number(sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, created_at, updated_at)
    VALUES ('${code}', ${org}, ${ref}, '26-59', 0, 0) RETURNING id`)));
  const offer = Number(sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at)
    VALUES (${org}, ${org}, '${unique('Offre')}', 'concert', 'published', 0, 0) RETURNING id`));
  const slot = Number(sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at)
    VALUES (${offer}, 1700000000, 10, 0, 0, 0, 0, 0) RETURNING id`));
  sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at)
    VALUES ('${unique('BK')}', ${slot}, ${ids[0]}, ${org}, ${ref}, 0, 1, 'used', 0, 0)`);
  return { org, email, client: await signIn(email, PASSWORD), codes, ids };
}

// A candidate (a new account) registered, entered in a session, with a report of theirs.
async function reportWorld(org) {
  const email = `${unique('candidat.lectures')}@trame.test`;
  addUser(server, email, 'volunteer', org);
  const user = userId(email);
  const [cert, version] = sql(`SELECT certification_id || '|' || id FROM certification_versions
    WHERE title = '${esc(CERTIFICATION)}' ORDER BY id LIMIT 1`).split('|').map(Number);
  const reg = Number(sql(`INSERT INTO certification_registrations (certification_id, version_id, user_id, code, employer_type, status, created_at, updated_at)
    VALUES (${cert}, ${version}, ${user}, '${unique('CL')}', 'association', 'eligible', 0, 0) RETURNING id`));
  const session = Number(sql(`INSERT INTO certification_sessions (certification_id, title, day, created_at, updated_at)
    VALUES (${cert}, '${unique('Session lectures')}', '2030-06-01', 0, 0) RETURNING id`));
  const entry = Number(sql(`INSERT INTO certification_entries (session_id, registration_id, created_at) VALUES (${session}, ${reg}, 0) RETURNING id`));
  const bytes = ENGINE === 'sqlite' ? "X'255044462D312E340A2525454F460A'" : "'\\x255044462d312e340a2525454f460a'::bytea";
  const report = Number(sql(`INSERT INTO certification_reports (entry_id, filename, size, sha256, data, received_at)
    VALUES (${entry}, 'rapport.pdf', 15, '${'0'.repeat(64)}', ${bytes}, 1) RETURNING id`));
  return { email, client: await signIn(email, PASSWORD), report };
}

let relais;
let cand;
let staff;
let application;

before(async () => {
  server = await startTrame();
  relais = await relaisWorld();
  cand = await reportWorld(relais.org);
  staff = await signIn(DEMO.training_staff);  // manages Sagiterre's programmes and is their disability referent
  const session = await createSession(staff, await programmeId(staff), { max: 12 });
  application = await anonymousApplicant(server, session, { adaptation: `Boucle magnétique ${unique('x')}` });
  application.session = session;
});
after(async () => { await server?.stop(); });

test('the referent\'s lists of beneficiaries write one entry each, naming the codes shown', async () => {
  assert.deepEqual(readsBy(relais.email), []);
  for (const path of ['/sorties/beneficiaires', '/sorties/tableau-de-bord/personnes', '/sorties/tableau-de-bord/historique'])
    assert.equal((await relais.client.get(path)).status, 200, path);
  // A page that is not sensitive writes none.
  assert.equal((await relais.client.get('/sorties/tableau-de-bord')).status, 200);
  const reads = readsBy(relais.email);
  assert.deepEqual(reads.map((r) => r[0]), Array(3).fill('privacy.read.beneficiary'));
  assert.deepEqual(reads.map((r) => r[1]), ['list:/sorties/beneficiaires?page=1', 'list:/sorties/tableau-de-bord/personnes?page=1',
    'list:/sorties/tableau-de-bord/historique?page=1']);
  for (const r of reads.slice(0, 2)) assert.deepEqual(r[2].trim().split(' ').sort(), relais.codes);
  assert.equal(reads[2][2], ` ${relais.codes[0]} `, 'the history names the one with an outing');
  // Read again at once: no second entry.
  await relais.client.get('/sorties/beneficiaires');
  assert.equal(readsBy(relais.email).length, 3);
});

test('an application and its adaptation request: the organiser and the referent are logged, the applicant is not', async () => {
  const subject = `application:${application.id}`;
  assert.equal((await application.client.get(`/formations/candidatures/${application.id}`)).status, 200);
  assert.deepEqual(readsBy(application.email), [], 'the applicant\'s own read');
  const before = readsBy(DEMO.training_staff).length;
  assert.equal((await staff.get(`/formations/candidatures/${application.id}`)).status, 200);
  assert.deepEqual(readsBy(DEMO.training_staff).slice(before).map((r) => [r[0], r[1]]),
    [['privacy.read.application', subject], ['privacy.read.adaptation', subject]]);
  // The session's list of applications: one entry naming the applications shown.
  assert.equal((await staff.get(`/formations/sessions/${application.session}/candidatures`)).status, 200);
  const list = readsBy(DEMO.training_staff).at(-1);
  assert.equal(list[0], 'privacy.read.application');
  assert.equal(list[1], `list:/formations/sessions/${application.session}/candidatures?statut=&page=1`);
  assert.ok(list[2].includes(` ${subject} `));
  // The administrator manages but is not the referent: the application only.
  const admin = await signIn(DEMO.administrator);
  assert.equal((await admin.get(`/formations/candidatures/${application.id}`)).status, 200);
  assert.deepEqual(readsBy(DEMO.administrator).filter((r) => r[1] === subject).map((r) => r[0]), ['privacy.read.application']);
});

test('a candidate\'s report: the certifier\'s download is logged, the candidate\'s own is not; 10 minutes later, again', async () => {
  const url = `/certifications/rapports/${cand.report}`;
  const get = (client) => fetch(server.url + url, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  assert.equal((await get(cand.client)).status, 200);
  assert.deepEqual(readsBy(cand.email), []);
  const certifier = await signIn(CERTIFIER);
  const subject = `report:${cand.report}`;
  const mine = () => readsBy(CERTIFIER).filter((r) => r[1] === subject);
  assert.equal((await get(certifier)).status, 200);
  assert.equal((await get(certifier)).status, 200);
  assert.deepEqual(mine().map((r) => r[0]), ['privacy.read.report'], 'one entry within 10 minutes');
  // The same database, the clock 11 minutes ahead: the re-read is logged again.
  const later = await startTrame({ database: server.database, demo: false, env: { TRAME_CLOCK_OFFSET: '660' } });
  try {
    const again = await signInWith(later, CERTIFIER, DEMO_PASSWORD);
    const res = await fetch(later.url + url, { headers: { cookie: again.cookieHeader() }, redirect: 'manual' });
    assert.equal(res.status, 200);
  } finally {
    await later.stop();
  }
  assert.equal(mine().length, 2);
});

test('the data protection officer filters, pages and exports; a coordinator is refused; the chain verifies', async () => {
  const dpo = await signIn(DPO);
  let page = await dpo.get('/admin/vie-privee/lectures');
  assert.equal(page.status, 200);
  assert.match(page.text, /Lectures de données sensibles/);
  // By reader and kind.
  page = await dpo.get(`/admin/vie-privee/lectures?lecteur=${encodeURIComponent(relais.email.toUpperCase())}&type=beneficiary`);
  assert.equal(page.status, 200);
  assert.match(page.text, /3 lectures/);
  page = await dpo.get(`/admin/vie-privee/lectures?lecteur=${encodeURIComponent(relais.email)}&type=report`);
  assert.match(page.text, /Aucune lecture/);
  // By record: a code shown in a list, a subject, an id.
  page = await dpo.get(`/admin/vie-privee/lectures?dossier=${relais.codes[1]}`);
  assert.match(page.text, /2 lectures/, 'the two lists that showed it');
  page = await dpo.get(`/admin/vie-privee/lectures?dossier=report:${cand.report}`);
  assert.match(page.text, /2 lectures/);
  page = await dpo.get(`/admin/vie-privee/lectures?dossier=${application.id}&type=adaptation`);
  assert.match(page.text, /1 lecture\b/);
  // By period: today (server's day) holds them, a day in 2001 none.
  page = await dpo.get(`/admin/vie-privee/lectures?lecteur=${encodeURIComponent(relais.email)}&du=2001-01-01&au=2001-01-02`);
  assert.match(page.text, /Aucune lecture/);
  // Bad input: a French message, 422.
  page = await dpo.get('/admin/vie-privee/lectures?du=2026-02-31');
  assert.equal(page.status, 422);
  assert.match(page.text, /La date de début doit être une date valide/);
  page = await dpo.get('/admin/vie-privee/lectures?du=2026-03-02&au=2026-03-01');
  assert.equal(page.status, 422);
  page = await dpo.get('/admin/vie-privee/lectures?type=salaire');
  assert.equal(page.status, 422);
  // The CSV export of a filter.
  const csv = await fetch(`${server.url}/admin/vie-privee/lectures.csv?lecteur=${encodeURIComponent(relais.email)}`,
    { headers: { cookie: dpo.cookieHeader() } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 4, 'a header and three reads');
  assert.match(lines[0], /Personne qui a lu/);
  assert.ok(lines.slice(1).every((l) => l.includes(relais.email) && l.includes('Historique d')));
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND subject = 'privacy.reads' AND actor_id = ${userId(DPO)}`)) >= 1,
    'the export is audited');
  // A coordinator (no privacy.manage) is refused both.
  const coordinator = await signIn(DEMO.coordinator);
  assert.equal((await coordinator.get('/admin/vie-privee/lectures')).status, 403);
  assert.equal((await coordinator.get('/admin/vie-privee/lectures.csv')).status, 403);
  // Reading the DPO's page is not itself a sensitive read.
  assert.deepEqual(readsBy(DPO), []);
  // The chain, with every read appended, verifies.
  const r = runTrame(['audit', 'verify', '--database', server.database]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Journal d'audit intègre/);
});
