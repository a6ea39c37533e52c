// Interventions on request (/programmes/interventions…, docs/network_life/interventions.md): the public
// catalogue holds seed 004's escape game « théâtre Bavard » (Cultures du Cœur 94) with its 2023–2024
// requests (two done with attendance and feedback, one declined with its reason, one awaiting a decision
// with dates ahead). A relais' referent asks for it (no date, a past date, a negative or too large number,
// a bad e-mail: 422, nothing created); other structures' staff and other networks' coordinators do not
// see the request (404); the organiser's coordinator declines with a required reason or accepts on a
// wanted date with times (the requester gets a French e-mail with an ICS) or proposes another date the
// requester confirms; deciding twice, attendance before the date, feedback on a declined request,
// negative or too large counts: refused, nothing changed. After the date: attendance by category, the
// team's feedback, the requester's satisfaction; the requester cancels before the date with a reason.
// Two coordinators deciding the same request at once: exactly one wins. Yearly figures for the organiser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailSettled, mails, mailsUntil, mailTo, runSql, runTrame, startTrame } from '../harness.mjs';
import { addUser, signIn, PASSWORD } from '../bookings_fixtures.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { assertRefused, flash, hex, parisDay, partsOf, post, requestFields, textOf } from './interventions_fixtures.mjs';

let server;
const people = {};
const ids = {};
const BASE = '/programmes/interventions';
const value = (statement) => dbValue(server.database, statement);
const rows = (statement) => dbRows(server.database, statement);
const requestRow = (id) => rows(`SELECT status, date1, date2, date3, starts_at, ends_at, decided_by, decline_reason,
  cancel_reason, attended_children, attended_youth, attended_adults, attended_seniors, team_feedback, satisfaction,
  updated_at FROM life_intervention_requests WHERE id = ${id}`);
const orgId = (name) => Number(value(`SELECT id FROM organisations WHERE name = ${q(name)}`));

async function makeRequest(client, contactEmail, over = {}) {
  const res = await post(client, `${BASE}/${ids.offer}`, `${BASE}/${ids.offer}/demandes`,
    requestFields(ids.vitry, contactEmail, over));
  assert.equal(res.status, 303, `request made: ${flash(res.text) || textOf(res.text).slice(0, 300)}`);
  const id = Number(res.location.match(/\/demandes\/(\d+)$/)[1]);
  return id;
}

before(async () => {
  server = await startTrame();
  ids.cdc = orgId('Cultures du Cœur 94');
  ids.vitry = orgId('Relais social de Vitry-sur-Seine (fictif)');
  ids.ivry = orgId("Médiathèque d'Ivry-sur-Seine (fictive)");
  ids.offer = Number(value(`SELECT id FROM life_intervention_offers WHERE organiser_id = ${ids.cdc}`));
  const suffix = hex();
  people.requesterEmail = `referent-${suffix}@vitry.test`;
  people.colleagueEmail = `coordination-${suffix}@cdc94.test`;
  people.otherEmail = `mediatheque-${suffix}@ivry.test`;
  addUser(server, people.requesterEmail, 'referent', ids.vitry);
  addUser(server, people.colleagueEmail, 'coordinator', ids.cdc);
  addUser(server, people.otherEmail, 'partner_staff', ids.ivry);
  people.manager = await signIn(server, 'animation@culturesducoeur94.local', 'trame-demo-2026');
  people.colleague = await signIn(server, people.colleagueEmail, PASSWORD);
  people.requester = await signIn(server, people.requesterEmail, PASSWORD);
  people.other = await signIn(server, people.otherEmail, PASSWORD);
  people.outsider = await signIn(server, 'coordination.ancenis@trame.local', 'trame-demo-2026');
});

after(async () => { await server?.stop(); });

