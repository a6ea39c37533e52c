// Several instances behind nginx (issue 22, docs/deploy.md): nginx from deploy/nginx.conf.template
// (TLS with a certificate made here, static files from static/, keep-alive to the upstreams) in front
// of two `trame serve` instances on one PostgreSQL database. Bookings through nginx reach both
// instances and never overbook; login limits count across instances; the outbox and the leased jobs
// run once; a session is valid on both instances and a logout on one is honoured by the other within
// one second; static files never reach Trame; Trame logs the client's address, not nginx's, and
// ignores what the client claims.
// PostgreSQL only (several instances never share an SQLite file): skipped on SQLite.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, freePort, mails, querySql, ROOT, runSql, startTrame, TMP, until } from '../harness.mjs';
import {
  PASSWORD, addUser, createBeneficiary, networkWideCoordinator, onboard, organisationIds, placesLeft, publishSlot,
  relaisBookings, signIn, unique,
} from '../bookings_fixtures.mjs';

const skip = ENGINE !== 'postgresql' ? 'several instances share a PostgreSQL database (TRAME_TEST_ENGINE=postgresql)' : false;
// The test client reaches nginx from another loopback address than nginx's own (127.0.0.1, the
// trusted proxy): the address Trame logs tells which one it believed.
const CLIENT_ADDRESS = '127.0.0.2';

let a;  // instance A
let b;  // instance B
let nginx;
let nginxOut = '';
let nginxUrl;
let ca;
const agents = [];

// A Client (cookies, CSRF) speaking HTTPS to nginx with the test certificate, from CLIENT_ADDRESS,
// over kept-alive connections.
class TlsClient extends Client {
  constructor(base) {
    super(base);
    this.agent = new https.Agent({ keepAlive: true, ca, localAddress: CLIENT_ADDRESS, maxSockets: 4 });
    agents.push(this.agent);
  }

