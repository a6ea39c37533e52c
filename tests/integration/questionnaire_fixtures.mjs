// Shared steps of the questionnaire tests (answers, anonymity; others may import them).
//
// Test data: a questionnaire of every kind of question, built in the editor (questionnaires), sendings
// and their invitations (campaigns: a public link, or addresses whose tokens come from the e-mails), all
// over HTTP like an organiser would; the answering goes over HTTP like a person would. The database is
// read directly (sqlite3 / psql) only to verify and to find ids; an invitation's coarse attributes come
// from the CSV table of its sending (createCampaign's `recipients`).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Client, DEMO, dbRows, dbValue, linkIn, mails, waitForMail } from './harness.mjs';

export const fresh = (prefix = 's') => `${prefix}-${randomBytes(5).toString('hex')}`;
export const decode = (s) => s.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
export const sha256 = (s) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(18).toString('base64url');

// ---- the database (read, to verify): the harness's dbRows and dbValue

export { dbRows, dbValue };
export const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

export function userId(database, email) {
  const id = dbValue(database, `SELECT id FROM users WHERE email = ${q(email)}`);
  assert.ok(id, `user ${email}`);
  return Number(id);
}

// ---- questionnaires

// Every kind of question over three sections. keys of .questions: single, multiple, yesno, ifyes (same
// section condition), scale, nps, matrix, ifno (condition on an earlier section), short, long, number, date.
export const ALL_KINDS = [
  { title: 'Vous et la formation', description: 'Quelques questions sur vous.', questions: [
    { key: 'single', kind: 'single', label: 'Votre secteur', required: 1, options: 'Social\nCulturel\nÉducation', allow_other: 1 },
    { key: 'multiple', kind: 'multiple', label: 'Vos attentes', options: 'Outils\nRéseau\nMéthodes', allow_other: 1 },
    { key: 'yesno', kind: 'yesno', label: 'Avez-vous déjà suivi une formation-action ?', required: 1 },
    { key: 'ifyes', kind: 'short', label: 'Laquelle ?', show_if: 'yesno', show_if_value: 'oui' },
  ] },
  { title: 'Votre avis', questions: [
    { key: 'scale', kind: 'scale', label: 'Satisfaction générale', required: 1, low_label: 'Pas du tout satisfait', high_label: 'Très satisfait' },
    { key: 'nps', kind: 'nps', label: 'Recommanderiez-vous cette formation ?', low_label: 'Pas du tout', high_label: 'Certainement' },
    { key: 'matrix', kind: 'matrix', label: 'Évaluez chaque point', required: 1, items: 'Contenus\nAnimation\nOrganisation', low_label: 'Faible', high_label: 'Excellent' },
    { key: 'ifno', kind: 'long', label: 'Qu’est-ce qui vous a décidé ?', show_if: 'yesno', show_if_value: 'non' },
  ] },
  { title: 'Détails', questions: [
    { key: 'short', kind: 'short', label: 'Votre fonction' },
    { key: 'long', kind: 'long', label: 'Un commentaire libre' },
    { key: 'number', kind: 'number', label: 'Nombre de personnes accompagnées', required: 1, min_value: 0, max_value: 500 },
    { key: 'date', kind: 'date', label: 'Date de votre prochaine action' },
  ] },
];

// ---- questionnaires, sendings and invitations, created through the application's own routes

const managers = new WeakMap();   // server → a signed-in administrator (acts in any organisation)

async function manager(server) {
  let c = managers.get(server);
  if (!c) {
    c = new Client(server.url);
    const res = await c.login(DEMO.administrator);
    assert.equal(res.status, 303, 'administrator signed in');
    managers.set(server, c);
  }
  return c;
}

// Posts a form whose fields may repeat (arrays), with the client's CSRF token and a fresh submission id.
export function postForm(client, url, fields) {
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', fresh('sub'));
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, String(x));
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export const NETWORK = 'Département de Loire-Atlantique';

// An organisation's id, read from the new-questionnaire form (the administrator may choose any).
export async function organisationId(server, name = NETWORK) {
  const c = await manager(server);
  const page = await c.get('/questionnaires');
  assert.equal(page.status, 200);
  const select = page.text.match(/<select id="n-organisation"[^>]*>([\s\S]*?)<\/select>/);
  assert.ok(select, 'the organisations of the new-questionnaire form');
  for (const m of select[1].matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)) if (decode(m[2]).trim() === name) return Number(m[1]);
  throw new Error(`organisation ${name} not offered`);
}

