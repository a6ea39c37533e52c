// The general assembly over HTTP (src/network_life/assembly): creation with its refusals, the notice
// sent once and refused when too late, members' own proxies and their refusals, the proxy limit in the
// write (also under concurrency), quorum and votes checked against the voters, the minutes published,
// locked and served as a PDF, who sees what, and the seed's demo. Every refusal reads the database to
// prove nothing changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { signIn } from '../cooperation/fixtures.mjs';
import { dbValue, q } from '../questionnaire_fixtures.mjs';
import {
  CDC94, NETWORK, addResolution, attendanceOf, createAssembly, flash, freshYear, hex, makeMembers, orgId, parisDay, post,
  textOf,
} from './assembly_fixtures.mjs';

let server;
let db;
let year;
let members;  // five fresh member organisations
let cdc94;    // Cultures du Cœur 94, also a member this year: the demo referent is its contact
let manager;  // the Département's coordinator (network_life.manage there)
let referent;

const url = (id) => `/adherents/assemblees/${id}`;
const refusedWith = (res, status, message, label) => {
  assert.equal(res.status, status, `${label}: ${status} expected, got ${res.status} (${flash(res.text)})`);
  assert.ok(textOf(res.text).includes(message), `${label}: « ${message} » in « ${flash(res.text) || textOf(res.text).slice(0, 300)} »`);
};

before(async () => {
  server = await startTrame();
  db = server.database;
  year = freshYear();
  cdc94 = { id: orgId(db, CDC94), name: CDC94 };
  members = makeMembers(db, year, 5, [cdc94]);
  manager = await signIn(server, DEMO.coordinator);
  referent = await signIn(server, DEMO.referent);
});

after(async () => { await server?.stop(); });

test('creation: refusals in French keep the form and write nothing; a manager creates with the agenda', async () => {
  const title = `AG refusée ${hex()}`;
  const res = await post(manager, '/adherents/assemblees', '/adherents/assemblees', {
    organiser: orgId(db, NETWORK), kind: 'ordinary', title, starts: `${parisDay(30)}T14:00`, ends: `${parisDay(30)}T17:00`,
    place: 'Salle', video_url: '', year: String(year), agenda: '  \n ',
  });
  refusedWith(res, 422, "Indiquez au moins un point à l'ordre du jour", 'no agenda');
  assert.ok(res.text.includes(title), 'the typed title is kept');
  assert.equal(dbValue(db, `SELECT COUNT(*) FROM life_assemblies WHERE title = ${q(title)}`), '0');
  const bad = await post(manager, '/adherents/assemblees', '/adherents/assemblees', {
    organiser: orgId(db, NETWORK), kind: 'ordinary', title, starts: `${parisDay(30)}T14:00`, ends: `${parisDay(30)}T12:00`,
    place: 'Salle', video_url: '', year: String(year), agenda: 'Un point',
  });
  refusedWith(bad, 422, 'La fin doit venir après le début', 'end before start');
  // A referent (no network_life.manage) cannot organise for the Département.
  const other = await post(referent, '/adherents/assemblees', '/adherents/assemblees', {
    organiser: orgId(db, NETWORK), kind: 'ordinary', title, starts: `${parisDay(30)}T14:00`, ends: `${parisDay(30)}T17:00`,
    place: 'Salle', video_url: '', year: String(year), agenda: 'Un point',
  });
  assert.equal(other.status, 403);
  assert.equal(dbValue(db, `SELECT COUNT(*) FROM life_assemblies WHERE title = ${q(title)}`), '0');

  const made = await createAssembly(manager, db, { day: parisDay(30), year, agenda: 'Accueil\nRapport moral\nBudget' });
  assert.deepEqual(querySql(db, `SELECT title FROM life_assembly_agenda WHERE assembly_id = ${made.id} ORDER BY position`).split('\n'),
    ['Accueil', 'Rapport moral', 'Budget']);
  const page = await manager.get(url(made.id));
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Rapport moral'));
});

