// The follow-up of certification holders six months after their certificate (issue 15): the job
// (`trame jobs run-due --now`, the server's own job does the same) invites the holder of every
// certificate issued 182 days ago or more, not revoked, not yet followed up, whose certifier has a
// published questionnaire of kind 'holders' (the demo gives the Observatoire one, a question per
// competence block); one sending per certification and month; a second run sends nothing more; the
// holder answers through the invitation link and the answer counts in the questionnaire's results. The
// demo's own certificates (its completed session), six months later, are followed up by the same run.
//
// The certificates are issued through HTTP by the certifier's staff, but the evaluation session they
// come from (its candidates, the jury's block decisions, its locked minutes) is inserted directly in
// the database, as tests/integration/certification/certificates.test.mjs does: composing a jury,
// grading and confirming minutes through HTTP would be long and is tested there.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, ENGINE, freshDatabase, runTrame, startTrame } from '../harness.mjs';
import { answerAll } from '../campaigns_fixtures.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';

const CERTIFIER = 'certification@observatoire.local';  // training staff of the Observatoire (demo)
const DEMO_TITLE = 'Construire une coopération culturelle territoriale';
const CLAIRE = 'claire.morvan@exemple.local';   // complete certificate: followed up
const YANIS = 'yanis.belkacem@exemple.local';   // partial certificate: followed up
const SOPHIE = 'sophie.legoff@exemple.local';   // partial certificate, revoked: never followed up
const DAY = 86400;
const SUBJECT = 'Questionnaire : Suivi des titulaires de certification';

let server;
let certifier;
let certification;
let questionnaire;  // the Observatoire's published holders' questionnaire (demo)
let session;
let issuedAt;       // the certificates' issue time (now, through HTTP)

const rows = (sql) => dbRows(server.database, sql);
const value = (sql) => dbValue(server.database, sql);
const count = (sql) => Number(value(sql));
const bytea = ENGINE === 'postgresql' ? "decode('255044462d', 'hex')" : "X'255044462D'";

