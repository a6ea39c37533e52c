// A group runs a cooperation project from its diagnosis to its evaluation in a real browser, at phone
// (390 px) and laptop (1280 px) sizes, each person in their own browser context: the facilitator (the
// demo's training staff) starts a project from /cooperation on the Pays d'Ancenis EPCI, shared with the
// network, adds a trainer and a trainee as members and the libraries' network as a partner. The diagnosis:
// the facilitator writes the context section, the trainer edits it, its history shows both revisions. The
// indicator watch: the population computed by Trame, and a hand-entered indicator with its source, a value
// and a target (the chart's SVG with its title, the data table). The facilitator records an inhabitants'
// contribution and links it to the context section. Design phase: the trainer proposes an evaluation
// criterion; the facilitator holds a launch workshop (past: attendance recorded), plans the next meeting
// with its agenda and invites the members, opens a proposal at the workshop; both members vote; the
// facilitator closes it with its outcome and adopts the criterion through it; a parent action and its
// sub-action. Implementation phase: the sub-action's progress rolls up to its parent. Evaluation phase:
// the facilitator sends the phase's questionnaire and downloads the yearly report (a PDF). Every page
// visited passes axe (no serious or critical violation), fits the screen's width and keeps its actions on
// screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

const FACILITATOR = DEMO.training_staff;
const TRAINER = DEMO.trainer;
const TRAINEE = DEMO.trainee;

let server, browser;
before(async () => { ({ server, browser } = await start({ smtp: true, demoProject: false })); });
after(() => stop(server, browser));

// A module of the project, from the project's home page (its cards); the home page is checked when labelled.
async function openModule(page, projectUrl, name, homeLabel) {
  await page.goto(projectUrl);
  if (homeLabel) await checked(page, homeLabel);
  await click(page, page.locator('nav.project-modules').getByRole('link', { name, exact: true }));
}

// The facilitator moves the project to its next phase with the project page's phase form.
async function changePhase(page, projectUrl, phase, label) {
  await page.goto(projectUrl);
  await page.getByLabel('Phase en cours', { exact: true }).selectOption({ label: phase });
  await click(page, page.getByRole('button', { name: 'Changer de phase' }));
  assert.match(await mainText(page), /La phase du projet est changée/);
  assert.equal(await page.locator('ol.phases li[aria-current="step"] strong').innerText(), phase);
  await checked(page, label);
}

