// Test harness: starts a real `trame serve` on a free loopback port, against a fresh SQLite
// file or a fresh database in the throwaway PostgreSQL cluster started by scripts/test, and
// speaks to it over HTTP with a cookie-keeping client. E-mail goes to the SMTP sink.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TRAME = process.env.TRAME_BIN || path.join(ROOT, 'build/trame');
export const ENGINE = process.env.TRAME_TEST_ENGINE || 'sqlite';
export const TMP = process.env.TRAME_TEST_TMP || path.join(ROOT, 'build/test-run');
export const DEMO_PASSWORD = 'trame-demo-2026';
// Every trame the tests start hashes passwords at argon2id's smallest cost (TRAME_PASSWORD_COST=minimum):
// the suites sign in thousands of times, and at the real cost (64 MiB, 2 passes) hashing took a fifth of
// the test run's processor. A test of the real cost, or of a production check, passes PRODUCTION_ENV.
// Every trame a test process starts (servers and commands) sends its e-mails from an address of its own:
// the SMTP sink is shared by the files that run at once and by both engines' runs, and a test reads only
// the messages its own process sent (mails() below), never another file's invitation to the same person.
export const MAIL_FROM = `ne-pas-repondre+t${process.pid}@trame.local`;
export const TEST_ENV = { TRAME_PASSWORD_COST: 'minimum', TRAME_SMTP_FROM: `Trame <${MAIL_FROM}>` };
export const PRODUCTION_ENV = { TRAME_PASSWORD_COST: '' };
// The calendar year in Paris now, the server's year (from 23:00 UTC on 31 December it is already the next one;
// the year of the test process's clock, UTC here, would ask the pages for the wrong one for an hour).
export const parisYear = () =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()));

export const DEMO = {
  administrator: 'admin@trame.local',
  coordinator: 'coordination.ancenis@trame.local',
  training_staff: 'formation@sagiterre.local',
  trainer: 'formateur@sagiterre.local',
  jury_member: 'jury@observatoire.local',
  referent: 'referente@culturesducoeur94.local',
  partner_staff: 'billetterie@theatre-quartier-libre.local',
  trainee: 'stagiaire@paul-guimard.local',
  volunteer: 'benevole@culturesducoeur94.local',
};

// A loopback port nobody listens on. It is chosen below the kernel's ephemeral range (32768–60999 on
// Linux): the outgoing connections of the test files running concurrently (their HTTP clients, Chromium,
// the SMTP and PostgreSQL clients) take their local ports there, and one of them could take a port picked
// there between this check and the server's bind. Two test files may still pick the same port: startTrame
// retries with another one when its bind fails.
function canBind(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort() {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canBind(port)) return port;
  }
  throw new Error('no free loopback port between 20000 and 32000');
}

// A fresh, empty database URL for the engine under test.
export function freshDatabase(label = 'db') {
  const name = `trame_${label}_${randomBytes(4).toString('hex')}`.replace(/[^a-z0-9_]/g, '_');
  if (ENGINE === 'postgresql') {
    const base = process.env.TRAME_TEST_PG;
    if (!base) throw new Error('TRAME_TEST_PG is not set: run the tests through scripts/test');
    const u = new URL(base);
    const bin = process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
    const r = spawnSync(path.join(bin, 'createdb'), ['-h', u.hostname, '-p', u.port, '-U', 'postgres', name]);
    if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
    return `${base}/${name}`;
  }
  fs.mkdirSync(TMP, { recursive: true });
  return `sqlite:${path.join(TMP, name + '.db')}`;
}

