// Shared diagnosis (/cooperation/projets/{id}/diagnostic): the demo project's written diagnosis with a
// history by several members; the five default sections made once on the first visit (even by
// visits at the same moment); members save sections in markdown rendered safely; every revision is
// kept with its author and compared word by word (<ins>/<del> with hidden labels); the merge rule: a
// save from a stale revision is not written (409), the person gets the other's version, their own
// text and the differences, and saves again from the new base — and of two saves sent at the same
// moment from the same base exactly one is written; bad input and people without the right get a
// French message or 403/404 and change nothing (read from the database).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { addMember, createProject, decode, flashError, signIn, submit, unique } from './fixtures.mjs';

const DEMO_TITLE = "Liens intergénérationnels en Pays d'Ancenis";

let server;
let facilitator;  // formation@sagiterre.local: starts the test project, so its facilitator
let trainer;      // member
let partner;      // member
let jury;         // observer
let volunteer;    // not a member
let project;      // the test project's id

// A page's error message, as read.
const message = (res) => decode(flashError(res.text));
const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);
const sectionsOf = (id) => rows(`SELECT id, key, title, position, revision FROM cooperation_diagnosis_sections
  WHERE project_id = ${id} ORDER BY position, id`);
const sectionId = (id, key) => Number(value(`SELECT id FROM cooperation_diagnosis_sections WHERE project_id = ${id} AND key = ${q(key)}`));
// What a refusal must leave as it was: the project's sections and every revision of them.
const state = (id) => JSON.stringify([
  sectionsOf(id),
  rows(`SELECT r.* FROM cooperation_diagnosis_revisions r JOIN cooperation_diagnosis_sections s
    ON s.id = r.diagnosis_section_id WHERE s.project_id = ${id} ORDER BY r.id`),
]);

const editUrl = (id, section) => `/cooperation/projets/${id}/diagnostic/${section}/modifier`;
const saveUrl = (id, section) => `/cooperation/projets/${id}/diagnostic/${section}`;
const baseIn = (html) => Number(html.match(/name="base" value="(\d+)"/)[1]);

// Opens the edit form (its base revision, CSRF token and submission id), for a later save.
async function openEditor(client, id, section) {
  const page = await client.get(editUrl(id, section));
  assert.equal(page.status, 200);
  return { base: baseIn(page.text), csrf: client.csrf, submission: client.submission };
}
function save(client, id, section, editor, body) {
  return client.post(saveUrl(id, section), { _csrf: editor.csrf, _submission: editor.submission, base: String(editor.base), body });
}

before(async () => {
  server = await startTrame();
  [facilitator, trainer, partner, jury, volunteer] = await Promise.all([DEMO.training_staff, DEMO.trainer,
    DEMO.partner_staff, DEMO.jury_member, DEMO.volunteer].map((email) => signIn(server, email)));
  project = (await createProject(facilitator, unique('Diagnostic partagé (test)'), { send: submit })).id;
  await addMember(facilitator, project, DEMO.trainer, 'member', { send: submit });
  await addMember(facilitator, project, DEMO.partner_staff, 'member', { send: submit });
  await addMember(facilitator, project, DEMO.jury_member, 'observer', { send: submit });
});
after(async () => { await server?.stop(); });

test('the demo project has a written diagnosis whose resources section has a history by three people', async () => {
  const demo = Number(value(`SELECT id FROM cooperation_projects WHERE title = ${q(DEMO_TITLE)}`));
  assert.ok(demo, 'the demo project exists');
  const coordinator = await signIn(server, DEMO.coordinator);
  const page = await coordinator.get(`/cooperation/projets/${demo}/diagnostic`);
  assert.equal(page.status, 200);
  const text = decode(page.text);
  for (const expected of ['Contexte du territoire', 'Ressources', 'Besoins', "Paroles d'habitants", 'Initiatives existantes',
    'Théâtre Quartier Libre', 'Espace culturel Paul Guimard', 'Le Préambule', 'réseau des bibliothèques',
    'Musique et Danse en Loire-Atlantique', "Rompre l'isolement des personnes âgées"]) {
    assert.ok(text.includes(expected), `the diagnosis shows ${expected}`);
  }
  assert.match(page.text, /<strong>Théâtre Quartier Libre<\/strong>/, 'markdown is rendered');
  const resources = sectionId(demo, 'resources');
  assert.deepEqual(rows(`SELECT r.number, u.email FROM cooperation_diagnosis_revisions r JOIN users u ON u.id = r.author_id
    WHERE r.diagnosis_section_id = ${resources} ORDER BY r.number`),
  [['1', DEMO.trainee], ['2', DEMO.partner_staff], ['3', DEMO.training_staff]]);
  const history = await coordinator.get(`/cooperation/projets/${demo}/diagnostic/${resources}/historique`);
  assert.equal(history.status, 200);
  for (const name of ['Stagiaire Paul Guimard', 'Billetterie Quartier Libre']) assert.ok(history.text.includes(name), name);
  const diff = await coordinator.get(`/cooperation/projets/${demo}/diagnostic/${resources}/comparer?de=1&a=2`);
  assert.equal(diff.status, 200);
  assert.match(diff.text, /<ins><span class="visually-hidden">\[ajouté\] <\/span>[^<]*Le Préambule/);
  // Running the demo again adds nothing.
  assert.equal(Number(value(`SELECT COUNT(*) FROM cooperation_diagnosis_revisions WHERE diagnosis_section_id = ${resources}`)), 3);
});

