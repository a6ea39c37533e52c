// The outing's day (issue 14): the ticket the person carries (a PDF, A6 and phone-sized, read back
// with pdftotext and pdfinfo: code, street address, places — nothing about the person), the signed
// link that opens it without an account (tampered → 403, expired or cancelled → 410), check-in on
// the wrong day refused then let through by the staff's checkbox and written to the audit log,
// cancelling with a reason shown to the venue, the ticket sent by e-mail to an address typed at the time
// and forgotten once sent (nor kept on the booking, the person or the journal) and the SMS-ready text, each role's dashboard panel, the labelled person
// picker and the person created from the booking form, the folded catalogue filters.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, TMP, querySql, startTrame, until, waitForMail } from '../harness.mjs';
import { PASSWORD, addUser, organisationIds, signIn } from '../bookings_fixtures.mjs';
import { bookSlot, createSlot } from '../guestlists_fixtures.mjs';
import { pictureInfo } from '../pictures.mjs';

let server;
const clients = {};
let slot;          // today, in 30 minutes, Théâtre Quartier Libre
let laterSlot;     // in 10 days, same venue
let booking;       // { id, code } on slot, 2 places
let laterBooking;  // on laterSlot

const decode = (s) => s.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const text = (html) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

async function as(role) {
  if (clients[role]) return clients[role];
  const c = new Client(server.url);
  const res = await c.login(DEMO[role]);
  assert.equal(res.status, 303, `login as ${role}`);
  clients[role] = c;
  return c;
}

async function download(c, url, base = server.url) {
  const headers = c ? { cookie: c.cookieHeader() } : {};
  const res = await fetch(base + url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function pdfTool(tool, bytes, args = []) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `ticket-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  server = await startTrame();
  slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Bourgeois gentilhomme (billet)', capacity: 10 });
  laterSlot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Bourgeois gentilhomme (plus tard)', capacity: 10, startsIn: 10 * 86400 });
  const referent = await as('referent');
  booking = await bookSlot(referent, slot, { index: 0, companions: 1 });
  laterBooking = await bookSlot(referent, laterSlot, { index: 1, companions: 0 });
});

after(async () => { await server?.stop(); });

test('the ticket PDF (A6 and phone) has the code, the street address and the places, and nothing about the person', async () => {
  const referent = await as('referent');
  const page = await referent.get(`/sorties/reservations/${booking.id}`);
  assert.equal(page.status, 200);
  const where = text(page.text.match(/<dt>Lieu<\/dt><dd>([\s\S]*?)<\/dd>/)?.[1] || '').trim();
  assert.ok(where.length > 5, `the booking page shows the venue: ${where}`);
  const beneficiary = (await referent.get('/sorties/reservations')).text
    .match(new RegExp(`${booking.code}[\\s\\S]*?(B-[A-Z0-9]{4}-[A-Z0-9]{2})`))?.[1];
  assert.ok(beneficiary, 'the relais list names the beneficiary by code');

  for (const [format, width, height] of [['a6.pdf', 298, 420], ['telephone.pdf', 270, 585]]) {
    const pdf = await download(referent, `/sorties/reservations/${booking.id}/billet/${format}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition'),
      new RegExp(`attachment; filename="billet-le-bourgeois-gentilhomme-billet-\\d{4}-\\d{2}-\\d{2}${format === 'a6.pdf' ? '' : '-telephone'}\\.pdf"`));
    const body = pdfTool('pdftotext', pdf.bytes).replace(/\s+/g, ' ');
    assert.match(body, new RegExp(booking.code));
    assert.match(body, /2 places/);
    assert.match(body, /Le Bourgeois gentilhomme/);
    for (const part of where.split(/\s{1,}(?=\d)/).slice(0, 1)) assert.ok(body.includes(part.split(' ')[0]), `${part} on the ticket`);
    assert.match(body, /À l'entrée/);
    assert.ok(!body.includes(beneficiary), 'no beneficiary code on the ticket');
    assert.doesNotMatch(body, /Cultures du Cœur|ans\b|foyer|QPV|quartier prioritaire/i);
    const info = pdfTool('pdfinfo', pdf.bytes);
    assert.match(info, /Title:\s+Invitation : Le Bourgeois gentilhomme \(billet\)/);
    assert.match(info, /Author:\s+\S/);
    assert.match(info, /Tagged:\s+yes/);
    assert.match(info, /Pages:\s+1\b/);
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    assert.ok(size && Math.round(Number(size[1])) === width && Math.round(Number(size[2])) === height, info);
  }
  // Someone who may not see the booking gets what an unknown id gets.
  const trainee = await as('trainee');
  assert.equal((await download(trainee, `/sorties/reservations/${booking.id}/billet/a6.pdf`)).status, 403);
  assert.equal((await download(referent, `/sorties/reservations/${booking.id}/billet/autre.pdf`)).status, 404);
});

