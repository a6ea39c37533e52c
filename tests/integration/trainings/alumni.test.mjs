// The alumni space of a programme (/formations/programmes/{id}/anciens): it answers 200 to anyone who
// may see the programme, with « Rejoindre l'espace des anciens » for a former trainee (completed), an
// explanation otherwise, and the threads for members and staff; joining and leaving are choices;
// members and staff write threads and replies with files, e-mailed to the members who did not turn the
// e-mails off; the organiser's managers remove a message; refusals change nothing in the database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, runSql, startTrame, waitForMail } from '../harness.mjs';
import { alertOf, decode, fresh } from '../enrolments_fixtures.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';

let server;
let programme;   // the Département's programme (of « Pays d'Ancenis 2022-2023 »)
let formerEmail; // a former trainee of Ancenis who is not a member yet (given the demo password here)
let member;      // a demo member of the space (e-mail)
let sagiterre;   // Sagiterre's programme

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

async function postMultipart(client, path, fields, file) {
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', fresh());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([file.bytes], { type: 'text/plain' }), file.name);
  return client.request('POST', path, { body: form });
}

const space = () => `/formations/programmes/${programme}/anciens`;
const members = () => dbRows(server.database, `SELECT user_id, mail FROM training_alumni_members WHERE programme_id = ${programme} ORDER BY user_id`);
const threads = () => dbRows(server.database, `SELECT id, title, posts FROM training_alumni_threads WHERE programme_id = ${programme} ORDER BY id`);
const posts = () => dbRows(server.database, `SELECT p.id, p.body, p.deleted FROM training_alumni_posts p JOIN training_alumni_threads t ON t.id = p.thread_id WHERE t.programme_id = ${programme} ORDER BY p.id`);
const snapshot = () => JSON.stringify([members(), threads(), posts()]);

before(async () => {
  server = await startTrame();
  programme = Number(dbValue(server.database, "SELECT programme_id FROM training_sessions WHERE title = 'Pays d''Ancenis 2022-2023'"));
  sagiterre = Number(dbValue(server.database, "SELECT programme_id FROM training_sessions WHERE title = 'Session printemps 2027'"));
  member = dbValue(server.database, `SELECT u.email FROM training_alumni_members m JOIN users u ON u.id = m.user_id WHERE m.programme_id = ${programme} ORDER BY u.id LIMIT 1`);
  assert.ok(member, 'the demo space has members');
  formerEmail = dbValue(server.database, "SELECT u.email FROM training_applications a JOIN users u ON u.id = a.user_id "
    + "JOIN training_sessions s ON s.id = a.session_id WHERE s.title = 'Pays d''Ancenis 2022-2023' AND a.status = 'completed' "
    + `AND a.user_id NOT IN (SELECT user_id FROM training_alumni_members WHERE programme_id = ${programme}) ORDER BY a.id LIMIT 1`);
  assert.ok(formerEmail, 'a former trainee outside the space');
  // The fixture: this former trainee signs in with the demo password.
  runSql(server.database, `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = ${q(DEMO.trainee)}) WHERE email = ${q(formerEmail)}`);
});
after(async () => { await server?.stop(); });

