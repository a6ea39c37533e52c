// Tamper evidence that SQL cannot forge (issue 12, finding 6): the audit log's chain is keyed with a
// key derived from secret_key, its head (count, last hash) is signed and exported out of the database,
// and TOTP seeds are stored sealed. Each test tampers with the database directly (sqlite3 / psql), as
// someone with write access to it but without secret_key would, and shows `trame audit verify` or the
// login says so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, DEMO, DEMO_PASSWORD, freshDatabase, runSql, runTrame, startTrame, TMP, totp, until } from '../harness.mjs';

const SECRET = `secret-de-test-${randomBytes(16).toString('hex')}`;
const ENV = { TRAME_SECRET_KEY: SECRET };
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Runs SQL straight on the database, behind Trame's back (sqlite3 or psql).

function sql(database, statement, what = statement) {
  return ok(runSql(database, statement), what).stdout;
}

const quote = (v) => `'${String(v).replace(/'/g, "''")}'`;

const storedSeed = (db, email) => sql(db, `SELECT totp_secret FROM users WHERE lower(email) = ${quote(email)};`);

function dropAuditTriggers(database) {
  sql(database, database.startsWith('sqlite:')
    ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'
    : 'DROP TRIGGER audit_log_no_update ON audit_log;', 'dropping the triggers');
}

function auditRows(database) {
  const query = database.startsWith('sqlite:')
    ? "SELECT json_group_array(json_object('id', id, 'at', at, 'actor_id', actor_id, 'actor_label', actor_label, "
      + "'action', action, 'subject', subject, 'detail', detail, 'ip', ip, 'prev_hash', prev_hash, 'hash', hash, "
      + "'key_id', key_id)) FROM (SELECT * FROM audit_log ORDER BY id)"
    : 'SELECT json_agg(t ORDER BY t.id) FROM audit_log t';
  return JSON.parse(sql(database, query, 'reading the audit log'));
}

// The hash of the entries chained before the key: SHA-256 of the length-prefixed fields. Anybody can
// compute it, which is the point of the test.
function unkeyedHash(e) {
  const fields = [e.prev_hash, String(e.at), String(e.actor_id), e.actor_label, e.action, e.subject, e.detail, e.ip];
  return createHash('sha256').update(fields.map((f) => `${Buffer.byteLength(f)}:${f};`).join('')).digest('hex');
}

// Rewrites entry `fromId`'s detail and rechains every later entry with the plain hash, head included:
// a forgery that the chain without a key could not tell from the real log.
function forgeWithPlainHash(database, fromId, keyId) {
  const rows = auditRows(database);
  let prev = '';
  const updates = [];
  for (const e of rows) {
    if (e.id === fromId) e.detail = 'administrator@1 (falsifié)';
    if (e.id >= fromId) {
      e.prev_hash = prev;
      e.key_id = keyId === undefined ? e.key_id : keyId;
      e.hash = unkeyedHash(e);
      updates.push(`UPDATE audit_log SET detail = ${quote(e.detail)}, prev_hash = ${quote(e.prev_hash)}, `
        + `hash = ${quote(e.hash)}, key_id = ${quote(e.key_id)} WHERE id = ${e.id};`);
    }
    prev = e.hash;
  }
  updates.push(`UPDATE audit_head SET head_hash = ${quote(prev)} WHERE id = 1;`);
  sql(database, updates.join('\n'), 'rewriting the chain');
  // Under the old rule (links and plain hashes) the forged log is perfect.
  let link = '';
  for (const e of auditRows(database)) {
    if (e.id >= fromId) assert.equal(e.hash, unkeyedHash(e));
    assert.equal(e.prev_hash, link);
    link = e.hash;
  }
}

function demoDatabase(label) {
  const db = freshDatabase(label);
  ok(runTrame(['demo', '--database', db], { env: ENV }), 'demo');
  return db;
}

const verify = (db, ...args) => runTrame(['audit', 'verify', '--database', db, ...args], { env: ENV });