test('the signed link opens the ticket without an account; tampered → 403, unknown → 404, expired → 410', async () => {
  const referent = await as('referent');
  const page = await referent.get(`/sorties/reservations/${booking.id}`);
  const link = decode(page.text.match(/id="ticket-link" type="text" readonly value="([^"]+)"/)?.[1] || '');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/sorties\/billets\/\d+\.\d+\.[0-9a-f]{8}\.[0-9a-f]{32}$/);
  const linkPath = new URL(link).pathname;
  // The same link is in the referent's confirmation e-mail, to pass on to the person.
  await waitForMail((m) => m.to === DEMO.referent && m.body.includes(link));
  const anonymous = new Client(server.url);
  const ticket = await anonymous.get(linkPath);
  assert.equal(ticket.status, 200);
  assert.equal(ticket.headers.get('cache-control'), 'private, no-store');
  assert.equal(ticket.headers.get('referrer-policy'), 'same-origin', 'the link is not sent to other sites');
  assert.match(ticket.text, new RegExp(booking.code));
  assert.match(text(ticket.text), /2 places/);
  assert.doesNotMatch(ticket.text, /B-[A-Z0-9]{4}-[A-Z0-9]{2}/);
  const pdf = await download(null, `${linkPath}/telephone.pdf`);
  assert.equal(pdf.status, 200);
  assert.match(pdfTool('pdftotext', pdf.bytes), new RegExp(booking.code));

  const [id, expires, key, mac] = linkPath.split('/').pop().split('.');
  const flip = (s) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
  assert.equal((await anonymous.get(`/sorties/billets/${id}.${expires}.${key}.${flip(mac)}`)).status, 403, 'wrong mac');
  assert.equal((await anonymous.get(`/sorties/billets/${id}.${Number(expires) + 86400}.${key}.${mac}`)).status, 403, 'longer expiry');
  assert.equal((await anonymous.get(`/sorties/billets/${laterBooking.id}.${expires}.${key}.${mac}`)).status, 403, 'another booking');
  assert.equal((await anonymous.get(`/sorties/billets/99999999.${expires}.${key}.${mac}`)).status, 404);
  assert.equal((await anonymous.get('/sorties/billets/nimportequoi')).status, 404);

  // The same link, two days later (a server on the same database with its clock ahead): gone.
  const later = await startTrame({ smtp: false, demo: false, database: server.database,
    env: { TRAME_CLOCK_OFFSET: String(3 * 86400) } });
  try {
    const res = await fetch(later.url + linkPath, { redirect: 'manual' });
    assert.equal(res.status, 410);
    assert.match(await res.text(), /a expiré/);
  } finally {
    await later.stop();
  }
});

