// The authorization matrix (tests/authz/*.json): every route of the router, for the anonymous
// visitor and a demo account of each role, must answer the expected status. Deny by default: a
// route missing from the matrix, or a route without a known permission, fails.
//
// Object routes (an {id}-like parameter) are checked on real objects: a cell's path or fields name
// objects as {kind} (of the cell's scope), {own:kind} or {other:kind} ({other:booking.code} takes
// an attribute). "own" objects belong to the demo principals' organisations (the relais Cultures du
// Cœur 94, the venue Théâtre Quartier Libre, the training organisation Sagiterre), "other" ones to
// organisations none of those principals belongs to (the relais social de Vitry, the Médiathèque
// d'Ivry, the Département's own training). For the administrator and the coordinator, whose
// organisation is the Département, the training sides are the other way round. Objects are created
// over HTTP like a user would (KINDS below), by accounts of their own. No cell depends on another: a
// GET, or a POST expected to be denied, uses shared objects; a POST expected to succeed gets fresh
// objects of its own. A POST answered 403, 404 or 422 must change nothing: the object's row and every
// row naming it (any table with its fk column) are read from the database before and after, in one
// statement per reading. {own_org} / {other_org} name the organisation itself (its row and its logo
// are read; logo cells start with a logo on both). A cell may post files (files: {field: 'pdf' |
// 'png'}, as multipart). A cell may list known holes (holes: {principal: why}): today's answer is
// expected and reported as a todo until the product denies it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, ROOT, demoDatabase, runTrame, startTrame } from './harness.mjs';
import { apply, confirm, createSession, decide } from './enrolments_fixtures.mjs';
import { dbRows } from './questionnaire_fixtures.mjs';
import { addUser, beginOuting, createBeneficiary, flashError, onboard, parisLocal, unique, PASSWORD } from './bookings_fixtures.mjs';

// The kinds' files are imported before any test is declared: a test starts as soon as it is declared,
// and must not run while this module still awaits an import.
const kindsDir = path.join(ROOT, 'tests/integration/authz_kinds');
const kindModules = await Promise.all((fs.existsSync(kindsDir) ? fs.readdirSync(kindsDir) : [])
  .filter((f) => f.endsWith('.mjs')).sort()
  .map(async (f) => [f, await import(pathToFileURL(path.join(kindsDir, f)).href)]));

