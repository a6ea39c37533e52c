// The directory's map: coordinates set through the organisation's edit form (validated, French
// messages), the page that always lists the organisations, the JSON points with the directory's
// filters, Leaflet served from its npm package, and the tile host allowed by the CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';

let server;
let admin;
const ids = {};
// Plausible positions (WGS 84) of a few demo organisations.
const PLACES = {
  'Théâtre Quartier Libre': ['47.3667', '-1.1775'],
  'Espace culturel Paul Guimard': ['47,3652', '-1,1801'],  // a decimal comma is accepted
  'Le Préambule': ['47.4108', '-1.3776'],
  Sagiterre: ['43.2965', '5.3698'],
};

function decode(s) {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// The fields of the organisation's edit form as they are shown (the form replaces every field).
function formFields(html, id) {
  const start = html.indexOf(`action="/admin/organisations/${id}"`);
  assert.ok(start > 0, 'the edit form is shown');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = {};
  for (const [, attrs] of form.matchAll(/<input ([^>]*)>/g)) {
    const name = attrs.match(/name="([^"]+)"/)?.[1];
    if (!name || name === '_csrf') continue;
    const type = attrs.match(/type="([^"]+)"/)?.[1];
    if (type === 'checkbox' && !/\bchecked\b/.test(attrs)) continue;
    fields[name] = decode(attrs.match(/value="([^"]*)"/)?.[1] ?? '');
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[name] = decode(options.match(/<option value="([^"]*)"\s*selected/)?.[1] ?? '');
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[name] = decode(text);
  }
  return fields;
}

async function idOf(c, query, name) {
  const list = await c.get(`/annuaire?q=${encodeURIComponent(query)}`);
  const m = list.text.match(new RegExp(`/annuaire/structures/(\\d+)">${name}<`));
  assert.ok(m, `${name} is in the directory`);
  return m[1];
}

async function edit(id, changes) {
  const page = await admin.get(`/admin/organisations/${id}`);
  const res = await admin.post(`/admin/organisations/${id}`, { ...formFields(page.text, id), ...changes });
  assert.equal(res.status, 303);
  return admin.get(`/admin/organisations/${id}`);
}

before(async () => {
  server = await startTrame({ smtp: false, env: { TRAME_MAP_TILES_URL: '' } });
  admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  for (const [name, [latitude, longitude]] of Object.entries(PLACES)) {
    ids[name] = await idOf(admin, name.split(' ').pop(), name);
    const page = await edit(ids[name], { latitude, longitude });
    assert.match(page.text, /Structure mise à jour/, name);
  }
});
after(async () => { await server?.stop(); });

test('coordinates are shown in the edit form; bad ones get French messages and change nothing', async () => {
  const id = ids['Théâtre Quartier Libre'];
  let page = await admin.get(`/admin/organisations/${id}`);
  assert.match(page.text, /<label for="org-latitude">Latitude<\/label><input id="org-latitude" name="latitude"[^>]*value="47.3667"/);
  assert.match(page.text, /id="org-longitude" name="longitude"[^>]*value="-1.1775"/);
  for (const [latitude, longitude, message] of [
    ['95', '-1.1775', /La latitude doit être un nombre entre -90 et 90/],
    ['nord', '-1.1775', /La latitude doit être un nombre entre -90 et 90/],
    ['47.3667', '-181', /La longitude doit être un nombre entre -180 et 180/],
    ['47.3667', '1.2.3', /La longitude doit être un nombre entre -180 et 180/],
    ['47.3667', '', /Indiquez la latitude et la longitude ensemble/],
  ]) {
    page = await edit(id, { latitude, longitude });
    assert.match(page.text, message, `${latitude} ${longitude}`);
    assert.match(page.text, /name="latitude"[^>]*value="47.3667"/);
    assert.match(page.text, /name="longitude"[^>]*value="-1.1775"/);
  }
  // The comma-typed ones were stored as numbers.
  page = await admin.get(`/admin/organisations/${ids['Espace culturel Paul Guimard']}`);
  assert.match(page.text, /name="latitude"[^>]*value="47.3652"/);
  assert.match(page.text, /name="longitude"[^>]*value="-1.1801"/);
});

