// « Par Ici la Sortie »: the shared board follows the game by server-sent events (progressive enhancement:
// without JavaScript the « Mettre à jour » link reloads the page). The server answers each EventSource
// request at once and ends it with `retry: 1000`, so EventSource reconnects every second by itself,
// sending the last event's id; an event comes only when the game changed. 204 (the game is over its day)
// stops it. No inline script or style (CSP): the words come from the data attributes of #plateau.
(function () {
  'use strict';
  const board = document.getElementById('plateau');
  if (!board || !window.EventSource) return;
  const words = board.dataset;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(state) {
    board.dataset.seq = String(state.seq);
    const status = document.getElementById('game-status');
    status.textContent = '';
    if (state.status === 'won') {
      status.appendChild(el('strong', '', state.teams[state.winner].name));
      status.appendChild(document.createTextNode(' ' + words.won));
    } else {
      status.appendChild(document.createTextNode(words.turn + ' '));
      status.appendChild(el('strong', '', state.teams[state.turn].name));
    }
    const list = el('ol', 'game-track');
    list.setAttribute('aria-label', document.querySelector('.game-track').getAttribute('aria-label'));
    for (let s = 0; s <= state.track; s += 1) {
      const li = el('li', 'game-square' + (s === state.track ? ' game-square-end' : ''));
      li.appendChild(el('span', 'game-square-label', s === 0 ? words.start : s === state.track ? words.show : String(s)));
      state.teams.forEach((t, i) => {
        if (t.square === s) li.appendChild(el('span', 'game-token game-team-' + (i % 6), t.name));
      });
      list.appendChild(li);
    }
    const track = document.getElementById('game-track');
    track.replaceChildren(list);
    const card = document.getElementById('game-card');
    if (state.card) {
      const parts = [el('p', 'game-card-kind game-kind-' + state.card.kind, state.card.kind_label),
        el('p', 'game-card-text', state.card.text)];
      if (state.card.image) {
        const img = el('img', 'game-card-image');
        img.src = state.card.image;
        img.alt = words.imageAlt;
        const p = el('p', '');
        p.appendChild(img);
        parts.push(p);
      }
      parts.push(el('p', '', state.card.move));
      card.replaceChildren(...parts);
    } else {
      card.replaceChildren(el('p', '', words.noCard));
    }
  }

  const source = new EventSource(words.events + '?depuis=' + encodeURIComponent(words.seq));
  source.addEventListener('state', (event) => {
    try { render(JSON.parse(event.data)); } catch (e) { /* a malformed event: the next one will do */ }
  });
})();
