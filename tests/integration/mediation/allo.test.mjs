// « Allô l'Artiste ! » (/allo-artiste, src/mediation/allo): an artist proposes a show whose sample is checked by
// its bytes (a text file named .mp3 is refused, nothing written) and gives availabilities; the coordinator
// accepts it and programmes slots (only an artist available then); referents register listeners under a code,
// and 20 simultaneous registrations for the last places take exactly those places; the referent's reminder
// is queued the day before (the simulated clock and `trame jobs run-due`); after the slot the artist reports;
// the weekly programme's PDF (pdftotext) holds the French and Spanish sentences; statistics per month,
// language and relais, with « < 5 » for small numbers. Rows are this file's own (its days, its show titles).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, runTrame, startTrame } from '../harness.mjs';
import { signIn, unique } from '../bookings_fixtures.mjs';
import { dbValue } from '../questionnaire_fixtures.mjs';

const ARTIST = 'artiste.conteuse@trame.local';
const DAY = 86400;
let server;
let artist;
let coordinator;
let referent;

before(async () => {
  server = await startTrame();
  artist = await signIn(server, ARTIST, DEMO_PASSWORD);
  coordinator = await signIn(server, DEMO.coordinator, DEMO_PASSWORD);
  referent = await signIn(server, DEMO.referent, DEMO_PASSWORD);
  globalThis.alloArtist = artist;
  globalThis.alloCoordinator = coordinator;
});
after(async () => { await server?.stop(); });

// A day `n` days from now (YYYY-MM-DD), far enough from midnight's ambiguity for what these tests do.
const dayIn = (n) => new Date(Date.now() + n * DAY * 1000).toISOString().slice(0, 10);
const text = (s) => s.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

// An MP3 as it starts: an ID3v2 tag, then an MPEG-1 layer III frame header.
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(400)]);

