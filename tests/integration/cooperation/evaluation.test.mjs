// Evaluation of a cooperation project (/cooperation/projets/{id}/evaluation…, docs/cooperation/evaluation.md):
// a member proposes a criterion with an indicator of the project; a criterion without a title, or proposed
// by an observer, changes nothing; a facilitator adopts it only through a CLOSED decision of the same
// project with its outcome written (an open decision, another project's decision, a verdict contrary to
// the decision's, a member attaching: refused, the database unchanged); the evaluation of the cooperation
// at a phase sends the project's questionnaire to its facilitators and members (not its observers) — the
// invitations arrive at the SMTP sink — once per phase (a second launch changes nothing); the yearly
// report is a PDF naming the project and the adopted criterion, for facilitators only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, DEMO, linkIn, mails, querySql, startTrame, waitForMail, parisYear } from '../harness.mjs';
import { addMember, createProject, decode, flash, hex, post, sagiterre, signIn } from './fixtures.mjs';

let server;
const people = {};  // facilitator, member, coordinator, observer, outsider: signed-in clients
let project;        // the project under test: { id, title }
let otherProject;   // another project of the same facilitator, with a closed decision
let indicator;      // an indicator of the project (entered by hand)

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const evaluationUrl = (id) => `/cooperation/projets/${id}/evaluation`;

// A proposal decision of the project, opened by its facilitator; closed with its outcome when `verdict` is given.
async function decision(client, projectId, title, verdict = null) {
  const closes = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 16);
  let res = await post(client, `/cooperation/projets/${projectId}/decisions/nouvelle`, `/cooperation/projets/${projectId}/decisions`, {
    type: 'proposal', title, details: 'Adopter les critères d\'évaluation proposés.', reasons: '', closes_at: closes,
    quorum_kind: 'none', quorum_value: '0', meeting_id: '0',
  });
  assert.equal(res.status, 303, `decision opened: ${flash(res.text)}`);
  const id = Number(res.location.match(/\/decisions\/(\d+)/)[1]);
  if (verdict) {
    const page = `/cooperation/projets/${projectId}/decisions/${id}`;
    res = await post(client, page, `${page}/fermer`, { statement: 'Le groupe adopte les critères.', verdict, option_id: '', review_on: '' });
    assert.equal(res.status, 303, `decision closed: ${flash(res.text)}`);
    assert.equal(value(`SELECT status FROM cooperation_decisions WHERE id = ${id}`), 'closed');
  }
  return id;
}

before(async () => {
  server = await startTrame();
  people.facilitator = await signIn(server, DEMO.training_staff);
  people.member = await signIn(server, DEMO.trainee);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.observer = await signIn(server, DEMO.jury_member);
  people.outsider = await signIn(server, DEMO.referent);
  project = await createProject(people.facilitator, `Évaluer ensemble ${hex()}`, { organisation: sagiterre(server) });
  await addMember(people.facilitator, project.id, DEMO.trainee, 'member');
  await addMember(people.facilitator, project.id, DEMO.coordinator, 'member');
  await addMember(people.facilitator, project.id, DEMO.jury_member, 'observer');
  otherProject = await createProject(people.facilitator, `Autre projet ${hex()}`, { organisation: sagiterre(server) });
  const res = await post(people.facilitator, `/cooperation/projets/${project.id}/indicateurs`, `/cooperation/projets/${project.id}/indicateurs`, {
    label: `Habitants de plus de 60 ans aux lectures ${hex()}`, unit: 'personnes', description: '', source_text: 'Comptage aux entrées',
    source_url: '', period_kind: 'year',
  });
  assert.equal(res.status, 303, `indicator created: ${flash(res.text)}`);
  indicator = Number(res.location.match(/\/indicateurs\/(\d+)/)[1]);
});
after(async () => { await server?.stop(); });

const criterionRow = (id) => sql(`SELECT id, project_id, title, dimension, description, status, decision_id, decided_by,
  decided_at, proposed_by, updated_at FROM cooperation_criteria WHERE id = ${id}`);
