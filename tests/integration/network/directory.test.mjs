// The directory: organisations with their commune and délégation, accent-insensitive search with
// filters, the directory entry, and the edition rules (duplicates, SIRET, commune, website).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { noise, pictureInfo, png, pngHeaderOnly } from '../pictures.mjs';

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server.stop(); });

function names(html) {
  return [...html.matchAll(/<a href="\/annuaire\/structures\/\d+">([^<]+)<\/a>/g)].map((m) => m[1].replace(/&apos;/g, "'"));
}

test('search is accent- and case-insensitive, with filters and the délégation of each organisation', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.referent);
  const theatre = await c.get('/annuaire?q=THEATRE');
  assert.equal(theatre.status, 200);
  assert.deepEqual(names(theatre.text), ['Théâtre Quartier Libre']);
  assert.match(theatre.text, /Ancenis-Saint-Géréon<\/td><td data-label="Délégation">Délégation Pays d&apos;Ancenis/);
  const coeur = await c.get('/annuaire?q=coeur');
  assert.ok(names(coeur.text).includes('Cultures du Cœur 94'));
  const cultural = await c.get('/annuaire?type=cultural&commune=44003');
  assert.deepEqual(names(cultural.text).sort(), ['Espace culturel Paul Guimard', "Réseau des bibliothèques du Pays d'Ancenis",
    'Théâtre Quartier Libre'].sort());
  const accessible = await c.get('/annuaire?moteur=1&secteur=culturel');
  assert.ok(names(accessible.text).includes('Théâtre Quartier Libre'));
  assert.ok(!names(accessible.text).includes('Le Préambule'));
  const none = await c.get('/annuaire?q=introuvable');
  assert.match(none.text, /Aucune structure ne correspond/);
});

