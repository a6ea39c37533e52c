// The processing register (docs/privacy.md « Register »): the data protection officer (role dpo, not a
// principal of the authorization matrix) opens the privacy home and the register, with every processing and
// its retention read from the settings; a coordinator is refused (403); a retention setting changed in the
// database changes the register's text at once; the CSV has a header and one line per processing; the DPIA
// support document is a PDF read back with pdftotext (context, processings, risks, blank sign-off). This
// file's own demo database: the settings it writes touch no other file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import { signIn } from '../bookings_fixtures.mjs';

const DPO = 'dpo@loire-atlantique.local';
const PASSWORD = 'trame-demo-2026';
const PROCESSINGS = ['Comptes et sécurité', 'Annuaire du réseau', 'Sorties solidaires', 'Formations', 'Certification',
  'Questionnaires', 'Vie du réseau', 'Coopération', 'Site public', 'Courriels', "Journal d'audit"];

let server, dpo;
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&amp;/g, '&').replace(/\s+/g, ' ');
// The retention text of one processing on the register's page.
const retention = (html, key) => {
  const m = html.match(new RegExp(`<dd data-retention="${key}">([^<]*)</dd>`));
  assert.ok(m, `retention of ${key}`);
  return text(m[1]).trim();
};
const setSetting = (key, value) => querySql(server.database,
  `INSERT INTO settings (key, value) VALUES ('${key}', '${value}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);

async function download(c, url) {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  server = await startTrame({ smtp: false });
  dpo = await signIn(server, DPO, PASSWORD);
});
after(async () => { await server?.stop(); });

test('the dpo opens the privacy home and the register with every processing', async () => {
  const home = await dpo.get('/admin/vie-privee');
  assert.equal(home.status, 200);
  assert.match(home.text, /href="\/admin\/vie-privee\/registre"/);
  const page = await dpo.get('/admin/vie-privee/registre');
  assert.equal(page.status, 200);
  const body = text(page.text);
  for (const name of PROCESSINGS) assert.ok(body.includes(name), name);
  assert.match(body, /Aucun : les données sont hébergées et traitées dans l'Union européenne/);
  assert.match(body, /Argon2id/);
  assert.match(retention(page.text, 'outings'), /^Données actives : 24 mois après le dernier contact/);
  assert.match(retention(page.text, 'trainings'), /24 mois.*6 ans.*10 ans/);
  assert.match(retention(page.text, 'mail'), /3 mois/);
  // The privacy home is in the dpo's menu.
  assert.match(page.text, /<a href="\/admin\/vie-privee">Vie privée<\/a>/);
});

test('a coordinator is refused the register and its exports', async () => {
  const coordinator = await signIn(server, DEMO.coordinator, PASSWORD);
  for (const url of ['/admin/vie-privee', '/admin/vie-privee/registre', '/admin/vie-privee/registre/registre.csv',
    '/admin/vie-privee/registre/aipd.pdf']) {
    assert.equal((await coordinator.get(url)).status, 403, url);
  }
  assert.doesNotMatch((await coordinator.get('/tableau-de-bord')).text, /href="\/admin\/vie-privee"/);
});

test('a changed retention setting changes the register', async () => {
  setSetting('retention.beneficiaries_months', '18');
  setSetting('retention.outbox_months', '6');
  try {
    const page = await dpo.get('/admin/vie-privee/registre');
    assert.match(retention(page.text, 'outings'), /^Données actives : 18 mois après le dernier contact/);
    assert.match(retention(page.text, 'mail'), /6 mois/);
    // An invalid value falls back to the default.
    setSetting('retention.beneficiaries_months', 'beaucoup');
    const again = await dpo.get('/admin/vie-privee/registre');
    assert.match(retention(again.text, 'outings'), /^Données actives : 24 mois/);
  } finally {
    querySql(server.database, "DELETE FROM settings WHERE key IN ('retention.beneficiaries_months', 'retention.outbox_months')");
  }
});

test('the CSV export: a header and one line per processing', async () => {
  const r = await download(dpo, '/admin/vie-privee/registre/registre.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="registre-des-traitements.csv"/);
  const csv = r.bytes.toString('utf8').replace(/^\uFEFF/, '');
  assert.ok(csv.startsWith('Traitement;Finalité;Base légale;') || csv.startsWith('Traitement,Finalité,Base légale,'),
    csv.slice(0, 80));
  for (const name of PROCESSINGS) assert.ok(csv.includes(name), name);
  assert.match(csv, /Données actives : 24 mois après le dernier contact/);
  // One record per processing (no field holds a line break): a header and eleven lines.
  assert.equal(csv.trim().split(/\r?\n/).length, 1 + PROCESSINGS.length);
});

test('the DPIA support document is a PDF prefilled from the register', async () => {
  setSetting('retention.audit_full_months', '9');
  try {
    const r = await download(dpo, '/admin/vie-privee/registre/aipd.pdf');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /attachment; filename="support-aipd-\d{4}-\d{2}-\d{2}\.pdf"/);
    assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
    const p = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: r.bytes, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    const pdf = p.stdout.replace(/\s+/g, ' ');
    assert.match(pdf, /Support de l'analyse d'impact/);
    for (const part of ['1. Contexte', '2. Description des traitements', '3. Nécessité et proportionnalité',
      '4. Risques et mesures', '5. Avis et validation']) assert.ok(pdf.includes(part), part);
    for (const risk of ['Accès illégitime', 'Modification', 'Disparition'])
      assert.ok(pdf.includes(risk), risk);
    for (const name of ['Sorties solidaires', 'Formations', 'Courriels']) assert.ok(pdf.includes(name), name);
    assert.match(pdf, /Journal complet : 9 mois/);
    assert.match(pdf, /Nom du délégué ou de la déléguée/);
    assert.match(pdf, /Argon2id/);
  } finally {
    querySql(server.database, "DELETE FROM settings WHERE key = 'retention.audit_full_months'");
  }
});
