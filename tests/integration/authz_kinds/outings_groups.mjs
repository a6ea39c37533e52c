// Object kinds of group outings for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/outings_groups.json; docs/outings.md « Sorties de groupe »):
//   group_slot    — a published slot of the side's venue taking groups (group_places), made over HTTP by
//                   the fixture administrator.
//   group_booking — a group booking of the side's relais (own: Cultures du Cœur 94, other: the relais of
//                   Vitry), made over HTTP by that relais's fixture referent on a slot of the side. It has
//                   `code` and `slot`.
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

  async function createGroupSlot(side) {
    const admin = env.admin;
    await admin.get('/sorties/offres/nouvelle');
    let res = await admin.post('/sorties/offres', {
      venue: String(env.orgIds[SIDES[side].venue]), title: `Sortie de groupe ${side} (authz)`, category: 'live_show',
      description: 'Une sortie de groupe pour la matrice des droits.', audience: 'all', language: 'fr',
      getting_there: 'Bus 12', at_the_door: 'Donnez le code', _submission: unique('s'),
    });
    if (res.status !== 303) throw fail('offer created', res);
    const offer = idFrom(res.location, /\/sorties\/offres\/(\d+)/);
    const now = Math.floor(Date.now() / 1000);
    res = await admin.post(`/sorties/offres/${offer}/creneaux`, {
      starts: parisLocal(now + 86400 * 30), capacity: '2000', group_places: '2000', opens: parisLocal(now - 3600),
      mode: 'first_come', _submission: unique('s'),
    });
    if (res.status !== 303) throw fail('slot created', res);
    res = await admin.post(`/sorties/offres/${offer}/statut`, { status: 'published', _submission: unique('s') });
    if (res.status !== 303) throw fail('offer published', res);
    const page = await admin.get(`/sorties/offres/${offer}`);
    const id = Number(page.text.match(/\/sorties\/creneaux\/(\d+)/)[1]);
    return { id };
  }

  const hosts = {};
  const referents = {};
  async function createGroupBooking(side) {
    hosts[side] ??= await createGroupSlot(side);
    referents[side] ??= await env.signed(SIDES[side].referent, PASSWORD);
    const c = referents[side];
    const slot = hosts[side].id;
    await c.get(`/sorties/creneaux/${slot}/groupe`);
    const res = await c.post(`/sorties/creneaux/${slot}/groupe`, {
      organisation: String(env.orgIds[SIDES[side].relais]), age_2: '5', staff: '1', _submission: unique('s'),
    });
    if (res.status !== 303) throw fail('group booked', res);
    const id = idFrom(res.location, /\/sorties\/reservations\/(\d+)/);
    const code = env.dbRows(env.server.database, `SELECT code FROM bookings WHERE id = ${id}`)[0][0];
    return { id, code, slot };
  }

  return {
    group_slot: { create: createGroupSlot, table: 'outing_slots', fk: 'slot_id' },
    group_booking: { create: createGroupBooking, table: 'bookings', fk: 'booking_id' },
  };
}