// Runs SQL straight on a test database, behind Trame's back (sqlite3 or psql): { status, stdout, stderr }.
export function runSql(database, statement) {
  const r = sqlSync(database, statement);
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

// SQL on a test database through one sqlite3 or psql process per database, kept open by a worker thread
// (tests/integration/sql-worker.mjs), waited for here: { status, stdout, stderr } as the CLI prints them,
// fields separated by `sep`, rows by `row`.
// Requests are numbered. The worker posts its answer (with the request's number), then stores that number in
// the shared cell and wakes this thread: so a wake-up belongs to an answer only when the cell holds this
// request's number (an earlier answer's late notify wakes the wait too, session 23's flake), and by then the
// answer is on the port (postMessage is synchronous). An earlier request's answer still queued (one that timed
// out) is dropped by its number.
let sqlBridge = null;
function bridge() {
  if (!sqlBridge) {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./sql-worker.mjs', import.meta.url), { workerData: { signal, port: port2 },
      transferList: [port2] });
    worker.unref();
    port1.unref();
    sqlBridge = { signal, port: port1, sent: 0 };
  }
  return sqlBridge;
}
// The shared cell itself, for the bridge's own test (tests/integration/sql_bridge.test.mjs).
export const sqlBridgeSignal = () => bridge().signal;
export function sqlSync(database, statement, { sep = '|', row = '\n', quote = false } = {}) {
  const b = bridge();
  const { signal, port } = b;
  const id = ++b.sent;
  port.postMessage({ id, database, statement, sep, row, quote });
  const deadline = Date.now() + 300000;
  const late = () => new Error(`SQL took over 5 minutes: ${statement}`);
  for (let seen = Atomics.load(signal, 0); seen !== id; seen = Atomics.load(signal, 0)) {
    if (Date.now() >= deadline) throw late();
    Atomics.wait(signal, 0, seen, deadline - Date.now());
  }
  for (;;) {
    const answer = receiveMessageOnPort(port);
    if (answer?.message.id === id) return answer.message;
    if (answer) continue;  // an earlier request's, given up
    // Not on the port although announced: wait a little more, bounded (never seen with synchronous postMessage).
    if (Date.now() >= deadline) throw late();
    Atomics.wait(signal, 0, id, 5);
  }
}

// Rows of a query, each an array of strings (NULL as ''), through the same kept process. With quote (SQLite
// only), values come as SQL literals (text in quotes, a BLOB as X'hex', NULL as NULL): the authorization
// matrix compares objects before and after a denied POST byte for byte. On PostgreSQL, one statement per call
// (a session setting made by one call holds for the next ones on that database: one process per database).
const FIELD_SEP = '\u001f';
const ROW_SEP = '\u001e';
export function dbRows(database, statement, { quote = false } = {}) {
  const r = sqlSync(database, statement, { sep: FIELD_SEP, row: ROW_SEP, quote });
  if (r.status !== 0) throw new Error(`SQL failed (${statement.slice(0, 200)}): ${r.stderr}`);
  return r.stdout.replace(/\n$/, '').split(ROW_SEP).map((l) => l.replace(/^\n/, '')).filter((l) => l.length)
    .map((l) => l.split(FIELD_SEP));
}
export function dbValue(database, statement) {
  const rows = dbRows(database, statement);
  return rows.length ? rows[0][0] : undefined;
}

// The same, for a statement that must succeed: its output, trimmed.
export function querySql(database, statement) {
  const r = runSql(database, statement);
  if (r.status !== 0) throw new Error(`SQL failed (${r.status}): ${statement}\n${r.stderr}`);
  return r.stdout;
}

// A trame.toml in a fresh temporary file, from { key: 'TOML value' } ('smtp.x' keys go under [smtp];
// undefined values are left out). Returns its path.
export function writeConfig(values) {
  const top = [];
  const smtp = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (k.startsWith('smtp.')) smtp.push(`${k.slice(5)} = ${v}`); else top.push(`${k} = ${v}`);
  }
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `${randomBytes(4).toString('hex')}-trame.toml`);
  fs.writeFileSync(file, `${top.join('\n')}\n\n[smtp]\n${smtp.join('\n')}\n`);
  return file;
}

