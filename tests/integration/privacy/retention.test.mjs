// Retention (docs/privacy.md « Retention »), under the simulated clock (400 days ahead): each rule keeps
// the rows just inside its limit and anonymises or deletes those just past it; the dry run (CLI and page)
// changes nothing; booking counts are unchanged by the anonymisation; « Appliquer maintenant » needs its
// confirmation; each run writes one audit entry with the counts per rule, and the chain still verifies.
// The daily job runs once at start (awaited before this file writes its rows).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, runTrame, startTrame, until } from '../harness.mjs';
import { unique } from '../bookings_fixtures.mjs';

const DAY = 86400;
const OFFSET = 400 * DAY;
const ENV = { TRAME_CLOCK_OFFSET: String(OFFSET), TRAME_RETENTION_JOB: 'start' };
const simNow = () => Math.floor(Date.now() / 1000) + OFFSET;
const DPO = 'dpo@loire-atlantique.local';

let server;
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");
const count = (table, where) => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

// `months` calendar months before the simulated now, shifted by `days` (+: inside the limit, -: past it).
function around(months, days) {
  const d = new Date(simNow() * 1000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return Math.floor(d.getTime() / 1000) + days * DAY;
}

async function signIn(who) {
  const c = new Client(server.url);
  const res = await c.login(who);
  assert.equal(res.status, 303, `login as ${who}`);
  return c;
}

// A beneficiary of a demo relais created at `created`, with one used booking on a slot starting at
// `outing` (none when null), and one more per `others` (older or later outings). Returns { id, code, booking }
// (the first booking).
function beneficiary(created, outing, ...others) {
  const [org, referent] = sql('SELECT organisation_id, referent_id FROM beneficiaries ORDER BY id LIMIT 1').split('|');
  const code = unique('RET').toUpperCase();
  const id = sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, created_at, updated_at)
    VALUES ('${esc(code)}', ${org}, ${referent}, '26-59', ${created}, ${created}) RETURNING id`);
  let booking = null;
  for (const at of others) outingOf(id, org, referent, at);
  if (outing !== null) booking = outingOf(id, org, referent, outing);
  return { id, code, booking };
}

function outingOf(id, org, referent, outing) {
  const slot = sql(`INSERT INTO outing_slots (offer_id, starts_at, ends_at, capacity, booked, opens_at, closes_at,
    cancel_until, created_at, updated_at) SELECT offer_id, ${outing}, ${outing + 3600}, 10, 1, ${outing - 20 * DAY},
    ${outing - 3600}, ${outing - 2 * DAY}, ${outing - 30 * DAY}, ${outing - 30 * DAY} FROM outing_slots ORDER BY id LIMIT 1
    RETURNING id`);
  return sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, places, status,
    cancel_note, created_at, updated_at) VALUES ('${esc(unique('B'))}', ${slot}, ${id}, ${org}, ${referent}, 1, 'used',
    'note libre', ${outing - 10 * DAY}, ${outing})
    RETURNING id`);
}

function application(status, decided) {
  // A session the trainees' files rule (6 years after its end) leaves alone: this test is about the applications'.
  const [sessionId] = sql(`SELECT id FROM training_sessions WHERE ends_at = 0 OR ends_at > ${simNow() - 5 * 365 * DAY}
    ORDER BY id LIMIT 1`).split('|');
  const user = sql(`SELECT id FROM users ORDER BY id LIMIT 1`);
  return sql(`INSERT INTO training_applications (session_id, user_id, status, sector, motivation, project,
    adaptation_request, phone, requested_at, decided_at, withdrawn_at, created_at, updated_at)
    VALUES (${sessionId}, ${user}, '${status}', 'social', 'Ma motivation', 'Mon projet', 'Une adaptation', '06 00 00 00 00',
    ${decided - 30 * DAY}, ${status === 'refused' ? decided : 0}, ${status === 'withdrawn' ? decided : 0},
    ${decided - 30 * DAY}, ${decided}) RETURNING id`);
}

function mail(created, status = 'sent') {
  return sql(`INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at, sent_at, status)
    VALUES ('${esc(unique('conservation'))}@trame.test', 'Sujet', 'Corps', ${created}, ${created},
    ${status === 'sent' ? created : 0}, '${status}') RETURNING id`);
}

let rows;

