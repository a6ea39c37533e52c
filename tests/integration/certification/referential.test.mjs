// Certification referential (/certifications): the demo's certification is public with its blocks,
// criteria, modalities and the programme modules × competences table; a certifier's staff create a
// certification, add blocks, competences and criteria, and publish it once it says what it is
// registered as and what it assesses; bad input gets a French message (422) and changes nothing;
// another organisation's staff get 404 (like a missing id); after the first registration on a
// version an edit makes the next one, the old one stays readable and no longer changes; a
// programme's organiser says which modules prepare which competences.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const CERTIFIER = 'certification@observatoire.local';  // training staff of the Observatoire (demo)
const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
const SAGITERRE_PROGRAMME = "Pouvoir d'agir et coopération à l'épreuve du territoire";
const unique = (prefix) => `${prefix} ${randomBytes(3).toString('hex')}`;

let server;
let certifier;  // manages the Observatoire's certifications
let sagiterre;  // formation@sagiterre.local: manages Sagiterre's certifications and programmes
let admin;
let anonymous;
let created;    // the certification this file creates: { id, block, competence, criterion }

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Posts a form from a page (GET first for the CSRF token and a fresh one-time submission id).
async function submit(client, page, path, fields) {
  await client.get(page);
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', client.submission);
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);

// Everything a certification is made of, as one string: its row, its versions, blocks, competences,
// criteria (what a refusal must leave as it was).
function state(id) {
  return JSON.stringify([
    rows(`SELECT id, owner_id, status, current_version, updated_at FROM certifications WHERE id = ${id}`),
    rows(`SELECT * FROM certification_versions WHERE certification_id = ${id} ORDER BY id`),
    rows(`SELECT b.* FROM certification_blocks b JOIN certification_versions v ON v.id = b.version_id
      WHERE v.certification_id = ${id} ORDER BY b.id`),
    rows(`SELECT k.* FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id
      JOIN certification_versions v ON v.id = b.version_id WHERE v.certification_id = ${id} ORDER BY k.id`),
    rows(`SELECT r.* FROM certification_criteria r JOIN certification_competences k ON k.id = r.competence_id
      JOIN certification_blocks b ON b.id = k.block_id JOIN certification_versions v ON v.id = b.version_id
      WHERE v.certification_id = ${id} ORDER BY r.id`),
  ]);
}

const lastId = (table, where) => Number(value(`SELECT MAX(id) FROM ${table} WHERE ${where}`));
const editUrl = (id) => `/certifications/${id}/modifier`;

function assertRefused(res, message, label) {
  assert.equal(res.status, 422, `${label}: 422`);
  assert.ok(textOf(res.text).includes(message), `${label}: the message « ${message} » (${textOf(res.text).slice(0, 300)})`);
}

const DESCRIPTION = {
  title: unique('Accompagner des projets de médiation'), register: 'rs', registration_number: '', decision_date: '',
  validity_end: '', summary: 'Une certification **pour tester**.', audience: 'Médiateurs', prerequisites: 'Aucun',
  modalities: 'Mise en situation\nRapport écrit', equivalences: '',
};

before(async () => {
  server = await startTrame();
  certifier = await signIn(CERTIFIER);
  sagiterre = await signIn(DEMO.training_staff);
  admin = await signIn(DEMO.administrator);
  anonymous = new Client(server.url);
});
after(async () => { await server?.stop(); });

