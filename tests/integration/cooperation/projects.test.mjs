// Cooperation projects (/cooperation, /cooperation/projets/{id}, docs/cooperation/projects.md): any
// signed-in person starts a project and facilitates it; its territory is communes (codes or names),
// an EPCI or a délégation; facilitators manage members (a project keeps one facilitator), partners,
// phases and visibility; a members-only project does not exist for anyone else (404), a public one
// shows anonymous visitors its summary only (never its members); bad input is answered in French and
// changes nothing; a training session shows the project its trainees co-build; the demo holds the
// seed's Pays d'Ancenis project; the dashboard lists a member's projects.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, runTrame, startTrame } from '../harness.mjs';
import { addUser, flashError, unique } from '../bookings_fixtures.mjs';

let server;
const clients = {};

before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server?.stop(); });

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const count = (statement) => Number(value(statement));
const url = (id) => `/cooperation/projets/${id}`;

async function as(principal) {
  if (clients[principal]) return clients[principal];
  const c = new Client(server.url);
  const res = await c.login(DEMO[principal] || principal, DEMO[principal] ? undefined : 'Sorties-solidaires-2026!');
  assert.equal(res.status, 303, `login as ${principal}`);
  clients[principal] = c;
  return c;
}

// Posts a form after loading the page that holds it (its CSRF token).
async function send(c, page, action, fields) {
  await c.get(page);
  return c.post(action, { _submission: unique('s'), ...fields });
}

// The readable text of an HTML fragment.
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const errorOf = (html) => textOf((html.match(/role="alert"[^>]*>([\s\S]*?)<\/div>/) || [])[1] || '');

function projectRow(id) {
  return sql(`SELECT title, question, summary, territory_kind, territory_ref, territory_label, visibility, phase,
    organisation_id, training_session_id FROM cooperation_projects WHERE id = ${id}`);
}
function state(id) {
  return [projectRow(id),
    sql(`SELECT commune_code FROM cooperation_project_communes WHERE project_id = ${id} ORDER BY 1`),
    sql(`SELECT user_id, role, organisation_id FROM cooperation_members WHERE project_id = ${id} ORDER BY 1`),
    sql(`SELECT organisation_id, contribution FROM cooperation_partners WHERE project_id = ${id} ORDER BY 1`),
    sql(`SELECT kind, starts_on, ends_on FROM cooperation_phases WHERE project_id = ${id} ORDER BY 1`)].join('\n--\n');
}

const BASE = {
  title: 'Lire ensemble à Ligné', question: 'Comment faire se rencontrer les âges autour de la lecture ?', summary: '',
  territory_kind: 'communes', communes: '', commune_pick: '', epci: '', delegation: '0', visibility: 'members', organisation: '0',
};

async function create(c, fields) {
  const res = await send(c, '/cooperation/projets/nouveau', '/cooperation/projets/nouveau', { ...BASE, ...fields });
  assert.equal(res.status, 303, `project created: ${flashError(res.text)} ${errorOf(res.text)}`);
  const id = Number(res.location.match(/\/cooperation\/projets\/(\d+)$/)[1]);
  return id;
}

async function addMember(c, id, email, role, organisation = '0') {
  return send(c, `${url(id)}/membres`, `${url(id)}/membres`, { email, role, organisation });
}

const memberId = (project, email) => count(`SELECT m.id FROM cooperation_members m JOIN users u ON u.id = m.user_id
  WHERE m.project_id = ${project} AND u.email = '${email}'`);

