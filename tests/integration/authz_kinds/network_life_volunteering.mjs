// Object kinds of volunteering for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_volunteering.json). Side `own`: organised by Cultures du Cœur 94 (the
// referent's and the volunteer's organisation; the demo volunteer is engaged there; none of the
// principals manages it but the administrator); side `other`: organised by the Département de
// Loire-Atlantique (the administrator's and the coordinator's organisation: there the coordinator
// manages). Everything is made over HTTP by the fixture administrator (it manages every organiser) and
// by a fixture volunteer of each side (an account of its own, engaged by the fixture administrator):
//   vol_mission    — a mission running from 2024-01-01 to 60 days from now, 1000 places, nobody assigned;
//                    `volunteer`: the side's fixture volunteer (engaged, not assigned to it);
//   vol_engagement — the engagement of a new fixture volunteer with the side's organiser (bénévole);
//   vol_hours      — 1 h declared (pending) by the side's fixture volunteer on a mission of the side.
export function kinds(env) {
  const { flashError, idFrom, unique, dbRows } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
  const ORGANISERS = { own: 'Cultures du Cœur 94', other: 'Département de Loire-Atlantique' };
  const organiser = (side) => String(env.orgIds[ORGANISERS[side]]);
  const parisDay = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

  async function post(client, page, url, fields, what) {
    await client.get(page);
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  async function engagedVolunteer(side) {
    const email = `${unique('benevole-authz')}@trame.local`;
    env.addUser(env.server, email, 'volunteer', env.orgIds[ORGANISERS[side]]);
    await post(env.admin, '/benevolat/gestion', '/benevolat/gestion/engagements', {
      organiser: organiser(side), email, kind: 'benevole', starts_on: '2023-06-01', ends_on: '', tutor_email: '', weekly_hours: '',
    }, 'engagement');
    const id = Number(dbRows(env.server.database, `SELECT MAX(e.id) FROM life_volunteer_engagements e JOIN users u ON u.id = e.user_id WHERE u.email = '${email}'`)[0][0]);
    const user = Number(dbRows(env.server.database, `SELECT id FROM users WHERE email = '${email}'`)[0][0]);
    return { id, email, user };
  }

  const volunteers = {};
  const volunteerOf = async (side) => {
    volunteers[side] ??= engagedVolunteer(side);
    return volunteers[side];
  };

  async function createMission(side) {
    const v = await volunteerOf(side);
    const res = await post(env.admin, '/benevolat/gestion', '/benevolat/gestion/missions', {
      organiser: organiser(side), title: `Mission (authz) ${unique('m')}`, kind: 'terrain', place: '', description: '',
      starts_on: '2024-01-01', ends_on: parisDay(60), recurrence: '', places: '1000',
    }, 'mission created');
    return { id: idFrom(res.location, /\/missions\/(\d+)/), volunteer: v.user };
  }

  // The side's fixture volunteer, assigned to one mission of the side, declares 1 h on a new day each time.
  const hoursMissions = {};
  let day = 0;
  async function createHours(side) {
    const v = await volunteerOf(side);
    hoursMissions[side] ??= (async () => {
      const m = await createMission(side);
      await post(env.admin, `/benevolat/gestion/missions/${m.id}`, `/benevolat/gestion/missions/${m.id}/affectations`,
        { person: String(v.user) }, 'assigned');
      return m.id;
    })();
    const mission = await hoursMissions[side];
    v.client ??= await env.signed(v.email, env.PASSWORD);
    const d = new Date(Date.UTC(2024, 0, 1) + (day++) * 86400000).toISOString().slice(0, 10);
    await post(v.client, '/benevolat', '/benevolat/heures', { mission: String(mission), day: d, hours: '1', note: '' }, 'hours declared');
    const id = Number(dbRows(env.server.database, `SELECT MAX(id) FROM life_volunteer_hours WHERE user_id = ${v.user}`)[0][0]);
    return { id, mission };
  }

  return {
    vol_mission: { create: createMission, table: 'life_volunteer_missions', fk: 'mission_id' },
    vol_engagement: {
      create: async (side) => { const e = await engagedVolunteer(side); return { id: e.id, user: e.user }; },
      table: 'life_volunteer_engagements', fk: 'engagement_id',
    },
    vol_hours: { create: createHours, table: 'life_volunteer_hours', fk: 'hours_id' },
  };
}
