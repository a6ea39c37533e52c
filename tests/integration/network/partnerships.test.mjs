// Partnerships (/annuaire/partenariats): creation, validation errors in French, status transitions,
// the ethical charter, the history, permissions, the yearly target setting and the yearly count of
// new social-relay partnerships (global and per délégation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame, parisYear } from '../harness.mjs';

const BASE = '/annuaire/partenariats';
const FUTURE = `${parisYear() + 2}-01-01`;
let server;
const orgs = {};  // organisation name → id, from the creation form

before(async () => {
  server = await startTrame({ smtp: false });
  const c = new Client(server.url);
  await c.login(DEMO.administrator);
  // Every organisation of the directory, by name (its pages list 25 at a time).
  for (let page = 1; page < 10; page++) {
    const list = await c.get(`/annuaire?page=${page}`);
    assert.equal(list.status, 200);
    const found = [...list.text.matchAll(/<a href="\/annuaire\/structures\/(\d+)">([^<]+)<\/a>/g)];
    for (const m of found) orgs[m[2].replace(/&apos;/g, "'")] = m[1];
    if (found.length < 25) break;
  }
  assert.ok(orgs['Cultures du Cœur 94'] && orgs['Le Préambule']);
});
after(async () => { await server?.stop(); });

async function as(role) {
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  return c;
}

// Number of partnerships the list shows ("… — N résultats"), with an optional query string.
async function total(c, query = '') {
  const page = await c.get(`${BASE}${query}`);
  assert.equal(page.status, 200);
  const m = page.text.match(/— (\d+) résultats?\b/);
  return m ? Number(m[1]) : 0;
}

function yearly(text) {
  const m = text.match(/(\d+) nouveaux? partenariats? avec des relais sociaux en (\d{4}), pour un objectif de (\d+)\./);
  assert.ok(m, 'the yearly count is shown');
  const proposed = Number(text.match(/Partenariats proposés \(pas encore actifs\) débutant cette année : (\d+)/)[1]);
  return { count: Number(m[1]), year: Number(m[2]), target: Number(m[3]), proposed };
}

// Creates a partnership as the given client (already signed in, manager); returns its path.
async function create(c, fields) {
  await c.get(`${BASE}/nouveau`);
  const res = await c.post(BASE, { status: 'proposed', start_date: '2026-01-10', _submission: c.submission, ...fields });
  assert.equal(res.status, 303, `created: ${res.text.match(/role="alert">([^<]*)/)?.[1] || ''}`);
  assert.match(res.location, /^\/annuaire\/partenariats\/\d+$/);
  return res.location;
}

test('everyone signed in sees the list, the demo partnerships and the yearly target; anonymous is sent to log in', async () => {
  const anon = new Client(server.url);
  const denied = await anon.get(BASE);
  assert.equal(denied.status, 303);
  assert.match(denied.location, /^\/connexion/);

  const c = await as('volunteer');
  const page = await c.get(BASE);
  assert.equal(page.status, 200);
  assert.match(page.text, /Relais social de Vitry-sur-Seine \(fictif\)/);
  assert.match(page.text, /Charte signée le 15\/09\/2023/);
  assert.match(page.text, /pour un objectif de 20\./);
  assert.doesNotMatch(page.text, /href="\/annuaire\/partenariats\/nouveau"/);
  assert.doesNotMatch(page.text, /action="\/annuaire\/partenariats\/objectif"/);
  // Filters: status, kind, organisation name (accent- and case-insensitive).
  assert.equal(await total(c, '?statut=proposed&type=sport'), 1);
  assert.equal(await total(c, '?type=funder'), 2);
  assert.equal(await total(c, '?q=VITRY'), 1);
  assert.equal(await total(c, '?q=theatre+quartier'), 1);
  assert.equal(await total(c, '?q=introuvable'), 0);
  const show = await c.get(`${BASE}/1`);
  assert.equal(show.status, 200);
  assert.match(show.text, /Historique/);
  assert.doesNotMatch(show.text, /action="\/annuaire\/partenariats\/1\/statut"/);
  assert.equal((await c.get(`${BASE}/999999`)).status, 404);
});