async function propose(c, fields, file) {
  await c.get('/allo-artiste/mes-spectacles');
  const form = new FormData();
  form.set('_csrf', c.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  if (file) form.set('sample', new Blob([file.bytes], { type: file.type }), file.name);
  return c.request('POST', '/allo-artiste/spectacles/nouveau', { body: form });
}

const showsOf = (title) => Number(dbValue(server.database, `SELECT COUNT(*) FROM allo_shows WHERE title = '${title}'`));
const showId = (title, database = server.database) => Number(dbValue(database, `SELECT id FROM allo_shows WHERE title = '${title}'`));

// A show accepted, its artist available at `day` `hour`, and a slot of `capacity` programmed there (on the
// file's server, or on `on`: { server, artist, coordinator }).
async function programmed(title, language, day, hour, capacity, on = null) {
  const { artist, coordinator } = on || { artist: globalThis.alloArtist, coordinator: globalThis.alloCoordinator };
  const database = on ? on.server.database : server.database;
  const made = await propose(artist, { title, discipline: 'Conte', language, duration: 18, description: 'Essai.' },
    { bytes: MP3, type: 'audio/mpeg', name: 'extrait.mp3' });
  assert.equal(made.status, 303, text(made.text));
  const id = showId(title, database);
  await coordinator.get('/allo-artiste/spectacles');
  assert.equal((await coordinator.post(`/allo-artiste/spectacles/${id}/decision`, { decision: 'accepted' })).status, 303);
  await artist.get('/allo-artiste/mes-spectacles');
  assert.equal((await artist.post('/allo-artiste/disponibilites', { day, hours: String(hour) })).status, 303);
  const form = await coordinator.get(`/allo-artiste/creneaux/nouveau?jour=${day}&heure=${hour}`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(title), 'the available show is offered');
  const res = await coordinator.post('/allo-artiste/creneaux/nouveau', { day, hour, show: id,
    bridge_number: '01 84 88 12 34', bridge_pin: '4321', capacity });
  assert.equal(res.status, 303, text(res.text));
  return Number(res.location.match(/creneaux\/(\d+)/)[1]);
}

// The programme's PDF is in large print, so a title may wrap at its hyphen, and pdftotext joins the two
// halves without it: the PDF's words are compared without hyphens.
const printed = (words, s) => words.replaceAll('-', '').includes(s.replaceAll('-', ''));

test('the sample is checked by its bytes; a bad show is refused and nothing is written', async () => {
  const title = unique('Faux extrait');
  const bad = await propose(artist, { title, discipline: 'Conte', language: 'fr', duration: 18 },
    { bytes: Buffer.from('ceci est du texte, pas du son'), type: 'audio/mpeg', name: 'extrait.mp3' });
  assert.equal(bad.status, 422);
  assert.match(text(bad.text), /MP3, OGG, WAV ou M4A/);
  assert.equal(showsOf(title), 0);
  const long = await propose(artist, { title, discipline: 'Conte', language: 'fr', duration: 25 },
    { bytes: MP3, type: 'audio/mpeg', name: 'x.mp3' });
  assert.equal(long.status, 422);
  assert.match(text(long.text), /15 à 20 minutes/);
  assert.equal(showsOf(title), 0);
  // Each kind of audio file, recognised by its first bytes (the name's extension is the detected one).
  const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.alloc(100)]);
  const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(100)]);
  const m4a = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A '), Buffer.alloc(100)]);
  for (const [bytes, type, ext] of [[MP3, 'audio/mpeg', 'mp3'], [wav, 'audio/wav', 'wav'], [ogg, 'audio/ogg', 'ogg'],
    [m4a, 'audio/mp4', 'm4a']]) {
    const t = unique('Extrait');
    const ok = await propose(artist, { title: t, discipline: 'Musique', language: 'es', duration: 15 },
      { bytes, type: 'application/octet-stream', name: 'mon extrait.bin' });
    assert.equal(ok.status, 303, text(ok.text));
    assert.equal(dbValue(server.database, `SELECT sample_type FROM allo_shows WHERE title = '${t}'`), type);
    assert.equal(dbValue(server.database, `SELECT sample_name FROM allo_shows WHERE title = '${t}'`), `mon extrait.${ext}`);
    const id = showId(t);
    const res = await fetch(`${server.url}/allo-artiste/spectacles/${id}/extrait`, { headers: { cookie: artist.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    // Another artist's or a referent's request: not found.
    assert.equal((await referent.get(`/allo-artiste/spectacles/${id}/extrait`)).status, 404);
  }
});

test('a slot only for an available artist; one slot per day and hour', async () => {
  const title = unique('Contes sans dispo');
  const made = await propose(artist, { title, discipline: 'Conte', language: 'fr', duration: 16 },
    { bytes: MP3, type: 'audio/mpeg', name: 'a.mp3' });
  assert.equal(made.status, 303);
  const id = showId(title);
  await coordinator.get('/allo-artiste/spectacles');
  await coordinator.post(`/allo-artiste/spectacles/${id}/decision`, { decision: 'accepted' });
  const day = dayIn(40);
  await coordinator.get(`/allo-artiste/creneaux/nouveau?jour=${day}&heure=17`);
  const refused = await coordinator.post('/allo-artiste/creneaux/nouveau', { day, hour: 17, show: id,
    bridge_number: '0184881234', bridge_pin: '1234', capacity: 300 });
  assert.equal(refused.status, 422);
  assert.match(text(refused.text), /pas disponible/);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM allo_slots WHERE day = '${day}'`)), 0);
  const slot = await programmed(unique('Contes dispo'), 'fr', day, 11, 300);
  assert.ok(slot > 0);
  await artist.get('/allo-artiste/mes-spectacles');
  await artist.post('/allo-artiste/disponibilites', { day, hours: '11' });
  await coordinator.get(`/allo-artiste/creneaux/nouveau?jour=${day}&heure=11`);
  const again = await coordinator.post('/allo-artiste/creneaux/nouveau', { day, hour: 11, show: id,
    bridge_number: '0184881234', bridge_pin: '1234', capacity: 300 });
  assert.equal(again.status, 409);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM allo_slots WHERE day = '${day}'`)), 1);
  // The default capacity is 300.
  assert.equal(Number(dbValue(server.database, `SELECT capacity FROM allo_slots WHERE id = ${slot}`)), 300);
});