// matrix.json holds the principals and the first routes; every other tests/authz/*.json adds the
// routes of one module ({"routes": [...]}).
const matrix = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/authz/matrix.json'), 'utf8'));
for (const file of fs.readdirSync(path.join(ROOT, 'tests/authz')).sort()) {
  if (file === 'matrix.json' || !file.endsWith('.json')) continue;
  matrix.routes.push(...JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/authz', file), 'utf8')).routes);
}
const ORGS = {
  administrator: 'Département de Loire-Atlantique',
  coordinator: 'Département de Loire-Atlantique',
  training_staff: 'Sagiterre',
  trainer: 'Sagiterre',
  jury_member: 'Observatoire des politiques culturelles',
  referent: 'Cultures du Cœur 94',
  partner_staff: 'Théâtre Quartier Libre',
  trainee: 'Espace culturel Paul Guimard',
  volunteer: 'Cultures du Cœur 94',
};
const KNOWN_PERMISSIONS = new Set(['public', 'authenticated', 'mfa.pending', 'metrics', 'users.manage',
  'organisations.view', 'organisations.manage', 'audit.read', 'security.manage', 'mailbox.read',
  'territories.manage', 'partnerships.manage', 'outings.browse', 'outings.publish', 'outings.book',
  'outings.manage', 'trainings.manage', 'trainings.teach', 'questionnaires.manage', 'certifications.manage', 'network_life.manage', 'site.edit', 'privacy.manage', 'plans.manage',
  'allo.program', 'allo.perform', 'allo.register', 'game.edit', 'game.play']);
const DENIED = new Set([403, 404, 422]);
const PLACEHOLDER = /\{(?:(own|other):)?([a-z_]+)(?:\.([a-z_]+))?\}/g;
const FIXED = new Set(['own_org', 'other_org', 'target_user', 'principal']);

function routerRoutes() {
  const r = runTrame(['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((line) => {
    const [method, pattern, permission] = line.split('\t');
    return { method, pattern, permission };
  });
}

test('every route declares a known permission', () => {
  const routes = routerRoutes();
  assert.ok(routes.length > 30);
  for (const r of routes) {
    assert.ok(r.permission, `${r.method} ${r.pattern} has no permission`);
    assert.ok(KNOWN_PERMISSIONS.has(r.permission), `${r.method} ${r.pattern}: unknown permission ${r.permission}`);
  }
});

test('the matrix covers every route and every principal', () => {
  const covered = new Set(matrix.routes.map((e) => `${e.method} ${e.route}`));
  for (const r of routerRoutes()) assert.ok(covered.has(`${r.method} ${r.pattern}`), `matrix misses ${r.method} ${r.pattern}`);
  for (const e of matrix.routes) {
    for (const p of matrix.principals) assert.ok(Number.isInteger(e.expect[p]), `${e.method} ${e.path}: no expectation for ${p}`);
    for (const m of `${e.path} ${JSON.stringify(e.fields || {})}`.matchAll(PLACEHOLDER)) {
      if (FIXED.has(m[2])) continue;
      assert.ok(KINDS[m[2]], `${e.method} ${e.path}: unknown object kind ${m[2]}`);
      assert.ok(m[1] || e.scope === 'own' || e.scope === 'other', `${e.method} ${e.path}: {${m[2]}} needs the entry's scope`);
    }
  }
});

// An object route is checked on an object of the principal's organisation and on one of another,
// unless matrix.json says why not (not_organisation_objects: objects of the network or of a person;
// pending_own_other: still checked on a made-up id only).
test('every object route has an own and an other organisation cell', () => {
  const exempt = new Set([...Object.keys(matrix.not_organisation_objects || {}), ...Object.keys(matrix.pending_own_other || {})]);
  const missing = [];
  for (const r of routerRoutes()) {
    if (!/\{(id|booking|membership|target|document|question):int\}/.test(r.pattern)) continue;
    const key = `${r.method} ${r.pattern}`;
    if (exempt.has(key)) continue;
    const scopes = new Set(matrix.routes.filter((e) => `${e.method} ${e.route}` === key).map((e) => e.scope));
    if (!scopes.has('own') || !scopes.has('other')) missing.push(key);
  }
  assert.deepEqual(missing, []);
});

let server;
const orgIds = {};
let targetUser = 0;
let admin;
const referents = {};   // side → a signed-in referent of that side's relais
const SIDES = {
  own: { relais: 'Cultures du Cœur 94', venue: 'Théâtre Quartier Libre' },
  other: { relais: 'Relais social de Vitry-sur-Seine (fictif)', venue: "Médiathèque d'Ivry-sur-Seine (fictive)" },
};

async function signed(email, password) {
  const c = new Client(server.url);
  const res = await c.login(email, password);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

function idFrom(location, re) {
  const m = (location || '').match(re);
  assert.ok(m, `${location} matches ${re}`);
  return Number(m[1]);
}

// ---- the kinds of objects: how to create one (over HTTP) and which rows hold its state

async function createOffer(side) {
  await admin.get('/sorties/offres/nouvelle');
  const res = await admin.post('/sorties/offres', {
    venue: String(orgIds[SIDES[side].venue]), title: `Sortie ${side} (authz)`, category: 'live_show',
    description: 'Une sortie pour la matrice des droits.', audience: 'all', language: 'fr', getting_there: 'Bus 12',
    at_the_door: 'Donnez le code', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `offer created: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/sorties\/offres\/(\d+)/) };
}

async function createSlot(side, { capacity = 500 } = {}) {
  const offer = await createOffer(side);
  const now = Math.floor(Date.now() / 1000);
  let res = await admin.post(`/sorties/offres/${offer.id}/creneaux`, {
    starts: parisLocal(now + 86400 * 30), capacity: String(capacity), opens: parisLocal(now - 3600), mode: 'first_come',
    _submission: unique('s'),
  });
  assert.equal(res.status, 303, `slot created: ${flashError(res.text)}`);
  res = await admin.post(`/sorties/offres/${offer.id}/statut`, { status: 'published', _submission: unique('s') });
  assert.equal(res.status, 303);
  const page = await admin.get(`/sorties/offres/${offer.id}`);
  const ids = [...page.text.matchAll(/\/sorties\/creneaux\/(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(ids.length, 'the offer page links its slot');
  return { id: ids[0], offer: offer.id };
}

const hostSlots = {};
async function createBooking(side) {
  hostSlots[side] ??= await createSlot(side, { capacity: 2000 });
  const slot = hostSlots[side];
  const beneficiary = await createBeneficiary(referents[side]);
  const c = referents[side];
  await c.get(`/sorties/creneaux/${slot.id}/reserver`);
  const res = await c.post(`/sorties/creneaux/${slot.id}/reserver`, {
    beneficiary: beneficiary.id, companions: '0', _submission: c.submission,
  });
  assert.equal(res.status, 303, `booking made: ${flashError(res.text)}`);
  const id = idFrom(res.location, /\/sorties\/reservations\/(\d+)/);
  const code = dbRows(server.database, `SELECT code FROM bookings WHERE id = ${id}`)[0][0];
  return { id, code, slot: slot.id, beneficiary: Number(beneficiary.id) };
}

// A consented quote (a referent's feedback after an outing): a slot of the side's venue starting at
// least 45 s from now is booked for the side's relais; then the slot's start is moved a minute into the
// past in the database (the product makes slots in the future only, and waiting for the start kept the
// whole matrix idle for up to 105 s), the booking's page shows the attendance form, and each person is
// marked present and a quote shared with consent. One slot per side gives every cell its quote (a quote's id is its booking's); the pools
// are made in the background from before(), with their own sessions, while the other cells run.
const QUOTES_PER_SIDE = 8;
const quotePools = {};
async function makeQuotes(side) {
  const organiser = await signed('admin.fixtures@trame.local', PASSWORD);
  const referent = await signed(side === 'own' ? 'referent.fixtures@trame.local' : 'referent.autre-relais@trame.local', PASSWORD);
  await organiser.get('/sorties/offres/nouvelle');
  let res = await organiser.post('/sorties/offres', {
    venue: String(orgIds[SIDES[side].venue]), title: `Témoignages ${side} (authz)`, category: 'live_show',
    description: 'Une sortie passée pour la matrice des droits.', audience: 'all', language: 'fr', getting_there: 'Bus 12',
    at_the_door: 'Donnez le code', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `offer created: ${flashError(res.text)}`);
  const offer = idFrom(res.location, /\/sorties\/offres\/(\d+)/);
  const now = Math.floor(Date.now() / 1000);
  const starts = Math.ceil((now + 45) / 60) * 60;
  res = await organiser.post(`/sorties/offres/${offer}/creneaux`, {
    starts: parisLocal(starts), capacity: String(QUOTES_PER_SIDE), opens: parisLocal(now - 3600), mode: 'first_come',
    _submission: unique('s'),
  });
  assert.equal(res.status, 303, `slot created: ${flashError(res.text)}`);
  res = await organiser.post(`/sorties/offres/${offer}/statut`, { status: 'published', _submission: unique('s') });
  assert.equal(res.status, 303);
  const slot = (await organiser.get(`/sorties/offres/${offer}`)).text.match(/\/sorties\/creneaux\/(\d+)/)[1];
  const ids = [];
  for (let i = 0; i < QUOTES_PER_SIDE; i++) {
    const beneficiary = await createBeneficiary(referent);
    await referent.get(`/sorties/creneaux/${slot}/reserver`);
    res = await referent.post(`/sorties/creneaux/${slot}/reserver`, {
      beneficiary: beneficiary.id, companions: '0', _submission: referent.submission,
    });
    assert.equal(res.status, 303, `booking made: ${flashError(res.text)}`);
    ids.push(idFrom(res.location, /\/sorties\/reservations\/(\d+)/));
  }
  beginOuting(server, slot);
  assert.ok((await referent.get(`/sorties/reservations/${ids[0]}`)).text.includes('name="mark"'), 'the outing has started');
  for (const id of ids) {
    await referent.get(`/sorties/reservations/${id}`);
    res = await referent.post(`/sorties/reservations/${id}/presence`, { mark: 'present', _submission: unique('s') });
    assert.equal(res.status, 303, `attendance marked: ${flashError(res.text)}`);
    await referent.get(`/sorties/reservations/${id}/avis`);
    res = await referent.post(`/sorties/reservations/${id}/avis`, {
      reaction: 'liked', quote: 'Une très belle soirée.', consent: '1', _submission: unique('s'),
    });
    assert.equal(res.status, 303, `feedback recorded: ${flashError(res.text)}`);
  }
  return ids.map((id) => ({ id }));
}

async function createQuote(side) {
  const pool = await quotePools[side];
  const quote = pool.shift();
  assert.ok(quote, `more than ${QUOTES_PER_SIDE} quotes of side ${side} are needed`);
  return quote;
}

// Training programmes and sessions: "own" of the training organisation Sagiterre, "other" of the
// Département (its organiser for the network's own training); made by the administrator like an
// organiser would, a session opened with two days of half-days in two months.
const ORGANISERS = { own: 'Sagiterre', other: 'Département de Loire-Atlantique' };
async function createProgramme(side, { price = '0' } = {}) {
  await admin.get('/formations/programmes/nouveau');
  const res = await admin.post('/formations/programmes', {
    organiser: String(orgIds[ORGANISERS[side]]), title: `Programme ${side} ${unique('p')}`, summary: 'Pour la matrice des droits.',
    objectives: 'Coopérer', competences: 'Animer', audience: 'Tous publics', prerequisites: 'Aucun', admission: 'Sur dossier',
    duration_days: '2', duration_hours: '14 h', price, teaching_methods: 'Ateliers', evaluation_methods: 'Questionnaire',
    accessibility: 'Salle accessible', disability_contact: 'Accueil', contacts: 'accueil@exemple.org', nature: 'action_formation',
    mixed_threshold: '70', status: 'published', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `programme created: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/formations\/programmes\/(\d+)/) };
}

const hostProgrammes = {};
async function createTrainingSession(side, programme = null) {
  if (!programme) hostProgrammes[side] ??= await createProgramme(side);
  const id = await createSession(admin, programme ?? hostProgrammes[side].id, { startIn: 60, days: 2 });
  return { id, programme: programme ?? hostProgrammes[side].id };
}

// A module of a programme (added on the programme's edit page) and a half-day of a session (the
// first of the session's series).
async function createModule(side) {
  hostProgrammes[side] ??= await createProgramme(side);
  const programme = hostProgrammes[side].id;
  await admin.get(`/formations/programmes/${programme}/modifier`);
  const res = await admin.post(`/formations/programmes/${programme}/modules`, {
    module_title: `Module ${unique('m')}`, module_content: 'Pour la matrice des droits.', module_duration: '3h30', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `module added: ${flashError(res.text)}`);
  const id = Number(dbRows(server.database, `SELECT MAX(id) FROM training_modules WHERE programme_id = ${programme}`)[0][0]);
  assert.ok(id, 'the module is stored');
  return { id, programme };
}

async function createHalfDay(side) {
  const session = await createTrainingSession(side);
  const id = Number(dbRows(server.database, `SELECT MIN(id) FROM training_halfdays WHERE session_id = ${session.id}`)[0][0]);
  assert.ok(id, 'the session has half-days');
  return { id, session: session.id };
}

// An application to a session of the side (a session of its own, opened), made by an applicant
// account of that side's relais, signed in.
const applicants = {};
async function createApplication(side, programme = null) {
  const session = await createTrainingSession(side, programme);
  if (!applicants[side]) {
    const email = `candidat.${side}@trame.local`;
    addUser(server, email, 'trainee', orgIds[SIDES[side].relais]);
    applicants[side] = await signed(email, PASSWORD);
  }
  const { res, id } = await apply(applicants[side], session.id);
  assert.equal(res.status, 303, `application made: ${flashError(res.text)}`);
  assert.ok(id, 'the application is stored');
  return { id, session: session.id };
}

// A complaint about an organiser (filed by an anonymous visitor, as anyone may).
async function createComplaint(side) {
  const c = new Client(server.url);
  await c.get('/formations/reclamations/nouvelle');
  const res = await c.post('/formations/reclamations/nouvelle', {
    name: 'Personne fictive', email: `${unique('plainte')}@example.org`, kind: 'trainee',
    organisation: String(orgIds[ORGANISERS[side]]), programme: '', session: '', subject: `Réclamation ${side} ${unique('r')}`,
    message: 'Pour la matrice des droits.', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `complaint filed: ${flashError(res.text)}`);
  const id = Number(dbRows(server.database,
    `SELECT MAX(id) FROM quality_complaints WHERE organisation_id = ${orgIds[ORGANISERS[side]]}`)[0][0]);
  assert.ok(id, 'the complaint is stored');
  return { id };
}

// Questionnaires: "own" of Sagiterre, "other" of the Département, built in the editor by the
// administrator (a first section and one free-text question), left in draft.
async function createQuestionnaire(side) {
  await admin.get('/questionnaires');
  let res = await admin.post('/questionnaires', {
    organisation: String(orgIds[ORGANISERS[side]]), source: '', programme: '', title: `Questionnaire ${side} ${unique('q')}`,
    kind: 'satisfaction', anonymous: '1', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `questionnaire created: ${flashError(res.text)}`);
  const id = idFrom(res.location, /^\/questionnaires\/(\d+)/);
  const editor = await admin.get(`/questionnaires/${id}`);
  let section = Number((editor.text.match(/id="section-(\d+)"/) || [])[1] || 0);
  if (!section) {
    res = await admin.post(`/questionnaires/${id}/sections`, { section_title: 'Avis', section_description: '', _submission: unique('s') });
    assert.equal(res.status, 303, `section added: ${flashError(res.text)}`);
    section = idFrom(res.location, /#section-(\d+)/);
  }
  res = await admin.post(`/questionnaires/${id}/questions`, {
    section_id: String(section), kind: 'long', label: 'Un commentaire', help: '', options: '', items: '', low_label: '',
    high_label: '', min_value: '', max_value: '', show_if_question: '', show_if_value: '', objective: '', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `question added: ${flashError(res.text)}`);
  return { id, section, question: idFrom(res.location, /#question-(\d+)/) };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const dayIn = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const lastId = (sql) => {
  const id = Number((dbRows(server.database, sql)[0] || [])[0] || 0);
  assert.ok(id, `stored: ${sql}`);
  return id;
};

// A multipart form (files: { field: { bytes, name, type } }), posted by the client after reading the form's page.
async function postMultipart(client, pagePath, action, fields, files = {}) {
  await client.get(pagePath);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  for (const [k, f] of Object.entries(files)) form.set(k, new Blob([f.bytes], { type: f.type }), f.name);
  return client.request('POST', action, { body: form });
}

// A cell's multipart POST (entry.files: { field: 'pdf' | 'png' }), with the client's current CSRF token.
function postFiles(client, target, fields, files) {
  const form = new FormData();
  form.set('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  for (const [k, kind] of Object.entries(files)) {
    form.set(k, kind === 'png' ? new Blob([PNG], { type: 'image/png' }) : new Blob([PDF], { type: 'application/pdf' }),
      kind === 'png' ? 'logo.png' : 'convention.pdf');
  }
  return client.request('POST', target, { body: form });
}

// A form whose fields may repeat (arrays), with the client's CSRF token and a fresh submission id.
function postForm(client, url, fields) {
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

// An organisation's logo, uploaded by the administrator when it has none: the logo cells start from the
// same state whatever ran before them (a removal allowed to a manager is put back before the next cell).
async function ensureLogo(orgId) {
  if (Number(dbRows(server.database, `SELECT COUNT(*) FROM organisation_logos WHERE organisation_id = ${orgId}`)[0][0])) return;
  const res = await postMultipart(admin, `/admin/organisations/${orgId}`, `/admin/organisations/${orgId}/logo`, {},
    { logo: { bytes: PNG, name: 'logo.png', type: 'image/png' } });
  assert.equal(res.status, 303, 'logo uploaded');
  assert.ok(Number(dbRows(server.database, `SELECT COUNT(*) FROM organisation_logos WHERE organisation_id = ${orgId}`)[0][0]), 'logo stored');
}

// Partnerships: "own" between the relais and the venue of the principals, "other" between the relais
// and the venue of the other side; made by the administrator on the partnership form.
// Only one proposed or active partnership may link two organisations: a fresh one (for a POST expected
// to succeed) links the side's relais to a new venue, made by the administrator in the commune of the
// side's venue (so that it lies in the same délégations as the shared one).
async function createPartnership(side, { fresh = false } = {}) {
  let partner = orgIds[SIDES[side].venue];
  if (fresh) {
    await admin.get('/admin/organisations');
    const made = await admin.post('/admin/organisations', { name: `Lieu ${side} ${unique('l')} (fictif)`, kind: 'cultural',
      commune: side === 'own' ? '44003' : '94041', _submission: unique('s') });
    assert.equal(made.status, 303, `venue created: ${flashError(made.text)}`);
    partner = idFrom(made.location, /(\d+)$/);
  }
  await admin.get('/annuaire/partenariats/nouveau');
  const res = await admin.post('/annuaire/partenariats', {
    organisation: String(orgIds[SIDES[side].relais]), partner: String(partner), kind: 'cultural',
    status: 'proposed', start_date: '2026-01-10', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `partnership created: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/annuaire\/partenariats\/(\d+)$/) };
}

async function createPartnershipDocument(side, { fresh = false } = {}) {
  const partnership = fresh ? await createPartnership(side, { fresh }) : await object('partnership', side);
  const url = `/annuaire/partenariats/${partnership.id}`;
  const res = await postMultipart(admin, url, `${url}/documents`, {}, { document: { bytes: PDF, name: 'convention.pdf', type: 'application/pdf' } });
  assert.equal(res.status, 303, 'document attached');
  return { id: lastId(`SELECT MAX(id) FROM partnership_documents WHERE partnership_id = ${partnership.id}`), partnership: partnership.id };
}

// A referent's membership of the side's relais (a new account added by the command line, as an
// administrator adds one): what the coordinator's onboarding form changes.
async function createReferentMembership(side) {
  const email = `${unique('referent')}@trame.local`;
  addUser(server, email, 'referent', orgIds[SIDES[side].relais]);
  return { id: lastId(`SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email}'`) };
}

// An interview proposed for an application of the side (by the administrator, on the application page).
async function createInterview(side) {
  const application = await createApplication(side);
  await admin.get(`/formations/candidatures/${application.id}`);
  const res = await admin.post(`/formations/candidatures/${application.id}/entretiens`, {
    scheduled: `${dayIn(10)}T14:30`, minutes: '45', place: 'Salle 2', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `interview proposed: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM training_interviews WHERE application_id = ${application.id}`), application: application.id };
}

// An application admitted by the administrator and confirmed by its applicant, to a session of a
// programme with a price (funding lines need one).
const pricedProgrammes = {};
async function createAdmittedApplication(side) {
  pricedProgrammes[side] ??= await createProgramme(side, { price: '1500' });
  const application = await createApplication(side, pricedProgrammes[side].id);
  assert.equal((await decide(admin, application.id, 'admitted', 'Projet cohérent.')).status, 303, 'admitted');
  await confirm(applicants[side], application.id);
  return application;
}

async function createFundingLine(side) {
  const application = await createAdmittedApplication(side);
  await admin.get(`/formations/candidatures/${application.id}`);
  const res = await admin.post(`/formations/candidatures/${application.id}/financements`, {
    funder: 'opco', funder_name: 'Uniformation', amount: '750', hours: '7', agreement_ref: 'UNIF-1', status: 'agreed', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `funding line added: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM training_funding_lines WHERE application_id = ${application.id}`), application: application.id };
}

async function createFollowup(side) {
  const application = await createAdmittedApplication(side);
  const url = `/formations/candidatures/${application.id}/suivi`;
  await admin.get(url);
  const res = await admin.post(url, { meeting_at: `${dayIn(20)}T14:00`, mode: 'visio', objective: 'Préciser le projet',
    progress: 'Diagnostic partagé', next_step: 'Rencontrer le centre social', _submission: unique('s') });
  assert.equal(res.status, 303, `follow-up note written: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM training_followups WHERE application_id = ${application.id}`), application: application.id };
}

// A convocation of a session of the side with one admitted trainee, generated on the documents page.
async function createTrainingDocument(side) {
  const application = await createAdmittedApplication(side);
  const url = `/formations/sessions/${application.session}/documents`;
  await admin.get(url);
  const res = await admin.post(url, { kind: 'convocation', _submission: unique('s') });
  assert.equal(res.status, 303, `convocation generated: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM training_documents WHERE application_id = ${application.id}`), session: application.session };
}

// A file of a session's toolbox and a thread of its group, added by the administrator.
async function createResource(side) {
  const session = await createTrainingSession(side);
  const url = `/formations/sessions/${session.id}/boite-a-outils`;
  const res = await postMultipart(admin, url, url, { kind: 'file', title: `Support ${unique('r')}`, module: '' },
    { file: { bytes: PDF, name: 'support.pdf', type: 'application/pdf' } });
  assert.equal(res.status, 303, `resource added: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM training_resources WHERE session_id = ${session.id}`), session: session.id };
}

async function createThread(side) {
  const session = await createTrainingSession(side);
  const url = `/formations/sessions/${session.id}/groupe`;
  const res = await postMultipart(admin, url, url, { title: `Fil ${unique('f')}`, body: 'Qui part de Nantes ?' });
  assert.equal(res.status, 303, `thread started: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/formations\/fils\/(\d+)$/), session: session.id };
}

// An improvement action of the organiser, linked to a complaint about it.
async function createAction(side) {
  const complaint = await createComplaint(side);
  await admin.get('/formations/actions');
  const res = await admin.post('/formations/actions', {
    organisation: String(orgIds[ORGANISERS[side]]), source: 'complaint', complaint: String(complaint.id),
    title: `Action ${unique('a')}`, description: 'Pour la matrice des droits.', due_on: dayIn(30), _submission: unique('s'),
  });
  assert.equal(res.status, 303, `action created: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM quality_actions WHERE organisation_id = ${orgIds[ORGANISERS[side]]}`) };
}

// A questionnaire of the side, published; a sending of it to one address (sent now) and its invitation.
async function createPublishedQuestionnaire(side) {
  const q = await createQuestionnaire(side);
  await admin.get(`/questionnaires/${q.id}`);
  const res = await postForm(admin, `/questionnaires/${q.id}`, { title: `Questionnaire ${side} publié`, description: 'Merci.',
    kind: 'satisfaction', status: 'published', anonymous: '1' });
  assert.equal(res.status, 303, `questionnaire published: ${flashError(res.text)}`);
  return { id: q.id };
}

async function createCampaign(side) {
  const questionnaire = await createPublishedQuestionnaire(side);
  await admin.get(`/questionnaires/${questionnaire.id}/envois`);
  const res = await postForm(admin, `/questionnaires/${questionnaire.id}/envois`, { title: `Envoi ${unique('e')}`, audience: 'funders',
    when: 'now', send_date: '', send_time: '', closes_date: '', reminder_days: '', emails: `${unique('financeur')}@example.org`, session: '' });
  assert.equal(res.status, 303, `sending made: ${flashError(res.text)}`);
  const id = idFrom(res.location, /\/questionnaires\/envois\/(\d+)/);
  return { id, questionnaire: questionnaire.id, invitation: lastId(`SELECT MAX(id) FROM questionnaire_invitations WHERE campaign_id = ${id}`) };
}

// An impact study: "own" led by Sagiterre with the principals' relais, "other" led by the Département
// with the other relais (the network's template questionnaire); left in draft, or taken through `steps`
// (ouvrir, cloturer, publier) by the administrator.
async function createStudy(side, steps = []) {
  await admin.get('/questionnaires/etudes/nouvelle');
  const res = await postForm(admin, '/questionnaires/etudes', {
    organisation: orgIds[ORGANISERS[side]], title: `Étude ${side} ${unique('i')}`, description: 'Pour la matrice des droits.',
    questionnaire: 'modele', starts_on: dayIn(-1), ends_on: dayIn(30), relais: [orgIds[SIDES[side].relais]],
  });
  assert.equal(res.status, 303, `study created: ${flashError(res.text)}`);
  const id = idFrom(res.location, /\/questionnaires\/etudes\/(\d+)$/);
  for (const step of steps) {
    await admin.get(`/questionnaires/etudes/${id}`);
    const done = await postForm(admin, `/questionnaires/etudes/${id}/${step}`, {});
    assert.equal(done.status, 303, `study ${step}: ${flashError(done.text)}`);
  }
  return { id };
}

// Certifications: "own" of Sagiterre, "other" of the Département, made by the administrator like a
// certifier's staff would: the description (registered and dated), a block with a competence assessed
// by a criterion, then published (unless `draft`). The block, competence and criterion kinds are
// those of a certification of their own.
async function createCertification(side, { draft = false } = {}) {
  await admin.get('/certifications/nouvelle');
  let res = await admin.post('/certifications', {
    owner: String(orgIds[ORGANISERS[side]]), title: `Certification ${side} ${unique('c')}`, register: 'rs',
    registration_number: 'RS0001', decision_date: '2025-01-15', validity_end: '2030-01-15', summary: 'Pour la matrice des droits.',
    audience: '', prerequisites: '', modalities: 'Mise en situation', equivalences: '', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `certification created: ${flashError(res.text)}`);
  const id = idFrom(res.location, /^\/certifications\/(\d+)\/modifier/);
  if (draft) return { id };
  const version = `(SELECT id FROM certification_versions WHERE certification_id = ${id})`;
  res = await postForm(admin, `/certifications/${id}/blocs`, { block_code: 'BC01', block_title: 'Analyser', block_description: '' });
  assert.equal(res.status, 303, `block added: ${flashError(res.text)}`);
  const block = lastId(`SELECT MAX(id) FROM certification_blocks WHERE version_id = ${version}`);
  res = await postForm(admin, `/certifications/blocs/${block}/competences`, { competence_title: 'Analyser un contexte' });
  assert.equal(res.status, 303, `competence added: ${flashError(res.text)}`);
  const competence = lastId(`SELECT MAX(id) FROM certification_competences WHERE block_id = ${block}`);
  res = await postForm(admin, `/certifications/competences/${competence}/criteres`, { criterion_title: 'Le contexte est décrit', criterion_modality: 'report' });
  assert.equal(res.status, 303, `criterion added: ${flashError(res.text)}`);
  const criterion = lastId(`SELECT MAX(id) FROM certification_criteria WHERE competence_id = ${competence}`);
  res = await postForm(admin, `/certifications/${id}/statut`, { status: 'published' });
  assert.equal(res.status, 303, `certification published: ${flashError(res.text)}`);
  return { id, block, competence, criterion };
}

// Candidates, evaluation sessions, juries and deliberation: every object hangs from a published
// certification of the side made for them (a host per side, so that the referential's cells never
// meet a version locked by a registration). A registration is made by a candidate account of its own
// (a trainee of the side's relais, added by the command line and signed in, as an applicant is),
// then decided eligible by the administrator unless `submitted`; a session is planned in two months
// with written reports expected within a month; an entry is a registration added to a session of its
// own with an exercise and a defence; a report is a PDF the entry's candidate uploads. A panel is an
// entry's session with a jury of two fixture jurors of the Observatoire (the first chairing), then
// taken through the jury's validation, grading (both grids submitted), the chair's decision on the
// block, and the minutes made by the administrator.
const hostCertifications = {};
const hostCertification = (side) => (hostCertifications[side] ??= createCertification(side));

async function createRegistration(side, { submitted = false } = {}) {
  const host = await hostCertification(side);
  const email = `${unique('candidat')}@trame.local`;
  addUser(server, email, 'trainee', orgIds[SIDES[side].relais]);
  const candidate = await signed(email, PASSWORD);
  await candidate.get(`/certifications/${host.id}/inscription`);
  let res = await postForm(candidate, `/certifications/${host.id}/inscription`, {
    employer_type: 'association', job: 'Médiatrice culturelle', birth_date: '1990-05-12',
    experience: 'Dix ans de médiation pour la matrice des droits.', training_session: '',
  });
  assert.equal(res.status, 303, `registration made: ${flashError(res.text)}`);
  const id = idFrom(res.location, /\/certifications\/inscriptions\/(\d+)$/);
  if (!submitted) {
    await admin.get(`/certifications/inscriptions/${id}`);
    res = await postForm(admin, `/certifications/inscriptions/${id}/decision`, { decision: 'eligible', reason: 'Les prérequis sont remplis.' });
    assert.equal(res.status, 303, `registration decided: ${flashError(res.text)}`);
    assert.equal(dbRows(server.database, `SELECT status FROM certification_registrations WHERE id = ${id}`)[0][0], 'eligible',
      'the registration is eligible');
  }
  return { id, certification: host.id, candidate };
}

async function createCertSession(side) {
  const host = await hostCertification(side);
  await admin.get(`/certifications/${host.id}/sessions`);
  const res = await postForm(admin, `/certifications/${host.id}/sessions`, {
    title: `Session ${side} ${unique('e')}`, day: dayIn(60), place: 'Salle du conseil', address: '1 rue de la Matrice, Nantes',
    deadline_day: dayIn(30), deadline_time: '18:00',
  });
  assert.equal(res.status, 303, `evaluation session created: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/certifications\/sessions\/(\d+)$/), certification: host.id };
}

async function createCase(side) {
  const session = await object('cert_session', side);
  await admin.get(`/certifications/sessions/${session.id}`);
  const res = await postForm(admin, `/certifications/sessions/${session.id}/cas`, {
    case_title: `Cas ${unique('k')}`, case_body: 'Une commune veut ouvrir une saison culturelle partagée.',
  });
  assert.equal(res.status, 303, `case added: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM certification_cases WHERE session_id = ${session.id}`), session: session.id };
}

async function createEntry(side) {
  const session = await createCertSession(side);
  const registration = await createRegistration(side);
  const url = `/certifications/sessions/${session.id}`;
  await admin.get(url);
  let res = await postForm(admin, `${url}/candidats`, { registration: registration.id });
  assert.equal(res.status, 303, `entry added: ${flashError(res.text)}`);
  const id = lastId(`SELECT id FROM certification_entries WHERE session_id = ${session.id} AND registration_id = ${registration.id}`);
  await admin.get(url);
  res = await postForm(admin, `/certifications/entrees/${id}/creneaux`, { session: session.id,
    exercise_from: '09:00', exercise_to: '10:30', defence_from: '11:00', defence_to: '11:45' });
  assert.equal(res.status, 303, `slots set: ${flashError(res.text)}`);
  assert.equal(Number(dbRows(server.database, `SELECT COUNT(*) FROM certification_slots WHERE entry_id = ${id}`)[0][0]), 2, 'the slots are set');
  return { id, session: session.id, registration: registration.id, candidate: registration.candidate };
}

async function createReport(side) {
  const entry = await createEntry(side);
  const page = `/certifications/inscriptions/${entry.registration}`;
  const res = await postMultipart(entry.candidate, page, `/certifications/entrees/${entry.id}/rapport`, { registration: entry.registration },
    { report: { bytes: PDF, name: 'rapport.pdf', type: 'application/pdf' } });
  assert.equal(res.status, 303, `report uploaded: ${flashError(res.text)}`);
  return { id: lastId(`SELECT MAX(id) FROM certification_reports WHERE entry_id = ${entry.id}`), entry: entry.id };
}

// The fixture jurors (not demo principals): accounts of the Observatoire, signed in once.
const jurors = [];
async function fixtureJurors() {
  if (!jurors.length) {
    assert.ok(orgIds['Observatoire des politiques culturelles'], 'the Observatoire is listed');
    for (const email of ['jure.un@trame.local', 'jure.deux@trame.local']) {
      addUser(server, email, 'jury_member', orgIds['Observatoire des politiques culturelles']);
      jurors.push({ email, client: await signed(email, PASSWORD) });
    }
  }
  return jurors;
}

async function addJuror(session, email, chair) {
  await admin.get(`/certifications/sessions/${session}/jury`);
  const res = await postForm(admin, `/certifications/sessions/${session}/jury`, { email, kind: 'professional', chair: chair ? '1' : '' });
  assert.equal(res.status, 303, `jury member added: ${flashError(res.text)}`);
  return lastId(`SELECT m.id FROM certification_jury_members m JOIN users u ON u.id = m.user_id
    WHERE m.session_id = ${session} AND u.email = '${email}'`);
}

async function createJuryMember(side) {
  const [first] = await fixtureJurors();
  const session = await createCertSession(side);
  return { id: await addJuror(session.id, first.email, false), session: session.id };
}

const STAGES = ['seated', 'validated', 'graded', 'decided', 'minuted', 'locked', 'issued'];
async function createPanel(side, stage) {
  const [chair, second] = await fixtureJurors();
  const entry = await createEntry(side);
  const host = await hostCertification(side);
  await addJuror(entry.session, chair.email, true);
  await addJuror(entry.session, second.email, false);
  const reached = (s) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  let res;
  if (reached('validated')) {
    res = await postForm(admin, `/certifications/sessions/${entry.session}/jury/valider`, {});
    assert.equal(res.status, 303, `jury validated: ${flashError(res.text)}`);
    lastId(`SELECT id FROM certification_sessions WHERE id = ${entry.session} AND jury_validated_at > 0`);
  }
  if (reached('graded')) {
    for (const juror of [chair, second]) {
      await juror.client.get(`/certifications/entrees/${entry.id}/grille`);
      res = await postForm(juror.client, `/certifications/entrees/${entry.id}/grille`, {
        criterion: host.criterion, [`mark_${host.criterion}`]: 'acquired', [`comment_${host.criterion}`]: '', action: 'submit',
      });
      assert.equal(res.status, 303, `grid submitted: ${flashError(res.text)}`);
    }
    assert.equal(Number(dbRows(server.database, `SELECT COUNT(*) FROM certification_grids WHERE entry_id = ${entry.id}
      AND status = 'submitted'`)[0][0]), 2, 'both grids are submitted');
  }
  if (reached('decided')) {
    await chair.client.get(`/certifications/entrees/${entry.id}/deliberation`);
    res = await postForm(chair.client, `/certifications/entrees/${entry.id}/decisions`, {
      block: host.block, [`validated_${host.block}`]: '1', [`reasons_${host.block}`]: 'Le contexte est analysé avec précision.',
    });
    assert.equal(res.status, 303, `block decided: ${flashError(res.text)}`);
    lastId(`SELECT id FROM certification_block_decisions WHERE entry_id = ${entry.id} AND block_id = ${host.block}`);
  }
  if (reached('minuted')) {
    await admin.get(`/certifications/sessions/${entry.session}/deliberation`);
    res = await postForm(admin, `/certifications/sessions/${entry.session}/proces-verbal`, {});
    assert.equal(res.status, 303, `minutes made: ${flashError(res.text)}`);
    lastId(`SELECT session_id FROM certification_minutes WHERE session_id = ${entry.session}`);
  }
  if (reached('locked')) {
    // Each member confirms the minutes with their own account: the last one locks them.
    for (const juror of [chair, second]) {
      await juror.client.get(`/certifications/sessions/${entry.session}/deliberation`);
      res = await postForm(juror.client, `/certifications/sessions/${entry.session}/proces-verbal/confirmer`, {});
      assert.equal(res.status, 303, `minutes confirmed: ${flashError(res.text)}`);
    }
    lastId(`SELECT session_id FROM certification_minutes WHERE session_id = ${entry.session} AND locked_at > 0`);
  }
  let certificate = 0;
  if (reached('issued')) {
    await admin.get(`/certifications/sessions/${entry.session}/parchemins`);
    res = await postForm(admin, `/certifications/sessions/${entry.session}/parchemins`, {});
    assert.equal(res.status, 303, `certificates issued: ${flashError(res.text)}`);
    certificate = lastId(`SELECT id FROM certification_certificates WHERE session_id = ${entry.session}`);
  }
  const grid = reached('graded') ? lastId(`SELECT g.id FROM certification_grids g JOIN users u ON u.id = g.juror_id
    WHERE g.entry_id = ${entry.id} AND u.email = '${second.email}'`) : 0;
  const juror = lastId(`SELECT id FROM users WHERE email = '${second.email}'`);
  return { id: entry.session, entry: entry.id, registration: entry.registration, grid, juror, certificate };
}

// A kind's state: its row, and every row of any table with a column naming it (fk), found in the schema.
const KINDS = {
  offer: { create: createOffer, table: 'outing_offers', fk: 'offer_id' },
  slot: { create: (side) => createSlot(side), table: 'outing_slots', fk: 'slot_id' },
  beneficiary: {
    create: async (side) => { const b = await createBeneficiary(referents[side]); return { id: Number(b.id), code: b.code }; },
    table: 'beneficiaries', fk: 'beneficiary_id',
  },
  booking: { create: createBooking, table: 'bookings', fk: 'booking_id' },
  quote: { create: createQuote, table: 'bookings', fk: 'booking_id' },
  programme: { create: createProgramme, table: 'training_programmes', fk: 'programme_id' },
  session: { create: (side) => createTrainingSession(side), table: 'training_sessions', fk: 'session_id' },
  module: { create: createModule, table: 'training_modules', fk: 'module_id' },
  half_day: { create: createHalfDay, table: 'training_halfdays', fk: 'halfday_id' },
  application: { create: (side) => createApplication(side), table: 'training_applications', fk: 'application_id' },
  complaint: { create: createComplaint, table: 'quality_complaints', fk: 'complaint_id' },
  questionnaire: { create: createQuestionnaire, table: 'questionnaires', fk: 'questionnaire_id' },
  section: { create: async (side) => { const q = await createQuestionnaire(side); return { id: q.section, questionnaire: q.id }; },
    table: 'questionnaire_sections', fk: 'section_id' },
  question: { create: async (side) => { const q = await createQuestionnaire(side); return { id: q.question, questionnaire: q.id }; },
    table: 'questionnaire_questions', fk: 'question_id' },
  // An organisation ({own_org} / {other_org} of a POST): its row and its logo.
  organisation: { tables: () => [['organisations', 'id'], ['organisation_logos', 'organisation_id']] },
  partnership: { create: createPartnership, table: 'partnerships', fk: 'partnership_id' },
  partnership_document: { create: createPartnershipDocument, table: 'partnership_documents', fk: 'document_id' },
  referent_membership: { create: createReferentMembership, table: 'memberships', fk: 'membership_id' },
  interview: { create: createInterview, table: 'training_interviews', fk: 'interview_id' },
  funding_line: { create: createFundingLine, table: 'training_funding_lines', fk: 'funding_line_id' },
  followup: { create: createFollowup, table: 'training_followups', fk: 'followup_id' },
  training_document: { create: createTrainingDocument, table: 'training_documents', fk: 'document_id' },
  resource: { create: createResource, table: 'training_resources', fk: 'resource_id' },
  thread: { create: createThread, table: 'training_threads', fk: 'thread_id' },
  action: { create: createAction, table: 'quality_actions', fk: 'action_id' },
  published_questionnaire: { create: createPublishedQuestionnaire, table: 'questionnaires', fk: 'questionnaire_id' },
  campaign: { create: createCampaign, table: 'questionnaire_campaigns', fk: 'campaign_id' },
  invitation: { create: async (side) => { const c = await createCampaign(side); return { id: c.invitation, campaign: c.id }; },
    table: 'questionnaire_invitations', fk: 'invitation_id' },
  study: { create: (side) => createStudy(side), table: 'impact_studies', fk: 'study_id' },
  open_study: { create: (side) => createStudy(side, ['ouvrir']), table: 'impact_studies', fk: 'study_id' },
  closed_study: { create: (side) => createStudy(side, ['ouvrir', 'cloturer']), table: 'impact_studies', fk: 'study_id' },
  published_study: { create: (side) => createStudy(side, ['ouvrir', 'cloturer', 'publier']), table: 'impact_studies', fk: 'study_id' },
  certification: { create: (side) => createCertification(side), table: 'certifications', fk: 'certification_id' },
  draft_certification: { create: (side) => createCertification(side, { draft: true }), table: 'certifications', fk: 'certification_id' },
  cert_block: { create: async (side) => { const c = await createCertification(side); return { id: c.block, certification: c.id }; },
    table: 'certification_blocks', fk: 'block_id' },
  cert_competence: { create: async (side) => { const c = await createCertification(side); return { id: c.competence, certification: c.id }; },
    table: 'certification_competences', fk: 'competence_id' },
  cert_criterion: { create: async (side) => { const c = await createCertification(side); return { id: c.criterion, certification: c.id }; },
    table: 'certification_criteria', fk: 'criterion_id' },
  cert_registration: { create: (side) => createRegistration(side), table: 'certification_registrations', fk: 'registration_id' },
  submitted_registration: { create: (side) => createRegistration(side, { submitted: true }), table: 'certification_registrations',
    fk: 'registration_id' },
  cert_session: { create: createCertSession, table: 'certification_sessions', fk: 'session_id' },
  cert_case: { create: createCase, table: 'certification_cases', fk: 'case_id' },
  cert_entry: { create: createEntry, table: 'certification_entries', fk: 'entry_id' },
  cert_report: { create: createReport, table: 'certification_reports', fk: 'report_id' },
  cert_juror: { create: createJuryMember, table: 'certification_jury_members', fk: 'member_id' },
  grid: { create: async (side) => { const p = await createPanel(side, 'graded'); return { id: p.grid, entry: p.entry, session: p.id }; },
    table: 'certification_grids', fk: 'grid_id' },
  seated_session: { create: (side) => createPanel(side, 'seated'), table: 'certification_sessions', fk: 'session_id' },
  decided_session: { create: (side) => createPanel(side, 'decided'), table: 'certification_sessions', fk: 'session_id' },
  minuted_session: { create: (side) => createPanel(side, 'minuted'), table: 'certification_sessions', fk: 'session_id' },
  locked_session: { create: (side) => createPanel(side, 'locked'), table: 'certification_sessions', fk: 'session_id' },
  certificate: {
    create: async (side) => { const p = await createPanel(side, 'issued'); return { id: p.certificate, session: p.id }; },
    table: 'certification_certificates', fk: 'certificate_id',
  },
};

// More kinds, one file per domain module (tests/integration/authz_kinds/*.mjs, imported at the top of
// this file): each exports kinds(env) → { kind: { create, table, fk } }; env reads the matrix's state
// when a creator runs.
const kindsEnv = {
  get server() { return server; }, get admin() { return admin; }, orgIds, signed, idFrom, DEMO, PASSWORD, addUser,
  unique, flashError, dbRows, object,
};
for (const [file, module] of kindModules) {
  for (const [kind, spec] of Object.entries(module.kinds(kindsEnv))) {
    assert.ok(!KINDS[kind], `${file}: kind ${kind} is already defined`);
    KINDS[kind] = spec;
  }
}

const dependants = {};
function tablesWith(column) {
  const sql = ENGINE === 'postgresql'
    ? `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = '${column}' ORDER BY 1`
    : `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = '${column}' ORDER BY 1`;
  dependants[column] ??= dbRows(server.database, sql).map((r) => r[0]);
  return dependants[column];
}

// Shared objects for reading cells, created once per kind and side.
const shared = {};
async function object(kind, side, fresh) {
  if (fresh) return KINDS[kind].create(side, { fresh });
  shared[`${kind}:${side}`] ??= await KINDS[kind].create(side);
  return shared[`${kind}:${side}`];
}

// Every row of the objects' tables, read in one statement per reading (through the file's one sqlite3 or
// psql process, reader): a list of strings, one per table read, in a stable order.
let reader;
async function snapshot(objects) {
  const reads = [];
  for (const o of objects) {
    const { table, fk, tables } = KINDS[o.kind];
    const pairs = tables ? tables(o.value) : [[table, 'id'], ...tablesWith(fk).map((t) => [t, fk])];
    for (const [t, column] of pairs) reads.push([t, column, Number(o.value.id)]);
  }
  if (!reads.length) return [];
  const texts = reads.map(() => []);
  if (ENGINE === 'postgresql') {
    const sql = reads.map(([t, column, id], i) => `SELECT ${i}, COALESCE((SELECT string_agg(x::text, ' | ' ORDER BY x::text) `
      + `FROM ${t} x WHERE x.${column} = ${id}), '')`).join(' UNION ALL ');
    for (const [i, text] of reader(sql)) texts[Number(i)].push(text);
  } else {
    // sqlite3 runs the statements one after the other in one process; each row starts with its reading's index.
    // Values are read quoted (a BLOB as X'hex'): a stored PDF (the minutes) may hold any byte, the separators too.
    const sql = reads.map(([t, column, id], i) => `SELECT ${i}, x.* FROM ${t} x WHERE x.${column} = ${id} ORDER BY 2;`).join('\n');
    for (const [i, ...row] of reader(sql)) texts[Number(i)].push(JSON.stringify(row));
  }
  return reads.map(([t, column, id], i) => `${t}.${column}=${id}: ${texts[i].join(' | ')}`);
}

before(async () => {
  const database = demoDatabase();
  const added = runTrame(['user', 'add', '--database', database, '--email', 'cible@trame.local', '--name', 'Compte cible',
    '--role', 'volunteer', '--password-stdin'], { input: 'une phrase de passe assez longue\n' });
  assert.equal(added.status, 0, added.stderr);
  targetUser = Number(added.stdout.match(/identifiant (\d+)/)[1]);
  // The periodic jobs (evaluation cycles of opened sessions, waiting lists) would change objects
  // between a cell's two readings: they do not run during the matrix.
  server = await startTrame({ database, demo: false, smtp: false,
    env: { TRAME_TRAININGS_JOB_SECONDS: '86400', TRAME_OUTINGS_JOB_SECONDS: '86400' } });
  reader = (sql) => dbRows(database, sql, { quote: true });
  // The objects are made by accounts of their own (a principal's cells may end its sessions).
  const lister = await signed(DEMO.administrator);
  for (let page = 1; page < 20; page++) {
    const list = await lister.get(`/admin/organisations?q=&page=${page}`);
    for (const m of list.text.matchAll(/<a href="\/admin\/organisations\/(\d+)">([^<]+)<\/a>/g)) {
      orgIds[m[2].replace(/&apos;/g, "'")] = Number(m[1]);
    }
    if (!list.text.includes('rel="next"')) break;
  }
  assert.ok(orgIds['Sagiterre'] && orgIds['Département de Loire-Atlantique']);
  for (const side of Object.values(SIDES)) for (const name of Object.values(side)) assert.ok(orgIds[name], name);
  addUser(server, 'admin.fixtures@trame.local', 'administrator', orgIds['Département de Loire-Atlantique']);
  admin = await signed('admin.fixtures@trame.local', PASSWORD);
  // A referent of each side's relais: added by the command line and onboarded, as a new referent is.
  for (const [side, email] of [['own', 'referent.fixtures@trame.local'], ['other', 'referent.autre-relais@trame.local']]) {
    addUser(server, email, 'referent', orgIds[SIDES[side].relais]);
    await admin.get('/sorties/referents');
    await onboard(admin, email);
    referents[side] = await signed(email, PASSWORD);
  }
  for (const side of Object.keys(SIDES)) {
    quotePools[side] = makeQuotes(side);
    quotePools[side].catch(() => {});  // awaited (and reported) by the first cell that needs a quote
  }
  await admin.get('/compte');
  // Every shared object (of a GET, or of a POST expected to be denied) is made before any cell runs: a
  // cell that succeeds may change what a later creation relies on, so no cell's outcome depends on the
  // principals' order.
  for (const principal of matrix.principals) {
    for (const entry of matrix.routes) if (entry.method === 'GET' || DENIED.has(entry.expect[principal])) await bind(entry, principal);
  }
});
after(async () => { await server?.stop(); });

// The objects a cell names, bound to their placeholders: fresh ones for a POST expected to succeed,
// else the shared ones (a denied POST is proven to change nothing, so it consumes nothing).
async function bind(entry, principal) {
  const fresh = entry.method === 'POST' && !DENIED.has(entry.expect[principal]);
  const objects = {};
  const text = `${entry.path} ${JSON.stringify(entry.fields || {})}`;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m[2] === 'own_org' || m[2] === 'other_org') {
      // The organisation itself is the object: read before and after a POST, its logo put back for logo cells.
      const id = orgOf(m[2], principal);
      if (entry.route.includes('/logo')) await ensureLogo(id);
      if (entry.method === 'POST') objects[m[2]] ??= { kind: 'organisation', side: m[2] === 'own_org' ? 'own' : 'other', value: { id } };
      continue;
    }
    if (FIXED.has(m[2])) continue;
    const side = m[1] || entry.scope;
    const key = `${side}:${m[2]}`;
    objects[key] ??= { kind: m[2], side, value: await object(m[2], side, fresh) };
  }
  return objects;
}

// {own_org}: the principal's organisation (Sagiterre for the anonymous visitor); {other_org}: one the
// principal does not belong to (the Département for Sagiterre's staff, Sagiterre for everyone else).
function orgOf(placeholder, principal) {
  if (placeholder === 'own_org') return orgIds[ORGS[principal] || 'Sagiterre'];
  return principal === 'training_staff' || principal === 'trainer' ? orgIds['Département de Loire-Atlantique'] : orgIds['Sagiterre'];
}

function substitute(s, entry, principal, objects) {
  return String(s).replace(PLACEHOLDER, (all, side, kind, attr) => {
    if (kind === 'own_org' || kind === 'other_org') return String(orgOf(kind, principal));
    if (kind === 'target_user') return String(targetUser);
    if (kind === 'principal') return principal;
    const o = objects[`${side || entry.scope}:${kind}`];
    return String(o.value[attr || 'id']);
  });
}

async function clientFor(principal) {
  const c = new Client(server.url);
  if (principal === 'anonymous') {
    await c.get('/connexion');
    return c;
  }
  const res = await c.login(DEMO[principal]);
  assert.equal(res.status, 303, `login as ${principal}`);
  await c.get('/compte');  // a page with a form, for the CSRF token
  return c;
}

const record = process.env.AUTHZ_RECORD ? {} : null;

for (const principal of matrix.principals) {
  test(`authorization matrix as ${principal}`, async (t) => {
    const sharedClient = await clientFor(principal);
    const failures = [];
    const open = [];
    // Cells that end sessions (log out, log out everywhere) run last, on sessions of their own.
    const ordered = [...matrix.routes.filter((e) => !e.fresh_session), ...matrix.routes.filter((e) => e.fresh_session)];
    for (const entry of ordered) {
      const client = entry.fresh_session ? await clientFor(principal) : sharedClient;
      const objects = await bind(entry, principal);
      const target = substitute(entry.path, entry, principal, objects);
      const before = entry.method === 'POST' ? await snapshot(Object.values(objects)) : [];
      const fields = Object.fromEntries(Object.entries(entry.fields || {}).map(([k, v]) => [k, substitute(v, entry, principal, objects)]));
      let res;
      if (entry.method === 'GET') res = await client.get(target);
      else if (entry.files) res = await postFiles(client, target, fields, entry.files);
      else res = await client.post(target, fields);
      const expected = entry.expect[principal];
      const label = `${entry.method} ${target} (${entry.scope || 'any'})`;
      if (record) (record[`${entry.method} ${entry.path} ${entry.scope || ''}`] ??= {})[principal] = res.status;
      // A known hole (entry.holes[principal]: why) expects today's answer and is reported as still
      // open; a denial there means it was closed (then remove the hole from the matrix).
      const hole = entry.holes?.[principal];
      if (hole && res.status === expected) open.push(`${label}: answered ${res.status}; ${hole}`);
      else if (res.status !== expected && !(hole && DENIED.has(res.status))) failures.push(`${label}: expected ${expected}, got ${res.status}`);
      if (entry.method === 'POST' && (DENIED.has(expected) || DENIED.has(res.status))) {
        const afterState = await snapshot(Object.values(objects));
        afterState.forEach((state, i) => {
          if (state !== before[i]) failures.push(`${label}: answered ${res.status} but changed ${state.split(':')[0]} (before: ${before[i].slice(0, 300)}; after: ${state.slice(0, 300)})`);
        });
      }
      if (entry.method === 'GET' && res.status === 200 && !entry.path.startsWith('/static') && entry.path !== '/healthz' && entry.path !== '/metrics') {
        await client.get('/compte/sessions').catch(() => {});  // refresh the CSRF token after navigation
      }
    }
    if (record) fs.writeFileSync(process.env.AUTHZ_RECORD, JSON.stringify(record, null, 1));
    assert.deepEqual(failures, []);
    if (open.length) t.todo(`known holes still open:\n${open.join('\n')}`);
  });
}
