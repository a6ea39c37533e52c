// Object kinds of plans for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/plans_plans.json; docs/plans.md « Plans »):
//   plan — a plan made over HTTP by the fixture administrator with one axis, one objective and one manual
//          indicator (`axis`, `objective`, `indicator`): own — of Sagiterre (training_staff's organisation;
//          not the coordinator's, the Département), other — of the relais social de Vitry (nobody's).
export function kinds(env) {
  const { dbRows, flashError, idFrom, orgIds, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const one = (sql) => Number(dbRows(env.server.database, sql)[0][0]);

  async function post(page, url, fields, what) {
    await env.admin.get(page);
    const res = await env.admin.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function createPlan(side) {
    const organisation = orgIds[side === 'own' ? 'Sagiterre' : 'Relais social de Vitry-sur-Seine (fictif)'];
    const res = await post('/plans/nouveau', '/plans/nouveau', {
      organisation: String(organisation), title: `Plan ${side} ${unique('p')}`, period_from: '2022-01-01',
      period_to: '2022-12-31', status: 'active',
    }, 'plan created');
    const id = idFrom(res.location, /\/plans\/(\d+)$/);
    const page = `/plans/${id}`;
    await post(page, `${page}/axes`, { title: 'Axe (authz)', summary: '' }, 'axis added');
    const axis = one(`SELECT MAX(id) FROM plan_axes WHERE plan_id = ${id}`);
    await post(page, `/plans/axes/${axis}/objectifs`, { title: 'Objectif (authz)', description: '' }, 'objective added');
    const objective = one(`SELECT MAX(id) FROM plan_objectives WHERE axis_id = ${axis}`);
    await post(page, `/plans/objectifs/${objective}/indicateurs`,
      { label: 'Indicateur (authz)', kind: 'manual', unit: '', target: '3', baseline: '' }, 'indicator added');
    const indicator = one(`SELECT MAX(id) FROM plan_indicators WHERE objective_id = ${objective}`);
    return { id, axis, objective, indicator };
  }

  return {
    plan: { create: createPlan, table: 'plans', fk: 'plan_id' },
  };
}
