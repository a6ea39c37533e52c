// Trainings in a real browser: the public catalogue, a programme, a session and the calendar on a
// phone without signing in; the manager's pages (programme form, session, half-days) on a phone, a
// refused half-day announced in an alert with the values kept; every page passes axe and fits 375 px.
// Then the "done when": an organiser runs a session from the catalogue to the certificates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, path, label = path) {
  const res = await page.goto(server.url + path);
  assert.equal(res.status(), 200, path);
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, `${label} @375`);
}

test('the public pages on a phone, without signing in', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await check(page, '/formations');
  await page.getByRole('link', { name: "Pouvoir d'agir et coopération à l'épreuve du territoire" }).click();
  await page.waitForLoadState();
  const programme = page.url().replace(server.url, '');
  await check(page, programme);
  assert.match(await mainText(page), /Résultats de satisfaction : pas encore publiés/);
  await page.getByRole('link', { name: 'Session printemps 2027', exact: true }).first().click();
  await page.waitForLoadState();
  const session = page.url().replace(server.url, '');
  await check(page, session);
  assert.match(await mainText(page), /Séminaire 3/);
  await check(page, '/formations/calendrier?vue=liste');
  await check(page, '/formations/calendrier');
  // The month view is a table with a caption; its next-month link leads to the next table.
  const caption = await page.locator('table caption').innerText();
  await Promise.all([page.waitForNavigation(), page.locator('a[rel="next"]').click()]);
  assert.notEqual(await page.locator('table caption').innerText(), caption);
  await expectAccessible(page, 'mois suivant');
  await context.close();
});

test('a manager on a phone: programme form, session, half-days with a refused entry', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await check(page, '/formations/gestion');
  const programmeLink = page.getByRole('link', { name: "Pouvoir d'agir et coopération à l'épreuve du territoire" }).first();
  const programme = await programmeLink.getAttribute('href');
  await check(page, `${programme}/modifier`);
  await check(page, `${programme}/sessions/nouvelle`);
  await check(page, '/formations/programmes/nouveau');
  await page.goto(server.url + programme);
  const session = await page.getByRole('link', { name: 'Session printemps 2027', exact: true }).first().getAttribute('href');
  await check(page, session, 'session (gestion)');
  assert.match(await mainText(page), /Il manque \d+ stagiaires? pour atteindre le minimum de 7/);
  await check(page, `${session}/demi-journees`);
  // The programme's 70 hours are all planned: one more half-day is refused, with the values kept.
  await page.getByLabel('Date', { exact: true }).last().fill('2027-04-01');
  await page.locator('#h-start').fill('09:00');
  await page.locator('#h-end').fill('12:00');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ajouter la demi-journée' }).click()]);
  assert.match(await page.getByRole('alert').first().innerText(), /au-delà de la durée de la session et du programme/);
  assert.equal(await page.locator('#h-day').inputValue(), '2027-04-01');
  await expectAccessible(page, 'demi-journées avec erreur');
  await check(page, '/formations/agenda');
  await context.close();
});

// ---- The "done when" walk: an organiser runs a session from catalogue to certificates -------------
// One session, real browser, axe on every page: the organiser (laptop) creates a programme and a
// module through the forms, publishes it, creates a session (min 1, max 2) with three half-days three
// weeks ahead and opens it; an anonymous visitor finds it in the public catalogue; the trainee (phone)
// applies; interview proposed, confirmed, noted; admission, confirmed by the trainee; the session is
// confirmed. Then the server restarts on the same database with the clock moved (TRAME_CLOCK_OFFSET)
// into the first half-day: the trainer opens the sheet (code shown), the trainee signs with the code
// on a phone, the organiser countersigns; the session runs and is closed, the certificate of
// completion is generated and the trainee downloads it from "Mes documents": pdftotext finds the
// trainee's name and the programme title.

const TRAINEE_NAME = 'Stagiaire Paul Guimard';

// Paris calendar day (YYYY-MM-DD) of a JS time.
function parisDay(ms) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(ms));
}

