// Every upload path names the kept file from the type its bytes show, never from the client's
// extension, strips control and bidirectional characters (U+202E…) from the name, refuses types
// outside the module's list with a French message (nothing stored), and serves downloads as
// attachments with the detected Content-Type, an RFC 6266 name and nosniff.
// Paths: the toolbox and the group space of a training session, partnership documents, the
// directory import (its CSV's name is shown on the preview).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, ROOT, startTrame } from '../harness.mjs';
import { sessionId } from '../enrolments_fixtures.mjs';

const SPRING = 'Session printemps 2027';
const RLO = '\u202E';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

let server;
let staff;    // formation@sagiterre.local: manages the spring session
let trainee;  // stagiaire@paul-guimard.local: admitted on it
let admin;
let spring;

const unique = (prefix) => `${prefix} ${randomBytes(3).toString('hex')}`;
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const quote = (s) => `'${s.replace(/'/g, "''")}'`;

// Runs SQL straight on the database, behind Trame's back (sqlite3 or psql).
const rawSql = (statement) => querySql(server.database, statement);

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Fetches `page` (for the CSRF token), then posts a multipart form with one file.
async function postFile(client, page, action, fields, field, bytes, name) {
  await client.get(page);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', client.submission || unique('s'));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(field, new Blob([bytes], { type: 'application/octet-stream' }), name);
  return client.request('POST', action, { body: form });
}

async function download(client, url) {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// A download of `name`: its type, nosniff, and an attachment with an ASCII fallback name (one '_'
// per byte outside printable ASCII) and the UTF-8 name percent-encoded (RFC 6266).
function assertAttachment(res, type, name) {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), type);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const ascii = [...Buffer.from(name)].map((b) => (b >= 0x20 && b < 0x7f && !'"\\;%'.includes(String.fromCharCode(b))
    ? String.fromCharCode(b) : '_')).join('');
  assert.equal(res.headers.get('content-disposition'),
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  spring = await sessionId(staff, SPRING);
  trainee = await signIn(DEMO.trainee);
  admin = await signIn(DEMO.administrator);
});
after(async () => { await server?.stop(); });

const toolboxPath = () => `/formations/sessions/${spring}/boite-a-outils`;
const resourceCount = () => Number(rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM training_resources'));

test('toolbox: files are named from their detected type, bidi characters removed, served as attachments', async () => {
  const cases = [
    // [bytes, client name, kept name, type]
    [PDF, 'x.html', 'x.pdf', 'application/pdf'],
    [PNG, `facture${RLO}gnp.exe`, 'facturegnp.png', 'image/png'],
    [Buffer.from('Liste du matériel :\n- feutres\n'), 'consignes.html', 'consignes.txt', 'text/plain; charset=utf-8'],
    [PDF, `\u2067support\u2069 \u200Eséance\u200F.pdf`, 'support séance.pdf', 'application/pdf'],
  ];
  for (const [bytes, name, kept, type] of cases) {
    const title = unique('Fichier');
    const res = await postFile(staff, toolboxPath(), toolboxPath(), { kind: 'file', title }, 'file', bytes, name);
    assert.equal(res.status, 303, name);
    const row = rawSql(`SELECT CAST(id AS TEXT) || '|' || file_name || '|' || content_type FROM training_resources WHERE title = ${quote(title)}`);
    const [id, fileName, contentType] = row.split('|');
    assert.equal(fileName, kept, name);
    assert.equal(contentType, type);
    // The enrolled trainee downloads it under that name, with the detected type.
    const file = await download(trainee, `/formations/ressources/${id}`);
    assertAttachment(file, type, kept);
    assert.deepEqual(file.bytes, bytes);
  }
  // A file without a title is shown under its kept name; no bidi control reaches the page.
  const res = await postFile(staff, toolboxPath(), toolboxPath(), { kind: 'file', title: '' }, 'file', PDF, `rapport${RLO}lmth.pdf`);
  assert.equal(res.status, 303);
  const page = await trainee.get(toolboxPath());
  assert.match(page.text, /rapportlmth\.pdf/);
  assert.doesNotMatch(page.text, /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
});

test('toolbox: arbitrary bytes, web pages and fake archives are refused in French, nothing stored', async () => {
  const before = resourceCount();
  const refused = [
    [randomBytes(4096), 'outil.pdf'],
    [Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), 'outil.exe'],
    [HTML, 'notes.txt'],
    [SVG, 'logo.png'],
    [Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(64)]), 'tableau.xlsx'],
  ];
  for (const [bytes, name] of refused) {
    const title = unique('Refusé');
    const res = await postFile(staff, toolboxPath(), toolboxPath(), { kind: 'file', title }, 'file', bytes, name);
    assert.equal(res.status, 422, name);
    assert.match(text(res.text), /Ce type de fichier n'est pas accepté \(d'après son contenu, quel que soit son nom\)/, name);
    assert.match(res.text, /role="alert"/);
  }
  // The group space refuses them too (a shared file joins the toolbox).
  const group = `/formations/sessions/${spring}/groupe`;
  for (const [bytes, name] of refused) {
    const res = await postFile(staff, group, group, { title: unique('Fil'), body: 'Voici' }, 'file', bytes, name);
    assert.equal(res.status, 422, name);
    assert.match(text(res.text), /Ce type de fichier n'est pas accepté/);
  }
  assert.equal(resourceCount(), before);
});

