// Events of the network (/evenements, docs/network_life/events.md), over HTTP on a server with the demo:
// a manager of Cultures du Cœur 94 creates events (bad input: 422, nothing created; someone managing
// elsewhere: 403 on the organiser's pages); professionals register themselves, get a confirmation with a
// calendar file; N registrations at once on K places leave exactly K registered and the rest waiting, and
// a cancellation promotes exactly one (told by e-mail); twice, after the closing, on a cancelled event or
// a past one: refused with a French message and nothing changed; the online link only for registered
// people, the day before and on the day; a referent registers a person supported under their code (never
// a name); the reminder is sent once by the job; attendance after the start calls the listeners
// (onboarding) and the evaluation questionnaire is sent once to those present; anonymous visitors read
// public events only. The demo holds the seed's 2023–2024 events and two to come with free places.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, mailsUntil, mailTo, runSql, runTrame, startTrame } from '../harness.mjs';
import { createEvent, hex, nowSeconds, parisInput, post, signIn, sqlOf, textOf, valueOf } from './events_fixtures.mjs';

let server, sql, value;
const people = {};
let ccc;  // Cultures du Cœur 94's id
const MANAGER = 'animation@culturesducoeur94.local';
const OTHERS = ['formation@sagiterre.local', 'formateur@sagiterre.local', 'certification@observatoire.local',
  'jury@observatoire.local', 'billetterie@theatre-quartier-libre.local', 'stagiaire@paul-guimard.local',
  DEMO.volunteer, DEMO.referent];

const count = (event, status) => Number(value(`SELECT COUNT(*) FROM life_event_registrations WHERE event_id = ${event} AND status = '${status}'`));
const registrationsOf = (event) => Number(value(`SELECT COUNT(*) FROM life_event_registrations WHERE event_id = ${event}`));
const userId = (email) => Number(value(`SELECT id FROM users WHERE email = '${email}'`));

