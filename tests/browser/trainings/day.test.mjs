// The trainings' day in a real browser, at 390 px and at 1280 px (issue 14, "Done when"):
// - an applicant (an existing account, signed out) opens the trainings from /tableau-de-bord, applies from a
//   programme page, signs in midway through "Connectez-vous" and comes back to the form, then finds the
//   application on the dashboard;
// - the demo trainee signs the sheet of the half-day in progress (the trainer shows a new code) and downloads a
//   document, from the "Ma formation" panel;
// - training staff open an application from "Candidatures à traiter", read the e-mail and phone, and decide.
// Every page passes axe and keeps its actions on screen; the trainee's and staff's dashboards are saved at
// phone size (build/screenshots/trainee-dashboard-phone.png, training-staff-dashboard-phone.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
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

for (const [size, viewport] of [['phone', PHONE_390], ['laptop', LAPTOP]]) {
  test(`applicant @${size}: applies, signs in midway and keeps the application`, { timeout: 180000 }, async () => {
    const server = await startTrame({ smtp: false });
    const { context, page } = await newPage(browser, { viewport });
    try {
      // Signed out, the dashboard asks to sign in; the applicant goes to the trainings first.
      await page.goto(server.url + '/tableau-de-bord');
      assert.equal(new URL(page.url()).pathname, '/connexion');
      await check(page, `sign-in @${size}`);
      await page.goto(server.url + '/formations');
      await check(page, `catalogue @${size}`);
      await follow(page, page.locator('main a[href^="/formations/programmes/"]', { hasText: "Pouvoir d'agir" }).first());
      await check(page, `programme @${size}`);
      // "Candidater" near the top: above the objectives.
      const cta = page.locator('main p.apply-cta a').first();
      const ctaTop = (await cta.boundingBox()).y;
      const objectivesTop = (await page.locator('#objectives-title').boundingBox()).y;
      assert.ok(ctaTop < objectivesTop, `Candidater at ${ctaTop} px, objectives at ${objectivesTop} px`);
      await follow(page, cta);
      assert.match(page.url(), /\/formations\/sessions\/\d+\/candidater$/);
      const applyUrl = new URL(page.url()).pathname;
      await check(page, `apply form, signed out @${size}`);
      // Midway: "Connectez-vous" and back to the same form, signed in.
      await follow(page, page.getByRole('link', { name: 'Connectez-vous' }));
      assert.equal(new URL(page.url()).pathname, '/connexion');
      await page.fill('#email', DEMO.volunteer);
      await page.fill('#password', DEMO_PASSWORD);
      await follow(page, page.locator('main button[type="submit"]'));
      assert.equal(new URL(page.url()).pathname, applyUrl, 'back to the application form');
      await check(page, `apply form, signed in @${size}`);
      await page.fill('#e-phone', '06 12 34 56 78');
      await page.selectOption('#e-sector', 'social');
      await page.fill('#e-motivation', 'Relier la médiathèque et le centre social du quartier.');
      await page.selectOption('#e-trainee_status', 'volunteer');
      await page.selectOption('#e-employer_type', 'association');
      await page.selectOption('#e-funding', 'employer');
      await follow(page, page.locator('main form button[type="submit"]').last());
      assert.match(page.url(), /\/formations\/candidatures\/\d+$/);
      assert.match(await mainText(page), /Déposée/);
      await check(page, `application @${size}`);
      await page.goto(server.url + '/formations/candidatures');
      assert.match(await mainText(page), /Session printemps 2027/);
      await check(page, `my applications @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test(`trainee @${size}: signs the sheet of the half-day in progress and downloads a document`, { timeout: 180000 }, async () => {
    const server = await startTrame({ smtp: false });
    const { context, page } = await newPage(browser, { viewport });
    const trainer = await newPage(browser, { viewport: LAPTOP });
    try {
      await login(page, server.url, DEMO.trainee, DEMO_PASSWORD);
      await page.goto(server.url + '/tableau-de-bord');
      const panel = page.locator('section[aria-labelledby="dash-trainings-trainee"]');
      const text = await panel.innerText();
      assert.match(text, /Ma formation/);
      assert.match(text, /Place à confirmer/);
      assert.match(text, /Prochaine demi-journée/);
      assert.match(text, /93 la Canebière/);
      await check(page, `trainee dashboard @${size}`);
      if (size === 'phone') await screenshot(page, 'trainee-dashboard-phone');

      await follow(page, panel.getByRole('link', { name: /Feuille d'émargement à signer/ }));
      assert.match(page.url(), /\/formations\/demi-journees\/\d+$/);
      await check(page, `sheet to sign @${size}`);
      // In the room, the trainer shows a new code.
      await login(trainer.page, server.url, DEMO.trainer, DEMO_PASSWORD);
      await trainer.page.goto(page.url());
      await follow(trainer.page, trainer.page.getByRole('button', { name: 'Afficher un nouveau code' }));
      const code = await trainer.page.locator('#sign-code').getAttribute('data-code');
      assert.match(code, /^\d{6}$/);
      await page.fill('#f-code', code);
      await follow(page, page.getByRole('button', { name: /Signer/ }));
      assert.match(await mainText(page), /Présent|signé/i);
      await check(page, `sheet signed @${size}`);

      await page.goto(server.url + '/tableau-de-bord');
      assert.doesNotMatch(await panel.innerText(), /Feuille d'émargement à signer/);
      await follow(page, panel.getByRole('link', { name: /documents? à télécharger/ }));
      assert.equal(new URL(page.url()).pathname, '/formations/mes-documents');
      await check(page, `my documents @${size}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('main a[data-document]').first().click(),
      ]);
      assert.match(download.suggestedFilename(), /^convocation-.*\.pdf$/);
    } finally {
      await trainer.context.close();
      await context.close();
      await server.stop();
    }
  });

  test(`training staff @${size}: decides on an application from the dashboard`, { timeout: 180000 }, async () => {
    const server = await startTrame({ smtp: false });
    const { context, page } = await newPage(browser, { viewport });
    try {
      await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
      await page.goto(server.url + '/tableau-de-bord');
      const panel = page.locator('section[aria-labelledby="dash-trainings-applications"]');
      assert.match(await panel.innerText(), /Candidatures à traiter/);
      assert.match(await page.locator('section[aria-labelledby="dash-trainings-countersign"]').innerText(), /Session d'hiver/);
      assert.match(await page.locator('section[aria-labelledby="dash-trainings-complaints"]').innerText(), /Réclamations à traiter/);
      await check(page, `staff dashboard @${size}`);
      if (size === 'phone') await screenshot(page, 'training-staff-dashboard-phone');

      await follow(page, panel.getByRole('link', { name: /Camille Martin/ }));
      assert.match(page.url(), /\/formations\/candidatures\/\d+$/);
      const main = await mainText(page);
      assert.match(main, /camille\.martin@demo\.trame\.local/);
      assert.match(main, /Téléphone/);
      assert.equal(await page.inputValue('#e-decision'), '', 'no preset decision');
      await check(page, `application to decide @${size}`);
      // No choice: refused in French, the page again.
      // (the browser's own check of the required select is bypassed, as an old browser would)
      await page.locator('form[action$="/decision"]').evaluate((f) => { f.noValidate = true; });
      await follow(page, page.locator('form[action$="/decision"] button[type="submit"]'));
      assert.match(await mainText(page), /Choisissez une décision dans la liste/);
      await check(page, `decision refused @${size}`);
      await page.selectOption('#e-decision', 'admitted');
      await follow(page, page.locator('form[action$="/decision"] button[type="submit"]'));
      assert.match(await page.locator('#application-status').innerText(), /Admis/);
      await check(page, `decided @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
