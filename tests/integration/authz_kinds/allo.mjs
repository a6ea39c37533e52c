// Object kinds of « Allô l'Artiste ! » for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/allo.json; docs/mediation.md). Every object is made over HTTP: an artist of its own (the
// command line) proposes a show with an MP3 sample, the fixture administrator accepts it and programmes a
// slot on a day of its own, and a referent of the side's relais registers a listener.
//   allo_show      — a proposed show (not yet decided)
//   allo_free      — an accepted show whose artist is available at {day} {hour}, with no slot yet
//   allo_slot      — a programmed slot (300 places)
//   allo_listener  — a listener registered on a slot ({slot}) by a referent of the side's relais
//   allo_availability — an availability of an artist
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(200)]);
const RELAIS = { own: 'Cultures du Cœur 94', other: 'Relais social de Vitry-sur-Seine (fictif)' };
let dayCounter = 0;

export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const artists = {};
  const referents = {};

  async function artist(side) {
    if (!artists[side]) {
      const email = `${unique('artiste')}@allo.local`;
      env.addUser(env.server, email, 'artist', env.orgIds[RELAIS[side]]);
      artists[side] = await env.signed(email, env.PASSWORD);
    }
    return artists[side];
  }

  async function referent(side) {
    if (!referents[side]) {
      const email = `${unique('referent.allo')}@allo.local`;
      env.addUser(env.server, email, 'referent', env.orgIds[RELAIS[side]]);
      referents[side] = await env.signed(email, env.PASSWORD);
    }
    return referents[side];
  }

  // A day of its own for each slot (far ahead, so that no cell meets a started slot).
  function nextDay() {
    dayCounter += 1;
    return new Date(Date.now() + (200 + dayCounter) * 86400 * 1000).toISOString().slice(0, 10);
  }

  async function propose(side) {
    const a = await artist(side);
    await a.get('/allo-artiste/mes-spectacles');
    const title = `Spectacle ${unique('authz')}`;
    const form = new FormData();
    form.set('_csrf', a.csrf);
    for (const [k, v] of Object.entries({ title, discipline: 'Conte', language: 'fr', duration: '18' })) form.set(k, v);
    form.set('sample', new Blob([MP3], { type: 'audio/mpeg' }), 'extrait.mp3');
    const res = await a.request('POST', '/allo-artiste/spectacles/nouveau', { body: form });
    if (res.status !== 303) throw fail('show proposed', res);
    const rows = env.dbRows(env.server.database, `SELECT id FROM allo_shows WHERE title = '${title}'`);
    return Number(rows[0][0]);
  }

  async function free(side) {
    const id = await propose(side);
    const admin = env.admin;
    await admin.get('/allo-artiste/spectacles');
    let res = await admin.post(`/allo-artiste/spectacles/${id}/decision`, { decision: 'accepted', _submission: unique('s') });
    if (res.status !== 303) throw fail('show accepted', res);
    const day = nextDay();
    const a = await artist(side);
    await a.get('/allo-artiste/mes-spectacles');
    res = await a.post('/allo-artiste/disponibilites', { day, hours: '15', _submission: unique('s') });
    if (res.status !== 303) throw fail('availability given', res);
    return { id, day, hour: '15' };
  }

  async function slot(side) {
    const f = await free(side);
    const admin = env.admin;
    await admin.get(`/allo-artiste/creneaux/nouveau?jour=${f.day}&heure=15`);
    const res = await admin.post('/allo-artiste/creneaux/nouveau', { day: f.day, hour: '15', show: String(f.id),
      bridge_number: '01 84 88 00 00', bridge_pin: '1234', capacity: '300', _submission: unique('s') });
    if (res.status !== 303) throw fail('slot programmed', res);
    return { id: idFrom(res.location, /\/allo-artiste\/creneaux\/(\d+)$/), show: f.id };
  }

  async function listener(side) {
    const s = await slot(side);
    const r = await referent(side);
    await r.get(`/allo-artiste/creneaux/${s.id}`);
    const res = await r.post(`/allo-artiste/creneaux/${s.id}/auditeurs`, { language: 'es', _submission: unique('s') });
    if (res.status !== 303) throw fail('listener registered', res);
    const rows = env.dbRows(env.server.database, `SELECT MAX(id) FROM allo_listeners WHERE slot_id = ${s.id}`);
    return { id: Number(rows[0][0]), slot: s.id };
  }

  async function availability(side) {
    const a = await artist(side);
    await a.get('/allo-artiste/mes-spectacles');
    const day = nextDay();
    const res = await a.post('/allo-artiste/disponibilites', { day, hours: '11', _submission: unique('s') });
    if (res.status !== 303) throw fail('availability given', res);
    const rows = env.dbRows(env.server.database, `SELECT MAX(id) FROM allo_availabilities WHERE day = '${day}'`);
    return { id: Number(rows[0][0]) };
  }

  return {
    allo_show: { create: async (side) => ({ id: await propose(side) }), table: 'allo_shows', fk: 'show_id' },
    allo_free: { create: free, table: 'allo_shows', fk: 'show_id' },
    allo_slot: { create: slot, table: 'allo_slots', fk: 'slot_id' },
    allo_listener: { create: listener, table: 'allo_listeners', fk: 'listener_id' },
    allo_availability: { create: availability, table: 'allo_availabilities', fk: 'availability_id' },
  };
}
