// The mid-course ("à chaud") stage of every session's evaluation cycle (issue 18): created with the
// cycle (and once for cycles made before it existed), scheduled at the end of the middle half-day of a
// session without seminars, sent once by the job runner inside the training, anonymous, its results shown
// at once to the session's staff on the evaluations page under the small-group guard; a cancelled
// session cancels it. Time is simulated with `trame jobs run-due --now T`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, runSql, startTrame } from '../harness.mjs';
import { dbRows, dbValue } from '../questionnaire_fixtures.mjs';
import {
  admit, anonymousApplicant, confirm, createSession, decode, fresh, programmeId, setSessionStatus, signIn, textOf,
} from '../enrolments_fixtures.mjs';
import { answerAll, cycleOf, runDue, tokenFor, waitToken } from '../campaigns_fixtures.mjs';

// The trainee status every application now asks (issue 18, funding and BPF).
const STATUS = { trainee_status: 'employee', employer_type: 'association' };
let server;
let staff;
let progId;

async function addTrainer(sessionId) {
  const page = await staff.get(`/formations/sessions/${sessionId}`);
  const m = page.text.match(/<option value="(\d+)">Formateur Sagiterre &lt;formateur@sagiterre.local&gt;<\/option>/);
  assert.ok(m, 'the trainer is offered');
  const res = await staff.post(`/formations/sessions/${sessionId}/formateurs`, { trainer: m[1], _submission: fresh() });
  assert.equal(res.status, 303);
}


const midOf = (sid) => dbRows(server.database,
  `SELECT id, status, sent_at, send_at, questionnaire_id FROM questionnaire_campaigns WHERE session_id = ${sid} AND stage = 'midcourse' ORDER BY id`);
const invitations = (campaign) => Number(dbValue(server.database,
  `SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${campaign}`));
const claims = (campaign) => dbRows(server.database,
  `SELECT id, sent_at, reminders FROM questionnaire_invitations WHERE campaign_id = ${campaign} ORDER BY id`).map((r) => r.join(':')).join(' ');

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  progId = await programmeId(staff);
});

after(async () => {
  await server?.stop();
});

test('the à chaud stage is scheduled mid-session, sent once inside the training, its results shown to the staff under the guard', async () => {
  const sid = await createSession(staff, progId, { startIn: 20, days: 2, max: 12 });
  await addTrainer(sid);
  const trainees = [];
  for (let i = 0; i < 5; i++) {
    const t = await anonymousApplicant(server, sid, STATUS);
    await admit(staff, t.id);
    await confirm(t.client, t.id);
    trainees.push(t);
  }
  runDue(server.database, Date.now() / 1000);
  const cycle = await cycleOf(staff, sid);
  assert.deepEqual(Object.keys(cycle).sort(), ['end', 'followup', 'midcourse', 'positioning', 'trainer']);
  assert.equal(cycle.midcourse.status, 'scheduled');
  // Two days without seminars: the end of the 2nd of 4 half-days (the first afternoon).
  const halfdays = dbRows(server.database,
    `SELECT starts_at, ends_at FROM training_halfdays WHERE session_id = ${sid} ORDER BY starts_at`).map((r) => r.map(Number));
  assert.equal(halfdays.length, 4);
  assert.equal(cycle.midcourse.send, halfdays[1][1], 'at the end of the middle half-day');
  assert.ok(cycle.midcourse.send > halfdays[0][0] && cycle.midcourse.send < halfdays[3][1], 'inside the training');
  const [[campaign, , , , qid]] = midOf(sid);
  const [[title, anonymous]] = dbRows(server.database, `SELECT title, anonymous FROM questionnaires WHERE id = ${qid}`);
  assert.match(title, /^Évaluation à chaud/);
  assert.equal(Number(anonymous), 1, 'anonymous');
  const labels = dbRows(server.database, `SELECT label FROM questionnaire_questions WHERE questionnaire_id = ${qid}`).map((r) => r[0]);
  for (const l of ['Qu\'est-ce qui fonctionne bien pour vous jusqu\'ici ?', 'Qu\'est-ce qu\'il faudrait ajuster pour la suite ?',
    'Le rythme vous convient-il ?', 'Clarté des contenus et des consignes', 'Commentaire libre']) assert.ok(labels.includes(l), l);

  // Before its time: nothing; at its time: the trainees once; again: nothing more.
  runDue(server.database, cycle.midcourse.send - 60);
  assert.equal(invitations(campaign), 0);
  runDue(server.database, cycle.midcourse.send);
  assert.equal(invitations(campaign), 5);
  const claimed = claims(campaign);
  runDue(server.database, cycle.midcourse.send + 60);
  runDue(server.database, cycle.midcourse.send + 120);
  assert.equal(claims(campaign), claimed, 'never twice');
  assert.equal(midOf(sid)[0][1], 'open');

  // Four answers: the staff see the count, not the breakdown nor the free texts.
  for (const t of trainees.slice(0, 4)) {
    const token = await waitToken(t.email, /Évaluation à chaud/);
    const done = await answerAll(t.client, `/questionnaires/repondre/${token}`);
    assert.equal(done.status, 200);
  }
  const trainer = await signIn(server, DEMO.trainer);
  let page = await trainer.get(`/formations/sessions/${sid}/evaluations`);
  assert.equal(page.status, 200);
  let text = textOf(page.text);
  assert.match(text, /Retours à chaud/);
  assert.ok(!text.includes('Des échanges très utiles.'), 'no free text under 5 responses');
  // The fifth: the breakdown and the free texts, for the trainer and the manager at once.
  const token = await waitToken(trainees[4].email, /Évaluation à chaud/);
  assert.equal((await answerAll(trainees[4].client, `/questionnaires/repondre/${token}`)).status, 200);
  for (const who of [trainer, staff]) {
    page = await who.get(`/formations/sessions/${sid}/evaluations`);
    text = textOf(page.text);
    assert.match(text, /Retours à chaud/);
    assert.ok(text.includes('Des échanges très utiles.'), 'free texts from 5 responses');
    assert.match(text, /Clarté des contenus et des consignes/);
  }
  // A trainee does not see it.
  assert.equal((await trainees[0].client.get(`/formations/sessions/${sid}/evaluations`)).status, 404);
});

