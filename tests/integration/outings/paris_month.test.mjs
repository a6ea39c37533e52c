// The Paris month of a slot's start, as PostgreSQL's trame_paris_month computes it for the kept figures'
// triggers (migrations 0081, 0086, 0090): the calendar month in Europe/Paris, checked around every month
// boundary and every change of time from 2019 to 2031 against Node's time zone database; and inlined by
// PostgreSQL into the statements that call it (0090: before, a STABLE to_char inside an IMMUTABLE function
// made PostgreSQL call it through the SQL function executor, ≈ 90 µs per call, 18 calls per used booking).
// PostgreSQL only: SQLite's triggers compute the month inline with strftime (the figures' tests cover them).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENGINE, freshDatabase, querySql, runTrame } from '../harness.mjs';

const skip = ENGINE !== 'postgresql' ? 'trame_paris_month is a PostgreSQL function (TRAME_TEST_ENGINE=postgresql)' : false;
let db;

before(() => {
  if (skip) return;
  db = freshDatabase('paris_month');
  const r = runTrame(['migrate', '--database', db]);
  assert.equal(r.status, 0, r.stderr);
});
after(() => {});

const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' });
function parisMonth(seconds) {
  const parts = Object.fromEntries(paris.formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  return Number(parts.year) * 100 + Number(parts.month);
}

// Around each UTC month start (Paris midnight is 1 or 2 hours before it) and each last Sunday of March and
// October (the changes of time at 01:00 UTC): every 15 minutes from 3 hours before to 3 hours after, and
// one second on each side of the hour.
function instants() {
  const out = new Set();
  const around = (t) => {
    for (let d = -3 * 3600; d <= 3 * 3600; d += 900) out.add(t + d);
    for (const h of [-7200, -3600, 0, 3600]) { out.add(t + h - 1); out.add(t + h); out.add(t + h + 1); }
  };
  for (let y = 2019; y <= 2031; y += 1) {
    for (let m = 0; m < 12; m += 1) around(Date.UTC(y, m, 1) / 1000);
    for (const m of [2, 9]) {
      const last = new Date(Date.UTC(y, m + 1, 0));
      last.setUTCDate(last.getUTCDate() - last.getUTCDay());
      around(Date.UTC(y, m, last.getUTCDate(), 1) / 1000);
    }
  }
  return [...out].sort((a, b) => a - b);
}

test('trame_paris_month gives the Paris calendar month around every boundary and change of time', { skip }, () => {
  const ts = instants();
  const rows = querySql(db, `SELECT t, trame_paris_month(t) FROM unnest(ARRAY[${ts.join(',')}]::bigint[]) AS t ORDER BY t`)
    .split('\n').map((l) => l.split('|').map(Number));
  assert.equal(rows.length, ts.length);
  const wrong = rows.filter(([t, m]) => m !== parisMonth(t)).slice(0, 5)
    .map(([t, m]) => `${new Date(t * 1000).toISOString()}: ${m}, Paris ${parisMonth(t)}`);
  assert.deepEqual(wrong, []);
});

test('trame_paris_month is inlined into the statement that calls it', { skip }, () => {
  const plan = querySql(db, 'EXPLAIN (VERBOSE, COSTS OFF) SELECT trame_paris_month(t) FROM unnest(ARRAY[1]::bigint[]) AS t');
  assert.doesNotMatch(plan, /trame_paris_month\(/, plan);
  assert.match(plan, /EXTRACT|date_part|extract/, plan);
});