export function runTrame(args, { input, env } = {}) {
  const r = spawnSync(TRAME, args, { cwd: ROOT, input, env: { ...process.env, ...TEST_ENV, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The same, not waiting: the child process (for commands run at once, e.g. two job runners racing).
export function spawnTrame(args, { env, ...options } = {}) {
  return spawn(TRAME, args, { cwd: ROOT, ...options, env: { ...process.env, ...TEST_ENV, ...env } });
}

// The demo data, loaded once and copied: `trame demo` migrates and fills a database in seconds (more with
// each module), and a test run starts a server per file on each engine. The first file that needs it in a
// quarter of an hour loads a template (an SQLite file, a PostgreSQL database); the others copy it. The key
// holds what the demo depends on: the binary, the migrations, translations and data files (the seed pages),
// the simulated clock, the password hashes' cost, and the
// quarter of an hour (the demo's dates are relative to now; quarters start at Paris midnights, so "today"
// never drifts). Two files building the same template at once both succeed; one keeps its own.
function newestChange(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function templateKey() {
  const binary = fs.statSync(TRAME);
  const parts = [TRAME, binary.size, binary.mtimeMs, newestChange(path.join(ROOT, 'migrations')),
    newestChange(path.join(ROOT, 'locales')), newestChange(path.join(ROOT, 'data')), process.env.TRAME_CLOCK_OFFSET || '',
    TEST_ENV.TRAME_PASSWORD_COST,
    Math.floor(Date.now() / (15 * 60 * 1000))];
  return createHmac('sha256', 'trame-demo-template').update(parts.join('|')).digest('hex').slice(0, 12);
}

function loadDemo(db) {
  const r = runTrame(['demo', '--database', db]);
  if (r.status !== 0) throw new Error(`trame demo failed: ${r.stderr}`);
}

function pgTool(tool, args) {
  const u = new URL(process.env.TRAME_TEST_PG);
  const bin = process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
  return spawnSync(path.join(bin, tool), ['-h', u.hostname, '-p', u.port, '-U', 'postgres', ...args], { encoding: 'utf8' });
}

// A fresh database holding the demo data (a copy of the template: no `trame demo` to wait for).
export function demoDatabase() {
  const key = templateKey();
  if (ENGINE === 'postgresql') {
    const template = `trame_template_${key}`;
    const exists = () => pgTool('psql', ['-X', '-t', '-A', '-d', 'postgres', '-c',
      `SELECT 1 FROM pg_database WHERE datname = '${template}'`]).stdout.trim() === '1';
    if (!exists()) {
      const built = freshDatabase('template');
      loadDemo(built);
      const name = new URL(built).pathname.slice(1);
      const renamed = pgTool('psql', ['-X', '-q', '-d', 'postgres', '-c', `ALTER DATABASE ${name} RENAME TO ${template}`]);
      if (renamed.status !== 0) pgTool('dropdb', [name]);  // another file made it first: use theirs
    }
    const name = `trame_db_${randomBytes(4).toString('hex')}`;
    const r = pgTool('createdb', ['-T', template, name]);
    if (r.status !== 0) throw new Error(`createdb -T ${template} failed: ${r.stderr}`);
    return `${process.env.TRAME_TEST_PG}/${name}`;
  }
  const template = path.join(TMP, `template-${key}.db`);
  if (!fs.existsSync(template)) {
    const built = freshDatabase('template');
    loadDemo(built);
    const file = built.slice('sqlite:'.length);
    const r = spawnSync('sqlite3', [file, 'PRAGMA wal_checkpoint(TRUNCATE);'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3 checkpoint failed: ${r.stderr}`);
    fs.renameSync(file, template);
  }
  const db = freshDatabase();
  fs.copyFileSync(template, db.slice('sqlite:'.length));
  return db;
}

// Starts a server with demo data. Returns { url, port, database, stop(), output() }. `port` asks for a
// port; when another process holds it (or takes it before the server binds), the server starts on another.
export async function startTrame({ env = {}, demo = true, smtp = true, database, port: wanted } = {}) {
  let db = database;
  if (!db) db = demo ? demoDatabase() : freshDatabase();
  else if (demo) loadDemo(db);
  for (let attempt = 1; ; attempt += 1) {
    const port = attempt === 1 && wanted ? wanted : await freePort();
    try {
      return await launch(db, port, { env, smtp });
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt >= 10) throw e;
    }
  }
}

class PortTaken extends Error {}

async function launch(db, port, { env, smtp }) {
  const smtpEnv = smtp && process.env.TRAME_TEST_SMTP_PORT
    ? { TRAME_SMTP_URL: `smtp://127.0.0.1:${process.env.TRAME_TEST_SMTP_PORT}` } : {};
  const child = spawn(TRAME, ['serve', '--listen', `127.0.0.1:${port}`, '--database', db], {
    cwd: ROOT,
    // The nightly retention job stays off unless a test asks for it (TRAME_RETENTION_JOB=start): at 03:00
    // it would meet the rows of whichever test runs then (docs/privacy.md « Retention »).
    env: { ...process.env, ...TEST_ENV, TRAME_MAIL_POLL_SECONDS: '1', TRAME_RETENTION_JOB: 'off', TRAME_PUBLIC_URL: `http://127.0.0.1:${port}`, ...smtpEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`trame did not start:\n${out}`)), 20000);
    const check = () => { if (out.includes('Trame est prêt')) { clearTimeout(timer); resolve(); } };
    child.stdout.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(/Address already in use|system:98\b/.test(out) ? new PortTaken(`port ${port} taken`) : new Error(`trame exited:\n${out}`));
    });
    check();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database: db,
    child,
    exited,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const result = await exited;
      // The server's own errors (a request that failed with 500, a job that threw) go to the test's
      // output: when a test fails on a busy machine, they say why.
      const errors = out.split('\n').filter((line) => / (error|critical) /.test(line));
      if (errors.length) process.stderr.write(`trame (${db}) logged:\n${errors.slice(0, 40).join('\n')}\n`);
      return result;
    },
  };
}

// An HTTP client that keeps cookies and the last CSRF token it saw.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = '';
    this.submission = '';
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, urlPath, { form, body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => a.trim().toLowerCase() === 'max-age=0');
      if (expired || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    const s = text.match(/name="_submission" value="([^"]+)"/);
    if (s) this.submission = s[1];
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(urlPath, opts) { return this.request('GET', urlPath, opts); }

  // Posts a form with the current CSRF token (fetch the page with the form first).
  post(urlPath, fields = {}, { csrf = true, headers } = {}) {
    const form = { ...fields };
    if (csrf && !('_csrf' in form)) form._csrf = this.csrf;
    return this.request('POST', urlPath, { form, headers });
  }

  async login(email, password = DEMO_PASSWORD) {
    await this.get('/connexion');
    const res = await this.post('/connexion', { email, password });
    if (res.status === 303 && res.location && !res.location.startsWith('/connexion/code')) {
      await this.get(res.location);
    }
    return res;
  }
}

// E-mails received by the SMTP sink (a Maildir).
// The messages of the SMTP sink that this test process's servers and commands sent (MAIL_FROM) since it
// started (the sink outlives test runs and holds every file's mail), each read and parsed once.
const STARTED_MS = Date.now() - 2000;
const parsedMails = new Map();  // file name → message, or null for a message older than this file

function parseMail(raw) {
  const to = (raw.match(/^To: <?([^>\r\n]+)>?/m) || [])[1] || '';
  const from = (raw.match(/^From: [^<\r\n]*<([^>\r\n]+)>/m) || [])[1] || '';
  // The subject may be folded onto several lines of RFC 2047 encoded words.
  const subjectRaw = ((raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)$/m) || [])[1] || '').replace(/\r?\n[ \t]/g, ' ');
  const words = [...subjectRaw.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)];
  const subject = words.length
    ? Buffer.concat(words.map((w) => Buffer.from(w[1], 'base64'))).toString('utf8') : subjectRaw;
  const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n\n');
  return { to, from, subject, body, raw };
}

