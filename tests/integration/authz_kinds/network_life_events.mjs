// Object kinds of the network's events for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_events.json). Side `own`: organised by Cultures du Cœur 94 (the referent's and
// the volunteer's organisation: none of the principals manages it but the administrator); side `other`:
// organised by the Département de Loire-Atlantique (the administrator's and the coordinator's
// organisation: there the coordinator manages). Everything is made over HTTP by the fixture
// administrator (it manages every organiser), times moved into the past in the database when needed:
//   life_event          — a planned network event in person in 30 days, nobody registered;
//   life_online_event   — the same online, starting in two hours (its link is open to the registered);
//   life_registration   — the fixture administrator's registration to a new life_event ({event});
//   life_started_event  — an event that started an hour ago, the fixture administrator registered;
//   life_ended_event    — an event that ended yesterday, the fixture administrator marked present.
export function kinds(env) {
  const { flashError, idFrom, unique, dbRows } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const ORGANISERS = { own: 'Cultures du Cœur 94', other: 'Département de Loire-Atlantique' };
  const run = (statement) => dbRows(env.server.database, statement);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
  const organiser = (side) => String(env.orgIds[ORGANISERS[side]]);

  async function createEvent(side, { startsIn = 30 * 86400, online = false } = {}) {
    const res = await post(env.admin, '/evenements/nouveau', '/evenements/nouveau', {
      organiser: organiser(side), kind: 'cafe_decouverte', title: `Événement (authz) ${unique('e')}`, description: '',
      starts: parisInput(startsIn), ends: parisInput(startsIn + 2 * 3600), mode: online ? 'online' : 'in_person',
      place: online ? '' : organiser(side), place_detail: '', online_url: online ? 'https://visio.example/authz' : '',
      capacity: '20', closes: '', visibility: 'network',
    }, 'event created');
    return idFrom(res.location, /\/evenements\/(\d+)/);
  }

  async function register(id) {
    await post(env.admin, `/evenements/${id}`, `/evenements/${id}/inscription`, {}, 'registered');
    return Number(run(`SELECT MAX(id) FROM life_event_registrations WHERE event_id = ${id}`)[0][0]);
  }

  // Moves an event `from` seconds from now (negative: in the past), lasting an hour.
  function move(id, from) {
    const s = Math.floor(Date.now() / 1000) + from;
    run(`UPDATE life_events SET starts_at = ${s}, ends_at = ${s + 3600}, closes_at = ${s} WHERE id = ${id}`);
  }

  return {
    life_event: { create: async (side) => ({ id: await createEvent(side) }), table: 'life_events', fk: 'event_id' },
    life_online_event: {
      create: async (side) => ({ id: await createEvent(side, { startsIn: 2 * 3600, online: true }) }),
      table: 'life_events', fk: 'event_id',
    },
    life_registration: {
      create: async (side) => {
        const event = await createEvent(side);
        return { id: await register(event), event };
      },
      table: 'life_event_registrations', fk: 'registration_id',
    },
    life_started_event: {
      create: async (side) => {
        const id = await createEvent(side);
        await register(id);
        move(id, -1800);
        return { id };
      },
      table: 'life_events', fk: 'event_id',
    },
    life_ended_event: {
      create: async (side) => {
        const id = await createEvent(side);
        const r = await register(id);
        move(id, -86400);
        await post(env.admin, `/evenements/${id}/gestion`, `/evenements/${id}/presences`,
          { registration: String(r), [`mark_${r}`]: 'present' }, 'attendance');
        return { id };
      },
      table: 'life_events', fk: 'event_id',
    },
  };
}
