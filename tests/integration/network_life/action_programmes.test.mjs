// Action programmes (/programmes…, docs/network_life/action_programmes.md): the demo's programmes are
// public (anonymous included) without any participant data; the organiser's manager creates a
// programme, an edition, partners, funders and sessions (bad input: 422 with a French message, the
// values kept, nothing changed; another organisation's manager: 403); a referent registers their
// relais's beneficiaries by code (twice: 422) and to sessions (over capacity: 422, also when many
// registrations arrive at once on both engines); attendance before the session and an outcome for a
// non-participant: 422; the figures are exact for managers, masked under 3 for partners and funders,
// refused to others, and exported as CSV and XLSX.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, runTrame, startTrame } from '../harness.mjs';
import { createBeneficiary } from '../bookings_fixtures.mjs';
import { assertRefused, flash, hex, post, signIn, textOf } from '../cooperation/fixtures.mjs';

let server;
const people = {};
const MANAGER = 'animation@culturesducoeur94.local';

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const orgId = (name) => value(`SELECT id FROM organisations WHERE name = ${q(name)}`);

// 'YYYY-MM-DDTHH:MM' in Europe/Paris of a time `seconds` from now.
const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
  .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

// The state of everything an edition holds (to prove a refusal changed nothing).
const editionState = (id) => [
  sql(`SELECT title, starts_on, ends_on, summary FROM life_programme_editions WHERE id = ${id}`),
  sql(`SELECT organisation_id, role FROM life_programme_partners WHERE edition_id = ${id} ORDER BY organisation_id`),
  sql(`SELECT organisation_id, amount_euros FROM life_programme_funders WHERE edition_id = ${id} ORDER BY organisation_id`),
  sql(`SELECT id, kind, title, starts_at, capacity, taken, attendance_at FROM life_programme_sessions WHERE edition_id = ${id} ORDER BY id`),
  sql(`SELECT id, beneficiary_id, kind, adults, children FROM life_programme_participants WHERE edition_id = ${id} ORDER BY id`),
  sql(`SELECT r.id, r.session_id, r.participant_id, r.present FROM life_programme_registrations r JOIN life_programme_sessions s
       ON s.id = r.session_id WHERE s.edition_id = ${id} ORDER BY r.id`),
  sql(`SELECT x.participant_id, x.category FROM life_programme_outcomes x JOIN life_programme_participants p
       ON p.id = x.participant_id WHERE p.edition_id = ${id} ORDER BY x.participant_id`),
].join('\n--\n');

async function createProgramme(client, fields = {}) {
  const res = await post(client, '/programmes', '/programmes', {
    organiser: orgId('Cultures du Cœur 94'), title: `Programme ${hex()}`, description: 'Des parcours en famille.',
    remobilisation: '1', ...fields,
  });
  assert.equal(res.status, 303, `programme created: ${flash(res.text)}`);
  return Number(res.location.match(/\/programmes\/(\d+)$/)[1]);
}
async function createEdition(client, programme, fields = {}) {
  const url = `/programmes/${programme}`;
  const res = await post(client, url, `${url}/editions`, {
    title: `Édition ${hex()}`, starts_on: '2026-01-01', ends_on: '2027-12-31', summary: '', ...fields,
  });
  assert.equal(res.status, 303, `edition created: ${flash(res.text)}`);
  return Number(res.location.match(/\/editions\/(\d+)$/)[1]);
}
async function createSession(client, edition, fields = {}) {
  const url = `/programmes/editions/${edition}`;
  const res = await post(client, url, `${url}/seances`, {
    kind: 'atelier_enfants', session_title: `Atelier ${hex()}`, starts: parisInput(20 * 86400),
    ends: parisInput(20 * 86400 + 7200), place: 'Médiathèque d\'Ivry-sur-Seine', capacity: '10', ...fields,
  });
  assert.equal(res.status, 303, `session created: ${flash(res.text)}`);
  return Number(res.location.match(/\/seances\/(\d+)$/)[1]);
}
async function addParticipant(client, edition, beneficiary, fields = {}) {
  const url = `/programmes/editions/${edition}/participants`;
  const res = await post(client, url, url, { beneficiary, kind: 'person', adults: '1', children: '0', ...fields });
  assert.equal(res.status, 303, `participant added: ${flash(res.text)}`);
  return Number(value(`SELECT id FROM life_programme_participants WHERE edition_id = ${edition} AND beneficiary_id = ${beneficiary}`));
}
const register = (client, session, participant) =>
  post(client, `/programmes/seances/${session}`, `/programmes/seances/${session}/inscriptions`, { participant });

