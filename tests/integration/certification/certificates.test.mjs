// Certificates (parchemins): once a session's minutes are locked, the certifier's staff issue one per
// candidate who validated a block (complete, or partial with "validation partielle"; blocks validated
// in an earlier session count), each e-mailed with its PDF; the PDF names the holder, the
// certification, its registration and the blocks; /verifier/CODE says valid, revoked (and when) or
// « invalide » (404) for an altered, malformed or forged code; revocation needs a reason; the holders'
// export (CSV) marks the rows exported; the public figures per year and block; another organisation's
// staff get 404 everywhere; every refusal says why in French and changes nothing.
//
// The jury's decisions and the locked minutes come from the deliberation module, written at the same
// time as this one: this file sets them up in the database directly (sessions of the demo's
// certification with the demo's eligible candidates, block decisions, a certification_minutes row
// with locked_at), and does everything else over HTTP.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, TMP, startTrame, waitForMail } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const CERTIFIER = 'certification@observatoire.local';  // training staff of the Observatoire (demo)
const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
const CLAIRE = 'claire.morvan@exemple.local';   // every block in the first session: complete
const YANIS = 'yanis.belkacem@exemple.local';   // BC01 and BC03 in the first session: partial; BC02 in the second
const SOPHIE = 'sophie.legoff@exemple.local';   // no block validated: no certificate

let server;
let certifier;
let sagiterre;  // staff of another organisation (Sagiterre manages certifications of its own)
let jury;
let anonymous;
let certification;
let first;   // the first session's id
let second;  // the later session's id (Yanis's BC02)

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);
const run = (sql) => dbRows(server.database, sql);

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

