// Volunteering (/benevolat, docs/network_life/volunteering.md): a coordinator of Cultures du Cœur 94
// engages people (bénévole, service civique with a tutor, stage), creates missions and assigns
// volunteers within the places (concurrent assignments never exceed them); volunteers set their
// availabilities, apply, declare their hours (never in the future, at most 12 h a day, in quarter
// hours, for themselves only) and the coordinator validates or refuses them (never their own). The
// validated hours of a year come as an XLSX, the attestation as a tagged PDF. Every refusal is in
// French and changes nothing (read in the database). The demo holds the seed's two volunteers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import {
  addUser, assertStatus, assign, CDC, createMission, engage, hex, orgId, parisDay, PASSWORD, pdfInfo, pdfText, send,
  signIn, sqlRows, sqlValue, textOf, userId, xlsxPart,
} from './volunteering_fixtures.mjs';

let server;
let coordinator;  // animation@culturesducoeur94.local (network_life.manage in Cultures du Cœur 94)
let cdc;
const COORD = 'animation@culturesducoeur94.local';

before(async () => {
  server = await startTrame();
  cdc = orgId(server, CDC);
  coordinator = await signIn(server, COORD, 'trame-demo-2026');
});
after(async () => { await server?.stop(); });

// A fresh volunteer account of Cultures du Cœur 94, signed in, engaged as bénévole.
async function freshVolunteer(label) {
  const email = `${label}-${hex()}@benevoles.local`;
  addUser(server, email, 'volunteer', cdc);
  await engage(server, coordinator, email, cdc);
  const client = await signIn(server, email, PASSWORD);
  return { email, id: userId(server, email), client };
}