test('the demo holds the Pays d\'Ancenis project of seed 001, public, with its partners, members and phases; loading it again adds nothing', async () => {
  const id = count(`SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`);
  assert.ok(id > 0, 'the demo project exists');
  assert.equal(value(`SELECT visibility || ' ' || phase || ' ' || territory_kind || ' ' || territory_ref FROM cooperation_projects WHERE id = ${id}`),
    'public implementation epci 244400552');
  assert.match(value(`SELECT question FROM cooperation_projects WHERE id = ${id}`), /liens intergénérationnels .* spectacle vivant et de la lecture publique/);
  // The COMPA's communes of Loire-Atlantique (19: its twentieth, Ingrandes-Le Fresne-sur-Loire, is in Maine-et-Loire).
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_project_communes WHERE project_id = ${id}`), 19);
  const partners = sql(`SELECT o.name FROM cooperation_partners p JOIN organisations o ON o.id = p.organisation_id WHERE p.project_id = ${id} ORDER BY 1`).split('\n');
  assert.deepEqual(partners, ['Communauté de communes du Pays d\'Ancenis', 'Espace culturel Paul Guimard', 'Le Préambule',
    'Musique et Danse en Loire-Atlantique', 'Réseau des bibliothèques du Pays d\'Ancenis', 'Théâtre Quartier Libre']);
  const members = sql(`SELECT u.email || ' ' || m.role FROM cooperation_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ${id} ORDER BY 1`).split('\n');
  assert.deepEqual(members, ['billetterie@theatre-quartier-libre.local member', 'coordination.ancenis@trame.local member',
    'formateur@sagiterre.local member', 'formation@sagiterre.local facilitator', 'jury@observatoire.local observer',
    'stagiaire@paul-guimard.local member']);
  const phases = sql(`SELECT kind || ' ' || starts_on || ' ' || ends_on FROM cooperation_phases WHERE project_id = ${id} ORDER BY starts_on`).split('\n');
  assert.equal(phases.length, 4);
  for (const p of phases) assert.match(p, / 202[67]-\d\d-\d\d 202[67]-\d\d-\d\d$/);
  // The training session whose trainees co-built it shows it.
  const session = count(`SELECT training_session_id FROM cooperation_projects WHERE id = ${id}`);
  assert.equal(value(`SELECT title FROM training_sessions WHERE id = ${session}`), 'Pays d\'Ancenis 2022-2023');
  const page = await new Client(server.url).get(`/formations/sessions/${session}`);
  assert.equal(page.status, 200);
  assert.match(textOf(page.text), /Projet co-construit : Liens intergénérationnels en Pays d'Ancenis/);
  assert.ok(page.text.includes(`href="/cooperation/projets/${id}"`));
  // Idempotent.
  const again = runTrame(['demo', '--database', server.database]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_members WHERE project_id = ${id}`), 6);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_partners WHERE project_id = ${id}`), 6);
});

test('an anonymous visitor lists the public projects and reads their summary only, never the members', async () => {
  const id = count(`SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`);
  const anonymous = new Client(server.url);
  const list = await anonymous.get('/cooperation');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/cooperation/projets/${id}"`), 'the public project is listed');
  assert.ok(!list.text.includes('Nouveau projet'), 'no « Nouveau projet » for a visitor');
  const page = await anonymous.get(url(id));
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  for (const shown of ['Liens intergénérationnels en Pays d\'Ancenis', 'CC du Pays d\'Ancenis', 'Théâtre Quartier Libre',
    'Le Préambule', 'Mise en œuvre', 'Diagnostic partagé', 'Ligné']) assert.ok(text.includes(shown), `the summary shows ${shown}`);
  assert.match(text, /lecture publique \?/);
  for (const hidden of ['C. Boughattas', 'Stagiaire Paul Guimard', 'Formateur Sagiterre', 'Membre du jury OPC', '@', 'Animateur']) {
    assert.ok(!text.includes(hidden), `the public summary does not show ${hidden}`);
  }
  assert.ok(!page.text.includes(`${url(id)}/diagnostic`), 'no link to the members\' spaces');
  assert.equal((await anonymous.get(`${url(id)}/membres`)).status, 303, 'the members page asks to sign in');
  // The menu offers « Coopération » to visitors.
  assert.ok(list.text.includes('<a href="/cooperation">Coopération</a>'));
});

