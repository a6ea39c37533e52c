// Territories: the import of the official division from the real npm package data, the
// délégations of Loire-Atlantique, their editing, and the territory pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ROOT, TMP, freshDatabase, runTrame, startTrame } from '../harness.mjs';

const SOURCE = path.join(ROOT, 'node_modules/@etalab/decoupage-administratif/data');

test('import of a département from the real package data is complete and idempotent', () => {
  const database = freshDatabase('territory');
  assert.equal(runTrame(['migrate', '--database', database]).status, 0);
  const first = runTrame(['import', 'territory', '--departement', '44', '--database', database]);
  assert.equal(first.status, 0, first.stderr);
  // 207 communes, 17 EPCI with communes in Loire-Atlantique, and the département itself.
  assert.match(first.stdout, /Loire-Atlantique \(44\) : 225 créés, 0 mis à jour, 0 inchangé\./);
  assert.match(first.stderr, /^enregistrement : 225\/225$/m);
  const second = runTrame(['import', 'territory', '--departement', '44', '--database', database]);
  assert.equal(second.status, 0);
  assert.match(second.stdout, /0 créé, 0 mis à jour, 225 inchangés\. Rien n'a changé/);
});

test('a malformed file is refused with the entry and field at fault, and nothing is written', () => {
  const bad = path.join(TMP, `bad-territory-${process.pid}`);
  fs.mkdirSync(bad, { recursive: true });
  for (const f of ['departements.json', 'epci.json']) fs.copyFileSync(path.join(SOURCE, f), path.join(bad, f));
  const communes = JSON.parse(fs.readFileSync(path.join(SOURCE, 'communes.json'), 'utf8'));
  const index = communes.findIndex((c) => c.departement === '44' && c.type === 'commune-actuelle' && c.code === '44109');
  communes[index].population = 'beaucoup';
  fs.writeFileSync(path.join(bad, 'communes.json'), JSON.stringify(communes));
  const database = freshDatabase('territory_bad');
  const r = runTrame(['import', 'territory', '--departement', '44', '--source', bad, '--database', database]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`Import refusé, rien n'a été enregistré : communes\\.json, entrée ${index + 1} : champ « population » invalide`));
  // Not a half import: a correct run afterwards creates everything.
  const ok = runTrame(['import', 'territory', '--departement', '44', '--database', database]);
  assert.match(ok.stdout, /225 créés/);

  fs.writeFileSync(path.join(bad, 'communes.json'), '[{"code": "44001",\n "nom": ');
  const broken = runTrame(['import', 'territory', '--departement', '44', '--source', bad, '--database', database]);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /communes\.json, ligne 2 : JSON invalide/);
  const unknown = runTrame(['import', 'territory', '--departement', '99', '--database', database]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /département « 99 » absent/);
});

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server.stop(); });

