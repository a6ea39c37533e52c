// The demo's public site (issue 20): the two seed pages, imported from their flat-file format as `trame
// import pages` reads them, are published in the site's menu with their participants' quotes
// (« Displayquotes: oui »); the home page features quotes; the sitemap lists the pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, startTrame } from '../harness.mjs';

let server;
before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server?.stop(); });

const plain = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

test('the seed pages are published with their quotes, in the menu of every page', async () => {
  const visitor = new Client(server.url);
  const context = await visitor.get('/pages/contexte-de-la-formation');
  assert.equal(context.status, 200);
  assert.match(context.text, /<h1[^>]*>Contexte de la formation<\/h1>/);
  const text = plain(context.text);
  assert.match(text, /Le Département de Loire-Atlantique, dans son projet stratégique/);
  assert.match(text, /Ce que je retiens, c'est le langage commun/);
  assert.match(text, /Une bibliothécaire, Pays d'Ancenis/);
  assert.match(context.text, /<blockquote/);
  // The « • » lines of the seed are a list.
  assert.match(context.text, /<li>favoriser l’interconnaissance/);

  const edito = await visitor.get('/pages/edito');
  assert.equal(edito.status, 200);
  assert.match(edito.text, /<h1[^>]*>Edito<\/h1>/);
  assert.match(plain(edito.text), /on parle de personnes, chacune avec son histoire/);

  const home = await visitor.get('/');
  assert.match(home.text, /href="\/pages\/contexte-de-la-formation"/);
  assert.match(home.text, /href="\/pages\/edito"/);
});

test('the home page features the quotes and the sitemap lists the pages', async () => {
  const visitor = new Client(server.url);
  const home = await visitor.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<blockquote/);
  const sitemap = await visitor.get('/sitemap.xml');
  assert.equal(sitemap.status, 200);
  assert.match(sitemap.text, /<loc>[^<]*\/pages\/edito<\/loc>/);
  assert.match(sitemap.text, /<loc>[^<]*\/pages\/contexte-de-la-formation<\/loc>/);
});
