// Certification candidates: a visitor registers on a published certification's
// /certifications/{id}/inscription and gets an account with a password link, a 'submitted'
// registration coded C<id>-NNN on the version in force (which becomes locked), the certifier's staff
// being told; an address that already has an account gets the same answer and nothing is recorded
// (its owner is told); a signed-in person registers without name or e-mail, once at a time; a
// trainee registers from the training session that prepares it, anyone else is refused that session;
// bad input gets a French message (422) and records nothing; a draft or unknown certification is 404.
// The certifier's staff decide the eligibility with reasons (e-mailed to the candidate), once; another
// organisation's staff get 404; the candidate withdraws once. The candidate's pages are theirs and the
// certifier's staff's, 404 to anyone else. After a registration, an edit of the referential makes
// version 2 and the registration stays on version 1.
//
// Every candidate is made here (fresh addresses), not taken from the demo's; the database is read to
// prove what changed, or that nothing did. E-mails are read from mail_outbox (what Trame sent, per
// recipient), and the account's e-mail also from the SMTP sink.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, linkIn, runTrame, startTrame, waitForMail, parisYear } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const CERTIFIER = 'certification@observatoire.local';  // training staff of the Observatoire (demo)
const OTHER_STAFF = DEMO.training_staff;              // formation@sagiterre.local: another organisation
const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
const PASSWORD = 'Certification-candidat-2026!';
const unique = (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`;
const freshEmail = () => `${unique('cand')}@exemple.org`;

let server;
let certifier;
let otherStaff;
let admin;
let anonymous;
let demoId;       // the demo's certification
let freshId;      // a certification published by this file (its version 1 not yet locked)
let first;        // the first visitor: { email, client, userId, registration }
let trainee;      // the demo trainee: { client, registration }

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);

async function signIn(email, password) {
  const c = new Client(server.url);
  const res = password ? await c.login(email, password) : await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Posts a form from a page (GET first for the CSRF token), with a fresh one-time submission id (a
// page without the form, once decided, has none to give).
async function submit(client, page, path, fields) {
  await client.get(page);
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

// The page's error summary (or error flash).
const alertOf = (res) => textOf((res.text.match(/class="flash flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/) || [])[1] || '');

function assertRefused(res, status, message, label) {
  assert.equal(res.status, status, `${label}: ${status} (${alertOf(res)})`);
  assert.ok(alertOf(res).includes(message), `${label}: « ${message} » in « ${alertOf(res)} »`);
}

// What Trame sent to an address: [{ subject, body }] in order.
const outbox = (recipient) => rows(`SELECT subject, body FROM mail_outbox WHERE recipient = ${q(recipient)} ORDER BY id`)
  .map(([subject, body]) => ({ subject, body }));

// The registrations, accounts and versions a refusal must leave as they were.
function state() {
  return JSON.stringify([
    rows('SELECT * FROM certification_registrations ORDER BY id'),
    rows('SELECT id, email, name FROM users ORDER BY id'),
    rows('SELECT id, certification_id, number, locked_at FROM certification_versions ORDER BY id'),
    value('SELECT COUNT(*) FROM password_resets'),
  ]);
}

const registrationUrl = (id) => `/certifications/inscriptions/${id}`;
const formUrl = (id) => `/certifications/${id}/inscription`;

function candidateFields(extra = {}) {
  return {
    name: 'Alix Candidate (test)', email: freshEmail(), employer_type: 'association',
    job: 'Coordinatrice de projets culturels', birth_date: '1986-04-23',
    experience: 'Six ans de coordination de projets avec des communes et des associations.', ...extra,
  };
}

// A visitor registers; their password is chosen through the link e-mailed; they sign in.
async function visitorCandidate(certificationId, extra = {}) {
  const fields = candidateFields(extra);
  const res = await submit(new Client(server.url), formUrl(certificationId), formUrl(certificationId), fields);
  assert.equal(res.status, 303, `registration of ${fields.email}: ${alertOf(res)}`);
  const mail = await waitForMail((m) => m.to === fields.email && m.body.includes('/reinitialisation/'));
  const link = linkIn(mail.body, '/reinitialisation/');
  const c = new Client(server.url);
  await c.get(link);
  const set = await c.post(link, { password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(set.status, 303, 'password chosen');
  const userId = Number(value(`SELECT id FROM users WHERE email = ${q(fields.email)}`));
  const registration = Number(value(`SELECT id FROM certification_registrations WHERE user_id = ${userId}
    AND certification_id = ${certificationId}`));
  return { email: fields.email, fields, res, userId, registration, client: await signIn(fields.email, PASSWORD) };
}

before(async () => {
  server = await startTrame();
  certifier = await signIn(CERTIFIER);
  otherStaff = await signIn(OTHER_STAFF);
  admin = await signIn(DEMO.administrator);
  anonymous = new Client(server.url);
  demoId = Number(value(`SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id
    AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`));
  assert.ok(demoId, 'the demo certification');

  // A certification of the Observatoire, published by its staff over HTTP, that nobody registered on.
  const description = {
    title: unique('Animer une médiation territoriale'), register: 'rs', registration_number: 'RS4242',
    decision_date: '2025-05-20', validity_end: '', summary: 'Pour les tests des candidats.', audience: 'Médiateurs',
    prerequisites: 'Deux ans de médiation', modalities: 'Rapport écrit', equivalences: '',
  };
  let res = await submit(certifier, '/certifications/nouvelle', '/certifications', description);
  assert.equal(res.status, 303);
  freshId = Number(res.location.match(/^\/certifications\/(\d+)\/modifier/)[1]);
  const edit = `/certifications/${freshId}/modifier`;
  res = await submit(certifier, edit, `/certifications/${freshId}/blocs`, { block_code: 'BC01', block_title: 'Médier' });
  assert.equal(res.status, 303);
  const block = Number(value(`SELECT MAX(b.id) FROM certification_blocks b JOIN certification_versions v ON v.id = b.version_id
    WHERE v.certification_id = ${freshId}`));
  res = await submit(certifier, edit, `/certifications/blocs/${block}/competences`, { competence_title: 'Écouter les publics' });
  assert.equal(res.status, 303);
  const competence = Number(value(`SELECT MAX(id) FROM certification_competences WHERE block_id = ${block}`));
  res = await submit(certifier, edit, `/certifications/competences/${competence}/criteres`,
    { criterion_title: 'Les publics sont entendus', criterion_modality: 'report' });
  assert.equal(res.status, 303);
  res = await submit(certifier, edit, `/certifications/${freshId}/statut`, { status: 'published' });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(value(`SELECT status FROM certifications WHERE id = ${freshId}`), 'published');
  assert.equal(value(`SELECT locked_at FROM certification_versions WHERE certification_id = ${freshId}`), '0');
});
after(async () => { await server?.stop(); });

test('a visitor registers: an account with a password link, a submitted registration C<id>-NNN, the version locked, the staff told', async () => {
  const form = await anonymous.get(formUrl(demoId));
  assert.equal(form.status, 200);
  for (const name of ['name', 'email', 'employer_type', 'job', 'birth_date', 'experience'])
    assert.ok(form.text.includes(`name="${name}"`), `the form asks ${name}`);
  const before = Number(value(`SELECT COUNT(*) FROM certification_registrations WHERE certification_id = ${demoId}`));
  const staffBefore = outbox(CERTIFIER).length;

  first = await visitorCandidate(demoId);
  assert.equal(first.res.location, `/certifications/${demoId}`, 'a visitor is sent back to the certification');
  const user = rows(`SELECT name, email FROM users WHERE id = ${first.userId}`)[0];
  assert.deepEqual(user, [first.fields.name, first.email], 'an account with the name and address typed');
  const [code, status, origin, employer, job, birth, experience, version, userId] = rows(`SELECT code, status, origin,
    employer_type, job, birth_date, experience, version_id, user_id FROM certification_registrations WHERE id = ${first.registration}`)[0];
  assert.equal(code, `C${demoId}-${String(before + 1).padStart(3, '0')}`, 'the next code of the certification');
  assert.equal(status, 'submitted');
  assert.equal(origin, 'direct');
  assert.deepEqual([employer, job, birth, experience],
    [first.fields.employer_type, first.fields.job, first.fields.birth_date, first.fields.experience]);
  assert.equal(Number(userId), first.userId);
  const current = rows(`SELECT v.id, v.locked_at FROM certification_versions v JOIN certifications c ON c.id = v.certification_id
    AND v.number = c.current_version WHERE c.id = ${demoId}`)[0];
  assert.equal(Number(version), Number(current[0]), 'on the version in force');
  assert.ok(Number(current[1]) > 0, 'the version is locked');
  assert.equal(Number(value(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${first.userId}`)), 1, 'one password link');

  const account = outbox(first.email);
  assert.equal(account.length, 1, 'one e-mail to the candidate');
  assert.equal(account[0].subject, 'Votre compte Trame : choisissez votre mot de passe');
  assert.ok(account[0].body.includes(code) && account[0].body.includes(registrationUrl(first.registration)), 'the code and the page');
  const staff = outbox(CERTIFIER).slice(staffBefore).filter((m) => m.body.includes(`(${code})`));
  assert.equal(staff.length, 1, "the certifier's staff are told");
  assert.equal(staff[0].subject, `Nouvelle inscription à examiner : ${DEMO_TITLE}`);
  assert.ok(staff[0].body.includes(`/certifications/${demoId}/candidats`));
  assert.equal(outbox(OTHER_STAFF).filter((m) => m.body.includes(`(${code})`)).length, 0, "another organisation's staff are not");

  // Signed in with the password chosen, they find their registration.
  const mine = await first.client.get('/certifications/inscriptions');
  assert.equal(mine.status, 200);
  assert.ok(mine.text.includes(`href="${registrationUrl(first.registration)}"`) && textOf(mine.text).includes(code));
  const page = await first.client.get(registrationUrl(first.registration));
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('En attente de la décision de recevabilité'));
});

