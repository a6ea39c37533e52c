// Issue 12's transport findings, spoken over raw HTTP where a client library would hide the bytes:
// response splitting, open redirects, forged log lines and tokens in logs, unbounded metric labels,
// client addresses behind a proxy, the anonymous CSRF cookie, control characters in forms, a
// /healthz that checks writes, and a shutdown that waits for bodies still arriving.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, ENGINE, runSql, startTrame, until } from './harness.mjs';

let server;
before(async () => { server = await startTrame(); });
after(async () => { await server.stop(); });

// Sends raw bytes, returns the raw response (status line and headers as they came on the wire).
function raw(port, bytes, { half } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d.toString('latin1'); });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.on('connect', () => { socket.write(bytes); if (!half) socket.end(); });
  });
}

// The value of an HTML attribute as mustache escaped it.
function unescape(html) {
  return html.replace(/&#x2F;/gi, '/').replace(/&#x3D;/gi, '=').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function headersOf(response) {
  const head = response.split('\r\n\r\n')[0];
  return head.split('\r\n').slice(1).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
  });
}

test('a percent-decoded path never reaches a header: no forged Set-Cookie, a same-site Location', async () => {
  const res = await raw(server.port,
    'GET /territoires/communes/x%0d%0aSet-Cookie:%20trame_session=X HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  const headers = headersOf(res);
  assert.match(res, /^HTTP\/1\.1 303/);
  assert.ok(!headers.some(([k, v]) => k === 'set-cookie' && v.startsWith('trame_session=X')), res);
  const location = headers.find(([k]) => k === 'location')[1];
  assert.ok(location === '/' || location.startsWith('/connexion?suivant='), location);
  assert.doesNotMatch(location, /[\r\n\t ]/);
  // An ordinary path is carried to the login page, which sends the person back through the same gate.
  const c = new Client(server.url);
  const asked = await c.get('/annuaire?q=th%C3%A9%C3%A2tre%20libre');
  assert.equal(asked.status, 303);
  const page = await c.get(asked.location);
  assert.equal(page.status, 200);
  const back = await c.post('/connexion', { email: DEMO.referent, password: DEMO_PASSWORD,
    suivant: unescape(page.text.match(/name="suivant" value="([^"]*)"/)[1]) });
  assert.equal(back.location, '/annuaire?q=th%C3%A9%C3%A2tre%20libre');
  const c2 = new Client(server.url);
  await c2.get('/connexion');
  const res2 = await c2.post('/connexion', { email: DEMO.referent, password: DEMO_PASSWORD,
    suivant: '/territoires/communes/x\r\nSet-Cookie: trame_session=X' });
  assert.equal(res2.status, 303);
  assert.equal(res2.location, '/tableau-de-bord');
});

test('redirect targets from forms are same-site paths only (login "suivant", language "back")', async () => {
  const cases = [
    ['/%09/evil.example', '/tableau-de-bord'],
    ['//evil.example', '/tableau-de-bord'],
    ['/\\evil.example', '/tableau-de-bord'],
    ['https://evil.example/', '/tableau-de-bord'],
    ['/%2509/evil.example', '/tableau-de-bord'],
    ['/sorties?q=a b', '/sorties?q=a%20b'],
  ];
  for (const [next, expected] of cases) {
    const c = new Client(server.url);
    await c.get('/connexion');
    const res = await c.post('/connexion', { email: DEMO.referent, password: DEMO_PASSWORD, suivant: next });
    assert.equal(res.status, 303, next);
    assert.equal(res.location, expected, next);
  }
  for (const [back, expected] of [['//evil.example', '/'], ['/%09/evil.example', '/'], ['/x\r\nA: b', '/'],
    ['/formations', '/formations']]) {
    const c = new Client(server.url);
    await c.get('/');
    const res = await c.post('/langue', { locale: 'en', back });
    assert.equal(res.status, 303, back);
    assert.equal(res.location, expected, back);
  }
});

test('access logs name the route, not the token in the path, and escape control characters', async () => {
  const token = 'SECRETRESETTOKEN1234567890abcdef';
  const c = new Client(server.url);
  await c.get(`/reinitialisation/${token}`);
  await c.get(`/invitation/${token}`);
  await raw(server.port,
    'GET /nowhere%0a2026-01-01T00:00:00.000%20info%20forged HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  await until(() => server.output().includes('forged'), 'the escaped line is logged');
  const out = server.output();
  assert.ok(!out.includes(token), 'no token in the logs');
  assert.ok(!out.split('\n').some((l) => l.startsWith('2026-01-01T00:00:00.000 info forged')), 'no forged log line');
  assert.match(out, /nowhere\\x0a2026-01-01/);
  assert.match(out, /GET \/reinitialisation\/\{token\} \d{3} /);
});

test('invented methods share one metrics label: /metrics stays small', async () => {
  await Promise.all(Array.from({ length: 200 }, (_, i) =>
    raw(server.port, `M${'X'.repeat(2000)}${i} / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`)));
  const metrics = (await new Client(server.url).get('/metrics')).text;
  assert.ok(!metrics.includes('XXXXXXXX'), 'no invented method as a label');
  assert.match(metrics, /method="OTHER"/);
  assert.ok(metrics.length < 30000, `/metrics holds ${metrics.length} bytes`);
});

test('a planted anonymous CSRF cookie is not adopted', async () => {
  const forged = 'A'.repeat(22);
  const res = await fetch(`${server.url}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `trame_csrf=${forged}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: forged, email: DEMO.referent, password: DEMO_PASSWORD }).toString(),
  });
  assert.equal(res.status, 403);
  assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith('trame_session=')));
  // The cookie the server issues works.
  const c = new Client(server.url);
  await c.get('/connexion');
  assert.match(c.cookies.get('trame_csrf'), /^[A-Za-z0-9_-]{22}\.[0-9a-f]{32}$/);
  assert.equal((await c.post('/connexion', { email: DEMO.referent, password: DEMO_PASSWORD })).status, 303);
});