let lastScan = { key: '', at: 0, list: [] };  // the Maildir's listing, kept while its folders' times do not move
export function mails() {
  const dir = process.env.TRAME_TEST_MAILDIR;
  if (!dir) return [];
  // A delivery renames a file into new/ (and a reader moves it to cur/): each changes that folder's time. Polls
  // between deliveries reuse the last listing instead of reading thousands of names again — when that listing
  // was read well after the folders' last change (a file's time moves by the kernel's coarse tick: a second
  // delivery within the tick of the first keeps the same time).
  const times = ['new', 'cur'].map((sub) => fs.statSync(path.join(dir, sub), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const key = times.join('|');
  if (key === lastScan.key && lastScan.at > Math.max(...times) + 100) return [...lastScan.list];
  const at = Date.now();
  const out = [];
  for (const sub of ['new', 'cur']) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) {
      let mail = parsedMails.get(f);
      if (mail === undefined) {
        const file = path.join(d, f);
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (!stat) continue;
        mail = stat.mtimeMs < STARTED_MS ? null : parseMail(fs.readFileSync(file, 'utf8'));
        if (mail && mail.from !== MAIL_FROM) mail = null;
        parsedMails.set(f, mail);
      }
      if (mail) out.push(mail);
    }
  }
  lastScan = { key, at, list: out };
  return [...out];
}