test('an address that already has an account gets the same answer, nothing is recorded, its owner is told', async () => {
  const known = DEMO.volunteer;
  const was = state();
  const before = outbox(known).length;
  const res = await submit(new Client(server.url), formUrl(demoId), formUrl(demoId),
    candidateFields({ name: 'Quelqu’un', email: `  ${known.toUpperCase()} ` }));
  assert.equal(res.status, 303);
  assert.equal(res.location, first.res.location, 'the same answer as for a new address');
  assert.equal(state(), was, 'no account, no registration, no password link');
  const told = outbox(known).slice(before);
  assert.equal(told.length, 1, 'the owner of the address is told');
  assert.equal(told[0].subject, `Inscription à la certification « ${DEMO_TITLE} » : connectez-vous pour la déposer`);
  assert.ok(told[0].body.includes(formUrl(demoId)) && told[0].body.includes('/mot-de-passe-oublie'));
  // The same flash message for both.
  const c = new Client(server.url);
  const r1 = await submit(c, formUrl(demoId), formUrl(demoId), candidateFields({ email: known }));
  const shown1 = textOf((await c.get(r1.location)).text);
  assert.ok(shown1.includes('Votre inscription est envoyée. Consultez votre messagerie'), 'known address: check your mail');
});

test('a signed-in person registers without name or e-mail, once at a time; the version locks; an edit then makes version 2', async () => {
  const locked = () => Number(value(`SELECT locked_at FROM certification_versions WHERE certification_id = ${freshId} AND number = 1`));
  assert.equal(locked(), 0, 'nobody registered yet');
  const form = await first.client.get(formUrl(freshId));
  assert.equal(form.status, 200);
  assert.ok(!form.text.includes('name="email"') && textOf(form.text).includes(first.email), 'signed in: no name nor address asked');
  const staffBefore = outbox(CERTIFIER).length;
  const mailsBefore = outbox(first.email).length;
  const res = await submit(first.client, formUrl(freshId), formUrl(freshId), {
    employer_type: 'local_authority', job: 'Médiatrice', birth_date: '1986-04-23', experience: 'Trois ans de médiation.',
    name: 'Ignoré', email: 'ignore@exemple.org',
  });
  assert.equal(res.status, 303, alertOf(res));
  const id = Number(value(`SELECT id FROM certification_registrations WHERE certification_id = ${freshId} AND user_id = ${first.userId}`));
  assert.equal(res.location, registrationUrl(id), 'to the registration page');
  assert.deepEqual(rows(`SELECT code, status, employer_type FROM certification_registrations WHERE id = ${id}`)[0],
    [`C${freshId}-001`, 'submitted', 'local_authority']);
  assert.equal(value(`SELECT COUNT(*) FROM users WHERE email = 'ignore@exemple.org'`), '0', 'the typed address is ignored');
  assert.ok(locked() > 0, 'version 1 is locked by the first registration');
  const received = outbox(first.email).slice(mailsBefore);
  assert.equal(received.length, 1);
  assert.ok(received[0].subject.startsWith('Inscription reçue : '), received[0].subject);
  assert.ok(received[0].body.includes(`C${freshId}-001`));
  assert.equal(outbox(CERTIFIER).slice(staffBefore).filter((m) => m.body.includes(`(C${freshId}-001)`)).length, 1, 'staff told');

  // A second registration while this one is in progress.
  const was = state();
  const again = await submit(first.client, formUrl(freshId), formUrl(freshId), {
    employer_type: 'local_authority', job: 'Médiatrice', birth_date: '1986-04-23', experience: 'Encore.',
  });
  assertRefused(again, 409, 'Vous avez déjà une inscription en cours pour cette certification.', 'a second registration');
  assert.equal(state(), was, 'nothing recorded');

  // The certifier edits the referential: version 2; the registration stays on version 1.
  const v1 = Number(value(`SELECT id FROM certification_versions WHERE certification_id = ${freshId} AND number = 1`));
  const title = value(`SELECT title FROM certification_versions WHERE id = ${v1}`);
  const edit = await submit(certifier, `/certifications/${freshId}/modifier`, `/certifications/${freshId}`, {
    title: `${title} (révisée)`, register: 'rs', registration_number: 'RS4242', decision_date: '2025-05-20', validity_end: '',
    summary: 'Révisée après la première inscription.', audience: 'Médiateurs', prerequisites: 'Deux ans de médiation',
    modalities: 'Rapport écrit', equivalences: '',
  });
  assert.equal(edit.status, 303, alertOf(edit));
  assert.equal(value(`SELECT current_version FROM certifications WHERE id = ${freshId}`), '2');
  assert.equal(Number(value(`SELECT version_id FROM certification_registrations WHERE id = ${id}`)), v1, 'still on version 1');
  assert.equal(value(`SELECT title FROM certification_versions WHERE id = ${v1}`), title, 'version 1 unchanged');
  const page = await first.client.get(registrationUrl(id));
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`href="/certifications/${freshId}/versions/1"`), 'the page links the version assessed');
  assert.ok(textOf(page.text).includes(title) && !textOf(page.text).includes('(révisée)'), 'and names it');
});

