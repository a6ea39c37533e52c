// The remaining retention rules (issue 23, docs/privacy.md « Retention »), under the simulated clock (400
// days ahead), on this file's rows only:
// - trainees' files: 6 years (retention.trainee_files_years) after the session's end, 10 when the session is
//   co-financed by the ESF (ticked in its form), attendance evidence, documents and free text go; the
//   enrolment stays for the statistics;
// - candidates' reports: 60 days (retention.candidate_reports_after_appeal_days) after the session's minutes
//   were locked, the report's content and the jurors' notes are erased; the result (block decisions, minutes)
//   stays; a session whose minutes are not locked keeps everything; the report's download then says 410;
// - the audit log: entries older than 12 months lose their personal fields (e-mail, IP, detail, a subject
//   naming a record) and keep their hashes; `trame audit verify` still passes, on the demo database and on
//   the previous release's database brought up to date by `trame migrate`; any other change of an entry is
//   refused by the trigger, and a redaction without a valid seal is reported by verify.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, test } from 'node:test';
import { Client, DEMO, ENGINE, ROOT, freshDatabase, querySql, runSql, runTrame, startTrame } from '../harness.mjs';
import { unique } from '../bookings_fixtures.mjs';

const DAY = 86400;
const OFFSET = 400 * DAY;
const ENV = { TRAME_CLOCK_OFFSET: String(OFFSET) };
const simNow = () => Math.floor(Date.now() / 1000) + OFFSET;
const DPO = 'dpo@loire-atlantique.local';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const esc = (s) => String(s).replace(/'/g, "''");

function ok(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const retention = (db, ...args) => ok(runTrame(['retention', ...args, '--database', db], { env: ENV }), 'trame retention');
const verify = (db) => runTrame(['audit', 'verify', '--database', db], { env: ENV });
// The count a run (or a dry run) printed for a rule.
const printed = (out, label) => Number(out.match(new RegExp(`${label} \\([^)]*\\) : (\\d+) ligne`))[1]);

function blob(bytes) {
  const hex = Buffer.from(bytes).toString('hex');
  return ENGINE === 'postgresql' ? `'\\x${hex}'::bytea` : `X'${hex}'`;
}

// ---- Trainees' files ----------------------------------------------------------------------

// `months` calendar months before the simulated now, shifted by `days` (+: inside the limit, -: past it).
function around(months, days) {
  const d = new Date(simNow() * 1000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return Math.floor(d.getTime() / 1000) + days * DAY;
}

// A programme of the demo training organisation (the one formation@sagiterre.local manages).
const managedProgramme = (sql) => sql(`SELECT p.id FROM training_programmes p JOIN memberships m
  ON m.organisation_id = p.organiser_id JOIN users u ON u.id = m.user_id WHERE u.email = '${DEMO.training_staff}'
  ORDER BY p.id LIMIT 1`);

function trainingSession(sql, { endedAt, esf = false, status = 'completed' }) {
  return sql(`INSERT INTO training_sessions (programme_id, title, max_trainees, status, starts_at, ends_at, esf,
    created_at, updated_at) VALUES (${managedProgramme(sql)}, '${esc(unique('Session conservation'))}', 12, '${status}',
    ${endedAt - 30 * DAY}, ${endedAt}, ${esf ? 1 : 0}, ${endedAt - 60 * DAY}, ${endedAt}) RETURNING id`);
}

// A trainee's file in a session ended at `endedAt`: the application's free text, an attendance row and its
// correction, a certificate, interview, contact and follow-up notes.
function traineeFile(sql, endedAt, esf) {
  const session = trainingSession(sql, { endedAt, esf });
  const user = sql(`SELECT id FROM users WHERE email = '${DEMO.trainee}'`);
  const trainer = sql(`SELECT id FROM users WHERE email = '${DEMO.trainer}'`);
  const halfday = sql(`INSERT INTO training_halfdays (session_id, day, period, starts_at, ends_at, minutes)
    VALUES (${session}, '2020-01-06', 'am', ${endedAt - 4 * 3600}, ${endedAt}, 210) RETURNING id`);
  const app = sql(`INSERT INTO training_applications (session_id, user_id, status, sector, job_role, motivation,
    project, adaptation_request, phone, requested_at, decided_at, created_at, updated_at)
    VALUES (${session}, ${user}, 'completed', 'social', 'Médiatrice', 'Ma motivation', 'Mon projet', 'Une adaptation',
    '06 12 34 56 78', ${endedAt - 90 * DAY}, ${endedAt - 80 * DAY}, ${endedAt - 90 * DAY}, ${endedAt}) RETURNING id`);
  sql(`INSERT INTO training_attendance (halfday_id, application_id, status, signature, signed_at, recorded_by)
    VALUES (${halfday}, ${app}, 'present', 'self', ${endedAt - 3 * 3600}, ${trainer})`);
  sql(`INSERT INTO training_attendance_corrections (halfday_id, application_id, old_status, new_status, reason,
    corrected_by, corrected_at) VALUES (${halfday}, ${app}, 'absent', 'present', 'Arrivée en retard', ${trainer}, ${endedAt})`);
  sql(`INSERT INTO training_documents (kind, session_id, application_id, file_name, sha256, data, size_bytes, created_at)
    VALUES ('certificate', ${session}, ${app}, 'certificat-durand.pdf', '${'0'.repeat(64)}', ${blob('%PDF-1.4 c')}, 10,
    ${endedAt})`);
  sql(`INSERT INTO training_interviews (application_id, scheduled_at, status, note_motivation, created_at)
    VALUES (${app}, ${endedAt - 85 * DAY}, 'done', 'Très motivée', ${endedAt - 86 * DAY})`);
  sql(`INSERT INTO training_contacts (application_id, contacted_at, channel, summary, recorded_by, created_at)
    VALUES (${app}, ${endedAt - 10 * DAY}, 'phone', 'Absences répétées', ${trainer}, ${endedAt - 10 * DAY})`);
  sql(`INSERT INTO training_followups (application_id, trainer_id, meeting_at, objective, progress, next_step,
    created_at, updated_at) VALUES (${app}, ${trainer}, ${endedAt - 20 * DAY}, 'Objectif', 'Progrès', 'Suite',
    ${endedAt - 20 * DAY}, ${endedAt - 20 * DAY})`);
  return { session, app };
}

function fileOf(sql, t) {
  const n = (table) => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE application_id = ${t.app}`));
  return {
    texts: sql(`SELECT motivation || project || adaptation_request || job_role || phone FROM training_applications
      WHERE id = ${t.app}`),
    status: sql(`SELECT status || '|' || sector FROM training_applications WHERE id = ${t.app}`),
    attendance: n('training_attendance'),
    corrections: n('training_attendance_corrections'),
    documents: n('training_documents'),
    notes: sql(`SELECT note_motivation FROM training_interviews WHERE application_id = ${t.app}`) +
      sql(`SELECT summary FROM training_contacts WHERE application_id = ${t.app}`) +
      sql(`SELECT objective || progress || next_step FROM training_followups WHERE application_id = ${t.app}`),
  };
}

const WHOLE = {
  texts: 'Ma motivationMon projetUne adaptationMédiatrice06 12 34 56 78', status: 'completed|social', attendance: 1,
  corrections: 1, documents: 1, notes: 'Très motivéeAbsences répétéesObjectifProgrèsSuite',
};
const ERASED = { texts: '', status: 'completed|social', attendance: 0, corrections: 0, documents: 0, notes: '' };

test("trainees' files: erased 6 years after the session's end, 10 when the ESF co-finances it", async () => {
  const server = await startTrame({ env: ENV, smtp: false });
  servers.push(server);
  const sql = (q) => querySql(server.database, q);
  const rows = {
    kept: traineeFile(sql, around(72, 3), false),
    past: traineeFile(sql, around(72, -3), false),
    esfInsideTen: traineeFile(sql, around(72, -3), true),   // past 6 years, but co-financed: 10
    esfKept: traineeFile(sql, around(120, 3), true),
    esfPast: traineeFile(sql, around(120, -3), true),
  };
  const dry = retention(server.database, '--dry-run');
  assert.match(dry.stdout, /Dossiers des stagiaires \(6 ans, données antérieures au \d{4}-\d\d-\d\d\) : [1-9]\d* ligne/);
  assert.match(dry.stdout, /Dossiers des stagiaires, sessions cofinancées par le FSE \(10 ans, [^)]*\) : [1-9]\d* ligne/);
  for (const t of Object.values(rows)) assert.deepEqual(fileOf(sql, t), WHOLE, 'a dry run changes nothing');

  retention(server.database);
  assert.deepEqual(fileOf(sql, rows.kept), WHOLE);
  assert.deepEqual(fileOf(sql, rows.past), ERASED);
  assert.deepEqual(fileOf(sql, rows.esfInsideTen), WHOLE);
  assert.deepEqual(fileOf(sql, rows.esfKept), WHOLE);
  assert.deepEqual(fileOf(sql, rows.esfPast), ERASED);
  // The enrolment stays, counted: one application per session.
  for (const t of [rows.past, rows.esfPast]) {
    assert.equal(Number(sql(`SELECT COUNT(*) FROM training_applications WHERE session_id = ${t.session}`)), 1);
  }
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'privacy.retention' ORDER BY id DESC LIMIT 1`);
  assert.match(detail, /trainee_files=[1-9]\d* trainee_files_esf=[1-9]\d* candidate_reports=\d+ audit=\d+$/);
});

test("the ESF co-financing is ticked in the session's form and shown on its page", async () => {
  const server = await startTrame({ smtp: false });
  servers.push(server);
  const sql = (q) => querySql(server.database, q);
  const session = trainingSession(sql, { endedAt: Math.floor(Date.now() / 1000) + 90 * DAY, status: 'planned' });
  const staff = new Client(server.url);
  assert.equal((await staff.login(DEMO.training_staff)).status, 303);
  const form = await staff.get(`/formations/sessions/${session}/modifier`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<input id="s-esf" name="esf" type="checkbox" value="1" aria-describedby="s-esf-help" >/);
  const fields = { title: 'Session cofinancée', theme: '', delegation: '', commune_code: '', place: '', address: '',
    access: '', rules: '', min_trainees: '1', max_trainees: '12', deadline: '' };
  assert.equal((await staff.post(`/formations/sessions/${session}`, { ...fields, esf: '1' })).status, 303);
  assert.equal(sql(`SELECT esf FROM training_sessions WHERE id = ${session}`), '1');
  const page = await staff.get(`/formations/sessions/${session}`);
  assert.match(page.text, /<dd id="session-esf">Cofinancée par le Fonds social européen \(FSE\+\)<\/dd>/);
  assert.match((await staff.get(`/formations/sessions/${session}/modifier`)).text, /name="esf" type="checkbox" value="1" aria-describedby="s-esf-help" checked>/);
  // A box left unticked clears it.
  await staff.get(`/formations/sessions/${session}/modifier`);
  assert.equal((await staff.post(`/formations/sessions/${session}`, fields)).status, 303);
  assert.equal(sql(`SELECT esf FROM training_sessions WHERE id = ${session}`), '0');
  assert.doesNotMatch((await staff.get(`/formations/sessions/${session}`)).text, /session-esf/);
});

// ---- Candidates' reports ------------------------------------------------------------------

// A candidate's entry in a new evaluation session of the demo certification: a written report, a juror's
// grid with a comment and a reopening reason, a block decision; minutes locked at `lockedAt` (0: not locked).
function candidateEntry(sql, lockedAt) {
  const [reg, cert] = sql(`SELECT id, certification_id FROM certification_registrations WHERE status = 'eligible'
    ORDER BY id LIMIT 1`).split('|');
  const base = lockedAt || simNow() - 400 * DAY;
  const session = sql(`INSERT INTO certification_sessions (certification_id, title, day, status, created_at, updated_at)
    VALUES (${cert}, '${esc(unique('Session conservation'))}', '2030-01-15', 'held', ${base - 40 * DAY}, ${base})
    RETURNING id`);
  const entry = sql(`INSERT INTO certification_entries (session_id, registration_id, created_at)
    VALUES (${session}, ${reg}, ${base - 40 * DAY}) RETURNING id`);
  const pdf = `%PDF-1.4 rapport de ${unique('candidat')}`;
  const sha = createHash('sha256').update(pdf).digest('hex');
  const report = sql(`INSERT INTO certification_reports (entry_id, filename, size, sha256, data, received_at)
    VALUES (${entry}, 'rapport-durand.pdf', ${pdf.length}, '${sha}', ${blob(pdf)}, ${base - 30 * DAY}) RETURNING id`);
  const juror = sql(`SELECT id FROM users WHERE email = '${DEMO.jury_member}'`);
  const grid = sql(`INSERT INTO certification_grids (entry_id, juror_id, status, submitted_at, reopened_at,
    reopened_reason, updated_at) VALUES (${entry}, ${juror}, 'submitted', ${base - 10 * DAY}, ${base - 12 * DAY},
    'Note à revoir', ${base - 10 * DAY}) RETURNING id`);
  const criterion = sql('SELECT id FROM certification_criteria ORDER BY id LIMIT 1');
  sql(`INSERT INTO certification_grid_marks (grid_id, criterion_id, mark, comment)
    VALUES (${grid}, ${criterion}, 'partly', 'Analyse du territoire fragile')`);
  const block = sql(`SELECT id FROM certification_blocks ORDER BY id LIMIT 1`);
  sql(`INSERT INTO certification_block_decisions (entry_id, block_id, validated, reasons, decided_by, decided_at)
    VALUES (${entry}, ${block}, 1, 'Bloc acquis', ${juror}, ${base - 5 * DAY})`);
  if (lockedAt) {
    sql(`INSERT INTO certification_minutes (session_id, pdf, sha256, made_at, locked_at)
      VALUES (${session}, ${blob('%PDF-1.4 pv')}, '${sha}', ${lockedAt - DAY}, ${lockedAt})`);
  }
  return { entry, report, grid, sha, size: pdf.length };
}

function reportState(sql, c) {
  const [filename, size, sha, length] = sql(`SELECT filename, size, sha256, CAST(length(data) AS BIGINT)
    FROM certification_reports WHERE id = ${c.report}`).split('|');
  return {
    filename,
    size: Number(size),
    sha,
    length: Number(length),
    comment: sql(`SELECT comment FROM certification_grid_marks WHERE grid_id = ${c.grid}`),
    mark: sql(`SELECT mark FROM certification_grid_marks WHERE grid_id = ${c.grid}`),
    reopened: sql(`SELECT reopened_reason FROM certification_grids WHERE id = ${c.grid}`),
    decision: sql(`SELECT reasons FROM certification_block_decisions WHERE entry_id = ${c.entry}`),
  };
}

function whole(sql, c) {
  const s = reportState(sql, c);
  assert.equal(s.filename, 'rapport-durand.pdf');
  assert.equal(s.length, c.size);
  assert.equal(s.comment, 'Analyse du territoire fragile');
  assert.equal(s.reopened, 'Note à revoir');
}

test("candidates' reports: erased 60 days after the minutes were locked; the result stays", async () => {
  const server = await startTrame({ env: ENV, smtp: false });
  servers.push(server);
  const sql = (q) => querySql(server.database, q);
  const days = 60;
  const rows = {
    kept: candidateEntry(sql, simNow() - (days - 3) * DAY),   // appeal period still running
    past: candidateEntry(sql, simNow() - (days + 3) * DAY),   // past it
    unlocked: candidateEntry(sql, 0),                         // no final result yet: nothing is erased
  };

  const dry = retention(server.database, '--dry-run');
  assert.match(dry.stdout, /Rapports des candidats \(60 jours, données antérieures au \d{4}-\d\d-\d\d\) : \d+ ligne/);
  assert.ok(printed(dry.stdout, 'Rapports des candidats') >= 1, dry.stdout);
  for (const c of Object.values(rows)) whole(sql, c);

  const run = retention(server.database);
  assert.ok(printed(run.stdout, 'Rapports des candidats') >= 1, run.stdout);
  whole(sql, rows.kept);
  whole(sql, rows.unlocked);
  const past = reportState(sql, rows.past);
  assert.deepEqual(past, {
    filename: '', size: rows.past.size, sha: rows.past.sha, length: 0, comment: '', mark: 'partly', reopened: '',
    decision: 'Bloc acquis',
  });
  assert.equal(Number(sql(`SELECT COUNT(*) FROM certification_minutes m JOIN certification_entries e
    ON e.session_id = m.session_id WHERE e.id = ${rows.past.entry} AND length(m.pdf) > 0`)), 1, 'the minutes stay');
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'privacy.retention' ORDER BY id DESC LIMIT 1`);
  assert.match(detail, /^beneficiaries=\d+ applications=\d+ outbox=\d+ trainee_files=\d+ trainee_files_esf=\d+ candidate_reports=\d+ audit=\d+$/);

  // The download of an erased report says so (410); the others still serve the PDF.
  const certifier = new Client(server.url);
  assert.equal((await certifier.login(DEMO.administrator)).status, 303);
  const erased = await certifier.get(`/certifications/rapports/${rows.past.report}`);
  assert.equal(erased.status, 410);
  assert.match(erased.text, /Ce document a été effacé à l(?:'|&apos;)échéance de sa durée de conservation/);
  assert.equal((await certifier.get(`/certifications/rapports/${rows.kept.report}`)).status, 200);

  // A second dry run finds nothing more of these rows.
  const again = retention(server.database, '--dry-run');
  assert.ok(printed(again.stdout, 'Rapports des candidats') < printed(dry.stdout, 'Rapports des candidats') ||
    printed(again.stdout, 'Rapports des candidats') === 0, again.stdout);
});

// ---- The audit log ------------------------------------------------------------------------

function auditRow(sql, id) {
  const [actorId, label, ip, detail, subject, redactedAt, hash] = sql(`SELECT actor_id, actor_label, ip, detail,
    subject, redacted_at, hash FROM audit_log WHERE id = ${id}`).split('|');
  return { actorId: Number(actorId), label, ip, detail, subject, redactedAt: Number(redactedAt), hash };
}

// Signs `who` in on a server whose clock is `offsetDays` ahead, and returns the id of the login's entry.
async function loginAt(database, who, offsetDays) {
  const server = await startTrame({ database, demo: false, smtp: false,
    env: { TRAME_CLOCK_OFFSET: String(offsetDays * DAY) } });
  try {
    const c = new Client(server.url);
    assert.equal((await c.login(who)).status, 303);
    return querySql(database, `SELECT MAX(id) FROM audit_log WHERE action = 'login.success' AND actor_label = '${who}'`);
  } finally {
    await server.stop();
  }
}

test('the audit log: past 12 months an entry keeps its hashes only, and the chain still verifies', async () => {
  const server = await startTrame({ env: ENV, smtp: false });
  await server.stop();
  const db = server.database;
  const sql = (q) => querySql(db, q);
  // 12 months before the simulated now is about 35 days from today: a login today is past the limit,
  // one written 60 days ahead is inside it.
  const old = await loginAt(db, DPO, 0);
  const recent = await loginAt(db, DPO, 60);
  assert.equal(auditRow(sql, old).ip, '127.0.0.1');
  const oldHash = auditRow(sql, old).hash;

  const dry = retention(db, '--dry-run');
  assert.match(dry.stdout, /Journal d'audit \(12 mois, données antérieures au \d{4}-\d\d-\d\d\) : \d+ ligne/);
  assert.ok(printed(dry.stdout, "Journal d'audit") >= 1, dry.stdout);
  assert.equal(auditRow(sql, old).label, DPO, 'a dry run changes nothing');

  const run = retention(db);
  assert.equal(printed(run.stdout, "Journal d'audit"), printed(dry.stdout, "Journal d'audit"));
  const redacted = auditRow(sql, old);
  assert.deepEqual({ ...redacted, redactedAt: redacted.redactedAt > 0 }, {
    actorId: 0, label: '', ip: '', detail: '', subject: '', redactedAt: true, hash: oldHash,
  });
  assert.equal(auditRow(sql, recent).label, DPO, 'a recent entry stays whole');
  assert.equal(auditRow(sql, recent).ip, '127.0.0.1');
  // No redacted entry holds an e-mail or an address any more.
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE redacted_at > 0 AND (actor_label <> '' OR ip <> ''
    OR detail <> '' OR subject LIKE '%@%')`)), 0);
  assert.ok(Number(sql('SELECT COUNT(*) FROM audit_log WHERE redacted_at > 0')) >= 1);
  const verified = verify(db);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /Journal d'audit intègre/);
  assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'privacy.retention' ORDER BY id DESC LIMIT 1`),
    /audit=[1-9]\d*$/);

  // The journal says an entry was erased rather than show blank cells: the page holding the old entry
  // (newest first, 50 a page) marks it, and a recent entry keeps its detail.
  const server2 = await startTrame({ database: db, demo: false, smtp: false, env: ENV });
  try {
    const admin = new Client(server2.url);
    assert.equal((await admin.login(DEMO.administrator)).status, 303);
    const rank = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE id >= ${old}`));
    const journal = await admin.get(`/admin/journal?page=${Math.ceil(rank / 50)}`);
    assert.equal(journal.status, 200);
    assert.match(journal.text, /<em>Effacé après la durée de conservation \(seules les empreintes restent\)<\/em>/);
    assert.ok(!journal.text.includes('redacted:'), 'the seal is not shown');
  } finally {
    await server2.stop();
  }

  // The trigger lets through a redaction's shape only: any other change is refused.
  const refused = runSql(db, `UPDATE audit_log SET detail = 'réécrit' WHERE id = ${recent}`);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /append-only/);
  assert.notEqual(runSql(db, `UPDATE audit_log SET action = 'autre' WHERE id = ${old}`).status, 0);
  assert.notEqual(runSql(db, `DELETE FROM audit_log WHERE id = ${old}`).status, 0);
  // A redaction forged without the key (the trigger cannot tell) is reported by verify.
  ok(runSql(db, `UPDATE audit_log SET actor_id = 0, actor_label = '', ip = '', detail = '', redacted_at = 1,
    redaction = '00000000:${'0'.repeat(64)}' WHERE id = ${recent}`), 'a forged redaction');
  const forged = verify(db);
  assert.equal(forged.status, 1, forged.stdout);
  assert.match(forged.stdout, new RegExp(`ALTÉRÉ à l'entrée ${recent} : le contenu de l'entrée a été modifié`));
});

