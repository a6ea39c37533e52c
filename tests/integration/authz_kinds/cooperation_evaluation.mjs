// Object kinds of the evaluation of cooperation projects for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/cooperation_evaluation.json), built on `coop_project`
// (authz_kinds/cooperation_projects.mjs: own — the nine demo principals are its members, training_staff
// its facilitator; other — none of them, the fixture administrator its facilitator):
//   coop_criterion           — a proposed criterion of the side's shared project, proposed by its
//                              facilitator, with `decision`: a closed decision of that project whose
//                              outcome (adopted) is written, to attach to it;
//   coop_evaluated_project   — a fresh project of the side whose diagnosis phase was evaluated (the
//                              questionnaire sent to its facilitators and members);
//   coop_report              — the side's shared project with `year`: this year (its report's name).
// Everything is made over HTTP by the project's facilitator: training_staff on the own side, the
// fixture administrator on the other.
import { parisYear } from '../harness.mjs';

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

  // A proposal decision of the project, closed at once with an adopted outcome (one per project).
  const decisions = {};
  async function closedDecision(side, project) {
    if (decisions[project]) return decisions[project];
    const client = await facilitatorOf(side);
    const closes = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 16);
    let res = await post(client, `/cooperation/projets/${project}/decisions/nouvelle`, `/cooperation/projets/${project}/decisions`, {
      type: 'proposal', title: `Adopter les critères (authz) ${unique('d')}`, details: 'Pour la matrice des droits.', reasons: '',
      closes_at: closes, quorum_kind: 'none', quorum_value: '0', meeting_id: '0',
    }, 'decision opened');
    const id = idFrom(res.location, /\/decisions\/(\d+)/);
    const page = `/cooperation/projets/${project}/decisions/${id}`;
    res = await post(client, page, `${page}/fermer`, { statement: 'Les critères sont adoptés.', verdict: 'adopted', option_id: '',
      review_on: '' }, 'decision closed');
    decisions[project] = id;
    return id;
  }

  async function createCriterion(side) {
    const project = await env.object('coop_project', side, false);
    const client = await facilitatorOf(side);
    const page = `/cooperation/projets/${project.id}/evaluation`;
    const res = await post(client, page, `${page}/criteres`, {
      title: `Critère (authz) ${unique('c')}`, dimension: 'results', description: 'Pour la matrice des droits.',
    }, 'criterion proposed');
    const id = idFrom(res.location, /\/evaluation\/criteres\/(\d+)$/);
    return { id, project: project.id, decision: await closedDecision(side, project.id) };
  }

  async function createEvaluatedProject(side) {
    const project = await env.object('coop_project', side, true);
    const client = await facilitatorOf(side);
    const page = `/cooperation/projets/${project.id}/evaluation`;
    await post(client, page, `${page}/phases`, { phase: 'diagnosis' }, 'diagnosis phase evaluated');
    const rows = dbRows(env.server.database,
      `SELECT COUNT(*) FROM cooperation_phase_evaluations WHERE project_id = ${project.id} AND phase = 'diagnosis'`);
    if (Number(rows[0][0]) !== 1) throw new Error('the phase evaluation is stored');
    return { id: project.id };
  }

  async function createReport(side) {
    const project = await env.object('coop_project', side, false);
    return { id: project.id, year: parisYear() };
  }

  return {
    coop_criterion: { create: createCriterion, table: 'cooperation_criteria', fk: 'criterion_id' },
    coop_evaluated_project: { create: createEvaluatedProject, table: 'cooperation_projects', fk: 'project_id' },
    coop_report: { create: createReport, table: 'cooperation_projects', fk: 'project_id' },
  };
}
