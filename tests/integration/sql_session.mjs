// One long-lived reading process (psql or sqlite3) on a test database, for a test that reads the
// database thousands of times (the authorization matrix reads every object before and after each
// denied POST): one process per file instead of one per reading. Both shells flush each statement's
// output on a pipe; each query is followed by a marker row that tells where its output ends.
//
// rows(sql) → the rows of the statements, each an array of strings. With quote (SQLite only), values
// are read as SQL literals (text in quotes, a BLOB as X'hex', NULL as NULL). Queries run one after the
// other, in the order they were asked. On PostgreSQL, one statement per call: psql ends each statement's
// rows with a newline, which could not be told from a newline inside a value.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const SEP = '\u001f';
const ROW = '\u001e';

export class SqlSession {
  constructor(database, { quote = false } = {}) {
    if (database.startsWith('postgresql://')) {
      const bin = process.env.TRAME_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
      this.child = spawn(path.join(bin, 'psql'), [database, '-X', '-q', '-A', '-t', '-F', SEP, '-R', ROW,
        '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    } else {
      this.child = spawn('sqlite3', ['-bail', '-batch', '-noheader', ...(quote ? ['-quote'] : []), '-separator', SEP,
        '-newline', ROW, '-cmd', '.timeout 30000', database.replace(/^sqlite:/, '')], { stdio: ['pipe', 'pipe', 'pipe'] });
    }
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.out = '';
    this.err = '';
    this.waiting = null;   // { marker, resolve, reject, sql } of the query being read
    this.queue = Promise.resolve();
    this.child.stdout.on('data', (d) => { this.out += d; this.check(); });
    this.child.stderr.on('data', (d) => { this.err += d; });
    this.child.on('close', (code) => {
      this.closed = true;
      if (this.waiting) this.waiting.reject(new Error(`SQL failed (${this.waiting.sql.slice(0, 200)}): exit ${code}: ${this.err}`));
    });
  }

  check() {
    const w = this.waiting;
    if (!w) return;
    const at = this.out.search(w.pattern);
    if (at < 0) return;
    const text = this.out.slice(0, at);
    this.out = '';
    this.waiting = null;
    w.resolve(text.replace(/\n$/, '').split(ROW).map((l) => l.replace(/^\n/, '')).filter((l) => l.length).map((l) => l.split(SEP)));
  }

  rows(sql) {
    const run = () => new Promise((resolve, reject) => {
      if (this.closed) { reject(new Error(`SQL session closed: ${this.err}`)); return; }
      const marker = `end-${randomBytes(6).toString('hex')}`;
      // The marker row, quoted or not, then the record separator or a newline.
      this.waiting = { sql, resolve, reject, pattern: new RegExp(`(^|${ROW}|\\n)'?${marker}'?(${ROW}|\\n)`) };
      this.child.stdin.write(`${sql.trim().replace(/;$/, '')};\nSELECT '${marker}';\n`);
    });
    const result = this.queue.then(run);
    this.queue = result.catch(() => {});
    return result;
  }

  close() {
    if (!this.closed) this.child.stdin.end();
  }
}
