// Trainings (/formations): a training organisation creates a programme with its modules, a session
// and its half-days over HTTP; bad input gets a French message (422) and changes nothing; another
// organiser gets 404 (like a missing id); the public sees published programmes and sessions without
// signing in (drafts are 404); a session cannot be confirmed below its minimum; cancelling needs a reason and e-mails
// the applicants; the calendar (month and list) and the ICS feeds (session and personal secret URL).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, mailSettled, runTrame, startTrame, waitForMail } from '../harness.mjs';
import { admit, apply, createSession } from '../enrolments_fixtures.mjs';

const SAGITERRE_PROGRAMME = "Pouvoir d'agir et coopération à l'épreuve du territoire";
const SPRING = 'Session printemps 2027';

let server;
let staff;       // formation@sagiterre.local: manages Sagiterre's programmes
let coordinator; // coordination.ancenis@trame.local: manages the Département's, not Sagiterre's
let trainer;     // formateur@sagiterre.local: trainer of the spring session
let admin;
let anonymous;
let programme;   // created by the test (Sagiterre)
let session;     // created by the test
let spring;      // the demo's open session
let sagiterre;   // the demo's Sagiterre programme

const unique = (prefix) => `${prefix} ${randomBytes(3).toString('hex')}`;
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
const TITLE = unique('Coopérer sur un territoire');
const SESSION_TITLE = unique('Session Marseille 2031');

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Posts a form from a page (GET first for the CSRF token and a fresh one-time submission id).
async function submit(client, page, path, fields) {
  await client.get(page);
  return client.post(path, { _submission: client.submission, ...fields });
}

const PROGRAMME = {
  title: TITLE,
  summary: 'Une formation **courte** pour tester.',
  objectives: 'Coopérer\nCoordonner',
  competences: 'Animer une démarche participative',
  audience: 'Salariés d\'associations\nAgents de collectivités',
  prerequisites: 'Pas de prérequis',
  admission: 'Sur dossier et entretien individuel',
  duration_days: '2',
  duration_hours: '14 h',
  price: '1 500',
  teaching_methods: 'Cercle de connaissances',
  evaluation_methods: 'Questionnaire',
  accessibility: 'Salle accessible',
  disability_contact: 'C. Boughattas — 07 45 18 58 68',
  contacts: 'sagiterre37@gmail.com',
  nature: 'action_formation',
  mixed_threshold: '70',
  status: 'draft',
};

function idFrom(location, prefix) {
  const m = location && location.match(new RegExp(`${prefix}/(\\d+)`));
  assert.ok(m, `no id in ${location}`);
  return Number(m[1]);
}

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  coordinator = await signIn(DEMO.coordinator);
  trainer = await signIn(DEMO.trainer);
  admin = await signIn(DEMO.administrator);
  anonymous = new Client(server.url);
  const catalogue = await anonymous.get('/formations');
  const m = catalogue.text.match(/<a href="\/formations\/programmes\/(\d+)">Pouvoir d(?:'|&#39;|&apos;)agir/);
  assert.ok(m, 'the demo programme is in the catalogue');
  sagiterre = Number(m[1]);
  const page = await anonymous.get(`/formations/programmes/${sagiterre}`);
  const s = page.text.match(/<a href="\/formations\/sessions\/(\d+)">Session printemps 2027<\/a>/);
  assert.ok(s, 'the spring session is listed on its programme');
  spring = Number(s[1]);
});
after(async () => { await server?.stop(); });

