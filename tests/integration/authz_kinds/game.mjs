// Object kinds of « Par Ici la Sortie » for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/game.json; docs/mediation.md « Par Ici la Sortie »):
//   game_deck — a deck made over HTTP by the fixture administrator with one card holding an image (`card`, the
//               card's id in the current version): a deck belongs to no organisation, both sides are alike.
//   game      — a game started by the fixture administrator (its mediator) on such a deck, with two teams
//               (`code`, what its routes take): other mediators are not its mediator (404).
import { png } from '../pictures.mjs';

export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function createDeck(side) {
    const admin = env.admin;
    await admin.get('/jeu/paquets');
    let res = await admin.post('/jeu/paquets', { name: `Paquet ${side} ${unique('d')} (authz)`, _submission: unique('s') });
    if (res.status !== 303) throw fail('deck created', res);
    const id = idFrom(res.location, /\/jeu\/paquets\/(\d+)$/);
    await admin.get(`/jeu/paquets/${id}`);
    const form = new FormData();
    form.set('_csrf', admin.csrf);
    form.set('_submission', unique('s'));
    for (const [k, v] of Object.entries({ kind: 'culture', text: 'Une carte (authz)', answer_kind: 'answer', answer: 'Oui', move: '2' }))
      form.set(k, v);
    form.set('image', new Blob([png(20, 20)], { type: 'image/png' }), 'carte.png');
    res = await admin.request('POST', `/jeu/paquets/${id}/cartes`, { body: form });
    if (res.status !== 303) throw fail('card added', res);
    const page = await admin.get(`/jeu/paquets/${id}`);
    const card = Number(page.text.match(/href="\/jeu\/paquets\/\d+\/cartes\/(\d+)"/)[1]);
    return { id, card };
  }

  async function createGame(side) {
    const deck = await createDeck(side);
    const admin = env.admin;
    await admin.get('/jeu');
    const res = await admin.post('/jeu/parties', { deck: String(deck.id), teams: 'Les Étoiles\nLes Comètes', _submission: unique('s') });
    if (res.status !== 303) throw fail('game started', res);
    const code = res.location.match(/\/jeu\/parties\/([A-Z0-9]{6})$/)[1];
    const id = Number(env.dbRows(env.server.database, `SELECT id FROM game_games WHERE code = '${code}'`)[0][0]);
    return { id, code };
  }

  return {
    game_deck: { create: createDeck, table: 'game_decks', fk: 'deck_id' },
    game: { create: createGame, table: 'game_games', fk: 'game_id' },
  };
}
