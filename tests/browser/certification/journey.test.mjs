// A whole evaluation session in a real browser, at phone (390 px) and laptop (1280 px) sizes: a
// candidate registers on the demo certification; the certifier's staff decide eligibility, open an
// evaluation session, convene the candidate with their times; the candidate sends the written report
// (a PDF); the staff compose the jury (two jurors and a chair) and validate it; each juror grades and
// submits their grid; the chair records the decisions block by block and makes the minutes; every
// juror confirms them, which locks them and closes the session; the certificate is delivered and its
// code checked by a visitor at /verifier. Every page visited passes axe (no serious or critical
// violation) and fits the screen's width.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, querySql, runTrame, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectNoHorizontalScroll, launch, login, logout, mainText, newPage } from '../browser.mjs';

const CERTIFIER = 'certification@observatoire.local';
const PASSWORD = 'Une-phrase-de-passe-2026';

let server;
let browser;
let certification;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  certification = Number(querySql(server.database,
    "SELECT c.id FROM certifications c JOIN certification_versions v ON v.certification_id = c.id "
    + "WHERE v.title = 'Construire une coopération culturelle territoriale'"));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function organisation(name) {
  return Number(querySql(server.database, `SELECT id FROM organisations WHERE name = '${name.replace(/'/g, "''")}'`));
}

