// « Par Ici la Sortie », digital (/jeu; docs/mediation.md « Par Ici la Sortie »): the starter deck on a fresh
// instance, decks versioned by every edit (a game keeps the version it started with), images checked by their
// bytes, a game played to the end over HTTP by its mediator while the board follows it (state JSON and the
// server-sent events answered at once), the printable deck read back with pdftotext, the offline board; a deck's
// cards a page at a time with a filter by type; the cards' images in the printable deck (PNG and JPEG, read by
// pdfimages) and on the offline board (public, the current version's cards only).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, TMP, runSql, startTrame } from '../harness.mjs';
import { flashError, signIn, unique } from '../bookings_fixtures.mjs';
import { noise, pictureInfo, png } from '../pictures.mjs';

let server;
before(async () => { server = await startTrame(); });
after(async () => { await server?.stop(); });

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"');

async function multipart(client, pagePath, action, fields, image) {
  await client.get(pagePath);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', unique('s'));
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  if (image) form.set('image', new Blob([image.bytes], { type: image.type }), image.name);
  return client.request('POST', action, { body: form });
}

async function deckIds(client) {
  const page = await client.get('/jeu/paquets');
  assert.equal(page.status, 200);
  return [...page.text.matchAll(/<a href="\/jeu\/paquets\/(\d+)">([^<]*)<\/a>/g)].map((m) => ({ id: m[1], name: decode(m[2]) }));
}

async function deckPage(client, id) {
  const page = await client.get(`/jeu/paquets/${id}`);
  assert.equal(page.status, 200);
  const version = Number((page.text.match(/version (\d+) — /) || [])[1]);
  const cards = [...page.text.matchAll(/href="\/jeu\/paquets\/\d+\/cartes\/(\d+)"/g)].map((m) => m[1]);
  return { text: page.text, version, cards };
}

async function startGame(client, deckId, teams) {
  await client.get('/jeu');
  const res = await client.post('/jeu/parties', { deck: deckId, teams: teams.join('\n'), _submission: unique('s') });
  assert.equal(res.status, 303, flashError(res.text));
  const code = res.location.match(/^\/jeu\/parties\/([A-Z0-9]{6})$/)[1];
  return code;
}

async function state(code) {
  const res = await fetch(`${server.url}/jeu/plateau/${code}/etat`);
  assert.equal(res.status, 200);
  return res.json();
}

