// Helpers of the invoices tests (tests/integration/trainings/invoices.test.mjs and the browser test): a fresh
// trainee on a session (rows inserted behind Trame's back, as an application admitted by staff would be),
// attendance recorded for part of the session, the « Facturer » form read back.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TMP, querySql } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';

export const decode = (s) => s.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export function sessionId(database, title = 'Session printemps 2027') {
  const id = dbValue(database, `SELECT id FROM training_sessions WHERE title = ${q(title)} ORDER BY id LIMIT 1`);
  assert.ok(id, `session ${title}`);
  return Number(id);
}

// A new person with an application (confirmed) on the session; with `organisation`, an employer's name.
export function newTrainee(database, session, { organisation = 'Association Invoices Test', status = 'confirmed' } = {}) {
  const tag = randomBytes(4).toString('hex');
  const email = `invoices-${tag}@example.org`;
  const name = `Stagiaire Factures ${tag}`;
  const now = Math.floor(Date.now() / 1000);
  querySql(database, `INSERT INTO users (email, name, created_at) VALUES (${q(email)}, ${q(name)}, ${now})`);
  const user = Number(dbValue(database, `SELECT id FROM users WHERE email = ${q(email)}`));
  querySql(database, `INSERT INTO training_applications (session_id, user_id, status, sector, organisation_name, requested_at, decided_at, confirmed_at, created_at, updated_at) VALUES (${session}, ${user}, ${q(status)}, 'social', ${q(organisation)}, ${now}, ${now}, ${now}, ${now}, ${now})`);
  const application = Number(dbValue(database, `SELECT id FROM training_applications WHERE user_id = ${user}`));
  return { email, name, user, application, tag };
}

// Records the trainee present on the session's first half-days until `fraction` of its minutes.
export function attend(database, session, application, fraction) {
  const halfdays = dbRows(database, `SELECT id, minutes FROM training_halfdays WHERE session_id = ${session} ORDER BY starts_at, id`);
  const planned = halfdays.reduce((s, h) => s + Number(h[1]), 0);
  let minutes = 0;
  const now = Math.floor(Date.now() / 1000);
  for (const [id, m] of halfdays) {
    if (minutes >= planned * fraction) break;
    querySql(database, `INSERT INTO training_attendance (halfday_id, application_id, status, signature, signed_at) VALUES (${id}, ${application}, 'present', 'trainer', ${now})`);
    minutes += Number(m);
  }
  return { minutes, planned };
}

// The « Facturer » form of one trainee on the session's invoices page: { fields: {name: value}, html }.
export async function billForm(client, session, application) {
  const res = await client.get(`/formations/sessions/${session}/factures`);
  assert.equal(res.status, 200);
  const text = decode(res.text);
  const m = text.match(new RegExp(`<form method="post" action="[^"]*" class="stack" id="bill-${application}"[\\s\\S]*?</form>`));
  assert.ok(m, `bill form of ${application}`);
  const fields = {};
  for (const input of m[0].matchAll(/<input ([^>]*)>/g)) {
    const name = (input[1].match(/name="([^"]+)"/) || [])[1];
    const value = (input[1].match(/value="([^"]*)"/) || [])[1] ?? '';
    if (name) fields[name] = value;
  }
  const payer = m[0].match(/name="payer"[^>]*>[\s\S]*?<option value="([^"]+)" selected/);
  if (payer) fields.payer = payer[1];
  return { fields, html: m[0] };
}

export async function bill(client, session, fields) {
  return client.post(`/formations/sessions/${session}/factures`, { ...fields, _submission: randomUUID() });
}

export function invoicesOf(database, application) {
  return dbRows(database, `SELECT id, number, payer, total_ht_cents, total_ttc_cents, status, paid_cents, COALESCE(funding_line_id, 0), due_on, kind, sequence, outbox_id, recipient FROM training_invoices WHERE application_id = ${application} ORDER BY id`)
    .map((r) => ({ id: Number(r[0]), number: r[1], payer: r[2], ht: Number(r[3]), ttc: Number(r[4]), status: r[5], paid: Number(r[6]), line: Number(r[7]), due: r[8], kind: r[9], sequence: Number(r[10]), outbox: Number(r[11]), recipient: r[12] }));
}

function tmpFile(bytes, ext) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `invoices-${process.pid}-${randomUUID().slice(0, 8)}.${ext}`);
  fs.writeFileSync(file, bytes);
  return file;
}

export function pdfText(bytes) {
  const file = tmpFile(bytes, 'pdf');
  const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\u00a0|\u202f/g, ' ').replace(/\s+/g, ' ');
}

export function xlsxPart(bytes, part) {
  const file = tmpFile(bytes, 'xlsx');
  const r = spawnSync('unzip', ['-p', file, part], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

export async function download(server, client, url) {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') || '' };
}
