// Members of the network (/adherents, docs/network_life/members.md). The server's clock is set on 15-16
// December of next year (the renewal reminders' month). The demo holds Cultures du Cœur 94's network from
// 2023 to this year. Staff of an organisation apply on /adherents/adhesion (twice for the same year, a year
// far away, a contact who is not staff: refused in French, nothing created; two simultaneous applications:
// exactly one); the manager decides (a refusal needs a reason), records the fee (negative, badly written,
// in the future: refused, nothing changed), the contact is changed; a member renews in one click (twice:
// refused); last year's members not renewed lapse; the reminder job e-mails the contacts once per membership;
// the list filters and exports CSV; « Notre adhésion » and the dashboards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, startTrame, until, waitForMail } from '../harness.mjs';
import { assertRefused, flash, post, textOf } from '../cooperation/fixtures.mjs';
import { ccc, decemberOffset, freshOrganisation, hex, q, serverYear, sqlOf } from './members_fixtures.mjs';

process.env.TRAME_CLOCK_OFFSET = decemberOffset();
const Y = serverYear();

let server;
let db;
let manager;   // animation@culturesducoeur94.local: network_life.manage at Cultures du Cœur 94
let boxOffice; // billetterie@theatre-quartier-libre.local: staff of the Théâtre Quartier Libre (a member)
let outsider;  // the Loire-Atlantique coordinator: manages another organisation's network life
let cccId;

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

const countOf = (orgId, year) => Number(db.value(`SELECT COUNT(*) FROM life_memberships WHERE organisation_id = ${orgId}${year ? ` AND year = ${year}` : ''}`));
const rowOf = (id) => db.rows(`SELECT status, fee_cents, fee_on, fee_means, contact_user_id, refusal_reason FROM life_memberships WHERE id = ${id}`)[0];

async function apply(client, org, fields = {}) {
  return post(client, '/adherents/adhesion', '/adherents/adhesion',
    { organisation: org.id, organiser: cccId, year: Y, note: '', ...fields });
}

before(async () => {
  server = await startTrame({ env: { TRAME_TRAININGS_JOB_SECONDS: '1' } });
  db = sqlOf(server);
  cccId = ccc(server);
  manager = await signIn('animation@culturesducoeur94.local');
  boxOffice = await signIn(DEMO.partner_staff);
  outsider = await signIn(DEMO.coordinator);
});
after(async () => { await server?.stop(); });

test('the demo: Cultures du Cœur 94\'s members from 2023 to this year, fees, an application, a lapse', async () => {
  const list = await manager.get(`/adherents?annee=${Y}`);
  assert.equal(list.status, 200);
  const text = textOf(list.text);
  for (const name of ['Relais social de Vitry-sur-Seine (fictif)', 'Théâtre Quartier Libre', "Médiathèque d'Ivry-sur-Seine (fictive)", 'Club sportif de Champigny (fictif)'])
    assert.ok(text.includes(name), `${name} in the ${Y} list`);
  assert.ok(text.includes('Demande en attente'));
  const y2023 = textOf((await manager.get('/adherents?annee=2023&statut=lapsed')).text);
  assert.ok(y2023.includes("Maison de quartier d'Orly (fictive)"), 'a lapsed membership in 2023');
  const vitry = db.value(`SELECT m.id FROM life_memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.name = 'Relais social de Vitry-sur-Seine (fictif)' AND m.year = 2024`);
  const page = textOf((await manager.get(`/adherents/${vitry}`)).text);
  assert.ok(page.includes('50,00'), 'the fee recorded');
  assert.ok(page.includes('Virement'));
  assert.ok(page.includes('Signée le 15/09/2023'), 'the charter signed in the partnership');
  const exempt = db.value(`SELECT COUNT(*) FROM life_memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.name = 'Médiathèque d''Ivry-sur-Seine (fictive)' AND m.fee_means = 'exonere'`);
  assert.ok(Number(exempt) >= 2);
  // members of this year (the contract other modules read)
  assert.ok(Number(db.value(`SELECT COUNT(*) FROM life_memberships WHERE year = ${Y} AND status = 'member'`)) >= 3);
});