async function submit(client, page, url, fields = {}) {
  await client.get(page);
  const params = new URLSearchParams({ _csrf: client.csrf, _submission: client.submission, ...fields });
  return client.request('POST', url, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const registration = (email) => Number(value(`SELECT r.id FROM certification_registrations r JOIN users u ON u.id = r.user_id
  WHERE u.email = ${q(email)} AND r.certification_id = ${certification}`));
const certificateOf = (email) => Number(value(`SELECT id FROM certification_certificates
  WHERE session_id = ${session} AND registration_id = ${registration(email)}`));

// The job at a simulated time, with the server's address in the links it mails.
function runDue(now) {
  const r = runTrame(['jobs', 'run-due', '--now', String(Math.floor(now)), '--database', server.database],
    { env: { TRAME_PUBLIC_URL: server.url } });
  assert.equal(r.status, 0, `run-due at ${now}: ${r.stdout} ${r.stderr}`);
}

// The holders' invitations (or reminders) queued for `email`.
const outbox = (email, subject = SUBJECT) => rows(`SELECT body FROM mail_outbox WHERE recipient = ${q(email)}
  AND subject = ${q(subject)} ORDER BY id`).map(([body]) => body);
const followups = () => rows(`SELECT certificate_id, campaign_id FROM certification_followups ORDER BY certificate_id`)
  .map(([k, c]) => [Number(k), Number(c)]);
const holdersCampaigns = () => rows(`SELECT id, title, status, questionnaire_id FROM questionnaire_campaigns
  WHERE audience = 'holders' ORDER BY id`);

before(async () => {
  server = await startTrame();
  certifier = new Client(server.url);
  assert.equal((await certifier.login(CERTIFIER)).status, 303);
  certification = count(`SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id
    AND v.number = c.current_version WHERE v.title = ${q(DEMO_TITLE)}`);
  assert.ok(certification, 'the demo certification');
  questionnaire = count(`SELECT q.id FROM questionnaires q JOIN certifications c ON c.owner_id = q.organisation_id
    WHERE c.id = ${certification} AND q.kind = 'holders' AND q.is_template = 0 AND q.status = 'published'`);
  assert.ok(questionnaire, "the demo's published holders' questionnaire of the Observatoire");

  // A held evaluation session with three candidates, the jury's decisions and locked minutes.
  session = count(`INSERT INTO certification_sessions (certification_id, title, day, place, address, report_deadline,
    status, created_at, updated_at) VALUES (${certification}, ${q(`Session des titulaires ${randomBytes(3).toString('hex')}`)},
    '2026-06-10', 'Grenoble', '', 0, 'held', 1, 1) RETURNING id`);
  const decisions = { [CLAIRE]: { BC01: 1, BC02: 1, BC03: 1 }, [YANIS]: { BC01: 1, BC02: 0, BC03: 1 }, [SOPHIE]: { BC01: 1, BC02: 0, BC03: 0 } };
  for (const [email, blocks] of Object.entries(decisions)) {
    const entry = count(`INSERT INTO certification_entries (session_id, registration_id, convened_at, created_at)
      VALUES (${session}, ${registration(email)}, 1, 1) RETURNING id`);
    for (const [code, validated] of Object.entries(blocks)) {
      const block = count(`SELECT b.id FROM certification_blocks b JOIN certification_registrations r ON r.version_id = b.version_id
        WHERE r.id = ${registration(email)} AND b.code = ${q(code)}`);
      rows(`INSERT INTO certification_block_decisions (entry_id, block_id, validated, reasons, decided_by, decided_at)
        VALUES (${entry}, ${block}, ${validated}, 'Délibération du jury', 1, 1) RETURNING id`);
    }
  }
  rows(`INSERT INTO certification_minutes (session_id, pdf, sha256, made_at, locked_at)
    VALUES (${session}, ${bytea}, 'x', 1, 1700000000) RETURNING session_id`);

  // Issued and revoked through HTTP by the certifier's staff.
  const page = `/certifications/sessions/${session}/parchemins`;
  const before = Math.floor(Date.now() / 1000);
  const issued = await submit(certifier, page, page);
  assert.equal(issued.status, 303, textOf(issued.text).slice(0, 300));
  for (const email of [CLAIRE, YANIS, SOPHIE]) assert.ok(certificateOf(email), `a certificate for ${email}`);
  issuedAt = count(`SELECT MAX(issued_at) FROM certification_certificates WHERE session_id = ${session}`);
  assert.ok(issuedAt >= before);
  const revoked = await submit(certifier, page, `/certifications/parchemins/${certificateOf(SOPHIE)}/revoquer`,
    { reason: 'Fraude constatée au rapport écrit' });
  assert.equal(revoked.status, 303, textOf(revoked.text).slice(0, 300));
});
after(async () => { await server?.stop(); });

test('the library has the holders\' template and the kind; the demo\'s copy asks about each competence block', async () => {
  const library = await certifier.get('/questionnaires');
  assert.equal(library.status, 200);
  assert.ok(textOf(library.text).includes('Suivi des titulaires de certification'));
  const blocks = rows(`SELECT label, objective FROM questionnaire_questions WHERE questionnaire_id = ${questionnaire}
    AND objective LIKE 'blk-%' ORDER BY position`);
  assert.deepEqual(blocks.map(([, key]) => key), ['blk-1', 'blk-2', 'blk-3']);
  assert.match(blocks[0][0], /^BC01 — /);
  const preview = await certifier.get(`/questionnaires/${questionnaire}/apercu`);
  assert.equal(preview.status, 200);
  const text = textOf(preview.text);
  assert.ok(text.includes('Quelle est votre situation professionnelle aujourd\'hui ?'), text.slice(0, 400));
});

test('copied from the library by hand, the template keeps one general question for the blocks', async () => {
  const owner = value(`SELECT organisation_id FROM questionnaires WHERE id = ${questionnaire}`);
  const template = value(`SELECT id FROM questionnaires WHERE template_key = 'holders'`);
  await certifier.get('/questionnaires');
  const res = await certifier.post('/questionnaires', { organisation: owner, source: template, programme: '', title: '',
    kind: 'other', anonymous: '1', _submission: `s-${randomBytes(5).toString('hex')}` });
  assert.equal(res.status, 303, textOf(res.text || '').slice(0, 300));
  const copy = Number(res.location.match(/\/questionnaires\/(\d+)$/)[1]);
  assert.deepEqual(rows(`SELECT kind, status FROM questionnaires WHERE id = ${copy}`), [['holders', 'draft']]);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_questions WHERE questionnaire_id = ${copy} AND objective <> ''`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_questions WHERE questionnaire_id = ${copy}
    AND label = 'J''utilise dans mon activité les compétences de la certification'`), 1);
});

test('nothing before six months, nor without a published questionnaire of that kind', () => {
  runDue(issuedAt + 100 * DAY);
  assert.deepEqual(followups(), []);
  assert.deepEqual(holdersCampaigns(), []);

  // The Observatoire's questionnaire archived: at six months, still nothing.
  const status = value(`SELECT status FROM questionnaires WHERE id = ${questionnaire}`);
  rows(`UPDATE questionnaires SET status = 'archived' WHERE id = ${questionnaire} RETURNING id`);
  try {
    runDue(issuedAt + 190 * DAY);
    assert.deepEqual(followups(), []);
    assert.deepEqual(holdersCampaigns(), []);
    assert.deepEqual(outbox(CLAIRE), []);
  } finally {
    rows(`UPDATE questionnaires SET status = ${q(status)} WHERE id = ${questionnaire} RETURNING id`);
  }
});