const criteriaCount = () => Number(value(`SELECT COUNT(*) FROM cooperation_criteria WHERE project_id = ${project.id}`));

let criterion;  // proposed by the member, with the indicator

test('a member proposes a criterion with an indicator of the project; bad input and observers change nothing', async () => {
  const page = evaluationUrl(project.id);
  // No title: the form again, in French, nothing stored.
  let res = await post(people.member, page, `${page}/criteres`, { title: '   ', dimension: 'results', description: '', indicators: String(indicator) });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /Donnez un intitulé au critère/);
  assert.equal(criteriaCount(), 0);
  // An indicator of no project of ours.
  res = await post(people.member, page, `${page}/criteres`, { title: 'Un critère', dimension: 'results', indicators: '999999' });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /n'est pas un indicateur de ce projet/);
  // An unknown dimension.
  res = await post(people.member, page, `${page}/criteres`, { title: 'Un critère', dimension: 'budget' });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /conditions, les moyens ou les résultats/);
  // An observer reads, does not propose.
  res = await post(people.observer, page, `${page}/criteres`, { title: 'Un critère', dimension: 'means' });
  assert.equal(res.status, 403);
  // Someone who is not in the project: as if it did not exist.
  res = await people.outsider.get(page);
  assert.equal(res.status, 404);
  assert.equal(criteriaCount(), 0);

  res = await post(people.member, page, `${page}/criteres`, {
    title: 'Des générations réunies aux lectures', dimension: 'results',
    description: 'Des moins de 25 ans et des plus de 60 ans présents ensemble.', indicators: String(indicator),
  });
  assert.equal(res.status, 303, flash(res.text));
  criterion = Number(res.location.match(/\/evaluation\/criteres\/(\d+)$/)[1]);
  assert.equal(value(`SELECT status FROM cooperation_criteria WHERE id = ${criterion}`), 'proposed');
  assert.equal(value(`SELECT indicator_id FROM cooperation_criterion_indicators WHERE criterion_id = ${criterion}`), String(indicator));
  const shown = await people.observer.get(res.location);
  assert.equal(shown.status, 200);
  assert.match(decode(shown.text), /Des générations réunies aux lectures/);
  assert.ok(!shown.text.includes('name="verdict"'), 'an observer has no decision form');
  const list = await people.observer.get(page);
  assert.match(decode(list.text), /Des générations réunies aux lectures/);
  assert.match(list.text, /Proposé/);
});

