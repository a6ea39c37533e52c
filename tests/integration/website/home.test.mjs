// The home page composed of blocks (`/`, src/website/home) and its administration (`/admin/accueil`,
// site.edit): the blocks in their order, a hidden block absent, reordering, the presentation saved or
// refused (nothing changed), the figures of the year computed from the data and cached until a save,
// the communication role may edit and a coordinator may not; every change audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { signIn, unique } from '../bookings_fixtures.mjs';

const COMMUNICATION = 'communication@loire-atlantique.local';
let server;
let communication;
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");

before(async () => {
  server = await startTrame();
  communication = await signIn(server, COMMUNICATION, 'trame-demo-2026');
});
after(async () => { await server?.stop(); });

const home = async () => {
  const res = await new Client(server.url).get('/');
  assert.equal(res.status, 200);
  return res.text;
};
// The blocks the home page shows, in order (their section ids).
const shown = (html) => [...html.matchAll(/<section class="home-block stack" id="bloc-([a-z]+)"/g)].map((m) => m[1]);
const order = () => sql('SELECT kind FROM website_home_blocks ORDER BY position, id').split('\n');
const audits = (action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`));
const figure = (html, key) => {
  const m = html.match(new RegExp(`data-figure="${key}"><p><strong class="home-figure">([^<]+)</strong>`));
  return m ? m[1].replace(/&lt;/g, '<') : null;
};

async function admin(c = communication) {
  const page = await c.get('/admin/accueil');
  assert.equal(page.status, 200);
  return page;
}

test('the home page shows its blocks in order: the presentation from the seeds, no capability advertised', async () => {
  const html = await home();
  const kinds = shown(html);
  assert.deepEqual(kinds, order().filter((k) => kinds.includes(k)), 'the blocks follow their positions');
  assert.ok(kinds.includes('presentation') && kinds.includes('directory'));
  assert.match(html, /formation-action culture\/social/);
  assert.match(html, /Cultures du Cœur 94/);
  assert.doesNotMatch(html, /Ce que Trame permet|Qualiopi|émargement en ligne/);
  // The public directory: a search box to /annuaire/public and its link.
  assert.match(html, /<form method="get" action="\/annuaire\/public" role="search"/);
  assert.match(html, /<label for="home-directory-q">/);
  // The quotes block features the demo's published quotes (the quotes module, wired by the application).
  assert.ok(kinds.includes('quotes'));
  assert.match(html, /<blockquote/);
  // Each block is a section with its heading.
  for (const k of kinds) assert.match(html, new RegExp(`aria-labelledby="home-${k}">\\s*<h2 id="home-${k}">`));
});

test('a hidden block is absent, shown again when enabled; both audited', async () => {
  const before = audits('website.home.disabled');
  await admin();
  const res = await communication.post('/admin/accueil/directory/masquer');
  assert.equal(res.status, 303);
  assert.equal(sql("SELECT enabled FROM website_home_blocks WHERE kind = 'directory'"), '0');
  assert.ok(!shown(await home()).includes('directory'));
  assert.equal(audits('website.home.disabled'), before + 1);
  await admin();
  assert.equal((await communication.post('/admin/accueil/directory/afficher')).status, 303);
  assert.ok(shown(await home()).includes('directory'));
});

test('reordering moves a block one place and the home page follows', async () => {
  const start = order();
  const i = start.indexOf('directory');
  assert.ok(i > 0);
  await admin();
  const res = await communication.post('/admin/accueil/directory/monter');
  assert.equal(res.status, 303);
  const moved = order();
  assert.equal(moved.indexOf('directory'), i - 1);
  assert.equal(moved[i], start[i - 1]);
  const kinds = shown(await home());
  assert.deepEqual(kinds, moved.filter((k) => kinds.includes(k)));
  // The first block cannot go higher: nothing moves.
  await admin();
  assert.equal((await communication.post(`/admin/accueil/${moved[0]}/monter`)).status, 303);
  assert.deepEqual(order(), moved);
  await admin();
  await communication.post('/admin/accueil/directory/descendre');
  assert.deepEqual(order(), start);
  // An unknown block: not found, nothing changed.
  await admin();
  assert.equal((await communication.post('/admin/accueil/nouvelles/monter')).status, 404);
  assert.deepEqual(order(), start);
});

test('the presentation is saved (markdown shown as HTML), previewed without saving, refused when too long', async () => {
  const text = `## ${unique('Bienvenue')}\n\nLe réseau **culture et social** du territoire.`;
  await admin();
  const preview = await communication.post('/admin/accueil/presentation', { title: '', body: text, preview: '1' });
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Aperçu \(non enregistré\)/);
  assert.match(preview.text, /<strong>culture et social<\/strong>/);
  assert.doesNotMatch(sql("SELECT body FROM website_home_blocks WHERE kind = 'presentation'"), /Bienvenue-/);

  const saved = audits('website.home.saved');
  await admin();
  const ok = await communication.post('/admin/accueil/presentation', { title: 'Qui sommes-nous ?', body: text });
  assert.equal(ok.status, 303);
  const html = await home();
  assert.match(html, /<h2 id="home-presentation">Qui sommes-nous \?<\/h2>/);
  assert.match(html, /<strong>culture et social<\/strong>/);
  assert.equal(audits('website.home.saved'), saved + 1);

  const before = sql("SELECT title || '|' || body FROM website_home_blocks WHERE kind = 'presentation'");
  await admin();
  const long = await communication.post('/admin/accueil/presentation', { title: 'Autre', body: 'é'.repeat(4001) });
  assert.equal(long.status, 422);
  assert.match(long.text, /Texte de présentation trop long : 4 000 caractères au plus\./);
  assert.match(long.text, /aria-invalid="true"/);
  await admin();
  const title = await communication.post('/admin/accueil/presentation', { title: 'x'.repeat(121), body: 'court' });
  assert.equal(title.status, 422);
  assert.match(title.text, /Titre trop long/);
  await admin();
  const items = await communication.post('/admin/accueil/trainings', { title: '', items: '40' });
  assert.equal(items.status, 422);
  assert.equal(sql("SELECT title || '|' || body FROM website_home_blocks WHERE kind = 'presentation'"), before);
  assert.equal(sql("SELECT items FROM website_home_blocks WHERE kind = 'trainings'"), '3');
  assert.equal(audits('website.home.saved'), saved + 1);
  // Exactly 4000 characters is accepted.
  await admin();
  assert.equal((await communication.post('/admin/accueil/presentation', { title: '', body: 'é'.repeat(4000) })).status, 303);
  await admin();
  assert.equal((await communication.post('/admin/accueil/presentation', { title: '', body: text })).status, 303);
});

