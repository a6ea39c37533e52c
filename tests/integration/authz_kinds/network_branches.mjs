// Object kinds of the network's branches for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_branches.json; docs/outings.md « Antennes »):
//   network_branch — a branch made over HTTP by the fixture administrator (own: département 94, other: 44),
//                    holding one fresh organisation (`member`) and one fresh coordinator membership
//                    (`coordinator`); `free` is a fresh organisation in no branch and `free_coordinator` a
//                    fresh coordinator membership of the head office, for the cells that add them.
export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const one = (sql) => {
    const rows = env.dbRows(env.server.database, sql);
    if (!rows.length) throw new Error(`no row for ${sql}`);
    return Number(rows[0][0]);
  };

  async function post(page, url, fields, what) {
    const admin = env.admin;
    await admin.get(page);
    const res = await admin.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function organisation() {
    const res = await post('/admin/organisations', '/admin/organisations',
      { name: `Structure ${unique('o')} (authz)`, kind: 'social', status: 'active', commune: '' }, 'organisation created');
    return idFrom(res.location, /(\d+)$/);
  }

  function coordinator() {
    const email = `${unique('coord')}@antennes.local`;
    env.addUser(env.server, email, 'coordinator', env.orgIds['Département de Loire-Atlantique']);
    return one(`SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email}'`);
  }

  async function createBranch(side) {
    const name = `Antenne ${side} ${unique('b')}`;
    const res = await post('/reseau/antennes/nouvelle', '/reseau/antennes', {
      name, departement: side === 'own' ? '94' : '44', zone: side === 'own' ? 'C' : 'B', organisation: '0',
      status: 'active',
    }, 'branch created');
    const id = idFrom(res.location, /\/reseau\/antennes\/(\d+)$/);
    const member = await organisation();
    await post(`/reseau/antennes/${id}`, `/reseau/antennes/${id}/structures`, { organisation: String(member) },
      'organisation placed');
    const membership = coordinator();
    await post(`/reseau/antennes/${id}`, `/reseau/antennes/${id}/coordinations`, { membership: String(membership) },
      'coordinator attached');
    return { id, name, member, free: await organisation(), coordinator: membership, free_coordinator: coordinator() };
  }

  return {
    network_branch: { create: createBranch, table: 'network_branches', fk: 'branch_id' },
  };
}