// A published questionnaire with its sections and questions, built in the editor (POST /questionnaires,
// …/sections, …/questions, then published). organisationId: the owner (default: the Département);
// programme: a programme of that owner the questionnaire belongs to (a session's evaluation cycle takes
// the programme's published questionnaire of each kind).
// Returns { id, title, organisationId, sections: [ids], questions: {key: id} }.
export async function createQuestionnaire(server, { title = fresh('Questionnaire'), anonymous = true, sections = ALL_KINDS,
  description = 'Merci de prendre **cinq minutes** pour répondre.', kind = 'satisfaction', organisationId: org = null, programme = '' } = {}) {
  const c = await manager(server);
  const owner = org ?? await organisationId(server);
  await c.get('/questionnaires');
  let res = await postForm(c, '/questionnaires', { organisation: owner, source: '', programme: String(programme), title, kind, anonymous: anonymous ? '1' : '0' });
  assert.equal(res.status, 303, `questionnaire created: ${textOf(res.text).slice(0, 300)}`);
  const id = Number(res.location.match(/^\/questionnaires\/(\d+)/)[1]);
  const out = { id, title, organisationId: owner, sections: [], questions: {} };
  // A new questionnaire may come with a first, empty section: it becomes the first one.
  const editor = await c.get(`/questionnaires/${id}`);
  assert.equal(editor.status, 200);
  const existing = [...editor.text.matchAll(/<article class="panel stack q-section" id="section-(\d+)"/g)].map((m) => Number(m[1]));
  for (const [si, s] of sections.entries()) {
    const fields = { section_title: s.title, section_description: s.description || '' };
    if (si === 0 && existing.length) {
      res = await postForm(c, `/questionnaires/sections/${existing[0]}`, fields);
      assert.equal(res.status, 303, `section ${s.title}: ${textOf(res.text).slice(0, 300)}`);
      out.sections.push(existing[0]);
    } else {
      res = await postForm(c, `/questionnaires/${id}/sections`, fields);
      assert.equal(res.status, 303, `section ${s.title}: ${textOf(res.text).slice(0, 300)}`);
      out.sections.push(Number(res.location.match(/#section-(\d+)/)[1]));
    }
    for (const x of s.questions) {
      res = await postForm(c, `/questionnaires/${id}/questions`, {
        section_id: out.sections[si], kind: x.kind, label: x.label, help: x.help || '', ...(x.required ? { required: '1' } : {}),
        options: x.options || '', ...(x.allow_other ? { allow_other: '1' } : {}), items: x.items || '', low_label: x.low_label || '',
        high_label: x.high_label || '', min_value: x.min_value ?? '', max_value: x.max_value ?? '',
        show_if_question: x.show_if ? out.questions[x.show_if] : '', show_if_value: x.show_if_value || '', objective: x.objective || '',
        ...(x.quotable ? { quotable: '1' } : {}),
      });
      assert.equal(res.status, 303, `question ${x.label}: ${textOf(res.text).slice(0, 400)}`);
      out.questions[x.key] = Number(res.location.match(/#question-(\d+)/)[1]);
    }
  }
  res = await postForm(c, `/questionnaires/${id}`, { title, description, kind, status: 'published', anonymous: anonymous ? '1' : '0' });
  assert.equal(res.status, 303, `questionnaire published: ${textOf(res.text).slice(0, 300)}`);
  return out;
}

// A sending of the questionnaire, sent now (POST /questionnaires/{id}/envois).
//  - audience 'public' (default): a public link; createInvitation gives each new visitor an invitation.
//  - audience 'funders': one invitation per address of `emails` (an address of an account is linked to it),
//    or per row of `recipients`, a CSV table (header "courriel;Secteur…") whose attribute columns each
//    invitation keeps (results cross-tabulate by them);
//    .invitations: [{ id, email, userId, url (the signed-in route for an account), token (from the
//    e-mail when `tokens`), tokenUrl }].
// closesDate: 'YYYY-MM-DD' (optional). Returns { id, audience, link, invitations }.
export async function createCampaign(server, questionnaireId, { title = fresh('Campagne'), audience = 'public', emails = [],
  recipients = '', closesDate = '', tokens = false } = {}) {
  const c = await manager(server);
  const before = tokens ? new Set(mails().map((m) => m.raw)) : null;
  await c.get(`/questionnaires/${questionnaireId}/envois`);
  const res = await postForm(c, `/questionnaires/${questionnaireId}/envois`, { title, audience, when: 'now', send_date: '', send_time: '',
    closes_date: closesDate, reminder_days: '', emails: emails.join('\n'), recipients_csv: recipients, session: '' });
  const out = { id: 0, audience, link: null, invitations: [] };
  if (audience === 'public') {
    assert.equal(res.status, 200, `public sending: ${textOf(res.text).slice(0, 400)}`);
    out.link = (res.text.match(/value="https?:\/\/[^"]*(\/questionnaires\/lien\/[^"]+)"/) || [])[1];
    assert.ok(out.link, 'the public link is shown once');
    out.id = Number(res.text.match(/action="\/questionnaires\/envois\/(\d+)\//)[1]);
    return out;
  }
  assert.equal(res.status, 303, `sending: ${textOf(res.text).slice(0, 400)}`);
  out.id = Number(res.location.match(/\/questionnaires\/envois\/(\d+)/)[1]);
  // The invitations' ids (reading only): the signed-in route needs them.
  const rows = dbRows(server.database, `SELECT id, email, COALESCE(CAST(user_id AS TEXT), '') FROM questionnaire_invitations
    WHERE campaign_id = ${out.id} ORDER BY id`);
  for (const [id, email, uid] of rows) {
    out.invitations.push({ id: Number(id), email, userId: uid ? Number(uid) : null, url: `/questionnaires/invitations/${id}` });
  }
  if (tokens) {
    for (const inv of out.invitations) {
      // The e-mail of this invitation (the person may get others meanwhile, e.g. a session's stage).
      const mine = (m) => {
        if (before.has(m.raw) || m.to !== inv.email || !m.body.includes('/questionnaires/repondre/')) return false;
        const token = linkIn(m.body, '/questionnaires/repondre/').split('/').pop();
        return Number(dbValue(server.database, `SELECT id FROM questionnaire_invitations WHERE token_hash = ${q(sha256(token))}`)) === inv.id;
      };
      const mail = await waitForMail(mine);
      inv.tokenUrl = linkIn(mail.body, '/questionnaires/repondre/');
      inv.token = inv.tokenUrl.split('/').pop();
      assert.equal(Number(dbValue(server.database, `SELECT id FROM questionnaire_invitations WHERE token_hash = ${q(sha256(inv.token))}`)), inv.id);
    }
  }
  return out;
}

// One visitor of a public link (a fresh client: no cookie): GET /questionnaires/lien/{token} gives them
// an invitation of their own. Returns { id, token, url }.
export async function createInvitation(server, campaign) {
  assert.ok(campaign.link, 'an invitation of its own needs a public link');
  const res = await new Client(server.url).get(campaign.link);
  assert.equal(res.status, 303, `public link: ${textOf(res.text).slice(0, 300)}`);
  assert.match(res.location, /^\/questionnaires\/repondre\/[^/?]+$/);
  const token = res.location.split('/').pop();
  const id = Number(dbValue(server.database, `SELECT id FROM questionnaire_invitations WHERE token_hash = ${q(sha256(token))}`));
  assert.ok(id, 'the invitation of the visitor');
  return { id, token, url: res.location };
}

// Closes a sending (POST /questionnaires/envois/{id}/cloturer): its links expire.
export async function closeCampaign(server, campaign) {
  const c = await manager(server);
  await c.get(`/questionnaires/envois/${campaign.id}`);
  const res = await postForm(c, `/questionnaires/envois/${campaign.id}/cloturer`, {});
  assert.equal(res.status, 303, `sending closed: ${textOf(res.text).slice(0, 300)}`);
}

// ---- answering over HTTP

// A complete, valid set of answers for ALL_KINDS, as form fields per section (1-based).
export function allKindsAnswers(qs, { yes = true } = {}) {
  return {
    1: { [`q${qs.single}`]: '__other__', [`q${qs.single}_other`]: 'Insertion', [`q${qs.multiple}`]: ['Outils', 'Méthodes'],
      [`q${qs.yesno}`]: yes ? 'oui' : 'non', [`q${qs.ifyes}`]: 'Pouvoir d’agir 2022' },
    2: { [`q${qs.scale}`]: '4', [`q${qs.nps}`]: '9', [`q${qs.matrix}_0`]: '5', [`q${qs.matrix}_1`]: '4', [`q${qs.matrix}_2`]: '3',
      [`q${qs.ifno}`]: 'Le bouche-à-oreille' },
    3: { [`q${qs.short}`]: 'Animatrice', [`q${qs.long}`]: 'Très utile.\nMerci.', [`q${qs.number}`]: '12,5', [`q${qs.date}`]: '2027-03-15' },
  };
}

// Posts one section page: fields (arrays repeat the name), the button (next, previous, save, send).
export async function postSection(client, url, section, fields, action = 'next') {
  const params = new URLSearchParams();
  params.append('_csrf', client.csrf);
  params.append('_submission', fresh('sub'));
  params.append('section', String(section));
  params.append('action', action);
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) params.append(k, x);
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

// Answers every section (GET each page, POST Suivant, then Envoyer on the last). Returns the last response.
export async function answerAll(client, url, answers, sectionCount = 3) {
  let res;
  for (let s = 1; s <= sectionCount; s++) {
    const page = await client.get(`${url}?section=${s}`);
    assert.equal(page.status, 200, `section ${s}: ${textOf(page.text).slice(0, 300)}`);
    res = await postSection(client, url, s, answers[s] || {}, s === sectionCount ? 'send' : 'next');
    assert.equal(res.status, 303, `section ${s} posted: ${textOf(res.text).slice(0, 400)}`);
  }
  return res;
}

export async function signIn(server, email, password) {
  const c = new Client(server.url);
  const res = password ? await c.login(email, password) : await c.login(email);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

// The administrator's client that builds the questionnaires of this server (to edit them further).
export const managerOf = (server) => manager(server);

// The date in n days in Europe/Paris, as a date field takes it (YYYY-MM-DD).
export const parisDate = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
