// Object kinds of the funders' files for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/trainings_funder_files.json). Side `own`: a session of Sagiterre, `other`: of the
// Département (the matrix's training sides):
//   funder_file — an application admitted and confirmed with an OPCO funding line (the matrix's
//                 funding_line kind), as { id: application, session }: its file is
//                 /formations/sessions/{session}/dossiers-financeurs/{id}/opco.zip.
export function kinds(env) {
  return {
    funder_file: {
      create: async (side) => {
        const line = await env.object('funding_line', side);
        const session = Number(env.dbRows(env.server.database,
          `SELECT session_id FROM training_applications WHERE id = ${line.application}`)[0][0]);
        return { id: line.application, session };
      },
      table: 'training_applications', fk: 'application_id',
    },
  };
}