test('the demo: the escape game in the public catalogue, its 2023–2024 requests and figures', async () => {
  const anonymous = await fetch(`${server.url}${BASE}`);
  assert.equal(anonymous.status, 200);
  const page = textOf(await anonymous.text());
  assert.ok(page.includes('Escape Game « théâtre Bavard »'), 'the escape game in the catalogue');
  const offer = await fetch(`${server.url}${BASE}/${ids.offer}`);
  assert.equal(offer.status, 200);
  assert.ok(textOf(await offer.text()).includes('Se connecter'), 'anonymous people are asked to sign in');

  const demo = rows(`SELECT r.status, o.name, r.date1, r.decline_reason, r.attended_children + r.attended_youth +
    r.attended_adults + r.attended_seniors, r.team_feedback, r.satisfaction FROM life_intervention_requests r
    JOIN organisations o ON o.id = r.requester_org_id WHERE r.offer_id = ${ids.offer} AND r.contact_email NOT LIKE '%.test'
    ORDER BY r.id`);
  assert.equal(demo.length, 4, 'four demo requests');
  const done = demo.filter((r) => r[0] === 'done');
  assert.deepEqual(done.map((r) => r[1]).sort(), ["Médiathèque d'Ivry-sur-Seine (fictive)", 'Relais social de Vitry-sur-Seine (fictif)']);
  for (const r of done) { assert.ok(Number(r[4]) > 0 && r[5] && Number(r[6]) > 0, 'attendance and feedback'); assert.ok(r[2] >= '2023-01-01' && r[2] < '2025-01-01'); }
  const declined = demo.filter((r) => r[0] === 'declined');
  assert.equal(declined.length, 1);
  assert.ok(declined[0][3].length > 20, 'the reason of the refusal');
  const pending = demo.filter((r) => r[0] === 'requested');
  assert.equal(pending.length, 1);
  assert.ok(pending[0][2] > parisDay(0), 'the pending request wants dates ahead');

  const dashboard = await people.manager.get('/tableau-de-bord');
  assert.ok(textOf(dashboard.text).includes("Demandes d'intervention à examiner"), 'the manager sees the requests awaiting a decision');
  const figures = await people.manager.get(`${BASE}/bilan?organisation=${ids.cdc}&annee=2024`);
  assert.equal(figures.status, 200);
  assert.match(figures.text, /id="figure-done">1</);
  assert.match(figures.text, /id="figure-participants">22</);
  assert.ok(textOf(figures.text).includes('Quartier Gagarine-Truillot'));
  const refused = await people.requester.get(`${BASE}/bilan?organisation=${ids.cdc}&annee=2024`);
  assert.equal(refused.status, 403, 'figures: managers only');
});

test('a request: bad input refused and nothing created; seen by its structure and the organiser only', async () => {
  const contact = `contact-${hex()}@vitry.test`;
  const count = () => Number(value(`SELECT COUNT(*) FROM life_intervention_requests WHERE contact_email = ${q(contact)}`));
  const page = `${BASE}/${ids.offer}`;
  const url = `${page}/demandes`;
  const cases = [
    [{ date1: '', date2: '', date3: '' }, 'Indiquez au moins une date souhaitée.'],
    [{ date1: parisDay(-3) }, 'Cette date est passée'],
    [{ date1: '2026-02-31' }, "Cette date n'est pas valide"],
    [{ date2: parisDay(20) }, 'Cette date est déjà indiquée'],
    [{ expected_count: '-4' }, 'Indiquez le nombre de participants attendus'],
    [{ expected_count: '50000' }, 'Indiquez le nombre de participants attendus'],
    [{ audience: 'martians' }, 'Choisissez le public concerné'],
    [{ contact_email: 'pas-un-courriel' }, 'Indiquez un courriel valide'],
    [{ place_org: '999999999' }, "Choisissez le lieu dans l'annuaire."],
  ];
  for (const [over, message] of cases) {
    const fields = requestFields(ids.vitry, contact, over);
    const res = await post(people.requester, page, url, fields);
    assertRefused(res, 422, message, JSON.stringify(over));
    assert.ok(res.text.includes('aria-invalid="true"'), 'the field is marked');
    if (over.expected_count) assert.ok(res.text.includes(`value="${over.expected_count}"`), 'the typed value is kept');
  }
  // A structure one is not staff of.
  assertRefused(await post(people.requester, page, url, requestFields(ids.vitry, contact, { requester_org: String(ids.ivry) })),
    422, 'Choisissez une structure dont vous faites partie');
  assert.equal(count(), 0, 'nothing created');

  const id = await makeRequest(people.requester, contact);
  assert.equal(count(), 1);
  const [row] = rows(`SELECT status, requester_org_id, organiser_id, expected_count, priority_area FROM life_intervention_requests WHERE id = ${id}`);
  assert.deepEqual(row, ['requested', String(ids.vitry), String(ids.cdc), '18', '1']);
  const mine = await people.requester.get(`${BASE}/demandes/${id}`);
  assert.equal(mine.status, 200);
  assert.ok(textOf(mine.text).includes('Demandée'));
  assert.ok(!mine.text.includes('/acceptation'), 'the requester does not decide');
  const list = await people.requester.get(`${BASE}/demandes`);
  assert.ok(list.text.includes(`/demandes/${id}"`), 'in the requester\'s list');
  assert.equal((await people.other.get(`${BASE}/demandes/${id}`)).status, 404, 'another structure: 404');
  assert.ok(!(await people.other.get(`${BASE}/demandes`)).text.includes(`/demandes/${id}"`), 'not in another structure\'s list');
  assert.equal((await people.outsider.get(`${BASE}/demandes/${id}`)).status, 404, "another network's coordinator: 404");
  const managed = await people.manager.get(`${BASE}/demandes?etat=requested`);
  assert.ok(managed.text.includes(`/demandes/${id}"`), "in the organiser's list");
  // Others may not act on it.
  const before = requestRow(id);
  assertRefused(await post(people.requester, `${BASE}/demandes/${id}`, `${BASE}/demandes/${id}/refus`, { reason: 'non' }), 403,
    "Seule l'équipe de la structure qui propose l'intervention");
  assertRefused(await post(people.other, `${BASE}`, `${BASE}/demandes/${id}/acceptation`, { date: parisDay(20), starts: '14:00', ends: '16:00' }), 404);
  assertRefused(await post(people.outsider, `${BASE}`, `${BASE}/demandes/${id}/refus`, { reason: 'non' }), 404);
  assert.deepEqual(requestRow(id), before, 'nothing changed');
});