test('staff apply; twice, far years, a contact who is not staff, someone else\'s organisation: refused, nothing created', async () => {
  const org = freshOrganisation(server);
  const staff = await signIn(org.email);
  const form = await staff.get('/adherents/adhesion');
  assert.equal(form.status, 200);
  assert.ok(textOf(form.text).includes(org.name));
  const ok = await apply(staff, org, { contact: org.userId, note: 'Nouveau relais' });
  assert.equal(ok.status, 303, flash(ok.text));
  assert.equal(countOf(org.id, Y), 1);
  assert.deepEqual(rowOf(db.value(`SELECT id FROM life_memberships WHERE organisation_id = ${org.id}`)).slice(0, 1), ['applied']);
  assertRefused(await apply(staff, org), 409, 'déjà une adhésion', 'applying twice');
  assertRefused(await apply(staff, org, { year: Y - 30 }), 422, "l'année passée, l'année en cours ou l'année prochaine", 'a year far in the past');
  assertRefused(await apply(staff, org, { year: Y + 5 }), 422, "l'année passée, l'année en cours ou l'année prochaine", 'a year far in the future');
  assertRefused(await apply(staff, org, { year: 'deux' }), 422, 'quatre chiffres', 'a year not a number');
  const theatreUser = db.value(`SELECT id FROM users WHERE email = ${q(DEMO.partner_staff)}`);
  assertRefused(await apply(staff, org, { year: Y + 1, contact: theatreUser }), 422, "faire partie de l'équipe", 'a contact who is not staff');
  // someone who is not on the organisation's team
  assertRefused(await apply(boxOffice, org, { year: Y + 1 }), 422, "ne faites pas partie de l'équipe", 'another organisation');
  assert.equal(countOf(org.id), 1, 'nothing else created');
});

test('two simultaneous applications for the same organisation and year: exactly one', async () => {
  const org = freshOrganisation(server);
  const staff = await signIn(org.email);
  await staff.get('/adherents/adhesion');
  const send = () => staff.post('/adherents/adhesion', { organisation: org.id, organiser: cccId, year: Y + 1, note: '', _submission: `s-${hex()}${hex()}` });
  const answers = await Promise.all([send(), send(), send()]);
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [303, 409, 409], `answers ${statuses}`);
  assert.equal(countOf(org.id, Y + 1), 1);
});