// Clicks and waits for the page that follows (every form here posts and redirects or re-renders).
async function submit(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// axe on the page as it is; on a phone, no horizontal scrolling either.
async function audit(page, label, phone = false) {
  await expectAccessible(page, label);
  if (phone) await expectNoHorizontalScroll(page, `${label} @375`);
}

// The text of a PDF (a Buffer, or a Playwright API response), whitespace collapsed.
async function pdfText(source) {
  let bytes = source;
  if (!Buffer.isBuffer(source)) {
    assert.equal(source.status(), 200, source.url());
    bytes = await source.body();
  }
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = path.join(os.tmpdir(), `trame-walk-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function signedIn(server, email, viewport) {
  const opened = await newPage(browser, { viewport, acceptDownloads: true });
  await login(opened.page, server.url, email, DEMO_PASSWORD);
  assert.doesNotMatch(opened.page.url(), /\/connexion/, `${email} is signed in`);
  return opened;
}

async function noAlert(page, label) {
  const alerts = page.locator('main [role="alert"]');
  if (await alerts.count()) assert.fail(`${label}: ${await alerts.first().innerText()}`);
}

test('an organiser runs a session from the catalogue to the certificates', { timeout: 300000 }, async () => {
  const suffix = Math.random().toString(36).slice(2, 7);
  const programmeTitle = `Coopérer sur le territoire ${suffix}`;
  const sessionTitle = `Session navigateur ${suffix}`;
  const day1 = parisDay(Date.now() + 21 * 86400000);
  const day2 = parisDay(Date.now() + 22 * 86400000);
  const interviewDay = parisDay(Date.now() + 2 * 86400000);
  const contexts = [];
  let first = await startTrame({ smtp: false, env: { TRAME_TRAININGS_JOB_SECONDS: '3600' } });
  let second;
  try {
    // 1. The organiser creates the programme, its module, publishes it, creates and opens a session.
    const org = await signedIn(first, DEMO.training_staff, LAPTOP);
    contexts.push(org.context);
    let page = org.page;
    await page.goto(first.url + '/formations/gestion');
    await audit(page, 'gestion');
    await submit(page, page.getByRole('link', { name: 'Nouveau programme' }));
    await audit(page, 'nouveau programme');
    const form = page.getByRole('form', { name: 'Nouveau programme de formation' });
    await form.getByLabel('Organisateur', { exact: true }).selectOption({ label: 'Sagiterre' });
    await form.getByLabel('Titre', { exact: true }).fill(programmeTitle);
    await form.getByLabel('Nature de l\'action').selectOption('action_formation');
    await form.getByLabel('Présentation (pourquoi cette formation)').fill('Une formation-action pour **coopérer** entre structures sociales et culturelles.');
    await form.getByLabel('Objectifs', { exact: true }).fill('Construire une action culturelle partagée\nTravailler en réseau sur un territoire');
    await form.getByLabel('Compétences visées').fill('Conduire un projet coopératif');
    await form.getByLabel('Public', { exact: true }).fill('Agents des collectivités\nSalariés et bénévoles des associations');
    await form.getByLabel('Prérequis').fill('Aucun');
    await form.getByLabel("Modalités d'admission").fill('Sur dossier et entretien individuel');
    await form.getByLabel('Durée en jours').fill('2');
    await form.getByLabel('Durée en heures').fill('14 h');
    await form.getByLabel('Tarif par personne (€)').fill('450');
    await form.getByLabel('OPCO').check();
    await form.getByLabel('Employeur').check();
    await form.getByLabel('Méthodes pédagogiques').fill('Apports, études de cas, travail sur les projets des stagiaires');
    await form.getByLabel("Modalités d'évaluation").fill('Auto-évaluation en fin de session');
    await form.getByLabel('Accessibilité des lieux et adaptations').fill('Salle de plain-pied');
    await form.getByLabel('Référent handicap', { exact: true }).selectOption({ label: 'C. Boughattas <formation@sagiterre.local>' });
    await form.getByLabel('Contacts', { exact: true }).fill('formation@sagiterre.local');
    await submit(page, form.getByRole('button', { name: 'Créer', exact: true }));
    await noAlert(page, 'programme');
    assert.match(page.url(), /\/formations\/programmes\/\d+\/modifier/);
    assert.match(await mainText(page), /Programme créé/);
    const programme = page.url().replace(first.url, '').replace(/\/modifier.*$/, '');
    await audit(page, 'programme créé');

    const moduleForm = page.getByRole('form', { name: 'Ajouter un module' });
    await moduleForm.getByLabel('Titre du module').fill('Module 1 — Coopérer');
    await moduleForm.getByLabel('Durée du module').fill('14 h');
    await moduleForm.getByLabel('Contenu').fill('- Diagnostic de territoire\n- Construire un partenariat');
    await submit(page, moduleForm.getByRole('button', { name: 'Ajouter le module' }));
    await noAlert(page, 'module');
    assert.match(await mainText(page), /Module ajouté/);
    await audit(page, 'module ajouté');

    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'Publié' });
    await submit(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
    await noAlert(page, 'publication');
    assert.equal(page.url(), first.url + programme);
    assert.equal(await page.locator('h1').innerText(), programmeTitle);
    assert.match(await mainText(page), /Module 1 — Coopérer/);
    await audit(page, 'programme publié');

    await submit(page, page.getByRole('link', { name: 'Nouvelle session' }));
    await audit(page, 'nouvelle session');
    await page.getByLabel('Titre de la session').fill(sessionTitle);
    await page.getByLabel('Thématique (question directrice)').fill('Comment coopérer sur un territoire ?');
    await page.getByLabel('Lieu', { exact: true }).fill('Salle des fêtes');
    await page.getByLabel('Adresse', { exact: true }).fill('1 place de la Mairie, 44150 Ancenis');
    await page.getByLabel('Accès', { exact: true }).fill('Gare à 10 minutes à pied');
    await page.getByLabel('Règles de vie').fill('Ponctualité et bienveillance.');
    await page.getByLabel('Nombre minimum de stagiaires').fill('1');
    await page.getByLabel('Nombre maximum de stagiaires').fill('2');
    await submit(page, page.getByRole('button', { name: 'Créer', exact: true }));
    await noAlert(page, 'session');
    assert.match(page.url(), /\/formations\/sessions\/\d+\/demi-journees$/);
    const session = page.url().replace(first.url, '').replace(/\/demi-journees$/, '');
    await audit(page, 'demi-journées (vide)');

    for (const [day, period, start, end] of [[day1, 'matin', '09:00', '12:00'], [day1, 'après-midi', '14:00', '17:00'],
      [day2, 'matin', '09:00', '12:00']]) {
      const one = page.getByRole('form', { name: 'Ajouter une demi-journée' });
      await one.getByLabel('Date', { exact: true }).fill(day);
      await one.getByLabel('Demi-journée', { exact: true }).selectOption({ label: period });
      await one.getByLabel('Début', { exact: true }).fill(start);
      await one.getByLabel('Fin', { exact: true }).fill(end);
      await one.getByLabel('Module', { exact: true }).selectOption({ label: 'Module 1 — Coopérer' });
      await submit(page, one.getByRole('button', { name: 'Ajouter la demi-journée' }));
      await noAlert(page, `demi-journée ${day} ${period}`);
    }
    assert.match(await mainText(page), /Demi-journée ajoutée/);
    assert.equal(await page.locator('article.halfday-row').count(), 3);
    await audit(page, 'demi-journées');

    await page.goto(first.url + session);
    await page.getByLabel('Ajouter un formateur').selectOption({ label: 'Formateur Sagiterre <formateur@sagiterre.local>' });
    await submit(page, page.getByRole('button', { name: 'Ajouter', exact: true }));
    await noAlert(page, 'formateur');
    await submit(page, page.getByRole('button', { name: 'Ouvrir les candidatures' }));
    await noAlert(page, 'ouverture');
    assert.equal(await page.locator('#session-status').innerText(), 'Ouverte aux candidatures');
    assert.match(await mainText(page), /Il manque 1 stagiaire pour atteindre le minimum de 1/);
    await audit(page, 'session ouverte (gestion)');

    // 2. The public catalogue shows it (anonymous, phone); the trainee applies (signed in, phone).
    const anon = await newPage(browser, { viewport: PHONE });
    contexts.push(anon.context);
    await anon.page.goto(first.url + '/formations');
    await audit(anon.page, 'catalogue', true);
    await submit(anon.page, anon.page.getByRole('link', { name: programmeTitle }));
    await audit(anon.page, 'programme (public)', true);
    await submit(anon.page, anon.page.getByRole('link', { name: sessionTitle, exact: true }));
    assert.equal(anon.page.url(), first.url + session);
    await audit(anon.page, 'session (public)', true);
    await submit(anon.page, anon.page.getByRole('link', { name: 'Candidater' }));
    assert.match(await mainText(anon.page), /Vos coordonnées/);
    await audit(anon.page, 'candidature (anonyme)', true);

    const trainee = await signedIn(first, DEMO.trainee, PHONE);
    contexts.push(trainee.context);
    const tp = trainee.page;
    await tp.goto(first.url + '/formations');
    await submit(tp, tp.getByRole('link', { name: programmeTitle }));
    await submit(tp, tp.getByRole('link', { name: `Candidater — ${sessionTitle}`, exact: true }).first());
    await audit(tp, 'candidature', true);
    await tp.getByLabel('Votre secteur').selectOption('cultural');
    await tp.getByLabel('Votre fonction').fill('Médiatrice culturelle');
    await tp.getByLabel('Votre statut').selectOption('employee');
    await tp.getByLabel("Type d'employeur (ou de structure)").selectOption('public_cultural');
    await tp.getByLabel('Vos motivations').fill('Relier la bibliothèque et le centre social de mon quartier.');
    await tp.getByLabel("L'action culturelle ou le territoire que vous apportez").fill('Des lectures partagées avec les aînés.');
    await tp.getByLabel('Financement envisagé').selectOption('employer');
    await submit(tp, tp.getByRole('button', { name: 'Envoyer ma candidature' }));
    await noAlert(tp, 'candidature envoyée');
    await audit(tp, 'candidature envoyée', true);
    await tp.goto(first.url + '/formations');
    await submit(tp, tp.getByRole('link', { name: 'Mes candidatures' }));
    await audit(tp, 'mes candidatures', true);
    const application = await tp.getByRole('link', { name: new RegExp(sessionTitle) }).getAttribute('href');
    assert.match(application, /^\/formations\/candidatures\/\d+$/);

    // 3. Interview proposed, confirmed, noted; admission, confirmed by the trainee.
    await page.goto(first.url + session);
    await submit(page, page.getByRole('link', { name: 'Candidatures', exact: true }));
    await audit(page, 'candidatures de la session');
    await submit(page, page.getByRole('link', { name: TRAINEE_NAME }));
    assert.equal(page.url(), first.url + application);
    await audit(page, 'candidature (gestion)');
    const propose = page.getByRole('form', { name: 'Proposer un entretien' });
    await propose.getByLabel('Date et heure (heure de Paris)').fill(`${interviewDay}T10:00`);
    await propose.getByLabel('Durée (minutes)').fill('45');
    await propose.getByLabel('Lieu ou modalité').fill('Téléphone');
    await submit(page, propose.getByRole('button', { name: "Proposer l'entretien" }));
    await noAlert(page, 'entretien');
    assert.match(await mainText(page), /L'entretien est proposé/);
    await audit(page, 'entretien proposé');

    await tp.goto(first.url + application);
    await audit(tp, 'entretien à confirmer', true);
    await submit(tp, tp.getByRole('button', { name: 'Je confirme ce rendez-vous' }));
    await noAlert(tp, 'confirmation entretien');
    assert.match(await tp.locator('.interview-status').first().innerText(), /Confirmé/);
    await audit(tp, 'entretien confirmé', true);

    await page.goto(first.url + application);
    await page.getByText("Notes de l'entretien").click();
    await page.getByLabel('Motivation', { exact: true }).fill('Très motivée, projet concret.');
    await page.getByLabel('Projet', { exact: true }).fill('Lectures intergénérationnelles.');
    await page.getByLabel('Disponibilités', { exact: true }).fill('Toutes les dates.');
    await page.getByLabel('Financement', { exact: true }).fill("Plan de formation de l'employeur.");
    await page.getByRole('group', { name: 'Une adaptation est-elle nécessaire ?' }).getByLabel('Non').check();
    await page.getByLabel('Avis', { exact: true }).selectOption('admit');
    await submit(page, page.getByRole('button', { name: 'Enregistrer les notes (entretien réalisé)' }));
    await noAlert(page, 'notes');
    assert.match(await mainText(page), /notes de l'entretien sont enregistrées/);
    const decision = page.getByRole('form', { name: 'Décision' });
    await decision.getByLabel('Décision', { exact: true }).selectOption('admitted');
    await decision.getByLabel('Motif', { exact: true }).fill('Projet en lien direct avec la formation.');
    await submit(page, decision.getByRole('button', { name: 'Enregistrer la décision' }));
    await noAlert(page, 'décision');
    assert.equal(await page.locator('#application-status').innerText(), 'Admis·e');
    await audit(page, 'admis');

    await tp.goto(first.url + application);
    await submit(tp, tp.getByRole('button', { name: 'Confirmer mon inscription' }));
    await noAlert(tp, 'confirmation inscription');
    assert.equal(await tp.locator('#application-status').innerText(), 'Inscription confirmée');
    await audit(tp, 'inscription confirmée', true);

    // 4. The session is confirmed; its first half-day, as the attendance page gives it.
    await page.goto(first.url + session);
    assert.doesNotMatch(await mainText(page), /Il manque/);
    await submit(page, page.getByRole('button', { name: 'Confirmer la session' }));
    await noAlert(page, 'confirmation session');
    assert.equal(await page.locator('#session-status').innerText(), 'Confirmée');
    await audit(page, 'session confirmée');
    await page.goto(first.url + session + '/emargement');
    const firstRow = page.locator('tr[data-halfday]').first();
    const halfday = await firstRow.getAttribute('data-halfday');
    const startsAt = Number(await firstRow.getAttribute('data-starts'));
    assert.ok(startsAt > Date.now() / 1000 + 20 * 86400, 'the first half-day is three weeks ahead');

    for (const c of contexts.splice(0)) await c.close();
    const { database } = first;
    await first.stop();
    first = null;

    // The same database, the clock 5 minutes into the first half-day (scheduler jobs kept out of the way).
    const offset = startsAt + 300 - Math.floor(Date.now() / 1000);
    second = await startTrame({
      smtp: false, demo: false, database,
      env: { TRAME_CLOCK_OFFSET: String(offset), TRAME_TRAININGS_JOB_SECONDS: '3600' },
    });
    const sheet = `/formations/demi-journees/${halfday}`;

    // The trainer opens the sheet: the code is shown.
    const trainer = await signedIn(second, DEMO.trainer, LAPTOP);
    contexts.push(trainer.context);
    const tr = trainer.page;
    await tr.goto(second.url + session);
    await submit(tr, tr.getByRole('navigation', { name: 'Suivi de la session' }).getByRole('link', { name: 'Émargement' }));
    await audit(tr, 'émargement (formateur)');
    await submit(tr, tr.locator(`tr[data-halfday="${halfday}"] a`));
    assert.equal(tr.url(), second.url + sheet);
    await audit(tr, 'feuille fermée (formateur)');
    await submit(tr, tr.getByRole('button', { name: 'Ouvrir la feuille' }));
    await noAlert(tr, 'ouverture de la feuille');
    const code = await tr.locator('#sign-code').getAttribute('data-code');
    assert.match(code, /^\d{6}$/);
    await audit(tr, 'feuille ouverte, code affiché');

    // The trainee signs with the code, on a phone.
    const trainee2 = await signedIn(second, DEMO.trainee, PHONE);
    contexts.push(trainee2.context);
    const tp2 = trainee2.page;
    await tp2.goto(second.url + session);
    await audit(tp2, 'session (stagiaire)', true);
    await tp2.goto(second.url + session + '/emargement');
    await audit(tp2, 'émargement (stagiaire)', true);
    await submit(tp2, tp2.locator(`tr[data-halfday="${halfday}"] a`));
    await audit(tp2, 'feuille à signer', true);
    await tp2.getByLabel('Code affiché par le formateur (6 chiffres)').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await submit(tp2, tp2.getByRole('button', { name: 'Signer ma présence' }));
    await noAlert(tp2, 'signature');
    assert.match(await tp2.locator('#own-status').innerText(), /Présent·e/);
    await audit(tp2, 'présence signée', true);

    // The organiser countersigns; the printable sheet carries the signature.
    const org2 = await signedIn(second, DEMO.training_staff, LAPTOP);
    contexts.push(org2.context);
    page = org2.page;
    await page.goto(second.url + sheet);
    assert.match(await page.locator(`#ligne-${application.split('/').pop()} .roster-status`).innerText(), /Présent·e/);
    await submit(page, page.getByRole('button', { name: 'Contresigner et verrouiller' }));
    await noAlert(page, 'contreseing');
    assert.match(await page.locator('#sheet-status').innerText(), /verrouillée/);
    await audit(page, 'feuille contresignée');
    const sheetPdf = await pdfText(await page.request.get(second.url + sheet + '/feuille.pdf'));
    assert.match(sheetPdf, new RegExp(TRAINEE_NAME));

    // 5. The session runs and is closed; the certificate of completion is generated.
    await page.goto(second.url + session);
    // The scheduler starts a confirmed session once its first half-day has begun (it runs when the
    // server starts); the organiser may also start it by hand.
    const start = page.getByRole('button', { name: 'Démarrer la session' });
    if (await start.count()) {
      await submit(page, start);
      await noAlert(page, 'démarrage');
    }
    assert.equal(await page.locator('#session-status').innerText(), 'En cours');
    // The organiser closes it by hand (the scheduler would once its last half-day has ended): the
    // trainees present complete the session.
    await submit(page, page.getByRole('button', { name: 'Clore la session' }));
    await noAlert(page, 'clôture');
    assert.equal(await page.locator('#session-status').innerText(), 'Terminée');
    await audit(page, 'session terminée');
    await submit(page, page.getByRole('link', { name: 'Documents', exact: true }));
    await audit(page, 'documents de la session');
    await page.getByLabel('Document', { exact: true }).selectOption({ label: 'Certificat de réalisation' });
    await submit(page, page.getByRole('button', { name: 'Générer' }));
    await noAlert(page, 'certificat');
    assert.match(await mainText(page), /1 document « Certificat de réalisation » généré/);
    await audit(page, 'certificat généré');

    // The trainee downloads it from their documents page.
    await tp2.goto(second.url + '/formations');
    await submit(tp2, tp2.getByRole('link', { name: 'Mes documents de formation' }));
    await audit(tp2, 'mes documents', true);
    const [download] = await Promise.all([
      tp2.waitForEvent('download'),
      tp2.getByRole('link', { name: 'Certificat de réalisation' }).first().click(),
    ]);
    const file = path.join(os.tmpdir(), `trame-certificat-${suffix}.pdf`);
    await download.saveAs(file);
    const certificate = await pdfText(fs.readFileSync(file));
    fs.rmSync(file, { force: true });
    assert.match(certificate, new RegExp(TRAINEE_NAME));
    assert.match(certificate, new RegExp(programmeTitle));
    assert.match(certificate, /Certificat de réalisation/);
    assert.match(certificate, /\b3 h\b/, 'the hours actually attended: the signed morning');
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await first?.stop();
    await second?.stop();
  }
});
