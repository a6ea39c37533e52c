// The other half of the harness's sqlSync: a worker thread that keeps one sqlite3 or psql process per
// database open for the whole test file, instead of starting one (and, on PostgreSQL, a server backend) per
// statement: those starts were a sixth of the integration step's processor (perf, session 23).
// One request at a time: the main thread waits (Atomics.wait) for each answer. A request is
// { id, database, statement, sep, row, quote } → { id, status, stdout, stderr }, as spawnSync would have given
// (quote: SQLite's quote mode, values as SQL literals).
// A statement the long-lived process would read differently runs in a process of its own, as before: on
// SQLite a line starting with '.' (a shell command), or a database file not made yet; on PostgreSQL several
// statements (psql -c runs them as one transaction), or anything on a whole database (DROP/ALTER/CREATE
// DATABASE: the open connections are closed first, they would block it).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { workerData } from 'node:worker_threads';

const { signal, port } = workerData;
const PG_BIN = process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
const clients = new Map();  // database → { child, out, err, exit, ino }

function once(req) {
  let r;
  if (req.database.startsWith('postgresql://')) {
    r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-t', '-A', '-F', req.sep, '-R', req.row, '-v', 'ON_ERROR_STOP=1',
      '-d', req.database, '-c', req.statement], { encoding: 'utf8' });
  } else {
    r = spawnSync('sqlite3', ['-bail', '-batch', '-noheader', ...(req.quote ? ['-quote'] : []), '-separator', req.sep, '-newline', req.row, '-cmd',
      '.timeout 30000', req.database.replace(/^sqlite:/, ''), req.statement], { encoding: 'utf8' });
  }
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

function close(database) {
  const c = clients.get(database);
  if (!c) return;
  clients.delete(database);
  c.child.stdin.end();
}

function open(database, file) {
  const child = database.startsWith('postgresql://')
    ? spawn(path.join(PG_BIN, 'psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', database])
    : spawn('sqlite3', ['-bail', '-batch', '-noheader', '-cmd', '.timeout 30000', file]);
  const c = { child, out: '', err: '', exit: null, ino: file ? fs.statSync(file).ino : 0, wake: null };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { c.out += d; c.wake?.(); });
  child.stderr.on('data', (d) => { c.err += d; });
  child.on('exit', (code) => { c.exit = code ?? 1; if (clients.get(database) === c) clients.delete(database); c.wake?.(); });
  child.stdin.on('error', () => {});
  clients.set(database, c);
  return c;
}

// A separator inside a quoted argument of a shell command (sqlite3's dot-commands, psql's \pset).
const quoted = (s) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/["']/g, '\\$&');

async function run(req) {
  const pg = req.database.startsWith('postgresql://');
  const text = req.statement.trim();
  if (pg) {
    if (/\b(DROP|ALTER|CREATE)\s+DATABASE\b/i.test(text)) {
      for (const database of [...clients.keys()]) close(database);
      return once(req);
    }
    if (text.replace(/;\s*$/, '').includes(';')) return once(req);
  } else if (text.startsWith('.') || /\n\s*\./.test(text)) {
    return once(req);
  }
  const file = pg ? '' : req.database.replace(/^sqlite:/, '');
  let ino = 0;
  if (!pg) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return once(req);
    ino = stat.ino;
  }
  let c = clients.get(req.database);
  if (c && !pg && c.ino !== ino) { close(req.database); c = null; }  // the file was replaced (a restore)
  c ??= open(req.database, file);
  const end = `@@trame-sql-${randomBytes(8).toString('hex')}@@`;
  c.out = '';
  c.err = '';
  c.child.stdin.write(pg
    ? `\\pset fieldsep '${quoted(req.sep)}'\n\\pset recordsep '${quoted(req.row)}'\n${text}\n;\n\\echo ${end}\n`
    : `.mode ${req.quote ? 'quote' : 'list'}\n.separator "${quoted(req.sep)}" "${quoted(req.row)}"\n${text}\n;\n.print ${end}\n`);
  while (!c.out.includes(end) && c.exit === null) await new Promise((resolve) => { c.wake = resolve; });
  c.wake = null;
  const at = c.out.indexOf(end);
  if (at < 0) {
    // The process stopped at an error (-bail, ON_ERROR_STOP): as a separate process would have.
    await new Promise((resolve) => (c.child.stderr.readableEnded ? resolve() : c.child.stderr.once('end', resolve)));
    return { status: c.exit || 1, stdout: c.out, stderr: c.err };
  }
  return { status: 0, stdout: c.out.slice(0, at), stderr: c.err };
}

// The answer first, then its number in the shared cell (the main thread reads the port once the cell holds
// its request's number), then the wake-up.
port.on('message', async (req) => {
  let res;
  try {
    res = await run(req);
  } catch (e) {
    res = { status: 1, stdout: '', stderr: String(e?.stack || e) };
  }
  port.postMessage({ id: req.id, ...res });
  Atomics.store(signal, 0, req.id);
  Atomics.notify(signal, 0);
});