before(async () => {
  server = await startTrame({ smtp: false, env: ENV });
  // The daily job runs once at start: wait for its entry, so that it does not meet this file's rows.
  await until(() => count('audit_log', "action = 'privacy.retention' AND actor_label = 'système'") === 1,
    'the retention job at start');
  rows = {
    benKept: beneficiary(around(30, 0), around(24, 3)),      // last outing just inside 24 months
    benPast: beneficiary(around(30, 0), around(24, -3)),     // last outing just past
    benOldAndRecent: beneficiary(around(30, 0), around(24, -3), around(24, 3)),  // an old outing, a recent one: kept
    benNoOutingKept: beneficiary(around(24, 3), null),       // no outing: its creation counts
    benNoOutingPast: beneficiary(around(24, -3), null),
    appKept: application('refused', around(24, 3)),
    appPast: application('refused', around(24, -3)),
    appWithdrawnPast: application('withdrawn', around(24, -3)),
    appAdmittedPast: application('admitted', around(24, -3)),  // admitted: not this rule's
    mailKept: mail(around(3, 3)),
    mailPast: mail(around(3, -3)),
    mailFailedPast: mail(around(3, -3), 'failed'),
    mailPendingPast: mail(around(3, -3), 'pending'),         // still to send: kept
  };
});
after(async () => { await server?.stop(); });

const anonymised = (b) => sql(`SELECT code FROM beneficiaries WHERE id = ${b.id}`) !== b.code;
const stripped = (id) => sql(`SELECT motivation || phone FROM training_applications WHERE id = ${id}`) === '';
const present = (id) => count('mail_outbox', `id = ${id}`) === 1;
const bookingsOf = () => count('bookings', `beneficiary_id IN (${rows.benKept.id}, ${rows.benPast.id}) AND status = 'used'`);

function untouched() {
  for (const b of [rows.benKept, rows.benPast, rows.benOldAndRecent, rows.benNoOutingKept, rows.benNoOutingPast]) {
    assert.equal(anonymised(b), false);
  }
  for (const a of [rows.appKept, rows.appPast, rows.appWithdrawnPast, rows.appAdmittedPast]) assert.equal(stripped(a), false);
  for (const m of [rows.mailKept, rows.mailPast, rows.mailFailedPast, rows.mailPendingPast]) assert.equal(present(m), true);
}