test('a signed-in person starts a project with communes typed by code and by name, and facilitates it; bad input is refused in French and creates nothing', async () => {
  const trainee = await as('trainee');
  const before = count('SELECT COUNT(*) FROM cooperation_projects');
  const cases = [
    [{ title: '  ' }, /Donnez un titre au projet/],
    [{ question: '' }, /Indiquez la question/],
    [{ communes: '' }, /au moins une commune/],
    [{ communes: '44003, 99999' }, /communes saisies est introuvable/],
    [{ communes: 'Nulle-Part-Sur-Loire' }, /communes saisies est introuvable/],
    [{ territory_kind: 'epci', epci: '123' }, /Choisissez une intercommunalité/],
    [{ territory_kind: 'delegation', delegation: '999999' }, /Choisissez une délégation/],
    [{ territory_kind: 'pays', communes: '44003' }, /Choisissez comment décrire le territoire/],
    [{ communes: '44003', visibility: 'tout le monde' }, /Choisissez qui voit le projet/],
    [{ communes: '44003', organisation: String(count(`SELECT id FROM organisations WHERE name = 'Sagiterre'`)) }, /une de vos structures/],
    [{ communes: '44003', title: 'x'.repeat(201) }, /200 caractères au plus/],
  ];
  for (const [fields, message] of cases) {
    const res = await send(trainee, '/cooperation/projets/nouveau', '/cooperation/projets/nouveau', { ...BASE, ...fields });
    assert.equal(res.status, 422, `${JSON.stringify(fields).slice(0, 80)} is refused`);
    assert.match(errorOf(res.text), message);
    assert.ok(res.text.includes('aria-invalid="true"'), 'the field at fault is marked');
  }
  assert.equal(count('SELECT COUNT(*) FROM cooperation_projects'), before, 'nothing was created');

  const own = count(`SELECT id FROM organisations WHERE name = 'Espace culturel Paul Guimard'`);
  const id = await create(trainee, { communes: '44003; Ligné', commune_pick: 'Oudon (44115)', organisation: String(own) });
  assert.equal(sql(`SELECT commune_code FROM cooperation_project_communes WHERE project_id = ${id} ORDER BY 1`), '44003\n44082\n44115');
  assert.equal(value(`SELECT organisation_id FROM cooperation_projects WHERE id = ${id}`), String(own));
  assert.equal(value(`SELECT m.role FROM cooperation_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ${id}`), 'facilitator');
  const home = await trainee.get(url(id));
  assert.equal(home.status, 200);
  const text = textOf(home.text);
  assert.match(text, /Vous êtes Animateur ou animatrice de ce projet/);
  for (const module of ['diagnostic', 'indicateurs', 'actions', 'reunions', 'decisions', 'contributions', 'evaluation']) {
    assert.ok(home.text.includes(`href="${url(id)}/${module}"`), `the home links to ${module}`);
  }
  assert.match(text, /3 communes/);
  // The list shows it to its creator, with their role.
  const list = await trainee.get('/cooperation');
  assert.ok(list.text.includes(`href="${url(id)}"`));
  // The form offers the communes by name (datalist), the EPCI and the délégations.
  const form = await trainee.get('/cooperation/projets/nouveau');
  assert.match(form.text, /<option value="Ancenis-Saint-Géréon \(44003\)">/);
  assert.match(form.text, /<option value="244400552"[^>]*>CC du Pays d&apos;Ancenis<\/option>|<option value="244400552"[^>]*>CC du Pays d'Ancenis<\/option>/);
  assert.match(form.text, /Délégation Pays d(&apos;|')Ancenis/);
});

test('editing: the territory becomes an EPCI or a délégation; refusals change nothing; only facilitators edit', async () => {
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003' });
  let res = await send(staff, `${url(id)}/modifier`, `${url(id)}/modifier`, { ...BASE, title: 'Lire ensemble en Pays d\'Ancenis',
    territory_kind: 'epci', epci: '244400552', visibility: 'network' });
  assert.equal(res.status, 303, errorOf(res.text));
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_project_communes WHERE project_id = ${id}`), 19);
  assert.match(projectRow(id), /^Lire ensemble en Pays d'Ancenis\|.*\|epci\|244400552\|CC du Pays d'Ancenis\|network\|diagnosis\|/);

  const delegation = count(`SELECT id FROM delegations WHERE name = 'Délégation Pays d''Ancenis'`);
  res = await send(staff, `${url(id)}/modifier`, `${url(id)}/modifier`, { ...BASE, territory_kind: 'delegation', delegation: String(delegation) });
  assert.equal(res.status, 303, errorOf(res.text));
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_project_communes WHERE project_id = ${id}`),
    count(`SELECT COUNT(*) FROM communes WHERE epci_siren IN ('244400552', '244400503')`), 'the délégation\'s communes (its two EPCI)');

  const saved = state(id);
  for (const [fields, message] of [[{ title: '' }, /Donnez un titre/], [{ territory_kind: 'epci', epci: '' }, /Choisissez une intercommunalité/],
    [{ territory_kind: 'communes', communes: '44003, inconnue' }, /introuvable/]]) {
    res = await send(staff, `${url(id)}/modifier`, `${url(id)}/modifier`, { ...BASE, ...fields });
    assert.equal(res.status, 422);
    assert.match(errorOf(res.text), message);
  }
  assert.equal(state(id), saved, 'the refusals changed nothing');

  // A member (not facilitator) may not edit: 403, nothing changed; a non-member of a members-only project: 404.
  assert.equal((await addMember(staff, id, DEMO.trainer, 'member')).status, 303);
  const trainer = await as('trainer');
  assert.equal((await trainer.get(`${url(id)}/modifier`)).status, 403);
  assert.equal((await trainer.post(`${url(id)}/modifier`, { ...BASE, communes: '44003' })).status, 403);
  const volunteer = await as('volunteer');
  res = await send(staff, `${url(id)}/modifier`, `${url(id)}/modifier`, { ...BASE, communes: '44003', visibility: 'members' });
  assert.equal(res.status, 303);
  const kept = state(id);
  await volunteer.get('/compte');
  assert.equal((await volunteer.post(`${url(id)}/modifier`, { ...BASE, communes: '44003' })).status, 404);
  assert.equal(state(id), kept);
});

test('members: added by e-mail with a role and an organisation, roles changed, removed; the last facilitator stays; refusals in French change nothing', async () => {
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003' });
  const theatre = count(`SELECT id FROM organisations WHERE name = 'Théâtre Quartier Libre'`);
  let res = await addMember(staff, id, DEMO.partner_staff.toUpperCase(), 'member', String(theatre));
  assert.equal(res.status, 303, errorOf(res.text));
  assert.equal(value(`SELECT m.role || ' ' || m.organisation_id FROM cooperation_members m JOIN users u ON u.id = m.user_id
    WHERE m.project_id = ${id} AND u.email = '${DEMO.partner_staff}'`), `member ${theatre}`);
  res = await addMember(staff, id, DEMO.jury_member, 'observer');
  assert.equal(res.status, 303);

  const saved = state(id);
  for (const [fields, message] of [
    [[DEMO.partner_staff, 'member'], /fait déjà partie du projet/],
    [['personne@nulle-part.example', 'member'], /Aucun compte Trame n'a cette adresse/],
    [[DEMO.trainer, 'chef'], /Choisissez un rôle/],
    [[DEMO.trainer, 'member', '999999'], /Cette structure ne peut pas être retenue/],
  ]) {
    res = await addMember(staff, id, ...fields);
    assert.ok([409, 422].includes(res.status), `${fields} refused (${res.status})`);
    assert.match(errorOf(res.text), message);
  }
  assert.equal(state(id), saved, 'nothing changed');

  // The last facilitator can be neither demoted nor removed.
  const self = memberId(id, DEMO.training_staff);
  await staff.get(`${url(id)}/membres`);
  res = await staff.post(`/cooperation/membres/${self}/role`, { role: 'member' });
  assert.equal(res.status, 422);
  assert.match(errorOf(res.text), /garder au moins un animateur ou une animatrice/);
  assert.ok(res.text.includes(`id="m-${self}-error"`), 'the message sits on that person\'s row');
  res = await staff.post(`/cooperation/membres/${self}/retirer`, {});
  assert.equal(res.status, 422);
  assert.match(errorOf(res.text), /garder au moins un animateur/);
  assert.equal(state(id), saved, 'the last facilitator is still there');

  // With a second facilitator, the first may step down.
  const partner = memberId(id, DEMO.partner_staff);
  res = await send(staff, `${url(id)}/membres`, `/cooperation/membres/${partner}/role`, { role: 'facilitator' });
  assert.equal(res.status, 303);
  res = await send(staff, `${url(id)}/membres`, `/cooperation/membres/${self}/role`, { role: 'observer' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT role FROM cooperation_members WHERE id = ${self}`), 'observer');
  // Now an observer, they no longer run the project.
  const now = state(id);
  await staff.get(`${url(id)}/membres`);
  assert.equal((await staff.post(`${url(id)}/membres`, { email: DEMO.trainer, role: 'member', organisation: '0' })).status, 403);
  assert.equal((await staff.post(`/cooperation/membres/${partner}/retirer`, {})).status, 403);
  assert.equal(state(id), now);
  const page = await staff.get(`${url(id)}/membres`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('Ajouter un membre'), 'no management form for an observer');
  assert.ok(!page.text.includes(DEMO.partner_staff), 'e-mail addresses for facilitators only');
  // The partner's staff, facilitator now, removes the jury member.
  const partnerStaff = await as('partner_staff');
  const jury = memberId(id, DEMO.jury_member);
  res = await send(partnerStaff, `${url(id)}/membres`, `/cooperation/membres/${jury}/retirer`, {});
  assert.equal(res.status, 303);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_members WHERE id = ${jury}`), 0);
  // Someone outside a members-only project: 404 on every member route, nothing changed.
  const volunteer = await as('volunteer');
  await volunteer.get('/compte');
  const outside = state(id);
  assert.equal((await volunteer.get(`${url(id)}/membres`)).status, 404);
  assert.equal((await volunteer.post(`${url(id)}/membres`, { email: DEMO.volunteer, role: 'facilitator', organisation: '0' })).status, 404);
  assert.equal((await volunteer.post(`/cooperation/membres/${partner}/role`, { role: 'observer' })).status, 404);
  assert.equal((await volunteer.post(`/cooperation/membres/${partner}/retirer`, {})).status, 404);
  assert.equal(state(id), outside);
});

test('partners: an organisation of the directory with its contribution, once; removed; only by facilitators', async () => {
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003' });
  const library = count(`SELECT id FROM organisations WHERE name = 'Réseau des bibliothèques du Pays d''Ancenis'`);
  let res = await send(staff, `${url(id)}/membres`, `${url(id)}/partenaires`, { organisation: String(library), contribution: 'Lectures partagées' });
  assert.equal(res.status, 303, errorOf(res.text));
  const partner = count(`SELECT id FROM cooperation_partners WHERE project_id = ${id}`);
  assert.equal(value(`SELECT contribution FROM cooperation_partners WHERE id = ${partner}`), 'Lectures partagées');
  const home = await staff.get(url(id));
  assert.match(textOf(home.text), /Réseau des bibliothèques du Pays d'Ancenis — Culturel .* Lectures partagées/);
  const saved = state(id);
  for (const [fields, message] of [
    [{ organisation: String(library), contribution: '' }, /déjà partenaire/],
    [{ organisation: '', contribution: '' }, /Cette structure ne peut pas être retenue/],
    [{ organisation: '999999', contribution: '' }, /Cette structure ne peut pas être retenue/],
    [{ organisation: String(count(`SELECT id FROM organisations WHERE name = 'Le Préambule'`)), contribution: 'x'.repeat(501) }, /500 caractères au plus/],
  ]) {
    res = await send(staff, `${url(id)}/membres`, `${url(id)}/partenaires`, fields);
    assert.ok([409, 422].includes(res.status), `${JSON.stringify(fields).slice(0, 60)} refused (${res.status})`);
    assert.match(errorOf(res.text), message);
  }
  assert.equal(state(id), saved);
  // A member who does not facilitate: 403 and nothing changed.
  assert.equal((await addMember(staff, id, DEMO.trainee, 'member')).status, 303);
  const trainee = await as('trainee');
  await trainee.get(url(id));
  const kept = state(id);
  assert.equal((await trainee.post(`${url(id)}/partenaires`, { organisation: String(library), contribution: '' })).status, 403);
  assert.equal((await trainee.post(`${url(id)}/partenaires/${partner}/retirer`, {})).status, 403);
  assert.equal(state(id), kept);
  // Removal by the facilitator; a partner of another project is not found through this one.
  const other = await create(staff, { communes: '44003' });
  res = await send(staff, `${url(other)}/membres`, `${url(other)}/partenaires/${partner}/retirer`, {});
  assert.equal(res.status, 404);
  res = await send(staff, `${url(id)}/membres`, `${url(id)}/partenaires/${partner}/retirer`, {});
  assert.equal(res.status, 303);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_partners WHERE project_id = ${id}`), 0);
});

test('visibility: members only is 404 for others, network is read by anyone signed in, public shows visitors a summary', async () => {
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003', summary: 'Un projet **discret**.' });
  assert.equal((await addMember(staff, id, DEMO.trainee, 'member')).status, 303);
  const volunteer = await as('volunteer');
  const anonymous = new Client(server.url);
  const admin = await as('administrator');
  // Members only.
  for (const path of [url(id), `${url(id)}/membres`, `${url(id)}/modifier`]) {
    assert.equal((await volunteer.get(path)).status, 404, `${path} for a non-member`);
  }
  assert.equal((await anonymous.get(url(id))).status, 404);
  assert.ok(!(await volunteer.get('/cooperation')).text.includes(`href="${url(id)}"`), 'not listed for a non-member');
  assert.ok(!(await anonymous.get('/cooperation')).text.includes(`href="${url(id)}"`));
  // The administrator reads and facilitates every project.
  const adminHome = await admin.get(url(id));
  assert.equal(adminHome.status, 200);
  assert.match(textOf(adminHome.text), /en tant qu'administratrice ou administrateur/);
  // A member may not change the visibility; a bad value is refused; the facilitator changes it.
  const trainee = await as('trainee');
  await trainee.get(url(id));
  assert.equal((await trainee.post(`${url(id)}/visibilite`, { visibility: 'public' })).status, 403);
  let res = await send(staff, url(id), `${url(id)}/visibilite`, { visibility: 'everyone' });
  assert.equal(res.status, 422);
  assert.match(errorOf(res.text), /Choisissez qui voit le projet/);
  assert.equal(value(`SELECT visibility FROM cooperation_projects WHERE id = ${id}`), 'members');
  res = await send(staff, url(id), `${url(id)}/visibilite`, { visibility: 'network' });
  assert.equal(res.status, 303);
  // Network: read by a signed-in non-member (members included), not by visitors.
  const read = await volunteer.get(url(id));
  assert.equal(read.status, 200);
  assert.match(textOf(read.text), /vous le lisez parce qu'il est partagé avec le réseau/);
  assert.ok(read.text.includes('Stagiaire Paul Guimard'));
  assert.ok(!read.text.includes(`action="${url(id)}/phase"`), 'no facilitator\'s form for a reader');
  assert.equal((await volunteer.get(`${url(id)}/membres`)).status, 200);
  assert.equal((await volunteer.get(`${url(id)}/modifier`)).status, 403);
  assert.equal((await anonymous.get(url(id))).status, 404);
  // Public: visitors read the summary (with its presentation), never the members.
  res = await send(staff, url(id), `${url(id)}/visibilite`, { visibility: 'public' });
  assert.equal(res.status, 303);
  const summary = await anonymous.get(url(id));
  assert.equal(summary.status, 200);
  assert.ok(summary.text.includes('<strong>discret</strong>'));
  assert.ok(!summary.text.includes('Stagiaire Paul Guimard') && !summary.text.includes('C. Boughattas'));
  assert.ok((await anonymous.get('/cooperation')).text.includes(`href="${url(id)}"`));
});

test('phases: the current phase and the dates of each; bad dates are refused and change nothing', async () => {
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003' });
  let res = await send(staff, url(id), `${url(id)}/phase`, { phase: 'design' });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT phase FROM cooperation_projects WHERE id = ${id}`), 'design');
  res = await send(staff, url(id), `${url(id)}/phases`, {
    starts_diagnosis: '2026-01-05', ends_diagnosis: '2026-03-31', starts_design: '2026-04-01', ends_design: '2026-06-30',
    starts_implementation: '', ends_implementation: '', starts_evaluation: '2027-01-01', ends_evaluation: '',
  });
  assert.equal(res.status, 303, errorOf(res.text));
  const home = textOf((await staff.get(url(id))).text);
  assert.match(home, /Diagnostic partagé — terminée du 05\/01\/2026 au 31\/03\/2026/);
  assert.match(home, /Conception — en cours du 01\/04\/2026 au 30\/06\/2026/);
  assert.match(home, /Mise en œuvre — à venir dates à fixer/);
  assert.match(home, /Évaluation — à venir à partir du 01\/01\/2027/);
  const saved = state(id);
  for (const [fields, message] of [
    [{ starts_design: '2026-06-30', ends_design: '2026-04-01' }, /La fin d'une phase ne peut pas précéder son début/],
    [{ starts_design: '2026-02-30' }, /Une des dates n'est pas valide/],
    [{ ends_evaluation: 'demain' }, /Une des dates n'est pas valide/],
  ]) {
    res = await send(staff, url(id), `${url(id)}/phases`, { starts_diagnosis: '2026-01-06', ...fields });
    assert.equal(res.status, 422);
    assert.match(errorOf(res.text), message);
    assert.ok(res.text.includes('aria-invalid="true"'));
  }
  res = await send(staff, url(id), `${url(id)}/phase`, { phase: 'terminé' });
  assert.equal(res.status, 422);
  assert.match(errorOf(res.text), /Cette phase n'existe pas/);
  assert.equal(state(id), saved, 'nothing changed');
  res = await send(staff, url(id), `${url(id)}/phase`, { phase: 'closed' });
  assert.equal(res.status, 303);
  assert.match(textOf((await staff.get(url(id))).text), /Projet clos/);
});

test('a training session links to the project its trainees co-build, shown on its page to who may see the project', async () => {
  const staff = await as('training_staff');
  const sagiterre = count(`SELECT id FROM organisations WHERE name = 'Sagiterre'`);
  const id = await create(staff, { communes: '44003', organisation: String(sagiterre) });
  const edit = await staff.get(`${url(id)}/modifier`);
  const options = [...edit.text.matchAll(/<select id="p-session" name="session"[^>]*>([\s\S]*?)<\/select>/g)][0][1];
  const offered = [...options.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).filter(Boolean);
  const ours = sql(`SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id
    WHERE p.organiser_id = ${sagiterre} AND s.status <> 'cancelled'`).split('\n').map(Number).filter(Boolean);
  assert.ok(ours.length > 0, 'Sagiterre organises sessions in the demo');
  for (const s of ours) assert.ok(offered.includes(s), `session ${s} of Sagiterre is offered`);
  const linked = count(`SELECT training_session_id FROM cooperation_projects WHERE training_session_id <> 0 LIMIT 1`);
  const session = ours.find((s) => s !== linked);
  let res = await send(staff, `${url(id)}/modifier`, `${url(id)}/formation`, { session: String(session) });
  assert.equal(res.status, 303, errorOf(res.text));
  assert.equal(count(`SELECT training_session_id FROM cooperation_projects WHERE id = ${id}`), session);
  // The session's page shows it to a member and to the administrator, not to visitors (members-only project).
  const page = await staff.get(`/formations/sessions/${session}`);
  assert.match(textOf(page.text), /Projet co-construit : Lire ensemble à Ligné/);
  const anonymous = await new Client(server.url).get(`/formations/sessions/${session}`);
  if (anonymous.status === 200) assert.ok(!anonymous.text.includes('Projet co-construit'), 'a members-only project stays hidden');
  // A session already linked to another project, a session one neither manages nor teaches, garbage: refused.
  const saved = state(id);
  if (linked) {
    res = await send(staff, `${url(id)}/modifier`, `${url(id)}/formation`, { session: String(linked) });
    assert.ok([409, 422].includes(res.status));
    assert.match(errorOf(res.text), /déjà liée à un autre projet|Choisissez une session/);
  }
  const trainee = await as('trainee');
  const own = await create(trainee, { communes: '44003' });
  const theirs = await trainee.get(`${url(own)}/modifier`);
  assert.match(textOf(theirs.text), /Aucune session de formation ne vous est proposée/);
  const before = state(own);
  res = await send(trainee, `${url(own)}/modifier`, `${url(own)}/formation`, { session: String(session) });
  assert.equal(res.status, 422);
  assert.match(errorOf(res.text), /Choisissez une session de formation dans la liste/);
  res = await send(trainee, `${url(own)}/modifier`, `${url(own)}/formation`, { session: 'abc' });
  assert.equal(res.status, 422);
  assert.equal(state(own), before);
  assert.equal(state(id), saved);
  // Unlinking.
  res = await send(staff, `${url(id)}/modifier`, `${url(id)}/formation`, { session: '0' });
  assert.equal(res.status, 303);
  assert.equal(count(`SELECT training_session_id FROM cooperation_projects WHERE id = ${id}`), 0);
});

test('the dashboard lists a member\'s projects; the menu offers « Coopération »', async () => {
  const email = `coop.${unique('d').slice(2)}@trame.local`;
  addUser(server, email, 'volunteer', count(`SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'`));
  const person = await as(email);
  let dash = await person.get('/tableau-de-bord');
  assert.ok(!dash.text.includes('Mes projets de coopération'), 'no panel without a project');
  assert.ok(dash.text.includes('<a href="/cooperation">Coopération</a>'), 'the menu has « Coopération »');
  const staff = await as('training_staff');
  const id = await create(staff, { communes: '44003', title: 'Chanter à Oudon' });
  assert.equal((await addMember(staff, id, email, 'observer')).status, 303);
  dash = await person.get('/tableau-de-bord');
  assert.match(textOf(dash.text), /Mes projets de coopération .*Chanter à Oudon/);
  assert.ok(dash.text.includes(`href="${url(id)}"`));
  assert.match(textOf(dash.text), /Observateur ou observatrice — Diagnostic partagé/);
});
