// Schemes with calendars (docs/outings.md "Calendars and day rules"): the shipped school calendar is the
// migrated table; an allocation's day rules refuse a slot on a day they do not allow, with the rule in
// French and nothing changed, and accept weekends and holidays; a rule that would leave upcoming slots
// outside is refused; the calendar's CSV upload is checked (nothing changed on a faulty file), previewed,
// then replaces the calendar, and its download is the shipped format.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ROOT, querySql, startTrame, parisYear } from '../harness.mjs';
import { flashError, networkWideCoordinator, organisationIds, signIn, unique } from '../bookings_fixtures.mjs';

let server;
let coordinator;
let venue;

before(async () => {
  server = await startTrame({ smtp: false });
  await networkWideCoordinator(server);
  coordinator = await signIn(server, DEMO.coordinator);
  venue = (await organisationIds(coordinator, ['Théâtre Quartier Libre']))['Théâtre Quartier Libre'];
});
after(async () => { await server?.stop(); });

const SHIPPED = fs.readFileSync(path.join(ROOT, 'data/school_holidays.csv'), 'utf8');
const shippedRows = SHIPPED.trim().split('\n').slice(1).map((l) => l.split(','));

function decode(s) {
  return s.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
const sql = (statement) => querySql(server.database, statement);

// 'YYYY-MM-DD' in Europe/Paris, days from today.
function parisDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86400000));
}
const weekday = (iso) => new Date(`${iso}T12:00:00Z`).getUTCDay();  // 0 Sunday … 6 Saturday
const zoneC = (iso) => shippedRows.some(([zone, , first, last]) => zone === 'C' && first <= iso && iso <= last);
const FIXED = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'];
// The first day from `from` days on that `ok` accepts (within a year).
function firstDay(from, ok) {
  for (let d = from; d < from + 366; d++) if (ok(parisDay(d))) return parisDay(d);
  return null;
}
// A Tuesday of school in zone C (Tuesdays are never Easter Monday, Ascension or Whit Monday).
const schoolTuesday = firstDay(10, (iso) => weekday(iso) === 2 && !zoneC(iso) && !FIXED.includes(iso.slice(5)));
const saturday = firstDay(10, (iso) => weekday(iso) === 6);
const holidayWeekday = firstDay(3, (iso) => weekday(iso) >= 1 && weekday(iso) <= 5 && zoneC(iso));

async function createAllocation(days, zone = 'C') {
  const name = unique('Contingent calendrier');
  const year = parisYear();
  await coordinator.get('/sorties/contingents/nouveau');
  const form = new URLSearchParams({ _csrf: coordinator.csrf, _submission: coordinator.submission, name, donor: 'Test',
    description: '', places: '100', starts_on: `${year}-01-01`, ends_on: `${year + 1}-12-31`, status: 'active', zone });
  for (const d of days) form.append('days', d);
  const res = await coordinator.request('POST', '/sorties/contingents', { form });
  assert.equal(res.status, 303, `allocation created: ${flashError(res.text)}`);
  return { id: res.location.match(/\/sorties\/contingents\/(\d+)/)[1], name };
}

async function editAllocation(id, name, days, zone = 'C') {
  await coordinator.get(`/sorties/contingents/${id}/modifier`);
  const year = parisYear();
  const form = new URLSearchParams({ _csrf: coordinator.csrf, _submission: coordinator.submission, name, donor: 'Test',
    description: '', places: '100', starts_on: `${year}-01-01`, ends_on: `${year + 1}-12-31`, status: 'active', zone });
  for (const d of days) form.append('days', d);
  return coordinator.request('POST', `/sorties/contingents/${id}`, { form });
}

async function createOffer() {
  await coordinator.get('/sorties/offres/nouvelle');
  const res = await coordinator.post('/sorties/offres', {
    venue, title: unique('Île de loisirs (test)'), category: 'leisure', audience: 'all', language: 'fr',
    _submission: coordinator.submission,
  });
  assert.equal(res.status, 303, `offer created: ${flashError(res.text)}`);
  return res.location.match(/\/sorties\/offres\/(\d+)/)[1];
}

