// Newsletters (/communication, docs/network_life/newsletters.md): the network coordinator of Cultures
// du Cœur 94 writes a newsletter in markdown, previews it (HTML and text, the count of recipients),
// sends it to the referents and partners: one message per recipient reaches the SMTP sink as
// multipart/alternative with List-Unsubscribe (a per-recipient link) and List-Unsubscribe-Post
// (RFC 8058). A double click sends once. The link's GET shows a button and changes nothing; its POST
// unsubscribes (per organiser, dated) and the next newsletter skips that person. A forged or altered
// token: « Lien invalide », 404, nothing changed. Refusals (empty subject or body, no segment, a
// schedule in the past, a notice ending in the past) change nothing. A scheduled newsletter is sent by
// the job. Notices reach the dashboards of their segment. The archive shows public sent newsletters to
// anyone; a draft is 404 for anyone but its managers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, querySql, runSql, startTrame, waitForMail } from '../harness.mjs';
import { assertRefused, hex, post, signIn, textOf } from '../cooperation/fixtures.mjs';

const MANAGER = 'animation@culturesducoeur94.local';
let server;
let manager;

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const cdc94 = () => value("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
const newsletterId = (subject) => value(`SELECT id FROM life_newsletters WHERE subject = ${q(subject)}`);
const parisInput = (ms) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
const parisDay = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

before(async () => {
  server = await startTrame({ env: { TRAME_TRAININGS_JOB_SECONDS: '1' } });
  manager = await signIn(server, MANAGER);
});
after(async () => { await server?.stop(); });

async function createNewsletter(subject, { segments = ['referents', 'partners'], body } = {}) {
  const res = await post(manager, '/communication/nouvelle', '/communication/lettres', {
    organiser_id: cdc94(), subject, body: body ?? `## Nouvelles\n\nLes **cafés découvertes** reprennent. [Programme](https://exemple.org/p?a=1&b=2)\n\n- NUM&ART\n- Horizon`,
    segments, member_year: '2024', public_archive: '1',
  });
  assert.equal(res.status, 303, `created: ${res.status} ${textOf(res.text).slice(0, 200)}`);
  const id = newsletterId(subject);
  assert.ok(id);
  assert.equal(res.location, `/communication/lettres/${id}`);
  return id;
}

// The header of a raw message (unfolded), '' when absent.
const header = (raw, name) => ((raw.replace(/\r?\n[ \t]+/g, ' ').match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1] || '').trim();

test('demo: the 2024 newsletter sent to referents and partners, a draft for members, a notice for referents', async () => {
  const page = await manager.get('/communication');
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Lettre du réseau — printemps 2024'));
  assert.ok(textOf(page.text).includes("Adhésion 2024 : l'assemblée générale approche"));
  const archive = await new Client(server.url).get('/communication/lettres');
  assert.equal(archive.status, 200);
  assert.ok(textOf(archive.text).includes('Lettre du réseau — printemps 2024'));
  assert.ok(!textOf(archive.text).includes("Adhésion 2024 : l'assemblée générale"), 'a draft is not in the archive');
  const sent = newsletterId('Lettre du réseau — printemps 2024');
  const read = await new Client(server.url).get(`/communication/lettres/${sent}`);
  assert.equal(read.status, 200);
  assert.ok(read.text.includes('<strong>cafés découvertes</strong>'));
  assert.ok(textOf(read.text).includes('NUM&ART'));
  const draft = newsletterId("Adhésion 2024 : l'assemblée générale approche");
  assert.equal((await new Client(server.url).get(`/communication/lettres/${draft}`)).status, 404);
  const referent = await signIn(server, DEMO.referent);
  const dashboard = await referent.get('/tableau-de-bord');
  assert.ok(textOf(dashboard.text).includes('Annonces'), 'the notices panel');
  assert.ok(textOf(dashboard.text).includes('Prochain café découverte'));
  const partner = await signIn(server, DEMO.partner_staff);
  assert.ok(!textOf((await partner.get('/tableau-de-bord')).text).includes('Prochain café découverte'), 'not a referent');
});

test('refusals change nothing: empty subject or body, no segment, a schedule in the past', async () => {
  const body = `Corps ${hex()}`;
  const count = () => value(`SELECT COUNT(*) FROM life_newsletters WHERE body = ${q(body)} OR subject LIKE 'Refus ${hex().slice(0, 0)}%'`);
  const before = count();
  let res = await post(manager, '/communication/nouvelle', '/communication/lettres', { organiser_id: cdc94(), subject: '  ', body, segments: 'referents' });
  assertRefused(res, 422, "Indiquez l'objet de la lettre.", 'empty subject');
  assert.ok(res.text.includes('aria-invalid="true" aria-describedby="nl-subject-error"'));
  assert.ok(res.text.includes(body), 'the typed body is kept');
  res = await post(manager, '/communication/nouvelle', '/communication/lettres', { organiser_id: cdc94(), subject: `Refus ${hex()}`, body: ' ', segments: 'referents' });
  assertRefused(res, 422, 'Écrivez le contenu de la lettre.', 'empty body');
  res = await post(manager, '/communication/nouvelle', '/communication/lettres', { organiser_id: cdc94(), subject: `Refus ${hex()}`, body });
  assertRefused(res, 422, 'Choisissez au moins un segment de destinataires.', 'no segment');
  res = await post(manager, '/communication/nouvelle', '/communication/lettres', { organiser_id: cdc94(), subject: `Refus ${hex()}`, body, segments: 'delegation' });
  assertRefused(res, 422, 'Choisissez la délégation à qui envoyer.', 'a délégation without its choice');
  assert.equal(count(), before);
  assert.equal(value(`SELECT COUNT(*) FROM life_newsletters WHERE body = ${q(body)}`), '0');

  const subject = `Programmée ${hex()}`;
  const id = await createNewsletter(subject);
  res = await post(manager, `/communication/lettres/${id}`, `/communication/lettres/${id}/programmer`, { scheduled_at: parisInput(Date.now() - 3600000) });
  assertRefused(res, 422, 'La date d\'envoi est passée', 'schedule in the past');
  assert.equal(value(`SELECT status || '/' || scheduled_at FROM life_newsletters WHERE id = ${id}`), 'draft/0');

  // Another organisation's coordinator does not see it; a referent may not open the workspace.
  const other = await signIn(server, DEMO.coordinator);
  assert.equal((await other.get(`/communication/lettres/${id}`)).status, 404);
  res = await post(other, '/communication', `/communication/lettres/${id}/envoyer`, {});
  assert.equal(res.status, 404);
  const referent = await signIn(server, DEMO.referent);
  assert.equal((await referent.get('/communication')).status, 403);
  assert.equal(value(`SELECT status FROM life_newsletters WHERE id = ${id}`), 'draft');
  assert.equal(value(`SELECT COUNT(*) FROM life_newsletter_deliveries WHERE newsletter_id = ${id}`), '0');
});

test('preview, send once (double click), headers, unsubscribe by link, the next newsletter skips that person', async () => {
  const subject = `Lettre ${hex()}`;
  const id = await createNewsletter(subject);
  const preview = await manager.get(`/communication/lettres/${id}`);
  assert.equal(preview.status, 200);
  assert.ok(preview.text.includes('<h2>Nouvelles</h2>') || preview.text.includes('<h2>Nouvelles'), 'rendered HTML');
  assert.ok(preview.text.includes('Programme (https://exemple.org/p?a=1&amp;b=2)'), 'the text version');
  const expected = Number(value(
    "SELECT COUNT(DISTINCT lower(u.email)) FROM users u JOIN memberships m ON m.user_id = u.id JOIN organisations o ON o.id = m.organisation_id " +
    "WHERE m.role IN ('referent', 'partner_staff') AND u.disabled = 0 AND o.status = 'active' AND lower(u.email) NOT IN " +
    `(SELECT email FROM life_newsletter_unsubscriptions WHERE organiser_id = ${cdc94()})`));
  assert.ok(expected >= 2);
  assert.ok(textOf(preview.text).includes(`${expected} destinataires recevront cette lettre`), textOf(preview.text).slice(0, 600));

  // A double click: two POSTs at once (different one-time ids): sent once.
  const form = async () => { await manager.get(`/communication/lettres/${id}`); return { _csrf: manager.csrf, _submission: `s-${hex()}${hex()}` }; };
  const [f1, f2] = [await form(), await form()];
  const answers = await Promise.all([f1, f2].map((f) => manager.post(`/communication/lettres/${id}/envoyer`, f)));
  assert.deepEqual(answers.map((a) => a.status).sort(), [303, 409], answers.map((a) => `${a.status} ${textOf(a.text).slice(0, 120)}`).join(' | '));
  assert.ok(textOf(answers.find((a) => a.status === 409).text).includes('déjà été envoyée'));
  assert.equal(value(`SELECT COUNT(*) FROM life_newsletter_deliveries WHERE newsletter_id = ${id}`), String(expected));
  assert.equal(value(`SELECT status || '/' || recipients_count FROM life_newsletters WHERE id = ${id}`), `sent/${expected}`);
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = ${q(subject)}`), String(expected));
  // A third try: refused, nothing more.
  const again = await post(manager, `/communication/lettres/${id}`, `/communication/lettres/${id}/envoyer`, {});
  assert.equal(again.status, 409);
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = ${q(subject)}`), String(expected));

  const mail = await waitForMail((m) => m.subject === subject && m.to === DEMO.referent);
  const unsubscribe = header(mail.raw, 'List-Unsubscribe');
  const m = unsubscribe.match(/^<(http:\/\/127\.0\.0\.1:\d+)(\/communication\/desabonnement\/([A-Za-z0-9_-]{32}))>$/);
  assert.ok(m, `List-Unsubscribe: ${unsubscribe}`);
  assert.equal(m[1], server.url);
  assert.equal(header(mail.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.match(header(mail.raw, 'Content-Type'), /^multipart\/alternative; boundary=/);
  assert.ok(mail.raw.includes('Content-Type: text/html; charset=UTF-8'));
  assert.ok(mail.raw.includes(server.url + m[2]), 'the link in the text version');
  const [, , path, token] = m;
  // The token is stored hashed only.
  assert.equal(value(`SELECT COUNT(*) FROM life_newsletter_deliveries WHERE token_hash = ${q(token)}`), '0');

  const referentEmail = DEMO.referent;
  const unsubscribed = () => value(`SELECT COUNT(*) FROM life_newsletter_unsubscriptions WHERE email = ${q(referentEmail)} AND organiser_id = ${cdc94()}`);
  const allUnsubscriptions = () => value(`SELECT COUNT(*) FROM life_newsletter_unsubscriptions WHERE organiser_id = ${cdc94()}`);
  assert.equal(unsubscribed(), '0');

  // Forged and altered tokens: « Lien invalide », 404, nothing changed.
  const anonymous = new Client(server.url);
  const forged = randomBytes(24).toString('base64url');
  const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  for (const bad of [forged, altered, 'court', `${token}x`]) {
    const got = await anonymous.get(`/communication/desabonnement/${bad}`);
    assertRefused(got, 404, 'Lien invalide', `GET ${bad}`);
    const sent = await anonymous.post(`/communication/desabonnement/${bad}`, {});
    assertRefused(sent, 404, 'Lien invalide', `POST ${bad}`);
  }
  assert.equal(allUnsubscriptions(), '0');

  // GET shows the button and never unsubscribes.
  const page = await anonymous.get(path);
  assert.equal(page.status, 200);
  assert.ok(textOf(page.text).includes('Cultures du Cœur 94'));
  assert.ok(page.text.includes('Me désabonner'));
  assert.equal(unsubscribed(), '0');
  // The button (a POST from the page, no login).
  const done = await anonymous.post(path, {});
  assert.equal(done.status, 200, textOf(done.text).slice(0, 300));
  assert.ok(textOf(done.text).includes('vous ne recevrez plus les lettres'));
  assert.equal(unsubscribed(), '1');
  assert.ok(Number(value(`SELECT unsubscribed_at FROM life_newsletter_unsubscriptions WHERE email = ${q(referentEmail)}`)) > 0);
  // Again: already done, one row.
  assert.equal((await anonymous.post(path, {})).status, 200);
  assert.equal(unsubscribed(), '1');
  // The manager sees the count.
  assert.ok(textOf((await manager.get('/communication')).text).includes('1 personne désabonnée'));

  // The next newsletter skips that person.
  const next = `Suivante ${hex()}`;
  const nextId = await createNewsletter(next);
  const res = await post(manager, `/communication/lettres/${nextId}`, `/communication/lettres/${nextId}/envoyer`, {});
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = ${q(next)}`), String(expected - 1));
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = ${q(next)} AND recipient = ${q(referentEmail)}`), '0');
  await waitForMail((x) => x.subject === next && x.to === DEMO.partner_staff);
});

