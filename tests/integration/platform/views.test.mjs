// The views' safety net: the ~2,000 `.set("key", ...)` of the routes have unchecked string keys, so a
// template reading a key that no route sets (a typo on either side, a key renamed on one side only)
// renders an empty string and nothing fails. Here a real server runs with TRAME_VIEW_KEYS (every name a
// template looks up is written down with where it resolved: src/platform/web/views.hpp), on the demo
// data; the anonymous visitor and every demo principal crawl every page they can reach by links and
// GET forms from their home pages, then post each form they saw with its text fields emptied, then
// with one field emptied or garbled at a time (the form again, with its errors). The test fails on any template:key read on some render and resolved
// on none. Keys set only in states the crawl does not reach are listed, with why, in
// view_keys_allowed.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, DEMO, ROOT, TMP, mails, querySql, runTrame, startTrame, until } from '../harness.mjs';

const ALLOWED = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/integration/platform/view_keys_allowed.json'), 'utf8'));
const PER_PATTERN = 3;          // distinct URLs crawled per route shape (ids → {id}, query keys only)
const SKIP = /^\/(static|deconnexion|metrics|healthz)\b|\.(pdf|csv|xlsx|ics|json|png|jpe?g|svg)$|\/(logo|image)$|\/(agenda|creneaux)\/[^/]+\.ics/;
const NO_POST = /^\/(deconnexion|compte\/sessions|compte\/double-authentification|connexion)/;

let server;
let keyFile;
const templatesSeen = new Set();

before(async () => {
  fs.mkdirSync(TMP, { recursive: true });
  keyFile = path.join(TMP, `view-keys-${process.pid}-${Date.now()}.tsv`);
  server = await startTrame({ env: { TRAME_VIEW_KEYS: keyFile } });
});
after(async () => {
  await server?.stop();
  fs.rmSync(keyFile, { force: true });
});

function decode(s) {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

// "/sorties/offres/12?page=2&q=x" → "/sorties/offres/{id}?page&q": how many of each shape we visit.
function shape(url) {
  const u = new URL(url, 'http://x');
  const keys = [...u.searchParams.keys()].sort().join('&');
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\/[0-9a-f]{16,}(?=\/|$)/gi, '/{token}') + (keys ? `?${keys}` : '');
}

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = decode(m[3] ?? m[4] ?? m[5] ?? '');
  }
  return out;
}

// The forms of a page: { method, action, fields: [{ name, value, type, text }] }.
function formsOf(html, pageUrl) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrs(m[1]);
    const fields = [];
    const tags = /<input\b([^>]*)>|<(textarea|select)\b([^>]*)>([\s\S]*?)<\/(?:textarea|select)>/gi;
    for (const f of m[2].matchAll(tags)) {
      const kind = f[1] !== undefined ? 'input' : f[2].toLowerCase();
      const fa = attrs(f[1] ?? f[3]);
      if (!fa.name) continue;
      const type = (fa.type || (kind === 'input' ? 'text' : kind)).toLowerCase();
      if (['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in fa)) continue;
      let value = fa.value ?? '';
      if (kind === 'textarea') value = decode(f[4] || '');
      if (kind === 'select') {
        const opts = [...(f[4] || '').matchAll(/<option\b([^>]*)>/gi)].map((o) => attrs(o[1]));
        const chosen = opts.find((o) => 'selected' in o) || opts.find((o) => o.value) || opts[0];
        value = chosen ? (chosen.value ?? '') : '';
      }
      const text = kind === 'textarea' || ['text', 'email', 'date', 'time', 'datetime-local', 'number', 'url', 'tel', 'search', 'password', 'month'].includes(type);
      fields.push({ name: fa.name, value, type, text });
    }
    forms.push({ method: (a.method || 'get').toLowerCase(), action: new URL(a.action || pageUrl, 'http://x').pathname + (a.action && a.action.includes('?') ? new URL(a.action, 'http://x').search : ''), fields });
  }
  return forms;
}

