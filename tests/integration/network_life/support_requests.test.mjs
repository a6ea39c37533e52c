// Support requests, « accompagnement individualisé » (/evenements/accompagnements,
// docs/network_life/support_requests.md): a member of a relais (the Vitry relais here) asks the network
// head (Cultures du Cœur 94, preselected) for individual support — a request without subject, context or
// period is refused (422, its French message linked to the field, the values kept, nothing created); the
// coordinators of Cultures du Cœur 94 get an e-mail and see it (list, dashboard); the structure may not
// act on it (403), another organisation's coordinator does not see it (404); the coordinator sets an
// appointment (bad date or neither place nor online: 422), writes internal notes the structure never
// sees, adds follow-up entries it sees, and closes it with an outcome from the fixed list and a summary
// (unknown outcome: 422; closing twice: 409, nothing changed). Lists paginate. The demo holds the Vitry
// relais's request closed in 2023 and an open one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { addUser, assertRefused, flash, hex, post, signIn, textOf, PASSWORD } from './support_requests_fixtures.mjs';

let server;
const people = {};
const BASE = '/evenements/accompagnements';
const row = (id) => dbRows(server.database, `SELECT status, appointment_at, appointment_place, appointment_online, notes, outcome, summary, closed_at FROM life_support_requests WHERE id = ${id}`)[0];
const followups = (id) => Number(dbValue(server.database, `SELECT COUNT(*) FROM life_support_followups WHERE request_id = ${id}`));
const bySubject = (subject) => dbRows(server.database, `SELECT id, organiser_id, relais_id, status FROM life_support_requests WHERE subject = ${q(subject)}`);
const orgId = (name) => Number(dbValue(server.database, `SELECT id FROM organisations WHERE name = ${q(name)}`));

before(async () => {
  server = await startTrame();
  const vitry = orgId('Relais social de Vitry-sur-Seine (fictif)');
  const email = `equipe.vitry.${hex()}@example.org`;
  addUser(server, email, 'referent', vitry);
  people.structure = await signIn(server, email, PASSWORD);
  people.structureEmail = email;
  people.head = await signIn(server, 'animation@culturesducoeur94.local', 'trame-demo-2026');
  people.otherCoordinator = await signIn(server, DEMO.coordinator, 'trame-demo-2026');
  people.referent = await signIn(server, DEMO.referent, 'trame-demo-2026');
});
after(() => server?.stop());

test('the demo holds the Vitry relais request closed in 2023 and an open one', () => {
  const rows = dbRows(server.database, "SELECT r.status, r.outcome, r.closed_at, r.created_at FROM life_support_requests r JOIN organisations o ON o.id = r.relais_id WHERE o.name = 'Relais social de Vitry-sur-Seine (fictif)' ORDER BY r.created_at");
  assert.ok(rows.length >= 2);
  const [closed, open] = rows;
  assert.equal(closed[0], 'closed');
  assert.equal(closed[1], 'set_up');
  assert.equal(new Date(Number(closed[2]) * 1000).getUTCFullYear(), 2023);
  assert.notEqual(open[0], 'closed');
});

let requestId;
const subject = `Monter le dispositif au centre social ${hex()}`;

