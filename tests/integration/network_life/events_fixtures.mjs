// Helpers of the events tests (tests/integration/network_life/events*.test.mjs): forms posted after reading
// their page, Paris wall-clock times for datetime-local inputs, an event created by a manager, e-mails polled.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, DEMO_PASSWORD, querySql } from '../harness.mjs';

export const hex = () => randomBytes(4).toString('hex');
export const decode = (s) => s.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

export async function signIn(server, email) {
  const c = new Client(server.url);
  const res = await c.login(email, DEMO_PASSWORD);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

function formBody(fields) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return params.toString();
}

// A form posted after reading `page` (its CSRF token; a fresh one-time submission id).
export async function post(client, page, url, fields = {}) {
  await client.get(page);
  return client.request('POST', url, {
    body: formBody({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

// "YYYY-MM-DDTHH:MM" in Paris of a unix time (seconds).
export const parisInput = (epoch) => new Date(epoch * 1000).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' })
  .slice(0, 16).replace(' ', 'T');
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export const sqlOf = (server) => (statement) => querySql(server.database, statement);
export const valueOf = (server) => (statement) => querySql(server.database, statement).split('\n')[0];

// An event created through the form by a manager client; `fields` override. Returns its id.
export async function createEvent(manager, organiser, { title = `Événement ${hex()}`, startsIn = 10 * 86400,
  hours = 2, ...fields } = {}) {
  const starts = nowSeconds() + startsIn;
  const res = await post(manager, '/evenements/nouveau', '/evenements/nouveau', {
    organiser, kind: 'cafe_decouverte', title, description: 'Pour découvrir le réseau.', starts: parisInput(starts),
    ends: parisInput(starts + hours * 3600), mode: 'in_person', place: organiser, place_detail: 'Salle 2',
    online_url: '', capacity: '20', closes: '', visibility: 'network', ...fields,
  });
  assert.equal(res.status, 303, `event ${title} created: ${textOf(res.text).slice(0, 400)}`);
  return Number(res.location.match(/\/evenements\/(\d+)/)[1]);
}

