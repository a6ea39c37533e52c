// Session objectives in a real browser (issue 18), on a phone (390 px) and a laptop (1280 px): the demo
// trainer opens « Session printemps 2027 », follows « Objectifs de la session », sees the session's own
// objectives, sends a list with a duplicate (refused: announced, the field marked, the text kept), then a
// corrected list (saved, shown in order); on the laptop the session's evaluations page shows the
// mid-course (« à chaud ») stage. Every page passes axe (no serious or critical violation) and fits the
// screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { dbValue } from '../../integration/questionnaire_fixtures.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText, newPage,
} from '../browser.mjs';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]); });
after(async () => { await browser?.close(); await server?.stop(); });

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}
async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a trainer sets the session's objectives, at ${size} px`, { timeout: 60000 }, async () => {
    const sid = dbValue(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027' ORDER BY id");
    assert.ok(sid, 'the demo session');
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.trainer, DEMO_PASSWORD);
    await page.goto(`${server.url}/formations/sessions/${sid}`);
    await click(page, page.locator(`a[href="/formations/sessions/${sid}/objectifs"]`).first());
    await checked(page, `objectifs @${size}`);
    assert.match(await mainText(page), /Objectifs propres à cette session/);
    const first = `Repérer les lieux culturels du territoire (${size})`;
    await page.fill('#o-objectives', `${first}\n${first}`);
    await click(page, page.getByRole('button', { name: 'Enregistrer les objectifs' }));
    await checked(page, `objectifs refusés @${size}`);
    assert.match(await page.locator('[role="alert"]').first().innerText(), /Le même objectif figure deux fois/);
    assert.equal(await page.locator('#o-objectives').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.inputValue('#o-objectives'), `${first}\n${first}`);
    await page.fill('#o-objectives', `${first}\nMonter une sortie avec les familles\nÉvaluer avec les habitants`);
    await click(page, page.getByRole('button', { name: 'Enregistrer les objectifs' }));
    await checked(page, `objectifs enregistrés @${size}`);
    const text = await mainText(page);
    assert.match(text, /Les objectifs de la session ont été enregistrés/);
    const items = await page.locator('#current-objectives li').allInnerTexts();
    assert.deepEqual(items, [first, 'Monter une sortie avec les familles', 'Évaluer avec les habitants']);
    if (size === '1280') {
      await page.goto(`${server.url}/formations/sessions/${sid}/evaluations`);
      await checked(page, `évaluations @${size}`);
      assert.match(await mainText(page), /Évaluation à chaud/);
      assert.match(await mainText(page), /Retours à chaud/);
    }
    await context.close();
  });
}
