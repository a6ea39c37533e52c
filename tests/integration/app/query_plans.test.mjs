// Issue 22: no page a referent, a coordinator, a venue or a training organisation opens scans a whole large
// table. On a database generated at the size of a département (`trame generate --size departement`: 1,000
// organisations, 10,000 beneficiaries, 2,000 offers, 8,000 slots, 100,000 bookings), a server started with
// TRAME_SQL_LOG (docs/generate.md, « Query plans ») writes every statement it prepares to a file; the test opens
// each of the heavy pages (those bench/pages/run times) as its user, collects the statements that page ran and
// asks the engine for their plan without running them: EXPLAIN QUERY PLAN on SQLite (unbound parameters are
// NULL), EXPLAIN EXECUTE of a PREPAREd statement under plan_cache_mode = force_generic_plan on PostgreSQL (the
// plan for any value of the parameters, enable_seqscan left on). A plan fails the test when it reads a whole
// large table: SQLite's « SCAN t » (with or without a full index: every row of t is visited), PostgreSQL's « Seq
// Scan on t »; a large table is one of LARGE holding at least MIN_ROWS rows in this database.
// The dashboard /sorties/tableau-de-bord is not among them: its aggregates have their own tests. The steering
// page (/sorties/pilotage: the period's slots through outing_slots_starts and each slot's kept totals,
// outing_slot_totals, migration 0091), /rapports, the retention page and the users' admin are (session 18),
// and /rapports over periods cut inside months (session 19).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ENGINE, TMP, dbRows, dbValue, freshDatabase, runTrame, startTrame, until } from '../harness.mjs';
import { signIn } from '../bookings_fixtures.mjs';

const PASSWORD = 'trame-demo-2026';
const LARGE = ['bookings', 'beneficiaries', 'outing_slots', 'outing_offers', 'organisations', 'audit_log', 'users',
  'memberships', 'questionnaire_answers', 'questionnaire_responses', 'training_attendance', 'training_applications',
  // The relais' figures per hour of the slots' start (migration 0095, session 19): about one row per slot's
  // figure row; /rapports reads the days around a period's whole months as one range of its key.
  'outing_relais_hours'];
const MIN_ROWS = 1000;
// Whole reads a page does by design, with the reason (docs/decisions.md, « Issue 22 — pages at national size »):
// the directory and the catalogue search every organisation or offer with optional filters (10,000 and 20,000
// rows at national size, 8 ms and 2 ms on SQLite); the results of a questionnaire are computed from all its
// answers (here, all of the generated ones belong to it).
const BY_DESIGN = {
  '/annuaire': ['organisations'],
  '/annuaire/export.csv': ['organisations'],
  '/sorties': ['outing_offers', 'organisations'],
  // A coordinator's offers (session 17): their venues are a subquery (a branch holds a third of the
  // organisations, which PostgreSQL hashes whole), the offers walked in the order of the page
  // (outing_offers_updated) and counted through outing_offers_venue, so no whole read of outing_offers.
  '/sorties/offres': ENGINE === 'postgresql' ? ['organisations'] : [],
  // The reach of the year reads its kept figures (migration 0086); its relais are joined to organisations
  // (a délégation coordinator's: the kept rows of their relais, session 18).
  '/sorties/portee': ['organisations'],
  // Other periods (session 19): the names and branches of the relais found in the period's bookings, by a list
  // of ids (for the administrator, most relais: SQLite reads organisations whole rather than by id).
  '/sorties/portee?du=2026-04-01&au=2026-06-30': ['organisations'],
  '/sorties/portee?du=2026-03-15&au=2026-06-14': ['organisations'],
  '/questionnaires/QUESTIONNAIRE/resultats': ['questionnaire_responses', 'questionnaire_answers'],
  // The home page counts the listed organisations and those with a partnership (10,000 rows at national size).
  '/': ['organisations'],
  // The steering page (session 18) walks the period's slots (outing_slots_starts) and joins each to its offer:
  // PostgreSQL hashes outing_offers whole (20,000 narrow rows at national size) rather than probing it once per
  // slot (11,000 for the default period); SQLite probes it by id. Then it reads the period's venues and
  // partners by a list of ids: about half of the organisations, which both engines read whole rather than
  // by id (6 ms on SQLite at national size).
  '/sorties/pilotage': ENGINE === 'postgresql' ? ['outing_offers', 'organisations'] : ['organisations'],
  // Session 18: the invitation form's organisation search folds every active organisation's name (id and name
  // only); the retention rule counts the people without a recent booking (PostgreSQL anti-joins the recent
  // bookings in one pass, docs/privacy.md).
  '/admin/utilisateurs': ['organisations'],
  '/admin/vie-privee/conservation': ENGINE === 'postgresql' ? ['beneficiaries', 'bookings', 'outing_slots'] : ['beneficiaries'],
};

