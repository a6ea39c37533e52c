// What the juries and deliberation tests share: accounts made with `trame user add`, candidates who
// register on the public form (visitors) or signed in, eligibility decided, evaluation sessions,
// candidates and slots, and the jury composed by the certifier's staff — all over HTTP, as the
// Observatoire's staff would (certification@observatoire.local owns the demo certification).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client, ENGINE, runTrame } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

export const CERTIFIER = 'certification@observatoire.local';
export const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
export const PASSWORD = 'jury-essai-2026-motdepasse';
export const hex = () => randomBytes(3).toString('hex');

export function fixtures(server) {
  const rows = (sql) => dbRows(server.database, sql);
  const value = (sql) => dbValue(server.database, sql);

  async function signIn(email, password) {
    const c = new Client(server.url);
    const res = await c.login(email, password);
    assert.equal(res.status, 303, `login ${email}`);
    await c.get('/tableau-de-bord');  // a CSRF token
    return c;
  }

  // Posts a form (fields may repeat: arrays) with the client's CSRF token and a fresh submission id.
  function post(client, url, fields = {}) {
    const params = new URLSearchParams();
    params.append('_csrf', client.csrf);
    params.append('_submission', `s-${randomBytes(8).toString('hex')}`);
    for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
    return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  // An account made on the command line (`trame user add`), signed in: { email, id, name, client }.
  async function person(label, { role = 'jury_member', organisation } = {}) {
    const email = `${label}-${ENGINE}-${hex()}@exemple.test`;
    const name = `${label[0].toUpperCase()}${label.slice(1)} ${hex()}`;
    const args = ['user', 'add', '--email', email, '--name', name, '--role', role, '--password-stdin',
      '--database', server.database];
    if (organisation) args.push('--organisation', String(organisation));
    const r = runTrame(args, { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, `user add: ${r.stdout}${r.stderr}`);
    const id = Number(value(`SELECT id FROM users WHERE email = ${q(email)}`));
    return { email, id, name, client: await signIn(email, PASSWORD) };
  }

  const certificationId = () => Number(value(`SELECT c.id FROM certifications c JOIN certification_versions v
    ON v.certification_id = c.id AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`));

  const PROFILE = { employer_type: 'association', job: 'Chargée de projets culturels', birth_date: '1985-05-12',
    experience: 'Six ans de projets culturels avec les communes et les associations du territoire.' };

  // A visitor registers on the public form (an account without membership is made); staff decide
  // eligibility. Returns { id (registration), code, name, email, userId }.
  async function visitorCandidate(certifier, label) {
    const cert = certificationId();
    const email = `${label.toLowerCase().replace(/[^a-z]+/g, '.')}-${ENGINE}-${hex()}@exemple.test`;
    const name = `${label} ${hex()}`;
    const visitor = new Client(server.url);
    await visitor.get(`/certifications/${cert}/inscription`);
    const res = await post(visitor, `/certifications/${cert}/inscription`, { ...PROFILE, name, email });
    assert.equal(res.status, 303, `registration of ${email}: ${textOf((res.text.match(/error-summary[\s\S]{0,400}/) || [res.text])[0])}`);
    return eligible(certifier, email, name);
  }

  // A person with an account (and its memberships) registers signed in.
  async function signedInCandidate(certifier, who) {
    const cert = certificationId();
    await who.client.get(`/certifications/${cert}/inscription`);
    const res = await post(who.client, `/certifications/${cert}/inscription`, PROFILE);
    assert.equal(res.status, 303, `registration of ${who.email}: ${textOf(res.text).slice(0, 300)}`);
    return eligible(certifier, who.email, who.name);
  }

  async function eligible(certifier, email, name) {
    const [id, code, userId] = rows(`SELECT r.id, r.code, r.user_id FROM certification_registrations r JOIN users u
      ON u.id = r.user_id WHERE u.email = ${q(email)} ORDER BY r.id DESC`)[0];
    const res = await post(certifier, `/certifications/inscriptions/${id}/decision`,
      { decision: 'eligible', reason: 'Expérience de coopération attestée.' });
    assert.equal(res.status, 303, 'eligibility decided');
    assert.equal(value(`SELECT status FROM certification_registrations WHERE id = ${id}`), 'eligible');
    return { id: Number(id), code, name, email, userId: Number(userId) };
  }

  let dayOffset = 0;
  // An evaluation session of the demo certification, some day next year. Returns its id.
  async function session(certifier, title) {
    const cert = certificationId();
    dayOffset += 1;
    const day = `2027-0${1 + (dayOffset % 9)}-${String(10 + dayOffset).padStart(2, '0')}`;
    await certifier.get(`/certifications/${cert}/sessions`);
    const res = await post(certifier, `/certifications/${cert}/sessions`,
      { title, day, place: 'Observatoire des politiques culturelles', address: '1 rue du Vieux Temple, Grenoble' });
    assert.equal(res.status, 303, `session created: ${textOf(res.text).slice(0, 300)}`);
    return Number(res.location.match(/\/certifications\/sessions\/(\d+)/)[1]);
  }

  // Adds a registration to a session with its two slots; returns the entry id.
  async function entry(certifier, sessionId, registration, slot) {
    let res = await post(certifier, `/certifications/sessions/${sessionId}/candidats`, { registration: registration.id });
    assert.equal(res.status, 303, `candidate added: ${textOf((res.text.match(/flash-error[\s\S]{0,300}/) || [''])[0])}`);
    const id = Number(value(`SELECT id FROM certification_entries WHERE session_id = ${sessionId}
      AND registration_id = ${registration.id}`));
    const hour = (h) => `${String(h).padStart(2, '0')}:00`;
    res = await post(certifier, `/certifications/entrees/${id}/creneaux`, { session: sessionId,
      exercise_from: `${hour(8 + 2 * slot)}`, exercise_to: `${hour(8 + 2 * slot)}`.replace(':00', ':45'),
      defence_from: `${hour(9 + 2 * slot)}`, defence_to: `${hour(9 + 2 * slot)}`.replace(':00', ':30') });
    assert.equal(res.status, 303, 'slots set');
    assert.equal(Number(value(`SELECT COUNT(*) FROM certification_slots WHERE entry_id = ${id}`)), 2, 'two slots');
    return id;
  }

  function addMember(certifier, sessionId, who, { chair = false, kind = 'professional' } = {}) {
    return post(certifier, `/certifications/sessions/${sessionId}/jury`,
      { email: who.email, kind, ...(chair ? { chair: '1' } : {}) });
  }

  // The criteria of the demo certification's version, block by block: [{ block, code, criteria: [id…] }].
  function blocks(registrationId) {
    const list = rows(`SELECT b.id, b.code, r.id FROM certification_registrations g
      JOIN certification_blocks b ON b.version_id = g.version_id JOIN certification_competences k ON k.block_id = b.id
      JOIN certification_criteria r ON r.competence_id = k.id WHERE g.id = ${registrationId}
      ORDER BY b.position, b.id, k.position, k.id, r.position, r.id`);
    const out = [];
    for (const [block, code, criterion] of list) {
      let b = out.find((x) => x.block === Number(block));
      if (!b) out.push(b = { block: Number(block), code, criteria: [] });
      b.criteria.push(Number(criterion));
    }
    return out;
  }

  // The grid form's fields: marks is criterion id → [mark, comment] (missing: not marked).
  function gridFields(criteria, marks, action) {
    const f = { criterion: criteria, action };
    for (const c of criteria) {
      const m = marks[c];
      if (m) { f[`mark_${c}`] = m[0]; f[`comment_${c}`] = m[1] || ''; }
    }
    return f;
  }

  // Every criterion acquired, except those of the blocks named in `failing` (not acquired, commented).
  function fullMarks(bs, { failing = [], comment = 'Non démontré pendant la mise en situation.' } = {}) {
    const marks = {};
    for (const b of bs) for (const c of b.criteria)
      marks[c] = failing.includes(b.code) ? ['not_acquired', comment] : ['acquired', ''];
    return marks;
  }

  async function submitGrid(juror, entryId, bs, marks) {
    const criteria = bs.flatMap((b) => b.criteria);
    await juror.client.get(`/certifications/entrees/${entryId}/grille`);
    return post(juror.client, `/certifications/entrees/${entryId}/grille`, gridFields(criteria, marks, 'submit'));
  }

  // A grid and its marks, as one string (what a refusal must leave as it was).
  function gridState(entryId) {
    return JSON.stringify([
      rows(`SELECT id, juror_id, status, submitted_at, reopened_at, reopened_reason, updated_at FROM certification_grids
        WHERE entry_id = ${entryId} ORDER BY id`),
      rows(`SELECT m.grid_id, m.criterion_id, m.mark, m.comment FROM certification_grid_marks m
        JOIN certification_grids g ON g.id = m.grid_id WHERE g.entry_id = ${entryId} ORDER BY m.grid_id, m.criterion_id`),
    ]);
  }

  return { rows, value, signIn, post, person, certificationId, visitorCandidate, signedInCandidate, session, entry,
    addMember, blocks, gridFields, fullMarks, submitGrid, gridState };
}

// The text of a PDF (poppler's pdftotext), whitespace folded.
export function pdfText(bytes) {
  const r = spawnSync('pdftotext', ['-', '-'], { input: bytes });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout.toString('utf8').replace(/\s+/g, ' ');
}

export { textOf, q };
