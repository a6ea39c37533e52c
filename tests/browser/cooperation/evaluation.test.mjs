// The evaluation of the seed's project (Pays d'Ancenis) in a real browser, on a phone (390 px) and a
// laptop (1280 px): a member reads the criteria and the diagnosis phase's results, and proposes a
// criterion (what the criterion looks at chosen among conditions, means, results; an indicator of the
// project checked); the facilitator opens it, attaches a closed decision of the project that adopts
// it, and finds the yearly report's link. Every page visited passes axe (no serious or critical
// violation) and fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, parisYear } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

let server, browser, project;
before(async () => { ({ server, browser, project } = await start()); });
after(() => stop(server, browser));

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a member proposes a criterion and the facilitator adopts it, at ${size} px`, { timeout: 180000 }, async () => {
    const evaluation = `${server.url}/cooperation/projets/${project}/evaluation`;
    const member = await newPage(browser, { viewport });
    await login(member.page, server.url, DEMO.trainee, DEMO_PASSWORD);
    await member.page.goto(evaluation);
    await checked(member.page, `évaluation @${size}`);
    const text = await mainText(member.page);
    assert.match(text, /Des générations réunies aux temps forts/);
    assert.match(text, /5 sur 5/);
    await click(member.page, member.page.getByRole('link', { name: /Voir les résultats/ }));
    await checked(member.page, `résultats du diagnostic @${size}`);
    assert.match(await mainText(member.page), /Les objectifs du projet sont clairs/);

    await member.page.goto(evaluation);
    const title = `Des habitants qui reviennent ${size} ${randomBytes(3).toString('hex')}`;
    await member.page.fill('#c-title', title);
    await member.page.check('#c-dimension-results');
    await member.page.fill('#c-description', 'Les mêmes familles reviennent à au moins deux rendez-vous.');
    await member.page.getByLabel('Participants aux ateliers intergénérationnels').check();
    await click(member.page, member.page.getByRole('button', { name: 'Proposer ce critère' }));
    await checked(member.page, `critère proposé @${size}`);
    const proposed = await mainText(member.page);
    assert.match(proposed, /Le critère est proposé/);
    assert.match(proposed, /Participants aux ateliers intergénérationnels/);
    const url = member.page.url();
    await member.context.close();

    const facilitator = await newPage(browser, { viewport });
    await login(facilitator.page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await facilitator.page.goto(url);
    await checked(facilitator.page, `critère (animation) @${size}`);
    const option = facilitator.page.locator('#d-decision option', { hasText: 'Mémoires partagées' });
    await facilitator.page.selectOption('#d-decision', await option.getAttribute('value'));
    await facilitator.page.check('#d-adopted');
    await click(facilitator.page, facilitator.page.getByRole('button', { name: 'Rattacher la décision' }));
    await checked(facilitator.page, `critère adopté @${size}`);
    const adopted = await mainText(facilitator.page);
    assert.match(adopted, /Le critère est adopté/);
    assert.match(adopted, /Retenir le thème « Mémoires partagées »/);
    await facilitator.page.goto(evaluation);
    await checked(facilitator.page, `évaluation (animation) @${size}`);
    const year = parisYear();
    assert.equal(await facilitator.page.getByRole('link', { name: `Rapport d'évaluation ${year}` }).getAttribute('href'),
      `/cooperation/projets/${project}/evaluation/rapport-${year}.pdf`);
    await facilitator.context.close();
  });
}