test('the public catalogue and programme pages need no sign-in and show the computed figures', async () => {
  const catalogue = await anonymous.get('/formations');
  assert.equal(catalogue.status, 200);
  assert.ok(text(catalogue.text).includes('Formation-action culture/social'));
  const page = await anonymous.get(`/formations/programmes/${sagiterre}`);
  assert.equal(page.status, 200);
  const t = text(page.text);
  for (const expected of [SAGITERRE_PROGRAMME, '10 jours, 70 h', '1 500', 'OPCO', 'France Travail', 'Région',
    'Pas de prérequis', 'sur dossier et entretien individuel', 'Module 1', 'Module 2', '07 45 18 58 68', SPRING,
    'Résultats de satisfaction : pas encore publiés', "Délai d'accès", "Taux d'achèvement", "Taux d'abandon",
    'Stagiaires formés']) {
    assert.ok(t.includes(expected), `programme page shows ${expected}`);
  }
  assert.ok(page.text.includes(`href="/formations/sessions/${spring}/candidater"`), 'apply button');
  // The access delay is computed from applications (median in days), or says there is no data yet.
  assert.ok(/\d+ jours en médiane entre la demande et le début de la formation|pas encore de donnée/.test(t));
  const filtered = await anonymous.get(`/formations?q=${encodeURIComponent('pouvoir agir')}&a_venir=1`);
  assert.ok(text(filtered.text).includes(SAGITERRE_PROGRAMME));
  assert.ok(!text(filtered.text).includes('Formation-action culture/social'), 'no upcoming session for the Département');
  const session = await anonymous.get(`/formations/sessions/${spring}`);
  assert.equal(session.status, 200);
  assert.ok(text(session.text).includes('Séminaire 1') && text(session.text).includes('Cité des associations'));
  assert.ok(!session.text.includes('/statut'), 'no manager actions for the public');
});

test('a training organisation creates a programme (typed durations and prices), once per submission', async () => {
  await staff.get('/formations/programmes/nouveau');
  const submission = staff.submission;
  const fields = { ...PROGRAMME, _submission: submission };
  const body = new URLSearchParams({ ...fields, _csrf: staff.csrf });
  for (const f of ['opco', 'cpf']) body.append('funding', f);
  const res = await staff.request('POST', '/formations/programmes', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 303, res.text);
  programme = idFrom(res.location, '/formations/programmes');
  const again = await staff.request('POST', '/formations/programmes', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.status, 303);
  const list = await staff.get('/formations/gestion');
  assert.equal(text(list.text).split(TITLE).length - 1, 1, 'the double submit created one programme');
  const edit = await staff.get(`/formations/programmes/${programme}/modifier`);
  assert.ok(edit.text.includes('value="14 h"') && edit.text.includes('value="1500"'));
  assert.ok(/value="opco" checked/.test(edit.text) && /value="cpf" checked/.test(edit.text));
  assert.ok(!/value="region" checked/.test(edit.text));
  // Unreadable hours and prices: French message, nothing changed.
  const bad = await submit(staff, `/formations/programmes/${programme}/modifier`, `/formations/programmes/${programme}`,
    { ...PROGRAMME, title: 'Changé', duration_hours: 'soixante-dix' });
  assert.equal(bad.status, 422);
  assert.ok(text(bad.text).includes("La durée en heures n'est pas lisible"));
  const badPrice = await submit(staff, `/formations/programmes/${programme}/modifier`, `/formations/programmes/${programme}`,
    { ...PROGRAMME, title: 'Changé', price: 'gratuit' });
  assert.equal(badPrice.status, 422);
  assert.ok(text(badPrice.text).includes("Le tarif n'est pas lisible"));
  assert.ok(!text((await staff.get('/formations/gestion')).text).includes('Changé'));
});

