// Giving an offer to branches on the offer form (issue 19; docs/outings.md « Antennes »): checkboxes of
// the active branches, prefilled with the offer's (a new offer: its venue's); saving replaces the set in
// the offer's transaction; a branch coordinator gives only to their own branch (another: refused, nothing
// changed; a branch they do not give to keeps its place); the offer page lists the branches.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import {
  PASSWORD, leaveDemoBranches, addUser, book, createBeneficiary, flashError, organisationIds, publishSlot, signIn, unique,
} from '../bookings_fixtures.mjs';

let server;
let admin;
let referent;
let orgs;
let bRelais = 0;  // the referent's relais' branch
let bVenue = 0;   // the venue's branch
let slot = 0;
let offer = 0;

const q = (sql) => querySql(server.database, sql);
const num = (sql) => Number(q(sql));
const text = (res) => flashError(res.text).replace(/&apos;/g, "'");
const givenSet = (id) => querySql(server.database,
  `SELECT CAST(branch_id AS TEXT) FROM outing_offer_branches WHERE offer_id = ${id} ORDER BY branch_id`)
  .split('\n').filter(Boolean).map(Number);

const VENUE = 'Théâtre Quartier Libre';
const RELAIS = 'Cultures du Cœur 94';
const FIELDS = { title: 'Offre à donner (test)', category: 'live_show', description: 'Une sortie pour les tests.',
  audience: 'all', language: 'fr', getting_there: 'Bus 12', at_the_door: 'Donnez le code' };

// Posts the offer form with the branches ticked (several values of one field).
async function saveOffer(c, url, fields, branches) {
  await c.get(url === '/sorties/offres' ? '/sorties/offres/nouvelle' : `${url}/modifier`);
  const pairs = Object.entries({ ...fields, branches_shown: '1', _csrf: c.csrf, _submission: unique('s') });
  for (const b of branches) pairs.push(['branches', String(b)]);
  return c.request('POST', url, { form: pairs });
}

async function branch(name, departement) {
  await admin.get('/reseau/antennes/nouvelle');
  const res = await admin.post('/reseau/antennes', { name, departement, zone: 'C', organisation: '0', status: 'active',
    _submission: unique('s') });
  assert.equal(res.status, 303, text(res));
  return Number(res.location.match(/\/reseau\/antennes\/(\d+)$/)[1]);
}

async function place(branchId, organisation) {
  await admin.get(`/reseau/antennes/${branchId}`);
  const res = await admin.post(`/reseau/antennes/${branchId}/structures`, { organisation, _submission: unique('s') });
  assert.equal(res.status, 303, text(res));
}

before(async () => {
  server = await startTrame();
  admin = await signIn(server, DEMO.administrator);
  await leaveDemoBranches(server, admin);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(admin, [VENUE, RELAIS]);
  bRelais = await branch('Antenne des relais (offres)', '94');
  bVenue = await branch('Antenne du lieu (offres)', '44');
  await place(bRelais, orgs[RELAIS]);
  await place(bVenue, orgs[VENUE]);
  slot = await publishSlot(server, { venue: VENUE, title: FIELDS.title });
  offer = num(`SELECT CAST(offer_id AS TEXT) FROM outing_slots WHERE id = ${slot}`);
});
after(async () => { await server?.stop(); });

