// A network of branches (issue 19; docs/outings.md « Antennes », docs/scopes.md): the head office creates
// branches and puts organisations and coordinators in them; a branch coordinator sees and changes only its
// branch's organisations and offers; a relais books only offers given to its branch (the refusal names
// both branches and changes nothing); a branch's booking rules override the instance's for its relais only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import {
  PASSWORD, leaveDemoBranches, addUser, book, createBeneficiary, flashError, networkWideCoordinator, organisationIds, publishSlot, signIn,
  unique,
} from '../bookings_fixtures.mjs';

let server;
let admin;
let referent;
let orgs;
let b94 = 0;
let b44 = 0;
let branchCoordinator;

const q = (sql) => querySql(server.database, sql);
const num = (sql) => Number(q(sql));
const branchOf = (id) => q(`SELECT CAST(COALESCE(branch_id, 0) AS TEXT) FROM organisations WHERE id = ${id}`);
const countBranches = () => num('SELECT CAST(COUNT(*) AS TEXT) FROM network_branches');
const text = (res) => flashError(res.text).replace(/&apos;/g, "'");

async function post(c, page, url, fields) {
  await c.get(page);
  return c.post(url, { ...fields, _submission: unique('s') });
}

const VENUE_44 = 'Théâtre Quartier Libre';
const VENUE_94 = "Médiathèque d'Ivry-sur-Seine (fictive)";
const VENUE_NONE = 'Espace culturel Paul Guimard';
const RELAIS_94 = 'Cultures du Cœur 94';

before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);  // the head office
  admin = await signIn(server, DEMO.administrator);
  await leaveDemoBranches(server, admin);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(admin, [VENUE_44, VENUE_94, VENUE_NONE, RELAIS_94]);
});
after(async () => { await server?.stop(); });