test('the demo certification is public: blocks, criteria with their modality, and the modules × competences table', async () => {
  const id = Number(value(`SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id
    AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`));
  assert.ok(id, 'the demo certification exists');
  const list = await anonymous.get('/certifications');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/certifications/${id}"`), 'listed');
  const page = await anonymous.get(`/certifications/${id}`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  for (const expected of [DEMO_TITLE, 'Observatoire des politiques culturelles', 'Répertoire spécifique — RS-DÉMO-002',
    '28 mars 2024', 'BC01 Analyser un contexte', 'BC02 Concevoir un cadre de coopération', 'BC03 Mettre en œuvre',
    "Les acteurs, les institutions et leurs compétences sont identifiés et situés (Mise en situation)",
    'La problématique est formulée et argumentée (Soutenance orale)',
    'Le plan de projet présente le dispositif d\'évaluation (Rapport écrit)', 'Formations qui y préparent',
    SAGITERRE_PROGRAMME]) {
    assert.ok(t.includes(expected), `the page shows ${expected}`);
  }
  // The table: one row per module of Sagiterre's programme, one column per competence (BC01.1…BC03.2);
  // module 1 prepares the analysis (BC01), module 2 the design and the implementation.
  const table = page.text.match(/<table class="preparation">([\s\S]*?)<\/table>/);
  assert.ok(table, 'the modules × competences table');
  const header = [...table[1].matchAll(/<abbr title="[^"]*">([^<]+)<\/abbr>/g)].map((m) => m[1]);
  assert.deepEqual(header, ['BC01.1', 'BC01.2', 'BC01.3', 'BC02.1', 'BC02.2', 'BC02.3', 'BC03.1', 'BC03.2']);
  const body = table[1].split('<tbody>')[1];
  const tableRows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td>([\s\S]*?)<\/td>/g)]
    .map((c) => (c[1].includes('●') ? 'x' : '.')).join(''));
  assert.ok(tableRows.length >= 2, 'a row per module');
  assert.equal(tableRows[0], 'xxx.....');
  assert.equal(tableRows[1], '...xxxxx');
  assert.ok(t.includes('prépare cette compétence') && t.includes('ne prépare pas cette compétence'), 'cells say it in words');
  assert.ok(!page.text.includes('/modifier'), 'no edit link for the public');
});

