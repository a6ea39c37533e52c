// Where the organisations are: the commune filter takes a town's name (case, accents, hyphens and
// "St" ignored; an ambiguous name lists the towns, an unknown one says so in French), the public
// directory lists the demo organisations that chose to publish and their address and public contact,
// and a coordinator's dashboard lists the network's alerts of their délégation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server?.stop(); });

const decode = (s) => s.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const names = (html) => [...html.matchAll(/<a href="\/annuaire\/structures\/\d+">([^<]+)<\/a>/g)].map((m) => decode(m[1]));
const publicNames = (html) => [...html.matchAll(/<a href="\/annuaire\/public\/\d+">([^<]+)<\/a>/g)].map((m) => decode(m[1]));

// Published in the demo (src/app/demo/demo.cpp): the Département and its délégations, the cultural
// partners, the relais and their association.
const PUBLISHED = [
  'Centre social Les Hirondelles, Nantes (fictif)',
  'Cultures du Cœur 44 (fictive)',
  'Cultures du Cœur 94',
  'Salle des Hirondelles, Nantes (fictive)',
  'Département de Loire-Atlantique',
  'Département de Loire-Atlantique — Délégation Nantes',
  "Département de Loire-Atlantique — Délégation Pays d'Ancenis",
  'Département de Loire-Atlantique — Délégation Pays de Châteaubriant',
  'Département de Loire-Atlantique — Délégation Pays de Retz',
  'Département de Loire-Atlantique — Délégation Saint-Nazaire',
  'Département de Loire-Atlantique — Délégation Vignoble',
  'Espace culturel Paul Guimard',
  'Le Préambule',
  "Médiathèque d'Ivry-sur-Seine (fictive)",
  'Musique et Danse en Loire-Atlantique',
  'Relais social de Vitry-sur-Seine (fictif)',
  "Réseau des bibliothèques du Pays d'Ancenis",
  'Théâtre Quartier Libre',
];

test('the commune filter takes a name or an INSEE code, whatever the case and accents', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.referent);
  const byCode = names((await c.get('/annuaire?type=cultural&commune=44003')).text).sort();
  assert.deepEqual(byCode, ['Espace culturel Paul Guimard', "Réseau des bibliothèques du Pays d'Ancenis", 'Théâtre Quartier Libre']);
  for (const typed of ['Ancenis', 'ANCENIS', 'ancenis saint géréon', 'Ancenis-Saint-Gereon']) {
    const page = await c.get(`/annuaire?type=cultural&commune=${encodeURIComponent(typed)}`);
    assert.deepEqual(names(page.text).sort(), byCode, typed);
    assert.match(page.text, new RegExp(`<input id="commune" name="commune"[^>]*value="${typed}"`), typed);
    assert.match(page.text, /<label for="commune">Commune \(nom ou code INSEE\)<\/label>/);
  }
  // The links onwards (pages, exports, map) carry the code the name stands for.
  const page = await c.get('/annuaire?type=cultural&commune=ancenis');
  assert.match(page.text, /href="\/annuaire\/export\.csv\?q=&amp;type=cultural&amp;secteur=&amp;commune=44003&amp;/);
  const csv = await c.get('/annuaire/export.csv?type=cultural&commune=Ancenis');
  assert.equal(csv.text.trim().split('\n').length, 1 + 3);
  const points = JSON.parse((await c.get('/annuaire/carte.json?type=cultural&commune=ancenis')).text);
  assert.deepEqual(points.organisations.map((o) => o.name).sort(), ['Espace culturel Paul Guimard', 'Théâtre Quartier Libre']);
  // "St" for "Saint", hyphens or not.
  for (const typed of ['st nazaire', 'Saint-Nazaire', 'ST-NAZAIRE']) {
    const found = names((await c.get(`/annuaire?commune=${encodeURIComponent(typed)}`)).text);
    assert.deepEqual(found, ['Département de Loire-Atlantique — Délégation Saint-Nazaire'], typed);
  }
});