test('a member of the relais asks; bad input is refused with its message, nothing created', async () => {
  const page = await people.structure.get(BASE);
  assert.equal(page.status, 200);
  assert.match(page.text, /Demander un accompagnement/);
  assert.match(page.text, /<option value="\d+" selected>Cultures du Cœur 94<\/option>/);
  const head = String(orgId('Cultures du Cœur 94'));
  const fields = { organiser: head, subject, context: 'Nous voulons inscrire la culture dans notre accompagnement.', audience: 'Familles', wished_period: '' };
  let res = await post(people.structure, BASE, BASE, fields);
  assertRefused(res, 422, 'Indiquez la période souhaitée', 'no period');
  assert.match(res.text, /id="f-wished_period"[^>]*aria-invalid="true"/);
  assert.ok(res.text.includes(subject), 'the typed subject is kept');
  res = await post(people.structure, BASE, BASE, { ...fields, subject: '', wished_period: 'Avant l\'été' });
  assertRefused(res, 422, 'Indiquez l\'objet de votre demande', 'no subject');
  res = await post(people.structure, BASE, BASE, { ...fields, organiser: '999999', wished_period: 'Avant l\'été' });
  assertRefused(res, 422, 'Choisissez à qui adresser la demande', 'unknown organiser');
  assert.equal(bySubject(subject).length, 0, 'nothing created');

  res = await post(people.structure, BASE, BASE, { ...fields, wished_period: 'Avant l\'été' });
  assert.equal(res.status, 303, flash(res.text));
  requestId = Number(res.location.match(/\/accompagnements\/(\d+)$/)[1]);
  const [r] = bySubject(subject);
  assert.equal(Number(r[0]), requestId);
  assert.equal(Number(r[1]), Number(head));
  assert.equal(r[3], 'requested');
  const mailed = dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'animation@culturesducoeur94.local' AND body LIKE ${q(`%${subject}%`)}`);
  assert.equal(Number(mailed), 1, 'the head coordinator is told');
  const mine = await people.structure.get(`${BASE}/${requestId}`);
  assert.equal(mine.status, 200);
  assert.match(textOf(mine.text), /Demandée/);
});

test('who sees and who acts: the structure 403, another organisation 404, nothing changed', async () => {
  const before = JSON.stringify(row(requestId));
  const url = `${BASE}/${requestId}`;
  for (const [who, status] of [['structure', 403], ['otherCoordinator', 404], ['referent', 404]]) {
    const c = people[who];
    const res = await post(c, url, `${url}/rendez-vous`, { when: '2030-03-01T10:00', place: 'Vitry', online: '1' }, { fallback: () => BASE });
    assert.equal(res.status, status, `${who} sets an appointment`);
    const closed = await post(c, url, `${url}/cloture`, { outcome: 'set_up', summary: 'x' }, { fallback: () => BASE });
    assert.equal(closed.status, status, `${who} closes`);
    const noted = await post(c, url, `${url}/notes`, { notes: 'x' }, { fallback: () => BASE });
    assert.equal(noted.status, status, `${who} writes notes`);
    const followed = await post(c, url, `${url}/suivi`, { body: 'x' }, { fallback: () => BASE });
    assert.equal(followed.status, status, `${who} follows up`);
  }
  assert.equal((await people.otherCoordinator.get(url)).status, 404);
  assert.equal((await people.referent.get(url)).status, 404);
  assert.ok(!(await people.otherCoordinator.get(BASE)).text.includes(subject));
  assert.equal(JSON.stringify(row(requestId)), before);
  assert.equal(followups(requestId), 0);
  const dash = await people.head.get('/tableau-de-bord');
  assert.equal(dash.status, 200);
  assert.match(textOf(dash.text), /Demandes d'accompagnement ouvertes/);
  assert.ok(dash.text.includes(subject) || /rel="next"|Toutes les demandes/.test(dash.text));
});

test('appointment, internal notes, follow-up and closing by the coordinator', async () => {
  const url = `${BASE}/${requestId}`;
  let res = await post(people.head, url, `${url}/rendez-vous`, { when: 'demain', place: 'Vitry' });
  assertRefused(res, 422, 'Indiquez la date et l\'heure du rendez-vous', 'bad time');
  res = await post(people.head, url, `${url}/rendez-vous`, { when: '2030-03-01T10:00', place: '' });
  assertRefused(res, 422, 'Indiquez le lieu du rendez-vous', 'no place');
  assert.match(res.text, /id="f-appointment-place"[^>]*aria-invalid="true"/);
  assert.equal(row(requestId)[0], 'requested');
  res = await post(people.head, url, `${url}/rendez-vous`, { when: '2030-03-01T10:00', place: '', online: '1' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(row(requestId)[0], 'scheduled');
  assert.equal(row(requestId)[3], '1');
  const told = dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE recipient = ${q(people.structureEmail)} AND body LIKE '%01/03/2030 10:00%'`);
  assert.equal(Number(told), 1, 'the structure is told of the appointment');

  const secret = `Note interne ${hex()}`;
  res = await post(people.head, url, `${url}/notes`, { notes: secret });
  assert.equal(res.status, 303);
  assert.equal(row(requestId)[4], secret);
  res = await post(people.head, url, `${url}/notes`, { notes: 'x'.repeat(20001) });
  assertRefused(res, 422, 'Les notes ne peuvent pas dépasser 20 000 caractères.', 'notes too long');
  assert.equal(row(requestId)[4], secret, 'the notes are unchanged');
  const step = `Visite de la structure ${hex()}`;
  res = await post(people.head, url, `${url}/suivi`, { body: '' });
  assertRefused(res, 422, 'Écrivez l\'étape de suivi', 'empty follow-up');
  res = await post(people.head, url, `${url}/suivi`, { body: step });
  assert.equal(res.status, 303);
  assert.equal(followups(requestId), 1);

  const seen = await people.structure.get(url);
  assert.ok(seen.text.includes(step), 'the structure sees the follow-up');
  assert.ok(!seen.text.includes(secret), 'never the internal notes');
  assert.ok(!seen.text.includes('Notes internes'));
  assert.ok((await people.head.get(url)).text.includes(secret));

  res = await post(people.head, url, `${url}/cloture`, { outcome: 'set_up', summary: '  ' });
  assertRefused(res, 422, 'Écrivez le bilan que la structure lira.', 'no summary');
  assert.equal(row(requestId)[0], 'scheduled');
  res = await post(people.head, url, `${url}/cloture`, { outcome: 'magnifique', summary: 'Bilan' });
  assertRefused(res, 422, 'Choisissez le résultat', 'unknown outcome');
  assert.equal(row(requestId)[0], 'scheduled');
  const summary = `Deux référentes formées ${hex()}`;
  res = await post(people.head, url, `${url}/cloture`, { outcome: 'set_up', summary });
  assert.equal(res.status, 303);
  const closedRow = row(requestId);
  assert.equal(closedRow[0], 'closed');
  assert.equal(closedRow[5], 'set_up');
  res = await post(people.head, url, `${url}/cloture`, { outcome: 'improved', summary: 'Autre' });
  assertRefused(res, 409, 'déjà clos', 'closed twice');
  res = await post(people.head, url, `${url}/suivi`, { body: 'Encore' });
  assertRefused(res, 409, 'déjà clos', 'follow-up after closing');
  assert.deepEqual(row(requestId), closedRow);
  assert.equal(followups(requestId), 1);

  const final = textOf((await people.structure.get(url)).text);
  assert.match(final, /Dispositif mis en place/);
  assert.ok(final.includes(summary));
});

test('the list paginates', async () => {
  const head = String(orgId('Cultures du Cœur 94'));
  const tag = hex();
  for (let i = 0; i < 21; i++) {
    const res = await post(people.structure, BASE, BASE, { organiser: head, subject: `Demande ${tag} ${i}`, context: 'Contexte', audience: '', wished_period: 'Printemps' });
    assert.equal(res.status, 303, flash(res.text));
  }
  const first = await people.structure.get(BASE);
  assert.match(first.text, /rel="next"/);
  const second = await people.structure.get(`${BASE}?page=2`);
  assert.equal(second.status, 200);
  assert.match(second.text, /rel="prev"/);
});
