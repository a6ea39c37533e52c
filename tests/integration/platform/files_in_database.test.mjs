// Files in the database (issue 13): raw bytes in BLOB (SQLite) / BYTEA (PostgreSQL) columns, never base64
// text. On the engine under test (TRAME_TEST_ENGINE): an uploaded logo, partnership document, offer image
// and toolbox file, and a generated training document, come back byte-identical over HTTP and the column
// holds exactly the file's bytes (its length is the file's size); migration 0020 converts the base64 rows
// of a database at 0019 losslessly, and refuses (rolls back) a value that is not base64.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, freshDatabase, querySql, ROOT, runSql, runTrame, startTrame, TMP } from '../harness.mjs';
import { sessionId } from '../enrolments_fixtures.mjs';
import { noise, pictureInfo, png } from '../pictures.mjs';

const SQLITE = ENGINE !== 'postgresql';
const hexOf = (col) => (SQLITE ? `lower(hex(${col}))` : `encode(${col}, 'hex')`);
const sizeOf = (col) => (SQLITE ? `length(${col})` : `octet_length(${col})`);
const typeOf = (col) => (SQLITE ? `typeof(${col})` : `pg_typeof(${col})::text`);
const BINARY = SQLITE ? 'blob' : 'bytea';
// The newest migration this checkout ships: a database at 0019 is brought up to it.
const LATEST = String(Math.max(...fs.readdirSync(path.join(ROOT, 'migrations', 'sqlite'))
  .filter((name) => /^\d{4}_.*\.sql$/.test(name)).map((name) => Number(name.slice(0, 4)))));

// Every byte value, with NUL and 0xFF next to each other: what a text path would lose.
const ALL = Buffer.from([...Array(256).keys(), 0, 0xff, 0, 0xff]);
const PNG = Buffer.concat([
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
  ALL]);
// Pictures are decoded and written again at upload (issue 14): a photograph-like one (kept as a JPEG for
// an offer, a PNG for a logo) whose bytes hold NUL and 0xFF; what is served is then exactly what is stored.
const PHOTO = png(64, 48, { paint: noise });
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%'), ALL, Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const unique = (prefix) => `${prefix} ${randomBytes(3).toString('hex')}`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let server;
let admin;
const rawSql = (statement) => querySql(server.database, statement);

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

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
  assert.equal(res.status, 200, url);
  return Buffer.from(await res.arrayBuffer());
}

// The stored value of one row: exactly the bytes (same hex, length = size), in a binary column.
function assertStored(table, column, where, bytes) {
  const [type, size, hex] = rawSql(`SELECT ${typeOf(column)} || '|' || CAST(${sizeOf(column)} AS TEXT) || '|' || ${hexOf(column)}
    FROM ${table} WHERE ${where}`).split('|');
  assert.equal(type, BINARY, `${table}.${column} holds ${type}`);
  assert.equal(Number(size), bytes.length, `${table}.${column}: stored size is the file's size`);
  assert.equal(hex, bytes.toString('hex'), `${table}.${column}: the file's bytes`);
}

before(async () => {
  server = await startTrame();
  admin = await signIn(DEMO.administrator);
});
after(async () => { await server?.stop(); });

// The picture as served: re-encoded, the same size, with NUL and 0xFF among its bytes.
function reencoded(bytes, type) {
  const info = pictureInfo(bytes);
  assert.deepEqual([info.type, info.width, info.height, info.alpha], [type, 64, 48, false]);
  assert.ok(bytes.includes(0) && bytes.includes(0xff));
  return bytes;
}

test('an organisation logo is stored as its bytes and served byte-identical', async () => {
  const org = Number(rawSql('SELECT CAST(MIN(id) AS TEXT) FROM organisations'));
  const page = `/admin/organisations/${org}`;
  const res = await postFile(admin, page, `${page}/logo`, {}, 'logo', PHOTO, 'logo.png');
  assert.equal(res.status, 303);
  const served = reencoded(await download(admin, `/annuaire/structures/${org}/logo`), 'image/png');
  assertStored('organisation_logos', 'data', `organisation_id = ${org}`, served);
});

test('a partnership document is stored as its bytes and served byte-identical', async () => {
  const partnership = Number(rawSql('SELECT CAST(MIN(id) AS TEXT) FROM partnerships'));
  const url = `/annuaire/partenariats/${partnership}`;
  const res = await postFile(admin, url, `${url}/documents`, {}, 'document', PDF, 'convention.pdf');
  assert.equal(res.status, 303);
  const id = Number(rawSql(`SELECT CAST(MAX(id) AS TEXT) FROM partnership_documents WHERE partnership_id = ${partnership}`));
  assert.deepEqual(await download(admin, `${url}/documents/${id}`), PDF);
  assertStored('partnership_documents', 'data', `id = ${id}`, PDF);
});