const REFERENT = 'referente@culturesducoeur94.local';
const COORDINATOR = 'coordination@culturesducoeur44.local';
// Limited to the délégation Pays d'Ancenis (the demo's): their relais cross branches (session 18).
const DELEGATION_COORDINATOR = 'coordination.ancenis@trame.local';
const VENUE = 'billetterie@theatre-quartier-libre.local';
const TRAINER = 'formation@sagiterre.local';
const ADMIN = 'admin@trame.local';
const ANIMATION = 'animation@culturesducoeur94.local';
// The pages of bench/pages/run; QUESTIONNAIRE is the generated answers' questionnaire.
const PAGES = [
  [REFERENT, '/sorties/reservations'],
  [REFERENT, '/sorties/beneficiaires'],
  [REFERENT, '/sorties'],
  [COORDINATOR, '/sorties/offres'],
  [COORDINATOR, '/annuaire'],
  [COORDINATOR, '/annuaire/export.csv'],
  [COORDINATOR, '/sorties/portee'],
  [DELEGATION_COORDINATOR, '/sorties/portee'],
  // Other periods (session 19): the period's bookings read once; « première sortie » from the person's first
  // outing kept on their row (session 24, migration 0097).
  [ADMIN, '/sorties/portee?du=2026-04-01&au=2026-06-30'],
  [COORDINATOR, '/sorties/portee?du=2026-03-15&au=2026-06-14'],
  [DELEGATION_COORDINATOR, '/sorties/portee?du=2026-03-15&au=2026-06-14'],
  [TRAINER, '/questionnaires/QUESTIONNAIRE/resultats'],
  [VENUE, '/sorties/offres'],
  [TRAINER, '/formations/gestion'],
  // The home page's figures (session 18): this year's people reached from the reach's kept figures; 1 January
  // to now was the exact query over every booking of the year.
  [REFERENT, '/'],
  [COORDINATOR, '/sorties/pilotage'],
  [COORDINATOR, '/rapports'],
  [ANIMATION, '/rapports'],
  [ADMIN, '/rapports'],
  // Periods not made of whole months (session 19): days only, and whole months with days around them.
  [COORDINATOR, '/rapports?du=2026-11-03&au=2026-11-20'],
  [REFERENT, '/rapports?du=2025-03-15&au=2026-02-10'],
  [ADMIN, '/admin/utilisateurs'],
  [ADMIN, '/admin/vie-privee/conservation'],
];

let server, db, log, generateLog;
const clients = new Map();
let sizes = {};
let partial = new Set();
let pagesDone = 0;  // the log's size when the pages' test ended

before(async () => {
  db = freshDatabase('plans');
  generateLog = path.join(TMP, `query-plans-generate-${process.pid}-${ENGINE}.log`);
  fs.rmSync(generateLog, { force: true });
  const g = runTrame(['generate', '--size', 'departement', '--database', db], { env: { TRAME_SQL_LOG: generateLog } });
  assert.equal(g.status, 0, `trame generate failed:\n${g.stdout}\n${g.stderr}`);
  log = path.join(TMP, `query-plans-${process.pid}-${ENGINE}.log`);
  fs.rmSync(log, { force: true });
  // The outings jobs every second, so that their statements are in the log too (see the last test).
  server = await startTrame({ database: db, demo: false,
    env: { TRAME_SQL_LOG: log, TRAME_OUTINGS_JOB_SECONDS: '1', TRAME_TRAININGS_JOB_SECONDS: '1' } });
  for (const t of LARGE) sizes[t] = Number(dbValue(db, `SELECT COUNT(*) FROM ${t}`));
  if (ENGINE === 'postgresql') dbRows(db, 'SET plan_cache_mode = force_generic_plan');
  // SQLite's « SCAN t USING INDEX i » over a partial index reads only the rows the index holds.
  else partial = new Set(dbRows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")
    .map((r) => r[0]));
});

after(async () => {
  await server?.stop();
});

