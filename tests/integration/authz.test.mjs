// The authorization matrix (tests/authz/matrix.json): every route of the router, for the
// anonymous visitor and a demo account of each role, in its own organisation and another,
// must answer the expected status. Deny by default: a route missing from the matrix, or a
// route without a known permission, fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ROOT, freshDatabase, runTrame, startTrame } from './harness.mjs';

// matrix.json holds the principals and the first routes; every other tests/authz/*.json adds the
// routes of one module ({"routes": [...]}).
const matrix = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/authz/matrix.json'), 'utf8'));
for (const file of fs.readdirSync(path.join(ROOT, 'tests/authz')).sort()) {
  if (file === 'matrix.json' || !file.endsWith('.json')) continue;
  matrix.routes.push(...JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/authz', file), 'utf8')).routes);
}
const ORGS = {
  administrator: 'Département de Loire-Atlantique',
  coordinator: 'Département de Loire-Atlantique',
  training_staff: 'Sagiterre',
  trainer: 'Sagiterre',
  jury_member: 'Observatoire des politiques culturelles',
  referent: 'Cultures du Cœur 94',
  partner_staff: 'Théâtre Quartier Libre',
  trainee: 'Espace culturel Paul Guimard',
  volunteer: 'Cultures du Cœur 94',
};
const KNOWN_PERMISSIONS = new Set(['public', 'authenticated', 'mfa.pending', 'metrics', 'users.manage',
  'organisations.view', 'organisations.manage', 'audit.read', 'security.manage', 'mailbox.read',
  'territories.manage', 'partnerships.manage', 'outings.browse', 'outings.publish', 'outings.book',
  'outings.manage', 'trainings.manage', 'trainings.teach', 'questionnaires.manage']);

function routerRoutes() {
  const r = runTrame(['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((line) => {
    const [method, pattern, permission] = line.split('\t');
    return { method, pattern, permission };
  });
}

test('every route declares a known permission', () => {
  const routes = routerRoutes();
  assert.ok(routes.length > 30);
  for (const r of routes) {
    assert.ok(r.permission, `${r.method} ${r.pattern} has no permission`);
    assert.ok(KNOWN_PERMISSIONS.has(r.permission), `${r.method} ${r.pattern}: unknown permission ${r.permission}`);
  }
});

test('the matrix covers every route and every principal', () => {
  const covered = new Set(matrix.routes.map((e) => `${e.method} ${e.route}`));
  for (const r of routerRoutes()) assert.ok(covered.has(`${r.method} ${r.pattern}`), `matrix misses ${r.method} ${r.pattern}`);
  for (const e of matrix.routes) {
    for (const p of matrix.principals) assert.ok(Number.isInteger(e.expect[p]), `${e.method} ${e.path}: no expectation for ${p}`);
  }
});

let server;
const orgIds = {};
let targetUser = 0;

before(async () => {
  const database = freshDatabase('authz');
  assert.equal(runTrame(['demo', '--database', database]).status, 0);
  const added = runTrame(['user', 'add', '--database', database, '--email', 'cible@trame.local', '--name', 'Compte cible',
    '--role', 'volunteer', '--password-stdin'], { input: 'une phrase de passe assez longue\n' });
  assert.equal(added.status, 0, added.stderr);
  targetUser = Number(added.stdout.match(/identifiant (\d+)/)[1]);
  server = await startTrame({ database, demo: false, smtp: false });
  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const list = await admin.get('/admin/organisations?q=');
  for (const m of list.text.matchAll(/<a href="\/admin\/organisations\/(\d+)">([^<]+)<\/a>/g)) {
    orgIds[m[2].replace(/&apos;/g, "'")] = Number(m[1]);
  }
  assert.ok(orgIds['Sagiterre'] && orgIds['Département de Loire-Atlantique']);
});
after(async () => { await server?.stop(); });

function resolvePath(entry, principal) {
  const own = orgIds[ORGS[principal] || 'Sagiterre'];
  const other = principal === 'training_staff' || principal === 'trainer'
    ? orgIds['Département de Loire-Atlantique'] : orgIds['Sagiterre'];
  return entry.path.replace('{own_org}', String(own)).replace('{other_org}', String(other))
    .replace('{target_user}', String(targetUser));
}

async function clientFor(principal) {
  const c = new Client(server.url);
  if (principal === 'anonymous') {
    await c.get('/connexion');
    return c;
  }
  const res = await c.login(DEMO[principal]);
  assert.equal(res.status, 303, `login as ${principal}`);
  await c.get('/compte');  // a page with a form, for the CSRF token
  return c;
}

for (const principal of matrix.principals) {
  test(`authorization matrix as ${principal}`, async () => {
    const shared = await clientFor(principal);
    const failures = [];
    // Cells that end sessions (log out, log out everywhere) run last, on sessions of their own.
    const ordered = [...matrix.routes.filter((e) => !e.fresh_session), ...matrix.routes.filter((e) => e.fresh_session)];
    for (const entry of ordered) {
      const client = entry.fresh_session ? await clientFor(principal) : shared;
      const target = resolvePath(entry, principal);
      const res = entry.method === 'GET'
        ? await client.get(target)
        : await client.post(target, Object.fromEntries(Object.entries(entry.fields || {})
          .map(([k, v]) => [k, String(v).replace('{principal}', principal)])));
      const expected = entry.expect[principal];
      if (res.status !== expected) failures.push(`${entry.method} ${target} (${entry.scope || 'any'}): expected ${expected}, got ${res.status}`);
      if (entry.method === 'GET' && res.status === 200 && !entry.path.startsWith('/static') && entry.path !== '/healthz' && entry.path !== '/metrics') {
        await client.get('/compte/sessions').catch(() => {});  // refresh the CSRF token after navigation
      }
    }
    assert.deepEqual(failures, []);
  });
}
