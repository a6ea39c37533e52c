// Object kinds of the members module (src/network_life/members) for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/network_life_members.json). Side `own`: the network of
// Cultures du Cœur 94 (the demo referent's and volunteer's organisation: none of the principals manages it
// but the administrator); side `other`: the network of the Département de Loire-Atlantique (the coordinator
// manages there). Each object is the membership of a fresh organisation (made by the fixture administrator
// at /admin/organisations), so that no principal is staff of the member:
//   life_membership — an application for this year, awaiting a decision;
//   life_member     — a member for last year (renewable; the job may have marked it lapsed, still renewable).
// Made over HTTP by the fixture administrator (who manages every network). fk renewal_of: a renewal names it.
export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  const organiserOf = (side) => env.orgIds[side === 'own' ? 'Cultures du Cœur 94' : 'Département de Loire-Atlantique'];
  const parisYear = () => Number(new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 4));

  async function createMembership(side, { member = false } = {}) {
    const client = env.admin;
    const made = await post(client, '/admin/organisations', '/admin/organisations',
      { name: `Relais (authz) ${unique('o')}`, kind: 'social' }, 'organisation created');
    const organisation = idFrom(made.location, /\/admin\/organisations\/(\d+)/);
    const res = await post(client, '/adherents', '/adherents', {
      organiser: String(organiserOf(side)), organisation: String(organisation),
      year: String(member ? parisYear() - 1 : parisYear()), note: '', ...(member ? { as_member: '1' } : {}),
    }, 'membership recorded');
    const id = idFrom(res.location, /\/adherents\/(\d+)$/);
    return { id, organisation };
  }

  const spec = (create) => ({ create, table: 'life_memberships', fk: 'renewal_of' });
  return {
    life_membership: spec((side) => createMembership(side)),
    life_member: spec((side) => createMembership(side, { member: true })),
  };
}
