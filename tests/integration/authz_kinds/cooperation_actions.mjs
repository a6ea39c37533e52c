// Object kinds of the actions of cooperation projects for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/cooperation_actions.json), built on `coop_project`
// (authz_kinds/cooperation_projects.mjs: own — the nine demo principals are its members, training_staff
// its facilitator, jury_member and volunteer observers; other — none of them, the fixture administrator
// its facilitator):
//   coop_action      — a root action (a leaf) of the side's shared project, made over HTTP by the project's
//                      facilitator; on the own side it is owned by the trainee (a member), so that the
//                      owner's right to set its status shows in the matrix; on the other side by the
//                      fixture administrator. It has `project`.
//   coop_action_link — a free link (label + URL) on a fresh coop_action of the side. It has `action` and
//                      `project`.
export function kinds(env) {
  const { DEMO, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const one = (sql) => {
    const rows = env.dbRows(env.server.database, sql);
    if (!rows.length) throw new Error(`no row for ${sql}`);
    return Number(rows[0][0]);
  };

  async function post(client, page, url, fields, what) {
    await client.get(page);  // a page with the form: a fresh CSRF token
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  // The own project's facilitator signs in for each object: training_staff's own cells may have ended
  // every session of that account (log out everywhere) before a later principal's cell needs a fresh object.
  async function facilitatorOf(side) {
    if (side === 'other') return env.admin;
    return env.signed(DEMO.training_staff, 'trame-demo-2026');
  }

  async function createAction(side) {
    const project = await env.object('coop_project', side, false);
    const client = await facilitatorOf(side);
    const owner = side === 'own' ? one(`SELECT id FROM users WHERE email = '${DEMO.trainee}'`) : 0;
    const tree = `/cooperation/projets/${project.id}/actions`;
    const res = await post(client, `${tree}/nouvelle`, tree, {
      title: `Action (authz) ${unique('a')}`, description: 'Une action du projet.', owner: String(owner), parent: '0',
      starts_on: '', due_on: '', weight: '1',
    }, 'action created');
    const id = idFrom(res.location, /\/actions\/(\d+)$/);
    return { id, project: project.id, client };
  }

  async function createLink(side) {
    const action = await createAction(side);
    const page = `/cooperation/projets/${action.project}/actions/${action.id}`;
    const url = `https://exemple.org/${unique('l')}`;
    await post(action.client, page, `${page}/liens`, { kind: 'url', label: 'Dossier (authz)', url }, 'link added');
    const id = one(`SELECT id FROM cooperation_action_links WHERE action_id = ${action.id} AND url = '${url}'`);
    return { id, action: action.id, project: action.project };
  }

  return {
    coop_action: { create: (side) => createAction(side).then(({ id, project }) => ({ id, project })),
      table: 'cooperation_actions', fk: 'action_id' },
    coop_action_link: { create: createLink, table: 'cooperation_action_links', fk: 'action_link_id' },
  };
}
