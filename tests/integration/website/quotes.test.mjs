// The public site's quotes (/admin/citations, docs/website.md « Quotes »): no quote without a consent
// (its day and how it was given; refused in French with nothing changed), a withdrawn consent hides the
// quote at once (the programme's public page no longer shows it) and keeps it for the record, a consented
// outing quote is picked once (author « Une personne accompagnée par <relais> », never the person's code)
// while a non-consented one is refused, the communication role edits and a coordinator may not, and the
// list paginates. The outing's feedback is written straight into the database (an outing in the past
// cannot be booked over HTTP); every row the test counts is one it made.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, startTrame } from '../harness.mjs';
import { flashError, signIn, unique } from '../bookings_fixtures.mjs';
import { answerAll, createCampaign, createInvitation, createQuestionnaire } from '../questionnaire_fixtures.mjs';

const COMMUNICATION = 'communication@loire-atlantique.local';
const DEMO_PASSWORD = 'trame-demo-2026';

let server;
let communication;
const sql = (q) => querySql(server.database, q);
const esc = (s) => s.replace(/'/g, "''");
const count = (where) => Number(sql(`SELECT COUNT(*) FROM quotes WHERE ${where}`));
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

before(async () => {
  server = await startTrame();
  communication = await signIn(server, COMMUNICATION, DEMO_PASSWORD);
});
after(async () => { await server?.stop(); });

async function create(c, fields) {
  await c.get('/admin/citations/nouvelle');
  return c.post('/admin/citations', { _submission: unique('s'), ...fields });
}

function valid(extra = {}) {
  return {
    text: `Une parole ${unique('q')}`, author: 'Une bibliothécaire, Pays d\'Ancenis', consent_on: '2025-03-12',
    consent_how: 'oral, enregistré par la chargée de mission', page_slug: '', programme: '0', position: '', ...extra,
  };
}

async function act(c, id, action) {
  await c.get(`/admin/citations/${id}`);
  return c.post(`/admin/citations/${id}/${action}`, { _submission: unique('s') });
}

test('a quote needs its consent: refused in French without its date or how, nothing changed', async () => {
  const slug = unique('fiche').toLowerCase();
  for (const [field, message] of [['consent_on', /date à laquelle la personne a accepté/], ['consent_how', /comment le consentement a été donné/]]) {
    const res = await create(communication, valid({ page_slug: slug, [field]: '' }));
    assert.equal(res.status, 422, field);
    assert.match(flashError(res.text), message);
    assert.match(res.text, new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
  }
  const future = await create(communication, valid({ page_slug: slug, consent_on: '2099-01-01' }));
  assert.equal(future.status, 422);
  assert.match(flashError(future.text), /futur/);
  const long = await create(communication, valid({ page_slug: slug, text: 'é'.repeat(601) }));
  assert.equal(long.status, 422);
  assert.match(flashError(long.text), /600 caractères/);
  const badSlug = await create(communication, valid({ page_slug: 'Page Édito' }));
  assert.equal(badSlug.status, 422);
  assert.equal(count(`page_slug = '${slug}'`), 0);
  // The database itself refuses a published quote without a consent.
  const direct = sql(`SELECT COUNT(*) FROM quotes`);
  assert.throws(() => sql(`INSERT INTO quotes (text, author, published, created_at, updated_at) VALUES ('x', 'y', 1, 0, 0)`));
  assert.equal(sql(`SELECT COUNT(*) FROM quotes`), direct);

  const ok = await create(communication, valid({ page_slug: slug, text: 'é'.repeat(600) }));
  assert.equal(ok.status, 303, flashError(ok.text));
  assert.match(ok.location, /^\/admin\/citations\/\d+$/);
  assert.equal(count(`page_slug = '${slug}' AND published = 0 AND consent_on = '2025-03-12'`), 1);
});

test('published on the programme page, then a withdrawn consent hides it at once and keeps it for the record', async () => {
  const programme = sql("SELECT MIN(id) FROM training_programmes WHERE title = 'Formation-action culture/social'");
  assert.ok(Number(programme) > 0, 'the demo programme exists');
  const words = `Nous avons appris à travailler ensemble ${unique('w')}`;
  const res = await create(communication, valid({ text: words, programme }));
  assert.equal(res.status, 303, flashError(res.text));
  const id = res.location.match(/(\d+)$/)[1];
  const page = `/formations/programmes/${programme}`;
  const visitor = new Client(server.url);  // the programme's public page
  const before = await visitor.get(page);
  assert.equal(before.status, 200);
  assert.ok(!text(before.text).includes(words), 'a draft is not shown');

  assert.equal((await act(communication, id, 'publier')).status, 303);
  assert.equal(count(`id = ${id} AND published = 1`), 1);
  assert.ok(text((await visitor.get(page)).text).includes(words), 'published: shown on the programme page');

  const withdrawn = await act(communication, id, 'retirer');
  assert.equal(withdrawn.status, 303);
  assert.equal(count(`id = ${id} AND withdrawn_at <> 0 AND published = 0`), 1, 'kept for the record');
  assert.ok(!text((await visitor.get(page)).text).includes(words), 'withdrawn: hidden at once');
  const record = await communication.get(`/admin/citations?statut=withdrawn&programme=${programme}`);
  assert.ok(text(record.text).includes(words), 'listed among the withdrawn ones');

  const rows = sql(`SELECT text, published, withdrawn_at FROM quotes WHERE id = ${id}`);
  const again = await act(communication, id, 'publier');
  assert.equal(again.status, 303);
  assert.match(flashError((await communication.get(again.location)).text), /consentement de cette citation a été retiré/);
  const edit = await communication.post(`/admin/citations/${id}`, { _submission: unique('s'), ...valid({ text: 'autre' }) });
  assert.equal(edit.status, 409);
  assert.equal(sql(`SELECT text, published, withdrawn_at FROM quotes WHERE id = ${id}`), rows, 'nothing changed');
  const audit = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE subject = 'quote:${id}' AND action IN ('quote.created', 'quote.published', 'quote.consent_withdrawn')`));
  assert.equal(audit, 3);
});

// A used booking of a fresh relais and a beneficiary, with the referent's feedback.
function outingFeedback({ consent, quote }) {
  const relais = unique('Relais citations');
  const relaisId = sql(`INSERT INTO organisations (name, kind, status, created_at) VALUES ('${esc(relais)}', 'social', 'active', 0) RETURNING id`);
  const slot = sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES ((SELECT MIN(id) FROM outing_offers), 1735725600, 50, 0, 0, 0, 0, 0) RETURNING id`);
  const code = unique('P');
  const person = sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, in_qpv, created_at, updated_at) VALUES ('${code}', ${relaisId}, (SELECT MIN(id) FROM users), '26-59', 0, 0, 0) RETURNING id`);
  const booking = sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('B')}', ${slot}, ${person}, ${relaisId}, (SELECT MIN(id) FROM users), 0, 1, 'used', 0, 0) RETURNING id`);
  sql(`INSERT INTO outing_feedback (booking_id, reaction, quote, quote_consent, quote_published, recorded_by, recorded_at) VALUES (${booking}, 'liked', '${esc(quote)}', ${consent ? 1 : 0}, 0, 0, 1735812000)`);
  return { booking, relais, code };
}

