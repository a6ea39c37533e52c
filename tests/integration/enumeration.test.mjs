// Public forms that e-mail an address typed in them: the training application form and the complaint
// form. They must not tell whether an address has an account (the application form answers a known
// address like an unknown one and e-mails its owner instead), must not relay text typed by a stranger
// to that address (acknowledgments hold nothing typed in the form), and are rate limited per address
// and per IP in the database, so that concurrent submits cannot exceed the budget.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, runTrame, startTrame, waitForMail } from './harness.mjs';
import {
  alertOf, apply, createSession, fresh, programmeId, signIn, textOf,
} from './enrolments_fixtures.mjs';

const PASSWORD = 'une phrase de passe solide 42';
const STRANGER_TEXT = 'Gagnez 1000 euros sur http://arnaque.example/gain';

let server;
let staff;
let openSession;

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  openSession = await createSession(staff, await programmeId(staff), { max: 12 });
});
after(async () => { await server?.stop(); });

function addUser(srv, label) {
  const email = `${fresh(label)}@exemple.test`;
  const r = runTrame(['user', 'add', '--email', email, '--name', 'Titulaire Du Compte', '--role', 'referent',
    '--password-stdin', '--database', srv.database], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, `user add failed: ${r.stdout}${r.stderr}`);
  return email;
}

// A page without its per-request tokens (CSRF, form ids), to compare two answers.
function withoutTokens(html) {
  return html.replace(/value="[A-Za-z0-9_.-]{16,}"/g, 'value=""').replace(/value="s-[0-9a-f]+"/g, 'value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""');
}

function statusCounts(answers) {
  const counts = {};
  for (const a of answers) counts[a.status] = (counts[a.status] || 0) + 1;
  return counts;
}

async function applicationsOf(client) {
  const page = await client.get('/formations/candidatures');
  assert.equal(page.status, 200);
  return [...page.text.matchAll(/href="\/formations\/candidatures\/(\d+)"/g)].length;
}

// ---- the public application form ---------------------------------------------------------

test('the application form answers a known address exactly as an unknown one, and e-mails its owner instead', async () => {
  const known = addUser(server, 'connu');
  const unknown = `${fresh('inconnu')}@exemple.test`;
  const fields = { name: STRANGER_TEXT, organisation_name: 'Centre social', motivation: 'Une motivation.' };
  const a = new Client(server.url);
  const b = new Client(server.url);
  const forUnknown = await apply(a, openSession, { ...fields, email: unknown });
  const forKnown = await apply(b, openSession, { ...fields, email: known.toUpperCase() });
  assert.equal(forUnknown.res.status, 303, alertOf(forUnknown.res));
  assert.equal(forKnown.res.status, 303, alertOf(forKnown.res));
  assert.equal(forKnown.res.location, forUnknown.res.location);
  const pageUnknown = await a.get(forUnknown.res.location);
  const pageKnown = await b.get(forKnown.res.location);
  assert.equal(pageKnown.status, pageUnknown.status);
  assert.equal(withoutTokens(pageKnown.text), withoutTokens(pageUnknown.text));
  assert.doesNotMatch(textOf(pageKnown.text), /compte existe/);

  // The owner is told that someone used the address, with the way to apply signed in; nothing typed
  // by the stranger is in it.
  const told = await waitForMail((m) => m.to === known && /connectez-vous/.test(m.subject));
  assert.match(told.body, new RegExp(`/formations/sessions/${openSession}/candidater`));
  assert.match(told.body, /mot-de-passe-oublie/);
  assert.doesNotMatch(told.body, /arnaque|Gagnez/);
  // The new address gets its password link, without the typed name either.
  const account = await waitForMail((m) => m.to === unknown && m.body.includes('/reinitialisation/'));
  assert.doesNotMatch(account.body, /arnaque|Gagnez/);

  // Nothing was recorded for the known account.
  const owner = new Client(server.url);
  assert.equal((await owner.login(known, PASSWORD)).status, 303);
  assert.equal(await applicationsOf(owner), 0);
});

