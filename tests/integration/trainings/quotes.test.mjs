// Quotes (devis) of a training (/formations/sessions/{id}/devis, /formations/devis/{id}, /devis/{token}):
// made by a manager of the session from the programme's price, numbered per organiser and year, versioned
// (old versions kept and downloadable, marked superseded), each version's PDF hashed and read back with
// pdftotext (price « 1 500,00 € », the organiser's legal lines once), sent through the outbox with the PDF
// attached (proof of sending on the page), accepted online by a link without an account (name, IP, hash
// of the version shown); refusals (expired, modified since, already accepted or declined, cancelled,
// missing name or « Bon pour accord ») answer in French and change nothing; sent quotes past their
// validity become expired once by `run_due`; two acceptances at once: one wins.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, runTrame, startTrame, until } from '../harness.mjs';
import { dbRows, q } from '../questionnaire_fixtures.mjs';
import {
  applicationOf, download, flat, makeQuote, parisDay, pdfText, quoteAction, quoteMail, quoteRow, sessionIdOf,
  signIn, snapshot,
} from './quotes_fixtures.mjs';

let server;
let staff;       // Sagiterre: manages « Session printemps 2027 »
let outsider;    // Département de Loire-Atlantique's coordinator: manages other sessions
let session;
let yanis;       // an application of the session (interview)

const fresh = () => `devis-${randomUUID().slice(0, 8)}@example.org`;

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  outsider = await signIn(server, DEMO.coordinator);
  session = sessionIdOf(server, 'Session printemps 2027');
  yanis = applicationOf(server, session, 'yanis.benali@demo.trame.local');
});

after(async () => {
  await server?.stop();
});

// A quote made and sent to a fresh address; returns { id, number, to, link, pdf }.
async function sentQuote(fields = {}) {
  const to = fresh();
  const made = await makeQuote(staff, session, { application: String(yanis), party_email: to, ...fields });
  assert.equal(made.status, 303, flat(made.res.text).slice(0, 400));
  const sent = await quoteAction(staff, made.id, 'envoi');
  assert.equal(sent.status, 303);
  const { number } = quoteRow(server, made.id);
  const m = await quoteMail(to, number);
  return { id: made.id, number, to, link: m.link, pdf: m.pdf };
}

// The party opens the link (a client without an account): the page and the hash of the version shown.
async function openLink(link) {
  const party = new Client(server.url);
  const page = await party.get(link);
  const m = page.text.match(/name="sha256" value="([0-9a-f]{64})"/);
  return { party, page, sha: m ? m[1] : '' };
}

