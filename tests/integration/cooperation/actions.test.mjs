// Actions of a cooperation project (/cooperation/projets/{id}/actions…, docs/cooperation/actions.md): a
// tree of actions with owner, dates, status and progress. Members create and update them (an observer:
// 403, someone outside the project: 404); bad input — no title, due day before the start day, a weight of
// 0, an observer or an unknown account as owner, a parent of another project — is refused in French and
// creates nothing. The owner or a facilitator sets the status and a leaf's progress (another member: 403;
// out of range or a transition the table refuses: 422, nothing changed); a parent's progress is the
// weighted mean of its children's, cancelled ones left out, read here over HTTP after each change. A move
// under the action itself or one of its descendants is refused and leaves parent_id as it was in the
// database; two moves sent together that would make a cycle (A under B, B under A) never both win. Links
// to an outings offer (only for those who see outings), a training session, a meeting of the project (not
// of another) or a free link show on the action; facilitators delete leaves, or a parent with its
// children reattached. The tree page shows the late actions in words, filters late/mine, and paginates
// its roots. The demo's project holds its tree.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, querySql, startTrame } from '../harness.mjs';
import { addMember, assertRefused, createProject, flash, formBody, hex, parisDay, post as postForm, signIn, textOf }
  from './fixtures.mjs';

let server;
const people = {};  // facilitator, member (trainee), coordinator (member), observer, outsider
let project;        // { id, title }
let other;          // another project of the facilitator's, { id }

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const treeUrl = (id) => `/cooperation/projets/${id}/actions`;
const actionUrl = (id, action) => `${treeUrl(id)}/${action}`;
// A form posted after reading its page; a page the person may not read gives no token: the tree's is read.
const post = (client, page, url, fields) => postForm(client, page, url, fields, { fallback: () => treeUrl(project.id) });

const userId = (email) => Number(value(`SELECT id FROM users WHERE email = '${email}'`));
const actionRow = (id) => sql(`SELECT project_id, parent_id, decision_id, title, description, status, progress, weight,
  owner_id, starts_on, due_on, done_on FROM cooperation_actions WHERE id = ${id}`);
const parentOf = (id) => Number(value(`SELECT parent_id FROM cooperation_actions WHERE id = ${id}`));
const countActions = () => Number(value('SELECT COUNT(*) FROM cooperation_actions'));
const projectState = (id) => sql(`SELECT id, parent_id, title, status, progress, weight, owner_id, starts_on, due_on, done_on
  FROM cooperation_actions WHERE project_id = ${id} ORDER BY id`) + '\n--\n' +
  sql(`SELECT l.id, l.action_id, l.kind, l.target_id, l.label, l.url FROM cooperation_action_links l
  JOIN cooperation_actions a ON a.id = l.action_id WHERE a.project_id = ${id} ORDER BY l.id`);

// An action created by `client` in the test project: its id.
async function create(client, fields, projectId = project.id) {
  const res = await post(client, `${treeUrl(projectId)}/nouvelle`, treeUrl(projectId),
    { title: `Action ${hex()}`, description: '', owner: '0', parent: '0', starts_on: '', due_on: '', weight: '1', ...fields });
  assert.equal(res.status, 303, `action created: ${flash(res.text)}`);
  const m = res.location.match(/\/actions\/(\d+)$/);
  assert.ok(m, `redirected to the action: ${res.location}`);
  return Number(m[1]);
}

const setStatus = (client, id, status, progress) => post(client, actionUrl(project.id, id), `${actionUrl(project.id, id)}/statut`,
  progress === undefined ? { status } : { status, progress: String(progress) });
const move = (client, id, parent) => post(client, actionUrl(project.id, id), `${actionUrl(project.id, id)}/deplacer`, { parent: String(parent) });

// The progress an action's page shows, as text ("40 %") and in its <progress> element.
async function shownProgress(client, id) {
  const res = await client.get(actionUrl(project.id, id));
  assert.equal(res.status, 200);
  const text = Number((res.text.match(/id="progress-value">(\d+) %</) || [])[1]);
  const bar = Number((res.text.match(/<progress max="100" value="(\d+)"/) || [])[1]);
  assert.equal(text, bar, 'the text and the <progress> agree');
  return text;
}

