// Indicator watch of cooperation projects (/cooperation/projets/{id}/indicateurs,
// docs/cooperation/indicators.md): a computed indicator equals what the database holds for the
// project's communes, and moves when a person of one of those communes books an outing; past periods
// keep the value computed once they were over; indicators entered by hand keep their source, points and
// targets (met / not met / on track / behind); every indicator has its accessible chart and data table;
// members write, facilitators delete, observers and the network read, others get 404; bad input is
// answered in French and changes nothing; the demo's Pays d'Ancenis project follows five indicators.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, querySql, runTrame, startTrame } from '../harness.mjs';
import { book, createBeneficiary, flashError, publishSlot, unique } from '../bookings_fixtures.mjs';
import { addMember, createProject } from './fixtures.mjs';

let server;
const clients = {};

before(async () => { server = await startTrame({ smtp: false }); });
after(async () => { await server?.stop(); });

const sql = (statement) => querySql(server.database, statement);
const value = (statement) => sql(statement).split('\n')[0];
const count = (statement) => Number(value(statement));

async function as(principal) {
  if (clients[principal]) return clients[principal];
  const c = new Client(server.url);
  const res = await c.login(DEMO[principal]);
  assert.equal(res.status, 303, `login as ${principal}`);
  clients[principal] = c;
  return c;
}

// Posts a form after loading the page that holds it (its CSRF token and a fresh submission id).
async function send(c, page, action, fields = {}) {
  await c.get(page);
  return c.post(action, { _submission: unique('s'), ...fields });
}

const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&amp;/g, '&').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const errorOf = (html) => textOf((html.match(/class="flash flash-error" role="alert"[^>]*>([\s\S]*?)<\/div>/) || [])[1] || '');

// The current month and year in Europe/Paris (the server's periods).
function parisPeriod(kind, date = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })
    .formatToParts(date).map((p) => [p.type, p.value]));
  return kind === 'year' ? parts.year : `${parts.year}-${parts.month}`;
}
function previousMonth(period) {
  let [y, m] = period.split('-').map(Number);
  m -= 1;
  if (m === 0) { m = 12; y -= 1; }
  return `${y}-${String(m).padStart(2, '0')}`;
}
// Unix seconds of the 15th of a month at noon, Paris (well inside the month whatever the offset).
const midMonth = (period) => Math.floor(Date.parse(`${period}-15T12:00:00Z`) / 1000);

const listUrl = (project) => `/cooperation/projets/${project}/indicateurs`;
const indicatorUrl = (project, id) => `${listUrl(project)}/${id}`;
const point = (id, period) => value(`SELECT value FROM cooperation_indicator_points WHERE indicator_id = ${id} AND period = '${period}'`);

// Everything the module stores about a project: compared before and after a refused request.
function state(project) {
  return [
    sql(`SELECT id, computed_key, label, unit, description, source_text, source_url, period_kind, since, updated_at
      FROM cooperation_indicators WHERE project_id = ${project} ORDER BY id`),
    sql(`SELECT p.indicator_id, p.period, p.value, p.note, p.entered_by FROM cooperation_indicator_points p
      JOIN cooperation_indicators i ON i.id = p.indicator_id WHERE i.project_id = ${project} ORDER BY 1, 2`),
    sql(`SELECT t.id, t.indicator_id, t.period, t.value, t.direction, t.note FROM cooperation_indicator_targets t
      JOIN cooperation_indicators i ON i.id = t.indicator_id WHERE i.project_id = ${project} ORDER BY 1`),
  ].join('\n--\n');
}

// A members-only project started by the demo facilitator on two communes of the Pays d'Ancenis, with
// the coordinator as member and the jury member as observer.
let project = 0;
async function theProject() {
  if (project) return project;
  const fac = await as('training_staff');
  project = (await createProject(fac, `Veille (test) ${unique('p')}`, {
    question: 'Comment relier les âges par la lecture publique ?', communes: '44003, 44082', commune_pick: '',
  })).id;
  await addMember(fac, project, DEMO.coordinator, 'member');
  await addMember(fac, project, DEMO.jury_member, 'observer');
  return project;
}