test('segments: a délégation, the members of a year and the volunteers, each address once', async () => {
  const delegation = value("SELECT id FROM delegations WHERE name = 'Délégation Pays d''Ancenis'");
  assert.ok(delegation);
  const staff = sql('SELECT DISTINCT lower(u.email) FROM users u JOIN memberships m ON m.user_id = u.id JOIN organisations o ON o.id = m.organisation_id '
    + 'JOIN communes c ON c.code = o.commune_code JOIN delegation_epcis de ON de.epci_siren = c.epci_siren JOIN delegations d ON d.id = de.delegation_id '
    + `AND d.departement_code = c.departement_code WHERE d.id = ${delegation} AND u.disabled = 0 AND o.status = 'active'`).split('\n').filter(Boolean);
  assert.ok(staff.length >= 1);
  const subject = `Segments ${hex()}`;
  const res = await post(manager, '/communication/nouvelle', '/communication/lettres', {
    organiser_id: cdc94(), subject, body: 'Bonjour.', segments: ['delegation', 'members', 'volunteers', 'referents'],
    delegation_id: delegation, member_year: '2024', public_archive: '1',
  });
  assert.equal(res.status, 303);
  const id = newsletterId(subject);
  assert.equal(value(`SELECT segments || '/' || delegation_id || '/' || member_year FROM life_newsletters WHERE id = ${id}`),
    `referents,delegation,members,volunteers/${delegation}/2024`);
  const sent = await post(manager, `/communication/lettres/${id}`, `/communication/lettres/${id}/envoyer`, {});
  assert.equal(sent.status, 303);
  const emails = sql(`SELECT email FROM life_newsletter_deliveries WHERE newsletter_id = ${id}`).split('\n').filter(Boolean);
  assert.equal(new Set(emails).size, emails.length, 'each address once');
  assert.equal(String(emails.length), value(`SELECT recipients_count FROM life_newsletters WHERE id = ${id}`));
  for (const e of staff) assert.ok(emails.includes(e), `${e} of the délégation`);
  await waitForMail((m) => m.subject === subject && m.to.toLowerCase() === staff[0]);
});

