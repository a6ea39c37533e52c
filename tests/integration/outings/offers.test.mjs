// Solidarity outings, the offer side (/sorties): offers of partners' venues and their slots, scope
// checks (a partner's staff edits only its own venue), French validation messages, allocations that
// can never be over-assigned, the referents' catalogue (filters, accent-insensitive search,
// pagination), the ICS file of a slot and the offer's picture.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, clockPasses, querySql, startTrame } from '../harness.mjs';
import { networkWideCoordinator } from '../bookings_fixtures.mjs';
import { pictureInfo, png, pngHeaderOnly } from '../pictures.mjs';

let server;
const venues = {};  // venue name → id, from the coordinator's offer form

before(async () => {
  server = await startTrame({ smtp: false });
  await networkWideCoordinator(server);  // the network's coordinator (docs/scopes.md)
  const c = await as('coordinator');
  const form = await c.get('/sorties/offres/nouvelle');
  assert.equal(form.status, 200);
  const select = form.text.match(/<select id="o-venue"[^>]*>([\s\S]*?)<\/select>/)[1];
  for (const m of select.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)) venues[decode(m[2])] = m[1];
  assert.ok(venues['Théâtre Quartier Libre'] && venues['Le Préambule']);
});
after(async () => { await server?.stop(); });

function decode(s) { return s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'); }

async function as(role) {
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  return c;
}

// "YYYY-MM-DDTHH:MM" in Europe/Paris, days from now.
function local(days, hour = 20, minute = 30) {
  const d = new Date(Date.now() + days * 86400000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function alertOf(text) { return decode(text.match(/role="alert"[^>]*><p>([^<]*)/)?.[1] || ''); }

async function createOffer(c, fields) {
  await c.get('/sorties/offres/nouvelle');
  const res = await c.post('/sorties/offres', { category: 'live_show', audience: 'all', _submission: c.submission, ...fields });
  assert.equal(res.status, 303, `offer created: ${alertOf(res.text)}`);
  return Number(res.location.match(/^\/sorties\/offres\/(\d+)$/)[1]);
}

async function addSlot(c, offer, fields) {
  await c.get(`/sorties/offres/${offer}/creneaux/nouveau`);
  return c.post(`/sorties/offres/${offer}/creneaux`, { starts: local(10), capacity: '10', mode: 'first_come', _submission: c.submission, ...fields });
}

async function publish(c, offer) {
  await c.get(`/sorties/offres/${offer}`);
  const res = await c.post(`/sorties/offres/${offer}/statut`, { status: 'published' });
  assert.equal(res.status, 303);
}

async function catalogue(c, query = '') {
  const page = await c.get(`/sorties${query}`);
  assert.equal(page.status, 200);
  const total = Number(page.text.match(/(\d+) sorties? trouvées?/)[1]);
  const titles = [...page.text.matchAll(/<h2><a href="\/sorties\/offres\/\d+">([^<]+)<\/a><\/h2>/g)].map((m) => decode(m[1]));
  return { total, titles, text: page.text };
}

test('the demo catalogue shows the partners\' published offers with their upcoming slots', async () => {
  const referent = await as('referent');
  const { total, titles, text } = await catalogue(referent);
  assert.ok(total >= 8, `demo offers: ${total}`);
  for (const t of ['Les Fourberies de Scapin', 'Ciné-rencontre : Les Petites Victoires', 'Découverte du basket en famille',
    'Tickets Loisirs : journée à l\'île de loisirs de Créteil', 'Lecture publique : contes d\'ici et d\'ailleurs',
    'Concert : Orchestre national des Pays de la Loire']) {
    assert.ok(titles.includes(t), `catalogue shows ${t}`);
  }
  assert.match(text, /places? restantes? sur/);
  // The scarce concert is by draw.
  const concert = await referent.get(`/sorties/offres/${text.match(/href="\/sorties\/offres\/(\d+)">Concert/)[1]}`);
  assert.match(concert.text, /Tirage au sort le/);
  // Allocations: "Tous au cinéma" (300 places by Fondation David Hadida) is used by the cinema slots.
  const coordinator = await as('coordinator');
  const list = await coordinator.get('/sorties/contingents');
  assert.equal(list.status, 200);
  assert.match(list.text, /Tous au cinéma<\/a><\/th><td[^>]*>Fondation David Hadida<\/td><td[^>]*>Cultures du Cœur 94<\/td><td[^>]*>300<\/td><td[^>]*>32<\/td>/);
  assert.match(list.text, /Tickets Loisirs<\/a><\/th><td[^>]*>Région Île-de-France<\/td><td[^>]*>Cultures du Cœur 94<\/td><td[^>]*>120<\/td><td[^>]*>30<\/td>/);
  const id = list.text.match(/href="\/sorties\/contingents\/(\d+)">Tickets Loisirs/)[1];
  const page = await coordinator.get(`/sorties/contingents/${id}`);
  assert.match(page.text, /Relais social de Vitry-sur-Seine \(fictif\)<\/th><td[^>]*>Structure<\/td><td[^>]*>40<\/td>/);
  assert.match(page.text, /Cultures du Cœur 94<\/th><td[^>]*>Structure<\/td><td[^>]*>60<\/td>/);
  // Editing keeps the offer's venue, even one that is not a cultural or sport organisation.
  const tickets = text.match(/href="\/sorties\/offres\/(\d+)">Tickets Loisirs/)[1];
  const edit = await coordinator.get(`/sorties/offres/${tickets}/modifier`);
  assert.match(edit.text, /<option value="\d+" selected>Région Île-de-France<\/option>/);
  // Referents and partner staff cannot see allocations.
  assert.equal((await referent.get('/sorties/contingents')).status, 403);
});

test('a partner\'s staff creates, edits and publishes an offer of its own venue only; another venue is refused', async () => {
  const staff = await as('partner_staff');
  const referent = await as('referent');
  const form = await staff.get('/sorties/offres/nouvelle');
  assert.equal(form.status, 200);
  // Only its own venue is offered, and the venue's accessibility is copied from the directory.
  const options = [...form.text.match(/<select id="o-venue"[^>]*>([\s\S]*?)<\/select>/)[1].matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
  assert.deepEqual(options, [venues['Théâtre Quartier Libre']]);
  assert.match(form.text, /id="o-motor" name="motor" type="checkbox" value="1" checked/);
  assert.match(form.text, /Salle de plain-pied, places réservées pour fauteuils roulants\.<\/textarea>/);

  const before = (await (await as('coordinator')).get('/sorties/offres')).text;
  // Another organisation's venue: 403, nothing created.
  const refused = await staff.post('/sorties/offres', { venue: venues['Le Préambule'], title: 'Offre pirate', category: 'concert' });
  assert.equal(refused.status, 403);
  const concertId = before.match(/href="\/sorties\/offres\/(\d+)">Concert : Orchestre/)[1];
  for (const [path, fields] of [[`/sorties/offres/${concertId}`, { venue: venues['Théâtre Quartier Libre'], title: 'Détourné', category: 'concert' }],
    [`/sorties/offres/${concertId}/statut`, { status: 'archived' }],
    [`/sorties/offres/${concertId}/creneaux`, { starts: local(30), capacity: '5' }]]) {
    assert.equal((await staff.post(path, fields)).status, 403, path);
  }
  assert.equal((await staff.get(`/sorties/offres/${concertId}/modifier`)).status, 403);
  assert.equal((await staff.get(`/sorties/offres/${concertId}/creneaux/nouveau`)).status, 403);
  const after = (await (await as('coordinator')).get('/sorties/offres')).text;
  assert.doesNotMatch(after, /Offre pirate|Détourné/);
  const concert = await referent.get(`/sorties/offres/${concertId}`);
  assert.match(concert.text, /<h1>Concert : Orchestre national des Pays de la Loire<\/h1>/);
  assert.match(concert.text, /Tirage au sort le/);

  // Its own venue: a draft, invisible to referents until published.
  const id = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Le Misanthrope', category: 'live_show',
    description: 'Une **comédie** de Molière.\n\n<script>alert(1)</script>', audience: 'all', age_min: '12', motor: '1', getting_there: 'Gare d\'Ancenis' });
  let page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /Brouillon/);
  assert.match(page.text, /<strong>comédie<\/strong>/);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /à partir de 12 ans/);
  assert.equal((await referent.get(`/sorties/offres/${id}`)).status, 404);
  // Edit: the title changes; moving it to a venue of another organisation is refused.
  await staff.get(`/sorties/offres/${id}/modifier`);
  let res = await staff.post(`/sorties/offres/${id}`, { venue: venues['Théâtre Quartier Libre'], title: 'Le Misanthrope (nouvelle mise en scène)', category: 'live_show', audience: 'all' });
  assert.equal(res.status, 303);
  res = await staff.post(`/sorties/offres/${id}`, { venue: venues['Le Préambule'], title: 'Ailleurs', category: 'live_show', audience: 'all' });
  assert.equal(res.status, 403);
  page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /<h1>Le Misanthrope \(nouvelle mise en scène\)<\/h1>/);
  assert.match(page.text, /Théâtre Quartier Libre/);

  res = await addSlot(staff, id, { starts: local(12, 20, 0), ends: local(12, 22, 0), capacity: '12' });
  assert.equal(res.status, 303, alertOf(res.text));
  await publish(staff, id);
  let found = await catalogue(referent, '?q=misanthrope');
  assert.deepEqual(found.titles, ['Le Misanthrope (nouvelle mise en scène)']);
  assert.match(found.text, /12 places? restantes? sur 12/);
  page = await referent.get(`/sorties/offres/${id}`);
  assert.match(page.text, /href="\/sorties\/creneaux\/\d+\/reserver"/);
  assert.match(page.text, /href="\/sorties\/creneaux\/\d+\.ics"/);
  // Archived (never deleted): out of the catalogue, hidden from referents, still there for its venue.
  await staff.get(`/sorties/offres/${id}`);
  assert.equal((await staff.post(`/sorties/offres/${id}/statut`, { status: 'archived' })).status, 303);
  found = await catalogue(referent, '?q=misanthrope');
  assert.equal(found.total, 0);
  assert.equal((await referent.get(`/sorties/offres/${id}`)).status, 404);
  assert.match((await staff.get('/sorties/offres')).text, /Le Misanthrope \(nouvelle mise en scène\)<\/a><\/td><td[^>]*>Spectacle vivant<\/td><td[^>]*>Théâtre Quartier Libre<\/td><td[^>]*>Archivée/);
  // Referents do not edit offers.
  assert.equal((await referent.get('/sorties/offres/nouvelle')).status, 403);
  assert.equal((await referent.post(`/sorties/offres/${id}/statut`, { status: 'published' })).status, 403);
});

