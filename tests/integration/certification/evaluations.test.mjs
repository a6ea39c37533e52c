// Certification evaluation sessions: the certifier's staff create a session (a bad day, or a report
// deadline not before the day: 422, nothing created), add confidential cases (read by the staff only),
// add eligible candidates (a registration awaiting its decision is refused), set their slots on the
// session's day (the jury sits one candidate at a time: an overlap with another candidate is 409; a
// candidate's exercise cannot overlap their own defence; a slot lasts 10 minutes at least), convene
// them (an e-mail with convocation.ics: two events at the right times in UTC). The candidate uploads
// their written report: a PDF by its bytes, kept with its SHA-256 and acknowledged by e-mail, a
// replacement keeping the history; not a PDF, over 20 MiB, after the deadline (shown), or on someone
// else's entry: refused and nothing stored. Reports download for their candidate and the staff, 404
// to anyone else. Another organisation's staff get 404 everywhere.
//
// The candidates are made here (visitors registering on the demo's certification, decided eligible
// by the certifier over HTTP), not taken from the demo's; the database is read to prove what changed,
// or that nothing did; e-mails are read from mail_outbox.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, linkIn, startTrame, waitForMail } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const CERTIFIER = 'certification@observatoire.local';  // training staff of the Observatoire (demo)
const OTHER_STAFF = DEMO.training_staff;              // formation@sagiterre.local: another organisation
const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
const PASSWORD = 'Certification-candidat-2026!';
const unique = (prefix) => `${prefix}-${randomBytes(4).toString('hex')}`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
// 'YYYY-MM-DD' of today + n days (UTC date; the session is weeks ahead, so the zone does not matter).
const dayIn = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

// A small PDF, as a candidate's word processor would make it (the server recognises it by its bytes).
function pdf(text) {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n`
    + `% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server;
let certifier;
let otherStaff;
let volunteer;
let demoId;
let alice;    // eligible candidate: { email, client, userId, registration }
let bruno;    // eligible candidate
let chloe;    // awaiting the eligibility decision
let session;  // { id, day, deadline }
let entries;  // { alice, bruno }: entry ids

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);

