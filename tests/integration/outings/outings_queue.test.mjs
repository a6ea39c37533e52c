// Scarce places (/sorties): the waiting list (a freed place is offered to the next request, which
// accepts or declines it, or lets it expire so that it passes on; every step e-mailed) and draws by
// lot (priority to people who had fewer outings, a recorded seed that anyone can re-verify, one draw
// only even when several instances run the job at once). Time-dependent steps run through
// `trame jobs run-due --now`, the job's own entry point.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, linkIn, mails, querySql, runTrame, spawnTrame, startTrame, until, waitForMail, parisYear } from '../harness.mjs';
import {
  addUser, book, bookingStatus, createBeneficiary, publishSlot, flashError, organisationIds, parisLocal, placesLeft,
  signIn, unique, PASSWORD, networkWideCoordinator,
} from '../bookings_fixtures.mjs';

let server;
let coordinator;
let referent;
let orgs;

before(async () => {
  // The server's own job runs every second (due draws, expired offers), as in production every minute.
  server = await startTrame({ env: { TRAME_OUTINGS_JOB_SECONDS: '1' } });
  await networkWideCoordinator(server);  // the network's coordinator (docs/scopes.md)
  coordinator = await signIn(server, DEMO.coordinator);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(coordinator, ['Espace culturel Paul Guimard']);
});
after(async () => { await server?.stop(); });

const now = () => Math.floor(Date.now() / 1000);

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/\s+/g, ' ');

