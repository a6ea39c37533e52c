// The toolbox and the group space of a training session (/formations): staff add files, links and
// markdown notes classified by module; enrolled trainees read and download; others get 403; bad
// input gets a French message (422) and changes nothing; threads and replies e-mail the members
// (not the author, not those who turned the e-mails off); a file shared in a reply joins the
// toolbox; a removed resource stays in the history and cannot be downloaded any more.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, mails, mailSettled, runTrame, startTrame, waitForMail } from '../harness.mjs';
import { admit, anonymousApplicant, sessionId, withdraw } from '../enrolments_fixtures.mjs';

const SPRING = 'Session printemps 2027';
const ANCENIS = "Pays d'Ancenis 2022-2023";

let server;
let staff;     // formation@sagiterre.local: manages Sagiterre's sessions
let trainer;   // formateur@sagiterre.local: trainer of the spring session
let trainee;   // stagiaire@paul-guimard.local: admitted on the spring session
let outsider;  // a volunteer: no business with trainings
let spring;    // session ids
let ancenis;

const unique = (prefix) => `${prefix} ${randomBytes(3).toString('hex')}`;
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'").replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

// Posts a multipart form (fetch the page with the form first, for the CSRF token).
async function postMultipart(client, path, fields, file, submission = unique('s')) {
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('_submission', submission);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([file.bytes], { type: file.type || 'application/octet-stream' }), file.name);
  return client.request('POST', path, { body: form });
}

async function addResource(client, session, fields, file) {
  await client.get(`/formations/sessions/${session}/boite-a-outils`);
  return postMultipart(client, `/formations/sessions/${session}/boite-a-outils`, fields, file);
}

async function toolbox(client, session) {
  const page = await client.get(`/formations/sessions/${session}/boite-a-outils`);
  assert.equal(page.status, 200);
  return page;
}

