// Methods library (/cooperation/methodes): the starter entries every installation has (migration
// 0037) are public and found with or without accents, by time available, group size and tag; a
// network-only method answers 404 to anonymous visitors; trainers, training staff and facilitators of
// a cooperation project write methods, authors edit their own and training staff any (the last
// editor is kept); bad input gets a French message and changes nothing; members of a project record
// where a method was used, trainers in a half-day of their session, and each reader sees of a use
// only what they may see of its place (a members-only project is « Un projet du réseau »).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { addUser, PASSWORD } from '../bookings_fixtures.mjs';
import { dbRows, dbValue, decode, parisDate, q, textOf, userId } from '../questionnaire_fixtures.mjs';
import { assertRefused, createProject, signIn, submit, unique } from './fixtures.mjs';

const STARTERS = ['Arpentage', 'Cercle de connaissances', 'Débat mouvant', 'Photo-langage', 'Porteur de parole', 'World café'];
const NETWORK_DEMO = 'Carte sensible du territoire';

let server;
let anonymous, trainer, staff, coordinator, partner, trainee, volunteer;
let volunteerEmail;
let communeCode;

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);
const methodId = (title) => Number(value(`SELECT id FROM cooperation_methods WHERE title = ${q(title)} ORDER BY id LIMIT 1`));
const count = (table, where = '1 = 1') => Number(value(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

// The titles a search lists (every page).
async function found(client, query) {
  const titles = [];
  for (let page = 1; page < 20; page++) {
    const res = await client.get(`/cooperation/methodes?${query}${query ? '&' : ''}page=${page}`);
    assert.equal(res.status, 200, `search ${query}`);
    for (const m of res.text.matchAll(/<h2><a href="\/cooperation\/methodes\/\d+">([^<]+)<\/a><\/h2>/g)) titles.push(decode(m[1]));
    if (!res.text.includes('rel="next"')) break;
  }
  return titles.sort();
}

// Everything a method is made of (what a refusal must leave as it was).
function state(id) {
  return JSON.stringify([rows(`SELECT * FROM cooperation_methods WHERE id = ${id}`),
    rows(`SELECT * FROM cooperation_method_steps WHERE method_id = ${id} ORDER BY position`),
    rows(`SELECT * FROM cooperation_method_uses WHERE method_id = ${id} ORDER BY id`)]);
}

function libraryState() {
  return JSON.stringify([rows('SELECT * FROM cooperation_methods ORDER BY id'),
    rows('SELECT * FROM cooperation_method_steps ORDER BY method_id, position'),
    rows('SELECT * FROM cooperation_method_uses ORDER BY id')]);
}

const METHOD = {
  title: 'Théâtre-forum des générations',
  purpose: 'Jouer une scène de la vie du territoire où quelque chose coince, puis la rejouer avec les idées du public.',
  duration_min: '90', duration_max: '180', group_min: '12', group_max: '60',
  materials: 'Un espace scénique\nQuelques accessoires',
  steps: 'Préparer une courte scène avec des habitants\nLa jouer une première fois en entier\nLa rejouer : le public arrête la scène et remplace un personnage\nDébattre de ce qui a changé',
  variants: 'Avec des collégiens et des résidents d\'EHPAD ensemble.',
  tags: 'théâtre, intergénérationnel, Débat',
  visibility: 'network',
};

before(async () => {
  server = await startTrame();
  anonymous = new Client(server.url);
  await anonymous.get('/connexion');
  trainer = await signIn(server, DEMO.trainer);
  staff = await signIn(server, DEMO.training_staff);
  coordinator = await signIn(server, DEMO.coordinator);
  partner = await signIn(server, DEMO.partner_staff);
  trainee = await signIn(server, DEMO.trainee);
  volunteerEmail = `${unique('benevole')}@trame.local`;
  const org = Number(value(`SELECT id FROM organisations WHERE name = ${q('Cultures du Cœur 94')}`));
  addUser(server, volunteerEmail, 'volunteer', org);
  volunteer = await signIn(server, volunteerEmail, PASSWORD);
  communeCode = value('SELECT MIN(code) FROM communes');
});
after(async () => { await server?.stop(); });

test('the starter library is public and found with or without accents, by time, group size and tag', async () => {
  assert.deepEqual(await found(anonymous, ''), STARTERS, 'anonymous visitors see the six starter methods, not the network-only one');
  assert.deepEqual(await found(anonymous, 'q=cafe'), ['World café']);
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('CAFÉ')}`), ['World café']);
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('DEBAT mouvant')}`), ['Débat mouvant']);
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('photo langage')}`), ['Photo-langage']);
  // Words are searched in the tags too (« éducation populaire »), in any order.
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('populaire éducation')}`), ['Arpentage', 'Cercle de connaissances', 'Débat mouvant']);
  // LIKE's wildcards are no words: « % » or « _ » alone search nothing (every method is listed).
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('%')}`), STARTERS);
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('_')}`), STARTERS);
  // 45 minutes available: the methods whose shortest form fits.
  assert.deepEqual(await found(anonymous, 'duree=45'), ['Débat mouvant', 'Photo-langage']);
  // A group of 50 people, of 4 people.
  assert.deepEqual(await found(anonymous, 'taille=50'), ['World café']);
  assert.deepEqual(await found(anonymous, 'taille=4'), ['Arpentage', 'Porteur de parole']);
  assert.deepEqual(await found(anonymous, `etiquette=${encodeURIComponent('Diagnostic')}`), ['Porteur de parole', 'World café']);
  assert.deepEqual(await found(anonymous, 'q=parole&duree=120&taille=8'), ['Photo-langage', 'Porteur de parole']);
  const none = await anonymous.get('/cooperation/methodes?q=zzzz');
  assert.ok(textOf(none.text).includes('Aucune méthode ne correspond à cette recherche'));

  const page = await anonymous.get(`/cooperation/methodes/${methodId('World café')}`);
  assert.equal(page.status, 200);
  const steps = page.text.match(/<ol class="method-steps">([\s\S]*?)<\/ol>/);
  assert.ok(steps, 'the steps, in order');
  const items = [...steps[1].matchAll(/<li>([^<]+)<\/li>/g)].map((m) => decode(m[1]));
  assert.equal(items.length, 8);
  assert.ok(items[0].startsWith('Préparer deux ou trois questions ouvertes'));
  const t = textOf(page.text);
  for (const expected of ['De 1 h 30 à 3 h'.toLowerCase(), 'de 12 à 100 personnes', 'Des feutres de couleur sur chaque table',
    'Fiche de départ de la bibliothèque', 'Avec moins de douze personnes']) {
    assert.ok(t.toLowerCase().includes(expected.toLowerCase()), `the page shows ${expected}`);
  }
  assert.ok(!page.text.includes('/modifier'), 'no edit link for the public');
  assert.ok(!page.text.includes('Noter une utilisation'), 'no use form for the public');
});

