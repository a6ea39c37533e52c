// The directory, continued (issue 3): coordinators limited to their délégation (set by an
// administrator on the user page), the directory's filters by QPV and partnership status (search,
// exports, map), QPV as an attribute of organisations and spanning several communes, partnership
// documents, and the partnership form's organisation picker (without JavaScript, and its JSON).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, demoDatabase, querySql, ROOT, runTrame, startTrame, TMP } from '../harness.mjs';

const PARTNERSHIPS = '/annuaire/partenariats';
let server;
let database;
const orgs = {};  // organisation name → id
let coordinatorId = 0;
let coordinatorMembership = 0;
let ancenisDelegation = 0;

const decode = (s) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

// Runs SQL straight on the database, behind Trame's back (sqlite3 or psql).
const rawSql = (statement) => querySql(database, statement);

function tmpFile(name, content) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `${randomBytes(4).toString('hex')}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

async function as(role) {
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  return c;
}

// Posts files as multipart/form-data with the client's cookies, CSRF token and submission id.
async function postFile(client, pagePath, action, field, bytes, fileName, type = 'application/octet-stream') {
  await client.get(pagePath);
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('_submission', client.submission);
  form.append(field, new Blob([bytes], { type }), fileName);
  return client.request('POST', action, { body: form });  // keeps the cookies (the flash message)
}

// The organisations a directory page lists.
function names(html) {
  return [...html.matchAll(/<a href="\/annuaire\/structures\/\d+">([^<]+)<\/a>/g)].map((m) => decode(m[1]));
}

function total(html) {
  const m = html.match(/(\d+) résultats?\b/);
  return m ? Number(m[1]) : 0;
}

function countOrganisations(where = '1 = 1') {
  return Number(rawSql(`SELECT CAST(COUNT(*) AS TEXT) FROM organisations WHERE ${where}`));
}

before(async () => {
  database = demoDatabase();
  // The official sample (one commune per QPV) and a QPV spanning Ancenis-Saint-Géréon and Ligné
  // (invented), with '|' and ',' as separators.
  let r = runTrame(['import', 'qpv', path.join(ROOT, 'tests/data/qpv-44.csv'), '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  const multi = tmpFile('qpv-multi.csv', 'code;nom;commune\nQN04490M;Quartier des Deux Rives (fictif);44003|44082\n'
    + 'QN04491M;Quartier de la Loire (fictif);"44003, 44109"\n');
  r = runTrame(['import', 'qpv', multi, '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  server = await startTrame({ database, demo: false, smtp: false });
  const admin = await as('administrator');
  for (let page = 1; page < 10; page++) {
    const list = await admin.get(`/annuaire?page=${page}`);
    const found = [...list.text.matchAll(/<a href="\/annuaire\/structures\/(\d+)">([^<]+)<\/a>/g)];
    for (const m of found) orgs[decode(m[2])] = Number(m[1]);
    if (found.length < 25) break;
  }
  assert.ok(orgs['Sagiterre'] && orgs['Le Préambule'] && orgs['Théâtre Quartier Libre']);
  const users = await admin.get('/admin/utilisateurs?q=coordination.ancenis');
  coordinatorId = Number(users.text.match(/href="\/admin\/utilisateurs\/(\d+)"/)[1]);
  ancenisDelegation = Number(rawSql("SELECT CAST(id AS TEXT) FROM delegations WHERE name = 'Délégation Pays d''Ancenis'"));
});
after(async () => { await server?.stop(); });

test('an administrator sets the délégation of a coordinator on the user page; the coordinator sees the scope', async () => {
  const admin = await as('administrator');
  const page = await admin.get(`/admin/utilisateurs/${coordinatorId}`);
  assert.equal(page.status, 200);
  const action = page.text.match(/action="(\/admin\/utilisateurs\/\d+\/roles\/(\d+)\/delegation)"/);
  assert.ok(action, 'a délégation form for the coordinator membership');
  coordinatorMembership = Number(action[2]);
  // The demo coordinator is limited to the Pays d'Ancenis.
  assert.match(page.text, new RegExp(`<option value="${ancenisDelegation}" selected>Délégation Pays d&apos;Ancenis`));
  assert.match(page.text, /<label for="delegation-\d+">Délégation coordonnée<\/label>/);

  const c = await as('coordinator');
  const directory = await c.get('/annuaire');
  assert.match(directory.text, /Votre périmètre : Délégation Pays d&apos;Ancenis\./);
  assert.match(directory.text, /href="\/annuaire\/import"/, 'the import link is shown to coordinators');
  assert.match((await c.get('/annuaire/import')).text, /Votre périmètre : Délégation Pays d&apos;Ancenis/);
  assert.match((await c.get('/admin/organisations')).text, /Votre périmètre : Délégation Pays d&apos;Ancenis/);
  // Others (not coordinators) see neither the scope nor the import link.
  const volunteer = await as('volunteer');
  const seen = await volunteer.get('/annuaire');
  assert.doesNotMatch(seen.text, /Votre périmètre/);
  assert.doesNotMatch(seen.text, /href="\/annuaire\/import"/);

  // Only administrators set it; a membership of another role or of another user is refused.
  await c.get('/annuaire');
  assert.equal((await c.post(`/admin/utilisateurs/${coordinatorId}/roles/${coordinatorMembership}/delegation`,
    { delegation: '0', _submission: c.submission })).status, 403);
  await admin.get(`/admin/utilisateurs/${coordinatorId}`);
  let res = await admin.post(`/admin/utilisateurs/${coordinatorId}/roles/${coordinatorMembership}/delegation`,
    { delegation: '999999', _submission: admin.submission });
  assert.equal(res.status, 303);
  assert.match((await admin.get(res.location)).text, /Cette délégation n&apos;existe pas\./);
  assert.equal(rawSql(`SELECT CAST(delegation_id AS TEXT) FROM memberships WHERE id = ${coordinatorMembership}`),
    String(ancenisDelegation));
  res = await admin.post(`/admin/utilisateurs/${coordinatorId + 1}/roles/${coordinatorMembership}/delegation`,
    { delegation: '0', _submission: admin.submission });
  assert.equal(res.status, 404);

  // Whole network, then back to the Pays d'Ancenis: recorded in the audit log.
  await admin.get(`/admin/utilisateurs/${coordinatorId}`);
  res = await admin.post(`/admin/utilisateurs/${coordinatorId}/roles/${coordinatorMembership}/delegation`,
    { delegation: '0', _submission: admin.submission });
  assert.equal(res.status, 303);
  assert.match((await admin.get(res.location)).text, /Délégation de la coordination enregistrée\./);
  assert.equal(rawSql(`SELECT COALESCE(CAST(delegation_id AS TEXT), 'null') FROM memberships WHERE id = ${coordinatorMembership}`), 'null');
  assert.match((await c.get('/annuaire')).text, /Votre périmètre : tout le réseau/);
  await admin.get(`/admin/utilisateurs/${coordinatorId}`);
  res = await admin.post(`/admin/utilisateurs/${coordinatorId}/roles/${coordinatorMembership}/delegation`,
    { delegation: String(ancenisDelegation), _submission: admin.submission });
  assert.equal(res.status, 303);
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /membership\.delegation_set/);
});

test('a coordinator with a délégation lists the offers of its délégation\'s venues and of its own organisation', async () => {
  // Issue 22 (session 17): the venues are a subquery of the délégation, no longer a list of their ids.
  const c = await as('coordinator');
  const page = await c.get('/sorties/offres');
  assert.equal(page.status, 200);
  const listed = [...new Set([...page.text.matchAll(/href="\/sorties\/offres\/(\d+)"/g)].map((m) => m[1]))].sort();
  const expected = rawSql('SELECT DISTINCT CAST(o.id AS TEXT) FROM outing_offers o WHERE o.venue_id IN (SELECT v.id '
    + 'FROM organisations v JOIN communes k ON k.code = v.commune_code JOIN delegation_epcis de ON de.epci_siren = '
    + 'k.epci_siren JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = k.departement_code '
    + `WHERE d.id = ${ancenisDelegation}) OR o.venue_id IN (SELECT organisation_id FROM memberships WHERE user_id = `
    + `${coordinatorId} AND role = 'coordinator')`).split('\n').filter(Boolean).sort();
  assert.ok(expected.length > 0 && expected.length <= 25, `${expected.length} offers: one page`);
  assert.deepEqual(listed, expected);
});

test('a coordinator with a délégation creates and edits organisations of that délégation only', async () => {
  const c = await as('coordinator');
  const before = countOrganisations();
  // In the délégation (Ancenis-Saint-Géréon): created.
  await c.get('/admin/organisations');
  let res = await c.post('/admin/organisations', { name: 'Ludothèque des Deux Rives (fictive)', kind: 'leisure',
    commune: '44003', _submission: c.submission });
  assert.equal(res.status, 303, res.text.match(/role="alert">([^<]*)/)?.[1]);
  const created = Number(res.location.match(/(\d+)$/)[1]);
  orgs['Ludothèque des Deux Rives (fictive)'] = created;
  // Elsewhere (Nantes) or without a commune: refused in French, nothing created.
  for (const commune of ['44109', '']) {
    await c.get('/admin/organisations');
    res = await c.post('/admin/organisations', { name: 'Hors délégation (fictive)', kind: 'leisure', commune,
      _submission: c.submission });
    assert.equal(res.status, 422);
    assert.match(res.text, /Cette commune n&apos;est pas dans votre délégation : vous ne pouvez pas y placer de structure\./);
  }
  assert.equal(countOrganisations(), before + 1);

  // An organisation of the délégation: editable; moving it out of the délégation is refused.
  let page = await c.get(`/admin/organisations/${orgs['Le Préambule']}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /action="\/admin\/organisations\/\d+"/);
  const form = { name: 'Le Préambule', kind: 'cultural', sector: 'culturel', status: 'active', commune: '44082',
    subtype: 'Salle de spectacle', phone: '02 40 00 00 01' };
  res = await c.post(`/admin/organisations/${orgs['Le Préambule']}`, { ...form, _submission: c.submission });
  assert.equal(res.status, 303);
  assert.match((await c.get(res.location)).text, /Structure mise à jour\./);
  assert.equal(rawSql(`SELECT phone FROM organisations WHERE id = ${orgs['Le Préambule']}`), '02 40 00 00 01');
  await c.get(`/admin/organisations/${orgs['Le Préambule']}`);
  res = await c.post(`/admin/organisations/${orgs['Le Préambule']}`,
    { ...form, commune: '44109', phone: '02 40 00 00 02', _submission: c.submission });
  assert.equal(res.status, 303);
  assert.match((await c.get(res.location)).text, /Cette commune n&apos;est pas dans votre délégation/);
  assert.equal(rawSql(`SELECT commune_code || ' ' || phone FROM organisations WHERE id = ${orgs['Le Préambule']}`),
    '44082 02 40 00 00 01');

  // Outside the délégation (Sagiterre, Marseille): 403 for the page, the edit and the logo; nothing changes.
  const sagiterre = orgs['Sagiterre'];
  assert.equal((await c.get(`/admin/organisations/${sagiterre}`)).status, 403);
  await c.get('/annuaire');
  res = await c.post(`/admin/organisations/${sagiterre}`, { name: 'Sagiterre modifiée', kind: 'training',
    commune: '13055', _submission: c.submission });
  assert.equal(res.status, 403);
  assert.match(res.text, /<h1[^>]*>[^<]+<\/h1>/);
  assert.equal(rawSql(`SELECT name FROM organisations WHERE id = ${sagiterre}`), 'Sagiterre');
  const profile = await c.get(`/annuaire/structures/${sagiterre}`);
  assert.equal(profile.status, 200);
  assert.doesNotMatch(profile.text, new RegExp(`href="/admin/organisations/${sagiterre}"`));

  // The administrator edits everywhere.
  const admin = await as('administrator');
  assert.equal((await admin.get(`/admin/organisations/${sagiterre}`)).status, 200);
});

