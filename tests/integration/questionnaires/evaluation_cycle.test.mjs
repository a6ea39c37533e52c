// The automatic evaluation cycle of a training session, with a simulated clock (`trame jobs run-due
// --now T`): positioning 7 days before the start, reminders after 3 and 7 days to those who have not
// answered (once each), end-of-course satisfaction and trainers' evaluation on the last day, follow-up
// 30 days after the end; running again at the same time sends nothing twice; a campaign that fell due
// while nothing ran is sent at the next run; the schedule is visible and editable by the organiser.
//
// What was sent is counted in the outbox (mail_outbox: each sending or reminder enqueues its e-mail in the
// transaction that claims it), never by how many messages reached the SMTP sink after a pause: a run
// enqueues several e-mails at once (e.g. the follow-up invitations and the reminders of the end-of-course
// stages) and a busy machine delivers the last ones later, which read as "sent twice". The sink is still
// read, by polling, for the links people follow.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, mails, mailsUntil, mailTo, startTrame } from '../harness.mjs';
import { dbRows, q } from '../questionnaire_fixtures.mjs';
import {
  admit, alertOf, anonymousApplicant, apply, confirm, createSession, dayIn, decode, fresh, programmeId, signIn, withdraw,
} from '../enrolments_fixtures.mjs';
import { answerAll, cycleOf, runDue, tokenFor } from '../campaigns_fixtures.mjs';

const DAY = 86400;
let server;
let staff;
let progId;
let sid;
const trainees = [];   // { client, id, email }
let dropped;           // admitted then withdrawn: never invited
let trainerEmail = DEMO.trainer;

async function addTrainer(sessionId) {
  const page = await staff.get(`/formations/sessions/${sessionId}`);
  const m = page.text.match(/<option value="(\d+)">Formateur Sagiterre &lt;formateur@sagiterre.local&gt;<\/option>/);
  assert.ok(m, 'the trainer is offered');
  const res = await staff.post(`/formations/sessions/${sessionId}/formateurs`, { trainer: m[1], _submission: staff.submission });
  assert.equal(res.status, 303);
}

// E-mails enqueued to `to` (the outbox of this test's database) whose subject matches.
function outbox(to, subject) {
  return dbRows(server.database, `SELECT subject FROM mail_outbox WHERE recipient = ${q(to)} ORDER BY id`)
    .filter(([s]) => !subject || subject.test(s)).length;
}

// What the cycle's claims hold: every invitation of the session's campaigns with when it was sent and its
// reminders (a sending or reminder made twice changes it).
function claims(sessionId) {
  return dbRows(server.database, `SELECT i.id, i.sent_at, i.reminders FROM questionnaire_invitations i
    JOIN questionnaire_campaigns c ON c.id = i.campaign_id WHERE c.session_id = ${sessionId} ORDER BY i.id`)
    .map((r) => r.join(':')).join(' ');
}

// Waits until the SMTP sink holds `count` messages to `to` matching `subject` (a busy machine may take long
// to deliver).
const waitCount = (to, subject, count, ms = 60000) => mailsUntil(mailTo(to, subject), count, ms);

const INVITE = /^Questionnaire : /;
const REMIND = /^Rappel — questionnaire/;

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  progId = await programmeId(staff);
  sid = await createSession(staff, progId, { startIn: 30, days: 2, max: 12 });
  await addTrainer(sid);
  for (let i = 0; i < 3; i++) {
    const t = await anonymousApplicant(server, sid);
    await admit(staff, t.id);
    await confirm(t.client, t.id);
    trainees.push(t);
  }
  dropped = await anonymousApplicant(server, sid);
  await admit(staff, dropped.id);
  const w = await withdraw(dropped.client, dropped.id, 'Empêchement');
  assert.equal(w.status, 303, alertOf(w));
});

after(async () => {
  await server?.stop();
});

