// « Par Ici la Sortie »: the mediator's page when the network goes (docs/mediation.md « Par Ici la Sortie »).
// Online this script does nothing: the page's forms post and redirect. Offline (navigator.onLine false), the
// game goes on here with the cards embedded in the page (#mediator-game): draw, apply, skip, with the same
// rules as the server; each move is kept in localStorage with the sequence the page was at. When the network
// is back, the moves and the state they led to are posted (#sync-form, /jeu/parties/{code}/synchro): the
// server plays them if the game is still at that sequence, otherwise keeps its own and says so.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('mediator-game').textContent);
  const words = data.words;
  const KEY = 'par-ici-la-sortie-synchro-' + data.code;
  const panel = document.getElementById('hors-ligne-partie');
  const online = [document.getElementById('carte'), document.getElementById('equipes')];
  const drawButton = document.getElementById('offline-play-draw');
  const applyButton = document.getElementById('offline-play-apply');
  const skipButton = document.getElementById('offline-play-skip');
  let pending = null;  // { base, moves, state, sent }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function save() {
    try { if (pending) localStorage.setItem(KEY, JSON.stringify(pending)); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }
  function el(tag, text) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cardOf(id) { return data.cards.find((c) => c.id === id); }
  function fresh() {
    return { base: data.seq, moves: [], sent: false, state: {
      teams: data.teams.map((t) => ({ name: t.name, square: t.square })), turn: data.turn, status: data.status,
      winner: data.winner, card: data.card, drawn: data.drawn.slice() } };
  }

  // The server's rules (rules.cpp apply_move): kept within 0..track, the first to the show wins, else the turn passes.
  function applyMove(s, team, steps) {
    if (s.status !== 'playing') return;
    const t = s.teams[team];
    t.square = Math.max(0, Math.min(data.track, t.square + steps));
    if (t.square >= data.track) { s.status = 'won'; s.winner = team; return; }
    s.turn = (team + 1) % s.teams.length;
  }

  function render() {
    const s = pending.state;
    online.forEach((e) => { if (e) e.hidden = true; });
    panel.hidden = false;
    const status = document.getElementById('offline-play-status');
    status.replaceChildren();
    const won = s.status === 'won';
    if (won) { status.append(el('strong', s.teams[s.winner].name), ' ' + words.won); }
    else { status.append(words.turn + ' ', el('strong', s.teams[s.turn].name)); }
    const card = document.getElementById('offline-play-card');
    const c = s.card ? cardOf(s.card) : null;
    if (c) {
      const kind = el('p');
      kind.append(el('strong', c.kind_label));
      const answer = el('p');
      if (c.answer) answer.append(el('strong', c.answer_label + ' :'), ' ' + c.answer);
      const text = el('p', c.text);
      text.className = 'game-card-text';
      card.replaceChildren(kind, text, answer, el('p', c.move_text));
    } else {
      card.replaceChildren(el('p', won ? '' : words.no_card));
    }
    drawButton.hidden = won || !!c;
    applyButton.hidden = won || !c;
    skipButton.hidden = won || !c;
    const teams = document.getElementById('offline-play-teams');
    teams.replaceChildren(...s.teams.map((t) => el('li', t.name + ' — ' + (t.square === 0 ? words.start
      : t.square === data.track ? words.show : words.square.replace('{n}', String(t.square))))));
  }

  function record(move) {
    if (!pending) pending = fresh();
    pending.moves.push(move);
    save();
    render();
  }

  function draw() {
    if (!pending) pending = fresh();
    const s = pending.state;
    if (s.status !== 'playing' || s.card) return;
    let left = data.cards.map((c) => c.id).filter((id) => !s.drawn.includes(id));
    if (!left.length) { s.drawn = []; left = data.cards.map((c) => c.id); }
    s.card = left[Math.floor(Math.random() * left.length)];
    s.drawn.push(s.card);
    record({ action: 'draw', card: s.card });
    applyButton.focus();
  }
  function play(apply) {
    const s = pending.state;
    const c = cardOf(s.card);
    if (!c || s.status !== 'playing') return;
    applyMove(s, s.turn, apply ? c.move : 0);
    s.card = 0;
    record({ action: 'play', apply });
    if (!drawButton.hidden) drawButton.focus();
  }

  function send() {
    if (!pending || pending.sent || !navigator.onLine) return;
    if (!pending.moves.length) {  // nothing played offline: the page as it was
      pending = null;
      save();
      panel.hidden = true;
      online.forEach((e) => { if (e) e.hidden = false; });
      return;
    }
    const s = pending.state;
    const form = document.getElementById('sync-form');
    form.elements.base.value = String(pending.base);
    form.elements.moves.value = JSON.stringify(pending.moves);
    form.elements.final.value = JSON.stringify({ squares: s.teams.map((t) => t.square), turn: s.turn, status: s.status,
      winner: s.winner, card: s.card });
    pending.sent = true;  // the answer (the page again, with its message) closes it
    save();
    document.getElementById('sync-sending').hidden = false;
    form.submit();
  }

  // While offline, the page's own forms (draw, play, correct) play here instead.
  document.addEventListener('submit', (event) => {
    if (navigator.onLine || event.target.id === 'sync-form') return;
    event.preventDefault();
    const action = event.target.getAttribute('action') || '';
    if (action.endsWith('/tirage')) draw();
    else if (action.endsWith('/jouer')) { if (!pending) pending = fresh(); play(event.target.elements.apply.value === '1'); }
  });
  drawButton.addEventListener('click', draw);
  applyButton.addEventListener('click', () => play(true));
  skipButton.addEventListener('click', () => play(false));
  window.addEventListener('offline', () => { if (!pending) pending = fresh(); save(); render(); });
  window.addEventListener('online', send);

  // Sent already (this page is the server's answer, with its message): done with. Moves made from an older
  // state of the game are sent all the same: the server says the game changed.
  pending = load();
  if (pending && (pending.sent || !pending.moves.length)) { pending = null; save(); }
  if (pending && navigator.onLine) send();
  else if (!navigator.onLine) { if (!pending) pending = fresh(); render(); }
})();
