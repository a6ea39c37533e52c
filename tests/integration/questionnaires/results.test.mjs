// Results of questionnaires: rate, distributions, means/medians, the recommendation score, free texts,
// cross-tabulation and its guard per group, the low-response guard, exports (CSV without identity for an
// anonymous questionnaire, XLSX, PDF read back with pdftotext), before/after per objective, the
// programme's published results on its public page, and the organisation scope (404, like a missing id).
//
// Every piece of data is made over HTTP, like people would: questionnaires built in the editor, sendings
// and public links made on the campaigns' pages, answers given through the answering pages (by the link
// of an e-mail, a public link, or signed in on "Mes questionnaires"); programmes, sessions, applications,
// admissions, confirmations, attendance, a dropout and the session's completion through the trainings'
// pages; a session's evaluation cycle created and sent by the job runner (`trame jobs run-due --now T`).
// The server is then restarted on the same database with a simulated clock (TRAME_CLOCK_OFFSET) inside
// the session's first half-day, so that its attendance sheet opens and the session is completed.
// The invitations' sector comes from the CSV table of addresses of the sending (its "Secteur" column),
// as a manager gives it on the sending form. The session managers' test reaches a session of Sagiterre
// whose sending is of another organisation's questionnaire the one way the product makes it: the
// sending is made on the session while its programme is the other organisation's, then an
// administrator hands the programme over to Sagiterre (the programme's form, organiser changed).
// The database is only read (SELECT), to find ids and check what the pages wrote.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, DEMO, TMP, startTrame } from '../harness.mjs';
import {
  answerAll, createCampaign, createInvitation, createQuestionnaire, dbRows, dbValue, fresh, organisationId, postForm,
  signIn, textOf, userId,
} from '../questionnaire_fixtures.mjs';
import { admit, alertOf, anonymousApplicant, confirm, createSession } from '../enrolments_fixtures.mjs';
import { cycleOf, runDue } from '../campaigns_fixtures.mjs';

let server;
let db;
let coordinator;   // Département de Loire-Atlantique
let sagiterre;     // training staff of another organisation
let dept;          // the Département's organisation id

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

before(async () => {
  server = await startTrame();
  db = server.database;
  dept = Number(dbValue(db, "SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'"));
  coordinator = await signIn(server, DEMO.coordinator);
  sagiterre = await signIn(server, DEMO.training_staff);
});
after(async () => { await server?.stop(); });

// ---- The main questionnaire: 11 answers on campaign 1 (sectors social ×5, cultural ×5, other ×1), 3 on campaign 2.

