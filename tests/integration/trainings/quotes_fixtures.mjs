// Helpers of the quotes tests (tests/integration/trainings/quotes.test.mjs and the browser test).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, TMP, mailsUntil } from '../harness.mjs';
import { dbRows, q } from '../questionnaire_fixtures.mjs';

export const html = (t) => t.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&#x2F;|&#47;/g, '/');
export const flat = (t) => html(t).replace(/<[^>]+>/g, ' ').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

export async function signIn(server, email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// The id of the session titled so, found in the database.
export function sessionIdOf(server, title) {
  const rows = dbRows(server.database, `SELECT id FROM training_sessions WHERE title = ${q(title)} ORDER BY id`);
  assert.ok(rows.length, `session ${title}`);
  return Number(rows[0][0]);
}

// The application of the user with that e-mail on the session.
export function applicationOf(server, sessionId, email) {
  const rows = dbRows(server.database, `SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id
    WHERE a.session_id = ${sessionId} AND u.email = ${q(email)} AND a.status NOT IN ('refused','withdrawn')`);
  assert.ok(rows.length, `application of ${email}`);
  return Number(rows[0][0]);
}

// Makes a quote through the session page; returns { status, id, res }.
export async function makeQuote(client, sessionId, fields) {
  await client.get(`/formations/sessions/${sessionId}/devis`);
  const res = await client.post(`/formations/sessions/${sessionId}/devis`,
    { _submission: randomUUID(), party_kind: 'person', funding: 'intended', ...fields });
  const m = (res.location || '').match(/^\/formations\/devis\/(\d+)$/);
  return { status: res.status, id: m ? Number(m[1]) : 0, res };
}

export async function quoteAction(client, id, action, fields = {}) {
  await client.get(`/formations/devis/${id}`);
  return client.post(`/formations/devis/${id}/${action}`, { _submission: randomUUID(), ...fields });
}

export function quoteRow(server, id) {
  const [r] = dbRows(server.database, `SELECT status, current_version, number, accepted_name, accepted_ip,
    accepted_sha256, accepted_at, declined_at, expired_at, cancelled_at, updated_at FROM training_quotes WHERE id = ${id}`);
  return r && { status: r[0], version: Number(r[1]), number: r[2], acceptedName: r[3], acceptedIp: r[4],
    acceptedSha: r[5], acceptedAt: Number(r[6]), declinedAt: Number(r[7]), expiredAt: Number(r[8]),
    cancelledAt: Number(r[9]), updatedAt: Number(r[10]) };
}

// Everything a refusal must leave as it was: the quote's row, its versions and its links.
export function snapshot(server, id) {
  return JSON.stringify([
    dbRows(server.database, `SELECT * FROM training_quotes WHERE id = ${id}`),
    dbRows(server.database, `SELECT id, version, sha256, superseded_at, outbox_id, sent_at FROM training_quote_versions
      WHERE quote_id = ${id} ORDER BY version`),
    dbRows(server.database, `SELECT id, token_hash FROM training_quote_links WHERE quote_id = ${id} ORDER BY id`),
  ]);
}

// The mails of a quote sent to `to` whose subject names `number`, once there are `count`: the last one,
// its link's path and its PDF attachment's bytes.
export async function quoteMail(to, number, count = 1) {
  const all = await mailsUntil((m) => m.to === to && m.subject.includes(number), count);
  const mail = all[all.length - 1];
  const m = mail.raw.match(/https?:\/\/\S+?(\/devis\/[A-Za-z0-9_-]+)/);
  const encoded = mail.raw.split(/Content-Transfer-Encoding: base64\r?\n\r?\n/i).pop().replace(/--[\s\S]*$/, '');
  return { mail, link: m ? m[1] : null, pdf: Buffer.from(encoded.replace(/\s+/g, ''), 'base64'), count: all.length };
}

export function pdfText(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `quote-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.unlinkSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');
}

export async function download(client, urlPath) {
  const res = await fetch(client.base + urlPath, { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') || '',
    disposition: res.headers.get('content-disposition') || '' };
}

// The Paris day n days from now, 'YYYY-MM-DD'.
export const parisDay = (n = 0) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
