// The questionnaires' day in a real browser, at 390 px and at 1280 px (issue 14, "Done when"):
// - the demo trainee, invited to her session's positioning questionnaire, finds it on /tableau-de-bord
//   ("Questionnaires à remplir"), answers it page after page and sends it; the panel is then gone;
// - a manager of questionnaires (the Département's coordinator) finds the sendings open now on her
//   dashboard, goes through "Tous les questionnaires" to the end-of-course questionnaire, its sendings,
//   one sending, and reads its results.
// Every page passes axe and keeps its actions on screen; both dashboards are saved at phone size
// (build/screenshots/questionnaires-trainee-dashboard-phone.png, questionnaires-manager-dashboard-phone.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, runTrame, startTrame } from '../../integration/harness.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, launch, login, mainText, newPage, screenshot,
} from '../browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function check(page, label) {
  await expectAccessible(page, label);
  await expectActionsOnScreen(page, label);
}

async function follow(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// Answers every question shown on an answering page: the first choice of each group, the middle of
// each scale, a sentence in each text, a date, a number within its bounds.
async function fillPage(page) {
  await page.evaluate(() => {
    const form = document.querySelector('form.answers-form');
    const done = new Set();
    for (const input of form.querySelectorAll('input')) {
      const { type, name } = input;
      if (!name || name.startsWith('_') || input.disabled || input.offsetParent === null) continue;
      if (type === 'radio' || type === 'checkbox') {
        if (done.has(name) || input.value === '__other__') continue;
        const group = [...form.querySelectorAll(`input[name="${CSS.escape(name)}"]`)].filter((x) => x.value !== '__other__');
        (group[Math.floor(group.length / 2)] || input).checked = true;
        done.add(name);
      } else if (type === 'number') input.value = input.min || '3';
      else if (type === 'date') input.value = '2027-01-15';
      else if (type === 'text' && !/other/.test(name)) input.value = 'Une réponse';
    }
    for (const area of form.querySelectorAll('textarea')) if (area.offsetParent !== null) area.value = 'Des échanges très utiles.';
  });
}

for (const [size, viewport] of [['phone', PHONE_390], ['laptop', LAPTOP]]) {
  test(`trainee @${size}: finds the questionnaire to fill on her dashboard and answers it`, { timeout: 180000 }, async () => {
    // A server of its own: the questionnaire answered at one size is to fill again at the other.
    const server = await startTrame({ smtp: false });
    // The job runner sends the positioning of her session (the server's own runner may not have yet).
    assert.equal(runTrame(['jobs', 'run-due', '--database', server.database]).status, 0);
    const { context, page } = await newPage(browser, { viewport });
    try {
      await login(page, server.url, DEMO.trainee, DEMO_PASSWORD);
      await page.goto(server.url + '/tableau-de-bord');
      const panel = page.locator('section[aria-labelledby="dash-questionnaires-to-fill"]');
      assert.match(await panel.innerText(), /Questionnaires à remplir/);
      const link = panel.getByRole('link', { name: /^Positionnement — / });
      assert.equal(await link.count(), 1, await panel.innerText());
      await check(page, `trainee dashboard @${size}`);
      if (size === 'phone') await screenshot(page, 'questionnaires-trainee-dashboard-phone');

      await follow(page, link);
      assert.match(page.url(), /\/questionnaires\/invitations\/\d+/);
      for (let step = 1; step <= 12; step++) {
        await check(page, `answering page ${step} @${size}`);
        await fillPage(page);
        const send = page.locator('form.answers-form button[name="action"][value="send"]');
        if (await send.count()) {
          await follow(page, send);
          break;
        }
        await follow(page, page.locator('form.answers-form button[name="action"][value="next"]'));
        assert.doesNotMatch(await mainText(page), /Il y a un problème|erreur/i, `page ${step} accepted`);
      }
      assert.match(await mainText(page), /Merci pour vos réponses/);
      await check(page, `thanks @${size}`);

      // Done: nothing left to fill on the dashboard.
      await page.goto(server.url + '/tableau-de-bord');
      assert.equal(await page.locator('section[aria-labelledby="dash-questionnaires-to-fill"]').count(), 0);
      await check(page, `trainee dashboard, answered @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test(`manager @${size}: from her dashboard to the results of a sending`, { timeout: 180000 }, async () => {
    const server = await startTrame({ smtp: false });
    const { context, page } = await newPage(browser, { viewport });
    try {
      await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
      await page.goto(server.url + '/tableau-de-bord');
      const panel = page.locator('section[aria-labelledby="dash-questionnaires-open"]');
      assert.match(await panel.innerText(), /Envois de questionnaires en cours/);
      await check(page, `manager dashboard @${size}`);
      if (size === 'phone') await screenshot(page, 'questionnaires-manager-dashboard-phone');

      await follow(page, panel.getByRole('link', { name: 'Tous les questionnaires' }));
      await check(page, `questionnaires @${size}`);
      // The list is cards on a phone: the questionnaire's status sits on screen with it.
      const row = page.locator('table.q-table tr', { hasText: 'Satisfaction — Formation-action culture/social' }).first();
      assert.match(await row.locator('td[data-label="Statut"]').innerText(), /Publié/);
      await follow(page, row.getByRole('link').first());
      await check(page, `questionnaire @${size}`);

      await follow(page, page.getByRole('link', { name: 'Envois', exact: true }));
      await check(page, `sendings @${size}`);
      const sending = page.locator('table.campaigns-table tbody tr').first();
      assert.match(await sending.locator('td[data-label="État"]').innerText(), /\S/);
      await follow(page, sending.getByRole('link').first());
      assert.match(page.url(), /\/questionnaires\/envois\/\d+$/);
      await check(page, `sending @${size}`);

      await follow(page, page.locator('main p.lead').getByRole('link', { name: 'Résultats de cet envoi' }));
      assert.match(page.url(), /\/resultats\?envoi=\d+$/);
      assert.match(await page.locator('#results-responses').innerText(), /^\d+$/);
      assert.ok(await page.locator('section.results-question svg.chart').count() > 0, 'the charts');
      await check(page, `results @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
