// `trame import pages DIR`: the two seed pages check as they are (warnings for their absent pictures),
// and a folder with problems is refused whole, each problem printed as file:line: message, with exit
// status 1 and nothing written; an import saves every page in one transaction, a second run changes
// nothing, and a page the pages' rules refuse (an unknown parent) refuses the whole folder.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { freshDatabase, querySql, ROOT, runTrame, TMP } from '../harness.mjs';

const SEEDS = path.join(ROOT, 'data/pages');
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
  assert.match(r.stderr, /000_contexte-de-la-formation\.txt:5: la couverture « capture-decran-2022-10-29-a-12\.31\.33\.png » n'est pas dans le dossier : la page est importée sans couverture\./);
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

const pages = (database) => querySql(database, "SELECT slug || ':' || CAST(published AS TEXT) || ':' || CAST(show_quotes AS TEXT) FROM website_pages ORDER BY slug").split('\n').filter(Boolean);

test('the seed pages import as they are, once: a second run changes nothing', () => {
  const database = migrated();
  let r = runTrame(['import', 'pages', SEEDS, '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /000_contexte-de-la-formation\.txt .*contexte-de-la-formation.*créée/);
  assert.match(r.stdout, /001_edito\.txt .*edito.*créée/);
  assert.deepEqual(pages(database), ['contexte-de-la-formation:1:1', 'edito:1:1']);
  const text = querySql(database, "SELECT text FROM website_pages WHERE slug = 'contexte-de-la-formation'");
  assert.match(text, /^- favoriser l’interconnaissance/m);  // the « • » lines are a markdown list
  const audited = audit(database);
  r = runTrame(['import', 'pages', SEEDS, '--database', database]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /inchangée/);
  assert.doesNotMatch(r.stdout, /: (créée|mise à jour)\n/);
  assert.equal(audit(database), audited);
});

test('a page the pages\' rules refuse refuses the whole folder, nothing written', () => {
  const database = migrated();
  const before = audit(database);
  const dir = folder({
    '1_parent.txt': 'Title: Une page\n----\nText: première\n',
    '2_enfant.txt': 'Title: Sa fille\n----\nParent: page-inconnue\n----\nText: seconde\n',
  });
  const r = runTrame(['import', 'pages', dir, '--database', database]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /2_enfant\.txt : la page « enfant » est refusée : la page parente n'existe pas/);
  assert.deepEqual(pages(database), []);
  assert.equal(audit(database), before);
});
