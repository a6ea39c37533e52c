// Questionnaires' definitions: the library of six templates, copying one for a programme (its
// objectives become scale questions with objective keys), sections and questions of every kind, every
// validation refusal with its French message and nothing changed, scoping to the owning organisation,
// the read-only preview, and versioning once answers exist (kind locked, labels versioned, removal
// archives). Answers are given through the campaigns' public link and the answers' pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { alertOf, decode, fresh, programmeId, signIn, textOf } from '../enrolments_fixtures.mjs';

let server;
let staff;        // formation@sagiterre.local (training_staff, Sagiterre)
let coordinator;  // coordination.ancenis@trame.local (Département de Loire-Atlantique)
let sagiterre;    // organisation id
let progId;
let library;      // key → template id

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  coordinator = await signIn(server, DEMO.coordinator);
  progId = await programmeId(staff);
  const page = await staff.get('/questionnaires');
  assert.equal(page.status, 200);
  const select = page.text.match(/<select id="n-organisation"[^>]*>([\s\S]*?)<\/select>/)[1];
  sagiterre = Number(select.match(/<option value="(\d+)"[^>]*>Sagiterre<\/option>/)[1]);
  library = {};
  for (const m of page.text.matchAll(/data-template="(\w+)">[\s\S]*?href="\/questionnaires\/(\d+)\/apercu"/g)) library[m[1]] = Number(m[2]);
});

after(async () => {
  await server?.stop();
});

async function create(client, fields) {
  await client.get('/questionnaires');
  return client.post('/questionnaires', { organisation: String(sagiterre), source: '', programme: '', title: '',
    kind: 'other', anonymous: '1', _submission: fresh(), ...fields });
}

async function blank(title = fresh('Questionnaire'), anonymous = '1') {
  const res = await create(staff, { title, anonymous });
  assert.equal(res.status, 303, alertOf(res));
  return Number(res.location.match(/\/questionnaires\/(\d+)$/)[1]);
}

const sectionIds = (html) => [...html.matchAll(/<article class="panel stack q-section" id="section-(\d+)"/g)].map((m) => Number(m[1]));
const questionIds = (html) => [...html.matchAll(/<div class="q-item" id="question-(\d+)"/g)].map((m) => Number(m[1]));

const QUESTION = { kind: 'short', label: '', help: '', required: '', options: '', allow_other: '', items: '', low_label: '',
  high_label: '', min_value: '', max_value: '', show_if_question: '', show_if_value: '', objective: '' };

async function addQuestion(client, qid, section, fields) {
  await client.get(`/questionnaires/${qid}/questions/nouvelle?section=${section}`);
  return client.post(`/questionnaires/${qid}/questions`, { ...QUESTION, section_id: String(section), _submission: fresh(), ...fields });
}

async function editQuestion(client, id, section, fields) {
  await client.get(`/questionnaires/questions/${id}`);
  return client.post(`/questionnaires/questions/${id}`, { ...QUESTION, section_id: String(section), _submission: fresh(), ...fields });
}

async function editor(qid, client = staff) {
  const res = await client.get(`/questionnaires/${qid}`);
  assert.equal(res.status, 200);
  return res.text;
}

test('the library lists the eight shipped templates, in French, readable by every manager', async () => {
  // « Évaluation à chaud » (midcourse) since issue 18.
  assert.deepEqual(Object.keys(library).sort(), ['followup', 'funder', 'holders', 'impact', 'midcourse', 'positioning', 'satisfaction', 'trainer']);
  const sat = await staff.get(`/questionnaires/${library.satisfaction}/apercu`);
  assert.equal(sat.status, 200);
  assert.match(textOf(sat.text), /Satisfaction globale/);
  assert.match(sat.text, /<legend>/);
  // A manager reads a template but never edits it in place: the editor shows the preview, writes are refused.
  const ed = await staff.get(`/questionnaires/${library.satisfaction}`);
  assert.equal(ed.status, 200);
  assert.doesNotMatch(ed.text, /name="title"/);
  const refused = await staff.post(`/questionnaires/${library.satisfaction}`, { title: 'X', description: '', kind: 'other',
    status: 'draft', anonymous: '1', _submission: fresh() });
  assert.equal(refused.status, 403);
  const coord = await coordinator.get(`/questionnaires/${library.impact}/apercu`);
  assert.equal(coord.status, 200);
  assert.match(textOf(coord.text), /Aucune donnée personnelle/);
});

