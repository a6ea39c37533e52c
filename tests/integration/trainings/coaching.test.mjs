// Coaching between seminars (/formations/sessions/{id}/accompagnement, /formations/accompagnement/{id}):
// who reads the session's page (managers, trainers, enrolled trainees; others 404), the whole cycle of a
// request (asked, appointment proposed, another time asked, proposed again, accepted, notes by both,
// closed) with the e-mails to the other side, notes read by both sides and not by another trainee,
// refused transitions that change nothing, a trainer seeing only the requests addressed to them or to
// anyone, and the reminder sent once by `trame jobs run-due` after three working days without an answer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, Client, runTrame, startTrame, waitForMail } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';
import { alertOf, applicationOf, fresh, giveDemoPassword, parisInput, post, requestRow, sessionId, signIn, userId } from './coaching_fixtures.mjs';

const OTHER_TRAINEE = 'nadia.cherif@demo.trame.local';
let server, db, sid, page;
let trainee, trainer, staff, other, outsider;

before(async () => {
  server = await startTrame();
  db = server.database;
  sid = sessionId(db);
  page = `/formations/sessions/${sid}/accompagnement`;
  giveDemoPassword(db, OTHER_TRAINEE);
  trainee = await signIn(server, DEMO.trainee);
  trainer = await signIn(server, DEMO.trainer);
  staff = await signIn(server, DEMO.training_staff);
  other = await signIn(server, OTHER_TRAINEE);
  outsider = await signIn(server, DEMO.coordinator);
});
after(async () => { await server?.stop(); });

async function ask(client, fields) {
  return post(client, page, page, { subject: fresh('Sujet'), message: 'Mon projet avance, mais je bloque sur les partenaires.', trainer: '0', preferred_mode: 'visio', preferred_slots: 'le mardi', ...fields });
}
const idOf = (res) => Number(res.location.match(/\/formations\/accompagnement\/(\d+)/)[1]);

test('the coaching page answers managers, trainers and enrolled trainees; others get 404', async () => {
  for (const c of [trainee, trainer, staff, other]) assert.equal((await c.get(page)).status, 200);
  assert.equal((await outsider.get(page)).status, 404);
  assert.equal((await outsider.get(`/formations/sessions/999999/accompagnement`)).status, 404);
  const anonymous = await new Client(server.url).get(page);
  assert.equal(anonymous.status, 303);
  // The demo: an accepted request with an appointment and a note on the open session, a closed one on Ancenis.
  const demo = dbRows(db, `SELECT r.status, (SELECT COUNT(*) FROM training_coaching_entries e WHERE e.request_id = r.id AND e.kind = 'note'), r.appointment_at FROM training_coaching_requests r JOIN users u ON u.id = r.trainee_id WHERE r.session_id = ${sid} AND u.email = ${q(DEMO.trainee)}`);
  assert.ok(demo.some(([s, notes, at]) => s === 'accepted' && Number(notes) >= 1 && Number(at) > 0), JSON.stringify(demo));
  const ancenis = sessionId(db, "Pays d'Ancenis 2022-2023");
  assert.ok(Number(dbValue(db, `SELECT COUNT(*) FROM training_coaching_requests WHERE session_id = ${ancenis} AND status IN ('resolved','no_follow_up')`)) >= 1);
});