// The previous release's database (tests/fixtures/upgrade, as in app/upgrade.test.mjs) brought up to date.
function previousRelease() {
  const database = freshDatabase('retention_upgrade');
  const dump = zlib.gunzipSync(fs.readFileSync(path.join(ROOT, 'tests/fixtures/upgrade', `${ENGINE}.sql.gz`)));
  const r = database.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', database.slice('sqlite:'.length)], { input: dump, encoding: 'utf8' })
    : spawnSync(path.join(process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin', 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database], { input: dump, encoding: 'utf8' });
  assert.equal(r.status, 0, `loading the fixture failed:\n${r.stderr}`);
  return database;
}

test("an upgraded database's chain verifies after the migration and after its old entries are redacted", () => {
  const db = previousRelease();
  ok(runTrame(['migrate', '--database', db], { env: ENV }), 'migrate');
  assert.equal(verify(db).status, 0, 'the upgraded chain verifies');
  const entries = Number(querySql(db, 'SELECT COUNT(*) FROM audit_log'));
  // Every entry of the fixture is older than 12 months before the simulated now, but those the chain's
  // structure needs (the seal of unkeyed entries, key rotations), which name no one.
  retention(db);
  const redacted = Number(querySql(db, 'SELECT COUNT(*) FROM audit_log WHERE redacted_at > 0'));
  const structural = Number(querySql(db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('audit.keyed', 'audit.key_rotated')"));
  assert.ok(redacted >= 1, 'some entries are redacted');
  assert.ok(redacted + structural <= entries + 1);
  const r = verify(db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Journal d'audit intègre/);
});