before(async () => {
  server = await startTrame({ env: { TRAME_TRAININGS_JOB_SECONDS: '1' } });
  sql = sqlOf(server);
  value = valueOf(server);
  ccc = value("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
  people.manager = await signIn(server, MANAGER);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.referent = await signIn(server, DEMO.referent);
  people.volunteer = await signIn(server, DEMO.volunteer);
});
after(async () => { await server?.stop(); });

test('the demo: the seed\'s events, the referent present at an atelier d\'appropriation, two events to come', async () => {
  const kinds = sql('SELECT key FROM life_event_kinds ORDER BY position').split('\n');
  assert.deepEqual(kinds, ['cafe_decouverte', 'atelier_appropriation', 'rencontre_interpro', 'rencontre_locale', 'colloque',
    'formation_courte', 'evenement_publics']);
  const atelier = value("SELECT r.attendance FROM life_event_registrations r JOIN life_events e ON e.id = r.event_id JOIN users u ON u.id = r.user_id WHERE e.kind = 'atelier_appropriation' AND e.starts_at < 1735689600 AND u.email = 'referente@culturesducoeur94.local'");
  assert.equal(atelier, 'present');
  assert.ok(Number(value("SELECT COUNT(*) FROM life_events WHERE kind = 'colloque' AND starts_at BETWEEN 1717200000 AND 1719791999")) >= 1, 'the colloquium in June 2024');
  assert.ok(Number(value("SELECT COUNT(*) FROM life_events WHERE title LIKE '20 ans%' AND kind = 'evenement_publics'")) >= 3);
  const upcoming = await new Client(server.url).get('/evenements');
  assert.equal(upcoming.status, 200);
  assert.ok(textOf(upcoming.text).includes('Café découverte — présentation du dispositif'), 'the public café to come, for anonymous visitors');
  const mine = await people.referent.get('/evenements');
  assert.ok(textOf(mine.text).includes("Atelier d'appropriation — nouveaux référents"), 'the network atelier for signed-in people');
  assert.match(textOf(mine.text), /places? libres? sur/);
  const past = await people.referent.get('/evenements?passes=1&type=colloque');
  assert.ok(textOf(past.text).includes('Journée de réflexion — assemblée générale 2024'));
});

test('creating: bad input refused (422, nothing created); managers of another organisation: 403', async () => {
  const title = `Atelier ${hex()}`;
  const starts = nowSeconds() + 5 * 86400;
  const base = { organiser: ccc, kind: 'atelier_appropriation', title, description: '', starts: parisInput(starts),
    ends: parisInput(starts + 3600), mode: 'in_person', place: ccc, place_detail: '', online_url: '', capacity: '10',
    closes: '', visibility: 'network' };
  const cases = [
    [{ title: '' }, 'Indiquez le titre'],
    [{ ends: parisInput(starts - 3600) }, 'La fin doit être après le début'],
    [{ capacity: '0' }, 'nombre de places entre 1'],
    [{ mode: 'online', online_url: 'pas un lien' }, 'https://'],
    [{ kind: 'inconnu' }, "type d'événement"],
    [{ closes: parisInput(starts + 600) }, 'au plus tard au début'],
  ];
  for (const [change, message] of cases) {
    const res = await post(people.manager, '/evenements/nouveau', '/evenements/nouveau', { ...base, ...change });
    assert.equal(res.status, 422, JSON.stringify(change));
    assert.ok(textOf(res.text).includes(message), `${message} in ${textOf(res.text).slice(0, 300)}`);
  }
  assert.equal(value(`SELECT COUNT(*) FROM life_events WHERE title = '${title}'`), '0');
  // The coordinator of Loire-Atlantique does not manage Cultures du Cœur 94's events.
  const other = await post(people.coordinator, '/evenements/nouveau', '/evenements/nouveau', base);
  assert.equal(other.status, 422);
  assert.equal(value(`SELECT COUNT(*) FROM life_events WHERE title = '${title}'`), '0');
  const id = await createEvent(people.manager, ccc, { title });
  assert.equal((await people.coordinator.get(`/evenements/${id}/gestion`)).status, 403);
  assert.equal((await people.referent.get(`/evenements/${id}/gestion`)).status, 403);
  const refused = await post(people.coordinator, `/evenements/${id}`, `/evenements/${id}/annulation`);
  assert.equal(refused.status, 403);
  assert.equal(value(`SELECT status FROM life_events WHERE id = ${id}`), 'planned');
  assert.equal((await people.manager.get(`/evenements/${id}/gestion`)).status, 200);
});

test('registering: confirmation with a calendar file; twice, closed, cancelled and past: refused, nothing changed', async () => {
  const title = `Café ${hex()}`;
  const id = await createEvent(people.manager, ccc, { title });
  const page = `/evenements/${id}`;
  const res = await post(people.volunteer, page, `${page}/inscription`, { organisation: ccc });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  assert.equal(count(id, 'registered'), 1);
  const [confirmation] = await mailsUntil(mailTo(DEMO.volunteer, `Inscription confirmée : ${title}`));
  assert.ok(confirmation, 'the confirmation e-mail');
  assert.ok(confirmation.raw.includes('text/calendar'), 'with the calendar file');
  const ics = Buffer.from(confirmation.raw.split(/Content-Transfer-Encoding: base64\r?\n\r?\n/i).pop().replace(/--[\s\S]*$/, '').replace(/\s+/g, ''), 'base64').toString('utf8');
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics, new RegExp(`UID:network-event-${id}@`));

  // Twice.
  const before = registrationsOf(id);
  const twice = await post(people.volunteer, page, `${page}/inscription`, { organisation: ccc });
  assert.equal(twice.status, 409);
  assert.ok(textOf(twice.text).includes('déjà inscrit'), textOf(twice.text).slice(0, 300));
  assert.equal(registrationsOf(id), before);

  // After the closing.
  const starts = nowSeconds() + 3 * 86400;
  const closed = await createEvent(people.manager, ccc, { closes: parisInput(nowSeconds() - 3600), startsIn: 3 * 86400 });
  const c = await post(people.volunteer, `/evenements/${closed}`, `/evenements/${closed}/inscription`, { organisation: ccc });
  assert.equal(c.status, 409);
  assert.ok(textOf(c.text).includes('sont closes'));
  assert.equal(registrationsOf(closed), 0);
  void starts;

  // A cancelled event: the registered people are told.
  const cancelled = await createEvent(people.manager, ccc, { title: `Annulé ${hex()}` });
  await post(people.referent, `/evenements/${cancelled}`, `/evenements/${cancelled}/inscription`, { organisation: ccc });
  const done = await post(people.manager, `/evenements/${cancelled}/gestion`, `/evenements/${cancelled}/annulation`);
  assert.equal(done.status, 303);
  const cancelledTitle = value(`SELECT title FROM life_events WHERE id = ${cancelled}`);
  assert.equal((await mailsUntil(mailTo(DEMO.referent, `Annulation : ${cancelledTitle}`))).length, 1);
  const afterCancel = registrationsOf(cancelled);
  const k = await post(people.volunteer, `/evenements/${cancelled}`, `/evenements/${cancelled}/inscription`, { organisation: ccc });
  assert.equal(k.status, 409);
  assert.ok(textOf(k.text).includes('est annulé'));
  assert.equal(registrationsOf(cancelled), afterCancel);

  // A past event (the demo's café of January 2023).
  const past = value("SELECT id FROM life_events WHERE title = 'Café découverte — janvier 2023'");
  const beforePast = registrationsOf(past);
  const p = await post(people.volunteer, `/evenements/${past}`, `/evenements/${past}/inscription`, { organisation: ccc });
  assert.equal(p.status, 409);
  assert.ok(textOf(p.text).includes('déjà commencé'));
  assert.equal(registrationsOf(past), beforePast);
});