async function follow(c, projectId, key, periodKind, since = '') {
  const res = await send(c, listUrl(projectId), `${listUrl(projectId)}/suivre`, { key, period_kind: periodKind, since });
  assert.equal(res.status, 303, `${key} followed: ${flashError(res.text)}`);
  return Number(res.location.match(/\/indicateurs\/(\d+)$/)[1]);
}

// What the database holds for the project's communes, computed here independently of Trame.
const TERRITORY = (p) => `(SELECT commune_code FROM cooperation_project_communes WHERE project_id = ${p})`;
function bookedInDatabase(p, period) {
  const [y, m] = period.split('-').map(Number);
  const start = Math.floor(Date.UTC(y, m - 1, 1) / 1000) - 3 * 3600;  // generous: filtered exactly below
  const end = Math.floor(Date.UTC(m === 12 ? y + 1 : y, m % 12, 1) / 1000) + 3 * 3600;
  const rows = sql(`SELECT b.created_at FROM bookings b JOIN beneficiaries e ON e.id = b.beneficiary_id
    WHERE b.status IN ('confirmed','used','no_show') AND e.commune_code IN ${TERRITORY(p)}
    AND b.created_at >= ${start} AND b.created_at < ${end}`);
  return rows ? rows.split('\n').filter((t) => parisPeriod('month', new Date(Number(t) * 1000)) === period).length : 0;
}

test('a computed indicator equals what the database holds for the territory and moves with a booking', async () => {
  const p = await theProject();
  const member = await as('coordinator');
  const month = parisPeriod('month');
  const population = await follow(member, p, 'population', 'year');
  const cultural = await follow(member, p, 'organisations_cultural', 'year');
  const booked = await follow(member, p, 'outings_booked', 'month');

  const year = parisPeriod('year');
  assert.equal(Number(point(population, year)),
    count(`SELECT COALESCE(SUM(population), 0) FROM communes WHERE code IN ${TERRITORY(p)}`));
  assert.ok(Number(point(population, year)) > 0, 'the communes have a population');
  assert.equal(Number(point(cultural, year)), count(`SELECT COUNT(*) FROM organisations WHERE status = 'active'
    AND kind = 'cultural' AND commune_code IN ${TERRITORY(p)}`));
  // A snapshot has no value for the years before it was followed.
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_points WHERE indicator_id = ${population}`), 1);
  // Twelve months by default, computed at once.
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_points WHERE indicator_id = ${booked}`), 12);
  const before = Number(point(booked, month));
  assert.equal(before, bookedInDatabase(p, month));

  // A person of Ancenis-Saint-Géréon (a commune of the project) books an outing.
  const referent = await as('referent');
  const beneficiary = await createBeneficiary(referent, { commune: '44003' });
  const slot = await publishSlot(server, { capacity: 5, title: 'Lecture à voix haute (indicateurs)' });
  const res = await book(referent, slot, beneficiary.id);
  assert.equal(res.status, 303, `booked: ${flashError(res.text)}`);
  assert.equal(value(`SELECT status FROM bookings WHERE beneficiary_id = ${beneficiary.id}`), 'confirmed');
  // Someone of another commune (Vitry-sur-Seine) books too: not counted.
  const elsewhere = await createBeneficiary(referent, { commune: '94081' });
  assert.equal((await book(referent, slot, elsewhere.id)).status, 303);

  const refreshed = await send(member, indicatorUrl(p, booked), `${indicatorUrl(p, booked)}/actualiser`);
  assert.equal(refreshed.status, 303, flashError(refreshed.text));
  assert.equal(Number(point(booked, month)), before + 1);
  assert.equal(Number(point(booked, month)), bookedInDatabase(p, month));
  // The page shows it: in the data table, in the chart, and in the list.
  const page = await member.get(indicatorUrl(p, booked));
  assert.equal(page.status, 200);
  const monthLabel = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', month: 'long', year: 'numeric' }).format(new Date());
  const row = textOf(page.text.match(new RegExp(`<tr><th scope="row">${monthLabel}</th>[\\s\\S]*?</tr>`))[0]);
  assert.match(row, new RegExp(`${monthLabel} ${before + 1} réservations?`));
  const list = await member.get(listUrl(p));
  const listRow = textOf(list.text.match(new RegExp(`<a href="${indicatorUrl(p, booked)}">[\\s\\S]*?</tr>`))[0]);
  assert.match(listRow, new RegExp(`Calculé par Trame ${before + 1} réservations?`));
});