test('notice: edits before it, refused when too late, sent once by e-mail with an ICS to the contacts of the year, no edit after', async () => {
  const late = await createAssembly(manager, db, { day: parisDay(5), year });
  const tooLate = await post(manager, url(late.id), `${url(late.id)}/convocation`, {});
  refusedWith(tooLate, 409, 'Trop tard pour convoquer', 'notice too late');
  assert.equal(dbValue(db, `SELECT notice_sent_at FROM life_assemblies WHERE id = ${late.id}`), '0');
  assert.equal(dbValue(db, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ${q(`%${late.title}%`)}`), '0');

  const a = await createAssembly(manager, db, { day: parisDay(30), year });
  await addResolution(manager, db, a.id, 'Approbation des comptes');
  // Before the notice the manager edits the details and the agenda; a bad edit changes nothing.
  const edit = (fields) => post(manager, url(a.id), url(a.id), {
    kind: 'ordinary', title: a.title, starts: `${parisDay(30)}T14:00`, ends: `${parisDay(30)}T17:00`, place: 'Grande salle',
    video_url: '', year: String(year), agenda: 'Rapport moral\nRapport financier\nBudget', ...fields,
  });
  refusedWith(await edit({ video_url: 'visio' }), 422, 'Le lien de visioconférence doit être une adresse web', 'bad edit');
  assert.equal(dbValue(db, `SELECT place FROM life_assemblies WHERE id = ${a.id}`), 'Salle du conseil');
  assert.equal((await edit({})).status, 303);
  assert.equal(dbValue(db, `SELECT place FROM life_assemblies WHERE id = ${a.id}`), 'Grande salle');
  assert.equal(dbValue(db, `SELECT COUNT(*) FROM life_assembly_agenda WHERE assembly_id = ${a.id}`), '3');
  const sent = await post(manager, url(a.id), `${url(a.id)}/convocation`, {});
  assert.equal(sent.status, 303, flash(sent.text));
  const count = Number(dbValue(db, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ${q(`%${a.title}%`)}`));
  assert.ok(count >= 1, 'e-mails queued');
  assert.equal(dbValue(db, `SELECT notice_count FROM life_assemblies WHERE id = ${a.id}`), String(count));
  const toReferent = dbValue(db, `SELECT body || '|' || attachment_name FROM mail_outbox WHERE subject LIKE ${q(`%${a.title}%`)} AND recipient = ${q(DEMO.referent)}`);
  assert.ok(toReferent, 'the referent (contact of a member) is convened');
  assert.ok(toReferent.includes('Rapport moral') && toReferent.includes('Approbation des comptes'), 'agenda and resolutions in the e-mail');
  assert.ok(toReferent.endsWith('convocation.ics'), 'an ICS attached');
  const again = await post(manager, url(a.id), `${url(a.id)}/convocation`, {});
  assert.equal(again.status, 409);
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ${q(`%${a.title}%`)}`)), count, 'sent once');
  refusedWith(await edit({ place: 'Ailleurs', agenda: 'Autre chose' }), 409, 'La convocation est partie', 'edit after the notice');
  assert.equal(dbValue(db, `SELECT place FROM life_assemblies WHERE id = ${a.id}`), 'Grande salle');
  assert.equal(dbValue(db, `SELECT COUNT(*) FROM life_assembly_agenda WHERE assembly_id = ${a.id}`), '3');
});

test('proxies: a member gives its own before the day; self, non-member, another organisation and beyond the limit are refused', async () => {
  const a = await createAssembly(manager, db, { day: parisDay(30), year });
  const [f1, f2, f3] = members;
  const page = await referent.get(url(a.id));
  assert.equal(page.status, 200, 'a contact of a member sees the assembly');
  assert.ok(textOf(page.text).includes('Votre participation'));

  const self = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: cdc94.id, status: 'represented', holder: cdc94.id });
  refusedWith(self, 422, 'Une organisation ne peut pas se donner procuration à elle-même', 'proxy to itself');
  const nonMember = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: cdc94.id, status: 'represented', holder: orgId(db, NETWORK) });
  refusedWith(nonMember, 422, "La procuration ne peut être donnée qu'à une organisation adhérente", 'proxy to a non-member');
  const notMine = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: f2.id, status: 'represented', holder: f1.id });
  assert.equal(notMine.status, 403, 'another member organisation');
  assert.deepEqual(attendanceOf(db, a.id), {}, 'nothing recorded by the refusals');

  const own = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: cdc94.id, status: 'represented', holder: f1.id });
  assert.equal(own.status, 303, flash(own.text));
  const mgr = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f2.id, status: 'represented', holder: f1.id });
  assert.equal(mgr.status, 303, flash(mgr.text));
  const beyond = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f3.id, status: 'represented', holder: f1.id });
  refusedWith(beyond, 409, 'détient déjà le nombre maximal de procurations', 'proxy beyond the limit');
  const rows = attendanceOf(db, a.id);
  assert.deepEqual(Object.keys(rows).map(Number).sort(), [cdc94.id, f2.id].sort());
  assert.equal(rows[cdc94.id].holder, f1.id);
  // A represented organisation cannot hold proxies; one holding proxies cannot be represented.
  const chain = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f3.id, status: 'represented', holder: f2.id });
  refusedWith(chain, 422, 'Cet adhérent est lui-même représenté', 'proxy to a represented member');
  const holder = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f1.id, status: 'represented', holder: f3.id });
  refusedWith(holder, 422, 'Cette organisation détient des procurations', 'the holder represented');
  const absent = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f1.id, status: 'absent', holder: '' });
  refusedWith(absent, 422, 'Cette organisation détient des procurations', 'the holder absent');
  assert.equal(Object.keys(attendanceOf(db, a.id)).length, 2);
  // Present replaces represented: one row per organisation, never both.
  const present = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: cdc94.id, status: 'present', holder: '' });
  assert.equal(present.status, 303);
  assert.deepEqual(attendanceOf(db, a.id)[cdc94.id], { status: 'present', holder: 0 });
});

test('concurrent proxies to the same holder: never more than the limit', async () => {
  const a = await createAssembly(manager, db, { day: parisDay(30), year });
  const holder = members[0];
  const givers = [...members.slice(1), cdc94];
  await manager.get(url(a.id));
  const results = await Promise.all(givers.map((g) => manager.request('POST', `${url(a.id)}/presences`, {
    body: new URLSearchParams({ _csrf: manager.csrf, _submission: `s-${hex()}${hex()}`, organisation: String(g.id), status: 'represented', holder: String(holder.id) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  const ok = results.filter((r) => r.status === 303).length;
  const refused = results.filter((r) => r.status === 409).length;
  assert.equal(ok + refused, givers.length, `statuses: ${results.map((r) => r.status).join(',')}`);
  const held = Number(dbValue(db, `SELECT COUNT(*) FROM life_assembly_attendance WHERE assembly_id = ${a.id} AND holder_id = ${holder.id} AND status = 'represented'`));
  assert.equal(held, 2, 'exactly the limit');
  assert.equal(ok, 2);
});

test('quorum, votes checked against voters, publication locks, minutes PDF', async () => {
  const a = await createAssembly(manager, db, { day: parisDay(-2), from: '10:00', to: '12:00', year });
  const moral = await addResolution(manager, db, a.id, 'Rapport moral');
  const statuts = await addResolution(manager, db, a.id, 'Modification des statuts', 'qualified');
  const [f1, f2] = members;
  // The day is past: a member can no longer answer by itself.
  const late = await post(referent, url(a.id), `${url(a.id)}/presences`, { form: 'mine', organisation: cdc94.id, status: 'present', holder: '' });
  refusedWith(late, 409, 'au plus tard la veille', 'member answer on the day');
  // 6 members, quorum 1/4 → 2 needed.
  assert.equal((await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f1.id, status: 'present', holder: '' })).status, 303);
  const noQuorum = await post(manager, url(a.id), `${url(a.id)}/resolutions/${moral}/votes`, { for: '1', against: '0', abstain: '0' });
  refusedWith(noQuorum, 409, "Le quorum n'est pas atteint", 'votes without quorum');
  assert.equal((await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: f2.id, status: 'represented', holder: f1.id })).status, 303);
  const tooMany = await post(manager, url(a.id), `${url(a.id)}/resolutions/${moral}/votes`, { for: '2', against: '1', abstain: '0' });
  refusedWith(tooMany, 422, 'plus de voix que de votants', 'votes more than voters');
  assert.equal(dbValue(db, `SELECT result || '/' || votes_for FROM life_assembly_resolutions WHERE id = ${moral}`), '/0');
  const publishEarly = await post(manager, url(a.id), `${url(a.id)}/publication`, {});
  refusedWith(publishEarly, 409, 'Chaque résolution doit être votée', 'publish before the votes');
  assert.equal((await post(manager, url(a.id), `${url(a.id)}/resolutions/${moral}/votes`, { for: '2', against: '0', abstain: '0' })).status, 303);
  assert.equal((await post(manager, url(a.id), `${url(a.id)}/resolutions/${statuts}/votes`, { for: '1', against: '1', abstain: '0' })).status, 303);
  assert.equal(dbValue(db, `SELECT result FROM life_assembly_resolutions WHERE id = ${moral}`), 'adopted');
  assert.equal(dbValue(db, `SELECT result FROM life_assembly_resolutions WHERE id = ${statuts}`), 'rejected');
  // The referent may read but not vote.
  const referentVote = await post(referent, url(a.id), `${url(a.id)}/resolutions/${moral}/votes`, { for: '0', against: '2', abstain: '0' });
  assert.equal(referentVote.status, 403);
  const draft = await manager.get(`${url(a.id)}/proces-verbal.pdf`);
  assert.equal(draft.status, 409);

  assert.equal((await post(manager, url(a.id), `${url(a.id)}/publication`, {})).status, 303);
  const before = JSON.stringify([attendanceOf(db, a.id), querySql(db, `SELECT votes_for, result FROM life_assembly_resolutions WHERE assembly_id = ${a.id} ORDER BY id`)]);
  const edit = await post(manager, url(a.id), `${url(a.id)}/presences`, { organisation: members[2].id, status: 'present', holder: '' });
  refusedWith(edit, 409, 'Le procès-verbal est publié', 'attendance after publication');
  const vote = await post(manager, url(a.id), `${url(a.id)}/resolutions/${statuts}/votes`, { for: '2', against: '0', abstain: '0' });
  refusedWith(vote, 409, 'Le procès-verbal est publié', 'votes after publication');
  const res = await post(manager, url(a.id), `${url(a.id)}/resolutions`, { title: 'Tardive', body: '', majority: 'simple' });
  assert.equal(res.status, 409);
  assert.equal(JSON.stringify([attendanceOf(db, a.id), querySql(db, `SELECT votes_for, result FROM life_assembly_resolutions WHERE assembly_id = ${a.id} ORDER BY id`)]), before);

  const pdf = await fetch(`${server.url}${url(a.id)}/proces-verbal.pdf`, { headers: { cookie: referent.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(bytes.toString('latin1').includes('/Lang'), 'a tagged PDF with its language');
});

test('who sees what: strangers get 404, the list shows the assemblies one may see', async () => {
  const a = await createAssembly(manager, db, { day: parisDay(30), year });
  const volunteer = await signIn(server, DEMO.volunteer);
  assert.equal((await volunteer.get(url(a.id))).status, 404, 'not a contact of a member, not staff of the organiser');
  const trainee = await signIn(server, DEMO.trainee);
  assert.equal((await trainee.get(url(a.id))).status, 404);
  assert.ok(!(await trainee.get('/adherents/assemblees')).text.includes(a.title));
  assert.ok((await referent.get('/adherents/assemblees')).text.includes(a.title));
  const anonymous = new Client(server.url);
  const anon = await anonymous.get(url(a.id));
  assert.ok([302, 303].includes(anon.status), 'anonymous people are sent to sign in');
  assert.equal((await manager.get('/adherents/assemblees/999999')).status, 404);
});

test('demo (seed 004): the 2024 assembly published with its resolutions adopted, and the next one not convened', async () => {
  const organiser = orgId(db, CDC94);
  const past = dbValue(db, `SELECT id FROM life_assemblies WHERE organiser_id = ${organiser} AND title = 'Assemblée générale 2024'`);
  if (!past) {
    // The members module's 2024 members are the voters: without them there is no demo assembly.
    assert.equal(dbValue(db, "SELECT COUNT(*) FROM life_memberships WHERE year = 2024 AND status IN ('member','lapsed')"), '0');
    return;
  }
  assert.notEqual(dbValue(db, `SELECT published_at FROM life_assemblies WHERE id = ${past}`), '0');
  assert.deepEqual(querySql(db, `SELECT result FROM life_assembly_resolutions WHERE assembly_id = ${past} ORDER BY position`).split('\n'),
    ['adopted', 'adopted', 'adopted', 'adopted']);
  assert.ok(Number(dbValue(db, `SELECT COUNT(*) FROM life_assembly_attendance WHERE assembly_id = ${past} AND status = 'represented'`)) >= 1);
  const now = Math.floor(Date.now() / 1000);
  const next = dbValue(db, `SELECT COUNT(*) FROM life_assemblies WHERE organiser_id = ${organiser} AND starts_at > ${now} AND notice_sent_at = 0`);
  assert.equal(next, '1');
  const coordinator = await signIn(server, 'animation@culturesducoeur94.local');
  const pdf = await coordinator.get(`/adherents/assemblees/${past}/proces-verbal.pdf`);
  assert.equal(pdf.status, 200);
});