before(async () => {
  server = await startTrame();
  people.manager = await signIn(server, MANAGER);
  people.referent = await signIn(server, DEMO.referent);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.partner = await signIn(server, DEMO.partner_staff);
  people.volunteer = await signIn(server, DEMO.volunteer);
  people.anonymous = new Client(server.url);
});
after(async () => { await server?.stop(); });

test('the demo: public programmes without participant data; figures exact for managers, masked for partners, refused to others', async () => {
  const list = await people.anonymous.get('/programmes');
  assert.equal(list.status, 200);
  for (const title of ['NUM&ART', 'Horizon 2024', 'Tous au cinéma']) assert.ok(textOf(list.text).includes(title), title);
  const horizon = value(`SELECT e.id FROM life_programme_editions e JOIN life_programmes p ON p.id = e.programme_id
    WHERE p.title = 'Horizon 2024' AND e.title = 'Horizon 2023 — 3 stages'`);
  assert.equal(value(`SELECT COUNT(*) FROM life_programme_sessions WHERE edition_id = ${horizon} AND kind = 'stage' AND attendance_at > 0`), '3',
    'three internships held in 2023');
  const codes = sql(`SELECT b.code FROM life_programme_participants p JOIN beneficiaries b ON b.id = p.beneficiary_id
    WHERE p.edition_id = ${horizon}`).split('\n');
  assert.ok(codes.length >= 3);
  const session = value(`SELECT id FROM life_programme_sessions WHERE edition_id = ${horizon} ORDER BY id LIMIT 1`);
  for (const url of [`/programmes/editions/${horizon}`, `/programmes/seances/${session}`]) {
    const page = await people.anonymous.get(url);
    assert.equal(page.status, 200, url);
    for (const code of codes) assert.ok(!page.text.includes(code), `${url}: no code shown to the public`);
  }
  assert.equal((await people.anonymous.get(`/programmes/editions/${horizon}/participants`)).status, 303, 'anonymous: sign in');
  assert.equal((await people.volunteer.get(`/programmes/editions/${horizon}/participants`)).status, 403);
  const mine = await people.manager.get(`/programmes/editions/${horizon}/participants`);
  for (const code of codes) assert.ok(mine.text.includes(code), 'the manager sees the codes');

  const exact = await people.manager.get(`/programmes/editions/${horizon}/chiffres`);
  assert.equal(exact.status, 200);
  assert.match(textOf(exact.text), /Emploi 1 /, 'exact for the manager');
  const masked = await people.partner.get(`/programmes/editions/${horizon}/chiffres`);
  assert.equal(masked.status, 200, 'the Théâtre is a partner of the edition');
  assert.match(textOf(masked.text), /Emploi < 3 /, 'masked for a partner');
  assert.ok(!textOf(masked.text).match(/Emploi 1 /));
  const csv = await people.partner.get(`/programmes/editions/${horizon}/chiffres.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(csv.text.includes('Résultat : Emploi;< 3'), csv.text);
  const xlsx = await people.manager.get(`/programmes/editions/${horizon}/chiffres.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal((await people.volunteer.get(`/programmes/editions/${horizon}/chiffres`)).status, 403);
  assert.equal((await people.coordinator.get(`/programmes/editions/${horizon}/chiffres.csv`)).status, 403);
  assert.equal((await people.anonymous.get(`/programmes/editions/${horizon}/chiffres`)).status, 303);
  assert.equal((await people.manager.get('/programmes/editions/999999/chiffres')).status, 404);
});

test('a manager builds a programme; bad input and other organisations change nothing', async () => {
  const programme = await createProgramme(people.manager, { remobilisation: '' });
  const count = () => value(`SELECT COUNT(*) FROM life_programmes WHERE organiser_id = ${orgId('Cultures du Cœur 94')}`);
  const before = count();
  let res = await post(people.manager, '/programmes', '/programmes', { organiser: orgId('Cultures du Cœur 94'), title: '  ', description: 'Texte gardé' });
  assertRefused(res, 422, 'Indiquez le titre du programme.', 'empty title');
  assert.ok(res.text.includes('Texte gardé'), 'the description typed is kept');
  res = await post(people.coordinator, '/programmes', '/programmes', { organiser: orgId('Cultures du Cœur 94'), title: `X ${hex()}` });
  assertRefused(res, 422, 'Choisissez une structure dont vous animez le réseau.', 'another organisation as organiser');
  assert.equal(count(), before, 'nothing created');

  const edition = await createEdition(people.manager, programme);
  const url = `/programmes/editions/${edition}`;
  let state = editionState(edition);
  res = await post(people.manager, url, `${url}/seances`, { kind: 'stage', session_title: 'Stage', starts: parisInput(86400 * 3),
    ends: parisInput(86400 * 3 - 60), place: 'Club', capacity: '8' });
  assertRefused(res, 422, 'La fin de la séance doit être après son début.', 'end before start');
  assert.ok(res.text.includes('value="Club"'), 'the place typed is kept');
  res = await post(people.manager, url, `${url}/seances`, { kind: 'stage', session_title: 'Stage', starts: parisInput(86400 * 3),
    ends: parisInput(86400 * 3 + 60), place: 'Club', capacity: 'huit' });
  assertRefused(res, 422, 'Le nombre de places doit être un nombre entier entre 1 et 10 000.', 'capacity in words');
  res = await post(people.manager, url, `${url}/financeurs`, { funder: orgId('Théâtre Quartier Libre'), amount: '' });
  assertRefused(res, 422, 'Choisissez un financeur de l\'annuaire.', 'a theatre as funder');
  res = await post(people.manager, url, `${url}/financeurs`, { funder: orgId('Fondation David Hadida'), amount: '12 000,50' });
  assertRefused(res, 422, 'Le montant doit être un nombre entier d\'euros', 'a decimal amount');
  res = await post(people.coordinator, url, `${url}/seances`, { kind: 'stage', session_title: 'Stage', starts: parisInput(86400 * 3),
    ends: parisInput(86400 * 3 + 60), place: 'Club', capacity: '8' });
  assertRefused(res, 403, 'Seule l\'équipe de la structure organisatrice', 'a manager of another organisation');
  res = await post(people.referent, url, `${url}/partenaires`, { organisation: orgId('Théâtre Quartier Libre'), role: 'Accueil' });
  assert.equal(res.status, 403, 'a referent adds no partner');
  res = await post(people.coordinator, `/programmes/${programme}`, `/programmes/${programme}/editions`,
    { title: 'Autre', starts_on: '2026-01-01', ends_on: '2026-02-01' });
  assert.equal(res.status, 403, 'a manager of another organisation adds no edition');
  res = await post(people.manager, '/programmes', '/programmes/editions/999999/seances', { kind: 'stage' });
  assert.equal(res.status, 404, 'a missing edition');
  assert.equal(editionState(edition), state, 'nothing changed');

  res = await post(people.manager, url, `${url}/partenaires`, { organisation: orgId('Théâtre Quartier Libre'), role: 'Découvertes' });
  assert.equal(res.status, 303, flash(res.text));
  res = await post(people.manager, url, `${url}/financeurs`, { funder: orgId('Fondation David Hadida'), amount: '12000' });
  assert.equal(res.status, 303, flash(res.text));
  await createSession(people.manager, edition);
  const page = await people.anonymous.get(url);
  assert.ok(textOf(page.text).includes('Théâtre Quartier Libre — Découvertes'));
  assert.ok(!textOf(page.text).includes('12000 €'), 'amounts are not public');
  assert.ok(textOf((await people.manager.get(url)).text).includes('12000 €'));
  assert.ok(!textOf((await people.partner.get(url)).text).includes('12000 €'), 'a partner does not see the amounts');
  assert.equal((await people.partner.get(`${url}/chiffres`)).status, 200, 'a partner sees the figures');
});

test('a referent registers beneficiaries by code; twice, over capacity, outcomes and attendance are checked', async () => {
  const programme = await createProgramme(people.manager);
  const edition = await createEdition(people.manager, programme);
  const session = await createSession(people.manager, edition, { capacity: '3' });
  const b1 = await createBeneficiary(people.referent);
  const b2 = await createBeneficiary(people.referent);
  const participants = `/programmes/editions/${edition}/participants`;
  const page = await people.referent.get(participants);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(b1.code), 'the referent chooses by code');
  const household = await addParticipant(people.referent, edition, b1.id, { kind: 'household', adults: '1', children: '2' });
  let state = editionState(edition);
  let res = await post(people.referent, participants, participants, { beneficiary: b1.id, kind: 'person' });
  assertRefused(res, 422, 'Cette personne ou ce foyer participe déjà à cette édition.', 'participant twice');
  res = await post(people.referent, participants, participants, { beneficiary: b2.id, kind: 'household', adults: '0', children: '0' });
  assertRefused(res, 422, 'Un foyer compte au moins une personne.', 'an empty household');
  const vitry = value(`SELECT id FROM beneficiaries WHERE organisation_id = ${orgId('Relais social de Vitry-sur-Seine (fictif)')} AND status = 'active' ORDER BY id LIMIT 1`);
  res = await post(people.referent, participants, participants, { beneficiary: vitry, kind: 'person' });
  assertRefused(res, 422, 'Choisissez une personne accompagnée de votre relais', 'a beneficiary of another relais');
  res = await post(people.volunteer, `/programmes/editions/${edition}`, participants, { beneficiary: b2.id, kind: 'person' });
  assert.equal(res.status, 403, 'a volunteer registers nobody');
  assert.equal(editionState(edition), state, 'nothing changed');

  res = await register(people.referent, session, household);
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT taken FROM life_programme_sessions WHERE id = ${session}`), '3', 'a household of 3 takes 3 places');
  const person = await addParticipant(people.referent, edition, b2.id);
  state = editionState(edition);
  res = await register(people.referent, session, person);
  assertRefused(res, 422, 'La séance est complète', 'over capacity');
  res = await register(people.referent, session, household);
  assertRefused(res, 422, 'Ce participant est déjà inscrit à cette séance.', 'registered twice');
  const other = await createProgramme(people.manager);
  const otherEdition = await createEdition(people.manager, other);
  const b3 = await createBeneficiary(people.referent);
  const stranger = await addParticipant(people.referent, otherEdition, b3.id);
  const edUrl = `/programmes/editions/${edition}`;
  res = await post(people.manager, participants, `${edUrl}/resultats`, { participant: stranger, category: 'emploi' });
  assertRefused(res, 422, 'ne participe pas à cette édition', 'an outcome for a non-participant');
  res = await post(people.manager, participants, `${edUrl}/resultats`, { participant: household, category: 'CDI' });
  assertRefused(res, 422, 'Choisissez un résultat', 'an unknown category');
  res = await post(people.referent, participants, `${edUrl}/resultats`, { participant: household, category: 'emploi' });
  assert.equal(res.status, 403, 'a referent records no outcome');
  const reg = value(`SELECT id FROM life_programme_registrations WHERE session_id = ${session}`);
  res = await post(people.manager, `/programmes/seances/${session}`, `/programmes/seances/${session}/presences`, { present: reg });
  assertRefused(res, 422, 'Les présences ne peuvent être saisies qu\'à partir du début de la séance.', 'attendance before the session');
  assert.equal(editionState(edition), state, 'nothing changed');

  res = await post(people.manager, participants, `${edUrl}/resultats`, { participant: household, category: 'formation' });
  assert.equal(res.status, 303, flash(res.text));
  // The session took place (moved into the past here): the manager records who came.
  querySql(server.database, `UPDATE life_programme_sessions SET starts_at = starts_at - 30 * 86400, ends_at = ends_at - 30 * 86400 WHERE id = ${session}`);
  res = await post(people.manager, `/programmes/seances/${session}`, `/programmes/seances/${session}/presences`, { present: reg });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT present FROM life_programme_registrations WHERE id = ${reg}`), '1');
  const figures = textOf((await people.manager.get(`${edUrl}/chiffres`)).text);
  assert.match(figures, /Taux de présence 100 %/);
  assert.match(figures, /Formation engagée 1 /);
});