test('bad offers and slots get a French message and change nothing', async () => {
  const c = await as('coordinator');
  await c.get('/sorties/offres/nouvelle');
  let res = await c.post('/sorties/offres', { venue: venues['Le Préambule'], title: '  ', category: 'concert' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Donnez un titre à l\'offre (200 caractères au plus).');
  assert.match(res.text, /id="o-title"[^>]*aria-invalid="true"/);
  res = await c.post('/sorties/offres', { venue: venues['Le Préambule'], title: 'Âges', category: 'concert', age_min: '12', age_max: '6' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), /l'âge maximum \(s'il est donné\) au moins égal/);
  res = await c.post('/sorties/offres', { venue: venues['Le Préambule'], title: 'Catégorie', category: 'opera' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Choisissez une catégorie de la liste.');
  res = await c.post('/sorties/offres', { venue: '', title: 'Sans lieu', category: 'concert' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Choisissez un lieu actif de l\'annuaire.');
  assert.doesNotMatch((await c.get("/sorties/offres")).text, /">(Âges|Catégorie|Sans lieu)<\/a>/);

  const id = await createOffer(c, { venue: venues['Le Préambule'], title: 'Créneaux mal saisis', category: 'concert' });
  const cases = [
    [{ starts: '' }, 'Donnez la date et l\'heure de début du créneau.'],
    [{ starts: '2026-02-31T20:00' }, 'Donnez la date et l\'heure de début du créneau.'],
    [{ starts: local(-1) }, 'Le début du créneau est déjà passé.'],
    [{ starts: local(10, 20, 0), ends: local(10, 19, 0) }, 'La fin doit être après le début.'],
    [{ capacity: '-3' }, 'Le nombre de places doit être un nombre entier positif ou nul.'],
    [{ capacity: 'dix' }, 'Le nombre de places doit être un nombre entier positif ou nul.'],
    [{ starts: local(10, 20, 0), closes: local(10, 21, 0) }, 'Les réservations doivent se clore au plus tard au début du créneau.'],
    [{ opens: local(8), closes: local(5) }, 'Les réservations doivent se clore après leur ouverture.'],
    [{ starts: local(10, 20, 0), cancel_until: local(11) }, 'La date limite d\'annulation doit précéder le début du créneau.'],
    [{ mode: 'loterie' }, 'Choisissez un mode d\'attribution de la liste.'],
    [{ mode: 'draw', draw_at: '' }, 'Donnez la date du tirage au sort.'],
    [{ mode: 'draw', starts: local(10), draw_at: local(11) }, 'Le tirage au sort doit avoir lieu après l\'ouverture des réservations et avant le début du créneau.'],
    [{ allocation: '999999' }, 'Ce contingent n\'existe pas ou est clos.'],
  ];
  for (const [fields, message] of cases) {
    res = await addSlot(c, id, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.equal(alertOf(res.text), message, JSON.stringify(fields));
  }
  const page = await c.get(`/sorties/offres/${id}`);
  assert.match(page.text, /Aucun créneau à venir\./);
  // Defaults: booking opens now, closes at the start, free cancellation until 48 h before.
  res = await addSlot(c, id, { starts: local(10, 20, 0), capacity: '3' });
  assert.equal(res.status, 303);
  const slotId = (await c.get(`/sorties/offres/${id}`)).text.match(/href="\/sorties\/creneaux\/(\d+)"/)[1];
  const edit = await c.get(`/sorties/creneaux/${slotId}/modifier`);
  assert.match(edit.text, new RegExp(`id="s-closes" name="closes" type="datetime-local" value="${local(10, 20, 0)}"`));
  assert.match(edit.text, new RegExp(`id="s-cancel_until" name="cancel_until" type="datetime-local" value="${local(8, 20, 0)}"`));
});

test('an allocation can never be over-assigned, and its use is shown live', async () => {
  const c = await as('coordinator');
  await c.get('/sorties/contingents/nouveau');
  let res = await c.post('/sorties/contingents', { name: '', places: '5', starts_on: '2026-01-01', ends_on: '2027-12-31' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Donnez un nom au contingent (200 caractères au plus).');
  res = await c.post('/sorties/contingents', { name: 'Petit contingent', places: '5', starts_on: '2027-01-01', ends_on: '2026-12-31' });
  assert.equal(alertOf(res.text), 'La fin de la période doit être une date valide, au plus tôt le jour du début.');
  res = await c.post('/sorties/contingents', { name: 'tous au CINÉMA', places: '5', starts_on: '2026-01-01', ends_on: '2027-12-31' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Un contingent porte déjà ce nom.');
  res = await c.post('/sorties/contingents', { name: 'Petit contingent', donor: 'Un mécène', places: '5', starts_on: '2026-01-01', ends_on: '2027-12-31', status: 'active' });
  assert.equal(res.status, 303);
  const allocation = res.location.match(/\/sorties\/contingents\/(\d+)$/)[1];

  const offer = await createOffer(c, { venue: venues['Espace culturel Paul Guimard'], title: 'Séance rare', category: 'cinema' });
  res = await addSlot(c, offer, { capacity: '4', allocation });
  assert.equal(res.status, 303, alertOf(res.text));
  res = await addSlot(c, offer, { starts: local(11), capacity: '2', allocation });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Le contingent n\'a plus assez de places à attribuer pour ce créneau : rien n\'a été enregistré.');
  let page = await c.get(`/sorties/contingents/${allocation}`);
  assert.match(page.text, /<dt>Attribuées aux créneaux<\/dt><dd>4<\/dd>/);
  assert.match(page.text, /<dt>Restant à attribuer<\/dt><dd>1<\/dd>/);
  assert.equal([...page.text.matchAll(/href="\/sorties\/creneaux\/\d+">/g)].length, 1);
  // Editing the slot gives back its places before taking the new count.
  const slot = page.text.match(/href="\/sorties\/creneaux\/(\d+)">/)[1];
  await c.get(`/sorties/creneaux/${slot}/modifier`);
  res = await c.post(`/sorties/creneaux/${slot}`, { starts: local(10), capacity: '5', mode: 'first_come', allocation });
  assert.equal(res.status, 303, alertOf(res.text));
  res = await c.post(`/sorties/creneaux/${slot}`, { starts: local(10), capacity: '6', mode: 'first_come', allocation });
  assert.equal(res.status, 422);
  assert.match(alertOf(res.text), /Le contingent n'a plus assez de places/);
  page = await c.get(`/sorties/contingents/${allocation}`);
  assert.match(page.text, /<dt>Attribuées aux créneaux<\/dt><dd>5<\/dd>/);
  assert.match((await c.get(`/sorties/creneaux/${slot}`)).text, /5 places? restantes? sur 5/);
  // The pool cannot shrink below what is assigned.
  await c.get(`/sorties/contingents/${allocation}/modifier`);
  res = await c.post(`/sorties/contingents/${allocation}`, { name: 'Petit contingent', places: '3', starts_on: '2026-01-01', ends_on: '2027-12-31', status: 'active' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Le contingent ne peut pas compter moins de places que celles déjà attribuées aux créneaux.');
  // Taking the slot off the pool gives its places back.
  res = await c.post(`/sorties/creneaux/${slot}`, { starts: local(10), capacity: '5', mode: 'first_come', allocation: '' });
  assert.equal(res.status, 303);
  page = await c.get(`/sorties/contingents/${allocation}`);
  assert.match(page.text, /<dt>Attribuées aux créneaux<\/dt><dd>0<\/dd>/);

  // Concurrent slots on a pool of 5 places, 2 places each: exactly two get their places.
  res = await c.post('/sorties/contingents', { name: 'Contingent disputé', places: '5', starts_on: '2026-01-01', ends_on: '2030-12-31', status: 'active' });
  const disputed = res.location.match(/(\d+)$/)[1];
  await c.get(`/sorties/offres/${offer}/creneaux/nouveau`);
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.post(`/sorties/offres/${offer}/creneaux`,
    { starts: local(14 + i), capacity: '2', mode: 'first_come', allocation: disputed })));
  assert.equal(results.filter((r) => r.status === 303).length, 2);
  assert.equal(results.filter((r) => r.status === 422).length, 10);
  page = await c.get(`/sorties/contingents/${disputed}`);
  assert.match(page.text, /<dt>Attribuées aux créneaux<\/dt><dd>4<\/dd>/);
  assert.equal([...page.text.matchAll(/href="\/sorties\/creneaux\/\d+">/g)].length, 2);

  // A slot outside the allocation's period is refused.
  res = await c.post('/sorties/contingents', { name: 'Contingent ancien', places: '50', starts_on: '2020-01-01', ends_on: '2020-12-31', status: 'active' });
  assert.equal(res.status, 303);
  const old = res.location.match(/(\d+)$/)[1];
  res = await addSlot(c, offer, { starts: local(12), capacity: '1', allocation: old });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Le créneau doit avoir lieu pendant la période du contingent.');
  assert.match((await c.get(`/sorties/contingents/${old}`)).text, /<dt>Attribuées aux créneaux<\/dt><dd>0<\/dd>/);

  // A venue's staff cannot draw on an allocation: the field is not offered and is ignored.
  const staff = await as('partner_staff');
  const own = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Sans contingent', category: 'live_show' });
  assert.doesNotMatch((await staff.get(`/sorties/offres/${own}/creneaux/nouveau`)).text, /name="allocation"/);
  assert.equal((await addSlot(staff, own, { capacity: '3', allocation })).status, 303);
  page = await c.get(`/sorties/contingents/${allocation}`);
  assert.match(page.text, /<dt>Attribuées aux créneaux<\/dt><dd>0<\/dd>/);

  // Reserved for structures or délégations, with a quota.
  const structure = page.text.match(/<option value="(\d+)">Relais social de Vitry-sur-Seine \(fictif\)<\/option>/)[1];
  const delegation = page.text.match(/<option value="(\d+)">Délégation Pays d&apos;Ancenis<\/option>/)[1];
  res = await c.post(`/sorties/contingents/${allocation}/cibles`, { organisation: structure, delegation, quota: '2' });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Choisissez une structure ou une délégation, pas les deux.');
  res = await c.post(`/sorties/contingents/${allocation}/cibles`, { organisation: structure, quota: '9' });
  assert.equal(alertOf(res.text), 'Le quota ne peut pas dépasser les places du contingent.');
  res = await c.post(`/sorties/contingents/${allocation}/cibles`, { organisation: structure, quota: '2' });
  assert.equal(res.status, 303);
  res = await c.post(`/sorties/contingents/${allocation}/cibles`, { delegation, quota: '' });
  assert.equal(res.status, 303);
  res = await c.post(`/sorties/contingents/${allocation}/cibles`, { organisation: structure, quota: '1' });
  assert.equal(alertOf(res.text), 'Le contingent est déjà réservé à cette structure ou délégation.');
  page = await c.get(`/sorties/contingents/${allocation}`);
  assert.match(page.text, /Relais social de Vitry-sur-Seine \(fictif\)<\/th><td[^>]*>Structure<\/td><td[^>]*>2<\/td><td[^>]*>0<\/td>/);
  assert.match(page.text, /Délégation Pays d&apos;Ancenis<\/th><td[^>]*>Délégation<\/td><td[^>]*>sans quota<\/td>/);
});

test('the catalogue filters, searches without accents or case, and paginates', async () => {
  const referent = await as('referent');
  const titles = async (q) => (await catalogue(referent, q)).titles;
  assert.deepEqual(await titles('?q=FOURBERIES'), ['Les Fourberies de Scapin']);
  assert.ok((await titles('?q=theatre+quartier')).includes('Les Fourberies de Scapin'));  // the venue's name
  assert.deepEqual(await titles('?q=creteil'), ['Tickets Loisirs : journée à l\'île de loisirs de Créteil']);
  assert.deepEqual((await titles('?q=cin%C3%A9')).filter((t) => t.startsWith('Ciné')).sort(),
    ['Ciné-goûter en famille : Le Grand Méchant Renard', 'Ciné-rencontre : Les Petites Victoires']);
  assert.deepEqual(await titles('?categorie=sport'), ['Découverte du basket en famille']);
  const family = await titles('?famille=1');
  assert.ok(family.includes('Découverte du basket en famille'));
  assert.ok(!family.includes('Les Fourberies de Scapin'));
  assert.deepEqual(await titles('?mental=1'), ['Lecture publique : contes d\'ici et d\'ailleurs']);
  const hearing = await titles('?hearing=1&motor=1');
  assert.ok(hearing.includes('Les Fourberies de Scapin') && hearing.includes('Atelier d\'écriture : raconter son quartier'));
  assert.ok(!hearing.includes('Découverte du basket en famille'));
  // Commune and délégation (Ancenis is in the délégation Pays d'Ancenis; Ivry is not).
  const ancenis = await titles('?commune=44003');
  assert.ok(ancenis.includes('Les Fourberies de Scapin') && !ancenis.includes('Découverte du basket en famille'));
  const page = await referent.get('/sorties');
  const delegation = page.text.match(/<option value="(\d+)" >Délégation Pays d&apos;Ancenis<\/option>/)[1];
  const inDelegation = await titles(`?delegation=${delegation}`);
  assert.ok(inDelegation.includes('Les Fourberies de Scapin'));
  assert.ok(inDelegation.includes('Concert : Orchestre national des Pays de la Loire'));  // Ligné
  assert.ok(!inDelegation.includes('Atelier d\'écriture : raconter son quartier'));
  // Dates: only offers with a slot in the range.
  const late = await titles(`?du=${local(22).slice(0, 10)}`);
  assert.ok(late.includes('Les Fourberies de Scapin') && late.includes('Découverte du basket en famille'));
  assert.ok(!late.includes('Ciné-rencontre : Les Petites Victoires'));
  const early = await titles(`?du=${local(4).slice(0, 10)}&au=${local(7).slice(0, 10)}`);
  assert.ok(early.includes('Ciné-rencontre : Les Petites Victoires') && early.includes('Lecture publique : contes d\'ici et d\'ailleurs'));
  assert.ok(!early.includes('Les Fourberies de Scapin'));

  // Pagination: 21 matching offers, 20 on the first page, 1 on the second.
  const c = await as('coordinator');
  for (let i = 1; i <= 21; i += 1) {
    const id = await createOffer(c, { venue: venues['Club sportif de Champigny (fictif)'], title: `Randonnée n° ${i}`, category: 'sport' });
    const res = await addSlot(c, id, { starts: local(30 + (i % 5)), capacity: '2' });
    assert.equal(res.status, 303);
    await publish(c, id);
  }
  const first = await catalogue(referent, '?q=RANDONNEE');
  assert.equal(first.total, 21);
  assert.equal(first.titles.length, 20);
  assert.match(first.text, /rel="next"/);
  const next = first.text.match(/href="([^"]+)" rel="next"/)[1].replace(/&amp;/g, '&');
  const second = await referent.get(next);
  assert.equal([...second.text.matchAll(/<h2><a href="\/sorties\/offres\/\d+">Randonnée/g)].length, 1);
  // An offer's slots paginate too (25 a page).
  const many = await createOffer(c, { venue: venues['Club sportif de Champigny (fictif)'], title: 'Entraînements ouverts', category: 'sport' });
  for (let i = 0; i < 26; i += 1) assert.equal((await addSlot(c, many, { starts: local(3 + i, 18, 0), capacity: '3' })).status, 303);
  await publish(c, many);
  const slotsOn = (text) => [...text.matchAll(/<th scope="row"><a href="\/sorties\/creneaux\/\d+">/g)].length;
  const offerPage = await referent.get(`/sorties/offres/${many}`);
  assert.equal(slotsOn(offerPage.text), 25);
  assert.match(offerPage.text, /Page 1 sur 2/);
  assert.equal(slotsOn((await referent.get(`/sorties/offres/${many}?page=2`)).text), 1);

  // "Only with places left": a slot with 0 places does not count.
  const full = await createOffer(c, { venue: venues['Club sportif de Champigny (fictif)'], title: 'Match complet', category: 'sport' });
  assert.equal((await addSlot(c, full, { capacity: '0' })).status, 303);
  await publish(c, full);
  assert.deepEqual(await titles('?q=match+complet'), ['Match complet']);
  assert.deepEqual(await titles('?q=match+complet&places=1'), []);
});

test('each slot has a valid ICS file (CRLF, folded lines, escaped text, UTC times)', async () => {
  const c = await as('coordinator');
  const id = await createOffer(c, { venue: venues['Le Préambule'], title: 'Jazz, blues; et soul \\ live', category: 'concert',
    at_the_door: 'Donnez le code de réservation à l\'accueil, puis installez-vous : le placement est libre dans toute la salle du Préambule.' });
  assert.equal((await addSlot(c, id, { starts: '2030-07-14T21:00', ends: '2030-07-14T23:30', capacity: '4' })).status, 303);
  await publish(c, id);
  const slot = (await c.get(`/sorties/offres/${id}`)).text.match(/href="\/sorties\/creneaux\/(\d+)\.ics"/)[1];
  const referent = await as('referent');
  const res = await fetch(`${server.url}/sorties/creneaux/${slot}.ics`, { headers: { cookie: referent.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const body = Buffer.from(await res.arrayBuffer());
  const text = body.toString('utf8');
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.ok(text.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n'));
  assert.doesNotMatch(text, /[^\r]\n/);
  for (const line of body.toString('binary').split('\r\n')) assert.ok(line.length <= 75, `line of ${line.length} octets`);
  const unfolded = text.replace(/\r\n /g, '');
  assert.match(unfolded, /\r\nDTSTART:20300714T190000Z\r\n/);  // 21:00 in Paris (summer time) is 19:00 UTC
  assert.match(unfolded, /\r\nDTEND:20300714T213000Z\r\n/);
  assert.match(unfolded, /\r\nSUMMARY:Jazz\\, blues\\; et soul \\\\ live\r\n/);
  assert.match(unfolded, new RegExp(`\\r\\nUID:creneau-${slot}@[^\\r]+\\r\\n`));
  assert.match(unfolded, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  assert.match(unfolded, /\r\nLOCATION:Le Préambule/);
  assert.match(unfolded, /placement est libre dans toute la salle du Préambule\./);
  // The calendar is named; the event has a SEQUENCE. Cancelled, the same UID comes back with a
  // greater SEQUENCE and STATUS:CANCELLED, so a calendar that imported it replaces its copy.
  assert.match(unfolded, /\r\nNAME:Sortie — Jazz\\, blues\\; et soul \\\\ live\r\n/);
  assert.match(unfolded, /\r\nX-WR-CALNAME:Sortie — Jazz/);
  const sequence = Number(unfolded.match(/\r\nSEQUENCE:(\d+)\r\n/)?.[1]);
  assert.ok(sequence > 0, unfolded);
  assert.match(unfolded, /\r\nSTATUS:CONFIRMED\r\n/);
  await c.get(`/sorties/creneaux/${slot}/annuler`);
  // The next second, so that the modification time (seconds) moves.
  await clockPasses(0);
  assert.equal((await c.post(`/sorties/creneaux/${slot}/annuler`, { reason: 'Concert reporté', _submission: c.submission })).status, 303);
  const cancelled = (await referent.get(`/sorties/creneaux/${slot}.ics`)).text.replace(/\r\n /g, '');
  assert.match(cancelled, new RegExp(`\\r\\nUID:creneau-${slot}@[^\\r]+\\r\\n`));
  assert.match(cancelled, /\r\nSTATUS:CANCELLED\r\n/);
  assert.ok(Number(cancelled.match(/\r\nSEQUENCE:(\d+)\r\n/)?.[1]) > sequence, cancelled);
  assert.equal((await referent.get('/sorties/creneaux/999999.ics')).status, 404);
  assert.equal((await referent.get('/sorties/creneaux/abc.ics')).status, 404);
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(`/sorties/creneaux/${slot}.ics`)).status, 303);
});

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(client, id, bytes, type = 'image/png') {
  await client.get(`/sorties/offres/${id}`);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('image', new Blob([bytes], { type }), 'image.png');
  return (await client.request('POST', `/sorties/offres/${id}/image`, { body: form })).status;
}

test('an offer picture is checked by its bytes and size, and served with an ETag', async () => {
  const staff = await as('partner_staff');
  const id = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Avec affiche', category: 'live_show' });
  assert.equal(await upload(staff, id, Buffer.from('<svg onload="alert(1)"/>')), 303);
  let page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /n&apos;est pas une image PNG, JPEG ou WebP/);
  assert.equal(await upload(staff, id, Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)])), 303);
  page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /L&apos;image dépasse 10 Mio/);
  assert.equal((await staff.get(`/sorties/offres/${id}/image`)).status, 404);
  assert.equal(await upload(staff, id, PNG, 'application/octet-stream'), 303);
  page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /Image enregistrée\./);
  const src = page.text.match(/<img src="([^"]+)" alt="" class="offer-image"/)[1].replace(/&amp;/g, '&');
  const image = await fetch(server.url + src, { headers: { cookie: staff.cookieHeader() } });
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');
  // Written again (issue 14): still a 1×1 PNG with its transparency, not necessarily the same bytes.
  assert.deepEqual(pictureInfo(Buffer.from(await image.arrayBuffer())), { type: 'image/png', width: 1, height: 1, alpha: true });
  const etag = image.headers.get('etag');
  assert.ok(etag);
  const cached = await fetch(server.url + src, { headers: { cookie: staff.cookieHeader(), 'if-none-match': etag } });
  assert.equal(cached.status, 304);
  // Another venue's staff cannot change it (a draft of another venue is not found, like a missing id);
  // a referent cannot see a draft's picture.
  const coordinatorOffer = await createOffer(await as('coordinator'), { venue: venues['Le Préambule'], title: 'Autre lieu', category: 'concert' });
  assert.equal(await upload(staff, coordinatorOffer, PNG), 404);
  assert.equal((await (await as('referent')).get(`/sorties/offres/${id}/image`)).status, 404);
});

async function served(client, id) {
  const page = await client.get(`/sorties/offres/${id}`);
  const src = page.text.match(/<img src="([^"]+)" alt="" class="offer-image"/)?.[1]?.replace(/&amp;/g, '&');
  if (!src) return null;
  const res = await fetch(server.url + src, { headers: { cookie: client.cookieHeader() } });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, type: res.headers.get('content-type'), info: pictureInfo(bytes) };
}

test('a large picture is shrunk into 1600 × 1600; a broken or oversized one is refused and nothing changes', async () => {
  const staff = await as('partner_staff');
  const id = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Grande affiche', category: 'live_show' });
  // 2400 × 1800, opaque: kept as JPEG (or PNG when smaller) of 1600 × 1200, never larger.
  const big = png(2400, 1800);
  assert.equal(await upload(staff, id, big), 303);
  let page = await staff.get(`/sorties/offres/${id}`);
  assert.match(page.text, /Image enregistrée\./);
  const first = await served(staff, id);
  assert.equal(first.type, first.info.type);
  assert.equal(first.info.width, 1600);
  assert.equal(first.info.height, 1200);
  if (first.info.type === 'image/jpeg') assert.equal(first.info.app1, false);
  // A portrait picture with transparency stays a PNG with alpha, in the box.
  const portrait = png(900, 2000, { alpha: true, paint: (x, y) => [200, 30, 30, x < 450 ? 0 : 255] });
  assert.equal(await upload(staff, id, portrait), 303);
  const second = await served(staff, id);
  assert.deepEqual(second.info, { type: 'image/png', width: 720, height: 1600, alpha: true });
  // Broken: the first half of a PNG; a bomb: a header declaring 20 000 × 20 000 pixels.
  for (const [bytes, message] of [
    [big.subarray(0, big.length >> 1), /Cette image est endommagée ou incomplète : elle n&apos;a pas pu être lue\. Rien n&apos;a été enregistré\./],
    [pngHeaderOnly(20000, 20000), /Cette image est trop grande \(plus de 40 millions de pixels\) : rien n&apos;a été enregistré\./],
    [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]), /Cette image est endommagée ou incomplète/],
  ]) {
    assert.equal(await upload(staff, id, bytes), 303);
    page = await staff.get(`/sorties/offres/${id}`);
    assert.match(page.text, message);
    assert.deepEqual((await served(staff, id)).bytes, second.bytes, 'the picture kept is unchanged');
  }
});