before(async () => {
  server = await startTrame();
  people.facilitator = await signIn(server, DEMO.training_staff);
  people.member = await signIn(server, DEMO.trainee);
  people.coordinator = await signIn(server, DEMO.coordinator);
  people.observer = await signIn(server, DEMO.jury_member);
  people.outsider = await signIn(server, DEMO.partner_staff);
  project = await createProject(people.facilitator, `Actions de test ${hex()}`);
  await addMember(people.facilitator, project.id, DEMO.trainee, 'member');
  await addMember(people.facilitator, project.id, DEMO.coordinator, 'member');
  await addMember(people.facilitator, project.id, DEMO.jury_member, 'observer');
  other = await createProject(people.facilitator, `Autre projet ${hex()}`);
});

after(async () => { await server?.stop(); });

test('the demo project holds an action tree: some done, one late in words, one linked to the theatre offer', async () => {
  const demo = Number(value("SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'"));
  assert.ok(demo, 'the demo project');
  const rows = sql(`SELECT title, status, parent_id FROM cooperation_actions WHERE project_id = ${demo} ORDER BY id`);
  for (const title of ['Programmer des spectacles intergénérationnels', 'Lectures partagées en médiathèque',
    'Atelier chant avec Musique et Danse en Loire-Atlantique', 'Sorties au Théâtre Quartier Libre']) {
    assert.ok(rows.includes(title), `${title} in the demo`);
  }
  assert.ok(Number(value(`SELECT COUNT(*) FROM cooperation_actions WHERE project_id = ${demo} AND status = 'done'`)) >= 1);
  const link = sql(`SELECT l.kind, l.label FROM cooperation_action_links l JOIN cooperation_actions a ON a.id = l.action_id
    WHERE a.project_id = ${demo} AND a.title = 'Sorties au Théâtre Quartier Libre'`);
  assert.match(link, /^offer\|/, 'the outings action is linked to an offer');
  const page = await people.facilitator.get(treeUrl(demo));
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.ok(text.includes('Programmer des spectacles intergénérationnels'));
  assert.ok(text.includes('En retard'), 'a late action is flagged in words');
  assert.match(page.text, /<progress max="100" value="\d+" aria-labelledby="progress-\d+">/);
  // Idempotent: loading the demo again adds nothing.
  const before = countActions();
  const { runTrame } = await import('../harness.mjs');
  const r = runTrame(['demo', '--database', server.database]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(countActions(), before);
});

test('members create actions; observers and outsiders cannot; bad input is refused in French and creates nothing', async () => {
  const root = await create(people.member, { title: 'Lectures partagées', starts_on: parisDay(-5), due_on: parisDay(30) });
  const row = actionRow(root).split('|');
  assert.equal(Number(row[0]), project.id);
  assert.equal(row[5], 'planned');
  assert.equal(Number(row[8]), userId(DEMO.trainee), 'the creator owns it by default');

  const foreign = await create(people.facilitator, { title: 'Ailleurs' }, other.id);
  const n = countActions();
  const page = treeUrl(project.id);
  const base = { title: 'Une action', description: '', owner: '0', parent: '0', starts_on: '', due_on: '', weight: '1' };
  assertRefused(await post(people.observer, page, page, base), 403, null, 'an observer creates');
  assertRefused(await post(people.outsider, page, page, base), 404, null, 'someone outside the project creates');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, title: '  ' }), 422,
    'Donnez un intitulé à l\'action', 'no title');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, starts_on: parisDay(10), due_on: parisDay(2) }), 422,
    'L\'échéance ne peut pas précéder la date de début', 'due before start');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, starts_on: '2026-02-31' }), 422,
    'Indiquez une date valide', 'a day that does not exist');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, weight: '0' }), 422,
    'Le poids doit être un nombre entier de 1 à 100', 'weight 0');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, weight: 'lourd' }), 422,
    'Le poids doit être un nombre entier de 1 à 100', 'a weight that is not a number');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, owner: String(userId(DEMO.jury_member)) }), 422,
    'Choisissez comme responsable un animateur ou un membre du projet', 'an observer as owner');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, owner: '987654321' }), 422,
    'Choisissez comme responsable un animateur ou un membre du projet', 'an unknown owner');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, owner: String(userId(DEMO.partner_staff)) }), 422,
    'Choisissez comme responsable', 'someone outside the project as owner');
  assertRefused(await post(people.member, `${page}/nouvelle`, page, { ...base, parent: String(foreign) }), 422,
    'L\'action parente choisie n\'existe pas dans ce projet', 'a parent of another project');
  assert.equal(countActions(), n, 'nothing created by the refusals');
  // The outsider does not see the tree nor the action.
  assert.equal((await people.outsider.get(page)).status, 404);
  assert.equal((await people.outsider.get(actionUrl(project.id, root))).status, 404);
  // An action id of another project answers 404 here.
  assert.equal((await people.facilitator.get(actionUrl(project.id, foreign))).status, 404);
  // The observer reads, without the forms.
  const seen = await people.observer.get(page);
  assert.equal(seen.status, 200);
  assert.ok(textOf(seen.text).includes('Lectures partagées'));
  assert.ok(!seen.text.includes(`${page}/nouvelle`), 'no "new action" link for an observer');
  assert.equal((await people.observer.get(`${page}/nouvelle`)).status, 403);
});

