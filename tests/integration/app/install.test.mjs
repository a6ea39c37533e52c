// First install without the demo: `trame init` and the first-run page (/installation) create the
// owner organisation and the first administrator of a database with no account, once; bad input
// changes nothing. Also: what `trame import territory` says when its output is not a terminal, and
// the production checks around e-mail (check-deploy without SMTP, no development mailbox).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, ENGINE, freshDatabase, PRODUCTION_ENV, querySql, runTrame, startTrame, TMP, writeConfig } from '../harness.mjs';

const PASSWORD = 'une phrase de passe solide 42';

function uniqueEmail(label) {
  return `${label}-${ENGINE}-${randomBytes(5).toString('hex')}@exemple.test`;
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Reads the database behind Trame's back (sqlite3 or psql): the proof that a refusal wrote nothing.

function counts(database) {
  return {
    organisations: Number(querySql(database, 'SELECT COUNT(*) FROM organisations')),
    users: Number(querySql(database, 'SELECT COUNT(*) FROM users')),
    memberships: Number(querySql(database, 'SELECT COUNT(*) FROM memberships')),
  };
}

function init(database, args, input) {
  return runTrame(['init', '--database', database, ...args], { input: input ?? '' });
}

function plain(html) {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function canLogin(server, email, password) {
  const client = new Client(server.url);
  const res = await client.login(email, password);
  if (res.status !== 303 || res.location.startsWith('/connexion')) return false;
  return (await client.get('/tableau-de-bord')).status === 200;
}

test('trame init on a fresh database creates the organisation and its administrator, who can sign in; a second init is refused', async () => {
  const database = freshDatabase('init');
  const email = uniqueEmail('admin');
  const r = init(database, ['--organisation', 'Ville de Saint-Nazaire', '--kind', 'authority', '--name', 'Camille Martin',
    '--email', email, '--password-stdin'], `${PASSWORD}\n`);
  ok(r, 'trame init');
  assert.match(r.stdout, /Structure « Ville de Saint-Nazaire » créée \(identifiant \d+\)\./);
  assert.match(r.stdout, new RegExp(`Compte administrateur créé pour ${email.replace(/[.]/g, '\\.')}`));
  assert.deepEqual(counts(database), { organisations: 1, users: 1, memberships: 1 });
  assert.equal(querySql(database, "SELECT role FROM memberships"), 'administrator');

  // `trame user add` now finds the organisation.
  const colleague = runTrame(['user', 'add', '--database', database, '--email', uniqueEmail('collegue'), '--name', 'Léo',
    '--role', 'coordinator', '--password-stdin'], { input: `${PASSWORD}\n` });
  ok(colleague, 'user add after init');

  const again = init(database, ['--organisation', 'Autre structure', '--kind', 'social', '--name', 'Intrus',
    '--email', uniqueEmail('intrus'), '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /Trame est déjà installé : un compte existe\. Rien n'a été modifié/);
  assert.deepEqual(counts(database), { organisations: 1, users: 2, memberships: 2 });

  const server = await startTrame({ demo: false, database });
  try {
    assert.ok(await canLogin(server, email, PASSWORD), 'the administrator signs in');
    const admin = new Client(server.url);
    await admin.login(email, PASSWORD);
    assert.equal((await admin.get('/admin/utilisateurs')).status, 200, 'with administrator rights');
    // An account exists: the first-run page is gone, and the server printed no token.
    assert.equal((await new Client(server.url).get('/installation')).status, 404);
    assert.doesNotMatch(server.output(), /installation\?jeton=/);
  } finally {
    await server.stop();
  }
});

test('trame init --help is in French', () => {
  const r = ok(runTrame(['init', '--help']), 'init --help');
  assert.match(r.stdout, /Première installation sans la démo/);
  assert.match(r.stdout, /--password-stdin +Lire le mot de passe de l'administrateur/);
  assert.match(r.stdout, /--commune TEXTE +Commune de la structure : code INSEE ou nom/);
});

test('trame init refuses bad input with a French message and creates nothing', () => {
  const database = freshDatabase('init_bad');
  ok(runTrame(['migrate', '--database', database]), 'migrate');
  const base = { '--organisation': 'Centre social Les Dervallières', '--kind': 'social', '--name': 'Ana Roussel',
    '--email': uniqueEmail('ana') };
  const args = (changes) => Object.entries({ ...base, ...changes }).flatMap(([k, v]) => (v === undefined ? [] : [k, v]));
  const cases = [
    [{ '--kind': 'mairie' }, `${PASSWORD}\n`, /Choisissez un type de structure dans la liste\. \(social, cultural,/],
    [{ '--email': 'pas-une-adresse' }, `${PASSWORD}\n`, /Indiquez une adresse électronique valable\./],
    [{}, 'court\n', /mot de passe/i],
    [{ '--commune': 'Nantes' }, `${PASSWORD}\n`, /Aucune commune n'est importée/],
    [{ '--organisation': undefined }, `${PASSWORD}\n`, /option manquante : --organisation/],
  ];
  for (const [changes, input, message] of cases) {
    const r = init(database, [...args(changes), '--password-stdin'], input);
    assert.equal(r.status, 2, `${JSON.stringify(changes)}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, JSON.stringify(changes));
    assert.match(r.stderr, /Rien n'a été créé/, JSON.stringify(changes));
    assert.deepEqual(counts(database), { organisations: 0, users: 0, memberships: 0 }, JSON.stringify(changes));
  }

  // With the territory imported, the commune is found by name (accents and case aside) or INSEE code.
  ok(runTrame(['import', 'territory', '--departement', '44', '--database', database]), 'import territory');
  const unknown = init(database, [...args({ '--commune': 'Atlantis' }), '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Cette commune est inconnue/);
  assert.deepEqual(counts(database), { organisations: 0, users: 0, memberships: 0 });
  const good = ok(init(database, [...args({ '--commune': 'REZE' }), '--password-stdin'], `${PASSWORD}\n`), 'init');
  assert.match(good.stdout, /à Rezé\./);
  assert.equal(querySql(database, 'SELECT commune_code FROM organisations'), '44143');
});

test('without --password-stdin, trame init prints a one-time link to choose the password', async () => {
  const database = freshDatabase('init_link');
  const email = uniqueEmail('lien');
  const r = ok(init(database, ['--organisation', 'Médiathèque de Rezé', '--kind', 'cultural', '--name', 'Noé Bihan',
    '--email', email]), 'init');
  const link = (r.stdout.match(/https?:\/\/\S+\/reinitialisation\/\S+/) || [])[0];
  assert.ok(link, r.stdout);
  const server = await startTrame({ demo: false, database });
  try {
    // No password works before the link is used.
    assert.equal(await canLogin(server, email, PASSWORD), false);
    const client = new Client(server.url);
    const target = new URL(link).pathname;
    assert.equal((await client.get(target)).status, 200);
    const set = await client.post(target, { password: PASSWORD, password_confirm: PASSWORD });
    assert.equal(set.status, 303, set.text);
    assert.ok(await canLogin(server, email, PASSWORD));
    // One time only.
    assert.notEqual((await new Client(server.url).get(target)).status, 200);
  } finally {
    await server.stop();
  }
});

test('the first-run page, from the server machine, creates the administrator once and then answers 404', async () => {
  const database = freshDatabase('first_run');
  const server = await startTrame({ demo: false, database });
  try {
    assert.match(server.output(), /aucun compte n'existe : terminez l'installation avec « trame init » ou sur http:\/\/127\.0\.0\.1:\d+\/installation\?jeton=/);
    const browser = new Client(server.url);
    const page = await browser.get('/installation');
    assert.equal(page.status, 200);
    assert.match(plain(page.text), /Installation de Trame/);
    const email = uniqueEmail('premier');
    const form = { organisation_name: 'Département de la Sarthe', organisation_kind: 'authority', commune: '',
      admin_name: 'Inès Perrin', admin_email: email, password: PASSWORD, password_confirm: PASSWORD };

    // Without the CSRF token: refused, nothing created.
    const forged = await browser.post('/installation', form, { csrf: false });
    assert.equal(forged.status, 403);
    assert.deepEqual(counts(database), { organisations: 0, users: 0, memberships: 0 });

    // Bad input: the form again with a French message, nothing created.
    const mismatch = await browser.post('/installation', { ...form, password_confirm: 'autre chose encore 42' });
    assert.equal(mismatch.status, 422);
    assert.match(plain(mismatch.text), /Les deux mots de passe ne sont pas identiques\./);
    assert.match(mismatch.text, /value="Département de la Sarthe"/);
    const noName = await browser.post('/installation', { ...form, organisation_name: '  ' });
    assert.equal(noName.status, 422);
    assert.match(plain(noName.text), /Indiquez le nom de la structure\./);
    const unknownCommune = await browser.post('/installation', { ...form, commune: 'Le Mans' });
    assert.equal(unknownCommune.status, 422);
    assert.match(plain(unknownCommune.text), /Aucune commune n'est importée/);
    assert.deepEqual(counts(database), { organisations: 0, users: 0, memberships: 0 });

    await browser.get('/installation');
    const done = await browser.post('/installation', form);
    assert.equal(done.status, 303, done.text);
    assert.equal(done.location, '/connexion');
    assert.deepEqual(counts(database), { organisations: 1, users: 1, memberships: 1 });
    assert.equal(querySql(database, 'SELECT role FROM memberships'), 'administrator');
    assert.ok(await canLogin(server, email, PASSWORD));

    // Gone once an account exists, for a second visitor and a replayed form alike.
    const other = new Client(server.url);
    assert.equal((await other.get('/installation')).status, 404);
    await other.get('/connexion');
    assert.equal((await other.post('/installation', { ...form, admin_email: uniqueEmail('second') })).status, 404);
    assert.equal((await browser.post('/installation', { ...form, admin_email: uniqueEmail('rejeu') })).status, 404);
    assert.deepEqual(counts(database), { organisations: 1, users: 1, memberships: 1 });
  } finally {
    await server.stop();
  }
});

test('concurrent first-run forms create a single administrator', async () => {
  const database = freshDatabase('first_run_race');
  const server = await startTrame({ demo: false, database });
  try {
    const clients = Array.from({ length: 6 }, () => new Client(server.url));
    for (const c of clients) assert.equal((await c.get('/installation')).status, 200);
    const emails = clients.map((_, i) => uniqueEmail(`course${i}`));
    const answers = await Promise.all(clients.map((c, i) => c.post('/installation', {
      organisation_name: `Structure ${i}`, organisation_kind: 'social', commune: '', admin_name: `Personne ${i}`,
      admin_email: emails[i], password: PASSWORD, password_confirm: PASSWORD })));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 303).length, 1, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 404).length, clients.length - 1, statuses.join(' '));
    assert.deepEqual(counts(database), { organisations: 1, users: 1, memberships: 1 });
  } finally {
    await server.stop();
  }
});

test('through a proxy (not from the server machine) the first-run page needs the token printed at start', async () => {
  const database = freshDatabase('first_run_token');
  const server = await startTrame({ demo: false, database });
  try {
    const token = (server.output().match(/installation\?jeton=([A-Za-z0-9_-]+)/) || [])[1];
    assert.ok(token, server.output());
    const proxied = { 'x-forwarded-for': '203.0.113.7' };
    const visitor = new Client(server.url);
    const refused = await visitor.get('/installation', { headers: proxied });
    assert.equal(refused.status, 403);
    assert.match(plain(refused.text), /ne s'ouvre que depuis la machine du serveur/);
    assert.equal((await visitor.get(`/installation?jeton=${'A'.repeat(token.length)}`, { headers: proxied })).status, 403);
    assert.equal((await visitor.get('/installation', { headers: { forwarded: 'for=203.0.113.7' } })).status, 403);

    const email = uniqueEmail('jeton');
    const form = { organisation_name: 'Cultures du Cœur 72', organisation_kind: 'social', commune: '',
      admin_name: 'Paul Caradec', admin_email: email, password: PASSWORD, password_confirm: PASSWORD };
    // A wrong token in the form is refused too, and creates nothing.
    const wrong = await visitor.request('POST', '/installation', {
      form: { ...form, jeton: 'B'.repeat(token.length), _csrf: visitor.csrf }, headers: proxied });
    assert.equal(wrong.status, 403);
    assert.deepEqual(counts(database), { organisations: 0, users: 0, memberships: 0 });

    const page = await visitor.get(`/installation?jeton=${token}`, { headers: proxied });
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`name="jeton" value="${token}"`));
    const done = await visitor.request('POST', '/installation', { form: { ...form, jeton: token, _csrf: visitor.csrf },
      headers: proxied });
    assert.equal(done.status, 303, done.text);
    assert.ok(await canLogin(server, email, PASSWORD));
    // Used: the page is gone, token or not.
    assert.equal((await new Client(server.url).get(`/installation?jeton=${token}`, { headers: proxied })).status, 404);
  } finally {
    await server.stop();
  }
});

test('trame import territory, when its output is not a terminal, prints one line per step and what it imported', () => {
  const database = freshDatabase('territory_lines');
  ok(runTrame(['migrate', '--database', database]), 'migrate');
  const r = ok(runTrame(['import', 'territory', '--departement', '44', '--database', database]), 'import');
  assert.match(r.stdout, /Importé : le département, 207 communes et 17 intercommunalités \(EPCI\)\./);
  assert.doesNotMatch(r.stderr, /\r/, 'no bar redrawn with carriage returns');
  assert.doesNotMatch(r.stderr, /\[=+/, 'no progress bar');
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  assert.ok(lines.includes('lecture des communes : 207/207'), r.stderr);
  assert.ok(lines.includes('enregistrement : 225/225'), r.stderr);
  assert.equal(lines.filter((l) => l.startsWith('enregistrement')).length, 1, 'one line for the step, not one per row');
});

test('trame backup, when its output is not a terminal, prints its result without a redrawn percentage',
  { skip: ENGINE === 'sqlite' ? false : 'SQLite-specific: runs in the SQLite pass' }, () => {
    const database = freshDatabase('backup_lines');
    ok(runTrame(['migrate', '--database', database]), 'migrate');
    const file = path.join(TMP, `${randomBytes(4).toString('hex')}-sauvegarde.db`);
    const r = ok(runTrame(['backup', '--database', database, file]), 'backup');
    assert.doesNotMatch(r.stdout, /\r|sauvegarde : \d+ %/);
    assert.equal(r.stdout.split('\n')[0], `Sauvegarde écrite dans ${file}`);
    assert.match(r.stdout, /^Contenu de la copie : réservations : 0 ; comptes : 0 ; structures : 0 ; entrées du journal d'audit : \d+\.$/m);
  });


test('check-deploy refuses production without an SMTP server', () => {
  const secure = {
    public_url: '"https://trame.exemple.fr"', https: 'true', development: 'false',
    secret_key: `"${'k7'.repeat(20)}"`, metrics_token: '"jeton-de-supervision-assez-long"',
    'smtp.url': '"smtps://smtp.exemple.fr:465"', 'smtp.user': '"trame"', 'smtp.password': '"mot-de-passe-smtp"',
  };
  ok(runTrame(['check-deploy', '--config', writeConfig(secure)], { env: PRODUCTION_ENV }), 'check-deploy with SMTP');
  const r = runTrame(['check-deploy', '--config', writeConfig({ ...secure, 'smtp.url': undefined, 'smtp.user': undefined,
    'smtp.password': undefined })], { env: PRODUCTION_ENV });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /REFUS : aucun serveur SMTP/);
  assert.doesNotMatch(r.stdout, /Configuration acceptable/);
});

test('the development mailbox is not served in production (behind HTTPS), only in development', async () => {
  const production = await startTrame({ smtp: false, env: { TRAME_HTTPS: 'true', TRAME_DEVELOPMENT: 'false' } });
  try {
    const admin = new Client(production.url);
    const login = await admin.login(DEMO.administrator, DEMO_PASSWORD);
    assert.equal(login.status, 303);
    const dash = await admin.get('/tableau-de-bord');
    assert.equal(dash.status, 200);
    assert.doesNotMatch(dash.text, /href="\/dev\/courriels"/);
    assert.equal((await admin.get('/dev/courriels')).status, 404);
    assert.equal((await admin.get('/dev/courriels/1')).status, 404);
  } finally {
    await production.stop();
  }
  const development = await startTrame({ smtp: false, env: { TRAME_HTTPS: 'true', TRAME_DEVELOPMENT: 'true' } });
  try {
    const admin = new Client(development.url);
    await admin.login(DEMO.administrator, DEMO_PASSWORD);
    assert.equal((await admin.get('/dev/courriels')).status, 200);
  } finally {
    await development.stop();
  }
});