// The catalogue's cards (issue 14): a 640 × 360 rendition of the picture (its centred 16:9 part), made
// at upload and served by its own route with the picture's rules; the offer page keeps the large one.
test('a catalogue card shows a light 640 × 360 rendition of the picture, with its size and lazy loading', async () => {
  const staff = await as('partner_staff');
  const referent = await as('referent');
  const id = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Vignette légère', category: 'live_show' });
  // Waves a few tens of pixels long, like a photograph's details, 2400 × 1800 (4:3, opaque).
  const T = 2 * Math.PI;
  const paint = (x, y) => [128 + 100 * Math.sin(T * x / 36) * Math.cos(T * y / 52) | 0, 128 + 100 * Math.sin(T * (x + y) / 68) | 0,
    128 + 60 * Math.sin(T * y / 40) | 0, 255];
  assert.equal(await upload(staff, id, png(2400, 1800, { paint })), 303);
  const fetchAs = (client, path, headers = {}) => fetch(server.url + path, { headers: { cookie: client.cookieHeader(), ...headers } });
  const picture = Buffer.from(await (await fetchAs(staff, `/sorties/offres/${id}/image`)).arrayBuffer());
  assert.deepEqual(pictureInfo(picture).width, 1600);
  const res = await fetchAs(staff, `/sorties/offres/${id}/vignette`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.match(res.headers.get('cache-control'), /^private, max-age=\d+$/);
  const card = Buffer.from(await res.arrayBuffer());
  assert.deepEqual(pictureInfo(card), { type: 'image/jpeg', width: 640, height: 360, alpha: false, app1: false });
  assert.ok(card.length * 4 < picture.length, `card ${card.length} bytes, picture ${picture.length} bytes`);
  const etag = res.headers.get('etag');
  assert.equal((await fetchAs(staff, `/sorties/offres/${id}/vignette`, { 'if-none-match': etag })).status, 304);
  // A draft: the same answers as its picture (404 for a referent, the login page for nobody signed in).
  for (const path of [`/sorties/offres/${id}/image`, `/sorties/offres/${id}/vignette`]) {
    assert.equal((await referent.get(path)).status, 404, path);
    assert.equal((await new Client(server.url).get(path)).status, 303, path);
  }
  assert.equal((await referent.get('/sorties/offres/999999/vignette')).status, 404);
  // Published: the catalogue's card takes the rendition, with its size (no layout shift) and lazy loading;
  // the offer page keeps the large picture.
  assert.equal((await addSlot(staff, id, { starts: local(15, 19, 0), capacity: '6' })).status, 303);
  await publish(staff, id);
  const found = await catalogue(referent, '?q=vignette');
  assert.deepEqual(found.titles, ['Vignette légère']);
  const img = found.text.match(/<img src="([^"]+)" alt="" class="offer-thumb"[^>]*>/);
  assert.ok(img, 'the card has a picture');
  assert.match(img[1], new RegExp(`^/sorties/offres/${id}/vignette\\?v=\\d+$`));
  for (const attribute of ['width="640"', 'height="360"', 'loading="lazy"', 'decoding="async"']) assert.ok(img[0].includes(attribute), attribute);
  assert.deepEqual(pictureInfo(Buffer.from(await (await fetchAs(referent, img[1].replace(/&amp;/g, '&'))).arrayBuffer())).width, 640);
  const page = await referent.get(`/sorties/offres/${id}`);
  assert.match(page.text, new RegExp(`<img src="/sorties/offres/${id}/image\\?v=\\d+" alt="" class="offer-image"`));
  // A picture with transparency: a PNG card with alpha.
  assert.equal(await upload(staff, id, png(1200, 1200, { alpha: true, paint: (x) => [30, 90, 200, x < 600 ? 0 : 255] })), 303);
  assert.deepEqual(pictureInfo(Buffer.from(await (await fetchAs(referent, `/sorties/offres/${id}/vignette`)).arrayBuffer())),
    { type: 'image/png', width: 640, height: 360, alpha: true });
  // A picture stored before the cards existed: its card is made on first request, then kept.
  querySql(server.database, `UPDATE outing_offers SET card_type = '' WHERE id = ${id}`);
  const lazy = await fetchAs(referent, `/sorties/offres/${id}/vignette`);
  assert.equal(lazy.status, 200);
  assert.deepEqual(pictureInfo(Buffer.from(await lazy.arrayBuffer())), { type: 'image/png', width: 640, height: 360, alpha: true });
  assert.equal(querySql(server.database, `SELECT card_type FROM outing_offers WHERE id = ${id}`), 'image/png');
  // An offer without a picture has no card (404), like its picture.
  const bare = await createOffer(staff, { venue: venues['Théâtre Quartier Libre'], title: 'Sans image', category: 'live_show' });
  assert.equal((await staff.get(`/sorties/offres/${bare}/vignette`)).status, 404);
});

