// Impact studies (/questionnaires/etudes): a coordinator of the ticketing network creates a study
// (questionnaire, relais, period; bad input refused with nothing created), opens it; a referent of a
// chosen relais answers with or for one of their pseudonymous beneficiaries through the answering
// pages (once per person; a started answer resumes), a beneficiary of another relais and a referent of
// a relais outside the study are refused; results count the answers; the restitution is published and
// seen by the network's members only; the stored response keeps the code and NO link to a person.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, runTrame, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, createBeneficiary, organisationIds, signIn, unique } from '../bookings_fixtures.mjs';
import { answerAll, dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const VITRY = 'Relais social de Vitry-sur-Seine (fictif)';
const NETWORK = 'Département de Loire-Atlantique';
let server;
let coordinator;
let referent;      // a new referent of the Vitry relais
let demoReferent;  // Cultures du Cœur 94: a relais left out of the test's study
let orgs;
let studyId;
let campaignId;
let answeredCode;

const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const alertOf = (text) => textOf((text.match(/flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/) || [])[1] || '');

// Posts a form whose fields may repeat (arrays), with a fresh submission id.
function postForm(c, url, fields) {
  const params = new URLSearchParams();
  params.append('_csrf', c.csrf);
  params.append('_submission', unique('sub'));
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, x);
  return c.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function createStudy(c, fields) {
  const form = await c.get('/questionnaires/etudes/nouvelle');
  assert.equal(form.status, 200);
  return postForm(c, '/questionnaires/etudes', {
    organisation: orgs[NETWORK], title: 'Étude d\'impact sur les publics (test)', description: 'Une étude **de test**.',
    questionnaire: 'modele', starts_on: day(-1), ends_on: day(30), relais: [orgs[VITRY]], ...fields,
  });
}

const studies = () => Number(dbValue(server.database, 'SELECT COUNT(*) FROM impact_studies'));
const invitations = () => Number(dbValue(server.database, `SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${campaignId}`));

before(async () => {
  server = await startTrame();
  coordinator = await signIn(server, DEMO.coordinator);
  demoReferent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(coordinator, [NETWORK, VITRY, 'Théâtre Quartier Libre', 'Cultures du Cœur 94']);
  const email = `${unique('referent')}@vitry.test`;
  addUser(server, email, 'referent', orgs[VITRY]);
  referent = await signIn(server, email, PASSWORD);
});
after(async () => { await server?.stop(); });

test('a coordinator creates a study; bad input is refused in French and creates nothing', async () => {
  const form = await coordinator.get('/questionnaires/etudes/nouvelle');
  assert.equal(form.status, 200);
  assert.match(form.text, /<option value="modele"/);
  assert.match(form.text, /<legend>Période de l'étude<\/legend>|<legend>Période de l&apos;étude<\/legend>/);
  assert.match(form.text, /<label for="i-title">/);
  // The relais search, without JavaScript: the form comes back with the values kept.
  const search = await postForm(coordinator, '/questionnaires/etudes', { organisation: orgs[NETWORK], title: 'Gardé', q: 'Vitry', search: '1' });
  assert.equal(search.status, 200);
  assert.match(search.text, new RegExp(`name="relais" value="${orgs[VITRY]}"`));
  assert.doesNotMatch(search.text, new RegExp(`name="relais" value="${orgs['Cultures du Cœur 94']}"`));
  assert.match(search.text, /value="Gardé"/);

  const before = studies();
  const bad = [
    [{ starts_on: '2026-05-10', ends_on: '2026-05-01' }, 'La date de fin doit être le même jour que la date de début ou après.'],
    [{ ends_on: '2026-02-31' }, 'La date de fin doit être une date valide'],
    [{ relais: [] }, 'Cochez au moins un relais participant.'],
    [{ relais: [orgs['Théâtre Quartier Libre']] }, 'Un des relais choisis n\'est pas une structure sociale'],
    [{ title: '' }, 'Donnez un titre à l\'étude'],
    [{ questionnaire: '' }, 'Choisissez un questionnaire d\'impact.'],
  ];
  for (const [fields, message] of bad) {
    const res = await createStudy(coordinator, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.ok(alertOf(res.text).includes(message), `${JSON.stringify(fields)}: ${alertOf(res.text)}`);
    if (!('title' in fields)) assert.match(res.text, /value="Étude d&apos;impact sur les publics \(test\)"|value="Étude d'impact sur les publics \(test\)"/);
  }
  // A questionnaire of another organisation: Sagiterre's copy of the template.
  const staff = await signIn(server, DEMO.training_staff);
  const own = await createStudy(staff, { organisation: dbValue(server.database, `SELECT id FROM organisations WHERE name = 'Sagiterre'`) });
  assert.equal(own.status, 303, alertOf(own.text));
  const sagiterreStudy = Number(own.location.match(/\/questionnaires\/etudes\/(\d+)/)[1]);
  const foreign = dbValue(server.database, `SELECT questionnaire_id FROM impact_studies WHERE id = ${sagiterreStudy}`);
  const afterSagiterre = studies();
  assert.equal((await createStudy(coordinator, { questionnaire: foreign })).status, 403);
  const admin = await signIn(server, DEMO.administrator);
  const mismatch = await createStudy(admin, { questionnaire: foreign });
  assert.equal(mismatch.status, 422);
  assert.match(alertOf(mismatch.text), /Choisissez un questionnaire de la structure qui mène l'étude/);
  // Someone who does not manage questionnaires.
  assert.equal((await postForm(referent, '/questionnaires/etudes', { organisation: orgs[NETWORK] })).status, 403);
  assert.equal(studies(), afterSagiterre, 'nothing created by bad input');
  assert.equal(afterSagiterre, before + 1);

  const res = await createStudy(coordinator, {});
  assert.equal(res.status, 303, alertOf(res.text));
  studyId = Number(res.location.match(/\/questionnaires\/etudes\/(\d+)$/)[1]);
  const page = await coordinator.get(`/questionnaires/etudes/${studyId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Brouillon/);
  assert.match(page.text, /Ouvrir l&apos;étude aux réponses|Ouvrir l'étude aux réponses/);
  // The template was copied for the network, as an impact questionnaire.
  const [[org, kind]] = dbRows(server.database, `SELECT q.organisation_id, q.kind FROM questionnaires q JOIN impact_studies s ON s.questionnaire_id = q.id WHERE s.id = ${studyId}`);
  assert.equal(Number(org), Number(orgs[NETWORK]));
  assert.equal(kind, 'impact');
  // A draft changes (the same checks as on creation).
  const edit = await coordinator.get(`/questionnaires/etudes/${studyId}/modifier`);
  assert.equal(edit.status, 200);
  assert.match(edit.text, new RegExp(`name="relais" value="${orgs[VITRY]}" checked`));
  const badEdit = await postForm(coordinator, `/questionnaires/etudes/${studyId}/modifier`, { title: 'Étude modifiée', questionnaire: dbValue(server.database, `SELECT questionnaire_id FROM impact_studies WHERE id = ${studyId}`), starts_on: day(-1), ends_on: day(-2), relais: [orgs[VITRY]] });
  assert.equal(badEdit.status, 422);
  assert.match(alertOf(badEdit.text), /La date de fin doit être le même jour/);
  const edited = await postForm(coordinator, `/questionnaires/etudes/${studyId}/modifier`, { title: 'Étude d\'impact sur les publics (test)', description: '', questionnaire: dbValue(server.database, `SELECT questionnaire_id FROM impact_studies WHERE id = ${studyId}`), starts_on: day(-1), ends_on: day(40), relais: [orgs[VITRY]] });
  assert.equal(edited.status, 303, alertOf(edited.text));
  assert.equal(dbValue(server.database, `SELECT ends_on FROM impact_studies WHERE id = ${studyId}`), day(40));
  // A draft is not shown to referents, and cannot be answered.
  assert.equal((await referent.get(`/questionnaires/etudes/${studyId}`)).status, 404);
});

test('a referent answers for a person they accompany, once; other relais and people are refused', async () => {
  const b1 = await createBeneficiary(referent, { age_band: '18-25' });
  const b2 = await createBeneficiary(referent, { age_band: '60+' });
  const notOpen = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: b1.id });
  assert.equal(notOpen.status, 422);
  assert.match(alertOf(notOpen.text), /n'est pas ouverte/);

  await coordinator.get(`/questionnaires/etudes/${studyId}`);
  const opened = await postForm(coordinator, `/questionnaires/etudes/${studyId}/ouvrir`, {});
  assert.equal(opened.status, 303);
  const campaigns = dbRows(server.database, `SELECT id, audience, organisation_id, status FROM questionnaire_campaigns WHERE study_id = ${studyId}`);
  assert.equal(campaigns.length, 1, 'one campaign per study');
  assert.deepEqual(campaigns[0].slice(1), ['study', String(orgs[NETWORK]), 'open']);
  campaignId = Number(campaigns[0][0]);

  const page = await referent.get(`/questionnaires/etudes/${studyId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<option value="${b1.id}"[^>]*>${b1.code}`));
  assert.match(page.text, /<label for="i-beneficiary">/);

  const start = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: b1.id });
  assert.equal(start.status, 303, alertOf(start.text));
  assert.match(start.location, /^\/questionnaires\/repondre\/[A-Za-z0-9_-]{20,}$/);
  const [[userId, code, attributes, tokenHash]] = dbRows(server.database,
    `SELECT user_id, respondent_code, attributes, token_hash FROM questionnaire_invitations WHERE campaign_id = ${campaignId}`);
  assert.equal(userId, '', 'no user on the invitation');
  assert.equal(code, b1.code);
  assert.deepEqual(JSON.parse(attributes), { organisation: String(orgs[VITRY]), age_band: '18-25' });
  assert.ok(!tokenHash.includes(start.location.split('/').pop()), 'only a hash of the token is stored');

  // Through the answering pages (one page per section), then back to the study.
  const questions = dbRows(server.database, `SELECT qq.id, qq.kind, qq.options, s.position FROM questionnaire_questions qq JOIN questionnaire_sections s ON s.id = qq.section_id JOIN impact_studies st ON st.questionnaire_id = qq.questionnaire_id WHERE st.id = ${studyId} AND qq.archived = 0 ORDER BY s.position, qq.position`);
  const sections = [...new Set(questions.map((r) => r[3]))];
  const answers = {};
  for (const [id, kind, options, position] of questions) {
    const s = sections.indexOf(position) + 1;
    answers[s] ||= {};
    const first = options.split('\n')[0];
    if (kind === 'single') answers[s][`q${id}`] = first;
    else if (kind === 'multiple') answers[s][`q${id}`] = [first];
    else if (kind === 'scale') answers[s][`q${id}`] = '4';
    else if (kind === 'nps') answers[s][`q${id}`] = '9';
    else if (kind === 'yesno') answers[s][`q${id}`] = 'oui';
    else if (kind === 'short' || kind === 'long') answers[s][`q${id}`] = 'Une belle soirée.';
  }
  const sent = await answerAll(referent, start.location, answers, sections.length);
  assert.equal(sent.location, `/questionnaires/etudes/${studyId}`);
  answeredCode = b1.code;
  assert.equal(dbValue(server.database, `SELECT answered FROM questionnaire_invitations WHERE campaign_id = ${campaignId}`), '1');

  // The same person twice: refused, nothing created.
  const count = invitations();
  const again = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: b1.id });
  assert.equal(again.status, 422);
  assert.match(alertOf(again.text), /déjà été envoyé pour cette personne/);
  assert.equal(invitations(), count);
  // A started answer resumes (same invitation, a new link).
  const first = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: b2.id });
  assert.equal(first.status, 303);
  const resumed = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: b2.id });
  assert.equal(resumed.status, 303);
  assert.notEqual(resumed.location, first.location);
  assert.equal((await referent.get(first.location)).status === 200, false, 'the previous link no longer works');
  assert.equal(invitations(), count + 1);
  // A person of another relais.
  const other = await createBeneficiary(demoReferent, { age_band: '26-59' });
  const foreign = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: other.id });
  assert.equal(foreign.status, 422);
  assert.match(alertOf(foreign.text), /Choisissez une personne accompagnée active de votre relais/);
  // A referent of a relais outside the study.
  assert.equal((await demoReferent.get(`/questionnaires/etudes/${studyId}`)).status, 404);
  await demoReferent.get('/sorties/beneficiaires');
  assert.equal((await postForm(demoReferent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: other.id })).status, 404);
  assert.equal(invitations(), count + 1, 'refusals created nothing');
  // A relais where answers were started stays in the study.
  await coordinator.get(`/questionnaires/etudes/${studyId}/modifier`);
  const removal = await postForm(coordinator, `/questionnaires/etudes/${studyId}/modifier`, { title: 'Sans Vitry', starts_on: day(-1), ends_on: day(40), relais: [orgs['Cultures du Cœur 94']] });
  assert.equal(removal.status, 422);
  assert.match(alertOf(removal.text), /reste dans l'étude/);
  assert.equal(dbValue(server.database, `SELECT COUNT(*) FROM impact_study_relais WHERE study_id = ${studyId}`), '1');

  // The stored response: the pseudonymous code and coarse attributes, no link to the invitation or a person.
  const rows = dbRows(server.database, `SELECT id, invitation_id, user_id, submitted_at, respondent_code, attributes, submitted_week FROM questionnaire_responses WHERE campaign_id = ${campaignId}`);
  assert.equal(rows.length, 1);
  const [id, invitation, user, at, rcode, rattributes, week] = rows[0];
  assert.equal(invitation, '');
  assert.equal(user, '');
  assert.equal(at, '0');
  assert.equal(rcode, b1.code);
  assert.equal(JSON.parse(rattributes).organisation, String(orgs[VITRY]));
  assert.match(week, /^\d{4}-W\d{2}$/);
  assert.ok(Number(id) > 1000000, 'a random response id');
  // The log of the study and of the answers never names the person (the beneficiary's own creation does, and
  // so do the referent's logged reads of their lists, issue 23).
  const audit = dbRows(server.database, `SELECT action FROM audit_log WHERE (detail LIKE ${q(`%${b1.code}%`)} OR subject LIKE ${q(`%${b1.code}%`)}) AND action NOT LIKE 'beneficiary.%' AND action NOT LIKE 'privacy.read.%'`);
  assert.deepEqual(audit, [], 'no audit entry of the study or the answers names the person');
});

test('outside the period nothing is answered; the job closes studies whose period is over', async () => {
  const later = await createStudy(coordinator, { title: 'Étude à venir', starts_on: day(10), ends_on: day(20) });
  assert.equal(later.status, 303, alertOf(later.text));
  const id = Number(later.location.match(/(\d+)$/)[1]);
  await coordinator.get(`/questionnaires/etudes/${id}`);
  assert.equal((await postForm(coordinator, `/questionnaires/etudes/${id}/ouvrir`, {})).status, 303);
  const b = await createBeneficiary(referent, { age_band: '26-59' });
  await referent.get(`/questionnaires/etudes/${id}`);
  const early = await postForm(referent, `/questionnaires/etudes/${id}/repondre`, { beneficiary: b.id });
  assert.equal(early.status, 422);
  assert.match(alertOf(early.text), /pas encore commencé/);
  const campaign = dbValue(server.database, `SELECT id FROM questionnaire_campaigns WHERE study_id = ${id}`);
  assert.equal(dbValue(server.database, `SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${campaign}`), '0');
  const r = runTrame(['jobs', 'run-due', '--now', String(Math.floor(Date.now() / 1000) + 30 * 86400), '--database', server.database]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(dbValue(server.database, `SELECT status FROM impact_studies WHERE id = ${id}`), 'closed');
  assert.equal(dbValue(server.database, `SELECT status FROM questionnaire_campaigns WHERE id = ${campaign}`), 'closed');
});

test('results count the answers; the restitution is published to the network only', async () => {
  const page = await coordinator.get(`/questionnaires/etudes/${studyId}`);
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.match(text, new RegExp(`${VITRY.replace(/[()]/g, '\\$&')} 2 1`), 'progress of the relais: 2 started, 1 sent');
  assert.match(text, /Réponses reçues : 1/);
  assert.match(text, /Moins de 5 réponses/);
  assert.doesNotMatch(page.text, /<svg[^>]*class="chart"/, 'no breakdown under 5 responses');

  const restitution = await postForm(coordinator, `/questionnaires/etudes/${studyId}/restitution`, { restitution: '## Bilan\n\nMerci aux **relais** <script>alert(1)</script>' });
  assert.equal(restitution.status, 303);
  assert.equal((await referent.get(`/questionnaires/etudes/${studyId}/restitution`)).status, 403, 'not published yet');

  await coordinator.get(`/questionnaires/etudes/${studyId}`);
  assert.equal((await postForm(coordinator, `/questionnaires/etudes/${studyId}/publier`, {})).status, 303);
  const [[status, publishedAt]] = dbRows(server.database, `SELECT status, published_at FROM impact_studies WHERE id = ${studyId}`);
  assert.equal(status, 'published');
  assert.ok(Number(publishedAt) > 0);
  const again = await postForm(coordinator, `/questionnaires/etudes/${studyId}/publier`, {});
  assert.equal(again.status, 422);

  const seen = await referent.get(`/questionnaires/etudes/${studyId}/restitution`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /<h2>Bilan<\/h2>/);
  assert.match(seen.text, /<strong>relais<\/strong>/);
  assert.doesNotMatch(seen.text, /<script>alert/);
  assert.match(textOf(seen.text), /Relais 1/);
  const volunteerEmail = `${unique('benevole')}@vitry.test`;
  addUser(server, volunteerEmail, 'volunteer', orgs[VITRY]);
  const volunteer = await signIn(server, volunteerEmail, PASSWORD);
  assert.equal((await volunteer.get(`/questionnaires/etudes/${studyId}/restitution`)).status, 200);
  const trainee = await signIn(server, DEMO.trainee);
  assert.equal((await trainee.get(`/questionnaires/etudes/${studyId}/restitution`)).status, 404);
  assert.equal((await demoReferent.get(`/questionnaires/etudes/${studyId}/restitution`)).status, 404, 'a relais outside the study');
  // Published: no more answers.
  await referent.get(`/questionnaires/etudes/${studyId}`);
  const late = await postForm(referent, `/questionnaires/etudes/${studyId}/repondre`, { beneficiary: '1' });
  assert.equal(late.status, 422);
});

test('the demo study is published with its restitution and key figures', async () => {
  const volunteer = await signIn(server, DEMO.volunteer);
  const list = await volunteer.get('/questionnaires/etudes');
  assert.equal(list.status, 200);
  const m = list.text.match(/href="\/questionnaires\/etudes\/(\d+)\/restitution">Étude d(?:'|&apos;|&#39;)impact sur les publics</);
  assert.ok(m, 'the demo study is listed for a member of a relais');
  const page = await volunteer.get(`/questionnaires/etudes/${m[1]}/restitution`);
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.ok(Number(text.match(/Réponses reçues : (\d+)/)[1]) >= 12);
  assert.match(text, /Relais 3/);
  assert.match(page.text, /<svg[^>]*class="chart"[^>]*role="img"[^>]*aria-labelledby="[^"]+"/);
  assert.doesNotMatch(page.text, /…<\/t/, 'chart labels wrap, never cut');
  assert.match(page.text, /<table class="impact-data">/);
  assert.match(text, /Ce que nous retenons/);
  const codes = dbRows(server.database, `SELECT DISTINCT r.respondent_code FROM questionnaire_responses r JOIN questionnaire_campaigns c ON c.id = r.campaign_id WHERE c.study_id = ${m[1]}`);
  assert.ok(codes.length >= 12 && codes.every(([c]) => /^B-[A-Z0-9]{4}-[A-Z0-9]{2}$/.test(c)), 'pseudonymous codes only');
  const trainee = await signIn(server, DEMO.trainee);
  assert.equal((await trainee.get(`/questionnaires/etudes/${m[1]}/restitution`)).status, 404);
  const coordinatorPage = await coordinator.get(`/questionnaires/etudes/${m[1]}`);
  assert.equal(coordinatorPage.status, 200);
  assert.match(textOf(coordinatorPage.text), /Cultures du Cœur 94 7 7/);
});

test('the raw export of the demo study heads every column once: the age band of the invitation is told from the answer', async () => {
  const qid = dbValue(server.database, `SELECT c.questionnaire_id FROM questionnaire_campaigns c JOIN impact_studies s ON s.id = c.study_id
    WHERE s.title = 'Étude d''impact sur les publics' ORDER BY c.id LIMIT 1`);
  assert.ok(qid, 'the demo study has a campaign');
  const csv = await coordinator.get(`/questionnaires/${qid}/resultats.csv`);
  assert.equal(csv.status, 200);
  const header = csv.text.replace(/^\uFEFF/, '').split('\r\n')[0].split(';').map((h) => h.replace(/^"|"$/g, '').replace(/""/g, '"'));
  assert.equal(new Set(header).size, header.length, `duplicate headers: ${header.join(' | ')}`);
  assert.ok(header.includes("Tranche d'âge"), 'the question');
  assert.ok(header.includes("Tranche d'âge (selon l'invitation)"), 'the attribute');
});