async function submit(client, page, url, fields = {}) {
  await client.get(page);
  const params = new URLSearchParams({ _csrf: client.csrf, _submission: client.submission, ...fields });
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function getBytes(client, url) {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `parchemin-${randomBytes(4).toString('hex')}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  fs.unlinkSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

const registration = (email) => Number(value(`SELECT r.id FROM certification_registrations r JOIN users u ON u.id = r.user_id
  WHERE u.email = ${q(email)} AND r.certification_id = ${certification}`));
const blocks = (email) => Object.fromEntries(rows(`SELECT b.code, b.id FROM certification_blocks b
  JOIN certification_registrations r ON r.version_id = b.version_id WHERE r.id = ${registration(email)}`)
  .map(([code, id]) => [code, Number(id)]));
const bytea = ENGINE === 'postgresql' ? "decode('255044462d', 'hex')" : "X'255044462D'";

// An evaluation session of the demo's certification, held on `day`, with these candidates.
function insertSession(title, day, emails) {
  const id = Number(value(`INSERT INTO certification_sessions (certification_id, title, day, place, address, report_deadline,
    status, created_at, updated_at) VALUES (${certification}, ${q(title)}, ${q(day)}, 'Grenoble', '', 0, 'held', 1, 1) RETURNING id`));
  for (const email of emails) {
    run(`INSERT INTO certification_entries (session_id, registration_id, convened_at, created_at)
      VALUES (${id}, ${registration(email)}, 1, 1) RETURNING id`);
  }
  return id;
}

// The jury's decision on each block (validated or not) for a candidate of a session.
function decide(session, email, decisions) {
  const entry = Number(value(`SELECT id FROM certification_entries WHERE session_id = ${session}
    AND registration_id = ${registration(email)}`));
  const ids = blocks(email);
  for (const [code, validated] of Object.entries(decisions)) {
    run(`INSERT INTO certification_block_decisions (entry_id, block_id, validated, reasons, decided_by, decided_at)
      VALUES (${entry}, ${ids[code]}, ${validated ? 1 : 0}, 'Délibération du jury', 1, 1) RETURNING id`);
  }
}

function lockMinutes(session) {
  run(`INSERT INTO certification_minutes (session_id, pdf, sha256, made_at, locked_at)
    VALUES (${session}, ${bytea}, 'x', 1, 1700000000) RETURNING session_id`);
}

const certificateState = () => JSON.stringify(rows(`SELECT id, registration_id, session_id, complete, blocks, issued_at, key_id,
  sha256, revoked_at, revoked_reason, exported_at FROM certification_certificates ORDER BY id`));
const certificateOf = (session, email) => rows(`SELECT id, complete, blocks, key_id, sha256, revoked_at FROM certification_certificates
  WHERE session_id = ${session} AND registration_id = ${registration(email)}`)[0];
const codeOf = async (session, id) => {
  const page = await certifier.get(`/certifications/sessions/${session}/parchemins`);
  const m = page.text.match(new RegExp(`href="/verifier/(${id}-[A-Z2-7-]+)"`));
  assert.ok(m, `the verification link of certificate ${id}`);
  return m[1];
};

before(async () => {
  server = await startTrame();
  certifier = await signIn(CERTIFIER);
  sagiterre = await signIn(DEMO.training_staff);
  jury = await signIn(DEMO.jury_member);
  anonymous = new Client(server.url);
  certification = Number(value(`SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id
    AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`));
  assert.ok(certification, 'the demo certification');
  first = insertSession(`Session des parchemins ${randomBytes(3).toString('hex')}`, '2028-06-10', [CLAIRE, YANIS, SOPHIE]);
  decide(first, CLAIRE, { BC01: true, BC02: true, BC03: true });
  decide(first, YANIS, { BC01: true, BC02: false, BC03: true });
  decide(first, SOPHIE, { BC01: false, BC02: false, BC03: false });
});
after(async () => { await server?.stop(); });

test('issuing is refused until the minutes are locked, and nothing is issued', async () => {
  const before = certificateState();
  const res = await submit(certifier, `/certifications/sessions/${first}/parchemins`, `/certifications/sessions/${first}/parchemins`);
  assert.equal(res.status, 422);
  assert.ok(textOf(res.text).includes("Le procès-verbal de cette session n'est pas encore verrouillé"), textOf(res.text).slice(0, 400));
  assert.equal(certificateState(), before);
});

test('another organisation\'s staff get 404 on the session, its issuing, and nothing changes', async () => {
  lockMinutes(first);
  const before = certificateState();
  assert.equal((await sagiterre.get(`/certifications/sessions/${first}/parchemins`)).status, 404);
  const res = await submit(sagiterre, '/certifications', `/certifications/sessions/${first}/parchemins`);
  assert.equal(res.status, 404);
  assert.equal(certificateState(), before);
});

test('the certifier issues complete and partial certificates, e-mailed with their PDF; issuing again adds none', async () => {
  const res = await submit(certifier, `/certifications/sessions/${first}/parchemins`, `/certifications/sessions/${first}/parchemins`);
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  const page = await certifier.get(res.location);
  assert.ok(textOf(page.text).includes('Parchemins délivrés : 2.'), 'the count issued');
  const claire = certificateOf(first, CLAIRE);
  const yanis = certificateOf(first, YANIS);
  assert.ok(claire && yanis, 'Claire and Yanis have a certificate');
  assert.equal(certificateOf(first, SOPHIE), undefined, 'no block validated: no certificate');
  assert.deepEqual([claire[1], claire[2]], ['1', 'BC01,BC02,BC03']);
  assert.deepEqual([yanis[1], yanis[2]], ['0', 'BC01,BC03']);
  assert.match(claire[3], /^[0-9a-f]{8}$/, 'the key id is kept');
  assert.match(claire[4], /^[0-9a-f]{64}$/, 'the SHA-256 of the PDF');
  const mail = await waitForMail((m) => m.to.includes(YANIS) && m.subject.includes('Votre parchemin'));
  assert.ok(mail.raw.includes('application/pdf'), 'the PDF is attached');
  assert.ok(Number(value(`SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.issue'`)) >= 2, 'audited');

  // Idempotent.
  const before = certificateState();
  const again = await submit(certifier, `/certifications/sessions/${first}/parchemins`, `/certifications/sessions/${first}/parchemins`);
  assert.equal(again.status, 303);
  assert.ok(textOf((await certifier.get(again.location)).text).includes('Parchemins délivrés : 0.'));
  assert.equal(certificateState(), before);
});

