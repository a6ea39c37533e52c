// Object kinds of the support requests for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_support_requests.json):
//   support_organiser — the organisation asked: own Cultures du Cœur 94 (its coordinator is no demo
//                       principal), other the Département de Loire-Atlantique (the coordinator principal's);
//   support_request   — an open request to that organiser, made over HTTP by a fresh member of a structure
//                       none of the demo principals belongs to: own the Vitry relais, other the Département's
//                       « Service solidarité et développement local — Délégation Pays d'Ancenis ».
const SIDE = {
  own: { organiser: 'Cultures du Cœur 94', structure: 'Relais social de Vitry-sur-Seine (fictif)' },
  other: { organiser: 'Département de Loire-Atlantique',
    structure: "Service solidarité et développement local — Délégation Pays d'Ancenis" },
};

export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const askers = {};
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const idOf = (name) => Number(env.dbRows(env.server.database, `SELECT id FROM organisations WHERE name = ${q(name)}`)[0][0]);

  async function askerOf(side) {
    if (!askers[side]) {
      const email = `equipe.${side}.${unique('a').toLowerCase()}@structure.example`;
      env.addUser(env.server, email, 'referent', idOf(SIDE[side].structure));
      askers[side] = await env.signed(email, env.PASSWORD);
    }
    return askers[side];
  }

  async function createRequest(side) {
    const client = await askerOf(side);
    await client.get('/evenements/accompagnements');
    const res = await client.post('/evenements/accompagnements', {
      organiser: String(idOf(SIDE[side].organiser)), subject: `Accompagnement (authz) ${unique('r')}`,
      context: 'Mettre en place le dispositif dans la structure.', audience: 'Familles', wished_period: 'Au printemps',
      _submission: unique('s'),
    });
    if (res.status !== 303) throw new Error(`support request: HTTP ${res.status} ${flashError(res.text) || ''}`);
    return { id: idFrom(res.location, /\/accompagnements\/(\d+)$/) };
  }

  return {
    support_organiser: { create: async (side) => ({ id: idOf(SIDE[side].organiser) }), table: 'organisations',
      fk: 'organiser_id' },
    support_request: { create: createRequest, table: 'life_support_requests', fk: 'request_id' },
  };
}