function linksOf(html) {
  return [...html.matchAll(/<a\b[^>]*?\shref\s*=\s*"([^"]*)"/gi)].map((m) => decode(m[1]));
}

function internal(href, base) {
  if (!href || href.startsWith('#') || /^(mailto|tel|javascript):/i.test(href)) return null;
  const u = new URL(href, `http://x${base}`);
  if (u.host !== 'x') return null;
  u.hash = '';
  const p = u.pathname + u.search;
  return SKIP.test(u.pathname) ? null : p;
}

// Visits every page a client can reach from its start pages; returns the POST forms seen.
async function crawl(client, starts) {
  const seen = new Set();
  const perShape = new Map();
  const queue = [...starts];
  const posts = new Map();   // shape of the action → { page, form }
  let pages = 0;
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const s = shape(url);
    const n = perShape.get(s) || 0;
    if (n >= PER_PATTERN) continue;
    perShape.set(s, n + 1);
    const res = await client.get(url);
    pages += 1;
    if (res.status >= 300 && res.status < 400 && res.location) {
      const next = internal(res.location, url);
      if (next) queue.push(next);
      continue;
    }
    if (!(res.headers.get('content-type') || '').includes('text/html')) continue;
    for (const href of linksOf(res.text)) {
      const next = internal(href, url);
      if (next && !seen.has(next)) queue.push(next);
    }
    for (const form of formsOf(res.text, url)) {
      if (form.method === 'get') {
        const q = new URLSearchParams(form.fields.filter((f) => f.type !== 'password').map((f) => [f.name, f.value]));
        const next = internal(`${form.action.split('?')[0]}?${q}`, url);
        if (next && !seen.has(next)) queue.push(next);
      } else if (form.fields.some((f) => f.text) && !NO_POST.test(form.action) && !posts.has(shape(form.action))) {
        posts.set(shape(form.action), { page: url, form });
      }
    }
  }
  return { pages, posts: [...posts.values()] };
}

// A plausible value per input type, and a wrong one where the type has one.
const GOOD = { email: 'essai@exemple.test', date: '2027-01-15', time: '10:00', 'datetime-local': '2027-01-15T10:00',
  month: '2027-01', number: '5', url: 'https://exemple.test', tel: '01 02 03 04 05', password: 'une phrase de passe 42' };
const MAX_VARIANTS = 16;

// Posts each form again, with its errors: first with every text field emptied, then filled with
// plausible values but one field emptied or garbled (the refusal of that field, with its error_<field>),
// then with the plausible values (what an accepted form shows).
async function postWithErrors(client, posts) {
  for (const { page, form } of posts) {
    const base = {};
    for (const f of form.fields) base[f.name] = f.text && !f.value ? (GOOD[f.type] || 'Essai') : f.value;
    const variants = [Object.fromEntries(form.fields.map((f) => [f.name, f.text ? '' : f.value]))];
    for (const f of form.fields.filter((x) => x.text)) {
      variants.push({ ...base, [f.name]: '' });
      if (GOOD[f.type]) variants.push({ ...base, [f.name]: 'x' });
    }
    // Last, the plausible values themselves: the page a form shows when it is accepted.
    for (const fields of [...variants.slice(0, MAX_VARIANTS), { ...base }]) {
      await client.get(page);   // a fresh CSRF token and submission id
      fields._csrf = client.csrf;
      if ('_submission' in fields) fields._submission = client.submission;
      await client.post(form.action, fields);
    }
  }
}