async function client(email) {
  if (!clients.has(email)) clients.set(email, await signIn(server, email, PASSWORD));
  return clients.get(email);
}

// The statements logged since byte `from` of the log (text after the time and the engine).
function statementsSince(from) {
  const text = fs.readFileSync(log).subarray(from).toString('utf8');
  return text.split('\n').filter((l) => l).map((l) => l.split('\t').slice(2).join('\t').trim());
}

const KEYWORDS = new Set(['where', 'join', 'left', 'right', 'inner', 'outer', 'cross', 'on', 'group', 'order',
  'limit', 'union', 'using', 'natural', 'set', 'values', 'select', 'having', 'window', 'except', 'intersect']);
// alias → table, from FROM/JOIN clauses (SQLite's plans name a table by its alias).
function aliases(text) {
  const map = {};
  for (const m of text.matchAll(/\b(?:from|join|update)\s+([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/gi)) {
    const table = m[1].toLowerCase();
    map[table] = table;
    if (m[2] && !KEYWORDS.has(m[2].toLowerCase())) map[m[2].toLowerCase()] = table;
  }
  return map;
}

// :name → $1, $2… (each occurrence its own number, as SOCI does), outside string literals and :: casts.
function positional(text) {
  let out = '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === ':' && text[i + 1] === ':') {
      out += '::';
      i++;
    } else if (c === ':' && /[a-z_]/i.test(text[i + 1] || '')) {
      let j = i + 1;
      while (j < text.length && /[a-z0-9_]/i.test(text[j])) j++;
      out += `$${++n}`;
      i = j - 1;
    } else out += c;
  }
  return { text: out, count: n };
}

const large = (table) => LARGE.includes(table) && sizes[table] >= MIN_ROWS;

