// Helpers of the interventions tests (tests/integration/network_life/interventions*.test.mjs): forms
// posted after reading their page, a request made over HTTP, the SMTP sink's messages and their
// calendar file.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parisDate } from '../questionnaire_fixtures.mjs';

export const hex = () => randomBytes(4).toString('hex');
export const parisDay = parisDate;  // 'YYYY-MM-DD' in Paris, n days from now
export const decode = (s) => s.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
export const flash = (text) => textOf(((text.match(/class="flash flash-error"[^>]*>([\s\S]*?)<\/div>/) || [])[1]) || '');

// A form posted after reading `page` (its CSRF token), with a fresh one-time submission id.
export async function post(client, page, url, fields) {
  await client.get(page);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, ...fields }))
    for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export function assertRefused(res, status, message, label) {
  assert.equal(res.status, status, `${label}: ${status} expected, got ${res.status} (${flash(res.text)})`);
  if (message) assert.ok(textOf(res.text).includes(message), `${label}: « ${message} » in « ${flash(res.text) || textOf(res.text).slice(0, 400)} »`);
}

// The fields of a valid request (dates 20, 27 and 34 days ahead), `over` replacing some.
export function requestFields(placeId, contactEmail, over = {}) {
  return {
    date1: parisDay(20), date2: parisDay(27), date3: parisDay(34), audience: 'youth', expected_count: '18',
    place_org: String(placeId), place_address: '12 rue de la Paix, 94400 Vitry-sur-Seine', neighbourhood: 'Quartier Balzac',
    priority_area: '1', contact_name: 'Contact test', contact_email: contactEmail, contact_phone: '', message: 'Pour un groupe de jeunes.',
    ...over,
  };
}


// The MIME parts of a raw message, each { headers, body }; the text part and the calendar decoded.
export function partsOf(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const boundary = (text.match(/boundary="([^"]+)"/) || [])[1];
  if (!boundary) return [{ headers: {}, body: text.split('\n\n').slice(1).join('\n\n') }];
  return text.split(`--${boundary}`).slice(1, -1).map((part) => {
    const [head, ...rest] = part.replace(/^\n/, '').split('\n\n');
    const headers = {};
    for (const line of head.replace(/\n[ \t]/g, ' ').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    let body = rest.join('\n\n');
    if ((headers['content-transfer-encoding'] || '').toLowerCase() === 'base64')
      body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return { headers, body };
  });
}