test('six months after: one invitation to each holder, none for the revoked certificate, never twice', async () => {
  const at = issuedAt + 190 * DAY;
  runDue(at);
  const campaigns = holdersCampaigns();
  assert.equal(campaigns.length, 1, JSON.stringify(campaigns));
  const [cid, title, status, qid] = campaigns[0];
  const month = new Date(at * 1000).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
  assert.equal(title, `Suivi des titulaires — ${DEMO_TITLE} — ${month}`);
  assert.equal(status, 'open');
  assert.equal(Number(qid), questionnaire);
  // Every certificate not revoked is followed up in the month's sending: this test's two and the demo's own
  // (the demo's completed session), issued when the demo was loaded.
  const live = rows(`SELECT id FROM certification_certificates WHERE revoked_at = 0 ORDER BY id`).map(([id]) => [Number(id), Number(cid)]);
  assert.deepEqual(followups(), live);
  assert.ok(live.some(([id]) => id === certificateOf(CLAIRE)) && live.some(([id]) => id === certificateOf(YANIS)));
  assert.ok(count(`SELECT COUNT(*) FROM certification_followups f JOIN certification_certificates k ON k.id = f.certificate_id
    WHERE k.session_id <> ${session}`) >= 1, "the demo's certificates are followed up too");
  assert.ok(!followups().some(([id]) => id === certificateOf(SOPHIE)));
  assert.equal(outbox(CLAIRE).length, 1);
  assert.equal(outbox(YANIS).length, 1);
  assert.deepEqual(outbox(SOPHIE), [], 'a revoked certificate is not followed up');
  assert.ok(outbox(CLAIRE)[0].includes(`${server.url}/questionnaires/repondre/`));
  // One invitation per holder (a holder of two certificates would be invited once).
  const holders = count(`SELECT COUNT(DISTINCT r.user_id) FROM certification_certificates k
    JOIN certification_registrations r ON r.id = k.registration_id WHERE k.revoked_at = 0`);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${cid}`), holders);

  // Again, later the same day and the next week: nothing more (but the reminders of who has not answered).
  runDue(at + 3600);
  assert.equal(holdersCampaigns().length, 1);
  assert.deepEqual(followups(), live);
  assert.equal(outbox(CLAIRE).length, 1);
  assert.equal(outbox(YANIS).length, 1);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${cid}`), holders);

  // The sending, as the certifier's staff see it.
  const page = await certifier.get(`/questionnaires/envois/${cid}`);
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.ok(text.includes("Titulaires d'une certification (six mois après)"), text.slice(0, 600));
});

test('the holder answers through the invitation link; the answer counts in the results; reminders go to the others', async () => {
  const cid = Number(holdersCampaigns()[0][0]);
  const token = outbox(CLAIRE)[0].match(/\/questionnaires\/repondre\/([A-Za-z0-9_-]+)/)[1];
  const claire = new Client(server.url);
  const done = await answerAll(claire, `/questionnaires/repondre/${token}`);
  assert.ok([200, 303].includes(done.status), `${done.status} ${textOf(done.text || '').slice(0, 300)}`);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id = ${cid} AND answered = 1`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM questionnaire_responses WHERE campaign_id = ${cid}`), 1);

  const results = await certifier.get(`/questionnaires/${questionnaire}/resultats?envoi=${cid}`);
  assert.equal(results.status, 200);
  assert.match(results.text, /id="results-responses">1</);
  const all = await certifier.get(`/questionnaires/${questionnaire}/resultats`);
  assert.match(all.text, /id="results-responses">1</);

  // Three days after the sending: a reminder to Yanis, who has not answered; none to Claire.
  const REMINDER = 'Rappel — questionnaire : Suivi des titulaires de certification';
  runDue(issuedAt + 193 * DAY + 3600);
  assert.equal(outbox(YANIS, REMINDER).length, 1);
  assert.equal(outbox(CLAIRE, REMINDER).length, 0);
  assert.equal(followups().length, count('SELECT COUNT(*) FROM certification_certificates WHERE revoked_at = 0'));
});

test('the demo is idempotent: one holders\' questionnaire for the Observatoire', () => {
  const database = freshDatabase('holders');
  for (let i = 0; i < 2; i++) {
    const r = runTrame(['demo', '--database', database]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(dbValue(database, `SELECT COUNT(*) FROM questionnaires q JOIN organisations o ON o.id = q.organisation_id
    WHERE o.name = 'Observatoire des politiques culturelles' AND q.kind = 'holders' AND q.status = 'published'`), '1');
  assert.equal(dbValue(database, `SELECT COUNT(*) FROM questionnaires WHERE template_key = 'holders'`), '1');
});