test('20 simultaneous registrations for the last 5 places take exactly 5', async () => {
  const day = dayIn(42);
  const slot = await programmed(unique('Dernières places'), 'fr', day, 15, 7);
  await referent.get(`/allo-artiste/creneaux/${slot}`);
  for (let i = 0; i < 2; i++) {
    assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: 'fr' })).status, 303);
  }
  // Other referents' sessions too: each its own client, all at once.
  const clients = [referent];
  for (let i = 0; i < 3; i++) clients.push(await signIn(server, DEMO.referent, DEMO_PASSWORD));
  for (const c of clients) await c.get(`/allo-artiste/creneaux/${slot}`);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    clients[i % clients.length].post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: i % 2 ? 'es' : 'ar' })));
  const statuses = answers.map((a) => a.status);
  assert.equal(statuses.filter((s) => s === 303).length, 5, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, 15, statuses.join(','));
  assert.equal(Number(dbValue(server.database, `SELECT registered FROM allo_slots WHERE id = ${slot}`)), 7);
  assert.equal(Number(dbValue(server.database,
    `SELECT COUNT(*) FROM allo_listeners WHERE slot_id = ${slot} AND status = 'registered'`)), 7);
  const page = await referent.get(`/allo-artiste/creneaux/${slot}`);
  assert.match(text(page.text), /complet/);
  // Codes only: L-XXXX-XX, no name.
  const codes = [...page.text.matchAll(/class="listener-code">(L-[A-Z0-9]{4}-[A-Z0-9]{2})</g)].map((m) => m[1]);
  assert.equal(codes.length, 7);
  // A cancellation frees a place.
  const cancel = page.text.match(/action="(\/allo-artiste\/creneaux\/\d+\/auditeurs\/\d+\/annulation)"/)[1];
  assert.equal((await referent.post(cancel, {})).status, 303);
  assert.equal(Number(dbValue(server.database, `SELECT registered FROM allo_slots WHERE id = ${slot}`)), 6);
});

test('the reminder the day before, the report after the slot, the statistics', async () => {
  // Its own database: the server with the simulated clock below runs the jobs of that date (sessions…).
  const own = await startTrame();
  const server = own;  // eslint-disable-line no-shadow
  const artist = await signIn(own, ARTIST, DEMO_PASSWORD);
  const coordinator = await signIn(own, DEMO.coordinator, DEMO_PASSWORD);
  const referent = await signIn(own, DEMO.referent, DEMO_PASSWORD);
  try {
  const day = dayIn(45);
  const title = unique('Rappel veille');
  const slot = await programmed(title, 'fr', day, 19, 300, { server: own, artist, coordinator });
  await referent.get(`/allo-artiste/creneaux/${slot}`);
  for (const language of ['fr', 'es', 'es']) {
    assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language })).status, 303);
  }
  // Before the slot the artist cannot report.
  await artist.get(`/allo-artiste/creneaux/${slot}`);
  assert.equal((await artist.post(`/allo-artiste/creneaux/${slot}/compte-rendu`, { count: 3 })).status, 409);
  const startsAt = Number(dbValue(server.database, `SELECT starts_at FROM allo_slots WHERE id = ${slot}`));
  const now = Math.floor(Date.now() / 1000);
  // Two days before: no reminder yet; the day before (midday): the reminder, once.
  const twoDaysBefore = startsAt - 2 * DAY - 8 * 3600 - now;
  let r = runTrame(['jobs', 'run-due', '--database', server.database], { env: { TRAME_CLOCK_OFFSET: String(twoDaysBefore) } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM allo_listeners WHERE slot_id = ${slot} AND reminded_at > 0`)), 0);
  const dayBefore = startsAt - 28 * 3600 - now;
  for (let i = 0; i < 2; i++) {
    r = runTrame(['jobs', 'run-due', '--database', server.database], { env: { TRAME_CLOCK_OFFSET: String(dayBefore) } });
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM allo_listeners WHERE slot_id = ${slot} AND reminded_at > 0`)), 3);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%${title}%'`)), 1);
  // Queued under the simulated clock, so read in the outbox (the sink would get it at that date).
  const body = dbValue(server.database, `SELECT body FROM mail_outbox WHERE subject LIKE '%${title}%'`);
  assert.equal(dbValue(server.database, `SELECT recipient FROM mail_outbox WHERE subject LIKE '%${title}%'`), DEMO.referent);
  assert.match(body, /code PIN : 4321/);
  assert.match(body, /L-[A-Z0-9]{4}-[A-Z0-9]{2} \(espagnol\)/);

  // After the slot (a server whose clock is an hour past the start), the artist reports; the statistics
  // are read there too (that server's jobs end the sessions opened before its date).
  await own.stop();  // one server at a time on this database: the real date's, then the later one
  const later = await startTrame({ database: server.database, demo: false, env: { TRAME_CLOCK_OFFSET: String(startsAt + 3600 - now) } });
  try {
    const a = new Client(later.url);
    await a.login(ARTIST);
    const page = await a.get(`/allo-artiste/creneaux/${slot}`);
    assert.equal(page.status, 200, `${page.location} ${later.output().slice(-2000)}`);
    assert.equal((await a.post(`/allo-artiste/creneaux/${slot}/compte-rendu`, { count: 'beaucoup' })).status, 422);
    assert.equal((await a.post(`/allo-artiste/creneaux/${slot}/compte-rendu`, { count: 3, remarks: 'Bonne écoute.' })).status, 303);
    // The referent can no longer register for it.
    const ref = new Client(later.url);
    await ref.login(DEMO.referent);
    await ref.get(`/allo-artiste/creneaux/${slot}`);
    assert.equal((await ref.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: 'fr' })).status, 409);
    assert.equal(Number(dbValue(server.database, `SELECT listeners_count FROM allo_slots WHERE id = ${slot}`)), 3);

    // Statistics over that one day: 1 slot, 3 registered and 3 present — below 5, so « < 5 ».
    const co = new Client(later.url);
    await co.login(DEMO.coordinator);
    const stats = await co.get(`/allo-artiste/statistiques?du=${day}&au=${day}`);
    assert.equal(stats.status, 200);
    const month = `${day.slice(5, 7)}/${day.slice(0, 4)}`;
    const row = stats.text.match(new RegExp(`<tr data-month="${month.replace('/', '\\/')}">(.*?)</tr>`));
    assert.ok(row, 'the month is a line');
    assert.deepEqual([...row[1].matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]), ['1', '&lt; 5', '&lt; 5']);
    assert.match(stats.text, /data-language="espagnol"/);
    assert.match(stats.text, /data-relais="Cultures du Cœur 94"/);
    // A referent may not read the statistics.
    assert.equal((await ref.get('/allo-artiste/statistiques')).status, 403);
  } finally {
    await later.stop();
  }
  } finally {
    await own.stop();
  }
});

