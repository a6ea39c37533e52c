// Helpers of the volunteering tests (tests/integration/network_life/volunteering*.test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addUser, PASSWORD, signIn } from '../bookings_fixtures.mjs';
import { formBody, hex, textOf, flash } from '../cooperation/fixtures.mjs';
import { querySql, TMP } from '../harness.mjs';

export { addUser, PASSWORD, signIn, hex, textOf, flash };

export const CDC = 'Cultures du Cœur 94';

export const sqlValue = (server, statement) => querySql(server.database, statement).split('\n')[0];
export const sqlRows = (server, statement) => {
  const out = querySql(server.database, statement);
  return out ? out.split('\n').map((l) => l.split('|')) : [];
};
export const orgId = (server, name) => sqlValue(server, `SELECT id FROM organisations WHERE name = '${name.replace(/'/g, "''")}'`);
export const userId = (server, email) => sqlValue(server, `SELECT id FROM users WHERE lower(email) = lower('${email}')`);

// 'YYYY-MM-DD' in Paris, n days from now.
export const parisDay = (n = 0) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

// Posts a form after reading `page` (its CSRF token), with a fresh one-time submission id.
export async function send(client, page, url, fields) {
  const got = await client.get(page);
  assert.ok(got.status === 200 || got.status === 403 || got.status === 404, `${page}: ${got.status}`);
  return client.request('POST', url, {
    body: formBody({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export function assertStatus(res, status, label, message) {
  assert.equal(res.status, status, `${label}: ${status} expected, got ${res.status} (${flash(res.text) || textOf(res.text).slice(0, 400)})`);
  if (message) assert.ok(textOf(res.text).includes(message), `${label}: « ${message} » in « ${textOf(res.text).slice(0, 1500)} »`);
}

// A coordinator engages an account (by e-mail) in an organisation; returns the engagement's id.
export async function engage(server, coordinator, email, organiser, fields = {}) {
  const res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/engagements', {
    organiser, email, kind: 'benevole', starts_on: '2023-01-02', ends_on: '', tutor_email: '', weekly_hours: '', ...fields,
  });
  assertStatus(res, 303, `engagement of ${email}`);
  return sqlValue(server, `SELECT MAX(e.id) FROM life_volunteer_engagements e JOIN users u ON u.id = e.user_id WHERE lower(u.email) = lower('${email}')`);
}

// A coordinator creates a mission; returns its id.
export async function createMission(server, coordinator, organiser, title, fields = {}) {
  const res = await send(coordinator, '/benevolat/gestion', '/benevolat/gestion/missions', {
    organiser, title, kind: 'terrain', place: '', description: '', starts_on: '2023-01-02', ends_on: parisDay(60),
    recurrence: '', places: '2', ...fields,
  });
  assertStatus(res, 303, `mission ${title}`);
  return Number(res.location.match(/\/missions\/(\d+)/)[1]);
}

export async function assign(coordinator, missionId, person) {
  return send(coordinator, `/benevolat/gestion/missions/${missionId}`, `/benevolat/gestion/missions/${missionId}/affectations`, { person });
}

// One part of an XLSX (a zip) as text, through unzip.
export function xlsxPart(bytes, part) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `volunteering-${process.pid}-${randomUUID().slice(0, 8)}.xlsx`);
  fs.writeFileSync(file, bytes);
  const out = spawnSync('unzip', ['-p', file, part], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

export function pdfText(bytes) {
  return spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
}
export function pdfInfo(bytes) {
  const info = spawnSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  return info.stdout;
}
