// Invoices (/formations/sessions/{id}/factures, /formations/factures/{id}, /formations/factures?annee=):
// the split by funding line (each funder billed the attended hours only, the rest to the employer or the
// person), numbers without gaps under 20 concurrent invoices, payments (partial, full, refused beyond the total),
// credit notes, overdue and reminders by `trame jobs run-due`, the PDF read back with pdftotext, the year's
// XLSX read back, who may see what, and the demo's invoices at every status.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, runTrame, startTrame, waitForMail } from '../harness.mjs';
import { dbRows, dbValue, q } from '../questionnaire_fixtures.mjs';
import { attend, bill, billForm, decode, download, invoicesOf, newTrainee, pdfText, sessionId, xlsxPart } from './invoices_fixtures.mjs';

let server;
let staff;   // Sagiterre's training staff: manages « Session printemps 2027 »
let other;   // the Département's coordinator: manages other sessions, not Sagiterre's
let trainer;
let session;

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

const euros = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
const snapshot = (app) => JSON.stringify([
  invoicesOf(server.database, app),
  dbRows(server.database, `SELECT p.id, p.amount_cents FROM training_invoice_payments p JOIN training_invoices i ON i.id = p.invoice_id WHERE i.application_id = ${app} ORDER BY p.id`),
  dbRows(server.database, 'SELECT organisation_id, series, year, last_number FROM training_invoice_counters ORDER BY id'),
]);

before(async () => {
  server = await startTrame();
  staff = await signIn('formation@sagiterre.local');
  other = await signIn(DEMO.coordinator);
  trainer = await signIn('formateur@sagiterre.local');
  session = sessionId(server.database);
});

after(async () => {
  await server?.stop();
});

