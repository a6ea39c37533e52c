// Meetings of the demo's cooperation project in a real browser, on a phone (390 px) and a laptop
// (1280 px): the facilitator opens the project's meetings, reads the held diagnosis workshop (attendance,
// organisations, minutes, decisions), prepares a meeting whose end comes before its start (the refusal is
// announced and the field marked), then a right one, and invites every member; an invited member answers
// on the planned meeting's page. Every page visited passes axe (no serious or critical violation) and fits
// the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

let server, browser, project;
before(async () => { ({ server, browser, project } = await start()); });
after(() => stop(server, browser));

const parisInput = (seconds) => new Date(Date.now() + seconds * 1000)
  .toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16).replace(' ', 'T');

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a facilitator prepares a meeting and a member answers, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(`${server.url}/cooperation/projets/${project}/reunions`);
    await checked(page, `réunions @${size}`);
    assert.match(await mainText(page), /Atelier de diagnostic partagé/);
    await click(page, page.getByRole('link', { name: 'Atelier de diagnostic partagé' }));
    await checked(page, `réunion tenue @${size}`);
    const held = await mainText(page);
    assert.match(held, /Théâtre Quartier Libre/);
    assert.match(held, /Tour de table/);
    assert.match(held, /habitant·es/);

    // A meeting whose end comes before its start: refused, announced, the typed title kept.
    await page.goto(`${server.url}/cooperation/projets/${project}/reunions`);
    await page.locator('#nouvelle > summary').click();
    const title = `Répétition ouverte ${size} ${randomBytes(3).toString('hex')}`;
    await page.fill('#m-title', title);
    await page.fill('#m-starts', parisInput(10 * 86400 + 3600));
    await page.fill('#m-ends', parisInput(10 * 86400));
    await page.fill('#m-place', 'Le Préambule, Ligné');
    await page.fill('#m-agenda_1-title', 'Accueil');
    await page.fill('#m-agenda_1-duration', '15');
    await click(page, page.getByRole('button', { name: 'Créer la réunion' }));
    await expectAccessible(page, `réunion refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /La fin de la réunion doit venir après son début/);
    assert.equal(await page.locator('#m-ends').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#error-summary a').getAttribute('href'), '#m-ends', 'the summary links the field');
    assert.equal(await page.inputValue('#m-title'), title);
    await page.fill('#m-ends', parisInput(10 * 86400 + 3 * 3600));
    await click(page, page.getByRole('button', { name: 'Créer la réunion' }));
    assert.match(await mainText(page), new RegExp(title));
    await checked(page, `réunion prévue @${size}`);
    await click(page, page.getByRole('button', { name: 'Inviter tous les membres pas encore invités' }));
    assert.match(await mainText(page), /invitations envoyées/);
    const meetingUrl = page.url().replace(/#.*$/, '');
    await context.close();

    // An invited member answers.
    const member = await newPage(browser, { viewport });
    await login(member.page, server.url, DEMO.trainer, DEMO_PASSWORD);
    await member.page.goto(meetingUrl);
    await checked(member.page, `invitation @${size}`);
    await member.page.getByLabel('Peut-être').check();
    await click(member.page, member.page.getByRole('button', { name: 'Enregistrer ma réponse' }));
    assert.match(await mainText(member.page), /Votre réponse : Peut-être/);
    await member.context.close();
  });
}
