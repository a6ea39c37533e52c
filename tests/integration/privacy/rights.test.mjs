// People's rights (docs/privacy.md « Rights »): a signed-in person downloads their data at once (JSON by
// domain, and a PDF read back with pdftotext); asks for a rectification or an erasure, one open request of
// each kind; the officer sees the one-month deadline and, under the simulated clock, the overdue request
// and the daily reminder in the SMTP sink; an erasure leaves the account unable to sign in, and a walk over
// every table of the schema (sqlite_master / information_schema, every text column) finds none of the
// person's e-mail, name or phone outside the tables the law keeps.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, DEMO, ENGINE, startTrame, waitForMail } from '../harness.mjs';
import { PASSWORD, addUser, createBeneficiary, flashError, signIn, unique } from '../bookings_fixtures.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';

const DAY = 86400;
// The tables an erasure leaves as they are (src/privacy/rights/rules.cpp, kept_tables).
const KEPT = new Set(['audit_log', 'audit_head', 'training_attendance', 'training_attendance_corrections',
  'training_agreements', 'training_agreement_versions', 'training_invoices', 'training_invoice_payments',
  'privacy_requests']);

const dec = (s) => s.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

let server;
before(async () => { server = await startTrame(); });
after(async () => { await server?.stop(); });

async function download(c, url) {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(bytes) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

// Every table and its text columns, read from the schema itself.
function textColumns(database) {
  const out = new Map();
  const rows = ENGINE === 'postgresql'
    ? dbRows(database, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
        AND data_type IN ('text', 'character varying', 'character') AND table_name IN (SELECT table_name FROM
        information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')`)
    : dbRows(database, `SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (upper(c.type) LIKE '%TEXT%' OR upper(c.type) LIKE '%CHAR%' OR c.type = '')`);
  for (const [table, column] of rows) {
    if (!out.has(table)) out.set(table, []);
    out.get(table).push(column);
  }
  assert.ok(out.size > 150, `the schema's tables are listed (${out.size})`);
  return out;
}

// Where any of `values` remains: [{ table, column, count }], the kept tables left out.
function remaining(database, values) {
  const found = [];
  for (const [table, columns] of textColumns(database)) {
    if (KEPT.has(table)) continue;
    // One statement per table: per text column, the rows holding any of the values.
    const sums = columns.map((column) => {
      const cond = values.map((v) => `lower("${column}") LIKE ${q(`%${v.toLowerCase()}%`)}`).join(' OR ');
      return `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    });
    const counts = dbRows(database, `SELECT ${sums.join(', ')} FROM "${table}"`)[0] || [];
    columns.forEach((column, i) => {
      const n = Number(counts[i] || 0);
      if (n > 0) found.push({ table, column, count: n });
    });
  }
  return found;
}

test('a person downloads their data at once, as JSON by domain and as a readable PDF', async () => {
  const c = await signIn(server, DEMO.trainee, 'trame-demo-2026');
  const page = await c.get('/compte/mes-donnees');
  assert.equal(page.status, 200);
  assert.match(page.text, /href="\/compte\/mes-donnees\.json"/);
  const name = dbValue(server.database, `SELECT name FROM users WHERE email = ${q(DEMO.trainee)}`);

  const json = await download(c, '/compte/mes-donnees.json');
  assert.equal(json.status, 200);
  assert.match(json.headers.get('content-type'), /application\/json/);
  assert.match(json.headers.get('content-disposition'), /attachment; filename="mes-donnees-trame-\d{4}-\d\d-\d\d\.json"/);
  const data = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(data.person.email, DEMO.trainee);
  assert.equal(data.person.name, name);
  assert.ok(data.about && data.generated_at && data.left_out);
  assert.equal(data.domains.platform.users.length, 1);
  assert.equal(data.domains.platform.users[0].email, DEMO.trainee);
  assert.ok(data.domains.platform.memberships.length >= 1, 'memberships');
  assert.ok(data.domains.trainings, 'the trainee\'s trainings');
  assert.ok(Object.keys(data.domains.trainings).some((t) => t.startsWith('training_')));
  const text = json.bytes.toString('utf8');
  assert.doesNotMatch(text, /password_hash|totp_secret|token_hash/, 'no secret is exported');

  const pdf = await download(c, '/compte/mes-donnees.pdf');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const read = pdfText(pdf.bytes);
  assert.ok(read.includes(`Données personnelles de ${name}`), read.slice(0, 300));
  assert.ok(read.includes(DEMO.trainee));
  assert.ok(read.includes('Formations'));

  // Audited.
  const uid = dbValue(server.database, `SELECT id FROM users WHERE email = ${q(DEMO.trainee)}`);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM audit_log WHERE action = 'privacy.download' AND subject = ${q(`user:${uid}`)}`)), 2);
});

test('requests: one open of each kind, the deadline shown, the officer\'s handling; only for the officer', async () => {
  const email = `${unique('droits')}@trame.test`;
  const orgId = dbValue(server.database, `SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.referent)} LIMIT 1`);
  addUser(server, email, 'referent', orgId);
  const c = await signIn(server, email, PASSWORD);
  await c.get('/compte/mes-donnees');
  // A rectification says what to correct.
  let res = await c.post('/compte/mes-donnees/demandes', { kind: 'rectification', message: ' ', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(dec(res.text), /Dites ce qu'il faut rectifier/);
  res = await c.post('/compte/mes-donnees/demandes', { kind: 'autre', message: 'x', _submission: unique('s') });
  assert.equal(res.status, 422);
  res = await c.post('/compte/mes-donnees/demandes', { kind: 'rectification', message: 'Mon nom est mal écrit.', _submission: unique('s') });
  assert.equal(res.status, 303);
  await c.get('/compte/mes-donnees');
  res = await c.post('/compte/mes-donnees/demandes', { kind: 'rectification', message: 'Encore', _submission: unique('s') });
  assert.equal(res.status, 409);
  assert.match(dec(res.text), /déjà une demande de ce type en cours/);
  const id = dbValue(server.database, `SELECT r.id FROM privacy_requests r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(email)}`);
  assert.ok(id);

  // Not the person's to handle.
  assert.equal((await c.get('/admin/vie-privee/demandes')).status, 403);
  assert.equal((await c.get(`/admin/vie-privee/demandes/${id}`)).status, 403);

  const admin = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  const list = await admin.get('/admin/vie-privee/demandes');
  assert.equal(list.status, 200);
  const row = list.text.match(new RegExp(`<tr data-request="${id}"[^>]*>(.*?)</tr>`))[1];
  assert.match(row, /Rectification/);
  assert.match(row, /(2[89]|3[01]) jours restants/, row);
  assert.match(row, /Reçue/);

  // The data protection officer (privacy.manage, not a principal of the authorization matrix).
  const dpo = await signIn(server, 'dpo@loire-atlantique.local', 'trame-demo-2026');
  assert.equal((await dpo.get('/admin/vie-privee/demandes')).status, 200);

  let form = await admin.get(`/admin/vie-privee/demandes/${id}`);
  assert.equal(form.status, 200);
  res = await admin.post(`/admin/vie-privee/demandes/${id}`, { status: 'refused', answer: '', reason: '', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(dec(res.text), /motif du refus/);
  await admin.get(`/admin/vie-privee/demandes/${id}`);
  res = await admin.post(`/admin/vie-privee/demandes/${id}`, { status: 'in_progress', answer: '', reason: '', _submission: unique('s') });
  assert.equal(res.status, 303);
  await admin.get(`/admin/vie-privee/demandes/${id}`);
  res = await admin.post(`/admin/vie-privee/demandes/${id}`, { status: 'done', answer: 'Votre nom est corrigé.', reason: '', _submission: unique('s') });
  assert.equal(res.status, 303);
  form = await admin.get(`/admin/vie-privee/demandes/${id}`);
  assert.match(form.text, /data-status>Traitée</);
  // Closed: no more moves.
  res = await admin.post(`/admin/vie-privee/demandes/${id}`, { status: 'refused', answer: '', reason: 'non', _submission: unique('s') });
  assert.equal(res.status, 422);
  const mine = await c.get('/compte/mes-donnees');
  assert.match(dec(mine.text), /Votre nom est corrigé\./);
  await waitForMail((m) => m.to === email && m.subject === 'Réponse à votre demande de rectification');
});

test('an erasure removes the person everywhere but in the kept tables, and the account cannot sign in', async () => {
  const email = `${unique('effacement')}@trame.test`;
  const orgId = dbValue(server.database, `SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.referent)} LIMIT 1`);
  addUser(server, email, 'referent', orgId);
  const uid = dbValue(server.database, `SELECT id FROM users WHERE email = ${q(email)}`);
  const name = dbValue(server.database, `SELECT name FROM users WHERE id = ${uid}`);
  const phone = `06 ${String(Date.now()).slice(-8).replace(/(\d\d)(?=\d)/g, '$1 ')}`;
  const c = await signIn(server, email, PASSWORD);
  // Personal data in several domains, as the person and their colleagues leave it: a directory job title,
  // a beneficiary created, and (behind Trame's back, a table without a link to the account) a training
  // application with a phone and an e-mail sent to them.
  await c.get('/compte');
  assert.equal((await c.post('/compte/profil-annuaire', { job_title: `Chargée de mission ${name}`, profile_visible: '1', _submission: unique('s') })).status, 303);
  const appId = dbValue(server.database, `SELECT id FROM training_applications ORDER BY id LIMIT 1`);
  if (appId) {
    dbValue(server.database, `UPDATE training_applications SET user_id = ${uid}, phone = ${q(phone)}, motivation = ${q(`Écrire à ${email}`)} WHERE id = ${appId}`);
  }
  // A homonym: another account with the same name, whose own application names them. Their data stays.
  const homonymEmail = `${unique('homonyme')}@trame.test`;
  addUser(server, homonymEmail, 'referent', orgId);
  const homonymId = dbValue(server.database, `SELECT id FROM users WHERE email = ${q(homonymEmail)}`);
  dbValue(server.database, `UPDATE users SET name = ${q(name)} WHERE id = ${homonymId}`);
  const homonymApp = dbValue(server.database, `SELECT id FROM training_applications WHERE id <> ${appId || 0} ORDER BY id LIMIT 1`);
  if (homonymApp) {
    dbValue(server.database, `UPDATE training_applications SET user_id = ${homonymId}, motivation = ${q(`Candidature de ${name}`)} WHERE id = ${homonymApp}`);
  }
  const outboxBefore = Number(dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox`));
  assert.ok(outboxBefore >= 0);
  await c.get('/compte/mes-donnees');
  const res = await c.post('/compte/mes-donnees/demandes', { kind: 'erasure', message: '', _submission: unique('s') });
  assert.equal(res.status, 303);
  const id = dbValue(server.database, `SELECT id FROM privacy_requests WHERE user_id = ${uid} AND kind = 'erasure'`);
  const values = [email, name, ...(appId ? [phone] : [])];
  assert.ok(remaining(server.database, values).length > 0, 'the person is in the database before');

  const admin = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  const form = await admin.get(`/admin/vie-privee/demandes/${id}`);
  assert.match(form.text, /efface la personne/);
  const done = await admin.post(`/admin/vie-privee/demandes/${id}`, { status: 'done', answer: 'Vos données sont effacées.', reason: '', _submission: unique('s') });
  assert.equal(done.status, 303, flashError(done.text));
  const answer = dbValue(server.database, `SELECT answer FROM privacy_requests WHERE id = ${id}`);
  assert.match(answer, /Vos données sont effacées\./);
  assert.match(answer, /Données conservées parce que la loi l'exige|Aucune donnée n'a dû être conservée/);
  assert.match(answer, /audit_log : journal d'audit/, 'the audit log holds their sign-in: kept, and said so');

  // The walk: nothing of the person outside the kept tables, except the answer e-mail itself in the outbox
  // (sent after the erasure; the outbox's retention removes it, docs/privacy.md « Rights »).
  await waitForMail((m) => m.to === email && m.subject === "Réponse à votre demande d'effacement");
  const homonymRow = (f) => (f.table === 'users' && f.column === 'name' && f.count === 1) ||
    (homonymApp && f.table === 'training_applications' && f.column === 'motivation' && f.count === 1);
  const left = remaining(server.database, values).filter((f) => !(f.table === 'mail_outbox' && f.count === 1) && !homonymRow(f));
  assert.deepEqual(left, [], `personal values left after the erasure: ${JSON.stringify(left)}`);
  // The homonym keeps their name and their application's text.
  assert.equal(dbValue(server.database, `SELECT name FROM users WHERE id = ${homonymId}`), name);
  if (homonymApp) {
    assert.equal(dbValue(server.database, `SELECT motivation FROM training_applications WHERE id = ${homonymApp}`), `Candidature de ${name}`);
  }
  const outbox = dbRows(server.database, `SELECT subject FROM mail_outbox WHERE lower(recipient) = ${q(email.toLowerCase())}`);
  assert.deepEqual(outbox.map((r) => r[0]), ["Réponse à votre demande d'effacement"]);

  // The account cannot sign in; its sessions are gone (after the walk: a failed attempt writes a rate-limit
  // bucket naming the address, which expires with its window).
  assert.equal((await c.get('/compte')).status, 303);
  const again = await new Client(server.url).login(email, PASSWORD);
  assert.notEqual(again.location, '/tableau-de-bord');
  assert.equal(dbValue(server.database, `SELECT disabled FROM users WHERE id = ${uid}`), '1');
});

test('under the simulated clock: an overdue request is flagged and reminded to the officers by e-mail', async () => {
  const email = `${unique('rappel')}@trame.test`;
  const orgId = dbValue(server.database, `SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.referent)} LIMIT 1`);
  addUser(server, email, 'referent', orgId);
  const c = await signIn(server, email, PASSWORD);
  await c.get('/compte/mes-donnees');
  assert.equal((await c.post('/compte/mes-donnees/demandes', { kind: 'erasure', message: '', _submission: unique('s') })).status, 303);
  const id = dbValue(server.database, `SELECT r.id FROM privacy_requests r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(email)}`);

  // A second instance on the same database, 35 days later, running the reminder every second.
  const later = await startTrame({ database: server.database, demo: false,
    env: { TRAME_CLOCK_OFFSET: String(35 * DAY), TRAME_PRIVACY_JOB_SECONDS: '1' } });
  try {
    const admin = await signIn(later, DEMO.administrator, 'trame-demo-2026');
    const list = await admin.get('/admin/vie-privee/demandes');
    const row = list.text.match(new RegExp(`<tr data-request="${id}"[^>]*>(.*?)</tr>`));
    assert.ok(row, 'the request is listed');
    assert.match(row[0], /class="overdue"/);
    assert.match(row[1], /<strong>⚠ En retard de [3-6] jours<\/strong>/, 'overdue in words, not by colour alone');
    const mail = await waitForMail((m) => m.to === DEMO.administrator && m.subject.includes('Vie privée') && m.body.includes(`Demande n°${id} `));
    assert.match(mail.body, new RegExp(`Demande n°${id} \\(Effacement\\)[^\\n]*En retard de [3-6] jours`));
    await waitForMail((m) => m.to === 'dpo@loire-atlantique.local' && m.subject.includes('Vie privée') && m.body.includes(`Demande n°${id} `));
  } finally {
    await later.stop();
  }
});

test('the deadline extended by two months once, with a reason told to the person; too late after the first month', async () => {
  const email = `${unique('prolong')}@trame.test`;
  const orgId = dbValue(server.database, `SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.referent)} LIMIT 1`);
  addUser(server, email, 'referent', orgId);
  const c = await signIn(server, email, PASSWORD);
  await c.get('/compte/mes-donnees');
  assert.equal((await c.post('/compte/mes-donnees/demandes', { kind: 'rectification', message: 'Tout vérifier.', _submission: unique('s') })).status, 303);
  const id = dbValue(server.database, `SELECT r.id FROM privacy_requests r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(email)}`);
  const before = dbRows(server.database, `SELECT due_at, received_at FROM privacy_requests WHERE id = ${id}`)[0].map(Number);

  const admin = await signIn(server, DEMO.administrator, 'trame-demo-2026');
  let page = await admin.get(`/admin/vie-privee/demandes/${id}`);
  assert.match(dec(page.text), /Prolonger le délai de deux mois/);
  // A reason is required; nothing changes without it.
  let res = await admin.post(`/admin/vie-privee/demandes/${id}/prolonger`, { extension_reason: '  ', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(dec(res.text), /Écrivez le motif de la prolongation/);
  assert.equal(Number(dbValue(server.database, `SELECT due_at FROM privacy_requests WHERE id = ${id}`)), before[0]);
  await admin.get(`/admin/vie-privee/demandes/${id}`);
  res = await admin.post(`/admin/vie-privee/demandes/${id}/prolonger`, { extension_reason: 'Vérification auprès de trois structures.', _submission: unique('s') });
  assert.equal(res.status, 303);
  const [due, extendedAt] = dbRows(server.database, `SELECT due_at, extended_at FROM privacy_requests WHERE id = ${id}`)[0].map(Number);
  assert.ok(extendedAt > 0);
  // Two more calendar months: between 89 and 92 days after receipt.
  const days = (due - before[1]) / DAY;
  assert.ok(days > 88 && days < 93, `three months after receipt (${days} days)`);
  page = await admin.get(`/admin/vie-privee/demandes/${id}`);
  assert.match(dec(page.text), /data-extended>Délai prolongé de deux mois le [0-9/]+ — Vérification auprès de trois structures\./);
  assert.doesNotMatch(page.text, /\/prolonger"/, 'no second extension offered');
  // Only once.
  res = await admin.post(`/admin/vie-privee/demandes/${id}/prolonger`, { extension_reason: 'Encore', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(dec(res.text), /déjà été prolongé/);
  assert.equal(Number(dbValue(server.database, `SELECT due_at FROM privacy_requests WHERE id = ${id}`)), due);
  const mail = await waitForMail((m) => m.to === email && m.subject === 'Votre demande de rectification : délai prolongé');
  assert.match(mail.body, /Motif : Vérification auprès de trois structures\./);
  const mine = await c.get('/compte/mes-donnees');
  assert.match(dec(mine.text), /Délai prolongé de deux mois le [0-9/]+ : Vérification auprès de trois structures\./);

  // Another request, 35 days later (simulated clock): the first month is over, too late to extend.
  const other = `${unique('tard')}@trame.test`;
  addUser(server, other, 'referent', orgId);
  const o = await signIn(server, other, PASSWORD);
  await o.get('/compte/mes-donnees');
  assert.equal((await o.post('/compte/mes-donnees/demandes', { kind: 'erasure', message: '', _submission: unique('s') })).status, 303);
  const lateId = dbValue(server.database, `SELECT r.id FROM privacy_requests r JOIN users u ON u.id = r.user_id WHERE u.email = ${q(other)}`);
  const later = await startTrame({ database: server.database, demo: false, env: { TRAME_CLOCK_OFFSET: String(35 * DAY) } });
  try {
    const a = await signIn(later, DEMO.administrator, 'trame-demo-2026');
    page = await a.get(`/admin/vie-privee/demandes/${lateId}`);
    assert.doesNotMatch(page.text, /\/prolonger"/, 'not offered after the first month');
    res = await a.post(`/admin/vie-privee/demandes/${lateId}/prolonger`, { extension_reason: 'Trop tard', _submission: unique('s') });
    assert.equal(res.status, 422);
    assert.match(dec(res.text), /trop tard pour le prolonger/);
    assert.equal(Number(dbValue(server.database, `SELECT extended_at FROM privacy_requests WHERE id = ${lateId}`)), 0);
  } finally {
    await later.stop();
  }
});

test('« Ce que Trame conserve »: a referent prints what Trame holds about a code of their structure, not another\'s', async () => {
  const referent = await signIn(server, DEMO.referent, 'trame-demo-2026');
  const b = await createBeneficiary(referent);
  const page = await referent.get(`/sorties/beneficiaires/${b.id}/ce-que-trame-conserve`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(b.code));
  assert.match(page.text, /data-table="beneficiaries"/);
  assert.match(page.text, /<dt>age_band<\/dt><dd>26-59<\/dd>/);
  const pdf = await download(referent, `/sorties/beneficiaires/${b.id}/ce-que-trame-conserve.pdf`);
  assert.equal(pdf.status, 200);
  assert.ok(pdfText(pdf.bytes).includes(b.code));

  const email = `${unique('autre.relais')}@trame.test`;
  const otherOrg = dbValue(server.database, `SELECT organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.partner_staff)} LIMIT 1`);
  addUser(server, email, 'referent', otherOrg);
  const other = await signIn(server, email, PASSWORD);
  assert.equal((await other.get(`/sorties/beneficiaires/${b.id}/ce-que-trame-conserve`)).status, 404);
  assert.equal((await other.get(`/sorties/beneficiaires/${b.id}/ce-que-trame-conserve.pdf`)).status, 404);
  const trainee = await signIn(server, DEMO.trainee, 'trame-demo-2026');
  assert.equal((await trainee.get(`/sorties/beneficiaires/${b.id}/ce-que-trame-conserve`)).status, 403);
});
