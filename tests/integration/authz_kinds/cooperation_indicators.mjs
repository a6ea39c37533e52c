// Object kinds of the indicator watch of cooperation projects for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/cooperation_indicators.json), built on `coop_project`
// (authz_kinds/cooperation_projects.mjs: own — the nine demo principals are its members, training_staff
// its facilitator, jury_member and volunteer observers; other — none of them, the fixture administrator
// its facilitator):
//   coop_indicator        — an indicator entered by hand in the side's shared project, with a value for
//                           the current year (`period`) and a target for next year (`target`);
//   coop_indicator_target — that target (`indicator`, `project` name the indicator and its project).
// Each has `project`. Made over HTTP by the project's facilitator: training_staff on the own side, the
// fixture administrator on the other.
export function kinds(env) {
  const { DEMO, dbRows, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);  // a page with the form: a fresh CSRF token
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  // A session of its own each time: the demo principal's cells may end its sessions (log out everywhere).
  async function facilitatorOf(side) {
    if (side === 'other') return env.admin;
    return env.signed(DEMO.training_staff, 'trame-demo-2026');
  }

  // The current year in Europe/Paris (the server's periods).
  const year = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());

  async function createIndicator(side) {
    const project = await env.object('coop_project', side, false);
    const client = await facilitatorOf(side);
    const list = `/cooperation/projets/${project.id}/indicateurs`;
    const res = await post(client, list, list, {
      label: `Participants aux ateliers (authz) ${unique('i')}`, unit: 'participants', period_kind: 'year',
      source_text: "Feuilles d'émargement", source_url: '', description: '',
    }, 'indicator created');
    const id = idFrom(res.location, /\/indicateurs\/(\d+)$/);
    const url = `${list}/${id}`;
    const period = year();
    await post(client, url, `${url}/valeurs`, { period, value: '12', note: '' }, 'value entered');
    await post(client, url, `${url}/objectifs`,
      { target_period: String(Number(period) + 1), target_value: '20', direction: 'up', target_note: '' }, 'target set');
    const target = Number(dbRows(env.server.database,
      `SELECT id FROM cooperation_indicator_targets WHERE indicator_id = ${id}`)[0][0]);
    return { id, project: project.id, period, target };
  }

  return {
    coop_indicator: { create: createIndicator, table: 'cooperation_indicators', fk: 'indicator_id' },
    coop_indicator_target: {
      create: async (side) => {
        const i = await createIndicator(side);
        return { id: i.target, indicator: i.id, project: i.project };
      },
      table: 'cooperation_indicator_targets', fk: 'target_id',
    },
  };
}
