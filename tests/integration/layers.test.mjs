// The layers of src/ (docs/architecture.md): scripts/check-layers passes on the real tree, and fails,
// naming the file and line, on an include that points up (trainings including questionnaires, the
// platform including the network), on a cycle between two modules of one domain, or on SQL sent
// outside a repository. No server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, TMP } from './harness.mjs';

const SCRIPT = path.join(ROOT, 'scripts/check-layers');

function check(root) {
  return spawnSync('/usr/bin/python3', [SCRIPT, root], { encoding: 'utf8' });
}

// A small tree: src/<domain>/<module>/<file> holding the given lines.
function tree(name, files) {
  const root = path.join(TMP, `layers-${name}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'src', file)), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', file), text);
  }
  return root;
}

test('the tree as committed has no upward include and no cycle', () => {
  const r = check(ROOT);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /aucune inclusion vers le haut/);
});

test('an include from a lower domain to a higher one fails with its file and line', () => {
  const root = tree('up', {
    'platform/accounts/routes.cpp': '#include "platform/web/app.hpp"\n#include "network/organisations/service.hpp"\n',
    'trainings/programmes/routes.cpp': '// the programme page\n#include "questionnaires/results/stats.hpp"\n',
    'questionnaires/results/service.cpp': '#include "trainings/programmes/access.hpp"\n',
  });
  const r = check(root);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /src\/platform\/accounts\/routes\.cpp:2: platform inclut network/);
  assert.match(r.stdout, /src\/trainings\/programmes\/routes\.cpp:2: trainings inclut questionnaires/);
  assert.doesNotMatch(r.stdout, /results\/service\.cpp/, 'a downward include is allowed');
  assert.match(r.stdout, /2 problèmes d'architecture/);
});

test('a cycle between modules of one domain fails', () => {
  const root = tree('cycle', {
    'outings/bookings/service.hpp': '#include "outings/offers/model.hpp"\n',
    'outings/offers/model.hpp': '#include "outings/guestlists/model.hpp"\n',
    'outings/guestlists/model.hpp': '#include "outings/bookings/service.hpp"\n',
  });
  const r = check(root);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /cycle entre modules : outings\/bookings -> outings\/offers -> outings\/guestlists -> outings\/bookings/);
});

test('the délégations of a commune joined by hand outside network/organisations fail', () => {
  const root = tree('delegations', {
    'outings/offers/repository.cpp': '// the catalogue\nconst char* q = "JOIN delegation_epcis de ON de.epci_siren = c.epci_siren";\n',
    'network/territory/repository.cpp': 'const char* q = "INSERT INTO delegation_epcis (delegation_id, epci_siren)";\n',
    'network/organisations/repository.cpp': 'const char* q = "JOIN delegation_epcis";\n',
  });
  const r = check(root);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /src\/outings\/offers\/repository\.cpp:2: délégations jointes à la main/);
  assert.doesNotMatch(r.stdout, /territory|organisations\/repository/);
});

test('a new folder in src/ must be placed in the layers first', () => {
  const root = tree('unknown', { 'mobility/rides/service.cpp': '#include "platform/web/app.hpp"\n' });
  const r = check(root);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /src\/mobility\/ : domaine inconnu/);
});

test('SQL sent from a service or a route fails with its file and line; repositories, the store and demo data may', () => {
  const root = tree('sql', {
    'network_life/events/service.cpp': '#include "network_life/events/service.hpp"\n\nvoid f(soci::session& sql) {\n  sql << "UPDATE life_events SET x = 1";\n}\n',
    'trainings/trainers/routes.cpp': '// the page\nvoid g(soci::session& s) {\n  soci::rowset<soci::row> rs = (s.prepare << "SELECT 1");\n}\n',
    'network_life/events/repository.cpp': 'void h(soci::session& sql) { sql << "DELETE FROM life_events"; }\n',
    'outings/bookings/queue_repository.cpp': 'void q(soci::session& sql) { sql << "SELECT 1"; }\n',
    'network_life/events/demo.cpp': 'void d(soci::session& sql) { sql << "INSERT INTO life_events DEFAULT VALUES"; }\n',
    'platform/store/settings.cpp': 'void s(soci::session& sql) { sql << "SELECT value FROM settings"; }\n',
  });
  const r = check(root);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /src\/network_life\/events\/service\.cpp:4: SQL hors d'un repository/);
  assert.match(r.stdout, /src\/trainings\/trainers\/routes\.cpp:3: SQL hors d'un repository/);
  assert.doesNotMatch(r.stdout, /repository\.cpp:|demo\.cpp|settings\.cpp/);
  assert.match(r.stdout, /2 problèmes d'architecture/);
});
