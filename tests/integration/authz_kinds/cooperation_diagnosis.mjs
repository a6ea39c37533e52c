// Object kinds of the shared diagnosis for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/cooperation_diagnosis.json), built on `coop_project` (authz_kinds/cooperation_projects.mjs:
// own — the nine demo principals are its members, training_staff its facilitator, jury_member and
// volunteer observers; other — none of them, the fixture administrator its facilitator):
//   coop_section — a section added to the side's project (the shared one; a fresh project for a cell
//                  expected to succeed, so that sections do not pile up in one project) with one revision
//                  written (revision 1), made over HTTP by the project's facilitator. It has `project`.
export function kinds(env) {
  const { DEMO, flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

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

  async function createSection(side, { fresh } = {}) {
    const project = await env.object('coop_project', side, Boolean(fresh));
    const client = await facilitatorOf(side);
    const diagnosis = `/cooperation/projets/${project.id}/diagnostic`;
    let res = await post(client, diagnosis, `${diagnosis}/sections`, { title: `Section (authz) ${unique('d')}` },
      'section added');
    const id = idFrom(res.location, /\/diagnostic\/(\d+)\/modifier$/);
    res = await post(client, res.location, `${diagnosis}/${id}`, { base: '0', body: 'Premier texte de la section.' },
      'section written');
    return { id, project: project.id };
  }

  return {
    coop_section: { create: createSection, table: 'cooperation_diagnosis_sections', fk: 'diagnosis_section_id' },
  };
}