test('a referent or an organisation member may only view: creating or changing is refused (403) and changes nothing', async () => {
  for (const role of ['referent', 'partner_staff', 'training_staff']) {
    const c = await as(role);
    const before = await total(c);
    await c.get(BASE);
    assert.equal((await c.get(`${BASE}/nouveau`)).status, 403, `${role} form`);
    const res = await c.post(BASE, { organisation: orgs['Cultures du Cœur 94'], partner: orgs['Le Préambule'],
      kind: 'cultural', status: 'active', start_date: '2026-02-01' });
    assert.equal(res.status, 403, `${role} create`);
    assert.equal((await c.post(`${BASE}/3/statut`, { status: 'active' })).status, 403);
    assert.equal((await c.post(`${BASE}/3/charte`, { charter_date: '2026-01-01' })).status, 403);
    assert.equal((await c.post(`${BASE}/3`, { start_date: '2020-01-01' })).status, 403);
    assert.equal((await c.post(`${BASE}/objectif`, { target: '1' })).status, 403);
    assert.equal(await total(c), before);
  }
  const show = await (await as('administrator')).get(`${BASE}/3`);
  assert.match(show.text, /<strong>Proposé<\/strong>/);
  assert.match(show.text, /pas encore signée/);
});

test('a coordinator creates a partnership; it shows its details and history, and the audit log records it', async () => {
  const c = await as('coordinator');
  const url = await create(c, {
    organisation: orgs['Département de Loire-Atlantique'], partner: orgs['Le Préambule'], kind: 'cultural',
    status: 'proposed', start_date: '2026-01-10', end_date: '2026-12-31',
    contact_name: 'Alex Exemple (fictif)', contact_email: 'alex@preambule.example', notes: 'Saison 2026 <b>test</b>',
  });
  const page = await c.get(url);
  assert.equal(page.status, 200);
  assert.match(page.text, /Partenariat créé\./);
  assert.match(page.text, /<h1 id="partnership-title">Département de Loire-Atlantique — Le Préambule<\/h1>/);
  assert.match(page.text, /Partenaire culturel — <strong>Proposé<\/strong>/);
  assert.match(page.text, /10\/01\/2026/);
  assert.match(page.text, /31\/12\/2026/);
  assert.match(page.text, /alex@preambule\.example/);
  assert.match(page.text, /Saison 2026 &lt;b&gt;test&lt;\/b&gt;/);
  assert.match(page.text, /<td>Coordinatrice Pays d&apos;Ancenis<\/td><td>Partenariat créé \(état : Proposé\)\.<\/td>/);
  assert.match(page.text, /Activer le partenariat/);
  assert.match(page.text, /Mettre fin au partenariat/);
  // Listed, and found by either organisation.
  assert.equal(await total(c, '?q=preambule'), 1);
  const id = url.split('/').pop();
  const admin = await as('administrator');
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /partnership\.created/);
  assert.match(journal.text, new RegExp(`partnership:${id}`));
});

test('bad input gets a clear French message (422) and nothing is saved', async () => {
  const c = await as('administrator');
  const before = await total(c);
  const good = {
    organisation: orgs['Cultures du Cœur 94'], partner: orgs['Club sportif de Champigny (fictif)'], kind: 'co_organiser',
    status: 'active', start_date: '2026-03-01',
  };
  const cases = [
    [{ organisation: '999999' }, /Choisissez la structure porteuse parmi les structures actives/],
    [{ partner: 'abc' }, /Choisissez la structure partenaire parmi les résultats de la recherche/],
    [{ partner: orgs['Cultures du Cœur 94'] }, /relie deux structures différentes/],
    [{ end_date: '2026-02-28' }, /La date de fin ne peut pas précéder la date de début\./],
    [{ start_date: '2026-02-30' }, /La date de début doit être une date valable/],
    [{ start_date: '' }, /Indiquez la date de début du partenariat\./],
    [{ end_date: '01/04/2026' }, /La date de fin doit être une date valable/],
    [{ kind: 'ami' }, /Choisissez un type de partenariat dans la liste\./],
    [{ status: 'suspendu' }, /Choisissez un état dans la liste/],
    [{ status: 'ended' }, /se crée à l&apos;état « proposé » ou « actif »/],
    [{ charter_date: FUTURE }, /ne peut pas être dans le futur/],
    [{ contact_email: 'pas-une-adresse' }, /adresse électronique valable pour la personne à contacter/],
    // The demo already has an open sport partnership between these two.
    [{ kind: 'sport' }, /Un partenariat de ce type, proposé ou actif, relie déjà ces deux structures\./],
  ];
  for (const [change, message] of cases) {
    await c.get(`${BASE}/nouveau`);
    const res = await c.post(BASE, { ...good, ...change, _submission: c.submission });
    assert.equal(res.status, 422, JSON.stringify(change));
    assert.match(res.text, message, JSON.stringify(change));
    assert.match(res.text, /role="alert"/);
    // The form is shown again with what was typed.
    if (change.contact_email) assert.match(res.text, /value="pas-une-adresse"/);
  }
  assert.equal(await total(c), before);
  // Without the CSRF token: 403, nothing created.
  const forged = await c.post(BASE, good, { csrf: false });
  assert.equal(forged.status, 403);
  assert.equal(await total(c), before);
});