export async function waitForMail(predicate, timeoutMs = 15000) {
  return until(() => mails().filter(predicate).at(-1), 'a matching e-mail at the SMTP sink', timeoutMs, 200);
}

// A predicate for mails(): to `address`, the subject starting with `subjectStart`.
export const mailTo = (address, subject = '') => (m) => m.to === address
  && (subject instanceof RegExp ? subject.test(m.subject) : m.subject.startsWith(subject));

// The messages matching `predicate`, once the sink holds at least `count` of them (oldest first).
export async function mailsUntil(predicate, count = 1, timeoutMs = 20000) {
  return until(() => { const found = mails().filter(predicate); return found.length >= count && found; },
    `${count} matching e-mail(s) at the SMTP sink`, timeoutMs, 200);
}

// Polls `check` (sync or async) every `everyMs` until it returns a truthy value, which it returns; fails with
// `what` after `timeoutMs`. The one way a test waits for something to happen: never a fixed sleep.
export async function until(check, what, timeoutMs = 30000, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms in vain: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// Resolves once the server's outbox holds no unsent message: every e-mail that the requests already
// answered queued (in their own transactions), or a finished `trame jobs run-due`, has reached the SMTP
// sink (a message is marked sent after the sink's reply). A test proving that an e-mail was not sent, or
// sent once only, waits for this, never for a fixed time.
export async function mailSettled(server, timeoutMs = 20000) {
  await until(() => querySql(server.database, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'").trim() === '0',
    'every queued e-mail sent', timeoutMs);
}

// Resolves once the clock's unix second is `seconds` past the present one: for rules that count whole
// seconds (an idle session's limit), the condition is the clock itself, polled.
export async function clockPasses(seconds) {
  const target = Math.floor(Date.now() / 1000) + seconds;
  await until(() => Math.floor(Date.now() / 1000) > target, `${seconds} s past`, (seconds + 2) * 1000, 50);
}

// Resolves once the server's job `name` has begun `more` more runs than when called (job_leases.runs):
// with more = 2, one whole run began and ended after the call. A test proving that a job does something
// once only waits for this, never for a fixed time.
export async function jobRuns(server, name, more = 2, timeoutMs = 30000) {
  const runs = () => Number(querySql(server.database, `SELECT COALESCE(MAX(runs), 0) FROM job_leases WHERE name = '${name.replace(/'/g, "''")}'`));
  const target = runs() + more;
  await until(() => runs() >= target, `${more} runs more of the job ${name}`, timeoutMs);
}

export function linkIn(text, pathPrefix) {
  const m = text.match(new RegExp(`https?://[^\\s]+${pathPrefix}[^\\s]+`));
  return m ? new URL(m[0]).pathname : null;
}

// RFC 6238 TOTP, to act as the user's authenticator app.
export function totp(base32, time = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const mac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const off = mac[mac.length - 1] & 15;
  const code = ((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).toString().padStart(6, '0');
  return code;
}