test('a NUL byte or another control character in a form is refused and changes nothing', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.volunteer);
  const before = await c.get('/compte');
  const name = before.text.match(/name="name"[^>]*value="([^"]*)"/)[1];
  const res = await c.request('POST', '/compte/profil', {
    body: `_csrf=${c.csrf}&name=Jean%00ne&locale=fr`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 400);
  assert.match(res.text, /caractère de contrôle/);
  const after = await c.get('/compte');
  assert.equal(after.text.match(/name="name"[^>]*value="([^"]*)"/)[1], name);
  // Tabs and new lines are text, not controls.
  const ok = await c.post('/compte/profil', { name: 'Jean\tne', locale: 'fr' });
  assert.equal(ok.status, 303);
});

test('behind HTTPS the anonymous CSRF cookie has the __Host- prefix', async () => {
  const https = await startTrame({ env: { TRAME_HTTPS: '1' } });
  try {
    const res = await fetch(`${https.url}/connexion`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-trame_csrf='));
    assert.ok(cookie, res.headers.getSetCookie().join(' | '));
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; Secure/);
  } finally {
    await https.stop();
  }
});

test('trusted proxies name the client: /metrics, audit and limits see the real address', async () => {
  // Without trusted proxies, forwarding headers name nobody; but a relayed request is not a local
  // caller either (a proxy on this machine with trusted_proxies forgotten must not open /metrics).
  assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
  const relayed = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(relayed.status, 403);
  const c0 = new Client(server.url);
  await c0.get('/connexion');
  await c0.post('/connexion', { email: DEMO.trainee, password: 'pas le bon mot de passe' },
    { headers: { 'x-forwarded-for': '198.51.100.99' } });
  await until(() => /^\S+ \S+ 127\.0\.0\.1 POST \/connexion /m.test(server.output()), 'the peer is logged');
  assert.ok(!server.output().includes('198.51.100.99'), 'an untrusted X-Forwarded-For names nobody');

  const proxied = await startTrame({ env: { TRAME_TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  try {
    // Through the (loopback) proxy, a remote client is not loopback: /metrics is refused.
    const remote = await fetch(`${proxied.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(remote.status, 403);
    const forwarded = await fetch(`${proxied.url}/metrics`, { headers: { forwarded: 'for=203.0.113.9;proto=https' } });
    assert.equal(forwarded.status, 403);
    // The proxy's own requests (monitoring on the host) still pass.
    assert.equal((await fetch(`${proxied.url}/metrics`)).status, 200);
    // The audit log records the client's address, not the proxy's.
    const c = new Client(proxied.url);
    await c.get('/connexion');
    await c.post('/connexion', { email: DEMO.referent, password: 'pas le bon mot de passe' },
      { headers: { 'x-forwarded-for': '198.51.100.23' } });
    const admin = new Client(proxied.url);
    await admin.login(DEMO.administrator);
    const journal = await admin.get('/admin/journal');
    assert.match(journal.text, /198\.51\.100\.23/);
    await until(() => /^\S+ \S+ 198\.51\.100\.23 POST \/connexion /m.test(proxied.output()), 'the access log names the client');
  } finally {
    await proxied.stop();
  }
});

test('an invalid trusted_proxies entry stops the start with a French message', async () => {
  await assert.rejects(startTrame({ env: { TRAME_TRUSTED_PROXIES: 'pas-une-adresse' } }),
    /pas-une-adresse.*n'est ni une adresse IP ni une plage CIDR/s);
});

test('/healthz says so when the database refuses writes', async () => {
  const s = await startTrame();
  try {
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    // Every write to the settings table now fails, as it would on a full disk or a read-only database.
    const sql = ENGINE === 'postgresql'
      ? ["CREATE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disque plein'; END $$ LANGUAGE plpgsql;",
         'CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION refuse_write();']
      : ["CREATE TRIGGER refuse_insert BEFORE INSERT ON settings BEGIN SELECT RAISE(ABORT, 'disque plein'); END;",
         "CREATE TRIGGER refuse_update BEFORE UPDATE ON settings BEGIN SELECT RAISE(ABORT, 'disque plein'); END;"];
    // Through the harness, which waits for the server's own writes to release the lock (the demo's
    // jobs write at start; a bare sqlite3 would fail with "database is locked" on a busy machine).
    const r = runSql(s.database, sql.join('\n'));
    assert.equal(r.status, 0, r.stderr);
    const res = await until(async () => {
      const r = await fetch(`${s.url}/healthz`);
      return r.status === 503 ? r : null;
    }, '/healthz reports the failing writes');
    const body = await res.json();
    assert.equal(body.database, 'ok');
    assert.equal(body.writes, 'en échec');
  } finally {
    await s.stop();
  }
});

test('SIGTERM waits for a request whose body is still arriving', async () => {
  const s = await startTrame();
  const c = new Client(s.url);
  await c.get('/connexion');
  const body = new URLSearchParams({ _csrf: c.csrf, email: DEMO.referent, password: DEMO_PASSWORD }).toString();
  const socket = net.connect(s.port, '127.0.0.1');
  let data = '';
  socket.on('data', (d) => { data += d; });
  const ended = new Promise((resolve) => socket.on('close', resolve));
  await new Promise((resolve) => socket.on('connect', resolve));
  socket.write(`POST /connexion HTTP/1.1\r\nHost: t\r\nCookie: ${c.cookieHeader()}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n` + body.slice(0, 10));
  // The server has the headers and awaits the body: it counts the request in flight (the /metrics
  // request that asks is the other one).
  await until(async () => /trame_http_in_flight 2\b/.test(await (await fetch(`${s.url}/metrics`)).text()),
    'the request is in flight');
  s.child.kill('SIGTERM');
  await until(() => s.output().includes('arrêt demandé'), 'shutdown begins');
  socket.end(body.slice(10));
  await ended;
  assert.match(data, /^HTTP\/1\.1 303/, data.slice(0, 200));
  assert.match(data, /Location: \/tableau-de-bord/);
  const { code } = await s.exited;
  assert.equal(code, 0);
});