async function addSlot(offer, day, allocation) {
  await coordinator.get(`/sorties/offres/${offer}/creneaux/nouveau`);
  return coordinator.post(`/sorties/offres/${offer}/creneaux`, {
    starts: `${day}T10:00`, capacity: '5', mode: 'first_come', ...(allocation ? { allocation } : {}),
    _submission: coordinator.submission,
  });
}

const slotCount = (offer) => Number(sql(`SELECT COUNT(*) FROM outing_slots WHERE offer_id = ${offer}`));
const assigned = (allocation) => Number(sql(`SELECT assigned FROM outing_allocations WHERE id = ${allocation}`));
const holidayCount = () => Number(sql('SELECT COUNT(*) FROM school_holidays'));

test('the shipped calendar (data/school_holidays.csv) is what the migration loaded', () => {
  const table = sql("SELECT zone || ',' || name || ',' || first_day || ',' || last_day FROM school_holidays "
    + 'ORDER BY first_day, zone, name').split('\n').sort();
  const csv = shippedRows.map((r) => r.join(',')).sort();
  assert.equal(csv.length, 60);
  assert.deepEqual(table, csv);
});

test('a slot of an allocation limited to school holidays and weekends is refused on a school day, with the rule in French', async () => {
  const { id, name } = await createAllocation(['weekends', 'school_holidays']);
  assert.equal(sql(`SELECT day_rules || '|' || zone FROM outing_allocations WHERE id = ${id}`), 'school_holidays,weekends|C');
  const page = await coordinator.get(`/sorties/contingents/${id}`);
  assert.match(decode(page.text), /vacances scolaires \(zone C\) et week-ends seulement/);

  const offer = await createOffer();
  // The slot form names the days each allocation allows.
  const slotForm = decode((await coordinator.get(`/sorties/offres/${offer}/creneaux/nouveau`)).text);
  assert.ok(slotForm.includes(`>${name} (100 places à attribuer) — vacances scolaires (zone C) et week-ends seulement</option>`));
  const [slotsBefore, assignedBefore] = [slotCount(offer), assigned(id)];
  const refused = await addSlot(offer, schoolTuesday, id);
  assert.equal(refused.status, 422);
  assert.equal(decode(flashError(refused.text)), `${name} : vacances scolaires (zone C) et week-ends seulement.`);
  assert.equal(slotCount(offer), slotsBefore, 'no slot created');
  assert.equal(assigned(id), assignedBefore, 'no place taken from the allocation');

  const weekend = await addSlot(offer, saturday, id);
  assert.equal(weekend.status, 303, `a Saturday is allowed: ${flashError(weekend.text)}`);
  assert.equal(assigned(id), assignedBefore + 5);
  if (holidayWeekday) {  // the shipped calendar covers today's school year
    const holiday = await addSlot(offer, holidayWeekday, id);
    assert.equal(holiday.status, 303, `a weekday of zone C's holidays (${holidayWeekday}) is allowed: ${flashError(holiday.text)}`);
  }
  // Outside the allocation, the same school day is fine.
  assert.equal((await addSlot(offer, schoolTuesday, null)).status, 303);

  // Editing an allocated slot onto a school day is refused too, and the slot keeps its day.
  const slotId = sql(`SELECT id FROM outing_slots WHERE offer_id = ${offer} AND allocation_id = ${id} ORDER BY starts_at LIMIT 1`);
  const startsBefore = sql(`SELECT starts_at FROM outing_slots WHERE id = ${slotId}`);
  await coordinator.get(`/sorties/creneaux/${slotId}/modifier`);
  const moved = await coordinator.post(`/sorties/creneaux/${slotId}`, {
    starts: `${schoolTuesday}T10:00`, capacity: '5', mode: 'first_come', allocation: id, _submission: coordinator.submission,
  });
  assert.equal(moved.status, 422);
  assert.match(decode(flashError(moved.text)), /vacances scolaires \(zone C\) et week-ends seulement/);
  assert.equal(sql(`SELECT starts_at FROM outing_slots WHERE id = ${slotId}`), startsBefore);
});