test('an outing quote with consent is picked once, signed by its relais; one without consent is refused', async () => {
  const words = `La pièce m'a fait rire et pleurer ${unique('o')}`;
  const consented = outingFeedback({ consent: true, quote: words });
  const list = await communication.get('/admin/citations/sorties');
  assert.equal(list.status, 200);
  const picked = await communication.post(`/admin/citations/sorties/${consented.booking}`, { _submission: unique('s') });
  assert.equal(picked.status, 303, flashError(picked.text));
  const row = sql(`SELECT author, source, published, consent_on FROM quotes WHERE source = 'outing' AND source_id = ${consented.booking}`);
  assert.equal(row.split('|')[0], `Une personne accompagnée par ${consented.relais}`);
  assert.ok(!row.includes(consented.code), "never the person's code");
  assert.equal(row.split('|')[1], 'outing');
  assert.equal(row.split('|')[2], '0', 'picked as a draft');
  assert.equal(row.split('|')[3], '2025-01-02');

  await communication.get('/admin/citations/sorties');
  const twice = await communication.post(`/admin/citations/sorties/${consented.booking}`, { _submission: unique('s') });
  assert.equal(twice.status, 303);
  assert.match(flashError((await communication.get(twice.location)).text), /déjà été reprise/);
  assert.equal(count(`source = 'outing' AND source_id = ${consented.booking}`), 1);

  const refused = outingFeedback({ consent: false, quote: `Sans accord ${unique('n')}` });
  await communication.get('/admin/citations/sorties');
  const res = await communication.post(`/admin/citations/sorties/${refused.booking}`, { _submission: unique('s') });
  assert.equal(res.status, 404);
  assert.equal(count(`source = 'outing' AND source_id = ${refused.booking}`), 0);
  assert.ok(!text((await communication.get('/admin/citations/sorties')).text).includes('Sans accord'));
});

test('the communication role edits quotes; a coordinator may not', async () => {
  const coordinator = await signIn(server, DEMO.coordinator, DEMO_PASSWORD);
  const slug = unique('fiche').toLowerCase();
  assert.equal((await coordinator.get('/admin/citations')).status, 403);
  assert.equal((await coordinator.get('/admin/citations/nouvelle')).status, 403);
  const res = await coordinator.post('/admin/citations', { _submission: unique('s'), ...valid({ page_slug: slug }) });
  assert.equal(res.status, 403);
  assert.equal(count(`page_slug = '${slug}'`), 0);

  const created = await create(communication, valid({ page_slug: slug }));
  assert.equal(created.status, 303);
  const id = created.location.match(/(\d+)$/)[1];
  await communication.get(`/admin/citations/${id}`);
  const edited = await communication.post(`/admin/citations/${id}`, { _submission: unique('s'), ...valid({ page_slug: slug, author: 'Un médiateur, théâtre', position: '7' }) });
  assert.equal(edited.status, 303, flashError(edited.text));
  assert.equal(sql(`SELECT author || '|' || position FROM quotes WHERE id = ${id}`), 'Un médiateur, théâtre|7');
  const denied = await coordinator.post(`/admin/citations/${id}/retirer`, { _submission: unique('s') });
  assert.equal(denied.status, 403);
  assert.equal(count(`id = ${id} AND withdrawn_at = 0`), 1);
});

