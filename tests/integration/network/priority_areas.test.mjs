// Priority neighbourhoods (QPV): `trame import qpv FILE` on a fresh database after the import of
// the département, idempotence, every malformed file refused with its line and nothing written,
// and the commune page listing its QPV.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client, DEMO, demoDatabase, freshDatabase, querySql, ROOT, runTrame, startTrame, TMP } from '../harness.mjs';

const SAMPLE = path.join(ROOT, 'tests/data/qpv-44.csv');
const HEADER = 'code;nom;commune;nom_commune';
// The sample's data lines, as they are in the file.
const ROWS = fs.readFileSync(SAMPLE, 'utf8').trimEnd().split('\n').slice(1);
assert.equal(ROWS.length, 7);

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Writes a CSV file in the test folder; content is a string (written as UTF-8) or a Buffer.
function csvFile(name, content) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `${randomBytes(4).toString('hex')}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

const lines = (...l) => `${l.join('\n')}\n`;

// Runs SQL straight on the database, behind Trame's back (sqlite3 or psql).

// Everything an import may write: the QPV rows (with their import time) and the audit log.
function snapshot(database) {
  return {
    areas: querySql(database, "SELECT code || '|' || name || '|' || commune_code || '|' || CAST(imported_at AS TEXT) "
      + 'FROM priority_areas ORDER BY code'),
    audit: querySql(database, 'SELECT CAST(COUNT(*) AS TEXT) FROM audit_log'),
  };
}

function importQpv(file, database) {
  return runTrame(['import', 'qpv', file, '--database', database]);
}

function databaseWithDepartement(label) {
  const database = freshDatabase(label);
  ok(runTrame(['migrate', '--database', database]), 'migrate');
  ok(runTrame(['import', 'territory', '--departement', '44', '--database', database]), 'import territory');
  return database;
}

test('a QPV list imports after its département, and a second run says nothing changed', () => {
  const database = freshDatabase('qpv');
  ok(runTrame(['migrate', '--database', database]), 'migrate');
  // Before the département: every commune is unknown, and nothing is written.
  const early = importQpv(SAMPLE, database);
  assert.equal(early.status, 2);
  assert.match(early.stderr, /Import refusé, rien n'a été enregistré :/);
  assert.match(early.stderr, /ligne 2 : commune « 44109 » inconnue \(importez d'abord le département\)/);
  assert.match(early.stderr, /ligne 8 : commune « 44143 » inconnue/);
  assert.equal(snapshot(database).areas, '');

  ok(runTrame(['import', 'territory', '--departement', '44', '--database', database]), 'import territory');
  const first = ok(importQpv(SAMPLE, database), 'first import');
  assert.match(first.stdout, /Quartiers prioritaires \(qpv-44\.csv\) : 7 créés, 0 mis à jour, 0 inchangé\.\n$/);
  assert.match(first.stderr, /^enregistrement : 7\/7$/m);
  assert.equal(querySql(database, "SELECT name FROM priority_areas WHERE code = 'QN04402M'"), 'Dervallières');
  assert.equal(querySql(database, "SELECT commune_code FROM priority_areas WHERE code = 'QN04407M'"), '44143');
  const stored = snapshot(database);

  const second = ok(importQpv(SAMPLE, database), 'second import');
  assert.match(second.stdout, /0 créé, 0 mis à jour, 7 inchangés\. Rien n'a changé : les données étaient à jour\./);
  assert.equal(snapshot(database).areas, stored.areas, 'an unchanged QPV keeps its import time');

  // The same list as another spreadsheet writes it: byte order mark, CRLF, commas, other column
  // names (case and accents ignored), an extra column, blanks around values, another order, a
  // lower-case code.
  const other = ['\ufeffCode_QP,Libellé,Population,INSEE_COM'];
  for (const row of [...ROWS].reverse()) {
    const [code, name, commune] = row.split(';');
    const unquoted = name.replace(/^"|"$/g, '');
    other.push(` ${code === 'QN04405M' ? code.toLowerCase() : code} ,"${unquoted}",1234, ${commune} `);
  }
  const variant = csvFile('qpv-variante.csv', `${other.join('\r\n')}\r\n`);
  const third = ok(importQpv(variant, database), 'import of the variant');
  assert.match(third.stdout, /0 créé, 0 mis à jour, 7 inchangés\. Rien n'a changé/);

  // A new edition of the list: one name changed, one QPV added.
  const edition = csvFile('qpv-2025.csv', lines(HEADER,
    ...ROWS.map((r) => r.replace('QN04403M;Malakoff;', 'QN04403M;Malakoff - Pré Gauchet;')),
    'QN04499M;Quartier d\'essai;44184;Saint-Nazaire'));
  const fourth = ok(importQpv(edition, database), 'import of the new edition');
  assert.match(fourth.stdout, /1 créé, 1 mis à jour, 6 inchangés\.\n$/);
  assert.equal(querySql(database, "SELECT name FROM priority_areas WHERE code = 'QN04403M'"), 'Malakoff - Pré Gauchet');
  assert.equal(querySql(database, 'SELECT CAST(COUNT(*) AS TEXT) FROM priority_areas'), '8');
  assert.match(querySql(database, "SELECT detail FROM audit_log WHERE action = 'qpv.imported' ORDER BY id DESC LIMIT 1"),
    /1 créé\(s\), 1 mis à jour, 6 inchangé\(s\)/);
});

test('every malformed file is refused with its line, exit code 2, and nothing is written', () => {
  const database = databaseWithDepartement('qpv_bad');
  ok(importQpv(SAMPLE, database), 'import of the sample');
  const before = snapshot(database);
  // Each bad file also renames a stored QPV and adds a valid one: neither may be written.
  const renamed = ROWS.map((r) => r.replace('Bellevue', 'Bellevue renommé'));
  const added = 'QN04498M;Nouveau quartier;44109;Nantes';
  const bad = (...extra) => lines(HEADER, ...renamed, added, ...extra);
  const cases = [
    ['missing code', lines(HEADER, ...renamed.slice(0, 5), ';Sans code;44109;Nantes', added), [/ligne 7 : code manquant/]],
    ['unknown commune', bad('QN04401X;Ailleurs;44109;Nantes', 'QN04402X;Ailleurs;44109;Nantes',
      'QN04403X;Inconnue;44999;Inconnue'),
    [/ligne 12 : commune « 44999 » inconnue \(importez d'abord le département\)/]],
    ['commune of a département not imported', bad('QN01301M;Marseille;13055;Marseille'),
      [/ligne 10 : commune « 13055 » inconnue \(importez d'abord le département\)/]],
    ['duplicate code', bad('QN04401M;Bellevue encore;44109;Nantes'),
      [/ligne 10 : code « QN04401M » en double \(déjà ligne 2\)/]],
    ['duplicate code in another case', bad('qn04498m;Doublon;44109;Nantes'),
      [/ligne 10 : code « QN04498M » en double \(déjà ligne 9\)/]],
    ['missing name', bad('QN04497M;  ;44109;Nantes'), [/ligne 10 : nom manquant/]],
    ['missing commune', bad('QN04497M;Sans commune;;'), [/ligne 10 : commune manquante/]],
    ['malformed code', bad('QP-44;Mauvais code;44109;Nantes'), [/ligne 10 : code « QP-44 » invalide/]],
    ['commune code without its leading zero', bad('QN00101M;Ain;1053;Bourg-en-Bresse'),
      [/ligne 10 : code commune « 1053 » invalide .*zéro initial/]],
    ['several faults at once', bad(';Sans code;44109;Nantes', 'QN04496M;;44999;Nantes', 'QN04401M;Doublon;44109;Nantes'),
      [/ligne 10 : code manquant\n {2}ligne 11 : nom manquant\n {2}ligne 11 : commune « 44999 » inconnue[^\n]*\n {2}ligne 12 : code « QN04401M » en double/]],
    ['missing column', lines('code;libelle_commune;commune', 'QN04401M;Nantes;44109'),
      [/ligne 1 : colonne « nom » absente de l'en-tête \(colonnes attendues : code, nom, commune\)/]],
    ['two columns for the name', lines('code;nom;name;commune', 'QN04401M;Bellevue;Bellevue;44109'),
      [/ligne 1 : colonnes « nom » et « name » : une seule colonne « nom » est attendue/]],
    ['unterminated quote', bad('QN04497M;"Quartier sans fin;44109;Nantes', 'QN04496M;Autre;44109;Nantes'),
      [/ligne 10 : guillemet ouvert non refermé/]],
    ['stray quote', bad('QN04497M;Quartier "Nord";44109;Nantes'), [/ligne 10 : guillemet dans un champ sans guillemets/]],
    ['wrong field count', bad('QN04497M;Trop court;44109'), [/ligne 10 : 3 champs au lieu de 4 comme l'en-tête/]],
    ['Latin-1 instead of UTF-8', Buffer.concat([Buffer.from(lines(HEADER, ...renamed.slice(0, 2))),
      Buffer.from('QN04497M;Quartier de l\'\xc9glise;44109;Nantes\n', 'latin1'), Buffer.from(`${added}\n`)]),
    [/ligne 4 : encodage invalide \(le fichier doit être en UTF-8\)/]],
    ['empty file', '', [/fichier vide/]],
    ['header only', lines(HEADER), [/ligne 1 : aucun quartier après la ligne d'en-tête/]],
  ];
  for (const [what, content, expected] of cases) {
    const r = importQpv(csvFile('qpv-faux.csv', content), database);
    assert.equal(r.status, 2, `${what}: exit code ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /Import refusé, rien n'a été enregistré :/, what);
    for (const e of expected) assert.match(r.stderr, e, what);
    assert.equal(r.stdout, '', what);
    assert.deepEqual(snapshot(database), before, `${what}: the database changed`);
  }
  const missing = importQpv(path.join(TMP, 'absent.csv'), database);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /fichier introuvable : .*absent\.csv/);
  // The malformed sample shipped with the tests is refused too, with all its faults.
  const sample = importQpv(path.join(ROOT, 'tests/data/qpv-44-malformed.csv'), database);
  assert.equal(sample.status, 2);
  for (const e of [/ligne 6 : code manquant/, /ligne 8 : code « QN04403M » en double \(déjà ligne 4\)/, /ligne 9 : nom manquant/,
    /ligne 10 : code commune « 4410 » invalide/, /ligne 11 : code « QN-44-10 » invalide/, /ligne 12 : commune « 44999 » inconnue/])
    assert.match(sample.stderr, e);
  assert.deepEqual(snapshot(database), before);
  // Nothing was half-written: the sample is still exactly what is stored.
  assert.match(ok(importQpv(SAMPLE, database), 'import after the refusals').stdout, /0 créé, 0 mis à jour, 7 inchangés/);
});

