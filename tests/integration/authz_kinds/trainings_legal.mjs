// Object kinds of the legal module for the authorization matrix (tests/authz/trainings_legal.json).
//   legal_org — an organisation's legal data row (the demo's): side own Sagiterre (its training staff manages
//               it), side other the Département de Loire-Atlantique (the administrator's and the coordinator's).
// { id } is the training_legal_data row (read before and after a POST), { org } the organisation in the path.
export function kinds(env) {
  const ORGS = { own: 'Sagiterre', other: 'Département de Loire-Atlantique' };
  return {
    legal_org: {
      create: async (side) => {
        const org = env.orgIds[ORGS[side]];
        const rows = env.dbRows(env.server.database, `SELECT id FROM training_legal_data WHERE organisation_id = ${org}`);
        if (!rows.length) throw new Error(`no legal data for ${ORGS[side]} (demo)`);
        return { id: Number(rows[0][0]), org };
      },
      table: 'training_legal_data', fk: 'legal_data_id',
    },
  };
}
