// Meetings of a cooperation project (/cooperation/projets/{id}/reunions…, docs/cooperation/meetings.md):
// a facilitator plans a meeting with its agenda (an empty title, an end before the start, no place: 422,
// nothing created; a member: 403; someone outside the project: 404), invites the facilitators and members
// — each gets an e-mail at the SMTP sink with an iTIP calendar file (METHOD:REQUEST, the meeting's stable
// UID, DTSTART/DTEND in UTC, SEQUENCE, ORGANIZER, ATTENDEE), parsed here; inviting nobody or an observer
// changes nothing. Members answer on the page (an observer: 403). Moving the meeting sends the update
// with a higher SEQUENCE; cancelling sends METHOD:CANCEL with the same UID. A meeting that started gets
// its attendance (members, organisations of the directory, a count of other participants without names)
// and then its minutes (markdown, rendered safely) — attendance before the start, minutes or a PDF before
// it is held: refused, nothing changed. The report is a tagged French PDF with its title, the
// organisations present, the minutes and the decisions taken at the meeting. The demo's project holds
// two held meetings and one planned.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DEMO, mailSettled, mails, mailsUntil, mailTo, querySql, startTrame } from '../harness.mjs';
import { addMember, assertRefused, createProject, flash, hex, parisDay, post, sagiterre, signIn, textOf } from './fixtures.mjs';

let server;
const people = {};  // facilitator, member, coordinator, observer, outsider: signed-in clients
let project;        // { id, title }

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const rows = (statement) => { const out = sql(statement); return out ? out.split('\n').map((l) => l.split('|')) : []; };
const meetingsUrl = (id) => `/cooperation/projets/${id}/reunions`;
const meetingUrl = (id, meeting) => `${meetingsUrl(id)}/${meeting}`;

// Unix seconds of a wall-clock time in Europe/Paris (the server's zone), whatever this machine's zone.
function parisEpoch(day, hm) {
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
    guess += wanted - Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  }
  return guess / 1000;
}
const icsUtc = (epoch) => new Date(epoch * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
// 'YYYY-MM-DDTHH:MM' (Paris) of an epoch.
const parisInput = (epoch) => new Date(epoch * 1000).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

// ---- the e-mail and its calendar file, as a mail client reads them

// The MIME parts of a raw message: [{ headers (lower-case names), body }]. The sink's Maildir keeps
// lines with LF or CRLF: both are read (the calendar itself is in base64, its CRLFs untouched).
function mimeParts(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const boundary = (text.match(/boundary="([^"]+)"/) || [])[1];
  assert.ok(boundary, 'a multipart message');
  return text.split(`--${boundary}`).slice(1, -1).map((part) => {
    const [head, ...rest] = part.replace(/^\n/, '').split('\n\n');
    const headers = {};
    for (const line of head.replace(/\n[ \t]/g, ' ').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    return { headers, body: rest.join('\n\n').replace(/\n$/, '') };
  });
}

// Parses an iCalendar text (RFC 5545): checks CRLF line ends and 75-octet lines, unfolds, and returns
// { method, events: [{ NAME: { value, params } }] } with the calendar's own properties under .calendar.
function parseIcs(text) {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    assert.ok(!line.includes('\n') && !line.includes('\r'), `no bare line end in ${JSON.stringify(line)}`);
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `at most 75 octets: ${line}`);
  }
  const lines = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1); else lines.push(line);
  }
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines[lines.length - 1], 'END:VCALENDAR');
  const calendar = {};
  const events = [];
  let current = calendar;
  const stack = [];
  for (const line of lines) {
    const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const [name, ...params] = line.slice(0, colon).split(';');
    const val = line.slice(colon + 1);
    if (name === 'BEGIN') { stack.push(val); if (val === 'VEVENT') { current = {}; events.push(current); } continue; }
    if (name === 'END') { assert.equal(stack.pop(), val, `BEGIN/END of ${val}`); if (val === 'VEVENT') current = calendar; continue; }
    const p = Object.fromEntries(params.map((x) => { const i = x.indexOf('='); return [x.slice(0, i), x.slice(i + 1)]; }));
    (current[name] ??= []).push({ value: val, params: p });
  }
  assert.equal(stack.length, 0, 'every BEGIN has its END');
  const one = (props, name) => { assert.equal(props[name]?.length, 1, `one ${name}`); return props[name][0]; };
  return { calendar, events, one };
}