test('a refused request form keeps its values and inserts nothing', async () => {
  const before = Number(dbValue(db, `SELECT COUNT(*) FROM training_coaching_requests WHERE session_id = ${sid}`));
  let res = await ask(trainee, { subject: '   ', message: 'Gardez ce message' });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /Indiquez l'objet de votre demande/);
  assert.match(res.text, /id="f-subject"[^>]*aria-invalid="true"/);
  assert.match(res.text, /Gardez ce message/);
  res = await ask(trainee, { trainer: '999999' });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /Choisissez un·e formateur·rice de la session/);
  res = await ask(trainee, { preferred_mode: 'pigeon' });
  assert.equal(res.status, 422);
  // The staff does not ask for coaching on their own session.
  res = await ask(staff, {});
  assert.equal(res.status, 403);
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM training_coaching_requests WHERE session_id = ${sid}`)), before);
});

test('the whole cycle: asked, proposed, another time, accepted, notes by both, closed; e-mails to the other side', async () => {
  const subject = fresh('Mobiliser');
  let res = await ask(trainee, { subject, trainer: String(userId(db, DEMO.trainer)), preferred_mode: 'phone' });
  assert.equal(res.status, 303, alertOf(res));
  const id = idOf(res);
  const url = `/formations/accompagnement/${id}`;
  assert.equal(requestRow(db, id).status, 'open');
  await waitForMail((m) => m.to === DEMO.trainer && m.subject === `Demande d'accompagnement : ${subject}`);
  // The trainer sees it in the list, waiting first.
  assert.match((await trainer.get(page)).text, new RegExp(`data-request="${id}" data-status="open"`));

  // Refused moves change nothing: the trainee cannot propose, nor accept before a proposal; a past date.
  let row = requestRow(db, id);
  res = await post(trainee, url, `${url}/proposer`, { appointment_at: parisInput(5), appointment_mode: 'phone' });
  assert.equal(res.status, 403);
  res = await post(trainee, url, `${url}/accepter`, {});
  assert.equal(res.status, 409);
  assert.match(textOf(res.text), /Aucun rendez-vous n'est proposé pour le moment/);
  res = await post(trainer, url, `${url}/proposer`, { appointment_at: parisInput(-3), appointment_mode: 'phone' });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /La date du rendez-vous est passée/);
  res = await post(trainer, url, `${url}/proposer`, { appointment_at: parisInput(5), appointment_mode: 'onsite', appointment_place: '' });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /Indiquez le lieu du rendez-vous sur place/);
  assert.deepEqual(requestRow(db, id), row);

  // The trainer proposes; the trainee asks for another time; the trainer proposes again; accepted.
  res = await post(trainer, url, `${url}/proposer`, { appointment_at: parisInput(5), appointment_mode: 'visio', appointment_place: 'https://visio.example.org/salle', proposal_message: 'Voyons votre carte des partenaires.' });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(requestRow(db, id).status, 'proposed');
  await waitForMail((m) => m.to === DEMO.trainee && m.subject === `Rendez-vous proposé : ${subject}`);
  res = await post(trainee, url, `${url}/autre-horaire`, { reschedule_message: '' });
  assert.equal(res.status, 422);
  res = await post(trainee, url, `${url}/autre-horaire`, { reschedule_message: 'Plutôt le jeudi matin, je travaille le mardi.' });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(requestRow(db, id).status, 'reschedule');
  await waitForMail((m) => m.to === DEMO.trainer && m.subject === `Autre horaire demandé : ${subject}` && m.body.includes('jeudi matin'));
  res = await post(trainer, url, `${url}/accepter`, {});
  assert.equal(res.status, 403, 'the trainer does not answer for the trainee');
  res = await post(staff, url, `${url}/proposer`, { appointment_at: parisInput(7, '09:30'), appointment_mode: 'phone' });
  assert.equal(res.status, 303, alertOf(res));
  res = await post(trainee, url, `${url}/accepter`, {});
  assert.equal(res.status, 303, alertOf(res));
  row = requestRow(db, id);
  assert.equal(row.status, 'accepted');
  assert.equal(row.mode, 'phone');

  // Notes by both, read by both, by the managers, and not by another trainee.
  const note = fresh('Note du formateur');
  res = await post(trainer, url, `${url}/notes`, { note });
  assert.equal(res.status, 303, alertOf(res));
  await waitForMail((m) => m.to === DEMO.trainee && m.subject === `Nouvelle note : ${subject}` && m.body.includes(note));
  const answer = fresh('Réponse du stagiaire');
  res = await post(trainee, url, `${url}/notes`, { note: answer });
  assert.equal(res.status, 303, alertOf(res));
  for (const c of [trainee, trainer, staff]) {
    const p = await c.get(url);
    assert.equal(p.status, 200);
    assert.match(p.text, new RegExp(note));
    assert.match(p.text, new RegExp(answer));
  }
  const theirs = await other.get(url);
  assert.equal(theirs.status, 404);
  assert.doesNotMatch(theirs.text, new RegExp(note));
  assert.doesNotMatch((await other.get(page)).text, new RegExp(subject));
  assert.equal((await outsider.get(url)).status, 404);
  assert.equal((await post(other, page, `${url}/notes`, { note: 'intrus' })).status, 404);

  // Closed as resolved; afterwards nothing moves any more.
  res = await post(trainer, url, `${url}/clore`, { outcome: 'peut-être' });
  assert.equal(res.status, 422);
  res = await post(other, page, `${url}/clore`, { outcome: 'peut-être' });
  assert.equal(res.status, 404, 'who may not see the request learns nothing from a bad outcome');
  res = await post(trainer, url, `${url}/clore`, { outcome: 'resolved', close_note: 'Projet lancé.' });
  assert.equal(res.status, 303, alertOf(res));
  await waitForMail((m) => m.to === DEMO.trainee && m.subject === `Demande close : ${subject}`);
  row = requestRow(db, id);
  assert.equal(row.status, 'resolved');
  for (const [who, action, fields] of [[trainee, 'notes', { note: 'encore' }], [trainer, 'proposer', { appointment_at: parisInput(9), appointment_mode: 'phone' }],
    [trainee, 'accepter', {}], [trainee, 'clore', { outcome: 'no_follow_up' }]]) {
    res = await post(who, url, `${url}/${action}`, fields);
    assert.equal(res.status, 409, `${action} on a closed request`);
    assert.match(textOf(res.text), /Cette demande est close/);
  }
  assert.deepEqual(requestRow(db, id), row);
});

