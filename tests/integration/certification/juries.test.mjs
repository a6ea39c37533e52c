// Certification juries (/certifications/sessions/{id}/jury, /certifications/entrees/{id}/grille): the
// Observatoire's staff compose the jury of a session they built over HTTP; a member who trained a
// candidate, shares an organisation with them or declared a conflict does not grade them (the jury
// page says why); validating the jury is refused without a chair and while a candidate has fewer than
// two eligible graders, accepted once fixed; a juror in conflict can neither open nor save that grid
// and sees no grid in the deliberation; grids need a comment unless acquired and every criterion to
// be submitted, are locked once submitted, hidden from a grader until theirs is in, and reopened by
// the chair only, with a reason (audited); the demo's jury member finds candidates to grade.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { CERTIFIER, fixtures, hex, q, textOf } from './jury_fixtures.mjs';

let server;
let f;
let certifier;
let s;  // the session: { id, entries: { k1, k2, k3 }, candidates, jurors }

before(async () => {
  server = await startTrame();
  f = fixtures(server);
  certifier = await f.signIn(CERTIFIER);
});
after(async () => { await server?.stop(); });

const juryUrl = (id) => `/certifications/sessions/${id}/jury`;
const gridUrl = (id) => `/certifications/entrees/${id}/grille`;
const deliberationUrl = (id) => `/certifications/entrees/${id}/deliberation`;
const validatedAt = (id) => Number(f.value(`SELECT jury_validated_at FROM certification_sessions WHERE id = ${id}`));

// The row of the jury page's graders table for a candidate: its cells' texts.
function gradersRow(html, code) {
  const table = html.match(/<table class="graders">([\s\S]*?)<\/table>/);
  assert.ok(table, 'the graders table');
  const row = [...table[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(`>${code}<`));
  assert.ok(row, `a row for ${code}`);
  return [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]).trim());
}

