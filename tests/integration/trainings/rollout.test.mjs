// Rolling out across the délégations (/formations/deploiement): per délégation and year, the sessions
// held, planned or missing (in words), and the trainees reached by sector, for the organisers one
// manages; a year selector; a streamed CSV export; refused to people without trainings.manage.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { decode } from '../enrolments_fixtures.mjs';
import { dbRows, dbValue } from '../questionnaire_fixtures.mjs';

let server;

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// The table's row of a délégation: its state (data-state) and its cells' texts.
function row(html, name) {
  const text = decode(html);
  const m = text.match(new RegExp(`<tr data-state="(\\w+)">\\s*<th scope="row">${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([^)]*\\)</th>([\\s\\S]*?)</tr>`));
  if (!m) return null;
  const cells = [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  return { state: m[1], cells };
}

before(async () => { server = await startTrame(); });
after(async () => { await server?.stop(); });

test('the coordinator sees 2023: held sessions, no session, trainees by sector', async () => {
  const coordinator = await signIn(DEMO.coordinator);
  const page = await coordinator.get('/formations/deploiement?annee=2023');
  assert.equal(page.status, 200);
  const text = decode(page.text);
  assert.match(text, /<caption id="rollout-caption">Sessions et stagiaires touchés par délégation en 2023<\/caption>/);
  const ancenis = row(page.text, "Délégation Pays d'Ancenis");
  assert.ok(ancenis, text.slice(0, 3000));
  assert.equal(ancenis.state, 'held');
  assert.equal(ancenis.cells[0], 'Session tenue');
  assert.match(ancenis.cells[1], /Pays d'Ancenis 2022-2023/);
  // Trainees reached: completed or confirmed applications, by sector, read from the database.
  const counts = Object.fromEntries(dbRows(server.database, "SELECT a.sector, COUNT(*) FROM training_applications a "
    + "JOIN training_sessions s ON s.id = a.session_id WHERE s.title = 'Pays d''Ancenis 2022-2023' "
    + "AND a.status IN ('completed','confirmed') GROUP BY a.sector"));
  const expected = ['social', 'cultural', 'other'].map((k) => String(counts[k] || 0));
  assert.deepEqual(ancenis.cells.slice(3, 6), expected);
  assert.equal(ancenis.cells[6], String(expected.reduce((a, b) => a + Number(b), 0)));
  const retz = row(page.text, 'Délégation Pays de Retz');
  assert.equal(retz.state, 'missing');
  assert.equal(retz.cells[0], 'Aucune session');
  const y2019 = await coordinator.get('/formations/deploiement?annee=2019');
  assert.equal(row(y2019.text, 'Délégation Pays de Retz').state, 'held');
  // Six délégations of Loire-Atlantique are listed.
  const delegations = Number(dbValue(server.database, "SELECT COUNT(*) FROM delegations WHERE departement_code = '44'"));
  assert.equal(delegations, 6);
  assert.equal([...text.matchAll(/<tr data-state="\w+">\s*<th scope="row">[^<]*\(Loire-Atlantique\)<\/th>/g)].length, 6);
});

test('the current year by default, with the demo planned sessions', async () => {
  const coordinator = await signIn(DEMO.coordinator);
  const page = await coordinator.get('/formations/deploiement');
  assert.equal(page.status, 200);
  const year = Number(dbValue(server.database, "SELECT title FROM training_sessions WHERE title LIKE '% (prévue)' LIMIT 1").match(/(\d{4}) \(prévue\)$/)[1]);
  assert.match(decode(page.text), new RegExp(`<h1>Déploiement sur les délégations — ${year}</h1>`));
  const planned = [...decode(page.text).matchAll(/<tr data-state="planned">/g)].length;
  assert.ok(planned >= 2, 'planned délégations');
  assert.match(decode(page.text), /Session prévue/);
  assert.match(decode(page.text), /Aucune session/);
});

test('the CSV export is streamed with every délégation', async () => {
  const coordinator = await signIn(DEMO.coordinator);
  const res = await fetch(`${server.url}/formations/deploiement.csv?annee=2023`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  const body = (await res.text()).replace(/^\uFEFF/, '');
  const lines = body.trim().split(/\r\n/);
  assert.match(lines[0], /^Année;Délégation;Situation;Nombre de sessions tenues;Sessions tenues;Nombre de sessions prévues/);
  const ancenis = lines.find((l) => l.includes("Délégation Pays d'Ancenis"));
  assert.match(ancenis, /^2023;Délégation Pays d'Ancenis \(Loire-Atlantique\);Session tenue;1;Pays d'Ancenis 2022-2023;0;;/);
  assert.ok(lines.some((l) => /;Aucune session;0;;0;;0;0;0;0$/.test(l)));
});

test('scope and refusals: Sagiterre counts its own sessions; others are refused', async () => {
  const staff = await signIn(DEMO.training_staff);
  const page = await staff.get('/formations/deploiement?annee=2023');
  assert.equal(page.status, 200);
  assert.match(decode(page.text), /Seules les sessions des organismes que vous gérez sont comptées/);
  assert.equal(row(page.text, "Délégation Pays d'Ancenis").state, 'missing');
  for (const who of [DEMO.volunteer, DEMO.trainee, DEMO.partner_staff]) {
    const c = await signIn(who);
    assert.equal((await c.get('/formations/deploiement')).status, 403, who);
    assert.equal((await c.get('/formations/deploiement.csv')).status, 403, who);
  }
  const anonymous = new Client(server.url);
  assert.ok([302, 303].includes((await anonymous.get('/formations/deploiement')).status));
});