test('the ticket is sent by e-mail to an address typed now, which is kept nowhere once sent; the SMS text is ready', async () => {
  const referent = await as('referent');
  const mine = await bookSlot(referent, laterSlot, { index: 3, companions: 1 });
  const url = `/sorties/reservations/${mine.id}`;
  const page = await referent.get(url);
  assert.equal(page.status, 200);
  const link = decode(page.text.match(/id="ticket-link" type="text" readonly value="([^"]+)"/)?.[1] || '');
  assert.ok(link, 'the booking page has the signed link');
  // The SMS text: the outing, when, the venue's address, the places, the code and the link; an sms: link.
  const sms = decode(page.text.match(/<textarea id="ticket-sms" readonly[^>]*>([^<]*)<\/textarea>/)?.[1] || '');
  assert.match(sms, new RegExp(`^Invitation : Le Bourgeois gentilhomme \\(plus tard\\), le .*\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}.* Lieu : Théâtre Quartier Libre, .+\\. 2 places\\. Code : ${mine.code}\\. Votre billet : `));
  assert.ok(sms.endsWith(link), sms);
  assert.doesNotMatch(sms, /B-[A-Z0-9]{4}-[A-Z0-9]{2}|Cultures du Cœur/);
  const href = decode(page.text.match(/href="(sms:[^"]+)"/)?.[1] || '');
  assert.equal(href, `sms:?&body=${encodeURIComponent(sms).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`);
  assert.match(page.text, /<input id="ticket-email" name="email" type="email" autocomplete="off" required/);
  assert.match(page.text, new RegExp(`<form method="post" action="${url}/billet-par-courriel" class="stack">\\s*<input type="hidden" name="_csrf"`));

  const outbox = () => Number(querySql(server.database, 'SELECT COUNT(*) FROM mail_outbox'));
  // A malformed address: refused in French, the form kept, nothing queued.
  const before = outbox();
  const bad = await referent.post(`${url}/billet-par-courriel`, { email: 'pas-une-adresse', _submission: referent.submission });
  assert.equal(bad.status, 422);
  assert.match(text(bad.text), /Saisissez une adresse e-mail valide, par exemple prenom\.nom@exemple\.fr : rien n'a été envoyé\./);
  assert.match(bad.text, /id="ticket-email" name="email" type="email" autocomplete="off" required spellcheck="false" value="pas-une-adresse"[^>]*aria-invalid="true"/);
  assert.equal(outbox(), before, 'nothing queued');

  const address = `personne.${randomUUID().slice(0, 8)}@exemple.org`;
  await referent.get(url);
  const sent = await referent.post(`${url}/billet-par-courriel`, { email: address, _submission: referent.submission });
  assert.equal(sent.status, 303);
  assert.equal(sent.location, url);
  const after = await referent.get(url);
  assert.match(text(after.text), /Le billet a été envoyé par courriel\. L'adresse saisie n'est pas conservée\./);
  assert.ok(!after.text.includes(address), 'the page does not show the address again');

  // The mail reaches the person with the ticket's lines and the link, which opens without an account.
  const mail = await waitForMail((m) => m.to === address);
  assert.equal(mail.subject, 'Votre invitation : Le Bourgeois gentilhomme (plus tard)');
  const body = mail.body.replace(/\r\n/g, '\n');
  assert.ok(body.includes(link), 'the signed link is in the mail');
  assert.match(body, /Théâtre Quartier Libre/);
  assert.match(body, /2 places/);
  assert.match(body, new RegExp(`À l'entrée : .*${mine.code}`));
  assert.doesNotMatch(body, /B-[A-Z0-9]{4}-[A-Z0-9]{2}|Cultures du Cœur|referente@/);
  const ticket = await new Client(server.url).get(new URL(link).pathname);
  assert.equal(ticket.status, 200);
  assert.match(ticket.text, new RegExp(mine.code));

  // Once sent, the outbox row holds neither the address nor the body; no other row keeps the address.
  const row = () => querySql(server.database, "SELECT id, status, recipient, body FROM mail_outbox WHERE subject = "
    + "'Votre invitation : Le Bourgeois gentilhomme (plus tard)' ORDER BY id DESC LIMIT 1").split('|');
  await until(() => row()[1] === 'sent', 'the invitation sent', 20000, 200);
  const [, status, recipient, mailBody] = row();
  assert.equal(status, 'sent');
  assert.equal(recipient, '[adresse effacée après envoi]');
  assert.equal(mailBody, '');
  const rows = (statement) => querySql(server.database, statement);
  assert.equal(Number(rows(`SELECT COUNT(*) FROM mail_outbox WHERE recipient = '${address}' OR body LIKE '%${address}%'`)), 0);
  assert.ok(!rows(`SELECT * FROM bookings WHERE id = ${mine.id}`).includes(address), 'not on the booking');
  assert.ok(!rows('SELECT * FROM beneficiaries').includes(address), 'not on the person');
  assert.ok(!rows('SELECT * FROM audit_log').includes(address), 'not in the journal');

  // The journal says the ticket of that booking was sent by e-mail, without the address.
  const journal = await (await as('administrator')).get('/admin/journal');
  assert.match(journal.text, /<code>booking\.ticket_mailed<\/code>/);
  assert.match(text(journal.text), new RegExp(`${mine.code} : billet envoyé par courriel à l'adresse de la personne \\(non conservée\\)`));
  assert.ok(!journal.text.includes(address));

  // A few sends per booking per hour, then a French refusal (429) and nothing queued.
  for (let i = 0; i < 2; i++) {
    await referent.get(url);
    assert.equal((await referent.post(`${url}/billet-par-courriel`, { email: address, _submission: referent.submission })).status, 303);
  }
  await referent.get(url);
  const queued = outbox();
  const limited = await referent.post(`${url}/billet-par-courriel`, { email: address, _submission: referent.submission });
  assert.equal(limited.status, 429);
  assert.match(text(limited.text), /déjà été envoyé plusieurs fois dans la dernière heure/);
  assert.equal(outbox(), queued);

  // Another relais's referent: the booking is not found, on its page and on the form's POST.
  const orgs = await organisationIds(await as('coordinator'), ['Relais social de Vitry-sur-Seine (fictif)']);
  addUser(server, 'referent.billets@test.local', 'referent', orgs['Relais social de Vitry-sur-Seine (fictif)']);
  const other = await signIn(server, 'referent.billets@test.local', PASSWORD);
  assert.equal((await other.get(url)).status, 404);
  await other.get('/sorties/beneficiaires');
  const foreign = await other.post(`${url}/billet-par-courriel`, { email: 'quelquun@exemple.org', _submission: other.submission });
  assert.equal(foreign.status, 404);
  assert.equal(outbox(), queued);

  // A cancelled booking offers neither the SMS text nor the form, and refuses the POST.
  await referent.get(`${url}/annuler`);
  assert.equal((await referent.post(`${url}/annuler`, { motive: 'mistake', _submission: referent.submission })).status, 303);
  const cancelled = await referent.get(url);
  const queuedAfterCancel = outbox();  // the referent's own "cancelled" e-mail
  assert.doesNotMatch(cancelled.text, /id="ticket-sms"|id="ticket-email"|billet-par-courriel/);
  const refused = await referent.post(`${url}/billet-par-courriel`, { email: address, _submission: `s-${randomUUID()}` });
  assert.equal(refused.status, 303);
  assert.match(text((await referent.get(refused.location)).text), /n'a plus de billet à envoyer/);
  assert.equal(outbox(), queuedAfterCancel);
});

test('check-in on another day is refused with a French message, then let through by the checkbox and audited', async () => {
  const staff = await as('partner_staff');
  const list = `/sorties/creneaux/${laterSlot}/invites`;
  await staff.get(list);
  const refused = await staff.post(list, { code: laterBooking.code, _submission: staff.submission });
  assert.equal(refused.status, 422);
  assert.match(text(refused.text), new RegExp(`Le code ${laterBooking.code} est une réservation pour le \\d{2}/\\d{2}/\\d{4}, pas pour aujourd'hui`));
  assert.match(refused.text, /name="override_day" type="checkbox" value="1"/);
  assert.match(text((await as('referent').then((c) => c.get(`/sorties/reservations/${laterBooking.id}`))).text), /Confirmée/);

  const through = await staff.post(list, { code: laterBooking.code, override_day: '1', _submission: staff.submission });
  assert.equal(through.status, 303);
  assert.match(text((await staff.get(list)).text), new RegExp(`Entrée enregistrée : ${laterBooking.code}`));
  const admin = await as('administrator');
  const journal = await admin.get('/admin/journal');
  assert.match(journal.text, /<code>booking\.checked_in_other_day<\/code>/);
  assert.match(text(journal.text), new RegExp(`${laterBooking.code} \\(créneau ${laterSlot} du \\d{4}-\\d{2}-\\d{2}, entrée le \\d{4}-\\d{2}-\\d{2}\\)`));

  // On the outing's day, no checkbox is needed.
  const today = `/sorties/creneaux/${slot}/invites`;
  await staff.get(today);
  assert.equal((await staff.post(today, { code: booking.code, _submission: staff.submission })).status, 303);
});

test('cancelling asks for a reason on its own page; the reason is kept and shown to the venue', async () => {
  const referent = await as('referent');
  const other = await bookSlot(referent, laterSlot, { index: 2, companions: 0 });
  const page = await referent.get(`/sorties/reservations/${other.id}`);
  // The booking page links to the cancellation; no cancel button sits under the QR code.
  assert.doesNotMatch(page.text, /action="\/sorties\/reservations\/\d+\/annuler"/);
  const qrAt = page.text.indexOf('class="booking-qr"');
  const cancelAt = page.text.indexOf(`href="/sorties/reservations/${other.id}/annuler"`);
  const ticketAt = page.text.indexOf('id="ticket-heading"');
  assert.ok(qrAt > 0 && ticketAt > qrAt && cancelAt > ticketAt, 'the ticket comes between the QR code and the cancel link');

  const form = await referent.get(`/sorties/reservations/${other.id}/annuler`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<select id="c-motive" name="motive" required/);
  const bare = await referent.post(`/sorties/reservations/${other.id}/annuler`, { _submission: referent.submission });
  assert.equal(bare.status, 422);
  assert.match(text(bare.text), /Choisissez le motif de l'annulation/);
  assert.match(text((await referent.get(`/sorties/reservations/${other.id}`)).text), /Confirmée/);
  await referent.get(`/sorties/reservations/${other.id}/annuler`);
  const tooLong = await referent.post(`/sorties/reservations/${other.id}/annuler`,
    { motive: 'transport', note: 'x'.repeat(301), _submission: referent.submission });
  assert.equal(tooLong.status, 422);

  await referent.get(`/sorties/reservations/${other.id}/annuler`);
  const done = await referent.post(`/sorties/reservations/${other.id}/annuler`,
    { motive: 'transport', note: 'Le bus ne passe plus ce soir-là', _submission: referent.submission });
  assert.equal(done.status, 303);
  const staff = await as('partner_staff');
  const seen = text((await staff.get(`/sorties/reservations/${other.id}`)).text);
  assert.match(seen, /Annulée/);
  assert.match(seen, /Motif d'annulation : Pas de moyen de transport — « Le bus ne passe plus ce soir-là »/);
  const closed = await referent.get(`/sorties/reservations/${other.id}/annuler`);
  assert.equal(closed.status, 200);
  assert.match(text(closed.text), /Cette réservation est déjà annulée/);
  assert.doesNotMatch(closed.text, /name="motive"/);
  // A cancelled booking has no ticket, through the page or the link.
  assert.equal((await download(referent, `/sorties/reservations/${other.id}/billet/a6.pdf`)).status, 410);
});

test('each role lands on its own outings panel; a role without outings gets none', async () => {
  const referent = text((await (await as('referent')).get('/tableau-de-bord')).text);
  assert.match(referent, /Mes prochaines sorties/);
  assert.match(referent, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \d+ places? · B-[A-Z0-9]{4}-[A-Z0-9]{2} · confirmée/i);
  assert.match(referent, /Réserver une sortie dans le catalogue/);
  assert.doesNotMatch(referent, /Prochains créneaux de mes lieux|Alertes des sorties/);

  const venue = text((await (await as('partner_staff')).get('/tableau-de-bord')).text);
  assert.match(venue, /Prochains créneaux de mes lieux/);
  assert.match(venue, /\d+ places? réservées? · \d+ places? restantes? sur 10/);
  assert.doesNotMatch(venue, /Mes prochaines sorties|Alertes des sorties/);

  const coordinator = text((await (await as('coordinator')).get('/tableau-de-bord')).text);
  assert.match(coordinator, /Alertes des sorties/);
  assert.doesNotMatch(coordinator, /Mes prochaines sorties|Prochains créneaux de mes lieux/);

  const trainee = text((await (await as('trainee')).get('/tableau-de-bord')).text);
  assert.doesNotMatch(trainee, /Mes prochaines sorties|Prochains créneaux de mes lieux|Alertes des sorties/);
});

test('the person picker shows labelled attributes, and a person created from the booking form comes back selected', async () => {
  const referent = await as('referent');
  const form = await referent.get(`/sorties/creneaux/${laterSlot}/reserver`);
  assert.match(decode(form.text), /<option value="\d+" >B-[A-Z0-9]{4}-[A-Z0-9]{2} — (\d+ à \d+ ans|60 ans et plus), (personne seule|foyer de \d+)<\/option>/);
  assert.doesNotMatch(form.text, /B-[A-Z0-9]{4}-[A-Z0-9]{2} — [0-9+-]+ — \d+</);
  assert.match(form.text, /<input type="hidden" name="slot" value="\d+">/);

  const bad = await referent.post('/sorties/beneficiaires',
    { slot: String(laterSlot), age_band: '6-11', household_size: '0', _submission: referent.submission });
  assert.equal(bad.status, 422);
  assert.match(bad.text, new RegExp(`action="/sorties/creneaux/${laterSlot}/reserver"`), 'the booking form again');
  assert.match(bad.text, /id="person-error"/);

  await referent.get(`/sorties/creneaux/${laterSlot}/reserver`);
  const made = await referent.post('/sorties/beneficiaires',
    { slot: String(laterSlot), age_band: '6-11', household_size: '3', _submission: referent.submission });
  assert.equal(made.status, 303);
  const m = made.location.match(new RegExp(`^/sorties/creneaux/${laterSlot}/reserver\\?beneficiaire=(\\d+)#k-beneficiary$`));
  assert.ok(m, made.location);
  const back = decode((await referent.get(made.location.split('#')[0])).text);
  assert.match(back, new RegExp(`<option value="${m[1]}" selected>B-[A-Z0-9]{4}-[A-Z0-9]{2} — 6 à 11 ans, foyer de 3</option>`));
});

test('the catalogue folds its filters under "Filtrer", open when one is in use; places are shown one way', async () => {
  const referent = await as('referent');
  const plain = await referent.get('/sorties');
  assert.match(plain.text, /<details class="catalogue-filters panel">\s*<summary>Filtrer/);
  const filtered = await referent.get('/sorties?famille=1');
  assert.match(filtered.text, /<details class="catalogue-filters panel" open>/);
  const slotPage = text((await referent.get(`/sorties/creneaux/${laterSlot}`)).text);
  const bookPage = text((await referent.get(`/sorties/creneaux/${laterSlot}/reserver`)).text);
  const staffPage = text((await (await as('partner_staff')).get(`/sorties/creneaux/${laterSlot}/annuler`)).text);
  for (const t of [slotPage, bookPage, staffPage]) assert.match(t, /\d+ places? restantes? sur 10/);
  assert.doesNotMatch(staffPage, /\d+ \/ 10/);
});

test("an offer without its own picture shows its venue's logo, on the catalogue and the offer page", async () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const referent = await as('referent');
  const catalogue0 = await referent.get(`/sorties?q=${encodeURIComponent('Bourgeois gentilhomme (plus tard)')}`);
  const offer = catalogue0.text.match(/href="(\/sorties\/offres\/\d+)">Le Bourgeois gentilhomme \(plus tard\)/)?.[1];
  assert.ok(offer, 'the catalogue finds the offer');
  const venue = (await referent.get(offer)).text.match(/href="\/annuaire\/structures\/(\d+)">Théâtre Quartier Libre/)?.[1];
  assert.ok(venue, 'the offer page links its venue');
  const admin = await as('administrator');
  await admin.get(`/admin/organisations/${venue}`);
  const form = new FormData();
  form.set('_csrf', admin.csrf);
  form.set('logo', new Blob([PNG], { type: 'image/png' }), 'logo.png');
  assert.equal((await admin.request('POST', `/admin/organisations/${venue}/logo`, { body: form })).status, 303);

  // The catalogue's kept page follows its data version (migration 0078: a logo's writes move it): no wait.
  const catalogue = await referent.get(`/sorties?q=${encodeURIComponent('Bourgeois gentilhomme (plus tard)')}`);
  assert.match(catalogue.text, new RegExp(`<img src="/annuaire/structures/${venue}/logo" alt="" class="offer-thumb offer-thumb-logo"`));
  assert.match((await referent.get(offer)).text, new RegExp(`<img src="/annuaire/structures/${venue}/logo" alt="" class="offer-image offer-image-logo"`));
  const logo = await download(referent, `/annuaire/structures/${venue}/logo`);
  assert.equal(logo.status, 200);
  // Written again at upload (issue 14): the same 1×1 picture, not necessarily the same bytes.
  assert.deepEqual(pictureInfo(logo.bytes), { type: 'image/png', width: 1, height: 1, alpha: true });
});
