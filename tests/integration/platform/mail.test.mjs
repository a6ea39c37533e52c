// The mail outbox over HTTP: messages reach a real SMTP server (UTF-8 subject in RFC 2047,
// French body); an unreachable server leaves them in the outbox until it answers; without
// SMTP, the development mailbox shows them to administrators only.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  Client, DEMO, DEMO_PASSWORD, ENGINE, MAIL_FROM, freshDatabase, linkIn, mailSettled, mails, querySql, runTrame, startTrame, until, waitForMail,
} from '../harness.mjs';

const SMTP = Boolean(process.env.TRAME_TEST_SMTP_PORT && process.env.TRAME_TEST_MAILDIR);
const NO_SMTP = SMTP ? false : 'needs the SMTP sink started by scripts/test';

// The sink's Maildir needs its tmp/new/cur folders (aiosmtpd does not create them in an
// existing folder, and scripts/test creates the folder empty).
if (process.env.TRAME_TEST_MAILDIR) {
  for (const sub of ['tmp', 'new', 'cur']) fs.mkdirSync(path.join(process.env.TRAME_TEST_MAILDIR, sub), { recursive: true });
}

function uniqueEmail(label) {
  return `${label}-${ENGINE}-${randomBytes(5).toString('hex')}@exemple.test`;
}