test('conflicts of interest: trained, same organisation, declared; the jury is validated only with a chair and two graders each', async () => {
  // Jurors: accounts of professionals (jury_member of the first organisation of the directory).
  const chair = await f.person('presidente');
  const bea = await f.person('bea');
  const trainer = await f.person('formateur');
  // A juror and a candidate of the same organisation (the Observatoire's neighbour in the directory).
  const org = Number(f.value(`SELECT id FROM organisations WHERE name NOT LIKE 'Département%' ORDER BY id LIMIT 1`));
  const colleague = await f.person('collegue', { organisation: org });
  const employee = await f.person('salariee', { role: 'trainee', organisation: org });

  const k1 = await f.visitorCandidate(certifier, 'Candidate Une');
  const k2 = await f.visitorCandidate(certifier, 'Candidat Deux');
  const k3 = await f.signedInCandidate(certifier, employee);
  // K2 followed a training session whose trainer is `trainer`. Set straight in the database (the
  // trainings routes would take a whole programme, session and application process to get here).
  const training = Number(f.value('SELECT MIN(id) FROM training_sessions'));
  const now = Math.floor(Date.now() / 1000);
  f.value(`INSERT INTO training_applications (session_id, user_id, status, sector, requested_at, created_at, updated_at)
    VALUES (${training}, ${k2.userId}, 'completed', 'cultural', ${now}, ${now}, ${now})`);
  f.value(`INSERT INTO training_session_trainers (session_id, user_id, lead) VALUES (${training}, ${trainer.id}, 0)`);

  const id = await f.session(certifier, `Session jury ${hex()}`);
  const entries = { k1: await f.entry(certifier, id, k1, 0), k2: await f.entry(certifier, id, k2, 1),
    k3: await f.entry(certifier, id, k3, 2) };

  for (const who of [chair, bea, trainer, colleague]) {
    await certifier.get(juryUrl(id));
    const res = await f.addMember(certifier, id, who);
    assert.equal(res.status, 303, `${who.name} added`);
  }
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM certification_jury_members WHERE session_id = ${id}`)), 4);

  // No chair yet: refused, nothing validated.
  let res = await f.post(certifier, `${juryUrl(id)}/valider`);
  assert.equal(res.status, 422, 'no chair: 422');
  assert.ok(textOf(res.text).includes('Désignez d\'abord le président ou la présidente du jury'), 'the message');
  assert.equal(validatedAt(id), 0);

  const chairMember = Number(f.value(`SELECT id FROM certification_jury_members WHERE session_id = ${id} AND user_id = ${chair.id}`));
  res = await f.post(certifier, `/certifications/jures/${chairMember}/president`, { session: id });
  assert.equal(res.status, 303);
  assert.equal(f.value(`SELECT chair FROM certification_jury_members WHERE id = ${chairMember}`), '1');

  // Declared conflicts: by the staff for a member, and by a member for themself (not for another).
  res = await f.post(certifier, `/certifications/sessions/${id}/conflits`,
    { member: chair.id, candidate: k2.id, reason: 'Ancienne collègue de travail', back: 'jury' });
  assert.equal(res.status, 303);
  const before = f.value('SELECT COUNT(*) FROM certification_declared_conflicts');
  res = await f.post(bea.client, `/certifications/sessions/${id}/conflits`,
    { member: chair.id, candidate: k1.id, reason: 'Pour quelqu\'un d\'autre' });
  assert.equal(f.value('SELECT COUNT(*) FROM certification_declared_conflicts'), before, 'a member declares only for themself');
  res = await f.post(bea.client, `/certifications/sessions/${id}/conflits`,
    { candidate: k2.id, reason: 'Voisine et amie du candidat' });
  assert.equal(res.status, 303);
  assert.equal(f.value(`SELECT reason FROM certification_declared_conflicts WHERE registration_id = ${k2.id}
    AND user_id = ${bea.id}`), 'Voisine et amie du candidat');

  // The jury page: who grades whom, and why not.
  const page = await certifier.get(juryUrl(id));
  assert.equal(page.status, 200);
  // Columns: the members by chair first then name: chair, then the others by name.
  const names = f.rows(`SELECT u.name FROM certification_jury_members m JOIN users u ON u.id = m.user_id
    WHERE m.session_id = ${id} ORDER BY m.chair DESC, u.name, m.id`).map((r) => r[0]);
  const col = (who) => names.indexOf(who.name);
  const row1 = gradersRow(page.text, k1.code);
  assert.equal(row1[col(chair)], 'note');
  assert.equal(row1[col(trainer)], 'note', 'the trainer did not train K1');
  assert.ok(row1[names.length].includes('4 correcteurs'));
  const row2 = gradersRow(page.text, k2.code);
  assert.equal(row2[col(trainer)], "l'a formé·e", 'the trainer of K2');
  assert.equal(row2[col(chair)], 'conflit déclaré : Ancienne collègue de travail');
  assert.equal(row2[col(bea)], 'conflit déclaré : Voisine et amie du candidat');
  assert.equal(row2[col(colleague)], 'note');
  assert.ok(row2[names.length].includes('1 correcteur') && row2[names.length].includes('moins de deux'), row2.join(' | '));
  const row3 = gradersRow(page.text, k3.code);
  assert.equal(row3[col(colleague)], 'même structure (employeur)', 'same organisation as K3');
  assert.ok(row3[names.length].includes('3 correcteurs'));

  // K2 has one eligible grader: refused, with the French message, nothing validated.
  res = await f.post(certifier, `${juryUrl(id)}/valider`);
  assert.equal(res.status, 422, 'too few graders: 422');
  const alert = ((res.text.match(/<div class="flash flash-error" role="alert" id="error-summary"><p>([^<]*)<\/p>/) || [])[1] || '')
    .replace(/&apos;/g, "'");
  assert.ok(alert.includes('Le jury ne peut pas être validé : chaque candidat doit avoir au moins deux correcteurs'), alert);
  // The message itself names the candidate, the one grader left and the conflicts that exclude the others.
  assert.ok(alert.includes(`${k2.code} : 1 correcteur (`), alert);
  assert.ok(alert.includes('conflit déclaré : Ancienne collègue de travail') && alert.includes("l'a formé·e"), alert);
  assert.equal(validatedAt(id), 0, 'jury_validated_at unchanged');
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'juries.validated'
    AND subject = 'evaluation_session:${id}'`)), 0);

  // Fixed: one more member, who may grade K2.
  const fifth = await f.person('cinquieme');
  res = await f.addMember(certifier, id, fifth, { kind: 'certifier' });
  assert.equal(res.status, 303);
  res = await f.post(certifier, `${juryUrl(id)}/valider`);
  assert.equal(res.status, 303, 'validated');
  assert.ok(validatedAt(id) > 0, 'jury_validated_at set');
  // Once validated, the composition no longer changes, nor the conflicts (each candidate keeps two graders).
  res = await f.addMember(certifier, id, await f.person('tardif'));
  assert.equal(res.status, 422);
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM certification_jury_members WHERE session_id = ${id}`)), 5);
  const conflicts = f.value('SELECT COUNT(*) FROM certification_declared_conflicts');
  await f.post(certifier, `/certifications/sessions/${id}/conflits`,
    { member: fifth.id, candidate: k2.id, reason: 'Découvert trop tard', back: 'jury' });
  await f.post(fifth.client, `/certifications/sessions/${id}/conflits`, { candidate: k2.id, reason: 'Découvert trop tard' });
  assert.equal(f.value('SELECT COUNT(*) FROM certification_declared_conflicts'), conflicts, 'no conflict declared after validation');

  s = { id, entries, candidates: { k1, k2, k3 }, jurors: { chair, bea, trainer, colleague, fifth } };
});

test('a juror in conflict can neither open nor save that grid, and sees no grid in the deliberation', async () => {
  const { entries, jurors } = s;
  const bs = f.blocks(s.candidates.k2.id);
  const before = f.gridState(entries.k2);
  // The trainer of K2 opens K2's grid: refused with the reason, no form.
  let res = await jurors.trainer.client.get(gridUrl(entries.k2));
  assert.equal(res.status, 403, 'opening the grid: 403');
  assert.ok(textOf(res.text).includes("Conflit d'intérêts : l'a formé·e"), textOf(res.text).slice(0, 300));
  assert.ok(!res.text.includes(`action="${gridUrl(entries.k2)}"`), 'no grid form');
  res = await f.submitGrid(jurors.trainer, entries.k2, bs, f.fullMarks(bs));
  assert.equal(res.status, 403, 'saving: 403');
  res = await f.post(jurors.trainer.client, gridUrl(entries.k2),
    f.gridFields(bs.flatMap((b) => b.criteria), f.fullMarks(bs), 'save'));
  assert.equal(res.status, 403, 'saving a draft: 403');
  assert.equal(f.gridState(entries.k2), before, 'nothing stored');
  // His list says he does not grade K2; he grades K1.
  const mine = textOf((await jurors.trainer.client.get('/certifications/jury')).text);
  assert.ok(mine.includes(`${s.candidates.k2.code} Conflit d'intérêts : ne note pas`), mine);
  assert.ok(mine.includes(`${s.candidates.k1.code} À noter`));

  // The two eligible graders of K2 submit; the members in conflict still see no grid.
  for (const who of [jurors.colleague, jurors.fifth]) {
    res = await f.submitGrid(who, entries.k2, bs, f.fullMarks(bs, { failing: ['BC03'], comment: `Remarque de ${who.name}` }));
    assert.equal(res.status, 303, `${who.name} submits`);
  }
  for (const who of [jurors.trainer, jurors.chair, jurors.bea]) {
    const page = await who.client.get(deliberationUrl(entries.k2));
    assert.equal(page.status, 200);
    const t = textOf(page.text);
    assert.ok(!t.includes(`Remarque de ${jurors.colleague.name}`) && !t.includes(jurors.fifth.name), `${who.name} sees no grid`);
    assert.ok(!page.text.includes('class="side-by-side"'), 'no side-by-side table');
  }
  // A stranger to the session: 404 on the grid and the deliberation.
  const stranger = await f.person('etranger');
  assert.equal((await stranger.client.get(gridUrl(entries.k1))).status, 404);
  assert.equal((await stranger.client.get(deliberationUrl(entries.k1))).status, 404);
});