test('the head office creates branches and puts organisations in them; bad input changes nothing', async () => {
  const base = { zone: 'C', organisation: '0', status: 'active' };
  let res = await post(admin, '/reseau/antennes/nouvelle', '/reseau/antennes',
    { ...base, name: 'Antenne test 94', departement: '94', organisation: orgs[RELAIS_94] });
  assert.equal(res.status, 303, text(res));
  b94 = Number(res.location.match(/\/reseau\/antennes\/(\d+)$/)[1]);
  res = await post(admin, '/reseau/antennes/nouvelle', '/reseau/antennes',
    { ...base, name: 'Antenne test 44', departement: '44', zone: 'B' });
  assert.equal(res.status, 303, text(res));
  b44 = Number(res.location.match(/\/reseau\/antennes\/(\d+)$/)[1]);
  assert.equal(q(`SELECT school_zone FROM network_branches WHERE id = ${b44}`), 'B');

  const n = countBranches();
  for (const [bad, message] of [
    [{ departement: '9X' }, /code de département valide/],
    [{ zone: 'D' }, /zone scolaire A, B ou C/],
    [{ name: '  ' }, /nom de l.antenne/],
    [{ name: 'Antenne test 94' }, /Une antenne porte déjà ce nom/],
  ]) {
    res = await post(admin, '/reseau/antennes/nouvelle', '/reseau/antennes',
      { ...base, name: 'Antenne refusée', departement: '44', ...bad });
    assert.equal(res.status, 422, JSON.stringify(bad));
    assert.match(res.text.replace(/&apos;/g, "'"), message);
  }
  assert.equal(countBranches(), n);

  for (const [branch, name] of [[b94, RELAIS_94], [b94, VENUE_94], [b44, VENUE_44]]) {
    res = await post(admin, `/reseau/antennes/${branch}`, `/reseau/antennes/${branch}/structures`, { organisation: orgs[name] });
    assert.equal(res.status, 303, text(res));
    assert.equal(branchOf(orgs[name]), String(branch));
  }
  // An organisation belongs to one branch at most: moving it silently is refused.
  res = await post(admin, `/reseau/antennes/${b94}`, `/reseau/antennes/${b94}/structures`, { organisation: orgs[VENUE_44] });
  assert.equal(res.status, 303);
  assert.match((await admin.get(res.location)).text.replace(/&apos;/g, "'"), /appartient déjà à une autre antenne/);
  assert.equal(branchOf(orgs[VENUE_44]), String(b44));

  const page = await admin.get(`/reseau/antennes/${b94}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Antenne test 94/);
  assert.match(page.text, /Zone C/);
  const list = await admin.get('/reseau/antennes');
  assert.match(list.text, /Antenne test 94/);
  assert.match(list.text, /Antenne test 44/);
});

test('a branch coordinator sees and changes only its branch; the head office sees every branch', async () => {
  const email = `${unique('antenne94')}@trame.local`;
  addUser(server, email, 'coordinator', orgs[RELAIS_94]);
  const membership = num(`SELECT CAST(m.id AS TEXT) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email}'`);
  let res = await post(admin, `/reseau/antennes/${b94}`, `/reseau/antennes/${b94}/coordinations`, { membership: String(membership) });
  assert.equal(res.status, 303, text(res));
  assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM memberships WHERE id = ${membership}`), String(b94));
  branchCoordinator = await signIn(server, email, PASSWORD);
  const c = branchCoordinator;

  // The branches: its own only, read-only.
  const list = await c.get('/reseau/antennes');
  assert.equal(list.status, 200);
  assert.match(list.text, /Antenne test 94/);
  assert.doesNotMatch(list.text, /Antenne test 44/);
  assert.equal((await c.get(`/reseau/antennes/${b44}`)).status, 404);
  const own = await c.get(`/reseau/antennes/${b94}`);
  assert.equal(own.status, 200);
  assert.doesNotMatch(own.text, /action="\/reseau\/antennes\/\d+\/structures"/);
  const n = countBranches();
  res = await post(c, '/reseau/antennes', '/reseau/antennes', { name: 'Antenne pirate', departement: '44', zone: 'B', organisation: '0', status: 'active' });
  assert.equal(res.status, 403);
  assert.equal(countBranches(), n);
  res = await post(c, `/reseau/antennes/${b94}`, `/reseau/antennes/${b44}`, { name: 'Renommée', departement: '44', zone: 'B', organisation: '0', status: 'active' });
  assert.equal(res.status, 404);
  assert.equal(q(`SELECT name FROM network_branches WHERE id = ${b44}`), 'Antenne test 44');
  res = await post(c, `/reseau/antennes/${b94}`, `/reseau/antennes/${b94}/structures`, { organisation: orgs[VENUE_NONE] });
  assert.equal(res.status, 403);
  assert.equal(branchOf(orgs[VENUE_NONE]), '0');
  res = await post(c, `/reseau/antennes/${b94}`, `/reseau/antennes/${b44}/structures/${orgs[VENUE_44]}/retirer`, {});
  assert.equal(res.status, 404);
  assert.equal(branchOf(orgs[VENUE_44]), String(b44));

  // Organisations: another branch's venue is neither shown for editing nor changed; its own branch's is.
  assert.equal((await c.get(`/admin/organisations/${orgs[VENUE_44]}`)).status, 403);
  const name44 = q(`SELECT name FROM organisations WHERE id = ${orgs[VENUE_44]}`);
  res = await post(c, '/annuaire', `/admin/organisations/${orgs[VENUE_44]}`, { name: 'Théâtre renommé', kind: 'cultural', commune: '' });
  assert.equal(res.status, 403);
  assert.equal(q(`SELECT name FROM organisations WHERE id = ${orgs[VENUE_44]}`), name44);
  assert.equal((await c.get(`/admin/organisations/${orgs[VENUE_94]}`)).status, 200);

  // Offers: not at another branch's venue; at its own branch's, given to its branch.
  const offers = () => num('SELECT CAST(COUNT(*) AS TEXT) FROM outing_offers');
  const offer = { title: 'Offre d’antenne (test)', category: 'live_show', description: 'Une sortie pour les tests.',
    audience: 'all', language: 'fr', getting_there: 'Bus 12', at_the_door: 'Donnez le code' };
  const before = offers();
  res = await post(c, '/sorties/offres/nouvelle', '/sorties/offres', { ...offer, venue: orgs[VENUE_44] });
  assert.ok([403, 404, 422].includes(res.status), `refused: ${res.status}`);
  assert.equal(offers(), before);
  res = await post(c, '/sorties/offres/nouvelle', '/sorties/offres', { ...offer, venue: orgs[VENUE_94] });
  assert.equal(res.status, 303, text(res));
  const offerId = Number(res.location.match(/\/sorties\/offres\/(\d+)/)[1]);
  assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM outing_offer_branches WHERE offer_id = ${offerId}`), String(b94));
  // The list of its offers (issue 22, session 17: the branch's venues are a subquery, not a list of ids): the
  // offer at its branch's venue, none at another branch's, and as many as its venues hold.
  const listed = await c.get('/sorties/offres');
  assert.equal(listed.status, 200);
  assert.match(listed.text, new RegExp(`href="/sorties/offres/${offerId}"`));
  for (const id of q(`SELECT CAST(id AS TEXT) FROM outing_offers WHERE venue_id = ${orgs[VENUE_44]}`).split('\n').filter(Boolean))
    assert.doesNotMatch(listed.text, new RegExp(`href="/sorties/offres/${id}"`));
  const mine = num(`SELECT CAST(COUNT(*) AS TEXT) FROM outing_offers WHERE venue_id IN (SELECT id FROM organisations WHERE branch_id = ${b94}) OR venue_id = ${orgs[RELAIS_94]}`);
  assert.equal((listed.text.match(/href="\/sorties\/offres\/\d+"/g) ?? []).length, Math.min(mine, 25));

  // The head office (a coordinator without délégation nor branch) sees every branch.
  const head = await signIn(server, DEMO.coordinator);
  assert.equal((await head.get(`/reseau/antennes/${b44}`)).status, 200);
  assert.equal((await head.get(`/admin/organisations/${orgs[VENUE_44]}`)).status, 200);
});

