// Migration parity: migrations/sqlite and migrations/postgresql must describe the same schema. Both are
// applied (`trame migrate`) to a fresh SQLite file and a fresh PostgreSQL database, each schema is read
// back from the engine's own catalogue (SQLite: sqlite_master and the table_info / index_list /
// index_info / foreign_key_list pragmas; PostgreSQL: information_schema and pg_catalog) and normalised,
// then compared: tables, columns, types (integer / real / text / blob / boolean), NOT NULL, defaults,
// primary keys, CHECK constraints (by the columns they involve), UNIQUE constraints and indexes, foreign
// keys. Comparing file names alone let a CHECK exist on one engine only.
//
// Needs both engines: runs when TRAME_TEST_PG is set (scripts/test sets it for both runs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { TMP, runTrame } from './harness.mjs';

const PG = process.env.TRAME_TEST_PG;
const PG_BIN = process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';

function sqlite(file, sql) {
  const r = spawnSync('sqlite3', ['-json', '-bail', file, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}
function psql(url, sql) {
  const r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  const out = r.stdout.trim();
  return out ? JSON.parse(out) : [];
}

// One type class per family: both engines store 64-bit integers in the integer columns of this schema.
export function typeClass(declared) {
  const t = String(declared || '').toLowerCase();
  if (/bool/.test(t)) return 'boolean';
  if (/int|serial/.test(t)) return 'integer';
  if (/real|double|float|numeric|decimal/.test(t)) return 'real';
  if (/blob|bytea/.test(t)) return 'blob';
  if (/char|text|clob|json|uuid/.test(t)) return 'text';
  return t || '(none)';
}
// A default as a value: quotes, casts, parentheses and case removed.
export function defaultValue(d) {
  if (d === null || d === undefined) return null;
  let s = String(d).trim().replace(/::[a-z ]+(\[\])?/gi, '');
  while (/^\(.*\)$/.test(s)) s = s.slice(1, -1).trim();
  s = s.replace(/^'(.*)'$/s, '$1');
  // The empty byte string: X'' on SQLite, '\x'::bytea on PostgreSQL.
  if (/^x''$/i.test(s) || s === '\\x') return '';
  return s.toLowerCase();
}

// An SQL expression or index definition as both engines would write it: PostgreSQL's rewriting undone
// (schema prefix, access method, casts, quoted numbers and names, ANY/ALL arrays back to IN lists,
// BETWEEN spelt out as PostgreSQL stores it), then case, parentheses and blanks dropped.
export function sqlText(text) {
  return String(text).replace(/\bpublic\./gi, '').replace(/\busing btree\b/gi, '')
    .replace(/::[a-z][a-z ]*(\[\])?/gi, '')
    .replace(/<>\s*ALL\s*\(\s*ARRAY\[([^\]]*)\]\s*\)/gi, ' NOT IN ($1)')
    .replace(/=\s*ANY\s*\(\s*ARRAY\[([^\]]*)\]\s*\)/gi, ' IN ($1)')
    .replace(/'(-?\d+(\.\d+)?)'/g, '$1').replace(/"/g, '')
    .replace(/([a-z_][a-z0-9_]*)\s+BETWEEN\s+(\S+)\s+AND\s+(\S+)/gi, '$1 >= $2 AND $1 <= $3')
    .replace(/^\s*CHECK\s*/i, '')
    .toLowerCase().replace(/[()\s]/g, '');
}

// The CHECK constraints in a CREATE TABLE statement (column and table constraints), as expressions.
function checksIn(createSql) {
  const out = [];
  const re = /\bCHECK\s*\(/gi;
  let m;
  while ((m = re.exec(createSql))) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < createSql.length && depth > 0; i++) {
      if (createSql[i] === '(') depth++;
      else if (createSql[i] === ')') depth--;
      else if (createSql[i] === "'") i = createSql.indexOf("'", i + 1);
    }
    out.push(createSql.slice(start, i - 1));
  }
  return out;
}
const withoutStrings = (expr) => expr.replace(/'[^']*'/g, "''");
const columnsOf = (expr, columns) => columns.filter((c) => new RegExp(`\\b${c}\\b`, 'i').test(withoutStrings(expr))).sort().join(',');