// The string literals of the source files under src/<dir> (all of them, or only those that name the
// template, e.g. "outings/offers/offer_form": the route that renders it and its view builders).
const sources = new Map();
function sourcesUnder(dir) {
  if (!sources.has(dir)) {
    const found = [];
    const walk = (d) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.(cpp|hpp)$/.test(e.name)) found.push(fs.readFileSync(path.join(d, e.name), 'utf8'));
      }
    };
    walk(path.join(ROOT, 'src', dir));
    sources.set(dir, found);
  }
  return sources.get(dir);
}
function literals(texts) {
  const found = new Set();
  for (const text of texts) for (const m of text.matchAll(/"([A-Za-z0-9_./]+)"/g)) found.add(m[1]);
  return found;
}
const literalsOf = new Map();
function literalsFor(template) {
  if (!literalsOf.has(template)) {
    const module = sourcesUnder(path.dirname(template));
    const web = sourcesUnder('platform/web');
    const naming = sourcesUnder('').filter((text) => text.includes(`"${template}"`));
    const renderer = naming.length ? [...naming, ...web] : [...module, ...web];
    const prefixes = new Set();   // "is_" + q.kind: keys named at run time
    for (const text of renderer) for (const m of text.matchAll(/"([A-Za-z0-9_]+_)"\s*\+/g)) prefixes.add(m[1]);
    literalsOf.set(template, {
      module: literals([...module, ...web]),
      renderer: literals(renderer),
      prefixes,
      domain: literals(sourcesUnder(template.split('/')[0])),
    });
  }
  return literalsOf.get(template);
}

// A key no crawled render set may still be set in a state the crawl does not reach: it passes when
// the source files that render the template name it (or, when the name is built at run time, its
// module's), and an error_<field> key (web::set_error builds it from the refused field) when its
// module names "<field>", or "<form>" and "<field>" for error_<form>_<field>, and a key those files
// build at run time ("is_" + q.kind) when they concatenate its prefix and its domain names the rest
// ("number", in src/questionnaires/). A typo, or a key renamed
// on one side only, names nothing and fails.
function setInSource(template, name) {
  const { module, renderer, prefixes, domain } = literalsFor(template);
  if (renderer.has(name)) return true;
  for (const prefix of prefixes) {
    if (prefix !== 'error_' && name.startsWith(prefix) && domain.has(name.slice(prefix.length))) return true;
  }
  const m = name.match(/^error_(.+)$/);
  if (!m) return false;
  if (module.has(m[1])) return true;
  const parts = m[1].split('_');
  for (let i = 1; i < parts.length; i += 1) {
    if (module.has(parts.slice(0, i).join('_')) && module.has(parts.slice(i).join('_'))) return true;
  }
  return false;
}