test('copying the positioning template for a programme turns its objectives into keyed scale questions', async () => {
  const prog = await staff.get(`/formations/programmes/${progId}/modifier`);
  const objectives = decode(prog.text.match(/<textarea id="p-objectives"[^>]*>([\s\S]*?)<\/textarea>/)[1])
    .split('\n').map((s) => s.trim()).filter(Boolean);
  assert.ok(objectives.length >= 2, 'the demo programme has objectives');
  const res = await create(staff, { source: String(library.positioning), programme: String(progId) });
  assert.equal(res.status, 303, alertOf(res));
  const id = Number(res.location.match(/\/questionnaires\/(\d+)$/)[1]);
  const html = await editor(id);
  const text = textOf(html);
  assert.match(text, /Positionnement — Pouvoir d'agir et coopération/);
  for (const [i, o] of objectives.entries()) {
    assert.ok(text.includes(o), `objective "${o}" became a question`);
    assert.ok(text.includes(`obj-${i + 1}`), `objective key obj-${i + 1}`);
  }
  assert.ok(!text.includes('obj-*'), 'no placeholder left');
  assert.match(text, /Qu'attendez-vous de cette formation/);
  // The condition of the copy points to the copy's own question.
  assert.match(text, /Affichée seulement si « Avez-vous déjà suivi une formation sur ce thème \? » = oui/);
  // The copy is the organisation's own draft; the template is unchanged.
  const list = textOf((await staff.get('/questionnaires?type=positioning')).text);
  assert.match(list, /Positionnement — Pouvoir d'agir/);
  const tpl = textOf((await staff.get(`/questionnaires/${library.positioning}/apercu`)).text);
  assert.match(tpl, /Mon niveau sur les objectifs de la formation/);
  // A programme of another organisation is refused, nothing created.
  const before = (await staff.get('/questionnaires')).text.match(/page \d+ sur \d+|<tr>/g)?.length;
  const other = await create(coordinator, { organisation: String(sagiterre), source: String(library.followup) });
  assert.equal(other.status, 403);
  const after = (await staff.get('/questionnaires')).text.match(/page \d+ sur \d+|<tr>/g)?.length;
  assert.equal(after, before);
});

test('sections and questions of every kind, with conditions, reorder and removal', async () => {
  const id = await blank();
  let html = await editor(id);
  const [s1] = sectionIds(html);
  let res = await staff.post(`/questionnaires/${id}/sections`, { section_title: 'Deuxième partie', section_description: '', _submission: fresh() });
  assert.equal(res.status, 303);
  html = await editor(id);
  const [, s2] = sectionIds(html);
  assert.ok(s2);
  const kinds = [
    [s1, { kind: 'single', label: 'Votre profil', options: 'Social\nCulturel\nAutre secteur', required: '1' }],
    [s1, { kind: 'multiple', label: 'Vos publics', options: 'Jeunes\nFamilles\nSeniors', allow_other: '1' }],
    [s1, { kind: 'scale', label: 'Votre aisance', low_label: 'Faible', high_label: 'Forte' }],
    [s1, { kind: 'nps', label: 'Recommanderiez-vous ?', low_label: 'Pas du tout', high_label: 'Tout à fait' }],
    [s1, { kind: 'yesno', label: 'Première formation ?' }],
    [s2, { kind: 'short', label: 'Votre fonction', show_if_question: 'Y', show_if_value: 'Oui' }],
    [s2, { kind: 'long', label: 'Vos attentes', help: 'Quelques lignes' }],
    [s2, { kind: 'number', label: 'Années d\'expérience', min_value: '0', max_value: '45,5' }],
    [s2, { kind: 'date', label: 'Date de votre prise de poste' }],
    [s2, { kind: 'matrix', label: 'Notez', items: 'Accueil\nContenu\nLieu', low_label: 'Mauvais', high_label: 'Excellent' }],
  ];
  const ids = [];
  for (const [section, fields] of kinds) {
    const f = { ...fields };
    if (f.show_if_question === 'Y') f.show_if_question = String(ids[4]);
    res = await addQuestion(staff, id, section, f);
    assert.equal(res.status, 303, `${fields.kind}: ${alertOf(res)}`);
    ids.push(Number(res.location.match(/#question-(\d+)/)[1]));
  }
  html = await editor(id);
  assert.deepEqual(questionIds(html), ids);
  const text = textOf(html);
  assert.match(text, /Affichée seulement si « Première formation \? » = oui/);
  // The preview shows every kind read-only, one fieldset per question.
  const preview = await staff.get(`/questionnaires/${id}/apercu`);
  assert.equal(preview.status, 200);
  assert.equal((preview.text.match(/<fieldset class="q-question"/g) || []).length, 10);
  assert.match(preview.text, /type="date"/);
  assert.match(preview.text, /class="q-matrix"/);
  assert.match(textOf(preview.text), /Autre, précisez/);
  assert.match(textOf(preview.text), /Section 2 sur 2/);
  // Reorder: moving the nps question up; moving the conditional question before its target is refused.
  res = await staff.post(`/questionnaires/questions/${ids[3]}/deplacer`, { direction: 'up', _submission: fresh() });
  assert.equal(res.status, 303);
  assert.deepEqual(questionIds(await editor(id)).slice(0, 4), [ids[0], ids[1], ids[3], ids[2]]);
  res = await staff.post(`/questionnaires/sections/${s2}/deplacer`, { direction: 'up', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /placerait une question avant/);
  assert.deepEqual(sectionIds(await editor(id)), [s1, s2]);
  // Removing a question others depend on is refused; a section with questions cannot be removed.
  res = await staff.post(`/questionnaires/questions/${ids[4]}/supprimer`, { _submission: fresh() });
  assert.equal(res.status, 422);
  res = await staff.post(`/questionnaires/sections/${s2}/supprimer`, { _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Seule une section vide/);
  // Before any answer, removal deletes and no version is recorded.
  res = await staff.post(`/questionnaires/questions/${ids[6]}/supprimer`, { _submission: fresh() });
  assert.equal(res.status, 303);
  html = await editor(id);
  assert.equal(questionIds(html).length, 9);
  assert.match(textOf(html), /Aucune version/);
  assert.match(textOf(html), /Version 1/);
  // An empty section is removed.
  await staff.post(`/questionnaires/${id}/sections`, { section_title: 'À supprimer', section_description: '', _submission: fresh() });
  const s3 = sectionIds(await editor(id))[2];
  res = await staff.post(`/questionnaires/sections/${s3}/supprimer`, { _submission: fresh() });
  assert.equal(res.status, 303);
  assert.deepEqual(sectionIds(await editor(id)), [s1, s2]);
});

test('validation refusals: French message, 422, values kept, nothing changed', async () => {
  const id = await blank();
  const [s1] = sectionIds(await editor(id));
  let res = await addQuestion(staff, id, s1, { kind: 'yesno', label: 'Avez-vous un projet ?' });
  assert.equal(res.status, 303);
  const yes = Number(res.location.match(/#question-(\d+)/)[1]);
  res = await addQuestion(staff, id, s1, { kind: 'long', label: 'Lequel ?', show_if_question: String(yes), show_if_value: 'oui' });
  assert.equal(res.status, 303);
  const later = Number(res.location.match(/#question-(\d+)/)[1]);
  const cases = [
    [{ kind: 'single', label: 'Un seul choix', options: 'Seulement un' }, /au moins deux options/],
    [{ kind: 'multiple', label: 'Choix', options: '' }, /au moins deux options/],
    [{ kind: 'matrix', label: 'Matrice', items: 'Une ligne' }, /au moins deux lignes/],
    [{ kind: 'number', label: 'Nombre', min_value: '10', max_value: '2' }, /minimum doit être inférieur ou égal au maximum/],
    [{ kind: 'number', label: 'Nombre', min_value: 'dix' }, /doivent être des nombres/],
    [{ kind: 'short', label: '' }, /intitulé/],
    [{ kind: 'short', label: 'Condition', show_if_question: String(later), show_if_value: 'x' }, /question fermée/],
    [{ kind: 'short', label: 'Condition', show_if_question: String(yes), show_if_value: 'peut-être' }, /valeur de la condition/],
  ];
  for (const [fields, message] of cases) {
    res = await addQuestion(staff, id, s1, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(alertOf(res), message);
    if (fields.label) assert.ok(res.text.includes(`value="${fields.label}"`), 'values kept');
  }
  assert.deepEqual(questionIds(await editor(id)), [yes, later]);
  // A condition pointing forward: the first question may not depend on the second.
  res = await editQuestion(staff, yes, s1, { kind: 'yesno', label: 'Avez-vous un projet ?', show_if_question: String(later), show_if_value: 'oui' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /placée AVANT/);
  // Changing the target's kind would break the dependent condition.
  res = await editQuestion(staff, yes, s1, { kind: 'short', label: 'Avez-vous un projet ?' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /D'autres questions s'affichent/);
  // Condition on a scale: a number of the scale.
  res = await addQuestion(staff, id, s1, { kind: 'scale', label: 'Niveau' });
  const scale = Number(res.location.match(/#question-(\d+)/)[1]);
  res = await addQuestion(staff, id, s1, { kind: 'short', label: 'Pourquoi si bas ?', show_if_question: String(scale), show_if_value: '7' });
  assert.equal(res.status, 422);
  res = await addQuestion(staff, id, s1, { kind: 'short', label: 'Pourquoi si bas ?', show_if_question: String(scale), show_if_value: '1' });
  assert.equal(res.status, 303);
  // Publishing an empty questionnaire is refused; a missing title too.
  const empty = await blank();
  await staff.get(`/questionnaires/${empty}`);
  res = await staff.post(`/questionnaires/${empty}`, { title: 'Vide', description: '', kind: 'other', status: 'published', anonymous: '1', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /sans question ne peut pas être publié/);
  res = await create(staff, { title: '' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Donnez un titre/);
});

test('another organisation\'s manager and a referent are refused', async () => {
  const id = await blank();
  const [s1] = sectionIds(await editor(id));
  const res = await addQuestion(staff, id, s1, { kind: 'short', label: 'Question' });
  const qid = Number(res.location.match(/#question-(\d+)/)[1]);
  assert.equal((await coordinator.get(`/questionnaires/${id}`)).status, 404);
  assert.equal((await coordinator.get(`/questionnaires/${id}/apercu`)).status, 404);
  assert.equal((await coordinator.get(`/questionnaires/questions/${qid}`)).status, 404);
  await coordinator.get('/questionnaires');
  assert.equal((await coordinator.post(`/questionnaires/${id}`, { title: 'Pris', description: '', kind: 'other', status: 'draft', anonymous: '1', _submission: fresh() })).status, 404);
  assert.equal((await coordinator.post(`/questionnaires/questions/${qid}`, { ...QUESTION, section_id: String(s1), label: 'Pris', _submission: fresh() })).status, 404);
  assert.equal((await coordinator.post(`/questionnaires/questions/${qid}/supprimer`, { _submission: fresh() })).status, 404);
  assert.equal((await coordinator.post(`/questionnaires/sections/${s1}`, { section_title: 'Pris', section_description: '', _submission: fresh() })).status, 404);
  // The coordinator's list does not show Sagiterre's questionnaires.
  assert.ok(!(await coordinator.get('/questionnaires')).text.includes(`href="/questionnaires/${id}"`));
  const referent = await signIn(server, DEMO.referent);
  assert.equal((await referent.get('/questionnaires')).status, 403);
  assert.equal((await referent.get(`/questionnaires/${id}`)).status, 403);
  assert.equal((await referent.get(`/questionnaires/${library.satisfaction}/apercu`)).status, 403);
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(`/questionnaires/${id}`)).status, 303);
  // Unchanged.
  assert.match(textOf(await editor(id)), /Question/);
});

// One answer through the campaigns' public link and the answers' pages.
async function answerOnce(id, fields) {
  let res = await staff.get(`/questionnaires/${id}/envois`);
  assert.equal(res.status, 200, 'campaigns page');
  res = await staff.post(`/questionnaires/${id}/envois`, { title: fresh('Lien'), audience: 'public', session: '', emails: '',
    when: 'now', send_date: '', send_time: '', closes_date: '', reminder_days: '', _submission: fresh() });
  assert.ok([200, 303].includes(res.status), `campaign created: ${alertOf(res)}`);
  const link = decode(res.text).match(/\/questionnaires\/lien\/[A-Za-z0-9_\-]+/);
  assert.ok(link, 'public link shown');
  const visitor = new Client(server.url);
  res = await visitor.get(link[0]);
  let url = link[0];
  while (res.status === 303 || res.status === 302) {
    url = res.location;
    res = await visitor.get(url);
  }
  assert.equal(res.status, 200, 'answer page');
  res = await visitor.post(url, { section: '1', action: 'send', _submission: visitor.submission || fresh(), ...fields });
  assert.ok([200, 303].includes(res.status), `sent: ${res.status} ${alertOf(res)}`);
}

test('versioning once answers exist: kind locked, changes versioned with history, removal archives', async () => {
  const id = await blank(fresh('Versionné'), '1');
  const [s1] = sectionIds(await editor(id));
  let res = await addQuestion(staff, id, s1, { kind: 'short', label: 'Votre avis' });
  const q1 = Number(res.location.match(/#question-(\d+)/)[1]);
  res = await addQuestion(staff, id, s1, { kind: 'yesno', label: 'Satisfait ?' });
  const q2 = Number(res.location.match(/#question-(\d+)/)[1]);
  await staff.get(`/questionnaires/${id}`);
  res = await staff.post(`/questionnaires/${id}`, { title: 'Versionné', description: '', kind: 'other', status: 'published', anonymous: '1', _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  assert.match(textOf(await editor(id)), /Aucune version/);
  await answerOnce(id, { [`q${q1}`]: 'Très bien', [`q${q2}`]: 'oui' });
  let html = await editor(id);
  assert.match(textOf(html), /des réponses ont été reçues/);
  // Kind change refused, nothing changed.
  res = await editQuestion(staff, q1, s1, { kind: 'long', label: 'Votre avis détaillé' });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /son type ne peut plus changer/);
  html = await editor(id);
  assert.match(textOf(html), /Votre avis Texte court/);
  assert.match(textOf(html), /Version 1/);
  // Anonymity locked.
  res = await staff.post(`/questionnaires/${id}`, { title: 'Versionné', description: '', kind: 'other', status: 'published', anonymous: '0', _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /ne peut plus devenir nominatif/);
  // A label change bumps the version with a history entry.
  res = await editQuestion(staff, q1, s1, { kind: 'short', label: 'Votre avis en une phrase' });
  assert.equal(res.status, 303, alertOf(res));
  html = await editor(id);
  assert.match(textOf(html), /Version 2/);
  assert.match(textOf(html), /Question modifiée : « Votre avis en une phrase »/);
  // Removing a question with answers archives it (listed apart, answers kept).
  res = await staff.post(`/questionnaires/questions/${q2}/supprimer`, { _submission: fresh() });
  assert.equal(res.status, 303);
  html = await editor(id);
  assert.deepEqual(questionIds(html), [q1]);
  assert.match(textOf(html), /Questions archivées Satisfait \?/);
  assert.match(textOf(html), /Version 3/);
  assert.match(textOf(html), /Question archivée \(réponses conservées\) : « Satisfait \? »/);
  assert.equal((await staff.get(`/questionnaires/questions/${q2}`)).status, 404);
});