test('a relais books only offers given to its branch: refused naming both branches, nothing changed', async () => {
  const slot = await publishSlot(server, { venue: VENUE_44, title: 'Offre de l’antenne 44 (test)' });
  const offer = num(`SELECT CAST(offer_id AS TEXT) FROM outing_slots WHERE id = ${slot}`);
  assert.equal(q(`SELECT CAST(branch_id AS TEXT) FROM outing_offer_branches WHERE offer_id = ${offer}`), String(b44));
  // The referent's catalogue shows only offers open to its relais' branch (each query a fresh one: the
  // catalogue keeps a page a moment per filter).
  const listed = async (query) => (await referent.get(`/sorties?places=1&q=${encodeURIComponent(query)}`)).text
    .includes('Offre de l’antenne 44 (test)');
  assert.equal(await listed('antenne'), false);
  const ben = await createBeneficiary(referent);
  const rows = () => q(`SELECT CAST(COUNT(*) AS TEXT) || ' ' || CAST((SELECT booked FROM outing_slots WHERE id = ${slot}) AS TEXT) FROM bookings WHERE slot_id = ${slot}`);
  const beforeRows = rows();
  let res = await book(referent, slot, ben.id);
  assert.equal(res.status, 422);
  assert.equal(text(res), "Cette offre est réservée à l'antenne Antenne test 44 : la structure relève de l'antenne Antenne test 94. Rien n'a été réservé.");
  assert.equal(rows(), beforeRows);

  // Given to both branches (the head office ticks the other one on the offer form): booked.
  await admin.get(`/sorties/offres/${offer}/modifier`);
  const pairs = Object.entries({ venue: orgs[VENUE_44], title: 'Offre de l’antenne 44 (test)', category: 'live_show',
    description: 'Une sortie pour les tests.', audience: 'all', language: 'fr', getting_there: 'Bus 12, arrêt Mairie',
    at_the_door: "Donnez le code de réservation à l'accueil", motor: '1', branches_shown: '1', _csrf: admin.csrf,
    _submission: unique('s') });
  pairs.push(['branches', String(b44)], ['branches', String(b94)]);
  res = await admin.request('POST', `/sorties/offres/${offer}`, { form: pairs });
  assert.equal(res.status, 303, text(res));
  assert.equal(num(`SELECT CAST(COUNT(*) AS TEXT) FROM outing_offer_branches WHERE offer_id = ${offer}`), 2);
  assert.equal(await listed('antenne 44'), true);
  res = await book(referent, slot, ben.id);
  assert.equal(res.status, 303, text(res));
  assert.equal(num(`SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = ${slot} AND status = 'confirmed'`), 1);
});

test('a branch\'s booking rules apply to its relais only; the other branch keeps the default', async () => {
  const slot = await publishSlot(server, { venue: VENUE_NONE, title: 'Offre ouverte à tous (test)' });
  assert.equal(num(`SELECT CAST(COUNT(*) AS TEXT) FROM outing_offer_branches ob JOIN outing_slots s ON s.offer_id = ob.offer_id WHERE s.id = ${slot}`), 0);
  const def = Number(q("SELECT COALESCE(MAX(value), '1') FROM settings WHERE key = 'outings.max_companions'"));
  const ben = await createBeneficiary(referent);
  const count = () => num(`SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = ${slot}`);
  // The 44 branch allows more companions: the 94 relais keeps the instance's default.
  let res = await post(admin, `/sorties/regles?antenne=${b44}`, `/sorties/regles/antennes/${b44}`, { max_companions: String(def + 2) });
  assert.equal(res.status, 303, text(res));
  assert.equal(q(`SELECT value FROM branch_settings WHERE branch_id = ${b44} AND key = 'outings.max_companions'`), String(def + 2));
  res = await book(referent, slot, ben.id, { companions: String(def + 1) });
  assert.equal(res.status, 422);
  assert.equal(text(res), `Trop d'accompagnants : ${def} au plus pour cette offre.`);
  // An override out of the rule's bounds (written behind the page's back: the page refuses it) is ignored.
  q(`INSERT INTO branch_settings (branch_id, key, value) VALUES (${b94}, 'outings.max_companions', '99')`);
  res = await book(referent, slot, ben.id, { companions: String(def + 1) });
  assert.equal(res.status, 422);
  assert.equal(count(), 0);
  // Within bounds, the 94 branch's own rule applies to its relais.
  res = await post(admin, `/sorties/regles?antenne=${b94}`, `/sorties/regles/antennes/${b94}`, { max_companions: String(def + 1) });
  assert.equal(res.status, 303, text(res));
  res = await book(referent, slot, ben.id, { companions: String(def + 1) });
  assert.equal(res.status, 303, text(res));
  assert.equal(num(`SELECT CAST(companions AS TEXT) FROM bookings WHERE slot_id = ${slot}`), def + 1);
});