test('an offer image is stored as its bytes and served byte-identical', async () => {
  const offer = Number(rawSql("SELECT CAST(MIN(id) AS TEXT) FROM outing_offers WHERE status = 'published'"));
  const url = `/sorties/offres/${offer}`;
  const res = await postFile(admin, url, `${url}/image`, {}, 'image', PHOTO, 'affiche.png');
  assert.equal(res.status, 303);
  const served = reencoded(await download(admin, `${url}/image`), 'image/jpeg');
  assertStored('outing_offers', 'image_data', `id = ${offer}`, served);
});

test('a toolbox file is stored as its bytes and served byte-identical; a link stores no bytes', async () => {
  const staff = await signIn(DEMO.training_staff);
  const session = await sessionId(staff, 'Session printemps 2027');
  const toolbox = `/formations/sessions/${session}/boite-a-outils`;
  const title = unique('Binaire');
  const res = await postFile(staff, toolbox, toolbox, { kind: 'file', title }, 'file', PDF, 'support.pdf');
  assert.equal(res.status, 303);
  const id = Number(rawSql(`SELECT CAST(id AS TEXT) FROM training_resources WHERE title = '${title}'`));
  assert.deepEqual(await download(staff, `/formations/ressources/${id}`), PDF);
  assertStored('training_resources', 'data', `id = ${id}`, PDF);
  const link = Number(rawSql("SELECT CAST(MIN(id) AS TEXT) FROM training_resources WHERE kind <> 'file'") || 0);
  if (link) assertStored('training_resources', 'data', `id = ${link}`, Buffer.alloc(0));
});

test('a generated training document is stored as its bytes and served byte-identical', async () => {
  const row = rawSql("SELECT CAST(MIN(id) AS TEXT) FROM training_documents WHERE kind <> 'attendance_sheet'");
  assert.ok(Number(row), 'the demo generated training documents');
  const id = Number(row);
  const [hash, size] = rawSql(`SELECT sha256 || '|' || CAST(size_bytes AS TEXT) FROM training_documents WHERE id = ${id}`).split('|');
  const body = await download(admin, `/formations/documents/${id}`);
  assert.equal(body.length, Number(size));
  assert.equal(sha256(body), hash);
  assert.ok(body.subarray(0, 5).equals(Buffer.from('%PDF-')));
  assertStored('training_documents', 'data', `id = ${id}`, body);
});

