// Shared steps of the cooperation integration tests, all over HTTP like a user would: reading pages
// (entities decoded, the error message of a page), posting a form after reading its page (its CSRF
// token and a one-time submission id), a refusal checked with its status and French message, and a
// project started by a facilitator with its members added by e-mail.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { flashError, signIn, unique } from '../bookings_fixtures.mjs';
import { querySql } from '../harness.mjs';
import { parisDate } from '../questionnaire_fixtures.mjs';

export { flashError, signIn, unique };

// 'YYYY-MM-DD' in Paris (the server's zone), n days from now.
export const parisDay = parisDate;

// Eight random hexadecimal digits (to make titles and ids unique).
export const hex = () => randomBytes(4).toString('hex');

// Text as read: entities decoded (&amp; last, so that an escaped entity stays as written).
export const decode = (s) => s.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');
// A page's text: tags dropped, blanks collapsed, entities decoded.
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
// The text of a page's error message (the whole flash block), '' when there is none.
export const flash = (text) => textOf(((text.match(/class="flash flash-error"[^>]*>([\s\S]*?)<\/div>/) || [])[1]) || '');

// A form's urlencoded body; a field given an array is sent once per value.
export function formBody(fields) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return params.toString();
}

// A form posted after reading the page that holds it (CSRF token, a fresh one-time submission id).
// A field given an array is sent once per value. When the page answers other than 200 (a page the
// person may not read), the page `fallback()` names is read instead for a token, if given.
export async function post(client, page, url, fields, { fallback } = {}) {
  const got = await client.get(page);
  if (fallback && got.status !== 200) await client.get(fallback());
  return client.request('POST', url, {
    body: formBody({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

// The same with the submission id the page gave; the page must be readable (200).
export async function submit(client, page, url, fields) {
  const got = await client.get(page);
  assert.equal(got.status, 200, `${page} before posting: ${got.status}`);
  return client.request('POST', url, {
    body: formBody({ _csrf: client.csrf, _submission: client.submission, ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

// A refusal: its status, and its message somewhere in the page when one is given.
export function assertRefused(res, status, message, label) {
  assert.equal(res.status, status, `${label}: ${status} expected, got ${res.status} (${flash(res.text)})`);
  if (message) assert.ok(textOf(res.text).includes(message), `${label}: « ${message} » in « ${flash(res.text) || textOf(res.text).slice(0, 300)} »`);
}

// A project started by the client (so its facilitator) on Ancenis-Saint-Géréon, members only; `fields`
// overrides the form's fields (question, communes, visibility, organisation…), `send` is post or submit.
// Returns { id, title }.
export async function createProject(client, title, { send = post, ...fields } = {}) {
  const res = await send(client, '/cooperation/projets/nouveau', '/cooperation/projets/nouveau', {
    title, question: 'Comment créer des liens entre générations ?', summary: '',
    territory_kind: 'communes', communes: '44003', epci: '', delegation: '0', visibility: 'members', organisation: '0',
    ...fields,
  });
  assert.equal(res.status, 303, `project ${title} created: ${flash(res.text) || textOf(res.text).slice(0, 300)}`);
  return { id: Number(res.location.match(/\/cooperation\/projets\/(\d+)/)[1]), title };
}

// The demo's Sagiterre organisation (the demo facilitator's), for a project's `organisation` field.
export const sagiterre = (server) => querySql(server.database, "SELECT id FROM organisations WHERE name = 'Sagiterre'");

// A member added by e-mail with a role (member, observer, facilitator), without an organisation.
export async function addMember(client, projectId, email, role, { send = post } = {}) {
  const res = await send(client, `/cooperation/projets/${projectId}/membres`, `/cooperation/projets/${projectId}/membres`,
    { email, role, organisation: '0' });
  assert.equal(res.status, 303, `member ${email} added: ${flash(res.text)}`);
}
