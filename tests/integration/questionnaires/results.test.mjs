// Results of questionnaires: rate, distributions, means/medians, the recommendation score, free texts,
// cross-tabulation and its guard per group, the low-response guard, exports (CSV without identity for an
// anonymous questionnaire, XLSX, PDF read back with pdftotext), before/after per objective, the
// programme's published results on its public page, and the organisation scope (404, like a missing id).
//
// The questionnaires are built in the editor and sent (campaigns' routes), the answers of the main
// questionnaire go through the answering pages, like people would (only their invitations' "sector"
// attribute is written directly: no route sets it). The before/after and publication data (evaluation
// stages of a session, responses, applications) and a sending on another organisation's session are still
// written straight into the test's own database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, DEMO, TMP, startTrame } from '../harness.mjs';
import {
  answerAll, createCampaign, createInvitation, createQuestionnaire, dbRows, dbValue, fresh, organisationId, q, setAttributes, signIn,
  textOf, userId,
} from '../questionnaire_fixtures.mjs';

let server;
let db;
let coordinator;   // Département de Loire-Atlantique
let sagiterre;     // training staff of another organisation
let dept;          // the Département's organisation id

const now = () => Math.floor(Date.now() / 1000);
const fr = (x, decimals = 2) => {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return String(r).replace('.', ',');
};
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const pct = (x) => `${Math.round(x)}\u00a0%`;

// The <section> of one question on a results page.
function questionSection(html, qid) {
  const m = html.match(new RegExp(`<section class="panel results-question" aria-labelledby="q${qid}-title">([\\s\\S]*?)</section>`));
  assert.ok(m, `section of question ${qid}`);
  return m[1];
}
// The data table rows of a distribution: { label: [count, percent] }.
function distribution(section) {
  const out = {};
  const table = section.match(/<table class="results-table">([\s\S]*?)<\/table>/);
  assert.ok(table, 'a distribution table');
  for (const m of table[1].matchAll(/<tr><th scope="row">([^<]*)<\/th><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g)) out[textOf(m[1]).trim()] = [Number(m[2]), m[3]];
  return out;
}

// One CSV line (';' separated, RFC 4180 quotes) as fields.
function csvFields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