test('grids: a comment unless acquired, every criterion to submit, locked once submitted, hidden until one\'s own is in', async () => {
  const { entries, jurors } = s;
  const k1 = entries.k1;
  const bs = f.blocks(s.candidates.k1.id);
  const criteria = bs.flatMap((b) => b.criteria);
  const [c1, c2] = criteria;
  const chair = jurors.chair;

  // A mark other than acquired without a comment: 422, nothing stored.
  await chair.client.get(gridUrl(k1));
  let res = await f.post(chair.client, gridUrl(k1), f.gridFields(criteria, { [c1]: ['partly', '  '] }, 'save'));
  assert.equal(res.status, 422);
  assert.ok(textOf(res.text).includes('Un commentaire est requis quand le critère n\'est pas acquis'));
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM certification_grids WHERE entry_id = ${k1}`)), 0, 'no grid stored');

  // A draft, then a submission with a criterion missing: 422, the draft as it was.
  res = await f.post(chair.client, gridUrl(k1),
    f.gridFields(criteria, { [c1]: ['partly', 'Analyse un peu courte'], [c2]: ['acquired', ''] }, 'save'));
  assert.equal(res.status, 303);
  assert.equal(f.value(`SELECT status FROM certification_grids WHERE entry_id = ${k1} AND juror_id = ${chair.id}`), 'draft');
  const draft = f.gridState(k1);
  const most = f.fullMarks(bs);
  delete most[criteria[criteria.length - 1]];
  res = await f.post(chair.client, gridUrl(k1), f.gridFields(criteria, most, 'submit'));
  assert.equal(res.status, 422, 'a criterion missing: 422');
  assert.ok(textOf(res.text).includes('Pour remettre la grille, notez chaque critère'));
  assert.equal(f.gridState(k1), draft, 'the draft unchanged');

  // Another grader submits first, with a comment of their own.
  const secret = `Observation confidentielle ${hex()}`;
  res = await f.submitGrid(jurors.trainer, k1, bs, { ...f.fullMarks(bs), [c1]: ['not_acquired', secret] });
  assert.equal(res.status, 303);
  // The chair, whose grid is a draft, does not see it.
  let page = await chair.client.get(deliberationUrl(k1));
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes("Remettez d'abord votre grille pour voir celles des autres membres"));
  assert.ok(!page.text.includes(secret) && !page.text.includes(jurors.trainer.name), 'the other grid is hidden');

  // Submitted: locked; the others' grids appear, side by side, the disagreement marked.
  res = await f.submitGrid(chair, k1, bs, { ...f.fullMarks(bs), [c1]: ['partly', 'Analyse un peu courte'] });
  assert.equal(res.status, 303);
  assert.equal(f.value(`SELECT status FROM certification_grids WHERE entry_id = ${k1} AND juror_id = ${chair.id}`), 'submitted');
  page = await chair.client.get(deliberationUrl(k1));
  assert.ok(page.text.includes(secret), 'the other grid is visible now');
  assert.ok(textOf(page.text).includes('désaccord'), 'the disagreement is marked');
  const grid = await chair.client.get(gridUrl(k1));
  assert.ok(textOf(grid.text).includes('Grille remise : elle ne se modifie plus'));
  assert.ok(!grid.text.includes('name="action" value="submit"'), 'no submit button');

  // Submitting twice, or saving a draft over it: 409, nothing changed.
  const locked = f.gridState(k1);
  res = await f.submitGrid(chair, k1, bs, f.fullMarks(bs));
  assert.equal(res.status, 409, 'submitted twice: 409');
  res = await f.post(chair.client, gridUrl(k1), f.gridFields(criteria, f.fullMarks(bs), 'save'));
  assert.equal(res.status, 409, 'a draft over a submitted grid: 409');
  assert.equal(f.gridState(k1), locked, 'nothing changed');
});

test('the chair reopens a submitted grid with a reason (audited); nobody else does', async () => {
  const { entries, jurors } = s;
  const k1 = entries.k1;
  const grid = Number(f.value(`SELECT id FROM certification_grids WHERE entry_id = ${k1} AND juror_id = ${jurors.trainer.id}`));
  const before = f.gridState(k1);
  const reopen = (who, reason) => f.post(who.client, `/certifications/grilles/${grid}/rouvrir`, { entry: k1, reason });

  // Another member (who submitted theirs, so sees the grids): 403.
  let res = await reopen(jurors.trainer, 'Je veux corriger');
  assert.equal(res.status, 403, 'a non-chair: 403');
  await jurors.bea.client.get(deliberationUrl(k1));
  res = await reopen(jurors.bea, 'Je veux corriger');
  assert.equal(res.status, 403, 'a member in conflict: 403');
  const stranger = await f.person('curieux');
  res = await reopen(stranger, 'Je veux corriger');
  assert.equal(res.status, 404, 'a stranger: 404');
  // The chair without a reason: 422.
  await jurors.chair.client.get(deliberationUrl(k1));
  res = await reopen(jurors.chair, '   ');
  assert.equal(res.status, 422, 'an empty reason: 422');
  assert.ok(textOf(res.text).includes('Indiquez pourquoi la grille est rouverte'));
  assert.equal(f.gridState(k1), before, 'nothing changed');
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'juries.grid.reopen'`)), 0);

  res = await reopen(jurors.chair, 'Le critère 1 mérite un second regard');
  assert.equal(res.status, 303);
  assert.deepEqual(f.rows(`SELECT status, reopened_reason FROM certification_grids WHERE id = ${grid}`)[0],
    ['draft', 'Le critère 1 mérite un second regard']);
  const audit = f.rows(`SELECT actor_id, detail FROM audit_log WHERE action = 'juries.grid.reopen'`);
  assert.equal(audit.length, 1, 'audited');
  assert.equal(Number(audit[0][0]), jurors.chair.id);
  assert.ok(audit[0][1].includes('Le critère 1 mérite un second regard'));
  // Reopening a draft: 409. Its author sees why, and may correct and submit again.
  res = await reopen(jurors.chair, 'Encore');
  assert.equal(res.status, 409);
  const page = await jurors.trainer.client.get(gridUrl(k1));
  assert.ok(textOf(page.text).includes('Grille rouverte par la présidence du jury : Le critère 1 mérite un second regard'));
  const bs = f.blocks(s.candidates.k1.id);
  res = await f.submitGrid(jurors.trainer, k1, bs, f.fullMarks(bs));
  assert.equal(res.status, 303);
  assert.equal(f.value(`SELECT status FROM certification_grids WHERE id = ${grid}`), 'submitted');
});