test('an ambiguous name lists the towns to choose from; an unknown one gets a French message', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.volunteer);
  const ambiguous = await c.get('/annuaire?commune=villeneuve');
  assert.equal(ambiguous.status, 200);
  assert.match(ambiguous.text, /<h2 id="commune-choices-title">3 communes correspondent à « villeneuve » : choisissez-en une\.<\/h2>/);
  const choices = [...ambiguous.text.matchAll(/<li><a href="\/annuaire\?[^"]*commune=(\w+)[^"]*">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(choices, [['44021', 'Villeneuve-en-Retz (44, 44021)'], ['94077', 'Villeneuve-le-Roi (94, 94077)'],
    ['94078', 'Villeneuve-Saint-Georges (94, 94078)']]);
  assert.deepEqual(names(ambiguous.text), []);
  assert.doesNotMatch(ambiguous.text, /Aucune structure ne correspond/);
  // Many towns begin with "Saint": the first ones, and a word to be more precise.
  const many = await c.get('/annuaire?commune=saint');
  assert.equal((many.text.match(/<li><a href="\/annuaire\?[^"]*commune=/g) || []).length, 20);
  assert.match(many.text, /D&apos;autres communes correspondent aussi : précisez le nom\./);
  const unknown = await c.get('/annuaire?commune=Atlantide');
  assert.equal(unknown.status, 200);
  assert.match(unknown.text, /Aucune commune connue ne s&apos;appelle « Atlantide »\. Vérifiez l&apos;orthographe ou indiquez son code INSEE/);
  assert.deepEqual(names(unknown.text), []);
  assert.match(unknown.text, /value="Atlantide"/);
});

test('the public directory lists the demo organisations that chose to publish, and only them', async () => {
  const anonymous = new Client(server.url);
  const list = await anonymous.get('/annuaire/public');
  assert.equal(list.status, 200);
  assert.deepEqual(publicNames(list.text).sort(), [...PUBLISHED].sort());
  for (const hidden of ['Sagiterre', 'Service solidarité', 'Club sportif', 'Fondation David Hadida']) {
    assert.doesNotMatch(list.text, new RegExp(hidden), hidden);
  }
  // By town name, as a visitor types it.
  const ancenis = await anonymous.get('/annuaire/public?commune=ancenis');
  assert.deepEqual(publicNames(ancenis.text).sort(), [
    "Département de Loire-Atlantique — Délégation Pays d'Ancenis", 'Espace culturel Paul Guimard',
    "Réseau des bibliothèques du Pays d'Ancenis", 'Théâtre Quartier Libre',
  ]);
  const unknown = await anonymous.get('/annuaire/public?commune=Atlantide');
  assert.match(unknown.text, /Aucune commune connue ne s&apos;appelle « Atlantide »/);
});

test('a structure page shows its address and the public contact it chose to publish', async () => {
  const anonymous = new Client(server.url);
  const list = await anonymous.get('/annuaire/public?q=departement');
  const id = list.text.match(/href="\/annuaire\/public\/(\d+)">Département de Loire-Atlantique</)[1];
  const entry = await anonymous.get(`/annuaire/public/${id}`);
  assert.equal(entry.status, 200);
  assert.match(entry.text, /<dt>Adresse<\/dt><dd>Hôtel du Département, 3 quai Ceineray, 44000 Nantes<\/dd>/);
  assert.match(entry.text, /<a href="https:\/\/www\.loire-atlantique\.fr" rel="noopener">/);
  assert.match(list.text, /<p>Hôtel du Département, 3 quai Ceineray, 44000 Nantes<\/p>/);
  const member = new Client(server.url);
  await member.login(DEMO.trainee);
  const profile = await member.get(`/annuaire/structures/${id}`);
  assert.match(profile.text, /<dt>Adresse<\/dt><dd>Hôtel du Département, 3 quai Ceineray, 44000 Nantes<\/dd>/);
});