test('a parent\'s progress is the weighted mean of its children\'s, cancelled ones left out, read over HTTP', async () => {
  const parent = await create(people.facilitator, { title: 'Programmer des spectacles' });
  const first = await create(people.member, { title: 'Lectures', parent: String(parent), weight: '1' });
  const second = await create(people.coordinator, { title: 'Atelier chant', parent: String(parent), weight: '3' });
  assert.equal(await shownProgress(people.observer, parent), 0);

  assert.equal((await setStatus(people.member, first, 'in_progress', 100)).status, 303);
  assert.equal((await setStatus(people.coordinator, second, 'in_progress', 20)).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 40, '(100×1 + 20×3) / 4');
  assert.equal((await setStatus(people.coordinator, second, 'in_progress', 60)).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 70, '(100×1 + 60×3) / 4');
  // A grandchild: the second child becomes a parent, its progress its child's.
  const grandchild = await create(people.coordinator, { title: 'Répétitions', parent: String(second) });
  assert.equal((await setStatus(people.facilitator, grandchild, 'in_progress', 0)).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 25, '(100×1 + 0×3) / 4');
  assert.equal((await setStatus(people.facilitator, grandchild, 'done')).status, 303);
  assert.equal(Number(value(`SELECT progress FROM cooperation_actions WHERE id = ${grandchild}`)), 100, 'done is 100');
  assert.equal(value(`SELECT done_on FROM cooperation_actions WHERE id = ${grandchild}`), parisDay(0));
  assert.equal(await shownProgress(people.observer, parent), 100);
  // Cancelling the second child leaves it out.
  assert.equal((await setStatus(people.member, first, 'in_progress', 50)).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 88, '(50×1 + 100×3) / 4 = 87.5');
  assert.equal((await setStatus(people.coordinator, second, 'cancelled')).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 50);
  // A parent's own progress is its children's: the field is not on its form, a value sent is ignored.
  assert.equal((await setStatus(people.facilitator, parent, 'in_progress', 5)).status, 303);
  assert.equal(await shownProgress(people.observer, parent), 50);

  // Who: another member (not the owner) and an observer are refused; nothing changes.
  const state = projectState(project.id);
  assertRefused(await setStatus(people.coordinator, first, 'in_progress', 90), 403, null, 'a member who does not own it');
  assertRefused(await setStatus(people.observer, first, 'in_progress', 90), 403, null, 'an observer');
  assertRefused(await setStatus(people.outsider, first, 'in_progress', 90), 404, null, 'an outsider');
  // Bad input: out of range, not a number, an unknown status, a transition the table refuses.
  assertRefused(await setStatus(people.member, first, 'in_progress', 101), 422, 'L\'avancement doit être un nombre entier de 0 à 100', '101');
  assertRefused(await setStatus(people.member, first, 'in_progress', -1), 422, 'L\'avancement doit être un nombre entier de 0 à 100', '-1');
  assertRefused(await setStatus(people.member, first, 'in_progress', 'moitié'), 422, 'L\'avancement doit être', 'not a number');
  assertRefused(await setStatus(people.member, first, 'archived', 10), 422, 'Choisissez un statut dans la liste', 'unknown status');
  assertRefused(await setStatus(people.coordinator, second, 'done'), 422, 'Une action annulée ne peut que repasser « Prévue »',
    'cancelled → done');
  assert.equal(projectState(project.id), state, 'nothing changed by the refusals');
});

