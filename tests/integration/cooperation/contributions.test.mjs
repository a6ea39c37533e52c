// Inhabitants' contributions (/cooperation/projets/{id}/contributions): the demo project's four
// contributions gathered offline, linked to its diagnosis (whose section pages list them) and to a
// decision; facilitators record one (kind, number of people, place, date, text — no name field, and a
// hint not to write any), correct and delete it; members link it to the project's diagnosis sections
// and decisions, never another project's; bad input (no text, fewer than one person, a future date…)
// gets a French message and changes nothing; observers and members cannot record, non-members see
// nothing (read from the database).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { addMember, createProject, decode, flashError, signIn, submit, unique } from './fixtures.mjs';

const DEMO_TITLE = "Liens intergénérationnels en Pays d'Ancenis";

let server;
let facilitator;  // formation@sagiterre.local
let trainer;      // member
let jury;         // observer
let volunteer;    // not a member
let project;
let demo;

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);
const message = (res) => decode(flashError(res.text));
const sectionId = (id, key) => Number(value(`SELECT id FROM cooperation_diagnosis_sections WHERE project_id = ${id} AND key = ${q(key)}`));
// Everything contributions are made of in a project, as one string (what a refusal leaves as it was).
const state = (id) => JSON.stringify([
  rows(`SELECT * FROM cooperation_contributions WHERE project_id = ${id} ORDER BY id`),
  rows(`SELECT l.* FROM cooperation_contribution_sections l JOIN cooperation_contributions c ON c.id = l.contribution_id
    WHERE c.project_id = ${id} ORDER BY 1, 2`),
  rows(`SELECT l.* FROM cooperation_contribution_decisions l JOIN cooperation_contributions c ON c.id = l.contribution_id
    WHERE c.project_id = ${id} ORDER BY 1, 2`),
]);

const listUrl = (id) => `/cooperation/projets/${id}/contributions`;
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const daysFromToday = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const good = () => ({ kind: 'workshop', people: '12', place: 'Ancenis-Saint-Géréon', held_on: daysFromToday(-3),
  body: 'Les habitants proposent des lectures partagées entre jeunes et aînés.' });

async function record(client, id, fields) {
  return submit(client, `${listUrl(id)}/nouvelle`, listUrl(id), fields);
}

before(async () => {
  server = await startTrame();
  [facilitator, trainer, jury, volunteer] = await Promise.all([DEMO.training_staff, DEMO.trainer, DEMO.jury_member,
    DEMO.volunteer].map((email) => signIn(server, email)));
  project = (await createProject(facilitator, unique('Contributions (test)'), { send: submit })).id;
  await addMember(facilitator, project, DEMO.trainer, 'member', { send: submit });
  await addMember(facilitator, project, DEMO.jury_member, 'observer', { send: submit });
  demo = Number(value(`SELECT id FROM cooperation_projects WHERE title = ${q(DEMO_TITLE)}`));
});
after(async () => { await server?.stop(); });

test('the demo project holds four contributions gathered offline, linked to its diagnosis and a decision', async () => {
  assert.ok(demo, 'the demo project exists');
  assert.deepEqual(rows(`SELECT kind, people, place FROM cooperation_contributions WHERE project_id = ${demo} ORDER BY id`), [
    ['workshop', '14', 'Ancenis-Saint-Géréon'], ['door_to_door', '9', 'Ligné'],
    ['partner_group', '11', 'Espace culturel Paul Guimard'], ['other', '6', 'Marché de Varades']]);
  const coordinator = await signIn(server, DEMO.coordinator);
  const list = await coordinator.get(listUrl(demo));
  assert.equal(list.status, 200);
  const text = decode(list.text);
  for (const expected of ['4 contributions', 'Recueillie hors ligne', 'Atelier', 'Porte-à-porte', "Groupe d'un partenaire",
    '14 personnes', 'Ligné']) assert.ok(text.includes(expected), expected);
  // The voices section's page lists its linked contributions.
  const voices = sectionId(demo, 'voices');
  const section = await coordinator.get(`/cooperation/projets/${demo}/diagnostic/${voices}`);
  assert.equal(section.status, 200);
  const linked = rows(`SELECT contribution_id FROM cooperation_contribution_sections WHERE diagnosis_section_id = ${voices}`);
  assert.equal(linked.length, 3);
  for (const [id] of linked) assert.ok(section.text.includes(`/cooperation/projets/${demo}/contributions/${id}"`), `links ${id}`);
  // The first one informed one of the project's decisions (when the decisions' demo made some).
  const decisions = Number(value(`SELECT COUNT(*) FROM cooperation_decisions WHERE project_id = ${demo}`));
  const links = rows(`SELECT l.decision_id FROM cooperation_contribution_decisions l JOIN cooperation_contributions c
    ON c.id = l.contribution_id WHERE c.project_id = ${demo}`);
  assert.equal(links.length, decisions > 0 ? 1 : 0);
});