const parisDay = (days) => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
  .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a group runs a project from its diagnosis to its evaluation, at ${size} px`, { timeout: 300000 }, async () => {
    const tag = `${size}-${randomBytes(3).toString('hex')}`;
    const title = `Lire et jouer entre générations ${tag}`;
    const f = await newPage(browser, { viewport });
    const trainer = await newPage(browser, { viewport });
    const trainee = await newPage(browser, { viewport });
    const page = f.page;
    await Promise.all([login(page, server.url, FACILITATOR, DEMO_PASSWORD),
      login(trainer.page, server.url, TRAINER, DEMO_PASSWORD), login(trainee.page, server.url, TRAINEE, DEMO_PASSWORD)]);

    // 1. The facilitator starts the project on the Pays d'Ancenis EPCI, shared with the network.
    await page.goto(`${server.url}/cooperation`);
    await checked(page, `projets @${size}`);
    await click(page, page.getByRole('link', { name: 'Nouveau projet' }));
    await checked(page, `nouveau projet @${size}`);
    await page.getByLabel('Titre du projet').fill(title);
    await page.getByLabel('Question à laquelle le projet répond')
      .fill('Comment créer, tisser des liens intergénérationnels à partir du spectacle vivant et de la lecture publique ?');
    await page.getByLabel('Intercommunalité (EPCI)').check();
    await page.getByLabel('Intercommunalité', { exact: true }).selectOption('244400552');
    await page.getByLabel('Réseau', { exact: true }).check();
    await click(page, page.getByRole('button', { name: 'Créer le projet' }));
    let text = await mainText(page);
    assert.match(text, /Le projet est créé/);
    assert.match(text, /Vous êtes Animateur ou animatrice de ce projet/);
    assert.equal(await page.locator('ol.phases li[aria-current="step"] strong').innerText(), 'Diagnostic partagé');
    assert.match(text, /Pays d'Ancenis \(Intercommunalité \(EPCI\)\)/);
    assert.match(text, /Réseau — Toute personne connectée/);
    await checked(page, `projet créé @${size}`);
    const projectUrl = page.url().replace(/[?#].*$/, '');
    const project = projectUrl.match(/\/projets\/(\d+)$/)[1];

    await click(page, page.getByRole('link', { name: 'Membres et partenaires' }).first());
    await checked(page, `membres @${size}`);
    for (const email of [TRAINER, TRAINEE]) {
      await page.getByLabel('Adresse e-mail de son compte Trame').fill(email);
      await page.getByLabel('Rôle', { exact: true }).selectOption('member');
      await click(page, page.getByRole('button', { name: 'Ajouter au projet' }));
      assert.match(await mainText(page), new RegExp(`${escape(email)} fait maintenant partie du projet`));
    }
    await page.getByLabel("Structure de l'annuaire").selectOption({ label: "Réseau des bibliothèques du Pays d'Ancenis" });
    await page.getByLabel("Ce qu'elle apporte").fill('Lectures partagées dans les médiathèques');
    await click(page, page.getByRole('button', { name: 'Ajouter le partenaire' }));
    assert.match(await mainText(page), /La structure partenaire est ajoutée/);
    await checked(page, `membres et partenaire ajoutés @${size}`);
    assert.equal(querySql(server.database,
      `SELECT count(*) FROM cooperation_members WHERE project_id = ${project} AND role = 'member'`), '2');

    // 2. The diagnosis: the facilitator writes the context, the trainer completes it; two revisions.
    await openModule(page, projectUrl, 'Diagnostic partagé');
    await checked(page, `diagnostic @${size}`);
    await click(page, page.getByRole('link', { name: 'Modifier : Contexte du territoire' }));
    await checked(page, `modifier le contexte @${size}`);
    await page.getByLabel('Texte de la section').fill(
      '## Un territoire rural\n\n- 26 communes autour d\'Ancenis-Saint-Géréon\n- des aînés isolés dans les hameaux\n');
    await click(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
    assert.match(await mainText(page), /La section a été enregistrée/);
    await checked(page, `contexte écrit @${size}`);

    await openModule(trainer.page, projectUrl, 'Diagnostic partagé', `projet (membre) @${size}`);
    await checked(trainer.page, `diagnostic (membre) @${size}`);
    await click(trainer.page, trainer.page.getByRole('link', { name: 'Modifier : Contexte du territoire' }));
    const body = trainer.page.getByLabel('Texte de la section');
    assert.match(await body.inputValue(), /des aînés isolés/, 'the member starts from the facilitator\'s text');
    await body.fill(`${await body.inputValue()}- un réseau de médiathèques actif\n`);
    await click(trainer.page, trainer.page.getByRole('button', { name: 'Enregistrer', exact: true }));
    assert.match(await mainText(trainer.page), /La section a été enregistrée/);
    assert.match(await mainText(trainer.page), /un réseau de médiathèques actif/);
    await click(trainer.page, trainer.page.getByRole('link', { name: 'Historique' }));
    await checked(trainer.page, `historique du contexte @${size}`);
    const revisions = trainer.page.locator('table.revisions tbody tr');
    assert.equal(await revisions.count(), 2);
    assert.match(await revisions.nth(0).innerText(), /Révision 2 \(actuelle\)[\s\S]*Formateur Sagiterre/);
    assert.match(await revisions.nth(1).innerText(), /Révision 1[\s\S]*C\. Boughattas/);
    const contextUrl = trainer.page.url().replace(/\/historique.*$/, '');

    // 3. The indicator watch: the population computed by Trame, and a hand-entered indicator.
    const year = Number(parisDay(0).slice(0, 4));
    await openModule(page, projectUrl, 'Veille et indicateurs');
    await checked(page, `indicateurs @${size}`);
    await page.getByLabel('Indicateur', { exact: true }).selectOption({ label: 'Population du territoire' });
    await click(page, page.getByRole('button', { name: 'Suivre cet indicateur' }));
    assert.match(await mainText(page), /L'indicateur est suivi/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Population du territoire');
    const population = page.getByRole('table', { name: "Valeurs de l'indicateur « Population du territoire » par période" });
    assert.match(await population.getByRole('row', { name: new RegExp(`^${year}`) }).innerText(), new RegExp(`^${year}\\s+[1-9]`),
      'the population of the EPCI\'s communes');
    await checked(page, `population @${size}`);
    await click(page, page.getByRole('link', { name: 'Veille sur les indicateurs' }));
    const manual = `Participants aux ateliers intergénérationnels ${tag}`;
    await page.getByLabel("Nom de l'indicateur").fill(manual);
    await page.getByLabel('Unité (facultatif)').fill('participants');
    await page.getByLabel('Source des chiffres').fill("Feuilles d'émargement des ateliers");
    await click(page, page.getByRole('button', { name: "Ajouter l'indicateur" }));
    assert.match(await mainText(page), /L'indicateur est ajouté/);
    await page.getByLabel('Période', { exact: true }).fill(String(year));
    await page.getByLabel('Valeur', { exact: true }).fill('48');
    await click(page, page.getByRole('button', { name: 'Enregistrer la valeur' }));
    assert.match(await mainText(page), /La valeur est enregistrée/);
    await page.getByLabel("Période de l'objectif").fill(String(year + 1));
    await page.getByLabel('Valeur à atteindre').fill('120');
    await click(page, page.getByRole('button', { name: "Enregistrer l'objectif" }));
    assert.match(await mainText(page), /L'objectif est enregistré/);
    await checked(page, `indicateur saisi @${size}`);
    text = await mainText(page);
    assert.match(text, /Feuilles d'émargement des ateliers/);
    assert.match(text, new RegExp(`Au moins 120\\s+participants en ${year + 1}`));
    const chart = page.locator('.results-chart svg');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.equal(await chart.locator('title').first().textContent(), `Évolution : ${manual}`);
    const table = page.getByRole('table', { name: `Valeurs de l'indicateur « ${manual} » par période` });
    assert.match(await table.innerText(), new RegExp(`${year}\\s+48`));
    await click(page, page.getByRole('link', { name: 'Veille sur les indicateurs' }));
    await checked(page, `indicateurs suivis @${size}`);
    const followed = page.getByRole('table', { name: 'Indicateurs suivis par le projet, dernière valeur et objectif' });
    assert.match(await followed.innerText(), /Population du territoire/);
    assert.match(await followed.innerText(), new RegExp(escape(manual)));

    // 7. An inhabitants' contribution, linked to the context section.
    await openModule(page, projectUrl, "Paroles d'habitants");
    await checked(page, `contributions @${size}`);
    await click(page, page.getByRole('link', { name: 'Noter une contribution' }));
    await checked(page, `noter une contribution @${size}`);
    await page.getByLabel('Comment la parole a été recueillie').selectOption('workshop');
    await page.getByLabel('Nombre de personnes').fill('14');
    await page.getByLabel('Lieu', { exact: true }).fill('Médiathèque de Ligné');
    await page.getByLabel('Date', { exact: true }).fill(parisDay(-3));
    await page.getByLabel('Ce qui a été dit ou proposé')
      .fill('Les grands-parents aimeraient lire des histoires aux enfants le mercredi, à la médiathèque.');
    await click(page, page.getByRole('button', { name: 'Enregistrer la contribution' }));
    assert.match(await mainText(page), /La contribution a été enregistrée/);
    await page.getByLabel('Relier à la section').selectOption({ label: 'Contexte du territoire' });
    await click(page, page.getByRole('button', { name: 'Relier' }).first());
    assert.match(await mainText(page), /La contribution est reliée à la section/);
    await checked(page, `contribution reliée @${size}`);
    await click(page, page.locator('main section', { hasText: 'Sections du diagnostic liées' })
      .getByRole('link', { name: 'Contexte du territoire' }));
    await checked(page, `section et ses contributions @${size}`);
    assert.match(await page.locator('ul.linked-contributions').innerText(), /Atelier — .*Médiathèque de Ligné/);

    // 9. Design phase.
    await changePhase(page, projectUrl, 'Conception', `phase conception @${size}`);

    // 8. The trainer proposes an evaluation criterion measured by the hand-entered indicator.
    await openModule(trainer.page, projectUrl, 'Évaluation');
    await checked(trainer.page, `évaluation (membre) @${size}`);
    const criterion = `Des générations qui lisent ensemble ${tag}`;
    await trainer.page.getByLabel('Intitulé du critère').fill(criterion);
    await trainer.page.getByLabel('Les résultats de la coopération').check();
    await trainer.page.getByLabel('Description (facultatif)').fill('Les mêmes binômes reviennent à au moins deux ateliers.');
    await trainer.page.getByLabel(manual).check();
    await click(trainer.page, trainer.page.getByRole('button', { name: 'Proposer ce critère' }));
    assert.match(await mainText(trainer.page), /Le critère est proposé/);
    await checked(trainer.page, `critère proposé @${size}`);
    const criterionUrl = trainer.page.url().replace(/[?#].*$/, '');

    // 5. Meetings: a launch workshop held yesterday (attendance), the next one planned and invited.
    await openModule(page, projectUrl, 'Réunions');
    await checked(page, `réunions @${size}`);
    const workshop = `Atelier de lancement ${tag}`;
    await page.locator('#nouvelle > summary').click();
    await page.getByLabel('Titre de la réunion').fill(workshop);
    await page.getByLabel('Début (heure de Paris)').fill(parisInput(-86400));
    await page.getByLabel('Fin (heure de Paris)').fill(parisInput(-86400 + 2 * 3600));
    await page.getByLabel('Lieu', { exact: true }).fill('Espace culturel Paul Guimard');
    await page.getByLabel('Point 1', { exact: true }).fill('Tour de table des partenaires');
    await click(page, page.getByRole('button', { name: 'Créer la réunion' }));
    assert.match(await mainText(page), /La réunion est créée/);
    await checked(page, `atelier passé à noter @${size}`);
    const present = page.locator('#m-present');
    await present.getByLabel(/Formateur/).check();
    await present.getByLabel(/Stagiaire/).check();
    await click(page, page.getByRole('button', { name: 'Enregistrer les présences' }));
    await checked(page, `atelier tenu @${size}`);
    assert.match(await page.locator('#presences').innerText(), /Stagiaire/);
    const workshopUrl = page.url().replace(/[?#].*$/, '');

    await openModule(page, projectUrl, 'Réunions');
    const next = `Comité de projet ${tag}`;
    await page.locator('#nouvelle > summary').click();
    await page.getByLabel('Titre de la réunion').fill(next);
    await page.getByLabel('Début (heure de Paris)').fill(parisInput(14 * 86400));
    await page.getByLabel('Fin (heure de Paris)').fill(parisInput(14 * 86400 + 2 * 3600));
    await page.getByLabel('Lieu', { exact: true }).fill('Médiathèque de Ligné');
    await page.getByLabel('Point 1', { exact: true }).fill('Choisir les premiers ateliers');
    await page.getByLabel('Durée en minutes, point 1').fill('45');
    await click(page, page.getByRole('button', { name: 'Créer la réunion' }));
    await checked(page, `réunion prévue @${size}`);
    assert.match(await page.locator('#ordre-du-jour').innerText(), /Choisir les premiers ateliers/);
    await click(page, page.getByRole('button', { name: 'Inviter tous les membres pas encore invités' }));
    assert.match(await mainText(page), /invitations envoyées/);
    await checked(page, `membres invités @${size}`);
    const nextUrl = page.url().replace(/[?#].*$/, '');
    await trainee.page.goto(nextUrl);
    await trainee.page.getByLabel('Je viens').check();
    await click(trainee.page, trainee.page.getByRole('button', { name: 'Enregistrer ma réponse' }));
    await checked(trainee.page, `réponse à l'invitation @${size}`);

    // 6. A proposal taken at the workshop; both members vote; the facilitator closes it with its outcome.
    await openModule(page, projectUrl, 'Décisions');
    await checked(page, `décisions @${size}`);
    await click(page, page.getByRole('link', { name: 'Nouvelle décision' }));
    await checked(page, `type de décision @${size}`);
    await page.getByLabel('Proposition', { exact: true }).check();
    await click(page, page.getByRole('button', { name: 'Continuer' }));
    await checked(page, `nouvelle proposition @${size}`);
    const decision = `Adopter le critère et lancer les ateliers ${tag}`;
    await page.getByLabel('Intitulé de la décision').fill(decision);
    await page.getByLabel('Ce qui est proposé, et son contexte')
      .fill(`Nous retenons le critère « ${criterion} » et lançons des ateliers de lecture partagée.`);
    const atWorkshop = page.locator('#meeting_id option', { hasText: workshop });
    await page.getByLabel('Réunion où la décision est prise').selectOption(await atWorkshop.getAttribute('value'));
    await click(page, page.getByRole('button', { name: 'Ouvrir la décision' }));
    assert.match(await mainText(page), /La décision est ouverte/);
    await checked(page, `proposition ouverte @${size}`);
    const decisionUrl = page.url().replace(/[?#].*$/, '');
    for (const [who, member] of [['formateur', trainer], ['stagiaire', trainee]]) {
      await member.page.goto(decisionUrl);
      await checked(member.page, `proposition (${who}) @${size}`);
      await member.page.getByLabel("D'accord", { exact: true }).check();
      await click(member.page, member.page.getByRole('button', { name: 'Voter' }));
      assert.match(await mainText(member.page), /Votre vote est enregistré/);
      await checked(member.page, `vote (${who}) @${size}`);
    }
    assert.match(await trainee.page.locator('#results-section').innerText(), /2 votes sur 3 personnes/);
    await page.goto(decisionUrl);
    await checked(page, `proposition à clore @${size}`);
    await page.getByLabel('Adoptée', { exact: true }).check();
    await page.getByLabel('La décision', { exact: true })
      .fill('Le critère est adopté ; deux ateliers de lecture partagée par trimestre à la médiathèque de Ligné.');
    await click(page, page.getByRole('button', { name: 'Clore le vote et enregistrer la décision' }));
    assert.match(await mainText(page), /La décision est enregistrée/);
    await checked(page, `décision close @${size}`);
    assert.match(await page.locator('section.outcome').innerText(), /Adoptée/);
    await page.goto(workshopUrl);
    await checked(page, `atelier et sa décision @${size}`);
    assert.match(await page.locator('#compte-rendu').innerText(), new RegExp(escape(decision)), 'the workshop lists its decision');

    // 8. The facilitator adopts the criterion through the closed decision.
    await page.goto(criterionUrl);
    await checked(page, `critère (animation) @${size}`);
    const closed = page.locator('#d-decision option', { hasText: decision });
    await page.getByLabel('Décision close du projet').selectOption(await closed.getAttribute('value'));
    await page.getByLabel('Adopté', { exact: true }).check();
    await click(page, page.getByRole('button', { name: 'Rattacher la décision' }));
    assert.match(await mainText(page), /Le critère est adopté/);
    await checked(page, `critère adopté @${size}`);

    // 4. Actions: a parent and its sub-action.
    await openModule(page, projectUrl, 'Actions');
    await checked(page, `actions @${size}`);
    await click(page, page.getByRole('link', { name: 'Nouvelle action' }));
    await checked(page, `nouvelle action @${size}`);
    const parent = `Ateliers de lecture partagée ${tag}`;
    await page.getByLabel("Intitulé de l'action").fill(parent);
    await page.getByLabel('Début').fill(parisDay(1));
    await page.getByLabel('Échéance').fill(parisDay(180));
    await click(page, page.getByRole('button', { name: "Créer l'action" }));
    assert.match(await mainText(page), /L'action est créée/);
    const parentUrl = page.url().replace(/[?#].*$/, '');
    await click(page, page.getByRole('link', { name: 'Ajouter une sous-action' }));
    await checked(page, `nouvelle sous-action @${size}`);
    const child = `Premier atelier à Ligné ${tag}`;
    await page.getByLabel("Intitulé de l'action").fill(child);
    await page.getByLabel('Début').fill(parisDay(1));
    await page.getByLabel('Échéance').fill(parisDay(40));
    await click(page, page.getByRole('button', { name: "Créer l'action" }));
    assert.match(await mainText(page), /L'action est créée/);
    await checked(page, `sous-action @${size}`);
    const childUrl = page.url().replace(/[?#].*$/, '');

    // 9. Implementation: the sub-action moves on, its parent follows.
    await changePhase(page, projectUrl, 'Mise en œuvre', `phase mise en œuvre @${size}`);
    await page.goto(childUrl);
    await page.getByLabel('Statut', { exact: true }).selectOption('in_progress');
    await page.getByLabel('Avancement (en %)').fill('60');
    await click(page, page.getByRole('button', { name: 'Enregistrer le statut' }));
    assert.match(await mainText(page), /Le statut de l'action est enregistré/);
    await checked(page, `avancement @${size}`);
    await page.goto(parentUrl);
    await checked(page, `action parente @${size}`);
    assert.equal(await page.locator('#progress-value').innerText(), '60 %');
    assert.match(await mainText(page), /moyenne pondérée de ses sous-actions/);
    await click(page, page.getByRole('link', { name: 'Actions du projet' }));
    await checked(page, `arbre des actions @${size}`);
    const parentItem = page.locator('ul.action-tree > li', { hasText: parent });
    assert.equal(await parentItem.locator('progress').first().getAttribute('value'), '60');

    // 9. Evaluation: the phase's questionnaire is sent, the yearly report downloads.
    await changePhase(page, projectUrl, 'Évaluation', `phase évaluation @${size}`);
    await openModule(page, projectUrl, 'Évaluation');
    await checked(page, `évaluation (animation) @${size}`);
    const launchForm = page.locator('form', { has: page.getByRole('button', { name: 'Envoyer le questionnaire' }) });
    assert.equal(await launchForm.getByLabel('Phase', { exact: true }).inputValue(), 'evaluation', 'the current phase is offered');
    await click(page, page.getByRole('button', { name: 'Envoyer le questionnaire' }));
    await checked(page, `évaluation lancée @${size}`);
    const launched = page.getByRole('table', { name: 'Questionnaires d\'évaluation de la coopération par phase' })
      .getByRole('row', { name: /^Évaluation/ });
    assert.match(await launched.innerText(), /0 sur 3/);
    const criteria = page.getByRole('table', { name: /Critères d'évaluation du projet/ });
    assert.match(await criteria.getByRole('row', { name: new RegExp(escape(criterion)) }).innerText(), /Adopté/);
    const report = page.getByRole('link', { name: `Rapport d'évaluation ${year}` });
    const href = await report.getAttribute('href');
    assert.equal(href, `/cooperation/projets/${project}/evaluation/rapport-${year}.pdf`);
    // The report opens inline in the browser's PDF viewer: the answer to the click is a PDF; its bytes are
    // read again with the facilitator's cookies (the viewer hands the page its own HTML, not the file).
    const [opened] = await Promise.all([page.waitForResponse((r) => r.url() === server.url + href), report.click()]);
    assert.equal(opened.status(), 200);
    assert.match(opened.headers()['content-type'], /^application\/pdf/);
    const pdf = await f.context.request.get(server.url + href);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /^application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    await Promise.all([f.context.close(), trainer.context.close(), trainee.context.close()]);
  });
}