test('the directory entry shows what is known, markdown rendered safely', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.volunteer);
  const list = await c.get('/annuaire?q=sagiterre');
  const id = list.text.match(/\/annuaire\/structures\/(\d+)">Sagiterre/)[1];
  const page = await c.get(`/annuaire/structures/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<dd>88926967600033<\/dd>/);
  assert.match(page.text, /href="\/territoires\/communes\/13055">Marseille/);
  assert.doesNotMatch(page.text, /<dt>Site internet/);
  assert.doesNotMatch(page.text, /Modifier la fiche/);
  assert.equal((await c.get('/annuaire/structures/999999')).status, 404);
});

test('an administrator edits an organisation; bad input gets French messages and changes nothing', async () => {
  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const list = await admin.get('/annuaire?q=preambule');
  const id = list.text.match(/\/annuaire\/structures\/(\d+)">Le Préambule/)[1];
  const form = async () => admin.get(`/admin/organisations/${id}`);
  const base = {
    name: 'Le Préambule', kind: 'cultural', sector: 'culturel', status: 'active', subtype: 'Salle de spectacle',
    commune: '44082', description: '**Scène** de Ligné <script>alert(1)</script> [lien](javascript:alert(1))',
    website: 'https://exemple.fr', phone: '02 40 00 00 00', access_motor: '1', accessibility_note: 'Rampe à l\'entrée.',
  };
  await form();
  let res = await admin.post(`/admin/organisations/${id}`, base);
  assert.equal(res.status, 303);
  let page = await admin.get(`/annuaire/structures/${id}`);
  assert.match(page.text, /<strong>Scène<\/strong> de Ligné/);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.doesNotMatch(page.text, /javascript:alert/);
  assert.match(page.text, /Rampe à l&apos;entrée\./);
  for (const [field, value, message] of [
    ['siret', '12345678901234', /14 chiffres valides/],
    ['commune', '99999', /Code de commune inconnu/],
    ['website', 'exemple.fr', /doit commencer par https:\/\//],
    ['public_email', 'pas-une-adresse', /adresse électronique valable/],
    ['name', 'Théâtre Quartier Libre', /Une structure porte déjà ce nom/],
  ]) {
    await form();
    const fields = { ...base, [field]: value };
    if (field === 'name') fields.commune = '44003';
    res = await admin.post(`/admin/organisations/${id}`, fields);
    assert.equal(res.status, 303);
    page = await form();
    assert.match(page.text, message, `${field}: ${value}`);
    assert.match(page.text, /value="Le Préambule"/);
    assert.match(page.text, /value="44082"/);
  }
  // A same name in another commune is allowed.
  await form();
  res = await admin.post(`/admin/organisations/${id}`, { ...base, name: 'Théâtre Quartier Libre' });
  page = await form();
  assert.match(page.text, /Structure mise à jour/);
});

test('exports of a filtered list stream as CSV and XLSX, and are recorded in the audit log', async () => {
  const c = new Client(server.url);
  await c.login(DEMO.coordinator);
  const csv = await fetch(`${server.url}/annuaire/export.csv?q=ancenis&type=cultural`, { headers: { cookie: c.cookieHeader() } });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('transfer-encoding'), 'chunked');
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="annuaire-trame\.csv"/);
  const raw = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);  // a BOM, for Excel
  const text = raw.subarray(3).toString('utf8');
  assert.ok(text.startsWith('Nom;Type;Secteur;'));
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, 1 + 3);  // Théâtre, Espace culturel Paul Guimard, réseau des bibliothèques
  assert.ok(lines.some((l) => l.startsWith('Théâtre Quartier Libre;"Culturel (théâtre')));
  assert.ok(lines.some((l) => l.includes('Délégation Pays d\'Ancenis')));

  const xlsx = await fetch(`${server.url}/annuaire/export.xlsx?q=ancenis`, { headers: { cookie: c.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');  // a zip container
  assert.ok(bytes.length > 3000);

  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /<code>export<\/code><\/td><td[^>]*>organisations<\/td><td[^>]*>csv, 3 ligne\(s\)/);
  assert.match(journal.text, /<code>export<\/code><\/td><td[^>]*>organisations<\/td><td[^>]*>xlsx/);
});

test('the public directory shows only the organisations that chose to be listed', async () => {
  const anonymous = new Client(server.url);
  let list = await anonymous.get('/annuaire/public');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /Communauté de communes du Pays d&apos;Ancenis/);
  const admin = new Client(server.url);
  await admin.login(DEMO.administrator);
  const found = await admin.get('/annuaire?q=communaute+communes+ancenis');
  const id = found.text.match(/\/annuaire\/structures\/(\d+)">Communauté de communes du Pays d&apos;Ancenis/)[1];
  assert.equal((await anonymous.get(`/annuaire/public/${id}`)).status, 404);
  await admin.get(`/admin/organisations/${id}`);
  const res = await admin.post(`/admin/organisations/${id}`, {
    name: "Communauté de communes du Pays d'Ancenis", kind: 'authority', sector: 'institution', status: 'active',
    commune: '44003', subtype: 'Intercommunalité', public_listing: '1',
  });
  assert.equal(res.status, 303);
  list = await anonymous.get('/annuaire/public?q=communaute');
  assert.match(list.text, new RegExp(`href="/annuaire/public/${id}">Communauté de communes du Pays d&apos;Ancenis`));
  const entry = await anonymous.get(`/annuaire/public/${id}`);
  assert.equal(entry.status, 200);
  assert.match(entry.text, /Ancenis-Saint-Géréon/);
  assert.doesNotMatch(entry.text, /\/territoires\//);  // no links into signed-in pages
});

test('people choose whether their professional profile appears in the directory', async () => {
  const referent = new Client(server.url);
  await referent.login(DEMO.referent);
  const other = new Client(server.url);
  await other.login(DEMO.trainer);
  let people = await other.get('/annuaire/personnes');
  assert.doesNotMatch(people.text, /Référente relais social/);
  await referent.get('/compte');
  let res = await referent.post('/compte/profil-annuaire', { job_title: 'Conseillère en insertion', profile_visible: '1' });
  assert.equal(res.status, 303);
  people = await other.get('/annuaire/personnes?q=insertion');
  assert.match(people.text, /<h2>Référente relais social<\/h2><p>Conseillère en insertion<\/p>/);
  assert.match(people.text, /Référent·e — Cultures du Cœur 94/);
  await referent.get('/compte');
  res = await referent.post('/compte/profil-annuaire', { job_title: 'x'.repeat(121), profile_visible: '1' });
  const page = await referent.get('/compte');
  assert.match(page.text, /ne doit pas dépasser 120 caractères/);
  assert.match(page.text, /value="Conseillère en insertion"/);
  await referent.post('/compte/profil-annuaire', { job_title: 'Conseillère en insertion' });
  people = await other.get('/annuaire/personnes');
  assert.doesNotMatch(people.text, /Référente relais social/);
});

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function uploadLogo(client, id, bytes, filename, type) {
  await client.get(`/admin/organisations/${id}`);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('logo', new Blob([bytes], { type }), filename);
  const res = await client.request('POST', `/admin/organisations/${id}/logo`, { body: form });
  return res.status;
}

test('a logo is checked (type by its bytes, size) and shown on the entry', async () => {
  const coordinator = new Client(server.url);
  await coordinator.login(DEMO.coordinator);  // a member of the Département
  // An organisation of her délégation that did not choose to be listed publicly.
  const list = await coordinator.get('/annuaire?q=service+solidarite+ancenis');
  const id = list.text.match(/\/annuaire\/structures\/(\d+)">Service solidarité/)[1];
  assert.equal(await uploadLogo(coordinator, id, Buffer.from('<svg onload="alert(1)"/>'), 'logo.png', 'image/png'), 303);
  let page = await coordinator.get(`/admin/organisations/${id}`);
  assert.match(page.text, /n&apos;est pas une image PNG, JPEG ou WebP/);
  const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
  assert.equal(await uploadLogo(coordinator, id, big, 'grand.png', 'image/png'), 303);
  page = await coordinator.get(`/admin/organisations/${id}`);
  assert.match(page.text, /dépasse la taille autorisée/);
  assert.equal((await coordinator.get(`/annuaire/structures/${id}/logo`)).status, 404);

  assert.equal(await uploadLogo(coordinator, id, PNG, 'logo.png', 'application/octet-stream'), 303);
  page = await coordinator.get(`/annuaire/structures/${id}`);
  assert.match(page.text, new RegExp(`<img class="logo" src="/annuaire/structures/${id}/logo" alt="Logo de Service solidarité et développement local — Délégation Pays d&apos;Ancenis"`));
  const image = await fetch(`${server.url}/annuaire/structures/${id}/logo`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');
  // Written again (issue 14): still a 1×1 PNG with its transparency, not necessarily the same bytes.
  assert.deepEqual(pictureInfo(Buffer.from(await image.arrayBuffer())), { type: 'image/png', width: 1, height: 1, alpha: true });
  // Visitors only see logos of published organisations.
  assert.equal((await new Client(server.url).get(`/annuaire/structures/${id}/logo`)).status, 404);
  // A member of another organisation cannot change it.
  const referent = new Client(server.url);
  await referent.login(DEMO.referent);
  assert.equal(await uploadLogo(referent, id, PNG, 'logo.png', 'image/png'), 403);
});

test('a large logo is shrunk into 512 × 512; a broken or oversized one is refused and the logo stays', async () => {
  const coordinator = new Client(server.url);
  await coordinator.login(DEMO.coordinator);
  const list = await coordinator.get('/annuaire?q=service+solidarite+ancenis');
  const id = list.text.match(/\/annuaire\/structures\/(\d+)">Service solidarité/)[1];
  const logo = async () => {
    const res = await fetch(`${server.url}/annuaire/structures/${id}/logo`, { headers: { cookie: coordinator.cookieHeader() } });
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { bytes, type: res.headers.get('content-type'), info: pictureInfo(bytes) };
  };
  // A photograph sent as a 1200 × 800 PNG becomes a 512 × 341 PNG (logos stay PNG: the PDFs draw them).
  assert.equal(await uploadLogo(coordinator, id, png(1200, 800, { paint: noise }), 'photo.png', 'image/png'), 303);
  let kept = await logo();
  assert.equal(kept.type, 'image/png');
  assert.deepEqual(kept.info, { type: 'image/png', width: 512, height: 341, alpha: false });
  // A logo with transparency stays a PNG with alpha.
  const transparent = png(600, 1500, { alpha: true, paint: (x) => [20, 60, 160, x < 300 ? 0 : 255] });
  assert.equal(await uploadLogo(coordinator, id, transparent, 'logo.png', 'image/png'), 303);
  kept = await logo();
  assert.deepEqual(kept.info, { type: 'image/png', width: 205, height: 512, alpha: true });
  for (const [bytes, message] of [
    [transparent.subarray(0, transparent.length - 40), /Cette image est endommagée ou incomplète : elle n&apos;a pas pu être lue\. Rien n&apos;a été enregistré\./],
    [pngHeaderOnly(10000, 5000), /Cette image est trop grande \(plus de 40 millions de pixels\) : rien n&apos;a été enregistré\./],
  ]) {
    assert.equal(await uploadLogo(coordinator, id, bytes, 'logo.png', 'image/png'), 303);
    const page = await coordinator.get(`/admin/organisations/${id}`);
    assert.match(page.text, message);
    assert.deepEqual((await logo()).bytes, kept.bytes, 'the logo kept is unchanged');
  }
});

// The fields of a CSV written by docs::csv_line (« ; », quotes doubled inside quoted fields, CRLF lines).
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('the whole export names each organisation\'s délégation as the directory entry does', async () => {
  // Issue 22 (session 17): the export joins the délégations grouped by EPCI and département once instead of
  // asking per organisation; the figures are those of the per-organisation subquery, asked here of the database.
  const c = new Client(server.url);
  await c.login(DEMO.coordinator);
  const res = await fetch(`${server.url}/annuaire/export.csv`, { headers: { cookie: c.cookieHeader() } });
  assert.equal(res.status, 200);
  const rows = csvRows(Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8')).slice(1);
  const got = rows.map((r) => `${r[0]}\t${r[6]}\t${r[8]}.`);  // « . »: the output is trimmed
  const expected = querySql(server.database, "SELECT o.name || '\t' || COALESCE(o.commune_code, '') || '\t' || "
    + "COALESCE((SELECT MIN(d.name) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "
    + "WHERE de.epci_siren = c.epci_siren AND d.departement_code = c.departement_code), '') || '.' "
    + 'FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code ORDER BY o.id').split('\n');
  assert.equal(got.length, expected.length);
  assert.deepEqual([...got].sort(), [...expected].sort());
  assert.ok(got.some((l) => l.endsWith("\tDélégation Pays d'Ancenis.")));
});