test('a slot cannot be given fewer places than those already booked', async () => {
  const c = await as('coordinator');
  // The bookings demo books places on a few demo slots: take one that has bookings.
  let slot = 0;
  let capacity = 0;
  let left = 0;
  for (let i = 1; i <= 13 && !slot; i += 1) {
    const page = await c.get(`/sorties/creneaux/${i}`);
    const m = page.text.match(/id="places-left">(\d+) places? restantes? sur (\d+)/);
    if (m && Number(m[1]) < Number(m[2])) [slot, left, capacity] = [i, Number(m[1]), Number(m[2])];
  }
  assert.ok(slot, 'a demo slot holds bookings');
  const booked = capacity - left;
  const edit = await c.get(`/sorties/creneaux/${slot}/modifier`);
  const value = (name) => edit.text.match(new RegExp(`name="${name}" type="datetime-local"[^>]*value="([^"]*)"`))[1];
  const allocation = edit.text.match(/<option value="(\d+)" selected>/)?.[1] || '';
  const fields = { starts: value('starts'), ends: value('ends'), opens: value('opens'), closes: value('closes'),
    cancel_until: value('cancel_until'), mode: 'first_come', allocation };
  let res = await c.post(`/sorties/creneaux/${slot}`, { ...fields, capacity: String(booked - 1) });
  assert.equal(res.status, 422);
  assert.equal(alertOf(res.text), 'Le nombre de places ne peut pas être inférieur aux places déjà réservées.');
  assert.match((await c.get(`/sorties/creneaux/${slot}`)).text, new RegExp(`${left} places? restantes? sur ${capacity}`));
  res = await c.post(`/sorties/creneaux/${slot}`, { ...fields, capacity: String(booked) });
  assert.equal(res.status, 303, alertOf(res.text));
  assert.match((await c.get(`/sorties/creneaux/${slot}`)).text, new RegExp(`0 places? restantes? sur ${booked}`));
});

