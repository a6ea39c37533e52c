// Starting an answer of an impact study: only the expected race (two submits for the same person, one
// kept by the unique index) reads "already started"; any other failure of the database is logged and
// answered 500, never disguised as "already started" (which told the referent to stop, wrongly).
// The failures are provoked with a trigger on the invitations, added behind Trame's back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, ENGINE, startTrame } from '../harness.mjs';
import { createBeneficiary } from '../bookings_fixtures.mjs';
import { dbValue, postForm, signIn } from '../questionnaire_fixtures.mjs';

const ALREADY = 'Un questionnaire a déjà été envoyé pour cette personne dans cette étude';

let server;
let study;
let referent;

// A trigger that makes every new invitation fail with the given error ('unique': as the unique index does).
function failInvitations(kind) {
  if (ENGINE === 'postgresql') {
    const raise = kind === 'unique'
      ? "RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'duplicate key value violates unique constraint \"questionnaire_invitations_respondent\"'"
      : "RAISE EXCEPTION 'panne simulée du disque'";
    dbValue(server.database, `CREATE OR REPLACE FUNCTION test_fail_invitation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${raise}; END $$;
      CREATE TRIGGER test_fail_invitation BEFORE INSERT ON questionnaire_invitations FOR EACH ROW EXECUTE FUNCTION test_fail_invitation();`);
  } else {
    // A real unique violation (SQLite's own error code), as a racing insert would meet: the trigger
    // inserts the same key twice into a table of its own; the statement and its inserts roll back.
    const body = kind === 'unique'
      ? "INSERT INTO test_race (k) VALUES ('race'); INSERT INTO test_race (k) VALUES ('race');"
      : "SELECT RAISE(ABORT, 'panne simulée du disque');";
    dbValue(server.database, `CREATE TABLE IF NOT EXISTS test_race (k TEXT UNIQUE);
      CREATE TRIGGER test_fail_invitation BEFORE INSERT ON questionnaire_invitations
      BEGIN ${body} END;`);
  }
}
function healInvitations() {
  dbValue(server.database, ENGINE === 'postgresql'
    ? 'DROP TRIGGER test_fail_invitation ON questionnaire_invitations' : 'DROP TRIGGER test_fail_invitation');
}
const invitationsOf = (code) => Number(dbValue(server.database,
  `SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations WHERE respondent_code = '${code}'`));

before(async () => {
  server = await startTrame({ smtp: false });
  // The demo study, reopened for today (its relais include the demo referent's).
  study = Number(dbValue(server.database, 'SELECT MIN(id) FROM impact_studies'));
  dbValue(server.database, `UPDATE impact_studies SET status = 'open', starts_on = '2000-01-01', ends_on = '2099-12-31' WHERE id = ${study}`);
  referent = await signIn(server, DEMO.referent);
  const page = await referent.get(`/questionnaires/etudes/${study}`);
  assert.equal(page.status, 200, 'the referent of a relais of the study sees it');
});
after(async () => { await server?.stop(); });

test('a database failure is answered 500 and logged, not "already started"', async () => {
  const person = await createBeneficiary(referent);
  await referent.get(`/questionnaires/etudes/${study}`);
  failInvitations('other');
  try {
    const res = await postForm(referent, `/questionnaires/etudes/${study}/repondre`, { beneficiary: person.id });
    assert.equal(res.status, 500);
    assert.ok(!res.text.includes(ALREADY));
    assert.equal(invitationsOf(person.code), 0);
    assert.match(server.output(), /impact : début de réponse impossible.*panne simulée du disque/);
  } finally {
    healInvitations();
  }
  // Once the database works again, the same person's answer starts.
  await referent.get(`/questionnaires/etudes/${study}`);
  const res = await postForm(referent, `/questionnaires/etudes/${study}/repondre`, { beneficiary: person.id });
  assert.equal(res.status, 303);
  assert.match(res.location, /^\/questionnaires\/repondre\//);
  assert.equal(invitationsOf(person.code), 1);
});

test('the race kept by the unique index still reads "already started"', async () => {
  const person = await createBeneficiary(referent);
  await referent.get(`/questionnaires/etudes/${study}`);
  failInvitations('unique');
  try {
    const res = await postForm(referent, `/questionnaires/etudes/${study}/repondre`, { beneficiary: person.id });
    assert.equal(res.status, 422);
    assert.ok(res.text.includes(ALREADY));
  } finally {
    healInvitations();
  }
});
