// The booking contention measurement behind bench/booking/run: node bench.mjs ENGINE DATABASE_URL OUT_DIR.
// Setup rows (an offer, its slots, beneficiaries) are written with the engine's own client, as
// bench/search does; every booking goes through HTTP like a referent's browser.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, DEMO, startTrame } from '../../tests/integration/harness.mjs';

const [engine, database, out] = process.argv.slice(2);
const BOOKERS = Number(process.env.BENCH_BOOKERS || 200);
const PLACES = Number(process.env.BENCH_PLACES || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const SESSIONS = Number(process.env.BENCH_SESSIONS || 8);
// Group rounds (docs/outings.md « Sorties de groupe »): BENCH_BOOKERS group POSTs of GROUP_SIZE places
// (3 people and 1 staff) at a slot whose group share is BENCH_PLACES places.
const GROUP_SIZE = 4;

// sqlite3 waits for the server's writers (it starts with its jobs) instead of failing with "database is locked".
function sql(statement) {
  const r = engine === 'sqlite'
    ? spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 10000', database.slice('sqlite:'.length), statement], { encoding: 'utf8' })
    : spawnSync('psql', [database, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${engine} SQL failed: ${r.stderr}\n${statement}`);
  return r.stdout.trim();
}

// BENCH_PERF=FILE: `perf record -a -g` of the whole machine while the booking rounds' requests are in flight
// (enabled before each round, disabled after it), for `perf report -i FILE --sort comm,dso,sym`.
function perfRecorder(file) {
  if (!file) return { on() {}, off() {}, stop() {} };
  const ctl = path.join(out, 'perf-ctl.fifo');
  const ack = path.join(out, 'perf-ack.fifo');
  for (const f of [ctl, ack]) {
    fs.rmSync(f, { force: true });
    spawnSync('mkfifo', [f]);
  }
  const child = spawn('perf', ['record', '-a', '-g', '-D', '-1', '--control', `fifo:${ctl},${ack}`, '-o', file],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const ctlFd = fs.openSync(ctl, 'w');
  const ackFd = fs.openSync(ack, 'r');
  const say = (command) => {
    fs.writeSync(ctlFd, `${command}\n`);
    fs.readSync(ackFd, Buffer.alloc(5));
  };
  return {
    on: () => say('enable'),
    off: () => say('disable'),
    stop: () => new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGINT');
    }),
  };
}

// Sends the requests at once over connections opened beforehand; fills latencies (ms) and statuses.
async function fire(port, requests, latencies, statuses) {
  const sockets = await Promise.all(requests.map(() => new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  })));
  const t0 = performance.now();
  await Promise.all(sockets.map((s, i) => new Promise((resolve, reject) => {
    const start = performance.now();
    let head = '';
    s.on('data', (chunk) => {
      if (head.length < 16) {
        head += chunk.toString('latin1');
        if (head.length >= 12) {
          latencies.push(performance.now() - start);
          const status = head.slice(9, 12);
          statuses[status] = (statuses[status] || 0) + 1;
        }
      }
    });
    s.on('end', resolve);
    s.on('error', reject);
    s.write(requests[i]);
  })));
  const wall = (performance.now() - t0) / 1000;
  return { wall };
}

// CPU time used so far, in ms, read from /proc: the server's process, PostgreSQL's (the throwaway cluster's
// postmaster, its children — the server's pooled connections, the WAL writer… — and the children it reaped)
// and this client's. Sampled around each round's requests only (not the counts in between).
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
function procTicks(pid, withReaped = false) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');  // f[1] ppid, f[11..14] utime stime cutime cstime
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + (withReaped ? Number(f[13]) + Number(f[14]) : 0) };
  } catch {
    return { ppid: 0, ticks: 0 };  // gone meanwhile
  }
}
function cpuMs(serverPid) {
  let database = 0;
  const pidFile = path.join(out, 'pg', 'data', 'postmaster.pid');
  if (engine !== 'sqlite' && fs.existsSync(pidFile)) {
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    database += procTicks(postmaster, true).ticks;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const p = procTicks(pid);
      if (p.ppid === postmaster) database += p.ticks;
    }
  }
  const own = process.cpuUsage();
  return { server: procTicks(serverPid).ticks * TICK_MS, database: database * TICK_MS, client: (own.user + own.system) / 1000 };
}

const server = await startTrame({ database, demo: true, smtp: false, env: { TRAME_LOG_LEVEL: 'warn' } });
let overbooked = false;
let allExact = true;
try {
  const now = Math.floor(Date.now() / 1000);
  const venue = sql("SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre'");
  const relais = sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
  const referent = sql(`SELECT id FROM users WHERE email = '${DEMO.referent}'`);
  // Every beneficiary books one slot per round, all in the same month: lift the monthly limit (its maximum).
  sql("UPDATE settings SET value = '100' WHERE key = 'outings.bookings_per_month'");
  sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at)
       VALUES (${venue}, ${venue}, 'Banc d''essai : la dernière place', 'live_show', 'published', ${now}, ${now})`);
  const offer = sql('SELECT MAX(id) FROM outing_offers');
  const slots = [];
  const groupSlots = [];
  for (let r = 0; r < ROUNDS; r++) {
    const starts = now + 40 * 86400 + r * 3600;
    sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at)
         VALUES (${offer}, ${starts}, ${PLACES}, ${now - 3600}, ${starts - 3600}, ${starts - 172800}, ${now}, ${now})`);
    slots.push(sql('SELECT MAX(id) FROM outing_slots'));
    // The group rounds' slot: twice the places, half of them (BENCH_PLACES) the group share.
    sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, group_places, opens_at, closes_at, cancel_until, created_at, updated_at)
         VALUES (${offer}, ${starts + 1800}, ${2 * PLACES}, ${PLACES}, ${now - 3600}, ${starts - 3600}, ${starts - 172800}, ${now}, ${now})`);
    groupSlots.push(sql('SELECT MAX(id) FROM outing_slots'));
  }
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BOOKERS})
       INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, household_size, created_at, updated_at)
       SELECT 'B-BENCH-' || i, ${relais}, ${referent}, '26-59', 1, ${now}, ${now} FROM n`);
  const beneficiaries = sql("SELECT id FROM beneficiaries WHERE code LIKE 'B-BENCH-%' ORDER BY id").split('\n');

  const clients = [];
  for (let i = 0; i < SESSIONS; i++) {
    const c = new Client(server.url);
    const res = await c.login(DEMO.referent);
    if (res.status !== 303) throw new Error('the demo referent cannot sign in');
    await c.get(`/sorties/creneaux/${slots[0]}/reserver`);
    clients.push(c);
  }

  const { hostname: host, port } = new URL(server.url);
  const lines = [];
  const all = [];
  let totalTime = 0;
  let totalAnswered = 0;
  const cpu = { server: 0, database: 0, client: 0 };
  const perf = perfRecorder(process.env.BENCH_PERF);
  for (let r = 0; r < ROUNDS; r++) {
    const slot = slots[r];
    const latencies = [];
    const statuses = {};
    // The requests are written in advance and sent over connections opened beforehand, so that the
    // client's own work (building 200 fetches on one JavaScript thread) does not hide the server's.
    const requests = beneficiaries.map((b, i) => {
      const c = clients[i % clients.length];
      const body = new URLSearchParams({
        beneficiary: b, companions: '0', _csrf: c.csrf, _submission: randomBytes(9).toString('base64url'),
      }).toString();
      return Buffer.from(`POST /sorties/creneaux/${slot}/reserver HTTP/1.1\r\nHost: ${host}\r\n`
        + `Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    const before = cpuMs(server.child.pid);
    perf.on();
    const { wall } = await fire(port, requests, latencies, statuses);
    perf.off();
    const after = cpuMs(server.child.pid);
    for (const k of Object.keys(cpu)) cpu[k] += after[k] - before[k];
    const [booked, capacity] = sql(`SELECT booked, capacity FROM outing_slots WHERE id = ${slot}`).split('|').map(Number);
    const confirmed = Number(sql(`SELECT COUNT(*) FROM bookings WHERE slot_id = ${slot} AND status = 'confirmed'`));
    const waiting = Number(sql(`SELECT COUNT(*) FROM bookings WHERE slot_id = ${slot} AND status = 'waiting'`));
    const held = Number(sql(`SELECT COALESCE(SUM(places), 0) FROM bookings WHERE slot_id = ${slot} AND status IN ('offered','confirmed','used','no_show')`));
    const over = Math.max(0, held - capacity);
    if (over > 0 || booked !== held || booked > capacity) overbooked = true;
    if (confirmed !== capacity || waiting !== BOOKERS - capacity) allExact = false;
    latencies.sort((a, b) => a - b);
    all.push(...latencies);
    totalTime += wall;
    totalAnswered += latencies.length;
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
    if (process.env.BENCH_DEBUG) console.error(`min ${latencies[0].toFixed(1)} p10 ${pct(0.1)} p25 ${pct(0.25)}`);
    lines.push(`  round ${r + 1}: ${confirmed === capacity && over === 0 ? 'exactly' : 'NOT'} ${confirmed} confirmed / ${over} overbooked`
      + ` (booked ${booked}/${capacity}, ${waiting} waiting, HTTP ${JSON.stringify(statuses)})`
      + `  ${(latencies.length / wall).toFixed(0)} bookings/s  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms`);
  }
  await perf.stop();
  // Group rounds: every POST asks GROUP_SIZE places of the group share; a group too large for what is
  // left is refused (no waiting list), so exactly floor(share / GROUP_SIZE) groups are confirmed.
  const groupLines = [];
  let groupsExact = true;
  const fit = Math.floor(PLACES / GROUP_SIZE);
  for (let r = 0; r < ROUNDS; r++) {
    const slot = groupSlots[r];
    const latencies = [];
    const statuses = {};
    const requests = beneficiaries.map((b, i) => {
      const c = clients[i % clients.length];
      const body = new URLSearchParams({
        organisation: relais, age_4: String(GROUP_SIZE - 1), staff: '1', _csrf: c.csrf,
        _submission: randomBytes(9).toString('base64url'),
      }).toString();
      return Buffer.from(`POST /sorties/creneaux/${slot}/groupe HTTP/1.1\r\nHost: ${host}\r\n`
        + `Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    const { wall } = await fire(port, requests, latencies, statuses);
    const [booked, groupBooked, share] = sql(`SELECT booked, group_booked, group_places FROM outing_slots WHERE id = ${slot}`).split('|').map(Number);
    const confirmed = Number(sql(`SELECT COUNT(*) FROM bookings WHERE slot_id = ${slot} AND kind = 'group' AND status = 'confirmed'`));
    const held = Number(sql(`SELECT COALESCE(SUM(places), 0) FROM bookings WHERE slot_id = ${slot} AND status IN ('offered','confirmed','used','no_show')`));
    const over = Math.max(0, held - share);
    if (over > 0 || booked !== held || groupBooked !== held) overbooked = true;
    if (confirmed !== fit) groupsExact = false;
    latencies.sort((a, b) => a - b);
    const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
    groupLines.push(`  group round ${r + 1}: ${confirmed === fit && over === 0 ? 'exactly' : 'NOT'} ${confirmed} groups confirmed / ${over} overbooked`
      + ` (group share ${groupBooked}/${share}, booked ${booked}, HTTP ${JSON.stringify(statuses)})`
      + `  ${(latencies.length / wall).toFixed(0)} group POSTs/s  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms`);
  }
  all.sort((a, b) => a - b);
  const p = (q) => all[Math.min(all.length - 1, Math.floor(q * all.length))].toFixed(1);
  const summary = [
    `${engine}: ${BOOKERS} concurrent bookers on a slot of ${PLACES} places, ${ROUNDS} round(s), ${SESSIONS} referent sessions`,
    ...lines,
    `  ${engine} overall: ${overbooked ? 'OVERBOOKED' : allExact ? `exactly ${PLACES} confirmed / 0 overbooked in every round` : '0 overbooked, but NOT every round had exactly the capacity confirmed'};`
      + ` ${(totalAnswered / totalTime).toFixed(0)} bookings/s; p50 ${p(0.5)} ms; p99 ${p(0.99)} ms`,
    `  ${engine} CPU per booking: server ${(cpu.server / totalAnswered).toFixed(2)} ms, database `
      + `${engine === 'sqlite' ? '(in the server)' : `${(cpu.database / totalAnswered).toFixed(2)} ms`}, client ${(cpu.client / totalAnswered).toFixed(2)} ms`
      + ` (${(totalTime * 1000 / totalAnswered).toFixed(2)} ms of wall time per booking on ${os.availableParallelism()} cores)`,
    `${engine}: ${BOOKERS} concurrent group bookings of ${GROUP_SIZE} places on a group share of ${PLACES}`,
    ...groupLines,
    `  ${engine} groups overall: ${overbooked ? 'OVERBOOKED' : groupsExact ? `exactly ${fit} groups confirmed / 0 overbooked in every round` : '0 overbooked, but NOT every round had exactly the share confirmed'}`,
  ];
  console.log(summary.join('\n'));
  fs.appendFileSync(path.join(out, 'results.txt'), `${new Date().toISOString()}\n${summary.join('\n')}\n`);
} finally {
  await server.stop();
  fs.writeFileSync(path.join(out, `trame-${engine}.log`), server.output());
}
process.exit(overbooked ? 1 : 0);