test('a trainee registers from the training session that prepares it; anyone else is refused that session', async () => {
  const session = Number(value(`SELECT s.id FROM training_sessions s JOIN certification_preparations cp ON cp.programme_id = s.programme_id
    JOIN training_applications a ON a.session_id = s.id JOIN users u ON u.id = a.user_id
    WHERE cp.certification_id = ${demoId} AND u.email = ${q(DEMO.trainee)} AND a.status IN ('admitted','confirmed','completed')
    ORDER BY s.id LIMIT 1`));
  assert.ok(session, "the demo trainee follows a session of Sagiterre's programme that prepares the certification");
  const fields = { employer_type: 'public_body', job: 'Chargé de médiation', birth_date: '1992-09-14',
    experience: 'La formation de Sagiterre et deux projets de territoire.', training_session: session };

  // Someone who does not follow it (signed in), and a visitor: refused, nothing recorded.
  const volunteer = await signIn(DEMO.volunteer);
  let was = state();
  let res = await submit(volunteer, formUrl(demoId), formUrl(demoId), fields);
  assertRefused(res, 422, 'Vous ne suivez pas cette formation, ou elle ne prépare pas cette certification.', 'not their session');
  res = await submit(new Client(server.url), formUrl(demoId), formUrl(demoId), candidateFields({ training_session: session }));
  assertRefused(res, 422, 'Vous ne suivez pas cette formation', 'a visitor naming a session');
  assert.equal(state(), was, 'nothing recorded');

  // The trainee is offered it, then registers from it.
  const c = await signIn(DEMO.trainee);
  const mine = await c.get('/certifications/inscriptions');
  assert.ok(textOf(mine.text).includes(`prépare la certification « ${DEMO_TITLE} »`), 'the offer');
  assert.ok(mine.text.includes(`${formUrl(demoId)}?session=${session}`));
  const form = await c.get(`${formUrl(demoId)}?session=${session}`);
  assert.ok(form.text.includes(`<option value="${session}" selected>`), 'the session chosen');
  res = await submit(c, `${formUrl(demoId)}?session=${session}`, formUrl(demoId), fields);
  assert.equal(res.status, 303, alertOf(res));
  const userId = Number(value(`SELECT id FROM users WHERE email = ${q(DEMO.trainee)}`));
  const [id, origin, ts] = rows(`SELECT id, origin, training_session_id FROM certification_registrations
    WHERE user_id = ${userId} AND certification_id = ${demoId}`)[0];
  assert.equal(origin, 'session');
  assert.equal(Number(ts), session);
  trainee = { client: c, registration: Number(id) };
  assert.ok(!textOf((await c.get('/certifications/inscriptions')).text).includes(`prépare la certification « ${DEMO_TITLE} »`),
    'no longer offered');
});

