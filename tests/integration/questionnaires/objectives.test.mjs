// Objectives set for a session during the course (issue 18): /formations/sessions/{id}/objectifs for the
// session's staff (its managers and trainers; 404 for a trainee, another organiser, a missing session;
// sign-in for an anonymous visitor), each change audited, bad input refused in French with nothing
// changed; the positioning and follow-up sendings ask one question per session objective (a session's copy
// made when the sending goes), the follow-up also one per trainer and the organisation's questions; an
// objective changed after the positioning is shown with both texts in the comparison; frozen once the
// follow-up has gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import {
  admit, anonymousApplicant, confirm, createSession, decode, fresh, programmeId, signIn, textOf,
} from '../enrolments_fixtures.mjs';
import { answerAll, cycleOf, runDue, tokenFor, waitToken } from '../campaigns_fixtures.mjs';

const STATUS = { trainee_status: 'employee', employer_type: 'association' };
let server;
let staff;
let trainer;
let sid;
let progId;
let trainees = [];


const own = () => dbRows(server.database,
  `SELECT position, text FROM training_session_objectives WHERE session_id = ${sid} ORDER BY position`)
  .map((r) => `${r[0]}:${r[1]}`).join('|');
const audits = () => Number(dbValue(server.database,
  `SELECT COUNT(*) FROM audit_log WHERE subject = ${q(`session:${sid}`)} AND action LIKE 'objectives.%'`));
const url = () => `/formations/sessions/${sid}/objectifs`;
const questionsOf = (campaignId) => dbRows(server.database, `SELECT q.label, q.objective, q.kind FROM questionnaire_questions q
  JOIN questionnaire_sections s ON s.id = q.section_id JOIN questionnaire_campaigns c ON c.questionnaire_id = q.questionnaire_id
  WHERE c.id = ${campaignId} ORDER BY s.position, q.position`);

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  progId = await programmeId(staff);
  sid = await createSession(staff, progId, { startIn: 20, days: 2, max: 12 });
  const page = await staff.get(`/formations/sessions/${sid}`);
  const m = page.text.match(/<option value="(\d+)">Formateur Sagiterre &lt;formateur@sagiterre.local&gt;<\/option>/);
  assert.ok(m, 'the trainer is offered');
  assert.equal((await staff.post(`/formations/sessions/${sid}/formateurs`, { trainer: m[1], _submission: fresh() })).status, 303);
  assert.ok(page.text.includes(`href="/formations/sessions/${sid}/objectifs"`), 'the session page links to the objectives');
  trainer = await signIn(server, DEMO.trainer);
  for (let i = 0; i < 2; i++) {
    const t = await anonymousApplicant(server, sid, STATUS);
    await admit(staff, t.id);
    await confirm(t.client, t.id);
    trainees.push(t);
  }
});

after(async () => {
  await server?.stop();
});

test('staff read the objectives page; a trainee, another organiser and a missing session get 404, an anonymous visitor signs in', async () => {
  for (const who of [staff, trainer]) {
    const res = await who.get(url());
    assert.equal(res.status, 200);
    const text = textOf(res.text);
    assert.match(text, /Aucun objectif propre : ce sont les objectifs du programme/);
    assert.match(res.text, /<textarea id="o-objectives" name="objectives"/);
  }
  assert.equal((await trainees[0].client.get(url())).status, 404);
  const coord = await signIn(server, DEMO.coordinator);
  assert.equal((await coord.get(url())).status, 404);
  assert.equal((await staff.get('/formations/sessions/999999999/objectifs')).status, 404);
  const anon = new Client(server.url);
  const res = await anon.get(url());
  assert.ok([302, 303].includes(res.status) && /connexion/.test(res.location), `sign-in asked (${res.status} ${res.location})`);
});

test('a trainer sets the objectives (audited); refusals change nothing', async () => {
  const before = own();
  const audited = audits();
  // A trainee, another organiser and an anonymous visitor cannot.
  await trainees[0].client.get(`/formations/sessions/${sid}`);
  assert.equal((await trainees[0].client.post(url(), { objectives: 'Pirate', _submission: fresh() })).status, 404);
  const coord = await signIn(server, DEMO.coordinator);
  await coord.get('/');
  assert.equal((await coord.post(url(), { objectives: 'Pirate', _submission: fresh() })).status, 404);
  const anon = new Client(server.url);
  await anon.get('/');
  const a = await anon.post(url(), { objectives: 'Pirate', _submission: fresh() });
  assert.ok([302, 303, 403].includes(a.status), `anonymous refused (${a.status})`);
  assert.equal(own(), before);
  assert.equal(audits(), audited);
  // Bad input: a French message on the field, the values kept, nothing changed.
  await trainer.get(url());
  const twice = await trainer.post(url(), { objectives: 'Un objectif\nUn objectif', _submission: fresh() });
  assert.equal(twice.status, 422);
  assert.match(decode(twice.text), /Le même objectif figure deux fois/);
  assert.match(twice.text, /aria-invalid="true"/);
  assert.match(decode(twice.text), />Un objectif\nUn objectif/);
  const long = await trainer.post(url(), { objectives: 'x'.repeat(301), _submission: fresh() });
  assert.equal(long.status, 422);
  assert.match(decode(long.text), /dépasse 300 caractères/);
  assert.equal(own(), before);
  assert.equal(audits(), audited);
  // Set by the trainer.
  const ok = await trainer.post(url(), {
    objectives: 'Repérer les acteurs culturels du quartier\n  Monter une sortie avec un groupe\n\nÉvaluer une action avec les habitants',
    _submission: fresh(),
  });
  assert.equal(ok.status, 303);
  assert.equal(own(), '1:Repérer les acteurs culturels du quartier|2:Monter une sortie avec un groupe|3:Évaluer une action avec les habitants');
  assert.equal(audits(), audited + 1);
  const page = textOf((await trainer.get(url())).text);
  assert.match(page, /Objectifs propres à cette session/);
});