// An account made by the command line, as an administrator would, in an organisation of its own.
function account(email, role, organisationName) {
  const r = runTrame(['user', 'add', '--email', email, '--name', email.split('@')[0].replace(/[.-]/g, ' '),
    '--role', role, '--organisation', String(organisation(organisationName)), '--password-stdin',
    '--database', server.database], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
}

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// A small real PDF: the minutes of the demo's completed session.
function somePdf() {
  const hex = querySql(server.database, server.database.startsWith('sqlite:')
    ? 'SELECT hex(pdf) FROM certification_minutes LIMIT 1'
    : "SELECT encode(pdf, 'hex') FROM certification_minutes LIMIT 1");
  return Buffer.from(hex, 'hex');
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`an evaluation session from registration to a verified certificate, at ${size} px`, { timeout: 600000 }, async () => {
    const tag = `${size}-${randomBytes(3).toString('hex')}`;
    const candidate = `candidate.${tag}@exemple.local`;
    const chair = `chair.${tag}@exemple.local`;
    const juror = `juror.${tag}@exemple.local`;
    account(candidate, 'trainee', 'Espace culturel Paul Guimard');
    account(chair, 'jury_member', 'Théâtre Quartier Libre');
    account(juror, 'jury_member', 'Cultures du Cœur 94');
    const { context, page } = await newPage(browser, { viewport });

    // The candidate registers from the public page.
    await page.goto(`${server.url}/certifications/${certification}`);
    await checked(page, `certification publique @${size}`);
    await login(page, server.url, candidate, PASSWORD);
    await page.goto(`${server.url}/certifications/${certification}/inscription`);
    await checked(page, `inscription @${size}`);
    await page.getByLabel("Type d'employeur").selectOption('association');
    await page.getByLabel('Métier ou fonction').fill('Médiatrice culturelle');
    await page.getByLabel('Date de naissance').fill('1988-04-09');
    await page.getByLabel('Comment remplissez-vous les prérequis ?').fill('Six ans de projets culturels avec les acteurs du quartier.');
    await click(page, page.getByRole('button', { name: 'Envoyer mon inscription' }));
    assert.match(await mainText(page), /Votre inscription est enregistrée/);
    const registrationUrl = page.url().replace(server.url, '');
    const code = (await mainText(page)).match(/C\d+-\d{3}/)[0];
    await checked(page, `inscription enregistrée @${size}`);
    await logout(page);

    // The certifier's staff decide eligibility, then open a session with a report deadline.
    await login(page, server.url, CERTIFIER, DEMO_PASSWORD);
    await page.goto(`${server.url}/certifications/${certification}/candidats?statut=submitted`);
    await checked(page, `candidats @${size}`);
    await click(page, page.getByRole('link', { name: code }));
    await page.getByLabel('Recevable', { exact: true }).check();
    await page.getByLabel('Motifs').fill('Expérience de projets culturels territoriaux avec plusieurs partenaires.');
    await click(page, page.getByRole('button', { name: 'Enregistrer la décision' }));
    assert.match(await mainText(page), /La décision est enregistrée/);
    await checked(page, `recevabilité @${size}`);
    await page.goto(`${server.url}/certifications/${certification}/sessions`);
    await checked(page, `sessions @${size}`);
    const day = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
    const deadline = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
    await page.getByLabel('Intitulé').fill(`Session ${tag}`);
    await page.getByLabel('Jour des épreuves').fill(day);
    await page.getByLabel('Lieu').fill('Observatoire, salle 2');
    await page.getByLabel('Jour', { exact: true }).fill(deadline);
    await page.getByLabel('Heure', { exact: true }).fill('18:00');
    await click(page, page.getByRole('button', { name: 'Créer la session' }));
    assert.match(await mainText(page), /La session d'évaluation est créée/);
    const sessionUrl = page.url().replace(server.url, '').replace(/#.*$/, '');
    await page.getByLabel('Candidat', { exact: true }).selectOption(registrationUrl.match(/(\d+)$/)[1]);
    await click(page, page.getByRole('button', { name: 'Ajouter à la session' }));
    const entry = page.locator('article', { hasText: code });
    await entry.getByLabel('Début').first().fill('09:00');
    await entry.getByLabel('Fin').first().fill('09:45');
    await entry.getByLabel('Début').last().fill('10:00');
    await entry.getByLabel('Fin').last().fill('10:30');
    await click(page, entry.getByRole('button', { name: /Enregistrer les horaires/ }));
    await click(page, page.locator('article', { hasText: code }).getByRole('button', { name: /Envoyer la convocation/ }));
    assert.match(await mainText(page), /La convocation est envoyée/);
    await checked(page, `session @${size}`);
    await logout(page);

    // The candidate sees the times and sends the report.
    await login(page, server.url, candidate, PASSWORD);
    await page.goto(server.url + registrationUrl);
    assert.match(await mainText(page), /Mise en situation : 09:00 – 09:45/);
    await page.getByLabel('Rapport écrit (PDF)').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: somePdf() });
    await click(page, page.getByRole('button', { name: 'Envoyer mon rapport' }));
    assert.match(await mainText(page), /Votre rapport est reçu/);
    await checked(page, `rapport @${size}`);
    await logout(page);

    // The jury: a chair and a juror from other organisations, and the certifier's officer.
    await login(page, server.url, CERTIFIER, DEMO_PASSWORD);
    await page.goto(`${server.url}${sessionUrl}/jury`);
    for (const [email, asChair] of [[chair, true], [juror, false], [CERTIFIER, false]]) {
      await page.getByLabel('Adresse e-mail de son compte Trame').fill(email);
      if (email === CERTIFIER) await page.getByLabel('Qualité').selectOption('certifier');
      if (asChair) await page.getByLabel('Président·e du jury').check();
      await click(page, page.getByRole('button', { name: 'Ajouter au jury' }));
      assert.match(await mainText(page), /Le membre est ajouté au jury/);
    }
    await checked(page, `jury @${size}`);
    await click(page, page.getByRole('button', { name: 'Valider le jury' }));
    assert.match(await mainText(page), /Le jury est validé/);
    await logout(page);

    // Each member grades: everything acquired but the last criterion, partly acquired.
    for (const email of [chair, juror, CERTIFIER]) {
      await login(page, server.url, email, email === CERTIFIER ? DEMO_PASSWORD : PASSWORD);
      await page.goto(`${server.url}/certifications/jury`);
      await checked(page, `mes jurys ${email.split('.')[0]} @${size}`);
      await click(page, page.locator('tr', { hasText: code }).getByRole('link').first());
      const criteria = page.locator('fieldset.criterion');
      const n = await criteria.count();
      for (let i = 0; i < n; i++) {
        const last = i === n - 1;
        await criteria.nth(i).getByLabel(last ? 'Partiellement acquis' : 'Acquis', { exact: true }).check();
        if (last) await criteria.nth(i).getByLabel('Commentaire').fill('Les ajustements restent à préciser.');
      }
      await checked(page, `grille @${size}`);
      await click(page, page.getByRole('button', { name: 'Remettre la grille' }));
      assert.match(await mainText(page), /Votre grille est remise/);
      await logout(page);
    }

    // The chair deliberates block by block, then makes the minutes.
    await login(page, server.url, chair, PASSWORD);
    await page.goto(`${server.url}${sessionUrl}/deliberation`);
    await checked(page, `délibération @${size}`);
    await click(page, page.getByRole('link', { name: code }));
    assert.match(await mainText(page), /désaccord|Acquis/);
    for (const block of ['BC01', 'BC02', 'BC03']) {
      const fieldset = page.locator('fieldset', { hasText: `Décision du jury pour le bloc ${block}` });
      await fieldset.getByLabel('Bloc validé', { exact: true }).check();
      await fieldset.getByLabel('Motifs').fill(`Critères du bloc ${block} acquis.`);
    }
    await checked(page, `décisions @${size}`);
    await click(page, page.getByRole('button', { name: 'Enregistrer les décisions' }));
    assert.match(await mainText(page), /Les décisions du jury sont enregistrées/);
    await page.goto(`${server.url}${sessionUrl}/deliberation`);
    assert.match(await mainText(page), /Certification obtenue/);
    await click(page, page.getByRole('button', { name: 'Établir le procès-verbal' }));
    assert.match(await mainText(page), /Le procès-verbal est établi/);
    await logout(page);

    // Each member confirms the minutes with their own account; the last one locks them.
    for (const email of [chair, juror, CERTIFIER]) {
      await login(page, server.url, email, email === CERTIFIER ? DEMO_PASSWORD : PASSWORD);
      await page.goto(`${server.url}${sessionUrl}/deliberation`);
      await click(page, page.getByRole('button', { name: 'Confirmer le procès-verbal' }));
      assert.match(await mainText(page), /Votre confirmation est enregistrée/);
      await checked(page, `procès-verbal ${email.split('.')[0]} @${size}`);
      if (email === CERTIFIER) assert.match(await mainText(page), /Verrouillé le/);
      await logout(page);
    }
    const session = sessionUrl.match(/\/sessions\/(\d+)/)[1];
    assert.equal(querySql(server.database, `SELECT status FROM certification_sessions WHERE id = ${session}`), 'closed');

    // The certifier's staff deliver the certificate; anyone checks its code at /verifier.
    await login(page, server.url, CERTIFIER, DEMO_PASSWORD);
    await page.goto(`${server.url}${sessionUrl}/parchemins`);
    await checked(page, `parchemins @${size}`);
    await click(page, page.getByRole('button', { name: 'Délivrer les parchemins' }));
    assert.match(await mainText(page), /Parchemins délivrés : 1/);
    const verification = (await page.locator('article', { hasText: code }).locator('code').first().innerText()).trim();
    await checked(page, `parchemin délivré @${size}`);
    await logout(page);
    const visitor = await newPage(browser, { viewport });
    await visitor.page.goto(`${server.url}/verifier`);
    await checked(visitor.page, `vérifier @${size}`);
    await visitor.page.getByRole('textbox').fill(verification.toLowerCase());
    await click(visitor.page, visitor.page.getByRole('button', { name: 'Vérifier' }));
    const verified = await mainText(visitor.page);
    assert.match(verified, /Parchemin authentique/);
    assert.match(verified, /BC01 BC02 BC03/);
    await checked(visitor.page, `parchemin vérifié @${size}`);
    await visitor.context.close();
    await context.close();
  });
}