test('a manager makes a quote from the programme price, numbered for the year, and sends it with its PDF', async () => {
  const to = fresh();
  const page = await staff.get(`/formations/sessions/${session}/devis`);
  assert.equal(page.status, 200);
  assert.match(flat(page.text), /1 500,00 €/);
  const made = await makeQuote(staff, session, { application: String(yanis), party_email: to });
  assert.equal(made.status, 303);
  const row = quoteRow(server, made.id);
  const year = Number(parisDay(0).slice(0, 4));
  assert.match(row.number, new RegExp(`^D${year}-\\d{4}$`));
  assert.equal(row.status, 'draft');
  assert.equal(row.version, 1);
  const [v] = dbRows(server.database, `SELECT total_cents, valid_until, party_name, funding, sha256 FROM training_quote_versions WHERE quote_id = ${made.id}`);
  assert.equal(v[0], '150000');
  assert.equal(v[1], parisDay(30) >= v[1] && v[1] >= parisDay(29) ? v[1] : 'validity of about 30 days');
  assert.equal(v[2], 'Yanis Benali');
  assert.equal(v[3], 'france_travail');

  const view = await staff.get(`/formations/devis/${made.id}`);
  assert.equal(view.status, 200);
  assert.ok(view.text.includes(v[4]), 'the page shows the PDF hash');
  assert.match(flat(view.text), /Non envoyée/);

  const sent = await quoteAction(staff, made.id, 'envoi');
  assert.equal(sent.status, 303);
  assert.equal(quoteRow(server, made.id).status, 'sent');
  const m = await quoteMail(to, row.number);
  assert.match(m.link, /^\/devis\/[A-Za-z0-9_-]{40,}$/);
  assert.equal(createHash('sha256').update(m.pdf).digest('hex'), v[4], 'the attachment is the stored PDF');
  const text = pdfText(m.pdf).replace(/\s+/g, ' ');
  assert.match(text, /1 500,00 €/);
  assert.match(text, new RegExp(`Devis n° ${row.number}`));
  assert.match(text, /Yanis Benali/);
  // Sagiterre's legal data (the legal module's demo) is printed once.
  const nda = text.match(/ne vaut pas agrément de l.État/g) || [];
  assert.equal(nda.length, 1, text);
  assert.equal((text.match(/TVA non applicable/g) || []).length, 1, text);
  // Only the hash of the link's token is stored.
  const token = m.link.split('/').pop();
  const hash = createHash('sha256').update(token).digest('hex');
  assert.equal(dbRows(server.database, `SELECT COUNT(*) FROM training_quote_links WHERE quote_id = ${made.id} AND token_hash = ${q(hash)}`)[0][0], '1');
  assert.equal(dbRows(server.database, `SELECT COUNT(*) FROM training_quote_links WHERE token_hash = ${q(token)}`)[0][0], '0');
  // Proof of sending: the outbox row's status, shown on the page once the sink has it.
  const [ver] = dbRows(server.database, `SELECT outbox_id, sent_to FROM training_quote_versions WHERE quote_id = ${made.id}`);
  assert.ok(Number(ver[0]) > 0);
  assert.equal(ver[1], to);
  await until(async () => (await staff.get(`/formations/devis/${made.id}`)).text.includes(`data-proof="sent" data-outbox="${ver[0]}"`),
    'the page shows the sending as done', 20000, 200);
  // The version's PDF downloads for the manager; another organiser's staff gets 404.
  const pdf = await download(staff, `/formations/devis/${made.id}/versions/1`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.match(pdf.disposition, new RegExp(`devis-${row.number}-v1\\.pdf`));
  assert.equal((await outsider.get(`/formations/devis/${made.id}`)).status, 404);
  assert.equal((await download(outsider, `/formations/devis/${made.id}/versions/1`)).status, 404);
  assert.equal((await outsider.get(`/formations/sessions/${session}/devis`)).status, 404);
});

test('bad input is refused in French with the values kept, and nothing is made', async () => {
  const before = dbRows(server.database, `SELECT COUNT(*) FROM training_quotes WHERE session_id = ${session}`)[0][0];
  const cases = [
    [{ application: String(yanis), unit_price: 'mille' }, /Indiquez le prix en euros/],
    [{ application: String(yanis), party_email: 'pas-une-adresse' }, /adresse électronique valable/],
    [{ application: String(yanis), valid_until: '2020-01-01' }, /ne peut être passée/],
    [{ application: String(yanis), quantity: '0' }, /quantité entière/],
    [{ application: '999999' }, /Choisissez une personne candidate/],
  ];
  for (const [fields, message] of cases) {
    const r = await makeQuote(staff, session, fields);
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.match(flat(r.res.text), message);
    assert.match(r.res.text, /aria-invalid="true"/);
  }
  const kept = await makeQuote(staff, session, { application: String(yanis), party_name: 'Mairie de Test', unit_price: 'x' });
  assert.match(kept.res.text, /value="Mairie de Test"/);
  assert.equal(dbRows(server.database, `SELECT COUNT(*) FROM training_quotes WHERE session_id = ${session}`)[0][0], before);
});

test('a change makes a new version; the old one is kept and superseded; an acceptance of the old one is refused', async () => {
  const s = await sentQuote();
  const { party, sha } = await openLink(s.link);
  assert.ok(sha);
  const revised = await quoteAction(staff, s.id, 'modifier', {
    party_kind: 'employer', party_name: 'Association Exemple', party_address: '1 rue de la Paix, 44000 Nantes',
    party_email: s.to, unit_price: '1 200', quantity: '1', valid_until: parisDay(20), funding: 'opco',
    extra_label: 'Frais de dossier', extra_price: '50', extra_quantity: '1',
  });
  assert.equal(revised.status, 303);
  const row = quoteRow(server, s.id);
  assert.equal(row.version, 2);
  assert.equal(row.status, 'draft');
  const versions = dbRows(server.database, `SELECT version, superseded_at, total_cents, sha256 FROM training_quote_versions WHERE quote_id = ${s.id} ORDER BY version`);
  assert.equal(versions.length, 2);
  assert.ok(Number(versions[0][1]) > 0, 'version 1 superseded');
  assert.equal(versions[1][1], '0');
  assert.equal(versions[1][2], '125000');
  const page = await staff.get(`/formations/devis/${s.id}`);
  assert.match(page.text, /data-superseded="1"/);
  const v1 = await download(staff, `/formations/devis/${s.id}/versions/1`);
  assert.equal(v1.status, 200);
  assert.equal(createHash('sha256').update(v1.bytes).digest('hex'), versions[0][3]);
  const v2 = pdfText((await download(staff, `/formations/devis/${s.id}/versions/2`)).bytes);
  assert.match(v2, /1 200,00 €/);
  assert.match(v2, /Frais de dossier/);
  assert.match(v2, /1 250,00 €/);
  assert.match(v2, /Association Exemple/);

  // The party submits the form of version 1: refused, nothing changed.
  const snap = snapshot(server, s.id);
  const refused = await party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: sha });
  assert.equal(refused.status, 409);
  assert.match(flat(refused.text), /Ce devis a été modifié depuis le \d{1,2}(er)? \S+ \d{4}/);
  assert.equal(snapshot(server, s.id), snap);

  // Sent again: the same link shows version 2, which may be accepted.
  assert.equal((await quoteAction(staff, s.id, 'envoi')).status, 303);
  const second = await quoteMail(s.to, s.number, 2);
  assert.notEqual(second.link, s.link);
  const again = await openLink(s.link);
  assert.equal(again.sha, versions[1][3]);
  const ok = await again.party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: again.sha });
  assert.equal(ok.status, 303);
  const accepted = quoteRow(server, s.id);
  assert.equal(accepted.status, 'accepted');
  assert.equal(accepted.acceptedSha, versions[1][3]);
  // Accepted: no more versions.
  const late = await quoteAction(staff, s.id, 'modifier', { party_kind: 'person', unit_price: '1000' });
  assert.equal(late.status, 409);
  assert.equal(quoteRow(server, s.id).version, 2);
});