test('a certifier creates a certification, adds blocks, competences and criteria; refusals change nothing', async () => {
  const before = Number(value('SELECT COUNT(*) FROM certifications'));
  let res = await submit(certifier, '/certifications/nouvelle', '/certifications', { ...DESCRIPTION, title: '  ' });
  assertRefused(res, 'Donnez un intitulé à la certification', 'empty title');
  res = await submit(certifier, '/certifications/nouvelle', '/certifications', { ...DESCRIPTION, decision_date: '2024-02-30' });
  assertRefused(res, "La date de la décision d'enregistrement n'est pas une date valide", 'bad date');
  res = await submit(certifier, '/certifications/nouvelle', '/certifications',
    { ...DESCRIPTION, decision_date: '2024-03-28', validity_end: '2024-03-01' });
  assertRefused(res, "La fin de validité doit venir après la date de la décision d'enregistrement", 'validity before decision');
  assert.ok(res.text.includes(DESCRIPTION.audience), 'the refused form shows what was typed');
  assert.equal(Number(value('SELECT COUNT(*) FROM certifications')), before, 'nothing created');

  res = await submit(certifier, '/certifications/nouvelle', '/certifications', DESCRIPTION);
  assert.equal(res.status, 303);
  const id = Number(res.location.match(/^\/certifications\/(\d+)\/modifier/)[1]);
  const owner = value(`SELECT o.name FROM certifications c JOIN organisations o ON o.id = c.owner_id WHERE c.id = ${id}`);
  assert.equal(owner, 'Observatoire des politiques culturelles');
  assert.equal(value(`SELECT status FROM certifications WHERE id = ${id}`), 'draft');
  assert.equal((await anonymous.get(`/certifications/${id}`)).status, 404, 'a draft is not public');

  res = await submit(certifier, editUrl(id), `/certifications/${id}/blocs`,
    { block_code: 'BC01', block_title: 'Concevoir une médiation', block_description: 'Le premier bloc.' });
  assert.equal(res.status, 303);
  const block = lastId('certification_blocks', `code = 'BC01' AND version_id = (SELECT id FROM certification_versions WHERE certification_id = ${id})`);
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${block}/competences`, { competence_title: 'Analyser les publics' });
  assert.equal(res.status, 303);
  const competence = lastId('certification_competences', `block_id = ${block}`);
  res = await submit(certifier, editUrl(id), `/certifications/competences/${competence}/criteres`,
    { criterion_title: 'Les publics sont décrits', criterion_modality: 'report' });
  assert.equal(res.status, 303);
  const criterion = lastId('certification_criteria', `competence_id = ${competence}`);
  created = { id, block, competence, criterion };

  // Refusals: a second BC01 (whatever its case), a criterion without a known modality, an empty
  // competence, a bad date on the description form.
  let was = state(id);
  res = await submit(certifier, editUrl(id), `/certifications/${id}/blocs`, { block_code: 'bc01', block_title: 'Doublon' });
  assertRefused(res, 'Un autre bloc de cette certification porte déjà ce code.', 'duplicate block code');
  res = await submit(certifier, editUrl(id), `/certifications/competences/${competence}/criteres`,
    { criterion_title: 'Un critère', criterion_modality: 'quiz' });
  assertRefused(res, 'Choisissez la modalité qui évalue ce critère', 'unknown modality');
  res = await submit(certifier, editUrl(id), `/certifications/criteres/${criterion}`,
    { criterion_title: 'Un critère', criterion_modality: '' });
  assertRefused(res, 'Choisissez la modalité qui évalue ce critère', 'no modality on an edit');
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${block}/competences`, { competence_title: ' ' });
  assertRefused(res, 'Décrivez la compétence', 'empty competence');
  res = await submit(certifier, editUrl(id), `/certifications/${id}`, { ...DESCRIPTION, title: '' });
  assertRefused(res, 'Donnez un intitulé à la certification', 'empty title on an edit');
  res = await submit(certifier, editUrl(id), `/certifications/${id}`, { ...DESCRIPTION, validity_end: '31/12/2030' });
  assertRefused(res, "La date de fin de validité n'est pas une date valide", 'bad validity date');
  assert.equal(state(id), was, 'the refusals changed nothing');

  // The edit page shows the tree.
  const edit = await certifier.get(editUrl(id));
  assert.equal(edit.status, 200);
  for (const expected of ['Concevoir une médiation', 'Analyser les publics', 'Les publics sont décrits']) {
    assert.ok(textOf(edit.text).includes(expected) || edit.text.includes(expected), `edit page shows ${expected}`);
  }
  // A second block, moved up, then deleted with its competences and criteria.
  res = await submit(certifier, editUrl(id), `/certifications/${id}/blocs`, { block_code: 'BC02', block_title: 'Évaluer' });
  assert.equal(res.status, 303);
  const second = lastId('certification_blocks', `code = 'BC02' AND version_id = (SELECT id FROM certification_versions WHERE certification_id = ${id})`);
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${second}/competences`, { competence_title: 'Mesurer' });
  assert.equal(res.status, 303);
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${second}/deplacer`, { direction: 'up' });
  assert.equal(res.status, 303);
  assert.deepEqual(rows(`SELECT code FROM certification_blocks WHERE version_id = (SELECT id FROM certification_versions
    WHERE certification_id = ${id}) ORDER BY position, id`).map((r) => r[0]), ['BC02', 'BC01']);
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${second}/supprimer`, {});
  assert.equal(res.status, 303);
  assert.equal(Number(value(`SELECT COUNT(*) FROM certification_blocks WHERE id = ${second}`)), 0);
  assert.equal(Number(value(`SELECT COUNT(*) FROM certification_competences WHERE block_id = ${second}`)), 0);
});

test('publication needs a registration number, a decision date and a criterion per competence', async () => {
  const { id, block } = created;
  // A competence without criteria.
  let res = await submit(certifier, editUrl(id), `/certifications/blocs/${block}/competences`, { competence_title: 'Animer un atelier' });
  assert.equal(res.status, 303);
  const bare = lastId('certification_competences', `block_id = ${block}`);
  const publish = () => submit(certifier, editUrl(id), `/certifications/${id}/statut`, { status: 'published' });

  let was = state(id);
  res = await publish();
  assertRefused(res, "Pour publier, indiquez le numéro d'enregistrement de la certification.", 'no registration number');
  assert.equal(state(id), was, 'still a draft, nothing changed');
  res = await submit(certifier, editUrl(id), `/certifications/${id}`, { ...DESCRIPTION, registration_number: 'RS9999' });
  assert.equal(res.status, 303);

  was = state(id);
  res = await publish();
  assertRefused(res, "Pour publier, indiquez la date de la décision d'enregistrement.", 'no decision date');
  assert.equal(state(id), was, 'still a draft, nothing changed');
  res = await submit(certifier, editUrl(id), `/certifications/${id}`,
    { ...DESCRIPTION, registration_number: 'RS9999', decision_date: '2025-06-12', validity_end: '2030-06-12' });
  assert.equal(res.status, 303);

  was = state(id);
  res = await publish();
  assertRefused(res, "Pour publier, chaque compétence doit avoir au moins un critère d'évaluation.", 'a competence without criteria');
  assert.equal(state(id), was, 'still a draft, nothing changed');
  assert.equal(value(`SELECT status FROM certifications WHERE id = ${id}`), 'draft');

  res = await submit(certifier, editUrl(id), `/certifications/competences/${bare}/criteres`,
    { criterion_title: "L'atelier est animé", criterion_modality: 'exercise' });
  assert.equal(res.status, 303);
  res = await publish();
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT status FROM certifications WHERE id = ${id}`), 'published');
  const page = await anonymous.get(`/certifications/${id}`);
  assert.equal(page.status, 200);
  const t = textOf(page.text);
  for (const expected of [DESCRIPTION.title, 'RS9999', '12 juin 2025', '12 juin 2030', 'BC01 Concevoir une médiation',
    'Les publics sont décrits (Rapport écrit)', "L'atelier est animé (Mise en situation)"]) {
    assert.ok(t.includes(expected), `the public page shows ${expected}`);
  }
  assert.ok(textOf((await anonymous.get('/certifications')).text).includes(DESCRIPTION.title), 'listed');
  // An unknown status is refused.
  was = state(id);
  res = await submit(certifier, editUrl(id), `/certifications/${id}/statut`, { status: 'retired' });
  assertRefused(res, "Ce statut n'existe pas", 'unknown status');
  assert.equal(state(id), was);
});

