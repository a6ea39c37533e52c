// Object kinds of action programmes for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_action_programmes.json). Side own: organised by Cultures du Cœur 94 (the
// demo referent's and volunteer's organisation), with the Théâtre Quartier Libre (partner_staff's) as
// partner; side other: organised by the Département de Loire-Atlantique (where the coordinator
// manages), without partners. Everything is made over HTTP by the fixture administrator (who manages
// every organiser) and by a fixture referent of Cultures du Cœur 94 (its beneficiaries, by code):
//   ap_programme    — a remobilisation programme;
//   ap_edition      — an edition of a fresh programme, with `programme`, `funder` (the Fondation David
//                     Hadida's id, for the funder form), `beneficiary` (an active beneficiary of Cultures du
//                     Cœur 94 not yet participating) and `participant` (a participant of the edition);
//   ap_session      — a session in 30 days (10 places) of an edition, with `participant` (a participant of
//                     that edition, not registered);
//   ap_participant  — a participant (by code) of a fresh edition, with `edition`, no outcome yet;
//   ap_past_session — a session that started two hours ago, nobody registered.
export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  let referent;
  async function referentClient() {
    if (!referent) {
      referent = (async () => {
        const email = `referent.programmes.${unique('r')}@trame.local`;
        env.addUser(env.server, email, 'referent', env.orgIds['Cultures du Cœur 94']);
        return env.signed(email, env.PASSWORD);
      })();
    }
    return referent;
  }

  async function beneficiary() {
    const c = await referentClient();
    await post(c, '/sorties/beneficiaires', '/sorties/beneficiaires', { age_band: '26-59', household_size: '1', commune: '' },
      'beneficiary created');
    const rows = env.dbRows(env.server.database,
      `SELECT b.id FROM beneficiaries b JOIN users u ON u.id = b.referent_id WHERE u.email LIKE 'referent.programmes.%' ORDER BY b.id DESC LIMIT 1`);
    return Number(rows[0][0]);
  }

  const organiser = (side) => env.orgIds[side === 'own' ? 'Cultures du Cœur 94' : 'Département de Loire-Atlantique'];
  const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

  async function createProgramme(side) {
    const res = await post(env.admin, '/programmes', '/programmes', {
      organiser: organiser(side), title: `Programme (authz) ${unique('p')}`, description: 'Parcours en famille.', remobilisation: '1',
    }, 'programme created');
    return { id: idFrom(res.location, /\/programmes\/(\d+)$/) };
  }

  async function addParticipant(edition) {
    const c = await referentClient();
    const b = await beneficiary();
    const url = `/programmes/editions/${edition}/participants`;
    await post(c, url, url, { beneficiary: b, kind: 'person' }, 'participant added');
    const rows = env.dbRows(env.server.database,
      `SELECT id FROM life_programme_participants WHERE edition_id = ${edition} AND beneficiary_id = ${b}`);
    return Number(rows[0][0]);
  }

  async function createEdition(side) {
    const programme = await createProgramme(side);
    const url = `/programmes/${programme.id}`;
    const res = await post(env.admin, url, `${url}/editions`, {
      title: `Édition (authz) ${unique('e')}`, starts_on: '2026-01-01', ends_on: '2030-12-31', summary: '',
    }, 'edition created');
    const id = idFrom(res.location, /\/editions\/(\d+)$/);
    const page = `/programmes/editions/${id}`;
    if (side === 'own') {
      await post(env.admin, page, `${page}/partenaires`, { organisation: env.orgIds['Théâtre Quartier Libre'], role: 'Découvertes' },
        'partner added');
    }
    const funder = env.orgIds['Fondation David Hadida'];
    const participant = await addParticipant(id);
    return { id, programme: programme.id, funder, beneficiary: await beneficiary(), participant };
  }

  async function createSession(side, { startsIn = 30 * 86400 } = {}) {
    const edition = await env.object('ap_edition', side, false);
    const page = `/programmes/editions/${edition.id}`;
    const res = await post(env.admin, page, `${page}/seances`, {
      kind: 'atelier_enfants', session_title: `Atelier (authz) ${unique('s')}`, starts: parisInput(startsIn),
      ends: parisInput(startsIn + 3600), place: 'Médiathèque', capacity: '10',
    }, 'session created');
    const id = idFrom(res.location, /\/seances\/(\d+)$/);
    return { id, edition: edition.id, participant: startsIn > 0 ? await addParticipant(edition.id) : 0 };
  }

  const programmeTables = (v) => [['life_programmes', 'id'], ['life_programme_editions', 'programme_id']];
  const editionTables = () => [['life_programme_editions', 'id'], ['life_programme_partners', 'edition_id'],
    ['life_programme_funders', 'edition_id'], ['life_programme_sessions', 'edition_id'],
    ['life_programme_participants', 'edition_id']];
  const sessionTables = () => [['life_programme_sessions', 'id'], ['life_programme_registrations', 'session_id']];
  const participantTables = () => [['life_programme_participants', 'id'], ['life_programme_outcomes', 'participant_id'],
    ['life_programme_registrations', 'participant_id']];

  return {
    ap_programme: { create: createProgramme, table: 'life_programmes', fk: 'programme_id', tables: programmeTables },
    ap_edition: { create: createEdition, table: 'life_programme_editions', fk: 'edition_id', tables: editionTables },
    ap_session: { create: (side) => createSession(side), table: 'life_programme_sessions', fk: 'session_id', tables: sessionTables },
    ap_participant: {
      create: async (side) => { const e = await createEdition(side); return { id: e.participant, edition: e.id }; },
      table: 'life_programme_participants', fk: 'participant_id', tables: participantTables,
    },
    ap_past_session: { create: (side) => createSession(side, { startsIn: -2 * 3600 }), table: 'life_programme_sessions',
      fk: 'session_id', tables: sessionTables },
  };
}
