// The command line: French help, migrate, demo, user add, backup, audit verify, check-deploy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client, ENGINE, freshDatabase, PRODUCTION_ENV, runSql, runTrame, startTrame, TMP, writeConfig } from '../harness.mjs';

const PASSWORD = 'une phrase de passe solide 42';
const SQLITE_ONLY = ENGINE === 'sqlite' ? false : 'SQLite-specific: runs in the SQLite pass';

function uniqueEmail(label) {
  return `${label}-${ENGINE}-${randomBytes(5).toString('hex')}@exemple.test`;
}

function tmpFile(name) {
  fs.mkdirSync(TMP, { recursive: true });
  return path.join(TMP, `${randomBytes(4).toString('hex')}-${name}`);
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Runs SQL straight on the database, behind Trame's back (sqlite3 or psql).

function dropAuditTriggers(database) {
  const statement = database.startsWith('sqlite:')
    ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'
    : 'DROP TRIGGER audit_log_no_update ON audit_log;';
  ok(runSql(database, statement), 'dropping the triggers');
}

// A database with demo data and a few audit entries.
function demoDatabase(label) {
  const db = freshDatabase(label);
  ok(runTrame(['demo', '--database', db]), 'demo');
  return db;
}

// ---- help ------------------------------------------------------------------------------

const COMMANDS = [
  [[], /la plateforme des acteurs sociaux et culturels/],
  [['serve'], /Démarrer le serveur web/],
  [['migrate'], /Mettre à jour le schéma/],
  [['demo'], /Charger les données de démonstration/],
  [['user'], /Gérer les comptes utilisateurs/],
  [['user', 'add'], /Créer un compte/],
  [['backup'], /Sauvegarder la base/],
  [['restore'], /Restaurer une sauvegarde/],
  [['audit'], /Journal d'audit/],
  [['audit', 'verify'], /Vérifier la chaîne d'empreintes/],
  [['routes'], /Lister les routes/],
  [['check-deploy'], /Vérifier qu'une configuration est sûre/],
];

test('--help of every command and subcommand is in French', () => {
  for (const [args, description] of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const r = runTrame([...args, flag]);
      const what = `trame ${[...args, flag].join(' ')}`;
      assert.equal(r.status, 0, what);
      assert.match(r.stdout, description, what);
      assert.match(r.stdout, /^Utilisation: /m, what);
      assert.match(r.stdout, /-h,--help +Afficher cette aide et quitter/, what);
      assert.doesNotMatch(r.stdout, /Print this help|^Usage:|REQUIRED|\bTEXT\b|\bINT\b/m, what);
    }
  }
  // Option descriptions are French too.
  const add = runTrame(['user', 'add', '--help']).stdout;
  assert.match(add, /--email TEXTE OBLIGATOIRE +Adresse électronique/);
  assert.match(add, /--organisation ENTIER +Identifiant de la structure/);
  assert.match(runTrame(['backup', '--help']).stdout, /Fichier de sauvegarde à écrire/);
});

test('the list of commands in --help has a French heading', () => {
  for (const args of [[], ['user'], ['audit']]) {
    const r = runTrame([...args, '--help']);
    assert.match(r.stdout, /^Commandes:/m);
    assert.doesNotMatch(r.stdout, /^Subcommands:/m);
  }
});

test('a command-line mistake is answered in French with a non-zero exit', () => {
  const r = runTrame(['nimporte-quoi']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr + r.stdout, /^Erreur : /m);
  assert.match(r.stderr + r.stdout, /Lancez « .*--help » pour l'aide\./);
  const missing = runTrame(['check-deploy', '--config', tmpFile('absent.toml')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Erreur : fichier de configuration introuvable/);
});

// ---- migrate, demo ---------------------------------------------------------------------

test('migrate applies the schema once, then says it is up to date', () => {
  const db = freshDatabase('migrate');
  const first = ok(runTrame(['migrate', '--database', db]), 'migrate');
  assert.match(first.stdout, /migration appliquée : 0001_foundation/);
  const n = Number(first.stdout.match(/(\d+) migrations? appliquées?\./)[1]);
  assert.ok(n >= 1);
  const second = ok(runTrame(['migrate', '--database', db]), 'second migrate');
  assert.match(second.stdout, /Schéma déjà à jour\./);
  assert.doesNotMatch(second.stdout, /migration appliquée/);
});

test('demo loads the demo data once, then has nothing to do', () => {
  const db = freshDatabase('demo');
  const first = ok(runTrame(['demo', '--database', db]), 'demo');
  const m = first.stdout.match(/(\d+) structures? et (\d+) comptes? créés\./);
  assert.ok(m, first.stdout);
  assert.ok(Number(m[1]) > 0 && Number(m[2]) > 0);
  assert.match(first.stdout, /Comptes de démonstration \(mot de passe : trame-demo-2026\)/);
  const second = ok(runTrame(['demo', '--database', db]), 'second demo');
  assert.match(second.stdout, /Données de démonstration déjà présentes : rien à faire\./);
  assert.doesNotMatch(second.stdout, /comptes? créés/);
});

// ---- user add --------------------------------------------------------------------------

test('user add creates an account that can log in over HTTP, and refuses weak passwords in French', async () => {
  const db = demoDatabase('useradd');
  const email = uniqueEmail('ligne');
  const add = (password, extra = {}) => runTrame(['user', 'add', '--email', extra.email || email,
    '--name', 'Agnès Ligne-de-Commande', '--role', extra.role || 'coordinator', '--password-stdin', '--database', db],
  { input: `${password}\n` });

  const short = add('court');
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /Erreur : Le mot de passe doit contenir au moins 12 caractères\./);
  const common = add('motdepasse123');
  assert.notEqual(common.status, 0);
  assert.match(common.stderr, /Erreur : Ce mot de passe est trop courant/);
  const role = add(PASSWORD, { role: 'pirate' });
  assert.notEqual(role.status, 0);
  assert.match(role.stderr, /Erreur : Choisissez un rôle dans la liste\./);
  const address = add(PASSWORD, { email: 'pas-une-adresse' });
  assert.notEqual(address.status, 0);
  assert.match(address.stderr, /Erreur : Indiquez une adresse électronique valable\./);

  // None of the refusals created the account: it is created now, once.
  const created = ok(add(PASSWORD), 'user add');
  assert.match(created.stdout, /Compte créé \(identifiant \d+\)\./);
  const again = add(PASSWORD);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /Erreur : Un compte existe déjà avec cette adresse\./);

  const server = await startTrame({ database: db, demo: false });
  try {
    const c = new Client(server.url);
    const res = await c.login(email, PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/tableau-de-bord');
    const dash = await c.get('/tableau-de-bord');
    assert.equal(dash.status, 200);
    assert.match(dash.text, /Bonjour Agnès Ligne-de-Commande\./);
    assert.match(dash.text, /Coordinateur·rice de territoire — /);
    const wrong = await new Client(server.url).login(email, 'motdepasse123');
    assert.equal(wrong.status, 422);
  } finally {
    await server.stop();
  }
});

// ---- backup ----------------------------------------------------------------------------

test('backup of a SQLite database writes a valid SQLite file', { skip: SQLITE_ONLY }, () => {
  const source = path.join(TMP, `backup-src-${randomBytes(4).toString('hex')}.db`);
  fs.mkdirSync(TMP, { recursive: true });
  ok(runTrame(['demo', '--database', `sqlite:${source}`]), 'demo');
  const file = tmpFile('sauvegarde.db');
  const r = ok(runTrame(['backup', '--database', `sqlite:${source}`, file]), 'backup');
  assert.match(r.stdout, /Sauvegarde écrite dans /);
  const users = runSql(`sqlite:${source}`, 'SELECT COUNT(*) FROM users;').stdout;
  assert.match(r.stdout, new RegExp(`Contenu de la copie : réservations : \\d+ ; comptes : ${users} ;`));
  const header = fs.readFileSync(file).subarray(0, 16);
  assert.equal(header.toString('latin1'), 'SQLite format 3\0');
  assert.equal(runSql(`sqlite:${file}`, 'PRAGMA integrity_check;').stdout, 'ok');
  assert.equal(runSql(`sqlite:${file}`, 'SELECT COUNT(*) FROM users;').stdout,
    runSql(`sqlite:${source}`, 'SELECT COUNT(*) FROM users;').stdout);
  assert.ok(Number(runSql(`sqlite:${file}`, 'SELECT COUNT(*) FROM audit_log;').stdout) > 0);
  // The copy is a working Trame database.
  const verify = ok(runTrame(['audit', 'verify', '--database', `sqlite:${file}`]), 'audit verify of the copy');
  assert.match(verify.stdout, /Journal d'audit intègre/);
});

test('backup of a PostgreSQL database runs pg_dump, and never shows the password', () => {
  const file = tmpFile('trame.dump');
  // Nothing listens on port 1: the connection fails at once, and the message names the database without its password.
  const r = runTrame(['backup', '--database', 'postgresql://trame:s3cr3t-mot@127.0.0.1:1/trame', file]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /Erreur : connexion impossible à postgresql:\/\/trame:\*\*\*@127\.0\.0\.1:1\/trame/);
  assert.doesNotMatch(r.stdout + r.stderr, /s3cr3t-mot/);
  assert.equal(fs.existsSync(file), false, 'nothing is written');
});

test('restore refuses what is not a backup, and replaces a database only with --force', { skip: SQLITE_ONLY }, () => {
  const source = path.join(TMP, `restore-src-${randomBytes(4).toString('hex')}.db`);
  ok(runTrame(['migrate', '--database', `sqlite:${source}`]), 'migrate');
  const file = tmpFile('sauvegarde.db');
  ok(runTrame(['backup', '--database', `sqlite:${source}`, file]), 'backup');
  const text = tmpFile('pas-une-sauvegarde.db');
  fs.writeFileSync(text, 'bonjour');
  const target = path.join(TMP, `restore-dst-${randomBytes(4).toString('hex')}.db`);
  const notBackup = runTrame(['restore', '--database', `sqlite:${target}`, text]);
  assert.equal(notBackup.status, 1);
  assert.match(notBackup.stderr, /^Refus : .* n'est pas une sauvegarde SQLite/);
  assert.equal(fs.existsSync(target), false, 'nothing is created');
  // Into a new file: restored; again into the same (now holding data): refused, unless --force.
  assert.match(ok(runTrame(['restore', '--database', `sqlite:${target}`, file]), 'restore').stdout, /^Base restaurée depuis /);
  runSql(`sqlite:${target}`, "INSERT INTO settings (key, value) VALUES ('exercice.marque', 'avant');");
  const again = runTrame(['restore', '--database', `sqlite:${target}`, file]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /existe déjà et contient des données.*--force/);
  assert.equal(runSql(`sqlite:${target}`, "SELECT value FROM settings WHERE key = 'exercice.marque';").stdout, 'avant');
  ok(runTrame(['restore', '--force', '--database', `sqlite:${target}`, file]), 'restore --force');
  assert.equal(runSql(`sqlite:${target}`, "SELECT COUNT(*) FROM settings WHERE key = 'exercice.marque';").stdout, '0');
  ok(runTrame(['audit', 'verify', '--database', `sqlite:${target}`]), 'audit verify');
});

test('restore on PostgreSQL: pg_restore into a fresh database; a database holding tables only with --force',
  { skip: ENGINE === 'postgresql' ? false : 'PostgreSQL-specific: runs in the PostgreSQL pass' }, () => {
    const source = freshDatabase('restore_src');
    ok(runTrame(['migrate', '--database', source]), 'migrate');
    runSql(source, "INSERT INTO settings (key, value) VALUES ('exercice.marque', 'sauvegardée');");
    const file = tmpFile('trame.dump');
    ok(runTrame(['backup', '--database', source, file]), 'backup');
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString('latin1'), 'PGDMP');
    const sqliteFile = tmpFile('sauvegarde.db');
    fs.writeFileSync(sqliteFile, 'SQLite format 3\0');
    const target = freshDatabase('restore_dst');
    const wrong = runTrame(['restore', '--database', target, sqliteFile]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /^Refus : .* n'est pas une sauvegarde PostgreSQL/);
    assert.match(ok(runTrame(['restore', '--database', target, file]), 'restore').stdout, /^Base restaurée depuis /);
    assert.equal(runSql(target, "SELECT value FROM settings WHERE key = 'exercice.marque';").stdout, 'sauvegardée');
    runSql(target, "UPDATE settings SET value = 'modifiée' WHERE key = 'exercice.marque';");
    const again = runTrame(['restore', '--database', target, file]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /contient déjà \d+ tables.*--force/);
    assert.equal(runSql(target, "SELECT value FROM settings WHERE key = 'exercice.marque';").stdout, 'modifiée');
    ok(runTrame(['restore', '--force', '--database', target, file]), 'restore --force');
    assert.equal(runSql(target, "SELECT value FROM settings WHERE key = 'exercice.marque';").stdout, 'sauvegardée');
    ok(runTrame(['audit', 'verify', '--database', target]), 'audit verify');
  });

// ---- audit verify ----------------------------------------------------------------------

test('audit verify passes on an untouched database', () => {
  const db = demoDatabase('audit');
  const r = ok(runTrame(['audit', 'verify', '--database', db]), 'audit verify');
  const n = Number(r.stdout.match(/Journal d'audit intègre : (\d+) entrées? vérifiées?\./)[1]);
  const rows = Number(runSql(db, 'SELECT COUNT(*) FROM audit_log;').stdout);
  assert.ok(rows > 0);
  assert.equal(n, rows);
});

test('the audit log refuses UPDATE and DELETE, and audit verify detects an edited entry', () => {
  const db = demoDatabase('tamper');
  const update = runSql(db, "UPDATE audit_log SET detail = 'falsifié' WHERE id = 3;");
  assert.notEqual(update.status, 0, 'an UPDATE is refused while the trigger exists');
  assert.match(update.stderr, /audit_log is append-only/);
  const del = runSql(db, 'DELETE FROM audit_log WHERE id = 3;');
  assert.notEqual(del.status, 0, 'a DELETE is refused');
  assert.match(del.stderr, /audit_log is append-only/);
  assert.equal(runSql(db, 'SELECT detail FROM audit_log WHERE id = 3;').stdout.includes('falsifié'), false);
  ok(runTrame(['audit', 'verify', '--database', db]), 'audit verify after refused edits');

  dropAuditTriggers(db);
  ok(runSql(db, "UPDATE audit_log SET detail = 'falsifié' WHERE id = 3;"), 'tampering');
  const r = runTrame(['audit', 'verify', '--database', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Journal d'audit ALTÉRÉ à l'entrée 3 : le contenu de l'entrée a été modifié\./);
});

test('audit verify detects a removed entry, in the middle or at the end', () => {
  const middle = demoDatabase('trou');
  dropAuditTriggers(middle);
  ok(runSql(middle, 'DELETE FROM audit_log WHERE id = 2;'), 'deleting an entry');
  const r = runTrame(['audit', 'verify', '--database', middle]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /Journal d'audit ALTÉRÉ à l'entrée 3 : le lien vers l'entrée précédente est rompu/);

  const end = demoDatabase('fin');
  dropAuditTriggers(end);
  ok(runSql(end, 'DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log);'), 'deleting the last entry');
  const tail = runTrame(['audit', 'verify', '--database', end]);
  assert.equal(tail.status, 1);
  assert.match(tail.stdout, /Journal d'audit ALTÉRÉ .*supprimées à la fin du journal/);
});

// ---- check-deploy ----------------------------------------------------------------------

const SECURE = {
  listen: '"127.0.0.1:8080"',
  database: '"postgresql://trame@db.exemple.fr:5432/trame"',
  public_url: '"https://trame.exemple.fr"',
  https: 'true',
  development: 'false',
  secret_key: `"${'k7'.repeat(20)}"`,
  metrics_token: '"jeton-de-supervision-assez-long"',
  'smtp.url': '"smtps://smtp.exemple.fr:465"',
  'smtp.user': '"trame"',
  'smtp.password': '"mot-de-passe-smtp"',
};

// check-deploy as in production: without the test runs' cheap password hashing (harness TEST_ENV).
const checkDeploy = (file, env = {}) => runTrame(['check-deploy', '--config', file], { env: { ...PRODUCTION_ENV, ...env } });

test('check-deploy refuses an insecure configuration', () => {
  const file = writeConfig({ development: 'true' });
  const r = checkDeploy(file);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /REFUS : HTTPS n'est pas configuré/);
  assert.match(r.stdout, /REFUS : secret_key est la valeur par défaut/);
  assert.match(r.stdout, /REFUS : le mode développement est activé/);
  assert.doesNotMatch(r.stdout, /Configuration acceptable/);
});

test('check-deploy accepts a secure configuration, and refuses each single weakness', () => {
  const good = checkDeploy(writeConfig(SECURE));
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /Configuration acceptable pour la production\./);
  assert.doesNotMatch(good.stdout, /REFUS/);

  const weaknesses = [
    [{ https: 'false' }, /REFUS : HTTPS n'est pas configuré/],
    [{ public_url: '"http://trame.exemple.fr"' }, /REFUS : HTTPS n'est pas configuré/],
    [{ secret_key: '"change-me"' }, /REFUS : secret_key est la valeur par défaut/],
    [{ secret_key: `"${'x'.repeat(20)}"` }, /REFUS : secret_key .*moins de 32 caractères/],
    [{ development: 'true' }, /REFUS : le mode développement est activé/],
    [{ 'smtp.url': '"smtp://smtp.exemple.fr:25"' }, /REFUS : le serveur SMTP est joint sans chiffrement/],
    [{ trusted_proxies: '["10.0.0.0/8", "pas-une-adresse"]' }, /REFUS : trusted_proxies : « pas-une-adresse »/],
  ];
  for (const [change, message] of weaknesses) {
    const r = checkDeploy(writeConfig({ ...SECURE, ...change }));
    assert.equal(r.status, 1, JSON.stringify(change));
    assert.match(r.stdout, message, JSON.stringify(change));
    assert.doesNotMatch(r.stdout, /Configuration acceptable/);
  }
  // The settings reserved to tests: the simulated clock, the cheap password hashing.
  for (const env of [{ TRAME_CLOCK_OFFSET: '3600' }, { TRAME_PASSWORD_COST: 'minimum' }]) {
    const r = checkDeploy(writeConfig(SECURE), env);
    assert.equal(r.status, 1, JSON.stringify(env));
    assert.match(r.stdout, new RegExp(`REFUS : ${Object.keys(env)[0]} .*réservé aux tests`), JSON.stringify(env));
  }
});
