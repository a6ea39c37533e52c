// CSV import of organisations: a preview that writes nothing, line-by-line French errors, an
// all-or-nothing confirmation that can happen once, and the permission (administrators, coordinators).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ROOT, TMP, runTrame, startTrame } from '../harness.mjs';

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server.stop(); });

const decode = (s) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');

// Posts a file as multipart/form-data with the client's cookies, CSRF token and submission id.
async function upload(client, file, name = path.basename(file)) {
  await client.get('/annuaire/import');
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('_submission', client.submission);
  form.append('fichier', new Blob([fs.readFileSync(path.join(ROOT, file))], { type: 'text/csv' }), name);
  const res = await fetch(client.base + '/annuaire/import', {
    method: 'POST', body: form, redirect: 'manual', headers: { cookie: client.cookieHeader() },
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

function directoryNames(html) {
  return [...html.matchAll(/<a href="\/annuaire\/structures\/\d+">([^<]+)<\/a>/g)].map((m) => decode(m[1]));
}

test('the import page offers a form and a template file', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.coordinator);
  const page = await c.get('/annuaire/import');
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /name="_csrf"/);
  assert.match(page.text, /name="_submission"/);
  const model = await c.get('/annuaire/import/modele.csv');
  assert.equal(model.status, 200);
  assert.match(model.headers.get('content-type'), /text\/csv/);
  assert.match(model.text, /^\uFEFF?nom;type;secteur;type_precis;siret;adresse;commune;qpv;site;telephone;courriel;description;accessibilite_moteur/);
});

test('a valid file is previewed without writing, then created in one go, once', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.administrator);
  const res = await upload(c, 'tests/data/organisations-valid.csv');
  assert.equal(res.status, 303, res.text);
  assert.match(res.location, /^\/annuaire\/import\/[0-9a-f]{32}$/);
  const preview = await c.get(res.location);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /3 structures prêtes à être créées/);
  assert.equal((preview.text.match(/class="import-row"/g) || []).length, 3);
  assert.match(preview.text, /Médiathèque Import Bêta/);
  assert.match(preview.text, /Ligné \(44082\)/);
  assert.doesNotMatch(preview.text, /en erreur/);
  // Nothing is written by the preview.
  let list = await c.get('/annuaire?q=import');
  assert.deepEqual(directoryNames(list.text), []);

  const confirmed = await c.post(`${res.location}/confirmer`, { _submission: c.submission });
  assert.equal(confirmed.status, 303, confirmed.text);
  assert.equal(confirmed.location, '/annuaire');
  const after = await c.get('/annuaire?q=import');
  assert.match(after.text, /3 structures importées/);
  assert.deepEqual(directoryNames(after.text).sort(),
    ['Centre social Import Alpha', 'Club Import Gamma', 'Médiathèque Import Bêta']);
  const id = after.text.match(/\/annuaire\/structures\/(\d+)">Médiathèque Import Bêta/)[1];
  const profile = await c.get(`/annuaire/structures/${id}`);
  assert.match(profile.text, /81234567800005/);
  assert.match(decode(profile.text), /1, place "des Livres"/);

  // A second confirmation is refused and creates nothing more.
  const again = await c.get(res.location);
  assert.match(again.text, /déjà été importé/);
  assert.doesNotMatch(again.text, /\/confirmer"/);
  assert.doesNotMatch(again.text, /Doublon/);
  // (the page offers no confirmation form any more: a fresh submission id, as a replayed form would have)
  const twice = await c.post(`${res.location}/confirmer`, { _submission: randomBytes(9).toString('hex') });
  assert.equal(twice.status, 409);
  assert.match(twice.text, /déjà été importé : il ne peut être confirmé qu&apos;une fois/);
  list = await c.get('/annuaire?q=import');
  assert.equal(directoryNames(list.text).length, 3);

  // The import is in the audit log.
  const audit = await c.get('/admin/journal');
  assert.match(audit.text, /directory\.imported/);
});

