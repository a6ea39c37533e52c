// Funders' files (/formations/sessions/{id}/dossiers-financeurs and its ZIP per trainee and funder):
// the archive of a demo trainee and funder is downloaded, read back (central directory, CRC-32,
// `unzip -t`), each PDF read with pdftotext (programme, attendance sheets, certificate of completion,
// and the quote, agreement and invoice once their modules hand files over), the summary's SHA-256 match
// the files and it lists what is missing; the download is audited; someone who does not manage the
// session, an unknown application or a funder the trainee has no line for get 404 and change nothing.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { parseSummary, pdfText, readZip, unzipTest } from './funder_files_fixtures.mjs';

let server;
let staff;        // Sagiterre: manages « Session printemps 2027 »
let coordinator;  // Département de Loire-Atlantique: manages « Pays d'Ancenis 2022-2023 »
let trainer;
let printemps;
let ancenis;

const decode = (t) => t.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const sha = (b) => createHash('sha256').update(b).digest('hex');

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

const sessionId = (title) => Number(dbValue(server.database, `SELECT id FROM training_sessions WHERE title = ${q(title)}`));
const applicationOf = (session, email) => Number(dbValue(server.database,
  `SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = ${session} AND u.email = ${q(email)}`));
const downloads = () => Number(dbValue(server.database,
  "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'funder_file.downloaded'"));

