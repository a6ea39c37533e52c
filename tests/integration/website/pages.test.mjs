// The public site's pages (/pages/{slug}, /admin/pages; src/website/pages): an editor (the communication
// role, or an administrator) creates and edits pages; a slug taken twice, a parent cycle and a cover that is
// not an image are refused with a French message and nothing changed; every save keeps a revision, shown as
// a line diff and restorable; drafts are 404 for the public and previewable with a « Brouillon » banner;
// the preview button works without JavaScript; published top pages make the layout's menu. Every row the
// test counts belongs to pages it made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { flashError, signIn, unique } from '../bookings_fixtures.mjs';
import { png } from '../pictures.mjs';

const COMMUNICATION = 'communication@loire-atlantique.local';
const DEMO_PASSWORD = 'trame-demo-2026';

let server;
let editor;
let admin;
const sql = (q) => querySql(server.database, q);

before(async () => {
  server = await startTrame();
  editor = await signIn(server, COMMUNICATION, DEMO_PASSWORD);
  admin = await signIn(server, DEMO.administrator, DEMO_PASSWORD);
});
after(async () => { await server?.stop(); });

const slugOf = (prefix) => unique(prefix).toLowerCase();

function fields(over = {}) {
  return { title: 'Une page', slug: '', description: '', parent: '', position: '0', text: 'Du texte.', ...over };
}

async function create(c, over = {}) {
  await c.get('/admin/pages/nouvelle');
  const res = await c.post('/admin/pages', { ...fields(over), _submission: unique('s') });
  return res;
}

async function createPage(c, over = {}) {
  const res = await create(c, over);
  assert.equal(res.status, 303, `page created: ${flashError(res.text)}`);
  const id = Number(res.location.match(/\/admin\/pages\/(\d+)$/)[1]);
  return id;
}

async function save(c, id, over) {
  await c.get(`/admin/pages/${id}`);
  return c.post(`/admin/pages/${id}`, { ...over, _submission: unique('s') });
}

const row = (id) => sql(`SELECT slug, title, description, text, published, COALESCE(parent_id, 0), position FROM website_pages WHERE id = ${id}`);
const revisions = (id) => Number(sql(`SELECT COUNT(*) FROM website_page_revisions WHERE page_id = ${id}`));

test('the communication role creates a page: slug from the title, draft 404 for the public, banner for the editor', async () => {
  const title = `Contexte de la formation ${unique('t')}`;
  const id = await createPage(editor, { title, text: '## Objectifs\n\n**Gras** et <script>alert(1)</script>' });
  const [slug, savedTitle, , , published] = row(id).split('|');
  assert.equal(savedTitle, title);
  assert.match(slug, /^contexte-de-la-formation-t-[0-9a-f]{8}$/);
  assert.equal(published, '0');
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(`/pages/${slug}`)).status, 404);
  const preview = await editor.get(`/pages/${slug}`);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Brouillon/);
  assert.match(preview.text, /<h2>Objectifs<\/h2>/);
  assert.match(preview.text, /<strong>Gras<\/strong>/);
  assert.doesNotMatch(preview.text, /<script>alert/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'website.page.created' AND subject = 'page:${id}'`), '1');

  // Published: the public reads it, and a top page joins the menu of every page.
  const res = await save(editor, id, fields({ title, slug, text: 'Publiée.', published: '1' }));
  assert.equal(res.status, 303);
  const page = await anonymous.get(`/pages/${slug}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Brouillon/);
  const home = await anonymous.get('/connexion');
  assert.match(home.text, new RegExp(`<a href="/pages/${slug}"[^>]*>${title}</a>`));
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'website.page.published' AND subject = 'page:${id}'`), '1');

  // Unpublished again: out of the menu at once (the layout's cache is dropped), 404 for the public.
  assert.equal((await save(editor, id, fields({ title, slug, text: 'Publiée.' }))).status, 303);
  assert.doesNotMatch((await anonymous.get('/connexion')).text, new RegExp(`href="/pages/${slug}"`));
  assert.equal((await anonymous.get(`/pages/${slug}`)).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'website.page.unpublished' AND subject = 'page:${id}'`), '1');
});

test('a coordinator, a referent and the anonymous visitor may not edit pages', async () => {
  const coordinator = await signIn(server, DEMO.coordinator, DEMO_PASSWORD);
  assert.doesNotMatch((await coordinator.get('/compte')).text, /href="\/admin\/pages"/);
  assert.match((await editor.get('/compte')).text, /<li><a href="\/admin\/pages">Pages du site<\/a><\/li>/);
  assert.equal((await coordinator.get('/admin/pages')).status, 403);
  assert.equal((await coordinator.get('/admin/pages/nouvelle')).status, 403);
  const before = sql('SELECT COUNT(*) FROM website_pages');
  const res = await coordinator.post('/admin/pages', fields({ title: 'Refusée' }));
  assert.equal(res.status, 403);
  assert.equal(sql('SELECT COUNT(*) FROM website_pages'), before);
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get('/admin/pages')).status, 303);
});

