// Referents' onboarding (docs/network_life/onboarding.md): when a coordinator marks a referent of a relais
// present at an atelier d'appropriation (the events' attendance), the referent is onboarded for that relais
// in the same transaction — a row of the history (user, relais, event, day, source) and the outings'
// booking gate's date (memberships.onboarded_on), audited — so the booking form that refused them (« la
// coordination n'a pas enregistré votre participation à une formation d'accueil ») lets them book at once.
// A café découverte does not onboard. The relais page shows the onboarded referents with the date and the
// workshop to the relais's members and its coordinators (others: 404); coordinators list the relais with no
// onboarded referent and the referents onboarded more than N years ago (setting
// network_life.onboarding_valid_years); others are refused (403); the dashboard counts the relais without.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, runSql, startTrame } from '../harness.mjs';
import {
  addUser, book, createBeneficiary, createEvent, dbRows, dbValue, eventHappened, flashError, frenchDay, hex, markPresent,
  orgId, publishSlot, q, signIn, textOf, userIdOf, PASSWORD,
} from './onboarding_fixtures.mjs';

let server;
const people = {};
let vitry, head, slot;
const NOT_ONBOARDED = "la coordination n'a pas enregistré votre participation à une formation d'accueil";

before(async () => {
  server = await startTrame();
  vitry = orgId(server, 'Relais social de Vitry-sur-Seine (fictif)');
  head = orgId(server, 'Cultures du Cœur 94');
  for (const who of ['newcomer', 'cafe']) {
    const email = `${who}.${hex()}@relais-vitry.example`;
    addUser(server, email, 'referent', vitry);
    people[who] = await signIn(server, email, PASSWORD);
    people[`${who}Id`] = userIdOf(server, email);
  }
  people.head = await signIn(server, 'animation@culturesducoeur94.local', 'trame-demo-2026');
  people.otherCoordinator = await signIn(server, DEMO.coordinator, 'trame-demo-2026');
  people.referent = await signIn(server, DEMO.referent, 'trame-demo-2026');
  people.volunteer = await signIn(server, DEMO.volunteer, 'trame-demo-2026');
  slot = await publishSlot(server, { title: `Atelier théâtre ${hex()}` });
});
after(() => server?.stop());

const gate = (userId) => dbValue(server.database, `SELECT 'd:' || onboarded_on FROM memberships WHERE user_id = ${userId} AND organisation_id = ${vitry} AND role = 'referent'`).slice(2);
const history = (userId) => dbRows(server.database, `SELECT organisation_id, event_id, day, source FROM life_onboardings WHERE user_id = ${userId}`);

test('attending an atelier d\'appropriation onboards the referent: the booking gate then accepts', async () => {
  // Before: the booking form refuses, nothing recorded.
  let form = await people.newcomer.get(`/sorties/creneaux/${slot}/reserver`);
  assert.equal(form.status, 200);
  assert.ok(textOf(form.text).includes(NOT_ONBOARDED), 'refused before the workshop');
  assert.equal(gate(people.newcomerId), '');
  const without = await people.head.get('/evenements/referents');
  assert.equal(without.status, 200);

  const title = `Atelier d'appropriation ${hex()}`;
  const event = await createEvent(people.head, head, 'atelier_appropriation', title);
  await people.newcomer.get(`/evenements/${event}`);
  const reg = await people.newcomer.post(`/evenements/${event}/inscription`, { organisation: String(vitry), _submission: `s-${hex()}` });
  assert.equal(reg.status, 303, flashError(reg.text));
  const today = eventHappened(server, event);
  await markPresent(people.head, server, event, people.newcomerId);

  assert.equal(gate(people.newcomerId), today, 'the gate\'s date is the workshop\'s day');
  assert.deepEqual(history(people.newcomerId), [[String(vitry), String(event), today, 'atelier_appropriation']]);
  const audited = dbValue(server.database, `SELECT COUNT(*) FROM audit_log WHERE action = 'onboarding.recorded' AND subject = ${q(`user:${people.newcomerId}`)}`);
  assert.equal(Number(audited), 1);

  // After: the form offers the beneficiaries, and a booking goes through.
  form = await people.newcomer.get(`/sorties/creneaux/${slot}/reserver`);
  assert.ok(!textOf(form.text).includes(NOT_ONBOARDED), 'no refusal after the workshop');
  const ben = await createBeneficiary(people.newcomer);
  const booked = await book(people.newcomer, slot, ben.id);
  assert.equal(booked.status, 303, `booked: ${flashError(booked.text)}`);

  // Marking present again changes nothing more (one history row per event).
  await markPresent(people.head, server, event, people.newcomerId);
  assert.equal(history(people.newcomerId).length, 1);

  // The relais page shows them, with the date and the workshop.
  const page = await people.head.get(`/evenements/relais/${vitry}`);
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.match(text, /Référents formés/);
  assert.ok(text.includes(`Atelier d'appropriation du ${frenchDay(today)}`));
  assert.ok(page.text.includes(`href="/evenements/${event}"`));
});