test('a network-only method is 404 for anonymous visitors and readable by the network', async () => {
  const id = methodId(NETWORK_DEMO);
  assert.ok(id, 'the demo has a network-only method');
  assert.equal(value(`SELECT visibility FROM cooperation_methods WHERE id = ${id}`), 'network');
  assert.equal((await anonymous.get(`/cooperation/methodes/${id}`)).status, 404);
  assert.equal((await anonymous.get(`/cooperation/methodes/${id + 100000}`)).status, 404, 'like a missing id');
  assert.deepEqual(await found(anonymous, `q=${encodeURIComponent('carte sensible')}`), []);
  const page = await trainee.get(`/cooperation/methodes/${id}`);
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Réservée au réseau'));
  assert.deepEqual(await found(trainee, `q=${encodeURIComponent('CARTE sensible')}`), [NETWORK_DEMO]);
  assert.deepEqual(await found(trainee, 'etiquette=diagnostic'), [NETWORK_DEMO, 'Porteur de parole', 'World café'].sort());
});

test('trainers, training staff and project facilitators write methods; bad input changes nothing', async () => {
  // Billetterie of the theatre: neither trainer nor facilitator of a project.
  assert.equal((await partner.get('/cooperation/methodes/nouvelle')).status, 403);
  const before = libraryState();
  await partner.get('/compte');
  let res = await partner.post('/cooperation/methodes/nouvelle', { ...METHOD, _submission: unique('s') });
  assert.equal(res.status, 403);
  assert.ok(textOf(res.text).includes('Les méthodes sont écrites par les formateurs'));
  assert.equal(libraryState(), before, 'nothing written');

  const refusals = [
    [{ title: '  ' }, 'Donnez un titre à la méthode'],
    [{ duration_min: '120', duration_max: '60' }, 'La durée minimale dépasse la durée maximale'],
    [{ group_min: '30', group_max: '12' }, 'Le nombre minimal de personnes dépasse le nombre maximal'],
    [{ steps: ' \n \n' }, 'Écrivez au moins une étape'],
    [{ duration_max: 'deux heures' }, 'Indiquez la durée en minutes'],
  ];
  for (const [change, message] of refusals) {
    res = await submit(trainer, '/cooperation/methodes/nouvelle', '/cooperation/methodes/nouvelle', { ...METHOD, ...change });
    assertRefused(res, 422, message, JSON.stringify(change));
    assert.ok(res.text.includes('Jouer une scène de la vie du territoire'), 'the refused form shows what was typed');
    assert.ok(res.text.includes('aria-invalid="true"'), 'the field is marked');
  }
  assert.equal(libraryState(), before, 'nothing written by the refusals');

  res = await submit(trainer, '/cooperation/methodes/nouvelle', '/cooperation/methodes/nouvelle', METHOD);
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  const id = Number(res.location.match(/^\/cooperation\/methodes\/(\d+)$/)[1]);
  const trainerId = userId(server.database, DEMO.trainer);
  assert.deepEqual(rows(`SELECT title, visibility, created_by, updated_by, tags, duration_min, group_max FROM cooperation_methods WHERE id = ${id}`),
    [[METHOD.title, 'network', String(trainerId), String(trainerId), 'théâtre, intergénérationnel, Débat', '90', '60']]);
  assert.deepEqual(rows(`SELECT position, body FROM cooperation_method_steps WHERE method_id = ${id} ORDER BY position`).map((r) => r[1]),
    METHOD.steps.split('\n'));
  assert.equal((await anonymous.get(`/cooperation/methodes/${id}`)).status, 404, 'network-only');
  assert.deepEqual(await found(trainee, `q=${encodeURIComponent('theatre forum GENERATIONS')}`), [METHOD.title]);

  // A volunteer may not, until they facilitate a cooperation project.
  assert.equal((await volunteer.get('/cooperation/methodes/nouvelle')).status, 403);
  await createProject(volunteer, unique('Projet du bénévole'), { send: submit, communes: communeCode, visibility: 'members', organisation: '' });
  assert.equal((await volunteer.get('/cooperation/methodes/nouvelle')).status, 200);
  res = await submit(volunteer, '/cooperation/methodes/nouvelle', '/cooperation/methodes/nouvelle',
    { ...METHOD, title: 'Goûter-débat', visibility: 'public' });
  assert.equal(res.status, 303);
});