test('a rule that would leave upcoming slots outside it is refused, listing them; then the rule is kept', async () => {
  const { id, name } = await createAllocation([]);
  const offer = await createOffer();
  const slot = await addSlot(offer, schoolTuesday, id);
  assert.equal(slot.status, 303, `every day is allowed: ${flashError(slot.text)}`);

  const refused = await editAllocation(id, name, ['weekends', 'public_holidays']);
  assert.equal(refused.status, 422);
  const message = decode(flashError(refused.text));
  assert.match(message, /ne tombent pas sur ces jours/);
  const [y, m, d] = schoolTuesday.split('-');
  assert.ok(message.includes(`${d}/${m}/${y}`), `the slot's day is listed: ${message}`);
  assert.equal(sql(`SELECT day_rules FROM outing_allocations WHERE id = ${id}`), '');

  const unknown = await editAllocation(id, name, ['holidays']);
  assert.equal(unknown.status, 422);
  assert.equal(sql(`SELECT day_rules FROM outing_allocations WHERE id = ${id}`), '');

  const kept = await editAllocation(id, name, ['weekends', 'tue'], 'B');
  assert.equal(kept.status, 303, flashError(kept.text));
  assert.equal(sql(`SELECT day_rules || '|' || zone FROM outing_allocations WHERE id = ${id}`), 'weekends,tue|B');
  const page = await coordinator.get(`/sorties/contingents/${id}`);
  assert.match(decode(page.text), /week-ends et mardis seulement/);
});

// Posts a calendar file as multipart/form-data with the client's cookies and CSRF token.
async function upload(client, content) {
  await client.get('/sorties/calendrier');
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('_submission', client.submission);
  form.append('fichier', new Blob([content], { type: 'text/csv' }), 'vacances.csv');
  const res = await fetch(`${client.base}/sorties/calendrier/apercu`, {
    method: 'POST', body: form, redirect: 'manual', headers: { cookie: client.cookieHeader() },
  });
  return { status: res.status, text: decode(await res.text()) };
}

test('the calendar CSV: a faulty file is refused line by line with nothing changed; a good one is previewed, then replaces the calendar', async () => {
  const page = await coordinator.get('/sorties/calendrier');
  assert.equal(page.status, 200);
  assert.match(decode(page.text), /Toussaint/);
  const download = await coordinator.get('/sorties/calendrier.csv');
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-type'), /text\/csv/);
  // ';'-separated with a BOM, as every CSV the application writes (French Excel); the upload reads it back.
  const lines = download.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.replaceAll(';', ','));
  assert.equal(lines[0], 'zone,name,first_day,last_day');
  assert.deepEqual(lines.slice(1).sort(), shippedRows.map((r) => r.join(',')).sort());

  const before = holidayCount();
  const again = await upload(coordinator, download.text);
  assert.equal(again.status, 200, 'the download uploads back as it is');
  assert.match(again.text, /60 périodes à enregistrer/);
  const bad = await upload(coordinator, 'zone;name;first_day;last_day\nC;Hiver;2027-02-06;2027-02-21\nD;Hiver;2027-02-06;2027-02-21\n'
    + 'C;Printemps;2027-02-30;2027-04-18\nC;Été;2027-08-31;2027-07-03\n');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Ligne 3 : zone inconnue « D »/);
  assert.match(bad.text, /Ligne 4 : date invalide « 2027-02-30 »/);
  assert.match(bad.text, /Ligne 5 : le dernier jour \(2027-07-03\) précède le premier \(2027-08-31\)/);
  assert.doesNotMatch(bad.text, /Remplacer le calendrier<\/button>/);
  const header = await upload(coordinator, 'zone,nom,debut,fin\nC,Hiver,2027-02-06,2027-02-21\n');
  assert.equal(header.status, 422);
  assert.match(header.text, /en-tête attendu : zone,name,first_day,last_day/);
  // Confirming a faulty file directly changes nothing either.
  await coordinator.get('/sorties/calendrier');
  const forced = await coordinator.post('/sorties/calendrier', { contenu: 'zone,name,first_day,last_day\nD,X,2027-01-01,2027-01-02\n', _submission: coordinator.submission });
  assert.equal(forced.status, 422);
  assert.equal(holidayCount(), before);

  // A good file: the school Tuesday becomes a holiday of zone C.
  const content = `zone,name,first_day,last_day\nC,Vacances d'essai,${schoolTuesday},${schoolTuesday}\nA,Hiver,2027-02-13,2027-02-28\n`;
  const preview = await upload(coordinator, content);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /2 périodes à enregistrer/);
  assert.match(preview.text, /Vacances d'essai/);
  assert.equal(holidayCount(), before, 'the preview writes nothing');
  const hidden = preview.text.match(/name="contenu" value="([^"]*)"/)[1];
  assert.equal(hidden, content);
  const done = await coordinator.post('/sorties/calendrier', { contenu: hidden, _submission: coordinator.submission });
  assert.equal(done.status, 303);
  assert.equal(holidayCount(), 2);
  assert.equal(sql(`SELECT name FROM school_holidays WHERE zone = 'C'`), "Vacances d'essai");

  // The allocation limited to holidays and weekends now accepts that day.
  const { id } = await createAllocation(['school_holidays', 'weekends']);
  const offer = await createOffer();
  const slot = await addSlot(offer, schoolTuesday, id);
  assert.equal(slot.status, 303, flashError(slot.text));

  // Referents do not see the calendar; a délégation-limited coordinator reads it without replacing it.
  const referent = new Client(server.url);
  await referent.login(DEMO.referent);
  assert.equal((await referent.get('/sorties/calendrier')).status, 403);
});

