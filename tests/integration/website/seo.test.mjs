// Search engines: robots.txt keeps the administration and the signed-in areas out and points to the
// sitemap; /sitemap.xml is well-formed XML (xmllint) listing the legal pages, published programmes and
// their sessions, published certifications and their results, with lastmod, and no page that needs a
// session; a public page carries its description, canonical URL and Open Graph tags; signed-in, admin and
// error pages, and public pages reached by a secret link (a password reset, a ticket…), say noindex.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, DEMO, linkIn, querySql, startTrame, waitForMail } from '../harness.mjs';
import { addUser, signIn, unique } from '../bookings_fixtures.mjs';

let server;
let anon;
const sql = (q) => querySql(server.database, q);
const ids = (q) => sql(q).split('\n').filter(Boolean).map(Number);
const meta = (html, attr, name) => (html.match(new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`)) || [])[1];

before(async () => {
  server = await startTrame();
  anon = new Client(server.url);
});
after(async () => { await server?.stop(); });

test('robots.txt disallows the administration and signed-in areas, not the public pages, and names the sitemap', async () => {
  const res = await anon.get('/robots.txt');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  const lines = res.text.split('\n');
  assert.ok(lines.includes('User-agent: *'));
  const disallowed = lines.filter((l) => l.startsWith('Disallow: ')).map((l) => l.slice('Disallow: '.length));
  for (const area of ['/admin', '/tableau-de-bord', '/compte', '/formations/gestion'])
    assert.ok(disallowed.includes(area), `${area} in ${disallowed.join(' ')}`);
  // No rule would hide a public page.
  for (const open of ['/', '/formations', '/formations/programmes/1', '/mentions-legales', '/accessibilite', '/certifications', '/sitemap.xml']) {
    const hidden = disallowed.filter((d) => {
      const re = new RegExp(`^${d.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('[^/]+')}`);
      return re.test(open);
    });
    assert.deepEqual(hidden, [], `${open} stays open`);
  }
  assert.ok(lines.includes(`Sitemap: ${server.url}/sitemap.xml`));
});

test('sitemap.xml is well-formed, lists the public pages with lastmod and nothing that needs a session', async () => {
  const res = await anon.get('/sitemap.xml');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/xml/);
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: res.text, encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stderr);
  const locs = [...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  for (const path of ['/', '/mentions-legales', '/confidentialite', '/accessibilite', '/accessibilite/schema-pluriannuel', '/formations'])
    assert.ok(locs.includes(server.url + path), path);
  const published = ids("SELECT id FROM training_programmes WHERE status = 'published'");
  assert.ok(published.length > 0, 'the demo has published programmes');
  for (const id of published) assert.ok(locs.includes(`${server.url}/formations/programmes/${id}`), `programme ${id}`);
  for (const id of ids("SELECT id FROM training_programmes WHERE status <> 'published'"))
    assert.ok(!locs.includes(`${server.url}/formations/programmes/${id}`), `unpublished programme ${id} left out`);
  for (const id of ids("SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id WHERE p.status = 'published' AND s.status <> 'cancelled'"))
    assert.ok(locs.includes(`${server.url}/formations/sessions/${id}`), `session ${id}`);
  for (const id of ids("SELECT id FROM certifications WHERE status = 'published'")) {
    assert.ok(locs.includes(`${server.url}/certifications/${id}`), `certification ${id}`);
    assert.ok(locs.includes(`${server.url}/certifications/${id}/chiffres`), `results of ${id}`);
  }
  for (const id of ids("SELECT id FROM certifications WHERE status <> 'published'"))
    assert.ok(!locs.includes(`${server.url}/certifications/${id}`), `unpublished certification ${id} left out`);
  assert.ok(!locs.some((l) => /\/admin|tableau-de-bord|\/compte|\/gestion/.test(l)), 'no signed-in URL');
  assert.equal(new Set(locs).size, locs.length, 'each URL once');
  for (const m of res.text.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)) assert.match(m[1], /^\d{4}-\d{2}-\d{2}$/);

  // Every URL listed answers 200 to an anonymous visitor.
  for (const loc of locs.slice(0, 60)) {
    const page = await anon.get(loc.slice(server.url.length));
    assert.equal(page.status, 200, loc);
  }
});

test('a saved legal page gets its lastmod', async () => {
  const admin = await signIn(server, DEMO.administrator);
  await admin.get('/admin/site/mentions/schema-pluriannuel');
  const res = await admin.post('/admin/site/mentions/schema-pluriannuel', {
    years: '2027-2029', multi_year: 'Audit en 2027.', plan_year: '2027', plan: '- Audit', _submission: admin.submission, action: 'save',
  });
  assert.equal(res.status, 303);
  const xml = (await anon.get('/sitemap.xml')).text;
  const entry = xml.match(new RegExp(`<loc>${server.url}/accessibilite/schema-pluriannuel</loc><lastmod>(\\d{4}-\\d{2}-\\d{2})</lastmod>`));
  assert.ok(entry, 'lastmod of the saved page');
});

test('a public page has its description, canonical URL and Open Graph tags, and is indexable', async () => {
  const page = await anon.get('/accessibilite?source=lien');
  assert.equal(page.status, 200);
  const html = page.text;
  assert.match(html, /<title>Déclaration d(&apos;|&#39;|')accessibilité — Trame<\/title>/);
  assert.match(meta(html, 'name', 'description'), /État de conformité du site/);
  assert.ok(html.includes(`<link rel="canonical" href="${server.url}/accessibilite">`), 'canonical without the query');
  assert.equal(meta(html, 'property', 'og:url'), `${server.url}/accessibilite`);
  assert.match(meta(html, 'property', 'og:title'), /accessibilité/);
  assert.match(meta(html, 'property', 'og:description'), /État de conformité/);
  assert.equal(meta(html, 'property', 'og:type'), 'website');
  assert.equal(meta(html, 'name', 'robots'), undefined);
  const home = (await anon.get('/formations')).text;
  assert.ok(meta(home, 'name', 'description').length > 20, 'a default description');
  assert.equal(meta(home, 'name', 'robots'), undefined);
});

test('signed-in, admin and error pages say noindex', async () => {
  const admin = await signIn(server, DEMO.administrator);
  for (const path of ['/tableau-de-bord', '/admin/site/mentions', '/compte'])
    assert.equal(meta((await admin.get(path)).text, 'name', 'robots'), 'noindex', path);
  const missing = await anon.get('/pas-de-page-ici');
  assert.equal(missing.status, 404);
  assert.equal(meta(missing.text, 'name', 'robots'), 'noindex');
  const login = await anon.get('/connexion');
  assert.equal(login.status, 200);
});

test('a public page reached by a secret link says noindex', async () => {
  const email = `${unique('oubli.seo')}@trame.test`;
  const account = sql("SELECT id FROM organisations WHERE name = 'Sagiterre'");
  addUser(server, email, 'trainer', account);
  const c = new Client(server.url);
  await c.get('/mot-de-passe-oublie');
  assert.equal((await c.post('/mot-de-passe-oublie', { email })).status, 303);
  const mail = await waitForMail((m) => m.to === email);
  const page = await anon.get(linkIn(mail.body, '/reinitialisation/'));
  assert.equal(page.status, 200);
  assert.equal(meta(page.text, 'name', 'robots'), 'noindex');
});