function readKeys() {
  const byTemplate = new Map();   // template → name → Set(where)
  for (const line of fs.readFileSync(keyFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [template, name, where] = line.split('\t');
    templatesSeen.add(template);
    if (!byTemplate.has(template)) byTemplate.set(template, new Map());
    const names = byTemplate.get(template);
    if (!names.has(name)) names.set(name, new Set());
    names.get(name).add(where);
  }
  return byTemplate;
}

// The pages without a parameter, from the router: a start for each crawl (the ones no link leads to).
function plainPages() {
  const r = runTrame(['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((line) => line.split('\t'))
    .filter(([method, pattern]) => method === 'GET' && !pattern.includes('{') && internal(pattern, '/'))
    .map(([, pattern]) => pattern);
}

test('every key a template reads is set by some render of it', { timeout: 20 * 60 * 1000 }, async () => {
  const clients = [];
  const anonymous = new Client(server.url);
  const report = [];
  const anon = await crawl(anonymous, ['/', '/connexion', '/mot-de-passe-oublie', '/annuaire/public', '/installation',
    '/page-qui-n-existe-pas', ...plainPages()]);
  report.push(`anonymous: ${anon.pages} pages`);
  for (const [role, email] of Object.entries(DEMO)) {
    const c = new Client(server.url);
    const res = await c.login(email);
    assert.equal(res.status, 303, `login as ${role}`);
    const r = await crawl(c, ['/tableau-de-bord', '/', '/compte', ...plainPages()]);
    report.push(`${role}: ${r.pages} pages, ${r.posts.length} forms`);
    clients.push([c, r.posts]);
  }
  // Forms only once every principal has crawled: a post may change what the others would see.
  // A password reset asked for, so that its e-mail brings a link too.
  await anonymous.get('/mot-de-passe-oublie');
  await anonymous.post('/mot-de-passe-oublie', { email: DEMO.volunteer, _submission: anonymous.submission });
  await postWithErrors(anonymous, anon.posts);
  for (const [c, posts] of clients) await postWithErrors(c, posts);

  // The pages only e-mails lead to (reset, invitation, questionnaire links), opened by a visitor.
  // Waits until the outbox holds no e-mail still to send (a sent one is in the Maildir: the sink
  // writes it before it answers), polling, never a fixed time.
  await until(() => Number(querySql(server.database, 'SELECT COUNT(*) FROM mail_outbox WHERE sent_at = 0 AND attempts = 0')) === 0,
    'the outbox delivered', 60000, 200);
  const mailed = new Set();
  for (const mail of mails()) {
    for (const m of mail.raw.matchAll(/https?:\/\/127\.0\.0\.1:(\d+)(\/[^\s"<>]*)/g)) {
      if (Number(m[1]) === server.port) mailed.add(m[2].replace(/=\r?\n/g, ''));
    }
  }
  const visitor = new Client(server.url);
  const byMail = await crawl(visitor, [...mailed]);
  await postWithErrors(visitor, byMail.posts);
  report.push(`e-mail links: ${mailed.size}, ${byMail.pages} pages`);

  const keys = readKeys();
  const suspects = [];
  const unexercised = [];
  for (const [template, names] of keys) {
    for (const [name, wheres] of names) {
      if (!(wheres.size === 1 && wheres.has('-')) || `${template}:${name}` in ALLOWED) continue;
      (setInSource(template, name) ? unexercised : suspects).push(`${template}:${name}`);
    }
  }
  const all = [];
  const walk = (dir, prefix) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.mustache')) all.push(`${prefix}${e.name.slice(0, -'.mustache'.length)}`);
    }
  };
  walk(path.join(process.env.TRAME_RESOURCES || ROOT, 'templates'), '');
  const unrendered = all.filter((t) => !t.startsWith('partials/') && !templatesSeen.has(t)).sort();
  console.log(`not set by any crawled render, but set in the module's source (${unexercised.length}): ${unexercised.sort().join(' ')}`);
  console.log(`${report.join('; ')}\n${templatesSeen.size} of ${all.length} templates rendered; never rendered: ${unrendered.join(', ')}`);
  // The names no render looked up (templates no render reached, sections never entered) are read from
  // the templates instead: each must be named by the files that render it, like an unexercised key.
  for (const template of all.filter((t) => !t.startsWith('partials/'))) {
    const source = fs.readFileSync(path.join(process.env.TRAME_RESOURCES || ROOT, 'templates', `${template}.mustache`), 'utf8');
    for (const m of source.matchAll(/\{\{\{?\s*([#^]?)\s*([A-Za-z0-9_.]+)\s*\}?\}\}/g)) {
      const name = m[2];
      if (name === '.' || name.startsWith('t.') || keys.get(template)?.has(name) || `${template}:${name}` in ALLOWED) continue;
      if (!setInSource(template, name.split('.')[0]) && !suspects.includes(`${template}:${name}`)) suspects.push(`${template}:${name}`);
    }
  }
  // An allow-list entry that is no longer needed is stale: the key is now set by some render.
  const stale = Object.keys(ALLOWED).filter((k) => {
    const [template, name] = k.split(':');
    const wheres = keys.get(template)?.get(name);
    return wheres && [...wheres].some((w) => w !== '-');
  });
  assert.deepEqual(suspects.sort(), [], `templates read keys that no render of them sets:\n${suspects.sort().join('\n')}`);
  assert.deepEqual(stale, [], 'view_keys_allowed.json lists keys that are now set: remove them');
  assert.ok(templatesSeen.size >= 80, `only ${templatesSeen.size} templates rendered: the crawl lost its way`);
});
