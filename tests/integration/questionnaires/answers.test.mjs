// Answering a questionnaire: one page per section, every kind of question, conditions, drafts resumed,
// validation (required, out of scale, forged choices), tokens used once, expired and forged links,
// the signed-in route and the list of questionnaires to answer, a questionnaire changed while a draft is open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import {
  allKindsAnswers, answerAll, closeCampaign, createCampaign, createInvitation, createQuestionnaire, dbRows, dbValue, fresh,
  managerOf, parisDate, postForm, postSection, signIn, textOf, userId,
} from '../questionnaire_fixtures.mjs';

let server;
let db;

before(async () => { server = await startTrame(); db = server.database; });
after(async () => { await server?.stop(); });

// A questionnaire built in the editor and a sending of it (a public link unless opts.campaign says otherwise).
async function setup(opts = {}) {
  const qn = await createQuestionnaire(server, opts);
  const campaign = await createCampaign(server, qn.id, opts.campaign || {});
  return { qn, campaign, qs: qn.questions };
}

const responsesOf = (qid) => Number(dbValue(db, `SELECT COUNT(*) FROM questionnaire_responses WHERE questionnaire_id = ${qid}`));
const answersOf = (qid, version = null) => dbRows(db, `SELECT a.question_id, a.item, a.value, COALESCE(CAST(a.number AS TEXT), ''), a.other_text
  FROM questionnaire_answers a JOIN questionnaire_responses r ON r.id = a.response_id WHERE r.questionnaire_id = ${qid}
  ${version === null ? '' : `AND r.version = ${version}`} ORDER BY a.question_id, a.item, a.value`);