test('the manager decides, records the fee and the contact; refusals change nothing', async () => {
  const org = freshOrganisation(server, { kind: 'cultural', role: 'partner_staff', prefix: 'Lieu test' });
  const staff = await signIn(org.email);
  assert.equal((await apply(staff, org)).status, 303);
  const id = Number(db.value(`SELECT id FROM life_memberships WHERE organisation_id = ${org.id}`));
  const page = `/adherents/${id}`;
  // the applicant may read, not decide; an outsider does not see it
  assert.equal((await staff.get(page)).status, 200);
  assertRefused(await post(staff, page, `${page}/decision`, { decision: 'member' }), 403, null, 'staff deciding');
  assert.equal((await outsider.get(page)).status, 404);
  assertRefused(await post(outsider, '/adherents', `${page}/decision`, { decision: 'member' }), 404, null, 'outsider deciding');
  assertRefused(await post(manager, page, `${page}/decision`, { decision: 'refused', reason: ' ' }), 422, 'Indiquez le motif du refus', 'a refusal without reason');
  assert.equal(rowOf(id)[0], 'applied');
  const accepted = await post(manager, page, `${page}/decision`, { decision: 'member' });
  assert.equal(accepted.status, 303, flash(accepted.text));
  assert.equal(rowOf(id)[0], 'member');
  assertRefused(await post(manager, page, `${page}/decision`, { decision: 'refused', reason: 'trop tard' }), 409, 'déjà reçu une décision', 'deciding twice');
  await waitForMail((m) => m.to === org.email && m.subject.includes(`Votre adhésion ${Y} est acceptée`));
  // the fee
  const today = db.value(`SELECT applied_on FROM life_memberships WHERE id = ${id}`);
  const before = rowOf(id).join('|');
  assertRefused(await post(manager, page, `${page}/cotisation`, { fee_amount: '-5', fee_date: today, fee_means: 'virement' }), 422, 'ne peut pas être négatif', 'a negative fee');
  assertRefused(await post(manager, page, `${page}/cotisation`, { fee_amount: '12,505', fee_date: today, fee_means: 'virement' }), 422, 'deux chiffres après la virgule', 'three decimals');
  assertRefused(await post(manager, page, `${page}/cotisation`, { fee_amount: '10', fee_date: `${Y + 1}-06-01`, fee_means: 'cheque' }), 422, 'dans le futur', 'a payment in the future');
  assertRefused(await post(manager, page, `${page}/cotisation`, { fee_amount: '10', fee_date: today, fee_means: 'bitcoin' }), 422, 'moyen de paiement', 'an unknown means');
  assertRefused(await post(staff, page, `${page}/cotisation`, { fee_amount: '10', fee_date: today, fee_means: 'cheque' }), 403, null, 'staff recording a fee');
  assert.equal(rowOf(id).join('|'), before, 'nothing changed by the refused fees');
  const fee = await post(manager, page, `${page}/cotisation`, { fee_amount: '12,50', fee_date: today, fee_means: 'virement' });
  assert.equal(fee.status, 303, flash(fee.text));
  assert.deepEqual(rowOf(id).slice(1, 4), ['1250', today, 'virement']);
  assert.ok(textOf((await manager.get(page)).text).includes('12,50'));
  // the contact: staff only
  const other = db.value(`SELECT id FROM users WHERE email = ${q(DEMO.partner_staff)}`);
  assertRefused(await post(staff, page, `${page}/contact`, { contact: other }), 422, "faire partie de l'équipe", 'a contact outside the team');
  assert.equal(rowOf(id)[4], '0');
  assert.equal((await post(staff, page, `${page}/contact`, { contact: org.userId })).status, 303);
  assert.equal(rowOf(id)[4], String(org.userId));
});

test('a member renews in one click, keeping the contact; twice: refused', async () => {
  const org = freshOrganisation(server);
  const staff = await signIn(org.email);
  assert.equal((await apply(staff, org, { contact: org.userId })).status, 303);
  const id = Number(db.value(`SELECT id FROM life_memberships WHERE organisation_id = ${org.id}`));
  assert.equal((await post(manager, `/adherents/${id}`, `/adherents/${id}/decision`, { decision: 'member' })).status, 303);
  const own = await staff.get(`/adherents/notre-adhesion?organisation=${org.id}`);
  assert.equal(own.status, 200);
  assert.ok(textOf(own.text).includes(`Renouveler l'adhésion pour ${Y + 1}`), 'the renewal button in December');
  const renewed = await post(staff, '/adherents/notre-adhesion', `/adherents/${id}/renouvellement`, {});
  assert.equal(renewed.status, 303, flash(renewed.text));
  assert.deepEqual(db.rows(`SELECT status, contact_user_id, renewal_of FROM life_memberships WHERE organisation_id = ${org.id} AND year = ${Y + 1}`)[0],
    ['member', String(org.userId), String(id)]);
  const again = await post(staff, '/adherents/notre-adhesion', `/adherents/${id}/renouvellement`, {});
  assert.equal(again.status, 303, 'back to the page with the message');
  assert.equal(countOf(org.id), 2, 'renewed once');
  assert.equal((await outsider.get(`/adherents/${id}`)).status, 404);
  assertRefused(await post(outsider, '/adherents', `/adherents/${id}/renouvellement`, {}), 404, null, 'outsider renewing');
});

