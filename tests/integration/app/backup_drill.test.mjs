// The backup and restore drill at small scale (issue 22, scripts/drill-backup.mjs, docs/operations.md): bookings
// go on over HTTP while `trame backup` copies the database; `trame restore` refuses the live database without
// --force and fills a fresh one; on the copy the audit chain verifies, its bookings are exactly those the
// backup counted in its snapshot (no fewer than those answered before the backup began, no more than those
// sent before it ended, each one in the live database), and a server starts on it. On both engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drill } from '../../../scripts/drill-backup.mjs';

test('a backup taken under booking load restores into a fresh database with exactly its snapshot', async () => {
  const lines = [];
  const r = await drill({ bookings: 150, sessions: 4, log: (l) => lines.push(l) });
  const report = lines.join('\n');
  assert.equal(r.copyCount, r.snapshot, report);
  assert.ok(r.doneBefore <= r.copyCount && r.copyCount <= r.sentBefore, report);
  assert.ok(r.copyCount < r.liveCount, `the backup ran while bookings were being made:\n${report}`);
  assert.equal(r.missing, 0, report);
  assert.match(r.audit, /Journal d'audit intègre/);
  assert.match(r.refusal, /^Refus : la base .* (existe déjà et contient des données|contient déjà \d+ tables).*--force/);
  assert.ok(r.signsIn, report);
  assert.ok(r.ok, report);
});