test('the PDF names the holder, the certification, its registration and the blocks, "validation partielle" when partial', async () => {
  const claire = certificateOf(first, CLAIRE)[0];
  const yanis = certificateOf(first, YANIS)[0];
  const full = await getBytes(certifier, `/certifications/parchemins/${claire}`);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-type'), 'application/pdf');
  assert.equal(full.bytes.subarray(0, 5).toString(), '%PDF-');
  const sha = (await import('node:crypto')).createHash('sha256').update(full.bytes).digest('hex');
  assert.equal(sha, certificateOf(first, CLAIRE)[4], 'the stored SHA-256 is the PDF\'s');
  const t = pdfText(full.bytes);
  for (const expected of ['Claire Morvan (fictive)', DEMO_TITLE, 'Observatoire des politiques culturelles',
    'enregistrée au répertoire spécifique sous le numéro RS-DÉMO-002 par décision du 28 mars 2024', 'BC01', 'BC02', 'BC03',
    'tous ses blocs de compétences sont acquis', '/verifier/']) {
    // (pdftotext joins a word cut at a hyphen at the end of a line: compared without hyphens)
    assert.ok(t.replace(/-/g, '').includes(expected.replace(/-/g, '')), `the complete PDF shows ${expected}: ${t.slice(0, 600)}`);
  }
  assert.ok(!t.includes('validation partielle'), 'not partial');
  const partial = pdfText((await getBytes(certifier, `/certifications/parchemins/${yanis}`)).bytes);
  for (const expected of ['Yanis Belkacem (fictif)', DEMO_TITLE, 'validation partielle', 'BC01', 'BC03']) {
    assert.ok(partial.replace(/-/g, '').includes(expected.replace(/-/g, '')), `the partial PDF shows ${expected}: ${partial.slice(0, 600)}`);
  }
  assert.ok(!partial.includes('BC02'), 'BC02 is not acquired');
  const code = await codeOf(first, yanis);
  assert.ok(partial.replace(/[-\s]/g, '').includes(code.replace(/-/g, '')), 'the PDF shows its verification code');
  // Nobody else: another organisation's staff, a jury member, a visitor (sign-in first).
  assert.equal((await getBytes(sagiterre, `/certifications/parchemins/${yanis}`)).status, 404);
  assert.equal((await getBytes(jury, `/certifications/parchemins/${yanis}`)).status, 404);
  assert.equal((await getBytes(anonymous, `/certifications/parchemins/${yanis}`)).status, 303);
});

test('a code verifies; altered, malformed and forged codes are « invalide » with 404', async () => {
  const claire = certificateOf(first, CLAIRE)[0];
  const code = await codeOf(first, claire);
  const ok = await anonymous.get(`/verifier/${code}`);
  assert.equal(ok.status, 200);
  let t = textOf(ok.text);
  for (const expected of ['Parchemin authentique', 'Claire Morvan (fictive)', DEMO_TITLE, 'BC01', 'BC02', 'BC03', 'Certification complète']) {
    assert.ok(t.includes(expected), `the verification shows ${expected}`);
  }
  // Case-insensitive, dashes optional.
  const lower = await anonymous.get(`/verifier/${code.toLowerCase()}`);
  assert.equal(lower.status, 200);
  assert.ok(textOf(lower.text).includes('Parchemin authentique'));
  // The form of /verifier sends to the code's page.
  const home = await anonymous.get('/verifier');
  assert.equal(home.status, 200);
  assert.ok(home.text.includes('name="code"'));
  const typed = await anonymous.get(`/verifier?code=${encodeURIComponent(code)}`);
  assert.equal(typed.status, 303);
  assert.equal(typed.location, `/verifier/${code}`);

  const last = code.at(-1) === 'A' ? 'B' : 'A';
  const altered = code.slice(0, -1) + last;
  const yanis = certificateOf(first, YANIS)[0];
  // A forged code: a real certificate's id with the MAC of another one.
  const forged = `${yanis}-${code.split('-').slice(1).join('-')}`;
  for (const bad of [altered, forged, 'n-importe-quoi', `${claire}-AAAA-AAAA-AAAA-AAAA`, '999999-ABCD-EFGH-IJKL-MNOP']) {
    const res = await anonymous.get(`/verifier/${encodeURIComponent(bad)}`);
    assert.equal(res.status, 404, `${bad}: 404`);
    t = textOf(res.text);
    assert.ok(t.includes('invalide'), `${bad}: says invalide`);
    assert.ok(!t.includes('Claire Morvan') && !t.includes('Yanis'), `${bad}: shows no holder`);
  }
});