test('registrations arriving at once never exceed the capacity', async () => {
  const programme = await createProgramme(people.manager);
  const edition = await createEdition(people.manager, programme);
  const session = await createSession(people.manager, edition, { capacity: '3' });
  const ids = [];
  for (let i = 0; i < 8; i++) {
    const b = await createBeneficiary(people.referent);
    ids.push(await addParticipant(people.referent, edition, b.id));
  }
  // One session's CSRF token (read from the page), a fresh submission id per request.
  const c = people.referent;
  await c.get(`/programmes/seances/${session}`);
  const csrf = c.csrf;
  const results = await Promise.all(ids.map((id) => c.request('POST', `/programmes/seances/${session}/inscriptions`, {
    body: new URLSearchParams({ _csrf: csrf, _submission: `s-${hex()}${hex()}`, participant: String(id) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 303).length, 3, `three registered: ${statuses}`);
  assert.equal(statuses.filter((s) => s === 422).length, 5, `the others refused: ${statuses}`);
  for (const r of results.filter((x) => x.status === 422)) assert.ok(textOf(r.text).includes('La séance est complète'));
  assert.equal(value(`SELECT COUNT(*) FROM life_programme_registrations WHERE session_id = ${session}`), '3');
  assert.equal(value(`SELECT taken FROM life_programme_sessions WHERE id = ${session}`), '3');
});

test('dashboards: referents see their upcoming sessions, managers the sessions without attendance; the demo loads once', async () => {
  const referentBoard = textOf((await people.referent.get('/tableau-de-bord')).text);
  assert.match(referentBoard, /Séance à venir : Découverte en famille : spectacle et rencontre/, 'NUM&ART 2024 for the referent');
  const programme = await createProgramme(people.manager);
  const edition = await createEdition(people.manager, programme);
  const title = `Atelier passé ${hex()}`;
  await createSession(people.manager, edition, { session_title: title, starts: parisInput(-3 * 3600), ends: parisInput(-3600) });
  const managerBoard = textOf((await people.manager.get('/tableau-de-bord')).text);
  assert.ok(managerBoard.includes(`Présences à saisir : ${title}`), 'the manager is asked for the attendance');
  assert.ok(!textOf((await people.volunteer.get('/tableau-de-bord')).text).includes('Présences à saisir'), 'not the volunteer');

  const counts = () => value(`SELECT (SELECT COUNT(*) FROM life_programmes) || ',' || (SELECT COUNT(*) FROM life_programme_participants)`);
  const before = counts();
  const again = runTrame(['demo', '--database', server.database]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(counts(), before, 'a second demo load adds nothing');
});

test('the participants of an edition are listed 20 per page', async () => {
  const programme = await createProgramme(people.manager);
  const edition = await createEdition(people.manager, programme);
  const codes = [];
  for (let i = 0; i < 21; i++) {
    const b = await createBeneficiary(people.referent);
    await addParticipant(people.referent, edition, b.id);
    codes.push(b.code);
  }
  const url = `/programmes/editions/${edition}/participants`;
  const first = await people.manager.get(url);
  const second = await people.manager.get(`${url}?page=2`);
  const count = (text) => codes.filter((c) => text.includes(`>${c}<`)).length;
  assert.equal(count(first.text), 20);
  assert.ok(first.text.includes('rel="next"'));
  assert.equal(count(second.text), 1);
});
