// Object kinds of the methods library for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/cooperation_methods.json). Methods belong to no organisation; the sides are who wrote them:
//   own   — written by the demo trainer (formateur@sagiterre.local), a principal of the matrix;
//   other — written by someone else (the fixture administrator, admin.fixtures@trame.local).
// coop_method is public, coop_method_network network-only. coop_method_use is a use of a fresh public
// method: own — recorded by the demo trainer in the own coop_project (where the trainer is a member);
// other — recorded by the fixture administrator in the other coop_project (which they facilitate).
// coop_method_project is the side's shared coop_project, never a fresh one (a use cell that succeeds
// gets a fresh method, so the shared project takes its use without a duplicate).
export function kinds(env) {
  const { DEMO, dbRows, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  // The writer of a side, signed in anew each time (a principal's cells may end its sessions).
  const writer = async (side) => (side === 'own' ? env.signed(DEMO.trainer) : env.admin);

  async function createMethod(side, visibility = 'public') {
    const client = await writer(side);
    await client.get('/cooperation/methodes/nouvelle');
    const res = await client.post('/cooperation/methodes/nouvelle', {
      title: `Méthode ${side} (authz) ${unique('m')}`,
      purpose: 'Une méthode pour la matrice des droits.',
      duration_min: '30', duration_max: '60', group_min: '5', group_max: '20',
      materials: 'Des chaises', steps: 'Accueillir\nFaire\nConclure', variants: '', tags: 'matrice',
      visibility, _submission: unique('s'),
    });
    if (res.status !== 303) throw fail(`method ${side} created`, res);
    return { id: idFrom(res.location, /\/cooperation\/methodes\/(\d+)$/) };
  }

  async function createUse(side) {
    const method = await createMethod(side);
    const project = await env.object('coop_project', side, false);
    const client = await writer(side);
    await client.get(`/cooperation/methodes/${method.id}`);
    const res = await client.post(`/cooperation/methodes/${method.id}/utilisations`, {
      place: 'project', project: String(project.id), used_on: '2026-01-15', note: 'Pour la matrice des droits.',
      _submission: unique('s'),
    });
    if (res.status !== 303) throw fail(`use ${side} recorded`, res);
    const rows = dbRows(env.server.database, `SELECT MAX(id) FROM cooperation_method_uses WHERE method_id = ${method.id}`);
    return { id: Number(rows[0][0]), method: method.id, project: project.id };
  }

  return {
    coop_method: { create: (side) => createMethod(side), table: 'cooperation_methods', fk: 'method_id' },
    coop_method_network: { create: (side) => createMethod(side, 'network'), table: 'cooperation_methods', fk: 'method_id' },
    coop_method_use: { create: createUse, table: 'cooperation_method_uses', fk: 'use_id' },
    coop_method_project: {
      create: (side) => env.object('coop_project', side, false), table: 'cooperation_projects', fk: 'project_id',
    },
  };
}
