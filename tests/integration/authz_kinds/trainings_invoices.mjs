// Object kinds of the invoices for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/trainings_invoices.json). Side `own`: a session of Sagiterre, `other`: of the Département (the
// matrix's training sides):
//   training_invoice — an invoice of 1 € to the employer of an admitted and confirmed application with an
//                      OPCO funding line (the matrix's funding_line kind), issued by the fixture administrator
//                      on the session's « Facturer » form, as { id: invoice, session }.
export function kinds(env) {
  const { dbRows, unique, flashError } = env;
  async function createInvoice(side, { fresh = false } = {}) {
    const line = await env.object('funding_line', side, fresh);
    const database = env.server.database;
    const session = Number(dbRows(database, `SELECT session_id FROM training_applications WHERE id = ${line.application}`)[0][0]);
    const page = `/formations/sessions/${session}/factures`;
    await env.admin.get(page);
    const res = await env.admin.post(page, {
      application: String(line.application), payer: 'employer', buyer_name: 'Employeur (matrice)', amount_rest: '1',
      _submission: unique('s'),
    });
    if (res.status !== 303) throw new Error(`invoice issued: HTTP ${res.status} ${flashError(res.text) || ''}`);
    const id = Number(dbRows(database, `SELECT MAX(id) FROM training_invoices WHERE application_id = ${line.application}`)[0][0]);
    return { id, session };
  }
  return {
    training_invoice: { create: (side, opts) => createInvoice(side, opts), table: 'training_invoices', fk: 'invoice_id' },
  };
}