test("another organisation's staff get 404 and change nothing; the administrator manages everywhere", async () => {
  const { id, block, competence, criterion } = created;
  const was = state(id);
  assert.equal((await sagiterre.get(editUrl(id))).status, 404);
  await sagiterre.get('/certifications');
  for (const [path, fields] of [
    [`/certifications/${id}`, { ...DESCRIPTION, title: 'Pris par Sagiterre' }],
    [`/certifications/${id}`, { ...DESCRIPTION, title: '' }],
    [`/certifications/${id}/statut`, { status: 'draft' }],
    [`/certifications/${id}/statut`, { status: 'nonsense' }],
    [`/certifications/${id}/blocs`, { block_code: 'BC09', block_title: 'Intrus' }],
    [`/certifications/${id}/blocs`, { block_code: '', block_title: '' }],
    [`/certifications/blocs/${block}`, { block_code: 'BC09', block_title: 'Intrus' }],
    [`/certifications/blocs/${block}/deplacer`, { direction: 'up' }],
    [`/certifications/blocs/${block}/competences`, { competence_title: 'Intrus' }],
    [`/certifications/competences/${competence}`, { competence_title: 'Intrus' }],
    [`/certifications/competences/${competence}/criteres`, { criterion_title: 'Intrus', criterion_modality: 'report' }],
    [`/certifications/criteres/${criterion}`, { criterion_title: 'Intrus', criterion_modality: 'report' }],
    [`/certifications/criteres/${criterion}/supprimer`, {}],
    [`/certifications/competences/${competence}/supprimer`, {}],
    [`/certifications/blocs/${block}/supprimer`, {}],
  ]) {
    const res = await submit(sagiterre, '/certifications', path, fields);
    assert.equal(res.status, 404, `POST ${path} ${JSON.stringify(fields)} by Sagiterre's staff`);
  }
  assert.equal(state(id), was, "Sagiterre's staff changed nothing");
  // A draft of the Observatoire: 404 for them and the public, readable by the administrator.
  const res = await submit(certifier, '/certifications/nouvelle', '/certifications', { ...DESCRIPTION, title: unique('Brouillon') });
  assert.equal(res.status, 303);
  const draft = Number(res.location.match(/^\/certifications\/(\d+)/)[1]);
  assert.equal((await sagiterre.get(`/certifications/${draft}`)).status, 404);
  assert.equal((await anonymous.get(`/certifications/${draft}`)).status, 404);
  assert.ok(!(await sagiterre.get('/certifications')).text.includes(`/certifications/${draft}"`), 'not listed for others');
  assert.equal((await admin.get(`/certifications/${draft}`)).status, 200);
  assert.equal((await admin.get(editUrl(draft))).status, 200);
  assert.equal((await certifier.get(`/certifications/${draft}`)).status, 200);
  assert.ok((await certifier.get('/certifications')).text.includes(`/certifications/${draft}"`), 'listed for its staff');
});

