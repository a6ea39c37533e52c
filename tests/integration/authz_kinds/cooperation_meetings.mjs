// Object kinds of the meetings of cooperation projects for the authorization matrix
// (tests/integration/authz.test.mjs, tests/authz/cooperation_meetings.json), built on `coop_project`
// (authz_kinds/cooperation_projects.mjs: own — the nine demo principals are its members, training_staff
// its facilitator, jury_member and volunteer observers; other — none of them, the fixture administrator
// its facilitator):
//   coop_meeting          — a planned meeting of the side's shared project, in the future, nobody invited;
//   coop_invited_meeting  — the same with every facilitator and member of the project invited (the
//                           e-mails are queued: the matrix's server has no SMTP);
//   coop_past_meeting     — a meeting that started two hours ago, its attendance not recorded;
//   coop_held_meeting     — the same with its attendance recorded (held), its minutes not written.
// Each has `project`. Everything is made over HTTP by the fixture administrator, who facilitates every
// project (on the own side it is not a member: it is never invited).
export function kinds(env) {
  const { flashError, idFrom, unique } = env;
  const fail = (what, res) => new Error(`${what}: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);

  async function post(client, page, url, fields, what) {
    await client.get(page);  // a page with the form: a fresh CSRF token
    const res = await client.post(url, { ...fields, _submission: unique('s') });
    if (res.status !== 303) throw fail(what, res);
    return res;
  }

  // The fixture administrator facilitates every project (an administrator), on both sides. Not a demo
  // principal's session: the matrix's "log out everywhere" cells end those, not this one.
  const facilitatorOf = async () => env.admin;

  // 'YYYY-MM-DDTHH:MM' in Europe/Paris (the form's datetime-local) of a time `seconds` from now.
  const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

  async function createMeeting(side, { startsIn = 30 * 86400, lasts = 2 * 3600 } = {}) {
    const project = await env.object('coop_project', side, false);
    const client = await facilitatorOf(side);
    const list = `/cooperation/projets/${project.id}/reunions`;
    const res = await post(client, list, list, {
      title: `Réunion (authz) ${unique('r')}`, starts: parisInput(startsIn), ends: parisInput(startsIn + lasts),
      place: 'Médiathèque de Ligné', video_url: '', agenda_title: 'Tour de table', agenda_duration: '20',
    }, 'meeting created');
    const id = idFrom(res.location, /\/reunions\/(\d+)$/);
    return { id, project: project.id, client, url: `${list}/${id}` };
  }

  async function createInvitedMeeting(side) {
    const m = await createMeeting(side);
    await post(m.client, m.url, `${m.url}/invitations`, { all: '1' }, 'everyone invited');
    return { id: m.id, project: m.project };
  }

  async function createPastMeeting(side) {
    const m = await createMeeting(side, { startsIn: -2 * 3600, lasts: 3600 });
    return { id: m.id, project: m.project };
  }

  async function createHeldMeeting(side) {
    const m = await createMeeting(side, { startsIn: -2 * 3600, lasts: 3600 });
    await post(m.client, m.url, `${m.url}/presences`, { others_count: '5', others_label: 'habitant·es' }, 'attendance recorded');
    return { id: m.id, project: m.project };
  }

  return {
    coop_meeting: { create: (side) => createMeeting(side).then(({ id, project }) => ({ id, project })),
      table: 'cooperation_meetings', fk: 'meeting_id' },
    coop_invited_meeting: { create: createInvitedMeeting, table: 'cooperation_meetings', fk: 'meeting_id' },
    coop_past_meeting: { create: createPastMeeting, table: 'cooperation_meetings', fk: 'meeting_id' },
    coop_held_meeting: { create: createHeldMeeting, table: 'cooperation_meetings', fk: 'meeting_id' },
  };
}