const SECTORS = ['Social', 'Social', 'Social', 'Social', 'Social', 'Culturel', 'Culturel', 'Culturel', 'Culturel', 'Culturel', 'Autre'];
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
  // 12 addresses with their sector, a CSV table of the sending form (the last one invited, never answers),
  // each answering by the link of their e-mail.
  const recipients = ['courriel;Secteur', ...SECTORS.map((s, i) => `personne${i}@example.org;${s}`), 'silencieux@example.org;Social'].join('\n');
  const c1 = await createCampaign(server, qn.id, { title: 'Envoi principal', audience: 'funders', recipients, tokens: true });
  assert.equal(c1.invitations.length, 12);
  for (let i = 0; i < SECTORS.length; i++) {
    const inv = c1.invitations.find((x) => x.email === `personne${i}@example.org`);
    const res = await answerAll(new Client(server.url), inv.tokenUrl, answersFor(qn.questions, i));
    assert.equal(res.status, 303);
  }
  const c2 = await createCampaign(server, qn.id, { title: 'Petit envoi', audience: 'public' });
  for (let i = 0; i < 3; i++) {
    const inv = await createInvitation(server, c2);
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
    assert.match(long, /11 réponse(\(s\)|s) en texte libre/);
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
    // The key of the CSV's column, labelled with its header as typed.
    assert.match(page.text, /<select id="croiser" name="croiser">[\s\S]*<option value="secteur" >Secteur<\/option>/);
    const res = await coordinator.get(`/questionnaires/${qn.id}/resultats?envoi=${c1}&croiser=secteur`);
    assert.equal(res.status, 200);
    const scale = questionSection(res.text, qs.scale);
    const table = scale.match(/<table class="results-table results-crosstab">([\s\S]*?)<\/table>/);
    assert.ok(table, 'a cross-tabulation table');
    const rows = Object.fromEntries([...table[1].matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [m[1], m[2]]));
    // Social: 5 answers, shown (mean of its scale answers).
    const social = SCALE.filter((_, i) => SECTORS[i] === 'Social');
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
    assert.deepEqual(header.slice(0, 4), ['N°', 'Semaine', 'Envoi', 'Secteur']);
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
    // The report has the charts (a picture per distribution), and its headers are whole words.
    const images = pdfImages(pdf.bytes);
    assert.ok(images >= 6, `the charts of the PDF report: ${images}`);
    assert.match(text, /Moyenne\s+Médiane\s+Réponses/, 'the matrix table\'s headers, not cut mid-word');
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
    // A programme of the Communauté de communes du Pays d'Ancenis (made by an administrator), its session,
    // five trainees who apply, are admitted and confirm; a sending of the Communauté's questionnaire to the
    // session's trainees, which they answer signed in. Then the administrator hands the programme over to
    // Sagiterre (the programme's form, organiser changed): the session and its sending's results follow
    // the session, the questionnaire stays the Communauté's. That is how the product puts another
    // organisation's questionnaire on a session of Sagiterre (a sending's session is otherwise always its
    // questionnaire's organisation's, and the evaluation cycle takes the organiser's own questionnaires).
    const admin = await signIn(server, DEMO.administrator);
    const ancenis = await organisationId(server, "Communauté de communes du Pays d'Ancenis");
    const sagiterreOrg = await organisationId(server, 'Sagiterre');
    const programme = {
      title: fresh('Programme transmis'), summary: 'Un programme repris par un autre organisme.', objectives: 'Coopérer', competences: 'Animer',
      audience: 'Tous publics', prerequisites: 'Aucun', admission: 'Sur dossier', duration_days: '1', duration_hours: '7 h',
      price: '0', teaching_methods: 'Ateliers', evaluation_methods: 'Questionnaires', accessibility: 'Salle accessible',
      disability_contact: 'Accueil', contacts: 'accueil@exemple.org', nature: 'action_formation', mixed_threshold: '70', status: 'published',
    };
    await admin.get('/formations/programmes/nouveau');
    let res = await admin.post('/formations/programmes', { ...programme, organiser: String(ancenis), _submission: fresh('sub') });
    assert.equal(res.status, 303, `programme created: ${alertOf(res)}`);
    const programmeId = Number(res.location.match(/\/formations\/programmes\/(\d+)/)[1]);
    const session = await createSession(admin, programmeId, { startIn: 21, days: 1, min: 1, max: 12 });
    const people = [];
    for (let i = 0; i < 5; i++) {
      const t = await anonymousApplicant(server, session);
      await admit(admin, t.id);
      await confirm(t.client, t.id);
      people.push({ ...t, user: userId(db, t.email) });
    }
    const qn = await createQuestionnaire(server, { title: fresh('Partagé'), organisationId: ancenis,
      sections: [{ title: 'Avis', questions: [{ key: 'scale', kind: 'scale', label: 'Note' }] }] });
    await admin.get(`/questionnaires/${qn.id}/envois`);
    res = await postForm(admin, `/questionnaires/${qn.id}/envois`, { title: 'Envoi aux stagiaires', audience: 'trainees',
      session: String(session), emails: '', recipients_csv: '', when: 'now', send_date: '', send_time: '', closes_date: '', reminder_days: '' });
    assert.equal(res.status, 303, `sending to the session's trainees: ${textOf(res.text).slice(0, 300)}`);
    const c = Number(res.location.match(/\/questionnaires\/envois\/(\d+)/)[1]);
    for (const [i, v] of [4, 5, 3, 4, 5].entries()) {
      const inv = Number(dbValue(db, `SELECT id FROM questionnaire_invitations WHERE campaign_id = ${c} AND user_id = ${people[i].user}`));
      assert.ok(inv, `invitation of ${people[i].email}`);
      const done = await answerAll(people[i].client, `/questionnaires/invitations/${inv}`, { 1: { [`q${qn.questions.scale}`]: String(v) } }, 1);
      assert.equal(done.status, 303);
    }
    // Before the hand-over, Sagiterre reads nothing of it.
    assert.equal((await sagiterre.get(`/questionnaires/${qn.id}/resultats?session=${session}`)).status, 404);

    await admin.get(`/formations/programmes/${programmeId}/modifier`);
    res = await admin.post(`/formations/programmes/${programmeId}`, { ...programme, organiser: String(sagiterreOrg), _submission: fresh('sub') });
    assert.equal(res.status, 303, `programme handed over: ${alertOf(res)}`);
    assert.equal(Number(dbValue(db, `SELECT organisation_id FROM questionnaires WHERE id = ${qn.id}`)), ancenis, 'the questionnaire stays the Communauté\'s');

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

// How many pictures a PDF holds (pdfimages -list: two header lines, then one line per image).
function pdfImages(bytes) {
  const file = path.join(TMP, `${fresh('results')}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  fs.rmSync(file);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').length - 2;
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

  let sat;            // the end-of-course questionnaire of ps
  let small;          // the "Petit programme": { programme, session, sat }
  const VALUES = [5, 4, 4, 3, 5, 5];   // "Satisfaction globale" of 6 of the 8 trainees

  // A published programme of the Département, made on the trainings' pages.
  async function createProgramme(title) {
    await coordinator.get('/formations/programmes/nouveau');
    const res = await coordinator.post('/formations/programmes', {
      organiser: String(dept), title, summary: 'Des résultats publiés.', objectives: 'Coopérer', competences: 'Animer',
      audience: 'Tous publics', prerequisites: 'Aucun', admission: 'Sur dossier', duration_days: '1', duration_hours: '7 h',
      price: '0', teaching_methods: 'Ateliers', evaluation_methods: 'Questionnaires', accessibility: 'Salle accessible',
      disability_contact: 'Accueil', contacts: 'accueil@exemple.org', nature: 'action_formation', mixed_threshold: '70',
      status: 'published', _submission: fresh('sub'),
    });
    assert.equal(res.status, 303, `programme created: ${alertOf(res)}`);
    return Number(res.location.match(/\/formations\/programmes\/(\d+)/)[1]);
  }

  // `count` people apply anonymously (their accounts made through the e-mailed link), are admitted and confirm.
  async function trainees(sessionId, count) {
    const out = [];
    for (let i = 0; i < count; i++) {
      const t = await anonymousApplicant(server, sessionId);
      await admit(coordinator, t.id);
      await confirm(t.client, t.id);
      out.push({ ...t, user: userId(db, t.email) });
    }
    return out;
  }

  // The trainee answers the stage's sending signed in, on the invitation of "Mes questionnaires".
  async function answerStage(campaignId, trainee, fields) {
    const id = Number(dbValue(db, `SELECT id FROM questionnaire_invitations WHERE campaign_id = ${campaignId} AND user_id = ${trainee.user}`));
    assert.ok(id, `invitation of ${trainee.email} to sending ${campaignId}`);
    const done = await answerAll(trainee.client, `/questionnaires/invitations/${id}`, { 1: fields }, 1);
    assert.equal(done.status, 303);
  }

  // Moves the session to `to`, unless the trainings' job runner of the server already did.
  async function moveSession(sessionId, to) {
    await coordinator.get(`/formations/sessions/${sessionId}`);
    const res = await coordinator.post(`/formations/sessions/${sessionId}/statut`, { status: to, reason: '', _submission: fresh('sub') });
    // Only "running" may have been reached by the job runner (a session that starts runs).
    if (res.status !== 303) assert.equal(to, 'running', `session ${sessionId} → ${to}: ${alertOf(res)}`);
  }

  before(async () => {
    // Two programmes of the Département, each with a one-day session in three weeks; their questionnaires
    // (before and after with objectives, end-of-course satisfaction) belong to the programme, so the
    // evaluation cycle of the session takes them.
    ps = { programme: await createProgramme(fresh('Programme résultats')) };
    small = { programme: await createProgramme(fresh('Petit programme')) };
    const sections = (prefix) => [{ title: 'Objectifs', questions: [
      { key: 'a', kind: 'scale', label: `${prefix} animer un atelier`, objective: 'animer' },
      { key: 'b', kind: 'scale', label: `${prefix} les acteurs du territoire`, objective: 'acteurs' },
      { key: 'c', kind: 'short', label: 'Un mot' },
    ] }];
    positioning = await createQuestionnaire(server, { title: fresh('Positionnement'), kind: 'positioning', organisationId: dept,
      programme: ps.programme, sections: sections('Avant :') });
    followup = await createQuestionnaire(server, { title: fresh('Suivi'), kind: 'followup', organisationId: dept,
      programme: ps.programme, sections: sections('Après :') });
    sat = await createQuestionnaire(server, { title: fresh('Satisfaction fin'), kind: 'satisfaction', organisationId: dept,
      programme: ps.programme, sections: [{ title: 'Avis', questions: [{ key: 'other', kind: 'scale', label: 'Qualité des supports' },
        { key: 'global', kind: 'scale', label: 'Satisfaction globale de la formation' }] }] });
    small.sat = await createQuestionnaire(server, { title: fresh('Satisfaction'), kind: 'satisfaction', organisationId: dept,
      programme: small.programme, sections: [{ title: 'Avis', questions: [{ key: 'first', kind: 'scale', label: 'Votre avis général' }] }] });
    ps.session = await createSession(coordinator, ps.programme, { startIn: 21, days: 1, min: 1, max: 12 });
    small.session = await createSession(coordinator, small.programme, { startIn: 21, days: 1, min: 1, max: 12 });
    const people = await trainees(ps.session, 8);
    const few = await trainees(small.session, 3);

    // The job runner creates each session's cycle, then sends its stages at their dates.
    runDue(db, Date.now() / 1000);
    const cycle = await cycleOf(coordinator, ps.session);
    const other = await cycleOf(coordinator, small.session);
    assert.equal(cycle.positioning.send > 0 && cycle.end.send > 0 && cycle.followup.send > 0, true);
    // Positioning: 8 invited, 5 answer.
    runDue(db, Math.max(cycle.positioning.send, other.positioning.send));
    for (let i = 0; i < BEFORE_A.length; i++) {
      await answerStage(cycle.positioning.campaign, people[i], { [`q${positioning.questions.a}`]: String(BEFORE_A[i]),
        [`q${positioning.questions.b}`]: String(BEFORE_B[i]) });
    }
    // End of course: 8 invited, 6 answer; 3 answer on the small programme.
    runDue(db, Math.max(cycle.end.send, other.end.send));
    for (let i = 0; i < VALUES.length; i++) {
      await answerStage(cycle.end.campaign, people[i], { [`q${sat.questions.global}`]: String(VALUES[i]), [`q${sat.questions.other}`]: '1' });
    }
    for (const [i, v] of [5, 5, 4].entries()) await answerStage(other.end.campaign, few[i], { [`q${small.sat.questions.first}`]: String(v) });
    // Follow-up: 5 answer, 3 of them to the second objective.
    runDue(db, cycle.followup.send);
    for (let i = 0; i < AFTER_A.length; i++) {
      await answerStage(cycle.followup.campaign, people[i], { [`q${followup.questions.a}`]: String(AFTER_A[i]),
        ...(AFTER_B[i] ? { [`q${followup.questions.b}`]: String(AFTER_B[i]) } : {}) });
    }

    // The server again, on the same database, its clock 10 minutes before the session's half-day: the
    // attendance sheet opens, 3 trainees are present, one dropped out; then the session is completed
    // (the present ones complete the course).
    const sheets = await coordinator.get(`/formations/sessions/${ps.session}/emargement`);
    assert.equal(sheets.status, 200);
    const [, halfday, starts] = sheets.text.match(/data-halfday="(\d+)" data-starts="(\d+)"/).map(Number);
    await server.stop();
    server = await startTrame({ database: db, demo: false, env: { TRAME_CLOCK_OFFSET: String(starts - 600 - Math.floor(Date.now() / 1000)) } });
    // Three weeks later, the sessions signed in before have expired: signed in again.
    coordinator = await signIn(server, DEMO.coordinator);
    sagiterre = await signIn(server, DEMO.training_staff);
    const sheet = `/formations/demi-journees/${halfday}`;
    await coordinator.get(sheet);
    let res = await coordinator.post(`${sheet}/ouvrir`, { _submission: fresh('sub') });
    assert.equal(res.status, 200, `sheet opened: ${alertOf(res)}`);
    for (const t of people.slice(0, 3)) {
      res = await coordinator.post(`${sheet}/marquer`, { application: String(t.id), status: 'present', _submission: fresh('sub') });
      assert.equal(res.status, 303, `present: ${alertOf(res)}`);
    }
    const day = new Date(starts * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await coordinator.get(`/formations/candidatures/${people[7].id}/suivi`);
    res = await coordinator.post(`/formations/candidatures/${people[7].id}/abandon`, { date: day, cause: 'health', detail: '', _submission: fresh('sub') });
    assert.equal(res.status, 303, `dropout: ${alertOf(res)}`);
    for (const to of ['confirmed', 'running', 'completed']) await moveSession(ps.session, to);
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
    // End-of-course sending (made in before): 6 answers to "Satisfaction globale", 8 invited; 3 completed, 1 dropped out.
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
    assert.ok(Math.abs(Number(row[0][0]) - mean(VALUES)) < 1e-9);
    assert.deepEqual(row[0].slice(1).map(Number), [6, 75, 75, 25, 3, 1]);

    visitor = await new Client(server.url).get(publicPage);
    assert.equal(visitor.status, 200);
    assert.doesNotMatch(visitor.text, /pas encore publiés/);
    assert.match(visitor.text, /<dd id="published-satisfaction">4,3 \/ 5 \(6 réponses\)<\/dd>/);
    assert.match(visitor.text, /<dd id="published-response-rate">75\u00a0%<\/dd>/);
    assert.match(visitor.text, /<dd id="published-completion">75\u00a0%<\/dd>/);
    assert.match(visitor.text, /<dd id="published-dropout">25\u00a0%<\/dd>/);
    assert.match(visitor.text, /<p class="meta" id="published-computed">Calculés le \d{2}\/\d{2}\/\d{4}<\/p>/);
    // Once published, the programme's figures are shown once: the published block, dated.
    assert.equal((textOf(visitor.text).match(/Taux d'achèvement/g) || []).length, 1, 'the results shown once');
  });

  test('satisfaction under 5 responses is published without the figure', async () => {
    // The small programme's end-of-course sending (made in before): 3 answers.
    const other = small;
    await coordinator.get(`/formations/programmes/${other.programme}/resultats`);
    const published = await coordinator.post(`/formations/programmes/${other.programme}/resultats/publier`, { _submission: coordinator.submission });
    assert.equal(published.status, 303);
    assert.deepEqual(dbRows(db, `SELECT COALESCE(CAST(satisfaction AS TEXT), 'null'), satisfaction_responses FROM programme_results
      WHERE programme_id = ${other.programme}`), [['null', '3']]);
    const visitor = await new Client(server.url).get(`/formations/programmes/${other.programme}`);
    assert.match(visitor.text, /<dd id="published-satisfaction">Moins de 5 réponses : non affichée<\/dd>/);
  });
});