// The calendar file of a message of the sink: its MIME part and the parsed calendar.
function calendarOf(mail) {
  const parts = mimeParts(mail.raw);
  assert.equal(parts.length, 2, 'the text and the calendar file');
  assert.ok(parts[0].headers['content-type'].startsWith('text/plain'), 'the text first');
  const file = parts[1];
  assert.equal(file.headers['content-transfer-encoding'], 'base64');
  const text = Buffer.from(file.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { type: file.headers['content-type'], disposition: file.headers['content-disposition'], text,
    ics: parseIcs(text), body: Buffer.from(parts[0].body, 'utf8').toString('utf8') };
}

// ---- fixtures

const userId = (email) => Number(value(`SELECT id FROM users WHERE email = '${email}'`));
const meetingRow = (id) => sql(`SELECT title, starts_at, ends_at, place, video_url, status, sequence, others_count,
  others_label, minutes, held_at, cancelled_at FROM cooperation_meetings WHERE id = ${id}`);
const meetingState = (id) => [meetingRow(id),
  sql(`SELECT position, title, duration_minutes, method_id FROM cooperation_meeting_agenda WHERE meeting_id = ${id} ORDER BY position`),
  sql(`SELECT user_id, sent_sequence, answer FROM cooperation_meeting_invitations WHERE meeting_id = ${id} ORDER BY user_id`),
  sql(`SELECT user_id FROM cooperation_meeting_attendees WHERE meeting_id = ${id} ORDER BY user_id`),
  sql(`SELECT organisation_id FROM cooperation_meeting_organisations WHERE meeting_id = ${id} ORDER BY organisation_id`),
  value(`SELECT COUNT(*) FROM mail_outbox WHERE body LIKE '%/reunions/${id}%'`)].join('\n--\n');

// A meeting of the project made by its facilitator: { id, starts, ends } (epochs).
async function createMeeting(fields) {
  const res = await post(people.facilitator, meetingsUrl(project.id), meetingsUrl(project.id), fields);
  assert.equal(res.status, 303, `meeting created: ${flash(res.text)}`);
  const id = Number(res.location.match(/\/reunions\/(\d+)$/)[1]);
  const [starts, ends] = value(`SELECT starts_at || ',' || ends_at FROM cooperation_meetings WHERE id = ${id}`).split(',').map(Number);
  return { id, starts, ends };
}

before(async () => {
  server = await startTrame();
  people.facilitator = await signIn(server, DEMO.training_staff);
  people.member = await signIn(server, DEMO.trainee);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.observer = await signIn(server, DEMO.jury_member);
  people.outsider = await signIn(server, DEMO.partner_staff);
  project = await createProject(people.facilitator, `Réunions de test ${hex()}`, { organisation: sagiterre(server) });
  await addMember(people.facilitator, project.id, DEMO.trainee, 'member');
  await addMember(people.facilitator, project.id, DEMO.coordinator, 'member');
  await addMember(people.facilitator, project.id, DEMO.jury_member, 'observer');
});
after(async () => { await server?.stop(); });

const DAY = parisDay(20);
const planned = () => ({
  title: `Atelier « lecture, écoute » ${hex()}`, starts: `${DAY}T14:00`, ends: `${DAY}T16:30`,
  place: 'Médiathèque de Ligné, salle d\'animation', video_url: '',
  agenda_title: ['Tour de table', 'Paroles d\'habitant·es', ''], agenda_duration: ['20', '60', ''],
});

test('a facilitator plans a meeting with its agenda; bad input, members and outsiders change nothing', async () => {
  const count = () => value(`SELECT COUNT(*) FROM cooperation_meetings WHERE project_id = ${project.id}`);
  const page = meetingsUrl(project.id);
  const before = count();
  let res = await post(people.facilitator, page, page, { ...planned(), title: '   ' });
  assertRefused(res, 422, 'Donnez un titre à la réunion.', 'empty title');
  res = await post(people.facilitator, page, page, { ...planned(), starts: `${DAY}T16:00`, ends: `${DAY}T15:00` });
  assertRefused(res, 422, 'La fin de la réunion doit venir après son début.', 'end before start');
  assert.ok(res.text.includes('value="Médiathèque de Ligné, salle d&apos;animation"') || res.text.includes("Médiathèque de Ligné, salle d&#39;animation"),
    'the form keeps what was typed');
  res = await post(people.facilitator, page, page, { ...planned(), ends: `${DAY}T14:00` });
  assertRefused(res, 422, 'La fin de la réunion doit venir après son début.', 'end equal to start');
  res = await post(people.facilitator, page, page, { ...planned(), place: '', video_url: '' });
  assertRefused(res, 422, 'Indiquez un lieu ou un lien de visioconférence.', 'nowhere');
  res = await post(people.facilitator, page, page, { ...planned(), video_url: 'javascript:alert(1)' });
  assertRefused(res, 422, 'commençant par https://', 'a video link that is not a web address');
  res = await post(people.facilitator, page, page, { ...planned(), agenda_duration: ['20', 'une heure', ''] });
  assertRefused(res, 422, 'La durée d\'un point est un nombre entier de minutes', 'an agenda duration in words');
  res = await post(people.facilitator, page, page, { ...planned(), agenda_title: ['Tour de table', '', ''], agenda_duration: ['20', '60', ''] });
  assertRefused(res, 422, 'Donnez un titre à ce point de l\'ordre du jour', 'a duration without its title');
  res = await post(people.member, page, page, planned());
  assertRefused(res, 403, 'Seules les personnes qui animent le projet', 'a member');
  res = await post(people.outsider, '/cooperation', page, planned());
  assert.equal(res.status, 404, 'someone outside the project');
  assert.equal((await people.outsider.get(page)).status, 404, 'the list: 404 outside the project');
  assert.equal(count(), before, 'nothing created');

  const m = await createMeeting(planned());
  assert.equal(m.starts, parisEpoch(DAY, '14:00'), 'the start is read in Europe/Paris');
  assert.equal(m.ends, parisEpoch(DAY, '16:30'));
  assert.deepEqual(rows(`SELECT position, title, duration_minutes FROM cooperation_meeting_agenda WHERE meeting_id = ${m.id} ORDER BY position`),
    [['1', 'Tour de table', '20'], ['2', 'Paroles d\'habitant·es', '60']]);
  assert.equal(value(`SELECT status || ',' || sequence FROM cooperation_meetings WHERE id = ${m.id}`), 'planned,0');
  // Members and observers read it; the list shows it.
  for (const who of ['member', 'observer', 'coordinator']) {
    const view = await people[who].get(meetingUrl(project.id, m.id));
    assert.equal(view.status, 200, who);
    assert.ok(textOf(view.text).includes('Paroles d\'habitant·es'), `${who} reads the agenda`);
  }
  assert.ok(textOf((await people.member.get(page)).text).includes('Atelier « lecture, écoute »'));
  assert.equal((await people.outsider.get(meetingUrl(project.id, m.id))).status, 404);
});

test('invitations: an e-mail with a valid ICS (REQUEST) reaches each facilitator and member; nobody or an observer: refused', async () => {
  const fields = planned();  // its title is unique: the SMTP sink holds other files' and runs' invitations
  const m = await createMeeting(fields);
  const page = meetingUrl(project.id, m.id);
  const invite = `${page}/invitations`;
  const was = meetingState(m.id);
  let res = await post(people.facilitator, page, invite, {});
  assertRefused(res, 422, 'Choisissez au moins une personne à inviter.', 'nobody chosen');
  res = await post(people.facilitator, page, invite, { invitees: String(userId(DEMO.jury_member)) });
  assertRefused(res, 422, 'Seuls les membres du projet', 'an observer chosen');
  res = await post(people.facilitator, page, invite, { invitees: String(userId(DEMO.partner_staff)) });
  assertRefused(res, 422, 'Seuls les membres du projet', 'someone outside the project chosen');
  res = await post(people.member, page, invite, { all: '1' });
  assertRefused(res, 403, null, 'a member inviting');
  assert.equal(meetingState(m.id), was, 'nothing invited, nothing queued');

  res = await post(people.facilitator, page, invite, { all: '1' });
  assert.equal(res.status, 303, flash(res.text));
  const invited = rows(`SELECT u.email, i.sent_sequence, i.answer FROM cooperation_meeting_invitations i JOIN users u ON u.id = i.user_id
    WHERE i.meeting_id = ${m.id} ORDER BY u.email`);
  assert.deepEqual(invited.map((r) => r[0]), [DEMO.coordinator, DEMO.training_staff, DEMO.trainee].sort(), 'facilitators and members, not the observer');
  // Again: everyone is invited, nobody is added.
  const afterAll = meetingState(m.id);
  res = await post(people.facilitator, page, invite, { all: '1' });
  assertRefused(res, 422, 'Tous les membres sont déjà invités', 'inviting all twice');
  assert.equal(meetingState(m.id), afterAll);

  const [mail] = await mailsUntil(mailTo(DEMO.coordinator, `Invitation : ${fields.title}`));
  assert.ok(mail, 'the invitation reached the SMTP sink');
  assert.ok(mail.subject.includes('Atelier « lecture, écoute »'), mail.subject);
  const file = calendarOf(mail);
  assert.ok(/^text\/calendar; *method=REQUEST; *charset=UTF-8/i.test(file.type), file.type);
  assert.ok(file.disposition.includes('invitation.ics'), file.disposition);
  assert.ok(file.body.includes(page), 'the text links the meeting page');
  const { calendar, events, one } = file.ics;
  assert.equal(one(calendar, 'METHOD').value, 'REQUEST');
  assert.equal(one(calendar, 'VERSION').value, '2.0');
  assert.ok(one(calendar, 'PRODID').value);
  assert.equal(events.length, 1, 'one event');
  const e = events[0];
  const host = new URL(server.url).hostname;
  assert.equal(one(e, 'UID').value, `cooperation-meeting-${m.id}@${host}`);
  assert.equal(one(e, 'DTSTART').value, icsUtc(parisEpoch(DAY, '14:00')), 'DTSTART in UTC');
  assert.equal(one(e, 'DTEND').value, icsUtc(parisEpoch(DAY, '16:30')), 'DTEND in UTC');
  assert.match(one(e, 'DTSTAMP').value, /^\d{8}T\d{6}Z$/);
  assert.equal(one(e, 'SEQUENCE').value, '0');
  assert.equal(one(e, 'STATUS').value, 'CONFIRMED');
  assert.ok(one(e, 'SUMMARY').value.startsWith('Atelier « lecture\\, écoute »'), 'SUMMARY escaped');
  assert.equal(one(e, 'LOCATION').value, 'Médiathèque de Ligné\\, salle d\'animation');
  assert.equal(one(e, 'ORGANIZER').value.toLowerCase(), `mailto:${DEMO.training_staff}`);
  assert.equal(one(e, 'ATTENDEE').value.toLowerCase(), `mailto:${DEMO.coordinator}`);
  assert.equal(one(e, 'ATTENDEE').params.PARTSTAT, 'NEEDS-ACTION');
  assert.ok(one(e, 'DESCRIPTION').value.includes('Tour de table'), 'the agenda in the description');
  // Each person gets their own copy (their ATTENDEE), with the same UID.
  const [other] = await mailsUntil(mailTo(DEMO.trainee, `Invitation : ${fields.title}`));
  const o = calendarOf(other).ics;
  assert.equal(o.one(o.events[0], 'UID').value, one(e, 'UID').value);
  assert.equal(o.one(o.events[0], 'ATTENDEE').value.toLowerCase(), `mailto:${DEMO.trainee}`);
  await mailSettled(server);
  assert.equal(mails().filter(mailTo(DEMO.jury_member, `Invitation : ${fields.title}`)).length, 0, 'no invitation for the observer');
});

test('members answer on the page; an observer or a bad answer changes nothing', async () => {
  const m = await createMeeting(planned());
  const page = meetingUrl(project.id, m.id);
  let res = await post(people.facilitator, page, `${page}/invitations`, { invitees: [String(userId(DEMO.trainee)), String(userId(DEMO.training_staff))] });
  assert.equal(res.status, 303, flash(res.text));
  const view = await people.member.get(page);
  assert.ok(view.text.includes(`action="${page}/reponse"`), 'the invited member gets the answer form');
  assert.ok(!(await people.coordinator.get(page)).text.includes(`action="${page}/reponse"`), 'not invited: no form');
  const was = meetingState(m.id);
  res = await post(people.observer, page, `${page}/reponse`, { answer: 'yes' });
  assertRefused(res, 403, null, 'an observer');
  res = await post(people.coordinator, page, `${page}/reponse`, { answer: 'yes' });
  assertRefused(res, 403, null, 'a member not invited');
  res = await post(people.outsider, '/cooperation', `${page}/reponse`, { answer: 'yes' });
  assert.equal(res.status, 404, 'outside the project');
  res = await post(people.member, page, `${page}/reponse`, { answer: 'oui' });
  assertRefused(res, 422, 'Choisissez une réponse', 'an answer outside the list');
  assert.equal(meetingState(m.id), was, 'nothing answered');
  res = await post(people.member, page, `${page}/reponse`, { answer: 'maybe' });
  assert.equal(res.status, 303, flash(res.text));
  res = await post(people.member, page, `${page}/reponse`, { answer: 'yes' });
  assert.equal(res.status, 303, 'an answer can change');
  assert.equal(value(`SELECT answer FROM cooperation_meeting_invitations WHERE meeting_id = ${m.id} AND user_id = ${userId(DEMO.trainee)}`), 'yes');
  const text = textOf((await people.facilitator.get(page)).text);
  assert.ok(text.includes('1 oui, 0 peut-être, 0 non, 1 sans réponse'), text.slice(0, 400));
});

test('moving the meeting sends the update (higher SEQUENCE); cancelling sends METHOD:CANCEL with the same UID', async () => {
  const m = await createMeeting(planned());
  const page = meetingUrl(project.id, m.id);
  let res = await post(people.facilitator, page, `${page}/invitations`, { invitees: String(userId(DEMO.coordinator)) });
  assert.equal(res.status, 303, flash(res.text));
  const title = value(`SELECT title FROM cooperation_meetings WHERE id = ${m.id}`);
  const [first] = await mailsUntil(mailTo(DEMO.coordinator, `Invitation : ${title}`));
  const uid = first && calendarOf(first).ics.events[0].UID[0].value;
  assert.ok(uid, 'the first invitation arrived');

  // A refused edit changes nothing and sends nothing.
  const was = meetingState(m.id);
  const fields = { ...planned(), title, agenda_title: ['Tour de table', 'Paroles d\'habitant·es', ''] };
  res = await post(people.facilitator, page, page, { ...fields, starts: `${DAY}T18:00`, ends: `${DAY}T17:00` });
  assertRefused(res, 422, 'La fin de la réunion doit venir après son début.', 'end before start');
  res = await post(people.member, page, page, { ...fields, starts: `${DAY}T15:00`, ends: `${DAY}T17:00` });
  assertRefused(res, 403, null, 'a member editing');
  assert.equal(meetingState(m.id), was, 'nothing changed');

  res = await post(people.facilitator, page, page, { ...fields, starts: `${DAY}T15:00`, ends: `${DAY}T17:30` });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT sequence FROM cooperation_meetings WHERE id = ${m.id}`), '1');
  const [update] = await mailsUntil(mailTo(DEMO.coordinator, `Réunion modifiée : ${title}`));
  assert.ok(update, 'the update reached the sink');
  let cal = calendarOf(update).ics;
  assert.equal(cal.one(cal.calendar, 'METHOD').value, 'REQUEST');
  assert.equal(cal.one(cal.events[0], 'UID').value, uid, 'the same UID');
  assert.equal(cal.one(cal.events[0], 'SEQUENCE').value, '1');
  assert.equal(cal.one(cal.events[0], 'DTSTART').value, icsUtc(parisEpoch(DAY, '15:00')));
  // An agenda-only change is no new SEQUENCE.
  res = await post(people.facilitator, page, page, { ...fields, starts: `${DAY}T15:00`, ends: `${DAY}T17:30`,
    agenda_title: ['Tour de table', 'Paroles d\'habitant·es', 'Suites'], agenda_duration: ['20', '60', '10'] });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT sequence FROM cooperation_meetings WHERE id = ${m.id}`), '1');

  res = await post(people.member, page, `${page}/annulation`, {});
  assertRefused(res, 403, null, 'a member cancelling');
  assert.equal(value(`SELECT status FROM cooperation_meetings WHERE id = ${m.id}`), 'planned');
  res = await post(people.facilitator, page, `${page}/annulation`, {});
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT status || ',' || sequence FROM cooperation_meetings WHERE id = ${m.id}`), 'cancelled,2');
  const [cancel] = await mailsUntil(mailTo(DEMO.coordinator, `Réunion annulée : ${title}`));
  assert.ok(cancel, 'the cancellation reached the sink');
  const file = calendarOf(cancel);
  assert.ok(/method=CANCEL/i.test(file.type), file.type);
  cal = file.ics;
  assert.equal(cal.one(cal.calendar, 'METHOD').value, 'CANCEL');
  assert.equal(cal.one(cal.events[0], 'UID').value, uid, 'the same UID');
  assert.equal(cal.one(cal.events[0], 'SEQUENCE').value, '2');
  assert.equal(cal.one(cal.events[0], 'STATUS').value, 'CANCELLED');
  assert.equal(cal.one(cal.events[0], 'ATTENDEE').value.toLowerCase(), `mailto:${DEMO.coordinator}`);
  // A cancelled meeting is not edited, invited to, cancelled again, nor given attendance.
  const cancelled = meetingState(m.id);
  res = await post(people.facilitator, page, page, { ...fields, starts: `${DAY}T15:00`, ends: `${DAY}T17:00` });
  assertRefused(res, 409, 'n\'est plus prévue', 'editing a cancelled meeting');
  res = await post(people.facilitator, page, `${page}/annulation`, {});
  assertRefused(res, 409, 'n\'est plus prévue', 'cancelling twice');
  res = await post(people.facilitator, page, `${page}/invitations`, { all: '1' });
  assertRefused(res, 409, 'n\'est plus prévue', 'inviting to a cancelled meeting');
  assert.equal(meetingState(m.id), cancelled, 'nothing changed');
});

test('attendance after the start, then the minutes; the report is a tagged French PDF with its title and the decisions', async () => {
  // A planned meeting not started: no attendance, no minutes, no report.
  const future = await createMeeting(planned());
  const fpage = meetingUrl(project.id, future.id);
  const organisation = value("SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre'");
  let was = meetingState(future.id);
  let res = await post(people.facilitator, fpage, `${fpage}/presences`, { present: String(userId(DEMO.trainee)), others_count: '3' });
  assertRefused(res, 409, 'n\'a pas encore commencé', 'attendance before the start');
  res = await post(people.facilitator, fpage, `${fpage}/compte-rendu`, { minutes: 'Un compte rendu trop tôt.' });
  assertRefused(res, 409, 'n\'est pas encore tenue', 'minutes before it is held');
  const early = await people.facilitator.get(`${fpage}/compte-rendu.pdf`);
  assert.equal(early.status, 409, 'no report before it is held');
  assert.equal(meetingState(future.id), was, 'nothing changed');

  // A meeting that started two hours ago (recorded after the fact).
  const now = Math.floor(Date.now() / 1000);
  const title = `Réunion de conception ${hex()}`;
  const m = await createMeeting({ ...planned(), title, starts: parisInput(now - 7200), ends: parisInput(now - 1800),
    place: 'Théâtre Quartier Libre', video_url: 'https://visio.exemple.org/conception' });
  const page = meetingUrl(project.id, m.id);
  was = meetingState(m.id);
  res = await post(people.facilitator, page, `${page}/presences`, { others_count: '0' });
  assertRefused(res, 422, 'Notez au moins un membre présent', 'nobody present');
  res = await post(people.facilitator, page, `${page}/presences`, { present: String(userId(DEMO.partner_staff)) });
  assertRefused(res, 422, 'Seuls les membres du projet', 'someone outside the project marked present');
  res = await post(people.facilitator, page, `${page}/presences`, { present: String(userId(DEMO.trainee)), organisations: '999999' });
  assertRefused(res, 422, 'n\'existe pas dans l\'annuaire', 'an organisation not in the directory');
  res = await post(people.facilitator, page, `${page}/presences`, { present: String(userId(DEMO.trainee)), others_count: '-4' });
  assertRefused(res, 422, 'nombre entier', 'a negative count');
  res = await post(people.member, page, `${page}/presences`, { present: String(userId(DEMO.trainee)) });
  assertRefused(res, 403, null, 'a member recording attendance');
  res = await post(people.facilitator, page, `${page}/compte-rendu`, { minutes: 'Trop tôt.' });
  assertRefused(res, 409, 'n\'est pas encore tenue', 'minutes before the attendance');
  assert.equal(meetingState(m.id), was, 'nothing changed');

  res = await post(people.facilitator, page, `${page}/presences`, {
    present: [String(userId(DEMO.trainee)), String(userId(DEMO.training_staff))], organisations: [organisation, ''],
    others_count: '7', others_label: 'habitant·es du quartier',
  });
  assert.equal(res.status, 303, flash(res.text));
  assert.equal(value(`SELECT status || ',' || others_count || ',' || others_label FROM cooperation_meetings WHERE id = ${m.id}`),
    'held,7,habitant·es du quartier');
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_meeting_attendees WHERE meeting_id = ${m.id}`), '2');
  assert.equal(value(`SELECT organisation_id FROM cooperation_meeting_organisations WHERE meeting_id = ${m.id}`), organisation);

  was = meetingState(m.id);
  res = await post(people.facilitator, page, `${page}/compte-rendu`, { minutes: '   ' });
  assertRefused(res, 422, 'Le compte rendu est vide.', 'empty minutes');
  res = await post(people.observer, page, `${page}/compte-rendu`, { minutes: 'Par un observateur.' });
  assertRefused(res, 403, null, 'an observer writing the minutes');
  assert.equal(meetingState(m.id), was, 'nothing changed');
  const minutes = '## Décisions\n\nLe groupe retient des **lectures-spectacles** intergénérationnelles.\n\n- huit binômes\n\n<script>alert(1)</script>';
  res = await post(people.facilitator, page, `${page}/compte-rendu`, { minutes });
  assert.equal(res.status, 303, flash(res.text));
  const shown = await people.observer.get(page);
  assert.ok(shown.text.includes('<h3>Décisions</h3>'), 'the markdown rendered, its headings under the h2');
  assert.ok(shown.text.includes('<strong>lectures-spectacles</strong>'));
  assert.ok(!shown.text.includes('<script>alert(1)</script>'), 'raw HTML is not rendered');

  // A decision taken at the meeting (opened and closed by the facilitator, attached to the meeting).
  const decisions = `/cooperation/projets/${project.id}/decisions`;
  const closes = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 16);
  // Short texts: a table cell's text may wrap, and pdftotext reads wrapped cells line by line.
  const decisionTitle = `Binômes ${hex()}`;
  res = await post(people.facilitator, `${decisions}/nouvelle`, decisions, {
    type: 'proposal', title: decisionTitle, details: 'Des lectures en binômes.', reasons: '', closes_at: closes,
    quorum_kind: 'none', quorum_value: '0', meeting_id: String(m.id),
  });
  assert.equal(res.status, 303, `decision opened: ${flash(res.text)}`);
  const decision = Number(res.location.match(/\/decisions\/(\d+)/)[1]);
  res = await post(people.facilitator, `${decisions}/${decision}`, `${decisions}/${decision}/fermer`,
    { statement: 'Adoptée en séance.', verdict: 'adopted', option_id: '', review_on: '' });
  assert.equal(res.status, 303, `decision closed: ${flash(res.text)}`);
  assert.equal(value(`SELECT meeting_id FROM cooperation_decisions WHERE id = ${decision}`), String(m.id));
  assert.ok(textOf((await people.member.get(page)).text).includes(decisionTitle), 'the page lists the decision');

  // The PDF, read by a member and an observer; 404 outside the project.
  const pdfUrl = `${page}/compte-rendu.pdf`;
  assert.equal((await people.outsider.get(pdfUrl)).status, 404);
  const res2 = await fetch(server.url + pdfUrl, { headers: { cookie: people.observer.cookieHeader() }, redirect: 'manual' });
  assert.equal(res2.status, 200);
  assert.equal(res2.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await res2.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const info = spawnSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, new RegExp(`^Title: +Compte rendu — ${title}$`, 'm'), info.stdout);
  assert.match(info.stdout, /^Tagged: +yes$/m, 'a tagged PDF');
  assert.match(info.stdout, /^Author: +Sagiterre$/m, 'the organisation carrying the project');
  assert.ok(bytes.includes(Buffer.from('/Lang (fr-FR)')) || bytes.includes(Buffer.from('/Lang(fr-FR)')), 'declared in French');
  const text = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  for (const expected of [`Compte rendu — ${title}`, 'Théâtre Quartier Libre', 'habitant·es du quartier',
    'lectures-spectacles intergénérationnelles', '• huit binômes', decisionTitle, 'Adoptée en séance.',
    'Tour de table']) {
    assert.ok(text.includes(expected), `the PDF says « ${expected} »`);
  }
  assert.ok(!text.includes('**'), 'no markdown marks in the PDF');
});

