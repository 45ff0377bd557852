// Benchmarks for pulsa-doctor: start-up against bare Node, and saving a case into large stores.
// Targets (issue #2): `pulsa --version` within 1.3x of `node -e 0`; one save under 100 ms at 100k cases.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newCase } from '../dist/domain/cases.js';
import { CaseStore } from '../dist/store/case-store.js';
import { writeTransactions } from './transactions.mjs';

const BIN = fileURLToPath(new URL('../bin/pulsa.mjs', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const batchSizes = (process.env.BENCH_BATCH_ROWS ?? '100000,1000000').split(',').map(Number);
const PARSE_ONLY = fileURLToPath(new URL('./parse-only.mjs', import.meta.url));
// Reports the child's peak RSS on exit, for commands whose code cannot be changed to print it.
const RSS_HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS "+process.resourceUsage().maxRSS+"\\n"))';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const RSS_HOOK_ARG = '--import';

/** Runs node with `args` once (after one warm-up run), returning wall time and the peak RSS the child reported. */
function timed(args, rssFromStdout = false, okCodes = [0]) {
  let last;
  for (let i = 0; i < 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', rssFromStdout ? 'pipe' : 'ignore', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status)) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const kb = rssFromStdout ? JSON.parse(result.stdout).maxRssKb : Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1]);
    last = { ms: elapsed, rssMb: Math.round(kb / 1024) };
  }
  return last;
}

// Commands are timed round-robin so drift on a shared VM hits each of them alike.
function timeSpawns(commands) {
  const times = commands.map(() => []);
  for (let round = 0; round < runs + 3; round++) {
    commands.forEach((args, i) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
      if (round >= 3) times[i].push(elapsed); // the first rounds warm the file cache
    });
  }
  return times.map(median);
}

const rows = [];

const [bare, version, help] = timeSpawns([['-e', '0'], [BIN, '--version'], [BIN, 'diagnose', '--help']]);
rows.push(['start-up: node -e 0', ms(bare), '']);
rows.push(['start-up: pulsa --version', ms(version), `${(version / bare).toFixed(2)}x bare node (target <= 1.3x)`]);
rows.push(['start-up: pulsa diagnose --help', ms(help), `${(help / bare).toFixed(2)}x bare node`]);

const result = {
  checklist: 'pulsa-tidak-masuk', lang: 'id', operator: 'telkomsel', cause: 'operator-debt', advice: ['check-subscription'],
  answers: { number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '0412345678901234', time: '2026-11-25T03:15:00.000Z', claimedNumber: '081234567890', claimedNominal: '50000', debt: 'yes', mobileData: 'no', subscription: 'unknown' },
  findings: [{ code: 'operator-debt', step: 'debt', details: {} }],
  // Real guidance is about 1 KB per case; the benchmark stores text of the same size.
  guidance: { customer: 'x'.repeat(800), shop: 'y'.repeat(300) },
};

// Generated history: one case every `minutes` minutes going back from the end of today, written as the
// store's day files, so today's file (the one a save rewrites) is as full as any other day.
function seedStore(path, count, minutes) {
  const days = new Map();
  const end = new Date();
  end.setHours(23, 59, 0, 0);
  for (let i = count; i > 0; i--) {
    const at = new Date(end.getTime() - i * minutes * 60_000);
    const day = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
    const file = days.get(day) ?? { schemaVersion: 1, day, lastSequence: 0, cases: [] };
    file.lastSequence += 1;
    file.cases.push(newCase(`KP-${day}-${String(file.lastSequence).padStart(4, '0')}`, at, 'open', result));
    days.set(day, file);
  }
  const casesDir = path.replace(/\.json$/, '.cases');
  mkdirSync(casesDir, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const [day, file] of days) {
    const text = JSON.stringify(file);
    bytes += text.length;
    writeFileSync(join(casesDir, `${day}.json`), text, { mode: 0o600 });
  }
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, layout: 'daily', createdAt: new Date().toISOString() }), { mode: 0o600 });
  return { days: days.size, mb: bytes / 1e6 };
}