// A resources folder whose migrations stop at 0019: the schema of a database before this change.
function resourcesAt0019() {
  const dir = path.join(TMP, `resources-0019-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(ROOT)) {
    if (entry !== 'migrations') fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  for (const engine of ['sqlite', 'postgresql']) {
    fs.mkdirSync(path.join(dir, 'migrations', engine), { recursive: true });
    for (const f of fs.readdirSync(path.join(ROOT, 'migrations', engine))) {
      if (Number(f.slice(0, 4)) <= 19) fs.copyFileSync(path.join(ROOT, 'migrations', engine, f), path.join(dir, 'migrations', engine, f));
    }
  }
  return dir;
}

test('migration 0020 decodes the base64 rows of a database at 0019 losslessly, and refuses malformed ones', () => {
  const db = freshDatabase('files0019');
  const old = resourcesAt0019();
  const sql = (statement) => querySql(db, statement);
  try {
    let r = runTrame(['migrate', '--database', db], { env: { TRAME_RESOURCES: old } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql('SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations'), '19');
    // Rows as Trame stored them before: standard base64 (with padding) in TEXT columns.
    const ids = SQLITE ? '' : 'OVERRIDING SYSTEM VALUE';
    const b64 = (bytes) => `'${bytes.toString('base64')}'`;
    const files = { logo: PNG, document: PDF, image: ALL, resource: PDF.subarray(0, 100), sheet: ALL.subarray(1, 3) };
    sql(`INSERT INTO organisations (id, name, kind, created_at) ${ids} VALUES (9001, 'Relais fictif', 'social', 0),
      (9002, 'Lieu fictif', 'cultural', 0), (9003, 'Autre fictif', 'cultural', 0)`);
    sql(`INSERT INTO organisation_logos (organisation_id, content_type, data, sha256, updated_at)
      VALUES (9001, 'image/png', ${b64(files.logo)}, '${sha256(files.logo)}', 0), (9002, 'image/png', '', '', 0)`);
    sql(`INSERT INTO partnerships (id, organisation_id, partner_id, kind, start_date, created_at, updated_at) ${ids}
      VALUES (9001, 9001, 9002, 'cultural', '2026-01-01', 0, 0)`);
    sql(`INSERT INTO partnership_documents (id, partnership_id, file_name, content_type, size, data, sha256, uploaded_at) ${ids}
      VALUES (9001, 9001, 'c.pdf', 'application/pdf', ${files.document.length}, ${b64(files.document)}, '', 0)`);
    sql(`INSERT INTO outing_offers (id, venue_id, partner_id, title, category, image_type, image_data, created_at, updated_at) ${ids}
      VALUES (9001, 9002, 9002, 'Offre fictive', 'concert', 'image/png', ${b64(files.image)}, 0, 0)`);
    sql(`INSERT INTO outing_offers (id, venue_id, partner_id, title, category, created_at, updated_at) ${ids}
      VALUES (9002, 9002, 9002, 'Sans image', 'concert', 0, 0)`);
    sql(`INSERT INTO training_programmes (id, organiser_id, title, created_at, updated_at) ${ids} VALUES (9001, 9001, 'P', 0, 0)`);
    sql(`INSERT INTO training_sessions (id, programme_id, title, max_trainees, created_at, updated_at) ${ids}
      VALUES (9001, 9001, 'S', 10, 0, 0)`);
    sql(`INSERT INTO training_resources (id, session_id, kind, title, data, size_bytes, created_by, created_at) ${ids}
      VALUES (9001, 9001, 'file', 'F', ${b64(files.resource)}, ${files.resource.length}, 0, 0)`);
    sql(`INSERT INTO training_resources (id, session_id, kind, title, url, created_by, created_at) ${ids}
      VALUES (9002, 9001, 'link', 'L', 'https://example.org/', 0, 0)`);
    sql(`INSERT INTO training_documents (id, kind, session_id, file_name, sha256, data, size_bytes, created_at) ${ids}
      VALUES (9001, 'certificate', 9001, 'a.pdf', '', ${b64(files.sheet)}, ${files.sheet.length}, 0)`);

    // A value that is not base64 stops the migration, which changes nothing.
    sql(`INSERT INTO organisation_logos (organisation_id, content_type, data, sha256, updated_at)
      VALUES (9003, 'image/png', 'pas du base64 !', '', 0)`);
    r = runTrame(['migrate', '--database', db]);
    assert.notEqual(r.status, 0, 'a malformed value is refused');
    assert.equal(sql('SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations'), '19');
    assert.equal(sql('SELECT data FROM organisation_logos WHERE organisation_id = 9001'), files.logo.toString('base64'));
    sql('DELETE FROM organisation_logos WHERE organisation_id = 9003');

    r = runTrame(['migrate', '--database', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql('SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations'), LATEST);
    const stored = (table, column, where, bytes) => {
      const [type, size, hex] = sql(`SELECT ${typeOf(column)} || '|' || CAST(${sizeOf(column)} AS TEXT) || '|' || ${hexOf(column)}
        FROM ${table} WHERE ${where}`).split('|');
      assert.equal(type, BINARY, `${table}.${column}`);
      assert.equal(Number(size), bytes.length, `${table}.${column} size`);
      assert.equal(hex, bytes.toString('hex'), `${table}.${column} bytes`);
    };
    stored('organisation_logos', 'data', 'organisation_id = 9001', files.logo);
    stored('organisation_logos', 'data', 'organisation_id = 9002', Buffer.alloc(0));
    stored('partnership_documents', 'data', 'id = 9001', files.document);
    stored('outing_offers', 'image_data', 'id = 9001', files.image);
    stored('outing_offers', 'image_data', 'id = 9002', Buffer.alloc(0));
    stored('training_resources', 'data', 'id = 9001', files.resource);
    stored('training_resources', 'data', 'id = 9002', Buffer.alloc(0));
    stored('training_documents', 'data', 'id = 9001', files.sheet);
    // The rows that point at the rebuilt or altered tables are untouched, and a new row still takes the defaults.
    assert.equal(sql('SELECT CAST(COUNT(*) AS TEXT) FROM outing_offers'), '2');
    sql(`INSERT INTO outing_offers (id, venue_id, partner_id, title, category, created_at, updated_at) ${ids}
      VALUES (9003, 9002, 9002, 'Après', 'concert', 0, 0)`);
    stored('outing_offers', 'image_data', 'id = 9003', Buffer.alloc(0));
    // Foreign keys still hold (SQLite checks them only when asked).
    if (SQLITE) assert.equal(sql('PRAGMA foreign_key_check'), '');
  } finally {
    fs.rmSync(old, { recursive: true, force: true });
    if (!SQLITE) runSql(`${process.env.TRAME_TEST_PG}/postgres`, `DROP DATABASE IF EXISTS ${db.slice(db.lastIndexOf('/') + 1)}`);
  }
});