test('a full cycle runs with a simulated clock', async () => {
  // The cycle is created by the job runner once the session is open.
  runDue(server.database, Date.now() / 1000);
  let cycle = await cycleOf(staff, sid);
  // Five stages since issue 18: the mid-course (« à chaud ») evaluation (tests/integration/questionnaires/mid_course.test.mjs).
  assert.deepEqual(Object.keys(cycle).sort(), ['end', 'followup', 'midcourse', 'positioning', 'trainer']);
  for (const s of Object.values(cycle)) assert.equal(s.status, 'scheduled');
  const T = cycle.positioning.send;
  assert.ok(cycle.end.send > T + 7 * DAY - DAY, 'end of course on the last day');
  assert.equal(cycle.followup.send, cycle.trainer.send + 30 * DAY, 'follow-up 30 days after the end');

  // A trainee and a trainer cannot change it; the trainee cannot even read it.
  assert.equal((await trainees[0].client.get(`/formations/sessions/${sid}/evaluations`)).status, 404);
  const trainer = await signIn(server, DEMO.trainer);
  const ro = await trainer.get(`/formations/sessions/${sid}/evaluations`);
  assert.equal(ro.status, 200, 'trainers read the schedule');
  assert.ok(!ro.text.includes('name="send_date"'), 'read-only for trainers');
  assert.equal((await trainer.post(`/formations/sessions/${sid}/evaluations`, { campaign: String(cycle.end.campaign),
    send_date: '2030-01-01', send_time: '09:00' })).status, 403);

  // Nothing before its time.
  runDue(server.database, T - 60);
  for (const t of trainees) assert.equal(outbox(t.email, INVITE), 0, 'nothing sent before the date');

  // T: positioning to the trainees (not to the withdrawn one, not to the trainer).
  runDue(server.database, T);
  for (const t of trainees) await waitCount(t.email, INVITE, 1);
  cycle = await cycleOf(staff, sid);
  assert.equal(cycle.positioning.status, 'open');
  assert.equal(cycle.positioning.invited, 3);
  const mail = mails().filter(mailTo(trainees[0].email, INVITE))[0];
  assert.match(mail.body, /\/questionnaires\/a-remplir/, 'account holders are told about "Mes questionnaires"');

  // Trainee 0 answers through the answering pages with the token of the e-mail.
  const token = tokenFor(trainees[0].email, INVITE);
  assert.ok(token, 'a link in the e-mail');
  const done = await answerAll(trainees[0].client, `/questionnaires/repondre/${token}`);
  assert.equal(done.status, 200, `answered: ${done.text.slice(0, 300)}`);
  const again = await trainees[0].client.get(`/questionnaires/repondre/${token}`);
  assert.match(again.text, /déjà répondu/, 'the token works once');
  cycle = await cycleOf(staff, sid);
  assert.equal(cycle.positioning.answered, 1);

  // The organiser sees who has not answered yet — names, never answers.
  const detail = await staff.get(`/questionnaires/envois/${cycle.positioning.campaign}`);
  assert.equal(detail.status, 200);
  assert.ok(detail.text.includes(trainees[1].email) && detail.text.includes(trainees[2].email));
  assert.ok(!detail.text.includes(trainees[0].email), 'who answered is not in the waiting list');

  // T + 3 d: reminder 1 to the two who did not answer, none to the one who did; once.
  runDue(server.database, T + 3 * DAY + 60);
  await waitCount(trainees[1].email, REMIND, 1);
  await waitCount(trainees[2].email, REMIND, 1);
  runDue(server.database, T + 3 * DAY + 120);
  assert.equal(outbox(trainees[0].email, REMIND), 0, 'no reminder after answering');
  assert.equal(outbox(trainees[1].email, REMIND), 1, 'reminder 1 once');
  assert.equal(outbox(trainees[2].email, REMIND), 1, 'reminder 1 once');

  // T + 7 d: reminder 2 (the reminder's new link works; the old one no longer does).
  runDue(server.database, T + 7 * DAY + 60);
  await waitCount(trainees[1].email, REMIND, 2);
  await waitCount(trainees[2].email, REMIND, 2);
  assert.equal(outbox(trainees[0].email, REMIND), 0);

  // The last day: end-of-course satisfaction to the trainees, trainers' evaluation to the trainer (and the
  // mid-course evaluation, due at the end of the first day, goes in the same run).
  const trainerBefore = outbox(trainerEmail, INVITE);
  runDue(server.database, cycle.trainer.send);
  for (const t of trainees) assert.equal(outbox(t.email, INVITE), 3);
  assert.ok(outbox(trainerEmail, INVITE) >= trainerBefore + 1, 'the trainer is invited');
  for (const t of trainees) await waitCount(t.email, INVITE, 3);
  cycle = await cycleOf(staff, sid);
  assert.equal(cycle.end.status, 'open');
  assert.equal(cycle.trainer.status, 'open');
  assert.equal(cycle.end.invited, 3);
  assert.equal(cycle.trainer.invited, 1);
  assert.equal(outbox(dropped.email, INVITE), 0, 'the withdrawn trainee gets nothing');

  // End + 30 d: the follow-up.
  runDue(server.database, cycle.followup.send);
  for (const t of trainees) await waitCount(t.email, INVITE, 4);

  // Running again at the same time sends nothing twice: no invitation of the cycle is sent or reminded
  // again, and nothing more is enqueued to its trainees (the trainer is the demo's, who may get other
  // e-mails from the demo's own jobs; their invitation is in the claims).
  const people = [...trainees.map((t) => t.email), dropped.email];
  const ours = () => people.reduce((n, email) => n + outbox(email), 0);
  const before = ours();
  const claimed = claims(sid);
  runDue(server.database, cycle.followup.send);
  runDue(server.database, cycle.followup.send + 60);
  assert.equal(ours(), before, 'nothing sent twice');
  assert.equal(claims(sid), claimed, 'nothing claimed twice');
  for (const t of trainees) assert.equal(outbox(t.email, INVITE), 4);
  cycle = await cycleOf(staff, sid);
  for (const s of Object.values(cycle)) assert.equal(s.status, 'open');
});

