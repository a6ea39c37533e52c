// The questionnaires' panels of /tableau-de-bord: "Questionnaires à remplir" for whoever has one to
// fill in an open campaign (the first five, the count, a link to the whole list), and "Envois de
// questionnaires en cours" with each sending's response rate for whoever manages questionnaires, within
// their organisations only. Neither panel for someone with nothing there. Data over HTTP: the demo
// trainee's session sends its positioning (the job runner), she answers it signed in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import { decode, signIn, textOf } from '../questionnaire_fixtures.mjs';
import { answerAll, runDue } from '../campaigns_fixtures.mjs';

let server;

// The panel of that key on the person's dashboard, as text; null when there is none.
async function panel(client, key) {
  const res = await client.get('/tableau-de-bord');
  assert.equal(res.status, 200);
  const m = res.text.match(new RegExp(`<section[^>]*aria-labelledby="dash-${key}"[^>]*>([\\s\\S]*?)</section>`));
  return m ? { html: m[1], text: textOf(m[1]).trim() } : null;
}

before(async () => {
  server = await startTrame({ smtp: false });
  runDue(server.database, Date.now() / 1000);
});
after(async () => { await server?.stop(); });

test('the trainee sees what she has to fill, and no longer once answered', async () => {
  const trainee = await signIn(server, DEMO.trainee);
  const todo = await panel(trainee, 'questionnaires-to-fill');
  assert.ok(todo, 'a panel of questionnaires to fill');
  assert.match(todo.text, /^Questionnaires à remplir Positionnement — .+ Positionnement — Session d'hiver/);
  assert.match(todo.html, /<a href="\/questionnaires\/a-remplir">Voir le questionnaire à remplir<\/a>/);
  const url = decode(todo.html.match(/<a href="(\/questionnaires\/invitations\/\d+)">/)[1]);
  assert.equal(await panel(trainee, 'questionnaires-open'), null, 'a trainee manages no questionnaire');

  // Sagiterre's staff see the sending open with nobody answered yet; the Département's do not.
  const staff = await signIn(server, DEMO.training_staff);
  let open = await panel(staff, 'questionnaires-open');
  assert.match(open.text, /Positionnement — Session d'hiver Positionnement — .+ · 0 réponse sur 1 invitation \(0 %\)/);
  const coordinator = await signIn(server, DEMO.coordinator);
  const theirs = await panel(coordinator, 'questionnaires-open');
  assert.ok(theirs, 'a manager of questionnaires has the panel');
  assert.doesNotMatch(theirs.text, /Session d'hiver/);
  assert.match(theirs.text, /Aucun envoi de questionnaire en cours/);

  const done = await answerAll(trainee, url);
  assert.equal(done.status, 200, textOf(done.text).slice(0, 300));
  assert.match(done.text, /Merci pour vos réponses/);
  assert.equal(await panel(trainee, 'questionnaires-to-fill'), null, 'nothing left to fill');
  open = await panel(staff, 'questionnaires-open');
  assert.match(open.text, /1 réponse sur 1 invitation \(100 %\)/);
});

test('someone invited to nothing and managing nothing has neither panel', async () => {
  const volunteer = await signIn(server, DEMO.volunteer);
  assert.equal(await panel(volunteer, 'questionnaires-to-fill'), null);
  assert.equal(await panel(volunteer, 'questionnaires-open'), null);
});
