// Follow-up contacts ("têtes de réseau", /formations/sessions/{id}/contacts-suivi): a manager adds an existing
// account, found by e-mail, as the follow-up contact of some trainees of the session; the contact then reads
// those trainees' individual follow-up and attendance (/formations/candidatures/{id}/suivi), read-only, gets 404
// for another trainee's, lists them on « Mes stagiaires suivis »; removing the contact removes the access at
// once; each change is in the audit log; refused forms change nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, Client, startTrame } from '../harness.mjs';
import { dbRows, dbValue, q, textOf } from '../questionnaire_fixtures.mjs';
import { alertOf, applicationOf, fresh, post, sessionId, signIn, userId } from './coaching_fixtures.mjs';

const CONTACT = 'animation@culturesducoeur94.local';
let server, db, sid, page;
let staff, trainer, trainee, contact, followedApp, otherApp;

const contactRows = () => dbRows(db, `SELECT application_id FROM training_followup_contacts WHERE session_id = ${sid} AND user_id = ${userId(db, CONTACT)} ORDER BY application_id`).map((r) => Number(r[0]));

before(async () => {
  server = await startTrame();
  db = server.database;
  sid = sessionId(db);
  page = `/formations/sessions/${sid}/contacts-suivi`;
  staff = await signIn(server, DEMO.training_staff);
  trainer = await signIn(server, DEMO.trainer);
  trainee = await signIn(server, DEMO.trainee);
  contact = await signIn(server, CONTACT);
  followedApp = applicationOf(db, sid, 'nadia.cherif@demo.trame.local');
  otherApp = applicationOf(db, sid, 'thomas.guerin@demo.trame.local');
  // Start from no contact on the session (the demo gives one).
  dbRows(db, `DELETE FROM training_followup_contacts WHERE session_id = ${sid}`);
});
after(async () => { await server?.stop(); });

test('the contacts page is for the session managers: trainers and trainees 403, others 404', async () => {
  assert.equal((await staff.get(page)).status, 200);
  assert.equal((await trainer.get(page)).status, 403);
  assert.equal((await trainee.get(page)).status, 403);
  const coordinator = await signIn(server, DEMO.coordinator);
  assert.equal((await coordinator.get(page)).status, 404);
  assert.equal((await new Client(server.url).get(page)).status, 303);
});

test('refused contact forms change nothing', async () => {
  let res = await post(staff, page, page, { email: 'personne@nulle-part.local', trainees: String(followedApp) });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /Aucun compte Trame n'a cette adresse/);
  assert.match(res.text, /id="f-email"[^>]*aria-invalid="true"/);
  res = await post(staff, page, page, { email: CONTACT });
  assert.equal(res.status, 422);
  assert.match(textOf(res.text), /Cochez au moins un·e stagiaire/);
  res = await post(staff, page, page, { email: CONTACT, trainees: '999999' });
  assert.equal(res.status, 422);
  res = await post(trainer, `/formations/sessions/${sid}/accompagnement`, page, { email: CONTACT, trainees: String(followedApp) });
  assert.equal(res.status, 403);
  assert.deepEqual(contactRows(), []);
});