test('the demo organisations are on the map at their towns; the coordinator places one by typing coordinates', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.coordinator);
  const points = JSON.parse((await c.get('/annuaire/carte.json?q=delegation')).text).organisations;
  const at = Object.fromEntries(points.map((o) => [o.name, [o.lat, o.lng]]));
  assert.deepEqual(at['Département de Loire-Atlantique — Délégation Saint-Nazaire'], [47.2735, -2.2138]);
  assert.deepEqual(at['Département de Loire-Atlantique — Délégation Pays de Châteaubriant'], [47.7172, -1.3761]);
  // Every point of the demo lies near its commune (within about 15 km).
  for (const o of JSON.parse((await c.get('/annuaire/carte.json?commune=44003')).text).organisations) {
    assert.ok(Math.abs(o.lat - 47.37) < 0.15 && Math.abs(o.lng - -1.18) < 0.2, o.name);
  }

  let dashboard = await c.get('/tableau-de-bord');
  assert.match(dashboard.text, /<h2 id="dash-network-alerts">Réseau : à surveiller <span class="count">\(1\)<\/span>/);
  assert.doesNotMatch(dashboard.text, /Relais sans référent :/);  // the directory's alert (not onboarding's « Relais sans référent formé » panel)
  const link = dashboard.text.match(/<a href="(\/admin\/organisations\/(\d+))#org-latitude">À placer sur la carte : Réseau des bibliothèques du Pays d&apos;Ancenis<\/a>/);
  assert.ok(link, 'the unplaced organisation of her délégation is listed');
  // Only her délégation: the relais of the Val-de-Marne is not hers.
  assert.doesNotMatch(dashboard.text, /Relais social de Vitry/);

  const form = await c.get(link[1]);
  assert.match(form.text, /<div id="pick-map" class="pick-map"[^>]*data-center-lat="47.3656" data-center-lng="-1.177"\s+data-zoom="13"/);
  const res = await c.post(link[1], {
    name: "Réseau des bibliothèques du Pays d'Ancenis", kind: 'cultural', sector: 'culturel', status: 'active',
    subtype: 'Médiathèque / bibliothèque', commune: '44003', public_listing: '1',
    description: 'Lecture publique : un fil conducteur de la formation-action (liens intergénérationnels).',
    latitude: '47,3660', longitude: '-1,1790',
  });
  assert.equal(res.status, 303);
  dashboard = await c.get('/tableau-de-bord');
  assert.doesNotMatch(dashboard.text, /Réseau des bibliothèques/);
  assert.match(dashboard.text, /Rien à signaler dans votre périmètre/);
  // A new social structure of her délégation: a relais without referent, not yet on the map.
  await c.get('/admin/organisations');
  const created = await c.post('/admin/organisations', { name: 'Centre social des Ursulines (fictif)', kind: 'social', commune: '44003' });
  assert.equal(created.status, 303);
  dashboard = await c.get('/tableau-de-bord');
  assert.match(dashboard.text, /<a href="\/admin\/organisations\/\d+">Relais sans référent : Centre social des Ursulines \(fictif\)<\/a>/);
  assert.match(dashboard.text, /À placer sur la carte : Centre social des Ursulines \(fictif\)/);
  assert.match(dashboard.text, /Réseau : à surveiller <span class="count">\(2\)<\/span>/);

  for (const who of ['referent', 'trainee', 'partner_staff']) {
    const other = new Client(server.url);
    await other.login(DEMO[who]);
    assert.doesNotMatch((await other.get('/tableau-de-bord')).text, /Réseau : à surveiller/, who);
  }
});

test('the create and edit forms take a town by its name too; a shared name asks for the INSEE code', async () => {
  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const form = await admin.get('/admin/organisations');
  assert.match(form.text, /<label for="org-commune">Commune \(nom ou code INSEE\)<\/label>/);
  const created = await admin.post('/admin/organisations', { name: 'Maison des jeunes de Ligné (fictive)', kind: 'leisure', commune: 'ligne' });
  assert.equal(created.status, 303);
  const url = created.headers.get('location');
  let page = await admin.get(url);
  assert.match(page.text, /<input id="org-commune" name="commune"[^>]*value="44082"/);
  assert.match(page.text, /Ligné/);
  const ambiguous = await admin.post('/admin/organisations', { name: 'Club de Villeneuve (fictif)', kind: 'sport', commune: 'Villeneuve' });
  assert.equal(ambiguous.status, 422);
  assert.match(ambiguous.text, /Plusieurs communes portent ce nom : indiquez le code INSEE de la bonne commune\./);
  assert.match(ambiguous.text, /value="Villeneuve"/);
  const unknown = await admin.post('/admin/organisations', { name: 'Club d’Atlantide (fictif)', kind: 'sport', commune: '99999' });
  assert.match(unknown.text, /Code de commune inconnu/);
  // The edit form: a name becomes the town's code.
  await admin.get(url);
  const edited = await admin.post(url, { name: 'Maison des jeunes de Ligné (fictive)', kind: 'leisure', sector: 'culturel', status: 'active', commune: 'Saint-Nazaire' });
  assert.equal(edited.status, 303);
  page = await admin.get(url);
  assert.match(page.text, /<input id="org-commune" name="commune"[^>]*value="44184"/);
});
