// Certification deliberation (/certifications/sessions/{id}/deliberation, /certifications/entrees/{id}/
// deliberation) and minutes: decisions wait for every eligible grid (409); each block needs reasons
// (422); only the chair records (403 for another member); one candidate fails BC03 → « Validation
// partielle »; the minutes cannot be made while a block is undecided (409), are made by the chair as
// a PDF listing the jury, the candidates and the decisions with reasons, confirmed by each member
// with their own account (twice: 409), then locked with the session closed and the decisions frozen;
// a non-member gets 404; the partially validated registration comes back in a second session where
// BC01 and BC02 show as already acquired and only BC03 is graded and decided.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { querySql, startTrame } from '../harness.mjs';
import { CERTIFIER, fixtures, hex, pdfText, textOf } from './jury_fixtures.mjs';

let server;
let f;
let certifier;
let s;  // { id, title, p, q, entries: { p, q }, jurors: { chair, bea, carl } }

const sessionUrl = (id) => `/certifications/sessions/${id}/deliberation`;
const entryUrl = (id) => `/certifications/entrees/${id}/deliberation`;

before(async () => {
  server = await startTrame();
  f = fixtures(server);
  certifier = await f.signIn(CERTIFIER);
  const chair = await f.person('presidente');
  const bea = await f.person('bea');
  const carl = await f.person('carl');
  const p = await f.visitorCandidate(certifier, 'Paule Partielle');
  const qq = await f.visitorCandidate(certifier, 'Quentin Complet');
  const title = `Session délibération ${hex()}`;
  const id = await f.session(certifier, title);
  const entries = { p: await f.entry(certifier, id, p, 0), q: await f.entry(certifier, id, qq, 1) };
  await certifier.get(`/certifications/sessions/${id}/jury`);
  assert.equal((await f.addMember(certifier, id, chair, { chair: true })).status, 303);
  assert.equal((await f.addMember(certifier, id, bea)).status, 303);
  assert.equal((await f.addMember(certifier, id, carl, { kind: 'certifier' })).status, 303);
  assert.equal((await f.post(certifier, `/certifications/sessions/${id}/jury/valider`)).status, 303);
  s = { id, title, p, q: qq, entries, jurors: { chair, bea, carl } };
});
after(async () => { await server?.stop(); });

const decisions = (entry) => JSON.stringify(f.rows(`SELECT block_id, validated, reasons, decided_by, decided_at
  FROM certification_block_decisions WHERE entry_id = ${entry} ORDER BY block_id`));

// The decision form: { BC01: ['1', 'reasons'], … } for the blocks given.
function decisionFields(bs, chosen) {
  const out = { block: [] };
  for (const b of bs) {
    if (!(b.code in chosen)) continue;
    out.block.push(b.block);
    out[`validated_${b.block}`] = chosen[b.code][0];
    out[`reasons_${b.block}`] = chosen[b.code][1];
  }
  return out;
}

const REASONS = {
  BC01: 'Analyse du contexte complète et argumentée.',
  BC02: 'Cadre de coopération cohérent avec les acteurs.',
  BC03: 'Le dispositif d\'évaluation reste à construire.',
};

