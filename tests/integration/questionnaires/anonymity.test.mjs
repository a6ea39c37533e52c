// Anonymity, proved on the database itself: named, signed-in people answer an anonymous questionnaire
// (and visitors answer by link); the test then reads the database directly (sqlite3 / psql, reading
// only) and FAILS if any anonymous response or answer can be joined to a person or an invitation.
// A named questionnaire keeps the link (control case).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, DEMO, ENGINE, startTrame } from '../harness.mjs';
import {
  allKindsAnswers, answerAll, createCampaign, createInvitation, createQuestionnaire, dbRows, dbValue, fresh, signIn,
  userId,
} from '../questionnaire_fixtures.mjs';

let server;
let db;

before(async () => { server = await startTrame(); db = server.database; });
after(async () => { await server?.stop(); });

const PEOPLE = [DEMO.trainee, DEMO.volunteer, DEMO.trainer, DEMO.referent, DEMO.coordinator];

describe('anonymous questionnaires', () => {
  test('no anonymous response or answer can be joined to a person', async () => {
    // Built in the editor; two sendings: the people's addresses (their accounts: invitations of their own,
    // tokens read from the e-mails; a coarse "Secteur" attribute each, from the sending's CSV table) and a
    // public link (one invitation per visitor, no attribute).
    const qn = await createQuestionnaire(server, { anonymous: true, title: fresh('Questionnaire anonyme') });
    const recipients = ['courriel;Secteur', ...PEOPLE.map((email) => `${email};social`)].join('\n');
    const named = await createCampaign(server, qn.id, { audience: 'funders', recipients, tokens: true });
    const open = await createCampaign(server, qn.id, { audience: 'public' });
    const campaigns = `${named.id}, ${open.id}`;
    const people = PEOPLE.map((email) => {
      const id = userId(db, email);
      const name = dbValue(db, `SELECT name FROM users WHERE id = ${id}`);
      const inv = named.invitations.find((x) => x.email === email);
      assert.equal(inv.userId, id, `${email}: the invitation is theirs`);
      return { email, id, name, inv };
    });
    const visitors = [];
    for (let i = 0; i < 3; i++) {
      const v = await createInvitation(server, open);
      visitors.push(v);
    }
    const auditBefore = Number(dbValue(db, 'SELECT COALESCE(MAX(id), 0) FROM audit_log'));
    const mailBefore = Number(dbValue(db, 'SELECT COALESCE(MAX(id), 0) FROM mail_outbox'));

    // Each person answers, signed in, through the invitations route (the server knows who they are);
    // visitors answer through their link. Submission order is recorded by the test.
    const order = [];
    const seen = [];   // response ids in the order the test submitted them (observed from outside)
    const observe = () => {
      const now = dbRows(db, `SELECT CAST(id AS TEXT) FROM questionnaire_responses WHERE questionnaire_id = ${qn.id}`).map((r) => r[0]);
      const added = now.filter((id) => !seen.includes(id));
      assert.equal(added.length, 1);
      seen.push(added[0]);
    };
    for (const [i, p] of people.entries()) {
      const c = await signIn(server, p.email);
      const url = `/questionnaires/invitations/${p.inv.id}`;
      // a draft first (kept with the invitation until submission)
      const ans = allKindsAnswers(qn.questions, { yes: i % 2 === 0 });
      ans[1][`q${qn.questions.single}_other`] = `Réponse ${p.email}`;   // a free text that names them: stored, but unlinked
      await answerAll(c, url, ans);
      order.push(`person:${p.id}`);
      observe();
      if (i === 1) {
        const v = visitors[0];
        await answerAll(new Client(server.url), v.url, allKindsAnswers(qn.questions));
        order.push('visitor:0');
        observe();
      }
    }
    for (const [i, v] of visitors.slice(1).entries()) {
      await answerAll(new Client(server.url), v.url, allKindsAnswers(qn.questions, { yes: false }));
      order.push(`visitor:${i + 1}`);
      observe();
    }
    const total = people.length + visitors.length;

    // ---- the database, read directly
    const responses = dbRows(db, `SELECT CAST(id AS TEXT), COALESCE(CAST(invitation_id AS TEXT), ''), COALESCE(CAST(user_id AS TEXT), ''),
      CAST(submitted_at AS TEXT), submitted_week, respondent_code, attributes, CAST(version AS TEXT), COALESCE(CAST(campaign_id AS TEXT), '')
      FROM questionnaire_responses WHERE questionnaire_id = ${qn.id}`);
    assert.equal(responses.length, total, 'one response per person');
    const invitationIds = new Set([...people.map((p) => String(p.inv.id)), ...visitors.map((v) => String(v.id))]);
    const userIds = new Set(people.map((p) => String(p.id)));
    const tokenHashes = dbRows(db, `SELECT token_hash FROM questionnaire_invitations WHERE campaign_id IN (${campaigns})`).map((r) => r[0]);
    const identifying = [...people.flatMap((p) => [p.email, p.name]), ...tokenHashes,
      ...[...people.map((p) => p.inv.token), ...visitors.map((v) => v.token)]].filter((s) => s && s.length > 3);
    for (const r of responses) {
      const [id, invitationId, uid, submittedAt, week, code, attributes] = r;
      assert.equal(invitationId, '', 'no invitation_id');
      assert.equal(uid, '', 'no user_id');
      assert.equal(submittedAt, '0', 'no submission time');
      assert.match(week, /^\d{4}-W\d{2}$/, 'the week only');
      assert.ok(!invitationIds.has(id) && !userIds.has(id), 'the response id is neither an invitation nor a user id');
      assert.ok(BigInt(id) > 2n ** 32n, `a random 63-bit id, not a sequence (${id})`);
      for (const s of identifying) {
        assert.ok(!code.includes(s) && !attributes.includes(s), 'no identity in respondent_code or attributes');
      }
      assert.ok(['{"secteur":"social"}', '{}'].includes(attributes), 'coarse attributes copied');
    }
    // Random ids: nothing stored keeps the order of submission (8 responses: 1 chance in 40 320 for each
    // check to see them sorted by luck) — neither the response ids, nor the answers' ids, nor SQLite's rowid.
    const ids = responses.map((r) => BigInt(r[0]));
    assert.equal(new Set(ids.map(String)).size, total);
    const ascending = (list) => list.every((v, i) => i === 0 || v > list[i - 1]);
    assert.equal(seen.length, total);
    assert.ok(!ascending(seen.map(BigInt)), 'response ids do not follow submission order');
    const firstAnswer = seen.map((id) => BigInt(dbValue(db, `SELECT CAST(MIN(id) AS TEXT) FROM questionnaire_answers WHERE response_id = ${id}`)));
    assert.ok(!ascending(firstAnswer), 'answer ids do not follow submission order');
    const maxAnswer = seen.map((id) => BigInt(dbValue(db, `SELECT CAST(MAX(id) AS TEXT) FROM questionnaire_answers WHERE response_id = ${id}`)));
    assert.ok(!ascending(maxAnswer), 'answer ids do not follow submission order');
    if (ENGINE === 'sqlite') {
      const rowids = seen.map((id) => BigInt(dbValue(db, `SELECT CAST(rowid AS TEXT) FROM questionnaire_responses WHERE id = ${id}`)));
      assert.ok(!ascending(rowids), 'SQLite rowids do not follow submission order');
    }

    // Answers: no column equal to a person's id, e-mail, name, invitation id or token hash.
    const answers = dbRows(db, `SELECT CAST(a.response_id AS TEXT), a.value, a.other_text FROM questionnaire_answers a
      JOIN questionnaire_responses r ON r.id = a.response_id WHERE r.questionnaire_id = ${qn.id}`);
    assert.ok(answers.length > total * 8);
    for (const [rid, value, other] of answers) {
      assert.ok(ids.map(String).includes(rid));
      for (const s of [...people.flatMap((p) => [p.email, p.name]), ...tokenHashes]) {
        assert.notEqual(value, s);
        assert.notEqual(other, s, 'other_text is what the person typed, never filled in by the server');
      }
    }
    // What they typed themselves is kept (it is their answer), but nothing joins it to their invitation.
    assert.equal(answers.filter((a) => a[2].startsWith('Réponse ')).length, people.length);

    // Invitations: answered counted, without any link, drafts gone.
    assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM questionnaire_invitations WHERE campaign_id IN (${campaigns}) AND answered = 1`)), total);
    assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM questionnaire_drafts d JOIN questionnaire_invitations i ON i.id = d.invitation_id
      WHERE i.campaign_id IN (${campaigns})`)), 0, 'drafts deleted at submission');
    const invCols = dbRows(db, `SELECT * FROM questionnaire_invitations WHERE campaign_id IN (${campaigns})`);
    for (const row of invCols) for (const id of ids) assert.ok(!row.includes(String(id)), 'no response id kept with an invitation');

    // Audit log and mail outbox since the first submission: nothing names a response, and no entry
    // ties an invitation to its response.
    const audit = dbRows(db, `SELECT action, subject, detail, CAST(actor_id AS TEXT) FROM audit_log WHERE id > ${auditBefore}`);
    for (const [action, subject, detail] of audit) {
      const text = `${action} ${subject} ${detail}`;
      assert.ok(!action.startsWith('answers.'), `no answers.* audit entry for an anonymous questionnaire (${text})`);
      for (const id of ids) assert.ok(!text.includes(String(id)), `audit names a response: ${text}`);
      assert.ok(!/questionnaire_(invitation|response)/.test(text), `audit names an invitation/response: ${text}`);
    }
    const mails = dbRows(db, `SELECT recipient, subject, body FROM mail_outbox WHERE id > ${mailBefore}`);
    for (const [recipient, subject, body] of mails) {
      for (const id of ids) assert.ok(!`${subject} ${body}`.includes(String(id)), 'no mail names a response');
      assert.ok(!people.some((p) => p.email === recipient) || !/réponse|questionnaire/i.test(subject),
        `no e-mail to the respondent at submission (${recipient}: ${subject})`);
    }
    // The server's log lines neither.
    for (const id of ids) assert.ok(!server.output().includes(String(id)), 'no log line names a response');
    assert.equal(order.length, total);
  });

  test('control: a named questionnaire keeps the link to the person', async () => {
    const qn = await createQuestionnaire(server, { anonymous: false, title: fresh('Questionnaire nominatif') });
    const campaign = await createCampaign(server, qn.id, { audience: 'funders', emails: [DEMO.trainee] });
    const id = userId(db, DEMO.trainee);
    const [inv] = campaign.invitations;
    assert.equal(inv.userId, id);
    const c = await signIn(server, DEMO.trainee);
    await answerAll(c, `/questionnaires/invitations/${inv.id}`, allKindsAnswers(qn.questions));
    const rows = dbRows(db, `SELECT CAST(r.invitation_id AS TEXT), CAST(r.user_id AS TEXT), CAST(r.submitted_at AS TEXT), u.email
      FROM questionnaire_responses r JOIN questionnaire_invitations i ON i.id = r.invitation_id JOIN users u ON u.id = r.user_id
      WHERE r.questionnaire_id = ${qn.id}`);
    assert.equal(rows.length, 1, 'the named response joins to its invitation and its person');
    assert.deepEqual(rows[0].slice(0, 2), [String(inv.id), String(id)]);
    assert.ok(Number(rows[0][2]) > 0);
    assert.equal(rows[0][3], DEMO.trainee);
  });
});