describe('answering a questionnaire', () => {
  test('every kind of question, one page per section, stored as the schema says', async () => {
    // Sent to one address with a coarse attribute (the sending's CSV table): the response carries it.
    const { qn, campaign, qs } = await setup({ campaign: { audience: 'funders', tokens: true,
      recipients: `courriel;Secteur\n${fresh('personne')}@example.org;social\n` } });
    const inv = { id: campaign.invitations[0].id, url: campaign.invitations[0].tokenUrl };
    const c = new Client(server.url);
    const first = await c.get(inv.url);
    assert.equal(first.status, 200);
    assert.match(first.text, /Section 1 sur 3/);
    assert.match(first.text, /<progress[^>]*max="3"[^>]*value="1"[^>]*>Section 1 sur 3<\/progress>/);
    assert.match(first.text, /<strong>cinq minutes<\/strong>/, 'the description on the first page');
    assert.match(first.text, /Autre, précisez/);
    assert.ok(textOf(first.text).includes("Répondez si vous avez répondu « Oui » à « Avez-vous déjà suivi une formation-action ? »"), "condition explained");
    assert.doesNotMatch(first.text, /name="action" value="previous"/, 'no Précédent on the first page');
    const answers = allKindsAnswers(qs, { yes: true });
    // Section 2 with "oui": the question conditioned on "non" (an earlier section) is not shown.
    await c.get(`${inv.url}?section=1`);
    let res = await postSection(c, inv.url, 1, answers[1], 'next');
    assert.equal(res.status, 303);
    assert.match(res.location, /\?section=2$/);
    const second = await c.get(res.location);
    assert.match(second.text, /Section 2 sur 3/);
    assert.doesNotMatch(second.text, /Qu’est-ce qui vous a décidé/, 'hidden by an earlier answer');
    assert.match(second.text, /<table class="answers-table">/);
    assert.match(second.text, /<th scope="row" id="f-q\d+-0-label">Contenus<\/th>/);
    assert.match(second.text, /De 1 = Pas du tout satisfait à 5 = Très satisfait/, 'the labelled ends in the legend');
    assert.match(second.text, /name="action" value="previous"/);
    res = await postSection(c, inv.url, 2, answers[2], 'next');
    assert.equal(res.status, 303);
    const third = await c.get(res.location);
    assert.match(third.text, /Section 3 sur 3/);
    assert.match(third.text, /name="action" value="send"/);
    assert.match(third.text, /inputmode="decimal"[^>]*min="0" max="500"/);
    assert.match(third.text, /type="date"/);
    res = await postSection(c, inv.url, 3, answers[3], 'send');
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    assert.equal(res.location, `${inv.url}?merci=1`);
    const thanks = await c.get(res.location);
    assert.equal(thanks.status, 200);
    assert.match(thanks.text, /Merci pour vos réponses/);

    const [resp] = dbRows(db, `SELECT id, COALESCE(CAST(invitation_id AS TEXT), ''), COALESCE(CAST(user_id AS TEXT), ''), submitted_at,
      submitted_week, version, attributes, campaign_id FROM questionnaire_responses WHERE questionnaire_id = ${qn.id}`);
    assert.ok(Number(resp[0]) > 0);
    assert.equal(resp[1], '', 'anonymous: no invitation');
    assert.equal(resp[2], '', 'anonymous: no user');
    assert.equal(resp[3], '0', 'anonymous: no time');
    assert.match(resp[4], /^\d{4}-W\d{2}$/);
    assert.equal(resp[5], '1');
    assert.equal(resp[6], '{"secteur":"social"}');
    assert.equal(resp[7], String(campaign.id));
    const rows = answersOf(qn.id);
    const of = (key) => rows.filter((r) => r[0] === String(qs[key]));
    assert.deepEqual(of('single').map((r) => [r[2], r[4]]), [['__other__', 'Insertion']]);
    assert.deepEqual(of('multiple').map((r) => r[2]), ['Méthodes', 'Outils']);
    assert.deepEqual(of('yesno').map((r) => r[2]), ['oui']);
    assert.deepEqual(of('ifyes').map((r) => r[2]), ['Pouvoir d’agir 2022']);
    assert.deepEqual(of('scale').map((r) => [r[2], Number(r[3])]), [['4', 4]]);
    assert.deepEqual(of('nps').map((r) => [r[2], Number(r[3])]), [['9', 9]]);
    assert.deepEqual(of('matrix').map((r) => [r[1], r[2]]), [['0', '5'], ['1', '4'], ['2', '3']]);
    assert.deepEqual(of('ifno'), [], 'a hidden question keeps no answer');
    assert.deepEqual(of('short').map((r) => r[2]), ['Animatrice']);
    assert.deepEqual(of('long').map((r) => r[2]), ['Très utile.\nMerci.']);
    assert.deepEqual(of('number').map((r) => [r[2], Number(r[3])]), [['12.5', 12.5]]);
    assert.deepEqual(of('date').map((r) => r[2]), ['2027-03-15']);
    assert.equal(dbValue(db, `SELECT answered FROM questionnaire_invitations WHERE id = ${inv.id}`), '1');
    assert.equal(dbValue(db, `SELECT COUNT(*) FROM questionnaire_drafts WHERE invitation_id = ${inv.id}`), '0', 'draft deleted');

    // The same link again: already answered, nothing changed.
    const again = await c.get(inv.url);
    assert.equal(again.status, 200);
    assert.match(textOf(again.text), /Vous avez déjà répondu à ce questionnaire. Merci !/);
    const resend = await postSection(c, inv.url, 3, answers[3], 'send');
    assert.equal(resend.status, 200);
    assert.match(textOf(resend.text), /Vous avez déjà répondu/);
    assert.equal(responsesOf(qn.id), 1);
  });

  test('conditions: same-section answer ignored when its condition is not met, earlier-section question shown', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const c = new Client(server.url);
    await c.get(inv.url);
    const answers = allKindsAnswers(qs, { yes: false });   // "non", but "Laquelle ?" still typed
    // "Autre, précisez" typed without ticking it (no script to tick it): taken as the "other" answer.
    delete answers[1][`q${qs.single}`];
    answers[1][`q${qs.multiple}_other`] = 'Lecture';
    let res = await postSection(c, inv.url, 1, answers[1], 'next');
    assert.equal(res.status, 303);
    const second = await c.get(res.location);
    assert.match(second.text, /Qu’est-ce qui vous a décidé/, 'shown by the earlier "non"');
    await answerAll(c, inv.url, answers);
    const rows = answersOf(qn.id);
    assert.equal(rows.filter((r) => r[0] === String(qs.ifyes)).length, 0, 'answer ignored: condition not met');
    assert.deepEqual(rows.filter((r) => r[0] === String(qs.ifno)).map((r) => r[2]), ['Le bouche-à-oreille']);
    assert.deepEqual(rows.filter((r) => r[0] === String(qs.single)).map((r) => [r[2], r[4]]), [['__other__', 'Insertion']]);
    assert.deepEqual(rows.filter((r) => r[0] === String(qs.multiple)).map((r) => [r[2], r[4]]),
      [['Méthodes', ''], ['Outils', ''], ['__other__', 'Lecture']]);
  });

  test('required answers missing: 422 with the error summary, values kept, nothing stored', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const c = new Client(server.url);
    await c.get(inv.url);
    const res = await postSection(c, inv.url, 1, { [`q${qs.multiple}`]: ['Réseau'] }, 'next');
    assert.equal(res.status, 422);
    assert.match(res.text, /role="alert"/);
    assert.match(res.text, /2 réponses sont à corriger/);
    assert.match(res.text, new RegExp(`href="#f-q${qs.single}-0">Votre secteur : Cette réponse est obligatoire.`));
    assert.match(res.text, new RegExp(`id="f-q${qs.multiple}-1" name="q${qs.multiple}" value="Réseau" checked`), 'value kept');
    assert.match(res.text, /<title>Erreur : /);
    // Envoyer from the last section with section 2 never answered: back to section 2 with its errors.
    const answers = allKindsAnswers(qs);
    assert.equal((await postSection(c, inv.url, 1, answers[1], 'next')).status, 303);
    const send = await postSection(c, inv.url, 3, answers[3], 'send');
    assert.equal(send.status, 422);
    assert.match(send.text, /Section 2 sur 3/);
    assert.match(send.text, /Satisfaction générale : Cette réponse est obligatoire/);
    assert.equal(responsesOf(qn.id), 0);
    assert.equal(dbValue(db, `SELECT answered FROM questionnaire_invitations WHERE id = ${inv.id}`), '0');
    // A matrix half answered.
    const half = await postSection(c, inv.url, 2, { [`q${qs.scale}`]: '3', [`q${qs.matrix}_0`]: '2' }, 'next');
    assert.equal(half.status, 422);
    assert.match(half.text, /Répondez pour chaque ligne du tableau/);
  });

  test('out-of-scale values and forged choices: 422, nothing stored', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const c = new Client(server.url);
    await c.get(inv.url);
    const answers = allKindsAnswers(qs);
    let res = await postSection(c, inv.url, 1, { ...answers[1], [`q${qs.single}`]: 'Piraterie' }, 'next');
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /Votre secteur : Choisissez parmi les réponses proposées/);
    res = await postSection(c, inv.url, 1, { ...answers[1], [`q${qs.yesno}`]: 'peut-être' }, 'next');
    assert.equal(res.status, 422);
    res = await postSection(c, inv.url, 1, { ...answers[1], [`q${qs.single}_other`]: '' }, 'next');
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /Précisez votre réponse « Autre »/);
    assert.equal((await postSection(c, inv.url, 1, answers[1], 'next')).status, 303);
    for (const bad of [{ [`q${qs.scale}`]: '7' }, { [`q${qs.nps}`]: '11' }, { [`q${qs.matrix}_1`]: '9' }, { [`q${qs.scale}`]: '0' }]) {
      res = await postSection(c, inv.url, 2, { ...answers[2], ...bad }, 'next');
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.match(textOf(res.text), /Valeur hors échelle/);
    }
    assert.equal((await postSection(c, inv.url, 2, answers[2], 'next')).status, 303);
    res = await postSection(c, inv.url, 3, { ...answers[3], [`q${qs.number}`]: '900' }, 'send');
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /inférieur ou égal à 500/);
    assert.match(res.text, /value="900"/, 'the typed value kept');
    res = await postSection(c, inv.url, 3, { ...answers[3], [`q${qs.number}`]: 'douze' }, 'send');
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /Saisissez un nombre/);
    res = await postSection(c, inv.url, 3, { ...answers[3], [`q${qs.date}`]: '2027-02-30' }, 'send');
    assert.equal(res.status, 422);
    assert.match(textOf(res.text), /date valide/);
    assert.equal(responsesOf(qn.id), 0);
    res = await postSection(c, inv.url, 3, answers[3], 'send');
    assert.equal(res.status, 303);
    assert.equal(responsesOf(qn.id), 1);
  });

  test('draft saved and resumed with a new visit at the first unanswered section', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const a = new Client(server.url);
    await a.get(inv.url);
    const answers = allKindsAnswers(qs);
    assert.equal((await postSection(a, inv.url, 1, answers[1], 'next')).status, 303);
    const saved = await postSection(a, inv.url, 2, { [`q${qs.nps}`]: '6' }, 'save');
    assert.equal(saved.status, 303);
    assert.match(saved.location, /\?section=2&enregistre=1$/);
    const page = await a.get(saved.location);
    assert.match(page.text, /Brouillon enregistré/);
    // Another browser, the same link: back at section 2 (the first unanswered), with what was typed.
    const b = new Client(server.url);
    const resume = await b.get(inv.url);
    assert.equal(resume.status, 200);
    assert.match(resume.text, /Section 2 sur 3/);
    assert.match(resume.text, new RegExp(`name="q${qs.nps}" value="6" checked`));
    const back = await b.get(`${inv.url}?section=1`);
    assert.match(back.text, new RegExp(`name="q${qs.single}_other" value="Insertion"`));
    assert.match(back.text, new RegExp(`name="q${qs.yesno}" value="oui" checked`));
    // Précédent saves the page too.
    const prev = await postSection(b, inv.url, 2, { [`q${qs.nps}`]: '7', [`q${qs.scale}`]: '2' }, 'previous');
    assert.equal(prev.status, 303);
    assert.match(prev.location, /\?section=1$/);
    const again = await b.get(`${inv.url}?section=2`);
    assert.match(again.text, new RegExp(`name="q${qs.nps}" value="7" checked`));
    assert.match(again.text, new RegExp(`name="q${qs.scale}" value="2" checked`));
    assert.equal(responsesOf(qn.id), 0);
  });

  test('two simultaneous submissions with one token: one response, the other told it was already answered', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const answers = allKindsAnswers(qs);
    const a = new Client(server.url);
    await a.get(inv.url);
    assert.equal((await postSection(a, inv.url, 1, answers[1], 'next')).status, 303);
    assert.equal((await postSection(a, inv.url, 2, answers[2], 'next')).status, 303);
    const b = new Client(server.url);
    await b.get(`${inv.url}?section=3`);
    const results = await Promise.all([postSection(a, inv.url, 3, answers[3], 'send'), postSection(b, inv.url, 3, answers[3], 'send')]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 303],
      results.map((r) => `${r.status} ${r.headers.get('x-request-id')}: ${textOf(r.text).slice(0, 200)}`).join('\n'));
    assert.match(textOf(results.find((r) => r.status === 200).text), /Vous avez déjà répondu/);
    assert.equal(responsesOf(qn.id), 1);
  });

  test('expired (sending closed) and forged links', async () => {
    // A past closing date (of the sending and so of its invitations) is the next test's simulated clock.
    const { campaign } = await setup();
    const inv = await createInvitation(server, campaign);
    const c = new Client(server.url);
    assert.equal((await c.get(inv.url)).status, 200);
    await closeCampaign(server, campaign);
    const res = await c.get(inv.url);
    assert.equal(res.status, 410);
    assert.match(textOf(res.text), /Ce lien a expiré/);
    // The sending's public link answers the same way (gone, its own message); an unknown one 404.
    const closedLink = await new Client(server.url).get(campaign.link);
    assert.equal(closedLink.status, 410);
    assert.match(textOf(closedLink.text), /Ce questionnaire est clos : il n'accepte plus de réponses\./);
    const unknownLink = await new Client(server.url).get(`/questionnaires/lien/${fresh('inconnu')}`);
    assert.equal(unknownLink.status, 404);
    assert.match(textOf(unknownLink.text), /Ce lien de questionnaire n'existe pas ou a été remplacé\./);
    const forged = await c.get(`/questionnaires/repondre/${fresh('forged')}AAAAAAAAAAAAAAAAAAAA`);
    assert.equal(forged.status, 404);
    assert.match(textOf(forged.text), /Ce lien de questionnaire n'existe pas/);
    await c.get('/');
    const post = await postSection(c, '/questionnaires/repondre/nimportequoiAAAAAAAAAAAAAAAA', 1, {}, 'send');
    assert.equal(post.status, 404);
  });

  test('expired through the simulated clock (TRAME_CLOCK_OFFSET)', async () => {
    // Closing at the end of the day in 3 days: its invitations expire then too.
    const { campaign } = await setup({ campaign: { closesDate: parisDate(3) } });
    const inv = await createInvitation(server, campaign);
    assert.ok(Number(dbValue(db, `SELECT expires_at FROM questionnaire_invitations WHERE id = ${inv.id}`)) > 0, 'the invitation expires');
    assert.equal((await new Client(server.url).get(inv.url)).status, 200);
    const later = await startTrame({ demo: false, database: db, env: { TRAME_CLOCK_OFFSET: String(4 * 86400) } });
    try {
      const res = await new Client(later.url).get(inv.url);
      assert.equal(res.status, 410);
      assert.match(textOf(res.text), /Ce lien a expiré/);
    } finally {
      await later.stop();
    }
  });

  test('signed-in route, list of questionnaires to answer, named responses keep the link', async () => {
    const { qn, campaign, qs } = await setup({ anonymous: false, title: fresh('Évaluation nominative'),
      campaign: { audience: 'funders', emails: [DEMO.trainee] } });
    const trainee = userId(db, DEMO.trainee);
    const [inv] = campaign.invitations;
    assert.equal(inv.userId, trainee, 'the address of an account: the invitation is theirs');
    const me = await signIn(server, DEMO.trainee);
    const list = await me.get('/questionnaires/a-remplir');
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`href="/questionnaires/invitations/${inv.id}">${qn.title}</a>`));
    assert.match(list.text, /À remplir/);
    const url = `/questionnaires/invitations/${inv.id}`;
    const page = await me.get(url);
    assert.equal(page.status, 200);
    assert.match(page.text, /nominatif/);
    const other = await signIn(server, DEMO.volunteer);
    assert.equal((await other.get(url)).status, 404, 'another person\'s invitation: as if it did not exist');
    assert.equal((await new Client(server.url).get(url)).status, 303, 'anonymous: to the login page');
    assert.equal((await me.get('/questionnaires/invitations/999999999')).status, 404);
    const last = await answerAll(me, url, allKindsAnswers(qs));
    assert.equal(last.location, `${url}?merci=1`);
    const [resp] = dbRows(db, `SELECT invitation_id, user_id, submitted_at FROM questionnaire_responses WHERE questionnaire_id = ${qn.id}`);
    assert.equal(resp[0], String(inv.id));
    assert.equal(resp[1], String(trainee));
    assert.ok(Number(resp[2]) > 0);
    const after = await me.get('/questionnaires/a-remplir');
    assert.match(after.text, /Répondu/);
    assert.match(textOf((await me.get(url)).text), /Vous avez déjà répondu/);
    assert.ok(Number(dbValue(db, `SELECT COUNT(*) FROM audit_log WHERE action = 'answers.submit'`)) >= 1);
  });

  test('a questionnaire changed while a draft is open: what is still valid is kept', async () => {
    const { qn, campaign, qs } = await setup();
    const inv = await createInvitation(server, campaign);
    const c = new Client(server.url);
    await c.get(inv.url);
    const answers = allKindsAnswers(qs);
    const s1 = { ...answers[1], [`q${qs.single}`]: 'Culturel' };
    delete s1[`q${qs.single}_other`];
    assert.equal((await postSection(c, inv.url, 1, s1, 'next')).status, 303);
    assert.equal((await postSection(c, inv.url, 2, answers[2], 'save')).status, 303);
    // Someone else has answered already, so the organiser's edits make new versions: "Vos attentes"
    // archived, "Culturel" renamed, a new required question, in the editor.
    const early = await createInvitation(server, campaign);
    await answerAll(new Client(server.url), early.url, allKindsAnswers(qs));
    const editor = await managerOf(server);
    await editor.get(`/questionnaires/${qn.id}`);
    let res = await postForm(editor, `/questionnaires/questions/${qs.multiple}/supprimer`, {});
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    await editor.get(`/questionnaires/questions/${qs.single}`);
    res = await postForm(editor, `/questionnaires/questions/${qs.single}`, { section_id: qn.sections[0], kind: 'single', label: 'Votre secteur',
      help: '', required: '1', options: 'Social\nCulture et patrimoine\nÉducation', allow_other: '1', items: '', low_label: '', high_label: '',
      min_value: '', max_value: '', show_if_question: '', show_if_value: '', objective: '' });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    await editor.get(`/questionnaires/${qn.id}/questions/nouvelle`);
    res = await postForm(editor, `/questionnaires/${qn.id}/questions`, { section_id: qn.sections[0], kind: 'short', label: 'Votre structure',
      help: '', required: '1', options: '', items: '', low_label: '', high_label: '', min_value: '', max_value: '', show_if_question: '',
      show_if_value: '', objective: '' });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    const added = Number(res.location.match(/#question-(\d+)/)[1]);
    const version = Number(dbValue(db, `SELECT version FROM questionnaires WHERE id = ${qn.id}`));
    assert.ok(version > 1, 'changes after an answer make a new version');
    const back = new Client(server.url);
    const page = await back.get(inv.url);
    assert.equal(page.status, 200);
    assert.match(page.text, /Le questionnaire a été modifié/);
    assert.match(page.text, /Section 1 sur 3/, 'resumes where a required answer is now missing');
    assert.match(page.text, new RegExp(`name="q${qs.yesno}" value="oui" checked`), 'still-valid answers kept');
    assert.doesNotMatch(page.text, /Vos attentes/);
    const p2 = await back.get(`${inv.url}?section=2`);
    assert.match(p2.text, new RegExp(`name="q${qs.scale}" value="4" checked`));
    const fixed = { [`q${qs.single}`]: 'Culture et patrimoine', [`q${qs.yesno}`]: 'oui', [`q${qs.ifyes}`]: 'Une autre', [`q${added}`]: 'Le centre social' };
    assert.equal((await postSection(back, inv.url, 1, fixed, 'next')).status, 303);
    assert.equal((await postSection(back, inv.url, 2, answers[2], 'next')).status, 303);
    assert.equal((await postSection(back, inv.url, 3, answers[3], 'send')).status, 303);
    assert.deepEqual(dbRows(db, `SELECT CAST(version AS TEXT) FROM questionnaire_responses WHERE questionnaire_id = ${qn.id} ORDER BY version`),
      [['1'], [String(version)]], 'the draft sent with the current version');
    const rows = answersOf(qn.id, version);
    assert.equal(rows.filter((r) => r[0] === String(qs.multiple)).length, 0, 'no answer to the archived question');
    assert.deepEqual(rows.filter((r) => r[0] === String(added)).map((r) => r[2]), ['Le centre social']);
  });
});

describe('end to end through the editor (questionnaires) and a public link (campaigns)', () => {
  test('built in the editor, answered by link, edited after answers: drafts keep what is still valid', async () => {
    const staff = await signIn(server, DEMO.training_staff);
    const index = await staff.get('/questionnaires');
    assert.equal(index.status, 200);
    const org = (index.text.match(/<select id="n-organisation" name="organisation"[^>]*>\s*<option value="(\d+)"/) || [])[1];
    assert.ok(org, 'an organisation to own the questionnaire');
    const title = fresh('Satisfaction de bout en bout');
    let res = await staff.post('/questionnaires', { title, kind: 'satisfaction', anonymous: '1', organisation: org, _submission: fresh() });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    const qid = Number(res.location.match(/\/questionnaires\/(\d+)/)[1]);
    const section = async (t) => {
      await staff.get(`/questionnaires/${qid}`);
      const r = await staff.post(`/questionnaires/${qid}/sections`, { section_title: t, section_description: '', _submission: fresh() });
      assert.equal(r.status, 303, textOf(r.text).slice(0, 300));
      return Number(r.location.match(/#section-(\d+)/)[1]);
    };
    const question = async (fields) => {
      await staff.get(`/questionnaires/${qid}/questions/nouvelle`);
      const r = await staff.post(`/questionnaires/${qid}/questions`, { help: '', options: '', items: '', low_label: '', high_label: '',
        min_value: '', max_value: '', show_if_question: '', show_if_value: '', objective: '', ...fields, _submission: fresh() });
      assert.equal(r.status, 303, `${fields.label}: ${textOf(r.text).slice(0, 400)}`);
      return Number(r.location.match(/#question-(\d+)/)[1]);
    };
    // A new questionnaire may come with a first, empty section: use it.
    const editor = await staff.get(`/questionnaires/${qid}`);
    const existing = [...editor.text.matchAll(/<article class="panel stack q-section" id="section-(\d+)"/g)].map((m) => Number(m[1]));
    const s1 = existing[0] || await section('Votre avis');
    const s2 = await section('Pour finir');
    const sat = await question({ section_id: s1, kind: 'scale', label: 'Êtes-vous satisfait ?', required: '1', low_label: 'Pas du tout', high_label: 'Tout à fait' });
    const why = await question({ section_id: s1, kind: 'multiple', label: 'Ce qui vous a plu', options: 'Les échanges\nLes outils', allow_other: '1' });
    const more = await question({ section_id: s2, kind: 'long', label: 'Autre chose ?' });
    await staff.get(`/questionnaires/${qid}`);
    res = await staff.post(`/questionnaires/${qid}`, { title, description: 'Cinq minutes.', kind: 'satisfaction', status: 'published', anonymous: '1', _submission: fresh() });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    // A public link (campaigns), each visitor gets an invitation of their own.
    await staff.get(`/questionnaires/${qid}/envois`);
    res = await staff.post(`/questionnaires/${qid}/envois`, { title: fresh('Lien public'), audience: 'public', when: 'now', send_date: '', send_time: '',
      closes_date: '', reminder_days: '', emails: '', session: '', _submission: fresh() });
    assert.ok([200, 303].includes(res.status), textOf(res.text).slice(0, 400));
    const link = (res.text.match(/value="https?:\/\/[^"]*(\/questionnaires\/lien\/[^"]+)"/) || [])[1];
    assert.ok(link, 'the public link is shown once');
    const visit = async () => {
      const c = new Client(server.url);
      const r = await c.get(link);
      assert.equal(r.status, 303);
      assert.match(r.location, /^\/questionnaires\/repondre\//);
      return { c, url: r.location };
    };
    const first = await visit();
    const page = await first.c.get(first.url);
    assert.equal(page.status, 200);
    assert.match(page.text, /Section 1 sur 2/);
    // Visitor 1 keeps a draft; visitor 2 answers completely.
    assert.equal((await postSection(first.c, first.url, 1, { [`q${sat}`]: '5', [`q${why}`]: ['Les outils'] }, 'next')).status, 303);
    const second = await visit();
    await second.c.get(second.url);
    assert.equal((await postSection(second.c, second.url, 1, { [`q${sat}`]: '3' }, 'next')).status, 303);
    assert.equal((await postSection(second.c, second.url, 2, { [`q${more}`]: 'Non merci' }, 'send')).status, 303);
    // The organiser removes "Ce qui vous a plu" after answers arrived (archived, new version).
    await staff.get(`/questionnaires/${qid}`);
    res = await staff.post(`/questionnaires/questions/${why}/supprimer`, { _submission: fresh() });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    const version = Number(dbValue(db, `SELECT version FROM questionnaires WHERE id = ${qid}`));
    // Visitor 1 comes back: told it changed, the still-valid answer kept, the archived one gone.
    const back = await first.c.get(`${first.url}?section=1`);
    assert.equal(back.status, 200);
    assert.ok(version > 1, "a change after answers makes a new version");
    assert.match(back.text, /Le questionnaire a été modifié/);
    assert.match(back.text, new RegExp(`name="q${sat}" value="5" checked`));
    assert.doesNotMatch(back.text, /Ce qui vous a plu/);
    assert.equal((await postSection(first.c, first.url, 1, { [`q${sat}`]: '5' }, 'next')).status, 303);
    assert.equal((await postSection(first.c, first.url, 2, {}, 'send')).status, 303);
    const rows = dbRows(db, `SELECT CAST(r.version AS TEXT), a.question_id, a.value FROM questionnaire_answers a
      JOIN questionnaire_responses r ON r.id = a.response_id WHERE r.questionnaire_id = ${qid} ORDER BY r.version, a.question_id`);
    assert.deepEqual(rows.filter((r) => r[1] === String(why)), [], 'no answer to the archived question');
    assert.deepEqual(rows.filter((r) => r[2] === '5').map((r) => r[0]), [String(version)], 'recorded with the current version');
    assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM questionnaire_responses WHERE questionnaire_id = ${qid}`)), 2);
  });
});
