// Trainer profiles (/formations/formateurs…): the demo's trainer with consent, CV and three skills entries shown on
// the programme page and publicly; withdrawing consent hides them at once; the trainer's own refusals (years, CV
// not a PDF or too large, skills entries) change nothing in the database; the managers' list with the last
// update and who has none in 12 months; who reads a profile and its CV.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';
import { dbRows, dbValue, textOf } from '../questionnaire_fixtures.mjs';

let server;
let staff;        // Sagiterre: manages the sessions the demo trainer teaches
let coordinator;  // Département de Loire-Atlantique
let trainer;
let trainerId;
let programme;

const sha = (b) => createHash('sha256').update(b).digest('hex');
const profile = () => dbRows(server.database, `SELECT expertise, years_practice, public_consent, cv_sha256, cv_size, updated_at FROM training_trainer_profiles WHERE user_id = ${trainerId}`)[0];
const skills = () => Number(dbValue(server.database, `SELECT COUNT(*) FROM training_trainer_skills WHERE user_id = ${trainerId}`));
const parisDay = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

async function anonymous(path) {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

async function saveProfile(fields) {
  await trainer.get('/formations/formateurs/moi');
  return trainer.post('/formations/formateurs/moi', { _submission: randomUUID(), ...fields });
}

async function upload(bytes, name, type = 'application/pdf') {
  await trainer.get('/formations/formateurs/moi');
  const form = new FormData();
  form.set('_csrf', trainer.csrf);
  form.set('_submission', randomUUID());
  form.set('cv', new Blob([bytes], { type }), name);
  return trainer.request('POST', '/formations/formateurs/moi/cv', { body: form });
}

async function addSkill(fields) {
  await trainer.get('/formations/formateurs/moi');
  return trainer.post('/formations/formateurs/moi/veille', { _submission: randomUUID(), skill_day: parisDay(-1), skill_title: 'Lecture test', skill_kind: 'reading', skill_hours: '2', skill_note: '', ...fields });
}

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  coordinator = await signIn(DEMO.coordinator);
  trainer = await signIn(DEMO.trainer);
  trainerId = Number(dbValue(server.database, `SELECT id FROM users WHERE email = '${DEMO.trainer}'`));
  programme = Number(dbValue(server.database, `SELECT s.programme_id FROM training_session_trainers st JOIN training_sessions s ON s.id = st.session_id JOIN training_programmes p ON p.id = s.programme_id WHERE st.user_id = ${trainerId} AND p.status = 'published' ORDER BY s.id LIMIT 1`));
});
after(async () => { await server?.stop(); });

