// Accounts over HTTP: login and its rate limits, sessions (rotation, logout, idle timeout,
// "log out everywhere", disabling an account), the password policy, password change and
// reset, invitations, the TOTP second factor and the CSRF guard on every form.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, clockPasses, DEMO, DEMO_PASSWORD, ENGINE, linkIn, mails, mailSettled, querySql, runTrame, startTrame, totp, waitForMail } from '../harness.mjs';

const PASSWORD = 'une phrase de passe solide 42';
const SESSION = 'trame_session';

// The sink's Maildir needs its tmp/new/cur folders (aiosmtpd does not create them in an
// existing folder, and scripts/test creates the folder empty).
if (process.env.TRAME_TEST_MAILDIR) {
  for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(process.env.TRAME_TEST_MAILDIR, sub), { recursive: true });
}

let server;
before(async () => { server = await startTrame(); });
after(async () => { await server.stop(); });

// ---- helpers ---------------------------------------------------------------------------

// A unique address per test: the SMTP sink's Maildir is shared by every test file.
function uniqueEmail(label) {
  return `${label}-${ENGINE}-${randomBytes(5).toString('hex')}@exemple.test`;
}

// Creates an account with the command line, straight into the server's database.
function addUser(srv, { role = 'referent', name = 'Camille Essai', password = PASSWORD, label = role } = {}) {
  const email = uniqueEmail(label);
  const r = runTrame(['user', 'add', '--email', email, '--name', name, '--role', role, '--password-stdin',
    '--database', srv.database], { input: `${password}\n` });
  assert.equal(r.status, 0, `user add failed: ${r.stdout}${r.stderr}`);
  return email;
}