test('quotes published with consent appear on the offer page', async () => {
  const { beginOuting, book, createBeneficiary, publishSlot, signIn, unique } = await import('../bookings_fixtures.mjs');
  const referent = await signIn(server, DEMO.referent);
  const coordinator = await signIn(server, DEMO.coordinator);
  const title = unique('Soirée contes');
  const slot = await publishSlot(server, { capacity: 5, startsIn: 3600, title });
  const offer = (await referent.get(`/sorties/creneaux/${slot}`)).text.match(/<p><a href="\/sorties\/offres\/(\d+)">/)[1];
  const person = await createBeneficiary(referent);
  const booked = await book(referent, slot, person.id);
  assert.equal(booked.status, 303);
  const booking = booked.location.match(/\/sorties\/reservations\/(\d+)/)[1];
  assert.doesNotMatch((await referent.get(`/sorties/offres/${offer}`)).text, /Ils en parlent/);
  // Once the outing is over: present, a quote shared with consent, published by the coordinator.
  beginOuting(server, slot);
  assert.match((await referent.get(`/sorties/reservations/${booking}`)).text, /name="mark"/, 'the attendance form');
  assert.equal((await referent.post(`/sorties/reservations/${booking}/presence`, { mark: 'present', _submission: unique('s') })).status, 303);
  await referent.get(`/sorties/reservations/${booking}/avis`);
  const feedback = await referent.post(`/sorties/reservations/${booking}/avis`,
    { reaction: 'liked', quote: 'Des histoires qui font voyager, merci !', consent: '1', _submission: unique('s') });
  assert.equal(feedback.status, 303);
  assert.doesNotMatch((await referent.get(`/sorties/offres/${offer}`)).text, /Des histoires qui font voyager/);
  await coordinator.get('/sorties/temoignages');
  assert.equal((await coordinator.post(`/sorties/temoignages/${booking}`, { publish: '1', _submission: unique('s') })).status, 303);
  const page = await referent.get(`/sorties/offres/${offer}`);
  assert.match(page.text, /<h2 id="quotes-title">Ils en parlent<\/h2>/);
  assert.match(page.text, /« Des histoires qui font voyager, merci ! »<\/p><footer>A aimé<\/footer>/);
});