test('the demo: the volunteer\'s permanence at the Vitry relais, validated and pending hours; a service civique with a tutor', async () => {
  const volunteer = await signIn(server, DEMO.volunteer, 'trame-demo-2026');
  const page = await volunteer.get('/benevolat');
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  for (const expected of ['Permanence culturelle au Relais social de Vitry-sur-Seine', 'Relais social de Vitry-sur-Seine (fictif)',
    'Bénévole', 'En attente de validation', 'Validées', 'Aide administrative au siège', 'Rencontre locale']) {
    assert.ok(text.includes(expected), `the volunteer's page says « ${expected} »`);
  }
  const civic = sqlRows(server, "SELECT e.kind, t.email, e.starts_on FROM life_volunteer_engagements e JOIN users u ON u.id = e.user_id JOIN users t ON t.id = e.tutor_id WHERE u.email = 'volontaire@culturesducoeur94.local'");
  assert.deepEqual(civic, [['service_civique', COORD, '2023-10-02']]);
  const dashboard = textOf((await volunteer.get('/tableau-de-bord')).text);
  assert.ok(dashboard.includes('Prochaine mission'), 'the dashboard shows the next mission');
  assert.ok(dashboard.includes('Déclarer mes heures'));
  const coordDashboard = textOf((await coordinator.get('/tableau-de-bord')).text);
  assert.match(coordDashboard, /\d+ déclarations? d'heures à valider/);
  const manage = await coordinator.get('/benevolat/gestion?annee=2024');
  assert.equal(manage.status, 200);
  assert.ok(textOf(manage.text).includes('Volontaire en service civique'));
});

test('engagements: refused with a French message and nothing written', async () => {
  const email = `engage-${hex()}@benevoles.local`;
  addUser(server, email, 'volunteer', cdc);
  const count = () => sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_engagements e JOIN users u ON u.id = e.user_id WHERE u.email = '${email}'`);
  let res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email, kind: 'service_civique', starts_on: '2024-01-08', ends_on: '2024-07-05', tutor_email: '', weekly_hours: '24' });
  assertStatus(res, 422, 'service civique without a tutor', 'Un service civique a un tuteur');
  assert.match(res.text, /id="e-tutor_email"[^>]*aria-invalid="true"/);
  assert.ok(res.text.includes(`value="${email}"`), 'the typed values are kept');
  res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email: `nobody-${hex()}@nowhere.local`, kind: 'benevole', starts_on: '2024-01-08' });
  assertStatus(res, 422, 'unknown account', "Aucun compte actif n'a cette adresse");
  res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email, kind: 'benevole', starts_on: '2024-07-08', ends_on: '2024-01-01' });
  assertStatus(res, 422, 'end before start', 'La date de fin doit venir après');
  // Another organisation's coordinator may not engage for Cultures du Cœur 94.
  const other = await signIn(server, DEMO.coordinator, 'trame-demo-2026');
  res = await send(other, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email, kind: 'benevole', starts_on: '2024-01-08' });
  assertStatus(res, 422, 'organiser not managed', 'Choisissez une structure dont vous coordonnez');
  assert.equal(count(), '0');
  // A volunteer may not reach the coordinator's space.
  const volunteer = await signIn(server, DEMO.volunteer, 'trame-demo-2026');
  assert.equal((await volunteer.get('/benevolat/gestion')).status, 403);
  // The service civique with its tutor (a staff member of the organiser).
  res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email, kind: 'service_civique', starts_on: '2024-01-08', ends_on: '2024-07-05', tutor_email: COORD, weekly_hours: '24' });
  assertStatus(res, 303, 'service civique');
  assert.deepEqual(sqlRows(server, `SELECT e.kind, e.weekly_quarters, e.tutor_id FROM life_volunteer_engagements e JOIN users u ON u.id = e.user_id WHERE u.email = '${email}'`),
    [['service_civique', '96', userId(server, COORD)]]);
  // The tutor sees the volunteer in their space.
  assert.ok(textOf((await coordinator.get('/benevolat')).text).includes(`Test ${email.split('@')[0]}`));
  // A tutor who does not manage (the demo referent, staff of the organiser) reads the attestation; the
  // demo volunteer (neither the person, nor the tutor, nor a manager) gets 404.
  const tutored = `tutored-${hex()}@benevoles.local`;
  addUser(server, tutored, 'volunteer', cdc);
  const engagement = await engage(server, coordinator, tutored, cdc,
    { kind: 'service_civique', starts_on: '2024-09-02', ends_on: '2025-04-30', tutor_email: DEMO.referent, weekly_hours: '24' });
  const referent = await signIn(server, DEMO.referent, 'trame-demo-2026');
  assert.ok(textOf((await referent.get('/benevolat')).text).includes(`Test ${tutored.split('@')[0]}`), 'the tutor sees the volunteer');
  const pdf = await fetch(`${server.url}/benevolat/attestations/${engagement}/attestation.pdf`, { headers: { cookie: referent.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.ok(pdfText(Buffer.from(await pdf.arrayBuffer())).includes('Volontaire en service civique'));
  assert.equal((await volunteer.get(`/benevolat/attestations/${engagement}/attestation.pdf`)).status, 404);
  // A volunteer cannot tutor (not staff of the organiser).
  res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements',
    { organiser: cdc, email: tutored, kind: 'service_civique', starts_on: '2025-09-01', ends_on: '2026-04-30', tutor_email: DEMO.volunteer });
  assertStatus(res, 422, 'a volunteer as tutor', "Le tuteur ou la tutrice doit être une personne de l'équipe");
});

test('assignments: concurrent assignments never exceed the mission\'s places', async () => {
  const title = `Maraude culturelle ${hex()}`;
  const mission = await createMission(server, coordinator, cdc, title, { places: '2' });
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await freshVolunteer(`conc${i}`));
  const page = await coordinator.get(`/benevolat/gestion/missions/${mission}`);
  assert.equal(page.status, 200);
  const results = await Promise.all(people.map((p) => coordinator.request('POST', `/benevolat/gestion/missions/${mission}/affectations`, {
    body: new URLSearchParams({ _csrf: coordinator.csrf, _submission: `s-${hex()}${hex()}`, person: p.id }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 303, 409, 409, 409], `statuses ${statuses}`);
  for (const r of results.filter((x) => x.status === 409)) assert.ok(textOf(r.text).includes('Toutes les places de la mission sont déjà pourvues'));
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_assignments WHERE mission_id = ${mission} AND status = 'assigned'`), '2');
  // A person not engaged with the organiser: refused.
  const stranger = `stranger-${hex()}@benevoles.local`;
  addUser(server, stranger, 'volunteer', cdc);
  const m2 = await createMission(server, coordinator, cdc, `Accueil ${hex()}`, { places: '3' });
  const res = await assign(coordinator, m2, userId(server, stranger));
  assertStatus(res, 422, 'not engaged', "n'est pas engagée auprès de la structure");
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_assignments WHERE mission_id = ${m2}`), '0');
  // Another organisation's coordinator: the mission is not theirs (404).
  const other = await signIn(server, DEMO.coordinator, 'trame-demo-2026');
  assert.equal((await other.get(`/benevolat/gestion/missions/${m2}`)).status, 404);
  assert.equal((await assign(other, m2, people[0].id)).status, 404);
});

test('applications and availabilities', async () => {
  const v = await freshVolunteer('apply');
  const title = `Permanence ${hex()}`;
  const relais = orgId(server, 'Relais social de Vitry-sur-Seine (fictif)');
  let res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/missions',
    { organiser: cdc, title, kind: 'permanence', place: '', starts_on: parisDay(3), ends_on: parisDay(90), places: '2' });
  assertStatus(res, 422, 'a permanence without its relais', 'Une permanence culturelle a lieu dans un relais');
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_missions WHERE title = '${title}'`), '0');
  const mission = await createMission(server, coordinator, cdc, title,
    { kind: 'permanence', place: relais, starts_on: parisDay(3), ends_on: parisDay(90), recurrence: 'le mardi après-midi' });
  const page = await v.client.get('/benevolat');
  assert.ok(textOf(page.text).includes(title), 'the open mission is offered');
  res = await send(v.client, '/benevolat', `/benevolat/missions/${mission}/candidature`, {});
  assertStatus(res, 303, 'applied');
  res = await send(v.client, '/benevolat', `/benevolat/missions/${mission}/candidature`, {});
  assert.equal(res.status, 303, 'a refused button goes back to the page');
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_assignments WHERE mission_id = ${mission} AND user_id = ${v.id}`), '1');
  // A volunteer not engaged with the organiser does not see the mission.
  const loner = `loner-${hex()}@benevoles.local`;
  addUser(server, loner, 'volunteer', cdc);
  const lonerClient = await signIn(server, loner, PASSWORD);
  assert.equal((await send(lonerClient, '/benevolat', `/benevolat/missions/${mission}/candidature`, {})).status, 404);
  // The coordinator assigns the applicant.
  assertStatus(await assign(coordinator, mission, v.id), 303, 'assign applicant');
  assert.equal(sqlValue(server, `SELECT status FROM life_volunteer_assignments WHERE mission_id = ${mission} AND user_id = ${v.id}`), 'assigned');

  res = await send(v.client, '/benevolat', '/benevolat/disponibilites', { slots: ['1am', '3pm'] });
  assertStatus(res, 303, 'availabilities');
  assert.deepEqual(sqlRows(server, `SELECT weekday, half FROM life_volunteer_availabilities WHERE user_id = ${v.id} ORDER BY weekday`), [['1', 'am'], ['3', 'pm']]);
  res = await send(v.client, '/benevolat', '/benevolat/disponibilites', { slots: ['1am', '8pm'] });
  assertStatus(res, 422, 'a slot that does not exist', "Une des demi-journées choisies n'existe pas");
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_availabilities WHERE user_id = ${v.id}`), '2');
  res = await send(v.client, '/benevolat', '/benevolat/indisponibilites', { unavailable_from: parisDay(10), unavailable_to: parisDay(5), unavailable_note: 'Vacances' });
  assertStatus(res, 422, 'period backwards', 'La date de fin doit venir après');
  res = await send(v.client, '/benevolat', '/benevolat/indisponibilites', { unavailable_from: parisDay(5), unavailable_to: parisDay(10), unavailable_note: 'Vacances' });
  assertStatus(res, 303, 'unavailability');
  assert.equal(sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_unavailabilities WHERE user_id = ${v.id}`), '1');
});

test('hours: the rules of a declaration, validation and refusal, totals, XLSX and attestation', async () => {
  const v = await freshVolunteer('hours');
  const title = `Aide au siège ${hex()}`;
  const mission = await createMission(server, coordinator, cdc, title, { kind: 'siege', starts_on: '2024-01-02' });
  const notMine = await createMission(server, coordinator, cdc, `Autre ${hex()}`);
  assertStatus(await assign(coordinator, mission, v.id), 303, 'assigned');
  const count = () => sqlValue(server, `SELECT COUNT(*) FROM life_volunteer_hours WHERE user_id = ${v.id}`);
  const declare = (fields) => send(v.client, '/benevolat', '/benevolat/heures', { mission, day: '2024-03-05', hours: '3', note: '', ...fields });

  let res = await declare({ day: parisDay(2) });
  assertStatus(res, 422, 'a day to come', "Vous ne pouvez pas déclarer d'heures pour un jour à venir");
  assert.match(res.text, /id="h-day"[^>]*aria-invalid="true"/);
  res = await declare({ hours: '12,25' });
  assertStatus(res, 422, 'over 12 h', 'Au plus 12 heures');
  res = await declare({ hours: '1,1' });
  assertStatus(res, 422, 'not in quarter hours', 'par quarts d\'heure');
  res = await declare({ mission: notMine });
  assertStatus(res, 422, 'a mission not assigned', 'Cette mission ne vous est pas confiée');
  res = await declare({ day: '2023-12-31' });
  assertStatus(res, 422, 'before the mission', 'Ce jour précède le début de la mission');
  const ended = await createMission(server, coordinator, cdc, `Terminée ${hex()}`, { starts_on: '2024-01-02', ends_on: '2024-01-31' });
  assertStatus(await assign(coordinator, ended, v.id), 303, 'assigned to the ended mission');
  res = await declare({ mission: ended, day: '2024-02-05' });
  assertStatus(res, 422, 'after the mission', 'Ce jour suit la fin de la mission');
  const other = await freshVolunteer('other');
  res = await declare({ user: other.id });
  assertStatus(res, 403, 'for someone else', 'Vous ne pouvez déclarer des heures que pour vous-même');
  assert.equal(count(), '0');

  res = await declare({ hours: '8' });
  assertStatus(res, 303, '8 h');
  res = await declare({ hours: '4,25' });
  assertStatus(res, 422, '8 h + 4,25 h the same day', 'Au plus 12 heures');
  res = await declare({ hours: '4' });
  assertStatus(res, 303, '8 h + 4 h');
  res = await declare({ day: '2024-03-12', hours: '1:45', note: 'Mise en ligne des invitations' });
  assertStatus(res, 303, '1:45');
  assert.equal(count(), '3');
  const [a, b, c] = sqlRows(server, `SELECT id, quarters, status FROM life_volunteer_hours WHERE user_id = ${v.id} ORDER BY id`);
  assert.deepEqual([a[1], b[1], c[1]], ['32', '16', '7']);

  // Validation by the coordinator; the volunteer may not (403 at the route), nor the coordinator their own.
  assert.equal((await send(v.client, '/benevolat', `/benevolat/gestion/heures/${a[0]}/validation`, {})).status, 403);
  assertStatus(await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${a[0]}/validation`, {}), 303, 'validated');
  assertStatus(await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${a[0]}/validation`, {}), 303, 'twice: back with a message');
  assert.equal(sqlValue(server, `SELECT status FROM life_volunteer_hours WHERE id = ${a[0]}`), 'validated');
  res = await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${b[0]}/refus`, { hours_id: b[0], reason: '' });
  assertStatus(res, 422, 'a refusal without reason', 'Indiquez le motif du refus');
  assert.equal(sqlValue(server, `SELECT status FROM life_volunteer_hours WHERE id = ${b[0]}`), 'pending');
  res = await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${b[0]}/refus`, { hours_id: b[0], reason: 'Journée déjà comptée' });
  assertStatus(res, 303, 'refused');
  assertStatus(await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${c[0]}/validation`, {}), 303, 'validated');
  assert.ok(textOf((await v.client.get('/benevolat')).text).includes('Journée déjà comptée'), 'the volunteer reads the reason');

  // The coordinator engaged as a volunteer declares hours: another coordinator validates them, not they.
  await engage(server, coordinator, COORD, cdc, { starts_on: '2024-01-01' }).catch(() => {});
  assertStatus(await assign(coordinator, mission, userId(server, COORD)), 303, 'coordinator assigned');
  res = await send(coordinator, '/benevolat', '/benevolat/heures', { mission, day: '2024-03-05', hours: '2' });
  assertStatus(res, 303, 'coordinator declares');
  const own = sqlValue(server, `SELECT MAX(id) FROM life_volunteer_hours WHERE user_id = ${userId(server, COORD)}`);
  res = await send(coordinator, '/benevolat/gestion', `/benevolat/gestion/heures/${own}/validation`, {});
  assertStatus(res, 403, 'own hours', 'Vous ne pouvez pas valider ni refuser vos propres heures');
  assert.equal(sqlValue(server, `SELECT status FROM life_volunteer_hours WHERE id = ${own}`), 'pending');

  // Totals per person and month; the XLSX of 2024's validated hours.
  const manage = textOf((await coordinator.get('/benevolat/gestion?annee=2024')).text);
  assert.ok(manage.includes(`Test ${v.email.split('@')[0]} 03/2024 9 h 45`), 'total of March 2024: 8 h + 1 h 45');
  const xlsx = await fetch(`${server.url}/benevolat/gestion/heures.xlsx?annee=2024`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  const sheet = xlsxPart(bytes, 'xl/worksheets/sheet1.xml');
  const strings = (() => { try { return xlsxPart(bytes, 'xl/sharedStrings.xml'); } catch { return ''; } })();
  const all = sheet + strings;
  assert.ok(all.includes(title), 'the mission is in the sheet');
  assert.ok(all.includes('Heures'), 'the header row');
  assert.ok(/<v>8<\/v>/.test(sheet) && /<v>1\.75<\/v>/.test(sheet), 'hours as numbers (8 and 1.75)');
  assert.ok(!all.includes('Journée déjà comptée'), 'refused hours are not exported');
  assert.equal((await v.client.get('/benevolat/gestion/heures.xlsx?annee=2024')).status, 403);

  // The attestation: the volunteer's own, the coordinator's; 404 for another volunteer.
  const engagement = sqlValue(server, `SELECT id FROM life_volunteer_engagements WHERE user_id = ${v.id}`);
  const url = `/benevolat/attestations/${engagement}/attestation.pdf`;
  assert.equal((await other.client.get(url)).status, 404);
  for (const who of [v.client, coordinator]) {
    const res2 = await fetch(server.url + url, { headers: { cookie: who.cookieHeader() } });
    assert.equal(res2.status, 200);
    assert.equal(res2.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await res2.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdfInfo(pdf), /^Tagged: +yes$/m);
    const text = pdfText(pdf);
    for (const expected of ['Attestation de mission', CDC, `Test ${v.email.split('@')[0]}`, 'Bénévole', title, '9 h 45']) {
      assert.ok(text.includes(expected), `the attestation says « ${expected} »: ${text.slice(0, 800)}`);
    }
  }
});

test('hours: declarations sent at once never pass 12 h for the day', async () => {
  const v = await freshVolunteer('daily');
  const mission = await createMission(server, coordinator, cdc, `Forum ${hex()}`, { starts_on: '2024-01-02' });
  assertStatus(await assign(coordinator, mission, v.id), 303, 'assigned');
  const page = await v.client.get('/benevolat');
  assert.equal(page.status, 200);
  const results = await Promise.all([0, 1, 2, 3, 4].map(() => v.client.request('POST', '/benevolat/heures', {
    body: new URLSearchParams({ _csrf: v.client.csrf, _submission: `s-${hex()}${hex()}`, mission: String(mission), day: '2024-04-09', hours: '4' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, 303, 303, 422, 422], `statuses ${statuses}`);
  for (const r of results.filter((x) => x.status === 422)) assert.ok(textOf(r.text).includes('Au plus 12 heures'));
  assert.equal(sqlValue(server, `SELECT SUM(quarters) FROM life_volunteer_hours WHERE user_id = ${v.id} AND day = '2024-04-09'`), '48');
});