test('a coordinator imports only organisations of the délégation; a refused line leaves nothing written', async () => {
  const c = await as('coordinator');
  const csv = '\uFEFFnom;type;commune\nAtelier théâtre des bords de Loire (fictif);culturel;44003\n'
    + 'Atelier nantais (fictif);culturel;44109\n';
  let res = await postFile(c, '/annuaire/import', '/annuaire/import', 'fichier', Buffer.from(csv), 'scope.csv', 'text/csv');
  assert.equal(res.status, 303, res.text.match(/role="alert">([^<]*)/)?.[1]);
  const preview = await c.get(res.location);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Ligne 3 : La commune « 44109 » n&apos;est pas dans votre délégation/);
  assert.doesNotMatch(preview.text, /action="[^"]+\/confirmer"/);
  await c.get('/annuaire/import');  // a fresh submission id
  res = await c.post(`${res.location}/confirmer`, { _submission: c.submission });
  assert.equal(res.status, 422);
  assert.equal(countOrganisations("name LIKE 'Atelier%'"), 0);
  // The same file, checked by an administrator, has no error.
  const admin = await as('administrator');
  res = await postFile(admin, '/annuaire/import', '/annuaire/import', 'fichier', Buffer.from(csv), 'scope.csv', 'text/csv');
  const adminPreview = await admin.get(res.location);
  assert.doesNotMatch(adminPreview.text, /pas dans votre délégation/);
  assert.match(adminPreview.text, /action="[^"]+\/confirmer"/);
});