test('positioning and follow-up ask the session\'s objectives; the follow-up evaluates the trainers and the organisation; the comparison shows both texts', async () => {
  runDue(server.database, Date.now() / 1000);
  let cycle = await cycleOf(staff, sid);
  runDue(server.database, cycle.positioning.send);
  cycle = await cycleOf(staff, sid);
  assert.equal(cycle.positioning.status, 'open');
  const pos = questionsOf(cycle.positioning.campaign).filter((r) => /^obj-/.test(r[1]));
  assert.deepEqual(pos.map((r) => `${r[1]}:${r[0]}`), ['obj-1:Repérer les acteurs culturels du quartier',
    'obj-2:Monter une sortie avec un groupe', 'obj-3:Évaluer une action avec les habitants']);
  const copy = dbValue(server.database, `SELECT q.session_id FROM questionnaires q JOIN questionnaire_campaigns c ON c.questionnaire_id = q.id WHERE c.id = ${cycle.positioning.campaign}`);
  assert.equal(Number(copy), sid, 'a copy for this session');
  for (const t of trainees) {
    const token = await waitToken(t.email, /Positionnement/);
    assert.equal((await answerAll(t.client, `/questionnaires/repondre/${token}`)).status, 200);
  }

  // Changed after the positioning went: allowed until the follow-up; the page shows what was asked.
  await trainer.get(url());
  const changed = await trainer.post(url(), {
    objectives: 'Repérer les acteurs culturels du quartier\nMonter une sortie culturelle avec des familles\nÉvaluer une action avec les habitants',
    _submission: fresh(),
  });
  assert.equal(changed.status, 303);
  const page = textOf((await trainer.get(url())).text);
  assert.match(page, /Objectifs posés au positionnement/);
  assert.match(page, /Monter une sortie avec un groupe/);

  // The follow-up: the objectives as they are now, one question per trainer, the organisation's questions.
  runDue(server.database, cycle.followup.send);
  cycle = await cycleOf(staff, sid);
  assert.equal(cycle.followup.status, 'open');
  const fq = questionsOf(cycle.followup.campaign);
  assert.deepEqual(fq.filter((r) => /^obj-/.test(r[1])).map((r) => `${r[1]}:${r[0]}`), ['obj-1:Repérer les acteurs culturels du quartier',
    'obj-2:Monter une sortie culturelle avec des familles', 'obj-3:Évaluer une action avec les habitants']);
  const trn = fq.filter((r) => /^trn-/.test(r[1]));
  assert.deepEqual(trn.map((r) => `${r[1]}:${r[0]}:${r[2]}`), ['trn-1:Formateur Sagiterre:scale']);
  const labels = fq.map((r) => r[0]);
  assert.ok(labels.includes('Comment évaluez-vous l\'organisme de formation ?'));
  assert.ok(labels.includes('Un commentaire sur l\'organisme de formation ?'));
  assert.ok(labels.includes('Un commentaire sur les formateurs et formatrices ?'));
  const items = dbValue(server.database, `SELECT q.items FROM questionnaire_questions q JOIN questionnaire_campaigns c ON c.questionnaire_id = q.questionnaire_id
    WHERE c.id = ${cycle.followup.campaign} AND q.kind = 'matrix'`);
  for (const item of ['L\'organisation de la formation', 'L\'information avant la formation', 'L\'accueil et la logistique', 'L\'accessibilité'])
    assert.ok(String(items).includes(item), item);
  const sections = dbRows(server.database, `SELECT s.title FROM questionnaire_sections s JOIN questionnaire_campaigns c ON c.questionnaire_id = s.questionnaire_id
    WHERE c.id = ${cycle.followup.campaign} ORDER BY s.position`).map((r) => r[0]);
  assert.ok(sections.includes('Les formateurs') && sections.includes('L\'organisme de formation'), sections.join(', '));
  // The trainee answers it through the ordinary pages (the trainer's question among them).
  const token = await waitToken(trainees[0].email, /Suivi à un mois/);
  const first = await trainees[0].client.get(`/questionnaires/repondre/${token}`);
  assert.equal(first.status, 200);
  assert.equal((await answerAll(trainees[0].client, `/questionnaires/repondre/${token}`)).status, 200);

  // Frozen once the follow-up has gone.
  const before = own();
  await trainer.get(url());
  const frozen = await trainer.post(url(), { objectives: 'Autre chose', _submission: fresh() });
  assert.equal(frozen.status, 422);
  assert.match(decode(frozen.text), /suivi à un mois a déjà été envoyé/);
  assert.equal(own(), before);

  // The comparison labels its rows with the session's objectives, and shows what the positioning asked.
  const cmp = await staff.get(`/formations/sessions/${sid}/evaluations/comparaison`);
  assert.equal(cmp.status, 200);
  const table = decode(cmp.text.match(/<table class="results-table" id="comparison-table">[\s\S]*?<\/table>/)[0]);
  const text = textOf(table);
  assert.match(text, /Repérer les acteurs culturels du quartier/);
  assert.match(text, /Monter une sortie culturelle avec des familles Posé au positionnement : « Monter une sortie avec un groupe »/);
  assert.match(text, /Évaluer une action avec les habitants/);
  // The programme's comparison leaves this session out: its obj-1… are not the programme's objectives.
  const prog = await staff.get(`/formations/programmes/${progId}/evaluations/comparaison`);
  assert.equal(prog.status, 200);
  assert.ok(!decode(prog.text).includes('Monter une sortie'), 'not mixed with the programme\'s objectives');
});
