// A node:test reporter that writes, once the run ends, the time each test file took: the sum of its top-level
// tests' durations (a file's before() hook is counted in its first test's), longest first. scripts/test passes
// it beside the TAP reporter (--test-reporter=./tests/file-times.mjs --test-reporter-destination=FILE) and
// prints the head of the list: where the test run's minutes go, for whoever makes it shorter.
export default async function* fileTimes(source) {
  const totals = new Map();  // file → { ms, tests }
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.nesting !== 0 || !data.file || data.details?.type === 'suite') continue;
    const entry = totals.get(data.file) ?? { ms: 0, tests: 0 };
    entry.ms += data.details?.duration_ms ?? 0;
    entry.tests += 1;
    totals.set(data.file, entry);
  }
  const cwd = `${process.cwd()}/`;
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  for (const [file, { ms, tests }] of rows) {
    const name = file.startsWith(cwd) ? file.slice(cwd.length) : file;
    yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${String(tests).padStart(3)} tests  ${name}\n`;
  }
}
