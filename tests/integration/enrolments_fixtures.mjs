// Shared steps of the enrolment tests, all over HTTP like a user would: sessions created by the
// organiser through the trainings pages, applications sent through the application form (signed in,
// or anonymous: the new account's password is chosen through the link e-mailed), decisions and
// confirmations through the application page. Other modules' tests use apply / admit / confirm to get
// an admitted or confirmed trainee.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, linkIn, waitForMail } from './harness.mjs';

export const PASSWORD = 'Candidature-formation-2026!';
export const SAGITERRE_PROGRAMME = "Pouvoir d'agir et coopération à l'épreuve du territoire";
export const DEMO_SESSION = 'Session printemps 2027';

export const fresh = (prefix = 's') => `${prefix}-${randomBytes(5).toString('hex')}`;
export const decode = (s) => s.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
// The message of the page's error summary (or flash error).
export const alertOf = (res) => decode((res.text.match(/flash-error" role="alert"[^>]*>\s*<p>([^<]*)/) || [])[1] || '');
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));

export async function signIn(server, email, password) {
  const c = new Client(server.url);
  const res = password ? await c.login(email, password) : await c.login(email);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

// 'YYYY-MM-DD' of today + n days (UTC date, good enough for whole days ahead).
export function dayIn(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

// Ids from the organiser's management page (/formations/gestion), by exact title.
async function idFromManagePage(staff, kind, title) {
  for (let page = 1; page <= 20; page++) {
    const res = await staff.get(`/formations/gestion?page=${page}`);
    assert.equal(res.status, 200, 'management page');
    for (const m of res.text.matchAll(new RegExp(`href="/formations/${kind}/(\\d+)">([^<]*)</a>`, 'g')))
      if (decode(m[2]) === title) return Number(m[1]);
    if (!res.text.includes('rel="next"')) break;
  }
  throw new Error(`${kind} "${title}" not found on /formations/gestion`);
}
export const programmeId = (staff, title = SAGITERRE_PROGRAMME) => idFromManagePage(staff, 'programmes', title);
export const sessionId = (staff, title = DEMO_SESSION) => idFromManagePage(staff, 'sessions', title);

// A new session of the programme through the organiser's pages: created, given `days` days of half-days
// starting `startIn` days from now, then opened (unless open: false). Returns its id.
export async function createSession(staff, progId, { title = fresh('Session'), min = 1, max = 12, startIn = 60, days = 2,
  deadline = '', open = true } = {}) {
  await staff.get(`/formations/programmes/${progId}/sessions/nouvelle`);
  let res = await staff.post(`/formations/programmes/${progId}/sessions`, {
    title, theme: '', place: 'Salle des fêtes', address: '', access: '', rules: '', min_trainees: String(min),
    max_trainees: String(max), deadline, delegation: '', commune_code: '', _submission: fresh(),
  });
  assert.equal(res.status, 303, `session created: ${alertOf(res)}`);
  const id = Number(res.location.match(/\/formations\/sessions\/(\d+)/)[1]);
  await staff.get(`/formations/sessions/${id}/demi-journees`);
  res = await staff.post(`/formations/sessions/${id}/demi-journees/serie`, {
    from: dayIn(startIn), to: dayIn(startIn + days - 1), periods: 'both', am_start: '09:00', am_end: '12:30',
    pm_start: '13:30', pm_end: '17:00', weekdays_only: '', seminar: '', module: '', _submission: fresh(),
  });
  assert.equal(res.status, 303, `half-days added: ${alertOf(res)}`);
  if (open) await setSessionStatus(staff, id, 'open');
  return id;
}

export async function setSessionStatus(staff, id, status, reason = '') {
  await staff.get(`/formations/sessions/${id}`);
  const res = await staff.post(`/formations/sessions/${id}/statut`, { status, reason, _submission: fresh() });
  assert.equal(res.status, 303, `session ${id} → ${status}: ${alertOf(res)}`);
}

export const APPLICATION = {
  sector: 'social', organisation: '', organisation_name: 'Centre social des Dervallières', job_role: 'Animatrice',
  motivation: 'Croiser nos publics avec les équipements culturels du quartier.',
  project: 'Un atelier lecture et théâtre avec les familles du quartier.', funding: 'opco', adaptation: '',
  trainee_status: 'employee', employer_type: 'association',
};

// Applies to the session with the client (signed in, or anonymous with name and email in fields).
// Returns { res, id } where id is the new application's id when the client was signed in.
export async function apply(client, sessionIdValue, fields = {}) {
  await client.get(`/formations/sessions/${sessionIdValue}/candidater`);
  const res = await client.post(`/formations/sessions/${sessionIdValue}/candidater`,
    { ...APPLICATION, _submission: fresh(), ...fields });
  const m = res.status === 303 && res.location.match(/\/formations\/candidatures\/(\d+)/);
  return { res, id: m ? Number(m[1]) : 0 };
}

// An anonymous visitor applies with a new e-mail; the account's password is chosen through the link
// e-mailed, then they sign in. Returns { client, id, email }.
export async function anonymousApplicant(server, sessionIdValue, fields = {}) {
  const email = fields.email || `${fresh('cand')}@example.org`;
  const anon = new Client(server.url);
  const { res } = await apply(anon, sessionIdValue, { name: 'Candidate Essai', email, ...fields });
  assert.equal(res.status, 303, `anonymous application: ${alertOf(res)}`);
  const account = await waitForMail((m) => m.to === email && m.body.includes('/reinitialisation/'));
  const ack = await waitForMail((m) => m.to === email && m.body.includes('/formations/candidatures/'));
  const id = Number(ack.body.match(/\/formations\/candidatures\/(\d+)/)[1]);
  const link = linkIn(account.body, '/reinitialisation/');
  const c = new Client(server.url);
  await c.get(link);
  const set = await c.post(link, { password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(set.status, 303, 'password chosen');
  return { client: await signIn(server, email, PASSWORD), id, email };
}

// The organiser's decision (admitted, waiting, refused). Returns the response.
export async function decide(staff, applicationId, decision, reason = '') {
  await staff.get(`/formations/candidatures/${applicationId}`);
  return staff.post(`/formations/candidatures/${applicationId}/decision`, { decision, reason, _submission: fresh() });
}

export async function admit(staff, applicationId) {
  const res = await decide(staff, applicationId, 'admitted', 'Projet cohérent avec la formation.');
  assert.equal(res.status, 303, `admission of ${applicationId}: ${alertOf(res)}`);
  return res;
}

export async function confirm(trainee, applicationId) {
  await trainee.get(`/formations/candidatures/${applicationId}`);
  const res = await trainee.post(`/formations/candidatures/${applicationId}/confirmation`, { _submission: fresh() });
  assert.equal(res.status, 303, `confirmation of ${applicationId}: ${alertOf(res)}`);
  return res;
}

export async function withdraw(client, applicationId, reason = '') {
  await client.get(`/formations/candidatures/${applicationId}`);
  return client.post(`/formations/candidatures/${applicationId}/retrait`, { reason, _submission: fresh() });
}

// The status label shown on the application page.
export async function statusOf(client, applicationId) {
  const page = await client.get(`/formations/candidatures/${applicationId}`);
  return decode((page.text.match(/id="application-status">([^<]*)</) || [])[1] || '');
}

// "Places : taken / max" of the organiser's list.
export async function placesOf(staff, sessionIdValue) {
  const page = await staff.get(`/formations/sessions/${sessionIdValue}/candidatures`);
  const m = page.text.match(/Places : (\d+) \/ (\d+)/);
  return m ? { taken: Number(m[1]), max: Number(m[2]) } : null;
}