test('the demo jury member sees candidates to grade on the dashboard and on /certifications/jury', async () => {
  const jury = new Client(server.url);
  assert.equal((await jury.login(DEMO.jury_member)).status, 303);
  const open = f.rows(`SELECT s.id, s.title FROM certification_sessions s JOIN certification_jury_members m
    ON m.session_id = s.id JOIN users u ON u.id = m.user_id WHERE u.email = ${q(DEMO.jury_member)}
    AND s.status <> 'closed' AND s.jury_validated_at > 0`);
  assert.equal(open.length, 1, 'the open demo session has a validated jury with the demo jury member');
  const codes = f.rows(`SELECT r.code FROM certification_entries e JOIN certification_registrations r
    ON r.id = e.registration_id WHERE e.session_id = ${open[0][0]} ORDER BY e.id`).map((r) => r[0]);
  assert.ok(codes.length > 0, 'the open session has candidates');
  const dashboard = await jury.get('/tableau-de-bord');
  assert.equal(dashboard.status, 200);
  const t = textOf(dashboard.text);
  assert.ok(t.includes('Jurys de certification'), 'the panel');
  assert.ok(t.includes(`Noter le candidat ${codes[0]}`), t.slice(0, 600));
  assert.ok(dashboard.text.includes('href="/certifications/jury"'), 'a link to all the juries');
  const mine = await jury.get('/certifications/jury');
  assert.equal(mine.status, 200);
  for (const code of codes) assert.ok(textOf(mine.text).includes(code), `${code} listed`);
  assert.ok(textOf(mine.text).includes(open[0][1]));
  const entry = Number(f.value(`SELECT e.id FROM certification_entries e JOIN certification_registrations r
    ON r.id = e.registration_id WHERE r.code = ${q(codes[0])}`));
  assert.ok(mine.text.includes(`href="/certifications/entrees/${entry}/grille"`));
  const grid = await jury.get(`/certifications/entrees/${entry}/grille`);
  assert.equal(grid.status, 200);
  assert.ok(grid.text.includes('name="action" value="submit"'), 'the grid can be filled');
  // Someone who sits on no jury has no panel.
  const other = new Client(server.url);
  await other.login(DEMO.trainee);
  assert.ok(!textOf((await other.get('/tableau-de-bord')).text).includes('Jurys de certification'));
});