test('the demo\'s Tickets Loisirs allow school holidays and weekends (zone C), and its slots fall on allowed days', () => {
  assert.equal(sql("SELECT day_rules || '|' || zone FROM outing_allocations WHERE name = 'Tickets Loisirs'"), 'school_holidays,weekends|C');
  // starts_at is unix seconds; the day is read in Europe/Paris.
  const starts = sql("SELECT s.starts_at FROM outing_slots s JOIN outing_allocations a ON a.id = s.allocation_id "
    + "WHERE a.name = 'Tickets Loisirs'").split('\n').filter(Boolean).map(Number);
  assert.ok(starts.length >= 2, 'the demo has Tickets Loisirs slots');
  for (const s of starts) {
    const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(s * 1000));
    assert.ok(weekday(iso) === 0 || weekday(iso) === 6 || zoneC(iso), `${iso} is a weekend or a holiday of zone C`);
  }
});

test('the new categories (environment, heritage, digital) are offered, saved and filtered in the catalogue', async () => {
  const form = await coordinator.get('/sorties/offres/nouvelle');
  for (const label of ['Environnement et transition écologique', 'Patrimoine', 'Numérique'])
    assert.ok(decode(form.text).includes(`>${label}</option>`), label);
  for (const category of ['environment', 'heritage', 'digital']) {
    const title = unique(`Sortie ${category}`);
    await coordinator.get('/sorties/offres/nouvelle');
    const res = await coordinator.post('/sorties/offres', { venue, title, category, audience: 'all', language: 'fr', _submission: coordinator.submission });
    assert.equal(res.status, 303, flashError(res.text));
    const offer = res.location.match(/\/sorties\/offres\/(\d+)/)[1];
    assert.equal(sql(`SELECT category FROM outing_offers WHERE id = ${offer}`), category);
    assert.equal((await addSlot(offer, saturday, null)).status, 303);
    await coordinator.get(`/sorties/offres/${offer}`);
    assert.equal((await coordinator.post(`/sorties/offres/${offer}/statut`, { status: 'published', _submission: coordinator.submission })).status, 303);
    const list = await coordinator.get(`/sorties?categorie=${category}`);
    assert.ok(decode(list.text).includes(title), `the ${category} filter finds the offer`);
  }
  // An unknown category is still refused, nothing created.
  const count = Number(sql('SELECT COUNT(*) FROM outing_offers'));
  await coordinator.get('/sorties/offres/nouvelle');
  const bad = await coordinator.post('/sorties/offres', { venue, title: unique('Sortie'), category: 'gardening', audience: 'all', _submission: coordinator.submission });
  assert.equal(bad.status, 422);
  assert.equal(Number(sql('SELECT COUNT(*) FROM outing_offers')), count);
});
