// Decisions of a cooperation project (/cooperation/projets/{id}/decisions…, docs/cooperation/decisions.md),
// on a real server over HTTP, the database read to prove what changed and what did not. One decision
// of each type is voted by several members; every rule violation (a missing reason, a block without its
// reason, an objection without its harm, advice without its text, too many dots, a score missing or out
// of range, an incomplete or repeated ranking, a slot left unanswered) answers 422 in French and stores
// nothing; an observer's vote 403, an outsider's 404; a vote changed is stored once; closing without an
// outcome is refused; a vote after closing answers 409; the outcome names who decided; an action starts
// from it; run_due closes a decision at its date without deciding, and reminds the members of a review
// date once (the simulated clock TRAME_CLOCK_OFFSET with `trame jobs run-due`). Anonymous ballots hold
// no user id, and after closing no voter key. The demo's project has three closed decisions of
// different types and one open.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, runTrame, startTrame } from '../harness.mjs';
import { addMember, assertRefused, createProject, flash, hex, parisDay, post, sagiterre, signIn, textOf } from './fixtures.mjs';

let server;
const people = {};  // facilitator, member (trainee), coordinator, trainer, observer, outsider
let project;        // { id, title }

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const rows = (statement) => { const out = sql(statement); return out ? out.split('\n').map((l) => l.split('|')) : []; };
const listUrl = () => `/cooperation/projets/${project.id}/decisions`;
const decisionUrl = (id) => `${listUrl()}/${id}`;
const userId = (email) => Number(value(`SELECT id FROM users WHERE email = '${email}'`));
const parisInput = (epoch) => new Date(epoch * 1000).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
const now = () => Math.floor(Date.now() / 1000);

// Opens a decision as the facilitator; its id.
async function open(fields, client = people.facilitator) {
  const base = { title: `Décision ${hex()}`, details: 'Le contexte.', closes_at: parisInput(now() + 7 * 86400),
    reasons: '', quorum_kind: 'none', quorum_value: '', meeting_id: '0' };
  const res = await post(client, `${listUrl()}/nouvelle?type=${fields.type}`, listUrl(), { ...base, ...fields });
  assert.equal(res.status, 303, `decision opened: ${flash(res.text)}`);
  return Number(res.location.match(/\/decisions\/(\d+)$/)[1]);
}

const vote = (client, id, fields) => post(client, decisionUrl(id), `${decisionUrl(id)}/vote`, fields);
const closeWith = (client, id, fields) => post(client, decisionUrl(id), `${decisionUrl(id)}/fermer`, fields);
const ballots = (id) => sql(`SELECT b.id, b.user_id, b.voter_key, b.stance, b.reason, b.harm, b.resolved_at,
  (SELECT COUNT(*) FROM cooperation_decision_values v WHERE v.ballot_id = b.id) FROM cooperation_decision_ballots b
  WHERE b.decision_id = ${id} ORDER BY b.id`) + '\n' + sql(`SELECT v.ballot_id, v.option_id, v.value FROM cooperation_decision_values v
  JOIN cooperation_decision_ballots b ON b.id = v.ballot_id WHERE b.decision_id = ${id} ORDER BY v.ballot_id, v.option_id`);
const decisionRow = (id) => sql(`SELECT status, closed_at, closed_by, outcome_statement, outcome_option_id, outcome_verdict,
  decided_by, decided_at, review_on, review_sent_at FROM cooperation_decisions WHERE id = ${id}`);
const optionIds = (id) => rows(`SELECT id FROM cooperation_decision_options WHERE decision_id = ${id} ORDER BY position`).map((r) => Number(r[0]));
const ballotOf = (id, email) => rows(`SELECT stance, reason, harm FROM cooperation_decision_ballots WHERE decision_id = ${id}
  AND user_id = ${userId(email)}`);