  async request(method, urlPath, { form, body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (payload !== undefined) h['content-length'] = Buffer.byteLength(payload);
    const res = await new Promise((resolve, reject) => {
      const req = https.request(this.base + urlPath, { method, headers: h, agent: this.agent }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode, headers: r.headers, text: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', reject);
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
    for (const line of [res.headers['set-cookie'] || []].flat()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((x) => x.trim().toLowerCase() === 'max-age=0');
      if (expired || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
    const m = res.text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    const s = res.text.match(/name="_submission" value="([^"]+)"/);
    if (s) this.submission = s[1];
    return { status: res.status, headers: res.headers, text: res.text, location: res.headers.location };
  }
}

async function tlsSignIn(email, password) {
  const c = new TlsClient(nginxUrl);
  const res = await c.login(email, password);
  assert.equal(res.status, 303, `login as ${email} through nginx`);
  return c;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

const logs = () => a.output() + b.output();

before(async () => {
  if (skip) return;
  const dir = path.join(TMP, `cluster-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  // The local test certificate, as docs/deploy.md makes it.
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  ca = fs.readFileSync(cert);

  const nginxPort = await freePort();
  nginxUrl = `https://127.0.0.1:${nginxPort}`;
  const env = {
    TRAME_TRUSTED_PROXIES: '127.0.0.1', TRAME_HTTPS: '1', TRAME_PUBLIC_URL: nginxUrl, TRAME_LOG_LEVEL: 'debug',
  };
  a = await startTrame({ env });
  b = await startTrame({ env, database: a.database, demo: false });

  const rendered = spawnSync(path.join(ROOT, 'deploy/render-nginx-conf'),
    [dir, ROOT, `127.0.0.1:${nginxPort}`, cert, key, '1', String(a.port), String(b.port)], { encoding: 'utf8' });
  assert.equal(rendered.status, 0, rendered.stderr);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), rendered.stdout);
  nginx = spawn(process.env.NGINX || '/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout.on('data', (d) => { nginxOut += d; });
  nginx.stderr.on('data', (d) => { nginxOut += d; });
  await until(async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxOut}`);
    return portOpen(nginxPort);
  }, 'nginx to listen');
});

after(async () => {
  for (const agent of agents) agent.destroy();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.on('exit', r));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await a?.stop();
  await b?.stop();
});

test('static files are served by nginx with Trame\'s bytes and cache headers, without reaching Trame', { skip }, async () => {
  const c = new TlsClient(nginxUrl);
  const direct = new Client(a.url);
  for (const file of ['/static/css/trame.css', '/static/favicon.svg']) {
    const own = await direct.get(file);
    assert.equal(own.status, 200);
    const v = own.headers.get('etag').replaceAll('"', '');
    const probe = `${file}?v=${v}&sonde=${unique('s')}`;
    const res = await c.get(probe);
    assert.equal(res.status, 200);
    assert.equal(res.headers.server, 'nginx', 'answered by nginx');
    assert.equal(res.text, own.text, 'the same bytes');
    assert.equal(res.headers['content-type'], own.headers.get('content-type'));
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', 'fingerprinted: kept a year');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const bare = await c.get(file);
    assert.equal(bare.headers['cache-control'], own.headers.get('cache-control'), 'a bare URL: Trame\'s five minutes');
    // A request Trame did serve is logged within a second; the probe must not be among them.
    const marker = `/sonde-${unique('m')}`;
    await c.get(marker);
    await until(() => logs().includes(marker), 'the marker request in Trame\'s log');
    assert.ok(!logs().includes(probe.split('&')[1]), `${file} reached Trame`);
  }
});

test('Trame logs the client\'s address given by nginx, never one the client claims', { skip }, async () => {
  const c = new TlsClient(nginxUrl);
  const marker = `/sonde-${unique('ip')}`;
  const res = await c.get(marker, { headers: { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=198.51.100.9', 'x-real-ip': '192.0.2.5' } });
  assert.equal(res.status, 404);
  const line = await until(() => logs().split('\n').find((l) => l.includes(` GET ${marker} `)), 'the request in Trame\'s log');
  assert.match(line, new RegExp(` info ${CLIENT_ADDRESS.replaceAll('.', '\\.')} GET `), line);
  for (const spoofed of ['203.0.113.7', '198.51.100.9', '192.0.2.5']) assert.ok(!line.includes(spoofed), line);
});

test('a session opened on instance A is valid on B; a logout on A is refused on B within one second', { skip }, async () => {
  const onA = await signIn(a, DEMO.referent);
  const onB = new Client(b.url);
  onB.cookies = new Map(onA.cookies);
  const page = await onB.get('/sorties/beneficiaires');
  assert.equal(page.status, 200, 'the session opened on A is valid on B');
  // B now holds the session in its one-second cache; A logs out.
  await onA.get('/sorties/beneficiaires');
  const out = await onA.post('/deconnexion');
  assert.equal(out.status, 303);
  const loggedOut = Date.now();
  const accepted = [];
  await until(async () => {
    const started = Date.now();
    const r = await onB.get('/sorties/beneficiaires');
    if (r.status === 200) { accepted.push(started - loggedOut); return false; }
    assert.equal(r.status, 303, 'refused: sent to the login page');
    return true;
  }, 'B to refuse the session', 10000);
  for (const ms of accepted) assert.ok(ms < 1000, `B still accepted the session ${ms} ms after the logout`);
});

test('2 × 20 bookings through nginx on both instances for a slot of 10 places: 10 confirmed, never more', { skip }, async () => {
  await networkWideCoordinator(a);
  const coordinator = await signIn(a, DEMO.coordinator);
  const orgs = await organisationIds(coordinator, ['Cultures du Cœur 94']);
  const email = `referent.cluster.${unique('r')}@test.local`;
  addUser(a, email, 'referent', orgs['Cultures du Cœur 94']);
  await onboard(coordinator, email);
  const referents = [await tlsSignIn(DEMO.referent), await tlsSignIn(email, PASSWORD)];
  const beneficiaries = [];
  for (const c of referents) {
    for (let i = 0; i < 20; i++) beneficiaries.push({ client: c, id: (await createBeneficiary(c)).id });
  }
  for (const c of referents) await c.get('/sorties/beneficiaires');
  const slot = await publishSlot(a, { capacity: 10, title: 'Concert à deux instances (test)' });
  const before = await relaisBookings(referents[0]);
  const responses = await Promise.all(beneficiaries.map(({ client, id }) => client.post(`/sorties/creneaux/${slot}/reserver`, {
    beneficiary: id, companions: '0', _submission: unique('s'),
  })));
  for (const r of responses) assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = await relaisBookings(referents[0]);
  const count = (statuses, label) => Object.entries(statuses).filter(([k]) => k.startsWith(label)).reduce((n, [, v]) => n + v, 0);
  assert.equal(after.total, before.total + 40, 'every request was answered with a booking');
  assert.equal(count(after.byStatus, 'Confirmée') - count(before.byStatus, 'Confirmée'), 10, '0 overbooked');
  assert.equal(count(after.byStatus, 'Sur liste') - count(before.byStatus, 'Sur liste'), 30);
  assert.equal(await placesLeft(referents[0], slot), 0);
  // Trame logs the route's pattern; no other test of this file books.
  const booked = `${CLIENT_ADDRESS} POST /sorties/creneaux/{id:int}/reserver 303`;
  await until(() => a.output().includes(booked) && b.output().includes(booked), 'bookings in both instances\' logs');
});

test('login limits are counted across instances: 20 wrong passwords through nginx, 5 checked, 15 refused', { skip }, async () => {
  // An unknown address: its per-account budget (5 per window) is this test's alone.
  const email = `inconnu.${unique('grappe')}@test.local`;
  const clients = Array.from({ length: 20 }, () => new TlsClient(nginxUrl));
  for (const c of clients) await c.get('/connexion');
  const answers = await Promise.all(clients.map((c, i) => c.post('/connexion', { email, password: `mauvais ${i}` })));
  const counts = {};
  for (const r of answers) counts[r.status] = (counts[r.status] || 0) + 1;
  assert.deepEqual(counts, { 422: 5, 429: 15 }, JSON.stringify(counts));
  const refused = new RegExp(` ${CLIENT_ADDRESS.replaceAll('.', '\\.')} POST /connexion 4(22|29) `);
  await until(() => refused.test(a.output()) && refused.test(b.output()), 'both instances to have answered attempts');
});

test('mail enqueued while both instances deliver is sent exactly once', { skip, timeout: 60000 }, async () => {
  const tag = unique('grappe');
  const n = 30;
  const values = Array.from({ length: n }, (_, i) =>
    `('cluster-${i}@test.local', 'Grappe ${tag} ${i}', 'Un seul envoi.', 0, 0)`).join(', ');
  runSql(a.database, `INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES ${values}`);
  const sent = () => Number(querySql(a.database,
    `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Grappe ${tag} %' AND status = 'sent'`));
  await until(() => sent() === n, 'every message marked sent', 45000);
  const received = await until(() => {
    const got = mails().filter((m) => m.subject.startsWith(`Grappe ${tag} `));
    return got.length >= n ? got : null;
  }, 'every message at the SMTP sink', 15000);
  const bySubject = new Map();
  for (const m of received) bySubject.set(m.subject, (bySubject.get(m.subject) || 0) + 1);
  assert.equal(bySubject.size, n);
  for (const [subject, times] of bySubject) assert.equal(times, 1, `${subject} sent ${times} times`);
});

test('a leased job runs on one instance only', { skip }, async () => {
  // The purge (every hour) was due at both instances' start: one ran it, the other found it held.
  const attempts = () => (logs().match(/tâche de fond « nettoyage » : (lancée|tenue)/g) || []);
  await until(() => a.output().includes('tâche de fond « nettoyage »') && b.output().includes('tâche de fond « nettoyage »'),
    'both instances to try the purge');
  assert.equal(attempts().filter((x) => x.endsWith('lancée')).length, 1, attempts().join('\n'));
  assert.equal(querySql(a.database, "SELECT runs FROM job_leases WHERE name = 'nettoyage'"), '1');
});