test('a café découverte does not onboard', async () => {
  const event = await createEvent(people.head, head, 'cafe_decouverte', `Café découverte ${hex()}`);
  await people.cafe.get(`/evenements/${event}`);
  const reg = await people.cafe.post(`/evenements/${event}/inscription`, { organisation: String(vitry), _submission: `s-${hex()}` });
  assert.equal(reg.status, 303, flashError(reg.text));
  eventHappened(server, event);
  await markPresent(people.head, server, event, people.cafeId);
  assert.equal(gate(people.cafeId), '');
  assert.equal(history(people.cafeId).length, 0);
  const form = await people.cafe.get(`/sorties/creneaux/${slot}/reserver`);
  assert.ok(textOf(form.text).includes(NOT_ONBOARDED));
});

test('who sees the relais page and the coordinators\' lists', async () => {
  assert.equal((await people.newcomer.get(`/evenements/relais/${vitry}`)).status, 200, 'a member of the relais');
  assert.equal((await people.referent.get(`/evenements/relais/${vitry}`)).status, 404, 'a referent of another relais');
  assert.equal((await people.otherCoordinator.get(`/evenements/relais/${vitry}`)).status, 404, 'a coordinator of another network');
  assert.equal((await people.referent.get(`/evenements/relais/${head}`)).status, 200, 'the demo referent sees their own relais');
  assert.equal((await people.head.get('/evenements/relais/999999')).status, 404);
  for (const url of ['/evenements/referents', '/evenements/referents/anciens']) {
    assert.equal((await people.referent.get(url)).status, 403, `${url}: a referent`);
    assert.equal((await people.volunteer.get(url)).status, 403, `${url}: a volunteer`);
    assert.equal((await people.head.get(url)).status, 200, `${url}: the coordinator`);
  }
});

test('relais without an onboarded referent, on the list and the dashboard', async () => {
  // A new relais of Cultures du Cœur 94's network: its referent is not onboarded.
  const name = `Relais test ${hex()}`;
  const admin = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  const r = runSql(server.database, `INSERT INTO organisations (name, kind, status, created_at) VALUES (${q(name)}, 'social', 'active', 0)`);
  assert.equal(r.status, 0, r.stderr);
  const id = orgId(server, name);
  addUser(server, `ref.${hex()}@relais-test.example`, 'referent', id);
  runSql(server.database, `INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, end_date, charter_signed_on, contact_name, contact_email, notes, created_at, updated_at) VALUES (${head}, ${id}, 'social_relay', 'active', '2026-01-01', '', '', '', '', '', 0, 0)`);
  let found = false;
  for (let page = 1; page < 20 && !found; page++) {
    const list = await people.head.get(`/evenements/referents?page=${page}`);
    if (list.text.includes(name)) found = true;
    if (!list.text.includes('rel="next"')) break;
  }
  assert.ok(found, 'the new relais is listed');
  assert.ok(!(await people.otherCoordinator.get('/evenements/referents')).text.includes(name), 'not in another network');
  const adminList = await admin.get('/evenements/referents');
  assert.equal(adminList.status, 200);
  const dash = await people.head.get('/tableau-de-bord');
  assert.match(textOf(dash.text), /Relais sans référent formé/);
  assert.match(dash.text, /href="\/evenements\/referents"/);
  // The Vitry relais has an onboarded referent now: not listed.
  let vitryListed = false;
  for (let page = 1; page < 20; page++) {
    const list = await people.head.get(`/evenements/referents?page=${page}`);
    if (list.text.includes(`/evenements/relais/${vitry}"`)) vitryListed = true;
    if (!list.text.includes('rel="next"')) break;
  }
  assert.ok(!vitryListed);
});

test('referents onboarded more than N years ago (setting)', async () => {
  const email = `ancien.${hex()}@relais-vitry.example`;
  addUser(server, email, 'referent', vitry);
  const id = userIdOf(server, email);
  runSql(server.database, `UPDATE memberships SET onboarded_on = '2019-05-02' WHERE user_id = ${id}`);
  const name = `Test ${email.split('@')[0]}`;
  const check = async () => {
    for (let page = 1; page < 30; page++) {
      const list = await people.head.get(`/evenements/referents/anciens?page=${page}`);
      if (textOf(list.text).includes(name)) return true;
      if (!list.text.includes('rel="next"')) return false;
    }
    return false;
  };
  assert.ok(await check(), 'onboarded in 2019: older than 3 years');
  runSql(server.database, "DELETE FROM settings WHERE key = 'network_life.onboarding_valid_years'");
  runSql(server.database, "INSERT INTO settings (key, value) VALUES ('network_life.onboarding_valid_years', '10')");
  assert.ok(!(await check()), 'not older than 10 years');
  const page = await people.head.get('/evenements/referents/anciens');
  assert.match(textOf(page.text), /plus de 10 ans/);
});