test('bad input gets its French message (422) and records nothing; a draft or unknown certification is 404', async () => {
  const cases = [
    [{ job: '  ' }, 'Indiquez votre métier ou votre fonction', 'missing job'],
    [{ birth_date: '23/04/1986' }, 'Indiquez votre date de naissance (jj/mm/aaaa)', 'birth date as dd/mm/yyyy'],
    [{ birth_date: '1986-02-30' }, 'Indiquez votre date de naissance', 'birth date that does not exist'],
    [{ birth_date: `${parisYear() + 1}-01-15` }, 'Indiquez votre date de naissance', 'birth date in the future'],
    [{ birth_date: '1899-12-31' }, 'Indiquez votre date de naissance', 'birth date before 1900'],
    [{ employer_type: 'mairie' }, "Choisissez le type de votre employeur.", 'unknown employer type'],
    [{ employer_type: '' }, "Choisissez le type de votre employeur.", 'no employer type'],
    [{ experience: ' \n ' }, 'Décrivez en quelques lignes comment vous remplissez les prérequis', 'empty experience'],
    [{ email: 'alix.exemple.org' }, 'Indiquez une adresse e-mail valide', 'an e-mail without @'],
    [{ name: '' }, 'Indiquez vos prénom et nom', 'no name'],
  ];
  const was = state();
  for (const [change, message, label] of cases) {
    const fields = candidateFields(change);
    const res = await submit(new Client(server.url), formUrl(demoId), formUrl(demoId), fields);
    assertRefused(res, 422, message, label);
    if (!('job' in change)) assert.ok(res.text.includes(`value="${fields.job}"`), `${label}: the form keeps what was typed`);
  }
  // Signed in: the same checks on the profile.
  let res = await submit(first.client, formUrl(demoId), formUrl(demoId),
    { employer_type: 'association', job: 'Médiatrice', birth_date: '2199-01-01', experience: 'x' });
  assertRefused(res, 422, 'Indiquez votre date de naissance', 'signed in, birth date in the future');
  assert.equal(state(), was, 'nothing recorded');

  // A draft of the Observatoire, and an unknown id.
  res = await submit(certifier, '/certifications/nouvelle', '/certifications', {
    title: unique('Brouillon'), register: 'rs', registration_number: '', decision_date: '', validity_end: '', summary: 'x',
    audience: '', prerequisites: '', modalities: '', equivalences: '',
  });
  assert.equal(res.status, 303);
  const draft = Number(res.location.match(/^\/certifications\/(\d+)/)[1]);
  const afterDraft = state();
  for (const id of [draft, 999999]) {
    assert.equal((await anonymous.get(formUrl(id))).status, 404, `GET ${formUrl(id)}`);
    const c = new Client(server.url);
    await c.get(formUrl(demoId));  // a CSRF token
    res = await c.post(formUrl(id), { ...candidateFields(), _submission: unique('s') });
    assert.equal(res.status, 404, `POST ${formUrl(id)}`);
    res = await first.client.post(formUrl(id), { employer_type: 'association', job: 'x', birth_date: '1986-04-23',
      experience: 'x', _submission: unique('s') });
    assert.equal(res.status, 404, `POST ${formUrl(id)} signed in`);
  }
  assert.equal(state(), afterDraft, 'nothing recorded');
});