test('modules are added, reordered and removed only when no half-day uses them', async () => {
  const page = `/formations/programmes/${programme}/modifier`;
  for (const title of ['Module A', 'Module B']) {
    const res = await submit(staff, page, `/formations/programmes/${programme}/modules`,
      { module_title: title, module_content: `- contenu de ${title}`, module_duration: '7 h' });
    assert.equal(res.status, 303);
  }
  const ids = [...(await staff.get(page)).text.matchAll(/action="\/formations\/modules\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids.length, 2);
  const moved = await submit(staff, page, `/formations/modules/${ids[1]}/deplacer`, { direction: 'up' });
  assert.equal(moved.status, 303);
  const after = text((await staff.get(page)).text);
  assert.ok(after.indexOf('Module B') < after.indexOf('Module A'), 'Module B moved first');
  const bad = await submit(staff, page, `/formations/programmes/${programme}/modules`, { module_title: '', module_duration: '7 h' });
  assert.equal(bad.status, 422);
  assert.ok(text(bad.text).includes('Donnez un titre au module'));
});

test('sessions: min above max is refused; another organiser gets 404; nothing changes', async () => {
  const form = `/formations/programmes/${programme}/sessions/nouvelle`;
  const base = { title: SESSION_TITLE, theme: 'Coopérer', place: 'Cité des associations', address: '93 la Canebière',
    access: 'Métro Noailles', rules: 'Ponctualité', min_trainees: '12', max_trainees: '7', deadline: '' };
  const bad = await submit(staff, form, `/formations/programmes/${programme}/sessions`, base);
  assert.equal(bad.status, 422);
  assert.ok(text(bad.text).includes('Le nombre minimum de stagiaires ne peut pas dépasser le maximum'));
  assert.ok(bad.text.includes(`value="${SESSION_TITLE}"`), 'values kept');
  assert.ok(!text((await staff.get('/formations/gestion')).text).includes(SESSION_TITLE), 'no session created');

  const ok = await submit(staff, form, `/formations/programmes/${programme}/sessions`, { ...base, min_trainees: '7', max_trainees: '12' });
  assert.equal(ok.status, 303);
  session = idFrom(ok.location, '/formations/sessions');

  // The Département's coordinator manages trainings, but not Sagiterre's.
  await coordinator.get('/formations/gestion');
  const forbidden = await coordinator.post(`/formations/programmes/${programme}`, { ...PROGRAMME, title: 'Piraté' });
  assert.equal(forbidden.status, 404);
  assert.equal((await coordinator.post(`/formations/programmes/${programme}/sessions`, { ...base, min_trainees: '1', max_trainees: '2', title: 'Pirate' })).status, 404);
  assert.equal((await coordinator.post(`/formations/sessions/${session}/statut`, { status: 'open' })).status, 404);
  assert.equal((await coordinator.get(`/formations/programmes/${programme}/modifier`)).status, 404);
  assert.equal((await trainer.get(`/formations/programmes/${programme}/modifier`)).status, 403);
  const edit = await staff.get(`/formations/programmes/${programme}/modifier`);
  assert.ok(edit.text.includes(`value="${TITLE}"`) && !edit.text.includes('Piraté'));
});

test('half-days: a series, then duplicates, inverted hours and hours beyond the programme are refused', async () => {
  const page = `/formations/sessions/${session}/demi-journees`;
  const seminar = await submit(staff, page, `${page.replace('demi-journees', 'seminaires')}`, { seminar_title: 'Séminaire 1' });
  assert.equal(seminar.status, 303);
  const html = (await staff.get(page)).text;
  const seminarId = html.match(/<option value="(\d+)"\s*>Séminaire 1<\/option>/)[1];
  const moduleA = html.match(/<option value="(\d+)"\s*>Module A<\/option>/)[1];
  const series = await submit(staff, page, `${page}/serie`, { from: '2031-03-10', to: '2031-03-11', periods: 'both',
    am_start: '09:00', am_end: '12:30', pm_start: '13:30', pm_end: '17:00', weekdays_only: '1', seminar: seminarId, module: moduleA });
  assert.equal(series.status, 303, text(series.text));
  const count = async () => ((await staff.get(page)).text.match(/class="panel stack halfday-row"/g) || []).length;
  assert.equal(await count(), 4);

  const duplicate = await submit(staff, page, page, { day: '2031-03-10', period: 'am', start: '09:00', end: '10:00' });
  assert.equal(duplicate.status, 422);
  assert.ok(text(duplicate.text).includes('Cette demi-journée existe déjà'));
  const inverted = await submit(staff, page, page, { day: '2031-03-12', period: 'am', start: '12:00', end: '09:00' });
  assert.equal(inverted.status, 422);
  assert.ok(text(inverted.text).includes("L'heure de fin doit être après l'heure de début"));
  const beyond = await submit(staff, page, page, { day: '2031-03-12', period: 'am', start: '09:00', end: '12:00' });
  assert.equal(beyond.status, 422);
  assert.ok(text(beyond.text).includes('des heures au-delà de la durée de la session et du programme'));
  const beyondSeries = await submit(staff, page, `${page}/serie`, { from: '2031-03-13', to: '2031-03-14', periods: 'both',
    am_start: '09:00', am_end: '12:30', pm_start: '13:30', pm_end: '17:00', weekdays_only: '1' });
  assert.equal(beyondSeries.status, 422);
  assert.equal(await count(), 4, 'nothing saved');

  // The module used by half-days stays; the other one can go.
  const edit = `/formations/programmes/${programme}/modifier`;
  const used = await submit(staff, edit, `/formations/modules/${moduleA}/supprimer`, {});
  assert.equal(used.status, 422);
  assert.ok(text(used.text).includes('Ce module est utilisé'));
  const moduleB = (await staff.get(edit)).text.match(/id="m-(\d+)-title">Module B</)[1];
  assert.equal((await submit(staff, edit, `/formations/modules/${moduleB}/supprimer`, {})).status, 303);

  // The session's dates follow its half-days, grouped by seminar and day.
  const sessionPage = text((await staff.get(`/formations/sessions/${session}`)).text);
  assert.ok(sessionPage.includes('lundi 10 mars 2031') && sessionPage.includes('mardi 11 mars 2031'));
  assert.ok(sessionPage.includes('Séminaire 1') && sessionPage.includes('matin 09:00 – 12:30'));
});

test('drafts are 404 for the public and visible to their managers; publishing opens them', async () => {
  assert.equal((await anonymous.get(`/formations/programmes/${programme}`)).status, 404);
  assert.equal((await anonymous.get(`/formations/sessions/${session}`)).status, 404);
  assert.equal((await anonymous.get(`/formations/sessions/${session}/agenda.ics`)).status, 404);
  assert.equal((await coordinator.get(`/formations/programmes/${programme}`)).status, 404);
  assert.equal((await staff.get(`/formations/programmes/${programme}`)).status, 200);
  const body = new URLSearchParams({ ...PROGRAMME, status: 'published' });
  for (const f of ['opco', 'cpf']) body.append('funding', f);
  await staff.get(`/formations/programmes/${programme}/modifier`);
  body.set('_csrf', staff.csrf);
  const res = await staff.request('POST', `/formations/programmes/${programme}`, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 303);
  const page = await anonymous.get(`/formations/programmes/${programme}`);
  assert.equal(page.status, 200);
  const t = text(page.text);
  assert.ok(t.includes(TITLE) && t.includes('2 jours, 14 h') && t.includes('OPCO') && t.includes('CPF') && t.includes('Module A'));
  assert.ok(t.includes('pas encore de donnée'), 'no application yet: no access delay');
  assert.equal((await anonymous.get(`/formations/sessions/${session}`)).status, 200);
});

test('trainers are chosen among trainers and the organiser\'s members', async () => {
  const page = await staff.get(`/formations/sessions/${session}`);
  const m = page.text.match(/<option value="(\d+)">Formateur Sagiterre &lt;formateur@sagiterre.local&gt;<\/option>/);
  assert.ok(m, 'the trainer is offered');
  const added = await staff.post(`/formations/sessions/${session}/formateurs`, { trainer: m[1], _submission: staff.submission });
  assert.equal(added.status, 303);
  await staff.get(`/formations/sessions/${session}`);
  const twice = await staff.post(`/formations/sessions/${session}/formateurs`, { trainer: m[1] });
  assert.equal(twice.status, 422);
  assert.ok(text(twice.text).includes('déjà formatrice'));
  const stranger = await staff.post(`/formations/sessions/${session}/formateurs`, { trainer: '999999' });
  assert.equal(stranger.status, 422);
});

test('calendar: month and list views, mine and all public sessions', async () => {
  const month = await anonymous.get('/formations/calendrier?mois=2031-03');
  assert.equal(month.status, 200);
  assert.ok(month.text.includes('<caption id="month-caption">mars 2031</caption>'));
  assert.ok(month.text.includes('href="/formations/calendrier?mois=2031-02"') && month.text.includes('href="/formations/calendrier?mois=2031-04"'));
  assert.ok(text(month.text).includes(SESSION_TITLE));
  const list = await anonymous.get('/formations/calendrier?vue=liste');
  assert.equal(list.status, 200);
  assert.ok(text(list.text).includes(SPRING));
  // The trainer's own calendar lists the sessions they teach; a volunteer's is empty until "all".
  const mine = text((await trainer.get('/formations/calendrier?vue=liste')).text);
  assert.ok(mine.includes(SPRING) && mine.includes(SESSION_TITLE) && mine.includes('Mes formations'));
  const volunteer = await signIn(DEMO.volunteer);
  const empty = text((await volunteer.get('/formations/calendrier?vue=liste')).text);
  assert.ok(empty.includes('Aucune demi-journée à venir'));
  assert.ok(text((await volunteer.get('/formations/calendrier?vue=liste&tout=1')).text).includes(SPRING));
});

test('ICS: a session feed, and a personal secret feed whose wrong or old token is 404', async () => {
  const ics = await anonymous.get(`/formations/sessions/${spring}/agenda.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /text\/calendar/);
  assert.equal((ics.text.match(/BEGIN:VEVENT/g) || []).length, 20, '10 days = 20 half-days');
  assert.ok(ics.text.includes('Pouvoir d'));
  // A named calendar; each half-day at the venue's street address, with a SEQUENCE.
  const unfolded = ics.text.replace(/\r\n /g, '');
  assert.match(unfolded, new RegExp(`\\r\\nNAME:Formation — ${SPRING}\\r\\n`));
  assert.match(unfolded, /\r\nX-WR-CALNAME:Formation — /);
  assert.equal((unfolded.match(/\r\nLOCATION:Cité des associations\\, 93 la Canebière\\, 13001 Marseille\r\n/g) || []).length, 20);
  assert.equal((unfolded.match(/\r\nSEQUENCE:\d+\r\n/g) || []).length, 20);

  const page = await trainer.get('/formations/agenda');
  assert.equal(page.status, 200);
  const renewed = await trainer.post('/formations/agenda/renouveler', { _submission: trainer.submission });
  assert.equal(renewed.status, 200);
  const url = renewed.text.match(/value="https?:\/\/[^"]+(\/formations\/agenda\/[A-Za-z0-9_-]+\.ics)"/);
  assert.ok(url, 'the secret URL is shown');
  const feed = await anonymous.get(url[1]);
  assert.equal(feed.status, 200);
  assert.equal((feed.text.match(/BEGIN:VEVENT/g) || []).length, 26, 'spring (20), the winter session under way (2) and the test session (4)');
  assert.match(feed.text, /\r\nNAME:Mes formations \(Trame\)\r\n/);
  assert.equal((await anonymous.get('/formations/agenda/pas-le-bon-jeton.ics')).status, 404);
  await trainer.get('/formations/agenda');
  const again = await trainer.post('/formations/agenda/renouveler', { _submission: trainer.submission });
  assert.equal(again.status, 200);
  assert.equal((await anonymous.get(url[1])).status, 404, 'the old token stops working');
});

test('ICS: a moved half-day comes back under its UID with a greater SEQUENCE', async () => {
  const page = `/formations/sessions/${session}/demi-journees`;
  const first = Number((await staff.get(page)).text.match(/action="\/formations\/demi-journees\/(\d+)"/)[1]);
  const sequenceOf = async () => {
    const ics = (await staff.get(`/formations/sessions/${session}/agenda.ics`)).text.replace(/\r\n /g, '');
    const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`UID:demi-journee-${first}@`));
    assert.ok(event, ics);
    return { sequence: Number(event.match(/\r\nSEQUENCE:(\d+)\r\n/)[1]), start: event.match(/\r\nDTSTART:(\S+)\r\n/)[1] };
  };
  const before = await sequenceOf();
  const moved = await submit(staff, page, `/formations/demi-journees/${first}`, { day: '2031-03-10', period: 'am', start: '09:30', end: '13:00' });
  assert.equal(moved.status, 303, text(moved.text));
  const after = await sequenceOf();
  assert.notEqual(after.start, before.start, 'the half-day moved');
  assert.ok(after.sequence > before.sequence, `SEQUENCE ${before.sequence} then ${after.sequence}`);
});

test('status: open, confirm refused below the minimum with the missing count, cancel needs a reason', async () => {
  const page = `/formations/sessions/${session}`;
  assert.equal((await submit(staff, page, `${page}/statut`, { status: 'confirmed' })).status, 422, 'planned → confirmed skips open');
  assert.equal((await submit(staff, page, `${page}/statut`, { status: 'open' })).status, 303);
  const refused = await submit(staff, page, `${page}/statut`, { status: 'confirmed' });
  assert.equal(refused.status, 422);
  assert.ok(text(refused.text).match(/Il manque 7 stagiaires?(\(s\))? pour atteindre le minimum de 7/));
  assert.ok(text(refused.text).includes('Ouverte aux candidatures'), 'still open');
  const noReason = await submit(staff, page, `${page}/statut`, { status: 'cancelled', reason: '  ' });
  assert.equal(noReason.status, 422);
  assert.ok(text(noReason.text).includes("Donnez le motif de l'annulation"));
  const cancelled = await submit(staff, page, `${page}/statut`, { status: 'cancelled', reason: 'Salle indisponible' });
  assert.equal(cancelled.status, 303);
  const t = text((await anonymous.get(page)).text);
  assert.ok(t.includes('Session annulée : Salle indisponible'));
  assert.equal((await submit(staff, page, `${page}/statut`, { status: 'open' })).status, 422);
});

test('the spring session: missing count, profile mix, and cancelling e-mails every applicant still in the running', async () => {
  const page = await staff.get(`/formations/sessions/${spring}`);
  const t = text(page.text);
  const n = Number(t.match(/(\d+) stagiaires?(?:\(s\))? admis ou confirmés?/)[1]);
  assert.ok(t.includes('Mixité de la promotion'));
  if (n < 7) {
    const refused = await submit(staff, `/formations/sessions/${spring}`, `/formations/sessions/${spring}/statut`, { status: 'confirmed' });
    assert.equal(refused.status, 422);
    assert.ok(text(refused.text).match(new RegExp(`Il manque ${7 - n} stagiaires?(\\(s\\))? pour atteindre le minimum de 7`)));
  }
  // Applicants exist once the enrolments module has loaded its demo (stagiaire@paul-guimard.local is one).
  const applicants = await staff.get(`/formations/sessions/${spring}/candidatures`);
  const reason = unique('Intervenant indisponible');
  const res = await submit(staff, `/formations/sessions/${spring}`, `/formations/sessions/${spring}/statut`, { status: 'cancelled', reason });
  assert.equal(res.status, 303);
  if (applicants.status === 200 && text(applicants.text).includes('Stagiaire Paul Guimard')) {
    const mail = await waitForMail((m) => m.to === DEMO.trainee && m.body.includes(reason));
    assert.ok(mail.subject.includes('Session annulée'));
    assert.ok(mail.body.includes(SPRING));
    await mailSettled(server);
    assert.ok(!mails().some((m) => m.to === 'hugo.leroy@demo.trame.local' && m.body.includes(reason)), 'refused applicants get nothing');
  }
  // A cancelled session leaves the calendars.
  assert.ok(!text((await anonymous.get('/formations/calendrier?vue=liste')).text).includes(SPRING));
});

test('time moves confirmed sessions to running, then completed (run-due, claimed once)', async () => {
  const other = await startTrame();
  try {
    const manager = new Client(other.url);
    assert.equal((await manager.login(DEMO.training_staff)).status, 303);
    const page = `/formations/sessions/${spring}`;
    // With the minimum lowered to the trainees already admitted, the session can be confirmed.
    const edit = await submit(manager, `${page}/modifier`, page, { title: SPRING, place: 'Cité des associations',
      address: '93 la Canebière, 13001 Marseille', min_trainees: '1', max_trainees: '12', deadline: '' });
    assert.equal(edit.status, 303, text(edit.text));
    assert.equal((await submit(manager, page, `${page}/statut`, { status: 'confirmed' })).status, 303);
    const later = String(Math.floor(Date.now() / 1000) + 400 * 86400);
    let job = runTrame(['jobs', 'run-due', '--now', later, '--database', other.database]);
    assert.equal(job.status, 0, job.stderr);
    assert.ok(text((await manager.get(page)).text).includes('En cours'));
    job = runTrame(['jobs', 'run-due', '--now', later, '--database', other.database]);
    assert.equal(job.status, 0, job.stderr);
    assert.ok(text((await manager.get(page)).text).includes('Terminée'));
    job = runTrame(['jobs', 'run-due', '--now', later, '--database', other.database]);
    assert.equal(job.status, 0);
    // A completed session cannot be cancelled.
    assert.equal((await submit(manager, page, `${page}/statut`, { status: 'cancelled', reason: 'trop tard' })).status, 422);
  } finally {
    await other.stop();
  }
});

test('a half-day whose attendance sheet is open can no longer be changed or deleted', async () => {
  // The first half-day of the spring session, from its ICS (DTSTART in UTC).
  const ics = await anonymous.get(`/formations/sessions/${spring}/agenda.ics`);
  const m = ics.text.match(/DTSTART:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/);
  const start = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
  // A fresh demo, its clock 10 minutes before that half-day.
  const other = await startTrame({ env: { TRAME_CLOCK_OFFSET: String(start - 600 - Math.floor(Date.now() / 1000)) } });
  try {
    const manager = new Client(other.url);
    assert.equal((await manager.login(DEMO.training_staff)).status, 303);
    const teacher = new Client(other.url);
    assert.equal((await teacher.login(DEMO.trainer)).status, 303);
    const page = `/formations/sessions/${spring}/demi-journees`;
    const first = Number((await manager.get(page)).text.match(/action="\/formations\/demi-journees\/(\d+)"/)[1]);
    await teacher.get(`/formations/demi-journees/${first}`);
    const opened = await teacher.post(`/formations/demi-journees/${first}/ouvrir`, { _submission: teacher.submission });
    assert.ok([200, 303].includes(opened.status), text(opened.text).slice(0, 300));  // 200: the page showing the code
    const edit = await submit(manager, page, `/formations/demi-journees/${first}`, { day: '2031-01-06', period: 'am', start: '09:00', end: '12:00' });
    assert.equal(edit.status, 422);
    assert.ok(text(edit.text).includes("L'émargement de cette demi-journée a commencé"));
    const removed = await submit(manager, page, `/formations/demi-journees/${first}/supprimer`, {});
    assert.equal(removed.status, 422);
    assert.ok(!(await manager.get(page)).text.includes('2031-01-06'), 'nothing changed');
  } finally {
    await other.stop();
  }
});

test('mixed cohorts: a one-sided session is flagged; reaching the minimum allows confirming', async () => {
  const id = await createSession(staff, sagiterre, { title: unique('Session mixité'), min: 3, max: 12, startIn: 120, days: 1 });
  const people = [[DEMO.trainee, 'cultural'], [DEMO.volunteer, 'cultural'], [DEMO.referent, 'cultural'], [DEMO.jury_member, 'social']];
  for (const [email, sector] of people) {
    const c = await signIn(email);
    const { res, id: application } = await apply(c, id, { sector });
    assert.equal(res.status, 303, `${email} applies`);
    await admit(staff, application);
  }
  const page = text((await staff.get(`/formations/sessions/${id}`)).text);
  assert.ok(page.includes('Session déséquilibrée : 75 % de profils culturels'), 'warning shown');
  assert.ok(page.includes('Profils culturels 3 75 %') && page.includes('Profils sociaux 1 25 %'));
  assert.ok(!page.includes('Il manque'), 'the minimum is reached');
  assert.ok(!text((await anonymous.get(`/formations/sessions/${id}`)).text).includes('déséquilibrée'), 'managers only');
  // Enrolled trainees find the session in their own calendar.
  const trainee = await signIn(DEMO.trainee);
  assert.ok(text((await trainee.get('/formations/calendrier?vue=liste')).text).includes('Session mixité'));
  assert.equal((await submit(staff, `/formations/sessions/${id}`, `/formations/sessions/${id}/statut`, { status: 'confirmed' })).status, 303);
  assert.ok(text((await anonymous.get(`/formations/sessions/${id}`)).text).includes('Confirmée'));
});
