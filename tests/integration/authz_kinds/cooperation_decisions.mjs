// Object kinds of decisions for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/cooperation_decisions.json), built on `coop_project` (authz_kinds/cooperation_projects.mjs:
// own — the nine demo principals are its members, training_staff its facilitator, jury_member and
// volunteer observers; other — none of them, the fixture administrator its facilitator):
//   coop_decision         — an open proposal of the side's shared project (closing in a week);
//   closed_coop_decision  — a proposal of that project closed with its outcome (adopted);
//   coop_objection        — an objection (a ballot) to an open consent of that project, given by its
//                           facilitator, with `decision` and `project`.
// Everything is made over HTTP by the project's facilitator: training_staff on the own side, the
// fixture administrator on the other. Each object has `project` (its project's id).
export function kinds(env) {
  const { DEMO, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);  // a page with the form: a fresh CSRF token
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  // Signed in afresh each time: the matrix's own cells may end the facilitator's earlier sessions.
  async function facilitatorOf(side) {
    if (side === 'other') return env.admin;
    return env.signed(DEMO.training_staff, 'trame-demo-2026');
  }

  // 'YYYY-MM-DDTHH:MM' in Paris, a week from now.
  const inAWeek = () => new Date(Date.now() + 7 * 86400000).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' })
    .slice(0, 16).replace(' ', 'T');

  async function openDecision(side, type) {
    const project = await env.object('coop_project', side, false);
    const client = await facilitatorOf(side);
    const list = `/cooperation/projets/${project.id}/decisions`;
    const res = await post(client, `${list}/nouvelle?type=${type}`, list, {
      type, title: `Décision (authz) ${unique('d')}`, details: 'Pour la matrice des droits.', reasons: '',
      closes_at: inAWeek(), quorum_kind: 'none', quorum_value: '0', meeting_id: '0',
    }, `${type} opened`);
    return { id: idFrom(res.location, /\/decisions\/(\d+)$/), project: project.id, client };
  }

  async function createDecision(side) {
    const d = await openDecision(side, 'proposal');
    return { id: d.id, project: d.project };
  }

  async function createClosedDecision(side) {
    const d = await openDecision(side, 'proposal');
    const page = `/cooperation/projets/${d.project}/decisions/${d.id}`;
    await post(d.client, page, `${page}/fermer`, { statement: 'La proposition est adoptée.', verdict: 'adopted',
      option_id: '', review_on: '' }, 'decision closed with its outcome');
    return { id: d.id, project: d.project };
  }

  async function createObjection(side) {
    const d = await openDecision(side, 'consent');
    const page = `/cooperation/projets/${d.project}/decisions/${d.id}`;
    await post(d.client, page, `${page}/vote`, { stance: 'object', harm: 'Les habitants des hameaux ne viendront pas.' },
      'objection given');
    const rows = env.dbRows(env.server.database,
      `SELECT id FROM cooperation_decision_ballots WHERE decision_id = ${d.id} AND stance = 'object'`);
    if (!rows.length) throw new Error('the objection is stored');
    return { id: Number(rows[0][0]), decision: d.id, project: d.project };
  }

  return {
    coop_decision: { create: createDecision, table: 'cooperation_decisions', fk: 'decision_id' },
    closed_coop_decision: { create: createClosedDecision, table: 'cooperation_decisions', fk: 'decision_id' },
    coop_objection: { create: createObjection, table: 'cooperation_decision_ballots', fk: 'ballot_id' },
  };
}