test('decisions wait for every grid, need reasons, and are recorded by the chair only', async () => {
  const { entries, jurors } = s;
  const bs = f.blocks(s.p.id);
  assert.deepEqual(bs.map((b) => b.code), ['BC01', 'BC02', 'BC03']);
  const partial = { BC01: ['1', REASONS.BC01], BC02: ['1', REASONS.BC02], BC03: ['0', REASONS.BC03] };

  // Two grids of three: 409.
  for (const who of [jurors.chair, jurors.bea]) {
    const res = await f.submitGrid(who, entries.p, bs, f.fullMarks(bs, { failing: ['BC03'], comment: `Non acquis selon ${who.name}` }));
    assert.equal(res.status, 303);
  }
  await jurors.chair.client.get(entryUrl(entries.p));
  let res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.p}/decisions`, decisionFields(bs, partial));
  assert.equal(res.status, 409, 'a grid is missing: 409');
  assert.ok(textOf(res.text).includes('Toutes les grilles des correcteurs ne sont pas remises'));
  assert.equal(decisions(entries.p), '[]', 'nothing decided');
  const session = await jurors.chair.client.get(sessionUrl(s.id));
  assert.ok(textOf(session.text).includes('2 sur 3'), 'the progress');

  res = await f.submitGrid(jurors.carl, entries.p, bs, f.fullMarks(bs, { failing: ['BC03'] }));
  assert.equal(res.status, 303);
  // The grids side by side, for the chair.
  const page = await jurors.chair.client.get(entryUrl(entries.p));
  assert.ok(page.text.includes(`Non acquis selon ${jurors.bea.name}`) && page.text.includes(jurors.carl.name));
  assert.ok(page.text.includes('name="validated_'), 'the decision form');

  // Another member: 403, nothing stored.
  await jurors.bea.client.get(entryUrl(entries.p));
  res = await f.post(jurors.bea.client, `/certifications/entrees/${entries.p}/decisions`, decisionFields(bs, partial));
  assert.equal(res.status, 403, 'a member who is not the chair: 403');
  assert.equal(decisions(entries.p), '[]');
  // The chair without the reasons of one block: 422, nothing stored.
  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.p}/decisions`,
    decisionFields(bs, { ...partial, BC02: ['1', '   '] }));
  assert.equal(res.status, 422, 'no reasons: 422');
  assert.ok(textOf(res.text).includes('Motivez la décision de chaque bloc'));
  assert.equal(decisions(entries.p), '[]');
  // Without a choice for a block: 422.
  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.p}/decisions`,
    decisionFields(bs, { BC01: partial.BC01, BC02: partial.BC02 }));
  assert.equal(res.status, 422);
  assert.equal(decisions(entries.p), '[]');

  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.p}/decisions`, decisionFields(bs, partial));
  assert.equal(res.status, 303);
  const stored = f.rows(`SELECT b.code, d.validated, d.reasons FROM certification_block_decisions d
    JOIN certification_blocks b ON b.id = d.block_id WHERE d.entry_id = ${entries.p} ORDER BY b.code`);
  assert.deepEqual(stored, [['BC01', '1', REASONS.BC01], ['BC02', '1', REASONS.BC02], ['BC03', '0', REASONS.BC03]]);
  assert.ok(textOf((await jurors.bea.client.get(sessionUrl(s.id))).text).includes('Validation partielle'),
    'the session says « Validation partielle »');
});