test('a coordinator manages the partnerships of the délégation only', async () => {
  const c = await as('coordinator');
  // Neither organisation in the Pays d'Ancenis: refused, nothing created.
  const before = rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnerships');
  await c.get(`${PARTNERSHIPS}/nouveau`);
  let res = await c.post(PARTNERSHIPS, { organisation: String(orgs['Cultures du Cœur 94']), partner: String(orgs['Sagiterre']),
    kind: 'co_organiser', status: 'proposed', start_date: '2026-02-01', _submission: c.submission });
  assert.equal(res.status, 422);
  assert.match(res.text, /Aucune des deux structures n&apos;est dans votre délégation : vous ne pouvez pas gérer ce partenariat\./);
  assert.equal(rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnerships'), before);
  // The coordinator's own organisation (the Département, in Nantes) does not open partnerships elsewhere.
  await c.get(`${PARTNERSHIPS}/nouveau`);
  res = await c.post(PARTNERSHIPS, { organisation: String(orgs['Département de Loire-Atlantique']),
    partner: String(orgs['Sagiterre']), kind: 'funder', status: 'proposed', start_date: '2026-02-01', _submission: c.submission });
  assert.equal(res.status, 422);
  assert.match(res.text, /Aucune des deux structures n&apos;est dans votre délégation/);
  assert.equal(rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnerships'), before);
  // One side in the délégation: created.
  await c.get(`${PARTNERSHIPS}/nouveau`);
  res = await c.post(PARTNERSHIPS, { organisation: String(orgs['Cultures du Cœur 94']), partner: String(orgs['Le Préambule']),
    kind: 'co_organiser', status: 'proposed', start_date: '2026-02-01', _submission: c.submission });
  assert.equal(res.status, 303, res.text.match(/role="alert">([^<]*)/)?.[1]);
  const mine = res.location;
  const page = await c.get(mine);
  assert.match(page.text, /action="\/annuaire\/partenariats\/\d+\/statut"/);
  // A demo partnership of the Val-de-Marne: shown, not manageable; a forged change is refused (403).
  const other = Number(rawSql(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE organisation_id = ${orgs['Cultures du Cœur 94']}
    AND partner_id = ${orgs['Relais social de Vitry-sur-Seine (fictif)']}`));
  const shown = await c.get(`${PARTNERSHIPS}/${other}`);
  assert.equal(shown.status, 200);
  assert.doesNotMatch(shown.text, /action="\/annuaire\/partenariats\/\d+\/statut"/);
  const status = rawSql(`SELECT status FROM partnerships WHERE id = ${other}`);
  res = await c.post(`${PARTNERSHIPS}/${other}/statut`, { status: 'ended', _submission: c.submission });
  assert.equal(res.status, 403);
  res = await c.post(`${PARTNERSHIPS}/${other}`, { start_date: '2020-01-01', _submission: c.submission });
  assert.equal(res.status, 403);
  assert.equal(rawSql(`SELECT status FROM partnerships WHERE id = ${other}`), status);
});

test('an organisation names its QPV among those of its commune; a QPV may span several communes', async () => {
  const admin = await as('administrator');
  const id = orgs['Théâtre Quartier Libre'];  // Ancenis-Saint-Géréon (44003)
  let page = await admin.get(`/admin/organisations/${id}`);
  // The commune's QPV are offered, including those spanning several communes; not Nantes's own.
  assert.match(page.text, /<option value="QN04490M" >Quartier des Deux Rives \(fictif\) \(QN04490M\)<\/option>/);
  assert.match(page.text, /<option value="QN04491M" >/);
  assert.doesNotMatch(page.text, /<option value="QN04401M"/);
  const form = { name: 'Théâtre Quartier Libre', kind: 'cultural', sector: 'culturel', status: 'active', commune: '44003',
    subtype: 'Théâtre' };
  // A QPV of another commune, or unknown: refused, nothing changes.
  for (const qpv of ['QN04401M', 'QN09999X']) {
    await admin.get(`/admin/organisations/${id}`);
    const res = await admin.post(`/admin/organisations/${id}`, { ...form, priority_area: qpv, _submission: admin.submission });
    assert.equal(res.status, 303);
    assert.match((await admin.get(res.location)).text, /Ce quartier prioritaire ne se trouve pas dans la commune de la structure\./);
  }
  assert.equal(rawSql(`SELECT COALESCE(priority_area_code, 'none') FROM organisations WHERE id = ${id}`), 'none');
  await admin.get(`/admin/organisations/${id}`);
  let res = await admin.post(`/admin/organisations/${id}`, { ...form, priority_area: 'QN04490M', _submission: admin.submission });
  assert.equal(res.status, 303);
  page = await admin.get(`/annuaire/structures/${id}`);
  assert.match(page.text, /Quartier des Deux Rives \(fictif\) \(QN04490M\)/);
  // Le Préambule (Ligné) is in the same QPV; a Nantes organisation in Bellevue.
  await admin.get(`/admin/organisations/${orgs['Le Préambule']}`);
  res = await admin.post(`/admin/organisations/${orgs['Le Préambule']}`, { name: 'Le Préambule', kind: 'cultural',
    sector: 'culturel', status: 'active', commune: '44082', priority_area: 'QN04490M', _submission: admin.submission });
  assert.equal(res.status, 303);
  await admin.get('/admin/organisations');
  res = await admin.post('/admin/organisations', { name: 'Centre social de Bellevue (fictif)', kind: 'social',
    commune: '44109', _submission: admin.submission });
  assert.equal(res.status, 303);
  const bellevue = Number(res.location.match(/(\d+)$/)[1]);
  orgs['Centre social de Bellevue (fictif)'] = bellevue;
  await admin.get(`/admin/organisations/${bellevue}`);
  res = await admin.post(`/admin/organisations/${bellevue}`, { name: 'Centre social de Bellevue (fictif)', kind: 'social',
    sector: 'social', status: 'active', commune: '44109', priority_area: 'QN04401M', _submission: admin.submission });
  assert.equal(res.status, 303);
  assert.equal(rawSql(`SELECT priority_area_code FROM organisations WHERE id = ${bellevue}`), 'QN04401M');

  // The commune pages list the QPV spanning them.
  for (const code of ['44003', '44082']) {
    const commune = await admin.get(`/territoires/communes/${code}`);
    assert.match(commune.text, /Quartier des Deux Rives \(fictif\)/, code);
  }
  assert.match((await admin.get('/territoires/communes/44109')).text, /Quartier de la Loire \(fictif\)/);
});

test('a QPV import keeps single-commune files working, updates the communes of a QPV, and is idempotent', () => {
  const links = () => rawSql("SELECT priority_area_code || ':' || commune_code FROM priority_area_communes "
    + "WHERE priority_area_code IN ('QN04490M', 'QN04401M') ORDER BY 1").split('\n');
  assert.deepEqual(links(), ['QN04401M:44109', 'QN04490M:44003', 'QN04490M:44082']);
  // Again: nothing changes.
  const same = tmpFile('qpv-same.csv', 'code;nom;commune\nQN04490M;Quartier des Deux Rives (fictif);44003|44082\n');
  let r = runTrame(['import', 'qpv', same, '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 créé, 0 mis à jour, 1 inchangé|1 inchangé/);
  // A bad code among several: the line is refused, nothing written.
  const bad = tmpFile('qpv-bad.csv', 'code;nom;commune\nQN04490M;Quartier des Deux Rives (fictif);44003|4408\n');
  r = runTrame(['import', 'qpv', bad, '--database', database]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr + r.stdout, /ligne 2 : code commune « 4408 » invalide/);
  assert.deepEqual(links(), ['QN04401M:44109', 'QN04490M:44003', 'QN04490M:44082']);
});

test('the directory filters by QPV and by partnership status, in the search, the exports and the map', async () => {
  const c = await as('volunteer');
  let page = await c.get('/annuaire?qpv=QN04490M');
  assert.deepEqual(names(page.text).sort(), ['Le Préambule', 'Théâtre Quartier Libre']);
  assert.match(page.text, /<label for="qpv">Quartier prioritaire \(QPV\)<\/label>/);
  assert.match(page.text, /<option value="QN04490M" selected>/);
  page = await c.get('/annuaire?qpv=*');
  assert.deepEqual(names(page.text).sort(), ['Centre social de Bellevue (fictif)', 'Le Préambule', 'Théâtre Quartier Libre']);
  page = await c.get('/annuaire?qpv=QN04401M&q=bellevue');
  assert.deepEqual(names(page.text), ['Centre social de Bellevue (fictif)']);

  // Partnership status: either side counts.
  const vitry = 'Relais social de Vitry-sur-Seine (fictif)';
  page = await c.get('/annuaire?partenariat=active&q=vitry');
  assert.deepEqual(names(page.text), [vitry]);
  page = await c.get('/annuaire?partenariat=none&q=vitry');
  assert.deepEqual(names(page.text), []);
  page = await c.get('/annuaire?partenariat=none&q=bellevue');
  assert.deepEqual(names(page.text), ['Centre social de Bellevue (fictif)']);
  page = await c.get('/annuaire?partenariat=proposed');
  const proposed = Number(rawSql("SELECT CAST(COUNT(*) AS TEXT) FROM organisations o WHERE o.status = 'active' AND EXISTS "
    + "(SELECT 1 FROM partnerships p WHERE p.status = 'proposed' AND (p.organisation_id = o.id OR p.partner_id = o.id))"));
  assert.ok(proposed > 0);
  assert.equal(total(page.text), proposed);
  const all = total((await c.get('/annuaire')).text);
  const none = total((await c.get('/annuaire?partenariat=none')).text);
  const someActive = total((await c.get('/annuaire?partenariat=active')).text);
  assert.ok(none > 0 && someActive > 0 && none + someActive <= all);
  // An unknown value filters nothing.
  assert.equal(total((await c.get('/annuaire?partenariat=bof')).text), all);

  // Exports (for those who work with the network: a referent) and the map keep the filters.
  const exporter = await as('referent');
  page = await exporter.get('/annuaire?qpv=QN04490M');
  assert.match(page.text, /href="\/annuaire\/export\.csv\?[^"]*qpv=QN04490M/);
  const csv = await exporter.get('/annuaire/export.csv?qpv=QN04490M');
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /QPV|Quartier prioritaire/);
  assert.match(csv.text, /Quartier des Deux Rives \(fictif\) \(QN04490M\)/);
  const xlsx = await fetch(`${server.url}/annuaire/export.xlsx?partenariat=none&q=bellevue`, { headers: { cookie: exporter.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  const map = await c.get('/annuaire/carte?qpv=QN04490M');
  assert.match(map.text, /data-points-url="\/annuaire\/carte\.json\?[^"]*qpv=QN04490M/);
  assert.match(map.text, /sans position sur la carte/);
  const points = JSON.parse((await c.get('/annuaire/carte.json?qpv=QN04401M')).text);
  assert.equal(points.total, 0);
});

// Small files of each accepted type, recognised by their first bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const ODT = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('mimetype'),
  Buffer.from('application/vnd.oasis.opendocument.text'), Buffer.alloc(16)]);
const DOCX = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('[Content_Types].xml'),
  Buffer.alloc(40), Buffer.from('word/document.xml'), Buffer.alloc(16)]);

test('partnership documents: checked by content, kept in the database, downloaded as attachments, removed but kept', async () => {
  const admin = await as('administrator');
  const id = Number(rawSql(`SELECT CAST(MIN(id) AS TEXT) FROM partnerships WHERE organisation_id = ${orgs['Cultures du Cœur 94']}
    AND partner_id = ${orgs['Relais social de Vitry-sur-Seine (fictif)']}`));
  const url = `${PARTNERSHIPS}/${id}`;
  let page = await admin.get(url);
  assert.match(page.text, /<h2 id="documents-title">Documents<\/h2>/);
  assert.match(page.text, /Aucun document\./);
  assert.match(page.text, /<label for="doc-file">Fichier à joindre<\/label>/);

  // Refused: not an accepted type (whatever the name says), too large, no file. Nothing stored.
  const refusals = [
    [Buffer.from('<html><script>alert(1)</script></html>'), 'convention.pdf', /Ce type de fichier n&apos;est pas accepté/],
    [Buffer.from('PK\x03\x04 just a zip', 'latin1'), 'archive.docx', /Ce type de fichier n&apos;est pas accepté/],
    [Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)]), 'gros.pdf', /Le fichier dépasse 5 Mio/],
    [Buffer.alloc(0), 'vide.pdf', /Choisissez un fichier à joindre\./],
  ];
  for (const [bytes, name, message] of refusals) {
    const res = await postFile(admin, url, `${url}/documents`, 'document', bytes, name);
    assert.equal(res.status, 303, name);
    assert.match((await admin.get(url)).text, message, name);
  }
  assert.equal(rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnership_documents'), '0');

  // Accepted: PDF, PNG, ODT, DOCX (with a name that needs care).
  const files = [[PDF, 'Convention signée 2026.pdf', 'application/pdf'], [PNG, 'charte.png', 'image/png'],
    [ODT, 'bilan.odt', 'application/vnd.oasis.opendocument.text'],
    [DOCX, 'avenant "1".docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']];
  for (const [bytes, name] of files) {
    const res = await postFile(admin, url, `${url}/documents`, 'document', bytes, name);
    assert.equal(res.status, 303);
    assert.match((await admin.get(url)).text, /Document joint\./, name);
  }
  page = await admin.get(url);
  const links = [...page.text.matchAll(/<a href="(\/annuaire\/partenariats\/\d+\/documents\/(\d+))" download>([^<]+)<\/a>/g)];
  assert.equal(links.length, 4);
  assert.match(page.text, /Document « Convention signée 2026\.pdf » joint\./);
  const pdfLink = links.find((m) => decode(m[3]) === 'Convention signée 2026.pdf')[1];
  let res = await fetch(server.url + pdfLink, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="Convention sign__e 2026\.pdf"; filename\*=UTF-8''Convention%20sign%C3%A9e%202026\.pdf$/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  const docxLink = links.find((m) => decode(m[3]).startsWith('avenant'))[1];
  res = await fetch(server.url + docxLink, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.doesNotMatch(res.headers.get('content-disposition'), /filename="[^"]*"[^;]*"/);
  // Stored in the database as its raw bytes (BLOB / BYTEA), not base64.
  const hexOf = database.startsWith('sqlite:') ? 'lower(hex(data))' : "encode(data, 'hex')";
  assert.equal(rawSql(`SELECT ${hexOf} FROM partnership_documents WHERE content_type = 'application/pdf'`), PDF.toString('hex'));

  // Members of either organisation may download; others may not, nor may visitors.
  const volunteer = await as('volunteer');  // Cultures du Cœur 94
  assert.match((await volunteer.get(url)).text, /Convention signée 2026\.pdf/);
  assert.doesNotMatch((await volunteer.get(url)).text, /action="[^"]+\/documents"/);
  assert.equal((await volunteer.get(pdfLink)).status, 200);
  const stranger = await as('partner_staff');  // Théâtre Quartier Libre
  const strangerPage = await stranger.get(url);
  assert.doesNotMatch(strangerPage.text, /Convention signée 2026\.pdf/);
  assert.doesNotMatch(strangerPage.text, /id="documents-title"/);
  assert.match(strangerPage.text, /<td>Document joint\.<\/td>/);
  assert.equal((await stranger.get(pdfLink)).status, 403);
  assert.equal((await new Client(server.url).get(pdfLink)).status, 303);
  // The coordinator of the Pays d'Ancenis manages none of this partnership's documents.
  const coordinator = await as('coordinator');
  res = await postFile(coordinator, url, `${url}/documents`, 'document', PDF, 'autre.pdf');
  assert.equal(res.status, 403);
  await coordinator.get(url);
  res = await coordinator.post(`${pdfLink}/supprimer`, { _submission: coordinator.submission });
  assert.equal(res.status, 403);

  // Removal: hidden and no longer downloadable, but kept (deleted flag), in the history and the audit log.
  await admin.get(url);
  res = await admin.post(`${pdfLink}/supprimer`, { _submission: admin.submission });
  assert.equal(res.status, 303);
  page = await admin.get(url);
  assert.match(page.text, /Document retiré/);
  assert.match(page.text, /Document « Convention signée 2026\.pdf » retiré\./);
  assert.doesNotMatch(page.text, new RegExp(`href="${pdfLink}"`));
  assert.equal((await admin.get(pdfLink)).status, 404);
  await admin.get(url);
  assert.equal((await admin.post(`${pdfLink}/supprimer`, { _submission: admin.submission })).status, 404);
  assert.equal(rawSql("SELECT CAST(deleted AS TEXT) || ' ' || CAST(size AS TEXT) FROM partnership_documents WHERE content_type = 'application/pdf'"),
    `1 ${PDF.length}`);
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /partnership\.document_added/);
  assert.match(journal.text, /partnership\.document_removed/);
});

test('the partnership form picks organisations by a server-side search (no JavaScript), with a JSON helper', async () => {
  const c = await as('administrator');
  let page = await c.get(`${PARTNERSHIPS}/nouveau`);
  assert.equal(page.status, 200);
  // No list of every organisation: two search fields, each with its label and datalist.
  assert.doesNotMatch(page.text, /<select id="p-organisation"/);
  assert.match(page.text, /<label for="p-organisation-q">Nom de la structure<\/label>/);
  assert.match(page.text, /<input id="p-partner-q" name="partner_q" type="search"[^>]*list="p-partner-list"/);
  assert.match(page.text, /<script src="\/static\/js\/picker\.js\?v=[^"]+" defer><\/script>/);
  assert.doesNotMatch(page.text, /<script>(?!<\/script>)/);
  const script = await c.get('/static/js/picker.js');
  assert.equal(script.status, 200);

  // The search step: matching organisations as radio buttons, the rest of the form kept.
  let res = await c.post(PARTNERSHIPS, { organisation_q: 'cultures du coeur', partner_q: 'preambule', kind: 'cultural',
    status: 'proposed', start_date: '2026-04-01', notes: 'Gardé', step: 'search', _submission: c.submission });
  assert.equal(res.status, 200);
  const cdc = orgs['Cultures du Cœur 94'];
  assert.match(res.text, new RegExp(`<input type="radio" id="p-organisation-${cdc}" name="organisation" value="${cdc}" >`));
  assert.match(res.text, new RegExp(`<input type="radio" id="p-partner-${orgs['Le Préambule']}" name="partner" value="${orgs['Le Préambule']}" >`));
  assert.match(res.text, /<label for="p-partner-\d+">Le Préambule \(Ligné\)<\/label>/);
  assert.match(res.text, />Gardé<\/textarea>/);
  res = await c.post(PARTNERSHIPS, { organisation_q: 'zzzz introuvable', partner_q: 'a', step: 'search', kind: 'cultural',
    _submission: c.submission });
  assert.match(res.text, /Aucune structure active ne correspond à « zzzz introuvable »\./);
  assert.match(res.text, /Tapez au moins 2 lettres\./);
  // Creating without choosing: a French error, nothing created.
  const before = rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnerships');
  res = await c.post(PARTNERSHIPS, { organisation_q: 'cultures', partner_q: '', kind: 'sport', status: 'proposed',
    start_date: '2026-04-01', _submission: c.submission });
  assert.equal(res.status, 422);
  assert.match(res.text, /Choisissez la structure porteuse parmi les résultats de la recherche\./);
  assert.match(res.text, /aria-invalid="true"/);
  assert.equal(rawSql('SELECT CAST(COUNT(*) AS TEXT) FROM partnerships'), before);
  // Choosing a radio button, or typing an exact name (as the datalist fills it in): created.
  res = await c.post(PARTNERSHIPS, { organisation: String(cdc), partner_q: 'Centre social de Bellevue (fictif)', kind: 'sport',
    status: 'proposed', start_date: '2026-04-01', _submission: c.submission });
  assert.equal(res.status, 303, res.text.match(/role="alert">([^<]*)/)?.[1]);
  page = await c.get(res.location);
  assert.match(page.text, /Centre social de Bellevue \(fictif\)/);

  // The JSON helper: same permission, a few matches.
  const json = await c.get(`${PARTNERSHIPS}/structures.json?q=theatre`);
  assert.equal(json.status, 200);
  assert.match(json.headers.get('content-type'), /application\/json/);
  const body = JSON.parse(json.text);
  assert.ok(body.organisations.some((o) => o.name === 'Théâtre Quartier Libre' && o.commune === 'Ancenis-Saint-Géréon'));
  assert.ok(body.organisations.length <= 20);
  assert.deepEqual(JSON.parse((await c.get(`${PARTNERSHIPS}/structures.json?q=t`)).text).organisations, []);
  const volunteer = await as('volunteer');
  assert.equal((await volunteer.get(`${PARTNERSHIPS}/structures.json?q=theatre`)).status, 403);
});

test('trame user add --delegation creates a coordinator limited to a délégation; a bad one creates nothing', async () => {
  const password = 'une phrase de passe assez longue';
  let r = runTrame(['user', 'add', '--database', database, '--email', 'coordination.retz@trame.local', '--name',
    'Coordination fictive', '--role', 'coordinator', '--delegation', '999999', '--password-stdin'], { input: `${password}\n` });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Cette délégation n'existe pas\./);
  r = runTrame(['user', 'add', '--database', database, '--email', 'coordination.retz@trame.local', '--name',
    'Coordination fictive', '--role', 'referent', '--delegation', String(ancenisDelegation), '--password-stdin'],
  { input: `${password}\n` });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Seul un rôle de coordination peut être limité à une délégation\./);
  assert.equal(rawSql("SELECT CAST(COUNT(*) AS TEXT) FROM users WHERE email = 'coordination.retz@trame.local'"), '0');
  r = runTrame(['user', 'add', '--database', database, '--email', 'coordination.retz@trame.local', '--name',
    'Coordination fictive', '--role', 'coordinator', '--delegation', String(ancenisDelegation), '--password-stdin'],
  { input: `${password}\n` });
  assert.equal(r.status, 0, r.stderr);
  const c = new Client(server.url);
  assert.equal((await c.login('coordination.retz@trame.local', password)).status, 303);
  assert.match((await c.get('/annuaire')).text, /Votre périmètre : Délégation Pays d&apos;Ancenis\./);
  await c.get('/admin/organisations');
  const res = await c.post('/admin/organisations', { name: 'Hors délégation (fictive)', kind: 'leisure', commune: '44109',
    _submission: c.submission });
  assert.equal(res.status, 422);
});