test('a slug taken twice is refused with a French message, nothing changed', async () => {
  const slug = slugOf('prise');
  await createPage(editor, { title: 'Première', slug });
  const count = sql('SELECT COUNT(*) FROM website_pages');
  const res = await create(editor, { title: 'Seconde', slug });
  assert.equal(res.status, 422);
  assert.match(res.text, /Cette adresse est déjà celle d&apos;une autre page/);
  assert.match(res.text, /aria-invalid="true"/);
  assert.equal(sql('SELECT COUNT(*) FROM website_pages'), count);
  // Bad input of other kinds.
  assert.equal((await create(editor, { title: '' })).status, 422);
  const bad = await create(editor, { title: 'Adresse', slug: 'Pas Valable' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /lettres minuscules sans accent/);
  const long = await create(editor, { title: 'Longue', description: 'x'.repeat(301) });
  assert.equal(long.status, 422);
  assert.equal(sql('SELECT COUNT(*) FROM website_pages'), count);
});

test('editors creating the same slug at once: one page, the others refused with the same message, no error', async () => {
  const slug = slugOf('course');
  const clients = await Promise.all([0, 1, 2, 3, 4].map(async () => {
    const c = await signIn(server, COMMUNICATION, DEMO_PASSWORD);
    await c.get('/admin/pages/nouvelle');
    return c;
  }));
  const answers = await Promise.all(clients.map((c, i) => c.post('/admin/pages', { ...fields({ title: `Course ${i}`, slug }), _submission: unique('s') })));
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 422, 422, 422, 422]);
  for (const r of answers.filter((a) => a.status === 422)) assert.match(r.text, /Cette adresse est déjà celle d&apos;une autre page/);
  assert.equal(sql(`SELECT COUNT(*) FROM website_pages WHERE slug = '${slug}'`), '1');
});

test('a page cannot be put under itself or one of its descendants; a parent with children cannot be deleted', async () => {
  const top = await createPage(editor, { title: 'Rubrique', published: '1' });
  const child = await createPage(editor, { title: 'Sous-page', parent: String(top), published: '1' });
  const grandchild = await createPage(editor, { title: 'Sous-sous-page', parent: String(child), published: '1' });
  const before = row(top);
  const [topSlug] = before.split('|');
  let res = await save(editor, top, fields({ title: 'Rubrique', slug: topSlug, parent: String(grandchild), published: '1' }));
  assert.equal(res.status, 422);
  assert.match(res.text, /ne peut pas être rangée sous elle-même ni sous une de ses sous-pages/);
  res = await save(editor, top, fields({ title: 'Rubrique', slug: topSlug, parent: String(top), published: '1' }));
  assert.equal(res.status, 422);
  assert.equal(row(top), before);
  assert.equal(revisions(top), 0);

  // The public page shows its breadcrumb and its children.
  const [childSlug] = row(child).split('|');
  const page = await new Client(server.url).get(`/pages/${childSlug}`);
  assert.match(page.text, new RegExp(`<nav aria-label="Fil d&apos;Ariane"[^>]*><ol><li><a href="/pages/${topSlug}">Rubrique</a>`));
  assert.match(page.text, /Sous-sous-page/);

  await editor.get(`/admin/pages/${child}`);
  res = await editor.post(`/admin/pages/${child}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM website_pages WHERE id = ${child}`), '1');
  assert.match((await editor.get(res.location)).text, /a des sous-pages/);
  await editor.get(`/admin/pages/${grandchild}`);
  res = await editor.post(`/admin/pages/${grandchild}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/admin/pages');
  assert.equal(sql(`SELECT COUNT(*) FROM website_pages WHERE id = ${grandchild}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'website.page.deleted' AND subject = 'page:${grandchild}'`), '1');
});

async function uploadCover(c, id, bytes, name = 'couverture.png') {
  await c.get(`/admin/pages/${id}`);
  const form = new FormData();
  form.set('_csrf', c.csrf);
  form.set('cover', new Blob([bytes], { type: 'image/png' }), name);
  return c.request('POST', `/admin/pages/${id}/couverture`, { body: form });
}

test('a cover is checked by its bytes, kept at a few widths never enlarged, served with srcset and cache headers', async () => {
  const slug = slugOf('couverture');
  const id = await createPage(editor, { title: 'Avec image', slug, published: '1' });
  let res = await uploadCover(editor, id, Buffer.from('<svg onload="alert(1)"/>'), 'piège.png');
  assert.equal(res.status, 422);
  assert.match(res.text, /n&apos;est pas une image PNG, JPEG ou WebP/);
  assert.equal(sql(`SELECT COUNT(*) FROM website_page_covers WHERE page_id = ${id}`), '0');
  assert.equal(sql(`SELECT cover_sha256 FROM website_pages WHERE id = ${id}`), '');

  res = await uploadCover(editor, id, png(1200, 600));
  assert.equal(res.status, 303);
  const widths = sql(`SELECT width FROM website_page_covers WHERE page_id = ${id} ORDER BY width`).split('\n').map(Number);
  assert.deepEqual(widths, [480, 960, 1200]);
  const page = await new Client(server.url).get(`/pages/${slug}`);
  const img = page.text.match(/<img class="page-cover" src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" width="1200" height="600" alt="">/);
  assert.ok(img, 'the cover with srcset, width and height');
  assert.match(img[2], /couverture\/480\?v=[0-9a-f]+ 480w, .*couverture\/960\?v=[0-9a-f]+ 960w, .*1200w/);
  const served = await fetch(server.url + img[1].replace(/&amp;/g, '&'));
  assert.equal(served.status, 200);
  assert.match(served.headers.get('cache-control'), /max-age=2592000/);
  assert.ok(served.headers.get('etag'));
  assert.equal((await fetch(server.url + `/pages/${slug}/couverture/640`)).status, 404);
});

test('every save keeps a revision; a version shows a line diff with <ins>/<del> and can be restored', async () => {
  const slug = slugOf('versions');
  const id = await createPage(editor, { title: 'Versions', slug, text: 'ligne un\nligne deux\nligne trois', published: '1' });
  let res = await save(admin, id, fields({ title: 'Versions', slug, text: 'ligne un\nligne 2\nligne trois\nligne quatre', published: '1' }));
  assert.equal(res.status, 303);
  assert.equal(revisions(id), 1);
  // A save that changes nothing of the content keeps no revision.
  res = await save(admin, id, fields({ title: 'Versions', slug, text: 'ligne un\nligne 2\nligne trois\nligne quatre', published: '1', position: '3' }));
  assert.equal(res.status, 303);
  assert.equal(revisions(id), 1);

  const list = await editor.get(`/admin/pages/${id}/versions`);
  assert.equal(list.status, 200);
  const link = list.text.match(new RegExp(`href="(/admin/pages/${id}/versions/(\\d+))"`));
  assert.ok(link);
  const version = await editor.get(link[1]);
  assert.equal(version.status, 200);
  assert.match(version.text, /<del><span class="diff-sign">− <span class="visually-hidden">ligne retirée :<\/span><\/span>ligne deux<\/del>/);
  assert.match(version.text, /<ins><span class="diff-sign">\+ <span class="visually-hidden">ligne ajoutée :<\/span><\/span>ligne 2<\/ins>/);
  assert.match(version.text, /<ins>.*ligne quatre<\/ins>/);

  res = await editor.post(`${link[1]}/restaurer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT text FROM website_pages WHERE id = ${id}`), 'ligne un\nligne deux\nligne trois');
  assert.equal(revisions(id), 2);  // the restore kept what it replaced
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'website.page.restored' AND subject = 'page:${id}'`), '1');
  // Restoring the same content again changes nothing.
  await editor.get(link[1]);
  res = await editor.post(`${link[1]}/restaurer`, { _submission: unique('s') });
  assert.equal(res.status, 409);
  assert.equal(revisions(id), 2);
  // A revision of another page is not found.
  const other = await createPage(editor, { title: 'Autre' });
  assert.equal((await editor.get(`/admin/pages/${other}/versions/${link[2]}`)).status, 404);
});