async function signIn(email, password) {
  const c = new Client(server.url);
  const res = password ? await c.login(email, password) : await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Posts a form from a page (GET first for the CSRF token), with a fresh one-time submission id.
async function submit(client, page, path, fields) {
  await client.get(page);
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

// Posts a multipart form from a page with one file in `report`.
async function upload(client, page, path, bytes, name, fields = {}) {
  await client.get(page);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  form.set('report', new Blob([bytes], { type: 'application/pdf' }), name);
  return client.request('POST', path, { body: form });
}

async function download(client, url) {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const alertOf = (res) => textOf((res.text.match(/class="flash flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/) || [])[1] || '');
function assertRefused(res, status, message, label) {
  assert.equal(res.status, status, `${label}: ${status} (${alertOf(res)})`);
  assert.ok(alertOf(res).includes(message), `${label}: « ${message} » in « ${alertOf(res)} »`);
}

const outbox = (recipient) => rows(`SELECT id, subject, body, attachment_name, attachment_type FROM mail_outbox
  WHERE recipient = ${q(recipient)} ORDER BY id`).map(([id, subject, body, name, type]) => ({ id: Number(id), subject, body, name, type }));
const attachment = (mailId) => Buffer.from(value(ENGINE === 'postgresql'
  ? `SELECT encode(attachment_data, 'hex') FROM mail_outbox WHERE id = ${mailId}`
  : `SELECT hex(attachment_data) FROM mail_outbox WHERE id = ${mailId}`), 'hex').toString('utf8');
const reportBytes = (id) => Buffer.from(value(ENGINE === 'postgresql'
  ? `SELECT encode(data, 'hex') FROM certification_reports WHERE id = ${id}`
  : `SELECT hex(data) FROM certification_reports WHERE id = ${id}`), 'hex');

// Unix seconds of a wall-clock time in Europe/Paris (the server's zone), whatever this machine's zone.
function parisEpoch(day, hm) {
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
    guess += wanted - Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  }
  return guess / 1000;
}
const icsUtc = (epoch) => new Date(epoch * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
function parisShown(epoch) {  // 'dd/mm/yyyy HH:MM', as the server shows it
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(epoch * 1000)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const registrationUrl = (id) => `/certifications/inscriptions/${id}`;
const sessionUrl = (id) => `/certifications/sessions/${id}`;
const formUrl = (id) => `/certifications/${id}/inscription`;

// A visitor registers on the demo's certification, chooses a password through the e-mailed link and
// signs in; `eligible`: the certifier then decides so.
async function candidate(name, { eligible = true } = {}) {
  const email = `${unique(name.toLowerCase())}@exemple.org`;
  const c0 = new Client(server.url);
  const res = await submit(c0, formUrl(demoId), formUrl(demoId), {
    name: `${name} Candidat (test)`, email, employer_type: 'association', job: 'Chargé·e de projets culturels',
    birth_date: '1988-03-09', experience: 'Cinq ans de projets culturels de territoire.',
  });
  assert.equal(res.status, 303, `registration of ${email}: ${alertOf(res)}`);
  const mail = await waitForMail((m) => m.to === email && m.body.includes('/reinitialisation/'));
  const link = linkIn(mail.body, '/reinitialisation/');
  const c = new Client(server.url);
  await c.get(link);
  assert.equal((await c.post(link, { password: PASSWORD, password_confirm: PASSWORD })).status, 303, 'password chosen');
  const userId = Number(value(`SELECT id FROM users WHERE email = ${q(email)}`));
  const registration = Number(value(`SELECT id FROM certification_registrations WHERE user_id = ${userId}`));
  if (eligible) {
    const r = await submit(certifier, registrationUrl(registration), `${registrationUrl(registration)}/decision`,
      { decision: 'eligible', reason: 'Les prérequis sont remplis.' });
    assert.equal(r.status, 303, alertOf(r));
  }
  return { email, userId, registration, client: await signIn(email, PASSWORD) };
}

const sessionState = () => JSON.stringify([
  rows('SELECT * FROM certification_sessions ORDER BY id'),
  rows('SELECT * FROM certification_cases ORDER BY id'),
  rows('SELECT * FROM certification_entries ORDER BY id'),
  rows('SELECT * FROM certification_slots ORDER BY id'),
]);
const reportState = () => JSON.stringify(rows('SELECT id, entry_id, filename, size, sha256, received_at, replaced_at FROM certification_reports ORDER BY id'));

before(async () => {
  server = await startTrame();
  certifier = await signIn(CERTIFIER);
  otherStaff = await signIn(OTHER_STAFF);
  volunteer = await signIn(DEMO.volunteer);
  demoId = Number(value(`SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id
    AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`));
  assert.ok(demoId, 'the demo certification');
  alice = await candidate('Alice');
  bruno = await candidate('Bruno');
  chloe = await candidate('Chloe', { eligible: false });
});
after(async () => { await server?.stop(); });

test('the certifier creates a session; a bad day or a deadline not before the day is 422; another organisation gets 404', async () => {
  const page = `/certifications/${demoId}/sessions`;
  assert.equal((await certifier.get(page)).status, 200);
  const day = dayIn(60);
  const deadlineDay = dayIn(50);
  const fields = { title: unique('Session de test'), day, place: 'Observatoire, salle 2', address: '1 rue du Vieux Temple, Grenoble',
    deadline_day: deadlineDay, deadline_time: '18:00' };
  const was = sessionState();
  let res = await submit(certifier, page, page, { ...fields, day: '2027-02-30' });
  assertRefused(res, 422, 'Indiquez le jour de la session', 'a day that does not exist');
  assert.ok(res.text.includes(`value="${fields.place}"`), 'the form keeps what was typed');
  res = await submit(certifier, page, page, { ...fields, day: '15/03/2027' });
  assertRefused(res, 422, 'Indiquez le jour de la session', 'a day as dd/mm/yyyy');
  res = await submit(certifier, page, page, { ...fields, deadline_day: day });
  assertRefused(res, 422, 'La date limite de dépôt du rapport doit précéder le jour de la session', 'the deadline on the day');
  res = await submit(certifier, page, page, { ...fields, deadline_day: dayIn(61) });
  assertRefused(res, 422, 'La date limite de dépôt du rapport doit précéder le jour de la session', 'the deadline after the day');
  res = await submit(certifier, page, page, { ...fields, deadline_time: '25:00' });
  assertRefused(res, 422, "La date limite de dépôt du rapport n'est pas une date et une heure valides", 'a bad deadline time');
  res = await submit(certifier, page, page, { ...fields, title: ' ' });
  assertRefused(res, 422, 'Donnez un intitulé à la session', 'no title');
  assert.equal((await otherStaff.get(page)).status, 404);
  res = await submit(otherStaff, '/certifications', page, fields);
  assert.equal(res.status, 404, "another organisation's staff");
  assert.equal(sessionState(), was, 'no session created');

  res = await submit(certifier, page, page, fields);
  assert.equal(res.status, 303, alertOf(res));
  const id = Number(res.location.match(/^\/certifications\/sessions\/(\d+)$/)[1]);
  const deadline = parisEpoch(deadlineDay, '18:00');
  assert.deepEqual(rows(`SELECT certification_id, title, day, place, report_deadline, status FROM certification_sessions WHERE id = ${id}`)[0],
    [String(demoId), fields.title, day, fields.place, String(deadline), 'planned']);
  session = { id, day, deadline };
  assert.equal((await certifier.get(sessionUrl(id))).status, 200);
  assert.equal((await otherStaff.get(sessionUrl(id))).status, 404);
  assert.ok(textOf((await certifier.get(page)).text).includes(fields.title), 'listed');
});

test('cases are confidential: the certifier reads them, the candidates and other organisations do not', async () => {
  const page = sessionUrl(session.id);
  const was = sessionState();
  let res = await submit(certifier, page, `${page}/cas`, { case_title: 'Cas vide', case_body: '  ' });
  assertRefused(res, 422, 'Décrivez le cas', 'a case without its text');
  res = await submit(otherStaff, '/certifications', `${page}/cas`, { case_title: 'Intrus', case_body: 'Intrus.' });
  assert.equal(res.status, 404, "another organisation's staff add a case");
  assert.equal(sessionState(), was, 'no case added');
  const body = `Une intercommunalité veut fédérer ses festivals (${unique('cas')}).`;
  res = await submit(certifier, page, `${page}/cas`, { case_title: 'Cas C — Festivals', case_body: body });
  assert.equal(res.status, 303, alertOf(res));
  const id = Number(value(`SELECT MAX(id) FROM certification_cases WHERE session_id = ${session.id}`));
  const read = await certifier.get(`/certifications/cas/${id}`);
  assert.equal(read.status, 200);
  assert.ok(textOf(read.text).includes(body));
  assert.equal(read.headers.get('cache-control'), 'no-store');
  for (const [who, client, status] of [['a candidate', alice.client, 403], ['another candidate', chloe.client, 403],
    ["another organisation's staff", otherStaff, 404], ['a volunteer', volunteer, 403]]) {
    const r = await client.get(`/certifications/cas/${id}`);
    assert.equal(r.status, status, who);
    assert.ok(!r.text.includes(body), `${who} does not read it`);
  }
  for (const client of [alice.client, chloe.client]) {
    const own = await client.get(registrationUrl(client === alice.client ? alice.registration : chloe.registration));
    assert.ok(!own.text.includes(body) && !own.text.includes(`/certifications/cas/${id}`), 'nor on their own page');
  }
});

test('eligible candidates are added; a registration awaiting its decision is refused; slots never overlap for the jury or the candidate', async () => {
  const page = sessionUrl(session.id);
  const form = await certifier.get(page);
  assert.ok(form.text.includes(`<option value="${alice.registration}">`) && !form.text.includes(`<option value="${chloe.registration}">`),
    'the eligible are offered, not the others');
  let was = sessionState();
  let res = await submit(certifier, page, `${page}/candidats`, { registration: chloe.registration });
  assertRefused(res, 422, 'Seule une inscription recevable peut être convoquée', 'a registration awaiting its decision');
  res = await submit(otherStaff, '/certifications', `${page}/candidats`, { registration: alice.registration });
  assert.equal(res.status, 404, "another organisation's staff");
  assert.equal(sessionState(), was, 'nobody added');
  for (const who of [alice, bruno]) {
    res = await submit(certifier, page, `${page}/candidats`, { registration: who.registration });
    assert.equal(res.status, 303, alertOf(res));
  }
  entries = Object.fromEntries([['alice', alice], ['bruno', bruno]].map(([k, who]) => [k,
    Number(value(`SELECT id FROM certification_entries WHERE session_id = ${session.id} AND registration_id = ${who.registration}`))]));
  was = sessionState();
  res = await submit(certifier, page, `${page}/candidats`, { registration: alice.registration });
  assertRefused(res, 409, 'Ce candidat est déjà dans cette session.', 'twice');
  assert.equal(sessionState(), was);

  const slots = (entry) => `/certifications/entrees/${entry}/creneaux`;
  const at = (hm) => parisEpoch(session.day, hm);
  const slotRows = (entry) => rows(`SELECT kind, starts_at, ends_at FROM certification_slots WHERE entry_id = ${entry} ORDER BY starts_at`)
    .map(([k, s, e]) => [k, Number(s), Number(e)]);
  res = await submit(certifier, page, slots(entries.alice),
    { session: session.id, exercise_from: '09:00', exercise_to: '10:00', defence_from: '10:15', defence_to: '10:45' });
  assert.equal(res.status, 303, alertOf(res));
  assert.deepEqual(slotRows(entries.alice), [['exercise', at('09:00'), at('10:00')], ['defence', at('10:15'), at('10:45')]],
    'times on the session day, in Paris');

  was = sessionState();
  // The jury sits one candidate at a time: Bruno's exercise over Alice's, or his defence over hers.
  res = await submit(certifier, page, slots(entries.bruno),
    { session: session.id, exercise_from: '09:30', exercise_to: '10:30', defence_from: '11:00', defence_to: '11:30' });
  assertRefused(res, 409, 'Le jury de cette session est déjà pris sur ce créneau par un autre candidat', 'an overlap for the jury');
  res = await submit(certifier, page, slots(entries.bruno),
    { session: session.id, exercise_from: '11:00', exercise_to: '12:00', defence_from: '10:30', defence_to: '11:00' });
  assertRefused(res, 409, 'Le jury de cette session est déjà pris sur ce créneau', 'a defence over hers');
  // A candidate's own exercise and defence.
  res = await submit(certifier, page, slots(entries.alice),
    { session: session.id, exercise_from: '09:00', exercise_to: '10:00', defence_from: '09:45', defence_to: '10:30' });
  assertRefused(res, 422, 'La mise en situation et la soutenance d\'un candidat ne peuvent pas se chevaucher.', 'her own overlap');
  res = await submit(certifier, page, slots(entries.alice),
    { session: session.id, exercise_from: '09:00', exercise_to: '10:00', defence_from: '10:15', defence_to: '10:20' });
  assertRefused(res, 422, 'Un créneau dure entre 10 minutes et 4 heures.', 'a 5-minute defence');
  res = await submit(certifier, page, slots(entries.alice),
    { session: session.id, exercise_from: '10:00', exercise_to: '09:00', defence_from: '', defence_to: '' });
  assertRefused(res, 422, 'Un créneau dure entre 10 minutes et 4 heures.', 'an end before the start');
  res = await submit(certifier, page, slots(entries.alice),
    { session: session.id, exercise_from: '9h', exercise_to: '10h', defence_from: '10:15', defence_to: '10:45' });
  assertRefused(res, 422, "Indiquez l'heure de début et l'heure de fin (hh:mm).", 'times not as hh:mm');
  res = await submit(otherStaff, '/certifications', slots(entries.bruno),
    { session: session.id, exercise_from: '13:00', exercise_to: '14:00', defence_from: '', defence_to: '' });
  assert.equal(res.status, 404, "another organisation's staff");
  assert.equal(sessionState(), was, 'no slot changed');

  // Back to back is fine: Bruno right after Alice.
  res = await submit(certifier, page, slots(entries.bruno),
    { session: session.id, exercise_from: '10:45', exercise_to: '11:45', defence_from: '12:00', defence_to: '12:30' });
  assert.equal(res.status, 303, alertOf(res));
  assert.deepEqual(slotRows(entries.bruno), [['exercise', at('10:45'), at('11:45')], ['defence', at('12:00'), at('12:30')]]);
});

test('the convocation is e-mailed with convocation.ics: two events at the right times in UTC', async () => {
  const page = sessionUrl(session.id);
  const convene = (entry) => `/certifications/entrees/${entry}/convoquer`;
  const before = outbox(alice.email).length;
  // An entry without slots cannot be convened; another organisation gets 404.
  const dora = await candidate('Dora');
  let res = await submit(certifier, page, `${page}/candidats`, { registration: dora.registration });
  assert.equal(res.status, 303);
  const doraEntry = Number(value(`SELECT id FROM certification_entries WHERE registration_id = ${dora.registration}`));
  res = await submit(certifier, page, convene(doraEntry), { session: session.id });
  assertRefused(res, 422, "Fixez d'abord les horaires de ce candidat", 'no slots yet');
  res = await submit(otherStaff, '/certifications', convene(entries.alice), { session: session.id });
  assert.equal(res.status, 404, "another organisation's staff");
  assert.equal(Number(value(`SELECT convened_at FROM certification_entries WHERE id = ${entries.alice}`)), 0);
  assert.equal(outbox(alice.email).length, before, 'nothing sent');
  assert.equal(outbox(dora.email).filter((m) => m.name).length, 0);
  // A candidate who withdrew after their slots were set is not convened, nor given new times; their
  // slots may be cleared (the jury's time freed).
  const doraSlots = `/certifications/entrees/${doraEntry}/creneaux`;
  res = await submit(certifier, page, doraSlots, { session: session.id, exercise_from: '14:00', exercise_to: '15:00', defence_from: '', defence_to: '' });
  assert.equal(res.status, 303, alertOf(res));
  res = await submit(dora.client, registrationUrl(dora.registration), `${registrationUrl(dora.registration)}/retrait`, {});
  assert.equal(res.status, 303, alertOf(res));
  const withdrawn = sessionState();
  assert.ok(!(await certifier.get(page)).text.includes(`action="${convene(doraEntry)}"`), 'no convocation button for her');
  res = await submit(certifier, page, convene(doraEntry), { session: session.id });
  assertRefused(res, 422, 'Seule une inscription recevable peut être convoquée', 'a withdrawn candidate convened');
  res = await submit(certifier, page, doraSlots, { session: session.id, exercise_from: '15:00', exercise_to: '16:00', defence_from: '', defence_to: '' });
  assertRefused(res, 422, 'Seule une inscription recevable peut être convoquée', 'a withdrawn candidate given times');
  assert.equal(sessionState(), withdrawn, 'nothing changed');
  assert.equal(outbox(dora.email).filter((m) => m.name).length, 0, 'no convocation sent');
  res = await submit(certifier, page, doraSlots, { session: session.id, exercise_from: '', exercise_to: '', defence_from: '', defence_to: '' });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(value(`SELECT COUNT(*) FROM certification_slots WHERE entry_id = ${doraEntry}`), '0', 'her slots cleared');

  res = await submit(certifier, page, convene(entries.alice), { session: session.id });
  assert.equal(res.status, 303, alertOf(res));
  assert.ok(Number(value(`SELECT convened_at FROM certification_entries WHERE id = ${entries.alice}`)) > 0);
  const sent = outbox(alice.email).slice(before);
  assert.equal(sent.length, 1);
  const mail = sent[0];
  assert.ok(mail.subject.startsWith(`Convocation : ${DEMO_TITLE}, le `), mail.subject);
  assert.equal(mail.name, 'convocation.ics');
  assert.ok(mail.type.startsWith('text/calendar'), mail.type);
  const [y, m, d] = session.day.split('-');
  for (const expected of ['Mise en situation : 09:00 – 10:00', 'Soutenance orale : 10:15 – 10:45',
    `Le ${d}/${m}/${y}, Observatoire, salle 2, 1 rue du Vieux Temple, Grenoble\n`,
    parisShown(session.deadline), registrationUrl(alice.registration)]) {
    assert.ok(mail.body.includes(expected), `the body says ${expected}`);
  }
  const ics = attachment(mail.id);
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.trimEnd().endsWith('END:VCALENDAR'), 'a calendar');
  const events = ics.split('BEGIN:VEVENT').slice(1);
  assert.equal(events.length, 2, 'two events');
  const starts = events.map((e) => e.match(/\r\nDTSTART:(\d{8}T\d{6}Z)\r\n/)[1]);
  const ends = events.map((e) => e.match(/\r\nDTEND:(\d{8}T\d{6}Z)\r\n/)[1]);
  const at = (hm) => icsUtc(parisEpoch(session.day, hm));
  assert.deepEqual(starts, [at('09:00'), at('10:15')], 'DTSTART in UTC');
  assert.deepEqual(ends, [at('10:00'), at('10:45')], 'DTEND in UTC');
  assert.ok(events[0].includes('SUMMARY:Mise en situation') && events[1].includes('SUMMARY:Soutenance orale'));
  // The candidate's page shows the times.
  const own = textOf((await alice.client.get(registrationUrl(alice.registration))).text);
  assert.ok(own.includes('09:00') && own.includes('10:45'), 'the times on the candidate page');
});

test('the written report: a PDF kept with its SHA-256 and acknowledged, replaced with its history; refusals store nothing', async () => {
  const page = registrationUrl(alice.registration);
  const path = `/certifications/entrees/${entries.alice}/rapport`;
  const form = await alice.client.get(page);
  assert.ok(form.text.includes(`action="${path}"`) && form.text.includes('enctype="multipart/form-data"'), 'the upload form');
  const before = outbox(alice.email).length;

  // Refusals first: nothing stored, nothing sent.
  let was = reportState();
  let res = await upload(alice.client, page, path, PNG, 'rapport.pdf', { registration: alice.registration });
  assertRefused(res, 422, "Ce fichier n'est pas un PDF", 'a PNG named .pdf');
  res = await upload(alice.client, page, path, Buffer.from('Mon rapport, en texte.\n'), 'rapport.pdf', { registration: alice.registration });
  assertRefused(res, 422, "n'est pas un PDF", 'text named .pdf');
  res = await upload(alice.client, page, path, Buffer.alloc(0), 'rapport.pdf', { registration: alice.registration });
  assertRefused(res, 422, 'Choisissez le fichier PDF de votre rapport.', 'an empty file');
  const big = Buffer.concat([pdf('grand'), Buffer.alloc(20 * 1024 * 1024, 0x20)]);
  res = await upload(alice.client, page, path, big, 'rapport.pdf', { registration: alice.registration });
  assertRefused(res, 422, 'Ce fichier dépasse 20 Mo', 'over 20 MiB');
  // Someone else on Alice's entry, and the certifier (reports are the candidate's): 404.
  res = await upload(bruno.client, registrationUrl(bruno.registration), path, pdf('Bruno'), 'bruno.pdf');
  assert.equal(res.status, 404, "another candidate on Alice's entry");
  res = await upload(certifier, page, path, pdf('certificateur'), 'c.pdf');
  assert.equal(res.status, 404, 'the certifier');
  assert.equal(reportState(), was, 'nothing stored');
  assert.equal(outbox(alice.email).length, before, 'nothing sent');

  // The report.
  const first = pdf(`Plan de projet ${unique('v1')}`);
  res = await upload(alice.client, page, path, first, 'plan-de-projet.pdf', { registration: alice.registration });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(res.location, `${page}#rapport`);
  const stored = rows(`SELECT id, filename, size, sha256, received_at, replaced_at FROM certification_reports WHERE entry_id = ${entries.alice}`);
  assert.equal(stored.length, 1);
  const [id1, filename, size, hash, received, replaced] = stored[0];
  assert.deepEqual([filename, Number(size), hash, replaced], ['plan-de-projet.pdf', first.length, sha256(first), '0']);
  assert.ok(Number(received) > 0);
  assert.ok(reportBytes(id1).equals(first), 'the bytes as sent');
  const ack = outbox(alice.email).slice(before);
  assert.equal(ack.length, 1);
  assert.equal(ack[0].subject, `Rapport reçu : ${DEMO_TITLE}`);
  assert.ok(ack[0].body.includes(sha256(first)) && ack[0].body.includes('plan-de-projet.pdf'), 'the receipt names the file and its hash');
  assert.ok(ack[0].body.includes(parisShown(session.deadline)), 'and the deadline');

  // A replacement keeps the history.
  const second = pdf(`Plan de projet ${unique('v2')}`);
  res = await upload(alice.client, page, path, second, 'plan-v2.pdf', { registration: alice.registration });
  assert.equal(res.status, 303, alertOf(res));
  const history = rows(`SELECT id, sha256, replaced_at FROM certification_reports WHERE entry_id = ${entries.alice} ORDER BY id`);
  assert.equal(history.length, 2, 'both kept');
  assert.equal(history[0][1], sha256(first));
  assert.ok(Number(history[0][2]) > 0, 'the older is marked replaced');
  assert.deepEqual([history[1][1], history[1][2]], [sha256(second), '0'], 'the newer counts');
  assert.equal(outbox(alice.email).length, before + 2, 'acknowledged again');
  const shown = textOf((await alice.client.get(page)).text);
  assert.ok(shown.includes('plan-de-projet.pdf') && shown.includes('plan-v2.pdf') && shown.includes('remplacé'), 'the history shown');

  // Downloads: the candidate and the staff; 404 to anyone else.
  const id2 = Number(history[1][0]);
  for (const [who, client] of [['the candidate', alice.client], ['the certifier', certifier]]) {
    const d = await download(client, `/certifications/rapports/${id2}`);
    assert.equal(d.status, 200, who);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.ok(d.bytes.equals(second), `${who}: the bytes`);
  }
  assert.ok((await download(alice.client, `/certifications/rapports/${id1}`)).bytes.equals(first), 'the older one too');
  for (const [who, client] of [['another candidate', bruno.client], ["another organisation's staff", otherStaff], ['a volunteer', volunteer]]) {
    const d = await download(client, `/certifications/rapports/${id2}`);
    assert.equal(d.status, 404, who);
    assert.ok(!d.bytes.includes(second), `${who}: not the bytes`);
  }
  assert.equal((await download(alice.client, '/certifications/rapports/999999')).status, 404, 'a missing id');
  // The staff see it on the session page.
  assert.ok((await certifier.get(sessionUrl(session.id))).text.includes(`/certifications/rapports/${id2}`));
});

test('after the deadline the report is refused with the deadline shown, and nothing is stored', async () => {
  const page = registrationUrl(bruno.registration);
  const path = `/certifications/entrees/${entries.bruno}/rapport`;
  // The deadline cannot be set in the past through the form (it must come after today's uploads and
  // the form checks only that it precedes the day), so the test moves it to yesterday, 18:00, in the database.
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const past = parisEpoch(yesterday, '18:00');
  rows(`UPDATE certification_sessions SET report_deadline = ${past} WHERE id = ${session.id}`);
  const shown = await bruno.client.get(page);
  assert.ok(!shown.text.includes(`action="${path}"`), 'no upload form after the deadline');
  assert.ok(textOf(shown.text).includes('Le dépôt du rapport est clos.'));
  const was = reportState();
  const before = outbox(bruno.email).length;
  const res = await upload(bruno.client, page, path, pdf('en retard'), 'retard.pdf', { registration: bruno.registration });
  assertRefused(res, 409, `Le dépôt du rapport est clos depuis le ${parisShown(past)}`, 'a late report');
  assert.equal(reportState(), was, 'nothing stored');
  assert.equal(outbox(bruno.email).length, before, 'nothing sent');
});

test('the session once planned: its day stays while candidates have times, a candidate with a report stays, cases are deleted by its staff only', async () => {
  const page = sessionUrl(session.id);
  const [title, day, place, address, deadline] = rows(`SELECT title, day, place, address, report_deadline FROM certification_sessions
    WHERE id = ${session.id}`)[0];
  const deadlineDay = new Date(Number(deadline) * 1000).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
  const fields = { title, day, place, address, deadline_day: deadlineDay, deadline_time: parisShown(Number(deadline)).slice(11) };
  let was = sessionState();
  let res = await submit(certifier, page, page, { ...fields, day: dayIn(61) });
  assertRefused(res, 422, 'Des candidats ont déjà des horaires ce jour-là', 'moving the day of convened candidates');
  res = await submit(otherStaff, '/certifications', page, { ...fields, place: 'Ailleurs' });
  assert.equal(res.status, 404, "another organisation's staff");
  assert.equal(sessionState(), was, 'nothing changed');
  res = await submit(certifier, page, page, { ...fields, place: 'Observatoire, grande salle' });
  assert.equal(res.status, 303, alertOf(res));
  assert.deepEqual(rows(`SELECT day, place, report_deadline FROM certification_sessions WHERE id = ${session.id}`)[0],
    [day, 'Observatoire, grande salle', deadline], 'the place changed, the day and deadline kept');

  // Alice sent a report: she stays. Dora (withdrawn, no report) is removed, with nothing left behind.
  was = sessionState();
  res = await submit(certifier, page, `/certifications/entrees/${entries.alice}/retirer`, { session: session.id });
  assertRefused(res, 422, 'Ce candidat a déposé un rapport : il reste dans la session.', 'removing a candidate with a report');
  res = await submit(otherStaff, '/certifications', `/certifications/entrees/${entries.bruno}/retirer`, { session: session.id });
  assert.equal(res.status, 404, "another organisation's staff remove a candidate");
  assert.equal(sessionState(), was, 'nobody removed');
  const dora = Number(value(`SELECT e.id FROM certification_entries e JOIN certification_registrations r ON r.id = e.registration_id
    WHERE e.session_id = ${session.id} AND r.status = 'withdrawn'`));
  res = await submit(certifier, page, `/certifications/entrees/${dora}/retirer`, { session: session.id });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(value(`SELECT COUNT(*) FROM certification_entries WHERE id = ${dora}`), '0');

  const caseId = Number(value(`SELECT MAX(id) FROM certification_cases WHERE session_id = ${session.id}`));
  was = sessionState();
  res = await submit(otherStaff, '/certifications', `/certifications/cas/${caseId}/supprimer`, {});
  assert.equal(res.status, 404, "another organisation's staff delete a case");
  assert.equal(sessionState(), was);
  res = await submit(certifier, page, `/certifications/cas/${caseId}/supprimer`, {});
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(value(`SELECT COUNT(*) FROM certification_cases WHERE id = ${caseId}`), '0');
  assert.equal((await certifier.get(`/certifications/cas/${caseId}`)).status, 404, 'gone');
});

test('slots asked at the same moment for several candidates: the jury is still booked once; two reports at once: one counts', async () => {
  // A new session with two new eligible candidates, their slots posted together at the same time.
  const page = `/certifications/${demoId}/sessions`;
  let res = await submit(certifier, page, page, { title: unique('Session simultanée'), day: dayIn(70), place: 'Grenoble',
    address: '', deadline_day: dayIn(65), deadline_time: '' });
  assert.equal(res.status, 303, alertOf(res));
  const id = Number(res.location.match(/(\d+)$/)[1]);
  const people = [await candidate('Emma'), await candidate('Farid'), await candidate('Gaelle')];
  const ids = [];
  for (const who of people) {
    res = await submit(certifier, sessionUrl(id), `${sessionUrl(id)}/candidats`, { registration: who.registration });
    assert.equal(res.status, 303, alertOf(res));
    ids.push(Number(value(`SELECT id FROM certification_entries WHERE session_id = ${id} AND registration_id = ${who.registration}`)));
  }
  const staff = [];
  for (let i = 0; i < ids.length; i++) {
    const c = await signIn(CERTIFIER);
    await c.get(sessionUrl(id));
    staff.push(c);
  }
  const answers = await Promise.all(ids.map((entry, i) => staff[i].post(`/certifications/entrees/${entry}/creneaux`, {
    session: id, exercise_from: '14:00', exercise_to: '15:00', defence_from: '', defence_to: '', _submission: unique('s'),
  })));
  assert.deepEqual(answers.map((r) => r.status).sort(), [303, 409, 409], 'one accepted, the others refused');
  const booked = rows(`SELECT s.entry_id FROM certification_slots s JOIN certification_entries e ON e.id = s.entry_id
    WHERE e.session_id = ${id}`);
  assert.equal(booked.length, 1, 'one slot stored');

  // Two reports sent together by the same candidate: one replaces the other, one counts.
  const [emma] = people;
  const path = `/certifications/entrees/${ids[0]}/rapport`;
  const both = await Promise.all(['un', 'deux'].map((n) => upload(emma.client, registrationUrl(emma.registration), path,
    pdf(`rapport ${n}`), `rapport-${n}.pdf`, { registration: emma.registration })));
  assert.deepEqual(both.map((r) => r.status), [303, 303]);
  const current = rows(`SELECT COUNT(*) FROM certification_reports WHERE entry_id = ${ids[0]} AND replaced_at = 0`)[0][0];
  assert.equal(current, '1', 'one report counts');
  assert.equal(value(`SELECT COUNT(*) FROM certification_reports WHERE entry_id = ${ids[0]}`), '2', 'both kept');
});
