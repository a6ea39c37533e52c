// Attendance per half-day: opening a sheet (time window), signing with the one-time code, marking,
// countersigning (lock), corrections with a reason, the printable PDF, dropouts, individual follow-up,
// and funders' dues recomputed pro rata of attended hours. Data is made over HTTP: the demo trainee
// and the demo volunteer apply to Sagiterre's "Session printemps 2027", are admitted and confirm;
// then the server is restarted with a simulated clock inside the first half-day.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, demoDatabase, mails, mailSettled, runTrame, startTrame, TMP, waitForMail } from '../harness.mjs';

const SESSION_TITLE = 'Session printemps 2027';
const alertOf = (res) => (res.text.match(/flash-error" role="alert"[^>]*>\s*<p>([^<]*)/) || [])[1]?.replace(/&apos;/g, "'") || '';
const fresh = () => `t-${Math.random().toString(36).slice(2)}`;

let database;
let server;
let sessionId;
let halfdays = [];   // [{ id, starts }]
const apps = {};     // email -> application id
let earlier = new Set();  // e-mails received before this file's tests

async function loginAs(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

// The session's id, found through the attendance page of each session (it shows the session's title).
async function findSession(client, title) {
  for (let id = 1; id <= 40; id += 1) {
    const res = await client.get(`/formations/sessions/${id}/emargement`);
    if (res.status === 200 && res.text.replace(/&apos;/g, "'").includes(title)) return id;
  }
  throw new Error(`session ${title} not found`);
}

// Enrols the user in the session over HTTP (B's routes): applies and is admitted, or reuses the demo
// application (the demo trainee is already admitted), then confirms.
async function enrol(manager, email, sector) {
  const c = await loginAs(email);
  await c.get(`/formations/sessions/${sessionId}/candidater`);
  let res = await c.post(`/formations/sessions/${sessionId}/candidater`, {
    sector, motivation: 'Relier mon équipement aux acteurs sociaux du quartier.', funding: 'opco',
    organisation_name: 'Test', job_role: 'Médiatrice', trainee_status: 'employee', employer_type: 'association',
    _submission: fresh(),
  });
  let id;
  if (res.status === 303) {
    id = Number(res.location.match(/\/formations\/candidatures\/(\d+)/)[1]);
    await manager.get(`/formations/candidatures/${id}`);
    res = await manager.post(`/formations/candidatures/${id}/decision`, { decision: 'admitted', reason: 'Projet solide', _submission: fresh() });
    assert.equal(res.status, 303, `admission of ${email}: ${alertOf(res)}`);
  } else {
    const mine = await c.get('/formations/candidatures');
    id = Number(mine.text.match(/\/formations\/candidatures\/(\d+)/)[1]);
  }
  const page = await c.get(`/formations/candidatures/${id}`);
  if (page.text.includes(`/formations/candidatures/${id}/confirmation`)) {
    res = await c.post(`/formations/candidatures/${id}/confirmation`, { _submission: fresh() });
    assert.equal(res.status, 303, `confirmation of ${email}: ${alertOf(res)}`);
  }
  apps[email] = id;
  return id;
}

async function restartAt(unixSeconds) {
  await server.stop();
  const offset = unixSeconds - Math.floor(Date.now() / 1000);
  server = await startTrame({ database, demo: false, env: { TRAME_CLOCK_OFFSET: String(offset) } });
}

before(async () => {
  database = demoDatabase();
  earlier = new Set(mails().map((m) => m.raw));
  server = await startTrame({ database, demo: false });
  const manager = await loginAs(DEMO.training_staff);
  sessionId = await findSession(manager, SESSION_TITLE);
  await enrol(manager, DEMO.trainee, 'cultural');
  await enrol(manager, DEMO.volunteer, 'social');
  // A funding line for the trainee: 1 500 € for the whole course.
  await manager.get(`/formations/candidatures/${apps[DEMO.trainee]}`);
  const res = await manager.post(`/formations/candidatures/${apps[DEMO.trainee]}/financements`, {
    funder: 'opco', funder_name: 'OPCO test', amount: '1500', hours: '', agreement_ref: 'CONV-1', status: 'agreed', _submission: fresh(),
  });
  assert.equal(res.status, 303, `funding line: ${alertOf(res)}`);
  const trainer = await loginAs(DEMO.trainer);
  const page = await trainer.get(`/formations/sessions/${sessionId}/emargement`);
  assert.equal(page.status, 200);
  halfdays = [...page.text.matchAll(/data-halfday="(\d+)" data-starts="(\d+)"/g)].map((m) => ({ id: Number(m[1]), starts: Number(m[2]) }));
  assert.ok(halfdays.length >= 2, 'the session has half-days');
});

after(async () => { await server?.stop(); });

test('a sheet cannot be opened before 30 minutes ahead of its half-day', async () => {
  const trainer = await loginAs(DEMO.trainer);
  const h = halfdays[0];
  await trainer.get(`/formations/demi-journees/${h.id}`);
  const res = await trainer.post(`/formations/demi-journees/${h.id}/ouvrir`, { _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /n'est pas encore ouverte à l'émargement/);
  const trainee = await loginAs(DEMO.trainee);
  await trainee.get(`/formations/demi-journees/${h.id}`);
  const sign = await trainee.post(`/formations/demi-journees/${h.id}/signer`, { code: '123456', _submission: fresh() });
  assert.equal(sign.status, 422);
  assert.match(alertOf(sign), /pas encore ouverte/);
});

test('open, sign with the code, refusals, mark, countersign, correct, PDF, dues', async () => {
  const h = halfdays[0];
  await restartAt(h.starts - 10 * 60);
  const trainer = await loginAs(DEMO.trainer);
  const trainee = await loginAs(DEMO.trainee);
  const sheet = `/formations/demi-journees/${h.id}`;

  // A trainee cannot open the sheet; the trainer can, and sees a 6-digit code with its QR code.
  await trainee.get(sheet);
  assert.equal((await trainee.post(`${sheet}/ouvrir`, { _submission: fresh() })).status, 403);
  await trainer.get(sheet);
  let res = await trainer.post(`${sheet}/ouvrir`, { _submission: fresh() });
  assert.equal(res.status, 200);
  const code = res.text.match(/data-code="(\d{6})"/)[1];
  assert.match(res.text, /<svg/);
  assert.ok(res.text.includes(`/signer?code=${code}`), 'the QR link carries the code');

  // The QR link pre-fills the code.
  res = await trainee.get(`${sheet}/signer?code=${code}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(`value="${code}"`));

  // A wrong code is refused and changes nothing.
  const wrong = code === '000000' ? '111111' : '000000';
  res = await trainee.post(`${sheet}/signer`, { code: wrong, _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /pas le bon/);
  res = await trainee.get(sheet);
  assert.match(res.text, /id="own-status"><strong>Non renseigné/);

  // Someone not enrolled in the session: 403.
  const outsider = await loginAs(DEMO.jury_member);
  await outsider.get('/compte');
  res = await outsider.post(`${sheet}/signer`, { code, _submission: fresh() });
  assert.equal(res.status, 403);

  // The right code signs; twice is refused with no second row.
  await trainee.get(sheet);
  res = await trainee.post(`${sheet}/signer`, { code: code.slice(0, 3) + ' ' + code.slice(3), _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await trainee.get(sheet);
  assert.match(res.text, /Présent·e<\/strong> — Signé électroniquement le/);
  res = await trainee.post(`${sheet}/signer`, { code, _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Vous avez déjà signé/);

  // The trainer marks the other trainee absent, then the roster shows both.
  await trainer.get(sheet);
  res = await trainer.post(`${sheet}/marquer`, { application: String(apps[DEMO.volunteer]), status: 'bogus', _submission: fresh() });
  assert.equal(res.status, 422);
  res = await trainer.post(`${sheet}/marquer`, { application: String(apps[DEMO.volunteer]), status: 'absent', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await trainer.get(sheet);
  assert.match(res.text, /id="ligne-\d+"[\s\S]*Absent·e[\s\S]*Marqué par le formateur/);

  // Countersigning locks the sheet; signing afterwards is refused.
  res = await trainer.post(`${sheet}/contresigner`, { _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await trainer.get(sheet);
  assert.match(res.text, /verrouillée/);
  assert.match(res.text, /Contresigné par Formateur/);
  await trainee.get(sheet);
  res = await trainee.post(`${sheet}/signer`, { code, _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /verrouillée/);
  res = await trainer.post(`${sheet}/marquer`, { application: String(apps[DEMO.volunteer]), status: 'present', _submission: fresh() });
  assert.equal(res.status, 422);

  // Dues recomputed pro rata: the trainee attended one half-day of the course.
  const planned = await trainee.get(`/formations/sessions/${sessionId}/emargement`);
  const summary = planned.text.match(/id="hours-summary"><strong>([^<]*)/)[1];
  assert.match(summary, /Heures suivies : 3 h 30 sur/);
  const mgr = await loginAs(DEMO.training_staff);
  res = await mgr.get(`/formations/candidatures/${apps[DEMO.trainee]}`);
  const plannedMinutes = Number(summary.match(/sur (\d+) h/)[1]) * 60;
  const expectedDue = Math.floor((150000 * 210) / plannedMinutes);
  const euros = (expectedDue / 100).toFixed(2).replace('.', ',');
  assert.ok(res.text.replace(/\u202f|\u00a0/g, ' ').includes(euros), `due ${euros} € shown on the application page`);

  // A correction needs a reason; with one it is logged and shown.
  await trainer.get(sheet);
  res = await trainer.post(`${sheet}/corriger`, { application: String(apps[DEMO.volunteer]), status: 'present', reason: '  ', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /motif de la correction est obligatoire/);
  res = await trainer.post(`${sheet}/corriger`, { application: String(apps[DEMO.volunteer]), status: 'present', reason: 'Arrivée en retard, présence attestée par le formateur', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await trainer.get(sheet);
  assert.match(res.text, /Absent·e → Présent·e, par Formateur[^<]*Motif : Arrivée en retard/);

  // The printable sheet: names, signatures, countersignature, the correction.
  const pdf = await fetch(`${server.url}${sheet}/feuille.pdf`, { headers: { cookie: trainer.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `emargement-${process.pid}.pdf`);
  fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  fs.unlinkSync(file);
  assert.match(text, /Feuille d'émargement/);
  assert.match(text, /Sagiterre/);
  assert.match(text, /Session printemps 2027/);
  assert.match(text, /Stagiaire/);
  assert.match(text, /Signé électroniquement le/);
  assert.match(text, /Marqué par le formateur/);
  assert.match(text, /Contresigné par Formateur/);
  assert.match(text, /Arrivée en retard/);
  // The trainee may not download the sheet (it names the others).
  const denied = await fetch(`${server.url}${sheet}/feuille.pdf`, { headers: { cookie: trainee.cookieHeader() } });
  assert.equal(denied.status, 403);
});

test('a sheet can no longer be opened once its half-day is over, and codes are limited', async () => {
  const [first, second] = halfdays;
  // Inside the second half-day: open it, then five wrong codes exhaust the trainee's attempts.
  await restartAt(second.starts + 5 * 60);
  const t2 = await loginAs(DEMO.trainer);
  await t2.get(`/formations/demi-journees/${second.id}`);
  let res = await t2.post(`/formations/demi-journees/${second.id}/ouvrir`, { _submission: fresh() });
  assert.equal(res.status, 200);
  const code = res.text.match(/data-code="(\d{6})"/)[1];
  const trainee = await loginAs(DEMO.volunteer);
  await trainee.get(`/formations/demi-journees/${second.id}`);
  const wrong = code === '999999' ? '888888' : '999999';
  // Twelve wrong codes at once: the attempts are reserved atomically, so exactly five are checked.
  const answers = await Promise.all(Array.from({ length: 12 }, () =>
    trainee.post(`/formations/demi-journees/${second.id}/signer`, { code: wrong, _submission: fresh() })));
  for (const a of answers) assert.equal(a.status, 422);
  assert.equal(answers.filter((a) => /Ce code n'est pas le bon/.test(alertOf(a))).length, 5);
  assert.equal(answers.filter((a) => /Trop de codes erronés/.test(alertOf(a))).length, 7);
  res = await trainee.post(`/formations/demi-journees/${second.id}/signer`, { code, _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Trop de codes erronés/);
  // The first half-day is over (and locked): it cannot be reopened.
  const t3 = await loginAs(DEMO.trainer);
  await t3.get(`/formations/demi-journees/${first.id}`);
  res = await t3.post(`/formations/demi-journees/${first.id}/ouvrir`, { _submission: fresh() });
  assert.equal(res.status, 422);
});

test('dropouts with a cause, contacts, and follow-up notes visible to the trainee only', async () => {
  await restartAt(halfdays[1].starts + 3 * 86400);
  const manager = await loginAs(DEMO.training_staff);
  const trainer = await loginAs(DEMO.trainer);
  const trainee = await loginAs(DEMO.trainee);
  const other = await loginAs(DEMO.volunteer);
  const own = `/formations/candidatures/${apps[DEMO.trainee]}/suivi`;

  // Follow-up notes: objective required, then visible to the trainee.
  await trainer.get(own);
  let res = await trainer.post(own, { meeting_at: '2027-02-03T14:00', mode: 'visio', objective: '', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /objectif du rendez-vous est obligatoire/);
  res = await trainer.post(own, { meeting_at: '2027-02-03T14:00', mode: 'visio', objective: 'Préciser le projet de territoire',
    progress: 'Diagnostic partagé avec la médiathèque', next_step: 'Rencontrer le centre social', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await trainee.get(own);
  assert.equal(res.status, 200);
  assert.match(res.text, /Préciser le projet de territoire/);
  assert.match(res.text, /Rencontrer le centre social/);
  assert.doesNotMatch(res.text, /action="\/formations\/suivis\//, 'the trainee reads only');
  assert.equal((await other.get(own)).status, 403);
  // The trainer edits the note.
  const notes = [...(await trainer.get(own)).text.matchAll(/<article[\s\S]*?<\/article>/g)].map((m) => m[0]);
  const noteId = notes.find((n) => n.includes('Préciser le projet de territoire')).match(/action="\/formations\/suivis\/(\d+)"/)[1];
  res = await trainer.post(`/formations/suivis/${noteId}`, { meeting_at: '2027-02-03T15:00', mode: 'phone', objective: 'Préciser le projet de territoire (v2)', progress: '', next_step: '', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  assert.match((await trainee.get(own)).text, /\(v2\)/);
  // A trainee cannot write notes.
  assert.equal((await trainee.post(own, { meeting_at: '2027-02-03T14:00', mode: 'visio', objective: 'x', _submission: fresh() })).status, 403);

  // Dropout of the volunteer: the cause is required, then recorded; only once.
  const theirs = `/formations/candidatures/${apps[DEMO.volunteer]}`;
  await manager.get(`${theirs}/suivi`);
  res = await manager.post(`${theirs}/abandon`, { date: '2027-01-26', cause: '', detail: '', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /cause de l'abandon/);
  assert.equal((await trainer.post(`${theirs}/abandon`, { date: '2027-01-26', cause: 'health', _submission: fresh() })).status, 403);
  res = await manager.post(`${theirs}/abandon`, { date: '2027-01-26', cause: 'health', detail: 'Arrêt maladie long', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  res = await manager.get(`${theirs}/suivi`);
  assert.match(res.text, /Abandon le 26\/01\/2027 \(Santé\) — Arrêt maladie long/);
  res = await manager.post(`${theirs}/abandon`, { date: '2027-01-26', cause: 'work', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /admise ou confirmée/);

  // Follow-up contacts after the dropout: a summary is required; managers only see them.
  res = await manager.post(`${theirs}/contacts`, { date: '2027-01-27', channel: 'phone', summary: '', _submission: fresh() });
  assert.equal(res.status, 422);
  res = await manager.post(`${theirs}/contacts`, { date: '2027-01-27', channel: 'phone', summary: 'Appel : reprise possible en automne', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  assert.match((await manager.get(`${theirs}/suivi`)).text, /Appel : reprise possible en automne/);
  assert.doesNotMatch((await other.get(`${theirs}/suivi`)).text, /reprise possible/);
});

test('the trainer is reminded once of a sheet left unsigned a day after its half-day', async () => {
  // The second half-day was opened but never countersigned (the server's own scheduler may already
  // have sent the reminder: either way there must be exactly one).
  const second = halfdays[1];
  const when = second.starts + 2 * 86400;
  const link = `/formations/demi-journees/${second.id}`;
  const reminder = (m) => m.to === DEMO.trainer && m.subject.includes('Feuille d\'émargement à contresigner') &&
    new RegExp(`${link}(\\s|$)`).test(m.body.replace(/=\r?\n/g, ''));
  for (const now of [when, when + 120]) {
    const r = runTrame(['jobs', 'run-due', '--now', String(now), '--database', database]);
    assert.equal(r.status, 0, r.stderr);
  }
  if (process.env.TRAME_TEST_MAILDIR) {
    const mail = await waitForMail((m) => reminder(m) && !earlier.has(m.raw));
    assert.match(mail.body, /pas encore contresignée/);
    await mailSettled(server);
    assert.equal(mails().filter((m) => reminder(m) && !earlier.has(m.raw)).length, 1, 'one reminder only');
  }
});

test('demo: the completed Département sessions have countersigned sheets; loading the demo again adds nothing', async () => {
  const coordinator = await loginAs(DEMO.coordinator);
  const ancenis = await findSession(coordinator, "Pays d'Ancenis 2022-2023");
  const page = async () => (await coordinator.get(`/formations/sessions/${ancenis}/emargement`)).text;
  const first = await page();
  const rows = [...first.matchAll(/<tr data-halfday[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  assert.ok(rows.length > 0);
  for (const row of rows) assert.match(row, /verrouillée/);
  const counts = (text) => [...text.matchAll(/<td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td>/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const before = counts(first);
  assert.ok(before.every(([present]) => present > 0), 'trainees present at every half-day');
  assert.ok(before.some(([, absent]) => absent > 0), 'a few absences');
  const r = runTrame(['demo', '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(counts(await page()), before);
  // The demo trainee reads their follow-up note.
  const trainee = await loginAs(DEMO.trainee);
  const mine = await trainee.get(`/formations/candidatures/${apps[DEMO.trainee]}/suivi`);
  assert.equal(mine.status, 200);
  assert.match(mine.text, /Préciser le projet d&apos;action culturelle|Préciser le projet d'action culturelle/);
});