test('a period that was over when it was computed keeps its value; run_due computes the current one again', async () => {
  const p = await theProject();
  const member = await as('coordinator');
  const booked = count(`SELECT id FROM cooperation_indicators WHERE project_id = ${p} AND computed_key = 'outings_booked'`);
  const month = parisPeriod('month');
  const last = previousMonth(month);
  const frozen = point(booked, last);
  const current = Number(point(booked, month));
  // Behind Trame's back, the booking of Ancenis is moved to last month: last month was computed after it
  // ended, so it keeps its value; this month loses the booking.
  sql(`UPDATE bookings SET created_at = ${midMonth(last)} WHERE beneficiary_id IN (SELECT id FROM beneficiaries
    WHERE commune_code = '44003') AND status = 'confirmed'`);
  const res = await send(member, indicatorUrl(p, booked), `${indicatorUrl(p, booked)}/actualiser`);
  assert.equal(res.status, 303);
  assert.equal(point(booked, last), frozen, 'a past period keeps the value it was given once over');
  assert.equal(Number(point(booked, month)), current - 1);
  assert.equal(Number(point(booked, month)), bookedInDatabase(p, month));

  // run_due: an indicator last computed long ago is computed again (claimed once).
  sql(`UPDATE cooperation_indicators SET refreshed_at = 1 WHERE id = ${booked}`);
  sql(`DELETE FROM cooperation_indicator_points WHERE indicator_id = ${booked} AND period = '${month}'`);
  const run = runTrame(['jobs', 'run-due', '--database', server.database]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(count(`SELECT refreshed_at FROM cooperation_indicators WHERE id = ${booked}`) > 1);
  assert.equal(Number(point(booked, month)), bookedInDatabase(p, month));
  assert.equal(point(booked, last), frozen);
});

test('an indicator entered by hand: source, points, targets met, on track or behind, chart and table', async () => {
  const p = await theProject();
  const member = await as('coordinator');
  const res = await send(member, listUrl(p), listUrl(p), {
    label: 'Prêts de livres aux plus de 60 ans', unit: 'prêts', period_kind: 'year',
    source_text: 'Rapport annuel du réseau des bibliothèques', source_url: 'https://bibliotheques.example/rapport',
    description: '',
  });
  assert.equal(res.status, 303, flashError(res.text));
  const id = Number(res.location.match(/\/indicateurs\/(\d+)$/)[1]);
  assert.equal(value(`SELECT source_text || '|' || source_url || '|' || computed_key FROM cooperation_indicators WHERE id = ${id}`),
    'Rapport annuel du réseau des bibliothèques|https://bibliotheques.example/rapport|');
  const year = Number(parisPeriod('year'));
  for (const [period, v] of [[year - 2, '1 180'], [year - 1, '1 240,5'], [year, '1300']]) {
    const saved = await send(member, indicatorUrl(p, id), `${indicatorUrl(p, id)}/valeurs`, { period: String(period), value: v, note: '' });
    assert.equal(saved.status, 303, flashError(saved.text));
  }
  assert.equal(Number(point(id, String(year - 1))), 1240.5);
  // The same period again replaces its value.
  await send(member, indicatorUrl(p, id), `${indicatorUrl(p, id)}/valeurs`, { period: String(year), value: '1310', note: 'Chiffre révisé' });
  assert.equal(Number(point(id, String(year))), 1310);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_points WHERE indicator_id = ${id}`), 3);
  // Targets: met (this year), on track (next year: +70 a year reaches 1 350), behind (1 600 next year).
  for (const [period, v] of [[year, '1 250'], [year + 1, '1 350'], [year + 2, '1 600']]) {
    const saved = await send(member, indicatorUrl(p, id), `${indicatorUrl(p, id)}/objectifs`,
      { target_period: String(period), target_value: v, direction: 'up', target_note: '' });
    assert.equal(saved.status, 303, flashError(saved.text));
  }
  const page = await member.get(indicatorUrl(p, id));
  assert.equal(page.status, 200);
  const targets = textOf(page.text.match(/<caption id="i-targets-caption">[\s\S]*?<\/table>/)[0]);
  assert.match(targets, new RegExp(`Au moins 1 250 prêts en ${year} Atteint`));
  assert.match(targets, new RegExp(`Au moins 1 350 prêts en ${year + 1} En bonne voie`));
  assert.match(targets, new RegExp(`Au moins 1 600 prêts en ${year + 2} En retard`));
  // The source, with its link.
  assert.match(page.text, /Saisi à la main — Rapport annuel du réseau des bibliothèques \(<a href="https:\/\/bibliotheques.example\/rapport"/);
  // The chart: an image with its title and description, and the data table with caption and headers.
  const svg = page.text.match(/<svg[\s\S]*?<\/svg>/)[0];
  assert.match(svg, /role="img"/);
  assert.match(svg, /aria-labelledby="indicator-\d+-chart-title"/);
  assert.match(svg, /<title id="indicator-\d+-chart-title">Évolution : Prêts de livres aux plus de 60 ans<\/title>/);
  const desc = textOf(svg.match(/<desc[^>]*>([\s\S]*?)<\/desc>/)[1]);
  assert.match(desc, new RegExp(`3 valeurs de ${year - 2} à ${year}, entre 1 180 prêts et 1 310 prêts ; dernière valeur 1 310 prêts`));
  assert.match(desc, new RegExp(`Objectif : Au moins 1 600 prêts en ${year + 2}, En retard`));
  assert.equal((svg.match(/class="chart-point"/g) || []).length, 3 + 1, 'three dots and the legend');
  const table = page.text.match(/<table class="results-table indicator-table"[\s\S]*?<\/table>/)[0];
  assert.match(table, /<caption>Valeurs de l&#39;indicateur « Prêts de livres aux plus de 60 ans » par période<\/caption>/);
  assert.match(table, /<th scope="col">Période<\/th><th scope="col">Valeur \(prêts\)<\/th><th scope="col">Objectif<\/th><th scope="col">Remarque<\/th>/);
  assert.match(textOf(table), new RegExp(`${year - 1} 1 240,5 prêts`));
  assert.match(textOf(table), new RegExp(`${year + 2} aucune valeur Au moins 1 600 prêts en ${year + 2}`));
  // The list shows the target it is heading for and where it stands.
  const list = textOf((await member.get(listUrl(p))).text);
  assert.match(list, new RegExp(`Prêts de livres aux plus de 60 ans Saisi à la main 1 310 prêts \\(${year}\\) Au moins 1 250 prêts en ${year} Atteint`));
});

test('bad input is refused in French and changes nothing', async () => {
  const p = await theProject();
  const member = await as('coordinator');
  const manual = count(`SELECT id FROM cooperation_indicators WHERE project_id = ${p} AND computed_key = '' ORDER BY id LIMIT 1`);
  const computed = count(`SELECT id FROM cooperation_indicators WHERE project_id = ${p} AND computed_key = 'population'`);
  const cases = [
    [listUrl(p), `${listUrl(p)}/suivre`, { key: 'habitants_heureux', period_kind: 'year', since: '' },
      /Cet indicateur n'est pas dans le catalogue/],
    [listUrl(p), `${listUrl(p)}/suivre`, { key: 'trainees', period_kind: 'year', since: '24' },
      /La première période d'un suivi par année s'écrit sur quatre chiffres/],
    [listUrl(p), `${listUrl(p)}/suivre`, { key: 'trainees', period_kind: 'month', since: '2030-01' },
      /La première période doit être passée ou en cours/],
    [listUrl(p), `${listUrl(p)}/suivre`, { key: 'population', period_kind: 'year', since: '' },
      /Le projet suit déjà cet indicateur/],
    [listUrl(p), listUrl(p), { label: 'Ateliers', unit: '', period_kind: 'year', source_text: '', source_url: '', description: '' },
      /Indiquez la source des chiffres/],
    [listUrl(p), listUrl(p), { label: 'Ateliers', unit: '', period_kind: 'year', source_text: 'Feuilles', source_url: 'ftp://x', description: '' },
      /Le lien vers la source doit être une adresse web complète/],
    [listUrl(p), listUrl(p), { label: 'Ateliers', unit: '', period_kind: 'semaine', source_text: 'Feuilles', source_url: '', description: '' },
      /Choisissez une valeur par année ou par mois/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/valeurs`, { period: parisPeriod('year'), value: 'douze', note: '' },
      /La valeur doit être un nombre, par exemple 1 250 ou 12,5/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/valeurs`, { period: '2026-03', value: '12', note: '' },
      /La période de cet indicateur annuel s'écrit sur quatre chiffres/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/valeurs`, { period: String(Number(parisPeriod('year')) + 1), value: '12', note: '' },
      /Cette période n'a pas encore commencé/],
    [indicatorUrl(p, computed), `${indicatorUrl(p, computed)}/valeurs`, { period: parisPeriod('year'), value: '12', note: '' },
      /Les valeurs d'un indicateur calculé viennent des données de Trame/, false],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/objectifs`, { target_period: '2030', target_value: '', direction: 'up', target_note: '' },
      /Indiquez la valeur à atteindre/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/objectifs`, { target_period: '2030', target_value: '12 %', direction: 'up', target_note: '' },
      /La valeur à atteindre doit être un nombre/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/objectifs`, { target_period: '30', target_value: '12', direction: 'up', target_note: '' },
      /La période de l'objectif s'écrit sur quatre chiffres/],
    [indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/objectifs`, { target_period: '2030', target_value: '12', direction: 'sideways', target_note: '' },
      /Choisissez le sens de l'objectif/],
    [indicatorUrl(p, manual), indicatorUrl(p, manual), { label: '', unit: '', description: '', source_text: 'Feuilles', source_url: '' },
      /Donnez un nom à l'indicateur/],
  ];
  for (const [page, action, fields, message, marked = true] of cases) {
    const before = state(p);
    const res = await send(member, page, action, fields);
    assert.ok(res.status === 422 || res.status === 409, `${action} ${JSON.stringify(fields)}: ${res.status}`);
    assert.match(errorOf(res.text), message, `${action} ${JSON.stringify(fields)}`);
    if (marked) assert.match(res.text, /aria-invalid="true"/, `the field at fault is marked (${action})`);
    assert.equal(state(p), before, `nothing changed (${action} ${JSON.stringify(fields)})`);
  }
  // The form keeps what was typed.
  const again = await send(member, listUrl(p), listUrl(p), { label: 'Ateliers « contes »', unit: 'séances', period_kind: 'month',
    source_text: '', source_url: '', description: '' });
  assert.match(again.text, /value="Ateliers « contes »"/);
  assert.match(again.text, /<option value="month" selected>/);
});

test('members write, facilitators delete, observers and the network read, the others get 404', async () => {
  const p = await theProject();
  const fac = await as('training_staff');
  const member = await as('coordinator');
  const observer = await as('jury_member');
  const outsider = await as('referent');
  const manual = count(`SELECT id FROM cooperation_indicators WHERE project_id = ${p} AND computed_key = '' ORDER BY id LIMIT 1`);
  const target = count(`SELECT id FROM cooperation_indicator_targets WHERE indicator_id = ${manual} ORDER BY id LIMIT 1`);
  const year = parisPeriod('year');

  // The observer reads, writes nothing.
  assert.equal((await observer.get(listUrl(p))).status, 200);
  const seen = await observer.get(indicatorUrl(p, manual));
  assert.equal(seen.status, 200);
  assert.doesNotMatch(seen.text, /action="[^"]*\/valeurs"/, 'no form for an observer');
  let before = state(p);
  for (const [action, fields] of [[`${indicatorUrl(p, manual)}/valeurs`, { period: year, value: '5', note: '' }],
    [`${listUrl(p)}/suivre`, { key: 'trainees', period_kind: 'year', since: '' }],
    [`${indicatorUrl(p, manual)}/supprimer`, {}]]) {
    const res = await send(observer, listUrl(p), action, fields);
    assert.equal(res.status, 403, `observer ${action}`);
  }
  assert.equal(state(p), before);

  // A member may not delete.
  before = state(p);
  for (const action of [`${indicatorUrl(p, manual)}/supprimer`, `${indicatorUrl(p, manual)}/objectifs/${target}/supprimer`,
    `${indicatorUrl(p, manual)}/valeurs/supprimer`]) {
    const res = await send(member, indicatorUrl(p, manual), action, { period: year });
    assert.equal(res.status, 403, `member ${action}`);
  }
  assert.equal(state(p), before);

  // Someone outside a members-only project: 404 everywhere, as for a missing id.
  for (const path of [listUrl(p), indicatorUrl(p, manual)]) assert.equal((await outsider.get(path)).status, 404);
  const refused = await send(outsider, '/compte', `${indicatorUrl(p, manual)}/valeurs`, { period: year, value: '5', note: '' });
  assert.equal(refused.status, 404);
  assert.equal(state(p), before);
  // An indicator id of another project is not found under this one.
  const demo = count(`SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`);
  assert.equal((await member.get(indicatorUrl(demo, manual))).status, 404);
  // Anonymous visitors are sent to sign in.
  const anonymous = await new Client(server.url).get(listUrl(p));
  assert.equal(anonymous.status, 303);

  // The facilitator deletes a target, a point, then the indicator with everything it holds.
  let res = await send(fac, indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/objectifs/${target}/supprimer`);
  assert.equal(res.status, 303, flashError(res.text));
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_targets WHERE id = ${target}`), 0);
  res = await send(fac, indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/valeurs/supprimer`, { period: year });
  assert.equal(res.status, 303, flashError(res.text));
  assert.equal(point(manual, year), '');
  res = await send(fac, indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/valeurs/supprimer`, { period: year });
  assert.equal(res.status, 422, 'no value left for that period');
  assert.match(errorOf(res.text), /Il n'y a pas de valeur pour cette période/);
  res = await send(fac, indicatorUrl(p, manual), `${indicatorUrl(p, manual)}/supprimer`);
  assert.equal(res.status, 303);
  assert.equal(res.location, listUrl(p));
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicators WHERE id = ${manual}`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_points WHERE indicator_id = ${manual}`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM cooperation_indicator_targets WHERE indicator_id = ${manual}`), 0);
  assert.ok(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'indicators.deleted' AND subject = 'indicator:${manual}'`) === 1);
});

test('the demo: the Pays d\'Ancenis project follows five indicators, with a source and targets', async () => {
  const demo = count(`SELECT id FROM cooperation_projects WHERE title = 'Liens intergénérationnels en Pays d''Ancenis'`);
  assert.ok(demo > 0);
  assert.equal(sql(`SELECT CASE WHEN computed_key = '' THEN 'manual' ELSE computed_key END FROM cooperation_indicators
    WHERE project_id = ${demo} ORDER BY id`),
    'population\norganisations_cultural\norganisations_social\noutings_booked\nmanual');
  // The project is public: any signed-in person of the network reads its indicators.
  const reader = await as('referent');
  const list = await reader.get(listUrl(demo));
  assert.equal(list.status, 200);
  const text = textOf(list.text);
  assert.match(text, /Participants aux ateliers intergénérationnels Saisi à la main 31 participants \(novembre 2026\) Au moins 40 participants en juin 2027 (En bonne voie|Atteint|Non atteint|En retard)/);
  assert.match(text, /Sorties réservées par des habitants du territoire Calculé par Trame \d+ réservations? \(\d{4}\) Au moins 24 réservations en 2027/);
  assert.doesNotMatch(list.text, /action="[^"]*\/suivre"/, 'no form for a reader');
  const workshops = count(`SELECT id FROM cooperation_indicators WHERE project_id = ${demo} AND computed_key = ''`);
  const page = await reader.get(indicatorUrl(demo, workshops));
  assert.match(page.text, /Feuilles d&apos;émargement des ateliers/);
  assert.match(textOf(page.text), /Au moins 25 participants en juin 2026 Atteint/);
  // Loading the demo again adds nothing.
  const before = state(demo);
  assert.equal(runTrame(['demo', '--database', server.database]).status, 0);
  assert.equal(state(demo), before);
});