test('declined with a required reason; deciding twice and feedback on a declined request refused', async () => {
  const contact = `contact-${hex()}@vitry.test`;
  const id = await makeRequest(people.requester, contact);
  const page = `${BASE}/demandes/${id}`;
  let before = requestRow(id);
  assertRefused(await post(people.manager, page, `${page}/refus`, { reason: '   ' }), 422, 'Indiquez le motif du refus');
  assert.deepEqual(requestRow(id), before, 'nothing changed');
  const reason = `Dates déjà prises ${hex()}`;
  const res = await post(people.manager, page, `${page}/refus`, { reason });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(requestRow(id)[0][0], 'declined');
  const [mail] = await mailsUntil(mailTo(contact, 'Votre demande d\'intervention'));
  assert.ok(mail, 'the requester is told');
  assert.ok(partsOf(mail.raw)[0].body.includes(reason), 'with the reason');
  before = requestRow(id);
  assertRefused(await post(people.manager, page, `${page}/acceptation`, { date: parisDay(20), starts: '14:00', ends: '16:00' }), 409,
    'Cette demande a déjà reçu une décision');
  assertRefused(await post(people.colleague, page, `${page}/refus`, { reason: 'encore' }), 409, 'Cette demande a déjà reçu une décision');
  assertRefused(await post(people.manager, page, `${page}/retour-equipe`, { feedback: 'Très bien' }), 409,
    'Le bilan se donne seulement pour une intervention réalisée');
  assertRefused(await post(people.manager, page, `${page}/presences`, { count_youth: '5' }), 409);
  assertRefused(await post(people.requester, page, `${page}/annulation`, { cancel_reason: 'plus besoin' }), 409, 'ne peut plus être annulée');
  assert.deepEqual(requestRow(id), before, 'nothing changed');
});