test('a facilitator records a contribution: no name field, a hint, marked as gathered offline', async () => {
  const form = await facilitator.get(`${listUrl(project)}/nouvelle`);
  assert.equal(form.status, 200);
  const recordForm = form.text.match(new RegExp(`<form method="post" action="${listUrl(project)}"[\\s\\S]*?</form>`))[0];
  const names = [...recordForm.matchAll(/<(?:input|select|textarea)[^>]*name="([^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(names, ['_csrf', '_submission', 'body', 'held_on', 'kind', 'people', 'place']);
  assert.ok(decode(form.text).includes("N'écrivez aucun nom"), 'the form asks not to write names');
  const res = await record(facilitator, project, good());
  assert.equal(res.status, 303, message(res));
  const id = Number(res.location.match(/\/contributions\/(\d+)$/)[1]);
  assert.deepEqual(rows(`SELECT c.kind, c.people, c.place, c.held_on, c.body, u.email FROM cooperation_contributions c
    JOIN users u ON u.id = c.recorded_by WHERE c.id = ${id}`),
  [['workshop', '12', 'Ancenis-Saint-Géréon', good().held_on, good().body, DEMO.training_staff]]);
  const page = await jury.get(res.location);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Recueillie hors ligne') && page.text.includes('12 personnes'));
  // Corrected, then deleted with its links.
  let edit = await submit(facilitator, `${res.location}/modifier`, res.location, { ...good(), people: '15', kind: 'door_to_door' });
  assert.equal(edit.status, 303, message(edit));
  assert.deepEqual(rows(`SELECT kind, people FROM cooperation_contributions WHERE id = ${id}`), [['door_to_door', '15']]);
  edit = await submit(trainer, res.location, `${res.location}/sections`, { section: String(sectionId(project, 'needs')) });
  assert.equal(edit.status, 303, message(edit));
  edit = await submit(facilitator, res.location, `${res.location}/supprimer`, {});
  assert.equal(edit.status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_contributions WHERE id = ${id}`), '0');
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_contribution_sections WHERE contribution_id = ${id}`), '0');
});

test('bad input gets a French message linked to its field and changes nothing', async () => {
  const before = state(project);
  const cases = [
    [{ body: '  ' }, 'body', 'Écrivez ce qui a été dit ou proposé.'],
    [{ people: '0' }, 'people', /^Indiquez le nombre de personnes/],
    [{ people: '-3' }, 'people', /^Indiquez le nombre de personnes/],
    [{ people: 'douze' }, 'people', /^Indiquez le nombre de personnes/],
    [{ people: '' }, 'people', /^Indiquez le nombre de personnes/],
    [{ place: '' }, 'place', 'Indiquez le lieu : la commune ou le nom du lieu.'],
    [{ held_on: '2026-02-30' }, 'held_on', /^Indiquez la date/],
    [{ held_on: daysFromToday(2) }, 'held_on', "La date de la rencontre ne peut pas être après aujourd'hui."],
    [{ kind: 'visio' }, 'kind', /^Choisissez comment la parole a été recueillie/],
  ];
  for (const [change, field, expected] of cases) {
    const res = await record(facilitator, project, { ...good(), ...change });
    assert.equal(res.status, 422, JSON.stringify(change));
    if (expected instanceof RegExp) assert.match(message(res), expected); else assert.equal(message(res), expected);
    assert.match(res.text, new RegExp(`id="c-${field}"[^>]*aria-invalid="true"`), `${field} is marked`);
    // What was typed stays in the form.
    assert.ok(decode(res.text).includes(change.body ?? good().body), 'the text typed is kept');
  }
  assert.equal(state(project), before);
  // Today is fine.
  const res = await record(facilitator, project, { ...good(), held_on: today() });
  assert.equal(res.status, 303, message(res));
});

test('members link a contribution to the project\'s sections and decisions, never another project\'s', async () => {
  const created = await record(facilitator, project, { ...good(), kind: 'partner_group', place: 'Le Préambule' });
  assert.equal(created.status, 303);
  const url = created.location;
  const id = Number(url.match(/(\d+)$/)[1]);
  const needs = sectionId(project, 'needs');
  let res = await submit(trainer, url, `${url}/sections`, { section: String(needs) });
  assert.equal(res.status, 303, message(res));
  assert.deepEqual(rows(`SELECT l.diagnosis_section_id, u.email FROM cooperation_contribution_sections l JOIN users u
    ON u.id = l.linked_by WHERE l.contribution_id = ${id}`), [[String(needs), DEMO.trainer]]);
  const section = await jury.get(`/cooperation/projets/${project}/diagnostic/${needs}`);
  assert.ok(section.text.includes(`${url}"`), 'the section page lists it');
  // The list filtered by section and by kind.
  let list = await jury.get(`${listUrl(project)}?section=${needs}`);
  assert.ok(list.text.includes(`${url}"`) && decode(list.text).includes('1 contribution'));
  list = await jury.get(`${listUrl(project)}?type=door_to_door`);
  assert.ok(!list.text.includes(`${url}"`));
  const before = state(project);
  // Another project's section or decision, or none.
  res = await submit(trainer, url, `${url}/sections`, { section: String(sectionId(demo, 'needs')) });
  assert.equal(res.status, 422);
  assert.equal(message(res), 'Choisissez une section du diagnostic de ce projet.');
  res = await submit(trainer, url, `${url}/sections`, { section: '' });
  assert.equal(res.status, 422);
  const foreignDecision = value(`SELECT id FROM cooperation_decisions WHERE project_id = ${demo} ORDER BY id LIMIT 1`);
  res = await submit(trainer, url, `${url}/decisions`, { decision: foreignDecision || '999999' });
  assert.equal(res.status, 422);
  assert.equal(message(res), 'Choisissez une décision de ce projet.');
  assert.equal(state(project), before);
  // Unlinked.
  res = await submit(trainer, url, `${url}/sections/${needs}/retirer`, {});
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_contribution_sections WHERE contribution_id = ${id}`), '0');
});

test('a demo contribution is linked to a demo decision and unlinked by a member', async (t) => {
  const decision = value(`SELECT id FROM cooperation_decisions WHERE project_id = ${demo} ORDER BY id DESC LIMIT 1`);
  if (!decision) return t.skip('the decisions demo made no decision');
  const contribution = value(`SELECT id FROM cooperation_contributions WHERE project_id = ${demo} ORDER BY id DESC LIMIT 1`);
  const url = `${listUrl(demo)}/${contribution}`;
  const member = await signIn(server, DEMO.partner_staff);
  let res = await submit(member, url, `${url}/decisions`, { decision });
  assert.equal(res.status, 303, message(res));
  const page = await member.get(url);
  assert.ok(page.text.includes(`/cooperation/projets/${demo}/decisions/${decision}"`), 'the decision is listed');
  res = await submit(member, url, `${url}/decisions/${decision}/retirer`, {});
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_contribution_decisions WHERE contribution_id = ${contribution}
    AND decision_id = ${decision}`), '0');
});

test('only facilitators record; observers do not link; non-members see nothing', async () => {
  const created = await record(facilitator, project, good());
  const url = created.location;
  const before = state(project);
  assert.equal((await trainer.get(`${listUrl(project)}/nouvelle`)).status, 403);
  let res = await trainer.post(listUrl(project), good());
  assert.equal(res.status, 403);
  res = await trainer.post(url, { ...good(), people: '99' });
  assert.equal(res.status, 403);
  res = await trainer.post(`${url}/supprimer`, {});
  assert.equal(res.status, 403);
  res = await jury.post(`${url}/sections`, { section: String(sectionId(project, 'voices')) });
  assert.equal(res.status, 403);
  assert.equal((await jury.get(url)).status, 200);
  for (const path of [listUrl(project), url, `${url}/modifier`, `${listUrl(project)}/nouvelle`]) {
    assert.equal((await volunteer.get(path)).status, 404, path);
  }
  res = await volunteer.post(listUrl(project), good());
  assert.equal(res.status, 404);
  // A contribution of another project through this project's address.
  const foreign = value(`SELECT id FROM cooperation_contributions WHERE project_id = ${demo} ORDER BY id LIMIT 1`);
  assert.equal((await trainer.get(`${listUrl(project)}/${foreign}`)).status, 404);
  assert.equal(state(project), before);
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(listUrl(project))).status, 303);
});