const dir = mkdtempSync(join(tmpdir(), 'pulsa-bench-'));
try {
  // A busy counter: a complaint every 10 minutes around the clock (144 a day); 100k cases is about two years.
  for (const size of sizes) {
    const path = join(dir, `store-${size}.json`);
    const { days, mb } = seedStore(path, size, 10);
    const times = [];
    for (let i = 0; i < 5; i++) {
      const store = new CaseStore(path); // a fresh process's view: nothing cached
      const start = process.hrtime.bigint();
      await store.createCase((ref, now) => newCase(ref, now, 'open', result));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push([`save one case into ${size.toLocaleString('en')} cases (${mb.toFixed(0)} MB over ${days} days), in-process`, ms(median(times)), 'target < 100 ms']);
    const cliTimes = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [BIN, 'diagnose', '-a', 'examples/pulsa-operator-debt.json', '--json', '--store', path], { stdio: 'ignore' });
      if (run.status !== 0) throw new Error(`diagnose exited ${run.status}`);
      cliTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    rows.push([`pulsa diagnose --answers into ${size.toLocaleString('en')} cases, whole command`, ms(median(cliTimes)), '']);
    const listStart = process.hrtime.bigint();
    const listed = await new CaseStore(path).listCases();
    rows.push([`list all ${listed.length.toLocaleString('en')} cases, in-process`, ms(Number(process.hrtime.bigint() - listStart) / 1e6), 'reads every day file']);
    const weekStart = process.hrtime.bigint();
    const week = await new CaseStore(path).listCases({ since: new Date(Date.now() - 7 * 86_400_000) });
    rows.push([`list the last 7 days (${week.length.toLocaleString('en')} cases), in-process`, ms(Number(process.hrtime.bigint() - weekStart) / 1e6), 'reads 8 day files']);
  }
  // Worst case for the layout: everything on one day. A save costs what that day's file costs.
  const busy = join(dir, 'store-busy-day.json');
  const { mb } = seedStore(busy, 2_000, 0.4);
  const busyTimes = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    await new CaseStore(busy).createCase((ref, now) => newCase(ref, now, 'open', result));
    busyTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  rows.push([`save one case into a day already holding 2,000 cases (${mb.toFixed(1)} MB)`, ms(median(busyTimes)), 'worst case: cost follows the size of one day']);

  // Export of 100k cases, streamed a day at a time.
  const exportStore = join(dir, 'store-export.json');
  seedStore(exportStore, 100_000, 10);
  for (const format of ['csv', 'json']) {
    const run = timed([RSS_HOOK_ARG, RSS_HOOK, BIN, 'export', '--format', format, '--store', exportStore]);
    rows.push([`export 100,000 cases as ${format}`, ms(run.ms), `peak RSS ${run.rssMb} MB`]);
  }

  for (const count of batchSizes) {
    const file = join(dir, `transactions-${count}.csv`);
    await writeTransactions(file, count);
    const csvOnly = timed([PARSE_ONLY, file, 'csv'], true);
    const rowsOnly = timed([PARSE_ONLY, file, 'rows'], true);
    const batch = timed([RSS_HOOK_ARG, RSS_HOOK, BIN, 'batch', file, '--json', '--now', '2026-11-03 12:00'], false, [0, 1]);
    const perSecond = (run) => `${Math.round(count / (run.ms / 1000)).toLocaleString('en')} rows/s`;
    const label = count.toLocaleString('en');
    rows.push([`batch parse only (CSV), ${label} rows`, ms(csvOnly.ms), `${perSecond(csvOnly)}, peak RSS ${csvOnly.rssMb} MB`]);
    rows.push([`batch parse only (CSV + rows read), ${label} rows`, ms(rowsOnly.ms), `${perSecond(rowsOnly)}, peak RSS ${rowsOnly.rssMb} MB`]);
    rows.push([
      `pulsa batch --json, ${label} rows`,
      ms(batch.ms),
      `${perSecond(batch)}, peak RSS ${batch.rssMb} MB (target < 150 MB at 1M); ${(batch.ms / rowsOnly.ms).toFixed(2)}x rows-read, ${(batch.ms / csvOnly.ms).toFixed(2)}x CSV-only (target <= 2x)`,
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${runs} runs for start-up (median)\n`);
console.log('| benchmark | median | note |\n|---|---|---|');
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`);