test('the offer form ticks the offer\'s branches; given to a second branch, that branch\'s referent books', async () => {
  assert.deepEqual(givenSet(offer), [bVenue]);
  const form = await admin.get(`/sorties/offres/${offer}/modifier`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`<input id="o-branch-${bVenue}" name="branches" type="checkbox" value="${bVenue}" checked`));
  assert.match(form.text, new RegExp(`<input id="o-branch-${bRelais}" name="branches" type="checkbox" value="${bRelais}"  `));
  // A new offer's form: its venue's branch ticked.
  const fresh = await admin.get(`/sorties/offres/nouvelle?lieu=${orgs[VENUE]}`);
  assert.match(fresh.text, new RegExp(`value="${bVenue}" checked`));

  const ben = await createBeneficiary(referent);
  let res = await book(referent, slot, ben.id);
  assert.equal(res.status, 422);
  const bookings = () => num(`SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = ${slot}`);
  assert.equal(bookings(), 0);

  // An unknown branch: refused, nothing changed.
  res = await saveOffer(admin, `/sorties/offres/${offer}`, { ...FIELDS, venue: orgs[VENUE] }, [bVenue, 999999]);
  assert.equal(res.status, 422);
  assert.equal(text(res), 'Choisissez des antennes de la liste.');
  assert.deepEqual(givenSet(offer), [bVenue]);

  const audits = () => num(`SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'outings.offer_branches_changed' AND subject = 'offer:${offer}'`);
  res = await saveOffer(admin, `/sorties/offres/${offer}`, { ...FIELDS, venue: orgs[VENUE] }, [bVenue, bRelais]);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(offer), [bRelais, bVenue].sort((a, b) => a - b));
  assert.equal(audits(), 1);
  const page = await admin.get(`/sorties/offres/${offer}`);
  assert.match(page.text, /Donnée aux antennes :<\/strong> Antenne des relais \(offres\), Antenne du lieu \(offres\)/);

  res = await book(referent, slot, ben.id);
  assert.equal(res.status, 303, text(res));
  assert.equal(num(`SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = ${slot} AND status = 'confirmed'`), 1);

  // None ticked: open to every relais.
  res = await saveOffer(admin, `/sorties/offres/${offer}`, { ...FIELDS, venue: orgs[VENUE] }, []);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(offer), []);
  assert.match((await admin.get(`/sorties/offres/${offer}`)).text, /aucune : ouverte à tous les relais/);
  res = await saveOffer(admin, `/sorties/offres/${offer}`, { ...FIELDS, venue: orgs[VENUE] }, [bVenue, bRelais]);
  assert.equal(res.status, 303, text(res));

  // A new offer with a branch ticked: that one; none ticked: its venue's.
  res = await saveOffer(admin, '/sorties/offres', { ...FIELDS, title: 'Offre neuve (test)', venue: orgs[VENUE] }, [bRelais]);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(Number(res.location.match(/\/sorties\/offres\/(\d+)/)[1])), [bRelais]);
  res = await saveOffer(admin, '/sorties/offres', { ...FIELDS, title: 'Offre neuve 2 (test)', venue: orgs[VENUE] }, []);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(Number(res.location.match(/\/sorties\/offres\/(\d+)/)[1])), [bVenue]);
});

test('a branch coordinator gives only to its own branch; another branch keeps its place', async () => {
  const fresh = await saveOffer(admin, '/sorties/offres', { ...FIELDS, title: 'Offre du lieu (test)', venue: orgs[VENUE] }, []);
  assert.equal(fresh.status, 303, text(fresh));
  const id = Number(fresh.location.match(/\/sorties\/offres\/(\d+)/)[1]);
  assert.deepEqual(givenSet(id), [bVenue]);

  const email = `${unique('offres')}@trame.local`;
  addUser(server, email, 'coordinator', orgs[VENUE]);
  const membership = num(`SELECT CAST(m.id AS TEXT) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email}' AND m.role = 'coordinator'`);
  await admin.get(`/reseau/antennes/${bVenue}`);
  let res = await admin.post(`/reseau/antennes/${bVenue}/coordinations`, { membership: String(membership), _submission: unique('s') });
  assert.equal(res.status, 303, text(res));
  const c = await signIn(server, email, PASSWORD);

  // The other branch is shown, not to be ticked.
  const form = await c.get(`/sorties/offres/${id}/modifier`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="${bRelais}"  disabled`));
  res = await saveOffer(c, `/sorties/offres/${id}`, { ...FIELDS, title: 'Offre renommée (test)', venue: orgs[VENUE] }, [bVenue, bRelais]);
  assert.equal(res.status, 422);
  assert.equal(text(res), "Une coordination d'antenne ne donne une offre qu'à sa propre antenne : rien n'a été enregistré.");
  assert.deepEqual(givenSet(id), [bVenue]);
  assert.equal(q(`SELECT title FROM outing_offers WHERE id = ${id}`), 'Offre du lieu (test)');

  // The head office gives it to the other branch too; the branch coordinator's save keeps it there.
  res = await saveOffer(admin, `/sorties/offres/${id}`, { ...FIELDS, title: 'Offre du lieu (test)', venue: orgs[VENUE] }, [bVenue, bRelais]);
  assert.equal(res.status, 303, text(res));
  res = await saveOffer(c, `/sorties/offres/${id}`, { ...FIELDS, title: 'Offre du lieu (test)', venue: orgs[VENUE] }, [bVenue]);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(id), [bRelais, bVenue].sort((a, b) => a - b));
  // Its own branch unticked: only its own goes.
  res = await saveOffer(c, `/sorties/offres/${id}`, { ...FIELDS, title: 'Offre du lieu (test)', venue: orgs[VENUE] }, []);
  assert.equal(res.status, 303, text(res));
  assert.deepEqual(givenSet(id), [bRelais]);
});
