// Object kinds of group requests for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/outings_requests.json; docs/outings.md « Demandes de visite de groupe »):
//   request_offer — a published offer « sur demande » at the side's venue (own: Théâtre Quartier Libre,
//                   other: the Médiathèque d'Ivry), made over HTTP by the fixture administrator.
//   group_request — a request of the side's relais (own: Cultures du Cœur 94, other: the relais of Vitry)
//                   for a request_offer of the side, sent by that relais's fixture referent, dates ahead.
export function kinds(env) {
  const { flashError, idFrom, unique, PASSWORD } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const SIDES = {
    own: { relais: 'Cultures du Cœur 94', venue: 'Théâtre Quartier Libre', referent: 'referent.fixtures@trame.local' },
    other: { relais: 'Relais social de Vitry-sur-Seine (fictif)', venue: "Médiathèque d'Ivry-sur-Seine (fictive)",
      referent: 'referent.autre-relais@trame.local' },
  };
  const parisLocal = (seconds) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric',
      month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(seconds * 1000)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  };

  async function createRequestOffer(side) {
    const admin = env.admin;
    await admin.get('/sorties/offres/nouvelle');
    let res = await admin.post('/sorties/offres', {
      venue: String(env.orgIds[SIDES[side].venue]), title: `Visite sur demande ${side} (authz)`, category: 'live_show',
      description: 'Une visite de groupe sur demande pour la matrice des droits.', audience: 'all', language: 'fr',
      on_request: '1', _submission: unique('s'),
    });
    if (res.status !== 303) throw fail('offer created', res);
    const id = idFrom(res.location, /\/sorties\/offres\/(\d+)/);
    res = await admin.post(`/sorties/offres/${id}/statut`, { status: 'published', _submission: unique('s') });
    if (res.status !== 303) throw fail('offer published', res);
    return { id };
  }

  const offers = {};
  const referents = {};
  async function createGroupRequest(side) {
    offers[side] ??= await createRequestOffer(side);
    referents[side] ??= await env.signed(SIDES[side].referent, PASSWORD);
    const c = referents[side];
    const offer = offers[side].id;
    const now = Math.floor(Date.now() / 1000);
    await c.get(`/sorties/offres/${offer}/demande`);
    const res = await c.post(`/sorties/offres/${offer}/demande`, {
      organisation: String(env.orgIds[SIDES[side].relais]), date1: parisLocal(now + 86400 * 30),
      date2: parisLocal(now + 86400 * 31), age_2: '5', staff: '1', message: 'Une classe.', _submission: unique('s'),
    });
    if (res.status !== 303) throw fail('request sent', res);
    return { id: idFrom(res.location, /\/sorties\/demandes\/(\d+)/) };
  }

  return {
    request_offer: { create: createRequestOffer, table: 'outing_offers', fk: 'offer_id' },
    group_request: { create: createGroupRequest, table: 'outing_requests', fk: 'request_id' },
  };
}