test('after a restart, what fell due while nothing ran is sent at the next run', async () => {
  const other = await createSession(staff, progId, { startIn: 20, days: 1, max: 5 });
  const t = trainees[1];
  const { res, id } = await apply(t.client, other);
  assert.equal(res.status, 303, alertOf(res));
  await admit(staff, id);
  runDue(server.database, Date.now() / 1000);
  const cycle = await cycleOf(staff, other);
  const before = outbox(t.email, INVITE);
  // Nothing ran at the positioning date: the next run, on the last day, sends positioning and end.
  runDue(server.database, cycle.end.send + 3600);
  assert.equal(outbox(t.email, INVITE), before + 2);
  runDue(server.database, cycle.end.send + 3700);
  assert.equal(outbox(t.email, INVITE), before + 2, 'once each');
});

test('the organiser edits the send date and questionnaire of a stage not yet sent', async () => {
  const other = await createSession(staff, progId, { startIn: 45, days: 1, max: 5 });
  runDue(server.database, Date.now() / 1000);
  let cycle = await cycleOf(staff, other);
  const page = await staff.get(`/formations/sessions/${other}/evaluations`);
  const q = page.text.match(/id="q-followup" name="questionnaire"><option value="(\d+)"/);
  assert.ok(q, 'a questionnaire to choose');
  const bad = await staff.post(`/formations/sessions/${other}/evaluations`, { campaign: String(cycle.followup.campaign),
    send_date: '2030-02-31', send_time: '09:00', questionnaire: q[1], _submission: fresh() });
  assert.equal(bad.status, 422);
  assert.match(decode(bad.text), /date d'envoi doit être une date et une heure valides/);
  await staff.get(`/formations/sessions/${other}/evaluations`);
  const ok = await staff.post(`/formations/sessions/${other}/evaluations`, { campaign: String(cycle.followup.campaign),
    send_date: '2030-03-04', send_time: '10:30', questionnaire: q[1], _submission: fresh() });
  assert.equal(ok.status, 303, alertOf(ok));
  cycle = await cycleOf(staff, other);
  assert.equal(new Date(cycle.followup.send * 1000).toISOString(), '2030-03-04T09:30:00.000Z');
  // A day added to the session: the stages not edited by hand follow; the edited one stays.
  await staff.get(`/formations/sessions/${other}/demi-journees`);
  const added = await staff.post(`/formations/sessions/${other}/demi-journees/serie`, {
    from: dayIn(46), to: dayIn(46), periods: 'both', am_start: '09:00', am_end: '12:30', pm_start: '13:30',
    pm_end: '17:00', weekdays_only: '', seminar: '', module: '', _submission: fresh(),
  });
  assert.equal(added.status, 303, alertOf(added));
  runDue(server.database, Date.now() / 1000);
  const moved = await cycleOf(staff, other);
  assert.equal(moved.trainer.send, cycle.trainer.send + DAY, 'the trainers\' evaluation follows the new end');
  assert.equal(moved.positioning.send, cycle.positioning.send, 'the start did not move');
  assert.equal(moved.followup.send, cycle.followup.send, 'a stage edited by hand keeps its date');
  // Another organiser's staff cannot.
  const coord = await signIn(server, DEMO.coordinator);
  assert.equal((await coord.get(`/formations/sessions/${other}/evaluations`)).status, 404);
});