test('a criterion is adopted only through a closed decision of the same project', async () => {
  const url = `${evaluationUrl(project.id)}/criteres/${criterion}`;
  const before = criterionRow(criterion);
  const open = await decision(people.facilitator, project.id, `Décision encore ouverte ${hex()}`);
  const elsewhere = await decision(people.facilitator, otherProject.id, `Décision d'un autre projet ${hex()}`, 'adopted');
  const closed = await decision(people.facilitator, project.id, `Adoption des critères ${hex()}`, 'adopted');

  // An open decision: refused in French, nothing changed.
  let res = await post(people.facilitator, url, `${url}/decision`, { decision: open, verdict: 'adopted' });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /encore ouverte/);
  assert.equal(criterionRow(criterion), before);
  // Another project's closed decision.
  res = await post(people.facilitator, url, `${url}/decision`, { decision: elsewhere, verdict: 'adopted' });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /n'est pas une décision de ce projet/);
  assert.equal(criterionRow(criterion), before);
  // The opposite of what the decision says.
  res = await post(people.facilitator, url, `${url}/decision`, { decision: closed, verdict: 'rejected' });
  assert.equal(res.status, 422);
  assert.match(flash(res.text), /ne peut pas être écarté/);
  // No decision chosen.
  res = await post(people.facilitator, url, `${url}/decision`, { decision: '', verdict: 'adopted' });
  assert.equal(res.status, 422);
  assert.equal(criterionRow(criterion), before);
  // A member does not attach decisions.
  res = await post(people.member, url, `${url}/decision`, { decision: closed, verdict: 'adopted' });
  assert.equal(res.status, 403);
  assert.equal(criterionRow(criterion), before);
  // The criterion through another project's URL: not found.
  res = await post(people.facilitator, url, `${evaluationUrl(otherProject.id)}/criteres/${criterion}/decision`, { decision: elsewhere, verdict: 'adopted' });
  assert.equal(res.status, 404);
  assert.equal(criterionRow(criterion), before);

  // The closed decision adopts it; the decision is linked on its page.
  const page = await people.facilitator.get(url);
  assert.ok(page.text.includes(`value="${closed}"`), 'the closed decision is offered');
  assert.ok(!page.text.includes(`value="${open}"`), 'the open decision is not offered');
  res = await post(people.facilitator, url, `${url}/decision`, { decision: closed, verdict: 'adopted' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT status || ' ' || decision_id FROM cooperation_criteria WHERE id = ${criterion}`), `adopted ${closed}`);
  const shown = await people.member.get(url);
  assert.match(shown.text, /Adopté/);
  assert.ok(shown.text.includes(`href="/cooperation/projets/${project.id}/decisions/${closed}"`), 'the decision is linked');
  // Decided once: a second attachment and an edit are refused.
  const adopted = criterionRow(criterion);
  res = await post(people.facilitator, url, `${url}/decision`, { decision: closed, verdict: 'adopted' });
  assert.equal(res.status, 409);
  res = await post(people.facilitator, url, url, { title: 'Autre intitulé', dimension: 'means' });
  assert.equal(res.status, 409);
  assert.equal(criterionRow(criterion), adopted);
});

test('the evaluation of a phase sends the questionnaire to the facilitators and members, once', async () => {
  const page = evaluationUrl(project.id);
  const invitations = () => sql(`SELECT i.email FROM questionnaire_invitations i JOIN cooperation_phase_evaluations e
    ON e.campaign_id = i.campaign_id WHERE e.project_id = ${project.id} ORDER BY i.email`);
  // Members do not launch it.
  let res = await post(people.member, page, `${page}/phases`, { phase: 'diagnosis' });
  assert.equal(res.status, 403);
  res = await post(people.facilitator, page, `${page}/phases`, { phase: 'vacances' });
  assert.equal(res.status, 422);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_phase_evaluations WHERE project_id = ${project.id}`), '0');

  res = await post(people.facilitator, page, `${page}/phases`, { phase: 'diagnosis' });
  assert.equal(res.status, 303, flash(res.text));
  const [campaign, questionnaire] = sql(`SELECT campaign_id, questionnaire_id FROM cooperation_phase_evaluations
    WHERE project_id = ${project.id} AND phase = 'diagnosis'`).split('|').map(Number);
  assert.ok(campaign && questionnaire);
  assert.equal(value(`SELECT audience || ' ' || status FROM questionnaire_campaigns WHERE id = ${campaign}`), 'project open');
  // Owned by the project's organisation (Sagiterre), published, from the starter.
  assert.equal(value(`SELECT o.name FROM questionnaires q JOIN organisations o ON o.id = q.organisation_id WHERE q.id = ${questionnaire}`), 'Sagiterre');
  assert.equal(value(`SELECT status FROM questionnaires WHERE id = ${questionnaire}`), 'published');
  assert.equal(value(`SELECT COUNT(*) FROM questionnaire_questions WHERE questionnaire_id = ${questionnaire}`), '13');
  // The facilitator and the two members, not the observer.
  const invited = invitations();
  assert.deepEqual(invited.split('\n'), [DEMO.coordinator, DEMO.training_staff, DEMO.trainee].sort());
  let memberLink = null;
  for (const email of [DEMO.trainee, DEMO.coordinator, DEMO.training_staff]) {
    const mail = await waitForMail((m) => m.to === email && m.subject.includes(project.title) && m.subject.startsWith('Questionnaire'));
    assert.match(mail.body, /\/questionnaires\/repondre\//);
    if (email === DEMO.trainee) memberLink = linkIn(mail.body, '/questionnaires/repondre/');
  }
  // The member's personal link opens the questionnaire's first part (conditions), as any sending's does.
  const answering = await new Client(server.url).get(memberLink);
  assert.equal(answering.status, 200);
  assert.match(decode(answering.text), /Les conditions de la coopération/);
  assert.ok(!mails().some((m) => m.to === DEMO.jury_member && m.subject.includes(project.title)), 'no invitation for the observer');

  // Twice: refused in French, nothing more sent.
  res = await post(people.facilitator, page, `${page}/phases`, { phase: 'diagnosis' });
  assert.equal(res.status, 409);
  assert.match(flash(res.text), /déjà été lancée/);
  assert.equal(invitations(), invited);
  assert.equal(value(`SELECT COUNT(*) FROM questionnaire_campaigns WHERE questionnaire_id = ${questionnaire}`), '1');

  // The page shows the rate; the next phase reuses the same questionnaire.
  const overview = await people.observer.get(page);
  assert.match(overview.text, /0 sur 3/);
  const phasePage = await people.observer.get(`${page}/phases/diagnostic`);
  assert.equal(phasePage.status, 200);
  assert.match(decode(phasePage.text), /Évaluation de la coopération/);
  res = await post(people.facilitator, page, `${page}/phases`, { phase: 'design' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT COUNT(DISTINCT questionnaire_id) FROM cooperation_phase_evaluations WHERE project_id = ${project.id}`), '1');

  // Two facilitators launching the same phase at once: one sending, the other told it is already launched.
  await addMember(people.facilitator, project.id, DEMO.trainer, 'facilitator');
  const second = await signIn(server, DEMO.trainer);
  const [a, b] = await Promise.all([
    post(people.facilitator, page, `${page}/phases`, { phase: 'implementation' }),
    post(second, page, `${page}/phases`, { phase: 'implementation' }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [303, 409]);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_phase_evaluations WHERE project_id = ${project.id} AND phase = 'implementation'`), '1');
  assert.equal(value(`SELECT COUNT(*) FROM questionnaire_campaigns WHERE questionnaire_id = ${questionnaire}`), '3');
});

