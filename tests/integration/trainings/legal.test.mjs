// A training organisation's legal data (/formations/organismes/{id}/mentions-legales): the demo's Sagiterre and
// Département de Loire-Atlantique; refusals in French linked to their field with the values kept and nothing
// changed (read back in the database); a change audited; the programme page's public legal block; the NDA
// printed at the foot of a convocation (pdftotext) and of an attendance sheet; the certificate ending within
// 60 days warned by check-deploy (not blocking) and by one e-mail to the organisation's managers, never twice.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, PRODUCTION_ENV, TMP, runTrame, startTrame, waitForMail, writeConfig } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

let server;
let staff;        // Sagiterre's training staff
let coordinator;  // Département de Loire-Atlantique
let trainer;
let admin;
let sagiterre;
let departement;

const url = (id) => `/formations/organismes/${id}/mentions-legales`;
const row = (org) => dbRows(server.database, `SELECT address, siret, nda_number, nda_region, qualiopi_number, qualiopi_certifier, qualiopi_valid_until, qualiopi_categories, vat_exempt, vat_number, vat_rate_per_mille, legal_mentions, updated_at FROM training_legal_data WHERE organisation_id = ${org}`);
const audits = (org) => Number(dbValue(server.database, `SELECT COUNT(*) FROM audit_log WHERE action IN ('legal.update', 'legal.create') AND subject = 'organisation:${org}'`));
// Paris's calendar day `days` from now (the server's dates are Paris days).
const parisDay = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

const VALID = {
  address: 'Cité des associations, 93 la Canebière, BP263, 13001 Marseille',
  siret: '889 269 676 00033',
  nda_number: '93 13 19858 13',
  nda_region: 'provence_alpes_cote_d_azur',
  qualiopi_number: 'QUA-2024-08815',
  qualiopi_certifier: 'Certi-Qualité Méditerranée (organisme certificateur fictif)',
  qualiopi_valid_until: parisDay(700),
  qualiopi_categories: 'actions_formation',
  vat_exempt: '1',
  vat_number: '',
  vat_rate: '20',
  legal_mentions: 'Association loi 1901 — Cité des associations, 93 la Canebière, 13001 Marseille.',
};

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

async function save(client, org, fields) {
  await client.get(url(org));
  return client.post(url(org), { _submission: randomUUID(), ...VALID, ...fields });
}

function pdfText(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `legal-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  fs.unlinkSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/[\u00a0\u202f]/g, ' ').replace(/’/g, "'").replace(/\s+/g, ' ');
}

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  coordinator = await signIn(DEMO.coordinator);
  trainer = await signIn(DEMO.trainer);
  admin = await signIn(DEMO.administrator);
  sagiterre = Number(dbValue(server.database, `SELECT id FROM organisations WHERE name = 'Sagiterre'`));
  departement = Number(dbValue(server.database, `SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'`));
});
after(async () => { await server?.stop(); });

