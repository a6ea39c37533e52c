// Quality registers (/formations/reclamations, /formations/actions, /formations/programmes/{id}/qualiopi,
// /formations/bilan): public filing of a complaint with its acknowledgment, bad input refused,
// the register seen only by the organiser's managers, assign / answer (e-mailed) / close, CSV and
// XLSX exports, improvement actions, the overdue reminder sent once, the Qualiopi evidence page and
// the yearly figures (trainees, hours-trainee) with their XLSX export.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, mailSettled, runTrame, startTrame, TMP, waitForMail } from '../harness.mjs';

let server;
let coordinator;  // Département de Loire-Atlantique
let staff;        // Sagiterre
let trainer;
let orgs;         // name → id, from the public form

const html = (t) => t.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

function options(text, selectId) {
  const select = html(text).match(new RegExp(`<select id="${selectId}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(select, `no select ${selectId}`);
  const out = {};
  for (const m of select[1].matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)) out[m[2]] = m[1];
  return out;
}

function complaintFields(extra = {}) {
  return {
    _submission: randomUUID(),
    name: 'Jeanne Test',
    email: `plainte-${randomUUID().slice(0, 8)}@example.org`,
    kind: 'trainee',
    organisation: orgs.Sagiterre,
    programme: '',
    session: '',
    subject: `Salle trop petite ${randomUUID().slice(0, 6)}`,
    message: 'La salle du premier séminaire était trop petite pour le groupe.',
    ...extra,
  };
}

// Files a complaint; on success follows the redirection to the confirmation page (its number shown).
async function file(client, fields) {
  await client.get('/formations/reclamations/nouvelle');
  const res = await client.post('/formations/reclamations/nouvelle', fields);
  if (res.status !== 303) return res;
  assert.match(res.location, /^\/formations\/reclamations\/nouvelle\?envoyee=\d+$/);
  return client.get(res.location);
}

async function registerCount(client) {
  const page = await client.get('/formations/reclamations');
  assert.equal(page.status, 200);
  return [...page.text.matchAll(/data-complaint="(\d+)"/g)].map((m) => Number(m[1]));
}

before(async () => {
  server = await startTrame();
  coordinator = await signIn(DEMO.coordinator);
  staff = await signIn(DEMO.training_staff);
  trainer = await signIn(DEMO.trainer);
  const form = await new Client(server.url).get('/formations/reclamations/nouvelle');
  orgs = options(form.text, 'c-organisation');
  assert.ok(orgs.Sagiterre && orgs['Département de Loire-Atlantique'], JSON.stringify(orgs));
});
after(async () => { await server?.stop(); });

test('anyone files a complaint without signing in and is acknowledged at once; bad input changes nothing', async () => {
  const anonymous = new Client(server.url);
  const before = await registerCount(staff);
  for (const [field, value, message] of [
    ['name', '', /Indiquez votre nom/],
    ['email', 'pas-une-adresse', /adresse électronique/],
    ['kind', 'martian', /qui vous êtes/],
    ['organisation', '', /organisme/],
    ['subject', '', /objet/],
    ['message', '   ', /réclamation/],
  ]) {
    const res = await file(anonymous, complaintFields({ [field]: value }));
    assert.equal(res.status, 422, field);
    assert.match(html(res.text), message, field);
  }
  // A session of another organiser is refused.
  const form = await anonymous.get('/formations/reclamations/nouvelle');
  const sessions = options(form.text, 'c-session');
  const wrong = await file(anonymous, complaintFields({ session: sessions["Pays d'Ancenis 2022-2023"] }));
  assert.equal(wrong.status, 422);
  assert.deepEqual(await registerCount(staff), before, 'nothing was recorded');

  const fields = complaintFields({ session: sessions['Session printemps 2027'] });
  const res = await file(anonymous, fields);
  assert.equal(res.status, 200);
  const number = res.text.match(/id="complaint-number">(\d+)</)[1];
  const ack = await waitForMail((m) => m.to === fields.email && m.subject.includes(`n° ${number}`));
  assert.match(ack.subject, /Accusé de réception/);
  const list = await staff.get('/formations/reclamations');
  assert.match(html(list.text), new RegExp(fields.subject));
  const detail = await staff.get(`/formations/reclamations/${number}`);
  assert.match(html(detail.text), /Accusé de réception envoyé/);
  assert.match(html(detail.text), /Session printemps 2027/);
});

test('a complaint sent twice (double submit) is recorded once', async () => {
  const client = new Client(server.url);
  const fields = complaintFields();
  const first = await file(client, fields);
  assert.equal(first.status, 200);
  const again = await client.post('/formations/reclamations/nouvelle', fields);
  assert.ok(again.status < 500, String(again.status));
  const csv = await staff.get('/formations/reclamations.csv');
  assert.equal(csv.text.split(fields.subject).length - 1, 1);
});

test('a signed-in user finds the form prefilled', async () => {
  const page = await trainer.get('/formations/reclamations/nouvelle');
  assert.match(page.text, /id="c-email" name="email" type="email"[^>]*value="formateur@sagiterre.local"/);
});

test("the register is visible only to the organiser's managers", async () => {
  const fields = complaintFields();
  const res = await file(new Client(server.url), fields);
  const number = res.text.match(/id="complaint-number">(\d+)</)[1];
  assert.ok((await registerCount(staff)).includes(Number(number)));
  assert.ok(!(await registerCount(coordinator)).includes(Number(number)));
  assert.equal((await coordinator.get(`/formations/reclamations/${number}`)).status, 404);
  await coordinator.get('/formations/reclamations');
  assert.equal((await coordinator.post(`/formations/reclamations/${number}/repondre`, { _submission: randomUUID(), answer: 'x' })).status, 404);
  assert.equal((await trainer.get('/formations/reclamations')).status, 403);
  assert.equal((await new Client(server.url).get('/formations/reclamations')).status, 303);
  const csv = await coordinator.get('/formations/reclamations.csv');
  assert.ok(!csv.text.includes(fields.subject));
});

test('assign, answer (e-mailed to the complainant) and close', async () => {
  const fields = complaintFields();
  const res = await file(new Client(server.url), fields);
  const number = res.text.match(/id="complaint-number">(\d+)</)[1];
  const url = `/formations/reclamations/${number}`;
  const page = await staff.get(url);
  const members = options(page.text, 'q-assignee');
  const me = members['C. Boughattas'];
  assert.ok(me, JSON.stringify(members));
  // Someone outside Sagiterre cannot be assigned.
  const outsider = await staff.post(`${url}/assigner`, { _submission: randomUUID(), assignee: '1' });
  assert.equal(outsider.status, 422);
  const assigned = await staff.post(`${url}/assigner`, { _submission: randomUUID(), assignee: me });
  assert.equal(assigned.status, 303);
  await waitForMail((m) => m.to === DEMO.training_staff && m.subject.includes(`n° ${number} à traiter`) && m.body.includes(fields.subject));
  await staff.get(url);
  const empty = await staff.post(`${url}/repondre`, { _submission: randomUUID(), answer: '  ' });
  assert.equal(empty.status, 422);
  assert.match(html(empty.text), /Écrivez la réponse/);
  const answered = await staff.post(`${url}/repondre`, { _submission: randomUUID(), answer: 'Nous changeons de salle dès le prochain séminaire.' });
  assert.equal(answered.status, 303);
  const mail = await waitForMail((m) => m.to === fields.email && /Réponse à votre réclamation/.test(m.subject));
  assert.match(mail.body, /changeons de salle/);
  await staff.get(url);
  const twice = await staff.post(`${url}/repondre`, { _submission: randomUUID(), answer: 'encore' });
  assert.equal(twice.status, 422);
  const closed = await staff.post(`${url}/clore`, { _submission: randomUUID(), note: 'Salle changée.' });
  assert.equal(closed.status, 303);
  const after = await staff.get(url);
  assert.match(after.text, /id="complaint-status">Close</);
  const filtered = await staff.get('/formations/reclamations?statut=closed');
  assert.match(filtered.text, new RegExp(`data-complaint="${number}"`));
});

test('the register exports to CSV and XLSX', async () => {
  const csv = await staff.get('/formations/reclamations.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.text, /Horaires du module 1 communiqués tardivement/);
  assert.match(csv.text, /Réponse attendue avant le/);
  const res = await fetch(`${server.url}/formations/reclamations.xlsx`, { headers: { cookie: staff.cookieHeader() } });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  // Excel reads numbers and dates, not text: the complaint number is a number cell, the date of
  // receipt a date serial with a dd/mm/yyyy hh:mm style (no t="inlineStr"/"s" on either).
  const sheet = xlsxPart(bytes, 'xl/worksheets/sheet1.xml');
  const styles = xlsxPart(bytes, 'xl/styles.xml');
  const a2 = sheet.match(/<c r="A2"[^>]*>(?:<v>([^<]*)<\/v>)?/);
  assert.ok(a2, sheet.slice(0, 2000));
  assert.doesNotMatch(a2[0], /t="/);
  assert.match(a2[1], /^\d+$/);
  const b2 = sheet.match(/<c r="B2"([^>]*)><v>([^<]*)<\/v>/);
  assert.ok(b2, sheet.slice(0, 2000));
  assert.doesNotMatch(b2[1], /t="/);
  assert.ok(Number(b2[2]) > 40000, `a date serial, not ${b2[2]}`);
  assert.match(styles, /formatCode="dd\/mm\/yyyy hh:mm"/);
});

// One part of an XLSX (a zip) as text, through unzip.
function xlsxPart(bytes, part) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `quality-${process.pid}-${randomUUID().slice(0, 8)}.xlsx`);
  fs.writeFileSync(file, bytes);
  const out = spawnSync('unzip', ['-p', file, part], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

test('improvement actions: created linked to a complaint, updated, overdue highlighted, scoped', async () => {
  const page = await staff.get('/formations/actions');
  assert.equal(page.status, 200);
  assert.match(html(page.text), /Envoyer les convocations automatiquement/);
  const complaints = options(page.text, 'a-complaint');
  const demo = complaints['Accessibilité de la salle du second séminaire'];
  const bad = await staff.post('/formations/actions', { _submission: randomUUID(), organisation: orgs.Sagiterre, source: 'complaint', complaint: demo, title: '' });
  assert.equal(bad.status, 422);
  const title = `Vérifier l'accessibilité des salles ${randomUUID().slice(0, 5)}`;
  const created = await staff.post('/formations/actions', {
    _submission: randomUUID(), organisation: orgs.Sagiterre, source: 'complaint', complaint: demo, title,
    description: 'Visite préalable de chaque salle.', due_on: '2020-01-01',
  });
  assert.equal(created.status, 303, html(created.text).match(/flash-error[\s\S]{0,200}/)?.[0]);
  const list = await staff.get('/formations/actions');
  const row = html(list.text).match(new RegExp(`<tr class="overdue">\\s*<th scope="row">${title}[\\s\\S]*?action="/formations/actions/(\\d+)"`));
  assert.ok(row, 'the overdue action is highlighted');
  const id = row[1];
  const noResult = await staff.post(`/formations/actions/${id}`, { _submission: randomUUID(), status: 'done', result: '' });
  assert.equal(noResult.status, 422);
  await coordinator.get('/formations/actions');
  assert.equal((await coordinator.post(`/formations/actions/${id}`, { _submission: randomUUID(), status: 'abandoned', result: 'x' })).status, 404);
  assert.doesNotMatch(html((await coordinator.get('/formations/actions')).text), new RegExp(title));
  await staff.get('/formations/actions');
  const done = await staff.post(`/formations/actions/${id}`, { _submission: randomUUID(), status: 'done', result: 'Salles visitées.' });
  assert.equal(done.status, 303);
  const complaint = html((await staff.get(`/formations/reclamations/${demo}`)).text);
  assert.match(complaint, new RegExp(`${title}</a> — Réalisée`), 'the complaint shows its linked action');
  // An action of another organiser's complaint is refused.
  const foreign = await coordinator.post('/formations/actions', { _submission: randomUUID(), organisation: orgs['Département de Loire-Atlantique'], source: 'complaint', complaint: demo, title: 'x' });
  assert.equal(foreign.status, 422);
});

test('an overdue complaint reminds its assignee once (jobs run-due)', async () => {
  const s = await startTrame();
  try {
    const fields = complaintFields();
    const c = new Client(s.url);
    await c.get('/formations/reclamations/nouvelle');
    const posted = await c.post('/formations/reclamations/nouvelle', fields);
    const res = await c.get(posted.location);
    const number = res.text.match(/id="complaint-number">(\d+)</)[1];
    const later = String(Math.floor(Date.now() / 1000) + 16 * 86400);
    for (let i = 0; i < 2; i++) {
      const r = runTrame(['jobs', 'run-due', '--now', later, '--database', s.database]);
      assert.equal(r.status, 0, r.stderr);
    }
    const reminder = (m) => m.to === DEMO.training_staff && m.subject === `Réclamation n° ${number} en retard` &&
      m.body.includes(fields.subject);
    await waitForMail(reminder);
    await mailSettled(s);
    const reminders = mails().filter(reminder);
    assert.equal(reminders.length, 1);
  } finally {
    await s.stop();
  }
});

test('the Qualiopi page lists what is held and what is missing', async () => {
  const form = await coordinator.get('/formations/programmes/nouveau');
  const organiser = orgs['Département de Loire-Atlantique'];
  const created = await coordinator.post('/formations/programmes', {
    _submission: randomUUID(), organiser, title: `Programme sans référent ${randomUUID().slice(0, 5)}`,
    duration_days: '2', duration_hours: '14', price: '0', nature: 'action_formation', mixed_threshold: '70', status: 'draft',
  });
  assert.equal(created.status, 303, html(created.text).match(/flash-error[\s\S]{0,300}/)?.[0] || form.status);
  const id = created.location.match(/programmes\/(\d+)/)[1];
  const page = await coordinator.get(`/formations/programmes/${id}/qualiopi`);
  assert.equal(page.status, 200);
  const text = html(page.text);
  assert.match(text, /aucun référent handicap nommé/);
  assert.match(text, /aucun module décrit/);
  assert.match(text, /Indicateur 31/);
  // The demo programme of the Département: completed sessions without questionnaires.
  const cat = await coordinator.get('/formations/gestion');
  const demo = html(cat.text).match(/href="\/formations\/programmes\/(\d+)[^"]*"[^>]*>Formation-action culture\/social/);
  assert.ok(demo, 'the demo programme is listed on /formations/gestion');
  {
    const q = html((await coordinator.get(`/formations/programmes/${demo[1]}/qualiopi`)).text);
    assert.match(q, /aucun questionnaire envoyé pour la session terminée « Pays d'Ancenis 2022-2023 »/);
    assert.match(q, /Référent handicap nommé/);
    assert.equal((await staff.get(`/formations/programmes/${demo[1]}/qualiopi`)).status, 404);
  }
  assert.equal((await staff.get(`/formations/programmes/${id}/qualiopi`)).status, 404);
  // Sagiterre's programme: the open session's convocations are planned, the complaints counted.
  const own = html((await staff.get('/formations/gestion')).text)
    .match(/href="\/formations\/programmes\/(\d+)[^"]*"[^>]*>Pouvoir d'agir et coopération/);
  assert.ok(own);
  const sag = html((await staff.get(`/formations/programmes/${own[1]}/qualiopi`)).text);
  assert.match(sag, /Convocations de « Session printemps 2027 » envoyées automatiquement à partir du/);
  assert.match(sag, /réclamations?(\(s\))? enregistrées?(\(s\))?, dont 1 répondue(\(s\))? dans le délai/);
  assert.match(sag, /Référent handicap nommé/);
  assert.match(sag, /actions?(\(s\))? d'amélioration/);
});

test('yearly figures: trainees and hours-trainee by funder type, XLSX export', async () => {
  const organiser = orgs['Département de Loire-Atlantique'];
  const page = await coordinator.get(`/formations/bilan?annee=2023&organisme=${organiser}`);
  assert.equal(page.status, 200);
  const text = html(page.text).replace(/\u00a0/g, ' ');
  const totals = text.match(/Stagiaires : (\d+)<\/strong> — <strong>Heures-stagiaires : (\d+) h/);
  assert.ok(totals, text.match(/bilan-totals[\s\S]{0,300}/)?.[0]);
  assert.ok(Number(totals[1]) > 0);
  assert.ok(Number(totals[2]) > 0);
  assert.match(text, /Autofinancé \/ autre|OPCO|Département/);
  assert.match(text, /Action de formation/);
  const res = await fetch(`${server.url}/formations/bilan.xlsx?annee=2023&organisme=${organiser}`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(res.status, 200);
  const book = Buffer.from(await res.arrayBuffer());
  assert.equal(book.subarray(0, 2).toString(), 'PK');
  // Trainees and hours are numbers Excel can sum: C2 (trainees) and D2 (hours) are number cells.
  const sheet = xlsxPart(book, 'xl/worksheets/sheet1.xml');
  for (const ref of ['C2', 'D2']) {
    const cell = sheet.match(new RegExp(`<c r="${ref}"([^>]*)><v>([^<]*)</v>`));
    assert.ok(cell, `${ref}: ${sheet.slice(0, 1500)}`);
    assert.doesNotMatch(cell[1], /t="/);
    assert.equal(Math.floor(Number(cell[2])), Number(ref === 'C2' ? totals[1] : totals[2]));
  }
  assert.equal((await staff.get(`/formations/bilan?annee=2023&organisme=${organiser}`)).status, 403);
  assert.equal((await fetch(`${server.url}/formations/bilan.xlsx?annee=2023&organisme=${organiser}`, { headers: { cookie: staff.cookieHeader() }, redirect: 'manual' })).status, 403);
});