test('the first visits make the five default sections once, even at the same moment', async () => {
  const fresh = (await createProject(facilitator, unique('Premières visites'), { send: submit })).id;
  await addMember(facilitator, fresh, DEMO.trainer, 'member', { send: submit });
  assert.equal(sectionsOf(fresh).length, 0, 'no section before the first visit');
  const pages = await Promise.all([facilitator, trainer, facilitator, trainer]
    .map((c) => c.get(`/cooperation/projets/${fresh}/diagnostic`)));
  for (const p of pages) assert.equal(p.status, 200);
  assert.deepEqual(sectionsOf(fresh).map((s) => [s[1], s[2], s[4]]), [
    ['context', 'Contexte du territoire', '0'], ['resources', 'Ressources', '0'], ['needs', 'Besoins', '0'],
    ['voices', "Paroles d'habitants", '0'], ['initiatives', 'Initiatives existantes', '0']]);
  await trainer.get(`/cooperation/projets/${fresh}/diagnostic`);
  assert.equal(sectionsOf(fresh).length, 5);
});

test('a member saves a section in markdown, rendered without raw HTML, and every revision is kept', async () => {
  await trainer.get(`/cooperation/projets/${project}/diagnostic`);
  const context = sectionId(project, 'context');
  const editor = await openEditor(trainer, project, context);
  assert.equal(editor.base, 0);
  const body = 'Un **territoire** rural.\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(2)) et <b>gras</b>';
  const res = await save(trainer, project, context, editor, body);
  assert.equal(res.status, 303, flashError(res.text));
  assert.equal(res.location, saveUrl(project, context));
  const page = await trainer.get(res.location);
  assert.match(page.text, /<strong>territoire<\/strong>/);
  assert.ok(!page.text.includes('<script>alert(1)'), 'no raw script');
  assert.ok(!page.text.includes('javascript:alert'), 'no javascript: link');
  assert.ok(!page.text.includes('<b>gras</b>'), 'no raw HTML');
  assert.deepEqual(rows(`SELECT s.revision, r.number, r.body, u.email FROM cooperation_diagnosis_sections s
    JOIN cooperation_diagnosis_revisions r ON r.diagnosis_section_id = s.id JOIN users u ON u.id = r.author_id
    WHERE s.id = ${context}`), [['1', '1', body, DEMO.trainer]]);
  // A second member goes on from revision 1; the browser's CRLF are stored as LF.
  const next = await openEditor(partner, project, context);
  assert.equal(next.base, 1);
  const res2 = await save(partner, project, context, next, 'Un **territoire** rural et fluvial.\r\n\r\nDeuxième paragraphe.');
  assert.equal(res2.status, 303, flashError(res2.text));
  assert.deepEqual(rows(`SELECT number, body FROM cooperation_diagnosis_revisions WHERE diagnosis_section_id = ${context}
    ORDER BY number`).map((r) => r[0]), ['1', '2']);
  assert.equal(value(`SELECT body FROM cooperation_diagnosis_revisions WHERE diagnosis_section_id = ${context} AND number = 2`),
    'Un **territoire** rural et fluvial.\n\nDeuxième paragraphe.');
  // History, a revision and the difference between the two, with labels for screen readers.
  const history = await jury.get(`/cooperation/projets/${project}/diagnostic/${context}/historique`);
  assert.equal(history.status, 200);
  assert.match(history.text, /<caption[^>]*>Révisions enregistrées/);
  const first = await jury.get(`/cooperation/projets/${project}/diagnostic/${context}/versions/1`);
  assert.equal(first.status, 200);
  assert.match(first.text, /<strong>territoire<\/strong> rural\./);
  const diff = await jury.get(`/cooperation/projets/${project}/diagnostic/${context}/comparer?de=1&a=2`);
  assert.equal(diff.status, 200);
  assert.match(diff.text, /<del><span class="visually-hidden">\[retiré\] <\/span>/);
  assert.match(diff.text, /<ins><span class="visually-hidden">\[ajouté\] <\/span>[^<]*fluvial/);
  assert.ok(diff.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the diff shows the source text, escaped');
  for (const bad of ['?de=2&a=2', '?de=0&a=3', '?de=abc&a=9']) {
    assert.equal((await jury.get(`/cooperation/projets/${project}/diagnostic/${context}/comparer${bad}`)).status, 404, bad);
  }
});

test('a stale save is not written: the merge view gives the other version, the text sent and the differences', async () => {
  const needs = sectionId(project, 'needs');
  const first = await openEditor(trainer, project, needs);
  assert.equal((await save(trainer, project, needs, first, 'Besoin : rompre l’isolement des aînés.')).status, 303);
  // Both open revision 1; the partner saves first.
  const mine = await openEditor(trainer, project, needs);
  const theirs = await openEditor(partner, project, needs);
  assert.equal(mine.base, 1);
  const won = await save(partner, project, needs, theirs, 'Besoin : rompre l’isolement des aînés et des jeunes.');
  assert.equal(won.status, 303);
  const before = state(project);
  const myText = 'Besoin : rompre l’isolement des aînés, surtout sans voiture <en soirée>.';
  const res = await save(trainer, project, needs, mine, myText);
  assert.equal(res.status, 409);
  assert.equal(state(project), before, 'nothing written');
  assert.match(message(res), /^Quelqu'un a enregistré cette section pendant que vous l'écriviez/);
  assert.ok(res.text.includes('surtout sans voiture &lt;en soirée&gt;.</textarea>'), 'the text sent is in the form');
  assert.equal(baseIn(res.text), 2, 'the form now starts from the version that won');
  assert.ok(res.text.includes('des aînés et des jeunes.'), 'the other version is shown');
  assert.match(res.text, /Billetterie Quartier Libre/, 'with who saved it');
  assert.match(res.text, /<ins><span class="visually-hidden">\[ajouté\] <\/span>/);
  // Saved again from the new base: written as revision 3.
  const again = await trainer.post(saveUrl(project, needs), { base: String(baseIn(res.text)), body: myText,
    _submission: trainer.submission });
  assert.equal(again.status, 303, flashError(again.text));
  assert.deepEqual(rows(`SELECT s.revision, r.body FROM cooperation_diagnosis_sections s JOIN cooperation_diagnosis_revisions r
    ON r.diagnosis_section_id = s.id AND r.number = s.revision WHERE s.id = ${needs}`), [['3', myText]]);
});

test(`of two saves sent at the same moment from the same base, exactly one is written (${ENGINE})`, async () => {
  const voices = sectionId(project, 'voices');
  for (let round = 0; round < 6; round++) {
    const a = await openEditor(trainer, project, voices);
    const b = await openEditor(partner, project, voices);
    assert.equal(a.base, b.base);
    const texts = [`Version du formateur, tour ${round}.`, `Version de la billetterie, tour ${round}.`];
    const answers = await Promise.all([save(trainer, project, voices, a, texts[0]), save(partner, project, voices, b, texts[1])]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [303, 409], `round ${round}: ${answers.map((r) => r.status)}`);
    const winner = answers.findIndex((r) => r.status === 303);
    const loser = 1 - winner;
    assert.ok(answers[loser].text.includes(`${texts[loser]}</textarea>`), 'the loser\'s text is in the 409 page');
    assert.ok(answers[loser].text.includes(texts[winner]), 'the 409 page shows the version that won');
    assert.deepEqual(rows(`SELECT s.revision, (SELECT COUNT(*) FROM cooperation_diagnosis_revisions r WHERE r.diagnosis_section_id = s.id),
      (SELECT r.body FROM cooperation_diagnosis_revisions r WHERE r.diagnosis_section_id = s.id AND r.number = s.revision)
      FROM cooperation_diagnosis_sections s WHERE s.id = ${voices}`), [[String(a.base + 1), String(a.base + 1), texts[winner]]]);
  }
});

test('bad input gets a French message and changes nothing', async () => {
  const resources = sectionId(project, 'resources');
  let before = state(project);
  // A section without a title.
  let res = await submit(facilitator, `/cooperation/projets/${project}/diagnostic`, `/cooperation/projets/${project}/diagnostic/sections`,
    { title: '   ' });
  assert.equal(res.status, 422);
  assert.equal(message(res), 'Indiquez le titre de la section.');
  assert.match(res.text, /id="d-new-title"[^>]*aria-invalid="true"/);
  assert.equal(state(project), before);
  // Renamed to nothing.
  res = await submit(facilitator, saveUrl(project, resources), `${saveUrl(project, resources)}/titre`, { title: '' });
  assert.equal(res.status, 422);
  assert.equal(message(res), 'Indiquez le titre de la section.');
  assert.equal(state(project), before);
  // The same text again.
  const editor = await openEditor(trainer, project, resources);
  assert.equal((await save(trainer, project, resources, editor, 'Les lieux culturels.')).status, 303);
  before = state(project);
  const same = await openEditor(trainer, project, resources);
  res = await save(trainer, project, resources, same, 'Les lieux culturels.');
  assert.equal(res.status, 422);
  assert.equal(message(res), "Le texte n'a pas changé : il n'y a rien à enregistrer.");
  // Too long.
  const long = await openEditor(trainer, project, resources);
  res = await save(trainer, project, resources, long, 'x'.repeat(100001));
  assert.equal(res.status, 422);
  assert.match(message(res), /^Le texte est trop long/);
  assert.equal(state(project), before);
  // A section and a renaming that work.
  res = await submit(facilitator, `/cooperation/projets/${project}/diagnostic`, `/cooperation/projets/${project}/diagnostic/sections`,
    { title: 'Mobilité' });
  assert.equal(res.status, 303, flashError(res.text));
  assert.match(res.location, /\/diagnostic\/\d+\/modifier$/);
  res = await submit(facilitator, saveUrl(project, resources), `${saveUrl(project, resources)}/titre`, { title: 'Ressources du territoire' });
  assert.equal(res.status, 303);
  assert.deepEqual(sectionsOf(project).map((s) => s[2]).slice(-2), ['Initiatives existantes', 'Mobilité']);
  assert.equal(value(`SELECT title FROM cooperation_diagnosis_sections WHERE id = ${resources}`), 'Ressources du territoire');
});

test('observers read but do not write, members do not add sections, others see nothing', async () => {
  const initiatives = sectionId(project, 'initiatives');
  const before = state(project);
  assert.equal((await jury.get(`/cooperation/projets/${project}/diagnostic`)).status, 200);
  assert.equal((await jury.get(editUrl(project, initiatives))).status, 403);
  const page = await jury.get(saveUrl(project, initiatives));
  assert.ok(!page.text.includes('/modifier"'), 'no edit link for an observer');
  let res = await jury.post(saveUrl(project, initiatives), { base: '0', body: 'Texte d\'un observateur' });
  assert.equal(res.status, 403);
  res = await trainer.post(`/cooperation/projets/${project}/diagnostic/sections`, { title: 'Section d\'un membre' });
  assert.equal(res.status, 403);
  res = await trainer.post(`${saveUrl(project, initiatives)}/titre`, { title: 'Renommée par un membre' });
  assert.equal(res.status, 403);
  for (const path of [`/cooperation/projets/${project}/diagnostic`, saveUrl(project, initiatives), editUrl(project, initiatives),
    `${saveUrl(project, initiatives)}/historique`]) {
    assert.equal((await volunteer.get(path)).status, 404, `${path} as a non-member`);
  }
  res = await volunteer.post(saveUrl(project, initiatives), { base: '0', body: 'Intrus' });
  assert.equal(res.status, 404);
  // A section of another project, through this project's address.
  const demo = Number(value(`SELECT id FROM cooperation_projects WHERE title = ${q(DEMO_TITLE)}`));
  const foreign = sectionId(demo, 'context');
  assert.equal((await trainer.get(saveUrl(project, foreign))).status, 404);
  res = await trainer.post(saveUrl(project, foreign), { base: '1', body: 'Ailleurs' });
  assert.equal(res.status, 404);
  assert.equal(state(project), before);
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(`/cooperation/projets/${project}/diagnostic`)).status, 303);
});