test('revocation needs a reason and the certifier\'s staff; then verification says revoked, and when', async () => {
  const yanis = certificateOf(first, YANIS)[0];
  const code = await codeOf(first, yanis);
  const page = `/certifications/sessions/${first}/parchemins`;
  let before = certificateState();
  let res = await submit(certifier, page, `/certifications/parchemins/${yanis}/revoquer`, { reason: '  ' });
  assert.equal(res.status, 422);
  assert.ok(textOf(res.text).includes('Indiquez le motif de la révocation.'));
  assert.equal(certificateState(), before);
  res = await submit(sagiterre, '/certifications', `/certifications/parchemins/${yanis}/revoquer`, { reason: 'Fraude' });
  assert.equal(res.status, 404);
  assert.equal(certificateState(), before);

  res = await submit(certifier, page, `/certifications/parchemins/${yanis}/revoquer`, { reason: 'Fraude constatée au rapport écrit' });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
  assert.notEqual(certificateOf(first, YANIS)[5], '0', 'revoked_at set');
  assert.equal(value(`SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.revoke' AND subject = 'certificate:${yanis}'`), '1');
  const v = await anonymous.get(`/verifier/${code}`);
  assert.equal(v.status, 200);
  const t = textOf(v.text);
  assert.ok(t.includes('Parchemin révoqué') && t.includes('révoqué par l\'organisme certificateur le'), t.slice(0, 500));
  assert.match(t, /le \d{2}\/\d{2}\/\d{4}/, 'when');
  assert.ok(!t.includes('Parchemin authentique'));

  before = certificateState();
  res = await submit(certifier, page, `/certifications/parchemins/${yanis}/revoquer`, { reason: 'Encore' });
  assert.equal(res.status, 409);
  assert.ok(textOf(res.text).includes('Ce parchemin est déjà révoqué.'));
  assert.equal(certificateState(), before);
});

test('blocks validated in an earlier session stay acquired: a later session completes the certification', async () => {
  second = insertSession(`Session de rattrapage ${randomBytes(3).toString('hex')}`, '2028-11-11', [YANIS]);
  decide(second, YANIS, { BC02: true });
  lockMinutes(second);
  const res = await submit(certifier, `/certifications/sessions/${second}/parchemins`, `/certifications/sessions/${second}/parchemins`);
  assert.equal(res.status, 303);
  const yanis = certificateOf(second, YANIS);
  assert.deepEqual([yanis[1], yanis[2]], ['1', 'BC01,BC02,BC03']);
  const t = pdfText((await getBytes(certifier, `/certifications/parchemins/${yanis[0]}`)).bytes);
  assert.ok(t.includes('tous ses blocs de compétences sont acquis') && !t.includes('validation partielle'));
});

