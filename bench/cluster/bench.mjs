// The measurement behind bench/cluster/run: node bench.mjs DATABASE_URL OUT_DIR (PostgreSQL).
// nginx is configured from deploy/nginx.conf.template (deploy/render-nginx-conf), plus one server
// serving the catalogue's saved bytes as a file: the reference.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { Client, DEMO, ROOT, freePort, startTrame } from '../../tests/integration/harness.mjs';

const [database, out] = process.argv.slice(2);
const DURATION = process.env.BENCH_DURATION || '10s';
const THREADS = process.env.BENCH_THREADS || '2';
const CONNECTIONS = process.env.BENCH_CONNECTIONS || '32';
const BOOKERS = Number(process.env.BENCH_BOOKERS || 200);
const PLACES = Number(process.env.BENCH_PLACES || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SESSIONS = Number(process.env.BENCH_SESSIONS || 8);
const OFFERS = Number(process.env.BENCH_OFFERS || 2000);
const NGINX = process.env.NGINX || '/usr/sbin/nginx';

function sql(statement) {
  const r = spawnSync('psql', [database, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`SQL failed: ${r.stderr}\n${statement}`);
  return r.stdout.trim();
}

const portOpen = (port) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.on('connect', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

// --- Data: the demo, BENCH_OFFERS more published offers with one open slot each, the bookers, the slots.
const now = Math.floor(Date.now() / 1000);
const venue = sql("SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre'");
const relais = sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
const referent = sql(`SELECT id FROM users WHERE email = '${DEMO.referent}'`);
console.log(`Adding ${OFFERS} offers and ${BOOKERS} beneficiaries…`);
sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, description, audience, status, search_text, created_at, updated_at)
     SELECT ${venue}, ${venue}, 'Sortie solidaire n° ' || i, 'concert', 'Une sortie générée (' || i || ').', 'all', 'published',
            'sortie solidaire ' || i, ${now}, ${now} FROM generate_series(1, ${OFFERS}) i`);
sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at)
     SELECT id, ${now} + 86400 * (1 + id % 60), 10 + id % 41, ${now} - 86400, ${now} + 86400 * (1 + id % 60) - 3600,
            ${now} + 86400 * (1 + id % 60) - 172800, ${now}, ${now} FROM outing_offers WHERE title LIKE 'Sortie solidaire n° %'`);
sql("UPDATE settings SET value = '100' WHERE key = 'outings.bookings_per_month'");
sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at)
     VALUES (${venue}, ${venue}, 'Banc d''essai : deux instances', 'live_show', 'published', ${now}, ${now})`);
const offer = sql('SELECT MAX(id) FROM outing_offers');
const slotsFor = {};
for (const n of [1, 2]) {
  slotsFor[n] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const starts = now + 40 * 86400 + (n * ROUNDS + r) * 3600;
    sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at)
         VALUES (${offer}, ${starts}, ${PLACES}, ${now - 3600}, ${starts - 3600}, ${starts - 172800}, ${now}, ${now})`);
    slotsFor[n].push(sql('SELECT MAX(id) FROM outing_slots'));
  }
}
sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, household_size, created_at, updated_at)
     SELECT 'B-GRAPPE-' || i, ${relais}, ${referent}, '26-59', 1, ${now}, ${now} FROM generate_series(1, ${BOOKERS}) i`);
const beneficiaries = sql("SELECT id FROM beneficiaries WHERE code LIKE 'B-GRAPPE-%' ORDER BY id").split('\n');
sql('ANALYZE');

// --- TLS certificate, instances, nginx.
const dir = path.join(out, 'nginx');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
fs.mkdirSync(path.join(dir, 'www'));
const cert = path.join(dir, 'cert.pem');
const key = path.join(dir, 'key.pem');
spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
const ca = fs.readFileSync(cert);
const nginxPort = await freePort();
const refPort = await freePort();
const nginxUrl = `https://127.0.0.1:${nginxPort}`;
const env = { TRAME_TRUSTED_PROXIES: '127.0.0.1', TRAME_HTTPS: '1', TRAME_PUBLIC_URL: nginxUrl, TRAME_LOG_LEVEL: 'warn' };
const instances = [await startTrame({ database, demo: false, smtp: false, env })];
instances.push(await startTrame({ database, demo: false, smtp: false, env }));