test('trame retention --dry-run shows each rule with its count and changes nothing', () => {
  const audits = count('audit_log', "action = 'privacy.retention'");
  const r = runTrame(['retention', '--dry-run', '--database', server.database], { env: ENV });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Simulation : rien n'est modifié/);
  const n = (label) => Number(r.stdout.match(new RegExp(`${label} \\(([^)]*)\\) : (\\d+) ligne`))[2]);
  assert.ok(n('Bénéficiaires') >= 2, r.stdout);
  assert.ok(n('Candidatures non retenues') >= 2, r.stdout);
  assert.ok(n('Courriels envoyés') >= 2, r.stdout);
  assert.match(r.stdout, /Bénéficiaires \(24 mois, données antérieures au \d{4}-\d\d-\d\d\)/);
  assert.match(r.stdout, /Courriels envoyés \(3 mois/);
  untouched();
  assert.equal(count('audit_log', "action = 'privacy.retention'"), audits, 'a dry run writes no audit entry');
});

test('the page shows the next run; only the data protection officer and administrators reach it', async () => {
  const dpo = await signIn(DPO);
  const page = await dpo.get('/admin/vie-privee/conservation');
  assert.equal(page.status, 200);
  assert.match(page.text, /Durées de conservation/);
  assert.match(page.text, /id="rule-beneficiaries"/);
  assert.match(page.text, /retention\.beneficiaries_months/);
  assert.match(page.text, /<code>mail_outbox<\/code>/);
  const referent = await signIn(DEMO.referent);
  assert.equal((await referent.get('/admin/vie-privee/conservation')).status, 403);
  await referent.get('/tableau-de-bord');
  assert.equal((await referent.post('/admin/vie-privee/conservation/appliquer', { confirm: '1' })).status, 403);
  untouched();
});

test('« Appliquer maintenant » without its confirmation changes nothing; with it, each rule at its limit', async () => {
  const dpo = await signIn(DPO);
  await dpo.get('/admin/vie-privee/conservation');
  const refused = await dpo.post('/admin/vie-privee/conservation/appliquer', {});
  assert.equal(refused.status, 422);
  assert.match(refused.text, /Cochez la case de confirmation/);
  untouched();

  const bookings = bookingsOf();
  const used = count('bookings', "status = 'used'");
  const audits = count('audit_log', "action = 'privacy.retention'");
  const done = await dpo.post('/admin/vie-privee/conservation/appliquer', { confirm: '1' });
  assert.equal(done.status, 303);
  // Beneficiaries: 24 months after the last outing (or the creation without one).
  assert.equal(anonymised(rows.benKept), false);
  assert.equal(anonymised(rows.benPast), true);
  assert.equal(anonymised(rows.benOldAndRecent), false, 'one outing inside the limit keeps the person');
  assert.equal(sql(`SELECT cancel_note FROM bookings WHERE id = ${rows.benOldAndRecent.booking}`), 'note libre');
  assert.equal(anonymised(rows.benNoOutingKept), false);
  assert.equal(anonymised(rows.benNoOutingPast), true);
  assert.equal(sql(`SELECT code || '|' || status FROM beneficiaries WHERE id = ${rows.benPast.id}`),
    `anonyme-${rows.benPast.id}|archived`);
  assert.equal(sql(`SELECT cancel_note FROM bookings WHERE id = ${rows.benPast.booking}`), '');
  assert.equal(sql(`SELECT cancel_note FROM bookings WHERE id = ${rows.benKept.booking}`), 'note libre');
  // The statistics: the bookings stay, counted as before.
  assert.equal(bookingsOf(), bookings);
  assert.equal(count('bookings', "status = 'used'"), used);
  // Applications not admitted: 24 months after the decision.
  assert.equal(stripped(rows.appKept), false);
  assert.equal(stripped(rows.appPast), true);
  assert.equal(stripped(rows.appWithdrawnPast), true);
  assert.equal(stripped(rows.appAdmittedPast), false);
  assert.equal(count('training_applications', `id = ${rows.appPast}`), 1, 'the row stays for the figures');
  // The outbox: sent or failed e-mails after 3 months.
  assert.equal(present(rows.mailKept), true);
  assert.equal(present(rows.mailPast), false);
  assert.equal(present(rows.mailFailedPast), false);
  assert.equal(present(rows.mailPendingPast), true);
  // One audit entry, with the counts per rule, by the officer; the chain verifies.
  assert.equal(count('audit_log', "action = 'privacy.retention'"), audits + 1);
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'privacy.retention' AND actor_label = '${DPO}'`);
  assert.match(detail, /^beneficiaries=\d+ applications=\d+ outbox=\d+ trainee_files=\d+ trainee_files_esf=\d+ candidate_reports=\d+ audit=\d+$/);
  assert.ok(Number(detail.match(/beneficiaries=(\d+)/)[1]) >= 2, detail);
  const verify = runTrame(['audit', 'verify', '--database', server.database], { env: ENV });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);

  // A second run finds nothing more of this file's rows, and the dry run says 0 where all is done.
  const again = runTrame(['retention', '--dry-run', '--database', server.database], { env: ENV });
  assert.match(again.stdout, /Courriels envoyés \([^)]*\) : 0 ligne/);
  assert.match(again.stdout, /Bénéficiaires \([^)]*\) : 0 ligne/);
});

test('the periods are settings: a bad value changes nothing; a good one is saved, audited and used', async () => {
  const dpo = await signIn(DPO);
  await dpo.get('/admin/vie-privee/conservation');
  const setting = () => sql("SELECT COALESCE(MAX(value), '') FROM settings WHERE key = 'retention.outbox_months'");
  const before = setting();
  for (const bad of ['trois', '0', '1201', '-2', '']) {
    const r = await dpo.post('/admin/vie-privee/conservation/regles', { 'retention.outbox_months': bad, 'retention.beneficiaries_months': '36' });
    assert.equal(r.status, 422, bad);
    assert.match(r.text, /Indiquez une durée en nombre entier, de 1 à 1200/);
    assert.match(r.text, /name="retention.outbox_months" value="[^"]*" size="5" aria-invalid="true"/);
  }
  assert.equal(setting(), before);
  assert.equal(count('settings', "key = 'retention.beneficiaries_months'"), 0, 'all or nothing');

  const ok = await dpo.post('/admin/vie-privee/conservation/regles', { 'retention.outbox_months': ' 2 ' });
  assert.equal(ok.status, 303);
  assert.equal(setting(), '2');
  assert.equal(count('audit_log', "action = 'privacy.retention_rules' AND detail = 'retention.outbox_months=2'"), 1);
  const mailTwoMonths = mail(around(2, -3));
  const dry = runTrame(['retention', '--dry-run', '--database', server.database], { env: ENV });
  assert.match(dry.stdout, /Courriels envoyés \(2 mois, données antérieures au [^)]*\) : [1-9]\d* ligne/);
  assert.equal(present(mailTwoMonths), true);
  const page = await dpo.get('/admin/vie-privee/conservation');
  assert.match(page.text, /<td>2 mois<\/td>/);
});
