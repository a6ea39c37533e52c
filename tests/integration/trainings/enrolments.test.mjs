// Applications and admission: applying signed in or anonymously (the account's password link), every
// refusal with its French message and nothing changed, the adaptation request's confidentiality,
// interviews by e-mail, reasoned decisions, the capacity never exceeded under parallel admissions, the
// waiting list promoted on withdrawal, funding lines (price and length limits, amounts due), the
// early-request flag. Sessions are created through the organiser's pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, runTrame, startTrame, waitForMail } from '../harness.mjs';
import {
  alertOf, anonymousApplicant, apply, admit, confirm, createSession, decide, fresh, placesOf, programmeId,
  sessionId, setSessionStatus, signIn, statusOf, textOf, withdraw,
} from '../enrolments_fixtures.mjs';

let server;
let staff;       // formation@sagiterre.local: manages Sagiterre's programmes, and its disability referent
let progId;
let openSession; // a fresh open session, 12 places, 60 days ahead

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  progId = await programmeId(staff);
  openSession = await createSession(staff, progId, { max: 12 });
});

after(async () => {
  await server?.stop();
});

async function applicationCount(sessionIdValue) {
  const page = await staff.get(`/formations/sessions/${sessionIdValue}/candidatures`);
  return [...page.text.matchAll(/<tr data-application="/g)].length;
}

test('a signed-in user applies: access delay recorded, acknowledgment and organiser notified', async () => {
  const { client, email } = await anonymousApplicant(server, openSession);
  // A second session: the signed-in form has no name/e-mail fields.
  const other = await createSession(staff, progId, { startIn: 40 });
  const form = await client.get(`/formations/sessions/${other}/candidater`);
  assert.equal(form.status, 200);
  assert.ok(!form.text.includes('name="email"'), 'no e-mail field when signed in');
  assert.match(form.text, /<legend>/);
  assert.match(form.text, /seul·e le ou la référent·e handicap/);
  const { res, id } = await apply(client, other, { sector: 'cultural', funding: 'employer' });
  assert.equal(res.status, 303, alertOf(res));
  assert.ok(id > 0);
  const ack = await waitForMail((m) => m.to === email && m.body.includes(`/formations/candidatures/${id}`));
  assert.match(ack.subject, /Candidature reçue/);
  await waitForMail((m) => m.to === DEMO.training_staff && m.body.includes(`/formations/sessions/${other}/candidatures`));
  const page = await client.get(`/formations/candidatures/${id}`);
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Déposée/);
  assert.match(textOf(page.text), /Délai d'accès (39|40|41) jours/);
  const mine = await client.get('/formations/candidatures');
  assert.match(mine.text, new RegExp(`/formations/candidatures/${id}"`));
  // Someone else cannot read it.
  const other_user = await signIn(server, DEMO.volunteer);
  assert.equal((await other_user.get(`/formations/candidatures/${id}`)).status, 404);
});

test('an anonymous visitor applies: the account is created and its password link arrives', async () => {
  const email = `${fresh('anon')}@example.org`;
  const anon = new Client(server.url);
  const form = await anon.get(`/formations/sessions/${openSession}/candidater`);
  assert.match(form.text, /name="email"/);
  // Missing name: refused, values kept, nothing created.
  let { res } = await apply(anon, openSession, { name: '', email, motivation: 'Ma motivation gardée' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /prénom et votre nom/);
  assert.match(res.text, /Ma motivation gardée/);
  assert.match(res.text, /href="#e-name"/);
  ({ res } = await apply(anon, openSession, { name: 'Inès Caron', email }));
  assert.equal(res.status, 303, alertOf(res));
  const done = await anon.get(res.location);
  assert.match(textOf(done.text), /Un courriel vient d'être envoyé à l'adresse indiquée/);
  const mail = await waitForMail((m) => m.to === email && m.body.includes('/reinitialisation/'));
  assert.match(mail.subject, /mot de passe/);
  // One e-mail to the new address, with the password link and the application's page, and nothing
  // typed in the form (the address is not verified yet).
  assert.match(mail.body, /\/formations\/candidatures\/\d+/);
  assert.doesNotMatch(mail.body, /Inès Caron/);
  // The same e-mail again: the same answer, no second account or application; the owner is told.
  const before = await applicationCount(openSession);
  ({ res } = await apply(new Client(server.url), openSession, { name: 'Inès Caron', email }));
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(res.location, `/formations/sessions/${openSession}/candidater?envoyee=1`);
  const told = await waitForMail((m) => m.to === email && /connectez-vous/.test(m.subject));
  assert.match(told.body, new RegExp(`/formations/sessions/${openSession}/candidater`));
  assert.equal(await applicationCount(openSession), before);
});

test('refusals: not open, cancelled, completed, deadline passed, full, twice, CPF too late — nothing changed', async () => {
  const { client } = await anonymousApplicant(server, openSession);
  const planned = await createSession(staff, progId, { open: false });
  // The form of a closed session says why, and is not shown.
  const closedPage = await client.get(`/formations/sessions/${planned}/candidater`);
  assert.equal(closedPage.status, 200);
  assert.match(alertOf(closedPage), /ne sont pas ouvertes/);
  assert.ok(!closedPage.text.includes('name="motivation"'));
  let { res } = await apply(client, planned);
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /ne sont pas ouvertes/);
  assert.equal(await applicationCount(planned), 0);

  const cancelled = await createSession(staff, progId);
  await setSessionStatus(staff, cancelled, 'cancelled', 'Pas assez de candidatures');
  ({ res } = await apply(client, cancelled));
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /annulée/);
  assert.equal(await applicationCount(cancelled), 0);

  const retz = await sessionId(await signIn(server, DEMO.coordinator), 'Pays de Retz 2019');
  ({ res } = await apply(client, retz));
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /terminée/);

  // Starts in 5 days, no deadline of its own: start − 7 days has passed.
  const soon = await createSession(staff, progId, { startIn: 5 });
  ({ res } = await apply(client, soon));
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /date limite de candidature/);
  assert.equal(await applicationCount(soon), 0);

  // Twice on the same session: the form points to the application; a second POST gets a message, not an error page.
  const again = await client.get(`/formations/sessions/${openSession}/candidater`);
  assert.match(textOf(again.text), /déjà une candidature en cours/);
  assert.match(again.text, /href="\/formations\/candidatures\/\d+">Voir ma candidature/);
  ({ res } = await apply(client, openSession));
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /déjà une candidature en cours/);

  // CPF needs 11 working days: a start in 9 days is too close, another funding is fine.
  const close = await createSession(staff, progId, { startIn: 9 });
  let r = await apply(client, close, { funding: 'cpf' });
  assert.equal(r.res.status, 422);
  assert.match(alertOf(r.res), /11 jours ouvrés/);
  assert.match(r.res.text, /href="#e-funding"/);
  assert.equal(await applicationCount(close), 0);
  r = await apply(client, close, { funding: 'france_travail' });
  assert.equal(r.res.status, 303, alertOf(r.res));

  // Full: one place, taken.
  const tiny = await createSession(staff, progId, { max: 1 });
  const first = await apply(client, tiny);
  await admit(staff, first.id);
  const second = await anonymousApplicant(server, openSession);
  ({ res } = await apply(second.client, tiny));
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /complète/);
  assert.equal(await applicationCount(tiny), 1);
});

