// Object kinds of the general assembly (src/network_life/assembly) for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/network_life_assembly.json). Side `own`: organised by
// Cultures du Cœur 94 (the demo referent's and volunteer's organisation: its staff read); side `other`:
// organised by the Département de Loire-Atlantique (the coordinator manages there). Voters: the demo's
// 2024 members (members module): the Théâtre Quartier Libre — whose box office, the partner_staff
// principal, is its contact —, the Relais social de Vitry and the Médiathèque d'Ivry.
//   life_assembly           — in 30 days, a resolution, its notice not sent, no attendance;
//   life_past_assembly      — started two hours ago, Vitry and the Médiathèque present (quorum), its
//                             resolution voted, not published;
//   life_published_assembly — the same, its minutes published (locked).
// Each has `resolution`, `theatre` and `vitry` (organisation ids). Made over HTTP by the fixture
// administrator (who manages everywhere).
export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
  const organiserOf = (side) => env.orgIds[side === 'own' ? 'Cultures du Cœur 94' : 'Département de Loire-Atlantique'];

  async function createAssembly(side, { startsIn = 30 * 86400, state = 'planned' } = {}) {
    const client = env.admin;
    const theatre = env.orgIds['Théâtre Quartier Libre'];
    const vitry = env.orgIds['Relais social de Vitry-sur-Seine (fictif)'];
    const mediatheque = env.orgIds["Médiathèque d'Ivry-sur-Seine (fictive)"];
    const res = await post(client, '/adherents/assemblees', '/adherents/assemblees', {
      organiser: String(organiserOf(side)), kind: 'ordinary', title: `Assemblée (authz) ${unique('a')}`,
      starts: parisInput(startsIn), ends: parisInput(startsIn + 3600), place: 'Salle du conseil', video_url: '',
      year: '2024', agenda: 'Rapport moral\nBudget',
    }, 'assembly created');
    const id = idFrom(res.location, /\/adherents\/assemblees\/(\d+)$/);
    const url = `/adherents/assemblees/${id}`;
    await post(client, url, `${url}/resolutions`, { title: 'Approbation du rapport moral', body: '', majority: 'simple' },
      'resolution added');
    const [[resolution]] = env.dbRows(env.server.database,
      `SELECT id FROM life_assembly_resolutions WHERE assembly_id = ${id}`);
    if (state !== 'planned') {
      for (const org of [vitry, mediatheque]) {
        await post(client, url, `${url}/presences`, { organisation: String(org), status: 'present', holder: '' }, 'present');
      }
      await post(client, url, `${url}/resolutions/${resolution}/votes`, { for: '2', against: '0', abstain: '0' }, 'voted');
    }
    if (state === 'published') await post(client, url, `${url}/publication`, {}, 'published');
    return { id, resolution: Number(resolution), theatre, vitry };
  }

  const spec = (create) => ({ create, table: 'life_assemblies', fk: 'assembly_id' });
  return {
    life_assembly: spec((side) => createAssembly(side)),
    life_past_assembly: spec((side) => createAssembly(side, { startsIn: -2 * 3600, state: 'voted' })),
    life_published_assembly: spec((side) => createAssembly(side, { startsIn: -2 * 3600, state: 'published' })),
  };
}
