// Object kinds of the training agreements for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/trainings_agreements.json). Side `own`: a session of Sagiterre, `other`: of the Département (the
// matrix's training sides). Made over HTTP by the fixture administrator (it manages every organiser), for a
// fresh application of the side (the matrix's application kind) so that no other cell changes it; the token of
// the signing link is read from the outbox message that sent it (the matrix runs without SMTP):
//   training_agreement       — a convention with a fictive employer, sent for signature: { id, session, token };
//   training_contract_signed — a contract sent, then uploaded signed by the staff today (its withdrawal period
//                              running): { id, session, token }.
export function kinds(env) {
  const { dbRows, unique, flashError } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(url, page, fields, what) {
    await env.admin.get(page);
    const res = await env.admin.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function createAgreement(side, kind) {
    const application = await env.object('application', side, true);
    const list = `/formations/sessions/${application.session}/conventions`;
    const fields = kind === 'convention'
      ? { kind, application: String(application.id), party_name: 'Employeur (matrice, fictif)',
        party_representative: 'Directrice (matrice)', party_email: `${unique('convention')}@example.org` }
      : { kind, application: String(application.id), party_email: `${unique('contrat')}@example.org` };
    const res = await post(list, list, fields, `${kind} made`);
    const id = Number(res.location.match(/\/formations\/conventions\/(\d+)$/)[1]);
    const page = `/formations/conventions/${id}`;
    await post(`${page}/envoi`, page, {}, `${kind} sent`);
    const [[body]] = dbRows(env.server.database, `SELECT m.body FROM mail_outbox m JOIN training_agreement_versions v
      ON v.outbox_id = m.id WHERE v.agreement_id = ${id} ORDER BY v.number DESC LIMIT 1`);
    const token = body.match(/\/conventions\/([A-Za-z0-9_-]+)/)[1];
    return { id, session: application.session, token, page };
  }

  async function createSignedContract(side) {
    const made = await createAgreement(side, 'contract');
    const pdf = await fetch(`${env.server.url}${made.page}/versions/1`, { headers: { cookie: env.admin.cookieHeader() } });
    const bytes = Buffer.from(await pdf.arrayBuffer());
    await env.admin.get(made.page);
    const form = new FormData();
    form.set('_csrf', env.admin.csrf);
    form.set('_submission', unique('s'));
    form.set('signer_name', 'Stagiaire (matrice)');
    form.set('signed_on', new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }));
    form.set('signed_file', new Blob([bytes], { type: 'application/pdf' }), 'contrat-signe.pdf');
    const res = await env.admin.request('POST', `${made.page}/signature`, { body: form });
    if (res.status !== 303) throw fail('contract uploaded signed', res);
    return { id: made.id, session: made.session, token: made.token };
  }

  return {
    training_agreement: {
      create: async (side) => {
        const { id, session, token } = await createAgreement(side, 'convention');
        return { id, session, token };
      },
      table: 'training_agreements', fk: 'agreement_id',
    },
    training_contract_signed: { create: (side) => createSignedContract(side), table: 'training_agreements', fk: 'agreement_id' },
  };
}