let nginx = null;
async function startNginx(count) {
  const r = spawnSync(path.join(ROOT, 'deploy/render-nginx-conf'), [dir, ROOT, `127.0.0.1:${nginxPort}`, cert, key, 'auto',
    ...instances.slice(0, count).map((i) => String(i.port))], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const reference = `  # The reference (bench/cluster/run only): the catalogue's bytes from a file, over the same TLS.
  server {
    listen 127.0.0.1:${refPort} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location = /sorties { default_type "text/html; charset=utf-8"; alias ${dir}/www/sorties.html; }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), r.stdout.replace(/\}\s*$/, reference));
  nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'inherit' });
  for (let i = 0; i < 100 && !(await portOpen(nginxPort) && await portOpen(refPort)); i++) await new Promise((res) => setTimeout(res, 100));
}
async function stopNginx() {
  if (!nginx || nginx.exitCode !== null) return;
  const exited = new Promise((r) => nginx.on('exit', r));
  nginx.kill('SIGQUIT');
  await exited;
  // The ports are free again before the next start.
  for (let i = 0; i < 100 && (await portOpen(nginxPort) || await portOpen(refPort)); i++) await new Promise((res) => setTimeout(res, 100));
}

function wrk(url, cookie) {
  const header = cookie ? ['-H', `Cookie: ${cookie}`] : [];
  spawnSync('wrk', ['-t1', '-c4', '-d2s', ...header, url], { stdio: 'ignore' });
  const r = spawnSync('wrk', [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${DURATION}`, '--latency', ...header, url], { encoding: 'utf8' });
  const rps = Number((r.stdout.match(/Requests\/sec:\s+([\d.]+)/) || [])[1] || 0);
  const ms = (q) => {
    const m = r.stdout.match(new RegExp(`^\\s*${q}%\\s+([\\d.]+)(us|ms|s)`, 'm'));
    if (!m) return NaN;
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 })[m[2]];
  };
  const non2xx = Number((r.stdout.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [])[1] || 0);
  return { rps, p50: ms(50), p99: ms(99), non2xx };
}

async function fire(requests) {
  const sockets = await Promise.all(requests.map(() => new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port: nginxPort, ca }, () => resolve(s));
    s.once('error', reject);
  })));
  const latencies = [];
  const statuses = {};
  const t0 = performance.now();
  await Promise.all(sockets.map((s, i) => new Promise((resolve, reject) => {
    const start = performance.now();
    let head = '';
    s.on('data', (chunk) => {
      if (head.length < 16) {
        head += chunk.toString('latin1');
        if (head.length >= 12) {
          latencies.push(performance.now() - start);
          statuses[head.slice(9, 12)] = (statuses[head.slice(9, 12)] || 0) + 1;
        }
      }
    });
    s.on('end', () => { s.end(); resolve(); });
    s.on('close', resolve);
    s.on('error', reject);
    s.write(requests[i]);
  })));
  return { wall: (performance.now() - t0) / 1000, latencies, statuses };
}