function intact(db, ...args) {
  const r = ok(verify(db, ...args), 'audit verify');
  assert.match(r.stdout, /Journal d'audit intègre : \d+ entrées? vérifiées?\./);
  return r;
}

// ---- the chain --------------------------------------------------------------------------

test('an entry rewritten by SQL and rechained with the plain SHA-256 is reported', () => {
  for (const keyId of [undefined, '']) {
    const db = demoDatabase('forge');
    intact(db);
    const rows = auditRows(db);
    assert.ok(rows.every((e) => e.key_id !== '' && e.hash !== unkeyedHash(e)), 'entries are keyed, not plain SHA-256');
    const target = rows[rows.length - 5].id;
    dropAuditTriggers(db);
    forgeWithPlainHash(db, target, keyId);
    const r = verify(db);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Journal d'audit ALTÉRÉ à l'entrée ${target} : `
      + (keyId === '' ? "entrée sans clé après le passage au chaînage avec clé" : "le contenu de l'entrée a été modifié")));
  }
});

test('a tail cut by SQL with the head counter lowered to match is reported', () => {
  const db = demoDatabase('coupe');
  intact(db);
  dropAuditTriggers(db);
  const before = Number(sql(db, 'SELECT COUNT(*) FROM audit_log;'));
  sql(db, 'DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 3 FROM audit_log);');
  sql(db, 'UPDATE audit_head SET appended = appended - 3, '
    + 'head_hash = (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) WHERE id = 1;');
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM audit_log;')), before - 3);
  assert.equal(Number(sql(db, 'SELECT appended FROM audit_head;')), before - 3);
  const r = verify(db);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Journal d'audit ALTÉRÉ à l'entrée \d+ : la tête du journal \(compteur d'entrées\) a été modifiée\./);
});

test('an older head put back after cutting the tail is caught by the exported head', () => {
  const db = demoDatabase('tete');
  fs.mkdirSync(TMP, { recursive: true });
  const headFile = path.join(TMP, `audit-head-${randomBytes(4).toString('hex')}`);
  const first = intact(db, '--write-head', headFile);
  const old = sql(db, "SELECT appended || '|' || head_hash || '|' || key_id || '|' || mac FROM audit_head;").split('|');
  assert.equal(fs.readFileSync(headFile, 'utf8').trim(), `${old[0]}:${old[1]}`);
  assert.match(first.stdout, new RegExp(`Tête : ${old[0]}:${old[1]}`));

  // More entries (accounts created on the command line), then the head is exported again.
  for (const n of [1, 2]) {
    ok(runTrame(['user', 'add', '--email', `journal-${n}-${randomBytes(3).toString('hex')}@exemple.fr`, '--name', 'Léa Journal',
      '--role', 'volunteer', '--password-stdin', '--database', db], { input: 'une phrase de passe assez longue\n', env: ENV }),
    'user add');
  }
  intact(db, '--write-head', headFile);
  const exported = fs.readFileSync(headFile, 'utf8').trim();
  assert.ok(Number(exported.split(':')[0]) > Number(old[0]));

  // Cut back to the old head and put its (correctly signed) row back: the database alone agrees...
  dropAuditTriggers(db);
  sql(db, `DELETE FROM audit_log WHERE id > (SELECT id FROM audit_log WHERE hash = ${quote(old[1])});`);
  sql(db, `UPDATE audit_head SET appended = ${Number(old[0])}, head_hash = ${quote(old[1])}, key_id = ${quote(old[2])}, `
    + `mac = ${quote(old[3])} WHERE id = 1;`);
  intact(db);
  // ...the exported head does not, whether read from the file or given on the command line.
  for (const args of [['--head', headFile], ['--expect', exported]]) {
    const r = verify(db, ...args);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Journal d'audit ALTÉRÉ .*la tête exportée \(.*\) n'est plus dans le journal .*\(fin du journal coupée\)\./);
  }
  // The file is not moved back to the shorter log.
  assert.equal(verify(db, '--write-head', headFile).status, 1);
  assert.equal(fs.readFileSync(headFile, 'utf8').trim(), exported);

  const bad = verify(db, '--expect', '12:pas-une-empreinte');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Erreur : --expect attend « NOMBRE:EMPREINTE »/);
});

test('audit verify under another secret_key says the entries were chained with an unknown key', () => {
  const db = demoDatabase('autrecle');
  const r = runTrame(['audit', 'verify', '--database', db], { env: { TRAME_SECRET_KEY: `${SECRET}-autre` } });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /chaînée avec une clé inconnue \([0-9a-f]{8}\) : indiquez l'ancienne secret_key/);

  // A command that writes, run without the configured key (no --config: the development key), refuses
  // before writing anything: no entry chained under the wrong key, no TOTP seed sealed under it.
  const rows = auditRows(db).length;
  sql(db, `UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE lower(email) = ${quote(DEMO.trainer)};`);
  const add = runTrame(['user', 'add', '--email', 'sans-cle@exemple.fr', '--name', 'Sans Clé', '--role', 'volunteer',
    '--password-stdin', '--database', db], { input: 'une phrase de passe assez longue\n', env: { TRAME_SECRET_KEY: '' } });
  assert.notEqual(add.status, 0);
  assert.match(add.stderr, /Erreur : le journal d'audit est chaîné avec une clé \([0-9a-f]{8}\) qui n'est ni la secret_key configurée/);
  assert.equal(auditRows(db).length, rows);
  assert.equal(sql(db, "SELECT COUNT(*) FROM users WHERE email = 'sans-cle@exemple.fr';"), '0');
  assert.equal(storedSeed(db, DEMO.trainer), 'JBSWY3DPEHPK3PXP');
  intact(db);
});

test('a log chained before the key (plain SHA-256) is sealed by migration 0017, keeps every entry and stays checked', () => {
  const db = demoDatabase('avant');
  dropAuditTriggers(db);
  // Back to the chain and the schema of before migration 0017.
  const rows = auditRows(db);
  let prev = '';
  const updates = [];
  for (const e of rows) {
    e.prev_hash = prev;
    e.hash = unkeyedHash(e);
    updates.push(`UPDATE audit_log SET prev_hash = ${quote(e.prev_hash)}, hash = ${quote(e.hash)} WHERE id = ${e.id};`);
    prev = e.hash;
  }
  sql(db, updates.join('\n'), 'rechaining as before the key');
  sql(db, 'ALTER TABLE audit_log DROP COLUMN key_id; ALTER TABLE audit_head DROP COLUMN head_hash; '
    + 'ALTER TABLE audit_head DROP COLUMN key_id; ALTER TABLE audit_head DROP COLUMN mac;');
  sql(db, "DELETE FROM schema_migrations WHERE name = '0017_audit_keys';");

  const migrated = ok(runTrame(['migrate', '--database', db], { env: ENV }), 'migrate');
  assert.match(migrated.stdout, /migration appliquée : 0017_audit_keys/);
  const r = intact(db);
  assert.match(r.stdout, new RegExp(`intègre : ${rows.length + 1} entrées?`));
  const after = auditRows(db);
  assert.equal(after.length, rows.length + 1);
  for (let i = 0; i < rows.length; i += 1) {
    for (const field of ['id', 'action', 'subject', 'detail', 'prev_hash', 'hash']) assert.equal(after[i][field], rows[i][field]);
    assert.equal(after[i].key_id, '');
  }
  const seal = after[after.length - 1];
  assert.equal(seal.action, 'audit.keyed');
  assert.equal(seal.detail, `unkeyed=${rows.length}`);
  assert.equal(seal.prev_hash, rows[rows.length - 1].hash);
  assert.match(seal.key_id, /^[0-9a-f]{8}$/);

  // A second migrate seals nothing more; an old entry altered afterwards is still reported.
  ok(runTrame(['migrate', '--database', db], { env: ENV }), 'second migrate');
  assert.equal(auditRows(db).length, rows.length + 1);
  sql(db, `UPDATE audit_log SET detail = 'falsifié' WHERE id = ${rows[2].id};`);
  const bad = verify(db);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, new RegExp(`Journal d'audit ALTÉRÉ à l'entrée ${rows[2].id} : le contenu de l'entrée a été modifié`));
});

// ---- TOTP seeds and the server ------------------------------------------------------------

async function enrol(server, email) {
  const c = new Client(server.url);
  const res = await c.login(email, DEMO_PASSWORD);
  assert.equal(res.status, 303);
  const page = await c.get('/compte/double-authentification');
  assert.equal(page.status, 200);
  const secret = page.text.match(/<code id="totp-secret">([A-Z2-7]+)<\/code>/)[1];
  const done = await c.post('/compte/double-authentification', { code: totp(secret) });
  assert.equal(done.status, 303);
  return secret;
}

async function loginWithCode(server, email, secret) {
  const c = new Client(server.url);
  const first = await c.login(email, DEMO_PASSWORD);
  assert.equal(first.status, 303);
  assert.match(first.location, /^\/connexion\/code/);
  await c.get(first.location);
  // The next time step's code: never used yet (the current one may have served the enrolment).
  const res = await c.post('/connexion/code', { code: totp(secret, Date.now() + 30000), suivant: '/tableau-de-bord' });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  assert.equal(res.location, '/tableau-de-bord');
  assert.equal((await c.get('/tableau-de-bord')).status, 200);
}


test('TOTP seeds are stored sealed, seeds in clear are sealed at startup, and TOTP login works', async () => {
  fs.mkdirSync(TMP, { recursive: true });
  const headFile = path.join(TMP, `audit-head-serve-${randomBytes(4).toString('hex')}`);
  let server = await startTrame({ database: demoDatabase('totp'), demo: false,
    env: { ...ENV, TRAME_AUDIT_HEAD_FILE: headFile } });
  servers.push(server);
  const db = server.database;

  const secret = await enrol(server, DEMO.volunteer);
  const stored = storedSeed(db, DEMO.volunteer);
  assert.match(stored, /^v1\.[0-9a-f]{8}:/);
  assert.ok(!stored.includes(secret), 'the database does not hold the base32 seed');
  await loginWithCode(server, DEMO.volunteer, secret);

  // The server exports the audit log's head at startup: the file names an entry the log holds.
  const head = await until(() => fs.existsSync(headFile) && fs.readFileSync(headFile, 'utf8').trim(), 'the head file');
  const [count, hash] = head.split(':');
  assert.equal(sql(db, `SELECT COUNT(*) FROM audit_log WHERE hash = ${quote(hash)};`), '1');
  assert.ok(Number(count) > 0);

  // A seed stored in clear (as before this change) is sealed when the server starts, and still works.
  await server.stop();
  const legacy = 'JBSWY3DPEHPK3PXPJBSWY3DP';
  sql(db, `UPDATE users SET totp_secret = ${quote(legacy)}, totp_enabled = 1, totp_last_step = 0 `
    + `WHERE lower(email) = ${quote(DEMO.trainer)};`);
  server = await startTrame({ database: db, demo: false, env: ENV });
  servers.push(server);
  const resealed = storedSeed(db, DEMO.trainer);
  assert.match(resealed, /^v1\.[0-9a-f]{8}:/);
  assert.ok(!resealed.includes(legacy));
  await loginWithCode(server, DEMO.trainer, legacy);
  await server.stop();
  intact(db, '--head', headFile);

  // Under a secret_key that is neither the current one nor a listed previous one, the server refuses to
  // start (it would chain entries verify cannot follow, and could not open the seeds).
  const r = runTrame(['serve', '--listen', '127.0.0.1:1', '--database', db], { env: { TRAME_SECRET_KEY: `${SECRET}-faute` } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Erreur : le journal d'audit est chaîné avec une clé \([0-9a-f]{8}\) qui n'est ni la secret_key configurée/);
});

test('keys rotate: TOTP seeds resealed under the new key, a new audit segment, the old one checked with the old key', async () => {
  const db = demoDatabase('rotation');
  let server = await startTrame({ database: db, demo: false, env: ENV });
  servers.push(server);
  const secret = await enrol(server, DEMO.volunteer);
  const before = storedSeed(db, DEMO.volunteer);
  await server.stop();

  const NEW = `${SECRET}-nouvelle`;
  fs.mkdirSync(TMP, { recursive: true });
  const oldKeyFile = path.join(TMP, `ancienne-cle-${randomBytes(4).toString('hex')}`);
  fs.writeFileSync(oldKeyFile, `${SECRET}\n`, { mode: 0o600 });
  const rotated = ok(runTrame(['keys', 'rotate', '--old-key-file', oldKeyFile, '--database', db],
    { env: { TRAME_SECRET_KEY: NEW } }), 'keys rotate');
  assert.match(rotated.stdout, /journal intègre, tête \d+:[0-9a-f]{64}/);

  const after = storedSeed(db, DEMO.volunteer);
  assert.match(after, /^v1\.[0-9a-f]{8}:/);
  assert.notEqual(after.slice(0, 11), before.slice(0, 11), 'the seed is sealed under another key');
  const rows = auditRows(db);
  const rotation = rows[rows.length - 1];
  assert.equal(rotation.action, 'audit.key_rotated');
  assert.equal(rotation.detail, `old=${rows[rows.length - 2].key_id} new=${rotation.key_id}`);

  // The old segment needs the old key: said without it, intact with it.
  const without = runTrame(['audit', 'verify', '--database', db], { env: { TRAME_SECRET_KEY: NEW } });
  assert.equal(without.status, 1);
  assert.match(without.stdout, /chaînée avec une clé inconnue/);
  ok(runTrame(['audit', 'verify', '--database', db, '--old-key-file', oldKeyFile], { env: { TRAME_SECRET_KEY: NEW } }),
    'audit verify with the old key');
  // A second rotation has nothing to do.
  ok(runTrame(['keys', 'rotate', '--old-key-file', oldKeyFile, '--database', db], { env: { TRAME_SECRET_KEY: NEW } }),
    'second keys rotate');
  assert.equal(auditRows(db).length, rows.length);

  // The server runs on the new key alone; the second factor still works.
  server = await startTrame({ database: db, demo: false, env: { TRAME_SECRET_KEY: NEW } });
  servers.push(server);
  await loginWithCode(server, DEMO.volunteer, secret);
  await server.stop();
  ok(runTrame(['audit', 'verify', '--database', db, '--old-key-file', oldKeyFile], { env: { TRAME_SECRET_KEY: NEW } }),
    'audit verify after the server ran');
});