// HTML text with the entities mustache writes turned back into characters.
function plain(html) {
  return html.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

// Posts the login form without following the redirect.
async function signIn(c, email, password = PASSWORD, headers = {}) {
  await c.get('/connexion', { headers });
  return c.post('/connexion', { email, password }, { headers });
}

async function signedIn(srv, email, password = PASSWORD, headers = {}) {
  const c = new Client(srv.url);
  const res = await signIn(c, email, password, headers);
  assert.equal(res.status, 303, `login of ${email} failed: ${res.status}`);
  assert.equal(res.location, '/tableau-de-bord');
  return c;
}

async function adminClient(srv) {
  const c = new Client(srv.url);
  const res = await c.login(DEMO.administrator, DEMO_PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.location, '/tableau-de-bord');
  return c;
}

// A client that only holds the given session cookie (an old or stolen cookie replayed).
function withCookie(srv, token) {
  const c = new Client(srv.url);
  c.cookies.set(SESSION, token);
  return c;
}

async function assertSignedOut(c) {
  const res = await c.get('/tableau-de-bord');
  assert.equal(res.status, 303);
  assert.equal(decodeURIComponent(res.location), '/connexion?suivant=/tableau-de-bord');
}

async function assertSignedIn(c) {
  const res = await c.get('/tableau-de-bord');
  assert.equal(res.status, 200);
  assert.match(res.text, /<h1>Tableau de bord<\/h1>/);
  return res;
}

// A page without its per-request tokens (CSRF, form ids, nonces), to compare two answers.
function withoutTokens(html) {
  return html.replace(/value="[A-Za-z0-9_.-]{16,}"/g, 'value=""').replace(/nonce="[^"]*"/g, 'nonce=""');
}

async function follow(c, res) {
  assert.equal(res.status, 303);
  const page = await c.get(res.location);
  return { ...page, text: plain(page.text) };
}

async function userId(adminC, email) {
  const res = await adminC.get(`/admin/utilisateurs?q=${encodeURIComponent(email)}`);
  assert.equal(res.status, 200);
  const m = res.text.match(/href="\/admin\/utilisateurs\/(\d+)"/);
  assert.ok(m, `no user row for ${email}`);
  return m[1];
}

async function journal(adminC) {
  const res = await adminC.get('/admin/journal');
  assert.equal(res.status, 200);
  return plain(res.text);
}

// A journal cell: the table stacks into cards on phones, each cell labelled by its column.
const TD = '<td(?: data-label="[^"]*")?>';

function journalHas(text, actor, action) {
  return new RegExp(`${TD}${escapeRe(actor)}</td>${TD}<code>${escapeRe(action)}</code>`).test(text);
}

// A code none of the accepted time steps (previous, current, next) would produce.
function wrongCode(secret) {
  const now = Date.now();
  const valid = new Set([-30000, 0, 30000].map((d) => totp(secret, now + d)));
  let n = 123456;
  while (valid.has(String(n))) n += 1;
  return String(n);
}

async function enrolTotp(c) {
  const page = await c.get('/compte/double-authentification');
  assert.equal(page.status, 200);
  const m = page.text.match(/<code id="totp-secret">([A-Z2-7]+)<\/code>/);
  assert.ok(m, 'the enrolment page shows the secret');
  const res = await c.post('/compte/double-authentification', { code: totp(m[1]) });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/compte');
  return m[1];
}

// ---- login -----------------------------------------------------------------------------

test('login succeeds with an HttpOnly, SameSite=Lax cookie, and rotates the session token', async () => {
  const email = addUser(server, { name: 'Inès Rotation' });
  const c = new Client(server.url);
  // A cookie planted before login (session fixation) is never adopted.
  c.cookies.set(SESSION, 'planted-by-an-attacker-000000');
  await c.get('/connexion');
  const res = await c.post('/connexion', { email, password: PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/tableau-de-bord');
  const cookie = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION}=`));
  assert.ok(cookie, 'a session cookie is set');
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  const first = c.cookies.get(SESSION);
  assert.notEqual(first, 'planted-by-an-attacker-000000');
  assert.ok(first.length >= 22, 'a 128-bit token');
  const dash = await assertSignedIn(c);
  assert.match(plain(dash.text), /Bonjour Inès Rotation\./);

  // Logging in again from the same browser gives a new token and ends the old session.
  const again = await c.post('/connexion', { email, password: PASSWORD });
  assert.equal(again.status, 303);
  const second = c.cookies.get(SESSION);
  assert.notEqual(second, first);
  await assertSignedIn(c);
  await assertSignedOut(withCookie(server, first));
});

test('a wrong password is refused with 422 and a French message, and no session', async () => {
  const email = addUser(server);
  const c = new Client(server.url);
  const res = await signIn(c, email, 'pas le bon mot de passe');
  assert.equal(res.status, 422);
  assert.match(plain(res.text), /Adresse ou mot de passe incorrect\./);
  assert.equal(c.cookies.has(SESSION), false);
  // An unknown address gets exactly the same answer.
  const unknown = await signIn(c, uniqueEmail('inconnu'), 'pas le bon mot de passe');
  assert.equal(unknown.status, 422);
  assert.match(plain(unknown.text), /Adresse ou mot de passe incorrect\./);
  assert.equal(c.cookies.has(SESSION), false);
  await assertSignedOut(c);
});

test('after 5 failures the account is rate limited, even with the right password, and it is audited', async () => {
  const email = addUser(server, { label: 'limite' });
  const c = new Client(server.url);
  for (let i = 0; i < 5; i += 1) {
    const res = await signIn(c, email, `mauvais mot de passe ${i}`);
    assert.equal(res.status, 422, `attempt ${i + 1}`);
  }
  const res = await signIn(c, email, PASSWORD);
  assert.equal(res.status, 429);
  assert.match(plain(res.text), /Trop de tentatives/);
  assert.equal(c.cookies.has(SESSION), false);
  await assertSignedOut(c);
  // Another account from the same address is not locked out.
  await signedIn(server, addUser(server));
  const admin = await adminClient(server);
  assert.ok(journalHas(await journal(admin), email, 'login.rate_limited'), 'login.rate_limited is in the journal');
});

// N clients each with the login form's cookie and token, posting at the same moment.
async function parallelLogins(srv, attempts) {
  const clients = await Promise.all(attempts.map(async () => {
    const c = new Client(srv.url);
    await c.get('/connexion');
    return c;
  }));
  return Promise.all(clients.map((c, i) => c.post('/connexion', attempts[i])));
}

function statusCounts(answers) {
  const counts = {};
  for (const a of answers) counts[a.status] = (counts[a.status] || 0) + 1;
  return counts;
}

test('40 parallel wrong passwords for one account: 5 are checked, 35 get 429, then the right one is refused', async () => {
  // A server of its own: its per-IP budget is this test's alone.
  const own = await startTrame({ smtp: false });
  after(() => own.stop());
  const email = addUser(own, { label: 'parallele' });
  const answers = await parallelLogins(own, Array.from({ length: 40 }, (_, i) => ({
    email, password: `mauvais mot de passe ${i}`,
  })));
  const counts = statusCounts(answers);
  assert.deepEqual(counts, { 422: 5, 429: 35 }, JSON.stringify(counts));
  for (const a of answers.filter((x) => x.status === 429)) assert.match(plain(a.text), /Trop de tentatives/);
  const c = new Client(own.url);
  const right = await signIn(c, email);
  assert.equal(right.status, 429);
  assert.equal(c.cookies.has(SESSION), false);
  await assertSignedOut(c);
  // Exactly 5 failures were checked, and every refusal was audited.
  const journalText = await journal(await adminClient(own));
  assert.equal((journalText.match(new RegExp(`${TD}${escapeRe(email)}</td>${TD}<code>login\\.failed</code>`, 'g')) || []).length, 5);
});

test('40 parallel wrong logins from one address on 40 accounts: the per-IP budget (30) holds', async () => {
  const own = await startTrame({ smtp: false });
  after(() => own.stop());
  const answers = await parallelLogins(own, Array.from({ length: 40 }, (_, i) => ({
    email: uniqueEmail(`ip-${i}`), password: 'pas le bon mot de passe',
  })));
  assert.deepEqual(statusCounts(answers), { 422: 30, 429: 10 });
  // The IP's budget is spent: even an existing account with its right password waits.
  const email = addUser(own, { label: 'meme-ip' });
  assert.equal((await signIn(new Client(own.url), email)).status, 429);
});

test('10 parallel reset requests for one address: 3 are sent, 7 get 429', async () => {
  const own = await startTrame({ smtp: false });
  after(() => own.stop());
  const email = addUser(own, { label: 'reset-parallele' });
  const clients = await Promise.all(Array.from({ length: 10 }, async () => {
    const c = new Client(own.url);
    await c.get('/mot-de-passe-oublie');
    return c;
  }));
  const answers = await Promise.all(clients.map((c) => c.post('/mot-de-passe-oublie', { email })));
  assert.deepEqual(statusCounts(answers), { 303: 3, 429: 7 });
  // Three links were made and e-mailed, no more (each is audited with the e-mail it sends).
  const journalText = await journal(await adminClient(own));
  const made = journalText.match(new RegExp(`${TD}${escapeRe(email)}</td>${TD}<code>password\\.reset_requested</code>`, 'g'));
  assert.equal((made || []).length, 3);
});

test('12 parallel wrong second-factor codes: at most 5 are checked, then the right code is refused', async () => {
  const own = await startTrame({ smtp: false });
  after(() => own.stop());
  const email = addUser(own, { label: 'totp-parallele' });
  const secret = await enrolTotp(await signedIn(own, email));
  const c = new Client(own.url);
  const res = await signIn(c, email);
  assert.match(res.location, /^\/connexion\/code/);
  await c.get(res.location);
  const code = wrongCode(secret);
  const answers = await Promise.all(Array.from({ length: 12 },
    () => c.post('/connexion/code', { code, suivant: '/tableau-de-bord' })));
  const wrong = answers.filter((a) => /Ce code n'est pas valable\./.test(plain(a.text))).length;
  const limited = answers.filter((a) => /Trop de tentatives/.test(plain(a.text))).length;
  assert.equal(wrong, 5, `codes checked: ${wrong}`);
  assert.equal(limited, 7);
  // A rate limit answers 429 wherever it is met (Failure::limited), a wrong code 422.
  assert.deepEqual(statusCounts(answers), { 422: 5, 429: 7 });
  const right = await c.post('/connexion/code', { code: totp(secret, Date.now() + 30000), suivant: '/tableau-de-bord' });
  assert.match(plain(right.text), /Trop de tentatives/);
  assert.equal(right.status, 429);
  const blocked = await c.get('/tableau-de-bord');
  assert.equal(blocked.location, '/connexion/code');
});

test('a login with a non-UTF-8 User-Agent works, and a huge address does not bloat the audit log', async () => {
  const email = addUser(server, { label: 'agent' });
  const c = new Client(server.url);
  await c.get('/connexion');
  const body = new URLSearchParams({ _csrf: c.csrf, email, password: PASSWORD }).toString();
  const head = `POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${c.cookieHeader()}\r\n`
    + `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`
    + 'User-Agent: Navigateur-Latin1/';
  const raw = Buffer.concat([Buffer.from(head), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from(`\r\n\r\n${body}`)]);
  const answer = await new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.write(raw);
  });
  assert.match(answer, /^HTTP\/1\.1 303 /);
  const token = answer.match(/Set-Cookie: trame_session=([^;]+);/i)[1];
  const list = await withCookie(server, token).get('/compte/sessions');
  assert.equal(list.status, 200);
  assert.match(list.text, /Navigateur-Latin1\/\?\?\?/);

  const huge = `${'a'.repeat(5000)}-${randomBytes(4).toString('hex')}@exemple.test`;
  const res = await signIn(new Client(server.url), huge, 'pas le bon mot de passe');
  assert.equal(res.status, 422);
  const text = await journal(await adminClient(server));
  const labels = [...text.matchAll(new RegExp(`${TD}([^<]*)</td>${TD}<code>login\\.failed</code>`, 'g'))].map((m) => m[1]);
  assert.ok(labels.some((l) => l.startsWith('aaaa')), 'the failure is audited');
  assert.ok(labels.every((l) => l.length <= 254), 'audited addresses are capped at 254 bytes');
});

test('logout revokes the session: the old cookie no longer works', async () => {
  const email = addUser(server);
  const c = await signedIn(server, email);
  await assertSignedIn(c);
  const token = c.cookies.get(SESSION);
  const res = await c.post('/deconnexion', {});
  assert.equal(res.status, 303);
  assert.equal(res.location, '/connexion');
  assert.ok(res.headers.getSetCookie().some((l) => l.startsWith(`${SESSION}=;`) && /Max-Age=0/.test(l)),
    'the cookie is deleted');
  const page = await follow(c, res);
  assert.match(page.text, /Vous êtes déconnecté·e\./);
  await assertSignedOut(withCookie(server, token));
});

test('an idle session expires (TRAME_SESSION_IDLE_MINUTES)', async () => {
  const idle = await startTrame({ env: { TRAME_SESSION_IDLE_MINUTES: '0' } });
  try {
    const c = new Client(idle.url);
    const res = await signIn(c, DEMO.referent, DEMO_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/tableau-de-bord');
    assert.ok(c.cookies.get(SESSION));
    await clockPasses(1);  // the session was last seen over a whole second ago
    await assertSignedOut(c);
    assert.equal(c.cookies.has(SESSION), false, 'the expired cookie is cleared');
  } finally {
    await idle.stop();
  }
  // The same steps with the default idle timeout keep the session.
  const c = await signedIn(server, addUser(server));
  await clockPasses(1);
  await assertSignedIn(c);
});

// ---- passwords -------------------------------------------------------------------------

test('password policy: short, common and mismatched passwords are refused in French, nothing changes', async () => {
  const email = addUser(server, { label: 'politique' });
  const c = await signedIn(server, email);
  const other = await signedIn(server, email);
  const cases = [
    [{ password: 'court', password_confirm: 'court' }, /Le mot de passe doit contenir au moins 12 caractères\./],
    [{ password: 'motdepasse123', password_confirm: 'motdepasse123' }, /Ce mot de passe est trop courant/],
    [{ password: 'Motdepasse123', password_confirm: 'Motdepasse123' }, /Ce mot de passe est trop courant/],
    [{ password: 'une autre phrase longue', password_confirm: 'une autre phrase longue!' },
      /Les deux mots de passe ne sont pas identiques\./],
  ];
  for (const [fields, message] of cases) {
    await c.get('/compte');
    const res = await c.post('/compte/mot-de-passe', { current_password: PASSWORD, ...fields });
    assert.equal(res.status, 422, `${fields.password}`);
    assert.match(plain(res.text), message);
  }
  await c.get('/compte');
  const wrong = await c.post('/compte/mot-de-passe', {
    current_password: 'pas le mot de passe actuel', password: 'une autre phrase longue', password_confirm: 'une autre phrase longue',
  });
  assert.equal(wrong.status, 422);
  assert.match(plain(wrong.text), /Le mot de passe actuel est incorrect\./);
  // Nothing changed: the other session lives on and the old password still works.
  await assertSignedIn(other);
  await signedIn(server, email);
  assert.equal(mails().filter((m) => m.to === email).length, 0, 'no "password changed" e-mail');
});

test('changing the password revokes the other sessions and e-mails the user', async () => {
  const email = addUser(server, { label: 'changement', name: 'Noé Changement' });
  const c = await signedIn(server, email);
  const other = await signedIn(server, email);
  const fresh = 'un nouveau mot de passe tout neuf';
  await c.get('/compte');
  const res = await c.post('/compte/mot-de-passe', { current_password: PASSWORD, password: fresh, password_confirm: fresh });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/compte');
  const page = await follow(c, res);
  assert.match(page.text, /Mot de passe changé\. Vos autres sessions ont été fermées\./);
  await assertSignedIn(c);
  await assertSignedOut(other);
  const mail = await waitForMail((m) => m.to === email);
  assert.equal(mail.subject, 'Votre mot de passe Trame a été changé');
  assert.match(mail.body, /Bonjour Noé Changement,/);
  assert.match(mail.body, /vient d'être changé/);
  // The old password no longer works, the new one does.
  const old = await signIn(new Client(server.url), email, PASSWORD);
  assert.equal(old.status, 422);
  await signedIn(server, email, fresh);
});

test('password reset: the e-mailed link works once; unknown addresses get the same answer', async () => {
  const email = addUser(server, { label: 'oubli', name: 'Lou Oubli' });
  const before = await signedIn(server, email);
  const c = new Client(server.url);
  await c.get('/mot-de-passe-oublie');
  const asked = await c.post('/mot-de-passe-oublie', { email });
  assert.equal(asked.status, 303);
  assert.equal(asked.location, '/connexion');
  const knownFlash = c.cookies.get('trame_flash');
  const page = await follow(c, asked);
  assert.match(page.text, /Si un compte existe pour cette adresse, un courriel vient de lui être envoyé\./);

  const unknownAddress = uniqueEmail('personne');
  await c.get('/mot-de-passe-oublie');
  const unknown = await c.post('/mot-de-passe-oublie', { email: unknownAddress });
  assert.equal(unknown.status, 303);
  assert.equal(unknown.location, '/connexion');
  assert.equal(c.cookies.get('trame_flash'), knownFlash, 'the same message whether or not the account exists');
  await follow(c, unknown);

  const mail = await waitForMail((m) => m.to === email);
  assert.equal(mail.subject, 'Choisir un nouveau mot de passe Trame');
  assert.match(mail.body, /Bonjour Lou Oubli,/);
  const link = linkIn(mail.body, '/reinitialisation/');
  assert.ok(link, 'the e-mail holds a reset link');

  const form = await c.get(link);
  assert.equal(form.status, 200);
  assert.match(plain(form.text), /Choisir un nouveau mot de passe/);
  const mismatch = await c.post(link, { password: 'une phrase toute neuve', password_confirm: 'une phrase toute neuve?' });
  assert.equal(mismatch.status, 422);
  assert.match(plain(mismatch.text), /Les deux mots de passe ne sont pas identiques\./);
  const common = await c.post(link, { password: 'motdepasse123', password_confirm: 'motdepasse123' });
  assert.equal(common.status, 422);
  assert.match(plain(common.text), /trop courant/);
  const fresh = 'une phrase toute neuve';
  const done = await c.post(link, { password: fresh, password_confirm: fresh });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/connexion');
  assert.match((await follow(c, done)).text, /Votre mot de passe a été changé\./);

  // The link is single-use.
  const replay = await c.get(link);
  assert.equal(replay.status, 404);
  assert.match(plain(replay.text), /Ce lien n'est plus valable/);
  const replayPost = await c.post(link, { password: 'encore une autre phrase', password_confirm: 'encore une autre phrase' });
  assert.equal(replayPost.status, 404);
  assert.match(plain(replayPost.text), /plus valable/);
  // A reset ends the sessions opened with the old password; the new password works.
  await assertSignedOut(before);
  assert.equal((await signIn(new Client(server.url), email, PASSWORD)).status, 422);
  await signedIn(server, email, fresh);
  assert.equal((await signIn(new Client(server.url), email, 'encore une autre phrase')).status, 422);

  // Nothing was sent to the unknown address.
  await mailSettled(server);
  assert.equal(mails().filter((m) => m.to === unknownAddress).length, 0);
});

// ---- invitations -----------------------------------------------------------------------

async function inviteForm(admin) {
  const page = await admin.get('/admin/utilisateurs');
  assert.equal(page.status, 200);
  const select = page.text.match(/<select id="invite-organisation"[^>]*>([\s\S]*?)<\/select>/);
  assert.ok(select, 'the invitation form lists organisations');
  const option = select[1].match(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/);
  return { organisation: option[1], organisationName: plain(option[2]), submission: admin.submission };
}

test('an invitation e-mail lets a colleague create an account with the chosen role, once', async () => {
  const admin = await adminClient(server);
  const email = uniqueEmail('invitee');
  const { organisation, organisationName, submission } = await inviteForm(admin);
  const res = await admin.post('/admin/invitations', {
    email, name: 'Yasmine Invitée', organisation, role: 'coordinator', _submission: submission,
  });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/admin/utilisateurs');
  const list = await follow(admin, res);
  assert.match(list.text, new RegExp(`Invitation envoyée à ${escapeRe(email)}\\.`));
  assert.match(list.text, new RegExp(`Yasmine Invitée <${escapeRe(email)}> — Coordinateur·rice de territoire`));

  const mail = await waitForMail((m) => m.to === email);
  assert.equal(mail.subject, 'Invitation à rejoindre Trame');
  assert.match(mail.body, /Bonjour Yasmine Invitée,/);
  assert.match(mail.body, /admin@trame\.local vous invite à rejoindre Trame en tant que : Coordinateur·rice de territoire\./);
  const link = linkIn(mail.body, '/invitation/');
  assert.ok(link, 'the e-mail holds an invitation link');

  const colleague = new Client(server.url);
  const form = await colleague.get(link);
  assert.equal(form.status, 200);
  assert.match(plain(form.text), new RegExp(escapeRe(email)));
  assert.match(plain(form.text), /Coordinateur·rice de territoire/);
  const weak = await colleague.post(link, { name: 'Yasmine Invitée', password: 'trop court', password_confirm: 'trop court' });
  assert.equal(weak.status, 422);
  assert.match(plain(weak.text), /au moins 12 caractères/);
  const accepted = await colleague.post(link, { name: 'Yasmine Nouvelle', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(accepted.status, 303);
  assert.equal(accepted.location, '/connexion');
  assert.match((await follow(colleague, accepted)).text, /Votre compte est créé\./);

  // The colleague logs in with the chosen role and its rights.
  const c = await signedIn(server, email);
  const dash = plain((await assertSignedIn(c)).text);
  assert.match(dash, /Bonjour Yasmine Nouvelle\./);
  assert.match(dash, new RegExp(`Coordinateur·rice de territoire — .*${escapeRe(organisationName)}`));
  // A coordinator (no délégation assigned: the whole network) sees the organisations and may add one.
  const orgs = await c.get('/admin/organisations');
  assert.equal(orgs.status, 200);
  assert.match(orgs.text, /action="\/admin\/organisations"/);
  assert.match(orgs.text, /Votre périmètre : tout le réseau/);
  assert.equal((await c.get(`/admin/organisations/${organisation}`)).status, 200);
  assert.equal((await c.get('/admin/utilisateurs')).status, 403);

  // The link is spent, and the invitation is no longer pending.
  const again = await new Client(server.url).get(link);
  assert.equal(again.status, 404);
  assert.match(plain(again.text), /Ce lien n'est plus valable/);
  const intruder = new Client(server.url);
  await intruder.get('/connexion');
  const replay = await intruder.post(link, { name: 'Intrus', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(replay.status, 404);
  assert.match(plain(replay.text), /plus valable/);
  const after = plain((await admin.get('/admin/utilisateurs')).text);
  assert.doesNotMatch(after, new RegExp(`<${escapeRe(email)}>`));
  // Inviting an address that has an account is refused.
  const taken = await admin.post('/admin/invitations', { email, name: 'Yasmine', organisation, role: 'referent' });
  assert.equal(taken.status, 422);
  assert.match(plain(taken.text), /Un compte existe déjà avec cette adresse\./);
});

test('a double submit of the invitation form creates a single invitation', async () => {
  const admin = await adminClient(server);
  const email = uniqueEmail('double');
  const { organisation, submission } = await inviteForm(admin);
  assert.ok(submission.length >= 8, 'the form carries a submission id');
  const fields = { email, name: 'Double Clic', organisation, role: 'referent', _submission: submission };
  const first = await admin.post('/admin/invitations', fields);
  assert.equal(first.status, 303);
  assert.equal(first.location, '/admin/utilisateurs');
  const second = await admin.post('/admin/invitations', fields);
  assert.equal(second.status, 303);
  const page = await follow(admin, second);
  assert.match(page.text, /Ce formulaire a déjà été envoyé : il n'a pas été enregistré une seconde fois\./);
  const list = plain((await admin.get('/admin/utilisateurs')).text);
  assert.equal(list.split(`<${email}>`).length - 1, 1, 'one pending invitation');
  await waitForMail((m) => m.to === email);
  await mailSettled(server);
  assert.equal(mails().filter((m) => m.to === email).length, 1, 'one invitation e-mail');
});

// ---- second factor ----------------------------------------------------------------------

test('TOTP: enrolment refuses a wrong code; login then needs a code, which is not accepted twice', async () => {
  const email = addUser(server, { label: 'totp' });
  const c = await signedIn(server, email);
  const page = await c.get('/compte/double-authentification');
  assert.equal(page.status, 200);
  const secret = page.text.match(/<code id="totp-secret">([A-Z2-7]+)<\/code>/)[1];
  assert.ok(secret.length >= 16);
  // The page keeps the same pending secret across loads.
  const reload = await c.get('/compte/double-authentification');
  assert.equal(reload.text.match(/<code id="totp-secret">([A-Z2-7]+)<\/code>/)[1], secret);
  const refused = await c.post('/compte/double-authentification', { code: wrongCode(secret) });
  assert.equal(refused.status, 422);
  assert.match(plain(refused.text), /Ce code n'est pas valable\./);
  assert.match((await c.get('/compte')).text, /La double authentification n.*est pas activée\./);
  const ok = await c.post('/compte/double-authentification', { code: totp(secret) });
  assert.equal(ok.status, 303);
  assert.match((await follow(c, ok)).text, /Double authentification activée\./);

  // Login now stops at the code page; nothing else is reachable before the code. The page
  // asked for before login (with a query string) is kept through the code page.
  const d = new Client(server.url);
  const wanted = '/compte/sessions?vue=toutes&ordre=recent';
  await d.get(`/connexion?suivant=${encodeURIComponent(wanted)}`);
  const first = await d.post('/connexion', { email, password: PASSWORD, suivant: wanted });
  assert.equal(first.status, 303);
  assert.match(first.location, /^\/connexion\/code\?suivant=/);
  const blocked = await d.get('/tableau-de-bord');
  assert.equal(blocked.status, 303);
  assert.equal(blocked.location, '/connexion/code');
  const codePage = await d.get(first.location);
  assert.equal(codePage.status, 200);
  const next = plain(codePage.text.match(/name="suivant" value="([^"]*)"/)[1]);
  assert.equal(next, wanted);
  const bad = await d.post('/connexion/code', { code: wrongCode(secret), suivant: next });
  assert.equal(bad.status, 422);
  assert.match(plain(bad.text), /Ce code n'est pas valable\./);
  // The code of the next time step (accepted by the ±1 step window) was never used.
  const code = totp(secret, Date.now() + 30000);
  const good = await d.post('/connexion/code', { code, suivant: next });
  assert.equal(good.status, 303);
  assert.equal(good.location, wanted);
  await assertSignedIn(d);

  // The same code a second time (replay) is refused.
  const e = new Client(server.url);
  const second = await signIn(e, email);
  assert.match(second.location, /^\/connexion\/code/);
  await e.get(second.location);
  const replay = await e.post('/connexion/code', { code, suivant: '/tableau-de-bord' });
  assert.equal(replay.status, 422);
  assert.match(plain(replay.text), /Ce code n'est pas valable\./);
  const stillBlocked = await e.get('/tableau-de-bord');
  assert.equal(stillBlocked.location, '/connexion/code');
});

test('TOTP: one code sent by two sessions at the same moment is accepted once', async () => {
  const email = addUser(server, { label: 'totp-course' });
  const secret = await enrolTotp(await signedIn(server, email));
  const clients = Array.from({ length: 5 }, () => new Client(server.url));
  for (const c of clients) {
    const res = await signIn(c, email);
    assert.match(res.location, /^\/connexion\/code/);
    await c.get(res.location);
  }
  const code = totp(secret, Date.now() + 30000);
  const answers = await Promise.all(clients.map((c) => c.post('/connexion/code', { code, suivant: '/tableau-de-bord' })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [303, 422, 422, 422, 422]);
});

test('an administrator can make the second factor mandatory for a role', async () => {
  const strict = await startTrame();
  try {
    const admin = await adminClient(strict);
    const before = await admin.get('/admin/securite');
    assert.equal(before.status, 200);
    assert.doesNotMatch(before.text, /value="volunteer" checked/);
    const res = await admin.post('/admin/securite', { mfa_roles: 'volunteer', _submission: admin.submission });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/admin/securite');
    const saved = await follow(admin, res);
    assert.match(saved.text, /Règles de sécurité enregistrées\./);
    assert.match(saved.text, /id="mfa-volunteer" name="mfa_roles" value="volunteer" checked/);
    assert.doesNotMatch(saved.text, /value="referent" checked/);

    // A volunteer is sent to enrolment, and cannot post elsewhere until enrolled.
    const v = new Client(strict.url);
    const login = await signIn(v, DEMO.volunteer, DEMO_PASSWORD);
    assert.equal(login.status, 303);
    const dash = await v.get('/tableau-de-bord');
    assert.equal(dash.status, 303);
    assert.equal(dash.location, '/compte/double-authentification');
    const enrol = await v.get('/compte/double-authentification');
    assert.equal(enrol.status, 200);
    assert.match(plain(enrol.text), /Votre rôle exige la double authentification/);
    const profile = await v.post('/compte/profil', { name: 'Pas encore', locale: 'fr' });
    assert.equal(profile.status, 403);
    assert.match(plain(profile.text), /Votre rôle exige la double authentification/);
    await enrolTotp(v);
    await assertSignedIn(v);

    // Other roles are not affected.
    await assertSignedIn(await signedIn(strict, DEMO.referent, DEMO_PASSWORD));
    const journalText = await journal(admin);
    assert.ok(journalHas(journalText, DEMO.administrator, 'security.mfa_roles_changed'));
  } finally {
    await strict.stop();
  }
});

// ---- sessions ----------------------------------------------------------------------------

test('the sessions page lists the sessions, and "log out everywhere" revokes the others', async () => {
  const email = addUser(server, { label: 'sessions' });
  const a = await signedIn(server, email, PASSWORD, { 'user-agent': 'Navigateur-Alpha/1.0' });
  const b = await signedIn(server, email, PASSWORD, { 'user-agent': 'Navigateur-Beta/2.0' });
  const list = await a.get('/compte/sessions');
  assert.equal(list.status, 200);
  assert.match(list.text, /Navigateur-Alpha\/1\.0/);
  assert.match(list.text, /Navigateur-Beta\/2\.0/);
  assert.equal(list.text.split('Session actuelle').length - 1, 1);
  const res = await a.post('/compte/sessions/deconnecter-partout', { _submission: a.submission });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/compte/sessions');
  const after = await follow(a, res);
  assert.match(after.text, /1 autre session fermée\./);
  assert.match(after.text, /Navigateur-Alpha\/1\.0/);
  assert.doesNotMatch(after.text, /Navigateur-Beta/);
  await assertSignedOut(b);
  await assertSignedIn(a);
});

test('disabling an account revokes its sessions and refuses its login like a wrong password', async () => {
  const email = addUser(server, { label: 'desactive' });
  const user = await signedIn(server, email);
  await assertSignedIn(user);
  const admin = await adminClient(server);
  const id = await userId(admin, email);
  const page = await admin.get(`/admin/utilisateurs/${id}`);
  assert.match(page.text, /Actif/);
  const res = await admin.post(`/admin/utilisateurs/${id}/desactiver`, {});
  assert.equal(res.status, 303);
  assert.equal(res.location, `/admin/utilisateurs/${id}`);
  const shown = await follow(admin, res);
  assert.match(shown.text, /Compte désactivé ; ses sessions sont fermées\./);
  assert.match(shown.text, /— Désactivé/);
  await assertSignedOut(user);
  // The right password gets exactly the wrong password's answer: nothing tells that the account exists.
  const refused = await signIn(new Client(server.url), email);
  const wrong = await signIn(new Client(server.url), email, 'pas le bon mot de passe du tout');
  assert.equal(refused.status, 422);
  assert.equal(wrong.status, 422);
  assert.match(plain(refused.text), /Adresse ou mot de passe incorrect\./);
  assert.doesNotMatch(plain(refused.text), /désactivé/);
  assert.equal(withoutTokens(refused.text), withoutTokens(wrong.text));
  assert.ok(journalHas(await journal(admin), DEMO.administrator, 'user.disabled'));
  // Re-enabled, the account can log in again.
  await admin.get(`/admin/utilisateurs/${id}`);
  assert.equal((await admin.post(`/admin/utilisateurs/${id}/reactiver`, {})).status, 303);
  await signedIn(server, email);
});

// ---- CSRF --------------------------------------------------------------------------------

test('every POST without a valid _csrf gets 403 and changes nothing', async () => {
  const email = addUser(server, { label: 'csrf', name: 'Nom Inchangé' });
  const user = await signedIn(server, email);
  const other = await signedIn(server, email);
  const admin = await adminClient(server);
  const id = await userId(admin, addUser(server, { label: 'cible' }));
  const { organisation } = await inviteForm(admin);
  const invited = uniqueEmail('csrf-invite');
  // A token that is valid, but for another session.
  const foreign = other.csrf;
  assert.ok(foreign && foreign !== user.csrf);

  const attempts = [
    [user, '/compte/mot-de-passe', { current_password: PASSWORD, password: 'un autre mot de passe long', password_confirm: 'un autre mot de passe long' }],
    [user, '/compte/profil', { name: 'Nom Piraté', locale: 'en' }],
    [user, '/compte/sessions/deconnecter-partout', {}],
    [user, '/compte/double-authentification', { code: '123456' }],
    [user, '/deconnexion', {}],
    [admin, '/admin/invitations', { email: invited, name: 'Pirate', organisation, role: 'administrator' }],
    [admin, `/admin/utilisateurs/${id}/desactiver`, {}],
    [admin, `/admin/utilisateurs/${id}/roles`, { organisation, role: 'administrator' }],
    [admin, '/admin/securite', { mfa_roles: 'referent' }],
  ];
  for (const [client, path, fields] of attempts) {
    for (const token of [null, '', 'x'.repeat(22), foreign]) {
      const form = { ...fields };
      if (token !== null) form._csrf = token;
      const res = await client.post(path, form, { csrf: false });
      assert.equal(res.status, 403, `${path} with _csrf=${token}`);
      assert.match(plain(res.text), /Le formulaire a expiré ou ne vient pas de Trame/, path);
    }
  }
  // Nothing changed.
  await assertSignedIn(user);
  await assertSignedIn(other);
  const account = plain((await user.get('/compte')).text);
  assert.match(account, /value="Nom Inchangé"/);
  assert.match(account, /La double authentification n'est pas activée\./);
  await signedIn(server, email);
  const users = plain((await admin.get('/admin/utilisateurs')).text);
  assert.doesNotMatch(users, new RegExp(escapeRe(invited)));
  const target = plain((await admin.get(`/admin/utilisateurs/${id}`)).text);
  assert.match(target, /— Actif/);
  assert.match(target, /<li>Référent·e — /);
  assert.doesNotMatch(target, /<li>Administrateur·rice — /);
  assert.doesNotMatch((await admin.get('/admin/securite')).text, /checked/);
  // Anonymous: the login form without its token opens no session.
  const anon = new Client(server.url);
  await anon.get('/connexion');
  const res = await anon.post('/connexion', { email, password: PASSWORD, _csrf: 'y'.repeat(22) });
  assert.equal(res.status, 403);
  assert.equal(anon.cookies.has(SESSION), false);
  // And the valid token of the right session is accepted (the guard is not simply closed).
  await user.get('/compte');
  const ok = await user.post('/compte/profil', { name: 'Nom Changé', locale: 'fr' });
  assert.equal(ok.status, 303);
  assert.match(plain((await user.get('/compte')).text), /value="Nom Changé"/);
});

test('password reset requests are rate limited per account, in French, and audited', async () => {
  // A server of its own: the per-IP budget of the shared one belongs to the other tests.
  const own = await startTrame({ smtp: false });
  after(() => own.stop());
  const email = addUser(own, { label: 'reset-limit' });
  const c = new Client(own.url);
  for (let i = 0; i < 3; i++) {
    await c.get('/mot-de-passe-oublie');
    const ok = await c.post('/mot-de-passe-oublie', { email });
    assert.equal(ok.status, 303);
  }
  await c.get('/mot-de-passe-oublie');
  const limited = await c.post('/mot-de-passe-oublie', { email });
  assert.equal(limited.status, 429);
  assert.match(limited.text, /Trop de tentatives/);
  const admin = await adminClient(own);
  assert.ok(journalHas(await journal(admin), email, 'password.reset_rate_limited'));
});

// ---- a national network: thousands of organisations ---------------------------------------
// Last in this file: its organisations turn the forms' select into a search for the tests after it.

test('past 200 organisations, the forms search the organisation by name (no JavaScript) instead of listing all', async () => {
  const word = `Picker${randomBytes(3).toString('hex')}`;
  const values = [];
  for (let i = 1; i <= 210; i += 1) values.push(`('Structure ${word} ${i}', 'social', 'active', 0)`);
  values.push(`('Théâtre ${word} Élan', 'cultural', 'active', 0)`);
  values.push(`('Archivée ${word}', 'social', 'archived', 0)`);
  querySql(server.database, `INSERT INTO organisations (name, kind, status, created_at) VALUES ${values.join(', ')}`);
  const admin = await adminClient(server);
  const options = (text, id) => {
    const select = text.match(new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`));
    assert.ok(select, `the form keeps its select ${id}`);
    return [...select[1].matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => ({ id: m[1], name: plain(m[2]) }));
  };

  // No search yet: a search field, an empty list and a hint; no longer every organisation in the page.
  const first = await admin.get('/admin/utilisateurs');
  assert.equal(first.status, 200);
  assert.match(first.text, /<label for="invite-organisation-q">Chercher la structure par son nom<\/label>/);
  assert.match(first.text, /<form method="get" action="\/admin\/utilisateurs" class="search-form" role="search">/);
  assert.deepEqual(options(first.text, 'invite-organisation'), []);
  assert.match(plain(first.text), /Cherchez d’abord la structure par son nom|Cherchez d'abord la structure par son nom/);
  assert.doesNotMatch(first.text, new RegExp(`Structure ${word} 1<`));

  // Accents and case do not matter; an archived organisation is not offered.
  const theatre = await admin.get(`/admin/utilisateurs?organisation_q=${encodeURIComponent(`theatre ${word.toLowerCase()} elan`)}`);
  assert.deepEqual(options(theatre.text, 'invite-organisation').map((o) => o.name), [`Théâtre ${word} Élan`]);
  const archived = await admin.get(`/admin/utilisateurs?organisation_q=${encodeURIComponent(`Archivée ${word}`)}`);
  assert.deepEqual(options(archived.text, 'invite-organisation'), []);
  assert.match(plain(archived.text), /Aucune structure active ne porte ce nom/);

  // Many matches: the first 50, and how many there are.
  const many = await admin.get(`/admin/utilisateurs?organisation_q=${word}`);
  assert.equal(options(many.text, 'invite-organisation').length, 50);
  assert.match(plain(many.text), /50 structures affichées sur 211 qui correspondent/);

  // The organisation found is the one invited.
  const [found] = options(theatre.text, 'invite-organisation');
  const email = uniqueEmail('picker');
  const res = await admin.post('/admin/invitations', {
    email, name: 'Paula Picker', organisation: found.id, role: 'referent', _submission: admin.submission,
  });
  assert.equal(res.status, 303);
  assert.equal(querySql(server.database, `SELECT organisation_id FROM invitations WHERE email = '${email}'`), found.id);

  // A user's page: the same search for « add a role ».
  const user = querySql(server.database, `SELECT id FROM users WHERE email = '${DEMO.administrator}'`);
  const page = await admin.get(`/admin/utilisateurs/${user}?organisation_q=${encodeURIComponent(`Structure ${word} 7`)}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<form method="get" action="/admin/utilisateurs/${user}" class="search-form" role="search">`));
  assert.deepEqual(options(page.text, 'role-organisation').map((o) => o.name).sort(),
    [`Structure ${word} 7`, ...Array.from({ length: 10 }, (_, i) => `Structure ${word} ${70 + i}`)].sort());
});
