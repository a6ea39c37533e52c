// Every page a demo account reaches in BENCH_SWEEP_DEPTH clicks (default 2) from the home page, timed on the
// national database that bench/pages/run serves: the pages its fixed list does not name (issue 22: every
// dashboard, export and list at that size). One page per path shape (numbers in the path replaced by N, query
// values dropped) per account; GET links only (a link never changes anything; /deconnexion is a form anyway).
// Each page is fetched once; a page slower than half the goal is fetched BENCH_RUNS more times and its median
// kept. Prints the pages over the goal, slowest first, and writes every page to OUT (TSV: account, path,
// status, median ms, bytes). A measurement: the exit status does not depend on the numbers.
//
//   node bench/pages/sweep.mjs BASE_URL OUT.tsv      (bench/pages/run calls it when BENCH_SWEEP=1)
import fs from 'node:fs';

const [base, out] = process.argv.slice(2);
const GOAL = Number(process.env.GOAL_MS || 200);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const DEPTH = Number(process.env.BENCH_SWEEP_DEPTH || 2);
const MAX = Number(process.env.BENCH_SWEEP_MAX || 150);
const PASSWORD = 'trame-demo-2026';
const ACCOUNTS = (process.env.BENCH_SWEEP_ACCOUNTS || [
  'admin@trame.local', 'coordination@culturesducoeur44.local', 'coordination.ancenis@trame.local',
  'animation@culturesducoeur94.local', 'referente@culturesducoeur94.local', 'billetterie@theatre-quartier-libre.local',
  'formation@sagiterre.local', 'formateur@sagiterre.local', 'certification@observatoire.local',
].join(',')).split(',');

async function signIn(email) {
  const jar = new Map();
  const keep = (r) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let r = await fetch(`${base}/connexion`);
  keep(r);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(await r.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on /connexion');
  r = await fetch(`${base}/connexion`, {
    method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }),
  });
  keep(r);
  if (r.status !== 303) throw new Error(`sign-in of ${email} answered ${r.status}`);
  return cookie();
}

async function fetchTimed(path, cookie) {
  const t0 = performance.now();
  const r = await fetch(base + path, { headers: { cookie }, redirect: 'manual' });
  const bytes = Buffer.from(await r.arrayBuffer());  // an XLSX read as text would count each invalid byte as 3
  return {
    ms: performance.now() - t0,
    status: r.status,
    body: bytes.toString('utf8'),
    bytes: bytes.length,
    type: r.headers.get('content-type') || '',
  };
}

const shape = (u) => u.replace(/\/\d+/g, '/N').replace(/\?.*$/, (q) => q.replace(/=[^&]*/g, '='));
const rows = [];
for (const email of ACCOUNTS) {
  const cookie = await signIn(email);
  const seen = new Set(['/']);
  let frontier = ['/'];
  for (let depth = 0; depth <= DEPTH && frontier.length; depth += 1) {
    const next = [];
    for (const path of frontier) {
      const first = await fetchTimed(path, cookie);
      let ms = first.ms;
      if (ms > GOAL / 2) {
        const times = [];
        for (let i = 0; i < RUNS; i += 1) times.push((await fetchTimed(path, cookie)).ms);
        times.sort((a, b) => a - b);
        ms = times[Math.floor(times.length / 2)];
      }
      rows.push({ email, path, status: first.status, ms, bytes: first.bytes });
      if (depth === DEPTH || !first.type.includes('html')) continue;
      for (const m of first.body.matchAll(/href="(\/[^"#]*)"/g)) {
        const u = m[1].replace(/&amp;/g, '&');
        if (/^\/(static|deconnexion)/.test(u) || /\.(css|js|png|svg|ico|jpg|jpeg|webp|woff2?)$/.test(u)) continue;
        if (seen.has(shape(u)) || seen.size >= MAX) continue;
        seen.add(shape(u));
        next.push(u);
      }
    }
    frontier = next;
  }
  process.stderr.write(`sweep: ${email}: ${seen.size} pages\n`);
}
fs.writeFileSync(out, rows.map((r) => [r.email, r.path, r.status, Math.round(r.ms), r.bytes].join('\t')).join('\n') + '\n');
const slow = rows.filter((r) => r.ms >= GOAL || r.status >= 500).sort((a, b) => b.ms - a.ms);
console.log(`sweep: ${rows.length} pages of ${ACCOUNTS.length} accounts, ${slow.length} over ${GOAL} ms or failing:`);
for (const r of slow) {
  console.log(`  ${String(Math.round(r.ms)).padStart(7)} ms  ${String(r.status).padStart(3)}  ${String(r.bytes).padStart(9)} bytes  ${r.email.padEnd(40)} ${r.path}`);
}
