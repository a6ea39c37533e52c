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
// row naming it (any table with its fk column) are read from the database before and after. A cell may list known holes (holes: {principal: why}):
// today's answer is expected and reported as a todo until the product denies it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, ROOT, freshDatabase, runTrame, startTrame } from './harness.mjs';
import { apply, createSession } from './enrolments_fixtures.mjs';
import { dbRows } from './questionnaire_fixtures.mjs';
import { addUser, createBeneficiary, flashError, onboard, parisLocal, unique, PASSWORD } from './bookings_fixtures.mjs';

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
  'outings.manage', 'trainings.manage', 'trainings.teach', 'questionnaires.manage']);
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

// Training programmes and sessions: "own" of the training organisation Sagiterre, "other" of the
// Département (its organiser for the network's own training); made by the administrator like an
// organiser would, a session opened with two days of half-days in two months.
const ORGANISERS = { own: 'Sagiterre', other: 'Département de Loire-Atlantique' };
async function createProgramme(side) {
  await admin.get('/formations/programmes/nouveau');
  const res = await admin.post('/formations/programmes', {
    organiser: String(orgIds[ORGANISERS[side]]), title: `Programme ${side} ${unique('p')}`, summary: 'Pour la matrice des droits.',
    objectives: 'Coopérer', competences: 'Animer', audience: 'Tous publics', prerequisites: 'Aucun', admission: 'Sur dossier',
    duration_days: '2', duration_hours: '14 h', price: '0', teaching_methods: 'Ateliers', evaluation_methods: 'Questionnaire',
    accessibility: 'Salle accessible', disability_contact: 'Accueil', contacts: 'accueil@exemple.org', nature: 'action_formation',
    mixed_threshold: '70', status: 'published', _submission: unique('s'),
  });
  assert.equal(res.status, 303, `programme created: ${flashError(res.text)}`);
  return { id: idFrom(res.location, /\/formations\/programmes\/(\d+)/) };
}

