// Shared steps of the coaching and follow-up contacts tests: sign-ins, the demo's open session, SQL reads.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, DEMO } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

export const PRINTEMPS = 'Session printemps 2027';
export const fresh = (p = 'x') => `${p}-${randomUUID().slice(0, 8)}`;

export async function signIn(server, email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Gives a demo account created without a password (a demo trainee) the demo password, to sign in as them.
export function giveDemoPassword(database, email) {
  dbRows(database, `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = ${q(DEMO.trainer)}) WHERE email = ${q(email)}`);
}

export const sessionId = (database, title = PRINTEMPS) =>
  Number(dbValue(database, `SELECT id FROM training_sessions WHERE title = ${q(title)} ORDER BY id LIMIT 1`));
export const userId = (database, email) => Number(dbValue(database, `SELECT id FROM users WHERE email = ${q(email)}`));
export const applicationOf = (database, session, email) => Number(dbValue(database,
  `SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = ${session} AND u.email = ${q(email)} AND a.status NOT IN ('withdrawn','refused')`));

// A form post with the page's CSRF token (GET the page first) and a fresh submission id.
export async function post(client, page, url, fields) {
  await client.get(page);
  return client.post(url, { _submission: fresh('sub'), ...fields });
}

export function alertOf(res) {
  const m = res.text.match(/role="alert"[^>]*>([\s\S]*?)<\/div>/);
  return m ? textOf(m[1]) : `(${res.status}) ${textOf(res.text).slice(0, 300)}`;
}

// A request's row: { status, appointment_at, reminded_at, entries }.
export function requestRow(database, id) {
  const [row] = dbRows(database, `SELECT status, appointment_at, reminded_at, appointment_mode, appointment_place, updated_at FROM training_coaching_requests WHERE id = ${id}`);
  const entries = Number(dbValue(database, `SELECT COUNT(*) FROM training_coaching_entries WHERE request_id = ${id}`));
  return { status: row[0], appointment_at: Number(row[1]), reminded_at: Number(row[2]), mode: row[3], place: row[4], updated_at: Number(row[5]), entries };
}

// "YYYY-MM-DDTHH:MM" in Paris, n days from now at 10:00.
export function parisInput(days, hour = '10:00') {
  const d = new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  return `${d}T${hour}`;
}
