// Object kinds of coaching between seminars and follow-up contacts for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/trainings_coaching.json). A session of the side (own:
// Sagiterre's, other: the Département's) with one admitted and confirmed trainee (the matrix's `followup`
// kind: an applicant account of that side's relais, not a demo principal):
//   coaching_request — a request that trainee made on the session, waiting for an answer ({session},
//                      {application} attributes);
//   followup_contact — a fresh account added by the administrator as follow-up contact of that trainee
//                      ({session}, {user} attributes; its id is the contact row's).
export function kinds(env) {
  const { flashError, unique, dbRows } = env;
  const run = (statement) => dbRows(env.server.database, statement);
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  const trainees = {};
  async function enrolled(side) {
    const followup = await env.object('followup', side);
    const application = Number(followup.application);
    const session = Number(run(`SELECT session_id FROM training_applications WHERE id = ${application}`)[0][0]);
    trainees[side] ??= await env.signed(`candidat.${side}@trame.local`, env.PASSWORD);
    return { application, session, client: trainees[side] };
  }

  async function createRequest(side) {
    const { application, session, client } = await enrolled(side);
    const page = `/formations/sessions/${session}/accompagnement`;
    const res = await post(client, page, page, {
      subject: `Demande (authz) ${unique('c')}`, message: 'Pour la matrice des droits.', trainer: '0',
      preferred_mode: 'phone', preferred_slots: '',
    }, 'coaching request made');
    return { id: env.idFrom(res.location, /\/formations\/accompagnement\/(\d+)/), session, application };
  }

  async function createContact(side) {
    const { application, session } = await enrolled(side);
    const email = `suivi.${unique('t')}@trame.local`;
    env.addUser(env.server, email, 'referent', env.orgIds['Cultures du Cœur 94']);
    const page = `/formations/sessions/${session}/contacts-suivi`;
    await post(env.admin, page, page, { email, trainees: String(application) }, 'follow-up contact added');
    const [[id, user]] = run(`SELECT c.id, c.user_id FROM training_followup_contacts c JOIN users u ON u.id = c.user_id WHERE c.session_id = ${session} AND u.email = '${email}'`);
    return { id: Number(id), session, user: Number(user), application };
  }

  return {
    coaching_request: { create: createRequest, table: 'training_coaching_requests', fk: 'request_id' },
    followup_contact: { create: createContact, table: 'training_followup_contacts', fk: 'followup_contact_id' },
  };
}