test('the party accepts by the link: name, time, IP and hash recorded; refusals change nothing', async () => {
  const s = await sentQuote();
  const { party, page, sha } = await openLink(s.link);
  assert.equal(page.status, 200);
  assert.match(flat(page.text), /J'accepte ce devis/);
  assert.match(flat(page.text), /Bon pour accord/);
  const pdf = await download(party, `${s.link}/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(createHash('sha256').update(pdf.bytes).digest('hex'), sha);
  assert.equal((await new Client(server.url).get('/devis/not-a-real-token')).status, 404);

  const snap = snapshot(server, s.id);
  const noName = await party.post(`${s.link}/acceptation`, { name: '  ', agree: '1', sha256: sha });
  assert.equal(noName.status, 422);
  assert.match(flat(noName.text), /Tapez vos nom et prénom/);
  const noAgree = await party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', sha256: sha });
  assert.equal(noAgree.status, 422);
  assert.match(flat(noAgree.text), /Cochez « Bon pour accord »/);
  assert.match(noAgree.text, /value="Yanis Benali"/);
  const forged = await party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: 'a'.repeat(64) });
  assert.equal(forged.status, 409);
  assert.equal(snapshot(server, s.id), snap);

  const ok = await party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: sha });
  assert.equal(ok.status, 303);
  const row = quoteRow(server, s.id);
  assert.equal(row.status, 'accepted');
  assert.equal(row.acceptedName, 'Yanis Benali');
  assert.equal(row.acceptedIp, '127.0.0.1');
  assert.equal(row.acceptedSha, sha);
  assert.ok(row.acceptedAt > 0);
  const staffPage = flat((await staff.get(`/formations/devis/${s.id}`)).text);
  assert.match(staffPage, /Accepté en ligne par Yanis Benali/);

  const snap2 = snapshot(server, s.id);
  const twice = await party.post(`${s.link}/acceptation`, { name: 'Quelqu\'un', agree: '1', sha256: sha });
  assert.equal(twice.status, 409);
  assert.match(flat(twice.text), /déjà été accepté/);
  const decline = await party.post(`${s.link}/refus`, { reason: 'Trop tard' });
  assert.equal(decline.status, 409);
  assert.equal((await quoteAction(staff, s.id, 'annulation')).status, 409);
  assert.equal(snapshot(server, s.id), snap2);
});

test('a declined quote and a cancelled quote can no longer be accepted', async () => {
  const d = await sentQuote();
  const open = await openLink(d.link);
  const declined = await open.party.post(`${d.link}/refus`, { reason: 'Budget insuffisant' });
  assert.equal(declined.status, 303);
  const row = dbRows(server.database, `SELECT status, declined_reason FROM training_quotes WHERE id = ${d.id}`)[0];
  assert.deepEqual(row, ['declined', 'Budget insuffisant']);
  let snap = snapshot(server, d.id);
  const late = await open.party.post(`${d.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: open.sha });
  assert.equal(late.status, 409);
  assert.match(flat(late.text), /déjà été refusé/);
  assert.equal(snapshot(server, d.id), snap);

  const c = await sentQuote();
  const link = await openLink(c.link);
  assert.equal((await quoteAction(staff, c.id, 'annulation')).status, 303);
  assert.equal(quoteRow(server, c.id).status, 'cancelled');
  snap = snapshot(server, c.id);
  const refused = await link.party.post(`${c.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: link.sha });
  assert.equal(refused.status, 409);
  assert.match(flat(refused.text), /a été annulé/);
  assert.equal((await quoteAction(staff, c.id, 'envoi')).status, 409);
  assert.equal(snapshot(server, c.id), snap);
});

test('past its validity a quote is refused with the date, and run_due marks it expired once', async () => {
  const s = await sentQuote();
  const { party, sha } = await openLink(s.link);
  // Its validity day is put in the past (as if the days had gone by).
  dbRows(server.database, `UPDATE training_quote_versions SET valid_until = '2020-01-01' WHERE quote_id = ${s.id}`);
  const snap = snapshot(server, s.id);
  const refused = await party.post(`${s.link}/acceptation`, { name: 'Yanis Benali', agree: '1', sha256: sha });
  assert.equal(refused.status, 409);
  assert.match(flat(refused.text), /Ce devis n'est plus valable depuis le 2 janvier 2020/);
  assert.equal(snapshot(server, s.id), snap);
  // Sending it again is refused too.
  assert.equal((await quoteAction(staff, s.id, 'envoi')).status, 409);
  assert.equal(snapshot(server, s.id), snap);

  const r = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(r.status, 0, r.stderr);
  const row = quoteRow(server, s.id);
  assert.equal(row.status, 'expired');
  assert.ok(row.expiredAt > 0);
  const again = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(quoteRow(server, s.id).expiredAt, row.expiredAt, 'expired once');
  assert.match(flat((await party.get(s.link)).text), /n'est plus valable depuis le 2 janvier 2020/);

  // Staff record a paper signature after the validity: only with a reason.
  const snap2 = snapshot(server, s.id);
  const noNote = await quoteAction(staff, s.id, 'acceptation', { day: parisDay(0), note: '' });
  assert.equal(noNote.status, 422);
  assert.match(flat(noNote.text), /précisez la raison/);
  const future = await quoteAction(staff, s.id, 'acceptation', { day: parisDay(3), note: 'x' });
  assert.equal(future.status, 422);
  assert.equal(snapshot(server, s.id), snap2);
  const ok = await quoteAction(staff, s.id, 'acceptation', { day: parisDay(0), note: 'Signé sur papier au séminaire' });
  assert.equal(ok.status, 303);
  const accepted = dbRows(server.database, `SELECT status, accepted_day, accepted_note, accepted_by FROM training_quotes WHERE id = ${s.id}`)[0];
  assert.equal(accepted[0], 'accepted');
  assert.equal(accepted[1], parisDay(0) <= accepted[1] ? accepted[1] : parisDay(0));
  assert.equal(accepted[2], 'Signé sur papier au séminaire');
  assert.ok(Number(accepted[3]) > 0);
});

test('two acceptances at once: one wins, the other is told it is already accepted', async () => {
  const s = await sentQuote();
  const a = await openLink(s.link);
  const b = await openLink(s.link);
  const [ra, rb] = await Promise.all([
    a.party.post(`${s.link}/acceptation`, { name: 'Première Personne', agree: '1', sha256: a.sha }),
    b.party.post(`${s.link}/acceptation`, { name: 'Seconde Personne', agree: '1', sha256: b.sha }),
  ]);
  const statuses = [ra.status, rb.status].sort();
  assert.deepEqual(statuses, [303, 409]);
  const row = quoteRow(server, s.id);
  assert.equal(row.status, 'accepted');
  assert.equal(row.acceptedName, ra.status === 303 ? 'Première Personne' : 'Seconde Personne');
  const audit = dbRows(server.database, `SELECT COUNT(*) FROM audit_log WHERE action = 'training_quote.accepted' AND subject = 'training_quote:${s.id}'`);
  assert.equal(audit[0][0], '1');
});