export function sqliteSchema(file) {
  const schema = {};
  const tables = sqlite(file, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  for (const { name, sql } of tables) {
    const cols = sqlite(file, `SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info('${name}') ORDER BY cid`);
    const names = cols.map((c) => c.name);
    const t = { columns: {}, primaryKey: cols.filter((c) => c.pk).sort((a, b) => a.pk - b.pk).map((c) => c.name).join(','),
      checks: checksIn(sql).map((e) => `${columnsOf(e, names)}: ${sqlText(e)}`).sort(), uniques: [], indexes: {}, foreignKeys: [] };
    for (const c of cols) {
      t.columns[c.name] = { type: typeClass(c.type), notNull: Boolean(c.nn || c.pk), default: defaultValue(c.dflt_value) };
    }
    for (const ix of sqlite(file, `SELECT name, "unique" AS uq, origin, partial FROM pragma_index_list('${name}')`)) {
      if (ix.origin === 'pk') continue;
      const parts = sqlite(file, `SELECT name FROM pragma_index_xinfo('${ix.name}') WHERE key = 1 ORDER BY seqno`)
        .map((p) => p.name ?? '(expression)');
      const key = parts.join(',');
      if (ix.origin === 'u') t.uniques.push(key);
      else {
        const def = sqlite(file, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '${ix.name}'`)[0]?.sql;
        t.indexes[ix.name] = { unique: Boolean(ix.uq), columns: key, partial: Boolean(ix.partial), definition: sqlText(def) };
      }
    }
    t.uniques.sort();
    const fks = sqlite(file, `SELECT id, "from" AS f, "table" AS t, "to" AS tt FROM pragma_foreign_key_list('${name}') ORDER BY id, seq`);
    const byId = new Map();
    for (const fk of fks) {
      const e = byId.get(fk.id) || { from: [], table: fk.t, to: [] };
      e.from.push(fk.f);
      e.to.push(fk.tt ?? '(primary key)');
      byId.set(fk.id, e);
    }
    t.foreignKeys = [...byId.values()].map((e) => `${e.from.join(',')} -> ${e.table}`).sort();
    schema[name] = t;
  }
  // A CHECK SQLite cannot add to an existing table is kept by triggers raising 'CHECK constraint failed: NAME'
  // when their WHEN clause holds: each such NAME counts as one CHECK on the columns of that clause.
  const emulated = new Map();
  for (const { tbl, sql } of sqlite(file, "SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger'")) {
    const m = sql.match(/\bWHEN\b([\s\S]*?)\bBEGIN\b[\s\S]*RAISE\s*\(\s*ABORT\s*,\s*'CHECK constraint failed: ([a-z0-9_]+)'/i);
    if (!m) continue;
    const names = Object.keys(schema[tbl].columns);
    // The WHEN clause holds when the row is refused: the CHECK is its negation.
    const when = m[1].replace(/\bNEW\./gi, '');
    emulated.set(`${tbl}.${m[2]}`, { tbl, check: `${columnsOf(when, names)}: ${sqlText(when).replace('<>', '=')}` });
  }
  for (const { tbl, check } of emulated.values()) schema[tbl].checks = [...schema[tbl].checks, check].sort();
  return schema;
}

export function pgSchema(url) {
  const schema = {};
  const cols = psql(url, `SELECT json_agg(json_build_object('t', table_name, 'c', column_name, 'type', data_type,
    'nn', is_nullable = 'NO', 'd', column_default, 'identity', is_identity = 'YES') ORDER BY table_name, ordinal_position)
    FROM information_schema.columns WHERE table_schema = 'public'`);
  for (const c of cols) {
    const t = schema[c.t] ||= { columns: {}, primaryKey: '', checks: [], uniques: [], indexes: {}, foreignKeys: [] };
    const serial = c.identity || /^nextval\(/.test(c.d || '');
    t.columns[c.c] = { type: typeClass(c.type), notNull: c.nn, default: serial ? null : defaultValue(c.d) };
  }
  const cons = psql(url, `SELECT json_agg(json_build_object('t', r.relname, 'type', k.contype, 'name', k.conname,
    'cols', (SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM unnest(k.conkey) AS u(n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),
    'ordered', (SELECT string_agg(a.attname, ',' ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),
    'ref', f.relname, 'index', k.conindid, 'def', pg_get_constraintdef(k.oid)))
    FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace s ON s.oid = r.relnamespace
    LEFT JOIN pg_class f ON f.oid = k.confrelid WHERE s.nspname = 'public'`) || [];
  const constraintIndexes = new Set();
  for (const k of cons) {
    const t = schema[k.t];
    if (k.type === 'c') t.checks.push(`${k.cols || ''}: ${sqlText(k.def)}`);
    else if (k.type === 'p') { t.primaryKey = k.ordered; constraintIndexes.add(k.index); }
    else if (k.type === 'u') { t.uniques.push(k.ordered); constraintIndexes.add(k.index); }
    else if (k.type === 'f') t.foreignKeys.push(`${k.ordered} -> ${k.ref}`);
  }
  const indexes = psql(url, `SELECT json_agg(json_build_object('t', r.relname, 'name', c.relname, 'oid', c.oid, 'unique', i.indisunique,
    'partial', i.indpred IS NOT NULL, 'def', pg_get_indexdef(i.indexrelid),
    'cols', (SELECT string_agg(COALESCE(a.attname, '(expression)'), ',' ORDER BY u.i) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(n, i)
             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n)))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
    JOIN pg_namespace s ON s.oid = r.relnamespace WHERE s.nspname = 'public'`) || [];
  for (const ix of indexes) {
    if (constraintIndexes.has(ix.oid)) continue;
    schema[ix.t].indexes[ix.name] = { unique: ix.unique, columns: ix.cols, partial: ix.partial, definition: sqlText(ix.def) };
  }
  for (const t of Object.values(schema)) {
    t.checks.sort();
    t.uniques.sort();
    t.foreignKeys.sort();
  }
  return schema;
}

// Every difference, one line each.
export function differences(a, b, [na, nb] = ['sqlite', 'postgresql']) {
  const out = [];
  const only = (x, y, what, n) => { for (const k of Object.keys(x)) if (!(k in y)) out.push(`${what} ${k}: only on ${n}`); };
  only(a, b, 'table', na);
  only(b, a, 'table', nb);
  for (const name of Object.keys(a).filter((k) => k in b).sort()) {
    const ta = a[name];
    const tb = b[name];
    only(ta.columns, tb.columns, `column ${name}.`, na);
    only(tb.columns, ta.columns, `column ${name}.`, nb);
    for (const c of Object.keys(ta.columns).filter((k) => k in tb.columns)) {
      for (const p of ['type', 'notNull', 'default']) {
        if (ta.columns[c][p] !== tb.columns[c][p]) out.push(`${name}.${c} ${p}: ${na} ${ta.columns[c][p]}, ${nb} ${tb.columns[c][p]}`);
      }
    }
    if (ta.primaryKey !== tb.primaryKey) out.push(`${name} primary key: ${na} (${ta.primaryKey}), ${nb} (${tb.primaryKey})`);
    for (const p of ['checks', 'uniques', 'foreignKeys']) {
      if (JSON.stringify(ta[p]) !== JSON.stringify(tb[p])) out.push(`${name} ${p}: ${na} ${JSON.stringify(ta[p])}, ${nb} ${JSON.stringify(tb[p])}`);
    }
    only(ta.indexes, tb.indexes, `index ${name}.`, na);
    only(tb.indexes, ta.indexes, `index ${name}.`, nb);
    for (const ix of Object.keys(ta.indexes).filter((k) => k in tb.indexes)) {
      if (JSON.stringify(ta.indexes[ix]) !== JSON.stringify(tb.indexes[ix])) {
        out.push(`index ${ix}: ${na} ${JSON.stringify(ta.indexes[ix])}, ${nb} ${JSON.stringify(tb.indexes[ix])}`);
      }
    }
  }
  return out;
}

test('both engines migrate to the same schema', { skip: PG ? false : 'TRAME_TEST_PG is not set' }, () => {
  fs.mkdirSync(TMP, { recursive: true });
  const suffix = randomBytes(4).toString('hex');
  const file = path.join(TMP, `trame_parity_${suffix}.db`);
  const name = `trame_parity_${suffix}`;
  const u = new URL(PG);
  const made = spawnSync(path.join(PG_BIN, 'createdb'), ['-h', u.hostname, '-p', u.port, '-U', 'postgres', name], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const pgUrl = `${PG}/${name}`;
  for (const database of [`sqlite:${file}`, pgUrl]) {
    const r = runTrame(['migrate', '--database', database]);
    assert.equal(r.status, 0, `migrate ${database}: ${r.stderr}`);
  }
  const a = sqliteSchema(file);
  const b = pgSchema(pgUrl);
  assert.ok(Object.keys(a).length > 20 && a.organisations && a.users, 'the SQLite schema was read');
  assert.ok(b.organisations?.columns.latitude, 'the PostgreSQL schema was read');
  const diff = differences(a, b);
  assert.deepEqual(diff, [], `the engines' schemas differ:\n  ${diff.join('\n  ')}`);

  // The coordinates pair (a CHECK on PostgreSQL, triggers on SQLite) refuses the same rows on both.
  const tryBoth = (statement) => [
    spawnSync('sqlite3', ['-bail', file, statement], { encoding: 'utf8' }),
    spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', pgUrl, '-c', statement], { encoding: 'utf8' }),
  ];
  for (const r of tryBoth("INSERT INTO organisations (name, kind, created_at, latitude) VALUES ('Sans longitude', 'training', 0, 47.2)")) {
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /organisations_coordinates_pair/);
  }
  for (const r of tryBoth("INSERT INTO organisations (name, kind, created_at, latitude, longitude) VALUES ('Situé', 'training', 0, 47.2, -1.55)")) {
    assert.equal(r.status, 0, r.stderr);
  }
  for (const r of tryBoth("UPDATE organisations SET longitude = NULL WHERE name = 'Situé'")) {
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /organisations_coordinates_pair/);
  }
});

test('the comparison sees a CHECK, a NOT NULL, a type, a unique and an index present on one side only', () => {
  const base = () => ({ t: { columns: { a: { type: 'integer', notNull: true, default: null }, b: { type: 'text', notNull: false, default: "x" } },
    primaryKey: 'a', checks: ['b'], uniques: ['b'], indexes: { t_b: { unique: false, columns: 'b', partial: false } }, foreignKeys: [] } });
  assert.deepEqual(differences(base(), base()), []);
  const changes = [
    (s) => { s.t.checks = []; },
    (s) => { s.t.columns.b.notNull = true; },
    (s) => { s.t.columns.b.type = 'real'; },
    (s) => { s.t.uniques = []; },
    (s) => { delete s.t.indexes.t_b; },
    (s) => { s.t.columns.b.default = 'y'; },
  ];
  for (const change of changes) {
    const other = base();
    change(other);
    assert.equal(differences(base(), other).length, 1, change.toString());
  }
  assert.equal(typeClass('BIGINT'), typeClass('integer'));
  assert.equal(typeClass('REAL'), typeClass('double precision'));
  assert.equal(defaultValue("'pending'::text"), defaultValue("'pending'"));
  assert.equal(sqlText("CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))"), sqlText("status IN ('a', 'b')"));
  assert.equal(sqlText("((x >= 50) AND (x <= 100))"), sqlText('x BETWEEN 50 AND 100'));
  assert.notEqual(sqlText('x >= 0'), sqlText('x > 0'));
});
