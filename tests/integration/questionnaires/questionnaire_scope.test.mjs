// The organisation scope of questionnaire definitions read through a training session: a session's
// manager may read the results (and so the questions) of a questionnaire narrowed to their session
// (?session=) only when that questionnaire was sent in the session. Before, any questionnaire id with
// one's own session in ?session= opened another organisation's questionnaire.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import { createQuestionnaire, dbValue, fresh, organisationId, signIn } from '../questionnaire_fixtures.mjs';

let server;
let sagiterre;   // training staff, manager of the demo session 'Session printemps 2027'
let session;
let foreign;     // a questionnaire of another organisation (Cultures du Cœur 94)
const LABEL = `Question confidentielle ${fresh('q')}`;
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  server = await startTrame({ smtp: false });
  sagiterre = await signIn(server, DEMO.training_staff);
  session = Number(dbValue(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'"));
  assert.ok(session > 0, 'the demo session of Sagiterre');
  foreign = await createQuestionnaire(server, { title: fresh('Autre structure'), organisationId: await organisationId(server, 'Cultures du Cœur 94'),
    sections: [{ title: 'Avis', questions: [{ key: 'scale', kind: 'scale', label: LABEL }] }] });
});
after(async () => { await server?.stop(); });

test('another organisation\'s questionnaire is not readable through one\'s own session', async () => {
  // The session is Sagiterre's: the manager may narrow results to it, but this questionnaire was never sent there.
  for (const url of [`/questionnaires/${foreign.id}/resultats?session=${session}`,
    `/questionnaires/${foreign.id}/resultats.csv?session=${session}`,
    `/questionnaires/${foreign.id}/resultats.xlsx?session=${session}`]) {
    const res = await sagiterre.get(url);
    assert.equal(res.status, 404, url);
    assert.ok(!res.text.includes(LABEL) && !res.text.includes(foreign.title), `${url} shows nothing of the questionnaire`);
  }
  assert.equal((await sagiterre.get(`/questionnaires/${foreign.id}/resultats`)).status, 404);
});

test('once the questionnaire is sent in the session, its manager reads it narrowed to the session', async () => {
  // No route sends a questionnaire on another organisation's session: the sending is written directly.
  dbValue(server.database, `INSERT INTO questionnaire_campaigns (questionnaire_id, title, audience, session_id, status, created_at, updated_at)
    VALUES (${foreign.id}, 'Envoi Sagiterre', 'trainees', ${session}, 'open', ${now()}, ${now()}) RETURNING id`);
  const res = await sagiterre.get(`/questionnaires/${foreign.id}/resultats?session=${session}`);
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(foreign.title));
  // Still not the whole questionnaire, nor through another session it was not sent in.
  assert.equal((await sagiterre.get(`/questionnaires/${foreign.id}/resultats`)).status, 404);
});