test('a cancelled session cancels its à chaud stage, which never goes', async () => {
  const sid = await createSession(staff, progId, { startIn: 25, days: 1, max: 5 });
  const t = await anonymousApplicant(server, sid, STATUS);
  await admit(staff, t.id);
  runDue(server.database, Date.now() / 1000);
  const [[campaign, status, , sendAt]] = midOf(sid);
  assert.equal(status, 'scheduled');
  await setSessionStatus(staff, sid, 'cancelled', 'Trop peu de participants');
  runDue(server.database, Number(sendAt) + 60);
  assert.equal(midOf(sid)[0][1], 'cancelled');
  assert.equal(invitations(campaign), 0, 'nobody invited');
});

test('a cycle made before the stage existed gets it once; a session already over gets none', async () => {
  // The server's own job runner may run at any moment (real clock): every assertion holds whoever runs it.
  const sid = await createSession(staff, progId, { startIn: 30, days: 2, max: 5 });
  runDue(server.database, Date.now() / 1000);
  assert.equal(midOf(sid).length, 1);
  // As if the cycle had been made before the stage existed.
  runSql(server.database, `DELETE FROM questionnaire_campaigns WHERE session_id = ${sid} AND stage = 'midcourse'`);
  runDue(server.database, Date.now() / 1000);
  runDue(server.database, Date.now() / 1000 + 60);
  const rows = midOf(sid);
  assert.equal(rows.length, 1, 'added once');
  assert.equal(rows[0][1], 'scheduled');
  // A session over (by the real clock too) whose cycle has no mid-course stage stays without it.
  const now = Math.floor(Date.now() / 1000);
  runSql(server.database, `UPDATE training_sessions SET starts_at = ${now - 3 * 86400}, ends_at = ${now - 3600} WHERE id = ${sid};
    DELETE FROM questionnaire_campaigns WHERE session_id = ${sid} AND stage = 'midcourse'`);
  runDue(server.database, now + 60);
  runDue(server.database, now + 120);
  assert.equal(midOf(sid).length, 0, 'none after the end');
  assert.match(decode((await staff.get(`/formations/sessions/${sid}/evaluations`)).text), /data-stage="positioning"/);
});