test('the weekly programme in HTML and as a PDF, in French and in the shows\' languages', async () => {
  const day = dayIn(50);
  const fr = unique('Contes imprimés');
  const es = unique('Canciones impresas');
  await programmed(fr, 'fr', day, 11, 300);
  await programmed(es, 'es', day, 17, 300);
  const page = await referent.get(`/allo-artiste/programme?semaine=${day}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(fr) && page.text.includes(es));
  assert.match(page.text, /allo-programme/);
  const res = await fetch(`${server.url}/allo-artiste/programme/pdf?semaine=${day}`, { headers: { cookie: referent.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const words = r.stdout.replace(/\s+/g, ' ');
  assert.ok(printed(words, fr), 'the French show');
  assert.ok(printed(words, es), 'the Spanish show');
  assert.match(words, /Appelez le 01 84 88 12 34, puis tapez le code 4321/);
  assert.match(words, /Llame al 01 84 88 12 34 y marque el código 4321/);
  assert.match(words, /programa del/);
  // An artist does not print the programme.
  assert.equal((await artist.get('/allo-artiste/programme')).status, 403);
});

// ---- Session 17: changes after programming (cancel, edit).

test('a coordinator cancels a slot: « Annulée » on the programme, the referents e-mailed, no reminder, no registration, the hour free again, statistics without it', async () => {
  // Its own database: the reminders run under a simulated clock, and a later server checks the slot after its start.
  const own = await startTrame();
  const artist = await signIn(own, ARTIST, DEMO_PASSWORD);
  const coordinator = await signIn(own, DEMO.coordinator, DEMO_PASSWORD);
  const referent = await signIn(own, DEMO.referent, DEMO_PASSWORD);
  const on = { server: own, artist, coordinator };
  try {
    const day = dayIn(47);
    const title = unique('Artiste malade');
    const slot = await programmed(title, 'es', day, 15, 300, on);
    await referent.get(`/allo-artiste/creneaux/${slot}`);
    for (let i = 0; i < 6; i++) {
      assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: 'fr' })).status, 303);
    }
    // A reason is required: nothing changes.
    const page = await coordinator.get(`/allo-artiste/creneaux/${slot}`);
    assert.match(page.text, /action="\/allo-artiste\/creneaux\/\d+\/annulation"/);
    const blank = await coordinator.post(`/allo-artiste/creneaux/${slot}/annulation`, { reason: '   ' });
    assert.equal(blank.status, 422);
    assert.match(text(blank.text), /motif de l'annulation/);
    assert.equal(Number(dbValue(own.database, `SELECT cancelled_at FROM allo_slots WHERE id = ${slot}`)), 0);
    // A referent may not cancel it.
    assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/annulation`, { reason: 'Non.' })).status, 403);
    const done = await coordinator.post(`/allo-artiste/creneaux/${slot}/annulation`, { reason: 'Artiste malade, grippe.' });
    assert.equal(done.status, 303, text(done.text));
    assert.equal(dbValue(own.database, `SELECT cancel_reason FROM allo_slots WHERE id = ${slot}`), 'Artiste malade, grippe.');
    assert.equal(Number(dbValue(own.database,
      `SELECT COUNT(*) FROM audit_log WHERE action = 'allo.slot.cancel' AND subject = 'allo_slot:${slot}'`)), 1);
    // Twice: a conflict, no second e-mail.
    assert.equal((await coordinator.post(`/allo-artiste/creneaux/${slot}/annulation`, { reason: 'Encore.' })).status, 409);
    // One e-mail to the referent, in French: the show, the day and hour, the reason, how many were registered.
    const mails = `FROM mail_outbox WHERE subject LIKE '%annulé : ${title}%'`;
    assert.equal(Number(dbValue(own.database, `SELECT COUNT(*) ${mails}`)), 1);
    assert.equal(dbValue(own.database, `SELECT recipient ${mails}`), DEMO.referent);
    const body = dbValue(own.database, `SELECT body ${mails}`);
    const [y, m, d] = day.split('-');
    assert.ok(body.includes(`« ${title} »`) && body.includes(`${d}/${m}/${y} à 15 h`), body);
    assert.match(body, /Motif : Artiste malade, grippe\./);
    assert.match(body, /Vous y aviez inscrit 6 personnes/);

    // The artist sees it cancelled among their slots.
    const mine = await artist.get('/allo-artiste/mes-creneaux');
    assert.match(mine.text, new RegExp(`${title}</a> · [^<]* · <strong>Annulée</strong>`));
    // Registrations refused, with a clear message.
    await referent.get(`/allo-artiste/creneaux/${slot}`);
    const refused = await referent.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: 'fr' });
    assert.equal(refused.status, 409);
    assert.match(text(refused.text), /Ce créneau est annulé/);
    assert.equal(Number(dbValue(own.database, `SELECT registered FROM allo_slots WHERE id = ${slot}`)), 6);

    // The programme (HTML and PDF) shows it « Annulée », and the hour may hold another show.
    const week = await coordinator.get(`/allo-artiste/programme?semaine=${day}`);
    assert.match(text(week.text).replace(/\s+/g, ' '), new RegExp(`15 h — ${title} — Annulée`));
    assert.ok(week.text.includes(`/allo-artiste/creneaux/nouveau?jour=${day}&amp;heure=15`), 'the hour is free to programme');
    const other = unique('Remplaçant');
    const replacement = await programmed(other, 'fr', day, 15, 300, on);
    assert.ok(replacement > slot);
    await referent.get(`/allo-artiste/creneaux/${replacement}`);
    assert.equal((await referent.post(`/allo-artiste/creneaux/${replacement}/auditeurs`, { language: 'fr' })).status, 303);
    const res = await fetch(`${own.url}/allo-artiste/programme/pdf?semaine=${day}`, { headers: { cookie: referent.cookieHeader() } });
    assert.equal(res.status, 200);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(await res.arrayBuffer()), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const words = r.stdout.replace(/\s+/g, ' ');
    assert.ok(printed(words, `15 h — ${title} : ANNULÉ`), words);
    assert.ok(printed(words, `15 h — ${title}: CANCELADO`), 'the Spanish page says it too');
    assert.ok(printed(words, other), 'the replacement is printed');

    // No reminder for the cancelled slot, the replacement's only.
    const startsAt = Number(dbValue(own.database, `SELECT starts_at FROM allo_slots WHERE id = ${slot}`));
    const now = Math.floor(Date.now() / 1000);
    const run = runTrame(['jobs', 'run-due', '--database', own.database], { env: { TRAME_CLOCK_OFFSET: String(startsAt - 28 * 3600 - now) } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(Number(dbValue(own.database, `SELECT COUNT(*) FROM allo_listeners WHERE slot_id = ${slot} AND reminded_at > 0`)), 0);
    assert.equal(Number(dbValue(own.database, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%demain : ${title}%'`)), 0);
    assert.equal(Number(dbValue(own.database, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%demain : ${other}%'`)), 1);

    // Statistics: the replacement only (1 slot, 1 listener), not the cancelled one's 6.
    const stats = await coordinator.get(`/allo-artiste/statistiques?du=${day}&au=${day}`);
    const row = stats.text.match(new RegExp(`<tr data-month="${m}\\/${y}">(.*?)</tr>`));
    assert.ok(row, 'the month is a line');
    assert.deepEqual([...row[1].matchAll(/<td>(.*?)<\/td>/g)].map((x) => x[1]), ['1', '&lt; 5', '0']);

    // After the start (a later server), neither slot can be cancelled or changed.
    await own.stop();
    const later = await startTrame({ database: own.database, demo: false, env: { TRAME_CLOCK_OFFSET: String(startsAt + 600 - now) } });
    try {
      const co = new Client(later.url);
      await co.login(DEMO.coordinator);
      const after = await co.get(`/allo-artiste/creneaux/${replacement}`);
      assert.equal(after.status, 200);
      assert.doesNotMatch(after.text, /\/annulation"/);
      assert.equal((await co.post(`/allo-artiste/creneaux/${replacement}/annulation`, { reason: 'Trop tard.' })).status, 409);
      assert.equal((await co.post(`/allo-artiste/creneaux/${replacement}/modification`, { show: '1', bridge_number: '0184881234',
        bridge_pin: '1111', capacity: '300' })).status, 409);
      assert.equal(Number(dbValue(own.database, `SELECT cancelled_at FROM allo_slots WHERE id = ${replacement}`)), 0);
    } finally {
      await later.stop();
    }
  } finally {
    await own.stop();
  }
});

test('a coordinator edits a slot: the bridge (referents e-mailed), the show (same rules as programming), the capacity (never below the registered)', async () => {
  const day = dayIn(52);
  const title = unique('Pont changé');
  const slot = await programmed(title, 'fr', day, 19, 10);
  await referent.get(`/allo-artiste/creneaux/${slot}`);
  for (let i = 0; i < 3; i++) {
    assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/auditeurs`, { language: 'fr' })).status, 303);
  }
  const show = showId(title);
  const row = () => dbValue(server.database, `SELECT show_id || '|' || bridge_number || '|' || bridge_pin || '|' || capacity FROM allo_slots WHERE id = ${slot}`);
  const before = row();
  const edit = (fields) => coordinator.post(`/allo-artiste/creneaux/${slot}/modification`,
    { show, bridge_number: '01 84 88 12 34', bridge_pin: '4321', capacity: 10, ...fields });
  await coordinator.get(`/allo-artiste/creneaux/${slot}`);
  // Below the 3 registered: 422, nothing changed.
  const below = await edit({ capacity: 2 });
  assert.equal(below.status, 422);
  assert.match(text(below.text), /inférieur au nombre de personnes déjà inscrites/);
  assert.equal(row(), before);
  const badPin = await edit({ bridge_pin: '12' });
  assert.equal(badPin.status, 422);
  assert.equal(row(), before);
  // A referent may not edit.
  assert.equal((await referent.post(`/allo-artiste/creneaux/${slot}/modification`, { show, bridge_number: '0184881234',
    bridge_pin: '9999', capacity: 10 })).status, 403);
  // The capacity alone: no e-mail.
  assert.equal((await edit({ capacity: 3 })).status, 303);
  assert.equal(Number(dbValue(server.database, `SELECT capacity FROM allo_slots WHERE id = ${slot}`)), 3);
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%changement : ${title}%'`)), 0);
  // The PIN: the referent gets the new access.
  assert.equal((await edit({ bridge_pin: '9876', capacity: 3 })).status, 303);
  const mails = `FROM mail_outbox WHERE subject LIKE '%changement : ${title}%'`;
  assert.equal(Number(dbValue(server.database, `SELECT COUNT(*) ${mails}`)), 1);
  assert.equal(dbValue(server.database, `SELECT recipient ${mails}`), DEMO.referent);
  const body = dbValue(server.database, `SELECT body ${mails}`);
  assert.match(body, /code PIN : 9876/);
  assert.match(body, /Vous y avez inscrit 3 personnes/);
  // Another show: a proposed one is refused; an accepted one whose artist is available is taken.
  const proposed = unique('Pas encore retenu');
  assert.equal((await propose(artist, { title: proposed, discipline: 'Conte', language: 'fr', duration: 17 },
    { bytes: MP3, type: 'audio/mpeg', name: 'p.mp3' })).status, 303);
  const refused = await edit({ show: showId(proposed), bridge_pin: '9876', capacity: 3 });
  assert.equal(refused.status, 422);
  assert.equal(Number(dbValue(server.database, `SELECT show_id FROM allo_slots WHERE id = ${slot}`)), show);
  const next = unique('Nouveau spectacle');
  assert.equal((await propose(artist, { title: next, discipline: 'Chant', language: 'fr', duration: 15 },
    { bytes: MP3, type: 'audio/mpeg', name: 'n.mp3' })).status, 303);
  await coordinator.get('/allo-artiste/spectacles');
  assert.equal((await coordinator.post(`/allo-artiste/spectacles/${showId(next)}/decision`, { decision: 'accepted' })).status, 303);
  const form = await coordinator.get(`/allo-artiste/creneaux/${slot}`);
  assert.ok(form.text.includes(next), 'the available show is offered');
  assert.equal((await edit({ show: showId(next), bridge_pin: '9876', capacity: 3 })).status, 303);
  assert.equal(Number(dbValue(server.database, `SELECT show_id FROM allo_slots WHERE id = ${slot}`)), showId(next));
  const changed = dbValue(server.database, `SELECT body FROM mail_outbox WHERE subject LIKE '%changement : ${next}%'`);
  assert.ok(changed.includes(`le spectacle « ${title} » est remplacé par « ${next} »`), changed);
  assert.equal(Number(dbValue(server.database,
    `SELECT COUNT(*) FROM audit_log WHERE action = 'allo.slot.edit' AND subject = 'allo_slot:${slot}'`)), 3);
});

test('an artist edits a proposed show (same checks), only its presentation and sample once accepted, and withdraws one', async () => {
  const title = unique('À retoucher');
  assert.equal((await propose(artist, { title, discipline: 'Conte', language: 'fr', duration: 18, description: 'Avant.' },
    { bytes: MP3, type: 'audio/mpeg', name: 'a.mp3' })).status, 303);
  const id = showId(title);
  const row = () => dbValue(server.database, `SELECT title || '|' || discipline || '|' || language || '|' || duration_minutes || '|' || description || '|' || sample_type || '|' || status FROM allo_shows WHERE id = ${id}`);
  const edit = async (c, fields, file) => {
    await c.get(`/allo-artiste/spectacles/${id}/modification`);
    const form = new FormData();
    form.set('_csrf', c.csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    if (file) form.set('sample', new Blob([file.bytes], { type: file.type }), file.name);
    return c.request('POST', `/allo-artiste/spectacles/${id}/modification`, { body: form });
  };
  // Another account: not found; the same checks as a proposal: nothing changed.
  assert.equal((await coordinator.get(`/allo-artiste/spectacles/${id}/modification`)).status, 403);
  const before = row();
  const long = await edit(artist, { title, discipline: 'Conte', language: 'fr', duration: 30 });
  assert.equal(long.status, 422);
  assert.match(text(long.text), /15 à 20 minutes/);
  const notAudio = await edit(artist, { title, discipline: 'Conte', language: 'fr', duration: 18 },
    { bytes: Buffer.from('du texte'), type: 'audio/mpeg', name: 'x.mp3' });
  assert.equal(notAudio.status, 422);
  assert.match(text(notAudio.text), /MP3, OGG, WAV ou M4A/);
  assert.equal(row(), before);
  // While proposed: everything, the sample replaced by an Ogg one.
  const renamed = `${title} bis`;
  const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]);
  const ok = await edit(artist, { title: renamed, discipline: 'Chant', language: 'es', duration: 16, description: 'Après.' },
    { bytes: ogg, type: 'audio/ogg', name: 'b.ogg' });
  assert.equal(ok.status, 303, text(ok.text));
  assert.equal(row(), `${renamed}|Chant|es|16|Après.|audio/ogg|proposed`);
  // Accepted: the title and the rest are on the programme; only the presentation and the sample change.
  await coordinator.get('/allo-artiste/spectacles');
  assert.equal((await coordinator.post(`/allo-artiste/spectacles/${id}/decision`, { decision: 'accepted' })).status, 303);
  const page = await artist.get(`/allo-artiste/spectacles/${id}/modification`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /name="title"/);
  const locked = await edit(artist, { title: 'Autre titre', description: 'Encore.' });
  assert.equal(locked.status, 422);
  assert.match(text(locked.text), /Seuls la présentation et l'extrait peuvent changer/);
  assert.equal((await edit(artist, { description: 'Nouvelle présentation.' })).status, 303);
  assert.equal(row(), `${renamed}|Chant|es|16|Nouvelle présentation.|audio/ogg|accepted`);
  // Programmed on a slot to come: it cannot be withdrawn (422, call the coordination).
  const day = dayIn(55);
  await artist.get('/allo-artiste/mes-spectacles');
  await artist.post('/allo-artiste/disponibilites', { day, hours: '11' });
  await coordinator.get(`/allo-artiste/creneaux/nouveau?jour=${day}&heure=11`);
  const slotRes = await coordinator.post('/allo-artiste/creneaux/nouveau', { day, hour: 11, show: id,
    bridge_number: '0184881234', bridge_pin: '1234', capacity: 300 });
  assert.equal(slotRes.status, 303);
  const slot = Number(slotRes.location.match(/creneaux\/(\d+)/)[1]);
  await artist.get('/allo-artiste/mes-spectacles');
  const refused = await artist.post(`/allo-artiste/spectacles/${id}/retrait`, {});
  assert.equal(refused.status, 422);
  assert.match(text(refused.text), /appelez la coordination/);
  assert.equal(dbValue(server.database, `SELECT status FROM allo_shows WHERE id = ${id}`), 'accepted');
  // Once that slot is cancelled, it can be; a withdrawn show leaves the candidates and can no longer be edited.
  await coordinator.get(`/allo-artiste/creneaux/${slot}`);
  assert.equal((await coordinator.post(`/allo-artiste/creneaux/${slot}/annulation`, { reason: 'Retrait.' })).status, 303);
  await artist.get('/allo-artiste/mes-spectacles');
  assert.equal((await artist.post(`/allo-artiste/spectacles/${id}/retrait`, {})).status, 303);
  assert.equal(dbValue(server.database, `SELECT status FROM allo_shows WHERE id = ${id}`), 'withdrawn');
  assert.equal((await edit(artist, { description: 'Trop tard.' })).status, 409);
  const form = await coordinator.get(`/allo-artiste/creneaux/nouveau?jour=${day}&heure=11`);
  assert.ok(!form.text.includes(renamed), 'a withdrawn show is no candidate');
  // A proposed show withdrawn leaves the coordinators' queue.
  const queued = unique('Retiré de la file');
  assert.equal((await propose(artist, { title: queued, discipline: 'Conte', language: 'fr', duration: 18 },
    { bytes: MP3, type: 'audio/mpeg', name: 'q.mp3' })).status, 303);
  assert.ok((await coordinator.get('/allo-artiste/spectacles?etat=proposed')).text.includes(queued));
  await artist.get('/allo-artiste/mes-spectacles');
  assert.equal((await artist.post(`/allo-artiste/spectacles/${showId(queued)}/retrait`, {})).status, 303);
  assert.ok(!(await coordinator.get('/allo-artiste/spectacles?etat=proposed')).text.includes(queued));
  await coordinator.get('/allo-artiste/spectacles');
  // Nor can it be decided any more (the button's error comes back as a flash on the list).
  await coordinator.post(`/allo-artiste/spectacles/${showId(queued)}/decision`, { decision: 'accepted' });
  assert.equal(dbValue(server.database, `SELECT status FROM allo_shows WHERE id = ${showId(queued)}`), 'withdrawn');
  assert.equal(Number(dbValue(server.database,
    `SELECT COUNT(*) FROM audit_log WHERE action = 'allo.show.withdraw' AND subject IN ('allo_show:${id}', 'allo_show:${showId(queued)}')`)), 2);
});