async function events(code, lastId) {
  const headers = lastId === undefined ? {} : { 'Last-Event-ID': String(lastId) };
  const res = await fetch(`${server.url}/jeu/plateau/${code}/evenements`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function act(client, code, action, fields = {}) {
  await client.get(`/jeu/parties/${code}`);
  return client.post(`/jeu/parties/${code}/${action}`, { ...fields, _submission: unique('s') });
}

test('the starter deck is there, 40 cards of the four types, also offline and printable', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  const starter = (await deckIds(coordinator)).find((d) => d.name === 'Paquet de départ');
  assert.ok(starter, 'the starter deck is listed');
  const deck = await deckPage(coordinator, starter.id);
  assert.equal(deck.cards.length, 20, 'the first page of 20');
  assert.match(deck.text, /— 40 cartes/);
  for (const kind of ['Culture', 'Transports', 'Artistes', 'Spectateurs']) {
    const only = await coordinator.get(`/jeu/paquets/${starter.id}?type=${kind.toLowerCase()}`);
    assert.match(only.text, new RegExp(`<strong>${kind}</strong>`));
    assert.equal([...only.text.matchAll(/<strong>([^<]+)<\/strong> — /g)].filter((m) => m[1] !== kind).length, 0);
  }

  // The offline board embeds the deck as JSON; the service worker is served from /jeu/ (its scope).
  const offline = await new Client(server.url).get('/jeu/hors-ligne');
  assert.equal(offline.status, 200);
  const json = JSON.parse(offline.text.match(/<script type="application\/json" id="offline-deck">([\s\S]*?)<\/script>/)[1]);
  assert.equal(json.cards.length, 40);
  assert.ok(json.cards.every((c) => ['culture', 'transports', 'artistes', 'spectateurs'].includes(c.kind) && c.text));
  const sw = await fetch(`${server.url}/jeu/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.match(await sw.text(), /\/jeu\/hors-ligne/);

  // The printable cards: A4, 8 per page, read back by pdftotext.
  const referent = await signIn(server, DEMO.referent);
  const pdf = await fetch(`${server.url}/jeu/paquets/${starter.id}/cartes.pdf`, { headers: { cookie: referent.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const file = path.join(TMP, `${unique('cartes')}.pdf`);
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  assert.match(info, /Pages:\s+5\b/);
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  assert.match(text, /Qu'est-ce qu'un entracte \?/);
  assert.match(text, /Spectateurs/);
  assert.match(text, /Avancez de 2 cases/);
  fs.rmSync(file);
});

test('decks are versioned: every edit a new version, a game keeps its own; images checked by their bytes', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  const name = unique('Paquet essai');
  await coordinator.get('/jeu/paquets');
  const created = await coordinator.post('/jeu/paquets', { name, _submission: unique('s') });
  assert.equal(created.status, 303, flashError(created.text));
  const id = created.location.match(/\/jeu\/paquets\/(\d+)$/)[1];
  assert.equal((await deckPage(coordinator, id)).version, 1);

  // Bad input: a clear message, nothing changed.
  let res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'culture', text: '   ', answer_kind: 'answer', answer: '', move: '1' });
  assert.equal(res.status, 422);
  assert.match(flashError(res.text), /texte de la carte/);
  res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'culture', text: 'Une carte', answer_kind: 'answer', answer: '', move: '5' });
  assert.equal(res.status, 422);
  res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'culture', text: 'Une carte', answer_kind: 'answer', answer: '', move: '1' },
    { bytes: Buffer.from('ceci n\'est pas une image'), type: 'image/png', name: 'faux.png' });
  assert.equal(res.status, 422);
  assert.match(flashError(res.text), /pas une image/);
  assert.equal((await deckPage(coordinator, id)).version, 1);

  // A card with a real image: version 2; its image is served as PNG, re-encoded.
  res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'transports', text: 'Première version de la carte', answer_kind: 'answer', answer: 'La ligne 8', move: '2' },
    { bytes: png(40, 30, { alpha: true }), type: 'image/png', name: 'plan.png' });
  assert.equal(res.status, 303, flashError(res.text));
  let deck = await deckPage(coordinator, id);
  assert.equal(deck.version, 2);
  assert.equal(deck.cards.length, 1);
  const image = await fetch(`${server.url}/jeu/cartes/${deck.cards[0]}/image`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');

  // A game starts on version 2…
  const referent = await signIn(server, DEMO.referent);
  const code = await startGame(referent, id, ['Les Étoiles', 'Les Comètes']);
  // …then the card is changed (version 3): the game still plays the card of version 2.
  res = await multipart(coordinator, `/jeu/paquets/${id}/cartes/${deck.cards[0]}`, `/jeu/paquets/${id}/cartes/${deck.cards[0]}`,
    { kind: 'transports', text: 'Deuxième version de la carte', answer_kind: 'prompt', answer: 'Parlez du trajet', move: '-1' });
  assert.equal(res.status, 303, flashError(res.text));
  deck = await deckPage(coordinator, id);
  assert.equal(deck.version, 3);
  assert.match(deck.text, /Deuxième version de la carte/);
  assert.doesNotMatch(deck.text, /Première version de la carte/);
  res = await act(referent, code, 'tirage');
  assert.equal(res.status, 303);
  assert.equal((await state(code)).card.text, 'Première version de la carte');
  // The board shows the card's image by the game's code, with no account.
  const boardImage = await fetch(server.url + (await state(code)).card.image);
  assert.equal(boardImage.status, 200);
  assert.equal(boardImage.headers.get('content-type'), 'image/png');
  const mediator = await referent.get(`/jeu/parties/${code}`);
  assert.match(mediator.text, /La ligne 8/);   // the expected answer, on the mediator's view only
  assert.doesNotMatch(JSON.stringify(await state(code)), /La ligne 8/);

  // Removing the card: version 4, no card left; a new game on it is refused with a message.
  res = await coordinator.post(`/jeu/paquets/${id}/cartes/${deck.cards[0]}/suppression`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  deck = await deckPage(coordinator, id);
  assert.equal(deck.version, 4);
  assert.equal(deck.cards.length, 0);
  await referent.get('/jeu');
  res = await referent.post('/jeu/parties', { deck: id, teams: 'A\nB', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(flashError(res.text), /pas de carte/);
});

test('a game played to the end: the mediator draws and moves, the board follows by server-sent events', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  const starter = (await deckIds(coordinator)).find((d) => d.name === 'Paquet de départ');
  const referent = await signIn(server, DEMO.referent);

  // Teams: names only, 2 to 6, each once.
  await referent.get('/jeu');
  let res = await referent.post('/jeu/parties', { deck: starter.id, teams: 'Seule', _submission: unique('s') });
  assert.equal(res.status, 422);
  assert.match(flashError(res.text), /au moins deux équipes/);
  res = await referent.post('/jeu/parties', { deck: starter.id, teams: 'A\nA', _submission: unique('s') });
  assert.equal(res.status, 422);
  // No CSRF token: refused.
  res = await referent.post('/jeu/parties', { deck: starter.id, teams: 'A\nB', _csrf: 'faux' });
  assert.equal(res.status, 403);

  const code = await startGame(referent, starter.id, ['Les Étoiles', 'Les Comètes', 'Les Planètes']);
  // The board needs no account; the code may be typed in lower case.
  const anonymous = new Client(server.url);
  const join = await anonymous.get(`/jeu/plateau?code=${code.toLowerCase()}`);
  assert.equal(join.status, 303);
  assert.equal(join.location, `/jeu/plateau/${code}`);
  const board = await anonymous.get(`/jeu/plateau/${code}`);
  assert.equal(board.status, 200);
  assert.match(board.text, /Les Étoiles/);
  assert.match(board.text, /Le spectacle/);

  // The mediator's page tells where the board is.
  const led = await referent.get(`/jeu/parties/${code}`);
  assert.match(led.text, new RegExp(`ouvrez /jeu/plateau/${code} `));
  assert.doesNotMatch(led.text, /\{url\}/);

  // Someone else's game is not theirs to lead.
  const volunteer = await signIn(server, DEMO.volunteer);
  assert.equal((await volunteer.get(`/jeu/parties/${code}`)).status, 404);
  assert.equal((await volunteer.post(`/jeu/parties/${code}/tirage`, {})).status, 404);

  // The events: answered at once, with retry, the state as one event; nothing when nothing changed.
  let s = await state(code);
  let ev = await events(code);
  assert.equal(ev.status, 200);
  assert.match(ev.type, /^text\/event-stream/);
  assert.match(ev.text, /^retry: 1000$/m);
  assert.match(ev.text, new RegExp(`^id: ${s.seq}$`, 'm'));
  assert.match(ev.text, /^event: state$/m);
  const data = JSON.parse(ev.text.match(/^data: (.*)$/m)[1]);
  assert.deepEqual(data.teams.map((t) => t.name), ['Les Étoiles', 'Les Comètes', 'Les Planètes']);
  ev = await events(code, s.seq);
  assert.equal(ev.status, 200);
  assert.doesNotMatch(ev.text, /^data:/m);

  // Draw, play: the turn passes; each change raises the sequence the events carry.
  res = await act(referent, code, 'jouer', { apply: '1' });
  assert.equal(res.status, 303);   // no card drawn yet: refused, back to the page with a message
  assert.equal((await state(code)).seq, s.seq);
  res = await act(referent, code, 'tirage');
  assert.equal(res.status, 303);
  const drawn = await state(code);
  assert.equal(drawn.seq, s.seq + 1);
  assert.ok(drawn.card && drawn.card.text);
  ev = await events(code, s.seq);
  assert.match(ev.text, new RegExp(`^id: ${drawn.seq}$`, 'm'));
  res = await act(referent, code, 'tirage');   // a card already waits
  assert.equal((await state(code)).seq, drawn.seq);
  res = await act(referent, code, 'jouer', { apply: '1' });
  s = await state(code);
  assert.equal(s.card, null);
  assert.equal(s.turn, 1);

  // Play rounds until someone reaches the show (bounded), then finish by hand if needed.
  for (let i = 0; i < 60 && s.status === 'playing'; i++) {
    await act(referent, code, 'tirage');
    await act(referent, code, 'jouer', { apply: '1' });
    s = await state(code);
  }
  while (s.status === 'playing') {
    await act(referent, code, 'deplacement', { team: '0', steps: '3' });
    s = await state(code);
  }
  assert.equal(s.status, 'won');
  assert.ok(s.winner >= 0);
  assert.equal(s.teams[s.winner].square, s.track);
  const page = await referent.get(`/jeu/parties/${code}`);
  assert.match(decode(page.text), new RegExp(`${s.teams[s.winner].name}</strong> a gagné`));
  // The board that holds the final state is told to stop (204); one that does not gets it.
  assert.equal((await events(code, s.seq)).status, 204);
  assert.match((await events(code, s.seq - 1)).text, new RegExp(`^id: ${s.seq}$`, 'm'));
  // Over: nothing more changes.
  res = await act(referent, code, 'tirage');
  assert.equal((await state(code)).seq, s.seq);
  res = await act(referent, code, 'deplacement', { team: '1', steps: '2' });
  assert.equal((await state(code)).seq, s.seq);

  // A game expires after a day: the board is gone, its events answer 204 (EventSource stops).
  runSql(server.database, `UPDATE game_games SET expires_at = 1 WHERE code = '${code}'`);
  assert.equal((await anonymous.get(`/jeu/plateau/${code}`)).status, 404);
  assert.equal((await events(code)).status, 204);
  assert.equal((await referent.get(`/jeu/parties/${code}`)).status, 404);
});

test('a wrong code is a clear message; the board\'s look-ups of unknown codes are limited per address', async () => {
  const anonymous = new Client(server.url);
  const res = await anonymous.get('/jeu/plateau?code=12');
  assert.equal(res.status, 422);
  assert.match(res.text, /six lettres et chiffres/);
  assert.equal((await anonymous.get('/jeu/plateau/ZZZZZZ')).status, 404);

  // Unknown codes from one address: 30 per 10 minutes, then 429; a known code still answers (a board in use
  // is never locked out).
  const coordinator = await signIn(server, DEMO.coordinator);
  const starter = (await deckIds(coordinator)).find((d) => d.name === 'Paquet de départ');
  const code = await startGame(await signIn(server, DEMO.referent), starter.id, ['Les Uns', 'Les Autres']);
  let limited = 0;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await anonymous.get(`/jeu/plateau/ZZZZ${String(i).padStart(2, '2').replace(/[01]/g, '9')}/etat`);
    if (r.status === 429) limited = i + 1; else assert.equal(r.status, 404);
  }
  assert.ok(limited > 0 && limited <= 31, `limited after ${limited} unknown codes`);
  assert.equal((await anonymous.get(`/jeu/plateau/${code}/etat`)).status, 200);
});

test('a deck\'s cards a page at a time, filtered by type', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  await coordinator.get('/jeu/paquets');
  const created = await coordinator.post('/jeu/paquets', { name: unique('Paquet pages'), _submission: unique('s') });
  assert.equal(created.status, 303, flashError(created.text));
  const id = created.location.match(/\/jeu\/paquets\/(\d+)$/)[1];
  for (let i = 1; i <= 23; i++) {
    const res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
      { kind: i % 10 === 0 ? 'transports' : 'culture', text: `Carte numéro ${i}.`, answer_kind: 'answer', answer: 'Oui', move: '1' });
    assert.equal(res.status, 303, flashError(res.text));
  }
  const texts = (page) => [...page.text.matchAll(/<\/strong> — Carte numéro (\d+)\./g)].map((m) => Number(m[1]));
  let page = await coordinator.get(`/jeu/paquets/${id}`);
  assert.match(page.text, /— 23 cartes/);
  assert.deepEqual(texts(page), Array.from({ length: 20 }, (_, i) => i + 1));
  assert.match(page.text, new RegExp(`href="/jeu/paquets/${id}\\?page=2" rel="next"`));
  page = await coordinator.get(`/jeu/paquets/${id}?page=2`);
  assert.deepEqual(texts(page), [21, 22, 23]);
  assert.match(page.text, /<ol class="stack" start="21">/);
  // Beyond the last page: the last page.
  assert.deepEqual(texts(await coordinator.get(`/jeu/paquets/${id}?page=99`)), [21, 22, 23]);
  // One type: its cards only, one page, and how many.
  page = await coordinator.get(`/jeu/paquets/${id}?type=transports`);
  assert.equal(page.status, 200);
  assert.deepEqual(texts(page), [10, 20]);
  assert.match(page.text, /Transports : 2 cartes\./);
  assert.doesNotMatch(page.text, /rel="next"/);
  assert.match(page.text, /<option value="transports" selected>/);
  page = await coordinator.get(`/jeu/paquets/${id}?type=spectateurs`);
  assert.deepEqual(texts(page), []);
  assert.match(page.text, /Aucune carte de ce type dans ce paquet\./);
  // The filter kept across pages; an unknown type is all of them.
  page = await coordinator.get(`/jeu/paquets/${id}?type=culture`);
  assert.equal(texts(page).length, 20);
  assert.match(page.text, new RegExp(`href="/jeu/paquets/${id}\\?type=culture&amp;page=2" rel="next"`));
  assert.deepEqual(texts(await coordinator.get(`/jeu/paquets/${id}?type=culture&page=2`)), [23]);
  assert.equal(texts(await coordinator.get(`/jeu/paquets/${id}?type=inconnu`)).length, 20);
});

test('card images: in the printable deck (PNG and JPEG) and on the offline board, public, current cards only', async () => {
  const coordinator = await signIn(server, DEMO.coordinator);
  await coordinator.get('/jeu/paquets');
  const created = await coordinator.post('/jeu/paquets', { name: unique('Paquet images'), _submission: unique('s') });
  const id = created.location.match(/\/jeu\/paquets\/(\d+)$/)[1];
  // A drawing with transparency stays PNG; a photograph (noise, opaque) is kept as JPEG.
  let res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'transports', text: 'Le plan de la ligne', answer_kind: 'answer', answer: 'La ligne 8', move: '2' },
    { bytes: png(120, 80, { alpha: true }), type: 'image/png', name: 'plan.png' });
  assert.equal(res.status, 303, flashError(res.text));
  res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'culture', text: 'La photo du théâtre', answer_kind: 'prompt', answer: 'Qui y est allé ?', move: '1' },
    { bytes: png(300, 200, { paint: noise }), type: 'image/png', name: 'theatre.png' });
  assert.equal(res.status, 303, flashError(res.text));
  res = await multipart(coordinator, `/jeu/paquets/${id}`, `/jeu/paquets/${id}/cartes`,
    { kind: 'spectateurs', text: 'Sans image', answer_kind: 'answer', answer: 'Oui', move: '1' });
  assert.equal(res.status, 303, flashError(res.text));
  const cards = (await deckPage(coordinator, id)).cards;
  assert.equal(cards.length, 3);
  const types = [];
  for (const card of cards.slice(0, 2)) {
    const r = await fetch(`${server.url}/jeu/cartes/${card}/image`, { headers: { cookie: coordinator.cookieHeader() } });
    types.push(pictureInfo(Buffer.from(await r.arrayBuffer())).type);
  }
  assert.deepEqual(types, ['image/png', 'image/jpeg']);

  // The printable deck draws both: two images in the PDF, on the page of the cards.
  const pdf = await fetch(`${server.url}/jeu/paquets/${id}/cartes.pdf`, { headers: { cookie: coordinator.cookieHeader() } });
  assert.equal(pdf.status, 200);
  const file = path.join(TMP, `${unique('cartes-images')}.pdf`);
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const list = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const images = list.stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
  const drawn = images.filter((cols) => cols[2] === 'image');
  assert.equal(drawn.length, 2, list.stdout);
  assert.ok(drawn.every((cols) => cols[0] === '1'), 'on the first page');
  assert.deepEqual(drawn.map((cols) => `${cols[3]}x${cols[4]}`).sort(), ['120x80', '300x200']);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  assert.match(text, /Le plan de la ligne/);
  fs.rmSync(file);

  // The offline board lists the images of the deck; they are served to anybody (the deck is public there).
  const offline = await new Client(server.url).get(`/jeu/hors-ligne?paquet=${id}`);
  const json = JSON.parse(offline.text.match(/<script type="application\/json" id="offline-deck">([\s\S]*?)<\/script>/)[1]);
  assert.deepEqual(json.cards.map((c) => c.image), [`/jeu/hors-ligne/cartes/${cards[0]}/image`, `/jeu/hors-ligne/cartes/${cards[1]}/image`, '']);
  for (const [i, type] of [[0, 'image/png'], [1, 'image/jpeg']]) {
    const r = await fetch(server.url + json.cards[i].image);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), type);
    assert.ok((await r.arrayBuffer()).byteLength > 0);
  }
  assert.equal((await fetch(`${server.url}/jeu/hors-ligne/cartes/${cards[2]}/image`)).status, 404);
  const sw = await (await fetch(`${server.url}/jeu/sw.js`)).text();
  assert.match(sw, /\/jeu\/hors-ligne\/cartes\//);
  // A new version of the deck: the older version's cards are no longer served offline.
  res = await coordinator.post(`/jeu/paquets/${id}/cartes/${cards[2]}/suppression`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal((await fetch(server.url + json.cards[0].image)).status, 404);
  const now = JSON.parse((await new Client(server.url).get(`/jeu/hors-ligne?paquet=${id}`)).text
    .match(/<script type="application\/json" id="offline-deck">([\s\S]*?)<\/script>/)[1]);
  assert.equal((await fetch(server.url + now.cards[0].image)).status, 200);
});

test('an offline game sent back: played in order when the game has not moved, the server\'s kept otherwise', async () => {
  const referent = await signIn(server, DEMO.referent);
  const starter = (await deckIds(await signIn(server, DEMO.coordinator))).find((d) => d.name === 'Paquet de départ');
  const code = await startGame(referent, starter.id, ['Les Étoiles', 'Les Comètes']);
  const page = await referent.get(`/jeu/parties/${code}`);
  const game = JSON.parse(page.text.match(/<script type="application\/json" id="mediator-game">([\s\S]*?)<\/script>/)[1]);
  assert.equal(game.code, code);
  assert.equal(game.cards.length, 40);
  assert.ok(game.cards.every((c) => c.answer !== undefined), 'the mediator\'s page has the answers');
  const forward = game.cards.find((c) => c.move === 2);
  const other = game.cards.find((c) => c.move === 1);
  const base = (await state(code)).seq;
  assert.equal(game.seq, base);
  const moves = [{ action: 'draw', card: forward.id }, { action: 'play', apply: true }, { action: 'draw', card: other.id },
    { action: 'play', apply: false }, { action: 'move', team: 1, steps: 3 }];
  const reached = { squares: [2, 3], turn: 0, status: 'playing', winner: -1, card: 0 };
  const sync = async (fields) => {
    await referent.get(`/jeu/parties/${code}`);
    const res = await referent.post(`/jeu/parties/${code}/synchro`, { _submission: unique('s'), ...fields });
    return { res, text: res.status === 303 ? (await referent.get(res.location)).text : res.text };
  };
  const unchanged = async (seq) => {
    const s = await state(code);
    assert.equal(s.seq, seq);
    return s;
  };

  // Bad batches: nothing changed, a clear message.
  let r = await sync({ base: String(base), moves: JSON.stringify([{ action: 'draw', card: 999999999 }]), final: JSON.stringify(reached) });
  assert.equal(r.res.status, 303);
  assert.match(decode(r.text), /ne suivent pas les règles de la partie : rien n'a été changé/);
  await unchanged(base);
  r = await sync({ base: String(base), moves: JSON.stringify(moves), final: JSON.stringify({ ...reached, squares: [3, 3] }) });
  assert.match(decode(r.text), /ne mènent pas à la même position/);
  await unchanged(base);
  r = await sync({ base: String(base), moves: '{pas du json', final: '' });
  assert.match(decode(r.text), /ne suivent pas les règles/);
  await unchanged(base);
  // Someone else's game: 404.
  const coordinator = await signIn(server, DEMO.coordinator);
  await coordinator.get('/jeu');
  const foreign = await coordinator.post(`/jeu/parties/${code}/synchro`, { base: String(base), moves: JSON.stringify(moves), final: JSON.stringify(reached) });
  assert.equal(foreign.status, 404);
  await unchanged(base);

  // The game has not moved: the moves are played in order, in one change the board sees.
  r = await sync({ base: String(base), moves: JSON.stringify(moves), final: JSON.stringify(reached) });
  assert.equal(r.res.status, 303);
  assert.equal(r.res.location, `/jeu/parties/${code}`);
  assert.match(decode(r.text), /Les coups joués hors ligne ont été envoyés/);
  const after = await state(code);
  assert.equal(after.seq, base + 1);
  assert.deepEqual(after.teams.map((t) => t.square), [2, 3]);
  assert.equal(after.turn, 0);
  assert.equal(after.card, null);
  const ev = await events(code, base);
  assert.match(ev.text, new RegExp(`id: ${base + 1}\\n`));
  // Sent again from the same base (the game has moved since): the server's state is kept, and said.
  r = await sync({ base: String(base), moves: JSON.stringify(moves), final: JSON.stringify(reached) });
  assert.match(decode(r.text), /La partie a changé sur le serveur pendant que vous étiez hors ligne/);
  assert.deepEqual((await unchanged(base + 1)).teams.map((t) => t.square), [2, 3]);
  // Played to the end offline: the winner is the server's too.
  const win = [{ action: 'move', team: 0, steps: 3 }, { action: 'move', team: 0, steps: 3 }, { action: 'move', team: 0, steps: 2 }];
  r = await sync({ base: String(base + 1), moves: JSON.stringify(win), final: JSON.stringify({ squares: [10, 3], turn: 0, status: 'won', winner: 0, card: 0 }) });
  assert.match(decode(r.text), /Les coups joués hors ligne ont été envoyés/);
  const won = await state(code);
  assert.equal(won.status, 'won');
  assert.equal(won.winner, 0);
});