// Runs the periodic jobs as if the clock were `offset` seconds ahead.
function runDue(offset) {
  const r = runTrame(['jobs', 'run-due', '--database', server.database], { env: { TRAME_CLOCK_OFFSET: String(offset) } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
}

before(async () => {
  server = await startTrame();
  people.facilitator = await signIn(server, DEMO.training_staff);
  people.member = await signIn(server, DEMO.trainee);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.trainer = await signIn(server, DEMO.trainer);
  people.observer = await signIn(server, DEMO.jury_member);
  people.outsider = await signIn(server, DEMO.partner_staff);
  project = await createProject(people.facilitator, `Décisions de test ${hex()}`, { organisation: sagiterre(server) });
  await addMember(people.facilitator, project.id, DEMO.trainee, 'member');
  await addMember(people.facilitator, project.id, DEMO.coordinator, 'member');
  await addMember(people.facilitator, project.id, DEMO.trainer, 'facilitator');
  await addMember(people.facilitator, project.id, DEMO.jury_member, 'observer');
});
after(async () => { await server?.stop(); });

test('opening a decision: bad input refused in French, members 403, outsiders 404, nothing created', async () => {
  const count = () => value(`SELECT COUNT(*) FROM cooperation_decisions WHERE project_id = ${project.id}`);
  const before = count();
  const page = `${listUrl()}/nouvelle?type=proposal`;
  const good = { type: 'proposal', title: 'Un titre', closes_at: parisInput(now() + 86400), reasons: 'objections', quorum_kind: 'none' };
  let res = await post(people.facilitator, page, listUrl(), { ...good, title: '  ' });
  assertRefused(res, 422, 'Donnez un intitulé à la décision.', 'empty title');
  res = await post(people.facilitator, page, listUrl(), { ...good, closes_at: parisInput(now() - 3600) });
  assertRefused(res, 422, 'La date de clôture est passée', 'closing in the past');
  res = await post(people.facilitator, page, listUrl(), { ...good, closes_at: 'demain' });
  assertRefused(res, 422, "La date de clôture n'est pas valide", 'closing not a date');
  res = await post(people.facilitator, page, listUrl(), { ...good, quorum_kind: 'share', quorum_value: '150' });
  assertRefused(res, 422, 'de 1 à 100 %', 'quorum share over 100');
  res = await post(people.facilitator, page, listUrl(), { ...good, type: 'lottery' });
  assertRefused(res, 422, 'Choisissez un type de décision', 'unknown type');
  res = await post(people.facilitator, `${listUrl()}/nouvelle?type=dot_vote`, listUrl(),
    { ...good, type: 'dot_vote', option: ['Le théâtre', '', ''], allowance: '10' });
  assertRefused(res, 422, 'Proposez au moins deux options', 'a dot vote with one option');
  res = await post(people.facilitator, `${listUrl()}/nouvelle?type=dot_vote`, listUrl(),
    { ...good, type: 'dot_vote', option: ['Le théâtre', 'le Théâtre'], allowance: '10' });
  assertRefused(res, 422, 'Deux options (ou créneaux) sont identiques', 'the same option twice');
  res = await post(people.facilitator, `${listUrl()}/nouvelle?type=ranked_choice`, listUrl(),
    { ...good, type: 'ranked_choice', option: ['A', 'B'], rank_count: '3' });
  assertRefused(res, 422, "Le nombre d'options à classer", 'ranking more options than there are');
  res = await post(people.facilitator, `${listUrl()}/nouvelle?type=time_poll`, listUrl(),
    { ...good, type: 'time_poll', option: [parisInput(now() - 86400)] });
  assertRefused(res, 422, 'Un créneau est déjà passé', 'a slot in the past');
  res = await post(people.facilitator, page, listUrl(), { ...good, meeting_id: '999999' });
  assertRefused(res, 422, "Cette réunion n'est pas une réunion du projet.", 'a meeting of no project');
  assert.ok(res.text.includes('value="Un titre"'), 'the form keeps what was typed');
  // A member: 403; an outsider: 404; the same for the form.
  res = await post(people.member, listUrl(), listUrl(), good);
  assertRefused(res, 403, null, 'a member opens');
  res = await post(people.outsider, '/cooperation/projets', listUrl(), good);
  assertRefused(res, 404, null, 'an outsider opens');
  assert.equal((await people.observer.get(page)).status, 403);
  assert.equal((await people.outsider.get(page)).status, 404);
  assert.equal((await people.outsider.get(listUrl())).status, 404);
  assert.equal(count(), before, 'nothing created');
  // The type is chosen first: the form without a type lists the types.
  const choose = await people.facilitator.get(`${listUrl()}/nouvelle`);
  assert.equal(choose.status, 200);
  for (const name of ['Proposition', 'Consentement', "Sollicitation d'avis", 'Vote par points', 'Notes', 'Classement', 'Choix de date'])
    assert.ok(textOf(choose.text).includes(name), `type ${name} offered`);
});

test('proposal: reasons for a block, observers and outsiders refused, a changed vote stored once, closing needs an outcome, no vote after', async () => {
  const id = await open({ type: 'proposal', reasons: 'objections', quorum_kind: 'share', quorum_value: '50',
    title: `Retenir le thème ${hex()}` });
  assert.ok((await people.member.get(decisionUrl(id))).text.includes('name="stance"'), 'the ballot form');
  let res = await vote(people.member, id, { stance: 'agree', reason: '' });
  assert.equal(res.status, 303, flash(res.text));
  // Results show after voting.
  const after = await people.member.get(decisionUrl(id));
  assert.ok(textOf(after.text).includes('1 vote sur 4 personnes qui peuvent voter'), textOf(after.text).slice(0, 2000));
  assert.ok(textOf(after.text).includes('Quorum non atteint'), 'quorum of 50 % of 4 not reached by 1');
  // Before voting, results are hidden.
  assert.ok(textOf((await people.coordinator.get(decisionUrl(id))).text).includes("Les résultats s'affichent après votre vote"));
  // Whoever decides (a facilitator, here one who has not voted) sees them before deciding.
  assert.ok(textOf((await people.trainer.get(decisionUrl(id))).text).includes('1 vote sur 4 personnes qui peuvent voter'),
    'a facilitator reads the votes before closing');
  const stored = ballots(id);
  res = await vote(people.coordinator, id, { stance: 'block', reason: '  ' });
  assertRefused(res, 422, 'Donnez la raison de votre vote', 'a block without its reason');
  res = await vote(people.coordinator, id, { stance: 'peut-être' });
  assertRefused(res, 422, 'Choisissez votre position', 'an unknown position');
  res = await vote(people.observer, id, { stance: 'agree' });
  assertRefused(res, 403, 'les observateur·ices suivent sans voter', 'an observer votes');
  res = await vote(people.outsider, id, { stance: 'agree' });
  assertRefused(res, 404, null, 'an outsider votes');
  assert.equal(ballots(id), stored, 'no ballot stored by the refusals');
  res = await vote(people.coordinator, id, { stance: 'block', reason: 'Le budget de la saison n\'est pas voté.' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.trainer, id, { stance: 'disagree', reason: 'Trop large.' });
  assert.equal(res.status, 303, flash(res.text));
  let page = textOf((await people.coordinator.get(decisionUrl(id))).text);
  assert.ok(page.includes('La proposition est bloquée.'), 'a block stops it');
  assert.ok(page.includes('Modifier votre vote'), 'the vote may be changed');
  // The coordinator changes their vote: one ballot, the last one.
  res = await vote(people.coordinator, id, { stance: 'agree', reason: '' });
  assert.equal(res.status, 303, flash(res.text));
  assert.deepEqual(ballotOf(id, DEMO.coordinator), [['agree', '', '']]);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_decision_ballots WHERE decision_id = ${id}`), '3');
  page = textOf((await people.coordinator.get(decisionUrl(id))).text);
  assert.ok(page.includes('Une majorité est d\'accord.'), page.slice(0, 1500));
  assert.ok(page.includes('Quorum atteint'), 'three of four voted');
  assert.ok(page.includes('Coordinatrice') && page.includes('Trop large.'), 'named votes show names and reasons');

  // Closing: a member may not; without a statement or a verdict it is refused, nothing changes.
  const row = decisionRow(id);
  res = await closeWith(people.member, id, { statement: 'x', verdict: 'adopted' });
  assertRefused(res, 403, null, 'a member closes');
  res = await closeWith(people.facilitator, id, { statement: '   ', verdict: 'adopted' });
  assertRefused(res, 422, 'Écrivez la décision', 'closing without an outcome');
  res = await closeWith(people.facilitator, id, { statement: 'Le thème est retenu.', verdict: '' });
  assertRefused(res, 422, 'Dites si la proposition est adoptée', 'closing without a verdict');
  res = await closeWith(people.facilitator, id, { statement: 'Le thème est retenu.', verdict: 'adopted', review_on: parisDay(-1) });
  assertRefused(res, 422, 'La date de revue doit être à venir.', 'a review date in the past');
  assert.equal(decisionRow(id), row, 'still open, no outcome');
  res = await closeWith(people.facilitator, id, { statement: 'Le thème est retenu.', verdict: 'adopted', review_on: parisDay(1) });
  assert.equal(res.status, 303, flash(res.text));
  const [status, closedAt, closedBy, statement, optionId, verdict, decidedBy, decidedAt, reviewOn] = decisionRow(id).split('|');
  assert.equal(status, 'closed');
  assert.ok(Number(closedAt) > 0);
  assert.equal(Number(closedBy), userId(DEMO.training_staff));
  assert.equal(statement, 'Le thème est retenu.');
  assert.equal(optionId, '0');
  assert.equal(verdict, 'adopted');
  assert.equal(Number(decidedBy), userId(DEMO.training_staff));
  assert.ok(Number(decidedAt) > 0);
  assert.equal(reviewOn, parisDay(1));
  // Everyone reads the outcome, observers included; who decided is named.
  page = textOf((await people.observer.get(decisionUrl(id))).text);
  assert.ok(page.includes('Adoptée') && page.includes('Le thème est retenu.') && page.includes('Décidé par'), page.slice(0, 1500));
  assert.ok(page.includes('Une majorité est d\'accord.'), 'results for everyone once closed');
  // No vote after closing: 409, nothing changed.
  const closed = ballots(id);
  res = await vote(people.member, id, { stance: 'block', reason: 'Trop tard ?' });
  assertRefused(res, 409, 'Le vote est clos', 'a vote after closing');
  assert.equal(ballots(id), closed);
  res = await closeWith(people.facilitator, id, { statement: 'Autre chose.', verdict: 'rejected' });
  assertRefused(res, 409, 'La décision a déjà été écrite.', 'a second outcome');
  assert.equal(value(`SELECT outcome_statement FROM cooperation_decisions WHERE id = ${id}`), 'Le thème est retenu.');

  // An action starts from the outcome, linked to the decision, and is listed on its page.
  res = await post(people.member, decisionUrl(id), `${decisionUrl(id)}/actions`, { title: 'Recueillir les souvenirs', description: '', due_on: '' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_actions WHERE decision_id = ${id} AND project_id = ${project.id}`), '1');
  assert.ok(textOf((await people.member.get(decisionUrl(id))).text).includes('Recueillir les souvenirs'));
  res = await post(people.observer, decisionUrl(id), `${decisionUrl(id)}/actions`, { title: 'Pas moi' });
  assertRefused(res, 403, null, 'an observer starts an action');

  // The review date: run_due under a clock two days ahead reminds every member once.
  const subject = `À revoir : « ${value(`SELECT title FROM cooperation_decisions WHERE id = ${id}`)} »`;
  runDue(2 * 86400);
  assert.ok(Number(value(`SELECT review_sent_at FROM cooperation_decisions WHERE id = ${id}`)) > 0, 'reminder stored');
  const members = rows(`SELECT u.email FROM cooperation_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ${project.id}`).map((r) => r[0]);
  assert.equal(Number(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = '${subject.replace(/'/g, "''")}'`)), members.length);
  // The messages are queued under the simulated clock (sent when it comes): read in the outbox.
  const quoted = subject.replace(/'/g, "''");
  const queued = rows(`SELECT recipient FROM mail_outbox WHERE subject = '${quoted}' ORDER BY recipient`).map((r) => r[0]);
  assert.deepEqual(queued.sort(), [...members].sort(), 'every member, observers included');
  const body = sql(`SELECT body FROM mail_outbox WHERE subject = '${quoted}' AND recipient = '${DEMO.trainee}'`);
  assert.ok(body.includes(`/cooperation/projets/${project.id}/decisions/${id}`), 'the reminder links to the decision');
  assert.ok(body.includes('Le thème est retenu.'), 'the reminder recalls the outcome');
  runDue(3 * 86400);
  assert.equal(Number(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = '${subject.replace(/'/g, "''")}'`)), members.length, 'once');
});

test('consent: an objection states its harm; it is withdrawn or resolved', async () => {
  const id = await open({ type: 'consent', reasons: 'never', title: `Charte ${hex()}` });
  let res = await vote(people.member, id, { stance: 'object', harm: '  ' });
  assertRefused(res, 422, 'Une objection doit dire quel tort elle veut éviter', 'an objection without its harm');
  assert.equal(ballots(id).trim(), '', 'nothing stored');
  res = await vote(people.member, id, { stance: 'object', harm: 'Les aîné·es sans voiture ne viendront pas.' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.coordinator, id, { stance: 'object', harm: 'Pas de photo sans accord écrit.' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.trainer, id, { stance: 'consent', harm: 'ignoré' });
  assert.equal(res.status, 303, flash(res.text));
  assert.deepEqual(ballotOf(id, DEMO.trainer), [['consent', '', '']], 'a consent keeps no harm');
  let page = textOf((await people.trainer.get(decisionUrl(id))).text);
  assert.ok(page.includes('Au moins une objection reste à lever.'), page.slice(0, 1500));
  // The coordinator withdraws their objection.
  res = await vote(people.coordinator, id, { stance: 'consent' });
  assert.equal(res.status, 303);
  assert.deepEqual(ballotOf(id, DEMO.coordinator), [['consent', '', '']]);
  // A member may not resolve an objection; the facilitator does.
  const ballot = value(`SELECT id FROM cooperation_decision_ballots WHERE decision_id = ${id} AND stance = 'object'`);
  const resolveUrl = `${decisionUrl(id)}/objections/${ballot}/levee`;
  res = await post(people.member, decisionUrl(id), resolveUrl, {});
  assert.equal(res.status, 403);
  assert.equal(value(`SELECT resolved_at FROM cooperation_decision_ballots WHERE id = ${ballot}`), '0');
  res = await post(people.facilitator, decisionUrl(id), resolveUrl, {});
  assert.equal(res.status, 303, flash(res.text));
  assert.ok(Number(value(`SELECT resolved_at FROM cooperation_decision_ballots WHERE id = ${ballot}`)) > 0);
  page = textOf((await people.facilitator.get(decisionUrl(id))).text);
  // The facilitator has not voted: results are hidden until they vote or it closes.
  res = await vote(people.facilitator, id, { stance: 'consent' });
  page = textOf((await people.facilitator.get(decisionUrl(id))).text);
  assert.ok(page.includes('Aucune objection ne reste'), page.slice(0, 2000));
  assert.ok(page.includes('Objections restantes : 0 ; levées : 1.'));
  res = await closeWith(people.facilitator, id, { statement: 'La charte est adoptée.', verdict: 'amended' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT outcome_verdict FROM cooperation_decisions WHERE id = ${id}`), 'amended');
});

test('advice: the text is required, and only the proposer decides', async () => {
  const id = await open({ type: 'advice', title: `Avis sur le budget ${hex()}` });
  let res = await vote(people.member, id, { stance: 'support', reason: '' });
  assertRefused(res, 422, 'Écrivez votre avis', 'advice without its text');
  res = await vote(people.member, id, { stance: 'support', reason: 'Prévoir le transport.' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.trainer, id, { stance: 'reserve', reason: 'Le calendrier est serré.' });
  assert.equal(res.status, 303, flash(res.text));
  const row = decisionRow(id);
  // The trainer facilitates the project, but did not open the decision.
  res = await closeWith(people.trainer, id, { statement: 'Je décide.', verdict: 'adopted' });
  assertRefused(res, 403, "c'est la personne qui a ouvert la décision qui décide", 'another facilitator decides');
  assert.equal(decisionRow(id), row);
  res = await closeWith(people.facilitator, id, { statement: 'Budget adopté, transport prévu.', verdict: 'amended' });
  assert.equal(res.status, 303, flash(res.text));
  const page = textOf((await people.observer.get(decisionUrl(id))).text);
  assert.ok(page.includes('Prévoir le transport.') && page.includes('Stagiaire'), 'advice is named');
});

test('dot vote (anonymous): the allowance, totals, no names, and no link left after closing', async () => {
  const id = await open({ type: 'dot_vote', anonymous: '1', allowance: '10', title: `Lieux ${hex()}`,
    option: ['Théâtre Quartier Libre', 'Espace culturel Paul Guimard', 'Médiathèque de Ligné', ''] });
  const [a, b, c] = optionIds(id);
  assert.equal(value(`SELECT length(ballot_salt) > 0 FROM cooperation_decisions WHERE id = ${id}`).replace('t', '1'), '1');
  let res = await vote(people.member, id, { [`points_${a}`]: '6', [`points_${b}`]: '5', [`points_${c}`]: '' });
  assertRefused(res, 422, 'Vous avez réparti trop de points : 10 au plus en tout.', 'too many dots');
  res = await vote(people.member, id, { [`points_${a}`]: '0', [`points_${b}`]: '', [`points_${c}`]: '0' });
  assertRefused(res, 422, 'Donnez au moins un point', 'no dot');
  res = await vote(people.member, id, { [`points_${a}`]: '-2', [`points_${b}`]: '5' });
  assertRefused(res, 422, 'Les points sont des nombres entiers', 'negative dots');
  assert.equal(ballots(id).trim(), '', 'nothing stored');
  res = await vote(people.member, id, { [`points_${a}`]: '7', [`points_${b}`]: '3' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.coordinator, id, { [`points_${b}`]: '4', [`points_${c}`]: '6' });
  assert.equal(res.status, 303, flash(res.text));
  res = await vote(people.trainer, id, { [`points_${a}`]: '1', [`points_${b}`]: '2', [`points_${c}`]: '7' });
  assert.equal(res.status, 303, flash(res.text));
  // The trainer changes their vote: still three ballots.
  res = await vote(people.trainer, id, { [`points_${b}`]: '10' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_decision_ballots WHERE decision_id = ${id}`), '3');
  // Anonymous: no user id, no time, keys that name nobody.
  for (const [, user, key] of rows(`SELECT id, user_id, voter_key FROM cooperation_decision_ballots WHERE decision_id = ${id}`)) {
    assert.equal(user, '0');
    for (const who of [DEMO.trainee, DEMO.coordinator, DEMO.trainer]) assert.ok(!key.includes(String(userId(who))) || key.length > 40);
  }
  assert.equal(value(`SELECT MAX(updated_at) FROM cooperation_decision_ballots WHERE decision_id = ${id}`), '0');
  assert.equal(value(`SELECT COUNT(*) FROM audit_log WHERE subject = 'cooperation_decision:${id}' AND action LIKE 'decisions.vote%'`), '0');
  const page = await people.member.get(decisionUrl(id));
  const results = textOf(page.text.split('id="results"')[1] || '');
  // Totals: A 7, B 3 + 4 + 10 = 17, C 6.
  assert.match(results, /Espace culturel Paul Guimard 17 1/);
  assert.match(results, /Théâtre Quartier Libre 7 2/);
  assert.match(results, /Médiathèque de Ligné 6 3/);
  for (const name of ['Stagiaire', 'Coordinatrice', 'Formateur']) assert.ok(!results.includes(name), `no name (${name}) in anonymous results`);
  res = await closeWith(people.facilitator, id, { statement: 'Premiers rendez-vous à Paul Guimard.', option_id: '' });
  assertRefused(res, 422, "Choisissez l'option retenue.", 'closing without the chosen option');
  res = await closeWith(people.facilitator, id, { statement: 'Premiers rendez-vous à Paul Guimard.', option_id: String(b) });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT ballot_salt FROM cooperation_decisions WHERE id = ${id}`), '');
  for (const [, key] of rows(`SELECT id, voter_key FROM cooperation_decision_ballots WHERE decision_id = ${id}`))
    assert.match(key, /^closed-\d+$/);
  assert.equal(Number(value(`SELECT outcome_option_id FROM cooperation_decisions WHERE id = ${id}`)), b);
  assert.ok(textOf((await people.observer.get(decisionUrl(id))).text).includes('Option retenue : Espace culturel Paul Guimard'));
});

test('score: every option from 0 to 5; averages', async () => {
  const id = await open({ type: 'score', title: `Formats d'ateliers ${hex()}`, option: ['Lecture à voix haute', 'Podcast', 'Balade contée'] });
  const [a, b, c] = optionIds(id);
  let res = await vote(people.member, id, { [`score_${a}`]: '4', [`score_${b}`]: '2' });
  assertRefused(res, 422, 'Notez chaque option, de 0 à 5.', 'a score missing');
  assert.ok(res.text.includes(`id="score_${c}"`), 'the option at fault is on the page');
  res = await vote(people.member, id, { [`score_${a}`]: '6', [`score_${b}`]: '2', [`score_${c}`]: '1' });
  assertRefused(res, 422, 'Une note va de 0 à 5.', 'a score over 5');
  assert.equal(ballots(id).trim(), '', 'nothing stored');
  assert.equal((await vote(people.member, id, { [`score_${a}`]: '5', [`score_${b}`]: '2', [`score_${c}`]: '0' })).status, 303);
  assert.equal((await vote(people.coordinator, id, { [`score_${a}`]: '4', [`score_${b}`]: '3', [`score_${c}`]: '0' })).status, 303);
  const results = textOf((await people.member.get(decisionUrl(id))).text.split('id="results"')[1] || '');
  assert.match(results, /Lecture à voix haute 4,5 1/);
  assert.match(results, /Podcast 2,5 2/);
  assert.match(results, /Balade contée 0 3/);
});

test('ranked choice: exactly N ranks, each once; Borda', async () => {
  const id = await open({ type: 'ranked_choice', rank_count: '2', title: `Spectacle d'ouverture ${hex()}`,
    option: ['Conte musical', 'Lecture-concert', 'Théâtre d\'objets'] });
  const [a, b, c] = optionIds(id);
  let res = await vote(people.member, id, { [`rank_${a}`]: '1', [`rank_${b}`]: '', [`rank_${c}`]: '' });
  assertRefused(res, 422, 'Classez exactement 2 options, de 1 à 2.', 'an incomplete ranking');
  res = await vote(people.member, id, { [`rank_${a}`]: '1', [`rank_${b}`]: '1', [`rank_${c}`]: '' });
  assertRefused(res, 422, 'Chaque rang ne peut être donné qu\'une fois', 'a rank twice');
  res = await vote(people.member, id, { [`rank_${a}`]: '1', [`rank_${b}`]: '3', [`rank_${c}`]: '' });
  assertRefused(res, 422, 'Un rang va de 1 à 2.', 'a rank out of range');
  assert.equal(ballots(id).trim(), '', 'nothing stored');
  assert.equal((await vote(people.member, id, { [`rank_${a}`]: '1', [`rank_${b}`]: '2', [`rank_${c}`]: '' })).status, 303);
  assert.equal((await vote(people.coordinator, id, { [`rank_${b}`]: '1', [`rank_${a}`]: '2', [`rank_${c}`]: '' })).status, 303);
  assert.equal((await vote(people.trainer, id, { [`rank_${b}`]: '1', [`rank_${c}`]: '2', [`rank_${a}`]: '' })).status, 303);
  const results = textOf((await people.member.get(decisionUrl(id))).text.split('id="results"')[1] || '');
  // Borda with N = 2: first 2 points, second 1. A: 2+1 = 3; B: 1+2+2 = 5; C: 1.
  assert.match(results, /Lecture-concert 5 2 1/);
  assert.match(results, /Conte musical 3 1 2/);
  assert.match(results, /Théâtre d'objets 1 0 3/);
});

test('time poll: an answer on every slot; a tie reported as a tie', async () => {
  const s1 = parisInput(now() + 10 * 86400), s2 = parisInput(now() + 11 * 86400);
  const id = await open({ type: 'time_poll', title: `Prochaine réunion ${hex()}`, option: [s2, s1] });
  const [a, b] = optionIds(id);
  assert.ok(Number(value(`SELECT starts_at FROM cooperation_decision_options WHERE id = ${a}`)) <
    Number(value(`SELECT starts_at FROM cooperation_decision_options WHERE id = ${b}`)), 'slots in time order');
  let res = await vote(people.member, id, { [`slot_${a}`]: 'yes' });
  assertRefused(res, 422, 'Répondez oui, peut-être ou non pour chaque créneau.', 'a slot left unanswered');
  res = await vote(people.member, id, { [`slot_${a}`]: 'yes', [`slot_${b}`]: 'souvent' });
  assertRefused(res, 422, 'Répondez oui, peut-être ou non.', 'an answer that is none');
  assert.equal(ballots(id).trim(), '', 'nothing stored');
  assert.equal((await vote(people.member, id, { [`slot_${a}`]: 'yes', [`slot_${b}`]: 'maybe' })).status, 303);
  assert.equal((await vote(people.coordinator, id, { [`slot_${a}`]: 'maybe', [`slot_${b}`]: 'yes' })).status, 303);
  const page = textOf((await people.member.get(decisionUrl(id))).text);
  assert.ok(page.includes('Égalité en tête'), page.slice(0, 2000));
});

test('run_due closes a decision at its date without deciding; votes then answer 409; the outcome is written after', async () => {
  const id = await open({ type: 'proposal', reasons: 'never', title: `Date limite ${hex()}`, closes_at: parisInput(now() + 3600) });
  assert.equal((await vote(people.member, id, { stance: 'agree' })).status, 303);
  runDue(2 * 3600);
  const [status, closedAt, closedBy, , , , decidedBy, decidedAt] = decisionRow(id).split('|');
  assert.equal(status, 'closed');
  assert.ok(Number(closedAt) > 0);
  assert.equal(closedBy, '0', 'closed by the clock');
  assert.equal(decidedBy, '0');
  assert.equal(decidedAt, '0', 'run_due does not decide for the group');
  assert.ok(value(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${DEMO.training_staff}' AND subject LIKE 'Vote clos%' AND body LIKE '%/decisions/${id}%'`) === '1',
    'the proposer is told to write the outcome');
  const before = ballots(id);
  const res = await vote(people.coordinator, id, { stance: 'agree' });
  assertRefused(res, 409, 'Le vote est clos', 'a vote after run_due closed it');
  assert.equal(ballots(id), before);
  assert.ok(textOf((await people.facilitator.get(decisionUrl(id))).text).includes('La décision reste à écrire.'));
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_decisions WHERE id = ${id} AND status = 'closed'`), '1');
  assert.equal((await closeWith(people.facilitator, id, { statement: 'Adopté à l\'unanimité des votant·es.', verdict: 'adopted' })).status, 303);
  assert.ok(Number(value(`SELECT decided_at FROM cooperation_decisions WHERE id = ${id}`)) > 0);
});

test('cancelling: facilitators only; a cancelled decision takes no vote and no outcome', async () => {
  const id = await open({ type: 'proposal', reasons: 'never', title: `À annuler ${hex()}` });
  let res = await post(people.member, decisionUrl(id), `${decisionUrl(id)}/annuler`, {});
  assert.equal(res.status, 403);
  res = await post(people.facilitator, decisionUrl(id), `${decisionUrl(id)}/annuler`, {});
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT status FROM cooperation_decisions WHERE id = ${id}`), 'cancelled');
  res = await vote(people.member, id, { stance: 'agree' });
  assertRefused(res, 409, 'Le vote est clos', 'a vote on a cancelled decision');
  res = await closeWith(people.facilitator, id, { statement: 'x', verdict: 'adopted' });
  assertRefused(res, 409, 'Cette décision a été annulée', 'an outcome for a cancelled decision');
  const list = textOf((await people.member.get(`${listUrl()}?etat=closes`)).text);
  assert.ok(list.includes('Annulée'));
});

test('the demo project holds three closed decisions of different types with outcomes, and one open with votes', async () => {
  const demo = value(`SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`);
  const closed = rows(`SELECT type, outcome_statement <> '', decided_by > 0 FROM cooperation_decisions WHERE project_id = ${demo} AND status = 'closed' ORDER BY id`);
  assert.equal(closed.length, 3);
  assert.equal(new Set(closed.map((r) => r[0])).size, 3, 'three different types');
  for (const r of closed) assert.deepEqual(r.slice(1).map((x) => x.replace('t', '1')), ['1', '1']);
  assert.ok(value(`SELECT COUNT(*) FROM cooperation_decisions WHERE project_id = ${demo} AND title LIKE '%Mémoires partagées%'`) === '1');
  // The theme was decided at the design meeting, and started an action.
  assert.equal(value(`SELECT m.title FROM cooperation_decisions d JOIN cooperation_meetings m ON m.id = d.meeting_id
    WHERE d.project_id = ${demo} AND d.title LIKE '%Mémoires partagées%'`), "Réunion de conception de l'action");
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_actions a JOIN cooperation_decisions d ON d.id = a.decision_id
    WHERE d.project_id = ${demo} AND d.title LIKE '%Mémoires partagées%'`), '1');
  const open = value(`SELECT id FROM cooperation_decisions WHERE project_id = ${demo} AND status = 'open'`);
  assert.ok(Number(value(`SELECT COUNT(*) FROM cooperation_decision_ballots WHERE decision_id = ${open}`)) >= 2);
  const page = await people.coordinator.get(`/cooperation/projets/${demo}/decisions?etat=closes`);
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Retenir le thème « Mémoires partagées » pour la saison'));
  // The jury member observes the demo project: reads, does not vote.
  const observed = await people.observer.get(`/cooperation/projets/${demo}/decisions/${open}`);
  assert.equal(observed.status, 200);
  assert.ok(!observed.text.includes('name="stance"'), 'no ballot form for an observer');
});