test('a move that would make a cycle is refused and leaves parent_id unchanged; the edit form refuses it too', async () => {
  const top = await create(people.facilitator, { title: 'Recueillir la parole' });
  const middle = await create(people.member, { title: 'Portraits sonores', parent: String(top) });
  const bottom = await create(people.member, { title: 'Entretiens', parent: String(middle) });
  const state = projectState(project.id);
  for (const [target, label] of [[top, 'itself'], [middle, 'its child'], [bottom, 'its grandchild']]) {
    const res = await move(people.member, top, target);
    assertRefused(res, 422, 'Cette action ne peut pas être placée sous elle-même ni sous l\'une de ses sous-actions', `under ${label}`);
    assert.equal(parentOf(top), 0, `parent_id unchanged (${label})`);
  }
  const edit = await post(people.member, `${actionUrl(project.id, middle)}/modifier`, actionUrl(project.id, middle), {
    title: 'Portraits sonores', description: '', owner: '0', parent: String(bottom), starts_on: '', due_on: '', weight: '1' });
  assertRefused(edit, 422, 'ne peut pas être placée sous elle-même', 'the edit form');
  assert.equal(parentOf(middle), top);
  assertRefused(await move(people.member, middle, 987654321), 422, 'L\'action parente choisie n\'existe pas', 'an unknown parent');
  assertRefused(await move(people.observer, middle, 0), 403, null, 'an observer moves');
  assert.equal(projectState(project.id), state, 'nothing changed');
  // A legal move: the bottom goes up to the top.
  assert.equal((await move(people.member, bottom, top)).status, 303);
  assert.equal(parentOf(bottom), top);
  assert.equal((await move(people.member, bottom, 0)).status, 303);
  assert.equal(parentOf(bottom), 0);
});