test('the demo has the six délégations of Loire-Atlantique, with their communes and population', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.referent);
  const page = await c.get('/territoires');
  assert.equal(page.status, 200);
  for (const name of ['Délégation Nantes', 'Délégation Saint-Nazaire', 'Délégation Pays de Retz', 'Délégation Vignoble',
    'Délégation Pays d&apos;Ancenis', 'Délégation Pays de Châteaubriant']) {
    assert.ok(page.text.includes(`>${name}</a>`), `${name} is listed`);
  }
  assert.match(page.text, /Val-de-Marne \(94\)/);
  const ancenis = await c.get('/territoires/communes/44003');
  assert.equal(ancenis.status, 200);
  assert.match(ancenis.text, /CC du Pays d&apos;Ancenis/);
  assert.match(ancenis.text, /Délégation Pays d&apos;Ancenis/);
  const epci = await c.get('/territoires/epci/244400552');
  assert.equal(epci.status, 200);
  assert.equal((epci.text.match(/<tr><td[^>]*><a href="\/territoires\/communes\//g) || []).length, 19);
  // A referent sees but cannot edit.
  assert.doesNotMatch(page.text, /Créer la délégation/);
  assert.equal((await c.get('/territoires/communes/00000')).status, 404);
  assert.equal((await c.get('/territoires/epci/abc')).status, 404);
});

// Délégations decide the coordinators' scopes: administrators (and network-wide coordinators) group
// EPCI; a délégation-limited coordinator is refused (delegation_scope.test.mjs).
test('an administrator groups EPCI into délégations; bad input changes nothing', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.administrator);
  let page = await c.get('/territoires');
  const created = await c.post('/territoires/delegations', { departement: '44', name: 'Délégation Essai', _submission: c.submission });
  assert.equal(created.status, 303);
  const url = created.location;
  assert.match(url, /^\/territoires\/delegations\/\d+$/);
  const id = url.split('/').pop();
  page = await c.get(url);
  assert.match(page.text, /Délégation créée\./);
  // Move the CC de Nozay from the Pays de Châteaubriant into the new délégation.
  const moved = await c.post(`${url}/epci`, { epci: '244400537', _submission: c.submission });
  assert.equal(moved.status, 303);
  page = await c.get(url);
  assert.match(page.text, /Intercommunalité ajoutée/);
  assert.match(page.text, /href="\/territoires\/epci\/244400537">CC de Nozay<\/a>/);
  const commune = await c.get('/territoires/communes/44113');  // Nozay
  assert.match(commune.text, new RegExp(`href="/territoires/delegations/${id}">Délégation Essai`));
  // Bad input: duplicate name, unknown EPCI, empty name — French messages, nothing created.
  await c.get('/territoires');
  const dup = await c.post('/territoires/delegations', { departement: '44', name: 'délégation essai' });
  assert.equal(dup.status, 303);
  page = await c.get('/territoires');
  assert.match(page.text, /porte déjà ce nom/);
  assert.equal((page.text.match(/>Délégation Essai</g) || []).length, 1);
  await c.get(url);
  await c.post(`${url}/epci`, { epci: '999999999' });
  page = await c.get(url);
  assert.match(page.text, /Choisissez une intercommunalité du département/);
  // Remove it again.
  const removed = await c.post(`${url}/epci/244400537/retirer`, {});
  assert.equal(removed.status, 303);
  page = await c.get(url);
  assert.doesNotMatch(page.text, /href="\/territoires\/epci\/244400537"/);
  // The audit log has the changes.
  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /delegation\.epci_added/);
  assert.match(journal.text, /delegation\.created/);
});

test('territory pages count the directory organisations by kind and link to the filtered directory', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.trainee);
  const list = await c.get('/territoires');
  const id = list.text.match(/href="\/territoires\/delegations\/(\d+)">Délégation Pays d&apos;Ancenis/)[1];
  const page = await c.get(`/territoires/delegations/${id}`);
  const cultural = page.text.match(new RegExp(`<a href="/annuaire\\?type=cultural&amp;delegation=${id}">[^<]+</a> : (\\d+)`));
  assert.ok(cultural, 'cultural organisations are counted');
  assert.equal(Number(cultural[1]), 4);  // Théâtre Quartier Libre, Paul Guimard, Le Préambule, bibliothèques
  const directory = await c.get(`/annuaire?type=cultural&delegation=${id}`);
  assert.equal((directory.text.match(/<a href="\/annuaire\/structures\/\d+">/g) || []).length, 4);
  const commune = await c.get('/territoires/communes/44082');  // Ligné
  assert.match(commune.text, /<a href="\/annuaire\?type=cultural&amp;commune=44082">[^<]+<\/a> : 1/);
});

test('the directory filters by intercommunality, linked from the EPCI page', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.trainee);
  const epci = await c.get('/territoires/epci/244400552');  // CC du Pays d'Ancenis
  assert.match(epci.text, /href="\/annuaire\?epci=244400552"/);
  const directory = await c.get('/annuaire?epci=244400552');
  const found = [...directory.text.matchAll(/<a href="\/annuaire\/structures\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.ok(found.includes('Le Préambule'));  // Ligné is in the CC du Pays d'Ancenis
  assert.ok(found.includes('Théâtre Quartier Libre'));
  assert.ok(!found.includes('Musique et Danse en Loire-Atlantique'));  // Nantes
});