test('the figures of the year come from the data, cached until a save', async () => {
  const first = await home();
  const partners = Number(figure(first, 'partners') ?? 0);
  // Two new organisations in an active partnership.
  const a = sql(`INSERT INTO organisations (name, kind, status, created_at) VALUES ('${esc(unique('Relais accueil'))}', 'social', 'active', 0) RETURNING id`);
  const b = sql(`INSERT INTO organisations (name, kind, status, created_at) VALUES ('${esc(unique('Théâtre accueil'))}', 'cultural', 'active', 0) RETURNING id`);
  sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${b}, ${a}, 'cultural', 'active', '2026-01-01', 0, 0)`);
  // Two people supported came to an outing an hour ago (this year): a count under 5 is masked.
  const places = Number(figure(first, 'places_used') ?? 0);
  const slot = sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES ((SELECT MIN(id) FROM outing_offers), ${Math.floor(Date.now() / 1000) - 3600}, 50, 0, 0, 0, 0, 0) RETURNING id`);
  for (let i = 0; i < 2; i++) {
    const p = sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, in_qpv, created_at, updated_at) VALUES ('${unique('P')}', ${a}, (SELECT MIN(id) FROM users), '26-59', 0, 0, 0) RETURNING id`);
    sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('B')}', ${slot}, ${p}, ${a}, (SELECT MIN(id) FROM users), 0, 1, 'used', 0, 0)`);
  }
  // Still the cached figures: the home page does not count them at every visit.
  assert.equal(Number(figure(await home(), 'partners') ?? 0), partners);
  // A save of the blocks invalidates the cache.
  await admin();
  assert.equal((await communication.post('/admin/accueil/figures', { title: '' })).status, 303);
  const after = await home();
  assert.ok(shown(after).includes('figures'));
  assert.ok(Number(figure(after, 'partners')) >= partners + 2, 'the two new partners are counted');
  // People supported: a small count is never shown exactly.
  assert.ok(Number(figure(after, 'places_used')) >= places + 2, 'the places used are counted');
  const people = figure(after, 'people_reached');
  assert.ok(people === '< 5' || Number(people) >= 5, `people supported: « < 5 » or an exact count of 5 and more (${people})`);
  // A figure at zero is not shown.
  assert.doesNotMatch(after, /<strong class="home-figure">0<\/strong>/);
});

test('communication staff may edit the home page, a coordinator may not', async () => {
  const coordinator = await signIn(server, DEMO.coordinator, 'trame-demo-2026');
  assert.equal((await coordinator.get('/admin/accueil')).status, 403);
  const before = order();
  await coordinator.get('/tableau-de-bord');
  assert.equal((await coordinator.post('/admin/accueil/figures/monter')).status, 403);
  assert.equal((await coordinator.post('/admin/accueil/presentation', { title: 'Non', body: 'Non' })).status, 403);
  assert.deepEqual(order(), before);
  assert.doesNotMatch(sql("SELECT title FROM website_home_blocks WHERE kind = 'presentation'"), /^Non$/);
  const anonymous = new Client(server.url);
  const res = await anonymous.get('/admin/accueil');
  assert.notEqual(res.status, 200);
  // The administrator holds site.edit too.
  const administrator = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  assert.equal((await administrator.get('/admin/accueil')).status, 200);
});

test('a POST without its CSRF token changes nothing', async () => {
  const before = order();
  const res = await communication.post('/admin/accueil/figures/monter', {}, { csrf: false });
  assert.equal(res.status, 403);
  assert.deepEqual(order(), before);
});
