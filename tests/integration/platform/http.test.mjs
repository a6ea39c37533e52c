// The transport and web layer: French errors, limits, headers, static files, probes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { Client, startTrame } from '../harness.mjs';

let server;
before(async () => { server = await startTrame(); });
after(async () => { await server.stop(); });

// Test files run concurrently: a port chosen free can be taken before the server binds it (CI once failed
// on « bind: Address already in use »). The harness then starts the server on another port.
test('a server whose port is taken before it binds starts on another one', async () => {
  const holder = net.createServer();
  await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const taken = holder.address().port;
  try {
    const second = await startTrame({ database: server.database, demo: false, port: taken });
    try {
      assert.notEqual(second.port, taken);
      assert.equal((await new Client(second.url).get('/')).status, 200);
    } finally {
      await second.stop();
    }
  } finally {
    holder.close();
  }
});

test('home page is French, has landmarks and security headers', async () => {
  const c = new Client(server.url);
  const res = await c.get('/');
  assert.equal(res.status, 200);
  assert.match(res.text, /<html lang="fr">/);
  assert.match(res.text, /<main id="contenu"/);
  assert.match(res.text, /Aller au contenu/);
  assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
});

test('unknown route gives a French 404 page, or JSON when asked', async () => {
  const c = new Client(server.url);
  const html = await c.get('/nulle-part');
  assert.equal(html.status, 404);
  assert.match(html.text, /Page introuvable/);
  const json = await c.get('/nulle-part', { headers: { accept: 'application/json' } });
  assert.equal(json.status, 404);
  assert.equal(JSON.parse(json.text).error.title, 'Page introuvable');
});

test('wrong method gives 405 in French', async () => {
  const c = new Client(server.url);
  const res = await c.request('DELETE', '/connexion');
  assert.equal(res.status, 405);
  assert.match(res.text, /Méthode non autorisée/);
});

test('an oversized form body is refused with 413 in French', async () => {
  const c = new Client(server.url);
  await c.get('/connexion');
  const big = 'x'.repeat(1024 * 1024 + 10);
  const res = await c.post('/connexion', { email: 'a@b.fr', password: big });
  assert.equal(res.status, 413);
  assert.match(res.text, /Envoi trop volumineux/);
});

test('malformed UTF-8 in a form is refused with 400 and a French message', async () => {
  const c = new Client(server.url);
  await c.get('/connexion');
  const res = await c.request('POST', '/connexion', {
    body: `_csrf=${c.csrf}&email=%C3%28&password=x`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 400);
  assert.match(res.text, /encodage invalide/);
});

test('a POST without a CSRF token is refused with 403', async () => {
  const c = new Client(server.url);
  await c.get('/connexion');
  const res = await c.post('/connexion', { email: 'admin@trame.local', password: 'trame-demo-2026' }, { csrf: false });
  assert.equal(res.status, 403);
  assert.match(res.text, /formulaire a expiré/);
  assert.equal(c.cookies.has('trame_session'), false);
});

test('static files have a strong ETag, long cache when fingerprinted, and 304', async () => {
  const c = new Client(server.url);
  const home = await c.get('/');
  const href = home.text.match(/href="(\/static\/css\/trame\.css\?v=[0-9a-f]+)"/)[1];
  const css = await c.get(href);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  assert.match(css.headers.get('cache-control'), /immutable/);
  const etag = css.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  const again = await c.get(href, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('HEAD answers without a body', async () => {
  const res = await fetch(server.url + '/', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});

test('/healthz checks the database; /metrics speaks Prometheus on loopback', async () => {
  const c = new Client(server.url);
  const health = await c.get('/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(JSON.parse(health.text), { status: 'ok', database: 'ok', writes: 'ok' });
  const metrics = await c.get('/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.text, /trame_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/);
  assert.match(metrics.text, /trame_http_request_duration_seconds_bucket/);
  assert.match(metrics.text, /trame_db_pool_in_use/);
  assert.match(metrics.text, /trame_workers_busy/);
  // As promtool lints it: every sample's family is announced by # HELP (with a text) and # TYPE
  // before it; running totals are counters named *_total, and only they are.
  const help = new Set();
  const type = new Map();
  for (const line of metrics.text.trimEnd().split('\n')) {
    let m = line.match(/^# HELP (\S+) (.+)$/);
    if (m) { help.add(m[1]); continue; }
    m = line.match(/^# TYPE (\S+) (counter|gauge|histogram)$/);
    if (m) {
      assert.ok(help.has(m[1]), `TYPE before HELP: ${line}`);
      assert.equal(m[2] === 'counter', m[1].endsWith('_total'), line);
      type.set(m[1], m[2]);
      continue;
    }
    assert.doesNotMatch(line, /^#/, line);
    const name = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/)[1];
    const family = type.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(help.has(family) && type.has(family), `no HELP/TYPE before ${line}`);
    if (family !== name) assert.equal(type.get(family), 'histogram', line);
  }
  for (const counter of ['trame_db_write_commits_total', 'trame_db_grouped_writers_total', 'trame_campaign_job_errors_total'])
    assert.equal(type.get(counter), 'counter', counter);
});

test('a signed-in page sent without a session redirects to the login page', async () => {
  const c = new Client(server.url);
  const res = await c.get('/tableau-de-bord');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/connexion?suivant=/tableau-de-bord');
});