test('the demo\'s open session has invoices at every status, consistent with its funding', async () => {
  const rows = dbRows(server.database, `SELECT i.kind, i.status, i.total_ht_cents FROM training_invoices i JOIN training_applications a ON a.id = i.application_id JOIN users u ON u.id = a.user_id WHERE u.email = 'stagiaire@paul-guimard.local' AND i.session_id = ${session}`);
  const statuses = new Set(rows.filter((r) => r[0] === 'invoice').map((r) => r[1]));
  for (const s of ['sent', 'partially_paid', 'paid', 'overdue', 'cancelled']) assert.ok(statuses.has(s), s);
  assert.ok(rows.some((r) => r[0] === 'credit_note'));
  const live = rows.filter((r) => r[0] === 'invoice' && r[1] !== 'cancelled').reduce((s, r) => s + Number(r[2]), 0);
  assert.equal(live, Number(dbValue(server.database, `SELECT p.price_cents FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id WHERE s.id = ${session}`)));
  // Loading the demo again adds nothing.
  const count = dbValue(server.database, 'SELECT COUNT(*) FROM training_invoices');
  const r = runTrame(['demo', '--database', server.database]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(dbValue(server.database, 'SELECT COUNT(*) FROM training_invoices'), count);
});

test('a funder is billed the attended hours only and the rest goes to the employer; the PDF carries the legal mentions', async () => {
  const t = newTrainee(server.database, session);
  const { minutes, planned } = attend(server.database, session, t.application, 0.5);
  assert.equal(minutes * 2, planned, 'half the hours attended');
  // The funding line through the enrolments page: its due is recomputed from attendance.
  await staff.get(`/formations/candidatures/${t.application}`);
  let res = await staff.post(`/formations/candidatures/${t.application}/financements`, {
    funder: 'opco', funder_name: 'Uniformation', amount: '1200', hours: '', agreement_ref: 'UNIF-TEST-1', status: 'agreed', _submission: randomUUID() });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const line = Number(dbValue(server.database, `SELECT id FROM training_funding_lines WHERE application_id = ${t.application}`));
  assert.equal(Number(dbValue(server.database, `SELECT due_cents FROM training_funding_lines WHERE id = ${line}`)), 60000);

  const form = await billForm(staff, session, t.application);
  assert.equal(form.fields[`amount_line_${line}`], '600,00', 'the funder: half its line');
  assert.equal(form.fields.amount_rest, '900,00', 'the rest: the price minus what the funder pays');
  assert.equal(form.fields.payer, 'employer', 'an application with an organisation: the employer pays the rest');
  assert.equal(form.fields.buyer_name, 'Association Invoices Test');

  // More than the attended hours is refused, nothing changes.
  const before = snapshot(t.application);
  res = await bill(staff, session, { ...form.fields, [`amount_line_${line}`]: '1200' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /seules? heures suivies|des heures suivies/);
  assert.match(res.text, new RegExp(`name="amount_line_${line}" value="1200"[^>]*aria-invalid="true"`));
  assert.equal(snapshot(t.application), before, 'nothing changed');

  res = await bill(staff, session, { ...form.fields, [`email_line_${line}`]: `opco-${t.tag}@example.org`, email_rest: `rh-${t.tag}@example.org`, address_rest: '12 rue des Tests, 44000 Nantes' });
  assert.equal(res.status, 303, decode(res.text).slice(0, 600));
  const made = invoicesOf(server.database, t.application);
  assert.equal(made.length, 2);
  const [funder, rest] = made;
  assert.deepEqual([funder.payer, funder.ht, funder.line, funder.status], ['opco', 60000, line, 'sent']);
  assert.deepEqual([rest.payer, rest.ht, rest.line, rest.status], ['employer', 90000, 0, 'sent']);
  assert.match(funder.number, /^F20\d\d-\d{4}$/);
  assert.equal(rest.sequence, funder.sequence + 1, 'consecutive numbers');
  assert.equal(dbValue(server.database, `SELECT status FROM training_funding_lines WHERE id = ${line}`), 'invoiced');
  // Nothing left to propose.
  const again = await billForm(staff, session, t.application);
  assert.equal(again.fields.amount_rest, '');
  assert.equal(again.fields[`amount_line_${line}`], '');

  // The PDF: number, seller, buyer, training, hours, totals, VAT mention, due date, penalties, 40 €.
  const pdf = await download(server, staff, `/formations/factures/${rest.id}/pdf`);
  assert.equal(pdf.status, 200);
  assert.match(pdf.type, /application\/pdf/);
  const text = pdfText(pdf.bytes);
  assert.match(text, new RegExp(`Facture n° ${rest.number}`));
  assert.match(text, /Sagiterre/);
  assert.match(text, /Association Invoices Test/);
  assert.match(text, /12 rue des Tests/);
  assert.match(text, /Pouvoir d.agir/);
  assert.match(text, /900,00 €/);
  assert.match(text, /TVA non applicable, article 261-4-4° a du CGI/);
  assert.match(text, /Date d.échéance/);
  assert.match(text, /trois fois le taux d.intérêt légal/);
  assert.match(text, /40 €/);
  assert.match(text, /Pas d.escompte/);
  const funderText = pdfText((await download(server, staff, `/formations/factures/${funder.id}/pdf`)).bytes);
  assert.match(funderText, /Uniformation/);
  assert.match(funderText, /UNIF-TEST-1/);
  assert.match(funderText, /35 h sur 70 h/);
  assert.equal(dbValue(server.database, `SELECT sha256 FROM training_invoices WHERE id = ${rest.id}`),
    (await import('node:crypto')).createHash('sha256').update(pdf.bytes).digest('hex'));

  // Sent through the outbox with the PDF; the page shows the proof.
  const mail = await waitForMail((m) => m.to === `rh-${t.tag}@example.org` && m.subject.includes(rest.number));
  assert.match(mail.raw, /application\/pdf/);
  const page = decode((await staff.get(`/formations/factures/${rest.id}`)).text);
  assert.match(page, new RegExp(`Envoyée à rh-${t.tag}@example.org — message n° ${rest.outbox}`));
});

test('20 invoices created at once get 20 consecutive numbers, without gap or duplicate', async () => {
  const t = newTrainee(server.database, session);
  const form = await billForm(staff, session, t.application);
  assert.equal(form.fields.amount_rest, '1500,00');
  const last = Number(dbValue(server.database, 'SELECT COALESCE(MAX(c.last_number), 0) FROM training_invoice_counters c JOIN training_programmes p ON p.organiser_id = c.organisation_id JOIN training_sessions s ON s.programme_id = p.id WHERE s.id = ' + session + " AND c.series = 'F' AND c.year = " + new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 4)));
  const results = await Promise.all(Array.from({ length: 20 }, () => bill(staff, session, { ...form.fields, amount_rest: '75' })));
  assert.deepEqual(results.map((r) => r.status), Array(20).fill(303));
  const made = invoicesOf(server.database, t.application);
  assert.equal(made.length, 20);
  const sequences = made.map((i) => i.sequence).sort((a, b) => a - b);
  assert.deepEqual(sequences, Array.from({ length: 20 }, (_, k) => last + 1 + k));
  assert.equal(new Set(made.map((i) => i.number)).size, 20);
  // A 21st is refused: nothing left to bill, and the counter did not move.
  const counter = dbValue(server.database, `SELECT MAX(last_number) FROM training_invoice_counters WHERE series = 'F'`);
  const res = await bill(staff, session, { ...form.fields, amount_rest: '75' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /dépasse le reste à charge/);
  assert.equal(dbValue(server.database, `SELECT MAX(last_number) FROM training_invoice_counters WHERE series = 'F'`), counter);
});

test('payments: partial then full; beyond the total refused; a paid invoice cannot be cancelled; a credit note cancels an unpaid one', async () => {
  const t = newTrainee(server.database, session, { organisation: '' });
  const form = await billForm(staff, session, t.application);
  assert.equal(form.fields.payer, 'self', 'no organisation: the person pays');
  assert.equal(form.fields.buyer_name, t.name);
  let res = await bill(staff, session, { ...form.fields, amount_rest: '1000', email_rest: '' });
  assert.equal(res.status, 303);
  res = await bill(staff, session, { ...form.fields, amount_rest: '500', email_rest: t.email });
  assert.equal(res.status, 303);
  const [first, second] = invoicesOf(server.database, t.application);
  assert.equal(first.status, 'issued');
  assert.equal(second.status, 'sent');
  const url = `/formations/factures/${first.id}`;
  await staff.get(url);
  const pay = (fields) => staff.post(`${url}/paiements`, { paid_on: new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }), method: 'transfer', reference: '', _submission: randomUUID(), ...fields });

  const before = snapshot(t.application);
  res = await pay({ amount: '1000,01' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /dépasse le reste à payer/);
  assert.match(res.text, /name="amount" value="1000,01"[^>]*aria-invalid="true"/);
  assert.equal(snapshot(t.application), before);
  res = await pay({ amount: '400', method: 'bitcoin' });
  assert.equal(res.status, 422);
  assert.equal(snapshot(t.application), before);

  res = await pay({ amount: '400' });
  assert.equal(res.status, 303);
  assert.deepEqual(invoicesOf(server.database, t.application).slice(0, 1).map((i) => [i.status, i.paid]), [['partially_paid', 40000]]);
  assert.match(decode((await staff.get(url)).text), /Partiellement payée/);
  // Partially paid: no credit note.
  res = await staff.post(`${url}/avoir`, { reason: 'Erreur', _submission: randomUUID() });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /a reçu des paiements/);
  res = await pay({ amount: '600', method: 'cheque', reference: 'CHQ 123' });
  assert.equal(res.status, 303);
  assert.deepEqual(invoicesOf(server.database, t.application).slice(0, 1).map((i) => [i.status, i.paid]), [['paid', 100000]]);
  assert.match(decode((await staff.get(url)).text), /CHQ 123/);

  // A credit note: its own series, references the invoice, cancels it; sent to where the invoice went.
  const secondUrl = `/formations/factures/${second.id}`;
  await staff.get(secondUrl);
  res = await staff.post(`${secondUrl}/avoir`, { reason: '', _submission: randomUUID() });
  assert.equal(res.status, 422);
  res = await staff.post(`${secondUrl}/avoir`, { reason: 'Montant erroné, remplacé par une nouvelle facture.', _submission: randomUUID() });
  assert.equal(res.status, 303);
  const after = invoicesOf(server.database, t.application);
  const credit = after.find((i) => i.kind === 'credit_note');
  assert.ok(credit);
  assert.match(credit.number, /^A20\d\d-\d{4}$/);
  assert.equal(after.find((i) => i.id === second.id).status, 'cancelled');
  assert.equal(Number(dbValue(server.database, `SELECT credit_of FROM training_invoices WHERE id = ${credit.id}`)), second.id);
  const creditText = pdfText((await download(server, staff, `/formations/factures/${credit.id}/pdf`)).bytes);
  assert.match(creditText, new RegExp(`Avoir n° ${credit.number}`));
  assert.match(creditText, new RegExp(`annule la facture n° ${second.number}`));
  await waitForMail((m) => m.to === t.email && m.subject.includes(credit.number));
  // The cancelled invoice takes no payment; its amount may be billed again.
  await staff.get(secondUrl);
  res = await pay({ amount: '500' }).then(() => staff.post(`${secondUrl}/paiements`, { paid_on: '2026-01-01', amount: '1', method: 'transfer', _submission: randomUUID() }));
  assert.equal(res.status, 422);
  const form2 = await billForm(staff, session, t.application);
  assert.equal(form2.fields.amount_rest, '500,00');
});

