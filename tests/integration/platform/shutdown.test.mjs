// Graceful shutdown: on SIGTERM the server stops accepting connections, finishes the requests
// in flight (their responses arrive complete), and exits with code 0.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, PRODUCTION_ENV, startTrame, until } from '../harness.mjs';

// 'connected' or the connection error's code (ECONNREFUSED when nothing listens).
function tryConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (err) => resolve(err.code));
  });
}

test('SIGTERM during logins: the responses arrive complete, new connections are refused, exit code 0', async () => {
  // One write worker: the logins (argon2 at the production cost, about 100 ms each: the demo's cheap hashes
  // are made again at that cost) queue behind each other, so that all of them are in flight when the
  // signal arrives.
  const server = await startTrame({ env: { ...PRODUCTION_ENV, TRAME_WRITE_WORKERS: '1' } });
  const good = [new Client(server.url), new Client(server.url)];
  const bad = new Client(server.url);
  for (const c of [...good, bad]) await c.get('/connexion');
  assert.equal(await tryConnect(server.port), 'connected');

  const started = Date.now();
  const inFlight = [
    ...good.map((c) => c.post('/connexion', { email: DEMO.referent, password: DEMO_PASSWORD })),
    bad.post('/connexion', { email: DEMO.coordinator, password: 'pas le bon mot de passe' }),
  ];
  // The signal comes once the server has read the three requests: /metrics (a read, on the other workers)
  // counts them in flight, with itself.
  const metrics = new Client(server.url);
  const inFlightNow = async () => Number(((await metrics.get('/metrics')).text.match(/^trame_http_in_flight (\d+)/m) || [])[1]);
  await until(async () => (await inFlightNow()) >= 4, 'the three logins read by the server', 10000, 5);
  server.child.kill('SIGTERM');
  await until(() => server.output().includes('arrêt demandé'), 'shutdown begins', 10000, 5);
  // From now on, no new connection is accepted.
  assert.equal(await tryConnect(server.port), 'ECONNREFUSED');

  const answers = await Promise.all(inFlight);
  assert.ok(Date.now() - started >= 150, 'the logins were still running when the signal came');
  for (const [i, res] of answers.slice(0, 2).entries()) {
    assert.equal(res.status, 303, `login ${i + 1}`);
    assert.equal(res.location, '/tableau-de-bord');
    assert.ok(good[i].cookies.get('trame_session'), 'the session cookie arrived');
    assert.equal(res.headers.get('connection'), 'close');
  }
  const refused = answers[2];
  assert.equal(refused.status, 422);
  assert.match(refused.text, /Adresse ou mot de passe incorrect\./);
  assert.match(refused.text, /<\/html>\s*$/, 'the whole page arrived');
  assert.equal(Buffer.byteLength(refused.text), Number(refused.headers.get('content-length')));

  const { code, signal } = await server.exited;
  assert.equal(code, 0);
  assert.equal(signal, null);
  assert.match(server.output(), /Trame s'est arrêté proprement\./);
  assert.doesNotMatch(server.output(), /requêtes? interrompues?/);
  assert.equal(await tryConnect(server.port), 'ECONNREFUSED');
});

test('SIGTERM with an idle keep-alive connection open exits promptly with code 0', async () => {
  const server = await startTrame();
  const idle = net.connect(server.port, '127.0.0.1');
  await new Promise((resolve, reject) => { idle.once('connect', resolve); idle.once('error', reject); });
  idle.on('error', () => {});
  const c = new Client(server.url);
  assert.equal((await c.get('/healthz')).status, 200);
  const started = Date.now();
  server.child.kill('SIGTERM');
  const { code } = await server.exited;
  idle.destroy();
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  assert.match(server.output(), /Trame s'est arrêté proprement\./);
});
