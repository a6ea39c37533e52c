// Object kinds of the training quotes for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/trainings_quotes.json). Side `own`: a session of Sagiterre, `other`: of the Département (the
// matrix's training sides). Made over HTTP by the fixture administrator (it manages every organiser), for a
// fresh application of the side (the matrix's application kind) so that no other cell changes it, then sent;
// the token of the acceptance link is read from the outbox message that sent it (the matrix runs without SMTP):
//   training_quote — a quote addressed to the applicant, sent: { id, session, token }.
export function kinds(env) {
  const { dbRows, unique, flashError } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(url, page, fields, what) {
    await env.admin.get(page);
    const res = await env.admin.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function createQuote(side) {
    const application = await env.object('application', side, true);
    const list = `/formations/sessions/${application.session}/devis`;
    const res = await post(list, list, {
      application: String(application.id), party_kind: 'person', party_email: `${unique('devis')}@example.org`,
      unit_price: '1500', funding: 'intended',
    }, 'quote made');
    const id = Number(res.location.match(/\/formations\/devis\/(\d+)$/)[1]);
    const page = `/formations/devis/${id}`;
    await post(`${page}/envoi`, page, {}, 'quote sent');
    const [[body]] = dbRows(env.server.database, `SELECT m.body FROM mail_outbox m JOIN training_quote_versions v
      ON v.outbox_id = m.id WHERE v.quote_id = ${id} ORDER BY v.version DESC LIMIT 1`);
    const token = body.match(/\/devis\/([A-Za-z0-9_-]+)/)[1];
    return { id, session: application.session, token };
  }

  return {
    training_quote: { create: (side) => createQuote(side), table: 'training_quotes', fk: 'quote_id' },
  };
}
