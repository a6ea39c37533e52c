// The yearly activity report (docs/plans.md « Yearly report »): the demo network's coordinator downloads the
// 2024 report of Cultures du Cœur 94 (the plan « Perspectives 2023-2024 », 2023-09-01 – 2024-08-31) as a PDF,
// read back with pdftotext: the cover, the seed's four axes, figures equal to the plan's page, a consented
// quote (a withdrawn one is left out), the annex with outings this test adds for a relais of the network
// (March 2024: a period no other test writes in, in this file's own database); the XLSX has one sheet per
// table with numbers as numbers; the CLI writes both files; another organisation's report is 404, a bad
// year a French message with nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TMP, runTrame, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, signIn, unique } from '../bookings_fixtures.mjs';
import { at, world } from './fixtures.mjs';

let server, w, coordinator, other, otherOrg, cdc, planId, quote, withdrawn;
const esc = (s) => s.replace(/'/g, "''");
const flat = (s) => s.replace(/\s+/g, ' ');
const html = (s) => s.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

// A download's bytes, with the client's session.
async function download(c, url) {
  const res = await fetch(server.url + url, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(bytes) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function unzip(args) {
  const r = spawnSync('unzip', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const reportUrl = (org, year, format = 'pdf') => `/plans/rapport-annuel?organisation=${org}&annee=${year}&format=${format}`;

before(async () => {
  server = await startTrame();
  w = world(server);
  cdc = Number(w.sql("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'"));
  planId = Number(w.sql(`SELECT id FROM plans WHERE organisation_id = ${cdc} AND title = 'Perspectives 2023-2024'`));
  // A relais of the network (a partnership of CdC94) whose people went out in March 2024.
  const e = w.epci([4000]);
  const relais = w.organisation('social', e.communes[0].code);
  w.sql(`INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, created_at, updated_at) VALUES (${cdc}, ${relais.id}, 'social_relay', 'active', '2024-03-01', 0, 0)`);
  const venue = w.organisation('cultural', e.communes[0].code);
  const slot = w.slot(w.offer(venue.id), at(2024, 3, 14));
  for (let i = 0; i < 6; i++) w.booking(relais.id, w.person(relais.id, e.communes[0].code), slot, { places: 2 });
  w.relais = relais;
  // A consented, published quote (no programme: the network's own words) and a withdrawn one.
  quote = unique('Les sorties ont changé notre regard sur le théâtre');
  withdrawn = unique('Citation retirée');
  for (const [text, at_] of [[quote, 0], [withdrawn, 1700000000]])
    w.sql(`INSERT INTO quotes (text, author, consent_on, consent_how, published, position, withdrawn_at, created_at, updated_at) VALUES ('${esc(text)}', 'Une personne accompagnée', '2024-05-02', 'oral', 1, 0, ${at_}, 0, 0)`);
  coordinator = await signIn(server, 'animation@culturesducoeur94.local', 'trame-demo-2026');
  otherOrg = w.organisation('social');
  const email = `${unique('coord.rapport')}@trame.test`;
  addUser(server, email, 'coordinator', otherOrg.id);
  other = await signIn(server, email, PASSWORD);
});
after(async () => { await server?.stop(); });

test('the coordinator downloads the 2024 PDF: cover, the seed\'s axes, the plan\'s figures, a quote, the annex', async () => {
  const page = await coordinator.get(`/plans/${planId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="get" action="\/plans\/rapport-annuel"/);
  assert.match(page.text, /<option value="2024" selected>2024<\/option>/);
  assert.match(page.text, new RegExp(`name="organisation" value="${cdc}"`));
  // The computed indicators' values as the plan's page shows them (« 3 partenariats »).
  const values = {};
  for (const m of page.text.matchAll(/<h4>([^<]+)<\/h4>[\s\S]*?<dd class="indicator-value">([^<]*)<\/dd>/g))
    values[html(m[1]).trim()] = flat(html(m[2])).trim();
  const partnerships = Object.entries(values).find(([k]) => /^Nouveaux partenariats/.test(k));
  const places = Object.entries(values).find(([k]) => /^Places utilisées/.test(k));
  assert.ok(partnerships && places, JSON.stringify(values));

  const res = await download(coordinator, reportUrl(cdc, 2024));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="rapport-activite-cultures-du-coeur-94-2024.pdf"');
  assert.equal(res.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.match(res.bytes.toString('latin1'), /\/S \/Figure/);
  assert.match(res.bytes.toString('latin1'), /\/Alt <FEFF/);
  const text = pdfText(res.bytes);
  const all = flat(text);
  // The cover.
  assert.match(all, /Rapport d'activité 2023-2024 Cultures du Cœur 94/);
  assert.match(all, /Période couverte : du 01\/09\/2023 au 31\/08\/2024/);
  assert.match(all, /Plan suivi : « Perspectives 2023-2024 »/);
  assert.match(all, /Données Trame au \d\d\/\d\d\/\d{4}/);
  // The four axes of the seed, in order, each a chapter.
  const axes = w.sql(`SELECT title FROM plan_axes WHERE plan_id = ${planId} ORDER BY position, id`).split('\n').filter(Boolean);
  assert.equal(axes.length, 4);
  let from = 0;
  axes.forEach((title, i) => {
    const at_ = all.indexOf(`Axe ${i + 1} — ${flat(title)}`, from);
    assert.ok(at_ > from, `axis ${i + 1}: ${title}`);
    from = at_;
  });
  // The key figures are the plan's own: the same catalogue over the same period.
  const figure = (label) => {
    const m = text.match(new RegExp(`^${label}\\s{2,}(\\S+)\\s*$`, 'm'));
    assert.ok(m, label);
    return m[1];
  };
  assert.equal(figure('Nouveaux partenariats sociaux \\(relais\\)'), partnerships[1].split(' ')[0]);
  assert.equal(figure('Places utilisées aux sorties'), places[1].split(' ')[0]);
  assert.ok(Number(figure('Places utilisées aux sorties')) >= 12, 'the outings this test added count');
  assert.match(all, /Places utilisées par mois (\S+ \d{4} \d+ )*mars 2024 \d+ /);
  // The quotes: the consented one, not the withdrawn one.
  assert.match(all, new RegExp(`« ${quote} » — Une personne accompagnée`));
  assert.doesNotMatch(all, new RegExp(withdrawn));
  // The annex: every table, the relais of this test with its figures (6 people: not masked).
  assert.match(all, /Annexe : tableaux/);
  for (const t of ['Chiffres clés', 'Indicateurs du plan', 'Chiffres par mois', 'Places utilisées par EPCI', 'Chiffres par relais', 'Formations par programme'])
    assert.match(all, new RegExp(t), t);
  assert.match(all, new RegExp(`${w.relais.name}\\s+12\\s+6`));
  assert.match(all, /2024-03\s+\d+\s+\d+/);
});

test('the XLSX has one sheet per table, numbers as numbers', async () => {
  const res = await download(coordinator, reportUrl(cdc, 2024, 'xlsx'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="rapport-activite-cultures-du-coeur-94-2024\.xlsx"/);
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `${unique('rapport')}.xlsx`);
  fs.writeFileSync(file, res.bytes);
  const list = unzip(['-l', file]);
  for (let i = 1; i <= 6; i++) assert.match(list, new RegExp(`xl/worksheets/sheet${i}\\.xml`));
  const workbook = unzip(['-p', file, 'xl/workbook.xml']);
  for (const name of ['Chiffres clés', 'Indicateurs', 'Par mois', 'Par EPCI', 'Par relais', 'Par formation'])
    assert.match(workbook, new RegExp(`name="${name}"`), name);
  // The key figures' values are number cells (no t="…").
  const summary = unzip(['-p', file, 'xl/worksheets/sheet1.xml']);
  assert.match(summary, /<c r="B2"( s="\d+")?><v>\d+<\/v><\/c>/);
  const relais = unzip(['-p', file, 'xl/worksheets/sheet5.xml']);
  assert.match(relais, /<c r="B\d+"( s="\d+")?><v>12<\/v><\/c><c r="C\d+"( s="\d+")?><v>6<\/v><\/c>/);
  fs.rmSync(file);
});

test('the CLI writes both files; refusals write nothing', () => {
  const dir = path.join(TMP, unique('rapport-cli'));
  const ok = runTrame(['report', 'yearly', '--organisation', String(cdc), '--year', '2024', '--output', dir, '--database', server.database]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Calcul des indicateurs…/);
  assert.match(ok.stdout, /PDF : \d+ pages/);
  assert.match(ok.stdout, /XLSX : 6 feuilles/);
  const pdf = path.join(dir, 'rapport-activite-cultures-du-coeur-94-2024.pdf');
  assert.ok(ok.stdout.includes(pdf));
  assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  assert.ok(fs.statSync(path.join(dir, 'rapport-activite-cultures-du-coeur-94-2024.xlsx')).size > 1000);
  fs.rmSync(dir, { recursive: true });

  const year = runTrame(['report', 'yearly', '--organisation', String(cdc), '--year', '1990', '--output', dir, '--database', server.database]);
  assert.equal(year.status, 2);
  assert.match(year.stderr, /L'année du rapport doit être comprise entre 2000 et \d{4}\./);
  const unknown = runTrame(['report', 'yearly', '--organisation', '999999999', '--year', '2024', '--output', dir, '--database', server.database]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Structure inconnue : 999999999\./);
  assert.equal(fs.existsSync(dir), false, 'nothing written');
});

test('another organisation\'s report is 404; a bad year is refused in French; an organisation without plan gets the calendar year', async () => {
  assert.equal((await download(other, reportUrl(cdc, 2024))).status, 404);
  assert.equal((await download(other, reportUrl(cdc, 2024, 'xlsx'))).status, 404);
  const bad = await other.get(reportUrl(otherOrg.id, 1990));
  assert.equal(bad.status, 400);
  assert.match(html(bad.text), /L'année du rapport doit être comprise entre 2000 et \d{4}/);
  assert.equal((await other.get(reportUrl(otherOrg.id, 'deux-mille'))).status, 400);
  assert.equal((await other.get(reportUrl(otherOrg.id, 2024, 'docx'))).status, 400);
  const own = await download(other, reportUrl(otherOrg.id, 2024));
  assert.equal(own.status, 200);
  const all = flat(pdfText(own.bytes));
  assert.match(all, /Rapport d'activité 2024/);
  assert.match(all, /Aucun plan de la structure ne se termine en 2024 : ce rapport couvre l'année civile 2024/);
  assert.match(all, /Période couverte : du 01\/01\/2024 au 31\/12\/2024/);
  assert.doesNotMatch(all, /Axe 1 —/);
  assert.match(all, /Annexe : tableaux/);
  // Signed out: the sign-in page, never the file.
  const anonymous = await fetch(server.url + reportUrl(cdc, 2024), { redirect: 'manual' });
  assert.notEqual(anonymous.status, 200);
});