test('6 parallel anonymous applications with one address: 3 are answered, 3 get 429, one account', async () => {
  const own = await startTrame();
  after(() => own.stop());
  const ownStaff = await signIn(own, DEMO.training_staff);
  const session = await createSession(ownStaff, await programmeId(ownStaff), { max: 12 });
  const email = `${fresh('rafale')}@exemple.test`;
  const clients = await Promise.all(Array.from({ length: 6 }, async () => {
    const c = new Client(own.url);
    await c.get(`/formations/sessions/${session}/candidater`);
    return c;
  }));
  const answers = await Promise.all(clients.map((c) => c.post(`/formations/sessions/${session}/candidater`, {
    sector: 'social', organisation: '', organisation_name: 'Centre social', job_role: '', motivation: 'Motivée.',
    project: '', funding: 'opco', adaptation: '', name: 'Camille Rafale', email, _submission: fresh(),
    trainee_status: 'employee', employer_type: 'association',
  })));
  assert.deepEqual(statusCounts(answers), { 303: 3, 429: 3 });
  for (const r of answers.filter((x) => x.status === 429)) assert.match(alertOf(r), /Trop de candidatures/);
  // One account and one application: the other two answered were told to the owner.
  const list = await ownStaff.get(`/formations/sessions/${session}/candidatures`);
  assert.equal([...list.text.matchAll(/<tr data-application="/g)].length, 1);
});

// ---- the public complaint form ------------------------------------------------------------

function options(text, selectId) {
  const decoded = text.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const select = decoded.match(new RegExp(`<select id="${selectId}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(select, `no select ${selectId}`);
  const out = {};
  for (const m of select[1].matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)) out[m[2]] = m[1];
  return out;
}

async function complaintClient(srv) {
  const c = new Client(srv.url);
  const form = await c.get('/formations/reclamations/nouvelle');
  return { c, orgs: options(form.text, 'c-organisation') };
}

function complaint(orgs, extra = {}) {
  return {
    _submission: randomUUID(), name: 'Jeanne Test', email: `plainte-${randomUUID().slice(0, 8)}@example.org`,
    kind: 'trainee', organisation: orgs.Sagiterre, programme: '', session: '',
    subject: `Salle trop petite ${randomUUID().slice(0, 6)}`, message: 'La salle était trop petite.', ...extra,
  };
}

test('the complaint acknowledgment holds nothing typed in the form', async () => {
  const { c, orgs } = await complaintClient(server);
  const fields = complaint(orgs, { name: STRANGER_TEXT, subject: `${STRANGER_TEXT} ${randomUUID().slice(0, 6)}`,
    message: STRANGER_TEXT });
  const res = await c.post('/formations/reclamations/nouvelle', fields);
  assert.equal(res.status, 303);
  const number = res.location.match(/envoyee=(\d+)/)[1];
  const ack = await waitForMail((m) => m.to === fields.email && m.subject.includes(`n° ${number}`));
  assert.match(ack.body, new RegExp(`numéro ${number}`));
  assert.match(ack.body, /Sagiterre/);
  assert.doesNotMatch(ack.body + ack.subject, /arnaque|Gagnez|Jeanne/);
  // The organiser's staff still read the whole complaint.
  const staffMail = await waitForMail((m) => m.to === DEMO.training_staff && m.body.includes(fields.subject));
  assert.ok(staffMail);
});

test('complaints are limited per address (3 a day) and per IP (10 an hour), even in parallel; a refusal records nothing', async () => {
  const own = await startTrame();
  after(() => own.stop());
  const { c, orgs } = await complaintClient(own);
  const email = `rafale-${randomUUID().slice(0, 8)}@example.org`;
  const answers = await Promise.all(Array.from({ length: 8 },
    () => c.post('/formations/reclamations/nouvelle', complaint(orgs, { email }))));
  assert.deepEqual(statusCounts(answers), { 303: 3, 429: 5 });
  const refusal = answers.find((a) => a.status === 429);
  assert.match(refusal.text.replace(/&apos;|&#39;/g, "'"), /Trop de réclamations/);
  const ownStaff = await signIn(own, DEMO.training_staff);
  const csv = async () => (await ownStaff.get('/formations/reclamations.csv')).text;
  assert.equal((await csv()).split(email).length - 1, 3, 'three complaints recorded for the address');
  const acks = () => mails().filter((m) => m.to === email && /Accusé de réception/.test(m.subject)).length;
  await waitForMail((m) => m.to === email && /Accusé de réception/.test(m.subject));
  assert.ok(acks() <= 3);

  // Per IP: 10 an hour, whatever the addresses (3 used above).
  for (let i = 0; i < 7; i++) {
    const res = await c.post('/formations/reclamations/nouvelle', complaint(orgs));
    assert.equal(res.status, 303, `complaint ${i + 4} of the hour`);
  }
  const eleventh = complaint(orgs);
  const limited = await c.post('/formations/reclamations/nouvelle', eleventh);
  assert.equal(limited.status, 429);
  assert.doesNotMatch(await csv(), new RegExp(eleventh.subject));
});
