// The frame every page shares (issue 14): the menu shows each role what it uses and nothing it
// cannot use, the language switch comes back to the page it was used on, the home page promises only
// what exists, and the dashboard is each role's own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame } from '../harness.mjs';

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server?.stop(); });

// The href of every link of the header's menu.
function menu(html) {
  const nav = html.match(/<nav aria-label="[^"]*" class="main-nav">([\s\S]*?)<\/nav>/);
  assert.ok(nav, 'the page has the main menu');
  return [...nav[1].matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
}

async function as(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login as ${email}`);
  return c;
}

test('the menu shows each role what it uses, and nothing it cannot use', async () => {
  const expect = {
    trainee: { has: ['/tableau-de-bord', '/formations', '/formations/candidatures', '/questionnaires/a-remplir', '/cooperation', '/compte'],
      not: ['/territoires', '/annuaire', '/sorties', '/admin/organisations', '/formations/gestion', '/annuaire/partenariats'] },
    partner_staff: { has: ['/sorties', '/sorties/offres', '/annuaire'],
      not: ['/territoires', '/sorties/tableau-de-bord', '/sorties/pilotage', '/formations/gestion', '/annuaire/partenariats'] },
    referent: { has: ['/sorties', '/sorties/tableau-de-bord', '/annuaire'],
      not: ['/territoires', '/sorties/offres', '/sorties/pilotage', '/formations/gestion'] },
    training_staff: { has: ['/formations/gestion', '/questionnaires', '/annuaire'],
      not: ['/territoires', '/sorties', '/sorties/offres', '/annuaire/partenariats'] },
    coordinator: { has: ['/sorties/pilotage', '/formations/gestion', '/territoires', '/annuaire/partenariats', '/questionnaires'],
      not: ['/admin/utilisateurs', '/admin/journal', '/sorties/tableau-de-bord', '/admin/pages'] },
    administrator: { has: ['/admin/utilisateurs', '/admin/journal', '/territoires', '/admin/pages'], not: [] },
  };
  for (const [role, { has, not }] of Object.entries(expect)) {
    const c = await as(DEMO[role]);
    const links = menu((await c.get('/tableau-de-bord')).text);
    for (const href of has) assert.ok(links.includes(href), `${role} has ${href} in the menu (${links.join(' ')})`);
    for (const href of not) assert.ok(!links.includes(href), `${role} does not see ${href}`);
    // Every link of the menu leads to a page that role may open.
    for (const href of links) {
      let res = await c.get(href);
      if (res.status === 303) res = await c.get(res.location);  // a one-structure member goes to their structure
      assert.equal(res.status, 200, `${role}: ${href} answers 200`);
    }
  }
  // The reports and plans are reached from the dashboard, by the roles that have some (they answer 200).
  for (const [role, links] of Object.entries({ trainee: [], referent: ['/rapports'], partner_staff: ['/rapports'],
    training_staff: ['/rapports', '/plans'], coordinator: ['/rapports', '/plans'] })) {
    const c = await as(DEMO[role]);
    const section = (await c.get('/tableau-de-bord')).text.match(/<section aria-labelledby="dash-reports">([\s\S]*?)<\/section>/)?.[1] || '';
    const found = [...section.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(found, links, role);
    for (const href of found) assert.equal((await c.get(href)).status, 200, `${role}: ${href}`);
  }
  // Anonymous visitors: the public catalogues (trainings, certifications), the public cooperation projects, the
  // network's life (public events, programmes, newsletters),
  // public directory and the login.
  // (The public site's published top pages, /pages/…, come first when the site has some: not counted here.)
  const anonymous = menu((await new Client(server.url).get('/')).text).filter((href) => !href.startsWith('/pages/'));
  assert.deepEqual(anonymous, ['/formations', '/certifications', '/cooperation', '/vie-du-reseau', '/annuaire/public', '/connexion']);
});

test('the menu is one disclosure that works without JavaScript', async () => {
  const html = (await new Client(server.url).get('/')).text;
  assert.match(html, /<details class="nav-menu" id="nav-menu">\s*<summary class="nav-toggle">Menu<\/summary>/);
});

test('switching language comes back to the page it was used on', async () => {
  const c = new Client(server.url);
  const page = await c.get('/formations?page=1');
  const back = page.text.match(/<input type="hidden" name="back" value="([^"]*)">/);
  assert.ok(back, 'the language form says where to come back');
  assert.equal(back[1].replace(/&amp;/g, '&'), '/formations?page=1');
  const res = await c.post('/langue', { locale: 'en', back: back[1].replace(/&amp;/g, '&') });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/formations?page=1');
  const english = await c.get(res.location);
  assert.match(english.text, /<html lang="en">/);
  // A form answered by a POST (here a failed login) comes back to the home page, not to a POST-only URL.
  await c.get('/connexion');
  const failed = await c.post('/connexion', { email: 'nobody@example.org', password: 'wrong-password' });
  const after = failed.text.match(/<input type="hidden" name="back" value="([^"]*)">/);
  assert.ok(after);
  assert.equal(after[1], '/');
});

test('the home page is content (src/website/home): its blocks, no list of capabilities', async () => {
  const html = (await new Client(server.url).get('/')).text;
  assert.doesNotMatch(html, /Ce que Trame permet|Certifier|Coopérer|jurys|procès-verbaux/);
  assert.match(html, /<section class="home-block stack" id="bloc-presentation"/);
  assert.match(html, /<a href="\/annuaire\/public">/);
});

test('the dashboard is each role\'s own: the platform figures only for the administrator', async () => {
  const admin = await as(DEMO.administrator);
  assert.match((await admin.get('/tableau-de-bord')).text, /La plateforme en chiffres/);
  const trainee = await as(DEMO.trainee);
  const html = (await trainee.get('/tableau-de-bord')).text;
  assert.doesNotMatch(html, /La plateforme en chiffres/);
  assert.match(html, /<h1>Tableau de bord<\/h1>/);
});

test('the network life entrance shows each role its parts of the network\'s life', async () => {
  const cards = (html) => [...(html.match(/<ul class="cards">([\s\S]*?)<\/ul>/) || ['', ''])[1]
    .matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
  const anonymous = cards((await new Client(server.url).get('/vie-du-reseau')).text);
  assert.deepEqual(anonymous, ['/evenements', '/programmes', '/programmes/interventions', '/communication/lettres']);
  const expect = {
    referent: { has: ['/evenements/accompagnements'], not: ['/benevolat', '/adherents', '/communication'] },
    volunteer: { has: ['/benevolat'], not: ['/adherents', '/communication'] },
    coordinator: { has: ['/benevolat', '/adherents', '/communication', '/evenements/referents'], not: [] },
  };
  for (const [role, { has, not }] of Object.entries(expect)) {
    const res = await (await as(DEMO[role])).get('/vie-du-reseau');
    assert.equal(res.status, 200);
    const links = cards(res.text);
    for (const href of has) assert.ok(links.includes(href), `${role} has ${href} (${links.join(' ')})`);
    for (const href of not) assert.ok(!links.includes(href), `${role} does not see ${href}`);
  }
});