test('the list paginates and filters by page', async () => {
  const slug = unique('fiche').toLowerCase();
  for (let i = 0; i < 23; i++) {
    const res = await create(communication, valid({ page_slug: slug, position: String(i + 1) }));
    assert.equal(res.status, 303);
  }
  const first = await communication.get(`/admin/citations?fiche=${slug}`);
  assert.equal(first.status, 200);
  assert.equal((first.text.match(/class="quote-row"/g) || []).length, 20);
  assert.match(first.text, /rel="next"/);
  const second = await communication.get(`/admin/citations?fiche=${slug}&programme=0&statut=&page=2`);
  assert.equal((second.text.match(/class="quote-row"/g) || []).length, 3);
  const drafts = await communication.get(`/admin/citations?fiche=${slug}&statut=published`);
  assert.equal((drafts.text.match(/class="quote-row"/g) || []).length, 0);
});

test("a trainee's answer is offered only with its consent ticked, and picked once with the week's Monday as its day", async () => {
  const label = `Ce que vous diriez à un collègue ${unique('l')}`;
  const qn = await createQuestionnaire(server, { sections: [{ title: 'Votre avis', questions: [
    { key: 'avis', kind: 'long', label, quotable: true }] }] });
  const question = qn.questions.avis;
  assert.equal(sql(`SELECT quotable FROM questionnaire_questions WHERE id = ${question}`), '1', 'marked « citable » in the editor');
  const campaign = await createCampaign(server, qn.id);
  const said = `Une formation qui change le regard ${unique('t')}`;
  const withheld = `Une réponse sans accord ${unique('t')}`;
  for (const [answer, consent] of [[said, true], [withheld, false]]) {
    const invitation = await createInvitation(server, campaign);
    const visitor = new Client(server.url);
    const form = await visitor.get(invitation.url);
    assert.match(form.text, /J&apos;accepte que ma réponse soit citée, sans mon nom|J'accepte que ma réponse soit citée, sans mon nom/);
    await answerAll(visitor, invitation.url, { 1: { [`q${question}`]: answer, ...(consent ? { [`q${question}_quote`]: '1' } : {}) } }, 1);
  }
  const rows = sql(`SELECT CAST(id AS TEXT) || ':' || quote_consent || ':' || value FROM questionnaire_answers WHERE question_id = ${question} ORDER BY quote_consent`).split('\n');
  assert.equal(rows.length, 2);
  const [refusedId] = rows[0].split(':');
  const [consentedId] = rows[1].split(':');
  assert.ok(rows[0].endsWith(`:0:${withheld}`) && rows[1].endsWith(`:1:${said}`), rows.join(' / '));

  const list = text((await communication.get('/admin/citations/formations')).text);
  assert.ok(list.includes(said), 'the consented answer is offered');
  assert.ok(!list.includes(withheld), 'the other one is not');
  const picked = await communication.post('/admin/citations/formations', { answer: consentedId, _submission: unique('s') });
  assert.equal(picked.status, 303, flashError(picked.text));
  const row = sql(`SELECT author, published, consent_on, consent_how FROM quotes WHERE source = 'training' AND source_id = ${consentedId}`).split('|');
  assert.equal(row[0], 'Une personne formée');
  assert.equal(row[1], '0');
  assert.equal(new Date(`${row[2]}T12:00:00Z`).getUTCDay(), 1, `a Monday: ${row[2]}`);
  assert.match(row[3], /case cochée/);

  await communication.get('/admin/citations/formations');
  const twice = await communication.post('/admin/citations/formations', { answer: consentedId, _submission: unique('s') });
  assert.match(flashError((await communication.get(twice.location)).text), /déjà été reprise/);
  assert.equal(count(`source = 'training' AND source_id = ${consentedId}`), 1);
  await communication.get('/admin/citations/formations');
  const refused = await communication.post('/admin/citations/formations', { answer: refusedId, _submission: unique('s') });
  assert.equal(refused.status, 404);
  assert.equal(count(`source = 'training' AND source_id = ${refusedId}`), 0);
});

test('the demo quotes sit on the two seed pages, published with their consent', () => {
  for (const slug of ['contexte-de-la-formation', 'edito'])
    assert.ok(count(`page_slug = '${slug}' AND published = 1 AND consent_on <> '' AND consent_how <> ''`) >= 2, slug);
});