test('the minutes: not while a block is undecided, a PDF made by the chair, confirmed by each member, then locked', async () => {
  const { entries, jurors } = s;
  const bs = f.blocks(s.q.id);
  const makeMinutes = (who) => f.post(who.client, `/certifications/sessions/${s.id}/proces-verbal`);
  const minutesRows = () => Number(f.value(`SELECT COUNT(*) FROM certification_minutes WHERE session_id = ${s.id}`));

  // Q is not decided yet: 409, no minutes.
  await jurors.chair.client.get(sessionUrl(s.id));
  let res = await makeMinutes(jurors.chair);
  assert.equal(res.status, 409, 'a block undecided: 409');
  assert.ok(textOf(res.text).includes("Le procès-verbal s'établit quand chaque bloc de chaque candidat a sa décision"));
  assert.equal(minutesRows(), 0);

  for (const who of Object.values(jurors)) assert.equal((await f.submitGrid(who, entries.q, bs, f.fullMarks(bs))).status, 303);
  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.q}/decisions`, decisionFields(bs,
    { BC01: ['1', 'Acquis pour tous.'], BC02: ['1', 'Acquis pour tous.'], BC03: ['1', 'Évaluation du projet solide.'] }));
  assert.equal(res.status, 303);
  const t = textOf((await jurors.chair.client.get(sessionUrl(s.id))).text);
  assert.ok(t.includes('Certification obtenue') && t.includes('Validation partielle'));

  // A grid reopened after the decisions: the minutes wait until it is submitted again.
  const beaGrid = f.value(`SELECT id FROM certification_grids WHERE entry_id = ${entries.q} AND juror_id = ${jurors.bea.id}`);
  await jurors.chair.client.get(entryUrl(entries.q));
  res = await f.post(jurors.chair.client, `/certifications/grilles/${beaGrid}/rouvrir`,
    { entry: entries.q, reason: 'Un commentaire à préciser' });
  assert.equal(res.status, 303);
  await jurors.chair.client.get(sessionUrl(s.id));
  res = await makeMinutes(jurors.chair);
  assert.equal(res.status, 409, 'a grid reopened: 409');
  assert.ok(textOf(res.text).includes('Toutes les grilles des correcteurs ne sont pas remises'));
  assert.equal(minutesRows(), 0);
  assert.equal((await f.submitGrid(jurors.bea, entries.q, bs, f.fullMarks(bs))).status, 303);

  // A member who is not the chair: 403. A stranger: 404. The chair: made.
  await jurors.bea.client.get(sessionUrl(s.id));
  assert.equal((await makeMinutes(jurors.bea)).status, 403);
  const stranger = await f.person('etranger');
  assert.equal((await makeMinutes(stranger)).status, 404);
  assert.equal(minutesRows(), 0);
  res = await makeMinutes(jurors.chair);
  assert.equal(res.status, 303);
  assert.equal(minutesRows(), 1);
  assert.equal(f.value(`SELECT status FROM certification_sessions WHERE id = ${s.id}`), 'held');

  // The PDF, read back: the jury, the candidates, the decisions with their reasons.
  const pdf = await fetch(`${server.url}/certifications/sessions/${s.id}/proces-verbal.pdf`,
    { headers: { cookie: jurors.bea.client.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(bytes);
  for (const expected of ['Procès-verbal du jury', s.title, jurors.chair.name, jurors.bea.name, jurors.carl.name,
    'président·e', s.p.code, s.p.name, s.q.code, s.q.name, 'Bloc non validé', 'Bloc validé', REASONS.BC01,
    REASONS.BC03, 'Validation partielle', 'Certification obtenue'])
    assert.ok(text.includes(expected), `the minutes say ${expected}: ${text}`);
  // The stored hash is the PDF's.
  const { createHash } = await import('node:crypto');
  assert.equal(f.value(`SELECT sha256 FROM certification_minutes WHERE session_id = ${s.id}`),
    createHash('sha256').update(bytes).digest('hex'));

  // Decisions no longer change once the minutes are made.
  const frozen = decisions(entries.p);
  await jurors.chair.client.get(entryUrl(entries.p));
  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.p}/decisions`, decisionFields(bs,
    { BC01: ['1', 'x'], BC02: ['1', 'x'], BC03: ['1', 'Finalement acquis.'] }));
  assert.ok([409, 422].includes(res.status), `decisions after the minutes: ${res.status}`);
  assert.equal(decisions(entries.p), frozen);

  // A non-member: 404 on the PDF and the confirmation.
  assert.equal((await stranger.client.get(`/certifications/sessions/${s.id}/proces-verbal.pdf`)).status, 404);
  await stranger.client.get('/tableau-de-bord');
  assert.equal((await f.post(stranger.client, `/certifications/sessions/${s.id}/proces-verbal/confirmer`)).status, 404);

  // Each member confirms with their own account; twice is 409.
  const confirm = async (who) => {
    await who.client.get(sessionUrl(s.id));
    return f.post(who.client, `/certifications/sessions/${s.id}/proces-verbal/confirmer`);
  };
  assert.equal((await confirm(jurors.chair)).status, 303);
  res = await confirm(jurors.chair);
  assert.equal(res.status, 409, 'confirmed twice: 409');
  assert.ok(textOf(res.text).includes('Vous avez déjà confirmé ce procès-verbal'));
  assert.equal(Number(f.value(`SELECT COUNT(*) FROM certification_minutes_confirmations WHERE session_id = ${s.id}`)), 1);
  assert.equal(Number(f.value(`SELECT locked_at FROM certification_minutes WHERE session_id = ${s.id}`)), 0);
  assert.equal((await confirm(jurors.bea)).status, 303);
  assert.equal(Number(f.value(`SELECT locked_at FROM certification_minutes WHERE session_id = ${s.id}`)), 0, 'not yet locked');
  assert.equal((await confirm(jurors.carl)).status, 303);
  assert.ok(Number(f.value(`SELECT locked_at FROM certification_minutes WHERE session_id = ${s.id}`)) > 0, 'locked');
  assert.equal(f.value(`SELECT status FROM certification_sessions WHERE id = ${s.id}`), 'closed');
  assert.deepEqual(f.rows(`SELECT user_id FROM certification_minutes_confirmations WHERE session_id = ${s.id} ORDER BY user_id`)
    .map((r) => Number(r[0])), [jurors.chair.id, jurors.bea.id, jurors.carl.id].sort((a, b) => a - b));
  assert.ok(textOf((await jurors.carl.client.get(sessionUrl(s.id))).text).includes('tous les membres du jury l\'ont confirmé'));

  // Locked: decisions, grids and reopening no longer change anything.
  res = await f.post(jurors.chair.client, `/certifications/entrees/${entries.q}/decisions`, decisionFields(bs,
    { BC01: ['0', 'x'], BC02: ['0', 'x'], BC03: ['0', 'x'] }));
  assert.ok([409, 422].includes(res.status), `decisions after the lock: ${res.status}`);
  assert.equal(decisions(entries.p), frozen);
  const grids = f.gridState(entries.q);
  const grid = f.value(`SELECT id FROM certification_grids WHERE entry_id = ${entries.q} ORDER BY id LIMIT 1`);
  res = await f.post(jurors.chair.client, `/certifications/grilles/${grid}/rouvrir`, { entry: entries.q, reason: 'Après coup' });
  assert.ok([409, 422].includes(res.status), `reopening after the lock: ${res.status}`);
  assert.equal(f.gridState(entries.q), grids);
  assert.equal((await confirm(jurors.carl)).status, 409, 'confirming again after the lock: 409');
});

