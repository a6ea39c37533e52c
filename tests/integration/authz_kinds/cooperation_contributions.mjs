// Object kinds of inhabitants' contributions for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/cooperation_contributions.json), built on `coop_project` (authz_kinds/cooperation_projects.mjs):
//   coop_contribution — a contribution recorded in the side's project (the shared one; a fresh project for
//                       a cell expected to succeed) by its facilitator, linked by them to the diagnosis'
//                       « needs » section (`section`) and to a decision (`decision`); `free_section` (« voices »)
//                       and `free_decision` are of the same project and not linked yet. It has `project`.
// The facilitator is training_staff on the own side, the fixture administrator on the other.
export function kinds(env) {
  const { DEMO, dbRows, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const one = (sql) => {
    const rows = dbRows(env.server.database, sql);
    if (!rows.length) throw new Error(`no row for ${sql}`);
    return Number(rows[0][0]);
  };

  async function post(client, page, url, fields, what) {
    await client.get(page);
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

  // 'YYYY-MM-DDTHH:MM' in Europe/Paris, `seconds` from now.
  const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

  async function openDecision(client, project) {
    const list = `/cooperation/projets/${project}/decisions`;
    const res = await post(client, `${list}/nouvelle`, list, {
      type: 'proposal', title: `Décision (authz) ${unique('c')}`, details: '', closes_at: parisInput(30 * 86400),
      reasons: 'objections', quorum_kind: 'none',
    }, 'decision opened');
    return idFrom(res.location, /\/decisions\/(\d+)$/);
  }

  async function createContribution(side, { fresh } = {}) {
    const project = await env.object('coop_project', side, Boolean(fresh));
    const client = await facilitatorOf(side);
    const visit = await client.get(`/cooperation/projets/${project.id}/diagnostic`);  // the default sections
    if (visit.status !== 200) throw fail('diagnosis visited', visit);
    const section = one(`SELECT id FROM cooperation_diagnosis_sections WHERE project_id = ${project.id} AND key = 'needs'`);
    const free = one(`SELECT id FROM cooperation_diagnosis_sections WHERE project_id = ${project.id} AND key = 'voices'`);
    const list = `/cooperation/projets/${project.id}/contributions`;
    const res = await post(client, `${list}/nouvelle`, list, {
      kind: 'workshop', people: '8', place: 'Ligné', held_on: '2026-01-15',
      body: `Les habitants proposent des lectures partagées (authz ${unique('t')}).`,
    }, 'contribution recorded');
    const id = idFrom(res.location, /\/contributions\/(\d+)$/);
    const url = `${list}/${id}`;
    await post(client, url, `${url}/sections`, { section: String(section) }, 'section linked');
    const decision = await openDecision(client, project.id);
    const freeDecision = await openDecision(client, project.id);
    await post(client, url, `${url}/decisions`, { decision: String(decision) }, 'decision linked');
    return { id, project: project.id, section, free_section: free, decision, free_decision: freeDecision };
  }

  return {
    coop_contribution: { create: createContribution, table: 'cooperation_contributions', fk: 'contribution_id' },
  };
}