test('concurrency: N registrations at once on K places leave K registered and N-K waiting; a cancellation promotes one', async () => {
  const K = 3;
  const title = `Places ${hex()}`;
  const id = await createEvent(people.manager, ccc, { title, capacity: String(K) });
  const clients = await Promise.all(OTHERS.map((email) => signIn(server, email)));
  // Each client reads the page first (its token), then all post at once.
  const forms = [];
  for (const c of clients) {
    await c.get(`/evenements/${id}`);
    forms.push({ c, csrf: c.csrf });
  }
  const results = await Promise.all(forms.map(({ c, csrf }) => c.request('POST', `/evenements/${id}/inscription`, {
    body: new URLSearchParams({ _csrf: csrf, _submission: `s-${hex()}${hex()}` }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  for (const r of results) assert.equal(r.status, 303, textOf(r.text).slice(0, 200));
  assert.equal(count(id, 'registered'), K);
  assert.equal(count(id, 'waiting'), OTHERS.length - K);
  // The last one in the waiting list sees their position.
  const last = value(`SELECT u.email FROM life_event_registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = ${id} AND r.status = 'waiting' ORDER BY r.id DESC LIMIT 1`);
  const lastPage = await clients[OTHERS.indexOf(last)].get(`/evenements/${id}`);
  assert.ok(textOf(lastPage.text).includes(`position ${OTHERS.length - K}`), textOf(lastPage.text).slice(0, 600));
  // The first waiting one (in order of arrival) is promoted when a registered person cancels.
  const first = value(`SELECT u.email FROM life_event_registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = ${id} AND r.status = 'waiting' ORDER BY r.id LIMIT 1`);
  const [leaving, leavingEmail] = sql(`SELECT r.id, u.email FROM life_event_registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = ${id} AND r.status = 'registered' ORDER BY r.id LIMIT 1`).split('|');
  const who = clients[OTHERS.indexOf(leavingEmail)];
  const res = await post(who, '/evenements/mes-inscriptions', `/evenements/${id}/desinscription`, { registration: leaving, back: 'mine' });
  assert.equal(res.status, 303);
  assert.equal(count(id, 'registered'), K);
  assert.equal(count(id, 'waiting'), OTHERS.length - K - 1);
  assert.equal(value(`SELECT r.status FROM life_event_registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = ${id} AND u.email = '${first}' AND r.status <> 'cancelled'`), 'registered');
  assert.equal((await mailsUntil(mailTo(first, `Une place s'est libérée : ${title}`))).length, 1);
  // Cancelling the same registration again changes nothing.
  const again = await post(who, '/evenements/mes-inscriptions', `/evenements/${id}/desinscription`, { registration: leaving, back: 'mine' });
  assert.equal(again.status, 303);
  assert.ok(textOf((await who.get(again.location)).text).includes('déjà annulée'), 'told it is already cancelled');
  assert.equal(count(id, 'registered'), K);
  assert.equal(count(id, 'waiting'), OTHERS.length - K - 1);
});

test('the online link: registered people only, the day before and on the day', async () => {
  const far = await createEvent(people.manager, ccc, { mode: 'online', place: '', online_url: 'https://visio.example/far', startsIn: 10 * 86400 });
  await post(people.volunteer, `/evenements/${far}`, `/evenements/${far}/inscription`, { organisation: ccc });
  const early = await people.volunteer.get(`/evenements/${far}/lien`);
  assert.equal(early.status, 403);
  assert.ok(textOf(early.text).includes('la veille et le jour'));
  assert.ok(!early.text.includes('visio.example/far'));
  const page = await people.volunteer.get(`/evenements/${far}`);
  assert.ok(!page.text.includes('visio.example/far'), 'the link is not on the page');

  const soon = await createEvent(people.manager, ccc, { mode: 'online', place: '', online_url: 'https://visio.example/soon', startsIn: 2 * 3600, capacity: '1' });
  const notRegistered = await people.referent.get(`/evenements/${soon}/lien`);
  assert.equal(notRegistered.status, 403);
  assert.ok(textOf(notRegistered.text).includes('réservé aux personnes inscrites'));
  await post(people.volunteer, `/evenements/${soon}`, `/evenements/${soon}/inscription`, { organisation: ccc });
  await post(people.referent, `/evenements/${soon}`, `/evenements/${soon}/inscription`, { organisation: ccc });
  assert.equal(count(soon, 'waiting'), 1);
  const waiting = await people.referent.get(`/evenements/${soon}/lien`);
  assert.equal(waiting.status, 403, 'the waiting list does not get the link');
  const ok = await people.volunteer.get(`/evenements/${soon}/lien`);
  assert.equal(ok.status, 303);
  assert.equal(ok.location, 'https://visio.example/soon');
  const anonymous = await new Client(server.url).get(`/evenements/${soon}/lien`);
  assert.notEqual(anonymous.status, 200);
});

test('people supported: the referent registers them by their code (never a name); professionals cannot', async () => {
  const id = await createEvent(people.manager, ccc, { kind: 'evenement_publics', title: `Spectacle ${hex()}`, visibility: 'public' });
  const page = await people.referent.get(`/evenements/${id}`);
  const option = page.text.match(/<select id="e-beneficiary" name="beneficiary"[^>]*>\s*<option value="(\d+)">([^<]+)</);
  assert.ok(option, 'the referent chooses among the codes of their relais');
  assert.match(option[2], /^B-/);
  const res = await post(people.referent, `/evenements/${id}`, `/evenements/${id}/inscription`, { beneficiary: option[1] });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM life_event_registrations WHERE event_id = ${id} AND beneficiary_id = ${option[1]} AND status = 'registered'`), '1');
  const twice = await post(people.referent, `/evenements/${id}`, `/evenements/${id}/inscription`, { beneficiary: option[1] });
  assert.equal(twice.status, 409);
  const self = await post(people.volunteer, `/evenements/${id}`, `/evenements/${id}/inscription`, { organisation: ccc });
  assert.equal(self.status, 409);
  assert.ok(textOf(self.text).includes('destiné aux personnes accompagnées'));
  // Someone who is not a referent cannot register a person supported.
  const stranger = await post(people.volunteer, `/evenements/${id}`, `/evenements/${id}/inscription`, { beneficiary: option[1] });
  assert.equal(stranger.status, 403);
  assert.equal(registrationsOf(id), 1);
  const manage = await people.manager.get(`/evenements/${id}/gestion`);
  assert.ok(textOf(manage.text).includes(option[2].split(' ')[0]), 'the manager sees the code');
});

test('the reminder is sent once by the job, with the calendar file', async () => {
  const title = `Rappel ${hex()}`;
  const id = await createEvent(people.manager, ccc, { title, startsIn: 5 * 86400 });
  await post(people.volunteer, `/evenements/${id}`, `/evenements/${id}/inscription`, { organisation: ccc });
  assert.equal(value(`SELECT reminded_at FROM life_event_registrations WHERE event_id = ${id}`), '0');
  // The event comes closer (moved to tomorrow): the job reminds once.
  const soon = nowSeconds() + 86400;
  runSql(server.database, `UPDATE life_events SET starts_at = ${soon}, ends_at = ${soon + 3600}, closes_at = ${soon} WHERE id = ${id}`);
  const [reminder] = await mailsUntil(mailTo(DEMO.volunteer, `Rappel : ${title}`));
  assert.ok(reminder, 'the reminder');
  assert.ok(reminder.raw.includes('text/calendar'));
  assert.notEqual(value(`SELECT reminded_at FROM life_event_registrations WHERE event_id = ${id}`), '0');
  // Another full pass of the jobs (the command line, while the server's job runs too) queues nothing more.
  const pass = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(pass.status, 0, pass.stderr);
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Rappel : ${title}%'`), '1');
});

test('attendance after the start calls the listeners; the evaluation is sent once to those present', async () => {
  const title = `Atelier ${hex()}`;
  const id = await createEvent(people.manager, ccc, { kind: 'atelier_appropriation', title });
  await post(people.referent, `/evenements/${id}`, `/evenements/${id}/inscription`, { organisation: ccc });
  await post(people.volunteer, `/evenements/${id}`, `/evenements/${id}/inscription`, { organisation: ccc });
  const [r1, r2] = sql(`SELECT id FROM life_event_registrations WHERE event_id = ${id} ORDER BY id`).split('\n');
  // Before the start: refused, nothing changed.
  const early = await post(people.manager, `/evenements/${id}/gestion`, `/evenements/${id}/presences`, { registration: [r1, r2], [`mark_${r1}`]: 'present', [`mark_${r2}`]: 'absent' });
  assert.equal(early.status, 409);
  assert.equal(value(`SELECT COUNT(*) FROM life_event_registrations WHERE event_id = ${id} AND attendance <> ''`), '0');
  // The event took place (moved to yesterday).
  const y = nowSeconds() - 86400;
  runSql(server.database, `UPDATE life_events SET starts_at = ${y}, ends_at = ${y + 3600}, closes_at = ${y} WHERE id = ${id}`);
  const early2 = await post(people.manager, `/evenements/${id}/gestion`, `/evenements/${id}/evaluation`);
  assert.equal(early2.status, 409, 'no evaluation before the attendance');
  const res = await post(people.manager, `/evenements/${id}/gestion`, `/evenements/${id}/presences`, { registration: [r1, r2], [`mark_${r1}`]: 'present', [`mark_${r2}`]: 'absent' });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  assert.equal(value(`SELECT attendance FROM life_event_registrations WHERE id = ${r1}`), 'present');
  assert.equal(value(`SELECT attendance FROM life_event_registrations WHERE id = ${r2}`), 'absent');
  // The onboarding listener (when there) recorded the referent's atelier in the same transaction.
  if (value("SELECT COUNT(*) FROM audit_log WHERE action = 'onboarding.recorded'") !== undefined) {
    assert.ok(Number(value(`SELECT COUNT(*) FROM audit_log WHERE action = 'onboarding.recorded' AND detail LIKE '%(événement ${id})%'`)) <= 1);
  }
  const sent = await post(people.manager, `/evenements/${id}/gestion`, `/evenements/${id}/evaluation`);
  assert.equal(sent.status, 303, textOf(sent.text).slice(0, 300));
  const campaign = value(`SELECT evaluation_campaign_id FROM life_events WHERE id = ${id}`);
  assert.notEqual(campaign, '0');
  assert.equal(value(`SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${campaign}`), '1');
  assert.equal(value(`SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${campaign} AND user_id = ${userId(DEMO.referent)}`), '1');
  const again = await post(people.manager, `/evenements/${id}/gestion`, `/evenements/${id}/evaluation`);
  assert.equal(again.status, 409);
  assert.ok(textOf(again.text).includes('déjà été envoyé'));
  assert.equal(value(`SELECT evaluation_campaign_id FROM life_events WHERE id = ${id}`), campaign);
});

test('anonymous visitors read public events only, and must sign in to register', async () => {
  const anon = new Client(server.url);
  const network = await createEvent(people.manager, ccc, { visibility: 'network' });
  const pub = await createEvent(people.manager, ccc, { visibility: 'public' });
  assert.equal((await anon.get(`/evenements/${network}`)).status, 404);
  const page = await anon.get(`/evenements/${pub}`);
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Connectez-vous pour vous inscrire'));
  const res = await anon.request('POST', `/evenements/${pub}/inscription`, { form: { _csrf: anon.csrf } });
  assert.ok(res.status !== 303 || !res.location.startsWith(`/evenements/${pub}`), 'not registered');
  assert.equal(registrationsOf(pub), 0);
  const mine = await people.volunteer.get('/evenements/mes-inscriptions');
  assert.equal(mine.status, 200);
  const dash = await people.volunteer.get('/tableau-de-bord');
  assert.ok(textOf(dash.text).includes('Mes prochains événements'));
});