test('the JSON points follow the directory filters and need a session', async () => {
  const c = new Client(server.url);
  assert.equal((await c.get('/annuaire/carte.json')).status, 303);
  const anonymous = await fetch(`${server.url}/annuaire/carte.json`, { headers: { accept: 'application/json' } });
  assert.equal(anonymous.status, 403);
  await c.login(DEMO.volunteer);
  const all = await c.get('/annuaire/carte.json');
  assert.equal(all.status, 200);
  assert.match(all.headers.get('content-type'), /application\/json/);
  const body = JSON.parse(all.text);
  assert.equal(body.total, 21);  // the demo's placed organisations (src/app/demo), these four among them
  assert.equal(body.truncated, false);
  const theatre = body.organisations.find((o) => o.name === 'Théâtre Quartier Libre');
  assert.deepEqual(theatre, {
    id: Number(ids['Théâtre Quartier Libre']), name: 'Théâtre Quartier Libre', kind: 'cultural',
    kind_label: theatre.kind_label, commune: 'Ancenis-Saint-Géréon', lat: 47.3667, lng: -1.1775,
    url: `/annuaire/structures/${ids['Théâtre Quartier Libre']}`,
  });
  const filtered = JSON.parse((await c.get('/annuaire/carte.json?type=cultural&commune=44003')).text);
  assert.deepEqual(filtered.organisations.map((o) => o.name).sort(), ['Espace culturel Paul Guimard', 'Théâtre Quartier Libre']);
  const training = JSON.parse((await c.get('/annuaire/carte.json?q=sagiterre')).text);
  assert.deepEqual(training.organisations.map((o) => [o.name, o.lat, o.lng]), [['Sagiterre', 43.2965, 5.3698]]);
  const none = JSON.parse((await c.get('/annuaire/carte.json?q=introuvable')).text);
  assert.deepEqual(none, { total: 0, truncated: false, organisations: [] });
});

test('the map page lists the same organisations, placed or not, and loads its scripts from /static', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.referent);
  const directory = await c.get('/annuaire?type=cultural&commune=44003');
  assert.match(directory.text, /<a href="\/annuaire\/carte\?q=&amp;type=cultural&amp;secteur=&amp;commune=44003&amp;epci=&amp;delegation=0">Voir ces structures sur la carte<\/a>/);
  const page = await c.get('/annuaire/carte?type=cultural&commune=44003');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 id="map-title">Carte des structures<\/h1>/);
  assert.match(page.text, /<div id="map"[^>]*data-tiles-url=""/);
  assert.match(page.text, /data-points-url="\/annuaire\/carte\.json\?q=&amp;type=cultural&amp;secteur=&amp;commune=44003&amp;epci=&amp;delegation=0"/);
  assert.match(page.text, /role="status"[^>]*>La carte a besoin de JavaScript/);
  const listed = [...page.text.matchAll(/<li><a href="\/annuaire\/structures\/\d+">([^<]+)<\/a> — ([^<]+) <span class="muted">([^<]*)<\/span>/g)]
    .map((m) => [m[1].replace(/&apos;/g, "'"), m[2], m[3].includes('sans position')]);
  assert.deepEqual(listed.sort(), [
    ['Espace culturel Paul Guimard', 'Ancenis-Saint-Géréon', false],
    ["Réseau des bibliothèques du Pays d'Ancenis", 'Ancenis-Saint-Géréon', true],
    ['Théâtre Quartier Libre', 'Ancenis-Saint-Géréon', false],
  ]);
  assert.match(page.text, /3 structures correspondent à la recherche, dont 2 placées sur la carte\./);
  assert.match(page.text, /<script src="\/static\/vendor\/leaflet\/leaflet\.js\?v=1\.9\.4" defer><\/script>/);
  assert.match(page.text, /<script src="\/static\/js\/map\.js\?v=[0-9a-f]+" defer><\/script>/);
  assert.doesNotMatch(page.text, /<script>/);
  assert.match(page.headers.get('content-security-policy'), /img-src 'self' data:;/);

  for (const [file, type] of [['leaflet.js', /text\/javascript/], ['leaflet.css', /text\/css/], ['images/marker-icon.png', /image\/png/]]) {
    const res = await fetch(`${server.url}/static/vendor/leaflet/${file}`);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get('content-type'), type, file);
  }
  assert.equal((await fetch(`${server.url}/static/vendor/leaflet/../package.json`)).status, 404);
  assert.equal((await fetch(`${server.url}/static/css/trame.css`)).status, 200);
});

test('the CSP allows images from the configured tile host only', async () => {
  const other = await startTrame({ smtp: false, demo: false, env: { TRAME_MAP_TILES_URL: 'https://{s}.tuiles.exemple.fr/{z}/{x}/{y}.png' } });
  try {
    const res = await fetch(`${other.url}/connexion`);
    assert.match(res.headers.get('content-security-policy'), /img-src 'self' data: https:\/\/\*\.tuiles\.exemple\.fr;/);
  } finally {
    await other.stop();
  }
});