// The whole-table reads of one statement's plan: [{ table, line }].
async function scans(statement) {
  const found = [];
  if (ENGINE === 'postgresql') {
    const { text, count } = positional(statement);
    dbRows(db, 'DEALLOCATE ALL');
    dbRows(db, `PREPARE plan_check AS ${text}`);
    const args = count ? `(${Array(count).fill('NULL').join(', ')})` : '';
    const plan = dbRows(db, `EXPLAIN EXECUTE plan_check${args}`).map((r) => r[0]);
    for (const line of plan) {
      const m = line.match(/Seq Scan on ([a-z_]+)/);
      if (m && large(m[1])) found.push({ table: m[1], line: line.trim() });
    }
    if (found.length) found.push({ plan: plan.join('\n') });
  } else {
    const map = aliases(statement);
    // The shell prints the plan as a tree (« |--SCAN o ») whatever its mode.
    const plan = dbRows(db, `EXPLAIN QUERY PLAN ${statement}`).map((r) => r.join(' ')).join('\n').split('\n')
      .map((l) => l.replace(/^[|`\s-]+/, '')).filter((l) => l && l !== 'QUERY PLAN');
    for (const line of plan) {
      const m = line.match(/^SCAN ([a-z_][a-z0-9_]*)(?: USING (?:COVERING )?INDEX ([a-z_][a-z0-9_]*))?/i);
      const table = m && !partial.has(m[2]) && (map[m[1].toLowerCase()] || m[1].toLowerCase());
      if (m && large(table)) found.push({ table, line });
    }
    if (found.length) found.push({ plan: plan.join('\n') });
  }
  return found;
}

// A GET's reads. The platform's decode()/encode() are functions of Trame's connections, unknown to sqlite3.
const CHECKED = /^\s*(select|with)\b/i;
const UNKNOWN_TO_SHELL = /\b(decode|encode)\s*\(/i;

const seen = new Set();
let checked = 0;
// Explains the statements not seen yet; returns the whole reads not allowed for `template` (a page, or
// none for the background jobs).
async function check(statements, { page, email, template, background }) {
  const problems = [];
  for (const s of statements.filter((t) => CHECKED.test(t) && !UNKNOWN_TO_SHELL.test(t))) {
    if (seen.has(s)) continue;
    seen.add(s);
    checked++;
    const found = await scans(s);
    if (process.env.TRAME_PLANS_VERBOSE) console.log(`${page}: ${s.slice(0, 160)} → ${found.length}`);
    const allowed = background ? [] : BY_DESIGN[template] ?? [];
    const tables = [...new Set(found.filter((f) => f.table).map((f) => f.table))];
    if (tables.some((t) => !allowed.includes(t))) {
      problems.push(`${page} (${email}) reads ${tables.join(', ')} whole:\n  ${s}\n  ${found.at(-1).plan.replace(/\n/g, '\n  ')}`);
    }
  }
  return problems;
}

test('the heavy pages read no large table whole (EXPLAIN on the generated data)', async () => {
  const questionnaire = dbValue(db,
    'SELECT MAX(questionnaire_id) FROM questionnaire_responses WHERE id BETWEEN 1000000 AND 1999999');
  const problems = [];
  for (const [email, template] of PAGES) {
    const page = template.replace('QUESTIONNAIRE', questionnaire);
    const c = await client(email);
    const from = fs.statSync(log).size;
    const res = await c.get(page);
    assert.equal(res.status, 200, `${email} GET ${page}`);
    // Only this page's window of the log; a job's statement that falls in it is checked as a page's.
    const statements = statementsSince(from);
    assert.ok(statements.some((t) => CHECKED.test(t)), `${page}: the statements were logged`);
    problems.push(...await check(statements, { page, email, template, background: false }));
  }
  assert.ok(checked >= PAGES.length, 'statements were explained');
  pagesDone = fs.statSync(log).size;
  assert.deepEqual(problems, [], `whole-table reads:\n${problems.join('\n\n')}`);
});

// The outings jobs (draws, waiting lists, offers, attendance reminders) run every few minutes on the whole
// network: their statements must not read a large table whole either. Waits (polling the log) for their
// statements after the pages' test (no request is served then), then explains them.
test('the background jobs read no large table whole', async () => {
  const marks = ["FROM outing_slots WHERE mode = 'draw'", "b.status IN ('waiting','requested')",
    'attendance_reminded_at = 0'];
  const from = pagesDone || fs.statSync(log).size;
  await until(() => marks.every((m) => fs.readFileSync(log).subarray(from).toString('utf8').includes(m)),
    'the outings job ran', 60000, 200);
  const problems = await check(statementsSince(from), { page: '(jobs)', email: '-', template: '', background: true });
  assert.deepEqual(problems, [], `whole-table reads:\n${problems.join('\n\n')}`);
});

// Session 20 (migration 0096): the retention rule looks, for each person supported, for a booking on a slot
// starting after the cutoff. Their bookings' slots are read from bookings_beneficiary alone (the slot is in the
// index), not from the bookings' rows, which lie scattered in the largest table (0.37–0.58 s → 0.19–0.28 s at
// national size on SQLite). PostgreSQL anti-joins the recent bookings in one pass instead (BY_DESIGN above).
test('the retention rule reads each person\'s bookings from the index alone (SQLite)', { skip: ENGINE !== 'sqlite' }, async () => {
  const c = await client(ADMIN);
  const from = fs.statSync(log).size;
  assert.equal((await c.get('/admin/vie-privee/conservation')).status, 200);
  const rule = statementsSince(from).filter((s) => /FROM bookings b JOIN outing_slots s ON s\.id = b\.slot_id WHERE b\.beneficiary_id = beneficiaries\.id/.test(s));
  assert.ok(rule.length > 0, 'the retention count was logged');
  for (const s of rule) {
    const plan = dbRows(db, `EXPLAIN QUERY PLAN ${s}`).map((r) => r.join(' ')).join('\n');
    assert.match(plan, /SEARCH b USING COVERING INDEX bookings_beneficiary/, `${s}\n${plan}`);
  }
});

// Session 20 (docs/generate.md): the triggers that keep the outings' figures update the same counter rows for
// many bookings, and on PostgreSQL each update inside one transaction leaves a version the next walks past: a
// tenth of the national bookings in one transaction made `trame generate` quadratic (it no longer ended). The
// département's 100,000 bookings must be written in transactions of at most 2,000 there (one statement each;
// SQLite, which updates rows in place, keeps its tenths).
test('the generator writes the bookings in transactions the kept figures can follow', async () => {
  const inserts = fs.readFileSync(generateLog, 'utf8').split('\n')
    .filter((l) => l.includes('INSERT INTO bookings (id, code, slot_id, beneficiary_id')).length;
  const bookings = Number(dbValue(db, 'SELECT COUNT(*) FROM bookings WHERE id >= 10000000'));
  assert.equal(bookings, 100000);
  assert.equal(inserts, ENGINE === 'postgresql' ? 50 : 10, 'one INSERT per transaction of bookings');
});
