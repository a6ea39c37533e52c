// The harness's SQL bridge (sqlSync: one sqlite3 or psql process per database, kept open by a worker thread,
// tests/integration/sql-worker.mjs): each call returns its own statement's answer, whatever wakes the calling
// thread's wait. Session 23's flake: the worker posted an answer, stored « answered », then notified; when the
// main thread had already read that answer and sent its next request, the late notify woke it before the next
// answer existed (receiveMessageOnPort gave undefined). Here another thread notifies the shared cell without
// pause during six hundred calls.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { freshDatabase, querySql, sqlBridgeSignal } from './harness.mjs';

test('each SQL call reads its own answer, even when the wait is woken at any moment', async () => {
  const db = freshDatabase('bridge');
  querySql(db, 'CREATE TABLE bridge_numbers (n INTEGER)');
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const noise = new Worker(`const { workerData: { signal, stop } } = require('node:worker_threads');
    while (Atomics.load(stop, 0) === 0) Atomics.notify(signal, 0);`,
  { eval: true, workerData: { signal: sqlBridgeSignal(), stop } });
  await once(noise, 'online');
  try {
    for (let i = 1; i <= 300; i++) {
      querySql(db, `INSERT INTO bridge_numbers (n) VALUES (${i})`);
      assert.equal(querySql(db, `SELECT COUNT(*) + ${i} FROM bridge_numbers`), String(2 * i));
    }
  } finally {
    Atomics.store(stop, 0, 1);
    await noise.terminate();
  }
});
