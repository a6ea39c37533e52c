// Shared steps of the campaigns tests: answering a questionnaire through the answering pages (any
// questionnaire: every shown question gets a plausible value), reading invitation links from e-mails,
// running the job runner at a simulated time, reading the evaluation cycle of a session.
import assert from 'node:assert/strict';
import { linkIn, mails, runTrame, until } from './harness.mjs';
import { decode } from './enrolments_fixtures.mjs';

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decode(m[1]) : null;
};

// The form fields of an answering page, every question answered.
export function filledForm(html) {
  const form = {};
  const radios = new Set();
  const boxes = new Set();
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const type = attr(tag, 'type') || 'text';
    const name = attr(tag, 'name');
    if (!name) continue;
    const value = attr(tag, 'value') ?? '';
    if (type === 'hidden') form[name] = value;
    else if (type === 'radio') {
      if (radios.has(name) || value === '__other__') continue;
      radios.add(name);
      form[name] = value;
    } else if (type === 'checkbox') {
      if (boxes.has(name) || value === '__other__') continue;
      boxes.add(name);
      form[name] = value;
    } else if (type === 'number') form[name] = attr(tag, 'min') || '3';
    else if (type === 'date') form[name] = '2027-01-15';
    else if (type === 'text' && !(name in form)) form[name] = /other/.test(name) ? '' : 'Une réponse';
  }
  for (const m of html.matchAll(/<textarea\b[^>]*name="([^"]+)"/g)) form[decode(m[1])] = 'Des échanges très utiles.';
  return form;
}

export function formAction(html) {
  const m = html.match(/<form method="post" action="([^"]+)" class="answers-form"/);
  return m ? decode(m[1]) : null;
}

// Answers a questionnaire page after page from `path` (/questionnaires/repondre/{token}). Returns the
// final response (the thank-you page, or the error page).
export async function answerAll(client, path) {
  let page = await client.get(path);
  for (let i = 0; i < 20; i++) {
    if (page.status === 303 && page.location) page = await client.get(page.location);
    const action = formAction(page.text);
    if (page.status !== 200 && page.status !== 422) return page;
    if (!action) return page;
    const form = filledForm(page.text);
    form.action = page.text.includes('name="action" value="send"') ? 'send' : 'next';
    page = await client.post(action, form);
  }
  throw new Error('the questionnaire never ended');
}

// The token of the last invitation (or reminder) e-mail to `to` whose subject matches.
export function tokenFor(to, subject = /Questionnaire/) {
  const found = mails().filter((m) => m.to === to && subject.test(m.subject) && m.body.includes('/questionnaires/repondre/'));
  if (!found.length) return null;
  const link = linkIn(found[found.length - 1].body, '/questionnaires/repondre/');
  return link && link.split('/').pop();
}

// The same, once the SMTP sink holds such an invitation.
export const waitToken = (to, subject, timeoutMs = 60000) =>
  until(() => tokenFor(to, subject), `an invitation ${subject} to ${to}`, timeoutMs, 200);

export function runDue(database, now) {
  const r = runTrame(['jobs', 'run-due', '--now', String(Math.floor(now)), '--database', database]);
  assert.equal(r.status, 0, `run-due at ${now}: ${r.stderr} ${r.error || ""}`);
  return r;
}

// The stages of a session's evaluation cycle: { stage: { campaign, send, status, invited, answered } }.
export async function cycleOf(client, sessionId) {
  const res = await client.get(`/formations/sessions/${sessionId}/evaluations`);
  assert.equal(res.status, 200, 'evaluations page');
  const out = {};
  for (const m of res.text.matchAll(/<tr data-stage="([a-z]+)" data-campaign="(\d+)" data-send="(\d+)" data-status="([a-z]+)">([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[5].matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((c) => Number(c[1]));
    out[m[1]] = { campaign: Number(m[2]), send: Number(m[3]), status: m[4], invited: cells[0], answered: cells[1] };
  }
  return out;
}