test('RFC 8058 one-click: a POST from a mail client without cookie nor CSRF token unsubscribes (the route is exempt from CSRF; every other POST still needs it)', async () => {
  const subject = `Un clic ${hex()}`;
  // To the volunteers: the tests after this one still write to the partners.
  const id = await createNewsletter(subject, { segments: ['volunteers'] });
  await post(manager, `/communication/lettres/${id}`, `/communication/lettres/${id}/envoyer`, {});
  const mail = await waitForMail((m) => m.subject === subject && m.to === DEMO.volunteer);
  const url = header(mail.raw, 'List-Unsubscribe').slice(1, -1);
  const res = await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert.equal(res.status, 200);
  assert.equal(value(`SELECT COUNT(*) FROM life_newsletter_unsubscriptions WHERE email = ${q(DEMO.volunteer)}`), '1');
});

test('a scheduled newsletter is sent by the job; notices: an end in the past is refused, a notice reaches its segment', async () => {
  const subject = `Plus tard ${hex()}`;
  const id = await createNewsletter(subject, { segments: ['partners'] });
  const res = await post(manager, `/communication/lettres/${id}`, `/communication/lettres/${id}/programmer`, { scheduled_at: parisInput(Date.now() + 3 * 86400000) });
  assert.equal(res.status, 303);
  assert.equal(value(`SELECT status FROM life_newsletters WHERE id = ${id}`), 'scheduled');
  // Its time comes (moved to the past in the database): the job sends it once.
  runSql(server.database, `UPDATE life_newsletters SET scheduled_at = scheduled_at - 4 * 86400 WHERE id = ${id}`);
  await waitForMail((m) => m.subject === subject && m.to === DEMO.partner_staff, 30000);
  assert.equal(value(`SELECT status FROM life_newsletters WHERE id = ${id}`), 'sent');
  assert.equal(value(`SELECT COUNT(*) FROM mail_outbox WHERE subject = ${q(subject)} AND recipient = ${q(DEMO.partner_staff)}`), '1');

  const title = `Annonce ${hex()}`;
  const count = () => value(`SELECT COUNT(*) FROM life_notices WHERE title = ${q(title)}`);
  let r = await post(manager, '/communication/annonces', '/communication/annonces', { organiser_id: cdc94(), title, body: 'Texte', segment: 'partners', ends_on: parisDay(-2) });
  assertRefused(r, 422, 'La date de fin est passée', 'notice ending in the past');
  r = await post(manager, '/communication/annonces', '/communication/annonces', { organiser_id: cdc94(), title, body: 'Texte', segment: 'partners', link: 'javascript:alert(1)', ends_on: parisDay(5) });
  assertRefused(r, 422, 'Le lien doit commencer', 'a bad link');
  assert.equal(count(), '0');
  r = await post(manager, '/communication/annonces', '/communication/annonces', { organiser_id: cdc94(), title, body: 'Le forum culture approche.', segment: 'partners', link: '/evenements', ends_on: parisDay(5) });
  assert.equal(r.status, 303);
  assert.equal(count(), '1');
  const partner = await signIn(server, DEMO.partner_staff);
  const dashboard = textOf((await partner.get('/tableau-de-bord')).text);
  assert.ok(dashboard.includes(title) && dashboard.includes('Le forum culture approche.'));
  const referent = await signIn(server, DEMO.referent);
  assert.ok(!textOf((await referent.get('/tableau-de-bord')).text).includes(title));
});

// Last: it spends this address's budget of bad tokens for ten minutes.
test('guessing tokens is rate-limited per address: 429, nothing changed', async () => {
  const anonymous = new Client(server.url);
  const before = value('SELECT COUNT(*) FROM life_newsletter_unsubscriptions');
  let limited = null;
  for (let i = 0; i < 30 && !limited; i++) {
    const res = await anonymous.get(`/communication/desabonnement/${randomBytes(24).toString('base64url')}`);
    if (res.status === 429) limited = res;
    else assert.equal(res.status, 404);
  }
  assert.ok(limited, 'limited within 30 guesses');
  assert.ok(textOf(limited.text).includes('Trop de liens invalides'));
  assert.equal(value('SELECT COUNT(*) FROM life_newsletter_unsubscriptions'), before);
});
