// The legal and trust pages (/mentions-legales, /confidentialite, /accessibilite and its multi-year plan):
// the shipped templates render with their sections and « à compléter » markers, the footer links them on
// every page with the conformity status, site.edit holders (an administrator, the communication role)
// save them at /admin/site/mentions, with a preview that saves nothing; bad input (too long, a rate or a
// date that is not one, a status the rate does not allow, no CSRF token) is refused in French with every
// legal setting unchanged. Each test file has its own database; the settings read are the legal ones.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { signIn } from '../bookings_fixtures.mjs';

const COMMUNICATION = 'communication@loire-atlantique.local';
let server;
let admin;
const sql = (q) => querySql(server.database, q);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const decode = (html) => html.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16))).replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const legalSettings = () => sql("SELECT key || '=' || value FROM settings WHERE key LIKE 'website.legal.%' ORDER BY key");
const setting = (key) => sql(`SELECT value FROM settings WHERE key = 'website.legal.${key}'`);

// The accessibility form's fields as they are stored, changed by `changes`.
async function accessibilityForm(client, changes = {}) {
  const page = await client.get('/admin/site/mentions/accessibilite');
  assert.equal(page.status, 200);
  const fields = {};
  for (const name of ['entity', 'rate', 'audit_date', 'statement_date'])
    fields[name] = decode((page.text.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`)) || [])[1] ?? '');
  for (const name of ['non_compliant', 'derogations', 'exempt', 'technologies', 'test_environment', 'pages_audited', 'contact', 'remedies'])
    fields[name] = decode((page.text.match(new RegExp(`name="${name}"[^>]*>([\\s\\S]*?)</textarea>`)) || [])[1] ?? '');
  fields.status = (page.text.match(/<option value="(\w+)" selected>/) || [])[1] ?? 'non';
  return { ...fields, ...changes };
}

before(async () => {
  server = await startTrame();
  admin = await signIn(server, DEMO.administrator);
});
after(async () => { await server?.stop(); });

test('the four pages render their sections from the shipped templates, « à compléter » shown', async () => {
  const anon = new Client(server.url);
  const mentions = await anon.get('/mentions-legales');
  assert.equal(mentions.status, 200);
  for (const h of ['Mentions légales', 'Éditeur du site', 'Directeur ou directrice de la publication', 'Hébergeur', 'Nous contacter'])
    assert.match(text(mentions.text), new RegExp(h), h);
  assert.match(mentions.text, /« à compléter »/);

  const privacy = text((await anon.get('/confidentialite')).text);
  for (const h of ['Vous êtes accompagné par un relais', 'Vous suivez une formation', 'Vous êtes bénévole',
    'Vous êtes un professionnel ou un partenaire', 'Vous visitez le site', 'Vos droits et comment les exercer'])
    assert.ok(privacy.includes(h), h);
  assert.match(privacy, /il garde votre identité de son côté, pas Trame/);
  for (const part of ['Pourquoi', 'Sur quelle base', 'Combien de temps', 'Qui les voit', 'CNIL']) assert.ok(privacy.includes(part), part);

  const a11y = await anon.get('/accessibilite');
  assert.equal(a11y.status, 200);
  const a = text(a11y.text);
  for (const h of ['Déclaration d\'accessibilité', 'État de conformité', 'Résultats des tests', 'Contenus non accessibles',
    'Dérogations pour charge disproportionnée', 'Technologies utilisées', 'Pages du site ayant fait l\'objet',
    'Retour d\'information et contact', 'Voies de recours'])
    assert.ok(a.includes(h), h);
  assert.match(a, /Ce site est non conforme avec le référentiel général d'amélioration de l'accessibilité/);
  assert.match(a, /Aucun audit de conformité n'a encore été réalisé/);
  assert.match(a, /Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07/);
  assert.match(a11y.text, /href="https:\/\/formulaire\.defenseurdesdroits\.fr\/"/);

  const plan = text((await anon.get('/accessibilite/schema-pluriannuel')).text);
  assert.match(plan, /Schéma pluriannuel de mise en accessibilité/);
  assert.match(plan, /Plan d'actions/);
});

test('every page\'s footer links the legal pages and the open data, and says the conformity status', async () => {
  const anon = new Client(server.url);
  for (const path of ['/formations', '/connexion', '/accessibilite']) {
    const page = await anon.get(path);
    const footer = page.text.slice(page.text.indexOf('<footer'));
    for (const href of ['/mentions-legales', '/confidentialite', '/accessibilite', '/accessibilite/schema-pluriannuel', '/donnees-ouvertes'])
      assert.ok(footer.includes(`href="${href}"`), `${path}: ${href}`);
    assert.match(text(footer), /Accessibilité : non conforme/, path);
  }
});

test('the administration page lists the fields still to complete; only site.edit holders reach it', async () => {
  const page = await admin.get('/admin/site/mentions');
  assert.equal(page.status, 200);
  const t = text(page.text);
  assert.match(t, /Champs à compléter \(\d+\)/);
  assert.match(t, /Mentions légales — Directeur ou directrice de la publication : contient « à compléter »/);
  assert.match(page.text, /href="\/admin\/site\/mentions\/mentions-legales#f-director"/);

  const anon = new Client(server.url);
  assert.equal((await anon.get('/admin/site/mentions')).status, 303);
  const coordinator = await signIn(server, DEMO.coordinator);
  assert.equal((await coordinator.get('/admin/site/mentions')).status, 403);
  assert.equal((await coordinator.get('/admin/site/mentions/accessibilite')).status, 403);
  assert.equal((await admin.get('/admin/site/mentions/inconnue')).status, 404);
});

test('a completed field leaves the list; the communication role saves too, audited', async () => {
  const communication = await signIn(server, COMMUNICATION);
  const form = await communication.get('/admin/site/mentions/mentions-legales');
  assert.equal(form.status, 200);
  const res = await communication.post('/admin/site/mentions/mentions-legales', {
    _submission: communication.submission, action: 'save',
    editor: 'Département de Loire-Atlantique, 3 quai Ceineray, 44000 Nantes', director: 'Le président du Département',
    host: 'Hébergeur du Département', contact: 'contact@loire-atlantique.test', credits: '',
  });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/admin/site/mentions/mentions-legales');
  assert.equal(setting('mentions.director'), 'Le président du Département');
  assert.ok(Number(setting('mentions.updated_at')) > 0);
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'site.legal.saved' AND subject = 'legal:mentions' AND actor_label = 'communication@loire-atlantique.local'"), '1');
  const dashboard = await communication.get('/tableau-de-bord');
  assert.equal(dashboard.status, 200);
  const panel = text(dashboard.text.slice(dashboard.text.indexOf('id="dash-site-legal"') - 200));
  assert.match(panel, /Pages légales/);
  assert.match(panel, /Déclaration d'accessibilité : \d+ champs? à compléter/);
  assert.doesNotMatch(panel.slice(0, 1500), /Mentions légales : \d+ champ/, 'the completed page is not listed');
  const overview = text((await communication.get('/admin/site/mentions')).text);
  assert.doesNotMatch(overview, /Mentions légales — Directeur/);
  const pub = text((await new Client(server.url).get('/mentions-legales')).text);
  assert.match(pub, /Le président du Département/);
});

test('the accessibility statement saved: status, rate and audit date on the page and in the footer', async () => {
  const fields = await accessibilityForm(admin, { entity: 'Le Département de Loire-Atlantique', status: 'partiel', rate: '72,5', audit_date: '2027-03-15', statement_date: '2027-03-20' });
  const res = await admin.post('/admin/site/mentions/accessibilite', { ...fields, _submission: admin.submission, action: 'save' });
  assert.equal(res.status, 303, text(res.text).slice(0, 400));
  assert.equal(setting('accessibility.rate'), '72.5');
  assert.equal(setting('accessibility.status'), 'partiel');
  const anon = new Client(server.url);
  const a = text((await anon.get('/accessibilite')).text);
  assert.match(a, /Le Département de Loire-Atlantique s'engage à rendre son site internet accessible/);
  assert.match(a, /Ce site est partiellement conforme/);
  assert.match(a, /L'audit de conformité réalisé le 15\/03\/2027 révèle que 72,5 % des critères/);
  assert.match(a, /Cette déclaration a été établie le 20\/03\/2027/);
  const footer = (await anon.get('/formations')).text;
  assert.match(text(footer.slice(footer.indexOf('<footer'))), /Accessibilité : partiellement conforme/);
});

test('bad input is refused in French, field named, every legal setting unchanged', async () => {
  const cases = [
    [{ non_compliant: 'x'.repeat(20001) }, 'non_compliant', /trop long : 20 000 caractères au plus/],
    [{ rate: '150', status: 'non' }, 'rate', /pourcentage entre 0 et 100/],
    [{ rate: 'beaucoup' }, 'rate', /pourcentage entre 0 et 100/],
    [{ audit_date: '2027-02-30' }, 'audit_date', /Date invalide/],
    [{ status: 'total', rate: '80' }, 'status', /« totalement conforme » demande 100 %/],
    [{ status: 'partiel', rate: '30' }, 'status', /« partiellement conforme » au moins 50 %/],
    [{ status: 'partiel', rate: '' }, 'rate', /indiquez le taux de conformité et la date de l'audit/],
    [{ status: 'parfait' }, 'status', /Choisissez un état de conformité/],
    [{ entity: 'a'.repeat(201) }, 'entity', /200 caractères au plus/],
  ];
  for (const [changes, field, message] of cases) {
    const before = legalSettings();
    const fields = await accessibilityForm(admin, changes);
    const res = await admin.post('/admin/site/mentions/accessibilite', { ...fields, _submission: admin.submission, action: 'save' });
    assert.equal(res.status, 422, JSON.stringify(Object.keys(changes)));
    assert.match(text(res.text), message);
    assert.match(res.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), field);
    assert.equal(legalSettings(), before, `nothing changed (${field})`);
  }
  const longPlan = await admin.get('/admin/site/mentions/schema-pluriannuel');
  assert.equal(longPlan.status, 200);
  const before = legalSettings();
  const res = await admin.post('/admin/site/mentions/schema-pluriannuel', { years: '2027-2029\n2030', multi_year: 'x', plan_year: '2027', plan: 'y', _submission: admin.submission, action: 'save' });
  assert.equal(res.status, 422);
  assert.match(text(res.text), /une seule ligne/);
  assert.equal(legalSettings(), before);
});

test('a POST without the CSRF token changes nothing', async () => {
  await admin.get('/admin/site/mentions/schema-pluriannuel');
  const before = legalSettings();
  const res = await admin.post('/admin/site/mentions/schema-pluriannuel',
    { years: '2027-2029', multi_year: 'x', plan_year: '2027', plan: 'y', action: 'save' }, { csrf: false });
  assert.equal(res.status, 403);
  assert.equal(legalSettings(), before);
});

test('the preview shows the page as it would be, and saves nothing', async () => {
  await admin.get('/admin/site/mentions/schema-pluriannuel');
  const before = legalSettings();
  const res = await admin.post('/admin/site/mentions/schema-pluriannuel', {
    years: '2027-2029', multi_year: '### Organisation\n\nRéférente accessibilité : **Camille Martin**', plan_year: '2027',
    plan: '- Audit RGAA par un tiers (juin 2027)', action: 'preview',
  });
  assert.equal(res.status, 200);
  const preview = res.text.slice(res.text.indexOf('id="apercu"'));
  assert.match(preview, /Aperçu \(non enregistré\)/);
  assert.match(preview, /<strong>Camille Martin<\/strong>/);
  assert.match(text(preview), /Plan d'actions 2027/);
  assert.match(preview, /Audit RGAA par un tiers/);
  assert.equal(legalSettings(), before);
  // Raw HTML is dropped (cmark-gfm safe mode).
  const unsafe = await admin.post('/admin/site/mentions/schema-pluriannuel', {
    years: '2027', multi_year: '<script>alert(1)</script>\n\n[lien](javascript:alert(1))', plan_year: '2027', plan: 'x', action: 'preview',
  });
  assert.equal(unsafe.status, 200);
  assert.doesNotMatch(unsafe.text, /<script>alert/);
  assert.doesNotMatch(unsafe.text, /href="javascript:/);
});
