// The trainee's status and employer type (issue 18): required on a new application (a French message
// linked to the field, nothing recorded), shown on the application page and the managers' list,
// corrected by the session's managers (audited; the applicant is denied, others do not see it), on
// every demo application, and mapped to the BPF's lines on /formations/bilan and in its XLSX.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, TMP, startTrame } from '../harness.mjs';
import { APPLICATION, alertOf, decode, fresh } from '../enrolments_fixtures.mjs';
import { dbRows, dbValue, q, userId } from '../questionnaire_fixtures.mjs';

let server;
let spring;  // Session printemps 2027 (Sagiterre, open)

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

function xlsxPart(bytes, part) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `trainee-status-${process.pid}-${randomUUID().slice(0, 8)}.xlsx`);
  fs.writeFileSync(file, bytes);
  const out = spawnSync('unzip', ['-p', file, part], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

const applications = (user) => dbRows(server.database,
  `SELECT id, trainee_status, employer_type FROM training_applications WHERE session_id = ${spring} AND user_id = ${user}`);

before(async () => {
  server = await startTrame();
  spring = Number(dbValue(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'"));
  assert.ok(spring > 0);
});
after(async () => { await server?.stop(); });

test('a new application needs a status and an employer type; both are kept and shown', async () => {
  const volunteer = await signIn(DEMO.volunteer);
  const user = userId(server.database, DEMO.volunteer);
  assert.equal(applications(user).length, 0);
  const form = await volunteer.get(`/formations/sessions/${spring}/candidater`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<select id="e-trainee_status" name="trainee_status" required/);
  assert.match(decode(form.text), /Agent·e de collectivité territoriale/);
  assert.match(decode(form.text), /Établissement médico-social/);
  const post = (fields) => volunteer.post(`/formations/sessions/${spring}/candidater`,
    { ...APPLICATION, _submission: fresh(), ...fields });
  let res = await post({ trainee_status: '', employer_type: 'association' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Merci d'indiquer votre statut/);
  assert.match(res.text, /id="e-trainee_status" name="trainee_status" required aria-describedby="e-trainee_status-help" aria-invalid="true"/);
  assert.match(res.text, /href="#e-trainee_status"/);
  assert.match(res.text, /<option value="association" selected>/, 'the employer type is kept');
  res = await post({ trainee_status: 'volunteer', employer_type: 'bogus' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /type de votre employeur/);
  res = await post({ trainee_status: 'pirate', employer_type: 'association' });
  assert.equal(res.status, 422);
  assert.equal(applications(user).length, 0, 'nothing recorded on a refusal');

  res = await post({ trainee_status: 'volunteer', employer_type: 'association' });
  assert.equal(res.status, 303, alertOf(res));
  const rows = applications(user);
  assert.deepEqual(rows.map((r) => r.slice(1)), [['volunteer', 'association']]);
  const page = await volunteer.get(`/formations/candidatures/${rows[0][0]}`);
  assert.match(decode(page.text), /<dd id="trainee-status">Bénévole<\/dd>/);
  assert.match(decode(page.text), /<dd id="employer-type">Association<\/dd>/);
  assert.doesNotMatch(page.text, /trainee-status-form/, 'the applicant does not correct it');

  const staff = await signIn(DEMO.training_staff);
  const list = await staff.get(`/formations/sessions/${spring}/candidatures`);
  assert.equal(list.status, 200);
  const row = decode(list.text).match(new RegExp(`<tr data-application="${rows[0][0]}">[\\s\\S]*?</tr>`));
  assert.ok(row);
  assert.match(row[0], /class="trainee-status">Bénévole<br><span class="muted">Association<\/span>/);
});

test('managers correct the status (audited); the applicant is denied and others see nothing', async () => {
  const staff = await signIn(DEMO.training_staff);
  const traineeUser = userId(server.database, DEMO.trainee);
  const [id, status, employer] = applications(traineeUser)[0];
  const url = `/formations/candidatures/${id}/statut-stagiaire`;
  const before = () => dbRows(server.database, `SELECT trainee_status, employer_type, updated_at FROM training_applications WHERE id = ${id}`);
  const audits = () => Number(dbValue(server.database, `SELECT COUNT(*) FROM audit_log WHERE action = 'enrolments.trainee_status' AND subject = 'application:${id}'`));
  const start = before();
  const page = await staff.get(`/formations/candidatures/${id}`);
  assert.match(page.text, /id="trainee-status-form"/);
  let res = await staff.post(url, { trainee_status: 'bogus', employer_type: 'state', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Merci d'indiquer votre statut/);
  assert.match(res.text, /<option value="state" selected>/);
  assert.deepEqual(before(), start);

  const trainee = await signIn(DEMO.trainee);
  await trainee.get(`/formations/candidatures/${id}`);
  res = await trainee.post(url, { trainee_status: 'jobseeker', employer_type: 'none', _submission: fresh() });
  assert.equal(res.status, 403);
  const partner = await signIn(DEMO.partner_staff);
  await partner.get('/');
  res = await partner.post(url, { trainee_status: 'jobseeker', employer_type: 'none', _submission: fresh() });
  assert.ok([403, 404].includes(res.status), `outsider: ${res.status}`);
  assert.deepEqual(before(), start);
  assert.equal(audits(), 0);

  const next = status === 'jobseeker' ? 'local_agent' : 'jobseeker';
  res = await staff.post(url, { trainee_status: next, employer_type: 'none', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  assert.deepEqual(before()[0].slice(0, 2), [next, 'none']);
  assert.equal(audits(), 1);
  const detail = dbValue(server.database, `SELECT detail FROM audit_log WHERE action = 'enrolments.trainee_status' AND subject = 'application:${id}'`);
  assert.equal(detail, `${status}/${employer} -> ${next}/none`);
});

test('every demo application has a status and an employer type', () => {
  const missing = dbValue(server.database, "SELECT COUNT(*) FROM training_applications a JOIN users u ON u.id = a.user_id "
    + "WHERE u.email LIKE '%.local' AND (a.trainee_status = '' OR a.employer_type = '')");
  assert.equal(Number(missing), 0);
  const kinds = dbRows(server.database, "SELECT DISTINCT trainee_status FROM training_applications a JOIN users u ON u.id = a.user_id WHERE u.email LIKE '%.local'").map((r) => r[0]);
  for (const k of ['employee', 'volunteer', 'jobseeker', 'local_agent']) assert.ok(kinds.includes(k), `${k} in the demo`);
});

test('the BPF shows the trainee lines, the statuses, the products and the mapping, on the page and in the XLSX', async () => {
  const coordinator = await signIn(DEMO.coordinator);
  const organiser = Number(dbValue(server.database, `SELECT id FROM organisations WHERE name = ${q('Département de Loire-Atlantique')}`));
  const page = await coordinator.get(`/formations/bilan?annee=2023&organisme=${organiser}`);
  assert.equal(page.status, 200);
  const text = decode(page.text);
  assert.match(text, /<caption id="bpf-line-caption">Type de stagiaires \(cadre F-1\)/);
  for (const line of ["a. Salariés d'employeurs privés hors apprentis", 'b. Apprentis', "c. Personnes en recherche d'emploi",
    'd. Particuliers à leurs propres frais', 'e. Autres stagiaires'])
    assert.ok(text.includes(`<th scope="row">${line}</th>`), line);
  assert.match(text, /<caption id="bpf-product-caption">Origine des produits \(cadre C\)/);
  assert.match(text, /8\. Autres ressources publiques/);
  assert.match(text, /Correspondance des statuts avec les lignes du bilan/);
  assert.match(text, /Agent·e de collectivité territoriale : ligne e/);
  // The F-1 lines add up to the total of trainees.
  const total = Number(text.match(/Stagiaires : (\d+)<\/strong>/)[1]);
  const lines = [...text.matchAll(/<tr data-line="[a-z_]+"><th scope="row">[^<]*<\/th><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
  assert.equal(lines.length, 5);
  assert.equal(lines.reduce((a, b) => a + b, 0), total);
  assert.ok(total > 0);
  // Jobseekers of the demo cohorts are on line c.
  const jobseekers = Number(text.match(/<tr data-line="jobseekers"><th scope="row">[^<]*<\/th><td>(\d+)<\/td>/)[1]);
  assert.ok(jobseekers > 0, 'demo jobseekers on line c');

  const res = await fetch(`${server.url}/formations/bilan.xlsx?annee=2023&organisme=${organiser}`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(res.status, 200);
  const book = Buffer.from(await res.arrayBuffer());
  const strings = decode(xlsxPart(book, 'xl/worksheets/sheet1.xml'));
  for (const s of ['Type de stagiaires (cadre F-1)', "a. Salariés d'employeurs privés hors apprentis", "c. Personnes en recherche d'emploi",
    'Statuts déclarés par les stagiaires', 'Bénévole', 'Origine des produits (cadre C)', '8. Autres ressources publiques (Département…)',
    'Correspondance des statuts avec les lignes du bilan'])
    assert.ok(strings.includes(s), `XLSX holds « ${s} »`);
});
