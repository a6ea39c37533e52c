// Sendings of a questionnaire (campaigns): to members of organisations and to a list of e-mail
// addresses (validated, French 422, nothing created), sent now with a working link, the list of who has
// not answered (names, never answers), reminders, closing (links then refused), public links (one
// invitation per visitor, each token works once, regenerated links), other organisations refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, mailTo, mails, startTrame, until, waitForMail } from '../harness.mjs';
import { alertOf, decode, fresh, sessionId, signIn, textOf } from '../enrolments_fixtures.mjs';
import { answerAll, cycleOf, tokenFor } from '../campaigns_fixtures.mjs';
import { dbRows, q } from '../questionnaire_fixtures.mjs';

let server;
let staff;
let qid;      // Sagiterre's satisfaction questionnaire (anonymous), copied by the demo cycle
let sagiterreOrg;

before(async () => {
  server = await startTrame();
  staff = await signIn(server, DEMO.training_staff);
  const demoSession = await sessionId(staff);
  const cycle = await cycleOf(staff, demoSession);
  assert.ok(cycle.end, 'the demo session has its evaluation cycle');
  const detail = await staff.get(`/questionnaires/envois/${cycle.end.campaign}`);
  assert.equal(detail.status, 200);
  qid = Number(detail.text.match(/href="\/questionnaires\/(\d+)"/)[1]);
  const form = await staff.get(`/questionnaires/${qid}/envois`);
  sagiterreOrg = form.text.match(/<option value="(\d+)" >Sagiterre<\/option>/)[1];
});

after(async () => {
  await server?.stop();
});

async function create(fields) {
  await staff.get(`/questionnaires/${qid}/envois`);
  return staff.post(`/questionnaires/${qid}/envois`, {
    title: fresh('Envoi'), audience: 'funders', session: '', emails: '', when: 'now', send_date: '', send_time: '09:00',
    closes_date: '', reminder_days: '3,7', _submission: fresh(), ...fields,
  });
}

// The sendings titled so: the refused tries below each carry one fresh title and count only those, since
// the campaigns job may create the demo sessions' evaluation cycles (and send them) at any moment.
const titled = (title) => Number(dbRows(server.database,
  `SELECT COUNT(*) FROM questionnaire_campaigns WHERE title = '${title}'`)[0][0]);

