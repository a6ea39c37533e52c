// The general assembly in a real browser, on a phone (390 px) and a laptop (1280 px): a member's contact
// (the Théâtre Quartier Libre's box office, a member this year) finds the next assembly on the dashboard,
// reads its agenda, tries to give the proxy without naming the member who receives it (the refusal is
// announced and the field marked), then gives it; the network's coordinator reads the 2024 assembly
// (attendance, proxies, quorum, resolutions adopted) and its minutes. Every page visited passes axe (no
// serious or critical violation), fits the width and keeps its actions on screen (the member's page, the
// next assembly as its manager sees it with its forms, the published 2024 assembly).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage } from '../browser.mjs';

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
  test(`a member gives its proxy, the coordinator reads the minutes, at ${size} px`, { timeout: 60000 }, async () => {
    const now = Math.floor(Date.now() / 1000);
    const next = querySql(server.database, `SELECT id || '|' || title FROM life_assemblies WHERE starts_at > ${now} AND notice_sent_at = 0 ORDER BY starts_at LIMIT 1`);
    assert.ok(next, 'the demo\'s next assembly');
    const [nextId, nextTitle] = next.split('|');
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
    assert.match(await mainText(page), /Prochaine assemblée générale/, 'the dashboard panel');
    await click(page, page.getByRole('link', { name: new RegExp(`Présence ou procuration : ${nextTitle}`) }));
    assert.match(page.url(), new RegExp(`/adherents/assemblees/${nextId}`));
    await checked(page, `assemblée à venir @${size}`);
    assert.match(await mainText(page), /Rapport moral de l'année écoulée/);

    // Represented, but by nobody: refused, announced, nothing recorded.
    await page.getByLabel('représentée par un autre adhérent (procuration)').check();
    await page.selectOption('select[id^="mine-holder-"]', '');
    await click(page, page.getByRole('button', { name: 'Enregistrer ma réponse' }));
    assert.match(await page.locator('[role="alert"]').innerText(), /Choisissez l'adhérent qui reçoit la procuration/);
    assert.equal(await page.locator('select[id^="mine-holder-"]').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('représentée par un autre adhérent (procuration)').check();
    await page.selectOption('select[id^="mine-holder-"]', { label: 'Relais social de Vitry-sur-Seine (fictif)' });
    await click(page, page.getByRole('button', { name: 'Enregistrer ma réponse' }));
    assert.match(await mainText(page), /La participation est enregistrée/);
    assert.match(await page.locator('#ma-participation').innerText(), /Représentée.*Relais social de Vitry-sur-Seine/s);
    await context.close();

    const coordinator = await newPage(browser, { viewport });
    await login(coordinator.page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await coordinator.page.goto(`${server.url}/adherents/assemblees`);
    // The next assembly as its manager sees it: the attendance sheet with a form per member, the notice to send.
    await click(coordinator.page, coordinator.page.getByRole('link', { name: nextTitle }));
    await checked(coordinator.page, `assemblée à préparer @${size}`);
    assert.match(await mainText(coordinator.page), /Envoyer la convocation/);
    await coordinator.page.goto(`${server.url}/adherents/assemblees`);
    await click(coordinator.page, coordinator.page.getByRole('link', { name: 'Assemblée générale 2024' }));
    await checked(coordinator.page, `assemblée 2024 @${size}`);
    const text = await mainText(coordinator.page);
    assert.match(text, /Procès-verbal publié/);
    assert.match(text, /Quorum atteint/);
    assert.match(text, /Adoptée/);
    assert.match(text, /Représentée/);
    const pdf = coordinator.page.getByRole('link', { name: 'Télécharger le procès-verbal (PDF)' });
    const href = await pdf.getAttribute('href');
    const res = await coordinator.context.request.get(`${server.url}${href}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    await coordinator.context.close();
  });
}
