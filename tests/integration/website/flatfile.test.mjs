// `trame import pages DIR`: the two seed pages check as they are (warnings for their absent pictures),
// and a folder with problems is refused whole, each problem printed as file:line: message, with exit
// status 1 and nothing written. (Saving the pages is the pages module's: tests/integration/website/pages.)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { freshDatabase, querySql, ROOT, runTrame, TMP } from '../harness.mjs';

const SEEDS = path.join(ROOT, 'tests/data/pages');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function folder(files) {
  const dir = path.join(TMP, `pages-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function migrated() {
  const database = freshDatabase('flatfile');
  const r = runTrame(['migrate', '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  return database;
}

// Everything a refused import could have written (the audit log is where every import leaves a trace).
const audit = (database) => querySql(database, 'SELECT CAST(COUNT(*) AS TEXT) FROM audit_log');

test('the two seed pages check as they are, their absent pictures as warnings', () => {
  const database = migrated();
  const r = runTrame(['import', 'pages', SEEDS, '--check', '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Dossier valable : 2 pages seraient importées ; rien n'a été enregistré \(--check\)\./);
  assert.match(r.stderr, /000_contexte\.txt:5: la couverture « capture-decran-2022-10-29-a-12\.31\.33\.png » n'est pas dans le dossier : la page est importée sans couverture\./);
  assert.match(r.stderr, /001_edito\.txt:9: l'image « unknown-1\.png » n'est pas dans le dossier : elle est retirée du texte\./);
  assert.match(r.stderr, /^lecture des pages : 2\/2$/m);

  // With its pictures beside it, the Edito has no warning left.
  const dir = folder({ '001_edito.txt': fs.readFileSync(path.join(SEEDS, '001_edito.txt')), 'unknown-1.png': PNG });
  const withPictures = runTrame(['import', 'pages', dir, '--check', '--database', database]);
  assert.equal(withPictures.status, 0, withPictures.stderr);
  assert.doesNotMatch(withPictures.stderr, /Avertissement/);
  assert.match(withPictures.stdout, /1 page serait importée/);
});

test('a folder with problems is refused whole: every problem by file and line, status 1, nothing written', () => {
  const database = migrated();
  const before = audit(database);
  const dir = folder({
    '1_bon.txt': 'Title: Une bonne page\n----\nText: rien à redire\n',
    '2_separateur.txt': 'Title: A\nCover: a.png\n----\nText: x\n',
    '3_champ.txt': 'Title: B\n----\nAuteur: moi\n',
    '4_latin1.txt': Buffer.concat([Buffer.from('Title: C\n----\nText: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    '5_couverture.txt': 'Title: D\n----\nCover: photo.png\n',
    'photo.png': '<html>pas une image</html>',
    '6_titre.txt': 'Text: sans titre\n',
    '7_bon.txt': 'Title: Bonne page\n----\nSlug: bon\n',
  });
  const r = runTrame(['import', 'pages', dir, '--database', database]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /Import refusé, rien n'a été enregistré \(6 problèmes\) :/);
  assert.match(r.stderr, /2_separateur\.txt:2: la ligne « ---- » manque avant le champ « Cover »/);
  assert.match(r.stderr, /3_champ\.txt:3: champ inconnu « Auteur »/);
  assert.match(r.stderr, /4_latin1\.txt:3: octets qui ne sont pas du texte UTF-8/);
  assert.match(r.stderr, /5_couverture\.txt:3: « photo\.png » n'est pas une image PNG, JPEG ou WebP\./);
  assert.match(r.stderr, /6_titre\.txt: le champ « Title » \(titre de la page\) manque ou est vide\./);
  assert.match(r.stderr, /7_bon\.txt: l'adresse « bon » est déjà celle de la page 1_bon\.txt/);
  assert.equal(r.stdout, '');
  assert.equal(audit(database), before);

  const absent = runTrame(['import', 'pages', path.join(dir, 'absent'), '--check', '--database', database]);
  assert.equal(absent.status, 1);
  assert.match(absent.stderr, /n'existe pas ou n'est pas un dossier\./);
});