// The id of the resource titled `title` on the toolbox page.
function resourceId(html, title) {
  const m = html.match(new RegExp(`<h3 id="resource-(\\d+)">${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  return m ? Number(m[1]) : null;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  spring = await sessionId(staff, SPRING);
  ancenis = await sessionId(await signIn(DEMO.coordinator), ANCENIS);
  trainer = await signIn(DEMO.trainer);
  trainee = await signIn(DEMO.trainee);
  outsider = await signIn(DEMO.volunteer);
});
after(async () => { await server?.stop(); });

test('staff add a file, a link and a note; an enrolled trainee reads and downloads; others get 403', async () => {
  const fileTitle = unique('Support de séance');
  let res = await addResource(staff, spring, { kind: 'file', title: fileTitle, module: '' },
    { bytes: PDF, name: 'support séance.pdf', type: 'application/pdf' });
  assert.equal(res.status, 303);
  const linkTitle = unique('Site du Département');
  res = await addResource(trainer, spring, { kind: 'link', title: linkTitle, url: 'https://www.loire-atlantique.fr/culture' });
  assert.equal(res.status, 303);
  const noteTitle = unique('Consignes');
  const page0 = await toolbox(staff, spring);
  const module1 = page0.text.match(/<option value="(\d+)" >Module 1<\/option>/)[1];
  res = await addResource(staff, spring, { kind: 'note', title: noteTitle, module: module1,
    body: '## À préparer\n\n- un **récit** de projet\n\n<script>alert(1)</script>' });
  assert.equal(res.status, 303);

  // The trainee reads the toolbox: the note under Module 1, rendered safely; no add or remove form.
  const page = await toolbox(trainee, spring);
  const t = text(page.text);
  assert.match(t, new RegExp(`Module 1 .*${noteTitle}`));
  assert.match(t, new RegExp(`Général .*${fileTitle}`));
  assert.match(page.text, /<strong>récit<\/strong>/);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /href="https:\/\/www.loire-atlantique.fr\/culture"/);
  assert.doesNotMatch(page.text, /Ajouter une ressource/);
  assert.doesNotMatch(page.text, /\/supprimer"/);
  // Welcome notes of the demo, one per module.
  assert.match(t, /Bienvenue dans le Module 1/);
  assert.match(t, /Bienvenue dans le Module 2/);

  const id = resourceId(page.text, fileTitle);
  assert.ok(id);
  const download = await trainee.get(`/formations/ressources/${id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.match(download.headers.get('content-disposition'), /^attachment; filename="support s__ance.pdf"; filename\*=UTF-8''support%20s%C3%A9ance.pdf$/);
  assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
  assert.match(download.headers.get('cache-control'), /no-store/);
  assert.ok(download.text.startsWith('%PDF-1.4'));

  // Not enrolled: 403 for the toolbox, the download, the group space.
  for (const path of [`/formations/sessions/${spring}/boite-a-outils`, `/formations/ressources/${id}`,
    `/formations/sessions/${spring}/groupe`]) {
    assert.equal((await outsider.get(path)).status, 403, path);
  }
  // The trainee is not enrolled on the Département's sessions.
  assert.equal((await trainee.get(`/formations/sessions/${ancenis}/boite-a-outils`)).status, 403);
  // A trainee may not add or remove.
  await trainee.get(`/formations/sessions/${spring}/groupe`);
  res = await postMultipart(trainee, `/formations/sessions/${spring}/boite-a-outils`, { kind: 'link', title: 'x', url: 'https://exemple.org' });
  assert.equal(res.status, 403);
  res = await trainee.post(`/formations/ressources/${id}/supprimer`, {});
  assert.equal(res.status, 403);
  // Anonymous visitors are sent to the login page.
  const anonymous = new Client(server.url);
  assert.equal((await anonymous.get(`/formations/sessions/${spring}/boite-a-outils`)).status, 303);
  assert.equal((await anonymous.get('/formations/ressources/999999')).status, 303);
  assert.equal((await staff.get('/formations/ressources/999999')).status, 404);
  assert.equal((await staff.get('/formations/sessions/999999/boite-a-outils')).status, 404);
});

test('bad input: a clear French message, 422, nothing saved', async () => {
  const before = await toolbox(staff, spring);
  const count = (html) => (html.match(/<article class="ts-resource"/g) || []).length;
  const title = unique('Refusé');
  const cases = [
    [{ kind: 'file', title }, { bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), name: 'outil.pdf' }, /type de fichier n'est pas accepté/],
    [{ kind: 'file', title }, { bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), name: 'gros.pdf' }, /dépasse 10 Mo/],
    [{ kind: 'file', title }, null, /Choisissez le fichier à envoyer/],
    [{ kind: 'link', title, url: 'javascript:alert(1)' }, null, /commençant par http:\/\/ ou https:\/\//],
    [{ kind: 'link', title, url: 'ftp://exemple.org/doc' }, null, /commençant par http:\/\/ ou https:\/\//],
    [{ kind: 'link', title: '  ', url: 'https://exemple.org' }, null, /Indiquez un titre/],
    [{ kind: 'note', title, body: '' }, null, /Écrivez le contenu de la note/],
    [{ kind: 'note', title, body: 'x', module: '999999' }, null, /n'appartient pas au programme/],
    [{ kind: 'video', title }, null, /un fichier, un lien ou une note/],
  ];
  for (const [fields, file, message] of cases) {
    const res = await addResource(staff, spring, fields, file);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(text(res.text), message);
    assert.match(res.text, /role="alert"/);
  }
  // The values are kept.
  const kept = await addResource(staff, spring, { kind: 'link', title: 'Mon lien gardé', url: 'ftp://gardé' });
  assert.match(kept.text, /value="Mon lien gardé"/);
  assert.match(kept.text, /value="ftp:\/\/gardé"/);
  const afterPage = await toolbox(staff, spring);
  assert.equal(count(afterPage.text), count(before.text));
  assert.doesNotMatch(afterPage.text, new RegExp(title));

  // The group space: empty title or message, message too long, file refused.
  await staff.get(`/formations/sessions/${spring}/groupe`);
  const bad = [
    [{ title: '', body: 'Bonjour' }, null, /Indiquez un titre/],
    [{ title, body: '   ' }, null, /Écrivez votre message/],
    [{ title, body: 'é'.repeat(10000) }, null, /ne doit pas dépasser 5 000 caractères/],
    [{ title, body: 'Voici' }, { bytes: Buffer.from('\x00\x01\x02binaire'), name: 'a.txt' }, /type de fichier n'est pas accepté/],
  ];
  for (const [fields, file, message] of bad) {
    const res = await postMultipart(staff, `/formations/sessions/${spring}/groupe`, fields, file);
    assert.equal(res.status, 422, JSON.stringify(fields).slice(0, 80));
    assert.match(text(res.text), message);
  }
  const group = await staff.get(`/formations/sessions/${spring}/groupe`);
  assert.doesNotMatch(group.text, new RegExp(title));
});

test('threads and replies e-mail the members, not the author nor who turned the e-mails off', async () => {
  const title = unique('Covoiturage pour le séminaire');
  await staff.get(`/formations/sessions/${spring}/groupe`);
  let res = await postMultipart(staff, `/formations/sessions/${spring}/groupe`, { title, body: 'Qui part de **Nantes** ?' });
  assert.equal(res.status, 303);
  const threadPath = res.location;
  assert.match(threadPath, /^\/formations\/fils\/\d+$/);
  const toTrainee = await waitForMail((m) => m.to === DEMO.trainee && m.subject.includes(title));
  assert.match(toTrainee.subject, /Nouveau fil/);
  assert.match(toTrainee.body, /Qui part de \*\*Nantes\*\* \?/);
  assert.match(toTrainee.body, new RegExp(`${threadPath}`));
  assert.match(toTrainee.body, /Pour ne plus recevoir ces e-mails/);
  assert.match(toTrainee.body, new RegExp(`/formations/sessions/${spring}/groupe`));
  await waitForMail((m) => m.to === DEMO.trainer && m.subject.includes(title));

  // The trainer turns the e-mails off; the trainee replies.
  let group = await trainer.get(`/formations/sessions/${spring}/groupe`);
  assert.match(text(group.text), /Ne plus recevoir les e-mails/);
  res = await trainer.post(`/formations/sessions/${spring}/groupe/notifications`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  group = await trainer.get(`/formations/sessions/${spring}/groupe`);
  assert.match(text(group.text), /Recevoir de nouveau les e-mails/);

  await trainee.get(threadPath);
  res = await postMultipart(trainee, threadPath, { body: 'Moi, je peux prendre deux personnes.' });
  assert.equal(res.status, 303);
  assert.match(res.location, /#message-\d+$/);
  const reply = await waitForMail((m) => m.to === DEMO.training_staff && m.subject.includes(title) && /Réponse/.test(m.subject));
  assert.match(reply.body, /deux personnes/);
  await mailSettled(server);
  const about = mails().filter((m) => m.subject.includes(title));
  assert.equal(about.filter((m) => m.to === DEMO.training_staff && /Nouveau fil/.test(m.subject)).length, 0, 'no mail to the author');
  assert.equal(about.filter((m) => m.to === DEMO.trainee && /Réponse/.test(m.subject)).length, 0, 'no mail to the replying author');
  assert.equal(about.filter((m) => m.to === DEMO.trainer && /Réponse/.test(m.subject)).length, 0, 'no mail to a muted member');
  assert.equal(about.filter((m) => m.to === DEMO.administrator).length, 0);

  // The thread shows both messages; the group lists the thread first (latest activity).
  const thread = await trainee.get(threadPath);
  assert.match(text(thread.text), /Qui part de Nantes \?.*deux personnes/);
  assert.match(thread.text, /<strong>Nantes<\/strong>/);
  group = await trainee.get(`/formations/sessions/${spring}/groupe`);
  assert.match(text(group.text), new RegExp(`Fils de discussion ${title}`));

  // The trainee turns the e-mails off too (their enrolment's choice), then back on.
  res = await trainee.post(`/formations/sessions/${spring}/groupe/notifications`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.match(text((await trainee.get(`/formations/sessions/${spring}/groupe`)).text), /Vous ne recevez plus d'e-mails/);
  const second = unique('Lectures');
  await staff.get(`/formations/sessions/${spring}/groupe`);
  res = await postMultipart(staff, `/formations/sessions/${spring}/groupe`, { title: second, body: 'Une idée de lecture ?' });
  assert.equal(res.status, 303);
  // The other trainees of the session are told; the trainee and the muted trainer are not.
  await waitForMail((m) => m.subject.includes(second) && m.to.endsWith('@demo.trame.local'));
  await mailSettled(server);
  assert.deepEqual(mails().filter((m) => m.subject.includes(second) && [DEMO.trainee, DEMO.trainer, DEMO.training_staff]
    .includes(m.to)).map((m) => m.to), []);
  await trainee.get(`/formations/sessions/${spring}/groupe`);
  await trainee.post(`/formations/sessions/${spring}/groupe/notifications`, { _submission: unique('s') });
  await trainer.get(`/formations/sessions/${spring}/groupe`);
  await trainer.post(`/formations/sessions/${spring}/groupe/notifications`, { _submission: unique('s') });
  // Non-members may neither read a thread nor reply.
  assert.equal((await outsider.get(threadPath)).status, 403);
  await outsider.get('/compte');
  assert.equal((await outsider.post(threadPath, { body: 'intrus' })).status, 403);
});

test('a file shared in a reply joins the toolbox; removing a resource keeps its history', async () => {
  const title = unique('Photos de la visite');
  await trainee.get(`/formations/sessions/${spring}/groupe`);
  let res = await postMultipart(trainee, `/formations/sessions/${spring}/groupe`, { title, body: 'Le lieu de la visite :' });
  assert.equal(res.status, 303);
  const threadPath = res.location;
  await trainee.get(threadPath);
  const fileName = `${unique('plan')}.png`.replace(' ', '-');
  res = await postMultipart(trainee, threadPath, { body: 'Le plan, en pièce jointe.' }, { bytes: PNG, name: fileName, type: 'image/png' });
  assert.equal(res.status, 303);
  const thread = await staff.get(threadPath);
  const fileId = Number(thread.text.match(new RegExp(`href="/formations/ressources/(\\d+)" download>${fileName}`))[1]);

  // In the toolbox, under "Partagé par le groupe", for the staff and the trainee.
  const page = await toolbox(trainee, spring);
  assert.match(text(page.text), new RegExp(`Partagé par le groupe .*${fileName}`));
  const download = await trainer.get(`/formations/ressources/${fileId}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'image/png');

  // The staff remove it: 404 afterwards, gone from the toolbox, the thread says so, the journal keeps it.
  await toolbox(staff, spring);
  res = await staff.post(`/formations/ressources/${fileId}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 303);
  assert.equal((await trainee.get(`/formations/ressources/${fileId}`)).status, 404);
  assert.equal((await staff.get(`/formations/ressources/${fileId}`)).status, 404);
  assert.doesNotMatch((await toolbox(trainee, spring)).text, new RegExp(fileName));
  assert.match(text((await trainee.get(threadPath)).text), /Fichier partagé retiré de la boîte à outils/);
  await toolbox(staff, spring);
  res = await staff.post(`/formations/ressources/${fileId}/supprimer`, { _submission: unique('s') });
  assert.equal(res.status, 404);
  const admin = await signIn(DEMO.administrator);
  const journal = text((await admin.get('/admin/journal')).text);
  assert.match(journal, /training_space\.resource_removed/);
  assert.match(journal, /training_space\.resource_shared/);
});

test('a double submit acts once; long threads paginate and a reply leads to its page', async () => {
  const title = unique('Double envoi');
  await trainee.get(`/formations/sessions/${spring}/groupe`);
  const once = unique('s');
  let res = await postMultipart(trainee, `/formations/sessions/${spring}/groupe`, { title, body: 'Une fois.' }, null, once);
  assert.equal(res.status, 303);
  const threadPath = res.location;
  res = await postMultipart(trainee, `/formations/sessions/${spring}/groupe`, { title, body: 'Une fois.' }, null, once);
  assert.equal(res.status, 303);
  const group = await trainee.get(`/formations/sessions/${spring}/groupe`);
  assert.equal((group.text.match(new RegExp(title, 'g')) || []).length, 1);

  // 21 messages in all: the thread has a second page, where the last reply is.
  for (let i = 1; i <= 20; i++) {
    res = await postMultipart(trainee, threadPath, { body: `Message numéro ${i}.` });
    assert.equal(res.status, 303);
  }
  assert.match(res.location, new RegExp(`^${threadPath}\\?page=2#message-\\d+$`));
  const first = await trainee.get(threadPath);
  assert.equal((first.text.match(/<article class="ts-post"/g) || []).length, 20);
  assert.match(first.text, /rel="next"/);
  const second = await trainee.get(`${threadPath}?page=2`);
  assert.match(text(second.text), /Message numéro 20\./);
  assert.doesNotMatch(text(second.text), /Une fois\./);
});

test('access follows the enrolment: an applicant gets in once admitted, and out once withdrawn', async () => {
  const { client: applicant, id, email } = await anonymousApplicant(server, spring);
  const paths = [`/formations/sessions/${spring}/boite-a-outils`, `/formations/sessions/${spring}/groupe`, '/formations/ressources/3'];
  for (const path of paths) assert.equal((await applicant.get(path)).status, 403, `before admission ${path}`);
  await admit(staff, id);
  for (const path of paths) assert.equal((await applicant.get(path)).status, 200, `admitted ${path}`);
  // A member now: told of new threads.
  const title = unique('Bienvenue aux nouveaux');
  await trainer.get(`/formations/sessions/${spring}/groupe`);
  const res = await postMultipart(trainer, `/formations/sessions/${spring}/groupe`, { title, body: 'Bienvenue !' });
  assert.equal(res.status, 303);
  await waitForMail((m) => m.to === email && m.subject.includes(title));
  assert.equal((await withdraw(applicant, id, 'Changement de poste')).status, 303);
  for (const path of paths) assert.equal((await applicant.get(path)).status, 403, `withdrawn ${path}`);
});

test('demo: the Pays d\'Ancenis toolbox and group space, and a second demo run adds nothing', async () => {
  const coordinator = await signIn(DEMO.coordinator);
  const page = await toolbox(coordinator, ancenis);
  const t = text(page.text);
  assert.match(t, /Grille d'observation d'une sortie culturelle/);
  assert.match(page.text, /href="https:\/\/www.loire-atlantique.fr"/);
  const group = await coordinator.get(`/formations/sessions/${ancenis}/groupe`);
  assert.match(text(group.text), /Retours sur la sortie au spectacle avec les aînés/);
  const threadId = group.text.match(/href="\/formations\/fils\/(\d+)">Retours sur la sortie/)[1];
  const thread = await coordinator.get(`/formations/fils/${threadId}`);
  assert.ok((thread.text.match(/<article class="ts-post"/g) || []).length >= 2);
  // Sagiterre's staff do not manage the Département's sessions.
  assert.equal((await staff.get(`/formations/sessions/${ancenis}/boite-a-outils`)).status, 403);

  assert.equal(runTrame(['demo', '--database', server.database]).status, 0);
  const again = text((await toolbox(coordinator, ancenis)).text);
  assert.equal(again.match(/Grille d'observation d'une sortie culturelle/g).length, 1);
  const groupAgain = text((await coordinator.get(`/formations/sessions/${ancenis}/groupe`)).text);
  assert.equal(groupAgain.match(/Retours sur la sortie au spectacle avec les aînés/g).length, 1);
  const springAgain = text((await toolbox(staff, spring)).text);
  assert.equal(springAgain.match(/Bienvenue dans le Module 1/g).length, 1);
});
