// The backup and restore drill (issue 22, docs/operations.md « Exercice de sauvegarde et de restauration »),
// on the engine of TRAME_TEST_ENGINE. Run by scripts/drill-backup (both engines, printed) and, at small
// scale, by tests/integration/app/backup_drill.test.mjs.
//
// 1. A server on a fresh demo database; an offer whose slot takes every booking, and DRILL_BOOKINGS
//    pseudonymous beneficiaries (setup rows written with the engine's client, as bench/booking does).
// 2. DRILL_SESSIONS signed-in referents book them over HTTP, each one after the other, all at once.
// 3. When a third of the bookings are answered, `trame backup` runs, while the bookings go on: they stop
//    once DRILL_BOOKINGS are answered and each session has booked again after the backup ended (so that
//    the live database always outgrows the copy, however slow the machine).
// 4. `trame restore` is refused on the live database (no --force), then fills a fresh database.
// 5. On the copy: `trame audit verify` passes; its bookings are exactly those counted in the backup's
//    snapshot, between those answered before the backup began and those sent before it ended, every one
//    of them in the live database; a server starts on the copy and the referent signs in.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, DEMO, ENGINE, TMP, TRAME, ROOT, freshDatabase, querySql, startTrame } from '../tests/integration/harness.mjs';

// Runs trame without blocking the event loop (the bookings go on meanwhile).
function trame(args) {
  return new Promise((resolve) => {
    const child = spawn(TRAME, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} a échoué (${r.status}) :\n${r.stdout}\n${r.stderr}`);
  return r;
}

// The drill; returns its figures (and throws when a step fails). log(line) receives the report.
export async function drill({ bookings = 2000, sessions = 8, log = console.log } = {}) {
  const server = await startTrame({ smtp: false, env: { TRAME_LOG_LEVEL: 'warn' } });
  const live = server.database;
  const sql = (statement) => querySql(live, statement);
  try {
    const now = Math.floor(Date.now() / 1000);
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const venue = sql("SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre';");
    const relais = sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94';");
    const referent = sql(`SELECT id FROM users WHERE email = '${DEMO.referent}';`);
    sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at)
         VALUES (${venue}, ${venue}, 'Exercice de sauvegarde ${tag}', 'live_show', 'published', ${now}, ${now});`);
    const offer = sql(`SELECT id FROM outing_offers WHERE title = 'Exercice de sauvegarde ${tag}';`);
    const starts = now + 40 * 86400;
    const pool = bookings * 4;  // beneficiaries: enough for the bookings made while the backup runs
    sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at)
         VALUES (${offer}, ${starts}, ${pool + 10}, ${now - 3600}, ${starts - 3600}, ${starts - 172800}, ${now}, ${now});`);
    const slot = sql(`SELECT MAX(id) FROM outing_slots WHERE offer_id = ${offer};`);
    sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${pool})
         INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, household_size, created_at, updated_at)
         SELECT 'B-EX${tag}-' || i, ${relais}, ${referent}, '26-59', 1, ${now}, ${now} FROM n;`);
    const beneficiaries = sql(`SELECT id FROM beneficiaries WHERE code LIKE 'B-EX${tag}-%' ORDER BY id;`).split('\n');
    const before = Number(sql('SELECT COUNT(*) FROM bookings;'));

    const clients = [];
    for (let i = 0; i < sessions; i++) {
      const c = new Client(server.url);
      if ((await c.login(DEMO.referent)).status !== 303) throw new Error('la référente de démonstration ne se connecte pas');
      await c.get(`/sorties/creneaux/${slot}/reserver`);
      clients.push(c);
    }

    // The bookings: each answer's send and receive times (performance.now()), and its status.
    const answers = [];
    let answered = 0;
    let backupStarted;
    let backup;
    let backupEndedAt = Infinity;
    let next = 0;
    const file = path.join(TMP, `${randomBytes(4).toString('hex')}-exercice.${ENGINE === 'sqlite' ? 'db' : 'dump'}`);
    const startBackup = () => {
      const t = performance.now();
      backup = trame(['backup', '--database', live, file]).then((r) => {
        backupEndedAt = performance.now();
        return { ...r, started: t, ended: performance.now() };
      });
      backupStarted = t;
    };
    const t0 = performance.now();
    await Promise.all(clients.map(async (c) => {
      let afterBackup = 0;
      while (next < beneficiaries.length && (answered < bookings || afterBackup === 0)) {
        const i = next++;
        const sent = performance.now();
        const res = await c.post(`/sorties/creneaux/${slot}/reserver`, {
          beneficiary: beneficiaries[i], companions: '0', _submission: randomBytes(9).toString('base64url'),
        });
        answers.push({ sent, done: performance.now(), ok: res.status === 303 });
        answered += 1;
        if (!backupStarted && answered >= bookings / 3) startBackup();
        if (sent > backupEndedAt) afterBackup += 1;
      }
    }));
    const loadSeconds = (performance.now() - t0) / 1000;
    if (!backupStarted) startBackup();
    const b = must(await backup, 'trame backup');
    const booked = answers.filter((a) => a.ok).length;
    if (booked !== answers.length) throw new Error(`${answers.length - booked} réservations refusées pendant l'exercice`);
    const snapshot = Number((b.stdout.match(/réservations : (\d+)/) || [])[1] ?? NaN);
    const doneBefore = before + answers.filter((a) => a.ok && a.done < b.started).length;
    const sentBefore = before + answers.filter((a) => a.ok && a.sent < b.ended).length;
    const duringBackup = answers.filter((a) => a.done >= b.started && a.done <= b.ended).length;
    const liveCount = Number(sql('SELECT COUNT(*) FROM bookings;'));

    // Restore: refused on the live database without --force, then into a fresh one.
    const refused = await trame(['restore', '--database', live, file]);
    if (refused.status === 0 || !/--force/.test(refused.stderr)) throw new Error(`restauration non refusée :\n${refused.stderr}`);
    if (Number(sql('SELECT COUNT(*) FROM bookings;')) !== liveCount) throw new Error('le refus a changé la base vivante');
    const copy = freshDatabase('restored');
    if (copy.startsWith('sqlite:')) fs.rmSync(copy.slice('sqlite:'.length), { force: true });
    must(await trame(['restore', '--database', copy, file]), 'trame restore');
    const verify = must(await trame(['audit', 'verify', '--database', copy]), "trame audit verify (copie)");
    const copyCount = Number(querySql(copy, 'SELECT COUNT(*) FROM bookings;'));
    const copyIds = querySql(copy, 'SELECT id FROM bookings ORDER BY id;').split('\n');
    const liveIds = new Set(sql('SELECT id FROM bookings ORDER BY id;').split('\n'));
    const missing = copyIds.filter((id) => !liveIds.has(id)).length;

    // The copy serves: a server starts on it and the referent signs in.
    const restored = await startTrame({ database: copy, demo: false, smtp: false, env: { TRAME_LOG_LEVEL: 'warn' } });
    let signsIn = false;
    try {
      signsIn = (await new Client(restored.url).login(DEMO.referent)).status === 303;
    } finally {
      await restored.stop();
    }

    const result = {
      engine: ENGINE, bookings: booked, sessions, loadSeconds, backupSeconds: (b.ended - b.started) / 1000, duringBackup,
      before, doneBefore, sentBefore, snapshot, copyCount, liveCount, missing, signsIn,
      audit: verify.stdout.split('\n')[0], refusal: refused.stderr.trim(),
      backupBytes: fs.existsSync(file) ? fs.statSync(file).size : 0,
    };
    result.ok = copyCount === snapshot && doneBefore <= copyCount && copyCount <= sentBefore && missing === 0 && signsIn;
    log(`Exercice de sauvegarde (${ENGINE}) : ${booked} réservations par ${sessions} sessions en ${loadSeconds.toFixed(1)} s ;`
      + ` sauvegarde en ${result.backupSeconds.toFixed(2)} s (${(result.backupBytes / 1024 / 1024).toFixed(1)} Mo),`
      + ` ${duringBackup} réservations validées pendant qu'elle tournait.`);
    log(`  réservations validées avant le début de la sauvegarde : ${doneBefore} ; envoyées avant sa fin : ${sentBefore}`);
    log(`  réservations validées avant l'instantané (comptées par trame backup) : ${snapshot}`);
    log(`  réservations dans la copie restaurée : ${copyCount} (${missing} absente(s) de la base vivante) ; base vivante à la fin : ${liveCount}`);
    log(`  restauration sur la base vivante sans --force : refusée (« ${result.refusal.split('\n')[0].slice(0, 90)}… »)`);
    log(`  copie : ${result.audit} ; la référente s'y connecte : ${signsIn ? 'oui' : 'NON'}`);
    log(`  ${result.ok ? 'RÉUSSI' : 'ÉCHEC'} : copie = instantané${copyCount === snapshot ? '' : ' (NON)'}, entre validées avant et envoyées après`
      + `${doneBefore <= copyCount && copyCount <= sentBefore ? '' : ' (NON)'}`);
    return result;
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await drill({
    bookings: Number(process.env.DRILL_BOOKINGS || 2000), sessions: Number(process.env.DRILL_SESSIONS || 8),
  });
  process.exit(result.ok ? 0 : 1);
}