test('the commune page lists its priority neighbourhoods', async () => {
  const database = demoDatabase();
  ok(importQpv(SAMPLE, database), 'import of the sample');
  const server = await startTrame({ database, demo: false, smtp: false });
  try {
    const c = new Client(server.url);
    await c.login(DEMO.referent);
    const nantes = await c.get('/territoires/communes/44109');
    assert.equal(nantes.status, 200);
    assert.match(nantes.text, /<h2 id="qpv-title">Quartiers prioritaires de la politique de la ville \(QPV\)<\/h2>/);
    const items = [...nantes.text.matchAll(/<li>([^<]+) <span class="code">\((QN\d{3}\d{2}M)\)<\/span><\/li>/g)]
      .map((m) => `${m[1]} ${m[2]}`);
    // Sorted by name.
    assert.deepEqual(items, ['Bellevue QN04401M', 'Bottière - Pin Sec QN04406M', 'Breil QN04404M',
      'Dervallières QN04402M', 'Malakoff QN04403M', 'Nantes Nord QN04405M']);
    const reze = await c.get('/territoires/communes/44143');
    assert.match(reze.text, /<li>Château <span class="code">\(QN04407M\)<\/span><\/li>/);
    const herblain = await c.get('/territoires/communes/44162');
    assert.equal(herblain.status, 200);
    assert.match(herblain.text, /Aucun quartier prioritaire connu dans cette commune/);
    assert.doesNotMatch(herblain.text, /QN044/);
  } finally {
    await server.stop();
  }
});