test('eligibility: decided by the certifier with reasons, once, e-mailed; 404 to another organisation; the candidate withdraws once', async () => {
  const id = first.registration;
  const code = value(`SELECT code FROM certification_registrations WHERE id = ${id}`);
  const registration = () => JSON.stringify(rows(`SELECT * FROM certification_registrations WHERE id = ${id}`));
  const page = registrationUrl(id);
  const staffView = await certifier.get(page);
  assert.equal(staffView.status, 200);
  assert.ok(staffView.text.includes(`action="${page}/decision"`), 'the decision form');
  assert.ok(textOf(staffView.text).includes(first.fields.experience) && textOf(staffView.text).includes('23/04/1986'),
    'the staff read the experience and the birth date');

  let was = registration();
  const mailsBefore = outbox(first.email).length;
  let res = await submit(certifier, page, `${page}/decision`, { decision: 'eligible', reason: '   ' });
  assertRefused(res, 422, 'Motivez la décision : le candidat la lira', 'no reason');
  res = await submit(certifier, page, `${page}/decision`, { decision: 'peut-être', reason: 'Pourquoi pas.' });
  assertRefused(res, 422, 'Choisissez : recevable ou non recevable.', 'an unknown decision');
  assert.ok(res.text.includes('Pourquoi pas.'), 'the reason typed is kept');
  // Another organisation's staff: 404, as for a missing id.
  assert.equal((await otherStaff.get(page)).status, 404);
  res = await submit(otherStaff, '/certifications', `${page}/decision`, { decision: 'ineligible', reason: 'Intrusion.' });
  assert.equal(res.status, 404, "another organisation's staff decide");
  res = await submit(certifier, page, '/certifications/inscriptions/999999/decision', { decision: 'eligible', reason: 'x' });
  assert.equal(res.status, 404, 'an unknown registration');
  assert.equal(registration(), was, 'nothing changed');
  assert.equal(outbox(first.email).length, mailsBefore, 'nothing sent');

  const reason = 'Six ans de coordination : les prérequis sont remplis.';
  res = await submit(certifier, page, `${page}/decision`, { decision: 'eligible', reason });
  assert.equal(res.status, 303, alertOf(res));
  const certifierId = Number(value(`SELECT id FROM users WHERE email = ${q(CERTIFIER)}`));
  const [status, savedReason, by, at] = rows(`SELECT status, decision_reason, decided_by, decided_at FROM certification_registrations WHERE id = ${id}`)[0];
  assert.deepEqual([status, savedReason, Number(by)], ['eligible', reason, certifierId]);
  assert.ok(Number(at) > 0);
  const told = outbox(first.email).slice(mailsBefore);
  assert.equal(told.length, 1);
  assert.equal(told[0].subject, `Votre inscription est recevable : ${DEMO_TITLE}`);
  assert.ok(told[0].body.includes(reason) && told[0].body.includes(code), 'the reasons and the code');
  const candidateView = textOf((await first.client.get(page)).text);
  assert.ok(candidateView.includes('Recevable') && candidateView.includes(reason), 'the candidate reads the decision');
  assert.ok(!candidateView.includes('23/04/1986'), 'the birth date is for the staff only');

  // Twice: 409, nothing changes.
  was = registration();
  res = await submit(certifier, page, `${page}/decision`, { decision: 'ineligible', reason: 'Finalement non.' });
  assertRefused(res, 409, 'La recevabilité de cette inscription a déjà été décidée', 'a second decision');
  assert.equal(registration(), was);
  assert.equal(outbox(first.email).length, mailsBefore + 1, 'nothing more sent');

  // Ineligible, for the trainee: e-mailed with the reasons; an ineligible registration is not withdrawn.
  const traineeReason = 'La formation est en cours : inscrivez-vous après sa fin.';
  const traineeBefore = outbox(DEMO.trainee).length;
  res = await submit(certifier, registrationUrl(trainee.registration), `${registrationUrl(trainee.registration)}/decision`,
    { decision: 'ineligible', reason: traineeReason });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(value(`SELECT status FROM certification_registrations WHERE id = ${trainee.registration}`), 'ineligible');
  const no = outbox(DEMO.trainee).slice(traineeBefore);
  assert.equal(no.length, 1);
  assert.equal(no[0].subject, `Votre inscription n'est pas recevable : ${DEMO_TITLE}`);
  assert.ok(no[0].body.includes(traineeReason));
  was = JSON.stringify(rows(`SELECT * FROM certification_registrations WHERE id = ${trainee.registration}`));
  res = await submit(trainee.client, registrationUrl(trainee.registration), `${registrationUrl(trainee.registration)}/retrait`, {});
  assertRefused(res, 409, 'Cette inscription ne peut plus être retirée.', 'withdrawing an ineligible registration');
  assert.equal(JSON.stringify(rows(`SELECT * FROM certification_registrations WHERE id = ${trainee.registration}`)), was);

  // Someone else cannot withdraw it; the candidate does, once.
  was = registration();
  res = await submit(trainee.client, registrationUrl(trainee.registration), `${page}/retrait`, {});
  assert.equal(res.status, 404, "someone else's registration");
  res = await submit(certifier, page, `${page}/retrait`, {});
  assert.equal(res.status, 404, 'the staff do not withdraw for the candidate');
  assert.equal(registration(), was);
  const withdrawForm = await first.client.get(page);
  assert.ok(withdrawForm.text.includes(`action="${page}/retrait"`), 'the withdrawal form');
  res = await submit(first.client, page, `${page}/retrait`, {});
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(res.location, '/certifications/inscriptions');
  assert.deepEqual(rows(`SELECT status, decision_reason FROM certification_registrations WHERE id = ${id}`)[0], ['withdrawn', reason],
    'withdrawn, the decision kept');
  was = registration();
  res = await submit(first.client, page, `${page}/retrait`, {});
  assertRefused(res, 409, 'Cette inscription ne peut plus être retirée.', 'a second withdrawal');
  assert.equal(registration(), was);

  // Withdrawn is final; a new registration starts again with the next code.
  res = await submit(first.client, formUrl(demoId), formUrl(demoId),
    { employer_type: 'association', job: 'Coordinatrice', birth_date: '1986-04-23', experience: 'De nouveau.' });
  assert.equal(res.status, 303, alertOf(res));
  const again = rows(`SELECT id, code, status FROM certification_registrations WHERE user_id = ${first.userId}
    AND certification_id = ${demoId} ORDER BY id`);
  assert.equal(again.length, 2);
  assert.equal(again[1][2], 'submitted');
  assert.notEqual(again[1][1], code);
});