test('group space: a shared file is named from its type too', async () => {
  const group = `/formations/sessions/${spring}/groupe`;
  const title = unique('Partage');
  const res = await postFile(trainee, group, group, { title, body: 'Mon compte rendu' }, 'file', PDF, `compte${RLO}lmth.html`);
  assert.equal(res.status, 303);
  const row = rawSql(`SELECT CAST(r.id AS TEXT) || '|' || r.file_name FROM training_resources r
    JOIN training_posts p ON p.resource_id = r.id JOIN training_threads t ON t.id = p.thread_id WHERE t.title = ${quote(title)}`);
  const [id, fileName] = row.split('|');
  assert.equal(fileName, 'comptelmth.pdf');
  assertAttachment(await download(staff, `/formations/ressources/${id}`), 'application/pdf', 'comptelmth.pdf');
});

test('partnership documents: named from their detected type, bidi characters removed, web pages refused', async () => {
  const id = Number(rawSql('SELECT CAST(MIN(id) AS TEXT) FROM partnerships'));
  const url = `/annuaire/partenariats/${id}`;
  const count = () => Number(rawSql(`SELECT CAST(COUNT(*) AS TEXT) FROM partnership_documents WHERE partnership_id = ${id}`));
  const before = count();
  for (const [bytes, name] of [[HTML, 'convention.pdf'], [SVG, 'charte.png'], [randomBytes(2048), 'x.pdf']]) {
    const res = await postFile(admin, url, `${url}/documents`, {}, 'document', bytes, name);
    assert.equal(res.status, 303, name);
    assert.match(text((await admin.get(url)).text), /Ce type de fichier n'est pas accepté/, name);
  }
  assert.equal(count(), before);

  for (const [bytes, name, kept, type] of [[PDF, 'x.html', 'x.pdf', 'application/pdf'],
    [PNG, `charte${RLO}fdp.exe`, 'chartefdp.png', 'image/png']]) {
    const res = await postFile(admin, url, `${url}/documents`, {}, 'document', bytes, name);
    assert.equal(res.status, 303, name);
    const doc = rawSql(`SELECT CAST(MAX(id) AS TEXT) || '|' || MAX(file_name) FROM partnership_documents
      WHERE partnership_id = ${id} AND file_name = ${quote(kept)}`);
    const [docId, fileName] = doc.split('|');
    assert.equal(fileName, kept);
    assertAttachment(await download(admin, `${url}/documents/${docId}`), type, kept);
  }
  assert.equal(count(), before + 2);
  const page = await admin.get(url);
  assert.match(page.text, /chartefdp\.png/);
  assert.doesNotMatch(page.text, /[\u202A-\u202E\u2066-\u2069]/);
  // No name kept with the client's misleading extension or a bidi control.
  assert.equal(rawSql(`SELECT CAST(COUNT(*) AS TEXT) FROM partnership_documents WHERE file_name LIKE '%.html' OR file_name LIKE '%.exe'`), '0');
});

test('directory import: the CSV name shown on the preview is cleaned', async () => {
  await admin.get('/annuaire/import');
  const form = new FormData();
  form.append('_csrf', admin.csrf);
  form.append('_submission', admin.submission);
  form.append('fichier', new Blob([fs.readFileSync(path.join(ROOT, 'tests/data/organisations-valid.csv'))], { type: 'text/csv' }),
    `annuaire${RLO}vsc.exe`);
  const res = await admin.request('POST', '/annuaire/import', { body: form });
  assert.equal(res.status, 303);
  const token = res.location.split('/').pop();
  assert.equal(rawSql(`SELECT file_name FROM import_batches WHERE token = ${quote(token)}`), 'annuairevsc.txt');
  const preview = await admin.get(res.location);
  assert.match(preview.text, /<strong>annuairevsc\.txt<\/strong>/);
  assert.doesNotMatch(preview.text, /\u202E/);
});