test('a person under a training contract: no invoice while it is unsigned, due date after the withdrawal period, no payment before its end', async () => {
  const t = newTrainee(server.database, session, { organisation: '' });
  const now = Math.floor(Date.now() / 1000);
  const ends = now + 40 * 86400;
  // A contract as the agreements module stores it (sent, not yet signed).
  querySql(server.database, `INSERT INTO training_agreements (session_id, application_id, kind, status, party_name, party_email, title, created_at, updated_at) VALUES (${session}, ${t.application}, 'contract', 'sent', ${q(t.name)}, ${q(t.email)}, 'Contrat de formation', ${now}, ${now})`);
  const form = await billForm(staff, session, t.application);
  assert.equal(form.fields.payer, 'self');
  assert.match(decode(form.html), /Contrat de formation non signé ou rétracté/);
  let before = snapshot(t.application);
  let res = await bill(staff, session, { ...form.fields, amount_rest: '1500', email_rest: '' });
  assert.equal(res.status, 422);
  assert.match(decode(res.text), /Le contrat de formation n'est pas signé ou a été rétracté/);
  assert.equal(snapshot(t.application), before, 'nothing changed');

  // Signed: the withdrawal period ends in 40 days; the invoice is due no earlier.
  querySql(server.database, `UPDATE training_agreements SET status = 'signed', signed_at = ${now}, withdrawal_ends_at = ${ends} WHERE application_id = ${t.application}`);
  res = await bill(staff, session, { ...form.fields, amount_rest: '1500', email_rest: '' });
  assert.equal(res.status, 303, decode(res.text).slice(0, 500));
  const [inv] = invoicesOf(server.database, t.application);
  const endDay = new Date(ends * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  assert.ok(inv.due >= endDay, `due ${inv.due} ≥ ${endDay}`);

  const url = `/formations/factures/${inv.id}`;
  assert.match(decode((await staff.get(url)).text), /avant la fin du délai de rétractation/);
  before = snapshot(t.application);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  res = await staff.post(`${url}/paiements`, { paid_on: today, amount: '100', method: 'transfer', _submission: randomUUID() });
  assert.equal(res.status, 422);
  const message = decode(res.text).replace(/[\u00a0\u202f]/g, " ");
  assert.match(message, /Aucune somme ne peut être exigée avant la fin du délai de rétractation, le \d{1,2}(er)? \S+ 20\d\d/);
  assert.equal(snapshot(t.application), before, 'nothing changed');

  // The period over (moved into the past): the payment is taken.
  querySql(server.database, `UPDATE training_agreements SET withdrawal_ends_at = ${now - 86400} WHERE application_id = ${t.application}`);
  await staff.get(url);
  res = await staff.post(`${url}/paiements`, { paid_on: today, amount: '100', method: 'transfer', _submission: randomUUID() });
  assert.equal(res.status, 303);
  assert.equal(invoicesOf(server.database, t.application)[0].status, 'partially_paid');
});

test('past its due date an invoice is overdue, reminded at due+7 and due+30 once each (jobs run-due)', async () => {
  const t = newTrainee(server.database, session);
  const form = await billForm(staff, session, t.application);
  const res = await bill(staff, session, { ...form.fields, amount_rest: '300', email_rest: `late-${t.tag}@example.org` });
  assert.equal(res.status, 303);
  const [inv] = invoicesOf(server.database, t.application);
  const due = Math.floor(new Date(`${inv.due}T12:00:00+01:00`).getTime() / 1000);
  const run = (now) => {
    const r = runTrame(['jobs', 'run-due', '--now', String(now), '--database', server.database]);
    assert.equal(r.status, 0, r.stderr);
  };
  run(due - 86400);
  assert.equal(invoicesOf(server.database, t.application)[0].status, 'sent', 'not yet due');
  run(due + 2 * 86400);
  assert.equal(invoicesOf(server.database, t.application)[0].status, 'overdue');
  assert.equal(dbValue(server.database, `SELECT reminded_7_at FROM training_invoices WHERE id = ${inv.id}`), '0');
  for (const now of [due + 8 * 86400, due + 8 * 86400 + 60]) run(now);
  const seven = dbValue(server.database, `SELECT reminded_7_at FROM training_invoices WHERE id = ${inv.id}`);
  assert.notEqual(seven, '0');
  await waitForMail((m) => m.to === `late-${t.tag}@example.org` && m.subject.startsWith('Relance') && m.subject.includes(inv.number));
  for (const now of [due + 31 * 86400, due + 31 * 86400 + 60]) run(now);
  assert.equal(dbValue(server.database, `SELECT reminded_7_at FROM training_invoices WHERE id = ${inv.id}`), seven, 'once');
  assert.notEqual(dbValue(server.database, `SELECT reminded_30_at FROM training_invoices WHERE id = ${inv.id}`), '0');
  await waitForMail((m) => m.to === `late-${t.tag}@example.org` && m.subject.startsWith('Seconde relance'));
  const reminders = dbValue(server.database, `SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'late-${t.tag}@example.org'`);
  assert.equal(Number(reminders), 3, 'the invoice, then one reminder of each kind');
  // A payment of the whole amount makes it paid.
  await staff.get(`/formations/factures/${inv.id}`);
  const paid = await staff.post(`/formations/factures/${inv.id}/paiements`, { paid_on: new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }), amount: '300', method: 'transfer', _submission: randomUUID() });
  assert.equal(paid.status, 303);
  assert.equal(invoicesOf(server.database, t.application)[0].status, 'paid');
});