// The values a form page would send as it stands (inputs, checked boxes, selected options, text areas).
async function formValues(c, path) {
  const page = await c.get(path);
  assert.equal(page.status, 200);
  const values = {};
  for (const [tag] of page.text.matchAll(/<input\b[^>]*>/g)) {
    const name = tag.match(/\bname="([^"]+)"/)?.[1];
    if (!name || name.startsWith('_') || /type="(file|submit)"/.test(tag)) continue;
    if (/type="(checkbox|radio)"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    values[name] = decode(tag.match(/\bvalue="([^"]*)"/)?.[1] ?? '');
  }
  for (const m of page.text.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) values[m[1]] = decode(m[2]);
  for (const m of page.text.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = m[2].match(/<option value="([^"]*)"[^>]*\bselected\b/);
    if (selected) values[m[1]] = decode(selected[1]);
  }
  return values;
}

test('a venue renamed in the directory is found in the catalogue by its new name at once', async () => {
  const coordinator = await as('coordinator');
  const venue = venues['Le Préambule'];
  const offer = await createOffer(coordinator, { venue, title: 'Concert de la rentrée', category: 'concert' });
  assert.equal((await addSlot(coordinator, offer, { starts: local(12) })).status, 303);
  await publish(coordinator, offer);
  const referent = await as('referent');
  assert.ok((await catalogue(referent, '?q=rentree+preambule')).titles.includes('Concert de la rentrée'));
  // Every word, in any order, from the offer or its venue.
  assert.ok((await catalogue(referent, '?q=Pr%C3%A9ambule+concert+RENTREE')).titles.includes('Concert de la rentrée'));
  assert.ok(!(await catalogue(referent, '?q=preambule+rentree+scapin')).titles.includes('Concert de la rentrée'));

  const admin = await as('administrator');
  const fields = await formValues(admin, `/admin/organisations/${venue}`);
  assert.equal(fields.name, 'Le Préambule');
  let res = await admin.post(`/admin/organisations/${venue}`, { ...fields, name: 'Salle Horizon' });
  assert.equal(res.status, 303);
  assert.ok((await catalogue(referent, '?q=horizon')).titles.includes('Concert de la rentrée'));
  // (A search already made may be served from the catalogue's 2-second cache: new searches here.)
  assert.ok(!(await catalogue(referent, '?q=preambule')).titles.includes('Concert de la rentrée'));
  res = await admin.post(`/admin/organisations/${venue}`, fields);
  assert.equal(res.status, 303);
  assert.ok((await catalogue(referent, '?q=rentree+le+preambule')).titles.includes('Concert de la rentrée'));
});