test('the holders\' export: the fields for the national system, exported rows marked, audited; 404 elsewhere', async () => {
  const before = certificateState();
  assert.equal((await sagiterre.get(`/certifications/${certification}/titulaires.csv`)).status, 404);
  assert.equal(certificateState(), before);
  const res = await certifier.get(`/certifications/${certification}/titulaires.csv`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Nom;Prénom;Date de naissance;Répertoire;Numéro d\'enregistrement;Date d\'obtention;Validation;Blocs acquis;Code candidat;Parchemin');
  const claire = lines.find((l) => l.startsWith('Morvan (fictive);Claire;'));
  assert.ok(claire, `Claire's row in ${lines.join('\n')}`);
  assert.ok(claire.startsWith('Morvan (fictive);Claire;12/05/1984;RS;RS-DÉMO-002;10/06/2028;totale;BC01 BC02 BC03;'), claire);
  const yanis = lines.filter((l) => l.startsWith('Belkacem (fictif);Yanis;03/11/1990;'));
  assert.equal(yanis.length, 1, 'the revoked certificate is not exported, the later complete one is');
  assert.ok(yanis[0].includes(';11/11/2028;totale;BC01 BC02 BC03;'), yanis[0]);
  assert.equal(value(`SELECT COUNT(*) FROM certification_certificates WHERE revoked_at = 0 AND exported_at = 0
    AND session_id IN (${first}, ${second})`), '0', 'exported rows are marked');
  assert.equal(value(`SELECT COUNT(*) FROM certification_certificates WHERE revoked_at > 0 AND exported_at > 0`), '0', 'not the revoked one');
  assert.ok(Number(value(`SELECT COUNT(*) FROM audit_log WHERE action = 'certificates.export'`)) >= 1, 'audited');
});

test('the dashboard reminds results older than three months not yet exported', async () => {
  const claire = certificateOf(first, CLAIRE)[0];
  run(`UPDATE certification_certificates SET exported_at = 0, issued_at = issued_at - ${100 * 86400} WHERE id = ${claire}`);
  const dash = await certifier.get('/tableau-de-bord');
  assert.equal(dash.status, 200);
  const t = textOf(dash.text);
  assert.ok(t.includes('Titulaires à transmettre') && t.includes(`Exporter les titulaires : ${DEMO_TITLE}`), t.slice(0, 800));
  assert.ok(!textOf((await sagiterre.get('/tableau-de-bord')).text).includes(`Exporter les titulaires : ${DEMO_TITLE}`),
    'not on another organisation\'s dashboard');
  await certifier.get(`/certifications/${certification}/titulaires.csv`);
  assert.ok(!textOf((await certifier.get('/tableau-de-bord')).text).includes('Titulaires à transmettre'), 'gone once exported');
});

test('public figures per year: candidates assessed, success rate overall and per block', async () => {
  const res = await anonymous.get(`/certifications/${certification}/chiffres`);
  assert.equal(res.status, 200);
  const t = textOf(res.text);
  // 2028: three candidates deliberated in the first session and Yanis again in the second (4 entries);
  // complete certificates not revoked: Claire's and Yanis's second one.
  const year = t.slice(t.indexOf('2028'));
  assert.ok(year.includes('Candidats évalués : 4') && year.includes('Certifications complètes : 2') && year.includes('Taux de réussite : 50 %'), year.slice(0, 400));
  // BC01: Claire yes, Yanis yes, Sophie no → 2 of 3; BC02: Claire yes, Yanis no then yes, Sophie no → 2 of 4.
  assert.ok(/BC01 [^0-9]*3 2 67 %/.test(year), `BC01 row: ${year.slice(0, 600)}`);
  assert.ok(/BC02 [^0-9]*4 2 50 %/.test(year), `BC02 row: ${year.slice(0, 600)}`);
  // A draft certification has no public figures.
  const draft = Number(value(`SELECT MIN(id) FROM certifications WHERE status <> 'published'`) || 0);
  if (draft) assert.equal((await anonymous.get(`/certifications/${draft}/chiffres`)).status, 404);
  assert.equal((await anonymous.get('/certifications/999999/chiffres')).status, 404);
});

test('unknown ids answer 404 to the certifier too', async () => {
  assert.equal((await certifier.get('/certifications/sessions/999999/parchemins')).status, 404);
  assert.equal((await getBytes(certifier, '/certifications/parchemins/999999')).status, 404);
  const before = certificateState();
  const res = await submit(certifier, `/certifications/sessions/${first}/parchemins`, '/certifications/parchemins/999999/revoquer', { reason: 'x' });
  assert.equal(res.status, 404);
  assert.equal(certificateState(), before);
});
