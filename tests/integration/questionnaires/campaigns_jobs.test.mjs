// The campaigns' background job no longer drops its errors: when the evaluation cycle of a session
// cannot be created, the job logs why and counts it (`trame jobs run-due` ends in error, a served
// instance shows trame_campaign_job_errors_total on /metrics); only the expected race — another instance
// created the cycle first, refused by the unique index — stays silent. The failures are provoked with
// a trigger on the campaigns, added behind Trame's back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINE, freshDatabase, runTrame, startTrame, until } from '../harness.mjs';
import { dbValue } from '../questionnaire_fixtures.mjs';

function failCycles(database, kind) {
  if (ENGINE === 'postgresql') {
    const raise = kind === 'unique'
      ? "RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'duplicate key value violates unique constraint \"questionnaire_campaigns_stage\"'"
      : "RAISE EXCEPTION 'panne simulée du disque'";
    dbValue(database, `CREATE OR REPLACE FUNCTION test_fail_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.stage <> '' THEN ${raise}; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_fail_cycle BEFORE INSERT ON questionnaire_campaigns FOR EACH ROW EXECUTE FUNCTION test_fail_cycle();`);
  } else {
    // A real unique violation (SQLite's own error code), as a racing insert would meet: the trigger
    // inserts the same key twice into a table of its own; the statement and its inserts roll back.
    const body = kind === 'unique'
      ? "INSERT INTO test_race (k) VALUES ('race'); INSERT INTO test_race (k) VALUES ('race');"
      : "SELECT RAISE(ABORT, 'panne simulée du disque');";
    dbValue(database, `CREATE TABLE IF NOT EXISTS test_race (k TEXT UNIQUE);
      CREATE TRIGGER test_fail_cycle BEFORE INSERT ON questionnaire_campaigns WHEN NEW.stage <> ''
      BEGIN ${body} END;`);
  }
}
function healCycles(database) {
  dbValue(database, ENGINE === 'postgresql' ? 'DROP TRIGGER test_fail_cycle ON questionnaire_campaigns' : 'DROP TRIGGER test_fail_cycle');
}
const stagesOf = (database, session) => Number(dbValue(database,
  `SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_campaigns WHERE session_id = ${session} AND stage <> ''`));

// A demo database with a session that just ended and has no evaluation cycle yet; returns { database, session }.
function demoWithSessionDue() {
  const database = freshDatabase('jobs');
  const demo = runTrame(['demo', '--database', database]);
  assert.equal(demo.status, 0, demo.stderr);
  const session = Number(dbValue(database, `SELECT MIN(s.id) FROM training_sessions s WHERE s.status = 'completed' AND NOT EXISTS
    (SELECT 1 FROM questionnaire_campaigns c WHERE c.session_id = s.id AND c.stage <> '')`));
  assert.ok(session > 0, 'a demo session without a cycle');
  const now = Math.floor(Date.now() / 1000);
  dbValue(database, `UPDATE training_sessions SET starts_at = ${now - 3 * 86400}, ends_at = ${now - 2 * 86400} WHERE id = ${session}`);
  return { database, session };
}

test('a cycle that cannot be created is logged and counted; the unique race stays silent; it is created once the database works', () => {
  const { database, session } = demoWithSessionDue();

  failCycles(database, 'other');
  let run = runTrame(['jobs', 'run-due', '--database', database]);
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 1, output);
  // Each cycle that fails is logged and counted: the session that just ended, and any other demo session
  // without a cycle yet (the demo's session under way).
  const failed = (output.match(/cycle d'évaluation de la session \d+ non créé/g) || []).length;
  assert.ok(failed >= 1, output);
  assert.match(run.stderr, new RegExp(`Erreur : ${failed} étapes? des envois de questionnaires en échec`));
  assert.match(output, new RegExp(`cycle d'évaluation de la session ${session} non créé : .*panne simulée du disque`));
  assert.equal(stagesOf(database, session), 0);
  healCycles(database);

  failCycles(database, 'unique');
  run = runTrame(['jobs', 'run-due', '--database', database]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /non créé/);
  healCycles(database);

  run = runTrame(['jobs', 'run-due', '--database', database]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(stagesOf(database, session), 4);
});

test('a served instance logs the failure and counts it on /metrics', async () => {
  const { database, session } = demoWithSessionDue();
  failCycles(database, 'other');
  const server = await startTrame({ database, demo: false, smtp: false, env: { TRAME_TRAININGS_JOB_SECONDS: '1' } });
  try {
    await until(async () => {
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      return Number(metrics.match(/^trame_campaign_job_errors_total (\d+)/m)?.[1] || 0) >= 1;
    }, 'trame_campaign_job_errors_total counts the failure', 60000, 200);
    assert.match(server.output(), new RegExp(`cycle d'évaluation de la session ${session} non créé : .*panne simulée du disque`));
    assert.equal(stagesOf(database, session), 0);
  } finally {
    await server.stop();
  }
});