test('the adaptation request is read only by the disability referent', async () => {
  const secret = `Besoin d'une boucle magnétique ${fresh('x')}`;
  const { client, id } = await anonymousApplicant(server, openSession, { adaptation: secret });
  // The applicant (its author) and the referent read it.
  assert.ok(textOf((await client.get(`/formations/candidatures/${id}`)).text).includes(secret));
  assert.ok(textOf((await staff.get(`/formations/candidatures/${id}`)).text).includes(secret));
  // A manager who is not the referent (the administrator manages every organiser) does not.
  const admin = await signIn(server, DEMO.administrator);
  const page = await admin.get(`/formations/candidatures/${id}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('boucle magnétique'));
  assert.ok(!page.text.includes('adaptation-request'));
  // Never in the list, not even for the referent.
  const list = await staff.get(`/formations/sessions/${openSession}/candidatures`);
  assert.ok(!list.text.includes('boucle magnétique'));
  // A trainer or another trainee cannot open the application.
  const trainer = await signIn(server, DEMO.trainer);
  assert.equal((await trainer.get(`/formations/candidatures/${id}`)).status, 404);
  assert.equal((await trainer.get(`/formations/sessions/${openSession}/candidatures`)).status, 403);
});

test('interviews: proposed by e-mail, confirmed or declined, notes recorded', async () => {
  const { client, id, email } = await anonymousApplicant(server, openSession);
  await staff.get(`/formations/candidatures/${id}`);
  let res = await staff.post(`/formations/candidatures/${id}/entretiens`, { scheduled: '2020-01-01T10:00', minutes: '30',
    place: 'Téléphone', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /date et une heure d'entretien à venir/);
  const when = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  res = await staff.post(`/formations/candidatures/${id}/entretiens`, { scheduled: `${when}T14:30`, minutes: '45',
    place: 'Sagiterre, salle 2', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  const mail = await waitForMail((m) => m.to === email && /entretien/i.test(m.subject));
  assert.match(mail.body, /14:30/);
  assert.match(mail.body, new RegExp(`/formations/candidatures/${id}`));
  assert.equal(await statusOf(client, id), 'Entretien');
  let page = await client.get(`/formations/candidatures/${id}`);
  const first = Number(page.text.match(/\/formations\/entretiens\/(\d+)\/reponse/)[1]);
  res = await client.post(`/formations/entretiens/${first}/reponse`, { answer: 'decline', _submission: fresh() });
  assert.equal(res.status, 303);
  await waitForMail((m) => m.to === DEMO.training_staff && /décliné/.test(m.subject));
  // Answering twice: refused.
  await client.get(`/formations/candidatures/${id}`);
  res = await client.post(`/formations/entretiens/${first}/reponse`, { answer: 'confirm', _submission: fresh() });
  assert.equal(res.status, 422);
  // A second proposal, confirmed.
  await staff.get(`/formations/candidatures/${id}`);
  res = await staff.post(`/formations/candidatures/${id}/entretiens`, { scheduled: `${when}T16:00`, minutes: '30',
    place: 'Visio', _submission: fresh() });
  assert.equal(res.status, 303);
  page = await client.get(`/formations/candidatures/${id}`);
  const second = Number(page.text.match(/\/formations\/entretiens\/(\d+)\/reponse/)[1]);
  assert.notEqual(second, first);
  res = await client.post(`/formations/entretiens/${second}/reponse`, { answer: 'confirm', _submission: fresh() });
  assert.equal(res.status, 303);
  await waitForMail((m) => m.to === DEMO.training_staff && /confirmé/.test(m.subject));
  // The applicant cannot write notes; the organiser does.
  res = await client.post(`/formations/entretiens/${second}/notes`, { note_motivation: 'x', _submission: fresh() });
  assert.equal(res.status, 403);
  await staff.get(`/formations/candidatures/${id}`);
  res = await staff.post(`/formations/entretiens/${second}/notes`, { note_motivation: 'Très motivée', note_project: 'Clair',
    note_availability: 'Toutes les dates', note_funding: 'OPCO en cours', note_adaptation: 'no', recommendation: 'admit',
    _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  page = await staff.get(`/formations/candidatures/${id}`);
  assert.match(textOf(page.text), /Avis : Admettre/);
  assert.match(textOf(page.text), /Aucune adaptation nécessaire/);
  assert.match(page.text, /Très motivée/);
  // The applicant sees the interview but not the notes.
  page = await client.get(`/formations/candidatures/${id}`);
  assert.ok(!page.text.includes('Très motivée'));
});

test('decisions: a refusal needs a reason, which is e-mailed; admitted trainees confirm', async () => {
  const a = await anonymousApplicant(server, openSession);
  let res = await decide(staff, a.id, 'refused', '');
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /motif du refus est obligatoire/);
  assert.equal(await statusOf(staff, a.id), 'Déposée');
  res = await decide(staff, a.id, 'refused', 'Les prérequis ne sont pas remplis.');
  assert.equal(res.status, 303);
  const refusal = await waitForMail((m) => m.to === a.email && m.body.includes('Les prérequis ne sont pas remplis.'));
  assert.match(refusal.body, /Motif/);
  assert.equal(await statusOf(a.client, a.id), 'Refusée');
  // A refused application can no longer be decided.
  res = await decide(staff, a.id, 'admitted');
  assert.equal(res.status, 422);

  const b = await anonymousApplicant(server, openSession);
  const before_ = await placesOf(staff, openSession);
  await admit(staff, b.id);
  await waitForMail((m) => m.to === b.email && /admis/.test(m.subject));
  assert.equal((await placesOf(staff, openSession)).taken, before_.taken + 1);
  await confirm(b.client, b.id);
  assert.equal(await statusOf(b.client, b.id), 'Inscription confirmée');
  await waitForMail((m) => m.to === b.email && /Inscription confirmée/.test(m.subject));
  // Only the applicant confirms.
  const c = await anonymousApplicant(server, openSession);
  await admit(staff, c.id);
  await staff.get(`/formations/candidatures/${c.id}`);
  res = await staff.post(`/formations/candidatures/${c.id}/confirmation`, { _submission: fresh() });
  assert.equal(res.status, 403);
  // A double submit acts once.
  const d = await anonymousApplicant(server, openSession);
  const page = await staff.get(`/formations/candidatures/${d.id}`);
  const submission = page.text.match(/name="_submission" value="([^"]+)"/)[1];
  const seats = (await placesOf(staff, openSession)).taken;
  const r1 = await staff.post(`/formations/candidatures/${d.id}/decision`, { decision: 'admitted', reason: '', _submission: submission });
  const r2 = await staff.post(`/formations/candidatures/${d.id}/decision`, { decision: 'admitted', reason: '', _submission: submission });
  assert.equal(r1.status, 303);
  assert.equal(r2.status, 303);
  assert.equal((await placesOf(staff, openSession)).taken, seats + 1);
});

test('capacity: 12 parallel admissions with 2 places left admit exactly 2', async () => {
  const session = await createSession(staff, progId, { max: 2 });
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const anon = new Client(server.url);
    const email = `${fresh('par')}@example.org`;
    const { res } = await apply(anon, session, { name: `Parallèle ${i}`, email });
    assert.equal(res.status, 303, alertOf(res));
  }
  const list = await staff.get(`/formations/sessions/${session}/candidatures`);
  for (const m of list.text.matchAll(/<tr data-application="(\d+)"/g)) ids.push(Number(m[1]));
  assert.equal(ids.length, 12);
  await staff.get(`/formations/candidatures/${ids[0]}`);
  const results = await Promise.all(ids.map((id) => staff.post(`/formations/candidatures/${id}/decision`,
    { decision: 'admitted', reason: '', _submission: fresh() })));
  assert.equal(results.filter((r) => r.status === 303).length, 2);
  const refused = results.filter((r) => r.status === 422);
  assert.equal(refused.length, 10);
  assert.match(alertOf(refused[0]), /complète : mettez cette candidature en liste d'attente/);
  assert.deepEqual(await placesOf(staff, session), { taken: 2, max: 2 });
});

test('the waiting list is promoted automatically when an admitted trainee withdraws', async () => {
  const session = await createSession(staff, progId, { max: 2 });
  const a = await anonymousApplicant(server, session);
  const b = await anonymousApplicant(server, session);
  const w1 = await anonymousApplicant(server, session);
  const w2 = await anonymousApplicant(server, session);
  await admit(staff, a.id);
  await admit(staff, b.id);
  await confirm(b.client, b.id);
  let res = await decide(staff, w1.id, 'admitted');
  assert.equal(res.status, 422);
  res = await decide(staff, w1.id, 'waiting');
  assert.equal(res.status, 303, alertOf(res));
  res = await decide(staff, w2.id, 'waiting');
  assert.equal(res.status, 303, alertOf(res));
  // The job finds nothing to do while no seat was released.
  let job = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(job.status, 0, job.stderr);
  assert.equal(await statusOf(staff, w1.id), "Liste d'attente");
  // The confirmed trainee withdraws: the oldest waiting application takes the seat at once.
  res = await withdraw(b.client, b.id, 'Changement de poste');
  assert.equal(res.status, 303, alertOf(res));
  assert.equal(await statusOf(b.client, b.id), 'Retirée');
  assert.equal(await statusOf(w1.client, w1.id), 'Admis·e');
  assert.equal(await statusOf(w2.client, w2.id), "Liste d'attente");
  assert.deepEqual(await placesOf(staff, session), { taken: 2, max: 2 });
  await waitForMail((m) => m.to === DEMO.training_staff && /Candidature retirée/.test(m.subject) && m.body.includes(`/formations/sessions/${session}/`));
  const mail = await waitForMail((m) => m.to === w1.email && /place s'est libérée/.test(m.subject));
  assert.match(mail.body, new RegExp(`/formations/candidatures/${w1.id}`));
  // Running the job again changes nothing (idempotent).
  job = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(job.status, 0, job.stderr);
  assert.equal(await statusOf(staff, w2.id), "Liste d'attente");
  assert.deepEqual(await placesOf(staff, session), { taken: 2, max: 2 });
  // Withdrawing twice: refused, nothing moves.
  res = await withdraw(b.client, b.id);
  assert.equal(res.status, 422);
  assert.equal(await statusOf(staff, w2.id), "Liste d'attente");
});

test('funding lines: price and length limits, amounts due shown, trainee reads', async () => {
  const a = await anonymousApplicant(server, openSession);
  await admit(staff, a.id);
  await confirm(a.client, a.id);
  await staff.get(`/formations/candidatures/${a.id}`);
  const add = (fields) => staff.post(`/formations/candidatures/${a.id}/financements`, {
    funder: 'opco', funder_name: 'Uniformation', amount: '750', hours: '', agreement_ref: 'UNIF-1', status: 'agreed',
    _submission: fresh(), ...fields,
  });
  // Above the programme's price (1 500 €).
  let res = await add({ amount: '1600' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Le financement dépasse le prix de la formation/);
  assert.match(res.text, /value="1600"/);
  // Beyond the session's planned length (2 days = 14 h).
  res = await add({ hours: '15' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /dépassent la durée prévue/);
  res = await add({ amount: 'douze' });
  assert.equal(res.status, 422);
  let page = await staff.get(`/formations/candidatures/${a.id}`);
  assert.ok(!page.text.includes('data-line='), 'nothing saved');
  // Two lines up to the price.
  res = await add({ amount: '750', hours: '7' });
  assert.equal(res.status, 303, alertOf(res));
  res = await add({ funder: 'france_travail', funder_name: 'France Travail', amount: '750,00', hours: '7h', agreement_ref: 'AIF-2' });
  assert.equal(res.status, 303, alertOf(res));
  res = await add({ funder: 'self', amount: '1' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /dépasse le prix/);
  page = await staff.get(`/formations/candidatures/${a.id}`);
  const text = textOf(page.text);
  assert.match(text, /Prix de la formation : 1 500,00 €/);
  assert.match(text, /Heures suivies : 0 h/);
  assert.equal([...page.text.matchAll(/data-line="/g)].length, 2);
  // Nothing attended yet: nothing due.
  assert.equal([...page.text.matchAll(/<td[^>]*class="due">0,00\u00a0€<\/td>/g)].length, 2);
  // Editing a line to exceed the price is refused too.
  const lineId = Number(page.text.match(/\/formations\/financements\/(\d+)/)[1]);
  res = await staff.post(`/formations/financements/${lineId}`, { funder: 'opco', funder_name: '', amount: '900', hours: '7',
    agreement_ref: '', status: 'agreed', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /dépasse le prix/);
  assert.match(res.text, /value="900"/);
  assert.match(res.text, new RegExp(`href="#e-la-${lineId}"`));
  page = await staff.get(`/formations/candidatures/${a.id}`);
  assert.ok(!page.text.includes('value="900"'), 'nothing saved');
  // The trainee reads the lines but has no form.
  page = await a.client.get(`/formations/candidatures/${a.id}`);
  assert.match(textOf(page.text), /France Travail/);
  assert.match(page.text, /Montant dû/);
  assert.ok(!page.text.includes('/financements"'));
  res = await a.client.post(`/formations/candidatures/${a.id}/financements`, { funder: 'opco', amount: '1', _submission: fresh() });
  assert.equal(res.status, 403);
});

test('requests more than 4 months before the start are flagged for the organiser', async () => {
  const far = await createSession(staff, progId, { startIn: 150 });
  const near = await createSession(staff, progId, { startIn: 100 });
  await anonymousApplicant(server, far);
  await anonymousApplicant(server, near);
  const farList = await staff.get(`/formations/sessions/${far}/candidatures`);
  assert.match(textOf(farList.text), /Demande anticipée/);
  assert.match(textOf(farList.text), /(149|150|151) jours/);
  const nearList = await staff.get(`/formations/sessions/${near}/candidatures`);
  assert.ok(!textOf(nearList.text).includes('Demande anticipée'));
  // The list filters by status and counts per status.
  const filtered = await staff.get(`/formations/sessions/${far}/candidatures?statut=refused`);
  assert.match(textOf(filtered.text), /Aucune candidature/);
  assert.match(textOf(filtered.text), /Déposée : 1/);
});

test('demo: applicants at every stage on the open Sagiterre session, completed cohorts', async () => {
  const demo = await sessionId(staff);
  const list = textOf((await staff.get(`/formations/sessions/${demo}/candidatures`)).text);
  for (const label of ['Déposée : 1', 'Entretien : 1', "Liste d'attente : 1", 'Refusée : 1', 'Inscription confirmée : 2'])
    assert.ok(list.includes(label), label);
  assert.match(list, /Stagiaire Paul Guimard/);
  const coord = await signIn(server, DEMO.coordinator);
  const ancenis = await sessionId(coord, "Pays d'Ancenis 2022-2023");
  const cohort = textOf((await coord.get(`/formations/sessions/${ancenis}/candidatures`)).text);
  assert.ok(cohort.includes('Formation suivie : 9'), cohort.slice(0, 400));
  assert.ok(cohort.includes('Abandon : 1'));
  // Running the demo again creates nothing new.
  const r = runTrame(['demo', '--database', server.database]);
  assert.equal(r.status, 0, r.stderr);
  const again = textOf((await staff.get(`/formations/sessions/${demo}/candidatures`)).text);
  assert.ok(again.includes('Déposée : 1'));
});
