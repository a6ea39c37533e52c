// Issue 14, trainings: what each role needs on the day. Staff read an applicant's e-mail and phone
// (optional, validated); the decision has no preset choice; "Connectez-vous" comes back to the form;
// the demo trainee has a sheet to sign and documents; each role's dashboard panels; lists become
// stacked cards on a phone; the Qualiopi page links to the questionnaires.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import {
  alertOf, anonymousApplicant, apply, createSession, decode, fresh, programmeId, signIn, textOf,
} from '../enrolments_fixtures.mjs';

let server;
let staff;
let progId;
let session;

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  progId = await programmeId(staff);
  session = await createSession(staff, progId, { max: 12 });
});

after(async () => {
  await server?.stop();
});

test('the phone is optional and validated; staff read the e-mail and the phone, the applicant is not shown them', async () => {
  const anon = new Client(server.url);
  const form = await anon.get(`/formations/sessions/${session}/candidater`);
  assert.match(form.text, /<input id="e-phone" name="phone" type="tel"/);
  // "Connectez-vous" comes back to this form (the login keeps only a path of this site).
  assert.match(decode(form.text), new RegExp(`href="/connexion\\?suivant=/formations/sessions/${session}/candidater"`));
  const email = `${fresh('tel')}@example.org`;
  const { res } = await apply(anon, session, { name: 'Téléphone Faux', email, phone: '06 12 ab' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /numéro de téléphone valide/);
  assert.match(res.text, /href="#e-phone"/);
  const { client, id } = await anonymousApplicant(server, session, { phone: '+33 6 12 34 56 78' });
  const seen = textOf((await staff.get(`/formations/candidatures/${id}`)).text);
  assert.match(seen, /Téléphone \+33 6 12 34 56 78/);
  assert.match(seen, /Adresse électronique cand-[0-9a-f]+@example\.org/);
  const own = await client.get(`/formations/candidatures/${id}`);
  assert.ok(!own.text.includes('id="applicant-phone"'), 'the applicant page shows no contact block');
});

test('the decision select has no preset choice; sending none is refused in French', async () => {
  const { id } = await anonymousApplicant(server, session);
  const page = await staff.get(`/formations/candidatures/${id}`);
  assert.match(page.text, /<select id="e-decision" name="decision" required ><option value="">/);
  assert.ok(!/<select id="e-decision"[^]*?selected[^]*?<\/select>/.test(page.text.match(/<select id="e-decision"[^]*?<\/select>/)[0]));
  const res = await staff.post(`/formations/candidatures/${id}/decision`, { decision: '', reason: '', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Choisissez une décision dans la liste/);
});

test('the demo trainee: a sheet to sign, the next half-day and documents on the dashboard', async () => {
  const trainee = await signIn(server, DEMO.trainee);
  const dash = await trainee.get('/tableau-de-bord');
  assert.equal(dash.status, 200);
  const t = textOf(dash.text);
  assert.match(t, /Ma formation/);
  assert.match(t, /Place à confirmer : Pouvoir d'agir/);
  assert.match(t, /Feuille d'émargement à signer : Session d'hiver/);
  assert.match(t, /Prochaine demi-journée/);
  assert.match(t, /93 la Canebière/);
  assert.match(t, /documents? à télécharger/);
  assert.ok(!/Candidatures à traiter/.test(t), 'no staff panel for a trainee');
  const sheet = dash.text.match(/href="(\/formations\/demi-journees\/\d+)"/)[1];
  const page = await trainee.get(sheet);
  assert.equal(page.status, 200);
  assert.match(page.text, /name="code"/);
  const docs = await trainee.get('/formations/mes-documents');
  assert.match(docs.text, /<table class="stack">/);
  assert.match(docs.text, /data-label="/);
});

test('training staff: applications to handle, sheets to countersign and complaints on the dashboard', async () => {
  const t = textOf((await staff.get('/tableau-de-bord')).text);
  assert.match(t, /Candidatures à traiter/);
  assert.match(t, /Camille Martin — Déposée/);
  assert.match(t, /Feuilles à contresigner/);
  assert.match(t, /Session d'hiver/);
  assert.match(t, /Réclamations à traiter/);
  const volunteer = await signIn(server, DEMO.volunteer);
  const v = textOf((await volunteer.get('/tableau-de-bord')).text);
  assert.ok(!/Candidatures à traiter|Feuilles à contresigner|Réclamations à traiter|Ma formation/.test(v), v);
});

test('lists with a status are stacked cards; the Qualiopi page links to the questionnaires', async () => {
  const list = await staff.get(`/formations/sessions/${session}/candidatures`);
  assert.match(list.text, /<table class="enrolments-table stack">/);
  assert.ok(!list.text.includes('table-scroll'));
  const cat = await staff.get('/formations/gestion');
  const own = decode(cat.text).match(/href="\/formations\/programmes\/(\d+)[^"]*"[^>]*>Pouvoir d'agir et coopération/);
  const q = await staff.get(`/formations/programmes/${own[1]}/qualiopi`);
  assert.ok(!/fonction à venir|questionnaires : à venir/.test(decode(q.text)));
  assert.match(q.text, /<a href="\/questionnaires">/);
});

test('a programme page: "Candidater" after the summary and again at the end', async () => {
  const anon = new Client(server.url);
  const page = await anon.get(`/formations/programmes/${progId}`);
  assert.equal(page.status, 200);
  const ctas = [...page.text.matchAll(/<p class="apply-cta"><a class="button" href="([^"]+)">Candidater/g)];
  assert.equal(ctas.length, 2, 'near the top and at the end');
  assert.ok(page.text.indexOf('apply-cta') < page.text.indexOf('id="objectives-title"'), 'before the objectives');
  assert.ok(page.text.lastIndexOf('apply-cta') > page.text.indexOf('id="results-title"'), 'after the results');
});