test('the page answers 200 with the right offer: join, an explanation, or the threads', async () => {
  const former = await signIn(formerEmail);
  let page = await former.get(space());
  assert.equal(page.status, 200);
  assert.match(decode(page.text), /<button type="submit" class="button">Rejoindre l'espace des anciens<\/button>/);
  assert.doesNotMatch(page.text, /Retrouvailles/, 'no threads before joining');

  const trainee = await signIn(DEMO.trainee);
  page = await trainee.get(space());
  assert.equal(page.status, 200);
  assert.match(decode(page.text), /<p id="alumni-explanation">L'espace des anciens est réservé aux personnes qui ont terminé une session/);
  assert.doesNotMatch(decode(page.text), /Rejoindre l'espace des anciens/);
  // The session page's link for a trainee of Sagiterre's session: 200 too.
  assert.equal((await trainee.get(`/formations/programmes/${sagiterre}/anciens`)).status, 200);

  const coordinator = await signIn(DEMO.coordinator);
  page = await coordinator.get(space());
  assert.equal(page.status, 200);
  assert.match(decode(page.text), /Retrouvailles : où en sont nos projets un an après \?/);
  assert.match(decode(page.text), /vous lisez et animez cet espace sans le rejoindre/);

  assert.equal((await coordinator.get('/formations/programmes/999999/anciens')).status, 404);
  const anonymous = new Client(server.url);
  const anon = await anonymous.get(space());
  assert.ok([302, 303].includes(anon.status), `anonymous: ${anon.status}`);
});

test('refusals change nothing: not a member, not eligible, bad input', async () => {
  const start = snapshot();
  const former = await signIn(formerEmail);
  await former.get(space());
  let res = await postMultipart(former, `${space()}/fils`, { title: 'Bonjour', body: 'Salut' });
  assert.equal(res.status, 403);
  const demoThread = threads()[0][0];
  assert.equal((await former.get(`/formations/anciens/fils/${demoThread}`)).status, 403);
  res = await former.post(`${space()}/depart`, { _submission: fresh() });
  assert.equal(res.status, 422);
  assert.match(alertOf(res), /Vous n'êtes pas membre/);

  const trainee = await signIn(DEMO.trainee);
  await trainee.get(space());
  res = await trainee.post(`${space()}/adhesion`, { _submission: fresh() });
  assert.equal(res.status, 403);
  const staff = await signIn(DEMO.training_staff);  // manages Sagiterre, not the Département
  await staff.get('/formations/gestion');
  const firstPost = posts()[0][0];
  res = await staff.post(`/formations/anciens/messages/${firstPost}/suppression`, { _submission: fresh() });
  assert.equal(res.status, 403);
  assert.equal(snapshot(), start);
});

test('a former trainee joins, posts with a file, e-mails go to members who want them, leaves', async () => {
  const former = await signIn(formerEmail);
  await former.get(space());
  let res = await former.post(`${space()}/adhesion`, { _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  const formerId = Number(dbValue(server.database, `SELECT id FROM users WHERE email = ${q(formerEmail)}`));
  assert.ok(members().some(([u, m]) => Number(u) === formerId && m === '1'));
  res = await former.post(`${space()}/adhesion`, { _submission: fresh() });
  assert.equal(res.status, 422, 'joining twice');

  let page = await former.get(space());
  assert.match(decode(page.text), /Vous êtes membre de l'espace des anciens/);
  assert.match(decode(page.text), /Retrouvailles/);

  // An empty message: refused in French, the title kept, nothing added.
  const before = snapshot();
  res = await postMultipart(former, `${space()}/fils`, { title: 'Nos ateliers', body: '   ' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /value="Nos ateliers"/);
  assert.equal(snapshot(), before);

  const title = `Nos ateliers ${fresh()}`;
  res = await postMultipart(former, `${space()}/fils`, { title, body: 'Qui veut **partager** ses fiches ?' },
    { name: 'fiches.txt', bytes: 'Fiche atelier lecture\n' });
  assert.equal(res.status, 303, alertOf(res));
  const thread = Number(res.location.match(/\/formations\/anciens\/fils\/(\d+)/)[1]);
  const mail = await waitForMail((m) => m.to === member && m.subject.includes(title));
  assert.match(mail.subject, /^\[Anciens — Formation-action culture\/social\] Nouveau fil/);
  assert.ok(!mails().some((m) => m.to === formerEmail && m.subject.includes(title)), 'not the author');
  page = await former.get(`/formations/anciens/fils/${thread}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<strong>partager<\/strong>/);
  const file = Number(page.text.match(/href="\/formations\/anciens\/fichiers\/(\d+)"/)[1]);
  const download = await fetch(`${server.url}/formations/anciens/fichiers/${file}`, { headers: { cookie: former.cookieHeader() } });
  assert.equal(download.status, 200);
  assert.equal(await download.text(), 'Fiche atelier lecture\n');
  const trainee = await signIn(DEMO.trainee);
  assert.equal((await fetch(`${server.url}/formations/anciens/fichiers/${file}`, { headers: { cookie: trainee.cookieHeader() }, redirect: 'manual' })).status, 404);

  // The former trainee turns the e-mails off; the coordinator's reply goes to the others only.
  res = await former.post(`${space()}/courriels`, { _submission: fresh() });
  assert.equal(res.status, 303);
  assert.ok(members().some(([u, m]) => Number(u) === formerId && m === '0'));
  const coordinator = await signIn(DEMO.coordinator);
  await coordinator.get(`/formations/anciens/fils/${thread}`);
  res = await postMultipart(coordinator, `/formations/anciens/fils/${thread}`, { body: 'Merci, je relaie aux délégations.' });
  assert.equal(res.status, 303, alertOf(res));
  await waitForMail((m) => m.to === member && m.subject.startsWith('[Anciens') && m.subject.includes(`Réponse : ${title}`));
  assert.ok(!mails().some((m) => m.to === formerEmail && m.subject.includes(`Réponse : ${title}`)), 'e-mails off');

  // Moderation: the coordinator (a manager of the organiser) removes the former trainee's message.
  const mine = posts().filter(([, body]) => body.startsWith('Qui veut'))[0][0];
  res = await former.post(`/formations/anciens/messages/${mine}/suppression`, { _submission: fresh() });
  assert.ok([403, 404].includes(res.status), `a member may not moderate: ${res.status}`);
  assert.equal(posts().find(([id]) => id === mine)[2], '0');
  page = await coordinator.get(`/formations/anciens/fils/${thread}`);
  assert.match(page.text, new RegExp(`action="/formations/anciens/messages/${mine}/suppression"`));
  res = await coordinator.post(`/formations/anciens/messages/${mine}/suppression`, { _submission: fresh() });
  assert.equal(res.status, 303, alertOf(res));
  const removed = posts().find(([id]) => id === mine);
  assert.deepEqual(removed.slice(1), ['', '1']);
  assert.equal((await fetch(`${server.url}/formations/anciens/fichiers/${file}`, { headers: { cookie: former.cookieHeader() }, redirect: 'manual' })).status, 404);
  page = await former.get(`/formations/anciens/fils/${thread}`);
  assert.match(decode(page.text), /Message retiré par la modération/);
  const audit = dbValue(server.database, `SELECT COUNT(*) FROM audit_log WHERE action = 'alumni.post_removed' AND subject = 'training_programme:${programme}'`);
  assert.equal(Number(audit), 1);

  // Leaving is a choice too.
  res = await former.post(`${space()}/depart`, { _submission: fresh() });
  assert.equal(res.status, 303);
  assert.ok(!members().some(([u]) => Number(u) === formerId));
  page = await former.get(space());
  assert.match(decode(page.text), /Rejoindre l'espace des anciens/);
});

test('demo: the Ancenis programme has an alumni space with members and a thread, once', async () => {
  assert.ok(members().length >= 3);
  assert.equal(threads().filter(([, t]) => t.startsWith('Retrouvailles')).length, 1);
});