test('a list of e-mail addresses is validated: French 422, values kept, nothing created', async () => {
  const title = fresh('Refusé');
  const refused = (fields) => create({ title, ...fields });
  const bad = await refused({ emails: 'financeur@example.org\npas-une-adresse\n' });
  assert.equal(bad.status, 422);
  assert.match(alertOf(bad), /« pas-une-adresse » n'est pas une adresse électronique valide/);
  assert.match(bad.text, /financeur@example.org/, 'what was typed is kept');
  const empty = await refused({ emails: '  \n' });
  assert.equal(empty.status, 422);
  assert.match(alertOf(empty), /au moins une adresse/);
  const past = await refused({ emails: 'a@example.org', when: 'later', send_date: '2020-01-01' });
  assert.equal(past.status, 422);
  assert.match(alertOf(past), /dans le futur/);
  const days = await refused({ emails: 'a@example.org', reminder_days: '7,3' });
  assert.equal(days.status, 422);
  assert.match(alertOf(days), /jours croissants/);
  assert.equal(titled(title), 0, 'nothing created');
});

// The invitations of a sending: { email: attributes (parsed) }, read from the database (reading only).
const invitationAttributes = (campaignId) => Object.fromEntries(dbRows(server.database,
  `SELECT email, attributes FROM questionnaire_invitations WHERE campaign_id = ${campaignId} ORDER BY id`)
  .map(([email, attributes]) => [email, JSON.parse(attributes)]));

test('addresses from a CSV table: each invitation keeps its row\'s attributes (pasted or uploaded)', async () => {
  const [a, b, c] = [fresh('csv'), fresh('csv'), fresh('csv')].map((x) => `${x}@example.org`);
  // Pasted, ';' separated, headers as a spreadsheet writes them; an empty value is left out.
  const pasted = await create({ title: 'Financeurs par secteur',
    recipients_csv: `Courriel;Secteur;Territoire d'action\n${a.toUpperCase()};Social;Nord\n${b};Culturel;\n` });
  assert.equal(pasted.status, 303, alertOf(pasted));
  const id = Number(pasted.location.match(/envois\/(\d+)/)[1]);
  assert.deepEqual(invitationAttributes(id), { [a]: { secteur: 'Social', territoire_d_action: 'Nord' }, [b]: { secteur: 'Culturel' } });
  assert.deepEqual(JSON.parse(dbRows(server.database, `SELECT attribute_labels FROM questionnaire_campaigns WHERE id = ${id}`)[0][0]),
    { secteur: 'Secteur', territoire_d_action: "Territoire d'action" });
  await waitForMail((m) => m.to === a && m.body.includes('/questionnaires/repondre/'));
  const page = await staff.get(pasted.location);
  assert.match(page.text, /id="campaign-invited">2</);

  // Uploaded as a file (multipart form), ',' separated, UTF-8 with a byte order mark.
  await staff.get(`/questionnaires/${qid}/envois`);
  const form = new FormData();
  for (const [k, v] of Object.entries({ _csrf: staff.csrf, _submission: fresh(), title: 'Financeurs (fichier)', audience: 'funders',
    session: '', emails: '', recipients_csv: '', when: 'now', send_date: '', send_time: '09:00', closes_date: '', reminder_days: '' })) form.append(k, v);
  form.append('recipients_file', new Blob(['\uFEFFemail,Secteur\r\n', `${c},Éducation populaire\r\n`], { type: 'text/csv' }), 'financeurs.csv');
  const uploaded = await staff.request('POST', `/questionnaires/${qid}/envois`, { body: form });
  assert.equal(uploaded.status, 303, alertOf(uploaded));
  const fileId = Number(uploaded.location.match(/envois\/(\d+)/)[1]);
  assert.deepEqual(invitationAttributes(fileId), { [c]: { secteur: 'Éducation populaire' } });

  // Cells copied from a spreadsheet and pasted (tab-separated).
  const d = `${fresh('tab')}@example.org`;
  const tabbed = await create({ recipients_csv: `Courriel\tSecteur\r\n${d}\tSocial\r\n` });
  assert.equal(tabbed.status, 303, alertOf(tabbed));
  assert.deepEqual(invitationAttributes(Number(tabbed.location.match(/envois\/(\d+)/)[1])), { [d]: { secteur: 'Social' } });

  // The one-address-per-line list still makes invitations without attributes.
  const plain = await create({ emails: `${fresh('plain')}@example.org` });
  assert.equal(plain.status, 303, alertOf(plain));
  assert.deepEqual(Object.values(invitationAttributes(Number(plain.location.match(/envois\/(\d+)/)[1]))), [{}]);
});

test('a refused CSV table: a French message naming the line, the table kept, nothing created', async () => {
  const title = fresh('Refusé');
  const refused = (fields) => create({ title, ...fields });
  const good = `${fresh('ok')}@example.org`;
  const invitations = () => Number(dbRows(server.database,
    `SELECT COUNT(*) FROM questionnaire_invitations WHERE email = '${good}'`)[0][0]);
  const refusals = [
    [`Nom;Secteur\n${good};Social\n`, /^Ligne 1 : la première colonne doit être celle des adresses, intitulée « courriel »/],
    [`courriel;a;b;c;d;e;f\n${good};1;2;3;4;5;6\n`, /^Ligne 1 : 5 colonnes d'attributs au plus/],
    [`courriel;Secteur\n${good};Social\nautre@example.org;Culturel\npas-une-adresse;Social\n`,
      /^Ligne 4 : « pas-une-adresse » n'est pas une adresse électronique valide\. Rien n'a été créé\.$/],
    [`courriel;Prénom\n${good};Jeanne\n`, /^Ligne 1 : la colonne « Prénom » identifierait des personnes/],
    [`courriel;Secteur\n${good};Social;en trop\n`, /^Ligne 2 : /],
    [`courriel;Secteur\n${good};${'x'.repeat(61)}\n`, /^Ligne 2 : la valeur de « Secteur » dépasse 60 caractères/],
  ];
  for (const [table, message] of refusals) {
    const res = await refused({ recipients_csv: table });
    assert.equal(res.status, 422, table);
    assert.match(alertOf(res), message);
    assert.ok(decode(res.text).includes(good), 'the table typed is kept');
    assert.match(res.text, /id="c-recipients_csv" name="recipients_csv"[^>]*aria-invalid="true"/);
  }
  const both = await refused({ emails: good, recipients_csv: `courriel\n${good}\n` });
  assert.equal(both.status, 422);
  assert.match(alertOf(both), /pas les deux/);
  assert.equal(titled(title), 0, 'no sending created');
  assert.equal(invitations(), 0, 'no invitation created');
});

test('funders: sent now, working links, who has not answered (names, not answers), remind, close', async () => {
  const a = `${fresh('fin')}@example.org`;
  const b = `${fresh('fin')}@example.org`;
  const res = await create({ title: 'Regard des financeurs', emails: `${a}\n${b.toUpperCase()}\n${a}` });
  assert.equal(res.status, 303, alertOf(res));
  const url = res.location;
  const id = Number(url.match(/envois\/(\d+)/)[1]);
  await waitForMail((m) => m.to === a && m.body.includes('/questionnaires/repondre/'));
  await waitForMail((m) => m.to === b && m.body.includes('/questionnaires/repondre/'));
  let page = await staff.get(url);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="campaign-invited">2</, 'one invitation per address (duplicates removed)');
  assert.ok(page.text.includes(a) && page.text.includes(b), 'both listed as not answered yet');

  // a answers (the link works, once).
  const visitor = new Client(server.url);
  const token = tokenFor(a);
  const done = await answerAll(visitor, `/questionnaires/repondre/${token}`);
  assert.equal(done.status, 200);
  const again = await visitor.get(`/questionnaires/repondre/${token}`);
  assert.match(decode(again.text), /déjà répondu/);

  page = await staff.get(url);
  assert.match(page.text, /id="campaign-answered">1</);
  assert.match(page.text, /id="campaign-rate">50 %</);
  const waiting = page.text.match(/<table class="campaigns-table" id="waiting-table">[\s\S]*?<\/table>/)[0];
  assert.ok(waiting.includes(b) && !waiting.includes(a), 'only who has not answered');
  assert.ok(!textOf(page.text).includes('Des échanges très utiles') && !textOf(page.text).includes('Une réponse'),
    'never what anyone answered');

  // Remind now: b only.
  const remind = await staff.post(`${url}/relancer`, { _submission: fresh() });
  assert.equal(remind.status, 303);
  await waitForMail((m) => m.to === b && /^Rappel/.test(m.subject));
  // Counted in the outbox (the reminders are enqueued by the request), not by waiting for the sink.
  const reminders = (to) => dbRows(server.database, `SELECT subject FROM mail_outbox WHERE recipient = ${q(to)}`)
    .filter(([s]) => /^Rappel/.test(s)).length;
  assert.equal(reminders(a), 0, 'no reminder to who answered');
  assert.equal(reminders(b), 1, 'one reminder to who did not');

  // Close: b's link is refused by the answering page.
  const bToken = tokenFor(b, /^Rappel/);
  await staff.get(url);
  const closed = await staff.post(`${url}/cloturer`, { _submission: fresh() });
  assert.equal(closed.status, 303);
  page = await staff.get(url);
  assert.match(page.text, /id="campaign-status"><span class="campaign-status campaign-closed">/);
  const late = await new Client(server.url).get(`/questionnaires/repondre/${bToken}`);
  assert.ok(!late.text.includes('class="answers-form"'), 'a closed campaign accepts no answer');
  assert.ok(id > 0);
});

test('members of chosen organisations get the questionnaire', async () => {
  // The sink keeps the mails of earlier runs: the new invitation is the link not seen before.
  const links = () => new Set(mails().filter(mailTo(DEMO.trainer)).map((m) => (m.body.match(/https?:\/\/\S+\/questionnaires\/repondre\/\S+/) || [''])[0]));
  const seen = links();
  const res = await create({ title: 'Équipe Sagiterre', audience: 'members', organisations: sagiterreOrg, emails: '' });
  assert.equal(res.status, 303, alertOf(res));
  const fresh_link = await until(() => [...links()].find((l) => l && !seen.has(l)),
    'the trainer, a member of Sagiterre, is invited', 15000, 200);
  const mail = mails().filter(mailTo(DEMO.trainer)).find((m) => m.body.includes(fresh_link));
  assert.match(mail.body, /Mes questionnaires/);
  const trainer = await signIn(server, DEMO.trainer);
  const page = await trainer.get(new URL(fresh_link).pathname);
  assert.equal(page.status, 200);
  assert.match(page.text, /class="answers-form"/);
  const none = await create({ title: 'Sans organisme', audience: 'members', emails: '' });
  assert.equal(none.status, 422);
  assert.match(alertOf(none), /au moins un organisme/);
});

test('a public link: one invitation per visitor, each token once, regenerated links', async () => {
  const res = await create({ title: 'Lien public', audience: 'public', emails: '' });
  assert.equal(res.status, 200, 'the link is shown once, on the page');
  const link = new URL(decode(res.text.match(/id="public-link-url" href="([^"]+)"/)[1])).pathname;
  const url = `/questionnaires/envois/${res.text.match(/action="\/questionnaires\/envois\/(\d+)\/cloturer"/)[1]}`;
  assert.ok(!(await staff.get(url)).text.includes(link), 'never shown again');

  const v1 = new Client(server.url);
  const first = await v1.get(link);
  assert.equal(first.status, 303);
  const t1 = first.location;
  assert.match(t1, /^\/questionnaires\/repondre\//);
  const reload = await v1.get(link);
  assert.equal(reload.location, t1, 'the same browser keeps its invitation');
  const v2 = new Client(server.url);
  const second = await v2.get(link);
  assert.notEqual(second.location, t1, 'another visitor gets their own token');
  const done = await answerAll(v1, t1);
  assert.equal(done.status, 200);
  assert.match(decode((await v1.get(t1)).text), /déjà répondu/, 'the token works once');
  assert.match(decode((await v1.get((await v1.get(link)).location)).text), /déjà répondu/, 'the link does not give a second answer');

  const page = await staff.get(url);
  assert.match(page.text, /id="campaign-invited">2</);
  assert.match(page.text, /id="campaign-answered">1</);

  const regen = await staff.post(`${url}/lien`, { _submission: fresh() });
  assert.equal(regen.status, 200);
  const newLink = new URL(decode(regen.text.match(/id="public-link-url" href="([^"]+)"/)[1])).pathname;
  assert.notEqual(newLink, link);
  assert.equal((await new Client(server.url).get(link)).status, 404, 'the old link no longer works');
  assert.equal((await new Client(server.url).get(newLink)).status, 303);
});

test('a scheduled sending goes at its date; another organisation is refused', async () => {
  const res = await create({ title: 'Plus tard', emails: 'plus-tard@example.org', when: 'later', send_date: '2031-05-04',
    send_time: '10:00', closes_date: '2031-06-30' });
  assert.equal(res.status, 303, alertOf(res));
  const page = await staff.get(res.location);
  assert.match(textOf(page.text), /Envoi prévu le 04\/05\/2031 10:00/);
  assert.match(textOf(page.text), /Clôture le 30\/06\/2031/);

  const coord = await signIn(server, DEMO.coordinator);
  assert.equal((await coord.get(`/questionnaires/${qid}/envois`)).status, 404);
  assert.equal((await coord.get(res.location)).status, 404);
  await coord.get('/compte');
  assert.equal((await coord.post(`${res.location}/envoyer`, { _submission: fresh() })).status, 404);
  assert.equal((await coord.post(`/questionnaires/${qid}/envois`, { title: 'x', audience: 'public', when: 'now' })).status, 404);
  // Its manager sends it now, once.
  await staff.get(res.location);
  assert.equal((await staff.post(`${res.location}/envoyer`, { _submission: fresh() })).status, 303);
  await waitForMail((m) => m.to === 'plus-tard@example.org');
  await staff.get(res.location);
  const twice = await staff.post(`${res.location}/envoyer`, { _submission: fresh() });
  assert.equal(twice.status, 303);
  assert.match(decode((await staff.get(res.location)).text), /déjà parti/);
  // A scheduled sending cancelled never goes.
  const other = await create({ title: 'Annulé', emails: 'annule@example.org', when: 'later', send_date: '2031-05-04' });
  assert.equal(other.status, 303, alertOf(other));
  await staff.get(other.location);
  assert.equal((await staff.post(`${other.location}/annuler`, { _submission: fresh() })).status, 303);
  await staff.get(other.location);
  assert.equal((await staff.post(`${other.location}/envoyer`, { _submission: fresh() })).status, 303);
  const cancelled = decode((await staff.get(other.location)).text);
  assert.match(cancelled, /campaign-cancelled/);
  assert.match(cancelled, /pas en cours : rien n'a été modifié/);
});
