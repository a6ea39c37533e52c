// Group requests for offers « sur demande » (docs/outings.md « Demandes de visite de groupe »): a referent
// asks for a group visit with one to three dates; the venue's staff answer in the thread, propose another
// date; the referent accepts it, which makes a slot (capacity and group share = the headcount) and a
// confirmed group booking, seen on the venue's guest list as a group; each step e-mails the other side and
// is audited. Refusals are French and change nothing (rows read before and after); another relais's or
// venue's people get a 404; acceptances racing on one request make one slot and one booking.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame, waitForMail } from '../harness.mjs';
import { PASSWORD, addUser, organisationIds, parisLocal, signIn, unique } from '../bookings_fixtures.mjs';

let server;
let admin;
let referent;
let staff;      // the venue's staff (Théâtre Quartier Libre)
let relaisId;
let ids;

const sql = (statement) => querySql(server.database, statement);
const count = (statement) => Number(sql(statement));
const now = () => Math.floor(Date.now() / 1000);
const decode = (text) => text.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
function alertText(text) {
  return decode((text.match(/class="flash flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/)?.[1] || '')
    .replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

// An offer « sur demande » at the venue, published by the administrator through the offer form.
async function onRequestOffer(title, venue = 'Théâtre Quartier Libre') {
  await admin.get('/sorties/offres/nouvelle');
  let res = await admin.post('/sorties/offres', {
    venue: String(ids[venue]), title, category: 'live_show', audience: 'all', language: 'fr', on_request: '1',
    description: 'Une visite de groupe sur demande.', _submission: admin.submission,
  });
  assert.equal(res.status, 303, alertText(res.text));
  const offer = Number(res.location.match(/\/sorties\/offres\/(\d+)/)[1]);
  await admin.get(res.location);
  res = await admin.post(`/sorties/offres/${offer}/statut`, { status: 'published', _submission: admin.submission });
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT on_request FROM outing_offers WHERE id = ${offer}`), '1');
  return offer;
}

async function ask(c, offer, fields) {
  const form = await c.get(`/sorties/offres/${offer}/demande`);
  assert.equal(form.status, 200, 'the request form');
  return c.post(`/sorties/offres/${offer}/demande`, { organisation: String(relaisId), _submission: c.submission, ...fields });
}

async function act(c, id, action, fields = {}) {
  await c.get(`/sorties/demandes/${id}`);
  return c.post(`/sorties/demandes/${id}/${action}`, { _submission: unique('s'), ...fields });
}

const requestRow = (id) => sql(`SELECT status, proposed_at, COALESCE(slot_id, 0), COALESCE(booking_id, 0), decline_reason FROM outing_requests WHERE id = ${id}`);
const rowsOf = (offer) => ({
  requests: count(`SELECT COUNT(*) FROM outing_requests WHERE offer_id = ${offer}`),
  states: sql(`SELECT CAST(id AS TEXT) || ':' || status FROM outing_requests WHERE offer_id = ${offer} ORDER BY id`),
  messages: count(`SELECT COUNT(*) FROM outing_request_messages m JOIN outing_requests r ON r.id = m.request_id WHERE r.offer_id = ${offer}`),
  slots: count(`SELECT COUNT(*) FROM outing_slots WHERE offer_id = ${offer}`),
  bookings: count(`SELECT COUNT(*) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id WHERE s.offer_id = ${offer}`),
});

before(async () => {
  server = await startTrame();
  admin = await signIn(server, DEMO.administrator);
  referent = await signIn(server, DEMO.referent);
  staff = new Client(server.url);
  assert.equal((await staff.login(DEMO.partner_staff)).status, 303);
  ids = await organisationIds(admin, ['Cultures du Cœur 94', 'Théâtre Quartier Libre', "Médiathèque d'Ivry-sur-Seine (fictive)",
    'Relais social de Vitry-sur-Seine (fictif)']);
  relaisId = ids['Cultures du Cœur 94'];
});
after(async () => { await server?.stop(); });

test('the whole thread: asked, answered, another date proposed and accepted → a slot and a group booking on the guest list', async () => {
  const title = unique('Visite du théâtre');
  const offer = await onRequestOffer(title);
  // The catalogue shows « Demander une visite de groupe » for the offer, instead of slots.
  const catalogue = await referent.get(`/sorties?q=${title.split('-').pop()}`);
  assert.equal(catalogue.status, 200);
  assert.match(decode(catalogue.text), new RegExp(`href="/sorties/offres/${offer}/demande">Demander une visite de groupe`));
  const d1 = now() + 86400 * 20;
  const res = await ask(referent, offer, {
    date1: parisLocal(d1), date2: parisLocal(d1 + 86400), age_1: '8', age_2: '5', staff: '2', needs: '1',
    message: 'Une classe de CM2 et des collégiens.',
  });
  assert.equal(res.status, 303, alertText(res.text));
  const id = Number(res.location.match(/\/sorties\/demandes\/(\d+)$/)[1]);
  assert.equal(requestRow(id), 'sent|0|0|0|');
  assert.equal(sql(`SELECT age_6_11, age_12_17, staff, needs, CASE WHEN requested_by > 0 THEN 1 ELSE 0 END FROM outing_requests WHERE id = ${id}`), '8|5|2|1|1');
  await waitForMail((m) => m.to === DEMO.partner_staff && m.subject === `Demande de visite de groupe : ${title}`);
  // The venue sees it in its list (status filter), answers in the thread.
  const list = await staff.get('/sorties/demandes?etat=sent');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`/sorties/demandes/${id}"`));
  let r = await act(staff, id, 'message', { body: 'Nous pouvons vous accueillir le matin.' });
  assert.equal(r.status, 303, alertText(r.text));
  await waitForMail((m) => m.to === DEMO.referent && m.subject.includes(title) && m.subject.startsWith('Nouveau message'));
  // Another date proposed by the venue.
  const proposed = Math.floor((d1 + 86400 * 5) / 60) * 60;
  r = await act(staff, id, 'proposition', { proposed: parisLocal(proposed), note: 'Le mardi nous convient mieux.' });
  assert.equal(r.status, 303, alertText(r.text));
  assert.equal(requestRow(id), `proposed|${proposed}|0|0|`);
  await waitForMail((m) => m.to === DEMO.referent && m.subject === `Autre date proposée : ${title}`);
  // The referent accepts the proposed date: a slot at that date and a confirmed group booking on it.
  r = await act(referent, id, 'acceptation', { choice: 'proposed' });
  assert.equal(r.status, 303, alertText(r.text));
  const [status, , slot, booking] = requestRow(id).split('|');
  assert.equal(status, 'accepted');
  assert.ok(Number(slot) > 0 && Number(booking) > 0);
  assert.equal(sql(`SELECT offer_id, starts_at, capacity, group_places, booked, group_booked, status FROM outing_slots WHERE id = ${slot}`),
    `${offer}|${proposed}|15|15|15|15|open`);
  assert.equal(sql(`SELECT kind, COALESCE(beneficiary_id, 0), organisation_id, places, status, slot_id FROM bookings WHERE id = ${booking}`),
    `group|0|${relaisId}|15|confirmed|${slot}`);
  assert.equal(sql(`SELECT age_6_11, age_12_17, staff, needs FROM outing_booking_groups WHERE booking_id = ${booking}`), '8|5|2|1');
  await waitForMail((m) => m.to === DEMO.partner_staff && m.subject === `Visite de groupe confirmée : ${title}`);
  // The venue's guest list shows the group as a group.
  const guests = await staff.get(`/sorties/creneaux/${slot}/invites`);
  assert.equal(guests.status, 200);
  assert.match(decode(guests.text), /Groupe — 15 personnes dont 2 accompagnateurs/);
  // The thread holds every step; each step is audited.
  assert.equal(sql(`SELECT side || ':' || kind FROM outing_request_messages WHERE request_id = ${id} ORDER BY id`).split('\n').join(','),
    'relais:sent,venue:message,venue:proposed,relais:accepted');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE subject = 'outing_request:${id}'`), '4');
  const page = await referent.get(`/sorties/demandes/${id}`);
  assert.match(decode(page.text), /Acceptée/);
  assert.match(page.text, new RegExp(`href="/sorties/reservations/${booking}"`));
});

test('refusals are French and change nothing: past date, more than three dates, closed request, someone else\'s request', async () => {
  const offer = await onRequestOffer(unique('Visite des coulisses'));
  const d1 = now() + 86400 * 30;
  let before = rowsOf(offer);
  let r = await ask(referent, offer, { date1: parisLocal(now() - 86400), age_2: '10' });
  assert.equal(r.status, 422);
  assert.match(alertText(r.text), /Cette date est passée/);
  r = await ask(referent, offer, { date1: parisLocal(d1), date2: parisLocal(d1 + 3600), date3: parisLocal(d1 + 7200), date4: parisLocal(d1 + 10800), age_2: '10' });
  assert.equal(r.status, 422);
  assert.match(alertText(r.text), /au plus 3 dates/);
  r = await ask(referent, offer, { date1: parisLocal(d1), staff: '3' });
  assert.equal(r.status, 422);
  assert.match(alertText(r.text), /au moins une personne/);
  assert.deepEqual(rowsOf(offer), before, 'nothing written');
  // A request, declined by the venue with a reason; then every move on it is refused.
  r = await ask(referent, offer, { date1: parisLocal(d1), age_2: '10', staff: '1' });
  assert.equal(r.status, 303, alertText(r.text));
  const id = Number(r.location.match(/(\d+)$/)[1]);
  r = await act(staff, id, 'refus', { reason: '' });
  assert.equal(r.status, 422);
  assert.match(alertText(r.text), /Indiquez le motif du refus/);
  r = await act(staff, id, 'refus', { reason: 'Le théâtre est fermé en travaux.' });
  assert.equal(r.status, 303, alertText(r.text));
  await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Demande de visite refusée'));
  before = rowsOf(offer);
  for (const [c, action, fields] of [[staff, 'acceptation', { choice: '1' }], [referent, 'retrait', {}],
    [staff, 'proposition', { proposed: parisLocal(d1 + 86400) }], [referent, 'message', { body: 'Dommage.' }]]) {
    r = await act(c, id, action, fields);
    assert.equal(r.status, 409, action);
    assert.match(alertText(r.text), /Cette demande est close/, action);
    assert.deepEqual(rowsOf(offer), before, `${action}: nothing changed`);
  }
  assert.equal(requestRow(id), 'declined|0|0|0|Le théâtre est fermé en travaux.');
  // Another relais's referent and another venue's staff: not found, nothing changed.
  r = await ask(referent, offer, { date1: parisLocal(d1), age_2: '4' });
  const open = Number(r.location.match(/(\d+)$/)[1]);
  const otherReferent = `${unique('referente')}@trame.local`;
  addUser(server, otherReferent, 'referent', ids['Relais social de Vitry-sur-Seine (fictif)']);
  const otherStaff = `${unique('billetterie')}@trame.local`;
  addUser(server, otherStaff, 'partner_staff', ids["Médiathèque d'Ivry-sur-Seine (fictive)"]);
  const stranger = await signIn(server, otherReferent, PASSWORD);
  const otherVenue = await signIn(server, otherStaff, PASSWORD);
  before = rowsOf(offer);
  assert.equal((await stranger.get(`/sorties/demandes/${open}`)).status, 404);
  assert.equal((await otherVenue.get(`/sorties/demandes/${open}`)).status, 404);
  await stranger.get('/sorties/demandes');
  assert.equal((await stranger.post(`/sorties/demandes/${open}/retrait`, { _submission: unique('s') })).status, 404);
  await otherVenue.get('/sorties/demandes');
  assert.equal((await otherVenue.post(`/sorties/demandes/${open}/acceptation`, { choice: '1', _submission: unique('s') })).status, 404);
  assert.doesNotMatch((await otherVenue.get('/sorties/demandes')).text, new RegExp(`/sorties/demandes/${open}"`));
  assert.deepEqual(rowsOf(offer), before, 'nothing changed');
  // The referent may not accept a wanted date for the venue.
  r = await act(referent, open, 'acceptation', { choice: '1' });
  assert.equal(r.status, 403);
  assert.deepEqual(rowsOf(offer), before, 'nothing changed');
  // The referent withdraws.
  r = await act(referent, open, 'retrait');
  assert.equal(r.status, 303);
  assert.equal(requestRow(open).split('|')[0], 'withdrawn');
});

test('acceptances racing on one request make one slot and one booking', async () => {
  const offer = await onRequestOffer(unique('Visite en concurrence'));
  const d1 = now() + 86400 * 40;
  const r = await ask(referent, offer, { date1: parisLocal(d1), date2: parisLocal(d1 + 86400), date3: parisLocal(d1 + 2 * 86400), age_3: '6', staff: '1' });
  assert.equal(r.status, 303, alertText(r.text));
  const id = Number(r.location.match(/(\d+)$/)[1]);
  const clients = [staff, admin];
  for (const c of clients) await c.get(`/sorties/demandes/${id}`);
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => clients[i % 2].post(`/sorties/demandes/${id}/acceptation`,
    { choice: String((i % 3) + 1), _submission: unique('s') })));
  const statuses = results.map((x) => x.status).sort();
  assert.equal(statuses.filter((s) => s === 303).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, 7, statuses.join(','));
  const rows = rowsOf(offer);
  assert.equal(rows.slots, 1);
  assert.equal(rows.bookings, 1);
  assert.equal(requestRow(id).split('|')[0], 'accepted');
  assert.equal(count(`SELECT COUNT(*) FROM outing_request_messages WHERE request_id = ${id} AND kind = 'accepted'`), 1);
});

test('a relais of another branch cannot send a request: refused as its booking would be, nothing written', async () => {
  const title = unique('Visite réservée à une antenne');
  const offer = await onRequestOffer(title);
  const branch = (name) => sql(`INSERT INTO network_branches (name, departement_code, school_zone, status, created_at, updated_at) VALUES ('${name}', '44', 'B', 'active', 0, 0) RETURNING id`);
  const theirs = branch(unique('Antenne des autres'));
  const ours = branch(unique('Antenne du relais'));
  sql(`INSERT INTO outing_offer_branches (offer_id, branch_id) VALUES (${offer}, ${theirs})`);
  sql(`UPDATE organisations SET branch_id = ${ours} WHERE id = ${relaisId}`);
  try {
    const before = rowsOf(offer);
    const res = await ask(referent, offer, { date1: parisLocal(now() + 86400 * 20), age_1: '10', staff: '2' });
    assert.equal(res.status, 422);
    assert.match(alertText(res.text), /Cette offre est réservée à l'antenne Antenne des autres.* : la structure relève de l'antenne Antenne du relais/);
    assert.deepEqual(rowsOf(offer), before);
  } finally {
    sql(`UPDATE organisations SET branch_id = NULL WHERE id = ${relaisId}`);
  }
});
