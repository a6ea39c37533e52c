// After the outing (/sorties): the referent's feedback (reaction, a quote shared only with consent,
// published by the coordinator or the venue), attendance reminders sent once, the referent's dashboard
// (pending answers, people followed, the structure's history) and the coordinator's dashboard (figures
// per week, category, délégation, partner, allocation; QPV share without small groups; streamed,
// audited CSV export).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, mails, runTrame, startTrame, waitForMail } from '../harness.mjs';
import {
  addUser, beginOuting, book, createBeneficiary, publishSlot, flashError, organisationIds, signIn, unique, PASSWORD,
} from '../bookings_fixtures.mjs';

let server;
let coordinator;
let referent;
let orgs;

before(async () => {
  server = await startTrame();
  coordinator = await signIn(server, DEMO.coordinator);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(coordinator, ['Espace culturel Paul Guimard', 'Théâtre Quartier Libre']);
});
after(async () => { await server?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

async function bookId(slot, beneficiary) {
  const res = await book(referent, slot, beneficiary.id);
  assert.equal(res.status, 303, flashError(res.text));
  return res.location.match(/\/sorties\/reservations\/(\d+)/)[1];
}

async function mark(id, how) {
  await referent.get(`/sorties/reservations/${id}`);
  const res = await referent.post(`/sorties/reservations/${id}/presence`, { mark: how, _submission: unique('s') });
  assert.equal(res.status, 303);
}

async function codeOf(id) {
  const page = await referent.get(`/sorties/reservations/${id}/accepter`);
  return page.text.match(/<dt>Code de réservation<\/dt><dd>([^<]+)<\/dd>/)[1];
}

async function postFeedback(id, fields) {
  const form = await referent.get(`/sorties/reservations/${id}/avis`);
  assert.equal(form.status, 200);
  return referent.post(`/sorties/reservations/${id}/avis`, { _submission: unique('s'), ...fields });
}

// A slot booked for `people`, then begun.
async function pastOuting(people, title) {
  const slot = await publishSlot(server, { capacity: 10, startsIn: 3600, title });
  const ids = [];
  for (const p of people) ids.push(await bookId(slot, p));
  beginOuting(server, slot);
  assert.match((await referent.get(`/sorties/reservations/${ids[0]}`)).text, /name="mark"/, 'the attendance form');
  return { slot, ids };
}

let outing;   // { slot, ids } shared by the tests below
let people;

test('after the outing the referent records the reaction and a quote shared only with consent', async () => {
  people = [];
  for (let i = 0; i < 6; i++) people.push(await createBeneficiary(referent, { in_qpv: i < 3 ? '1' : '0' }));
  outing = await pastOuting(people, unique('Concert du soir'));
  const [used, notYet] = outing.ids;
  // Feedback waits for the attendance.
  let res = await postFeedback(notYet, { reaction: 'liked' });
  assert.equal(res.status, 422);
  assert.match(text(res.text), /une fois la présence de la personne notée/);

  await mark(used, 'present');
  const dash = await referent.get('/sorties/tableau-de-bord');
  const code = await codeOf(used);
  assert.match(text(dash.text), new RegExp(`Avis à donner \\(\\d+\\).*${code}`));

  const bad = [
    [{ reaction: 'super' }, /Choisissez ce que la personne a pensé/],
    [{}, /Choisissez ce que la personne a pensé/],
    [{ reaction: 'liked', quote: 'é'.repeat(281), consent: '1' }, /ne doit pas dépasser 280 caractères/],
    [{ reaction: 'liked', quote: 'C’était magnifique.' }, /qu'avec l'accord de la personne/],
  ];
  for (const [fields, message] of bad) {
    res = await postFeedback(used, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(text(res.text), message);
    assert.match(res.text, /role="alert"/);
  }
  // Nothing recorded by bad input.
  assert.doesNotMatch(text((await referent.get(`/sorties/reservations/${used}/avis`)).text), /Un avis a déjà été enregistré/);

  // 280 characters (accents count as one) are accepted.
  res = await postFeedback(used, { reaction: 'liked', quote: 'é'.repeat(280), consent: '1' });
  assert.equal(res.status, 303);
  res = await postFeedback(used, { reaction: 'liked', quote: 'On a ri du début à la fin, merci !', consent: '1' });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/sorties/tableau-de-bord');
  const after = await referent.get('/sorties/tableau-de-bord');
  assert.match(text(after.text), /Avis enregistré/);
  assert.doesNotMatch(text(after.text), new RegExp(`Avis à donner.*${code}`));
  const again = await referent.get(`/sorties/reservations/${used}/avis`);
  assert.match(text(again.text), /Un avis a déjà été enregistré/);
  assert.match(again.text, /On a ri du début à la fin, merci !/);

  // A reaction without a quote needs no consent.
  await mark(outing.ids[2], 'present');
  res = await postFeedback(outing.ids[2], { reaction: 'mixed' });
  assert.equal(res.status, 303);

  // Another relais's referent may not give feedback for it: the booking answers like one that does not exist.
  const other = `referent.${unique('f')}@trame.test`;
  addUser(server, other, 'referent', orgs['Espace culturel Paul Guimard']);
  const stranger = await signIn(server, other, PASSWORD);
  assert.equal((await stranger.get(`/sorties/reservations/${used}/avis`)).status, 404);
});

test('consented quotes are published by the coordinator or the venue, never by others', async () => {
  const list = await coordinator.get('/sorties/temoignages');
  assert.equal(list.status, 200);
  assert.match(list.text, /On a ri du début à la fin, merci !/);
  const id = outing.ids[0];
  assert.match(list.text, new RegExp(`action="/sorties/temoignages/${id}"`));
  // A reaction without a quote is not listed.
  assert.doesNotMatch(list.text, new RegExp(`action="/sorties/temoignages/${outing.ids[2]}"`));

  let res = await coordinator.post(`/sorties/temoignages/${id}`, { publish: '1', _submission: unique('s') });
  assert.equal(res.status, 303);
  let page = await coordinator.get('/sorties/temoignages');
  assert.match(text(page.text), /Témoignage publié/);
  assert.match(text(page.text), /merci ! » .* publié/);

  // The venue's staff sees its quotes and may withdraw them.
  const venue = await signIn(server, DEMO.partner_staff);
  page = await venue.get('/sorties/temoignages');
  assert.equal(page.status, 200);
  assert.match(page.text, /On a ri du début à la fin/);
  res = await venue.post(`/sorties/temoignages/${id}`, { publish: '0', _submission: unique('s') });
  assert.equal(res.status, 303);
  page = await venue.get('/sorties/temoignages');
  assert.match(text(page.text), /Publication retirée/);

  // Another venue's staff neither sees nor publishes it (outside their scope: not found, like a missing
  // quote); a referent has no access.
  const otherStaff = `billetterie.${unique('v')}@trame.test`;
  addUser(server, otherStaff, 'partner_staff', orgs['Espace culturel Paul Guimard']);
  const stranger = await signIn(server, otherStaff, PASSWORD);
  page = await stranger.get('/sorties/temoignages');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /On a ri du début à la fin/);
  assert.equal((await stranger.post(`/sorties/temoignages/${id}`, { publish: '1', _submission: unique('s') })).status, 404);
  assert.equal((await referent.get('/sorties/temoignages')).status, 403);
  // Without consent nothing can be published.
  res = await coordinator.post(`/sorties/temoignages/${outing.ids[2]}`, { publish: '1', _submission: unique('s') });
  page = await coordinator.get(res.location);
  assert.match(text(page.text), /n'a pas donné son accord/);
});

test('slots whose attendance is missing remind the referent once', async () => {
  const code = await codeOf(outing.ids[1]);
  // 48 h after the outing (the rule's default), the job e-mails the referent, once.
  let out = runTrame(['jobs', 'run-due', '--database', server.database, '--now', String(now() + 3600)]);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, / 0 rappel/);
  out = runTrame(['jobs', 'run-due', '--database', server.database, '--now', String(now() + 49 * 3600)]);
  assert.match(out.stdout, / 1 rappel/);
  const mail = await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Présences à noter') && m.body.includes(code));
  assert.match(mail.body, /\/sorties\/tableau-de-bord/);
  assert.doesNotMatch(mail.body, new RegExp(`${await codeOf(outing.ids[0])}`), 'attendance recorded: not listed');
  out = runTrame(['jobs', 'run-due', '--database', server.database, '--now', String(now() + 50 * 3600)]);
  assert.match(out.stdout, / 0 rappel/);
  assert.equal(mails().filter((m) => m.subject.startsWith('Présences à noter') && m.body.includes(code)).length, 1);
  // The dashboard lists it among the attendances to record.
  const dash = await referent.get('/sorties/tableau-de-bord');
  assert.match(text(dash.text), new RegExp(`Présences à noter \\(\\d+\\).*${code}`));
});

test("the referent's dashboard shows upcoming outings, people followed and the structure's history", async () => {
  const upcoming = await publishSlot(server, { capacity: 4, title: unique('Musée à venir') });
  const id = await bookId(upcoming, people[5]);
  const code = await codeOf(id);
  const dash = await referent.get('/sorties/tableau-de-bord');
  assert.equal(dash.status, 200);
  assert.match(text(dash.text), new RegExp(`Sorties à venir .*Musée à venir.*${people[5].code}.*${code}`));

  const list = await referent.get('/sorties/tableau-de-bord/personnes');
  assert.equal(list.status, 200);
  const row = list.text.match(new RegExp(`<th scope="row">${people[0].code}</th><td[^>]*>[^<]*</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td>`));
  assert.ok(row, 'the person is listed by code');
  assert.equal(row[1], '1', 'one outing done');

  const history = await referent.get('/sorties/tableau-de-bord/historique');
  assert.equal(history.status, 200);
  assert.match(text(history.text), /Cultures du Cœur 94/);
  assert.match(history.text, new RegExp(code));
  assert.match(text(history.text), /A aimé/);

  // Another relais's referent sees none of it.
  const other = `referent.${unique('d')}@trame.test`;
  addUser(server, other, 'referent', orgs['Espace culturel Paul Guimard']);
  const stranger = await signIn(server, other, PASSWORD);
  assert.doesNotMatch((await stranger.get('/sorties/tableau-de-bord/historique')).text, new RegExp(code));
  assert.doesNotMatch((await stranger.get('/sorties/tableau-de-bord/personnes')).text, new RegExp(people[0].code));
});

test("the coordinator's dashboard counts places, hides small QPV groups and exports a CSV", async () => {
  const page = await coordinator.get('/sorties/pilotage');
  assert.equal(page.status, 200);
  const t = text(page.text);
  for (const heading of ['Par semaine', 'Par catégorie', 'Par délégation', 'Par partenaire', 'Par contingent',
    'Part des sorties de personnes habitant en QPV', 'Partenaires dont les places restent inutilisées']) {
    assert.ok(t.includes(heading), heading);
  }
  assert.match(t, /Théâtre Quartier Libre/);
  assert.match(t, /Spectacle vivant/);
  const figure = (label) => Number(page.text.match(new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`))[1]);
  assert.ok(figure('Places offertes') >= 10, 'the past outing\'s 10 places');
  assert.ok(figure('Places utilisées') >= 2);

  // Two people attended so far: fewer than 5, the QPV share is hidden.
  assert.match(t, /Toutes catégories moins de 5 sorties : non affiché/);
  for (const id of outing.ids.slice(3, 5)) await mark(id, 'present');
  await mark(outing.ids[1], 'present');
  const after = text((await coordinator.get('/sorties/pilotage')).text);
  const m = after.match(/Toutes catégories (\d+) (\d+),(\d) %/);
  assert.ok(m, 'with 5 outings the share is shown');
  assert.equal(m[1], '5');
  // Of the five who went (people 0-4), three live in a QPV.
  assert.equal(`${m[2]},${m[3]}`, '60,0');

  // Bad period: a French message, the default period shown.
  const bad = await coordinator.get('/sorties/pilotage?du=2026-13-45&au=hier');
  assert.equal(bad.status, 200);
  assert.match(text(bad.text), /Période invalide/);

  // CSV: streamed, with a line per group, and recorded in the audit log.
  const csv = await coordinator.get('/sorties/pilotage.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /pilotage-sorties\.csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'Regroupement;Groupe;Places offertes;Places réservées;Places utilisées;Absences;Places perdues');
  assert.ok(lines.some((l) => /^Catégorie;Spectacle vivant;\d+;\d+;\d+;\d+;\d+$/.test(l)));
  assert.ok(lines.some((l) => l.startsWith('Partenaire;Théâtre Quartier Libre;')));
  assert.ok(lines.some((l) => l.startsWith('Semaine;Semaine du ')));
  const admin = await signIn(server, DEMO.administrator);
  assert.match((await admin.get('/admin/journal')).text, /outings\.dashboard\.exported/);

  // Referents and venues have no access.
  assert.equal((await referent.get('/sorties/pilotage')).status, 403);
  assert.equal((await referent.get('/sorties/pilotage.csv')).status, 403);
  const venue = await signIn(server, DEMO.partner_staff);
  assert.equal((await venue.get('/sorties/pilotage')).status, 403);
});