test('an unpublished offer of another venue answers 404 like a missing one, on its pages and its POSTs, which change nothing', async () => {
  const coordinator = await as('coordinator');
  const staff = await as('partner_staff');  // Théâtre Quartier Libre's staff
  // A draft of another venue, with a slot: invisible to the theatre's staff.
  const id = await createOffer(coordinator, { venue: venues['Le Préambule'], title: 'Brouillon du Préambule', category: 'concert' });
  assert.equal((await addSlot(coordinator, id, { starts: local(20), capacity: '8' })).status, 303);
  const slot = (await coordinator.get(`/sorties/offres/${id}`)).text.match(/href="\/sorties\/creneaux\/(\d+)"/)[1];
  const state = async () => {
    const page = await coordinator.get(`/sorties/offres/${id}`);
    const slotPage = await coordinator.get(`/sorties/creneaux/${slot}/modifier`);
    const slots = new Set([...page.text.matchAll(/href="\/sorties\/creneaux\/(\d+)"/g)].map((m) => m[1]));
    return [page.text.match(/<h1>([^<]*)<\/h1>/)[1], /Brouillon/.test(page.text),
      slotPage.text.match(/name="capacity"[^>]*value="(\d+)"/)?.[1], slots.size];
  };
  const before = await state();
  assert.deepEqual(before, ['Brouillon du Préambule', true, '8', 1]);
  for (const path of [`/sorties/offres/${id}`, `/sorties/offres/${id}/modifier`, `/sorties/offres/${id}/creneaux/nouveau`,
    `/sorties/creneaux/${slot}`, `/sorties/creneaux/${slot}/modifier`]) {
    assert.equal((await staff.get(path)).status, 404, `GET ${path}`);
  }
  await staff.get('/sorties/offres/nouvelle');
  for (const [path, fields] of [
    [`/sorties/offres/${id}`, { venue: venues['Théâtre Quartier Libre'], title: 'Détourné', category: 'concert', audience: 'all' }],
    [`/sorties/offres/${id}/statut`, { status: 'published' }],
    [`/sorties/offres/${id}/image`, {}],
    [`/sorties/offres/${id}/creneaux`, { starts: local(30), capacity: '5', mode: 'first_come' }],
    [`/sorties/creneaux/${slot}`, { starts: local(20), capacity: '99', mode: 'first_come' }]]) {
    assert.equal((await staff.post(path, { _submission: staff.submission, ...fields })).status, 404, `POST ${path}`);
  }
  assert.deepEqual(await state(), before);
  // Once published, the offer is seen: the same POSTs are refused (403), still changing nothing.
  await publish(coordinator, id);
  assert.equal((await staff.get(`/sorties/offres/${id}`)).status, 200);
  assert.equal((await staff.get(`/sorties/offres/${id}/modifier`)).status, 403);
  assert.equal((await staff.post(`/sorties/offres/${id}/statut`, { status: 'archived' })).status, 403);
  assert.equal((await staff.post(`/sorties/creneaux/${slot}`, { starts: local(20), capacity: '99', mode: 'first_come' })).status, 403);
  const after = await state();
  assert.equal(after[0], 'Brouillon du Préambule');
  assert.equal(after[2], '8');
});
