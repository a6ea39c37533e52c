// Object kinds of newsletters (src/network_life/newsletters) for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/network_life_newsletters.json). Side own: organised by
// Cultures du Cœur 94 (managed by the administrator only among the principals); side other: by the
// Département de Loire-Atlantique (the coordinator principal manages it). Made over HTTP by the
// fixture administrator, who manages every organiser:
//   nl_draft      — a draft to the referents (attribute `organiser`: its organiser's id);
//   nl_scheduled  — the same, scheduled in 2030;
//   nl_sent       — the same, sent (the e-mails are queued: the matrix's server has no SMTP);
//   nl_token      — a sent newsletter with `token`, the unsubscribe token of a new referent made for it, read
//                   from the List-Unsubscribe header kept in the outbox (the database keeps its hash only);
//   nl_notice     — a notice for the referents until 2030.
export function kinds(env) {
  const { flashError, idFrom, unique, orgIds, dbRows } = env;
  const ORGANISERS = { own: 'Cultures du Cœur 94', other: 'Département de Loire-Atlantique' };
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(page, url, fields, what) {
    const client = env.admin;
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function createDraft(side) {
    const organiser = orgIds[ORGANISERS[side]];
    const res = await post('/communication/nouvelle', '/communication/lettres', {
      organiser_id: String(organiser), subject: `Lettre (authz) ${unique('n')}`, body: 'Bonjour **à tous**.',
      segments: 'referents', member_year: '2024', public_archive: '1',
    }, 'newsletter created');
    const id = idFrom(res.location, /\/communication\/lettres\/(\d+)$/);
    return { id, organiser };
  }

  async function createScheduled(side) {
    const n = await createDraft(side);
    await post(`/communication/lettres/${n.id}`, `/communication/lettres/${n.id}/programmer`,
      { scheduled_at: '2030-05-14T09:00' }, 'newsletter scheduled');
    return n;
  }

  async function createSent(side) {
    const n = await createDraft(side);
    await post(`/communication/lettres/${n.id}`, `/communication/lettres/${n.id}/envoyer`, {}, 'newsletter sent');
    return n;
  }

  // A recipient of its own (a new referent of the side's relais): unsubscribing them in one cell leaves
  // every other newsletter of the matrix its recipients.
  async function createToken(side) {
    const email = `${unique('abonne')}@trame.local`;
    env.addUser(env.server, email, 'referent', orgIds[ORGANISERS.own]);
    const n = await createSent(side);
    const rows = dbRows(env.server.database, 'SELECT o.extra_headers FROM mail_outbox o JOIN life_newsletter_deliveries d '
      + `ON d.mail_id = o.id WHERE d.newsletter_id = ${n.id} AND d.email = '${email}'`);
    const m = (rows[0]?.[0] || '').match(/\/communication\/desabonnement\/([A-Za-z0-9_-]{32})>/);
    if (!m) throw new Error(`no unsubscribe link for newsletter ${n.id}`);
    return { ...n, token: m[1] };
  }

  async function createNotice(side) {
    const organiser = orgIds[ORGANISERS[side]];
    const title = `Annonce (authz) ${unique('a')}`;
    await post('/communication/annonces', '/communication/annonces', {
      organiser_id: String(organiser), title, body: 'Pour la matrice des droits.', link: '', segment: 'referents',
      delegation_id: '', ends_on: '2030-01-31',
    }, 'notice created');
    const id = Number(dbRows(env.server.database, `SELECT id FROM life_notices WHERE title = '${title}'`)[0][0]);
    return { id, organiser };
  }

  const newsletterTables = () => [['life_newsletters', 'id'], ['life_newsletter_deliveries', 'newsletter_id'],
    ['life_newsletter_unsubscriptions', 'newsletter_id']];
  return {
    nl_draft: { create: createDraft, table: 'life_newsletters', tables: newsletterTables },
    nl_scheduled: { create: createScheduled, table: 'life_newsletters', tables: newsletterTables },
    nl_sent: { create: createSent, table: 'life_newsletters', tables: newsletterTables },
    nl_token: { create: createToken, table: 'life_newsletters', tables: newsletterTables },
    nl_notice: { create: createNotice, table: 'life_notices', tables: () => [['life_notices', 'id']] },
  };
}