test('the jury reads the confidential cases from the session day on; nobody else through the jury route', async () => {
  // The demo: the autumn session took place (its day is past), the spring one is to come; the demo
  // jury member sits on both.
  const caseOf = (title) => Number(f.value(`SELECT id FROM certification_cases WHERE title LIKE ${q(`${title}%`)}`));
  const past = caseOf('Cas C');
  const coming = caseOf('Cas A');
  const jury = new Client(server.url);
  assert.equal((await jury.login(DEMO.jury_member)).status, 303);
  let res = await jury.get(`/certifications/jury/cas/${past}`);
  assert.equal(res.status, 200);
  assert.ok(textOf(res.text).includes('Un festival rural'), 'the statement');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal((await jury.get(`/certifications/jury/cas/${coming}`)).status, 404, 'not before the day');
  // The grid of a candidate of the past session lists its cases; the coming one's does not.
  const entryOf = (session) => Number(f.value(`SELECT e.id FROM certification_entries e JOIN certification_sessions s
    ON s.id = e.session_id WHERE s.title = ${q(session)} ORDER BY e.id LIMIT 1`));
  assert.ok((await jury.get(`/certifications/entrees/${entryOf('Session d\'évaluation — automne 2026')}/grille`)).text
    .includes(`/certifications/jury/cas/${past}`));
  assert.ok(!(await jury.get(`/certifications/entrees/${entryOf('Session d\'évaluation — printemps 2027')}/grille`)).text
    .includes('/certifications/jury/cas/'));
  // Not a member of that jury: 404 (the certifier's staff read cases on the session's page).
  for (const who of [DEMO.training_staff, DEMO.trainee, DEMO.administrator]) {
    const c = new Client(server.url);
    assert.equal((await c.login(who)).status, 303, who);
    assert.equal((await c.get(`/certifications/jury/cas/${past}`)).status, 404, who);
  }
});

