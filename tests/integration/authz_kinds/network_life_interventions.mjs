// Object kinds of interventions on request for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_interventions.json). Side own: organised by Cultures du Cœur 94 (the demo
// referent's and volunteer's organisation: none of the principals manages it but the administrator);
// side other: organised by the Département de Loire-Atlantique (the coordinator manages there). Every
// request is made by a fixture referent of the relais social de Vitry (no principal belongs to it), so
// that no principal is its requester:
//   life_offer             — a published offer of the side's organiser (made by the fixture administrator);
//   life_request           — a request awaiting a decision, dates ahead;
//   life_request_proposed  — accepted on another date, awaiting the requester's confirmation;
//   life_request_past      — scheduled, its start moved two hours back (the date has come);
//   life_request_done      — the same with its attendance recorded (done).
import { runSql } from '../harness.mjs';

export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const ORGANISER = { own: 'Cultures du Cœur 94', other: 'Département de Loire-Atlantique' };
  const orgId = (name) => Number(env.dbRows(env.server.database,
    `SELECT id FROM organisations WHERE name = '${name.replace(/'/g, "''")}'`)[0][0]);

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  let requester;
  async function requesterClient() {
    if (!requester) {
      const email = `referent.interventions.${unique('v')}@authz.test`;
      env.addUser(env.server, email, 'referent', orgId('Relais social de Vitry-sur-Seine (fictif)'));
      requester = await env.signed(email, env.PASSWORD);
    }
    return requester;
  }

  // A day `n` days ahead ('YYYY-MM-DD', Paris).
  const ahead = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

  async function createOffer(side) {
    const res = await post(env.admin, '/programmes/interventions', '/programmes/interventions', {
      organiser: String(orgId(ORGANISER[side])), title: `Escape game (authz) ${unique('o')}`,
      description: 'Pour la matrice des droits.', duration: '90', audience: 'Jeunes', capacity: '20', needs: '', published: '1',
    }, 'offer created');
    return { id: idFrom(res.location, /\/programmes\/interventions\/(\d+)$/) };
  }

  async function createRequest(side) {
    const offer = await env.object('life_offer', side, false);
    const client = await requesterClient();
    const page = `/programmes/interventions/${offer.id}`;
    const res = await post(client, page, `${page}/demandes`, {
      date1: ahead(40), date2: ahead(47), date3: '', audience: 'youth', expected_count: '15',
      place_org: String(orgId('Relais social de Vitry-sur-Seine (fictif)')), place_address: '1 place de la Mairie, Vitry-sur-Seine',
      neighbourhood: 'Balzac', priority_area: '1', contact_name: 'Référent (authz)', contact_email: 'referent@authz.test',
      contact_phone: '', message: '',
    }, 'request made');
    return { id: idFrom(res.location, /\/demandes\/(\d+)$/), offer: offer.id };
  }

  async function createProposed(side) {
    const r = await createRequest(side);
    const page = `/programmes/interventions/demandes/${r.id}`;
    await post(env.admin, page, `${page}/acceptation`, { date: 'other', other_date: ahead(60), starts: '10:00', ends: '12:00', note: '' },
      'another date proposed');
    return r;
  }

  async function createPast(side) {
    const r = await createRequest(side);
    const page = `/programmes/interventions/demandes/${r.id}`;
    await post(env.admin, page, `${page}/acceptation`, { date: ahead(40), starts: '14:00', ends: '16:00', note: '' }, 'accepted');
    const now = Math.floor(Date.now() / 1000);
    runSql(env.server.database,
      `UPDATE life_intervention_requests SET starts_at = ${now - 7200}, ends_at = ${now - 3600} WHERE id = ${r.id}`);
    return r;
  }

  async function createDone(side) {
    const r = await createPast(side);
    const page = `/programmes/interventions/demandes/${r.id}`;
    await post(env.admin, page, `${page}/presences`, { count_children: '', count_youth: '12', count_adults: '2', count_seniors: '' },
      'attendance recorded');
    return r;
  }

  return {
    life_offer: { create: createOffer, table: 'life_intervention_offers', fk: 'offer_id' },
    life_request: { create: createRequest, table: 'life_intervention_requests', fk: 'request_id' },
    life_request_proposed: { create: createProposed, table: 'life_intervention_requests', fk: 'request_id' },
    life_request_past: { create: createPast, table: 'life_intervention_requests', fk: 'request_id' },
    life_request_done: { create: createDone, table: 'life_intervention_requests', fk: 'request_id' },
  };
}