async function download(client, session, application, file) {
  const res = await fetch(`${server.url}/formations/sessions/${session}/dossiers-financeurs/${application}/${file}`,
    { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// The archive read back: entries, summary, and checks every funder's file passes.
function checkArchive(bytes) {
  const entries = readZip(bytes);
  const listed = unzipTest(bytes);
  if (listed) assert.deepEqual(listed, entries.map((e) => e.name));
  for (const e of entries) assert.ok(e.flags & 0x800, `UTF-8 flag on ${e.name}`);
  assert.equal(entries[0].name, '00-sommaire.txt');
  const summaryText = entries[0].data.toString('utf8');
  const summary = parseSummary(summaryText);
  const files = entries.slice(1);
  // Every file is in the summary with the SHA-256 of its bytes, in the archive's order.
  assert.deepEqual(summary.files.map((f) => f.name), files.map((e) => e.name));
  for (const e of files) assert.equal(summary.files.find((f) => f.name === e.name).sha256, sha(e.data), e.name);
  // Ordered 01-devis … 07-facture.
  const prefixes = files.map((e) => e.name.slice(0, 2));
  assert.deepEqual(prefixes, [...prefixes].sort());
  const texts = new Map();
  for (const e of files) {
    assert.match(e.name, /^0[1-7]-[A-Za-z0-9._-]+$/);
    assert.equal(e.data.subarray(0, 5).toString('latin1'), '%PDF-', e.name);
    texts.set(e.name, pdfText(e.data));
  }
  return { entries, files, summary, summaryText, texts };
}

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  coordinator = await signIn(DEMO.coordinator);
  trainer = await signIn(DEMO.trainer);
  printemps = sessionId('Session printemps 2027');
  ancenis = sessionId("Pays d'Ancenis 2022-2023");
});

after(async () => {
  await server?.stop();
});

test("the open session's page lists each trainee × funder with what is present and missing", async () => {
  const res = await staff.get(`/formations/sessions/${printemps}/dossiers-financeurs`);
  assert.equal(res.status, 200);
  const text = decode(res.text);
  const nadia = applicationOf(printemps, 'nadia.cherif@demo.trame.local');
  const thomas = applicationOf(printemps, 'thomas.guerin@demo.trame.local');
  assert.match(text, /<caption>Dossiers par stagiaire et par financeur/);
  assert.ok(text.includes(`data-application="${nadia}" data-funder="opco"`));
  assert.ok(text.includes(`data-application="${thomas}" data-funder="france_travail"`));
  assert.ok(text.includes(`href="/formations/sessions/${printemps}/dossiers-financeurs/${nadia}/opco.zip"`));
  assert.match(text, /02-programme-pouvoir-d-agir-et-cooperation-a-l-epreuve-du-territoire\.pdf/);
  // The session has not started: no certificate of completion yet, and no half-day has passed.
  assert.match(text, /Pièce manquante : certificat de réalisation/);
  assert.match(text, /Pièce manquante : feuilles d'émargement signées \(aucune demi-journée passée\)/);
});

test("a trainee's OPCO file: programme read back, hashes match, what is missing listed, download audited", async () => {
  const nadia = applicationOf(printemps, 'nadia.cherif@demo.trame.local');
  const before = downloads();
  const res = await download(staff, printemps, nadia, 'opco.zip');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition'), /attachment; filename="dossier-opco-nadia-cherif\.zip"/);
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
  const a = checkArchive(res.bytes);
  const programme = a.files.find((e) => e.name.startsWith('02-programme-'));
  assert.ok(programme, 'the programme is always there');
  const ptext = a.texts.get(programme.name);
  assert.match(ptext, /Programme de formation — Pouvoir d'agir et coopération à l'épreuve du territoire/);
  assert.match(ptext, /Objectifs pédagogiques/);
  assert.match(ptext, /Tarif 1 500,00 € net par personne/);
  assert.match(ptext, /Session « Session printemps 2027 »/);
  assert.match(a.summaryText, /Dossier du financeur : OPCO \(Uniformation\)/);
  assert.match(a.summaryText, /Stagiaire : Nadia Chérif/);
  // Each missing part is said once, in French; a part present is not said missing.
  for (const [prefix, label] of [['01-', 'devis'], ['03-', 'convention signée'], ['07-', 'facture adressée à ce financeur']]) {
    const present = a.files.some((e) => e.name.startsWith(prefix));
    assert.equal(a.summary.missing.some((m) => m.startsWith(label)), !present, `${prefix} ${label}`);
  }
  assert.ok(a.summary.missing.includes('certificat de réalisation'));
  // The documents other modules hand over (quotes, agreements, invoices), once they exist, are PDFs that say what they are.
  for (const e of a.files.filter((f) => f.name.startsWith('01-'))) assert.match(a.texts.get(e.name), /[Dd]evis/);
  for (const e of a.files.filter((f) => f.name.startsWith('03-'))) assert.match(a.texts.get(e.name), /[Cc]onvention|[Cc]ontrat/);
  for (const e of a.files.filter((f) => f.name.startsWith('07-'))) assert.match(a.texts.get(e.name), /[Ff]acture/);
  assert.equal(downloads(), before + 1);
  const detail = dbValue(server.database,
    `SELECT detail FROM audit_log WHERE action = 'funder_file.downloaded' AND subject = 'application:${nadia}' ORDER BY id DESC LIMIT 1`);
  assert.match(detail, /^opco — \d+ pièces, \d+ manquantes$/);
});

test("the employer billed without a funding line has its file too: every invoice and credit note read back", async () => {
  const app = applicationOf(printemps, DEMO.trainee);
  const numbers = dbRows(server.database,
    `SELECT number FROM training_invoices WHERE application_id = ${app} AND payer = 'employer' ORDER BY id`).map((r) => r[0]);
  const lines = Number(dbValue(server.database,
    `SELECT CAST(COUNT(*) AS BIGINT) FROM training_funding_lines WHERE application_id = ${app} AND funder = 'employer'`));
  // The invoices' demo bills the demo trainee's employer at every status, without a funding line.
  assert.ok(numbers.length > 0, 'demo invoices to the employer');
  assert.equal(lines, 0);
  const page = decode((await staff.get(`/formations/sessions/${printemps}/dossiers-financeurs`)).text);
  const row = page.match(new RegExp(`<tr data-application="${app}" data-funder="employer">[\\s\\S]*?</tr>`));
  assert.ok(row, 'a row for the employer billed without a line');
  assert.match(row[0], /Sans ligne de financement : facturé du reste du prix/);
  const res = await download(staff, printemps, app, 'employer.zip');
  assert.equal(res.status, 200);
  const a = checkArchive(res.bytes);
  assert.match(a.summaryText, /Dossier du financeur : Employeur/);
  assert.match(a.summaryText, /Sans ligne de financement : facturé du reste du prix de la formation/);
  const invoices = a.files.filter((e) => e.name.startsWith('07-'));
  assert.equal(invoices.length, numbers.length);
  const texts = invoices.map((e) => a.texts.get(e.name)).join('\n');
  for (const n of numbers) assert.ok(texts.includes(n), `${n} read back`);
  assert.ok(!a.summary.missing.some((m) => m.startsWith('facture')));
  // The person (self) has no invoice and no line: no file.
  assert.equal((await download(staff, printemps, app, 'self.zip')).status, 404);
});

test("a completed session's file holds the signed attendance sheets and the certificate of completion", async () => {
  // A Département line on a trainee of the completed « Pays d'Ancenis 2022-2023 » (its manager adds it;
  // the programme is free: the line carries no amount).
  const app = Number(dbValue(server.database,
    `SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = ${ancenis} AND a.status = 'completed' ORDER BY u.name LIMIT 1`));
  const name = dbValue(server.database, `SELECT u.name FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.id = ${app}`);
  await coordinator.get(`/formations/candidatures/${app}`);
  const add = await coordinator.post(`/formations/candidatures/${app}/financements`, {
    funder: 'departement', funder_name: 'Département de Loire-Atlantique', amount: '0', hours: '', agreement_ref: 'CD44-2022-17',
    status: 'agreed', _submission: randomUUID(),
  });
  assert.equal(add.status, 303, add.text.slice(0, 500));
  const page = decode((await coordinator.get(`/formations/sessions/${ancenis}/dossiers-financeurs`)).text);
  assert.ok(page.includes(`data-application="${app}" data-funder="departement"`));

  const res = await download(coordinator, ancenis, app, 'departement.zip');
  assert.equal(res.status, 200);
  const a = checkArchive(res.bytes);
  const sheets = a.files.filter((e) => e.name.startsWith('05-emargement-'));
  const halfdays = Number(dbValue(server.database,
    `SELECT CAST(COUNT(DISTINCT halfday_id) AS BIGINT) FROM training_documents WHERE session_id = ${ancenis} AND kind = 'attendance_sheet'`));
  assert.ok(halfdays > 0);
  assert.equal(sheets.length, halfdays, 'one sheet per half-day (its newest version)');
  for (const s of sheets) {
    assert.match(s.name, /^05-emargement-\d{4}-\d\d-\d\d-(matin|apres-midi)\.pdf$/);
    assert.match(a.texts.get(s.name), /Feuille d'émargement/);
    assert.ok(a.texts.get(s.name).includes(name), `${name} on ${s.name}`);
  }
  // The newest stored version of each sheet, byte for byte.
  for (const s of sheets) {
    const known = dbValue(server.database,
      `SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents WHERE session_id = ${ancenis} AND kind = 'attendance_sheet' AND sha256 = ${q(sha(s.data))} AND id = (SELECT MAX(d2.id) FROM training_documents d2 WHERE d2.halfday_id = training_documents.halfday_id AND d2.kind = 'attendance_sheet')`);
    assert.equal(Number(known), 1, s.name);
  }
  const certificate = a.files.find((e) => e.name.startsWith('06-certificat-de-realisation-'));
  assert.ok(certificate, a.files.map((e) => e.name).join(', '));
  const ctext = a.texts.get(certificate.name);
  assert.match(ctext, /Certificat de réalisation/);
  assert.ok(ctext.includes(name));
  const storedCertificate = dbValue(server.database,
    `SELECT sha256 FROM training_documents WHERE application_id = ${app} AND kind = 'certificate' ORDER BY id DESC LIMIT 1`);
  assert.equal(sha(certificate.data), storedCertificate);
  assert.ok(!a.summary.missing.some((m) => m.startsWith('certificat')));
  assert.ok(!a.summary.missing.some((m) => m.startsWith("feuille")), a.summary.missing.join(' | '));
});

test('who does not manage the session, an unknown pair or a malformed name: 404, nothing recorded', async () => {
  const nadia = applicationOf(printemps, 'nadia.cherif@demo.trame.local');
  const thomas = applicationOf(printemps, 'thomas.guerin@demo.trame.local');
  const otherSession = Number(dbValue(server.database,
    `SELECT id FROM training_applications WHERE session_id = ${ancenis} ORDER BY id LIMIT 1`));
  const before = downloads();
  // Another organiser's manager: as if missing.
  assert.equal((await coordinator.get(`/formations/sessions/${printemps}/dossiers-financeurs`)).status, 404);
  assert.equal((await download(coordinator, printemps, nadia, 'opco.zip')).status, 404);
  assert.equal((await staff.get(`/formations/sessions/${ancenis}/dossiers-financeurs`)).status, 404);
  // A trainer (no trainings.manage): refused by the permission.
  assert.equal((await trainer.get(`/formations/sessions/${printemps}/dossiers-financeurs`)).status, 403);
  assert.equal((await download(trainer, printemps, nadia, 'opco.zip')).status, 403);
  // A funder the trainee has no line for, an unknown funder, no .zip, an application of another session.
  assert.equal((await download(staff, printemps, nadia, 'region.zip')).status, 404);
  assert.equal((await download(staff, printemps, thomas, 'opco.zip')).status, 404);
  assert.equal((await download(staff, printemps, nadia, 'banque.zip')).status, 404);
  assert.equal((await download(staff, printemps, nadia, 'opco')).status, 404);
  assert.equal((await download(staff, printemps, nadia, 'opco.pdf')).status, 404);
  assert.equal((await download(staff, printemps, otherSession, 'departement.zip')).status, 404);
  assert.equal((await download(staff, printemps, 999999, 'opco.zip')).status, 404);
  assert.equal((await download(staff, 999999, nadia, 'opco.zip')).status, 404);
  // Anonymous: to the sign-in page.
  const anonymous = await fetch(`${server.url}/formations/sessions/${printemps}/dossiers-financeurs/${nadia}/opco.zip`, { redirect: 'manual' });
  assert.equal(anonymous.status, 303);
  assert.equal(downloads(), before);
});