function runDue(at) {
  const r = runTrame(['jobs', 'run-due', '--database', server.database, '--now', String(at)]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function runDueAsync(at) {
  return new Promise((resolve) => {
    const child = spawnTrame(['jobs', 'run-due', '--database', server.database, '--now', String(at)]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

// Books and returns the booking id (every booking redirects to its page).
async function bookId(slot, beneficiary) {
  const res = await book(referent, slot, beneficiary.id);
  assert.equal(res.status, 303, flashError(res.text));
  return res.location.match(/\/sorties\/reservations\/(\d+)/)[1];
}

async function status(id) {
  return (await bookingStatus(referent, `/sorties/reservations/${id}`)).replace(/&apos;/g, "'");
}

// The booking code, from the answer page (shown whatever the status).
async function codeOf(id) {
  const page = await referent.get(`/sorties/reservations/${id}/accepter`);
  assert.equal(page.status, 200);
  return page.text.match(/<dt>Code de réservation<\/dt><dd>([^<]+)<\/dd>/)[1];
}

async function cancel(id) {
  await referent.get(`/sorties/reservations/${id}`);
  const res = await referent.post(`/sorties/reservations/${id}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  assert.equal(res.status, 303);
}

async function answer(id, verb) {
  const page = await referent.get(`/sorties/reservations/${id}/${verb}`);
  assert.equal(page.status, 200);
  // A fresh one-time id: a page without a form (a place no longer offered) carries none.
  return referent.post(`/sorties/reservations/${id}/${verb}`, { _submission: unique('s') });
}

test('a freed place is offered to the waiting list in order, e-mailed, and accepted through the link', async () => {
  const slot = await publishSlot(server, { capacity: 1, title: unique('Liste attente') });
  const [b1, b2, b3] = [await createBeneficiary(referent), await createBeneficiary(referent), await createBeneficiary(referent)];
  const k1 = await bookId(slot, b1);
  const k2 = await bookId(slot, b2);
  const k3 = await bookId(slot, b3);
  assert.equal(await status(k1), 'Confirmée');
  assert.equal(await status(k2), "Sur liste d'attente");
  assert.equal(await status(k3), "Sur liste d'attente");
  // Nothing to accept while waiting.
  const waiting = await referent.get(`/sorties/reservations/${k2}/accepter`);
  assert.match(text(waiting.text), /n'est plus ouverte/);
  assert.doesNotMatch(waiting.text, /<button type="submit"[^>]*>Accepter la place/);

  await cancel(k1);
  assert.equal(await status(k2), 'Place proposée (à accepter)', 'the head of the list is offered the place');
  assert.equal(await status(k3), "Sur liste d'attente", 'the next one keeps waiting');
  assert.equal(await placesLeft(referent, slot), 0, 'the offered place is held');
  const code2 = await codeOf(k2);
  const mail = await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Une place se libère') && m.body.includes(code2));
  const link = linkIn(mail.body, '/sorties/reservations/');
  assert.equal(link, `/sorties/reservations/${k2}/accepter`);
  assert.match(mail.body, new RegExp(`/sorties/reservations/${k2}/refuser`));

  // The dashboard lists it among the answers pending.
  const dash = await referent.get('/sorties/tableau-de-bord');
  assert.match(text(dash.text), new RegExp(`Places proposées à accepter.*${code2}`));

  // Another relais's referent may not answer for it: its booking answers like one that does not exist.
  const other = `referent.${unique('q')}@trame.test`;
  addUser(server, other, 'referent', orgs['Espace culturel Paul Guimard']);
  const stranger = await signIn(server, other, PASSWORD);
  assert.equal((await stranger.get(link)).status, 404);
  await stranger.get('/compte');
  assert.equal((await stranger.post(link, { _submission: unique('s') })).status, 404);
  assert.equal(await status(k2), 'Place proposée (à accepter)');

  const accepted = await answer(k2, 'accepter');
  assert.equal(accepted.status, 303);
  assert.equal(await status(k2), 'Confirmée');
  await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Place confirmée') && m.body.includes(code2));
  // Accepting twice changes nothing and says why.
  const again = await answer(k2, 'accepter');
  assert.equal(again.status, 303);
  const refused = await referent.get(again.location);
  assert.match(text(refused.text), /Aucune place n'est proposée pour cette réservation/);
  assert.match(text(refused.text), /n'est plus ouverte/);
  assert.doesNotMatch(refused.text, /<button type="submit"[^>]*>Accepter la place/);
  assert.equal(await status(k3), "Sur liste d'attente");
});

test('an offer not accepted in time expires and passes on; a declined place passes on too', async () => {
  const slot = await publishSlot(server, { capacity: 1, title: unique('Expiration') });
  const bs = [];
  for (let i = 0; i < 4; i++) bs.push(await createBeneficiary(referent));
  const ids = [];
  for (const b of bs) ids.push(await bookId(slot, b));
  await cancel(ids[0]);
  assert.equal(await status(ids[1]), 'Place proposée (à accepter)');

  // One hour later nothing has expired (24 h to answer when the outing is more than 48 h away).
  runDue(now() + 3600);
  assert.equal(await status(ids[1]), 'Place proposée (à accepter)');
  // After 25 hours the offer expired: cancelled (expired), and the place went to the next request.
  const out = runDue(now() + 25 * 3600);
  assert.match(out, /Sorties : \d+ étape/);
  assert.match(await status(ids[1]), /^Annulée/);
  assert.equal(await status(ids[2]), 'Place proposée (à accepter)');
  const code1 = await codeOf(ids[1]);
  await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Place non acceptée à temps') && m.body.includes(code1));
  const late = await answer(ids[1], 'accepter');
  assert.equal(late.status, 303);
  assert.match(text((await referent.get(late.location)).text), /Aucune place n'est proposée/);
  assert.match(await status(ids[1]), /^Annulée/, 'a late answer changes nothing');

  // Declined: cancelled, and the place passes on to the last request.
  const declined = await answer(ids[2], 'refuser');
  assert.equal(declined.status, 303);
  assert.match(await status(ids[2]), /^Annulée/);
  assert.equal(await status(ids[3]), 'Place proposée (à accepter)');
  assert.equal(await placesLeft(referent, slot), 0);
  // The last one declines as well: nobody waits any more, the place is free again.
  await answer(ids[3], 'refuser');
  assert.equal(await placesLeft(referent, slot), 1);
});

test('close to the event the time to accept is shorter, and never beyond the start', async () => {
  const slot = await publishSlot(server, { capacity: 1, startsIn: 30 * 3600, closesIn: 20 * 3600, title: unique('Bientôt') });
  const [a, b] = [await createBeneficiary(referent), await createBeneficiary(referent)];
  const ka = await bookId(slot, a);
  const kb = await bookId(slot, b);
  await cancel(ka);
  assert.equal(await status(kb), 'Place proposée (à accepter)');
  runDue(now() + 3 * 3600);
  assert.equal(await status(kb), 'Place proposée (à accepter)', 'still open after 3 h');
  runDue(now() + 5 * 3600);
  assert.match(await status(kb), /^Annulée/, 'expired after the 4 h given close to the event');
});

test('a draw gives priority to fewer outings, records its seed, is re-verifiable and runs once', async () => {
  // One person already has an outing (confirmed on a slot that starts before the draw).
  const earlier = await publishSlot(server, { capacity: 5, startsIn: 86400, closesIn: 80000, title: unique('Avant') });
  const drawSlot = await publishSlot(server, {
    capacity: 2, mode: 'draw', drawIn: 2 * 86400, startsIn: 10 * 86400, title: unique('Tirage'),
  });
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await createBeneficiary(referent));
  await bookId(earlier, people[0]);
  const requests = [];
  for (const p of people) requests.push(await bookId(drawSlot, p));
  for (const id of requests) assert.equal(await status(id), 'Demande en attente du tirage au sort');
  assert.equal(await placesLeft(referent, drawSlot), 2, 'requests hold no place');

  // Not due yet: the coordinator's button is refused, nothing drawn.
  let page = await coordinator.get(`/sorties/creneaux/${drawSlot}/tirage`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /n'a pas encore eu lieu/);
  const early = await coordinator.post(`/sorties/creneaux/${drawSlot}/tirage`, { _submission: unique('s') });
  assert.equal(early.status, 303);
  page = await coordinator.get(early.location);
  assert.match(text(page.text), /n'est pas encore dû/);
  runDue(now() + 3600);
  assert.equal(await status(requests[1]), 'Demande en attente du tirage au sort');

  // Two instances run the job at the same moment: one draw.
  const at = now() + 2 * 86400 + 120;
  const [r1, r2] = await Promise.all([runDueAsync(at), runDueAsync(at)]);
  assert.equal(r1.code, 0, r1.out);
  assert.equal(r2.code, 0, r2.out);

  page = await coordinator.get(`/sorties/creneaux/${drawSlot}/tirage`);
  assert.equal(page.status, 200);
  const seed = page.text.match(/<code id="draw-seed">([^<]+)<\/code>/)[1];
  assert.ok(seed.length >= 40, 'a long random seed is recorded');
  const rows = [...page.text.matchAll(/<tr><td[^>]*>(\d+)<\/td><td[^>]*>([^<]+)<\/td><td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td><td[^>]*><code>([0-9a-f]+)<\/code><\/td><td[^>]*>([^<]+)<\/td><\/tr>/g)]
    .map((m) => ({ rank: Number(m[1]), code: m[2], id: m[3], prior: Number(m[4]), key: m[6], status: m[7].replace(/&apos;/g, "'") }));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3, 4, 5]);
  // The person with an outing already comes last; the others had none.
  assert.equal(rows[4].id, requests[0]);
  assert.equal(rows[4].prior, 1);
  for (const r of rows.slice(0, 4)) assert.equal(r.prior, 0);
  // Anyone can recompute the order from the seed: fewer outings, then sha256("seed:number").
  const recomputed = rows.map((r) => ({ ...r, hash: createHash('sha256').update(`${seed}:${r.id}`).digest('hex') }))
    .sort((a, b) => a.prior - b.prior || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  assert.deepEqual(recomputed.map((r) => r.id), rows.map((r) => r.id));
  for (const r of recomputed) assert.ok(r.hash.startsWith(r.key));
  // Places in rank order: the first two confirmed, the others wait with their rank.
  assert.deepEqual(rows.map((r) => r.status), ['confirmée', 'confirmée', "en liste d'attente", "en liste d'attente", "en liste d'attente"]);
  const verify = await coordinator.get(`/sorties/creneaux/${drawSlot}/tirage?verifier=1`);
  assert.match(text(verify.text), /Vérification réussie/);
  // No booking code leads to a person on this page.
  assert.doesNotMatch(verify.text, /B-[A-Z0-9]{4}-[A-Z0-9]{2}/);

  // One e-mail per request, not two.
  for (const r of rows) {
    const subject = r.rank <= 2 ? 'Tirage au sort : place obtenue' : "Tirage au sort : liste d'attente";
    await waitForMail((m) => m.subject.startsWith(subject) && m.body.includes(r.code));
    assert.equal(mails().filter((m) => m.subject.startsWith('Tirage au sort') && m.body.includes(r.code)).length, 1);
  }
  // A second run, or the coordinator's button, does not draw again.
  runDue(at + 60);
  const twice = await coordinator.post(`/sorties/creneaux/${drawSlot}/tirage`, { _submission: unique('s') });
  page = await coordinator.get(twice.location);
  assert.match(text(page.text), /a déjà eu lieu/);
  assert.equal(page.text.match(/<code id="draw-seed">([^<]+)<\/code>/)[1], seed, 'the seed never changes');
  const admin = await signIn(server, DEMO.administrator);
  const journal = await admin.get('/admin/journal');
  assert.equal(journal.text.split(`seed=${seed}`).length - 1, 1, 'one draw in the audit log');

  // The venue's staff sees the draw of its slot; a referent does not.
  const venue = await signIn(server, DEMO.partner_staff);
  assert.equal((await venue.get(`/sorties/creneaux/${drawSlot}/tirage`)).status, 200);
  assert.equal((await referent.get(`/sorties/creneaux/${drawSlot}/tirage`)).status, 403);

  // A drawn place freed later goes to the best-ranked waiting request.
  const confirmedId = rows[0].id;
  await cancel(confirmedId);
  assert.equal(await status(rows[2].id), 'Place proposée (à accepter)');
  assert.equal(await status(rows[3].id), "Sur liste d'attente");
});

test('a slot that is not a draw has no draw page; bad ids answer 404', async () => {
  const slot = await publishSlot(server, { capacity: 3, title: unique('Pas de tirage') });
  assert.equal((await coordinator.get(`/sorties/creneaux/${slot}/tirage`)).status, 404);
  assert.equal((await referent.get('/sorties/reservations/99999999/accepter')).status, 404);
});

test("the server's job runs a due draw by itself", async () => {
  const slot = await publishSlot(server, { capacity: 1, mode: 'draw', drawIn: 3600, startsIn: 5 * 86400, title: unique('Tirage auto') });
  const [a, b] = [await createBeneficiary(referent), await createBeneficiary(referent)];
  const ka = await bookId(slot, a);
  const kb = await bookId(slot, b);
  assert.equal(await status(ka), 'Demande en attente du tirage au sort');
  // The draw falls due: its date moved into the past in the database (the form takes future dates only), and
  // the server's job (every second here) makes it, unasked.
  querySql(server.database, `UPDATE outing_slots SET draw_at = ${now() - 1} WHERE id = ${slot}`);
  const statuses = await until(async () => {
    const both = [await status(ka), await status(kb)];
    return !both.includes('Demande en attente du tirage au sort') && both;
  }, 'the draw made by the job', 30000, 200);
  assert.deepEqual(statuses.sort(), ['Confirmée', "Sur liste d'attente"]);
  const page = await coordinator.get(`/sorties/creneaux/${slot}/tirage?verifier=1`);
  assert.match(text(page.text), /Vérification réussie/);
});

test("a place passed on from the waiting list counts in the allocation's quota, and is given back", async () => {
  const ids = await organisationIds(coordinator, ['Cultures du Cœur 94', 'Théâtre Quartier Libre']);
  await coordinator.get('/sorties/contingents/nouveau');
  const year = parisYear();
  const alloc = await coordinator.post('/sorties/contingents', {
    name: unique('Tous au théâtre'), donor: 'Une fondation', description: '', places: '10',
    starts_on: `${year}-01-01`, ends_on: `${year + 1}-12-31`, status: 'active', _submission: unique('s'),
  });
  assert.equal(alloc.status, 303, flashError(alloc.text));
  const target = await coordinator.post(`${alloc.location}/cibles`, { organisation: ids['Cultures du Cœur 94'], quota: '1', _submission: unique('s') });
  assert.equal(target.status, 303);
  const targetUsed = async () => {
    const page = await coordinator.get(alloc.location);
    return Number(page.text.match(/<th scope="row">Cultures du Cœur 94<\/th><td[^>]*>[^<]*<\/td><td[^>]*>1<\/td><td[^>]*>(\d+)<\/td>/)[1]);
  };
  // An offer whose slot draws on the allocation.
  const offer = await coordinator.post('/sorties/offres', {
    venue: ids['Théâtre Quartier Libre'], title: unique('Contingent'), category: 'live_show', description: 'x',
    audience: 'all', language: 'fr', _submission: unique('s'),
  });
  assert.equal(offer.status, 303, flashError(offer.text));
  const t = now();
  const created = await coordinator.post(`${offer.location}/creneaux`, {
    starts: parisLocal(t + 20 * 86400), capacity: '1', opens: parisLocal(t - 3600), mode: 'first_come',
    allocation: alloc.location.match(/(\d+)$/)[1], _submission: unique('s'),
  });
  assert.equal(created.status, 303, flashError(created.text));
  await coordinator.post(`${offer.location}/statut`, { status: 'published', _submission: unique('s') });
  const slot = [...(await coordinator.get(offer.location)).text.matchAll(/\/sorties\/creneaux\/(\d+)/g)][0][1];

  const [a, b] = [await createBeneficiary(referent), await createBeneficiary(referent)];
  const ka = await bookId(slot, a);
  const kb = await bookId(slot, b);
  assert.equal(await status(ka), 'Confirmée');
  assert.equal(await status(kb), "Sur liste d'attente");
  assert.equal(await targetUsed(), 1);
  await cancel(ka);
  assert.equal(await status(kb), 'Place proposée (à accepter)', 'the quota freed by the cancellation goes with the place');
  assert.equal(await targetUsed(), 1);
  await answer(kb, 'refuser');
  assert.equal(await targetUsed(), 0, 'a declined place gives the quota back');
  assert.equal(await placesLeft(referent, slot), 1);
});
