// « Par Ici la Sortie » on one device, without network: the deck comes embedded in the page (#offline-deck);
// the game (teams, squares, turn, the card drawn, the cards already drawn) lives here and in localStorage, so
// that a reload keeps it. A service worker (/jeu/sw.js, scope /jeu/) keeps the page and its files once loaded.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('offline-deck').textContent);
  const words = data.words;
  const KEY = 'par-ici-la-sortie';
  const setup = document.getElementById('offline-setup');
  const game = document.getElementById('offline-game');
  const drawButton = document.getElementById('offline-draw');
  const applyButton = document.getElementById('offline-apply');
  const skipButton = document.getElementById('offline-skip');
  const againButton = document.getElementById('offline-again');
  let state = null;

  // The service worker keeps the page; once it is active, it is asked to keep the deck's images too, and
  // the board says so (data-images="kept", for the tests and whoever looks).
  const board = document.getElementById('hors-ligne');
  const images = data.cards.map((c) => c.image).filter((u) => u);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/jeu/sw.js', { scope: '/jeu/' }).catch(() => {});
    if (navigator.onLine) {
      navigator.serviceWorker.ready.then((reg) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => {
          if (event.data && event.data.kept === images.length) board.dataset.images = 'kept';
        };
        const files = [...document.querySelectorAll('script[src], link[rel="stylesheet"]')].map((e) => e.src || e.href);
        reg.active.postMessage({ page: location.href, files, images }, [channel.port2]);
      }).catch(() => {});
    }
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function save() {
    try { if (state) localStorage.setItem(KEY, JSON.stringify(state)); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }

  function render() {
    setup.hidden = state !== null;
    game.hidden = state === null;
    if (!state) { document.getElementById('o-teams').focus(); return; }
    const status = document.getElementById('offline-status');
    status.textContent = '';
    const won = state.winner >= 0;
    if (won) {
      status.appendChild(el('strong', '', state.teams[state.winner].name));
      status.appendChild(document.createTextNode(' ' + words.won));
    } else {
      status.appendChild(document.createTextNode(words.turn + ' '));
      status.appendChild(el('strong', '', state.teams[state.turn].name));
    }
    const list = el('ol', 'game-track');
    for (let s = 0; s <= data.track; s += 1) {
      const li = el('li', 'game-square' + (s === data.track ? ' game-square-end' : ''));
      li.appendChild(el('span', 'game-square-label', s === 0 ? words.start : s === data.track ? words.show : String(s)));
      state.teams.forEach((t, i) => { if (t.square === s) li.appendChild(el('span', 'game-token game-team-' + (i % 6), t.name)); });
      list.appendChild(li);
    }
    document.getElementById('offline-track').replaceChildren(list);
    const card = document.getElementById('offline-card');
    if (state.card !== null) {
      const c = data.cards[state.card];
      card.replaceChildren(el('p', 'game-card-kind game-kind-' + c.kind, c.kind_label), el('p', 'game-card-text', c.text),
        el('p', '', c.answer ? c.answer_label + ' : ' + c.answer : ''), el('p', '', c.move_text));
      if (c.image) {
        const img = el('img', 'game-card-image');
        img.src = c.image;
        img.alt = words.image_alt;
        const p = el('p');
        p.appendChild(img);
        card.appendChild(p);
      }
    } else {
      card.replaceChildren(el('p', '', won ? '' : words.no_card));
    }
    drawButton.hidden = won || state.card !== null;
    applyButton.hidden = won || state.card === null;
    skipButton.hidden = won || state.card === null;
    againButton.hidden = !won;
  }

  function play(apply) {
    const c = data.cards[state.card];
    const team = state.teams[state.turn];
    team.square = Math.max(0, Math.min(data.track, team.square + (apply ? c.move : 0)));
    state.card = null;
    if (team.square >= data.track) state.winner = state.turn;
    else state.turn = (state.turn + 1) % state.teams.length;
    save();
    render();
  }

  setup.addEventListener('submit', (event) => {
    event.preventDefault();
    const names = document.getElementById('o-teams').value.split('\n').map((s) => s.trim()).filter((s) => s);
    const error = document.getElementById('o-teams-error');
    if (names.length < 2 || names.length > 6) {
      error.textContent = words.few_teams;
      error.hidden = false;
      document.getElementById('o-teams').setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    state = { teams: names.map((name) => ({ name, square: 0 })), turn: 0, card: null, drawn: [], winner: -1 };
    save();
    render();
    drawButton.focus();
  });
  drawButton.addEventListener('click', () => {
    let left = data.cards.map((c, i) => i).filter((i) => !state.drawn.includes(i));
    if (!left.length) { state.drawn = []; left = data.cards.map((c, i) => i); }
    state.card = left[Math.floor(Math.random() * left.length)];
    state.drawn.push(state.card);
    save();
    render();
    applyButton.focus();
  });
  applyButton.addEventListener('click', () => { play(true); (againButton.hidden ? drawButton : againButton).focus(); });
  skipButton.addEventListener('click', () => { play(false); drawButton.focus(); });
  againButton.addEventListener('click', () => { state = null; save(); render(); });

  try { state = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { state = null; }
  if (state && (!Array.isArray(state.teams) || state.teams.length < 2)) state = null;
  if (state && state.card !== null && !data.cards[state.card]) state.card = null;
  render();
})();