test('the yearly report is a PDF naming the project and its adopted criterion, for facilitators', async () => {
  const year = parisYear();
  const url = `${evaluationUrl(project.id)}/rapport-${year}.pdf`;
  const res = await fetch(server.url + url, { headers: { cookie: people.facilitator.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes });
  assert.equal(r.status, 0, String(r.stderr));
  const text = r.stdout.toString('utf8').replace(/\s+/g, ' ');
  for (const expected of [`Rapport d'évaluation ${year}`, project.title, 'Des générations réunies aux lectures', 'Indicateurs et cibles',
    'Diagnostic', 'Critères d\'évaluation adoptés'])
    assert.ok(text.includes(expected), `the report says ${expected}: ${text.slice(0, 2000)}`);
  const info = spawnSync('pdfinfo', ['-'], { input: bytes });
  if (info.status === 0) assert.match(info.stdout.toString('utf8'), new RegExp(`Title:\\s+Rapport d'évaluation ${year}`));
  // Members read the evaluation but do not download the report; other names and years: 404.
  assert.equal((await people.member.get(url)).status, 403);
  assert.equal((await people.outsider.get(url)).status, 404);
  assert.equal((await people.facilitator.get(`${evaluationUrl(project.id)}/rapport-1999.pdf`)).status, 404);
  assert.equal((await people.facilitator.get(`${evaluationUrl(project.id)}/rapport-${year + 1}.pdf`)).status, 404);
  assert.equal((await people.facilitator.get(`${evaluationUrl(project.id)}/autre.pdf`)).status, 404);
});