test("the candidate's pages: theirs and the certifier's staff's, 404 to anyone else", async () => {
  const id = first.registration;
  const code = value(`SELECT code FROM certification_registrations WHERE id = ${id}`);
  const volunteer = await signIn(DEMO.volunteer);
  assert.equal((await first.client.get(registrationUrl(id))).status, 200, 'the candidate');
  assert.equal((await certifier.get(registrationUrl(id))).status, 200, "the certifier's staff");
  assert.equal((await admin.get(registrationUrl(id))).status, 200, 'the administrator');
  assert.equal((await volunteer.get(registrationUrl(id))).status, 404, 'another user');
  assert.equal((await otherStaff.get(registrationUrl(id))).status, 404, "another organisation's staff");
  assert.equal((await trainee.client.get(registrationUrl(id))).status, 404, 'another candidate');
  assert.equal((await volunteer.get('/certifications/inscriptions/999999')).status, 404, 'a missing id');
  const anon = await anonymous.get(registrationUrl(id));
  assert.ok([302, 303].includes(anon.status) && anon.location.startsWith('/connexion'), 'a visitor is asked to sign in');

  const mine = await first.client.get('/certifications/inscriptions');
  assert.ok(textOf(mine.text).includes(code) && textOf(mine.text).includes('Retirée'), 'mine, with its status');
  // The dashboard's panel: the registrations in progress, not the withdrawn one.
  const dashboard = await first.client.get('/tableau-de-bord');
  assert.equal(dashboard.status, 200);
  const inProgress = rows(`SELECT id FROM certification_registrations WHERE user_id = ${first.userId} AND status = 'submitted'`);
  assert.ok(inProgress.length >= 2);
  for (const [r] of inProgress) assert.ok(dashboard.text.includes(`href="${registrationUrl(r)}"`), `the panel links ${r}`);
  assert.ok(!dashboard.text.includes(`href="${registrationUrl(id)}"`), 'not the withdrawn one');
  const theirs = await volunteer.get('/certifications/inscriptions');
  assert.equal(theirs.status, 200);
  assert.ok(!theirs.text.includes(registrationUrl(id)) && !textOf(theirs.text).includes(code), "not in someone else's list");

  // The staff's list of candidates, filtered by status; 404 to another organisation.
  const list = await certifier.get(`/certifications/${demoId}/candidats?statut=withdrawn`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="${registrationUrl(id)}"`), 'listed among the withdrawn');
  assert.ok(!(await certifier.get(`/certifications/${demoId}/candidats?statut=eligible`)).text.includes(`href="${registrationUrl(id)}"`));
  assert.equal((await otherStaff.get(`/certifications/${demoId}/candidats`)).status, 404);
  assert.equal((await volunteer.get(`/certifications/${demoId}/candidats`)).status, 403);
});

test('registrations arriving together each get their own code', async () => {
  // Signed-in people (accounts made with `trame user add`), so that nothing else (a visitor's rate
  // counter) puts their registrations one after the other.
  const organisation = Number(value("SELECT id FROM organisations WHERE name = 'Sagiterre'"));
  const people = [];
  for (let i = 0; i < 6; i++) {
    const email = `${unique('ensemble')}@exemple.org`;
    const r = runTrame(['user', 'add', '--email', email, '--name', `Ensemble ${i}`, '--role', 'trainee', '--organisation',
      String(organisation), '--password-stdin', '--database', server.database], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    const c = await signIn(email, PASSWORD);
    await c.get(formUrl(freshId));
    people.push(c);
  }
  const before = Number(value(`SELECT COUNT(*) FROM certification_registrations WHERE certification_id = ${freshId}`));
  const answers = await Promise.all(people.map((c) => c.post(formUrl(freshId), {
    employer_type: 'company', job: 'Chargé de production', birth_date: '1991-06-02', experience: 'Des tournées en territoire.',
    _submission: unique('s'),
  })));
  assert.deepEqual(answers.map((r) => r.status), answers.map(() => 303), `every registration accepted (${answers.map(alertOf).join(' | ')})`);
  const codes = rows(`SELECT code FROM certification_registrations WHERE certification_id = ${freshId} ORDER BY code`).map((r) => r[0]);
  assert.equal(codes.length, before + 6);
  assert.deepEqual(codes, codes.map((_, i) => `C${freshId}-${String(i + 1).padStart(3, '0')}`), 'one code each, none skipped');
});