test('accepted on a wanted date: the e-mail with its ICS; attendance before the date refused; after it, attendance, feedback and satisfaction', async () => {
  const contact = `contact-${hex()}@vitry.test`;
  const id = await makeRequest(people.requester, contact);
  const page = `${BASE}/demandes/${id}`;
  let before = requestRow(id);
  for (const [fields, message] of [
    [{ date: '', starts: '14:00', ends: '16:00' }, 'Choisissez une des dates souhaitées'],
    [{ date: parisDay(27), starts: '16:00', ends: '14:00' }, "L'heure de fin doit suivre l'heure de début."],
    [{ date: parisDay(27), starts: '25:00', ends: '26:00' }, "Indiquez l'heure de début"],
    [{ date: 'other', other_date: parisDay(-2), starts: '14:00', ends: '16:00' }, 'Cette date est passée'],
  ]) assertRefused(await post(people.manager, page, `${page}/acceptation`, fields), 422, message, JSON.stringify(fields));
  assert.deepEqual(requestRow(id), before, 'nothing changed');

  const res = await post(people.manager, page, `${page}/acceptation`, { date: parisDay(27), starts: '14:00', ends: '16:30', note: 'Prévoir la salle polyvalente.' });
  assert.equal(res.status, 303, flash(res.text));
  const [row] = requestRow(id);
  assert.equal(row[0], 'scheduled');
  const [mail] = await mailsUntil(mailTo(contact, 'Intervention programmée'));
  assert.ok(mail, 'the confirmation e-mail');
  const parts = partsOf(mail.raw);
  assert.equal(parts.length, 2, 'the text and the calendar file');
  assert.ok(parts[0].body.includes('Prévoir la salle polyvalente.'));
  assert.ok(parts[1].headers['content-type'].startsWith('text/calendar'));
  const ics = parts[1].body;
  assert.ok(ics.includes('BEGIN:VEVENT') && ics.includes(`UID:life-intervention-${id}@`));
  const dtstart = new Date(Number(row[4]) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  assert.ok(ics.includes(`DTSTART:${dtstart}`), 'DTSTART in UTC');
  const requesterMail = await mailsUntil(mailTo(people.requesterEmail, 'Intervention programmée'));
  assert.equal(requesterMail.length, 1, 'the requesting account is told too');

  // In the calendar, and the requester's dashboard.
  assert.ok((await people.manager.get(`${BASE}/calendrier`)).text.includes(`/demandes/${id}"`));
  assert.ok(textOf((await people.requester.get('/tableau-de-bord')).text).includes('Votre prochaine intervention'));

  before = requestRow(id);
  assertRefused(await post(people.manager, page, `${page}/presences`, { count_youth: '12' }), 409, "L'intervention n'a pas encore eu lieu");
  assertRefused(await post(people.manager, page, `${page}/retour-equipe`, { feedback: 'Bien' }), 409);
  assertRefused(await post(people.requester, page, `${page}/satisfaction`, { satisfaction: '5' }), 409);
  assert.deepEqual(requestRow(id), before, 'nothing changed');

  // The day comes (the test moves the schedule into the past).
  const now = Math.floor(Date.now() / 1000);
  runSql(server.database, `UPDATE life_intervention_requests SET starts_at = ${now - 7200}, ends_at = ${now - 3600} WHERE id = ${id}`);
  before = requestRow(id);
  for (const [fields, message] of [
    [{ count_youth: '-3' }, 'Un nombre de participants s\'écrit avec des chiffres seulement'],
    [{ count_youth: '2001' }, 'Un nombre de participants'],
    [{ count_youth: '1500', count_adults: '1000' }, 'Le total des participants ne peut dépasser 2 000.'],
    [{ count_youth: 'douze' }, 'Un nombre de participants'],
    [{}, 'Indiquez au moins un participant.'],
  ]) assertRefused(await post(people.manager, page, `${page}/presences`, fields), 422, message, JSON.stringify(fields));
  assert.deepEqual(requestRow(id), before, 'nothing changed');
  assertRefused(await post(people.requester, page, `${page}/presences`, { count_youth: '3' }), 403);
  assertRefused(await post(people.requester, page, `${page}/annulation`, { cancel_reason: 'trop tard' }), 409, 'La date de l\'intervention est passée');
  assert.deepEqual(requestRow(id), before, 'nothing changed');

  let ok = await post(people.manager, page, `${page}/presences`, { count_children: '', count_youth: '11', count_adults: '3', count_seniors: '0' });
  assert.equal(ok.status, 303, flash(ok.text));
  let [done] = requestRow(id);
  assert.equal(done[0], 'done');
  assert.deepEqual(done.slice(9, 13), ['0', '11', '3', '0']);
  assertRefused(await post(people.manager, page, `${page}/retour-equipe`, { feedback: '' }), 422, "Écrivez le retour de l'équipe.");
  ok = await post(people.manager, page, `${page}/retour-equipe`, { feedback: 'Groupe attentif, deux jeunes intéressés par la régie.' });
  assert.equal(ok.status, 303, flash(ok.text));
  before = requestRow(id);
  assertRefused(await post(people.requester, page, `${page}/satisfaction`, { satisfaction: '6' }), 422, 'Choisissez une note de 1 à 5.');
  assertRefused(await post(people.requester, page, `${page}/satisfaction`, { satisfaction: '0' }), 422);
  assertRefused(await post(people.manager, page, `${page}/satisfaction`, { satisfaction: '5' }), 403, "Seule l'équipe de la structure demandeuse");
  assert.deepEqual(requestRow(id), before, 'nothing changed');
  ok = await post(people.requester, page, `${page}/satisfaction`, { satisfaction: '4', comment: 'Merci !' });
  assert.equal(ok.status, 303, flash(ok.text));
  [done] = requestRow(id);
  assert.equal(done[13], 'Groupe attentif, deux jeunes intéressés par la régie.');
  assert.equal(done[14], '4');
  const shown = await people.requester.get(page);
  assert.ok(textOf(shown.text).includes('Satisfaction de la structure : 4/5'));
});

test('another date proposed: the requester confirms it; a request cancelled before the date with a reason', async () => {
  const contact = `contact-${hex()}@vitry.test`;
  const id = await makeRequest(people.requester, contact);
  const page = `${BASE}/demandes/${id}`;
  let res = await post(people.manager, page, `${page}/acceptation`, { date: 'other', other_date: parisDay(45), starts: '10:00', ends: '12:00' });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(requestRow(id)[0][0], 'accepted');
  const [proposal] = await mailsUntil(mailTo(contact, 'Votre demande d\'intervention : une autre date'));
  assert.ok(proposal, 'the proposal e-mail');
  assertRefused(await post(people.manager, page, `${page}/confirmation`, {}), 403);
  res = await post(people.requester, page, `${page}/confirmation`, {});
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(requestRow(id)[0][0], 'scheduled');
  const [confirmed] = await mailsUntil(mailTo(contact, 'Intervention programmée'));
  assert.ok(partsOf(confirmed.raw)[1].headers['content-type'].startsWith('text/calendar'));
  assertRefused(await post(people.requester, page, `${page}/confirmation`, {}), 409, 'Aucune date proposée');

  const before = requestRow(id);
  assertRefused(await post(people.requester, page, `${page}/annulation`, { cancel_reason: '' }), 422, "Indiquez le motif de l'annulation.");
  assert.deepEqual(requestRow(id), before, 'nothing changed');
  res = await post(people.requester, page, `${page}/annulation`, { cancel_reason: 'Le groupe a été dissous.' });
  assert.equal(res.status, 303, flash(res.text));
  const [row] = requestRow(id);
  assert.equal(row[0], 'cancelled');
  assert.equal(row[8], 'Le groupe a été dissous.');
  const [cancelled] = await mailsUntil(mailTo(contact, "Demande d'intervention annulée"));
  assert.ok(partsOf(cancelled.raw).some((p) => (p.headers['content-type'] || '').startsWith('text/calendar') && p.body.includes('STATUS:CANCELLED')));
});

test('two coordinators deciding the same request at once: exactly one wins', async () => {
  for (let round = 0; round < 3; round++) {
    const contact = `contact-${hex()}@vitry.test`;
    const id = await makeRequest(people.requester, contact);
    const page = `${BASE}/demandes/${id}`;
    await people.manager.get(page);
    await people.colleague.get(page);
    const form = (client, url, fields) => client.request('POST', url, {
      body: new URLSearchParams({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const [a, b] = await Promise.all([
      form(people.manager, `${page}/acceptation`, { date: parisDay(20), starts: '14:00', ends: '16:00' }),
      form(people.colleague, `${page}/refus`, { reason: `Refus concurrent ${round}` }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [303, 409], `one wins, one is told (${a.status} ${flash(a.text)} / ${b.status} ${flash(b.text)})`);
    const loser = a.status === 409 ? a : b;
    assert.ok(textOf(loser.text).includes('Cette demande a déjà reçu une décision'));
    const [row] = requestRow(id);
    if (a.status === 303) { assert.equal(row[0], 'scheduled'); assert.equal(row[7], ''); } else { assert.equal(row[0], 'declined'); assert.equal(row[4], '0'); }
    await mailSettled(server);
    const sent = mails().filter((m) => mailTo(contact, 'Intervention programmée')(m) || mailTo(contact, "Votre demande d'intervention")(m));
    assert.equal(sent.length, 1, 'one decision e-mail');
  }
});

test('offers: managers create and edit them; an unpublished offer is hidden; others may not edit', async () => {
  const title = `Atelier bruitage ${hex()}`;
  const count = () => Number(value(`SELECT COUNT(*) FROM life_intervention_offers WHERE title = ${q(title)}`));
  const fields = { organiser: String(ids.cdc), title, description: 'Un atelier de bruitage de cinéma.', duration: '120',
    audience: 'Enfants et familles', capacity: '15', needs: 'Une salle calme.', published: '1' };
  assertRefused(await post(people.manager, BASE, BASE, { ...fields, title: '' }), 422, "Indiquez le titre de l'intervention.");
  assertRefused(await post(people.manager, BASE, BASE, { ...fields, capacity: '-2' }), 422, 'Le nombre de participants par séance');
  assertRefused(await post(people.outsider, BASE, BASE, fields), 422, 'Choisissez une structure dont vous animez le réseau.');
  assertRefused(await post(people.requester, BASE, BASE, fields), 403);
  assert.equal(count(), 0, 'nothing created');
  const res = await post(people.manager, BASE, BASE, { ...fields, published: '' });
  assert.equal(res.status, 303, flash(res.text));
  const id = Number(res.location.match(/\/(\d+)$/)[1]);
  assert.equal((await fetch(`${server.url}${BASE}/${id}`)).status, 404, 'unpublished: hidden from the public');
  assert.equal((await people.requester.get(`${BASE}/${id}`)).status, 404);
  assert.equal((await people.colleague.get(`${BASE}/${id}`)).status, 200, 'its managers see it');
  const before = rows(`SELECT title, published, updated_at FROM life_intervention_offers WHERE id = ${id}`);
  assertRefused(await post(people.outsider, BASE, `${BASE}/${id}`, { ...fields, title: 'Pris' }), 404);
  assert.deepEqual(rows(`SELECT title, published, updated_at FROM life_intervention_offers WHERE id = ${id}`), before);
  const ok = await post(people.colleague, `${BASE}/${id}`, `${BASE}/${id}`, { ...fields, published: '1' });
  assert.equal(ok.status, 303, flash(ok.text));
  assert.equal((await fetch(`${server.url}${BASE}/${id}`)).status, 200, 'published: public');
  assertRefused(await post(people.outsider, `${BASE}/${id}`, `${BASE}/${id}`, fields), 403, "Seule l'équipe de la structure qui propose");
});

test('the reminder two days before a scheduled intervention: sent once, with its calendar file', async () => {
  const contact = `contact-${hex()}@vitry.test`;
  const id = await makeRequest(people.requester, contact, { date1: parisDay(1), date2: '', date3: '' });
  const page = `${BASE}/demandes/${id}`;
  const res = await post(people.manager, page, `${page}/acceptation`, { date: parisDay(1), starts: '10:00', ends: '12:00' });
  assert.equal(res.status, 303, flash(res.text));
  for (let i = 0; i < 2; i++) {
    const r = runTrame(['jobs', 'run-due', '--database', server.database]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.notEqual(value(`SELECT reminder_sent_at FROM life_intervention_requests WHERE id = ${id}`), '0', 'the reminder is claimed');
  const [reminder] = await mailsUntil(mailTo(contact, 'Rappel : '));
  assert.ok(reminder, 'the reminder e-mail');
  assert.ok(partsOf(reminder.raw).some((p) => (p.headers['content-type'] || '').startsWith('text/calendar')));
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = ${q(contact)} AND subject LIKE 'Rappel%'`), '1',
    'queued once, though the jobs ran twice');
});