test('the preview button re-renders the form with the rendered page, without saving; the live preview route answers the fragment', async () => {
  const slug = slugOf('apercu');
  const id = await createPage(editor, { title: 'Aperçu', slug, text: 'Avant.' });
  const before = row(id);
  await editor.get(`/admin/pages/${id}`);
  const res = await editor.post(`/admin/pages/${id}`, { ...fields({ title: 'Aperçu', slug, text: '## Un intertitre\n\n*Après*' }), action: 'preview', _submission: unique('s') });
  assert.equal(res.status, 200);
  assert.match(res.text, /rien n&apos;est encore enregistré/);
  assert.match(res.text, /<div class="page-text preview-pane" id="page-preview" aria-live="polite"><h2>Un intertitre<\/h2>\n<p><em>Après<\/em><\/p>/);
  assert.match(res.text, /## Un intertitre/);  // the textarea keeps what was typed
  assert.equal(row(id), before);
  assert.equal(revisions(id), 0);

  const fragment = await editor.post('/admin/pages/apercu', { text: '**gras** <img src=x onerror=alert(1)>' });
  assert.equal(fragment.status, 200);
  assert.match(fragment.text, /<strong>gras<\/strong>/);
  assert.doesNotMatch(fragment.text, /onerror/);
  assert.doesNotMatch(fragment.text, /<html/);
  // Without the CSRF token: refused.
  assert.equal((await editor.post('/admin/pages/apercu', { text: 'x', _csrf: 'faux' })).status, 403);
});

test('the admin list shows the tree, the status and the last change', async () => {
  const top = await createPage(editor, { title: `Liste ${unique('l')}`, position: '-900000', published: '1' });
  await createPage(editor, { title: 'Enfant de liste', parent: String(top) });
  const list = await editor.get('/admin/pages');
  assert.equal(list.status, 200);
  const i = list.text.indexOf(`/admin/pages/${top}"`);
  assert.ok(i > 0);
  const rest = list.text.slice(i);
  assert.match(rest, /<th scope="row" class="depth-1"><span aria-hidden="true">↳ <\/span><a href="\/admin\/pages\/\d+">Enfant de liste<\/a>/);
  assert.match(rest, /Brouillon/);
  assert.match(rest, /Chargée de communication du Département/);
});