async function binary(client, url) {
  const res = await fetch(server.url + url, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

function insertResponse(questionnaireId, campaignId, answers, attributes = '{}') {
  const id = Number(BigInt('0x' + randomBytes(6).toString('hex')) + 1n);
  dbValue(db, `INSERT INTO questionnaire_responses (id, questionnaire_id, campaign_id, version, submitted_week, attributes)
    VALUES (${id}, ${questionnaireId}, ${campaignId}, 1, '2026-W10', ${q(attributes)}) RETURNING id`);
  for (const [question, value, item = -1] of answers) {
    const number = /^-?\d+(\.\d+)?$/.test(String(value)) ? String(value) : 'NULL';
    dbValue(db, `INSERT INTO questionnaire_answers (response_id, question_id, item, value, number)
      VALUES (${id}, ${question}, ${item}, ${q(String(value))}, ${number}) RETURNING id`);
  }
  return id;
}

function invitations(campaignId, count, answered) {
  for (let i = 0; i < count; i++) {
    dbValue(db, `INSERT INTO questionnaire_invitations (campaign_id, token_hash, created_at, answered)
      VALUES (${campaignId}, ${q(fresh('h'))}, ${now()}, ${i < answered ? 1 : 0}) RETURNING id`);
  }
}

function stageCampaign(questionnaireId, sessionId, stage) {
  return Number(dbValue(db, `INSERT INTO questionnaire_campaigns (questionnaire_id, organisation_id, title, audience, session_id, stage,
    status, sent_at, created_at, updated_at) VALUES (${questionnaireId}, ${dept}, ${q(fresh(stage))}, 'trainees', ${sessionId}, ${q(stage)},
    'closed', ${now()}, ${now()}, ${now()}) RETURNING id`));
}

function programmeWithSession(title) {
  const t = now();
  const p = Number(dbValue(db, `INSERT INTO training_programmes (organiser_id, title, status, created_at, updated_at)
    VALUES (${dept}, ${q(title)}, 'published', ${t}, ${t}) RETURNING id`));
  const s = Number(dbValue(db, `INSERT INTO training_sessions (programme_id, title, max_trainees, status, starts_at, ends_at, created_at, updated_at)
    VALUES (${p}, ${q(fresh('Session'))}, 12, 'completed', ${t - 90 * 86400}, ${t - 60 * 86400}, ${t}, ${t}) RETURNING id`));
  return { programme: p, session: s };
}

before(async () => {
  server = await startTrame();
  db = server.database;
  dept = Number(dbValue(db, "SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'"));
  coordinator = await signIn(server, DEMO.coordinator);
  sagiterre = await signIn(server, DEMO.training_staff);
});
after(async () => { await server?.stop(); });

// ---- The main questionnaire: 11 answers on campaign 1 (sectors social ×5, cultural ×5, other ×1), 3 on campaign 2.

const SECTORS = ['social', 'social', 'social', 'social', 'social', 'cultural', 'cultural', 'cultural', 'cultural', 'cultural', 'other'];
const SCALE = [5, 4, 4, 3, 5, 2, 3, 4, 5, 1, 4];
const NPS = [10, 9, 8, 7, 6, 0, 9, 10, 3, 9, 5];
const SINGLE = ['Social', 'Social', 'Culturel', '__other__', 'Social', 'Culturel', 'Culturel', 'Social', '__other__', 'Culturel', '__other__'];
const MATRIX0 = [5, 5, 4, 4, 3, 3, 2, 5, 4, 4, 1];
const NUMBER = ['10', '12,5', '20', '8', '30', '15', '0', '40', '25', '5', '7'];
const NUMBER_VALUES = [10, 12.5, 20, 8, 30, 15, 0, 40, 25, 5, 7];
const DATES = ['2027-03-01', '2027-03-15', '2027-04-02', '2027-03-20', '2027-04-10', '2027-03-05', '2027-05-01', '2027-03-30', '2027-04-11', '2027-03-03', '2027-04-04'];

function answersFor(qs, i) {
  const yes = i % 2 === 0;
  const s1 = { [`q${qs.single}`]: SINGLE[i], [`q${qs.multiple}`]: i % 3 === 0 ? ['Outils', 'Méthodes'] : ['Réseau'],
    [`q${qs.yesno}`]: yes ? 'oui' : 'non' };
  if (SINGLE[i] === '__other__') s1[`q${qs.single}_other`] = `Insertion ${i}`;
  if (yes) s1[`q${qs.ifyes}`] = `Formation ${i}`;
  const s2 = { [`q${qs.scale}`]: String(SCALE[i]), [`q${qs.nps}`]: String(NPS[i]), [`q${qs.matrix}_0`]: String(MATRIX0[i]),
    [`q${qs.matrix}_1`]: '4', [`q${qs.matrix}_2`]: '3' };
  if (!yes) s2[`q${qs.ifno}`] = `Décision ${i}`;
  const s3 = { [`q${qs.short}`]: i < 4 ? `Fonction ${i}` : '', [`q${qs.long}`]: `Commentaire ${i}`, [`q${qs.number}`]: NUMBER[i],
    [`q${qs.date}`]: DATES[i] };
  return { 1: s1, 2: s2, 3: s3 };
}

let main;   // { qn, c1, c2 }

async function mainQuestionnaire() {
  if (main) return main;
  const qn = await createQuestionnaire(server, { title: fresh('Satisfaction résultats'), organisationId: dept });
  // 12 addresses (the last one invited, never answers), each answering by the link of their e-mail.
  const emails = [...SECTORS.map((_, i) => `personne${i}@example.org`), 'silencieux@example.org'];
  const c1 = await createCampaign(server, qn.id, { title: 'Envoi principal', audience: 'funders', emails, tokens: true });
  for (let i = 0; i < SECTORS.length; i++) {
    const inv = c1.invitations.find((x) => x.email === `personne${i}@example.org`);
    setAttributes(db, inv.id, JSON.stringify({ sector: SECTORS[i] }));
    const res = await answerAll(new Client(server.url), inv.tokenUrl, answersFor(qn.questions, i));
    assert.equal(res.status, 303);
  }
  const c2 = await createCampaign(server, qn.id, { title: 'Petit envoi', audience: 'public' });
  for (let i = 0; i < 3; i++) {
    const inv = await createInvitation(server, c2);
    setAttributes(db, inv.id, '{"sector":"social"}');
    await answerAll(new Client(server.url), inv.url, answersFor(qn.questions, i));
  }
  main = { qn, c1: c1.id, c2: c2.id };
  return main;
}

describe('results of a questionnaire', () => {
  test('rate, distributions, means and medians, NPS, free texts, months', async () => {
    const { qn, c1 } = await mainQuestionnaire();
    const qs = qn.questions;
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats?envoi=${c1}`);
    assert.equal(res.status, 200, textOf(res.text).slice(0, 300));
    assert.match(res.text, /<dd id="results-responses">11<\/dd>/);
    assert.match(res.text, new RegExp(`<dd id="results-rate">${pct(1100 / 12)} \\(11 / 12\\)</dd>`));
    assert.doesNotMatch(res.text, /Moins de 5 réponses/);

    // Scale: counts per value, mean and median.
    const scale = questionSection(res.text, qs.scale);
    const d = distribution(scale);
    for (let v = 1; v <= 5; v++) {
      const n = SCALE.filter((x) => x === v).length;
      const label = Object.keys(d).find((k) => k === String(v) || k.startsWith(`${v} —`));
      assert.ok(label, `value ${v} listed`);
      assert.deepEqual(d[label], [n, pct((n * 100) / 11)], `value ${v}`);
    }
    assert.ok(d['1 — Pas du tout satisfait'] && d['5 — Très satisfait'], 'the labelled ends');
    assert.match(scale, new RegExp(`<dd class="results-mean">${fr(mean(SCALE))}</dd>`));
    assert.match(scale, new RegExp(`<dd class="results-median">${fr(median(SCALE))}</dd>`));
    // The chart is accessible and sits with its table.
    assert.match(scale, /<svg[^>]*role="img"[^>]*aria-labelledby="q\d+-chart-title"[^>]*aria-describedby="q\d+-chart-desc"/);
    assert.match(scale, /<title id="q\d+-chart-title">/);
    assert.match(scale, /<caption id="q\d+-caption">/);

    // NPS: % promoters (9-10) − % detractors (0-6), with the three counts.
    const promoters = NPS.filter((x) => x >= 9).length;
    const passives = NPS.filter((x) => x === 7 || x === 8).length;
    const detractors = NPS.filter((x) => x <= 6).length;
    const score = Math.round(((promoters - detractors) * 100) / NPS.length);
    const nps = questionSection(res.text, qs.nps);
    assert.match(nps, new RegExp(`<span class="results-nps-score">${score}</span>`));
    assert.match(nps, new RegExp(`<span class="results-nps-promoters">${promoters}</span>`));
    assert.match(nps, new RegExp(`<span class="results-nps-passives">${passives}</span>`));
    assert.match(nps, new RegExp(`<span class="results-nps-detractors">${detractors}</span>`));
    assert.match(nps, new RegExp(`<dd class="results-mean">${fr(mean(NPS))}</dd>`));

    // Single choice with "other, specify": counts and the other texts listed.
    const single = distribution(questionSection(res.text, qs.single));
    assert.deepEqual(single.Social, [4, pct(400 / 11)]);
    assert.deepEqual(single.Culturel, [4, pct(400 / 11)]);
    assert.deepEqual(single['Éducation'], [0, pct(0)]);
    assert.deepEqual(single.Autre, [3, pct(300 / 11)]);
    assert.match(questionSection(res.text, qs.single), /<li>Insertion 3<\/li>/);

    // Multiple choice: % of the respondents (may exceed 100 in total).
    const multiple = distribution(questionSection(res.text, qs.multiple));
    assert.deepEqual(multiple.Outils, [4, pct(400 / 11)]);
    assert.deepEqual(multiple['Réseau'], [7, pct(700 / 11)]);

    // Yes/no.
    const yesno = distribution(questionSection(res.text, qs.yesno));
    assert.deepEqual(yesno.Oui, [6, pct(600 / 11)]);
    assert.deepEqual(yesno.Non, [5, pct(500 / 11)]);

    // Matrix: per item mean and median.
    const matrix = questionSection(res.text, qs.matrix);
    const row = matrix.match(/<tr><th scope="row">Contenus<\/th>([\s\S]*?)<\/tr>/);
    assert.ok(row, 'the Contenus row');
    assert.match(row[1], new RegExp(`<td class="results-mean">${fr(mean(MATRIX0))}</td><td class="results-median">${fr(median(MATRIX0))}</td><td>11</td>`));
    assert.match(matrix, /<tr><th scope="row">Animation<\/th>[\s\S]*?<td class="results-mean">4<\/td>/);

    // Number: mean and median of decimals typed with a comma.
    const number = questionSection(res.text, qs.number);
    assert.match(number, new RegExp(`<dd class="results-mean">${fr(mean(NUMBER_VALUES))}</dd>`));
    assert.match(number, new RegExp(`<dd class="results-median">${fr(median(NUMBER_VALUES))}</dd>`));

    // Dates by month.
    const dates = distribution(questionSection(res.text, qs.date));
    assert.deepEqual(dates['mars 2027'], [6, pct(600 / 11)]);
    assert.deepEqual(dates['avril 2027'], [4, pct(400 / 11)]);
    assert.deepEqual(dates['mai 2027'], [1, pct(100 / 11)]);

    // Free texts: the first 10 listed, then a link to the paginated list.
    const long = questionSection(res.text, qs.long);
    assert.match(long, /11 réponse\(s\) en texte libre/);
    assert.equal([...long.matchAll(/<li>Commentaire \d+<\/li>/g)].length, 10);
    const more = long.match(/<a href="([^"]+)">Voir les 11 réponses en texte libre<\/a>/);
    assert.ok(more, 'a link to every text');
    const all = await coordinator.get(more[1].replace(/&amp;/g, '&'));
    assert.equal(all.status, 200);
    assert.equal([...all.text.matchAll(/<li>Commentaire \d+<\/li>/g)].length, 11);
    assert.match(questionSection(res.text, qs.short), /<li>Fonction 0<\/li>/);
  });

  test('low-response guard: a campaign with 3 answers shows only the count and the rate', async () => {
    const { qn, c2 } = await mainQuestionnaire();
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats?envoi=${c2}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<dd id="results-responses">3<\/dd>/);
    assert.match(res.text, /<dd id="results-rate">100\u00a0% \(3 \/ 3\)<\/dd>/);
    assert.ok(textOf(res.text).includes("Moins de 5 réponses : résultats non détaillés pour préserver l'anonymat"));
    assert.doesNotMatch(res.text, /results-question|results-mean|<svg|Commentaire|results-crosstab-form/);
    // Its free texts are not reachable either.
    const texts = await coordinator.get(`/questionnaires/${qn.id}/resultats/textes/${qn.questions.long}?envoi=${c2}`);
    assert.equal(texts.status, 200);
    assert.doesNotMatch(texts.text, /Commentaire/);
    // Nor its raw responses (anonymous questionnaire).
    const csv = await coordinator.get(`/questionnaires/${qn.id}/resultats.csv?envoi=${c2}`);
    assert.equal(csv.status, 409);
    // The PDF only gives the counts.
    const pdf = await binary(coordinator, `/questionnaires/${qn.id}/resultats.pdf?envoi=${c2}`);
    assert.equal(pdf.status, 200);
    const text = pdfText(pdf.bytes);
    assert.match(text, /Moins de 5 réponses/);
    assert.doesNotMatch(text, /Moyenne/);
  });

  test('cross-tabulation by sector, with the guard per group', async () => {
    const { qn, c1 } = await mainQuestionnaire();
    const qs = qn.questions;
    const page = await coordinator.get(`/questionnaires/${qn.id}/resultats?envoi=${c1}`);
    assert.match(page.text, /<select id="croiser" name="croiser">[\s\S]*<option value="sector" >Profil \(social, culturel, autre\)<\/option>/);
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats?envoi=${c1}&croiser=sector`);
    assert.equal(res.status, 200);
    const scale = questionSection(res.text, qs.scale);
    const table = scale.match(/<table class="results-table results-crosstab">([\s\S]*?)<\/table>/);
    assert.ok(table, 'a cross-tabulation table');
    const rows = Object.fromEntries([...table[1].matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [m[1], m[2]]));
    // Social: 5 answers, shown (mean of its scale answers).
    const social = SCALE.filter((_, i) => SECTORS[i] === 'social');
    assert.match(rows.Social, /^<td>5<\/td>/);
    assert.ok(rows.Social.includes(`<td>${fr(mean(social))}</td>`), rows.Social);
    // Other: 1 answer → not broken down.
    assert.match(rows.Autre, /^<td>1<\/td><td colspan="\d+" class="results-guard-inline">Moins de 5 réponses/);
    // Culturel (5) hidden too, else "Autre" = total − Social − Culturel.
    assert.match(rows.Culturel, /^<td>5<\/td><td colspan="\d+" class="results-guard-inline">Non détaillé/);
    // Free texts are never broken down by group.
    assert.doesNotMatch(questionSection(res.text, qs.long), /results-crosstab/);
  });

  test('CSV has no identity column for an anonymous questionnaire; XLSX opens; PDF reads', async () => {
    const { qn } = await mainQuestionnaire();
    const qs = qn.questions;
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats.csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/csv/);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    const header = csvFields(lines[0]);
    assert.deepEqual(header.slice(0, 4), ['N°', 'Semaine', 'Envoi', 'Profil (social, culturel, autre)']);
    for (const forbidden of ['Nom', 'Envoyée le', 'Code', 'E-mail', 'Invitation']) assert.ok(!header.includes(forbidden), forbidden);
    assert.ok(header.includes('Évaluez chaque point — Contenus'), 'one column per matrix item');
    assert.equal(lines.length, 1 + 14, 'one row per response');
    assert.doesNotMatch(res.text, /personne\d@example\.org|Personne \d|silencieux/);
    assert.match(res.text, /Outils \| Méthodes/, 'multiple choices joined');
    assert.match(res.text, /Autre : Insertion 3/);
    assert.match(lines[1], /^1;\d{4}-W\d{2};/);
    // Audit: the export is recorded, naming no response.
    const audit = dbRows(db, `SELECT detail FROM audit_log WHERE action = 'results.export' AND subject = 'questionnaire:${qn.id}'`);
    assert.ok(audit.some((r) => r[0].startsWith('csv, 14')), JSON.stringify(audit));

    const xlsx = await binary(coordinator, `/questionnaires/${qn.id}/resultats.xlsx`);
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
    const file = path.join(TMP, `${fresh('results')}.xlsx`);
    fs.writeFileSync(file, xlsx.bytes);
    const sheet = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    assert.equal(sheet.status, 0, sheet.stderr);
    assert.match(sheet.stdout, /Évaluez chaque point — Contenus/);
    assert.doesNotMatch(sheet.stdout, /personne\d@example\.org|Personne \d/);
    // The response number is a number cell (Excel sorts 10 after 9), and every column has its own header.
    const a2 = sheet.stdout.match(/<c r="A2"([^>]*)><v>1<\/v>/);
    assert.ok(a2, sheet.stdout.slice(0, 3000));
    assert.doesNotMatch(a2[1], /t="/);
    const headers = [...sheet.stdout.match(/<row r="1"[\s\S]*?<\/row>/)[0].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    assert.equal(new Set(headers).size, headers.length, `duplicate headers: ${headers.join(' | ')}`);
    fs.rmSync(file);

    const pdf = await binary(coordinator, `/questionnaires/${qn.id}/resultats.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    const text = pdfText(pdf.bytes);
    assert.match(text, /Résultats — Satisfaction\s+résultats/);
    assert.match(text, /Satisfaction générale/);
    assert.match(text, /Moyenne/);
    assert.match(text, /Score de recommandation/);
    assert.ok(qs.scale);
  });

  test('a named questionnaire exports the respondent\'s name', async () => {
    const qn = await createQuestionnaire(server, { title: fresh('Nominatif'), anonymous: false, organisationId: dept,
      sections: [{ title: 'Avis', questions: [{ key: 'scale', kind: 'scale', label: 'Note', required: 1 }] }] });
    const c = await createCampaign(server, qn.id, { audience: 'funders', emails: [DEMO.trainee] });
    const trainee = userId(db, DEMO.trainee);
    const name = dbValue(db, `SELECT name FROM users WHERE id = ${trainee}`);
    const [inv] = c.invitations;
    assert.equal(inv.userId, trainee);
    const trainee_client = await signIn(server, DEMO.trainee);
    const done = await answerAll(trainee_client, inv.url, { 1: { [`q${qn.questions.scale}`]: '4' } }, 1);
    assert.equal(done.status, 303);
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats.csv`);
    assert.equal(res.status, 200);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    assert.deepEqual(csvFields(lines[0]).slice(0, 5), ['N°', 'Semaine', 'Nom', 'Envoyée le', 'Envoi']);
    assert.equal(csvFields(lines[1])[2], name);
  });

  test('a session\'s managers read the results of its campaigns only', async () => {
    // A questionnaire owned by neither's organisation, sent on Sagiterre's session (no route sends a
    // questionnaire on another organisation's session: that sending and its responses are written directly).
    const qn = await createQuestionnaire(server, { title: fresh('Partagé'), organisationId: await organisationId(server, 'Cultures du Cœur 94'),
      sections: [{ title: 'Avis', questions: [{ key: 'scale', kind: 'scale', label: 'Note' }] }] });
    const session = Number(dbValue(db, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'"));
    const c = Number(dbValue(db, `INSERT INTO questionnaire_campaigns (questionnaire_id, title, audience, session_id, status, created_at, updated_at)
      VALUES (${qn.id}, 'Envoi Sagiterre', 'trainees', ${session}, 'open', ${now()}, ${now()}) RETURNING id`));
    [4, 5, 3, 4, 5].forEach((v) => insertResponse(qn.id, c, [[qn.questions.scale, v]]));
    assert.equal((await sagiterre.get(`/questionnaires/${qn.id}/resultats`)).status, 404);
    const bySession = await sagiterre.get(`/questionnaires/${qn.id}/resultats?session=${session}`);
    assert.equal(bySession.status, 200);
    assert.match(bySession.text, /<dd id="results-responses">5<\/dd>/);
    assert.match(bySession.text, /<dd class="results-mean">4,2<\/dd>/);
    assert.equal((await sagiterre.get(`/questionnaires/${qn.id}/resultats?envoi=${c}`)).status, 200);
    assert.equal((await coordinator.get(`/questionnaires/${qn.id}/resultats?session=${session}`)).status, 404);
  });

  test('another organisation gets 404, like a missing id', async () => {
    const { qn, c1 } = await mainQuestionnaire();
    for (const url of [`/questionnaires/${qn.id}/resultats`, `/questionnaires/${qn.id}/resultats?envoi=${c1}`,
      `/questionnaires/${qn.id}/resultats.csv`, `/questionnaires/${qn.id}/resultats.xlsx`, `/questionnaires/${qn.id}/resultats.pdf`,
      `/questionnaires/${qn.id}/resultats/textes/${qn.questions.long}`]) {
      const res = await sagiterre.get(url);
      assert.equal(res.status, 404, url);
    }
    const anonymous = await new Client(server.url).get(`/questionnaires/${qn.id}/resultats`);
    assert.ok([302, 303].includes(anonymous.status), 'anonymous visitors are sent to sign in');
    assert.equal((await coordinator.get('/questionnaires/999999/resultats')).status, 404);
  });
});

function pdfText(bytes) {
  const file = path.join(TMP, `${fresh('results')}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.rmSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// ---- Before / after, and the published results of a programme

describe('before/after and published results', () => {
  let ps;
  let positioning;
  let followup;
  const BEFORE_A = [1, 2, 2, 3, 2];
  const AFTER_A = [4, 4, 5, 3, 4];
  const BEFORE_B = [2, 3, 3, 2, 4];
  const AFTER_B = [4, 5, 4];          // 3 answers: hidden on that side

  before(async () => {
    ps = programmeWithSession(fresh('Programme résultats'));
    const sections = (prefix) => [{ title: 'Objectifs', questions: [
      { key: 'a', kind: 'scale', label: `${prefix} animer un atelier`, objective: 'animer' },
      { key: 'b', kind: 'scale', label: `${prefix} les acteurs du territoire`, objective: 'acteurs' },
      { key: 'c', kind: 'short', label: 'Un mot' },
    ] }];
    positioning = await createQuestionnaire(server, { title: fresh('Positionnement'), kind: 'positioning', organisationId: dept, sections: sections('Avant :') });
    followup = await createQuestionnaire(server, { title: fresh('Suivi'), kind: 'followup', organisationId: dept, sections: sections('Après :') });
    const cb = stageCampaign(positioning.id, ps.session, 'positioning');
    const ca = stageCampaign(followup.id, ps.session, 'followup');
    BEFORE_A.forEach((v, i) => insertResponse(positioning.id, cb, [[positioning.questions.a, v], [positioning.questions.b, BEFORE_B[i]]]));
    AFTER_A.forEach((v, i) => insertResponse(followup.id, ca, AFTER_B[i] ? [[followup.questions.a, v], [followup.questions.b, AFTER_B[i]]]
      : [[followup.questions.a, v]]));
  });

  function comparisonRows(html) {
    const table = html.match(/<table class="results-table" id="comparison-table">([\s\S]*?)<\/table>/);
    assert.ok(table, 'the comparison table');
    return Object.fromEntries([...table[1].matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [textOf(m[1]).trim(), textOf(m[2]).trim()]));
  }

  test('positioning vs follow-up per objective, for the session and the programme', async () => {
    for (const url of [`/formations/sessions/${ps.session}/evaluations/comparaison`, `/formations/programmes/${ps.programme}/evaluations/comparaison`]) {
      const res = await coordinator.get(url);
      assert.equal(res.status, 200, url);
      assert.match(res.text, /<dd id="before-responses">5/);
      assert.match(res.text, /<dd id="after-responses">5/);
      assert.match(res.text, /<svg[^>]*role="img"[^>]*aria-labelledby="comparison-chart-title"/);
      const rows = comparisonRows(res.text);
      const diff = mean(AFTER_A) - mean(BEFORE_A);
      assert.equal(rows['Avant : animer un atelier'], `${fr(mean(BEFORE_A))} (5) ${fr(mean(AFTER_A))} (5) +${fr(diff)}`);
      assert.equal(rows['Avant : les acteurs du territoire'], `${fr(mean(BEFORE_B))} (5) Moins de 5 réponses (3) —`);
      assert.ok(!('Un mot' in rows), 'only questions with an objective');
    }
    assert.equal((await sagiterre.get(`/formations/sessions/${ps.session}/evaluations/comparaison`)).status, 404);
    assert.equal((await sagiterre.get(`/formations/programmes/${ps.programme}/evaluations/comparaison`)).status, 404);
  });

  test('publishing a programme\'s results shows them on its public page, dated', async () => {
    // End-of-course campaign: 6 answers to "Satisfaction globale", 8 invited; 3 completed, 1 dropped out.
    const sat = await createQuestionnaire(server, { title: fresh('Satisfaction fin'), kind: 'satisfaction', organisationId: dept, sections: [
      { title: 'Avis', questions: [{ key: 'other', kind: 'scale', label: 'Qualité des supports' },
        { key: 'global', kind: 'scale', label: 'Satisfaction globale de la formation' }] }] });
    const end = stageCampaign(sat.id, ps.session, 'end');
    const values = [5, 4, 4, 3, 5, 5];
    values.forEach((v) => insertResponse(sat.id, end, [[sat.questions.global, v], [sat.questions.other, 1]]));
    invitations(end, 8, 6);
    const users = dbRows(db, "SELECT id FROM users WHERE email LIKE '%@demo.trame.local' ORDER BY id LIMIT 4").map((r) => r[0]);
    assert.equal(users.length, 4);
    users.forEach((u, i) => dbValue(db, `INSERT INTO training_applications (session_id, user_id, status, sector, requested_at, created_at, updated_at)
      VALUES (${ps.session}, ${u}, ${i < 3 ? "'completed'" : "'dropped_out'"}, 'social', ${now()}, ${now()}, ${now()}) RETURNING id`));

    const publicPage = `/formations/programmes/${ps.programme}`;
    let visitor = await new Client(server.url).get(publicPage);
    assert.equal(visitor.status, 200);
    assert.match(visitor.text, /Résultats de satisfaction : pas encore publiés/);

    const page = await coordinator.get(`/formations/programmes/${ps.programme}/resultats`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<dd id="preview-satisfaction">4,3 \/ 5 \(6 réponses\)<\/dd>/);
    assert.equal((await sagiterre.get(`/formations/programmes/${ps.programme}/resultats`)).status, 404);
    const denied = await sagiterre.post(`/formations/programmes/${ps.programme}/resultats/publier`, { _submission: fresh('sub') });
    assert.equal(denied.status, 404);
    assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM programme_results WHERE programme_id = ${ps.programme}`)), 0);

    await coordinator.get(`/formations/programmes/${ps.programme}/resultats`);
    const published = await coordinator.post(`/formations/programmes/${ps.programme}/resultats/publier`, { _submission: coordinator.submission });
    assert.equal(published.status, 303);
    const row = dbRows(db, `SELECT satisfaction, satisfaction_responses, response_rate, completion_rate, dropout_rate, trainees, published
      FROM programme_results WHERE programme_id = ${ps.programme}`);
    assert.equal(row.length, 1);
    assert.ok(Math.abs(Number(row[0][0]) - mean(values)) < 1e-9);
    assert.deepEqual(row[0].slice(1).map(Number), [6, 75, 75, 25, 3, 1]);

    visitor = await new Client(server.url).get(publicPage);
    assert.equal(visitor.status, 200);
    assert.doesNotMatch(visitor.text, /pas encore publiés/);
    assert.match(visitor.text, /<dd id="published-satisfaction">4,3 \/ 5 \(6 réponses\)<\/dd>/);
    assert.match(visitor.text, /<dd id="published-response-rate">75\u00a0%<\/dd>/);
    assert.match(visitor.text, /<dd id="published-completion">75\u00a0%<\/dd>/);
    assert.match(visitor.text, /<dd id="published-dropout">25\u00a0%<\/dd>/);
    assert.match(visitor.text, /<p class="meta" id="published-computed">Calculés le \d{2}\/\d{2}\/\d{4}<\/p>/);
  });

  test('satisfaction under 5 responses is published without the figure', async () => {
    const other = programmeWithSession(fresh('Petit programme'));
    const sat = await createQuestionnaire(server, { title: fresh('Satisfaction'), kind: 'satisfaction', organisationId: dept, sections: [
      { title: 'Avis', questions: [{ key: 'first', kind: 'scale', label: 'Votre avis général' }] }] });
    const end = stageCampaign(sat.id, other.session, 'end');
    [5, 5, 4].forEach((v) => insertResponse(sat.id, end, [[sat.questions.first, v]]));
    await coordinator.get(`/formations/programmes/${other.programme}/resultats`);
    const published = await coordinator.post(`/formations/programmes/${other.programme}/resultats/publier`, { _submission: coordinator.submission });
    assert.equal(published.status, 303);
    assert.deepEqual(dbRows(db, `SELECT COALESCE(CAST(satisfaction AS TEXT), 'null'), satisfaction_responses FROM programme_results
      WHERE programme_id = ${other.programme}`), [['null', '3']]);
    const visitor = await new Client(server.url).get(`/formations/programmes/${other.programme}`);
    assert.match(visitor.text, /<dd id="published-satisfaction">Moins de 5 réponses : non affichée<\/dd>/);
  });
});