const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
let overbooked = false;
const results = {};
try {
  const signedIn = [];
  for (let i = 0; i < SESSIONS; i++) {
    const c = new Client(instances[0].url);
    if ((await c.login(DEMO.referent)).status !== 303) throw new Error('the demo referent cannot sign in');
    await c.get(`/sorties/creneaux/${slotsFor[1][0]}/reserver`);
    signedIn.push(c);
  }
  const page = await signedIn[0].get('/sorties');
  fs.writeFileSync(path.join(dir, 'www/sorties.html'), page.text);
  // Without nginx, for comparison: one instance over plain HTTP.
  results.direct = wrk(`${instances[0].url}/sorties`, signedIn[0].cookieHeader());
  for (const n of [1, 2]) {
    await startNginx(n);
    const catalogue = wrk(`${nginxUrl}/sorties`, signedIn[0].cookieHeader());
    const reference = wrk(`https://127.0.0.1:${refPort}/sorties`);
    const all = [];
    let answered = 0;
    let time = 0;
    let exact = true;
    for (const slot of slotsFor[n]) {
      const requests = beneficiaries.map((b, i) => {
        const c = signedIn[i % signedIn.length];
        const body = new URLSearchParams({ beneficiary: b, companions: '0', _csrf: c.csrf, _submission: randomBytes(9).toString('base64url') }).toString();
        return Buffer.from(`POST /sorties/creneaux/${slot}/reserver HTTP/1.1\r\nHost: 127.0.0.1:${nginxPort}\r\n`
          + `Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n`
          + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      });
      const { wall, latencies } = await fire(requests);
      all.push(...latencies);
      answered += latencies.length;
      time += wall;
      const [booked, capacity] = sql(`SELECT booked, capacity FROM outing_slots WHERE id = ${slot}`).split('|').map(Number);
      const confirmed = Number(sql(`SELECT COUNT(*) FROM bookings WHERE slot_id = ${slot} AND status = 'confirmed'`));
      const held = Number(sql(`SELECT COALESCE(SUM(places), 0) FROM bookings WHERE slot_id = ${slot} AND status IN ('offered','confirmed','used','no_show')`));
      if (held > capacity || booked !== held) overbooked = true;
      if (confirmed !== capacity) exact = false;
    }
    all.sort((x, y) => x - y);
    results[n] = { catalogue, reference, bookings: answered / time, p50: pct(all, 0.5), p99: pct(all, 0.99), exact };
    await stopNginx();
  }
} finally {
  await stopNginx();
  for (const i of instances) await i.stop();
  instances.forEach((i, k) => fs.writeFileSync(path.join(out, `trame-${k + 1}.log`), i.output()));
}

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '?');
const lines = [`bench/cluster/run: PostgreSQL, nginx (TLS, deploy/nginx.conf.template) in front; wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION};`
  + ` ${OFFERS} extra offers; ${ROUNDS} round(s) of ${BOOKERS} bookings on ${PLACES} places; ${SESSIONS} sessions`];
lines.push(`  direct (1 instance, plain HTTP, no nginx): /sorties ${results.direct.rps.toFixed(0)} req/s p50 ${f(results.direct.p50)} ms`
  + ` p99 ${f(results.direct.p99)} ms`);
for (const n of [1, 2]) {
  const r = results[n];
  lines.push(`  ${n} instance(s): /sorties ${r.catalogue.rps.toFixed(0)} req/s p50 ${f(r.catalogue.p50)} ms p99 ${f(r.catalogue.p99)} ms`
    + `${r.catalogue.non2xx ? ` (${r.catalogue.non2xx} non-2xx!)` : ''}; nginx file ${r.reference.rps.toFixed(0)} req/s p99 ${f(r.reference.p99)} ms;`
    + ` ratio ${(r.catalogue.rps / r.reference.rps).toFixed(2)}x, p99 ${(r.catalogue.p99 / r.reference.p99).toFixed(1)}x nginx's`);
  lines.push(`  ${n} instance(s): bookings ${r.bookings.toFixed(0)}/s p50 ${f(r.p50)} ms p99 ${f(r.p99)} ms;`
    + ` ${overbooked ? 'OVERBOOKED' : r.exact ? `exactly ${PLACES} confirmed / 0 overbooked every round` : '0 overbooked'}`);
}
lines.push(`  2 vs 1 instance: catalogue ${(results[2].catalogue.rps / results[1].catalogue.rps).toFixed(2)}x,`
  + ` bookings ${(results[2].bookings / results[1].bookings).toFixed(2)}x (same 2-core machine: the instances share the cores)`);
console.log(lines.join('\n'));
fs.appendFileSync(path.join(out, 'results.txt'), `${new Date().toISOString()}\n${lines.join('\n')}\n`);
process.exit(overbooked ? 1 : 0);
