// The booking rules per branch (issue 19; docs/outings.md « Antennes »): the head office chooses a branch
// on /sorties/regles and edits its overrides (branch_settings), each rule saying whether the value is the
// branch's own or the network's default, an empty field going back to the default; a branch coordinator
// edits their own branch's only (another branch: 404, nothing changed); a délégation-limited coordinator
// reads the defaults only. Same bounds and messages as the defaults; audited.
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
let bA = 0;
let bB = 0;
let def = 1;

const q = (sql) => querySql(server.database, sql);
const num = (sql) => Number(q(sql));
const text = (res) => flashError(res.text).replace(/&apos;/g, "'");
const page = (res) => res.text.replace(/&apos;/g, "'").replace(/&#39;/g, "'");
const override = (branch, key = 'max_companions') =>
  q(`SELECT COALESCE(MAX(value), '') FROM branch_settings WHERE branch_id = ${branch} AND key = 'outings.${key}'`);
const audits = (branch) =>
  num(`SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'outings.branch_rules_changed' AND subject = 'branch:${branch}'`);
const instance = () => q("SELECT COALESCE(MAX(value), '') FROM settings WHERE key = 'outings.max_companions'");

async function post(c, from, url, fields) {
  await c.get(from);
  return c.post(url, { ...fields, _submission: unique('s') });
}

const RELAIS = 'Cultures du Cœur 94';
const VENUE_NONE = 'Espace culturel Paul Guimard';

before(async () => {
  server = await startTrame();
  admin = await signIn(server, DEMO.administrator);
  await leaveDemoBranches(server, admin);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(admin, [RELAIS]);
  def = Number(instance() || '1');
  const base = { zone: 'C', organisation: '0', status: 'active' };
  let res = await post(admin, '/reseau/antennes/nouvelle', '/reseau/antennes', { ...base, name: 'Antenne règles A', departement: '94' });
  assert.equal(res.status, 303, text(res));
  bA = Number(res.location.match(/\/reseau\/antennes\/(\d+)$/)[1]);
  res = await post(admin, '/reseau/antennes/nouvelle', '/reseau/antennes', { ...base, name: 'Antenne règles B', departement: '44' });
  assert.equal(res.status, 303, text(res));
  bB = Number(res.location.match(/\/reseau\/antennes\/(\d+)$/)[1]);
  res = await post(admin, `/reseau/antennes/${bA}`, `/reseau/antennes/${bA}/structures`, { organisation: orgs[RELAIS] });
  assert.equal(res.status, 303, text(res));
});
after(async () => { await server?.stop(); });

// First: publishSlot (below) makes the demo's coordinator network-wide.
test('a coordinator limited to a délégation reads the defaults only, no branch', async () => {
  const deleg = await signIn(server, DEMO.coordinator);
  let res = await deleg.get('/sorties/regles');
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text, /<form method="post" action="\/sorties\/regles/);
  assert.doesNotMatch(res.text, /rules-branch/);
  assert.equal((await deleg.get(`/sorties/regles?antenne=${bA}`)).status, 404);
  res = await post(deleg, '/sorties/regles', `/sorties/regles/antennes/${bA}`, { max_companions: '5' });
  assert.equal(res.status, 404);
  assert.equal(override(bA), '');
});

test('the head office edits a branch\'s rules: own value or default shown, bounds checked, back to the default', async () => {
  let res = await admin.get('/sorties/regles');
  assert.equal(res.status, 200);
  assert.match(res.text, /<select id="rules-branch" name="antenne">/);
  assert.match(page(res), /Règles par défaut du réseau/);
  assert.match(res.text, new RegExp(`<option value="${bA}"[^>]*>Antenne règles A</option>`));
  assert.match(res.text, new RegExp(`<option value="${bB}"[^>]*>Antenne règles B</option>`));

  res = await admin.get(`/sorties/regles?antenne=${bA}`);
  assert.equal(res.status, 200);
  assert.match(page(res), /Règles de l'antenne Antenne règles A/);
  assert.match(page(res), new RegExp(`valeur par défaut du réseau : ${def}`));
  assert.match(page(res), /Valeur par défaut du réseau/);
  assert.match(res.text, new RegExp(`action="/sorties/regles/antennes/${bA}"`));
  assert.equal((await admin.get('/sorties/regles?antenne=999999')).status, 404);

  // A value out of bounds or not a number: the defaults' message, nothing changed.
  for (const bad of ['11', 'abc', '-1']) {
    res = await post(admin, `/sorties/regles?antenne=${bA}`, `/sorties/regles/antennes/${bA}`, { max_companions: bad });
    assert.equal(res.status, 422, bad);
    assert.equal(text(res), '« Accompagnants par réservation » doit être un nombre entier entre 0 et 10.');
  }
  assert.equal(override(bA), '');
  assert.equal(audits(bA), 0);

  // The branch's own value: saved, shown as the branch's, audited; the instance's untouched.
  const before = instance();
  res = await post(admin, `/sorties/regles?antenne=${bA}`, `/sorties/regles/antennes/${bA}`,
    { max_companions: String(def + 1), bookings_per_month: '' });
  assert.equal(res.status, 303, text(res));
  assert.equal(res.location, `/sorties/regles?antenne=${bA}`);
  assert.equal(override(bA), String(def + 1));
  assert.equal(override(bA, 'bookings_per_month'), '');
  assert.equal(audits(bA), 1);
  assert.equal(instance(), before);
  assert.equal(override(bB), '');
  res = await admin.get(`/sorties/regles?antenne=${bA}`);
  assert.match(page(res), /Valeur propre à l'antenne/);
  assert.match(res.text, new RegExp(`name="max_companions"[^>]*value="${def + 1}"`));

  // It applies to the branch's relais.
  const slot = await publishSlot(server, { venue: VENUE_NONE, title: 'Offre ouverte (règles d’antenne)' });
  const ben = await createBeneficiary(referent);
  res = await book(referent, slot, ben.id, { companions: String(def + 1) });
  assert.equal(res.status, 303, text(res));

  // The same values again: nothing to audit. An empty field: back to the default.
  res = await post(admin, `/sorties/regles?antenne=${bA}`, `/sorties/regles/antennes/${bA}`, { max_companions: String(def + 1) });
  assert.equal(res.status, 303, text(res));
  assert.equal(audits(bA), 1);
  res = await post(admin, `/sorties/regles?antenne=${bA}`, `/sorties/regles/antennes/${bA}`, { max_companions: '' });
  assert.equal(res.status, 303, text(res));
  assert.equal(override(bA), '');
  assert.equal(audits(bA), 2);
  const ben2 = await createBeneficiary(referent);
  res = await book(referent, slot, ben2.id, { companions: String(def + 1) });
  assert.equal(res.status, 422);
  assert.equal(text(res), `Trop d'accompagnants : ${def} au plus pour cette offre.`);
});

test('a branch coordinator edits its own branch\'s rules only', async () => {
  const email = `${unique('regles')}@trame.local`;
  addUser(server, email, 'coordinator', orgs[RELAIS]);
  const membership = num(`SELECT CAST(m.id AS TEXT) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email}'`);
  let res = await post(admin, `/reseau/antennes/${bA}`, `/reseau/antennes/${bA}/coordinations`, { membership: String(membership) });
  assert.equal(res.status, 303, text(res));
  const c = await signIn(server, email, PASSWORD);

  // Its own branch's rules by default, the other branch not offered.
  res = await c.get('/sorties/regles');
  assert.equal(res.status, 200);
  assert.match(page(res), /Règles de l'antenne Antenne règles A/);
  assert.doesNotMatch(res.text, /Antenne règles B/);
  assert.doesNotMatch(page(res), /Règles par défaut du réseau/);
  assert.equal((await c.get(`/sorties/regles?antenne=${bB}`)).status, 404);

  res = await post(c, '/sorties/regles', `/sorties/regles/antennes/${bB}`, { max_companions: '3' });
  assert.equal(res.status, 404);
  assert.equal(override(bB), '');
  const before = instance();
  res = await post(c, '/sorties/regles', '/sorties/regles', { max_companions: '3' });
  assert.notEqual(res.status, 303);
  assert.equal(instance(), before);

  res = await post(c, '/sorties/regles', `/sorties/regles/antennes/${bA}`, { max_companions: '3' });
  assert.equal(res.status, 303, text(res));
  assert.equal(override(bA), '3');
});