test('the demo project holds two held meetings with attendance and minutes, and one planned', async () => {
  const demo = value("SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'");
  assert.ok(demo, 'the demo project');
  const list = rows(`SELECT id, title, status, minutes <> '', others_count FROM cooperation_meetings WHERE project_id = ${demo} ORDER BY starts_at`);
  assert.deepEqual(list.map((r) => [r[1], r[2]]), [
    ['Atelier de diagnostic partagé', 'held'],
    ['Réunion de conception de l\'action', 'held'],
    ['Point d\'étape avant la mise en œuvre', 'planned'],
  ]);
  for (const [id, , status, hasMinutes, others] of list.slice(0, 2)) {
    assert.equal(status, 'held');
    assert.ok(['1', 't', 'true'].includes(hasMinutes), 'minutes written');
    assert.ok(Number(others) > 0, 'other participants counted');
    assert.ok(Number(value(`SELECT COUNT(*) FROM cooperation_meeting_attendees WHERE meeting_id = ${id}`)) >= 3, 'members present');
    assert.ok(Number(value(`SELECT COUNT(*) FROM cooperation_meeting_organisations WHERE meeting_id = ${id}`)) >= 2, 'organisations present');
  }
  assert.ok(Number(value(`SELECT COUNT(*) FROM cooperation_meeting_invitations WHERE meeting_id = ${list[2][0]}`)) >= 3, 'the planned one has its invitations');
  // The demo's facilitator reads the diagnosis workshop's report.
  const res = await people.facilitator.get(`${meetingUrl(demo, list[0][0])}/compte-rendu.pdf`);
  assert.equal(res.status, 200);
  const page = textOf((await people.observer.get(meetingUrl(demo, list[0][0]))).text);
  assert.ok(page.includes('Théâtre Quartier Libre'), 'organisations present shown');
});