test('after the first registration on a version, an edit makes the next version and the old one stays as it was', async () => {
  const { id, criterion } = created;
  // Registrations arrive with the candidates module (a later step): the lock they set is set here directly.
  dbRows(server.database, `UPDATE certification_versions SET locked_at = 1700000000 WHERE certification_id = ${id} AND number = 1`);
  const edit = await certifier.get(editUrl(id));
  assert.ok(textOf(edit.text).includes('votre prochaine modification créera la version 2'), 'the edit page warns');
  const oldTitle = DESCRIPTION.title;
  const newTitle = unique('Accompagner des projets de médiation, version 2');
  const oldCounts = rows(`SELECT (SELECT COUNT(*) FROM certification_blocks b WHERE b.version_id = v.id),
    (SELECT COUNT(*) FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id WHERE b.version_id = v.id),
    (SELECT COUNT(*) FROM certification_criteria r JOIN certification_competences k ON k.id = r.competence_id
      JOIN certification_blocks b ON b.id = k.block_id WHERE b.version_id = v.id)
    FROM certification_versions v WHERE v.certification_id = ${id} AND v.number = 1`)[0];
  const v1 = rows(`SELECT * FROM certification_versions WHERE certification_id = ${id} AND number = 1`);
  let res = await submit(certifier, editUrl(id), `/certifications/${id}`,
    { ...DESCRIPTION, title: newTitle, registration_number: 'RS9999', decision_date: '2025-06-12', validity_end: '2030-06-12' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT current_version FROM certifications WHERE id = ${id}`), '2');
  assert.deepEqual(rows(`SELECT * FROM certification_versions WHERE certification_id = ${id} AND number = 1`), v1, 'version 1 untouched');
  assert.equal(value(`SELECT title FROM certification_versions WHERE certification_id = ${id} AND number = 2`), newTitle);
  assert.equal(value(`SELECT locked_at FROM certification_versions WHERE certification_id = ${id} AND number = 2`), '0');
  const newCounts = rows(`SELECT (SELECT COUNT(*) FROM certification_blocks b WHERE b.version_id = v.id),
    (SELECT COUNT(*) FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id WHERE b.version_id = v.id),
    (SELECT COUNT(*) FROM certification_criteria r JOIN certification_competences k ON k.id = r.competence_id
      JOIN certification_blocks b ON b.id = k.block_id WHERE b.version_id = v.id)
    FROM certification_versions v WHERE v.certification_id = ${id} AND v.number = 2`)[0];
  assert.deepEqual(newCounts, oldCounts, 'blocks, competences and criteria copied');
  assert.ok(Number(oldCounts[2]) >= 2);
  // The same texts in both versions.
  const texts = (n) => rows(`SELECT b.code, b.title, k.title, r.title, r.modality FROM certification_criteria r
    JOIN certification_competences k ON k.id = r.competence_id JOIN certification_blocks b ON b.id = k.block_id
    JOIN certification_versions v ON v.id = b.version_id WHERE v.certification_id = ${id} AND v.number = ${n}
    ORDER BY b.position, k.position, r.position`);
  assert.deepEqual(texts(2), texts(1));

  const current = textOf((await anonymous.get(`/certifications/${id}`)).text);
  assert.ok(current.includes(newTitle) && !current.includes('Vous lisez la version 1'));
  assert.ok(current.includes('Version 1, du'), 'the other version is linked');
  const old = await anonymous.get(`/certifications/${id}/versions/1`);
  assert.equal(old.status, 200);
  const oldText = textOf(old.text);
  assert.ok(oldText.includes(oldTitle) && !oldText.includes(newTitle), 'version 1 shows its own text');
  assert.ok(oldText.includes('Vous lisez la version 1 de ce référentiel. La version en vigueur est la version 2.'));
  assert.equal((await anonymous.get(`/certifications/${id}/versions/3`)).status, 404);

  // An element of version 1 no longer changes.
  const was = state(id);
  res = await submit(certifier, editUrl(id), `/certifications/criteres/${criterion}`,
    { criterion_title: 'Modifié après coup', criterion_modality: 'defence' });
  assertRefused(res, 'Cet élément appartient à une version précédente', 'an edit of version 1');
  res = await submit(certifier, editUrl(id), `/certifications/criteres/${criterion}/supprimer`, {});
  assertRefused(res, 'Cet élément appartient à une version précédente', 'a deletion in version 1');
  res = await submit(certifier, editUrl(id), `/certifications/blocs/${created.block}/competences`, { competence_title: 'Ajout' });
  assertRefused(res, 'Cet élément appartient à une version précédente', 'an addition to version 1');
  assert.equal(state(id), was, 'nothing changed');

  // A tree edit on a locked current version also makes the next one, and changes the copy only.
  dbRows(server.database, `UPDATE certification_versions SET locked_at = 1700000001 WHERE certification_id = ${id} AND number = 2`);
  const v2criterion = Number(value(`SELECT MIN(r.id) FROM certification_criteria r JOIN certification_competences k ON k.id = r.competence_id
    JOIN certification_blocks b ON b.id = k.block_id JOIN certification_versions v ON v.id = b.version_id
    WHERE v.certification_id = ${id} AND v.number = 2`));
  const before2 = value(`SELECT title FROM certification_criteria WHERE id = ${v2criterion}`);
  res = await submit(certifier, editUrl(id), `/certifications/criteres/${v2criterion}`,
    { criterion_title: 'Les publics sont décrits et situés', criterion_modality: 'report' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT current_version FROM certifications WHERE id = ${id}`), '3');
  assert.equal(value(`SELECT title FROM certification_criteria WHERE id = ${v2criterion}`), before2, 'version 2 kept its criterion');
  assert.ok(textOf((await anonymous.get(`/certifications/${id}`)).text).includes('Les publics sont décrits et situés'));
});