test('a file with errors lists each faulty line in French and writes nothing, even when confirmed', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.administrator);
  const res = await upload(c, 'tests/data/organisations-errors.csv');
  assert.equal(res.status, 303, res.text);
  const preview = await c.get(res.location);
  assert.equal(preview.status, 200);
  const text = decode(preview.text);
  assert.match(text, /8 lignes en erreur/);
  for (const expected of [
    /Ligne 3 : Code de commune inconnu « 99999 »/,
    /Ligne 4 : SIRET invalide « 12345678901234 »/,
    /Ligne 5 : Doublon : une structure nommée « Théâtre Quartier Libre » existe déjà dans cette commune/,
    /Ligne 6 : Doublon : une structure de l'annuaire porte déjà le SIRET 88926967600033/,
    /Ligne 7 : Type de structure inconnu « boulangerie »/,
    /Ligne 8 : Indiquez le nom de la structure/,
    /Ligne 9 : Doublon dans le fichier : « Structure Import Correcte » figure déjà à la ligne 2/,
    /Ligne 10 : La colonne accessibilite_moteur attend « oui » ou « non », pas « peut-être »/,
  ]) assert.match(text, expected);
  assert.doesNotMatch(text, /Ligne 2 :/);
  assert.doesNotMatch(preview.text, /\/confirmer"/);

  const confirmed = await c.post(`${res.location}/confirmer`, { _submission: randomBytes(9).toString('hex') });
  assert.equal(confirmed.status, 422);
  assert.match(decode(confirmed.text), /rien n'a été enregistré/);
  assert.match(decode(confirmed.text), /Ligne 3 : Code de commune inconnu/);
  const list = await c.get('/annuaire?q=structure');
  assert.ok(!directoryNames(list.text).includes('Structure Import Correcte'));
});

test('a malformed or missing file gets a French message', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.coordinator);
  const none = await c.post('/annuaire/import', {});
  assert.equal(none.status, 422);
  assert.match(none.text, /Choisissez un fichier CSV/);
  const bad = await upload(c, 'tests/data/qpv-44-malformed.csv', 'mauvais.csv');
  assert.equal(bad.status, 303);
  const preview = decode((await c.get(bad.location)).text);
  assert.match(preview, /Ligne 1 : (Colonne inconnue|fichier CSV mal formé)/);
  // Another account does not see someone else's batch.
  const other = new Client(server.url);
  await other.login(DEMO.coordinator);
  assert.equal((await other.get(bad.location)).status, 200);  // same account, new session
  const stranger = new Client(server.url);
  await stranger.login(DEMO.referent);
  assert.equal((await stranger.get(bad.location)).status, 403);
});

test('a referent may not import', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.referent);
  assert.equal((await c.get('/annuaire/import')).status, 403);
  await c.get('/compte');
  const res = await upload(c, 'tests/data/organisations-valid.csv');
  assert.equal(res.status, 403);
});

test('the optional qpv column places an organisation in a priority neighbourhood of its commune', async () => {
  const imported = runTrame(['import', 'qpv', path.join(ROOT, 'tests/data/qpv-44.csv'), '--database', server.database]);
  assert.equal(imported.status, 0, imported.stderr);
  const dir = path.join(TMP, `qpv-import-${randomBytes(3).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  const bad = path.join(dir, 'qpv-bad.csv');
  fs.writeFileSync(bad, 'nom;type;commune;qpv\r\nCentre social Bellevue (import);social;44109;QN04401M\r\n'
    + 'Centre social hors quartier (import);social;44003;QN04401M\r\n');
  const c = new Client(server.url);
  await c.login(DEMO.administrator);
  let res = await upload(c, path.relative(ROOT, bad));
  assert.equal(res.status, 303, res.text);
  const preview = decode((await c.get(res.location)).text);
  assert.match(preview, /Ligne 3 : Le quartier prioritaire « QN04401M » ne se trouve pas dans la commune 44003/);
  assert.doesNotMatch(preview, /Ligne 2 :/);

  const good = path.join(dir, 'qpv-good.csv');
  fs.writeFileSync(good, 'nom;type;commune;qpv\r\nCentre social Bellevue (import);social;44109;QN04401M\r\n');
  res = await upload(c, path.relative(ROOT, good));
  assert.equal(res.status, 303, res.text);
  const confirmed = await c.post(`${res.location}/confirmer`, {});
  assert.equal(confirmed.status, 303, confirmed.text);
  const list = await c.get('/annuaire?qpv=QN04401M');
  assert.ok(directoryNames(list.text).includes('Centre social Bellevue (import)'), list.text);
});
