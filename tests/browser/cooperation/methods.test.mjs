// The methods library in a real browser, on a phone (390 px) and a laptop (1280 px): an anonymous visitor
// searches the starter methods without accents and reads one; the demo trainer writes a method whose
// minimum duration exceeds its maximum (the refusal is announced and the field marked), then a right one,
// and records a use of it in a half-day of their session; the project's facilitator records a use in the
// seed's project. Every page visited passes axe (no serious or critical violation) and fits the screen's
// width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start({ demoProject: false })); });
after(() => stop(server, browser));

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`an anonymous visitor finds and reads a starter method, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await page.goto(`${server.url}/cooperation/methodes`);
    await checked(page, `méthodes @${size}`);
    await page.fill('#m-q', 'debat');
    await page.fill('#m-duree', '60');
    await click(page, page.getByRole('button', { name: 'Chercher' }));
    await checked(page, `recherche @${size}`);
    const found = await mainText(page);
    assert.match(found, /Débat mouvant/);
    assert.doesNotMatch(found, /Arpentage/, 'arpentage takes two hours at least');
    await click(page, page.getByRole('link', { name: 'Débat mouvant' }));
    await checked(page, `débat mouvant @${size}`);
    const text = await mainText(page);
    assert.match(text, /Tracer une ligne au sol/);
    assert.match(text, /de 30 min à 1 h 30/);
    await context.close();
  });

  test(`a trainer writes a method and records where it was used, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.trainer, DEMO_PASSWORD);
    await page.goto(`${server.url}/cooperation/methodes`);
    await click(page, page.getByRole('link', { name: 'Écrire une méthode' }));
    await checked(page, `nouvelle méthode @${size}`);
    const title = `Marche exploratoire ${size} ${randomBytes(3).toString('hex')}`;
    await page.fill('#m-title', title);
    await page.fill('#m-purpose', 'Parcourir un quartier à plusieurs pour relever ce qui aide et ce qui gêne.');
    await page.fill('#m-duration_min', '120');
    await page.fill('#m-duration_max', '90');
    await page.fill('#m-group_min', '6');
    await page.fill('#m-group_max', '15');
    await page.fill('#m-steps', 'Tracer le parcours\nMarcher et noter\nMettre en commun');
    await page.fill('#m-tags', 'territoire, habitants');
    await click(page, page.getByRole('button', { name: 'Enregistrer la méthode' }));
    await checked(page, `méthode refusée @${size}`);
    assert.match(await page.locator('#error-summary').innerText(), /La durée minimale dépasse la durée maximale/);
    assert.equal(await page.locator('#m-duration_min').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.inputValue('#m-title'), title, 'what was typed is kept');
    await page.fill('#m-duration_min', '60');
    await click(page, page.getByRole('button', { name: 'Enregistrer la méthode' }));
    await checked(page, `méthode écrite @${size}`);
    assert.match(await mainText(page), /La méthode a été ajoutée à la bibliothèque/);
    assert.match(await mainText(page), /Marcher et noter/);

    // A use in a half-day of the trainer's session (the demo trainer teaches sessions that have begun).
    await page.check('#u-place-halfday');
    await page.fill('#u-note', 'Avec les stagiaires, autour du lieu de formation.');
    await click(page, page.getByRole('button', { name: "Noter l'utilisation" }));
    await checked(page, `utilisation notée @${size}`);
    const after = await mainText(page);
    assert.match(after, /L'utilisation a été notée/);
    assert.match(after, /Avec les stagiaires, autour du lieu de formation/);
    await context.close();
  });
}

test('the facilitator records a use in the seed\'s project; the public sees « Un projet du réseau » for a members-only one', { timeout: 120000 }, async () => {
  const sql = (statement) => querySql(server.database, statement).trim();
  const project = sql("SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'");
  const visibility = sql(`SELECT visibility FROM cooperation_projects WHERE id = ${project}`);
  const method = sql("SELECT id FROM cooperation_methods WHERE title = 'Arpentage'");
  assert.ok(project && method);
  const { context, page } = await newPage(browser, { viewport: PHONE_390 });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await page.goto(`${server.url}/cooperation/methodes/${method}`);
  await page.check('#u-place-project');
  await page.selectOption('#u-project', String(project));
  await page.fill('#u-note', 'Lecture partagée de « La culture pour vivre ensemble ».');
  await click(page, page.getByRole('button', { name: "Noter l'utilisation" }));
  await checked(page, 'arpentage @390');
  assert.match(await mainText(page), /Liens intergénérationnels en Pays d'Ancenis/);
  const anonymous = await newPage(browser, { viewport: PHONE_390 });
  await anonymous.page.goto(`${server.url}/cooperation/methodes/${method}`);
  await checked(anonymous.page, 'arpentage anonyme @390');
  const seen = await mainText(anonymous.page);
  assert.doesNotMatch(seen, /Lecture partagée/, 'the note is for the project\'s readers');
  if (visibility === 'members') assert.match(seen, /Un projet du réseau/);
  else assert.match(seen, /Liens intergénérationnels en Pays d'Ancenis/, 'a public project\'s title is public');
  await anonymous.context.close();
  await context.close();
});
