// Object kinds of the public site's pages for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/website_pages.json; docs/website.md « Pages »):
//   website_page — a published page made over HTTP by the fixture administrator, with a cover and one
//                  revision (`revision`, an earlier text); pages belong to the network, not to an
//                  organisation, so the own and other cells expect the same answers.
import { png } from '../pictures.mjs';

export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function createPage(side) {
    const admin = env.admin;
    const slug = `matrice-${side}-${unique('p').toLowerCase()}`;
    const title = `Page ${side} (matrice)`;
    const fields = { title, slug, description: '', parent: '', position: '0', published: '1' };
    await admin.get('/admin/pages/nouvelle');
    let res = await admin.post('/admin/pages', { ...fields, text: 'Première version.', _submission: unique('s') });
    if (res.status !== 303) throw fail('page created', res);
    const id = idFrom(res.location, /\/admin\/pages\/(\d+)$/);
    await admin.get(`/admin/pages/${id}`);
    res = await admin.post(`/admin/pages/${id}`, { ...fields, text: 'Seconde version.', _submission: unique('s') });
    if (res.status !== 303) throw fail('page saved', res);
    await admin.get(`/admin/pages/${id}`);
    const form = new FormData();
    form.set('_csrf', admin.csrf);
    form.set('cover', new Blob([png(640, 320)], { type: 'image/png' }), 'couverture.png');
    res = await admin.request('POST', `/admin/pages/${id}/couverture`, { body: form });
    if (res.status !== 303) throw fail('cover sent', res);
    const rows = env.dbRows(env.server.database, `SELECT MAX(id) FROM website_page_revisions WHERE page_id = ${id}`);
    return { id, slug, title, revision: Number(rows[0][0]) };
  }

  return {
    website_page: { create: createPage, table: 'website_pages', fk: 'page_id' },
  };
}