test('the demo: Sagiterre and the Département have their legal data; the manager reads the printed lines', async () => {
  const [s] = row(sagiterre);
  assert.equal(s[1], '88926967600033');
  assert.equal(s[2], '93131985813');
  assert.equal(s[3], 'provence_alpes_cote_d_azur');
  assert.equal(s[8], '1');
  assert.equal(row(departement).length, 1);
  const page = await staff.get(url(sagiterre));
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.match(text, /SIRET : 889 269 676 00033/);
  assert.match(text, /Déclaration d'activité enregistrée sous le numéro 93 13 19858 13 auprès du préfet de région Provence-Alpes-Côte d'Azur\. Cet enregistrement ne vaut pas agrément de l'État\./);
  assert.match(text, /Certifié Qualiopi — certificat n° QUA-2024-08815 délivré par .* au titre de la catégorie : actions de formation/);
  assert.match(text, /TVA non applicable, article 261-4-4° a du CGI/);
});

test('who may read and change: managers of the organisation and administrators only', async () => {
  const before = JSON.stringify(row(sagiterre));
  assert.equal((await coordinator.get(url(sagiterre))).status, 403);
  const other = await coordinator.post(url(sagiterre), { _submission: randomUUID(), ...VALID, legal_mentions: 'piraté' });
  assert.equal(other.status, 403);
  assert.equal((await trainer.get(url(sagiterre))).status, 403);
  const anonymous = await fetch(server.url + url(sagiterre), { redirect: 'manual' });
  assert.notEqual(anonymous.status, 200);
  assert.equal((await admin.get(url(sagiterre))).status, 200);
  assert.equal((await admin.get(url(999999))).status, 404);
  assert.equal(JSON.stringify(row(sagiterre)), before, 'nothing changed');
});

test('bad input is refused in French, linked to its field, values kept, nothing changed', async () => {
  const before = JSON.stringify(row(sagiterre));
  const audited = audits(sagiterre);
  const cases = [
    [{ nda_number: '93 13 19858 1' }, 'nda_number', /exactement 11 chiffres/],
    [{ nda_number: '52 13 19858 13' }, 'nda_number', /ne correspondent pas à la région choisie/],
    [{ nda_region: '' }, 'nda_region', /Choisissez la préfecture de région/],
    [{ siret: '889 269 676 00034' }, 'siret', /n'est pas valide \(sa clé de contrôle ne correspond pas\)/],
    [{ siret: '889 269 676' }, 'siret', /exactement 14 chiffres/],
    [{ address: '' }, 'address', /adresse du siège/],
    [{ vat_exempt: '0', vat_number: '' }, 'vat_number', /doit indiquer son numéro de TVA intracommunautaire/],
    [{ vat_exempt: '0', vat_number: 'FR40889269676' }, 'vat_number', /n'est pas valide/],
    [{ vat_exempt: '0', vat_number: 'FR95889269676', vat_rate: 'vingt' }, 'vat_rate', /taux de TVA/],
    [{ qualiopi_valid_until: '2027-02-30' }, 'qualiopi_valid_until', /AAAA-MM-JJ/],
    [{ qualiopi_certifier: '' }, 'qualiopi_certifier', /organisme certificateur/],
    [{ qualiopi_categories: '' }, 'qualiopi_categories', /au moins une catégorie/],
  ];
  for (const [change, field, message] of cases) {
    const res = await save(staff, sagiterre, change);
    assert.equal(res.status, 422, JSON.stringify(change));
    const text = textOf(res.text);
    assert.match(text, message, JSON.stringify(change));
    assert.match(res.text, new RegExp(`id="l-${field}"[^>]*aria-(invalid|describedby)="`), field);
    assert.match(res.text, new RegExp(`id="l-${field}-error"`), field);
    if (change.nda_number) assert.match(res.text, new RegExp(`value="${change.nda_number}"`), 'the typed value is kept');
    assert.match(res.text, /value="Cité des associations, 93 la Canebière, BP263, 13001 Marseille"|name="address"[^>]*value=""/);
  }
  assert.equal(JSON.stringify(row(sagiterre)), before, 'nothing changed');
  assert.equal(audits(sagiterre), audited, 'nothing audited');
});

test('a change is saved and audited; VAT liable prints the number and rate; an ended certificate is accepted with a warning', async () => {
  const audited = audits(sagiterre);
  const res = await save(staff, sagiterre, { vat_exempt: '0', vat_number: 'fr 95 889 269 676', vat_rate: '5,5', qualiopi_valid_until: parisDay(-3) });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 400));
  const [r] = row(sagiterre);
  assert.equal(r[8], '0');
  assert.equal(r[9], 'FR95889269676');
  assert.equal(r[10], '55');
  assert.equal(r[6], parisDay(-3));
  assert.equal(audits(sagiterre), audited + 1);
  const page = await staff.get(url(sagiterre));
  const text = textOf(page.text);
  assert.match(text, /a pris fin le/);
  assert.match(text, /N° de TVA intracommunautaire : FR95889269676 — TVA au taux de 5,5 %/);
  // Back to the demo's values.
  assert.equal((await save(staff, sagiterre, {})).status, 303);
  assert.equal(row(sagiterre)[0][8], '1');
});

test('the programme page shows the NDA and the Qualiopi certificate with its categories and validity, to anyone', async () => {
  const programme = dbValue(server.database, `SELECT id FROM training_programmes WHERE organiser_id = ${sagiterre} AND status = 'published' ORDER BY id LIMIT 1`);
  const res = await fetch(`${server.url}/formations/programmes/${programme}`);
  assert.equal(res.status, 200);
  const text = textOf(await res.text());
  assert.match(text, /Informations légales de l'organisme/);
  assert.match(text, /Déclaration d'activité n° 93 13 19858 13 auprès du préfet de région Provence-Alpes-Côte d'Azur/);
  assert.match(text, /Certification Qualiopi certificat n° QUA-2024-08815 délivré par .* valable jusqu'au \d\d\/\d\d\/\d{4}/);
  assert.match(text, /Catégories certifiées Actions de formation/);
  const manager = await staff.get(`/formations/programmes/${programme}`);
  assert.match(manager.text, new RegExp(`href="${url(sagiterre)}"`));
});

test('a convocation and an attendance sheet print the legal lines at their foot', async () => {
  await save(staff, sagiterre, { legal_mentions: 'Mention de test ' + randomUUID().slice(0, 8) });
  const mention = row(sagiterre)[0][11];
  const session = dbValue(server.database, `SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'`);
  await staff.get(`/formations/sessions/${session}/documents`);
  const made = await staff.post(`/formations/sessions/${session}/documents`, { _submission: randomUUID(), kind: 'convocation' });
  assert.equal(made.status, 303);
  const id = dbValue(server.database, `SELECT MAX(id) FROM training_documents WHERE kind = 'convocation' AND session_id = ${session}`);
  const res = await fetch(`${server.url}/formations/documents/${id}`, { headers: { cookie: staff.cookieHeader() } });
  assert.equal(res.status, 200);
  const text = pdfText(Buffer.from(await res.arrayBuffer()));
  assert.match(text, /Déclaration d'activité enregistrée sous le numéro 93 13 19858 13 auprès du préfet de région Provence-Alpes-Côte d'Azur\. Cet enregistrement ne vaut pas agrément de l'État\./);
  assert.match(text, /SIRET : 889 269 676 00033/);
  assert.match(text, /TVA non applicable, article 261-4-4° a du CGI/);
  assert.ok(text.includes(mention), 'the mention just saved');
  const halfday = dbValue(server.database, `SELECT h.id FROM training_halfdays h WHERE h.session_id = ${session} ORDER BY h.starts_at LIMIT 1`);
  const sheet = await fetch(`${server.url}/formations/demi-journees/${halfday}/feuille.pdf`, { headers: { cookie: staff.cookieHeader() } });
  assert.equal(sheet.status, 200);
  const sheetText = pdfText(Buffer.from(await sheet.arrayBuffer()));
  assert.match(sheetText, /Déclaration d'activité enregistrée sous le numéro 93 13 19858 13/);
});

test('check-deploy warns (without refusing) about a certificate ending within 60 days', async () => {
  assert.equal((await save(staff, sagiterre, { qualiopi_valid_until: parisDay(20) })).status, 303);
  const config = writeConfig({
    listen: '"127.0.0.1:8080"',
    database: `"${server.database}"`,
    public_url: '"https://trame.exemple.fr"',
    https: 'true',
    development: 'false',
    secret_key: `"${'k7'.repeat(20)}"`,
    metrics_token: '"jeton-de-supervision-assez-long"',
    'smtp.url': '"smtps://smtp.exemple.fr:465"',
    'smtp.user': '"trame"',
    'smtp.password': '"mot-de-passe-smtp"',
  });
  const r = runTrame(['check-deploy', '--config', config], { env: PRODUCTION_ENV });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /attention : le certificat Qualiopi n° QUA-2024-08815 de « Sagiterre » prend fin le \d\d\/\d\d\/\d{4}, dans (19|20|21) jours/);
  assert.match(r.stdout, /attention : le certificat Qualiopi n° QUA-2023-02217 de « Département de Loire-Atlantique » prend fin/);
  assert.match(r.stdout, /Configuration acceptable pour la production\./);
  assert.doesNotMatch(r.stdout, /Sagiterre.*QUA-2024-08815.*\n.*Sagiterre/);
  // The dashboard of Sagiterre's manager shows it too.
  const home = textOf((await staff.get('/tableau-de-bord')).text);
  assert.match(home, /Certificat Qualiopi à renouveler/);
  assert.equal((await save(staff, sagiterre, {})).status, 303);
  const again = runTrame(['check-deploy', '--config', config], { env: PRODUCTION_ENV });
  assert.doesNotMatch(again.stdout, /de « Sagiterre »/);
});

test('the managers receive one e-mail 60 days before the end, never twice', async () => {
  const subject = 'Certificat Qualiopi de Département de Loire-Atlantique';
  const sent = () => Number(dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE ${q(subject + '%')}`));
  const first = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(first.status, 0, first.stderr);
  const count = sent();
  assert.ok(count >= 1, 'the Département managers are told');
  assert.equal(dbValue(server.database, `SELECT expiry_notice_for FROM training_legal_data WHERE organisation_id = ${departement}`),
    row(departement)[0][6]);
  const second = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(sent(), count, 'never twice');
  const mail = await waitForMail((m) => m.to === DEMO.coordinator && m.subject.startsWith(subject));
  assert.match(mail.body.replace(/=\r?\n/g, ''), /prend fin le/);
});