test('authors edit their own methods, training staff any; the last editor is kept', async () => {
  const id = methodId(METHOD.title);
  const edit = `/cooperation/methodes/${id}/modifier`;
  // The coordinator writes methods (trainings.manage) but edits only theirs.
  assert.equal((await coordinator.get(edit)).status, 403);
  assert.equal((await volunteer.get(edit)).status, 403);
  assert.equal((await anonymous.get(edit)).status, 303, 'anonymous visitors are sent to sign in');
  let before = state(id);
  await coordinator.get('/compte');
  let res = await coordinator.post(edit, { ...METHOD, title: 'Repris', _submission: unique('s') });
  assert.equal(res.status, 403);
  assert.equal(state(id), before, 'unchanged');
  // Nobody's method, the starter ones: training staff only.
  const starterEdit = `/cooperation/methodes/${methodId('Arpentage')}/modifier`;
  assert.equal((await trainer.get(starterEdit)).status, 403);
  assert.equal((await staff.get(starterEdit)).status, 200);

  res = await submit(trainer, edit, edit, { ...METHOD, group_min: '61' });
  assertRefused(res, 422, 'Le nombre minimal de personnes dépasse le nombre maximal', 'edit with group min > max');
  assert.equal(state(id), before, 'a refused edit changes nothing');

  res = await submit(trainer, edit, edit, { ...METHOD, duration_min: '60' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT duration_min FROM cooperation_methods WHERE id = ${id}`), '60');

  res = await submit(staff, edit, edit, { ...METHOD, duration_min: '60', purpose: `${METHOD.purpose} Relu par l'équipe formation.` });
  assert.equal(res.status, 303);
  const staffId = userId(server.database, DEMO.training_staff);
  assert.deepEqual(rows(`SELECT created_by, updated_by FROM cooperation_methods WHERE id = ${id}`),
    [[String(userId(server.database, DEMO.trainer)), String(staffId)]]);
  const page = textOf((await trainer.get(`/cooperation/methodes/${id}`)).text);
  assert.ok(/Écrite par .+, modifiée en dernier par .+ le \d\d\/\d\d\/\d{4}/.test(page), page.slice(0, 600));
});

test('members record where a method was used; each reader sees what they may of the place', async () => {
  const world = methodId('World café');
  const page = `/cooperation/methodes/${world}`;
  // The volunteer's members-only project (made above), and a public one.
  const secretId = Number(value(`SELECT id FROM cooperation_projects WHERE created_by = ${userId(server.database, volunteerEmail)} ORDER BY id LIMIT 1`));
  const secretTitle = value(`SELECT title FROM cooperation_projects WHERE id = ${secretId}`);
  assert.ok(secretId && secretTitle);
  const open = unique('Projet public');
  const openId = (await createProject(volunteer, open, { send: submit, communes: communeCode, visibility: 'public', organisation: '' })).id;

  const yesterday = parisDate(-1);
  const uses = () => count('cooperation_method_uses', `method_id = ${world}`);
  const before = uses();
  let res = await submit(volunteer, page, `${page}/utilisations`,
    { place: 'project', project: secretId, used_on: yesterday, note: 'Trois tables, très bon retour des anciens.' });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  assert.equal(uses(), before + 1);
  assert.deepEqual(rows(`SELECT project_id, halfday_id, used_on, recorded_by FROM cooperation_method_uses WHERE method_id = ${world} ORDER BY id DESC LIMIT 1`),
    [[String(secretId), '', yesterday, String(userId(server.database, volunteerEmail))]]);

  // Refusals: the same again (409), a day to come, no date, a project one is not a member of, no place.
  const snapshot = libraryState();
  res = await submit(volunteer, page, `${page}/utilisations`, { place: 'project', project: secretId, used_on: yesterday, note: '' });
  assertRefused(res, 409, 'Cette utilisation est déjà notée', 'twice');
  res = await submit(volunteer, page, `${page}/utilisations`, { place: 'project', project: secretId, used_on: parisDate(3), note: '' });
  assertRefused(res, 422, 'La date de l\'utilisation est à venir', 'future');
  res = await submit(volunteer, page, `${page}/utilisations`, { place: 'project', project: secretId, used_on: '2026-02-30', note: '' });
  assertRefused(res, 422, 'Indiquez la date de l\'utilisation', 'no such day');
  res = await submit(trainer, page, `${page}/utilisations`, { place: 'project', project: secretId, used_on: yesterday, note: '' });
  assertRefused(res, 422, 'Choisissez un projet dont vous êtes animateur ou membre', 'not a member');
  res = await submit(volunteer, page, `${page}/utilisations`, { place: '', note: '' });
  assertRefused(res, 422, 'Choisissez où la méthode a servi', 'no place');
  assert.equal(libraryState(), snapshot, 'the refusals changed nothing');

  res = await submit(volunteer, page, `${page}/utilisations`,
    { place: 'project', project: openId, used_on: yesterday, note: 'Note de travail du projet public.' });
  assert.equal(res.status, 303);

  // A trainer records a use in a half-day that took place of a session they teach.
  const trainerId = userId(server.database, DEMO.trainer);
  const today = parisDate(0);
  const past = rows(`SELECT h.id, s.title FROM training_halfdays h JOIN training_sessions s ON s.id = h.session_id
    JOIN training_session_trainers t ON t.session_id = s.id JOIN training_programmes p ON p.id = s.programme_id
    WHERE t.user_id = ${trainerId} AND h.day <= '${today}' AND p.status = 'published' AND s.status <> 'cancelled'
    AND NOT EXISTS (SELECT 1 FROM cooperation_method_uses x WHERE x.halfday_id = h.id AND x.method_id = ${world})
    ORDER BY h.day DESC LIMIT 1`)[0];
  assert.ok(past, 'the demo trainer has a past half-day of a published programme');
  const [halfday, sessionTitle] = past;
  const future = value(`SELECT h.id FROM training_halfdays h JOIN training_session_trainers t ON t.session_id = h.session_id
    WHERE t.user_id = ${trainerId} AND h.day > '${today}' ORDER BY h.day LIMIT 1`);
  const notTheirs = value(`SELECT h.id FROM training_halfdays h WHERE NOT EXISTS (SELECT 1 FROM training_session_trainers t
    WHERE t.session_id = h.session_id AND t.user_id = ${trainerId}) ORDER BY h.id LIMIT 1`);
  const snap = libraryState();
  if (future) {
    res = await submit(trainer, page, `${page}/utilisations`, { place: 'halfday', halfday: future, note: '' });
    assertRefused(res, 422, 'Cette demi-journée n\'a pas encore eu lieu', 'a half-day to come');
  }
  if (notTheirs) {
    res = await submit(trainer, page, `${page}/utilisations`, { place: 'halfday', halfday: notTheirs, note: '' });
    assertRefused(res, 422, 'Choisissez une demi-journée d\'une session dont vous êtes formateur', 'not their session');
  }
  assert.equal(libraryState(), snap);
  res = await submit(trainer, page, `${page}/utilisations`, { place: 'halfday', halfday, used_on: '2020-01-01', note: 'En ouverture de séminaire.' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT used_on FROM cooperation_method_uses WHERE halfday_id = ${halfday} AND method_id = ${world}`),
    value(`SELECT day FROM training_halfdays WHERE id = ${halfday}`), 'the half-day\'s own day');

  // What each reader sees.
  const seen = async (client) => textOf((await client.get(page)).text);
  const anon = await seen(anonymous);
  assert.ok(anon.includes('Un projet du réseau'), 'the members-only project is masked');
  assert.ok(!anon.includes(secretTitle), 'its title is not shown');
  assert.ok(!anon.includes('Trois tables, très bon retour'), 'nor its note');
  assert.ok(anon.includes(open), 'a public project\'s title is public');
  assert.ok(!anon.includes('Note de travail du projet public'), 'its note is for the network');
  assert.ok(anon.includes(sessionTitle), 'a published programme\'s session is public');
  assert.ok(!anon.includes('En ouverture de séminaire'), 'the note of a training use is for signed-in readers');

  const other = await seen(trainee);
  assert.ok(other.includes('Un projet du réseau') && !other.includes(secretTitle) && !other.includes('Trois tables, très bon retour'));
  assert.ok(other.includes(open) && other.includes('Note de travail du projet public'));
  assert.ok(other.includes(sessionTitle) && other.includes('En ouverture de séminaire'));

  const member = await seen(volunteer);
  assert.ok(member.includes(secretTitle) && member.includes('Trois tables, très bon retour'), 'the members see their project');

  // Removing a use: whoever recorded it, or training staff; nobody else.
  const secretUse = Number(value(`SELECT id FROM cooperation_method_uses WHERE project_id = ${secretId} AND method_id = ${world}`));
  const halfdayUse = Number(value(`SELECT id FROM cooperation_method_uses WHERE halfday_id = ${halfday} AND method_id = ${world}`));
  const snap2 = libraryState();
  await partner.get('/compte');
  res = await partner.post(`/cooperation/methodes/utilisations/${secretUse}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 403);
  await trainer.get('/compte');
  res = await trainer.post(`/cooperation/methodes/utilisations/${secretUse}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 403);
  res = await trainer.post(`/cooperation/methodes/utilisations/${secretUse + 100000}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 404);
  assert.equal(libraryState(), snap2, 'refused removals change nothing');
  await volunteer.get('/compte');
  res = await volunteer.post(`/cooperation/methodes/utilisations/${secretUse}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(res.location, `${page}#utilisations`);
  await staff.get('/compte');
  res = await staff.post(`/cooperation/methodes/utilisations/${halfdayUse}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal(count('cooperation_method_uses', `id IN (${secretUse}, ${halfdayUse})`), 0);
});

test('the demo: uses of starter methods in the seed\'s project and in a training half-day', async () => {
  const project = Number(value(`SELECT id FROM cooperation_projects WHERE title = ${q("Liens intergénérationnels en Pays d'Ancenis")}`));
  assert.ok(project, 'the seed\'s project');
  const used = rows(`SELECT m.title FROM cooperation_method_uses x JOIN cooperation_methods m ON m.id = x.method_id
    WHERE x.project_id = ${project} ORDER BY m.title`).map((r) => r[0]);
  assert.deepEqual(used, ['Porteur de parole', 'World café']);
  assert.equal(count('cooperation_method_uses', `halfday_id IS NOT NULL AND method_id = ${methodId('Cercle de connaissances')}`), 1);
});