test('two moves sent together that would make a cycle: at most one wins, never a cycle in the database', async () => {
  for (let round = 0; round < 6; round++) {
    const a = await create(people.facilitator, { title: `A ${round}` });
    const b = await create(people.member, { title: `B ${round}` });
    // Both pages read first (tokens), then the two POSTs at once.
    await people.facilitator.get(actionUrl(project.id, a));
    await people.member.get(actionUrl(project.id, b));
    const send = (client, id, parent) => client.request('POST', `${actionUrl(project.id, id)}/deplacer`, {
      body: formBody({ _csrf: client.csrf, _submission: `s-${hex()}${hex()}`, parent: String(parent) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const [ra, rb] = await Promise.all([send(people.facilitator, a, b), send(people.member, b, a)]);
    const wins = [ra, rb].filter((r) => r.status === 303).length;
    assert.ok(wins <= 1, `round ${round}: at most one wins (${ra.status}, ${rb.status})`);
    assert.equal(wins, 1, `round ${round}: one of them wins (${ra.status} ${flash(ra.text)}, ${rb.status} ${flash(rb.text)})`);
    for (const r of [ra, rb]) if (r.status !== 303) assertRefused(r, 422, 'ne peut pas être placée sous elle-même', 'the loser');
    const pa = parentOf(a);
    const pb = parentOf(b);
    assert.ok(!(pa === b && pb === a), `round ${round}: no cycle (${pa}, ${pb})`);
    assert.ok((pa === b && pb === 0) || (pb === a && pa === 0), `round ${round}: exactly the winner's move`);
  }
});

test('links: an offer for those who see outings, a training session, a free link; shown on the action', async () => {
  const id = await create(people.coordinator, { title: 'Sorties au théâtre' });
  const page = actionUrl(project.id, id);
  const offer = Number(value("SELECT id FROM outing_offers WHERE status = 'published' ORDER BY id LIMIT 1"));
  const offerTitle = value(`SELECT title FROM outing_offers WHERE id = ${offer}`);
  const session = Number(value(`SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id
    WHERE p.status = 'published' AND s.status <> 'cancelled' ORDER BY s.id LIMIT 1`));
  const draft = value("SELECT id FROM outing_offers WHERE status <> 'published' ORDER BY id LIMIT 1");
  // The coordinator browses outings: the offer is in their list and links.
  const form1 = await people.coordinator.get(page);
  assert.ok(form1.text.includes(`value="offer:${offer}"`), 'the offer is offered');
  assert.equal((await post(people.coordinator, page, `${page}/liens`, { target: `offer:${offer}` })).status, 303);
  // The facilitator (training staff) does not see outings: no offer in the list, and refused if sent.
  const form2 = await people.facilitator.get(page);
  assert.ok(!form2.text.includes('value="offer:'), 'no offer for someone who does not browse outings');
  assert.ok(form2.text.includes(`value="session:${session}"`), 'the session is offered');
  const state = projectState(project.id);
  assertRefused(await post(people.facilitator, page, `${page}/liens`, { target: `offer:${offer}` }), 422,
    'ne peut pas être liée', 'an offer by someone who does not see outings');
  if (draft) assertRefused(await post(people.coordinator, page, `${page}/liens`, { target: `offer:${draft}` }), 422,
    'ne peut pas être liée', 'an unpublished offer');
  assertRefused(await post(people.coordinator, page, `${page}/liens`, { target: `offer:${offer}` }), 422,
    'Ce lien est déjà sur l\'action', 'twice');
  assertRefused(await post(people.coordinator, page, `${page}/liens`, { kind: 'url', label: 'Programme', url: 'javascript:alert(1)' }), 422,
    'Indiquez une adresse web complète', 'a URL that is not http(s)');
  assertRefused(await post(people.coordinator, page, `${page}/liens`, { kind: 'url', label: ' ', url: 'https://exemple.org' }), 422,
    'Donnez un texte au lien', 'a link without text');
  assertRefused(await post(people.observer, page, `${page}/liens`, { target: `session:${session}` }), 403, null, 'an observer');
  assert.equal(projectState(project.id), state, 'nothing linked by the refusals');
  assert.equal((await post(people.facilitator, page, `${page}/liens`, { target: `session:${session}` })).status, 303);
  // A meeting of the project (meetings module), planned by its facilitator, is offered and links.
  const when = (days, hour) => `${parisDay(days)}T${hour}`;
  const meetingRes = await post(people.facilitator, `/cooperation/projets/${project.id}/reunions`, `/cooperation/projets/${project.id}/reunions`, {
    title: 'Comité de suivi des actions', starts: when(20, '14:00'), ends: when(20, '16:00'), place: 'Médiathèque d\'Ancenis',
    video_url: '', agenda_title: 'Point sur les actions', agenda_duration: '30' });
  assert.equal(meetingRes.status, 303, `meeting planned: ${flash(meetingRes.text)}`);
  const meeting = Number(meetingRes.location.match(/\/reunions\/(\d+)$/)[1]);
  assert.ok((await people.member.get(page)).text.includes(`value="meeting:${meeting}"`), 'the project\'s meeting is offered');
  const otherMeeting = await post(people.facilitator, `/cooperation/projets/${other.id}/reunions`, `/cooperation/projets/${other.id}/reunions`, {
    title: 'Réunion d\'un autre projet', starts: when(21, '10:00'), ends: when(21, '11:00'), place: 'Ligné',
    video_url: '', agenda_title: 'Ordre du jour', agenda_duration: '30' });
  assert.equal(otherMeeting.status, 303);
  const foreignMeeting = Number(otherMeeting.location.match(/\/reunions\/(\d+)$/)[1]);
  assertRefused(await post(people.member, page, `${page}/liens`, { target: `meeting:${foreignMeeting}` }), 422,
    'ne peut pas être liée', 'a meeting of another project');
  assert.equal((await post(people.member, page, `${page}/liens`, { target: `meeting:${meeting}` })).status, 303);
  assert.equal((await post(people.member, page, `${page}/liens`, { kind: 'url', label: 'Dossier du spectacle', url: 'https://exemple.org/dossier' })).status, 303);
  const shown = await people.observer.get(page);
  assert.ok(shown.text.includes(`href="/sorties/offres/${offer}"`));
  assert.ok(textOf(shown.text).includes(offerTitle));
  assert.ok(shown.text.includes(`href="/formations/sessions/${session}"`));
  assert.ok(shown.text.includes('href="https://exemple.org/dossier"'));
  assert.ok(shown.text.includes(`href="/cooperation/projets/${project.id}/reunions/${meeting}"`));
  assert.ok(textOf(shown.text).includes('Comité de suivi des actions'));
  assert.ok(!shown.text.includes('/retirer"'), 'an observer has no remove button');
  // Removing a link.
  const link = Number(value(`SELECT id FROM cooperation_action_links WHERE action_id = ${id} AND kind = 'url'`));
  assert.equal((await post(people.member, page, `${page}/liens/${link}/retirer`, {})).status, 303);
  assert.equal(Number(value(`SELECT COUNT(*) FROM cooperation_action_links WHERE action_id = ${id}`)), 3);
  // The tree shows the links too (the coordinator's own actions: on the first page).
  const tree = await people.coordinator.get(`${treeUrl(project.id)}?miennes=1`);
  assert.ok(textOf(tree.text).includes('Sorties au théâtre'));
  assert.ok(tree.text.includes(`href="/sorties/offres/${offer}"`));
});

test('facilitators delete a leaf, or a parent with its children reattached; nobody else', async () => {
  const top = await create(people.facilitator, { title: 'Restitution' });
  const mid = await create(people.member, { title: 'Soirée d\'écoute', parent: String(top) });
  const leaf = await create(people.member, { title: 'Affiche', parent: String(mid) });
  const state = projectState(project.id);
  const del = (client, id, fields = {}) => post(client, actionUrl(project.id, id), `${actionUrl(project.id, id)}/supprimer`, fields);
  assertRefused(await del(people.member, leaf), 403, null, 'a member deletes');
  assertRefused(await del(people.observer, leaf), 403, null, 'an observer deletes');
  assertRefused(await del(people.facilitator, mid), 422, 'Cette action a des sous-actions', 'a parent without reattach');
  assert.equal(projectState(project.id), state, 'nothing deleted');
  assert.equal((await del(people.facilitator, mid, { reattach: '1' })).status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_actions WHERE id = ${mid}`), '0');
  assert.equal(parentOf(leaf), top, 'its child went one level up');
  assert.equal((await del(people.facilitator, leaf)).status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM cooperation_actions WHERE id = ${leaf}`), '0');
});

test('the tree page: late actions in words, filters late and mine, nested lists, roots paginated', async () => {
  const late = await create(people.member, { title: 'Portraits en retard', starts_on: parisDay(-30), due_on: parisDay(-2) });
  const parent = await create(people.member, { title: 'Parent de stagiaire' });
  await create(people.coordinator, { title: 'Enfant de coordination', parent: String(parent) });
  const page = await people.observer.get(treeUrl(project.id));
  assert.equal(page.status, 200);
  const item = page.text.slice(page.text.indexOf(`data-action-id="${late}"`));
  assert.ok(textOf(item.slice(0, item.indexOf('</p>', item.indexOf('action-facts')) + 4)).includes('En retard'), 'the late action says so');
  assert.match(page.text, /<ul class="action-tree">[\s\S]*<li class="action-item[^"]*" data-action-id="\d+">[\s\S]*<ul>/, 'nested lists');
  const tree = page.text.slice(page.text.indexOf('<ul class="action-tree">'), page.text.indexOf('</section>', page.text.indexOf('<ul class="action-tree">')));
  assert.equal((tree.match(/<ul/g) || []).length, (tree.match(/<\/ul>/g) || []).length, 'every list closed');
  assert.equal((tree.match(/<li/g) || []).length, (tree.match(/<\/li>/g) || []).length, 'every item closed');

  const lateOnly = await people.observer.get(`${treeUrl(project.id)}?retard=1`);
  const lateText = textOf(lateOnly.text);
  assert.ok(lateText.includes('Portraits en retard'));
  assert.ok(!lateText.includes('Parent de stagiaire'), 'not late: filtered out');

  const mine = await people.coordinator.get(`${treeUrl(project.id)}?miennes=1`);
  const mineText = textOf(mine.text);
  assert.ok(mineText.includes('Enfant de coordination'));
  assert.ok(mineText.includes('Parent de stagiaire'), 'the parent of a matching action is shown for context');
  assert.ok(!mineText.includes('Portraits en retard'), 'another member\'s action is filtered out');
  assert.ok(!mineText.includes('Restitution'), 'the facilitator\'s own actions are filtered out');

  // Enough roots for two pages of ten.
  const roots = Number(value(`SELECT COUNT(*) FROM cooperation_actions WHERE project_id = ${project.id} AND parent_id = 0`));
  for (let i = roots; i < 12; i++) await create(people.member, { title: `Racine ${i}` });
  const first = await people.observer.get(treeUrl(project.id));
  assert.ok(first.text.includes('rel="next"'), 'a next page');
  const second = await people.observer.get(`${treeUrl(project.id)}?page=2`);
  assert.equal(second.status, 200);
  assert.ok(second.text.includes('rel="prev"'));
  const ids = (html) => [...html.matchAll(/data-action-id="(\d+)"/g)].map((m) => m[1]);
  assert.ok(ids(second.text).length > 0);
  assert.ok(!ids(second.text).some((x) => ids(first.text).includes(x)), 'the pages do not overlap');
});
