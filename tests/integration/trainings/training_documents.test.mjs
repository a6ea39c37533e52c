// Training documents (/formations/sessions/{id}/documents, /formations/documents/{id},
// /formations/mes-documents): convocation, certificate of completion, completion attestation and
// individual hours statement generated as PDF (text checked with pdftotext), stored with the
// sha256 of their bytes, e-mailed on demand; certificates refused before the session is completed
// or for a trainee not enrolled; convocations sent automatically once by `trame jobs run-due` and
// by the scheduler; who may download what.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, jobRuns, runTrame, spawnTrame, startTrame, TMP, until, waitForMail } from '../harness.mjs';
import { dbValue } from '../questionnaire_fixtures.mjs';

let server;
let admin;
let coordinator;  // Département de Loire-Atlantique: manages "Pays d'Ancenis 2022-2023"
let staff;        // Sagiterre: manages "Session printemps 2027"
let trainee;      // admitted to "Session printemps 2027"
let ancenis;
let printemps;

const html = (t) => t.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// The session id whose documents page shows this title (looked up as administrator).
async function sessionId(title) {
  for (let id = 1; id <= 40; id++) {
    const page = await admin.get(`/formations/sessions/${id}/documents`);
    if (page.status === 200 && html(page.text).includes(`— ${title} —`)) return id;
  }
  throw new Error(`session not found: ${title}`);
}

async function generate(client, session, fields) {
  await client.get(`/formations/sessions/${session}/documents`);
  return client.post(`/formations/sessions/${session}/documents`, { _submission: randomUUID(), ...fields });
}

// Rows of the documents table: { id, kind, trainee, sent, sha256 }.
async function documents(client, session) {
  const rows = [];
  for (let page = 1; page < 20; page++) {
    const res = await client.get(`/formations/sessions/${session}/documents?page=${page}`);
    assert.equal(res.status, 200);
    res.text = html(res.text);
    const found = [...res.text.matchAll(/<tr>\s*<th scope="row"><a href="\/formations\/documents\/(\d+)" data-document="\d+">([^<]+)<\/a><\/th>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*><code class="hash">([0-9a-f]{64})<\/code>/g)];
    for (const m of found) rows.push({ id: Number(m[1]), kind: m[2], trainee: m[3], sent: !/non envoyé/.test(m[4]), sha256: m[5] });
    if (!res.text.includes(`page=${page + 1}`)) break;
  }
  return rows;
}

async function download(client, id) {
  const res = await fetch(`${server.url}/formations/documents/${id}`, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, disposition: res.headers.get('content-disposition') || '' };
}

// pdfinfo's report of a PDF (Title, Author, Tagged…).
function pdfInfo(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `doc-info-${process.pid}-${randomUUID().slice(0, 8)}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function pdfText(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `doc-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.unlinkSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\u00a0/g, ' ').replace(/[ \t]+/g, ' ');
}

// A 1×1 PNG, uploaded as the Département's logo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function uploadLogo(client, name) {
  const list = await client.get('/annuaire?q=departement+loire');
  const id = list.text.match(new RegExp(`/annuaire/structures/(\\d+)">${name}`))[1];
  await client.get(`/admin/organisations/${id}`);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('logo', new Blob([PNG], { type: 'image/png' }), 'logo.png');
  const res = await client.request('POST', `/admin/organisations/${id}/logo`, { body: form });
  assert.equal(res.status, 303);
}