test('last year\'s members not renewed lapse; a lapsed membership may be renewed', async () => {
  const org = freshOrganisation(server);
  const recorded = await post(manager, '/adherents', '/adherents', { organiser: cccId, organisation: org.id, year: Y - 1, as_member: '1', note: '' });
  assert.equal(recorded.status, 303, flash(recorded.text));
  const id = Number(db.value(`SELECT id FROM life_memberships WHERE organisation_id = ${org.id}`));
  await until(() => db.value(`SELECT status FROM life_memberships WHERE id = ${id}`) === 'lapsed', 'the lapse');
  assert.ok(db.value(`SELECT lapsed_on FROM life_memberships WHERE id = ${id}`).startsWith(String(Y)));
  assertRefused(await post(manager, '/adherents', '/adherents', { organiser: cccId, organisation: org.id, year: Y - 1, note: '' }), 409, 'déjà une adhésion', 'recording twice');
  const renewed = await post(manager, `/adherents/${id}`, `/adherents/${id}/renouvellement`, {});
  assert.equal(renewed.status, 303);
  assert.equal(db.value(`SELECT status FROM life_memberships WHERE organisation_id = ${org.id} AND year = ${Y}`), 'member');
  // a manager of another organisation cannot record for Cultures du Cœur 94's network
  assertRefused(await post(outsider, '/adherents', '/adherents', { organiser: cccId, organisation: org.id, year: Y + 1, note: '' }), 403, null, 'another network');
  assert.equal(countOf(org.id), 2);
});

test('the reminder job e-mails the contacts once per membership', async () => {
  const theatre = db.value(`SELECT m.id FROM life_memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.name = 'Théâtre Quartier Libre' AND m.year = ${Y}`);
  const subject = `Renouvellement de votre adhésion pour ${Y + 1}`;
  // This server's e-mails only (the sink is shared with the other engine's run, whose theatre gets one too).
  const ours = (m) => m.body.replace(/=\r?\n/g, '').includes(`${server.url}/adherents/`);
  await waitForMail((m) => m.to === DEMO.partner_staff && m.subject === subject && ours(m), 30000);
  assert.ok(Number(db.value(`SELECT reminder_sent_at FROM life_memberships WHERE id = ${theatre}`)) > 0);
  // a later membership gets its own reminder: the job ran again since, and the first was not sent again
  const org = freshOrganisation(server);
  assert.equal((await post(manager, '/adherents', '/adherents', { organiser: cccId, organisation: org.id, year: Y, as_member: '1', note: '' })).status, 303);
  await waitForMail((m) => m.to === org.email && m.subject === subject, 30000);
  await waitForMail((m) => m.to === org.email && m.subject === subject, 30000);
  const newId = db.value(`SELECT id FROM life_memberships WHERE organisation_id = ${org.id}`);
  assert.equal(Number(db.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'members.reminder' AND subject = 'life_membership:${newId}'`)), 1);
  assert.equal(Number(db.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'members.reminder' AND subject = 'life_membership:${theatre}'`)), 1);
  assert.equal(mails().filter((m) => m.to === DEMO.partner_staff && m.subject === subject && ours(m)).length, 1, 'one reminder to the theatre');
});

test('the list filters and exports CSV; « Notre adhésion »; the dashboards; who may read', async () => {
  const csv = await manager.get(`/adherents/export.csv?annee=${Y}&statut=member`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(csv.text.includes('Relais social de Vitry-sur-Seine (fictif)'));
  assert.ok(!csv.text.includes('Club sportif de Champigny'), 'filtered by status');
  const sportPage = (await manager.get(`/adherents?type=sport&annee=${Y}`)).text;
  const sport = textOf(sportPage.slice(sportPage.indexOf('<table'), sportPage.indexOf('</table>')));
  assert.ok(sport.includes('Club sportif de Champigny (fictif)') && !sport.includes('Vitry-sur-Seine (fictif)'));
  assert.equal((await boxOffice.get('/adherents')).status, 403);
  assert.equal((await boxOffice.get('/adherents/export.csv')).status, 403);
  const own = await boxOffice.get('/adherents/notre-adhesion');
  assert.equal(own.status, 200);
  assert.ok(textOf(own.text).includes('Théâtre Quartier Libre'));
  const volunteer = await signIn(DEMO.volunteer);
  assert.equal((await volunteer.get('/adherents/notre-adhesion')).status, 404);
  const dash = textOf((await manager.get('/tableau-de-bord')).text);
  assert.ok(/demandes? d'adhésion en attente de décision/.test(dash), 'managers: applications awaiting');
  const memberDash = textOf((await boxOffice.get('/tableau-de-bord')).text);
  assert.match(memberDash, /adhésions? à renouveler/, 'members: the renewal to do (December)');
});