test('the year\'s invoices: the list and the XLSX read back', async () => {
  const year = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 4);
  const list = await staff.get(`/formations/factures?annee=${year}`);
  assert.equal(list.status, 200);
  assert.match(list.text, /data-invoice=/);
  const number = dbValue(server.database, `SELECT number FROM training_invoices WHERE year = ${year} ORDER BY id DESC LIMIT 1`);
  const xlsx = await download(server, staff, `/formations/factures.xlsx?annee=${year}`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.type, /spreadsheetml/);
  const strings = decode(xlsxPart(xlsx.bytes, 'xl/worksheets/sheet1.xml'));
  for (const header of ['Numéro', 'Client', 'Financeur', 'Total HT', 'TVA', 'Total TTC', 'Payé', 'Statut', 'Échéance']) assert.ok(strings.includes(header), header);
  assert.ok(strings.includes(number), number);
  assert.ok(strings.includes('Uniformation'));
});

test('only the organiser\'s managers see invoices: another organiser\'s manager gets 404, a trainer 403, and nothing changes', async () => {
  const id = Number(dbValue(server.database, `SELECT MIN(id) FROM training_invoices WHERE session_id = ${session}`));
  // The trainer holds no trainings.manage: refused by the route's permission (403).
  for (const [c, status] of [[trainer, 403], [other, 404]]) {
    assert.equal((await c.get(`/formations/sessions/${session}/factures`)).status, status);
    assert.equal((await c.get(`/formations/factures/${id}`)).status, status);
    assert.equal((await c.get(`/formations/factures/${id}/pdf`)).status, status);
  }
  {
    const before = JSON.stringify(dbRows(server.database, `SELECT id, status, paid_cents FROM training_invoices WHERE id = ${id}`));
    await other.get('/formations/factures');
    const res = await other.post(`/formations/factures/${id}/paiements`, { paid_on: '2026-01-01', amount: '1', method: 'transfer', _submission: randomUUID() });
    assert.equal(res.status, 404);
    assert.equal(JSON.stringify(dbRows(server.database, `SELECT id, status, paid_cents FROM training_invoices WHERE id = ${id}`)), before);
  }
});

