// Object kinds of cooperation projects for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/cooperation_*.json). Every cooperation module builds its objects in a `coop_project`:
//   own   — a project (members only) where the nine demo principals are members: training_staff is its
//           facilitator, volunteer and jury_member are observers, the seven others are members;
//   other — a project (members only) none of the demo principals belongs to.
// An administrator reads and facilitates every project, whatever the side.
// Projects are made over HTTP by the fixture administrator (admin.fixtures@trame.local), who then leaves
// the own project (so that its members are exactly the nine principals) and stays the facilitator of the
// other one. Other kinds here: a member row (coop_member: a fixture account, member of the project) and a
// partner row (coop_partner), for the routes that name them; coop_public_project is the same as
// coop_project with visibility public (its summary is read by anyone).

// The role of each demo principal in an own-side project.
export const OWN_ROLES = {
  administrator: 'member',
  coordinator: 'member',
  training_staff: 'facilitator',
  trainer: 'member',
  jury_member: 'observer',
  referent: 'member',
  partner_staff: 'member',
  trainee: 'member',
  volunteer: 'observer',
};

export function kinds(env) {
  const { DEMO, dbRows, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const one = (sql) => {
    const rows = dbRows(env.server.database, sql);
    if (!rows.length) throw new Error(`no row for ${sql}`);
    return Number(rows[0][0]);
  };

  async function post(client, form, url, fields, what) {
    await client.get(form);  // a page with the form: a fresh CSRF token
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function addMember(project, email, role) {
    await post(env.admin, `/cooperation/projets/${project}/membres`, `/cooperation/projets/${project}/membres`,
      { email, role, organisation: '0' }, `member ${email} added`);
    return one(`SELECT m.id FROM cooperation_members m JOIN users u ON u.id = m.user_id
      WHERE m.project_id = ${project} AND lower(u.email) = lower('${email}')`);
  }

  async function createProject(side, visibility = 'members') {
    const admin = env.admin;
    const res = await post(admin, '/cooperation/projets/nouveau', '/cooperation/projets/nouveau', {
      title: `Projet ${side} (authz) ${unique('p')}`,
      question: 'Comment relier les habitants par la lecture publique ?',
      summary: '',
      territory_kind: 'communes', communes: '44003', epci: '', delegation: '0',
      visibility, organisation: '0',
    }, 'project created');
    const id = idFrom(res.location, /\/cooperation\/projets\/(\d+)/);
    if (side === 'own') {
      for (const [principal, role] of Object.entries(OWN_ROLES)) await addMember(id, DEMO[principal], role);
      // The fixture administrator leaves: the nine principals are the project's only members.
      const self = one(`SELECT m.id FROM cooperation_members m JOIN users u ON u.id = m.user_id
        WHERE m.project_id = ${id} AND u.email = 'admin.fixtures@trame.local'`);
      await post(admin, `/cooperation/projets/${id}/membres`, `/cooperation/membres/${self}/retirer`, {},
        'the fixture administrator leaves');
    }
    return { id };
  }

  // A fixture account (not a demo principal) that is a member of a fresh or shared project of the side.
  let extra = 0;
  function fixtureAccount() {
    const email = `membre.coop.${++extra}.${unique('m').slice(2)}@trame.local`;
    env.addUser(env.server, email, 'volunteer', env.orgIds['Cultures du Cœur 94']);
    return email;
  }

  // On the side's shared project: a member row of its own, whatever a cell does with it.
  async function createMember(side) {
    const project = await env.object('coop_project', side, false);
    const id = await addMember(project.id, fixtureAccount(), 'member');
    return { id, project: project.id };
  }

  // On a fresh project (a partner organisation appears once per project).
  async function createPartner(side) {
    const project = await env.object('coop_project', side, true);
    const organisation = env.orgIds['Le Préambule'];
    if (!organisation) throw new Error('Le Préambule is in the directory');
    await post(env.admin, `/cooperation/projets/${project.id}/membres`, `/cooperation/projets/${project.id}/partenaires`,
      { organisation: String(organisation), contribution: 'Accueil des ateliers' }, 'partner added');
    const id = one(`SELECT id FROM cooperation_partners WHERE project_id = ${project.id} AND organisation_id = ${organisation}`);
    return { id, project: project.id };
  }

  return {
    coop_project: { create: (side) => createProject(side), table: 'cooperation_projects', fk: 'project_id' },
    coop_public_project: { create: (side) => createProject(side, 'public'), table: 'cooperation_projects', fk: 'project_id' },
    coop_member: { create: createMember, table: 'cooperation_members', fk: 'member_id' },
    coop_partner: { create: createPartner, table: 'cooperation_partners', fk: 'partner_id' },
  };
}
