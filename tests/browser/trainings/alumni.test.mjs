// The alumni space and the rollout page in a real browser, on a phone (390 px) and a laptop (1280 px): a
// former trainee of « Pays d'Ancenis 2022-2023 » opens the programme's alumni space, joins it, opens a
// thread and reads it back; the Département's coordinator reads the rollout across the délégations for
// 2023 (held, planned or no session, in words). Every page passes axe (no serious or critical
// violation), fits the screen and keeps its actions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, runSql, startTrame } from '../../integration/harness.mjs';
import { dbRows, dbValue, q } from '../../integration/questionnaire_fixtures.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage } from '../browser.mjs';

let server, browser, programme, former;

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  programme = Number(dbValue(server.database, "SELECT programme_id FROM training_sessions WHERE title = 'Pays d''Ancenis 2022-2023'"));
  // Two former trainees outside the space, who sign in with the demo password (one per screen size).
  former = dbRows(server.database, "SELECT u.email FROM training_applications a JOIN users u ON u.id = a.user_id "
    + "JOIN training_sessions s ON s.id = a.session_id WHERE s.title = 'Pays d''Ancenis 2022-2023' AND a.status = 'completed' "
    + `AND a.user_id NOT IN (SELECT user_id FROM training_alumni_members WHERE programme_id = ${programme}) ORDER BY a.id LIMIT 2`)
    .map((r) => r[0]);
  assert.equal(former.length, 2);
  for (const email of former)
    runSql(server.database, `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = ${q(DEMO.trainee)}) WHERE email = ${q(email)}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const [size, viewport, index] of [['390', PHONE_390, 0], ['1280', LAPTOP, 1]]) {
  test(`a former trainee joins the alumni space and posts; the coordinator reads the rollout, at ${size} px`, { timeout: 60000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, former[index], DEMO_PASSWORD);
    await page.goto(`${server.url}/formations/programmes/${programme}/anciens`);
    await checked(page, `espace des anciens @${size}`);
    await click(page, page.getByRole('button', { name: "Rejoindre l'espace des anciens" }));
    assert.match(await mainText(page), /Bienvenue dans l'espace des anciens/);
    assert.match(await mainText(page), /Retrouvailles : où en sont nos projets un an après/);
    await checked(page, `membre @${size}`);
    const title = `Nos projets en ${size} px`;
    await page.fill('#e-title', title);
    await page.fill('#e-body', 'Qui veut échanger sur les ateliers intergénérationnels ?');
    await click(page, page.getByRole('button', { name: 'Publier le fil' }));
    assert.match(await mainText(page), /Votre fil est publié/);
    assert.match(await mainText(page), /ateliers intergénérationnels/);
    await checked(page, `fil @${size}`);
    await context.close();

    const coordinator = await newPage(browser, { viewport });
    await login(coordinator.page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await coordinator.page.goto(`${server.url}/formations/deploiement?annee=2023`);
    await checked(coordinator.page, `déploiement @${size}`);
    const table = await coordinator.page.locator('#rollout-table').innerText();
    assert.match(table, /Délégation Pays d'Ancenis/);
    assert.match(table, /Session tenue/);
    assert.match(table, /Aucune session/);
    assert.equal(await coordinator.page.locator('#rollout-table caption').innerText(),
      'Sessions et stagiaires touchés par délégation en 2023');
    await coordinator.context.close();
  });
}