const hostProgrammes = {};
async function createTrainingSession(side) {
  hostProgrammes[side] ??= await createProgramme(side);
  const id = await createSession(admin, hostProgrammes[side].id, { startIn: 60, days: 2 });
  return { id, programme: hostProgrammes[side].id };
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
async function createApplication(side) {
  const session = await createTrainingSession(side);
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

// A kind's state: its row, and every row of any table with a column naming it (fk), found in the schema.
const KINDS = {
  offer: { create: createOffer, table: 'outing_offers', fk: 'offer_id' },
  slot: { create: (side) => createSlot(side), table: 'outing_slots', fk: 'slot_id' },
  beneficiary: {
    create: async (side) => { const b = await createBeneficiary(referents[side]); return { id: Number(b.id), code: b.code }; },
    table: 'beneficiaries', fk: 'beneficiary_id',
  },
  booking: { create: createBooking, table: 'bookings', fk: 'booking_id' },
  programme: { create: createProgramme, table: 'training_programmes', fk: 'programme_id' },
  session: { create: createTrainingSession, table: 'training_sessions', fk: 'session_id' },
  module: { create: createModule, table: 'training_modules', fk: 'module_id' },
  half_day: { create: createHalfDay, table: 'training_halfdays', fk: 'halfday_id' },
  application: { create: createApplication, table: 'training_applications', fk: 'application_id' },
  complaint: { create: createComplaint, table: 'quality_complaints', fk: 'complaint_id' },
  questionnaire: { create: createQuestionnaire, table: 'questionnaires', fk: 'questionnaire_id' },
  section: { create: async (side) => { const q = await createQuestionnaire(side); return { id: q.section, questionnaire: q.id }; },
    table: 'questionnaire_sections', fk: 'section_id' },
  question: { create: async (side) => { const q = await createQuestionnaire(side); return { id: q.question, questionnaire: q.id }; },
    table: 'questionnaire_questions', fk: 'question_id' },
};

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
  if (fresh) return KINDS[kind].create(side);
  shared[`${kind}:${side}`] ??= await KINDS[kind].create(side);
  return shared[`${kind}:${side}`];
}

function snapshot(kind, id) {
  const { table, fk } = KINDS[kind];
  return [[table, 'id'], ...tablesWith(fk).map((t) => [t, fk])].map(([t, column]) =>
    JSON.stringify(dbRows(server.database, `SELECT * FROM ${t} WHERE ${column} = ${Number(id)} ORDER BY 1`)));
}

before(async () => {
  const database = freshDatabase('authz');
  assert.equal(runTrame(['demo', '--database', database]).status, 0);
  const added = runTrame(['user', 'add', '--database', database, '--email', 'cible@trame.local', '--name', 'Compte cible',
    '--role', 'volunteer', '--password-stdin'], { input: 'une phrase de passe assez longue\n' });
  assert.equal(added.status, 0, added.stderr);
  targetUser = Number(added.stdout.match(/identifiant (\d+)/)[1]);
  // The periodic jobs (evaluation cycles of opened sessions, waiting lists) would change objects
  // between a cell's two readings: they do not run during the matrix.
  server = await startTrame({ database, demo: false, smtp: false,
    env: { TRAME_TRAININGS_JOB_SECONDS: '86400', TRAME_OUTINGS_JOB_SECONDS: '86400' } });
  // The objects are made by accounts of their own (a principal's cells may end its sessions).
  const lister = await signed(DEMO.administrator);
  const list = await lister.get('/admin/organisations?q=');
  for (const m of list.text.matchAll(/<a href="\/admin\/organisations\/(\d+)">([^<]+)<\/a>/g)) {
    orgIds[m[2].replace(/&apos;/g, "'")] = Number(m[1]);
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
  await admin.get('/compte');
});
after(async () => { await server?.stop(); });

// The objects a cell names, bound to their placeholders: fresh ones for a POST expected to succeed,
// else the shared ones (a denied POST is proven to change nothing, so it consumes nothing).
async function bind(entry, principal) {
  const fresh = entry.method === 'POST' && !DENIED.has(entry.expect[principal]);
  const objects = {};
  const text = `${entry.path} ${JSON.stringify(entry.fields || {})}`;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (FIXED.has(m[2])) continue;
    const side = m[1] || entry.scope;
    const key = `${side}:${m[2]}`;
    objects[key] ??= { kind: m[2], side, value: await object(m[2], side, fresh) };
  }
  return objects;
}

function substitute(s, entry, principal, objects) {
  const own = orgIds[ORGS[principal] || 'Sagiterre'];
  const other = principal === 'training_staff' || principal === 'trainer'
    ? orgIds['Département de Loire-Atlantique'] : orgIds['Sagiterre'];
  return String(s).replace(PLACEHOLDER, (all, side, kind, attr) => {
    if (kind === 'own_org') return String(own);
    if (kind === 'other_org') return String(other);
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
      const before = entry.method === 'POST' ? Object.values(objects).map((o) => snapshot(o.kind, o.value.id)) : [];
      const res = entry.method === 'GET'
        ? await client.get(target)
        : await client.post(target, Object.fromEntries(Object.entries(entry.fields || {})
          .map(([k, v]) => [k, substitute(v, entry, principal, objects)])));
      const expected = entry.expect[principal];
      const label = `${entry.method} ${target} (${entry.scope || 'any'})`;
      if (record) (record[`${entry.method} ${entry.path} ${entry.scope || ''}`] ??= {})[principal] = res.status;
      // A known hole (entry.holes[principal]: why) expects today's answer and is reported as still
      // open; a denial there means it was closed (then remove the hole from the matrix).
      const hole = entry.holes?.[principal];
      if (hole && res.status === expected) open.push(`${label}: answered ${res.status}; ${hole}`);
      else if (res.status !== expected && !(hole && DENIED.has(res.status))) failures.push(`${label}: expected ${expected}, got ${res.status}`);
      if (entry.method === 'POST' && (DENIED.has(expected) || DENIED.has(res.status))) {
        const afterState = Object.values(objects).map((o) => snapshot(o.kind, o.value.id));
        Object.values(objects).forEach((o, i) => {
          if (JSON.stringify(afterState[i]) !== JSON.stringify(before[i])) {
            failures.push(`${label}: answered ${res.status} but changed the ${o.side} ${o.kind} ${o.value.id}`);
          }
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