test('status changes follow proposed → active → ended only, each recorded in the history', async () => {
  const c = await as('administrator');
  const url = await create(c, {
    organisation: orgs['Cultures du Cœur 94'], partner: orgs['Médiathèque d\'Ivry-sur-Seine (fictive)'],
    kind: 'co_organiser', status: 'proposed', start_date: '2026-02-01',
  });
  let page = await c.get(url);
  // Forbidden: back to proposed, or an unknown status.
  let res = await c.post(`${url}/statut`, { status: 'proposed', _submission: c.submission });
  assert.equal(res.status, 303);
  page = await c.get(url);
  assert.match(page.text, /Ce changement d&apos;état n&apos;est pas permis/);
  assert.match(page.text, /<strong>Proposé<\/strong>/);
  await c.post(`${url}/statut`, { status: 'suspendu' });
  page = await c.get(url);
  assert.match(page.text, /Choisissez un état dans la liste/);

  res = await c.post(`${url}/statut`, { status: 'active', note: 'Convention signée', _submission: c.submission });
  assert.equal(res.status, 303);
  assert.equal(res.location, url);
  page = await c.get(url);
  assert.match(page.text, /État du partenariat : Actif\./);
  assert.match(page.text, /<strong>Actif<\/strong>/);
  assert.doesNotMatch(page.text, /Activer le partenariat/);

  // Ending before the start date is refused; the partnership stays active.
  await c.post(`${url}/statut`, { status: 'ended', end_date: '2026-01-15', _submission: c.submission });
  page = await c.get(url);
  assert.match(page.text, /La date de fin ne peut pas précéder la date de début\./);
  assert.match(page.text, /<strong>Actif<\/strong>/);

  res = await c.post(`${url}/statut`, { status: 'ended', end_date: '2026-06-30', note: 'Fin de saison', _submission: c.submission });
  assert.equal(res.status, 303);
  page = await c.get(url);
  assert.match(page.text, /<strong>Terminé<\/strong>/);
  assert.match(page.text, /30\/06\/2026/);
  assert.doesNotMatch(page.text, /action="[^"]*\/statut"/);

  // Nothing leaves "ended".
  await c.post(`${url}/statut`, { status: 'active' });
  page = await c.get(url);
  assert.match(page.text, /n&apos;est pas permis/);
  assert.match(page.text, /<strong>Terminé<\/strong>/);

  // The history, newest first, with who and the comments.
  const history = page.text.slice(page.text.indexOf('id="history-title"'));
  const rows = [...history.matchAll(/<tr><td>[^<]+<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => m[2]);
  assert.deepEqual(rows, [
    'État : Actif → Terminé. Fin le 30/06/2026. — « Fin de saison »',
    'État : Proposé → Actif. — « Convention signée »',
    'Partenariat créé (état : Proposé).',
  ]);
  assert.match(history, /Administratrice Trame/);
  const journal = await (await as('administrator')).get('/admin/journal');
  assert.match(journal.text, /partnership\.status_changed/);
});

test('the ethical charter is recorded once, with its date and who recorded it, never in the future', async () => {
  const c = await as('coordinator');
  const url = await create(c, {
    organisation: orgs['Cultures du Cœur 94'], partner: orgs['Espace culturel Paul Guimard'], kind: 'social_relay',
    status: 'proposed', start_date: '2025-05-01',
  });
  let page = await c.get(url);
  assert.match(page.text, /La charte éthique n&apos;est pas encore signée\. Un relais social signe la charte/);
  await c.post(`${url}/charte`, { charter_date: FUTURE, _submission: c.submission });
  page = await c.get(url);
  assert.match(page.text, /ne peut pas être dans le futur/);
  await c.post(`${url}/charte`, { charter_date: 'hier' });
  page = await c.get(url);
  assert.match(page.text, /La date de signature de la charte doit être une date valable/);
  const res = await c.post(`${url}/charte`, { charter_date: '2025-05-20', _submission: c.submission });
  assert.equal(res.status, 303);
  page = await c.get(url);
  assert.match(page.text, /Signature de la charte enregistrée\./);
  assert.match(page.text, /Charte signée le 20\/05\/2025 — enregistrée par Coordinatrice Pays d&apos;Ancenis\./);
  assert.match(page.text, /Charte éthique signée le 20\/05\/2025\./);
  assert.doesNotMatch(page.text, /action="[^"]*\/charte"/);
  await c.post(`${url}/charte`, { charter_date: '2025-06-01' });
  page = await c.get(url);
  assert.match(page.text, /déjà enregistrée/);
  assert.match(page.text, /Charte signée le 20\/05\/2025/);
});

test('details are edited with the same date checks, and the history lists what changed', async () => {
  const c = await as('administrator');
  const url = await create(c, {
    organisation: orgs['Fondation David Hadida'], partner: orgs['Sagiterre'], kind: 'funder', start_date: '2026-01-01',
  });
  await c.get(url);
  await c.post(url, { start_date: '2026-05-01', end_date: '2026-04-01', contact_name: 'X' });
  let page = await c.get(url);
  assert.match(page.text, /La date de fin ne peut pas précéder la date de début\./);
  assert.match(page.text, /01\/01\/2026/);
  assert.doesNotMatch(page.text, /value="X"/);
  const res = await c.post(url, { start_date: '2026-01-01', end_date: '2026-12-31', contact_name: 'Sam Exemple (fictif)',
    contact_email: '', notes: '', _submission: c.submission });
  assert.equal(res.status, 303);
  page = await c.get(url);
  assert.match(page.text, /Partenariat mis à jour\./);
  assert.match(page.text, /Sam Exemple \(fictif\)/);
  assert.match(page.text, /Modifié : date de fin, personne à contacter\./);
  assert.equal((await c.post(`${BASE}/999999`, { start_date: '2026-01-01' })).status, 404);
});

test('the yearly target is an administrators\' setting; the list counts this year\'s new social-relay partnerships', async () => {
  const admin = await as('administrator');
  let page = await admin.get(BASE);
  assert.match(page.text, /action="\/annuaire\/partenariats\/objectif"/);
  const start = yearly(page.text);
  assert.equal(start.target, 20);
  const year = start.year;

  // Set the target; bad values are refused and change nothing; a coordinator may not set it.
  let res = await admin.post(`${BASE}/objectif`, { target: '25', _submission: admin.submission });
  assert.equal(res.status, 303);
  page = await admin.get(BASE);
  assert.match(page.text, /Objectif annuel enregistré\./);
  assert.equal(yearly(page.text).target, 25);
  for (const bad of ['abc', '-3', '20000', '']) {
    await admin.post(`${BASE}/objectif`, { target: bad });
    page = await admin.get(BASE);
    assert.match(page.text, /L&apos;objectif annuel doit être un nombre entier/);
    assert.equal(yearly(page.text).target, 25);
  }
  const coordinator = await as('coordinator');
  await coordinator.get(BASE);
  assert.equal((await coordinator.post(`${BASE}/objectif`, { target: '1' })).status, 403);
  assert.doesNotMatch((await coordinator.get(BASE)).text, /action="\/annuaire\/partenariats\/objectif"/);
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /partnerships\.target_changed/);

  // Counted: social relay, started this year, active or ended. Not counted: proposals (shown
  // apart), other kinds, other years.
  const relay = orgs["Service solidarité et développement local — Délégation Pays d'Ancenis"];
  await create(coordinator, { organisation: orgs['Département de Loire-Atlantique'], partner: relay,
    kind: 'social_relay', status: 'active', start_date: `${year}-02-01` });
  await create(coordinator, { organisation: orgs['Cultures du Cœur 94'], partner: relay,
    kind: 'social_relay', status: 'proposed', start_date: `${year}-03-01` });
  await create(coordinator, { organisation: orgs['Sagiterre'], partner: relay,
    kind: 'social_relay', status: 'active', start_date: `${year - 1}-12-31` });
  await create(coordinator, { organisation: orgs['Sagiterre'], partner: relay,
    kind: 'cultural', status: 'active', start_date: `${year}-04-01` });
  page = await coordinator.get(BASE);
  let now = yearly(page.text);
  assert.equal(now.count, start.count + 1);
  assert.equal(now.proposed, start.proposed + 1);
  assert.match(page.text, new RegExp(`${now.count} nouveaux? partenariats? avec des relais sociaux en ${year}, pour un objectif de 25\\.`));
  assert.match(page.text, new RegExp(`Encore ${25 - now.count} pour atteindre l&apos;objectif\\.`));
  // Per délégation of the relais (Ancenis → Délégation Pays d'Ancenis).
  const table = page.text.slice(page.text.indexOf('id="target-delegations"'));
  assert.match(table, /<a href="\/territoires\/delegations\/\d+">Délégation Pays d&apos;Ancenis<\/a><\/td><td>\d+<\/td>/);

  // Activating the proposal moves it into the count.
  const proposals = await coordinator.get(`${BASE}?statut=proposed&type=social_relay&q=solidarite`);
  const url = proposals.text.match(/<a href="(\/annuaire\/partenariats\/\d+)">Cultures du Cœur 94/)[1];
  await coordinator.get(url);
  res = await coordinator.post(`${url}/statut`, { status: 'active', _submission: coordinator.submission });
  assert.equal(res.status, 303);
  now = yearly((await coordinator.get(BASE)).text);
  assert.equal(now.count, start.count + 2);
  assert.equal(now.proposed, start.proposed);
});