test('a candidate never grades their own case: refused as a member of their session, in conflict anywhere', async () => {
  const session = await f.session(certifier, `Session sans juge et partie ${hex()}`);
  const juror = await f.person('candidate');
  const registration = await f.signedInCandidate(certifier, juror);
  // Added as a member first, then as a candidate: the jury page says they are the candidate.
  assert.equal((await f.addMember(certifier, session, juror)).status, 303);
  await f.entry(certifier, session, registration, 0);
  const page = textOf((await certifier.get(`/certifications/sessions/${session}/jury`)).text);
  assert.ok(page.includes('est le candidat lui-même'), page.slice(0, 600));
  // A candidate of the session is not added to its jury.
  const other = await f.session(certifier, `Session deux ${hex()}`);
  const second = await f.person('candidat');
  const reg = await f.signedInCandidate(certifier, second);
  await f.entry(certifier, other, reg, 0);
  const before = f.value(`SELECT COUNT(*) FROM certification_jury_members WHERE session_id = ${other}`);
  const res = await f.addMember(certifier, other, second);
  assert.equal(res.status, 422);
  assert.ok(textOf(res.text).includes('est candidate à cette session'), textOf(res.text).slice(0, 400));
  assert.equal(f.value(`SELECT COUNT(*) FROM certification_jury_members WHERE session_id = ${other}`), before);
});
