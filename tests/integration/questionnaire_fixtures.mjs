// Shared steps of the questionnaire tests (answers, anonymity; others may import them).
//
// Test data: a questionnaire of every kind of question, a campaign and invitations. The editor
// (questionnaires) and sendings (campaigns) routes are other modules'; until they are used here, the
// data is written straight into the test's own fresh database with the engine's command-line client
// (sqlite3 / psql), exactly as those modules store it (migrations/*/0015_questionnaires.sql), and the
// answering itself always goes over HTTP like a person would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Client, ENGINE } from './harness.mjs';

export const fresh = (prefix = 's') => `${prefix}-${randomBytes(5).toString('hex')}`;
export const decode = (s) => s.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
export const textOf = (html) => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
export const sha256 = (s) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(18).toString('base64url');

// ---- the database (read, and test data writes), through the engine's CLI

const SEP = '\u001f';
const ROW = '\u001e';

function cli(database, sql) {
  let r;
  if (ENGINE === 'postgresql' || database.startsWith('postgresql://')) {
    r = spawnSync('psql', [database, '-X', '-q', '-A', '-t', '-F', SEP, '-R', ROW, '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  } else {
    const file = database.replace(/^sqlite:/, '');
    r = spawnSync('sqlite3', ['-bail', '-batch', '-noheader', '-separator', SEP, '-newline', ROW, '-cmd', '.timeout 5000', file, sql], { encoding: 'utf8' });
  }
  if (r.status !== 0) throw new Error(`SQL failed (${sql.slice(0, 200)}): ${r.stderr}`);
  return r.stdout;
}

// Rows of a query, each an array of strings (NULL as '').
export function dbRows(database, sql) {
  return cli(database, sql).replace(/\n$/, '').split(ROW).filter((l) => l.length).map((l) => l.split(SEP));
}
export function dbValue(database, sql) {
  const rows = dbRows(database, sql);
  return rows.length ? rows[0][0] : undefined;
}
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

// A published questionnaire with its sections and questions. Returns { id, sections: [ids], questions: {key: id} }.
export function createQuestionnaire(database, { title = fresh('Questionnaire'), anonymous = true, sections = ALL_KINDS,
  description = 'Merci de prendre **cinq minutes** pour répondre.', kind = 'satisfaction', organisationId = null } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const id = Number(dbValue(database, `INSERT INTO questionnaires (organisation_id, title, description, kind, anonymous, status, created_at, updated_at)
    VALUES (${organisationId ?? 'NULL'}, ${q(title)}, ${q(description)}, ${q(kind)}, ${anonymous ? 1 : 0}, 'published', ${now}, ${now}) RETURNING id`));
  const out = { id, title, sections: [], questions: {} };
  sections.forEach((s, si) => {
    const sid = Number(dbValue(database, `INSERT INTO questionnaire_sections (questionnaire_id, position, title, description)
      VALUES (${id}, ${si + 1}, ${q(s.title)}, ${q(s.description || '')}) RETURNING id`));
    out.sections.push(sid);
    s.questions.forEach((x, qi) => {
      const cond = x.show_if ? out.questions[x.show_if] : null;
      const qid = Number(dbValue(database, `INSERT INTO questionnaire_questions (questionnaire_id, section_id, position, kind, label, help,
        required, options, allow_other, items, low_label, high_label, min_value, max_value, show_if_question, show_if_value, created_at, updated_at)
        VALUES (${id}, ${sid}, ${qi + 1}, ${q(x.kind)}, ${q(x.label)}, ${q(x.help || '')}, ${x.required ? 1 : 0}, ${q(x.options || '')},
        ${x.allow_other ? 1 : 0}, ${q(x.items || '')}, ${q(x.low_label || '')}, ${q(x.high_label || '')}, ${x.min_value ?? 'NULL'},
        ${x.max_value ?? 'NULL'}, ${cond ?? 'NULL'}, ${q(x.show_if_value || '')}, ${now}, ${now}) RETURNING id`));
      out.questions[x.key] = qid;
    });
  });
  return out;
}

// An open campaign of the questionnaire. closesAt: unix seconds (0: never).
export function createCampaign(database, questionnaireId, { title = fresh('Campagne'), audience = 'members', status = 'open',
  closesAt = 0 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return Number(dbValue(database, `INSERT INTO questionnaire_campaigns (questionnaire_id, title, audience, status, sent_at, closes_at, created_at, updated_at)
    VALUES (${questionnaireId}, ${q(title)}, ${q(audience)}, ${q(status)}, ${now}, ${closesAt}, ${now}, ${now}) RETURNING id`));
}

// An invitation (a person when userId is given, else a visitor). Returns { id, token }.
export function createInvitation(database, campaignId, { userId = null, email = '', name = '', attributes = '{}',
  respondentCode = '', expiresAt = 0 } = {}) {
  const token = newToken();
  const now = Math.floor(Date.now() / 1000);
  const id = Number(dbValue(database, `INSERT INTO questionnaire_invitations (campaign_id, user_id, email, name, token_hash, created_at, sent_at,
    expires_at, respondent_code, attributes) VALUES (${campaignId}, ${userId ?? 'NULL'}, ${q(email)}, ${q(name)}, ${q(sha256(token))}, ${now}, ${now},
    ${expiresAt}, ${q(respondentCode)}, ${q(attributes)}) RETURNING id`));
  return { id, token, url: `/questionnaires/repondre/${token}` };
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