test("a programme's organiser links its modules to competences; the public page shows them; another organiser's programme is 404", async () => {
  const { id } = created;
  const programme = Number(value(`SELECT id FROM training_programmes WHERE title = ${q(SAGITERRE_PROGRAMME)}`));
  const modules = rows(`SELECT id FROM training_modules WHERE programme_id = ${programme} ORDER BY position, id`).map((r) => Number(r[0]));
  assert.ok(modules.length >= 2);
  const competences = rows(`SELECT k.id FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id
    JOIN certification_versions v ON v.id = b.version_id JOIN certifications c ON c.id = v.certification_id
    AND v.number = c.current_version WHERE c.id = ${id} ORDER BY b.position, k.position, k.id`).map((r) => Number(r[0]));
  assert.equal(competences.length, 2);
  const page = `/certifications/preparations/${programme}?certification=${id}`;
  const form = await sagiterre.get(page);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`value="${modules[0]}-${competences[0]}"`), 'a checkbox per module × competence');
  // A link to a competence of another certification is refused, and nothing changes.
  const demoCompetence = Number(value(`SELECT MIN(k.id) FROM certification_competences k JOIN certification_blocks b ON b.id = k.block_id
    JOIN certification_versions v ON v.id = b.version_id WHERE v.title = ${q(DEMO_TITLE)}`));
  const links = () => JSON.stringify([rows(`SELECT * FROM certification_preparations WHERE programme_id = ${programme}`),
    rows(`SELECT module_id, competence_id FROM certification_module_competences WHERE module_id IN (${modules.join(',')}) ORDER BY 1, 2`)]);
  let was = links();
  let res = await submit(sagiterre, page, `/certifications/preparations/${programme}`,
    { certification: id, links: [`${modules[0]}-${demoCompetence}`] });
  assertRefused(res, 'Un module ou une compétence cochés n\'existent plus', 'a foreign competence');
  res = await submit(sagiterre, page, `/certifications/preparations/${programme}`, { certification: 999999, links: [] });
  assertRefused(res, 'Choisissez une certification publiée.', 'an unknown certification');
  assert.equal(links(), was, 'nothing changed');

  res = await submit(sagiterre, page, `/certifications/preparations/${programme}`,
    { certification: id, links: [`${modules[0]}-${competences[0]}`, `${modules[1]}-${competences[1]}`, `${modules[1]}-${competences[0]}`] });
  assert.equal(res.status, 303);
  assert.equal(Number(value(`SELECT certification_id FROM certification_preparations WHERE programme_id = ${programme}`)), id);
  const publicPage = await anonymous.get(`/certifications/${id}`);
  const t = textOf(publicPage.text);
  assert.ok(t.includes(SAGITERRE_PROGRAMME), 'the programme is named');
  const table = publicPage.text.match(/<table class="preparation">([\s\S]*?)<\/table>/);
  assert.ok(table, 'the table');
  const body = table[1].split('<tbody>')[1];
  const marks = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td>([\s\S]*?)<\/td>/g)]
    .map((c) => (c[1].includes('●') ? 'x' : '.')).join(''));
  assert.deepEqual(marks.slice(0, 2), ['x.', 'xx']);
  assert.ok(marks.slice(2).every((m) => m === '..'), 'the other modules prepare nothing');
  assert.ok((await sagiterre.get(page)).text.includes(`value="${modules[1]}-${competences[1]}" checked`), 'the form shows what is saved');

  // Another organiser's programme (the Département's): 404, and nothing changes.
  const other = Number(value(`SELECT p.id FROM training_programmes p JOIN organisations o ON o.id = p.organiser_id
    WHERE o.name = 'Département de Loire-Atlantique' ORDER BY p.id LIMIT 1`));
  assert.ok(other);
  const otherState = () => JSON.stringify(rows(`SELECT * FROM certification_preparations WHERE programme_id = ${other}`));
  was = otherState();
  assert.equal((await sagiterre.get(`/certifications/preparations/${other}`)).status, 404);
  res = await submit(sagiterre, page, `/certifications/preparations/${other}`, { certification: id, links: [] });
  assert.equal(res.status, 404);
  assert.equal(otherState(), was);
  // The certifier's staff (training staff of the Observatoire) do not manage Sagiterre's programme.
  assert.equal((await certifier.get(`/certifications/preparations/${programme}`)).status, 404);
});
