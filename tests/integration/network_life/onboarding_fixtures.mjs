// Helpers of the onboarding integration tests (their own: not shared with other modules).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runSql } from '../harness.mjs';
import { addUser, createBeneficiary, book, flashError, parisLocal, publishSlot, PASSWORD, signIn } from '../bookings_fixtures.mjs';
import { post, textOf } from '../cooperation/fixtures.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';

export { addUser, book, createBeneficiary, dbRows, dbValue, flashError, post, publishSlot, q, signIn, textOf, PASSWORD };
export const hex = () => randomBytes(4).toString('hex');

export const orgId = (server, name) => Number(dbValue(server.database, `SELECT id FROM organisations WHERE name = ${q(name)}`));
export const userIdOf = (server, email) => Number(dbValue(server.database, `SELECT id FROM users WHERE email = ${q(email)}`));

// An event of `kind` organised by `organiserId`, created over HTTP by its coordinator (in two days).
export async function createEvent(client, organiserId, kind, title) {
  const now = Math.floor(Date.now() / 1000);
  const res = await post(client, '/evenements/nouveau', '/evenements/nouveau', {
    organiser: String(organiserId), kind, title, description: 'Découvrir le dispositif et ses outils.',
    starts: parisLocal(now + 2 * 86400), ends: parisLocal(now + 2 * 86400 + 7200), mode: 'online',
    place: '', place_detail: '', online_url: 'https://visio.example.org/atelier', capacity: '20', closes: '',
    visibility: 'network',
  });
  assert.equal(res.status, 303, `event created: ${flashError(res.text)}`);
  return Number(res.location.match(/\/evenements\/(\d+)/)[1]);
}

// The event took place: it started two hours ago (its times moved back behind Trame's back, as if the
// two days had passed; registrations were taken before).
export function eventHappened(server, eventId) {
  const now = Math.floor(Date.now() / 1000);
  const r = runSql(server.database, `UPDATE life_events SET starts_at = ${now - 7200}, ends_at = ${now - 3600}, closes_at = ${now - 7300} WHERE id = ${eventId}`);
  assert.equal(r.status, 0, r.stderr);
  // The event's day in Paris (near midnight, two hours ago may be yesterday).
  return new Date((now - 7200) * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

// The coordinator marks a registered person present on the event's management page.
export async function markPresent(client, server, eventId, userId) {
  const reg = dbValue(server.database, `SELECT id FROM life_event_registrations WHERE event_id = ${eventId} AND user_id = ${userId} AND status = 'registered'`);
  assert.ok(reg, 'the person is registered');
  const page = `/evenements/${eventId}/gestion`;
  const res = await post(client, page, `/evenements/${eventId}/presences`, { registration: reg, [`mark_${reg}`]: 'present' });
  assert.equal(res.status, 303, `attendance recorded: ${flashError(res.text)}`);
}

export const frenchDay = (iso) => iso.split('-').reverse().join('/');