test('a follow-up contact reads their trainee\'s follow-up and attendance, not another\'s; removing them ends it', async () => {
  // The lookup by e-mail finds the account.
  const lookup = await staff.get(`${page}?email=${encodeURIComponent(CONTACT)}`);
  assert.equal(lookup.status, 200);
  assert.match(textOf(lookup.text), /Compte trouvé/);
  // Before: the contact reads nothing.
  assert.equal((await contact.get(`/formations/candidatures/${followedApp}/suivi`)).status, 403);
  // A follow-up note written by the trainer, which the contact will read.
  const note = fresh('Objectif');
  let res = await post(trainer, `/formations/candidatures/${followedApp}/suivi`, `/formations/candidatures/${followedApp}/suivi`,
    { meeting_at: '2027-02-20T10:00', mode: 'phone', objective: note, progress: '', next_step: '' });
  assert.equal(res.status, 303, alertOf(res));

  res = await post(staff, page, page, { email: CONTACT, trainees: String(followedApp) });
  assert.equal(res.status, 303, alertOf(res));
  assert.deepEqual(contactRows(), [followedApp]);
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM audit_log WHERE action = 'coaching.contact_added' AND subject = 'session:${sid}'`)), 1);
  assert.match(textOf((await staff.get(page)).text), /Chargée d'animation du réseau/);

  const mine = await contact.get(`/formations/candidatures/${followedApp}/suivi`);
  assert.equal(mine.status, 200);
  assert.match(mine.text, new RegExp(note));
  assert.match(textOf(mine.text), /en lecture seule/);
  assert.match(textOf(mine.text), /Présences par demi-journée/);
  assert.doesNotMatch(mine.text, /action="\/formations\/candidatures\/\d+\/suivi"/, 'no note form for a contact');
  assert.doesNotMatch(mine.text, /abandon|\/contacts"/);
  // Read-only: writing a note is refused and adds nothing.
  const notes = Number(dbValue(db, `SELECT COUNT(*) FROM training_followups WHERE application_id = ${followedApp}`));
  res = await contact.post(`/formations/candidatures/${followedApp}/suivi`, { _submission: fresh('s'), meeting_at: '2027-02-20T10:00', mode: 'phone', objective: 'intrus' });
  assert.equal(res.status, 403);
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM training_followups WHERE application_id = ${followedApp}`)), notes);
  // Another trainee of the same session: 404.
  assert.equal((await contact.get(`/formations/candidatures/${otherApp}/suivi`)).status, 404);
  // « Mes stagiaires suivis ».
  const list = await contact.get('/formations/stagiaires-suivis');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`/formations/candidatures/${followedApp}/suivi`));
  assert.doesNotMatch(list.text, new RegExp(`/formations/candidatures/${otherApp}/suivi`));
  // The dashboard leads there too.
  const dash = await contact.get('/tableau-de-bord');
  assert.match(textOf(dash.text), /Mes stagiaires suivi·es/);
  assert.match(dash.text, new RegExp(`/formations/candidatures/${followedApp}/suivi`));

  // Changing the set: now the other trainee, no longer the first.
  res = await post(staff, page, page, { email: CONTACT, trainees: String(otherApp) });
  assert.equal(res.status, 303, alertOf(res));
  assert.equal((await contact.get(`/formations/candidatures/${followedApp}/suivi`)).status, 404);
  assert.equal((await contact.get(`/formations/candidatures/${otherApp}/suivi`)).status, 200);

  // Removed: the access ends at once.
  const contactId = userId(db, CONTACT);
  await staff.get(page);
  res = await staff.post(`${page}/${contactId}/retirer`, { _submission: fresh('s') });
  assert.equal(res.status, 303);
  assert.deepEqual(contactRows(), []);
  assert.equal(Number(dbValue(db, `SELECT COUNT(*) FROM audit_log WHERE action = 'coaching.contact_removed' AND subject = 'session:${sid}' AND detail = ${q(`user:${contactId}`)}`)), 1);
  assert.equal((await contact.get(`/formations/candidatures/${otherApp}/suivi`)).status, 403);
  assert.doesNotMatch((await contact.get('/formations/stagiaires-suivis')).text, /\/formations\/candidatures\/\d+\/suivi/);
  // Removing again: nothing to remove (404), nothing logged.
  await staff.get(page);
  res = await staff.post(`${page}/${contactId}/retirer`, { _submission: fresh('s') });
  assert.equal(res.status, 404);
});

test('the trainee and the staff still read the follow-up as before', async () => {
  const own = applicationOf(db, sid, DEMO.trainee);
  assert.equal((await trainee.get(`/formations/candidatures/${own}/suivi`)).status, 200);
  assert.equal((await trainee.get(`/formations/candidatures/${followedApp}/suivi`)).status, 403);
  assert.equal((await trainer.get(`/formations/candidatures/${followedApp}/suivi`)).status, 200);
});