test('a trainer sees only the requests addressed to them or to anyone', async () => {
  // A second trainer on the session.
  const second = DEMO.jury_member;
  const secondId = userId(db, second);
  dbRows(db, `INSERT INTO training_session_trainers (session_id, user_id, lead) VALUES (${sid}, ${secondId}, 0)`);
  const other_trainer = await signIn(server, second);
  let res = await ask(trainee, { trainer: String(secondId) });
  assert.equal(res.status, 303, alertOf(res));
  const theirs = idOf(res);
  res = await ask(trainee, { trainer: '0' });
  const anyone = idOf(res);
  assert.equal((await trainer.get(`/formations/accompagnement/${theirs}`)).status, 404);
  assert.equal((await other_trainer.get(`/formations/accompagnement/${theirs}`)).status, 200);
  assert.equal((await trainer.get(`/formations/accompagnement/${anyone}`)).status, 200);
  assert.equal((await other_trainer.get(`/formations/accompagnement/${anyone}`)).status, 200);
  assert.doesNotMatch((await trainer.get(page)).text, new RegExp(`data-request="${theirs}"`));
  assert.match((await staff.get(page)).text, new RegExp(`data-request="${theirs}"`));
  const before = requestRow(db, theirs);
  res = await post(trainer, page, `/formations/accompagnement/${theirs}/proposer`, { appointment_at: parisInput(4), appointment_mode: 'phone' });
  assert.equal(res.status, 404);
  assert.deepEqual(requestRow(db, theirs), before);
});

test('a request left without an answer reminds the trainers once (jobs run-due)', async () => {
  const subject = fresh('Rappel');
  const res = await ask(trainee, { subject, trainer: '0' });
  assert.equal(res.status, 303, alertOf(res));
  const id = idOf(res);
  // Ten calendar days later holds at least three working days whatever the holidays.
  const later = Math.floor(Date.now() / 1000) + 10 * 86400;
  for (const now of [later, later + 600]) {
    const r = runTrame(['jobs', 'run-due', '--now', String(now), '--database', db]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.ok(requestRow(db, id).reminded_at > 0);
  const reminders = dbRows(db, `SELECT recipient FROM mail_outbox WHERE subject = ${q(`Rappel : demande d'accompagnement sans réponse — ${subject}`)}`).map((r) => r[0]);
  assert.ok(reminders.includes(DEMO.trainer), JSON.stringify(reminders));
  assert.equal(reminders.filter((r) => r === DEMO.trainer).length, 1, 'one reminder per trainer');
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM audit_log WHERE action = 'coaching.reminder_sent' AND subject = 'coaching_request:${id}'`)), 1);
  await waitForMail((m) => m.to === DEMO.trainer && m.subject.includes(subject));
});

test('the dashboard shows the trainer the requests waiting for them', async () => {
  const subject = fresh('Tableau');
  const res = await ask(trainee, { subject });
  assert.equal(res.status, 303);
  const dash = await trainer.get('/tableau-de-bord');
  assert.match(textOf(dash.text), /Demandes d'accompagnement en attente/);
  assert.match(textOf(dash.text), new RegExp(subject));
  assert.doesNotMatch(textOf((await other.get('/tableau-de-bord')).text), new RegExp(subject));
});

test('loading the demo again adds no request, entry nor contact', () => {
  const counts = () => dbRows(db, 'SELECT (SELECT COUNT(*) FROM training_coaching_requests), (SELECT COUNT(*) FROM training_coaching_entries), (SELECT COUNT(*) FROM training_followup_contacts)');
  const before = counts();
  const r = runTrame(['demo', '--database', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(counts(), before);
});