test('the partially validated registration comes back: BC01 and BC02 already acquired, only BC03 graded and decided', async () => {
  const { jurors } = s;
  const title = `Session de rattrapage ${hex()}`;
  const id = await f.session(certifier, title);
  const entry = await f.entry(certifier, id, s.p, 0);
  await certifier.get(`/certifications/sessions/${id}/jury`);
  assert.equal((await f.addMember(certifier, id, jurors.chair, { chair: true })).status, 303);
  assert.equal((await f.addMember(certifier, id, jurors.bea)).status, 303);
  assert.equal((await f.post(certifier, `/certifications/sessions/${id}/jury/valider`)).status, 303);

  const all = f.blocks(s.p.id);
  const bc03 = all.filter((b) => b.code === 'BC03');
  // The grid has BC03's criteria only.
  const grid = await jurors.bea.client.get(`/certifications/entrees/${entry}/grille`);
  assert.equal(grid.status, 200);
  for (const c of bc03[0].criteria) assert.ok(grid.text.includes(`name="mark_${c}"`), `criterion ${c} of BC03`);
  for (const c of all[0].criteria) assert.ok(!grid.text.includes(`name="mark_${c}"`), `no criterion ${c} of BC01`);
  for (const who of [jurors.chair, jurors.bea])
    assert.equal((await f.submitGrid(who, entry, bc03, f.fullMarks(bc03))).status, 303, `${who.name} grades BC03`);

  const page = await jurors.chair.client.get(entryUrl(entry));
  const t = textOf(page.text);
  assert.ok(t.includes(`Bloc déjà acquis (${s.title})`), t.slice(0, 800));
  assert.equal((t.match(/Bloc déjà acquis/g) || []).length, 2, 'BC01 and BC02');
  const asked = [...page.text.matchAll(/name="validated_(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(asked)], [bc03[0].block], 'only BC03 is decided');
  // Acquired blocks last while the certification's registration is valid: with a validity that ends
  // before this session's day (set in the database), nothing is acquired any more and every block is
  // decided again; the real validity is put back.
  const version = f.value(`SELECT r.version_id FROM certification_registrations r JOIN certification_entries e
    ON e.registration_id = r.id WHERE e.id = ${entry}`);
  const validity = f.value(`SELECT validity_end FROM certification_versions WHERE id = ${version}`);
  querySql(server.database, `UPDATE certification_versions SET validity_end = '2001-01-01' WHERE id = ${version}`);
  try {
    const expired = await jurors.chair.client.get(entryUrl(entry));
    assert.equal((textOf(expired.text).match(/Bloc déjà acquis/g) || []).length, 0, 'nothing acquired past the validity');
    assert.equal(new Set([...expired.text.matchAll(/name="validated_(\d+)"/g)].map((m) => m[1])).size, all.length);
  } finally {
    querySql(server.database, `UPDATE certification_versions SET validity_end = '${validity}' WHERE id = ${version}`);
  }
  let res = await f.post(jurors.chair.client, `/certifications/entrees/${entry}/decisions`,
    decisionFields(all, { BC03: ['1', 'Le dispositif d\'évaluation est désormais construit.'] }));
  assert.equal(res.status, 303);
  assert.deepEqual(f.rows(`SELECT b.code, d.validated FROM certification_block_decisions d JOIN certification_blocks b
    ON b.id = d.block_id WHERE d.entry_id = ${entry}`), [['BC03', '1']]);
  assert.ok(textOf((await jurors.chair.client.get(sessionUrl(id))).text).includes('Certification obtenue'));
  // The first session still says what it decided then.
  assert.ok(textOf((await jurors.chair.client.get(sessionUrl(s.id))).text).includes('Validation partielle'));
  // Minutes of the second session: the acquired blocks say so.
  await jurors.chair.client.get(sessionUrl(id));
  res = await f.post(jurors.chair.client, `/certifications/sessions/${id}/proces-verbal`);
  assert.equal(res.status, 303);
  const pdf = await fetch(`${server.url}/certifications/sessions/${id}/proces-verbal.pdf`,
    { headers: { cookie: jurors.chair.client.cookieHeader() } });
  const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
  const squashed = text.replace(/\s+/g, '');
  assert.equal((squashed.match(/Acquisantérieurement/g) || []).length, 2, text);
  assert.ok(text.includes('Certification obtenue') && text.includes(s.title), text);
});