test('the demo trainer consented: the programme page and the public profile show them, the CV is a PDF', async () => {
  const [expertise, years, consent, cvSha, cvSize] = profile();
  assert.match(expertise, /éducation populaire/);
  assert.equal(years, '14');
  assert.equal(consent, '1');
  assert.ok(Number(cvSize) > 0);
  assert.equal(skills(), 3);
  const page = await anonymous(`/formations/programmes/${programme}`);
  assert.equal(page.status, 200);
  const html = page.bytes.toString('utf8');
  assert.match(html, new RegExp(`href="/formations/formateurs/${trainerId}">Formateur Sagiterre</a>`));
  assert.match(textOf(html), /Les formateurs Formateur Sagiterre 14 ans de pratique Pédagogies de l'éducation populaire/);
  const pub = await anonymous(`/formations/formateurs/${trainerId}`);
  assert.equal(pub.status, 200);
  assert.match(textOf(pub.bytes.toString('utf8')), /Formateur Sagiterre 14 ans de pratique/);
  const cv = await anonymous(`/formations/formateurs/${trainerId}/cv`);
  assert.equal(cv.status, 200);
  assert.equal(cv.type, 'application/pdf');
  assert.equal(cv.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.equal(sha(cv.bytes), cvSha);
});

test('withdrawing consent hides the profile and the CV at once; managers still read it', async () => {
  const res = await saveProfile({ expertise: profile()[0], years_practice: '14' });  // consent unticked
  assert.equal(res.status, 303);
  assert.equal(profile()[2], '0');
  assert.doesNotMatch((await anonymous(`/formations/programmes/${programme}`)).bytes.toString('utf8'), new RegExp(`/formations/formateurs/${trainerId}"`));
  assert.equal((await anonymous(`/formations/formateurs/${trainerId}`)).status, 404);
  assert.equal((await anonymous(`/formations/formateurs/${trainerId}/cv`)).status, 404);
  assert.equal((await coordinator.get(`/formations/formateurs/${trainerId}`)).status, 404, 'another organisation');
  const managed = await staff.get(`/formations/formateurs/${trainerId}`);
  assert.equal(managed.status, 200);
  assert.match(textOf(managed.text), /Maintien des compétences/);
  assert.equal((await trainer.get(`/formations/formateurs/${trainerId}`)).status, 200);
  assert.equal((await saveProfile({ expertise: profile()[0], years_practice: '14', consent: '1' })).status, 303);
  assert.equal((await anonymous(`/formations/formateurs/${trainerId}`)).status, 200);
});

test('bad input on the profile, the CV and the skills entries is refused in French and changes nothing', async () => {
  const before = JSON.stringify(profile());
  const entries = skills();
  const cases = [
    [() => saveProfile({ expertise: 'x', years_practice: 'douze' }), /années de pratique entre 0 et 70/, 't-years'],
    [() => saveProfile({ expertise: 'x', years_practice: '71' }), /années de pratique entre 0 et 70/, 't-years'],
    [() => saveProfile({ expertise: '', years_practice: '3', consent: '1' }), /Décrivez votre expertise avant/, 't-expertise'],
    [() => saveProfile({ expertise: 'é'.repeat(2001), years_practice: '3' }), /2 000 caractères/, 't-expertise'],
    [() => upload(Buffer.from('Ceci est un texte, pas un PDF.'), 'cv.pdf'), /n'est pas un PDF/, 't-cv'],
    [() => upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10, 32)]), 'gros.pdf'), /dépasse 5 Mo/, 't-cv'],
    [() => addSkill({ skill_day: parisDay(3) }), /ne peut pas être dans le futur/, 't-skill_day'],
    [() => addSkill({ skill_day: '2026-02-30' }), /AAAA-MM-JJ/, 't-skill_day'],
    [() => addSkill({ skill_hours: 'deux' }), /durée en heures/, 't-skill_hours'],
    [() => addSkill({ skill_kind: 'sieste' }), /nature de l'action/, 't-skill_kind'],
    [() => addSkill({ skill_title: '  ' }), /intitulé de l'action/, 't-skill_title'],
  ];
  for (const [attempt, message, field] of cases) {
    const res = await attempt();
    assert.equal(res.status, 422, String(message));
    assert.match(textOf(res.text), message);
    assert.match(res.text, new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"|id="${field}"[^>]*aria-describedby="[^"]*${field}-error`), field);
  }
  // The typed value is kept.
  const kept = await saveProfile({ expertise: 'Texte gardé', years_practice: 'douze' });
  assert.match(kept.text, /Texte gardé/);
  assert.match(kept.text, /value="douze"/);
  assert.equal(JSON.stringify(profile()), before, 'profile unchanged');
  assert.equal(skills(), entries, 'no entry added');
});

test('the trainer replaces the CV with a PDF, adds and removes a skills entry; nobody removes another\'s entry', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const res = await upload(pdf, 'mon cv.pdf');
  assert.equal(res.status, 303);
  assert.equal(profile()[3], sha(pdf));
  const cv = await anonymous(`/formations/formateurs/${trainerId}/cv`);
  assert.equal(sha(cv.bytes), sha(pdf));
  const before = skills();
  const added = await addSkill({ skill_title: 'Colloque de test', skill_kind: 'conference', skill_hours: '3,5' });
  assert.equal(added.status, 303);
  assert.equal(skills(), before + 1);
  const id = dbValue(server.database, `SELECT MAX(id) FROM training_trainer_skills WHERE user_id = ${trainerId}`);
  assert.equal(dbValue(server.database, `SELECT minutes FROM training_trainer_skills WHERE id = ${id}`), '210');
  // Another user (staff holds trainings.teach? if not, 403) cannot delete it.
  await staff.get('/formations/formateurs');
  const other = await staff.post(`/formations/formateurs/moi/veille/${id}/supprimer`, { _submission: randomUUID() });
  assert.ok([403, 404].includes(other.status), `status ${other.status}`);
  assert.equal(skills(), before + 1);
  await trainer.get('/formations/formateurs/moi');
  const removed = await trainer.post(`/formations/formateurs/moi/veille/${id}/supprimer`, { _submission: randomUUID() });
  assert.equal(removed.status, 303);
  assert.equal(skills(), before);
});

test('the managers\' list: their trainers, the last skills update, who has none in 12 months; paginated and refused to others', async () => {
  const res = await staff.get('/formations/formateurs');
  assert.equal(res.status, 200);
  const text = textOf(res.text);
  assert.match(res.text, new RegExp(`href="/formations/formateurs/${trainerId}">Formateur Sagiterre</a>`));
  assert.match(text, /ont noté une action de maintien des compétences dans les 12 derniers mois|a noté une action de maintien/);
  assert.match(text, /indicateurs Qualiopi 21-22/);
  assert.equal((await trainer.get('/formations/formateurs')).status, 403);
  assert.notEqual((await anonymous('/formations/formateurs')).status, 200);
  const admin = await signIn(DEMO.administrator);
  assert.equal((await admin.get('/formations/formateurs?page=2')).status, 200);
});