function plain(html) {
  return html.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function adminClient(srv) {
  const c = new Client(srv.url);
  const res = await c.login(DEMO.administrator, DEMO_PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.location, '/tableau-de-bord');
  return c;
}

// Invites a colleague: the invitation e-mail has a non-ASCII subject and a French body.
async function invite(admin, email, name = 'Élodie Crème-Brûlée') {
  const page = await admin.get('/admin/utilisateurs');
  assert.equal(page.status, 200);
  const organisation = page.text.match(/<select id="invite-organisation"[^>]*>\s*<option value="(\d+)"/)[1];
  const res = await admin.post('/admin/invitations', { email, name, organisation, role: 'referent' });
  assert.equal(res.status, 303, 'the invitation is accepted');
  assert.equal(res.location, '/admin/utilisateurs');
}

async function pendingCount(admin) {
  const dash = plain((await admin.get('/tableau-de-bord')).text);
  const m = dash.match(/<dt>Courriels en file d'envoi<\/dt><dd>(\d+)<\/dd>/);
  assert.ok(m, 'the dashboard shows the outbox count');
  return Number(m[1]);
}

// Messages still queued for these addresses, read in the database: the demo's own jobs queue
// messages of their own at start (a questionnaire for the trainee whose session is under way),
// so a test counts only the messages it caused.
function queuedFor(server, addresses) {
  const list = addresses.map((a) => `'${a}'`).join(', ');
  return Number(querySql(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending' AND recipient IN (${list})`));
}

test('a message reaches the SMTP server with a UTF-8 subject (RFC 2047) and a French body', { skip: NO_SMTP }, async () => {
  const server = await startTrame();
  try {
    const admin = await adminClient(server);
    const email = uniqueEmail('utf8');
    await invite(admin, email);
    const mail = await waitForMail((m) => m.to === email);
    // The raw header is one RFC 2047 encoded word, in ASCII; decoded, it is the French subject.
    const header = mail.raw.match(/^Subject: (.*?)\r?$/m)[1];
    assert.match(header, /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    assert.ok(header.length <= 75, 'an encoded word is at most 75 characters');
    assert.equal(mail.subject, 'Invitation à rejoindre Trame');
    assert.match(mail.raw, /^Content-Type: text\/plain; charset=UTF-8\r?$/m);
    assert.match(mail.raw, /^MIME-Version: 1\.0\r?$/m);
    assert.match(mail.raw, /^Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000\r?$/m);
    assert.match(mail.raw, /^Message-ID: <[^>\s]+@[^>\s]+>\r?$/m);
    assert.match(mail.raw, new RegExp(`^From: Trame <${MAIL_FROM.replace(/[.+]/g, '\\$&')}>\r?$`, 'm'), 'the configured sender');
    assert.match(mail.raw, new RegExp(`^To: <${email.replace(/[.]/g, '\\.')}>\\r?$`, 'm'));
    // The body is UTF-8 French text, accents intact.
    assert.match(mail.body, /Bonjour Élodie Crème-Brûlée,/);
    assert.match(mail.body, /vous invite à rejoindre Trame en tant que : Référent·e\./);
    assert.match(mail.body, /valable 7 jours/);
    assert.ok(linkIn(mail.body, '/invitation/').startsWith('/invitation/'));
    // Once sent, it leaves the queue; the development mailbox is off when SMTP is configured.
    await until(async () => (await pendingCount(admin)) === 0, 'the dashboard counts no unsent e-mail');
    assert.equal((await admin.get('/dev/courriels')).status, 404);
    assert.doesNotMatch((await admin.get('/tableau-de-bord')).text, /href="\/dev\/courriels"/);
  } finally {
    await server.stop();
  }
});

test('a test reads only the e-mails that its own process sent (the sink is shared by concurrent runs)', { skip: NO_SMTP }, async () => {
  // Another test file (or the other engine's run) sends from another address, to the same person.
  const other = await startTrame({ env: { TRAME_SMTP_FROM: 'Trame <ne-pas-repondre+autre-essai@trame.local>' } });
  const email = uniqueEmail('partage');
  try {
    await invite(await adminClient(other), email);
    await mailSettled(other);
  } finally {
    await other.stop();
  }
  assert.equal(mails().filter((m) => m.to === email).length, 0, "another process's message is not this test's");
  const own = await startTrame();
  try {
    await invite(await adminClient(own), email);
    const mail = await waitForMail((m) => m.to === email);
    assert.equal(mail.from, MAIL_FROM);
    await mailSettled(own);
    assert.equal(mails().filter((m) => m.to === email).length, 1);
  } finally {
    await own.stop();
  }
});

test('when the SMTP server is unreachable the message stays in the outbox, and leaves once it answers', { skip: NO_SMTP }, async () => {
  const down = await startTrame({ env: { TRAME_SMTP_URL: 'smtp://127.0.0.1:1' } });
  const email = uniqueEmail('panne');
  let admin;
  try {
    admin = await adminClient(down);
    assert.equal(queuedFor(down, [email]), 0);
    await invite(admin, email);
    // The sender tries (and fails) within a couple of polls; the message is still queued.
    const attempted = () => querySql(down.database, `SELECT attempts FROM mail_outbox WHERE recipient = '${email}'`);
    await until(() => Number(attempted()) >= 1, 'a first attempt');
    assert.match(down.output(), /courriel \d+ non envoyé \(tentative 1\)/);
    assert.equal(queuedFor(down, [email]), 1, 'a failed attempt does not lose the message');
    assert.ok(await pendingCount(admin) >= 1, 'the dashboard counts it');
    assert.equal(mails().filter((m) => m.to === email).length, 0);
  } finally {
    await down.stop();
  }
  // The next attempt waits (30 s for the first retry: Service::backoff_seconds, unit-tested); here the wait
  // is over at once, in the database, rather than on the clock (for every message the down server queued).
  const next = () => Number(querySql(down.database, `SELECT next_attempt_at FROM mail_outbox WHERE recipient = '${email}'`));
  assert.ok(next() > Math.floor(Date.now() / 1000), 'the next attempt is later');
  querySql(down.database, `UPDATE mail_outbox SET next_attempt_at = ${Math.floor(Date.now() / 1000)} WHERE status = 'pending'`);
  // The same database with a working SMTP server: the message is delivered at its next attempt.
  const up = await startTrame({ database: down.database, demo: false });
  try {
    const mail = await waitForMail((m) => m.to === email);
    assert.equal(mail.subject, 'Invitation à rejoindre Trame');
    admin = await adminClient(up);
    await until(async () => (await pendingCount(admin)) === 0, 'the dashboard counts no unsent e-mail');
  } finally {
    await up.stop();
  }
});

test('two instances sharing one database send each message once', { skip: NO_SMTP }, async () => {
  // Messages queued while no SMTP server is configured...
  const queue = await startTrame({ smtp: false });
  const addresses = Array.from({ length: 20 }, (_, i) => uniqueEmail(`instances-${i}`));
  try {
    const admin = await adminClient(queue);
    const page = await admin.get('/admin/utilisateurs');
    const organisation = page.text.match(/<select id="invite-organisation"[^>]*>\s*<option value="(\d+)"/)[1];
    for (const email of addresses) {
      const res = await admin.post('/admin/invitations', { email, name: 'Même Courriel', organisation, role: 'volunteer' });
      assert.equal(res.status, 303);
    }
    assert.equal(queuedFor(queue, addresses), addresses.length);
  } finally {
    await queue.stop();
  }
  // ...then two instances start at once on that database, both with SMTP: both senders find
  // the same due messages; each message must still be sent once.
  const instances = await Promise.all([
    startTrame({ database: queue.database, demo: false }),
    startTrame({ database: queue.database, demo: false }),
  ]);
  try {
    for (const email of addresses) await waitForMail((m) => m.to === email);
    await until(() => queuedFor(instances[0], addresses) === 0, 'every message sent');
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
  // Both instances have stopped (a stop lets a send in progress finish): nothing more can arrive.
  for (const email of addresses) assert.equal(mails().filter((m) => m.to === email).length, 1, email);
});

test("without SMTP, a fresh install's development mailbox is empty", async () => {
  const database = freshDatabase('mailbox');
  const email = uniqueEmail('premier-admin');
  const password = 'premier-mot-de-passe-2026';
  const r = runTrame(['init', '--database', database, '--organisation', 'Ville de Rezé', '--kind', 'authority',
    '--name', 'Camille Martin', '--email', email, '--password-stdin'], { input: `${password}\n` });
  assert.equal(r.status, 0, r.stderr);
  const server = await startTrame({ database, demo: false, smtp: false });
  try {
    const admin = new Client(server.url);
    assert.equal((await admin.login(email, password)).status, 303);
    assert.match((await admin.get('/tableau-de-bord')).text, /href="\/dev\/courriels"/);
    const empty = await admin.get('/dev/courriels');
    assert.equal(empty.status, 200);
    assert.match(plain(empty.text), /Aucun courriel pour l'instant\./);
    assert.equal(await pendingCount(admin), 0);
  } finally {
    await server.stop();
  }
});

test('without SMTP, the development mailbox shows messages to administrators only', async () => {
  const server = await startTrame({ smtp: false });
  try {
    const admin = await adminClient(server);
    const dash = await admin.get('/tableau-de-bord');
    assert.match(dash.text, /href="\/dev\/courriels"/);

    const email = uniqueEmail('boite');
    await invite(admin, email, 'Zoé Boîte');
    const list = await admin.get('/dev/courriels');
    assert.equal(list.status, 200);
    const text = plain(list.text);
    assert.match(text, /Boîte aux lettres de développement/);
    assert.match(text, new RegExp(email.replace(/[.]/g, '\\.')));
    assert.match(text, /Invitation à rejoindre Trame/);
    const href = list.text.match(/<a href="(\/dev\/courriels\/\d+)">Invitation à rejoindre Trame<\/a>/)[1];
    const message = await admin.get(href);
    assert.equal(message.status, 200);
    const body = plain(message.text);
    assert.match(body, /Bonjour Zoé Boîte,/);
    assert.match(body, /vous invite à rejoindre Trame/);
    const link = linkIn(body, '/invitation/');
    assert.ok(link, 'the message shows the invitation link');
    assert.equal((await new Client(server.url).get(link)).status, 200, 'the link works');
    // The message is not sent anywhere: it stays queued.
    assert.equal(queuedFor(server, [email]), 1);
    assert.equal(mails().filter((m) => m.to === email).length, 0);

    // A referent may not read the mailbox; an anonymous visitor is sent to the login page.
    const referent = new Client(server.url);
    assert.equal((await referent.login(DEMO.referent, DEMO_PASSWORD)).status, 303);
    const refused = await referent.get('/dev/courriels');
    assert.equal(refused.status, 403);
    assert.match(plain(refused.text), /Accès refusé/);
    assert.doesNotMatch(refused.text, new RegExp(email.replace(/[.]/g, '\\.')));
    assert.equal((await referent.get(href)).status, 403);
    const anonymous = await new Client(server.url).get('/dev/courriels');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.location, '/connexion?suivant=/dev/courriels');
  } finally {
    await server.stop();
  }
});
