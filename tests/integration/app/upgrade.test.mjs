// Upgrades from the previous release (issue 22, docs/operations.md « Mises à jour »): the previous release's
// database (tests/fixtures/upgrade/ENGINE.sql.gz, its demo, made by scripts/refresh-upgrade-fixture) is loaded
// into a fresh database, `trame migrate` brings it to the current schema, and then: every migration of
// migrations/ENGINE is recorded, the key tables hold the same rows as before, the audit chain verifies, and
// the server starts and a demo account signs in. On both engines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { Client, DEMO, DEMO_PASSWORD, ENGINE, ROOT, freshDatabase, querySql, runTrame, startTrame } from '../harness.mjs';

const FIXTURES = path.join(ROOT, 'tests/fixtures/upgrade');

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Loads the previous release's dump into a fresh database.
function previousRelease() {
  const database = freshDatabase('upgrade');
  const dump = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, `${ENGINE}.sql.gz`)));
  const r = database.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', database.slice('sqlite:'.length)], { input: dump, encoding: 'utf8' })
    : spawnSync(path.join(process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin', 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database], { input: dump, encoding: 'utf8' });
  assert.equal(r.status, 0, `loading the fixture failed:\n${r.stderr}`);
  return database;
}

// The tables whose rows an upgrade must keep, as they are (the whole rows, in id order).
const KEPT = ['users', 'organisations', 'memberships', 'outing_offers', 'outing_slots', 'bookings', 'training_sessions',
  'training_applications', 'questionnaire_answers', 'cooperation_methods', 'communes', 'schema_migrations'];

function columns(database, table) {
  const q = database.startsWith('sqlite:')
    ? `SELECT name FROM pragma_table_info('${table}') ORDER BY cid;`
    : `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position;`;
  return querySql(database, q).split('\n');
}

// Each table's count and rows, on the columns it had before the upgrade (a migration may add some).
function snapshot(database, tables, columnsOf = {}) {
  const out = {};
  for (const t of tables) {
    const cols = columnsOf[t] || columns(database, t);
    out[t] = {
      columns: cols,
      count: Number(querySql(database, `SELECT COUNT(*) FROM ${t};`)),
      rows: querySql(database, `SELECT ${cols.join(', ')} FROM ${t} ORDER BY 1;`),
    };
  }
  return out;
}

const migrationFiles = () => fs.readdirSync(path.join(ROOT, 'migrations', ENGINE)).filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, '')).sort();

test(`the previous release's database (${ENGINE}) migrates to the current schema with its data kept`, async () => {
  const release = Object.fromEntries(fs.readFileSync(path.join(FIXTURES, 'RELEASE'), 'utf8').trim().split('\n')
    .map((l) => l.split(' ')));
  const database = previousRelease();
  const before = snapshot(database, KEPT);
  const lastBefore = Number(querySql(database, 'SELECT MAX(version) FROM schema_migrations;'));
  assert.equal(lastBefore, Number(release.last_migration.slice(0, 4)), 'the fixture stops at its release');
  assert.ok(before.users.count > 10 && before.organisations.count > 5 && before.bookings.count > 0,
    JSON.stringify(Object.fromEntries(KEPT.map((t) => [t, before[t].count]))));
  const auditBefore = querySql(database, 'SELECT MAX(id) FROM audit_log;');
  // The entry's own columns (a migration may add some, e.g. 0082's redaction, which start empty).
  const AUDIT = 'id, at, actor_id, actor_label, action, subject, detail, ip, prev_hash, hash, key_id';
  const auditRowsBefore = querySql(database, `SELECT ${AUDIT} FROM audit_log WHERE id <= ${auditBefore} ORDER BY id;`);

  const pending = migrationFiles().filter((m) => Number(m.slice(0, 4)) > lastBefore);
  assert.ok(pending.length > 0, 'the current release has migrations the fixture has not');
  const migrated = ok(runTrame(['migrate', '--database', database]), 'migrate');
  for (const m of pending) assert.match(migrated.stdout, new RegExp(`migration appliquée : ${m}\\b`));

  // Every migration of the current release is recorded, each once.
  const applied = querySql(database, 'SELECT name FROM schema_migrations ORDER BY version;').split('\n');
  assert.deepEqual(applied, migrationFiles());

  // The rows that were there are there, unchanged (schema_migrations: the old ones, plus the new).
  const after = snapshot(database, KEPT.filter((t) => t !== 'schema_migrations'),
    Object.fromEntries(KEPT.map((t) => [t, before[t].columns])));
  for (const t of Object.keys(after)) {
    assert.equal(after[t].count, before[t].count, `${t}: count`);
    assert.equal(after[t].rows, before[t].rows, `${t}: rows`);
  }
  assert.equal(querySql(database, `SELECT * FROM schema_migrations WHERE version <= ${lastBefore} ORDER BY 1;`),
    before.schema_migrations.rows);
  assert.equal(querySql(database, `SELECT ${AUDIT} FROM audit_log WHERE id <= ${auditBefore} ORDER BY id;`), auditRowsBefore,
    'the audit entries of the previous release are untouched');
  // A few known rows of the previous release's demo.
  assert.equal(querySql(database, `SELECT COUNT(*) FROM users WHERE email = '${DEMO.administrator}';`), '1');
  assert.equal(querySql(database, "SELECT COUNT(*) FROM organisations WHERE name = 'Cultures du Cœur 94';"), '1');

  const verify = ok(runTrame(['audit', 'verify', '--database', database]), 'audit verify');
  assert.match(verify.stdout, /Journal d'audit intègre/);
  assert.match(ok(runTrame(['migrate', '--database', database]), 'second migrate').stdout, /Schéma déjà à jour/);

  // The upgraded database serves: the server starts on it and the previous release's accounts sign in.
  const server = await startTrame({ database, demo: false });
  try {
    for (const email of [DEMO.administrator, DEMO.referent, DEMO.coordinator]) {
      const client = new Client(server.url);
      const login = await client.login(email, DEMO_PASSWORD);
      assert.equal(login.status, 303, `${email} signs in`);
      assert.equal((await client.get('/tableau-de-bord')).status, 200, `${email} sees the dashboard`);
    }
  } finally {
    await server.stop();
  }
});