function imageCount(bytes) {
  const file = path.join(TMP, `img-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  fs.unlinkSync(file);
  return r.stdout.trim().split('\n').length - 2;
}

const flat = (t) => t.replace(/\s+/g, ' ');

function hoursOf(text, label) {
  const m = text.match(new RegExp(`${label} (\\d+) h(?: (\\d\\d))?`));
  assert.ok(m, `no "${label}" in:\n${text}`);
  return Number(m[1]) * 60 + Number(m[2] || 0);
}

before(async () => {
  server = await startTrame();
  admin = await signIn(DEMO.administrator);
  coordinator = await signIn(DEMO.coordinator);
  staff = await signIn(DEMO.training_staff);
  trainee = await signIn(DEMO.trainee);
  ancenis = await sessionId("Pays d'Ancenis 2022-2023");
  printemps = await sessionId('Session printemps 2027');
});
after(async () => { await server?.stop(); });

test('certificates, attestations and hours statements of a completed session: text, hours and hash', async () => {
  const demoCertificates = (await documents(coordinator, ancenis)).filter((r) => r.kind === 'Certificat de réalisation').length;
  assert.equal(demoCertificates, 10, 'the demo holds the certificates of the completed session');
  await uploadLogo(coordinator, 'Département de Loire-Atlantique');
  for (const kind of ['certificate', 'attestation', 'hours_statement']) {
    const res = await generate(coordinator, ancenis, { kind });
    assert.equal(res.status, 303, res.text.slice(0, 500));
  }
  const rows = await documents(coordinator, ancenis);
  const certificates = rows.filter((r) => r.kind === 'Certificat de réalisation');
  assert.equal(certificates.length, 20, 'nine completed trainees and one dropout, once more');
  const one = certificates.find((r) => r.trainee === 'David Bonnet') || certificates[0];
  const name = one.trainee;
  const cert = await download(coordinator, one.id);
  assert.equal(cert.status, 200);
  // Named in French after the document, the person and the training; a tagged PDF in French with
  // its title and the organiser as author.
  const slug = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  assert.match(cert.disposition, new RegExp(`filename="certificat-de-realisation-${slug(name)}-formation-action-culture-social[a-z0-9-]*\\.pdf"`), cert.disposition);
  const info = pdfInfo(cert.bytes);
  assert.match(info, /^Tagged:\s+yes$/m);
  assert.match(info, new RegExp(`^Title:\\s+Certificat de réalisation — ${name}$`, 'm'));
  assert.match(info, /^Author:\s+\S/m);
  assert.match(cert.bytes.toString('latin1'), /\/Lang \(fr-FR\)/);
  assert.equal(createHash('sha256').update(cert.bytes).digest('hex'), one.sha256, 'stored hash = hash of the bytes');
  const certText = flat(pdfText(cert.bytes));
  assert.ok(imageCount(cert.bytes) >= 1, "the organiser's logo is drawn");
  assert.match(certText, /Certificat de réalisation/i);
  assert.ok(certText.includes(name), certText);
  assert.match(certText, /Formation-action culture\/social/);
  assert.match(certText, /Je soussigné\(e\) .*représentant légal du dispensateur/);
  assert.match(certText, /Département de Loire-Atlantique/);
  assert.match(certText, /☒ Action de formation/);
  assert.match(certText, /s'est déroulée du \d{1,2}(er)? [a-zéû]+ 2022 au \d{1,2}(er)? [a-zéû]+ 2023/);
  const attended = hoursOf(certText, 'durée réalisée de');

  const hours = rows.find((r) => r.kind === 'Relevé individuel d\'heures' && r.trainee === name);
  const statement = pdfText((await download(coordinator, hours.id)).bytes);
  assert.ok(statement.includes(name));
  assert.match(statement, /Pays d'Ancenis 2022-2023/);
  assert.match(statement, /Présent\(e\)/);
  assert.equal(hoursOf(flat(statement), 'Heures réalisées :'), attended, 'the certificate and the statement agree');
  // The statement's total is the sum of the half-days marked present.
  let sum = 0;
  for (const line of statement.split('\n')) {
    const m = line.match(/(\d+) h(?: (\d\d))?\s+Présent\(e\)/);
    if (m) sum += Number(m[1]) * 60 + Number(m[2] || 0);
  }
  assert.equal(sum, attended);
  assert.match(statement, /\d{1,2}(er)? octobre 2022/);

  const att = rows.find((r) => r.kind === 'Attestation de fin de formation' && r.trainee === name);
  const attText = flat(pdfText((await download(coordinator, att.id)).bytes));
  assert.match(attText, /Attestation de fin de formation/);
  assert.ok(attText.includes(name));
  assert.match(attText, /Objectifs de la formation/);
  assert.match(attText, /Évaluation des acquis/);
  assert.equal(hoursOf(attText, 'Durée réalisée :'), attended);
});

test('certificates are refused before the session is completed and for a trainee not enrolled', async () => {
  const before = (await documents(staff, printemps)).length;
  const early = await generate(staff, printemps, { kind: 'certificate' });
  assert.equal(early.status, 422);
  assert.match(html(early.text), /La session n'est pas terminée/);
  // An application of another session (that of an Ancenis document).
  const other = (await documents(coordinator, ancenis))[0];
  const application = dbValue(server.database, `SELECT application_id FROM training_documents WHERE id = ${Number(other.id)}`);
  assert.ok(Number(application) > 0);
  const stranger = await generate(staff, printemps, { kind: 'hours_statement', application });
  assert.equal(stranger.status, 422);
  assert.match(stranger.text, /pas inscrite à la session/);
  const bad = await generate(staff, printemps, { kind: 'diploma' });
  assert.equal(bad.status, 422);
  assert.equal((await documents(staff, printemps)).length, before, 'nothing was stored');
  // One trainee only.
  const page = html((await staff.get(`/formations/sessions/${printemps}/documents`)).text);
  const option = page.match(/<option value="(\d+)" >Stagiaire Paul Guimard \(admis\)<\/option>/);
  assert.ok(option, page.match(/d-application[\s\S]{0,600}/)?.[0]);
  const single = await generate(staff, printemps, { kind: 'hours_statement', application: option[1] });
  assert.equal(single.status, 303);
  const after = await documents(staff, printemps);
  assert.equal(after.length, before + 1);
  assert.equal(after[0].trainee, 'Stagiaire Paul Guimard');
});

test('convocations on demand are e-mailed with a link; the trainee reads only their own documents', async () => {
  const res = await generate(staff, printemps, { kind: 'convocation', send: '1' });
  assert.equal(res.status, 303);
  const rows = (await documents(staff, printemps)).filter((r) => r.kind === 'Convocation');
  assert.equal(rows.length, 3, 'admitted and confirmed trainees');
  assert.ok(rows.every((r) => r.sent));
  const mine = rows.find((r) => r.trainee === 'Stagiaire Paul Guimard');
  const mail = await waitForMail((m) => m.to === DEMO.trainee && m.body.includes(`${server.url}/formations/documents/${mine.id}`));
  assert.match(mail.subject, /Convocation/);
  const theirs = rows.find((r) => r !== mine);
  const own = await download(trainee, mine.id);
  assert.equal(own.status, 200);
  const text = flat(pdfText(own.bytes));
  assert.match(text, /Convocation/);
  assert.match(text, /Stagiaire Paul Guimard/);
  assert.match(text, /Pouvoir d'agir et coopération/);
  assert.match(text, /Référent handicap/);
  assert.match(text, /Formateurs/);
  assert.match(text, /Sagiterre/);
  assert.match(text, /\d{1,2}(er)? [a-zéû]+ 20\d\d/);
  assert.equal((await download(trainee, theirs.id)).status, 404);
  const list = await trainee.get('/formations/mes-documents');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`data-document="${mine.id}"`));
  assert.doesNotMatch(list.text, new RegExp(`data-document="${theirs.id}"`));
  // Another organiser's manager sees neither the page nor the documents.
  assert.equal((await coordinator.get(`/formations/sessions/${printemps}/documents`)).status, 404);
  assert.equal((await download(coordinator, mine.id)).status, 404);
  assert.equal((await download(staff, (await documents(coordinator, ancenis))[0].id)).status, 404);
  assert.equal((await trainee.get(`/formations/sessions/${printemps}/documents`)).status, 403);
  const anonymous = await fetch(`${server.url}/formations/documents/${mine.id}`, { redirect: 'manual' });
  assert.notEqual(anonymous.status, 200);
});

test('jobs run-due sends each confirmed trainee one convocation, never twice', async () => {
  const s = await startTrame();
  try {
    const c = new Client(s.url);
    await c.login(DEMO.training_staff);
    const page = await c.get(`/formations/sessions/${printemps}/documents`);
    const starts = Number(page.text.match(/data-unix="(\d+)"/)[1]);
    const now = String(starts - 3 * 86400);
    const first = runTrame(['jobs', 'run-due', '--now', now, '--database', s.database]);
    assert.equal(first.status, 0, first.stderr);
    const second = runTrame(['jobs', 'run-due', '--now', String(starts - 2 * 86400), '--database', s.database]);
    assert.equal(second.status, 0, second.stderr);
    const convocations = (await documents(c, printemps)).filter((r) => r.kind === 'Convocation');
    assert.equal(convocations.length, 2, 'the two confirmed trainees, once each');
    assert.ok(convocations.every((r) => r.sent));
  } finally {
    await s.stop();
  }
});

test('two instances running the jobs at the same time still send one convocation each', async () => {
  const s = await startTrame();
  try {
    const c = new Client(s.url);
    await c.login(DEMO.training_staff);
    const page = await c.get(`/formations/sessions/${printemps}/documents`);
    const now = String(Number(page.text.match(/data-unix="(\d+)"/)[1]) - 86400);
    const run = () => new Promise((resolve) => {
      const child = spawnTrame(['jobs', 'run-due', '--now', now, '--database', s.database], { stdio: 'ignore' });
      child.on('exit', resolve);
    });
    const codes = await Promise.all([run(), run(), run()]);
    assert.deepEqual(codes, [0, 0, 0]);
    const convocations = (await documents(c, printemps)).filter((r) => r.kind === 'Convocation');
    assert.equal(convocations.length, 2);
  } finally {
    await s.stop();
  }
});

test('the scheduler of a running server sends convocations once', async () => {
  const page = await staff.get(`/formations/sessions/${printemps}/documents`);
  const starts = Number(page.text.match(/data-unix="(\d+)"/)[1]);
  const offset = starts - 3 * 86400 - Math.floor(Date.now() / 1000);
  const s = await startTrame({ env: { TRAME_CLOCK_OFFSET: String(offset), TRAME_TRAININGS_JOB_SECONDS: '1' } });
  try {
    const c = new Client(s.url);
    await c.login(DEMO.training_staff);
    const rows = await until(async () => {
      const found = (await documents(c, printemps)).filter((r) => r.kind === 'Convocation');
      return found.length >= 2 && found;
    }, 'the two convocations made by the job', 20000, 200);
    assert.equal(rows.length, 2);
    await waitForMail((m) => m.to === 'nadia.cherif@demo.trame.local' && m.body.includes(`${s.url}/formations/documents/`));
    await jobRuns(s, 'formations : listes d\'attente, convocations, rappels');  // one whole run more
    assert.equal((await documents(c, printemps)).filter((r) => r.kind === 'Convocation').length, 2, 'never twice');
  } finally {
    await s.stop();
  }
});
